"""Encryption at rest of a workspace: key file, key derivation, blob sealing.

Key hierarchy. A workspace has one random 32-byte *data key*. It is never
written in clear: the key file (``workspace.keys``, JSON) holds it wrapped
(AES-256-GCM) by a key derived from the officer's passphrase with scrypt, in
a *slot*; a wrong passphrase fails the GCM tag, which is the verifier.
Changing the passphrase rewraps the data key in a new slot and touches
nothing else. The slot list leaves room for a hardware token slot later.

From the data key, HKDF-SHA256 derives three independent subkeys:

* the SQLCipher key of the database (given as a raw key, so SQLCipher's own
  PBKDF2 does not run again on every connection);
* the AES-256-GCM key of page images, each sealed with a fresh nonce and its
  plain SHA-256 digest as associated data (a blob cannot be swapped for another);
* the HMAC-SHA256 key that names blob files. A plain content-addressed name
  would let anyone holding a copy of a page confirm, by hashing it, that the
  page is in the workspace (and link two workspaces holding it); a keyed name
  does not. The plain digest, which signatures and the audit log use, lives
  only inside the encrypted database.

The cryptography is the ``cryptography`` package's (scrypt, HKDF, AES-GCM,
HMAC); only the file layout is ours.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import rfc8785
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from inspector.errors import StorageError, WorkspaceLockedError

KEYFILE_NAME = "workspace.keys"
KEYFILE_FORMAT = "so-ho-tich-workspace-keys"
KEYFILE_VERSION = 1
MIN_PASSPHRASE_LENGTH = 8

_BLOB_MAGIC = b"SHTB\x01"  # so-ho-tich blob, format 1
_NONCE_BYTES = 12
_KEY_BYTES = 32
_SALT_BYTES = 16
# A key file may come from anywhere: refuse parameters that would take minutes or gigabytes.
_MAX_SCRYPT_N = 2**20
_MAX_SCRYPT_R = 16
_MAX_SCRYPT_P = 4


@dataclass(frozen=True)
class ScryptParams:
    """Cost of deriving the wrapping key from a passphrase (OWASP minimum: n=2**17, r=8, p=1)."""

    n: int = 2**17
    r: int = 8
    p: int = 1


#: Cost used for new slots; about 0.3 s and 128 MiB on an ordinary laptop.
DEFAULT_KDF = ScryptParams()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def normalise_passphrase(passphrase: str | bytes) -> bytes:
    """The bytes a passphrase stands for.

    Text is NFC-normalised first: Vietnamese keyboards (Telex, VNI) may type
    ``ễ`` composed or decomposed, and the same passphrase must open the
    workspace either way. Bytes (a token's secret) are used as they are.
    """
    if isinstance(passphrase, bytes):
        return passphrase
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def check_new_passphrase(passphrase: str | bytes) -> bytes:
    """Normalise a passphrase chosen for a new slot, refusing one that is too short."""
    raw = normalise_passphrase(passphrase)
    length = len(unicodedata.normalize("NFC", passphrase)) if isinstance(passphrase, str) else len(raw)
    if length < MIN_PASSPHRASE_LENGTH:
        raise StorageError(
            f"Mật khẩu phải có ít nhất {MIN_PASSPHRASE_LENGTH} ký tự.",
            f"Passphrase shorter than {MIN_PASSPHRASE_LENGTH} characters",
        )
    return raw


def _hkdf(data_key: bytes, label: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=_KEY_BYTES, salt=None,
                info=b"so-ho-tich/" + label).derive(data_key)


@dataclass(frozen=True)
class WorkspaceKeys:
    """The subkeys of an unlocked workspace; ``repr`` shows none of them."""

    database_key: bytes = field(repr=False)
    blob_key: bytes = field(repr=False)
    name_key: bytes = field(repr=False)

    @classmethod
    def from_data_key(cls, data_key: bytes) -> WorkspaceKeys:
        """Derive the subkeys from the workspace's data key."""
        if len(data_key) != _KEY_BYTES:
            raise ValueError("data key must be 32 bytes")
        return cls(database_key=_hkdf(data_key, b"sqlcipher/v1"), blob_key=_hkdf(data_key, b"blob-aes-gcm/v1"),
                   name_key=_hkdf(data_key, b"blob-name-hmac/v1"))

    def sqlcipher_key_pragma(self) -> str:
        """The ``PRAGMA key`` statement giving SQLCipher the raw database key."""
        return f"PRAGMA key = \"x'{self.database_key.hex()}'\""

    def blob_cipher(self) -> BlobCipher:
        """The sealing and naming functions of the blob store."""
        return BlobCipher(self.blob_key, self.name_key)


class BlobCipher:
    """AES-256-GCM sealing of blobs and HMAC-SHA256 names for their files."""

    def __init__(self, blob_key: bytes, name_key: bytes) -> None:
        self._aead = AESGCM(blob_key)
        self._name_key = name_key

    def __repr__(self) -> str:
        return "BlobCipher(<keys hidden>)"

    def locate(self, digest: str) -> str:
        """The file name of the blob whose plain SHA-256 is ``digest`` (64 hex characters)."""
        return hmac.new(self._name_key, bytes.fromhex(digest), hashlib.sha256).hexdigest()

    def seal(self, digest: str, data: bytes) -> bytes:
        """Encrypt ``data`` bound to its digest: magic, nonce, ciphertext and tag."""
        nonce = os.urandom(_NONCE_BYTES)
        return _BLOB_MAGIC + nonce + self._aead.encrypt(nonce, data, _BLOB_MAGIC + bytes.fromhex(digest))

    def unseal(self, digest: str, raw: bytes) -> bytes:
        """Decrypt a sealed blob, refusing one that was altered or belongs to another digest."""
        head = len(_BLOB_MAGIC)
        if raw[:head] != _BLOB_MAGIC or len(raw) < head + _NONCE_BYTES + 16:
            raise StorageError("Ảnh trang trong thư mục làm việc đã bị thay đổi hoặc hỏng.",
                               f"Blob {digest[:12]}… is not a sealed blob")
        nonce = raw[head:head + _NONCE_BYTES]
        try:
            return self._aead.decrypt(nonce, raw[head + _NONCE_BYTES:], _BLOB_MAGIC + bytes.fromhex(digest))
        except InvalidTag as exc:
            raise StorageError("Ảnh trang trong thư mục làm việc đã bị thay đổi hoặc hỏng.",
                               f"Blob {digest[:12]}… fails authentication") from exc


# ------------------------------------------------------------------ key file
def _slot_aad(kdf: dict) -> bytes:
    # Binds the wrapped key to the file format and the slot's KDF parameters.
    return rfc8785.dumps({"format": KEYFILE_FORMAT, "version": KEYFILE_VERSION, "type": "passphrase",
                          "kdf": kdf})


def _derive_kek(passphrase: bytes, kdf: dict) -> bytes:
    return Scrypt(salt=_unb64(kdf["salt"]), length=_KEY_BYTES, n=kdf["n"], r=kdf["r"],
                  p=kdf["p"]).derive(passphrase)


def _passphrase_slot(data_key: bytes, passphrase: bytes, params: ScryptParams) -> dict:
    kdf = {"name": "scrypt", "n": params.n, "r": params.r, "p": params.p, "salt": _b64(os.urandom(_SALT_BYTES))}
    nonce = os.urandom(_NONCE_BYTES)
    wrapped = AESGCM(_derive_kek(passphrase, kdf)).encrypt(nonce, data_key, _slot_aad(kdf))
    return {"type": "passphrase", "kdf": kdf, "nonce": _b64(nonce), "wrapped_key": _b64(wrapped)}


def _write_atomically(path: Path, content: bytes) -> None:
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise StorageError("Không ghi được tệp khoá của thư mục làm việc.",
                           f"Cannot write key file: {exc.strerror}") from exc


def _write_keyfile(path: Path, slots: list[dict]) -> None:
    document = {"format": KEYFILE_FORMAT, "version": KEYFILE_VERSION, "slots": slots}
    _write_atomically(path, json.dumps(document, indent=2).encode("utf-8") + b"\n")


def _read_keyfile(path: Path) -> dict:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise StorageError(
            "Thiếu tệp khoá (workspace.keys) của thư mục làm việc đã mã hoá; không thể mở.",
            f"Key file {path.name} is missing",
        ) from exc
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise StorageError("Tệp khoá của thư mục làm việc bị hỏng; không thể mở.",
                           f"Key file {path.name} is unreadable") from exc
    if not isinstance(document, dict) or document.get("format") != KEYFILE_FORMAT:
        raise StorageError("Tệp khoá của thư mục làm việc bị hỏng; không thể mở.",
                           f"Key file {path.name} has an unknown format")
    if document.get("version") != KEYFILE_VERSION:
        raise StorageError("Tệp khoá được tạo bởi phiên bản chương trình mới hơn; hãy cập nhật chương trình.",
                           f"Key file version {document.get('version')!r} is not supported")
    return document


def _unwrap(slot: dict, passphrase: bytes) -> bytes | None:
    """The data key if ``passphrase`` opens this slot, else None."""
    kdf = slot["kdf"]
    if kdf.get("name") != "scrypt" or not (
        kdf["n"] <= _MAX_SCRYPT_N and kdf["r"] <= _MAX_SCRYPT_R and kdf["p"] <= _MAX_SCRYPT_P
    ):
        raise StorageError("Tệp khoá của thư mục làm việc bị hỏng; không thể mở.",
                           "Key file slot has unsupported KDF parameters")
    try:
        return AESGCM(_derive_kek(passphrase, kdf)).decrypt(_unb64(slot["nonce"]), _unb64(slot["wrapped_key"]),
                                                            _slot_aad(kdf))
    except InvalidTag:
        return None


def create_keyfile(path: Path, passphrase: str | bytes, *, kdf: ScryptParams | None = None) -> WorkspaceKeys:
    """Make a new data key, write it wrapped by ``passphrase`` to ``path`` and return its subkeys."""
    raw = check_new_passphrase(passphrase)
    data_key = os.urandom(_KEY_BYTES)
    _write_keyfile(Path(path), [_passphrase_slot(data_key, raw, kdf or DEFAULT_KDF)])
    return WorkspaceKeys.from_data_key(data_key)


def _open_data_key(path: Path, passphrase: str | bytes) -> tuple[dict, bytes]:
    document = _read_keyfile(path)
    raw = normalise_passphrase(passphrase)
    try:
        for slot in document["slots"]:
            if slot.get("type") == "passphrase":
                data_key = _unwrap(slot, raw)
                if data_key is not None:
                    return document, data_key
    except (KeyError, TypeError, ValueError) as exc:
        raise StorageError("Tệp khoá của thư mục làm việc bị hỏng; không thể mở.",
                           "Key file slot is malformed") from exc
    raise WorkspaceLockedError("Mật khẩu không đúng; không mở được thư mục làm việc.",
                               "Wrong passphrase for the encrypted workspace")


def unlock_keyfile(path: Path, passphrase: str | bytes) -> WorkspaceKeys:
    """The subkeys of the workspace whose key file is ``path``; a wrong passphrase raises WorkspaceLockedError."""
    _, data_key = _open_data_key(Path(path), passphrase)
    return WorkspaceKeys.from_data_key(data_key)


def change_keyfile_passphrase(path: Path, current: str | bytes, new: str | bytes, *,
                              kdf: ScryptParams | None = None) -> None:
    """Rewrap the data key under ``new`` (with a fresh salt); the old passphrase stops working."""
    path = Path(path)
    raw_new = check_new_passphrase(new)
    document, data_key = _open_data_key(path, current)
    others = [slot for slot in document["slots"] if slot.get("type") != "passphrase"]
    _write_keyfile(path, [_passphrase_slot(data_key, raw_new, kdf or DEFAULT_KDF), *others])
