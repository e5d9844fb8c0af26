"""Normalisation of a field's raw text toward its kind, with a certainty the confidence builds on.

``normalise(kind, raw) -> Reading``: the value as fields.md wants it (ISO dates,
NFC, single spaces, no stray punctuation), how sure the normaliser is of it
(1.0 = read as is and well-formed; lower when it repaired OCR confusions or
found the text malformed), reasons for doubt, and the parsed value that cross-
checks use (a date as ``(y, m, d)``, a year, a 12-digit ID).

The Vietnamese normalisers (``ocr.vietnamese``) do the real work when they are
installed; this module adapts their result and keeps a small fallback of its
own so extraction stays usable and testable without them.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from itertools import combinations, pairwise

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from inspector.textfold import strip_diacritics
from ocr.vietnamese.dates import SPACED_DATE

#: Characters stripped from both ends of every value: leaders, colons, brackets, stray marks.
EDGE_PUNCTUATION = " .:;,_-–—…|!?'\"“”‘’*·•()[]{}<>~=+"


@dataclass(frozen=True)
class Reading:
    """A normalised value: ``certainty`` in [0, 1]; ``reasons`` are stable codes; ``parsed`` for checks."""

    value: str
    certainty: float
    reasons: tuple[str, ...] = ()
    parsed: object = None


#: Slashes other than "/" that OCR reads (fraction slash, division slash).
_SLASHES = str.maketrans({"\u2044": "/", "\u2215": "/"})


def _doubted(reading: Reading, reason: str, at_most: float, **changes) -> Reading:
    """``reading`` (with ``changes``: a value put right) doubted for ``reason``, its certainty at most
    ``at_most`` (a reason it already carries is not repeated)."""
    return replace(reading, **changes, certainty=min(reading.certainty, at_most),
                   reasons=tuple(dict.fromkeys((*reading.reasons, reason))))


def clean_text(raw: str) -> str:
    """NFC, single spaces (one after each comma), leaders and stray punctuation off both ends."""
    # Tesseract's Vietnamese model often reads a slash as the fraction slash "⁄" ("01⁄2024").
    text = unicodedata.normalize("NFC", raw or "").translate(_SLASHES)
    text = re.sub(r"[.…_]{2,}", " ", text)  # dotted leaders inside the span
    text = re.sub(r",(?=[^\W\d_])", ", ", text)  # a comma is always followed by a space ("chín,năm")
    text = " ".join(text.split())
    text = text.strip(EDGE_PUNCTUATION)
    # Any other mark at the ends (a stray accent, a bracket half) is noise, not value.
    while text and not (text[0].isalnum() or text[0] == "("):
        text = text[1:].lstrip()
    while text and not (text[-1].isalnum() or (text[-1] == ")" and "(" in text)):
        text = text[:-1].rstrip()
    return text


# --------------------------------------------------------------------------- syllables

_ONSETS = ("ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr",
           "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x")
_RHYMES = set(["a", "ai", "ao", "au", "ay", "an", "ang", "anh", "am", "ac", "ach", "ap", "at", "ăn", "ăng", "ăm", "ăc", "ăp", "ăt", "âu", "ây", "ân", "âng", "âm", "âc", "âp", "ât", "e", "eo", "en", "eng", "em", "ec", "ep", "et", "ê", "êu", "ên", "ênh", "êm", "êch", "êp", "êt", "i", "ia", "iu", "in", "inh", "im", "ic", "ich", "ip", "it", "iêu", "iên", "iêng", "iêm", "iêc", "iêp", "iêt", "o", "oi", "on", "ong", "om", "oc", "op", "ot", "oa", "oai", "oao", "oay", "oan", "oang", "oanh", "oam", "oac", "oach", "oap", "oat", "oăn", "oăng", "oăm", "oăc", "oăt", "oe", "oeo", "oen", "oem", "oet", "ooc", "oong", "ô", "ôi", "ôn", "ông", "ôm", "ôc", "ôp", "ôt", "ơ", "ơi", "ơn", "ơm", "ơp", "ơt", "u", "ua", "ui", "un", "ung", "um", "uc", "up", "ut", "uân", "uâng", "uât", "uây", "uê", "uêch", "uênh", "uy", "uya", "uyu", "uyn", "uynh", "uyt", "uych", "uyên", "uyêt", "uơ", "uôi", "uôn", "uông", "uôm", "uôc", "uôt", "ưa", "ư", "ưi", "ưu", "ưn", "ưng", "ưm", "ưc", "ưt", "ươi", "ươu", "ươn", "ương", "ươm", "ươc", "ươp", "ươt", "ươ", "y", "yêu", "yên", "yêm", "yêt"])
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _split_tone(syllable: str) -> tuple[str, str | None, int]:
    """The syllable without its tone mark, the mark, and how many tone marks it carried."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [char for char in decomposed if char in _TONES]
    base = unicodedata.normalize("NFC", "".join(char for char in decomposed if char not in _TONES))
    return base, (tones[0] if tones else None), len(tones)


def is_syllable(word: str) -> bool:
    """Whether ``word`` (letters only) is a well-formed Vietnamese syllable (spelling, tone and final)."""
    base, tone, count = _split_tone(word.casefold())
    if count > 1 or not base.isalpha():
        return False
    for onset in (*_ONSETS, ""):
        if not base.startswith(onset):
            continue
        rhyme = base[len(onset):]
        if onset == "gi" and rhyme == "":
            rhyme = "i"
        if onset == "qu":
            if rhyme[:1] in ("u", "ư"):
                continue
            if rhyme not in _RHYMES and "u" + rhyme in _RHYMES:
                rhyme = "u" + rhyme
        if rhyme in _RHYMES:
            if rhyme.endswith(("c", "ch", "p", "t")) and tone not in (None, "\u0301", "\u0323"):
                continue
            return True
    return False


def syllable_share(text: str) -> float:
    """The share of letter words of ``text`` that are well-formed syllables or words of the official
    unit names (Krông, Plei, Hring: minority-language words places are named with), 1.0 when there
    are none."""
    from ocr.vietnamese.places import UNIT_WORD, unit_name_words

    words = UNIT_WORD.findall(text)
    if not words:
        return 1.0
    known = unit_name_words()
    return sum(1 for word in words if is_syllable(word)
               or unicodedata.normalize("NFC", word.casefold().replace("’", "'")) in known) / len(words)


# --------------------------------------------------------------------------- digits

_DIGIT_CONFUSIONS = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "ô": "0", "Ô": "0", "ơ": "0",
                                   "I": "1", "l": "1", "|": "1", "i": "1", "í": "1", "!": "1",
                                   "Z": "2", "z": "2", "S": "5", "s": "5", "G": "6", "b": "6",
                                   "T": "7", "B": "8", "g": "9", "q": "9"})


def repair_digits(text: str) -> tuple[str, bool]:
    """Read letters that look like digits as digits; say whether anything was changed."""
    repaired = text.translate(_DIGIT_CONFUSIONS)
    return repaired, repaired != text


# --------------------------------------------------------------------------- dates in digits

_DATE_DIGITS = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_DATE_PHRASE = re.compile(r"ng\w*\s*(\d{1,2})\W*th\w*\s*(\d{1,2})\W*n\w*\s*(\d{4})", re.IGNORECASE)


def _valid_date(day: int, month: int, year: int) -> bool:
    if not 1850 <= year <= 2100:
        return False
    try:
        _dt.date(year, month, day)
    except ValueError:
        return False
    return True


#: Digits OCR takes for one another in some typefaces (a short-serifed 1 for a 7, an open 0 for a
#: 9, a 6 or an 8 whose loop is filled for a 0), each way it was seen on pages read.
_CONFUSED_DIGITS = {"1": "7", "7": "1", "0": "9", "9": "0", "8": "0", "6": "0"}


def _confused_digits_date(day: str, month: str, year: str) -> tuple[int, int, int] | None:
    """``(year, month, day)`` of the one valid, past date that a date impossible as read
    ("28/89/1990", "03/04/2915") becomes with the fewest confused digits (two at most), else ``None``
    (none, or two equally near)."""
    text = f"{day}/{month}/{year}"
    positions = [index for index, char in enumerate(text) if char in _CONFUSED_DIGITS]
    this_year = _dt.date.today().year
    for count in (1, 2):
        found = set()
        for chosen in combinations(positions, count):
            chars = list(text)
            for index in chosen:
                chars[index] = _CONFUSED_DIGITS[chars[index]]
            new_day, new_month, new_year = (int(part) for part in "".join(chars).split("/"))
            if 1900 <= new_year <= this_year and _valid_date(new_day, new_month, new_year):
                found.add((new_year, new_month, new_day))
        if found:
            return found.pop() if len(found) == 1 else None
    return None


def _confused_digits_time(hour: str, minute: str) -> tuple[int, int] | None:
    """``(hour, minute)`` of the one time of day that a time impossible as read ("79 giờ 00 phút",
    "29 giờ 15") becomes with one confused digit, else ``None`` (none, or two equally near)."""
    text = f"{hour}:{minute}"
    found = set()
    for index, char in enumerate(text):
        if char in _CONFUSED_DIGITS:
            new_hour, new_minute = (int(part) for part in (text[:index] + _CONFUSED_DIGITS[char]
                                                            + text[index + 1:]).split(":"))
            if new_hour <= 23 and new_minute <= 59:
                found.add((new_hour, new_minute))
    return found.pop() if len(found) == 1 else None


