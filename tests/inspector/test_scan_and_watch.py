"""Paper in from a scanner (SANE's virtual test scanner) and from a watch folder, through the real CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from inspector.importing import import_files
from inspector.watching import WatchOptions, watch_folder
from ocr.acquire.watch import JOURNAL_NAME, WatchJournal, file_digest
from storage.workspace import WorkspaceStore
from tests.conftest import REPO_ROOT, render_text_page, run_cli
from tests.ocr.test_sane import install_fault

SANE_ENV = {"SANE_CONFIG_DIR": str(REPO_ROOT / "resources" / "sane")}


def _pages(workspace: Path) -> list[dict]:
    listing = run_cli("pages", "--workspace", str(workspace), "--json")
    assert listing.returncode == 0, listing.stderr
    return [json.loads(line) for line in listing.stdout.splitlines()]


@pytest.fixture
def workspace(tmp_path) -> Path:
    path = tmp_path / "ws"
    assert run_cli("init", str(path)).returncode == 0
    return path


# -------------------------------------------------------------------- scanner
def test_scan_list_shows_the_test_scanner():
    result = run_cli("scan", "--list", env=SANE_ENV)
    assert result.returncode == 0, result.stderr
    assert any(line.startswith("test:0\t") and "flatbed,adf" in line for line in result.stdout.splitlines())


def test_feeder_scan_stores_exactly_the_pages_asked_and_flatbed_one(workspace):
    result = run_cli("scan", "--device", "test:0", "--source", "adf", "--pages", "3", "--resolution", "100",
                     "--mode", "Gray", "--workspace", str(workspace), "--book", "01/2024", "--type", "birth",
                     env=SANE_ENV)
    assert result.returncode == 0, result.stderr
    stored = [line.split("\t") for line in result.stdout.splitlines() if line.startswith("stored\t")]
    assert len(stored) == 3 and "đã quét và lưu 3 trang" in result.stderr
    pages = _pages(workspace)
    assert [p["id"] for p in pages] == [s[1] for s in stored]
    assert [p["source_page"] for p in pages] == [1, 2, 3] and len({p["sha256"] for p in pages}) == 3
    assert all(p["source"].startswith("scan ") and p["source"].endswith("test:0") for p in pages)
    assert {p["book"] for p in pages} == {"01/2024"}

    # One scanner connected: --device may be left out; a flatbed gives one sheet.
    result = run_cli("scan", "--resolution", "75", "--workspace", str(workspace), "--book", "01/2024",
                     env=SANE_ENV)
    assert result.returncode == 0, result.stderr
    assert len(_pages(workspace)) == 4


def test_scan_faults_are_reported_in_vietnamese_with_an_exit_code(workspace, monkeypatch):
    result = run_cli("scan", "--device", "test:9", "--workspace", str(workspace), env=SANE_ENV)
    assert result.returncode == 3 and "Không tìm thấy máy quét" in result.stderr
    assert "Traceback" not in result.stderr
    result = run_cli("scan", "--device", "test:0", env=SANE_ENV)
    assert result.returncode == 2 and "--workspace" in result.stderr

    from inspector.scanning import scan_into_book

    monkeypatch.setenv("SANE_CONFIG_DIR", SANE_ENV["SANE_CONFIG_DIR"])
    install_fault(monkeypatch, "Document feeder jammed", after=2)
    with WorkspaceStore.open(workspace) as store:
        book = store.add_book("birth", "02/2024")
        summary = scan_into_book(store, book, "test:0", source="adf", resolution=50)
        assert not summary.ok and len(summary.stored) == 2  # the sheets before the jam are kept
        assert "kẹt" in summary.problems[0].message_vi
        assert [p.source_page for p in store.pages(book.id)] == [1, 2]


# --------------------------------------------------------------- watch folder
def _page_bytes(index: int, fmt: str = "PNG") -> bytes:
    return render_text_page([f"Trang {index}", "Sổ đăng ký khai sinh"], size=(500, 700), font_size=20,
                            fmt=fmt, seed=index)


def _write_slowly(path: Path, data: bytes, *, chunks: int, pause: float) -> None:
    """Write like a scanner over a share: a piece, a pause, the next piece."""
    size = -(-len(data) // chunks)
    with path.open("wb") as handle:
        for start in range(0, len(data), size):
            handle.write(data[start:start + size])
            handle.flush()
            time.sleep(pause)


class _Watcher:
    """``inspector watch`` as a real subprocess, its stdout lines collected as they come."""

    def __init__(self, folder: Path, workspace: Path, *extra: str) -> None:
        self.lines: list[str] = []
        self._stderr_file = (folder.parent / f"watch-{time.monotonic_ns()}.err").open("w+", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "inspector", "watch", str(folder), "--workspace", str(workspace),
             "--book", "01/2024", "--type", "birth", *extra],
            stdout=subprocess.PIPE, stderr=self._stderr_file, text=True, cwd=REPO_ROOT, env=dict(os.environ))
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.stderr = ""

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def stored(self) -> list[str]:
        return [line for line in list(self.lines) if line.startswith("stored\t")]

    def finish(self, timeout: float = 30) -> int:
        self.process.wait(timeout=timeout)
        self._reader.join(5)
        self.process.stdout.close()
        self._stderr_file.seek(0)
        self.stderr = self._stderr_file.read()
        self._stderr_file.close()
        return self.process.returncode


def _wait_for(condition, timeout: float) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.mark.slow
def test_watch_takes_each_finished_file_once_and_puts_bad_ones_aside_with_reasons(tmp_path, workspace):
    folder = tmp_path / "scans"
    folder.mkdir()
    watcher = _Watcher(folder, workspace, "--settle", "0.5", "--give-up", "4", "--poll", "0.2")
    names = []
    try:
        for index in range(50):
            fmt = "JPEG" if index % 3 == 0 else "PNG"
            name = f"trang-{index:03d}.{'jpg' if fmt == 'JPEG' else 'png'}"
            names.append(name)
            data = _page_bytes(index, fmt)
            if index == 25:
                # Half a file, then a pause longer than the settling time: read, found cut, retried.
                _write_slowly(folder / name, data, chunks=2, pause=1.5)
            elif index % 7 == 0:
                _write_slowly(folder / name, data, chunks=5, pause=0.08)
            else:
                (folder / name).write_bytes(data)
            if index == 10:
                (folder / "hong.jpg").write_text("Đây là thư, không phải ảnh quét.", encoding="utf-8")
            if index == 20:
                (folder / "cat-do.png").write_bytes(_page_bytes(999)[:3000])  # a copy that never finished
        imported = folder / "da-nhap"
        refused = folder / "loi"
        assert _wait_for(lambda: len(list(imported.iterdir())) == 50 and len(list(refused.iterdir())) == 4, 40), \
            (sorted(p.name for p in folder.iterdir()), watcher.lines)
    finally:
        watcher.process.send_signal(signal.SIGTERM)
        returncode = watcher.finish()
    assert returncode == 0, watcher.stderr
    assert "đã nhập 50 trang từ 50 tệp, 2 tệp bị từ chối" in watcher.stderr

    pages = _pages(workspace)
    assert sorted(p["source"] for p in pages) == sorted(names)  # every good file, each exactly once
    assert len({p["sha256"] for p in pages}) == 50
    assert len(watcher.stored()) == 50
    assert sorted(p.name for p in (folder / "da-nhap").iterdir()) == sorted(names)
    assert sorted(p.name for p in (folder / "loi").iterdir()) == ["cat-do.png", "cat-do.png.txt", "hong.jpg",
                                                                  "hong.jpg.txt"]
    assert "không phải là ảnh" in (folder / "loi" / "hong.jpg.txt").read_text(encoding="utf-8-sig")
    assert "bị hỏng" in (folder / "loi" / "cat-do.png.txt").read_text(encoding="utf-8-sig")
    assert sorted(p.name for p in folder.iterdir()) == [JOURNAL_NAME, "da-nhap", "loi"]
    assert sorted(line.split("\t")[1] for line in watcher.lines if line.startswith("refused")) == \
        ["cat-do.png", "hong.jpg"]


@pytest.mark.slow
def test_watch_killed_midway_and_restarted_imports_every_file_exactly_once(tmp_path, workspace):
    folder = tmp_path / "scans"
    folder.mkdir()
    names = [f"{index:04d}.png" for index in range(60)]
    payloads = {name: _page_bytes(index) for index, name in enumerate(names)}

    def drop() -> None:
        for name in names:
            (folder / name).write_bytes(payloads[name])
            time.sleep(0.03)

    watcher = _Watcher(folder, workspace, "--settle", "0.3", "--poll", "0.1")
    dropper = threading.Thread(target=drop)
    dropper.start()
    try:
        assert _wait_for(lambda: len(watcher.stored()) >= 15, 30), watcher.lines
    finally:
        watcher.process.send_signal(signal.SIGKILL)
        watcher.finish()
        dropper.join()
    before_restart = len(list((folder / "da-nhap").iterdir()))
    assert before_restart < 60, "the kill came too late to test anything"

    again = _Watcher(folder, workspace, "--once", "--settle", "0.3", "--poll", "0.1")
    assert again.finish(timeout=60) == 0, again.stderr

    pages = _pages(workspace)
    assert sorted(p["source"] for p in pages) == names  # each file once across the kill
    assert len({p["sha256"] for p in pages}) == 60
    assert sorted(p.name for p in (folder / "da-nhap").iterdir()) == names
    assert not list((folder / "loi").iterdir())
    with WorkspaceStore.open(workspace) as store:
        assert store.integrity_check() == "ok" and store.verify_audit_chain() is None


def test_a_crash_between_storing_and_moving_stores_nothing_twice(tmp_path, workspace):
    folder = tmp_path / "scans"
    folder.mkdir()
    stored_not_journaled = folder / "a.png"
    journaled_not_moved = folder / "b.png"
    stored_not_journaled.write_bytes(_page_bytes(1))
    journaled_not_moved.write_bytes(_page_bytes(2))
    fresh = folder / "c.png"
    fresh.write_bytes(_page_bytes(3))
    with WorkspaceStore.open(workspace) as store:
        book = store.add_book("birth", "01/2024")
        # The state a crash leaves: a's and b's pages committed, b also journaled, neither moved.
        import_files(store, book, [stored_not_journaled, journaled_not_moved])
        WatchJournal(folder / JOURNAL_NAME).append("b.png", file_digest(journaled_not_moved), book.id,
                                                   "imported", 1)
        summary = watch_folder(store, book, folder, options=WatchOptions(settle_s=0, poll_s=0.05, once=True))
        outcomes = {o.name: o for o in summary.files}
        assert outcomes["a.png"].already_present == 1 and not outcomes["a.png"].stored  # dedupe
        assert outcomes["b.png"].already_present == 0 and not outcomes["b.png"].stored  # journal: not read
        assert len(outcomes["c.png"].stored) == 1
        assert [p.source_name for p in store.pages(book.id)] == ["a.png", "b.png", "c.png"]
    assert sorted(p.name for p in (folder / "da-nhap").iterdir()) == ["a.png", "b.png", "c.png"]

    # The same content dropped again later is recognised, not stored again.
    (folder / "c-again.png").write_bytes(_page_bytes(3))
    with WorkspaceStore.open(workspace) as store:
        book = store.find_book("01/2024")
        summary = watch_folder(store, book, folder, options=WatchOptions(settle_s=0, poll_s=0.05, once=True))
        assert not summary.stored and len(store.pages(book.id)) == 3
    assert (folder / "da-nhap" / "c-again.png").exists()
