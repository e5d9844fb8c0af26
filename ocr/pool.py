"""A process pool for CPU-bound page work: ordered streaming results, timeouts, crash recovery.

:func:`map_ordered` runs a picklable top-level function over items in worker
processes and yields one :class:`TaskResult` per item **in input order**, as
soon as the results before it are in, so a caller can write JSON lines while
the batch runs. Meant for the whole per-page stage (decode, preprocess, OCR,
extract) in one call per page, returning a small result rather than images.

What it guarantees:

- Workers are started with ``spawn`` (``fork`` is unsafe once Qt or threads are
  loaded); each sets ``OMP_THREAD_LIMIT=1`` and ``cv2.setNumThreads(1)`` before
  the caller's initializer, which is where the OCR model is loaded once
  (:func:`init_ocr_worker`).
- A task running longer than ``timeout_s`` yields an :class:`OcrError` and its
  worker is killed; a worker that dies (segfault, out of memory, SIGKILL) yields
  an :class:`OcrError` for the task it was running (see below). The pool
  restarts, the tasks that were in flight beside it are run again, and the batch
  goes on.
- ``cancelled()`` is checked between pages; when it turns true the workers are
  stopped and :class:`CancelledError` raised (results already yielded are kept).
- At most ``jobs`` tasks run and at most ``max_pending`` items are taken from the
  input before their results are yielded, so memory does not grow with the batch.

Which task killed a pool cannot be told when several were running (the executor
terminates every worker once one dies), so after a crash the tasks that were
running are run again one at a time: an item fails only when it kills a worker
while running alone. A page that crashes Tesseract thus costs two crashes; a
worker killed once from outside (the out-of-memory killer, a person) costs its
page nothing but a second run.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import multiprocessing
import os
import pickle
import signal
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from inspector.errors import CancelledError, InspectorError, OcrError

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Extra time a task may wait for its worker to start (spawn, imports, model load)
#: before its timeout counts; after it the task is treated as stuck.
STARTUP_GRACE_S = 120.0
#: Pools in a row whose workers die before starting any task, before the batch is given up.
MAX_FAILED_STARTS = 3
#: How often the loop looks at timeouts and the cancel flag while waiting for results.
POLL_S = 0.1


@dataclass(frozen=True)
class TaskResult(Generic[T]):
    """The outcome of one item: its index in the input, and its value or its error."""

    index: int
    value: T | None = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        """Whether the task returned a value."""
        return self.error is None

    def unwrap(self) -> T:
        """The value, or raise the task's error."""
        if self.error is not None:
            raise self.error
        return self.value  # type: ignore[return-value]


