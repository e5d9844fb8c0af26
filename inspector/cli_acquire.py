"""The ``inspector scan`` and ``inspector watch`` subcommands: paper in from a scanner or a folder.

As with ``batch``, a ``stored`` line on standard output is printed only once
its page is committed; messages go to standard error. Ctrl+C (SIGINT) and
SIGTERM stop cleanly: the sheet or file in hand is finished first.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from inspector.domain import DocumentType
from inspector.errors import UsageError
from inspector.progress import StderrProgress

_SOURCES = ("flatbed", "adf", "adf-duplex")
_MODES = ("Color", "Gray", "Lineart")


@contextmanager
def _stop_on_signals(stop: Callable[[], None]) -> Iterator[None]:
    """Turn SIGINT and SIGTERM into a polite stop request for the duration of the block."""
    previous = {}
    for number in (signal.SIGINT, signal.SIGTERM):
        previous[number] = signal.signal(number, lambda _signum, _frame: stop())
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _print_stored(page) -> None:  # noqa: ANN001 - domain Page
    # Printed only after the page is committed: a line here is a promise.
    print(f"stored\t{page.id}\t{page.source_name}#{page.source_page}", flush=True)


def _resolutions_text(resolutions: tuple[int, ...]) -> str:
    if not resolutions:
        return "?"
    return f"{resolutions[0]}-{resolutions[-1]} dpi" if len(resolutions) > 2 else \
        ",".join(str(r) for r in resolutions) + " dpi"


def cmd_scan(args: argparse.Namespace) -> int:
    """``inspector scan``: list scanners, or scan into a book."""
    from ocr.acquire.sane_scanner import list_devices

    if args.list:
        devices = list_devices()
        if not devices:
            print("Không tìm thấy máy quét nào. Hãy bật máy quét, cắm cáp rồi thử lại.", file=sys.stderr)
            return 0
        for device in devices:
            state = "" if device.available else "\t(đang bận)"
            print(f"{device.name}\t{device.label}\t{device.type}\t{','.join(device.feeds)}"
                  f"\t{','.join(device.colour_modes)}\t{_resolutions_text(device.resolutions)}{state}")
        return 0
    if not args.workspace:
        raise UsageError("Hãy chỉ thư mục làm việc với --workspace.", "--workspace is required to scan")
    device = args.device
    if not device:
        devices = list_devices()
        if len(devices) != 1:
            raise UsageError("Hãy chọn máy quét với --device (xem danh sách: inspector scan --list).",
                             f"{len(devices)} scanners found; choose one with --device")
        device = devices[0].name
    return _scan_into(args, device)


def _scan_into(args: argparse.Namespace, device: str) -> int:
    from inspector.cli import _actor, _open_store, _resolve_book
    from inspector.scanning import scan_into_book

    actor = _actor(args)
    with _open_store(args.workspace, args) as store:
        book = _resolve_book(store, args.book, args.type, create=True, actor=actor)
        progress = StderrProgress("Quét trang")
        with _stop_on_signals(progress.cancel):
            summary = scan_into_book(store, book, device, resolution=args.resolution, mode=args.mode,
                                     source=args.source, pages=args.pages, actor=actor, progress=progress,
                                     on_page=_print_stored)
    for problem in summary.problems:
        print(f"Lỗi: {problem.message_vi}", file=sys.stderr)
    print(f"Quyển {book.number}: đã quét và lưu {len(summary.stored)} trang"
          f"{' (đã dừng theo yêu cầu)' if summary.cancelled else ''}.", file=sys.stderr)
    if not summary.ok:
        return 3
    return 130 if summary.cancelled else 0


def cmd_watch(args: argparse.Namespace) -> int:
    """``inspector watch``: import what lands in a folder until stopped (or, with --once, emptied)."""
    import threading

    from inspector.cli import _actor, _open_store, _resolve_book
    from inspector.watching import WatchOptions, watch_folder

    options = WatchOptions(settle_s=args.settle, give_up_s=args.give_up, poll_s=args.poll, once=args.once)
    folder = Path(args.folder)
    if not folder.is_dir():
        raise UsageError(f"Không tìm thấy thư mục «{folder}».", f"watch folder {folder} not found")
    actor = _actor(args)
    stop = threading.Event()

    def on_file(outcome) -> None:  # noqa: ANN001 - FileOutcome
        if outcome.outcome == "refused":
            print(f"refused\t{outcome.name}", flush=True)
            print(f"Lỗi: {outcome.message_vi} Đã chuyển vào thư mục «loi».", file=sys.stderr, flush=True)
        elif not outcome.stored:
            print(f"{outcome.name}: các trang đã có trong quyển từ trước; đã chuyển vào «da-nhap».",
                  file=sys.stderr, flush=True)

    with _open_store(args.workspace, args) as store:
        book = _resolve_book(store, args.book, args.type, create=True, actor=actor)
        if not args.once:
            print(f"Đang theo dõi «{folder}» cho quyển {book.number}; nhấn Ctrl+C để dừng.",
                  file=sys.stderr, flush=True)
        with _stop_on_signals(stop.set):
            summary = watch_folder(store, book, folder, options=options, actor=actor, stop=stop,
                                   on_page=_print_stored, on_file=on_file)
    imported = sum(1 for outcome in summary.files if outcome.outcome == "imported")
    print(f"Quyển {book.number}: đã nhập {len(summary.stored)} trang từ {imported} tệp"
          f", {len(summary.refused)} tệp bị từ chối.", file=sys.stderr)
    return 0


def add_acquire_commands(subparsers: argparse._SubParsersAction) -> None:
    """Add ``scan`` and ``watch`` to the ``inspector`` command's subparsers."""
    types = [t.value for t in DocumentType]

    p = subparsers.add_parser("scan", help="quét giấy từ máy quét vào một quyển sổ (hoặc --list)")
    p.add_argument("--list", action="store_true", help="liệt kê các máy quét")
    p.add_argument("--device", "-d", help="tên máy quét (xem --list); bỏ trống nếu chỉ có một máy")
    p.add_argument("--source", choices=_SOURCES, default="flatbed",
                   help="mặt kính (flatbed), khay nạp giấy (adf) hoặc khay nạp hai mặt (adf-duplex)")
    p.add_argument("--pages", type=int, help="số trang tối đa khi quét bằng khay nạp giấy")
    p.add_argument("--resolution", type=int, default=300, help="độ phân giải (dpi), mặc định 300")
    p.add_argument("--mode", choices=_MODES, default="Color", help="màu (Color), xám (Gray), đen trắng (Lineart)")
    p.add_argument("--workspace", "-w")
    p.add_argument("--book", help="số quyển (tạo mới nếu chưa có), ví dụ 01/2020")
    p.add_argument("--type", choices=types, help="loại sổ khi tạo quyển mới")
    p.add_argument("--actor", help="tên cán bộ (ghi vào nhật ký)")
    p.set_defaults(func=cmd_scan)

    p = subparsers.add_parser("watch", help="tự nhập các tệp máy quét lưu vào một thư mục")
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--workspace", "-w", required=True)
    p.add_argument("--book", help="số quyển (tạo mới nếu chưa có), ví dụ 01/2020")
    p.add_argument("--type", choices=types, help="loại sổ khi tạo quyển mới")
    p.add_argument("--once", action="store_true", help="nhập những gì đang có rồi thoát")
    p.add_argument("--settle", type=float, default=2.0, help="số giây tệp phải đứng yên trước khi nhập (2)")
    p.add_argument("--give-up", type=float, default=30.0,
                   help="số giây một tệp không đọc được vẫn đứng yên thì chuyển vào «loi» (30)")
    p.add_argument("--poll", type=float, default=1.0, help="số giây giữa hai lần xem thư mục (1)")
    p.add_argument("--actor", help="tên cán bộ (ghi vào nhật ký)")
    p.set_defaults(func=cmd_watch)
