"""Signing from the GUI: the key dialog (one PIN entry per session), the work run on the worker,
the summary, the signature grade shown on a record, and a record's history from the audit log.

The key's location (a PKCS#12 file, or a PKCS#11 module and token label) is remembered in the
settings; the PIN or password never is: it lives in the dialog until the session starts and in
the worker's call while it runs.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.domain import AuditEntry, DocumentType, RecordStatus
from inspector.errors import RecordStateError
from inspector.progress import Progress
from inspector.record_fields import record_fields
from inspector.settings import Settings
from inspector.signing import RecordCheck, SigningReport, open_signer, sign_records, verify_stored_record
from storage.signing import Grade, Reason, TrustStore
from storage.workspace import WorkspaceStore
from ui.i18n import current_language, plural

log = logging.getLogger(__name__)

# Badge colours (background, text) by grade.
GRADE_COLOURS: dict[Grade, tuple[str, str]] = {
    Grade.VALID: ("#dcf3e3", "#17643a"),
    Grade.VALID_WITH_WARNINGS: ("#fdecc8", "#7a4b00"),
    Grade.INVALID: ("#fbdada", "#8f1d1d"),
    Grade.UNKNOWN_SIGNER: ("#e8e8ec", "#4a4a55"),
}
# Refusals listed one by one in the summary; the rest are counted.
MAX_LISTED_REFUSALS = 10


def grade_label(grade: Grade) -> str:
    """The short badge text of a signature grade, in the interface language."""
    return {
        Grade.VALID: QCoreApplication.translate("Signing", "Chữ ký hợp lệ"),
        Grade.VALID_WITH_WARNINGS: QCoreApplication.translate("Signing", "Có cảnh báo"),
        Grade.INVALID: QCoreApplication.translate("Signing", "Không hợp lệ"),
        Grade.UNKNOWN_SIGNER: QCoreApplication.translate("Signing", "Không rõ người ký"),
    }[Grade(grade)]


def reason_text(reason: Reason) -> str:
    """Why a signature got its grade, in the interface language (the backend holds both)."""
    return reason.message_en if current_language() == "en" else reason.message_vi


def default_trust() -> TrustStore:
    """The trusted CAs of this computer (the folder ``inspector trust add`` and ``ca init`` fill)."""
    from inspector.cli_trust import trust_folder

    return TrustStore.from_folder(trust_folder())


def check_signature(store: WorkspaceStore, record_id: str, trust: TrustStore) -> RecordCheck | None:
    """The grade of a record's newest signature, or None when it was never signed (runs on a worker)."""
    try:
        return verify_stored_record(store, record_id, trust)
    except RecordStateError:
        return None


# ------------------------------------------------------------------ the key
@dataclass(frozen=True)
class SigningKey:
    """Where the officer's key is and the PIN that opens it (the PIN is never saved)."""

    pkcs12: str = ""
    pkcs11_module: str = ""
    token_label: str = ""
    pin: str = ""

    @property
    def uses_token(self) -> bool:
        """Whether the key is on a PKCS#11 token (else in a PKCS#12 file)."""
        return bool(self.pkcs11_module)

    def remembered_in(self, settings: Settings) -> Settings:
        """``settings`` with this key's location (without the PIN)."""
        return replace(
            settings,
            signing_pkcs12="" if self.uses_token else self.pkcs12,
            signing_pkcs11_module=self.pkcs11_module,
            signing_token_label=self.token_label if self.uses_token else "",
        )


