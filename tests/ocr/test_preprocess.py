"""Preprocessing as the reading relies on it: upright, deskewed pages, spreads split, photos flattened,
warnings the officer sees, and boxes that map back onto the original image."""

from __future__ import annotations

import numpy as np
import pytest

from ocr.preprocess import (
    BLURRY,
    LOW_CONTRAST,
    LOW_RESOLUTION,
    map_box_to_original,
    map_point_to_original,
    preprocess,
)
from tests.ocr import pagescenes as ps

DPI = 150
MARK_RADIUS_PX = 1.6 / 25.4 * DPI


@pytest.fixture(scope="module")
def page() -> ps.Scene:
    return ps.render_page(dpi=DPI)


def _marks_back(prepared, scene: ps.Scene, *, radius: float) -> float:
    """For each fiducial mark of the page, the distance (original pixels) from where it really is in the
    original image to the nearest mark found on the prepared page and mapped back; the largest one."""
    found = ps.find_marks(prepared.gray, radius)
    assert len(found) >= 3, "the fiducial marks must survive preprocessing"
    back = np.array([map_point_to_original(prepared, x, y) for x, y in found])
    worst = 0.0
    for name in scene.marks:
        truth = np.array(scene.mark_in_image(name))
        worst = max(worst, float(np.min(np.hypot(*(back - truth).T))))
    return worst


@pytest.mark.parametrize("angle", [-12.0, -4.5, 2.0, 9.0])
def test_deskew_recovers_the_angle(page, angle):
    pages = preprocess(ps.rotate(page, angle).image)
    assert len(pages) == 1
    assert abs(abs(pages[0].quality.skew_deg) - abs(angle)) <= 0.5
    assert np.sign(pages[0].quality.skew_deg) == np.sign(angle)


@pytest.mark.parametrize("quarters", [1, 2, 3])
def test_quarter_turns_are_put_upright(page, quarters):
    turned = ps.turn(page, quarters)
    prepared = preprocess(turned.image)[0]
    assert (prepared.quality.rotation + 90 * quarters) % 360 == 0
    width, height = prepared.size
    assert height > width, "an upright A4 page is portrait"
    assert _marks_back(prepared, turned, radius=MARK_RADIUS_PX * prepared.scale) < 4


def test_a_two_page_spread_gives_two_pages_left_first(page):
    right = ps.render_page(dpi=DPI, lines=ps.FORM_LINES[::-1])
    spread = ps.book_spread(page, right)
    pages = preprocess(spread.image)
    assert len(pages) == 2
    assert [half.split_index for half in pages] == [0, 1]
    assert all(half.quality.spread_split for half in pages)
    left_box = map_box_to_original(pages[0], (0, 0, pages[0].size[0], pages[0].size[1]))
    right_box = map_box_to_original(pages[1], (0, 0, pages[1].size[0], pages[1].size[1]))
    width = spread.image.shape[1]
    assert left_box[0] + left_box[2] / 2 < width / 2 < right_box[0] + right_box[2] / 2


def test_a_spread_whose_pages_meet_at_a_broken_dark_line_is_split(page):
    # The fold where the pages meet prints as a thin dark line, broken in dashes by the
    # thresholding: hair-wide slivers across the gutter, no letters written over it.
    right = ps.render_page(dpi=DPI, lines=ps.FORM_LINES[::-1])
    spread = ps.book_spread(page, right)
    image = spread.image.copy()
    gutter = page.image.shape[1]
    for top in range(0, image.shape[0], 60):
        image[top:top + 25, gutter - 2:gutter + 2] = 40
    pages = preprocess(image)
    assert len(pages) == 2 and all(half.quality.spread_split for half in pages)


def test_a_phone_photo_on_a_desk_is_flattened(page):
    size = (1600, 2100)
    corners = ps.camera_corners(page.page_size, size, tilt_x=0.12, tilt_y=-0.08, roll=4.0, fill=0.78)
    photo = ps.photograph(page, corners, size, seed=3)
    prepared = preprocess(photo.image)[0]
    assert prepared.quality.perspective_corrected
    width, height = prepared.size
    assert abs(height / width - 2 ** 0.5) < 0.06, "the sheet is cut out and rectified to A4"
    scale_in_photo = np.sqrt(abs(np.linalg.det(photo.page_to_image[:2, :2])))
    assert _marks_back(prepared, photo, radius=MARK_RADIUS_PX * scale_in_photo * prepared.scale) < 12


@pytest.mark.parametrize(("damage", "code"), [
    ({"blur": 4.5}, BLURRY),
    ({"ink": 150, "paper": 200}, LOW_CONTRAST),
])
def test_quality_warnings_for_a_damaged_page(page, damage, code):
    clean = preprocess(page.image)[0]
    assert code not in clean.quality.codes
    damaged = preprocess(ps.degrade(page, **damage).image)[0]
    assert code in damaged.quality.codes
    assert all(warning.message for warning in damaged.quality.warnings), "the officer reads a message"


def test_low_resolution_is_reported():
    small = ps.scale(ps.render_page(dpi=300), 0.3)  # a 90 dpi scan
    prepared = preprocess(small.image)[0]
    assert LOW_RESOLUTION in prepared.quality.codes


