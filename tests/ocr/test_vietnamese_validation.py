"""Cross-field rules of fields.md: each one flags what it must, and a clean record passes."""

from __future__ import annotations

import datetime as dt

import pytest

from ocr.validation import minimum_marriage_age, validate_book_numbers, validate_record

TODAY = dt.date(2025, 6, 1)

BIRTH = {
    "registration_number": "125", "book_number": "01/2003", "registration_date": "2003-03-10",
    "registration_authority": "Ủy ban nhân dân xã Quỳnh Đôi", "notes": "",
    "full_name": "NGUYỄN VĂN HÙNG", "date_of_birth": "2003-02-26",
    "date_of_birth_in_words": "Ngày hai mươi sáu, tháng hai, năm hai nghìn không trăm linh ba",
    "sex": "Nam", "ethnicity": "Kinh", "nationality": "Việt Nam",
    "place_of_birth": "Trạm y tế xã Quỳnh Đôi, huyện Quỳnh Lưu, tỉnh Nghệ An", "hometown": "Nghệ An",
    "personal_id": "040203001234",
    "mother_full_name": "TRẦN THỊ LAN", "mother_birth_year": "1978", "mother_ethnicity": "Kinh",
    "mother_nationality": "Việt Nam", "mother_residence": "xã Quỳnh Đôi, huyện Quỳnh Lưu, tỉnh Nghệ An",
    "father_full_name": "NGUYỄN VĂN AN", "father_birth_year": "1975", "father_ethnicity": "Kinh",
    "father_nationality": "Việt Nam", "father_residence": "xã Quỳnh Đôi, huyện Quỳnh Lưu, tỉnh Nghệ An",
    "declarant_full_name": "NGUYỄN VĂN AN", "declarant_id_document": "CMND số 181234567",
}
DEATH = {
    "registration_number": "12", "book_number": "01/2020", "registration_date": "2020-05-20",
    "full_name": "LÊ THỊ HOA", "date_of_birth": "1935-04-21", "sex": "Nữ", "ethnicity": "Tày",
    "nationality": "Việt Nam", "personal_id": "", "last_residence": "xã Quỳnh Đôi, huyện Quỳnh Lưu, tỉnh Nghệ An",
    "time_of_death": "10:30", "date_of_death": "2020-05-10", "place_of_death": "tại nhà",
    "cause_of_death": "già yếu", "declarant_full_name": "NGUYỄN VĂN AN", "declarant_relationship": "con",
}
MARRIAGE = {
    "registration_number": "7", "book_number": "01/2021", "registration_date": "2021-10-02",
    "husband_full_name": "NGUYỄN VĂN AN", "husband_date_of_birth": "1995-01-15", "husband_ethnicity": "Kinh",
    "husband_nationality": "Việt Nam", "husband_residence": "tỉnh Nghệ An", "husband_personal_id": "040095001234",
    "wife_full_name": "LÒ THỊ PHƯƠNG", "wife_date_of_birth": "1998-12-01", "wife_ethnicity": "Thái",
    "wife_nationality": "Việt Nam", "wife_residence": "tỉnh Sơn La", "wife_personal_id": "014198001234",
}


def codes(issues):
    return sorted(issue.code for issue in issues)


@pytest.mark.parametrize(("kind", "record"), [("birth", BIRTH), ("death", DEATH), ("marriage", MARRIAGE)])
def test_clean_records_pass(kind, record):
    assert validate_record(kind, record, today=TODAY) == []


def with_(record, **changes):
    return {**record, **changes}


