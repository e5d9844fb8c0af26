"""The one exception module of the project.

Every error a user can meet is one of these types. Each carries a message in
Vietnamese for the officer (``message_vi``) and one in English for the logs
(``message_en``); neither may hold personal data (names, IDs, dates of
birth). The GUI shows them through one presenter, the CLI maps them to exit
codes with :data:`EXIT_CODES`.

This is a kernel module: it imports nothing from the project, so ``ocr`` and
``storage`` may import it (an exception listed by name in the import-linter
contracts).
"""

from __future__ import annotations


class InspectorError(Exception):
    """Base of every error the program reports to a person.

    ``message_vi`` is what the officer reads; ``message_en`` goes to logs.
    ``detail`` is optional technical context for logs (never personal data).
    """

    exit_code = 1

    def __init__(self, message_vi: str, message_en: str | None = None, *, detail: str = "") -> None:
        super().__init__(message_en or message_vi)
        self.message_vi = message_vi
        self.message_en = message_en or message_vi
        self.detail = detail

    def __str__(self) -> str:
        return self.message_en


class UsageError(InspectorError):
    """The command was called with wrong arguments."""

    exit_code = 2


class InputFileError(InspectorError):
    """An input file cannot be read: missing, empty, not what its name says, too large, unsafe.

    ``path`` names the file (a path is not personal data; its content may be).
    """

    exit_code = 3

    def __init__(self, path: str, message_vi: str, message_en: str, *, detail: str = "") -> None:
        super().__init__(message_vi, message_en, detail=detail)
        self.path = path


class MissingDependencyError(InspectorError):
    """A required program or data file is missing (Tesseract, the Vietnamese model, a PKCS#11 module)."""

    exit_code = 4


class OcrError(InspectorError):
    """Recognition failed on a page (engine crashed, timed out)."""

    exit_code = 5


class OcrTimeoutError(OcrError):
    """Tesseract did not finish within the time it was given (the page may be read smaller)."""


class StorageError(InspectorError):
    """The workspace cannot be opened, read or written."""

    exit_code = 6


class WorkspaceLockedError(StorageError):
    """The workspace is encrypted and the key or passphrase given does not open it."""


class RecordStateError(InspectorError):
    """An action is not allowed in the record's current state (signing an unverified record)."""

    exit_code = 7


class SignatureError(InspectorError):
    """Signing failed, or a key, certificate or token cannot be used."""

    exit_code = 8


class SyncAuthError(InspectorError):
    """The central server refused our credentials or certificate."""

    exit_code = 9


class SyncNetworkError(InspectorError):
    """The central server cannot be reached; the work stays queued."""

    exit_code = 10


class CancelledError(InspectorError):
    """The person cancelled a long job; what was finished is kept."""

    exit_code = 130

    def __init__(self) -> None:
        super().__init__("Đã huỷ theo yêu cầu.", "Cancelled by the user.")


#: Exit codes of the CLI, by error type (most specific first wins via MRO).
EXIT_CODES: dict[type[InspectorError], int] = {
    cls: cls.exit_code
    for cls in (
        InspectorError,
        UsageError,
        InputFileError,
        MissingDependencyError,
        OcrError,
        StorageError,
        WorkspaceLockedError,
        RecordStateError,
        SignatureError,
        SyncAuthError,
        SyncNetworkError,
        CancelledError,
    )
}