def test_a_box_found_on_the_prepared_page_lies_on_the_same_text_in_the_original(page):
    from ocr.engine import process_engine

    scene = ps.scale(ps.rotate(page, 3.0), 1.3)
    prepared = preprocess(scene.image)[0]
    ocr_page = process_engine().recognize(prepared.gray, dpi=prepared.dpi)
    line = next((line for line in ocr_page.lines if "Quê" in line.text or "quán" in line.text), None)
    assert line is not None, "the line 'Quê quán' is read on the prepared page"
    back = map_box_to_original(prepared, line.box)
    text = next(text for text in scene.lines if text.startswith("Quê quán"))
    x, y, w, h = scene.lines[text]
    corners = ps.apply(scene.page_to_image, [(x, y), (x + w, y), (x, y + h), (x + w, y + h)])
    truth = (corners[:, 0].min(), corners[:, 1].min(), corners[:, 0].max(), corners[:, 1].max())
    found = (back[0], back[1], back[0] + back[2], back[1] + back[3])
    inter_w = min(truth[2], found[2]) - max(truth[0], found[0])
    inter_h = min(truth[3], found[3]) - max(truth[1], found[1])
    assert inter_w > 0 and inter_h > 0
    overlap = inter_w * inter_h / ((found[2] - found[0]) * (found[3] - found[1]))
    assert overlap > 0.6
    # The line's left edge and middle height agree within a few letters' width.
    assert abs(found[0] - truth[0]) < 40
    assert abs((found[1] + found[3]) / 2 - (truth[1] + truth[3]) / 2) < 15


def test_grain_is_measured_so_the_reading_can_clean_a_grainy_page_once(page):
    """The speckle measure tells a grainy scan (Tesseract reads the grain as letters) from a
    clean page, so the reading denoises strongly up front instead of reading the page twice."""
    from ocr.reading import ReadingOptions

    clean = preprocess(page.image)[0]
    rng = np.random.default_rng(3)
    grain = rng.normal(0, 60, page.image.shape)
    grainy = preprocess(np.clip(page.image + grain, 0, 255).astype(np.uint8))[0]
    threshold = ReadingOptions().speckle_above
    assert clean.quality.speckle < threshold / 2
    assert grainy.quality.speckle > 2 * threshold


def test_a_skewed_sheet_running_past_the_frame_is_turned_not_sheared(page):
    """A scan whose sheet runs off one side has the frame for an edge: flattening that outline would
    slant every letter. The page must come out as the page turned straight (a similarity), not sheared."""
    size = (1500, 2000)
    corners = ps.camera_corners(page.page_size, size, roll=4.0, fill=0.9, focal=50.0, shift=(-0.12, 0.0))
    assert min(x for x, _ in corners) < 0, "the sheet must run past the left edge of the frame"
    photo = ps.photograph(page, corners, size, seed=5, shading=0.1)
    prepared = preprocess(photo.image)[0]
    assert "page_cut_off" in prepared.quality.codes
    scale_in_photo = np.sqrt(abs(np.linalg.det(photo.page_to_image[:2, :2])))
    found = np.array(ps.find_marks(prepared.gray, MARK_RADIUS_PX * scale_in_photo * prepared.scale))
    truth = np.array([page.marks[name] for name in page.marks], float)
    # Each fiducial mark on the prepared page: the spot found that maps back onto it in the photo.
    back = np.array([map_point_to_original(prepared, x, y) for x, y in found])
    source, target = [], []
    for name, mark in zip(page.marks, truth, strict=True):
        distance = np.hypot(*(back - np.array(photo.mark_in_image(name))).T)
        if distance.min() < 8:
            source.append(mark)
            target.append(found[int(np.argmin(distance))])
    assert len(source) == 3, "every fiducial mark must survive preprocessing"
    source, target = np.array(source), np.array(target)
    # Fit target ≈ s·R·source + t: a page turned and scaled, with no shear.
    a = np.zeros((2 * len(source), 4))
    a[0::2] = np.c_[source[:, 0], -source[:, 1], np.ones(len(source)), np.zeros(len(source))]
    a[1::2] = np.c_[source[:, 1], source[:, 0], np.zeros(len(source)), np.ones(len(source))]
    solution, *_ = np.linalg.lstsq(a, target.reshape(-1), rcond=None)
    residual = np.abs(a @ solution - target.reshape(-1)).max()
    assert residual < 6, f"marks off a turned page by {residual:.1f} px: the page was sheared"


def test_an_upright_page_whose_leaders_fool_the_line_profiles_is_not_turned_over():
    """Dotted leaders and underlines under the text read as ink below the x-height band; a turn
    over is confirmed by Tesseract's OSD before it is made (a wrong one costs a second reading)."""
    from tools.corpus import generate_page

    page = generate_page(1001, level=1)  # an upright scan the line profiles alone judge upside down
    assert preprocess(page.image)[0].quality.rotation == 0


@pytest.mark.parametrize(("seed", "document_type", "layout", "turned"), [
    (20015, "birth", "register", 0), (20005, "marriage", "certificate", 0), (20027, "birth", "register", 90),
    (20009, "marriage", "register", 180), (20025, "birth", "certificate", 180),
])
def test_a_poor_scan_of_a_ruled_form_is_put_the_right_way_up(seed, document_type, layout, turned):
    """A register's rules (whole, or broken into dashes by a poor scan) and lines run together are
    not taken for the marks above the text: these upright pages were turned over, and the turned
    ones the wrong way, before."""
    from tools.corpus import generate_page

    page = generate_page(seed, document_type=document_type, layout=layout, level=2)
    assert page.truth["degradation"]["rotation_deg"] == turned
    assert preprocess(page.image)[0].quality.rotation == turned