class SignKeyDialog(QDialog):
    """Chooses the signing key (a .p12/.pfx file or a PKCS#11 token) and asks its PIN once."""

    def __init__(self, settings: Settings, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signKeyDialog")
        self.setMinimumWidth(560)
        self.count = count
        self.file_choice = QRadioButton()
        self.file_choice.setObjectName("keyFile")
        self.token_choice = QRadioButton()
        self.token_choice.setObjectName("keyToken")
        group = QButtonGroup(self)
        group.addButton(self.file_choice)
        group.addButton(self.token_choice)
        self.file_edit = QLineEdit(settings.signing_pkcs12)
        self.file_edit.setObjectName("pkcs12Path")
        self.file_button = QPushButton()
        self.file_button.clicked.connect(self._browse_file)
        self.module_edit = QLineEdit(settings.signing_pkcs11_module)
        self.module_edit.setObjectName("pkcs11Module")
        self.module_button = QPushButton()
        self.module_button.clicked.connect(self._browse_module)
        self.token_edit = QLineEdit(settings.signing_token_label)
        self.token_edit.setObjectName("tokenLabel")
        self.pin_edit = QLineEdit()
        self.pin_edit.setObjectName("pin")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.file_label, self.module_label, self.token_label, self.pin_label = QLabel(), QLabel(), QLabel(), QLabel()
        self.file_label.setBuddy(self.file_edit)
        self.module_label.setBuddy(self.module_edit)
        self.token_label.setBuddy(self.token_edit)
        self.pin_label.setBuddy(self.pin_edit)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.file_button)
        module_row = QHBoxLayout()
        module_row.addWidget(self.module_edit, 1)
        module_row.addWidget(self.module_button)
        form = QFormLayout()
        form.setSpacing(8)
        form.addRow(self.file_choice)
        form.addRow(self.file_label, file_row)
        form.addRow(self.token_choice)
        form.addRow(self.module_label, module_row)
        form.addRow(self.token_label, self.token_edit)
        form.addRow(self.pin_label, self.pin_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(self.headline)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        (self.token_choice if settings.signing_pkcs11_module else self.file_choice).setChecked(True)
        for edit in (self.file_edit, self.module_edit, self.token_edit, self.pin_edit):
            edit.textChanged.connect(self._changed)
        self.file_choice.toggled.connect(self._changed)
        self.retranslate()
        (self.pin_edit if self._location_given() else self.file_edit).setFocus()

    def value(self) -> SigningKey:
        """The chosen key and the PIN typed."""
        if self.token_choice.isChecked():
            return SigningKey(pkcs11_module=self.module_edit.text().strip(),
                              token_label=self.token_edit.text().strip(), pin=self.pin_edit.text())
        return SigningKey(pkcs12=self.file_edit.text().strip(), pin=self.pin_edit.text())

    def _location_given(self) -> bool:
        if self.token_choice.isChecked():
            return bool(self.module_edit.text().strip() and self.token_edit.text().strip())
        return bool(self.file_edit.text().strip())

    def _changed(self) -> None:
        token = self.token_choice.isChecked()
        self.file_edit.setEnabled(not token)
        self.file_button.setEnabled(not token)
        self.module_edit.setEnabled(token)
        self.module_button.setEnabled(token)
        self.token_edit.setEnabled(token)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self._location_given() and bool(self.pin_edit.text())
        )

    def _browse_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, QCoreApplication.translate("SignKeyDialog", "Chọn tệp chứng thư số"),
            str(Path(self.file_edit.text()).parent) if self.file_edit.text() else str(Path.home()),
            QCoreApplication.translate("SignKeyDialog", "Chứng thư số (*.p12 *.pfx);;Tất cả các tệp (*)"),
        )
        if path:
            self.file_edit.setText(path)

    def _browse_module(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, QCoreApplication.translate("SignKeyDialog", "Chọn trình điều khiển thẻ ký số"),
            str(Path(self.module_edit.text()).parent) if self.module_edit.text() else "/usr/lib",
            QCoreApplication.translate("SignKeyDialog", "Thư viện PKCS#11 (*.so *.dll *.dylib);;Tất cả các tệp (*)"),
        )
        if path:
            self.module_edit.setText(path)

    def retranslate(self) -> None:
        """Set every text in the interface language."""
        self.setWindowTitle(QCoreApplication.translate("SignKeyDialog", "Ký số"))
        self.headline.setText(
            plural(
                self.count,
                QCoreApplication.translate("SignKeyDialog", "Ký số 1 bản ghi đã kiểm tra."),
                QCoreApplication.translate("SignKeyDialog", "Ký số {n} bản ghi đã kiểm tra."),
            )
        )
        self.file_choice.setText(QCoreApplication.translate("SignKeyDialog", "Tệp chứng thư số (.p12, .pfx)"))
        self.token_choice.setText(QCoreApplication.translate("SignKeyDialog", "Thẻ ký số (USB token, PKCS#11)"))
        self.file_label.setText(QCoreApplication.translate("SignKeyDialog", "&Tệp:"))
        self.module_label.setText(QCoreApplication.translate("SignKeyDialog", "T&rình điều khiển:"))
        self.token_label.setText(QCoreApplication.translate("SignKeyDialog", "&Nhãn thẻ:"))
        self.pin_label.setText(QCoreApplication.translate("SignKeyDialog", "&Mã PIN / mật khẩu:"))
        self.file_button.setText(QCoreApplication.translate("SignKeyDialog", "Chọn…"))
        self.module_button.setText(QCoreApplication.translate("SignKeyDialog", "Chọn…"))
        self.hint.setText(
            QCoreApplication.translate(
                "SignKeyDialog",
                "Mã PIN chỉ dùng cho lần ký này, không được lưu lại. Chỉ bản ghi «Đã kiểm tra» mới được ký.",
            )
        )
        self._changed()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


