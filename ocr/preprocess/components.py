"""Ink and its connected components on a small analysis image.

Skew, orientation, spread detection and the text-height (DPI) estimate all work
on the letters of the page: their boxes, bottoms and centres. They are found once
per view on the small image (a few milliseconds) and shared by those steps.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.preprocess.cleanup import estimate_background, flatten, ink_threshold, paper_noise
from ocr.preprocess.connected import connected_components


@dataclass(frozen=True, eq=False)
class Ink:
    """The flattened analysis image, its ink mask and its letter-like components.

    ``boxes`` is ``N×4`` ``(x, y, w, h)`` of every component; ``letters`` flags the
    ones shaped like a letter or a digit (not specks, rules, frames, stamps or borders).
    ``letter_height`` is the median height of the letters (0 when there are none).
    """

    flat: np.ndarray
    background: np.ndarray
    mask: np.ndarray
    boxes: np.ndarray
    areas: np.ndarray
    letters: np.ndarray
    letter_height: float

    @property
    def letter_boxes(self) -> np.ndarray:
        """Boxes of the letter-like components."""
        return self.boxes[self.letters]


def background_kernel(shape: tuple[int, ...]) -> int:
    """A closing size wide enough to remove any letter on an analysis image of ``shape``."""
    return max(15, int(max(shape[:2]) / 45))


def ink_layers(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(background, flat, mask)`` of a small gray image: paper estimate, flattened image, ink mask.

    Dark regions that reach the image's edge and are thicker than any stroke (scanner
    lid borders, black corners of an earlier rotation) count as background, so that
    flattening turns them white instead of leaving them as huge "ink".
    """
    background = estimate_background(gray, background_kernel(gray.shape))
    border = dark_border(gray, background)
    if border is not None:
        background = np.where(border, np.minimum(gray, background), background)
    flat = flatten(gray, background)
    mask = cv2.compare(flat, ink_threshold(flat), cv2.CMP_LT)
    return background, flat, mask


def dark_border(gray: np.ndarray, background: np.ndarray) -> np.ndarray | None:
    """Mask of thick dark regions touching the image's edge, or ``None`` when there are none."""
    paper = float(np.median(background[::4, ::4]))
    limit = paper * 0.5
    edges = (gray[0], gray[-1], gray[:, 0], gray[:, -1])
    if all(np.count_nonzero(edge < limit) < 0.05 * edge.size for edge in edges):
        return None
    dark = cv2.compare(gray, limit, cv2.CMP_LT)
    # Opening removes strokes of text; what stays is thick.
    size = max(5, int(max(gray.shape) / 150) | 1)
    dark = cv2.morphologyEx(dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))
    count, labels, stats, _ = connected_components(dark, 4)
    rows, cols = gray.shape
    keep = np.zeros(count, dtype=bool)
    for label in range(1, count):
        x, y, w, h, area = stats[label]
        touches = x == 0 or y == 0 or x + w == cols or y + h == rows
        keep[label] = touches and area >= 0.001 * rows * cols
    if not keep.any():
        return None
    mask = keep[labels]
    # Grow a little over the blurred rim of the region.
    return cv2.dilate(mask.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)


def find_ink(gray: np.ndarray) -> Ink:
    """Ink mask and components of a small gray image."""
    background, flat, mask = ink_layers(gray)
    boxes, areas, letters = _components(mask)
    return Ink(flat=flat, background=background, mask=mask, boxes=boxes, areas=areas, letters=letters,
               letter_height=_median_height(boxes, letters))


#: The paper's spread (gray levels, :func:`paper_noise`) from which the letters' height is measured
#: on a smoothed copy as well: faint letters on grainy paper fall under the ink threshold in pieces,
#: and the grain's specks, darker, are taken for the letters.
NOISY_PAPER_LEVELS = 10.0


def smoothed_letter_heights(ink: Ink) -> np.ndarray | None:
    """On grainy paper (:data:`NOISY_PAPER_LEVELS`), the heights of the letter-like components of the
    view smoothed (5×5 Gaussian) before the ink threshold; ``None`` on paper that is not grainy."""
    if paper_noise(ink.flat) < NOISY_PAPER_LEVELS:
        return None
    smooth = cv2.GaussianBlur(ink.flat, (5, 5), 0)
    boxes, _, letters = _components(cv2.compare(smooth, ink_threshold(smooth), cv2.CMP_LT))
    return boxes[letters, 3]


