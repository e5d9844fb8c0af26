"""Dates in digits and in words, times and years, as registers write them and as OCR damages them."""

from __future__ import annotations

import datetime as dt

import pytest

from ocr.vietnamese.dates import (
    date_in_words,
    date_words_agree,
    parse_date,
    parse_date_digits,
    parse_date_words,
    parse_time,
    parse_year,
)
from ocr.vietnamese.numbers_words import (
    WORD_STYLES,
    WordsStyle,
    number_to_words,
    parse_number,
)

D = dt.date

# --------------------------------------------------------------------------- digits


@pytest.mark.parametrize(("raw", "expected"), [
    ("02/7/1990", D(1990, 7, 2)),
    ("2/7/1990", D(1990, 7, 2)),
    ("02/07/1990", D(1990, 7, 2)),
    ("02-07-1990", D(1990, 7, 2)),
    ("02.07.1990", D(1990, 7, 2)),
    ("26/02/2003", D(2003, 2, 26)),
    ("02 / 07 / 1990", D(1990, 7, 2)),
    ("ngày 02 tháng 7 năm 1990", D(1990, 7, 2)),
    ("Ngày 15 tháng 03 năm 2020", D(2020, 3, 15)),
    ("Ngày 02/07/1990", D(1990, 7, 2)),
    ("1990-07-02", D(1990, 7, 2)),           # already normalised
    ("29/02/2000", D(2000, 2, 29)),          # leap day of a century leap year
    ("29/2/2024", D(2024, 2, 29)),
    ("31/12/1915", D(1915, 12, 31)),
])
def test_dates_in_digits_read_exactly(raw, expected):
    result = parse_date_digits(raw)
    assert result.value == expected
    assert result.exact and result.certainty == 1.0


@pytest.mark.parametrize(("raw", "expected", "repair"), [
    ("O2/O7/199O", D(1990, 7, 2), "ocr_digits"),
    ("02/07/l990", D(1990, 7, 2), "ocr_digits"),
    ("l2/07/1990", D(1990, 7, 12), "ocr_digits"),
    ("2/7/I990", D(1990, 7, 2), "ocr_digits"),
    ("0 2/07/19 90", D(1990, 7, 2), "spaces_in_number"),
    ("02071990", D(1990, 7, 2), "no_separators"),   # the ID card QR code's DDMMYYYY
    ("Ngày sinh: 02/07/1990", D(1990, 7, 2), "extra_text"),
    ("Ngay 2 thang 07 nam 1990", D(1990, 7, 2), None),  # OCR lost the diacritics of the markers
])
def test_dates_in_digits_repaired_report_it(raw, expected, repair):
    result = parse_date_digits(raw)
    assert result.value == expected
    if repair:
        assert repair in result.repairs
        assert not result.exact and result.certainty < 1.0


@pytest.mark.parametrize(("raw", "reason"), [
    ("30/02/1990", "invalid_date"),
    ("29/02/1900", "invalid_date"),     # 1900 was not a leap year
    ("29/02/2023", "invalid_date"),
    ("32/01/1990", "invalid_date"),
    ("12/13/1990", "invalid_date"),     # no day/month swap guessed
    ("02/07/90", "two_digit_year"),
    ("02/07/1700", "year_out_of_range"),
    ("không rõ", "not_a_date"),
    ("", "empty"),
])
def test_dates_in_digits_that_are_no_date_say_why(raw, reason):
    result = parse_date_digits(raw)
    assert result.value is None and not result.ok
    assert result.reason == reason
    assert result.certainty == 0.0


# --------------------------------------------------------------------------- numbers in words

