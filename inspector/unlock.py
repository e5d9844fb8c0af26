"""Unlocking encrypted workspaces from the command line, for people and for scripts.

Every command that opens a workspace takes ``--passphrase-file F``; without
it, the environment variable
``INSPECTOR_PASSPHRASE_FILE`` may name the file. The file holds the
passphrase on its first line (UTF-8). The passphrase itself is never taken
from the command line or the environment, where other users of the machine
(``ps``, ``/proc``) could read it. With neither, a person at a terminal is
asked; a script gets a clear error instead of a hanging prompt.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import stat
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from inspector.errors import InputFileError, UsageError, WorkspaceLockedError

log = logging.getLogger(__name__)

PASSPHRASE_ENV = "INSPECTOR_PASSPHRASE_FILE"
_MAX_PASSPHRASE_FILE_BYTES = 4096

Prompt = Callable[[str], str]


def add_unlock_argument(parser: argparse.ArgumentParser, *, creating: bool = False) -> None:
    """Add ``--passphrase-file`` (and, when ``creating``, ``--plain``) to a subcommand.

    ``--pin-file`` is not an alias: everywhere it names the signing key's PIN or
    password (``sign``), a different secret from the workspace's passphrase.
    """
    parser.add_argument(
        "--passphrase-file", dest="passphrase_file", metavar="FILE",
        help=("tệp chứa mật khẩu của thư mục làm việc (dòng đầu); có thể đặt bằng biến môi trường "
              f"{PASSPHRASE_ENV}"),
    )
    if creating:
        parser.add_argument("--plain", action="store_true",
                            help="không mã hoá thư mục làm việc (chỉ dùng cho dữ liệu thử)")


def read_passphrase_file(path: str | Path) -> str:
    """The passphrase held on the first line of ``path`` (``-`` reads standard input)."""
    if str(path) == "-":
        text = sys.stdin.readline()
    else:
        path = Path(path)
        try:
            info = path.stat()
            if info.st_size > _MAX_PASSPHRASE_FILE_BYTES:
                raise InputFileError(str(path), "Tệp mật khẩu quá lớn; nó chỉ nên có một dòng.",
                                     "passphrase file is too large")
            raw = path.read_bytes()
        except FileNotFoundError as exc:
            raise InputFileError(str(path), f"Không tìm thấy tệp mật khẩu «{path}».",
                                 f"passphrase file {path} not found") from exc
        except OSError as exc:
            raise InputFileError(str(path), f"Không đọc được tệp mật khẩu «{path}».",
                                 f"cannot read passphrase file {path}: {exc.strerror}") from exc
        if os.name == "posix" and info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            # Like ssh, warn (not refuse): the officer may not know chmod, but should hear of it.
            print(f"Cảnh báo: người dùng khác trên máy đọc được tệp mật khẩu «{path}»; "
                  f"hãy chạy: chmod 600 {path}", file=sys.stderr)
            log.warning("Passphrase file %s is readable by other users", path)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputFileError(str(path), "Tệp mật khẩu phải là văn bản UTF-8.",
                                 "passphrase file is not UTF-8") from exc
    passphrase = text.splitlines()[0] if text.splitlines() else ""
    if not passphrase:
        raise InputFileError(str(path), "Tệp mật khẩu trống.", "passphrase file is empty")
    return passphrase


def passphrase_file_from(args: argparse.Namespace, env: Mapping[str, str] | None = None) -> str | None:
    """The passphrase file named by ``--passphrase-file`` or, failing that, by the environment."""
    env = os.environ if env is None else env
    return getattr(args, "passphrase_file", None) or env.get(PASSPHRASE_ENV) or None


def _interactive() -> bool:
    try:
        return sys.stdin.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def passphrase_for_open(args: argparse.Namespace, workspace: str | Path, *,
                        env: Mapping[str, str] | None = None, prompt: Prompt | None = None) -> str | None:
    """The passphrase to open ``workspace`` with, or None when it is not encrypted.

    Taken from the passphrase file if one is named; else asked at a terminal;
    else :class:`~inspector.errors.WorkspaceLockedError` explains how to give it.
    """
    from storage.workspace import WorkspaceStore

    source = passphrase_file_from(args, env)
    if source:
        return read_passphrase_file(source)
    if not WorkspaceStore.is_encrypted(workspace):
        return None
    if prompt is None and _interactive():
        prompt = getpass.getpass
    if prompt is None:
        raise WorkspaceLockedError(
            "Thư mục làm việc này đã được mã hoá; hãy chỉ tệp mật khẩu bằng --passphrase-file "
            f"hoặc biến môi trường {PASSPHRASE_ENV}.",
            f"Encrypted workspace: pass --passphrase-file or set {PASSPHRASE_ENV}",
        )
    return prompt("Mật khẩu thư mục làm việc: ")


def passphrase_for_create(args: argparse.Namespace, *, env: Mapping[str, str] | None = None,
                          prompt: Prompt | None = None) -> str | None:
    """The passphrase a new workspace is encrypted with, or None for a plain one.

    ``--plain`` asks for a plain workspace; a passphrase file encrypts; at a
    terminal the person chooses a passphrase (typed twice); a script that
    names no file gets a plain workspace and a warning.
    """
    source = passphrase_file_from(args, env)
    if getattr(args, "plain", False):
        if source and getattr(args, "passphrase_file", None):
            raise UsageError("Không thể vừa dùng --plain vừa chỉ tệp mật khẩu.",
                             "--plain and --passphrase-file exclude each other")
        return None
    if source:
        return read_passphrase_file(source)
    if prompt is None and _interactive():
        prompt = getpass.getpass
    if prompt is None:
        print("Cảnh báo: thư mục làm việc KHÔNG được mã hoá (không có tệp mật khẩu). Dữ liệu cá nhân "
              "đọc được nếu mất máy; dùng --passphrase-file để mã hoá.", file=sys.stderr)
        return None
    first = prompt("Đặt mật khẩu cho thư mục làm việc (ít nhất 8 ký tự): ")
    if prompt("Nhập lại mật khẩu: ") != first:
        raise UsageError("Hai lần nhập mật khẩu không khớp.", "passphrases typed twice differ")
    return first


def open_workspace(args: argparse.Namespace, workspace: str | Path | None = None):  # noqa: ANN201
    """Open the workspace of a command (``args.workspace`` unless given), unlocking it if encrypted."""
    from storage.workspace import WorkspaceStore

    root = Path(workspace if workspace is not None else args.workspace)
    return WorkspaceStore.open(root, passphrase=passphrase_for_open(args, root))


# ------------------------------------------------------------------ commands
def _ask_new_passphrase(option: str) -> str:
    if not _interactive():
        raise UsageError(f"Hãy chỉ tệp chứa mật khẩu bằng {option}.", f"no passphrase: use {option}")
    first = getpass.getpass("Đặt mật khẩu cho thư mục làm việc (ít nhất 8 ký tự): ")
    if getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise UsageError("Hai lần nhập mật khẩu không khớp.", "passphrases typed twice differ")
    return first


def cmd_encrypt(args: argparse.Namespace) -> int:
    """``inspector encrypt``: encrypt a plain workspace in place."""
    from storage.workspace import WorkspaceStore

    source = passphrase_file_from(args)
    passphrase = read_passphrase_file(source) if source else _ask_new_passphrase("--passphrase-file")
    WorkspaceStore.encrypt_existing(Path(args.workspace), passphrase)
    print(f"Đã mã hoá thư mục làm việc: {args.workspace}", file=sys.stderr)
    return 0


def cmd_change_passphrase(args: argparse.Namespace) -> int:
    """``inspector change-passphrase``: rewrap the workspace key under a new passphrase."""
    from storage.workspace import WorkspaceStore

    current = passphrase_for_open(args, args.workspace)
    if current is None:
        raise UsageError("Thư mục làm việc này không được mã hoá; dùng «inspector encrypt».",
                         "workspace is not encrypted")
    if args.new_passphrase_file:
        new = read_passphrase_file(args.new_passphrase_file)
    else:
        new = _ask_new_passphrase("--new-passphrase-file")
    with WorkspaceStore.open(Path(args.workspace), passphrase=current) as store:
        store.change_passphrase(current, new)
    print("Đã đổi mật khẩu của thư mục làm việc.", file=sys.stderr)
    return 0


def add_unlock_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``encrypt`` and ``change-passphrase`` on the ``inspector`` parser."""
    p = sub.add_parser("encrypt", help="mã hoá một thư mục làm việc chưa mã hoá")
    p.add_argument("--workspace", "-w", required=True)
    add_unlock_argument(p)
    p.set_defaults(func=cmd_encrypt)

    p = sub.add_parser("change-passphrase", help="đổi mật khẩu của thư mục làm việc đã mã hoá")
    p.add_argument("--workspace", "-w", required=True)
    add_unlock_argument(p)
    p.add_argument("--new-passphrase-file", metavar="FILE", help="tệp chứa mật khẩu mới (dòng đầu)")
    p.set_defaults(func=cmd_change_passphrase)
