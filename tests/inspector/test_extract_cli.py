"""``inspector extract`` as other tools drive it (shared/spec/extraction.md), and ``batch`` reading records.

Every test runs the real command as a subprocess on sample pages (their ground
truth beside them) and on lying files, and checks what a script relies on: JSON
only on standard output, the contract's keys, input order, exit codes, one
clear line on standard error per unreadable input, never a traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inspector.errors import MissingDependencyError
from inspector.record_fields import field_keys
from inspector.resources import resource_path
from tests.conftest import REPO_ROOT, render_text_page, run_cli
from tests.inspector.test_recognition import bad_files, inside

BIRTH = resource_path("samples", "khai-sinh-giay-clean.jpg")
MARRIAGE = resource_path("samples", "ket-hon-giay-scan.jpg")

RECORD_KEYS = {"source", "page", "record_index", "region", "document_type", "fields", "issues", "quality"}
FIELD_KEYS = {"value", "confidence", "needs_review", "bbox"}


def json_lines(stdout: str) -> list[dict]:
    """Parse standard output; every line must be one JSON object."""
    return [json.loads(line) for line in stdout.splitlines()]


def assert_contract_shape(obj: dict) -> None:
    assert set(obj) == RECORD_KEYS
    assert isinstance(obj["page"], int) and obj["page"] >= 1
    assert isinstance(obj["record_index"], int) and obj["record_index"] >= 0
    assert len(obj["region"]) == 4 and all(isinstance(v, int) for v in obj["region"])
    assert set(obj["quality"]) == {"skew_deg", "dpi", "warnings"}
    for issue in obj["issues"]:
        assert set(issue) == {"code", "fields", "message"} and issue["code"] and issue["message"]
    if obj["document_type"] is None:
        assert obj["fields"] == {} and obj["issues"], "an unrecognised page must say why"
        return
    assert list(obj["fields"]) == list(field_keys(obj["document_type"]))
    for key, value in obj["fields"].items():
        assert set(value) == FIELD_KEYS, key
        assert isinstance(value["value"], str) and 0.0 <= value["confidence"] <= 1.0
        assert isinstance(value["needs_review"], bool)
        assert value["bbox"] is None or (len(value["bbox"]) == 4 and all(isinstance(v, int) for v in value["bbox"]))


def test_extract_streams_contract_json_in_input_order_and_explains_bad_files(tmp_path):
    reasons = bad_files(tmp_path / "bad")
    bad = {name: tmp_path / "bad" / name for name in reasons}
    inputs = [bad["not-a.pdf"], BIRTH, bad["truncated.png"], MARRIAGE, bad["wide.png"], bad["empty.jpg"]]
    result = run_cli("extract", "--jobs", "2", *map(str, inputs))
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    objects = json_lines(result.stdout)
    assert [o["source"] for o in objects if o["record_index"] == 0] == [str(BIRTH), str(MARRIAGE)]
    for obj in objects:
        assert_contract_shape(obj)
        width, height = (1792, 2535) if obj["source"] == str(BIRTH) else (2108, 2982)
        for value in obj["fields"].values():
            if value["bbox"]:
                assert inside(value["bbox"], width, height)
    truths = {str(p): json.loads(p.with_suffix(".json").read_text(encoding="utf-8")) for p in (BIRTH, MARRIAGE)}
    assert {o["source"]: o["document_type"] for o in objects} == \
        {source: t["document_type"] for source, t in truths.items()}
    errors = [line for line in result.stderr.splitlines() if line.startswith("Lỗi:")]
    assert len(errors) == len(reasons)
    for name, words in reasons.items():
        assert any(str(bad[name]) in line and words in line for line in errors), (name, result.stderr)


def test_folder_is_read_in_name_order_and_recursive_only_when_asked(tmp_path):
    folder = tmp_path / "scans"
    (folder / "sub").mkdir(parents=True)
    for index, name in enumerate(["b.png", "a.png", "sub/c.png"]):
        (folder / name).write_bytes(render_text_page([f"Trang {index}"], size=(500, 700), font_size=28, seed=index))
    (folder / "notes.txt").write_text("không phải ảnh")  # skipped inside a folder, not an error

    flat = run_cli("extract", "--jobs", "2", str(folder))
    assert flat.returncode == 0, flat.stderr
    objects = json_lines(flat.stdout)
    assert [o["source"] for o in objects] == [str(folder / "a.png"), str(folder / "b.png")]
    for obj in objects:  # a page with no form still gives one object, saying why
        assert_contract_shape(obj)
        assert obj["document_type"] is None and obj["region"] == [0, 0, 500, 700]

    deep = run_cli("extract", "--jobs", "2", "--recursive", "--type", "birth", str(folder))
    assert deep.returncode == 0, deep.stderr
    assert [o["source"] for o in json_lines(deep.stdout)] == \
        [str(folder / "a.png"), str(folder / "b.png"), str(folder / "sub" / "c.png")]


def test_output_is_streamed_page_by_page(tmp_path):
    inputs = []
    for index in range(3):
        copy = tmp_path / f"{index}.jpg"
        shutil.copy(BIRTH if index != 1 else MARRIAGE, copy)
        inputs.append(str(copy))
    process = subprocess.Popen([sys.executable, "-m", "inspector", "extract", "--jobs", "1", *inputs],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=REPO_ROOT)
    try:
        first = json.loads(process.stdout.readline())
        assert first["source"] == inputs[0]
        assert process.poll() is None, "the first page was printed only at the end"
        rest = json_lines(process.stdout.read())
    finally:
        process.wait(timeout=120)
    assert [o["source"] for o in rest if o["record_index"] == 0] == inputs[1:]
    assert process.returncode == 0


def test_usage_errors_exit_2_without_traceback():
    for args in (["extract"], ["extract", "--jobs", "0", str(BIRTH)], ["extract", "--type", "will", str(BIRTH)]):
        result = run_cli(*args)
        assert result.returncode == 2, args
        assert result.stdout == "" and "Sai cú pháp" in result.stderr and "Traceback" not in result.stderr


def test_missing_tesseract_exits_4_saying_how_to_install(monkeypatch, capsys):
    from inspector import cli, recognition

    def missing(config=None):
        raise MissingDependencyError("Thiếu dữ liệu tiếng Việt: hãy cài gói tesseract-ocr-vie", "vie missing")

    monkeypatch.setattr(recognition, "check_ocr_available", missing)
    assert cli.main(["extract", str(BIRTH)]) == 4
    captured = capsys.readouterr()
    assert captured.out == "" and "tesseract-ocr-vie" in captured.err


def test_batch_reads_pages_into_draft_records_and_summarises(tmp_path):
    workspace = tmp_path / "ws"
    assert run_cli("init", str(workspace)).returncode == 0
    (tmp_path / "empty.jpg").write_bytes(b"")
    result = run_cli("batch", str(BIRTH), str(tmp_path / "empty.jpg"), "--workspace", str(workspace),
                     "--book", "01/2024", "--type", "birth", "--jobs", "2")
    assert result.returncode == 3 and "Traceback" not in result.stderr
    stored = [line.split("\t") for line in result.stdout.splitlines() if line.startswith("stored\t")]
    read = [line.split("\t") for line in result.stdout.splitlines() if line.startswith("read\t")]
    assert len(stored) == 1 and len(read) == 1 and read[0][1] == stored[0][1] and read[0][3] == "birth"
    assert any("empty.jpg" in line and "rỗng" in line for line in result.stderr.splitlines())
    assert "Đã đọc 1 trang:" in result.stderr and "trường cần kiểm tra" in result.stderr

    listing = run_cli("records", "--workspace", str(workspace), "--json")
    records = json_lines(listing.stdout)
    assert len(records) == int(read[0][4]) >= 1
    assert records[0]["type"] == "birth" and records[0]["status"] == "draft"
    assert sum(len(r["flagged"]) for r in records) == int(read[0][5])
    assert set(records[0]["fields"]) == set(field_keys("birth"))


def _workers_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_bytes()
            except OSError:
                continue
            fields = stat[stat.rindex(b")") + 2:].split()
            if int(fields[1]) == pid and fields[0] != b"Z":
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_killed_extract_leaves_no_worker_behind():
    process = subprocess.Popen([sys.executable, "-m", "inspector", "extract", "--jobs", "2", str(BIRTH), str(MARRIAGE),
                                str(BIRTH)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               cwd=REPO_ROOT)
    process.stdout.readline()  # the workers are up and reading
    workers = _workers_of(process.pid)
    assert workers
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    deadline = time.monotonic() + 10
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(map(_alive, workers)), "worker processes outlived the killed command"
