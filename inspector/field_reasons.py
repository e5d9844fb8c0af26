"""Why a field is flagged, in the officer's words (``resources/field_reasons.json``).

Recognition gives every field stable reason codes (``low_confidence``,
``second_look_disagrees``, ``label_not_found`` …). The verification view shows
beside a flagged field the one or two that say most about what to check, in the
interface language; codes that explain nothing to check (a doubt lifted, a field
the form does not print) are not shown.
"""

from __future__ import annotations

import json
import logging
from functools import cache

from inspector.resources import resource_path

log = logging.getLogger(__name__)


@cache
def _catalogue() -> dict[str, dict]:
    """Code → ``{"vi": …, "en": …, "shown": bool}``, in the file's order (most telling first)."""
    with open(resource_path("field_reasons.json"), encoding="utf-8") as handle:
        return json.load(handle)["reasons"]


def reason_text(code: str, language: str = "vi") -> str | None:
    """The words for one reason code in ``language`` (``vi`` or ``en``), or ``None`` for an unknown code."""
    entry = _catalogue().get(code)
    if entry is None:
        return None
    return entry.get(language) or entry["vi"]


def review_reasons(codes: tuple[str, ...] | list[str], language: str = "vi", *, limit: int = 2) -> list[str]:
    """The words of the ``limit`` most telling reasons among ``codes`` that are worth showing.

    "The text was not read clearly" comes only when nothing more telling is there; an
    unknown code (from a newer recognition) is skipped, and logged once, not shown raw.
    """
    catalogue = _catalogue()
    known = []
    for code in dict.fromkeys(codes):
        entry = catalogue.get(code)
        if entry is None:
            _unknown(code)
        elif entry.get("shown", True):
            known.append(code)
    telling = [code for code in known if code != "low_confidence"] or known
    telling.sort(key=_rank().__getitem__)
    return [reason_text(code, language) for code in telling[:limit]]


@cache
def _rank() -> dict[str, int]:
    """Each code's place in the catalogue (most telling first)."""
    return {code: index for index, code in enumerate(_catalogue())}


@cache
def _unknown(code: str) -> None:
    log.warning("No words for the field reason code %r in resources/field_reasons.json", code)
