"""Dates, times and years as registers write them, read with OCR tolerance, and dates spelt in words.

Digits: ``02/7/1990``, ``2/7/1990``, ``02-07-1990``, ``02.07.1990``, spaces
inside, ``O``/``0`` and ``l``/``1`` confusions, ``ngày 02 tháng 7 năm 1990``,
ISO ``1990-07-02``, ``02071990`` (the ID card's QR code). Words: every
variant of shared/domain/vietnam.md, with or without commas, any case,
repaired when OCR damaged them (see :mod:`ocr.vietnamese.numbers_words`).

Every parser returns :class:`~ocr.vietnamese.results.Parsed`: the value,
how sure (1.0 = read exactly), what was repaired, or why it failed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from ocr.vietnamese.numbers_words import (
    NONSTANDARD,
    WordsStyle,
    apply_case,
    date_vocabulary,
    day_to_words,
    month_to_words,
    number_to_words,
    parse_month_words,
    parse_tens,
    parse_year_words,
    readings_by_cost,
    resolve_style,
    respell,
    time_vocabulary,
    tokenize,
)
from ocr.vietnamese.results import EXACT, Parsed, failed
from ocr.vietnamese.text import clean_spaces, match_case, strip_diacritics

#: Years a civil-status date may carry; outside, the value is refused (and the field flagged).
MIN_YEAR, MAX_YEAR = 1800, 2100

# Letters OCR reads for digits (only applied inside number-shaped tokens).
DIGIT_CONFUSIONS = str.maketrans({
    "O": "0", "o": "0", "D": "0", "Q": "0", "U": "0",
    "l": "1", "I": "1", "|": "1", "i": "1", "!": "1", "L": "1",
    "Z": "2", "z": "2", "S": "5", "s": "5", "G": "6", "b": "6", "B": "8", "g": "9", "q": "9",
})
_CONFUSABLE = "0-9OoDQUlI|i!LZzSsGbBgq"
_NUM = rf"[{_CONFUSABLE}](?:\s?[{_CONFUSABLE}])?"
_YEAR = rf"[{_CONFUSABLE}](?:\s?[{_CONFUSABLE}]){{3}}"
_SEP = r"\s*[/\-.,]\s*"
_DMY = re.compile(rf"(?<![^\W_])({_NUM}){_SEP}({_NUM}){_SEP}({_YEAR})(?![^\W_])")
_DMY_SHORT_YEAR = re.compile(r"(?<!\d)(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{2})(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_PHRASE = re.compile(rf"ng\w{{0,3}}\s*(?:mong|mung)?\s*({_NUM})\W*th\w{{1,4}}\s*({_NUM})\W*n\w{{1,2}}\s*({_YEAR})(?!\w)")
_COMPACT = re.compile(r"(?<!\d)(\d{2})(\d{2})(\d{4})(?!\d)")
#: "13 8 2023", "13.8 2023": the slashes of "13/8/2023" lost, one or both (thin in some typefaces,
#: or under a box's rule).
SPACED_DATE = re.compile(r"(?<![\d\w])(\d{1,2})(?:\s+|\s*[/.\-]\s*)(\d{1,2})(?:\s+|\s*[/.\-]\s*)(\d{4})(?!\d)")


def _certainty(repairs: Sequence[str], penalties: dict[str, float]) -> float:
    value = EXACT
    for repair in repairs:
        value -= penalties.get(repair, 0.1)
    if repairs:
        value = min(value, 0.95)
    return round(max(value, 0.3), 3)


def _digits(token: str) -> tuple[str, list[str]]:
    """A number-shaped token as digits, and the repairs that needed."""
    repairs = []
    if re.search(r"\s", token):
        repairs.append("spaces_in_number")
        token = re.sub(r"\s", "", token)
    fixed = token.translate(DIGIT_CONFUSIONS)
    if fixed != token:
        repairs.append("ocr_digits")
    return fixed, repairs


def make_date(year: int, month: int, day: int) -> dt.date | str:
    """The date, or the reason it is none: ``invalid_date``, ``year_out_of_range``."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return "year_out_of_range"
    try:
        return dt.date(year, month, day)
    except ValueError:
        return "invalid_date"


