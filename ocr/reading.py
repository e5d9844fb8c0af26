"""Read one decoded page image end to end: preprocess, OCR, extract, second look, boxes back to the original.

This is the one place where the OCR stages are put in order; the CLI, the GUI's
worker, the batch import and the benchmarks all call :func:`read_page`, so they
measure and ship the same pipeline. Everything returned is in the original
image's pixels (the image the officer sees), whatever rotation, deskew, crop or
rescale preprocessing applied, and a two-page book spread gives the records of
both halves, left page first.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np

from inspector.errors import OcrTimeoutError
from ocr.confidence import AGREED_THOUGH_UNSURE
from ocr.engine import OcrEngine, digits_engine
from ocr.extract import ExtractOptions, extract
from ocr.lostlines import with_lost_lines
from ocr.preprocess import PreparedPage, PreprocessOptions, QualityReport, map_box_to_original, preprocess
from ocr.preprocess.cleanup import (
    comb_ruling,
    despeckle,
    dots_in_bowls,
    dust_ratio,
    grain_blobs,
    hairline_fragments,
    median_denoise,
    painted_paper,
    remove_dotted_leaders,
    restore_strokes,
    strong_denoise,
)
from ocr.preprocess.ruling import vertical_rules
from ocr.secondlook import engine_reread, third_reread
from ocr.templates import FormTemplate
from ocr.types import Box, ExtractedField, ExtractedIssue, ExtractedRecord, Extraction, OcrPage, OcrWord

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReadingOptions:
    """How a page is read. ``document_type`` ``None`` recognises the form from the page;
    ``single_page`` tells preprocessing the image is never a two-page spread."""

    document_type: str | None = None
    single_page: bool = False
    second_look: bool = True
    remove_leaders: bool = True
    #: Dots inside letters' closed bowls are whited out before the reading (a dotted zero's, read 6,
    #: 8 or 9: :func:`ocr.preprocess.cleanup.dots_in_bowls`).
    whiten_dots_in_bowls: bool = True
    #: The ruling of a comb of boxes (an ID's twelve boxes) is whited out before the reading: its sides
    #: were read as ones between the digits (:func:`ocr.preprocess.cleanup.comb_ruling`).
    whiten_combs: bool = True
    #: A page whose form is not recognised is read once more turned 180°: deskew and
    #: orientation can leave a sparse register page upside down.
    retry_upside_down: bool = True
    #: Strong denoising (``strong_cleaning``) before the reading:
    #: ``auto`` for a grainy page (its :attr:`QualityReport.speckle` above ``speckle_above``:
    #: Tesseract reads the grain as letters and loses whole lines), ``always`` or ``never``.
    #: Deciding up front reads a grainy page once instead of twice.
    strong_denoise: str = "auto"
    speckle_above: float = 4.0
    #: A page with more dust than this (:func:`ocr.preprocess.cleanup.dust_ratio`: specks a fifth to
    #: 0.45 of a letter across clear of the letters, per letter; about 0.1 on a clean page, 1 and
    #: more on a dusty photocopy) is read despeckled from the start too. ``None``: never.
    dust_above: float | None = 0.5
    #: How a grainy page is cleaned: ``despeckle`` (:func:`ocr.preprocess.cleanup.despeckle`: specks
    #: clear of the letters whited out, the letters left as they are) or ``smooth``
    #: (:func:`ocr.preprocess.cleanup.strong_denoise`: non-local means, which also softens faint
    #: strokes, and costs a second a page).
    strong_cleaning: str = "despeckle"
    #: A despeckled page with more than this share of doubtful fields (a fine grain the specks'
    #: removal leaves, which Tesseract reads as letters) is read once more smoothed, and the better
    #: reading kept. ``None`` (the default): never. At 0.8, 9 of the benches' 48 poor scans were
    #: read so, 4 to 7 seconds more each (the non-local means, then a reading of a page still grainy
    #: with its second looks: a third of the poor scans' time), for 9 more fields right of 8,335
    #: (2 pages better, 1 worse): not worth a batch's time.
    retry_smooth_share: float | None = None
    #: A page whose form is not recognised is read once more the other way (strongly
    #: denoised if it was not, lightly if it was), and the better reading is kept.
    retry_denoised: bool = True
    #: A recognised page on which more than this share of the fields' captions were not found
    #: (Tesseract's layout analysis lost or merged lines) is read once more after a 5×5 median,
    #: and the better reading is kept (not a strongly denoised page). ``None``: never.
    retry_missing_share: float | None = 0.3
    #: That page is also read with the letters' hairlines put back (``strokes`` cleaning), and the
    #: best of the three readings kept.
    retry_strokes: bool = True
    #: A page read clean (no grain) with more than this share of doubtful fields, whose light
    #: denoising wiped out about a hairline piece a letter (a display face:
    #: :func:`ocr.preprocess.cleanup.hairline_fragments`), is read once more with its hairlines put
    #: back, and the better reading kept. ``None``: only for a page that lost its captions.
    retry_strokes_doubt: float | None = 0.4
    #: The stroke pieces the light denoising wiped out, a letter (:func:`ocr.preprocess.cleanup.
    #: hairline_fragments`), from which such a page is read again: one every five letters. (At 0.5,
    #: a display face whose letters fall apart into pieces, each counted as a letter, measured 0.22
    #: and was read once: holdout 7000, 29 fields right of 52; so was a phone photo's faint type.)
    retry_strokes_hairlines: float = 0.2
    #: A folded sheet (the shadow of its crease across the page: :attr:`PreparedPage.unfolded`) with
    #: more than this share of doubtful fields is read once more with the shadow lifted, and the
    #: better reading kept. ``None``: never.
    retry_unfolded_doubt: float | None = 0.2
    #: And only when the shadow lies across at least this many of the fields read unsure (a fold down
    #: the page crosses every line; one across it, a line or two, and the second reading changed the
    #: rest of the page as often for the worse). ``None``: wherever the fold lies.
    retry_unfolded_fields: int | None = 3
    #: Lines of ink the page's reading left out (Tesseract's layout analysis drops a block, a line
    #: beside a leader) are read again on their own and join the page's words (:mod:`ocr.lostlines`).
    read_lost_lines: bool = True
    #: Also retry a recognised page whose share of doubtful fields is above this (``None``:
    #: never; 0.5 reads about half the pages of a poor batch twice).
    retry_doubtful_share: float | None = None
    #: A register page read lightly denoised with an entry whose registration number was not read
    #: (Tesseract's layout analysis lost the line "Số: 177", and with it where an entry starts: two
    #: entries read as one) is read once more strongly denoised, and the better reading kept.
    retry_unnumbered: bool = True
    #: The third reading of registration and book numbers, years and dates in digits is by another model
    #: than the page's (:func:`ocr.engine.digits_engine`); without it they are not read a third time.
    digits_model: bool = True
    #: A page whose gray, as Tesseract would binarise it, has more blobs of ink than this a megapixel
    #: (:func:`ocr.preprocess.cleanup.grain_blobs`: a grainy scan enlarged, its grain gray) is read
    #: smoothed (non-local means) whatever cleaning it was to get: read as it is, it costs minutes and
    #: yields almost no words. ``None``: never.
    grain_blobs_above: float | None = 1500.0
    #: A third reading (the zone's gray, not binarised) of a field whose two readings disagree,
    #: for the kinds it can settle (see :func:`ocr.confidence.wants_tiebreak`).
    tiebreak: bool = True


@dataclass(frozen=True)
class PageReading:
    """What was read on one page image; every box is in the original image's pixels.

    ``records`` are the records of every half of a spread in reading order, each with
    its ``region`` and field boxes mapped back. ``words`` are the OCR words (boxes
    mapped back) for the officer to click on. ``quality`` holds one report per
    prepared half. ``timings_s`` names each stage with the seconds it took (``extract``
    includes ``second_look``, the Tesseract rereads of single values it asks for).
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


