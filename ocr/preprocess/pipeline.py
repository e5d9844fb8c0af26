"""``preprocess(image) -> PreparedPage…``: the steps in order, and the geometry they add up to.

All decisions are taken on a small *analysis* copy of the image (about 1200 pixels on
its long side): the sheet's outline, text direction, skew, upside down, spread, border
crop and text size. Each decision is a matrix; their product takes the original image
to the prepared page, which is then rendered from the full-resolution image **once**
(one interpolation, none at all when the page only needs quarter turns and crops).
The costly statistics of cleaning (paper background, Sauvola's local mean and
deviation) come from the analysis copy too and are only resized to the page.

In worker processes call ``cv2.setNumThreads(1)`` (as ``OMP_THREAD_LIMIT=1`` for
Tesseract): OpenCV's own threads only fight the pool's processes for the cores. The
timing targets (≤ 60 ms a flatbed A4 page at 300 dpi, ≤ 150 ms a phone photo) are
single-core figures.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import cv2
import numpy as np

from ocr.preprocess import geometry
from ocr.preprocess.cleanup import (
    binarize,
    denoise,
    downscale,
    even_out_folds,
    flatten,
    speckle_ratio,
    stretch_contrast,
    to_gray,
)
from ocr.preprocess.components import (
    Ink,
    crop_ink,
    find_ink,
    ink_within,
    moved_ink,
    smoothed_letter_heights,
    turn_boxes,
    turn_ink,
)
from ocr.preprocess.keystone import upright_columns, vanishing_point
from ocr.preprocess.orientation import UNSURE_BELOW, osd_rotation, text_direction, upright_score
from ocr.preprocess.page import find_page, rectified_size, rectifying_homography, text_outside
from ocr.preprocess.quality import text_tiles, tile_measures, warnings_for
from ocr.preprocess.resolution import capital_height, estimate_dpi, ocr_scale
from ocr.preprocess.skew import edge_points, estimate_skew
from ocr.preprocess.spread import find_spread
from ocr.preprocess.types import PreparedPage, PreprocessOptions, QualityReport

#: Long side of the analysis copy, in pixels.
ANALYSIS_LONG_SIDE = 1200
#: On grainy paper, letters measured below this share of their height on a smoothed copy are the
#: grain's specks (measured: 0.50–0.61 on four such scans, 0.73 and more on every other page).
SPECKS_FOR_LETTERS_BELOW = 0.67
#: Below this deskew angle the letters' boxes are moved, not found again.
MOVE_COMPONENTS_BELOW_DEG = 3.0
#: Share of a side a border band may take at most.
MAX_BORDER_SHARE = 0.2
#: A photographed sheet taking less of the frame than this lies on a desk (a book's opened pages,
#: photographed, fill 85 % of it and more; a sheet on a desk, with its margins, 70–75 %).
SHEET_ON_DESK_BELOW = 0.8


class _Clock:
    """Names each step with the milliseconds since the previous one."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.steps: list[tuple[str, float]] = []

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.steps.append((name, round((now - self.last) * 1000, 2)))
        self.last = now


@dataclass(frozen=True, eq=False)
class _View:
    """An analysis image and the matrix taking small-image pixels to its pixels."""

    image: np.ndarray
    from_small: np.ndarray

    @property
    def size(self) -> tuple[int, int]:
        return self.image.shape[1], self.image.shape[0]


def analysis_factor(shape: tuple[int, ...]) -> int:
    """The integer downscale that brings the long side near :data:`ANALYSIS_LONG_SIDE`."""
    return max(1, int(round(max(shape[:2]) / ANALYSIS_LONG_SIDE)))


def _check_image(image: np.ndarray) -> None:
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8:
        raise ValueError("expected a uint8 numpy image")
    if image.ndim not in (2, 3) or min(image.shape[:2]) < 8:
        raise ValueError(f"expected a gray or BGR image of at least 8×8 pixels, got shape {image.shape}")