_DATE_PENALTIES = {"ocr_digits": 0.2, "spaces_in_number": 0.1, "no_separators": 0.15, "extra_text": 0.15}


def parse_date_digits(raw: str) -> Parsed[dt.date]:
    """Read a date written in digits (day first), tolerant of OCR confusions and spacing."""
    text = clean_spaces(raw)
    if not text:
        return failed("empty")
    folded = strip_diacritics(text).casefold()
    iso = _ISO.search(text)
    match = _DMY.search(text)
    groups: tuple[str, str, str] | None = None
    source, span = text, (0, 0)
    repairs: list[str] = []
    if iso is not None and match is None:
        year, month, day = iso.groups()
        groups, span = (day, month, year), iso.span()
    elif match is not None:
        groups, span = match.groups(), match.span()
    elif (phrase := _PHRASE.search(folded)) is not None:
        groups, span, source = phrase.groups(), phrase.span(), folded
    elif (compact := _COMPACT.search(text)) is not None:
        groups, span = compact.groups(), compact.span()
        repairs.append("no_separators")
    elif (spaced := SPACED_DATE.search(text)) is not None:
        groups, span = spaced.groups(), spaced.span()
        repairs.append("no_separators")
    if groups is None:
        if _DMY_SHORT_YEAR.search(text):
            return failed("two_digit_year", text)
        return failed("not_a_date", text)
    numbers = []
    for group in groups:
        digits, fixes = _digits(group)
        numbers.append(digits)
        repairs += [fix for fix in fixes if fix not in repairs]
    if not all(number.isdigit() for number in numbers):
        return failed("not_a_date", text)
    leftover = (source[:span[0]] + " " + source[span[1]:]).strip(" ,.:;")
    if leftover and not re.fullmatch(r"(?i)ng\w{0,3}", strip_diacritics(leftover)):
        repairs.append("extra_text")
    day, month, year = (int(number) for number in numbers)
    made = make_date(year, month, day)
    if isinstance(made, str):
        return failed(made, text)
    return Parsed(made, _certainty(repairs, _DATE_PENALTIES), tuple(repairs), "", text)


# --------------------------------------------------------------------------- dates in words

_WORDS_PENALTIES = {"diacritics_repaired": 0.05, "fuzzy_word": 0.15, "joined_word": 0.1, "split_word": 0.1,
                    "digits_in_words": 0.1, "extra_text": 0.1, NONSTANDARD: 0.05, "mong_before_day_over_10": 0.05}
_LABEL = re.compile(r"^.*?\bbang\s+chu\b\s*[:.]?\s*")  # on folded text: "... ghi bằng chữ:"


def _assemble_date(words: Sequence[str]) -> tuple[dt.date, frozenset[str]] | str:
    """A date from canonical words ``[ngày] day tháng month năm year``, or why not."""
    months_at = [index for index, word in enumerate(words) if word == "tháng"]
    if len(months_at) != 1:
        return "not_a_date"
    day_words = list(words[:months_at[0]])
    notes: set[str] = set()
    if day_words[:1] == ["ngày"]:
        day_words = day_words[1:]
    has_mong = day_words[:1] in (["mồng"], ["mùng"])
    if has_mong:
        day_words = day_words[1:]
    day = parse_tens(day_words)
    if day is None or not 1 <= day[0] <= 31:
        return "not_a_date"
    if has_mong and day[0] > 10:
        notes.add("mong_before_day_over_10")
    after = list(words[months_at[0] + 1:])
    found: list[tuple[int, int, frozenset[str]]] = []
    for index, word in enumerate(after):
        if word != "năm" or index == 0:
            continue
        month = parse_month_words(after[:index])
        year = parse_year_words(after[index + 1:])
        if month is not None and year is not None and MIN_YEAR <= year[0] <= MAX_YEAR:
            found.append((month[0], year[0], month[1] | year[1]))
    if not found:
        return "not_a_date"
    if len({(month, year) for month, year, _ in found}) > 1:
        return "ambiguous"
    month, year, more = found[0]
    made = make_date(year, month, day[0])
    if isinstance(made, str):
        return made
    return made, frozenset(notes | day[1] | more)


