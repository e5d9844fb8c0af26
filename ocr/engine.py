"""The OCR engine: one interface over Tesseract, in-process or as a subprocess.

``recognize(image) -> OcrPage`` reads a prepared page (gray or binary ``uint8``)
into words with boxes and confidences, grouped in lines and blocks in
Tesseract's reading order. ``read_line(crop) -> (text, confidence)`` is the
"second look" at one field's crop, in single-line mode with an optional
character whitelist (digits and ``/`` for dates and IDs).

Two backends produce the same :class:`~ocr.types.OcrPage`, both from
Tesseract's TSV output through one parser:

- ``tesserocr`` (default): Tesseract in-process; the model is loaded once per
  process (about 50 ms for ``vie``) and reused for every page.
- ``cli``: the ``tesseract`` program, one subprocess per call (the model is
  loaded every time); the fallback where tesserocr is not installed.

Every call has a timeout and raises :class:`~inspector.errors.OcrError` rather
than hang. :func:`check_ocr_available` is the startup check: it raises
:class:`~inspector.errors.MissingDependencyError` naming the missing package.

Tesseract 5 built with OpenMP (Debian's) runs several times slower on a small
machine when pages run in parallel unless ``OMP_THREAD_LIMIT=1`` is set before
the library loads, so tesserocr is imported lazily, after setting it unless it
is already set (the pool's workers set it too), and the CLI backend passes it
to every subprocess. (tesserocr's own wheel is built without OpenMP.)
"""

from __future__ import annotations

import ctypes
import functools
import logging
import os
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from inspector.errors import MissingDependencyError, OcrError, OcrTimeoutError
from ocr.types import Box, OcrLine, OcrPage, OcrWord

log = logging.getLogger(__name__)

BACKENDS = ("auto", "tesserocr", "cli")

#: Page segmentation modes worth naming (Tesseract's ``--psm``).
PSM_AUTO = 3
PSM_SINGLE_COLUMN = 4
PSM_SINGLE_BLOCK = 6
PSM_SINGLE_LINE = 7
PSM_SPARSE_TEXT = 11

#: Characters of a date or an ID written in digits.
DIGITS_AND_SLASH = "0123456789/"

#: Where distributions put Tesseract's language data, tried in order after
#: ``TESSDATA_PREFIX`` and what the ``tesseract`` program reports.
KNOWN_TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
    "C:/Program Files/Tesseract-OCR/tessdata",
)

_SINGLE_THREAD_ENV = {"OMP_THREAD_LIMIT": "1"}


@dataclass(frozen=True)
class EngineConfig:
    """How to run Tesseract. Frozen and picklable: it is sent to every worker process.

    ``backend`` is ``auto`` (tesserocr when importable, else the CLI), ``tesserocr`` or
    ``cli``. ``tessdata_dir`` ``None`` means: find it (see :func:`find_tessdata_dir`).
    ``oem`` 1 is the LSTM engine only (a legacy model in the same file is not loaded). ``timeout_s`` bounds every call.
    ``variables`` are Tesseract parameters set on every call.
    """

    backend: str = "auto"
    language: str = "vie"
    tessdata_dir: str | None = None
    tesseract_cmd: str = "tesseract"
    oem: int = 1
    timeout_s: float = 60.0
    variables: tuple[tuple[str, str], ...] = (("preserve_interword_spaces", "1"),)

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise ValueError(f"unknown OCR backend {self.backend!r}; expected one of {BACKENDS}")


@dataclass(frozen=True)
class EngineInfo:
    """What :func:`check_ocr_available` found: the resolved config and the engine's identity.

    ``config`` has a concrete backend and tessdata folder: pass it to workers so they
    do not search again. ``load_s`` is what loading the model took (tesserocr only).
    """

    config: EngineConfig
    backend: str
    tesseract_version: str
    tessdata_dir: str
    languages: tuple[str, ...]
    load_s: float = 0.0


@runtime_checkable
class OcrEngine(Protocol):
    """What every OCR backend offers. Both backends here may be called from several threads."""

    name: str
    language: str

    def recognize(self, image: np.ndarray, *, psm: int = PSM_AUTO, dpi: int = 300,
                  timeout_s: float | None = None) -> OcrPage:
        """Read a page: words with boxes and confidences in [0, 1], lines and blocks in reading order."""

    def read_line(self, crop: np.ndarray, *, psm: int = PSM_SINGLE_LINE, whitelist: str | None = None,
                  dpi: int = 300, timeout_s: float | None = None) -> tuple[str, float]:
        """Read one field's crop as one line: its text and a confidence in [0, 1]."""

    def close(self) -> None:
        """Free the model (the engine cannot be used afterwards)."""


