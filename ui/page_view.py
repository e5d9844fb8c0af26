"""The selected page, large: a zoomable, pannable, rotatable view with fit-width, fit-page and 100 %.

The verification view draws the record's field boxes (coloured by state) and
the words read on the page over the image; a click on a word is reported with
:attr:`PageView.word_clicked`, a click on a field box with :attr:`PageView.field_clicked`.
"""

from __future__ import annotations

import enum
import logging
import math
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QImage,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QStyleOptionGraphicsItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from inspector.domain import Page, PageStatus
from ui.i18n import page_status_label
from ui.images import scale_page
from ui.navigator import STATUS_COLOURS, empty_state, panel_title
from ui.worker import TaskRunner

log = logging.getLogger(__name__)

MIN_ZOOM = 0.05
MAX_ZOOM = 8.0
ZOOM_STEP = 1.25
# A press and release closer than this (screen pixels) is a click, not a pan.
CLICK_SLOP = 4

# Colours of the boxes drawn over the page: (outline, fill alpha) by state.
BOX_COLOURS: dict[str, tuple[str, int]] = {
    "flagged": ("#d9480f", 46),  # needs the officer's look
    "accepted": ("#2b8a3e", 22),  # checked by the program or the officer
    "current": ("#1f5fa8", 60),  # the field being edited
}
WORD_COLOUR = "#7b8794"
BOX_KEY_ROLE = 0  # QGraphicsItem.data keys
BOX_KIND_ROLE = 1
WORD_TEXT_ROLE = 2


# Hands a page image to a worker to be scaled: ``(image, scale, rotation, done)``; ``done`` gets
# the scaled and turned QImage back on the GUI thread (see ui.images.scale_page), or None if it failed.
Scaler = Callable[[QImage, float, int, Callable[[QImage | None], None]], None]


def runner_scaler(runner: TaskRunner) -> Scaler:
    """A :data:`Scaler` that scales on ``runner``'s pool (a failure leaves the page drawn the slow way)."""

    def scale(image: QImage, factor: float, rotation: int, done: Callable[[QImage | None], None]) -> None:
        def failed(exc: BaseException) -> None:
            log.warning("Scaling a page failed: %s", type(exc).__name__)
            done(None)

        runner.submit(scale_page, image, factor, rotation, on_result=done, on_error=failed)

    return scale


class _PageItem(QGraphicsPixmapItem):
    """The page: painted from a copy scaled (off the GUI thread) to the zoom shown, when one is ready.

    Drawing a whole scanned page smoothly scaled takes some 100 ms, on every paint; a copy
    made at the scale shown is a plain copy of pixels. Until it arrives (or without a
    scaler) the page is drawn fast and coarse (with a scaler) or smooth and slow (without).
    """

    def __init__(self, view: PageView) -> None:
        super().__init__()
        self._view = view
        self.scaled: tuple[float, int, QPixmap] | None = None

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        pixmap = self.pixmap()
        if pixmap.isNull():
            return
        transform = painter.worldTransform()
        # Device pixels per image pixel (a high-DPI screen has more of them than logical ones).
        ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        scale = math.hypot(transform.m11(), transform.m12()) * ratio
        if self._view.scaler is None or self._view._scale_failed or scale >= 1.0:
            super().paint(painter, option, widget)
            return
        rotation = self._view.rotation
        scaled = self.scaled
        if scaled is not None and math.isclose(scaled[0], scale, rel_tol=1e-3) and scaled[1] == rotation:
            corner = transform.mapRect(self.boundingRect()).topLeft()
            painter.save()
            painter.resetTransform()
            painter.drawPixmap(QPointF(round(corner.x()), round(corner.y())), scaled[2])
            painter.restore()
            return
        self._view._ask_scaled(scale, rotation)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.drawPixmap(self.offset(), pixmap)
        painter.restore()


class ZoomMode(enum.Enum):
    """How the view scales the page when it is resized."""

    FIT_WIDTH = "fit_width"
    FIT_PAGE = "fit_page"
    MANUAL = "manual"


