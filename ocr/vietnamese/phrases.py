"""Set phrases of free-text fields (``resources/lexicons/phrases.json``): marks put back, near misses found.

OCR often reads every letter of a word and misreads a mark: ``Suy thân`` for
``Suy thận``, ``Viêm phối`` for ``Viêm phổi``. Inside a known phrase of two
words or more the letters pin the phrase down, so its marks are put back
(:func:`repair_phrases`). A short value one letter off a phrase (``Giờ yếu``,
``Tuổi giờ``) cannot be put right with certainty, only flagged
(:func:`near_phrase`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ocr.vietnamese.lexicons import load_lexicon
from ocr.vietnamese.text import equivalence_key, folded_compact_key, match_case

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class _Phrases:
    by_fold: dict[tuple[str, ...], str]   # folded words → the phrase as written
    longest: int
    folded_whole: tuple[str, ...]          # each phrase's folded compact key, for near misses
    written: tuple[str, ...]
    by_joined: dict[str, str]              # a phrase's folded words run together → the phrase


@cache
def _phrases() -> _Phrases:
    lexicon = load_lexicon("phrases")
    phrases = [phrase for group in (*WHOLE_PHRASE_LISTS, "phrases") for phrase in lexicon[group] if len(phrase.split()) >= 2]
    by_fold: dict[tuple[str, ...], str] = {}
    for phrase in phrases:
        by_fold.setdefault(tuple(folded_compact_key(word) for word in phrase.split()), phrase)
    by_joined: dict[str, str] = {}
    for words, phrase in by_fold.items():
        if len("".join(words)) >= GLUED_LETTERS:
            by_joined.setdefault("".join(words), phrase)
    return _Phrases(by_fold, max(len(key) for key in by_fold), tuple(folded_compact_key(p) for p in phrases),
                    tuple(phrases), by_joined)


#: A phrase of this many letters at least is recognised with the spaces between its words lost.
GLUED_LETTERS = 6


def _unglued(text: str) -> tuple[str, int]:
    """``text`` with the known phrases whose spaces OCR lost put back apart ("Tainạngiaothông",
    "Suy đatạng", "Bệnhviện"): a run of fewer words than the phrase, with nothing between them,
    whose letters run together are exactly the phrase's (marks aside), and how many runs changed."""
    table = _phrases()
    words = list(_WORD.finditer(text))
    edits: list[tuple[int, int, str]] = []
    index = 0
    while index < len(words):
        for size in range(min(3, len(words) - index), 0, -1):
            run = words[index:index + size]
            if any(text[run[k].end():run[k + 1].start()] != " " for k in range(size - 1)):
                continue
            phrase = table.by_joined.get("".join(folded_compact_key(word.group(0)) for word in run))
            if phrase is None or len(phrase.split()) <= size:
                continue
            read = text[run[0].start():run[-1].end()]
            written = (phrase.upper() if read.isupper() else
                       (phrase[0].upper() if read[0].isupper() else phrase[0].lower()) + phrase[1:])
            edits.append((run[0].start(), run[-1].end(), written))
            index += size - 1
            break
        index += 1
    return _edited(text, edits), len(edits)


def _edited(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each ``(start, end, replacement)`` of ``edits`` (spans apart) put in."""
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def repair_phrases(text: str) -> tuple[str, int]:
    """``text`` with the marks of known phrases put back, and how many words changed.

    Only a run of whole words whose letters are exactly a phrase's (marks aside) is touched, or
    a run of three words or more a letter or two off a long phrase (see ``LONG_PHRASE_WORDS``);
    each word keeps its letter case. A phrase whose spaces were lost is put back apart first
    (:func:`_unglued`).
    """
    if not text:
        return text, 0
    text, unglued = _unglued(text)
    table = _phrases()
    words = list(_WORD.finditer(text))
    edits: list[tuple[int, int, str]] = []
    index = 0
    while index < len(words):
        for size in range(min(table.longest, len(words) - index), 1, -1):
            run = words[index:index + size]
            if any(run[k + 1].start() - run[k].end() > 2 or text[run[k].end():run[k + 1].start()].strip(" ")
                   for k in range(size - 1)):
                continue  # not one phrase: punctuation or a wide gap between the words
            folded = tuple(folded_compact_key(word.group(0)) for word in run)
            phrase = table.by_fold.get(folded) or _near_long_phrase(folded, table)
            if phrase is None:
                continue
            # One short word read in capitals among three or more that are not ("ỦY bạn nhân dân":
            # a hooked y reads as a capital) is a slip: it takes the phrase's own case.
            capitals = [word.group(0).isupper() for word in run]
            for word, right in zip(run, phrase.split(), strict=True):
                read = word.group(0)
                case_slip = read.isupper() and len(read) <= 2 and size >= 3 and sum(capitals) == 1
                if case_slip or equivalence_key(read) != equivalence_key(right):
                    written = right if case_slip else match_case(read, right)
                    if written != read:
                        edits.append((word.start(), word.end(), written))
            index += size - 1
            break
        index += 1
    return _edited(text, edits), len(edits) + unglued


#: A phrase of this many words and letters (folded) at least is pinned down by its letters even
#: with a letter or two misread ("Hỷ han nhân dân" is "Ủy ban nhân dân"); a shorter one is not
#: ("Giờ yếu" may be "Già yếu" or a value of its own): see :func:`near_phrase`.
LONG_PHRASE_WORDS = 3
LONG_PHRASE_LETTERS = 10


def _near_long_phrase(folded: tuple[str, ...], table: _Phrases) -> str | None:
    """The one long phrase whose words are each at most a letter off ``folded`` (two letters in
    all), else ``None``."""
    if len(folded) < LONG_PHRASE_WORDS or sum(map(len, folded)) < LONG_PHRASE_LETTERS:
        return None
    found = []
    for words, phrase in table.by_fold.items():
        if len(words) != len(folded):
            continue
        distances = [Levenshtein.distance(read, meant, score_cutoff=1) for read, meant in zip(folded, words, strict=True)]
        if max(distances) <= 1 and sum(distances) <= 2:
            found.append(phrase)
    return found[0] if len(found) == 1 else None


def near_phrase(text: str) -> str | None:
    """The known phrase a short value is one letter off (``Giờ yếu`` → ``Già yếu``), else ``None``.

    A value that is a phrase (marks aside) is not a near miss.
    """
    key = folded_compact_key(text)
    if len(key) < 6 or len(text.split()) > 5:
        return None
    table = _phrases()
    if key in table.folded_whole:
        return None
    best = process.extractOne(key, table.folded_whole, scorer=Levenshtein.distance, score_cutoff=1)
    if best is None:
        return None
    return table.written[best[2]]


#: The lists of ``resources/lexicons/phrases.json`` a field's value may be, whole (a template's
#: ``whole_phrases``).
WHOLE_PHRASE_LISTS = ("causes_of_death", "places_without_unit")


@cache
def _whole_phrases(group: str) -> tuple[str, ...]:
    return tuple(equivalence_key(phrase) for phrase in load_lexicon("phrases")[group])


def is_whole_phrase(text: str, group: str) -> bool:
    """Whether ``text`` is, whole and with its marks, one of the phrases of the list ``group`` of
    ``resources/lexicons/phrases.json`` ("Suy hô hấp" of ``causes_of_death``), and not the opening
    words of a longer one ("Suy thận" of "Suy thận mạn": a cell's last word may be the one OCR lost)."""
    key = equivalence_key(text)
    every = _whole_phrases(group)
    return key in every and not any(other != key and other.startswith(key + " ") for other in every)

