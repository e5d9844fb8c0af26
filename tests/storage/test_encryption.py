"""An encrypted workspace: a stolen folder reveals no names, the passphrase opens it, search still works."""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from inspector.domain import FieldValue
from inspector.errors import StorageError, WorkspaceLockedError
from inspector.textfold import fold_for_search
from storage import crypto
from storage.blobstore import sha256_hex
from storage.crypto import KEYFILE_NAME, ScryptParams, unlock_keyfile
from storage.workspace import DB_FILENAME, WorkspaceStore

PASSPHRASE = "Mùa thu Hà Nội 1945!"
# Distinctive names, a personal id and a source file name that carries a name (as scans often do).
CHILD = "Hoàng Thị Ngọc Huyền"
FATHER = "Trịnh Quốc Vượng"
MOTHER = "Lưu Thị Diễm Quỳnh"
CORRECTED = "Hoàng Thị Ngọc Huyên"
PERSONAL_ID = "038203007719"
SOURCE_NAME = "Giấy khai sinh Hoàng Thị Ngọc Huyền.png"
NAMES = [CHILD, FATHER, MOTHER, CORRECTED]


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch):
    """Cheap scrypt for tests; the format and code path are those of the real cost."""
    monkeypatch.setattr(crypto, "DEFAULT_KDF", ScryptParams(n=2**12, r=8, p=1))


def _forms(name: str) -> set[bytes]:
    """Every way a name may sit in a file: NFC, NFD, upper case, folded (as indexed), per word."""
    texts = set()
    for variant in (name, name.upper(), name.lower(), fold_for_search(name), fold_for_search(name).upper()):
        texts.add(unicodedata.normalize("NFC", variant))
        texts.add(unicodedata.normalize("NFD", variant))
    # Single distinctive words too (a page of an index may split a name), but only long ones.
    for word in name.split() + fold_for_search(name).split():
        if len(word) >= 5:
            texts.add(unicodedata.normalize("NFC", word))
    found = set()
    for text in texts:
        found.add(text.encode("utf-8"))
        found.add(text.encode("utf-16-le"))
    return found


def _secrets() -> set[bytes]:
    forms: set[bytes] = set()
    for name in NAMES:
        forms |= _forms(name)
    forms |= {PERSONAL_ID.encode(), PERSONAL_ID.encode("utf-16-le")}
    return forms


def _leaks(folder: Path) -> list[tuple[str, bytes]]:
    """(file, form) for every form of a secret found in any byte of any file under ``folder``."""
    secrets = _secrets()
    leaks = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        lowered = data.lower()
        for form in secrets:
            if form in data or form.lower() in lowered:
                leaks.append((str(path.relative_to(folder)), form))
    return leaks


def _strings_leaks(folder: Path) -> list[str]:
    """Names the real ``strings`` program finds (8-bit and 16-bit little-endian) in the folder."""
    words = {w.casefold() for name in NAMES for w in (name, fold_for_search(name))} | {PERSONAL_ID}
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        for encoding in ("s", "l"):
            out = subprocess.run(["strings", "-a", "-n", "4", "-e", encoding, str(path)], capture_output=True,
                                 check=True).stdout.decode("utf-8", "replace").casefold()
            found += [f"{path.name}: {w}" for w in words if w in out]
    return found


def _fill(store: WorkspaceStore) -> tuple[str, str]:
    """A book, a page whose image bytes hold the names in clear, a record corrected once."""
    book = store.add_book("birth", "07/2003", year=2003)
    image = b"\x89PNG fake page " + " ".join(NAMES).encode() + PERSONAL_ID.encode() + bytes(range(256))
    page = store.add_page(book.id, image, media_type="image/png", width=10, height=10,
                          source_name=SOURCE_NAME).page
    fields = {"ho_ten": FieldValue(CHILD), "ho_ten_cha": FieldValue(FATHER), "ho_ten_me": FieldValue(MOTHER),
              "so_dinh_danh": FieldValue(PERSONAL_ID), "ngay_sinh": FieldValue("2003-02-26")}
    record = store.add_record(book.id, "birth", fields, page_ids=[page.id])
    store.revise_record(record.id, actor="can bo", field_changes={"ho_ten": FieldValue(CORRECTED)},
                        reason="sửa theo bản gốc")
    store.revise_record(record.id, actor="can bo", field_changes={"ho_ten": FieldValue(CHILD)})
    return record.id, page.image_sha256


def test_the_scanner_finds_names_in_a_plain_workspace(tmp_path):
    # Proves the scan can fail: the same content, unencrypted, shows the names.
    with WorkspaceStore.create(tmp_path / "plain", commune="Xã Quỳnh Hưng") as store:
        _fill(store)
    leaks = _leaks(tmp_path / "plain")
    assert any(form == CHILD.encode() for _, form in leaks)
    assert any(form == fold_for_search(FATHER).encode() for _, form in leaks)  # the search index
    assert any(name.startswith("blobs") for name, _ in leaks)