@pytest.mark.parametrize(("words", "value"), [
    ("hai nghìn không trăm linh ba", 2003),
    ("hai ngàn không trăm lẻ ba", 2003),
    ("hai nghìn không trăm hai mươi", 2020),
    ("một nghìn chín trăm chín mươi", 1990),
    ("hai nghìn không trăm hai mươi mốt", 2021),
    ("hai nghìn không trăm hai mươi một", 2021),
    ("một nghìn chín trăm mười lăm", 1915),
    ("một nghìn chín trăm hai mươi lăm", 1925),
    ("một nghìn chín trăm hai mươi nhăm", 1925),
    ("một nghìn chín trăm linh năm", 1905),
    ("một nghìn chín trăm linh tư", 1904),
    ("một nghìn chín trăm bốn mươi tư", 1944),
    ("một nghìn chín trăm bốn mươi bốn", 1944),
    ("một nghìn chín trăm bảy mươi bảy", 1977),
    ("một nghìn chín trăm bẩy mươi bẩy", 1977),
    ("hai nghìn", 2000),
    ("hai nghìn không trăm mười", 2010),
    ("một nghìn chín trăm", 1900),
    ("mười", 10),
    ("mười một", 11),
    ("hai mươi", 20),
    ("ba mươi mốt", 31),
    ("không", 0),
])
def test_number_words(words, value):
    reading = parse_number(words.split())
    assert reading is not None and reading[0] == value
    assert "nonstandard_spelling" not in reading[1]


@pytest.mark.parametrize(("words", "value"), [
    ("hai nghìn lẻ hai mươi", 2020),     # num2words' spelling: the value is clear, the words are not a document's
    ("hai nghìn lẻ ba", 2003),
    ("hai nghìn hai mươi", 2020),
    ("hai mươi năm", 25),
    ("mười mốt", 11),
])
def test_nonstandard_number_words_are_read_and_reported(words, value):
    reading = parse_number(words.split())
    assert reading is not None and reading[0] == value
    assert "nonstandard_spelling" in reading[1]


@pytest.mark.parametrize("words", [
    "hai nghìn ba",        # colloquially 2300: ambiguous
    "một trăm năm",        # colloquially 150
    "mươi",
    "hai mười",
    "nghìn chín trăm",
    "không trăm linh ba",
    "mốt",
    "",
])
def test_number_words_that_are_no_number(words):
    assert parse_number(words.split()) is None


@pytest.mark.parametrize(("value", "words"), [
    (2003, "hai nghìn không trăm linh ba"),
    (2020, "hai nghìn không trăm hai mươi"),
    (1990, "một nghìn chín trăm chín mươi"),
    (2021, "hai nghìn không trăm hai mươi mốt"),
    (1915, "một nghìn chín trăm mười lăm"),
    (1925, "một nghìn chín trăm hai mươi lăm"),
    (2000, "hai nghìn"),
    (2010, "hai nghìn không trăm mười"),
    (1905, "một nghìn chín trăm linh năm"),
    (1924, "một nghìn chín trăm hai mươi tư"),
    (105, "một trăm linh năm"),
    (0, "không"),
])
def test_number_spelling_as_documents_write_it(value, words):
    assert number_to_words(value) == words


def test_num2words_spelling_of_2020_is_not_ours():
    assert number_to_words(2020) != "hai nghìn lẻ hai mươi"


# --------------------------------------------------------------------------- dates in words

@pytest.mark.parametrize(("words", "expected"), [
    ("Ngày hai mươi sáu, tháng hai, năm hai nghìn không trăm linh ba", D(2003, 2, 26)),
    ("Ngày hai mươi sáu tháng hai năm hai nghìn không trăm linh ba", D(2003, 2, 26)),
    ("ngày hai mươi sáu, tháng hai, năm hai ngàn không trăm lẻ ba", D(2003, 2, 26)),
    ("NGÀY HAI MƯƠI SÁU, THÁNG HAI, NĂM HAI NGHÌN KHÔNG TRĂM LINH BA", D(2003, 2, 26)),
    ("Ngày hai, tháng bảy, năm một ngàn chín trăm chín mươi", D(1990, 7, 2)),
    ("Ngày mồng hai tháng bẩy năm một nghìn chín trăm chín mươi", D(1990, 7, 2)),
    ("ngày mùng một tháng giêng năm hai nghìn không trăm hai mươi", D(2020, 1, 1)),
    ("Ngày ba mươi mốt, tháng mười hai, năm hai nghìn không trăm hai mươi mốt", D(2021, 12, 31)),
    ("Ngày hai mươi mốt tháng tư năm một nghìn chín trăm hai mươi lăm", D(1925, 4, 21)),
    ("Ngày hai mươi nhăm tháng tư năm một nghìn chín trăm hai mươi nhăm", D(1925, 4, 25)),
    ("Ngày mười lăm tháng năm năm một nghìn chín trăm mười lăm", D(1915, 5, 15)),   # tháng năm = May
    ("Ngày năm tháng năm năm một nghìn chín trăm mười lăm", D(1915, 5, 5)),
    ("Ngày mười tháng mười năm hai nghìn không trăm mười", D(2010, 10, 10)),
    ("Ngày hai mươi tư tháng mười một năm một nghìn chín trăm bốn mươi tư", D(1944, 11, 24)),
    ("Ngày hai mươi chín, tháng hai, năm hai nghìn", D(2000, 2, 29)),
    ("Ngày hai mươi chín tháng hai năm hai nghìn không trăm hai mươi tư", D(2024, 2, 29)),
    ("hai mươi sáu tháng hai năm hai nghìn không trăm linh ba", D(2003, 2, 26)),   # no "ngày"
    ("Ngày, tháng, năm sinh ghi bằng chữ: Ngày hai, tháng bảy, năm một nghìn chín trăm chín mươi",
     D(1990, 7, 2)),
])
def test_dates_in_words_every_variant(words, expected):
    result = parse_date_words(words)
    assert result.value == expected, result