def _timed(reread, timings: dict[str, float]):
    """``reread`` adding the seconds it takes to ``timings["second_look"]``."""

    def timed(box: Box, kind: str) -> tuple[str, float]:
        started = time.perf_counter()
        try:
            return reread(box, kind)
        finally:
            timings["second_look"] += time.perf_counter() - started

    return timed


def _read_prepared(gray: np.ndarray, dpi: int, engine: OcrEngine, templates: Sequence[FormTemplate] | None,
                   options: ReadingOptions, timings: dict[str, float], *,
                   letter_height: float = 0.0) -> tuple[OcrPage, Extraction]:
    """OCR and extraction of one prepared image; adds the seconds of each stage to ``timings``.
    ``letter_height`` (pixels of ``gray``) is what lines of ink the reading left out are measured by
    (:mod:`ocr.lostlines`; none looked for without it)."""
    started = time.perf_counter()
    try:
        page = engine.recognize(gray, dpi=dpi)
        if options.read_lost_lines and letter_height > 0:
            page = with_lost_lines(gray, page, engine, dpi=dpi, letter_height=letter_height)
    finally:  # (a reading that ran out of time counts too)
        timings["ocr"] += time.perf_counter() - started
    reread = _timed(engine_reread(engine, gray, dpi=dpi), timings) if options.second_look else None
    tiebreak = None
    if options.second_look and options.tiebreak:
        digits = digits_engine(engine) if options.digits_model else None
        tiebreak = _timed(third_reread(engine, gray, dpi=dpi, digits_engine=digits), timings)
    started = time.perf_counter()
    # (the rules are looked for only when a register's headings read too badly to name its columns)
    rules = functools.cache(functools.partial(vertical_rules, gray))
    extraction = extract(page, templates, reread=reread, document_type=options.document_type,
                         options=ExtractOptions(tiebreak=tiebreak, rules=rules))
    timings["extract"] += time.perf_counter() - started
    return page, extraction


