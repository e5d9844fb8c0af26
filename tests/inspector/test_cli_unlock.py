"""Scripts unlock encrypted workspaces from a passphrase file; people are asked; mistakes are explained."""

from __future__ import annotations

import argparse
import os

import pytest

from inspector.cli import main
from inspector.errors import InputFileError, UsageError, WorkspaceLockedError
from inspector.unlock import (
    PASSPHRASE_ENV,
    passphrase_for_create,
    passphrase_for_open,
    read_passphrase_file,
)
from storage import crypto
from storage.crypto import ScryptParams
from storage.workspace import WorkspaceStore
from tests.conftest import run_cli

PASSPHRASE = "Cán bộ tư pháp 2024"


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch):
    monkeypatch.setattr(crypto, "DEFAULT_KDF", ScryptParams(n=2**12, r=8, p=1))
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)


@pytest.fixture
def passfile(tmp_path):
    path = tmp_path / "secret" / "pass.txt"
    path.parent.mkdir()
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def test_init_batch_and_listing_with_a_passphrase_file(tmp_path, passfile, page_files, capsys):
    workspace = tmp_path / "ws"
    assert main(["init", str(workspace), "--passphrase-file", str(passfile)]) == 0
    assert "đã mã hoá" in capsys.readouterr().out
    assert WorkspaceStore.is_encrypted(workspace)
    assert main(["batch", *map(str, page_files), "-w", str(workspace), "--book", "01/2024",
                 "--passphrase-file", str(passfile)]) == 0
    assert capsys.readouterr().out.count("stored\t") == 3
    assert main(["pages", "-w", str(workspace), "--passphrase-file", str(passfile)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


def test_the_environment_variable_names_the_passphrase_file(tmp_path, passfile, monkeypatch, capsys):
    workspace = tmp_path / "ws"
    monkeypatch.setenv(PASSPHRASE_ENV, str(passfile))
    assert main(["init", str(workspace)]) == 0
    assert WorkspaceStore.is_encrypted(workspace)
    assert main(["records", "-w", str(workspace), "--json"]) == 0
    capsys.readouterr()


def test_a_locked_workspace_without_or_with_a_wrong_passphrase_is_explained(tmp_path, passfile, capsys):
    workspace = tmp_path / "ws"
    assert main(["init", str(workspace), "--passphrase-file", str(passfile)]) == 0
    capsys.readouterr()
    assert main(["pages", "-w", str(workspace)]) == WorkspaceLockedError.exit_code
    err = capsys.readouterr().err
    assert "--passphrase-file" in err and PASSPHRASE_ENV in err and "Traceback" not in err
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("không phải mật khẩu\n", encoding="utf-8")
    wrong.chmod(0o600)
    assert main(["pages", "-w", str(workspace), "--passphrase-file", str(wrong)]) == WorkspaceLockedError.exit_code
    err = capsys.readouterr().err
    assert "Mật khẩu không đúng" in err and "không phải mật khẩu" not in err
    missing = tmp_path / "nowhere.txt"
    assert main(["pages", "-w", str(workspace), "--passphrase-file", str(missing)]) == InputFileError.exit_code
    assert "Không tìm thấy tệp mật khẩu" in capsys.readouterr().err


def test_init_without_a_passphrase_in_a_script_is_plain_and_says_so(tmp_path, capsys):
    assert main(["init", str(tmp_path / "a")]) == 0
    assert "KHÔNG được mã hoá" in capsys.readouterr().err
    assert main(["init", str(tmp_path / "b"), "--plain"]) == 0
    assert not WorkspaceStore.is_encrypted(tmp_path / "a") and not WorkspaceStore.is_encrypted(tmp_path / "b")


def test_every_workspace_command_takes_the_passphrase_file():
    from inspector.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in sub.choices.items():
        dests = {action.dest for action in command._actions}
        if "workspace" in dests and name not in ("demo", "gui"):
            assert "passphrase_file" in dests, name


def test_passphrase_files_are_read_leniently_but_not_blindly(tmp_path, capsys):
    path = tmp_path / "p.txt"
    path.write_bytes("\ufeffMật khẩu dài\r\nignored second line\n".encode())
    path.chmod(0o600)
    assert read_passphrase_file(path) == "Mật khẩu dài"
    assert capsys.readouterr().err == ""
    path.chmod(0o644)
    read_passphrase_file(path)
    assert "chmod 600" in capsys.readouterr().err
    path.write_bytes(b"\n")
    with pytest.raises(InputFileError, match="empty"):
        read_passphrase_file(path)


def test_people_at_a_terminal_are_asked(tmp_path):
    answers = iter([PASSPHRASE, PASSPHRASE])
    args = argparse.Namespace(passphrase_file=None, plain=False)
    chosen = passphrase_for_create(args, env={}, prompt=lambda _: next(answers))
    assert chosen == PASSPHRASE
    answers = iter([PASSPHRASE, "khác hẳn mật khẩu"])
    with pytest.raises(UsageError):
        passphrase_for_create(args, env={}, prompt=lambda _: next(answers))
    WorkspaceStore.create(tmp_path / "ws", passphrase=PASSPHRASE).close()
    asked = []
    got = passphrase_for_open(args, tmp_path / "ws", env={}, prompt=lambda text: asked.append(text) or PASSPHRASE)
    assert got == PASSPHRASE and asked
    # A plain workspace asks nothing.
    WorkspaceStore.create(tmp_path / "plain").close()
    assert passphrase_for_open(args, tmp_path / "plain", env={}, prompt=lambda _: pytest.fail("asked")) is None


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_a_real_scripted_run_unlocks_from_the_environment(tmp_path, passfile, page_files):
    workspace = tmp_path / "ws"
    env = {PASSPHRASE_ENV: str(passfile)}
    result = run_cli("init", str(workspace), "--commune", "Xã Quỳnh Hưng", env=env)
    assert result.returncode == 0, result.stderr
    result = run_cli("batch", str(page_files[0]), "-w", str(workspace), "--book", "01/2024", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("stored\t")
    result = run_cli("pages", "-w", str(workspace), env={PASSPHRASE_ENV: ""})
    assert result.returncode == WorkspaceLockedError.exit_code and "Traceback" not in result.stderr


def test_pin_file_stays_the_signing_pin_and_passphrase_file_the_workspace_secret():
    from inspector.unlock import add_unlock_argument

    parser = argparse.ArgumentParser()
    parser.add_argument("--workspace")
    parser.add_argument("--pin-file", dest="pin_file")
    add_unlock_argument(parser)
    args = parser.parse_args(["--pin-file", "token.pin", "--passphrase-file", "ws.pass"])
    assert (args.pin_file, args.passphrase_file) == ("token.pin", "ws.pass")


def test_encrypt_in_place_then_change_the_passphrase(tmp_path, passfile, capsys):
    workspace = tmp_path / "ws"
    assert main(["init", str(workspace), "--plain"]) == 0
    assert main(["encrypt", "-w", str(workspace), "--passphrase-file", str(passfile)]) == 0
    assert WorkspaceStore.is_encrypted(workspace)
    new = tmp_path / "secret" / "new.txt"
    new.write_text("mật khẩu mới của xã\n", encoding="utf-8")
    new.chmod(0o600)
    assert main(["change-passphrase", "-w", str(workspace), "--passphrase-file", str(passfile),
                 "--new-passphrase-file", str(new)]) == 0
    assert main(["records", "-w", str(workspace), "--passphrase-file", str(passfile)]) == 6
    assert main(["records", "-w", str(workspace), "--passphrase-file", str(new)]) == 0
    capsys.readouterr()


def test_encrypt_in_a_script_without_a_passphrase_file_says_what_to_give(tmp_path, capsys):
    workspace = tmp_path / "ws"
    assert main(["init", str(workspace), "--plain"]) == 0
    assert main(["encrypt", "-w", str(workspace)]) == UsageError.exit_code
    assert "--passphrase-file" in capsys.readouterr().err
    assert not WorkspaceStore.is_encrypted(workspace)
