"""A book's records leave the workspace in formats other tools open, keyed per fields.md."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
import zipfile

import pytest
from openpyxl import load_workbook

from inspector.domain import FieldValue
from inspector.exports import export_book
from inspector.record_fields import field_keys
from storage.workspace import WorkspaceStore
from tests.conftest import render_text_page, run_cli


@pytest.fixture
def book_workspace(tmp_path):
    root = tmp_path / "ws"
    with WorkspaceStore.create(root, commune="Xã Quỳnh Hưng") as store:
        book = store.add_book("birth", "01/2020", year=2020)
        for number, name, born in [("2", "TRẦN THỊ MAI", "2020-03-01"), ("1", "NGUYỄN VĂN ĐỨC", "2020-01-26")]:
            page = store.add_page(book.id, render_text_page([name], seed=int(number)), media_type="image/png",
                                  width=1240, height=1754, source_name=f"{number}.png").page
            store.add_record(book.id, "birth", {"registration_number": FieldValue(number),
                                                "full_name": FieldValue(name),
                                                "date_of_birth": FieldValue(born)}, page_ids=[page.id])
    return root


def test_csv_has_every_key_in_registration_order_and_opens_as_utf8(book_workspace, tmp_path):
    out = tmp_path / "book.csv"
    result = run_cli("export", "--workspace", str(book_workspace), "--book", "01/2020", "--format", "csv",
                     "--out", str(out))
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [r["full_name"] for r in rows] == ["NGUYỄN VĂN ĐỨC", "TRẦN THỊ MAI"]
    assert set(field_keys("birth")) <= set(rows[0])
    assert rows[0]["date_of_birth"] == "2020-01-26"


def test_json_and_xml_carry_the_same_records(book_workspace, tmp_path):
    with WorkspaceStore.open(book_workspace) as store:
        book = store.find_book("01/2020")
        assert export_book(store, book, "json", tmp_path / "b.json", actor="a") == 2
        assert export_book(store, book, "xml", tmp_path / "b.xml", actor="a") == 2
        assert [e.action for e in store.audit_entries(book.id)][-2:] == ["export", "export"]
    document = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert document["book"]["number"] == "01/2020"
    assert list(document["records"][0]["fields"]) == list(field_keys("birth"))
    root = ET.parse(tmp_path / "b.xml").getroot()
    names = [r.find("field[@key='full_name']").text for r in root.findall("record")]
    assert names == ["NGUYỄN VĂN ĐỨC", "TRẦN THỊ MAI"]


def test_moj_package_has_a_pdf_per_record_and_a_row_per_record(book_workspace, tmp_path):
    out = tmp_path / "moj.zip"
    with WorkspaceStore.open(book_workspace) as store:
        export_book(store, store.find_book("01/2020"), "moj", out, actor="a")
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        pdfs = sorted(n for n in names if n.endswith(".pdf"))
        assert pdfs == ["pdf/birth-01-2020_1.pdf", "pdf/birth-01-2020_2.pdf"]
        assert all(archive.read(n).startswith(b"%PDF") for n in pdfs)
        assert all(not n.startswith(("/", "..")) for n in names)
        [sheet_name] = [n for n in names if n.endswith(".xlsx")]
        archive.extract(sheet_name, tmp_path)
    sheet = load_workbook(tmp_path / sheet_name).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("STT", "Số đăng ký", "Quyển số")
    assert rows[1][1] == "1" and rows[1][5] == "NGUYỄN VĂN ĐỨC" and rows[1][6] == "26/01/2020"
    assert rows[1][-1] == "pdf/birth-01-2020_1.pdf"
    assert len(rows) == 3


def test_unknown_book_is_a_usage_error(book_workspace, tmp_path):
    result = run_cli("export", "--workspace", str(book_workspace), "--book", "09/1999", "--format", "csv",
                     "--out", str(tmp_path / "x.csv"))
    assert result.returncode == 2 and "Không có quyển sổ" in result.stderr


# ------------------------------------------------------------------ PDF/A of a book's pages

_SAMPLES = ("khai-sinh-giay-clean", "khai-tu-so-clean")  # a portrait certificate, a landscape register


@pytest.fixture
def pages_workspace(tmp_path):
    from PIL import Image

    from inspector.resources import resource_path

    root = tmp_path / "ws-pages"
    with WorkspaceStore.create(root, commune="Xã Quỳnh Hưng") as store:
        book = store.add_book("birth", "01/2024", year=2024)
        for name in _SAMPLES:
            path = resource_path("samples", f"{name}.jpg")
            width, height = Image.open(path).size
            store.add_page(book.id, path.read_bytes(), media_type="image/jpeg", width=width, height=height,
                           source_name=path.name)
    return root


def _pdftotext(pdf, page: int) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_pdfa_holds_each_page_image_in_order_with_a_searchable_vietnamese_text_layer(pages_workspace, tmp_path):
    import unicodedata

    import pikepdf
    import pikepdf.pdfa

    out = tmp_path / "so.pdf"
    result = run_cli("export", "--workspace", str(pages_workspace), "--book", "01/2024", "--format", "pdfa",
                     "--out", str(out), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert "Đã xuất 2 trang" in result.stderr

    with WorkspaceStore.open(pages_workspace) as store:
        pages = store.pages(store.find_book("01/2024").id)
        stored = [store.page_image(page) for page in pages]
        assert store.audit_entries(pages[0].book_id)[-1].action == "export"
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == len(pages)
        for pdf_page, page, blob in zip(pdf.pages, pages, stored, strict=True):
            # No file dpi: the long side is taken as A4's (297 mm), as recognition assumes.
            dpi = round(max(page.width, page.height) / (297 / 25.4))
            box = [float(v) for v in pdf_page.mediabox]
            assert box[2] == pytest.approx(page.width * 72 / dpi, abs=0.5)
            assert box[3] == pytest.approx(page.height * 72 / dpi, abs=0.5)
            [image] = pdf_page.get_images().values()  # also inside the overlay's form XObjects
            assert image.read_raw_bytes() == blob  # the stored JPEG, not re-encoded
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert meta["dc:title"] == "Sổ đăng ký khai sinh – quyển 01/2024"
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and len(intent.DestOutputProfile.read_bytes()) > 0
    assert pikepdf.pdfa.validate_written(out, "2b").passed

    first, second = _pdftotext(out, 1), _pdftotext(out, 2)
    assert unicodedata.is_normalized("NFC", first) and unicodedata.is_normalized("NFC", second)
    assert "GIẤY KHAI SINH" in first and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "HƯƠNG" in first and "DIỆU" in first  # the child's name on the sample certificate
    assert "KHAI TỬ" in second and "GIẤY KHAI SINH" not in second


def test_pdfa_of_a_book_with_a_missing_page_image_fails_clearly_and_leaves_no_file(pages_workspace, tmp_path):
    with WorkspaceStore.open(pages_workspace) as store:
        second = store.pages(store.find_book("01/2024").id)[1]
        store.blobs.path_of(second.image_sha256).unlink()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = run_cli("export", "--workspace", str(pages_workspace), "--book", "01/2024", "--format", "pdfa",
                     "--out", str(out_dir / "so.pdf"))
    assert result.returncode != 0
    assert "Thiếu ảnh của trang 2 trong quyển 01/2024" in result.stderr
    assert list(out_dir.iterdir()) == []  # neither the PDF nor a temporary file