# --------------------------------------------------------------------------- errors

def _missing_tesseract(detail: str = "") -> MissingDependencyError:
    return MissingDependencyError("Thiếu Tesseract: hãy cài gói tesseract-ocr",
                                  "Tesseract is missing: install the tesseract-ocr package", detail=detail)


def _missing_language(language: str, tessdata_dir: str) -> MissingDependencyError:
    if language == "vie":
        return MissingDependencyError(
            "Thiếu dữ liệu tiếng Việt: hãy cài gói tesseract-ocr-vie",
            "The Vietnamese language data of Tesseract is missing: install the tesseract-ocr-vie package",
            detail=f"no vie.traineddata in {tessdata_dir}")
    package = f"tesseract-ocr-{language.lower().replace('_', '-')}"
    return MissingDependencyError(
        f"Thiếu dữ liệu ngôn ngữ '{language}' của Tesseract: hãy cài gói {package}",
        f"The Tesseract language data '{language}' is missing: install the {package} package",
        detail=f"no {language}.traineddata in {tessdata_dir}")


def _missing_tesserocr(detail: str = "") -> MissingDependencyError:
    return MissingDependencyError("Thiếu thư viện tesserocr: hãy cài bằng lệnh pip install tesserocr",
                                  "The tesserocr library is missing: pip install tesserocr", detail=detail)


def _ocr_failed(reason_en: str, detail: str = "") -> OcrError:
    return OcrError("Không nhận dạng được chữ trên trang này.", f"OCR failed: {reason_en}", detail=detail)


def _ocr_timed_out(timeout_s: float) -> OcrTimeoutError:
    return OcrTimeoutError(f"Nhận dạng chữ quá lâu (quá {timeout_s:g} giây), đã dừng trang này.",
                    f"OCR timed out after {timeout_s:g} s")


# --------------------------------------------------------------------------- discovery

def _languages(language: str) -> tuple[str, ...]:
    return tuple(part for part in language.split("+") if part)


def find_tesseract(cmd: str = "tesseract") -> str | None:
    """The full path of the ``tesseract`` program, or ``None`` when it is not installed."""
    if os.sep in cmd or (os.altsep and os.altsep in cmd):
        return cmd if os.path.isfile(cmd) and os.access(cmd, os.X_OK) else None
    return shutil.which(cmd)


def _cli_version(binary: str) -> str:
    result = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30,
                            env={**os.environ, **_SINGLE_THREAD_ENV})
    match = re.search(r"tesseract\s+v?(\d+(?:\.\d+)*)", result.stdout + result.stderr)
    return match.group(1) if match else "unknown"


def _cli_tessdata_dir(binary: str) -> str | None:
    result = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30,
                            env={**os.environ, **_SINGLE_THREAD_ENV})
    match = re.search(r'languages in "([^"]+)"', result.stdout + result.stderr)
    return match.group(1) if match else None


def find_tessdata_dir(config: EngineConfig) -> str | None:
    """The folder of ``*.traineddata`` files: the config's, else ``TESSDATA_PREFIX``, else the
    folder the ``tesseract`` program uses, else a distribution's usual place. ``None`` if none exists.
    """
    if config.tessdata_dir is not None:
        return config.tessdata_dir
    candidates: list[str] = []
    if os.environ.get("TESSDATA_PREFIX"):
        prefix = os.environ["TESSDATA_PREFIX"]
        candidates += [prefix, os.path.join(prefix, "tessdata")]
    binary = find_tesseract(config.tesseract_cmd)
    if binary:
        try:
            reported = _cli_tessdata_dir(binary)
        except (OSError, subprocess.SubprocessError):
            reported = None
        if reported:
            candidates.append(reported)
    candidates += KNOWN_TESSDATA_DIRS
    wanted = _languages(config.language)
    existing = [c for c in candidates if os.path.isdir(c)]
    for candidate in existing:
        if all(os.path.isfile(os.path.join(candidate, f"{lang}.traineddata")) for lang in wanted):
            return os.path.normpath(candidate)
    return os.path.normpath(existing[0]) if existing else None