def _grainy(gray: np.ndarray, options: ReadingOptions) -> bool:
    """Whether a cleaned page would flood Tesseract with its grain (see ``grain_blobs_above``)."""
    return options.grain_blobs_above is not None and grain_blobs(gray) > options.grain_blobs_above


def _wants_strong_denoise(half: PreparedPage, options: ReadingOptions) -> bool:
    if options.strong_denoise == "always":
        return True
    return options.strong_denoise == "auto" and half.quality.speckle > options.speckle_above


def _dusty(light: np.ndarray, options: ReadingOptions) -> bool:
    """Whether a page cleaned lightly (its dotted leaders gone) carries dust enough to be read
    despeckled instead (see ``dust_above``)."""
    return (options.strong_denoise == "auto" and options.dust_above is not None
            and dust_ratio(light) > options.dust_above)


def _cleaned(gray: np.ndarray, cleaning: str, *, options: ReadingOptions,
             half: PreparedPage | None = None, whited: np.ndarray | None = None) -> np.ndarray:
    """The prepared gray as Tesseract gets it: ``light`` (as prepared), ``median`` (5×5),
    ``strokes`` (the letters' hairlines the light denoising took put back: ``half`` needed) or
    ``strong`` denoising, then the pixels ``whited`` (:func:`_marks_to_white`) painted paper and
    dotted leaders removed."""
    if cleaning == "strokes" and half is not None and half.unsmoothed is not None:
        gray = restore_strokes(half.unsmoothed, gray, half.letter_height)
    elif cleaning == "strong":
        gray = despeckle(gray) if options.strong_cleaning == "despeckle" else strong_denoise(gray)
    elif cleaning == "smooth":
        gray = strong_denoise(gray)
    elif cleaning == "median":
        gray = median_denoise(gray)
    gray = painted_paper(gray, whited)
    return remove_dotted_leaders(gray) if options.remove_leaders else gray


def _marks_to_white(gray: np.ndarray, options: ReadingOptions) -> np.ndarray | None:
    """The pixels of a prepared page painted paper before each of its readings, found once on it
    (every cleaning keeps the page's geometry): the dots in letters' bowls and the ruling of combs
    of boxes (see :func:`~ocr.preprocess.cleanup.dots_in_bowls` and
    :func:`~ocr.preprocess.cleanup.comb_ruling`). ``None`` when there are none."""
    masks = [mask for mask in (dots_in_bowls(gray) if options.whiten_dots_in_bowls else None,
                               comb_ruling(gray) if options.whiten_combs else None) if mask is not None]
    if not masks:
        return None
    return masks[0] if len(masks) == 1 else masks[0] | masks[1]