def _glued_digit_letter(text: str, start: int) -> bool:
    """Whether ``text[start - 1]`` is a letter OCR reads for a digit, glued to the digits at
    ``start`` and alone or after "ngày" ("l2/03", "ngàyl2/03"; not the end of another word)."""
    if start == 0 or text[start - 1].translate(_DIGIT_CONFUSIONS) == text[start - 1]:
        return False
    return start == 1 or not text[start - 2].isalnum() or strip_diacritics(text[:start - 1]).lower().endswith("ngay")


def _normalise_date(raw: str) -> Reading:
    text = clean_text(raw)
    if not text:
        return Reading("", 1.0)
    certainty = 1.0
    reasons: list[str] = []
    match = _DATE_DIGITS.search(text) or _DATE_PHRASE.search(strip_diacritics(text))
    if match is not None and match.re is _DATE_DIGITS and _glued_digit_letter(text, match.start()):
        # "l2/03/2019": the day's first digit read as a letter; the match began at its second.
        at = match.start() - 1
        fixed = text[:at] + text[at].translate(_DIGIT_CONFUSIONS) + text[at + 1:]
        repaired = _DATE_DIGITS.search(fixed)
        if repaired is not None and repaired.start() == at and _valid_date(*(int(g) for g in repaired.groups())):
            text, match, certainty, reasons = fixed, repaired, 0.6, ["repaired_digits"]
    if match is None:
        repaired, changed = repair_digits(text)
        match = _DATE_DIGITS.search(repaired)
        if match is not None:
            certainty, reasons = 0.6, ["repaired_digits"]
    if match is None:
        digits = re.sub(r"\D", "", repair_digits(text)[0])
        if len(digits) == 10 and digits[2] in "17" and digits[5] in "17":
            digits = digits[:2] + digits[3:5] + digits[6:]  # the slashes read as ones or sevens
        if len(digits) == 8:
            day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:])
            if _valid_date(day, month, year):
                return Reading(f"{year:04d}-{month:02d}-{day:02d}", 0.5, ("separators_missing",),
                               (year, month, day))
        spaced = SPACED_DATE.search(text)
        if spaced is not None:
            # "13 8 2023": the slashes lost (thin in some typefaces, or under a box's rule).
            day, month, year = (int(group) for group in spaced.groups())
            if _valid_date(day, month, year):
                return Reading(f"{year:04d}-{month:02d}-{day:02d}", 0.5, ("separators_missing",),
                               (year, month, day))
        return Reading(text, 0.0, ("not_a_date",))
    day, month, year = (int(group) for group in match.groups())
    if not _valid_date(day, month, year):
        confused = _confused_digits_date(*match.groups())
        if confused is None:
            return Reading(text, 0.0, ("not_a_date",))
        year, month, day = confused
        # A guess, always shown: the digits left as read may be confused the same way ("29-95-1967"
        # made 29-05 where the page says 20-05), and a second look in the same type agrees with them.
        return Reading(f"{year:04d}-{month:02d}-{day:02d}", 0.3, ("digits_confused",), confused)
    leftover = (text[:match.start()] + text[match.end():]).strip(EDGE_PUNCTUATION + " ")
    if leftover and not re.fullmatch(r"(?i)ng\w*", strip_diacritics(leftover)):
        certainty = min(certainty, 0.6)
        reasons.append("extra_text")
    return Reading(f"{year:04d}-{month:02d}-{day:02d}", certainty, tuple(reasons), (year, month, day))


# --------------------------------------------------------------------------- dates in words

_NUMBER_WORDS = {
    "không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "nhăm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10, "mươi": -10, "trăm": -100,
    "nghìn": -1000, "ngàn": -1000, "linh": -1, "lẻ": -1, "giêng": 1, "chạp": 12,
}  # the words of numbers in dates (values only tell digits from the other words)
_DATE_MARKERS = ("ngày", "tháng", "năm", "mồng", "mùng")
_WORD_VOCABULARY = tuple(_NUMBER_WORDS) + _DATE_MARKERS


@cache
def _folded_vocabulary() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for word in _WORD_VOCABULARY:
        table.setdefault(strip_diacritics(word), []).append(word)
    return {key: tuple(words) for key, words in table.items()}


_DIGITS = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
           "nhăm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}


def _below_hundred(tokens: list[str]) -> int | None:
    if not tokens:
        return 0
    if tokens[0] in ("linh", "lẻ"):
        return _DIGITS.get(tokens[1]) if len(tokens) == 2 else None
    if tokens[0] == "mười":
        if len(tokens) == 1:
            return 10
        unit = _DIGITS.get(tokens[1]) if len(tokens) == 2 else None
        return None if unit is None or unit == 0 else 10 + unit
    tens = _DIGITS.get(tokens[0])
    if tens is None:
        return None
    if len(tokens) == 1:
        return tens
    if tokens[1] != "mươi" or tens < 2:
        return None
    if len(tokens) == 2:
        return tens * 10
    unit = _DIGITS.get(tokens[2]) if len(tokens) == 3 else None
    return None if unit is None or unit == 0 else tens * 10 + unit


def _below_thousand(tokens: list[str]) -> int | None:
    if "trăm" not in tokens:
        return _below_hundred(tokens)
    at = tokens.index("trăm")
    if at != 1 or tokens[0] not in _DIGITS:
        return None
    if tokens[0] == "không" and not tokens[at + 1:]:
        return None  # "không trăm" says tens or units follow: "hai nghìn không trăm" is cut short
    rest = _below_hundred(tokens[at + 1:])
    return None if rest is None else _DIGITS[tokens[0]] * 100 + rest


def _number_value(tokens: list[str]) -> int | None:
    """The value of Vietnamese number words (0–9999) or ``None`` when they do not form a number."""
    if not tokens:
        return None
    if len(tokens) == 1 and tokens[0] in ("giêng", "chạp"):
        return 1 if tokens[0] == "giêng" else 12
    for marker in ("nghìn", "ngàn"):
        if marker in tokens:
            at = tokens.index(marker)
            if at != 1 or tokens[0] not in _DIGITS:
                return None
            rest = _below_thousand(tokens[at + 1:])
            return None if rest is None else _DIGITS[tokens[0]] * 1000 + rest
    return _below_thousand(tokens)


def _repair_word(token: str, previous: str | None) -> tuple[str, bool]:
    """``token`` mapped onto the number vocabulary (keeps known words; fixes OCR diacritics)."""
    lowered = token.casefold()
    if lowered in _NUMBER_WORDS or lowered in _DATE_MARKERS:
        return lowered, False
    candidates = _folded_vocabulary().get(strip_diacritics(lowered))
    if candidates:
        if set(candidates) == {"mười", "mươi"}:
            digit_before = previous is not None and 2 <= _NUMBER_WORDS.get(previous, -5) <= 9
            return ("mươi" if digit_before else "mười"), True
        if set(candidates) >= {"năm", "lăm"} and len(candidates) == 1:
            return candidates[0], True
        return candidates[0], True
    match = process.extractOne(lowered, _WORD_VOCABULARY, scorer=fuzz.ratio, score_cutoff=75)
    if match:
        return match[0], True
    return lowered, True


def parse_date_words(raw: str) -> tuple[tuple[int, int, int] | None, str, int]:
    """Parse "Ngày hai mươi sáu, tháng hai, năm hai nghìn không trăm linh ba".

    Returns the date ``(y, m, d)`` or ``None``, the text with OCR-garbled number words
    repaired (case and punctuation kept as read), and how many words were repaired.
    """
    text = clean_text(raw)
    pieces = re.split(r"(\W+)", text)
    repaired_pieces, tokens = [], []
    repairs = 0
    previous = None
    for piece in pieces:
        if piece and re.fullmatch(r"\w+", piece) and not piece.isdigit():
            word, changed = _repair_word(piece, previous)
            repairs += changed
            if changed:
                fixed = word.upper() if piece.isupper() and len(piece) > 1 else (
                    word.capitalize() if piece[:1].isupper() else word)
                repaired_pieces.append(fixed)
            else:
                repaired_pieces.append(piece)
            tokens.append(word)
            previous = word
        else:
            repaired_pieces.append(piece)
    repaired = "".join(repaired_pieces)
    # Split at the markers: ngày <day> tháng <month> năm <year>; "năm" is also the number 5.
    try:
        day_at = next(i for i, t in enumerate(tokens) if t == "ngày")
        month_at = next(i for i, t in enumerate(tokens) if t == "tháng" and i > day_at)
        year_at = next(i for i, t in enumerate(tokens) if t == "năm" and i > month_at + 1)
    except StopIteration:
        return None, repaired, repairs
    day_tokens = [t for t in tokens[day_at + 1:month_at] if t not in ("mồng", "mùng")]
    day = _number_value(day_tokens)
    month = _number_value(tokens[month_at + 1:year_at])
    year = _number_value(tokens[year_at + 1:])
    if day is None or month is None or year is None or not _valid_date(day, month, year):
        return None, repaired, repairs
    return (year, month, day), repaired, repairs