def _components(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(boxes, areas, letters)`` of an ink mask's components (:func:`_letter_like` for ``letters``)."""
    _, _, stats, _ = connected_components(mask, 8)
    boxes, areas = stats[1:, :4].astype(np.int32), stats[1:, 4].astype(np.int32)
    return boxes, areas, _letter_like(boxes, areas, mask.shape)


def moved_ink(gray: np.ndarray, ink: Ink, matrix: np.ndarray) -> Ink:
    """The ink of ``gray``, an image made from ``ink``'s by the affine ``matrix`` (a small rotation).

    The layers are recomputed (cheap); the components are not: their centres are mapped
    and their sizes kept, which is exact enough for rotations of a few degrees and saves
    the connected-component pass.
    """
    background, flat, mask = ink_layers(gray)
    boxes = ink.boxes.astype(np.float64)
    centres = np.stack([boxes[:, 0] + (boxes[:, 2] - 1) / 2.0, boxes[:, 1] + (boxes[:, 3] - 1) / 2.0], axis=1)
    moved = centres @ matrix[:2, :2].T + matrix[:2, 2]
    new_boxes = ink.boxes.copy()
    new_boxes[:, 0] = np.round(moved[:, 0] - (boxes[:, 2] - 1) / 2.0).astype(np.int32)
    new_boxes[:, 1] = np.round(moved[:, 1] - (boxes[:, 3] - 1) / 2.0).astype(np.int32)
    return Ink(flat=flat, background=background, mask=mask, boxes=new_boxes, areas=ink.areas,
               letters=ink.letters, letter_height=ink.letter_height)


def _letter_like(boxes: np.ndarray, areas: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Components of a letter's size and shape: not specks, long rules, frames or big blobs."""
    if len(boxes) == 0:
        return np.zeros(0, dtype=bool)
    widths, heights = boxes[:, 2].astype(np.float64), boxes[:, 3].astype(np.float64)
    limit = max(shape[:2]) * 0.06
    fill = areas / np.maximum(widths * heights, 1)
    plausible = (heights >= 4) & (heights <= limit) & (widths <= limit * 1.5) & (areas >= 6) & (fill > 0.08)
    plausible &= (widths <= heights * 4) & (heights <= widths * 8)
    if plausible.sum() < 10:
        return plausible
    # The typical letter height, weighted by box size so that a page full of dotted leaders
    # or specks still finds its letters; then keep the body of the distribution around it.
    typical = _weighted_median(heights[plausible], (widths * heights)[plausible])
    return plausible & (heights <= typical * 2.5) & (heights >= typical * 0.45)


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cumulative, cumulative[-1] / 2.0)])


def turn_ink(ink: Ink, quarters: int) -> Ink:
    """The same ink after turning its image clockwise by ``quarters`` × 90° (exact, no re-detection)."""
    quarters %= 4
    if quarters == 0:
        return ink
    from ocr.preprocess.geometry import ROTATE_CODES

    rows, cols = ink.mask.shape
    code = ROTATE_CODES[quarters]
    return Ink(flat=cv2.rotate(ink.flat, code), background=cv2.rotate(ink.background, code),
               mask=cv2.rotate(ink.mask, code), boxes=turn_boxes(ink.boxes, quarters, cols, rows),
               areas=ink.areas, letters=ink.letters,
               letter_height=ink.letter_height if quarters == 2 else _median_height(
                   turn_boxes(ink.boxes, quarters, cols, rows), ink.letters))


def _median_height(boxes: np.ndarray, letters: np.ndarray) -> float:
    return float(np.median(boxes[letters, 3])) if letters.any() else 0.0


def turn_boxes(boxes: np.ndarray, quarters: int, width: int, height: int) -> np.ndarray:
    """Boxes ``(x, y, w, h)`` of a ``width × height`` image after turning it clockwise by ``quarters`` × 90°."""
    quarters %= 4
    if quarters == 0 or len(boxes) == 0:
        return boxes
    x, y, w, h = (boxes[:, i] for i in range(4))
    if quarters == 1:
        turned = (height - y - h, x, h, w)
    elif quarters == 2:
        turned = (width - x - w, height - y - h, w, h)
    else:
        turned = (y, width - x - w, h, w)
    return np.stack(turned, axis=1).astype(boxes.dtype)


def crop_ink(ink: Ink, x: int, y: int, width: int, height: int) -> Ink:
    """The ink inside a rectangle of the view; components keep their boxes if their centre is inside."""
    boxes = ink.boxes
    centre_x = boxes[:, 0] + boxes[:, 2] / 2.0
    centre_y = boxes[:, 1] + boxes[:, 3] / 2.0
    inside = (centre_x >= x) & (centre_x < x + width) & (centre_y >= y) & (centre_y < y + height)
    moved = boxes[inside].copy()
    moved[:, 0] -= x
    moved[:, 1] -= y
    letters = ink.letters[inside]
    window = (slice(y, y + height), slice(x, x + width))
    return Ink(flat=ink.flat[window], background=ink.background[window], mask=ink.mask[window], boxes=moved,
               areas=ink.areas[inside], letters=letters, letter_height=_median_height(moved, letters))


def ink_within(ink: Ink, region: np.ndarray) -> Ink:
    """The ink of the view's ``region`` (a boolean mask) only: the components whose centre lies outside
    it are dropped, and there the mask is cleared and the flattened image made paper.

    The ink threshold is kept: found again without what lay outside (a desk's grain), it moves
    towards the paper and the letters measure fatter (a photographed register: capitals 24 pixels
    instead of 18, and the page was not enlarged for Tesseract)."""
    boxes = ink.boxes
    centre_x = np.clip((boxes[:, 0] + boxes[:, 2] // 2).astype(int), 0, region.shape[1] - 1)
    centre_y = np.clip((boxes[:, 1] + boxes[:, 3] // 2).astype(int), 0, region.shape[0] - 1)
    inside = region[centre_y, centre_x]
    letters = ink.letters[inside]
    return Ink(flat=np.where(region, ink.flat, np.uint8(255)), background=ink.background,
               mask=np.where(region, ink.mask, np.uint8(0)), boxes=boxes[inside], areas=ink.areas[inside],
               letters=letters, letter_height=_median_height(boxes[inside], letters))
