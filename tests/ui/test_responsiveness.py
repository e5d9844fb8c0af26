"""The GUI thread stays free while pages arrive: no workspace call runs on it during an import, and the page
view paints a copy scaled on a worker rather than scaling the whole page on every paint.

No timing here (a loaded CI machine makes timings flaky); ``bench/gui.py`` measures the stalls.
"""

from __future__ import annotations

import functools
import inspect
import threading

from PySide6.QtGui import QColor, QImage

from storage.workspace import WorkspaceStore
from tests.ui.conftest import open_and_wait, write_pages
from ui.images import decode_page, scale_page


def _record_gui_thread_calls(monkeypatch) -> list[str]:
    """Wrap every public method of WorkspaceStore; return the list of those called on the GUI thread."""
    on_gui_thread: list[str] = []
    gui = threading.main_thread()
    for name, method in inspect.getmembers(WorkspaceStore, inspect.isfunction):
        if name.startswith("_"):
            continue

        def wrapper(*args, _method=method, _name=name, **kwargs):
            if threading.current_thread() is gui:
                on_gui_thread.append(_name)
            return _method(*args, **kwargs)

        monkeypatch.setattr(WorkspaceStore, name, functools.wraps(method)(wrapper))
    return on_gui_thread


def test_an_import_never_calls_the_workspace_on_the_gui_thread(qtbot, window, workspace, tmp_path, monkeypatch):
    open_and_wait(qtbot, window, workspace)
    qtbot.waitUntil(lambda: not window.runner.pending, timeout=15_000)
    on_gui_thread = _record_gui_thread_calls(monkeypatch)
    window.recognise = False  # storing only: no Tesseract needed, the page list still follows every page
    with qtbot.waitSignal(window.import_finished, timeout=30_000) as finished:
        window.import_paths(write_pages(tmp_path / "scans", 4, prefix="new"))
    qtbot.waitUntil(lambda: not window.runner.pending, timeout=15_000)  # thumbnails, books, status

    assert len(finished.args[0].stored) == 4 and window.page_model.rowCount() == 7
    assert on_gui_thread == []


def test_the_check_above_sees_a_workspace_call_made_on_the_gui_thread(qtbot, window, workspace, monkeypatch):
    # The wrapper must see a call from the GUI thread, or the test above could never fail.
    on_gui_thread = _record_gui_thread_calls(monkeypatch)
    with WorkspaceStore.open(workspace) as store:
        store.books()
    assert "books" in on_gui_thread


def test_the_page_view_paints_a_copy_scaled_to_the_zoom_shown(qtbot, window, workspace):
    with qtbot.waitSignal(window.page_shown, timeout=15_000):
        window.open_workspace(workspace)
    view = window.page_viewer.view
    image = view._image
    assert view.zoom < 1.0  # fit to width: the page is shown smaller than its pixels

    view.viewport().grab()  # a paint asks for the copy
    qtbot.waitUntil(lambda: view._item.scaled is not None and view._item.scaled[0] == view.zoom, timeout=15_000)
    zoom, rotation, pixmap = view._item.scaled
    assert rotation == 0
    assert abs(pixmap.width() - image.width() * zoom) <= 1 and abs(pixmap.height() - image.height() * zoom) <= 1
    # Painted from the copy, the page still sits where the image-to-view mapping says.
    shot = view.viewport().grab().toImage()
    corner = view.image_to_viewport(0, 0)
    inside = view.image_to_viewport(image.width() / 2, image.height() / 8)
    assert QColor(shot.pixel(inside)).lightness() > 200  # paper, not the grey background
    assert QColor(shot.pixel(corner.x() - 3, max(corner.y(), 0) + 3)) == view.backgroundBrush().color()

    # Turned a quarter: a new copy, turned too.
    view.rotate_right()
    view.viewport().grab()
    qtbot.waitUntil(lambda: view._item.scaled is not None and view._item.scaled[1] == 90, timeout=15_000)
    turned = view._item.scaled[2]
    assert abs(turned.width() - image.height() * view._item.scaled[0]) <= 1


def test_scale_page_scales_and_turns_clockwise(page_files):
    image = decode_page(page_files[0].read_bytes())
    assert image.format() is QImage.Format.Format_RGB32
    # Mark the top-left corner red: after a clockwise quarter turn it is the top-right one.
    for x in range(40):
        for y in range(40):
            image.setPixelColor(x, y, QColor("red"))
    half = scale_page(image, 0.5)
    assert (half.width(), half.height()) == (round(image.width() / 2), round(image.height() / 2))
    assert QColor(half.pixel(5, 5)).red() > 200 and QColor(half.pixel(5, 5)).green() < 60
    turned = scale_page(image, 0.5, 90)
    assert (turned.width(), turned.height()) == (half.height(), half.width())
    top_right = QColor(turned.pixel(turned.width() - 5, 5))
    assert top_right.red() > 200 and top_right.green() < 60