class PageView(QGraphicsView):
    """A page image that zooms (Ctrl + wheel, the zoom actions) and pans (drag, scroll bars)."""

    # The scale now shown (1.0 is one image pixel per screen pixel).
    zoom_changed = Signal(float)
    # The text of a word clicked on the page.
    word_clicked = Signal(str)
    # The key of a field whose box was clicked.
    field_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageView")
        self._scene = QGraphicsScene(self)
        self.setScene(self._scene)
        # Set by the window: scales pages on a worker thread, so that no paint scales a whole page.
        self.scaler: Scaler | None = None
        self._image: QImage | None = None
        self._scaling: tuple[float, int] | None = None
        self._scale_failed = False
        self._item = _PageItem(self)
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._scene.addItem(self._item)
        self._mode = ZoomMode.FIT_WIDTH
        self._zoom = 1.0
        self._rotation = 0
        self._field_items: dict[str, QGraphicsRectItem] = {}
        self._field_states: dict[str, str] = {}
        self._word_items: list[QGraphicsRectItem] = []
        self._current_field = ""
        self._press: QPoint | None = None
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

    @property
    def rotation(self) -> int:
        """Degrees the page is turned clockwise (0, 90, 180, 270)."""
        return self._rotation

    def set_image(self, image: QImage | None) -> None:
        """Show ``image`` (or nothing), keeping the current fitting mode; boxes are removed."""
        self.set_field_boxes({})
        self.set_words([])
        pixmap = QPixmap.fromImage(image) if image is not None and not image.isNull() else QPixmap()
        self._image = image if not pixmap.isNull() else None
        self._item.scaled = None
        self._scaling = None
        self._scale_failed = False
        self._item.setPixmap(pixmap)
        margin = 24.0
        rect = QRectF(pixmap.rect()).adjusted(-margin, -margin, margin, margin)
        self._scene.setSceneRect(rect)
        if self._mode is ZoomMode.MANUAL:
            self._apply_zoom(self._zoom)
        else:
            self._refit()
        self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())

    def _ask_scaled(self, scale: float, rotation: int) -> None:
        """Have the scaler make the page at ``scale`` (one request at a time; the latest wins)."""
        wanted = (scale, rotation)
        if self.scaler is None or self._image is None or self._scaling is not None:
            return
        image = self._image
        self._scaling = wanted

        def done(scaled: QImage | None) -> None:
            if image is not self._image:
                return  # another page is shown now
            self._scaling = None
            if scaled is None or scaled.isNull():
                self._scale_failed = True  # paint the slow way rather than ask again and again
                self._item.update()
                return
            pixmap = QPixmap.fromImage(scaled)
            pixmap.setDevicePixelRatio(self.devicePixelRatioF())
            self._item.scaled = (wanted[0], wanted[1], pixmap)
            self._item.update()  # paints the copy, or asks for one at the zoom shown now

        self.scaler(image, scale, rotation, done)

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802 - Qt override
        # A hairline around the sheet, so a white page stands out from the background.
        if self.has_image():
            painter.setPen(QPen(QColor("#b8bec7"), 0))
            painter.drawRect(self._item.boundingRect())

    # -- boxes
    def set_field_boxes(self, boxes: dict[str, tuple[tuple[int, int, int, int], str]]) -> None:
        """Draw one box per field: ``{key: ((x, y, w, h), state)}``, state ``flagged``/``accepted``."""
        for item in self._field_items.values():
            self._scene.removeItem(item)
        self._field_items = {}
        self._field_states = {}
        for key, (box, state) in boxes.items():
            item = QGraphicsRectItem(QRectF(*box), self._item)
            item.setData(BOX_KEY_ROLE, key)
            item.setData(BOX_KIND_ROLE, "field")
            item.setZValue(2)
            self._field_items[key] = item
            self._field_states[key] = state
            self._paint_field(key)

    def set_field_state(self, key: str, state: str) -> None:
        """Recolour one field's box (``flagged`` or ``accepted``)."""
        if key in self._field_items:
            self._field_states[key] = state
            self._paint_field(key)

    def field_state(self, key: str) -> str:
        """The state a field's box is drawn in (``""`` when it has no box); ``current`` wins."""
        if key not in self._field_items:
            return ""
        return "current" if key == self._current_field else self._field_states[key]

    def field_box(self, key: str) -> QRectF | None:
        """The box of a field in image pixels, if drawn."""
        item = self._field_items.get(key)
        return item.rect() if item is not None else None

    def set_current_field(self, key: str, *, scroll: bool = True) -> None:
        """Highlight the box of ``key`` (and bring it into view)."""
        previous, self._current_field = self._current_field, key
        if previous in self._field_items:
            self._paint_field(previous)
        item = self._field_items.get(key)
        if item is None:
            return
        self._paint_field(key)
        if scroll:
            self.ensureVisible(item.sceneBoundingRect(), 60, 80)

    def _paint_field(self, key: str) -> None:
        item = self._field_items[key]
        state = "current" if key == self._current_field else self._field_states[key]
        outline, alpha = BOX_COLOURS[state]
        pen = QPen(QColor(outline), 4 if state == "current" else 2.5)
        pen.setCosmetic(state == "current")
        item.setPen(pen)
        fill = QColor(outline)
        fill.setAlpha(alpha)
        item.setBrush(QBrush(fill))
        item.setZValue(3 if state == "current" else 2)

    def set_words(self, words: list[tuple[str, tuple[int, int, int, int]]]) -> None:
        """Draw the words read on the page (faint outlines); a click on one reports its text."""
        for item in self._word_items:
            self._scene.removeItem(item)
        self._word_items = []
        pen = QPen(QColor(WORD_COLOUR), 1, Qt.PenStyle.DotLine)
        pen.setCosmetic(True)
        for text, box in words:
            item = QGraphicsRectItem(QRectF(*box), self._item)
            item.setPen(pen)
            item.setData(BOX_KIND_ROLE, "word")
            item.setData(WORD_TEXT_ROLE, text)
            item.setToolTip(text)
            item.setZValue(1)
            self._word_items.append(item)

    @property
    def word_count(self) -> int:
        """How many words are drawn."""
        return len(self._word_items)

    def word_at(self, scene_point) -> str | None:  # noqa: ANN001 - QPointF
        """The text of the word under a point of the scene, if any."""
        for item in self._scene.items(scene_point):
            if item.data(BOX_KIND_ROLE) == "word":
                return item.data(WORD_TEXT_ROLE)
        return None

    def field_at(self, scene_point) -> str | None:  # noqa: ANN001 - QPointF
        """The key of the field box under a point of the scene, if any."""
        for item in self._scene.items(scene_point):
            if item.data(BOX_KIND_ROLE) == "field":
                return item.data(BOX_KEY_ROLE)
        return None

    def image_to_viewport(self, x: float, y: float) -> QPoint:
        """Where a point of the image shows in the viewport (for tests and tools)."""
        return self.mapFromScene(self._item.mapToScene(x, y))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        point = event.position().toPoint()
        if (point - press).manhattanLength() > CLICK_SLOP:
            return  # a pan
        scene_point = self.mapToScene(point)
        word = self.word_at(scene_point)
        if word:
            self.word_clicked.emit(word)
            return
        key = self.field_at(scene_point)
        if key:
            self.field_clicked.emit(key)

    # -- rotation
    def rotate_right(self) -> None:
        """Turn the page a quarter clockwise."""
        self.set_rotation(self._rotation + 90)

    def rotate_left(self) -> None:
        """Turn the page a quarter anticlockwise."""
        self.set_rotation(self._rotation - 90)

    def set_rotation(self, degrees: int) -> None:
        """Show the page turned by ``degrees`` (a multiple of 90) clockwise."""
        self._rotation = int(degrees) % 360
        if self._mode is ZoomMode.MANUAL:
            self._apply_zoom(self._zoom)
        else:
            self._refit()

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
        self.setTransform(QTransform().rotate(self._rotation).scale(self._zoom, self._zoom))
        self.zoom_changed.emit(self._zoom)

    def _refit(self) -> None:
        pixmap = self._item.pixmap()
        if pixmap.isNull():
            return
        available = self.viewport().size()
        margin = 48
        width, height = pixmap.width(), pixmap.height()
        if self._rotation in (90, 270):
            width, height = height, width
        width_scale = max(1, available.width() - margin) / width
        if self._mode is ZoomMode.FIT_WIDTH:
            self._apply_zoom(width_scale)
        else:
            height_scale = max(1, available.height() - margin) / height
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
        # The file name is clipped in a narrow panel rather than widening the window.
        self.details.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
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
        self.rotate_action = QAction(self)
        self.rotate_action.setShortcut(QKeySequence("Ctrl+R"))
        self.rotate_action.triggered.connect(self.view.rotate_right)
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
            self.rotate_action,
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

    def set_page_status(self, page_id: str, status: PageStatus) -> None:
        """Follow a change of the shown page's badge (read, checked, signed)."""
        if self._page is not None and self._page.id == page_id and self._page.status != status:
            self._page = replace(self._page, status=status)
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
        self.rotate_action.setText(QCoreApplication.translate("PageViewer", "Xoay trang"))
        self.rotate_action.setIconText("⟳")
        self.rotate_action.setToolTip(
            QCoreApplication.translate("PageViewer", "Xoay trang một góc vuông theo chiều kim đồng hồ (Ctrl+R)")
        )
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
