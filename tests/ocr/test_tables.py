"""Tables: a marriage certificate's spouses in columns and a register ruled in columns.

The pages are OCR results built by hand: every piece of text is placed at its own x, as
Tesseract reports a table's row (one line straight across the cells), so each test controls
the column positions, the heading wording and the gaps between cells.
"""

from __future__ import annotations

import numpy as np
import pytest

from ocr.extract import extract
from ocr.fieldkinds import equivalent
from ocr.labels import phrase_key
from ocr.types import OcrLine, OcrPage, OcrWord

CHAR_W, LINE_H = 16, 30


def placed_page(rows: list[tuple[int, list[tuple[int, str]]]], *, width: int = 2480) -> OcrPage:
    """An OcrPage from ``(y, [(x, text), ...])`` rows; each text's words a character width apart."""
    lines = []
    for y, pieces in rows:
        words = []
        for x, text in pieces:
            for word in text.split():
                words.append(OcrWord(text=word, confidence=0.96, box=(x, y, CHAR_W * len(word), LINE_H),
                                     line_index=len(lines)))
                x += CHAR_W * (len(word) + 1)
        box = (words[0].box[0], y, words[-1].box[0] + words[-1].box[2] - words[0].box[0], LINE_H)
        lines.append(OcrLine(words=tuple(words), box=box))
    height = max(y for y, _ in rows) + 300
    return OcrPage(lines=tuple(lines), width=width, height=height, engine="test", language="vie")


