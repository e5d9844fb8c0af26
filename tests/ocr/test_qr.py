"""QR codes: the separator sheet read back after print-and-scan damage, the ID card's QR code, cross-checks."""

from __future__ import annotations

import io
import logging

import cv2
import numpy as np
import pytest
import segno
from PIL import Image

from inspector.errors import InputFileError
from ocr.dossier import read_id_card, read_separator
from ocr.qr import (
    IdCardData,
    cross_check,
    mask_id,
    parse_id_card_qr,
    parse_separator_payload,
    read_qr_codes,
    render_separator_sheet,
    save_separator_sheet,
    separator_payload,
)

# Synthetic people: numbers drawn for the tests, not real cards.
CARD_TEXT = "038190012345|172345678|Nguyễn Thị Hoà|05071990|Nữ|Thôn Đông, Xã Quỳnh Hưng, Tỉnh Nghệ An|12032021"


@pytest.fixture(scope="module")
def sheet() -> np.ndarray:
    return np.asarray(render_separator_sheet("Hồ sơ khai sinh 2024/015"))


def _jpeg(gray: np.ndarray, quality: int) -> np.ndarray:
    ok, data = cv2.imencode(".jpg", gray, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)


def _rotate(gray: np.ndarray, degrees: float) -> np.ndarray:
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), borderValue=255)


