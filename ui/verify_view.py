"""The verification view: the page with its boxes on the left, the record's fields on the right.

Keyboard first: Enter accepts the field in hand and jumps to the next flagged
one, Ctrl+Enter accepts the record when nothing is flagged, Page Up/Down go
through the book's records, Ctrl+Z / Ctrl+Y undo and redo. Every change is
saved at once as a new revision (with its audit entry) through
:meth:`WorkspaceStore.revise_record`, on the worker, one write after another
in the order the officer made them (reads of records go through the same
queue, so a record read back never misses a write still in flight).
"""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QKeyCombination, QLocale, QRect, Qt, Signal
from PySide6.QtGui import QAction, QImage, QKeyEvent, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from inspector.domain import Book, FieldValue, Page, Record, RecordStatus
from inspector.field_reasons import review_reasons
from inspector.record_fields import FieldSpec
from inspector.signing import RecordCheck
from storage.signing import TrustStore
from storage.workspace import WorkspaceStore
from ui.i18n import current_language
from ui.images import decode_page
from ui.navigator import empty_state, panel_title
from ui.page_view import PageViewer, runner_scaler
from ui.signing import GRADE_COLOURS, check_signature, default_trust, grade_label, reason_text
from ui.verification import (
    EditHistory,
    FieldEdit,
    accepted_value,
    field_specs,
    field_value,
    issue_text,
    issues_by_field,
    next_flagged,
    record_issues,
    with_field,
)
from ui.worker import TaskRunner

log = logging.getLogger(__name__)

SNIPPET_SIZE = (230, 38)
# Below this confidence the percentage shows in the warning colour.
LOW_CONFIDENCE = 0.90
# Status badge colours (background, text) by record state.
RECORD_STATUS_COLOURS: dict[RecordStatus, tuple[str, str]] = {
    RecordStatus.DRAFT: ("#fdecc8", "#7a4b00"),
    RecordStatus.VERIFIED: ("#d9ecff", "#0b4a8b"),
    RecordStatus.SIGNED: ("#dcf3e3", "#17643a"),
    RecordStatus.SYNCED: ("#e4e1f7", "#3e3190"),
}

Words = list[tuple[str, tuple[int, int, int, int]]]


def record_status_label(status: RecordStatus) -> str:
    """A record state in the interface language."""
    return {
        RecordStatus.DRAFT: QCoreApplication.translate("Labels", "Chưa kiểm tra"),
        RecordStatus.VERIFIED: QCoreApplication.translate("Labels", "Đã kiểm tra"),
        RecordStatus.SIGNED: QCoreApplication.translate("Labels", "Đã ký"),
        RecordStatus.SYNCED: QCoreApplication.translate("Labels", "Đã đồng bộ"),
    }[RecordStatus(status)]


def ocr_words(data: bytes) -> Words:
    """The words Tesseract reads on a page image, with their boxes (runs on a worker)."""
    import io

    from PIL import Image

    from ocr.engine import process_engine

    image = np.asarray(Image.open(io.BytesIO(data)).convert("L"))
    page = process_engine().recognize(image)
    return [(w.text, w.box) for w in page.words if w.text.strip()]


@dataclass(frozen=True)
class LoadedRecord:
    """What the view needs to show one record: it, its book's records, its book and page, and the grade
    of its signature (None when it is not signed)."""

    record: Record
    siblings: tuple[Record, ...]
    book: Book
    page: Page | None
    signature: RecordCheck | None = None


def load_record(store: WorkspaceStore, record_id: str, trust: TrustStore | None = None) -> LoadedRecord:
    """Read a record with its book's records, its book and its first page (on a worker).

    With ``trust``, a signed (or synced) record's signature is checked against what the
    workspace holds now; a draft or verified record has no signature that speaks for it.
    """
    record = store.record(record_id)
    siblings = tuple(store.records(record.book_id))
    page_id = record.page_ids[0] if record.page_ids else next(
        (fv.page_id for fv in record.fields.values() if fv.page_id), None
    )
    signature = None
    if trust is not None and record.status in (RecordStatus.SIGNED, RecordStatus.SYNCED):
        signature = check_signature(store, record_id, trust)
    return LoadedRecord(
        record, siblings, store.book(record.book_id), store.page(page_id) if page_id else None, signature
    )


class FieldEditor(QLineEdit):
    """A field's input. Undo and redo belong to the record (saved revisions), not to the line edit."""

    focused = Signal()

    def event(self, event: QEvent) -> bool:  # noqa: D102 - Qt override
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo):
                event.ignore()  # let the window's Undo/Redo actions have the key
                return True
            combo = event.keyCombination()
            if combo.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
                combo.keyboardModifiers() & Qt.KeyboardModifier.ControlModifier
            ):
                event.ignore()  # Ctrl+Enter accepts the record
                return True
        return super().event(event)

    def focusInEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().focusInEvent(event)
        self.focused.emit()


