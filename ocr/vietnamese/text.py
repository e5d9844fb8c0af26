"""Text primitives for Vietnamese field values: NFC, spacing, search folding, equivalent spellings.

fields.md: values are NFC strings with single spaces and no leading/trailing
punctuation; two values are *equivalent* when they differ only in letter case,
Unicode normalisation form, white space, hyphen versus space, or where the tone
mark sits in ``oa``/``oe``/``uy`` (``Hòa``/``Hoà``). Search also folds
diacritics and ``đ``→``d``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from inspector import textfold

#: The five tone marks as combining characters (huyền, sắc, ngã, hỏi, nặng).
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "ˈ": "'"})
_DASHES = re.compile(r"[\-‐‑‒–—―]+")
_LEADERS = re.compile(r"(?:\.{2,}|…+|_{2,}|·{2,})")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_NOT_FOLDED_KEY = re.compile(r"[^0-9a-z]")
# Symbols that are never part of a value's edge (punctuation is recognised by category).
_EDGE_SYMBOLS = set("|~^=+<>*•·°§¦")
_BRACKETS = {")": "(", "]": "[", "}": "{", "»": "«", "”": "“", "’": "‘"}


def nfc(text: str | None) -> str:
    """The text in Unicode NFC (``None`` becomes ``""``); OCR and some fonts give NFD."""
    return unicodedata.normalize("NFC", text or "")


def _is_edge_junk(char: str) -> bool:
    return unicodedata.category(char).startswith(("P", "Z")) or char in _EDGE_SYMBOLS or char.isspace()


def clean_spaces(text: str | None) -> str:
    """NFC, invisible characters removed, single spaces, edges trimmed of punctuation.

    Dotted leaders (``.....``, ``…``, ``___``) inside the text become spaces; a
    closing bracket at the end stays when the text opened it (``Hà Tây (cũ)``).
    """
    value = nfc(text).translate(_INVISIBLE)
    value = _LEADERS.sub(" ", value)
    value = " ".join(value.split())
    start, end = 0, len(value)
    while start < end and _is_edge_junk(value[start]):
        start += 1
    while end > start:
        char = value[end - 1]
        opener = _BRACKETS.get(char)
        if opener is not None and value.count(opener, start, end - 1) > value.count(char, start, end - 1):
            break
        if not _is_edge_junk(char):
            break
        end -= 1
    return value[start:end].strip()


def strip_diacritics(text: str) -> str:
    """Remove every combining mark and fold ``đ``→``d`` (the project's one implementation)."""
    return textfold.strip_diacritics(text)


def fold_for_search(text: str) -> str:
    """Lower case, no diacritics, ``đ``→``d``, hyphens and punctuation as spaces, single spaces.

    ``fold_for_search("Nguyễn Văn Đức") == "nguyen van duc"``; the same function
    builds the workspace's search index (``inspector.textfold``).
    """
    return textfold.fold_for_search(text)


def split_tone(word: str) -> tuple[str, str | None, int]:
    """A word without its tone marks (NFC), its first tone mark, and how many tone marks it had."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [char for char in decomposed if char in TONE_MARKS]
    base = unicodedata.normalize("NFC", "".join(char for char in decomposed if char not in TONE_MARKS))
    return base, (tones[0] if tones else None), len(tones)


def _tone_to_end(match: re.Match) -> str:
    # A syllable carries one tone: where its mark sits is spelling style, never meaning.
    # Moving the mark to the last letter makes Hòa/Hoà, Thủy/Thuỷ, Khóe/Khoé one key.
    base, tone, count = split_tone(match.group(0))
    if count != 1:
        return match.group(0)  # no tone, or several syllables glued together
    return unicodedata.normalize("NFC", base + tone)


@lru_cache(maxsize=65536)
def equivalence_key(text: str | None) -> str:
    """The key under which fields.md's equivalent spellings are equal.

    Ignores case, normalisation form, white space, hyphen versus space, and the
    place of the tone mark within a syllable (old/new ``oa``/``oe``/``uy``
    styles). Keeps every other diacritic: ``Hùng`` and ``Hưng`` differ.
    """
    value = nfc(text).translate(_INVISIBLE).translate(_APOSTROPHES).casefold()
    value = _DASHES.sub(" ", value)
    value = " ".join(value.split())
    return _LETTER_RUN.sub(_tone_to_end, value)


def equivalent(a: str | None, b: str | None) -> bool:
    """Whether two values are the same under fields.md's equivalent spellings."""
    return equivalence_key(a) == equivalence_key(b)


def compact_key(text: str | None) -> str:
    """:func:`equivalence_key` without spaces, hyphens and apostrophes (``H'Mông`` = ``Hmông``)."""
    return re.sub(r"[\s']", "", equivalence_key(text))


@lru_cache(maxsize=65536)
def folded_compact_key(text: str | None) -> str:
    """:func:`compact_key` with diacritics folded too: what OCR that lost its marks still matches."""
    # Not built on equivalence_key: its spacing and where it puts a tone mark are removed here anyway.
    return _NOT_FOLDED_KEY.sub("", strip_diacritics(nfc(text).casefold()))


def match_case(template: str, word: str) -> str:
    """``word`` in the letter case of ``template`` (upper, lower or capitalised)."""
    letters = [char for char in template if char.isalpha()]
    if letters and all(char.isupper() for char in letters) and len(letters) > 1:
        return word.upper()
    if letters and letters[0].isupper():
        return word[:1].upper() + word[1:]
    if letters and all(char.islower() for char in letters):
        return word.lower()
    return word