@pytest.mark.parametrize(("index", "document_type"), [(121, "death"), (380, "marriage"), (443, "death")])
def test_a_faint_grainy_scans_letters_are_measured_not_its_specks(index, document_type):
    """Poor 150 dpi registers whose faint letters fall under the ink threshold in pieces: the letters
    found were the grain's darker specks (capitals of 7.6–9.5 px for 13–16 px), and the page was
    enlarged three times (20–25 MP) where twice is right. Measured on a smoothed copy, they are
    the letters' size; a page whose letters were found is left as it was."""
    from ocr.preprocess.components import find_ink, smoothed_letter_heights
    from tools.corpus import generate_page

    page = generate_page(1000 * 1_000_003 + index, document_type=document_type, layout="register", level="poor")
    capital = page.truth["style"]["size_pt"] / 72 * page.truth["dpi"] * 0.7  # (about, for these faces)
    prepared = preprocess(page.image)[0]
    assert 0.8 * capital < prepared.quality.text_height_px < 1.25 * capital
    assert prepared.scale < 2.5
    clean = generate_page(1000 * 1_000_003 + index, document_type=document_type, layout="register", level="clean")
    assert smoothed_letter_heights(find_ink(clean.image if clean.image.ndim == 2 else clean.image[..., 1])) is None


@pytest.mark.parametrize(("seed", "holdout"), [(20014, False), (30026, True)])
def test_a_fold_or_a_shadow_is_not_taken_for_the_edge_of_the_sheet(seed, holdout):
    """A poor scan lit unevenly, or folded, has a brighter part that looks like a sheet on a darker
    background; cropping to it cut away half the page's words (a whole certificate lost). Words
    outside such a "sheet" show it is not the paper: the page is kept whole."""
    from tools.corpus import generate_page

    page = generate_page(seed, document_type="death", layout="certificate", level=2, holdout=holdout)
    prepared = preprocess(page.image)[0]
    width, height = prepared.size
    corners = np.array([map_point_to_original(prepared, x, y) for x, y in
                        ((0, 0), (width, 0), (width, height), (0, height))])
    x, y = corners.T
    area = 0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))
    assert area >= 0.8 * page.image.shape[0] * page.image.shape[1], "the prepared page holds the whole frame"


def _leader_line() -> np.ndarray:
    """A white strip with a word-sized block of letters and a dotted leader running after it, and a
    full stop far below the leader's line."""
    import cv2

    strip = np.full((170, 900), 255, np.uint8)
    for index in range(38):  # a line of letters 30 px tall
        cv2.rectangle(strip, (20 + 22 * index, 110), (34 + 22 * index, 140), 0, -1)
    for index in range(6):  # a caption
        cv2.rectangle(strip, (20 + 22 * index, 20), (34 + 22 * index, 50), 0, -1)
    for x in range(170, 880, 10):  # the leader: 3 px dots on the caption's baseline
        cv2.rectangle(strip, (x, 48), (x + 2, 50), 0, -1)
    cv2.rectangle(strip, (400, 150), (405, 155), 0, -1)  # a full stop on a line of its own
    return strip


def test_a_dotted_leader_is_whited_out_and_the_letters_and_a_lone_full_stop_stay() -> None:
    from ocr.preprocess.cleanup import remove_dotted_leaders

    strip = _leader_line()
    cleaned = remove_dotted_leaders(strip)
    assert (cleaned[45:52, 165:885] == 255).all(), "every dot of the leader is gone"
    assert (cleaned[20:51, 20:35] == 0).all(), "the letters are untouched"
    assert (cleaned[150:156, 400:406] == 0).all(), "a full stop off the leader's line stays"


