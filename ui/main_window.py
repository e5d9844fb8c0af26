"""The main window: books and pages on the left, the selected page on the right.

Every read and write of the workspace runs on the :class:`~ui.worker.TaskRunner`;
the window only reacts to results. Outcomes that arrive for a workspace, a
book or a page that is no longer the current one are dropped (each has a
generation number), so a slow answer never overwrites a newer choice.
"""

from __future__ import annotations

import getpass
import logging
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from inspector import __version__
from inspector.domain import Book, DocumentType, Page, WorkspaceInfo
from inspector.importing import ImportSummary, import_files
from inspector.settings import Settings, load_settings, save_settings
from ocr.acquire import SUPPORTED_SUFFIXES
from storage.workspace import WorkspaceStore
from ui.dialogs import CreateWorkspaceDialog, NewBookDialog, show_import_summary
from ui.errors import show_error
from ui.i18n import LANGUAGES, LanguageSwitcher, books_count, pages_count, records_count
from ui.images import decode_page, decode_thumbnail
from ui.navigator import BooksPanel, PageListModel, PagesPanel
from ui.page_view import PageViewer
from ui.start_page import StartPage
from ui.style import icon
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
        self.hide()
        self.retranslate()

    def start(self, progress: QtProgress) -> None:
        """Follow ``progress`` until :meth:`finish`."""
        self._progress = progress
        self._message = ""
        progress.progressed.connect(self.set_progress)
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.retranslate()
        self.show()

    def set_progress(self, done: int, total: int, message: str) -> None:
        """Show ``done`` of ``total`` (busy when ``total`` is unknown)."""
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            self.bar.setFormat(f"{done}/{total}")
        self._message = message
        self.retranslate()

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


class MainWindow(QMainWindow):
    """The desktop app's window on one workspace (or its start page when none is open)."""

    workspace_opened = Signal(object)  # WorkspaceInfo
    books_loaded = Signal()
    pages_loaded = Signal(str)  # book id
    page_shown = Signal(str)  # page id
    import_finished = Signal(object)  # ImportSummary
    # Every exception shown to the officer (after it is shown); for tests and the screenshot mode.
    error_presented = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        languages: LanguageSwitcher,
        settings: Settings | None = None,
        *,
        persist_settings: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
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
        self.start_page = StartPage()
        self.import_bar = ImportProgressBar()
        self._build_layout()
        self._build_actions()
        self._build_menus_and_toolbar()
        self._build_status_bar()

        self.books_panel.book_selected.connect(self._book_selected)
        self.pages_panel.page_selected.connect(self._page_selected)
        self.start_page.open_requested.connect(self.choose_workspace)
        self.start_page.create_requested.connect(self.show_create_workspace_dialog)
        self.start_page.recent_chosen.connect(self.open_workspace)
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
        workspace_page = QWidget()
        layout = QVBoxLayout(workspace_page)
        layout.setContentsMargins(10, 10, 10, 8)
        layout.addWidget(self.splitter)
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
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.show_about)
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
        self.file_menu.addAction(self.quit_action)
        self.book_menu = bar.addMenu("")
        self.book_menu.addAction(self.new_book_action)
        self.book_menu.addSeparator()
        self.book_menu.addAction(self.import_action)
        self.book_menu.addAction(self.import_folder_action)
        self.view_menu = bar.addMenu("")
        for action in self.page_viewer.zoom_actions():
            self.view_menu.addAction(action)
        # The one menu title in both languages: findable whichever language is on.
        self.language_menu = bar.addMenu("Ngôn ngữ / Language")
        for action in self.language_actions.values():
            self.language_menu.addAction(action)
        self.help_menu = bar.addMenu("")
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
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
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
        status.addWidget(self.workspace_label, 1)
        status.addPermanentWidget(self.import_bar)
        status.addPermanentWidget(self.counts_label)

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
        dialog.accepted.connect(lambda: self.create_workspace(dialog.value().path, dialog.value().commune))
        dialog.open()
        return dialog

    def open_workspace(self, path: str | Path, *, quiet: bool = False) -> None:
        """Open the workspace at ``path`` in the background; the window follows when it is ready.

        ``quiet`` (reopening the last workspace at start): a failure only leaves
        the start page with a note in the status bar, no dialog.
        """
        if self._opening:
            return  # one workspace at a time (a double click on a recent one)
        path = Path(path)
        self._show_message(QCoreApplication.translate("MainWindow", "Đang mở thư mục làm việc…"))

        def work() -> tuple[WorkspaceStore, WorkspaceInfo, list[Book]]:
            store = WorkspaceStore.open(path)
            try:
                return store, store.info(), store.books()
            except BaseException:
                store.close()
                raise

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
        self.runner.submit(work, on_result=self._workspace_ready, on_error=failed)

    def create_workspace(self, path: str | Path, commune: str = "") -> None:
        """Create a workspace at ``path`` (an empty folder) in the background, then open it."""
        path = Path(path)
        actor = self.actor

        def work() -> tuple[WorkspaceStore, WorkspaceInfo, list[Book]]:
            store = WorkspaceStore.create(path, commune=commune, actor=actor)
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

    def import_paths(self, paths: Iterable[str | Path], *, recursive: bool = True) -> QtProgress | None:
        """Import files and folders into the selected book in the background.

        Pages appear as they are stored; the summary shows at the end. Returns
        the progress object (its ``cancel`` stops the import), or None if no
        import could start (no book selected, or one already running).
        """
        if not self._can_import(explain=True):
            return None
        book = self.current_book()
        progress = QtProgress(self)
        progress.item_ready.connect(self._page_imported)
        self._import, self._import_book = progress, book
        self.import_bar.start(progress)
        self._update_actions()
        self.runner.submit(
            import_files,
            self.store,
            book,
            [str(p) for p in paths],
            actor=self.actor,
            recursive=recursive,
            progress=progress,
            on_page=progress.report_item,
            on_result=self._import_done,
            on_error=self._import_failed,
        )
        return progress

    def cancel_import(self) -> None:
        """Stop the running import after the page in hand; the pages stored stay."""
        self.import_bar.cancel()

    @property
    def importing(self) -> bool:
        """Whether an import is running."""
        return self._import is not None

    def _page_imported(self, page: Page) -> None:
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

    def _end_import(self) -> Book | None:
        book = self._import_book
        self._import, self._import_book = None, None
        self.import_bar.finish()
        self._update_actions()
        return book

    def _import_done(self, summary: ImportSummary) -> None:
        book = self._end_import()
        self.reload_books(select_id=self._book_id or (book.id if book else None))
        show_import_summary(self, summary, book.number if book else "")
        self.import_finished.emit(summary)

    def _import_failed(self, exc: BaseException) -> None:
        self._end_import()
        self.reload_books(select_id=self._book_id or None)
        self.present_error(exc)

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
        self.quit_action.setText(QCoreApplication.translate("MainWindow", "Thoát"))
        self.about_action.setText(QCoreApplication.translate("MainWindow", "Giới thiệu"))
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

    def _update_actions(self) -> None:
        has_store = self.store is not None
        busy = self._import is not None or self._opening
        self.open_action.setEnabled(not busy)
        self.create_action.setEnabled(not busy)
        self.recent_menu.setEnabled(not busy)
        self.new_book_action.setEnabled(has_store)
        can_import = has_store and self._import is None and self.current_book() is not None
        self.import_action.setEnabled(can_import)
        self.import_folder_action.setEnabled(can_import)

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
        self.runner.shutdown(timeout=30)
        if self.store is not None:
            self.store.close()
            self.store = None
        super().closeEvent(event)
