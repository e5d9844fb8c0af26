"""Signing records and checking signatures: the orchestration over the workspace and ``storage.signing``.

What is signed for a record is :func:`storage.signing.build_signed_payload` of its verified
revision: type, field values, revision, book, commune, the signer's role, the signing time and
the SHA-256 of every page image it was read from (hashed from the stored images, not taken on
trust from the database). The canonical bytes and their detached CMS signature are stored in
the signature repository, then the record is marked signed. At the end of each signing
session the audit chain's head is signed too, so a shortened log is noticed later.

Checking a stored record rebuilds its payload from what the workspace holds now and validates
the stored signature over it, so a field edited in the database or a replaced page image
makes the grade ``invalid``. Checking exported files validates ``record.json`` against
``record.p7s`` and hashes the page images found beside them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from inspector.domain import Book, Page, Record, RecordStatus
from inspector.errors import InputFileError, RecordStateError, StorageError, UsageError
from inspector.progress import Progress, SilentProgress
from storage.signatures import SignatureRepository, StoredSignature
from storage.signing import (
    Grade,
    Pkcs11Identity,
    Signer,
    TrustStore,
    ValidationResult,
    build_signed_payload,
    canonical_record_bytes,
    format_signing_time,
    load_pkcs12_identity,
    parse_signing_time,
    sign_detached,
    validate_detached,
    with_reasons,
)
from storage.signing.identity import check_certificate_usable
from storage.signing.trust import fingerprint
from storage.workspace import AuditProblem, WorkspaceStore

log = logging.getLogger(__name__)

#: The role written in a signed record when the officer gives none.
DEFAULT_SIGNER_ROLE = "Công chức tư pháp - hộ tịch"
#: Layout of a signed audit-chain head.
AUDIT_HEAD_FORMAT = "so-ho-tich/audit-head/1"
#: Environment variable naming the file that holds the PIN or PKCS#12 password.
PIN_FILE_ENV = "INSPECTOR_PIN_FILE"

_MEDIA_SUFFIX = {"image/png": ".png", "image/jpeg": ".jpg", "image/tiff": ".tif", "image/webp": ".webp",
                 "image/bmp": ".bmp"}
#: Stands for a page image that can no longer be read: never equal to a real digest in a payload.
_UNREADABLE_PAGE = "f" * 64


# --------------------------------------------------------------------- secrets and signers
def read_secret_file(path: str | os.PathLike) -> str:
    """The PIN or password held in a file (its first line, without the line ending)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")  # Notepad writes a BOM
    except (OSError, UnicodeDecodeError):
        raise InputFileError(str(path), "Không đọc được tệp chứa mã PIN/mật khẩu.",
                             "Cannot read the PIN file") from None
    secret = text.splitlines()[0] if text else ""
    if not secret:
        raise InputFileError(str(path), "Tệp chứa mã PIN/mật khẩu đang trống.", "The PIN file is empty")
    return secret


def secret_from(pin_file: str | None) -> str | None:
    """The PIN from ``pin_file`` or from the file named by ``INSPECTOR_PIN_FILE``; None when neither is set."""
    path = pin_file or os.environ.get(PIN_FILE_ENV)
    return read_secret_file(path) if path else None


@contextmanager
def open_signer(*, pin: str, pkcs12: str | os.PathLike | None = None,
                pkcs11_module: str | os.PathLike | None = None, token_label: str | None = None,
                at: datetime | None = None) -> Iterator[Signer]:
    """Open the officer's key: a PKCS#12 file, or a key on a PKCS#11 token (closed on exit)."""
    if pkcs12 is not None and pkcs11_module is None:
        yield load_pkcs12_identity(pkcs12, pin, at=at)
        return
    if pkcs11_module is not None and token_label and pkcs12 is None:
        with Pkcs11Identity.open(pkcs11_module, token_label, pin, at=at) as identity:
            yield identity
        return
    raise UsageError("Hãy chọn một khoá ký: --pkcs12 TỆP, hoặc --pkcs11-module THƯ_VIỆN với --token-label NHÃN.",
                     "choose --pkcs12, or --pkcs11-module with --token-label")


# --------------------------------------------------------------------------- payloads
def _utc_second(moment: datetime | None) -> datetime:
    return (moment or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)


