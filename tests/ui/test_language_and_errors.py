"""Switching the language at run time, and the one error presenter."""

from __future__ import annotations

import logging
import sys
import threading

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from inspector.errors import StorageError
from inspector.settings import load_settings
from tests.ui.conftest import open_and_wait


def _visible_texts(window) -> dict[str, str]:
    return {
        "import": window.import_action.text(),
        "file_menu": window.file_menu.title(),
        "books_title": window.books_panel.title.text(),
        "first_group": window.books_panel.tree.topLevelItem(0).text(0),
        "first_book": window.books_panel.tree.topLevelItem(0).child(0).text(0),
        "pages_title": window.pages_panel.title.text(),
        "first_page": window.page_model.index(0).data(),
        "counts": window.counts_label.text(),
        "fit_width": window.page_viewer.fit_width_action.text(),
    }


def test_language_switch_changes_visible_texts_without_restart(qtbot, window, workspace):
    open_and_wait(qtbot, window, workspace)
    assert _visible_texts(window) == {
        "import": "Nhập tệp…",
        "file_menu": "&Tệp",
        "books_title": "Quyển sổ",
        "first_group": "Khai sinh",
        "first_book": "Quyển 01/2024",
        "pages_title": "Trang của quyển 01/2024 (3 trang)",
        "first_page": "Trang 1",
        "counts": "2 quyển · 3 trang · 0 bản ghi",
        "fit_width": "Vừa chiều rộng",
    }
    dialog = window.show_new_book_dialog()
    assert (
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Huỷ"
    )  # Qt's own, from vi.qm

    window.language_actions["en"].trigger()
    assert _visible_texts(window) == {
        "import": "Import files…",
        "file_menu": "&File",
        "books_title": "Register books",
        "first_group": "Birth",
        "first_book": "Book 01/2024",
        "pages_title": "Pages of book 01/2024 (3 pages)",
        "first_page": "Page 1",
        "counts": "2 books · 3 pages · 0 records",
        "fit_width": "Fit width",
    }
    assert window.language_button.text() == "English" and window.language_actions["en"].isChecked()
    assert dialog.windowTitle() == "New register book"  # open dialogs follow too
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
    assert window.language_menu.title() == "Ngôn ngữ / Language"

    window.set_language("vi")
    assert _visible_texts(window)["import"] == "Nhập tệp…"
    assert window.page_viewer.status_badge.text() == "Chưa đọc"
    dialog.reject()


def test_language_choice_is_saved_in_the_settings(qtbot, languages):
    from inspector.settings import Settings
    from ui.main_window import MainWindow
    from ui.worker import TaskRunner

    win = MainWindow(TaskRunner(), languages, Settings(), persist_settings=True)
    qtbot.addWidget(win)
    win.set_language("en")
    qtbot.waitUntil(lambda: load_settings().language == "en", timeout=5_000)
    win.close()


def _error_box(window) -> QMessageBox:
    box = window.findChild(QMessageBox, "errorBox")
    assert box is not None and box.isVisible()
    return box


def _fail_with(exc: BaseException):
    def fail():
        raise exc

    return fail


def test_an_inspector_error_raised_in_a_worker_reaches_the_presenter(qtbot, window):
    error = StorageError("Ổ đĩa đầy, không ghi được trang.", "Disk full while writing a page")
    with qtbot.waitSignal(window.error_presented, timeout=5_000) as shown:
        window.runner.submit(_fail_with(error))  # no on_error: the window's presenter is the default
    assert shown.args[0] is error
    box = _error_box(window)
    assert box.text() == "Ổ đĩa đầy, không ghi được trang."
    assert "Traceback" not in box.text() + box.informativeText() + box.detailedText()
    box.close()

    window.set_language("en")
    with qtbot.waitSignal(window.error_presented, timeout=5_000):
        window.runner.submit(_fail_with(error))
    assert _error_box(window).text() == "Disk full while writing a page"


def test_an_unexpected_error_shows_one_sentence_and_logs_the_traceback(qtbot, window, caplog):
    caplog.set_level(logging.ERROR)
    with qtbot.waitSignal(window.error_presented, timeout=5_000):
        window.runner.submit(_fail_with(ZeroDivisionError("division by zero")))
    box = _error_box(window)
    assert box.text() == "Chương trình gặp lỗi không mong đợi; công việc đang làm có thể chưa xong."
    assert "tệp nhật ký" in box.informativeText() and "inspector.log" in box.informativeText()
    assert "ZeroDivisionError" not in box.text() + box.informativeText()
    assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in caplog.records)


def test_opening_a_folder_that_is_no_workspace_says_so_in_vietnamese(qtbot, window, tmp_path):
    with qtbot.waitSignal(window.error_presented, timeout=5_000):
        window.open_workspace(tmp_path / "nowhere")
    assert _error_box(window).text() == "Không tìm thấy thư mục làm việc (chưa khởi tạo?)."
    assert window.pages.currentWidget() is window.start_page and window.open_action.isEnabled()


def test_excepthooks_route_uncaught_errors_to_the_presenter_on_the_gui_thread(qtbot, qapp):
    from ui.errors import install_excepthooks

    seen: list[tuple[BaseException, bool]] = []
    previous = (sys.excepthook, threading.excepthook)
    guard = install_excepthooks(
        lambda exc: seen.append((exc, threading.current_thread() is threading.main_thread()))
    )
    try:
        gui_error = StorageError("lỗi", "error")
        sys.excepthook(StorageError, gui_error, None)
        thread_error = ValueError("in a thread")
        thread = threading.Thread(target=_fail_with(thread_error))
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: len(seen) == 2, timeout=5_000)
    finally:
        guard.restore()
    assert (sys.excepthook, threading.excepthook) == previous
    assert seen == [(gui_error, True), (thread_error, True)]
