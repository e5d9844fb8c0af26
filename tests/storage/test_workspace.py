"""The workspace keeps every revision, never loses a committed page, and proves its history."""

from __future__ import annotations

import sqlite3

import pytest

from inspector.domain import DocumentType, FieldValue, PageStatus, RecordStatus
from inspector.errors import RecordStateError, StorageError
from storage.workspace import DB_FILENAME, WorkspaceStore


def _head_revision() -> str:
    """The newest migration shipped (what a new or upgraded workspace must be at)."""
    from alembic.script import ScriptDirectory

    from storage.workspace import _alembic_config

    return ScriptDirectory.from_config(_alembic_config(None)).get_current_head()


@pytest.fixture
def store(tmp_path):
    with WorkspaceStore.create(tmp_path / "ws", commune="Xã Quỳnh Hưng", actor="officer") as ws:
        yield ws


def test_new_workspace_has_schema_and_passes_integrity_check(store):
    info = store.info()
    assert info.commune == "Xã Quỳnh Hưng"
    assert info.schema_revision == _head_revision()
    assert store.integrity_check() == "ok"
    with sqlite3.connect(store.root / DB_FILENAME) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_create_refuses_an_existing_or_non_empty_folder(tmp_path, store):
    with pytest.raises(StorageError):
        WorkspaceStore.create(store.root)
    other = tmp_path / "other"
    other.mkdir()
    (other / "thesis.docx").write_bytes(b"x")
    with pytest.raises(StorageError) as info:
        WorkspaceStore.create(other)
    assert "thư mục" in info.value.message_vi.lower()


def test_open_missing_workspace_says_so(tmp_path):
    with pytest.raises(StorageError) as info:
        WorkspaceStore.open(tmp_path / "nowhere")
    assert "inspector init" in info.value.message_en


def test_books_count_pages_and_records(store):
    book = store.add_book(DocumentType.MARRIAGE, "02/2021", year=2021, actor="officer")
    store.add_page(book.id, b"page-1", media_type="image/png", width=10, height=10, source_name="a.png")
    store.add_page(book.id, b"page-2", media_type="image/png", width=10, height=10, source_name="b.png")
    [listed] = store.books()
    assert (listed.number, listed.year, listed.page_count, listed.record_count) == ("02/2021", 2021, 2, 0)
    assert store.find_book("02/2021").id == book.id
    assert [p.order for p in store.pages(book.id)] == [1, 2]


def test_same_image_twice_in_a_book_is_not_duplicated(store):
    book = store.add_book("birth", "01/2020")
    first = store.add_page(book.id, b"same", media_type="image/png", width=1, height=1, source_name="a.png")
    again = store.add_page(book.id, b"same", media_type="image/png", width=1, height=1, source_name="a-copy.png")
    assert not first.already_present and again.already_present
    assert again.page.id == first.page.id
    assert len(store.pages(book.id)) == 1


def test_page_image_round_trips_and_tampering_is_detected(store):
    book = store.add_book("birth", "01/2020")
    imported = store.add_page(book.id, b"original bytes", media_type="image/png", width=1, height=1,
                              source_name="a.png")
    assert store.page_image(imported.page) == b"original bytes"
    store.blobs.path_of(imported.page.image_sha256).write_bytes(b"altered bytes")
    with pytest.raises(StorageError) as info:
        store.page_image(imported.page)
    assert "bị thay đổi" in info.value.message_vi


def test_correction_creates_revision_and_audit_entry_with_old_and_new(store):
    book = store.add_book("birth", "01/2020")
    record = store.add_record(book.id, "birth", {
        "full_name": FieldValue("NGUYEN VĂN ĐỨC", 0.61, True),
        "sex": FieldValue("Nam", 0.99),
    }, actor="ocr")
    corrected, changes = store.revise_record(
        record.id, actor="Cán bộ A", field_changes={"full_name": FieldValue("NGUYỄN VĂN ĐỨC", 1.0, False)})
    assert corrected.revision == 2
    assert corrected.value("full_name") == "NGUYỄN VĂN ĐỨC"
    assert changes.records == (record.id,)
    history = store.record_history(record.id)
    assert [r.value("full_name") for r in history] == ["NGUYEN VĂN ĐỨC", "NGUYỄN VĂN ĐỨC"]
    [entry] = [e for e in store.audit_entries(record.id) if e.action == "correct_record"]
    assert entry.actor == "Cán bộ A"
    assert entry.details["fields"]["full_name"] == {"old": "NGUYEN VĂN ĐỨC", "new": "NGUYỄN VĂN ĐỨC"}