def test_an_encrypted_folder_reveals_no_names_and_reopens_with_its_passphrase(tmp_path):
    root = tmp_path / "ws"
    store = WorkspaceStore.create(root, commune="Xã Quỳnh Hưng", passphrase=PASSPHRASE)
    assert store.encrypted and WorkspaceStore.is_encrypted(root)
    record_id, digest = _fill(store)
    # While open, the WAL and shared-memory files exist: they must not leak either.
    assert (root / f"{DB_FILENAME}-wal").exists()
    assert _leaks(root) == []
    store.close()
    assert _leaks(root) == []
    if shutil.which("strings"):
        assert _strings_leaks(root) == []
    # Blob files are not named by the SHA-256 of the page.
    blob_files = [p for p in (root / "blobs").rglob("*") if p.is_file()]
    assert len(blob_files) == 1 and digest not in {p.parent.name + p.name for p in blob_files}

    with WorkspaceStore.open(root, passphrase=PASSPHRASE) as store:
        assert store.integrity_check() == "ok"
        assert [r.id for r in store.search_records("hoang thi ngoc huyen")] == [record_id]
        assert [r.id for r in store.search_records("Vượng")] == [record_id]
        assert [r.id for r in store.search_records("26/02/2003")] == [record_id]
        page = store.pages()[0]
        assert page.source_name == SOURCE_NAME and page.image_sha256 == digest
        assert sha256_hex(store.page_image(page)) == digest
        assert store.verify_audit_chain() is None
        assert store.info().commune == "Xã Quỳnh Hưng"


def test_wrong_or_missing_passphrase_is_refused_in_vietnamese(tmp_path):
    root = tmp_path / "ws"
    WorkspaceStore.create(root, passphrase=PASSPHRASE).close()
    with pytest.raises(WorkspaceLockedError) as info:
        WorkspaceStore.open(root, passphrase="Mùa thu Hà Nội 1946!")
    assert "Mật khẩu không đúng" in info.value.message_vi
    with pytest.raises(WorkspaceLockedError) as info:
        WorkspaceStore.open(root)
    assert "mã hoá" in info.value.message_vi
    assert isinstance(info.value, StorageError)  # the CLI's exit code and the GUI's presenter apply


def test_the_passphrase_opens_whichever_way_a_keyboard_composed_it(tmp_path):
    root = tmp_path / "ws"
    WorkspaceStore.create(root, passphrase=unicodedata.normalize("NFC", PASSPHRASE)).close()
    WorkspaceStore.open(root, passphrase=unicodedata.normalize("NFD", PASSPHRASE)).close()
    WorkspaceStore.open(root, passphrase=unicodedata.normalize("NFC", PASSPHRASE).encode()).close()


def test_changing_the_passphrase_rewraps_only_the_key(tmp_path):
    root = tmp_path / "ws"
    store = WorkspaceStore.create(root, passphrase=PASSPHRASE)
    record_id, _ = _fill(store)
    store.close()

    def contents() -> dict[str, str]:
        return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in root.rglob("*") if p.is_file() and p.name != KEYFILE_NAME}

    before = contents()
    with WorkspaceStore.open(root, passphrase=PASSPHRASE) as store:
        with pytest.raises(WorkspaceLockedError):
            store.change_passphrase("not the passphrase", "một mật khẩu mới dài")
        with pytest.raises(StorageError, match="8"):
            store.change_passphrase(PASSPHRASE, "ngắn")
        store.change_passphrase(PASSPHRASE, "một mật khẩu mới dài")
    # Opening alone checkpoints nothing new: only the key file changed.
    assert contents() == before
    with pytest.raises(WorkspaceLockedError):
        WorkspaceStore.open(root, passphrase=PASSPHRASE)
    with WorkspaceStore.open(root, passphrase="một mật khẩu mới dài") as store:
        assert store.record(record_id).fields["ho_ten"].value == CHILD


