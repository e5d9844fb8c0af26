"""Dossiers (hồ sơ): a scanned bundle of pages split into documents, each typed.

Pure functions on frozen values: the caller measures each page once
(:func:`is_blank`, :func:`read_separator`, :func:`ocr.qr.read_qr_codes`, and the
form recognised by :func:`ocr.reading.read_page`), gives the signals to
:func:`split_dossier`, and gets the documents back. Nothing scanned is dropped: a
page of no known type becomes (part of) an *attachment* holding its OCR text; blank
pages and separator sheets are boundaries, listed by :func:`boundary_pages`.

Where a document starts:

- after a separator sheet (the QR page the program prints, :mod:`ocr.qr`) or a blank page;
- on a page whose form is recognised, unless it continues the document before it
  (consecutive register pages of one book, or a page the caller marks
  ``title_found=False``);
- on an ID card copy (a page with a chip-based ID card's QR code) of another card;
- on the first unrecognised page after a typed document (consecutive unrecognised
  pages stay one attachment).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np

from ocr.preprocess.connected import connected_components
from ocr.qr import IdCardData, SeparatorInfo, parse_id_card_qr, parse_separator_payload, read_qr_codes

__all__ = ["BlankMeasure", "BlankOptions", "DossierDocument", "PageSignal", "SeparatorInfo", "boundary_pages",
           "document_kind", "is_blank", "measure_blank", "page_signal_from_codes", "read_id_card", "read_separator",
           "split_dossier"]


# --------------------------------------------------------------------------- blank pages

@dataclass(frozen=True)
class BlankOptions:
    """How :func:`is_blank` decides. Lengths are measured on the page scaled to ``work_width`` pixels
    (about 150 dpi for A4), whatever the scan's resolution."""

    work_width: int = 1240
    #: Share of each side left out: border shadows, punch holes, staples, the scanner lid's edge.
    margin: float = 0.08
    #: How much darker than the paper around it a pixel must be to count as ink (0–255). Bleed-through
    #: from the back of thin paper is typically 15–60 levels darker; pen and print 100 and more.
    contrast: int = 75
    #: Ink specks smaller than this (pixels at ``work_width``) are dust or grain, not writing.
    min_speck: int = 6
    #: Share of the central area that may hold ink on a blank page.
    max_ink_share: float = 0.00012


@dataclass(frozen=True)
class BlankMeasure:
    """What :func:`measure_blank` saw: ink share of the central area, ink marks counted, and the verdict."""

    ink_share: float
    marks: int
    blank: bool


def _gray(image: np.ndarray) -> np.ndarray:
    if image.ndim == 3:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY)
    return image


