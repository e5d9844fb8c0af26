"""Dossiers: blank pages told from pages with a little writing, and a bundle's pages split into documents."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from inspector.resources import resource_path
from ocr.dossier import PageSignal, boundary_pages, is_blank, measure_blank, split_dossier
from ocr.qr import SeparatorInfo, parse_id_card_qr

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
A4 = (3508, 2480)  # 300 dpi


def _paper(seed: int, *, level: float = 232.0, grain: float = 9.0) -> np.ndarray:
    """A scanned empty sheet: grain, a dark shadow along the binding edge, a grey band at the bottom."""
    rng = np.random.default_rng(seed)
    page = np.full(A4, level, np.float32) + rng.normal(0, grain, A4)
    page[:, :150] *= np.linspace(0.25, 1.0, 150)[None, :]
    page[-60:, :] *= 0.55
    salt = rng.random(A4) < 0.0005  # isolated dark pixels: dust on the glass
    page[salt] = 20
    return np.clip(page, 0, 255).astype(np.uint8)


def _text_page(lines: list[str], *, fill: int, size: int = 42, mirrored: bool = False) -> np.ndarray:
    image = Image.new("L", A4[::-1], 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, size)
    for index, line in enumerate(lines):
        draw.text((330, 500 + index * 95), line, fill=fill, font=font)
    if mirrored:
        image = image.transpose(Image.FLIP_LEFT_RIGHT)
    return np.asarray(image)


def _over(paper: np.ndarray, ink: np.ndarray, strength: float) -> np.ndarray:
    """``ink`` printed (multiplied) onto ``paper`` with ``strength`` (1 = full, 0.2 = faint bleed-through)."""
    darkness = (255 - ink.astype(np.float32)) / 255 * strength
    return np.clip(paper.astype(np.float32) * (1 - darkness), 0, 255).astype(np.uint8)


def test_a_noisy_empty_scan_is_blank() -> None:
    assert is_blank(_paper(1))
    assert is_blank(cv2.cvtColor(_paper(2), cv2.COLOR_GRAY2BGR))


def test_a_short_line_of_text_is_not_blank() -> None:
    page = _over(_paper(3), _text_page(["Trang này để trống."], fill=30), 1.0)
    measure = measure_blank(page)
    assert not measure.blank
    assert measure.marks >= 10


def test_one_handwritten_looking_word_in_faded_ink_is_not_blank() -> None:
    ink = _text_page(["Hết"], fill=0, size=60)
    assert not is_blank(_over(_paper(4), ink, 0.55))  # faded ink: ~55% as dark as fresh


def test_bleed_through_from_the_back_is_blank() -> None:
    back = _text_page([f"ỦY BAN NHÂN DÂN XÃ QUỲNH HƯNG — giấy khai sinh số {n}" for n in range(28)],
                      fill=0, mirrored=True)
    back = cv2.GaussianBlur(back, (9, 9), 3)  # seen through the paper: blurred and faint
    page = _over(_paper(5), back, 0.22)
    assert is_blank(page)
    # The same text printed on the front is of course not blank.
    assert not is_blank(_over(_paper(5), back, 1.0))


def test_a_sample_form_page_is_not_blank() -> None:
    sample = cv2.imread(str(resource_path("samples", "khai-sinh-giay-clean.jpg")), cv2.IMREAD_GRAYSCALE)
    assert not is_blank(sample)


def test_an_empty_image_is_blank() -> None:
    assert is_blank(np.zeros((0, 0), np.uint8))


# ------------------------------------------------------------------ splitting

def _page(n: int, **values) -> PageSignal:
    return PageSignal("bundle.tif", n, **values)


SEP = SeparatorInfo("HS-2024-01", 1, "SOHOTICH-SEP:v1:HS-2024-01")
SEP2 = SeparatorInfo("HS-2024-02", 1, "SOHOTICH-SEP:v1:HS-2024-02")
CARD = parse_id_card_qr("038190012345||Nguyễn Thị Hoà|05071990|Nữ|Nghệ An|12032021")


def _summary(documents) -> list[tuple[str, tuple[int, ...], str]]:
    return [(doc.kind, tuple(p.page_number for p in doc.pages), doc.started_by) for doc in documents]


def test_separators_and_blank_pages_split_and_are_not_documents() -> None:
    pages = [_page(1, separator=SEP), _page(2, document_type="birth", layout="certificate"),
             _page(3, blank=True), _page(4, document_type="birth", layout="certificate"),
             _page(5, separator=SEP2), _page(6, blank=True), _page(7, document_type="death", layout="certificate")]
    documents = split_dossier(pages)
    assert _summary(documents) == [("birth_certificate", (2,), "separator"), ("birth_certificate", (4,), "blank"),
                                   ("death_certificate", (7,), "separator")]
    assert [doc.dossier_label for doc in documents] == ["HS-2024-01", "HS-2024-01", "HS-2024-02"]
    assert [doc.separator for doc in documents] == [SEP, None, SEP2]  # a blank page after a sheet keeps it
    assert [p.page_number for p in boundary_pages(pages)] == [1, 3, 5, 6]


def test_consecutive_pages_of_one_register_stay_one_document() -> None:
    pages = [_page(n, document_type="marriage", layout="register") for n in (1, 2, 3)]
    pages.append(_page(4, document_type="birth", layout="register"))
    assert _summary(split_dossier(pages)) == [("marriage_register", (1, 2, 3), "start"),
                                              ("birth_register", (4,), "form")]


def test_title_found_decides_when_the_caller_knows() -> None:
    pages = [_page(1, document_type="birth", layout="certificate", title_found=True),
             _page(2, document_type="birth", layout="certificate", title_found=False),  # the back side
             _page(3, document_type="birth", layout="certificate"),  # a second certificate
             _page(4, document_type="birth", layout="register", title_found=True),
             _page(5, document_type="birth", layout="register", title_found=True)]
    assert _summary(split_dossier(pages)) == [("birth_certificate", (1, 2), "start"),
                                              ("birth_certificate", (3,), "form"),
                                              ("birth_register", (4,), "form"),
                                              ("birth_register", (5,), "form")]


def test_unknown_pages_become_one_attachment_with_their_text() -> None:
    pages = [_page(1, document_type="birth", layout="certificate"),
             _page(2, text="TỜ KHAI ĐĂNG KÝ KHAI SINH"), _page(3, text="trang 2 của tờ khai"),
             _page(4, id_card=CARD), _page(5, text="giấy chứng sinh"),
             _page(6, error="tệp ảnh bị hỏng")]
    documents = split_dossier(pages)
    assert _summary(documents) == [("birth_certificate", (1,), "start"), ("attachment", (2, 3), "unknown"),
                                   ("id_card", (4,), "id_card"), ("attachment", (5, 6), "unknown")]
    assert documents[1].is_attachment and documents[1].text == "TỜ KHAI ĐĂNG KÝ KHAI SINH\ftrang 2 của tờ khai"
    assert documents[2].id_card == CARD and documents[2].label_vi == "Bản sao thẻ căn cước"


def test_every_page_lands_somewhere() -> None:
    rng = np.random.default_rng(7)
    choices = [dict(blank=True), dict(separator=SEP), dict(document_type="death", layout="register"),
               dict(document_type="birth", layout="certificate"), dict(text="x"), dict(id_card=CARD)]
    pages = [_page(n, **choices[int(rng.integers(len(choices)))]) for n in range(1, 60)]
    documents = split_dossier(pages)
    placed = [p.page_number for doc in documents for p in doc.pages] + [p.page_number for p in boundary_pages(pages)]
    assert sorted(placed) == list(range(1, 60))
    assert [doc.index for doc in documents] == list(range(len(documents)))


@pytest.mark.parametrize("pages", [[], [_page(1, blank=True), _page(2, separator=SEP)]])
def test_nothing_to_split(pages) -> None:
    assert split_dossier(pages) == ()


def test_page_signal_from_codes_recognises_our_sheet_and_id_cards_among_other_codes() -> None:
    from ocr.dossier import page_signal_from_codes

    texts = ("https://example.org", SEP.payload)
    signal = page_signal_from_codes("x.pdf", 3, texts)
    assert signal.separator == SEP and signal.id_card is None and signal.is_boundary
    card = page_signal_from_codes("x.pdf", 4, ("038190012345||Nguyễn Thị Hoà|05071990|Nữ|Nghệ An|12032021",))
    assert card.id_card == CARD and not card.is_boundary
    plain = page_signal_from_codes("x.pdf", 5, ("https://example.org",), document_type="birth", layout="register")
    assert plain.separator is None and plain.id_card is None and plain.document_type == "birth"
