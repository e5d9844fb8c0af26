"""Cross-field rules of a record (fields.md): issues to report, fields to flag, fields two sources confirm.

``check_record(document_type, readings)`` looks at the normalised readings of
one record and returns

- the issues (stable code, the fields involved, a Vietnamese message);
- per field, the reasons it must be flagged (a rule it fails, or two sources
  that disagree, such as the date in digits and the date in words);
- per field, the sources that confirm it (the same date in digits and in
  words: both are then sure even if each alone was not).

The personal ID's structure is a cross-check that flags, never rejects
(vietnam.md). When the Vietnamese validators (``ocr.validation``) are
installed their issues are added.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping

from ocr.fieldkinds import Reading
from ocr.types import ExtractedIssue
from ocr.vietnamese.dates import date_words_fit_another
from ocr.vietnamese.text import equivalence_key

Flags = dict[str, tuple[str, ...]]


class _Collector:
    def __init__(self) -> None:
        self.issues: list[ExtractedIssue] = []
        self.flags: dict[str, list[str]] = {}
        self.confirmed: dict[str, list[str]] = {}

    def fail(self, code: str, fields: tuple[str, ...], message: str, reason: str = "rule_failed") -> None:
        self.issues.append(ExtractedIssue(code=code, fields=fields, message=message))
        for key in fields:
            self.flags.setdefault(key, []).append(reason)

    def confirm(self, fields: tuple[str, ...], source: str) -> None:
        for key in fields:
            self.confirmed.setdefault(key, []).append(source)


def _date(readings: Mapping[str, Reading], key: str) -> _dt.date | None:
    reading = readings.get(key)
    if reading is None or not isinstance(reading.parsed, tuple) or len(reading.parsed) != 3:
        return None
    try:
        return _dt.date(*reading.parsed)
    except (TypeError, ValueError):
        return None


def _year(readings: Mapping[str, Reading], key: str) -> int | None:
    reading = readings.get(key)
    if reading is None or reading.parsed is None:
        return None
    if isinstance(reading.parsed, int):
        return reading.parsed
    date = _date(readings, key)
    return date.year if date else None


def _value(readings: Mapping[str, Reading], key: str) -> str:
    reading = readings.get(key)
    return reading.value if reading is not None else ""


def _check_personal_id(out: _Collector, readings: Mapping[str, Reading], id_key: str, dob_key: str,
                       sex: str | None, sex_key: str | None) -> None:
    personal_id = _value(readings, id_key)
    if len(personal_id) != 12 or not personal_id.isdigit():
        return
    century_sex = int(personal_id[3])
    year_digits = personal_id[4:6]
    birth = _year(readings, dob_key)
    if century_sex > 3:
        out.fail("personal_id_century_mismatch", (id_key,),
                 "Số định danh cá nhân có chữ số thế kỷ/giới tính không hợp lệ")
        return
    born_otherwise = False
    if birth is not None:
        century = 1900 if century_sex in (0, 1) else 2000
        born_otherwise = not century <= birth < century + 100 or f"{birth % 100:02d}" != year_digits
        if born_otherwise:
            out.fail("personal_id_birth_year_mismatch", (id_key, dob_key),
                     "Số định danh cá nhân không khớp năm sinh")
    if sex in ("Nam", "Nữ"):
        if (century_sex % 2 == 1) != (sex == "Nữ"):
            out.fail("personal_id_sex_mismatch", (id_key,) + ((sex_key,) if sex_key else ()),
                     "Số định danh cá nhân không khớp giới tính")
        elif sex_key and not born_otherwise:
            # (an ID at odds with the birth year is misread, or another entry's: it vouches for nothing)
            out.confirm((sex_key,), "personal_id")


def _check_order(out: _Collector, earlier: _dt.date | int | None, later: _dt.date | int | None,
                 fields: tuple[str, ...], code: str, message: str) -> None:
    if earlier is None or later is None:
        return
    if isinstance(earlier, int) or isinstance(later, int):
        first = earlier if isinstance(earlier, int) else earlier.year
        second = later if isinstance(later, int) else later.year
        if first > second:
            out.fail(code, fields, message)
    elif earlier > later:
        out.fail(code, fields, message)


def _age(birth: _dt.date, on: _dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


_NUMBER_AND_YEAR = re.compile(r"\s*\d+\s*/\s*(\d{4})\s*")


def _check_registration_year(out: _Collector, readings: Mapping[str, Reading], registered: _dt.date | None) -> None:
    """The year of a registration: in its number (``57/2021``), its book's (``01/2021``) and its date.
    Numbers restart each year and a book is a year's, so the three agree; a year misread in
    one of them ("57/2921") is flagged with the others, and a year not yet come by itself."""
    years: dict[str, int] = {}
    for key in ("registration_number", "book_number"):
        match = _NUMBER_AND_YEAR.fullmatch(_value(readings, key))
        if match:
            years[key] = int(match.group(1))
    if registered is not None:
        years["registration_date"] = registered.year
    future = tuple(key for key, year in years.items() if year > _dt.date.today().year)
    if future:
        out.fail("registration_year_to_come", future, "Năm đăng ký chưa tới")
    if len(set(years.values())) > 1:
        out.fail("registration_years_differ", tuple(years),
                 "Năm trong số đăng ký, quyển số và ngày đăng ký không khớp nhau")


#: The word naming a province's kind, just before its name.
_PROVINCE_WORD = re.compile(r"(?i)(?:tỉnh|thành phố|tp\.?|t\.)\s*$")


def _check_residences(out: _Collector, readings: Mapping[str, Reading]) -> None:
    """A residence (nơi cư trú) is an address: a commune and the province above it at least. One that
    names a single administrative unit ("xã Phú Hòa", of which there are several; "Hậu Giang" alone)
    was most likely cut short by a wrapped or half-read line."""
    from ocr.vietnamese.places import check_place

    for key, reading in readings.items():
        if not key.endswith("residence") or not reading.value:
            continue
        check = check_place(reading.value)
        named = max((check.legacy, check.current, check.historic), key=len)
        if len(named) != 1:
            continue
        unit = named[0]
        # The one unit is all there is: nothing after a commune ("Thôn 3, xã Lê Lợi"), nothing around a
        # province. Words the check could not place ("Long Thành - Duyên Hải - Trà Vinh") are not proof.
        around = _PROVINCE_WORD.sub("", check.value[:unit.start]) if unit.unit.level == "province" else ""
        if not (around + check.value[unit.end:]).strip(" ,.;-"):
            out.fail("residence_incomplete", (key,),
                     "Nơi cư trú chỉ ghi một đơn vị hành chính (cần cả xã/phường và tỉnh/thành phố)")


def _check_id_documents(out: _Collector, readings: Mapping[str, Reading]) -> None:
    """An identity paper is cited by its number ("CMND số 299869880, cấp ngày…"): one without a
    digit lost it (a cut line, a cell read in part)."""
    for key, reading in readings.items():
        if key.endswith("id_document") and reading.value and not re.search(r"\d", reading.value):
            out.fail("id_document_without_number", (key,), "Giấy tờ tùy thân được ghi mà không có số giấy tờ")


#: A note recording a change or a correction ("Cải chính dân tộc từ Tày thành Kinh", "Thay đổi quê
#: quán từ … thành …", TT 04/2020): it names what was and what is.
_CHANGE_NOTE = re.compile(r"^(?:ghi chú\W*)?(?:thay đổi|cải chính|xác định lại)\b", re.IGNORECASE)
_CHANGE_NOTE_PARTS = re.compile(r"\btừ\b.*\bthành\b", re.IGNORECASE | re.DOTALL)


def _check_notes(out: _Collector, readings: Mapping[str, Reading]) -> None:
    """A note of a change or a correction without its "từ … thành …" was cut (a line or a cell read in part)."""
    note = _value(readings, "notes")
    if note and _CHANGE_NOTE.match(note) and not _CHANGE_NOTE_PARTS.search(note):
        out.fail("note_incomplete", ("notes",), "Ghi chú thay đổi, cải chính thiếu phần «từ … thành …»",
                 reason="text_left_out")


#: The details a birth record gives of a father it names (fields.md: all of them blank when none is).
_FATHER_DETAILS = ("father_birth_year", "father_ethnicity", "father_nationality", "father_residence")


def _check_father(out: _Collector, readings: Mapping[str, Reading]) -> None:
    """A father is recorded with his details or not at all: a name without them (or details without
    a name) means a cell was read blank."""
    if "father_full_name" not in readings:
        return
    present = [key for key in _FATHER_DETAILS if key in readings]
    nationality = _value(readings, "father_nationality")
    if nationality and equivalence_key(nationality) != equivalence_key("Việt Nam"):
        present = [key for key in present if key != "father_ethnicity"]  # a foreigner has no dân tộc of Viet Nam
    blank = tuple(key for key in present if not _value(readings, key))
    if _value(readings, "father_full_name"):
        if blank:
            out.fail("father_details_missing", blank, "Có họ tên người cha nhưng thiếu các thông tin khác về người cha")
    elif present and len(blank) < len(present):
        out.fail("father_name_missing", ("father_full_name",), "Có thông tin về người cha nhưng thiếu họ tên")


def check_record(document_type: str, readings: Mapping[str, Reading]
                 ) -> tuple[list[ExtractedIssue], Flags, Flags]:
    """Check one record's readings: ``(issues, flags per field, confirmations per field)``."""
    out = _Collector()
    registered = _date(readings, "registration_date")
    if document_type == "birth":
        birth = _date(readings, "date_of_birth")
        words = readings.get("date_of_birth_in_words")
        if birth is not None and words is not None and isinstance(words.parsed, tuple):
            if tuple(words.parsed) == (birth.year, birth.month, birth.day):
                out.confirm(("date_of_birth", "date_of_birth_in_words"), "date_in_words")
            else:
                out.fail("date_words_mismatch", ("date_of_birth", "date_of_birth_in_words"),
                         "Ngày sinh ghi bằng số và bằng chữ không khớp nhau", reason="sources_disagree")
        elif birth is not None and words is not None and words.value \
                and date_words_fit_another(words.value, birth) is not None:
            # Words too damaged to read may still spell another date better than the digits' (a "6"
            # read "8" in both readings of the digits): the digits are doubted, not silently kept.
            out.fail("date_words_mismatch", ("date_of_birth",),
                     "Ngày sinh ghi bằng chữ gần với một ngày khác ngày ghi bằng số: số có thể bị đọc sai",
                     reason="sources_disagree")
        _check_personal_id(out, readings, "personal_id", "date_of_birth", _value(readings, "sex"), "sex")
        _check_order(out, birth, registered, ("date_of_birth", "registration_date"), "birth_after_registration",
                     "Ngày sinh sau ngày đăng ký")
        _check_father(out, readings)
        for parent in ("mother", "father"):
            year = _year(readings, f"{parent}_birth_year")
            if year is not None and birth is not None and year > birth.year - 10:
                out.fail("parent_born_after_child", (f"{parent}_birth_year", "date_of_birth"),
                         "Năm sinh của cha/mẹ không hợp lý so với ngày sinh của con")
    elif document_type == "death":
        birth = _date(readings, "date_of_birth")
        death = _date(readings, "date_of_death")
        _check_personal_id(out, readings, "personal_id", "date_of_birth", _value(readings, "sex"), "sex")
        _check_order(out, birth, death, ("date_of_birth", "date_of_death"), "death_before_birth",
                     "Ngày chết trước ngày sinh")
        _check_order(out, death, registered, ("date_of_death", "registration_date"), "death_after_registration",
                     "Ngày chết sau ngày đăng ký khai tử")
    elif document_type == "marriage":
        for side, sex, minimum in (("husband", "Nam", 20), ("wife", "Nữ", 18)):
            _check_personal_id(out, readings, f"{side}_personal_id", f"{side}_date_of_birth", sex, None)
            birth = _date(readings, f"{side}_date_of_birth")
            if birth is not None and registered is not None and _age(birth, registered) < minimum:
                out.fail("under_marriage_age", (f"{side}_date_of_birth", "registration_date"),
                         "Chưa đủ tuổi kết hôn vào ngày đăng ký")
    _check_registration_year(out, readings, registered)
    _check_residences(out, readings)
    _check_id_documents(out, readings)
    _check_notes(out, readings)
    issues = out.issues + _external_issues(document_type, readings, out)
    return (issues, {key: tuple(dict.fromkeys(value)) for key, value in out.flags.items()},
            {key: tuple(dict.fromkeys(value)) for key, value in out.confirmed.items()})


def _external_issues(document_type: str, readings: Mapping[str, Reading], out: _Collector) -> list[ExtractedIssue]:
    """Issues of the Vietnamese validators (``ocr.validation.validate_record``) not already reported."""
    try:
        from ocr.validation import validate_record  # type: ignore[import-not-found]
    except ImportError:
        return []
    # (an ID zone read with no digit at all, the letters OCR makes of an empty row of boxes, is no
    # ID read: its own reason flags it, and "must have 12 digits" would speak of an ID not there)
    values = {key: "" if "not_a_personal_id" in reading.reasons else reading.value
              for key, reading in readings.items()}
    try:
        found = validate_record(document_type, values)
    except Exception:  # noqa: BLE001 - a validator bug must not lose the page
        return []
    known = {issue.code for issue in out.issues}
    extra = []
    for issue in found:
        code = getattr(issue, "code", None)
        if not code or code in known:
            continue
        fields = tuple(getattr(issue, "fields", ()))
        extra.append(ExtractedIssue(code=code, fields=fields, message=getattr(issue, "message", "")))
        for key in fields:
            out.flags.setdefault(key, []).append("rule_failed")
    return extra
