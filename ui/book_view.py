"""The register book as a table, and the workspace search's results.

The table lists a book's records in registration-number order; a number
missing from the run shows as its own highlighted row, numbers used twice are
highlighted on each record. It sorts on every column and filters on what is
typed (diacritics ignored). Enter or a double click opens a record for checking.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from inspector.domain import Book, Record, RecordStatus
from inspector.textfold import fold_for_search
from ocr.validation import validate_book_numbers
from ui.i18n import current_language, document_type_label
from ui.navigator import empty_state, panel_title
from ui.verification import record_person
from ui.verify_view import RECORD_STATUS_COLOURS, record_status_label

RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
KIND_ROLE = Qt.ItemDataRole.UserRole + 3  # "record", "gap" or "duplicate"

GAP_COLOUR = "#fff3bf"
DUPLICATE_COLOUR = "#ffe3e3"
_LEADING_NUMBER = re.compile(r"\s*(\d+)")


def registration_sort_key(text: str) -> tuple[int, str]:
    """Sort key of a registration number as printed (``125``, ``125/2020``): numbers by value."""
    match = _LEADING_NUMBER.match(text or "")
    return (int(match.group(1)) if match else 1 << 30, text or "")


@dataclass(frozen=True)
class RegisterRow:
    """One row of the table: a record (maybe a duplicate number) or a missing number."""

    kind: str  # "record", "duplicate" or "gap"
    record: Record | None = None
    missing: int = 0  # a gap: the first missing number
    missing_last: int = 0  # a gap: the last missing number of the run

    @property
    def number(self) -> str:
        """The registration number shown (a run of missing numbers as ``first–last``)."""
        if self.record is not None:
            return self.record.value("registration_number")
        return str(self.missing) if self.missing_last <= self.missing else f"{self.missing}–{self.missing_last}"

    @property
    def missing_count(self) -> int:
        """How many numbers a gap row stands for."""
        return max(1, self.missing_last - self.missing + 1) if self.record is None else 0


def _runs(numbers: Sequence[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


def register_rows(records: Sequence[Record]) -> list[RegisterRow]:
    """The rows of a book: records in number order, each run of missing numbers as one row, duplicates marked."""
    ordered = sorted(records, key=lambda r: registration_sort_key(r.value("registration_number")))
    issues = validate_book_numbers([{k: v.value for k, v in r.fields.items()} for r in ordered])
    duplicates = {i for issue in issues if issue.code == "duplicate_registration_number" for i in issue.record_indexes}
    missing = sorted({n for issue in issues if issue.code == "registration_number_gap" for n in issue.numbers})
    rows: list[RegisterRow] = [
        RegisterRow("duplicate" if index in duplicates else "record", record) for index, record in enumerate(ordered)
    ]
    for first, last in _runs(missing):
        position = next(
            (
                i
                for i, row in enumerate(rows)
                if row.record is not None and registration_sort_key(row.number)[0] > first
            ),
            len(rows),
        )
        rows.insert(position, RegisterRow("gap", missing=first, missing_last=last))
    return rows


class RegisterModel(QAbstractTableModel):
    """The rows of one book for a :class:`QTableView`."""

    COLUMNS = 6

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.rows: list[RegisterRow] = []
        self.page_orders: dict[str, int] = {}

    def set_records(self, records: Sequence[Record], page_orders: dict[str, int] | None = None) -> None:
        """Show ``records`` (gaps and duplicates worked out here); ``page_orders`` numbers their pages."""
        self.beginResetModel()
        self.rows = register_rows(records)
        self.page_orders = dict(page_orders or {})
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            QCoreApplication.translate("BookView", "Số"),
            QCoreApplication.translate("BookView", "Họ và tên"),
            QCoreApplication.translate("BookView", "Ngày đăng ký"),
            QCoreApplication.translate("BookView", "Trạng thái"),
            QCoreApplication.translate("BookView", "Cần kiểm tra"),
            QCoreApplication.translate("BookView", "Trang"),
        ][section]

    def _texts(self, row: RegisterRow) -> list[str]:
        if row.record is None:
            if row.missing_count == 1:
                text = QCoreApplication.translate("BookView", "— thiếu số này trong sổ —")
            else:
                text = QCoreApplication.translate("BookView", "— thiếu {n} số liền nhau trong sổ —").format(
                    n=row.missing_count
                )
            return [
                row.number,
                text,
                "",
                "",
                "",
                "",
            ]
        record = row.record
        flagged = len(record.flagged_fields)
        return [
            row.number or "?",
            record_person(record),
            record.value("registration_date"),
            record_status_label(record.status),
            str(flagged) if flagged else "",
            ", ".join(str(self.page_orders[p]) for p in record.page_ids if p in self.page_orders),
        ]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts(row)[column]
        if role == RECORD_ID_ROLE:
            return row.record.id if row.record else None
        if role == KIND_ROLE:
            return row.kind
        if role == SORT_ROLE:
            if column == 0:
                return registration_sort_key(row.number)[0]
            if column == 4:
                return len(row.record.flagged_fields) if row.record else -1
            return fold_for_search(self._texts(row)[column])
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.kind == "gap":
                return QBrush(QColor(GAP_COLOUR))
            if row.kind == "duplicate":
                return QBrush(QColor(DUPLICATE_COLOUR))
            if column == 3 and row.record is not None:
                return QBrush(QColor(RECORD_STATUS_COLOURS[row.record.status][0]))
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and row.record is not None:
            return QBrush(QColor(RECORD_STATUS_COLOURS[row.record.status][1]))
        if role == Qt.ItemDataRole.FontRole and row.kind == "gap":
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.kind == "gap":
                return QCoreApplication.translate("BookView", "Số đăng ký {n} không có trong sổ.").format(
                    n=row.number
                )
            if row.kind == "duplicate":
                return QCoreApplication.translate("BookView", "Số đăng ký {n} bị trùng.").format(n=row.number)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 4, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def retranslate(self) -> None:
        """Repaint texts after a language switch."""
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, self.COLUMNS - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMNS - 1)


class RegisterFilter(QSortFilterProxyModel):
    """Keeps rows whose texts hold every typed word (diacritics ignored); optionally only problem rows."""

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._words: list[str] = []
        self.problems_only = False
        self.setSortRole(SORT_ROLE)

    def set_text(self, text: str) -> None:
        """Filter on what the officer typed."""
        self.beginFilterChange()
        self._words = fold_for_search(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_problems_only(self, on: bool) -> None:
        """Show only gaps, duplicates and records with flagged fields."""
        self.beginFilterChange()
        self.problems_only = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: ANN001, N802
        model: RegisterModel = self.sourceModel()
        row = model.rows[source_row]
        if self.problems_only and row.kind == "record" and not (row.record and row.record.flagged_fields):
            return False
        if not self._words:
            return True
        haystack = fold_for_search(" ".join(model._texts(row)))
        if row.record is not None:
            haystack += " " + fold_for_search(" ".join(v.value for v in row.record.fields.values()))
        return all(word in haystack for word in self._words)


def _kind_in_sentence(label: str) -> str:
    # Vietnamese writes the kind in lower case inside a phrase (Sổ khai sinh); English keeps "Birth register".
    return label.lower() if current_language() == "vi" else label


class BookView(QWidget):
    """One register book as a sortable, filterable table."""

    # The id of a record to open for checking.
    record_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookView")
        self.book: Book | None = None
        self.title = panel_title()
        self.summary = QLabel()
        self.summary.setObjectName("hint")
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("bookFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.problems_only = QCheckBox()
        self.model = RegisterModel(self)
        self.proxy = RegisterFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("registerTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.problems_only.toggled.connect(self.proxy.set_problems_only)
        self.legend = QLabel()
        self.legend.setObjectName("hint")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.empty = empty_state()
        self.export_button = QToolButton()
        self.export_button.setObjectName("exportButton")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.export_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.export_button.setMenu(QMenu(self.export_button))

        bar = QHBoxLayout()
        bar.setSpacing(8)
        bar.addWidget(self.title)
        bar.addWidget(self.summary)
        bar.addStretch(1)
        bar.addWidget(self.problems_only)
        bar.addWidget(self.filter_edit)
        bar.addWidget(self.export_button)
        self.filter_edit.setMinimumWidth(260)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.legend)
        self.set_book(None, [])
        self.retranslate()

    def set_book(
        self, book: Book | None, records: Sequence[Record], page_orders: dict[str, int] | None = None
    ) -> None:
        """Show ``book`` with its ``records`` (``page_orders``: page id → page number in the book)."""
        self.book = book
        self.model.set_records(records, page_orders if page_orders is not None else self.model.page_orders)
        self.proxy.sort(self.proxy.sortColumn(), self.proxy.sortOrder())
        has_rows = bool(self.model.rows)
        self.table.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        self.retranslate()

    def set_export_actions(self, actions: Sequence[QAction]) -> None:
        """The export formats the «Xuất sổ» button offers (the window's own actions)."""
        menu = self.export_button.menu()
        menu.clear()
        for action in actions:
            menu.addAction(action)

    def record_ids(self) -> list[str | None]:
        """The record ids of the rows shown, top to bottom (None for a missing number)."""
        return [self.proxy.index(r, 0).data(RECORD_ID_ROLE) for r in range(self.proxy.rowCount())]

    def row_kinds(self) -> list[tuple[str, str]]:
        """``(kind, number)`` of the rows shown, top to bottom."""
        return [
            (self.proxy.index(r, 0).data(KIND_ROLE), self.proxy.index(r, 0).data()) for r in range(self.proxy.rowCount())
        ]

    def _activated(self, index: QModelIndex) -> None:
        record_id = index.data(RECORD_ID_ROLE)
        if record_id:
            self.record_activated.emit(record_id)

    def retranslate(self) -> None:
        """Set every text in the interface language."""
        if self.book is None:
            self.title.setText(QCoreApplication.translate("BookView", "Sổ đăng ký"))
            self.summary.setText("")
        else:
            self.title.setText(
                QCoreApplication.translate("BookView", "Sổ {kind} quyển {number}").format(
                    kind=_kind_in_sentence(document_type_label(self.book.document_type)), number=self.book.number
                )
            )
            records = [r.record for r in self.model.rows if r.record is not None]
            gaps = sum(r.missing_count for r in self.model.rows if r.kind == "gap")
            duplicates = sum(1 for r in self.model.rows if r.kind == "duplicate")
            verified = sum(1 for r in records if r.status is not RecordStatus.DRAFT)
            self.summary.setText(
                QCoreApplication.translate(
                    "BookView", "{n} bản ghi · {verified} đã kiểm tra · {gaps} số thiếu · {duplicates} số trùng"
                ).format(n=len(records), verified=verified, gaps=gaps, duplicates=duplicates)
            )
        self.filter_edit.setPlaceholderText(
            QCoreApplication.translate("BookView", "Lọc theo số, tên, ngày… (không cần dấu)")
        )
        self.problems_only.setText(QCoreApplication.translate("BookView", "Chỉ dòng có vấn đề"))
        self.export_button.setText(QCoreApplication.translate("BookView", "Xuất sổ"))
        self.export_button.setToolTip(
            QCoreApplication.translate("BookView", "Lưu quyển ra CSV, JSON, XML, PDF/A hoặc gói Bộ Tư pháp")
        )
        self.export_button.setEnabled(self.book is not None)
        self.empty.setText(
            QCoreApplication.translate("BookView", "Quyển này chưa có bản ghi nào. Hãy nhận dạng các trang trước.")
        )
        self.legend.setText(
            f'<span style="background:{GAP_COLOUR}">&nbsp;&nbsp;&nbsp;&nbsp;</span> '
            + QCoreApplication.translate("BookView", "số bị thiếu")
            + f' &nbsp; <span style="background:{DUPLICATE_COLOUR}">&nbsp;&nbsp;&nbsp;&nbsp;</span> '
            + QCoreApplication.translate("BookView", "số bị trùng")
            + " &nbsp; · "
            + QCoreApplication.translate("BookView", "Enter hoặc bấm đúp: mở bản ghi để kiểm tra")
        )
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class SearchResults(QDialog):
    """The records a workspace search found; Enter or a double click opens one."""

    record_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchResults")
        self.setMinimumSize(560, 360)
        self.query = ""
        self._results: list[tuple[Record, Book | None]] = []
        self.heading = QLabel()
        self.heading.setObjectName("panelTitle")
        self.list = QListWidget()
        self.list.setObjectName("searchList")
        self.list.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        self.retranslate()

    def set_results(self, query: str, results: Sequence[tuple[Record, Book | None]]) -> None:
        """Show what ``query`` found."""
        self.query = query
        self._results = list(results)
        self.list.clear()
        for record, book in self._results:
            kind = document_type_label(record.document_type)
            where = QCoreApplication.translate("BookView", "{kind} quyển {number}").format(
                kind=kind, number=book.number if book else "?"
            )
            number = record.value("registration_number") or "?"
            text = QCoreApplication.translate("BookView", "Số {number}").format(number=number)
            item = QListWidgetItem(f"{text} · {record_person(record)} · {where} · {record_status_label(record.status)}")
            item.setData(RECORD_ID_ROLE, record.id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.retranslate()

    def record_ids(self) -> list[str]:
        """Ids of the records listed."""
        return [record.id for record, _ in self._results]

    def _activated(self, item: QListWidgetItem) -> None:
        self.record_activated.emit(item.data(RECORD_ID_ROLE))
        self.accept()

    def retranslate(self) -> None:
        """Set every text in the interface language."""
        self.setWindowTitle(QCoreApplication.translate("BookView", "Kết quả tìm kiếm"))
        if self._results:
            self.heading.setText(
                QCoreApplication.translate("BookView", "{n} bản ghi khớp với «{query}»").format(
                    n=len(self._results), query=self.query
                )
            )
        else:
            self.heading.setText(
                QCoreApplication.translate("BookView", "Không tìm thấy bản ghi nào khớp với «{query}».").format(
                    query=self.query
                )
            )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
