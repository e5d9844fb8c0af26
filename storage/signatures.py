"""The signature repository: what was signed, by whom, when, kept beside the workspace's records.

Two append-only tables (migration 0003): ``record_signatures`` holds, for one record revision,
the exact canonical bytes that were signed (``record.json``), the detached CMS signature
(``record.p7s``), the signer certificate's SHA-256 fingerprint and the signing time;
``audit_head_signatures`` holds a signature over the audit chain's head (sequence number and
entry hash) made at the end of each signing session, so entries cut from the end of the log
are noticed too (the hash chain alone cannot see a shortened tail).

A record may carry several signatures (signed, corrected, signed again); the newest row is
the one that counts. Rows are never updated or deleted (database triggers refuse it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select

from storage import schema
from storage.workspace import WorkspaceStore


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass(frozen=True)
class StoredSignature:
    """One signature of one record revision, as stored."""

    id: int
    record_id: str
    revision: int
    payload: bytes
    signature: bytes
    signer_fingerprint: str
    signed_at: datetime
    created_at: datetime
    actor: str


@dataclass(frozen=True)
class AuditHeadSignature:
    """A signature over the audit chain's head (``seq``, ``entry_hash``) at a signing session."""

    id: int
    seq: int
    entry_hash: str
    payload: bytes
    signature: bytes
    signer_fingerprint: str
    signed_at: datetime


@dataclass(frozen=True)
class AuditHead:
    """The newest audit entry's sequence number and hash."""

    seq: int
    entry_hash: str


class SignatureRepository:
    """Signatures of one open workspace (uses the store's engine and its one writer lock)."""

    def __init__(self, store: WorkspaceStore) -> None:
        self._store = store

    # ----------------------------------------------------------------- records
    def add(self, *, record_id: str, revision: int, payload: bytes, signature: bytes,
            signer_fingerprint: str, signed_at: datetime, actor: str) -> StoredSignature:
        """Store the signature of one record revision and return it."""
        return self.add_many([dict(record_id=record_id, revision=revision, payload=payload, signature=signature,
                                   signer_fingerprint=signer_fingerprint, signed_at=signed_at, actor=actor)])[0]

    def add_many(self, rows: list[dict]) -> list[StoredSignature]:
        """Store several record signatures in one transaction (keys as :meth:`add`'s arguments)."""
        now = datetime.now(UTC)
        table = schema.record_signatures
        ids = []
        with self._store.connection(write=True) as conn:
            for row in rows:
                result = conn.execute(table.insert().values(
                    record_id=row["record_id"], revision=row["revision"], payload=bytes(row["payload"]),
                    signature=bytes(row["signature"]), signer_fingerprint=row["signer_fingerprint"],
                    signed_at=_utc(row["signed_at"]), created_at=now, actor=row["actor"]))
                ids.append(result.inserted_primary_key[0])
            found = conn.execute(select(table).where(table.c.id.in_(ids))).all()
        by_id = {row.id: self._from_row(row) for row in found}
        return [by_id[i] for i in ids]

    def latest(self, record_id: str) -> StoredSignature | None:
        """The newest signature of a record, or None when it was never signed."""
        table = schema.record_signatures
        with self._store.connection() as conn:
            row = conn.execute(select(table).where(table.c.record_id == record_id)
                               .order_by(table.c.id.desc()).limit(1)).first()
        return self._from_row(row) if row is not None else None

    def for_record(self, record_id: str) -> list[StoredSignature]:
        """Every signature of a record, oldest first."""
        table = schema.record_signatures
        with self._store.connection() as conn:
            rows = conn.execute(select(table).where(table.c.record_id == record_id).order_by(table.c.id)).all()
        return [self._from_row(row) for row in rows]

    def signed_record_ids(self) -> list[str]:
        """Ids of the records that carry at least one signature, in order of first signing."""
        table = schema.record_signatures
        with self._store.connection() as conn:
            rows = conn.execute(select(table.c.record_id, func.min(table.c.id).label("first"))
                                .group_by(table.c.record_id).order_by("first")).all()
        return [row.record_id for row in rows]

    @staticmethod
    def _from_row(row) -> StoredSignature:  # noqa: ANN001 - SQLAlchemy Row
        return StoredSignature(id=row.id, record_id=row.record_id, revision=row.revision,
                               payload=bytes(row.payload), signature=bytes(row.signature),
                               signer_fingerprint=row.signer_fingerprint, signed_at=_utc(row.signed_at),
                               created_at=_utc(row.created_at), actor=row.actor)

    # ------------------------------------------------------------ audit chain
    def audit_head(self) -> AuditHead | None:
        """The newest audit entry (None for an empty log)."""
        table = schema.audit_log
        with self._store.connection() as conn:
            row = conn.execute(select(table.c.seq, table.c.entry_hash)
                               .order_by(table.c.seq.desc()).limit(1)).first()
        return AuditHead(row.seq, row.entry_hash) if row is not None else None

    def add_audit_head(self, *, seq: int, entry_hash: str, payload: bytes, signature: bytes,
                       signer_fingerprint: str, signed_at: datetime) -> AuditHeadSignature:
        """Store a signature over the audit chain's head."""
        table = schema.audit_head_signatures
        with self._store.connection(write=True) as conn:
            new_id = conn.execute(table.insert().values(
                seq=seq, entry_hash=entry_hash, payload=bytes(payload), signature=bytes(signature),
                signer_fingerprint=signer_fingerprint, signed_at=_utc(signed_at))).inserted_primary_key[0]
            row = conn.execute(select(table).where(table.c.id == new_id)).one()
        return self._head_from_row(row)

    def audit_heads(self) -> list[AuditHeadSignature]:
        """Every signed audit head, oldest first."""
        table = schema.audit_head_signatures
        with self._store.connection() as conn:
            rows = conn.execute(select(table).order_by(table.c.id)).all()
        return [self._head_from_row(row) for row in rows]

    @staticmethod
    def _head_from_row(row) -> AuditHeadSignature:  # noqa: ANN001
        return AuditHeadSignature(id=row.id, seq=row.seq, entry_hash=row.entry_hash, payload=bytes(row.payload),
                                  signature=bytes(row.signature), signer_fingerprint=row.signer_fingerprint,
                                  signed_at=_utc(row.signed_at))

    # --------------------------------------------------------------- workspace
    def workspace_id(self) -> str:
        """The workspace's stable id (written at creation), named in signed audit heads."""
        table = schema.workspace_meta
        with self._store.connection() as conn:
            value = conn.execute(select(table.c.value).where(table.c.key == "workspace_id")).scalar()
        return value or ""
