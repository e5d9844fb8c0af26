"""The main window: books and pages on the left, the selected page on the right; the verification
view and the register book view in tabs beside them; the workspace search in the toolbar.

Every read and write of the workspace runs on the :class:`~ui.worker.TaskRunner`;
the window only reacts to results. Outcomes that arrive for a workspace, a
book or a page that is no longer the current one are dropped (each has a
generation number), so a slow answer never overwrites a newer choice.
"""

from __future__ import annotations

import getpass
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from inspector import __version__
from inspector.domain import (
    AuditEntry,
    Book,
    DocumentType,
    Page,
    PageStatus,
    Record,
    RecordStatus,
    WorkspaceInfo,
)
from inspector.errors import MissingDependencyError, WorkspaceLockedError
from inspector.importing import ImportSummary, import_and_recognize, import_files, recognize_unread_pages
from inspector.settings import Settings, load_settings, save_settings
from ocr.acquire import SUPPORTED_SUFFIXES
from storage.signing import TrustStore
from storage.workspace import WorkspaceStore
from ui.book_view import BookView, SearchResults
from ui.dialogs import (
    CreateWorkspaceDialog,
    NewBookDialog,
    SettingsDialog,
    ShortcutsDialog,
    UnlockDialog,
    show_export_summary,
    show_import_summary,
)
from ui.errors import error_message, log_error, show_error
from ui.i18n import LANGUAGES, LanguageSwitcher, books_count, pages_count, records_count
from ui.images import decode_page, decode_thumbnail
from ui.navigator import BooksPanel, PageListModel, PagesPanel
from ui.page_view import PageViewer, runner_scaler
from ui.signing import (
    RecordHistoryDialog,
    SigningKey,
    SigningOutcome,
    SignKeyDialog,
    default_trust,
    history_rows,
    show_signing_summary,
    sign_and_check,
)
from ui.start_page import StartPage
from ui.style import icon
from ui.verify_view import VerificationView, Words, ocr_words
from ui.worker import QtProgress, TaskRunner

log = logging.getLogger(__name__)


class ImportProgressBar(QWidget):
    """The import's progress in the status bar, with a Cancel button that stops it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._progress: QtProgress | None = None
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setFixedWidth(220)
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelImport")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._message = ""
        self._reading = False
        self._total_hint = self._stored = self._read = 0
        self.hide()
        self.retranslate()

    def start(self, progress: QtProgress, *, reading: bool = False) -> None:
        """Follow ``progress`` until :meth:`finish`; ``reading``: pages are read as well as stored."""
        self._progress = progress
        self._message = ""
        self._reading = reading
        self._total_hint = self._stored = self._read = 0
        progress.progressed.connect(self.set_progress)
        self.bar.setRange(0, 0)
        self.bar.setFormat("")
        self.cancel_button.setEnabled(True)
        self.retranslate()
        self.show()

    def set_progress(self, done: int, total: int, message: str) -> None:
        """Show ``done`` of ``total`` (busy when ``total`` is unknown)."""
        self._message = message
        if self._reading:
            # The core counts files (or, reading a book again, pages) as it feeds them; the bar
            # counts pages read, out of at least that many.
            self._total_hint = max(self._total_hint, total)
            self._show_reading()
        elif total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            self.bar.setFormat(f"{done}/{total}")
        self.retranslate()

    def page_stored(self) -> None:
        """Count a page stored (it will be read next)."""
        self._stored += 1
        if self._reading:
            self._show_reading()
            self.retranslate()

    def page_read(self) -> None:
        """Count a page read."""
        self._read += 1
        if self._reading:
            self._show_reading()
            self.retranslate()

    @property
    def reading_total(self) -> int:
        """Pages to read as far as known: files announced, pages stored, pages already read."""
        return max(self._total_hint, self._stored, self._read)

    def _show_reading(self) -> None:
        total = self.reading_total
        if total <= 0:
            return
        self.bar.setRange(0, total)
        self.bar.setValue(min(self._read, total))
        self.bar.setFormat(f"{min(self._read, total)}/{total}")

    def cancel(self) -> None:
        """Ask the import to stop after the page in hand."""
        if self._progress is not None:
            self._progress.cancel()
            self.cancel_button.setEnabled(False)
            self.retranslate()

    def finish(self) -> None:
        """Hide: the import ended."""
        self._progress = None
        self.hide()

    def retranslate(self) -> None:
        """Set every text in the interface language."""
        self.cancel_button.setText(QCoreApplication.translate("ImportProgress", "Huỷ"))
        if self._progress is not None and self._progress.cancelled:
            self.label.setText(QCoreApplication.translate("ImportProgress", "Đang huỷ…"))
        elif self._reading and self.reading_total > 0:
            total = self.reading_total
            self.label.setText(
                QCoreApplication.translate("ImportProgress", "Đang đọc trang {n}/{total}").format(
                    n=min(self._read + 1, total), total=total
                )
            )
        elif self._message:
            self.label.setText(
                QCoreApplication.translate("ImportProgress", "Đang nhập {name}…").format(name=self._message)
            )
        else:
            self.label.setText(QCoreApplication.translate("ImportProgress", "Đang nhập…"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def workspace_status(store: WorkspaceStore) -> tuple[int, int, object]:
    """Records waiting for a signature, records waiting for sync, and the time of the last sync (or None)."""
    records = store.records()
    to_sign = sum(1 for r in records if r.status is RecordStatus.VERIFIED)
    to_sync = sum(1 for r in records if r.status is RecordStatus.SIGNED)
    synced = [e.at for e in store.audit_entries() if e.action.startswith("sync")]
    return to_sign, to_sync, max(synced) if synced else None


def search_workspace(store: WorkspaceStore, query: str) -> list[tuple[Record, Book | None]]:
    """Records matching ``query`` (diacritics ignored) with their books."""
    books = {b.id: b for b in store.books()}
    return [(record, books.get(record.book_id)) for record in store.search_records(query)]


# What the opening worker answers when the workspace is encrypted and no passphrase was given yet.
_NEEDS_PASSPHRASE = object()


def open_store(path: Path, passphrase: str | None) -> tuple[WorkspaceStore, WorkspaceInfo, list[Book]]:
    """Open a workspace (deriving its key from ``passphrase`` when encrypted) and read its books (on a worker)."""
    store = WorkspaceStore.open(path, passphrase=passphrase)
    try:
        return store, store.info(), store.books()
    except BaseException:
        store.close()
        raise


def verified_record_ids(store: WorkspaceStore, book_id: str) -> list[str]:
    """The book's records waiting for a signature (verified), in book order."""
    return [r.id for r in store.records(book_id) if r.status is RecordStatus.VERIFIED]


def choose_record(records: list[Record], page_id: str) -> str:
    """The record to check first: a draft on ``page_id``, else any draft, else the first on the page or book."""
    on_page = [r for r in records if page_id and page_id in r.page_ids]
    for group in (on_page, records):
        for record in group:
            if record.status is RecordStatus.DRAFT:
                return record.id
    return (on_page or records)[0].id if (on_page or records) else ""


@dataclass(frozen=True)
class PageRead:
    """One page read during an import, handed from the worker to the window."""

    page_id: str
    records: tuple[Record, ...]
    failed: bool = False


@dataclass(frozen=True)
class ImportOutcome:
    """An import (or a reading of a book's unread pages) as the window reports it."""

    summary: ImportSummary
    recognised: bool
    reread: bool = False
    #: Why no page was read at all (the OCR engine is missing), for the officer and for logs.
    not_read_vi: str = ""
    not_read_en: str = ""


def _on_read(progress: QtProgress) -> Callable[[object, list[Record]], None]:
    def on_read(result, records: list[Record]) -> None:  # noqa: ANN001 - inspector.recognition.PageResult
        progress.report_item(PageRead(result.tag or "", tuple(records), result.error is not None))

    return on_read


