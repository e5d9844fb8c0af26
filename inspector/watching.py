"""Import what a scanner drops into a watch folder, each file once, never half.

The loop lists the folder every ``poll_s`` seconds. A file unchanged for
``settle_s`` is read; if it reads whole, its pages are stored, a line is
appended to the folder's journal, and it is moved to ``da-nhap/``. A file
that does not read is tried again while it may still be arriving, and moved
to ``loi/`` with a ``.txt`` giving the reason once it has stayed unreadable
and unchanged for ``give_up_s``.

Every step is safe to interrupt. Killed after storing but before the journal
line, a restart stores the file again and the book's digest dedupe reports
its pages as already present; killed after the journal line but before the
move, the journal says it is done and the file is only moved. Files already
in ``da-nhap/`` are never looked at again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from inspector.domain import Book, Page
from inspector.errors import InputFileError, UsageError
from ocr.acquire.files import read_source
from ocr.acquire.watch import (
    IMPORTED_DIR,
    JOURNAL_NAME,
    REFUSED_DIR,
    FileStamp,
    Sighting,
    WatchJournal,
    check_whole,
    file_digest,
    move_into,
    next_settling,
    observe,
    refuse_file,
    settled,
    snapshot_folder,
)
from storage.workspace import WorkspaceStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WatchOptions:
    """Timings of a watch folder, in seconds, and whether to stop once the folder is empty."""

    settle_s: float = 2.0
    give_up_s: float = 30.0
    poll_s: float = 1.0
    once: bool = False

    def __post_init__(self) -> None:
        if self.settle_s < 0 or self.poll_s <= 0 or self.give_up_s < self.settle_s:
            raise UsageError("Thời gian chờ của thư mục theo dõi không hợp lệ.",
                             "invalid watch timings (need poll > 0, give_up >= settle >= 0)")


@dataclass(frozen=True)
class FileOutcome:
    """What became of one file: ``imported`` (moved to da-nhap/) or ``refused`` (moved to loi/)."""

    name: str
    outcome: str
    stored: tuple[Page, ...] = ()
    already_present: int = 0
    moved_to: str = ""
    message_vi: str = ""
    message_en: str = ""


@dataclass(frozen=True)
class WatchSummary:
    """Every file the watch took, in the order it took them."""

    book_id: str
    files: tuple[FileOutcome, ...] = ()

    @property
    def stored(self) -> tuple[Page, ...]:
        """Pages newly stored."""
        return tuple(page for outcome in self.files for page in outcome.stored)

    @property
    def refused(self) -> tuple[FileOutcome, ...]:
        """Files moved to loi/."""
        return tuple(outcome for outcome in self.files if outcome.outcome == "refused")


@dataclass
class _Folder:
    root: Path
    imported: Path
    refused: Path
    journal: WatchJournal


def _stamp(path: Path) -> FileStamp:
    info = path.stat()
    return FileStamp(info.st_size, info.st_mtime_ns)


def _take(store: WorkspaceStore, book: Book, folder: _Folder, name: str, seen: Sighting, *, actor: str,
          give_up_s: float, now: Callable[[], float],
          on_page: Callable[[Page], None] | None) -> FileOutcome | None:
    """Import or refuse one settled file; None means "not now, try again later"."""
    path = folder.root / name
    try:
        check_whole(path)
        digest = file_digest(path)
        if folder.journal.imported(digest, book.id) is not None:
            # Stored and journaled before a crash or a copy of a file done before: only move it.
            moved = move_into(path, folder.imported)
            return FileOutcome(name, "imported", moved_to=str(moved))
        stored: list[Page] = []
        present = 0
        for source_page in read_source(path):
            result = store.add_page(book.id, source_page.data, media_type=source_page.media_type,
                                    width=source_page.width, height=source_page.height, source_name=name,
                                    source_page=source_page.page_number, actor=actor)
            if result.already_present:
                present += 1
            else:
                stored.append(result.page)
                if on_page is not None:
                    on_page(result.page)
        if _stamp(path) != seen.stamp:
            # Written to while we read it: what we stored is deduplicated on the next try.
            log.info("A watched file changed while being imported; trying again later")
            return None
        folder.journal.append(name, digest, book.id, "imported", len(stored) + present)
        moved = move_into(path, folder.imported)
        return FileOutcome(name, "imported", tuple(stored), present, str(moved))
    except InputFileError as exc:
        if not path.exists():
            return None  # taken away by someone else
        if now() - seen.unchanged_since < give_up_s:
            log.debug("Watched file not readable yet: %s", exc.message_en)
            return None
        try:
            digest = file_digest(path)
            folder.journal.append(name, digest, book.id, "refused", 0)
            moved = refuse_file(path, folder.refused, exc.message_vi, exc.message_en)
        except OSError as move_error:
            log.warning("Cannot move a refused file aside yet: %s", move_error.strerror)
            return None
        log.warning("Refused a watched file: %s", exc.message_en)
        return FileOutcome(name, "refused", moved_to=str(moved), message_vi=exc.message_vi,
                           message_en=exc.message_en)
    except OSError as exc:
        # Vanished, locked by the scanner (Windows), or the share dropped: try again later.
        log.info("Watched file not available yet: %s", exc.strerror)
        return None


def watch_folder(store: WorkspaceStore, book: Book, folder: str | Path, *, options: WatchOptions | None = None,
                 actor: str = "system", stop: threading.Event | None = None,
                 on_page: Callable[[Page], None] | None = None,
                 on_file: Callable[[FileOutcome], None] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> WatchSummary:
    """Watch ``folder`` and import into ``book`` until ``stop`` is set (or, with ``once``, it is empty).

    Files already in the folder are processed first. ``on_page`` is called after
    each page is durably stored; ``on_file`` after each file is moved aside.
    Set ``stop`` from any thread or a signal handler: the file in hand is
    finished first.
    """
    options = options or WatchOptions()
    root = Path(folder)
    if not root.is_dir():
        raise UsageError(f"Không tìm thấy thư mục theo dõi «{root}».", f"watch folder {root} not found")
    (root / IMPORTED_DIR).mkdir(exist_ok=True)
    (root / REFUSED_DIR).mkdir(exist_ok=True)
    place = _Folder(root, root / IMPORTED_DIR, root / REFUSED_DIR, WatchJournal(root / JOURNAL_NAME))
    stop = stop or threading.Event()
    sightings: dict[str, Sighting] = {}
    retry_at: dict[str, float] = {}
    outcomes: list[FileOutcome] = []
    while not stop.is_set():
        now = clock()
        try:
            sightings = observe(sightings, snapshot_folder(root), now)
        except OSError as exc:  # a network share that went away: keep waiting for it
            log.warning("Cannot list the watch folder: %s", exc.strerror)
            stop.wait(options.poll_s)
            continue
        retry_at = {name: at for name, at in retry_at.items() if name in sightings}
        for name in settled(sightings, now, options.settle_s):
            if stop.is_set():
                break
            if retry_at.get(name, 0.0) > now:
                continue
            outcome = _take(store, book, place, name, sightings[name], actor=actor,
                            give_up_s=options.give_up_s, now=clock, on_page=on_page)
            if outcome is None:
                retry_at[name] = clock() + max(options.settle_s, options.poll_s)
                continue
            sightings.pop(name, None)
            retry_at.pop(name, None)
            outcomes.append(outcome)
            if on_file is not None:
                on_file(outcome)
        if options.once and not sightings:
            break
        now = clock()
        waits = [options.poll_s]
        settling = next_settling(sightings, now, options.settle_s)
        if settling is not None:
            waits.append(settling)
        waits.extend(at - now for at in retry_at.values())
        stop.wait(max(0.05, min(waits)))
    return WatchSummary(book.id, tuple(outcomes))
