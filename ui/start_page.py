"""What the window shows before a workspace is open: open one, create one, or pick a recent one."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class StartPage(QWidget):
    """A centred card with the two ways in and the recent workspaces."""

    open_requested = Signal()
    create_requested = Signal()
    # The path of a recent workspace the officer picked.
    recent_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("startTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("startSubtitle")
        self.subtitle.setWordWrap(True)
        self.open_button = QPushButton()
        self.open_button.setObjectName("primary")
        self.open_button.clicked.connect(self.open_requested)
        self.create_button = QPushButton()
        self.create_button.setObjectName("secondary")
        self.create_button.clicked.connect(self.create_requested)
        self.recent_title = QLabel()
        self.recent_title.setObjectName("panelTitle")
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("recentList")
        self.recent_list.setCursor(Qt.CursorShape.PointingHandCursor)
        # One click opens (Enter too): a recent list is a list of links.
        self.recent_list.itemClicked.connect(self._chosen)
        self.recent_list.itemActivated.connect(self._chosen)

        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.create_button)
        buttons.addStretch(1)
        card = QFrame()
        card.setObjectName("startCard")
        card.setMaximumWidth(640)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(36, 32, 36, 32)
        inner.setSpacing(14)
        inner.addWidget(self.title)
        inner.addWidget(self.subtitle)
        inner.addSpacing(6)
        inner.addLayout(buttons)
        inner.addSpacing(10)
        inner.addWidget(self.recent_title)
        inner.addWidget(self.recent_list)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.set_recent(())
        self.retranslate()

    def set_recent(self, paths: tuple[str, ...] | list[str]) -> None:
        """List the recent workspaces (not checked here: the GUI thread does not touch the disk)."""
        self.recent_list.clear()
        for path in paths:
            item = QListWidgetItem(str(path))
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.recent_list.addItem(item)
        rows = self.recent_list.count()
        row_height = self.recent_list.sizeHintForRow(0) if rows else 0
        self.recent_list.setFixedHeight(min(6, max(rows, 1)) * max(row_height, 24) + 6)
        visible = rows > 0
        self.recent_list.setVisible(visible)
        self.recent_title.setVisible(visible)

    def _chosen(self, item: QListWidgetItem) -> None:
        self.recent_chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    def retranslate(self) -> None:
        """Set every text in the interface language."""
        self.title.setText(QCoreApplication.translate("StartPage", "Số hoá sổ hộ tịch"))
        self.subtitle.setText(
            QCoreApplication.translate(
                "StartPage",
                "Mở thư mục làm việc của xã/phường để tiếp tục, hoặc tạo một thư mục mới để bắt đầu số hoá.",
            )
        )
        self.open_button.setText(QCoreApplication.translate("StartPage", "Mở thư mục làm việc…"))
        self.create_button.setText(QCoreApplication.translate("StartPage", "Tạo thư mục làm việc mới…"))
        self.recent_title.setText(QCoreApplication.translate("StartPage", "Mở gần đây"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
