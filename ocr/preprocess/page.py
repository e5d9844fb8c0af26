"""Find the sheet of paper in a photo and the homography that flattens it.

A phone photo shows the paper as a bright quadrilateral on a darker or textured
background (a desk, a book cover, a scanner lid left open). On a small copy of the
image: Otsu's threshold separates paper from background, a closing fills the text,
the largest bright region is the sheet, and a straight line fitted to each of its
four sides gives sub-pixel corners. A flatbed scan, where the paper fills the frame,
yields no quadrilateral and is left alone; a scan whose sheet sits squarely inside
dark borders yields an axis-aligned rectangle, which is a crop, not a warp.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.preprocess import geometry
from ocr.preprocess.cleanup import downscale
from ocr.preprocess.connected import connected_components

#: The sheet must cover at least this share of the frame to count as the page.
MIN_PAGE_AREA = 0.2
#: A bright region filling less of its convex hull than this is not shaped like a sheet.
SOLID_SHEET = 0.9
#: An outline taken for the sheet fills at least this share of its convex hull (a quadrilateral).
OUTLINED_SHEET = 0.95
#: Canny's thresholds for the sheet's outline on the thumbnail (gray levels per pixel).
OUTLINE_EDGE_LOW, OUTLINE_EDGE_HIGH = 20, 60
#: Corners this close to the frame's corners (share of the side) mean "the page fills the frame".
FILLS_FRAME = 0.02
#: A closed outline is the whole sheet of a bright region taken to run past the frame when it holds
#: this share of the region at least, and is bright over this share of itself (measured on the benches'
#: phone photos: 0.84–0.97 and 0.98–0.99 where a patch of the desk had joined the sheet; sheets really
#: cut off by the frame have no closed outline).
WHOLE_SHEET_HOLDS, WHOLE_SHEET_BRIGHT = 0.75, 0.9
#: Letters in words outside a sheet, at least this many and this share of those inside it, mean
#: the "sheet" is a brighter part of the page (a fold, uneven light), not the paper.
TEXT_OUTSIDE_LETTERS, TEXT_OUTSIDE_SHARE = 25, 0.05


@dataclass(frozen=True)
class PageQuad:
    """The sheet's corners (top-left, top-right, bottom-right, bottom-left) in the searched image.

    ``rectangular`` is true when the quadrilateral is an upright rectangle (a crop
    suffices); ``cut_off`` when the sheet runs past the frame.
    """

    corners: np.ndarray
    rectangular: bool
    cut_off: bool
    area_share: float


def find_page(gray: np.ndarray) -> PageQuad | None:
    """The sheet of paper in ``gray`` (a small analysis image), or ``None`` when it fills the frame.

    Returns ``None`` as well when no bright region large enough and shaped like a sheet is
    found: the image is then processed as a scan.
    """
    factor = max(1, int(round(max(gray.shape) / 700)))
    thumb = downscale(gray, factor)
    rows, cols = thumb.shape
    blurred = cv2.GaussianBlur(thumb, (5, 5), 0)
    threshold, bright = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    paper_level = float(np.median(blurred[bright > 0])) if (bright > 0).any() else 255.0
    background_level = float(np.median(blurred[bright == 0])) if (bright == 0).any() else 0.0
    if paper_level - background_level < 25:
        return None     # no clear sheet against a background
    if all(np.count_nonzero(edge) > 0.9 * edge.size for edge in (bright[0], bright[-1], bright[:, 0], bright[:, -1])):
        return None     # paper all round the frame: a scan, or a photo filled by the sheet
    size = max(3, int(max(rows, cols) * 0.02) | 1)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))
    bright = cv2.morphologyEx(bright, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))
    count, labels, stats, _ = connected_components(bright, 4)
    if count <= 1:
        return None
    areas = stats[1:, cv2.CC_STAT_AREA]
    order = 1 + np.argsort(-areas)
    region = np.uint8(labels == order[0]) * 255
    # The two pages of an open book are often cut apart by the binding's shadow: join a
    # second large region when the two together fill their hull like one sheet.
    for other in order[1:3]:
        if stats[other, cv2.CC_STAT_AREA] < 0.3 * stats[order[0], cv2.CC_STAT_AREA]:
            break
        joined = region | (np.uint8(labels == other) * 255)
        if _solidity(joined) >= 0.9 or _facing_pages(stats[order[0]], stats[other]):
            region = joined
            break
    solid = _solidity(region) >= SOLID_SHEET
    corners = _sheet_corners(region) if solid else None
    if corners is None:
        # Not shaped like a sheet: a shadow across the paper (a phone's, a hand's) took part of it
        # for the desk. The paper's outline, where its edge meets the desk, holds it whole. (The
        # bright region may also have run into a bright patch of the desk: most of it, not all,
        # lies inside the outline; an outline round one page of a spread holds half of it.)
        outlined = _outlined_sheet(blurred, size)
        if outlined is not None and np.count_nonzero(outlined & region) >= 0.6 * np.count_nonzero(region) \
                and _solidity(outlined) >= OUTLINED_SHEET and (outlined_corners := _sheet_corners(outlined)) is not None:
            region, corners = outlined, outlined_corners
        elif not solid:
            corners = _sheet_corners(region)
    if corners is None:
        return None
    corners = _sides_moved_past_shadows(blurred, corners)
    frame = np.array([[-0.5, -0.5], [cols - 0.5, -0.5], [cols - 0.5, rows - 0.5], [-0.5, rows - 0.5]])
    tolerance = FILLS_FRAME * np.array([cols, rows])
    if np.all(np.abs(corners - frame) <= tolerance):
        return None
    cut_off = _runs_past_frame(corners, region)
    if cut_off and (whole := _sheet_outlined_whole(blurred, size, region)) is not None:
        # A bright patch of the desk joined to the sheet drew a side out of the frame, while the
        # paper's edge closes round it inside the frame: the sheet is whole, to be flattened.
        region, corners = whole
        cut_off = False
    area_share = np.count_nonzero(region) / float(rows * cols)
    # Back to the coordinates of ``gray`` (area-average pixel centres).
    corners = geometry.apply(geometry.scaling(factor), corners) if factor > 1 else corners
    return PageQuad(corners=corners, rectangular=_is_upright_rectangle(corners), cut_off=cut_off,
                    area_share=float(area_share))


def text_outside(corners: np.ndarray, letter_boxes: np.ndarray, letter_height: float) -> bool:
    """Whether words lie outside the sheet ``corners`` (clear of its edge): then the bright region
    is a part of the page, cut off by a fold or a shadow (a poor scan lit unevenly), not the paper.

    Only letters with two others beside them along a line (either way: the page may lie on its
    side) count, so that a cloth or a wood grain behind a photographed sheet does not.
    """
    if len(letter_boxes) == 0:
        return False
    centres = np.c_[letter_boxes[:, 0] + letter_boxes[:, 2] / 2, letter_boxes[:, 1] + letter_boxes[:, 3] / 2]
    outline = corners.astype(np.float32).reshape(-1, 1, 2)
    depth = np.array([cv2.pointPolygonTest(outline, (float(x), float(y)), True) for x, y in centres])
    outside, inside = centres[depth < -2 * letter_height], int(np.count_nonzero(depth > 0))
    in_words = 0
    for x, y in outside:
        dx, dy = np.abs(outside[:, 0] - x), np.abs(outside[:, 1] - y)
        along_rows = np.count_nonzero((dy < 0.5 * letter_height) & (dx < 3 * letter_height)) - 1
        along_columns = np.count_nonzero((dx < 0.5 * letter_height) & (dy < 3 * letter_height)) - 1
        in_words += max(along_rows, along_columns) >= 2
    return in_words >= max(TEXT_OUTSIDE_LETTERS, TEXT_OUTSIDE_SHARE * inside)


def _facing_pages(first: np.ndarray, second: np.ndarray) -> bool:
    """Whether two bright regions (connected-component stats) are the pages of one open book: as tall
    as each other, level, side by side, the binding's shadow between them narrower than a page is
    wide. A wide shadow leaves their union too hollow for the solidity test."""
    x1, y1, w1, h1 = (int(value) for value in first[:4])
    x2, y2, w2, h2 = (int(value) for value in second[:4])
    tall = max(h1, h2)
    level = abs(h1 - h2) <= 0.1 * tall and abs(y1 - y2) <= 0.1 * tall
    gap = max(x1, x2) - min(x1 + w1, x2 + w2)
    return level and 0 <= gap <= 0.5 * min(w1, w2) and min(w1, w2) >= 0.7 * max(w1, w2)


def _sheet_corners(region: np.ndarray) -> np.ndarray | None:
    """The corners of a region shaped like a sheet (large enough, its outline a plausible
    quadrilateral filling its hull), else ``None``."""
    if np.count_nonzero(region) < MIN_PAGE_AREA * region.size:
        return None
    contours, _ = cv2.findContours(region, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    contour = np.concatenate(contours)
    corners = _quadrilateral(contour)
    if corners is None:
        return None
    hull_area = cv2.contourArea(cv2.convexHull(contour))
    quad_area = cv2.contourArea(corners.astype(np.float32))
    if quad_area <= 0 or not 0.85 <= hull_area / quad_area <= 1.12 or not _plausible(corners):
        return None
    return corners


def _outlined_sheet(blurred: np.ndarray, size: int) -> np.ndarray | None:
    """The region inside the longest closed outline of the image's edges, text closed over first:
    the sheet, where the paper's edge against the desk is sharp all round, whatever a shadow's soft
    edge does inside it (Canny's thresholds keep steps, not gradients). ``None`` without one."""
    paper = cv2.morphologyEx(blurred, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))
    edges = cv2.Canny(paper, OUTLINE_EDGE_LOW, OUTLINE_EDGE_HIGH)
    # (a pixel's gap in the outline, where a corner of the sheet blurs, would open it)
    edges = cv2.dilate(edges, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    outline = max(contours, key=cv2.contourArea)
    region = np.zeros_like(blurred)
    cv2.drawContours(region, [outline], -1, 255, cv2.FILLED)
    # (the desk's own edges that touch the outline hang off it as whiskers)
    return cv2.morphologyEx(region, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))


