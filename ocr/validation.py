"""Cross-field rules a record must pass, or be flagged (shared/spec/fields.md).

``validate_record(document_type, fields)`` takes a record's normalised values
(ISO dates, ``YYYY`` years; other spellings of dates are read too) and
returns :class:`~inspector.domain.RecordIssue` values: a stable snake_case
``code``, the field keys involved, a Vietnamese message for the officer that
names fields, never their values. Nothing is refused: an issue flags the
fields for the officer. ``validate_book_numbers(records)`` checks the
numbering of one register book.

Codes: ``invalid_date``, ``invalid_year``, ``invalid_time``, ``date_in_future``,
``birth_after_registration``, ``death_before_birth``,
``death_after_registration``, ``implausible_age``,
``parent_younger_than_child``, ``parent_too_young``,
``parent_implausibly_old``, ``spouse_under_age``, ``date_words_mismatch``,
``date_words_unreadable``, ``personal_id_format``,
``personal_id_province_unknown``, ``personal_id_sex_mismatch``,
``personal_id_century_mismatch``, ``personal_id_birth_year_mismatch``,
``invalid_sex``, ``unknown_ethnicity``, ``unknown_nationality``,
``missing_required_field``, ``book_year_mismatch``,
``unknown_document_type``; for books ``duplicate_registration_number``,
``registration_number_gap``, ``registration_number_order``,
``registration_number_unreadable``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from inspector.domain import RecordIssue
from inspector.record_fields import FieldSpec, record_fields, record_types
from ocr.vietnamese.dates import parse_date, parse_date_words, parse_time, parse_year
from ocr.vietnamese.ethnicity import ethnicity_match
from ocr.vietnamese.nationality import nationality_match
from ocr.vietnamese.personal_id import check_personal_id
from ocr.vietnamese.text import clean_spaces, equivalence_key

#: A parent at most this many years older than the child (the mother, the father): older is flagged.
PARENT_MAX_AGE = {"mother": 60, "father": 90}
#: A parent younger than this at the child's birth is flagged.
PARENT_MIN_AGE = 12
#: An age at death above this is flagged.
MAX_AGE = 120
#: The Law on Marriage and Family 52/2014/QH13 (in force 2015-01-01): men from full 20, women from full 18.
MARRIAGE_LAW_2014 = dt.date(2015, 1, 1)
MARRIAGE_AGE = {"husband": 20, "wife": 18}

REQUIRED = {
    "birth": ("registration_date", "full_name", "date_of_birth", "sex"),
    "death": ("registration_date", "full_name", "date_of_death"),
    "marriage": ("registration_date", "husband_full_name", "husband_date_of_birth", "wife_full_name",
                 "wife_date_of_birth"),
}
_ROLE_VI = {"mother": "mẹ", "father": "cha", "husband": "Người chồng", "wife": "Người vợ"}


def _label(specs: Mapping[str, FieldSpec], key: str) -> str:
    spec = specs.get(key)
    return spec.label_vi if spec else key


def _value(fields: Mapping[str, str], key: str) -> str:
    return clean_spaces(fields.get(key) or "")


def _as_date(text: str) -> dt.date | None | str:
    """The date of a value: ``None`` when blank, ``"invalid"`` when it is no real date."""
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return "invalid"
    parsed = parse_date(text)
    return parsed.value if parsed.value is not None else "invalid"


def _full_years(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def minimum_marriage_age(role: str, registered: dt.date) -> int:
    """Full years a spouse must have on the registration date.

    From 2015 (Law 52/2014/QH13): men 20, women 18, in full years. Before,
    the laws of 1959, 1986 and 2000 said "từ hai mươi tuổi trở lên" and the
    Supreme Court read it as having *entered* the 20th (18th) year
    (Nghị quyết 02/2000/NQ-HĐTP), i.e. 19 (17) full years.
    """
    age = MARRIAGE_AGE[role]
    return age if registered >= MARRIAGE_LAW_2014 else age - 1


@dataclass
class _Checker:
    document_type: str
    fields: Mapping[str, str]
    specs: Mapping[str, FieldSpec]
    today: dt.date
    issues: list[RecordIssue]

    def add(self, code: str, keys: Sequence[str], message: str) -> None:
        issue = RecordIssue(code, tuple(keys), message)
        if issue not in self.issues:
            self.issues.append(issue)

    def label(self, key: str) -> str:
        return _label(self.specs, key)

    def date(self, key: str) -> dt.date | None:
        """The field's date, flagging a value that is no real date (then ``None``)."""
        if key not in self.specs:
            return None
        value = _as_date(_value(self.fields, key))
        if value == "invalid":
            self.add("invalid_date", (key,), f"«{self.label(key)}» không phải là ngày có thật.")
            return None
        if value is not None and value > self.today:
            self.add("date_in_future", (key,), f"«{self.label(key)}» là ngày trong tương lai.")
        return value  # type: ignore[return-value]

    def year(self, key: str) -> int | None:
        text = _value(self.fields, key)
        if not text or key not in self.specs:
            return None
        parsed = parse_year(text)
        if parsed.value is None:
            self.add("invalid_year", (key,), f"«{self.label(key)}» không phải là năm hợp lệ.")
            return None
        if parsed.value > self.today.year:
            self.add("date_in_future", (key,), f"«{self.label(key)}» là năm trong tương lai.")
        return parsed.value


