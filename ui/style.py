"""The look: Fusion, a light calm palette, a font with Vietnamese glyphs, a few rules of spacing."""

from __future__ import annotations

import logging

from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyleFactory

from inspector.resources import resource_path

log = logging.getLogger(__name__)

# Families with full Vietnamese coverage, preferred first (Linux, then Windows, then macOS).
FONT_FAMILIES = ("Noto Sans", "DejaVu Sans", "Segoe UI", "Arial", "Helvetica Neue")
FONT_POINT_SIZE = 10

ACCENT = "#1f5fa8"

STYLE_SHEET = """
QMainWindow, QDialog { background: #f6f7f9; }
QLabel#panelTitle { font-weight: 600; color: #2b3440; padding: 2px 2px; }
QLabel#emptyState { color: #5f6b7a; font-size: 11pt; }
QLabel#hint, QLabel#pageDetails { color: #5f6b7a; }
QLabel#zoomLabel { color: #5f6b7a; }
QLabel#statusBadge, QLabel#signatureBadge { border-radius: 9px; padding: 1px 9px; font-weight: 600; }
QLabel#startTitle { font-size: 20pt; font-weight: 600; color: #1d2733; }
QLabel#startSubtitle { font-size: 11pt; color: #5f6b7a; }
QFrame#startCard { background: #ffffff; border: 1px solid #dde1e6; border-radius: 10px; }
QFrame#pageFrame { background: #e4e7eb; border: 1px solid #d3d8de; border-radius: 4px; }
QTreeWidget#booksTree, QListView#pagesView, QListWidget#recentList {
    background: #ffffff; border: 1px solid #d3d8de; border-radius: 4px;
}
QTreeWidget#booksTree::item { padding: 4px 2px; }
QListWidget#recentList::item { padding: 6px 6px; }
QMessageBox QLabel#qt_msgbox_label, QMessageBox QLabel#qt_msgbox_informativelabel { min-width: 440px; }
QToolBar { spacing: 4px; padding: 3px 6px; border: none; border-bottom: 1px solid #dde1e6;
    background: #fbfbfc; }
QToolBar QToolButton { padding: 4px 8px; border-radius: 4px; }
QToolBar QToolButton:hover { background: #e8edf3; }
QWidget#pageViewer QToolButton { padding: 3px 8px; border-radius: 4px; border: 1px solid transparent; }
QWidget#pageViewer QToolButton:hover { background: #e8edf3; }
QWidget#pageViewer QToolButton:checked { background: #dde7f3; border-color: #c3d3e6; color: #163f70; }
QStatusBar { background: #fbfbfc; border-top: 1px solid #dde1e6; }
QStatusBar QLabel { color: #3c4450; padding: 0 6px; }
QPushButton#primary { background: ACCENT_COLOUR; color: white; border: 1px solid #184d89; border-radius: 4px;
    padding: 7px 16px; font-weight: 600; }
QPushButton#primary:hover { background: #2a6dba; }
QPushButton#secondary { padding: 7px 16px; }
QSplitter::handle { background: transparent; }
QFrame#fieldRow { border-left: 4px solid transparent; border-radius: 4px; }
QFrame#fieldRow[state="flagged"] { background: #fff4e6; border-left: 4px solid #e8590c; }
QFrame#fieldRow[state="current"] { background: #e7f0fb; border-left: 4px solid ACCENT_COLOUR; }
QFrame#fieldRow[state="current-flagged"] { background: #ffe8cc; border-left: 4px solid ACCENT_COLOUR; }
QFrame#fieldRow QLabel#fieldLabel { color: #2b3440; }
QFrame#fieldRow[state="flagged"] QLabel#fieldLabel, QFrame#fieldRow[state="current-flagged"] QLabel#fieldLabel {
    font-weight: 600; color: #8a3300; }
QLabel#fieldSnippet { background: #ffffff; border: 1px solid #dde1e6; border-radius: 3px; color: #9aa3ad; }
QTableView#registerTable { background: #ffffff; border: 1px solid #d3d8de; border-radius: 4px; }
""".replace("ACCENT_COLOUR", ACCENT)


def pick_font_family() -> str:
    """The first installed family of :data:`FONT_FAMILIES` (or Qt's default)."""
    installed = set(QFontDatabase.families())
    for family in FONT_FAMILIES:
        if family in installed:
            return family
    log.warning("No font with known Vietnamese coverage found; using the system default")
    return QApplication.font().family()


def apply_style(app: QApplication) -> None:
    """Fusion, a light palette, the Vietnamese-capable font and the style sheet."""
    style = QStyleFactory.create("Fusion")
    if style is not None:
        app.setStyle(style)
    palette = app.style().standardPalette()
    colours = {
        QPalette.ColorRole.Window: "#f6f7f9",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f3f5f7",
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Text: "#1d2733",
        QPalette.ColorRole.WindowText: "#1d2733",
        QPalette.ColorRole.ButtonText: "#1d2733",
    }
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for role, colour in colours.items():
            palette.setColor(group, role, QColor(colour))
    # Disabled actions must look disabled.
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#9aa3ad"))
    app.setPalette(palette)
    font = QFont(pick_font_family(), FONT_POINT_SIZE)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)


def icon(name: str, fallback: QStyle.StandardPixmap | None = None) -> QIcon:
    """The icon ``resources/icons/<name>.svg`` (or a standard Qt icon if the file is missing)."""
    path = resource_path("icons", f"{name}.svg")
    if path.is_file():
        return QIcon(str(path))
    log.warning("Icon %s missing", name)
    app = QApplication.instance()
    if fallback is not None and app is not None:
        return app.style().standardIcon(fallback)
    return QIcon()
