"""The layering contracts hold, and would catch a Qt import outside ui/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(root: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(root))
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--config", str(root / "pyproject.toml")],
                          capture_output=True, text=True, cwd=root, env=env, timeout=300)


@pytest.mark.slow
@pytest.mark.parametrize("probe, package", [
    ("import PySide6.QtCore\n", "ocr"),
    ("import storage.workspace\n", "ocr"),
    ("import ui\n", "storage"),
])
def test_contracts_fail_on_a_forbidden_import(tmp_path, probe, package):
    for name in ("inspector", "ocr", "storage", "ui"):
        shutil.copytree(REPO_ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO_ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    assert _lint(tmp_path).returncode == 0
    (tmp_path / package / "_forbidden_probe.py").write_text(probe)
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout or "broken" in result.stdout