class _PageDigests:
    """SHA-256 of the stored page images, each read and hashed once per session."""

    def __init__(self, store: WorkspaceStore) -> None:
        self._store = store
        self._pages: dict[str, Page] = {}
        self._books_loaded: set[str] = set()
        self._digests: dict[str, str] = {}

    def page(self, book_id: str, page_id: str) -> Page | None:
        if book_id not in self._books_loaded:
            self._pages.update({p.id: p for p in self._store.pages(book_id)})
            self._books_loaded.add(book_id)
        return self._pages.get(page_id)

    def digests(self, record: Record) -> list[str]:
        """Digests of the record's pages, in order; :data:`_UNREADABLE_PAGE` for a missing or damaged one."""
        result = []
        for page_id in record.page_ids:
            if page_id not in self._digests:
                page = self.page(record.book_id, page_id)
                try:
                    digest = hashlib.sha256(self._store.page_image(page)).hexdigest() if page else _UNREADABLE_PAGE
                except StorageError:
                    digest = _UNREADABLE_PAGE
                self._digests[page_id] = digest
            result.append(self._digests[page_id])
        return result


def record_payload(record: Record, book: Book, commune: str, page_sha256: Sequence[str], *,
                   signer_role: str, signed_at: datetime, revision: int | None = None) -> dict:
    """The payload signed for ``record`` (``revision`` overrides the record's own, for re-checks)."""
    return build_signed_payload(
        record_id=record.id, record_type=record.document_type.value, fields=record.fields,
        revision=record.revision if revision is None else revision, book_id=book.id, book_number=book.number,
        book_year=book.year, book_type=book.document_type.value, commune=commune, signer_role=signer_role,
        signed_at=signed_at, page_sha256=page_sha256)


# ---------------------------------------------------------------------------- signing
@dataclass(frozen=True)
class SignRefusal:
    """A record that was not signed, and why (a stable code and a Vietnamese reason)."""

    record_id: str
    code: str
    message_vi: str


@dataclass(frozen=True)
class SigningReport:
    """What a signing session did."""

    signed: tuple[StoredSignature, ...]
    refused: tuple[SignRefusal, ...]
    audit_head_seq: int | None = None


_CHANGED_WHILE_SIGNING = "Bản ghi vừa được sửa trong lúc ký; hãy kiểm tra lại rồi ký lại."


def _values(record: Record) -> dict[str, str]:
    return {key: value.value for key, value in record.fields.items()}


def _refusal(record: Record) -> SignRefusal | None:
    if record.status is RecordStatus.VERIFIED:
        return None
    if record.status is RecordStatus.DRAFT:
        return SignRefusal(record.id, "not_verified",
                           "Bản ghi chưa được kiểm tra (trạng thái «Chưa kiểm tra»); "
                           "chỉ ký được bản ghi đã kiểm tra.")
    return SignRefusal(record.id, "already_signed", f"Bản ghi đã ở trạng thái «{record.status.label_vi}».")