@pytest.mark.parametrize(("words", "expected", "repair"), [
    ("ngày hai muoi sáu tháng hai năm hai nghìn không trăm linh ba", D(2003, 2, 26), "diacritics_repaired"),
    ("ngay hai muoi sau thang hai nam hai nghin khong tram linh ba", D(2003, 2, 26), "diacritics_repaired"),
    ("Ngày hai mươi mổt tháng hai năm hai nghìn không trăm linh ba", D(2003, 2, 21), "diacritics_repaired"),
    ("Ngày bấy tháng bẩy năm hai nghìn", D(2000, 7, 7), "diacritics_repaired"),       # ấ/ẩ confusion
    ("Ngày hai mươi sáu thamg hai năm hai nghìn không trăm linh ba", D(2003, 2, 26), "fuzzy_word"),
    ("Ngày hai rnươi sáu tháng hai năm hai nghìn không trăm linh ba", D(2003, 2, 26), "fuzzy_word"),
    ("Ngày hai mư ơi sáu tháng hai năm hai nghìn không trăm linh ba", D(2003, 2, 26), "joined_word"),
    ("Ngày haimươi sáu tháng hai năm hai nghìn không trăm linh ba", D(2003, 2, 26), "split_word"),
    ("Ngày hai mươi sáu tháng hai năm hai nghìn không trăm linh ba ký tên", D(2003, 2, 26), "extra_text"),
])
def test_dates_in_words_repaired_after_ocr_damage_with_lower_certainty(words, expected, repair):
    result = parse_date_words(words)
    assert result.value == expected
    assert repair in result.repairs
    assert not result.exact
    assert 0.3 <= result.certainty < 1.0


def test_repaired_words_are_respelt_in_the_case_read():
    result = parse_date_words("NGAY HAI MUOI SAU THANG HAI NAM HAI NGHIN KHONG TRAM LINH BA")
    assert result.text == "NGÀY HAI MƯƠI SÁU THÁNG HAI NĂM HAI NGHÌN KHÔNG TRĂM LINH BA"
    result = parse_date_words("Ngày hai muoi mốt, tháng hai, năm hai nghìn")
    assert result.text == "Ngày hai mươi mốt, tháng hai, năm hai nghìn"


def test_more_guessing_means_less_certainty():
    one = parse_date_words("ngày hai muoi sáu tháng hai năm hai nghìn không trăm linh ba")
    many = parse_date_words("ngay hai muoi sau thang hai nam hai nghin khong tram linh ba")
    fuzzy = parse_date_words("Ngày hai mươi sáu thamg hai năm hai nghìn không trăm linh ba")
    assert 1.0 > one.certainty > many.certainty
    assert fuzzy.certainty < one.certainty


