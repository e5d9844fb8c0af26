"""Photometric cleaning: channel choice, illumination and contrast normalisation, denoising, binarisation.

The expensive statistics (paper background, local mean and deviation for Sauvola)
are computed on the small analysis image and only resized to the page's full
resolution, so the full-resolution work is a few linear passes.
"""

from __future__ import annotations

import cv2
import numpy as np

from ocr.preprocess.connected import component_count, connected_components
from ocr.preprocess.types import PreprocessOptions


def to_gray(image: np.ndarray, *, suppress_red: bool) -> tuple[np.ndarray, bool]:
    """Gray ``uint8`` for OCR from a BGR(A) or gray image; ``True`` when red ink was read out.

    Red stamps and red printed frames are bright in the red channel while black print
    and blue ballpoint stay dark there, so the red channel alone reads the stamp out and
    keeps the text under it. It is used only when the page shows red ink; otherwise the
    usual luminance is kept.
    """
    if image.ndim == 2:
        return image, False
    if image.ndim != 3 or image.shape[2] not in (3, 4):
        raise ValueError(f"expected a gray or BGR image, got shape {image.shape}")
    bgr = image[:, :, :3]
    if suppress_red and has_red_ink(bgr):
        return np.ascontiguousarray(cv2.extractChannel(bgr, 2)), True
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY), False


def has_red_ink(bgr: np.ndarray, *, min_fraction: float = 0.0005) -> bool:
    """Whether a noticeable share of the image is saturated red (a stamp, a red frame)."""
    step = max(1, int(round(max(bgr.shape[:2]) / 500)))
    sample = bgr[::step, ::step].astype(np.int16)
    blue, green, red = sample[:, :, 0], sample[:, :, 1], sample[:, :, 2]
    redness = red - np.maximum(blue, green)
    red_ink = (redness > 60) & (red > 110)
    return float(red_ink.mean()) >= min_fraction


