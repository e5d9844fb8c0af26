"""The selected page, large: a zoomable, pannable view with fit-width, fit-page and 100 %."""

from __future__ import annotations

import enum

from PySide6.QtCore import QCoreApplication, QEvent, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QImage,
    QKeySequence,
    QPainter,
    QPen,
    QPixmap,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from inspector.domain import Page
from ui.i18n import page_status_label
from ui.navigator import STATUS_COLOURS, empty_state, panel_title

MIN_ZOOM = 0.05
MAX_ZOOM = 8.0
ZOOM_STEP = 1.25


class ZoomMode(enum.Enum):
    """How the view scales the page when it is resized."""

    FIT_WIDTH = "fit_width"
    FIT_PAGE = "fit_page"
    MANUAL = "manual"


class PageView(QGraphicsView):
    """A page image that zooms (Ctrl + wheel, the zoom actions) and pans (drag, scroll bars)."""

    # The scale now shown (1.0 is one image pixel per screen pixel).
    zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageView")
        self._scene = QGraphicsScene(self)
        self.setScene(self._scene)
        self._item = QGraphicsPixmapItem()
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._scene.addItem(self._item)
        self._mode = ZoomMode.FIT_WIDTH
        self._zoom = 1.0
        self.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform | QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setBackgroundBrush(QColor("#e4e7eb"))
        self.setFrameShape(QFrame.Shape.NoFrame)

    @property
    def zoom(self) -> float:
        """The scale now shown."""
        return self._zoom

    @property
    def mode(self) -> ZoomMode:
        """The fitting mode kept on resize."""
        return self._mode

    def has_image(self) -> bool:
        """Whether a page is shown."""
        return not self._item.pixmap().isNull()

    def set_image(self, image: QImage | None) -> None:
        """Show ``image`` (or nothing), keeping the current fitting mode."""
        pixmap = QPixmap.fromImage(image) if image is not None and not image.isNull() else QPixmap()
        self._item.setPixmap(pixmap)
        margin = 24.0
        rect = QRectF(pixmap.rect()).adjusted(-margin, -margin, margin, margin)
        self._scene.setSceneRect(rect)
        if self._mode is ZoomMode.MANUAL:
            self._apply_zoom(self._zoom)
        else:
            self._refit()
        self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802 - Qt override
        # A hairline around the sheet, so a white page stands out from the background.
        if self.has_image():
            painter.setPen(QPen(QColor("#b8bec7"), 0))
            painter.drawRect(self._item.boundingRect())

    # -- zoom
    def fit_width(self) -> None:
        """Scale the page to the view's width and keep doing so on resize."""
        self._mode = ZoomMode.FIT_WIDTH
        self._refit()

    def fit_page(self) -> None:
        """Scale the whole page into the view and keep doing so on resize."""
        self._mode = ZoomMode.FIT_PAGE
        self._refit()

    def actual_size(self) -> None:
        """One image pixel per screen pixel."""
        self.set_zoom(1.0)

    def zoom_in(self) -> None:
        """Enlarge by one step."""
        self.set_zoom(self._zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        """Shrink by one step."""
        self.set_zoom(self._zoom / ZOOM_STEP)

    def set_zoom(self, zoom: float) -> None:
        """Show the page at ``zoom`` (clamped) and stop fitting it on resize."""
        self._mode = ZoomMode.MANUAL
        self._apply_zoom(zoom)

    def _apply_zoom(self, zoom: float) -> None:
        self._zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        self.setTransform(QTransform.fromScale(self._zoom, self._zoom))
        self.zoom_changed.emit(self._zoom)

    def _refit(self) -> None:
        pixmap = self._item.pixmap()
        if pixmap.isNull():
            return
        available = self.viewport().size()
        margin = 48
        width_scale = max(1, available.width() - margin) / pixmap.width()
        if self._mode is ZoomMode.FIT_WIDTH:
            self._apply_zoom(width_scale)
        else:
            height_scale = max(1, available.height() - margin) / pixmap.height()
            self._apply_zoom(min(width_scale, height_scale))

    def resizeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self._mode is not ZoomMode.MANUAL:
            self._refit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self._zoom * (ZOOM_STEP**steps))
            event.accept()
            return
        super().wheelEvent(event)


