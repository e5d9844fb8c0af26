"""Fixtures of the GUI tests: a workspace on disk and a main window on it, headless."""

from __future__ import annotations

import gc
import time
from pathlib import Path

import pytest

from inspector.settings import Settings
from storage.workspace import WorkspaceStore
from tests.conftest import render_text_page


def write_pages(folder: Path, count: int, *, prefix: str = "scan") -> list[Path]:
    """``count`` small, distinct page images (JPEG) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"{prefix}-{index + 1:03d}.jpg"
        path.write_bytes(
            render_text_page(
                [f"Trang {index + 1}", "Họ và tên: NGUYỄN THỊ HOA"],
                size=(420, 594),
                font_size=20,
                fmt="JPEG",
                seed=index,
            )
        )
        paths.append(path)
    return paths


@pytest.fixture
def workspace(tmp_path, page_files) -> Path:
    """A workspace with one birth book holding three pages, and an empty death book."""
    root = tmp_path / "ws"
    with WorkspaceStore.create(root, commune="Xã Quỳnh Hưng", actor="test") as store:
        book = store.add_book("birth", "01/2024", year=2024, actor="test")
        store.add_book("death", "01/2024", year=2024, actor="test")
        for path in page_files:
            store.add_page(
                book.id,
                path.read_bytes(),
                media_type="image/png" if path.suffix == ".png" else "image/jpeg",
                width=1240,
                height=1754,
                source_name=path.name,
                actor="test",
            )
    return root


@pytest.fixture
def languages(qapp):
    """The language switcher, Vietnamese at start and again after the test."""
    from ui.i18n import LanguageSwitcher

    switcher = LanguageSwitcher()
    switcher.set_language("vi")
    yield switcher
    switcher.set_language("vi")
    # A switcher of an earlier test must not leave its translator in the application.
    switcher.uninstall()


@pytest.fixture
def window(qtbot, languages):
    """A main window with no workspace open; closed (and its workers stopped) after the test."""
    from ui.main_window import MainWindow
    from ui.worker import TaskRunner

    runner = TaskRunner()
    win = MainWindow(runner, languages, Settings(), persist_settings=False)
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    yield win
    win.close()


@pytest.fixture
def heap_frozen_as_at_start_up():
    """The heap frozen as the app freezes its start-up heap (``ui.app.freeze_start_up_heap``).

    Here that heap is the whole test session's (about 400,000 objects): unfrozen, one full
    collection took up to 0.3 s on the GUI thread, a pause the app does not have.
    """
    from ui.app import freeze_start_up_heap

    freeze_start_up_heap()
    yield
    gc.unfreeze()


def open_and_wait(qtbot, window, path: Path) -> None:
    """Open ``path`` in ``window`` and wait until its first book's pages are listed."""
    with qtbot.waitSignal(window.pages_loaded, timeout=15_000):
        window.open_workspace(path)


def slow_add_page(monkeypatch, seconds: float) -> None:
    """Make every stored page take ``seconds`` longer, so an import lasts long enough to watch."""
    original = WorkspaceStore.add_page

    def add_page(self, *args, **kwargs):
        time.sleep(seconds)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(WorkspaceStore, "add_page", add_page)
