"""``read_page`` end to end on generated pages (``tools/corpus``): the form, the records, and the promise
to the officer that a field left unflagged is right. Each page costs a few seconds of OCR."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest

from ocr.engine import process_engine
from ocr.fieldkinds import equivalent
from ocr.reading import ReadingOptions, read_page
from tools.corpus import generate_page


@pytest.fixture(scope="module")
def engine():
    return process_engine()


def _check(page, reading):
    """(fields right and unflagged, all fields, wrong fields left unflagged) over the page's records."""
    good = total = 0
    silent = []
    for truth, record in zip(page.records, reading.records, strict=False):
        for key, value in truth["fields"].items():
            field = record.fields.get(key)
            total += 1
            right = field is not None and equivalent(field.value, value)
            good += right and not field.needs_review
            if field is not None and not right and not field.needs_review:
                silent.append((key, field.value))
    return good, total, silent


@pytest.mark.parametrize(("document_type", "seed", "least_share"), [
    ("birth", 4, 0.8),
    ("death", 3, 0.85),
    ("marriage", 4, 0.2),  # marriage certificates' side-by-side layout is still read poorly
])
def test_a_clean_certificate_is_read_and_every_unflagged_field_is_right(engine, document_type, seed, least_share):
    page = generate_page(seed, document_type=document_type, layout="certificate", level="clean")
    reading = read_page(page.image, engine, options=ReadingOptions(single_page=True))
    assert reading.document_type == document_type
    assert reading.layout == "certificate"
    assert len(reading.records) == 1
    good, total, silent = _check(page, reading)
    assert not silent, "a wrong value was left unflagged"
    assert good / total >= least_share


def test_a_register_page_with_two_entries_gives_two_records_in_the_original_pixels(engine):
    page = generate_page(3, document_type="birth", layout="register", level="clean")
    assert len(page.records) == 2
    reading = read_page(page.image, engine, options=ReadingOptions(single_page=True))
    assert reading.document_type == "birth"
    assert reading.layout == "register"
    assert len(reading.records) == 2
    tops = [record.region[1] for record in reading.records]
    true_tops = [record["region"][1] for record in page.records]
    assert tops == sorted(tops)
    for top, true_top in zip(tops, true_tops, strict=True):
        assert abs(top - true_top) < page.image.shape[0] * 0.05
    good, total, silent = _check(page, reading)
    assert not silent
    assert good / total >= 0.75


