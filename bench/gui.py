"""How responsive the desktop app is: start-up to a usable window, and GUI-thread stalls under load.

    .venv/bin/python bench/gui.py [--pages 100] [--recognise] [--profile]

Start-up is measured from the start of this script (interpreter already up) to
the window shown with a workspace open and its books listed. Stalls: a QTimer
fires every 10 ms on the GUI thread while a background job imports 100 pages
(the window's own import worker; ``--recognise`` also reads every page into
records with ``import_and_recognize``); how late each tick comes is how long
the GUI thread could not answer. ``--profile`` samples the GUI thread's Python
stack meanwhile and prints, for each stall over 30 ms, what it was doing (and
which worker stacks were seen when the sampler itself was kept from the GIL).
Runs offscreen unless a display is asked for.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

START = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TICK_MS = 10
# With --profile: stalls longer than this are explained with the GUI thread's sampled stacks.
STALL_REPORT_MS = 30


class StackSampler(threading.Thread):
    """Samples the GUI thread's Python stack every millisecond or so (``--profile``).

    A sampler thread needs the GIL to take a sample, so a long gap between two
    samples means another thread held the GIL (C code that does not release it);
    the worker stacks seen right after such a gap are kept too.
    """

    def __init__(self, gui_thread: int) -> None:
        super().__init__(daemon=True)
        self.gui_thread = gui_thread
        self.samples: list[tuple[float, tuple[str, ...]]] = []
        self.gaps: list[tuple[float, float, list[tuple[str, ...]]]] = []
        self._done = threading.Event()

    @staticmethod
    def _stack(frame) -> tuple[str, ...]:  # noqa: ANN001 - frame
        lines = []
        while frame is not None:
            code = frame.f_code
            lines.append(f"{Path(code.co_filename).name}:{frame.f_lineno} {code.co_name}")
            frame = frame.f_back
        return tuple(lines)

    def run(self) -> None:  # noqa: D102 - Thread
        last = time.perf_counter()
        while not self._done.is_set():
            time.sleep(0.001)
            now = time.perf_counter()
            frames = sys._current_frames()
            gui = frames.get(self.gui_thread)
            self.samples.append((now, self._stack(gui) if gui is not None else ()))
            if now - last > 0.015:
                others = [self._stack(f)[:6] for ident, f in frames.items()
                          if ident not in (self.gui_thread, self.ident)]
                self.gaps.append((last, now, others))
            last = now

    def stop(self) -> None:
        """End sampling."""
        self._done.set()
        self.join()

    def report(self, intervals: list[tuple[float, float]], threshold_ms: float) -> None:
        """Print, for each interval longer than ``threshold_ms``, the GUI stacks sampled in it."""
        print(f"\nStalls over {threshold_ms:.0f} ms and the GUI thread's stacks in them (innermost first)")
        for begin, end in intervals:
            if 1000 * (end - begin) - TICK_MS <= threshold_ms:
                continue
            print(f"- {1000 * (end - begin) - TICK_MS:.0f} ms late at +{begin - self.samples[0][0]:.2f} s")
            counts: dict[tuple[str, ...], int] = {}
            for at, stack in self.samples:
                if begin <= at <= end:
                    counts[stack[:8]] = counts.get(stack[:8], 0) + 1
            for stack, count in sorted(counts.items(), key=lambda kv: -kv[1])[:4]:
                print(f"    {count:4d} x " + " < ".join(stack))
            for g_begin, g_end, others in self.gaps:
                if g_end >= begin and g_begin <= end:
                    print(f"    sampler starved {1000 * (g_end - g_begin):.0f} ms (GIL held); other threads:")
                    for stack in others:
                        print("        " + " < ".join(stack))


def make_pages(folder: Path, count: int) -> list[Path]:
    """``count`` distinct page files made from the shipped samples (real sizes, distinct digests)."""
    from inspector.resources import resource_path

    samples = sorted(resource_path("samples").glob("*.jpg"))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        source = samples[index % len(samples)]
        path = folder / f"page-{index + 1:03d}.jpg"
        # Bytes after the JPEG end marker are ignored by decoders but make each file's digest unique.
        path.write_bytes(source.read_bytes() + f"bench-{index}".encode())
        paths.append(path)
    return paths


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--recognise", action="store_true", help="read every page into records while importing")
    parser.add_argument("--profile", action="store_true",
                        help="sample the GUI thread's Python stack and print what it did during each stall")
    args = parser.parse_args()

    from inspector.settings import Settings
    from storage.workspace import WorkspaceStore

    tmp = Path(tempfile.mkdtemp(prefix="bench-gui-"))
    os.environ.setdefault("INSPECTOR_CONFIG_DIR", str(tmp / "config"))
    os.environ.setdefault("INSPECTOR_LOG_DIR", str(tmp / "logs"))
    root = tmp / "ws"
    with WorkspaceStore.create(root, commune="Xã Thử", actor="bench") as store:
        store.add_book("birth", "01/2024", year=2024, actor="bench")
    files = make_pages(tmp / "scans", args.pages)
    prepared = time.perf_counter()

    # ---------------------------------------------------------------- start-up
    t0 = time.perf_counter()
    from PySide6.QtCore import QEventLoop, QTimer

    from ui.app import create_application
    from ui.i18n import LanguageSwitcher
    from ui.main_window import MainWindow
    from ui.worker import QtProgress, TaskRunner

    imported = time.perf_counter()
    app = create_application()
    languages = LanguageSwitcher(app)
    languages.set_language("vi")
    runner = TaskRunner(app)
    window = MainWindow(runner, languages, Settings(), persist_settings=False, words_provider=None)
    window.resize(1440, 900)
    window.show()
    app.processEvents()
    shown = time.perf_counter()
    window.open_workspace(root)
    runner.wait_idle(60)
    usable = time.perf_counter()
    assert window.store is not None and window.current_book() is not None
    print("Start-up (offscreen)")
    print(f"  imports of Qt and the app       {1000 * (imported - t0):7.0f} ms")
    print(f"  window built and shown          {1000 * (shown - imported):7.0f} ms")
    print(f"  workspace open, books listed    {1000 * (usable - shown):7.0f} ms")
    print(f"  total to a usable window        {1000 * (usable - t0):7.0f} ms"
          f"  (preparing the {args.pages} test pages before: {prepared - START:.1f} s)")

    # ---------------------------------------------------------------- stalls under load
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    loop = QEventLoop()
    outcome: list[object] = []

    def finished(result: object) -> None:
        outcome.append(result)
        loop.quit()

    sampler = StackSampler(threading.get_ident()) if args.profile else None
    timer.start()
    started = time.perf_counter()
    if sampler is not None:
        sampler.start()
    if args.recognise:
        from inspector.importing import import_and_recognize

        progress = QtProgress(window)
        progress.item_ready.connect(window._page_imported)  # the window's own live update of the page list
        runner.submit(
            import_and_recognize, window.store, window.current_book(), [str(p) for p in files], actor="bench",
            progress=progress, on_page=progress.report_item, on_result=finished, on_error=finished,
        )
        job = "import and recognise"
    else:
        window.import_finished.connect(finished)
        window.error_presented.connect(finished)
        window.import_paths(files)
        job = "import"
    loop.exec()
    ended = time.perf_counter()
    timer.stop()
    if sampler is not None:
        sampler.stop()
    runner.wait_idle(60)  # thumbnails still on their way

    during = [t for t in ticks if started <= t <= ended]
    gaps = [1000 * (b - a) for a, b in zip([started, *during], [*during, ended], strict=True)]
    late = [max(0.0, gap - TICK_MS) for gap in gaps]
    result = outcome[0] if outcome else None
    stored = len(getattr(result, "stored", ()) or ())
    print(f"\nGUI thread while a background job runs ({job} of {args.pages} pages)")
    if isinstance(result, BaseException):
        print(f"  the job failed: {type(result).__name__}")
    print(f"  job time                        {ended - started:7.1f} s   ({stored} pages stored, "
          f"{stored / max(ended - started, 1e-9):.1f} pages/s)")
    print(f"  timer ticks                     {len(during):7d}     (every {TICK_MS} ms asked)")
    print(f"  tick lateness median            {statistics.median(late):7.1f} ms")
    print(f"  tick lateness p95 / p99         {percentile(late, 0.95):7.1f} / {percentile(late, 0.99):.1f} ms")
    print(f"  longest stall                   {max(late):7.1f} ms")
    print(f"  stalls over 50 ms / 100 ms      {sum(1 for v in late if v > 50):7d} / {sum(1 for v in late if v > 100)}")
    if sampler is not None:
        sampler.report(list(zip([started, *during], [*during, ended], strict=True)), STALL_REPORT_MS)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
