"""Cross-field checks of one record as extraction makes them: what they flag and what they leave alone."""

from __future__ import annotations

from ocr.fieldkinds import normalise
from ocr.rules import check_record


def _readings(**values: tuple[str, str]) -> dict:
    return {key: normalise(kind, raw) for key, (kind, raw) in values.items()}


def test_a_year_misread_in_the_registration_number_is_flagged_with_the_book_and_the_date() -> None:
    readings = _readings(registration_number=("registration_number", "57/2921"),
                         book_number=("book_number", "01/2021"), registration_date=("date", "14/05/2021"))
    issues, flags, _ = check_record("marriage", readings)
    assert {"registration_number", "book_number", "registration_date"} <= set(flags)
    assert any(issue.code == "registration_year_to_come" for issue in issues)
    assert any(issue.code == "registration_years_differ" for issue in issues)


def test_number_book_and_date_of_one_year_pass_and_a_number_without_a_year_is_not_compared() -> None:
    same_year = _readings(registration_number=("registration_number", "125/2020"),
                          book_number=("book_number", "01/2020"), registration_date=("date", "03/02/2020"))
    registration = {"registration_number", "book_number", "registration_date"}
    issues, flags, _ = check_record("birth", same_year)
    assert not registration & set(flags) and not any(issue.code.startswith("registration_") for issue in issues)
    bare_number = _readings(registration_number=("registration_number", "125"),
                            book_number=("book_number", "01/2019"), registration_date=("date", "03/02/2019"))
    assert not registration & set(check_record("death", bare_number)[1])


def test_a_name_read_in_lower_case_is_doubted_and_a_capitalised_one_is_not() -> None:
    assert "name_not_capitalised" in normalise("name", "thân dân số").reasons
    assert normalise("name", "thân dân số").certainty <= 0.5
    for name in ("Thân Văn Số", "NGUYỄN THỊ HOA", "Đỗ Bảo Ngọc Hân"):
        assert "name_not_capitalised" not in normalise("name", name).reasons
