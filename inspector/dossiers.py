"""The dossier orchestrator: a scanned bundle's files in, its documents out.

Each page is measured once in a worker process of :func:`ocr.pool.map_ordered`
(the same pool, engine check and worker set-up as :mod:`inspector.recognition`):
a blank page is not read further; a page with a QR code that is a separator sheet
or a chip-based ID card copy is not OCR'd (its code says what it is); any other
page goes through :func:`ocr.reading.read_page`, whose recognised form types the
page and whose text stays with an attachment. :func:`ocr.dossier.split_dossier`
then cuts the bundle into documents, and each ID card copy is cross-checked with
the records of the typed documents of the same dossier.

Output (:func:`split_json`, :func:`split_lines`) masks ID numbers unless asked not
to; logs hold no personal data.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from inspector.errors import InputFileError, InspectorError
from inspector.recognition import PAGE_TIMEOUT_S, PageInput, check_engine, map_pages, page_inputs
from ocr.dossier import (
    DossierDocument,
    PageSignal,
    boundary_pages,
    measure_blank,
    page_signal_from_codes,
    split_dossier,
)
from ocr.engine import EngineConfig, EngineInfo, process_engine
from ocr.qr import IdCardData, Mismatch, cross_check, mask_id, parse_id_card_qr

log = logging.getLogger(__name__)

Fields = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class DossierPage:
    """One page as measured for a dossier: its signal, and the fields of each record read on it."""

    signal: PageSignal
    records: tuple[Fields, ...] = ()
    ink_share: float = 0.0
    seconds: float = 0.0


@dataclass(frozen=True)
class CardCheck:
    """An ID card copy compared with one record of another document of the same dossier."""

    card_document: int
    record_document: int
    record_index: int
    mismatches: tuple[Mismatch, ...]


@dataclass(frozen=True)
class DossierSplit:
    """The outcome of :func:`split_files`: every page measured, the documents, the cross-checks."""

    pages: tuple[DossierPage, ...]
    documents: tuple[DossierDocument, ...]
    checks: tuple[CardCheck, ...] = ()

    @property
    def failures(self) -> tuple[PageSignal, ...]:
        """Pages (or whole files, page 0) that could not be read; they are kept as attachments."""
        return tuple(page.signal for page in self.pages if page.signal.error is not None)

    @property
    def boundaries(self) -> tuple[PageSignal, ...]:
        """Blank pages and separator sheets, in scan order."""
        return boundary_pages([page.signal for page in self.pages])


# --------------------------------------------------------------------------- worker side

@dataclass(frozen=True)
class _Task:
    page: PageInput
    config: EngineConfig


def read_dossier_page(task: _Task) -> DossierPage:
    """Worker: decode one page, measure ink and QR codes, OCR it when it is neither blank nor a QR page."""
    import time

    from ocr.acquire import decode_page_image
    from ocr.qr import read_qr_codes
    from ocr.reading import read_page
    from ocr.templates import default_templates

    started = time.perf_counter()
    page = task.page
    if page.error is not None:
        return DossierPage(PageSignal(page.source, page.page_number, error=page.error.message_vi))
    try:
        image = decode_page_image(page.data)
    except InputFileError as exc:
        return DossierPage(PageSignal(page.source, page.page_number, error=exc.message_vi))
    except (OSError, ValueError, SyntaxError):  # Pillow's ways of saying "corrupt"
        return DossierPage(PageSignal(page.source, page.page_number, error="tệp ảnh bị hỏng hoặc không đọc được."))
    measure = measure_blank(image)
    if measure.blank:
        return DossierPage(PageSignal(page.source, page.page_number, blank=True), ink_share=measure.ink_share,
                           seconds=time.perf_counter() - started)
    texts = tuple(code.text for code in read_qr_codes(image))
    signal = page_signal_from_codes(page.source, page.page_number, texts)
    if signal.separator is not None or signal.id_card is not None:  # the code says what the page is
        return DossierPage(signal, ink_share=measure.ink_share, seconds=time.perf_counter() - started)
    reading = read_page(image, process_engine(task.config), templates=default_templates(), dpi_hint=page.dpi)
    records = tuple(tuple((key, value.value) for key, value in record.fields.items()) for record in reading.records)
    signal = page_signal_from_codes(page.source, page.page_number, texts, document_type=reading.document_type,
                                    layout=reading.layout, text=reading.text)
    return DossierPage(signal, records, measure.ink_share, time.perf_counter() - started)


# --------------------------------------------------------------------------- parent side

def _failed(page: PageInput, error: BaseException) -> DossierPage:
    if isinstance(error, InspectorError):
        message = error.message_vi
    else:  # a fault of ours on this page: the bundle goes on, the log keeps the kind of fault
        log.error("Dossier page failed: %s", type(error).__name__)
        message = "Lỗi khi xử lý trang."
    return DossierPage(PageSignal(page.source, page.page_number, error=message))


def read_dossier_pages(inputs: Iterable[PageInput], *, jobs: int | None = None,
                       cancelled: Callable[[], bool] | None = None, timeout_s: float | None = PAGE_TIMEOUT_S,
                       engine: EngineInfo | None = None) -> Iterator[DossierPage]:
    """Measure pages in worker processes; one :class:`DossierPage` per input, in input order, streaming."""
    engine = engine or check_engine()
    yield from map_pages(read_dossier_page, inputs, lambda page: _Task(page, engine.config), _failed,
                         engine=engine, jobs=jobs, cancelled=cancelled, timeout_s=timeout_s)


def check_cards(documents: Sequence[DossierDocument], records: dict[int, tuple[Fields, ...]]
                ) -> tuple[CardCheck, ...]:
    """Cross-check each ID card copy with the records of the typed documents of its dossier.

    A dossier is the run of documents after one separator sheet (the whole bundle when
    it has none). Only records holding the card's person (by number or name) are
    reported; ``records`` maps a document's index to its records' fields.
    """
    checks = []
    for card_doc in documents:
        card = card_doc.id_card
        if card is None or card_doc.kind != "id_card":
            continue
        for doc in documents:
            if doc.document_type is None or doc.dossier_label != card_doc.dossier_label:
                continue
            for index, fields in enumerate(records.get(doc.index, ())):
                found = cross_check(card, dict(fields), document_type=doc.document_type)
                if any(m.code == "person_not_found" for m in found):
                    continue
                checks.append(CardCheck(card_doc.index, doc.index, index, tuple(found)))
    return tuple(checks)


def split_pages(pages: Sequence[DossierPage]) -> DossierSplit:
    """Split measured pages into documents and cross-check the ID cards (pure)."""
    documents = split_dossier([page.signal for page in pages])
    by_signal = {id(page.signal): page for page in pages}
    records = {doc.index: tuple(fields for signal in doc.pages for fields in by_signal[id(signal)].records)
               for doc in documents}
    return DossierSplit(tuple(pages), documents, check_cards(documents, records))


def split_files(paths: Iterable[str | Path], *, jobs: int | None = None, recursive: bool = False,
                cancelled: Callable[[], bool] | None = None, timeout_s: float | None = PAGE_TIMEOUT_S,
                engine: EngineInfo | None = None, on_page: Callable[[DossierPage], None] | None = None
                ) -> DossierSplit:
    """Read a bundle's files (images, multi-page TIFFs, PDFs, folders) and split it into documents.

    The engine is checked first (:class:`~inspector.errors.MissingDependencyError`);
    ``on_page`` is called as each page is measured (progress).
    """
    engine = engine or check_engine()
    pages = []
    for page in read_dossier_pages(page_inputs(paths, recursive=recursive), jobs=jobs, cancelled=cancelled,
                                   timeout_s=timeout_s, engine=engine):
        pages.append(page)
        if on_page is not None:
            on_page(page)
    return split_pages(pages)


# --------------------------------------------------------------------------- output

def page_ranges(pages: Sequence[PageSignal]) -> str:
    """``a.tif#2–4, b.pdf#1``: consecutive pages of one file as a range."""
    parts: list[list] = []
    for page in pages:
        last = parts[-1] if parts else None
        if last and last[0] == page.source and last[2] + 1 == page.page_number:
            last[2] = page.page_number
        else:
            parts.append([page.source, page.page_number, page.page_number])
    return ", ".join(f"{source}#{first}" + (f"–{last}" if last != first else "") for source, first, last in parts)


