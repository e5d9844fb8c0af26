"""Set phrases of free-text fields: marks OCR misread are put back, a value a letter off is flagged."""

from __future__ import annotations

import pytest

from ocr.fieldkinds import normalise
from ocr.vietnamese.phrases import near_phrase, repair_phrases


@pytest.mark.parametrize(("read", "meant"), [
    ("Suy thân", "Suy thận"),
    ("Viêm phối", "Viêm phổi"),
    ("Ủng thư gan", "Ung thư gan"),
    ("Ung thư da dày", "Ung thư dạ dày"),
    ("BỆNH VIÊN ĐA KHOA tỉnh Đồng Tháp", "BỆNH VIỆN ĐA KHOA tỉnh Đồng Tháp"),
    ("UY BAN NHÂN DẪN XÃ TRƯỜNG XUÂN", "ỦY BAN NHÂN DÂN XÃ TRƯỜNG XUÂN"),   # the registering committee
    ("Ủy bạn nhân đân xã Văn Tố", "Ủy ban nhân dân xã Văn Tố"),
    # A long phrase a letter or two off (each word at most one) is pinned down by its letters.
    ("Hỷ han nhân dân xã Quê Mỹ Thạnh", "Ủy ban nhân dân xã Quê Mỹ Thạnh"),
    ("Ủy ban phân dân xã Bình Sơn", "Ủy ban nhân dân xã Bình Sơn"),
    ("Tai nạn giao thong", "Tai nạn giao thông"),
    # One short word read in capitals among words that are not is a slip of the case.
    ("ỦY bạn nhân dân xã Thiết Ống", "Ủy ban nhân dân xã Thiết Ống"),
    ("LY ban nhân đân xã Nậm Khao", "Ủy ban nhân dân xã Nậm Khao"),
    # A register's notes: what a copy, an extract or a correction records, and when.
    ("Đã cấp trích luc ngày 06/01/2021", "Đã cấp trích lục ngày 06/01/2021"),
    ("Đã cấp bản sao ngay 30-08-2020", "Đã cấp bản sao ngày 30-08-2020"),
    ("Ghi vào sổ viêc khai tử ngày 27/11/2025", "Ghi vào sổ việc khai tử ngày 27/11/2025"),
    ("Cải chính dân tôc từ Tày thành Kinh", "Cải chính dân tộc từ Tày thành Kinh"),
    ("Vải chính dân tộc từ Mường thành Kinh", "Cải chính dân tộc từ Mường thành Kinh"),
])
def test_marks_misread_inside_a_set_phrase_are_put_back_in_the_page_case(read, meant):
    assert repair_phrases(read)[0] == meant


def test_words_that_only_look_like_a_phrase_across_punctuation_are_left_alone():
    assert repair_phrases("Suy, thân") == ("Suy, thân", 0)
    assert repair_phrases("Nguyễn Văn Thân") == ("Nguyễn Văn Thân", 0)


def test_short_phrases_letters_off_and_words_written_in_capitals_on_purpose_are_left_alone():
    assert repair_phrases("Giờ yếu") == ("Giờ yếu", 0)            # two words: "Già yếu" or a value of its own
    assert repair_phrases("Hỷ hạn phân dân xã An") == ("Hỷ hạn phân dân xã An", 0)  # three letters off
    assert repair_phrases("Bệnh viện ĐA KHOA") == ("Bệnh viện ĐA KHOA", 0)
    assert repair_phrases("Uỷ ban nhân dân xã Y") == ("Uỷ ban nhân dân xã Y", 0)  # the old spelling stays


def test_a_cause_of_death_one_letter_off_a_set_phrase_is_shown_as_the_phrase_and_flagged():
    # "Tuổi giờ" is one letter off "Tuổi già": shown as the phrase (the likelier reading, in the
    # page's case), and always flagged, for the officer to confirm against the page.
    from ocr.confidence import HARD_REASONS, STICKY_REASONS

    assert near_phrase("Giờ yếu") == "Già yếu"
    reading = normalise("text", "Tuổi giờ")
    assert reading.value == "Tuổi già" and "near_phrase" in reading.reasons and reading.certainty <= 0.5
    assert "near_phrase" in HARD_REASONS and "near_phrase" in STICKY_REASONS
    assert normalise("text", "BỆNH GIỜ").value == "BỆNH GIÀ"
    assert near_phrase("Tuổi già") is None
    assert normalise("text", "Suy thân").value == "Suy thận"


def test_a_comma_with_no_space_after_it_is_given_one():
    assert normalise("place", "Xã Thanh,Huyện Hướng Hóa, Tỉnh Quảng Trị").value == \
        "Xã Thanh, Huyện Hướng Hóa, Tỉnh Quảng Trị"
    assert normalise("text", "UBND.xã Lộc Tiến, huyện Phú Lộc").value == "UBND xã Lộc Tiến, huyện Phú Lộc"


def test_a_cause_of_death_is_recognised_whole_with_its_marks_and_not_by_its_opening_words() -> None:
    from ocr.vietnamese.phrases import is_whole_phrase

    def is_cause_of_death(text: str) -> bool:
        return is_whole_phrase(text, "causes_of_death")

    for cause in ("Suy hô hấp", "Tai biến mạch máu não", "già yếu", "Ung thư dạ dày"):
        assert is_cause_of_death(cause), cause
    for other in ("Suy thận",      # the opening words of "Suy thận mạn"
                  "Suy tìm",       # a mark misread
                  "Tại nhà",       # a place, not a cause
                  "Chết do Suy tim"):
        assert not is_cause_of_death(other), other


def test_a_phrase_whose_spaces_ocr_lost_is_put_back_apart():
    for read, meant in (("Tainạngiaothông", "Tai nạn giao thông"), ("Suy đatạng", "Suy đa tạng"),
                        ("Bệnhviện đa khoa tỉnh Thái Nguyên", "Bệnh viện đa khoa tỉnh Thái Nguyên"),
                        ("TAINẠNGIAOTHÔNG", "TAI NẠN GIAO THÔNG")):
        assert repair_phrases(read)[0] == meant, read
    # Short runs of letters are too ambiguous, and words apart across punctuation are not one phrase.
    for read in ("Conai", "Suy, đatạng"):
        assert repair_phrases(read)[0] == read, read
