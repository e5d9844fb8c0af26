"""The decisions behind the verification view and the register table, without a window; writes off the GUI
thread; screenshots of the new views."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import numpy as np
import pytest
from PIL import Image

from inspector.domain import DocumentType, FieldValue, Record, RecordIssue, RecordStatus
from storage.workspace import WorkspaceStore
from tests.conftest import run_cli
from tests.ui.sample_records import build_workspace
from ui.book_view import register_rows
from ui.verification import EditHistory, FieldEdit, accepted_value, issue_text, next_flagged


def _record(number: str = "1", flagged: tuple[str, ...] = (), record_id: str = "r", **values: str) -> Record:
    fields = {"registration_number": FieldValue(number), "registration_date": FieldValue("2024-03-01")}
    fields.update({k: FieldValue(v) for k, v in values.items()})
    for key in flagged:
        fields[key] = FieldValue(fields.get(key, FieldValue("")).value, 0.5, True)
    return Record(record_id, "b", DocumentType.BIRTH, fields, RecordStatus.DRAFT, 1,
                  updated_at=datetime.now(UTC))


def test_next_flagged_follows_form_order_and_wraps_round():
    record = _record(flagged=("personal_id", "full_name", "registration_date"))
    assert next_flagged(record) == "registration_date"
    assert next_flagged(record, "registration_date") == "full_name"
    assert next_flagged(record, "full_name") == "personal_id"
    assert next_flagged(record, "personal_id") == "registration_date"
    assert next_flagged(record, "full_name", backwards=True) == "registration_date"
    assert next_flagged(_record()) == ""


def test_accepting_a_field_clears_its_flag_and_trusts_a_typed_value():
    read = FieldValue("NGUYEN VAN DUC", 0.6, True, (1, 2, 3, 4), "p")
    same = accepted_value(read, " NGUYEN  VAN DUC ")
    assert same == FieldValue("NGUYEN VAN DUC", 0.6, False, (1, 2, 3, 4), "p")
    typed = accepted_value(read, "NGUYỄN VĂN ĐỨC")
    assert typed.value == "NGUYỄN VĂN ĐỨC" and typed.confidence == 1.0 and not typed.needs_review
    assert typed.bbox == (1, 2, 3, 4)


def test_edit_history_undoes_and_redoes_in_order_and_forgets_redo_after_a_new_edit():
    a, b = FieldValue("a"), FieldValue("b")
    history = EditHistory()
    history.push(FieldEdit("full_name", a, b))
    history.push(FieldEdit("sex", a, b))
    assert history.undo().key == "sex" and history.undo().key == "full_name" and history.undo() is None
    assert history.redo().key == "full_name"
    history.push(FieldEdit("notes", a, b))
    assert not history.can_redo() and history.redo() is None


def test_issue_messages_in_english_name_the_fields():
    from inspector.record_fields import record_fields

    specs = record_fields("birth")
    issue = RecordIssue("missing_required_field", ("full_name",), "Thiếu «Họ, chữ đệm, tên».")
    assert issue_text(issue, specs, "vi") == "Thiếu «Họ, chữ đệm, tên»."
    assert issue_text(issue, specs, "en") == "“Full name” is missing."
    # A code the table does not know keeps the rules' own message.
    assert issue_text(RecordIssue("new_rule", (), "Quy tắc mới."), specs, "en") == "Quy tắc mới."


def test_register_rows_sort_numbers_by_value_collapse_gaps_and_mark_duplicates():
    records = [_record(n, record_id=f"r{n}-{i}") for i, n in enumerate(["10", "2", "3", "7", "7", "125/2024", ""])]
    rows = register_rows(records)
    assert [(r.kind, r.number) for r in rows] == [
        ("record", "2"), ("record", "3"), ("gap", "4–6"), ("duplicate", "7"), ("duplicate", "7"),
        ("gap", "8–9"), ("record", "10"), ("gap", "11–124"), ("record", "125/2024"), ("record", ""),
    ]
    assert rows[2].missing_count == 3


def test_corrections_are_written_on_a_worker_thread(qtbot, languages, tmp_path, monkeypatch):
    from inspector.settings import Settings
    from ui.main_window import MainWindow
    from ui.worker import TaskRunner

    root = build_workspace(tmp_path / "ws")
    threads: list[str] = []
    original = WorkspaceStore.revise_record

    def revise_record(self, *args, **kwargs):
        threads.append(threading.current_thread().name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(WorkspaceStore, "revise_record", revise_record)
    window = MainWindow(TaskRunner(), languages, Settings(), persist_settings=False, words_provider=None)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.pages_loaded, timeout=15_000):
        window.open_workspace(root)
    view = window.verify_view
    with qtbot.waitSignal(view.record_shown, timeout=10_000):
        window.show_verification()
    key = view.current_key
    assert key and view.record.fields[key].needs_review
    view.rows[key].edit.setText("sửa")
    view.accept_field(key)
    qtbot.waitUntil(lambda: not view.busy, timeout=10_000)
    assert threads and threading.main_thread().name not in threads
    window.close()


@pytest.mark.slow
@pytest.mark.parametrize("view", ["verify", "book"])
def test_gui_screenshot_of_the_verification_and_book_views(tmp_path, view):
    root = build_workspace(tmp_path / "ws")
    shot = tmp_path / f"{view}.png"
    result = run_cli("gui", "--workspace", str(root), "--screenshot", str(shot), "--view", view, "--lang", "en",
                     timeout=120)
    assert result.returncode == 0, result.stderr
    image = np.asarray(Image.open(shot).convert("RGB"))
    assert image.shape[:2] == (900, 1440)
    if view == "verify":
        # Flagged fields stand out: the orange of their rows and boxes is on screen.
        orange = (image[:, :, 0] > 240) & (image[:, :, 1] > 225) & (image[:, :, 1] < 245) & (image[:, :, 2] < 215)
        assert orange.sum() > 2_000
    else:
        # The missing number (344) has its yellow row.
        yellow = (image[:, :, 0] > 250) & (image[:, :, 1] > 235) & (image[:, :, 2] < 200) & (image[:, :, 2] > 180)
        assert yellow.sum() > 5_000