CERTIFICATE_TOP = [
    (100, [(150, "ỦY BAN NHÂN DÂN"), (1300, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]),
    (150, [(150, "XÃ ĐẠI SƠN"), (1400, "Độc lập - Tự do - Hạnh phúc")]),
    (260, [(800, "GIẤY CHỨNG NHẬN KẾT HÔN")]),
    (360, [(150, "Số: 115"), (600, "Quyển số: 03/2014")]),
]
CERTIFICATE_BOTTOM = [
    (1300, [(150, "Nơi đăng ký kết hôn: Ủy ban nhân dân xã Đại Sơn, huyện Tứ Kỳ, tỉnh Hải Dương")]),
    (1360, [(150, "Ngày, tháng, năm đăng ký: 21/07/2014")]),
]
HUSBAND = {"husband_full_name": "NGUYỄN DUY HÙNG", "husband_date_of_birth": "1977-07-27",
           "husband_ethnicity": "Kinh", "husband_nationality": "Việt Nam",
           "husband_residence": "Làng Hạ, xã Đại Sơn, huyện Tứ Kỳ, tỉnh Hải Dương"}
WIFE = {"wife_full_name": "TRẦN THỊ NHI", "wife_date_of_birth": "1994-10-30", "wife_ethnicity": "Tày",
        "wife_nationality": "Việt Nam", "wife_residence": "Thôn 12, xã Trần Phú, huyện Nam Sách, tỉnh Hải Dương"}


def _grid(headings: list[tuple[int, str]], label_x: int = 170, husband_x: int = 700, wife_x: int = 1400):
    """A ruled grid: captions in the first column, the husband's and the wife's values beside them;
    the residences wrap inside their cells, the personal ID row is left blank."""
    return CERTIFICATE_TOP + [
        (460, headings),
        (540, [(label_x, "Họ, chữ đệm, tên"), (husband_x, "NGUYỄN DUY HÙNG"), (wife_x, "TRẦN THỊ NHI")]),
        (620, [(label_x, "Ngày, tháng, năm sinh"), (husband_x, "27/07/1977"), (wife_x, "30/10/1994")]),
        (700, [(label_x, "Dân tộc"), (husband_x, "Kinh"), (wife_x, "Tày")]),
        (780, [(label_x, "Quốc tịch"), (husband_x, "Việt Nam"), (wife_x, "Việt Nam")]),
        (860, [(label_x, "Nơi cư trú"), (husband_x, "Làng Hạ, xã Đại Sơn,"), (wife_x, "Thôn 12, xã Trần Phú,")]),
        (905, [(husband_x, "huyện Tứ Kỳ, tỉnh"), (wife_x, "huyện Nam Sách, tỉnh")]),
        (950, [(husband_x, "Hải Dương"), (wife_x, "Hải Dương")]),
        (1030, [(label_x, "Số định danh cá nhân")]),
    ] + CERTIFICATE_BOTTOM


def _assert_spouses(record) -> None:
    for key, truth in {**HUSBAND, **WIFE}.items():
        field = record.fields[key]
        assert equivalent(field.value, truth), (key, field.value)
    # The blank personal ID row gives no value; the residence's wrapped lines are not taken for it.
    assert record.fields["husband_personal_id"].value == ""
    assert record.fields["wife_personal_id"].value == ""


def test_a_marriage_grid_gives_each_spouse_the_values_of_their_column():
    page = placed_page(_grid([(250, "Thông tin"), (850, "Chồng"), (1600, "Vợ")]))
    extraction = extract(page)
    assert extraction.document_type == "marriage"
    _assert_spouses(extraction.records[0])


def test_a_marriage_grid_without_a_caption_column_heading_and_other_wording():
    page = placed_page(_grid([(800, "Bên chồng"), (1550, "Bên vợ")]))
    _assert_spouses(extract(page).records[0])


HUSBAND_COLUMN = ["Họ, chữ đệm, tên: NGUYỄN DUY HÙNG", "Ngày, tháng, năm sinh: 27/07/1977", "Dân tộc: Kinh",
                  "Quốc tịch: Việt Nam", "Nơi cư trú: Làng Hạ, xã Đại Sơn,", "huyện Tứ Kỳ, tỉnh Hải Dương",
                  "Số định danh cá nhân:"]
WIFE_COLUMN = ["Họ, chữ đệm, tên: TRẦN THỊ NHI", "Ngày, tháng, năm sinh: 30/10/1994", "Dân tộc: Tày",
               "Quốc tịch: Việt Nam", "Nơi cư trú: Thôn 12, xã Trần Phú,", "huyện Nam Sách, tỉnh Hải Dương",
               "Số định danh cá nhân:"]


def _side_by_side(headings: list[tuple[int, str]], left_column: list[str] = HUSBAND_COLUMN,
                  right_column: list[str] = WIFE_COLUMN, after: list = ()):
    """A certificate printing the spouses in two columns (captions repeated in each) under ``headings``."""
    left, right = 170, 1250
    ys = [540, 620, 700, 780, 860, 905, 985]
    return (CERTIFICATE_TOP + ([(460, headings)] if headings else [])
            + [(y, [(left, one), (right, other)]) for y, one, other in zip(ys, left_column, right_column, strict=True)]
            + CERTIFICATE_BOTTOM + list(after))


def test_spouses_side_by_side_with_centred_headings_are_cut_at_the_gutter():
    # Headings centred over their halves: the wife's starts well right of her captions.
    _assert_spouses(extract(placed_page(_side_by_side([(600, "CHỒNG"), (1650, "VỢ")]))).records[0])


@pytest.mark.parametrize("headings", [
    [(600, "GHÔNG"), (1650, "VỢ")],    # the husband's heading misread: the wife's alone governed the page
    [(600, "CHỒNG"), (1650, "VƠNG")],  # the wife's misread: the husband's took her captions
    [],                                # none printed (or both lost to specks)
], ids=["husband-heading-misread", "wife-heading-misread", "no-headings"])
def test_spouses_side_by_side_whose_headings_are_not_both_read_are_parted_by_their_repeated_captions(headings):
    # Both spouses' fields were lost or given to one of them: each column is now a spouse's, the
    # husband's on the left as the form prints it, below the signatures' "Chồng" and "Vợ".
    signatures = [(1450, [(300, "Chồng"), (900, "Vợ")])]
    _assert_spouses(extract(placed_page(_side_by_side(headings, after=signatures))).records[0])


def test_a_heading_read_over_one_column_says_whose_it_is_when_the_other_is_misread():
    page = placed_page(_side_by_side([(600, "VỢ"), (1650, "GHÔNG")], left_column=WIFE_COLUMN,
                                     right_column=HUSBAND_COLUMN))
    _assert_spouses(extract(page).records[0])


def test_a_name_caption_naming_its_spouse_over_one_column_stays_in_that_column_when_the_other_is_misread():
    # "Họ và tên chồng" is a section's own caption: the columns parted below it still hold it.
    left_column = ["Họ và tên chồng: NGUYỄN DUY HÙNG", *HUSBAND_COLUMN[1:]]
    right_column = ["Hx vx txn vx: TRẦN THỊ NHI", *WIFE_COLUMN[1:]]
    record = extract(placed_page(_side_by_side([], left_column=left_column, right_column=right_column))).records[0]
    for key, truth in {**HUSBAND, **WIFE}.items():
        if key != "wife_full_name":
            assert equivalent(record.fields[key].value, truth), (key, record.fields[key].value)
    assert record.fields["wife_full_name"].needs_review


REGISTER_COLUMNS = [(150, 520), (540, 1130), (1150, 1500), (1520, 2080), (2100, 2400)]


def _register_rows(entries: list[dict[str, list[str]]], headings: list[list[str]]):
    """A death register page ruled in columns: wrapped headings, column numbers, an entry per row band."""
    rows = [(80, [(150, "ỦY BAN NHÂN DÂN XÃ ĐẠI SƠN, HUYỆN TỨ KỲ, TỈNH HẢI DƯƠNG"), (2200, "Trang 12")]),
            (150, [(900, "SỔ ĐĂNG KÝ KHAI TỬ")]),
            (220, [(1900, "Quyển số: 01/2020")])]
    y = 320
    for line in range(max(len(lines) for lines in headings)):
        rows.append((y, [(left + 10, lines[line]) for (left, _), lines in zip(REGISTER_COLUMNS, headings, strict=True)
                         if line < len(lines)]))
        y += 34
    rows.append((y + 10, [((left + right) // 2, str(number))
                          for number, (left, right) in enumerate(REGISTER_COLUMNS, 1)]))
    y += 90
    for entry in entries:
        cells = [entry["number_date"], entry["person"], entry["sex_eth"], entry["residence"], []]
        for line in range(max(len(cell) for cell in cells)):
            rows.append((y, [(left + 12, cell[line]) for (left, _), cell in zip(REGISTER_COLUMNS, cells, strict=True)
                             if line < len(cell)]))
            y += 44
        y += 60
    return rows


ENTRIES = [
    {"number_date": ["Số: 7", "05/03/2020"], "person": ["NGUYỄN VĂN AN", "12/01/1950"],
     "sex_eth": ["Nam", "Kinh", "Việt Nam"], "residence": ["Thôn Đông, xã Đại Sơn,", "huyện Tứ Kỳ"]},
    {"number_date": ["Số: 8", "09/03/2020"], "person": ["LÊ THỊ BÌNH", "03/07/1938"],
     "sex_eth": ["Nữ", "Tày", "Việt Nam"], "residence": ["Thôn Tây, xã Đại Sơn,", "huyện Tứ Kỳ"]},
]
TRUTHS = [
    {"registration_number": "7", "registration_date": "2020-03-05", "full_name": "NGUYỄN VĂN AN",
     "date_of_birth": "1950-01-12", "sex": "Nam", "ethnicity": "Kinh", "nationality": "Việt Nam",
     "last_residence": "Thôn Đông, xã Đại Sơn, huyện Tứ Kỳ"},
    {"registration_number": "8", "registration_date": "2020-03-09", "full_name": "LÊ THỊ BÌNH",
     "date_of_birth": "1938-07-03", "sex": "Nữ", "ethnicity": "Tày", "nationality": "Việt Nam",
     "last_residence": "Thôn Tây, xã Đại Sơn, huyện Tứ Kỳ"},
]
HEADINGS = [["Số, ngày", "đăng ký"], ["Họ, chữ đệm, tên;", "ngày, tháng, năm sinh"],
            ["Giới tính, dân", "tộc, quốc tịch"], ["Nơi cư trú cuối cùng"], ["Ghi chú"]]


def test_a_register_in_columns_gives_one_record_per_entry_with_its_own_cells():
    extraction = extract(placed_page(_register_rows(ENTRIES, HEADINGS), width=2480))
    assert extraction.document_type == "death"
    assert len(extraction.records) == 2
    for record, truth in zip(extraction.records, TRUTHS, strict=True):
        for key, value in truth.items():
            assert equivalent(record.fields[key].value, value), (key, record.fields[key].value)


def test_entries_whose_number_caption_a_grainy_scan_misread_are_still_parted():
    # "Số" read as "8õ" or "Sö", the slash before the year lost, the row of column numbers read
    # with dirt: each entry is still a record with its own cells, and no column number opens one.
    entries = [dict(ENTRIES[0], number_date=["8õ 7/2020", "05/03/2020"]),
               dict(ENTRIES[1], number_date=["Sö đảng ky 82020", "09/03/2020"])]
    rows = _register_rows(entries, HEADINGS)
    numbers = next(index for index, (_, words) in enumerate(rows) if [text for _, text in words][:2] == ["1", "2"])
    y, words = rows[numbers]
    rows[numbers] = (y, [(words[0][0] - 20, '"` 1...'), *words[1:]])
    extraction = extract(placed_page(rows, width=2480))
    assert len(extraction.records) == 2
    for record, truth in zip(extraction.records, TRUTHS, strict=True):
        for key in ("registration_date", "full_name", "date_of_birth", "last_residence"):
            assert equivalent(record.fields[key].value, truth[key]), (key, record.fields[key].value)


def test_an_entry_row_holding_small_numbers_is_no_row_of_column_numbers():
    # "Số: 8 … 2 giờ 30 … Ấp 10": three small numbers on the row that opens the second entry.
    entries = [ENTRIES[0], dict(ENTRIES[1], sex_eth=["Nữ 2", "Tày 30", "Việt Nam"],
                                residence=["Ấp 10, xã Đại Sơn,", "huyện Tứ Kỳ"])]
    extraction = extract(placed_page(_register_rows(entries, HEADINGS), width=2480))
    assert len(extraction.records) == 2
    assert equivalent(extraction.records[1].fields["full_name"].value, "LÊ THỊ BÌNH")


def test_a_date_whose_slash_was_lost_opens_no_entry_where_numbers_carry_their_caption():
    entries = [dict(ENTRIES[0], number_date=["Số: 7", "0503/2020"]), ENTRIES[1]]
    extraction = extract(placed_page(_register_rows(entries, HEADINGS), width=2480))
    assert len(extraction.records) == 2
    assert equivalent(extraction.records[1].fields["full_name"].value, "LÊ THỊ BÌNH")


#: The top of a birth register ruled in three columns (number and date, content, notes).
THREE_COLUMN_TOP = [(80, [(150, "ỦY BAN NHÂN DÂN XÃ ĐẠI SƠN")]), (150, [(800, "SỔ ĐĂNG KÝ KHAI SINH")]),
                    (220, [(1700, "Quyển số 01/2024")]),
                    (320, [(150, "Số, ngày,"), (700, "Nội dung đăng ký"), (1950, "Ghi chú")]),
                    (360, [(150, "tháng, năm")]), (400, [(150, "đăng ký")])]


def test_caption_words_in_a_note_open_no_new_entry():
    # A register ruled in three columns (number, content, notes): the note "thay đổi quê quán"
    # holds the words of the hometown's caption, which is no second entry's.
    rows = list(THREE_COLUMN_TOP)
    content = ["Họ, chữ đệm, tên người được khai sinh NGUYỄN NHẬT THIỆN", "Sinh ngày 21/10/2024",
               "Giới tính Nam Dân tộc Kinh Quốc tịch Việt Nam",
               "Nơi sinh Trạm y tế phường Thống Nhất, thành phố Kon Tum",
               "Quê quán Thôn 11, Xã Văn Lem, Huyện Đắk Tô, Tỉnh Kon Tum",
               "Họ, chữ đệm, tên người cha NGUYỄN VĂN ĐỊNH", "Năm sinh 1992 Dân tộc Kinh Quốc tịch Việt Nam",
               "Họ, chữ đệm, tên người mẹ PHẠM THÚY XUÂN", "Năm sinh 2002 Dân tộc Kinh Quốc tịch Việt Nam",
               "Họ và tên người đi khai sinh NGUYỄN VĂN ĐỊNH"]
    numbers = ["Số 346", "11/12/2024"]
    notes = ["Ghi chú: thay", "đổi quê quán", "từ xã Đông", "Hòa thành", "Thôn 11"]
    for line, text in enumerate(content):
        pieces = [(600, text)]
        if line < len(numbers):
            pieces.insert(0, (150, numbers[line]))
        if line < len(notes):
            pieces.append((1950, notes[line]))
        rows.append((480 + 46 * line, pieces))
    extraction = extract(placed_page(rows, width=2480))
    assert len(extraction.records) == 1
    fields = extraction.records[0].fields
    assert fields["full_name"].value == "NGUYỄN NHẬT THIỆN"
    assert fields["mother_full_name"].value == "PHẠM THÚY XUÂN"
    assert equivalent(fields["hometown"].value, "Thôn 11, Xã Văn Lem, Huyện Đắk Tô, Tỉnh Kon Tum")


def test_a_column_heading_is_never_a_value_of_the_entries():
    extraction = extract(placed_page(_register_rows(ENTRIES, HEADINGS), width=2480))
    headings = {phrase_key(" ".join(lines)) for lines in HEADINGS} | {
        phrase_key(line) for lines in HEADINGS for line in lines}
    for record in extraction.records:
        for key, field in record.fields.items():
            assert phrase_key(field.value) not in headings or not field.value, (key, field.value)


def test_a_value_reading_as_a_caption_is_flagged():
    # The name cell holds the printed caption only (the writing was not read): it must be checked.
    entries = [dict(ENTRIES[0], person=["Họ, chữ đệm, tên", "12/01/1950"]), ENTRIES[1]]
    extraction = extract(placed_page(_register_rows(entries, HEADINGS), width=2480))
    field = extraction.records[0].fields["full_name"]
    assert field.needs_review


# --------------------------------------------------------------------------- one cell, several lines

def _cell_rows(texts: list[str]):
    """Rows of one narrow cell, a line each, as build_rows gives them."""
    from ocr.labels import make_row

    rows = []
    for index, text in enumerate(texts):
        words, x = [], 300
        for word in text.split():
            words.append(OcrWord(text=word, confidence=0.96, box=(x, 100 + 40 * index, CHAR_W * len(word), LINE_H),
                                 line_index=index))
            x += CHAR_W * (len(word) + 1)
        rows.append(make_row(index, words))
    return rows


def _specs(document_type: str, layout: str, keys: list[str]):
    from ocr.templates import default_templates

    template = next(t for t in default_templates() if t.document_type == document_type and t.layout == layout)
    by_key = {spec.key: spec for spec in template.fields}
    return [by_key[key] for key in keys], template


def _cell_text(cell, key: str) -> str:
    return " ".join(chunk.text for chunk in cell.get(key, ()) if chunk.text)


def test_a_cell_holding_a_caption_twice_doubts_the_fields_of_that_caption():
    # The father's heading was lost: his lines run on in the mother's cell. Whichever "Năm sinh"
    # the reading takes, the officer must see the field.
    from ocr.tables import parse_cell

    keys = ["mother_full_name", "mother_birth_year", "mother_ethnicity", "mother_nationality"]
    specs, template = _specs("birth", "register", keys)
    cell = parse_cell(_cell_rows(["LƯU THỊ THẮM", "Năm sinh: 7996", "Dân tộc: Kinh", "Quốc tịch: Việt Nam",
                                  "NGUYỄN TUẤN VINH", "Năm sinh: 2005", "Dân tộc: Tày", "Quốc tịch: Việt Nam"]),
                      specs, template.other_captions)
    assert {"mother_birth_year", "mother_ethnicity", "mother_nationality"} <= cell.left_out


@pytest.mark.parametrize(("lines", "keys"), [
    # The name "Nguyễn Ngọc / Yến" wrapped onto the date's line: "Yến (01011945".
    (["Nguyễn Ngọc", "Yến (01011945"], ["full_name", "date_of_birth"]),
    # "Trịnh Minh Quỳnh / Anh" and the relationship "Vợ" lost: "Anh" is a relationship too.
    (["Trịnh Minh Quỳnh", "Anh"], ["declarant_full_name", "declarant_relationship"]),
])
def test_a_name_whose_last_word_the_next_field_may_have_taken_is_doubted_with_it(lines, keys):
    from ocr.tables import parse_cell

    specs, template = _specs("death", "register", keys)
    cell = parse_cell(_cell_rows(lines), specs, template.other_captions)
    assert set(keys) <= cell.left_out, (cell.left_out, {key: _cell_text(cell, key) for key in keys})


def test_a_name_then_its_date_or_relationship_as_written_are_not_doubted():
    from ocr.tables import parse_cell

    for lines, keys in ((["NGUYỄN NGỌC YẾN", "01/01/1945"], ["full_name", "date_of_birth"]),
                        (["TRỊNH MINH QUỲNH ANH", "Vợ"], ["declarant_full_name", "declarant_relationship"])):
        specs, template = _specs("death", "register", keys)
        cell = parse_cell(_cell_rows(lines), specs, template.other_captions)
        assert not cell.left_out, lines


def test_a_blank_optional_id_does_not_take_the_wrapped_end_of_the_residence_above_it():
    from ocr.tables import parse_cell

    specs, template = _specs("marriage", "register", ["husband_full_name", "husband_date_of_birth",
                                                      "husband_ethnicity", "husband_nationality",
                                                      "husband_residence", "husband_personal_id"])
    cell = parse_cell(_cell_rows(["NGUYỄN GIA TUẤN", "03-11-1982", "Kinh", "Việt Nam",
                                  "Bản 9, xã Thanh Giang, huyện Thanh", "Miện, tỉnh Hải Dương"]),
                      specs, template.other_captions)
    assert _cell_text(cell, "husband_residence") == "Bản 9, xã Thanh Giang, huyện Thanh Miện, tỉnh Hải Dương"
    assert _cell_text(cell, "husband_personal_id") == ""
    assert not cell.left_out


def test_a_caption_wrapped_over_two_lines_is_not_read_as_the_value():
    from ocr.tables import parse_cell

    specs, template = _specs("death", "register", ["declarant_full_name", "declarant_relationship"])
    cell = parse_cell(_cell_rows(["Nguyễn", "Ngọc", "Huyền", "Quan hệ với", "người chết:", "Cháu nội"]),
                      specs, template.other_captions)
    assert _cell_text(cell, "declarant_full_name") == "Nguyễn Ngọc Huyền"
    assert _cell_text(cell, "declarant_relationship") == "Cháu nội"


def test_the_first_line_of_a_caption_wrapped_in_the_cell_is_no_text_left_out():
    from ocr.tables import parse_cell

    specs, template = _specs("birth", "register", ["registration_number", "registration_date"])
    cell = parse_cell(_cell_rows(["Số 236", "Ngày, tháng,", "năm đăng ký", "30/8/2005"]), specs,
                      template.other_captions)
    assert _cell_text(cell, "registration_number") == "236"
    assert _cell_text(cell, "registration_date") == "30/8/2005"
    assert not cell.left_out, "'Ngày, tháng,' opens the date's caption: nothing of the number was dropped"


def test_table_rules_read_as_bars_are_not_part_of_a_value():
    from ocr.tables import parse_cell

    specs, template = _specs("death", "register", ["full_name", "date_of_birth"])
    cell = parse_cell(_cell_rows(["Nguyễn Thị", "|Phương Thảo", "11/03/1921"]), specs, template.other_captions)
    assert _cell_text(cell, "full_name") == "Nguyễn Thị Phương Thảo"


def test_a_line_dropped_after_a_value_flags_that_value_as_maybe_cut_short():
    from ocr.tables import parse_cell

    specs, template = _specs("death", "register", ["declarant_full_name", "declarant_relationship"])
    cell = parse_cell(_cell_rows(["Bùi Hữu", "Iâm#7", "Quan hệ với người chết:", "Con"]), specs,
                      template.other_captions)
    if _cell_text(cell, "declarant_full_name") == "Bùi Hữu":
        assert "declarant_full_name" in cell.left_out
    else:
        assert "Iâm" in _cell_text(cell, "declarant_full_name")
    assert _cell_text(cell, "declarant_relationship") == "Con"


def test_an_empty_notes_column_is_a_blank_note_and_the_authority_over_the_page_is_trusted():
    extraction = extract(placed_page(_register_rows(ENTRIES, HEADINGS), width=2480))
    for record in extraction.records:
        notes = record.fields["notes"]
        assert notes.value == "" and not notes.needs_review, notes.reasons
        authority = record.fields["registration_authority"]
        assert equivalent(authority.value, "ỦY BAN NHÂN DÂN XÃ ĐẠI SƠN, HUYỆN TỨ KỲ, TỈNH HẢI DƯƠNG")
        assert not authority.needs_review, authority.reasons


def test_a_committee_whose_place_ocr_damaged_is_doubtful():
    from ocr.fieldkinds import normalise

    assert normalise("text", "UBND xã Độc Lập, huyện Hưng Hà, tỉnh Thái Bình").reasons == ()
    damaged = normalise("text", "UBND xã Độc Lập, huyện Hưng Hà, tỉnh Thái Bính")
    assert "place_spelling" in damaged.reasons and damaged.certainty < 0.9


def test_a_caption_whose_first_word_stands_alone_on_its_line_is_read_whole():
    from ocr.tables import parse_cell

    specs, template = _specs("death", "register", ["registration_number", "registration_date"])
    cell = parse_cell(_cell_rows(["Số 59", "Ngày", "đăng ký", "27/02/2011"]), specs, template.other_captions)
    assert _cell_text(cell, "registration_number") == "59"
    assert _cell_text(cell, "registration_date") == "27/02/2011"


def _transposed_rows(number_label: str = "Số", first_caption: str = "Số:", entry_count: int = 2):
    """A death register ruled the other way round: headings down the left, one entry per column."""
    entries = [
        {"Số": [f"{first_caption} 11", "17/2/2003"], "name": ["Nguyễn Văn Long", "5/11/1973"], "sex": ["Nam", "Kinh", "Việt Nam"],
         "residence": ["Ấp 15, xã Quảng Văn,", "thị xã Ba Đồn"], "cause": ["Bệnh tim"]},
        {"Số": ["Số: 12", "18/2/2003"], "name": ["Trần Thị Thơ", "23/12/1909"], "sex": ["Nữ", "Tày", "Việt Nam"],
         "residence": ["xã Quảng Văn,", "thị xã Ba Đồn"], "cause": ["Viêm phổi"]},
    ]
    labels = [("Số", [number_label]), ("name", ["Họ, chữ đệm, tên; ngày", "sinh"]),
              ("sex", ["Giới tính, dân tộc, quốc", "tịch"]), ("residence", ["Nơi cư trú cuối cùng"]),
              ("cause", ["Nguyên nhân chết"])]
    rows = [(80, [(150, "Ủy ban nhân dân xã Quảng Văn"), (2200, "177")]),
            (150, [(900, "SỔ ĐĂNG KÝ KHAI TỬ")]),
            (220, [(1000, "Quyển số: 01/2003")])]
    return rows + _labelled_bands(labels, entries[:entry_count], entry_width=600)


def _labelled_bands(labels, entries, *, entry_width: int):
    """The rows of a register ruled the other way: each label at the left, the entries' lines of
    that label in their columns, a band per label."""
    rows, y = [], 320
    for key, label_lines in labels:
        for line in range(max(len(label_lines), *(len(entry[key]) for entry in entries))):
            pieces = [(150, label_lines[line])] if line < len(label_lines) and label_lines[line] else []
            pieces += [(700 + entry_width * number, entry[key][line]) for number, entry in enumerate(entries)
                       if line < len(entry[key])]
            if pieces:
                rows.append((y, pieces))
            y += 44
        y += 40
    return rows


def test_a_register_with_headings_down_the_left_gives_one_record_per_entry_column():
    extraction = extract(placed_page(_transposed_rows(), width=2480))
    assert extraction.document_type == "death" and extraction.layout == "register"
    assert len(extraction.records) == 2
    truths = [{"registration_number": "11", "registration_date": "2003-02-17", "full_name": "Nguyễn Văn Long",
               "date_of_birth": "1973-11-05", "sex": "Nam", "ethnicity": "Kinh", "nationality": "Việt Nam",
               "last_residence": "Ấp 15, xã Quảng Văn, thị xã Ba Đồn", "cause_of_death": "Bệnh tim",
               "book_number": "01/2003"},
              {"registration_number": "12", "registration_date": "2003-02-18", "full_name": "Trần Thị Thơ",
               "date_of_birth": "1909-12-23", "sex": "Nữ", "ethnicity": "Tày", "nationality": "Việt Nam",
               "last_residence": "xã Quảng Văn, thị xã Ba Đồn", "cause_of_death": "Viêm phổi"}]
    for record, truth in zip(extraction.records, truths, strict=True):
        for key, value in truth.items():
            assert equivalent(record.fields[key].value, value), (key, record.fields[key].value)


@pytest.mark.parametrize("number_label, first_caption", [("Số", "§ố:"), ("", "Số:"), ("Số", "I§ố:"), ("", "õ:")])
def test_a_register_ruled_the_other_way_whose_number_captions_were_misread_keeps_its_entries(number_label,
                                                                                              first_caption):
    # A display face or a poor scan reads "Số" as "§ố" or "õ", or loses the label "Số" at the left.
    extraction = extract(placed_page(_transposed_rows(number_label, first_caption), width=2480))
    assert len(extraction.records) == 2
    names = [record.fields["full_name"].value for record in extraction.records]
    assert [equivalent(name, truth) for name, truth in zip(names, ["Nguyễn Văn Long", "Trần Thị Thơ"],
                                                           strict=True)] == [True, True], names


def test_a_page_of_one_entry_whose_number_label_was_misread_is_still_ruled_the_other_way():
    # One entry a page (a book with wide columns), the label "Số" at the left read "Sa": the row
    # held a single "Số:" caption, too few to part entries, and the page was read as an ordinary
    # register (every field but a few lost).
    extraction = extract(placed_page(_transposed_rows("Sa", "Số:", entry_count=1), width=2480))
    assert len(extraction.records) == 1
    fields = extraction.records[0].fields
    assert equivalent(fields["full_name"].value, "Nguyễn Văn Long"), fields["full_name"]
    assert equivalent(fields["cause_of_death"].value, "Bệnh tim"), fields["cause_of_death"]


def test_a_register_in_columns_is_not_taken_for_one_ruled_the_other_way():
    from ocr.labels import page_rows
    from ocr.templates import default_templates
    from ocr.transposed import find_transposed

    rows = page_rows(placed_page(_register_rows(ENTRIES, HEADINGS), width=2480))
    template = next(t for t in default_templates() if t.form == "death_register")
    assert find_transposed(rows, template) is None


def test_the_so_of_quyen_so_does_not_open_an_entry_column():
    from ocr.labels import page_rows
    from ocr.transposed import _entry_starts

    rows = page_rows(placed_page([(300, [(150, "Số"), (700, "Số: 224"), (1400, "Quyển số: 01/2019")])]))
    assert _entry_starts(rows[0], labelled=True) == [700]


def test_a_caption_wrapped_over_three_lines_is_not_read_as_the_value():
    from ocr.tables import parse_cell

    specs, template = _specs("death", "register", ["declarant_full_name", "declarant_relationship"])
    cell = parse_cell(_cell_rows(["Huỳnh", "Thanh", "Hiền", "Quan hệ với", "người đã", "chết:", "Con", "dâu"]),
                      specs, template.other_captions)
    assert _cell_text(cell, "declarant_full_name") == "Huỳnh Thanh Hiền"
    assert _cell_text(cell, "declarant_relationship") == "Con dâu"


def _marriage_entry(y: int, number: str, date: str, husband: str, residence: str) -> list:
    number_cell = ["Số đăng ký", number, "Ngày đăng ký", date]
    content = [f"Họ và tên chồng {husband}", "Sinh ngày 10/01/1999 Dân tộc Kinh Quốc tịch Việt Nam",
               f"Nơi cư trú {residence}", "Số định danh cá nhân 027099361024", "Họ và tên vợ NGUYỄN MINH TRÂM",
               "Sinh ngày 18/08/1994 Dân tộc Kinh Quốc tịch Việt Nam",
               "Nơi cư trú Xóm 15, xã Ngũ Phúc, huyện Kim Thành, tỉnh Hải Dương",
               "Số định danh cá nhân 038194539620"]
    rows = []
    for line, text in enumerate(content):
        pieces = [(160, number_cell[line])] if line < len(number_cell) else []
        rows.append((y + 56 * line, [*pieces, (480, text)]))
    return rows


def test_a_register_entry_opens_with_its_number_caption_and_an_address_number_names_no_row():
    # "Số đăng ký" over "127" opens the entry; "Số 27, đường…" inside a residence is no row caption
    rows = [(100, [(150, "UBND PHƯỜNG ĐẠI PHÚC"), (2000, "Trang 8")]), (170, [(900, "SỔ ĐĂNG KÝ KẾT HÔN")]),
            (240, [(1000, "Quyển số 01/2020")]),
            (330, [(160, "Số, ngày, tháng,"), (1000, "Nội dung đăng ký"), (1900, "Ghi chú")]),
            (370, [(160, "năm đăng ký")])]
    rows += _marriage_entry(470, "126", "18/09/2020", "PHAN ĐỨC QUÝ", "Khu phố 14, phường Đại Phúc, thành phố Bắc Ninh")
    rows += _marriage_entry(1000, "127", "22/09/2020", "NGUYỄN XUÂN ĐĂNG KHOA",
                            "Số 27, đường Nguyễn Trãi, phường Đại Phúc, thành phố Bắc Ninh")
    records = extract(placed_page(rows)).records
    assert len(records) == 2
    second = records[1].fields
    assert second["husband_full_name"].value == "NGUYỄN XUÂN ĐĂNG KHOA"
    assert second["registration_number"].value == "127"
    assert second["registration_date"].value == "2020-09-22"


def test_a_rule_read_as_a_bar_bounds_the_number_column_under_a_heading_centred_far_away():
    # "Nội dung đăng ký" is centred over a wide column whose captions and values sit apart: the bars
    # OCR read for the rule, not the gutter between captions and values, bound the number column
    captions = ["Họ và tên chồng:", "Ngày, tháng, năm sinh:", "Dân tộc:", "Quốc tịch:", "Nơi cư trú:",
                "Số định danh cá nhân:", "Họ, chữ đệm, tên người vợ:", "Ngày, tháng, năm sinh:", "Dân tộc:",
                "Quốc tịch:", "Nơi cư trú:"]
    values = ["HOÀNG ĐỨC ANH", "11.04.2002", "Kinh", "Việt Nam", "xã Hàm Thạnh, huyện Hàm Thuận Nam, tỉnh Bình Thuận",
              "070202121004", "NGUYỄN KHÁNH LIÊN", "07.05.1999", "Kinh", "Việt Nam",
              "Thôn 8, xã Tân Thành, tỉnh Bình Phước"]
    number_cell = ["Số đăng ký:", "43/2024", "Ngày đăng ký:", "23.02.2024"]
    rows = [(100, [(150, "UBND XÃ TÂN THÀNH")]), (170, [(900, "SỔ ĐĂNG KÝ KẾT HÔN")]),
            (240, [(1000, "Quyển số: 01/2024")]),
            (330, [(160, "Số, ngày, tháng,"), (1150, "Nội dung đăng ký"), (2300, "Ghi chú")]),
            (370, [(160, "năm đăng ký")])]
    for line, (caption, value) in enumerate(zip(captions, values, strict=True)):
        pieces = [(160, number_cell[line])] if line < len(number_cell) else []
        bar = [(440, "|")] if line < 6 else []
        rows.append((470 + 50 * line, [*pieces, *bar, (480, caption), (1000, value)]))
    record = extract(placed_page(rows)).records[0].fields
    assert record["registration_number"].value == "43/2024"
    assert record["husband_full_name"].value == "HOÀNG ĐỨC ANH"
    assert record["wife_residence"].value == "Thôn 8, xã Tân Thành, tỉnh Bình Phước"


def test_a_line_running_on_across_a_column_bound_stays_in_its_column():
    # the signers' line of the first entry spills over the notes column's rule: it is no note
    rows = _register_rows(ENTRIES, HEADINGS)
    second = next(number for number, (_, pieces) in enumerate(rows) if pieces[0][1] == "Số: 8")
    y = (rows[second - 1][0] + rows[second][0]) // 2
    rows.insert(second, (y, [(1160, "Người thực hiện: Lê Văn An Người ký Trích lục khai tử: Nguyễn Văn Hải")]))
    record = extract(placed_page(rows, width=2480)).records[0]
    assert record.fields["notes"].value == ""


def test_a_row_caption_ocr_misread_leaves_its_values_to_its_own_field_not_the_row_above():
    # "Nơi cư trú" read as "Nơi cư' (Pú": the residence's lines hang under "Quốc tịch"; they are the
    # residence, not more of the nationality.
    rows = [(y, [(x, "Nơi cư' (Pú") if text == "Nơi cư trú" else (x, text) for x, text in pieces])
            for y, pieces in _grid([(250, "Thông tin"), (850, "Chồng"), (1600, "Vợ")])]
    record = extract(placed_page(rows)).records[0]
    _assert_spouses(record)


@pytest.mark.parametrize("speck", ["ˆ", "x.-", "hở"])
def test_a_speck_between_the_headings_opens_no_column(speck):
    # "ˆ" (a modifier letter OCR made of a speck) after a register's middle heading cut its column in
    # two: the values right of the speck went to a column of no field; so did specks read as one
    # letter among marks ("x.-") or two matching no heading ("hở").
    from ocr.classify import classify_rows
    from ocr.extract import default_templates, join_wrapped_captions
    from ocr.labels import find_phrases, page_rows
    from ocr.tables import find_table

    rows = _register_rows(ENTRIES, HEADINGS)
    number = next(index for index, (_, pieces) in enumerate(rows) if pieces and pieces[0][1] == "Số, ngày")
    y, pieces = rows[number]

    def headings(rows):
        lines = page_rows(placed_page(rows, width=2480))
        template = classify_rows(lines, default_templates()).template
        lines = join_wrapped_captions(lines, template)
        return [column.heading for column in find_table(lines, template, find_phrases(lines, template.captions)).columns]

    clean = headings(rows)
    rows[number] = (y, sorted([*pieces, (1000, speck)]))
    assert headings(rows) == clean


def _transposed_birth_rows(father_label: str, mother_label: str = "Mẹ"):
    """A birth register ruled the other way round, the mother's and the father's details each under
    their label ("Mẹ", "Cha") in every entry's column."""
    entries = [
        {"Số": ["Số: 20", "21/3/2024"], "name": ["NGUYỄN PHƯƠNG GIANG", "29/2/2024"], "sex": ["Nữ", "Kinh", "Việt Nam"],
         "birth": ["Trạm y tế xã Phú Hòa Đông"], "home": ["xã Tân Thông Hội"],
         "mother": ["LƯU THỊ THẮM", "Năm sinh: 1996", "Dân tộc: Kinh", "Quốc tịch: Việt Nam", "Nơi cư trú: xã Phú Hòa Đông"],
         "father": ["NGUYỄN TUẤN VINH", "Năm sinh: 1995", "Dân tộc: Kinh", "Quốc tịch: Việt Nam", "Nơi cư trú: xã Tân Thạnh Tây"]},
        {"Số": ["Số: 21", "25/3/2024"], "name": ["PHAN MINH CHÂU", "08/2/2024"], "sex": ["Nữ", "Kinh", "Việt Nam"],
         "birth": ["Trạm y tế xã Trung An"], "home": ["xã Trung Lập Hạ"],
         "mother": ["HOÀNG KIM NGA", "Năm sinh: 1984", "Dân tộc: Kinh", "Quốc tịch: Việt Nam", "Nơi cư trú: xã Trung An"],
         "father": ["PHAN QUANG QUÂN", "Năm sinh: 1969", "Dân tộc: Tày", "Quốc tịch: Việt Nam", "Nơi cư trú: xã Phước Thạnh"]},
    ]
    labels = [("Số", ["Số"]), ("name", ["Họ, chữ đệm, tên; ngày", "sinh"]), ("sex", ["Giới tính, dân tộc, quốc", "tịch"]),
              ("birth", ["Nơi sinh"]), ("home", ["Quê quán"]), ("mother", [mother_label]), ("father", [father_label])]
    rows = [(80, [(150, "ỦY BAN NHÂN DÂN XÃ PHÚ HÒA ĐÔNG"), (2200, "Trang 73")]),
            (150, [(900, "SỔ ĐĂNG KÝ KHAI SINH")]),
            (220, [(1800, "Quyển số: 01/2024")])]
    return rows + _labelled_bands(labels, entries, entry_width=800)


@pytest.mark.parametrize("father_label", ["Cha", ""])
def test_a_parents_label_ocr_lost_leaves_the_second_parents_lines_to_that_parent(father_label):
    # "Cha" lost (a display face, a speck over it): the father's lines hung under "Mẹ", and his name
    # was read into the mother's while his own fields stayed blank.
    records = extract(placed_page(_transposed_birth_rows(father_label), width=2480)).records
    assert len(records) == 2
    for record, (mother, father, father_year) in zip(
            records, [("LƯU THỊ THẮM", "NGUYỄN TUẤN VINH", "1995"), ("HOÀNG KIM NGA", "PHAN QUANG QUÂN", "1969")],
            strict=True):
        assert equivalent(record.fields["mother_full_name"].value, mother), record.fields["mother_full_name"]
        assert equivalent(record.fields["father_full_name"].value, father), record.fields["father_full_name"]
        assert record.fields["father_birth_year"].value == father_year


def test_an_entry_caption_run_into_its_number_still_opens_the_entry():
    # "Số:17" read as one word (the space after the colon lost): the first entry's column was not
    # opened, its lines went to the label column and the page gave one record of two.
    rows = [(y, [(x, "Số:20" if text == "Số: 20" else text) for x, text in pieces])
            for y, pieces in _transposed_birth_rows("Cha")]
    assert any(text == "Số:20" for _, pieces in rows for _, text in pieces)
    records = extract(placed_page(rows, width=2480)).records
    assert [record.fields["registration_number"].value for record in records] == ["20", "21"]
    assert equivalent(records[0].fields["full_name"].value, "NGUYỄN PHƯƠNG GIANG")


@pytest.mark.parametrize("mother_label", ["Mc", "Xc"])
def test_a_short_label_misread_past_recognition_takes_the_heading_its_place_leaves_open(mother_label):
    # "Mẹ" read "Mc" (or "Xc"): two letters are too few to match the heading, and all of the
    # mother's fields were lost. Between "Quê quán" and "Cha" only the mother's heading is missing,
    # and her band holds its captions ("Năm sinh:").
    records = extract(placed_page(_transposed_birth_rows("Cha", mother_label), width=2480)).records
    assert len(records) == 2
    for record, (mother, year, father) in zip(records, [("LƯU THỊ THẮM", "1996", "NGUYỄN TUẤN VINH"),
                                                        ("HOÀNG KIM NGA", "1984", "PHAN QUANG QUÂN")], strict=True):
        assert equivalent(record.fields["mother_full_name"].value, mother), record.fields["mother_full_name"]
        assert record.fields["mother_birth_year"].value == year
        assert equivalent(record.fields["father_full_name"].value, father), record.fields["father_full_name"]


def test_an_unread_label_where_no_heading_is_missing_stays_unread():
    from ocr.labels import page_rows
    from ocr.templates import default_templates
    from ocr.transposed import find_transposed

    rows = _transposed_birth_rows("Cha")
    # a stray line in the label column between "Quê quán" and "Mẹ": every heading is found
    home = next(index for index, (_, pieces) in enumerate(rows) if pieces and pieces[0][1] == "Quê quán")
    rows.insert(home + 1, (rows[home][0] + 22, [(150, "Mx")]))
    template = next(t for t in default_templates() if t.form == "birth_register")
    table = find_transposed(page_rows(placed_page(rows, width=2480)), template)
    assert table is not None
    stray = [label for label in table.labels if label.text == "Mx"]
    assert stray and stray[0].spec is None


def test_a_date_run_into_the_caption_beside_it_across_the_rule_is_cut_at_the_rule():
    # "14/03/2019Quốc tịch: Việt Nam": the registration date in the first column and the
    # nationality's caption in the next, read without the space; the whole token went to the first
    # column, and the nationality's caption with it.
    from ocr.labels import build_rows
    from ocr.tables import Column, Table, cut_rows

    texts = [("14/03/2019Quốc", 100, 230), ("tịch:", 340, 80), ("Việt", 430, 64), ("Nam", 504, 48)]
    words = [OcrWord(text=text, confidence=0.95, box=(x, 500, width, LINE_H), line_index=0)
             for text, x, width in texts]
    table = Table(header_rows=(0,), columns=(Column(left=-float("inf"), right=260, spec=None, heading="Số"),
                                             Column(left=260, right=float("inf"), spec=None, heading="Nội dung")))
    rows, column_of = cut_rows(build_rows(words), table, 0)
    cells = {column_of[row.index]: row.text for row in rows}
    assert cells == {0: "14/03/2019", 1: "Quốc tịch: Việt Nam"}


def test_a_number_whose_leader_runs_up_to_the_next_entrys_caption_still_parts_the_entries():
    # "Số: 152/2009_..........Số: 153/2009": the first value's leader, read into its word, reaches
    # the second entry's caption; the caption still opens the second entry (it had made one
    # record of two on a spread).
    from ocr.labels import page_rows
    from ocr.transposed import _entry_starts

    leader = "152/2009_" + "." * 15
    rows = page_rows(placed_page([(300, [(150, "Số"), (700, f"Số: {leader}"),
                                         (700 + CHAR_W * (len(leader) + 5), "Số: 153/2009_..-")])]))
    starts = _entry_starts(rows[0], labelled=True)
    assert len(starts) == 2 and starts[0] == 700


def test_a_nationality_cell_reading_as_a_given_name_is_checked():
    # "Anh" and "Nga" are countries and given names: a register's nationality found by its place
    # in the cell may be the end of a name from the next column ("… Ngọc Anh"), silently wrong.
    entries = [dict(ENTRIES[0], sex_eth=["Nam", "Kinh", "Anh"]), ENTRIES[1]]
    extraction = extract(placed_page(_register_rows(entries, HEADINGS), width=2480))
    first, second = (record.fields["nationality"] for record in extraction.records)
    assert first.value == "Anh" and first.needs_review and "name_like_value" in first.reasons
    assert second.value == "Việt Nam" and not second.needs_review


def test_the_blank_cells_of_an_entry_read_mostly_blank_are_checked():
    # A register ruled the other way cut at the wrong place leaves an entry most of whose cells
    # read blank: its blanks are not trusted as blank cells (the full entry beside it is untouched).
    entries = [
        {"Số": ["Số: 11", "17/2/2003"], "name": ["Nguyễn Văn Long", "5/11/1973"], "sex": ["Nam", "Kinh", "Việt Nam"],
         "residence": ["Ấp 15, xã Quảng Văn,", "thị xã Ba Đồn"], "cause": ["Bệnh tim"]},
        {"Số": ["Số: 12"], "name": ["Trần Thị Thơ"], "sex": [], "residence": [], "cause": []},
    ]
    labels = [("Số", ["Số"]), ("name", ["Họ, chữ đệm, tên; ngày", "sinh"]),
              ("sex", ["Giới tính, dân tộc, quốc", "tịch"]), ("residence", ["Nơi cư trú cuối cùng"]),
              ("cause", ["Nguyên nhân chết"])]
    rows = [(150, [(900, "SỔ ĐĂNG KÝ KHAI TỬ")]), (220, [(1000, "Quyển số: 01/2003")])]
    extraction = extract(placed_page(rows + _labelled_bands(labels, entries, entry_width=600), width=2480))
    full, sparse = extraction.records
    assert not any("sparse_entry" in field.reasons for field in full.fields.values())
    blank = {key: field for key, field in sparse.fields.items() if not field.value and "uncaptioned" in field.reasons}
    assert {"sex", "ethnicity", "last_residence", "cause_of_death"} <= set(blank)
    assert all(field.needs_review for field in blank.values()), blank
    assert any("sparse_entry" in field.reasons for field in blank.values())


def test_entry_numbers_after_their_caption_part_the_entries_of_a_register_whose_table_was_not_found():
    # A poor scan's headings too garbled for the table: each entry still opens on "Số 115", the only
    # caption it prints, and the two entries are not read as one record.
    from ocr.extract import split_entries
    from ocr.labels import find_phrases, page_rows
    from ocr.templates import default_templates

    template = next(t for t in default_templates() if t.form == "death_register")
    page = placed_page([(150, [(900, "SỔ ĐĂNG KÝ KHAI TỬ")]),
                        (400, [(150, "Số 115"), (600, "Nguyễn Anh Nhân"), (1000, "Nam")]),
                        (450, [(150, "28/8/2006"), (600, "22/10/1990"), (1000, "Kinh")]),
                        (700, [(150, "Số 116"), (600, "Nguyễn Như Ý"), (1000, "Nữ")]),
                        (750, [(150, "02/9/2006"), (600, "01/01/1950"), (1000, "Kinh")])])
    rows = page_rows(page)
    regions = split_entries(rows[1:], find_phrases(rows[1:], template.captions), template, page)
    assert [region.rows[0].text.split()[:2] for region in regions] == [["Số", "115"], ["Số", "116"]]


def test_a_caption_in_a_register_column_outside_the_record_is_no_field_of_it():
    # A death register whose first column's heading was lost (its numbers printed bare): the only
    # "Số" caption on the entries' rows is the death notice's own number ("Số 206/GBT" under "Giấy
    # báo tử"), which is not the registration number.
    headings = [[], *HEADINGS[1:4], ["Giấy báo tử"]]
    entries = [dict(ENTRIES[0], number_date=["7", "05/03/2020"]), dict(ENTRIES[1], number_date=["8", "09/03/2020"])]
    rows = _register_rows(entries, headings)
    for index, (y, words) in enumerate(rows):
        if words and words[0][1] in ("7", "8"):
            rows[index] = (y, [*words, (REGISTER_COLUMNS[4][0] + 12, f"Số {200 + index}/GBT")])
    extraction = extract(placed_page(rows, width=2480))
    assert extraction.document_type == "death" and extraction.records
    for record in extraction.records:
        number = record.fields["registration_number"]
        assert "GBT" not in number.raw and not number.value.startswith("2"), number


def test_a_template_column_outside_the_record_holds_no_field():
    import json
    from pathlib import Path

    from ocr.templates import TemplateError, parse_template

    path = Path(__file__).resolve().parents[2] / "resources" / "forms" / "death_register.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    notice = next(column for column in data["columns"] if "Giấy báo tử" in column["headings"])
    assert notice["outside_record"] is True
    notice["fields"] = ["notes"]
    with pytest.raises(TemplateError):
        parse_template(data, "death_register.json")
    notice["fields"], notice["outside_record"] = [], "yes"
    with pytest.raises(TemplateError):
        parse_template(data, "death_register.json")


def test_a_template_names_only_a_list_of_whole_phrases_the_lexicon_holds():
    import json
    from pathlib import Path

    from ocr.templates import TemplateError, parse_template

    path = Path(__file__).resolve().parents[2] / "resources" / "forms" / "death_register.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    cause = next(field for field in data["fields"] if field["key"] == "cause_of_death")
    assert cause["whole_phrases"] == "causes_of_death"
    cause["whole_phrases"] = "causes"
    with pytest.raises(TemplateError):
        parse_template(data, "death_register.json")


def test_only_a_column_of_no_field_may_replace_the_field_columns():
    # "Nội dung đăng ký" is printed in place of the fields' own columns (a register in blocks);
    # a column holding fields cannot be, and the flag is a boolean.
    import json
    from pathlib import Path

    from ocr.templates import TemplateError, parse_template

    path = Path(__file__).resolve().parents[2] / "resources" / "forms" / "death_register.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    content = next(column for column in data["columns"] if "Nội dung đăng ký" in column["headings"])
    assert content["replaces_field_columns"] is True
    assert parse_template(data, "death_register.json").columns[1].replaces_field_columns
    place = next(column for column in data["columns"] if "Nơi chết" in column["headings"])
    place["replaces_field_columns"] = True
    with pytest.raises(TemplateError):
        parse_template(data, "death_register.json")
    place.pop("replaces_field_columns")
    content["replaces_field_columns"] = "yes"
    with pytest.raises(TemplateError):
        parse_template(data, "death_register.json")


def test_a_value_wrapped_onto_a_line_spaced_like_the_lines_after_it_goes_on_there():
    # The foot of a certificate printed with more room between its lines than the grid above it:
    # the authority wraps onto the next line at that spacing, which is the form's there.
    rows = _grid([(250, "Thông tin"), (850, "Chồng"), (1600, "Vợ")])[:-2] + [
        (1300, [(150, "Nơi đăng ký kết hôn: Ủy ban nhân dân xã Đại Sơn, huyện")]),
        (1410, [(150, "Tứ Kỳ, tỉnh Hải Dương")]),
        (1520, [(150, "Ngày, tháng, năm đăng ký: 21/07/2014")]),
    ]
    fields = extract(placed_page(rows)).records[0].fields
    assert fields["registration_authority"].value == "Ủy ban nhân dân xã Đại Sơn, huyện Tứ Kỳ, tỉnh Hải Dương"
    assert fields["registration_date"].value == "2014-07-21"


def test_an_empty_note_is_not_doubted_for_the_end_of_a_line_that_runs_on_into_its_column():
    # "Người ký giấy khai sinh: Lê Bảo Duyên" runs on past the rule into the empty "Ghi chú" cell:
    # the second look at the empty note does not read those words there and doubt the blank.
    from ocr.extract import ExtractOptions

    rows = list(THREE_COLUMN_TOP)
    content = ["Họ, chữ đệm, tên người được khai sinh NGUYỄN NHẬT THIỆN", "Sinh ngày 21/10/2024",
               "Giới tính Nam Dân tộc Kinh Quốc tịch Việt Nam",
               "Họ và tên người đi khai sinh NGUYỄN VĂN ĐỊNH",
               "Người thực hiện: Hoàng Thị Bảo Người ký giấy khai sinh: Lê Bảo Duyên"]
    for line, text in enumerate(content):
        pieces = [(600 if line < len(content) - 1 else 1100, text)]
        if line < 2:
            pieces.insert(0, (150, ["Số 346", "11/12/2024"][line]))
        rows.append((480 + 46 * line, pieces))
    page = placed_page(rows, width=2480)
    overflow = [word for line in page.lines for word in line.words if word.text == "Duyên"][0]
    assert overflow.box[0] > 2000, "the line runs on into the notes column"

    def reread(box, kind):
        # What a crop of the zone shows: the overflowing words when the zone takes them in.
        if kind == "text" and box[0] <= overflow.box[0] < box[0] + box[2]:
            return ("Bảo Duyên", 0.95)
        return ("", 0.0)

    notes = extract(page, reread=reread, options=ExtractOptions(tiebreak=None)).records[0].fields["notes"]
    assert notes.value == "" and not notes.needs_review, notes


@pytest.mark.parametrize("damage", ["speck", "colon", "glued_rule", "glued_rule_plus"])
def test_a_heading_band_on_a_poor_scan_keeps_its_wrapped_lines(damage):
    """Every line of wrapped headings belongs to the band, or the columns under the first line's
    halves ("Giới", "Số định") are read as no column and every value under them is lost. On a
    poor scan the band was cut short by a speck between the headings read as "-", by a speck
    after "năm sinh" read as the colon of the caption "Ngày, tháng, năm sinh"; a ruled line read
    as a bar with a speck ("|”", "|+") glued two headings into one."""
    rows = _register_rows(ENTRIES, HEADINGS)
    first = next(index for index, (_, pieces) in enumerate(rows) if pieces and pieces[0][1] == "Số, ngày")
    y, pieces = rows[first + 1]
    if damage == "speck":
        rows[first + 1] = (y, sorted([*pieces, (2250, "-")]))
    elif damage == "colon":
        rows[first + 1] = (y, [(x, text + "." if text.endswith("năm sinh") else text) for x, text in pieces])
    else:
        y, pieces = rows[first]  # the two headings a letter apart, a bar and a speck between them
        bar = "|”" if damage == "glued_rule" else "|+"
        rows[first] = (y, [(392, pieces[0][1] + " " + bar), (584, pieces[1][1]), *pieces[2:]])
        y, pieces = rows[first + 1]
        rows[first + 1] = (y, [(410, pieces[0][1]), *pieces[1:]])
    extraction = extract(placed_page(rows, width=2480))
    assert len(extraction.records) == 2
    for record, truth in zip(extraction.records, TRUTHS, strict=True):
        for key, value in truth.items():
            assert equivalent(record.fields[key].value, value), (damage, key, record.fields[key].value)


@pytest.mark.parametrize("below_headings", ["first_entry", "rule_read_as_dashes"])
def test_the_heading_band_ends_at_the_rule_under_it_and_before_the_first_entry(below_headings):
    """The band of wrapped headings takes no row under the headings: neither the first entry's line,
    a number and a name standing under their headings ("Số 115   NGUYỄN VĂN AN"), nor the rule under
    the headings read as dashes with specks among them, whose letters would join a heading."""
    from ocr.classify import classify_rows
    from ocr.extract import default_templates, join_wrapped_captions
    from ocr.labels import find_phrases, page_rows
    from ocr.tables import find_table

    entries = [dict(ENTRIES[0], number_date=["Số 115", "05/03/2020"]), ENTRIES[1]]
    rows = _register_rows(entries, HEADINGS)
    first = next(index for index, (_, pieces) in enumerate(rows) if pieces and pieces[0][1] == "Số, ngày")
    numbers = first + 2  # the row of column numbers under the two lines of headings
    heading_bottom = rows[first + 1][0] + 30
    if below_headings == "first_entry":
        # No column numbers, the first entry close under the headings.
        shift = rows[numbers + 1][0] - (heading_bottom + 20)
        rows = rows[:numbers] + [(y - shift, pieces) for y, pieces in rows[numbers + 1:]]
    else:
        rows[numbers] = (heading_bottom + 12, [(150, "—————— ———"), (560, "——— CN ———"), (1160, "——— —— VI"),
                                               (1530, "—— ——————"), (2110, "——— ——")])
    lines = page_rows(placed_page(rows, width=2480))
    template = classify_rows(lines, default_templates()).template
    lines = join_wrapped_captions(lines, template)
    table = find_table(lines, template, find_phrases(lines, template.captions))
    heading_rows = [line.index for line in lines if "đăng ký" in line.text or "Số, ngày" in line.text]
    assert list(table.header_rows) == heading_rows


@pytest.mark.parametrize("first_number", ["Số: 7", "Số: 7. __"])
def test_an_entry_whose_number_line_a_fold_took_is_opened_by_its_registration_date(first_number):
    """A fold across the register took the line "Số: 8" of the second entry (and a leader's dirt
    after "Số: 7. __" kept the first from reading as a number): each registration date in the
    number's column still opens its own entry, so the two entries are not read as one."""
    entries = [dict(ENTRIES[0], number_date=[first_number, "05/03/2020"]),
               dict(ENTRIES[1], number_date=["09/03/2020"])]
    extraction = extract(placed_page(_register_rows(entries, HEADINGS), width=2480))
    assert len(extraction.records) == 2
    first, second = extraction.records
    assert first.fields["registration_date"].value == "2020-03-05"
    assert second.fields["registration_date"].value == "2020-03-09"
    for key in ("full_name", "date_of_birth", "sex", "ethnicity", "last_residence"):
        assert equivalent(second.fields[key].value, TRUTHS[1][key]), (key, second.fields[key].value)
    assert second.fields["registration_number"].needs_review


def _marriage_register_rows(with_wife_heading: bool):
    """A marriage register in columns: the spouses' cells side by side under "Chồng" and "Vợ"."""
    headings = [(150, "Số, ngày đăng ký"), (760, "Chồng"), (1900, "Đăng ký"), (2250, "Ghi chú")]
    if with_wife_heading:
        headings.insert(2, (1340, "Vợ"))
    rows = [(80, [(150, "ỦY BAN NHÂN DÂN XÃ ĐẠI SƠN, HUYỆN TỨ KỲ, TỈNH HẢI DƯƠNG")]),
            (150, [(900, "SỔ ĐĂNG KÝ KẾT HÔN")]), (220, [(1900, "Quyển số: 01/2013")]), (320, headings)]
    y = 420
    for number, (husband, wife) in enumerate([(("TRƯƠNG ĐỨC ANH", "11/08/1992", "Kinh", "xã Đại Sơn"),
                                               ("HUỲNH THỊ NGUYỆT", "26/08/1990", "Kinh", "xã Tân Lập")),
                                              (("NGUYỄN HOÀNG HÒA", "07/09/1989", "Tày", "xã Quang Phục"),
                                               ("TRẦN THỊ THƠ", "31/07/1984", "Kinh", "xã Ngọc Kỳ"))], 173):
        cells = [[f"Số: {number}", "31/05/2013"],
                 [husband[0], f"Ngày sinh: {husband[1]}", f"Dân tộc: {husband[2]}", "Quốc tịch: Việt Nam",
                  f"Nơi cư trú: {husband[3]}"],
                 [wife[0], f"Ngày sinh: {wife[1]}", f"Dân tộc: {wife[2]}", "Quốc tịch: Việt Nam",
                  f"Nơi cư trú: {wife[3]}"]]
        for line in range(5):
            rows.append((y, [(x, cell[line]) for x, cell in zip((160, 560, 1160), cells, strict=True)
                             if line < len(cell)]))
            y += 48
        y += 60
    return rows


def test_a_short_heading_the_page_reading_lost_is_read_again_from_its_stretch_of_the_heading_row():
    """"Vợ" alone over the wife's wide column, among specks, was lost by Tesseract's page layout
    analysis: the husband's column then ran across both spouses' cells and the wife's fields were
    lost. The stretch of the heading row between "Chồng" and "Đăng ký" is read once more (real
    Tesseract, sparse text) and finds it."""
    from PIL import Image, ImageDraw, ImageFont

    from ocr.engine import process_engine
    from ocr.secondlook import engine_reread

    rows = _marriage_register_rows(with_wife_heading=False)
    page = placed_page(rows, width=2480)
    image = Image.new("L", (page.width, page.height), 255)
    draw = ImageDraw.Draw(image)
    draw.text((1340, 316), "Vợ", fill=0, font=ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 30))
    for x in (1180, 1510, 1730):  # specks on the heading row
        draw.ellipse((x, 330, x + 5, 335), fill=0)
    reread = engine_reread(process_engine(), np.asarray(image), dpi=300)
    without = extract(page).records
    assert without[0].fields["wife_full_name"].value != "HUỲNH THỊ NGUYỆT", "the lost heading loses the column"
    records = extract(page, reread=reread).records
    assert len(records) == 2
    for record, (name, born) in zip(records, [("HUỲNH THỊ NGUYỆT", "1990-08-26"), ("TRẦN THỊ THƠ", "1984-07-31")],
                                    strict=True):
        assert record.fields["wife_full_name"].value == name
        assert record.fields["wife_date_of_birth"].value == born
    assert records[0].fields["husband_full_name"].value == "TRƯƠNG ĐỨC ANH"


@pytest.mark.parametrize("header", ["T ỦY BAN NHÂN DÂN XÃ ĐẠI SƠN, HUYỆN TỨ KỲ, TỈNH HẢI DƯƠNG",
                                    "l1 ỦY BAN NHÂN DÂN XÃ ĐẠI SƠN, HUYỆN TỨ KỲ, TỈNH HẢI DƯƠNG",
                                    "ĐY,BAYÏ NHÂN DÂN XÃ ĐẠI SƠN, HUYỆN TỨ KỲ, TỈNH HẢI DƯƠNG",
                                    "ỦŸÿ BAN NHÂN TIÂN XÃ ĐẠI SƠN, HUYỆN TỨ KỲ, TỈNH HẢI DƯƠNG"])
def test_the_authority_over_a_register_page_is_found_after_specks_and_misread_letters(header):
    # A poor scan puts specks read as letters before the committee's name over the page ("T ỦY
    # BAN…", "l1 ỦY BAN…") or misreads three of its letters where a unit follows ("ĐY,BAYÏ NHÂN
    # DÂN XÃ…"): the words it opens with still find it, and its name is put right.
    rows = _register_rows(ENTRIES, HEADINGS)
    rows[0] = (rows[0][0], [(150, header), *rows[0][1][1:]])
    record = extract(placed_page(rows, width=2480)).records[0]
    assert equivalent(record.fields["registration_authority"].value,
                      "ỦY BAN NHÂN DÂN XÃ ĐẠI SƠN, HUYỆN TỨ KỲ, TỈNH HẢI DƯƠNG"), record.fields["registration_authority"]


def test_a_speck_read_as_a_quote_between_two_headings_does_not_glue_them():
    # The second line of a death register's headings as a poor scan read it (words and boxes as
    # Tesseract gave them): "dân tộc," and "danh cá" of two columns, a speck between them read as
    # "'" a word space from each.
    from ocr.labels import build_rows
    from ocr.tables import _row_pieces

    words = [OcrWord(text, 0.9, (left, 526, right - left, 44), 1)
             for text, left, right in [("ngày,", 636, 718), ("tháng,năm", 731, 897), ("|", 918, 937),
                                       ("dân", 955, 999), ("tộc,", 1017, 1080), ("'", 1099, 1107),
                                       ("danh", 1124, 1190), ("cá", 1208, 1241), ("|+", 1279, 1288),
                                       ("cuối", 1315, 1381), ("cùng", 1395, 1465)]]
    pieces = [" ".join(word.text for word in piece) for piece in _row_pieces(build_rows(words)[0])]
    assert pieces == ["ngày, tháng,năm", "dân tộc,", "danh cá", "cuối cùng"]


def test_the_heading_band_opens_on_the_headings_not_on_a_title_line_holding_two_of_their_words():
    # A poor scan's title line, specks around it ("“áU XÓ - SỔ ĐĂNG KÝ KHAI TỬ"), is not taken for the
    # title, and two of its pieces read as headings: the band opened there, over the real headings.
    from ocr.classify import classify_rows
    from ocr.extract import default_templates, join_wrapped_captions
    from ocr.labels import find_phrases, page_rows
    from ocr.tables import find_table

    rows = _register_rows(ENTRIES, HEADINGS)
    rows.insert(3, (260, [(300, "“áU XÓ -"), (900, "Đăng ký"), (1400, "Ghi chú")]))
    lines = page_rows(placed_page(rows, width=2480))
    template = classify_rows(lines, default_templates()).template
    lines = join_wrapped_captions(lines, template)
    table = find_table(lines, template, find_phrases(lines, template.captions))
    assert lines[table.header_rows[0]].text.startswith("Số, ngày")
    assert [column.spec is not None for column in table.columns].count(True) >= 5


#: A death register printed with all its columns, as the books are: each column's heading lines and
#: one entry's cell; 250 px a column from x = 100.
FULL_DEATH_COLUMNS = [
    (["Số, ngày", "đăng ký"], ["Số: 7", "05/03/2020"]),
    (["Họ, chữ đệm,", "tên; ngày sinh"], ["NGUYỄN VĂN", "AN", "12/01/1950"]),
    (["Giới tính, dân", "tộc, quốc tịch"], ["Nam", "Kinh", "Việt Nam"]),
    (["Số định danh", "cá nhân"], ["001050012345"]),
    (["Nơi cư trú", "cuối cùng"], ["Thôn Đông, xã", "Đại Sơn"]),
    (["Thời gian chết"], ["21 giờ 49 phút", "02/03/2020"]),
    (["Nơi chết"], ["Tại nhà"]),
    (["Nguyên nhân", "chết"], ["Tuổi già"]),
    (["Giấy báo tử"], ["Số 12/GBT"]),
    (["Người đi khai tử"], ["NGUYỄN VĂN", "BÌNH", "Con"]),
    (["Đăng ký"], ["Đúng hạn"]),
    (["Người thực hiện"], ["Lê Thị Hoa"]),
    (["Ghi chú"], []),
]
FULL_DEATH_LEFT, FULL_DEATH_WIDTH = 100, 250


def _full_death_register(headings: dict[int, list[str]]):
    """The page's rows (``headings`` replaces some columns' heading lines, as a poor scan read them)
    and the x of its vertical rules."""
    rows = [(80, [(150, "ỦY BAN NHÂN DÂN XÃ ĐẠI SƠN, HUYỆN TỨ KỲ, TỈNH HẢI DƯƠNG")]),
            (150, [(1300, "SỔ ĐĂNG KÝ KHAI TỬ")]), (220, [(1400, "Quyển số: 01/2020")])]
    lefts = [FULL_DEATH_LEFT + number * FULL_DEATH_WIDTH for number in range(len(FULL_DEATH_COLUMNS))]
    heading_lines = [headings.get(number, lines) for number, (lines, _) in enumerate(FULL_DEATH_COLUMNS)]
    y = 320
    for line in range(2):
        rows.append((y, [(left + 10, lines[line]) for left, lines in zip(lefts, heading_lines, strict=True)
                         if line < len(lines)]))
        y += 34
    y += 80
    for line in range(3):
        rows.append((y, [(left + 10, cell[line]) for left, (_, cell) in zip(lefts, FULL_DEATH_COLUMNS, strict=True)
                         if line < len(cell)]))
        y += 44
    rows.append((y + 300, [(150, "Trang 12")]))
    return rows, [*lefts, lefts[-1] + FULL_DEATH_WIDTH]


def test_columns_whose_headings_a_poor_scan_garbled_are_named_by_the_rules_between_them():
    # Two headings read as nothing a heading is ("Sđ dh cnh", "Nc7 tr cii"): the page's vertical
    # rules still part the columns, and the template's order names the two between "Giới tính…" and
    # "Thời gian chết": the personal ID and the last residence are read from their own cells.
    from ocr.extract import ExtractOptions
    from ocr.preprocess.ruling import VerticalRule

    rows, xs = _full_death_register({3: ["Sđ dh cnh"], 4: ["Nc7 tr cii"]})
    page = placed_page(rows, width=3500)
    rules = [VerticalRule(x=float(x), top=310, bottom=700, inked=390) for x in xs]
    without = extract(page).records[0]
    assert without.fields["personal_id"].value != "001050012345", "the garbled headings lose their columns"
    record = extract(page, options=ExtractOptions(rules=lambda: rules)).records[0]
    assert record.fields["personal_id"].value == "001050012345"
    assert equivalent(record.fields["last_residence"].value, "Thôn Đông, xã Đại Sơn")
    assert record.fields["place_of_death"].value == "Tại nhà"
    assert equivalent(record.fields["declarant_full_name"].value, "NGUYỄN VĂN BÌNH")


def test_rules_that_do_not_part_the_printed_columns_change_nothing():
    # A book's spine down the page from its top edge, and rules of a table other than the columns
    # (fewer than the headings): the columns stay those the headings give.
    from ocr.extract import ExtractOptions
    from ocr.preprocess.ruling import VerticalRule

    rows, xs = _full_death_register({3: ["Sđ dh cnh"], 4: ["Nc7 tr cii"]})
    page = placed_page(rows, width=3500)
    spine = [VerticalRule(x=float(x), top=0, bottom=900, inked=900) for x in xs]
    too_few = [VerticalRule(x=float(x), top=310, bottom=700, inked=390) for x in xs[::4]]
    plain = extract(page).records[0].fields
    for rules in (spine, too_few):
        fields = extract(page, options=ExtractOptions(rules=lambda rules=rules: rules)).records[0].fields
        assert {key: field.value for key, field in fields.items()} == {key: field.value for key, field in plain.items()}


def test_a_garbled_heading_beside_where_blocks_print_their_content_column_is_named_by_order():
    # The headings of the name and sex columns read as nothing ("Xq wz kk pp"): between "Số, ngày
    # đăng ký" and "Số định danh…" the template lists "Nội dung đăng ký" too, but that column is
    # printed only in place of the field columns: the two columns between the rules are the
    # name's and the sex's.
    from ocr.classify import classify_rows
    from ocr.extract import default_templates, join_wrapped_captions
    from ocr.labels import find_phrases, page_rows
    from ocr.preprocess.ruling import VerticalRule
    from ocr.tables import find_table

    rows, xs = _full_death_register({1: ["Xq wz kk pp"], 2: ["Gq zz kk pp"]})
    lines = page_rows(placed_page(rows, width=3500))
    template = classify_rows(lines, default_templates()).template
    lines = join_wrapped_captions(lines, template)
    rules = [VerticalRule(x=float(x), top=310, bottom=700, inked=390) for x in xs]
    table = find_table(lines, template, find_phrases(lines, template.captions), rules=lambda: rules)
    assert [column.spec.fields[0] if column.spec and column.spec.fields else None
            for column in table.columns][:4] == ["registration_number", "full_name", "sex", "personal_id"]
    assert [column.left for column in table.columns[1:]] == [float(x) for x in xs[1:-1]]


def test_entries_whose_number_stands_under_its_caption_with_specks_round_it_are_parted():
    # "Số đăng ký:" alone on its line, the number under it as a poor scan read it ("„ J139-", "l *140"),
    # the dates' slashes lost too (a display face's hairlines): each entry still opens where its
    # caption stands, and gets its own cells.
    entries = [dict(ENTRIES[0], number_date=["Số đăng ký:", "„ J7-", "05 03 2020"]),
               dict(ENTRIES[1], number_date=["Số đăng ký:", "l *8", "09 03 2020"])]
    extraction = extract(placed_page(_register_rows(entries, HEADINGS), width=2480))
    assert len(extraction.records) == 2
    for record, truth in zip(extraction.records, TRUTHS, strict=True):
        for key in ("full_name", "date_of_birth", "last_residence"):
            assert equivalent(record.fields[key].value, truth[key]), (key, record.fields[key].value)


def test_a_line_under_an_entry_caption_opens_an_entry_only_when_it_is_a_number():
    from ocr.extract import _number_under_caption

    for number in ("139", "„ J139-", "l *140", "ì 12"):
        assert _number_under_caption(number), number
    for other in ("05/07/2022", "405072022", "12/2020", "Nguyễn", "Tổ 5", ""):
        assert not _number_under_caption(other), other


def test_a_register_page_of_one_entry_without_its_title_is_known_by_its_row_of_column_headings():
    # A poor scan read the title at 81 % and one entry's caption: a register template lost a quarter of
    # its score for looking like a certificate (holdout 7006 read as a birth certificate). Its row of
    # column headings says register; a certificate's grid ("Thông tin | Chồng | Vợ") does not.
    from ocr.classify import HEADED_REGISTER, _headed_columns, score_template
    from ocr.extract import default_templates
    from ocr.labels import page_rows

    templates = {template.form: template for template in default_templates()}
    register = templates["death_register"]
    rows = [(y, pieces) for y, pieces in _register_rows(ENTRIES[:1], HEADINGS) if "SỔ ĐĂNG KÝ" not in pieces[0][1]]
    rows = [(y, [(x, text.replace("Số: 7", "7")) for x, text in pieces]) for y, pieces in rows]
    headed = page_rows(placed_page(rows, width=2480))
    assert _headed_columns(headed, register) >= HEADED_REGISTER
    heading_row = next(number for number, (_, pieces) in enumerate(rows) if pieces[0][1] == "Số, ngày")
    garbled = [(y, [(x, "xz qw") for x, _ in pieces]) if number == heading_row else (y, pieces)
               for number, (y, pieces) in enumerate(rows)]
    plain = page_rows(placed_page(garbled, width=2480))
    assert _headed_columns(plain, register) < HEADED_REGISTER
    with_row, without_row = score_template(headed, register), score_template(plain, register)
    assert with_row.entries < 2 and with_row.score > without_row.score + 0.2
    grid = page_rows(placed_page([(300, [(250, "Thông tin"), (850, "Chồng"), (1600, "Vợ")])], width=2480))
    assert _headed_columns(grid, templates["marriage_register"]) < HEADED_REGISTER