def sign_records(store: WorkspaceStore, record_ids: Iterable[str], signer: Signer, *, actor: str,
                 signer_role: str = DEFAULT_SIGNER_ROLE, now: datetime | None = None,
                 progress: Progress | None = None) -> SigningReport:
    """Sign every VERIFIED record of ``record_ids``, mark them signed, then sign the audit head.

    Records in another state are refused with a Vietnamese reason (never signed). The
    certificate must be valid now (:class:`SignatureError` otherwise, before anything is
    signed). Signatures are stored before the records are marked signed, so a crash leaves
    at worst a verified record with a spare signature, which is simply signed again.
    """
    progress = progress or SilentProgress()
    moment = _utc_second(now)
    check_certificate_usable(signer.certificate, moment)
    signer_fingerprint = fingerprint(signer.certificate)
    repo = SignatureRepository(store)
    commune = store.info().commune
    books: dict[str, Book] = {b.id: b for b in store.books()}
    pages = _PageDigests(store)
    ids = list(dict.fromkeys(record_ids))
    # One query for all head revisions; a record missing from it is looked up alone (and reported).
    heads = {r.id: r for r in store.records()} if len(ids) > 20 else {}
    pending: list[dict] = []
    refused: list[SignRefusal] = []
    for done, record_id in enumerate(ids):
        if progress.cancelled:
            break
        progress.update(done, len(ids), "Ký số bản ghi")
        record = heads.get(record_id) or store.record(record_id)
        refusal = _refusal(record)
        if refusal is None:
            digests = pages.digests(record)
            if _UNREADABLE_PAGE in digests:
                refusal = SignRefusal(record.id, "page_image_unreadable",
                                      "Ảnh trang sổ của bản ghi bị thiếu hoặc hỏng; không thể ký.")
        if refusal is not None:
            refused.append(refusal)
            continue
        book = books[record.book_id]
        try:
            payload = record_payload(record, book, book.commune or commune, digests,
                                     signer_role=signer_role, signed_at=moment)
            content = canonical_record_bytes(payload)
        except ValueError as exc:
            log.warning("Record %s cannot be signed: %s", record.id, exc)
            refused.append(SignRefusal(record.id, "payload_invalid",
                                       "Dữ liệu bản ghi không đúng quy cách để ký (ví dụ: mã trường lạ)."))
            continue
        signature = sign_detached(content, signer, signing_time=moment, check_validity=False)
        pending.append(dict(record_id=record.id, revision=record.revision, payload=content, signature=signature,
                            signer_fingerprint=signer_fingerprint, signed_at=moment, actor=actor))
    stored = repo.add_many(pending) if pending else []
    marked = []
    for item in stored:
        try:
            record = store.set_record_status(item.record_id, RecordStatus.SIGNED, actor=actor,
                                             reason=f"signed revision {item.revision}")
        except RecordStateError:  # corrected (back to draft) by someone else while we signed
            refused.append(SignRefusal(item.record_id, "changed_while_signing", _CHANGED_WHILE_SIGNING))
            continue
        if record.revision != item.revision + 1 and _values(record) != _values(store.record(item.record_id,
                                                                                              item.revision)):
            # Corrected and verified again between our read and our mark: what we signed is not what it holds.
            store.set_record_status(item.record_id, RecordStatus.DRAFT, actor=actor, reason="changed while signing")
            refused.append(SignRefusal(item.record_id, "changed_while_signing", _CHANGED_WHILE_SIGNING))
            continue
        marked.append(item)
    stored = marked
    progress.update(len(ids), len(ids), "Ký số bản ghi")
    head_seq = None
    if stored:
        head_seq = sign_audit_head(store, signer, actor=actor, signer_role=signer_role, now=moment,
                                   details={"records": len(stored), "signer": signer_fingerprint})
    log.info("Signing session: %d signed, %d refused", len(stored), len(refused))
    return SigningReport(signed=tuple(stored), refused=tuple(refused), audit_head_seq=head_seq)


def sign_audit_head(store: WorkspaceStore, signer: Signer, *, actor: str, signer_role: str = DEFAULT_SIGNER_ROLE,
                    now: datetime | None = None, details: dict | None = None) -> int:
    """Close a signing session: append a ``sign_session`` event and sign the chain's head; return its seq."""
    moment = _utc_second(now)
    repo = SignatureRepository(store)
    workspace_id = repo.workspace_id()
    entry = store.record_event(actor, "sign_session", "workspace", workspace_id, details or {})
    payload = {"format": AUDIT_HEAD_FORMAT, "workspace_id": workspace_id, "seq": entry.seq,
               "entry_hash": entry.entry_hash, "signed_at": format_signing_time(moment),
               "signer": {"role": signer_role}}
    content = canonical_record_bytes(payload)
    signature = sign_detached(content, signer, signing_time=moment, check_validity=False)
    repo.add_audit_head(seq=entry.seq, entry_hash=entry.entry_hash, payload=content, signature=signature,
                        signer_fingerprint=fingerprint(signer.certificate), signed_at=moment)
    return entry.seq


# --------------------------------------------------------------------------- approving
@dataclass(frozen=True)
class ApprovalReport:
    """Records marked verified, and those left as they were (with the reason)."""

    approved: tuple[str, ...]
    skipped: tuple[SignRefusal, ...]


def unflagged_drafts(store: WorkspaceStore, book_id: str) -> list[Record]:
    """Draft records of a book with no flagged field and no failed rule: safe to approve unseen."""
    return [r for r in store.records(book_id)
            if r.status is RecordStatus.DRAFT and not r.flagged_fields and not r.issues]


