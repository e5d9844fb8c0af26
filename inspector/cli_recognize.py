"""The ``inspector extract`` command, and ``inspector batch`` with recognition.

``extract`` is the headless extraction contract (shared/spec/extraction.md): JSON
Lines on standard output, one object per record found on a page, in input order,
each page written as soon as it is read; progress and errors on standard error.
Exit status: 0 every input read, 2 wrong usage, 3 some inputs could not be read
(the others were processed), 4 Tesseract or its Vietnamese data is missing.

``batch`` stores pages in a book and reads them into draft records: a
``stored`` line on standard output once a page is committed, a ``read`` line once
its records are, and a summary on standard error at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from inspector.domain import DocumentType
from inspector.progress import StderrProgress

TYPE_CHOICES = ("auto", *(t.value for t in DocumentType))


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"cần một số nguyên dương, không phải {text!r}")
    return value


def _utf8_stdout() -> None:
    # JSON lines are UTF-8 whatever the console's code page (Windows pipes default to cp1252).
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(encoding="utf-8", errors="strict")


def _error_line(result) -> str:  # noqa: ANN001 - inspector.recognition.PageResult
    """One line naming the input (full path as given) and why it was not read, in Vietnamese."""
    message = result.error.message_vi
    name = Path(result.source).name
    if message.startswith(f"{name}: "):
        message = message[len(name) + 2:]
    where = result.source if not result.page_number else f"{result.source} (trang {result.page_number})"
    return f"Lỗi: {where}: {message}"


def _page_summary(result, flagged: int | None = None) -> str:  # noqa: ANN001 - PageResult
    """One read page for the officer; ``flagged`` the fields to check as stored (else as read)."""
    if result.document_type is None:
        return "không nhận ra loại giấy tờ"
    kind = DocumentType(result.document_type).label_vi.lower()
    flagged = result.flagged_count if flagged is None else flagged
    return f"{kind}, {len(result.records)} bản ghi, {flagged} trường cần kiểm tra"


def _empty_folders(paths: list[str], recursive: bool) -> list[str]:
    from ocr.acquire import expand_inputs

    return [p for p in paths if Path(p).is_dir() and not expand_inputs([p], recursive=recursive)]


# ------------------------------------------------------------------ extract
def cmd_extract(args: argparse.Namespace) -> int:
    """Read the inputs and print one JSON object per record found, in input order."""
    from inspector.recognition import check_engine, page_json_lines, recognize_files

    engine = check_engine()  # exit 4 before any output when Tesseract or vie is missing
    document_type = None if args.type == "auto" else args.type
    for folder in _empty_folders(args.paths, args.recursive):
        print(f"Chú ý: thư mục {folder} không có ảnh hay tệp PDF nào.", file=sys.stderr)
    _utf8_stdout()
    failures = pages = records = 0
    results = recognize_files(args.paths, jobs=args.jobs, document_type=document_type,
                              recursive=args.recursive, engine=engine)
    try:
        for result in results:
            if not result.ok:
                failures += 1
                print(_error_line(result), file=sys.stderr, flush=True)
                continue
            lines = page_json_lines(result)
            sys.stdout.write("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
            sys.stdout.flush()
            pages += 1
            records += len(result.records)
            print(f"Đã đọc {result.source} trang {result.page_number}: {_page_summary(result)}",
                  file=sys.stderr, flush=True)
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, without a second error at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        results.close()
    print(f"Xong: {pages} trang đã đọc, {records} bản ghi, {failures} đầu vào không đọc được.", file=sys.stderr)
    return 3 if failures else 0


# ------------------------------------------------------------------ batch
def run_batch(args: argparse.Namespace, store, book, actor: str) -> int:  # noqa: ANN001 - store, Book
    """Store the pages of ``args.sources`` in ``book`` and read them into draft records."""
    from inspector.importing import flagged_fields, import_and_recognize

    progress = StderrProgress("Nhập trang")

    def on_page(page) -> None:  # noqa: ANN001 - domain Page
        # Printed only after the page is committed: a line here is a promise.
        print(f"stored\t{page.id}\t{page.source_name}#{page.source_page}", flush=True)

    def on_read(result, stored) -> None:  # noqa: ANN001 - PageResult, list[Record]
        if not result.ok:
            print(_error_line(result), file=sys.stderr, flush=True)
            return
        # Printed only after the page's records are committed.
        print(f"read\t{result.tag}\t{result.source}#{result.page_number}\t{result.document_type or '-'}"
              f"\t{len(stored)}\t{flagged_fields(stored)}", flush=True)
        print(f"Đã đọc {result.source} trang {result.page_number}: {_page_summary(result, flagged_fields(stored))}",
              file=sys.stderr, flush=True)

    summary = import_and_recognize(store, book, args.sources, actor=actor, recursive=args.recursive,
                                   progress=progress, on_page=on_page, on_read=on_read,
                                   jobs=getattr(args, "jobs", None))
    for problem in summary.problems:
        if "#" not in problem.path:  # unread pages were reported as they came
            print(f"Lỗi: {problem.message_vi}", file=sys.stderr)
    print(
        f"Quyển {book.number}: đã nhập {len(summary.stored)} trang"
        f", {len(summary.already_present)} trang đã có từ trước"
        f", {len(summary.problems)} tệp hoặc trang không đọc được.",
        file=sys.stderr,
    )
    print(
        f"Đã đọc {summary.pages_read} trang: {len(summary.records)} bản ghi nháp"
        f", {summary.flagged_fields} trường cần kiểm tra"
        f", {summary.pages_without_record} trang không nhận ra loại giấy tờ."
        + (" Đã dừng giữa chừng; các trang đã nhập được giữ lại." if summary.cancelled else ""),
        file=sys.stderr,
    )
    return 0 if summary.ok else 3


# ------------------------------------------------------------------ parser
def add_recognize_commands(sub) -> None:  # noqa: ANN001 - argparse's subparsers action
    """Register ``extract`` and give ``batch`` its ``--jobs`` option."""
    p = sub.add_parser("extract", help="nhận dạng ảnh/PDF, in mỗi bản ghi một dòng JSON (không cần thư mục làm việc)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="ảnh (PNG, JPEG, TIFF), PDF hoặc thư mục")
    p.add_argument("--type", choices=TYPE_CHOICES, default="auto",
                   help="loại giấy tờ; auto (mặc định) để chương trình tự nhận ra")
    p.add_argument("--jobs", type=_positive_int, default=None, help="số tiến trình đọc song song (mặc định: số lõi)")
    p.add_argument("--recursive", action="store_true", help="đọc cả thư mục con")
    p.set_defaults(func=cmd_extract)
    batch = sub.choices.get("batch")
    if batch is not None:
        batch.add_argument("--jobs", type=_positive_int, default=None,
                           help="số tiến trình đọc song song (mặc định: số lõi)")


__all__ = ["add_recognize_commands", "cmd_extract", "run_batch"]