def preprocess(image: np.ndarray, options: PreprocessOptions | None = None, *,
               dpi_hint: int | None = None) -> tuple[PreparedPage, ...]:
    """Prepare a decoded page image (BGR or gray ``uint8``) for OCR: one page, or two for a book spread.

    Steps: red ink read out, sheet found and flattened (photos), text direction, skew,
    upside down, spread split, border crop, text size and DPI, rescale, then cleaning
    (illumination, contrast, denoising) and binarisation; every geometric step is kept
    in each page's ``to_original``. ``dpi_hint`` is the resolution stored in the file,
    if any.
    """
    options = options or PreprocessOptions()
    _check_image(image)
    clock = _Clock()
    gray, _red = to_gray(image, suppress_red=options.suppress_red)
    original_size = (gray.shape[1], gray.shape[0])
    factor = analysis_factor(gray.shape)
    small = downscale(gray, factor)
    small_to_original = geometry.scaling(factor)
    clock("gray+small")

    # 1. The sheet: flatten a photographed one, crop a squarely scanned one, else keep the frame.
    quad = find_page(small) if options.detect_page else None
    if quad is not None:
        small_ink = find_ink(small)
        if text_outside(quad.corners, small_ink.letter_boxes, small_ink.letter_height):
            quad = None  # words outside the "sheet": a fold or a shadow bounded it, not the paper's edge
    sheet_cut = quad is not None and quad.cut_off
    # The outline of a photographed sheet running past the frame: the desk beside it stays in the view.
    desk_outline = quad.corners if sheet_cut else None
    # A sheet on a desk, not one filling the frame as a book's opened pages do: the desk round it is no
    # scanner's border, and a row across the tilted sheet holds desk at both ends.
    on_desk = quad is not None and quad.area_share < SHEET_ON_DESK_BELOW
    if quad is not None and quad.cut_off and not quad.rectangular:
        # A sheet running past the frame has the frame for one side: its outline is no sheet's, and
        # flattening it shears the text (letters slanted, columns leaning). Deskew turns it instead.
        quad = None
    perspective = False
    if quad is not None and not quad.rectangular:
        size = rectified_size(quad.corners, options.aspect_ratios, options.aspect_tolerance,
                              image_size=(small.shape[1], small.shape[0]))
        view_from_small, perspective = rectifying_homography(quad.corners, size), True
    elif quad is not None:
        x0, y0 = np.ceil(quad.corners.min(axis=0) + 0.5).astype(int)
        x1, y1 = np.floor(quad.corners.max(axis=0) - 0.5).astype(int)
        x0, y0 = max(0, x0), max(0, y0)
        x1, y1 = min(small.shape[1] - 1, x1), min(small.shape[0] - 1, y1)
        view_from_small, size = geometry.translation(-x0, -y0), (x1 - x0 + 1, y1 - y0 + 1)
    else:
        view_from_small, size = geometry.identity(), (small.shape[1], small.shape[0])
    view = _View(geometry.render(small, view_from_small, size, fill=_paper_level(small)), view_from_small)
    if options.crop_borders and not perspective:
        # Scanner borders run along the frame: crop them before anything turns the page.
        x, y, w, h = content_box(view.image, rim=not on_desk)
        if (w, h) != view.size:
            view = _View(np.ascontiguousarray(view.image[y:y + h, x:x + w]),
                         geometry.translation(-x, -y) @ view.from_small)
    # What lies outside the kept part of the frame must not come back when the page is turned.
    window = _source_window(view, small_to_original, gray.shape) if not perspective else None
    fill = _paper_level(view.image)
    ink = find_ink(view.image)
    clock("page")
    frame_cut = sheet_cut or _letters_touch_frame(ink, view.size)

    # 3a + 4. Text direction and skew.
    quarters = 0
    if options.orientation != "none" and len(ink.letter_boxes) >= 8:
        direction = text_direction(ink.letter_boxes, max_skew_deg=options.max_skew_deg)
        quarters = 1 if direction.vertical else 0
    if quarters:
        view, ink = _turn(view, ink, quarters)
    skew = estimate_skew(edge_points(ink.letter_boxes), max_deg=options.max_skew_deg)
    skew_deg = skew.angle if skew.confidence > 0.2 else 0.0
    if abs(skew_deg) >= options.min_skew_correction_deg:
        view, ink = _rotate(small, view, ink, -skew_deg, fill)
    if sheet_cut and not perspective:
        # A photographed sheet running past the frame was turned, not flattened: its columns still lean.
        inside = geometry.render(np.full_like(small, 255), view.from_small, view.size, fill=0)
        point = vanishing_point(view.image, inside)
        if point is not None:
            view, ink = _stand_columns(small, view, point, fill)
    if desk_outline is not None and not perspective:
        view, ink = _desk_blanked(view, ink, desk_outline, fill)
    clock("direction+skew")

    # 3b. Upside down (or, when unsure, Tesseract's opinion).
    orientation_confidence = 1.0
    if options.orientation != "none" and len(ink.letter_boxes) >= 8:
        score, _lines = upright_score(ink)
        orientation_confidence = float(min(1.0, abs(score) / UNSURE_BELOW / 2))
        turn = 2 if score < 0 else 0
        # Turning a page over is asked of OSD too: dotted leaders and underlines under the text read as
        # ink below the x-height band and can make an upright page look upside down (measured: a third
        # of the scans of one set), and a wrong turn costs a whole second reading.
        if options.orientation == "osd" or (options.orientation == "auto" and (abs(score) < UNSURE_BELOW or turn)):
            osd = _osd_turn(gray, small_to_original, view, ink.letter_boxes)
            if osd is not None:
                turn, orientation_confidence = osd
        if turn:
            view, ink = _turn(view, ink, turn)
            quarters = (quarters + turn) % 4
    clock("upside-down")

    # 2. Book spread.
    spread = find_spread(view.image, ink) if options.split_spreads else None
    width, height = view.size
    parts = [(0, 0, width, height)] if spread is None else \
        [(0, 0, spread.gutter_x, height), (spread.gutter_x, 0, width - spread.gutter_x, height)]
    clock("spread")

    pages = []
    for index, (x, y, w, h) in enumerate(parts):
        part_view = _View(view.image[y:y + h, x:x + w], geometry.translation(-x, -y) @ view.from_small)
        part_ink = crop_ink(ink, x, y, w, h)
        part_skew = skew_deg
        if spread is not None:
            # The two pages of a book rarely lie at the same angle.
            residual = estimate_skew(edge_points(part_ink.letter_boxes), max_deg=2.0)
            if residual.confidence > 0.2 and abs(residual.angle) >= options.min_skew_correction_deg:
                part_view, part_ink = _rotate(small, part_view, part_ink, -residual.angle, fill)
                part_skew += residual.angle
        pages.append(_finish(gray, window, small_to_original, part_view, part_ink, options, clock,
                             split_index=index if spread is not None else 0, dpi_hint=dpi_hint,
                             original_size=original_size, fill=fill, skew_deg=part_skew,
                             skew_at_limit=abs(skew_deg) >= options.max_skew_deg - 0.3,
                             rotation=quarters * 90, perspective=perspective, cut_off=frame_cut,
                             page_known=quad is not None or _a_series_frame(original_size, options),
                             spread=spread is not None, orientation_confidence=orientation_confidence,
                             desk_outline=desk_outline if not perspective else None))
    return tuple(pages)


