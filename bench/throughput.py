"""Recognition throughput against bare Tesseract (target: pipeline ≤ 1.25× bare, memory < 1.5 GB).

Generates N Vietnamese test pages (``tools.corpus`` when it exists, else pages
rendered here with PIL), then times on the same pages:

(a) bare ``tesseract PAGE - -l vie`` with ``OMP_THREAD_LIMIT=1``, ``nproc`` subprocesses at a time;
(b) our engine through the worker pool (``ocr.pool.map_ordered``), once per backend
    (tesserocr in-process, the CLI backend), each worker decoding its page and returning
    a small summary, not the image;
(c) with ``--pipeline``, the whole per-page stage of the orchestrator (read, no storing), then
    what ``inspector batch`` does: pages stored in a new workspace, read, draft records stored;
    ``--rounds`` times the latter against bare Tesseract, back to back.

Prints pages/s, s/page, the ratio to bare Tesseract (and, with ``--pipeline``, per degradation
level of the corpus: a page's seconds in one worker, bare against the pipeline), peak memory (RSS and PSS summed
over this process and its workers, read from /proc), per-worker memory early and late
in the run (growth), the model load cost, and how far each backend's text is from the
text rendered (character error rate). Usage:

    .venv/bin/python bench/throughput.py [--pages 40] [--jobs N] [--backends tesserocr,cli] [--pipeline]
        [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ocr.engine import EngineConfig, check_ocr_available, process_engine  # noqa: E402
from ocr.pool import default_jobs, init_ocr_worker, map_ordered  # noqa: E402

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf")
SURNAMES = ["NGUYỄN", "TRẦN", "LÊ", "PHẠM", "HOÀNG", "HUỲNH", "PHAN", "VŨ", "ĐẶNG", "BÙI", "ĐỖ", "NGÔ"]
MIDDLES = ["VĂN", "THỊ", "ĐỨC", "MINH", "NGỌC", "THU", "QUỐC", "HỮU"]
GIVENS = ["ĐỨC", "HƯƠNG", "HÙNG", "LAN", "DŨNG", "MAI", "KHOA", "THUỶ", "PHÚC", "YẾN", "QUÂN", "NHUNG"]
PLACES = ["xã Quỳnh Hưng, huyện Quỳnh Lưu, tỉnh Nghệ An", "phường Hoà Bình, thành phố Hà Nội",
          "xã Tân Lập, huyện Đan Phượng, tỉnh Hà Tây", "xã Hoà Tiến, huyện Hoà Vang, thành phố Đà Nẵng"]
DAY_WORDS = ["mồng một", "mười hai", "hai mươi sáu", "ba mươi mốt", "mười lăm"]
MONTH_WORDS = ["giêng", "hai", "bảy", "tư", "mười hai"]


# --------------------------------------------------------------------------- pages

def _certificate_lines(rng: random.Random) -> list[str]:
    def name() -> str:
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVENS)}"

    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1950, 2020)
    return [
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "GIẤY KHAI SINH",
        f"Số: {rng.randint(1, 300)}/{year}   Quyển số: {rng.randint(1, 5):02d}",
        f"Họ, chữ đệm, tên: {name()}",
        f"Ngày, tháng, năm sinh: {day:02d}/{month:02d}/{year}",
        f"ghi bằng chữ: Ngày {rng.choice(DAY_WORDS)}, tháng {rng.choice(MONTH_WORDS)}",
        f"Giới tính: {rng.choice(['Nam', 'Nữ'])}   Dân tộc: Kinh   Quốc tịch: Việt Nam",
        f"Nơi sinh: Trạm y tế {rng.choice(PLACES)}",
        f"Quê quán: {rng.choice(PLACES)}",
        f"Số định danh cá nhân: 0{rng.randint(1, 96):02d}{rng.randint(0, 3)}{year % 100:02d}{rng.randint(0, 999999):06d}",
        f"Họ, chữ đệm, tên người mẹ: {name()}",
        f"Năm sinh: {year - rng.randint(18, 40)}   Dân tộc: Kinh   Quốc tịch: Việt Nam",
        f"Nơi cư trú: {rng.choice(PLACES)}",
        f"Họ, chữ đệm, tên người cha: {name()}",
        f"Năm sinh: {year - rng.randint(18, 45)}   Dân tộc: Kinh   Quốc tịch: Việt Nam",
        f"Nơi cư trú: {rng.choice(PLACES)}",
        f"Nơi đăng ký khai sinh: Uỷ ban nhân dân {rng.choice(PLACES)}",
        f"Ngày, tháng, năm đăng ký: {rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}",
        "NGƯỜI KÝ GIẤY KHAI SINH",
    ]


def render_pages(out_dir: Path, count: int, *, dpi: int = 200, seed: int = 3) -> list[tuple[Path, str]]:
    """Render ``count`` A4 certificate-like pages at ``dpi``; return (path, text rendered) pairs."""
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(seed)
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    pages = []
    for number in range(count):
        lines = _certificate_lines(rng)
        font = ImageFont.truetype(FONT_DIRS[number % len(FONT_DIRS)], round(dpi * 0.15))
        image = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(image)
        y = round(dpi * 0.8)
        for line in lines:
            draw.text((round(dpi * 0.8), y), line, fill=20, font=font)
            y += round(dpi * 0.3)
        path = out_dir / f"page-{number + 1:04d}.png"
        image.save(path, dpi=(dpi, dpi))
        pages.append((path, "\n".join(lines)))
    return pages


def corpus_pages(out_dir: Path, count: int, *, seed: int = 1000,
                 levels: tuple[str, ...] | None = None) -> list[tuple[Path, str]] | None:
    """Pages from ``tools.corpus`` when it exists, of the degradation ``levels`` (all by default)."""
    try:
        from tools.corpus import generate_corpus
    except ImportError:
        return None
    produced = generate_corpus(out_dir, count=count, seed=seed, **({"levels": levels} if levels else {}))
    pages = []
    for entry in produced:
        path = Path(getattr(entry, "path", None) or getattr(entry, "image_path", None) or entry)
        pages.append((path, str(getattr(entry, "text", "") or "")))
    return pages[:count] or None


# --------------------------------------------------------------------------- memory

def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, stack = [], [root]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def _rss_pss_kb(pid: int) -> tuple[int, int]:
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


@dataclass
class MemorySampler:
    """Samples RSS and PSS of this process and its descendants every ``interval_s``."""

    interval_s: float = 0.2
    peak_rss_kb: int = 0
    peak_pss_kb: int = 0
    worker_rss_kb: dict[int, list[int]] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            total_rss = total_pss = 0
            for pid in [me, *_descendants(me)]:
                rss, pss = _rss_pss_kb(pid)
                total_rss += rss
                total_pss += pss
                if pid != me and rss:
                    self.worker_rss_kb.setdefault(pid, []).append(rss)
            self.peak_rss_kb = max(self.peak_rss_kb, total_rss)
            self.peak_pss_kb = max(self.peak_pss_kb, total_pss)
            self._stop.wait(self.interval_s)

    def __enter__(self) -> MemorySampler:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def worker_summary(self) -> str:
        """Per long-lived worker: RSS in the first and the last fifth of its samples, and its peak."""
        rows = []
        for samples in self.worker_rss_kb.values():
            if len(samples) < 10 or max(samples) < 30 * 1024:
                continue  # a bare tesseract call, multiprocessing's resource tracker: in the totals only
            fifth = max(1, len(samples) // 5)
            early = sum(samples[:fifth]) / fifth / 1024
            late = sum(samples[-fifth:]) / fifth / 1024
            rows.append(f"{early:.0f}→{late:.0f} MB (peak {max(samples) / 1024:.0f})")
        return "; ".join(rows) if rows else "-"


# --------------------------------------------------------------------------- runs

def _bare_tesseract(path: Path) -> tuple[str, float]:
    started = time.perf_counter()
    result = subprocess.run(["tesseract", str(path), "-", "-l", "vie"], capture_output=True, text=True,
                            env={**os.environ, "OMP_THREAD_LIMIT": "1"}, check=True)
    return result.stdout, time.perf_counter() - started


def run_bare(paths: list[Path], jobs: int) -> tuple[float, list[str], MemorySampler, list[float]]:
    """Bare Tesseract, ``jobs`` subprocesses at a time; wall time, texts, memory and each page's seconds."""
    with MemorySampler(interval_s=0.05) as memory:
        started = time.perf_counter()
        with ThreadPoolExecutor(jobs) as threads:
            read = list(threads.map(_bare_tesseract, paths))
        elapsed = time.perf_counter() - started
    return elapsed, [text for text, _ in read], memory, [seconds for _, seconds in read]


