"""Scan paper straight into a book: each sheet is stored the moment it arrives.

Like :func:`inspector.importing.import_files`, a page is reported only once
it is durably stored, so a jam on sheet 37 keeps the 36 before it; the error
comes back in the summary with the count, and the officer goes on from the
jammed sheet.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from inspector.domain import Book, Page
from inspector.errors import CancelledError
from inspector.importing import ImportProblem, ImportSummary
from inspector.progress import Progress, SilentProgress
from ocr.acquire.sane_scanner import ScannerDevice, ScannerError, scan
from storage.workspace import WorkspaceStore

log = logging.getLogger(__name__)


def scan_source_name(device: ScannerDevice | str, at: datetime | None = None) -> str:
    """The name pages of one scan run are listed under, e.g. ``scan 2025-03-01 09:15:02 test:0``."""
    name = device if isinstance(device, str) else device.name
    stamp = (at or datetime.now()).strftime("%Y-%m-%d %H:%M:%S")
    return f"scan {stamp} {name}"


def scan_into_book(store: WorkspaceStore, book: Book, device: ScannerDevice | str, *, resolution: int = 300,
                   mode: str = "Color", source: str = "flatbed", pages: int | None = None,
                   actor: str = "system", progress: Progress | None = None,
                   on_page: Callable[[Page], None] | None = None,
                   options: Mapping[str, Any] | None = None) -> ImportSummary:
    """Scan from ``device`` into ``book`` and return what was stored.

    Run it in one thread from start to end (SANE is not thread-safe). A
    scanner fault (jam, cover open, empty feeder, busy, not found) ends the
    run and is returned in ``problems``; pages stored before it stay. Mode or
    source the device lacks raises :class:`~inspector.errors.UsageError`.
    ``options`` are driver-specific SANE options, passed through.
    """
    progress = progress or SilentProgress()
    source_name = scan_source_name(device)
    stored: list[Page] = []
    present: list[Page] = []
    problems: list[ImportProblem] = []
    cancelled = False
    try:
        for sheet in scan(device, resolution=resolution, mode=mode, source=source, pages=pages,
                          progress=progress, options=options):
            result = store.add_page(book.id, sheet.data, media_type=sheet.media_type, width=sheet.width,
                                    height=sheet.height, source_name=source_name,
                                    source_page=sheet.page_number, actor=actor)
            (present if result.already_present else stored).append(result.page)
            if not result.already_present and on_page is not None:
                on_page(result.page)
        cancelled = progress.cancelled
    except ScannerError as exc:
        log.warning("Scan stopped: %s", exc.message_en)
        problems.append(ImportProblem(exc.path, exc.message_vi, exc.message_en))
    except CancelledError:
        cancelled = True
    return ImportSummary(book.id, tuple(stored), tuple(present), tuple(problems), cancelled,
                         files_seen=len(stored) + len(present))