def validate_record(document_type: str, fields: Mapping[str, str], *,
                    today: dt.date | None = None) -> list[RecordIssue]:
    """Every cross-field rule of fields.md for one record; an empty list when all pass.

    ``fields`` maps keys of fields.md to normalised values (blank = ``""`` or
    absent). ``today`` (default: the current date) bounds dates in the future.
    """
    document_type = str(document_type or "")
    if document_type not in record_types():
        return [RecordIssue("unknown_document_type", (), "Không nhận ra loại giấy tờ hộ tịch.")]
    specs = {spec.key: spec for spec in record_fields(document_type)}
    check = _Checker(document_type, fields, specs, today or dt.date.today(), [])

    for key in REQUIRED[document_type]:
        if not _value(fields, key):
            check.add("missing_required_field", (key,), f"Thiếu «{check.label(key)}».")

    dates = {key: check.date(key) for key, spec in specs.items() if spec.kind == "date"}
    for key, spec in specs.items():
        if spec.kind == "time" and _value(fields, key) and parse_time(_value(fields, key)).value is None:
            check.add("invalid_time", (key,), f"«{check.label(key)}» không phải là giờ hợp lệ.")
    registered = dates.get("registration_date")
    _book_year(check, registered)
    if document_type in ("birth", "death"):
        _person(check, dates, registered, prefix="", sex=_value(fields, "sex"), sex_key="sex")
    if document_type == "birth":
        _date_words(check, dates.get("date_of_birth"))
        _parents(check, dates.get("date_of_birth"))
    if document_type == "death":
        _death(check, dates, registered)
    if document_type == "marriage":
        for role, sex in (("husband", "Nam"), ("wife", "Nữ")):
            _person(check, dates, registered, prefix=f"{role}_", sex=sex, sex_key=None)
            _spouse_age(check, role, dates.get(f"{role}_date_of_birth"), registered)
    for key, spec in specs.items():
        value = _value(fields, key)
        if not value:
            continue
        if spec.kind == "ethnicity" and not ethnicity_match(value).known:
            check.add("unknown_ethnicity", (key,), f"«{check.label(key)}» không thuộc danh mục 54 dân tộc.")
        if spec.kind == "nationality" and not nationality_match(value).known:
            check.add("unknown_nationality", (key,), f"«{check.label(key)}» không có trong danh mục quốc tịch.")
    return check.issues


def _book_year(check: _Checker, registered: dt.date | None) -> None:
    if registered is None:
        return
    for key in ("book_number", "registration_number"):
        match = re.search(r"/\s*((?:19|20)\d\d)\b", _value(check.fields, key))
        if match and int(match.group(1)) != registered.year:
            check.add("book_year_mismatch", (key, "registration_date"),
                      f"Năm trong «{check.label(key)}» không khớp năm đăng ký.")


def _person(check: _Checker, dates: Mapping[str, dt.date | None], registered: dt.date | None, *,
            prefix: str, sex: str, sex_key: str | None) -> None:
    dob_key = f"{prefix}date_of_birth"
    born = dates.get(dob_key)
    if born is not None and registered is not None and born > registered:
        check.add("birth_after_registration", (dob_key, "registration_date"), "Ngày sinh sau ngày đăng ký.")
    if sex_key and sex and equivalence_key(sex) not in ("nam", "nữ"):
        check.add("invalid_sex", (sex_key,), "Giới tính phải là «Nam» hoặc «Nữ».")
    pid_key = f"{prefix}personal_id"
    pid = _value(check.fields, pid_key)
    if pid:
        for issue in check_personal_id(pid, sex if equivalence_key(sex) in ("nam", "nữ") else None, born,
                                       id_key=pid_key, sex_key=sex_key, dob_key=dob_key):
            check.add(issue.code, issue.fields, issue.message)


def _date_words(check: _Checker, born: dt.date | None) -> None:
    words = _value(check.fields, "date_of_birth_in_words")
    if not words:
        return
    parsed = parse_date_words(words)
    if parsed.value is None:
        check.add("date_words_unreadable", ("date_of_birth_in_words",),
                  "Không đọc được ngày, tháng, năm sinh ghi bằng chữ.")
    elif born is not None and parsed.value != born:
        check.add("date_words_mismatch", ("date_of_birth", "date_of_birth_in_words"),
                  "Ngày, tháng, năm sinh ghi bằng chữ không khớp với ghi bằng số.")