# ------------------------------------------------------------------ the session
@dataclass(frozen=True)
class SigningOutcome:
    """What a signing session did, and the grade of each signature it made."""

    report: SigningReport
    checks: tuple[RecordCheck, ...]


def sign_and_check(store: WorkspaceStore, record_ids: Iterable[str], key: SigningKey, *, actor: str,
                   trust: TrustStore, progress: Progress | None = None) -> SigningOutcome:
    """Open the key, sign the verified records of ``record_ids``, grade the new signatures (on a worker)."""
    with open_signer(pin=key.pin, pkcs12=key.pkcs12 or None, pkcs11_module=key.pkcs11_module or None,
                     token_label=key.token_label or None) as signer:
        report = sign_records(store, list(record_ids), signer, actor=actor, progress=progress)
    checks = [check_signature(store, item.record_id, trust) for item in report.signed]
    return SigningOutcome(report, tuple(c for c in checks if c is not None))


def signing_summary_text(outcome: SigningOutcome) -> tuple[str, str]:
    """The headline and details of a signing session for the officer."""
    signed, refused = len(outcome.report.signed), len(outcome.report.refused)
    headline = plural(
        signed,
        QCoreApplication.translate("Signing", "Đã ký 1 bản ghi."),
        QCoreApplication.translate("Signing", "Đã ký {n} bản ghi."),
    )
    lines = []
    grades: dict[Grade, int] = {}
    for check in outcome.checks:
        grades[check.result.grade] = grades.get(check.result.grade, 0) + 1
    for grade, n in grades.items():
        lines.append(f"{grade_label(grade)}: {n}")
    warnings = dict.fromkeys(reason_text(r) for c in outcome.checks for r in c.result.reasons)
    lines.extend(f"• {text}" for text in warnings)
    if refused:
        lines.append(
            plural(
                refused,
                QCoreApplication.translate("Signing", "1 bản ghi không ký:"),
                QCoreApplication.translate("Signing", "{n} bản ghi không ký:"),
            )
        )
        reasons: dict[str, int] = {}
        for refusal in outcome.report.refused:
            reasons[refusal.message_vi] = reasons.get(refusal.message_vi, 0) + 1
        for text, n in list(reasons.items())[:MAX_LISTED_REFUSALS]:
            lines.append(f"• {text}" + (f" (×{n})" if n > 1 else ""))
    return headline, "\n".join(lines)


def show_signing_summary(parent: QWidget | None, outcome: SigningOutcome) -> QMessageBox:
    """Show what a signing session did, without blocking; return the box."""
    headline, details = signing_summary_text(outcome)
    box = QMessageBox(parent)
    box.setObjectName("signingSummary")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    bad = outcome.report.refused or any(not c.result.is_acceptable for c in outcome.checks)
    box.setIcon(QMessageBox.Icon.Warning if bad or not outcome.report.signed else QMessageBox.Icon.Information)
    box.setWindowTitle(QCoreApplication.translate("Signing", "Kết quả ký số"))
    box.setText(headline)
    if details:
        box.setInformativeText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box