def _installed_languages(tessdata_dir: str) -> tuple[str, ...]:
    return tuple(sorted(p.name.removesuffix(".traineddata") for p in Path(tessdata_dir).glob("*.traineddata")))


def _require_languages(config: EngineConfig) -> str:
    """The tessdata folder holding every language of ``config``, or raise MissingDependencyError."""
    tessdata_dir = find_tessdata_dir(config)
    for lang in _languages(config.language):
        if tessdata_dir is None or not os.path.isfile(os.path.join(tessdata_dir, f"{lang}.traineddata")):
            raise _missing_language(lang, str(tessdata_dir))
    return tessdata_dir


def import_tesserocr():
    """The tesserocr module, loaded with one OpenMP thread and Leptonica's messages off."""
    # OpenMP reads its thread limit when the library loads: set it first unless the
    # person chose otherwise (Debian-built Tesseract uses OpenMP; the wheel's does not).
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    import tesserocr

    _quiet_leptonica()
    return tesserocr


#: Leptonica's ``L_SEVERITY_NONE``: it prints none of its messages.
_LEPTONICA_SILENT = 6


@functools.cache
def _quiet_leptonica() -> None:
    """Stop the Leptonica that Tesseract loaded in this process from writing to standard error.

    On some pages it prints lines such as "Error in pixScanForForeground: invalid box" while
    the page is read all the same; from a worker they reach the officer's terminal, in English,
    among the program's Vietnamese. The library is the one already mapped into this process
    (tesserocr's own copy or the system's); when it cannot be found, nothing changes.
    """
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {line.split()[-1] for line in maps if "lept" in line.rsplit("/", 1)[-1]}
        for path in sorted(paths):
            ctypes.CDLL(path).setMsgSeverity(_LEPTONICA_SILENT)
    except (OSError, AttributeError) as error:  # not Linux, or a Leptonica without the call
        log.debug("Leptonica's messages stay on: %s", type(error).__name__)


def _tesserocr_importable() -> bool:
    try:
        import_tesserocr()
    except ImportError:
        return False
    return True


def check_ocr_available(config: EngineConfig | None = None) -> EngineInfo:
    """Check at startup that the engine can run, and resolve the config for the workers.

    Raises :class:`MissingDependencyError` (exit code 4) naming what is missing and how to
    install it: the ``tesseract-ocr`` package, the language data (``tesseract-ocr-vie``),
    or the tesserocr library when that backend was asked for by name. With the tesserocr
    backend the model is loaded once here, so a damaged ``.traineddata`` is caught too.
    """
    config = config or EngineConfig()
    backend = config.backend
    if backend == "auto":
        backend = "tesserocr" if _tesserocr_importable() else "cli"
    if backend == "tesserocr" and not _tesserocr_importable():
        raise _missing_tesserocr()
    binary = None
    if backend == "cli":
        binary = find_tesseract(config.tesseract_cmd)
        if binary is None:
            raise _missing_tesseract(detail=f"{config.tesseract_cmd!r} not found")
    tessdata_dir = find_tessdata_dir(config)
    if tessdata_dir is None and backend == "tesserocr" and find_tesseract(config.tesseract_cmd) is None:
        # No language data anywhere and no program: Tesseract was never installed.
        raise _missing_tesseract(detail="no tessdata folder and no tesseract program")
    tessdata_dir = _require_languages(config)
    resolved = replace(config, backend=backend, tessdata_dir=tessdata_dir,
                       tesseract_cmd=binary or config.tesseract_cmd)
    load_s = 0.0
    if backend == "tesserocr":
        started = time.perf_counter()
        engine = TesserocrEngine(resolved)
        load_s = time.perf_counter() - started
        version = engine.version
        engine.close()
    else:
        version = _cli_version(binary)
    return EngineInfo(config=resolved, backend=backend, tesseract_version=version,
                      tessdata_dir=tessdata_dir, languages=_installed_languages(tessdata_dir), load_s=load_s)


# --------------------------------------------------------------------------- TSV → OcrPage