def approve_records(store: WorkspaceStore, record_ids: Iterable[str], *, officer: str) -> ApprovalReport:
    """Mark draft records verified by ``officer`` (the GUI's «Đã kiểm tra», without the GUI)."""
    approved, skipped = [], []
    for record_id in dict.fromkeys(record_ids):
        record = store.record(record_id)
        if record.status is not RecordStatus.DRAFT:
            skipped.append(SignRefusal(record_id, "not_draft",
                                       f"Bản ghi đã ở trạng thái «{record.status.label_vi}»."))
            continue
        store.set_record_status(record_id, RecordStatus.VERIFIED, actor=officer, reason="approved")
        approved.append(record_id)
    return ApprovalReport(approved=tuple(approved), skipped=tuple(skipped))


# --------------------------------------------------------------------------- checking
@dataclass(frozen=True)
class RecordCheck:
    """The verdict on one stored record's newest signature."""

    record_id: str
    signed_revision: int
    result: ValidationResult


def verify_stored_record(store: WorkspaceStore, record_id: str, trust: TrustStore, *,
                         at: datetime | None = None) -> RecordCheck:
    """Validate a record's newest signature against what the workspace holds now.

    Raises :class:`RecordStateError` when the record was never signed.
    """
    return verify_stored_records(store, [record_id], trust, at=at)[0]


def verify_stored_records(store: WorkspaceStore, record_ids: Iterable[str], trust: TrustStore, *,
                          at: datetime | None = None) -> list[RecordCheck]:
    """:func:`verify_stored_record` for many records, reading each book's pages and images once."""
    repo = SignatureRepository(store)
    pages = _PageDigests(store)
    books = {b.id: b for b in store.books()}
    commune = store.info().commune
    checks = []
    for record_id in record_ids:
        stored = repo.latest(record_id)
        if stored is None:
            raise RecordStateError("Bản ghi chưa được ký.", "The record has not been signed")
        head = store.record(record_id)
        if head.status in (RecordStatus.DRAFT, RecordStatus.VERIFIED):
            # Corrected (or re-opened) after signing: the signature speaks for an older revision only.
            result = validate_detached(stored.payload, stored.signature, trust, at=at)
            checks.append(RecordCheck(record_id, stored.revision,
                                      with_reasons(result, "record_revised_since_signing")))
            continue
        book = books[head.book_id]
        digests = pages.digests(head)
        try:
            signed = json.loads(stored.payload)
            rebuilt = canonical_record_bytes(record_payload(
                head, book, book.commune or commune, digests, signer_role=signed["signer"]["role"],
                signed_at=parse_signing_time(signed["signed_at"]), revision=stored.revision))
            signed_pages = list(signed.get("page_sha256", []))
        except (ValueError, KeyError, TypeError, AttributeError):
            rebuilt, signed_pages = b"", []  # the stored payload is unreadable: nothing can match it
        result = validate_detached(rebuilt, stored.signature, trust, at=at)
        if digests != signed_pages:
            result = with_reasons(result, "page_image_changed")
        checks.append(RecordCheck(record_id, stored.revision, result))
    return checks


def signed_record_ids(store: WorkspaceStore) -> list[str]:
    """Records that carry a signature, in order of first signing."""
    return SignatureRepository(store).signed_record_ids()


@dataclass(frozen=True)
class FilesCheck:
    """The verdict on exported files, and how many page images beside them were checked."""

    result: ValidationResult
    pages_checked: int
    pages_expected: int


def page_file_name(index: int, media_type: str) -> str:
    """Name of the ``index``-th (1-based) page image in an exported record folder."""
    return f"page-{index:02d}{_MEDIA_SUFFIX.get(media_type, '.bin')}"


def verify_record_files(json_path: str | os.PathLike, p7s_path: str | os.PathLike, trust: TrustStore, *,
                        at: datetime | None = None) -> FilesCheck:
    """Validate ``record.json`` against ``record.p7s``, and the page images found beside record.json."""
    json_path, p7s_path = Path(json_path), Path(p7s_path)
    try:
        content, signature = json_path.read_bytes(), p7s_path.read_bytes()
    except OSError as exc:
        raise InputFileError(str(exc.filename), "Không đọc được tệp bản ghi hoặc tệp chữ ký.",
                             f"Cannot read: {exc.strerror}") from None
    result = validate_detached(content, signature, trust, at=at)
    try:
        expected = [str(d) for d in json.loads(content).get("page_sha256", [])]
    except (ValueError, AttributeError):
        expected = []
    checked = 0
    for index, digest in enumerate(expected, start=1):
        candidates = sorted(json_path.parent.glob(f"page-{index:02d}.*"))
        if not candidates:
            continue
        checked += 1
        if hashlib.sha256(candidates[0].read_bytes()).hexdigest() != digest:
            result = with_reasons(result, "page_image_changed")
    return FilesCheck(result=result, pages_checked=checked, pages_expected=len(expected))


