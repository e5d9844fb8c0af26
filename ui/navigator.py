"""The navigator on the left: the books of the workspace, and the pages of the chosen book.

The widgets hold domain values (:class:`~inspector.domain.Book`,
:class:`~inspector.domain.Page`) and never touch the workspace: the window
loads them through the task runner and hands them over. Thumbnails are asked
for through a callback (``thumbnail_loader``) when a page is first shown, and
arrive later with :meth:`PageListModel.set_thumbnail`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QListView,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.domain import Book, DocumentType, Page, PageStatus
from ui.i18n import document_type_label, page_status_label, pages_count, records_count
from ui.images import THUMBNAIL_SIZE

PAGE_ROLE = Qt.ItemDataRole.UserRole + 1
THUMBNAIL_ROLE = Qt.ItemDataRole.UserRole + 2
BOOK_ROLE = Qt.ItemDataRole.UserRole + 3

# Badge colours (background, text) by page state: calm, distinguishable, readable.
STATUS_COLOURS: dict[PageStatus, tuple[str, str]] = {
    PageStatus.UNREAD: ("#e6e8eb", "#3c4450"),
    PageStatus.NEEDS_REVIEW: ("#fdecc8", "#7a4b00"),
    PageStatus.VERIFIED: ("#d9ecff", "#0b4a8b"),
    PageStatus.SIGNED: ("#dcf3e3", "#17643a"),
    PageStatus.SYNCED: ("#e4e1f7", "#3e3190"),
}

# Kinds of register in the order officers name them.
GROUP_ORDER = (DocumentType.BIRTH, DocumentType.MARRIAGE, DocumentType.DEATH)

# How many thumbnails to load as soon as a book's pages arrive (the rest when scrolled to).
PREFETCH = 24


def panel_title(text: str = "") -> QLabel:
    """A panel's heading label."""
    label = QLabel(text)
    label.setObjectName("panelTitle")
    return label


def empty_state(text: str = "") -> QLabel:
    """A centred, wrapped, muted message for a panel with nothing to show."""
    label = QLabel(text)
    label.setObjectName("emptyState")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setMargin(24)
    return label


