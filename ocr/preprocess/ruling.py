"""The ruled lines of a prepared page: the vertical rules that part a register's columns.

A register page is a ruled table. Its column headings are small print that a poor
scan garbles ("Nơisinh. ï Quê quán Ả Sôểmnh"), but the rules between the columns
stay long straight strokes: the table's columns are where the page's rules put
them (what form-capture products key tables on). The ink, widened by two pixels
each side, is opened with a tall, one-pixel-wide element: what stays is the runs
of ink longer than any letter's stroke, a hairline rule a little off vertical
included; the pieces of one rule that a fold, a speck or the slight residual skew
cut apart are put back together by their x.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.preprocess.connected import connected_components

#: Ink darker than this (the prepared gray: paper near 255, ink near 0; a rule a scan faded reads
#: mid-gray, and no run of paper grain is as long as a rule).
INK_BELOW = 180
#: The shortest run kept, as a share of the page's height (longer than a letter's stroke at any
#: size a register prints, shorter than one entry's cell).
RUN_SHARE = 1 / 40
#: A rule's pieces lie within this share of the page's width of each other in x.
SAME_RULE_SHARE = 1 / 300
#: A rule is at most this thick (a fold's shadow or a book's spine is a band, not a rule).
THICKEST_SHARE = 1 / 250


@dataclass(frozen=True)
class VerticalRule:
    """A vertical ruled line: its ``x`` (the centre of its ink), where it starts and ends (``top``,
    ``bottom``) and how many pixels of that span its ink covers (``inked``: gaps are specks lost,
    a fold, cells a scan faded)."""

    x: float
    top: int
    bottom: int
    inked: int

    @property
    def length(self) -> int:
        """From its top to its bottom, in pixels."""
        return self.bottom - self.top


def vertical_rules(gray: np.ndarray) -> tuple[VerticalRule, ...]:
    """The vertical rules of a prepared page (``uint8`` gray, upright and deskewed), left to right.

    Only lines at least ``RUN_SHARE`` of the page's height long in one straight piece count;
    a rule's pieces are joined across gaps. Nothing is returned for a page without rules.
    """
    height, width = gray.shape[:2]
    run = max(25, int(round(height * RUN_SHARE)))
    ink = (gray < INK_BELOW).astype(np.uint8)
    # A hairline rule two degrees off vertical (a phone photo's curl) moves a pixel every 30 rows:
    # widened by two pixels each side it keeps runs of this length in one column of pixels.
    ink = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 1)))
    runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, run)))
    count, _, stats, _ = connected_components(runs, 8)
    if count <= 1:
        return ()
    thickest = max(3, width * THICKEST_SHARE)
    # (thickness as ink per row: a rule slightly off vertical spans a wider box than it is thick)
    pieces = sorted((float(x + w / 2), int(y), int(y + h)) for x, y, w, h, area in stats[1:] if area <= thickest * h)
    reach = max(4.0, width * SAME_RULE_SHARE)
    rules: list[list] = []
    for centre, top, bottom in pieces:
        if rules and centre - rules[-1][0] <= reach:
            rule = rules[-1]
            # The x of the rule: its pieces weighted by their length.
            weight = rule[4] + (bottom - top)
            rule[0] = (rule[0] * rule[4] + centre * (bottom - top)) / weight
            rule[1], rule[2], rule[3], rule[4] = min(rule[1], top), max(rule[2], bottom), rule[3] + bottom - top, weight
        else:
            rules.append([centre, top, bottom, bottom - top, bottom - top])
    return tuple(VerticalRule(x=round(x, 1), top=top, bottom=bottom, inked=inked)
                 for x, top, bottom, inked, _ in rules)
