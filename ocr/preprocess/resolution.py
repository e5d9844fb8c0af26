"""Text size, resolution (DPI) and the scale that gives Tesseract letters of the size it reads best.

Tesseract's LSTM models read best when capitals are about 20–35 pixels tall (smaller
text loses the diacritics, larger costs time for nothing), so the prepared page is
rescaled when the text falls outside a band around :attr:`PreprocessOptions.target_text_height`.
"""

from __future__ import annotations

import numpy as np

from ocr.preprocess.types import PreprocessOptions

#: Long side of A-series sheets in inches (A5, A4, A3).
A4_LONG_IN = 297 / 25.4
#: Capital height of typical printed body text on civil-status forms (13 pt Times New Roman), inches.
TYPICAL_CAP_IN = 13 * 0.662 / 72
MIN_DPI, MAX_DPI = 50, 2400


def capital_height(letter_heights: np.ndarray) -> float:
    """The capital-letter height (pixels) from the heights of letter-like components; 0 without text.

    Lowercase letters, capitals, ascenders and letters merged with their tone marks mix in
    the distribution; its 75th percentile sits about 5% above the capital height on the
    fonts of our forms (measured on rendered pages).
    """
    if len(letter_heights) < 12:
        return 0.0
    return float(np.percentile(letter_heights, 75)) / 1.05


def estimate_dpi(*, dpi_hint: int | None, page_long_side_px: float | None, page_known: bool,
                 cap_height_px: float) -> tuple[int, str]:
    """The original's resolution and where it comes from (``file``, ``page``, ``text``, ``default``).

    A resolution stored in the file wins. Otherwise, when the sheet's outline is known (a
    photographed sheet, or a scan whose frame has the A-series ratio) its long side is
    taken as A4's; otherwise the capital height is taken as 13 pt print's.
    """
    if dpi_hint is not None and MIN_DPI <= dpi_hint <= MAX_DPI:
        return int(dpi_hint), "file"
    if page_known and page_long_side_px:
        return int(np.clip(round(page_long_side_px / A4_LONG_IN), MIN_DPI, MAX_DPI)), "page"
    if cap_height_px > 0:
        return int(np.clip(round(cap_height_px / TYPICAL_CAP_IN), MIN_DPI, MAX_DPI)), "text"
    return 300, "default"


def ocr_scale(cap_height_px: float, options: PreprocessOptions) -> float:
    """The linear scale to apply so that capitals fall in Tesseract's preferred band (1.0 inside it)."""
    if cap_height_px <= 0:
        return 1.0
    if options.min_text_height <= cap_height_px <= options.max_text_height:
        return 1.0
    return float(np.clip(options.target_text_height / cap_height_px, 0.1, options.max_upscale))