def test_a_damaged_value_is_flagged_not_silently_wrong(engine):
    page = generate_page(4, document_type="birth", layout="certificate", level="clean")
    truth = page.records[0]
    image = page.image.copy()
    # Ink blots over the last letters of the child's name and over the middle of the date of birth.
    for key in ("full_name", "date_of_birth"):
        x, y, w, h = truth["field_boxes"][key]
        cv2.rectangle(image, (x + int(w * 0.55), y + h // 4), (x + int(w * 0.8), y + h), (0, 0, 0), -1)
    reading = read_page(image, engine, options=ReadingOptions(single_page=True))
    fields = reading.records[0].fields
    for key in ("full_name", "date_of_birth"):
        field = fields[key]
        assert not equivalent(field.value, truth["fields"][key]) or field.needs_review
        assert field.needs_review, (key, field.reasons)


def test_boxes_are_in_the_original_image_when_the_page_was_turned(engine):
    page = generate_page(4, document_type="birth", layout="certificate", level="clean")
    turned = np.ascontiguousarray(np.rot90(page.image, 1))  # a quarter turn counter-clockwise
    reading = read_page(turned, engine, options=ReadingOptions(single_page=True))
    assert reading.document_type == "birth"
    field = reading.records[0].fields["full_name"]
    assert field.box is not None
    # In the turned image the name's box is the true box turned the same way.
    x, y, w, h = page.records[0]["field_boxes"]["full_name"]
    width = page.image.shape[1]
    expected = (y, width - x - w, h, w)
    fx, fy, fw, fh = field.box
    assert abs((fx + fw / 2) - (expected[0] + expected[2] / 2)) < 40
    assert abs((fy + fh / 2) - (expected[1] + expected[3] / 2)) < 0.6 * expected[3] + 40


class _CountingEngine:
    """The engine, counting the whole-page readings (second looks at single values are not counted,
    nor the zones a reading left out, read apart as blocks: :mod:`ocr.lostlines`)."""

    def __init__(self, engine):
        self.engine, self.pages = engine, 0

    def recognize(self, image, **kwargs):
        from ocr.engine import PSM_AUTO

        self.pages += kwargs.get("psm", PSM_AUTO) == PSM_AUTO
        return self.engine.recognize(image, **kwargs)

    def read_line(self, crop, **kwargs):
        return self.engine.read_line(crop, **kwargs)


def test_a_grainy_page_is_denoised_up_front_and_read_once(engine):
    page = generate_page(1022, document_type="death", layout="register", level="poor")
    counting = _CountingEngine(engine)
    reading = read_page(page.image, counting)
    assert reading.quality[0].speckle > ReadingOptions().speckle_above
    assert reading.document_type == "death", "the strong denoising lets the form be recognised"
    assert counting.pages == 1, "the grain is measured before the reading: no second whole-page reading"
    good, _, silent = _check(page, reading)
    # Known weakness: one entry's personal ID, lost in the grain, is read as a blank left unflagged.
    assert good >= 5 and len(silent) <= 1
    plain = read_page(page.image, engine, options=ReadingOptions(strong_denoise="never", retry_denoised=False))
    plain_good = _check(page, plain)[0] if plain.document_type == "death" else 0
    # (the grain once hid the whole form; the plain reading now finds the form but loses fields: 5 right
    # against 7 since table cells keep lines running across a rule)
    assert plain_good < good, "without it the grain costs fields (the case this guards)"


def test_a_dusty_page_is_despeckled_up_front_and_read_once(engine):
    """A poor photocopy strewn with dust, specks nearly half a letter across: too big for the grain
    measure, they are what Tesseract strings into lines of their own, merging the text lines between.
    The dust is measured on the lightly cleaned page and the page read despeckled from the start.
    (The sheet is folded too: its second reading with the fold's shadow lifted is switched off here.)"""
    page = generate_page(1067, document_type="death", layout="certificate", level="poor")
    counting = _CountingEngine(engine)
    options = ReadingOptions(retry_unfolded_doubt=None)
    reading = read_page(page.image, counting, options=options)
    assert reading.quality[0].speckle <= options.speckle_above, "no grain: the dust decides"
    assert counting.pages == 1, "one whole-page reading, despeckled"
    good, _, silent = _check(page, reading)
    assert not silent
    plain = read_page(page.image, engine, options=replace(options, dust_above=None))
    assert _check(page, plain)[0] < good, "read without despeckling, the dust costs fields"


def test_a_blank_field_on_a_page_the_quality_report_warns_about_is_flagged():

    from ocr.preprocess import preprocess
    from ocr.preprocess.types import QualityWarning
    from ocr.reading import _blanks_doubted
    from ocr.types import ExtractedField, ExtractedRecord, Extraction
    from tests.ocr import pagescenes as ps

    quality = preprocess(ps.render_page(dpi=150).image)[0].quality
    record = ExtractedRecord(record_index=0, region=(0, 0, 10, 10), fields={
        "father_full_name": ExtractedField(value="", confidence=0.95, needs_review=False, reasons=()),
        "full_name": ExtractedField(value="AN", confidence=0.95, needs_review=False, reasons=())})
    extraction = Extraction(document_type="birth", layout="register", records=(record,))
    assert _blanks_doubted(extraction, quality) == extraction  # a good scan: a blank is a blank
    faint = replace(quality, warnings=(QualityWarning.of("low_contrast"),))
    fields = _blanks_doubted(extraction, faint).records[0].fields
    assert fields["father_full_name"].needs_review and "blank_on_poor_scan" in fields["father_full_name"].reasons
    assert not fields["full_name"].needs_review


def test_a_page_cut_off_doubts_only_the_blanks_at_its_edge_or_without_their_caption():

    from ocr.preprocess import preprocess
    from ocr.preprocess.types import QualityWarning
    from ocr.reading import _blanks_doubted
    from ocr.types import ExtractedField, ExtractedRecord, Extraction
    from tests.ocr import pagescenes as ps

    quality = preprocess(ps.render_page(dpi=150).image)[0].quality
    cut = replace(quality, warnings=(QualityWarning.of("page_cut_off"),))
    blank = ExtractedField(value="", confidence=0.95, needs_review=False, reasons=())
    record = ExtractedRecord(record_index=0, region=(0, 0, 10, 10), fields={
        "notes": blank,                                                     # in the middle of the page
        "personal_id": replace(blank, reasons=("room_at_edge",)),           # its room runs off the page
        "declarant_id_document": replace(blank, reasons=("not_printed",)),  # its caption may be cut away
    })
    fields = _blanks_doubted(Extraction(document_type="birth", layout="certificate", records=(record,)),
                             cut).records[0].fields
    assert not fields["notes"].needs_review
    assert fields["personal_id"].needs_review and fields["declarant_id_document"].needs_review


def test_a_blank_value_whose_room_reaches_the_page_edge_is_marked_so():

    from ocr.extract import extract
    from tests.ocr.pagescenes import FORM_LINES
    from tests.ocr.test_extract import ocr_page

    lines = [line if not line.startswith("Số định danh") else "Số định danh cá nhân:" for line in FORM_LINES]
    page = ocr_page(lines)
    # The room after the caption runs 16 type heights to the right: off a page cut 900 pixels wide.
    narrow = extract(replace(page, width=900)).records[0].fields["personal_id"]
    wide = extract(replace(page, width=4000)).records[0].fields["personal_id"]
    assert narrow.value == wide.value == ""
    assert "room_at_edge" in narrow.reasons and "room_at_edge" not in wide.reasons


def test_a_blank_room_closed_by_a_rule_inside_the_page_does_not_reach_its_edge():
    """A register's last column (its notes) is looked for up to the page's edge; the table's frame,
    a rule inside the page, closes it: a page cut off elsewhere lost nothing there."""

    from ocr.extract import ExtractOptions, extract
    from ocr.preprocess.ruling import VerticalRule
    from tests.ocr.pagescenes import FORM_LINES
    from tests.ocr.test_extract import ocr_page

    lines = [line if not line.startswith("Số định danh") else "Số định danh cá nhân:" for line in FORM_LINES]
    page = replace(ocr_page(lines), width=900)

    def personal_id(rules) -> tuple[str, ...]:
        field = extract(page, options=ExtractOptions(rules=lambda: rules)).records[0].fields["personal_id"]
        assert field.value == ""
        return field.reasons

    frame = VerticalRule(x=850.0, top=0, bottom=page.height, inked=page.height)
    assert "room_at_edge" not in personal_id((frame,))
    assert "room_at_edge" in personal_id(())  # no rule: the room runs off the page
    # a rule that stops short of the room's line (another table's) does not close it
    assert "room_at_edge" in personal_id((replace(frame, top=0, bottom=100),))
    # nor does one already past the page's margin (the sheet's own edge)
    assert "room_at_edge" in personal_id((replace(frame, x=895.0),))


SAMPLE_FOLDER = Path(__file__).resolve().parents[2] / "resources" / "samples"
SAMPLES = sorted(path.stem for path in SAMPLE_FOLDER.glob("*.jpg"))


@pytest.mark.parametrize("name", SAMPLES)
def test_each_sample_page_a_new_user_tries_gives_its_records_and_no_wrong_value_unflagged(engine, name):
    # The pages shipped in resources/samples are what an officer reads first: each must give its
    # type and its records, and never a wrong value the program does not flag.
    truth = json.loads((SAMPLE_FOLDER / f"{name}.json").read_text(encoding="utf-8"))
    reading = read_page(cv2.imread(str(SAMPLE_FOLDER / f"{name}.jpg")), engine)
    assert reading.document_type == truth["document_type"]
    records = [record for page in truth["pages"] for record in page["records"]]
    assert len(reading.records) == len(records)
    silent = [(key, field.value) for true, record in zip(records, reading.records, strict=True)
              for key, value in true["fields"].items()
              if (field := record.fields.get(key)) is not None and not field.needs_review
              and not equivalent(field.value, value)]
    assert not silent, silent
    # Every reason the officer may be shown has its words (no bare code in the verification view).
    from inspector.field_reasons import reason_text

    unexplained = {code for record in reading.records for field in record.fields.values() for code in field.reasons
                   if reason_text(code) is None}
    assert not unexplained, unexplained


def test_leptonicas_messages_do_not_reach_the_officers_terminal(engine, capfd):
    # This phone photo makes Leptonica print "Error in pixScanForForeground: invalid box" (in
    # English, from inside Tesseract) while the page is read all the same.
    capfd.readouterr()
    reading = read_page(cv2.imread(str(SAMPLE_FOLDER / "khai-sinh-giay-phone.jpg")), engine)
    assert reading.document_type == "birth"
    assert "Error in" not in capfd.readouterr().err


def test_of_two_readings_of_a_register_page_the_one_whose_entries_all_have_their_number_is_kept():
    # The retry of a page parted its entries wrongly: one record lost its number to the record
    # beside it, yet more of its fields read sure. The reading with every entry numbered is kept.
    from ocr.reading import _score
    from ocr.types import ExtractedField, ExtractedRecord, Extraction

    def record(index: int, number: str, sure: int) -> ExtractedRecord:
        fields = {"registration_number": ExtractedField(value=number, confidence=0.9, needs_review=not number)}
        fields.update({f"field_{n}": ExtractedField(value="x", confidence=0.95, needs_review=False)
                       for n in range(sure)})
        return ExtractedRecord(record_index=index, region=(0, 100 * index, 10, 10), fields=fields)

    parted = Extraction(document_type="death", layout="register",
                        records=(record(0, "160", 5), record(1, "161", 5), record(2, "162", 5)))
    merged = Extraction(document_type="death", layout="register",
                        records=(record(0, "160", 7), record(1, "", 7), record(2, "161", 7)))
    assert _score(parted) > _score(merged)
    unknown = Extraction(document_type=None, layout=None, records=())
    assert _score(merged) > _score(unknown)


def test_grain_blobs_tell_a_grainy_page_blown_up_from_a_page_of_text():
    from ocr.preprocess.cleanup import grain_blobs

    rng = np.random.default_rng(5)
    page = np.full((1200, 900), 255, np.uint8)
    for row in range(60, 1150, 45):  # lines of "letters"
        for column in range(40, 860, 22):
            cv2.rectangle(page, (column, row), (column + 12, row + 24), 30, 2)
    assert grain_blobs(page) < 1000
    grain = cv2.resize(rng.normal(0, 40, (400, 300)).astype(np.float32), (900, 1200))  # blown up three times
    grainy = np.clip(np.where(page < 128, 30.0, 215.0) + grain, 0, 255).astype(np.uint8)
    assert grain_blobs(grainy) > ReadingOptions().grain_blobs_above
    dust = np.full((1200, 1200), 255, np.uint8)
    dust[::3, ::3] = 0  # 160,000 specks: more than 16-bit labels can number
    assert grain_blobs(dust) == pytest.approx(160_000 / 1.44)


def test_a_grainy_scan_blown_up_is_read_smoothed_once(engine):
    """A poor 150 dpi register page, grain all over: enlarged 2.25 times (23 megapixels), its grain,
    gray once enlarged, is thousands of blobs a megapixel in Tesseract's binarisation, and its layout
    analysis spends its time on them (another such page took minutes, past Tesseract's timeout, and
    gave nine words). Counted before the reading, the grain sends the page to the smoothed cleaning:
    one whole-page reading."""
    from ocr.preprocess import preprocess
    from ocr.preprocess.cleanup import grain_blobs
    from ocr.reading import _cleaned

    page = generate_page(1000 * 1_000_003 + 169, document_type="marriage", layout="register", level="poor")
    half = preprocess(page.image)[0]
    assert half.scale > 2
    assert grain_blobs(_cleaned(half.gray, "strong", options=ReadingOptions())) > ReadingOptions().grain_blobs_above
    counting = _CountingEngine(engine)
    reading = read_page(page.image, counting)
    assert counting.pages == 1, "one whole-page reading, smoothed"
    assert reading.document_type == "marriage"
    assert _check(page, reading)[0] + sum(  # right values, flagged or not
        1 for truth, record in zip(page.records, reading.records, strict=False) for key, value in truth["fields"].items()
        if record.fields.get(key) is not None and record.fields[key].needs_review
        and equivalent(record.fields[key].value, value)) >= 5


class _SlowOnBigPagesEngine(_CountingEngine):
    """Tesseract running out of time on any whole page of more than ``megapixels``."""

    def __init__(self, engine, megapixels):
        super().__init__(engine)
        self.megapixels, self.sizes = megapixels, []

    def recognize(self, image, **kwargs):
        from inspector.errors import OcrTimeoutError
        from ocr.engine import PSM_AUTO

        if kwargs.get("psm", PSM_AUTO) == PSM_AUTO:
            self.sizes.append(image.size / 1e6)
            if image.size / 1e6 > self.megapixels:
                raise OcrTimeoutError("Nhận dạng chữ quá lâu", "OCR timed out")
        return super().recognize(image, **kwargs)


def test_a_page_tesseract_cannot_finish_is_read_again_less_enlarged_not_lost(engine):
    page = generate_page(1022, document_type="death", layout="register", level="poor")
    slow = _SlowOnBigPagesEngine(engine, megapixels=8.0)
    reading = read_page(page.image, slow)
    assert slow.sizes[0] > 8.0 and slow.sizes[-1] <= 8.0, "read again smaller after the timeout"
    assert reading.quality[0].text_height_px > 0
    assert reading.document_type == "death" and len(reading.records) == len(page.records)
    assert _check(page, reading)[0] >= 4
    from inspector.errors import OcrTimeoutError

    with pytest.raises(OcrTimeoutError):  # a page not enlarged cannot be read smaller: the error stands
        read_page(page.image, _SlowOnBigPagesEngine(engine, megapixels=0.5))


def test_a_grainy_page_whose_despeckled_reading_is_all_doubt_is_read_once_more_smoothed_when_asked(engine):
    """Despeckling keeps a poor scan's faint letters as they are, where smoothing softens them; but a
    fine grain it leaves can make the whole reading doubtful (the table's columns lost among garbage
    lines). By default such a page is read once (the smoothed reading costs seconds a page and, over
    the benches, seldom pays); asked for, a smoothed reading follows and the better is kept."""
    page = generate_page(1111, document_type="birth", layout="register", level="poor")
    counting = _CountingEngine(engine)
    once = read_page(page.image, counting)
    assert counting.pages == 1, "read once by default"
    counting = _CountingEngine(engine)
    reading = read_page(page.image, counting, options=ReadingOptions(retry_smooth_share=0.8))
    assert counting.pages == 2, "the despeckled reading doubted nearly everything: a smoothed one follows"
    assert len(reading.records) == len(page.records) == 2
    numbers = [record.fields["registration_number"].value for record in reading.records]
    assert all(numbers), numbers
    assert _check(page, once)[0] < _check(page, reading)[0], "the despeckled reading alone reads fewer values"


def test_a_register_page_with_an_entry_whose_number_was_not_read_is_read_once_more_the_other_way():
    # Tesseract's layout analysis lost the line "Số: 177" of a photographed register (the line
    # beside a dotted leader): two entries were read as one, without a number. Such a page is read
    # once more, strongly denoised; not a grainy page read strongly denoised already (read lightly,
    # its grain loses more than the line it may find).
    from ocr.reading import _retry_cleaning
    from ocr.types import ExtractedField, ExtractedRecord, Extraction

    def page(layout: str, *numbers: str) -> Extraction:
        records = tuple(ExtractedRecord(record_index=index, region=(0, 100 * index, 10, 10), fields={
            "registration_number": ExtractedField(value=number, confidence=0.9, needs_review=not number),
            "full_name": ExtractedField(value="LÊ VĂN AN", confidence=0.95, needs_review=False)})
            for index, number in enumerate(numbers))
        return Extraction(document_type="marriage", layout=layout, records=records)

    options = ReadingOptions()
    assert _retry_cleaning(page("register", "", "178"), False, options) == "strong"
    assert _retry_cleaning(page("register", "177", ""), True, options) is None
    assert _retry_cleaning(page("register", "177", "178"), False, options) is None
    assert _retry_cleaning(page("certificate", ""), False, options) is None
    assert _retry_cleaning(page("register", "", "178"), False, ReadingOptions(retry_unnumbered=False)) is None


def test_a_folded_sheet_is_read_once_more_with_the_folds_shadow_lifted_and_the_better_reading_kept(engine):
    """A poor photocopy of a folded certificate: the crease's shadow, as dark as the faded ink once
    stretched, struck through a line of values. The sheet is read once more from the copy with the
    shadow lifted (:attr:`PreparedPage.unfolded`), and that reading, which reads more, is kept."""
    page = generate_page(1098, document_type="marriage", layout="certificate", level="poor")
    assert page.truth["degradation"]["fold"], "the case this guards: a folded sheet"
    counting = _CountingEngine(engine)
    reading = read_page(page.image, counting)
    assert counting.pages >= 2, "the folded sheet is read a second time"
    good, _, silent = _check(page, reading)
    assert not silent
    once = read_page(page.image, engine, options=ReadingOptions(retry_unfolded_doubt=None))
    assert _check(page, once)[0] < good, "read once, with the shadow, fewer values are right and trusted"



def test_a_fold_across_the_page_away_from_the_unsure_fields_is_not_read_again(engine):
    """A folded sheet whose shadow crosses the page along one line, while the fields read unsure lie
    elsewhere: lifting the shadow cannot help them, and the second reading of the whole page (a second
    of Tesseract) changed the rest of it as often for the worse. The page is read once, and as many of
    its fields come out right and trusted as when it was read twice. (The sheet of the test above,
    folded down the page, is still read twice.)"""
    page = generate_page(1051, document_type="birth", layout="certificate", level="poor")
    assert page.truth["degradation"]["fold"], "the case this guards: a folded sheet"
    counting = _CountingEngine(engine)
    reading = read_page(page.image, counting)
    assert counting.pages == 1, "one whole-page reading"
    twice = _CountingEngine(engine)
    again = read_page(page.image, twice, options=ReadingOptions(retry_unfolded_fields=None))
    assert twice.pages == 2, "wherever the fold lies, the sheet is read again"
    assert _check(page, reading)[0] >= _check(page, again)[0]
    assert not _check(page, reading)[2]


def test_the_fields_across_a_fold_are_counted_where_the_reading_saw_them():
    """The shadow's rows and columns come from the page as prepared; a page read turned 180° has its
    fields' boxes in the turned page, where a fold near the top lies near the bottom."""
    from types import SimpleNamespace

    from ocr.reading import _unsure_across_fold
    from ocr.types import ExtractedField, ExtractedRecord, Extraction

    gray = np.full((1000, 700), 255, np.uint8)
    unfolded = gray.copy()
    gray[100:110] = 200  # a fold's shadow across the page, near its top
    half = SimpleNamespace(gray=gray, unfolded=unfolded)

    def field(y: int, unsure: bool = True) -> ExtractedField:
        return ExtractedField(value="x", confidence=0.5, needs_review=unsure, reasons=(), box=(50, y, 300, 30))

    record = ExtractedRecord(record_index=0, region=(0, 0, 700, 1000), fields={
        "full_name": field(95), "sex": field(104, unsure=False), "ethnicity": field(600), "nationality": field(890)})
    extraction = Extraction(document_type="birth", layout="certificate", records=(record,))
    assert _unsure_across_fold(extraction, half) == 1, "the unsure name on the fold; the sure sex is not counted"
    assert _unsure_across_fold(extraction, half, turned=True) == 1, "turned, the fold lies under the nationality"
    turned_record = replace(record, fields={"full_name": field(95), "ethnicity": field(600)})
    assert _unsure_across_fold(replace(extraction, records=(turned_record,)), half, turned=True) == 0


def test_a_page_whose_thin_strokes_the_cleaning_wiped_out_is_read_again_with_them(engine):
    """The light denoising wipes out strokes a pixel or two wide (a display face's hairlines, the faint
    joins of a photographed or scanned serif face): on this register photographed open (a serif face,
    a stroke piece lost every three or four letters on each page) most fields come out doubtful. Each
    page is read once more with its strokes put back, and more fields come out right and trusted."""
    page = generate_page(1028, document_type="death", layout="register", level="spread")
    counting = _CountingEngine(engine)
    reading = read_page(page.image, counting)
    once = _CountingEngine(engine)
    alone = read_page(page.image, once, options=ReadingOptions(retry_strokes_hairlines=0.5))
    assert counting.pages == once.pages + 2, "both pages of the spread read again with their strokes"
    assert _check(page, reading)[0] > _check(page, alone)[0]
    assert not _check(page, reading)[2]


def test_the_heading_of_a_sheet_photographed_on_a_desk_is_kept(engine, monkeypatch):
    """A phone photo of a certificate lying tilted on a desk, its foot out of the picture: the border
    crop, made for a scanner's dark lid, took the desk at the top for a border and its "rim" ran on
    through the rows that cross the tilted sheet (desk at both ends), cutting off the top fifth of
    the page with the entry's number, its book and the child's name. They are read now."""
    import ocr.preprocess.pipeline as pipeline

    page = generate_page(1099, document_type="birth", layout="certificate", level="phone")

    def top_fields() -> dict[str, str]:
        fields = read_page(page.image, engine).records[0].fields
        return {key: fields[key].value for key in ("registration_number", "book_number", "full_name")}

    assert top_fields() == {"registration_number": "174", "book_number": "3/2020", "full_name": "NGUYỄN KIM TÂM"}
    monkeypatch.setattr(pipeline, "SHEET_ON_DESK_BELOW", 0.0)
    assert top_fields() == {"registration_number": "", "book_number": "", "full_name": ""}, \
        "cropped as a scan, the heading is lost (the case this test is about)"


def test_the_dotted_zeros_of_a_monospace_face_are_read_as_zeros_and_what_fills_a_box_stays(engine):
    """Liberation Mono (which stands in for Courier New) draws its zero with a dot inside, and
    Tesseract read it 6, 8 or 9 ("01/2000" read "01/2666", a register's every date a wrong year): the
    dots inside letters' bowls are whited out before the reading. A comb's digits in their boxes and a
    tick in a check box are not dots in a bowl, and stay."""
    from PIL import Image, ImageDraw, ImageFont

    from ocr.preprocess.cleanup import dots_in_bowls, painted_paper

    dpi = 300
    font = ImageFont.truetype("/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf",
                              int(round(11 / 72 * dpi)))
    image = Image.new("L", (2000, 520), 255)
    draw = ImageDraw.Draw(image)
    draw.text((60, 60), "Quyển số: 01/2000    Số: 120/2000", font=font, fill=25)
    draw.text((60, 160), "Ngày đăng ký: 20/10/2008", font=font, fill=25)
    for index, digit in enumerate("5619"):
        left = 60 + index * 62
        draw.rectangle((left, 300, left + 52, 372), outline=25, width=3)
        draw.text((left + 13, 306), digit, font=font, fill=25)
    draw.rectangle((500, 310, 552, 362), outline=25, width=3)
    draw.line([(512, 336), (524, 350), (542, 318)], fill=25, width=4)
    gray = cv2.GaussianBlur(np.array(image), (0, 0), 1.3)
    whitened = painted_paper(gray, dots_in_bowls(gray))
    assert np.array_equal(whitened[280:400], gray[280:400]), "the comb's digits and the tick stay"
    assert np.count_nonzero(whitened[:260] != gray[:260]) > 0
    text = " ".join(line.text for line in engine.recognize(whitened[:260], dpi=dpi).lines)
    # (the numbers, whatever slash Tesseract read between them: "01⁄2000", "120/⁄2000")
    assert re.findall(r"\d+", text) == ["01", "2000", "120", "2000", "20", "10", "2008"], text


def test_an_empty_comb_whose_corner_overshoots_or_that_the_page_cuts_off_is_whitened_without_failing():
    """A register's empty comb of boxes, its last side printed a few pixels past the line under it
    (the benches' page 1087 stopped its reading with an IndexError), and the same comb at the very
    bottom of a page that cuts its lower line off: the sides go, the reading goes on."""
    from PIL import Image, ImageDraw, ImageFont

    from ocr.preprocess.cleanup import comb_ruling, painted_paper

    size = 31
    # (boxes a letter and a half tall, the last side's stroke running on 0.5 of a letter below:
    # still a side's height, past the line under the others by more than the comb's margin)
    box, top = int(size * 0.9), 40
    bottom = top + int(size * 1.05)
    font = ImageFont.truetype("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", size)
    image = Image.new("L", (900, 200), 255)
    draw = ImageDraw.Draw(image)
    draw.text((20, top), "Số định danh:", font=font, fill=25)
    draw.text((20, 130), "NGUYỄN ĐỨC LÂM, Dân tộc: Kinh", font=font, fill=25)
    left = 250
    for index in range(12):
        draw.rectangle((left + index * box, top, left + (index + 1) * box, bottom), outline=90, width=2)
    last = left + 12 * box
    draw.line((last, bottom, last, bottom + 12), fill=90, width=2)  # the corner's overshoot
    gray = cv2.GaussianBlur(np.array(image), (0, 0), 1.0)
    sides = np.array([left + index * box for index in range(1, 12)])
    whitened = painted_paper(gray, comb_ruling(gray))
    assert whitened[top + 4:bottom - 4, sides].min() >= 230, "the boxes' sides go"
    assert np.array_equal(whitened[120:], gray[120:]), "the name under it stays"
    cut = gray[:bottom - 1]  # the page ends inside the comb's lower line
    whitened = painted_paper(cut, comb_ruling(cut))
    assert whitened[top + 4:bottom - 4, sides].min() >= 230, "the boxes' sides go"


def test_the_ruling_of_a_comb_of_boxes_goes_and_its_digits_are_read_not_its_sides(engine):
    """A form prints twelve boxes for an ID, fainter than its text, and the digits are written one in
    each: Tesseract read the boxes' sides as ones, or the row as nothing ("222" here, 14 to 21 digits on
    the benches' pages). The sides and the lines over and under them go; the digits stay, and so do a
    word's stems in a row, level like sides (a bold serif name's capitals, whose serifs join at the top,
    were taken for a comb: "LÊ - - U")."""
    from PIL import Image, ImageDraw, ImageFont

    from ocr.preprocess.cleanup import comb_ruling, painted_paper

    dpi = 200
    size = int(round(11 / 72 * dpi))
    label = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", size)
    digits = ImageFont.truetype("/usr/share/fonts/truetype/noto/NotoSans-Italic.ttf", size)
    image = Image.new("L", (1600, 300), 255)
    draw = ImageDraw.Draw(image)
    draw.text((40, 60), "Số định danh cá nhân", font=label, fill=25)
    # (the comb right after its caption, whose letters' stems stand a box apart like its sides)
    box, top, bottom = int(size * 0.9), 55, 55 + int(size * 1.3)
    left = 40 + int(draw.textlength("Số định danh cá nhân", font=label)) + box // 3
    for index, digit in enumerate("070202121004"):
        draw.rectangle((left + index * box, top, left + (index + 1) * box, bottom), outline=120, width=2)
        draw.text((left + index * box + box * 0.2, 58), digit, font=digits, fill=25)
    draw.text((40, 200), "HIHIHIHI IIIIIIII", font=label, fill=25)
    gray = cv2.GaussianBlur(np.array(image), (0, 0), 1.2)
    whitened = painted_paper(gray, comb_ruling(gray))
    sides = np.array([left + index * box for index in range(13)])
    assert whitened[top + 4:bottom - 4, sides[1:-1]].min() >= 230, "the boxes' sides go"
    assert whitened[top:top + 2, left + 5:left + 12 * box - 5].min() >= 230, "and the line over them"
    assert np.array_equal(whitened[170:], gray[170:]), "a word's stems stay"
    assert np.array_equal(whitened[:, :left - 3], gray[:, :left - 3]), "and the caption's"
    twelve_points = int(round(12 / 72 * 300))
    regular = ImageFont.truetype("/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf", twelve_points)
    bold = ImageFont.truetype("/usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf", twelve_points)
    certificate = Image.new("L", (2400, 500), 255)
    draw = ImageDraw.Draw(certificate)
    draw.text((40, 60), "Họ, chữ đệm, tên người chết: ngày tháng năm sinh", font=regular, fill=25)
    draw.text((900, 160), "LÊ HỮU HIẾU", font=bold, fill=25)
    draw.text((40, 300), "Nơi cư trú cuối cùng: xã Phú Lễ, huyện Ba Tri", font=regular, fill=25)
    certificate = cv2.GaussianBlur(np.array(certificate), (0, 0), 1.0)
    assert comb_ruling(certificate) is None, "a bold serif name's stems stay"
    text = " ".join(line.text for line in engine.recognize(whitened[:170], dpi=dpi).lines)
    assert re.sub(r"\D", "", text) == "070202121004", text
