"""Exporting a book from the register book view: every format through the save dialog, on the worker, with a
summary at the end; a PDF/A export cancelled leaves no file."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
import zipfile

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from storage.workspace import WorkspaceStore
from tests.ui.conftest import open_and_wait
from tests.ui.sample_records import add_sample_page, add_sample_records
from tests.ui.test_end_to_end import _tesseract_ready
from ui.main_window import EXPORT_SUFFIXES

SAMPLE = "khai-sinh-so-scan"


@pytest.fixture
def book_workspace(tmp_path):
    """A birth book with one sample register page and its record."""
    root = tmp_path / "ws"
    with WorkspaceStore.create(root, commune="Xã Quỳnh Hưng", actor="test") as store:
        book = store.add_book("birth", "01/2024", year=2024, actor="test")
        page = add_sample_page(store, book, SAMPLE)
        record = add_sample_records(store, book, page, SAMPLE)[0]
    return root, book, record


def _save_as(monkeypatch, path) -> list[tuple]:
    asked: list[tuple] = []

    def answer(*args, **kwargs):
        asked.append(args)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return asked


def test_every_record_format_is_exported_from_the_book_view(
    qtbot, window, book_workspace, tmp_path, monkeypatch
):
    root, book, record = book_workspace
    open_and_wait(qtbot, window, root)
    with qtbot.waitSignal(window.book_view_loaded, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    button = window.book_view.export_button
    assert button.isEnabled() and button.text() == "Xuất sổ"
    assert [a.text() for a in button.menu().actions()] == [
        "Bảng CSV…", "Tệp JSON…", "Tệp XML…", "PDF/A tìm được chữ…", "Gói số hoá Bộ Tư pháp (ZIP)…"
    ]
    out = tmp_path / "out"
    out.mkdir()
    for fmt, name in (("csv", "so.csv"), ("json", "so.json"), ("xml", "so.xml"), ("moj", "goi")):
        asked = _save_as(monkeypatch, out / name)
        with qtbot.waitSignal(window.export_finished, timeout=30_000) as finished:
            window.export_actions[fmt].trigger()
            assert window.exporting and not window.export_actions["csv"].isEnabled()  # one export at a time
        outcome = finished.args[0]
        assert outcome.fmt == fmt and outcome.count == 1
        # The dialog proposes a file named after the book, in the suffix of the format.
        assert asked[0][2].endswith(f"birth-01-2024{EXPORT_SUFFIXES[fmt]}")
        box = window.findChild(QMessageBox, "exportSummary")
        assert box.text().startswith("Đã xuất 1 bản ghi của quyển 01/2024 ra tệp «")
        assert f"Nơi lưu: {out}" in box.informativeText()
        box.close()
        qtbot.waitUntil(lambda: not window.exporting, timeout=5_000)

    rows = list(csv.DictReader((out / "so.csv").open(encoding="utf-8-sig")))
    assert [r["record_id"] for r in rows] == [record.id]
    assert json.loads((out / "so.json").read_text(encoding="utf-8"))
    assert ET.parse(out / "so.xml").getroot() is not None
    with zipfile.ZipFile(out / "goi.zip") as package:  # the suffix is added when missing
        assert any(n.endswith(".pdf") for n in package.namelist())
    with WorkspaceStore.open(root) as store:
        formats = [e.details["format"] for e in store.audit_entries(book.id) if e.action == "export"]
    assert formats == ["csv", "json", "xml", "moj"]


@pytest.mark.skipif(not _tesseract_ready(), reason="Tesseract with Vietnamese data is not installed")
def test_a_cancelled_pdfa_export_leaves_no_file(qtbot, window, book_workspace, tmp_path, monkeypatch):
    root, _book, _record = book_workspace
    open_and_wait(qtbot, window, root)
    target = tmp_path / "so.pdf"
    _save_as(monkeypatch, target)
    window.export_actions["pdfa"].trigger()
    progress = window._export
    assert progress is not None
    progress.cancel()  # what the progress dialog's Cancel button does
    qtbot.waitUntil(lambda: not window.exporting, timeout=60_000)
    assert not target.exists()
    assert window.findChild(QMessageBox, "exportSummary") is None
    assert window.statusBar().currentMessage() == "Đã huỷ việc xuất sổ."
