"""The one way the GUI runs core work off its thread.

:class:`TaskRunner` runs a plain callable (opening a workspace, importing,
decoding a page) on a :class:`QThreadPool` and delivers its result, or the
exception it raised, back on the GUI thread, the way Picard's ``run_task``
and Anki's ``QueryOp`` do. :class:`QtProgress` adapts the Qt-free
:class:`inspector.progress.Progress` protocol to Qt signals, so a progress bar
follows the job and a Cancel button really stops it.

The GUI thread never waits on disk: every callable handed to the runner may
block as long as it likes. One rule for those callables: create no Qt object
whose virtual methods Python could override (a ``QBuffer`` handed to
``QImageReader``, say). Qt calls such methods under its own locks, each call
needs the GIL, and two pool threads then deadlock; plain values, ``QImage``
built from bytes, and signals are fine (see :mod:`ui.images`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

ResultCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


class QtProgress(QObject):
    """A :class:`~inspector.progress.Progress` for the core that speaks Qt signals.

    Create it on the GUI thread and hand it to the core callable: ``update``
    and ``report_item`` may be called from the worker thread, their signals
    arrive queued on the GUI thread. ``cancel`` is safe from any thread.
    """

    # ``done, total, message``; ``total`` is -1 when unknown.
    progressed = Signal(int, int, str)
    # One finished unit of work (an imported page), for views that show results as they come.
    item_ready = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()

    def update(self, done: int, total: int | None, message: str = "") -> None:
        """Report that ``done`` of ``total`` units are finished (any thread)."""
        self.progressed.emit(int(done), -1 if total is None else int(total), message)

    def report_item(self, item: object) -> None:
        """Hand one finished unit to the GUI thread (any thread); usable as ``on_page``."""
        self.item_ready.emit(item)

    def cancel(self) -> None:
        """Ask the job to stop at its next unit of work."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """Whether :meth:`cancel` was called."""
        return self._cancel.is_set()


class _TaskSignals(QObject):
    # Lives on the GUI thread; emitted from the pool thread, so delivery is queued.
    finished = Signal(int, object)
    failed = Signal(int, object)


class _Task(QRunnable):
    def __init__(self, task_id: int, fn: Callable[[], Any], signals: _TaskSignals) -> None:
        super().__init__()
        self.task_id = task_id
        self.fn = fn
        self.signals = signals

    def run(self) -> None:  # noqa: D102 - QRunnable
        try:
            result = self.fn()
        except BaseException as exc:  # delivered to the GUI thread, never lost in the pool
            self.signals.failed.emit(self.task_id, exc)
        else:
            self.signals.finished.emit(self.task_id, result)


class TaskRunner(QObject):
    """Runs callables on a thread pool and calls back on the GUI thread.

    ``on_error`` defaults to the ``default_error`` given at construction (the
    window's error presenter), so no exception of a worker is ever silent.
    """

    # Emitted when the last pending task has delivered its result.
    idle = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        max_threads: int = 4,
        default_error: ErrorCallback | None = None,
    ) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        # Decoding images and waiting on SQLite mostly release the GIL; a few threads keep
        # thumbnails coming while an import holds one.
        self.pool.setMaxThreadCount(max(2, max_threads))
        # Work nobody waits for (thumbnails) runs one task at a time on its own thread: on a
        # 2-core machine several decoders at once starve the GUI thread of CPU (bench/gui.py).
        self.background_pool = QThreadPool(self)
        self.background_pool.setMaxThreadCount(1)
        self.default_error = default_error
        self._next_id = 0
        self._pending: dict[int, tuple[_Task, ResultCallback | None, ErrorCallback | None]] = {}
        self._signals = _TaskSignals(self)
        self._signals.finished.connect(self._deliver_result)
        self._signals.failed.connect(self._deliver_error)

    @property
    def pending(self) -> int:
        """How many submitted tasks have not yet delivered their outcome."""
        return len(self._pending)

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_result: ResultCallback | None = None,
        on_error: ErrorCallback | None = None,
        background: bool = False,
        **kwargs: Any,
    ) -> int:
        """Run ``fn(*args, **kwargs)`` on the pool; return a task id.

        ``on_result(value)`` or ``on_error(exception)`` is then called on the
        GUI thread. A callback may submit further tasks: the runner reports
        idle only once a chain has finished. ``background`` work (nobody waits
        for it) runs one task at a time, after the work already queued there.
        """
        self._next_id += 1
        task_id = self._next_id

        def call() -> Any:
            return fn(*args, **kwargs)

        task = _Task(task_id, call, self._signals)
        task.setAutoDelete(False)  # Python keeps it until its outcome is delivered
        self._pending[task_id] = (task, on_result, on_error)
        (self.background_pool if background else self.pool).start(task)
        return task_id

    @Slot(int, object)
    def _deliver_result(self, task_id: int, result: object) -> None:
        entry = self._pending.get(task_id)
        if entry is None:
            return
        try:
            if entry[1] is not None:
                entry[1](result)
        finally:
            self._finish(task_id)

    @Slot(int, object)
    def _deliver_error(self, task_id: int, exc: BaseException) -> None:
        entry = self._pending.get(task_id)
        if entry is None:
            return
        try:
            handler = entry[2] or self.default_error
            if handler is not None:
                handler(exc)
            else:
                log.error("Background task failed", exc_info=exc)
        finally:
            self._finish(task_id)

    def _finish(self, task_id: int) -> None:
        self._pending.pop(task_id, None)
        if not self._pending:
            self.idle.emit()

    def wait_idle(self, timeout: float) -> bool:
        """Process events until every task (and the tasks their callbacks start) is done.

        For screenshots and tests only: it keeps the event loop turning, it does
        not block it. Returns False when ``timeout`` seconds pass first.
        """
        deadline = time.monotonic() + timeout
        while self._pending:
            if time.monotonic() >= deadline:
                return False
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            # Queued deliveries may arrive a moment after a worker ends.
            self.pool.waitForDone(5)
            self.background_pool.waitForDone(5)
        QCoreApplication.processEvents()
        return True

    def shutdown(self, timeout: float = 10.0) -> bool:
        """Stop accepting work: drop queued tasks, wait for running ones; True if all ended."""
        self.pool.clear()
        self.background_pool.clear()
        done = self.pool.waitForDone(int(timeout * 1000))
        done = self.background_pool.waitForDone(int(timeout * 1000)) and done
        QCoreApplication.processEvents()
        self._pending.clear()
        return done
