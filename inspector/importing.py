"""Import page images into a book, and read them into draft records.

Each page is stored durably (blob synced, row committed) before the next one
is read, and reported as stored only then, so an interrupted import loses at
most the page in hand. A file that cannot be read is reported and skipped; the
rest of the batch goes on.

:func:`import_and_recognize` does the same and reads every stored page in worker
processes (:mod:`inspector.recognition`), storing each page's records as drafts
as soon as the page is read, in page order. A page counts as read once a
``read_page`` audit entry names it; a page stored but not yet read when the
batch was killed is read by the next batch over the same files (or by
:func:`recognize_unread_pages`).
"""

from __future__ import annotations

import logging
import re
import struct
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from inspector.domain import Book, FieldValue, Page, Record, RecordIssue
from inspector.errors import CancelledError, InputFileError
from inspector.progress import Progress, SilentProgress
from inspector.recognition import (
    PAGE_TIMEOUT_S,
    PageInput,
    PageResult,
    check_engine,
    draft_record,
    recognize_inputs,
    unreadable_file,
)
from ocr.acquire import expand_inputs, read_source
from ocr.confidence import HARD_REASONS
from ocr.engine import EngineInfo
from storage.workspace import READ_PAGE_ACTION, NewRecord, WorkspaceStore

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
    #: With recognition: pages read, records stored as drafts, and fields flagged in them.
    pages_read: int = 0
    records: tuple[Record, ...] = ()
    flagged_fields: int = 0
    #: Pages read on which no form was recognised (stored without a record).
    pages_without_record: int = 0

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


#: Audit action that marks a page as read (whatever the result); a page without it is read again.


def page_was_read(store: WorkspaceStore, page_id: str) -> bool:
    """Whether recognition already ran on this page (it has a ``read_page`` audit entry)."""
    return any(entry.action == READ_PAGE_ACTION for entry in store.audit_entries(page_id))


@dataclass
class _ReadTally(_Tally):
    records: list[Record] = field(default_factory=list)
    pages_read: int = 0
    flagged: int = 0
    without_record: int = 0


#: A book number as pages print it and officers type it: "01/2024", "1/2024", "01".
_BOOK_NUMBER = re.compile(r"\s*0*(\d{1,3})\s*(?:/\s*(\d{4}))?\s*")


def _book_number_parts(number: str, year: int | None = None) -> tuple[int, int | None] | None:
    """``(number, year)`` of a book number (the year ``None`` when neither it nor ``year`` says)."""
    match = _BOOK_NUMBER.fullmatch(number or "")
    if match is None:
        return None
    return int(match.group(1)), int(match.group(2)) if match.group(2) else year


def book_year(number: str) -> int | None:
    """The year a book number names ("02/2004" → 2004), ``None`` when it names none ("01")."""
    parts = _book_number_parts(number)
    return parts[1] if parts else None


def same_book(read: str, book: Book) -> bool | None:
    """Whether a book number read on a page names ``book`` (the one the officer imports into):
    the same number and, where both say, the same year; ``None`` when the reading is no book
    number at all (blank, misread past parsing)."""
    page, ours = _book_number_parts(read), _book_number_parts(book.number, book.year)
    if page is None or ours is None:
        return None
    return page[0] == ours[0] and (page[1] is None or ours[1] is None or page[1] == ours[1])