@dataclass(frozen=True)
class PageTask:
    """What a worker needs to read one page (small, picklable)."""

    path: str
    config: EngineConfig
    dpi: int


def ocr_page_file(task: PageTask) -> tuple[str, float]:
    """Worker: decode the page, recognise it, return its text and the OCR time (not the image)."""
    import cv2

    image = cv2.imread(task.path, cv2.IMREAD_GRAYSCALE)
    page = process_engine(task.config).recognize(image, dpi=task.dpi)
    return page.text, page.elapsed_s


def run_engine(paths: list[Path], config: EngineConfig, jobs: int, dpi: int
               ) -> tuple[float, list[str], float, MemorySampler]:
    """Our engine through the worker pool; wall time (pool start included), texts, summed OCR time."""
    tasks = [PageTask(str(path), config, dpi) for path in paths]
    texts, ocr_s = [], 0.0
    with MemorySampler() as memory:
        started = time.perf_counter()
        for result in map_ordered(ocr_page_file, tasks, jobs=jobs, timeout_s=120,
                                  initializer=init_ocr_worker, initargs=(config,)):
            text, seconds = result.unwrap()
            texts.append(text)
            ocr_s += seconds
        elapsed = time.perf_counter() - started
    return elapsed, texts, ocr_s, memory


def run_pipeline(paths: list[Path], jobs: int) -> tuple[float, MemorySampler, str, list[float]] | None:
    """The orchestrator's whole per-page stage (``inspector.recognition.recognize_files``): decode,
    preprocess, OCR, extraction, second look, boxes mapped back; wall time, memory, and what it found."""
    try:
        from inspector import recognition
    except ImportError:
        return None
    runner = getattr(recognition, "recognize_files", None) or getattr(recognition, "extract_files", None)
    if runner is None:
        return None
    read = failed = records = 0
    stages: dict[str, float] = {}
    page_seconds: list[float] = []
    with MemorySampler() as memory:
        started = time.perf_counter()
        for result in runner([str(path) for path in paths], jobs=jobs):
            if getattr(result, "error", None) is not None:
                failed += 1
                page_seconds.append(float("nan"))
                if failed <= 3:  # which page and why (the first few), so a failure can be looked into
                    print(f"  failed: {result.label}: {result.error.kind}: {result.error.message_en}", file=sys.stderr)
                continue
            read += 1
            records += len(getattr(result, "records", ()))
            timings = dict(getattr(result, "timings_s", ()))
            for name, seconds in timings.items():
                stages[name] = stages.get(name, 0.0) + seconds
            # ("extract" includes "second_look")
            page_seconds.append(sum(seconds for name, seconds in timings.items() if name != "second_look"))
        elapsed = time.perf_counter() - started
    per_stage = ", ".join(f"{name} {seconds / max(1, read):.2f}" for name, seconds in stages.items())
    found = f"{read} read, {failed} failed, {records} records; s/page/worker: {per_stage or '-'}"
    return elapsed, memory, found, page_seconds


