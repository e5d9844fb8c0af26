"""The field-kind registry the extractor calls: values as fields.md wants them, certainty, reasons."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from inspector.record_fields import field_kinds
from ocr.vietnamese.normalise import KINDS, normalise_field


def test_the_registry_covers_every_kind_of_the_data_dictionary():
    assert set(KINDS) == set(field_kinds())


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        normalise_field("shoe_size", "42")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_blank_is_a_blank_field(kind):
    result = normalise_field(kind, "  ")
    assert result.value == "" and result.certainty == 1.0 and result.reasons == ()
    assert normalise_field(kind, None).value == ""


@pytest.mark.parametrize(("kind", "raw", "value"), [
    ("date", "02/7/1990", "1990-07-02"),
    ("date", "ngày 15 tháng 3 năm 2020", "2020-03-15"),
    ("date", "1990-07-02", "1990-07-02"),
    ("date_words", "Ngày hai mươi sáu, tháng hai, năm hai nghìn không trăm linh ba",
     "Ngày hai mươi sáu, tháng hai, năm hai nghìn không trăm linh ba"),
    ("year", "1990", "1990"),
    ("year", "năm 1978", "1978"),
    ("time", "10 giờ 30 phút", "10:30"),
    ("time", "7 giờ", "07:00"),
    ("sex", "Nam", "Nam"),
    ("sex", "NAM", "Nam"),
    ("sex", "Nữ", "Nữ"),
    ("sex", "NỮ", "Nữ"),
    ("sex", "Giới tính: Nữ", "Nữ"),
    ("ethnicity", "Khơ-me", "Khơ-me"),          # the page's spelling is kept
    ("ethnicity", "H'Mông", "H'Mông"),
    ("ethnicity", "Dân tộc: Kinh", "Kinh"),
    ("nationality", "Việt Nam", "Việt Nam"),
    ("name", "Nguyễn  văn Hùng", "NGUYỄN VĂN HÙNG"),
    ("place", "xã Quỳnh Đôi, huyện Quỳnh Lưu, tỉnh Nghệ An", "xã Quỳnh Đôi, huyện Quỳnh Lưu, tỉnh Nghệ An"),
    ("personal_id", "040 203 001 234", "040203001234"),
    ("registration_number", "Số: 125", "125"),
    ("registration_number", "125 / 2020", "125/2020"),
    ("registration_number", "125/2020/TP-KS", "125/2020/TP-KS"),
    ("book_number", "Quyển số: 01/2020", "01/2020"),
    ("text", "Ủy ban nhân dân xã Quỳnh Đôi", "Ủy ban nhân dân xã Quỳnh Đôi"),
    ("text", "UBND  huyện Quỳnh Lưu ....", "UBND huyện Quỳnh Lưu"),
])
def test_values_read_exactly(kind, raw, value):
    result = normalise_field(kind, raw)
    assert result.value == value
    assert result.certainty == 1.0 and result.reasons == ()
    assert result.value == unicodedata.normalize("NFC", result.value)


@pytest.mark.parametrize(("kind", "raw", "value", "reason"), [
    ("sex", "Nữa", "Nữ", "ocr_letters"),
    ("sex", "Nu", "Nữ", "diacritics_repaired"),
    ("sex", "Nũ", "Nữ", "diacritics_repaired"),
    ("sex", "nam giới", "Nam", "extra_text"),
    ("date", "O2/O7/199O", "1990-07-02", "ocr_digits"),
    ("date_words", "ngày hai muoi sáu tháng hai năm hai nghìn không trăm linh ba",
     "ngày hai mươi sáu tháng hai năm hai nghìn không trăm linh ba", "diacritics_repaired"),
    ("year", "199O", "1990", "ocr_digits"),
    ("time", "1O:3O", "10:30", "ocr_digits"),
    ("ethnicity", "Tay", "Tày", "diacritics_repaired"),
    ("ethnicity", "Ê Đế", "Ê Đê", "diacritics_repaired"),
    ("nationality", "Viet Nam", "Việt Nam", "diacritics_repaired"),
    ("personal_id", "O4O2O3OO1234", "040203001234", "ocr_digits"),
    ("book_number", "O1/2O2O", "01/2020", "ocr_digits"),
    ("place", "tinh Nghe An", "tinh Nghe An", "place_spelling"),      # the value stays as printed
    ("name", "NGUYỀN VĂNN HÙMG", "NGUYỀN VĂNN HÙMG", "impossible_syllable"),
    ("text", "UBND xã Quỳnh Hưnq", "UBND xã Quỳnh Hưnq", "malformed_word"),
])
def test_repaired_or_doubtful_values_say_why_with_lower_certainty(kind, raw, value, reason):
    result = normalise_field(kind, raw)
    assert result.value == value
    assert reason in result.reasons and result.reason
    assert 0.0 < result.certainty < 1.0


@pytest.mark.parametrize(("kind", "raw", "reason"), [
    ("date", "30/02/1990", "invalid_date"),
    ("date", "không rõ", "not_a_date"),
    ("date_words", "ký tên", "not_a_date"),
    ("year", "abc", "not_a_year"),
    ("time", "99:99", "invalid_time"),
    ("sex", "Khác", "not_a_sex"),
    ("personal_id", "187654321", "personal_id_length"),
    ("registration_number", "abc", "not_a_number"),
])
def test_what_is_no_value_of_the_kind_keeps_the_text_and_says_why(kind, raw, reason):
    result = normalise_field(kind, raw)
    assert result.reason == reason
    assert result.certainty <= 0.1
    assert result.value  # the text is kept for the officer


def test_lexicon_kinds_flag_what_they_do_not_know():
    result = normalise_field("ethnicity", "Người Sao Hỏa")
    assert result.reasons == ("unknown_ethnicity",) and result.value == "Người Sao Hỏa" and result.certainty < 0.5
    assert normalise_field("nationality", "Atlantis").reasons == ("unknown_nationality",)


def test_parsed_values_for_cross_checks():
    assert normalise_field("date", "02/7/1990").parsed == dt.date(1990, 7, 2)
    assert normalise_field("date_words", "Ngày hai, tháng bảy, năm một nghìn chín trăm chín mươi").parsed == dt.date(
        1990, 7, 2)
    assert normalise_field("year", "1990").parsed == 1990
    assert normalise_field("time", "10:30").parsed == dt.time(10, 30)
    assert normalise_field("ethnicity", "Khmer").parsed == "Khơ Me"
    assert normalise_field("personal_id", "040203001234").parsed == "040203001234"
    place = normalise_field("place", "tinh Nghe An")
    assert place.suggestion == "tỉnh Nghệ An" and place.parsed.era == "both"


def test_name_suggestion_is_offered_not_applied():
    result = normalise_field("name", "NGUYỀN VĂN HÙNG")
    assert result.value == "NGUYỀN VĂN HÙNG" and result.suggestion == "NGUYỄN VĂN HÙNG"
    assert result.certainty < 0.9