def _normalise_date_words(raw: str) -> Reading:
    cleaned = clean_text(raw)
    # (a speck read as a mark standing between the words, "không ` trăm", is no part of the date)
    text = " ".join(word for word in tidy_inner_punctuation(cleaned).split()
                    if any(char.isalnum() for char in word) or word in (",", ";"))
    if not text:
        return Reading("", 1.0)
    if text != cleaned:
        # Stops between the words: leader dots, or commas of the printed text read badly.
        reading = _normalise_date_words(text)
        return _doubted(reading, "stray_punctuation", 0.6)
    parsed, repaired, repairs = parse_date_words(text)
    if parsed is None:
        return Reading(text, 0.1, ("not_a_date",))
    value = _commas_alike(repaired[:1].upper() + repaired[1:])
    certainty = 1.0 if repairs == 0 else max(0.5, 0.9 - 0.1 * repairs)
    reasons = ("repaired_words",) if repairs else ()
    if _STOP_AFTER_DATE_WORD.search(value):
        # "tháng, bảy": no one writes a stop between the word and its number; a mark read there
        # may stand for letters lost.
        certainty, reasons = min(certainty, 0.6), (*reasons, "stray_punctuation")
    return Reading(value, certainty, reasons, parsed)


_BEFORE_MONTH = re.compile(r"(?i)(\S)(\s+)tháng\b")
_BEFORE_YEAR = re.compile(r"(?i)(\S)(\s+)năm\s+(?:một|hai)\s+(?:nghìn|ngàn)\b")


def _commas_alike(value: str) -> str:
    """A date in words with the comma OCR lost before "tháng" or before the year's "năm" put back when
    the other one stands ("Ngày mồng ba tháng mười hai, năm …": a page writes both or neither)."""
    month = _BEFORE_MONTH.search(value)
    if month is None:
        return value
    years = [match for match in _BEFORE_YEAR.finditer(value) if match.start() > month.start()]
    if not years:
        return value
    year = years[-1]
    if (month.group(1) == ",") == (year.group(1) == ","):
        return value
    lacking = year if month.group(1) == "," else month
    return value[:lacking.end(1)] + "," + value[lacking.end(1):]


#: A stop right after ngày or tháng, or after năm before the year (năm is five too: "tháng năm, năm…").
_STOP_AFTER_DATE_WORD = re.compile(r"(?i)\b(?:ngày|tháng)\s*[,.;:]|\bnăm\s*[,.;:]\s*(?:một|hai)\s+(?:nghìn|ngàn)")


# --------------------------------------------------------------------------- small kinds