def page_level(path: Path) -> str:
    """The degradation level of a corpus page (from the truth JSON beside it), ``"-"`` for another page."""
    try:
        truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "-"
    return str((truth.get("degradation") or {}).get("level") or "-")


def print_levels(paths: list[Path], bare_s: list[float], pipeline_s: list[float]) -> None:
    """Seconds a page takes one worker, bare Tesseract against the whole pipeline, per degradation level:
    where the pipeline's time goes beyond bare Tesseract's (a poor scan is enlarged before it is read)."""
    by_level: dict[str, list[tuple[float, float]]] = {}
    for path, bare, ours in zip(paths, bare_s, pipeline_s, strict=True):
        if not math.isnan(ours):  # (a page that failed has no seconds)
            by_level.setdefault(page_level(path), []).append((bare, ours))
    print("per level, s/page in one worker (bare: the tesseract process's wall time; pipeline: its stages):")
    for level, pairs in sorted(by_level.items()):
        bare, ours = sum(b for b, _ in pairs), sum(o for _, o in pairs)
        print(f"  {level:<8} {len(pairs):3d} pages  bare {bare / len(pairs):5.2f}  pipeline {ours / len(pairs):5.2f}"
              f"  ×{ours / max(bare, 1e-9):4.2f}")


def run_stored_pipeline(paths: list[Path], jobs: int) -> tuple[float, MemorySampler, str] | None:
    """What ``inspector batch`` does with the pages: each stored in a new workspace (a plain one, in
    a temporary folder), read, and its draft records stored (``inspector.importing.import_and_recognize``);
    wall time, memory, and what it stored."""
    try:
        from inspector.domain import DocumentType
        from inspector.importing import import_and_recognize
        from storage.workspace import WorkspaceStore
    except ImportError:
        return None
    with tempfile.TemporaryDirectory(prefix="bench-workspace-") as folder, MemorySampler() as memory:
        started = time.perf_counter()
        with WorkspaceStore.create(Path(folder) / "workspace", actor="bench") as store:
            book = store.add_book(DocumentType.BIRTH, "01", actor="bench")
            summary = import_and_recognize(store, book, paths, actor="bench", jobs=jobs)
        elapsed = time.perf_counter() - started
    found = (f"{len(summary.stored)} pages stored, {summary.pages_read} read, {len(summary.records)} draft records "
             f"stored, {len(summary.problems)} problems")
    return elapsed, memory, found


