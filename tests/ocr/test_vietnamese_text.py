"""Text primitives: NFC, spacing, search folding and fields.md's equivalent spellings."""

from __future__ import annotations

import unicodedata

import pytest

from inspector.textfold import fold_for_search as index_fold
from ocr.vietnamese.text import (
    clean_spaces,
    compact_key,
    equivalence_key,
    equivalent,
    fold_for_search,
    folded_compact_key,
    nfc,
    split_tone,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_nfc_composes_what_ocr_and_some_fonts_give_decomposed():
    assert nfc(nfd("Nguyễn Văn Đức")) == "Nguyễn Văn Đức"
    assert len(nfc(nfd("ễ"))) == 1
    assert nfc(None) == ""


@pytest.mark.parametrize(("raw", "clean"), [
    ("  Nguyễn   Văn\tĐức  ", "Nguyễn Văn Đức"),
    (": Nguyễn Văn Đức.....", "Nguyễn Văn Đức"),
    ("…… Nghệ An ……", "Nghệ An"),
    ("- Kinh -", "Kinh"),
    ("Hà Tây (cũ)", "Hà Tây (cũ)"),          # a bracket the value opened stays
    ("Hà Tây)", "Hà Tây"),                   # a stray one goes
    ("«Việt Nam»", "Việt Nam"),
    ("Nguyễn\u200bVăn", "NguyễnVăn"),       # zero-width space removed
    ("125/2020.", "125/2020"),
    ("H'Mông", "H'Mông"),                    # an apostrophe inside stays
    ("Số nhà 12, đường Lê Lợi ....", "Số nhà 12, đường Lê Lợi"),
    ("|| 26/02/2003 |", "26/02/2003"),
    (nfd("  Hoà  Bình "), "Hoà Bình"),
    ("", ""),
    (None, ""),
])
def test_clean_spaces(raw, clean):
    assert clean_spaces(raw) == clean


@pytest.mark.parametrize(("query", "value"), [
    ("nguyen van duc", "Nguyễn Văn Đức"),
    ("hoa binh", "Hoà Bình"),
    ("hoa binh", "Hòa Bình"),
    ("kho me", "Khơ-me"),
    ("dak lak", "Đắk Lắk"),
    ("nguyen thi huong giang", "NGUYỄN THỊ HƯƠNG GIANG"),
])
def test_search_folding_finds_values_typed_without_diacritics(query, value):
    assert fold_for_search(value) == query
    assert fold_for_search(value) == index_fold(value)  # the same function builds the search index


@pytest.mark.parametrize(("a", "b"), [
    ("Hòa", "Hoà"),
    ("Thủy", "Thuỷ"),
    ("Khóe", "Khoé"),
    ("Khỏe", "Khoẻ"),
    ("HÒA BÌNH", "hoà bình"),
    ("Nguyễn Văn Đức", nfd("Nguyễn Văn Đức")),
    ("Khơ-me", "Khơ Me"),
    ("Bru-Vân Kiều", "Bru Vân Kiều"),
    ("Bru - Vân Kiều", "Bru-Vân Kiều"),
    ("  Nguyễn   Thị  Thuý ", "NGUYỄN THỊ THÚY"),
    ("Thanh Hoá", "Thanh Hóa"),
    ("Huỳnh", "Huỳnh"),
    ("Quý", "Qúy"),           # one tone per syllable: where the mark sits is style
    ("H'Mông", "H’Mông"),      # typographic apostrophe
])
def test_equivalent_spellings(a, b):
    assert equivalent(a, b)
    assert equivalence_key(a) == equivalence_key(b)


@pytest.mark.parametrize(("a", "b"), [
    ("Hùng", "Hưng"),          # the horn is a letter, not a tone mark
    ("Hòa", "Hóa"),            # different tones
    ("Hòa", "Hoa"),
    ("Đức", "Dức"),
    ("Lê", "Le"),
    ("Thủy", "Thùy"),
    ("Nguyễn Văn A", "Nguyễn Văn B"),
    ("Khơ Me", "Khmer"),       # another spelling of the same group, not an equivalent one
    ("Khơ Me", "KhơMe"),       # white space differs in amount, not presence
])
def test_not_equivalent(a, b):
    assert not equivalent(a, b)


def test_compact_key_ignores_spaces_hyphens_and_apostrophes():
    assert compact_key("H'Mông") == compact_key("Hmông") == compact_key("H Mông") == compact_key("HMÔNG")
    assert compact_key("Hmông") != compact_key("Hmong")


@pytest.mark.parametrize("spelling", ["Hoà Bình", "Hòa-Bình", nfd("HOÀ BÌNH"), "hoa binh", "Hoa\u200bBình", "Hoà  Bình."])
def test_folded_compact_key_is_what_a_reading_without_marks_still_matches(spelling):
    assert folded_compact_key(spelling) == "hoabinh"


def test_folded_compact_key_folds_d_and_keeps_digits():
    assert folded_compact_key("Đắk Lắk") == folded_compact_key("Dak Lak") == "daklak"
    assert folded_compact_key("Phường 03") == "phuong03"
    assert folded_compact_key("H'Mông") == folded_compact_key("H’Mông") == "hmong"
    assert folded_compact_key(None) == ""


def test_split_tone_counts_marks():
    assert split_tone("Nguyễn") == ("Nguyên", "\u0303", 1)
    assert split_tone("Văn")[1:] == (None, 0)
    assert split_tone("NguyễnVăn")[2] == 1
    assert split_tone("HoàngVũ")[2] == 2