class PageViewer(QWidget):
    """The right-hand panel: a heading with the page's name and state, zoom buttons, the page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageViewer")
        self._page: Page | None = None
        self._loading = False
        self.view = PageView()
        self.title = panel_title()
        self.status_badge = QLabel()
        self.status_badge.setObjectName("statusBadge")
        self.details = QLabel()
        self.details.setObjectName("pageDetails")
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoomLabel")
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.fit_width_action = QAction(self)
        self.fit_width_action.setShortcut(QKeySequence("Ctrl+2"))
        self.fit_width_action.triggered.connect(self.view.fit_width)
        self.fit_page_action = QAction(self)
        self.fit_page_action.setShortcut(QKeySequence("Ctrl+3"))
        self.fit_page_action.triggered.connect(self.view.fit_page)
        self.actual_size_action = QAction(self)
        self.actual_size_action.setShortcut(QKeySequence("Ctrl+1"))
        self.actual_size_action.triggered.connect(self.view.actual_size)
        self.zoom_in_action = QAction(self)
        self.zoom_in_action.setShortcuts([QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")])
        self.zoom_in_action.triggered.connect(self.view.zoom_in)
        self.zoom_out_action = QAction(self)
        self.zoom_out_action.setShortcut(QKeySequence.StandardKey.ZoomOut)
        self.zoom_out_action.triggered.connect(self.view.zoom_out)
        # The fitting mode in force shows as a pressed button.
        self.fit_width_action.setCheckable(True)
        self.fit_page_action.setCheckable(True)
        for action in self.zoom_actions():
            self.addAction(action)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setEnabled(False)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(8)
        bar.addWidget(self.title)
        bar.addWidget(self.status_badge)
        bar.addWidget(self.details)
        bar.addStretch(1)
        self.buttons: list[QToolButton] = []
        for action in self.zoom_actions():
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setAutoRaise(True)
            self.buttons.append(button)
            bar.addWidget(button)
        bar.addWidget(self.zoom_label)

        self.placeholder = empty_state()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.view)
        frame = QFrame()
        frame.setObjectName("pageFrame")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame_layout = QVBoxLayout(frame)
        frame_layout.setContentsMargins(1, 1, 1, 1)
        frame_layout.addWidget(self.stack)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(bar)
        layout.addWidget(frame, 1)
        self.view.zoom_changed.connect(self._show_zoom)
        self.retranslate()

    @property
    def page(self) -> Page | None:
        """The page shown (or being loaded)."""
        return self._page

    def zoom_actions(self) -> list[QAction]:
        """The zoom actions, for menus."""
        return [
            self.fit_width_action,
            self.fit_page_action,
            self.actual_size_action,
            self.zoom_in_action,
            self.zoom_out_action,
        ]

    def show_loading(self, page: Page) -> None:
        """Say that ``page`` is being read."""
        self._page = page
        self._loading = True
        self.view.set_image(None)
        self.stack.setCurrentWidget(self.placeholder)
        self.retranslate()

    def show_page(self, page: Page, image: QImage) -> None:
        """Show ``page`` with its decoded image."""
        self._page = page
        self._loading = False
        self.view.set_image(image)
        self.stack.setCurrentWidget(self.view)
        for action in self.zoom_actions():
            action.setEnabled(True)
        self.retranslate()

    def clear(self) -> None:
        """Show no page."""
        self._page = None
        self._loading = False
        self.view.set_image(None)
        self.stack.setCurrentWidget(self.placeholder)
        for action in self.zoom_actions():
            action.setEnabled(False)
        self.retranslate()

    def _show_zoom(self, zoom: float) -> None:
        self.zoom_label.setText(f"{round(zoom * 100)} %")
        self.fit_width_action.setChecked(self.view.mode is ZoomMode.FIT_WIDTH)
        self.fit_page_action.setChecked(self.view.mode is ZoomMode.FIT_PAGE)

    def retranslate(self) -> None:
        """Set every text in the interface language."""
        self.fit_width_action.setText(QCoreApplication.translate("PageViewer", "Vừa chiều rộng"))
        self.fit_width_action.setToolTip(
            QCoreApplication.translate("PageViewer", "Phóng trang cho vừa chiều rộng khung (Ctrl+2)")
        )
        self.fit_page_action.setText(QCoreApplication.translate("PageViewer", "Vừa trang"))
        self.fit_page_action.setToolTip(
            QCoreApplication.translate("PageViewer", "Hiện trọn cả trang (Ctrl+3)")
        )
        self.actual_size_action.setText("100 %")
        self.actual_size_action.setToolTip(
            QCoreApplication.translate("PageViewer", "Kích thước thật (Ctrl+1)")
        )
        self.zoom_in_action.setText(QCoreApplication.translate("PageViewer", "Phóng to"))
        self.zoom_in_action.setIconText("+")
        self.zoom_in_action.setToolTip(QCoreApplication.translate("PageViewer", "Phóng to (Ctrl++)"))
        self.zoom_out_action.setText(QCoreApplication.translate("PageViewer", "Thu nhỏ"))
        self.zoom_out_action.setIconText("−")
        self.zoom_out_action.setToolTip(QCoreApplication.translate("PageViewer", "Thu nhỏ (Ctrl+−)"))
        page = self._page
        if page is None:
            self.title.setText(QCoreApplication.translate("PageViewer", "Trang"))
            self.status_badge.hide()
            self.details.setText("")
            self.placeholder.setText(
                QCoreApplication.translate("PageViewer", "Chọn một trang ở bên trái để xem.")
            )
            self.zoom_label.setText("")
            return
        self.title.setText(QCoreApplication.translate("PageViewer", "Trang {n}").format(n=page.order))
        background, foreground = STATUS_COLOURS[page.status]
        self.status_badge.setText(page_status_label(page.status))
        self.status_badge.setStyleSheet(
            f"QLabel#statusBadge {{ background: {background}; color: {foreground}; }}"
        )
        self.status_badge.show()
        source = page.source_name + (f" #{page.source_page}" if page.source_page > 1 else "")
        self.details.setText(f"{source} · {page.width} × {page.height}")
        if self._loading:
            self.placeholder.setText(QCoreApplication.translate("PageViewer", "Đang mở trang…"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
