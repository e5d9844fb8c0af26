"""The whole job in the real window, by keyboard: a workspace and a book, two sample pages imported and read
(real Tesseract, two workers), flagged fields checked and one corrected, the record accepted, found again by
a search without diacritics, the book exported as CSV and PDF/A; the audit trail holds the correction."""

from __future__ import annotations

import csv
import re
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton

from inspector.domain import DocumentType, PageStatus, RecordStatus
from inspector.resources import resource_path
from inspector.settings import Settings
from inspector.textfold import fold_for_search
from ocr.engine import check_ocr_available
from storage.workspace import WorkspaceStore
from tests.ui.sample_records import sample_truth
from tests.ui.test_verification import type_text

BIRTH, DEATH = "khai-sinh-giay-clean", "khai-tu-trich-luc-scan"
OFFICER = "Cán bộ Hộ tịch"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _tesseract_ready() -> bool:
    try:
        check_ocr_available()
    except Exception:  # noqa: BLE001 - any reason Tesseract cannot run: the test cannot either
        return False
    return True


pytestmark = pytest.mark.skipif(
    not _tesseract_ready(), reason="Tesseract with Vietnamese data is not installed"
)


@pytest.fixture
def officer_window(qtbot, languages):
    from ui.main_window import MainWindow
    from ui.worker import TaskRunner

    runner = TaskRunner()
    win = MainWindow(runner, languages, Settings(officer_name=OFFICER, ocr_jobs=2), persist_settings=False)
    qtbot.addWidget(win)
    win.resize(1440, 900)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    yield win
    win.close()


def _dialog(qtbot, cls):
    """The dialog of class ``cls`` open now (dialogs open without blocking)."""
    found: list = []

    def is_open() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()]
        return bool(found)

    qtbot.waitUntil(is_open, timeout=5_000)
    return found[0]


