"""Tables of the workspace database (SQLAlchemy 2 Core).

The Alembic migrations in ``storage/migrations`` create and evolve these
tables; this module describes the current head for queries. Record content
lives in ``record_revisions``, which is append-only: a change is a new row.
``records.head_revision`` only points at the newest revision, for speed.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

workspace_meta = Table(
    "workspace_meta",
    metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),
)

books = Table(
    "books",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("document_type", String(16), nullable=False),
    Column("number", String(64), nullable=False),
    Column("year", Integer),
    Column("commune", Text, nullable=False, default=""),
    Column("title", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

pages = Table(
    "pages",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("book_id", String(36), ForeignKey("books.id"), nullable=False, index=True),
    Column("page_order", Integer, nullable=False),
    Column("image_sha256", String(64), nullable=False),
    Column("media_type", String(64), nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("source_name", Text, nullable=False),
    Column("source_page", Integer, nullable=False, default=1),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("book_id", "image_sha256", name="uq_pages_book_image"),
)

records = Table(
    "records",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("book_id", String(36), ForeignKey("books.id"), nullable=False, index=True),
    Column("document_type", String(16), nullable=False),
    Column("head_revision", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

record_revisions = Table(
    "record_revisions",
    metadata,
    Column("record_id", String(36), ForeignKey("records.id"), primary_key=True),
    Column("revision", Integer, primary_key=True),
    Column("status", String(16), nullable=False),
    Column("fields_json", Text, nullable=False),
    Column("issues_json", Text, nullable=False, default="[]"),
    Column("page_ids_json", Text, nullable=False, default="[]"),
    Column("record_index", Integer, nullable=False, default=0),
    Column("region_json", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("author", Text, nullable=False),
    Column("reason", Text, nullable=False, default=""),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", String(32), nullable=False),
    Column("entity", String(16), nullable=False),
    Column("entity_id", String(64), nullable=False, index=True),
    Column("details_json", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("entry_hash", String(64), nullable=False),
)


record_signatures = Table(
    "record_signatures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_id", String(36), ForeignKey("records.id"), nullable=False, index=True),
    Column("revision", Integer, nullable=False),
    Column("payload", LargeBinary, nullable=False),  # the exact RFC 8785 bytes that were signed
    Column("signature", LargeBinary, nullable=False),  # detached CMS SignedData, DER (.p7s)
    Column("signer_fingerprint", String(64), nullable=False),
    Column("signed_at", DateTime(timezone=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("actor", Text, nullable=False),
)

audit_head_signatures = Table(
    "audit_head_signatures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("seq", Integer, nullable=False),
    Column("entry_hash", String(64), nullable=False),
    Column("payload", LargeBinary, nullable=False),
    Column("signature", LargeBinary, nullable=False),
    Column("signer_fingerprint", String(64), nullable=False),
    Column("signed_at", DateTime(timezone=True), nullable=False),
)

__all__ = ["metadata", "workspace_meta", "books", "pages", "records", "record_revisions", "audit_log"]
