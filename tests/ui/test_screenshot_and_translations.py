"""`inspector gui --screenshot` renders the real window; the translation files are complete and compiled."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageStat

from tests.conftest import REPO_ROOT, run_cli

I18N = REPO_ROOT / "resources" / "i18n"
QT_BIN = Path(sys.executable).parent


def _assert_real_window_picture(path: Path) -> Image.Image:
    image = Image.open(path).convert("RGB")
    assert image.size == (1440, 900)
    assert max(ImageStat.Stat(image).stddev) > 20  # not a blank or single-colour picture
    assert len(image.getcolors(1 << 20)) > 500  # text, thumbnails and the page give many colours
    return image


@pytest.mark.slow
def test_gui_screenshot_writes_the_window_with_its_page(tmp_path, workspace):
    shot = tmp_path / "shot.png"
    result = run_cli("gui", "--workspace", str(workspace), "--screenshot", str(shot), timeout=120)
    assert result.returncode == 0, result.stderr
    image = _assert_real_window_picture(shot)
    # The page view (right half) shows the white page, not the empty grey placeholder.
    right = np.asarray(image.crop((900, 200, 1300, 700)))
    assert (right.min(axis=2) > 245).sum() > 20_000


@pytest.mark.slow
def test_gui_screenshot_accepts_an_unknown_view_with_a_clear_message(tmp_path, workspace):
    shot = tmp_path / "shot-en.png"
    result = run_cli(
        "gui",
        "--workspace",
        str(workspace),
        "--screenshot",
        str(shot),
        "--lang",
        "en",
        "--view",
        "cases",
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "«cases»" in result.stderr and "verify" in result.stderr
    assert "Traceback" not in result.stderr
    _assert_real_window_picture(shot)


@pytest.mark.slow
def test_gui_screenshot_of_a_missing_workspace_fails_with_the_storage_exit_code(tmp_path):
    shot = tmp_path / "shot.png"
    result = run_cli("gui", "--workspace", str(tmp_path / "none"), "--screenshot", str(shot), timeout=120)
    assert result.returncode == 6
    assert "Không tìm thấy thư mục làm việc" in result.stderr and "Traceback" not in result.stderr


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {
        (ctx.findtext("name"), msg.findtext("source")): msg
        for ctx in root.iter("context")
        for msg in ctx.iter("message")
    }


def test_every_english_string_is_translated():
    messages = _messages(I18N / "en.ts")
    assert len(messages) > 80
    unfinished = [
        key
        for key, msg in messages.items()
        if msg.find("translation").get("type") in ("unfinished", "obsolete", "vanished")
    ]
    assert not unfinished
    for key, msg in messages.items():
        translation = msg.find("translation")
        forms = [f.text for f in translation.iter("numerusform")] or [translation.text]
        assert all(f and f.strip() for f in forms), key
        # Placeholders survive translation.
        for placeholder in (
            "{number}",
            "{n}",
            "{path}",
            "{name}",
            "{count}",
            "{version}",
            "{patterns}",
            "%n",
        ):
            if placeholder in key[1]:
                assert all(placeholder in f for f in forms), (key, placeholder)


def _translate_calls_in_ui() -> set[tuple[str, str]]:
    """Every ``QCoreApplication.translate("Context", "text")`` in ui/, read with Python's own parser."""
    found = set()
    for path in (REPO_ROOT / "ui").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "translate"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "QCoreApplication"
            ):
                args = node.args[:2]
                assert len(args) == 2 and all(isinstance(a, ast.Constant) for a in args), (
                    f"{path.name}:{node.lineno}: translate() needs literal context and text for lupdate"
                )
                found.add((args[0].value, args[1].value))
    return found


def test_every_string_the_code_translates_has_an_english_translation():
    calls = _translate_calls_in_ui()
    assert len(calls) > 80
    missing = calls - set(_messages(I18N / "en.ts"))
    assert not missing, (
        f"add to resources/i18n/en.ts (pyside6-lupdate, translate, pyside6-lrelease): {missing}"
    )


@pytest.mark.skipif(not (QT_BIN / "pyside6-lupdate").exists(), reason="Qt Linguist tools not installed")
def test_en_ts_holds_every_string_of_the_code(tmp_path):
    ts = tmp_path / "en.ts"
    shutil.copy(I18N / "en.ts", ts)
    sources = sorted(str(p) for p in (REPO_ROOT / "ui").glob("*.py"))
    subprocess.run(
        [
            str(QT_BIN / "pyside6-lupdate"),
            *sources,
            "-ts",
            str(ts),
            "-locations",
            "none",
            "-no-obsolete",
            "-silent",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    missing = set(_messages(ts)) - set(_messages(I18N / "en.ts"))
    assert not missing, f"run the i18n step (pyside6-lupdate, translate, pyside6-lrelease): {sorted(missing)}"


@pytest.mark.skipif(not (QT_BIN / "pyside6-lrelease").exists(), reason="Qt Linguist tools not installed")
@pytest.mark.parametrize("name", ["en", "vi"])
def test_compiled_translations_match_their_sources(tmp_path, name):
    out = tmp_path / f"{name}.qm"
    subprocess.run(
        [str(QT_BIN / "pyside6-lrelease"), str(I18N / f"{name}.ts"), "-qm", str(out), "-silent"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert out.read_bytes() == (I18N / f"{name}.qm").read_bytes(), f"run pyside6-lrelease on {name}.ts"