def _finish(gray: np.ndarray, window: tuple[int, int, int, int] | None, small_to_original: np.ndarray,
            view: _View, ink: Ink, options: PreprocessOptions,
            clock: _Clock, *, split_index: int, dpi_hint: int | None, original_size: tuple[int, int],
            fill: int, skew_deg: float, skew_at_limit: bool, rotation: int, perspective: bool, cut_off: bool,
            page_known: bool, spread: bool, orientation_confidence: float,
            desk_outline: np.ndarray | None = None) -> PreparedPage:
    """Scale, full-resolution render, cleaning, binarisation and quality of one page. ``desk_outline``:
    the sheet's corners in the small image when the desk round it is in the view (blanked to paper)."""
    # 6. Text size, resolution and the scale for OCR.
    view_to_original = small_to_original @ np.linalg.inv(view.from_small)
    view_scale = _linear_scale(view_to_original, view.size)
    letters = ink.letter_boxes
    cap_view = capital_height(letters[:, 3]) if len(letters) else 0.0
    smoothed = smoothed_letter_heights(ink)
    if smoothed is not None and cap_view < SPECKS_FOR_LETTERS_BELOW * capital_height(smoothed):
        # The letters found are the grain's specks (a faint scan): measured on the smoothed copy, the
        # letters are half as tall again or more, and enlarging by the specks blows the page up 3×.
        cap_view = capital_height(smoothed)
    cap_original = cap_view * view_scale
    scale = ocr_scale(cap_original, options)
    long_side = max(view.size) * view_scale
    dpi, dpi_source = estimate_dpi(dpi_hint=dpi_hint, page_long_side_px=long_side,
                                   page_known=page_known and _a_series(view.size, options),
                                   cap_height_px=cap_original)
    width, height = view.size
    target_scale = scale * view_scale
    out_w, out_h = max(1, int(round(width * target_scale))), max(1, int(round(height * target_scale)))
    page_to_view = np.linalg.inv(geometry.scaling(out_w / width, out_h / height))
    to_original = view_to_original @ page_to_view
    clock("crop+scale")

    # Render once from full resolution (pre-shrunk by whole factors when shrinking a lot, against aliasing).
    source, source_to_original = gray, geometry.identity()
    if window is not None:
        x0, y0, x1, y1 = window
        source, source_to_original = gray[y0:y1, x0:x1], geometry.translation(x0, y0)
    shrink = int(np.floor(1.0 / (scale * 0.8))) if scale < 0.8 else 1
    if shrink > 1:
        source, source_to_original = downscale(source, shrink), source_to_original @ geometry.scaling(shrink)
    forward = np.linalg.inv(to_original) @ source_to_original     # source pixel → page pixel
    forward /= forward[2, 2]
    page = geometry.render(source, _snap(forward), (out_w, out_h), fill=fill)
    if desk_outline is not None:
        to_page = np.linalg.inv(to_original) @ small_to_original
        on_sheet = _inside_outline(desk_outline, to_page, (out_w, out_h))
        page = np.where(on_sheet, page, np.uint8(fill))
    clock("render")

    # 5b. Cleaning: illumination, contrast, light denoising; then binarisation.
    cap_page = cap_original * scale
    unfolded = None
    tiles = text_tiles(letters, out_w / width, (out_w, out_h), cap_page)
    sigma_px, ink_level, paper_level = tile_measures(page, tiles)
    if options.normalize_illumination:
        background = cv2.resize(ink.background, (out_w, out_h), interpolation=cv2.INTER_LINEAR)
        cleaned = flatten(page, background)
        analysis_flat = ink.flat
        flat_ink = min(250.0, 255.0 * ink_level / max(paper_level, 1.0)) if tiles else 0.0
        if options.even_out_folds and len(letters):
            unfolded = even_out_folds(cleaned, cap_page, letters * np.array([out_w / width, out_h / height] * 2))
            unfolded = None if unfolded is cleaned else unfolded  # (no fold across the page)
        lut_ink, lut_paper = flat_ink * 0.9, 250.0
    else:
        cleaned, analysis_flat = np.array(page, copy=True), view.image
        lut_ink, lut_paper = (ink_level * 0.9, paper_level) if tiles else (0.0, 255.0)
    if tiles:
        cleaned = stretch_contrast(cleaned, lut_ink, lut_paper)
        analysis_flat = stretch_contrast(analysis_flat, lut_ink, lut_paper)
    if unfolded is not None:
        unfolded = stretch_contrast(unfolded, lut_ink, lut_paper) if tiles else unfolded
        unfolded = denoise(unfolded) if options.denoise else unfolded
    unsmoothed = None
    if options.denoise:
        unsmoothed, cleaned = cleaned, denoise(cleaned)
    window = max(15, int(3 * cap_view)) if cap_view else max(15, max(view.size) // 40)
    binary = binarize(cleaned, analysis_flat, options, window=window)
    speckle = speckle_ratio(binary, cap_page)
    clock("clean")

    has_text = len(letters) >= 12
    blur = sigma_px / cap_page if cap_page > 0 else 0.0
    contrast = (paper_level - ink_level) / 255.0 if tiles else 0.0
    brightness = float(np.median(ink.background)) / 255.0
    report = QualityReport(
        dpi=dpi, dpi_source=dpi_source, text_height_px=round(cap_original, 1), blur=round(blur, 4),
        contrast=round(contrast, 3), brightness=round(brightness, 3), skew_deg=round(skew_deg, 2),
        rotation=rotation % 360, perspective_corrected=perspective, spread_split=spread,
        orientation_confidence=round(orientation_confidence, 2), speckle=round(speckle, 2),
        warnings=warnings_for(blur=blur, contrast=contrast, brightness=brightness, dpi=dpi, dpi_source=dpi_source,
                              text_height_px=cap_original, skew_deg=skew_deg, skew_at_limit=skew_at_limit,
                              cut_off=cut_off, has_text=has_text, options=options))
    clock("quality")
    return PreparedPage(gray=cleaned, binary=binary, to_original=to_original, size=(out_w, out_h),
                        original_size=original_size, dpi=max(1, int(round(dpi * scale))), quality=report,
                        split_index=split_index, scale=round(scale, 4), timings_ms=tuple(clock.steps),
                        unsmoothed=unsmoothed, unfolded=unfolded)


def map_box_to_original(page: PreparedPage, bbox) -> tuple[int, int, int, int]:
    """The axis-aligned box ``(x, y, w, h)`` in the original image holding a box of the prepared page."""
    return geometry.map_box(page.to_original, bbox, limit=page.original_size)


def map_point_to_original(page: PreparedPage, x: float, y: float) -> tuple[float, float]:
    """A prepared-page point in original-image pixels."""
    mapped = geometry.apply(page.to_original, [(x, y)])[0]
    return float(mapped[0]), float(mapped[1])


# --------------------------------------------------------------------------- helpers


def _paper_level(image: np.ndarray) -> int:
    """The paper's gray level: a high percentile of a sample (text and dark margins are a minority)."""
    step = max(1, int(max(image.shape) / 400))
    return int(np.percentile(image[::step, ::step], 75))


def _turn(view: _View, ink: Ink, quarters: int) -> tuple[_View, Ink]:
    """Turn the view clockwise by quarter turns (exact)."""
    matrix, _ = geometry.quarter_turn(quarters, *view.size)
    turned = cv2.rotate(view.image, geometry.ROTATE_CODES[quarters % 4])
    return _View(turned, matrix @ view.from_small), turn_ink(ink, quarters)


def _rotate(small: np.ndarray, view: _View, ink: Ink, angle_deg: float, fill: int) -> tuple[_View, Ink]:
    """Rotate the view counter-clockwise by ``angle_deg`` (canvas grown to hold it), re-rendered from ``small``.

    Up to :data:`MOVE_COMPONENTS_BELOW_DEG` the letters' boxes are moved rather than found again.
    """
    matrix, size = geometry.rotation_about_centre(angle_deg, *view.size)
    from_small = matrix @ view.from_small
    image = geometry.render(small, from_small, size, fill=fill)
    moved = moved_ink(image, ink, matrix) if abs(angle_deg) < MOVE_COMPONENTS_BELOW_DEG else find_ink(image)
    return _View(image, from_small), moved


def _stand_columns(small: np.ndarray, view: _View, point: tuple[float, float], fill: int) -> tuple[_View, Ink]:
    """The view re-rendered from ``small`` with the columns meeting at ``point`` stood upright (see
    :mod:`ocr.preprocess.keystone`), on a canvas holding all of it."""
    matrix = upright_columns(point, view.size)
    left, top, width, height = geometry.map_box(matrix, (0, 0, *view.size))
    from_small = geometry.translation(-left, -top) @ matrix @ view.from_small
    image = geometry.render(small, from_small, (width, height), fill=fill)
    return _View(image, from_small), find_ink(image)


def _inside_outline(corners: np.ndarray, matrix: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """The pixels of a ``size`` canvas inside the quadrilateral ``corners`` mapped by ``matrix``."""
    width, height = size
    outline = geometry.apply(matrix, corners)
    inside = np.zeros((height, width), dtype=np.uint8)
    cv2.fillPoly(inside, [np.round(outline * 16).astype(np.int32)], 1, lineType=cv2.LINE_8, shift=4)
    return inside.astype(bool)


def _desk_blanked(view: _View, ink: Ink, corners: np.ndarray, fill: int) -> tuple[_View, Ink]:
    """The view with the desk round a photographed sheet (outside its ``corners``, small-image
    pixels) painted paper: its grain would be read as letters at the page's edge (measured on the
    marriage register sample: "®", "Ầ" and the notes "4" from a wood grain)."""
    on_sheet = _inside_outline(corners, view.from_small, view.size)
    if on_sheet.all():
        return view, ink
    image = np.where(on_sheet, view.image, np.uint8(fill))
    return _View(image, view.from_small), ink_within(ink, on_sheet)


#: The capital height (pixels) the page is rendered at for Tesseract's OSD, at most: its cost
#: grows with the pixels, and letters this tall are read as well as larger ones.
OSD_TEXT_HEIGHT = 28.0


#: Letters handed to OSD at most: a band of the page's lines holding about this many. OSD's cost grows
#: with the letters it lays out, while it classifies five times ``OSD_MIN_CHARACTERS`` at most.
OSD_BAND_LETTERS = 400


def _osd_band(letters: np.ndarray, height: int) -> tuple[int, int]:
    """The rows ``(top, bottom)`` of the view around its middle letters, :data:`OSD_BAND_LETTERS` of them."""
    if len(letters) <= OSD_BAND_LETTERS * 1.5:
        return 0, height
    order = np.argsort(letters[:, 1] + letters[:, 3] / 2)
    first = (len(letters) - OSD_BAND_LETTERS) // 2
    chosen = letters[order[first:first + OSD_BAND_LETTERS]]
    margin = int(np.median(chosen[:, 3]))
    top = max(0, int(chosen[:, 1].min()) - margin)
    bottom = min(height, int((chosen[:, 1] + chosen[:, 3]).max()) + margin)
    return top, bottom


def _osd_turn(gray: np.ndarray, small_to_original: np.ndarray, view: _View,
              letters: np.ndarray) -> tuple[int, float] | None:
    """Ask Tesseract's OSD which quarter turn makes the view upright (rendered at full resolution,
    or smaller when the type is larger than :data:`OSD_TEXT_HEIGHT`; only a band of lines in the
    middle of a page full of text)."""
    scale = small_to_original[0, 0]
    cap_view = capital_height(letters[:, 3]) if len(letters) else 0.0
    if cap_view > 0:
        scale = min(scale, OSD_TEXT_HEIGHT / cap_view)
    width, height = view.size
    top, bottom = _osd_band(letters, height)
    to_view = geometry.translation(0, -top) @ view.from_small @ np.linalg.inv(small_to_original)
    page = geometry.render(gray, geometry.scaling(scale) @ to_view, (int(width * scale), int((bottom - top) * scale)),
                           fill=_paper_level(gray))
    answer = osd_rotation(page)
    if answer is None or answer[1] < 1.5:
        return None
    rotate, confidence = answer
    return (rotate // 90) % 4, float(min(1.0, confidence / 10))


def _source_window(view: _View, small_to_original: np.ndarray, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """The original pixels ``(x0, y0, x1, y1)`` under an axis-aligned view (a crop of the small image)."""
    corners = geometry.apply(small_to_original @ np.linalg.inv(view.from_small),
                             [(-0.5, -0.5), (view.size[0] - 0.5, view.size[1] - 0.5)])
    x0, y0 = np.maximum(np.floor(corners.min(axis=0) + 0.5), 0).astype(int)
    x1, y1 = np.ceil(corners.max(axis=0) + 0.5).astype(int)
    x0, x1 = sorted((x0, x1))
    y0, y1 = sorted((y0, y1))
    rows, cols = shape[:2]
    # A view reaching the small image's last pixel reaches the frame's edge (the trimmed remainder too).
    factor = int(round(small_to_original[0, 0]))
    x1 = cols if x1 > cols - factor else x1
    y1 = rows if y1 > rows - factor else y1
    return int(x0), int(y0), int(x1), int(y1)


def _snap(matrix: np.ndarray) -> np.ndarray:
    """Round near-integer entries so that exact crops and quarter turns are recognised as such."""
    snapped = matrix.copy()
    rounded = np.round(snapped)
    close = np.abs(snapped - rounded) < 1e-6
    snapped[close] = rounded[close]
    return snapped


def _linear_scale(matrix: np.ndarray, size: tuple[int, int]) -> float:
    """Original pixels per view pixel at the view's centre (square root of the Jacobian's determinant)."""
    cx, cy = (size[0] - 1) / 2.0, (size[1] - 1) / 2.0
    points = geometry.apply(matrix, [(cx, cy), (cx + 1, cy), (cx, cy + 1)])
    jacobian = np.stack([points[1] - points[0], points[2] - points[0]], axis=1)
    return float(np.sqrt(abs(np.linalg.det(jacobian))))


def _a_series(size: tuple[int, int], options: PreprocessOptions) -> bool:
    ratio = max(size) / max(1, min(size))
    return any(abs(ratio / known - 1) <= options.aspect_tolerance for known in options.aspect_ratios)


def _a_series_frame(size: tuple[int, int], options: PreprocessOptions) -> bool:
    return _a_series(size, options)


def _letters_touch_frame(ink: Ink, size: tuple[int, int], minimum: int = 3) -> bool:
    """Whether text runs off an edge of the frame: several letters touch the same edge."""
    letters = ink.letter_boxes
    if len(letters) == 0:
        return False
    width, height = size
    touching = (letters[:, 0] <= 0, letters[:, 1] <= 0, letters[:, 0] + letters[:, 2] >= width,
                letters[:, 1] + letters[:, 3] >= height)
    return any(int(np.count_nonzero(side)) >= minimum for side in touching)


def content_box(image: np.ndarray, *, rim: bool = True) -> tuple[int, int, int, int]:
    """The view without its dark border bands (scanner lid edges, black margins): ``(x, y, w, h)``.

    A row or column at an edge belongs to a border while most of it is far darker than
    the paper; at most :data:`MAX_BORDER_SHARE` of a side is cut. ``rim``: the band's blurred
    rim goes too, the rows and columns after it still darker on average than the paper (not round
    a sheet photographed on a desk, where it ran on into the sheet's heading).
    """
    rows, cols = image.shape
    paper = _paper_level(image)
    dark = image < paper * 0.5
    row_dark = dark.mean(axis=1)
    col_dark = dark.mean(axis=0)

    row_mean = image.mean(axis=1) / max(paper, 1)
    col_mean = image.mean(axis=0) / max(paper, 1)

    def band(dark_share: np.ndarray, mean: np.ndarray) -> int:
        limit = int(len(dark_share) * MAX_BORDER_SHARE)
        count = 0
        while count < limit and dark_share[count] > 0.6:
            count += 1
        # The band's blurred or partly covered rim.
        while rim and count and count < limit and mean[count] < 0.8:
            count += 1
        return count

    top, bottom = band(row_dark, row_mean), band(row_dark[::-1], row_mean[::-1])
    left, right = band(col_dark, col_mean), band(col_dark[::-1], col_mean[::-1])
    return left, top, cols - left - right, rows - top - bottom


__all__ = ["analysis_factor", "content_box", "map_box_to_original", "map_point_to_original", "preprocess",
           "turn_boxes"]
