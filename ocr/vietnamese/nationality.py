"""Nationality (quốc tịch): country names as documents write them (``resources/lexicons/nationalities.json``)."""

from __future__ import annotations

from functools import cache

from ocr.vietnamese.lexicons import Lexicon, Match, lexicon_from_file


@cache
def nationalities() -> Lexicon:
    """The lexicon of nationalities (loaded once)."""
    return lexicon_from_file("nationalities", strip_prefixes=("quốc tịch",))


def nationality_match(raw: str) -> Match:
    """The full match of ``raw``: canonical name, score, matched spelling, country code."""
    return nationalities().match(raw)


def match_nationality(raw: str) -> tuple[str | None, float]:
    """``(canonical name or None, score)``: 1.0 a known spelling, 0.8 diacritics lost, lower a guess."""
    match = nationality_match(raw)
    return match.canonical, match.score