# ---------------------------------------------------------------------------------------- books
class BooksPanel(QWidget):
    """The workspace's books grouped by kind, with year, page and record counts."""

    # The id of the selected book, or ``""`` when none is.
    book_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._books: list[Book] = []
        self.title = panel_title()
        self.tree = QTreeWidget()
        self.tree.setObjectName("booksTree")
        self.tree.setColumnCount(4)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
            header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.tree.itemSelectionChanged.connect(self._on_selection)
        self.empty = empty_state()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.tree)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.stack)
        self.retranslate()

    @property
    def books(self) -> list[Book]:
        """The books shown."""
        return list(self._books)

    def selected_book(self) -> Book | None:
        """The book whose row is selected, if any."""
        items = self.tree.selectedItems()
        book = items[0].data(0, BOOK_ROLE) if items else None
        return book if isinstance(book, Book) else None

    def set_books(self, books: list[Book], select_id: str | None = None) -> None:
        """Show ``books``; select ``select_id`` (or keep the selection, or take the first)."""
        current = self.selected_book()
        wanted = select_id or (current.id if current else None)
        self._books = list(books)
        self.tree.blockSignals(True)
        self.tree.clear()
        selected: QTreeWidgetItem | None = None
        first: QTreeWidgetItem | None = None
        for doc_type in GROUP_ORDER:
            group_books = [b for b in books if b.document_type == doc_type]
            if not group_books:
                continue
            group = QTreeWidgetItem(self.tree)
            group.setData(0, Qt.ItemDataRole.UserRole, doc_type.value)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = group.font(0)
            font.setWeight(QFont.Weight.DemiBold)
            group.setFont(0, font)
            for book in group_books:
                item = QTreeWidgetItem(group)
                item.setData(0, BOOK_ROLE, book)
                for column in (2, 3):
                    item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if first is None or (not first.data(0, BOOK_ROLE).page_count and book.page_count):
                    first = item  # by default, the first book that has pages
                if book.id == wanted:
                    selected = item
            group.setExpanded(True)
        self._fill_texts()
        self.tree.blockSignals(False)
        self.stack.setCurrentWidget(self.tree if books else self.empty)
        target = selected or first
        if target is not None:
            self.tree.setCurrentItem(target)
            target.setSelected(True)
        self._on_selection()

    def update_books(self, books: list[Book]) -> None:
        """Refresh the rows' counts in place (same books, new numbers), keeping the selection."""
        by_id = {b.id: b for b in books}
        self._books = [by_id.get(b.id, b) for b in self._books]
        for item in self._book_items():
            book = by_id.get(item.data(0, BOOK_ROLE).id)
            if book is not None:
                item.setData(0, BOOK_ROLE, book)
        self._fill_texts()

    def select_book(self, book_id: str) -> None:
        """Select the book with ``book_id`` if it is shown."""
        for item in self._book_items():
            if item.data(0, BOOK_ROLE).id == book_id:
                self.tree.setCurrentItem(item)
                return

    def _book_items(self) -> list[QTreeWidgetItem]:
        result = []
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            result.extend(group.child(i) for i in range(group.childCount()))
        return result

    def _fill_texts(self) -> None:
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            group.setText(0, document_type_label(DocumentType(group.data(0, Qt.ItemDataRole.UserRole))))
        for item in self._book_items():
            book: Book = item.data(0, BOOK_ROLE)
            name = QCoreApplication.translate("BooksPanel", "Quyển {number}").format(number=book.number)
            item.setText(0, name)
            item.setText(1, str(book.year) if book.year else "—")
            item.setText(2, str(book.page_count))
            item.setText(3, str(book.record_count))
            item.setToolTip(
                0,
                f"{document_type_label(book.document_type)} · {name} · "
                f"{pages_count(book.page_count)} · {records_count(book.record_count)}",
            )

    def _on_selection(self) -> None:
        book = self.selected_book()
        self.book_selected.emit(book.id if book else "")

    def retranslate(self) -> None:
        """Set every text in the interface language."""
        self.title.setText(QCoreApplication.translate("BooksPanel", "Quyển sổ"))
        self.tree.setHeaderLabels(
            [
                QCoreApplication.translate("BooksPanel", "Quyển"),
                QCoreApplication.translate("BooksPanel", "Năm"),
                QCoreApplication.translate("BooksPanel", "Trang"),
                QCoreApplication.translate("BooksPanel", "Bản ghi"),
            ]
        )
        for column in (2, 3):  # counts: right-aligned like their numbers
            self.tree.headerItem().setTextAlignment(
                column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
        self.empty.setText(
            QCoreApplication.translate("BooksPanel", "Chưa có quyển sổ nào. Bấm «Quyển mới» để bắt đầu.")
        )
        self._fill_texts()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


# ---------------------------------------------------------------------------------------- pages
class PageListModel(QAbstractListModel):
    """The pages of one book, with their thumbnails as they arrive."""

    def __init__(self, thumbnail_loader: Callable[[Page], None] | None = None, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._pages: list[Page] = []
        self._thumbnails: dict[str, QImage] = {}
        self._requested: set[str] = set()
        self.thumbnail_loader = thumbnail_loader

    # -- contents
    @property
    def pages(self) -> list[Page]:
        """The pages listed, in book order."""
        return list(self._pages)

    def set_pages(self, pages: list[Page]) -> None:
        """Replace the list (thumbnails already decoded are kept by image digest)."""
        self.beginResetModel()
        self._pages = list(pages)
        self.endResetModel()
        for page in self._pages[:PREFETCH]:
            self._request(page)

    def append_page(self, page: Page) -> None:
        """Add one page (an import in progress); ignored if it is already listed."""
        if any(p.id == page.id for p in self._pages):
            return
        row = len(self._pages)
        self.beginInsertRows(QModelIndex(), row, row)
        self._pages.append(page)
        self.endInsertRows()
        self._request(page)

    def set_page_status(self, page_id: str, status: PageStatus) -> None:
        """Change one page's badge (a page just read, say) without reloading the list."""
        row = self.row_of(page_id)
        if row < 0 or self._pages[row].status == status:
            return
        self._pages[row] = replace(self._pages[row], status=status)
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def clear(self) -> None:
        """Show no pages."""
        self.set_pages([])

    def row_of(self, page_id: str) -> int:
        """Row of a page, or -1."""
        return next((row for row, p in enumerate(self._pages) if p.id == page_id), -1)

    # -- thumbnails
    def has_thumbnail(self, page: Page) -> bool:
        """Whether the page's thumbnail is decoded."""
        return page.image_sha256 in self._thumbnails

    def set_thumbnail(self, sha256: str, image: QImage | None) -> None:
        """Store a decoded thumbnail and repaint the pages that show it."""
        self._requested.discard(sha256)
        if image is None or image.isNull():
            return
        self._thumbnails[sha256] = image
        for row, page in enumerate(self._pages):
            if page.image_sha256 == sha256:
                index = self.index(row)
                self.dataChanged.emit(index, index, [THUMBNAIL_ROLE])

    def thumbnail_failed(self, sha256: str) -> None:
        """Forget a request so a later paint may ask again."""
        self._requested.discard(sha256)

    def _request(self, page: Page) -> None:
        key = page.image_sha256
        if key in self._thumbnails or key in self._requested or self.thumbnail_loader is None:
            return
        self._requested.add(key)
        self.thumbnail_loader(page)

    # -- Qt model
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._pages)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._pages):
            return None
        page = self._pages[index.row()]
        name = QCoreApplication.translate("PagesPanel", "Trang {n}").format(n=page.order)
        if role == Qt.ItemDataRole.DisplayRole:
            return name
        if role == PAGE_ROLE:
            return page
        if role == THUMBNAIL_ROLE:
            image = self._thumbnails.get(page.image_sha256)
            if image is None:
                self._request(page)  # first time this page is painted
            return image
        if role == Qt.ItemDataRole.ToolTipRole:
            source = page.source_name + (f" #{page.source_page}" if page.source_page > 1 else "")
            return f"{name} · {page_status_label(page.status)}\n{source} · {page.width} × {page.height}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{name}, {page_status_label(page.status)}"
        return None

    def retranslate(self) -> None:
        """Repaint texts after a language switch."""
        if self._pages:
            self.dataChanged.emit(self.index(0), self.index(len(self._pages) - 1))


