"""Content-addressed store for page images and other large immutable bytes.

A blob is known by the SHA-256 of its (plain) content and written atomically:
temporary file in the same folder, fsync, rename, fsync of the folder. A blob
that exists is never rewritten, so a crash can leave at most a stray temporary
file, never a half-written blob under a real name.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from inspector.errors import StorageError

log = logging.getLogger(__name__)

_DIGEST_RE = re.compile(r"^[0-9a-f]{64}$")

#: Optional transform of stored bytes (encryption at rest): (digest, data) -> bytes.
BlobTransform = Callable[[str, bytes], bytes]
#: Optional mapping from a blob's digest to the (64 hex characters) name of its file.
BlobLocator = Callable[[str], str]


def sha256_hex(data: bytes) -> str:
    """Return the lowercase hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class BlobStore:
    """Blobs under ``root/ab/cdef…`` known by the SHA-256 of their plain content.

    ``seal``/``unseal`` encrypt and decrypt at rest when the workspace is
    encrypted, and ``locate`` then gives the file a keyed name, so a copy of a
    page cannot be matched to its file by hashing it. Callers always use the
    digest of the plain bytes, so signatures over page digests stay valid
    whether the store is encrypted or not.
    """

    def __init__(self, root: Path, *, seal: BlobTransform | None = None,
                 unseal: BlobTransform | None = None, locate: BlobLocator | None = None) -> None:
        self.root = Path(root)
        self._seal = seal
        self._unseal = unseal
        self._locate = locate
        self.root.mkdir(parents=True, exist_ok=True)

    def path_of(self, digest: str) -> Path:
        """Return where the blob of ``digest`` lives (it may not exist)."""
        if not _DIGEST_RE.match(digest):
            raise StorageError("Mã tệp lưu trữ không hợp lệ.", f"Invalid blob digest {digest!r}")
        name = self._locate(digest) if self._locate else digest
        if not _DIGEST_RE.match(name):
            raise StorageError("Mã tệp lưu trữ không hợp lệ.", "Blob locator returned an invalid name")
        return self.root / name[:2] / name[2:]

    def exists(self, digest: str) -> bool:
        """Whether a blob with this digest is stored."""
        return self.path_of(digest).is_file()

    def put(self, data: bytes) -> str:
        """Store ``data`` durably and return its digest; storing twice is a no-op."""
        digest = sha256_hex(data)
        target = self.path_of(digest)
        if target.is_file():
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = self._seal(digest, data) if self._seal else data
        fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, target)
            _fsync_dir(target.parent)
        except OSError as exc:
            Path(tmp_name).unlink(missing_ok=True)
            raise StorageError(
                "Không ghi được ảnh trang vào thư mục làm việc (ổ đĩa đầy hoặc không có quyền ghi).",
                f"Cannot write blob: {exc.strerror}",
            ) from exc
        return digest

    def get(self, digest: str) -> bytes:
        """Return the plain bytes of a blob, checking they still match the digest."""
        path = self.path_of(digest)
        try:
            raw = path.read_bytes()
        except FileNotFoundError as exc:
            raise StorageError(
                "Thiếu ảnh trang trong thư mục làm việc.", f"Blob {digest[:12]}… is missing"
            ) from exc
        data = self._unseal(digest, raw) if self._unseal else raw
        if sha256_hex(data) != digest:
            raise StorageError(
                "Ảnh trang trong thư mục làm việc đã bị thay đổi hoặc hỏng.",
                f"Blob {digest[:12]}… does not match its digest",
            )
        return data

    def remove_stray_temporaries(self) -> int:
        """Delete temporary files left by a crash mid-write; return how many."""
        count = 0
        for tmp in self.root.glob("*/.tmp-*"):
            tmp.unlink(missing_ok=True)
            count += 1
        if count:
            log.info("Removed %d stray temporary blob files", count)
        return count