@pytest.mark.parametrize(("kind", "record", "code", "fields"), [
    ("birth", with_(BIRTH, date_of_birth="2003-02-30"), "invalid_date", ("date_of_birth",)),
    ("birth", with_(BIRTH, registration_date="30/02/2003"), "invalid_date", ("registration_date",)),
    ("birth", with_(BIRTH, date_of_birth="không rõ"), "invalid_date", ("date_of_birth",)),
    ("birth", with_(BIRTH, registration_date="2003-02-20"), "birth_after_registration",
     ("date_of_birth", "registration_date")),
    ("birth", with_(BIRTH, registration_date="2030-01-01", book_number="01/2030"), "date_in_future",
     ("registration_date",)),
    ("birth", with_(BIRTH, date_of_birth_in_words="Ngày hai mươi sáu, tháng hai, năm hai nghìn không trăm linh tư"),
     "date_words_mismatch", ("date_of_birth", "date_of_birth_in_words")),
    ("birth", with_(BIRTH, date_of_birth_in_words="Ngày hai mươi sáu, tháng ba, năm hai nghìn không trăm linh ba"),
     "date_words_mismatch", ("date_of_birth", "date_of_birth_in_words")),
    ("birth", with_(BIRTH, date_of_birth_in_words="ký tên đóng dấu"), "date_words_unreadable",
     ("date_of_birth_in_words",)),
    ("birth", with_(BIRTH, mother_birth_year="2003"), "parent_younger_than_child",
     ("mother_birth_year", "date_of_birth")),
    ("birth", with_(BIRTH, father_birth_year="2010"), "parent_younger_than_child",
     ("father_birth_year", "date_of_birth")),
    ("birth", with_(BIRTH, mother_birth_year="1995"), "parent_too_young", ("mother_birth_year", "date_of_birth")),
    ("birth", with_(BIRTH, mother_birth_year="1930"), "parent_implausibly_old",
     ("mother_birth_year", "date_of_birth")),
    ("birth", with_(BIRTH, mother_birth_year="19x8"), "invalid_year", ("mother_birth_year",)),
    ("birth", with_(BIRTH, personal_id="040003001234"), "personal_id_century_mismatch",
     ("personal_id", "date_of_birth")),
    ("birth", with_(BIRTH, personal_id="040204001234"), "personal_id_birth_year_mismatch",
     ("personal_id", "date_of_birth")),
    ("birth", with_(BIRTH, personal_id="040303001234"), "personal_id_sex_mismatch", ("personal_id", "sex")),
    ("birth", with_(BIRTH, personal_id="003203001234"), "personal_id_province_unknown", ("personal_id",)),
    ("birth", with_(BIRTH, personal_id="04020300123"), "personal_id_format", ("personal_id",)),
    ("birth", with_(BIRTH, sex="Nữa"), "invalid_sex", ("sex",)),
    ("birth", with_(BIRTH, sex="Không rõ"), "invalid_sex", ("sex",)),
    ("birth", with_(BIRTH, ethnicity="Tay"), "unknown_ethnicity", ("ethnicity",)),
    ("birth", with_(BIRTH, father_ethnicity="Người Sao Hỏa"), "unknown_ethnicity", ("father_ethnicity",)),
    ("birth", with_(BIRTH, nationality="Viet Nam"), "unknown_nationality", ("nationality",)),
    ("birth", with_(BIRTH, full_name=""), "missing_required_field", ("full_name",)),
    ("birth", with_(BIRTH, book_number="01/2004"), "book_year_mismatch", ("book_number", "registration_date")),
    ("death", with_(DEATH, date_of_death="1930-01-01"), "death_before_birth", ("date_of_death", "date_of_birth")),
    ("death", with_(DEATH, date_of_death="2020-06-01"), "death_after_registration",
     ("date_of_death", "registration_date")),
    ("death", with_(DEATH, date_of_birth="1880-01-01"), "implausible_age", ("date_of_death", "date_of_birth")),
    ("death", with_(DEATH, time_of_death="25:70"), "invalid_time", ("time_of_death",)),
    ("death", with_(DEATH, date_of_death=""), "missing_required_field", ("date_of_death",)),
    ("marriage", with_(MARRIAGE, husband_date_of_birth="2002-01-15", husband_personal_id="040202001234"),
     "spouse_under_age", ("husband_date_of_birth", "registration_date")),
    ("marriage", with_(MARRIAGE, wife_date_of_birth="2003-10-03", wife_personal_id="014303001234"),
     "spouse_under_age", ("wife_date_of_birth", "registration_date")),
    ("marriage", with_(MARRIAGE, wife_personal_id="014098001234"), "personal_id_sex_mismatch",
     ("wife_personal_id",)),
    ("marriage", with_(MARRIAGE, husband_personal_id="040096001234"), "personal_id_birth_year_mismatch",
     ("husband_personal_id", "husband_date_of_birth")),
    ("marriage", with_(MARRIAGE, wife_date_of_birth="2022-01-01", wife_personal_id=""), "birth_after_registration",
     ("wife_date_of_birth", "registration_date")),
    ("marriage", with_(MARRIAGE, wife_ethnicity="Khmer", husband_ethnicity="Kinn"), "unknown_ethnicity",
     ("husband_ethnicity",)),
])
def test_each_rule_flags_its_case(kind, record, code, fields):
    issues = validate_record(kind, record, today=TODAY)
    found = [issue for issue in issues if issue.code == code]
    assert found, codes(issues)
    assert found[0].fields == fields


def test_same_day_death_and_birth_is_allowed_and_the_parents_may_be_twelve_years_older():
    assert "death_before_birth" not in codes(validate_record(
        "death", with_(DEATH, date_of_death="1935-04-21"), today=TODAY))
    assert validate_record("birth", with_(BIRTH, mother_birth_year="1991"), today=TODAY) == []