def _activate(qtbot, window) -> None:
    """Give the window the focus back once a dialog closed (the offscreen platform does not)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)


def _close_box(qtbot, window, name: str) -> QMessageBox:
    box = window.findChild(QMessageBox, name)
    assert box is not None and box.isVisible()
    text = (box.text(), box.informativeText())
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, name) is None or not box.isVisible(), timeout=5_000)
    _activate(qtbot, window)
    return text


def _field_to_correct(view, truth: dict[str, str]) -> str:
    """Go with Ctrl+Down through the flagged fields to the first text field read unlike the truth."""
    seen: list[str] = []
    while view.current_key not in seen:
        key = view.current_key
        seen.append(key)
        expected = truth.get(key)
        if (isinstance(expected, str) and expected and not ISO_DATE.match(expected)
                and view.rows[key].edit.text() != expected):
            return key
        QTest.keyClick(view.rows[key].edit, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    return ""


def test_import_read_check_correct_accept_find_and_export(qtbot, officer_window, tmp_path, monkeypatch):
    window = officer_window
    started = time.monotonic()

    # A plain workspace (Ctrl+Shift+N) and a birth book (Ctrl+N), typed in.
    from ui.dialogs import CreateWorkspaceDialog, NewBookDialog

    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_N, ctrl | shift)
    dialog = _dialog(qtbot, CreateWorkspaceDialog)
    root = tmp_path / "ws"
    qtbot.keyClicks(dialog.folder_edit, str(root))
    type_text(dialog.commune_edit, "Xã Hoài Đức")
    qtbot.keyClick(dialog.plain_box, Qt.Key.Key_Space)
    with qtbot.waitSignal(window.workspace_opened, timeout=15_000):
        qtbot.keyClick(dialog.commune_edit, Qt.Key.Key_Return)
    _activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    book_dialog = _dialog(qtbot, NewBookDialog)
    assert book_dialog.type_box.currentData() == DocumentType.BIRTH.value
    qtbot.keyClicks(book_dialog.number_edit, "01/2004")
    with qtbot.waitSignal(window.books_loaded, timeout=10_000):
        qtbot.keyClick(book_dialog.number_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_book() is not None, timeout=10_000)
    _activate(qtbot, window)
    book = window.current_book()
    assert book.number == "01/2004" and window.import_action.isEnabled()

    # Ctrl+I: two sample pages (a birth certificate, and a death extract filed in this book by mistake).
    samples = [str(resource_path("samples", f"{name}.jpg")) for name in (BIRTH, DEATH)]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: (samples, ""))
    labels: list[str] = []
    window.page_read.connect(lambda _read: labels.append(window.import_bar.label.text()))
    import_started = time.monotonic()
    with qtbot.waitSignal(window.import_finished, timeout=90_000) as finished:
        qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
        assert window.importing and window.import_bar.isVisible()
    import_seconds = time.monotonic() - import_started
    summary = finished.args[0]
    assert len(summary.stored) == 2 and summary.pages_read == 2 and not summary.problems
    assert {r.document_type for r in summary.records} == {DocumentType.BIRTH, DocumentType.DEATH}
    assert summary.flagged_fields > 0
    # The bar counted the pages as they were read.
    assert labels and all(re.fullmatch(r"Đang đọc trang [12]/2", text) for text in labels), labels
    # The summary offers to go straight to the checking («Kiểm tra ngay»); Enter just closes it.
    summary_box = window.findChild(QMessageBox, "importSummary")
    assert summary_box.findChild(QPushButton, "verifyNow") is not None
    assert summary_box.escapeButton() is summary_box.button(QMessageBox.StandardButton.Ok)
    headline, details = _close_box(qtbot, window, "importSummary")
    assert headline == "Đã nhập 2 trang vào quyển 01/2004."
    assert f"Đã đọc 2 trang: 2 bản ghi nháp, {summary.flagged_fields} trường cần kiểm tra." in details
    # Both pages listed, each waiting for a check.
    qtbot.waitUntil(lambda: window.page_model.rowCount() == 2 and not window.runner.pending, timeout=10_000)
    assert [p.status for p in window.page_model.pages] == [PageStatus.NEEDS_REVIEW] * 2

    # Alt+2: the birth record of the first page, its first flagged field in hand.
    view = window.verify_view
    with qtbot.waitSignal(view.record_shown, timeout=15_000):
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    record = view.record
    assert record.document_type is DocumentType.BIRTH and record.flagged_fields
    assert view.current_key == record.flagged_fields[0] or view.current_key in record.flagged_fields
    truth = sample_truth(BIRTH)["pages"][0]["records"][0]["fields"]

    # Ctrl+Down to a misread text field; type the right value; Enter saves it and moves on.
    key = _field_to_correct(view, truth)
    assert key, "recognition read every flagged text field right: nothing to correct"
    edit = view.rows[key].edit
    old, new = edit.text(), truth[key]
    edit.selectAll()
    type_text(edit, new)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert view.current_key != key or not view.record.flagged_fields

    # Enter accepts each remaining flagged field as read; then Ctrl+Enter accepts the record.
    for _ in range(40):
        if not view.record.flagged_fields:
            break
        qtbot.keyClick(view.rows[view.current_key].edit, Qt.Key.Key_Return)
    assert not view.record.flagged_fields
    with qtbot.waitSignal(view.record_shown, timeout=15_000):  # the next record to check (the death extract)
        qtbot.keyClick(view.rows[view.current_key].edit, Qt.Key.Key_Return, ctrl)
    qtbot.waitUntil(lambda: not view.busy, timeout=10_000)
    assert view.record.id != record.id

    # Ctrl+F: found without diacritics.
    name = truth["full_name"]
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(window.search_finished, timeout=10_000) as found:
        qtbot.keyClicks(window.search_box, fold_for_search(name))
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert found.args[0] and found.args[0][0][0].id == record.id
    qtbot.keyClick(window.search_results.list, Qt.Key.Key_Escape)
    _activate(qtbot, window)

    # Alt+3, then the book's export menu: CSV, then PDF/A, each through the save dialog.
    with qtbot.waitSignal(window.book_view_loaded, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert window.book_view.export_button.isEnabled()
    outputs = {"csv": tmp_path / "out" / "so-khai-sinh", "pdfa": tmp_path / "out" / "so-khai-sinh.pdf"}
    outputs["csv"].parent.mkdir()
    for fmt, out in outputs.items():
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, o=out, **kwargs: (str(o), ""))
        with qtbot.waitSignal(window.export_finished, timeout=60_000) as exported:
            window.export_actions[fmt].trigger()
            assert window.exporting
        assert exported.args[0].fmt == fmt
        _close_box(qtbot, window, "exportSummary")
    csv_path = tmp_path / "out" / "so-khai-sinh.csv"  # the suffix is added when the name has none
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8-sig")))
    assert len(rows) == 2
    birth_row = next(r for r in rows if r["record_id"] == record.id)
    assert birth_row[key] == new and birth_row["status"] == RecordStatus.VERIFIED.value
    pdf = outputs["pdfa"].read_bytes()
    assert pdf.startswith(b"%PDF") and b"pdfaid:part" in pdf
    import pypdfium2

    document = pypdfium2.PdfDocument(str(outputs["pdfa"]))
    try:
        assert len(document) == 2
        text = document[0].get_textpage().get_text_range()
        # The page's text layer is searchable.
        assert fold_for_search(name).split()[-1] in fold_for_search(text)
    finally:
        document.close()

    # The audit trail holds the correction: field, old value, new value, by the officer of the settings.
    with WorkspaceStore.open(root) as store:
        stored = store.record(record.id)
        assert stored.status is RecordStatus.VERIFIED and stored.fields[key].value == new
        corrections = [e for e in store.audit_entries(record.id) if e.action == "correct_record"]
        assert any(e.details["fields"].get(key) == {"old": old, "new": new} and e.actor == OFFICER
                   for e in corrections)
        exports = [e.details["format"] for e in store.audit_entries(book.id) if e.action == "export"]
        assert exports == ["csv", "pdfa"]
    print(f"\n2-page import and recognition in the GUI: {import_seconds:.1f} s; "
          f"whole test {time.monotonic() - started:.1f} s")