def export_signed_record(store: WorkspaceStore, record_id: str, out_dir: str | os.PathLike, *,
                         actor: str) -> list[Path]:
    """Write ``record.json`` (the exact signed bytes), ``record.p7s`` and the page images to ``out_dir``."""
    stored = SignatureRepository(store).latest(record_id)
    if stored is None:
        raise RecordStateError("Bản ghi chưa được ký nên chưa xuất được bản đã ký.",
                               "The record has not been signed")
    record = store.record(record_id, stored.revision)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        written = [out / "record.json", out / "record.p7s"]
        written[0].write_bytes(stored.payload)
        written[1].write_bytes(stored.signature)
        pages = {p.id: p for p in store.pages(record.book_id)}
        for index, page_id in enumerate(record.page_ids, start=1):
            page = pages[page_id]
            path = out / page_file_name(index, page.media_type)
            path.write_bytes(store.page_image(page))
            written.append(path)
    except OSError as exc:
        raise StorageError("Không ghi được tệp xuất ra thư mục đã chọn.", f"Cannot write export: {exc.strerror}") \
            from None
    store.record_event(actor, "export_signed_record", "record", record_id, {"revision": stored.revision})
    return written


# ------------------------------------------------------------------------------ audit
@dataclass(frozen=True)
class AuditReport:
    """The audit log's health: entries, signed heads, the first problem (or None), warnings."""

    entries: int
    signed_heads: int
    problem: AuditProblem | None
    warnings: tuple[str, ...] = ()


def verify_audit(store: WorkspaceStore, trust: TrustStore | None = None) -> AuditReport:
    """Check the hash chain, and that every signed head is still in it with its signature intact.

    The chain finds an entry edited or cut from the middle; the signed heads find entries cut
    from the end. A head signed by a certificate outside ``trust`` is a warning, not a break.
    """
    problems: list[AuditProblem] = []
    chain_problem = store.verify_audit_chain()
    if chain_problem is not None:
        problems.append(chain_problem)
    entries = store.audit_entries()
    by_seq = {e.seq: e.entry_hash for e in entries}
    last_seq = max(by_seq, default=0)
    warnings: list[str] = []
    repo = SignatureRepository(store)
    workspace_id = repo.workspace_id()
    heads = repo.audit_heads()
    for head in heads:
        try:
            signed = json.loads(head.payload)
            payload_ok = (signed.get("format") == AUDIT_HEAD_FORMAT and signed.get("seq") == head.seq
                          and signed.get("entry_hash") == head.entry_hash
                          and signed.get("workspace_id") == workspace_id)
        except (ValueError, AttributeError):
            payload_ok = False
        result = validate_detached(head.payload, head.signature, trust or TrustStore.of([]))
        if not payload_ok or result.grade is Grade.INVALID:
            problems.append(AuditProblem(head.seq, "head_signature_invalid",
                                         f"Chữ ký đầu chuỗi nhật ký (mục số {head.seq}) không hợp lệ."))
        elif head.seq > last_seq:
            problems.append(AuditProblem(last_seq + 1, "missing",
                                         f"Thiếu mục nhật ký từ số {last_seq + 1} (đã bị xoá); "
                                         f"đầu chuỗi đã ký là mục số {head.seq}."))
        elif by_seq.get(head.seq) != head.entry_hash:
            problems.append(AuditProblem(head.seq, "edited",
                                         f"Mục nhật ký số {head.seq} khác với bản đã ký (đã bị sửa)."))
        elif trust is not None and result.grade is Grade.UNKNOWN_SIGNER:
            warnings.append(f"Đầu chuỗi nhật ký mục số {head.seq}: {result.grade.label_vi}.")
    problem = min(problems, key=lambda p: p.seq, default=None)
    return AuditReport(entries=len(entries), signed_heads=len(heads), problem=problem,
                       warnings=tuple(dict.fromkeys(warnings)))