def test_a_dashed_leader_is_whited_out_and_hyphens_letters_and_rules_stay() -> None:
    """A value written over a dashed leader ("Lê Thị Hạnh" over "- - - -"): Tesseract's layout
    analysis dropped such value lines from a register page. The dashes go; a date's hyphens, a
    lone dash, the letters and a table's rule stay."""
    import cv2
    from PIL import Image, ImageDraw, ImageFont

    from ocr.preprocess.cleanup import remove_dotted_leaders

    image = Image.new("L", (1100, 260), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(ps.FONT, 40)
    draw.text((30, 20), "Họ, chữ đệm, tên: Lê Thị Hạnh", font=font, fill=0)
    draw.text((30, 140), "Ngày 30-08-2020 - xã Kim Sơn", font=font, fill=0)
    strip = np.array(image)
    baseline = 20 + 40
    for x in range(370, 1060, 22):  # the leader: dashes 14 px long, 8 apart, under the value
        cv2.line(strip, (x, baseline + 8), (x + 13, baseline + 8), 0, 2)
    cv2.line(strip, (20, 230), (1080, 230), 0, 2)  # a table's rule
    cleaned = remove_dotted_leaders(strip)
    leader_row = cleaned[baseline + 6:baseline + 11, 700:1060]
    assert (leader_row == 255).all(), "the dashes beyond the letters are gone"
    letters = (strip[10:baseline + 4] < 128).sum()
    assert (cleaned[10:baseline + 4] < 128).sum() >= 0.97 * letters, "the letters stay"
    assert (cleaned[130:200] == strip[130:200]).all(), "a date's hyphens and a lone dash stay"
    assert (cleaned[228:233] == strip[228:233]).all(), "the rule stays"


def test_a_form_full_of_leaders_loses_every_dot_and_keeps_its_letters() -> None:
    """Thousands of dots (past the count where whole-page lookup takes over from box by box)."""
    import cv2

    from ocr.preprocess.cleanup import remove_dotted_leaders

    page = np.full((1900, 1000), 255, np.uint8)
    for line in range(60):
        top = 20 + 31 * line
        for index in range(4):  # a caption of four letters, 20 px tall
            cv2.rectangle(page, (20 + 16 * index, top), (30 + 16 * index, top + 20), 0, -1)
        for x in range(100, 980, 8):  # its leader: 110 dots of 3 px on the baseline
            cv2.rectangle(page, (x, top + 18), (x + 2, top + 20), 0, -1)
    cleaned = remove_dotted_leaders(page)
    assert (cleaned[:, 95:] == 255).all(), "every dot of every leader is gone"
    assert (cleaned[:, :95] == page[:, :95]).all(), "the captions are untouched"


def test_connected_components_are_opencvs_and_a_page_of_grain_past_16_bits_still_gets_them() -> None:
    import cv2

    from ocr.preprocess.connected import connected_components

    rng = np.random.default_rng(3)
    for density in (0.02, 0.1):  # a few thousand specks; then more than 16-bit labels can number
        ink = (rng.random((1200, 1200)) < density).astype(np.uint8)
        count, labels, stats, centres = connected_components(ink, 8)
        want = cv2.connectedComponentsWithStats(ink, connectivity=8)
        assert count == want[0] and (stats == want[2]).all() and np.allclose(centres, want[3])
        assert (labels.astype(np.int64) == want[1]).all()
    assert count > 65535 and labels.dtype == np.int32


def test_points_near_counts_exactly_what_a_brute_force_count_finds() -> None:
    from ocr.preprocess.cleanup import points_near

    rng = np.random.default_rng(7)
    xs, ys = rng.uniform(0, 500, 400).round(1), rng.uniform(0, 300, 400).round(1)
    qx, qy = rng.uniform(0, 500, 300).round(1), rng.uniform(0, 300, 300).round(1)
    qx[:20], qy[:20] = xs[:20] + 12.0, ys[:20]  # points exactly reach_x to the right of a query
    for right_open in (False, True):
        found = points_near(xs, ys, qx, qy, 12.0, 4.5, right_open=right_open)
        dx, dy = xs[None, :] - qx[:, None], np.abs(ys[None, :] - qy[:, None])
        across = (dx >= -12.0) & ((dx < 12.0) if right_open else (dx <= 12.0))
        assert found.tolist() == (across & (dy <= 4.5)).sum(axis=1).tolist()


def test_an_open_book_photographed_on_a_desk_with_a_deep_binding_shadow_gives_both_pages(page):
    # The binding's shadow cuts the bright paper in two; the pages run past the frame's top and bottom.
    right = ps.render_page(dpi=DPI, lines=ps.FORM_LINES[::-1])
    spread = ps.book_spread(page, right, gutter_shadow=0.9, shadow_width=0.12).image
    height, width = spread.shape
    desk = np.full((height - 120, width + 400), 70, np.uint8)
    desk[:, 200:200 + width] = spread[60:height - 60]
    pages = preprocess(desk)
    assert len(pages) == 2 and all(half.quality.spread_split for half in pages)


def test_the_hairline_ticks_of_a_comb_of_boxes_go_and_the_marks_of_letters_stay():
    # "Số định danh [0][9][4]…": the dashes left of the comb's dotted boxes made Tesseract drop the
    # whole line of digits; a dot below a letter, a breve and a tilde are no such ticks.
    from PIL import Image, ImageDraw, ImageFont

    from ocr.engine import process_engine
    from ocr.labels import page_rows
    from ocr.preprocess.cleanup import remove_dotted_leaders

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 34)
    image = Image.new("L", (1300, 140), 255)
    draw = ImageDraw.Draw(image)
    draw.text((30, 40), "Số định danh", font=font, fill=0)
    digits = "094324370144"
    for number, digit in enumerate(digits):
        x = 300 + 37 * number
        draw.text((x + 8, 40), digit, font=font, fill=0)
        for y in (34, 86):  # the corners of the box around each digit, a dash a pixel high
            draw.line((x, y, x + 2, y), fill=0)
    draw.text((800, 40), "Đặng Hằng Ngã", font=font, fill=0)
    page = np.asarray(image)
    cleaned = remove_dotted_leaders(page)
    assert (cleaned[34, 300:750] == 255).all() and (cleaned[86, 300:750] == 255).all(), "the ticks are gone"
    assert (cleaned[:, 800:] == page[:, 800:]).all(), "the marks of the letters are untouched"
    rows = page_rows(process_engine().recognize(cleaned, dpi=300))
    assert any(digits in row.text.replace(" ", "") for row in rows)


def test_a_sheet_half_in_a_hands_shadow_is_flattened_by_its_paper_edges_not_the_shadows(page):
    """A phone's or a hand's soft shadow darkens the lower part of a photographed sheet to the desk's
    level: the bright region ends at the shadow, and a sheet flattened by that edge came out sheared
    (text lines slanting across a whole register, its captions lost). The paper's own edge, a sharp
    step beyond the shadow's fading one, bounds the sheet."""
    import cv2

    from ocr.preprocess.cleanup import downscale
    from ocr.preprocess.page import find_page
    from ocr.preprocess.pipeline import analysis_factor

    size = (1600, 2100)
    corners = ps.camera_corners(page.page_size, size, tilt_x=0.1, tilt_y=0.06, roll=-3.0, fill=0.8)
    photo = ps.photograph(page, corners, size, seed=5, shading=0.1)
    # The shadow: a slanted band over the lower third of the sheet, its edge fading over ~120 px.
    yy, xx = np.mgrid[0:size[1], 0:size[0]].astype(np.float32)
    edge = 0.62 * size[1] + 0.12 * (xx - size[0] / 2)
    shade = 1.0 - 0.55 / (1.0 + np.exp(-(yy - edge) / 30.0))
    shaded = np.clip(photo.image.astype(np.float32) * shade[:, :, None], 0, 255).astype(np.uint8)
    factor = analysis_factor(shaded.shape)
    small = downscale(cv2.cvtColor(shaded, cv2.COLOR_BGR2GRAY), factor)
    quad = find_page(small)
    assert quad is not None and not quad.cut_off
    width, height = page.page_size
    truth = ps.apply(photo.page_to_image @ np.linalg.inv(page.page_to_image),
                     [(0, 0), (width, 0), (width, height), (0, height)]) / factor
    assert np.abs(quad.corners - truth).max() < 6, "the corners are the paper's, not the shadow's"
    prepared = preprocess(shaded)[0]
    out_width, out_height = prepared.size
    assert abs(out_height / out_width - 2 ** 0.5) < 0.06, "the sheet is rectified to A4, not sheared"


