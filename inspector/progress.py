"""Progress and cancellation for long jobs, without Qt.

The core reports through a :class:`Progress`; the GUI adapts it to signals,
the CLI prints it to standard error. Cancelling is cooperative: the job checks
``progress.cancelled`` between units of work and keeps what it finished.
"""

from __future__ import annotations

import sys
import threading
from typing import Protocol


class Progress(Protocol):
    """What a long job reports to and asks of whoever runs it."""

    def update(self, done: int, total: int | None, message: str = "") -> None:
        """Report that ``done`` of ``total`` units are finished."""

    @property
    def cancelled(self) -> bool:
        """Whether the person asked to stop."""


class SilentProgress:
    """Progress that reports nothing; cancel with :meth:`cancel` from any thread."""

    def __init__(self) -> None:
        self._cancel = threading.Event()

    def update(self, done: int, total: int | None, message: str = "") -> None:  # noqa: D102
        pass

    def cancel(self) -> None:
        """Ask the job to stop at the next unit of work."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:  # noqa: D102
        return self._cancel.is_set()


class StderrProgress(SilentProgress):
    """Progress printed to standard error (never standard output, which carries data)."""

    def __init__(self, label: str = "") -> None:
        super().__init__()
        self._label = label
        self._tty = sys.stderr.isatty()

    def update(self, done: int, total: int | None, message: str = "") -> None:  # noqa: D102
        count = f"{done}/{total}" if total else str(done)
        line = f"{self._label} {count} {message}".strip()
        if self._tty:
            sys.stderr.write("\r\x1b[K" + line)
            if total and done >= total:
                sys.stderr.write("\n")
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()
