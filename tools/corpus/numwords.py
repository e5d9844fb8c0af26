"""Vietnamese numbers and dates in words, in the spellings found on civil-status papers.

Written here rather than taken from a library: ``num2words`` (vi) spells 2020
"hai nghìn lẻ hai mươi", which no document does, and knows none of the
regional variants (ngàn, lẻ, nhăm, mồng/mùng, giêng) a generator must show.
Every variant is drawn from a :class:`Spelling`, itself drawn once per record.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


@dataclass(frozen=True)
class Spelling:
    """Which of the accepted variants one writer uses."""

    thousand: str = "nghìn"       # or "ngàn"
    zero_tens: str = "linh"       # or "lẻ" (2003: "không trăm linh ba")
    five: str = "lăm"             # after mươi: "lăm" or "nhăm"; always "lăm" after "mười"
    four: str = "tư"              # after mươi: "tư" or "bốn"
    day_prefix: str = ""          # "", "mồng" or "mùng" before days 1-10
    month_one: str = "một"        # or "giêng"
    month_four: str = "tư"        # or "bốn"
    commas: bool = True           # "Ngày hai, tháng bảy, năm ..." or without commas
    capital: bool = True          # "Ngày ..." or "ngày ..."


def draw_spelling(rng: random.Random) -> Spelling:
    """A writer's habits, drawn with frequencies that favour the official forms."""
    return Spelling(
        thousand="ngàn" if rng.random() < 0.25 else "nghìn",
        zero_tens="lẻ" if rng.random() < 0.3 else "linh",
        five="nhăm" if rng.random() < 0.15 else "lăm",
        four="bốn" if rng.random() < 0.25 else "tư",
        day_prefix=rng.choices(("", "mồng", "mùng"), weights=(5, 3, 2))[0],
        month_one="giêng" if rng.random() < 0.1 else "một",
        month_four="bốn" if rng.random() < 0.2 else "tư",
        commas=rng.random() < 0.7,
        capital=rng.random() < 0.85,
    )


def below_hundred(n: int, spelling: Spelling) -> str:
    """0-99 in words ("hai mươi mốt", "mười lăm", "ba mươi tư")."""
    if not 0 <= n < 100:
        raise ValueError("below_hundred takes 0-99")
    tens, units = divmod(n, 10)
    if tens == 0:
        return DIGITS[units]
    head = "mười" if tens == 1 else f"{DIGITS[tens]} mươi"
    if units == 0:
        return head
    if units == 1 and tens > 1:
        return f"{head} mốt"
    if units == 5:
        return f"{head} {'lăm' if tens == 1 else spelling.five}"
    if units == 4 and tens > 1:
        return f"{head} {spelling.four}"
    return f"{head} {DIGITS[units]}"


def year_words(year: int, spelling: Spelling) -> str:
    """A year in words: 2003 "hai nghìn không trăm linh ba", 2020 "hai nghìn không trăm hai mươi"."""
    if not 1000 <= year <= 9999:
        raise ValueError("year_words takes four-digit years")
    thousands, rest = divmod(year, 1000)
    hundreds, rest = divmod(rest, 100)
    parts = [DIGITS[thousands], spelling.thousand]
    if hundreds == 0 and rest == 0:
        return " ".join(parts)
    parts += [DIGITS[hundreds], "trăm"]
    if rest == 0:
        return " ".join(parts)
    if rest < 10:
        parts += [spelling.zero_tens, DIGITS[rest]]
    else:
        parts.append(below_hundred(rest, spelling))
    return " ".join(parts)


def day_words(day: int, spelling: Spelling) -> str:
    """A day of the month in words, with "mồng"/"mùng" before 1-10 when the writer uses it."""
    text = below_hundred(day, spelling)
    if day <= 10 and spelling.day_prefix:
        return f"{spelling.day_prefix} {text}"
    return text


def month_words(month: int, spelling: Spelling) -> str:
    """A month in words ("giêng" or "một", "tư" or "bốn")."""
    if month == 1:
        return spelling.month_one
    if month == 4:
        return spelling.month_four
    return below_hundred(month, spelling)


def date_words(day: int, month: int, year: int, spelling: Spelling) -> str:
    """A whole date: "Ngày hai mươi sáu, tháng hai, năm hai nghìn không trăm linh ba"."""
    comma = "," if spelling.commas else ""
    first = "Ngày" if spelling.capital else "ngày"
    return (f"{first} {day_words(day, spelling)}{comma} tháng {month_words(month, spelling)}{comma} "
            f"năm {year_words(year, spelling)}")