def _parents(check: _Checker, born: dt.date | None) -> None:
    for role in ("mother", "father"):
        key = f"{role}_birth_year"
        year = check.year(key)
        if year is None or born is None:
            continue
        keys = (key, "date_of_birth")
        who = _ROLE_VI[role]
        if year >= born.year:
            check.add("parent_younger_than_child", keys, f"Năm sinh của {who} không trước năm sinh của con.")
        elif born.year - year < PARENT_MIN_AGE:
            check.add("parent_too_young", keys, f"Năm sinh của {who} cho thấy {who} dưới {PARENT_MIN_AGE} tuổi "
                                                "khi sinh con: cần kiểm tra.")
        elif born.year - year > PARENT_MAX_AGE[role]:
            check.add("parent_implausibly_old", keys, f"Năm sinh của {who} cho thấy {who} trên "
                                                      f"{PARENT_MAX_AGE[role]} tuổi khi sinh con: cần kiểm tra.")


def _death(check: _Checker, dates: Mapping[str, dt.date | None], registered: dt.date | None) -> None:
    born, died = dates.get("date_of_birth"), dates.get("date_of_death")
    if born is not None and died is not None:
        if died < born:
            check.add("death_before_birth", ("date_of_death", "date_of_birth"), "Ngày chết trước ngày sinh.")
        elif _full_years(born, died) > MAX_AGE:
            check.add("implausible_age", ("date_of_death", "date_of_birth"),
                      f"Tuổi khi chết trên {MAX_AGE}: cần kiểm tra ngày sinh và ngày chết.")
    if died is not None and registered is not None and died > registered:
        check.add("death_after_registration", ("date_of_death", "registration_date"),
                  "Ngày chết sau ngày đăng ký khai tử.")


def _spouse_age(check: _Checker, role: str, born: dt.date | None, registered: dt.date | None) -> None:
    if born is None or registered is None or born > registered:
        return
    minimum = minimum_marriage_age(role, registered)
    if _full_years(born, registered) < minimum:
        check.add("spouse_under_age", (f"{role}_date_of_birth", "registration_date"),
                  f"{_ROLE_VI[role]} chưa đủ tuổi kết hôn ({MARRIAGE_AGE[role]} tuổi) vào ngày đăng ký.")


# --------------------------------------------------------------------------- one book

@dataclass(frozen=True)
class BookIssue:
    """A numbering problem of a register book: which records (by position given), which numbers."""

    code: str
    record_indexes: tuple[int, ...]
    numbers: tuple[int, ...]
    message: str


def _number_of(text: str) -> int | None:
    match = re.match(r"\s*(?:s[oốồ]\s*[:.]?\s*)?(\d+)", clean_spaces(text), re.IGNORECASE)
    return int(match.group(1)) if match else None


def _ranges(numbers: Sequence[int]) -> str:
    pieces: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        pieces.append(str(start) if start == previous else f"{start}–{previous}")
        if number is not None:
            start = previous = number
    return ", ".join(pieces)


def validate_book_numbers(records: Sequence[Mapping[str, str]]) -> list[BookIssue]:
    """Registration numbers of one book, in page order: unique, without gaps, increasing.

    Numbering restarts each year (records are grouped by the year of their
    registration date when they have one); a gap before a book's first
    number is not flagged, since a second book of a year continues the first.
    """
    issues: list[BookIssue] = []
    groups: dict[int | None, list[tuple[int, int]]] = {}
    for index, fields in enumerate(records):
        raw = fields.get("registration_number") or ""
        if not clean_spaces(raw):
            continue
        number = _number_of(raw)
        if number is None:
            issues.append(BookIssue("registration_number_unreadable", (index,), (),
                                    "Không đọc được số đăng ký."))
            continue
        registered = _as_date(clean_spaces(fields.get("registration_date") or ""))
        year = registered.year if isinstance(registered, dt.date) else None
        groups.setdefault(year, []).append((index, number))
    for entries in groups.values():
        by_number: dict[int, list[int]] = {}
        for index, number in entries:
            by_number.setdefault(number, []).append(index)
        for number, indexes in sorted(by_number.items()):
            if len(indexes) > 1:
                issues.append(BookIssue("duplicate_registration_number", tuple(indexes), (number,),
                                        f"Số đăng ký {number} bị trùng ở {len(indexes)} bản ghi."))
        numbers = sorted(by_number)
        missing = [number for number in range(numbers[0], numbers[-1] + 1) if number not in by_number]
        if missing:
            issues.append(BookIssue("registration_number_gap", (), tuple(missing),
                                    f"Thiếu số đăng ký: {_ranges(missing)}."))
        highest = None
        for index, number in entries:
            if highest is not None and number < highest:
                issues.append(BookIssue("registration_number_order", (index,), (number,),
                                        f"Số đăng ký {number} đứng sau số lớn hơn: kiểm tra thứ tự trang."))
            highest = number if highest is None else max(highest, number)
    return issues
