"""Start the desktop app, or render one screenshot of it and exit.

``inspector gui`` calls :func:`run_app` (through :mod:`inspector.launcher`).
"""

from __future__ import annotations

import gc
import logging
import sys
import time
from pathlib import Path

from PySide6.QtCore import QObject, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from inspector import __version__
from inspector.errors import InspectorError, MissingDependencyError, WorkspaceLockedError
from inspector.logsetup import configure_logging
from inspector.settings import APP_NAME, load_settings
from ui.errors import install_excepthooks
from ui.i18n import LanguageSwitcher
from ui.main_window import MainWindow
from ui.style import apply_style
from ui.worker import TaskRunner

log = logging.getLogger(__name__)

# What ``--view`` may ask the screenshot to show: the books and pages (``main``, also ``books``),
# the verification view of a record (``verify``), the register book table (``book``).
SCREENSHOT_VIEWS = ("main", "books", "verify", "book")
DEFAULT_VIEW = "main"
SCREENSHOT_SIZE = (1440, 900)
SCREENSHOT_TIMEOUT = 60.0


_QT_LOG = logging.getLogger("qt")
_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(msg_type: QtMsgType, context, message: str) -> None:  # noqa: ANN001 - QMessageLogContext
    # Qt's own warnings go to our log file, not to the officer's terminal.
    _QT_LOG.log(_QT_LEVELS.get(msg_type, logging.WARNING), "%s", message)


class _EmitProbe(QObject):
    ping = Signal()


def signal_emit_is_sound() -> bool:
    """Whether emitting a signal from Python leaves reference counts alone.

    PySide6 6.12.0 drops a reference to ``True`` on every ``emit()``; after a
    few thousand signals the interpreter aborts. Checked at start so such a
    build fails with a clear message instead of a crash an hour later.
    """
    probe = _EmitProbe()
    before = sys.getrefcount(True)
    for _ in range(20):
        probe.ping.emit()
    return sys.getrefcount(True) >= before - 5


def check_qt_binding() -> None:
    """Raise :class:`MissingDependencyError` if the installed PySide6 is a known-broken build."""
    if not signal_emit_is_sound():
        import PySide6

        raise MissingDependencyError(
            f"Bản PySide6 {PySide6.__version__} đang cài có lỗi làm chương trình tự thoát; "
            "hãy cài PySide6-Essentials 6.11.",
            f"PySide6 {PySide6.__version__} corrupts reference counts on Signal.emit(); "
            "install PySide6-Essentials 6.11.x",
        )


def create_application() -> QApplication:
    """The QApplication (reused if one exists, as under pytest-qt), styled, with a Vietnamese-capable font."""
    qInstallMessageHandler(_qt_message)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    apply_style(app)
    return app


def freeze_start_up_heap() -> None:
    """Leave the objects built at start-up (modules, Qt wrappers, templates) out of later GC passes.

    A full collection walks every tracked object on the GUI thread; the start-up heap alone
    (about 120,000 objects) made each one a 65 ms pause. Frozen before any workspace opens,
    so a workspace closed later is still collected.
    """
    gc.collect()
    gc.freeze()


def run_app(
    *,
    workspace: Path | None,
    screenshot: Path | None,
    language: str | None,
    view: str | None = None,
    record: str | None = None,
    passphrase: str | None = None,
) -> int:
    """Run the desktop app until its window closes; return the exit code.

    ``workspace`` is opened at start (else the last one used, else the start
    page shows). ``language`` (``vi``/``en``) overrides the saved setting for
    this run. With ``screenshot``, the window is rendered at a fixed size once
    everything it shows has loaded, saved as PNG, and the app exits; ``view``
    names the screen to render (``main``: navigator and first page; ``verify``: the
    verification view of ``record``, by default the first record with flagged fields;
    ``book``: the register book table of that record's book). ``passphrase`` unlocks an
    encrypted ``workspace``; without it the window asks (the screenshot mode cannot ask, and
    fails with the workspace-locked error).
    """
    configure_logging()
    app = create_application()
    check_qt_binding()
    settings = load_settings()
    languages = LanguageSwitcher(app)
    languages.set_language(language or settings.language)
    runner = TaskRunner(app)
    window = MainWindow(runner, languages, settings, persist_settings=screenshot is None)
    freeze_start_up_heap()
    guard = install_excepthooks(window.present_error)
    try:
        if screenshot is not None:
            return take_screenshot(window, Path(screenshot), workspace=workspace, view=view, record=record,
                                   passphrase=passphrase)
        if workspace is not None:
            window.open_workspace(workspace, passphrase=passphrase)
        elif settings.last_workspace:
            window.open_workspace(settings.last_workspace, quiet=True)
        window.show()
        return app.exec()
    finally:
        guard.restore()
        runner.shutdown()
        window.deleteLater()


