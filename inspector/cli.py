"""The ``inspector`` command: the headless face of the program.

Data goes to standard output, progress and messages to standard error. Every
error a person can cause is an :class:`~inspector.errors.InspectorError`,
shown in Vietnamese with its English form in the log, and mapped to an exit
code; an unexpected fault prints one sentence and the log file's path, never a
traceback.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from inspector import __version__
from inspector.cli_acquire import add_acquire_commands
from inspector.domain import DocumentType
from inspector.errors import InspectorError, UsageError
from inspector.logsetup import configure_logging
from inspector.progress import StderrProgress
from inspector.settings import load_settings

log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would exit 2 with English only
        raise UsageError(f"Sai cú pháp lệnh: {message}", f"usage error: {message}",
                         detail=self.format_usage())


def _actor(args: argparse.Namespace) -> str:
    return getattr(args, "actor", None) or load_settings().officer_name or getpass.getuser()


def _open_store(path: str):
    from storage.workspace import WorkspaceStore

    return WorkspaceStore.open(Path(path))


def _resolve_book(store, name: str | None, doc_type: str | None, *, create: bool, actor: str):
    from inspector.domain import Book

    if name:
        book = store.find_book(name)
        if book is not None:
            return book
        if not create:
            raise UsageError(f"Không có quyển sổ «{name}».", f"no book named {name!r}")
        year = _year_from_number(name)
        return store.add_book(doc_type or DocumentType.BIRTH, name, year=year, actor=actor)
    books: list[Book] = store.books()
    if len(books) == 1:
        return books[0]
    if not create:
        raise UsageError("Hãy chọn quyển sổ với --book.", "choose a book with --book")
    return store.add_book(doc_type or DocumentType.BIRTH, "01", actor=actor)


def _year_from_number(number: str) -> int | None:
    tail = number.rsplit("/", 1)[-1].strip()
    return int(tail) if tail.isdigit() and len(tail) == 4 else None


# ---------------------------------------------------------------- commands
def cmd_init(args: argparse.Namespace) -> int:
    from storage.workspace import WorkspaceStore

    store = WorkspaceStore.create(Path(args.workspace), commune=args.commune, actor=_actor(args))
    print(f"Đã tạo thư mục làm việc: {store.root}")
    store.close()
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    from inspector.importing import import_files

    actor = _actor(args)
    with _open_store(args.workspace) as store:
        book = _resolve_book(store, args.book, args.type, create=True, actor=actor)
        progress = StderrProgress("Nhập trang")

        def on_page(page) -> None:  # noqa: ANN001 - domain Page
            # Printed only after the page is committed: a line here is a promise.
            print(f"stored\t{page.id}\t{page.source_name}#{page.source_page}", flush=True)

        summary = import_files(store, book, args.sources, actor=actor, recursive=args.recursive,
                               progress=progress, on_page=on_page)
        for problem in summary.problems:
            print(f"Lỗi: {problem.message_vi}", file=sys.stderr)
        print(
            f"Quyển {book.number}: đã nhập {len(summary.stored)} trang"
            f", {len(summary.already_present)} trang đã có từ trước"
            f", {len(summary.problems)} tệp không đọc được.",
            file=sys.stderr,
        )
    return 0 if summary.ok else 3


def cmd_pages(args: argparse.Namespace) -> int:
    with _open_store(args.workspace) as store:
        book = _resolve_book(store, args.book, None, create=False, actor="") if args.book else None
        pages = store.pages(book.id if book else None)
        books = {b.id: b for b in store.books()}
    if args.json:
        for page in pages:
            print(json.dumps({
                "id": page.id, "book": books[page.book_id].number, "order": page.order,
                "source": page.source_name, "source_page": page.source_page, "sha256": page.image_sha256,
                "width": page.width, "height": page.height, "status": page.status.value,
            }, ensure_ascii=False))
        return 0
    for page in pages:
        print(f"{page.id}\t{books[page.book_id].number}\t{page.order}\t{page.source_name}#{page.source_page}"
              f"\t{page.width}x{page.height}\t{page.status.value}")
    return 0


def cmd_records(args: argparse.Namespace) -> int:
    with _open_store(args.workspace) as store:
        books = {b.id: b for b in store.books()}
        records = store.records()
    for record in records:
        row = {
            "id": record.id, "type": record.document_type.value, "book": books[record.book_id].number,
            "status": record.status.value, "revision": record.revision,
            "flagged": list(record.flagged_fields),
        }
        if args.json:
            row["fields"] = {k: v.value for k, v in record.fields.items()}
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(f"{record.id}\t{row['type']}\t{row['book']}\t{row['status']}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from inspector.exports import export_book

    with _open_store(args.workspace) as store:
        book = _resolve_book(store, args.book, None, create=False, actor="")
        count = export_book(store, book, args.format, Path(args.out), actor=_actor(args))
    print(f"Đã xuất {count} bản ghi của quyển {book.number} ra {args.out}", file=sys.stderr)
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from inspector.launcher import launch_gui

    workspace = Path(args.workspace) if args.workspace else None
    screenshot = Path(args.screenshot) if args.screenshot else None
    if screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return launch_gui(workspace=workspace, screenshot=screenshot, language=args.lang, view=args.view,
                      record=args.record)


def cmd_demo(args: argparse.Namespace) -> int:
    from inspector.demo import run_demo

    return run_demo(Path(args.workspace), actor=_actor(args))


# ------------------------------------------------------------------ parser
def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = _Parser(prog="inspector", description="Số hoá sổ hộ tịch và kiểm tra từ xa.")
    parser.add_argument("--version", action="version", version=f"inspector {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="ghi nhật ký chi tiết ra màn hình")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("init", help="tạo thư mục làm việc mới")
    p.add_argument("workspace")
    p.add_argument("--commune", default="", help="tên xã/phường, ví dụ «Xã Quỳnh Hưng»")
    p.add_argument("--actor", help="tên cán bộ (ghi vào nhật ký)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("batch", help="nhập ảnh/PDF vào một quyển sổ")
    p.add_argument("sources", nargs="+", metavar="SRC")
    p.add_argument("--workspace", "-w", required=True)
    p.add_argument("--book", help="số quyển (tạo mới nếu chưa có), ví dụ 01/2020")
    p.add_argument("--type", choices=[t.value for t in DocumentType], help="loại sổ khi tạo quyển mới")
    p.add_argument("--recursive", action="store_true", help="đọc cả thư mục con")
    p.add_argument("--actor", help="tên cán bộ (ghi vào nhật ký)")
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser("pages", help="liệt kê các trang")
    p.add_argument("--workspace", "-w", required=True)
    p.add_argument("--book")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_pages)

    p = sub.add_parser("records", help="liệt kê các bản ghi")
    p.add_argument("--workspace", "-w", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_records)

    p = sub.add_parser("export", help="xuất một quyển sổ (CSV, JSON, XML, gói số hoá của Bộ Tư pháp)")
    p.add_argument("--workspace", "-w", required=True)
    p.add_argument("--book", required=True)
    p.add_argument("--format", required=True, choices=["csv", "json", "xml", "moj"])
    p.add_argument("--out", required=True, metavar="PATH")
    p.add_argument("--actor")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("gui", help="mở cửa sổ chương trình")
    p.add_argument("--workspace", "-w")
    p.add_argument("--screenshot", metavar="PNG", help="chụp cửa sổ ra tệp PNG rồi thoát")
    p.add_argument("--lang", choices=["vi", "en"])
    p.add_argument("--view", help="màn hình cần chụp (books, page, verify, book)")
    p.add_argument("--record", help="mã bản ghi cần mở")
    p.set_defaults(func=cmd_gui)

    p = sub.add_parser("demo", help="thư mục làm việc trình diễn từ các trang mẫu")
    p.add_argument("--workspace", "-w", default="demo-workspace")
    p.add_argument("--actor")
    p.set_defaults(func=cmd_demo)
    add_acquire_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``inspector`` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in argv or "--verbose" in argv
    log_file = configure_logging(verbose=verbose)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help(sys.stderr)
            return 2
        return args.func(args)
    except InspectorError as exc:
        log.error("%s: %s%s", type(exc).__name__, exc.message_en, f" ({exc.detail})" if exc.detail else "")
        print(f"Lỗi: {exc.message_vi}", file=sys.stderr)
        if isinstance(exc, UsageError) and exc.detail:
            print(exc.detail.rstrip(), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 130
    except Exception:  # the last net: a fault of ours, shown as one sentence
        log.exception("Unexpected error")
        print(f"Lỗi không mong đợi; chi tiết kỹ thuật đã ghi vào {log_file}.", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
