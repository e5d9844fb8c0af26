"""Values of the preprocessing stage (frozen dataclasses).

Conventions used throughout :mod:`ocr.preprocess`:

- Pixel coordinates put pixel centres on integers (OpenCV's convention for
  warps); a box ``(x, y, w, h)`` covers the pixels ``x .. x+w-1`` and
  ``y .. y+h-1``, so its outer edges lie at ``x - 0.5`` and ``x + w - 0.5``.
- ``to_original`` is a 3×3 homography taking a prepared-page point
  ``(x, y, 1)`` to the original image (divide by the third coordinate).
- ``skew_deg`` is the angle of the text lines in the original, counter-clockwise
  positive as seen on screen (what ``PIL.Image.rotate(angle)`` does to an upright
  page); ``rotation`` is the clockwise quarter turn applied to make the page upright.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

#: Stable warning codes (the officer sees the Vietnamese message, programs the code).
BLURRY = "blurry"
LOW_CONTRAST = "low_contrast"
LOW_RESOLUTION = "low_resolution"
TOO_SKEWED = "too_skewed"
PAGE_CUT_OFF = "page_cut_off"
DARK = "dark"

WARNING_MESSAGES: dict[str, tuple[str, str]] = {
    BLURRY: ("Ảnh bị mờ, nên quét lại.", "The image is blurry; rescan it."),
    LOW_CONTRAST: ("Chữ quá nhạt so với nền giấy, nên quét lại với độ tương phản cao hơn.",
                   "Text is faint against the paper; rescan with more contrast."),
    LOW_RESOLUTION: ("Độ phân giải thấp, nên quét lại ở 300 dpi.",
                     "The resolution is low; rescan at 300 dpi."),
    TOO_SKEWED: ("Trang bị nghiêng nhiều, nên đặt lại giấy cho thẳng và quét lại.",
                 "The page is strongly skewed; straighten the paper and rescan."),
    PAGE_CUT_OFF: ("Trang bị cắt mất một phần, nên chụp hoặc quét lại cả trang.",
                   "Part of the page is cut off; capture the whole page again."),
    DARK: ("Ảnh quá tối, nên chụp hoặc quét lại với ánh sáng tốt hơn.",
           "The image is too dark; capture it again in better light."),
}


@dataclass(frozen=True)
class QualityWarning:
    """One problem with a page image: a stable ``code`` and messages for the officer and the logs."""

    code: str
    message: str
    message_en: str = ""

    @classmethod
    def of(cls, code: str) -> QualityWarning:
        """The warning for ``code`` with its standard messages."""
        message_vi, message_en = WARNING_MESSAGES[code]
        return cls(code, message_vi, message_en)


@dataclass(frozen=True)
class QualityReport:
    """What preprocessing measured about a page (all measured in the original, before cleaning).

    ``blur`` is the estimated edge blur (Gaussian sigma) divided by the capital-letter
    height: about 0.02–0.04 for a sharp scan, 0.1 and more when letters smear into each
    other. ``contrast`` is (paper − ink) / 255 and ``brightness`` the paper level / 255.
    ``text_height_px`` is the typical capital height in original pixels (0 when no text
    was found). ``dpi_source`` says where ``dpi`` comes from: ``file``, ``page`` (the
    paper's size in pixels), ``text`` (the text height) or ``default``. ``speckle`` is the
    grain left on the binary page after the light denoising, in ink specks per letter
    (:func:`ocr.preprocess.cleanup.speckle_ratio`: 0–2 on a clean page, 10 and more on a
    grainy scan).
    """

    dpi: int
    dpi_source: str
    text_height_px: float
    blur: float
    contrast: float
    brightness: float
    skew_deg: float
    rotation: int
    perspective_corrected: bool
    spread_split: bool = False
    orientation_confidence: float = 1.0
    warnings: tuple[QualityWarning, ...] = ()
    speckle: float = 0.0

    @property
    def codes(self) -> tuple[str, ...]:
        """The warning codes, in order."""
        return tuple(warning.code for warning in self.warnings)


@dataclass(frozen=True)
class PreprocessOptions:
    """Switches and thresholds of :func:`ocr.preprocess.preprocess` (defaults suit A4 civil-status pages)."""

    # Geometry.
    detect_page: bool = True            # look for a photographed sheet on a background
    split_spreads: bool = True
    orientation: str = "auto"           # auto (text lines, OSD only when unsure) | text | osd | none
    max_skew_deg: float = 15.0          # deskew search range, ±
    min_skew_correction_deg: float = 0.1  # below this the page is not rotated (no resampling)
    crop_borders: bool = True
    aspect_ratios: tuple[float, ...] = (2 ** 0.5,)  # paper height/width to snap a photographed sheet to
    aspect_tolerance: float = 0.06
    # Resolution: rescale so capitals are this tall (pixels) when outside the band.
    target_text_height: float = 30.0
    min_text_height: float = 22.0
    max_text_height: float = 38.0
    max_upscale: float = 3.0
    # Cleaning.
    suppress_red: bool = True           # read red stamps out of the gray by channel choice
    normalize_illumination: bool = True
    even_out_folds: bool = True         # a fold's shadow lifted, for a second reading (PreparedPage.unfolded)
    denoise: bool = True
    binarization: str = "sauvola"       # sauvola | otsu
    sauvola_k: float = 0.2
    # Quality thresholds (see QualityReport).
    blurry_above: float = 0.085
    low_contrast_below: float = 0.25
    dark_below: float = 0.40
    low_dpi_below: int = 150
    low_text_height_below: float = 14.0
    too_skewed_above_deg: float = 10.0

    def __post_init__(self) -> None:
        if self.orientation not in ("auto", "text", "osd", "none"):
            raise ValueError(f"unknown orientation method {self.orientation!r}")
        if self.binarization not in ("sauvola", "otsu"):
            raise ValueError(f"unknown binarization {self.binarization!r}")
        if not 0 <= self.max_skew_deg <= 45:
            raise ValueError("max_skew_deg must lie in [0, 45]")


@dataclass(frozen=True, eq=False)
class PreparedPage:
    """One page ready for OCR and the geometry back to the original image.

    ``gray`` is cleaned (illumination and contrast normalised, denoised), upright
    and deskewed; ``binary`` is its binarisation (0 ink, 255 paper), same size.
    ``size`` is ``(width, height)``; ``original_size`` the original image's.
    ``dpi`` is the resolution of the prepared page (the original's estimate times the
    scale applied), to pass to Tesseract. ``split_index`` is 0/1 for the left/right
    half of a book spread, 0 otherwise. ``scale`` is the linear scale from original
    to prepared pixels (also inside ``to_original``); ``timings_ms`` names each step
    with the milliseconds it took (for benchmarks).
    """

    gray: np.ndarray
    binary: np.ndarray
    to_original: np.ndarray
    size: tuple[int, int]
    original_size: tuple[int, int]
    dpi: int
    quality: QualityReport
    split_index: int = 0
    scale: float = 1.0
    timings_ms: tuple[tuple[str, float], ...] = field(default=(), repr=False)
    #: ``gray`` before its light denoising (the 3×3 median), for a reading that wants the letters'
    #: hairlines back (:func:`ocr.preprocess.cleanup.restore_strokes`); ``None`` when not denoised.
    unsmoothed: np.ndarray | None = field(default=None, repr=False)
    #: ``gray`` with the shadow of a fold across the page lifted to the paper's level
    #: (:func:`ocr.preprocess.cleanup.even_out_folds`), for a second reading of a folded sheet;
    #: ``None`` when no fold was found.
    unfolded: np.ndarray | None = field(default=None, repr=False)

    @property
    def letter_height(self) -> float:
        """The capitals' height in the prepared page's pixels (the quality report measures it in the
        original's)."""
        return self.quality.text_height_px * self.scale
