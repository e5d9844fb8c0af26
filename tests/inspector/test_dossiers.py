"""``inspector dossier``: a scanned bundle split into documents end to end, and separator sheets printed.

The end-to-end test runs the real command on a multi-page TIFF made of sample pages,
separator sheets, a blank page, a copy of a (synthetic) ID card and a page of no
known form, and checks what an officer relies on: every page accounted for, each
document typed, the ID number masked, the card cross-checked with the birth record.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
import segno
from PIL import Image, ImageDraw, ImageFont

from inspector.dossiers import DossierPage, page_ranges, split_json, split_lines, split_pages
from inspector.resources import resource_path
from ocr.dossier import PageSignal, read_separator
from ocr.qr import SeparatorInfo, parse_id_card_qr
from tests.conftest import run_cli

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
# A synthetic card for the child of khai-sinh-giay-clean (NGUYỄN HƯƠNG DIỆU LINH, born 08/05/2004):
# right name, a birth date one day off, an invented number.
CHILD_CARD = "052304001234||Nguyễn Hương Diệu Linh|09052004|Nữ|Phường Hoài Đức, Tỉnh Bình Định|01022021"


def _card_copy() -> Image.Image:
    page = Image.new("L", (2480, 3508), 248)
    draw = ImageDraw.Draw(page)
    draw.rectangle((300, 300, 1500, 1060), outline=0, width=4)
    draw.text((340, 340), "CĂN CƯỚC CÔNG DÂN", fill=0, font=ImageFont.truetype(FONT, 44))
    buffer = io.BytesIO()
    segno.make(CHILD_CARD, error="m", encoding="utf-8").save(buffer, kind="png", scale=5, border=4)
    page.paste(Image.open(buffer).convert("L"), (1150, 420))
    return page


def _note_page() -> Image.Image:
    page = Image.new("L", (2480, 3508), 245)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 44)
    for index, line in enumerate(["TỜ KHAI ĐĂNG KÝ KHAI SINH", "Kính gửi: Ủy ban nhân dân phường Hoài Đức"]):
        draw.text((300, 400 + index * 90), line, fill=20, font=font)
    return page


def _blank_scan() -> Image.Image:
    rng = np.random.default_rng(11)
    paper = np.clip(234 + rng.normal(0, 8, (3508, 2480)), 0, 255)
    paper[:, :100] *= np.linspace(0.35, 1, 100)[None, :]  # the shadow of the binding
    return Image.fromarray(paper.astype(np.uint8))


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """Seven pages: sheet HS-01, birth certificate, ID card copy, blank, unknown form, sheet HS-02, marriage."""
    from ocr.qr import render_separator_sheet

    samples = resource_path("samples")
    pages = [render_separator_sheet("HS-01"), Image.open(samples / "khai-sinh-giay-clean.jpg"), _card_copy(),
             _blank_scan(), _note_page(), render_separator_sheet("HS-02"),
             Image.open(samples / "ket-hon-giay-scan.jpg")]
    pages = [page.convert("L") for page in pages]
    path = tmp_path_factory.mktemp("dossier") / "bundle.tif"
    pages[0].save(path, save_all=True, append_images=pages[1:], compression="tiff_lzw", dpi=(300, 300))
    return path


def test_split_a_scanned_bundle_end_to_end(bundle: Path) -> None:
    result = run_cli("dossier", "split", str(bundle), "--json", "--jobs", "2", timeout=240)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["pages"] == 7
    summary = [(doc["kind"], [p["page"] for p in doc["pages"]], doc["started_by"], doc["dossier"])
               for doc in data["documents"]]
    assert summary == [("birth_certificate", [2], "separator", "HS-01"), ("id_card", [3], "id_card", "HS-01"),
                       ("attachment", [5], "blank", "HS-01"), ("marriage_certificate", [7], "separator", "HS-02")]
    assert [p["page"] for p in data["blank_pages"]] == [4]
    assert [(p["page"], p["label"]) for p in data["separators"]] == [(1, "HS-01"), (6, "HS-02")]
    card = data["documents"][1]
    assert card["id_card"]["personal_id"] == "*********234"
    assert "052304001234" not in result.stdout and "052304001234" not in result.stderr
    assert card["id_card"]["full_name"] == "NGUYỄN HƯƠNG DIỆU LINH"
    # The card belongs to the child of the birth certificate; its birth date is a day off.
    checks = card["cross_checks"]
    assert [check["document"] for check in checks] == [0]
    codes = {m["code"] for m in checks[0]["mismatches"]}
    assert "date_of_birth" in codes and {m["role"] for m in checks[0]["mismatches"]} == {"child"}
    attachment = data["documents"][2]
    assert "KHAI" in attachment["text"].upper() and attachment["errors"] == []


def test_split_prints_lines_and_shows_numbers_only_when_asked(bundle: Path, tmp_path: Path) -> None:
    two = tmp_path / "two.tif"
    with Image.open(bundle) as image:  # the sheet and the card copy: no OCR needed, quick
        frames = []
        for index in (0, 2):
            image.seek(index)
            frames.append(image.copy())
    frames[0].save(two, save_all=True, append_images=frames[1:], compression="tiff_lzw")
    result = run_cli("dossier", "split", str(two), "--show-personal-data", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert "Hồ sơ «HS-01»" in result.stdout
    assert "Bản sao thẻ căn cước" in result.stdout and "052304001234" in result.stdout
    assert "Tờ phân cách: " in result.stdout and f"{two}#1" in result.stdout
    assert "Traceback" not in result.stderr


def test_unreadable_file_is_kept_and_exit_3(tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    result = run_cli("dossier", "split", str(broken), "--json", "--jobs", "1")
    assert result.returncode == 3
    data = json.loads(result.stdout)
    assert [doc["kind"] for doc in data["documents"]] == ["attachment"]
    assert data["documents"][0]["errors"] and "Lỗi:" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("suffix", ["pdf", "png"])
def test_separator_command_writes_a_sheet_that_reads_back(tmp_path: Path, suffix: str) -> None:
    from ocr.acquire import decode_page_image, read_source

    out = tmp_path / f"sheet.{suffix}"
    result = run_cli("dossier", "separator", "--label", "Hồ sơ 2024/015", "--out", str(out))
    assert result.returncode == 0, result.stderr
    (page,) = list(read_source(out))
    assert read_separator(decode_page_image(page.data)) == SeparatorInfo(
        "Hồ sơ 2024/015", 1, "SOHOTICH-SEP:v1:Hồ sơ 2024/015")


def test_separator_command_refuses_a_bad_output_name(tmp_path: Path) -> None:
    result = run_cli("dossier", "separator", "--label", "x", "--out", str(tmp_path / "sheet.doc"))
    assert result.returncode == 3 and "Lỗi:" in result.stderr and not (tmp_path / "sheet.doc").exists()


def test_dossier_without_subcommand_is_a_usage_error() -> None:
    assert run_cli("dossier").returncode == 2


# ------------------------------------------------------------------ pure parts

def test_page_ranges_group_consecutive_pages_per_file() -> None:
    pages = [PageSignal("a.tif", n) for n in (1, 2, 3, 5)] + [PageSignal("b.pdf", 1)]
    assert page_ranges(pages) == "a.tif#1–3, a.tif#5, b.pdf#1"


def test_cards_are_checked_only_within_their_dossier_and_masked() -> None:
    card = parse_id_card_qr(CHILD_CARD)
    sep1 = SeparatorInfo("A", 1, "SOHOTICH-SEP:v1:A")
    sep2 = SeparatorInfo("B", 1, "SOHOTICH-SEP:v1:B")
    birth = (("full_name", "NGUYỄN HƯƠNG DIỆU LINH"), ("date_of_birth", "2004-05-08"), ("sex", "Nữ"),
             ("mother_full_name", "NGUYỄN THỊ HUYỀN"))
    pages = [DossierPage(PageSignal("x", 1, separator=sep1)),
             DossierPage(PageSignal("x", 2, document_type="birth", layout="certificate"), (birth,)),
             DossierPage(PageSignal("x", 3, id_card=card, qr_texts=(CHILD_CARD,))),
             DossierPage(PageSignal("x", 4, separator=sep2)),
             DossierPage(PageSignal("x", 5, document_type="birth", layout="certificate"), (birth,))]
    split = split_pages(pages)
    assert [(c.card_document, c.record_document) for c in split.checks] == [(1, 0)]
    assert [m.code for m in split.checks[0].mismatches] == ["date_of_birth"]
    text = json.dumps(split_json(split), ensure_ascii=False) + "\n".join(split_lines(split))
    assert "052304001234" not in text and "*********234" in text
    shown = json.dumps(split_json(split, show_personal_data=True), ensure_ascii=False)
    assert "052304001234" in shown
