"""Where the data files in ``resources/`` are, in a checkout and in a bundle.

A kernel module: imports nothing from the project, so every package may use it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    """Return the folder holding form templates, lexicons, translations and samples.

    ``INSPECTOR_RESOURCES`` overrides it (for tests and packagers); a
    PyInstaller bundle carries it beside the executable's code.
    """
    override = os.environ.get("INSPECTOR_RESOURCES")
    if override:
        return Path(override)
    bundle_root = getattr(sys, "_MEIPASS", None)
    if bundle_root:
        return Path(bundle_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Return the path of one file under ``resources/``."""
    return resources_dir().joinpath(*parts)