#: Quality warnings under which a field read blank may be text the scan lost.
_TEXT_MAY_BE_LOST = frozenset({"blurry", "low_contrast", "low_resolution", "page_cut_off", "dark"})


def _blanks_doubted(extraction: Extraction, quality: QualityReport) -> Extraction:
    """On a page the quality report warns about (faint, blurred, cut off...), a field read blank is
    not evidence of a blank field: it is flagged for the officer like any other doubt. A page cut
    off loses only what lay at its edge: there the blanks whose room reaches the edge, or whose
    caption was not found, are doubted."""
    codes = set(quality.codes)
    if not codes & _TEXT_MAY_BE_LOST or not extraction.records:
        return extraction
    whole_page = bool(codes & (_TEXT_MAY_BE_LOST - {"page_cut_off"}))

    def doubted(field) -> bool:
        if field.value or field.needs_review or "not_on_form" in field.reasons:
            return False
        return whole_page or "room_at_edge" in field.reasons or "not_printed" in field.reasons

    records = []
    for record in extraction.records:
        fields = {key: replace(field, needs_review=True, reasons=(*field.reasons, "blank_on_poor_scan"))
                  if doubted(field) else field for key, field in record.fields.items()}
        records.append(replace(record, fields=fields))
    return replace(extraction, records=tuple(records))


def _retry_cleaning(extraction: Extraction, strong: bool, options: ReadingOptions) -> str | None:
    """The cleaning of a second reading of the page, or ``None`` when the first reading will do."""
    if not options.retry_denoised:
        return None
    if extraction.document_type is None:
        return "light" if strong else "strong"
    share = options.retry_doubtful_share
    if share is not None and _doubtful(extraction) > share:
        return "light" if strong else "strong"
    if options.retry_unnumbered and not strong and _unnumbered(extraction):
        return "strong"  # (a grainy page read lightly loses more than the line it may find)
    share = options.retry_missing_share
    if share is not None and not strong and _missing(extraction) > share:
        return "median"  # (the grain of a strongly denoised page would only hide more captions)
    share = options.retry_smooth_share
    if share is not None and strong and options.strong_cleaning == "despeckle" and _doubtful(extraction) > share:
        return "smooth"
    return None


def _wants_strokes(extraction: Extraction, half: PreparedPage, retry: str | None, strong: bool,
                   options: ReadingOptions) -> bool:
    """Whether the page is also read with its hairlines put back: it lost its captions (read again
    after a 5×5 median already), or it is a clean page in a display face whose fields are doubtful
    (see ``retry_strokes`` and ``retry_strokes_doubt``)."""
    if not options.retry_strokes or half.unsmoothed is None:
        return False
    if retry == "median":
        return True
    return (options.retry_strokes_doubt is not None and not strong and half.quality.speckle < 1.0
            and _doubtful(extraction) > options.retry_strokes_doubt
            and hairline_fragments(half) >= options.retry_strokes_hairlines)


def _wants_unfolded(extraction: Extraction, half: PreparedPage, options: ReadingOptions, *,
                    turned: bool = False) -> bool:
    """Whether a folded sheet is read once more with the fold's shadow lifted (``half.unfolded``):
    the crease struck through a line of values, or Tesseract read its shadow as a line of its
    own. The better reading is kept (the lifted page sometimes parts a register's entries worse).
    Only where the shadow crosses fields read unsure (see ``retry_unfolded_fields``); ``turned``: the
    reading was of the page turned 180°."""
    if (options.retry_unfolded_doubt is None or half.unfolded is None
            or _doubtful(extraction) <= options.retry_unfolded_doubt):
        return False
    return (options.retry_unfolded_fields is None
            or _unsure_across_fold(extraction, half, turned=turned) >= options.retry_unfolded_fields)


#: A row (a column) of the page is in the fold's shadow when the lifted copy differs from the page
#: by more than this many gray levels over this share of it.
_LIFTED_LEVELS, _LIFTED_SHARE = 8, 0.3