def import_and_read(store: WorkspaceStore, book: Book, paths: list[str], *, actor: str, recursive: bool,
                    progress: QtProgress, jobs: int | None, recognise: bool = True) -> ImportOutcome:
    """Store the pages of ``paths`` in ``book`` and read each into draft records (on the worker).

    Pages and readings are handed to the GUI thread one by one through ``progress``
    (a :class:`~inspector.domain.Page` once stored, a :class:`PageRead` once read).
    Without Tesseract the pages are still stored, and the outcome says why none was read.
    """
    if recognise:
        try:
            summary = import_and_recognize(
                store, book, paths, actor=actor, recursive=recursive, progress=progress,
                on_page=progress.report_item, on_read=_on_read(progress), jobs=jobs,
            )
            return ImportOutcome(summary, True)
        except MissingDependencyError as exc:
            log.warning("Importing without reading: %s", exc.message_en)
            summary = import_files(store, book, paths, actor=actor, recursive=recursive, progress=progress,
                                   on_page=progress.report_item)
            return ImportOutcome(summary, False, not_read_vi=exc.message_vi, not_read_en=exc.message_en)
    summary = import_files(store, book, paths, actor=actor, recursive=recursive, progress=progress,
                           on_page=progress.report_item)
    return ImportOutcome(summary, False)


def read_unread(store: WorkspaceStore, book: Book, *, actor: str, progress: QtProgress,
                jobs: int | None) -> ImportOutcome:
    """Read the pages of ``book`` stored but never read (on the worker)."""
    summary = recognize_unread_pages(store, book, actor=actor, progress=progress, on_read=_on_read(progress),
                                     jobs=jobs)
    return ImportOutcome(summary, True, reread=True)


#: Export formats in menu order, with the file suffix each is saved under.
EXPORT_SUFFIXES = {"csv": ".csv", "json": ".json", "xml": ".xml", "pdfa": ".pdf", "moj": ".zip"}


@dataclass(frozen=True)
class ExportOutcome:
    """An export written: format, file, records (pages for PDF/A), pages that got no text layer."""

    fmt: str
    path: str
    count: int
    pages_without_text: tuple[int, ...] = ()


def export_to(store: WorkspaceStore, book: Book, fmt: str, out: Path, *, actor: str, progress: QtProgress,
              jobs: int | None) -> ExportOutcome:
    """Write ``book`` as ``fmt`` to ``out`` (on the worker)."""
    from inspector.exports import export_book, export_pdfa

    if fmt == "pdfa":
        result = export_pdfa(store, book, out, actor=actor, jobs=jobs, progress=progress)
        return ExportOutcome(fmt, str(out), result.pages, tuple(result.pages_without_text))
    return ExportOutcome(fmt, str(out), export_book(store, book, fmt, out, actor=actor, progress=progress))


