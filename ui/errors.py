"""The one error presenter of the GUI.

Every error the officer sees comes through :func:`show_error`: an
:class:`~inspector.errors.InspectorError` shows its own message (Vietnamese,
or English in English mode); anything else is a fault of ours and shows one
sentence pointing at the log file, where the traceback goes. No dialog ever
shows a traceback. :func:`install_excepthooks` routes uncaught exceptions of
the GUI thread and of plain Python threads here too.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from inspector.errors import CancelledError, InspectorError
from inspector.settings import log_dir
from ui.i18n import current_language

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ErrorMessage:
    """What the officer reads about one error."""

    title: str
    text: str
    informative: str = ""
    expected: bool = True


def error_message(exc: BaseException) -> ErrorMessage:
    """Build the message for ``exc`` in the interface language, without any traceback."""
    if isinstance(exc, InspectorError):
        text = exc.message_en if current_language() == "en" else exc.message_vi
        if isinstance(exc, CancelledError):
            return ErrorMessage(QCoreApplication.translate("Errors", "Đã huỷ"), text)
        return ErrorMessage(QCoreApplication.translate("Errors", "Không thực hiện được"), text)
    return ErrorMessage(
        QCoreApplication.translate("Errors", "Lỗi không mong đợi"),
        QCoreApplication.translate(
            "Errors", "Chương trình gặp lỗi không mong đợi; công việc đang làm có thể chưa xong."
        ),
        QCoreApplication.translate("Errors", "Chi tiết kỹ thuật đã được ghi vào tệp nhật ký: {path}").format(
            path=log_dir() / "inspector.log"
        ),
        expected=False,
    )


def log_error(exc: BaseException) -> None:
    """Log ``exc``: expected errors by class and English message, faults with their traceback."""
    if isinstance(exc, InspectorError):
        detail = f" ({exc.detail})" if exc.detail else ""
        log.warning("%s: %s%s", type(exc).__name__, exc.message_en, detail)
    else:
        log.error("Unexpected error", exc_info=(type(exc), exc, exc.__traceback__))


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """Log ``exc`` and show it to the officer in a message box; return the box.

    The box is window-modal but does not block the caller (``open``, not
    ``exec``): a worker's error never freezes the event loop, and tests can
    read and close it.
    """
    log_error(exc)
    message = error_message(exc)
    box = QMessageBox(parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("errorBox")
    box.setIcon(QMessageBox.Icon.Warning if message.expected else QMessageBox.Icon.Critical)
    box.setWindowTitle(message.title)
    box.setText(message.text)
    if message.informative:
        box.setInformativeText(message.informative)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box


class _ExceptionBridge(QObject):
    # Carries an exception from any thread to the GUI thread.
    raised = Signal(object)

    def __init__(self, present: Callable[[BaseException], object]) -> None:
        super().__init__()
        self._present = present
        self.raised.connect(self._on_raised)

    @Slot(object)
    def _on_raised(self, exc: BaseException) -> None:
        self._present(exc)


class ExcepthookGuard:
    """Installed hooks; :meth:`restore` puts back the previous ones (for tests and screenshots)."""

    def __init__(self, present: Callable[[BaseException], object]) -> None:
        self._bridge = _ExceptionBridge(present)
        app = QApplication.instance()
        if app is not None:
            self._bridge.moveToThread(app.thread())
        self._previous = (sys.excepthook, threading.excepthook)

        def excepthook(exc_type, exc, tb) -> None:  # noqa: ANN001 - sys.excepthook signature
            if issubclass(exc_type, KeyboardInterrupt):
                self._previous[0](exc_type, exc, tb)
                return
            if exc.__traceback__ is None:
                exc = exc.with_traceback(tb)
            self._bridge.raised.emit(exc)

        def thread_excepthook(args: threading.ExceptHookArgs) -> None:
            if args.exc_value is None or issubclass(args.exc_type, SystemExit):
                return
            self._bridge.raised.emit(args.exc_value)

        sys.excepthook = excepthook
        threading.excepthook = thread_excepthook

    def restore(self) -> None:
        """Put back the hooks that were there before."""
        sys.excepthook, threading.excepthook = self._previous


def install_excepthooks(present: Callable[[BaseException], object]) -> ExcepthookGuard:
    """Route uncaught exceptions (GUI thread and Python threads) to ``present`` on the GUI thread."""
    return ExcepthookGuard(present)