def _solidity(region: np.ndarray) -> float:
    """Share of the region's convex hull the region fills."""
    points = cv2.findNonZero(region)
    if points is None:
        return 0.0
    hull_area = cv2.contourArea(cv2.convexHull(points))
    return float(np.count_nonzero(region) / hull_area) if hull_area > 0 else 0.0


def _runs_past_frame(corners: np.ndarray, region: np.ndarray) -> bool:
    """Whether the sheet with these corners (and bright ``region``) runs past the thumbnail's frame."""
    rows, cols = region.shape
    margin = 0.01 * max(rows, cols)
    return bool(np.any(corners < -0.5 - margin) or np.any(corners[:, 0] > cols - 0.5 + margin)
                or np.any(corners[:, 1] > rows - 0.5 + margin) or _touches_frame(region))


def _sheet_outlined_whole(blurred: np.ndarray, size: int,
                          region: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """``(region, corners)`` of the paper's closed outline (:func:`_outlined_sheet`) when it lies inside
    the frame and is the bright region's sheet (holds most of it, and is bright itself), else ``None``.
    A sheet that really runs past the frame has no closed outline (Canny marks no edge along the frame)."""
    outlined = _outlined_sheet(blurred, size)
    if outlined is None or _solidity(outlined) < OUTLINED_SHEET:
        return None
    both = np.count_nonzero(outlined & region)
    if (both < WHOLE_SHEET_HOLDS * np.count_nonzero(region)
            or both < WHOLE_SHEET_BRIGHT * np.count_nonzero(outlined)):
        return None
    corners = _sheet_corners(outlined)
    if corners is None or _runs_past_frame(corners, outlined):
        return None
    return outlined, corners


def _touches_frame(region: np.ndarray, share: float = 0.08) -> bool:
    """Whether the sheet runs along an edge of the frame for more than ``share`` of it."""
    edges = (region[0], region[-1], region[:, 0], region[:, -1])
    touching = [np.count_nonzero(edge) / edge.size > share for edge in edges]
    # Touching every side is a scan that fills the frame, not a photo cut short.
    return any(touching) and not all(touching)


def _quadrilateral(contour: np.ndarray) -> np.ndarray | None:
    """Four corners (TL, TR, BR, BL) from straight lines fitted to the contour's four sides."""
    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, True)
    approx = None
    for epsilon in (0.01, 0.02, 0.03, 0.05, 0.08):
        candidate = cv2.approxPolyDP(hull, epsilon * perimeter, True)
        if len(candidate) == 4:
            approx = candidate.reshape(4, 2).astype(np.float64)
            break
    if approx is None:
        return None
    approx = _order_corners(approx)
    points = contour.reshape(-1, 2).astype(np.float64)
    lines = []
    for index in range(4):
        start, end = approx[index], approx[(index + 1) % 4]
        lines.append(_fit_side(points, start, end))
    corners = []
    for index in range(4):
        corner = _intersect(lines[index - 1], lines[index])
        if corner is None:
            return None
        corners.append(corner)
    return _order_corners(np.array(corners))


