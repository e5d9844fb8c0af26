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
from inspector.cli_dossier import add_dossier_commands
from inspector.cli_recognize import add_recognize_commands
from inspector.cli_trust import add_trust_commands
from inspector.domain import DocumentType
from inspector.errors import InspectorError, UsageError
from inspector.logsetup import configure_logging
from inspector.settings import load_settings
from inspector.unlock import add_unlock_argument, add_unlock_commands, passphrase_for_create

log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would exit 2 with English only
        raise UsageError(f"Sai cú pháp lệnh: {message}", f"usage error: {message}",
                         detail=self.format_usage())


def _actor(args: argparse.Namespace) -> str:
    return getattr(args, "actor", None) or load_settings().officer_name or getpass.getuser()


def _open_store(path: str, args: argparse.Namespace | None = None):
    """Open a command's workspace, unlocking it from ``--passphrase-file``, the environment or a prompt."""
    from inspector.unlock import open_workspace

    return open_workspace(args if args is not None else argparse.Namespace(), path)


def _resolve_book(store, name: str | None, doc_type: str | None, *, create: bool, actor: str):
    from inspector.domain import Book

    if name:
        kind, _, number = name.partition(":")
        if number and kind in {member.value for member in DocumentType}:  # "birth:01/2024"
            name, doc_type = number, doc_type or kind
        found = store.find_books(name, doc_type)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            kinds = ", ".join(f"{book.document_type.value}:{book.number}" for book in found)
            raise UsageError(f"Có {len(found)} quyển sổ cùng số «{name}»; hãy ghi rõ loại sổ, ví dụ "
                             f"--book {found[0].document_type.value}:{found[0].number} (có: {kinds}).",
                             f"book {name!r} is ambiguous: {kinds}")
        if not create:
            raise UsageError(f"Không có quyển sổ «{name}».", f"no book named {name!r}")
        from inspector.importing import book_year

        return store.add_book(doc_type or DocumentType.BIRTH, name, year=book_year(name), actor=actor)
    books: list[Book] = store.books()
    if len(books) == 1:
        return books[0]
    if not create:
        raise UsageError("Hãy chọn quyển sổ với --book.", "choose a book with --book")
    return store.add_book(doc_type or DocumentType.BIRTH, "01", actor=actor)


# ---------------------------------------------------------------- commands
def cmd_init(args: argparse.Namespace) -> int:
    from storage.workspace import WorkspaceStore

    store = WorkspaceStore.create(Path(args.workspace), commune=args.commune, actor=_actor(args),
                                  passphrase=passphrase_for_create(args))
    print(f"Đã tạo thư mục làm việc{' (đã mã hoá)' if store.encrypted else ''}: {store.root}")
    store.close()
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    from inspector.cli_recognize import run_batch

    actor = _actor(args)
    with _open_store(args.workspace, args) as store:
        book = _resolve_book(store, args.book, args.type, create=True, actor=actor)
        return run_batch(args, store, book, actor)


def cmd_pages(args: argparse.Namespace) -> int:
    with _open_store(args.workspace, args) as store:
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
    with _open_store(args.workspace, args) as store:
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
    from inspector.exports import export_book, export_pdfa

    with _open_store(args.workspace, args) as store:
        book = _resolve_book(store, args.book, None, create=False, actor="")
        if args.format == "pdfa":
            from inspector.progress import StderrProgress

            result = export_pdfa(store, book, Path(args.out), actor=_actor(args), jobs=args.jobs,
                                 progress=StderrProgress("Xuất PDF/A, trang"))
            print(f"Đã xuất {result.pages} trang của quyển {book.number} ra {args.out} "
                  f"({result.seconds:.1f} giây)", file=sys.stderr)
            if result.pages_without_text:
                pages = ", ".join(str(n) for n in result.pages_without_text)
                print(f"Cảnh báo: trang {pages} không đọc được chữ; tệp chỉ có ảnh của các trang này.",
                      file=sys.stderr)
            return 0
        count = export_book(store, book, args.format, Path(args.out), actor=_actor(args))
    print(f"Đã xuất {count} bản ghi của quyển {book.number} ra {args.out}", file=sys.stderr)
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from inspector.launcher import launch_gui
    from inspector.unlock import passphrase_file_from, passphrase_for_open, read_passphrase_file

    workspace = Path(args.workspace) if args.workspace else None
    screenshot = Path(args.screenshot) if args.screenshot else None
    passphrase = None
    if workspace is not None and screenshot is not None:
        # No window to ask in: the passphrase file, the environment or the terminal gives it.
        passphrase = passphrase_for_open(args, workspace)
    elif workspace is not None and passphrase_file_from(args):
        passphrase = read_passphrase_file(passphrase_file_from(args))  # else the window asks
    if screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return launch_gui(workspace=workspace, screenshot=screenshot, language=args.lang, view=args.view,
                      record=args.record, passphrase=passphrase)


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
    add_unlock_argument(p, creating=True)
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

    p = sub.add_parser("export", help="xuất một quyển sổ (CSV, JSON, XML, gói số hoá của Bộ Tư pháp, "
                                      "PDF/A tìm kiếm được)")
    p.add_argument("--workspace", "-w", required=True)
    p.add_argument("--book", required=True)
    p.add_argument("--format", required=True, choices=["csv", "json", "xml", "moj", "pdfa"],
                   help="pdfa: ảnh các trang theo thứ tự kèm lớp chữ nhận dạng (PDF/A-2B)")
    p.add_argument("--out", required=True, metavar="PATH")
    p.add_argument("--jobs", "-j", type=int, metavar="N", help="số tiến trình nhận dạng song song (pdfa)")
    p.add_argument("--actor")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("gui", help="mở cửa sổ chương trình")
    p.add_argument("--workspace", "-w")
    p.add_argument("--screenshot", metavar="PNG", help="chụp cửa sổ ra tệp PNG rồi thoát")
    p.add_argument("--lang", choices=["vi", "en"])
    p.add_argument("--view", help="màn hình cần chụp: main (quyển và trang), verify (kiểm tra bản ghi), "
                                  "book (sổ đăng ký dạng bảng)")
    p.add_argument("--record", help="mã bản ghi cần mở (mặc định: bản ghi đầu tiên có trường cần kiểm tra)")
    add_unlock_argument(p)
    p.set_defaults(func=cmd_gui)

    p = sub.add_parser("demo", help="thư mục làm việc trình diễn từ các trang mẫu")
    p.add_argument("--workspace", "-w", default="demo-workspace")
    p.add_argument("--actor")
    p.set_defaults(func=cmd_demo)
    add_acquire_commands(sub)
    add_trust_commands(sub)
    add_recognize_commands(sub)
    add_unlock_commands(sub)
    add_dossier_commands(sub)
    _add_unlock_options(sub)  # keep last: it covers every subcommand registered above
    return parser


def _add_unlock_options(sub: argparse._SubParsersAction) -> None:
    """Give ``--passphrase-file`` to every subcommand that opens a workspace (``--workspace``)."""
    seen: set[int] = set()
    for name, command in sub.choices.items():
        dests = {action.dest for action in command._actions}
        if id(command) in seen or name in ("demo", "gui") or "workspace" not in dests \
                or "passphrase_file" in dests:
            continue
        seen.add(id(command))
        add_unlock_argument(command)


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
