"""The 12-digit personal ID (số định danh cá nhân): OCR repair and the structure cross-check.

``PPP G YY RRRRRR``: province code of the birth registration (one of the 63
pre-2025 codes, ``resources/lexicons/personal_id_provinces.json``), a
century-and-sex digit (0/1 male/female born 1900–1999, 2/3 born 2000–2099),
the last two digits of the birth year, six digits. The circular that fixed
this expired in 2024, so a disagreement is flagged for the officer, never
refused (shared/domain/vietnam.md).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from inspector.domain import RecordIssue
from ocr.vietnamese.lexicons import load_lexicon
from ocr.vietnamese.results import EXACT, Parsed, failed
from ocr.vietnamese.text import clean_spaces, equivalence_key

#: Letters OCR reads for digits in an ID (the repair is kept only when it yields 12 digits).
ID_CONFUSIONS = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "|": "1", "i": "1",
                               "!": "1", "B": "8", "S": "5", "s": "5", "Z": "2", "z": "2", "G": "6", "b": "6"})
_SEPARATORS = re.compile(r"[\s.\-_/,]")
_LABEL = re.compile(r"(?i)^\s*(?:s[ốoồô]\s*)?(?:đ[ịi]nh\s*danh(?:\s*c[áa]\s*nh[âa]n)?|cccd|cmnd|ID)\s*[:.]?\s*")
#: A value that states an identity paper and its number from its first word ("CMND số 253022519",
#: "Chứng minh nhân dân số 281998066", "CCCD số 004711891151, cấp ngày …"): 9 digits for the old
#: CMND, 12 for the CCCD and the personal ID.
ID_PAPER_STATEMENT = re.compile(
    r"(?i)(?:CMND|CCCD|Căn cước(?: công dân)?|Chứng minh nhân dân|Hộ chiếu)\s+số[:\s]*\d{9}(?:\d{3})?(?!\d)")

MESSAGES = {
    "personal_id_format": "Số định danh cá nhân phải gồm 12 chữ số.",
    "personal_id_province_unknown": "Ba chữ số đầu của số định danh cá nhân không phải mã tỉnh đã biết.",
    "personal_id_sex_mismatch": "Số định danh cá nhân không khớp giới tính.",
    "personal_id_century_mismatch": "Số định danh cá nhân không khớp thế kỷ của năm sinh.",
    "personal_id_birth_year_mismatch": "Số định danh cá nhân không khớp năm sinh.",
}


@cache
def _table() -> tuple[dict[str, str], dict[str, tuple[str, int]]]:
    data = load_lexicon("personal_id_provinces")
    digits = {digit: (sex, int(century)) for digit, (sex, century) in data["century_sex_digit"].items()}
    return dict(data["provinces"]), digits


def province_codes() -> dict[str, str]:
    """The 63 province codes of the ID and their provinces."""
    return dict(_table()[0])


def parse_personal_id(raw: str) -> Parsed[str]:
    """Read a personal ID: separators dropped; OCR letter/digit confusions repaired only when that gives 12 digits.

    Failure reasons: ``not_a_personal_id``, ``personal_id_length`` (the digits
    found, e.g. an old 9-digit CMND, are in ``text``).
    """
    text = clean_spaces(raw)
    if not text:
        return failed("empty")
    body = _LABEL.sub("", text)
    compact = _SEPARATORS.sub("", body)
    if re.fullmatch(r"\d{12}", compact):
        return Parsed(compact, EXACT, (), "", text)  # "040 220 001 234": grouping is not damage
    repaired = compact.translate(ID_CONFUSIONS)
    if re.fullmatch(r"\d{12}", repaired):
        changed = sum(1 for a, b in zip(compact, repaired, strict=True) if a != b)
        return Parsed(repaired, round(max(0.4, 0.85 - 0.1 * (changed - 1)), 3), ("ocr_digits",), "", text)
    embedded = re.search(r"(?<!\d)\d{12}(?!\d)", body)
    if embedded is not None:
        return Parsed(embedded.group(0), 0.8, ("extra_text",), "", text)
    digits = re.findall(r"\d+", compact)
    longest = max(digits, key=len) if digits else ""
    if len(longest) >= 8:
        return failed("personal_id_length", longest)
    return failed("not_a_personal_id", text)


def _issue(code: str, fields: tuple[str, ...]) -> RecordIssue:
    return RecordIssue(code, fields, MESSAGES[code])


def _sex_of(value: str | None) -> str | None:
    key = equivalence_key(value or "")
    if key == "nam":
        return "male"
    if key == "nữ":
        return "female"
    return None


def _birth_year(value: dt.date | int | str | None) -> int | None:
    if isinstance(value, dt.date):
        return value.year
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        match = re.search(r"(?<!\d)(\d{4})(?!\d)", value)
        return int(match.group(1)) if match else None
    return None


def check_personal_id(pid: str, sex: str | None = None, date_of_birth: dt.date | int | str | None = None, *,
                      id_key: str = "personal_id", sex_key: str | None = "sex",
                      dob_key: str = "date_of_birth") -> tuple[RecordIssue, ...]:
    """Cross-check an ID's structure with the person's sex and birth date; empty when all agree.

    ``pid`` should be the normalised 12 digits (an empty ID is fine: people
    registered before IDs existed have none). ``sex`` is ``Nam``/``Nữ`` (any
    case); ``date_of_birth`` a date, an ISO string or a year. The ``*_key``
    arguments name the record's fields in the issues (``husband_personal_id``;
    ``sex_key=None`` when the sex is implied, as for spouses).
    """
    pid = (pid or "").strip()
    if not pid:
        return ()
    if not re.fullmatch(r"\d{12}", pid):
        return (_issue("personal_id_format", (id_key,)),)
    provinces, digits = _table()
    issues = []
    if pid[:3] not in provinces:
        issues.append(_issue("personal_id_province_unknown", (id_key,)))
    digit_sex, century = digits[pid[3]]
    person_sex = _sex_of(sex)
    if person_sex is not None and person_sex != digit_sex:
        issues.append(_issue("personal_id_sex_mismatch", (id_key, sex_key) if sex_key else (id_key,)))
    year = _birth_year(date_of_birth)
    if year is not None:
        if year // 100 * 100 != century:
            issues.append(_issue("personal_id_century_mismatch", (id_key, dob_key)))
        if int(pid[4:6]) != year % 100:
            issues.append(_issue("personal_id_birth_year_mismatch", (id_key, dob_key)))
    elif century > 2000:
        issues.append(_issue("personal_id_century_mismatch", (id_key,)))
    return tuple(issues)