class PageThumbnailDelegate(QStyledItemDelegate):
    """Paints a page as a card: thumbnail, a state badge over its foot, the page number below."""

    PADDING = 8
    LABEL_HEIGHT = 24

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        return QSize(
            THUMBNAIL_SIZE.width() + 2 * self.PADDING,
            THUMBNAIL_SIZE.height() + 2 * self.PADDING + self.LABEL_HEIGHT,
        )

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        page: Page = index.data(PAGE_ROLE)
        if page is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect.adjusted(2, 2, -2, -2)
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        if selected:
            fill = QColor(highlight)
            fill.setAlpha(40)
            painter.setBrush(fill)
            painter.setPen(QPen(highlight, 2))
        else:
            painter.setBrush(QColor("#f1f3f5") if hovered else Qt.BrushStyle.NoBrush)
            painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(rect, 6, 6)

        area = QRect(
            rect.left() + self.PADDING - 2,
            rect.top() + self.PADDING - 2,
            THUMBNAIL_SIZE.width(),
            THUMBNAIL_SIZE.height(),
        )
        image: QImage | None = index.data(THUMBNAIL_ROLE)
        if image is not None and not image.isNull():
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(area.center())
            target.moveBottom(area.bottom())
        else:
            # The page's own proportions, so the grid does not jump when the image arrives.
            ratio = page.height / page.width if page.width else 1.414
            size = QSize(area.width(), min(area.height(), round(area.width() * ratio)))
            if size.height() == area.height():
                size.setWidth(round(area.height() / ratio))
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(area.center())
            target.moveBottom(area.bottom())
        painter.setPen(QPen(QColor("#c9ced6"), 1))
        painter.setBrush(QColor("#ffffff"))
        painter.drawRect(target.adjusted(-1, -1, 0, 0))
        if image is not None and not image.isNull():
            painter.drawImage(target, image)

        # State badge, bottom-left over the thumbnail.
        background, foreground = STATUS_COLOURS.get(page.status, STATUS_COLOURS[PageStatus.UNREAD])
        badge_font = QFont(option.font)
        badge_font.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.8))
        badge_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(badge_font)
        text = page_status_label(page.status)
        metrics = painter.fontMetrics()
        badge = QRect(0, 0, metrics.horizontalAdvance(text) + 14, metrics.height() + 4)
        badge.moveBottomLeft(target.bottomLeft() + QRect(0, 0, 0, 0).topLeft())
        badge.translate(5, -5)
        painter.setPen(QPen(QColor(foreground).lighter(180), 1))
        painter.setBrush(QBrush(QColor(background)))
        painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
        painter.setPen(QColor(foreground))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)

        # Page number under the thumbnail.
        label_font = QFont(option.font)
        label_font.setWeight(QFont.Weight.DemiBold if selected else QFont.Weight.Normal)
        painter.setFont(label_font)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        label = QRect(rect.left(), area.bottom() + 4, rect.width(), self.LABEL_HEIGHT)
        painter.drawText(
            label,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
            index.data(Qt.ItemDataRole.DisplayRole),
        )
        painter.restore()


