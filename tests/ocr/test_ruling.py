"""The vertical rules of a prepared page (:mod:`ocr.preprocess.ruling`) on drawn pages."""

from __future__ import annotations

import cv2
import numpy as np

from ocr.preprocess.ruling import vertical_rules

HEIGHT, WIDTH = 2400, 3400
RULE_XS = [200, 700, 1150, 1600, 2300, 3100]


def _register_page(*, tilt_px: int = 0, faded: int = 0) -> np.ndarray:
    """A prepared register page: a ruled table (rules 3 px wide, ``tilt_px`` off vertical over the
    table's height, ``faded`` grey levels lighter), lines of text in its cells, paper grain."""
    page = np.full((HEIGHT, WIDTH), 255, np.uint8)
    ink = 60 + faded
    top, bottom = 400, 2200
    for x in RULE_XS:
        cv2.line(page, (x, top), (x + tilt_px, bottom), ink, 3)
    for y in (top, 520, bottom):
        cv2.line(page, (RULE_XS[0], y), (RULE_XS[-1], y), ink, 3)
    for left, right in zip(RULE_XS, RULE_XS[1:], strict=False):
        for line in range(12):
            y = 580 + line * 60
            cv2.putText(page, "Nguyen Thi Hoa 1992 lIl", (left + 15, y), cv2.FONT_HERSHEY_SIMPLEX,
                        1.2 * (right - left - 30) / 520, 20, 3)
    grain = np.random.default_rng(7).random((HEIGHT, WIDTH)) < 0.002
    page[grain] = 0
    return page


def _near(rules, x: float, tolerance: float = 6.0) -> list:
    return [rule for rule in rules if abs(rule.x - x) <= tolerance]


def test_every_rule_of_the_table_is_found_where_it_is_and_no_letter_makes_one():
    rules = vertical_rules(_register_page())
    assert len(rules) == len(RULE_XS), [rule.x for rule in rules]
    for x in RULE_XS:
        found = _near(rules, x + 1)  # (a 3-px line drawn at x covers x .. x + 2)
        assert len(found) == 1 and found[0].top <= 410 and found[0].bottom >= 2190


def test_a_rule_a_little_off_vertical_or_faded_grey_is_still_one_rule():
    for page in (_register_page(tilt_px=12), _register_page(faded=90)):
        rules = [rule for rule in vertical_rules(page) if rule.length > 1000]
        assert len(rules) == len(RULE_XS), [rule.x for rule in rules]


def test_a_rule_a_fold_interrupts_is_one_rule_and_a_spine_band_is_none():
    page = _register_page()
    page[1200:1230, :] = 255  # a fold across the table took the rules' ink there
    page[:, 2700:2740] = 40  # a book's spine: a dark band down the whole page
    rules = vertical_rules(page)
    assert not _near(rules, 2720, 30)
    for x in RULE_XS:
        found = _near(rules, x + 1)
        assert len(found) == 1 and found[0].top <= 410 and found[0].bottom >= 2190
        assert found[0].inked < found[0].length  # the gap is no ink


def test_a_page_without_rules_has_none():
    page = _register_page()
    page[:, :] = 255
    # (a title in letters 50 px tall: a 16-point bold title at 300 dpi)
    cv2.putText(page, "GIAY KHAI SINH", (400, 800), cv2.FONT_HERSHEY_SIMPLEX, 2.2, 0, 6)
    assert vertical_rules(page) == ()