def default_jobs() -> int:
    """The number of cores this process may use."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13+
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


# --------------------------------------------------------------------------- worker side

@dataclass(frozen=True)
class _ErrorRecord:
    """An exception that pickle cannot rebuild as is (its ``__init__`` wants other arguments)."""

    cls: type
    args: tuple
    state: dict
    text: str


class _WorkerState:
    started = None  # the SimpleQueue on which a task announces that it started
    init_error: BaseException | _ErrorRecord | None = None


def _portable(exc: BaseException) -> BaseException | _ErrorRecord:
    """``exc`` if it survives pickling, else a record the parent rebuilds without ``__init__``."""
    if not isinstance(exc, InspectorError):
        with contextlib.suppress(Exception):
            exc.add_note("".join(traceback.format_exception(exc)))
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        state = {}
        for key, value in vars(exc).items():
            try:
                pickle.dumps(value)
            except Exception:
                continue
            state[key] = value
        return _ErrorRecord(type(exc), tuple(str(arg) for arg in exc.args), state, str(exc))


def _restore(error: BaseException | _ErrorRecord) -> BaseException:
    if isinstance(error, BaseException):
        return error
    try:
        rebuilt = error.cls.__new__(error.cls, *error.args)
        rebuilt.__dict__.update(error.state)
        return rebuilt
    except Exception:
        return OcrError("Lỗi khi xử lý trang.", f"Task failed: {error.cls.__name__}: {error.text}")


def _bootstrap_worker(started, initializer: Callable[..., Any] | None, initargs: tuple) -> None:
    # Before anything loads Tesseract or OpenCV: one thread each, or N workers × N
    # threads fight over N cores (Tesseract's OpenMP is ~7× slower that way).
    os.environ["OMP_THREAD_LIMIT"] = "1"
    # The parent handles Ctrl-C and stops the workers; they must not die mid-write.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import cv2

        cv2.setNumThreads(1)
    except ImportError:
        pass
    _WorkerState.started = started
    if initializer is not None:
        try:
            initializer(*initargs)
        except BaseException as exc:  # reported with the first task, raised in the parent
            _WorkerState.init_error = _portable(exc)


def _run_task(fn: Callable[[Any], Any], index: int, item: Any) -> tuple[str, Any]:
    if _WorkerState.init_error is not None:
        return "init_error", _WorkerState.init_error
    if _WorkerState.started is not None:
        _WorkerState.started.put(index)
    try:
        return "ok", fn(item)
    except Exception as exc:
        return "error", _portable(exc)


# --------------------------------------------------------------------------- parent side

def _worker_died() -> OcrError:
    return OcrError("Chương trình nhận dạng bị dừng đột ngột khi xử lý trang này.",
                    "The worker process died while processing this item")


def _task_timed_out(timeout_s: float) -> OcrError:
    return OcrError(f"Xử lý trang quá lâu (quá {timeout_s:g} giây), đã bỏ qua trang này.",
                    f"The task timed out after {timeout_s:g} s")


def _pool_cannot_start() -> OcrError:
    return OcrError("Không khởi động được tiến trình nhận dạng chữ.",
                    "The worker processes die before running any task")


def _kill_workers(executor: ProcessPoolExecutor) -> None:
    """Stop every worker of ``executor`` now (running tasks are abandoned)."""
    kill = getattr(executor, "kill_workers", None)  # Python 3.14+
    if kill is not None:
        with contextlib.suppress(Exception):
            kill()
    else:
        # Before 3.14 the executor has no public way to stop a busy worker.
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            with contextlib.suppress(Exception):
                if process.exitcode is None:
                    process.kill()
    executor.shutdown(wait=False, cancel_futures=True)


class _Generation:
    """One executor and the queue on which its workers announce started tasks.

    Both are replaced after a crash or a timeout: a worker killed while writing to a
    queue can leave its lock held.
    """

    def __init__(self, jobs: int, context, initializer, initargs) -> None:
        self.started = context.SimpleQueue()
        self.executor = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_bootstrap_worker,
                                            initargs=(self.started, initializer, initargs))

    def drain_started(self) -> list[int]:
        indices = []
        with contextlib.suppress(OSError, EOFError):
            while not self.started.empty():
                indices.append(self.started.get())
        return indices

    def close(self, *, kill: bool) -> None:
        if kill:
            _kill_workers(self.executor)
        else:
            self.executor.shutdown(wait=True, cancel_futures=True)
        with contextlib.suppress(Exception):
            self.started.close()


def map_ordered(fn: Callable[[Any], T], items: Iterable[Any], *, jobs: int | None = None,
                timeout_s: float | None = None, cancelled: Callable[[], bool] | None = None,
                initializer: Callable[..., Any] | None = None, initargs: tuple = (),
                max_pending: int | None = None, start_method: str = "spawn") -> Iterator[TaskResult[T]]:
    """Run ``fn(item)`` for each item in worker processes; yield results in input order, streaming.

    ``fn``, ``initializer`` and the items must be picklable (top-level functions; small
    items such as paths). ``jobs`` defaults to the number of cores. ``timeout_s`` bounds
    each task from the moment a worker starts it. ``cancelled`` is polled between pages.
    ``initializer(*initargs)`` runs once per worker (load the model there); if it fails,
    its exception is raised here and the batch stops. ``max_pending`` (default ``4 * jobs``)
    bounds the items taken from ``items`` ahead of the last result yielded.

    An exception raised by ``fn`` becomes the item's :attr:`TaskResult.error` (same type);
    a timeout or a dead worker gives an :class:`OcrError`. Closing the iterator early stops
    the workers.
    """
    jobs = max(1, jobs or default_jobs())
    max_pending = max(jobs, max_pending or 4 * jobs)
    context = multiprocessing.get_context(start_method)
    source = iter(enumerate(items))
    exhausted = False
    waiting: dict[int, Any] = {}  # index -> item, taken from the input and not finished
    finished: dict[int, TaskResult[T]] = {}
    retry: collections.deque[int] = collections.deque()  # innocent victims of a crash or timeout
    suspects: collections.deque[int] = collections.deque()  # to run alone, one of them crashed a pool
    in_flight: dict[Future, int] = {}
    submitted_at: dict[int, float] = {}
    started_at: dict[int, float] = {}
    next_index = 0
    failed_starts = 0  # pools in a row that died before any task started
    generation: _Generation | None = None

    def retire(*, kill: bool) -> None:
        nonlocal generation
        if generation is not None:
            generation.close(kill=kill)
            generation = None
        in_flight.clear()
        started_at.clear()

    def finish(index: int, result: TaskResult[T]) -> None:
        waiting.pop(index, None)
        submitted_at.pop(index, None)
        finished[index] = result
        if index in suspects:
            suspects.remove(index)

    def note_started(current: _Generation, now: float) -> None:
        nonlocal failed_starts
        for index in current.drain_started():
            started_at.setdefault(index, now)
            failed_starts = 0

    def settle(future: Future) -> int | None:
        """Record a finished future's result; return its index if its worker died."""
        index = in_flight.pop(future)
        error = future.exception()
        if isinstance(error, BrokenProcessPool):
            return index
        if error is not None:  # e.g. a result that could not be pickled
            finish(index, TaskResult(index, error=error))
            return None
        kind, payload = future.result()
        if kind == "init_error":
            raise _restore(payload)
        finish(index, TaskResult(index, error=_restore(payload)) if kind == "error"
               else TaskResult(index, value=payload))
        return None

    try:
        while True:
            if cancelled is not None and cancelled():
                raise CancelledError()
            while next_index in finished:
                result = finished.pop(next_index)
                next_index += 1
                yield result
                if cancelled is not None and cancelled():
                    raise CancelledError()
            if exhausted and not waiting and not finished:
                retire(kill=False)
                return

            if generation is None:
                generation = _Generation(jobs, context, initializer, initargs)
            # Submit: a suspect alone, or fill the free workers within the pending bound.
            to_submit: list[int] = []
            if suspects:
                if not in_flight:
                    to_submit.append(suspects[0])
            else:
                while len(in_flight) + len(to_submit) < jobs:
                    if retry:
                        to_submit.append(retry.popleft())
                        continue
                    if exhausted or len(waiting) + len(finished) >= max_pending:
                        break
                    try:
                        index, item = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    waiting[index] = item
                    to_submit.append(index)
            for position, index in enumerate(to_submit):
                try:
                    future = generation.executor.submit(_run_task, fn, index, waiting[index])
                except BrokenProcessPool:
                    # A worker died and the executor knows before our futures tell us: submit
                    # the rest later; the tasks in flight report the crash below.
                    retry.extendleft(reversed([i for i in to_submit[position:] if i not in suspects]))
                    if not in_flight:
                        retire(kill=True)
                    break
                in_flight[future] = index
                submitted_at[index] = time.monotonic()
            if generation is None or not in_flight:
                continue

            done, _ = wait(list(in_flight), timeout=POLL_S, return_when=FIRST_COMPLETED)
            now = time.monotonic()
            note_started(generation, now)
            crashed = [index for index in map(settle, done) if index is not None]
            if crashed:
                # One dead worker breaks the whole executor: every task in flight fails with it.
                rest, _ = wait(list(in_flight), timeout=30)
                crashed += [index for index in map(settle, rest) if index is not None]
                crashed += list(in_flight.values())
                note_started(generation, now)
                ran = sorted(index for index in crashed if index in started_at)
                if not ran:
                    # Workers die before running anything (the initializer crashes the process).
                    failed_starts += 1
                    if failed_starts >= MAX_FAILED_STARTS:
                        raise _pool_cannot_start()
                elif suspects and ran == [suspects[0]] and len(crashed) == 1:
                    culprit = suspects.popleft()  # it ran alone: it is the culprit
                    log.warning("a worker died on item %d run alone; it fails", culprit)
                    finish(culprit, TaskResult(culprit, error=_worker_died()))
                else:
                    log.warning("a worker died while %d item(s) ran; running them again one at a time", len(ran))
                    suspects.extend(index for index in ran if index not in suspects)
                retry.extendleft(sorted((index for index in crashed
                                         if index not in ran and index not in suspects), reverse=True))
                retire(kill=True)
                continue

            timed_out = []
            if timeout_s is not None:
                for index in in_flight.values():
                    began = started_at.get(index)
                    deadline = (began + timeout_s) if began is not None else \
                        (submitted_at[index] + timeout_s + STARTUP_GRACE_S)
                    if now > deadline:
                        timed_out.append(index)
            if timed_out:
                log.warning("%d item(s) timed out; restarting the pool", len(timed_out))
                for index in timed_out:
                    finish(index, TaskResult(index, error=_task_timed_out(timeout_s)))
                victims = sorted(index for index in in_flight.values() if index not in timed_out)
                retire(kill=True)
                for index in reversed(victims):
                    if index not in suspects:
                        retry.appendleft(index)
    finally:
        retire(kill=True)


def init_ocr_worker(config) -> None:
    """Pool initializer: load this worker's OCR engine (:class:`ocr.engine.EngineConfig`) once.

    Use as ``map_ordered(fn, items, initializer=init_ocr_worker, initargs=(info.config,))``;
    ``fn`` then gets the loaded engine with :func:`ocr.engine.process_engine` (same config).
    """
    from ocr.engine import process_engine

    process_engine(config)
