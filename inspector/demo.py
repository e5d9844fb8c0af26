"""The demo workspace behind ``make run``: sample pages imported into books, then the app.

With a display the desktop app opens on it; without one, the same work is done
headless and summarised, so ``make run`` shows something useful on a server.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections import defaultdict
from pathlib import Path

from inspector.domain import DocumentType
from inspector.importing import import_files
from inspector.progress import StderrProgress
from inspector.resources import resource_path
from storage.workspace import WorkspaceStore

log = logging.getLogger(__name__)

DEMO_COMMUNE = "Xã Mẫu (trình diễn)"


def has_display() -> bool:
    """Whether a graphical session is available for the desktop app."""
    if os.environ.get("QT_QPA_PLATFORM", "") in ("offscreen", "minimal"):
        return False
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or sys.platform in ("win32", "darwin")


def sample_files() -> dict[DocumentType, list[Path]]:
    """The shipped sample pages grouped by the kind of register they belong to.

    The grouping comes from each sample's description file, as an officer would
    sort paper into books before scanning.
    """
    groups: dict[DocumentType, list[Path]] = defaultdict(list)
    folder = resource_path("samples")
    for truth in sorted(folder.glob("*.json")):
        try:
            meta = json.loads(truth.read_text(encoding="utf-8"))
            image = folder / meta["image"]
            groups[DocumentType(meta["document_type"])].append(image)
        except (ValueError, KeyError, OSError):
            log.warning("Skipping sample description %s", truth.name)
    return dict(groups)


def build_demo_workspace(root: Path, *, actor: str) -> WorkspaceStore:
    """Create (once) the demo workspace with one book per kind of sample; return it open."""
    if (root / "workspace.db").exists():
        return WorkspaceStore.open(root)
    store = WorkspaceStore.create(root, commune=DEMO_COMMUNE, actor=actor)
    for doc_type, files in sample_files().items():
        book = store.add_book(doc_type, "01/2024", year=2024, actor=actor)
        summary = import_files(store, book, files, actor=actor, progress=StderrProgress(doc_type.label_vi))
        for problem in summary.problems:
            print(f"Lỗi: {problem.message_vi}", file=sys.stderr)
    return store


def print_summary(store: WorkspaceStore) -> None:
    """A readable account of the workspace on standard output."""
    info = store.info()
    books = store.books()
    print(f"Thư mục làm việc: {info.path}  ({info.commune})")
    if not books:
        print("  Chưa có quyển sổ nào.")
    for book in books:
        print(f"  Sổ {book.document_type.label_vi.lower()} quyển {book.number}: "
              f"{book.page_count} trang, {book.record_count} bản ghi")
        for page in store.pages(book.id):
            print(f"    Trang {page.order}: {page.source_name} ({page.width}×{page.height})")


def run_demo(root: Path, *, actor: str) -> int:
    """Build the demo workspace if needed, then open the app or print the summary."""
    store = build_demo_workspace(root, actor=actor)
    if has_display():
        store.close()
        from inspector.launcher import launch_gui

        return launch_gui(workspace=root, screenshot=None, language=None)
    print("Không có màn hình nên chương trình chạy bản trình diễn không giao diện.")
    print_summary(store)
    store.close()
    return 0