def _noise(gray: np.ndarray, sigma: float, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.clip(gray.astype(np.float32) * 0.9 + 15 + rng.normal(0, sigma, gray.shape), 0, 255).astype(np.uint8)


def _qr_page(text: str) -> np.ndarray:
    buffer = io.BytesIO()
    segno.make(text, error="m", encoding="utf-8").save(buffer, kind="png", scale=6, border=4)
    return np.asarray(Image.open(buffer).convert("L"))


def test_separator_sheet_is_a4_at_300_dpi_and_reads_back(sheet: np.ndarray) -> None:
    assert sheet.shape == (3508, 2480)
    info = read_separator(sheet)
    assert info is not None
    assert info.label == "Hồ sơ khai sinh 2024/015"
    assert info.version == 1
    assert info.payload == "SOHOTICH-SEP:v1:Hồ sơ khai sinh 2024/015"


def test_separator_survives_jpeg_rotation_and_noise(sheet: np.ndarray) -> None:
    damaged = _noise(_rotate(_jpeg(sheet, 35), 5.0), sigma=12)
    damaged = cv2.resize(damaged, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)  # a 150 dpi scan
    damaged = _jpeg(damaged, 50)
    info = read_separator(damaged)
    assert info is not None and info.label == "Hồ sơ khai sinh 2024/015"


def test_separator_read_from_a_colour_photo_turned_upside_down(sheet: np.ndarray) -> None:
    colour = cv2.cvtColor(np.ascontiguousarray(sheet[::-1, ::-1]), cv2.COLOR_GRAY2BGR)
    colour[..., 0] = np.clip(colour[..., 0].astype(int) - 30, 0, 255)  # yellowish paper
    assert read_separator(colour).label == "Hồ sơ khai sinh 2024/015"


def test_a_page_without_codes_has_no_separator() -> None:
    page = np.full((1200, 900), 240, np.uint8)
    cv2.putText(page, "SOHOTICH-SEP:v1:x", (50, 600), cv2.FONT_HERSHEY_SIMPLEX, 1.5, 0, 3)
    assert read_separator(page) is None
    assert read_qr_codes(page) == []


def test_a_foreign_qr_code_is_not_a_separator() -> None:
    image = _qr_page("https://example.org/ho-so")
    assert [code.text for code in read_qr_codes(image)] == ["https://example.org/ho-so"]
    assert read_separator(image) is None


def test_separator_payload_round_trip_and_label_rules() -> None:
    assert separator_payload("  Hồ   sơ 7 ") == "SOHOTICH-SEP:v1:Hồ sơ 7"
    assert parse_separator_payload("SOHOTICH-SEP:v1:a:b").label == "a:b"
    assert parse_separator_payload("SOHOTICH-SEP:v1:").label == ""
    assert parse_separator_payload("SOHOTICH:v1:a") is None
    with pytest.raises(InputFileError):
        separator_payload("x" * 500)
    assert separator_payload("two\nlines") == "SOHOTICH-SEP:v1:two lines"
    with pytest.raises(InputFileError):
        separator_payload("bell\x07")


@pytest.mark.parametrize("suffix", [".pdf", ".png"])
def test_saved_sheet_reads_back(tmp_path, suffix: str) -> None:
    from ocr.acquire import decode_page_image, read_source

    path = save_separator_sheet("HS-01", tmp_path / f"sheet{suffix}")
    pages = list(read_source(path))
    assert len(pages) == 1
    assert read_separator(decode_page_image(pages[0].data)).label == "HS-01"


def test_unsupported_sheet_format_is_refused(tmp_path) -> None:
    with pytest.raises(InputFileError):
        save_separator_sheet("HS-01", tmp_path / "sheet.docx")


# ------------------------------------------------------------------ the ID card's QR code

def _card_image(text: str) -> np.ndarray:
    code = _qr_page(text)
    page = np.full((1754, 1240), 250, np.uint8)  # an A4 copy at 150 dpi, the card's QR in a corner
    page[200:200 + code.shape[0], 800:800 + code.shape[1]] = code
    return page


def test_synthetic_card_qr_is_read_and_normalised() -> None:
    card = read_id_card(_jpeg(_card_image(CARD_TEXT), 60))
    assert card is not None
    assert card.personal_id == "038190012345"
    assert card.old_id == "172345678"
    assert card.full_name == "NGUYỄN THỊ HOÀ"
    assert card.date_of_birth == "1990-07-05"
    assert card.sex == "Nữ"
    assert card.address == "Thôn Đông, Xã Quỳnh Hưng, Tỉnh Nghệ An"
    assert card.issue_date == "2021-03-12"
    assert card.issues == ()


def test_card_repr_leaks_no_personal_data() -> None:
    card = parse_id_card_qr(CARD_TEXT)
    assert "038190012345" not in repr(card) and "HOÀ" not in repr(card) and "1990" not in repr(card)


def test_card_variants_are_accepted_and_flagged() -> None:
    short = parse_id_card_qr("038190012345||Nguyễn Thị Hoà|05071990|Nữ|Nghệ An")
    assert short is not None and "id_card_field_count" in short.issues and short.issue_date == ""
    wrong_date = parse_id_card_qr("038190012345||Nguyễn Thị Hoà|31021990|Nữ|Nghệ An|12032021")
    assert wrong_date.date_of_birth == "" and "id_card_date_of_birth_invalid" in wrong_date.issues
    # The ID says a woman born in the 1900s; the card says a man: flagged, never refused.
    odd = parse_id_card_qr("038190012345||Nguyễn Văn An|05071990|Nam|Nghệ An|12032021")
    assert "personal_id_sex_mismatch" in odd.issues
    assert parse_id_card_qr("https://example.org") is None
    assert parse_id_card_qr("SOHOTICH-SEP:v1:x") is None
    assert parse_id_card_qr("12345|a|b|c|d") is None


def test_mask_id() -> None:
    assert mask_id("038190012345") == "*********345"
    assert mask_id("12") == "**"
    assert mask_id("") == ""


# ------------------------------------------------------------------ cross-checks

MARRIAGE = {"husband_full_name": "TRẦN VĂN BÌNH", "husband_date_of_birth": "1988-02-01",
            "husband_personal_id": "038088000111", "wife_full_name": "NGUYỄN THỊ HÒA",
            "wife_date_of_birth": "1990-07-05", "wife_personal_id": "038190012345"}


def test_card_matches_the_wife_of_a_marriage_record() -> None:
    card = parse_id_card_qr(CARD_TEXT)
    # "HÒA" / "HOÀ": old and new tone placement are the same name.
    assert cross_check(card, MARRIAGE) == []


def test_mismatched_id_and_date_are_reported_without_personal_data(caplog) -> None:
    card = parse_id_card_qr(CARD_TEXT)
    record = dict(MARRIAGE, wife_personal_id="038190099999", wife_date_of_birth="1990-05-07")
    with caplog.at_level(logging.DEBUG):
        found = cross_check(card, record)
    assert {(m.code, m.field, m.role) for m in found} == {
        ("personal_id", "wife_personal_id", "wife"), ("date_of_birth", "wife_date_of_birth", "wife")}
    for mismatch in found:
        assert mismatch.message_vi and "người vợ" in mismatch.message_vi
        text = mismatch.message_vi + mismatch.message_en + repr(mismatch)
        assert "038190" not in text and "1990" not in text and "HOÀ" not in text.upper()
    assert "038190" not in caplog.text


def test_name_differing_only_in_diacritics_is_its_own_mismatch() -> None:
    card = parse_id_card_qr(CARD_TEXT)
    record = dict(MARRIAGE, wife_personal_id="", wife_full_name="NGUYỄN THỊ HỎA")
    assert [m.code for m in cross_check(card, record)] == ["full_name_diacritics"]


def test_birth_record_card_of_the_mother_compares_the_birth_year() -> None:
    card = parse_id_card_qr(CARD_TEXT)
    birth = {"full_name": "TRẦN GIA BẢO", "date_of_birth": "2020-01-02", "sex": "Nam",
             "mother_full_name": "Nguyễn Thị Hoà", "mother_birth_year": "1991",
             "father_full_name": "TRẦN VĂN BÌNH", "father_birth_year": "1988",
             "declarant_full_name": "TRẦN VĂN BÌNH", "declarant_id_document": "CCCD số 038088000111"}
    found = cross_check(card, birth)
    assert [(m.code, m.field, m.role) for m in found] == [("date_of_birth", "mother_birth_year", "mother")]
    assert cross_check(card, dict(birth, mother_birth_year="1990")) == []


def test_birth_record_declarant_found_by_the_number_in_the_identity_paper() -> None:
    card = IdCardData("038088000111", full_name="TRẦN VĂN BÌNH", date_of_birth="1988-02-01", sex="Nam")
    birth = {"full_name": "TRẦN GIA BẢO", "mother_full_name": "NGUYỄN THỊ HOÀ", "father_full_name": "",
             "declarant_full_name": "TRẦN VĂN BÌNH", "declarant_id_document": "CCCD 038 088 000 111"}
    assert cross_check(card, birth) == []
    other = dict(birth, declarant_id_document="CCCD số 038088000999")
    assert [(m.code, m.field) for m in cross_check(card, other)] == [("personal_id", "declarant_id_document")]


def test_death_record_sex_mismatch_and_unknown_person() -> None:
    card = parse_id_card_qr(CARD_TEXT)
    death = {"full_name": "NGUYỄN THỊ HOÀ", "date_of_birth": "1990-07-05", "sex": "Nam", "personal_id": "",
             "date_of_death": "2024-01-01", "declarant_full_name": "LÊ VĂN C"}
    assert [m.code for m in cross_check(card, death)] == ["sex"]
    stranger = dict(death, full_name="PHẠM VĂN D")
    assert [m.code for m in cross_check(card, stranger)] == ["person_not_found"]