# ------------------------------------------------------------------ history
@dataclass(frozen=True)
class HistoryRow:
    """One line of a record's history: when, who, what, which field, old → new."""

    at: datetime
    actor: str
    action: str
    field: str
    old: str
    new: str


def action_label(action: str) -> str:
    """What an audit action means, in the interface language (the code itself when unknown)."""
    labels = {
        "create_record": QCoreApplication.translate("History", "Tạo bản ghi"),
        "correct_record": QCoreApplication.translate("History", "Sửa"),
        "set_status_verified": QCoreApplication.translate("History", "Xác nhận"),
        "set_status_signed": QCoreApplication.translate("History", "Ký số"),
        "set_status_draft": QCoreApplication.translate("History", "Mở lại để kiểm tra"),
        "set_status_synced": QCoreApplication.translate("History", "Đồng bộ"),
        "export_signed_record": QCoreApplication.translate("History", "Xuất bản đã ký"),
    }
    return labels.get(action, action)


def _status_text(value: object) -> str:
    from ui.verify_view import record_status_label

    try:
        return record_status_label(RecordStatus(str(value)))
    except ValueError:
        return str(value or "")


def history_rows(entries: Iterable[AuditEntry], document_type: DocumentType | str | None) -> list[HistoryRow]:
    """The lines of a record's history from its audit entries: one per changed field, newest first."""
    language = current_language()
    try:
        labels = {s.key: s.label(language) for s in record_fields(str(DocumentType(document_type).value))}
    except (KeyError, ValueError):
        labels = {}
    rows: list[HistoryRow] = []
    for entry in entries:
        details = entry.details or {}
        action = action_label(entry.action)
        fields = details.get("fields") or {}
        for key, change in fields.items():
            rows.append(HistoryRow(entry.at, entry.actor, action, labels.get(key, key),
                                   str(change.get("old") or ""), str(change.get("new") or "")))
        status = details.get("status")
        if status:
            rows.append(HistoryRow(entry.at, entry.actor, action,
                                   QCoreApplication.translate("History", "Trạng thái"),
                                   _status_text(status.get("old")), _status_text(status.get("new"))))
        if not fields and not status:
            rows.append(HistoryRow(entry.at, entry.actor, action, "", "", ""))
    return rows[::-1]


class RecordHistoryDialog(QDialog):
    """A record's history from the audit log: who changed what, when, from which value to which."""

    def __init__(self, title: str, rows: list[HistoryRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordHistoryDialog")
        self.setMinimumSize(820, 460)
        self.history = list(rows)
        self.heading = QLabel(title)
        self.heading.setObjectName("panelTitle")
        self.table = QTableWidget(len(rows), 5)
        self.table.setObjectName("historyTable")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        locale = QLocale()
        for index, row in enumerate(rows):
            when = locale.toString(row.at.astimezone(), "dd/MM/yyyy HH:mm")
            change = f"{row.old or '∅'} → {row.new or '∅'}" if row.field else ""
            for column, text in enumerate((when, row.actor, row.action, row.field, change)):
                self.table.setItem(index, column, QTableWidgetItem(text))
        self.empty = QLabel()
        self.empty.setObjectName("hint")
        self.empty.setVisible(not rows)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        self.setWindowTitle(QCoreApplication.translate("History", "Lịch sử bản ghi"))
        self.empty.setText(QCoreApplication.translate("History", "Bản ghi chưa có thay đổi nào."))
        self.table.setHorizontalHeaderLabels([
            QCoreApplication.translate("History", "Thời gian"),
            QCoreApplication.translate("History", "Người thực hiện"),
            QCoreApplication.translate("History", "Việc"),
            QCoreApplication.translate("History", "Trường"),
            QCoreApplication.translate("History", "Cũ → mới"),
        ])

    def cell_texts(self) -> list[list[str]]:
        """The texts of the table, row by row (for tests and copying)."""
        return [[self.table.item(r, c).text() for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]
