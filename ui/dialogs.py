"""Small dialogs: a new book, a new workspace, the passphrase of an encrypted one, and the summary after
an import.

Dialogs only collect and validate input; the window does the work through
the task runner. They are opened with ``open()`` (window-modal, not
blocking), so the event loop and the tests keep running.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inspector.domain import DocumentType
from inspector.importing import ImportSummary
from storage.crypto import MIN_PASSPHRASE_LENGTH
from ui.i18n import current_language, document_type_label, plural

_YEAR_SUFFIX = re.compile(r"/\s*(\d{4})\s*$")
# The year spin box shows this value as "not known".
NO_YEAR = 1900


@dataclass(frozen=True)
class NewBook:
    """What the officer entered for a new book."""

    document_type: DocumentType
    number: str
    year: int | None


class NewBookDialog(QDialog):
    """Asks for a new book's kind, number (``01/2024``) and year."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newBookDialog")
        self.setMinimumWidth(420)
        self.type_box = QComboBox()
        for doc_type in (DocumentType.BIRTH, DocumentType.MARRIAGE, DocumentType.DEATH):
            self.type_box.addItem("", doc_type.value)
        self.number_edit = QLineEdit()
        self.number_edit.setPlaceholderText("01/2024")
        self.number_edit.setMaxLength(40)
        self.year_box = QSpinBox()
        self.year_box.setRange(NO_YEAR, 2100)
        self.year_box.setValue(date.today().year)
        self.year_box.setGroupSeparatorShown(False)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setSpacing(10)
        self.type_label, self.number_label, self.year_label = QLabel(), QLabel(), QLabel()
        self.type_label.setBuddy(self.type_box)
        self.number_label.setBuddy(self.number_edit)
        self.year_label.setBuddy(self.year_box)
        self.form.addRow(self.type_label, self.type_box)
        self.form.addRow(self.number_label, self.number_edit)
        self.form.addRow(self.year_label, self.year_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(14)
        layout.addLayout(self.form)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.number_edit.textChanged.connect(self._number_changed)
        self._number_changed("")
        self.retranslate()

    def value(self) -> NewBook:
        """The entered book."""
        year = self.year_box.value()
        return NewBook(
            DocumentType(self.type_box.currentData()),
            " ".join(self.number_edit.text().split()),
            None if year == NO_YEAR else year,
        )

    def set_document_type(self, doc_type: DocumentType) -> None:
        """Preselect a kind of book."""
        self.type_box.setCurrentIndex(max(0, self.type_box.findData(DocumentType(doc_type).value)))

    def _number_changed(self, text: str) -> None:
        match = _YEAR_SUFFIX.search(text)
        if match and NO_YEAR < int(match.group(1)) <= 2100:
            self.year_box.setValue(int(match.group(1)))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text.strip()))

    def retranslate(self) -> None:
        """Set every text in the interface language."""
        self.setWindowTitle(QCoreApplication.translate("NewBookDialog", "Quyển sổ mới"))
        for index in range(self.type_box.count()):
            self.type_box.setItemText(index, document_type_label(DocumentType(self.type_box.itemData(index))))
        self.type_label.setText(QCoreApplication.translate("NewBookDialog", "&Loại sổ:"))
        self.number_label.setText(QCoreApplication.translate("NewBookDialog", "&Số quyển:"))
        self.year_label.setText(QCoreApplication.translate("NewBookDialog", "&Năm:"))
        self.year_box.setSpecialValueText(QCoreApplication.translate("NewBookDialog", "Không rõ"))
        self.hint.setText(
            QCoreApplication.translate("NewBookDialog", "Ghi số quyển như trên bìa sổ, ví dụ 01/2024.")
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


@dataclass(frozen=True)
class NewWorkspace:
    """Where to create a workspace, for which commune, and its passphrase (None: not encrypted)."""

    path: Path
    commune: str
    passphrase: str | None = None


class CreateWorkspaceDialog(QDialog):
    """Asks for an empty folder, the commune's name and a passphrase (typed twice) that encrypts it.

    Only the "not encrypted (test data only)" box leaves the passphrase out.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("createWorkspaceDialog")
        self.setMinimumWidth(520)
        self.folder_edit = QLineEdit()
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self._browse)
        self.commune_edit = QLineEdit()
        self.commune_edit.setMaxLength(120)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setObjectName("passphrase")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setObjectName("passphraseConfirm")
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.plain_box = QCheckBox()
        self.plain_box.setObjectName("plainWorkspace")
        folder_row = QHBoxLayout()
        folder_row.setSpacing(6)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        self.folder_label = QLabel()
        self.commune_label = QLabel()
        self.passphrase_label = QLabel()
        self.confirm_label = QLabel()
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("formProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a61e1e")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.setSpacing(10)
        self.folder_label.setBuddy(self.folder_edit)
        self.commune_label.setBuddy(self.commune_edit)
        self.passphrase_label.setBuddy(self.passphrase_edit)
        self.confirm_label.setBuddy(self.confirm_edit)
        form.addRow(self.folder_label, folder_row)
        form.addRow(self.commune_label, self.commune_edit)
        form.addRow(self.passphrase_label, self.passphrase_edit)
        form.addRow(self.confirm_label, self.confirm_edit)
        form.addRow("", self.plain_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(14)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        for edit in (self.folder_edit, self.passphrase_edit, self.confirm_edit):
            edit.textChanged.connect(self._changed)
        self.plain_box.toggled.connect(self._changed)
        self.retranslate()

    def value(self) -> NewWorkspace:
        """The entered folder, commune and passphrase (None when the workspace stays plain)."""
        return NewWorkspace(
            Path(self.folder_edit.text().strip()),
            " ".join(self.commune_edit.text().split()),
            None if self.plain_box.isChecked() else self.passphrase_edit.text(),
        )

    def passphrase_problem(self) -> str:
        """Why the passphrase cannot be used yet (empty when it can, or when the workspace stays plain)."""
        if self.plain_box.isChecked():
            return ""
        first, second = self.passphrase_edit.text(), self.confirm_edit.text()
        if len(first) < MIN_PASSPHRASE_LENGTH:
            return QCoreApplication.translate(
                "CreateWorkspaceDialog", "Mật khẩu cần ít nhất {n} ký tự."
            ).format(n=MIN_PASSPHRASE_LENGTH)
        if first != second:
            return QCoreApplication.translate("CreateWorkspaceDialog", "Hai lần nhập mật khẩu chưa khớp.")
        return ""

    def _changed(self) -> None:
        plain = self.plain_box.isChecked()
        self.passphrase_edit.setEnabled(not plain)
        self.confirm_edit.setEnabled(not plain)
        problem = self.passphrase_problem()
        typed = bool(self.passphrase_edit.text() or self.confirm_edit.text())
        self.problem.setText(problem if typed else "")
        self.problem.setVisible(bool(problem) and typed)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            bool(self.folder_edit.text().strip()) and not problem
        )

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, QCoreApplication.translate("CreateWorkspaceDialog", "Chọn thư mục trống")
        )
        if folder:
            self.folder_edit.setText(folder)

    def retranslate(self) -> None:
        """Set every text in the interface language."""
        self.setWindowTitle(QCoreApplication.translate("CreateWorkspaceDialog", "Tạo thư mục làm việc"))
        self.folder_label.setText(QCoreApplication.translate("CreateWorkspaceDialog", "&Thư mục:"))
        self.browse_button.setText(QCoreApplication.translate("CreateWorkspaceDialog", "Chọn…"))
        self.commune_label.setText(QCoreApplication.translate("CreateWorkspaceDialog", "&Xã/phường:"))
        self.commune_edit.setPlaceholderText(
            QCoreApplication.translate("CreateWorkspaceDialog", "Ví dụ: Xã Quỳnh Hưng")
        )
        self.passphrase_label.setText(QCoreApplication.translate("CreateWorkspaceDialog", "&Mật khẩu:"))
        self.confirm_label.setText(QCoreApplication.translate("CreateWorkspaceDialog", "&Nhập lại mật khẩu:"))
        self.plain_box.setText(
            QCoreApplication.translate("CreateWorkspaceDialog", "&Không mã hoá (chỉ dữ liệu thử)")
        )
        self.hint.setText(
            QCoreApplication.translate(
                "CreateWorkspaceDialog",
                "Mỗi xã/phường dùng một thư mục làm việc. Hãy chọn một thư mục trống; ảnh các trang sổ và "
                "dữ liệu sẽ được lưu trong đó, mã hoá bằng mật khẩu. Hãy ghi nhớ mật khẩu: mất mật khẩu "
                "là mất dữ liệu.",
            )
        )
        self._changed()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class UnlockDialog(QDialog):
    """Asks for the passphrase of an encrypted workspace, and stays open until it opens.

    OK does not close the dialog: it emits :attr:`passphrase_entered` and waits
    (the window opens the workspace on the worker). :meth:`show_problem` shows
    why the passphrase did not open it and asks again; :meth:`accept` closes it.
    """

    passphrase_entered = Signal(str)

    def __init__(self, path: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockDialog")
        self.setMinimumWidth(480)
        self.path = Path(path)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.folder = QLabel(str(self.path))
        self.folder.setObjectName("hint")
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setObjectName("passphrase")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_label = QLabel()
        self.passphrase_label.setBuddy(self.passphrase_edit)
        self.problem = QLabel()
        self.problem.setObjectName("formProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a61e1e; font-weight: 600")
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.setSpacing(10)
        form.addRow(self.passphrase_label, self.passphrase_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(self.headline)
        layout.addWidget(self.folder)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.passphrase_edit.textChanged.connect(self._changed)
        self._busy = False
        self.retranslate()

    @property
    def busy(self) -> bool:
        """Whether the passphrase entered is being tried."""
        return self._busy

    def _changed(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            bool(self.passphrase_edit.text()) and not self._busy
        )

    def _submit(self) -> None:
        if not self.passphrase_edit.text() or self._busy:
            return
        self._busy = True
        self.passphrase_edit.setEnabled(False)
        self.problem.setStyleSheet("color: #5f6b7a")
        self.problem.setText(QCoreApplication.translate("UnlockDialog", "Đang mở khoá…"))
        self.problem.show()
        self._changed()
        self.passphrase_entered.emit(self.passphrase_edit.text())

    def show_problem(self, text: str) -> None:
        """Say why the passphrase did not open the workspace and ask again (the field emptied)."""
        self._busy = False
        self.problem.setStyleSheet("color: #a61e1e; font-weight: 600")
        self.problem.setText(text)
        self.problem.show()
        self.passphrase_edit.setEnabled(True)
        self.passphrase_edit.clear()
        self.passphrase_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._changed()

    def reject(self) -> None:  # noqa: D102 - QDialog
        if not self._busy:  # the key derivation in flight cannot be stopped; it ends in a second
            super().reject()

    def retranslate(self) -> None:
        """Set every text in the interface language."""
        self.setWindowTitle(QCoreApplication.translate("UnlockDialog", "Mở khoá thư mục làm việc"))
        self.headline.setText(
            QCoreApplication.translate(
                "UnlockDialog", "Thư mục làm việc này đã được mã hoá. Hãy nhập mật khẩu để mở."
            )
        )
        self.passphrase_label.setText(QCoreApplication.translate("UnlockDialog", "&Mật khẩu:"))
        self._changed()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


# Problems listed one by one in the summary; the rest are counted.
MAX_LISTED_PROBLEMS = 12


def problem_line(path: str, message: str) -> str:
    """One refused file or unread page for the officer: its file name, then the reason."""
    name = Path(path).name if path else ""
    return message if not name or name in message else f"{name}: {message}"


def _reading_lines(summary: ImportSummary) -> list[str]:
    """What recognition did: pages read, draft records, fields to check, pages with no form found."""
    lines = [
        plural(
            summary.pages_read,
            QCoreApplication.translate(
                "ImportSummary", "Đã đọc 1 trang: {records} bản ghi nháp, {flagged} trường cần kiểm tra."
            ),
            QCoreApplication.translate(
                "ImportSummary", "Đã đọc {n} trang: {records} bản ghi nháp, {flagged} trường cần kiểm tra."
            ),
        ).format(records=len(summary.records), flagged=summary.flagged_fields)
    ]
    if summary.pages_without_record:
        lines.append(
            plural(
                summary.pages_without_record,
                QCoreApplication.translate(
                    "ImportSummary", "1 trang không nhận ra loại giấy tờ nên chưa có bản ghi."
                ),
                QCoreApplication.translate(
                    "ImportSummary", "{n} trang không nhận ra loại giấy tờ nên chưa có bản ghi."
                ),
            )
        )
    return lines


def import_summary_text(
    summary: ImportSummary, book_number: str, *, recognised: bool = False, reread: bool = False,
    not_read_reason: str = "",
) -> tuple[str, str]:
    """The summary of an import for the officer: a headline and the details.

    ``recognised``: the pages were also read (pages read, records, flagged fields are
    listed); ``reread``: only pages already in the book were read (no import);
    ``not_read_reason``: why no page could be read (the OCR engine is missing, say).
    """
    stored = len(summary.stored)
    present = len(summary.already_present)
    if reread and not summary.pages_read and not summary.problems and not summary.cancelled:
        return QCoreApplication.translate(
            "ImportSummary", "Mọi trang của quyển {number} đã được đọc từ trước."
        ).replace("{number}", book_number), ""
    if reread:
        headline = (
            QCoreApplication.translate("ImportSummary", "Đã dừng việc đọc trang của quyển {number}.")
            if summary.cancelled
            else QCoreApplication.translate("ImportSummary", "Đã đọc các trang chưa đọc của quyển {number}.")
        )
    elif summary.cancelled:
        headline = plural(
            stored,
            QCoreApplication.translate(
                "ImportSummary", "Đã huỷ việc nhập. 1 trang đã nhập được giữ lại trong quyển {number}."
            ),
            QCoreApplication.translate(
                "ImportSummary", "Đã huỷ việc nhập. {n} trang đã nhập được giữ lại trong quyển {number}."
            ),
        )
    else:
        headline = plural(
            stored,
            QCoreApplication.translate("ImportSummary", "Đã nhập 1 trang vào quyển {number}."),
            QCoreApplication.translate("ImportSummary", "Đã nhập {n} trang vào quyển {number}."),
        )
    headline = headline.replace("{number}", book_number)
    lines = []
    if recognised:
        lines.extend(_reading_lines(summary))
        unread = stored - summary.pages_read
        if summary.cancelled and unread > 0:
            lines.append(
                plural(
                    unread,
                    QCoreApplication.translate(
                        "ImportSummary", "1 trang chưa đọc: dùng «Đọc lại các trang chưa đọc» trong menu Sổ."
                    ),
                    QCoreApplication.translate(
                        "ImportSummary",
                        "{n} trang chưa đọc: dùng «Đọc lại các trang chưa đọc» trong menu Sổ.",
                    ),
                )
            )
    if not_read_reason:
        lines.append(
            QCoreApplication.translate("ImportSummary", "Chưa đọc được trang nào: {reason}").format(
                reason=not_read_reason
            )
        )
    if present:
        lines.append(
            plural(
                present,
                QCoreApplication.translate(
                    "ImportSummary", "1 trang đã có trong quyển từ trước nên không nhập lại."
                ),
                QCoreApplication.translate(
                    "ImportSummary", "{n} trang đã có trong quyển từ trước nên không nhập lại."
                ),
            )
        )
    if summary.problems:
        lines.append(
            plural(
                len(summary.problems),
                QCoreApplication.translate("ImportSummary", "1 tệp không nhập được hoặc không đọc được:"),
                QCoreApplication.translate("ImportSummary", "{n} tệp không nhập được hoặc không đọc được:"),
            )
            if recognised
            else plural(
                len(summary.problems),
                QCoreApplication.translate("ImportSummary", "1 tệp không nhập được:"),
                QCoreApplication.translate("ImportSummary", "{n} tệp không nhập được:"),
            )
        )
        english = current_language() == "en"
        for problem in summary.problems[:MAX_LISTED_PROBLEMS]:
            message = problem.message_en if english else problem.message_vi
            lines.append("• " + problem_line(problem.path, message))
        hidden = len(summary.problems) - MAX_LISTED_PROBLEMS
        if hidden > 0:
            lines.append(
                plural(
                    hidden,
                    QCoreApplication.translate("ImportSummary", "… và 1 tệp khác (xem tệp nhật ký)."),
                    QCoreApplication.translate("ImportSummary", "… và {n} tệp khác (xem tệp nhật ký)."),
                )
            )
    return headline, "\n".join(lines)


def show_import_summary(
    parent: QWidget | None, summary: ImportSummary, book_number: str, *, recognised: bool = False,
    reread: bool = False, not_read_reason: str = "", verify: Callable[[], None] | None = None,
) -> QMessageBox:
    """Show what an import (and the reading of its pages) did, without blocking; return the box.

    With ``verify`` and new records, a «Kiểm tra ngay» button calls it (the window opens the
    verification view).
    """
    headline, details = import_summary_text(
        summary, book_number, recognised=recognised, reread=reread, not_read_reason=not_read_reason
    )
    box = QMessageBox(parent)
    box.setObjectName("importSummary")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setIcon(
        QMessageBox.Icon.Warning if summary.problems or not_read_reason else QMessageBox.Icon.Information
    )
    box.setWindowTitle(
        QCoreApplication.translate("ImportSummary", "Kết quả đọc trang")
        if reread
        else QCoreApplication.translate("ImportSummary", "Kết quả nhập tệp")
    )
    box.setText(headline)
    if details:
        box.setInformativeText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    if verify is not None and summary.records:
        button = box.addButton(
            QCoreApplication.translate("ImportSummary", "Kiểm tra ngay"), QMessageBox.ButtonRole.ActionRole
        )
        button.setObjectName("verifyNow")
        button.clicked.connect(verify)
        box.setDefaultButton(QMessageBox.StandardButton.Ok)
        box.setEscapeButton(QMessageBox.StandardButton.Ok)  # with two buttons Qt finds none: Esc must close
    box.open()
    return box


def show_export_summary(
    parent: QWidget | None, text: str, details: str = "", *, warning: bool = False
) -> QMessageBox:
    """Show what an export wrote, without blocking; return the box."""
    box = QMessageBox(parent)
    box.setObjectName("exportSummary")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setIcon(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information)
    box.setWindowTitle(QCoreApplication.translate("ExportSummary", "Kết quả xuất sổ"))
    box.setText(text)
    if details:
        box.setInformativeText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box


class SettingsDialog(QDialog):
    """The officer's name (written in the audit log), the interface language and the OCR workers."""

    def __init__(self, settings, parent: QWidget | None = None) -> None:  # noqa: ANN001 - Settings
        super().__init__(parent)
        from ui.i18n import LANGUAGES

        self.setObjectName("settingsDialog")
        self.setMinimumWidth(460)
        self.settings = settings
        self.name_edit = QLineEdit(settings.officer_name)
        self.name_edit.setMaxLength(120)
        self.language_box = QComboBox()
        for code, name in LANGUAGES.items():
            self.language_box.addItem(name, code)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(settings.language)))
        self.jobs_box = QSpinBox()
        self.jobs_box.setRange(0, 64)
        self.jobs_box.setValue(settings.ocr_jobs)
        self.name_label, self.language_label, self.jobs_label = QLabel(), QLabel(), QLabel()
        self.name_label.setBuddy(self.name_edit)
        self.language_label.setBuddy(self.language_box)
        self.jobs_label.setBuddy(self.jobs_box)
        form = QFormLayout()
        form.setSpacing(10)
        form.addRow(self.name_label, self.name_edit)
        form.addRow(self.language_label, self.language_box)
        form.addRow(self.jobs_label, self.jobs_box)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(14)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.retranslate()

    def value(self):  # noqa: ANN201 - Settings
        """The settings with what was entered."""
        from dataclasses import replace

        return replace(
            self.settings,
            officer_name=" ".join(self.name_edit.text().split()),
            language=str(self.language_box.currentData()),
            ocr_jobs=self.jobs_box.value(),
        )

    def retranslate(self) -> None:
        """Set every text in the interface language."""
        self.setWindowTitle(QCoreApplication.translate("SettingsDialog", "Cài đặt"))
        self.name_label.setText(QCoreApplication.translate("SettingsDialog", "&Tên cán bộ:"))
        self.name_edit.setPlaceholderText(QCoreApplication.translate("SettingsDialog", "Ví dụ: Trần Thị Lan"))
        self.language_label.setText(QCoreApplication.translate("SettingsDialog", "&Ngôn ngữ:"))
        self.jobs_label.setText(QCoreApplication.translate("SettingsDialog", "Số &luồng nhận dạng:"))
        self.jobs_box.setSpecialValueText(QCoreApplication.translate("SettingsDialog", "Tự động (mỗi nhân một luồng)"))
        self.hint.setText(
            QCoreApplication.translate(
                "SettingsDialog", "Tên cán bộ được ghi vào nhật ký cho mọi lần sửa, xác nhận và ký bản ghi."
            )
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ShortcutsDialog(QDialog):
    """The cheat sheet (F1): every key of the window and what it does."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

        self.setObjectName("shortcutsDialog")
        self.setMinimumSize(620, 520)
        self.table = QTableWidget(len(rows), 2)
        self.table.setObjectName("shortcutsTable")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for index, (keys, text) in enumerate(rows):
            key_item = QTableWidgetItem(keys)
            font = key_item.font()
            font.setBold(True)
            key_item.setFont(font)
            self.table.setItem(index, 0, key_item)
            self.table.setItem(index, 1, QTableWidgetItem(text))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.setWindowTitle(QCoreApplication.translate("ShortcutsDialog", "Phím tắt"))
        self.table.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("ShortcutsDialog", "Phím"),
                QCoreApplication.translate("ShortcutsDialog", "Việc"),
            ]
        )

    def rows(self) -> list[tuple[str, str]]:
        """The keys and texts listed."""
        return [(self.table.item(r, 0).text(), self.table.item(r, 1).text()) for r in range(self.table.rowCount())]
