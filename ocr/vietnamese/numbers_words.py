"""Vietnamese number words as registers write them: reading (OCR-tolerant) and spelling.

Reading accepts every variant of shared/domain/vietnam.md: ``nghìn``/``ngàn``,
``mốt`` (21, 31), ``lăm``/``nhăm`` (15, 25), ``tư`` after ``mươi``,
``linh``/``lẻ`` for a zero tens digit, ``không trăm`` in years
(``hai nghìn không trăm hai mươi`` = 2020), ``bảy``/``bẩy``. Forms that are
understandable but not how documents write them (``hai mươi năm`` for 25,
``hai nghìn lẻ hai mươi`` as num2words writes 2020) are read and reported as
``nonstandard_spelling``. Colloquial forms that are ambiguous (``hai nghìn
ba``: 2003 or 2300?) are refused.

OCR damage is repaired word by word against the small vocabulary of number
and date words: a word that lost or changed its diacritics (``muoi``,
``mổt``) maps to the vocabulary word with the same letters; a word one edit
away (``thamg``, ``rnười``) maps to it by Levenshtein distance (rapidfuzz).
Candidates are only proposals: the grammar of the date decides among them
(``hai muoi`` is ``hai mươi``, never ``hai mười``).

Written here rather than taken from a library: ``num2words`` (vi) spells 2020
"hai nghìn lẻ hai mươi", wrong for documents, and no library reads the
variants above.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from rapidfuzz.distance import Levenshtein

from ocr.vietnamese.text import equivalence_key, match_case, nfc, strip_diacritics

#: Digits as words (``bẩy`` is an accepted spelling of ``bảy``).
UNITS: dict[str, int] = {
    "không": 0, "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}
THOUSAND_WORDS = ("nghìn", "ngàn")
ZERO_TENS_WORDS = ("linh", "lẻ")
#: Words with a number meaning only in some positions.
SPECIAL_WORDS = ("mốt", "tư", "lăm", "nhăm", "mười", "mươi", "trăm", "giêng", "chạp")
NUMBER_WORDS: tuple[str, ...] = (*UNITS, *SPECIAL_WORDS, *THOUSAND_WORDS, *ZERO_TENS_WORDS)
DATE_MARKERS = ("ngày", "tháng", "năm", "mồng", "mùng")
TIME_WORDS = ("giờ", "phút", "kém", "lúc", "sáng", "trưa", "chiều", "tối", "đêm", "khuya", "rưỡi")

NONSTANDARD = "nonstandard_spelling"

# Character sequences OCR produces for one letter (tried before edit distance).
_OCR_SEQUENCES = (("rn", "m"), ("ii", "u"), ("cl", "d"), ("li", "h"), ("vv", "w"), ("0", "o"), ("1", "l"))


@dataclass(frozen=True)
class Candidate:
    """One reading of a token: a vocabulary word (or digits), at a cost, with the repair it needed."""

    word: str
    cost: float
    repair: str = ""


@dataclass(frozen=True)
class Vocabulary:
    """Words a phrase may contain, indexed for exact, equivalent and folded look-up."""

    words: tuple[str, ...]
    by_key: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    by_fold: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def of(cls, words: Iterable[str]) -> Vocabulary:
        """Index ``words``."""
        unique = tuple(dict.fromkeys(nfc(word) for word in words))
        by_key = {equivalence_key(word): word for word in unique}
        by_fold: dict[str, list[str]] = {}
        for word in unique:
            by_fold.setdefault(strip_diacritics(word), []).append(word)
        return cls(unique, by_key, {key: tuple(value) for key, value in by_fold.items()})


@cache
def date_vocabulary() -> Vocabulary:
    """Number words and the markers of a date in words."""
    return Vocabulary.of((*NUMBER_WORDS, *DATE_MARKERS))


@cache
def time_vocabulary() -> Vocabulary:
    """Number words and the words of a time of day."""
    return Vocabulary.of((*NUMBER_WORDS, *TIME_WORDS))


def _max_distance(length: int) -> int:
    if length < 3:
        return 0  # two-letter words ("ba", "tư") are too short to guess
    return 1 if length < 6 else 2


# Tesseract's vie model confuses acute and hook above (ấ/ẩ, ế/ể, ố/ổ): a cheaper change than others.
_HOOK_AS_ACUTE = str.maketrans({"\u0309": "\u0301"})


def _mark_distance(seen: str, word: str) -> float:
    """How far apart the diacritics of two words with the same letters are (acute/hook swaps count half)."""
    seen_marks, word_marks = unicodedata.normalize("NFD", seen), unicodedata.normalize("NFD", word)
    plain = Levenshtein.distance(seen_marks, word_marks)
    lenient = Levenshtein.distance(seen_marks.translate(_HOOK_AS_ACUTE), word_marks.translate(_HOOK_AS_ACUTE))
    return lenient + (plain - lenient) / 2


@lru_cache(maxsize=8192)
def candidates(token: str, vocabulary: Vocabulary) -> tuple[Candidate, ...]:
    """The readings of one token, cheapest first; empty when nothing is close.

    Cost 0: the word itself (any case, any tone placement). Cost 1: the same
    letters with other or no diacritics. Cost 3: one edit away (two for long
    words), after undoing OCR letter-sequence confusions (``rn``→``m``).
    """
    if token.isdigit():
        return (Candidate(token, 2, "digits_in_words"),)
    key = equivalence_key(token)
    exact = vocabulary.by_key.get(key)
    if exact is not None:
        return (Candidate(exact, 0),)
    folded = strip_diacritics(key)
    same_letters = vocabulary.by_fold.get(folded)
    if same_letters:
        seen = nfc(token).casefold()
        ranked = sorted(same_letters, key=lambda word: _mark_distance(seen, word))
        return tuple(Candidate(word, 1 + _mark_distance(seen, word) / 10, "diacritics_repaired") for word in ranked)
    variants = {folded}
    for wrong, right in _OCR_SEQUENCES:
        if wrong in folded:
            variants.add(folded.replace(wrong, right))
    found: dict[str, int] = {}
    for variant in variants:
        limit = _max_distance(len(variant))
        if not limit:
            continue
        for fold, words in vocabulary.by_fold.items():
            distance = Levenshtein.distance(variant, fold, score_cutoff=limit)
            if distance <= limit:
                for word in words:
                    found[word] = min(found.get(word, 99), distance + (0 if variant == folded else 1))
    return tuple(Candidate(word, 2 + distance, "fuzzy_word")
                 for word, distance in sorted(found.items(), key=lambda item: item[1]))


# --------------------------------------------------------------------------- reading

Reading = tuple[int, frozenset[str]]


def _after_tens(word: str, *, after_muoi: bool) -> tuple[int, str] | None:
    """The unit digit after ``mười`` (10–19) or ``mươi`` (x0–x9), with a note when oddly spelt."""
    if word == "mốt":
        return 1, ("" if after_muoi else NONSTANDARD)
    if word == "tư":
        return 4, ("" if after_muoi else NONSTANDARD)
    if word in ("lăm", "nhăm"):
        return 5, ""
    if word == "năm":
        return 5, NONSTANDARD  # documents write "lăm" (or "nhăm") after mười/mươi
    value = UNITS.get(word)
    if value is None or value == 0:
        return None
    return value, ""


def parse_tens(words: Sequence[str]) -> Reading | None:
    """Read 0–99: ``năm``, ``mười lăm``, ``hai mươi mốt``, ``ba mươi``; digits are read too."""
    if len(words) == 1:
        word = words[0]
        if word.isdigit() and len(word) <= 2:
            return int(word), frozenset({"digits_in_words"})
        if word in UNITS:
            return UNITS[word], frozenset()
        if word == "mười":
            return 10, frozenset()
        return None
    if len(words) == 2 and words[0] == "mười":
        unit = _after_tens(words[1], after_muoi=False)
        if unit is None:
            return None
        return 10 + unit[0], frozenset({unit[1]} - {""})
    if len(words) in (2, 3) and words[1] == "mươi" and UNITS.get(words[0], 0) >= 2:
        tens = UNITS[words[0]] * 10
        if len(words) == 2:
            return tens, frozenset()
        unit = _after_tens(words[2], after_muoi=True)
        if unit is None:
            return None
        return tens + unit[0], frozenset({unit[1]} - {""})
    return None


def parse_number(words: Sequence[str]) -> Reading | None:
    """Read 0–9999 written in words (``một nghìn chín trăm linh năm`` = 1905), or ``None``.

    Returns the value and notes (``nonstandard_spelling`` for forms documents
    do not use but that are unambiguous). A single token of digits is read as
    its value (note ``digits_in_words``).
    """
    words = list(words)
    if not words:
        return None
    if len(words) == 1 and words[0].isdigit():
        return int(words[0]), frozenset({"digits_in_words"})
    notes: set[str] = set()
    total = 0
    rest = words
    has_thousand = len(rest) >= 2 and rest[1] in THOUSAND_WORDS and UNITS.get(rest[0], 0) >= 1
    if has_thousand:
        total, rest = UNITS[rest[0]] * 1000, rest[2:]
    has_hundred = len(rest) >= 2 and rest[1] == "trăm" and rest[0] in UNITS
    if has_hundred:
        if UNITS[rest[0]] == 0 and (not has_thousand or len(rest) == 2):
            return None  # ("… không trăm" says tens or units follow: "hai nghìn không trăm" is cut short)
        total, rest = total + UNITS[rest[0]] * 100, rest[2:]
    if not rest:
        return (total, frozenset(notes)) if (has_thousand or has_hundred) else None
    if rest[0] in ZERO_TENS_WORDS:
        if not (has_thousand or has_hundred):
            return None
        tail = rest[1:]
        if len(tail) == 1 and UNITS.get(tail[0], 0) >= 1:
            unit = UNITS[tail[0]]
        elif len(tail) == 1 and tail[0] in ("tư", "lăm", "nhăm", "mốt"):
            unit = {"tư": 4, "lăm": 5, "nhăm": 5, "mốt": 1}[tail[0]]
            if tail[0] != "tư":  # "linh tư" (104) is written; "linh lăm", "linh mốt" are not
                notes.add(NONSTANDARD)
        else:
            tens = parse_tens(tail)
            if tens is None or tens[0] < 10:
                return None
            unit = tens[0]  # "lẻ hai mươi" (num2words' 2020): the value is clear, the words are wrong
            notes |= tens[1] | {NONSTANDARD}
        if not has_hundred:
            notes.add(NONSTANDARD)  # "hai nghìn lẻ ba" for "hai nghìn không trăm linh ba"
        return total + unit, frozenset(notes)
    tens = parse_tens(rest)
    if tens is None:
        return None
    if has_thousand or has_hundred:
        if tens[0] < 10:
            return None  # "hai nghìn ba", "một trăm năm": colloquially 2300 and 150, ambiguous
        if has_thousand and not has_hundred:
            notes.add(NONSTANDARD)  # "hai nghìn hai mươi" for "hai nghìn không trăm hai mươi"
    return total + tens[0], frozenset(notes | tens[1])


def parse_year_words(words: Sequence[str]) -> Reading | None:
    """Read a year in words; four digit words (``một chín chín không``) are read digit by digit."""
    reading = parse_number(words)
    if reading is not None:
        return reading
    if len(words) == 4 and all(word in UNITS for word in words) and UNITS[words[0]] >= 1:
        return int("".join(str(UNITS[word]) for word in words)), frozenset({NONSTANDARD})
    return None


def parse_month_words(words: Sequence[str]) -> Reading | None:
    """Read a month: ``giêng``/``một`` (1), ``tư``/``bốn`` (4), ``mười một``, ``mười hai``/``chạp``."""
    if len(words) == 1:
        special = {"giêng": (1, ""), "tư": (4, ""), "chạp": (12, NONSTANDARD)}.get(words[0])
        if special is not None:
            return special[0], frozenset({special[1]} - {""})
    reading = parse_tens(words)
    if reading is None or not 1 <= reading[0] <= 12:
        return None
    return reading


# --------------------------------------------------------------------------- repairing a phrase

@dataclass(frozen=True)
class Token:
    """A word of the input, where it sits, and its readings."""

    text: str
    start: int
    end: int
    readings: tuple[Candidate, ...]


_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def tokenize(text: str, vocabulary: Vocabulary) -> list[Token]:
    """Words of ``text`` with their readings.

    A word that matches nothing well is tried joined with the next one (``mư
    ơi``: a split word) and cut in two (``haimươi``: a lost space).
    """
    matches = list(_WORD.finditer(text))
    tokens: list[Token] = []
    index = 0
    while index < len(matches):
        match = matches[index]
        readings = candidates(match.group(0), vocabulary)
        if not readings or readings[0].cost > 1:
            if index + 1 < len(matches):
                joined = match.group(0) + matches[index + 1].group(0)
                joined_readings = tuple(Candidate(c.word, c.cost + 1, "joined_word")
                                        for c in candidates(joined, vocabulary) if c.cost <= 1)
                if joined_readings:
                    tokens.append(Token(joined, match.start(), matches[index + 1].end(), joined_readings))
                    index += 2
                    continue
            halves = _split_glued(match.group(0), vocabulary)
            if halves is not None:
                for half in halves:
                    tokens.append(Token(half, match.start(), match.end(), tuple(
                        Candidate(c.word, c.cost + 1, "split_word") for c in candidates(half, vocabulary)
                        if c.cost <= 1)))
                index += 1
                continue
        tokens.append(Token(match.group(0), match.start(), match.end(), readings))
        index += 1
    return tokens


def _split_glued(word: str, vocabulary: Vocabulary) -> tuple[str, str] | None:
    for cut in range(2, len(word) - 1):
        halves = (word[:cut], word[cut:])
        if all(candidates(half, vocabulary) and candidates(half, vocabulary)[0].cost <= 1 for half in halves):
            return halves
    return None


#: At most this many readings of a phrase are tried (the grammar picks the first that parses).
MAX_COMBINATIONS = 512


def readings_by_cost(tokens: Sequence[Token]) -> list[tuple[Candidate, ...]]:
    """Combinations of token readings, cheapest total cost first (bounded by :data:`MAX_COMBINATIONS`)."""
    choices = [token.readings for token in tokens]
    total = 1
    for options in choices:
        total *= max(1, len(options))
    if total > MAX_COMBINATIONS:
        choices = [options[:2] for options in choices]
    combos = list(itertools.islice(itertools.product(*choices), MAX_COMBINATIONS))
    combos.sort(key=lambda combo: sum(c.cost for c in combo))
    return combos


def respell(text: str, tokens: Sequence[Token], chosen: Sequence[Candidate]) -> str:
    """``text`` with each repaired word replaced by its vocabulary word, in the word's letter case."""
    spans: dict[tuple[int, int], list[tuple[Token, Candidate]]] = {}
    for token, candidate in zip(tokens, chosen, strict=True):
        spans.setdefault((token.start, token.end), []).append((token, candidate))
    pieces: list[str] = []
    cursor = 0
    for (start, end), parts in sorted(spans.items()):
        if all(candidate.cost == 0 or candidate.word.isdigit() for _, candidate in parts):
            continue
        pieces.append(text[cursor:start])
        pieces.append(" ".join(match_case(token.text, candidate.word) for token, candidate in parts))
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


