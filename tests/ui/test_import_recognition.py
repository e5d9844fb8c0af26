"""Import with recognition in the window: pages read later with «Đọc lại các trang chưa đọc», Cancel between
pages, an import without Tesseract that still stores the pages, and the summary's wording."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest
from PySide6.QtWidgets import QMessageBox

from inspector.domain import PageStatus
from inspector.errors import MissingDependencyError
from inspector.importing import ImportProblem, ImportSummary
from inspector.resources import resource_path
from storage.workspace import WorkspaceStore
from tests.ui.conftest import open_and_wait
from tests.ui.test_end_to_end import _tesseract_ready

needs_tesseract = pytest.mark.skipif(
    not _tesseract_ready(), reason="Tesseract with Vietnamese data is not installed"
)


def _sample_copies(folder, names):
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        path = folder / f"{name}.jpg"
        shutil.copy(resource_path("samples", f"{name}.jpg"), path)
        paths.append(path)
    return paths


@needs_tesseract
def test_pages_stored_unread_are_read_later_from_the_book_menu(qtbot, window, workspace, tmp_path):
    window.settings = replace(window.settings, ocr_jobs=1)
    open_and_wait(qtbot, window, workspace)
    book = window.current_book()
    window.recognise = False  # as after an import cancelled before its pages were read
    with qtbot.waitSignal(window.import_finished, timeout=30_000):
        window.import_paths(_sample_copies(tmp_path / "scans", ["khai-sinh-giay-clean"]))
    qtbot.waitUntil(lambda: not window.runner.pending, timeout=10_000)
    new_page = window.page_model.pages[-1]
    assert new_page.status is PageStatus.UNREAD and window.read_unread_action.isEnabled()
    window.findChild(QMessageBox, "importSummary").close()

    with qtbot.waitSignal(window.import_finished, timeout=60_000) as finished:
        window.read_unread_action.trigger()
        assert window.importing and not window.read_unread_action.isEnabled()
    summary = finished.args[0]
    # The three unreadable test pages of the fixture are read too: no form on them, no record.
    assert summary.pages_read == 4 and summary.pages_without_record == 3 and len(summary.records) == 1
    box = window.findChild(QMessageBox, "importSummary")
    assert box.windowTitle() == "Kết quả đọc trang"
    assert box.text() == "Đã đọc các trang chưa đọc của quyển 01/2024."
    assert "3 trang không nhận ra loại giấy tờ nên chưa có bản ghi." in box.informativeText()
    qtbot.waitUntil(lambda: window.page_model.pages[-1].status is PageStatus.NEEDS_REVIEW, timeout=10_000)
    with WorkspaceStore.open(workspace) as store:
        assert [r.page_ids for r in store.records(book.id)] == [(new_page.id,)]
    # Nothing is left to read: a second run reads no page.
    box.close()
    with qtbot.waitSignal(window.import_finished, timeout=30_000) as again:
        window.read_unread_pages()
    assert again.args[0].pages_read == 0
    [box] = [b for b in window.findChildren(QMessageBox, "importSummary") if b.isVisible()]
    assert box.text() == "Mọi trang của quyển 01/2024 đã được đọc từ trước." and not box.informativeText()


@needs_tesseract
def test_cancel_stops_reading_between_pages_and_keeps_what_was_stored(qtbot, window, workspace, tmp_path):
    window.settings = replace(window.settings, ocr_jobs=1)
    open_and_wait(qtbot, window, workspace)
    book = window.current_book()
    names = ["khai-sinh-giay-clean", "khai-tu-so-clean", "ket-hon-giay-scan", "khai-sinh-so-scan"]
    with qtbot.waitSignal(window.import_finished, timeout=90_000) as finished:
        progress = window.import_paths(_sample_copies(tmp_path / "scans", names))
        # Cancel as soon as the first page is read.
        window.page_read.connect(lambda _read: window.import_bar.cancel_button.click())
    summary = finished.args[0]
    assert summary.cancelled and progress.cancelled
    assert 1 <= summary.pages_read < len(names)
    qtbot.waitUntil(lambda: not window.runner.pending, timeout=10_000)
    with WorkspaceStore.open(workspace) as store:
        pages = store.pages(book.id)
        stored_ids = {p.id for p in summary.stored}
        assert stored_ids <= {p.id for p in pages}  # every page stored before the cancel stays
        assert len(store.records(book.id)) == len(summary.records)
    details = window.findChild(QMessageBox, "importSummary").informativeText()
    unread = len(summary.stored) - summary.pages_read
    assert unread >= 0
    if unread:
        assert f"{unread} trang chưa đọc: dùng «Đọc lại các trang chưa đọc» trong menu Sổ." in details
    print(f"\ncancelled after {summary.pages_read} read, {len(summary.stored)} stored")


def test_without_tesseract_the_pages_are_stored_and_the_summary_says_why_none_was_read(
    qtbot, window, workspace, tmp_path, monkeypatch
):
    def no_engine(*_args, **_kwargs):
        raise MissingDependencyError("Chưa cài Tesseract.", "Tesseract is not installed.")

    monkeypatch.setattr("ui.main_window.import_and_recognize", no_engine)
    open_and_wait(qtbot, window, workspace)
    with qtbot.waitSignal(window.import_finished, timeout=30_000) as finished:
        window.import_paths(_sample_copies(tmp_path / "scans", ["khai-sinh-giay-clean"]))
    assert len(finished.args[0].stored) == 1
    box = window.findChild(QMessageBox, "importSummary")
    assert box.text() == "Đã nhập 1 trang vào quyển 01/2024."
    assert "Chưa đọc được trang nào: Chưa cài Tesseract." in box.informativeText()
    assert box.icon() == QMessageBox.Icon.Warning


def test_summary_names_the_file_of_each_problem_once(languages):
    from ui.dialogs import import_summary_text

    summary = ImportSummary(
        "b", pages_read=2, flagged_fields=5, pages_without_record=1,
        problems=(
            ImportProblem("/scans/trang-7.jpg", "Hết thời gian đọc trang.", "Page timed out."),
            ImportProblem("/scans/thu.jpg", "thu.jpg: không phải là ảnh.", "thu.jpg: not an image."),
        ),
    )
    headline, details = import_summary_text(summary, "01/2024", recognised=True)
    assert headline == "Đã nhập 0 trang vào quyển 01/2024."
    lines = details.splitlines()
    assert lines[0] == "Đã đọc 2 trang: 0 bản ghi nháp, 5 trường cần kiểm tra."
    assert "1 trang không nhận ra loại giấy tờ nên chưa có bản ghi." in lines
    assert "• trang-7.jpg: Hết thời gian đọc trang." in lines
    assert "• thu.jpg: không phải là ảnh." in lines
    languages.set_language("en")
    _headline, english = import_summary_text(summary, "01/2024", recognised=True)
    assert "• trang-7.jpg: Page timed out." in english.splitlines()