def checked_against_book(fields: dict[str, FieldValue], book: Book, layout: str | None
                         ) -> tuple[dict[str, FieldValue], tuple[RecordIssue, ...]]:
    """A record's book number checked against the book the officer imports the page into, an
    independent source: read the same, it is confirmed (no need to check it, record after
    record); on a register page, where the book is the one the page is bound in, one read
    otherwise is flagged with an issue saying so, and one not read at all is filled in from the
    book for the officer to confirm. A certificate names the book its event was registered in,
    which may be another: only the confirmation applies."""
    printed = fields.get("book_number")
    if printed is None or _book_number_parts(book.number, book.year) is None:
        return fields, ()  # (a book named otherwise, "Quyển bổ sung", says nothing to check against)
    same = same_book(printed.value, book)
    if same:
        reasons = tuple(reason for reason in printed.reasons if reason not in HARD_REASONS and reason != "low_confidence")
        confirmed = replace(printed, confidence=max(printed.confidence, 0.97), needs_review=False,
                            reasons=(*reasons, "confirmed_by_book"))
        return {**fields, "book_number": confirmed}, ()
    if layout != "register":
        return fields, ()
    if same is None and not printed.value.strip():
        filled = replace(printed, value=book.number, needs_review=True, reasons=(*printed.reasons, "taken_from_book"))
        return {**fields, "book_number": filled}, ()
    issue = RecordIssue("book_number_differs_from_book", ("book_number",), (
        f"Trang ghi quyển số «{printed.value}», khác quyển đang nhập «{book.number}»: "
        f"đọc sai, hay trang thuộc quyển khác?"))
    differs = replace(printed, needs_review=True, reasons=(*printed.reasons, "book_differs"))
    return {**fields, "book_number": differs}, (issue,)


def flagged_fields(records: Iterable[Record | NewRecord]) -> int:
    """How many fields of the records (stored, or about to be) the officer has to check."""
    return sum(value.needs_review for record in records for value in record.fields.values())


def _store_reading(store: WorkspaceStore, book: Book, result: PageResult, tally: _ReadTally, *,
                   actor: str) -> list[Record]:
    """Store the records of one read page as drafts, then mark the page read."""
    page_id = result.tag
    drafts = []
    for recognized in result.records:
        draft = draft_record(result, recognized, page_id=page_id)
        fields, book_issues = checked_against_book(draft.fields, book, result.layout)
        issues = draft.issues + book_issues
        if draft.document_type != book.document_type:
            # One register book holds one kind of event: a stray page is kept, and flagged.
            issues += (RecordIssue("document_type_differs_from_book", (), (
                f"Giấy tờ loại «{draft.document_type.label_vi}» nằm trong sổ "
                f"«{book.document_type.label_vi}».")),)
        drafts.append(NewRecord(draft.document_type, fields, draft.page_ids, draft.record_index,
                                draft.region, tuple(issues)))
    flagged = flagged_fields(drafts)
    records = store.add_page_reading(book.id, page_id or "", drafts, actor=actor, details={
        "document_type": result.document_type, "layout": result.layout, "flagged_fields": flagged,
    })
    tally.pages_read += 1
    tally.records.extend(records)
    tally.flagged += flagged
    if not records:
        tally.without_record += 1
    return records


def _read_and_store(store: WorkspaceStore, book: Book, inputs: Iterable[PageInput], tally: _ReadTally, *,
                    actor: str, document_type: str | None, jobs: int | None, progress: Progress,
                    on_read: Callable[[PageResult, list[Record]], None] | None, timeout_s: float | None,
                    engine: EngineInfo) -> bool:
    """Read ``inputs`` in worker processes, storing each page's records; return True if cancelled."""
    try:
        for result in recognize_inputs(inputs, jobs=jobs, document_type=document_type,
                                       cancelled=lambda: progress.cancelled, timeout_s=timeout_s, engine=engine):
            if result.error is not None:
                log.warning("Page not read: %s", result.error.message_en)
                tally.problems.append(ImportProblem(result.label, result.error.message_vi, result.error.message_en))
                if on_read is not None:
                    on_read(result, [])
                continue
            records = _store_reading(store, book, result, tally, actor=actor)
            if on_read is not None:
                on_read(result, records)
    except CancelledError:
        return True
    return False


def _summary(book: Book, tally: _ReadTally, cancelled: bool, files_seen: int) -> ImportSummary:
    return ImportSummary(book.id, tuple(tally.stored), tuple(tally.present), tuple(tally.problems), cancelled,
                         files_seen, tally.pages_read, tuple(tally.records), tally.flagged, tally.without_record)


