"""The recognition orchestrator: files in, one small result per page out, in input order.

Pages are decoded in this process (files lie, and :mod:`ocr.acquire.files` refuses
them safely before any large allocation), then read in worker processes through
:func:`ocr.pool.map_ordered`: each worker loads Tesseract once, runs with
``OMP_THREAD_LIMIT=1``, calls :func:`ocr.reading.read_page` and sends back a
:class:`PageResult` that holds no image. A file that cannot be read, or a page the
engine fails on, becomes a result with an error (in Vietnamese for the officer)
and the batch goes on.

The CLI's ``extract`` prints these results as JSON lines (:func:`page_json_lines`),
``batch`` and the demo store them as draft records (:func:`draft_record`). Nothing
here touches storage or Qt.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from inspector.domain import BBox, DocumentType, FieldValue, RecordIssue
from inspector.errors import InputFileError, InspectorError
from inspector.record_fields import field_keys
from ocr.engine import EngineConfig, EngineInfo, check_ocr_available, process_engine
from ocr.pool import default_jobs, init_ocr_worker, map_ordered
from ocr.types import ExtractedIssue, ExtractedRecord

R = TypeVar("R")

log = logging.getLogger(__name__)

#: Longest a worker may spend on one page (preprocess, OCR, second look) before it is stopped.
PAGE_TIMEOUT_S = 300.0

#: Issue given to a page whose form is not recognised when the extractor says nothing more.
_NOT_RECOGNISED = ExtractedIssue("document_type_unknown", (),
                                 "Không nhận ra loại giấy tờ trên trang này.")


# --------------------------------------------------------------------------- values

@dataclass(frozen=True)
class PageError:
    """Why a page (or a whole file, ``page_number`` 0) could not be read.

    ``kind`` is ``input`` (the file is missing, corrupt, too large, not an image) or
    ``ocr`` (the engine failed or timed out on the page). Messages hold no personal data.
    """

    kind: str
    message_vi: str
    message_en: str


@dataclass(frozen=True)
class PageInput:
    """One page to read, small enough to send to a worker: the encoded page, not pixels.

    ``tag`` travels with the page and comes back on its result (the batch puts the
    stored page's id there). An input with ``error`` set is reported, not read.
    """

    source: str
    page_number: int
    data: bytes = b""
    width: int = 0
    height: int = 0
    dpi: int | None = None
    tag: str | None = None
    error: PageError | None = None


@dataclass(frozen=True)
class RecognizedField:
    """One field as read: normalised value, OCR text, confidence, flag, box in original pixels."""

    key: str
    value: str
    raw: str = ""
    confidence: float = 0.0
    needs_review: bool = True
    bbox: BBox | None = None
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecognizedRecord:
    """One record of a page: its index in reading order, its region, fields in form order, issues."""

    record_index: int
    region: BBox
    fields: tuple[RecognizedField, ...]
    issues: tuple[ExtractedIssue, ...] = ()

    def field(self, key: str) -> RecognizedField | None:
        """The field with ``key``, or ``None``."""
        return next((f for f in self.fields if f.key == key), None)

    @property
    def flagged(self) -> tuple[str, ...]:
        """Keys of the fields the officer must check."""
        return tuple(f.key for f in self.fields if f.needs_review)


@dataclass(frozen=True)
class PageQuality:
    """What preprocessing measured: skew (degrees), resolution, warnings as (code, Vietnamese message)."""

    skew_deg: float
    dpi: int
    warnings: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PageResult:
    """The outcome of one page, picklable and image-free.

    ``width``/``height`` are the original image's; every box is in its pixels.
    ``document_type`` is ``None`` when no form was recognised (``records`` is then
    empty and ``issues`` says why) or when the page could not be read (``error``).
    """

    source: str
    page_number: int
    width: int = 0
    height: int = 0
    document_type: str | None = None
    layout: str | None = None
    records: tuple[RecognizedRecord, ...] = ()
    issues: tuple[ExtractedIssue, ...] = ()
    quality: PageQuality | None = None
    timings_s: tuple[tuple[str, float], ...] = ()
    tag: str | None = None
    error: PageError | None = None

    @property
    def ok(self) -> bool:
        """Whether the page was read (it may still hold no record)."""
        return self.error is None

    @property
    def flagged_count(self) -> int:
        """How many fields of the page's records are flagged."""
        return sum(len(record.flagged) for record in self.records)

    @property
    def label(self) -> str:
        """``source#page`` (or just the source for an error about the whole file)."""
        return f"{self.source}#{self.page_number}" if self.page_number else self.source


# --------------------------------------------------------------------------- inputs

def _input_error(exc: InputFileError) -> PageError:
    return PageError("input", exc.message_vi, exc.message_en)


def page_inputs(paths: Iterable[str | Path], *, recursive: bool = False) -> Iterator[PageInput]:
    """Expand folders (name order) and yield each page of each file, lazily.

    A file that cannot be read yields one input with its error (page 0 if no page of
    it was read, else the number of the page that failed) and the next file follows.
    """
    from ocr.acquire import expand_inputs, read_source

    for path in expand_inputs(paths, recursive=recursive):
        source = str(path)
        number = 0
        try:
            for page in read_source(path):
                number = page.page_number
                yield PageInput(source, page.page_number, page.data, page.width, page.height, page.dpi)
        except InputFileError as exc:
            log.warning("Input refused: %s", exc.message_en)
            yield PageInput(source, number + 1 if number else 0, error=_input_error(exc))
        except Exception as exc:  # a decoder's unforeseen way of failing on a damaged file: skip the file
            log.exception("Unexpected failure reading %s", source)
            yield PageInput(source, number + 1 if number else 0, error=unreadable_file(path, exc))


def unreadable_file(path: str | Path, exc: BaseException) -> PageError:
    """The error of a file a decoder failed on in a way it does not name (a damaged file)."""
    return PageError("input", f"{Path(path).name}: tệp bị hỏng hoặc không đọc được.",
                     f"{path}: cannot read file ({type(exc).__name__})")


# --------------------------------------------------------------------------- worker side

@dataclass(frozen=True)
class _Task:
    page: PageInput
    config: EngineConfig
    document_type: str | None


def _exit_with_parent(poll_s: float = 1.0) -> None:
    """End this worker when the process that started it dies (killed, crashed).

    A process pool's idle workers wait on a pipe they hold both ends of, so they would
    outlive a parent killed with SIGKILL; this daemon thread notices and leaves.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        while parent.is_alive():
            time.sleep(poll_s)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _init_worker(config: EngineConfig) -> None:
    """Load the engine and the form templates once per worker process; die with the parent."""
    from ocr.templates import default_templates

    _exit_with_parent()
    init_ocr_worker(config)
    default_templates()


def _round_box(box) -> BBox | None:  # noqa: ANN001 - a Box of ints or numpy values
    return None if box is None else tuple(int(round(float(v))) for v in box)  # type: ignore[return-value]


def _recognized_record(record: ExtractedRecord, document_type: str | None) -> RecognizedRecord:
    extracted = dict(record.fields)
    keys = field_keys(document_type) if document_type else tuple(extracted)
    extra = set(extracted) - set(keys)
    if extra:  # templates are checked against the data dictionary; this would be a template bug
        log.warning("Fields outside the data dictionary dropped: %s", sorted(extra))
    fields = []
    for key in keys:
        value = extracted.get(key)
        if value is None:  # every key of the type is present; one the template lacks is blank and flagged
            fields.append(RecognizedField(key, "", confidence=0.0, needs_review=True, reasons=("not_extracted",)))
            continue
        fields.append(RecognizedField(key, value.value, value.raw, max(0.0, min(1.0, float(value.confidence))),
                                      bool(value.needs_review), _round_box(value.box), tuple(value.reasons)))
    return RecognizedRecord(record.record_index, _round_box(record.region), tuple(fields), tuple(record.issues))


def _quality(reading) -> PageQuality | None:  # noqa: ANN001 - ocr.reading.PageReading
    if not reading.quality:
        return None
    first = reading.quality[0]
    warnings: dict[str, str] = {}
    for report in reading.quality:
        for warning in report.warnings:
            warnings.setdefault(warning.code, warning.message)
    return PageQuality(round(float(first.skew_deg), 2), int(first.dpi), tuple(warnings.items()))


def read_page_input(task: _Task) -> PageResult:
    """Worker: decode one page, read it with this process's engine, return an image-free result."""
    from ocr.acquire import decode_page_image
    from ocr.reading import ReadingOptions, read_page
    from ocr.templates import default_templates

    page = task.page
    if page.error is not None:
        return PageResult(page.source, page.page_number, tag=page.tag, error=page.error)
    try:
        image = decode_page_image(page.data)
    except InputFileError as exc:
        return PageResult(page.source, page.page_number, tag=page.tag, error=_input_error(exc))
    except (OSError, ValueError, SyntaxError) as exc:  # Pillow's ways of saying "corrupt"
        return PageResult(page.source, page.page_number, tag=page.tag, error=PageError(
            "input", "tệp ảnh bị hỏng hoặc không đọc được.", f"cannot decode page: {type(exc).__name__}"))
    height, width = image.shape[:2]
    options = ReadingOptions(document_type=task.document_type)
    reading = read_page(image, process_engine(task.config), options=options, templates=default_templates(),
                        dpi_hint=page.dpi)
    records = tuple(_recognized_record(record, reading.document_type) for record in reading.records)
    issues = tuple(reading.issues)
    if reading.document_type is None and not issues:
        issues = (_NOT_RECOGNISED,)
    return PageResult(page.source, page.page_number, width, height, reading.document_type, reading.layout,
                      records, issues, _quality(reading),
                      tuple((name, round(seconds, 3)) for name, seconds in reading.timings_s), page.tag)


# --------------------------------------------------------------------------- parent side

def check_engine(config: EngineConfig | None = None) -> EngineInfo:
    """The startup check: raise :class:`~inspector.errors.MissingDependencyError` (exit 4) if
    Tesseract or its Vietnamese data is missing; return the resolved config for the workers."""
    return check_ocr_available(config)


def _failed(page: PageInput, error: BaseException) -> PageResult:
    if isinstance(error, InspectorError):
        kind = "input" if isinstance(error, InputFileError) else "ocr"
        failure = PageError(kind, error.message_vi, error.message_en)
    else:  # a fault of ours on this page: the batch goes on, the log keeps the detail
        log.error("Page failed: %s: %s", type(error).__name__, error)
        failure = PageError("ocr", "Lỗi khi xử lý trang.", f"{type(error).__name__} while reading the page")
    return PageResult(page.source, page.page_number, tag=page.tag, error=failure)


def recognize_inputs(inputs: Iterable[PageInput], *, jobs: int | None = None, document_type: str | None = None,
                     cancelled: Callable[[], bool] | None = None, timeout_s: float | None = PAGE_TIMEOUT_S,
                     engine: EngineInfo | None = None) -> Iterator[PageResult]:
    """Read pages in worker processes; yield one :class:`PageResult` per input, in input order, streaming.

    ``document_type`` ``None`` recognises the form; a type forces it. ``cancelled`` is
    polled between pages (raises :class:`~inspector.errors.CancelledError`). ``engine``
    is the result of :func:`check_engine` (checked here when omitted). Inputs are pulled
    lazily, a few ahead of the pages being read.
    """
    engine = engine or check_engine()
    if document_type is not None:
        document_type = DocumentType(document_type).value
    yield from map_pages(read_page_input, inputs, lambda page: _Task(page, engine.config, document_type),
                         _failed, engine=engine, jobs=jobs, cancelled=cancelled, timeout_s=timeout_s)


def map_pages(worker: Callable[[Any], R], inputs: Iterable[PageInput], make_task: Callable[[PageInput], Any],
              on_failure: Callable[[PageInput, BaseException], R], *, engine: EngineInfo, jobs: int | None = None,
              cancelled: Callable[[], bool] | None = None,
              timeout_s: float | None = PAGE_TIMEOUT_S) -> Iterator[R]:
    """Run ``worker(make_task(page))`` over pages in the OCR pool (Tesseract loaded once per worker).

    Yields one result per input, in input order, streaming; a page whose task raised, timed
    out or killed its worker gives ``on_failure(page, error)`` instead, and the batch goes on.
    """
    pending: list[PageInput] = []  # kept in step with the pool, to name a page whose worker failed

    def tasks() -> Iterator[Any]:
        for page in inputs:
            pending.append(page)
            yield make_task(page)

    results = map_ordered(worker, tasks(), jobs=jobs or default_jobs(), timeout_s=timeout_s,
                          cancelled=cancelled, initializer=_init_worker, initargs=(engine.config,))
    try:
        for result in results:
            page = pending.pop(0)
            yield result.value if result.ok else on_failure(page, result.error)
    finally:
        results.close()


def recognize_files(paths: Iterable[str | Path], *, jobs: int | None = None, document_type: str | None = None,
                    recursive: bool = False, cancelled: Callable[[], bool] | None = None,
                    timeout_s: float | None = PAGE_TIMEOUT_S, engine: EngineInfo | None = None
                    ) -> Iterator[PageResult]:
    """Read images, PDFs and folders; yield one :class:`PageResult` per page in input order, streaming.

    The engine is checked first (:class:`~inspector.errors.MissingDependencyError`).
    A file that cannot be read gives one result with ``error`` set and the rest goes on.
    """
    engine = engine or check_engine()
    yield from recognize_inputs(page_inputs(paths, recursive=recursive), jobs=jobs, document_type=document_type,
                                cancelled=cancelled, timeout_s=timeout_s, engine=engine)


# --------------------------------------------------------------------------- to the domain

@dataclass(frozen=True)
class DraftRecord:
    """A page's record ready for :meth:`storage.workspace.WorkspaceStore.add_record`."""

    document_type: DocumentType
    fields: dict[str, FieldValue]
    issues: tuple[RecordIssue, ...]
    record_index: int
    region: BBox | None
    page_ids: tuple[str, ...] = field(default=())


def _issues(record: RecognizedRecord, page_issues: Sequence[ExtractedIssue]) -> tuple[RecordIssue, ...]:
    seen: dict[tuple[str, tuple[str, ...]], RecordIssue] = {}
    for issue in (*record.issues, *page_issues):
        seen.setdefault((issue.code, tuple(issue.fields)), RecordIssue(issue.code, tuple(issue.fields),
                                                                       issue.message))
    return tuple(seen.values())


def draft_record(result: PageResult, record: RecognizedRecord, *, page_id: str | None = None) -> DraftRecord:
    """Convert one record of a read page into domain values: a :class:`FieldValue` per field
    (value, confidence, flag, box in original pixels, page id, reasons, raw text) and its issues
    (the record's own, then the page's)."""
    if result.document_type is None:
        raise ValueError("a page without a recognised form has no record")
    fields = {f.key: FieldValue(f.value, f.confidence, f.needs_review, f.bbox, page_id, f.reasons, f.raw)
              for f in record.fields}
    return DraftRecord(DocumentType(result.document_type), fields, _issues(record, result.issues),
                       record.record_index, record.region, (page_id,) if page_id else ())


# --------------------------------------------------------------------------- the extraction contract

def _field_json(value: RecognizedField) -> dict:
    return {"value": value.value, "confidence": round(value.confidence, 4), "needs_review": value.needs_review,
            "bbox": list(value.bbox) if value.bbox is not None else None}


def _issue_json(issue: ExtractedIssue | RecordIssue) -> dict:
    return {"code": issue.code, "fields": list(issue.fields), "message": issue.message}


def _quality_json(quality: PageQuality | None) -> dict:
    if quality is None:
        return {"skew_deg": 0.0, "dpi": None, "warnings": []}
    return {"skew_deg": quality.skew_deg, "dpi": quality.dpi,
            "warnings": [{"code": code, "message": message} for code, message in quality.warnings]}


def page_json_lines(result: PageResult) -> list[dict]:
    """The objects ``inspector extract`` prints for one read page (shared/spec/extraction.md):
    one per record in reading order, or one with ``document_type`` null when none was found."""
    if not result.ok:
        raise ValueError("a page that could not be read has no JSON line")
    base = {"source": result.source, "page": result.page_number}
    quality = _quality_json(result.quality)
    if result.document_type is None or not result.records:
        issues = result.issues or (_NOT_RECOGNISED,)
        return [{**base, "record_index": 0, "region": [0, 0, result.width, result.height], "document_type": None,
                 "fields": {}, "issues": [_issue_json(i) for i in issues], "quality": quality}]
    lines = []
    for record in result.records:
        lines.append({**base, "record_index": record.record_index, "region": list(record.region),
                      "document_type": result.document_type,
                      "fields": {f.key: _field_json(f) for f in record.fields},
                      "issues": [_issue_json(i) for i in _issues(record, result.issues)], "quality": quality})
    return lines