@pytest.mark.parametrize(("words", "reason"), [
    ("Ngày ba mươi tháng hai năm hai nghìn", "invalid_date"),
    ("Ngày hai mươi chín tháng hai năm một nghìn chín trăm", "invalid_date"),
    ("Ngày hai mươi chín tháng hai năm hai nghìn không trăm hai mươi mốt", "invalid_date"),
    ("Ngày hai mươi sáu tháng hai", "not_a_date"),
    ("Ngày hai mươi sáu tháng mười ba năm hai nghìn", "not_a_date"),
    ("Ngày hai mươi sáu tháng hai năm hai nghìn ba", "not_a_date"),   # ambiguous year
    ("Ngày hai mươi sáu xyzxyz tháng hai năm hai nghìn", "unknown_word"),
    ("", "empty"),
])
def test_dates_in_words_that_are_no_date(words, reason):
    result = parse_date_words(words)
    assert result.value is None
    assert result.reason == reason


def test_parse_date_takes_digits_or_words():
    assert parse_date("26/02/2003").value == D(2003, 2, 26)
    assert parse_date("Ngày hai mươi sáu, tháng hai, năm hai nghìn không trăm linh ba").value == D(2003, 2, 26)
    assert parse_date("30/02/2003").reason == "invalid_date"


def test_date_words_agree():
    assert date_words_agree("Ngày hai mươi sáu, tháng hai, năm hai nghìn không trăm linh ba", D(2003, 2, 26))
    assert date_words_agree("Ngày hai mươi sáu, tháng hai, năm hai nghìn không trăm linh ba",
                            D(2003, 2, 16)) is False
    assert date_words_agree("không đọc được", D(2003, 2, 26)) is None


# --------------------------------------------------------------------------- spelling dates

@pytest.mark.parametrize(("date", "style", "words"), [
    (D(2003, 2, 26), "standard", "Ngày hai mươi sáu, tháng hai, năm hai nghìn không trăm linh ba"),
    (D(1990, 7, 2), "ngan", "Ngày hai, tháng bảy, năm một ngàn chín trăm chín mươi"),
    (D(1990, 7, 2), "old_register", "Ngày mồng hai tháng bẩy năm một ngàn chín trăm chín mươi"),
    (D(2020, 1, 1), "gieng", "Ngày một, tháng giêng, năm hai nghìn không trăm hai mươi"),
    (D(2021, 4, 21), "standard", "Ngày hai mươi mốt, tháng tư, năm hai nghìn không trăm hai mươi mốt"),
    (D(1925, 5, 25), "nham", "Ngày hai mươi nhăm, tháng năm, năm một nghìn chín trăm hai mươi nhăm"),
    (D(1915, 5, 15), "no_commas", "Ngày mười lăm tháng năm năm một nghìn chín trăm mười lăm"),
    (D(2003, 2, 26), "upper", "NGÀY HAI MƯƠI SÁU, THÁNG HAI, NĂM HAI NGHÌN KHÔNG TRĂM LINH BA"),
    (D(2003, 2, 3), "le", "Ngày ba, tháng hai, năm hai nghìn không trăm lẻ ba"),
    (D(2003, 2, 3), "mung", "Ngày mùng ba, tháng hai, năm hai nghìn không trăm linh ba"),
])
def test_date_in_words(date, style, words):
    assert date_in_words(date, style) == words


def test_date_in_words_takes_a_custom_style_and_refuses_unknown_names():
    style = WordsStyle(thousand="ngàn", commas=False, case="lower")
    assert date_in_words(D(1999, 9, 9), style) == "ngày chín tháng chín năm một ngàn chín trăm chín mươi chín"
    with pytest.raises(ValueError):
        date_in_words(D(1999, 9, 9), "fancy")


# An independent speller for the round-trip check: table-driven, sharing no code with the module.
_UNIT = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_DAYS = {1: "một", 2: "hai", 3: "ba", 4: "bốn", 5: "năm", 6: "sáu", 7: "bảy", 8: "tám", 9: "chín", 10: "mười",
         11: "mười một", 12: "mười hai", 13: "mười ba", 14: "mười bốn", 15: "mười lăm", 16: "mười sáu",
         17: "mười bảy", 18: "mười tám", 19: "mười chín", 20: "hai mươi", 21: "hai mươi mốt",
         22: "hai mươi hai", 23: "hai mươi ba", 24: "hai mươi tư", 25: "hai mươi lăm", 26: "hai mươi sáu",
         27: "hai mươi bảy", 28: "hai mươi tám", 29: "hai mươi chín", 30: "ba mươi", 31: "ba mươi mốt"}
