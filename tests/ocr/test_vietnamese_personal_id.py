"""The 12-digit personal ID: OCR repair only when it gives 12 digits; structure cross-checks that flag."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from ocr.vietnamese.personal_id import check_personal_id, parse_personal_id, province_codes


@pytest.mark.parametrize(("raw", "digits", "exact"), [
    ("040220001234", "040220001234", True),
    ("040 220 001 234", "040220001234", True),
    ("040.220.001.234", "040220001234", True),
    ("Số định danh cá nhân: 040220001234", "040220001234", True),
    ("O4O22OOO1234", "040220001234", False),
    ("04022000l234", "040220001234", False),
    ("04022000I234", "040220001234", False),
    ("04022000|234", "040220001234", False),
    ("0B0220001234", "080220001234", False),
    ("04022000S234", "040220005234", False),
    ("040Z20001234", "040220001234", False),
    ("04G220001234", "046220001234", False),
    ("D40220001234", "040220001234", False),
])
def test_ids_are_read_and_repaired(raw, digits, exact):
    result = parse_personal_id(raw)
    assert result.value == digits
    assert result.exact is exact
    if not exact:
        assert result.certainty < 1.0 and "ocr_digits" in result.repairs


@pytest.mark.parametrize(("raw", "reason"), [
    ("04022000123", "personal_id_length"),        # 11 digits: no repair makes 12
    ("O4022000123", "personal_id_length"),        # the repair would give 11: not applied
    ("187654321", "personal_id_length"),          # an old 9-digit CMND
    ("0402200012345", "personal_id_length"),
    ("không có", "not_a_personal_id"),
    ("", "empty"),
])
def test_what_no_repair_makes_twelve_digits_is_refused_with_a_reason(raw, reason):
    result = parse_personal_id(raw)
    assert result.value is None
    assert result.reason == reason


def test_province_codes_are_the_63_of_the_package_with_a_leading_zero():
    codes = province_codes()
    assert len(codes) == 63
    assert codes["001"] == "Hà Nội" and codes["096"] == "Cà Mau" and codes["040"] == "Nghệ An"
    spec = Path(__import__("importlib.util").util.find_spec("vietnamadminunits").submodule_search_locations[0])
    with sqlite3.connect(f"file:{spec / 'data' / 'dataset.db'}?mode=ro", uri=True) as connection:
        legacy = {row[0] for row in connection.execute("SELECT DISTINCT provinceCode FROM admin_units_legacy")}
    assert {code[1:] for code in codes} == legacy


def codes(issues):
    return sorted(issue.code for issue in issues)


@pytest.mark.parametrize(("pid", "sex", "born", "expected"), [
    ("040090001234", "Nam", dt.date(1990, 7, 2), []),
    ("040190001234", "Nữ", dt.date(1990, 7, 2), []),
    ("040203001234", "Nam", dt.date(2003, 2, 26), []),
    ("040303001234", "NỮ", dt.date(2003, 2, 26), []),
    ("001220001234", "Nam", "2020-05-01", []),
    ("001220001234", None, None, []),
    ("040190001234", "Nam", dt.date(1990, 7, 2), ["personal_id_sex_mismatch"]),
    ("040203001234", "Nữ", dt.date(2003, 2, 26), ["personal_id_sex_mismatch"]),
    ("040003001234", "Nam", dt.date(2003, 2, 26), ["personal_id_century_mismatch"]),
    ("040290001234", "Nam", dt.date(1990, 7, 2), ["personal_id_century_mismatch"]),
    ("040091001234", "Nam", dt.date(1990, 7, 2), ["personal_id_birth_year_mismatch"]),
    ("040090001234", "Nam", 1991, ["personal_id_birth_year_mismatch"]),
    ("003090001234", "Nam", dt.date(1990, 7, 2), ["personal_id_province_unknown"]),   # 003 is no province
    ("097090001234", "Nam", dt.date(1990, 7, 2), ["personal_id_province_unknown"]),
    ("003390001234", "Nam", dt.date(1990, 7, 2),
     ["personal_id_century_mismatch", "personal_id_province_unknown", "personal_id_sex_mismatch"]),
    ("04009000123", "Nam", dt.date(1990, 7, 2), ["personal_id_format"]),
    ("", "Nam", dt.date(1990, 7, 2), []),          # no ID yet: fine
])
def test_structure_cross_check(pid, sex, born, expected):
    assert codes(check_personal_id(pid, sex, born)) == expected


def test_issues_name_the_fields_given_and_hold_no_personal_data():
    issues = check_personal_id("040190001234", "Nam", dt.date(1991, 7, 2), id_key="husband_personal_id",
                               sex_key=None, dob_key="husband_date_of_birth")
    assert codes(issues) == ["personal_id_birth_year_mismatch", "personal_id_sex_mismatch"]
    by_code = {issue.code: issue for issue in issues}
    assert by_code["personal_id_sex_mismatch"].fields == ("husband_personal_id",)
    assert by_code["personal_id_birth_year_mismatch"].fields == ("husband_personal_id", "husband_date_of_birth")
    for issue in issues:
        assert "040190001234" not in issue.message and "1991" not in issue.message
