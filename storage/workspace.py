"""The commune's workspace: one folder with a SQLite database and a blob store.

``WorkspaceStore`` is the only way in. It converts rows to the domain types of
:mod:`inspector.domain`; SQLAlchemy sessions and connections never leave this
module. Every write goes through one lock (one writer), commits durably
(WAL, ``synchronous=FULL``) and returns what it changed. Record content is
append-only: a change is a new revision plus an audit entry.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Iterable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import rfc8785
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, func, select, text
from sqlalchemy.exc import DBAPIError

from inspector.domain import (
    AuditEntry,
    Book,
    Changes,
    DocumentType,
    FieldValue,
    Page,
    PageStatus,
    Record,
    RecordIssue,
    RecordStatus,
    WorkspaceInfo,
)
from inspector.errors import RecordStateError, StorageError
from storage import schema
from storage.blobstore import BlobStore, sha256_hex
from storage.search_text import fts_query, search_text

log = logging.getLogger(__name__)

DB_FILENAME = "workspace.db"
BLOB_DIRNAME = "blobs"
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_GENESIS_HASH = "0" * 64


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(value: datetime | None) -> datetime | None:
    # SQLite keeps no zone: everything is written in UTC and read back as UTC.
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _new_id() -> str:
    return str(uuid.uuid4())


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _audit_hash(seq: int, at: datetime, actor: str, action: str, entity: str, entity_id: str,
                details: Mapping, prev_hash: str) -> str:
    body = {
        "seq": seq,
        "at": _utc(at).isoformat(),
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "details": details,
        "prev_hash": prev_hash,
    }
    return sha256_hex(rfc8785.dumps(body))


@dataclass(frozen=True)
class PageImport:
    """Result of storing one page: the page and whether it was already in the book."""

    page: Page
    already_present: bool


@dataclass(frozen=True)
class AuditProblem:
    """The first place where the audit chain is broken, with the reason."""

    seq: int
    reason: str
    message_vi: str


class WorkspaceStore:
    """Open workspace: database + blobs. Use :meth:`create` or :meth:`open`."""

    def __init__(self, root: Path, engine: Engine, blobs: BlobStore) -> None:
        self.root = root
        self._engine = engine
        self.blobs = blobs
        self._write_lock = threading.RLock()

    # ----------------------------------------------------------------- opening
    @classmethod
    def create(cls, root: str | Path, *, commune: str = "", actor: str = "system") -> WorkspaceStore:
        """Create a new workspace folder (or adopt an empty one) and return it open."""
        root = Path(root)
        if (root / DB_FILENAME).exists():
            raise StorageError(
                "Thư mục này đã là một thư mục làm việc.", f"A workspace already exists at {root}"
            )
        if root.exists() and any(p for p in root.iterdir() if not p.name.startswith(".")):
            raise StorageError(
                "Thư mục đã có dữ liệu khác; hãy chọn một thư mục trống.",
                f"Refusing to create a workspace in a non-empty folder {root}",
            )
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(
                "Không tạo được thư mục làm việc.", f"Cannot create {root}: {exc.strerror}"
            ) from exc
        store = cls._connect(root)
        with store._write() as conn:
            conn.execute(schema.workspace_meta.insert(), [
                {"key": "commune", "value": commune},
                {"key": "created_at", "value": _now().isoformat()},
                {"key": "workspace_id", "value": _new_id()},
            ])
            store._append_audit(conn, actor, "create_workspace", "workspace", "workspace", {})
        return store

    @classmethod
    def open(cls, root: str | Path) -> WorkspaceStore:
        """Open an existing workspace, upgrading its database schema if needed."""
        root = Path(root)
        if not (root / DB_FILENAME).is_file():
            raise StorageError(
                "Không tìm thấy thư mục làm việc (chưa khởi tạo?).",
                f"No workspace at {root}: run 'inspector init' first",
            )
        return cls._connect(root)

    @classmethod
    def _connect(cls, root: Path) -> WorkspaceStore:
        engine = create_engine(f"sqlite:///{root / DB_FILENAME}", future=True)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DB-API types
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            # FULL: a committed page survives a power cut, not only a killed process.
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=10000")
            cur.close()

        try:
            with engine.begin() as conn:
                cls._migrate(conn)
        except DBAPIError as exc:
            engine.dispose()
            raise StorageError(
                "Cơ sở dữ liệu của thư mục làm việc bị hỏng hoặc không mở được.",
                f"Cannot open workspace database: {exc.orig}",
            ) from exc
        blobs = BlobStore(root / BLOB_DIRNAME)
        blobs.remove_stray_temporaries()
        return cls(root, engine, blobs)

    @staticmethod
    def _migrate(conn: Connection) -> None:
        head = ScriptDirectory(str(_MIGRATIONS)).get_current_head()
        current = MigrationContext.configure(conn).get_current_revision()
        if current != head:
            log.info("Upgrading workspace schema %s -> %s", current, head)
            command.upgrade(_alembic_config(conn), "head")

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def __enter__(self) -> WorkspaceStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _write(self):
        with self._write_lock, self._engine.begin() as conn:
            yield conn

    @contextmanager
    def _read(self):
        with self._engine.connect() as conn:
            yield conn

    # -------------------------------------------------------------- workspace
    def info(self) -> WorkspaceInfo:
        """Return what the workspace says about itself."""
        with self._read() as conn:
            meta = dict(conn.execute(select(schema.workspace_meta.c.key, schema.workspace_meta.c.value)).all())
            revision = MigrationContext.configure(conn).get_current_revision() or ""
        return WorkspaceInfo(
            path=str(self.root),
            commune=meta.get("commune", ""),
            created_at=datetime.fromisoformat(meta["created_at"]),
            schema_revision=revision,
        )

    def integrity_check(self) -> str:
        """Run SQLite's ``PRAGMA integrity_check`` and return its verdict (``"ok"``)."""
        with self._read() as conn:
            return str(conn.execute(text("PRAGMA integrity_check")).scalar())

    # ------------------------------------------------------------------ books
    def add_book(self, document_type: DocumentType | str, number: str, *, year: int | None = None,
                 title: str = "", actor: str = "system") -> Book:
        """Create a register book (quyển) of one kind of event."""
        doc_type = DocumentType(document_type)
        number = " ".join(number.split())
        if not number:
            raise StorageError("Số quyển không được để trống.", "Book number is empty")
        book_id = _new_id()
        commune = self.info().commune
        with self._write() as conn:
            conn.execute(schema.books.insert().values(
                id=book_id, document_type=doc_type.value, number=number, year=year,
                commune=commune, title=title or f"Sổ đăng ký {doc_type.label_vi.lower()} quyển {number}",
                created_at=_now(),
            ))
            self._append_audit(conn, actor, "create_book", "book", book_id,
                               {"document_type": doc_type.value, "number": number, "year": year})
        return self.book(book_id)

    def books(self) -> list[Book]:
        """All books with their page and record counts, by type, year and number."""
        page_counts = (select(schema.pages.c.book_id, func.count().label("n"))
                       .group_by(schema.pages.c.book_id).subquery())
        record_counts = (select(schema.records.c.book_id, func.count().label("n"))
                         .group_by(schema.records.c.book_id).subquery())
        query = (
            select(schema.books, func.coalesce(page_counts.c.n, 0), func.coalesce(record_counts.c.n, 0))
            .outerjoin(page_counts, page_counts.c.book_id == schema.books.c.id)
            .outerjoin(record_counts, record_counts.c.book_id == schema.books.c.id)
            .order_by(schema.books.c.document_type, schema.books.c.year, schema.books.c.number)
        )
        with self._read() as conn:
            return [self._book_from_row(row) for row in conn.execute(query)]

    def book(self, book_id: str) -> Book:
        """One book by id."""
        for book in self.books():
            if book.id == book_id:
                return book
        raise StorageError("Không tìm thấy quyển sổ.", f"No book {book_id}")

    def find_book(self, name: str) -> Book | None:
        """Find a book by id, by number (``01/2020``) or by title."""
        wanted = " ".join(name.split()).casefold()
        for book in self.books():
            if wanted in (book.id.casefold(), book.number.casefold(), book.title.casefold()):
                return book
        return None

    @staticmethod
    def _book_from_row(row) -> Book:  # noqa: ANN001 - SQLAlchemy Row
        return Book(
            id=row.id, document_type=DocumentType(row.document_type), number=row.number, year=row.year,
            commune=row.commune, title=row.title, created_at=_utc(row.created_at),
            page_count=row[-2], record_count=row[-1],
        )

    # ------------------------------------------------------------------ pages
    def add_page(self, book_id: str, image: bytes, *, media_type: str, width: int, height: int,
                 source_name: str, source_page: int = 1, actor: str = "system") -> PageImport:
        """Store one page image in a book, durably, and return it.

        The blob is written and synced before the row is committed, so a page
        the database lists always has its image. The same image imported twice
        into one book is recognised and not duplicated.
        """
        digest = self.blobs.put(image)
        with self._write() as conn:
            existing = conn.execute(
                select(schema.pages).where(schema.pages.c.book_id == book_id,
                                           schema.pages.c.image_sha256 == digest)
            ).first()
            if existing is not None:
                return PageImport(self._page_from_row(existing), already_present=True)
            if conn.execute(select(schema.books.c.id).where(schema.books.c.id == book_id)).first() is None:
                raise StorageError("Không tìm thấy quyển sổ.", f"No book {book_id}")
            order = conn.execute(
                select(func.coalesce(func.max(schema.pages.c.page_order), 0)).where(
                    schema.pages.c.book_id == book_id)
            ).scalar_one() + 1
            page_id = _new_id()
            conn.execute(schema.pages.insert().values(
                id=page_id, book_id=book_id, page_order=order, image_sha256=digest, media_type=media_type,
                width=width, height=height, source_name=source_name, source_page=source_page,
                imported_at=_now(),
            ))
            self._append_audit(conn, actor, "import_page", "page", page_id,
                               {"book_id": book_id, "image_sha256": digest, "source_page": source_page})
            row = conn.execute(select(schema.pages).where(schema.pages.c.id == page_id)).one()
        return PageImport(self._page_from_row(row), already_present=False)

    def pages(self, book_id: str | None = None) -> list[Page]:
        """Pages of one book (or all), in book order, each with its status badge."""
        query = select(schema.pages).order_by(schema.pages.c.book_id, schema.pages.c.page_order)
        if book_id is not None:
            query = query.where(schema.pages.c.book_id == book_id)
        with self._read() as conn:
            rows = conn.execute(query).all()
        statuses = self._page_statuses(book_id)
        return [self._page_from_row(row, statuses.get(row.id, PageStatus.UNREAD)) for row in rows]

    def page(self, page_id: str) -> Page:
        """One page by id."""
        with self._read() as conn:
            row = conn.execute(select(schema.pages).where(schema.pages.c.id == page_id)).first()
        if row is None:
            raise StorageError("Không tìm thấy trang.", f"No page {page_id}")
        return self._page_from_row(row, self._page_statuses(row.book_id).get(page_id, PageStatus.UNREAD))

    def page_image(self, page: Page) -> bytes:
        """The stored image bytes of a page, checked against its digest."""
        return self.blobs.get(page.image_sha256)

    def _page_statuses(self, book_id: str | None) -> dict[str, PageStatus]:
        # A page's badge is the least advanced state of the records read from it.
        rank = [PageStatus.NEEDS_REVIEW, PageStatus.VERIFIED, PageStatus.SIGNED, PageStatus.SYNCED]
        by_status = {RecordStatus.VERIFIED: PageStatus.VERIFIED, RecordStatus.SIGNED: PageStatus.SIGNED,
                     RecordStatus.SYNCED: PageStatus.SYNCED, RecordStatus.DRAFT: PageStatus.NEEDS_REVIEW}
        result: dict[str, PageStatus] = {}
        for record in self.records(book_id):
            badge = by_status[record.status]
            for page_id in record.page_ids:
                current = result.get(page_id)
                if current is None or rank.index(badge) < rank.index(current):
                    result[page_id] = badge
        return result

    @staticmethod
    def _page_from_row(row, status: PageStatus = PageStatus.UNREAD) -> Page:  # noqa: ANN001
        return Page(
            id=row.id, book_id=row.book_id, order=row.page_order, image_sha256=row.image_sha256,
            media_type=row.media_type, width=row.width, height=row.height, source_name=row.source_name,
            source_page=row.source_page, imported_at=_utc(row.imported_at), status=status,
        )

    # ---------------------------------------------------------------- records
    def add_record(self, book_id: str, document_type: DocumentType | str, fields: Mapping[str, FieldValue],
                   *, page_ids: Sequence[str] = (), record_index: int = 0,
                   region: Sequence[int] | None = None, issues: Iterable[RecordIssue] = (),
                   actor: str = "system", reason: str = "recognised") -> Record:
        """Store a new draft record (revision 1)."""
        record_id = _new_id()
        now = _now()
        with self._write() as conn:
            conn.execute(schema.records.insert().values(
                id=record_id, book_id=book_id, document_type=DocumentType(document_type).value,
                head_revision=1, created_at=now,
            ))
            self._insert_revision(conn, record_id, 1, RecordStatus.DRAFT, fields, issues, page_ids,
                                  record_index, region, now, actor, reason)
            self._index_record(conn, record_id, fields)
            self._append_audit(conn, actor, "create_record", "record", record_id,
                               {"book_id": book_id, "revision": 1, "reason": reason})
        return self.record(record_id)

    def revise_record(self, record_id: str, *, actor: str, field_changes: Mapping[str, FieldValue] | None = None,
                      status: RecordStatus | None = None, issues: Iterable[RecordIssue] | None = None,
                      reason: str = "") -> tuple[Record, Changes]:
        """Make a new revision of a record with some fields and/or its status changed.

        Changing a field of a verified or signed record returns it to draft: it
        must be checked (and signed) again. The audit entry records each field's
        old and new value.
        """
        field_changes = dict(field_changes or {})
        with self._write() as conn:
            current = self._load_record(conn, record_id)
            new_fields = dict(current.fields)
            changed: dict[str, dict] = {}
            for key, new_value in field_changes.items():
                old = current.fields.get(key)
                if old != new_value:
                    changed[key] = {"old": old.value if old else None, "new": new_value.value}
                    new_fields[key] = new_value
            new_status = status or current.status
            if changed and status is None and current.status is not RecordStatus.DRAFT:
                new_status = RecordStatus.DRAFT
            new_issues = tuple(issues) if issues is not None else current.issues
            if not changed and new_status == current.status and new_issues == current.issues:
                return current, Changes()
            revision = current.revision + 1
            self._insert_revision(conn, record_id, revision, new_status, new_fields, new_issues,
                                  current.page_ids, current.record_index, current.region, _now(), actor, reason)
            conn.execute(schema.records.update().where(schema.records.c.id == record_id)
                         .values(head_revision=revision))
            if changed:
                self._index_record(conn, record_id, new_fields)
            details: dict = {"revision": revision}
            if changed:
                details["fields"] = changed
            if new_status != current.status:
                details["status"] = {"old": current.status.value, "new": new_status.value}
            if reason:
                details["reason"] = reason
            action = "correct_record" if changed else f"set_status_{new_status.value}"
            self._append_audit(conn, actor, action, "record", record_id, details)
            record = self._load_record(conn, record_id)
        return record, Changes(records=(record_id,), pages=record.page_ids, books=(record.book_id,))

    def set_record_status(self, record_id: str, status: RecordStatus, *, actor: str, reason: str = "") -> Record:
        """Move a record along draft → verified → signed → synced (a new revision)."""
        allowed = {
            RecordStatus.DRAFT: {RecordStatus.VERIFIED},
            RecordStatus.VERIFIED: {RecordStatus.SIGNED, RecordStatus.DRAFT},
            RecordStatus.SIGNED: {RecordStatus.SYNCED, RecordStatus.DRAFT},
            RecordStatus.SYNCED: {RecordStatus.DRAFT},
        }
        current = self.record(record_id)
        if status == current.status:
            return current
        if status not in allowed[current.status]:
            raise RecordStateError(
                f"Không thể chuyển bản ghi từ trạng thái «{current.status.label_vi}» "
                f"sang «{status.label_vi}».",
                f"Record cannot go from {current.status.value} to {status.value}",
            )
        record, _ = self.revise_record(record_id, actor=actor, status=status, reason=reason)
        return record

    def record(self, record_id: str, revision: int | None = None) -> Record:
        """A record at its newest revision (or at ``revision``)."""
        with self._read() as conn:
            return self._load_record(conn, record_id, revision)

    def records(self, book_id: str | None = None) -> list[Record]:
        """Records at their newest revision, of one book or all, by book then page order."""
        query = (
            select(schema.records.c.id, schema.records.c.book_id, schema.records.c.document_type,
                   schema.record_revisions)
            .join(schema.record_revisions, (schema.record_revisions.c.record_id == schema.records.c.id)
                  & (schema.record_revisions.c.revision == schema.records.c.head_revision))
            .order_by(schema.records.c.book_id, schema.records.c.created_at,
                      schema.record_revisions.c.record_index)
        )
        if book_id is not None:
            query = query.where(schema.records.c.book_id == book_id)
        with self._read() as conn:
            return [self._record_from_row(row) for row in conn.execute(query)]

    def record_history(self, record_id: str) -> list[Record]:
        """Every revision of a record, oldest first."""
        with self._read() as conn:
            head = conn.execute(select(schema.records.c.head_revision)
                                .where(schema.records.c.id == record_id)).scalar()
            if head is None:
                raise StorageError("Không tìm thấy bản ghi.", f"No record {record_id}")
            return [self._load_record(conn, record_id, rev) for rev in range(1, head + 1)]

    def search_records(self, query: str, *, limit: int = 100, book_id: str | None = None) -> list[Record]:
        """Records matching what a person typed, ignoring diacritics (``nguyen van duc`` finds ``Nguyễn Văn Đức``).

        Whole-phrase matches come first, then records holding every word (the
        last word as a prefix). Names, dates (``26/02/2003``), IDs and places are indexed.
        """
        phrase, words = fts_query(query)
        if words is None:
            return []
        found: list[str] = []
        with self._read() as conn:
            for fts in (phrase, words):
                if fts is None or len(found) >= limit:
                    continue
                sql = ("SELECT r.id FROM record_search s JOIN records r ON r.rowid = s.rowid "
                       "WHERE record_search MATCH :q")
                params: dict = {"q": fts, "n": limit + len(found)}
                if book_id is not None:
                    sql += " AND r.book_id = :book"
                    params["book"] = book_id
                for (record_id,) in conn.execute(text(sql + " LIMIT :n"), params):
                    if record_id not in found:
                        found.append(record_id)
            return self._load_records(conn, found[:limit])

    def _index_record(self, conn: Connection, record_id: str, fields: Mapping[str, FieldValue]) -> None:
        rowid = conn.execute(text("SELECT rowid FROM records WHERE id = :id"), {"id": record_id}).scalar_one()
        conn.execute(text("DELETE FROM record_search WHERE rowid = :rid"), {"rid": rowid})
        conn.execute(text("INSERT INTO record_search(rowid, content) VALUES (:rid, :content)"),
                     {"rid": rowid, "content": search_text(v.value for v in fields.values())})

    def _insert_revision(self, conn: Connection, record_id: str, revision: int, status: RecordStatus,
                         fields: Mapping[str, FieldValue], issues: Iterable[RecordIssue],
                         page_ids: Sequence[str], record_index: int, region: Sequence[int] | None,
                         at: datetime, actor: str, reason: str) -> None:
        conn.execute(schema.record_revisions.insert().values(
            record_id=record_id, revision=revision, status=status.value,
            fields_json=json.dumps({k: v.to_json() for k, v in fields.items()}, ensure_ascii=False),
            issues_json=json.dumps([i.to_json() for i in issues], ensure_ascii=False),
            page_ids_json=json.dumps(list(page_ids)), record_index=record_index,
            region_json=json.dumps(list(region)) if region is not None else None,
            created_at=at, author=actor, reason=reason,
        ))

    def _load_records(self, conn: Connection, record_ids: Sequence[str]) -> list[Record]:
        """Head revisions of several records in one query, in the order given."""
        if not record_ids:
            return []
        query = (
            select(schema.records.c.id, schema.records.c.book_id, schema.records.c.document_type,
                   schema.record_revisions)
            .join(schema.record_revisions, (schema.record_revisions.c.record_id == schema.records.c.id)
                  & (schema.record_revisions.c.revision == schema.records.c.head_revision))
            .where(schema.records.c.id.in_(list(record_ids)))
        )
        by_id = {row.id: self._record_from_row(row) for row in conn.execute(query)}
        return [by_id[record_id] for record_id in record_ids if record_id in by_id]

    def _load_record(self, conn: Connection, record_id: str, revision: int | None = None) -> Record:
        query = (
            select(schema.records.c.id, schema.records.c.book_id, schema.records.c.document_type,
                   schema.record_revisions)
            .join(schema.record_revisions, schema.record_revisions.c.record_id == schema.records.c.id)
            .where(schema.records.c.id == record_id)
        )
        if revision is None:
            query = query.where(schema.record_revisions.c.revision == schema.records.c.head_revision)
        else:
            query = query.where(schema.record_revisions.c.revision == revision)
        row = conn.execute(query).first()
        if row is None:
            raise StorageError("Không tìm thấy bản ghi.", f"No record {record_id} revision {revision}")
        return self._record_from_row(row)

    @staticmethod
    def _record_from_row(row) -> Record:  # noqa: ANN001
        fields = {k: FieldValue.from_json(v) for k, v in json.loads(row.fields_json).items()}
        issues = tuple(RecordIssue(code=i["code"], fields=tuple(i["fields"]), message=i["message"])
                       for i in json.loads(row.issues_json))
        region = json.loads(row.region_json) if row.region_json else None
        return Record(
            id=row.id, book_id=row.book_id, document_type=DocumentType(row.document_type), fields=fields,
            status=RecordStatus(row.status), revision=row.revision,
            page_ids=tuple(json.loads(row.page_ids_json)), record_index=row.record_index,
            region=tuple(region) if region else None, issues=issues, updated_at=_utc(row.created_at),
            updated_by=row.author,
        )

    # ------------------------------------------------------------------ audit
    def record_event(self, actor: str, action: str, entity: str, entity_id: str,
                     details: Mapping | None = None) -> AuditEntry:
        """Append an event that changes no table (an export, a login) to the audit log."""
        with self._write() as conn:
            return self._append_audit(conn, actor, action, entity, entity_id, dict(details or {}))

    def _append_audit(self, conn: Connection, actor: str, action: str, entity: str, entity_id: str,
                      details: Mapping) -> AuditEntry:
        last = conn.execute(select(schema.audit_log.c.seq, schema.audit_log.c.entry_hash)
                            .order_by(schema.audit_log.c.seq.desc()).limit(1)).first()
        seq = (last.seq + 1) if last else 1
        prev_hash = last.entry_hash if last else _GENESIS_HASH
        at = _now()
        entry_hash = _audit_hash(seq, at, actor, action, entity, entity_id, details, prev_hash)
        conn.execute(schema.audit_log.insert().values(
            seq=seq, at=at, actor=actor, action=action, entity=entity, entity_id=entity_id,
            details_json=json.dumps(details, ensure_ascii=False), prev_hash=prev_hash, entry_hash=entry_hash,
        ))
        return AuditEntry(seq, at, actor, action, entity, entity_id, details, prev_hash, entry_hash)

    def audit_entries(self, entity_id: str | None = None) -> list[AuditEntry]:
        """Audit entries in order, all or those about one entity."""
        query = select(schema.audit_log).order_by(schema.audit_log.c.seq)
        if entity_id is not None:
            query = query.where(schema.audit_log.c.entity_id == entity_id)
        with self._read() as conn:
            return [
                AuditEntry(row.seq, _utc(row.at), row.actor, row.action, row.entity, row.entity_id,
                           json.loads(row.details_json), row.prev_hash, row.entry_hash)
                for row in conn.execute(query)
            ]

    def verify_audit_chain(self) -> AuditProblem | None:
        """Check the hash chain of the audit log; return the first problem, or None."""
        expected_prev = _GENESIS_HASH
        expected_seq = 1
        for entry in self.audit_entries():
            if entry.seq != expected_seq:
                return AuditProblem(expected_seq, "missing",
                                    f"Thiếu mục nhật ký số {expected_seq} (đã bị xoá).")
            if entry.prev_hash != expected_prev:
                return AuditProblem(entry.seq, "chain_broken",
                                    f"Mục nhật ký số {entry.seq} không nối với mục trước (chuỗi bị cắt).")
            recomputed = _audit_hash(entry.seq, entry.at, entry.actor, entry.action, entry.entity,
                                     entry.entity_id, dict(entry.details), entry.prev_hash)
            if recomputed != entry.entry_hash:
                return AuditProblem(entry.seq, "edited",
                                    f"Mục nhật ký số {entry.seq} đã bị sửa sau khi ghi.")
            expected_prev = entry.entry_hash
            expected_seq += 1
        return None