# --------------------------------------------------------------------------- spelling

@dataclass(frozen=True)
class WordsStyle:
    """How a date or number is spelt: each choice a register may have made."""

    thousand: str = "nghìn"          # or "ngàn"
    zero_tens: str = "linh"          # or "lẻ"
    five_after_tens: str = "lăm"     # after mươi: "lăm" or "nhăm" (after mười always "lăm")
    one_after_tens: str = "mốt"      # after mươi: "mốt" or "một"
    four_after_tens: str = "tư"      # after mươi: "tư" or "bốn"
    seven: str = "bảy"               # or "bẩy"
    day_prefix: str = ""             # "", "mồng" or "mùng" before days 1-10
    january: str = "một"             # or "giêng"
    april: str = "tư"                # or "bốn"
    commas: bool = True              # "Ngày hai, tháng bảy, năm ..." or without commas
    case: str = "sentence"           # "sentence", "lower" or "upper"


#: Named styles: every variant of shared/domain/vietnam.md, each alone and mixed as old registers do.
WORD_STYLES: dict[str, WordsStyle] = {
    "standard": WordsStyle(),
    "no_commas": WordsStyle(commas=False),
    "ngan": WordsStyle(thousand="ngàn"),
    "le": WordsStyle(zero_tens="lẻ"),
    "nham": WordsStyle(five_after_tens="nhăm"),
    "mot": WordsStyle(one_after_tens="một"),
    "bon": WordsStyle(four_after_tens="bốn", april="bốn"),
    "bay": WordsStyle(seven="bẩy"),
    "mong": WordsStyle(day_prefix="mồng"),
    "mung": WordsStyle(day_prefix="mùng"),
    "gieng": WordsStyle(january="giêng"),
    "upper": WordsStyle(case="upper"),
    "lower": WordsStyle(case="lower", commas=False),
    "old_register": WordsStyle(thousand="ngàn", zero_tens="lẻ", five_after_tens="nhăm", seven="bẩy",
                               day_prefix="mồng", january="giêng", commas=False),
}