def _pick_record(store, record_id: str | None):  # noqa: ANN001, ANN202 - WorkspaceStore, Record | None
    """The record asked for, else the first one with flagged fields, else the first one (None if none)."""
    if record_id:
        return store.record(record_id)
    records = store.records()
    if not records:
        return None

    def shown_flags(record) -> tuple[int, int]:  # noqa: ANN001
        # A record whose flagged fields were read (values with boxes) shows the view best.
        visible = sum(1 for k in record.flagged_fields if record.fields[k].bbox and record.fields[k].value)
        return (min(visible, 4), -len(record.flagged_fields))

    return max(records, key=shown_flags)


def _show_record_view(window: MainWindow, view: str, record_id: str | None) -> bool:
    """Open the verification view or the book table for the screenshot; False when there is no record."""
    chosen: list = []
    window.runner.submit(_pick_record, window.store, record_id, on_result=chosen.append)
    if not window.runner.wait_idle(SCREENSHOT_TIMEOUT) or not chosen or chosen[0] is None:
        return False
    record = chosen[0]
    if window.current_book() is None or window.current_book().id != record.book_id:
        window.books_panel.select_book(record.book_id)
        window.runner.wait_idle(SCREENSHOT_TIMEOUT)
    if view == "verify":
        window.open_record(record.id)
    else:
        window.show_book_view(record.book_id)
    return True


def take_screenshot(
    window: MainWindow,
    path: Path,
    *,
    workspace: Path | None,
    view: str | None = None,
    record: str | None = None,
    timeout: float = SCREENSHOT_TIMEOUT,
    passphrase: str | None = None,
) -> int:
    """Show ``window`` at a fixed size, wait for its background work, save it as PNG; return the exit code.

    Waits for the workers (opening, thumbnails, the page image), not for a
    fixed time. An error shown on the way, or a timeout, still saves the
    picture but gives a non-zero exit code.
    """
    view = (view or DEFAULT_VIEW).strip().lower()
    if view not in SCREENSHOT_VIEWS:
        print(
            f"Chưa có màn hình «{view}»; chụp màn hình «{DEFAULT_VIEW}». "
            f"Các màn hình có: {', '.join(SCREENSHOT_VIEWS)}.",
            file=sys.stderr,
        )
        log.warning("Unknown screenshot view %r; rendering %r", view, DEFAULT_VIEW)
        view = DEFAULT_VIEW
    errors: list[BaseException] = []
    window.error_presented.connect(errors.append)

    def cannot_ask(dialog) -> None:  # noqa: ANN001 - UnlockDialog
        # Nobody is there to type a passphrase: say how to give one, as the other commands do.
        dialog.done(0)
        errors.append(WorkspaceLockedError(
            "Thư mục làm việc này đã được mã hoá; hãy chỉ tệp mật khẩu bằng --passphrase-file "
            "hoặc biến môi trường INSPECTOR_PASSPHRASE_FILE.",
            "Encrypted workspace: pass --passphrase-file or set INSPECTOR_PASSPHRASE_FILE",
        ))

    window.passphrase_requested.connect(cannot_ask)
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    if workspace is not None:
        window.open_workspace(workspace, passphrase=passphrase)
    deadline = time.monotonic() + timeout
    finished = window.runner.wait_idle(timeout)
    if finished and window.store is not None and view in ("verify", "book"):
        if not _show_record_view(window, view, record):
            print(
                f"Thư mục làm việc chưa có bản ghi nào; chụp màn hình «{DEFAULT_VIEW}».",
                file=sys.stderr,
            )
        finished = window.runner.wait_idle(max(0.0, deadline - time.monotonic()))
    # Thumbnails beyond the first ones are asked for when painted: paint, then wait for them too.
    for _ in range(10):
        if not finished:
            break
        window.grab()
        if not window.runner.pending:
            break
        finished = window.runner.wait_idle(max(0.0, deadline - time.monotonic()))
    image = window.grab()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), "PNG"):
        print(f"Lỗi: không ghi được tệp ảnh {path}.", file=sys.stderr)
        return 6
    if errors:
        first = errors[0]
        message = first.message_vi if isinstance(first, InspectorError) else "lỗi không mong đợi"
        print(f"Lỗi: {message}", file=sys.stderr)
        return first.exit_code if isinstance(first, InspectorError) else 1
    if not finished:
        print(f"Lỗi: hết {timeout:.0f} giây mà cửa sổ chưa tải xong; ảnh chụp có thể thiếu.", file=sys.stderr)
        return 1
    return 0
