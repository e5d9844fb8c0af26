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