_DIGIT_WORDS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def resolve_style(style: str | WordsStyle) -> WordsStyle:
    """A style by name (see :data:`WORD_STYLES`) or as given."""
    if isinstance(style, WordsStyle):
        return style
    try:
        return WORD_STYLES[style]
    except KeyError as exc:
        raise ValueError(f"unknown words style {style!r}; known: {', '.join(WORD_STYLES)}") from exc


def _digit(value: int, style: WordsStyle) -> str:
    return style.seven if value == 7 else _DIGIT_WORDS[value]


def _spell_tens(value: int, style: WordsStyle) -> list[str]:
    tens, unit = divmod(value, 10)
    if tens == 0:
        return [_digit(unit, style)]
    words = ["mười"] if tens == 1 else [_digit(tens, style), "mươi"]
    if unit == 0:
        return words
    if unit == 5:
        words.append("lăm" if tens == 1 else style.five_after_tens)
    elif unit == 1 and tens >= 2:
        words.append(style.one_after_tens)
    elif unit == 4 and tens >= 2:
        words.append(style.four_after_tens)
    else:
        words.append(_digit(unit, style))
    return words


def number_to_words(value: int, style: str | WordsStyle = "standard") -> str:
    """Spell 0–9999 as documents do: 2003 ``hai nghìn không trăm linh ba``, 2020 ``hai nghìn không trăm hai mươi``."""
    style = resolve_style(style)
    if not 0 <= value <= 9999:
        raise ValueError("only 0-9999 can be spelt")
    if value == 0:
        return "không"
    thousands, rest = divmod(value, 1000)
    hundreds, tens = divmod(rest, 100)
    words: list[str] = []
    if thousands:
        words += [_digit(thousands, style), style.thousand]
    if thousands and rest == 0:
        return " ".join(words)
    if thousands or hundreds:
        words += [_digit(hundreds, style), "trăm"]
        if tens == 0:
            return " ".join(words)
        if tens < 10:
            return " ".join([*words, style.zero_tens, _digit(tens, style)])
    return " ".join(words + _spell_tens(tens, style))


def day_to_words(day: int, style: str | WordsStyle = "standard") -> str:
    """Spell a day of the month (``mồng hai`` with a ``mồng`` style)."""
    style = resolve_style(style)
    words = number_to_words(day, style)
    return f"{style.day_prefix} {words}" if style.day_prefix and day <= 10 else words


def month_to_words(month: int, style: str | WordsStyle = "standard") -> str:
    """Spell a month: ``một``/``giêng``, ``tư``, ``mười hai``."""
    style = resolve_style(style)
    if month == 1:
        return style.january
    if month == 4:
        return style.april
    return number_to_words(month, style)


def apply_case(text: str, case: str) -> str:
    """``text`` in sentence case, lower case or upper case."""
    if case == "upper":
        return text.upper()
    if case == "lower":
        return text.lower()
    return text[:1].upper() + text[1:]
