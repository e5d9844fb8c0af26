"""The one place outside ``ui/`` that starts the GUI (listed in the import-linter contracts)."""

from __future__ import annotations

from pathlib import Path


def launch_gui(*, workspace: Path | None, screenshot: Path | None, language: str | None,
               view: str | None = None, record: str | None = None, passphrase: str | None = None) -> int:
    """Start the desktop app (or render one screenshot and exit); return the exit code.

    ``passphrase`` unlocks an encrypted ``workspace`` (else the app asks for it in a dialog).
    """
    from ui.app import run_app

    return run_app(workspace=workspace, screenshot=screenshot, language=language, view=view, record=record,
                   passphrase=passphrase)