def _normalise_year(raw: str) -> Reading:
    text = clean_text(raw)
    if not text:
        return Reading("", 1.0)
    match = re.fullmatch(r"\d{4}", text)
    certainty = 1.0
    if match is None:
        repaired, _ = repair_digits(text.replace(" ", ""))
        match = re.fullmatch(r"\d{4}", repaired)
        certainty = 0.6
        if match is None:
            found = re.search(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", text)
            if found is None:
                return Reading(text, 0.0, ("not_a_year",))
            match, certainty = found, 0.5
    year = int(match.group(0))
    if not 1850 <= year <= 2100 and match.group(0).startswith("7") and 1850 <= year - 6000 <= 2100:
        # "7933": a 1 read as 7 (a serif 1's flag), the one confusion that leaves four digits
        year, certainty = year - 6000, min(certainty, 0.5)
    if not 1850 <= year <= 2100:
        return Reading(match.group(0), 0.0, ("not_a_year",))
    return Reading(str(year), certainty, () if certainty == 1.0 else ("repaired_digits",), year)


#: (a mark OCR reads between the hour and "giờ", "19'giờ", "79ˆgiờ", is skipped but doubted)
_TIME = re.compile(r"(?P<hour>\d{1,2})(?P<gap>[\s.ˆ`'~]*)(?:gio|g|h|:)[\s.,:]*"
                   r"(?:(?P<minute>\d{1,2})[\s.]*(?:phut|ph|p|')?)?")


def _normalise_time(raw: str) -> Reading:
    """``10 giờ 30 phút``, ``10h30``, ``10:30`` → ``10:30``; anything else left over makes it doubtful."""
    text = clean_text(raw)
    if not text:
        return Reading("", 1.0)
    folded = strip_diacritics(text).casefold()
    certainty, reasons = 1.0, []
    match = _TIME.search(folded)
    if match is None:
        folded = strip_diacritics(repair_digits(text)[0]).casefold()
        match = _TIME.search(folded)
        certainty, reasons = 0.6, ["repaired_digits"]
    if match is None:
        return Reading(text, 0.0, ("not_a_time",))
    hour, minute = int(match.group("hour")), int(match.group("minute") or 0)
    if hour > 23 or minute > 59:
        confused = _confused_digits_time(match.group("hour"), match.group("minute") or "00")
        if confused is None:
            return Reading(text, 0.0, ("not_a_time",))
        hour, minute = confused
        # A guess, always shown, as for a date (the digits left as read may be confused too).
        return Reading(f"{hour:02d}:{minute:02d}", 0.3, ("digits_confused",), confused)
    leftover = (folded[:match.start()] + " " + folded[match.end():]).strip(EDGE_PUNCTUATION + " ")
    if leftover and not re.fullmatch(r"(?:ngay|luc|vao|sang|chieu|toi|dem|trua|\W)*", leftover):
        certainty = min(certainty, 0.5)
        reasons.append("extra_text")
    if re.search(r"[ˆ`'~]", match.group("gap")):
        certainty = min(certainty, 0.6)
        reasons.append("stray_character")
    if match.group("minute") is None:
        # "03 giờ": an hour without its minutes, which a cell's edge or a poor scan may have taken
        # (03:45 read 03:00, both readings agreeing); a whole hour is rarer than a lost number.
        certainty = min(certainty, 0.7)
        reasons.append("text_left_out")
    return Reading(f"{hour:02d}:{minute:02d}", certainty, tuple(reasons), (hour, minute))


def _normalise_sex(raw: str) -> Reading:
    text = clean_text(raw)
    if not text:
        return Reading("", 1.0)
    if text in ("Nam", "Nữ"):
        return Reading(text, 1.0)
    folded = strip_diacritics(text).casefold().replace(" ", "")
    if folded in ("nam",):
        return Reading("Nam", 0.85, ("repaired",))
    if folded in ("nu", "nua", "nuu"):
        return Reading("Nữ", 0.85 if folded == "nu" else 0.7, ("repaired",))
    leading = _leading_entry(text, lambda words: words if words in ("Nam", "Nữ") else None)
    if leading is not None:
        return Reading(leading, 0.5, ("extra_text",))
    return Reading(text, 0.0, ("not_a_sex",))


def _leading_entry(text: str, entry_of: Callable[[str], str | None]) -> str | None:
    """The entry of a closed list that the first one to three words of ``text`` spell, when more
    text follows ("Kinh [quốc th Việt Nam": the fields after it on the line, their captions damaged
    by a box's border, read with it), else ``None``. ``entry_of(words)`` gives the entry or None."""
    words = text.split()
    for count in (3, 2, 1):
        if len(words) <= count:
            continue
        entry = entry_of(" ".join(words[:count]).strip(EDGE_PUNCTUATION))
        if entry is not None:
            return entry
    return None


ETHNIC_GROUPS = (
    "Kinh", "Tày", "Thái", "Mường", "Khơ Me", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai", "Ê Đê", "Ba Na",
    "Sán Chay", "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai", "Mnông", "Thổ", "Xtiêng", "Khơ Mú",
    "Bru-Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ", "Giẻ Triêng", "Co", "Chơ Ro", "Xinh Mun", "Hà Nhì",
    "Chu Ru", "Lào", "La Chí", "Kháng", "Phù Lá", "La Hủ", "La Ha", "Pà Thẻn", "Lự", "Ngái", "Chứt", "Lô Lô",
    "Mảng", "Cơ Lao", "Bố Y", "Cống", "Si La", "Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu",
    # Spellings seen on documents.
    "H'Mông", "Hmông", "Khmer", "Khơ-me", "Ê-đê", "Stiêng", "Gié-Triêng", "Raglay", "Sán Chỉ", "Cao Lan",
    "Bru", "Vân Kiều", "Jrai", "Bahnar", "Ê đê", "Khơ me", "Gia-rai", "Ba-na", "Xơ-đăng", "Cơ-ho",
)
NATIONALITIES = ("Việt Nam", "Lào", "Campuchia", "Trung Quốc", "Hàn Quốc", "Nhật Bản", "Hoa Kỳ", "Pháp",
                 "Đài Loan", "Thái Lan", "Nga", "Đức", "Anh", "Úc", "Ca-na-đa", "Singapore", "Không quốc tịch")


#: The certainty of a closed-list value repaired from a reading this similar to it (rapidfuzz ratio).
CLOSE_REPAIR, CLOSE_REPAIR_SCORE = 0.6, 80.0


def _lexicon(raw: str, lexicon: tuple[str, ...], reason: str) -> Reading:
    text = clean_text(raw)
    if not text:
        return Reading("", 1.0)
    equal, folded = _lexicon_keys(lexicon)
    key = _equivalent_key(text)
    if key in equal:
        return Reading(text, 1.0, (), equal[key])
    hits = [entry for fold, entry in folded.items() if fold == strip_diacritics(key)]
    if len(hits) == 1:
        return Reading(hits[0], 0.8, ("repaired",), hits[0])
    leading = _leading_entry(text, lambda words: equal.get(_equivalent_key(words)))
    if leading is not None:
        return Reading(leading, 0.5, ("extra_text",), leading)
    starting = [entry for entry in lexicon if len(entry.split()) > len(text.split())
                and _equivalent_key(" ".join(entry.split()[:len(text.split())])) == key]
    if len(set(starting)) == 1:
        # "Việt": the entry's first words, its last lost (cut at a box's border, or on a line not read).
        return Reading(starting[0], 0.5, ("repaired",), starting[0])
    best = process.extractOne(key, list(equal), scorer=fuzz.ratio, score_cutoff=70)
    if best:
        # A letter or two off ("Việt Ngm", "Knh") is surer than a word that merely resembles
        # an entry ("Thành" for "Hà Nhì").
        certainty = CLOSE_REPAIR if best[1] >= CLOSE_REPAIR_SCORE else 0.5
        return Reading(equal[best[0]], certainty, ("repaired",), equal[best[0]])
    return Reading(text, 0.2, (reason,))


@cache
def _relationship_words() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """The words of ``resources/lexicons/relationships.json`` by equivalence key, and by that key
    without diacritics (every word sharing it)."""
    from ocr.vietnamese.lexicons import load_lexicon

    words = load_lexicon("relationships")["words"]
    equal = {_equivalent_key(word): word for word in words}
    folded: dict[str, tuple[str, ...]] = {}
    for key, word in equal.items():
        folded[strip_diacritics(key)] = (*folded.get(strip_diacritics(key), ()), word)
    return equal, folded


#: The words of a relationship's own caption (Quan hệ với người đã chết / người được khai sinh) that
#: a caption wrapped over two lines leaves around the value.
_RELATIONSHIP_CAPTION_WORDS = re.compile(
    r"(?i)^\s*(?:quan\s+hệ\s+)?với\b|\bngười\s+(?:đã\s+)?chết\b|\bngười\s+được\s+khai\s+(?:sinh|tử)\b")


def _misread_letter_off(key: str, keys: Iterable[str]) -> list[str]:
    """The ``keys`` one letter misread away from ``key``: as long, one letter other (a letter added or
    lost is not counted: "Chúu" would be Chú as well as Cháu)."""
    return [other for other in keys if len(other) == len(key) and Levenshtein.distance(key, other, score_cutoff=1) == 1]


def _relationship_word(word: str) -> tuple[str, bool] | None:
    """The relationship word ``word`` stands for, and whether it had to be put right; ``None`` when it
    stands for none. A word whose letters match one entry only, marks aside ("Chông" → "Chồng"), or of
    three letters and more that is one letter off one entry only ("Chóu" → "Cháu", "gói" → "gái",
    "trưi" → "trai": :func:`_misread_letter_off`)."""
    from ocr.vietnamese.text import match_case

    equal, folded = _relationship_words()
    key = _equivalent_key(word)
    if key in equal:
        return word, False
    if not word.isalpha():
        return None
    matches = folded.get(strip_diacritics(key), ())
    if len(matches) == 1:
        return match_case(word, matches[0]), True
    if len(key) < 3:
        return None
    near = _misread_letter_off(key, equal)
    return (match_case(word, equal[near[0]]), True) if len(near) == 1 else None


def _normalise_relationship(raw: str) -> Reading:
    """A declarant's relationship ("Con trai", "Cháu nội", "Vợ"): free text whose words are kinship
    words (:func:`_relationship_word` puts right a word OCR changed, doubted like a repaired entry of
    a list); a word none of them is doubted (another column's words, a caption's tail, a misreading
    that is still a syllable). What the caption, wrapped over two lines, left before the value ("với
    người đã chết", misread: "hgười tổ chết:") and what follows the value's kinship words (the
    next column's name: "Con trai TÙNG") are cut, doubted."""
    reading = _normalise_text(raw)
    if not reading.value:
        return reading
    bare = " ".join(_RELATIONSHIP_CAPTION_WORDS.sub(" ", reading.value).split()).strip(EDGE_PUNCTUATION)
    if bare and bare != reading.value:
        # "với Anh trai người đã chết": the caption wrapped over two lines ("Quan hệ với" / "người đã
        # chết") read around the value; what is left is the value, doubted.
        reading = _doubted(reading, "caption_in_value", 0.6, value=bare)
    read = reading.value.split()
    known = [_relationship_word(word.strip(EDGE_PUNCTUATION)) for word in read]
    start = 0
    caption_end = max((index for index, word in enumerate(read)
                       if re.fullmatch(r"(?i)ch[eếê]t:?|h[eệê]:?", word)), default=-1)
    after = next((index for index in range(caption_end + 1, len(read)) if known[index] is not None), None)
    if caption_end >= 0 and after is not None:
        # "hgười tổ chết: Anh trai", "Quan hệ LC Cháu nội": the caption's last word, misread around
        start = after
        reading = _doubted(reading, "caption_in_value", 0.6)
    end = start
    while end < len(read) and known[end] is not None:
        end += 1
    if end - start >= 2 and end < len(read):
        # "Con trai TÙNG", "Chị gái, ` N": the kinship words, then the next column's or specks
        reading = _doubted(reading, "extra_text", 0.6)
    else:
        end = len(read)
    words, repaired, unknown = [], False, False
    for word, found in zip(read[start:end], known[start:end], strict=True):
        if found is None:
            words.append(word)
            unknown = True
        else:
            words.append(found[0] + word[len(word.rstrip(EDGE_PUNCTUATION)):] if found[1] else word)
            repaired = repaired or found[1]
    value, certainty, reasons = " ".join(words).strip(EDGE_PUNCTUATION), reading.certainty, list(reading.reasons)
    if repaired:
        certainty = min(certainty, 0.8)
        reasons.append("repaired")
    if unknown:
        certainty = min(certainty, 0.5)
        reasons.append("not_a_relationship")
    return replace(reading, value=value, certainty=certainty, reasons=tuple(dict.fromkeys(reasons)))


@cache
def _lexicon_keys(lexicon: tuple[str, ...]) -> tuple[dict[str, str], dict[str, str]]:
    """A lexicon's entries by equivalence key, and by that key without diacritics."""
    equal = {_equivalent_key(entry): entry for entry in lexicon}
    return equal, {strip_diacritics(_equivalent_key(entry)): entry for entry in lexicon}


def _equivalent_key(text: str) -> str:
    """fields.md's equivalence: case, NFC, spaces, hyphens and the old/new tone placement ignored."""
    text = unicodedata.normalize("NFC", text).casefold().replace("-", " ").replace("'", "")
    for old, new in (("òa", "oà"), ("óa", "oá"), ("ỏa", "oả"), ("õa", "oã"), ("ọa", "oạ"),
                     ("òe", "oè"), ("óe", "oé"), ("ỏe", "oẻ"), ("õe", "oẽ"), ("ọe", "oẹ"),
                     ("ùy", "uỳ"), ("úy", "uý"), ("ủy", "uỷ"), ("ũy", "uỹ"), ("ụy", "uỵ")):
        text = text.replace(old, new)
    return " ".join(text.split())


def equivalent(a: str, b: str) -> bool:
    """Whether two values are the same under fields.md's equivalent spellings."""
    return _equivalent_key(a) == _equivalent_key(b)


#: The letters OCR makes of the strokes of an empty row of boxes, the comb a form prints for an ID's
#: 12 digits: the boxes' sides read as I, l, T, |, [, ], a box whole as B, R, N, E ("BRRRRRRRRRNN",
#: "LITTITITTI]I]T]", "[ [ [ [ [ li Ị TTTIIT]" on both benches' blank IDs).
BOX_STROKES = frozenset("BRNEDHIilLTtfFJj[]|!¡ÌỊ()")
#: A reading is of box strokes when at least this share of its characters are, and it has no digit.
BOX_STROKES_SHARE = 0.8


def read_as_box_strokes(text: str) -> bool:
    """Whether ``text`` (six characters and more, no digit) is what OCR makes of an empty row of
    boxes: the page's reading of an ID left blank, not of an ID (see :data:`BOX_STROKES`)."""
    compact = re.sub(r"\s", "", text)
    if len(compact) < 6 or re.search(r"\d", compact):
        return False
    return sum(char in BOX_STROKES for char in compact) >= BOX_STROKES_SHARE * len(compact)


#: What a comb's box sides read as between the digits written in its boxes.
_COMB_STROKES = BOX_STROKES | frozenset("/\\:;'`,_")


def _read_through_comb(compact: str) -> bool:
    """Whether an ID was read digit by digit through the comb of boxes printed for it: twelve digits
    once the strokes are dropped, and strokes between most of them (a digit misread as a stroke,
    an "l" for a one, leaves eleven and is not taken)."""
    digits = re.findall(r"\d", compact)
    others = [char for char in compact if not char.isdigit()]
    if len(digits) != 12 or not others or not all(char in _COMB_STROKES for char in others):
        return False
    gaps = re.findall(r"(?<=\d)\D+(?=\d)", compact)
    return len(gaps) >= 6


def _normalise_personal_id(raw: str) -> Reading:
    text = clean_text(raw)
    if not text:
        return Reading("", 1.0)
    if read_as_box_strokes(text):
        # An empty comb: a blank ID, which only a second reading that finds no digit there confirms
        # (:func:`ocr.confidence.assess_field`).
        return Reading("", 0.5, ("empty_boxes",))
    compact = re.sub(r"[\s.\-]", "", text)
    runs = re.findall(r"\d{9,}", compact)
    certainty, reasons = 1.0, []
    if not runs and _read_through_comb(compact):
        # Each digit read in its box, the boxes' sides between them read as strokes ("0j4j5j3j1/70|4j3i2"):
        # the sides go (taken for ones, they made thirteen digits and more of twelve).
        return Reading(re.sub(r"\D", "", compact), 0.6, ("comb_strokes_dropped",), re.sub(r"\D", "", compact))
    if not runs:
        repaired, _ = repair_digits(compact)
        runs = re.findall(r"\d{9,}", repaired)
        certainty, reasons = 0.6, ["repaired_digits"]
    if not runs:
        return Reading(text, 0.0, ("not_a_personal_id",))
    digits = max(runs, key=len)
    if len(digits) != 12:
        return Reading(digits, 0.1, ("personal_id_length",))
    if re.sub(r"\d{12}", "", compact).strip() and not re.search(r"(?i)(cccd|cmnd|s[oốồ]|định|danh)", text):
        certainty = min(certainty, 0.7)
        reasons.append("extra_text")
    return Reading(digits, certainty, tuple(reasons), digits)


def _normalise_number(raw: str) -> Reading:
    text = clean_text(raw)
    if not text:
        return Reading("", 1.0)
    compact = re.sub(r"\s*/\s*", "/", text)
    if re.fullmatch(r"\d+(/\d+)*[A-Za-z]?", compact):
        if compact[-1].isalpha() and repair_digits(compact[-1])[1]:
            # "5Z", "17S": an entry's letter ("12a") or a digit misread as the letter it looks like.
            return Reading(compact, 0.5, ("letter_after_number",), compact)
        return Reading(compact, 1.0, (), compact)
    repaired, _ = repair_digits(compact.replace(" ", ""))
    if re.fullmatch(r"\d+(/\d+)*", repaired):
        return Reading(repaired, 0.5, ("repaired_digits",), repaired)
    return Reading(text, 0.2, ("not_a_number",))


#: The most books of one kind a commune opens in a year: one, a second when the first is full
#: (``shared/domain``); "61/1999" is "01/1999" with its 0 read as 6.
MOST_BOOKS_A_YEAR = 20


def _with_slash_put_back(reading: Reading, reason: str, longest: int = 6) -> Reading | None:
    """``reading`` of a number "NN/YYYY" whose slash OCR lost ("012023", "702016"), put back and
    doubted with ``reason``; ``None`` when it is not one (``longest``: the most digits such a
    number has, its year's four included)."""
    value = reading.value
    if 5 <= len(value) <= longest and value.isdigit() and 1900 <= int(value[-4:]) <= 2100:
        fixed = f"{value[:-4]}/{value[-4:]}"
        return Reading(fixed, min(reading.certainty, 0.5), (*reading.reasons, reason), fixed)
    return None


def _normalise_book_number(raw: str) -> Reading:
    """A book number as printed, "01/2020": after a slash, a year of four digits. "02/2" (cut),
    "012023" (the slash lost: put back) or a number no commune reaches in a year is doubtful."""
    reading = _normalise_number(raw)
    value = reading.value
    if not value or reading.parsed is None:
        return reading
    if "/" in value:
        number, year = value.rsplit("/", 1)
        if (len(year) == 4 and year.isdigit() and 1900 <= int(year) <= 2100
                and (not number.isdigit() or int(number) <= MOST_BOOKS_A_YEAR)):
            return reading
        return _doubted(reading, "book_number_shape", 0.5)
    return _with_slash_put_back(reading, "book_number_shape") or reading


def _normalise_registration_number(raw: str) -> Reading:
    """An entry's number as printed: "58", "70/2016". Five to eight digits ending in a year are the
    latter with its slash lost ("702016", "1552009", "113 2017"; entry numbers restart each year
    and stay in the thousands): put back, doubtful; so is a number whose year after the slash is
    not one ("88/202", cut short)."""
    reading = _normalise_number(raw)
    if not reading.value or reading.parsed is None:
        return reading
    if "/" in reading.value:
        year = reading.value.rsplit("/", 1)[1]
        if len(year) == 4 and year.isdigit() and 1900 <= int(year) <= 2100:
            return reading
        return _doubted(reading, "registration_number_shape", 0.5)
    return _with_slash_put_back(reading, "registration_number_shape", longest=8) or reading


def _normalise_words(raw: str, *, name: bool) -> Reading:
    if not name:
        raw = _STOP_BEFORE_UNIT.sub(", ", raw or "")
    text = tidy_inner_punctuation(clean_text(raw), name=name)
    if not name:
        text = _space_after_commas(text)
    if not text:
        return Reading("", 1.0)
    if name:
        return _normalise_name(text)
    reasons: list[str] = []
    share = syllable_share(re.sub(r"(?i)\b(tp|tx|q|p|h|tt)\b\.?", " ", text))
    certainty = 1.0 if share == 1.0 else max(0.0, share - 0.4)
    if share < 1.0:
        reasons.append("malformed_word")
    if _UNIT_AT_END.search(text):
        # "…, huyện Giao Thủy, tỉnh": the name of the last unit was lost (cut, or on a line not read).
        certainty = min(certainty, 0.5)
        reasons.append("incomplete_place")
    return Reading(text, certainty, tuple(reasons))


#: Words that open an administrative unit's name in an address.
_UNIT_WORDS = r"(?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh|thôn|xóm|bản|ấp|tổ|khu phố|đường)"
_UNIT_AT_END = re.compile(rf"(?i)(?:^|[\s,]){_UNIT_WORDS}$")
_STOP_BEFORE_UNIT = re.compile(rf"(?i)(?<=[^\W\d_])(?<!\bthị)(?<!\bkhu)(?<!ubnd)\s*\.+\s*(?={_UNIT_WORDS}\b)")


#: Name issues (``ocr.vietnamese.names``) that always flag: the value cannot be a name as read.
_NAME_HARD = {"digits_in_name": "digits_in_name", "stray_character": "stray_character",
              "impossible_syllable": "malformed_word", "irregular_case": "irregular_case"}


#: Words read inside a name whose usual spelling there has another mark.
_MARKS_DOUBTED_INSIDE = {"thi": "Thị", "nguyên": "Nguyễn", "nguyen": "Nguyễn"}


def _given_name_words_repaired(text: str) -> str:
    """``text`` with each word after the first that is no Vietnamese syllable put right where a letter
    misread makes it one common given name only ("NGUYỄN VNH PHÚC": a display face's A read as V;
    "QLÂN" for QUÂN), the misread letter a bare one where two are as near (Anh, not Ánh). Not a
    syllable, it is no Vietnamese name as read; a minority name's word one letter off two of them,
    or none, stays as read."""
    from ocr.vietnamese.lexicons import load_lexicon
    from ocr.vietnamese.text import match_case

    common = [_equivalent_key(name) for name in load_lexicon("given_names")["common"]]
    words = text.split(" ")
    for index, word in enumerate(words[1:], 1):
        if not word.isalpha() or len(word) < 3 or is_syllable(word):
            continue
        key = _equivalent_key(word)
        near = _misread_letter_off(key, common)
        if len(near) > 1:
            # "VNH": Anh or Ánh; the letter misread was a bare one more often than one with its mark
            near = [name for name in near
                    if all(strip_diacritics(meant) == meant for read, meant in zip(key, name, strict=True) if read != meant)]
        if len(near) == 1:
            words[index] = match_case(word, near[0])
    return " ".join(words)


def _name_tail_cut(text: str) -> str:
    """``text`` without what OCR read after a name that is no trace of a word: marks, digits and
    specks ("TÔ THỊ LIÊN ˆ", "VŨ VĂN PHONG 2"), and two single letters or more ("ĐỖ MINH TÚ ANH Q Ạ S
    S"). A single letter or a word in small letters stays: it may be what is left of a word the
    reading lost ("NGUYỄN VĂN ĐỨC k", "DƯƠNG HỮU tộc" for Lộc)."""
    def letters(word: str) -> int:  # (a modifier mark, "ˆ", is no letter)
        return sum(unicodedata.category(char) in ("Lu", "Ll", "Lt", "Lo") for char in word)

    words = text.split(" ")
    end = len(words)
    while end > 1 and not letters(words[end - 1]):
        end -= 1
    single = end
    while single > 1 and letters(words[single - 1]) == 1 and not re.search(r"\d", words[single - 1]):
        single -= 1
    return " ".join(words[:single if end - single >= 2 else end])


def _normalise_name(text: str) -> Reading:
    """A person's name: every word a syllable, a known surname. A surname OCR visibly damaged
    (its marks only: ``NGUYÊN`` for ``NGUYỄN``, not itself a surname) is put right; a name
    with no known surname, a malformed word, digits or stray marks is doubtful. In a Vietnamese name
    (a known surname, or one put right; no foreign letter: not "MARY ANN JOHNSON", "RƠ MAH H'LIM"), a
    word of the given names that is no syllable a letter off one common given name is put right,
    always doubted (``given_name_repaired``, :func:`_given_name_words_repaired`). Marks and stray
    letters OCR read after the name (:func:`_name_tail_cut`) are cut, doubted (``extra_text``)."""
    from ocr.vietnamese.names import check_name

    kept = _name_tail_cut(text)
    if kept != text:
        return _doubted(_normalise_name(kept), "extra_text", 0.6)
    check = check_name(text)
    vietnamese = (not check.minority and "foreign_letter" not in check.issues
                  and ("unknown_surname" not in check.issues or bool(check.suggestion)))
    repaired = _given_name_words_repaired(text) if vietnamese else text
    if repaired != text:
        return _doubted(_checked_name(repaired, check_name(repaired)), "given_name_repaired", 0.5)
    return _checked_name(text, check)


def _in_case_of(text: str, suggestion: str) -> str:
    """The name check's ``suggestion`` (its surname put right, written in capitals) as ``text`` writes
    it: the surname in the read surname's letter case, the other words as read ("Nguyên Đức Sang" →
    "Nguyễn Đức Sang", not NGUYỄN ĐỨC SANG). The suggestion as it is where the words do not line up."""
    from ocr.vietnamese.text import match_case

    read, meant = text.split(), suggestion.split()
    if len(read) != len(meant) or any(_equivalent_key(word) != _equivalent_key(right)
                                      for word, right in zip(read[1:], meant[1:], strict=True)):
        return suggestion
    return " ".join([match_case(read[0], meant[0].lower()), *read[1:]])


def _checked_name(text: str, check) -> Reading:
    """:func:`_normalise_name` of a name whose words are as they will be shown, and its ``check``
    (``ocr.vietnamese.names.check_name``)."""
    reasons: list[str] = []
    value = text
    certainty = check.plausibility
    issues = list(check.issues)
    if check.suggestion and issues == ["unknown_surname"]:
        # Only the surname's marks differ from one known surname (and the read one is none).
        value, certainty, issues = _in_case_of(text, check.suggestion), 0.9, []
        reasons.append("surname_repaired")
    elif check.suggestion and issues == ["unknown_surname", "surname_guessed"]:
        # The marks differ from two known surnames: the frequent one is put in, to be checked (as
        # sure as the name read with its unknown surname: a second look so read is still a name).
        value, certainty, issues = _in_case_of(text, check.suggestion), check.plausibility, ["surname_guessed"]
        reasons.append("surname_repaired")
    else:
        issues = [issue for issue in issues if issue != "surname_guessed"]  # (no guess put in)
    for issue in issues:
        # a mark no common name has there is doubted like Thi and Nguyên inside a name (below)
        reasons.append("name_mark_doubt" if issue == "uncommon_marks" else _NAME_HARD.get(issue, issue))
    words = value.split()
    if any(_MARKS_DOUBTED_INSIDE.get(word.casefold()) for word in words[1:-1]):
        # "Kim Thi Phương", "VŨ NGUYÊN HỮU PHƯỚC": inside a name these are almost always Thị and
        # Nguyễn (a middle name, a second surname) with a mark OCR lost; the rare real one is checked.
        reasons.append("name_mark_doubt")
        certainty = min(certainty, 0.5)
    if len(words) >= 2 and words[-1].casefold() in ("văn", "thị"):
        # Văn and Thị open the given names: a name ending with one lost its last word.
        reasons.append("name_incomplete")
        certainty = min(certainty, 0.5)
    if (value[:1].isalpha() and value[:1].islower()) or any(word[:1].islower() for word in words[1:]):
        # A name is written with capitals: a value opening in lower case is words of the form
        # the caption search took for the name ("thân dân số"); a word in small letters after
        # capitals is a word misread or the next column's ("DƯƠNG HỮU tộc" for Lộc, "Nguyễn Thị lâm").
        reasons.append("name_not_capitalised")
        certainty = min(certainty, 0.5)
    if re.search(r"\d", value) and "digits_in_name" not in reasons:
        reasons.append("digits_in_name")
    if any(reason in _NAME_HARD.values() for reason in reasons):
        certainty = min(certainty, 0.3)
    return Reading(value, certainty, tuple(dict.fromkeys(reasons)))


#: Abbreviations a full stop may follow inside a place or a text (``TP.Hồ Chí Minh``, ``Q.1``).
_ABBREVIATIONS = frozenset({"tp", "tx", "tt", "q", "p", "h", "x", "f", "ct", "st", "bv", "đ", "kp"})


def tidy_inner_punctuation(text: str, *, name: bool = False) -> str:
    """Full stops OCR read between the words of a value (the dots of the dotted line the value is
    written on) as the spaces they stand for; a stop after an abbreviation stays. ``,.`` is ``,``.
    A bar between words ("tháng|ba") is a table rule or a speck read as a letter: a space too."""
    if text and "|" in text:
        text = " ".join(re.sub(r"(?<=\w)\|(?=\w)|(?:^|\s)\|(?:\s|$)", " ", text).split())
    if not text or "." not in text:
        return text
    if not name:
        # "Thôn Tân Lập. xã Bình Hiệp": addresses part their units with commas; a stop read there is one.
        text = _STOP_BEFORE_UNIT.sub(", ", text)
    text = re.sub(r"\s*([,;])(?:\s*\.)+", r"\1", text)
    text = re.sub(r"(?:\.\s*)+([,;])", r"\1", text)

    def replace(match: re.Match) -> str:
        before = match.group(1)
        if not name and before.casefold() in _ABBREVIATIONS:
            return before + ". " if match.group(0).endswith(" ") else before + "."
        return before + " "

    # (before a number too: "quận.5", "Tổ.12" are leader dots where a space was; "Q.5" keeps its stop)
    text = re.sub(r"([^\W\d_]+)\s*\.+\s*(?=[^\W_])", replace, text)
    text = re.sub(r"(?<=\s)\.+(?=[^\W\d_])", "", text)  # "UBND .phường"
    return " ".join(text.split())


def _space_after_commas(text: str) -> str:
    """``Xã Thanh,Huyện`` as ``Xã Thanh, Huyện``: the space OCR lost after a comma between words."""
    return re.sub(r",(?=[^\W\d_])", ", ", text) if "," in text else text


def _with_phrases(reading: Reading, *, near_misses: bool) -> Reading:
    """``reading`` with the marks of set phrases put back ("Suy thân" → "Suy thận"), and, when
    ``near_misses``, a whole value one letter off a set phrase ("Giờ yếu") shown as that phrase
    and always flagged."""
    from ocr.vietnamese.phrases import near_phrase, repair_phrases
    from ocr.vietnamese.text import folded_compact_key

    repaired, changed = repair_phrases(reading.value)
    if changed:
        return _doubted(reading, "phrase_repaired", 0.9, value=repaired)
    phrase = near_phrase(reading.value) if near_misses else None
    if phrase is None:
        return reading
    if folded_compact_key(reading.value).startswith(folded_compact_key(phrase)):
        return _doubted(reading, "near_phrase", 0.5)  # (the phrase whole, a speck after it: cut elsewhere)
    # Shown as the phrase it is one letter off, in the page's case: the officer, who checks it
    # anyway (a hard doubt), confirms the likelier reading rather than retypes it.
    return _doubted(reading, "near_phrase", 0.5, value=phrase.upper() if reading.value.isupper() else phrase)


#: A date in a text whose second separator is a space ("30.03 2004"; not "xóm 12 03/2019", a
#: hamlet's number before a month and year).
_HALF_SEPARATED_DATE = re.compile(
    r"(?<![\d\w])(?P<day>\d{1,2})\s*(?P<mark>[/.\-])\s*(?P<month>\d{1,2})\s+(?P<year>\d{4})(?!\d)")


def _half_separated_date(reading: Reading) -> Reading:
    """A text holding a date one of whose separators was lost ("cấp ngày 30.03 2004"): the other
    separator says which it was; put back, and doubted."""
    date = _HALF_SEPARATED_DATE.search(reading.value)
    if date is None or not _valid_date(int(date["day"]), int(date["month"]), int(date["year"])):
        return reading
    mark = date["mark"]
    value = f"{reading.value[:date.start()]}{date['day']}{mark}{date['month']}{mark}{date['year']}" \
            f"{reading.value[date.end():]}"
    return _doubted(reading, "separators_missing", 0.6, value=value)


#: The words before the first unit of a place ("Đy,bayï nhân dân" before "xã Hòa Cuông").
_OPENING_BEFORE_UNIT = re.compile(
    r"(?i)^(?P<opening>\W*\w.{0,22}?)[\s,.:;]+(?=(?:xã|phường|thị trấn|thị xã|huyện|quận|thành phố|tỉnh)\s)")


def _committee_repaired(text: str) -> tuple[str, bool]:
    """A People's Committee's name misread past the authority's pattern ("Đy,bayï nhân dân xã Hòa
    Cuông", "UBNP XÃ ĐẠI ĐỒNG THÀNH") put right, in the page's letter case, where a unit's word
    follows it: its letters a few edits off "Ủy ban nhân dân" (three) or "UBND" (one). Whether it
    was repaired."""
    found = _OPENING_BEFORE_UNIT.match(text)
    if found is None:
        return text, False
    letters = re.sub(r"[\W\d_]", "", strip_diacritics(found["opening"]).lower())
    rest = text[found.end("opening"):]
    upper = rest.upper() == rest
    for name, limit, written in (("uybannhandan", 3, "Ủy ban nhân dân"), ("ubnd", 1, "UBND")):
        if abs(len(letters) - len(name)) <= limit and Levenshtein.distance(letters, name) <= limit:
            return (written.upper() if upper else written) + rest, True
    return text, False


def _normalise_text(raw: str) -> Reading:
    text = _space_after_commas(tidy_inner_punctuation(clean_text(raw)))
    if not text:
        return Reading("", 1.0)
    reading = _text_read(text)
    if not _AUTHORITY.match(reading.value):
        # (only where the set phrases did not already put the committee's name right)
        repaired, committee = _committee_repaired(text)
        if committee:
            reading = _doubted(_text_read(repaired), "phrase_repaired", 0.6)
    return _continued(raw, _checked_authority(reading))


def _text_read(text: str) -> Reading:
    """A free text read: its set phrases put right, a date's lost separator, a place cut short."""
    authority = _AUTHORITY.match(text)
    restored = text[:authority.end()] + _unit_commas_restored(text[authority.end():]) if authority else text
    share = syllable_share(re.sub(r"\b[A-ZĐ]{2,}\b", " ", text))
    read = Reading(restored, 1.0 if share == 1.0 else max(0.0, share - 0.4),
                   (() if share == 1.0 else ("malformed_word",)) + (("unit_comma_restored",) if restored != text else ()))
    reading = _with_phrases(read, near_misses=True)
    reading = _half_separated_date(reading)
    if _UNIT_AT_END.search(text):
        # "Ủy ban nhân dân xã An Thạnh, huyện Bến Lức, tỉnh": the last unit's name was lost.
        reading = _doubted(reading, "incomplete_place", 0.5)
    return reading


#: "Ủy ban nhân dân" / "UBND" opening a text: a People's Committee, named by its place (a speck may
#: join two of its words: "nhân-dân").
_AUTHORITY = re.compile(r"(?i)^\s*(?:[uủ][yỷ][\s.‐-]+ban[\s.‐-]+nhân[\s.‐-]+dân|ubnd)\b[\s.,:]*")


def _checked_authority(reading: Reading) -> Reading:
    """A People's Committee ("Ủy ban nhân dân xã X, huyện Y") with its place checked against the
    administrative units, like any place: a unit OCR damaged or that does not exist is doubtful."""
    match = _AUTHORITY.match(reading.value)
    if match is None or match.end() >= len(reading.value):
        return reading
    from ocr.vietnamese.places import check_place

    place = _place_marks_removed(Reading(reading.value[match.end():], 1.0))
    reading = replace(reading, value=reading.value[:match.end()] + place.value,
                      certainty=min(reading.certainty, place.certainty), reasons=(*reading.reasons, *place.reasons))
    check = check_place(place.value)
    doubts = tuple(issue for issue in check.issues if issue in PLACE_DOUBTS)
    if not doubts:
        return reading
    value, restored = _place_suggested(place.value, check.suggestion)
    return replace(reading, value=reading.value[:match.end()] + value, certainty=min(reading.certainty, check.plausibility),
                   reasons=tuple(dict.fromkeys((*reading.reasons, *doubts, *restored))))


#: A value whose line ends with a comma (leaders after it aside) goes on somewhere not read.
_COMMA_AT_END = re.compile(r",[\s._…·-]*$")


def _continued(raw: str, reading: Reading) -> Reading:
    """``reading`` flagged when its raw text ends with a comma: "huyện Lục Nam," lost what followed."""
    if not reading.value or not _COMMA_AT_END.search(raw or ""):
        return reading
    return _doubted(reading, "value_continues", 0.5)


#: What the administrative-unit check may say of a place that makes it doubtful: a unit name
#: OCR damaged, units that do not belong together, a province that does not exist, nothing known.
PLACE_DOUBTS = ("place_spelling", "place_inconsistent", "place_unknown_unit", "place_not_recognised",
                "place_cut_short", "place_implied")


#: A place written with abbreviated units ("X. Kim Thái, H. Vụ Bản, T. Nam Định") and one whose full
#: stop OCR lost or read as an underscore ("T Nam Định", "T_ Gia Lai").
_DOTTED_UNIT = re.compile(r"(?:^|[\s,])(?:X|H|T|P|Q|TP|TX|TT)\.\s")
_UNDOTTED_UNIT = re.compile(r"(^|,\s)(X|H|T|P|Q|TP|TX|TT)_?(?=\s+[A-ZĐÂĂÊÔƠƯ])")


def _abbreviations_dotted(text: str) -> str:
    """The full stops of abbreviated unit words put back where OCR lost them, in a place that
    writes its other units so ("X. Tân Hiệp, TP. Hội An, T Quảng Nam")."""
    if not _DOTTED_UNIT.search(text):
        return text
    return _UNDOTTED_UNIT.sub(lambda match: f"{match.group(1)}{match.group(2)}.", text)


#: The unit words of an address and their rank, a hamlet's lowest ("thành phố" is a district or a
#: province: a city of a province, or one of the centrally run cities).
_UNIT_RANKS = {"thôn": 0, "xóm": 0, "ấp": 0, "tổ": 0, "khối": 0, "bản": 0, "làng": 0, "buôn": 0, "khóm": 0,
               "khu phố": 0, "xã": 1, "phường": 1, "thị trấn": 1, "huyện": 2, "quận": 2, "thị xã": 2,
               "thành phố": 2.5, "tỉnh": 3}
_UNIT_WORD = re.compile(r"(?i)(?<!\w)(" + "|".join(sorted(_UNIT_RANKS, key=len, reverse=True)) + r")(?=\s)")


#: What writes a place's units apart: a comma, a semicolon, a hyphen ("Tú Sơn - Kim Bôi - Hòa Bình").
_UNIT_SEPARATOR = re.compile(r"[,;\-–]")


def _unit_commas_restored(text: str, *, unseparated: bool = False) -> str:
    """The comma OCR lost before a unit word put back ("xã Ea Wer Huyện Buôn Đôn" → "xã Ea Wer,
    Huyện Buôn Đôn"), in a place that puts a comma before its other units: between a unit's name
    and a unit of a higher rank, where nothing separates them. ``unseparated``: also in a place
    read with no comma, hyphen or semicolon at all (every comma lost), where they are a guess."""
    found = list(_UNIT_WORD.finditer(text))
    if len(found) < 2:
        return text
    if not any(text[:match.start()].endswith(", ") for match in found) and not (
            unseparated and not _UNIT_SEPARATOR.search(text)):
        return text
    pieces, last = [], 0
    for lower, higher in pairwise(found):
        between = text[lower.end():higher.start()]
        rank, next_rank = _UNIT_RANKS[lower.group(1).lower()], _UNIT_RANKS[higher.group(1).lower()]
        if (between.startswith(" ") and between.endswith(" ") and re.search(r"\w", between)
                and not _UNIT_SEPARATOR.search(between)
                and (next_rank > rank or next_rank == rank == _UNIT_RANKS["thành phố"])):
            pieces.append(text[last:higher.start() - 1].rstrip(".") + ",")  # ("Tổ 12. phường": a comma read low)
            last = higher.start() - 1
    return "".join(pieces) + text[last:] if pieces else text


#: A word before a hamlet's name at the start of a place ("Phong Thôn Tân Lợi, xã…"): the end of
#: another cell or line read into the value. (Unit words, "Tại" and "Bản Plei Ku" are no such word.)
_WORD_BEFORE_HAMLET = re.compile(r"^([^\W\d_]+)\s+(?:Thôn|Xóm|Ấp|Tổ|Khối|Bản|Làng|Buôn|Khóm|Khu|Đội|Sóc)\b")
_OPENING_WORDS = frozenset({"xã", "phường", "thị", "huyện", "quận", "tỉnh", "thành", "thôn", "xóm", "ấp", "tổ",
                            "khối", "bản", "làng", "buôn", "khóm", "khu", "đội", "sóc", "plei", "tại", "nhà"})


#: Marks no place is written with, at a word's edge or standing alone (an apostrophe stays: Cư M'gar).
_STRAY_MARKS = re.compile(r"(?:(?<=\s)|^)[¡¿`´„ˆ¨°~^«»_]+|[¡¿`´„ˆ¨°~^«»_]+(?=\s|$|,)|(?<=\w)_+(?=\w)")


#: Punctuation OCR reads into an address where none is printed, and what it stands for: a stop
#: before a comma ("Tổ 12., phường"), a low comma beside a comma ("Yok„,"), a colon ("tỉnh: Thái
#: Nguyên", "Điện:Biên"), quotes at a word's edge ("\"huyện", "Thanh “Thịnh"), a backslash or a bar
#: standing alone, a comma after a unit word ("huyện, Trà Cú"), separators doubled ("- .", ", ,").
_PLACE_STRAY_PUNCTUATION = (
    (re.compile(r"(?<=\d)\.(?=,)"), ""),
    (re.compile(r"\s*„\s*(?=,)|(?<=,)\s*„"), ""),
    (re.compile(r"\s*:\s*(?=\w)"), " "),
    (re.compile(r"(?<![\w\"“”‘’])[\"“”‘’]+(?=\w)|(?<=\w)[\"“”‘’]+(?![\w\"“”‘’])"), ""),
    (re.compile(r"(?:(?<=\s)|^)[\\|]+(?=\s|,|$)"), ""),
    (re.compile(rf"(?i)((?:^|,\s*){_UNIT_WORDS})\s*,\s*(?=\w)"), r"\1 "),
    (re.compile(r"([,\-–])(?:\s*[.,])+(?=\s)"), r"\1"),
)


#: A hyphen with no space before a unit word ("Thôn 4-Xã"; a hyphen between units has spaces around it).
_GLUED_HYPHEN_BEFORE_UNIT = re.compile(rf"(?i)(?<=\w)[-–](?={_UNIT_WORDS}\b)")


#: An apostrophe at a word's edge ("'tỉnh Kon Tum", "Cao' Bằng"; not inside one: "H'Bia", "Đắk
#: R'Lấp"): a speck, dropped without a doubt, as fields.md's comparison ignores apostrophes.
_EDGE_APOSTROPHE = re.compile(r"(?<![\w'])'+(?=\w)|(?<=\w)'+(?![\w'])")


def _place_punctuation_tidied(text: str) -> str:
    """``text`` without the punctuation OCR read into an address (``_PLACE_STRAY_PUNCTUATION``). In an
    address whose units are written apart with hyphens ("Chợ Đồn - Bắc Kạn") a colon standing apart
    is a hyphen misread; in one written with commas, a lone semicolon ("Thanh Vinh; Thị xã") or a
    hyphen glued to a unit word ("Thôn 4-Xã") is a comma misread."""
    hyphenated = re.search(r"\s[-–]\s", text) is not None
    if hyphenated:
        text = re.sub(r"\s:\s", " - ", text)
    for pattern, replacement in _PLACE_STRAY_PUNCTUATION:
        text = pattern.sub(replacement, text)
    if not hyphenated and "," in text:
        if text.count(";") == 1:
            text = text.replace(";", ",")
        text = _GLUED_HYPHEN_BEFORE_UNIT.sub(", ", text)
    return re.sub(r"\s+,", ",", " ".join(text.split()))


#: The words opening the name of a place of care.
_CARE_FACILITIES = ("Bệnh viện", "Trạm y tế", "Trung tâm y tế", "Nhà hộ sinh", "Phòng khám")
#: What a place of birth or of death opens with: OCR's letter off one of them there ("Trợm Y tế",
#: "lại nhà", "Nhè hộ sinh") is put right (``phrase_repaired``).
_PLACE_OPENINGS = ("Tại nhà", *_CARE_FACILITIES)


def _opening_repaired(reading: Reading) -> Reading:
    """``reading`` with its opening words put right where they are a letter off a place's opening
    (``_PLACE_OPENINGS``): short phrases, which :func:`_with_phrases` repairs by their marks only, but
    which at a place's start stand for nothing else (a letter misread, added or lost: "Trạm y ế")."""
    from ocr.vietnamese.text import match_case

    words = reading.value.split(" ")
    for opening in _PLACE_OPENINGS:
        meant = opening.split()
        head = [word.rstrip(",.;:") for word in words[:len(meant)]]
        if len(head) < len(meant) or equivalent(" ".join(head), opening):
            continue
        if Levenshtein.distance(" ".join(head).casefold(), opening.casefold(), score_cutoff=1) == 1:
            fixed = [match_case(read, right) + word[len(read):]
                     for read, right, word in zip(head, meant, words, strict=False)]
            if head[0][:1].casefold() != meant[0][:1].casefold() and not head[0].isupper():
                fixed[0] = fixed[0][:1].upper() + fixed[0][1:]  # the capital misread ("lại nhà")
            return replace(reading, value=" ".join(fixed + words[len(meant):]),
                           certainty=min(reading.certainty, 0.9), reasons=(*reading.reasons, "phrase_repaired"))
    return reading


#: The opening of a place of care's name: a place names one at most.
_CARE_FACILITY = re.compile(r"(?i)\b(?:" + "|".join(_CARE_FACILITIES) + r")\b")


def _place_marks_removed(reading: Reading) -> Reading:
    """A place's reading without the specks, leader dashes and punctuation OCR read between its words
    ("Kon ¡ Tum", "huyện_Đông_ Anh", "Mê` Linh", "tỉnh: Thái Nguyên"; "Yok„ huyện": a comma read
    low, put back). Doubted all the same (``stray_punctuation``): a mark standing apart may be a tone
    mark OCR cut off its letter."""
    value = _EDGE_APOSTROPHE.sub("", reading.value)
    unmarked = _place_punctuation_tidied(" ".join(_STRAY_MARKS.sub(" ", re.sub(r"(?<=\w)„(?=\s)", ",", value)).split()))
    if unmarked == value:
        return replace(reading, value=value)
    return _doubted(reading, "stray_punctuation", 0.6, value=unmarked)


def _place_suggested(value: str, suggestion: str) -> tuple[str, tuple[str, ...]]:
    """The place ``value`` as the administrative-unit check respelt it (``suggestion``, when any), and
    the reason a comma it shows was lost adds: a unit word respelt ("Huyên" made Huyện) shows where."""
    if not suggestion:
        return value, ()
    restored = _unit_commas_restored(suggestion)
    return restored, (("unit_comma_restored",) if restored != suggestion else ())


def _text_after_province_cut(reading: Reading) -> Reading:
    """A place without what OCR read after its province ("tỉnh Quảng Ninh # định danh cá nhân",
    "Tuyên Quang So 00 1) 0100", "Hòa Bình LÍ"): an address ends with its province, so what follows
    it, not written apart as a unit of its own ("…, Tân Lạc", "… - Tân Lạc") and not looking like one
    (words of a name: "Việt Nam"), is the next caption or specks. Doubted (``extra_text``)."""
    from ocr.vietnamese.places import province_end

    end = province_end(reading.value)
    after = reading.value[end:] if end is not None else ""
    if not after.strip(EDGE_PUNCTUATION) or re.match(r"\s*[,;\-–]", after):
        return reading
    words = after.split()
    if all(is_syllable(word) and word[:1].isupper() and (len(word) == 1 or word[1:].islower()) for word in words):
        return reading
    return _doubted(reading, "extra_text", 0.6, value=reading.value[:end])


def _normalise_place(raw: str) -> Reading:
    """A place, checked against the old and new administrative units (``ocr.vietnamese.places``)."""
    from ocr.vietnamese.phrases import is_whole_phrase
    from ocr.vietnamese.places import check_place

    reading = _continued(raw, _normalise_words(raw, name=False))
    if not reading.value:
        return reading
    reading = _opening_repaired(_with_phrases(_place_marks_removed(reading), near_misses=False))
    if is_whole_phrase(reading.value, "places_without_unit"):
        return reading  # "Tại nhà", "Trên đường đi cấp cứu": a place of death that names no unit
    restored = _unit_commas_restored(reading.value, unseparated=True)
    if restored != reading.value:
        # "xã Phú Sơn huyện Quan Hóa tỉnh Thanh Hóa": an address writes its units apart with commas,
        # and a poor scan's commas are the first marks OCR loses. Where none was read, they are put
        # back as a guess shown to the officer: nothing on the page said where they were.
        guessed = not _UNIT_SEPARATOR.search(reading.value)
        reading = replace(reading, value=restored, reasons=(
            *reading.reasons, "unit_commas_guessed" if guessed else "unit_comma_restored"))
    dotted = _abbreviations_dotted(reading.value)
    if dotted != reading.value:
        reading = _doubted(reading, "abbreviation_repaired", 0.9, value=dotted)
    reading = _text_after_province_cut(reading)
    before = _WORD_BEFORE_HAMLET.match(reading.value)
    if before is not None and before.group(1).lower() not in _OPENING_WORDS:
        reading = _doubted(reading, "word_before_place", 0.5)
    if len(_CARE_FACILITY.findall(reading.value)) > 1:
        # "Nhà hộ sinh xã Phú Hòa Trung tâm Y tế huyện Củ…": the lines of two cells read as one
        reading = _doubted(reading, "two_places", 0.4)
    check = check_place(reading.value)
    doubts = tuple(issue for issue in check.issues if issue in PLACE_DOUBTS)
    if not doubts:
        return reading
    # A unit name or unit word OCR damaged is put right toward the reference (fields.md allows
    # correcting toward a known name); the doubt stays, so the officer still checks it.
    value, restored = _place_suggested(reading.value, check.suggestion)
    return replace(reading, value=value, certainty=min(reading.certainty, check.plausibility),
                   reasons=tuple(dict.fromkeys((*reading.reasons, *doubts, *restored))))


_FALLBACK = {
    "name": lambda raw: _normalise_words(raw, name=True),
    "place": _normalise_place,
    "text": _normalise_text,
    "relationship": _normalise_relationship,
    "date": _normalise_date,
    "date_words": _normalise_date_words,
    "year": _normalise_year,
    "time": _normalise_time,
    "sex": _normalise_sex,
    "ethnicity": lambda raw: _lexicon(raw, ETHNIC_GROUPS, "unknown_ethnicity"),
    "nationality": lambda raw: _lexicon(raw, NATIONALITIES, "unknown_nationality"),
    "personal_id": _normalise_personal_id,
    "registration_number": _normalise_registration_number,
    "book_number": _normalise_book_number,
}


def normalise(kind: str, raw: str) -> Reading:
    """Normalise ``raw`` as a value of ``kind`` (a kind of resources/fields.json)."""
    try:
        normaliser = _FALLBACK[kind]
    except KeyError as exc:
        raise ValueError(f"unknown field kind {kind!r}") from exc
    return normaliser(raw)
