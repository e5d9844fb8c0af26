"""The second look rereads a value's zone as one line, whatever of the lines above and below it catches."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.engine import EngineConfig, check_ocr_available, create_engine
from ocr.secondlook import engine_reread, without_neighbouring_lines

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
LINES = ("Giới tính: Nữ   Dân tộc: Tày   Quốc tịch: Việt Nam",
         "Nơi sinh: Bệnh viện Đa khoa tỉnh Sóc Trăng",
         "Quê quán: xã Ngọc Đông, huyện Mỹ Xuyên, tỉnh Sóc Trăng")


def _close_lines(size: int = 24) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """Three lines set tight (the pitch 1.1 times the type size, as on a crowded register), and the
    box of the middle line's ink."""
    font = ImageFont.truetype(FONT, size)
    image = Image.new("L", (1500, 260), 255)
    draw = ImageDraw.Draw(image)
    pitch = int(size * 1.1)
    boxes = []
    for index, line in enumerate(LINES):
        draw.text((40, 40 + index * pitch), line, font=font, fill=0)
        boxes.append(draw.textbbox((40, 40 + index * pitch), line, font=font))
    x0, y0, x1, y1 = boxes[1]
    return np.asarray(image), (x0, y0, x1 - x0, y1 - y0)


def _zone(box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """The zone extraction rereads: the line's box with a quarter of its height above and below."""
    x, y, w, h = box
    return x - 10, y - h // 4, w + 20, h + 2 * (h // 4)


def test_fragments_of_the_lines_above_and_below_are_whited_out_and_the_line_kept() -> None:
    page, box = _close_lines()
    x, y, w, h = _zone(box)
    crop = np.where(page[y:y + h, x:x + w] < 128, 0, 255).astype(np.uint8)
    assert (crop[0] == 0).any() and (crop[-1] == 0).any(), "the zone catches ink of both neighbours"
    cleaned = without_neighbouring_lines(crop)
    assert not (cleaned[0] == 0).any() and not (cleaned[-1] == 0).any()
    core = slice(h // 4 + 2, h - h // 4 - 2)
    assert np.array_equal(cleaned[core], crop[core]), "the line's own letters are untouched"


@pytest.fixture(scope="module")
def engine():
    engine = create_engine(check_ocr_available(EngineConfig(backend="tesserocr")).config)
    yield engine
    engine.close()


def test_a_zone_on_closely_set_lines_is_reread_as_its_own_line(engine) -> None:
    page, box = _close_lines()
    text, confidence = engine_reread(engine, page, dpi=300)(_zone(box), "place")
    assert " ".join(text.split()).strip(" :;|") == LINES[1]
    assert confidence > 0.8


def _entry_number(text: str, size: int = 16) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """A register's entry number in small bold type, and the zone extraction rereads around it."""
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", size)
    image = Image.new("L", (400, 120), 255)
    draw = ImageDraw.Draw(image)
    draw.text((60, 40), "Số: ", font=font, fill=0)
    x0, y0, x1, y1 = draw.textbbox((120, 40), text, font=font)
    draw.text((120, 40), text, font=font, fill=0)
    return np.asarray(image), _zone((x0, y0, x1 - x0, y1 - y0))


def test_the_third_reading_reads_numbers_with_the_digits_model_and_words_from_the_gray(engine) -> None:
    from ocr.engine import digits_engine
    from ocr.secondlook import third_reread

    digits = digits_engine(engine)
    assert digits is not None and digits.language == "eng"
    # (the second look, the page's model on the same binarised zone, reads this "57" as "37")
    page, zone = _entry_number("57")
    text, _ = third_reread(engine, page, digits_engine=digits)(zone, "registration_number")
    assert text.strip() == "57"
    date_page, date_zone = _entry_number("12/03/2004", size=20)
    assert third_reread(engine, date_page, digits_engine=digits)(date_zone, "date")[0].strip() == "12/03/2004"
    # Without another model the page's model is not asked a third time: it read the number twice.
    assert third_reread(engine, page, digits_engine=None)(zone, "registration_number") == ("", 0.0)
    line = Image.new("L", (1500, 120), 255)
    draw = ImageDraw.Draw(line)
    draw.text((40, 40), LINES[1], font=ImageFont.truetype(FONT, 24), fill=0)
    x0, y0, x1, y1 = draw.textbbox((40, 40), LINES[1], font=ImageFont.truetype(FONT, 24))
    words, _ = third_reread(engine, np.asarray(line), digits_engine=digits)(_zone((x0, y0, x1 - x0, y1 - y0)), "place")
    assert "Sóc Trăng" in words


def test_no_digits_model_without_its_language_data(engine, caplog) -> None:
    from ocr.engine import digits_engine

    assert digits_engine(object()) is None, "an engine with no config to copy"
    with caplog.at_level("WARNING"):
        assert digits_engine(engine, language="xyz") is None
    assert "xyz" in caplog.text


def test_a_value_typed_on_a_dotted_leader_is_reread_whole(engine) -> None:
    """A value typed on the form's dotted line: Tesseract reads the leader's dots on as part of the
    value's word ("040203001234........"). The zone the second look reads must hold every digit, or
    the second reading of a right value disagrees and the officer is asked to check it."""
    from ocr.confidence import ReviewPolicy
    from ocr.extract import ExtractOptions, extract
    from tests.ocr.pagescenes import FONT as PAGE_FONT
    from tests.ocr.pagescenes import FORM_LINES, render_page

    leader = "." * 30
    values = {"Ngày, tháng, năm sinh: ": "26/02/2003", "Số định danh cá nhân: ": "040203001234"}
    lines = tuple(next((line + leader for caption in values if line == caption + values[caption]), line)
                  for line in FORM_LINES)
    scene = render_page(lines=lines)
    font = ImageFont.truetype(PAGE_FONT, 50)  # render_page's 12 pt at 300 dpi
    ink_right = {caption.split(":")[0]: int(0.9 * 300 + font.getlength(caption + value))
                 for caption, value in values.items()}
    page = engine.recognize(scene.image, dpi=300)
    assert any(word.text.startswith("040203001234.") for line in page.lines for word in line.words), \
        "Tesseract reads the dots on as part of the value's word (what this test is about)"
    zones = {}
    second = engine_reread(engine, scene.image, dpi=300)

    def recording(box, kind):
        zones[kind] = box
        return second(box, kind)

    # (every field read twice: a clean page's values are sure enough to skip the second look)
    everything = ExtractOptions(policy=ReviewPolicy(second_look_below=1.01))
    fields = extract(page, reread=recording, options=everything).records[0].fields
    for key, kind, caption, value in (("date_of_birth", "date", "Ngày, tháng, năm sinh", "2003-02-26"),
                                      ("personal_id", "personal_id", "Số định danh cá nhân", "040203001234")):
        x, _, width, _ = zones[kind]
        assert x + width >= ink_right[caption], f"the zone of {key} cuts its last digit"
        assert fields[key].value == value
        assert "second_look_agrees" in fields[key].reasons and not fields[key].needs_review, fields[key].reasons
