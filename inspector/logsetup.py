"""Logging for entry points (the CLI and the GUI); library modules only get loggers.

Logs are in English, go to a rotating file in the log folder, and carry no
personal data: modules log ids, counts and error classes, never field values.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from inspector.settings import log_dir


def configure_logging(*, verbose: bool = False) -> Path | None:
    """Send log records to ``inspector.log`` (and to stderr when verbose); return the file path."""
    root = logging.getLogger()
    if getattr(root, "_inspector_configured", False):
        return getattr(root, "_inspector_log_file", None)
    root.setLevel(logging.INFO)
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    log_file: Path | None = None
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        log_file = folder / "inspector.log"
        handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=2_000_000, backupCount=3,
                                                       encoding="utf-8")
        handler.setFormatter(formatter)
        root.addHandler(handler)
    except OSError:
        log_file = None  # a read-only home must not stop the program
    if verbose:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(formatter)
        root.addHandler(stream)
    root._inspector_configured = True  # type: ignore[attr-defined]
    root._inspector_log_file = log_file  # type: ignore[attr-defined]
    return log_file