def test_unchanged_revision_is_not_written(store):
    book = store.add_book("birth", "01/2020")
    record = store.add_record(book.id, "birth", {"sex": FieldValue("Nam")})
    same, changes = store.revise_record(record.id, actor="a", field_changes={"sex": FieldValue("Nam")})
    assert same.revision == 1 and changes.records == ()


def test_status_lifecycle_and_correction_after_verification_returns_to_draft(store):
    book = store.add_book("death", "01/2019")
    page = store.add_page(book.id, b"p", media_type="image/png", width=1, height=1, source_name="p.png").page
    record = store.add_record(book.id, "death", {"full_name": FieldValue("LÊ THỊ HOA")}, page_ids=[page.id])
    assert store.page(page.id).status is PageStatus.NEEDS_REVIEW
    with pytest.raises(RecordStateError):
        store.set_record_status(record.id, RecordStatus.SIGNED, actor="a")
    verified = store.set_record_status(record.id, RecordStatus.VERIFIED, actor="a")
    assert verified.status is RecordStatus.VERIFIED
    assert store.page(page.id).status is PageStatus.VERIFIED
    edited, _ = store.revise_record(record.id, actor="a", field_changes={"full_name": FieldValue("LÊ THỊ HOÀ")})
    assert edited.status is RecordStatus.DRAFT


