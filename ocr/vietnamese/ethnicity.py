"""Ethnicity (dân tộc): the 54 groups in every spelling documents use (``resources/lexicons/ethnic_groups.json``).

The field keeps the page's spelling; the canonical name (``Mông`` for
``H'Mông``, ``Khơ Me`` for ``Khmer``) is for matching and statistics.
"""

from __future__ import annotations

from functools import cache

from ocr.vietnamese.lexicons import Lexicon, Match, lexicon_from_file


@cache
def ethnic_groups() -> Lexicon:
    """The lexicon of the 54 groups (loaded once)."""
    return lexicon_from_file("ethnic_groups", strip_prefixes=("dân tộc",))


def canonical_ethnic_groups() -> tuple[str, ...]:
    """The 54 canonical names, in the order of the official list."""
    return tuple(entry.canonical for entry in ethnic_groups().entries)


def ethnicity_match(raw: str) -> Match:
    """The full match of ``raw``: canonical name, score, matched spelling, GSO code."""
    return ethnic_groups().match(raw)


def match_ethnicity(raw: str) -> tuple[str | None, float]:
    """``(canonical name or None, score)``: 1.0 a known spelling, 0.8 diacritics lost, lower a guess."""
    match = ethnicity_match(raw)
    return match.canonical, match.score
