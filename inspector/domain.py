"""Domain types: workspace, book, page, record, field value, audit entry.

Frozen dataclasses; a change makes a new value (and, for records, a new
revision in storage). A kernel module: imports nothing from the project so
``storage`` repositories can return these types (an exception listed by name
in the import-linter contracts).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

#: ``[x, y, width, height]`` in pixels of the original page image.
BBox = tuple[int, int, int, int]


class DocumentType(enum.StrEnum):
    """Kinds of civil-status event (one register book per kind)."""

    BIRTH = "birth"
    DEATH = "death"
    MARRIAGE = "marriage"

    @property
    def label_vi(self) -> str:
        """Vietnamese name of the kind, as on the register's cover."""
        return {"birth": "Khai sinh", "death": "Khai tử", "marriage": "Kết hôn"}[self.value]


class RecordStatus(enum.StrEnum):
    """Lifecycle of a record: draft → verified → signed → synced.

    A correction after verification makes a new draft revision.
    """

    DRAFT = "draft"
    VERIFIED = "verified"
    SIGNED = "signed"
    SYNCED = "synced"

    @property
    def label_vi(self) -> str:
        """Vietnamese label shown in badges and tables."""
        return {
            "draft": "Chưa kiểm tra",
            "verified": "Đã kiểm tra",
            "signed": "Đã ký",
            "synced": "Đã đồng bộ",
        }[self.value]


class PageStatus(enum.StrEnum):
    """A page's badge in the navigator, derived from its records."""

    UNREAD = "unread"
    NEEDS_REVIEW = "needs_review"
    VERIFIED = "verified"
    SIGNED = "signed"
    SYNCED = "synced"


def _frozen_mapping(value: Mapping) -> Mapping:
    return MappingProxyType(dict(value))


@dataclass(frozen=True)
class WorkspaceInfo:
    """A commune's workspace: one folder with its database and page images."""

    path: str
    commune: str
    created_at: datetime
    schema_revision: str


@dataclass(frozen=True)
class Book:
    """A register book (quyển): one kind of event, a number and a year, in one commune."""

    id: str
    document_type: DocumentType
    number: str
    year: int | None
    commune: str
    title: str
    created_at: datetime
    page_count: int = 0
    record_count: int = 0


@dataclass(frozen=True)
class Page:
    """One page image in a book; the image itself is a blob named by its SHA-256."""

    id: str
    book_id: str
    order: int
    image_sha256: str
    media_type: str
    width: int
    height: int
    source_name: str
    source_page: int
    imported_at: datetime
    status: PageStatus = PageStatus.UNREAD


@dataclass(frozen=True)
class FieldValue:
    """One field of a record as read and checked.

    ``needs_review`` is the program's promise: a field it does not flag is right.
    """

    value: str
    confidence: float = 1.0
    needs_review: bool = False
    bbox: BBox | None = None
    page_id: str | None = None
    #: Why the field is flagged (or trusted): stable codes from recognition, e.g. ``low_confidence``.
    reasons: tuple[str, ...] = ()
    #: What OCR read before normalisation (``""`` when typed by a person or not known).
    raw: str = ""

    def to_json(self) -> dict:
        """Return the JSON form used in storage and exports.

        ``reasons`` and ``raw`` appear only when set, so values without them keep the
        form stored before they existed.
        """
        data = {
            "value": self.value,
            "confidence": round(float(self.confidence), 4),
            "needs_review": bool(self.needs_review),
            "bbox": list(self.bbox) if self.bbox is not None else None,
            "page_id": self.page_id,
        }
        if self.reasons:
            data["reasons"] = list(self.reasons)
        if self.raw:
            data["raw"] = self.raw
        return data

    @classmethod
    def from_json(cls, data: Mapping) -> FieldValue:
        """Build a value from :meth:`to_json` output."""
        bbox = data.get("bbox")
        return cls(
            value=str(data.get("value", "")),
            confidence=float(data.get("confidence", 1.0)),
            needs_review=bool(data.get("needs_review", False)),
            bbox=tuple(int(v) for v in bbox) if bbox else None,
            page_id=data.get("page_id"),
            reasons=tuple(str(code) for code in data.get("reasons") or ()),
            raw=str(data.get("raw") or ""),
        )


@dataclass(frozen=True)
class RecordIssue:
    """A rule a record fails, with a stable code and a Vietnamese message."""

    code: str
    fields: tuple[str, ...]
    message: str

    def to_json(self) -> dict:
        """Return the JSON form of the extraction contract."""
        return {"code": self.code, "fields": list(self.fields), "message": self.message}


@dataclass(frozen=True)
class Record:
    """One civil-status record at one revision."""

    id: str
    book_id: str
    document_type: DocumentType
    fields: Mapping[str, FieldValue]
    status: RecordStatus
    revision: int
    page_ids: tuple[str, ...] = ()
    record_index: int = 0
    region: BBox | None = None
    issues: tuple[RecordIssue, ...] = ()
    updated_at: datetime | None = None
    updated_by: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", _frozen_mapping(self.fields))

    @property
    def flagged_fields(self) -> tuple[str, ...]:
        """Keys of the fields the officer must look at."""
        return tuple(key for key, fv in self.fields.items() if fv.needs_review)

    def value(self, key: str) -> str:
        """The value of one field, or ``""`` when the record has no such field."""
        fv = self.fields.get(key)
        return fv.value if fv else ""


@dataclass(frozen=True)
class AuditEntry:
    """One event in the workspace's append-only, hash-chained audit log."""

    seq: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    details: Mapping = field(default_factory=dict)
    prev_hash: str = ""
    entry_hash: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "details", _frozen_mapping(self.details))


@dataclass(frozen=True)
class Changes:
    """What a write changed, so views refresh only what they must (Anki's OpChanges)."""

    books: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()
    records: tuple[str, ...] = ()
