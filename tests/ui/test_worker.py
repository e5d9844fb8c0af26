"""The task runner: work off the GUI thread, outcome back on it; progress and cancel as signals."""

from __future__ import annotations

import threading
import time

from inspector.progress import Progress
from ui.worker import QtProgress, TaskRunner


def test_work_runs_on_a_pool_thread_and_the_result_arrives_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    seen = {}

    def work(x, *, y):
        seen["work_thread"] = threading.current_thread()
        return x + y

    def done(value):
        seen["value"] = value
        seen["done_thread"] = threading.current_thread()

    with qtbot.waitSignal(runner.idle, timeout=5_000):
        runner.submit(work, 2, y=3, on_result=done)
    assert seen["value"] == 5
    assert seen["work_thread"] is not threading.main_thread()
    assert seen["done_thread"] is threading.main_thread()
    assert runner.pending == 0
    runner.shutdown()


def test_chained_tasks_count_as_one_until_the_last_is_done(qtbot):
    runner = TaskRunner()
    order = []

    def first_done(_value):
        order.append("first")
        runner.submit(time.sleep, 0.05, on_result=lambda _v: order.append("second"))

    runner.submit(time.sleep, 0.05, on_result=first_done)
    assert runner.wait_idle(5.0)
    assert order == ["first", "second"]
    runner.shutdown()


def test_errors_go_to_on_error_or_to_the_default_handler(qtbot):
    caught = []
    runner = TaskRunner(default_error=lambda exc: caught.append(("default", exc)))
    boom = RuntimeError("x")

    def fail():
        raise boom

    runner.submit(fail, on_error=lambda exc: caught.append(("own", exc)))
    runner.submit(fail)
    assert runner.wait_idle(5.0)
    assert sorted(caught, key=lambda c: c[0]) == [("default", boom), ("own", boom)]
    runner.shutdown()


def test_qt_progress_reports_and_cancels_a_core_job(qtbot):
    runner = TaskRunner()
    progress = QtProgress()
    assert isinstance(progress, QtProgress)
    updates = []
    progress.progressed.connect(lambda done, total, msg: updates.append((done, total, msg)))

    def job(p: Progress) -> int:
        done = 0
        while not p.cancelled and done < 10_000:
            done += 1
            p.update(done, None, "")
            time.sleep(0.002)
        return done

    result = {}
    runner.submit(job, progress, on_result=lambda n: result.setdefault("n", n))
    qtbot.waitUntil(lambda: len(updates) >= 3, timeout=5_000)
    progress.cancel()
    assert runner.wait_idle(5.0)
    assert progress.cancelled and 3 <= result["n"] < 10_000
    assert all(total == -1 for _, total, _ in updates)  # unknown total travels as -1
    runner.shutdown()


def test_the_installed_pyside6_emits_signals_without_corrupting_reference_counts(qapp):
    # PySide6 6.12.0 loses a reference to True on every emit() and aborts after a few thousand.
    import PySide6

    from ui.app import signal_emit_is_sound

    assert signal_emit_is_sound(), f"PySide6 {PySide6.__version__} is broken: pin PySide6-Essentials<6.12"
