"""The main window: opening a workspace, books, thumbnails, new books, imports and cancelling."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from inspector.domain import DocumentType
from storage.workspace import WorkspaceStore
from tests.ui.conftest import open_and_wait, slow_add_page, write_pages
from ui.navigator import THUMBNAIL_ROLE


def _book_rows(window) -> list[tuple[str, str, str, str, str]]:
    tree = window.books_panel.tree
    rows = []
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        for j in range(group.childCount()):
            item = group.child(j)
            rows.append((group.text(0), item.text(0), item.text(1), item.text(2), item.text(3)))
    return rows


def test_window_opens_a_workspace_and_shows_books_thumbnails_and_first_page(qtbot, window, workspace):
    assert window.pages.currentWidget() is window.start_page
    with qtbot.waitSignal(window.page_shown, timeout=15_000):
        window.open_workspace(workspace)

    assert window.pages.currentWidget() is window.workspace_page
    assert _book_rows(window) == [
        ("Khai sinh", "Quyển 01/2024", "2024", "3", "0"),
        ("Khai tử", "Quyển 01/2024", "2024", "0", "0"),
    ]
    # The book with pages is chosen, its pages listed in order, the first one shown large.
    assert window.current_book().document_type is DocumentType.BIRTH
    model = window.page_model
    assert [model.index(r).data() for r in range(model.rowCount())] == ["Trang 1", "Trang 2", "Trang 3"]
    qtbot.waitUntil(lambda: all(model.has_thumbnail(p) for p in model.pages), timeout=15_000)
    thumbnail = model.index(0).data(THUMBNAIL_ROLE)
    assert 0 < thumbnail.width() <= 120 and 0 < thumbnail.height() <= 170
    assert abs(thumbnail.height() / thumbnail.width() - 1754 / 1240) < 0.05
    viewer = window.page_viewer
    assert viewer.page.id == model.pages[0].id and viewer.view.has_image()
    assert "Chưa đọc" in viewer.status_badge.text()
    assert window.counts_label.text() == "2 quyển · 3 trang · 0 bản ghi"
    assert str(workspace) in window.workspace_label.text()
    assert window.windowTitle().startswith("Xã Quỳnh Hưng")

    # Choosing the empty book shows its empty state and no page.
    death = next(b for b in window.books_panel.books if b.document_type is DocumentType.DEATH)
    with qtbot.waitSignal(window.pages_loaded, timeout=10_000):
        window.books_panel.select_book(death.id)
    assert window.page_model.rowCount() == 0
    assert window.pages_panel.stack.currentWidget() is window.pages_panel.empty
    assert "chưa có trang nào" in window.pages_panel.empty.text()
    assert window.page_viewer.page is None


def test_page_view_zooms_and_fits(qtbot, window, workspace):
    with qtbot.waitSignal(window.page_shown, timeout=15_000):
        window.open_workspace(workspace)
    view = window.page_viewer.view
    width_zoom = view.zoom
    assert abs(width_zoom * 1240 - (view.viewport().width() - 48)) < 2
    window.page_viewer.fit_page_action.trigger()
    assert view.zoom < width_zoom and 1754 * view.zoom <= view.viewport().height()
    window.page_viewer.actual_size_action.trigger()
    assert view.zoom == 1.0
    window.page_viewer.zoom_in_action.trigger()
    assert view.zoom > 1.0
    assert window.page_viewer.zoom_label.text() == f"{round(view.zoom * 100)} %"


def test_new_book_dialog_adds_and_selects_the_book(qtbot, window, workspace):
    open_and_wait(qtbot, window, workspace)
    dialog = window.show_new_book_dialog()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # no number yet
    dialog.type_box.setCurrentIndex(dialog.type_box.findData(DocumentType.MARRIAGE.value))
    qtbot.keyClicks(dialog.number_edit, "02/2023")
    assert dialog.year_box.value() == 2023  # read from the number
    with qtbot.waitSignal(window.books_loaded, timeout=10_000):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert ("Kết hôn", "Quyển 02/2023", "2023", "0", "0") in _book_rows(window)
    selected = window.current_book()
    assert selected.number == "02/2023" and selected.document_type is DocumentType.MARRIAGE
    with WorkspaceStore.open(workspace) as store:
        stored = store.find_book("02/2023")
        assert stored is not None and stored.year == 2023 and stored.document_type is DocumentType.MARRIAGE


def _empty_book(qtbot, window):
    death = next(b for b in window.books_panel.books if b.document_type is DocumentType.DEATH)
    with qtbot.waitSignal(window.pages_loaded, timeout=10_000):
        window.books_panel.select_book(death.id)
    return death


def test_import_runs_off_the_gui_thread_and_pages_appear_as_they_arrive(
    qtbot, window, workspace, tmp_path, monkeypatch, heap_frozen_as_at_start_up
):
    open_and_wait(qtbot, window, workspace)
    book = _empty_book(qtbot, window)
    files = write_pages(tmp_path / "scans", 12)
    slow_add_page(monkeypatch, 0.04)  # about half a second of import in all
    # Storing only: OCR workers on a loaded 2-core CI machine would measure the machine,
    # not the window (test_end_to_end covers import with recognition).
    window.recognise = False

    ticks: list[tuple[float, int]] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append((time.monotonic(), window.page_model.rowCount())))
    timer.start()
    started = time.monotonic()
    with qtbot.waitSignal(window.import_finished, timeout=30_000) as finished:
        progress = window.import_paths(files)
        assert progress is not None and window.importing
        assert not window.import_action.isEnabled()  # one import at a time
        assert window.import_bar.isVisible() and window.import_bar.cancel_button.isEnabled()
    ended = time.monotonic()
    timer.stop()

    summary = finished.args[0]
    assert len(summary.stored) == 12 and not summary.cancelled and not summary.problems
    during = [t for t, _ in ticks if started <= t <= ended]
    assert ended - started > 0.4
    # The GUI thread kept turning: the timer fired all along, never stalled by the import.
    assert len(during) >= 10
    gaps = [b - a for a, b in zip([started, *during], [*during, ended], strict=True)]
    assert max(gaps) < 0.3, max(gaps)
    # Thumbnails arrived while the import ran, not only at its end.
    assert any(0 < rows < 12 for _, rows in ticks)
    qtbot.waitUntil(lambda: window.page_model.rowCount() == 12 and not window.runner.pending, timeout=10_000)
    assert not window.importing and not window.import_bar.isVisible()
    box = window.findChild(QMessageBox, "importSummary")
    assert box is not None and "Đã nhập 12 trang vào quyển 01/2024" in box.text()
    with WorkspaceStore.open(workspace) as store:
        assert len(store.pages(book.id)) == 12


def test_cancel_stops_the_import_early_and_keeps_the_stored_pages(
    qtbot, window, workspace, tmp_path, monkeypatch
):
    open_and_wait(qtbot, window, workspace)
    book = _empty_book(qtbot, window)
    files = write_pages(tmp_path / "scans", 30)
    slow_add_page(monkeypatch, 0.05)

    with qtbot.waitSignal(window.import_finished, timeout=30_000) as finished:
        progress = window.import_paths(files)
        # Press Cancel as soon as the first page is stored.
        progress.item_ready.connect(lambda _page: window.import_bar.cancel_button.click())
    summary = finished.args[0]
    assert summary.cancelled
    assert 1 <= len(summary.stored) < 10
    qtbot.waitUntil(lambda: not window.runner.pending, timeout=10_000)
    with WorkspaceStore.open(workspace) as store:
        kept = store.pages(book.id)
    assert [p.id for p in kept] == [p.id for p in summary.stored]
    assert window.page_model.rowCount() == len(kept)
    box = window.findChild(QMessageBox, "importSummary")
    assert box is not None and box.text().startswith("Đã huỷ việc nhập.")


def test_import_summary_lists_refused_files_with_their_reasons(qtbot, window, workspace, tmp_path):
    open_and_wait(qtbot, window, workspace)
    _empty_book(qtbot, window)
    good = write_pages(tmp_path / "scans", 1)
    (tmp_path / "letter.jpg").write_text("không phải ảnh")
    (tmp_path / "empty.png").write_bytes(b"")
    with qtbot.waitSignal(window.import_finished, timeout=30_000) as finished:
        window.import_paths([*good, tmp_path / "letter.jpg", tmp_path / "empty.png"])
    assert len(finished.args[0].stored) == 1
    box = window.findChild(QMessageBox, "importSummary")
    details = box.informativeText()
    assert "2 tệp không nhập được" in details
    assert "letter.jpg: không phải là ảnh" in details and "empty.png: tệp rỗng" in details
    assert "Traceback" not in details


def test_import_needs_a_book(qtbot, window, tmp_path):
    window.create_workspace(tmp_path / "new", "Phường Một")
    qtbot.waitUntil(lambda: window.store is not None, timeout=10_000)
    assert window.books_panel.stack.currentWidget() is window.books_panel.empty
    assert window.books_panel.empty.text() == "Chưa có quyển sổ nào. Bấm «Quyển mới» để bắt đầu."
    assert not window.import_action.isEnabled()
    assert window.import_paths(write_pages(tmp_path / "scans", 1)) is None
