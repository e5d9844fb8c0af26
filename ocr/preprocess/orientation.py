"""Which way is up: text direction (0/90) from letter alignment, upside down (0/180) from line profiles.

Measured on rendered civil-status pages (``bench/preprocess.py --orientation``):
Tesseract's OSD (``--psm 0``) costs about 0.3 s on an A4 page at 300 dpi, nearly as
much as reading it, and gives no answer at all on heavily degraded pages; the
text-line analysis here costs a few milliseconds and was right on every page of the
same set. OSD is kept as a fallback when the text analysis is unsure.

- **Horizontal or vertical text**: the centres of letter-like components line up
  along text lines; the projection-profile peak (best angle within the skew range)
  is several times sharper along the lines than across them.
- **Upright or upside down**: in each text line, the rows where the line's ink
  profile is at least half its maximum are the x-height band. Vietnamese puts far
  more ink above that band (ascenders, capitals, and the tone and vowel marks on
  almost every word) than below it (descenders g p q y and the dot below), so the
  share of ink above versus below the band says which side is up. A form's rules are
  left out of the profiles (whole, or broken into dashes by a poor scan): the rule under
  a register's captions is more ink than the line's marks and says nothing about which
  side is up.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from dataclasses import dataclass

import cv2
import numpy as np

from ocr.preprocess.components import Ink
from ocr.preprocess.skew import estimate_skew

log = logging.getLogger(__name__)

#: A page reads as vertical text when the vertical peak beats the horizontal one by this factor.
VERTICAL_RATIO = 1.25
#: Below this |score| the upside-down decision is unsure (OSD may be asked).
UNSURE_BELOW = 0.12


@dataclass(frozen=True)
class TextDirection:
    """Whether text runs up/down the image, the skew of its lines and how clear that is."""

    vertical: bool
    ratio: float
    angle: float
    confidence: float


def letter_centres(boxes: np.ndarray, *, vertical: bool = False) -> np.ndarray:
    """Centres of the boxes, with x and y swapped for the vertical reading."""
    if len(boxes) == 0:
        return np.zeros((0, 2))
    centre_x = boxes[:, 0] + boxes[:, 2] / 2.0
    centre_y = boxes[:, 1] + boxes[:, 3] / 2.0
    return np.stack([centre_y, centre_x] if vertical else [centre_x, centre_y], axis=1)


def text_direction(letter_boxes: np.ndarray, *, max_skew_deg: float) -> TextDirection:
    """Compare how well letter centres line up horizontally and vertically."""
    horizontal = estimate_skew(letter_centres(letter_boxes), max_deg=max_skew_deg, fine=False)
    vertical = estimate_skew(letter_centres(letter_boxes, vertical=True), max_deg=max_skew_deg, fine=False)
    if horizontal.score <= 0 and vertical.score <= 0:
        return TextDirection(False, 1.0, 0.0, 0.0)
    is_vertical = vertical.score > horizontal.score * VERTICAL_RATIO
    best, other = (vertical, horizontal) if is_vertical else (horizontal, vertical)
    ratio = best.score / max(other.score, 1e-9)
    return TextDirection(is_vertical, ratio, best.angle, float(np.clip((ratio - 1) / 2, 0, 1)))


def text_lines(letter_boxes: np.ndarray, height: int) -> list[tuple[int, int]]:
    """Row ranges ``[top, bottom)`` of the text lines of an upright, deskewed view."""
    if len(letter_boxes) == 0:
        return []
    occupancy = np.zeros(height + 1, dtype=np.float64)
    tops = np.clip(letter_boxes[:, 1], 0, height)
    bottoms = np.clip(letter_boxes[:, 1] + letter_boxes[:, 3], 0, height)
    np.add.at(occupancy, tops, letter_boxes[:, 2])
    np.add.at(occupancy, bottoms, -letter_boxes[:, 2])
    occupancy = np.cumsum(occupancy)[:height]
    on = occupancy > occupancy.max() * 0.02
    edges = np.flatnonzero(np.diff(np.concatenate([[0], on.astype(np.int8), [0]])))
    return [(int(start), int(stop)) for start, stop in zip(edges[::2], edges[1::2], strict=True)]


def upright_score(ink: Ink) -> tuple[float, int]:
    """Positive when the view's text is upright, negative when upside down; and the lines used.

    ``(above − below) / (above + below)`` over every text line, where ``above`` and
    ``below`` are the ink outside the line's x-height band.
    """
    letters = ink.letter_boxes
    height = ink.mask.shape[0]
    letter_height = max(ink.letter_height, 1.0)
    mask = without_rules(ink.mask, letter_height)
    centres = letters[:, 1] + letters[:, 3] / 2.0 if len(letters) else np.zeros(0)
    above = below = 0.0
    used = 0
    lines = text_lines(letters, height)
    for index, (top, bottom) in enumerate(lines):
        members = letters[(centres >= top) & (centres < bottom)]
        if len(members) < 3 or bottom - top > 2.0 * float(np.median(members[:, 3])):
            continue  # (a block of lines run together: the band is one line's, the rest not "above" or "below")
        left, right = int(members[:, 0].min()), int((members[:, 0] + members[:, 2]).max())
        # Half a letter either side for the marks, but not past the middle of the gap to the next
        # line (its marks or descenders are not this line's).
        first = max(0, int(top - 0.5 * letter_height), (lines[index - 1][1] + top) // 2 if index else 0)
        last = min(height, int(bottom + 0.5 * letter_height),
                   (bottom + lines[index + 1][0] + 1) // 2 if index + 1 < len(lines) else height)
        profile = np.count_nonzero(mask[first:last, left:right], axis=1).astype(np.float64)
        if profile.max() <= 0:
            continue
        band = np.flatnonzero(profile >= 0.5 * profile.max())
        above += profile[:band[0]].sum()
        below += profile[band[-1] + 1:].sum()
        used += 1
    total = above + below
    return (float((above - below) / total) if total > 0 else 0.0), used


def without_rules(mask: np.ndarray, letter_height: float) -> np.ndarray:
    """The ink mask with only what may be a letter or a mark: no component larger than two and a
    half letters either way (a table's lines, a box, a book's fold, text run into a rule) and no
    thin flat piece (a rule a poor scan broke into dashes), which say nothing about which side is up."""
    binary = (mask > 0).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    widths, heights = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    limit = 2.5 * letter_height
    flat = (heights <= max(2.0, 0.3 * letter_height)) & (widths >= 3 * heights)
    keep = (widths <= limit) & (heights <= limit) & ~flat
    keep[0] = False  # the background
    return keep[labels].astype(np.uint8)


def osd_rotation(gray: np.ndarray, *, dpi: int = 300, timeout_s: float = 10.0) -> tuple[int, float] | None:
    """Tesseract's orientation detection: the clockwise turn that makes the page upright, and its confidence.

    ``None`` when Tesseract is missing, fails or finds too little text. Runs in this
    process through tesserocr with the OSD model loaded once (about 0.2 s an A4 page),
    else through the ``tesseract`` command (twice that: a process and a model load per
    call): used only when the text-line analysis is unsure.
    """
    detector = _osd_detector()
    if detector is not None:
        api, lock = detector
        try:
            from PIL import Image

            with lock:
                api.SetImage(Image.fromarray(gray))
                api.SetSourceResolution(int(dpi))
                result = api.DetectOrientationScript()
        except Exception as error:  # noqa: BLE001 - any failure means "no opinion"
            log.debug("OSD gave no answer: %s", type(error).__name__)
            return None
        if not result:
            return None
        # Tesseract reports the page's orientation (counter-clockwise); the turn that undoes it is the opposite.
        return (-int(result.get("orient_deg", 0))) % 360, float(result.get("orient_conf", 0.0))
    return _osd_by_command(gray, dpi=dpi, timeout_s=timeout_s)


#: Tesseract's ``min_characters_to_try`` for OSD (it classifies up to five times as many letters).
OSD_MIN_CHARACTERS = 30


@functools.cache
def _osd_detector():
    """One in-process OSD engine per process and a lock for it, or ``None`` without tesserocr or ``osd``."""
    from ocr.engine import EngineConfig, find_tessdata_dir, import_tesserocr

    try:
        tesserocr = import_tesserocr()  # (the thread limit and Leptonica's silence set as for reading)
    except ImportError:
        return None

    tessdata = find_tessdata_dir(EngineConfig())
    if not tessdata or not os.path.exists(os.path.join(tessdata, "osd.traineddata")):
        return None
    try:
        api = tesserocr.PyTessBaseAPI(path=tessdata, lang="osd", psm=tesserocr.PSM.OSD_ONLY)
        # Classify at most 150 letters instead of 250: the same turns on every page measured
        # (120 corpus pages × 3 turns), a quarter less time.
        api.SetVariable("min_characters_to_try", str(OSD_MIN_CHARACTERS))
    except Exception as error:  # noqa: BLE001 - fall back to the command
        log.debug("in-process OSD unavailable: %s", type(error).__name__)
        return None
    return api, threading.Lock()


def _osd_by_command(gray: np.ndarray, *, dpi: int, timeout_s: float) -> tuple[int, float] | None:
    """:func:`osd_rotation` through pytesseract and the ``tesseract`` command."""
    try:
        import pytesseract
    except ImportError:
        return None
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        from PIL import Image

        # pytesseract hands Tesseract a temporary file in the image's format, PNG by default, whose
        # compression costs more than the OSD itself on a large page: an uncompressed BMP is instant.
        picture = Image.fromarray(gray)
        picture.format = "BMP"
        result = pytesseract.image_to_osd(picture, config=f"--psm 0 --dpi {int(dpi)}", timeout=timeout_s,
                                          output_type=pytesseract.Output.DICT)
    except Exception as error:  # noqa: BLE001 - any failure means "no opinion"
        log.debug("OSD gave no answer: %s", type(error).__name__)
        return None
    rotate = int(result.get("rotate", 0)) % 360
    return rotate, float(result.get("orientation_conf", 0.0))