#: Where the paper meets the desk the brightness drops within a few pixels of the thumbnail; a
#: shadow's edge fades over many. The step is measured over this many pixels across a side.
_STEP_PX = 4
#: A side whose step is weaker than this share of the sheet's strongest side is a shadow's edge.
_SOFT_SIDE = 0.25


def _side_steps(blurred: np.ndarray, start: np.ndarray, end: np.ndarray, outward: np.ndarray,
                reach: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Along the side ``start → end``: sample points, the contrast step across the side at each,
    and the distance outward (up to ``reach`` pixels) of the sharpest paper-to-desk step beyond it."""
    along = np.linspace(0.1, 0.9, 17)
    points = start + np.outer(along, end - start)
    offsets = np.arange(-_STEP_PX, reach + _STEP_PX + 1, dtype=np.float32)
    xs = (points[:, 0, None] + outward[0] * offsets[None, :]).astype(np.float32)
    ys = (points[:, 1, None] + outward[1] * offsets[None, :]).astype(np.float32)
    profiles = cv2.remap(blurred.astype(np.float32), xs, ys, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                         borderValue=float("nan"))
    # The step at offset t: how much darker outside (t + half) is than inside (t − half), as a share of
    # inside (a shadow dims paper and desk alike: the paper's edge in it keeps its contrast).
    half = _STEP_PX // 2
    inside, outside = profiles[:, :-_STEP_PX], profiles[:, _STEP_PX:]   # index k ↔ offset k − half
    steps = (inside - outside) / np.maximum(inside, 8.0)
    at_side = steps[:, _STEP_PX - half]
    searched = np.where(np.isnan(steps), -np.inf, steps)
    best = np.argmax(searched, axis=1)
    return points, at_side, np.stack([best - (_STEP_PX - half), searched[np.arange(len(best)), best]], axis=1)


def _sides_moved_past_shadows(blurred: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """The sheet's corners with each side that lies on a soft edge (a shadow across the paper,
    which Otsu's threshold takes for the desk) moved out to the sharp edge of the paper beyond it,
    when that edge is a straight line. Flattening the sheet by a shadow's edge slants the text."""
    centre = corners.mean(axis=0)
    sides = []
    for index in range(4):
        start, end = corners[index], corners[(index + 1) % 4]
        direction = (end - start) / max(float(np.linalg.norm(end - start)), 1e-9)
        outward = np.array([-direction[1], direction[0]])
        if np.dot(centre - (start + end) / 2, outward) > 0:
            outward = -outward
        # (a shadow may cover half the sheet: the search reaches across most of the sheet's depth)
        depth = (np.linalg.norm(corners[index - 1] - start) + np.linalg.norm(corners[(index + 2) % 4] - end)) / 2
        reach = int(0.7 * depth)
        sides.append((start, end, outward, *_side_steps(blurred, start, end, outward, reach)))
    # (a side running out of the frame has no step to measure: it is left where it is)
    strength = [float(np.median(at_side[~np.isnan(at_side)])) if not np.isnan(at_side).all() else np.inf
                for *_, at_side, _ in sides]
    measured = [value for value in strength if np.isfinite(value)]
    strongest = max(measured, default=0.0)
    if len(measured) < 2 or strongest <= 0:
        return corners     # a sheet running out of the frame: no side to compare a soft one with
    lines = []
    moved = False
    for (start, end, outward, points, _at_side, beyond), side_strength in zip(sides, strength, strict=True):
        line = (start, end - start)
        if side_strength < _SOFT_SIDE * strongest:
            offset, step = beyond[:, 0], beyond[:, 1]
            sharp = step >= 0.5 * strongest
            if np.count_nonzero(sharp) >= 0.7 * len(step):
                found = (points + offset[:, None] * outward)[sharp]
                vx, vy, x0, y0 = cv2.fitLine(found.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
                normal = np.array([-vy, vx])
                residual = np.abs((found - [x0, y0]) @ normal)
                if np.count_nonzero(residual <= 2.0) >= 0.7 * len(found):
                    line, moved = (np.array([x0, y0], dtype=np.float64), np.array([vx, vy], dtype=np.float64)), True
        lines.append(line)
    if not moved:
        return corners
    refined = [_intersect(lines[index - 1], lines[index]) for index in range(4)]
    if any(corner is None for corner in refined):
        return corners
    refined = _order_corners(np.array(refined))
    return refined if _plausible(refined) else corners


def _fit_side(points: np.ndarray, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A line fitted to the contour points near the middle of the side ``start → end``."""
    direction = end - start
    length = float(np.hypot(*direction))
    if length < 1:
        return start, direction
    unit = direction / length
    normal = np.array([-unit[1], unit[0]])
    offsets = points - start
    along = offsets @ unit
    across = offsets @ normal
    # Skip the rounded corners; keep points close to the side.
    near = (along > 0.1 * length) & (along < 0.9 * length) & (np.abs(across) < max(3.0, 0.03 * length))
    if near.sum() < 5:
        return start, unit
    vx, vy, x0, y0 = cv2.fitLine(points[near].astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
    # A closed contour traces pixel centres of the region's boundary; its true edge is half a pixel out.
    line_normal = np.array([-vy, vx], dtype=np.float64)
    centre = np.array([x0, y0], dtype=np.float64)
    outward = -np.sign(np.dot(np.mean(points, axis=0) - centre, line_normal)) or 1.0
    return centre + 0.5 * outward * line_normal, np.array([vx, vy], dtype=np.float64)


def _intersect(first, second) -> np.ndarray | None:
    (p, r), (q, s) = first, second
    cross = r[0] * s[1] - r[1] * s[0]
    if abs(cross) < 1e-9:
        return None
    t = ((q - p)[0] * s[1] - (q - p)[1] * s[0]) / cross
    return p + t * r


def _order_corners(points: np.ndarray) -> np.ndarray:
    """Top-left, top-right, bottom-right, bottom-left."""
    centre = points.mean(axis=0)
    angles = np.arctan2(points[:, 1] - centre[1], points[:, 0] - centre[0])
    ordered = points[np.argsort(angles)]           # clockwise on screen, starting anywhere
    start = int(np.argmin(ordered.sum(axis=1)))    # top-left has the smallest x + y
    return np.roll(ordered, -start, axis=0)


def _plausible(corners: np.ndarray) -> bool:
    """A convex quadrilateral with no angle sharper than 45° (a sheet seen at a sane angle)."""
    for index in range(4):
        previous, corner, following = corners[index - 1], corners[index], corners[(index + 1) % 4]
        first, second = previous - corner, following - corner
        cosine = np.dot(first, second) / (np.linalg.norm(first) * np.linalg.norm(second) + 1e-9)
        if not -0.71 < cosine < 0.71:
            return False
    return cv2.isContourConvex(corners.astype(np.float32).reshape(-1, 1, 2))


def _is_upright_rectangle(corners: np.ndarray, tolerance_deg: float = 1.0) -> bool:
    """Whether all four sides are horizontal or vertical within ``tolerance_deg``."""
    for index in range(4):
        dx, dy = corners[(index + 1) % 4] - corners[index]
        angle = np.degrees(np.arctan2(abs(dy), abs(dx)))
        if min(angle, 90 - angle) > tolerance_deg:
            return False
    return True


def rectified_size(corners: np.ndarray, aspect_ratios: tuple[float, ...], tolerance: float,
                   image_size: tuple[int, int] | None = None) -> tuple[int, int]:
    """Width and height of the flattened sheet, in pixels of the corners' image.

    The sheet's true aspect ratio is recovered from the perspective (Zhang & He, "Whiteboard
    scanning and image enhancement", 2007: the focal length follows from the two vanishing
    points, with the principal point at the centre of ``image_size``); where that is
    degenerate (a sheet seen nearly head-on) opposite sides are averaged. When
    height/width is within ``tolerance`` of a known paper ratio (A-series: √2) or its
    inverse, it is snapped to it. The height is kept as the average of the vertical sides.
    """
    top, right, bottom, left = (np.linalg.norm(corners[(i + 1) % 4] - corners[i]) for i in range(4))
    width, height = (top + bottom) / 2.0, (left + right) / 2.0
    ratio = height / max(width, 1e-9)
    if image_size is not None:
        ratio = _perspective_ratio(corners, image_size) or ratio
    for known in aspect_ratios:
        matched = next((target for target in (known, 1.0 / known) if abs(ratio / target - 1) <= tolerance), None)
        if matched is not None:
            ratio = matched
            break
    width = height / ratio
    return max(1, int(round(width))), max(1, int(round(height)))


def _perspective_ratio(corners: np.ndarray, image_size: tuple[int, int]) -> float | None:
    """Height/width of the rectangle whose image is ``corners``, or ``None`` when it cannot be told."""
    u0, v0 = (image_size[0] - 1) / 2.0, (image_size[1] - 1) / 2.0
    top_left, top_right, bottom_right, bottom_left = (np.array([x, y, 1.0]) for x, y in corners)
    m1, m2, m3, m4 = top_left, top_right, bottom_left, bottom_right
    denominator2 = np.dot(np.cross(m2, m4), m3)
    denominator3 = np.dot(np.cross(m3, m4), m2)
    if abs(denominator2) < 1e-9 or abs(denominator3) < 1e-9:
        return None
    k2 = np.dot(np.cross(m1, m4), m3) / denominator2
    k3 = np.dot(np.cross(m1, m4), m2) / denominator3
    n2, n3 = k2 * m2 - m1, k3 * m3 - m1
    if abs(n2[2]) < 1e-6 or abs(n3[2]) < 1e-6:
        return None     # a parallelogram: no vanishing point to tell the focal length
    f_squared = -((n2[0] * n3[0] - (n2[0] * n3[2] + n2[2] * n3[0]) * u0 + n2[2] * n3[2] * u0 ** 2)
                  + (n2[1] * n3[1] - (n2[1] * n3[2] + n2[2] * n3[1]) * v0 + n2[2] * n3[2] * v0 ** 2)) \
        / (n2[2] * n3[2])
    if not np.isfinite(f_squared) or f_squared <= 0:
        return None
    focal = np.sqrt(f_squared)
    if not 0.3 * max(image_size) <= focal <= 10 * max(image_size):
        return None     # an implausible camera: trust the sides instead
    inverse = np.linalg.inv(np.array([[focal, 0, u0], [0, focal, v0], [0, 0, 1.0]]))
    width_sq = float(np.sum((inverse @ n2) ** 2))
    height_sq = float(np.sum((inverse @ n3) ** 2))
    if width_sq <= 0 or height_sq <= 0:
        return None
    return float(np.sqrt(height_sq / width_sq))


def rectifying_homography(corners: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """The homography taking the sheet's corners to a ``size`` rectangle (image → flattened)."""
    width, height = size
    target = np.array([[-0.5, -0.5], [width - 0.5, -0.5], [width - 0.5, height - 0.5], [-0.5, height - 0.5]])
    return cv2.getPerspectiveTransform(corners.astype(np.float32), target.astype(np.float32)).astype(np.float64)
