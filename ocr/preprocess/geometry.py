"""Homographies between the original image, the analysis views and the prepared page.

Every geometric step of preprocessing is a 3×3 matrix; the prepared page keeps the
product of their inverses (``to_original``) so that any box found later maps back to
the original image's pixels. Pixel centres sit on integer coordinates (OpenCV's
convention for ``warpAffine``/``warpPerspective``).
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

Matrix = np.ndarray


def identity() -> Matrix:
    """The 3×3 identity."""
    return np.eye(3, dtype=np.float64)


def translation(dx: float, dy: float) -> Matrix:
    """Move every point by ``(dx, dy)``."""
    matrix = identity()
    matrix[0, 2], matrix[1, 2] = dx, dy
    return matrix


def scaling(factor_x: float, factor_y: float | None = None) -> Matrix:
    """Scale about pixel centres the way ``cv2.resize`` does: ``x' = f·(x + 0.5) − 0.5``.

    An image of ``n`` pixels becomes one of ``f·n`` pixels covering the same area.
    """
    factor_y = factor_x if factor_y is None else factor_y
    matrix = identity()
    matrix[0, 0], matrix[1, 1] = factor_x, factor_y
    matrix[0, 2], matrix[1, 2] = 0.5 * (factor_x - 1), 0.5 * (factor_y - 1)
    return matrix


def quarter_turn(quarters: int, width: int, height: int) -> tuple[Matrix, tuple[int, int]]:
    """Turn an image of ``width × height`` clockwise by ``quarters`` × 90°.

    Returns the matrix (old pixel → new pixel) and the new ``(width, height)``; it is
    exactly what ``cv2.rotate`` does, so no resampling is needed.
    """
    quarters %= 4
    if quarters == 0:
        return identity(), (width, height)
    if quarters == 1:   # (x, y) -> (h-1-y, x)
        return np.array([[0, -1, height - 1], [1, 0, 0], [0, 0, 1]], dtype=np.float64), (height, width)
    if quarters == 2:   # (x, y) -> (w-1-x, h-1-y)
        return np.array([[-1, 0, width - 1], [0, -1, height - 1], [0, 0, 1]], dtype=np.float64), (width, height)
    return np.array([[0, 1, 0], [-1, 0, width - 1], [0, 0, 1]], dtype=np.float64), (height, width)


ROTATE_CODES = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}


def rotation_about_centre(angle_deg: float, width: int, height: int, *,
                          expand: bool = True) -> tuple[Matrix, tuple[int, int]]:
    """Rotate counter-clockwise (on screen) by ``angle_deg`` about the image centre.

    With ``expand`` the canvas grows to hold the whole rotated image. Returns the
    matrix (old pixel → new pixel) and the new ``(width, height)``.
    """
    centre = ((width - 1) / 2.0, (height - 1) / 2.0)
    matrix = identity()
    matrix[:2] = cv2.getRotationMatrix2D(centre, angle_deg, 1.0)
    if not expand:
        return matrix, (width, height)
    radians = np.deg2rad(angle_deg)
    cos, sin = abs(np.cos(radians)), abs(np.sin(radians))
    new_width = int(np.ceil(width * cos + height * sin - 1e-6))
    new_height = int(np.ceil(width * sin + height * cos - 1e-6))
    matrix = translation((new_width - width) / 2.0, (new_height - height) / 2.0) @ matrix
    return matrix, (new_width, new_height)


def apply(matrix: Matrix, points: np.ndarray | Sequence[Sequence[float]]) -> np.ndarray:
    """Map ``N×2`` points through a homography."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    homogeneous = np.hstack([points, np.ones((len(points), 1))]) @ matrix.T
    return homogeneous[:, :2] / homogeneous[:, 2:3]