def downscale(gray: np.ndarray, factor: int) -> np.ndarray:
    """Area-average by an integer ``factor`` (the fast path of ``cv2.INTER_AREA``).

    The image is trimmed to a multiple of ``factor`` first; a small pixel ``i`` covers the
    original pixels ``factor·i .. factor·i + factor − 1``.
    """
    if factor <= 1:
        return gray
    rows, cols = (gray.shape[0] // factor) * factor, (gray.shape[1] // factor) * factor
    return cv2.resize(gray[:rows, :cols], (cols // factor, rows // factor), interpolation=cv2.INTER_AREA)


def estimate_background(gray: np.ndarray, kernel: int) -> np.ndarray:
    """The paper's brightness under the ink, same size as ``gray``.

    A grey-level closing wider than a letter removes the text; it runs on a quarter-size
    copy for speed, and a light blur smooths the result.
    """
    factor = 4 if min(gray.shape) >= 200 else 1
    small = downscale(gray, factor)
    size = max(3, int(round(kernel / factor)) | 1)
    element = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    # A closing (not a bare max filter) keeps the paper's own edges where they are.
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, element)
    closed = cv2.GaussianBlur(closed, (5, 5), 0)
    return cv2.resize(closed, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)


def flatten(gray: np.ndarray, background: np.ndarray) -> np.ndarray:
    """Divide out the background: paper becomes 255 everywhere, ink keeps its contrast to the paper."""
    return cv2.divide(gray, background, scale=255)


def levels(gray: np.ndarray, mask: np.ndarray | None = None) -> tuple[float, float]:
    """``(ink, paper)`` gray levels: the medians of Otsu's two classes."""
    histogram = cv2.calcHist([gray], [0], mask, [256], [0, 256]).ravel()
    total = histogram.sum()
    if total == 0:
        return 0.0, 255.0
    threshold = _otsu_from_histogram(histogram)
    cumulative = np.cumsum(histogram)
    dark, light = cumulative[threshold], total - cumulative[threshold]
    paper = float(np.searchsorted(cumulative, cumulative[threshold] + light * 0.5)) if light else 255.0
    ink = float(np.searchsorted(cumulative, dark * 0.5)) if dark else paper
    return ink, paper


def _otsu_from_histogram(histogram: np.ndarray) -> int:
    probabilities = histogram / histogram.sum()
    omega = np.cumsum(probabilities)
    mu = np.cumsum(probabilities * np.arange(256))
    mu_total = mu[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mu_total * omega - mu) ** 2 / (omega * (1 - omega))
    between = np.nan_to_num(between)
    return int(np.argmax(between))


def ink_threshold(flat: np.ndarray) -> float:
    """A global threshold for ink on a flattened image, kept clear of the paper's noise.

    Otsu's threshold, but never closer to white than four noise deviations of the paper,
    so an empty or faint page does not turn its grain into ink.
    """
    histogram = cv2.calcHist([flat], [0], None, [256], [0, 256]).ravel()
    if histogram.sum() == 0:
        return 128.0
    otsu = _otsu_from_histogram(histogram)
    median, spread = _paper_level_and_spread(histogram)
    sigma = max(2.0, spread)
    return float(min(max(otsu, 60), median - 4 * sigma, 235))


def paper_noise(flat: np.ndarray) -> float:
    """The spread of the paper's gray levels on a flattened image (median minus 16th percentile):
    the noise deviation :func:`ink_threshold` keeps the ink clear of; 0 for an empty image."""
    histogram = cv2.calcHist([flat], [0], None, [256], [0, 256]).ravel()
    return _paper_level_and_spread(histogram)[1] if histogram.sum() else 0.0


def _paper_level_and_spread(histogram: np.ndarray) -> tuple[int, float]:
    """The median gray level of a non-empty histogram, and the paper's noise from the upper half of
    the distribution around it (median minus 16th percentile)."""
    cumulative = np.cumsum(histogram) / histogram.sum()
    median = int(np.searchsorted(cumulative, 0.5))
    return median, float(median - int(np.searchsorted(cumulative, 0.16)))


def stretch_contrast(gray: np.ndarray, ink: float, paper: float) -> np.ndarray:
    """Map ``ink`` to black and ``paper`` to white linearly (a lookup table)."""
    ink = min(ink, paper - 16)
    lut = np.clip((np.arange(256, dtype=np.float32) - ink) * 255.0 / (paper - ink), 0, 255).astype(np.uint8)
    return cv2.LUT(gray, lut)


def denoise(gray: np.ndarray) -> np.ndarray:
    """Light denoising: a 3×3 median removes specks and JPEG ringing but keeps a 3-pixel dot."""
    return cv2.medianBlur(gray, 3)


def _median_survivors(unsmoothed: np.ndarray, smooth: np.ndarray, ink_below: int
                      ) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """The ink components of ``unsmoothed`` and which of them kept some ink in ``smooth`` (its 3×3
    median): ``count, labels, stats, kept`` (the background, label 0, never kept)."""
    ink = cv2.compare(unsmoothed, ink_below, cv2.CMP_LT)
    count, labels, stats, _ = connected_components(ink, 8)
    kept = np.zeros(count, dtype=bool)
    kept[np.unique(labels[smooth < ink_below])] = True
    kept[0] = False
    return count, labels, stats, kept


def restore_strokes(unsmoothed: np.ndarray, smooth: np.ndarray, letter_height: float, *,
                    ink_below: int = 150) -> np.ndarray:
    """``smooth`` (the 3×3 median of ``unsmoothed``) with the letters' hairlines put back: the median
    wipes out a line one pixel wide, and a high-contrast face's hairlines (a display serif's N, M
    and A, the strokes of its tone marks) go with the grain, so Tesseract reads "NGUYỄN THỊ MAI"
    as "NGUYÊN IIII XLAI" and "Giới tính" as "Giơltfính". Every ink component of letter size that the
    median thinned but did not remove gets its own pixels back; a speck the median removed stays
    removed, and rules and frames (no letter's size) stay as the median left them. For a second
    reading: on a ragged, grainy page the letters' edges come back with it."""
    if letter_height <= 0 or unsmoothed.shape != smooth.shape:
        return smooth
    count, labels, stats, kept = _median_survivors(unsmoothed, smooth, ink_below)
    if count < 2:
        return smooth
    widths, heights = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    letter_sized = (heights <= 2.2 * letter_height) & (widths <= 10 * letter_height)
    letter_sized &= ~((heights <= 0.25 * letter_height) & (widths > 1.5 * letter_height))  # a rule's piece
    restored = (kept & letter_sized)[labels]
    return np.where(restored, np.minimum(unsmoothed, smooth), smooth)


def hairline_fragments(page, *, ink_below: int = 150) -> float:
    """Ink pieces the light denoising wiped out whole, per letter, on a prepared page
    (:class:`~ocr.preprocess.types.PreparedPage`) that kept its unsmoothed gray. On a page without
    grain (low ``speckle``) they are the pieces of a display face's hairlines: about one a letter
    there, next to none on a text face's page. 0.0 when the page was not denoised."""
    letter = page.letter_height
    if page.unsmoothed is None or letter <= 0:
        return 0.0
    count, _, stats, kept = _median_survivors(page.unsmoothed, page.gray, ink_below)
    if count < 2:
        return 0.0
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    letters = int(np.count_nonzero((heights >= letter / 2) & (heights <= 2 * letter)))
    return float(np.count_nonzero(~kept[1:])) / max(letters, 20)


def median_denoise(gray: np.ndarray) -> np.ndarray:
    """A 5×5 median: rounds ragged, blotchy strokes (phone pictures, JPEG) a little more than
    :func:`denoise`; a few milliseconds, but it thins small type, so it is for a second reading."""
    return cv2.medianBlur(gray, 5)


def strong_denoise(gray: np.ndarray) -> np.ndarray:
    """Non-local means at half resolution, for grainy and speckled scans the 3×3 median leaves
    noisy: Tesseract reads the grain as letters and loses the lines. Kept for a second reading
    (it costs about a second on an A4 page and softens clean type)."""
    height, width = gray.shape[:2]
    half = cv2.resize(gray, (max(1, width // 2), max(1, height // 2)), interpolation=cv2.INTER_AREA)
    cleaned = cv2.fastNlMeansDenoising(half, None, h=25, templateWindowSize=7, searchWindowSize=15)
    return cv2.resize(cleaned, (width, height), interpolation=cv2.INTER_LINEAR)


def _ink_components(gray: np.ndarray) -> tuple[int, np.ndarray, np.ndarray, np.ndarray, float]:
    """The ink's connected components (Otsu's split) and the height of a letter among them: ``count,
    labels, stats, centres, letter`` (``letter`` 20 px when there are fewer than three)."""
    threshold, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # Otsu's split puts its threshold in the ink class (on a bilevel page it *is* the ink's level).
    _, ink = cv2.threshold(gray, threshold, 1, cv2.THRESH_BINARY_INV)
    count, labels, stats, centres = connected_components(ink, 8)
    if count < 3:
        return count, labels, stats, centres, 20.0
    return count, labels, stats, centres, _letter_height(stats[1:, cv2.CC_STAT_HEIGHT])


def _letter_height(heights: np.ndarray) -> float:
    """A letter's height among the heights of the ink's pieces: the median of those at least 0.4 of
    the 90th percentile (specks and marks left out); 20 px when there are none."""
    if not len(heights):
        return 20.0
    tall = heights[heights >= np.percentile(heights, 90) * 0.4]
    return float(np.median(tall)) if len(tall) else 20.0


def despeckle(gray: np.ndarray) -> np.ndarray:
    """Grain whited out speck by speck: after a 3×3 median, every ink speck smaller than 0.45 of a
    letter (the dust of a photocopy reaches the size of a small letter's bowl) that lies clear of the
    letters goes; a speck near a letter stays (it may be a tone mark or the dot below of "ạ"). The
    letters themselves are left as they are, where a smoothing filter (:func:`strong_denoise`)
    softens the faint, blurred strokes of a poor scan along with the grain; and it costs tens of
    milliseconds where that costs a second."""
    smooth = cv2.medianBlur(gray, 3)
    specks = _specks_clear_of_letters(smooth)
    if specks is None:
        return smooth
    labels, stats, clear, _ = specks
    return _whitened(smooth, labels, stats, np.flatnonzero(clear))


def _specks_clear_of_letters(smooth: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float] | None:
    """The ink specks of a page that lie clear of its letters (see :func:`despeckle`): ``labels,
    stats, clear, letter``, ``clear`` true for the specks' labels; ``None`` for a page with no ink."""
    count, labels, stats, _, letter = _ink_components(smooth)
    if count < 3:
        return None
    widths, heights = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    small = np.maximum(widths, heights) <= letter * 0.45
    small[0] = False
    # Rules and frames are no letters: the grain along them goes too.
    lettered = ~small & (widths <= 4 * letter) & (heights <= 3 * letter)
    lettered[0] = False
    letters = np.uint8(lettered[labels]) * 255
    # Marks sit over and under their letters (a dot below well under its letter), seldom beside them:
    # the reach is 0.4 of a letter up and down, 0.3 across.
    across, down = max(3, int(letter * 0.6)) | 1, max(3, int(letter * 0.8)) | 1
    near_letters = cv2.dilate(letters, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (across, down)))
    kept = np.zeros(count, dtype=bool)
    kept[np.unique(labels[near_letters > 0])] = True
    return labels, stats, small & ~kept, letter


def grain_blobs(gray: np.ndarray) -> float:
    """Blobs of ink per megapixel in Otsu's binarisation of ``gray``, the one Tesseract makes of the
    page it is given. A page of text has a few hundred (letters, marks, leader dots: at most 912 on
    1,237 generated scans, photos and spreads); a grainy scan enlarged two or three times, its
    grain gray where the paper should be white, has thousands, and Tesseract's layout analysis
    spends minutes on them (past its own timeout, which it checks only while reading words) and
    finds almost no words."""
    if gray.size == 0:
        return 0.0
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return component_count(ink) / (gray.size / 1e6)


def dust_ratio(gray: np.ndarray) -> float:
    """Dust on a page whose dotted leaders are gone: specks a fifth to 0.45 of a letter across lying
    clear of the letters (:func:`despeckle` removes them), per letter. Grain is counted by
    :func:`speckle_ratio`; dust is bigger and sparser (a photocopier's or a scanner glass's), and
    Tesseract's layout analysis strings it into lines of its own and merges the text lines between.
    About 0.1 on a clean page, 1 and more on a dusty one. Measured at half the page's resolution, in
    a quarter of the time: a prepared page's capitals are 22 to 38 pixels tall, so the smallest dust
    counted is still two pixels and more there."""
    height, width = gray.shape[:2]
    half = cv2.resize(gray, (max(1, width // 2), max(1, height // 2)), interpolation=cv2.INTER_AREA)
    specks = _specks_clear_of_letters(cv2.medianBlur(half, 3))
    if specks is None:
        return 0.0
    _, stats, clear, letter = specks
    widths, heights = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    dust = int(np.count_nonzero(clear & (np.maximum(widths, heights) >= letter * 0.2)))
    letters = int(np.count_nonzero((heights[1:] >= letter / 2) & (heights[1:] <= 2 * letter)))
    return dust / max(letters, 20)


def speckle_ratio(binary: np.ndarray, cap_height: float) -> float:
    """Grain the light denoising left: ink specks per letter on a binary page (0 ink, 255 paper).

    A speck is a connected component of ink much smaller than a dot of the text (at most
    an eighth of the capital height square, and 2 pixels); a letter is a component
    between half and twice the capital height tall. A clean page scores about 0–2 (accents
    and leader dots of a small type count a little), a grainy scan 10 and more: there
    Tesseract reads the grain as letters and the page wants :func:`strong_denoise`.
    """
    if binary.size == 0 or cap_height <= 0:
        return 0.0
    ink = cv2.compare(binary, 128, cv2.CMP_LT)
    _, _, stats, _ = connected_components(ink, 8)
    areas, heights = stats[1:, cv2.CC_STAT_AREA], stats[1:, cv2.CC_STAT_HEIGHT]
    specks = int(np.count_nonzero(areas <= max(2.0, (cap_height / 8) ** 2)))
    letters = int(np.count_nonzero((heights >= cap_height / 2) & (heights <= 2 * cap_height)))
    return specks / max(letters, 20)


def sauvola_surface(flat_small: np.ndarray, window: int, k: float, dynamic_range: float = 128.0) -> np.ndarray:
    """Sauvola's threshold ``m·(1 + k·(s/R − 1))`` over ``window``-pixel neighbourhoods, as float32."""
    window = max(3, int(window) | 1)
    mean = cv2.boxFilter(flat_small, cv2.CV_32F, (window, window), borderType=cv2.BORDER_REFLECT)
    mean_sq = cv2.sqrBoxFilter(flat_small, cv2.CV_32F, (window, window), borderType=cv2.BORDER_REFLECT)
    deviation = cv2.sqrt(cv2.max(mean_sq - cv2.multiply(mean, mean), 0.0))
    return mean * (1 + k * (deviation / dynamic_range - 1))


def binarize(gray: np.ndarray, analysis_flat: np.ndarray | None, options: PreprocessOptions,
             *, window: int) -> np.ndarray:
    """0 for ink, 255 for paper, from the cleaned full-resolution ``gray``.

    ``sauvola``: the threshold surface is computed on the small analysis image, cleaned
    the same way as ``gray`` (``window`` in its pixels), and resized to the page, which costs a few milliseconds
    where a full-resolution Sauvola costs tens. ``otsu``: one global threshold.
    """
    if options.binarization == "otsu" or analysis_flat is None:
        _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        return binary
    # Sauvola's statistics vary over a window of several letters: half the analysis grid is plenty.
    coarse = downscale(analysis_flat, 2) if min(analysis_flat.shape) >= 200 else analysis_flat
    window = max(3, window // 2) if coarse is not analysis_flat else window
    surface = np.clip(sauvola_surface(coarse, window, options.sauvola_k), 0, 255).astype(np.uint8)
    # The surface lives on the analysis image's grid, which the page covers exactly.
    surface = cv2.resize(surface, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    return cv2.compare(gray, surface, cv2.CMP_GT)


def remove_dotted_leaders(gray: np.ndarray) -> np.ndarray:
    """White out dotted leaders (chains of small dots on one line), dashed ones (:func:`_dashes`)
    and a comb's hairline ticks: Tesseract's page layout analysis drops whole lines that carry
    them, and the dots left in the gaps between the words of a value written over a leader are
    read as full stops (``NGUYỄN.VĂN``).

    A *seed* is a small dot with two others close by on its line (a chain). Then every
    other dot of the seeds' size on a seed's line, up to a dozen letters away, goes too:
    those are the leader's dots showing between the words written over it.
    """
    count, labels, stats, centres, letter = _ink_components(gray)
    if count < 3:
        return gray
    limit = max(3, int(letter * 0.3))
    widths_all, heights_all = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    # Hairline ticks: the dashes left of a comb of dotted boxes ("Số định danh [0][9][4]…"), far
    # flatter than any mark of a letter (a dot below, a breve, a tilde); Tesseract drops the whole
    # line of digits they frame.
    ticks = np.flatnonzero((heights_all <= max(1.0, letter * 0.06)) & (widths_all >= 2 * heights_all)
                           & (widths_all <= letter * 0.3))
    ticks = ticks[ticks > 0]
    if len(ticks):
        # Only ticks in a row of them, a box's width apart (the comb): not a speck alone.
        tick_xs, tick_ys = centres[ticks, 0], centres[ticks, 1]
        ticks = ticks[points_near(tick_xs, tick_ys, tick_xs, tick_ys, letter * 3, max(1.0, letter * 0.05)) >= 3]
    strokes = np.concatenate([ticks, _dashes(gray, stats, centres, letter)])  # (whatever the dots)
    small = np.where((widths_all <= limit) & (heights_all <= limit))[0]
    small = small[small > 0]
    if len(small) < 3:
        return _whitened(gray, labels, stats, strokes) if len(strokes) else gray
    reach = limit * 4
    tolerance = max(2.0, limit * 0.5)
    xs, ys = centres[small, 0], centres[small, 1]
    # (each dot counts itself: a seed has two others near it)
    seeds = small[points_near(xs, ys, xs, ys, reach, tolerance, right_open=True) >= 3]
    if not len(seeds):
        return _whitened(gray, labels, stats, strokes) if len(strokes) else gray
    doomed = np.zeros(count, dtype=bool)
    doomed[strokes] = True
    doomed[seeds] = True
    seed_w = float(np.median(widths_all[seeds]))
    seed_h = float(np.median(heights_all[seeds]))
    others = small[~doomed[small]]
    # A full stop or a comma of the text is bigger than the leader's dots.
    others = others[(widths_all[others] <= 1.6 * seed_w + 1) & (heights_all[others] <= 1.6 * seed_h + 1)]
    near_seed = points_near(centres[seeds, 0], centres[seeds, 1], centres[others, 0], centres[others, 1],
                            letter * 12, tolerance) > 0
    doomed[others[near_seed]] = True
    return _whitened(gray, labels, stats, np.flatnonzero(doomed))


#: Ink inside a letter's closed bowl is a dot (a dotted zero's, a speck) when it spans at most this
#: share of the bowl's width and height (a dotted zero's dot: 0.4 × 0.25; a digit in a comb's box
#: fills 0.6 of its height and more; a tick in a check box runs out of it).
DOT_IN_BOWL_BELOW = 0.5
#: The ink is split from the paper this far below Otsu's threshold to find the dots: at Otsu's the
#: blur joins a dotted zero's dot to its ring ("θ").
DOT_THRESHOLD_SHARE = 0.8


def painted_paper(gray: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    """``gray`` with the pixels of ``mask`` (:func:`dots_in_bowls`, :func:`comb_ruling`) painted paper."""
    return gray if mask is None else np.where(mask, np.uint8(255), gray)


def dots_in_bowls(gray: np.ndarray) -> np.ndarray | None:
    """The pixels of the dots of ink inside letters' closed bowls (``None`` when none): the dot of a dotted
    zero (monospace faces such as Liberation Mono, which stands in for Courier New), which Tesseract
    reads as 6, 8 or 9 ("01/2000" read "01/2666"), or a speck in an "o". A bowl is a hole in the ink
    a quarter of a letter's height to 1.2 letters tall; what lies in it and spans less than
    :data:`DOT_IN_BOWL_BELOW` of it goes (a table's cells and a comb's boxes with their digits stay)."""
    otsu, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    _, ink = cv2.threshold(gray, otsu * DOT_THRESHOLD_SHARE, 255, cv2.THRESH_BINARY_INV)
    contours, hierarchy = cv2.findContours(ink, cv2.RETR_TREE, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return None
    parent = hierarchy[0][:, 3]
    # Outlines nest: ink's outer edge (even depth), a hole's edge inside it (odd), ink inside the hole.
    depth = np.zeros(len(parent), dtype=int)
    above = parent.copy()
    while (inside := above >= 0).any():
        depth += inside
        above = np.where(inside, parent[np.maximum(above, 0)], -1)
    islands = np.flatnonzero((depth % 2 == 0) & (parent >= 0))
    if not len(islands):
        return None
    boxes = np.array([cv2.boundingRect(contour) for contour in contours])
    letter = _letter_height(boxes[depth % 2 == 0, 3])
    mask = None
    for island in islands:
        _, _, hole_w, hole_h = boxes[parent[island]]
        if not 0.25 * letter <= hole_h <= 1.2 * letter or hole_w > 1.5 * letter:
            continue
        _, _, width, height = boxes[island]
        if width > DOT_IN_BOWL_BELOW * hole_w or height > DOT_IN_BOWL_BELOW * hole_h:
            continue
        mask = np.zeros(gray.shape, dtype=np.uint8) if mask is None else mask
        # (with its blurred rim, a pixel round it)
        cv2.drawContours(mask, contours, int(island), 1, thickness=cv2.FILLED)
        cv2.drawContours(mask, contours, int(island), 1, thickness=3)
    return None if mask is None else mask.astype(bool)


#: A comb's box sides: upright strokes 0.8 to 2.2 letters tall, at least this many in a row a like
#: gap apart (a row of check boxes, "Đúng hạn ☐ Quá hạn ☐", has three, far apart)...
COMB_SIDES_AT_LEAST = 6
#: ...and this many once its broken end sides are added: the ten sides of an old identity card's
#: nine boxes (the stems of a word, "năm", hanging from the leader of the line above, made
#: seven).
COMB_SIDES = 10
#: Each gap between a comb's sides is within this share of its first gap.
COMB_GAP_SPREAD = 0.12
#: And a line over them, their tops its top, along this share of the comb's width at least.
COMB_RULED_SHARE = 0.6


def comb_ruling(gray: np.ndarray) -> np.ndarray | None:
    """The pixels of the ruling of combs of boxes (``None`` when there is none): the row of boxes
    a form prints for an ID's digits, one in each box. Tesseract reads its sides as ones and strokes
    between the digits ("(0i710/2/0|2/1/2/1|0|014]" for 070202121004). The sides are upright strokes a
    box tall, level, a like gap apart (:data:`COMB_GAP_SPREAD`), at least :data:`COMB_SIDES_AT_LEAST`
    in a row and :data:`COMB_SIDES` with the broken ones at its ends, hanging from a line over them
    (:data:`COMB_RULED_SHARE`); the sides and the lines over and under them go. A comb is printed
    fainter than the text: its ink is split from the paper half way between Otsu's threshold and the
    paper. Digits are shorter than a box, and stay."""
    count, _, _, _, letter = _ink_components(gray)
    if count < COMB_SIDES_AT_LEAST:
        return None
    otsu, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    paper = float(np.median(gray[::4, ::4]))
    _, ink = cv2.threshold(gray, otsu + 0.5 * max(0.0, paper - otsu), 255, cv2.THRESH_BINARY_INV)
    upright = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                               cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(3, int(0.7 * letter)))))
    _, labels, boxes, _ = connected_components(upright, 8)
    width, height = boxes[1:, 2], boxes[1:, 3]
    sides = np.flatnonzero((height >= 0.8 * letter) & (height <= 2.2 * letter) & (width <= 0.25 * letter)) + 1
    if len(sides) < COMB_SIDES_AT_LEAST:
        return None
    mask = None
    reach = max(2, int(0.2 * letter))
    strokes = np.flatnonzero(width <= 0.25 * letter) + 1
    for comb in _combs(boxes, _by_line(boxes, sides, letter), letter):
        comb = _comb_ends(ink, boxes, comb, strokes)
        if len(comb) < COMB_SIDES:
            continue
        left = int(boxes[comb, 0].min())
        right = int((boxes[comb, 0] + boxes[comb, 2]).max())
        edges = (int(np.median(boxes[comb, 1])), int(np.median(boxes[comb, 1] + boxes[comb, 3])))
        bands = [(slice(max(0, edge - reach), edge + reach), slice(left, right)) for edge in edges]
        lines = [cv2.morphologyEx(ink[band], cv2.MORPH_OPEN,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(0.5 * letter)), 1)))
                 for band in bands]
        # The sides hang from the line over them (their tops are its top): a word's stems, level and
        # evenly spaced under a rule, stand clear of it. (The line under a comb is often printed broken.)
        top_row = slice(max(0, edges[0] - 1), edges[0] + 2)
        joined = cv2.morphologyEx(ink[top_row, left:right], cv2.MORPH_OPEN,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(0.5 * letter)), 1)))
        if np.count_nonzero(joined.any(axis=0)) < COMB_RULED_SHARE * (right - left):
            continue
        mask = np.zeros(ink.shape, dtype=bool) if mask is None else mask
        # The comb's sides and lines, drawn in the comb's box only.
        top, x0 = max(0, edges[0] - 2 * reach), max(0, left - reach)
        box = (slice(top, edges[1] + 2 * reach), slice(x0, right + reach))
        ruling = np.zeros(ink[box].shape, dtype=np.uint8)
        bottom = top + ruling.shape[0]
        for side in comb:
            # (a side running past the comb's usual top or bottom, joined to a stroke there, is
            # cut at the box: what it joined stays)
            x, y, w, h = boxes[side, :4]
            y0, y1 = max(y, top), min(y + h, bottom)
            if y1 <= y0:
                continue
            window = (slice(y0, y1), slice(x, x + w))
            ruling[y0 - top:y1 - top, x - x0:x - x0 + w][labels[window] == side] = 255
        for (rows, _), line in zip(bands, lines, strict=True):
            ruling[rows.start - top:rows.stop - top, left - x0:right - x0] |= line
        # (with the faint rim the threshold left, a pixel round it)
        mask[box] |= cv2.dilate(ruling, np.ones((3, 3), np.uint8)) > 0
    return mask


def _comb_ends(ink: np.ndarray, boxes: np.ndarray, comb: np.ndarray, strokes: np.ndarray) -> np.ndarray:
    """The comb's sides with the broken ones at its ends added: upright strokes (``strokes``) within
    its band, at least 0.4 of a side tall, a gap beyond its first or last side, under the line over
    the comb (a digit touching a side, the print's breaks, leave a side shorter than the others; the
    caption's letters before the comb, "nhân", are not under its line)."""
    gap = float(np.median(np.diff(boxes[comb, 0])))
    top, bottom = np.median(boxes[comb, 1]), np.median(boxes[comb, 1] + boxes[comb, 3])
    tall = bottom - top
    fits = strokes[(boxes[strokes, 1] >= top - 0.2 * tall)
                   & (boxes[strokes, 1] + boxes[strokes, 3] <= bottom + 0.2 * tall)
                   & (boxes[strokes, 3] >= 0.4 * tall)]
    over = ink[max(0, int(top) - 1):int(top) + 2].any(axis=0)
    sides = list(comb)
    for step in (-1, 1):
        while True:
            end = boxes[sides[0] if step < 0 else sides[-1], 0]
            near = fits[np.abs(boxes[fits, 0] - (end + step * gap)) <= 0.2 * gap]
            if not len(near):
                break
            first, last = sorted((int(end), int(boxes[near[0], 0])))
            if np.count_nonzero(over[first:last + 1]) < COMB_RULED_SHARE * (last - first + 1):
                break
            sides = [int(near[0]), *sides] if step < 0 else [*sides, int(near[0])]
    return np.array(sides)


def _by_line(boxes: np.ndarray, labels: np.ndarray, letter: float) -> np.ndarray:
    """The components ``labels`` ordered line by line (tops within a quarter letter of the line's
    first: a comb's sides, not the digits' strokes in its boxes), left to right on each line."""
    by_top = labels[np.argsort(boxes[labels, 1], kind="stable")]
    lines, line = [], [by_top[0]]
    for label in by_top[1:]:
        if boxes[label, 1] - boxes[line[0], 1] <= 0.25 * letter:
            line.append(label)
        else:
            lines.append(line)
            line = [label]
    lines.append(line)
    return np.concatenate([np.array(line)[np.argsort(boxes[line, 0], kind="stable")] for line in lines])


def _combs(boxes: np.ndarray, sides: np.ndarray, letter: float) -> list[np.ndarray]:
    """The runs of upright strokes (labels ``sides``, ordered by line then x) that are combs' box
    sides: level with each other, a like gap apart, half a letter to 2.5 letters."""
    combs: list[np.ndarray] = []
    run = [sides[0]]

    def close(run: list[int]) -> None:
        if len(run) >= COMB_SIDES_AT_LEAST:
            combs.append(np.array(run))

    for side in sides[1:]:
        last = run[-1]
        gap = boxes[side, 0] - boxes[last, 0]
        # (level tops: where the line under the boxes is printed broken, the sides end short of it)
        level = abs(boxes[side, 1] - boxes[last, 1]) <= 0.25 * letter
        # (a comb's boxes are printed a like width to a pixel or two; a word's stems are not)
        first_gap = boxes[run[1], 0] - boxes[run[0], 0] if len(run) >= 2 else gap
        steady = abs(gap - first_gap) <= COMB_GAP_SPREAD * max(gap, 1)
        if level and 0.5 * letter <= gap <= 2.5 * letter and steady:
            run.append(side)
        else:
            close(run)
            run = [side]
    close(run)
    return combs


#: The gray the middle of a gap between two dashes of a leader is lighter than (paper; a faint
#: rule broken up by the binarisation is darker there).
GAP_PAPER_ABOVE = 225


def _dashes(gray: np.ndarray, stats: np.ndarray, centres: np.ndarray, letter: float) -> np.ndarray:
    """The labels of a dashed leader's dashes: thin strokes a third to one letter long, at least
    three in a row on one line, alike in length and a like gap apart ("Lê Thị Hạnh" written over
    "- - - - -"). Tesseract's layout analysis drops the value lines written over such a leader, as
    over a dotted one. A hyphen alone or two in a date is not a row; a table's rule is longer than
    any dash, and a faint rule the binarisation broke into pieces is still gray between them, where
    a leader's gaps are paper."""
    widths, heights = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    candidates = np.flatnonzero((heights <= max(3.0, letter * 0.15)) & (widths >= np.maximum(4, 2.5 * heights))
                                & (widths >= letter * 0.3) & (widths <= letter * 1.2))
    candidates = candidates[candidates > 0]
    if len(candidates) < 3:
        return candidates[:0]
    tolerance = max(1.5, letter * 0.08)
    by_height = candidates[np.argsort(centres[candidates, 1], kind="stable")]
    ys = centres[by_height, 1]
    lines = np.split(by_height, np.flatnonzero(np.diff(ys) > tolerance) + 1)
    found: list[np.ndarray] = []
    for line in lines:
        if len(line) < 3:
            continue
        line = line[np.argsort(stats[line, cv2.CC_STAT_LEFT], kind="stable")]
        lefts, lengths = stats[line, cv2.CC_STAT_LEFT], widths[line]
        gaps = lefts[1:] - (lefts[:-1] + lengths[:-1])
        # Two dashes of a leader: a gap of a fifth of a letter to a letter between them, of paper.
        joined = (gaps >= max(3.0, letter * 0.15)) & (gaps <= letter)
        row = int(round(float(np.median(centres[line, 1]))))
        band = gray[max(0, row - 1):row + 2].min(axis=0)
        for index in np.flatnonzero(joined):
            start = lefts[index] + lengths[index]
            middle = band[start + gaps[index] // 3:start + gaps[index] - gaps[index] // 3]
            joined[index] = middle.size > 0 and float(middle.mean()) >= GAP_PAPER_ABOVE
        for run in np.split(np.arange(len(line)), np.flatnonzero(~joined) + 1):
            if len(run) < 3:
                continue
            run_lengths, run_gaps = lengths[run], gaps[run[:-1]]
            if (np.abs(run_lengths - np.median(run_lengths)) <= 0.35 * np.median(run_lengths) + 1).mean() >= 0.8 \
                    and (np.abs(run_gaps - np.median(run_gaps)) <= 0.5 * np.median(run_gaps) + 1).mean() >= 0.8:
                found.append(line[run])
    return np.concatenate(found) if found else candidates[:0]


def _whitened(gray: np.ndarray, labels: np.ndarray, stats: np.ndarray, doomed: np.ndarray) -> np.ndarray:
    """``gray`` with the components ``doomed`` (labels of ``labels``) painted paper white."""
    out = gray.copy()
    if len(doomed) > 4000:  # a lookup by label: one pass over the page, where np.isin sorts it
        mask = np.zeros(len(stats), dtype=bool)
        mask[doomed] = True
        out[mask[labels]] = 255
        return out
    # A few dots (the usual leader): only their boxes are looked at, not the whole page.
    for label in doomed:
        x, y, width, height = stats[label, :4]
        window = out[y:y + height, x:x + width]
        window[labels[y:y + height, x:x + width] == label] = 255
    return out


def points_near(xs: np.ndarray, ys: np.ndarray, query_xs: np.ndarray, query_ys: np.ndarray, reach_x: float,
                reach_y: float, *, right_open: bool = False) -> np.ndarray:
    """For each query point, how many of the points ``(xs, ys)`` lie at most ``reach_x`` across and
    ``reach_y`` up or down from it (``right_open``: not one exactly ``reach_x`` to its right).

    Vectorised: the points are sorted by band of ``reach_y`` rows, then across, so each query
    looks at three short runs of the sorted points (a loop over the dots of a grainy page,
    thousands of them, cost more than the rest of the cleaning).
    """
    counts = np.zeros(len(query_xs), dtype=np.int64)
    if len(xs) == 0 or len(query_xs) == 0:
        return counts
    shift = reach_x + 1.0
    span = float(max(xs.max(), query_xs.max())) + 2 * shift + 2.0  # one band's stretch of the sort key
    key = np.floor(ys / reach_y) * span + (xs + shift)
    order = np.argsort(key, kind="stable")
    key = key[order]
    query_bands = np.floor(query_ys / reach_y)
    queries = np.arange(len(query_xs))
    for band in (-1.0, 0.0, 1.0):
        at = (query_bands + band) * span + (query_xs + shift)
        lo = np.searchsorted(key, at - reach_x, side="left")
        hi = np.searchsorted(key, at + reach_x, side="left" if right_open else "right")
        sizes = hi - lo
        total = int(sizes.sum())
        if total == 0:
            continue
        rows = np.repeat(queries, sizes)
        candidates = order[lo[rows] + np.arange(total) - np.repeat(np.cumsum(sizes) - sizes, sizes)]
        near = np.abs(ys[candidates] - query_ys[rows]) <= reach_y
        counts += np.bincount(rows[near], minlength=len(query_xs))
    return counts


#: The paper of a row (a column) of the page: this percentile of its pixels in the page's margins.
FOLD_PAPER_PERCENTILE = 80
#: A row or column darker than its neighbours by less than this share is left as it is.
FOLD_SMALLEST_DIP = 0.04
#: The least a fold's shadow darkens the paper at its deepest (see :func:`_fold_gains`).
FOLD_LEAST_DEPTH = 0.15
#: And one darker than this share of its neighbours is ink, not a fold's shadow.
FOLD_DARKEST = 0.35


def _dip_ratios(levels: np.ndarray, reach: int) -> np.ndarray:
    """Each entry of a profile of paper levels over the median of its neighbours (1: no dip)."""
    padded = np.pad(levels, reach, mode="edge")
    reference = np.median(np.lib.stride_tricks.sliding_window_view(padded, 2 * reach + 1), axis=1)
    return levels / np.maximum(reference, 1.0)


def _fold_gains(flat: np.ndarray, content: tuple[float, float], lines: tuple[float, float], margin: int,
                gap: int, reach: int) -> np.ndarray | None:
    """The gain of each row of ``flat`` that lifts a fold's shadow (``None``: no fold across the text).

    A row is in a fold's shadow when its paper is darker than its neighbours' in both margins,
    left and right of the letters (``content``: the first and last column they cover), ``gap``
    clear of them (a table's rule runs a little past its cells' letters): a rule and a line of
    text stop short of the margins, and the scanner's bed beyond the sheet is not looked at. Only
    rows among the text's (``lines``: its first and last row) count: a certificate's frame crosses
    the margins too, but above and below the text. A shadow is a fold's when it darkens the paper
    by ``FOLD_LEAST_DEPTH`` at least (a book's curl darkens a broad band a few per cent)."""
    start, end = int(content[0]) - gap, int(np.ceil(content[1])) + gap
    left, right = flat[:, max(0, start - margin):max(0, start)], flat[:, end:end + margin]
    if min(left.shape[1], right.shape[1]) < margin // 2:
        return None  # letters to the page's edge: no margin to tell a fold by
    ratios = [_dip_ratios(np.percentile(side, FOLD_PAPER_PERCENTILE, axis=1).astype(np.float32), reach)
              for side in (left, right)]
    low, high = np.minimum(*ratios), np.maximum(*ratios)
    dip = (high < 1.0 - FOLD_SMALLEST_DIP) & (low >= FOLD_DARKEST)
    rows = np.arange(len(dip))
    dip &= (rows >= lines[0]) & (rows <= lines[1])
    if not dip.any() or (low[dip] + high[dip]).min() / 2 > 1.0 - FOLD_LEAST_DEPTH:
        return None
    gains = np.ones(len(low), dtype=np.float32)
    gains[dip] = 2.0 / (low[dip] + high[dip])
    return gains


def even_out_folds(flat: np.ndarray, letter_height: float, letter_boxes: np.ndarray) -> np.ndarray:
    """A flattened page with the shadow of a fold across it lifted to the paper's level.

    A folded sheet shows its crease as a narrow dark band from edge to edge, too narrow for the
    background's closing (wider than a letter) to see as paper, and after the contrast stretch as
    dark as ink: the line of text it crosses is struck through ("Bùi Nguyễn Hữu" under a bar),
    a whole column of letters when the fold is vertical. Such a band darkens the paper from edge
    to edge, in the page's margins too, where a table's rule stops short: a row (a column) whose
    margins are darker than the rows' around it is divided up to their level, its ink with it.
    ``letter_boxes``: the page's letters (``x, y, width, height`` rows, pixels of ``flat``).
    """
    if letter_height <= 0 or len(letter_boxes) < 12 or min(flat.shape[:2]) < 64:
        return flat
    margin = max(8, int(round(letter_height * 2)))
    gap = max(4, int(round(letter_height)))
    reach = max(8, int(round(letter_height * 6)))
    # (the letters' extent, a stray speck taken for a letter aside)
    lefts, tops = letter_boxes[:, 0], letter_boxes[:, 1]
    rights, bottoms = lefts + letter_boxes[:, 2], tops + letter_boxes[:, 3]
    across = (np.percentile(lefts, 0.5), np.percentile(rights, 99.5))
    down = (np.percentile(tops, 0.5), np.percentile(bottoms, 99.5))
    row_gains = _fold_gains(flat, across, down, margin, gap, reach)
    column_gains = _fold_gains(flat.T, down, across, margin, gap, reach)
    if row_gains is None and column_gains is None:
        return flat
    gains = np.ones(flat.shape[:2], dtype=np.float32)
    if row_gains is not None:
        gains *= row_gains[:, None]
    if column_gains is not None:
        gains *= column_gains[None, :]
    lifted = np.clip(flat * gains, 0, 255).astype(np.uint8)
    if row_gains is not None:
        lifted = _crease_removed(lifted, row_gains != 1.0, letter_height)
    if column_gains is not None:
        lifted = _crease_removed(lifted.T, column_gains != 1.0, letter_height).T
    return np.ascontiguousarray(lifted)


#: What a crease drawn into the paper is darker than, on the flattened page (0–255).
CREASE_INK_BELOW = 128


def _crease_removed(page: np.ndarray, fold_rows: np.ndarray, letter_height: float) -> np.ndarray:
    """``page`` with the crease itself whited out in the rows of a fold's shadow (``fold_rows``):
    a line drawn into the paper, darker than the shadow, lifting leaves it as dashes that
    Tesseract reads as a line of its own ("——_ờố.T=mrn"). Its runs of ink three letters long
    go; a letter's stroke across it (ink right above and below) stays. Each fold (a run of
    neighbouring rows) is looked at on its own: two folds taken as one band from the first to the
    last were bridged by the closing and nothing was removed. (Ink is darker than
    ``CREASE_INK_BELOW``: a level taken from the page, halfway from its darkest strokes to its
    paper, also took the horizontal strokes of a faint page's letters in the band; holdout −7.)"""
    rows = np.flatnonzero(fold_rows)
    if not len(rows):
        return page
    out = page.copy()
    for fold in np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1):
        _crease_whited_out(out, page, int(fold[0]), int(fold[-1]), letter_height, CREASE_INK_BELOW)
    return out


def _crease_whited_out(out: np.ndarray, page: np.ndarray, first: int, last: int, letter_height: float,
                       ink_below: float) -> None:
    """White out in ``out`` the crease of one fold whose shadow spans rows ``first``–``last`` of ``page``."""
    top, bottom = max(0, first - 2), min(page.shape[0], last + 3)
    ink = (page[top:bottom] < ink_below).astype(np.uint8)
    run = max(13, int(round(letter_height * 3)) | 1)  # (odd: the opening keeps a run whole at both ends)
    line = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (run, 1)))
    if not line.any():
        return
    # Strokes crossing the crease: the ink above and below it joined by a vertical closing as tall
    # as the band, looked at a letter's height above and below it (the letters reach past it).
    top_ctx, bottom_ctx = max(0, top - int(letter_height)), min(page.shape[0], bottom + int(letter_height))
    context = (page[top_ctx:bottom_ctx] < ink_below).astype(np.uint8)
    context[top - top_ctx:bottom - top_ctx] &= 1 - line
    bridged = cv2.morphologyEx(context, cv2.MORPH_CLOSE,
                               cv2.getStructuringElement(cv2.MORPH_RECT, (1, bottom - top + 2)))
    keep = bridged[top - top_ctx:bottom - top_ctx]
    out[top:bottom][(line == 1) & (keep == 0)] = 255