@pytest.mark.parametrize("shadow", ["tent", "corner"])
def test_a_sheet_under_a_curved_shadow_is_found_by_its_outline(page, shadow):
    """A shadow whose edge is no straight line (a hand's, a phone's, reaching up into the middle of
    the sheet, or across one corner) leaves a bright region shaped like no sheet, and a bright patch
    of the desk may run into it: the paper's outline, its sharp edge against the desk all round,
    gives the sheet (a sheet flattened by the bright region came out sheared or cut)."""
    import cv2

    from ocr.preprocess.cleanup import downscale
    from ocr.preprocess.page import find_page
    from ocr.preprocess.pipeline import analysis_factor

    size = (2100, 1600) if shadow == "tent" else (1600, 2100)
    corners = ps.camera_corners(page.page_size, size, tilt_x=0.08, tilt_y=-0.05, roll=2.5, fill=0.85)
    photo = ps.photograph(page, corners, size, seed=9, shading=0.05)
    yy, xx = np.mgrid[0:size[1], 0:size[0]].astype(np.float32)
    if shadow == "tent":
        edge = 0.35 * size[1] + 0.9 * np.abs(xx - size[0] / 2)
        depth = 1.0 / (1.0 + np.exp(-(yy - edge) / 25.0))
    else:
        depth = 1.0 / (1.0 + np.exp(-((xx - 0.45 * size[0]) + (yy - 0.55 * size[1])
                                      - 0.0004 * (xx - 0.45 * size[0]) ** 2) / 30.0))
    shade = 1.0 - 0.5 * depth
    shaded = photo.image.astype(np.float32) * shade[:, :, None]
    # A bright patch of the desk a little off the sheet's top right corner.
    top_right = np.array(corners[1])
    cv2.circle(shaded, (int(top_right[0] + 85), int(top_right[1] - 85)), 90, (225, 228, 230), -1)
    shaded = np.clip(shaded, 0, 255).astype(np.uint8)
    factor = analysis_factor(shaded.shape)
    small = downscale(cv2.cvtColor(shaded, cv2.COLOR_BGR2GRAY), factor)
    quad = find_page(small)
    assert quad is not None
    width, height = page.page_size
    truth = ps.apply(photo.page_to_image @ np.linalg.inv(page.page_to_image),
                     [(0, 0), (width, 0), (width, height), (0, height)]) / factor
    assert np.abs(quad.corners - truth).max() < 6, (quad.corners, truth)


def test_despeckling_whites_out_specks_clear_of_the_letters_and_keeps_the_tone_marks() -> None:
    """Black specks of a poor scan lying clear of the text go; the marks of the letters (the dot below
    of "Ạ", a tone mark), as small as a speck but beside a letter, stay; the letters are untouched."""
    from ocr.preprocess.cleanup import despeckle

    scene = ps.text_line_page("NGUYỄN THỊ ẠNH Lạng Sơn", dpi=300, font_pt=14)
    clean = scene.image if scene.image.ndim == 2 else scene.image[:, :, 0]
    ink = clean < 128
    rows, cols = np.nonzero(ink)
    top, bottom, left, right = rows.min(), rows.max(), cols.min(), cols.max()
    specked = clean.copy()
    rng = np.random.default_rng(5)
    specks = []
    while len(specks) < 60:  # 4-6 px specks at least a line's height from the text
        y, x = int(rng.integers(5, clean.shape[0] - 10)), int(rng.integers(5, clean.shape[1] - 10))
        if top - 60 < y < bottom + 60 and left - 60 < x < right + 60:
            continue
        size = int(rng.integers(4, 7))
        specked[y:y + size, x:x + size] = 0
        specks.append((y, x, size))
    cleaned = despeckle(specked)
    assert all((cleaned[y:y + size, x:x + size] > 128).all() for y, x, size in specks), "every speck is gone"
    text = (slice(top - 5, bottom + 6), slice(left - 5, right + 6))
    kept = (cleaned[text] < 128) & ink[text]
    assert kept.sum() >= 0.97 * ink[text].sum(), "the letters stay"
    import cv2

    def pieces(image):
        return cv2.connectedComponents(np.uint8(image[text] < 128), connectivity=8)[0]

    assert pieces(cleaned) == pieces(clean), "every mark of the letters, a speck's size, stays"


def test_despeckling_whites_out_dust_nearly_half_a_capitals_height_clear_of_the_text() -> None:
    """Dust on a photocopied page: round specks 37-44% of a capital's height, the size of a small letter's
    bowl, lying a line or more away from the text. They go too (Tesseract's layout analysis otherwise
    strings them into lines of their own and merges the lines between them); the letters and their
    marks stay as they are."""
    import cv2

    from ocr.preprocess.cleanup import despeckle

    scene = ps.text_line_page("NGUYỄN THỊ ẠNH Lạng Sơn", dpi=300, font_pt=14)
    clean = scene.image if scene.image.ndim == 2 else scene.image[:, :, 0]
    ink = clean < 128
    rows, cols = np.nonzero(ink)
    top, bottom, left, right = rows.min(), rows.max(), cols.min(), cols.max()
    _, labels, stats, _ = cv2.connectedComponentsWithStats(np.uint8(ink), connectivity=8)
    capital = stats[labels[rows[cols == left][0], left], cv2.CC_STAT_HEIGHT]  # the N's height
    specked = clean.copy()
    rng = np.random.default_rng(7)
    specks = []
    while len(specks) < 30:
        y, x = int(rng.integers(5, clean.shape[0] - 30)), int(rng.integers(5, clean.shape[1] - 30))
        if top - 2 * capital < y < bottom + 2 * capital and left - 2 * capital < x < right + 2 * capital:
            continue
        radius = int(capital * rng.uniform(0.37, 0.44) - 1) // 2  # (a disc 2r + 1 pixels across)
        cv2.circle(specked, (x + radius, y + radius), radius, 0, -1)
        specks.append((y, x, 2 * radius + 1))
    cleaned = despeckle(specked)
    assert all((cleaned[y:y + size, x:x + size] > 128).all() for y, x, size in specks), "the dust is gone"
    text = (slice(top - 5, bottom + 6), slice(left - 5, right + 6))

    def pieces(image):
        return cv2.connectedComponents(np.uint8(image[text] < 128), connectivity=8)[0]

    assert ((cleaned[text] < 128) & ink[text]).sum() >= 0.97 * ink[text].sum(), "the letters stay"
    assert pieces(cleaned) == pieces(clean), "every mark of the letters stays"