def measure_blank(gray: np.ndarray, options: BlankOptions = BlankOptions()) -> BlankMeasure:
    """Measure the ink in the central area of a page (gray or BGR ``uint8``).

    The page is scaled to a fixed width, lightly denoised (3×3 median: scanner
    grain), and compared with its own paper colour (a 31×31 dilation then blur:
    shadows and yellowed paper are background); pixels ``contrast`` levels darker
    than the paper are ink, and connected specks smaller than ``min_speck`` are
    dropped. Faint bleed-through stays under the contrast; a short line of text
    does not.
    """
    gray = _gray(gray)
    if gray.size == 0:
        return BlankMeasure(0.0, 0, True)
    height, width = gray.shape[:2]
    scale = options.work_width / max(1, width)
    small = cv2.resize(gray, (options.work_width, max(1, round(height * scale))),
                       interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    h, w = small.shape
    dy, dx = round(h * options.margin), round(w * options.margin)
    centre = small[dy:h - dy, dx:w - dx]
    if centre.size == 0:
        return BlankMeasure(0.0, 0, True)
    centre = cv2.medianBlur(centre, 3)
    paper = cv2.dilate(centre, cv2.getStructuringElement(cv2.MORPH_RECT, (31, 31)))
    paper = cv2.blur(paper, (31, 31))
    ink = (paper.astype(np.int16) - centre.astype(np.int16)) > options.contrast
    count, _, stats, _ = connected_components(ink.astype(np.uint8), 8)
    areas = stats[1:, cv2.CC_STAT_AREA] if count > 1 else np.zeros(0, dtype=np.int32)
    kept = areas[areas >= options.min_speck]
    share = float(kept.sum()) / centre.size
    return BlankMeasure(share, int(kept.size), share <= options.max_ink_share)


def is_blank(gray: np.ndarray, options: BlankOptions = BlankOptions()) -> bool:
    """Whether a page holds no writing: robust to scanner noise, border shadows and bleed-through
    (see :func:`measure_blank`)."""
    return measure_blank(gray, options).blank


# --------------------------------------------------------------------------- QR pages

def read_separator(gray: np.ndarray) -> SeparatorInfo | None:
    """The separator sheet this page is, or ``None`` (no QR code, or none of ours)."""
    for code in read_qr_codes(gray):
        info = parse_separator_payload(code.text)
        if info is not None:
            return info
    return None


def read_id_card(gray: np.ndarray) -> IdCardData | None:
    """The ID card whose QR code this page shows (a copy of a chip-based ID card), or ``None``."""
    for code in read_qr_codes(gray):
        card = parse_id_card_qr(code.text)
        if card is not None:
            return card
    return None


# --------------------------------------------------------------------------- splitting

@dataclass(frozen=True)
class PageSignal:
    """What is known of one scanned page, measured once, for :func:`split_dossier`.

    ``document_type``/``layout`` are the recognised form's (``ocr.reading.read_page``),
    ``None`` when unknown. ``title_found`` says whether the page shows its form's title
    (starts a document) — ``None`` lets the layout decide (a certificate starts one,
    a register page continues a run of register pages of the same type). ``text`` is
    the OCR text (kept on attachments). ``error`` (Vietnamese) marks a page that could
    not be read: it is kept as an attachment page.
    """

    source: str
    page_number: int
    blank: bool = False
    separator: SeparatorInfo | None = None
    id_card: IdCardData | None = None
    document_type: str | None = None
    layout: str | None = None
    title_found: bool | None = None
    qr_texts: tuple[str, ...] = field(default=(), repr=False)
    text: str = field(default="", repr=False)
    error: str | None = None

    @property
    def label(self) -> str:
        """``source#page``."""
        return f"{self.source}#{self.page_number}"

    @property
    def is_boundary(self) -> bool:
        """Whether the page only separates documents (a blank page or a separator sheet)."""
        return self.separator is not None or (self.blank and self.id_card is None and self.error is None)


def page_signal_from_codes(source: str, page_number: int, qr_texts: Sequence[str], **values) -> PageSignal:
    """A :class:`PageSignal` whose separator and ID card come from QR texts already read."""
    separator = next((info for info in map(parse_separator_payload, qr_texts) if info is not None), None)
    card = next((item for item in map(parse_id_card_qr, qr_texts) if item is not None), None)
    return PageSignal(source, page_number, separator=separator, id_card=card, qr_texts=tuple(qr_texts), **values)


#: Vietnamese names of the kinds of document.
KIND_LABELS_VI = {
    "birth_certificate": "Giấy khai sinh", "birth_register": "Sổ đăng ký khai sinh",
    "death_certificate": "Trích lục khai tử", "death_register": "Sổ đăng ký khai tử",
    "marriage_certificate": "Giấy chứng nhận kết hôn", "marriage_register": "Sổ đăng ký kết hôn",
    "id_card": "Bản sao thẻ căn cước", "attachment": "Giấy tờ khác (đính kèm)",
}


def document_kind(document_type: str | None, layout: str | None, id_card: IdCardData | None = None) -> str:
    """``birth_certificate`` … ``marriage_register``, ``id_card`` or ``attachment``."""
    if id_card is not None and document_type is None:
        return "id_card"
    if document_type in ("birth", "death", "marriage"):
        return f"{document_type}_{'register' if layout == 'register' else 'certificate'}"
    return "attachment"


@dataclass(frozen=True)
class DossierDocument:
    """One document of a dossier: its pages in scan order, kind, what started it, and its dossier.

    ``kind`` is :func:`document_kind`'s; ``started_by`` is ``start``, ``separator``,
    ``blank``, ``form`` (a recognised form's page), ``id_card`` or ``unknown`` (an
    unrecognised page after a typed document). ``separator`` is the sheet right before
    it (with only blank pages between), ``dossier_label`` the label of the last
    separator before it (``None`` before the first one).
    """

    index: int
    kind: str
    pages: tuple[PageSignal, ...]
    started_by: str
    document_type: str | None = None
    layout: str | None = None
    separator: SeparatorInfo | None = None
    dossier_label: str | None = None

    @property
    def label_vi(self) -> str:
        """The kind in Vietnamese."""
        return KIND_LABELS_VI.get(self.kind, self.kind)

    @property
    def is_attachment(self) -> bool:
        """Whether the document is of no known type (kept with its OCR text)."""
        return self.kind == "attachment"

    @property
    def id_card(self) -> IdCardData | None:
        """The ID card read on the document's pages, if any."""
        return next((page.id_card for page in self.pages if page.id_card is not None), None)

    @property
    def text(self) -> str:
        """The OCR text of every page, pages separated by a form feed."""
        return "\f".join(page.text for page in self.pages)

    @property
    def page_labels(self) -> tuple[str, ...]:
        """``source#page`` of each page."""
        return tuple(page.label for page in self.pages)


def _continues(current: list[PageSignal], kind: str, page: PageSignal) -> bool:
    """Whether ``page`` (of ``kind``) belongs to the document being built from ``current``."""
    last = current[-1]
    last_kind = document_kind(last.document_type, last.layout, last.id_card)
    if kind == "attachment":
        return last_kind == "attachment"
    if kind == "id_card":
        return last_kind == "id_card" and last.id_card == page.id_card  # the same card's other side
    if kind != last_kind:
        return False
    if page.title_found is not None:
        return not page.title_found
    return page.layout == "register"  # a certificate is one page; a register extract runs on


def split_dossier(pages: Sequence[PageSignal]) -> tuple[DossierDocument, ...]:
    """Split a bundle's pages (scan order) into typed documents; see the module's rules.

    Every page that is not a boundary (blank page, separator sheet) lands in exactly
    one document; :func:`boundary_pages` gives the others.
    """
    documents: list[DossierDocument] = []
    current: list[PageSignal] = []
    started_by = "start"
    pending_cause = "start"
    pending_separator: SeparatorInfo | None = None
    current_separator: SeparatorInfo | None = None
    dossier_label: str | None = None
    current_label: str | None = None

    def close() -> None:
        if current:
            first = current[0]
            documents.append(DossierDocument(
                len(documents), document_kind(first.document_type, first.layout, first.id_card), tuple(current),
                started_by, first.document_type, first.layout, current_separator, current_label))
            current.clear()

    for page in pages:
        if page.is_boundary:
            close()
            if page.separator is not None:
                pending_cause, pending_separator, dossier_label = "separator", page.separator, page.separator.label
            elif pending_cause != "separator":
                pending_cause = "blank"
            continue
        kind = document_kind(page.document_type, page.layout, page.id_card)
        if current and _continues(current, kind, page):
            current.append(page)
            continue
        close()
        if pending_cause == "start" and documents:
            pending_cause = {"attachment": "unknown", "id_card": "id_card"}.get(kind, "form")
        started_by, current_separator, current_label = pending_cause, pending_separator, dossier_label
        pending_cause, pending_separator = "start", None
        current.append(page)
    close()
    return tuple(documents)


def boundary_pages(pages: Sequence[PageSignal]) -> tuple[PageSignal, ...]:
    """The pages :func:`split_dossier` uses as boundaries only (blank pages, separator sheets)."""
    return tuple(page for page in pages if page.is_boundary)