def _as_gray_uint8(image: np.ndarray) -> np.ndarray:
    """A C-contiguous 2-D ``uint8`` view of a gray, binary (0/1, 0/255 or bool) or colour image."""
    array = np.asarray(image)
    if array.dtype == np.bool_:
        array = array.astype(np.uint8) * 255
    if array.dtype != np.uint8:
        raise ValueError(f"OCR needs a uint8 image, got {array.dtype}")
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if array.ndim == 3 and array.shape[2] in (3, 4):
        # BGR(A) as OpenCV gives it; the luma weights differ from RGB's only slightly.
        array = np.dot(array[:, :, :3].astype(np.float32), np.float32([0.114, 0.587, 0.299])).astype(np.uint8)
    if array.ndim != 2 or array.size == 0:
        raise ValueError(f"OCR needs a 2-D image, got shape {array.shape}")
    if array.max() == 1:  # a 0/1 binary image would read as all black
        array = array * np.uint8(255)
    return np.ascontiguousarray(array)


def parse_tsv(tsv: str, *, width: int, height: int, engine: str, language: str,
              elapsed_s: float = 0.0) -> OcrPage:
    """Tesseract's TSV output as an :class:`OcrPage` (both backends go through here).

    Rows are ``level page block par line word left top width height conf text``; lines
    (level 4) and words (level 5) come in Tesseract's reading order. Words without text
    and lines without words are dropped; block numbers become 0-based indices in order
    of appearance; confidences go from 0–100 to [0, 1].
    """
    lines: list[OcrLine] = []
    block_indices: dict[tuple[str, str], int] = {}
    current_key: tuple[str, ...] | None = None
    current_box: Box = (0, 0, 0, 0)
    current_block = 0
    words: list[OcrWord] = []

    def close_line() -> None:
        if words:
            lines.append(OcrLine(words=tuple(words), box=current_box, block_index=current_block))

    for row in tsv.splitlines():
        cells = row.split("\t")
        if len(cells) < 11 or not cells[0].isdigit():
            continue  # the header, or a blank row
        level = int(cells[0])
        if level not in (4, 5):
            continue
        key = tuple(cells[1:5])  # page, block, paragraph, line
        box = (int(cells[6]), int(cells[7]), int(cells[8]), int(cells[9]))
        if level == 4 or key != current_key:
            if key != current_key:
                close_line()
                words = []
                current_key = key
                current_block = block_indices.setdefault((cells[1], cells[2]), len(block_indices))
                current_box = box
            if level == 4:
                continue
        text = cells[11].strip() if len(cells) > 11 else ""
        if not text:
            continue
        confidence = min(1.0, max(0.0, float(cells[10]) / 100.0))
        words.append(OcrWord(text=text, confidence=confidence, box=box, line_index=len(lines),
                             block_index=current_block))
    close_line()
    return OcrPage(lines=tuple(lines), width=width, height=height, engine=engine, language=language,
                   elapsed_s=elapsed_s)


def line_reading(page: OcrPage) -> tuple[str, float]:
    """A page read in single-line mode as ``(text, confidence)``: words joined by single spaces,
    confidence the mean of the words' weighted by their length (0 when nothing was read).
    """
    words = page.words
    if not words:
        return "", 0.0
    total = sum(len(word.text) for word in words)
    confidence = sum(word.confidence * len(word.text) for word in words) / total
    return " ".join(word.text for word in words), confidence


# --------------------------------------------------------------------------- backends