_MONTHS = {1: "một", 2: "hai", 3: "ba", 4: "tư", 5: "năm", 6: "sáu", 7: "bảy", 8: "tám", 9: "chín",
           10: "mười", 11: "mười một", 12: "mười hai"}


def _reference_year(year: int) -> str:
    thousands, hundreds, rest = year // 1000, year // 100 % 10, year % 100
    head = f"{_UNIT[thousands]} nghìn"
    if hundreds == 0 and rest == 0:
        return head
    head += f" {_UNIT[hundreds]} trăm"
    if rest == 0:
        return head
    if rest < 10:
        return f"{head} linh {_UNIT[rest]}"
    return f"{head} {_DAYS[rest] if rest <= 31 else _tens(rest)}"


def _tens(value: int) -> str:
    tens, unit = divmod(value, 10)
    tail = {0: "", 1: " mốt", 4: " tư", 5: " lăm"}.get(unit, f" {_UNIT[unit]}")
    return f"{_UNIT[tens]} mươi{tail}"


def _all_dates():
    day = D(1900, 1, 1)
    while day <= D(2030, 12, 31):
        yield day
        day += dt.timedelta(days=7)


def test_speller_matches_an_independent_reference_for_every_sampled_date():
    for day in _all_dates():
        expected = f"Ngày {_DAYS[day.day]}, tháng {_MONTHS[day.month]}, năm {_reference_year(day.year)}"
        assert date_in_words(day) == expected


@pytest.mark.parametrize("style", sorted(WORD_STYLES))
def test_every_spelt_date_reads_back_exactly(style):
    for day in _all_dates():
        result = parse_date_words(date_in_words(day, style))
        assert result.value == day, (style, day)
        assert result.exact, (style, day, result.repairs)


# --------------------------------------------------------------------------- times and years

@pytest.mark.parametrize(("raw", "expected"), [
    ("10 giờ 30 phút", dt.time(10, 30)),
    ("10:30", dt.time(10, 30)),
    ("10h30", dt.time(10, 30)),
    ("10 giờ", dt.time(10, 0)),
    ("lúc 7 giờ 05 phút", dt.time(7, 5)),
    ("23 giờ 59 phút", dt.time(23, 59)),
    ("0 giờ 15 phút", dt.time(0, 15)),
    ("10 gio 30 phut", dt.time(10, 30)),
    ("mười giờ ba mươi phút", dt.time(10, 30)),
    ("mười giờ rưỡi", dt.time(10, 30)),
    ("10 giờ kém 15", dt.time(9, 45)),
    ("9 giờ tối", dt.time(21, 0)),
    ("hai giờ chiều", dt.time(14, 0)),
    ("8 giờ sáng", dt.time(8, 0)),
])
def test_times(raw, expected):
    assert parse_time(raw).value == expected


def test_time_with_ocr_letters_is_repaired_and_reported():
    result = parse_time("1O:3O")
    assert result.value == dt.time(10, 30)
    assert "ocr_digits" in result.repairs and result.certainty < 1.0


@pytest.mark.parametrize(("raw", "reason"), [("25:00", "invalid_time"), ("10 giờ 75 phút", "invalid_time"),
                                             ("không rõ", "not_a_time"), ("", "empty")])
def test_times_that_are_none(raw, reason):
    assert parse_time(raw).reason == reason


@pytest.mark.parametrize(("raw", "year", "exact"), [
    ("1990", 1990, True),
    ("năm 1990", 1990, True),
    ("199O", 1990, False),
    ("1 990", 1990, False),
    ("một nghìn chín trăm chín mươi", 1990, True),
    ("hai nghìn không trăm linh ba", 2003, True),
    ("một chín chín không", 1990, False),
])
def test_years(raw, year, exact):
    result = parse_year(raw)
    assert result.value == year
    assert result.exact is exact


@pytest.mark.parametrize(("raw", "reason"), [("1700", "year_out_of_range"), ("abc", "not_a_year"), ("", "empty")])
def test_years_that_are_none(raw, reason):
    assert parse_year(raw).reason == reason


