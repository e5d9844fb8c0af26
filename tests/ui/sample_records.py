"""Workspaces with recognised records for the GUI tests and the screenshots.

Records are built from the ground truth of a shipped sample page (its values
and boxes), with a few fields read wrong and flagged the way recognition
flags them, so the verification view has something real to show.

``python -m tests.ui.sample_records WORKSPACE`` builds such a workspace (when
``inspector demo`` has stored no records yet).
"""

from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from inspector.domain import Book, FieldValue, Page, Record
from inspector.resources import resource_path
from storage.workspace import WorkspaceStore

# Names of the further records of a demo book (made up, like every sample).
OTHER_NAMES = ("TRẦN THỊ MAI", "LÊ VĂN HÙNG", "PHẠM MINH KHANG", "HOÀNG THỊ LAN", "VŨ ĐỨC ANH", "ĐỖ THỊ HẠNH")

# What recognition got wrong on the samples (value read, confidence): flagged fields.
MISREAD = {
    "full_name": ("NGUYEN NHẬT THIÊN", 0.62),
    "personal_id": ("062224O07000", 0.55),
    "date_of_birth_in_words": (None, 0.71),
}


@dataclass(frozen=True)
class SampleBook:
    """A book made from samples: the book, its pages and its records."""

    book: Book
    pages: tuple[Page, ...]
    records: tuple[Record, ...]


def sample_truth(name: str) -> dict:
    """The ground truth of ``resources/samples/<name>.json``."""
    return json.loads(resource_path("samples", f"{name}.json").read_text(encoding="utf-8"))


def add_sample_page(store: WorkspaceStore, book: Book, name: str, *, actor: str = "test") -> Page:
    """Store the sample image ``name`` as a page of ``book``."""
    data = resource_path("samples", f"{name}.jpg").read_bytes()
    width, height = Image.open(io.BytesIO(data)).size
    return store.add_page(
        book.id, data, media_type="image/jpeg", width=width, height=height, source_name=f"{name}.jpg", actor=actor
    ).page


def truth_fields(truth_record: dict, page: Page, *, misread: dict | None = None) -> dict[str, FieldValue]:
    """FieldValues of one ground-truth record, with the ``misread`` ones wrong and flagged."""
    misread = MISREAD if misread is None else misread
    fields = {}
    for key, value in truth_record["fields"].items():
        box = (truth_record.get("field_boxes") or {}).get(key)
        bbox = tuple(box) if box else None
        if key in misread:
            wrong, confidence, *why = misread[key]  # (value or None for the true one, confidence[, reasons])
            fields[key] = FieldValue(
                value if wrong is None else wrong, confidence, True, bbox, page.id if bbox else None,
                reasons=tuple(why[0]) if why else (),
            )
        else:
            fields[key] = FieldValue(value, 0.97, False, bbox, page.id if bbox else None)
    return fields


def add_sample_records(
    store: WorkspaceStore, book: Book, page: Page, name: str, *, misread: dict | None = None, actor: str = "test"
) -> list[Record]:
    """Draft records of every ground-truth record of sample ``name`` on ``page``."""
    records = []
    for truth_page in sample_truth(name)["pages"]:
        for truth in truth_page["records"]:
            records.append(
                store.add_record(
                    book.id,
                    book.document_type,
                    truth_fields(truth, page, misread=misread),
                    page_ids=(page.id,),
                    record_index=truth["record_index"],
                    region=truth.get("region"),
                    actor=actor,
                )
            )
    return records


def numbered_copies(
    store: WorkspaceStore, book: Book, template: Record, numbers: list[str], *, actor: str = "test"
) -> list[Record]:
    """More records like ``template`` with other registration numbers (all fields checked), for the book table."""
    copies = []
    for index, number in enumerate(numbers):
        fields = {k: FieldValue(v.value, 0.98, False, v.bbox, v.page_id) for k, v in template.fields.items()}
        fields["registration_number"] = FieldValue(number, 0.99, False, None, None)
        fields["full_name"] = FieldValue(OTHER_NAMES[index % len(OTHER_NAMES)], 0.98, False, None, None)
        copies.append(
            store.add_record(
                book.id, book.document_type, fields, page_ids=template.page_ids, record_index=index + 1, actor=actor
            )
        )
    return copies


def build_birth_book(store: WorkspaceStore, *, actor: str = "test") -> SampleBook:
    """A birth book: the register sample page with its record (three fields flagged) and a run of numbers
    around it with one missing (344) and one used twice (347)."""
    book = store.add_book("birth", "01/2024", year=2024, actor=actor)
    page = add_sample_page(store, book, "khai-sinh-so-scan", actor=actor)
    records = add_sample_records(store, book, page, "khai-sinh-so-scan", actor=actor)
    records += numbered_copies(store, book, records[0], ["341", "342", "343", "345", "347", "347"], actor=actor)
    return SampleBook(book, (page,), tuple(records))


def build_workspace(root: Path, *, actor: str = "test") -> Path:
    """A workspace with a birth book (see :func:`build_birth_book`) and a death book from the samples."""
    with WorkspaceStore.create(root, commune="Xã Mẫu (trình diễn)", actor=actor) as store:
        build_birth_book(store, actor=actor)
        death = store.add_book("death", "01/2024", year=2024, actor=actor)
        page = add_sample_page(store, death, "khai-tu-so-clean", actor=actor)
        add_sample_records(store, death, page, "khai-tu-so-clean", misread={"cause_of_death": (None, 0.66)},
                           actor=actor)
    return root


if __name__ == "__main__":
    print(build_workspace(Path(sys.argv[1])))
