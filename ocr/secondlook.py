"""The second look: re-read one value's zone of the prepared image with other settings.

``engine_reread(engine, image)`` returns the ``reread(box, kind) -> (text,
confidence)`` callable that :func:`ocr.extract.extract` takes: the zone is cut
out with a margin, enlarged when the type is small (Tesseract reads letters
about 30–40 pixels tall best; enlarging type that is already that size makes
it worse), binarised with Otsu's threshold (another binarisation than the
page's), and read as a single line (``psm 7``), with a character whitelist for
kinds that are digits only. Different settings make different mistakes, so two readings
that agree after normalisation are worth more than either alone.

``third_reread`` is the reading that settles a disagreement (:func:`ocr.confidence.wants_tiebreak`):
the zone's gray, not binarised, for words; for numbers and dates written in digits another model
than the page's (see :data:`ocr.engine.DIGITS_LANGUAGE`): Otsu's zone read by the same model as the page
shares the page's mistakes on short bold numbers ("55" read as nothing, "58" as "5"), and its gray
the page's own.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from ocr.preprocess.connected import connected_components
from ocr.types import Box

#: Characters of values written in digits only.
WHITELISTS = {
    "personal_id": "0123456789",
    "year": "0123456789",
    "registration_number": "0123456789/",
    "book_number": "0123456789/",
}


#: Tesseract's page segmentation for a kind of zone: one line (7) unless the zone is a stretch where
#: a short word may stand among specks (``sparse``: 11, where one-line mode read nothing of "Vợ").
PAGE_SEGMENTATION = {"sparse": 11}


def crop_zone(image: np.ndarray, box: Box, *, scale: float = 2.0, binarise: bool = True) -> np.ndarray | None:
    """The zone ``box`` of a gray page, with a white margin, enlarged and (optionally) binarised."""
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    height, width = image.shape[:2]
    x, y, w, h = box
    x0, y0 = max(0, int(x)), max(0, int(y))
    x1, y1 = min(width, int(x + w)), min(height, int(y + h))
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    crop = image[y0:y1, x0:x1]
    if scale != 1.0:
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    if binarise:
        _, crop = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        crop = without_neighbouring_lines(crop)
    pad = max(8, int(crop.shape[0] * 0.3))
    return cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)


def without_neighbouring_lines(binary: np.ndarray) -> np.ndarray:
    """White out what the zone caught of the lines above and below its own: ink cut by its top or
    bottom edge whose middle lies in the zone's outer quarters. On closely spaced lines those
    fragments make a single-line reading of the zone return nothing at all."""
    height = binary.shape[0]
    count, labels, stats, _ = connected_components(cv2.compare(binary, 128, cv2.CMP_LT), 8)
    if count <= 1:
        return binary
    top = stats[:, cv2.CC_STAT_TOP]
    bottom = top + stats[:, cv2.CC_STAT_HEIGHT]
    middle = (top + bottom) / 2
    cut_above = (top == 0) & (bottom < height) & (middle < 0.25 * height)
    cut_below = (bottom >= height) & (top > 0) & (middle > 0.75 * height)
    stray = cut_above | cut_below
    stray[0] = False
    if not stray.any():
        return binary
    cleaned = binary.copy()
    cleaned[stray[labels]] = 255
    return cleaned


#: The text height (pixels) the second look enlarges small type to.
TARGET_TEXT_HEIGHT = 40.0


def auto_scale(box: Box) -> float:
    """How much to enlarge a zone: its text is about two thirds of the zone's height."""
    text_height = max(1.0, box[3] / 1.5)
    return float(min(3.0, max(1.0, TARGET_TEXT_HEIGHT / text_height)))


def engine_reread(engine, image: np.ndarray, *, scale: float | None = None, binarise: bool = True,
                  dpi: int = 300, whitelists: dict[str, str] = WHITELISTS) -> Callable[[Box, str], tuple[str, float]]:
    """A ``reread(box, kind)`` backed by an OCR engine (``ocr.engine``) and the image the page was read from.

    ``scale`` ``None`` enlarges small type only (see :func:`auto_scale`); ``whitelists`` the characters
    each kind is read with (any where it names none).
    """

    def reread(box: Box, kind: str) -> tuple[str, float]:
        factor = auto_scale(box) if scale is None else scale
        crop = crop_zone(image, box, scale=factor, binarise=binarise)
        if crop is None:
            return "", 0.0
        return engine.read_line(crop, psm=PAGE_SEGMENTATION.get(kind, 7), whitelist=whitelists.get(kind),
                                dpi=int(dpi * factor))

    return reread


#: Kinds the third reading reads with the digits model (:func:`third_reread`), and their characters:
#: a date in digits is read with its separators only (a date written in words is another kind). A
#: year's third reading only picks the value shown (:data:`ocr.confidence.TIEBREAK_KINDS_EXCLUDED`).
DIGITS_MODEL_WHITELISTS = {**{kind: WHITELISTS[kind] for kind in ("registration_number", "book_number", "year")},
                           "date": "0123456789/.-"}
DIGITS_MODEL_KINDS = frozenset(DIGITS_MODEL_WHITELISTS)


def third_reread(engine, image: np.ndarray, *, dpi: int = 300,
                 digits_engine=None) -> Callable[[Box, str], tuple[str, float]]:
    """The ``reread(box, kind)`` of a third reading: registration and book numbers, years and dates
    binarised and read by ``digits_engine`` (nothing read without one: the page's model read them twice
    already), any other kind read by ``engine`` from the zone's gray."""
    gray = engine_reread(engine, image, dpi=dpi, binarise=False)
    digits = (engine_reread(digits_engine, image, dpi=dpi, whitelists=DIGITS_MODEL_WHITELISTS)
              if digits_engine is not None else None)

    def reread(box: Box, kind: str) -> tuple[str, float]:
        if kind in DIGITS_MODEL_KINDS:
            return digits(box, kind) if digits is not None else ("", 0.0)
        return gray(box, kind)

    return reread
