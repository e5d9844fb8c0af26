"""Languages of the interface: Vietnamese (the source language) and English.

UI strings are written in Vietnamese in the code, wrapped in Qt's
``QCoreApplication.translate("Context", "text")`` spelled out in full with
literal arguments (``pyside6-lupdate`` finds no alias such as ``tr =``, and a
test checks every call). ``pyside6-lupdate`` collects
them into ``resources/i18n/en.ts`` (edited by hand or with Qt Linguist) and
``pyside6-lrelease`` compiles that to ``en.qm``, which a :class:`QTranslator`
loads. ``vi.ts`` translates the few strings of Qt itself (standard buttons,
file dialog) that Qt does not ship in Vietnamese.

Switching installs or removes the translator; Qt then sends every widget a
``LanguageChange`` event and each retranslates itself: no restart. The
current language is Qt's default :class:`QLocale`, which also formats numbers.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, QTranslator, Signal

from inspector.domain import DocumentType, PageStatus
from inspector.resources import resource_path

log = logging.getLogger(__name__)

# Languages the interface speaks, with their own names (never translated).
LANGUAGES: dict[str, str] = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"

_LOCALES = {
    "vi": QLocale("vi_VN"),
    "en": QLocale("en_GB"),
}


def translations_dir() -> Path:
    """Folder of the compiled translations (``*.qm``) and their sources (``*.ts``)."""
    return resource_path("i18n")


def normalize_language(code: str | None) -> str:
    """Return a supported language code (``vi`` for anything unknown)."""
    code = (code or "").strip().lower()[:2]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def current_language() -> str:
    """The language the interface speaks now (``vi`` or ``en``)."""
    return "en" if QLocale().language() == QLocale.Language.English else "vi"


class LanguageSwitcher(QObject):
    """Installs the translator of one language into the application, at start or at any time."""

    # The new language code, after every widget got its ``LanguageChange`` event.
    changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._translators: list[QTranslator] = []
        self._language = ""

    @property
    def language(self) -> str:
        """The code of the installed language."""
        return self._language or DEFAULT_LANGUAGE

    def set_language(self, code: str | None) -> str:
        """Switch the interface to ``code`` (unknown codes mean Vietnamese); return the code used."""
        code = normalize_language(code)
        if code == self._language:
            return code
        app = QCoreApplication.instance()
        for translator in self._translators:
            app.removeTranslator(translator)
        self._translators = []
        QLocale.setDefault(_LOCALES[code])
        # Our strings are Vietnamese in the code, so English needs en.qm; vi.qm holds
        # Vietnamese for Qt's own strings (standard buttons, file dialog).
        translator = QTranslator(self)
        if translator.load(code, str(translations_dir())):
            app.installTranslator(translator)
            self._translators.append(translator)
        else:
            log.warning("Translation file %s.qm not found in %s", code, translations_dir())
        self._language = code
        # Installing a translator posts LanguageChange; deliver it now so every widget speaks
        # the new language when this returns (menus, panels, open dialogs).
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        self.changed.emit(code)
        return code

    def uninstall(self) -> None:
        """Remove this switcher's translator from the application (before another switcher takes over)."""
        app = QCoreApplication.instance()
        for translator in self._translators:
            app.removeTranslator(translator)
        self._translators = []
        self._language = ""


# ------------------------------------------------------------------ labels of domain values
def document_type_label(doc_type: DocumentType) -> str:
    """Name of a kind of register, in the interface language."""
    return {
        DocumentType.BIRTH: QCoreApplication.translate("Labels", "Khai sinh"),
        DocumentType.MARRIAGE: QCoreApplication.translate("Labels", "Kết hôn"),
        DocumentType.DEATH: QCoreApplication.translate("Labels", "Khai tử"),
    }[DocumentType(doc_type)]


def page_status_label(status: PageStatus) -> str:
    """The badge text of a page's state, in the interface language."""
    return {
        PageStatus.UNREAD: QCoreApplication.translate("Labels", "Chưa đọc"),
        PageStatus.NEEDS_REVIEW: QCoreApplication.translate("Labels", "Cần kiểm tra"),
        PageStatus.VERIFIED: QCoreApplication.translate("Labels", "Đã kiểm tra"),
        PageStatus.SIGNED: QCoreApplication.translate("Labels", "Đã ký"),
        PageStatus.SYNCED: QCoreApplication.translate("Labels", "Đã đồng bộ"),
    }[PageStatus(status)]


def plural(n: int, one: str, other: str) -> str:
    """``one`` when ``n`` is 1, else ``other``, with ``{n}`` filled in.

    Vietnamese has no plural and English has two forms, so two translated
    messages cover both languages. (Qt's ``%n`` numerus forms are not used:
    ``pyside6-lupdate`` 6.11 only recognises them when ``n`` is a literal.)
    """
    return (one if n == 1 else other).replace("{n}", str(n))


def pages_count(n: int) -> str:
    """``n`` pages."""
    return plural(
        n, QCoreApplication.translate("Labels", "1 trang"), QCoreApplication.translate("Labels", "{n} trang")
    )


def books_count(n: int) -> str:
    """``n`` books."""
    return plural(
        n, QCoreApplication.translate("Labels", "1 quyển"), QCoreApplication.translate("Labels", "{n} quyển")
    )


def records_count(n: int) -> str:
    """``n`` records."""
    return plural(
        n,
        QCoreApplication.translate("Labels", "1 bản ghi"),
        QCoreApplication.translate("Labels", "{n} bản ghi"),
    )
