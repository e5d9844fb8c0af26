"""How good the page image is: blur, contrast, brightness, and the warnings shown to the officer.

Blur and contrast are measured at the prepared page's resolution on a few tiles
around the densest text lines, so they cost about a millisecond and do not depend
on how much of the page is text:

- **blur**: a step edge blurred by a Gaussian of deviation σ has a peak slope of
  ``contrast / (σ·√(2π))``; σ is read from the strongest slopes of the tile and
  divided by the capital height, so the figure does not depend on resolution or
  contrast (about 0.03 for a sharp scan; letters smear into each other above 0.1).
- **contrast**: (paper − ink) / 255 from the tiles' light and dark percentiles.
"""

from __future__ import annotations

import cv2
import numpy as np

from ocr.preprocess.types import (
    BLURRY,
    DARK,
    LOW_CONTRAST,
    LOW_RESOLUTION,
    PAGE_CUT_OFF,
    TOO_SKEWED,
    PreprocessOptions,
    QualityWarning,
)

SQRT_TWO_PI = float(np.sqrt(2 * np.pi))


def text_tiles(letter_boxes: np.ndarray, scale: float, size: tuple[int, int], cap_height: float,
               count: int = 6) -> list[tuple[int, int, int, int]]:
    """Up to ``count`` tiles ``(x, y, w, h)`` of the prepared page centred on letters, spread over the page.

    ``letter_boxes`` are in the analysis view; ``scale`` takes view pixels to page pixels.
    """
    if len(letter_boxes) == 0 or cap_height <= 0:
        return []
    width, height = size
    tile_h = int(min(height, max(24, 3 * cap_height)))
    tile_w = int(min(width, max(64, 12 * cap_height)))
    centres = (letter_boxes[:, :2] + letter_boxes[:, 2:] / 2.0 + 0.5) * scale - 0.5
    # Rank letters by how many other letters sit in the same tile-sized neighbourhood (coarse grid).
    cells = np.floor(centres / np.array([tile_w, tile_h])).astype(np.int64)
    keys = cells[:, 0] * 100003 + cells[:, 1]
    unique, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
    order = np.argsort(-counts)
    tiles = []
    for cell_index in order[:count]:
        members = centres[inverse == cell_index]
        cx, cy = members.mean(axis=0)
        x = int(np.clip(cx - tile_w / 2, 0, width - tile_w))
        y = int(np.clip(cy - tile_h / 2, 0, height - tile_h))
        tiles.append((x, y, tile_w, tile_h))
    return tiles


def tile_measures(gray: np.ndarray, tiles: list[tuple[int, int, int, int]]) -> tuple[float, float, float]:
    """``(sigma_px, ink, paper)`` over the tiles: edge blur in pixels and the two gray levels (medians)."""
    sigmas, inks, papers = [], [], []
    for x, y, w, h in tiles:
        tile = gray[y:y + h, x:x + w].astype(np.float32)
        if tile.size < 64:
            continue
        ink, paper = np.percentile(tile, [3, 90])
        contrast = paper - ink
        if contrast < 8:
            continue
        gx = cv2.Sobel(tile, cv2.CV_32F, 1, 0, ksize=3) / 8.0
        gy = cv2.Sobel(tile, cv2.CV_32F, 0, 1, ksize=3) / 8.0
        magnitude = cv2.magnitude(gx, gy)
        peak = float(np.percentile(magnitude, 99))
        if peak <= 0:
            continue
        sigmas.append(contrast / (SQRT_TWO_PI * peak))
        inks.append(ink)
        papers.append(paper)
    if not sigmas:
        return 0.0, 0.0, 255.0
    return float(np.median(sigmas)), float(np.median(inks)), float(np.median(papers))


def warnings_for(*, blur: float, contrast: float, brightness: float, dpi: int, dpi_source: str,
                 text_height_px: float, skew_deg: float, skew_at_limit: bool, cut_off: bool,
                 has_text: bool, options: PreprocessOptions) -> tuple[QualityWarning, ...]:
    """The warnings a page deserves, in a stable order."""
    codes = []
    if has_text and blur > options.blurry_above:
        codes.append(BLURRY)
    if has_text and contrast < options.low_contrast_below:
        codes.append(LOW_CONTRAST)
    if brightness < options.dark_below:
        codes.append(DARK)
    low_dpi = dpi_source in ("file", "page") and dpi < options.low_dpi_below
    if low_dpi or (has_text and 0 < text_height_px < options.low_text_height_below):
        codes.append(LOW_RESOLUTION)
    if abs(skew_deg) > options.too_skewed_above_deg or skew_at_limit:
        codes.append(TOO_SKEWED)
    if cut_off:
        codes.append(PAGE_CUT_OFF)
    return tuple(QualityWarning.of(code) for code in codes)