def test_revisions_and_audit_are_append_only_in_the_database(store):
    book = store.add_book("birth", "01/2020")
    store.add_record(book.id, "birth", {"sex": FieldValue("Nữ")})
    with sqlite3.connect(store.root / DB_FILENAME) as conn:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("UPDATE record_revisions SET fields_json='{}'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("DELETE FROM audit_log")


def _tamper(store, sql):
    with sqlite3.connect(store.root / DB_FILENAME) as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.execute(sql)


def test_audit_chain_detects_an_edited_entry(store):
    book = store.add_book("birth", "01/2020")
    store.add_record(book.id, "birth", {"sex": FieldValue("Nữ")})
    assert store.verify_audit_chain() is None
    _tamper(store, "UPDATE audit_log SET actor='someone else' WHERE seq=2")
    problem = store.verify_audit_chain()
    assert (problem.seq, problem.reason) == (2, "edited")


def test_audit_chain_detects_a_deleted_entry(store):
    book = store.add_book("birth", "01/2020")
    store.add_record(book.id, "birth", {"sex": FieldValue("Nữ")})
    store.record_event("a", "export", "book", book.id)
    _tamper(store, "DELETE FROM audit_log WHERE seq=3")
    problem = store.verify_audit_chain()
    assert (problem.seq, problem.reason) == (3, "missing")


def test_reopen_keeps_everything(tmp_path):
    root = tmp_path / "ws"
    with WorkspaceStore.create(root) as ws:
        book = ws.add_book("birth", "01/2020")
        ws.add_record(book.id, "birth", {"full_name": FieldValue("TRẦN THỊ MAI")})
    with WorkspaceStore.open(root) as ws:
        [record] = ws.records()
        assert record.value("full_name") == "TRẦN THỊ MAI"
        assert ws.verify_audit_chain() is None


def test_search_ignores_diacritics_and_finds_dates_and_ids(store):
    book = store.add_book("birth", "01/2020")
    duc = store.add_record(book.id, "birth", {
        "full_name": FieldValue("NGUYỄN VĂN ĐỨC"), "date_of_birth": FieldValue("2003-02-26"),
        "personal_id": FieldValue("040203001234"), "place_of_birth": FieldValue("Trạm y tế xã Hoà Bình"),
    })
    store.add_record(book.id, "birth", {"full_name": FieldValue("NGUYỄN VĂN DŨNG"),
                                        "mother_full_name": FieldValue("TRẦN THỊ ĐỨC")})
    assert [r.id for r in store.search_records("nguyen van duc")][0] == duc.id
    assert [r.id for r in store.search_records("26/02/2003")] == [duc.id]
    assert [r.id for r in store.search_records("26/2/2003")] == [duc.id]
    assert [r.id for r in store.search_records("040203001234")] == [duc.id]
    assert [r.id for r in store.search_records("hoa binh")] == [duc.id]
    assert len(store.search_records("nguyen van d")) == 2  # the last word is a prefix while typing
    assert store.search_records("  ") == []
    assert store.search_records('"; DROP TABLE records; --') == []


def test_search_follows_corrections(store):
    book = store.add_book("death", "01/2020")
    record = store.add_record(book.id, "death", {"full_name": FieldValue("LE THI HOA")})
    store.revise_record(record.id, actor="a", field_changes={"full_name": FieldValue("LÊ THỊ MAI")})
    assert store.search_records("hoa") == []
    assert [r.id for r in store.search_records("le thi mai")] == [record.id]


def test_older_workspace_is_upgraded_on_open_and_its_records_indexed(tmp_path):
    from alembic import command
    from sqlalchemy import create_engine

    from storage.workspace import _alembic_config

    root = tmp_path / "ws"
    with WorkspaceStore.create(root) as ws:
        book = ws.add_book("birth", "01/2019")
        record = ws.add_record(book.id, "birth", {"full_name": FieldValue("PHẠM THỊ THUỶ")})
    engine = create_engine(f"sqlite:///{root / DB_FILENAME}")
    with engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0001")
    engine.dispose()
    with WorkspaceStore.open(root) as ws:
        assert ws.info().schema_revision == _head_revision() != "0001"
        assert [r.id for r in ws.search_records("pham thi thuy")] == [record.id]


def test_a_page_read_without_any_record_still_asks_for_the_officers_eyes(store):
    from storage.workspace import READ_PAGE_ACTION

    book = store.add_book("birth", "01/2024")
    other = store.add_book("death", "01/2024")
    read = store.add_page(book.id, b"\x89PNG page one", media_type="image/png", width=10, height=10,
                          source_name="a.png").page
    unread = store.add_page(book.id, b"\x89PNG page two", media_type="image/png", width=10, height=10,
                            source_name="b.png").page
    store.record_event("officer", READ_PAGE_ACTION, "page", read.id, {"records": 0})
    statuses = {page.id: page.status for page in store.pages(book.id)}
    assert statuses == {read.id: PageStatus.NEEDS_REVIEW, unread.id: PageStatus.UNREAD}
    assert store.pages(other.id) == []


def test_a_pages_records_and_its_read_mark_are_stored_all_or_nothing(store, monkeypatch):
    from storage.workspace import READ_PAGE_ACTION, NewRecord

    book = store.add_book("birth", "01/2024")
    page = store.add_page(book.id, b"\x89PNG page", media_type="image/png", width=10, height=10,
                          source_name="a.png").page
    drafts = [NewRecord("birth", {"full_name": FieldValue("LÊ VĂN AN")}, (page.id,), 0),
              NewRecord("birth", {"full_name": FieldValue("LÊ THỊ BÌNH")}, (page.id,), 1)]
    original = WorkspaceStore._append_audit

    def fail_on_read_mark(self, conn, actor, action, *rest):  # noqa: ANN001
        if action == READ_PAGE_ACTION:
            raise OSError("disk full")
        return original(self, conn, actor, action, *rest)

    monkeypatch.setattr(WorkspaceStore, "_append_audit", fail_on_read_mark)
    with pytest.raises(OSError):
        store.add_page_reading(book.id, page.id, drafts, actor="officer")
    assert store.records(book.id) == []  # a rerun reads the page again and stores it once
    monkeypatch.setattr(WorkspaceStore, "_append_audit", original)
    stored = store.add_page_reading(book.id, page.id, drafts, actor="officer")
    assert [r.fields["full_name"].value for r in stored] == ["LÊ VĂN AN", "LÊ THỊ BÌNH"]
    assert [e.action for e in store.audit_entries(page.id)][-1] == READ_PAGE_ACTION
    assert store.verify_audit_chain() is None
