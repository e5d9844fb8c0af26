"""Lines of text Tesseract's page layout analysis left out, read on their own.

Tesseract's automatic page segmentation sometimes drops a whole block of a page:
the second entry's cell of a register ("Họ và tên người chết: …" down to "Quan
hệ…" gone while the lines around it are read), or one line beside a dotted
leader ("Số: 177"). Whatever comes after cannot find fields that were never
read. So the page's ink is compared with the words read: ink in lines of
letters (ruled lines, leader dots and specks apart) that no word covers is
read again, each zone as a block of its own, and its words join the page's.
"""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from ocr.engine import PSM_SINGLE_BLOCK, OcrEngine
from ocr.preprocess.connected import connected_components
from ocr.types import Box, OcrLine, OcrPage

#: Ink darker than this (the cleaned gray Tesseract reads).
INK_BELOW = 128
#: A zone is read again when it holds at least this much ink, in squares of the letter height
#: (a few letters: a speck, a stray mark or a leader's dots hold much less).
LEAST_INK = 2.0
#: And is at least this many letter heights wide (a short word alone is read with its row).
LEAST_WIDTH = 4.0
#: Zones read again on one page at most (the largest first): a page missing more than this
#: was not read by its layout analysis at all, and the page's retries see to it.
MOST_ZONES = 6
#: A zone taller than this many letter heights is a picture, a stamp or a signature, not lines
#: (the smear joins letters along a line, barely across).
TALLEST = 20
#: A line read in a zone is kept when its words' mean confidence reaches this.
LEAST_CONFIDENCE = 0.5
#: The analysis runs on the image shrunk by this factor (the zones are lines, not letters).
SHRINK = 2


def unread_zones(gray: np.ndarray, page: OcrPage, letter_height: float) -> list[Box]:
    """Boxes (in ``gray``'s pixels) of the blocks of lines of ink no word of ``page`` covers, the
    blocks of most lines first (at most ``MOST_ZONES``)."""
    height = max(4.0, letter_height / SHRINK)
    small = cv2.resize(gray, (gray.shape[1] // SHRINK, gray.shape[0] // SHRINK), interpolation=cv2.INTER_AREA)
    ink = (small < INK_BELOW).astype(np.uint8)
    # Ruled lines and leaders: runs of ink longer than any letter's stroke, across or down.
    across = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (int(3 * height), 1)))
    down = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, int(2.5 * height))))
    ink[(across > 0) | (down > 0)] = 0
    margin = 0.4 * height
    for word in page.words:
        x, y, w, h = (value / SHRINK for value in word.box)
        ink[max(0, int(y - margin)):int(y + h + margin) + 1, max(0, int(x - margin)):int(x + w + margin) + 1] = 0
    # Letters to lines: smeared along the line, a little across.
    smeared = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(1.2 * height)), max(1, int(0.3 * height)))))
    count, labels, stats, _ = connected_components(smeared, 8)
    zones = []
    for label in range(1, count):
        x, y, w, h, _ = stats[label]
        if w < LEAST_WIDTH * height or h < 0.5 * height or h > TALLEST * height:
            continue
        inked = int(np.count_nonzero(ink[y:y + h, x:x + w] & (labels[y:y + h, x:x + w] == label)))
        if inked < LEAST_INK * height * height:
            continue
        zones.append((inked, (x, y, w, h)))
    blocks = _blocks([box for _, box in zones], height)
    blocks.sort(key=lambda item: -item[0])
    pad = int(0.6 * height)
    out = []
    for _, (x, y, w, h) in blocks[:MOST_ZONES]:
        left, top = max(0, x - pad), max(0, y - pad)
        right, bottom = min(small.shape[1], x + w + pad), min(small.shape[0], y + h + pad)
        out.append((left * SHRINK, top * SHRINK, (right - left) * SHRINK, (bottom - top) * SHRINK))
    return out


def _blocks(lines: list[tuple[int, int, int, int]], height: float) -> list[tuple[int, tuple[int, int, int, int]]]:
    """Lines one under the other (a line's gap apart, overlapping across) as one block each, with
    how many lines each holds: a block is read at once, its lines in their order."""
    blocks: list[list] = []
    for x, y, w, h in sorted(lines, key=lambda box: box[1]):
        for block in blocks:
            bx, by, bw, bh = block[1]
            if y - (by + bh) <= height and min(x + w, bx + bw) > max(x, bx):
                left, top = min(x, bx), min(y, by)
                block[1] = (left, top, max(x + w, bx + bw) - left, max(y + h, by + bh) - top)
                block[0] += 1
                break
        else:
            blocks.append([1, (x, y, w, h)])
    return [(count, box) for count, box in blocks]


def _covers(boxes: list[Box], box: Box) -> bool:
    """Whether the centre of ``box`` lies in one of ``boxes``."""
    cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
    return any(x <= cx <= x + w and y <= cy <= y + h for x, y, w, h in boxes)


def with_lost_lines(gray: np.ndarray, page: OcrPage, engine: OcrEngine, *, dpi: int,
                    letter_height: float) -> OcrPage:
    """``page`` with the words of the zones its reading left out (:func:`unread_zones`), each zone
    read as a block of its own; the page itself when it left none out."""
    zones = unread_zones(gray, page, letter_height)
    if not zones:
        return page
    lines = list(page.lines)
    read = [word.box for word in page.words]
    block = 1 + max((line.block_index for line in lines), default=0)
    for x, y, w, h in zones:
        found = engine.recognize(np.ascontiguousarray(gray[y:y + h, x:x + w]), psm=PSM_SINGLE_BLOCK, dpi=dpi)
        for line in found.lines:
            # (the zone's margin may take in a word already read: that reading stands)
            words = tuple(moved for word in line.words
                          if not _covers(read, (moved := replace(word, box=(word.box[0] + x, word.box[1] + y,
                                                                             word.box[2], word.box[3]),
                                                                 line_index=len(lines), block_index=block,
                                                                 recovered=True)).box))
            if not words or sum(word.confidence for word in words) / len(words) < LEAST_CONFIDENCE:
                continue  # (a stamp's or a signature's strokes read as letters)
            box = (line.box[0] + x, line.box[1] + y, line.box[2], line.box[3])
            lines.append(OcrLine(words=words, box=box, block_index=block))
            read.extend(word.box for word in words)  # (zones side by side may share a margin)
        block += 1
    return replace(page, lines=tuple(lines))