def _unsure_across_fold(extraction: Extraction, half: PreparedPage, *, turned: bool = False) -> int:
    """How many fields read unsure (:func:`_read_unsure`) lie across the fold's shadow: within a line's
    height of the rows (a fold across the page) or columns (down it) the lifted copy changed.
    ``turned``: the extraction's boxes are those of the page turned 180°."""
    changed = cv2.absdiff(half.unfolded, half.gray) > _LIFTED_LEVELS
    if turned:
        changed = changed[::-1, ::-1]
    rows = np.flatnonzero(changed.mean(axis=1) > _LIFTED_SHARE)
    columns = np.flatnonzero(changed.mean(axis=0) > _LIFTED_SHARE)

    def across(box: Box) -> bool:
        x, y, width, height = box
        return bool(((rows >= y - height) & (rows <= y + 2 * height)).any()
                    or ((columns >= x - height) & (columns <= x + width + height)).any())

    return sum(1 for record in extraction.records for field in record.fields.values()
               if "not_on_form" not in field.reasons and _read_unsure(field) and field.box is not None
               and across(field.box))


def _unnumbered(extraction: Extraction) -> bool:
    """Whether a register page's reading has an entry without its registration number."""
    return extraction.layout == "register" and any(
        (number := record.fields.get("registration_number")) is not None and not number.value
        for record in extraction.records)


def _missing(extraction: Extraction) -> float:
    """The share of the form's fields whose caption was not found."""
    fields = [field for record in extraction.records for field in record.fields.values()
              if "not_on_form" not in field.reasons]
    if not fields:
        return 1.0
    return sum("label_not_found" in field.reasons for field in fields) / len(fields)


def _read_unsure(field: ExtractedField) -> bool:
    """Whether the page's reading of a field was unsure: flagged, or trusted only because a second
    reading agreed with what Tesseract read unclearly (a page read so is read poorly all the same)."""
    return field.needs_review or AGREED_THOUGH_UNSURE in field.reasons


def _doubtful(extraction: Extraction) -> float:
    """The share of fields read unsure (:func:`_read_unsure`; 1.0 when the form was not recognised)."""
    fields = [field for record in extraction.records for field in record.fields.values()
              if "not_on_form" not in field.reasons]
    if extraction.document_type is None or not fields:
        return 1.0
    return sum(_read_unsure(field) for field in fields) / len(fields)


def _score(extraction: Extraction) -> tuple[bool, int, int]:
    """How good a reading is: recognised; then the number of its records that read their
    registration number (a reading that parted a register's entries wrongly has a record
    without one, whose number went to the record beside it); then the number of fields read
    sure (:func:`_read_unsure`)."""
    if extraction.document_type is None:
        return (False, 0, 0)
    numbered = sum(1 for record in extraction.records
                   if (number := record.fields.get("registration_number")) is not None and number.value)
    return (True, numbered, sum(not _read_unsure(field) for record in extraction.records
                                for field in record.fields.values() if "not_on_form" not in field.reasons))


def _read_half(half: PreparedPage, engine: OcrEngine, templates: Sequence[FormTemplate] | None,
               options: ReadingOptions, timings: dict[str, float]) -> tuple[OcrPage, Extraction, bool]:
    """The best reading of one prepared half: ``(page, extraction, turned)``, ``turned`` when it was
    read turned 180°. Raises :class:`OcrTimeoutError` when Tesseract cannot finish its first reading
    (a retry that runs out of time is given up, the reading before it kept)."""
    started = time.perf_counter()
    whited = _marks_to_white(half.gray, options)
    strong = _wants_strong_denoise(half, options)
    gray = _cleaned(half.gray, "strong" if strong else "light", options=options, whited=whited)
    if not strong and _dusty(gray, options):
        strong = True
        gray = _cleaned(half.gray, "strong", options=options, whited=whited)
    smoothed = _grainy(gray, options)
    if smoothed:
        strong, gray = True, _cleaned(half.gray, "smooth", options=options, whited=whited)
    timings["preprocess"] += time.perf_counter() - started
    letter_height = half.letter_height
    page, extraction = _read_prepared(gray, half.dpi, engine, templates, options, timings,
                                      letter_height=letter_height)
    turned = False
    if extraction.document_type is None and options.retry_upside_down:
        flipped = np.ascontiguousarray(gray[::-1, ::-1])
        second_page, second = _read_prepared(flipped, half.dpi, engine, templates, options, timings,
                                             letter_height=letter_height)
        if second.document_type is not None:
            page, extraction, turned = second_page, second, True
    retry = _retry_cleaning(extraction, strong, options)
    retries = [] if retry is None else [(half.gray, retry)]
    if _wants_strokes(extraction, half, retry, strong, options):
        retries.append((half.gray, "strokes"))
    if _wants_unfolded(extraction, half, options, turned=turned):
        retries.append((half.unfolded, "strong" if strong else "light"))
    for source, cleaning in retries:
        if smoothed and source is half.gray and cleaning == "smooth":
            continue  # (the page was read smoothed already)
        started = time.perf_counter()
        other = _cleaned(source, cleaning, options=options, half=half, whited=whited)
        if cleaning != "smooth" and _grainy(other, options):
            if smoothed and source is half.gray:
                continue
            other = _cleaned(source, "smooth", options=options, half=half, whited=whited)
        if turned:
            other = np.ascontiguousarray(other[::-1, ::-1])
        timings["preprocess"] += time.perf_counter() - started
        try:
            third_page, third = _read_prepared(other, half.dpi, engine, templates, options, timings,
                                               letter_height=letter_height)
        except OcrTimeoutError:
            log.warning("Tesseract ran out of time on a page's reading with %s cleaning; kept the reading before",
                        cleaning)
            continue
        if _score(third) > _score(extraction):
            page, extraction = third_page, third
    return page, extraction, turned


