"""Keystone: the columns of a photographed sheet that lean together, and the homography that stands them up.

A phone held over a desk looks down at the sheet at a slant: the sheet's sides, its
ruled columns and its margins, parallel on paper, meet at a vanishing point above or
below the picture. Where the sheet's outline is known (all four corners in view) the
flattening homography takes that out. A sheet running past the frame has no such
outline (the frame's border is taken for its edge), and deskew only turns it: its
rows come out level but its columns still lean, the more the farther from the middle,
and a ruled table's rules cross the first letters of its captions ("Giới tính" read
"b tính"). This module finds the vanishing point from the long near-vertical lines of
the turned page (the sheet's sides, its rules) and builds the homography that sends it
to infinity, keeping the rows level: ``x' = x_v + (x - x_v)·s(y)``, ``y'`` the
projective rescaling of ``y`` (Hartley & Zisserman, *Multiple View Geometry*, §2.7:
an affine rectification maps the line through the vanishing point to infinity).
"""

from __future__ import annotations

import cv2
import numpy as np

#: Lines counted: at most this far from vertical (degrees), and at least this share of the image's height.
MAX_LEAN_DEG = 12.0
MIN_LENGTH_SHARE = 1 / 6
#: Columns leaning together by less than this (degrees between the outermost lines) are left alone.
MIN_CONVERGENCE_DEG = 1.5
#: The vanishing point must lie at least this many image heights from the image's middle row.
MIN_DISTANCE_HEIGHTS = 1.5
#: A line is an outlier (a stroke, a signature) when it misses the fitted point by more than this (degrees).
OUTLIER_DEG = 1.0


def leaning_lines(gray: np.ndarray, inside: np.ndarray | None = None) -> np.ndarray:
    """The long near-vertical lines of a gray analysis image, as ``N×3`` homogeneous lines with unit
    normals; only those within ``inside`` (non-zero where the picture is, not the fill a turn added
    round it: the frame's own edges lean by the angle the page was turned)."""
    height = gray.shape[0]
    edges = cv2.Canny(gray, 50, 150)
    if inside is not None:
        edges[cv2.erode(inside, np.ones((7, 7), np.uint8)) == 0] = 0
    found = cv2.HoughLinesP(edges, 1, np.pi / 720, threshold=int(height * MIN_LENGTH_SHARE / 2),
                            minLineLength=int(height * MIN_LENGTH_SHARE), maxLineGap=4)
    if found is None:
        return np.zeros((0, 3))
    segments = found.reshape(-1, 4).astype(np.float64)
    dx, dy = segments[:, 2] - segments[:, 0], segments[:, 3] - segments[:, 1]
    upright = np.abs(dx) <= np.abs(dy) * np.tan(np.radians(MAX_LEAN_DEG))
    segments = segments[upright]
    ones = np.ones((len(segments), 1))
    lines = np.cross(np.hstack([segments[:, :2], ones]), np.hstack([segments[:, 2:], ones]))
    return lines / np.linalg.norm(lines[:, :2], axis=1, keepdims=True)


def lean_deg(lines: np.ndarray) -> np.ndarray:
    """Each line's angle from vertical, degrees (positive: its top leans left, as x grows down the line)."""
    # A line a·x + b·y + c = 0 has direction (b, -a); from vertical: atan(dx/dy).
    lean = np.degrees(np.arctan2(lines[:, 1], -lines[:, 0]))
    return (lean + 90.0) % 180.0 - 90.0  # (a line has no direction: 175° is -5°)


def _fitted_point(lines: np.ndarray) -> np.ndarray:
    """The point (homogeneous, unit) closest to all the lines in the least-squares sense."""
    _, _, vt = np.linalg.svd(lines)
    return vt[-1]


def vanishing_point(gray: np.ndarray, inside: np.ndarray | None = None) -> tuple[float, float] | None:
    """Where the page's near-vertical lines meet, ``(x, y)`` in ``gray``'s pixels (``inside``: see
    :func:`leaning_lines`); ``None`` when they do not lean together enough to tell (parallel, too
    few, all on one side) or meet implausibly near."""
    height, width = gray.shape[:2]
    lines = leaning_lines(gray, inside)
    for _ in range(3):
        if len(lines) < 3:
            return None
        # Lines across the page's width, not one rule found three times.
        crossing_middle = -(lines[:, 1] * height / 2 + lines[:, 2]) / lines[:, 0]
        if np.ptp(crossing_middle) < width / 3:
            return None
        point = _fitted_point(lines)
        if abs(point[2]) < 1e-12:
            return None
        x, y = point[0] / point[2], point[1] / point[2]
        # Each line's lean against the lean of the line from the point through where it crosses the middle row.
        expected = np.degrees(np.arctan2(crossing_middle - x, height / 2 - y))
        expected = np.where(expected > 90, expected - 180, np.where(expected < -90, expected + 180, expected))
        miss = np.abs(lean_deg(lines) - expected)
        keep = miss <= OUTLIER_DEG
        if keep.all():
            break
        lines = lines[keep]
    else:
        return None
    leans = lean_deg(lines)
    if np.ptp(leans) < MIN_CONVERGENCE_DEG or abs(y - height / 2) < MIN_DISTANCE_HEIGHTS * height:
        return None
    return float(x), float(y)


def upright_columns(point: tuple[float, float], size: tuple[int, int]) -> np.ndarray:
    """The homography sending the vanishing point ``point`` to infinity straight down: columns through it
    come out vertical, rows stay level, and at the middle row the scale is the same across and down."""
    x_v, y_v = point
    middle = size[1] / 2.0
    # y' = y / (1 - y/y_v) stretches the rows on the side away from the point, as the camera shrank them.
    perspective = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, -1.0 / y_v, 1.0]])
    shift = np.array([[1.0, 0.0, -x_v], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    matrix = np.linalg.inv(shift) @ perspective @ shift
    across = y_v / (y_v - middle)  # d x'/d x at the middle row; d y'/d y there is its square
    return np.diag([1.0, 1.0 / across, 1.0]) @ matrix