def test_dust_is_measured_per_letter_apart_from_the_letters_marks_and_a_dotted_leader() -> None:
    """The dust measure that sends a page to despeckling: next to nothing on a clean line of text, nor
    on one with a dotted leader once the leaders are removed (as the reading does first); well over
    the reading's threshold once dust specks 30-40% of a capital's height are strewn around it."""
    import cv2

    from ocr.preprocess.cleanup import dust_ratio, remove_dotted_leaders
    from ocr.reading import ReadingOptions

    scene = ps.text_line_page("Họ và tên: NGUYỄN THỊ ẠNH", dpi=300, font_pt=14)
    clean = scene.image if scene.image.ndim == 2 else scene.image[:, :, 0]
    threshold = ReadingOptions().dust_above
    assert dust_ratio(clean) < 0.2 * threshold
    rows, cols = np.nonzero(clean < 128)
    capital = int(rows.max() - rows.min()) // 2
    led = clean.copy()
    for x in range(int(cols.max()) + 20, clean.shape[1] - 20, capital // 2):  # a leader after the value
        cv2.circle(led, (x, int(rows.max()) - 3), capital // 7, 0, -1)
    assert dust_ratio(led) > threshold, "a leader's big dots, left in place, would count as dust"
    assert dust_ratio(remove_dotted_leaders(led)) < 0.2 * threshold
    dusty = clean.copy()
    rng = np.random.default_rng(3)
    strewn = 0
    while strewn < 40:
        y, x = int(rng.integers(10, clean.shape[0] - 10)), int(rng.integers(10, clean.shape[1] - 10))
        if rows.min() - capital < y < rows.max() + capital:
            continue
        cv2.circle(dusty, (x, y), int(capital * rng.uniform(0.3, 0.4)) // 2, 0, -1)
        strewn += 1
    assert dust_ratio(dusty) > 2 * threshold


def test_restoring_strokes_puts_back_a_letters_hairline_the_median_took_but_not_specks_or_rules() -> None:
    """A display face's N: two stems and a diagonal one pixel wide. The light denoising's 3×3 median
    wipes the diagonal out (Tesseract then reads "II" or "X"); the strokes' restoration puts it back,
    while the single-pixel specks and the one-pixel rule the median removed stay removed."""
    import cv2

    from ocr.preprocess.cleanup import restore_strokes

    page = np.full((120, 400), 255, np.uint8)
    page[30:70, 40:45] = 0
    page[30:70, 75:80] = 0                                   # the stems, five pixels wide
    cv2.line(page, (45, 31), (74, 68), 0, 1)                # the hairline diagonal, one pixel wide
    page[100, 20:380] = 0                                    # a one-pixel rule across the page
    specks = [(10, 200), (15, 300), (90, 150)]
    for y, x in specks:
        page[y, x] = 0
    smooth = cv2.medianBlur(page, 3)
    assert (smooth[31:70, 46:74] > 128).all(), "the median took the hairline"
    restored = restore_strokes(page, smooth, letter_height=40.0)
    hairline = np.zeros_like(page)
    cv2.line(hairline, (45, 31), (74, 68), 255, 1)
    assert (restored[hairline > 0] < 128).all(), "the hairline is back"
    assert all(restored[y, x] > 128 for y, x in specks), "the specks stay removed"
    assert (restored[100, 20:380] > 128).all(), "so does the rule, no letter's size"
    assert (restored[30:70, 40:45] < 128).all() and (restored[30:70, 75:80] < 128).all()


def test_hairline_fragments_tell_a_display_face_from_a_text_face() -> None:
    """A display face's hairlines break into pieces the light denoising wipes out whole, about one a
    letter; a text face's strokes survive it. (On a page without grain, so no speck counts.)"""
    import cv2

    from ocr.preprocess.cleanup import hairline_fragments
    from ocr.preprocess.types import PreparedPage, QualityReport

    def page(with_hairlines: bool) -> PreparedPage:
        gray = np.full((200, 1800), 255, np.uint8)
        for letter in range(40):
            x = 20 + letter * 44
            gray[60:100, x:x + 5] = 0                         # a "Π": stems five pixels wide
            gray[60:100, x + 25:x + 30] = 0
            gray[60:65, x:x + 30] = 0
            if with_hairlines:
                cv2.line(gray, (x + 8, 80), (x + 21, 88), 0, 1)  # a hairline's piece, apart from them
        report = QualityReport(dpi=300, dpi_source="test", text_height_px=40.0, blur=0.0, contrast=1.0,
                               brightness=1.0, skew_deg=0.0, rotation=0, perspective_corrected=False,
                               spread_split=False, orientation_confidence=1.0, speckle=0.0, warnings=())
        return PreparedPage(gray=cv2.medianBlur(gray, 3), binary=gray, to_original=np.eye(3), size=(1800, 200),
                            original_size=(1800, 200), dpi=300, quality=report, unsmoothed=gray)

    assert hairline_fragments(page(with_hairlines=True)) >= 0.5
    assert hairline_fragments(page(with_hairlines=False)) < 0.1


def _folded(scene: ps.Scene, *, vertical: bool, at: float, depth: float = 0.45) -> ps.Scene:
    """The page folded at ``at`` (page pixels across the fold): a narrow band of shadow ``depth``
    deep from edge to edge, ink and paper darkened alike, as a crease in the sheet casts it."""
    image = scene.image.astype(np.float32)
    across = image.shape[1] if vertical else image.shape[0]
    profile = 1.0 - depth * np.exp(-((np.arange(across) - at) / 4.0) ** 2)
    image *= profile[None, :] if vertical else profile[:, None]
    return ps.Scene(image=np.clip(image, 0, 255).astype(np.uint8), page_to_image=scene.page_to_image,
                    marks=scene.marks, lines=scene.lines, page_size=scene.page_size)


def _ruled(scene: ps.Scene, y: int) -> ps.Scene:
    """The page with a table's rule, three quarters of the page wide, at row ``y``."""
    import cv2

    image = scene.image.copy()
    width = image.shape[1]
    cv2.line(image, (width // 8, y), (width * 7 // 8, y), 20, 2)
    return ps.Scene(image=image, page_to_image=scene.page_to_image, marks=scene.marks, lines=scene.lines,
                    page_size=scene.page_size)


@pytest.mark.parametrize("vertical", [False, True], ids=["across", "down"])
def test_a_folds_shadow_across_a_line_of_text_is_lifted_and_the_letters_and_rules_stay(page, vertical):
    """A fold's crease casts a narrow shadow from edge to edge of the sheet; stretched to the ink's
    contrast it struck through the line of values it crossed (a whole entry's first line read as
    dashes on a poor register scan). The prepared page carries a copy with the band lifted to the
    paper's level, for a second reading; the letters under it keep their ink, and a table's rule,
    which does not cross the whole page, stays a rule. A sheet without a fold has no such copy."""
    left, top, width, height = page.lines[ps.NAME_LINE]
    ruled = _ruled(page, int(top + 6 * height))
    at = left + width / 3 if vertical else top + height / 2
    folded = _folded(ruled, vertical=vertical, at=at)
    flat = preprocess(ruled.image)[0]
    assert flat.unfolded is None, "no fold, no second reading"
    plain = flat.gray
    prepared = preprocess(folded.image)[0]
    lifted, shadowed = prepared.unfolded, prepared.gray
    assert lifted is not None and plain.shape == lifted.shape == shadowed.shape
    # The band: the line of the page whose paper the shadow darkened most.
    paper = np.percentile(shadowed, 80, axis=0 if vertical else 1)
    band = int(np.argmin(paper))
    line = (lambda gray: gray[:, band]) if vertical else (lambda gray: gray[band])
    assert np.percentile(line(shadowed), 80) < 160, "the fold's shadow is as dark as ink without the lifting"
    assert np.percentile(line(lifted), 80) >= 235, "the shadow is lifted to the paper's level"
    # The letters the band crosses: as much ink as on the page without the fold.
    ink_plain, ink_lifted = int((line(plain) < 128).sum()), int((line(lifted) < 128).sum())
    assert ink_plain > 0 and abs(ink_lifted - ink_plain) <= 0.25 * ink_plain
    # The rule: as dark and as long as before.
    rows = np.flatnonzero((plain < 128).sum(axis=1) > plain.shape[1] // 2)
    assert len(rows), "the rule is on the prepared page"
    assert ((lifted[rows] < 128).sum(axis=1) >= 0.95 * (plain[rows] < 128).sum(axis=1)).all()


def test_the_crease_of_each_of_two_folds_is_whited_out_and_the_strokes_across_it_stay():
    """After the lifting, a crease drawn into the paper is left as a dashed line Tesseract reads as
    a line of its own. Two folds across one page are two creases, each whited out where no letter
    crosses it (the folds were taken as one band from the first to the last, whose closing
    bridged the page between them and kept everything)."""
    from ocr.preprocess.cleanup import _crease_removed

    page = np.full((400, 600), 245, np.uint8)
    page[20:380:30, 40:560] = 60           # text lines, a pixel thick, above and below the creases
    fold_rows = np.zeros(400, bool)
    for crease in (120, 300):
        fold_rows[crease - 6:crease + 7] = True
        for x in range(30, 570, 56):       # the crease: dashes 50 pixels long, four letters
            page[crease, x:x + 50] = 90
    page[105:140, 300:303] = 60            # a letter's stem across the first crease
    out = _crease_removed(page, fold_rows, letter_height=12.0)
    for crease in (120, 300):
        assert (out[crease, :290] >= 245).all() and (out[crease, 310:] >= 245).all(), crease
    assert (out[105:140, 300:303] == 60).all(), "the stroke across the crease stays"
    assert (out[20:380:30, 40:560] == 60).all(), "the text lines outside the creases stay"


def test_the_leaning_columns_of_a_tilted_sheet_running_past_the_frame_are_stood_upright(monkeypatch):
    """A phone tilted over a ruled register page whose foot runs out of the picture: no outline to
    flatten, so the page was only turned, its columns still leaning together (a table's rules then
    cross the first letters of its captions, "Giới tính" read "b tính"). The rules come out upright."""
    import cv2

    import ocr.preprocess.pipeline as pipeline
    from ocr.preprocess.keystone import lean_deg, leaning_lines

    page = ps.render_page(dpi=200)
    ruled = page.image.copy()
    for x_in in (0.8, 3.0, 5.5, 7.4):
        cv2.line(ruled, (int(x_in * 200), 180), (int(x_in * 200), 2100), 0, 3)
    scene = ps.Scene(image=ruled, page_to_image=page.page_to_image, marks=page.marks, page_size=page.page_size)
    size = (1500, 2000)
    corners = ps.camera_corners(scene.page_size, size, tilt_x=20, roll=3.0, fill=0.95, shift=(0.0, 0.12))
    assert max(y for _, y in corners) > size[1], "the sheet's foot must run past the frame"
    photo = ps.photograph(scene, corners, size, seed=5, shading=0.1)

    def upright_rules() -> int:
        prepared = preprocess(photo.image)[0]
        assert "page_cut_off" in prepared.quality.codes
        return int(np.sum(np.abs(lean_deg(leaning_lines(prepared.gray))) <= 0.5))

    assert upright_rules() >= 4
    monkeypatch.setattr(pipeline, "vanishing_point", lambda *args: None)
    assert upright_rules() == 0, "turned only, the rules lean (the case this test is about)"


def test_the_desk_beside_a_sheet_running_past_the_frame_comes_out_as_paper(page):
    """A photographed sheet running past the frame is turned, not flattened, and the desk beside it
    stays on the prepared page: its grain was read as letters at the page's edge (a register's empty
    notes column read "4", "®" and "Ầ" after the names of its last column). The desk comes out as
    paper, the sheet as it was."""
    import cv2

    from ocr.preprocess.geometry import apply

    size = (1500, 2000)
    corners = ps.camera_corners(page.page_size, size, roll=4.0, fill=0.9, focal=50.0, shift=(-0.12, 0.0))
    photo = ps.photograph(page, corners, size, seed=5, shading=0.1)
    # A light stone desk, mottled in blotches about a letter's size (a dark wood's grain is flattened
    # away with the paper's shading).
    rng = np.random.default_rng(3)
    blotches = cv2.GaussianBlur(rng.normal(0, 1, (size[1], size[0])).astype(np.float32), (0, 0), 6)
    desk = np.clip(165 + blotches / blotches.std() * 12, 0, 255).astype(np.uint8)
    sheet = np.zeros((size[1], size[0]), np.uint8)
    cv2.fillPoly(sheet, [np.round(np.array(corners)).astype(np.int32)], 1)
    image = photo.image.copy()
    image[sheet == 0] = cv2.cvtColor(desk, cv2.COLOR_GRAY2BGR)[sheet == 0]
    prepared = preprocess(image)[0]
    assert "page_cut_off" in prepared.quality.codes
    height, width = prepared.gray.shape
    ys, xs = np.mgrid[0:height:4, 0:width:4]
    back = np.round(apply(prepared.to_original, np.c_[xs.ravel(), ys.ravel()])).astype(int)
    in_frame = (back[:, 0] >= 0) & (back[:, 0] < size[0]) & (back[:, 1] >= 0) & (back[:, 1] < size[1])
    near_sheet = cv2.dilate(sheet, np.ones((13, 13), np.uint8))  # (the sheet's blurred edge)
    on_desk = in_frame.copy()
    on_desk[in_frame] = near_sheet[back[in_frame, 1], back[in_frame, 0]] == 0
    assert on_desk.sum() > 2000, "the desk must show beside the sheet (the case this test is about)"
    gray, binary = prepared.gray[ys, xs].ravel(), prepared.binary[ys, xs].ravel()
    assert np.count_nonzero(gray[on_desk] < 200) < 0.001 * on_desk.sum()
    assert np.count_nonzero(binary[on_desk] == 0) < 0.001 * on_desk.sum()
    scale_in_photo = np.sqrt(abs(np.linalg.det(photo.page_to_image[:2, :2])))
    found = ps.find_marks(prepared.gray, MARK_RADIUS_PX * scale_in_photo * prepared.scale)
    assert len(found) >= 3, "the sheet's marks must stay"


def test_a_whole_sheet_joined_by_a_bright_patch_of_the_desk_to_the_frame_is_flattened(page):
    """A bright patch of the desk touching a photographed sheet's lower corner and running out of the
    picture joins the sheet's bright region: its side was drawn out of the frame, and the whole sheet
    was taken for one running past it (not flattened, its lines slanting; "part of the page is cut
    off" shown for a page photographed whole). The paper's closed outline inside the frame gives it."""
    import cv2

    from ocr.preprocess.cleanup import downscale
    from ocr.preprocess.page import find_page
    from ocr.preprocess.pipeline import analysis_factor

    size = (1600, 2100)
    corners = ps.camera_corners(page.page_size, size, tilt_x=0.08, tilt_y=-0.05, roll=2.5, fill=0.8)
    photo = ps.photograph(page, corners, size, seed=9, shading=0.05)
    bright = photo.image.copy()
    bottom_left = np.array(corners[3])
    # (lighter than the desk, darker than the paper: a sheet's edge against it still shows)
    axes = (260, int(size[1] - bottom_left[1]) + 40)
    cv2.ellipse(bright, (int(bottom_left[0]) + 60, size[1]), axes, 0, 0, 360, (185, 190, 195), -1)
    small = downscale(cv2.cvtColor(bright, cv2.COLOR_BGR2GRAY), analysis_factor(bright.shape))
    quad = find_page(small)
    assert quad is not None and not quad.cut_off
    width, height = page.page_size
    truth = ps.apply(photo.page_to_image @ np.linalg.inv(page.page_to_image),
                     [(0, 0), (width, 0), (width, height), (0, height)]) / analysis_factor(bright.shape)
    assert np.abs(quad.corners - truth).max() < 6, (quad.corners, truth)
    prepared = preprocess(bright)[0]
    assert prepared.quality.perspective_corrected and "page_cut_off" not in prepared.quality.codes
