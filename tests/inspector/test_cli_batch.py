"""The headless CLI: init, batch with bad files, listing, and surviving a kill mid-batch."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from storage.workspace import WorkspaceStore
from tests.conftest import REPO_ROOT, render_text_page, run_cli
from tests.ocr.test_acquire_files import huge_png


def test_version_and_usage_errors():
    result = run_cli("--version")
    assert result.returncode == 0 and "inspector" in result.stdout
    result = run_cli("batch")
    assert result.returncode == 2
    assert "Sai cú pháp" in result.stderr and "Traceback" not in result.stderr


def test_batch_imports_good_pages_and_explains_each_bad_file(tmp_path, page_files):
    workspace = tmp_path / "ws"
    assert run_cli("init", str(workspace), "--commune", "Xã Quỳnh Hưng").returncode == 0
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.jpg").write_bytes(b"")
    (bad / "letter.jpg").write_text("không phải ảnh")
    (bad / "huge.png").write_bytes(huge_png())
    inputs = [str(p) for p in page_files] + [str(p) for p in sorted(bad.iterdir())]
    result = run_cli("batch", *inputs, "--workspace", str(workspace), "--book", "01/2024", "--type", "birth")
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    for name, words in [("empty.jpg", "rỗng"), ("letter.jpg", "không phải là ảnh"), ("huge.png", "quá lớn")]:
        assert any(name in line and words in line for line in result.stderr.splitlines()), result.stderr
    stored = [line for line in result.stdout.splitlines() if line.startswith("stored\t")]
    assert len(stored) == 3

    listing = run_cli("pages", "--workspace", str(workspace), "--json")
    pages = [json.loads(line) for line in listing.stdout.splitlines()]
    assert [p["source"] for p in pages] == ["page-1.png", "page-2.jpg", "page-3.png"]
    assert {p["book"] for p in pages} == {"01/2024"}

    again = run_cli("batch", *[str(p) for p in page_files], "--workspace", str(workspace), "--book", "01/2024")
    assert again.returncode == 0 and "3 trang đã có từ trước" in again.stderr


def test_records_json_on_empty_workspace(tmp_path):
    workspace = tmp_path / "ws"
    run_cli("init", str(workspace))
    result = run_cli("records", "--workspace", str(workspace), "--json")
    assert result.returncode == 0 and result.stdout == ""


def test_missing_workspace_is_a_clear_error(tmp_path):
    result = run_cli("pages", "--workspace", str(tmp_path / "none"))
    assert result.returncode == 6
    assert "Không tìm thấy thư mục làm việc" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_sigkill_mid_batch_keeps_every_reported_page(tmp_path):
    workspace = tmp_path / "ws"
    assert run_cli("init", str(workspace)).returncode == 0
    source = tmp_path / "scans"
    source.mkdir()
    for index in range(120):
        (source / f"{index:04d}.png").write_bytes(
            render_text_page([f"Trang {index}"], size=(600, 800), font_size=24, seed=index))
    env = dict(os.environ)
    process = subprocess.Popen(
        [sys.executable, "-m", "inspector", "batch", str(source), "--workspace", str(workspace), "--book", "01"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=REPO_ROOT, env=env,
    )
    reported: list[str] = []
    deadline = time.monotonic() + 60
    while len(reported) < 15 and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        if line.startswith("stored\t"):
            reported.append(line.split("\t")[1])
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert len(reported) >= 15, "the batch did not report pages before being killed"

    with WorkspaceStore.open(workspace) as store:
        assert store.integrity_check() == "ok"
        stored_ids = {page.id for page in store.pages()}
        assert set(reported) <= stored_ids
        assert len(stored_ids) < 120, "the kill came too late to test anything"
        for page in store.pages():
            store.page_image(page)  # every listed page has its complete image
        assert store.verify_audit_chain() is None


def test_books_of_different_registers_may_share_a_number_and_are_never_mixed(tmp_path):
    from inspector.cli import main
    from inspector.errors import UsageError

    workspace = tmp_path / "ws"
    with WorkspaceStore.create(workspace) as store:
        birth = store.add_book("birth", "01/2024")
        death = store.add_book("death", "01/2024")
    args = ["pages", "--workspace", str(workspace), "--book"]
    # A number alone names two books: the officer is told which, never given the wrong one.
    from inspector.cli import _resolve_book
    with WorkspaceStore.open(workspace) as store:
        with pytest.raises(UsageError) as raised:
            _resolve_book(store, "01/2024", None, create=False, actor="")
        assert "death:01/2024" in raised.value.message_vi
        assert _resolve_book(store, "death:01/2024", None, create=False, actor="").id == death.id
        assert _resolve_book(store, "01/2024", "birth", create=False, actor="").id == birth.id
        # batch --type death --book 01/2024 goes to the death register, not the first 01/2024.
        assert _resolve_book(store, "01/2024", "death", create=True, actor="t").id == death.id
        assert len(store.books()) == 2
    assert main([*args, "01/2024"]) == UsageError.exit_code
    assert main([*args, "birth:01/2024"]) == 0


def test_a_refused_scan_named_after_a_person_leaves_no_name_in_the_log(tmp_path):
    workspace = tmp_path / "ws"
    logs = tmp_path / "logs"
    assert run_cli("init", str(workspace), "--plain").returncode == 0
    scans = tmp_path / "Trần Thị Bích Ngọc"
    scans.mkdir()
    (scans / "tran-thi-bich-ngoc-khai-sinh.jpg").write_bytes(b"\xff\xd8\xff\xe0 truncated jpeg")
    (scans / "tran-thi-bich-ngoc.pdf").write_text("không phải PDF")
    result = run_cli("batch", str(scans), "--workspace", str(workspace), "--book", "01/2024",
                     env={"INSPECTOR_LOG_DIR": str(logs)})
    assert result.returncode == 3
    # The officer is told which file, in Vietnamese...
    assert "tran-thi-bich-ngoc-khai-sinh.jpg" in result.stderr
    # ...and the log says what happened without the name.
    log_text = "\n".join(path.read_text(encoding="utf-8") for path in logs.glob("*.log*"))
    assert "Skipped input" in log_text or "refused" in log_text.lower()
    for trace in ("tran-thi-bich-ngoc", "Trần Thị Bích Ngọc", "Bích"):
        assert trace not in log_text