def parse_date_words(raw: str) -> Parsed[dt.date]:
    """Read a date in words (``Ngày hai mươi sáu, tháng hai, năm hai nghìn không trăm linh ba``).

    OCR damage to the number words is repaired; ``text`` of the result holds
    the phrase with the repaired spelling (letter case and punctuation as read).
    """
    text = clean_spaces(raw)
    if not text:
        return failed("empty")
    folded = strip_diacritics(text).casefold()
    labelled = _LABEL.match(folded) if len(folded) == len(text) else None
    if labelled and len(text) > labelled.end():
        text = clean_spaces(text[labelled.end():])
    tokens = tokenize(text, date_vocabulary())
    repairs: list[str] = []
    while tokens and not tokens[0].readings:
        tokens.pop(0)
        repairs.append("extra_text")
    while tokens and not tokens[-1].readings:
        tokens.pop()
        repairs.append("extra_text")
    if not tokens:
        return failed("not_a_date", text)
    if any(not token.readings for token in tokens):
        return failed("unknown_word", text)
    reason = "not_a_date"
    for combo in readings_by_cost(tokens):
        outcome = _assemble_date([candidate.word for candidate in combo])
        if isinstance(outcome, str):
            if outcome != "not_a_date":
                reason = outcome
            continue
        value, notes = outcome
        word_repairs = [candidate.repair for candidate in combo if candidate.repair]
        all_repairs = tuple(repairs + word_repairs + sorted(notes))
        certainty = _certainty(all_repairs, _WORDS_PENALTIES)
        return Parsed(value, certainty, all_repairs, "", respell(text, tokens, combo))
    return failed(reason, text)


def parse_date(raw: str) -> Parsed[dt.date]:
    """Read a date in digits or, failing that, in words."""
    digits = parse_date_digits(raw)
    if digits.ok or digits.reason in ("invalid_date", "year_out_of_range", "empty"):
        return digits
    words = parse_date_words(raw)
    if words.ok or words.reason in ("invalid_date", "year_out_of_range"):
        return words
    return digits


def date_in_words(date: dt.date, style: str | WordsStyle = "standard") -> str:
    """Spell a date as a register would (``Ngày hai, tháng bảy, năm một nghìn chín trăm chín mươi``).

    ``style`` is a name of :data:`~ocr.vietnamese.numbers_words.WORD_STYLES`
    or a :class:`~ocr.vietnamese.numbers_words.WordsStyle`.
    """
    style = resolve_style(style)
    separator = ", " if style.commas else " "
    text = separator.join((f"ngày {day_to_words(date.day, style)}", f"tháng {month_to_words(date.month, style)}",
                           f"năm {number_to_words(date.year, style)}"))
    return apply_case(text, style.case)


@lru_cache(maxsize=4096)  # bounded: a long batch meets tens of thousands of dates
def _spellings(date: dt.date) -> dict[tuple[str, ...], WordsStyle]:
    """Every way a register may spell ``date`` in words (the choices of :class:`WordsStyle` combined),
    each as its lower-case words, with the first style that spells it so."""
    seen: dict[tuple[str, ...], WordsStyle] = {}
    for style in _styles():
        seen.setdefault(tuple(date_in_words(date, style).split()), style)
    return seen


_WORD_TOKEN = re.compile(r"\S+")