def import_and_recognize(store: WorkspaceStore, book: Book, inputs: Iterable[str | Path], *,
                         actor: str = "system", recursive: bool = False, progress: Progress | None = None,
                         on_page: Callable[[Page], None] | None = None,
                         on_read: Callable[[PageResult, list[Record]], None] | None = None,
                         document_type: str | None = None, jobs: int | None = None,
                         timeout_s: float | None = None) -> ImportSummary:
    """Import images and PDFs into ``book`` and read every new page into draft records.

    ``on_page`` is called once a page is durably stored, ``on_read`` once its records
    are (with the page's result and the records stored; an unread page gives an empty
    list and a result with ``error``). ``document_type`` ``None`` recognises each
    page's form. A page already in the book is read only if it never was. Raises
    :class:`~inspector.errors.MissingDependencyError` before storing anything when
    Tesseract or its Vietnamese data is missing.
    """
    progress = progress or SilentProgress()
    engine = check_engine()
    files = expand_inputs(inputs, recursive=recursive)
    tally = _ReadTally()

    def stored_pages() -> Iterator[PageInput]:
        # Pulled by the worker pool a few pages ahead of reading: a page is stored
        # (and reported) before it is read, so a crash loses no stored page.
        for index, path in enumerate(files):
            progress.update(index, len(files), path.name)
            try:
                for source_page in read_source(path):
                    result = store.add_page(
                        book.id, source_page.data, media_type=source_page.media_type,
                        width=source_page.width, height=source_page.height,
                        source_name=path.name, source_page=source_page.page_number, actor=actor,
                    )
                    if result.already_present:
                        tally.present.append(result.page)
                        if page_was_read(store, result.page.id):
                            continue
                    else:
                        tally.stored.append(result.page)
                        if on_page is not None:
                            on_page(result.page)
                    yield PageInput(f"{path.name}", source_page.page_number, source_page.data,
                                    source_page.width, source_page.height, source_page.dpi, tag=result.page.id)
            except InputFileError as exc:
                log.warning("Skipped input: %s", exc.message_en)
                tally.problems.append(ImportProblem(str(path), exc.message_vi, exc.message_en))
            except (OSError, ValueError, TypeError, IndexError, struct.error) as exc:
                # A decoder's unforeseen way of failing on a damaged file (a full disk is a
                # StorageError and stops the batch): skip the file.
                log.exception("Unexpected failure reading %s", path)
                error = unreadable_file(path, exc)
                tally.problems.append(ImportProblem(str(path), error.message_vi, error.message_en))
        progress.update(len(files), len(files), "")

    cancelled = _read_and_store(store, book, stored_pages(), tally, actor=actor, document_type=document_type,
                                jobs=jobs, progress=progress, on_read=on_read,
                                timeout_s=timeout_s or PAGE_TIMEOUT_S, engine=engine)
    return _summary(book, tally, cancelled, len(files))


def recognize_unread_pages(store: WorkspaceStore, book: Book, *, actor: str = "system",
                           progress: Progress | None = None,
                           on_read: Callable[[PageResult, list[Record]], None] | None = None,
                           document_type: str | None = None, jobs: int | None = None) -> ImportSummary:
    """Read the pages of ``book`` that were stored but never read, storing their records as drafts."""
    progress = progress or SilentProgress()
    pages = [page for page in store.pages(book.id) if not page_was_read(store, page.id)]
    tally = _ReadTally()
    if not pages:
        return _summary(book, tally, False, 0)
    engine = check_engine()

    def unread() -> Iterator[PageInput]:
        for index, page in enumerate(pages):
            progress.update(index, len(pages), page.source_name)
            yield PageInput(page.source_name, page.source_page, store.page_image(page), page.width, page.height,
                            tag=page.id)
        progress.update(len(pages), len(pages), "")

    cancelled = _read_and_store(store, book, unread(), tally, actor=actor, document_type=document_type,
                                jobs=jobs, progress=progress, on_read=on_read, timeout_s=PAGE_TIMEOUT_S,
                                engine=engine)
    return _summary(book, tally, cancelled, 0)
