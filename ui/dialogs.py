"""Small dialogs: a new book, a new workspace, and the summary after an import.

Dialogs only collect and validate input; the window does the work through
the task runner. They are opened with ``open()`` (window-modal, not
blocking), so the event loop and the tests keep running.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
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
    """Where to create a workspace, and for which commune."""

    path: Path
    commune: str


class CreateWorkspaceDialog(QDialog):
    """Asks for an empty folder and the commune's name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("createWorkspaceDialog")
        self.setMinimumWidth(520)
        self.folder_edit = QLineEdit()
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self._browse)
        self.commune_edit = QLineEdit()
        self.commune_edit.setMaxLength(120)
        folder_row = QHBoxLayout()
        folder_row.setSpacing(6)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        self.folder_label = QLabel()
        self.commune_label = QLabel()
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.setSpacing(10)
        self.folder_label.setBuddy(self.folder_edit)
        self.commune_label.setBuddy(self.commune_edit)
        form.addRow(self.folder_label, folder_row)
        form.addRow(self.commune_label, self.commune_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(14)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.folder_edit.textChanged.connect(self._changed)
        self._changed()
        self.retranslate()

    def value(self) -> NewWorkspace:
        """The entered folder and commune."""
        return NewWorkspace(Path(self.folder_edit.text().strip()), " ".join(self.commune_edit.text().split()))

    def _changed(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            bool(self.folder_edit.text().strip())
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
        self.hint.setText(
            QCoreApplication.translate(
                "CreateWorkspaceDialog",
                "Mỗi xã/phường dùng một thư mục làm việc. Hãy chọn một thư mục trống; ảnh các trang sổ và "
                "dữ liệu sẽ được lưu trong đó.",
            )
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


# Problems listed one by one in the summary; the rest are counted.
MAX_LISTED_PROBLEMS = 12


def import_summary_text(summary: ImportSummary, book_number: str) -> tuple[str, str]:
    """The summary of an import for the officer: a headline and the list of refused files."""
    stored = len(summary.stored)
    present = len(summary.already_present)
    if summary.cancelled:
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
                QCoreApplication.translate("ImportSummary", "1 tệp không nhập được:"),
                QCoreApplication.translate("ImportSummary", "{n} tệp không nhập được:"),
            )
        )
        english = current_language() == "en"
        for problem in summary.problems[:MAX_LISTED_PROBLEMS]:
            lines.append("• " + (problem.message_en if english else problem.message_vi))
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


def show_import_summary(parent: QWidget | None, summary: ImportSummary, book_number: str) -> QMessageBox:
    """Show what an import did, without blocking; return the box."""
    headline, details = import_summary_text(summary, book_number)
    box = QMessageBox(parent)
    box.setObjectName("importSummary")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setIcon(QMessageBox.Icon.Warning if summary.problems else QMessageBox.Icon.Information)
    box.setWindowTitle(QCoreApplication.translate("ImportSummary", "Kết quả nhập tệp"))
    box.setText(headline)
    if details:
        box.setInformativeText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box
