"""A watch folder: files a scanner drops, taken only once they are whole.

A scanner's "scan to folder" (often over a network share) writes a file in
pieces; reading it half-written would store half a page. So a file is taken
only when its size and modification time have not changed for a settling
interval, and then only if it reads as a whole image (Pillow fails on a
truncated one) or a whole PDF (ends with ``%%EOF``); otherwise it is tried
again later, and refused only after it stayed unreadable and unchanged for a
long while.

This module holds the folder's side: what is in it (:func:`snapshot_folder`),
which files have settled (:func:`observe`, :func:`settled`, pure functions on
frozen values), the journal of files processed, and moving a file aside to
``da-nhap/`` (imported) or ``loi/`` (refused, with a ``.txt`` giving the
reason). The loop that stores pages lives in :mod:`inspector.watching`.

Changes are found by polling: a listing every second costs microseconds
locally and one round trip on a share, it works the same on every file system
(SMB drops and some NAS send no change events), and the settling interval,
not the time to notice a file, is what sets the latency.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from inspector.errors import InputFileError
from ocr.acquire.files import log_name

log = logging.getLogger(__name__)

IMPORTED_DIR = "da-nhap"
REFUSED_DIR = "loi"
JOURNAL_NAME = ".nhat-ky-nhap.jsonl"
#: Names that are someone else's temporary or housekeeping files, never pages.
_TEMP_SUFFIXES = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".filepart", "~")
_JUNK_NAMES = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})


@dataclass(frozen=True)
class FileStamp:
    """What a listing says of a file: its size and modification time."""

    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Sighting:
    """A file as last seen, and since when (monotonic seconds) it has not changed."""

    stamp: FileStamp
    unchanged_since: float


def is_candidate(name: str) -> bool:
    """Whether a file name may be a page: not hidden, not a temporary or housekeeping file."""
    lowered = name.lower()
    return not (name.startswith((".", "~$")) or lowered.endswith(_TEMP_SUFFIXES) or lowered in _JUNK_NAMES)


def snapshot_folder(folder: Path) -> dict[str, FileStamp]:
    """Regular files directly in ``folder`` that may be pages (sub-folders are never entered)."""
    result: dict[str, FileStamp] = {}
    with os.scandir(folder) as entries:
        for entry in entries:
            if not is_candidate(entry.name):
                continue
            try:
                if not entry.is_file(follow_symlinks=False):
                    continue
                info = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue  # moved away between listing and stat
            result[entry.name] = FileStamp(info.st_size, info.st_mtime_ns)
    return result


def observe(previous: Mapping[str, Sighting], snapshot: Mapping[str, FileStamp], now: float) -> dict[str, Sighting]:
    """Fold a new listing into what was seen: a changed or new file starts its settling anew."""
    result: dict[str, Sighting] = {}
    for name, stamp in snapshot.items():
        seen = previous.get(name)
        result[name] = seen if seen is not None and seen.stamp == stamp else Sighting(stamp, now)
    return result


def settled(sightings: Mapping[str, Sighting], now: float, settle_s: float) -> list[str]:
    """Names unchanged for at least ``settle_s`` seconds, in name order (a scanner's page order)."""
    return sorted(name for name, seen in sightings.items() if now - seen.unchanged_since >= settle_s)


def next_settling(sightings: Mapping[str, Sighting], now: float, settle_s: float) -> float | None:
    """Seconds until the next file still settling will have settled, or None when none is settling."""
    waits = [seen.unchanged_since + settle_s - now for seen in sightings.values()
             if now - seen.unchanged_since < settle_s]
    return max(0.0, min(waits)) if waits else None


def check_whole(path: Path) -> None:
    """Refuse, for now, a PDF that does not end with ``%%EOF``: it is still being written.

    Images need no check here: reading one fully (as ``read_source`` does) fails
    on a truncated file. A PDF reader may open a cut PDF and show fewer pages.
    """
    with path.open("rb") as handle:
        head = handle.read(1024)
        if b"%PDF-" not in head:
            return
        handle.seek(max(0, path.stat().st_size - 2048))
        tail = handle.read()
    if b"%%EOF" not in tail:
        raise InputFileError(str(path), f"{path.name}: tệp PDF chưa trọn vẹn (có thể chưa sao chép xong).",
                             f"{log_name(path)}: PDF has no end marker (incomplete)")


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# ------------------------------------------------------------------- journal
@dataclass(frozen=True)
class JournalEntry:
    """One file processed: imported into a book, or refused."""

    file: str
    sha256: str
    book_id: str
    outcome: str  # "imported" or "refused"
    pages: int
    at: str


class WatchJournal:
    """The processed-files journal of a watch folder: JSON lines, appended and synced.

    It lets a restart tell a file it already stored (and must only move) from a
    new one; a torn last line from a crash is skipped.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._imported: dict[tuple[str, str], JournalEntry] = {}
        self._torn_tail = False
        if path.exists():
            text = path.read_text(encoding="utf-8", errors="replace")
            # A crash mid-append leaves a line without its newline: end it before appending.
            self._torn_tail = bool(text) and not text.endswith("\n")
            for line in text.splitlines():
                try:
                    entry = JournalEntry(**json.loads(line))
                except (ValueError, TypeError):
                    log.warning("Skipping an unreadable line of the watch journal")
                    continue
                if entry.outcome == "imported":
                    self._imported[(entry.sha256, entry.book_id)] = entry

    def imported(self, sha256: str, book_id: str) -> JournalEntry | None:
        """The entry of a file with this content already imported into this book, if any."""
        return self._imported.get((sha256, book_id))

    def append(self, file: str, sha256: str, book_id: str, outcome: str, pages: int) -> JournalEntry:
        """Record a processed file durably (flushed and fsynced) before it is moved."""
        entry = JournalEntry(file, sha256, book_id, outcome, pages, datetime.now(UTC).isoformat(timespec="seconds"))
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(("\n" if self._torn_tail else "") + json.dumps(asdict(entry), ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        self._torn_tail = False
        if outcome == "imported":
            self._imported[(sha256, book_id)] = entry
        return entry


# -------------------------------------------------------------- moving aside
def move_into(path: Path, folder: Path) -> Path:
    """Move ``path`` into ``folder`` under a free name (``scan.jpg`` → ``scan (2).jpg``)."""
    folder.mkdir(exist_ok=True)
    target = folder / path.name
    counter = 2
    while target.exists():
        target = folder / f"{path.stem} ({counter}){path.suffix}"
        counter += 1
    os.replace(path, target)
    return target


def refuse_file(path: Path, folder: Path, message_vi: str, message_en: str) -> Path:
    """Move a refused file into ``folder`` with ``NAME.txt`` beside it saying why, in Vietnamese."""
    target = move_into(path, folder)
    reason = (
        f"Không nhập được tệp «{path.name}».\n"
        f"Lý do: {message_vi}\n\n"
        "Hãy quét lại hoặc sửa tệp, rồi chép lại vào thư mục theo dõi để nhập.\n"
        f"(Technical: {message_en})\n"
    )
    # With a BOM, so the Notepad of older Windows shows the Vietnamese letters.
    target.with_name(target.name + ".txt").write_text(reason, encoding="utf-8-sig")
    return target
