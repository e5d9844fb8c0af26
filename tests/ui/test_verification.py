"""The verification workstation driven like an officer does: keyboard through flagged fields, a correction,
undo and redo, a word clicked on the page, the record accepted, found again by a search without diacritics,
the register book table with its gaps and duplicates, the status bar and the settings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from inspector.domain import RecordStatus
from inspector.settings import Settings
from storage.workspace import WorkspaceStore
from tests.ui.sample_records import add_sample_page, add_sample_records, numbered_copies, sample_truth

SAMPLE = "khai-sinh-so-scan"
WRONG_NAME = "NGUYEN VAN ĐUC"
RIGHT_NAME = "NGUYỄN VĂN ĐỨC"
TRUE_ID = "062224007000"
MISREAD = {
    "full_name": (WRONG_NAME, 0.6, ("low_confidence", "second_look_agrees", "second_look_disagrees")),
    "date_of_birth_in_words": (None, 0.71),
    "personal_id": ("062224O07000", 0.55),
}


@pytest.fixture
def records_workspace(tmp_path):
    """A birth book with the sample register page: its record (three fields flagged) and six more numbers."""
    root = tmp_path / "ws"
    with WorkspaceStore.create(root, commune="Xã Quỳnh Hưng", actor="test") as store:
        book = store.add_book("birth", "01/2024", year=2024, actor="test")
        page = add_sample_page(store, book, SAMPLE)
        record = add_sample_records(store, book, page, SAMPLE, misread=MISREAD)[0]
        numbered_copies(store, book, record, ["341", "342", "343", "345", "347", "347"])
    return root, record.id


def fake_words(_data: bytes):
    """The words of the page where the ground truth puts them (instead of running Tesseract)."""
    boxes = sample_truth(SAMPLE)["pages"][0]["records"][0]["field_boxes"]
    return [(TRUE_ID, tuple(boxes["personal_id"])), ("Kinh", tuple(boxes["ethnicity"]))]


@pytest.fixture
def verify_window(qtbot, languages):
    from ui.main_window import MainWindow
    from ui.worker import TaskRunner

    runner = TaskRunner()
    win = MainWindow(runner, languages, Settings(officer_name="Cán bộ A"), persist_settings=False,
                     words_provider=fake_words)
    qtbot.addWidget(win)
    win.resize(1440, 900)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    yield win
    win.close()


def _open_verification(qtbot, window, path):
    with qtbot.waitSignal(window.pages_loaded, timeout=15_000):
        window.open_workspace(path)
    view = window.verify_view
    with qtbot.waitSignal(view.record_shown, timeout=15_000):
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # Alt+2: the verification view
    qtbot.waitUntil(lambda: view.viewer.view.word_count > 0, timeout=10_000)
    return view


def type_text(widget, text: str) -> None:
    """Type ``text`` into ``widget`` as key events (QTest.keyClicks only knows ASCII)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        key = Qt.Key.Key_Space if char == " " else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char))


def _wait_saved(qtbot, view):
    qtbot.waitUntil(lambda: not view.busy, timeout=10_000)