@pytest.mark.parametrize(("spelling", "known"), [
    ("Khơ-me", True), ("Khmer", True), ("H'Mông", True), ("Hmông", True), ("Ê-đê", True), ("Stiêng", True),
    ("Gié-Triêng", True), ("Raglay", True), ("Bru - Vân Kiều", True), ("KINH", True), ("Hmong", False),
])
def test_ethnicity_any_accepted_spelling_passes(spelling, known):
    issues = validate_record("birth", with_(BIRTH, ethnicity=spelling), today=TODAY)
    assert ("unknown_ethnicity" not in codes(issues)) is known


def test_sex_in_any_case_passes():
    assert validate_record("birth", with_(BIRTH, sex="NAM"), today=TODAY) == []


def test_words_in_another_style_agree_with_the_digits():
    record = with_(BIRTH, date_of_birth="1990-07-02", personal_id="040090001234", mother_birth_year="1965",
                   father_birth_year="1960", registration_date="1990-07-20", book_number="01/1990",
                   date_of_birth_in_words="Ngày mồng hai tháng bẩy năm một ngàn chín trăm chín mươi")
    assert validate_record("birth", record, today=TODAY) == []


@pytest.mark.parametrize(("registered", "born", "under_age"), [
    ("2021-10-02", "2001-10-02", False),   # 20 on the day
    ("2021-10-02", "2001-10-03", True),    # one day short
    ("2010-05-01", "1991-04-01", False),   # before 2015: having entered the 20th year was enough
    ("2010-05-01", "1991-06-01", True),
    ("2014-12-31", "1995-12-30", False),
    ("2015-01-01", "1995-12-30", True),    # the 2014 law: full years
])
def test_husband_marriage_age_follows_the_law_in_force(registered, born, under_age):
    record = with_(MARRIAGE, registration_date=registered, husband_date_of_birth=born, husband_personal_id="",
                   book_number="")
    issues = validate_record("marriage", record, today=TODAY)
    husband = [issue for issue in issues if issue.code == "spouse_under_age" and "husband_date_of_birth" in issue.fields]
    assert bool(husband) is under_age


def test_minimum_marriage_age():
    assert minimum_marriage_age("husband", dt.date(2020, 1, 1)) == 20
    assert minimum_marriage_age("wife", dt.date(2020, 1, 1)) == 18
    assert minimum_marriage_age("wife", dt.date(2000, 1, 1)) == 17


def test_messages_are_vietnamese_and_carry_no_personal_data():
    record = with_(BIRTH, date_of_birth="2003-02-30", personal_id="040303001234", mother_birth_year="2004",
                   ethnicity="Xyzw", sex="Nữa", full_name="")
    issues = validate_record("birth", record, today=TODAY)
    assert len(issues) >= 4
    for issue in issues:
        assert issue.message and issue.code == issue.code.lower()
        for private in ("2003", "040303001234", "2004", "Xyzw", "Nữa", "NGUYỄN", "TRẦN"):
            assert private not in issue.message


def test_unknown_document_type_is_an_issue_not_a_crash():
    assert codes(validate_record("adoption", {})) == ["unknown_document_type"]


def test_book_numbers():
    records = [{"registration_number": number, "registration_date": "2020-01-10"}
               for number in ("5", "6", "6", "9", "8", "Số: 10", "xx", "")]
    issues = validate_book_numbers(records)
    by_code = {issue.code: issue for issue in issues}
    assert by_code["duplicate_registration_number"].record_indexes == (1, 2)
    assert by_code["duplicate_registration_number"].numbers == (6,)
    assert by_code["registration_number_gap"].numbers == (7,)          # nothing before 5 is asked for
    assert by_code["registration_number_order"].record_indexes == (4,)
    assert by_code["registration_number_unreadable"].record_indexes == (6,)
    assert set(by_code) == {"duplicate_registration_number", "registration_number_gap",
                            "registration_number_order", "registration_number_unreadable"}


def test_book_numbers_restart_each_year_and_clean_books_pass():
    records = [{"registration_number": str(n), "registration_date": "2020-12-01"} for n in (1, 2, 3)] + [
        {"registration_number": str(n), "registration_date": "2021-01-05"} for n in (1, 2)]
    assert validate_book_numbers(records) == []
    gap = validate_book_numbers([{"registration_number": n} for n in ("1", "2", "5", "6", "9")])
    assert [issue.numbers for issue in gap] == [(3, 4, 7, 8)]
    assert "3–4, 7–8" in gap[0].message