def test_keys_and_passphrase_are_never_written_or_logged(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    root = tmp_path / "ws"
    with WorkspaceStore.create(root, passphrase=PASSPHRASE) as store:
        _fill(store)
    with pytest.raises(WorkspaceLockedError):
        WorkspaceStore.open(root, passphrase="sai mật khẩu rồi")
    keys = unlock_keyfile(root / KEYFILE_NAME, PASSPHRASE)
    secrets = [keys.database_key, keys.blob_key, keys.name_key, keys.database_key.hex().encode(),
               PASSPHRASE.encode()]
    for path in (p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        assert not any(secret in data for secret in secrets), path.name
    assert keys.database_key.hex() not in repr(keys)
    logged = caplog.text
    assert PASSPHRASE not in logged and keys.database_key.hex() not in logged
    assert not any(name in logged for name in NAMES)


def test_tampered_or_swapped_blobs_and_a_lost_key_file_are_clear_errors(tmp_path):
    root = tmp_path / "ws"
    with WorkspaceStore.create(root, passphrase=PASSPHRASE) as store:
        book = store.add_book("birth", "01")
        first = store.add_page(book.id, b"first page", media_type="image/png", width=1, height=1,
                               source_name="a.png").page
        second = store.add_page(book.id, b"second page", media_type="image/png", width=1, height=1,
                                source_name="b.png").page
        # One sealed blob copied over another is refused: each is bound to its own digest.
        store.blobs.path_of(second.image_sha256).write_bytes(store.blobs.path_of(first.image_sha256).read_bytes())
        with pytest.raises(StorageError, match="blob|Blob") as info:
            store.page_image(second)
        assert "hỏng" in info.value.message_vi
        raw = bytearray(store.blobs.path_of(first.image_sha256).read_bytes())
        raw[-1] ^= 1
        store.blobs.path_of(first.image_sha256).write_bytes(bytes(raw))
        with pytest.raises(StorageError):
            store.page_image(first)
    (root / KEYFILE_NAME).unlink()
    assert WorkspaceStore.is_encrypted(root)
    with pytest.raises(StorageError) as info:
        WorkspaceStore.open(root, passphrase=PASSPHRASE)
    assert "tệp khoá" in info.value.message_vi


def test_plain_workspaces_still_open_and_short_passphrases_are_refused(tmp_path):
    with WorkspaceStore.create(tmp_path / "plain") as store:
        assert not store.encrypted
    assert not WorkspaceStore.is_encrypted(tmp_path / "plain")
    # A passphrase (say, from a shared environment variable) does not stop a plain workspace opening.
    WorkspaceStore.open(tmp_path / "plain", passphrase=PASSPHRASE).close()
    with pytest.raises(StorageError, match="8"):
        WorkspaceStore.create(tmp_path / "weak", passphrase="1234567")
    assert not (tmp_path / "weak" / DB_FILENAME).exists()


def test_a_plain_workspace_can_be_encrypted_in_place(tmp_path):
    root = tmp_path / "ws"
    with WorkspaceStore.create(root, commune="Xã Quỳnh Hưng") as store:
        record_id, digest = _fill(store)
    assert _leaks(root)
    WorkspaceStore.encrypt_existing(root, PASSPHRASE)
    assert WorkspaceStore.is_encrypted(root)
    assert _leaks(root) == []
    assert sorted(p.name for p in root.iterdir()) == ["blobs", DB_FILENAME, KEYFILE_NAME]
    with WorkspaceStore.open(root, passphrase=PASSPHRASE) as store:
        assert [r.id for r in store.search_records("truong quoc vuong")] == []
        assert [r.id for r in store.search_records("trinh quoc vuong")] == [record_id]
        assert sha256_hex(store.page_image(store.pages()[0])) == digest
        assert store.verify_audit_chain() is None
    with pytest.raises(StorageError):
        WorkspaceStore.encrypt_existing(root, PASSPHRASE)


def test_an_encryption_interrupted_after_the_database_swap_is_completed_on_open(tmp_path, monkeypatch):
    import os

    import storage.workspace as workspace

    root = tmp_path / "ws"
    with WorkspaceStore.create(root) as store:
        record_id, _ = _fill(store)
    real_replace = os.replace

    def crash_before_the_key_file(src, dst):  # noqa: ANN001
        if str(dst).endswith(KEYFILE_NAME):
            raise KeyboardInterrupt  # the power goes out
        real_replace(src, dst)

    monkeypatch.setattr(workspace.os, "replace", crash_before_the_key_file)
    with pytest.raises(KeyboardInterrupt):
        WorkspaceStore.encrypt_existing(root, PASSPHRASE)
    monkeypatch.setattr(workspace.os, "replace", real_replace)
    assert WorkspaceStore.is_encrypted(root)
    with WorkspaceStore.open(root, passphrase=PASSPHRASE) as store:
        assert store.record(record_id).fields["ho_ten"].value == CHILD
    assert _leaks(root) == []


def test_a_key_file_from_another_workspace_is_named_as_the_problem(tmp_path, capfd):
    for name in ("a", "b"):
        WorkspaceStore.create(tmp_path / name, passphrase=PASSPHRASE).close()
    shutil.copy(tmp_path / "a" / KEYFILE_NAME, tmp_path / "b" / KEYFILE_NAME)
    with pytest.raises(StorageError) as info:
        WorkspaceStore.open(tmp_path / "b", passphrase=PASSPHRASE)
    assert "Tệp khoá không khớp" in info.value.message_vi
    assert "sqlcipher" not in capfd.readouterr().err.lower()  # no library chatter on the console


def test_a_workspace_open_elsewhere_is_not_encrypted_under_it(tmp_path):
    root = tmp_path / "ws"
    with WorkspaceStore.create(root) as store:  # open and idle, as in the GUI
        _fill(store)
        with pytest.raises(StorageError) as info:
            WorkspaceStore.encrypt_existing(root, PASSPHRASE)
        assert "đóng" in info.value.message_vi
        assert store.records()  # and it still works
    assert not WorkspaceStore.is_encrypted(root)
    assert sorted(p.name for p in root.iterdir()) == ["blobs", DB_FILENAME]
