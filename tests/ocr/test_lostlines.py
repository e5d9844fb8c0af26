"""Lines Tesseract's layout analysis left out, read apart (:mod:`ocr.lostlines`), on a drawn page read
by the real engine: the reading is made to lose a block, as Tesseract sometimes does."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.engine import process_engine
from ocr.lostlines import unread_zones, with_lost_lines
from ocr.types import OcrPage

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
LINES = ["Số: 161", "Họ và tên người chết: LÊ THÙY THUỶ", "Ngày sinh: 14/11/1936   Giới tính: Nữ",
         "Nơi chết: Bệnh viện Đa khoa huyện Nậm Nhùn", "Quan hệ với người đã chết: Em trai"]
LETTER = 30  # the font's size in pixels: about the letters' height the pipeline measures


@pytest.fixture(scope="module")
def engine():
    return process_engine()


@pytest.fixture(scope="module")
def drawn():
    """A page of five lines under a ruled line, with leader dots after the last one."""
    image = Image.new("L", (1800, 700), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, LETTER)
    draw.line((80, 70, 1720, 70), fill=0, width=3)
    for number, text in enumerate(LINES):
        draw.text((100, 100 + 100 * number), text, font=font, fill=0)
    for x in range(1000, 1700, 14):
        draw.ellipse((x, 535, x + 3, 538), fill=0)  # a dotted leader
    return np.asarray(image)


def _without(page: OcrPage, top: int, bottom: int) -> OcrPage:
    """The page as a reading that lost the lines between ``top`` and ``bottom``."""
    lines = tuple(line for line in page.lines if not top <= line.box[1] + line.box[3] / 2 < bottom)
    return OcrPage(lines=lines, width=page.width, height=page.height, engine=page.engine, language=page.language)


def test_a_block_the_reading_left_out_is_read_apart_and_joins_the_page(engine, drawn):
    page = engine.recognize(drawn, dpi=300)
    assert "THÙY" in page.text
    lost = _without(page, 180, 420)  # the name, the birth date and the place of death
    assert "THÙY" not in lost.text
    assert unread_zones(drawn, lost, LETTER)
    found = with_lost_lines(drawn, lost, engine, dpi=300, letter_height=LETTER)
    text = found.text
    for words in ("LÊ THÙY THUỶ", "14/11/1936", "Nậm Nhùn"):
        assert words in text, text
    recovered = [word for word in found.words if word.recovered]
    assert recovered and all(180 <= word.box[1] + word.box[3] / 2 < 420 for word in recovered)
    assert not any(word.recovered for word in found.words if word.text == "161"), "what was read stays as read"


def test_a_page_read_whole_has_nothing_left_out_rules_and_leader_dots_aside(engine, drawn):
    page = engine.recognize(drawn, dpi=300)
    assert unread_zones(drawn, page, LETTER) == []
    assert with_lost_lines(drawn, page, engine, dpi=300, letter_height=LETTER) is page


def test_a_value_read_apart_is_flagged_though_its_second_look_agrees():
    # Where a zone read apart ends is a guess ("NÔNG ĐỨC" of "NÔNG ĐỨC TƯỜNG"): the officer checks it.
    from ocr.confidence import FieldEvidence, ReviewPolicy, assess_field
    from ocr.extract import LocatedValue, ValueLine
    from ocr.fieldkinds import normalise
    from ocr.templates import FieldTemplate
    from ocr.types import OcrWord

    def assessed(recovered: bool):
        words = tuple((OcrWord(text=text, confidence=0.96, box=(100 + 90 * n, 100, 80, 30), line_index=0,
                               recovered=recovered), 1.0) for n, text in enumerate(["NÔNG", "ĐỨC"]))
        located = LocatedValue(caption=None, lines=(ValueLine(text="NÔNG ĐỨC", words=words, box=(100, 100, 170, 30),
                                                             zone=(90, 95, 600, 40)),))
        spec = FieldTemplate(key="declarant_full_name", kind="name", captions=("Họ, chữ đệm, tên",))
        item = FieldEvidence(spec=spec, located=located, reading=normalise("name", "NÔNG ĐỨC"),
                             second=normalise("name", "NÔNG ĐỨC"), second_raw="NÔNG ĐỨC", second_confidence=0.96)
        return assess_field(item, (), (), ReviewPolicy())

    assert not assessed(False).needs_review
    apart = assessed(True)
    assert apart.needs_review and "read_apart" in apart.reasons