def test_a_date_in_words_ocr_damaged_is_respelt_from_the_digits_keeping_the_pages_spelling():
    import datetime as dt

    from ocr.vietnamese.dates import respell_date_words

    assert respell_date_words("ngày bd, tháng chín, năm hơi ngàn không trăm lẻ bốn", dt.date(2004, 9, 3)) == \
        "ngày ba, tháng chín, năm hai ngàn không trăm lẻ bốn"
    assert respell_date_words("Ngày mười một, tháng tám, năm hai nghìn không trăm hai mươi tư - cản Ôn",
                              dt.date(2024, 8, 11)) == "Ngày mười một, tháng tám, năm hai nghìn không trăm hai mươi tư"
    # Words that spell another day are a disagreement to show, not a misreading to repair.
    assert respell_date_words("Ngày mười lăm, tháng bảy, năm hai nghìn không trăm lẻ chín", dt.date(2009, 7, 16)) is None


def test_a_respelt_date_in_words_is_flagged_and_never_confirms_the_digits():
    from ocr.extract import extract
    from tests.ocr.test_extract import _with, ocr_page

    lines = _with("ghi bằng chữ: Ngày hai mươi sáu, tháng hai, năm hai nghìn không trăm linh ba",
                  "ghi bằng chữ: Ngày hai mươi sáu, thúng hai, năm hơi nghìn không trăm linh ba")
    fields = extract(ocr_page(lines)).records[0].fields
    words = fields["date_of_birth_in_words"]
    assert words.value == "Ngày hai mươi sáu, tháng hai, năm hai nghìn không trăm linh ba"
    assert words.needs_review and "respelt_from_digits" in words.reasons
    assert not any(reason.startswith("confirmed_by") for reason in fields["date_of_birth"].reasons)


def test_a_date_whose_slashes_ocr_lost_is_read_and_flagged():
    from ocr.fieldkinds import normalise

    for raw in ("ngày 13 8 2023", "13.8 2023", "13/8 2023"):  # both slashes lost, or one
        reading = normalise("date", raw)
        assert reading.value == "2023-08-13", raw
        assert "separators_missing" in reading.reasons and reading.certainty <= 0.5
    assert normalise("date", "Số 12 3").reasons == ("not_a_date",)


def test_a_book_number_cut_or_missing_its_slash_is_doubtful():
    from ocr.fieldkinds import normalise

    assert normalise("book_number", "01/2020").reasons == ()
    assert "book_number_shape" in normalise("book_number", "02/2").reasons
    repaired = normalise("book_number", "012023")
    assert repaired.value == "01/2023" and "book_number_shape" in repaired.reasons
    # A commune opens one book of a kind a year, a second when it is full: "61/1999" is 01/1999 misread.
    assert "book_number_shape" in normalise("book_number", "61/1999").reasons
    assert normalise("book_number", "2/1999").reasons == () and normalise("book_number", "61").reasons == ()


def test_a_registration_number_missing_the_slash_before_its_year_is_doubtful():
    from ocr.fieldkinds import normalise

    repaired = normalise("registration_number", "702016")
    assert repaired.value == "70/2016" and "registration_number_shape" in repaired.reasons
    assert repaired.certainty <= 0.5
    for printed in ("70/2016", "58", "1234", "12345"):
        assert normalise("registration_number", printed).reasons == (), printed
    assert "registration_number_shape" in normalise("registration_number", "88/202").reasons  # cut short


def test_a_year_in_words_cut_short_after_khong_tram_is_no_year():
    # "… không trăm" says tens or units follow: the words were cut short (holdout 7045's "… năm hai
    # nghìn không trăm", its "hai mươi ba" lost), not the year 2000, which is "hai nghìn".
    assert parse_number(["hai", "nghìn", "không", "trăm"]) is None
    assert parse_date_words("Ngày mười một, tháng ba, năm hai nghìn không trăm").value is None
    assert parse_number(["hai", "nghìn"])[0] == 2000
    assert parse_number(["hai", "nghìn", "không", "trăm", "linh", "năm"])[0] == 2005
    assert parse_number(["một", "nghìn", "chín", "trăm"])[0] == 1900