class PagesPanel(QWidget):
    """The pages of the selected book as a grid of thumbnails."""

    # The id of the selected page, or ``""``.
    page_selected = Signal(str)

    def __init__(self, model: PageListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._book: Book | None = None
        self.title = panel_title()
        self.view = QListView()
        self.view.setObjectName("pagesView")
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setUniformItemSizes(True)
        self.view.setSpacing(4)
        self.view.setWrapping(True)
        self.view.setMouseTracking(True)
        self.view.setFrameShape(QFrame.Shape.StyledPanel)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setItemDelegate(PageThumbnailDelegate(self.view))
        self.view.setModel(model)
        self.view.selectionModel().currentChanged.connect(self._on_current)
        self.empty = empty_state()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.stack)
        model.modelReset.connect(self._update_state)
        model.rowsInserted.connect(self._update_state)
        self.retranslate()

    def set_book(self, book: Book | None) -> None:
        """Say which book the pages belong to (the heading and the empty state follow)."""
        self._book = book
        self.retranslate()

    def selected_page(self) -> Page | None:
        """The current page, if any."""
        index = self.view.currentIndex()
        return index.data(PAGE_ROLE) if index.isValid() else None

    def select_page(self, page_id: str) -> None:
        """Make ``page_id`` the current page."""
        row = self.model.row_of(page_id)
        if row >= 0:
            index = self.model.index(row)
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        page = current.data(PAGE_ROLE) if current.isValid() else None
        self.page_selected.emit(page.id if page else "")

    def _update_state(self) -> None:
        self.stack.setCurrentWidget(self.view if self.model.rowCount() else self.empty)
        self._set_title()

    def _set_title(self) -> None:
        if self._book is None:
            self.title.setText(QCoreApplication.translate("PagesPanel", "Trang"))
        else:
            self.title.setText(
                QCoreApplication.translate("PagesPanel", "Trang của quyển {number} ({count})").format(
                    number=self._book.number, count=pages_count(self.model.rowCount())
                )
            )

    def retranslate(self) -> None:
        """Set every text in the interface language."""
        if self._book is None:
            self.empty.setText(
                QCoreApplication.translate("PagesPanel", "Chọn một quyển sổ để xem các trang.")
            )
        else:
            self.empty.setText(
                QCoreApplication.translate(
                    "PagesPanel",
                    "Quyển này chưa có trang nào. Bấm «Nhập tệp…» để thêm ảnh quét hoặc tệp PDF.",
                )
            )
        self._update_state()
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