class TesserocrEngine:
    """Tesseract in-process through tesserocr; the model is loaded once and reused.

    Calls are serialised with a lock (one Tesseract instance is not re-entrant). The
    timeout is Tesseract's own deadline, checked while words are recognised; the
    worker pool's timeout is the hard stop behind it.
    """

    def __init__(self, config: EngineConfig) -> None:
        try:
            tesserocr = import_tesserocr()
        except ImportError as exc:
            raise _missing_tesserocr(detail=str(exc)) from exc
        tessdata_dir = _require_languages(config)
        self.config = replace(config, backend="tesserocr", tessdata_dir=tessdata_dir)
        self.language = config.language
        try:
            # tesserocr wants the folder with a trailing separator.
            self._api = tesserocr.PyTessBaseAPI(path=os.path.join(tessdata_dir, ""), lang=config.language,
                                                oem=int(config.oem))
        except RuntimeError as exc:
            raise MissingDependencyError(
                "Không nạp được dữ liệu ngôn ngữ của Tesseract: hãy cài lại gói tesseract-ocr-vie",
                "Tesseract could not load its language data: reinstall tesseract-ocr-vie",
                detail=str(exc)) from exc
        for name, value in config.variables:
            self._api.SetVariable(name, value)
        self.version = tesserocr.PyTessBaseAPI.Version().split()[0]
        self.name = f"tesserocr/{self.version}"
        self._lock = threading.Lock()

    def _run(self, gray: np.ndarray, psm: int, dpi: int, whitelist: str | None, timeout_s: float) -> str:
        api = self._api
        height, width = gray.shape
        api.SetPageSegMode(int(psm))
        api.SetImageBytes(gray.tobytes(), width, height, 1, width)
        api.SetSourceResolution(int(dpi))
        if whitelist:
            api.SetVariable("tessedit_char_whitelist", whitelist)
        started = time.perf_counter()
        try:
            if not api.Recognize(timeout=max(1, int(timeout_s * 1000))):
                if time.perf_counter() - started >= timeout_s * 0.9:
                    raise _ocr_timed_out(timeout_s)
                raise _ocr_failed("tesseract could not recognise the page")
            return api.GetTSVText(0)
        finally:
            if whitelist:
                api.SetVariable("tessedit_char_whitelist", "")
            api.Clear()  # drop the page's image and results; the model stays loaded

    def recognize(self, image: np.ndarray, *, psm: int = PSM_AUTO, dpi: int = 300,
                  timeout_s: float | None = None) -> OcrPage:  # noqa: D102
        return self._recognize(image, psm=psm, dpi=dpi, whitelist=None, timeout_s=timeout_s)

    def _recognize(self, image: np.ndarray, *, psm: int, dpi: int, whitelist: str | None,
                   timeout_s: float | None) -> OcrPage:
        gray = _as_gray_uint8(image)
        started = time.perf_counter()
        with self._lock:
            if self._api is None:
                raise _ocr_failed("engine closed")
            tsv = self._run(gray, psm, dpi, whitelist, timeout_s or self.config.timeout_s)
        return parse_tsv(tsv, width=gray.shape[1], height=gray.shape[0], engine=self.name,
                         language=self.language, elapsed_s=time.perf_counter() - started)

    def read_line(self, crop: np.ndarray, *, psm: int = PSM_SINGLE_LINE, whitelist: str | None = None,
                  dpi: int = 300, timeout_s: float | None = None) -> tuple[str, float]:  # noqa: D102
        return line_reading(self._recognize(crop, psm=psm, dpi=dpi, whitelist=whitelist, timeout_s=timeout_s))

    def close(self) -> None:  # noqa: D102
        with self._lock:
            if self._api is not None:
                self._api.End()
                self._api = None


