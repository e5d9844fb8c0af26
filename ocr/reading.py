"""Read one decoded page image end to end: preprocess, OCR, extract, second look, boxes back to the original.

This is the one place where the OCR stages are put in order; the CLI, the GUI's
worker, the batch import and the benchmarks all call :func:`read_page`, so they
measure and ship the same pipeline. Everything returned is in the original
image's pixels (the image the officer sees), whatever rotation, deskew, crop or
rescale preprocessing applied, and a two-page book spread gives the records of
both halves, left page first.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from ocr.engine import OcrEngine
from ocr.extract import extract
from ocr.preprocess import PreparedPage, PreprocessOptions, QualityReport, map_box_to_original, preprocess
from ocr.preprocess.cleanup import remove_dotted_leaders
from ocr.secondlook import engine_reread
from ocr.templates import FormTemplate
from ocr.types import Box, ExtractedIssue, ExtractedRecord, Extraction, OcrPage, OcrWord


@dataclass(frozen=True)
class ReadingOptions:
    """How a page is read. ``document_type`` ``None`` recognises the form from the page;
    ``single_page`` tells preprocessing the image is never a two-page spread."""

    document_type: str | None = None
    single_page: bool = False
    second_look: bool = True
    remove_leaders: bool = True
    #: A page whose form is not recognised is read once more turned 180°: deskew and
    #: orientation can leave a sparse register page upside down.
    retry_upside_down: bool = True


@dataclass(frozen=True)
class PageReading:
    """What was read on one page image; every box is in the original image's pixels.

    ``records`` are the records of every half of a spread in reading order, each with
    its ``region`` and field boxes mapped back. ``words`` are the OCR words (boxes
    mapped back) for the officer to click on. ``quality`` holds one report per
    prepared half. ``timings_s`` names each stage with the seconds it took.
    """

    document_type: str | None
    layout: str | None
    records: tuple[ExtractedRecord, ...]
    issues: tuple[ExtractedIssue, ...]
    quality: tuple[QualityReport, ...]
    words: tuple[OcrWord, ...]
    text: str
    timings_s: tuple[tuple[str, float], ...] = ()

    @property
    def warnings(self) -> tuple[str, ...]:
        """The officer-facing quality warnings of every half, without repeats (Vietnamese)."""
        seen: dict[str, None] = {}
        for report in self.quality:
            for warning in report.warnings:
                seen.setdefault(warning.message, None)
        return tuple(seen)


def _mapper(page: PreparedPage, *, turned: bool):
    width, height = page.size

    def to_original(box: Box) -> Box:
        if turned:
            box = (width - box[0] - box[2], height - box[1] - box[3], box[2], box[3])
        return tuple(int(v) for v in map_box_to_original(page, box))  # type: ignore[return-value]

    return to_original


def _mapped_record(record: ExtractedRecord, to_original) -> ExtractedRecord:
    fields = {key: replace(value, box=to_original(value.box)) if value.box is not None else value
              for key, value in record.fields.items()}
    return replace(record, region=to_original(record.region), fields=fields)


def _read_prepared(gray: np.ndarray, dpi: int, engine: OcrEngine, templates: Sequence[FormTemplate] | None,
                   options: ReadingOptions) -> tuple[OcrPage, Extraction, float, float]:
    started = time.perf_counter()
    page = engine.recognize(gray, dpi=dpi)
    ocr_s = time.perf_counter() - started
    reread = engine_reread(engine, gray, dpi=dpi) if options.second_look else None
    started = time.perf_counter()
    extraction = extract(page, templates, reread=reread, document_type=options.document_type)
    return page, extraction, ocr_s, time.perf_counter() - started


def read_page(image: np.ndarray, engine: OcrEngine, *, options: ReadingOptions | None = None,
              templates: Sequence[FormTemplate] | None = None, dpi_hint: int | None = None) -> PageReading:
    """Read a decoded page image (BGR or gray ``uint8``) and extract its records.

    ``engine`` is an :mod:`ocr.engine` backend (one per process: ``process_engine()``);
    ``dpi_hint`` is the resolution the file declares, if any. Raises
    :class:`inspector.errors.InputFileError` for an image preprocessing cannot use.
    """
    options = options or ReadingOptions()
    timings: dict[str, float] = {"preprocess": 0.0, "ocr": 0.0, "extract": 0.0}
    started = time.perf_counter()
    prepared = preprocess(image, PreprocessOptions(split_spreads=not options.single_page), dpi_hint=dpi_hint)
    timings["preprocess"] += time.perf_counter() - started
    document_type = layout = None
    records: list[ExtractedRecord] = []
    issues: list[ExtractedIssue] = []
    words: list[OcrWord] = []
    texts: list[str] = []
    for half in prepared:
        started = time.perf_counter()
        gray = remove_dotted_leaders(half.gray) if options.remove_leaders else half.gray
        timings["preprocess"] += time.perf_counter() - started
        page, extraction, ocr_s, extract_s = _read_prepared(gray, half.dpi, engine, templates, options)
        timings["ocr"] += ocr_s
        timings["extract"] += extract_s
        turned = False
        if extraction.document_type is None and options.retry_upside_down:
            flipped = np.ascontiguousarray(gray[::-1, ::-1])
            second_page, second, ocr_s, extract_s = _read_prepared(flipped, half.dpi, engine, templates, options)
            timings["ocr"] += ocr_s
            timings["extract"] += extract_s
            if second.document_type is not None:
                page, extraction, turned = second_page, second, True
        to_original = _mapper(half, turned=turned)
        document_type = document_type or extraction.document_type
        layout = layout or extraction.layout
        issues.extend(extraction.issues)
        records.extend(_mapped_record(record, to_original) for record in extraction.records)
        words.extend(replace(word, box=to_original(word.box)) for word in page.words)
        texts.append("\n".join(line.text for line in page.lines))
    records = [replace(record, record_index=index) for index, record in enumerate(records)]
    return PageReading(document_type=document_type, layout=layout, records=tuple(records), issues=tuple(issues),
                       quality=tuple(half.quality for half in prepared), words=tuple(words),
                       text="\n\n".join(texts), timings_s=tuple(timings.items()))