def character_error_rate(read: list[str], truth: list[str]) -> float:
    """Edit distance over characters of ground truth, whitespace normalised, over all pages."""
    from rapidfuzz.distance import Levenshtein

    edits = chars = 0
    for got, want in zip(read, truth, strict=True):
        got, want = " ".join(got.split()), " ".join(want.split())
        edits += Levenshtein.distance(got, want)
        chars += len(want)
    return edits / max(1, chars)


def text_agreement(a: list[str], b: list[str]) -> float:
    """Share of pages whose texts are identical once whitespace is normalised."""
    same = sum(" ".join(x.split()) == " ".join(y.split()) for x, y in zip(a, b, strict=True))
    return same / max(1, len(a))


def _row(label: str, elapsed: float, pages: int, bare: float, memory: MemorySampler) -> str:
    return (f"{label:<22} {elapsed:7.1f} s  {pages / elapsed:5.2f} pages/s  {elapsed / pages:5.3f} s/page  "
            f"×{elapsed / bare:4.2f} bare  peak RSS {memory.peak_rss_kb / 1024:5.0f} MB "
            f"(PSS {memory.peak_pss_kb / 1024:4.0f} MB)")


def _paired_rounds(paths: list[Path], jobs: int, rounds: int) -> None:
    """Bare Tesseract and the whole pipeline (pages and records stored in a workspace, as
    ``inspector batch`` does) timed back to back ``rounds`` times, the order alternating, so that a drift of the
    machine's load hits both alike; each ratio and the median."""
    ratios = []
    for number in range(rounds):
        timed: dict[str, float] = {}
        for name in (("bare", "pipeline") if number % 2 == 0 else ("pipeline", "bare")):
            if name == "bare":
                timed[name] = run_bare(paths, jobs)[0]
            else:
                outcome = run_stored_pipeline(paths, jobs)
                if outcome is None:
                    return
                timed[name] = outcome[0]
        ratios.append(timed["pipeline"] / timed["bare"])
        print(f"round {number + 1}: bare {timed['bare'] / len(paths):.3f} s/page, pipeline "
              f"{timed['pipeline'] / len(paths):.3f} s/page, ×{ratios[-1]:.2f}")
    ratios.sort()
    print(f"pipeline / bare over {rounds} paired rounds: median ×{ratios[len(ratios) // 2]:.2f} "
          f"(from ×{ratios[0]:.2f} to ×{ratios[-1]:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--dpi", type=int, default=200, help="resolution of the rendered pages")
    parser.add_argument("--backends", default="tesserocr,cli")
    parser.add_argument("--pipeline", action="store_true", help="also time the orchestrator's whole stage")
    parser.add_argument("--keep", help="render the pages into this folder and keep them")
    parser.add_argument("--source", choices=("corpus", "render"), default="corpus",
                        help="pages of the corpus generator (all degradation levels) or plain renders")
    parser.add_argument("--levels", default="", help="corpus levels, e.g. clean,scan (default: all)")
    parser.add_argument("--seed", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=0,
                        help="with --pipeline: time bare and pipeline this many more times back to back, "
                             "alternating which goes first, and print each ratio and their median (a shared "
                             "machine's load drifts by tens of percent within minutes)")
    args = parser.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"

    info = check_ocr_available(EngineConfig(backend="tesserocr"))
    with tempfile.TemporaryDirectory(prefix="bench-throughput-") as tmp:
        out_dir = Path(args.keep or tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        levels = tuple(level for level in args.levels.split(",") if level) or None
        pages = corpus_pages(out_dir, args.pages, seed=args.seed, levels=levels) if args.source == "corpus" else None
        source = f"tools.corpus, levels {','.join(levels) if levels else 'all'}, seed {args.seed}"
        if pages is None:
            pages, source = render_pages(out_dir, args.pages, dpi=args.dpi), f"rendered here at {args.dpi} dpi"
        paths = [path for path, _ in pages]
        truth = [text for _, text in pages]
        print(f"{len(paths)} pages ({source}) in {time.perf_counter() - started:.1f} s; {args.jobs} jobs; "
              f"Tesseract CLI {check_ocr_available(replace(info.config, backend='cli')).tesseract_version}, "
              f"tesserocr's {info.tesseract_version}; model load {info.load_s * 1000:.0f} ms (tesserocr, vie)")

        bare_s, bare_texts, bare_mem, bare_pages = run_bare(paths, args.jobs)
        print(_row("bare tesseract CLI", bare_s, len(paths), bare_s, bare_mem))
        texts_by_backend = {"bare": bare_texts}
        for backend in [b for b in args.backends.split(",") if b]:
            config = replace(info.config, backend=backend)
            elapsed, texts, ocr_s, memory = run_engine(paths, config, args.jobs, args.dpi)
            texts_by_backend[backend] = texts
            print(_row(f"engine: {backend}", elapsed, len(paths), bare_s, memory)
                  + f"  [OCR {ocr_s / len(paths):.3f} s/page/worker; workers {memory.worker_summary()}]")
        if args.pipeline:
            outcome = run_pipeline(paths, args.jobs)
            if outcome is None:
                print("pipeline: inspector.recognition (recognize_files) not available yet")
            else:
                elapsed, memory, found, pipeline_pages = outcome
                print(_row("whole pipeline", elapsed, len(paths), bare_s, memory)
                      + f"  [{found}; workers {memory.worker_summary()}]")
                print_levels(paths, bare_pages, pipeline_pages)
            outcome = run_stored_pipeline(paths, args.jobs)
            if outcome is not None:
                elapsed, memory, found = outcome
                print(_row("pipeline + storing", elapsed, len(paths), bare_s, memory)
                      + f"  [{found}; workers {memory.worker_summary()}]")
        if args.pipeline and args.rounds > 0:
            _paired_rounds(paths, args.jobs, args.rounds)
        if all(truth):
            rates = ", ".join(f"{name} {character_error_rate(texts, truth) * 100:.2f}%"
                              for name, texts in texts_by_backend.items())
            print(f"character error rate against the rendered text: {rates}")
        if "tesserocr" in texts_by_backend and "cli" in texts_by_backend:
            print(f"pages with identical text, tesserocr vs cli: "
                  f"{text_agreement(texts_by_backend['tesserocr'], texts_by_backend['cli']) * 100:.0f}%")


if __name__ == "__main__":
    main()
