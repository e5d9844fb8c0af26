"""Exports of a book: its records as CSV, JSON, XML, the Ministry's digitisation package,
and its pages as one searchable PDF/A (:mod:`inspector.pdfa`).

Keys and order come from the data dictionary (``resources/fields.json``);
values are exported as stored (ISO dates, NFC). The Ministry package (one PDF
per record, one spreadsheet row per record, one ZIP per book) takes its
columns from ``resources/exports/moj_columns.json`` so the mapping can follow
the Ministry's list without code changes. Every export is written to a
temporary file and renamed, and is recorded in the audit log.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from inspector.domain import Book, Record
from inspector.errors import StorageError, UsageError
from inspector.progress import Progress
from inspector.record_fields import field_keys, record_fields
from inspector.resources import resource_path
from storage.workspace import WorkspaceStore

if TYPE_CHECKING:
    from inspector.pdfa import PdfaResult

FORMATS = ("csv", "json", "xml", "moj", "pdfa")
_META_COLUMNS = ("record_id", "book_number", "status", "revision")


def _atomic_write(path: Path, write: Callable[[io.BufferedWriter], None]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".export-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _book_records(store: WorkspaceStore, book: Book) -> list[Record]:
    def number_key(record: Record) -> tuple:
        digits = re.match(r"\d+", record.value("registration_number"))
        return (0, int(digits.group()), record.record_index) if digits else (1, 0, record.record_index)

    return sorted(store.records(book.id), key=number_key)


def _row(record: Record, book: Book) -> dict[str, str]:
    row = {"record_id": record.id, "book_number": book.number, "status": record.status.value,
           "revision": str(record.revision)}
    for key in field_keys(book.document_type.value):
        row[key] = record.value(key)
    return row


def export_csv(store: WorkspaceStore, book: Book, out: Path) -> int:
    """One row per record; UTF-8 with BOM so spreadsheet programs show Vietnamese right."""
    records = _book_records(store, book)
    columns = [*_META_COLUMNS, *field_keys(book.document_type.value)]

    def write(handle: io.BufferedWriter) -> None:
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        writer = csv.DictWriter(text, fieldnames=columns)
        writer.writeheader()
        for record in records:
            writer.writerow(_row(record, book))
        text.flush()
        text.detach()

    _atomic_write(out, write)
    return len(records)


def export_json(store: WorkspaceStore, book: Book, out: Path) -> int:
    """The book and its records, fields keyed per fields.md."""
    records = _book_records(store, book)
    keys = field_keys(book.document_type.value)
    document = {
        "book": {"id": book.id, "type": book.document_type.value, "number": book.number, "year": book.year,
                 "commune": book.commune},
        "records": [
            {"id": r.id, "status": r.status.value, "revision": r.revision,
             "fields": {key: r.value(key) for key in keys},
             "flagged": list(r.flagged_fields),
             "issues": [issue.to_json() for issue in r.issues]}
            for r in records
        ],
    }
    _atomic_write(out, lambda h: h.write(json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")))
    return len(records)


def export_xml(store: WorkspaceStore, book: Book, out: Path) -> int:
    """``<book><record><field key="…">value</field>…</record></book>``, UTF-8."""
    records = _book_records(store, book)
    root = ET.Element("book", {"id": book.id, "type": book.document_type.value, "number": book.number,
                               "year": str(book.year or ""), "commune": book.commune})
    specs = record_fields(book.document_type.value)
    for record in records:
        element = ET.SubElement(root, "record", {"id": record.id, "status": record.status.value,
                                                  "revision": str(record.revision)})
        for spec in specs:
            field = ET.SubElement(element, "field", {"key": spec.key, "label": spec.label_vi})
            field.text = record.value(spec.key)
    ET.indent(root)
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    _atomic_write(out, lambda h: h.write(data))
    return len(records)


def _safe_name(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z._-]+", "-", text).strip("-") or "x"


def _display_value(kind: str, value: str) -> str:
    if kind == "date" and value:
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return value


def export_moj_package(store: WorkspaceStore, book: Book, out: Path) -> int:
    """The Ministry's package for a book: a ZIP with one PDF per record and a spreadsheet row per record."""
    import img2pdf
    from openpyxl import Workbook
    from openpyxl.styles import Font

    mapping = json.loads(resource_path("exports", "moj_columns.json").read_text(encoding="utf-8"))
    columns = mapping["types"][book.document_type.value]
    kinds = {spec.key: spec.kind for spec in record_fields(book.document_type.value)}
    records = _book_records(store, book)
    book_slug = _safe_name(f"{book.document_type.value}-{book.number}")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = mapping.get("sheet_title", "Danh sách")
    sheet.append([header for header, _ in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)

    def write(handle: io.BufferedWriter) -> None:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for row_number, record in enumerate(records, start=1):
                number = record.value("registration_number") or f"{row_number:04d}"
                pdf_name = f"pdf/{book_slug}_{_safe_name(number)}.pdf"
                images = [store.page_image(store.page(page_id)) for page_id in record.page_ids]
                if images:
                    archive.writestr(pdf_name, img2pdf.convert(images), compress_type=zipfile.ZIP_STORED)
                row = []
                for _header, source in columns:
                    if source == "@row":
                        row.append(row_number)
                    elif source == "@pdf_file":
                        row.append(pdf_name if images else "")
                    elif source == "book_number":
                        row.append(record.value("book_number") or book.number)
                    else:
                        row.append(_display_value(kinds.get(source, "text"), record.value(source)))
                sheet.append(row)
            buffer = io.BytesIO()
            workbook.save(buffer)
            archive.writestr(f"{book_slug}.xlsx", buffer.getvalue())

    _atomic_write(out, write)
    return len(records)


def export_pdfa(store: WorkspaceStore, book: Book, out: Path, *, actor: str, jobs: int | None = None,
                progress: Progress | None = None) -> PdfaResult:
    """The book's pages, in page order, as one searchable PDF/A-2B at ``out`` (see :mod:`inspector.pdfa`).

    OCR runs in ``jobs`` worker processes (default: one per core); ``progress`` gets one
    update per page and may cancel. The file appears at ``out`` only when complete and
    validated; the export is recorded in the audit log.
    """
    from inspector.pdfa import write_book_pdfa

    outcome: list[PdfaResult] = []
    try:
        _atomic_write(Path(out), lambda h: outcome.append(write_book_pdfa(store, book, h, jobs=jobs,
                                                                          progress=progress)))
    except OSError as exc:
        raise StorageError("Không ghi được tệp xuất (ổ đĩa đầy hoặc không có quyền ghi).",
                           f"cannot write export: {exc.strerror}") from exc
    [result] = outcome
    store.record_event(actor, "export", "book", book.id,
                       {"format": "pdfa", "pages": result.pages,
                        "pages_without_text": list(result.pages_without_text)})
    return result


_EXPORTERS = {"csv": export_csv, "json": export_json, "xml": export_xml, "moj": export_moj_package}


def export_book(store: WorkspaceStore, book: Book, fmt: str, out: Path, *, actor: str,
                progress: Progress | None = None) -> int:
    """Export a book in one of :data:`FORMATS`; return how many records (pages, for ``pdfa``) were written."""
    if fmt == "pdfa":
        return export_pdfa(store, book, Path(out), actor=actor, progress=progress).pages
    if fmt not in _EXPORTERS:
        raise UsageError(f"Không hỗ trợ định dạng «{fmt}».", f"unsupported export format {fmt!r}")
    try:
        count = _EXPORTERS[fmt](store, book, Path(out))
    except OSError as exc:
        raise StorageError("Không ghi được tệp xuất (ổ đĩa đầy hoặc không có quyền ghi).",
                           f"cannot write export: {exc.strerror}") from exc
    store.record_event(actor, "export", "book", book.id, {"format": fmt, "records": count})
    return count
