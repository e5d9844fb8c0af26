"""The recognition orchestrator on real pages with real Tesseract: order, per-file errors, boxes, drafts.

One module-wide run reads two sample certificates mixed with lying files, with two
workers; the batch tests store what is read in a fresh workspace.
"""

from __future__ import annotations

import json
import shutil
import struct
import zlib

import pytest

from inspector.domain import DocumentType, FieldValue
from inspector.importing import (
    book_year,
    checked_against_book,
    import_and_recognize,
    import_files,
    page_was_read,
    recognize_unread_pages,
    same_book,
)
from inspector.recognition import draft_record, recognize_files
from inspector.record_fields import field_keys
from inspector.resources import resource_path
from storage.workspace import WorkspaceStore

BIRTH = resource_path("samples", "khai-sinh-giay-clean.jpg")
DEATH = resource_path("samples", "khai-tu-trich-luc-scan.jpg")


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def wide_png_header(width: int = 50_000, height: int = 100) -> bytes:
    """Only the header of a 50,000-pixel-wide PNG: refused before any pixel is decoded."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IEND", b"")


def bad_files(folder) -> dict[str, str]:
    """Lying inputs by name, each with words its Vietnamese reason must hold."""
    folder.mkdir(exist_ok=True)
    (folder / "not-a.pdf").write_text("Đây là thư, không phải PDF", encoding="utf-8")
    truncated = resource_path("samples", "khai-sinh-giay-clean.jpg").read_bytes()
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.open(io.BytesIO(truncated)).convert("L").resize((400, 560)).save(buffer, format="PNG")
    (folder / "truncated.png").write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    (folder / "wide.png").write_bytes(wide_png_header())
    (folder / "empty.jpg").write_bytes(b"")
    return {"not-a.pdf": "không phải là ảnh", "truncated.png": "hỏng", "wide.png": "quá lớn", "empty.jpg": "rỗng"}


def inside(box, width: int, height: int) -> bool:
    """Whether ``[x, y, w, h]`` lies within a ``width`` × ``height`` page."""
    x, y, w, h = box
    return min(x, y) >= 0 and x + w <= width and y + h <= height


def truth(image) -> dict:
    return json.loads(image.with_suffix(".json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    reasons = bad_files(folder / "bad")
    inputs = [str(BIRTH), str(folder / "bad" / "not-a.pdf"), str(DEATH), str(folder / "bad" / "truncated.png"),
              str(folder / "bad" / "wide.png"), str(folder / "bad" / "empty.jpg")]
    return inputs, reasons, list(recognize_files(inputs, jobs=2))


def test_one_result_per_input_in_input_order_with_bad_files_in_place(mixed_run):
    inputs, reasons, results = mixed_run
    assert [r.source for r in results] == inputs
    good = [r for r in results if r.ok]
    assert [r.source for r in good] == [str(BIRTH), str(DEATH)]
    assert [r.document_type for r in good] == [truth(BIRTH)["document_type"], truth(DEATH)["document_type"]]
    for result in results[1:2] + results[3:]:
        assert result.error is not None and result.error.kind == "input"
        name = result.source.rsplit("/", 1)[-1]
        assert name in result.error.message_vi and reasons[name] in result.error.message_vi


def test_every_box_lies_inside_the_original_page(mixed_run):
    for result in (r for r in mixed_run[2] if r.ok):
        assert result.records, f"no record read on {result.source}"
        for record in result.records:
            assert inside(record.region, result.width, result.height)
            for f in record.fields:
                if f.bbox is not None:
                    assert f.bbox[2] > 0 and f.bbox[3] > 0, f.key
                    assert inside(f.bbox, result.width, result.height), f.key


def test_records_hold_every_key_of_their_type_in_form_order(mixed_run):
    for result in (r for r in mixed_run[2] if r.ok):
        for record in result.records:
            assert tuple(f.key for f in record.fields) == field_keys(result.document_type)
            for f in record.fields:
                assert 0.0 <= f.confidence <= 1.0
                if f.needs_review:
                    assert f.reasons, f"{f.key} is flagged without a reason"


def test_draft_record_keeps_flags_boxes_reasons_and_page(mixed_run):
    result = next(r for r in mixed_run[2] if r.ok)
    record = result.records[0]
    draft = draft_record(result, record, page_id="page-1")
    assert draft.document_type == DocumentType(result.document_type)
    assert draft.page_ids == ("page-1",) and draft.region == record.region
    for f in record.fields:
        value = draft.fields[f.key]
        assert (value.value, value.needs_review, value.bbox, value.reasons, value.page_id) == \
            (f.value, f.needs_review, f.bbox, f.reasons, "page-1")
    assert {i.code for i in draft.issues} >= {i.code for i in record.issues}


def test_field_value_json_stays_compatible_with_stored_rows():
    old_row = {"value": "Nam", "confidence": 0.9, "needs_review": False, "bbox": [1, 2, 3, 4], "page_id": "p"}
    value = FieldValue.from_json(old_row)
    assert value.reasons == () and value.raw == ""
    assert value.to_json() == old_row  # a value without the new fields is written as before
    new = FieldValue("Nam", 0.5, True, (1, 2, 3, 4), "p", ("low_confidence",), "Narn")
    assert FieldValue.from_json(new.to_json()) == new


@pytest.fixture
def store(tmp_path):
    with WorkspaceStore.create(tmp_path / "ws", commune="Xã Thử", actor="test") as opened:
        yield opened


def test_batch_stores_draft_records_with_boxes_and_resumes_without_duplicates(store, tmp_path):
    book = store.add_book(DocumentType.BIRTH, "01/2024", actor="test")
    (tmp_path / "empty.jpg").write_bytes(b"")
    read = []
    summary = import_and_recognize(store, book, [BIRTH, tmp_path / "empty.jpg"], actor="test", jobs=2,
                                   on_read=lambda result, records: read.append((result, records)))
    assert [p.path for p in summary.problems] == [str(tmp_path / "empty.jpg")]
    assert len(summary.stored) == 1 and summary.pages_read == 1
    page = summary.stored[0]
    records = store.records(book.id)
    assert records and [r.id for r in records] == [r.id for r in summary.records]
    result = read[0][0]
    assert result.tag == page.id
    for record, recognized in zip(records, result.records, strict=True):
        assert record.page_ids == (page.id,) and record.status.value == "draft"
        assert record.flagged_fields == recognized.flagged
        assert summary.flagged_fields == sum(len(r.flagged_fields) for r in records)
        for key, value in record.fields.items():
            assert value.page_id == page.id
            if value.bbox is not None:
                assert inside(value.bbox, page.width, page.height), key
    assert page_was_read(store, page.id)

    again = import_and_recognize(store, book, [BIRTH], actor="test", jobs=1)
    assert len(again.already_present) == 1 and again.pages_read == 0
    assert len(store.records(book.id)) == len(records)


@pytest.mark.parametrize("read, number, year, same", [
    ("01/2024", "01/2024", 2024, True), ("1/2024", "01/2024", 2024, True), ("01", "01/2024", 2024, True),
    ("01/2024", "01", 2024, True), ("01/2024", "01", None, True), ("07/2024", "01/2024", 2024, False),
    ("01/2023", "01/2024", 2024, False), ("", "01/2024", 2024, None), ("0l/2O24", "01/2024", 2024, None),
])
def test_a_book_number_read_on_a_page_is_compared_with_the_book_by_number_and_year(store, read, number, year, same):
    book = store.add_book(DocumentType.DEATH, number, year=year, actor="test")
    assert same_book(read, book) is same


def test_a_new_book_takes_its_year_from_its_number_when_it_names_one():
    # (what `inspector batch --book 02/2004` and the demo give a book they create)
    assert [book_year(number) for number in ("02/2004", "1/1991", "01", "Quyển bổ sung")] == [2004, 1991, None, None]


def _book_field(value: str) -> dict[str, FieldValue]:
    return {"book_number": FieldValue(value, 0.3, True, None, None, ("second_look_disagrees", "low_confidence"),
                                      value)}


def test_a_book_number_the_book_confirms_needs_no_check_and_one_it_contradicts_on_a_register_page_says_so(store):
    book = store.add_book(DocumentType.DEATH, "02/2019", year=2019, actor="test")
    fields, issues = checked_against_book(_book_field("02/2019"), book, "register")
    assert not fields["book_number"].needs_review and issues == ()
    assert "confirmed_by_book" in fields["book_number"].reasons
    assert "second_look_disagrees" not in fields["book_number"].reasons
    fields, issues = checked_against_book(_book_field("07/2019"), book, "register")
    assert fields["book_number"].needs_review and fields["book_number"].value == "07/2019"
    assert "book_differs" in fields["book_number"].reasons  # (the words the officer reads beside it)
    assert [issue.code for issue in issues] == ["book_number_differs_from_book"]
    assert "07/2019" in issues[0].message and "02/2019" in issues[0].message
    # Nothing read on a register page: the book's number is offered, for the officer to confirm.
    fields, issues = checked_against_book(_book_field(""), book, "register")
    assert fields["book_number"].value == "02/2019" and fields["book_number"].needs_review
    assert "taken_from_book" in fields["book_number"].reasons
    # A certificate names the book its event was registered in, which may be another one.
    fields, issues = checked_against_book(_book_field("07/2019"), book, "certificate")
    assert fields == _book_field("07/2019") and issues == ()
    # A book the officer named in words gives nothing to compare: the page's reading stands as it was.
    named = store.add_book(DocumentType.DEATH, "Quyển bổ sung", year=2019, actor="test")
    for read in ("07/2019", ""):
        assert checked_against_book(_book_field(read), named, "register") == (_book_field(read), ())


def test_register_pages_imported_into_their_book_or_into_another_one(store):
    # The sample register page prints "Quyển số: 02/2004" over two entries.
    page = resource_path("samples", "khai-tu-so-clean.jpg")
    right = store.add_book(DocumentType.DEATH, "02/2004", year=2004, actor="test")
    import_and_recognize(store, right, [page], actor="test", jobs=1)
    records = store.records(right.id)
    assert len(records) == 2
    for record in records:
        assert record.value("book_number") == "02/2004"
        assert not record.fields["book_number"].needs_review
        assert "book_number_differs_from_book" not in [issue.code for issue in record.issues]
    wrong = store.add_book(DocumentType.DEATH, "03/2004", year=2004, actor="test")
    summary = import_and_recognize(store, wrong, [page], actor="test", jobs=1)
    records = store.records(wrong.id)
    assert len(records) == 2
    for record in records:
        assert record.fields["book_number"].needs_review
        assert "book_number_differs_from_book" in [issue.code for issue in record.issues]
    assert summary.flagged_fields == sum(len(record.flagged_fields) for record in records)


def test_pages_stored_but_never_read_are_read_later(store, tmp_path):
    book = store.add_book(DocumentType.DEATH, "02/2024", actor="test")
    copy = tmp_path / "death.jpg"
    shutil.copy(DEATH, copy)
    imported = import_files(store, book, [copy], actor="test")  # as a batch killed before reading
    page = imported.stored[0]
    assert not page_was_read(store, page.id) and store.records(book.id) == []
    summary = recognize_unread_pages(store, book, actor="test", jobs=1)
    assert summary.pages_read == 1 and page_was_read(store, page.id)
    records = store.records(book.id)
    assert records and all(r.document_type == DocumentType.DEATH for r in records)
    assert recognize_unread_pages(store, book, actor="test", jobs=1).pages_read == 0


def test_the_demo_files_register_pages_in_the_book_they_print_and_certificates_in_its_own():
    # (Filed otherwise, every register page's book number would be flagged as another book's.)
    from inspector import demo

    deaths = demo.sample_files()[DocumentType.DEATH]
    books = demo.books_of(deaths)
    assert books["02/2004"] == [resource_path("samples", "khai-tu-so-clean.jpg")]
    assert books["02/2019"] == [resource_path("samples", "khai-tu-so-phone.jpg")]
    assert books[demo.DEMO_BOOK] == [DEATH]


def test_demo_workspace_holds_recognised_records_and_says_so(tmp_path, capsys, monkeypatch):
    from inspector import demo

    # Two of the samples keep the test short; the demo reads all of them the same way.
    monkeypatch.setattr(demo, "sample_files", lambda: {DocumentType.BIRTH: [BIRTH], DocumentType.DEATH: [DEATH]})
    with demo.build_demo_workspace(tmp_path / "demo", actor="test", jobs=2) as workspace:
        books = workspace.books()
        assert {b.document_type for b in books} == {DocumentType.BIRTH, DocumentType.DEATH}
        for book in books:
            records = workspace.records(book.id)
            assert records and all(r.document_type == book.document_type for r in records)
            assert all(page_was_read(workspace, page.id) for page in workspace.pages(book.id))
        demo.print_summary(workspace)
        total = len(workspace.records())
    out = capsys.readouterr().out
    assert f"Tổng cộng: {total} bản ghi nháp" in out
    assert out.count("    Trang ") == 2 and out.count("Bản ghi ") == total
