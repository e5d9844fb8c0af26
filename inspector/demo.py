"""The demo workspace behind ``make run``: sample pages imported and read into books, then the app.

Each sample page is stored in a book of its kind (a register page in the book it is bound in)
and read into draft records (every field with its value, confidence, flag and box). With a display the
desktop app opens on it; without one, the same work is done headless and
summarised, so ``make run`` shows something useful on a server.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections import defaultdict
from pathlib import Path

from inspector.domain import DocumentType
from inspector.errors import MissingDependencyError
from inspector.importing import book_year, import_and_recognize, import_files, recognize_unread_pages
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


#: The book certificates and extracts are filed in (they name the book their event was registered in,
#: which the demo does not hold).
DEMO_BOOK = "01/2024"


def books_of(files: list[Path]) -> dict[str, list[Path]]:
    """Sample pages by the book they go in, as an officer files them: a register page in the book it
    is bound in (the number its description says it prints), certificates in ``DEMO_BOOK``."""
    books: dict[str, list[Path]] = defaultdict(list)
    for image in files:
        number = DEMO_BOOK
        try:
            meta = json.loads(image.with_suffix(".json").read_text(encoding="utf-8"))
            if meta.get("layout") == "register":
                printed = meta["pages"][0]["records"][0]["fields"]["book_number"]
                number = (printed.get("value") if isinstance(printed, dict) else printed) or DEMO_BOOK
        except (ValueError, KeyError, IndexError, OSError, AttributeError):
            pass  # (no description: the demo book)
        books[number].append(image)
    return dict(books)


def build_demo_workspace(root: Path, *, actor: str, jobs: int | None = None) -> WorkspaceStore:
    """Create (once) the demo workspace, the samples filed in books of their kind (:func:`books_of`)
    and read into draft records.

    An existing demo workspace is reused; pages in it that were never read (a demo
    built before recognition, or interrupted) are read now. Without Tesseract the
    pages are still imported, unread, and the reason is printed. Returns it open.
    """
    existing = (root / "workspace.db").exists()
    store = WorkspaceStore.open(root) if existing else WorkspaceStore.create(root, commune=DEMO_COMMUNE, actor=actor)
    try:
        if existing:
            for book in store.books():
                label = f"Đọc sổ {book.document_type.label_vi.lower()}"
                _print_problems(recognize_unread_pages(store, book, actor=actor, jobs=jobs,
                                                       progress=StderrProgress(label)))
            return store
        for doc_type, kind_files in sample_files().items():
            for number, files in books_of(kind_files).items():
                book = store.add_book(doc_type, number, year=book_year(number), actor=actor)
                label = f"{doc_type.label_vi} {number}"
                try:
                    summary = import_and_recognize(store, book, files, actor=actor, jobs=jobs,
                                                   progress=StderrProgress(label))
                except MissingDependencyError as exc:
                    print(f"Chưa đọc được trang: {exc.message_vi}", file=sys.stderr)
                    summary = import_files(store, book, files, actor=actor, progress=StderrProgress(label))
                _print_problems(summary)
    except MissingDependencyError as exc:
        print(f"Chưa đọc được trang: {exc.message_vi}", file=sys.stderr)
    except BaseException:
        store.close()
        raise
    return store


def _print_problems(summary) -> None:  # noqa: ANN001 - ImportSummary
    for problem in summary.problems:
        print(f"Lỗi: {problem.message_vi}", file=sys.stderr)


def print_summary(store: WorkspaceStore) -> None:
    """A readable account of the workspace on standard output: books, pages, records, flagged fields."""
    info = store.info()
    books = store.books()
    print(f"Thư mục làm việc: {info.path}  ({info.commune})")
    if not books:
        print("  Chưa có quyển sổ nào.")
    total_records = total_flagged = 0
    for book in books:
        records = store.records(book.id)
        flagged = sum(len(record.flagged_fields) for record in records)
        total_records += len(records)
        total_flagged += flagged
        print(f"  Sổ {book.document_type.label_vi.lower()} quyển {book.number}: "
              f"{book.page_count} trang, {len(records)} bản ghi, {flagged} trường cần kiểm tra")
        by_page: dict[str, list] = defaultdict(list)
        for record in records:
            for page_id in record.page_ids[:1]:
                by_page[page_id].append(record)
        for page in store.pages(book.id):
            on_page = sorted(by_page.get(page.id, []), key=lambda r: r.record_index)
            print(f"    Trang {page.order}: {page.source_name} ({page.width}×{page.height})"
                  + ("" if on_page else " – không nhận ra bản ghi nào"))
            for record in on_page:
                fields = len(record.fields)
                print(f"      Bản ghi {record.record_index + 1} ({record.document_type.label_vi.lower()}): "
                      f"{fields - len(record.flagged_fields)}/{fields} trường đọc chắc chắn, "
                      f"{len(record.flagged_fields)} cần kiểm tra, {len(record.issues)} lưu ý")
    print(f"Tổng cộng: {total_records} bản ghi nháp, {total_flagged} trường cần cán bộ kiểm tra.")


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