def map_box(matrix: Matrix, box: Sequence[float], limit: tuple[int, int] | None = None) -> tuple[int, int, int, int]:
    """The axis-aligned pixel box ``(x, y, w, h)`` holding ``box`` mapped through ``matrix``.

    The box's outer pixel edges are mapped (its four corners), so a box keeps covering
    the pixels it covered; ``limit`` ``(width, height)`` clips the result to an image.
    """
    x, y, w, h = (float(v) for v in box)
    corners = [(x - 0.5, y - 0.5), (x + w - 0.5, y - 0.5), (x + w - 0.5, y + h - 0.5), (x - 0.5, y + h - 0.5)]
    mapped = apply(matrix, corners)
    left, top = np.floor(mapped.min(axis=0) + 0.5 + 1e-6)
    right, bottom = np.ceil(mapped.max(axis=0) - 0.5 - 1e-6)
    if limit is not None:
        left, top = max(left, 0), max(top, 0)
        right, bottom = min(right, limit[0] - 1), min(bottom, limit[1] - 1)
    return int(left), int(top), int(max(0, right - left + 1)), int(max(0, bottom - top + 1))


def is_affine(matrix: Matrix, tolerance: float = 1e-12) -> bool:
    """Whether the matrix has no perspective part."""
    return abs(matrix[2, 0]) < tolerance and abs(matrix[2, 1]) < tolerance and abs(matrix[2, 2] - 1) < 1e-9


def as_pixel_permutation(matrix: Matrix, tolerance: float = 1e-6) -> tuple[int, int, int] | None:
    """If ``matrix`` only turns by quarter turns and shifts by whole pixels, ``(quarters, dx, dy)``.

    Such a transform needs no resampling: a ``cv2.rotate`` and a slice do it exactly.
    ``dx, dy`` is the shift applied after the turn (turn defined as in :func:`quarter_turn`
    with a zero offset).
    """
    if not is_affine(matrix):
        return None
    linear = matrix[:2, :2]
    for quarters, pattern in ((0, [[1, 0], [0, 1]]), (1, [[0, -1], [1, 0]]), (2, [[-1, 0], [0, -1]]),
                              (3, [[0, 1], [-1, 0]])):
        if np.allclose(linear, pattern, atol=tolerance):
            shift = matrix[:2, 2]
            if np.allclose(shift, np.round(shift), atol=1e-4):
                return quarters, int(round(shift[0])), int(round(shift[1]))
    return None


def render(image: np.ndarray, forward: Matrix, size: tuple[int, int], *, fill: int = 255,
           interpolation: int = cv2.INTER_LINEAR) -> np.ndarray:
    """Resample ``image`` into a ``size`` canvas through ``forward`` (image pixel → canvas pixel).

    Exact quarter turns and whole-pixel shifts are done by ``cv2.rotate`` and slicing (no
    interpolation); an affine matrix by ``warpAffine``; anything else by ``warpPerspective``.
    Outside the image the canvas gets ``fill``.
    """
    width, height = size
    permutation = as_pixel_permutation(forward)
    if permutation is not None:
        quarters, dx, dy = permutation
        turned = cv2.rotate(image, ROTATE_CODES[quarters]) if quarters else image
        # The turn of quarter_turn() has an offset; express the shift relative to cv2.rotate's result.
        base, _ = quarter_turn(quarters, image.shape[1], image.shape[0])
        dx, dy = dx - int(base[0, 2]), dy - int(base[1, 2])
        canvas_part = _shifted(turned, dx, dy, width, height, fill)
        return canvas_part
    if is_affine(forward):
        return cv2.warpAffine(image, forward[:2], (width, height), flags=interpolation,
                              borderMode=cv2.BORDER_CONSTANT, borderValue=fill)
    return cv2.warpPerspective(image, forward, (width, height), flags=interpolation,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=fill)


def _shifted(image: np.ndarray, dx: int, dy: int, width: int, height: int, fill: int) -> np.ndarray:
    """``image`` placed at ``(dx, dy)`` on a ``width × height`` canvas; a view when it fits."""
    rows, cols = image.shape[:2]
    if dx <= 0 and dy <= 0 and -dx + width <= cols and -dy + height <= rows:
        return image[-dy:-dy + height, -dx:-dx + width]
    canvas = np.full((height, width) + image.shape[2:], fill, dtype=image.dtype)
    src_x0, src_y0 = max(0, -dx), max(0, -dy)
    dst_x0, dst_y0 = max(0, dx), max(0, dy)
    span_x = min(cols - src_x0, width - dst_x0)
    span_y = min(rows - src_y0, height - dst_y0)
    if span_x > 0 and span_y > 0:
        canvas[dst_y0:dst_y0 + span_y, dst_x0:dst_x0 + span_x] = \
            image[src_y0:src_y0 + span_y, src_x0:src_x0 + span_x]
    return canvas