class CliEngine:
    """Tesseract as a subprocess (``tesseract stdin stdout ... tsv``), one process per call.

    The page goes in on standard input as PNG (no temporary file) and the TSV comes
    back on standard output. ``OMP_THREAD_LIMIT=1`` is passed to every
    subprocess. On timeout the subprocess is killed and :class:`OcrError` raised.
    """

    def __init__(self, config: EngineConfig) -> None:
        binary = find_tesseract(config.tesseract_cmd)
        if binary is None:
            raise _missing_tesseract(detail=f"{config.tesseract_cmd!r} not found")
        tessdata_dir = _require_languages(config)
        self.config = replace(config, backend="cli", tessdata_dir=tessdata_dir, tesseract_cmd=binary)
        self.language = config.language
        self.version = _cli_version(binary)
        self.name = f"tesseract-cli/{self.version}"
        self._env = {**os.environ, **_SINGLE_THREAD_ENV}

    def _command(self, psm: int, dpi: int, whitelist: str | None) -> list[str]:
        config = self.config
        command = [config.tesseract_cmd, "stdin", "stdout", "--tessdata-dir", config.tessdata_dir,
                   "-l", config.language, "--oem", str(config.oem), "--psm", str(psm), "--dpi", str(int(dpi))]
        variables = list(config.variables)
        if whitelist:
            variables.append(("tessedit_char_whitelist", whitelist))
        for name, value in variables:
            command += ["-c", f"{name}={value}"]
        return [*command, "tsv"]

    def _recognize(self, image: np.ndarray, *, psm: int, dpi: int, whitelist: str | None,
                   timeout_s: float | None) -> OcrPage:
        import cv2

        gray = _as_gray_uint8(image)
        # PNG, not PGM: tesseract reads standard input slowly, so fewer bytes win (~0.1 s/page).
        ok, encoded = cv2.imencode(".png", gray, [cv2.IMWRITE_PNG_COMPRESSION, 1])
        if not ok:
            raise _ocr_failed("could not encode the page for tesseract")
        timeout_s = timeout_s or self.config.timeout_s
        started = time.perf_counter()
        try:
            result = subprocess.run(self._command(psm, dpi, whitelist), input=encoded.tobytes(),
                                    capture_output=True, timeout=timeout_s, env=self._env)
        except subprocess.TimeoutExpired as exc:
            raise _ocr_timed_out(timeout_s) from exc
        except FileNotFoundError as exc:
            raise _missing_tesseract(detail=str(exc)) from exc
        if result.returncode != 0:
            raise _ocr_failed(f"tesseract exited with {result.returncode}",
                              detail=result.stderr.decode("utf-8", "replace")[-500:])
        return parse_tsv(result.stdout.decode("utf-8", "replace"), width=gray.shape[1], height=gray.shape[0],
                         engine=self.name, language=self.language, elapsed_s=time.perf_counter() - started)

    def recognize(self, image: np.ndarray, *, psm: int = PSM_AUTO, dpi: int = 300,
                  timeout_s: float | None = None) -> OcrPage:  # noqa: D102
        return self._recognize(image, psm=psm, dpi=dpi, whitelist=None, timeout_s=timeout_s)

    def read_line(self, crop: np.ndarray, *, psm: int = PSM_SINGLE_LINE, whitelist: str | None = None,
                  dpi: int = 300, timeout_s: float | None = None) -> tuple[str, float]:  # noqa: D102
        return line_reading(self._recognize(crop, psm=psm, dpi=dpi, whitelist=whitelist, timeout_s=timeout_s))

    def close(self) -> None:  # noqa: D102
        pass


def create_engine(config: EngineConfig | None = None) -> OcrEngine:
    """A new engine for ``config`` (``auto`` picks tesserocr when it is installed, else the CLI)."""
    config = config or EngineConfig()
    backend = config.backend
    if backend == "auto":
        backend = "tesserocr" if _tesserocr_importable() else "cli"
    return TesserocrEngine(config) if backend == "tesserocr" else CliEngine(config)


# --------------------------------------------------------------------------- one engine per worker

# The one piece of per-process state in the recognition layer, on purpose: loading the
# model per page would cost more than reading a small page, so each worker process keeps
# the engine it loaded, keyed by its config.
_process_engines: dict[EngineConfig, OcrEngine] = {}
_process_engines_lock = threading.Lock()


def process_engine(config: EngineConfig | None = None) -> OcrEngine:
    """This process's engine for ``config``, loaded on first use and reused afterwards.

    Worker functions call this; :func:`ocr.pool.init_ocr_worker` loads it ahead of the
    first page. The engine is shared by the threads of the process (its calls are serialised).
    """
    config = config or EngineConfig()
    with _process_engines_lock:
        engine = _process_engines.get(config)
        if engine is None:
            engine = _process_engines[config] = create_engine(config)
        return engine


#: The model of the third reading of numbers and dates written in digits (``ocr.secondlook.
#: third_reread``): not the page's. Tesseract's English model is another network, trained on far
#: more digits than the Vietnamese one; its mistakes on a registration number or a date are not the
#: page reading's, so when the two readings agree that is evidence. Debian's ``tesseract-ocr``
#: depends on ``tesseract-ocr-eng``.
DIGITS_LANGUAGE = "eng"


def digits_engine(engine: OcrEngine, language: str = DIGITS_LANGUAGE) -> OcrEngine | None:
    """This process's engine like ``engine`` but for ``language``, or ``None`` when ``engine`` has no
    config to copy or the language's data is not installed (numbers and dates are then not read a
    third time; logged once)."""
    config = getattr(engine, "config", None)
    if not isinstance(config, EngineConfig) or config.language == language:
        return None
    try:
        return process_engine(replace(config, language=language))
    except MissingDependencyError as exc:
        _warn_no_digits_model(language, exc.message_en)
        return None


@functools.cache
def _warn_no_digits_model(language: str, reason: str) -> None:
    log.warning("numbers and dates are not read a third time: %s (%s)", reason, language)
