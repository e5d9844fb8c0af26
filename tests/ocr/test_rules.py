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


def test_a_residence_naming_a_single_unit_is_flagged_and_a_full_address_is_not() -> None:
    for cut in ("xã Phú Hòa", "Hậu Giang", "tỉnh Hậu Giang", "Thôn 3, xã Lê Lợi"):
        issues, flags, _ = check_record("birth", _readings(mother_residence=("place", cut)))
        assert "mother_residence" in flags and any(issue.code == "residence_incomplete" for issue in issues)
    # words the check cannot place are no proof of a cut ("Long Thành - Duyên Hải": dashes, no unit words)
    for whole in ("xã Phú Hòa Đông, huyện Củ Chi, thành phố Hồ Chí Minh", "Thôn 3, xã Lê Lợi, tỉnh Lai Châu",
                  "Tổ 12, Long Thành - Duyên Hải - Trà Vinh"):
        assert "mother_residence" not in check_record("birth", _readings(mother_residence=("place", whole)))[1]


def _father(name: str, year: str, ethnicity: str, nationality: str, residence: str) -> dict:
    return _readings(father_full_name=("name", name), father_birth_year=("year", year),
                     father_ethnicity=("ethnicity", ethnicity), father_nationality=("nationality", nationality),
                     father_residence=("place", residence))


def test_a_father_is_recorded_with_his_details_or_not_at_all() -> None:
    _, flags, _ = check_record("birth", _father("LÊ VĂN AN", "1980", "Kinh", "Việt Nam", ""))
    assert "father_residence" in flags and "father_full_name" not in flags
    _, flags, _ = check_record("birth", _father("", "1980", "Kinh", "Việt Nam", "xã Lê Lợi, tỉnh Lai Châu"))
    assert "father_full_name" in flags
    for consistent in (_father("", "", "", "", ""),
                       _father("LÊ VĂN AN", "1980", "Kinh", "Việt Nam", "xã Lê Lợi, tỉnh Lai Châu"),
                       _father("WANG HAO", "1979", "", "Trung Quốc", "xã Lê Lợi, tỉnh Lai Châu")):
        assert not {key for key in check_record("birth", consistent)[1] if key.startswith("father_")}


def test_an_identity_paper_without_its_number_is_flagged() -> None:
    issues, flags, _ = check_record("birth", _readings(declarant_id_document=("text", "CMND")))
    assert "declarant_id_document" in flags and any(i.code == "id_document_without_number" for i in issues)
    whole = _readings(declarant_id_document=("text", "CMND số 299869880, cấp ngày 30/11/2007"))
    assert "declarant_id_document" not in check_record("birth", whole)[1]


def test_a_change_note_cut_before_its_from_and_to_is_flagged_and_whole_notes_are_not() -> None:
    for cut in ("thay đổi", "Cải chính dân tộc từ Tày", "Ghi chú: thay đổi quê quán"):
        issues, flags, _ = check_record("birth", _readings(notes=("text", cut)))
        assert "notes" in flags and any(issue.code == "note_incomplete" for issue in issues), cut
    for whole in ("Cải chính dân tộc từ Tày thành Kinh ngày 12/03/2015",
                  "Ghi chú: thay đổi quê quán từ xã Yên Phú thành xã Tân Lập",
                  "Đã cấp bản sao ngày 26/01/2021", "Bổ sung tên cha: Lý Duy Vũ ngày 02/05/2019"):
        assert "notes" not in check_record("birth", _readings(notes=("text", whole)))[1], whole


def test_a_personal_id_at_odds_with_the_birth_year_does_not_vouch_for_the_sex() -> None:
    # 096145... : born in (19)45, a woman. Read beside a woman born in 1945 it confirms her sex; beside
    # a birth in 1948 (another entry's ID, or a misread one) it confirms nothing and is flagged.
    def checked(born: str):
        return check_record("death", _readings(personal_id=("personal_id", "096145641178"),
                                               sex=("sex", "Nữ"), date_of_birth=("date", born)))

    issues, flags, confirmations = checked("01/01/1945")
    assert "sex" in confirmations and not any(issue.code.startswith("personal_id") for issue in issues)
    issues, flags, confirmations = checked("20/06/1948")
    assert "sex" not in confirmations
    assert any(issue.code == "personal_id_birth_year_mismatch" for issue in issues)


def test_an_id_zone_read_as_letters_is_no_id_of_the_wrong_length() -> None:
    # Letters in the ID's room ("TM. CỐ", a neighbour's words caught in the zone). The field is doubted
    # on its own (not_a_personal_id); the record is not told its ID "must have 12 digits".
    letters = _readings(personal_id=("personal_id", "TM. CỐ"), sex=("sex", "Nam"))
    assert "not_a_personal_id" in letters["personal_id"].reasons
    issues, _, _ = check_record("birth", letters)
    assert not any(issue.code == "personal_id_format" for issue in issues)
    # "IBRRRRRNR": the sides of an empty row of boxes read as letters, a blank ID.
    boxes = _readings(personal_id=("personal_id", "IBRRRRRNR"), sex=("sex", "Nam"))
    assert boxes["personal_id"].value == "" and "empty_boxes" in boxes["personal_id"].reasons
    issues, _, _ = check_record("birth", boxes)
    assert not any(issue.code == "personal_id_format" for issue in issues)
    short = _readings(personal_id=("personal_id", "04020300123"), sex=("sex", "Nam"))
    issues, flags, _ = check_record("birth", short)
    assert any(issue.code == "personal_id_format" for issue in issues) and "personal_id" in flags


def test_a_date_of_birth_whose_damaged_words_spell_another_day_is_doubted() -> None:
    # Main bench page 1030 (a typewriter face): "26" read "28" by both readings of the digits, the words
    # beside them too damaged to read ("bai", "0ăm") but spelling twenty-six, not twenty-eight.
    words = "Ngày bai mươi sáu, tháng chín, 0ăm một nghìn chín trăm chín mươi"
    misread = _readings(date_of_birth=("date", "28/09/1990"), date_of_birth_in_words=("date", words))
    assert misread["date_of_birth_in_words"].parsed is None  # (past reading: the rule's words check is off)
    issues, flags, _ = check_record("birth", misread)
    assert "sources_disagree" in flags.get("date_of_birth", [])
    assert any(issue.code == "date_words_mismatch" for issue in issues)
    right = _readings(date_of_birth=("date", "26/09/1990"), date_of_birth_in_words=("date", words))
    assert "sources_disagree" not in check_record("birth", right)[1].get("date_of_birth", ())
    # Nor do words cut short by noise (main 1111), which a shorter year ("năm hai ngàn") fits no better.
    cut = _readings(date_of_birth=("date", "14/06/2002"), date_of_birth_in_words=(
        "date", "ngày mười bốn, tháng sáu, năm hai ngàn ¡không trăm linh Ỉ ị z hộ"))
    assert "sources_disagree" not in check_record("birth", cut)[1].get("date_of_birth", ())
    # And words cut short say nothing of the date's end ("2003" fits "… không trăm" better than 2023).
    short = _readings(date_of_birth=("date", "11/03/2023"), date_of_birth_in_words=(
        "date", "Ngày mười một, tháng ba, năm hai nghìn không trăm"))
    assert "sources_disagree" not in check_record("birth", short)[1].get("date_of_birth", ())
    # Words that spell no date near it say nothing of the digits.
    noise = _readings(date_of_birth=("date", "28/09/1990"),
                      date_of_birth_in_words=("date", "ký tên đóng dấu"))
    assert "sources_disagree" not in check_record("birth", noise)[1].get("date_of_birth", ())