class MainWindow(QMainWindow):
    """The desktop app's window on one workspace (or its start page when none is open)."""

    workspace_opened = Signal(object)  # WorkspaceInfo
    books_loaded = Signal()
    pages_loaded = Signal(str)  # book id
    page_shown = Signal(str)  # page id
    import_finished = Signal(object)  # ImportSummary
    # Every exception shown to the officer (after it is shown); for tests and the screenshot mode.
    error_presented = Signal(object)
    book_view_loaded = Signal(str)  # book id
    search_finished = Signal(object)  # list of (Record, Book)
    status_updated = Signal()
    passphrase_requested = Signal(object)  # the UnlockDialog now open
    sign_key_requested = Signal(object)  # the SignKeyDialog now open
    signing_finished = Signal(object)  # SigningOutcome
    history_shown = Signal(object)  # the RecordHistoryDialog now open
    # A page read during an import (PageRead), after the navigator showed it.
    page_read = Signal(object)
    export_finished = Signal(object)  # ExportOutcome

    def __init__(
        self,
        runner: TaskRunner,
        languages: LanguageSwitcher,
        settings: Settings | None = None,
        *,
        persist_settings: bool = True,
        words_provider: Callable[[bytes], Words] | None = ocr_words,
        trust: Callable[[], TrustStore] = default_trust,
        recognise: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        #: Whether imported pages are read into draft records (off only in tests of storing alone).
        self.recognise = recognise
        self._import_reading = False
        self._import_reread = False
        self._export: QtProgress | None = None
        self._last_export_folder = ""
        self.setObjectName("mainWindow")
        self.trust = trust
        self._signing: QtProgress | None = None
        self.runner = runner
        if runner.default_error is None:
            runner.default_error = self.present_error
        self.languages = languages
        self.settings = settings or load_settings()
        self.persist_settings = persist_settings
        self.store: WorkspaceStore | None = None
        self.info: WorkspaceInfo | None = None
        self._books: list[Book] = []
        self._book_id = ""
        self._page_id = ""
        self._workspace_generation = 0
        self._book_generation = 0
        self._page_generation = 0
        self._import: QtProgress | None = None
        self._import_book: Book | None = None
        self._opening = False

        self.page_model = PageListModel(self._load_thumbnail, self)
        self.books_panel = BooksPanel()
        self.pages_panel = PagesPanel(self.page_model)
        self.page_viewer = PageViewer()
        self.page_viewer.view.scaler = runner_scaler(runner)
        self.start_page = StartPage()
        self.import_bar = ImportProgressBar()
        self.verify_view = VerificationView(
            runner, actor=lambda: self.actor, words_provider=words_provider, trust=trust
        )
        self.book_view = BookView()
        self.search_results: SearchResults | None = None
        self._status: tuple[int, int, object] | None = None
        self._status_generation = 0
        self._build_layout()
        self._build_actions()
        self._build_menus_and_toolbar()
        self._build_status_bar()

        self.books_panel.book_selected.connect(self._book_selected)
        self.pages_panel.page_selected.connect(self._page_selected)
        self.start_page.open_requested.connect(self.choose_workspace)
        self.start_page.create_requested.connect(self.show_create_workspace_dialog)
        self.start_page.recent_chosen.connect(self.open_workspace)
        self.verify_view.error.connect(self.present_error)
        self.verify_view.message.connect(self._show_message)
        self.verify_view.record_saved.connect(self._record_saved)
        self.verify_view.sign_requested.connect(lambda record_id: self.sign_records([record_id]))
        self.verify_view.history_requested.connect(self.show_record_history)
        self.book_view.record_activated.connect(self.open_record)
        self.start_page.set_recent(self.settings.recent_workspaces)
        self.languages.changed.connect(self._language_changed)
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        self._update_actions()
        self.retranslate()

    # ------------------------------------------------------------------ building
    def _build_layout(self) -> None:
        left = QSplitter(Qt.Orientation.Vertical)
        left.setChildrenCollapsible(False)
        left.addWidget(self.books_panel)
        left.addWidget(self.pages_panel)
        left.setStretchFactor(0, 2)
        left.setStretchFactor(1, 5)
        left.setSizes([260, 560])
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.page_viewer)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([470, 970])
        self.splitter.setHandleWidth(10)
        self.pages_tab = QWidget()
        pages_layout = QVBoxLayout(self.pages_tab)
        pages_layout.setContentsMargins(0, 8, 0, 0)
        pages_layout.addWidget(self.splitter)
        self.verify_tab = QWidget()
        verify_layout = QVBoxLayout(self.verify_tab)
        verify_layout.setContentsMargins(0, 8, 0, 0)
        verify_layout.addWidget(self.verify_view)
        self.book_tab = QWidget()
        book_layout = QVBoxLayout(self.book_tab)
        book_layout.setContentsMargins(0, 8, 0, 0)
        book_layout.addWidget(self.book_view)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("viewTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.pages_tab, "")
        self.tabs.addTab(self.verify_tab, "")
        self.tabs.addTab(self.book_tab, "")
        self.tabs.currentChanged.connect(self._tab_changed)
        workspace_page = QWidget()
        layout = QVBoxLayout(workspace_page)
        layout.setContentsMargins(10, 4, 10, 8)
        layout.addWidget(self.tabs)
        self.workspace_page = workspace_page
        self.pages = QStackedWidget()
        self.pages.addWidget(self.start_page)
        self.pages.addWidget(workspace_page)
        self.setCentralWidget(self.pages)

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.open_action = QAction(icon("folder-open", sp.SP_DirOpenIcon), "", self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.choose_workspace)
        self.create_action = QAction(icon("folder-new", sp.SP_FileDialogNewFolder), "", self)
        self.create_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.create_action.triggered.connect(self.show_create_workspace_dialog)
        self.new_book_action = QAction(icon("book-new", sp.SP_FileDialogDetailedView), "", self)
        self.new_book_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_book_action.triggered.connect(self.show_new_book_dialog)
        self.import_action = QAction(icon("import-files", sp.SP_ArrowDown), "", self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.choose_files_to_import)
        self.import_folder_action = QAction(icon("import-folder", sp.SP_DirIcon), "", self)
        self.import_folder_action.triggered.connect(self.choose_folder_to_import)
        self.read_unread_action = QAction(self.style().standardIcon(sp.SP_BrowserReload), "", self)
        self.read_unread_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.read_unread_action.triggered.connect(lambda: self.read_unread_pages())
        self.export_actions: dict[str, QAction] = {}
        for fmt in EXPORT_SUFFIXES:
            action = QAction(self)
            action.setObjectName(f"export_{fmt}")
            action.triggered.connect(lambda _checked=False, f=fmt: self.choose_export_file(f))
            self.export_actions[fmt] = action
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.show_about)
        self.pages_view_action = QAction(self)
        self.pages_view_action.setShortcut(QKeySequence("Alt+1"))
        self.pages_view_action.triggered.connect(lambda: self.tabs.setCurrentWidget(self.pages_tab))
        self.verify_view_action = QAction(self)
        self.verify_view_action.setShortcut(QKeySequence("Alt+2"))
        self.verify_view_action.triggered.connect(self.show_verification)
        self.book_view_action = QAction(self)
        self.book_view_action.setShortcut(QKeySequence("Alt+3"))
        self.book_view_action.triggered.connect(self.show_book_view)
        self.search_action = QAction(self)
        self.search_action.setShortcut(QKeySequence.StandardKey.Find)
        self.search_action.triggered.connect(self._focus_search)
        self.settings_action = QAction(self)
        self.settings_action.setShortcuts([QKeySequence("Ctrl+,"), QKeySequence.StandardKey.Preferences])
        self.settings_action.triggered.connect(self.show_settings_dialog)
        self.shortcuts_action = QAction(self)
        self.shortcuts_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.sign_record_action = QAction(self.style().standardIcon(sp.SP_DialogApplyButton), "", self)
        self.sign_record_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.sign_record_action.triggered.connect(self.sign_current_record)
        self.sign_book_action = QAction(self.style().standardIcon(sp.SP_DialogApplyButton), "", self)
        self.sign_book_action.triggered.connect(lambda: self.sign_book())
        self.history_action = QAction(self)
        self.history_action.setShortcut(QKeySequence("Ctrl+H"))
        self.history_action.triggered.connect(lambda: self.show_record_history())
        for action in (self.pages_view_action, self.verify_view_action, self.book_view_action, self.search_action,
                       self.settings_action, self.shortcuts_action, self.sign_record_action, self.history_action):
            self.addAction(action)
        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            action = QAction(name, self)  # each language in its own name, never translated
            action.setCheckable(True)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            self.language_group.addAction(action)
            self.language_actions[code] = action

    def _build_menus_and_toolbar(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self.open_action)
        self.file_menu.addAction(self.create_action)
        self.recent_menu = self.file_menu.addMenu("")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.book_menu = bar.addMenu("")
        self.book_menu.addAction(self.new_book_action)
        self.book_menu.addSeparator()
        self.book_menu.addAction(self.import_action)
        self.book_menu.addAction(self.import_folder_action)
        self.book_menu.addAction(self.read_unread_action)
        self.book_menu.addSeparator()
        self.export_menu = self.book_menu.addMenu("")
        self.export_menu.setObjectName("exportMenu")
        for action in self.export_actions.values():
            self.export_menu.addAction(action)
        self.book_view.set_export_actions(list(self.export_actions.values()))
        self.book_menu.addSeparator()
        self.book_menu.addAction(self.sign_record_action)
        self.book_menu.addAction(self.sign_book_action)
        self.book_menu.addAction(self.history_action)
        self.view_menu = bar.addMenu("")
        for action in (self.pages_view_action, self.verify_view_action, self.book_view_action, self.search_action):
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()
        for action in self.page_viewer.zoom_actions():
            self.view_menu.addAction(action)
        # The one menu title in both languages: findable whichever language is on.
        self.language_menu = bar.addMenu("Ngôn ngữ / Language")
        for action in self.language_actions.values():
            self.language_menu.addAction(action)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.shortcuts_action)
        self.help_menu.addAction(self.about_action)

        self.toolbar = QToolBar()
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(18, 18))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addAction(self.open_action)
        self.toolbar.addAction(self.create_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.new_book_action)
        self.toolbar.addAction(self.import_action)
        self.toolbar.addAction(self.import_folder_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.sign_book_action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchBox")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setFixedWidth(320)
        self.search_box.returnPressed.connect(lambda: self.search(self.search_box.text()))
        self.toolbar.addWidget(self.search_box)
        self.language_button = QToolButton()
        self.language_button.setObjectName("languageButton")
        self.language_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.language_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.language_button.setIcon(icon("language"))
        language_popup = QMenu(self.language_button)
        for action in self.language_actions.values():
            language_popup.addAction(action)
        self.language_button.setMenu(language_popup)
        self.toolbar.addWidget(self.language_button)
        self.addToolBar(self.toolbar)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setSizeGripEnabled(False)
        self.workspace_label = QLabel()
        self.workspace_label.setObjectName("workspaceLabel")
        self.workspace_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("countsLabel")
        self.signature_label = QLabel()
        self.signature_label.setObjectName("signatureLabel")
        self.sync_label = QLabel()
        self.sync_label.setObjectName("syncLabel")
        status.addWidget(self.workspace_label, 1)
        status.addPermanentWidget(self.import_bar)
        status.addPermanentWidget(self.counts_label)
        status.addPermanentWidget(self.signature_label)
        status.addPermanentWidget(self.sync_label)

    # ------------------------------------------------------------------ errors
    def present_error(self, exc: BaseException) -> QMessageBox:
        """Show ``exc`` through the one presenter and tell listeners it was shown."""
        box = show_error(self, exc)
        self.error_presented.emit(exc)
        return box

    # ------------------------------------------------------------------ workspace
    @property
    def actor(self) -> str:
        """The name written in the audit log for what the officer does here."""
        if self.settings.officer_name:
            return self.settings.officer_name
        try:
            return getpass.getuser()
        except (OSError, KeyError):
            return "officer"

    def choose_workspace(self) -> None:
        """Ask for a workspace folder and open it."""
        folder = QFileDialog.getExistingDirectory(
            self,
            QCoreApplication.translate("MainWindow", "Mở thư mục làm việc"),
            self.settings.last_workspace or str(Path.home()),
        )
        if folder:
            self.open_workspace(folder)

    def show_create_workspace_dialog(self) -> CreateWorkspaceDialog:
        """Open the dialog that creates a workspace (not blocking); return it."""
        dialog = CreateWorkspaceDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            value = dialog.value()
            self.create_workspace(value.path, value.commune, passphrase=value.passphrase)

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def open_workspace(self, path: str | Path, *, quiet: bool = False, passphrase: str | None = None) -> None:
        """Open the workspace at ``path`` in the background; the window follows when it is ready.

        An encrypted workspace opened without ``passphrase`` asks for it (:meth:`ask_passphrase`).
        ``quiet`` (reopening the last workspace at start): a failure only leaves
        the start page with a note in the status bar, no dialog.
        """
        if self._opening:
            return  # one workspace at a time (a double click on a recent one)
        path = Path(path)
        self._show_message(QCoreApplication.translate("MainWindow", "Đang mở thư mục làm việc…"))

        def work() -> object:
            if passphrase is None and WorkspaceStore.is_encrypted(path):
                return _NEEDS_PASSPHRASE
            return open_store(path, passphrase)

        def done(result: object) -> None:
            if result is _NEEDS_PASSPHRASE:
                self._opening = False
                self._update_actions()
                self.ask_passphrase(path)
            else:
                self._workspace_ready(result)

        def failed(exc: BaseException) -> None:
            if not quiet:
                self._workspace_failed(exc)
                return
            log.info("Last workspace not reopened: %s", type(exc).__name__)
            self._opening = False
            self._update_actions()
            self._show_message(
                QCoreApplication.translate("MainWindow", "Không mở lại được thư mục làm việc lần trước.")
            )

        self._opening = True
        self._update_actions()
        self.runner.submit(work, on_result=done, on_error=failed)

    def ask_passphrase(self, path: str | Path) -> UnlockDialog:
        """Ask for the passphrase of the encrypted workspace at ``path`` until it opens (or the officer cancels).

        Each passphrase is tried on the worker (deriving the key takes a moment); a wrong one
        is said in the dialog, which asks again. The passphrase is never stored.
        """
        path = Path(path)
        dialog = UnlockDialog(path, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def entered(passphrase: str) -> None:
            self._opening = True
            self._update_actions()

            def ready(result: tuple[WorkspaceStore, WorkspaceInfo, list[Book]]) -> None:
                dialog.done(QDialog.DialogCode.Accepted)
                self._workspace_ready(result)

            def failed(exc: BaseException) -> None:
                if isinstance(exc, WorkspaceLockedError):
                    self._opening = False
                    self._update_actions()
                    log_error(exc)
                    dialog.show_problem(error_message(exc).text)
                    return
                dialog.done(QDialog.DialogCode.Rejected)
                self._workspace_failed(exc)

            self.runner.submit(open_store, path, passphrase, on_result=ready, on_error=failed)

        dialog.passphrase_entered.connect(entered)
        dialog.rejected.connect(lambda: self._show_message(""))
        dialog.open()
        self.passphrase_requested.emit(dialog)
        return dialog

    def create_workspace(self, path: str | Path, commune: str = "", *, passphrase: str | None = None) -> None:
        """Create a workspace at ``path`` (an empty folder) in the background, then open it.

        With ``passphrase`` the workspace is encrypted at rest (the passphrase is not kept).
        """
        path = Path(path)
        actor = self.actor

        def work() -> tuple[WorkspaceStore, WorkspaceInfo, list[Book]]:
            store = WorkspaceStore.create(path, commune=commune, actor=actor, passphrase=passphrase)
            return store, store.info(), store.books()

        self._opening = True
        self._update_actions()
        self.runner.submit(work, on_result=self._workspace_ready, on_error=self._workspace_failed)

    def _workspace_ready(self, result: tuple[WorkspaceStore, WorkspaceInfo, list[Book]]) -> None:
        store, info, books = result
        self._opening = False
        old = self.store
        if old is not None:
            self.runner.submit(old.close)
        self._workspace_generation += 1
        self._book_generation += 1
        self._page_generation += 1
        self.store = store
        self.info = info
        self._book_id = ""
        self._page_id = ""
        self.page_model.clear()
        self.page_viewer.clear()
        self.verify_view.set_store(store)
        self.book_view.set_book(None, [])
        self._status = None
        self.refresh_status()
        self.settings = self.settings.with_recent(info.path)
        self.start_page.set_recent(self.settings.recent_workspaces)
        if self.persist_settings:
            self.runner.submit(save_settings, self.settings)
        self.pages.setCurrentWidget(self.workspace_page)
        self._show_message("")
        self._set_books(books)
        self._update_actions()
        self.retranslate()
        self.workspace_opened.emit(info)

    def _workspace_failed(self, exc: BaseException) -> None:
        self._opening = False
        self._update_actions()
        self._show_message("")
        self.present_error(exc)

    def reload_books(self, select_id: str | None = None) -> None:
        """Read the books (and their counts) again."""
        store, generation = self.store, self._workspace_generation
        if store is None:
            return

        def done(books: list[Book]) -> None:
            if generation == self._workspace_generation:
                self._set_books(books, select_id, reload_pages=True)

        self.runner.submit(store.books, on_result=done, on_error=self._stale_aware_error(generation))

    def _set_books(
        self, books: list[Book], select_id: str | None = None, *, reload_pages: bool = False
    ) -> None:
        self._books = list(books)
        if reload_pages:
            self._book_id = ""  # the selection signal below then reloads the pages
        self.books_panel.set_books(books, select_id)
        self._update_status()
        self.books_loaded.emit()

    def _stale_aware_error(self, generation: int):  # noqa: ANN202
        def handler(exc: BaseException) -> None:
            if generation == self._workspace_generation:
                self.present_error(exc)
            else:
                log.info("Dropped an error of a workspace no longer open: %s", type(exc).__name__)

        return handler

    # ------------------------------------------------------------------ books
    def current_book(self) -> Book | None:
        """The selected book."""
        return self.books_panel.selected_book()

    def show_new_book_dialog(self) -> NewBookDialog | None:
        """Open the new-book dialog (not blocking); return it."""
        if self.store is None:
            return None
        dialog = NewBookDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        current = self.current_book()
        if current is not None:
            dialog.set_document_type(current.document_type)

        def accepted() -> None:
            value = dialog.value()
            self.create_book(value.document_type, value.number, value.year)

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def create_book(self, document_type: DocumentType, number: str, year: int | None) -> None:
        """Add a book to the workspace in the background, then select it."""
        store, generation, actor = self.store, self._workspace_generation, self.actor
        if store is None:
            return

        def done(book: Book) -> None:
            if generation == self._workspace_generation:
                self.reload_books(select_id=book.id)

        self.runner.submit(
            store.add_book,
            document_type,
            number,
            year=year,
            actor=actor,
            on_result=done,
            on_error=self._stale_aware_error(generation),
        )

    def _book_selected(self, book_id: str) -> None:
        book = next((b for b in self._books if b.id == book_id), None)
        self.pages_panel.set_book(book)
        self._update_actions()
        if book_id == self._book_id:
            return
        self._book_id = book_id
        self._book_generation += 1
        if not book_id or self.store is None:
            self.page_model.clear()
            self.page_viewer.clear()
            self._page_id = ""
            return
        store, generation = self.store, self._book_generation

        def done(pages: list[Page]) -> None:
            if generation != self._book_generation:
                return
            keep = self._page_id
            self.page_model.set_pages(pages)
            if not pages:
                self._page_id = ""
                self.page_viewer.clear()
            else:
                self.pages_panel.select_page(keep if self.page_model.row_of(keep) >= 0 else pages[0].id)
            self.pages_loaded.emit(book_id)

        self.runner.submit(
            store.pages, book_id, on_result=done, on_error=self._stale_aware_error(self._workspace_generation)
        )

    # ------------------------------------------------------------------ pages
    def _load_thumbnail(self, page: Page) -> None:
        store, generation = self.store, self._book_generation
        if store is None:
            return

        def work():  # noqa: ANN202
            if generation != self._book_generation:
                return None  # the officer moved on to another book: skip the decoding
            return decode_thumbnail(store.page_image(page))

        def failed(exc: BaseException) -> None:
            # The page view reports a broken image when it is opened; a thumbnail only logs.
            log.warning("Thumbnail of page %s failed: %s", page.id, type(exc).__name__)
            self.page_model.thumbnail_failed(page.image_sha256)

        self.runner.submit(
            work,
            on_result=lambda image: self.page_model.set_thumbnail(page.image_sha256, image),
            on_error=failed,
            background=True,
        )

    def _page_selected(self, page_id: str) -> None:
        if page_id == self._page_id and self.page_viewer.page is not None:
            return
        self._page_id = page_id
        self._page_generation += 1
        page = next((p for p in self.page_model.pages if p.id == page_id), None)
        if page is None or self.store is None:
            self.page_viewer.clear()
            return
        self.page_viewer.show_loading(page)
        store, generation = self.store, self._page_generation

        def done(image) -> None:  # noqa: ANN001 - QImage
            if generation == self._page_generation:
                self.page_viewer.show_page(page, image)
                self.page_shown.emit(page.id)

        def failed(exc: BaseException) -> None:
            if generation == self._page_generation:
                self.page_viewer.clear()
                self.present_error(exc)

        self.runner.submit(lambda: decode_page(store.page_image(page)), on_result=done, on_error=failed)

    # ------------------------------------------------------------------ records
    def show_verification(self) -> None:
        """Switch to the verification view; with no record shown yet, open the one to check first."""
        self.tabs.setCurrentWidget(self.verify_tab)
        if self.verify_view.record is not None or self.store is None:
            return
        book = self.current_book()
        if book is None:
            return
        store, generation, page_id = self.store, self._workspace_generation, self._page_id

        def done(records: list[Record]) -> None:
            if generation != self._workspace_generation or self.verify_view.record is not None:
                return
            record_id = choose_record(records, page_id)
            if record_id:
                self.verify_view.open_record(record_id)

        self.runner.submit(store.records, book.id, on_result=done, on_error=self._stale_aware_error(generation))

    def open_record(self, record_id: str) -> None:
        """Open a record in the verification view."""
        self.tabs.setCurrentWidget(self.verify_tab)
        self.verify_view.open_record(record_id)

    # ------------------------------------------------------------------ signing
    def sign_current_record(self) -> None:
        """Sign the record shown in the verification view (it must be verified)."""
        record = self.verify_view.record
        if record is None:
            self._show_message(QCoreApplication.translate("MainWindow", "Hãy mở một bản ghi để ký."))
            return
        self.sign_records([record.id])

    def sign_book(self, book_id: str | None = None) -> None:
        """Sign every verified record of a book (default: the selected one), with one PIN entry."""
        book = next((b for b in self._books if b.id == book_id), None) if book_id else self.current_book()
        store, generation = self.store, self._workspace_generation
        if book is None or store is None:
            return

        def done(ids: list[str]) -> None:
            if generation != self._workspace_generation:
                return
            if not ids:
                box = QMessageBox(
                    QMessageBox.Icon.Information,
                    QCoreApplication.translate("MainWindow", "Ký cả quyển"),
                    QCoreApplication.translate(
                        "MainWindow", "Quyển {number} chưa có bản ghi đã kiểm tra nào để ký."
                    ).format(number=book.number),
                    QMessageBox.StandardButton.Ok,
                    self,
                )
                box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                box.open()
                return
            self.sign_records(ids)

        self.runner.submit(verified_record_ids, store, book.id, on_result=done,
                           on_error=self._stale_aware_error(generation))

    def sign_records(self, record_ids: list[str]) -> SignKeyDialog | None:
        """Ask for the signing key and its PIN once, then sign ``record_ids`` on the worker; return the dialog."""
        if self.store is None or self._signing is not None or not record_ids:
            return None
        dialog = SignKeyDialog(self.settings, len(record_ids), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        ids = list(record_ids)
        dialog.accepted.connect(lambda: self._start_signing(ids, dialog.value()))
        dialog.open()
        self.sign_key_requested.emit(dialog)
        return dialog

    def _start_signing(self, record_ids: list[str], key: SigningKey) -> None:
        store, generation, actor, trust = self.store, self._workspace_generation, self.actor, self.trust
        if store is None:
            return
        remembered = key.remembered_in(self.settings)
        if remembered != self.settings:
            self.settings = remembered
            if self.persist_settings:
                self.runner.submit(save_settings, remembered)
        progress = QtProgress(self)
        dialog = QProgressDialog(self)
        dialog.setObjectName("signingProgress")
        dialog.setWindowTitle(QCoreApplication.translate("MainWindow", "Ký số"))
        dialog.setLabelText(QCoreApplication.translate("MainWindow", "Đang mở khoá ký số…"))
        dialog.setCancelButtonText(QCoreApplication.translate("MainWindow", "Huỷ"))
        dialog.setRange(0, len(record_ids))
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(progress.cancel)

        def moved(done: int, total: int, _message: str) -> None:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(min(done, max(total, 1)))
            dialog.setLabelText(
                QCoreApplication.translate("MainWindow", "Đang ký số bản ghi {done}/{total}…").format(
                    done=min(done + 1, total), total=total
                )
            )

        progress.progressed.connect(moved)
        self._signing = progress
        self._update_actions()
        dialog.open()

        def finish() -> None:
            self._signing = None
            dialog.close()
            dialog.deleteLater()
            self._update_actions()

        def done(outcome: SigningOutcome) -> None:
            finish()
            if generation != self._workspace_generation:
                return
            show_signing_summary(self, outcome)
            self._after_signing(outcome)
            self.signing_finished.emit(outcome)

        def failed(exc: BaseException) -> None:
            finish()
            if generation == self._workspace_generation:
                self.present_error(exc)

        self.runner.submit(
            lambda: sign_and_check(store, record_ids, key, actor=actor, trust=trust(), progress=progress),
            on_result=done,
            on_error=failed,
        )

    def _after_signing(self, outcome: SigningOutcome) -> None:
        signed = {item.record_id for item in outcome.report.signed}
        self.refresh_status()
        self._refresh_pages()
        shown = self.verify_view.record
        if shown is not None and shown.id in signed:
            self.verify_view.open_record(shown.id)  # its new state and the grade of its signature
        if self.book_view.book is not None and self.tabs.currentWidget() is self.book_tab:
            self.show_book_view(self.book_view.book.id)

    @property
    def signing(self) -> bool:
        """Whether a signing session runs."""
        return self._signing is not None

    # ------------------------------------------------------------------ history
    def show_record_history(self, record_id: str | None = None) -> None:
        """Show who changed what in a record (default: the one in the verification view), from the audit log."""
        record_id = record_id or (self.verify_view.record.id if self.verify_view.record else "")
        store, generation = self.store, self._workspace_generation
        if not record_id or store is None:
            return

        def work() -> tuple[Record, list[AuditEntry]]:
            return store.record(record_id), store.audit_entries(record_id)

        def done(result: tuple[Record, list[AuditEntry]]) -> None:
            if generation != self._workspace_generation:
                return
            record, entries = result
            number = record.value("registration_number") or "?"
            title = QCoreApplication.translate("MainWindow", "Lịch sử bản ghi số {number}").format(number=number)
            dialog = RecordHistoryDialog(title, history_rows(entries, record.document_type), self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()
            self.history_shown.emit(dialog)

        self.runner.submit(work, on_result=done, on_error=self._stale_aware_error(generation))

    def show_book_view(self, book_id: str | None = None) -> None:
        """Switch to the register book view of ``book_id`` (default: the selected book) and load it."""
        self.tabs.setCurrentWidget(self.book_tab)
        book = next((b for b in self._books if b.id == book_id), None) if book_id else self.current_book()
        if book is None or self.store is None:
            self.book_view.set_book(None, [])
            return
        store, generation = self.store, self._workspace_generation

        def work() -> tuple[list[Record], dict[str, int]]:
            return store.records(book.id), {p.id: p.order for p in store.pages(book.id)}

        def done(result: tuple[list[Record], dict[str, int]]) -> None:
            if generation == self._workspace_generation:
                self.book_view.set_book(book, *result)
                self.book_view_loaded.emit(book.id)

        self.runner.submit(work, on_result=done, on_error=self._stale_aware_error(generation))

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.book_tab and self.store is not None:
            current = self.current_book()
            if current is not None and (self.book_view.book is None or self.book_view.book.id != current.id):
                self.show_book_view()

    def _focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def search(self, query: str) -> None:
        """Search the workspace's records (diacritics ignored) and list what is found."""
        query = " ".join(query.split())
        if not query or self.store is None:
            return
        store, generation = self.store, self._workspace_generation

        def done(results: list[tuple[Record, Book | None]]) -> None:
            if generation != self._workspace_generation:
                return
            if self.search_results is None:
                self.search_results = SearchResults(self)
                self.search_results.record_activated.connect(self.open_record)
            self.search_results.set_results(query, results)
            self.search_results.show()
            self.search_results.raise_()
            self.search_results.list.setFocus()
            self.search_finished.emit(results)

        self.runner.submit(search_workspace, store, query, on_result=done,
                           on_error=self._stale_aware_error(generation))

    def _record_saved(self, record: Record) -> None:
        self.refresh_status()
        if record.book_id == self._book_id:
            self._refresh_pages()  # a verified (or corrected) record changes its page's badge
        if self.book_view.book is not None and self.book_view.book.id == record.book_id:
            rows = [r.record for r in self.book_view.model.rows if r.record is not None]
            self.book_view.set_book(self.book_view.book, [record if r.id == record.id else r for r in rows])

    def refresh_status(self) -> None:
        """Count again the records waiting for a signature and for sync (in the background)."""
        store = self.store
        if store is None:
            return
        self._status_generation += 1
        generation = self._status_generation

        def done(status: tuple[int, int, object]) -> None:
            if generation == self._status_generation:
                self._status = status
                self._update_status()
                self.status_updated.emit()

        self.runner.submit(workspace_status, store, on_result=done,
                           on_error=self._stale_aware_error(self._workspace_generation))

    # ------------------------------------------------------------------ settings and help
    def show_settings_dialog(self) -> SettingsDialog:
        """Open the settings (not blocking); saved and applied when accepted."""
        dialog = SettingsDialog(self.settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply_settings(dialog.value()))
        dialog.open()
        return dialog

    def apply_settings(self, settings: Settings) -> None:
        """Use ``settings`` now (the language switches at once) and save them."""
        self.settings = settings
        self.languages.set_language(settings.language)
        if self.persist_settings:
            self.runner.submit(save_settings, settings)
        self.retranslate()

    def shortcut_help(self) -> list[tuple[str, str]]:
        """Every key of the window and what it does, for the cheat sheet."""
        native = QKeySequence.SequenceFormat.NativeText
        rows: list[tuple[str, str]] = []
        for action in (
            self.open_action, self.create_action, self.new_book_action, self.import_action,
            self.read_unread_action, self.pages_view_action, self.verify_view_action, self.book_view_action,
            self.search_action,
            self.sign_record_action, self.history_action,
            self.settings_action, self.shortcuts_action, *self.page_viewer.zoom_actions(), self.quit_action,
        ):
            if not action.shortcut().isEmpty():
                rows.append((action.shortcut().toString(native), action.text().replace("&", "")))
        return rows + self.verify_view.shortcut_help()

    def show_shortcuts(self) -> ShortcutsDialog:
        """Open the cheat sheet of keys (F1)."""
        dialog = ShortcutsDialog(self.shortcut_help(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # ------------------------------------------------------------------ import
    def choose_files_to_import(self) -> None:
        """Ask for image and PDF files and import them into the selected book."""
        if not self._can_import(explain=True):
            return
        patterns = " ".join(f"*{s}" for s in sorted(SUPPORTED_SUFFIXES))
        files, _ = QFileDialog.getOpenFileNames(
            self,
            QCoreApplication.translate("MainWindow", "Nhập tệp"),
            self._last_import_folder(),
            QCoreApplication.translate(
                "MainWindow", "Ảnh quét và PDF ({patterns});;Tất cả các tệp (*)"
            ).format(patterns=patterns),
        )
        if files:
            self.import_paths(files)

    def choose_folder_to_import(self) -> None:
        """Ask for a folder of scans and import every page in it (and in its subfolders)."""
        if not self._can_import(explain=True):
            return
        folder = QFileDialog.getExistingDirectory(
            self, QCoreApplication.translate("MainWindow", "Nhập thư mục"), self._last_import_folder()
        )
        if folder:
            self.import_paths([folder])

    def _last_import_folder(self) -> str:
        return str(Path.home())

    def _can_import(self, *, explain: bool = False) -> bool:
        if self.store is None or self._import is not None:
            return False
        if self.current_book() is None:
            if explain:
                box = QMessageBox(
                    QMessageBox.Icon.Information,
                    QCoreApplication.translate("MainWindow", "Nhập tệp"),
                    QCoreApplication.translate(
                        "MainWindow", "Hãy chọn hoặc tạo một quyển sổ trước khi nhập tệp."
                    ),
                    QMessageBox.StandardButton.Ok,
                    self,
                )
                box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                box.open()
            return False
        return True

    @property
    def ocr_jobs(self) -> int | None:
        """OCR worker processes from the settings (None: one per core)."""
        return self.settings.ocr_jobs or None

    def import_paths(self, paths: Iterable[str | Path], *, recursive: bool = True) -> QtProgress | None:
        """Import files and folders into the selected book, and read them, in the background.

        Pages appear as they are stored, their badges change as they are read; the
        summary shows at the end. Returns the progress object (its ``cancel`` stops
        the import between pages, keeping what was stored and read), or None if no
        import could start (no book selected, or one already running).
        """
        if not self._can_import(explain=True):
            return None
        book = self.current_book()
        progress = self._start_import_job(book, reading=self.recognise)
        self.runner.submit(
            import_and_read,
            self.store,
            book,
            [str(p) for p in paths],
            actor=self.actor,
            recursive=recursive,
            progress=progress,
            jobs=self.ocr_jobs,
            recognise=self.recognise,
            on_result=self._import_done,
            on_error=self._import_failed,
        )
        return progress

    def read_unread_pages(self, book_id: str | None = None) -> QtProgress | None:
        """Read the pages of a book (default: the selected one) that were stored but never read.

        Runs like an import (same progress bar, Cancel, summary); returns the progress
        object, or None when nothing could start.
        """
        book = next((b for b in self._books if b.id == book_id), None) if book_id else self.current_book()
        if book is None or self.store is None or self._import is not None:
            return None
        progress = self._start_import_job(book, reading=True, reread=True)
        self.runner.submit(
            read_unread,
            self.store,
            book,
            actor=self.actor,
            progress=progress,
            jobs=self.ocr_jobs,
            on_result=self._import_done,
            on_error=self._import_failed,
        )
        return progress

    def _start_import_job(self, book: Book, *, reading: bool, reread: bool = False) -> QtProgress:
        progress = QtProgress(self)
        progress.item_ready.connect(self._page_imported)
        self._import, self._import_book = progress, book
        self._import_reading, self._import_reread = reading, reread
        self.import_bar.start(progress, reading=reading)
        self._update_actions()
        return progress

    def cancel_import(self) -> None:
        """Stop the running import after the page in hand; the pages stored stay."""
        self.import_bar.cancel()

    @property
    def importing(self) -> bool:
        """Whether an import is running."""
        return self._import is not None

    def _page_imported(self, item: object) -> None:
        if isinstance(item, PageRead):
            self._page_was_read(item)
            return
        page = item
        assert isinstance(page, Page)
        self.import_bar.page_stored()
        # Counts follow the import live; the books are read again when it ends.
        self._books = [
            replace(b, page_count=b.page_count + 1) if b.id == page.book_id else b for b in self._books
        ]
        self.books_panel.update_books(self._books)
        self._update_status()
        if page.book_id != self._book_id:
            return
        self.page_model.append_page(page)
        if not self._page_id:
            self.pages_panel.select_page(page.id)

    def _page_was_read(self, read: PageRead) -> None:
        self.import_bar.page_read()
        if read.records:
            book_id = read.records[0].book_id
            self._books = [
                replace(b, record_count=b.record_count + len(read.records)) if b.id == book_id else b
                for b in self._books
            ]
            self.books_panel.update_books(self._books)
            self._update_status()
            # Fresh drafts: the page now waits for the officer's check.
            self._set_page_status(read.page_id, PageStatus.NEEDS_REVIEW)
        self.page_read.emit(read)

    def _end_import(self) -> Book | None:
        book = self._import_book
        self._import, self._import_book = None, None
        self.import_bar.finish()
        self._update_actions()
        return book

    def _import_done(self, outcome: ImportOutcome) -> None:
        book = self._end_import()
        self.reload_books(select_id=self._book_id or (book.id if book else None))
        self._refresh_pages()
        self.refresh_status()
        english = self.languages.language == "en"
        show_import_summary(
            self, outcome.summary, book.number if book else "", recognised=outcome.recognised,
            reread=outcome.reread, not_read_reason=outcome.not_read_en if english else outcome.not_read_vi,
            verify=self.show_verification,
        )
        if book is not None and self.tabs.currentWidget() is self.book_tab:
            self.show_book_view(book.id)  # the new records in the table
        self.import_finished.emit(outcome.summary)

    def _import_failed(self, exc: BaseException) -> None:
        self._end_import()
        self.reload_books(select_id=self._book_id or None)
        self._refresh_pages()
        self.present_error(exc)

    def _refresh_pages(self) -> None:
        """Read the current book's pages again: the badges as the store has them, pages not yet listed."""
        store, generation, book_id = self.store, self._book_generation, self._book_id
        if store is None or not book_id:
            return

        def done(pages: list[Page]) -> None:
            if generation != self._book_generation:
                return
            for page in pages:
                if self.page_model.row_of(page.id) < 0:
                    self.page_model.append_page(page)
                else:
                    self._set_page_status(page.id, page.status)

        self.runner.submit(
            store.pages, book_id, on_result=done, on_error=self._stale_aware_error(self._workspace_generation)
        )

    def _set_page_status(self, page_id: str, status: PageStatus) -> None:
        self.page_model.set_page_status(page_id, status)
        self.page_viewer.set_page_status(page_id, status)

    # ------------------------------------------------------------------ export
    def choose_export_file(self, fmt: str) -> None:
        """Ask where to save the book shown (or selected) as ``fmt``, then export it in the background."""
        book = self._export_book()
        if book is None or self.store is None or self._export is not None:
            return
        suffix = EXPORT_SUFFIXES[fmt]
        name = re.sub(r"[^\w.-]+", "-", f"{book.document_type.value}-{book.number}").strip("-") + suffix
        folder = self._last_export_folder or str(Path.home())
        path, _ = QFileDialog.getSaveFileName(
            self,
            QCoreApplication.translate("MainWindow", "Xuất sổ"),
            str(Path(folder) / name),
            f"{self.export_actions[fmt].text().rstrip('…')} (*{suffix})",
        )
        if not path:
            return
        out = Path(path)
        if out.suffix.lower() != suffix:
            out = out.with_name(out.name + suffix)
        self._last_export_folder = str(out.parent)
        self.export_book(fmt, out, book.id)

    def _export_book(self) -> Book | None:
        if self.tabs.currentWidget() is self.book_tab and self.book_view.book is not None:
            return next((b for b in self._books if b.id == self.book_view.book.id), self.book_view.book)
        return self.current_book()

    def export_book(self, fmt: str, out: str | Path, book_id: str | None = None) -> QtProgress | None:
        """Export a book (default: the one shown or selected) as ``fmt`` to ``out`` on the worker.

        A progress dialog follows the job (PDF/A reads every page; its Cancel stops it),
        a summary shows at the end. Returns the progress object, or None when nothing started.
        """
        book = next((b for b in self._books if b.id == book_id), None) if book_id else self._export_book()
        store, generation, actor = self.store, self._workspace_generation, self.actor
        if book is None or store is None or self._export is not None or fmt not in EXPORT_SUFFIXES:
            return None
        progress = QtProgress(self)
        dialog = QProgressDialog(self)
        dialog.setObjectName("exportProgress")
        dialog.setWindowTitle(QCoreApplication.translate("MainWindow", "Xuất sổ"))
        dialog.setLabelText(
            QCoreApplication.translate("MainWindow", "Đang xuất quyển {number}…").format(number=book.number)
        )
        dialog.setCancelButtonText(QCoreApplication.translate("MainWindow", "Huỷ"))
        dialog.setRange(0, 0)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(progress.cancel)

        def moved(done: int, total: int, _message: str) -> None:
            if total > 0:
                dialog.setRange(0, total)
                dialog.setValue(min(done, total))
                dialog.setLabelText(
                    QCoreApplication.translate("MainWindow", "Đang xuất trang {done}/{total}…").format(
                        done=min(done + 1, total), total=total
                    )
                )

        progress.progressed.connect(moved)
        self._export = progress
        self._update_actions()
        dialog.open()

        def finish() -> None:
            self._export = None
            dialog.close()
            dialog.deleteLater()
            self._update_actions()

        def done(outcome: ExportOutcome) -> None:
            finish()
            if generation != self._workspace_generation:
                return
            self._show_export_summary(book, outcome)
            self.export_finished.emit(outcome)

        def failed(exc: BaseException) -> None:
            cancelled = progress.cancelled
            finish()
            if generation != self._workspace_generation:
                return
            if cancelled:
                self._show_message(QCoreApplication.translate("MainWindow", "Đã huỷ việc xuất sổ."))
                log_error(exc)
            else:
                self.present_error(exc)

        self.runner.submit(
            export_to, store, book, fmt, Path(out), actor=actor, progress=progress, jobs=self.ocr_jobs,
            on_result=done, on_error=failed,
        )
        return progress

    def _show_export_summary(self, book: Book, outcome: ExportOutcome) -> QMessageBox:
        name = Path(outcome.path).name
        if outcome.fmt == "pdfa":
            text = QCoreApplication.translate(
                "MainWindow", "Đã xuất {n} trang của quyển {number} ra tệp PDF/A «{name}»."
            ).format(n=outcome.count, number=book.number, name=name)
        else:
            text = QCoreApplication.translate(
                "MainWindow", "Đã xuất {n} bản ghi của quyển {number} ra tệp «{name}»."
            ).format(n=outcome.count, number=book.number, name=name)
        details = [QCoreApplication.translate("MainWindow", "Nơi lưu: {folder}").format(
            folder=str(Path(outcome.path).parent))]
        if outcome.pages_without_text:
            details.append(
                QCoreApplication.translate(
                    "MainWindow",
                    "Không đọc được chữ trên trang {pages}: tệp vẫn có ảnh nhưng không tìm được chữ ở đó.",
                ).format(pages=", ".join(str(p) for p in outcome.pages_without_text))
            )
        return show_export_summary(self, text, "\n".join(details), warning=bool(outcome.pages_without_text))

    @property
    def exporting(self) -> bool:
        """Whether an export runs."""
        return self._export is not None

    # ------------------------------------------------------------------ drag and drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls() and self._can_import():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.import_paths(paths)
            event.acceptProposedAction()

    # ------------------------------------------------------------------ language
    def set_language(self, code: str, *, persist: bool = True) -> None:
        """Switch the interface language now; remember it in the settings."""
        code = self.languages.set_language(code)
        if persist and self.settings.language != code:
            self.settings = replace(self.settings, language=code)
            if self.persist_settings:
                self.runner.submit(save_settings, self.settings)

    def _language_changed(self, _code: str) -> None:
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set every text of the window's own widgets in the interface language."""
        app_name = QCoreApplication.translate("MainWindow", "Số hoá sổ hộ tịch")
        self.setWindowTitle(
            f"{self.info.commune} — {app_name}" if self.info and self.info.commune else app_name
        )
        self.file_menu.setTitle(QCoreApplication.translate("MainWindow", "&Tệp"))
        self.recent_menu.setTitle(QCoreApplication.translate("MainWindow", "Mở &gần đây"))
        self.book_menu.setTitle(QCoreApplication.translate("MainWindow", "&Sổ"))
        self.view_menu.setTitle(QCoreApplication.translate("MainWindow", "&Xem"))
        self.help_menu.setTitle(QCoreApplication.translate("MainWindow", "Trợ &giúp"))
        self.open_action.setText(QCoreApplication.translate("MainWindow", "Mở thư mục làm việc…"))
        self.open_action.setIconText(QCoreApplication.translate("MainWindow", "Mở thư mục"))
        self.open_action.setToolTip(
            QCoreApplication.translate("MainWindow", "Mở thư mục làm việc của xã/phường (Ctrl+O)")
        )
        self.create_action.setText(QCoreApplication.translate("MainWindow", "Tạo thư mục làm việc…"))
        self.create_action.setIconText(QCoreApplication.translate("MainWindow", "Tạo thư mục"))
        self.create_action.setToolTip(QCoreApplication.translate("MainWindow", "Tạo thư mục làm việc mới"))
        self.new_book_action.setText(QCoreApplication.translate("MainWindow", "Quyển mới…"))
        self.new_book_action.setIconText(QCoreApplication.translate("MainWindow", "Quyển mới"))
        self.new_book_action.setToolTip(
            QCoreApplication.translate("MainWindow", "Thêm một quyển sổ (Ctrl+N)")
        )
        self.import_action.setText(QCoreApplication.translate("MainWindow", "Nhập tệp…"))
        self.import_action.setIconText(QCoreApplication.translate("MainWindow", "Nhập tệp…"))
        self.import_action.setToolTip(
            QCoreApplication.translate(
                "MainWindow", "Nhập ảnh quét hoặc tệp PDF vào quyển đang chọn (Ctrl+I)"
            )
        )
        self.import_folder_action.setText(QCoreApplication.translate("MainWindow", "Nhập thư mục…"))
        self.import_folder_action.setIconText(QCoreApplication.translate("MainWindow", "Nhập thư mục…"))
        self.import_folder_action.setToolTip(
            QCoreApplication.translate("MainWindow", "Nhập mọi ảnh và PDF trong một thư mục")
        )
        self.read_unread_action.setText(
            QCoreApplication.translate("MainWindow", "Đọc lại các trang chưa đọc")
        )
        self.read_unread_action.setToolTip(
            QCoreApplication.translate(
                "MainWindow", "Nhận dạng các trang của quyển đang chọn chưa được đọc (Ctrl+Shift+R)"
            )
        )
        self.export_menu.setTitle(QCoreApplication.translate("MainWindow", "&Xuất sổ"))
        export_texts = {
            "csv": QCoreApplication.translate("MainWindow", "Bảng CSV…"),
            "json": QCoreApplication.translate("MainWindow", "Tệp JSON…"),
            "xml": QCoreApplication.translate("MainWindow", "Tệp XML…"),
            "pdfa": QCoreApplication.translate("MainWindow", "PDF/A tìm được chữ…"),
            "moj": QCoreApplication.translate("MainWindow", "Gói số hoá Bộ Tư pháp (ZIP)…"),
        }
        for fmt, action in self.export_actions.items():
            action.setText(export_texts[fmt])
        self.quit_action.setText(QCoreApplication.translate("MainWindow", "Thoát"))
        self.tabs.setTabText(0, QCoreApplication.translate("MainWindow", "Trang"))
        self.tabs.setTabText(1, QCoreApplication.translate("MainWindow", "Kiểm tra"))
        self.tabs.setTabText(2, QCoreApplication.translate("MainWindow", "Sổ đăng ký"))
        self.tabs.setTabToolTip(0, QCoreApplication.translate("MainWindow", "Các trang của quyển (Alt+1)"))
        self.tabs.setTabToolTip(1, QCoreApplication.translate("MainWindow", "Kiểm tra bản ghi (Alt+2)"))
        self.tabs.setTabToolTip(2, QCoreApplication.translate("MainWindow", "Sổ đăng ký dạng bảng (Alt+3)"))
        self.pages_view_action.setText(QCoreApplication.translate("MainWindow", "Trang"))
        self.pages_view_action.setToolTip(QCoreApplication.translate("MainWindow", "Các trang của quyển (Alt+1)"))
        self.verify_view_action.setText(QCoreApplication.translate("MainWindow", "Kiểm tra bản ghi"))
        self.verify_view_action.setToolTip(QCoreApplication.translate("MainWindow", "Kiểm tra bản ghi (Alt+2)"))
        self.book_view_action.setText(QCoreApplication.translate("MainWindow", "Sổ đăng ký"))
        self.book_view_action.setToolTip(
            QCoreApplication.translate("MainWindow", "Sổ đăng ký dạng bảng (Alt+3)")
        )
        self.search_action.setText(QCoreApplication.translate("MainWindow", "Tìm bản ghi"))
        self.search_action.setToolTip(
            QCoreApplication.translate("MainWindow", "Tìm trong cả thư mục làm việc, không cần dấu (Ctrl+F)")
        )
        self.search_box.setPlaceholderText(
            QCoreApplication.translate("MainWindow", "Tìm bản ghi (không cần dấu)… Ctrl+F")
        )
        self.search_box.setToolTip(self.search_action.toolTip())
        self.settings_action.setText(QCoreApplication.translate("MainWindow", "Cài đặt…"))
        self.settings_action.setToolTip(QCoreApplication.translate("MainWindow", "Cài đặt (Ctrl+,)"))
        self.shortcuts_action.setText(QCoreApplication.translate("MainWindow", "Phím tắt"))
        self.shortcuts_action.setToolTip(QCoreApplication.translate("MainWindow", "Bảng phím tắt (F1)"))
        self.about_action.setText(QCoreApplication.translate("MainWindow", "Giới thiệu"))
        self.sign_record_action.setText(QCoreApplication.translate("MainWindow", "Ký bản ghi"))
        self.sign_record_action.setToolTip(
            QCoreApplication.translate("MainWindow", "Ký số bản ghi đang kiểm tra (Ctrl+Shift+S)")
        )
        self.sign_book_action.setText(QCoreApplication.translate("MainWindow", "Ký cả quyển"))
        self.sign_book_action.setIconText(QCoreApplication.translate("MainWindow", "Ký cả quyển"))
        self.sign_book_action.setToolTip(
            QCoreApplication.translate("MainWindow", "Ký số mọi bản ghi đã kiểm tra của quyển đang chọn")
        )
        self.history_action.setText(QCoreApplication.translate("MainWindow", "Lịch sử bản ghi"))
        self.history_action.setToolTip(
            QCoreApplication.translate("MainWindow", "Ai đã sửa gì trong bản ghi, khi nào (Ctrl+H)")
        )
        code = self.languages.language
        self.language_actions[code].setChecked(True)
        self.language_button.setText(LANGUAGES[code])
        self.language_button.setToolTip("Ngôn ngữ / Language")
        self._update_status()

    # ------------------------------------------------------------------ status
    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 5000 if text else 0)

    def _update_status(self) -> None:
        if self.info is None:
            self.workspace_label.setText(QCoreApplication.translate("MainWindow", "Chưa mở thư mục làm việc"))
            self.counts_label.setText("")
            self.signature_label.setText("")
            self.sync_label.setText("")
            return
        place = f" — {self.info.commune}" if self.info.commune else ""
        self.workspace_label.setText(
            QCoreApplication.translate("MainWindow", "Thư mục làm việc: {path}").format(path=self.info.path)
            + place
        )
        self.workspace_label.setToolTip(self.info.path)
        pages = sum(b.page_count for b in self._books)
        records = sum(b.record_count for b in self._books)
        self.counts_label.setText(
            f"{books_count(len(self._books))} · {pages_count(pages)} · {records_count(records)}"
        )
        if self._status is None:
            self.signature_label.setText("")
            self.sync_label.setText("")
            return
        to_sign, to_sync, last_sync = self._status
        self.signature_label.setText(
            QCoreApplication.translate("MainWindow", "Chờ ký: {n}").format(n=to_sign)
        )
        self.signature_label.setToolTip(
            QCoreApplication.translate("MainWindow", "Bản ghi đã kiểm tra, chờ ký số")
        )
        when = (
            QLocale().toString(last_sync.astimezone(), QLocale.FormatType.ShortFormat)
            if last_sync is not None
            else QCoreApplication.translate("MainWindow", "chưa bao giờ")
        )
        self.sync_label.setText(
            QCoreApplication.translate("MainWindow", "Chờ đồng bộ: {n} · Đồng bộ lần cuối: {when}").format(
                n=to_sync, when=when
            )
        )

    def _update_actions(self) -> None:
        has_store = self.store is not None
        busy = self._import is not None or self._opening
        self.open_action.setEnabled(not busy)
        self.create_action.setEnabled(not busy)
        self.recent_menu.setEnabled(not busy)
        self.new_book_action.setEnabled(has_store)
        for action in (self.verify_view_action, self.book_view_action, self.search_action, self.history_action):
            action.setEnabled(has_store)
        for action in (self.sign_record_action, self.sign_book_action):
            action.setEnabled(has_store and self._signing is None)
        self.search_box.setEnabled(has_store)
        can_import = has_store and self._import is None and self.current_book() is not None
        self.import_action.setEnabled(can_import)
        self.import_folder_action.setEnabled(can_import)
        self.read_unread_action.setEnabled(can_import)
        can_export = has_store and self._export is None
        for action in self.export_actions.values():
            action.setEnabled(can_export)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent_workspaces:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_workspace(p))
        if not self.settings.recent_workspaces:
            empty = self.recent_menu.addAction(QCoreApplication.translate("MainWindow", "(chưa có)"))
            empty.setEnabled(False)

    def show_about(self) -> QMessageBox:
        """A short note on the program."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            QCoreApplication.translate("MainWindow", "Giới thiệu"),
            QCoreApplication.translate("MainWindow", "Số hoá sổ hộ tịch, phiên bản {version}.").format(
                version=__version__
            ),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setInformativeText(
            QCoreApplication.translate(
                "MainWindow",
                "Số hoá sổ đăng ký khai sinh, kết hôn, khai tử: nhập ảnh quét, kiểm tra, ký và đồng bộ.",
            )
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self._import is not None:
            self._import.cancel()  # the pages stored so far stay; the page in hand is finished first
        if self._export is not None:
            self._export.cancel()
        self.runner.shutdown(timeout=30)
        if self.store is not None:
            self.store.close()
            self.store = None
        super().closeEvent(event)