def card_json(card: IdCardData, *, show_personal_data: bool = False) -> dict:
    """An ID card as JSON; ID numbers masked but for their last 3 digits unless ``show_personal_data``."""
    def number(value: str) -> str:
        return value if show_personal_data else mask_id(value)

    return {"personal_id": number(card.personal_id), "old_id": number(card.old_id), "full_name": card.full_name,
            "date_of_birth": card.date_of_birth, "sex": card.sex, "address": card.address,
            "issue_date": card.issue_date, "issues": list(card.issues)}


def _qr_texts(doc: DossierDocument, show_personal_data: bool) -> list[str]:
    texts = []
    for page in doc.pages:
        for text in page.qr_texts:
            if parse_id_card_qr(text) is not None and not show_personal_data:
                continue  # the card's fields are given, masked, under "id_card"
            texts.append(text)
    return texts


def split_json(split: DossierSplit, *, show_personal_data: bool = False) -> dict:
    """The split as one JSON object: documents, boundary pages, unread pages, cross-checks."""
    checks: dict[int, list[dict]] = {}
    for check in split.checks:
        checks.setdefault(check.card_document, []).append({
            "document": check.record_document, "record": check.record_index,
            "mismatches": [{"code": m.code, "field": m.field, "role": m.role, "message": m.message_vi}
                           for m in check.mismatches]})
    documents = []
    for doc in split.documents:
        item = {"index": doc.index, "kind": doc.kind, "label": doc.label_vi, "document_type": doc.document_type,
                "layout": doc.layout, "started_by": doc.started_by, "dossier": doc.dossier_label,
                "separator": doc.separator.payload if doc.separator else None,
                "pages": [{"source": p.source, "page": p.page_number} for p in doc.pages],
                "page_range": page_ranges(doc.pages), "qr": _qr_texts(doc, show_personal_data)}
        card = doc.id_card
        if card is not None:
            item["id_card"] = card_json(card, show_personal_data=show_personal_data)
            item["cross_checks"] = checks.get(doc.index, [])
        if doc.is_attachment:
            item["text"] = doc.text
            item["errors"] = [p.error for p in doc.pages if p.error]
        documents.append(item)
    return {"pages": len(split.pages), "documents": documents,
            "blank_pages": [{"source": p.source, "page": p.page_number} for p in split.boundaries if p.blank
                            and p.separator is None],
            "separators": [{"source": p.source, "page": p.page_number, "label": p.separator.label}
                           for p in split.boundaries if p.separator is not None]}


