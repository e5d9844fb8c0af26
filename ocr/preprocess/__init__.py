"""Page preprocessing with OpenCV: from a decoded scan or phone photo to clean, upright pages for OCR.

``preprocess(image, options, dpi_hint=...)`` returns one :class:`PreparedPage` (two for a
book spread) with a cleaned gray image, its binarisation, the homography back to the
original image's pixels, the estimated resolution and a quality report with warnings
for the officer. ``map_box_to_original(page, box)`` maps any box found later back.

The steps live in their own modules, each a small function tested alone: ``page``
(sheet detection and perspective), ``spread``, ``orientation``, ``skew``, ``cleanup``
(borders, illumination, contrast, denoising, binarisation, red stamps), ``resolution``
(text size, DPI, scale) and ``quality``; ``pipeline`` puts them in order.
"""

from ocr.preprocess.pipeline import map_box_to_original, map_point_to_original, preprocess
from ocr.preprocess.types import (
    BLURRY,
    DARK,
    LOW_CONTRAST,
    LOW_RESOLUTION,
    PAGE_CUT_OFF,
    TOO_SKEWED,
    PreparedPage,
    PreprocessOptions,
    QualityReport,
    QualityWarning,
)

__all__ = [
    "BLURRY",
    "DARK",
    "LOW_CONTRAST",
    "LOW_RESOLUTION",
    "PAGE_CUT_OFF",
    "TOO_SKEWED",
    "PreparedPage",
    "PreprocessOptions",
    "QualityReport",
    "QualityWarning",
    "map_box_to_original",
    "map_point_to_original",
    "preprocess",
]