class FieldRow(QFrame):
    """One field: label, input, the image snippet of its box, and confidence and messages below."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName("fieldRow")
        self.setProperty("state", "plain")
        self.label = QLabel()
        self.label.setObjectName("fieldLabel")
        self.label.setWordWrap(True)
        self.label.setFixedWidth(170)
        self.edit = FieldEditor()
        self.edit.setObjectName(f"field_{spec.key}")
        self.label.setBuddy(self.edit)
        self.snippet = QLabel()
        self.snippet.setObjectName("fieldSnippet")
        self.snippet.setFixedSize(*SNIPPET_SIZE)
        self.snippet.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.info = QLabel()
        self.info.setObjectName("fieldInfo")
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        layout = QGridLayout(self)
        layout.setContentsMargins(8, 5, 8, 5)
        layout.setHorizontalSpacing(10)
        layout.setVerticalSpacing(2)
        layout.addWidget(self.label, 0, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.edit, 0, 1)
        layout.addWidget(self.snippet, 0, 2)
        layout.addWidget(self.info, 1, 1, 1, 2)
        layout.setColumnStretch(1, 1)

    def set_state(self, state: str) -> None:
        """``flagged``, ``accepted``, ``plain`` or ``current`` (the style sheet colours each)."""
        if self.property("state") != state:
            self.setProperty("state", state)
            for widget in (self, self.label):
                widget.style().unpolish(widget)
                widget.style().polish(widget)

    def set_info(self, value: FieldValue, messages: list[str]) -> None:
        """Show the confidence and the validation messages of the field."""
        parts = []
        if (value.value or value.bbox) and (value.confidence < 0.995 or value.needs_review):
            colour = "#b03a00" if value.confidence < LOW_CONFIDENCE else "#5f6b7a"
            text = QCoreApplication.translate("VerifyView", "Độ tin cậy {percent} %").format(
                percent=round(value.confidence * 100)
            )
            parts.append(f'<span style="color:{colour}">{text}</span>')
        if value.needs_review:
            # Why, in the officer's words: the one or two most telling of recognition's reasons.
            # (a rule that failed is said by its own message below, which names the other field)
            codes = [code for code in value.reasons if not (messages and code == "rule_failed")]
            why = review_reasons(codes, current_language())
            parts.append(
                '<span style="color:#b03a00; font-weight:600">'
                + QCoreApplication.translate("VerifyView", "Cần kiểm tra")
                + "</span>"
                + (f'<span style="color:#b03a00">: {_escape("; ".join(why))}</span>' if why else "")
            )
        for message in messages:
            parts.append(f'<span style="color:#a61e1e">⚠ {_escape(message)}</span>')
        self.info.setText(" · ".join(parts))
        self.info.setVisible(bool(parts))


def signer_name(subject: str) -> str:
    """The common name (CN) of a certificate subject such as ``CN=Trần Thị Lan,O=…,C=VN`` (else the subject)."""
    match = re.search(r"(?:^|,)\s*CN=((?:\\.|[^,])+)", subject)
    return match.group(1).replace("\\", "").strip() if match else subject


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class VerificationView(QWidget):
    """Checks one record at a time against its page."""

    # The record now shown (its id), after it and its page are on screen.
    record_shown = Signal(str)
    # A revision saved by this view (the new Record).
    record_saved = Signal(object)
    # An exception to show through the window's presenter.
    error = Signal(object)
    # A short message for the status bar.
    message = Signal(str)
    # Words of the page arrived (their number).
    words_shown = Signal(int)
    # The officer asks to sign the record shown (its id) / to see its history (its id).
    sign_requested = Signal(str)
    history_requested = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        *,
        actor: Callable[[], str] = lambda: "officer",
        words_provider: Callable[[bytes], Words] | None = ocr_words,
        trust: Callable[[], TrustStore] | None = default_trust,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("verifyView")
        self.runner = runner
        self.actor = actor
        self.words_provider = words_provider
        self.trust = trust
        self.signature: RecordCheck | None = None
        self.store: WorkspaceStore | None = None
        self.record: Record | None = None
        self.book: Book | None = None
        self.page: Page | None = None
        self.siblings: tuple[Record, ...] = ()
        self.history = EditHistory()
        self.current_key = ""
        self._image: QImage | None = None
        self._image_page_id = ""
        self._words: dict[str, Words] = {}
        self._queue: deque[tuple[Callable[[], Any], Callable[[Any], None]]] = deque()
        self._in_flight = False
        self._generation = 0
        self.rows: dict[str, FieldRow] = {}

        self.viewer = PageViewer()
        self.viewer.view.scaler = runner_scaler(runner)
        # Clicking a word on the page must leave the keyboard (and the selection) in the field.
        self.viewer.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.viewer.view.word_clicked.connect(self.insert_word)
        self.viewer.view.field_clicked.connect(lambda key: self.focus_field(key))
        self.title = panel_title()
        self.status_badge = QLabel()
        self.status_badge.setObjectName("statusBadge")
        self.signature_badge = QLabel()
        self.signature_badge.setObjectName("signatureBadge")
        self.signature_info = QLabel()
        self.signature_info.setObjectName("signatureInfo")
        self.signature_info.setWordWrap(True)
        self.signature_info.setTextFormat(Qt.TextFormat.RichText)
        self.signature_info.hide()
        self.summary = QLabel()
        self.summary.setObjectName("hint")
        self.summary.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # Long texts are clipped rather than widening the window.
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.flagged_only = QCheckBox()
        self.flagged_only.setObjectName("flaggedOnly")
        self.flagged_only.toggled.connect(self._apply_filter)
        self._build_actions()
        self.accept_button = QPushButton()
        self.accept_button.setObjectName("primary")
        self.accept_button.clicked.connect(self.accept_record)
        self.sign_button = QPushButton()
        self.sign_button.setObjectName("signRecord")
        self.sign_button.clicked.connect(lambda: self.record and self.sign_requested.emit(self.record.id))
        self.history_button = QToolButton()
        self.history_button.setObjectName("recordHistory")
        self.history_button.setAutoRaise(True)
        self.history_button.clicked.connect(lambda: self.record and self.history_requested.emit(self.record.id))
        self.form = QWidget()
        self.form.setObjectName("fieldForm")
        self.form_layout = QVBoxLayout(self.form)
        self.form_layout.setContentsMargins(0, 0, 4, 0)
        self.form_layout.setSpacing(2)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("fieldScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.form)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.placeholder = empty_state()
        self.keys_hint = QLabel()
        self.keys_hint.setObjectName("hint")
        self.keys_hint.setWordWrap(True)

        header = QHBoxLayout()
        header.setSpacing(8)
        header.addWidget(self.title)
        header.addWidget(self.status_badge)
        header.addWidget(self.signature_badge)
        # The count sits with the title: the tool row has no room left for it at 1440 px.
        header.addWidget(self.summary, 1)
        tools = QHBoxLayout()
        tools.setSpacing(4)
        tools.addWidget(self.flagged_only)
        tools.addStretch(1)
        self.tool_buttons: list[QToolButton] = []
        for action in (self.previous_action, self.next_action, self.undo_action, self.redo_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setMinimumWidth(34)
            self.tool_buttons.append(button)
            tools.addWidget(button)
        tools.addWidget(self.history_button)
        tools.addSpacing(8)
        tools.addWidget(self.accept_button)
        tools.addWidget(self.sign_button)
        right = QWidget()
        right.setObjectName("fieldPanel")
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(6)
        right_layout.addLayout(header)
        right_layout.addWidget(self.signature_info)
        right_layout.addLayout(tools)
        right_layout.addWidget(self.placeholder, 1)
        right_layout.addWidget(self.scroll, 1)
        right_layout.addWidget(self.keys_hint)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.viewer)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setSizes([700, 640])
        self.splitter.setHandleWidth(10)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._show_empty()
        self.retranslate()

    # ------------------------------------------------------------------ actions
    def _build_actions(self) -> None:
        def action(shortcuts: list[QKeySequence], slot: Callable[[], object]) -> QAction:
            act = QAction(self)
            act.setShortcuts(shortcuts)
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(lambda _checked=False: slot())
            self.addAction(act)
            return act

        ctrl = Qt.KeyboardModifier.ControlModifier
        self.accept_record_action = action(
            [
                QKeySequence(QKeyCombination(ctrl, Qt.Key.Key_Return)),
                QKeySequence(QKeyCombination(ctrl, Qt.Key.Key_Enter)),
            ],
            self.accept_record,
        )
        self.next_action = action([QKeySequence(Qt.Key.Key_PageDown)], self.next_record)
        self.previous_action = action([QKeySequence(Qt.Key.Key_PageUp)], self.previous_record)
        self.undo_action = action([QKeySequence.StandardKey.Undo], self.undo)
        self.redo_action = action(
            [QKeySequence.StandardKey.Redo, QKeySequence("Ctrl+Shift+Z")], self.redo
        )
        self.next_flagged_action = action([QKeySequence("Ctrl+Down")], lambda: self.goto_flagged(False))
        self.previous_flagged_action = action([QKeySequence("Ctrl+Up")], lambda: self.goto_flagged(True))
        self.revert_action = action([QKeySequence(Qt.Key.Key_Escape)], self.revert_typing)
        self.filter_action = action([QKeySequence("Ctrl+Shift+F")], self.flagged_only.toggle)
        self.flagged_only.setShortcut(QKeySequence())  # the action holds the key

    def shortcut_help(self) -> list[tuple[str, str]]:
        """The view's keys and what each does, for the cheat sheet (F1)."""
        native = QKeySequence.SequenceFormat.NativeText
        rows = [
            (
                "Enter",
                QCoreApplication.translate("VerifyView", "Chấp nhận trường, sang trường cần kiểm tra kế tiếp"),
            )
        ]
        for act in (
            self.accept_record_action,
            self.next_flagged_action,
            self.previous_flagged_action,
            self.revert_action,
            self.next_action,
            self.previous_action,
            self.undo_action,
            self.redo_action,
            self.filter_action,
        ):
            rows.append((act.shortcut().toString(native), act.text()))
        rows.append(("Tab", QCoreApplication.translate("VerifyView", "Sang trường kế tiếp")))
        rows.append(
            (
                QCoreApplication.translate("VerifyView", "Bấm vào chữ trên ảnh"),
                QCoreApplication.translate("VerifyView", "Chép chữ đó vào trường đang sửa"),
            )
        )
        return rows

    # ------------------------------------------------------------------ opening
    def set_store(self, store: WorkspaceStore | None) -> None:
        """Work on ``store`` (None: nothing open); forgets the record shown."""
        self.store = store
        self._generation += 1
        self._queue.clear()
        self._words.clear()
        self._image, self._image_page_id = None, ""
        self.record, self.book, self.page, self.siblings = None, None, None, ()
        self.signature = None
        self.history.clear()
        self._show_empty()

    def open_record(self, record_id: str) -> None:
        """Show a record (read after every write still queued)."""
        if self.store is None:
            return
        store, generation = self.store, self._generation
        trust_provider = self.trust

        def work() -> LoadedRecord:
            return load_record(store, record_id, trust_provider() if trust_provider is not None else None)

        self._enqueue(work, lambda loaded: self._loaded(loaded, generation))

    def _loaded(self, loaded: LoadedRecord, generation: int) -> None:
        if generation != self._generation:
            return
        if self.record is None or self.record.id != loaded.record.id:
            self.history.clear()
            self.current_key = ""
        self.record, self.siblings, self.book, self.page, self.signature = (
            loaded.record, loaded.siblings, loaded.book, loaded.page, loaded.signature,
        )
        self._build_rows()
        self._refresh()
        if self.page is not None and self.page.id == self._image_page_id and self._image is not None:
            self._show_image()
        elif self.page is not None:
            self._load_image(self.page)
        else:
            self.viewer.clear()
            self.record_shown.emit(self.record.id)
        first = self.current_key or next_flagged(self.record) or (
            field_specs(self.record)[0].key if self.rows else ""
        )
        self.focus_field(first)

    def _load_image(self, page: Page) -> None:
        store, generation = self.store, self._generation
        self.viewer.show_loading(page)

        def done(image: QImage) -> None:
            if generation != self._generation or self.page is None or self.page.id != page.id:
                return
            self._image, self._image_page_id = image, page.id
            self._show_image()

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.viewer.clear()
                self.error.emit(exc)

        self.runner.submit(lambda: decode_page(store.page_image(page)), on_result=done, on_error=failed)
        if self.words_provider is not None and page.id not in self._words:
            provider = self.words_provider

            def words_done(words: Words) -> None:
                self._words[page.id] = list(words)
                if generation == self._generation and self.page is not None and self.page.id == page.id:
                    self.viewer.view.set_words(self._words[page.id])
                    self.words_shown.emit(len(words))

            def words_failed(exc: BaseException) -> None:
                # The words are a convenience (click to copy): their absence is no error for the officer.
                log.info("Words of page not read: %s", type(exc).__name__)

            self.runner.submit(
                lambda: provider(store.page_image(page)), on_result=words_done, on_error=words_failed,
                background=True,
            )

    def _show_image(self) -> None:
        assert self.page is not None and self.record is not None
        self.viewer.show_page(self.page, self._image)
        self._draw_boxes()
        if self.page.id in self._words:
            self.viewer.view.set_words(self._words[self.page.id])
        self._update_snippets()
        self.viewer.view.set_current_field(self.current_key)
        self.record_shown.emit(self.record.id)

    # ------------------------------------------------------------------ rows
    def _build_rows(self) -> None:
        assert self.record is not None
        specs = field_specs(self.record)
        if [s.key for s in specs] != list(self.rows):
            for row in self.rows.values():
                row.setParent(None)
                row.deleteLater()
            self.rows = {}
            while self.form_layout.count():
                self.form_layout.takeAt(0)
            for spec in specs:
                row = FieldRow(spec)
                row.edit.returnPressed.connect(lambda key=spec.key: self.accept_field(key))
                row.edit.focused.connect(lambda key=spec.key: self._field_focused(key))
                self.rows[spec.key] = row
                self.form_layout.addWidget(row)
            self.form_layout.addStretch(1)
        for key, row in self.rows.items():
            row.edit.setText(field_value(self.record, key).value)
            row.edit.setCursorPosition(0)
        self.placeholder.hide()
        self.scroll.show()
        self._retranslate_rows()

    def _refresh(self) -> None:
        """Repaint states, messages, header and actions from :attr:`record`."""
        record = self.record
        if record is None:
            return
        specs = field_specs(record)
        by_field = issues_by_field(record_issues(record))
        language = current_language()
        for key, row in self.rows.items():
            value = field_value(record, key)
            row.set_state(self._row_state(key))
            row.set_info(value, [issue_text(i, specs, language) for i in by_field.get(key, [])])
            if not row.edit.isModified() and row.edit.text() != value.value:
                row.edit.setText(value.value)
                row.edit.setCursorPosition(0)
        self._draw_box_states()
        self._apply_filter()
        self._retranslate_header()
        self.undo_action.setEnabled(self.history.can_undo())
        self.redo_action.setEnabled(self.history.can_redo())
        index = self._index()
        self.previous_action.setEnabled(index > 0)
        self.next_action.setEnabled(0 <= index < len(self.siblings) - 1)

    def _row_state(self, key: str) -> str:
        value = field_value(self.record, key)
        if key == self.current_key:
            return "current-flagged" if value.needs_review else "current"
        if value.needs_review:
            return "flagged"
        return "accepted" if value.value else "plain"

    def _draw_boxes(self) -> None:
        record = self.record
        if record is None or self.page is None:
            return
        boxes = {}
        for key, value in record.fields.items():
            if value.bbox is not None and value.page_id in (None, self.page.id):
                boxes[key] = (value.bbox, "flagged" if value.needs_review else "accepted")
        self.viewer.view.set_field_boxes(boxes)

    def _draw_box_states(self) -> None:
        if self.record is None:
            return
        for key, value in self.record.fields.items():
            self.viewer.view.set_field_state(key, "flagged" if value.needs_review else "accepted")

    def _update_snippets(self) -> None:
        image = self._image
        for key, row in self.rows.items():
            value = field_value(self.record, key)
            if image is None or value.bbox is None:
                row.snippet.setPixmap(QPixmap())
                row.snippet.setText("—")
                continue
            x, y, w, h = value.bbox
            pad = 4
            crop = image.copy(QRect(x - pad, y - pad, w + 2 * pad, h + 2 * pad))
            pixmap = QPixmap.fromImage(crop).scaled(
                *SNIPPET_SIZE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
            row.snippet.setPixmap(pixmap)

    def _apply_filter(self) -> None:
        only = self.flagged_only.isChecked()
        for key, row in self.rows.items():
            flagged = self.record is not None and field_value(self.record, key).needs_review
            row.setVisible(not only or flagged or key == self.current_key)

    # ------------------------------------------------------------------ moving
    def focus_field(self, key: str) -> None:
        """Make ``key`` the field in hand: its input gets the focus, its box is highlighted and shown."""
        row = self.rows.get(key)
        if row is None:
            return
        self._field_focused(key)
        row.setVisible(True)
        row.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        row.edit.selectAll()
        self.scroll.ensureWidgetVisible(row, 10, 30)

    def _field_focused(self, key: str) -> None:
        if key == self.current_key:
            return
        previous, self.current_key = self.current_key, key
        for k in (previous, key):
            if k in self.rows:
                self.rows[k].set_state(self._row_state(k))
        self.viewer.view.set_current_field(key)
        if self.flagged_only.isChecked():
            self._apply_filter()

    def goto_flagged(self, backwards: bool = False) -> str:
        """Jump to the next (or previous) flagged field; return its key (``""`` when none is flagged)."""
        if self.record is None:
            return ""
        key = next_flagged(self.record, self.current_key, backwards=backwards)
        if key:
            self.focus_field(key)
        else:
            self.message.emit(self._nothing_flagged_text())
        return key

    def _index(self) -> int:
        if self.record is None:
            return -1
        return next((i for i, r in enumerate(self.siblings) if r.id == self.record.id), -1)

    def next_record(self) -> None:
        """Show the book's next record."""
        index = self._index()
        if 0 <= index < len(self.siblings) - 1:
            self.open_record(self.siblings[index + 1].id)

    def previous_record(self) -> None:
        """Show the book's previous record."""
        index = self._index()
        if index > 0:
            self.open_record(self.siblings[index - 1].id)

    # ------------------------------------------------------------------ editing
    def insert_word(self, word: str) -> None:
        """Copy a word clicked on the page into the field in hand (replacing a selection, else appended)."""
        row = self.rows.get(self.current_key)
        if row is None:
            return
        edit = row.edit
        if edit.hasSelectedText():
            edit.insert(word)
        else:
            text = edit.text().rstrip()
            edit.setText(f"{text} {word}" if text else word)
        edit.setModified(True)
        edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def accept_field(self, key: str | None = None) -> None:
        """Save the field in hand as typed (no longer flagged) and go to the next flagged field."""
        key = key or self.current_key
        record, row = self.record, self.rows.get(key)
        if record is None or row is None:
            return
        before = field_value(record, key)
        after = accepted_value(before, row.edit.text())
        row.edit.setModified(False)
        if after != before:
            edit = FieldEdit(key, before, after)
            self.history.push(edit)
            self._save(key, after, reason="verify")
        row.edit.setText(after.value)
        nxt = next_flagged(self.record, key)
        if nxt:
            self.focus_field(nxt)
        else:
            self.message.emit(self._nothing_flagged_text())

    def revert_typing(self) -> None:
        """Put back the saved value of the field in hand (Esc)."""
        row = self.rows.get(self.current_key)
        if row is not None and self.record is not None:
            row.edit.setText(field_value(self.record, self.current_key).value)
            row.edit.setModified(False)
            row.edit.selectAll()

    def undo(self) -> None:
        """Undo the last saved edit of this record (saved as a new revision); unsaved typing first."""
        row = self.rows.get(self.current_key)
        if row is not None and row.edit.isModified():
            self.revert_typing()
            return
        edit = self.history.undo()
        if edit is not None:
            self._save(edit.key, edit.before, reason="undo")
            self.focus_field(edit.key)

    def redo(self) -> None:
        """Apply again the last undone edit (saved as a new revision)."""
        edit = self.history.redo()
        if edit is not None:
            self._save(edit.key, edit.after, reason="redo")
            self.focus_field(edit.key)

    def accept_record(self) -> bool:
        """Mark the record verified when no field is flagged; else go to the first flagged field."""
        record = self.record
        if record is None or self.store is None:
            return False
        row = self.rows.get(self.current_key)
        if row is not None and row.edit.isModified():
            self.accept_field(self.current_key)
            record = self.record
        if record.flagged_fields:
            self.message.emit(
                QCoreApplication.translate(
                    "VerifyView", "Còn {n} trường cần kiểm tra; hãy kiểm tra hết trước khi xác nhận bản ghi."
                ).format(n=len(record.flagged_fields))
            )
            self.focus_field(next_flagged(record))
            return False
        if record.status is not RecordStatus.DRAFT:
            self.message.emit(QCoreApplication.translate("VerifyView", "Bản ghi này đã được xác nhận."))
            self.next_record()
            return False
        store, actor, record_id = self.store, self.actor(), record.id
        self.record = _with_status(record, RecordStatus.VERIFIED)
        self._refresh()

        def saved(new: Record) -> None:
            self._saved(new)
            self.message.emit(QCoreApplication.translate("VerifyView", "Đã xác nhận bản ghi."))
            following = self._next_unverified()
            if following:
                self.open_record(following)

        self._enqueue(lambda: store.set_record_status(record_id, RecordStatus.VERIFIED, actor=actor), saved)
        return True

    def _next_unverified(self) -> str:
        index = self._index()
        for other in [*self.siblings[index + 1:], *self.siblings[:index]]:
            if other.status is RecordStatus.DRAFT and other.id != (self.record.id if self.record else ""):
                return other.id
        return ""

    def _save(self, key: str, value: FieldValue, *, reason: str) -> None:
        assert self.record is not None and self.store is not None
        self.record = with_field(self.record, key, value)
        if self.record.status is not RecordStatus.DRAFT:
            self.record = _with_status(self.record, RecordStatus.DRAFT)  # a correction needs a new check
        issues = record_issues(self.record)
        store, actor, record_id = self.store, self.actor(), self.record.id
        self._refresh()
        self._enqueue(
            lambda: store.revise_record(
                record_id, actor=actor, field_changes={key: value}, issues=issues, reason=reason
            )[0],
            self._saved,
        )

    def _saved(self, new: Record) -> None:
        self.siblings = tuple(new if r.id == new.id else r for r in self.siblings)
        if self.record is not None and self.record.id == new.id and not self._queue:
            self.record = new  # the store's word, once nothing else of ours is on the way
            if new.status not in (RecordStatus.SIGNED, RecordStatus.SYNCED):
                self.signature = None  # corrected: the signature no longer speaks for it
            self._refresh()
        self.record_saved.emit(new)

    # ------------------------------------------------------------------ the queue
    def _enqueue(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self._queue.append((work, done))
        self._pump()

    def _pump(self) -> None:
        if self._in_flight or not self._queue:
            return
        work, done = self._queue[0]
        self._in_flight = True
        generation = self._generation

        def finished(result: Any) -> None:
            self._in_flight = False
            if generation == self._generation and self._queue:
                self._queue.popleft()
            try:
                if generation == self._generation:
                    done(result)
            finally:
                self._pump()

        def failed(exc: BaseException) -> None:
            self._in_flight = False
            if generation != self._generation:
                self._pump()
                return
            # What the screen shows may no longer be what is stored: read the record again.
            self._queue.clear()
            self.error.emit(exc)
            if self.record is not None:
                self.open_record(self.record.id)

        self.runner.submit(work, on_result=finished, on_error=failed)

    @property
    def busy(self) -> bool:
        """Whether a write or read of this view is queued or running."""
        return self._in_flight or bool(self._queue)

    # ------------------------------------------------------------------ texts
    def _show_empty(self) -> None:
        for row in self.rows.values():
            row.setParent(None)
            row.deleteLater()
        self.rows = {}
        while self.form_layout.count():
            self.form_layout.takeAt(0)
        self.current_key = ""
        self.scroll.hide()
        self.placeholder.show()
        self.viewer.clear()
        self._retranslate_header()

    def _nothing_flagged_text(self) -> str:
        return QCoreApplication.translate(
            "VerifyView", "Không còn trường cần kiểm tra. Bấm Ctrl+Enter để xác nhận bản ghi."
        )

    def _retranslate_header(self) -> None:
        record = self.record
        if record is None:
            self.title.setText(QCoreApplication.translate("VerifyView", "Kiểm tra bản ghi"))
            self.status_badge.hide()
            self.signature_badge.hide()
            self.signature_info.hide()
            self.sign_button.setEnabled(False)
            self.history_button.setEnabled(False)
            self.summary.setText("")
            self.accept_button.setEnabled(False)
            return
        number = record.value("registration_number") or "?"
        book = self.book.number if self.book else ""
        index = self._index()
        self.title.setText(
            QCoreApplication.translate("VerifyView", "Bản ghi số {number} · quyển {book}").format(
                number=number, book=book
            )
        )
        background, foreground = RECORD_STATUS_COLOURS[record.status]
        self.status_badge.setText(record_status_label(record.status))
        self.status_badge.setStyleSheet(f"QLabel#statusBadge {{ background: {background}; color: {foreground}; }}")
        self.status_badge.show()
        flagged = len(record.flagged_fields)
        position = QCoreApplication.translate("VerifyView", "{i}/{n} bản ghi").format(
            i=index + 1, n=len(self.siblings)
        )
        if flagged:
            text = QCoreApplication.translate("VerifyView", "{n} trường cần kiểm tra").format(n=flagged)
        else:
            text = QCoreApplication.translate("VerifyView", "Không có trường cần kiểm tra")
        self.summary.setText(f"{text} · {position}")
        self.accept_button.setEnabled(True)
        self.sign_button.setEnabled(record.status is RecordStatus.VERIFIED)
        self.history_button.setEnabled(True)
        self._show_signature()

    def _show_signature(self) -> None:
        check = self.signature if self.record is not None and self.record.status in (
            RecordStatus.SIGNED, RecordStatus.SYNCED) else None
        if check is None:
            self.signature_badge.hide()
            self.signature_info.hide()
            return
        result = check.result
        background, foreground = GRADE_COLOURS[result.grade]
        self.signature_badge.setText(grade_label(result.grade))
        self.signature_badge.setStyleSheet(
            f"QLabel#signatureBadge {{ background: {background}; color: {foreground}; }}"
        )
        parts = []
        if result.signer_subject:
            when = (
                QLocale().toString(result.signing_time.astimezone(), "dd/MM/yyyy HH:mm")
                if result.signing_time else "?"
            )
            parts.append(
                _escape(
                    QCoreApplication.translate("VerifyView", "Người ký: {name} · lúc {when}").format(
                        name=signer_name(result.signer_subject), when=when
                    )
                )
            )
        colour = "#a61e1e" if not result.is_acceptable else "#7a4b00"
        parts.extend(f'<span style="color:{colour}">⚠ {_escape(reason_text(r))}</span>' for r in result.reasons)
        self.signature_badge.setToolTip(
            "\n".join([result.signer_subject or "", *(reason_text(r) for r in result.reasons)]).strip()
        )
        self.signature_info.setText("<br>".join(parts))
        self.signature_info.setVisible(bool(parts))
        self.signature_badge.show()

    def _retranslate_rows(self) -> None:
        language = current_language()
        for row in self.rows.values():
            row.label.setText(row.spec.label(language))
            row.edit.setToolTip(
                QCoreApplication.translate(
                    "VerifyView", "Enter: chấp nhận và sang trường cần kiểm tra kế tiếp · Esc: bỏ phần vừa gõ"
                )
            )
            row.snippet.setToolTip(
                QCoreApplication.translate("VerifyView", "Phần ảnh trang chứa trường này")
            )

    def retranslate(self) -> None:
        """Set every text in the interface language."""
        tips = {
            self.accept_record_action: (
                QCoreApplication.translate("VerifyView", "Xác nhận bản ghi"),
                QCoreApplication.translate(
                    "VerifyView", "Xác nhận cả bản ghi khi không còn trường cần kiểm tra (Ctrl+Enter)"
                ),
            ),
            self.next_action: (
                QCoreApplication.translate("VerifyView", "Bản ghi sau"),
                QCoreApplication.translate("VerifyView", "Sang bản ghi sau (Page Down)"),
            ),
            self.previous_action: (
                QCoreApplication.translate("VerifyView", "Bản ghi trước"),
                QCoreApplication.translate("VerifyView", "Về bản ghi trước (Page Up)"),
            ),
            self.undo_action: (
                QCoreApplication.translate("VerifyView", "Hoàn tác"),
                QCoreApplication.translate("VerifyView", "Hoàn tác lần sửa cuối của bản ghi (Ctrl+Z)"),
            ),
            self.redo_action: (
                QCoreApplication.translate("VerifyView", "Làm lại"),
                QCoreApplication.translate("VerifyView", "Làm lại lần sửa vừa hoàn tác (Ctrl+Y)"),
            ),
            self.next_flagged_action: (
                QCoreApplication.translate("VerifyView", "Trường cần kiểm tra kế tiếp"),
                QCoreApplication.translate("VerifyView", "Sang trường cần kiểm tra kế tiếp (Ctrl+↓)"),
            ),
            self.previous_flagged_action: (
                QCoreApplication.translate("VerifyView", "Trường cần kiểm tra trước"),
                QCoreApplication.translate("VerifyView", "Về trường cần kiểm tra trước (Ctrl+↑)"),
            ),
            self.revert_action: (
                QCoreApplication.translate("VerifyView", "Bỏ phần vừa gõ"),
                QCoreApplication.translate("VerifyView", "Trả trường về giá trị đã lưu (Esc)"),
            ),
            self.filter_action: (
                QCoreApplication.translate("VerifyView", "Chỉ trường cần kiểm tra"),
                QCoreApplication.translate("VerifyView", "Chỉ hiện các trường cần kiểm tra (Ctrl+Shift+F)"),
            ),
        }
        for act, (text, tip) in tips.items():
            act.setText(text)
            act.setToolTip(tip)
        # The buttons show symbols; their tooltips say what they do and their key.
        for act, symbol in (
            (self.previous_action, "▲"),
            (self.next_action, "▼"),
            (self.undo_action, "↶"),
            (self.redo_action, "↷"),
        ):
            act.setIconText(symbol)
        self.accept_button.setText(QCoreApplication.translate("VerifyView", "Xác nhận bản ghi"))
        self.sign_button.setText(QCoreApplication.translate("VerifyView", "Ký bản ghi"))
        self.sign_button.setToolTip(
            QCoreApplication.translate("VerifyView", "Ký số bản ghi đã kiểm tra này (Ctrl+Shift+S)")
        )
        self.history_button.setText(QCoreApplication.translate("VerifyView", "Lịch sử"))
        self.history_button.setToolTip(
            QCoreApplication.translate("VerifyView", "Ai đã sửa gì, khi nào (Ctrl+H)")
        )
        self.accept_button.setToolTip(self.accept_record_action.toolTip())
        self.flagged_only.setText(QCoreApplication.translate("VerifyView", "Chỉ trường cần kiểm tra"))
        self.flagged_only.setToolTip(self.filter_action.toolTip())
        self.placeholder.setText(
            QCoreApplication.translate(
                "VerifyView",
                "Chưa có bản ghi nào để kiểm tra. Chọn một trang đã nhận dạng, hoặc mở một bản ghi "
                "từ sổ đăng ký hay từ ô tìm kiếm.",
            )
        )
        self.keys_hint.setText(
            QCoreApplication.translate(
                "VerifyView",
                "Enter: chấp nhận trường · Ctrl+Enter: xác nhận bản ghi · Page Up/Down: bản ghi trước/sau · "
                "Ctrl+Z: hoàn tác · F1: phím tắt",
            )
        )
        self._retranslate_rows()
        if self.record is not None:
            self._refresh()
        else:
            self._retranslate_header()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _with_status(record: Record, status: RecordStatus) -> Record:
    from dataclasses import replace

    return replace(record, status=status)