def read_page(image: np.ndarray, engine: OcrEngine, *, options: ReadingOptions | None = None,
              templates: Sequence[FormTemplate] | None = None, dpi_hint: int | None = None) -> PageReading:
    """Read a decoded page image (BGR or gray ``uint8``) and extract its records.

    ``engine`` is an :mod:`ocr.engine` backend (one per process: ``process_engine()``);
    ``dpi_hint`` is the resolution the file declares, if any. Raises
    :class:`inspector.errors.InputFileError` for an image preprocessing cannot use.
    """
    options = options or ReadingOptions()
    # "extract" includes "second_look" (the Tesseract rereads of single values it asks for).
    timings: dict[str, float] = {"preprocess": 0.0, "ocr": 0.0, "extract": 0.0, "second_look": 0.0}
    started = time.perf_counter()
    prepared = preprocess(image, PreprocessOptions(split_spreads=not options.single_page), dpi_hint=dpi_hint)
    timings["preprocess"] += time.perf_counter() - started
    document_type = layout = None
    records: list[ExtractedRecord] = []
    issues: list[ExtractedIssue] = []
    words: list[OcrWord] = []
    texts: list[str] = []
    qualities: list[QualityReport] = []
    for half in prepared:
        try:
            page, extraction, turned = _read_half(half, engine, templates, options, timings)
        except OcrTimeoutError:
            # Tesseract spends minutes on the grain of a poor scan blown up three times (its letters
            # taken for specks' size): the page is read again less enlarged rather than lost.
            if half.scale <= 1.0:
                raise
            started = time.perf_counter()
            smaller = preprocess(image, PreprocessOptions(split_spreads=not options.single_page,
                                                          max_upscale=max(1.0, half.scale / 2)), dpi_hint=dpi_hint)
            timings["preprocess"] += time.perf_counter() - started
            if len(smaller) != len(prepared):
                raise
            log.warning("Tesseract ran out of time on a page enlarged %.2f times; read again at %.2f",
                        half.scale, smaller[half.split_index].scale)
            half = smaller[half.split_index]
            page, extraction, turned = _read_half(half, engine, templates, options, timings)
        qualities.append(half.quality)
        extraction = _blanks_doubted(extraction, half.quality)
        to_original = _mapper(half, turned=turned)
        document_type = document_type or extraction.document_type
        layout = layout or extraction.layout
        issues.extend(extraction.issues)
        records.extend(_mapped_record(record, to_original) for record in extraction.records)
        words.extend(replace(word, box=to_original(word.box)) for word in page.words)
        texts.append("\n".join(line.text for line in page.lines))
    records = [replace(record, record_index=index) for index, record in enumerate(records)]
    return PageReading(document_type=document_type, layout=layout, records=tuple(records), issues=tuple(issues),
                       quality=tuple(qualities), words=tuple(words),
                       text="\n\n".join(texts), timings_s=tuple(timings.items()))
