"""The commune's workspace: one folder with a SQLite database and a blob store.

``WorkspaceStore`` is the only way in. It converts rows to the domain types of
:mod:`inspector.domain`; SQLAlchemy sessions and connections never leave this
module. Every write goes through one lock (one writer), commits durably
(WAL, ``synchronous=FULL``) and returns what it changed. Record content is
append-only: a change is a new revision plus an audit entry.

A workspace created with a passphrase is encrypted at rest (see
:mod:`storage.crypto`): the database through SQLCipher, page images with
AES-GCM under keyed file names. Opening it needs the passphrase; without one
it stays plain, as before.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
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
from sqlalchemy.pool import QueuePool

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
from inspector.errors import MissingDependencyError, RecordStateError, StorageError, WorkspaceLockedError
from storage import schema
from storage.blobstore import BlobStore, sha256_hex
from storage.crypto import (
    KEYFILE_NAME,
    WorkspaceKeys,
    change_keyfile_passphrase,
    create_keyfile,
    unlock_keyfile,
)
from storage.search_text import fts_query, search_text

log = logging.getLogger(__name__)

DB_FILENAME = "workspace.db"
#: The audit action written when recognition has read a page (whether or not it found records).
READ_PAGE_ACTION = "read_page"
BLOB_DIRNAME = "blobs"
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_GENESIS_HASH = "0" * 64
_SQLITE_MAGIC = b"SQLite format 3\x00"
# Files of an in-place encryption, present only while one runs (or after it crashed).
_STAGED_KEYFILE = KEYFILE_NAME + ".new"
_STAGED_DB = DB_FILENAME + ".encrypting"
_ENCRYPTING_MARKER = ".encrypting"


def _sqlcipher():  # noqa: ANN202 - the sqlcipher3 module
    try:
        import sqlcipher3
    except ImportError as exc:
        raise MissingDependencyError(
            "Thiếu thư viện SQLCipher (sqlcipher3) để mở thư mục làm việc đã mã hoá.",
            "sqlcipher3 is not installed",
        ) from exc
    return sqlcipher3


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
class NewRecord:
    """A draft record to store (see :meth:`WorkspaceStore.add_page_reading`)."""

    document_type: DocumentType | str
    fields: Mapping[str, FieldValue]
    page_ids: Sequence[str] = ()
    record_index: int = 0
    region: Sequence[int] | None = None
    issues: Sequence[RecordIssue] = ()


@dataclass(frozen=True)
class AuditProblem:
    """The first place where the audit chain is broken, with the reason."""

    seq: int
    reason: str
    message_vi: str


class WorkspaceStore:
    """Open workspace: database + blobs. Use :meth:`create` or :meth:`open`."""

    def __init__(self, root: Path, engine: Engine, blobs: BlobStore, *, encrypted: bool = False) -> None:
        self.root = root
        self._engine = engine
        self.blobs = blobs
        self.encrypted = encrypted
        self._write_lock = threading.RLock()

    # ----------------------------------------------------------------- opening
    @classmethod
    def create(cls, root: str | Path, *, commune: str = "", actor: str = "system",
               passphrase: str | bytes | None = None) -> WorkspaceStore:
        """Create a new workspace folder (or adopt an empty one) and return it open.

        With a ``passphrase`` (at least 8 characters) the workspace is encrypted
        at rest and every later :meth:`open` needs the same passphrase.
        """
        root = Path(root)
        if (root / DB_FILENAME).exists():
            raise StorageError(
                "Thư mục này đã là một thư mục làm việc.", f"A workspace already exists at {root}"
            )
        # A key file without a database is what a crash during an earlier create leaves.
        if root.exists() and any(p for p in root.iterdir()
                                 if not p.name.startswith(".") and p.name != KEYFILE_NAME):
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
        if passphrase is None:
            (root / KEYFILE_NAME).unlink(missing_ok=True)  # a stale one would mark a plain workspace locked
        keys = create_keyfile(root / KEYFILE_NAME, passphrase) if passphrase is not None else None
        store = cls._connect(root, keys)
        with store._write() as conn:
            conn.execute(schema.workspace_meta.insert(), [
                {"key": "commune", "value": commune},
                {"key": "created_at", "value": _now().isoformat()},
                {"key": "workspace_id", "value": _new_id()},
            ])
            store._append_audit(conn, actor, "create_workspace", "workspace", "workspace", {})
        return store

    @classmethod
    def open(cls, root: str | Path, *, passphrase: str | bytes | None = None) -> WorkspaceStore:
        """Open an existing workspace, upgrading its database schema if needed.

        An encrypted workspace needs its ``passphrase``: without one, or with a
        wrong one, :class:`~inspector.errors.WorkspaceLockedError` is raised. A
        plain workspace ignores the passphrase.
        """
        root = Path(root)
        if not (root / DB_FILENAME).is_file():
            raise StorageError(
                "Không tìm thấy thư mục làm việc (chưa khởi tạo?).",
                f"No workspace at {root}: run 'inspector init' first",
            )
        cls._finish_interrupted_encryption(root)
        keys = None
        if cls.is_encrypted(root):
            if passphrase is None:
                raise WorkspaceLockedError(
                    "Thư mục làm việc này đã được mã hoá; cần mật khẩu để mở.",
                    "The workspace is encrypted and no passphrase was given",
                )
            keys = unlock_keyfile(root / KEYFILE_NAME, passphrase)
        elif passphrase is not None:
            log.info("Workspace is not encrypted; the passphrase given is not used")
        return cls._connect(root, keys)

    @staticmethod
    def is_encrypted(root: str | Path) -> bool:
        """Whether the workspace at ``root`` is encrypted (needs a passphrase to open)."""
        root = Path(root)
        if (root / KEYFILE_NAME).exists():
            return True
        try:
            with open(root / DB_FILENAME, "rb") as handle:
                head = handle.read(len(_SQLITE_MAGIC))
        except OSError:
            return False
        # A database that is not plain SQLite but has lost its key file: still encrypted.
        return len(head) == len(_SQLITE_MAGIC) and head != _SQLITE_MAGIC

    @classmethod
    def encrypt_existing(cls, root: str | Path, passphrase: str | bytes) -> None:
        """Encrypt a plain workspace in place (it must not be open elsewhere).

        The database is exported through SQLCipher and each page image sealed
        under its keyed name; only when all of it is staged are the files
        swapped and the plain ones deleted. A crash at any point leaves a
        workspace that opens, plain or encrypted (see :meth:`open`). Deleted
        plain files may still be recoverable from the disk itself.
        """
        root = Path(root)
        if not (root / DB_FILENAME).is_file():
            raise StorageError("Không tìm thấy thư mục làm việc (chưa khởi tạo?).", f"No workspace at {root}")
        cls._finish_interrupted_encryption(root)
        if cls.is_encrypted(root):
            raise StorageError("Thư mục làm việc này đã được mã hoá.", "The workspace is already encrypted")
        staged_keys, staged_db = root / _STAGED_KEYFILE, root / _STAGED_DB
        sealed_paths: list[Path] = []
        try:
            keys = create_keyfile(staged_keys, passphrase)
            cls._export_encrypted(root, staged_db, keys)
            plain = BlobStore(root / BLOB_DIRNAME)
            cipher = keys.blob_cipher()
            sealed = BlobStore(root / BLOB_DIRNAME, seal=cipher.seal, unseal=cipher.unseal,
                               locate=cipher.locate)
            digests = sorted(path.parent.name + path.name for path in (root / BLOB_DIRNAME).glob("??/*")
                             if path.is_file() and not path.name.startswith("."))
            for digest in digests:
                sealed.put(plain.get(digest))  # get() refuses a damaged blob before anything is swapped
                sealed_paths.append(sealed.path_of(digest))
        except BaseException:
            # Nothing was swapped: the plain workspace is whole; drop what was staged.
            for path in (staged_keys, staged_db, *sealed_paths):
                path.unlink(missing_ok=True)
            raise
        (root / _ENCRYPTING_MARKER).write_text(json.dumps(digests))
        for suffix in ("-wal", "-shm"):
            (root / (DB_FILENAME + suffix)).unlink(missing_ok=True)
        os.replace(staged_db, root / DB_FILENAME)
        os.replace(staged_keys, root / KEYFILE_NAME)
        cls._finish_interrupted_encryption(root)
        log.info("Workspace encrypted in place (%d blobs sealed)", len(digests))

    @staticmethod
    def _export_encrypted(root: Path, target: Path, keys: WorkspaceKeys) -> None:
        """Write an encrypted copy of the plain database to ``target`` (SQLCipher's own export)."""
        sqlcipher3 = _sqlcipher()
        target.unlink(missing_ok=True)
        # Leaving WAL mode needs the only connection: it proves no one else has the workspace open,
        # and folds the WAL into the plain file (its -wal and -shm go with it). The check uses the
        # same SQLite library as plain workspaces: two copies in one process do not see each other.
        check = sqlite3.connect(root / DB_FILENAME, timeout=0.5)
        try:
            mode = check.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        except sqlite3.OperationalError:
            mode = "busy"
        finally:
            check.close()
        if mode != "delete":
            raise StorageError("Hãy đóng mọi chương trình đang mở thư mục làm việc này rồi thử lại.",
                               "The workspace is open elsewhere; cannot encrypt it now")
        conn = sqlcipher3.connect(str(root / DB_FILENAME))
        try:
            conn.execute("ATTACH DATABASE ? AS enc KEY ?", (str(target), f"x'{keys.database_key.hex()}'"))
            conn.execute("SELECT sqlcipher_export('enc')")
            conn.execute("DETACH DATABASE enc")
        except sqlcipher3.Error as exc:
            raise StorageError("Không mã hoá được cơ sở dữ liệu của thư mục làm việc.",
                               f"SQLCipher export failed: {exc}") from exc
        finally:
            conn.close()

    @staticmethod
    def _finish_interrupted_encryption(root: Path) -> None:
        """Complete or undo an :meth:`encrypt_existing` that stopped half-way."""
        marker = root / _ENCRYPTING_MARKER
        if not any(p.exists() for p in (marker, root / _STAGED_DB, root / _STAGED_KEYFILE)):
            return
        with open(root / DB_FILENAME, "rb") as handle:
            db_is_plain = handle.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
        if not marker.exists() or db_is_plain:
            # Nothing swapped yet: the plain workspace is whole, the staged files are leftovers.
            for leftover in (marker, root / _STAGED_DB, root / _STAGED_KEYFILE):
                leftover.unlink(missing_ok=True)
            return
        if (root / _STAGED_KEYFILE).exists():
            os.replace(root / _STAGED_KEYFILE, root / KEYFILE_NAME)
        for digest in json.loads(marker.read_text()):
            path = root / BLOB_DIRNAME / digest[:2] / digest[2:]
            path.unlink(missing_ok=True)
        marker.unlink()

    def change_passphrase(self, current: str | bytes, new: str | bytes) -> None:
        """Replace the passphrase of an encrypted workspace; only the wrapped data key is rewritten."""
        if not self.encrypted:
            raise StorageError("Thư mục làm việc này không được mã hoá.",
                               "Cannot change the passphrase of a plain workspace")
        with self._write_lock:
            change_keyfile_passphrase(self.root / KEYFILE_NAME, current, new)

    @classmethod
    def _engine_for(cls, root: Path, keys: WorkspaceKeys | None) -> Engine:
        if keys is None:
            return create_engine(f"sqlite:///{root / DB_FILENAME}", future=True)
        sqlcipher3 = _sqlcipher()
        path = str(root / DB_FILENAME)
        key_pragma = keys.sqlcipher_key_pragma()

        def connect():  # noqa: ANN202 - a DB-API connection
            # The key must be the first statement on every new connection; it never reaches a log.
            conn = sqlcipher3.connect(path, check_same_thread=False)
            # SQLCipher would print its own errors to stderr; ours are the typed ones.
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(key_pragma)
            # Pages are decrypted on every cache miss: a larger cache (32 MiB) halves search time.
            conn.execute("PRAGMA cache_size=-32000")
            return conn

        # The URL only picks the dialect; sqlcipher3 as the module makes its errors DBAPIErrors.
        return create_engine("sqlite://", creator=connect, module=sqlcipher3, poolclass=QueuePool,
                             future=True)

    @classmethod
    def _connect(cls, root: Path, keys: WorkspaceKeys | None = None) -> WorkspaceStore:
        engine = cls._engine_for(root, keys)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DB-API types
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            # Sorts and temporary tables stay in memory, never as (plain) temporary files.
            cur.execute("PRAGMA temp_store=MEMORY")
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
            if keys is not None and "not a database" in str(exc.orig):
                raise StorageError(
                    "Tệp khoá không khớp với cơ sở dữ liệu của thư mục làm việc (hoặc cơ sở dữ liệu bị hỏng).",
                    "The key file does not open this workspace's database",
                ) from exc
            raise StorageError(
                "Cơ sở dữ liệu của thư mục làm việc bị hỏng hoặc không mở được.",
                f"Cannot open workspace database: {exc.orig}",
            ) from exc
        if keys is None:
            blobs = BlobStore(root / BLOB_DIRNAME)
        else:
            cipher = keys.blob_cipher()
            blobs = BlobStore(root / BLOB_DIRNAME, seal=cipher.seal, unseal=cipher.unseal, locate=cipher.locate)
        blobs.remove_stray_temporaries()
        return cls(root, engine, blobs, encrypted=keys is not None)

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

    def find_books(self, name: str, document_type: DocumentType | str | None = None) -> list[Book]:
        """Every book whose id, number (``01/2020``) or title is ``name``, of ``document_type`` if given.

        Book numbers restart for each register type, so a number alone may name several books.
        """
        wanted = " ".join(name.split()).casefold()
        kind = DocumentType(document_type) if document_type else None
        return [book for book in self.books()
                if wanted in (book.id.casefold(), book.number.casefold(), book.title.casefold())
                and (kind is None or book.document_type == kind)]

    def find_book(self, name: str, document_type: DocumentType | str | None = None) -> Book | None:
        """The book ``name`` names (see :meth:`find_books`), or ``None`` when none or several do."""
        found = self.find_books(name, document_type)
        return found[0] if len(found) == 1 else None

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
        # A page read without any record found on it still needs the officer's eyes.
        pages_of_book = select(schema.pages.c.id)
        if book_id is not None:
            pages_of_book = pages_of_book.where(schema.pages.c.book_id == book_id)
        query = select(schema.audit_log.c.entity_id).where(
            schema.audit_log.c.entity_id.in_(pages_of_book), schema.audit_log.c.entity == "page",
            schema.audit_log.c.action == READ_PAGE_ACTION)
        with self._read() as conn:
            for (page_id,) in conn.execute(query):
                result.setdefault(page_id, PageStatus.NEEDS_REVIEW)
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
        draft = NewRecord(document_type, fields, tuple(page_ids), record_index, region, tuple(issues))
        with self._write() as conn:
            record_id = self._insert_new_record(conn, book_id, draft, actor, reason)
        return self.record(record_id)

    def add_page_reading(self, book_id: str, page_id: str, drafts: Sequence[NewRecord], *, actor: str,
                         details: Mapping | None = None, reason: str = "recognised") -> list[Record]:
        """Store the draft records read from one page and mark the page read, all or nothing.

        One transaction, so a crash never leaves a page's records without its ``read_page``
        entry (a rerun would read the page again and store its records twice).
        """
        with self._write() as conn:
            ids = [self._insert_new_record(conn, book_id, draft, actor, reason) for draft in drafts]
            self._append_audit(conn, actor, READ_PAGE_ACTION, "page", page_id,
                               {"records": len(ids), **dict(details or {})})
        return [self.record(record_id) for record_id in ids]

    def _insert_new_record(self, conn: Connection, book_id: str, draft: NewRecord, actor: str, reason: str) -> str:
        record_id = _new_id()
        now = _now()
        conn.execute(schema.records.insert().values(
            id=record_id, book_id=book_id, document_type=DocumentType(draft.document_type).value,
            head_revision=1, created_at=now,
        ))
        self._insert_revision(conn, record_id, 1, RecordStatus.DRAFT, draft.fields, draft.issues, draft.page_ids,
                              draft.record_index, draft.region, now, actor, reason)
        self._index_record(conn, record_id, draft.fields)
        self._append_audit(conn, actor, "create_record", "record", record_id,
                           {"book_id": book_id, "revision": 1, "reason": reason})
        return record_id

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

    # ------------------------------------------------- for other storage repositories
    @contextmanager
    def connection(self, *, write: bool = False):
        """A connection for another ``storage`` repository (signatures): a write transaction
        under the store's one writer lock when ``write``, else a read connection."""
        with self._write() if write else self._read() as conn:
            yield conn
