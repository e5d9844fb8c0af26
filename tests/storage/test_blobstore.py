"""Blobs are named by content, written atomically and checked on read."""

from __future__ import annotations

import pytest

from inspector.errors import StorageError
from storage.blobstore import BlobStore, sha256_hex


def test_put_get_and_idempotence(tmp_path):
    store = BlobStore(tmp_path / "blobs")
    digest = store.put(b"hello")
    assert digest == sha256_hex(b"hello")
    assert store.put(b"hello") == digest
    assert store.get(digest) == b"hello"
    assert store.path_of(digest).parent.name == digest[:2]


def test_stray_temporaries_from_a_crash_are_cleaned(tmp_path):
    store = BlobStore(tmp_path / "blobs")
    digest = store.put(b"kept")
    stray = store.path_of(digest).parent / ".tmp-abc"
    stray.write_bytes(b"half written")
    assert store.remove_stray_temporaries() == 1
    assert not stray.exists() and store.get(digest) == b"kept"


def test_bad_digest_and_missing_blob_are_clear_errors(tmp_path):
    store = BlobStore(tmp_path / "blobs")
    with pytest.raises(StorageError):
        store.path_of("../../etc/passwd")
    with pytest.raises(StorageError) as info:
        store.get("a" * 64)
    assert "Thiếu" in info.value.message_vi


def test_seal_and_unseal_transform_stored_bytes_but_not_the_name(tmp_path):
    store = BlobStore(tmp_path / "blobs", seal=lambda d, b: b[::-1], unseal=lambda d, b: b[::-1])
    digest = store.put(b"abc")
    assert store.path_of(digest).read_bytes() == b"cba"
    assert store.get(digest) == b"abc"
