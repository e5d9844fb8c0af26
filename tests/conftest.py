"""Test-wide setup: headless Qt, one OCR thread per worker, and settings/logs away from the user's."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["OMP_THREAD_LIMIT"] = "1"

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Every test gets fresh settings and log folders; the user's are never touched."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("INSPECTOR_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("INSPECTOR_LOG_DIR", str(base / "logs"))
    yield


def render_text_page(lines: list[str], *, size=(1240, 1754), font_size=36, fmt="PNG", seed=0) -> bytes:
    """A simple page with Vietnamese text lines (A4 at 150 dpi), encoded as PNG or JPEG."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", font_size)
    y = 120
    for line in lines:
        draw.text((100, y), line, fill=(20, 20, 20), font=font)
        y += int(font_size * 1.8)
    # A seed-dependent mark keeps otherwise identical pages distinct (different digests).
    draw.rectangle((10, 10, 14 + seed % 200, 14), fill=(240, 240, 240))
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture
def page_files(tmp_path) -> list[Path]:
    """Three distinct page images on disk (PNG, JPEG, PNG)."""
    paths = []
    for index, fmt in enumerate(["PNG", "JPEG", "PNG"]):
        path = tmp_path / f"page-{index + 1}.{'png' if fmt == 'PNG' else 'jpg'}"
        path.write_bytes(render_text_page([f"Trang {index + 1}", "Họ, chữ đệm, tên: NGUYỄN VĂN ĐỨC"],
                                          fmt=fmt, seed=index))
        paths.append(path)
    return paths


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 120):
    """Run ``python -m inspector`` as a real subprocess; return the CompletedProcess."""
    import subprocess

    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "inspector", *args], capture_output=True, text=True,
                          cwd=cwd or REPO_ROOT, env=full_env, timeout=timeout)
