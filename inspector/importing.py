"""Import page images into a book: the first arrow of the journey of a page.

Each page is stored durably (blob synced, row committed) before the next one
is read, and reported as stored only then, so an interrupted import loses at
most the page in hand. A file that cannot be read is reported and skipped; the
rest of the batch goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from inspector.domain import Book, Page
from inspector.errors import CancelledError, InputFileError
from inspector.progress import Progress, SilentProgress
from ocr.acquire import expand_inputs, read_source
from storage.workspace import WorkspaceStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportProblem:
    """A file that could not be imported, with the reason for the officer and for logs."""

    path: str
    message_vi: str
    message_en: str


@dataclass(frozen=True)
class ImportSummary:
    """What an import did: pages stored, pages already present, files refused."""

    book_id: str
    stored: tuple[Page, ...] = ()
    already_present: tuple[Page, ...] = ()
    problems: tuple[ImportProblem, ...] = ()
    cancelled: bool = False
    files_seen: int = 0

    @property
    def ok(self) -> bool:
        """True when every input was read."""
        return not self.problems


@dataclass
class _Tally:
    stored: list[Page] = field(default_factory=list)
    present: list[Page] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


def import_files(store: WorkspaceStore, book: Book, inputs: Iterable[str | Path], *,
                 actor: str = "system", recursive: bool = False, progress: Progress | None = None,
                 on_page: Callable[[Page], None] | None = None) -> ImportSummary:
    """Import images and PDFs (files or folders) into ``book``.

    ``on_page`` is called after each page is durably stored (the CLI prints it;
    the GUI adds its thumbnail). Cancelling keeps the pages already stored.
    """
    progress = progress or SilentProgress()
    files = expand_inputs(inputs, recursive=recursive)
    tally = _Tally()
    cancelled = False
    for index, path in enumerate(files):
        if progress.cancelled:
            cancelled = True
            break
        progress.update(index, len(files), path.name)
        try:
            for source_page in read_source(path):
                if progress.cancelled:
                    raise CancelledError()
                result = store.add_page(
                    book.id, source_page.data, media_type=source_page.media_type,
                    width=source_page.width, height=source_page.height,
                    source_name=path.name, source_page=source_page.page_number, actor=actor,
                )
                if result.already_present:
                    tally.present.append(result.page)
                else:
                    tally.stored.append(result.page)
                    if on_page is not None:
                        on_page(result.page)
        except InputFileError as exc:
            log.warning("Skipped input: %s", exc.message_en)
            tally.problems.append(ImportProblem(str(path), exc.message_vi, exc.message_en))
        except CancelledError:
            cancelled = True
            break
    progress.update(len(files) if not cancelled else len(tally.stored), len(files), "")
    return ImportSummary(book.id, tuple(tally.stored), tuple(tally.present), tuple(tally.problems),
                         cancelled, len(files))