def split_lines(split: DossierSplit, *, show_personal_data: bool = False) -> list[str]:
    """The split as lines for a person (Vietnamese)."""
    causes = {"start": "đầu tập", "separator": "sau tờ phân cách", "blank": "sau trang trắng",
              "form": "trang có mẫu giấy tờ mới", "id_card": "bản sao thẻ căn cước", "unknown": "trang không nhận ra"}
    lines: list[str] = []
    label: str | None = None
    for doc in split.documents:
        if doc.dossier_label is not None and doc.dossier_label != label:
            label = doc.dossier_label
            lines.append(f"Hồ sơ «{label}»" if label else "Hồ sơ (tờ phân cách không ghi nhãn)")
        line = f"  {doc.index + 1}. {doc.label_vi}: {page_ranges(doc.pages)} ({causes.get(doc.started_by, '')})"
        card = doc.id_card
        if card is not None and doc.kind == "id_card":
            shown = card_json(card, show_personal_data=show_personal_data)
            line += f"; số định danh {shown['personal_id'] or '—'}, {card.full_name}, sinh {card.date_of_birth or '—'}"
        if doc.is_attachment:
            errors = sum(1 for p in doc.pages if p.error)
            line += f"; {len(doc.text.strip())} ký tự chữ nhận dạng" + (f", {errors} trang lỗi" if errors else "")
        lines.append(line)
        for check in split.checks:
            if check.card_document != doc.index:
                continue
            if not check.mismatches:
                lines.append(f"     khớp với bản ghi {check.record_index + 1} của giấy tờ {check.record_document + 1}")
            for mismatch in check.mismatches:
                lines.append(f"     giấy tờ {check.record_document + 1}: {mismatch.message_vi}")
    blanks = [p for p in split.boundaries if p.separator is None]
    separators = [p for p in split.boundaries if p.separator is not None]
    if separators:
        lines.append(f"Tờ phân cách: {page_ranges(separators)}")
    if blanks:
        lines.append(f"Trang trắng: {page_ranges(blanks)}")
    return lines


__all__ = ["CardCheck", "DossierPage", "DossierSplit", "card_json", "check_cards", "page_ranges",
           "read_dossier_page", "read_dossier_pages", "split_files", "split_json", "split_lines", "split_pages"]
