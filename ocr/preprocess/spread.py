"""Two-page book spreads: find the gutter and split; never split a single landscape page.

A spread is split only on two kinds of evidence together:

- a **gutter**: a vertical band near the middle where the paper is clearly darker
  than on both sides (the shadow where the pages curve into the binding, or the
  dark line where they meet);
- **two text blocks**: a good share of the letters on each side, (almost)
  none across the gutter, and the two inner margins between them (a ruled line
  down a landscape register has text right up to it).

A landscape certificate laid out in two columns has the second but not the first;
a photo with a shadow across it has the first but usually text across it.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.preprocess.components import Ink

#: The image must be at least this much wider than tall.
MIN_LANDSCAPE = 1.15
#: The gutter is searched in this central band of the width.
CENTRAL_BAND = (0.3, 0.7)
#: The gutter's paper must be this much darker (share of the paper level) than both sides.
MIN_GUTTER_DEPTH = 0.06
#: Each side must hold this share of the letters.
MIN_SIDE_SHARE = 0.2
#: At most this share of the letters may sit across the gutter.
MAX_CROSSING_SHARE = 0.01
#: The texts of the two pages stand at least this share of the width apart (two inner margins);
#: measured: 12–14 % on spreads, under 4 % across a register's ruled column line.
MIN_TEXT_GAP = 0.06


@dataclass(frozen=True)
class Spread:
    """Where to split (``gutter_x``, a column of the view) and the evidence."""

    gutter_x: int
    depth: float
    left_share: float
    right_share: float


def paper_profile(gray: np.ndarray) -> np.ndarray:
    """The paper's brightness in each column: a high percentile over the middle rows (text ignored)."""
    rows, cols = gray.shape
    step = max(1, rows // 300)
    middle = gray[int(rows * 0.1):int(rows * 0.9):step]
    profile = np.percentile(middle, 80, axis=0).astype(np.float32)
    width = max(3, cols // 300) | 1
    return cv2.blur(profile.reshape(1, -1), (width, 1)).ravel()


def find_spread(gray: np.ndarray, ink: Ink) -> Spread | None:
    """The gutter of a two-page spread in an upright view, or ``None`` for a single page."""
    rows, cols = gray.shape
    if cols < rows * MIN_LANDSCAPE:
        return None
    letters = ink.letter_boxes
    if len(letters) < 40:
        return None
    profile = paper_profile(gray)
    first, last = int(cols * CENTRAL_BAND[0]), int(cols * CENTRAL_BAND[1])
    gutter = first + int(np.argmin(profile[first:last]))
    left_paper = float(np.median(profile[int(cols * 0.05):first]))
    right_paper = float(np.median(profile[last:int(cols * 0.95)]))
    paper = max(left_paper, right_paper, 1.0)
    depth = (min(left_paper, right_paper) - float(profile[gutter])) / paper
    if depth < MIN_GUTTER_DEPTH:
        return None
    left_edge, right_edge = letters[:, 0], letters[:, 0] + letters[:, 2]
    margin = 0.01 * cols
    left_share = float(np.mean(right_edge < gutter - margin))
    right_share = float(np.mean(left_edge > gutter + margin))
    # The dark line where the pages meet breaks into slivers a hair wide: those are no letters
    # written across the gutter.
    wide = letters[:, 2] > 0.4 * float(np.median(letters[:, 3]))
    crossing = float(np.mean((left_edge < gutter + margin) & (right_edge > gutter - margin) & wide))
    if min(left_share, right_share) < MIN_SIDE_SHARE or crossing > MAX_CROSSING_SHARE:
        return None
    # Two pages leave both their inner margins between their texts; a table's ruled line has text
    # right up to it on both sides (a landscape register page is no spread).
    inner_left = float(np.percentile(right_edge[right_edge < gutter], 99))
    inner_right = float(np.percentile(left_edge[left_edge > gutter], 1))
    if (inner_right - inner_left) / cols < MIN_TEXT_GAP:
        return None
    return Spread(gutter_x=gutter, depth=depth, left_share=left_share, right_share=right_share)