def respell_date_words(text: str, date: dt.date, *, max_changes: int = 3) -> str | None:
    """``text`` (a date in words OCR damaged: "Ngày bd, tháng chín, năm hơi ngàn…") with its misread
    words put right from ``date`` (read in digits beside it), keeping the page's own spelling choices,
    commas and case; ``None`` when more than ``max_changes`` words would change or a word read is too
    far from the one it would become (then it is not this date's spelling)."""
    tokens = list(_WORD_TOKEN.finditer(text or ""))
    if not tokens:
        return None
    seen = [strip_diacritics(token.group(0).strip(",.;:-_")).casefold() for token in tokens]
    best: tuple[int, list] | None = None
    for words in _spellings(date):
        wanted = [strip_diacritics(word) for word in words]
        alignment = _align(seen, wanted)
        trailing = 0  # noise read after the date's last word (a stamp, the next column) costs nothing
        while trailing < len(alignment) and alignment[len(alignment) - 1 - trailing][0] == "drop":
            trailing += 1
        cost = sum(1 for step in alignment[:len(alignment) - trailing] if step[0] != "keep") + (1 if trailing else 0)
        if best is None or cost < best[0]:
            best = (cost, [(step, words) for step in alignment])
    if best is None or best[0] == 0 or best[0] > max_changes:
        return None
    out: list[str] = []
    for (kind, i, j), words in best[1]:
        if kind == "keep":
            out.append(tokens[i].group(0))
        elif kind == "change":
            token = tokens[i].group(0)
            core = token.strip(",.;:-_")
            if Levenshtein.distance(strip_diacritics(core).casefold(), strip_diacritics(words[j])) > max(
                    1, len(words[j]) // 2):
                return None
            out.append(token.replace(core, match_case(core, words[j])) if core else words[j])
        elif kind == "add":
            out.append(words[j])
        # "drop": a word read that the date has no place for (noise after the value)
    repaired = " ".join(out)
    return repaired[:1].upper() + repaired[1:] if (text or "")[:1].isupper() else repaired


def _align(seen: list[str], wanted: list[str]) -> list[tuple[str, int, int]]:
    """Word alignment of ``seen`` to ``wanted`` (edit distance over words): steps ``(kind, i, j)``."""
    rows, cols = len(seen), len(wanted)
    cost = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows + 1):
        cost[i][0] = i
    for j in range(cols + 1):
        cost[0][j] = j
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            same = seen[i - 1] == wanted[j - 1]
            cost[i][j] = min(cost[i - 1][j - 1] + (0 if same else 1), cost[i - 1][j] + 1, cost[i][j - 1] + 1)
    steps: list[tuple[str, int, int]] = []
    i, j = rows, cols
    while i or j:
        if i and j and cost[i][j] == cost[i - 1][j - 1] + (0 if seen[i - 1] == wanted[j - 1] else 1):
            steps.append(("keep" if seen[i - 1] == wanted[j - 1] else "change", i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i and cost[i][j] == cost[i - 1][j] + 1:
            steps.append(("drop", i - 1, -1))
            i -= 1
        else:
            steps.append(("add", -1, j - 1))
            j -= 1
    return steps[::-1]


def _words_cost(seen: list[str], words: tuple[str, ...]) -> tuple[int, bool]:
    """Words of ``seen`` to change, add or drop to read ``words``, and whether ``seen`` stops short of
    them (the last step adds a word). (Noise read after the date costs its words: a shorter date, "năm
    hai ngàn", would otherwise fit a year cut short by noise best.)"""
    steps = _align(seen, [strip_diacritics(word) for word in words])
    return sum(1 for step in steps if step[0] != "keep"), bool(steps) and steps[-1][0] == "add"


def _one_digit_away(date: dt.date) -> list[dt.date]:
    """The dates whose day, month or year differs from ``date``'s by one digit (DD MM YYYY)."""
    digits = f"{date.day:02d}{date.month:02d}{date.year:04d}"
    found = []
    for position, digit in enumerate(digits):
        for other in "0123456789":
            if other == digit:
                continue
            changed = digits[:position] + other + digits[position + 1:]
            value = make_date(int(changed[4:]), int(changed[2:4]), int(changed[:2]))
            if isinstance(value, dt.date):
                found.append(value)
    return found


@lru_cache(maxsize=1)
def _styles() -> tuple[WordsStyle, ...]:
    """Every combination of the spelling choices :func:`_spellings` knows (lower case, no commas)."""
    from itertools import product

    choices = product(("nghìn", "ngàn"), ("linh", "lẻ"), ("lăm", "nhăm"), ("mốt", "một"), ("tư", "bốn"),
                      ("bảy", "bẩy"), ("", "mồng", "mùng"), ("một", "giêng"), ("tư", "bốn"))
    return tuple(WordsStyle(thousand=thousand, zero_tens=zero, five_after_tens=five, one_after_tens=one,
                            four_after_tens=four, seven=seven, day_prefix=prefix, january=january,
                            april=april, commas=False, case="lower")
                 for thousand, zero, five, one, four, seven, prefix, january, april in choices)


def date_words_fit_another(words: str, date: dt.date, *, max_changes: int = 3) -> dt.date | None:
    """A date one digit from ``date`` whose spelling fits ``words`` (a date in words OCR damaged past
    reading: "Ngày bai mươi sáu, tháng chín, 0ăm …") with fewer words changed than ``date``'s own,
    and no more than ``max_changes``; ``None`` when ``date``'s fits best. The page's date in digits
    may then be misread ("28" for "26" in both readings of a typewriter face), as the words say.
    The other dates are spelt in the style of ``date``'s closest spelling (the page's choices)."""
    seen = [strip_diacritics(token.strip(",.;:-_")).casefold() for token in (words or "").split()]
    seen = [word for word in seen if word]
    if not seen:
        return None
    (own, cut_short), style = min(((_words_cost(seen, spelling), style) for spelling, style
                                   in _spellings(date).items()), key=lambda item: item[0][0])
    if own <= 1:
        return None  # (one word off is a misread word, not another date)
    if cut_short:
        return None  # words cut short ("… không trăm") fit a shorter date best, whatever the date
    best: tuple[int, dt.date] | None = None
    for other in _one_digit_away(date):
        cost, _ = _words_cost(seen, tuple(date_in_words(other, style).split()))
        if cost < own and cost <= max_changes and (best is None or cost < best[0]):
            best = (cost, other)
    return None if best is None else best[1]


def date_words_agree(words: str, date: dt.date) -> bool | None:
    """Whether a date in words spells ``date``; ``None`` when the words cannot be read."""
    parsed = parse_date_words(words)
    return None if parsed.value is None else parsed.value == date


# --------------------------------------------------------------------------- years

_YEAR_TOKEN = re.compile(rf"(?<![^\W_])({_YEAR})(?![^\W_])")


def parse_year(raw: str) -> Parsed[int]:
    """Read a year: ``1990``, ``năm 1990``, ``199O``, ``1 990``, or in words."""
    text = clean_spaces(raw)
    if not text:
        return failed("empty")
    repairs: list[str] = []
    body = re.sub(r"(?i)^n[aăâ]m\b\s*:?\s*", "", text, count=1)
    if re.fullmatch(r"\d{4}", body):
        year = int(body)
        return Parsed(year, EXACT, (), "", text) if MIN_YEAR <= year <= MAX_YEAR else failed("year_out_of_range", text)
    match = _YEAR_TOKEN.search(body)
    if match is not None:
        digits, fixes = _digits(match.group(1))
        if digits.isdigit():
            repairs += fixes
            if body[:match.start()].strip() or body[match.end():].strip():
                repairs.append("extra_text")
            year = int(digits)
            if not MIN_YEAR <= year <= MAX_YEAR:
                return failed("year_out_of_range", text)
            return Parsed(year, _certainty(repairs, _DATE_PENALTIES), tuple(repairs), "", text)
    tokens = tokenize(body, date_vocabulary())
    if tokens and all(token.readings for token in tokens):
        for combo in readings_by_cost(tokens):
            reading = parse_year_words([candidate.word for candidate in combo])
            if reading is None:
                continue
            if not MIN_YEAR <= reading[0] <= MAX_YEAR:
                return failed("year_out_of_range", text)
            repairs = [candidate.repair for candidate in combo if candidate.repair] + sorted(reading[1])
            return Parsed(reading[0], _certainty(repairs, _WORDS_PENALTIES), tuple(repairs), "",
                          respell(body, tokens, combo))
    return failed("not_a_year", text)


# --------------------------------------------------------------------------- times

_TIME_DIGITS = re.compile(
    r"(?<!\d)(\d{1,2})\s*(?:gio|g|h|:|\.|giơ)\s*(?:(\d{1,2})\s*(?:phut|ph|p|')?)?(?!\d)")
_EVENING = ("chieu", "toi")


def _clock(hour: int, minute: int, folded: str) -> tuple[int, int, list[str]] | str:
    notes: list[str] = []
    if hour <= 11 and any(re.search(rf"\b{word}\b", folded) for word in _EVENING):
        if hour >= 1:
            hour += 12
            notes.append("twelve_hour_clock")
    elif re.search(r"\bdem\b|\bkhuya\b", folded) and 7 <= hour <= 11:
        hour += 12
        notes.append("twelve_hour_clock")
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return "invalid_time"
    return hour, minute, notes


def parse_time(raw: str) -> Parsed[dt.time]:
    """Read a time of day: ``10 giờ 30 phút``, ``10:30``, ``10h30``, ``mười giờ ba mươi phút``, ``9 giờ tối``."""
    text = clean_spaces(raw)
    if not text:
        return failed("empty")
    folded = strip_diacritics(text).casefold()
    repairs: list[str] = []
    match = _TIME_DIGITS.search(folded)
    if match is None:
        pieces = re.split(r"(\s+|:|\.)", folded)
        fixed = "".join(piece.translate(DIGIT_CONFUSIONS) if re.search(r"\d", piece) and len(piece) <= 2 else piece
                        for piece in pieces)
        match = _TIME_DIGITS.search(fixed)
        if match is not None:
            repairs.append("ocr_digits")
    if match is not None:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        before = re.search(r"\bkem\s*(\d{1,2})\b", folded[match.start():])
        if before is not None and not match.group(2):
            hour, minute = hour - 1, 60 - int(before.group(1))  # "10 giờ kém 15" = 9:45
        outcome = _clock(hour, minute, folded)
        if isinstance(outcome, str):
            return failed(outcome, text)
        hour, minute, notes = outcome
        repairs += notes
        return Parsed(dt.time(hour, minute), _certainty(repairs, _DATE_PENALTIES), tuple(repairs), "", text)
    return _parse_time_words(text, folded)


def _parse_time_words(text: str, folded: str) -> Parsed[dt.time]:
    tokens = [token for token in tokenize(text, time_vocabulary()) if token.readings]
    for combo in readings_by_cost(tokens):
        words = [candidate.word for candidate in combo
                 if candidate.word not in ("lúc", "sáng", "trưa", "chiều", "tối", "đêm", "khuya")]
        if "giờ" not in words:
            continue
        at = words.index("giờ")
        hour = parse_tens(words[:at])
        rest = [word for word in words[at + 1:] if word != "phút"]
        minute: tuple[int, frozenset[str]] | None = (0, frozenset())
        before = False
        if rest[:1] == ["kém"]:
            before, rest = True, rest[1:]
        if rest == ["rưỡi"]:
            minute = (30, frozenset())
        elif rest:
            minute = parse_tens(rest)
        if hour is None or minute is None:
            continue
        hours, minutes = hour[0], minute[0]
        if before:
            hours, minutes = hours - 1, 60 - minutes if minutes else 0
        outcome = _clock(hours, minutes, folded)
        if isinstance(outcome, str):
            return failed(outcome, text)
        hours, minutes, notes = outcome
        repairs = [candidate.repair for candidate in combo if candidate.repair] + notes
        return Parsed(dt.time(hours, minutes), _certainty(repairs, _WORDS_PENALTIES), tuple(repairs), "",
                      respell(text, tokens, combo))
    return failed("not_a_time", text)


__all__ = [
    "MIN_YEAR",
    "MAX_YEAR",
    "date_in_words",
    "date_words_agree",
    "make_date",
    "parse_date",
    "parse_date_digits",
    "parse_date_words",
    "parse_time",
    "parse_year",
]
