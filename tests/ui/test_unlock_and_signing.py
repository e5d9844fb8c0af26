"""Encrypted workspaces and signing, driven from the window like an officer does: the passphrase asked
(and asked again when wrong), a new workspace encrypted, records signed with one PIN entry and their
signature graded in the verification view, a record's history listing a correction."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from inspector.domain import RecordStatus
from inspector.settings import Settings
from storage.crypto import MIN_PASSPHRASE_LENGTH
from storage.signing import DemoCA, Grade, TrustStore
from storage.workspace import WorkspaceStore
from tests.ui.sample_records import add_sample_page, add_sample_records, numbered_copies

SAMPLE = "khai-sinh-so-scan"
PASSPHRASE = "mật khẩu xã Quỳnh Hưng"
KEY_PASSWORD = "pin-cua-can-bo"


def _ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


# ------------------------------------------------------------------ encrypted workspaces
@pytest.fixture
def encrypted_workspace(tmp_path):
    root = tmp_path / "encrypted"
    with WorkspaceStore.create(root, commune="Xã Quỳnh Hưng", actor="test", passphrase=PASSPHRASE) as store:
        store.add_book("birth", "01/2024", year=2024, actor="test")
    return root


def test_an_encrypted_workspace_asks_for_its_passphrase_and_again_when_it_is_wrong(
    qtbot, window, encrypted_workspace
):
    with qtbot.waitSignal(window.passphrase_requested, timeout=10_000) as asked:
        window.open_workspace(encrypted_workspace)
    dialog = asked.args[0]
    assert dialog.isVisible() and window.store is None
    assert dialog.passphrase_edit.echoMode() is QLineEdit.EchoMode.Password
    assert not _ok(dialog).isEnabled()  # nothing typed yet

    dialog.passphrase_edit.setText("không phải mật khẩu")
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert dialog.busy  # the key is derived on the worker, the window keeps painting
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert dialog.isVisible() and window.store is None
    assert dialog.problem.isVisible()
    assert dialog.problem.text() == "Mật khẩu không đúng; không mở được thư mục làm việc."
    assert dialog.passphrase_edit.text() == ""  # asked again, from an empty field

    dialog.passphrase_edit.setText(PASSPHRASE)
    with qtbot.waitSignal(window.workspace_opened, timeout=10_000):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert window.store is not None and window.store.encrypted
    assert [b.number for b in window._books] == ["01/2024"]
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2_000)
    # The passphrase is nowhere in the settings.
    assert PASSPHRASE not in repr(asdict(window.settings))


def test_reopening_the_last_workspace_at_start_asks_for_the_passphrase_and_cancel_keeps_the_start_page(
    qtbot, window, encrypted_workspace
):
    with qtbot.waitSignal(window.passphrase_requested, timeout=10_000) as asked:
        window.open_workspace(encrypted_workspace, quiet=True)
    dialog = asked.args[0]
    dialog.reject()
    assert window.store is None
    assert window.pages.currentWidget() is window.start_page
    assert window.open_action.isEnabled()


def test_a_new_workspace_is_encrypted_with_the_passphrase_typed_twice(qtbot, window, tmp_path):
    dialog = window.show_create_workspace_dialog()
    dialog.folder_edit.setText(str(tmp_path / "new"))
    dialog.commune_edit.setText("Phường Một")
    assert not _ok(dialog).isEnabled()  # no passphrase yet, and the workspace is to be encrypted
    dialog.passphrase_edit.setText("x" * (MIN_PASSPHRASE_LENGTH - 1))
    dialog.confirm_edit.setText("x" * (MIN_PASSPHRASE_LENGTH - 1))
    assert not _ok(dialog).isEnabled() and str(MIN_PASSPHRASE_LENGTH) in dialog.problem.text()
    dialog.passphrase_edit.setText(PASSPHRASE)
    dialog.confirm_edit.setText(PASSPHRASE + "!")
    assert not _ok(dialog).isEnabled() and dialog.problem.text() == "Hai lần nhập mật khẩu chưa khớp."
    dialog.plain_box.setChecked(True)
    assert _ok(dialog).isEnabled() and dialog.value().passphrase is None
    dialog.plain_box.setChecked(False)
    dialog.confirm_edit.setText(PASSPHRASE)
    assert _ok(dialog).isEnabled() and dialog.value().passphrase == PASSPHRASE

    with qtbot.waitSignal(window.workspace_opened, timeout=15_000):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert window.store.encrypted and window.info.commune == "Phường Một"
    assert WorkspaceStore.is_encrypted(tmp_path / "new")
    with pytest.raises(Exception, match="Wrong passphrase"):
        WorkspaceStore.open(tmp_path / "new", passphrase="sai mật khẩu nhé")


# ------------------------------------------------------------------ signing and history
@pytest.fixture(scope="module")
def demo_ca():
    return DemoCA.create()


@pytest.fixture
def officer_key(tmp_path, demo_ca):
    path = tmp_path / "can-bo.p12"
    demo_ca.issue_officer_pkcs12(path, KEY_PASSWORD, common_name="Cán bộ thử nghiệm", commune="Xã Quỳnh Hưng")
    return path


@pytest.fixture
def verified_workspace(tmp_path):
    """A birth book: the sample record and three more, three verified and one left a draft."""
    root = tmp_path / "ws"
    with WorkspaceStore.create(root, commune="Xã Quỳnh Hưng", actor="test") as store:
        book = store.add_book("birth", "01/2024", year=2024, actor="test")
        page = add_sample_page(store, book, SAMPLE)
        record = add_sample_records(store, book, page, SAMPLE, misread={})[0]
        others = numbered_copies(store, book, record, ["341", "342", "343"])
        for r in (record, *others[:2]):
            store.set_record_status(r.id, RecordStatus.VERIFIED, actor="test")
    return root, record.id, [o.id for o in others]


@pytest.fixture
def signing_window(qtbot, languages, demo_ca):
    from ui.main_window import MainWindow
    from ui.worker import TaskRunner

    runner = TaskRunner()
    trust = TrustStore.of([demo_ca.certificate])
    win = MainWindow(runner, languages, Settings(officer_name="Cán bộ A"), persist_settings=False,
                     words_provider=None, trust=lambda: trust)
    qtbot.addWidget(win)
    win.resize(1440, 900)
    win.show()
    yield win
    win.close()


def _open_record(qtbot, window, root, record_id):
    with qtbot.waitSignal(window.pages_loaded, timeout=15_000):
        window.open_workspace(root)
    with qtbot.waitSignal(window.verify_view.record_shown, timeout=15_000):
        window.open_record(record_id)
    return window.verify_view


def _sign_with(qtbot, window, dialog, key_path, pin=KEY_PASSWORD):
    dialog.file_choice.setChecked(True)
    dialog.file_edit.setText(str(key_path))
    assert not _ok(dialog).isEnabled()  # the PIN is missing
    dialog.pin_edit.setText(pin)
    assert dialog.pin_edit.echoMode() is QLineEdit.EchoMode.Password
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)


def test_signing_the_record_shown_marks_it_signed_and_its_header_shows_the_grade(
    qtbot, signing_window, verified_workspace, officer_key
):
    window = signing_window
    root, record_id, _ = verified_workspace
    view = _open_record(qtbot, window, root, record_id)
    assert view.sign_button.isEnabled() and view.signature_badge.isHidden()

    with qtbot.waitSignal(window.sign_key_requested, timeout=5_000) as asked:
        qtbot.mouseClick(view.sign_button, Qt.MouseButton.LeftButton)
    dialog = asked.args[0]
    assert "1 bản ghi" in dialog.headline.text()
    with qtbot.waitSignal(window.signing_finished, timeout=30_000) as finished, \
            qtbot.waitSignal(view.record_shown, timeout=30_000):
        _sign_with(qtbot, window, dialog, officer_key)
    outcome = finished.args[0]
    assert [s.record_id for s in outcome.report.signed] == [record_id] and not outcome.report.refused

    assert view.record.status is RecordStatus.SIGNED
    assert not view.sign_button.isEnabled()
    # A demo certificate signs validly, with the warning that it has no legal value.
    check = view.signature
    assert check is not None and check.result.grade is Grade.VALID_WITH_WARNINGS
    assert view.signature_badge.isVisible() and view.signature_badge.text() == "Có cảnh báo"
    assert "Cán bộ thử nghiệm" in view.signature_info.text()
    assert "chứng thư số thử nghiệm (DEMO)" in view.signature_info.text()
    # The key's place is remembered, its PIN is not.
    assert window.settings.signing_pkcs12 == str(officer_key)
    assert KEY_PASSWORD not in repr(asdict(window.settings))
    with WorkspaceStore.open(root) as store:
        assert store.record(record_id).status is RecordStatus.SIGNED


def test_an_untrusted_signer_is_graded_so_and_a_correction_takes_the_badge_away(
    qtbot, signing_window, verified_workspace, officer_key
):
    window = signing_window
    root, record_id, _ = verified_workspace
    view = _open_record(qtbot, window, root, record_id)
    with qtbot.waitSignal(window.sign_key_requested, timeout=5_000) as asked:
        window.sign_current_record()
    with qtbot.waitSignal(view.record_shown, timeout=30_000):
        _sign_with(qtbot, window, asked.args[0], officer_key)
    assert view.signature_badge.isVisible()

    # On a computer that does not trust the demo CA, the same signature has an unknown signer.
    view.trust = lambda: TrustStore.of([])
    with qtbot.waitSignal(view.record_shown, timeout=15_000):
        view.open_record(record_id)
    assert view.signature.result.grade is Grade.UNKNOWN_SIGNER
    assert view.signature_badge.text() == "Không rõ người ký"
    assert "không xác định được người ký" in view.signature_info.text()

    # A correction after signing sends the record back to checking: no signature speaks for it now.
    view.rows["full_name"].edit.setText("NGUYỄN VĂN SỬA")
    with qtbot.waitSignal(view.record_saved, timeout=10_000):
        view.accept_field("full_name")
    qtbot.waitUntil(lambda: not view.busy, timeout=10_000)
    assert view.record.status is RecordStatus.DRAFT
    assert view.signature_badge.isHidden() and view.signature_info.isHidden()


def test_signing_the_whole_book_signs_its_verified_records_with_one_pin_entry(
    qtbot, signing_window, verified_workspace, officer_key
):
    window = signing_window
    root, record_id, others = verified_workspace
    with qtbot.waitSignal(window.pages_loaded, timeout=15_000):
        window.open_workspace(root)
    with qtbot.waitSignal(window.sign_key_requested, timeout=10_000) as asked:
        window.sign_book_action.trigger()
    dialog = asked.args[0]
    assert dialog.count == 3 and "3 bản ghi" in dialog.headline.text()
    with qtbot.waitSignal(window.signing_finished, timeout=30_000) as finished:
        _sign_with(qtbot, window, dialog, officer_key)
    outcome = finished.args[0]
    assert {s.record_id for s in outcome.report.signed} == {record_id, *others[:2]}
    assert all(c.result.is_acceptable for c in outcome.checks) and len(outcome.checks) == 3
    qtbot.waitUntil(lambda: window.signature_label.text() == "Chờ ký: 0", timeout=10_000)
    with WorkspaceStore.open(root) as store:
        assert store.record(others[2]).status is RecordStatus.DRAFT  # never checked: never signed


def test_a_wrong_pin_is_shown_through_the_error_presenter_and_nothing_is_signed(
    qtbot, signing_window, verified_workspace, officer_key
):
    window = signing_window
    root, record_id, _ = verified_workspace
    _open_record(qtbot, window, root, record_id)
    with qtbot.waitSignal(window.sign_key_requested, timeout=5_000) as asked:
        window.sign_current_record()
    with qtbot.waitSignal(window.error_presented, timeout=30_000) as shown:
        _sign_with(qtbot, window, asked.args[0], officer_key, pin="sai-pin")
    assert type(shown.args[0]).__name__ == "SignatureError"
    assert not window.signing and window.sign_record_action.isEnabled()
    with WorkspaceStore.open(root) as store:
        assert store.record(record_id).status is RecordStatus.VERIFIED


def test_the_history_lists_a_correction_with_who_when_and_old_and_new_values(
    qtbot, signing_window, verified_workspace
):
    window = signing_window
    root, _record_id, others = verified_workspace
    view = _open_record(qtbot, window, root, others[2])
    row = view.rows["full_name"]
    old = row.edit.text()
    row.edit.setText("NGUYỄN VĂN SỬA")
    with qtbot.waitSignal(view.record_saved, timeout=10_000):
        view.accept_field("full_name")
    with qtbot.waitSignal(window.history_shown, timeout=10_000) as shown:
        qtbot.mouseClick(view.history_button, Qt.MouseButton.LeftButton)
    dialog = shown.args[0]
    rows = dialog.cell_texts()
    correction = next(r for r in rows if r[4] == f"{old} → NGUYỄN VĂN SỬA")
    assert correction[1] == "Cán bộ A" and correction[2] == "Sửa" and correction[3] == "Họ, chữ đệm, tên"
    assert rows[0] == correction  # newest first
    assert any(r[2] == "Tạo bản ghi" for r in rows)
    assert "341" not in dialog.heading.text() and "343" in dialog.heading.text()


# ------------------------------------------------------------------ the screenshot mode
@pytest.mark.slow
def test_gui_screenshot_of_an_encrypted_workspace_reads_the_passphrase_file_or_says_how_to_give_it(
    tmp_path, encrypted_workspace
):
    from tests.conftest import run_cli

    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    secret.chmod(0o600)
    shot = tmp_path / "shot.png"
    result = run_cli("gui", "--workspace", str(encrypted_workspace), "--screenshot", str(shot),
                     "--passphrase-file", str(secret), timeout=120)
    assert result.returncode == 0, result.stderr
    assert shot.stat().st_size > 10_000

    locked = run_cli("gui", "--workspace", str(encrypted_workspace), "--screenshot", str(tmp_path / "no.png"),
                     env={"INSPECTOR_PASSPHRASE_FILE": ""}, timeout=120)
    assert locked.returncode == 6, locked.stderr
    assert "--passphrase-file" in locked.stderr and "Traceback" not in locked.stderr