def test_keyboard_flow_correct_undo_redo_accept_and_find(qtbot, verify_window, records_workspace):
    path, record_id = records_workspace
    window = verify_window
    view = _open_verification(qtbot, window, path)
    assert window.tabs.currentWidget() is window.verify_tab
    assert view.record.id == record_id

    # The first flagged field in form order is in hand: focused, its box highlighted, its snippet beside it.
    assert view.current_key == "full_name"
    row = view.rows["full_name"]
    assert row.edit.hasFocus() and row.edit.text() == WRONG_NAME
    assert view.viewer.view.field_state("full_name") == "current"
    assert view.viewer.view.field_state("personal_id") == "flagged"
    assert view.viewer.view.field_state("sex") == "accepted"
    assert not row.snippet.pixmap().isNull() and row.snippet.pixmap().width() > 50
    assert "Độ tin cậy 60 %" in row.info.text() and "Cần kiểm tra" in row.info.text()
    # It says why, in the officer's words: the most telling reason, not the codes nor the lifted ones.
    assert "đọc lại lần hai ra khác" in row.info.text()
    assert "second_look" not in row.info.text() and "lần hai khớp" not in row.info.text()
    assert row.label.text() == "Họ, chữ đệm, tên"
    assert "3 trường cần kiểm tra" in view.summary.text()
    # The personal ID's validation message shows inline.
    assert "định danh" in view.rows["personal_id"].info.text().lower()

    # Correct the name and press Enter: saved, and the next flagged field is in hand.
    row.edit.selectAll()
    type_text(row.edit, RIGHT_NAME)
    qtbot.keyClick(row.edit, Qt.Key.Key_Return)
    assert view.current_key == "date_of_birth_in_words"
    assert view.rows["date_of_birth_in_words"].edit.hasFocus()
    _wait_saved(qtbot, view)
    with WorkspaceStore.open(path) as store:
        stored = store.record(record_id)
        assert stored.fields["full_name"].value == RIGHT_NAME and not stored.fields["full_name"].needs_review
        assert stored.revision == 2

    # Ctrl+Z undoes the correction (a new revision), Ctrl+Y does it again.
    qtbot.keyClick(view.rows["date_of_birth_in_words"].edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    _wait_saved(qtbot, view)
    assert view.rows["full_name"].edit.text() == WRONG_NAME
    with WorkspaceStore.open(path) as store:
        undone = store.record(record_id)
        assert undone.fields["full_name"].value == WRONG_NAME and undone.fields["full_name"].needs_review
        assert undone.revision == 3
    assert view.current_key == "full_name"
    qtbot.keyClick(view.rows["full_name"].edit, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    _wait_saved(qtbot, view)
    assert view.rows["full_name"].edit.text() == RIGHT_NAME

    # Ctrl+Down goes to the next flagged field; Enter accepts the date in words as read.
    qtbot.keyClick(view.rows["full_name"].edit, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert view.current_key == "date_of_birth_in_words"
    qtbot.keyClick(view.rows["date_of_birth_in_words"].edit, Qt.Key.Key_Return)
    assert view.current_key == "personal_id"

    # Accepting the record while a field is still flagged is refused and keeps the officer on it.
    qtbot.keyClick(view.rows["personal_id"].edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.record.status is RecordStatus.DRAFT and view.current_key == "personal_id"

    # A click on a word of the page copies it into the field in hand (its selected text is replaced).
    page_view = view.viewer.view
    box = page_view.field_box("personal_id")
    page_view.ensureVisible(box)
    qtbot.wait(50)
    view.rows["personal_id"].edit.selectAll()
    qtbot.mouseClick(
        page_view.viewport(), Qt.MouseButton.LeftButton,
        pos=page_view.image_to_viewport(box.center().x(), box.center().y()),
    )
    assert view.rows["personal_id"].edit.text() == TRUE_ID
    qtbot.keyClick(view.rows["personal_id"].edit, Qt.Key.Key_Return)
    assert not view.record.flagged_fields
    assert "Không có trường cần kiểm tra" in view.summary.text()

    # Ctrl+Enter accepts the record: verified, and the next record to check opens.
    with qtbot.waitSignal(view.record_shown, timeout=10_000):
        qtbot.keyClick(view.rows["personal_id"].edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.record.id != record_id
    _wait_saved(qtbot, view)
    with WorkspaceStore.open(path) as store:
        final = store.record(record_id)
        assert final.status is RecordStatus.VERIFIED
        assert final.fields["personal_id"].value == TRUE_ID
        assert not any(i.code.startswith("personal_id") for i in final.issues)
        # The audit trail holds the correction, its undo and redo, by the officer of the settings.
        entries = [e for e in store.audit_entries(record_id) if e.action == "correct_record"]
        name_changes = [e.details["fields"]["full_name"] for e in entries if "full_name" in e.details["fields"]]
        assert name_changes == [
            {"old": WRONG_NAME, "new": RIGHT_NAME},
            {"old": RIGHT_NAME, "new": WRONG_NAME},
            {"old": WRONG_NAME, "new": RIGHT_NAME},
        ]
        assert {e.actor for e in entries} == {"Cán bộ A"}
        assert store.audit_entries(record_id)[-1].action == "set_status_verified"
    qtbot.waitUntil(lambda: window.signature_label.text() == "Chờ ký: 1", timeout=10_000)
    assert "Chờ đồng bộ: 0" in window.sync_label.text()

    # Found again without diacritics, from the search box (Ctrl+F), and opened.
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()
    with qtbot.waitSignal(window.search_finished, timeout=10_000) as found:
        qtbot.keyClicks(window.search_box, "nguyen van duc")
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    results = found.args[0]
    # The whole phrase comes first; records holding the three words in other fields follow.
    assert results[0][0].id == record_id
    assert RIGHT_NAME in window.search_results.list.item(0).text()
    with qtbot.waitSignal(view.record_shown, timeout=10_000):
        qtbot.keyClick(window.search_results.list, Qt.Key.Key_Return)
    assert view.record.id == record_id and view.record.status is RecordStatus.VERIFIED
    assert view.rows["full_name"].edit.text() == RIGHT_NAME


def test_page_keys_move_through_records_and_filter_shows_flagged_only(qtbot, verify_window, records_workspace):
    path, record_id = records_workspace
    view = _open_verification(qtbot, verify_window, path)
    first = view.record.id
    with qtbot.waitSignal(view.record_shown, timeout=10_000):
        qtbot.keyClick(view.rows[view.current_key].edit, Qt.Key.Key_PageDown)
    assert view.record.id != first and view.record.id == view.siblings[1].id
    with qtbot.waitSignal(view.record_shown, timeout=10_000):
        qtbot.keyClick(view.rows[view.current_key].edit, Qt.Key.Key_PageUp)
    assert view.record.id == first == record_id

    qtbot.keyClick(view.rows[view.current_key].edit, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert view.flagged_only.isChecked()
    visible = [key for key, row in view.rows.items() if row.isVisible()]
    assert set(visible) == {"full_name", "date_of_birth_in_words", "personal_id"}
    # Rotating keeps the page fitted; zoom to 100 % and back to fit width.
    viewer = view.viewer
    viewer.rotate_action.trigger()
    assert viewer.view.rotation == 90
    viewer.actual_size_action.trigger()
    assert viewer.view.zoom == 1.0
    viewer.fit_width_action.trigger()
    assert viewer.view.zoom < 1.0


def test_register_book_table_orders_numbers_and_marks_gaps_and_duplicates(qtbot, verify_window, records_workspace):
    path, record_id = records_workspace
    window = verify_window
    with qtbot.waitSignal(window.pages_loaded, timeout=15_000):
        window.open_workspace(path)
    with qtbot.waitSignal(window.book_view_loaded, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    book_view = window.book_view
    assert book_view.row_kinds() == [
        ("record", "341"), ("record", "342"), ("record", "343"), ("gap", "344"), ("record", "345"),
        ("record", "346"), ("duplicate", "347"), ("duplicate", "347"),
    ]
    assert "1 số thiếu · 2 số trùng" in book_view.summary.text()
    # Sorting by number, descending, then filtering by a name typed without diacritics.
    book_view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert [n for _, n in book_view.row_kinds()][:3] == ["347", "347", "346"]
    book_view.problems_only.setChecked(True)
    assert {kind for kind, _ in book_view.row_kinds()} == {"gap", "duplicate", "record"}
    assert ("record", "346") in book_view.row_kinds() and ("record", "341") not in book_view.row_kinds()
    book_view.problems_only.setChecked(False)
    qtbot.keyClicks(book_view.filter_edit, "nguyen van duc")
    assert record_id in book_view.record_ids() and len(book_view.record_ids()) < 7
    qtbot.keyClicks(book_view.filter_edit, " 346")
    assert book_view.record_ids() == [record_id]
    # Enter on a row opens the record for checking.
    book_view.table.setFocus()
    book_view.table.setCurrentIndex(book_view.proxy.index(0, 0))
    with qtbot.waitSignal(window.verify_view.record_shown, timeout=10_000):
        qtbot.keyClick(book_view.table, Qt.Key.Key_Return)
    assert window.verify_view.record.id == record_id
    assert window.tabs.currentWidget() is window.verify_tab


def test_english_switch_settings_and_cheat_sheet(qtbot, verify_window, records_workspace):
    path, _ = records_workspace
    window = verify_window
    view = _open_verification(qtbot, window, path)
    dialog = window.show_settings_dialog()
    dialog.name_edit.setText("Officer B")
    dialog.language_box.setCurrentIndex(dialog.language_box.findData("en"))
    dialog.accept()
    assert window.settings.officer_name == "Officer B" and window.actor == "Officer B"
    assert window.tabs.tabText(1) == "Verify"
    assert view.rows["full_name"].label.text() == "Full name"
    assert "Confidence 60 %" in view.rows["full_name"].info.text()
    assert "personal ID" in view.rows["personal_id"].info.text()
    assert view.accept_button.text() == "Accept record"
    assert "(Ctrl+Enter)" in view.accept_button.toolTip()

    sheet = window.show_shortcuts()
    rows = dict(sheet.rows())
    assert rows["Enter"].startswith("Accept the field")
    assert rows["PgDown"] == "Next record" and rows["Ctrl+Z"] == "Undo" and rows["F1"] == "Keyboard shortcuts"
    assert rows["Alt+2"] == "Verify records"
    sheet.close()
    window.set_language("vi", persist=False)
    assert window.tabs.tabText(1) == "Kiểm tra"
