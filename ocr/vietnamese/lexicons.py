"""Loading of the lexicon files in ``resources/lexicons/`` and matching a string against one.

A lexicon is a list of entries, each a canonical name and the spellings that
mean it. Matching goes from sure to unsure: the same spelling under fields.md's
equivalence (score 1.0), the same letters once spaces, hyphens and apostrophes
are dropped (``H'Mông`` = ``Hmông``, 0.97), the same letters without
diacritics (OCR lost them: ``Tay`` → ``Tày``, 0.8), then a fuzzy match
(rapidfuzz) scaled below 0.75. The value a field keeps is the page's spelling;
the canonical name is for matching and statistics.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from inspector.errors import MissingDependencyError
from inspector.resources import resource_path
from ocr.vietnamese.text import clean_spaces, compact_key, equivalence_key, folded_compact_key

#: Scores of the match tiers.
SCORE_EQUIVALENT = 1.0
SCORE_COMPACT = 0.97
SCORE_FOLDED = 0.8
SCORE_FUZZY_MAX = 0.75
#: A match at or above this score is a known spelling (no flag).
KNOWN_SPELLING = 0.95


@cache
def load_lexicon(name: str) -> dict:
    """The parsed JSON of ``resources/lexicons/<name>.json`` (cached)."""
    path = resource_path("lexicons", f"{name}.json")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise MissingDependencyError(
            f"Thiếu tệp dữ liệu từ điển «{name}.json» trong thư mục resources/lexicons.",
            f"lexicon file {path} is missing",
        ) from exc
    except json.JSONDecodeError as exc:
        raise MissingDependencyError(
            f"Tệp dữ liệu từ điển «{name}.json» bị hỏng.",
            f"lexicon file {path} is not valid JSON",
            detail=str(exc),
        ) from exc


@dataclass(frozen=True)
class Entry:
    """One canonical name and every spelling that means it."""

    canonical: str
    spellings: tuple[str, ...]
    code: str = ""


@dataclass(frozen=True)
class Match:
    """A lexicon match: the canonical name (or ``None``), the score, and the spelling it matched."""

    canonical: str | None
    score: float
    spelling: str = ""
    code: str = ""

    @property
    def known(self) -> bool:
        """Whether the input is one of the lexicon's spellings (not an OCR repair or guess)."""
        return self.canonical is not None and self.score >= KNOWN_SPELLING


class Lexicon:
    """Entries indexed by equivalence key, compact key and folded key."""

    def __init__(self, entries: list[Entry], *, strip_prefixes: tuple[str, ...] = ()) -> None:
        self.entries = tuple(entries)
        self.strip_prefixes = tuple(folded_compact_key(prefix) for prefix in strip_prefixes)
        self._by_key: dict[str, tuple[Entry, str]] = {}
        self._by_compact: dict[str, tuple[Entry, str]] = {}
        self._by_fold: dict[str, list[tuple[Entry, str]]] = {}
        for entry in self.entries:
            for spelling in (entry.canonical, *entry.spellings):
                self._by_key.setdefault(equivalence_key(spelling), (entry, spelling))
                self._by_compact.setdefault(compact_key(spelling), (entry, spelling))
                bucket = self._by_fold.setdefault(folded_compact_key(spelling), [])
                if all(existing is not entry for existing, _ in bucket):
                    bucket.append((entry, spelling))
        self._fold_keys = list(self._by_fold)

    def collisions(self) -> list[str]:
        """Folded keys shared by two entries (a data error the tests watch for)."""
        return [key for key, bucket in self._by_fold.items() if len({entry.canonical for entry, _ in bucket}) > 1]

    def strip_label(self, text: str) -> str:
        """``text`` without a leading field label (``Dân tộc: Kinh`` → ``Kinh``)."""
        return self._strip(clean_spaces(text))

    def _strip(self, text: str) -> str:
        folded = folded_compact_key(text)
        for prefix in self.strip_prefixes:
            if folded.startswith(prefix) and len(folded) > len(prefix):
                # drop the label's words from the text ("Dân tộc: Kinh" -> "Kinh")
                words = text.split()
                for count in range(1, len(words)):
                    if folded_compact_key(" ".join(words[:count])) == prefix:
                        return clean_spaces(" ".join(words[count:]))
        return text

    def match(self, raw: str) -> Match:
        """The best entry for ``raw``; ``Match(None, score)`` when none is close enough."""
        text = self._strip(clean_spaces(raw))
        if not text:
            return Match(None, 0.0)
        hit = self._by_key.get(equivalence_key(text))
        if hit is not None:
            return Match(hit[0].canonical, SCORE_EQUIVALENT, hit[1], hit[0].code)
        hit = self._by_compact.get(compact_key(text))
        if hit is not None:
            return Match(hit[0].canonical, SCORE_COMPACT, hit[1], hit[0].code)
        folded = folded_compact_key(text)
        bucket = self._by_fold.get(folded)
        if bucket and len({entry.canonical for entry, _ in bucket}) == 1:
            return Match(bucket[0][0].canonical, SCORE_FOLDED, bucket[0][1], bucket[0][0].code)
        if len(folded) < 4:
            return Match(None, 0.0)  # too short to guess at ("Co", "Mạ", "Lự" are whole names)
        best = process.extract(folded, self._fold_keys, scorer=fuzz.ratio, limit=2, score_cutoff=75)
        if not best:
            return Match(None, 0.0)
        key, ratio, _ = best[0]
        if Levenshtein.distance(folded, key) > max(1, len(folded) // 4):
            return Match(None, 0.0)
        if len(best) > 1 and best[1][1] == ratio:
            entries = {entry.canonical for entry, _ in self._by_fold[best[1][0]]}
            if entries != {self._by_fold[key][0][0].canonical}:
                return Match(None, 0.0)  # two names equally close: do not guess
        entry, spelling = self._by_fold[key][0]
        return Match(entry.canonical, round(SCORE_FUZZY_MAX * ratio / 100, 3), spelling, entry.code)


def lexicon_from_file(name: str, *, strip_prefixes: tuple[str, ...] = ()) -> Lexicon:
    """A :class:`Lexicon` from a file of ``{"entries": [{"name", "code"?, "spellings"}]}``."""
    data = load_lexicon(name)
    entries = [Entry(item["name"], tuple(item.get("spellings", ())), str(item.get("code", "")))
               for item in data["entries"]]
    return Lexicon(entries, strip_prefixes=strip_prefixes)
