"""``inspector dossier``: split a scanned bundle into documents, print separator sheets.

``inspector dossier split SRC… [--json]`` reads images, multi-page TIFFs, PDFs and
folders as one bundle in scan order and prints the documents found (page ranges,
type, the separator sheet before each, the ID card copies' data with ID numbers
masked unless ``--show-personal-data``). Exit status: 0 every page read, 3 some
pages could not be read (they are kept as attachments), 4 Tesseract is missing.

``inspector dossier separator --label L --out sheet.pdf|png`` writes the A4 sheet
to put between dossiers before scanning.
"""

from __future__ import annotations

import argparse
import json
import sys

from inspector.cli_recognize import _positive_int, _utf8_stdout


def cmd_dossier_split(args: argparse.Namespace) -> int:
    """Read the bundle, split it, print the documents."""
    from inspector.dossiers import split_files, split_json, split_lines
    from inspector.progress import StderrProgress
    from inspector.recognition import check_engine

    engine = check_engine()  # exit 4 before any output when Tesseract or vie is missing
    _utf8_stdout()
    progress = StderrProgress("Đọc trang")
    done = 0

    def on_page(page) -> None:  # noqa: ANN001 - inspector.dossiers.DossierPage
        nonlocal done
        done += 1
        progress.update(done, None, page.signal.label)

    split = split_files(args.sources, jobs=args.jobs, recursive=args.recursive, engine=engine, on_page=on_page)
    if args.json:
        print(json.dumps(split_json(split, show_personal_data=args.show_personal_data), ensure_ascii=False))
    else:
        for line in split_lines(split, show_personal_data=args.show_personal_data):
            print(line)
    for page in split.failures:
        print(f"Lỗi: {page.label}: {page.error}", file=sys.stderr)
    attachments = sum(doc.is_attachment for doc in split.documents)
    print(f"Xong: {len(split.pages)} trang, {len(split.documents)} giấy tờ ({attachments} đính kèm), "
          f"{len(split.boundaries)} trang phân cách hoặc trắng, {len(split.failures)} trang không đọc được.",
          file=sys.stderr)
    return 3 if split.failures else 0


def cmd_dossier_separator(args: argparse.Namespace) -> int:
    """Write a separator sheet."""
    from ocr.qr import save_separator_sheet, separator_payload

    path = save_separator_sheet(args.label, args.out, dpi=args.dpi)
    print(f"Đã tạo tờ phân cách «{separator_payload(args.label)}»: {path}", file=sys.stderr)
    return 0


def add_dossier_commands(sub) -> None:  # noqa: ANN001 - argparse's subparsers action
    """Register ``dossier split`` and ``dossier separator``."""
    dossier = sub.add_parser("dossier", help="tách tập quét thành từng hồ sơ, giấy tờ; in tờ phân cách")
    commands = dossier.add_subparsers(dest="dossier_command", parser_class=type(dossier))
    dossier.set_defaults(func=lambda args: _usage(dossier))

    p = commands.add_parser("split", help="tách một tập quét (ảnh, TIFF nhiều trang, PDF) thành các giấy tờ")
    p.add_argument("sources", nargs="+", metavar="SRC", help="ảnh, TIFF nhiều trang, PDF hoặc thư mục, theo thứ tự quét")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.add_argument("--jobs", type=_positive_int, default=None, help="số tiến trình đọc song song (mặc định: số lõi)")
    p.add_argument("--recursive", action="store_true", help="đọc cả thư mục con")
    p.add_argument("--show-personal-data", action="store_true",
                   help="in đủ số định danh trên thẻ căn cước (mặc định chỉ 3 số cuối)")
    p.set_defaults(func=cmd_dossier_split)

    p = commands.add_parser("separator", help="tạo tờ phân cách hồ sơ (mã QR) để in")
    p.add_argument("--label", required=True, help="nhãn của hồ sơ hoặc giấy tờ, ví dụ «HS-2024-015»")
    p.add_argument("--out", required=True, metavar="PATH", help="tệp .pdf, .png, .tif hoặc .jpg")
    p.add_argument("--dpi", type=_positive_int, default=300, help="độ phân giải (mặc định 300)")
    p.set_defaults(func=cmd_dossier_separator)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


__all__ = ["add_dossier_commands", "cmd_dossier_separator", "cmd_dossier_split"]
