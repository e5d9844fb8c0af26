"""Scan pages from a scanner through SANE (Linux), one page at a time.

SANE's own vocabulary differs from one driver to the next ("Color" or
"24bit Color", "ADF" or "Automatic Document Feeder" or "ADF Duplex"); this
module maps the three things an officer chooses (colour mode, flatbed or
feeder, one or both sides) onto whatever the device offers, and turns SANE's
status strings into :class:`ScannerError` with a Vietnamese message.

python-sane wraps a C library whose state is process-wide and not
thread-safe: every SANE call here runs under one lock, and a scan holds it
from its first page to its last, so iterate a :func:`scan` in one thread and
do not list devices while it runs (the second caller gets "máy quét đang
bận" instead of a crash).

For tests and demos, ``SANE_CONFIG_DIR=resources/sane`` enables only SANE's
virtual ``test`` scanner: no hardware is probed and no network backend loaded.
"""

from __future__ import annotations

import ctypes
import io
import logging
import signal
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from PIL import Image, PngImagePlugin

from inspector.errors import CancelledError, InputFileError, MissingDependencyError, UsageError
from ocr.acquire.files import SourcePage

log = logging.getLogger(__name__)

#: What the officer chooses; each is mapped onto the device's own names.
MODES = ("Color", "Gray", "Lineart")
SOURCES = ("flatbed", "adf", "adf-duplex")
#: Resolutions offered when a device accepts a whole range.
STANDARD_RESOLUTIONS = (75, 100, 150, 200, 240, 300, 400, 600, 1200)
JPEG_QUALITY = 92

# One lock for the one SANE library of the process (see the module docstring).
_SANE_LOCK = threading.Lock()


class Progress(Protocol):
    """The part of :class:`inspector.progress.Progress` a scan uses."""

    def update(self, done: int, total: int | None, message: str = "") -> None: ...  # noqa: D102

    @property
    def cancelled(self) -> bool: ...  # noqa: D102


class ScannerError(InputFileError):
    """The scanner refused or failed: busy, jammed, cover open, feeder empty, not found.

    ``status`` is a stable code (``busy``, ``jammed``, ``cover_open``, ``no_docs``,
    ``io_error``, ``no_memory``, ``access_denied``, ``not_found``, ``invalid``,
    ``warming_up``, ``locked``, ``unsupported``, ``unknown``) the GUI may use to
    offer "try again"; ``path`` is the device name.
    """

    def __init__(self, device: str, status: str, message_vi: str, message_en: str, *, detail: str = "") -> None:
        super().__init__(device, message_vi, message_en, detail=detail)
        self.status = status


@dataclass(frozen=True)
class ScannerDevice:
    """A scanner SANE can see, and what it offers.

    ``modes`` and ``sources`` are the device's own names (e.g. "Automatic
    Document Feeder"); :attr:`colour_modes` and :attr:`feeds` say which of our
    choices (:data:`MODES`, :data:`SOURCES`) it can do. ``available`` is false
    when the device is listed but could not be opened to read its options
    (another program holds it).
    """

    name: str
    vendor: str
    model: str
    type: str
    resolutions: tuple[int, ...] = ()
    modes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    duplex: bool = False
    available: bool = True

    @property
    def label(self) -> str:
        """Vendor and model, as shown to the officer."""
        return f"{self.vendor} {self.model}".strip() or self.name

    @property
    def feeds(self) -> tuple[str, ...]:
        """Which of ``flatbed``, ``adf``, ``adf-duplex`` the device offers."""
        kinds = []
        if not self.sources or any(_source_kind(s) == "flatbed" for s in self.sources):
            kinds.append("flatbed")
        if any(_source_kind(s) in ("adf", "adf-duplex") for s in self.sources):
            kinds.append("adf")
        if self.duplex:
            kinds.append("adf-duplex")
        return tuple(kinds)

    @property
    def colour_modes(self) -> tuple[str, ...]:
        """Which of ``Color``, ``Gray``, ``Lineart`` the device offers (Lineart also via 1-bit Gray)."""
        offered = {_mode_kind(m) for m in self.modes} - {None}
        return tuple(m for m in MODES if m in offered) or ("Gray",)


# ------------------------------------------------------------------ vocabulary
def _mode_kind(name: str) -> str | None:
    text = name.lower()
    if "color" in text or "colour" in text or text == "rgb":
        return "Color"
    if "gray" in text or "grey" in text:
        return "Gray"
    if text in ("lineart", "binary", "black & white", "black and white", "monochrome", "mono"):
        return "Lineart"
    return None


def _source_kind(name: str) -> str | None:
    text = name.lower()
    if "duplex" in text:
        return "adf-duplex"
    if "back" in text or "rear" in text:
        return None  # the back side only: never what an officer means
    if "adf" in text or "feeder" in text or "automatic document" in text:
        return "adf"
    if "flatbed" in text or text in ("normal", "document table", "glass"):
        return "flatbed"
    return None


# SANE's status strings (sane_strstatus, never translated) → code, Vietnamese, English.
_STATUS = {
    "Device busy": ("busy", "Máy quét đang bận (có thể chương trình khác đang dùng). Hãy đợi rồi thử lại.",
                    "scanner busy"),
    "Document feeder jammed": ("jammed", "Giấy bị kẹt trong khay nạp. Hãy gỡ tờ bị kẹt rồi quét tiếp từ tờ đó.",
                               "document feeder jammed"),
    "Scanner cover is open": ("cover_open", "Nắp máy quét đang mở. Hãy đóng nắp rồi thử lại.",
                              "scanner cover open"),
    "Document feeder out of documents": ("no_docs", "Khay nạp giấy không có giấy. Hãy đặt giấy vào khay rồi thử lại.",
                                         "document feeder empty"),
    "Error during device I/O": ("io_error", "Mất kết nối với máy quét. Hãy kiểm tra cáp, nguồn điện rồi thử lại.",
                                "scanner I/O error"),
    "Out of memory": ("no_memory", "Không đủ bộ nhớ để quét; hãy chọn độ phân giải thấp hơn.", "out of memory"),
    "Access to resource has been denied": ("access_denied", "Tài khoản này không có quyền dùng máy quét.",
                                           "access to the scanner denied"),
    "Invalid argument": ("invalid", "Máy quét không nhận thiết lập này.", "scanner refused a setting"),
    "Operation not supported": ("unsupported", "Máy quét không hỗ trợ thao tác này.", "operation not supported"),
    "Lamp not ready, please retry": ("warming_up", "Đèn máy quét chưa sẵn sàng; đợi vài giây rồi thử lại.",
                                     "lamp warming up"),
    "Scanner mechanism locked for transport": ("locked", "Máy quét đang khoá vận chuyển; hãy mở khoá rồi thử lại.",
                                               "scanner locked for transport"),
}


def _scanner_error(device: str, exc: BaseException, *, pages_done: int = 0) -> ScannerError | CancelledError:
    text = str(exc)
    if text in ("Operation was canceled", "Operation was cancelled"):  # the scanner's own Cancel button
        return CancelledError()
    status, message_vi, message_en = _STATUS.get(
        text, ("unknown", "Máy quét báo lỗi; hãy tắt, bật lại máy quét rồi thử lại.", "scanner error"))
    if pages_done:
        message_vi += f" Đã quét và lưu {pages_done} trang trước đó."
        message_en += f" after {pages_done} page(s)"
    return ScannerError(device, status, message_vi, f"{device}: {message_en}", detail=text)


# ----------------------------------------------------------------- SANE access
def _load_sane() -> tuple[Any, type[BaseException]]:
    try:
        import _sane
        import sane
    except ImportError as exc:
        raise MissingDependencyError(
            "Chưa cài thư viện điều khiển máy quét (SANE, gói python-sane). Có thể quét ra thư mục "
            "rồi dùng chức năng thư mục theo dõi.",
            "python-sane (SANE) is not installed", detail=str(exc)) from exc
    return sane, _sane.error


class _Session:
    """sane.init() … sane.exit() under the process-wide lock."""

    def __enter__(self) -> tuple[Any, type[BaseException]]:
        sane, self._error = _load_sane()
        if not _SANE_LOCK.acquire(blocking=False):
            raise ScannerError("", "busy", "Máy quét đang được dùng cho một lượt quét khác; hãy đợi lượt đó xong.",
                               "SANE is in use by another scan in this process")
        try:
            sane.init()
        except self._error as exc:
            _SANE_LOCK.release()
            raise _scanner_error("", exc) from exc
        self._sane = sane
        return sane, self._error

    def __exit__(self, *exc_info: object) -> None:
        try:
            self._sane.exit()
        finally:
            _SANE_LOCK.release()


def _keep_broken_pipes_harmless() -> None:
    """Put SIGPIPE back to "ignored" after a scan.

    Some SANE backends (the virtual test scanner among them) reset SIGPIPE to its
    default while reading, which would kill the whole program on its next write to a
    closed pipe (a dead OCR worker, a closed socket) instead of raising
    ``BrokenPipeError``. Python's own table still says "ignored", so this goes
    through libc, which also works outside the main thread.
    """
    if signal.getsignal(signal.SIGPIPE) != signal.SIG_IGN:
        return  # the program chose another handling; leave it
    try:
        ctypes.CDLL(None).signal(int(signal.SIGPIPE), ctypes.c_void_p(1))  # 1 == SIG_IGN
    except (OSError, AttributeError):
        log.debug("Could not restore SIGPIPE handling", exc_info=True)


def _describe(handle: Any, name: str, vendor: str, model: str, kind: str) -> ScannerDevice:
    options = handle.opt
    resolutions: tuple[int, ...] = ()
    modes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    if "resolution" in options:
        resolutions = _offered_resolutions(options["resolution"].constraint)
    if "mode" in options and isinstance(options["mode"].constraint, list):
        modes = tuple(str(m) for m in options["mode"].constraint)
    if "source" in options and isinstance(options["source"].constraint, list):
        sources = tuple(str(s) for s in options["source"].constraint)
    duplex = (any(_source_kind(s) == "adf-duplex" for s in sources) or "duplex" in options
              or ("adf_mode" in options and "Duplex" in (options["adf_mode"].constraint or ())))
    return ScannerDevice(name, vendor, model, kind, resolutions, modes, sources, duplex)


def _offered_resolutions(constraint: Any) -> tuple[int, ...]:
    if isinstance(constraint, tuple) and len(constraint) == 3:
        low, high, _step = constraint
        return tuple(r for r in STANDARD_RESOLUTIONS if low <= r <= high) or (int(low), int(high))
    if isinstance(constraint, list):
        return tuple(sorted({int(round(float(r))) for r in constraint}))
    return ()


def list_devices(*, local_only: bool = False) -> list[ScannerDevice]:
    """Scanners SANE can see now, each opened briefly to read what it offers.

    A device another program holds is still listed, with ``available=False``.
    """
    with _Session() as (sane, sane_error):
        try:
            found = sane.get_devices(local_only)
        except sane_error as exc:
            raise _scanner_error("", exc) from exc
        devices = []
        for name, vendor, model, kind in found:
            try:
                handle = sane.open(name)
            except sane_error as exc:
                log.warning("Cannot open scanner %s to read its options: %s", name, exc)
                devices.append(ScannerDevice(name, vendor, model, kind, available=False))
                continue
            try:
                devices.append(_describe(handle, name, vendor, model, kind))
            finally:
                handle.close()
        return devices


@dataclass(frozen=True)
class _Settings:
    feeder: bool
    dpi: int | None
    mode: str


def _set(handle: Any, option: str, value: Any) -> None:
    setattr(handle, option, value)


def _configure(handle: Any, device: str, *, resolution: int, mode: str, source: str,
               options: Mapping[str, Any]) -> _Settings:
    described = _describe(handle, device, "", "", "")
    opts = handle.opt
    # Source first: on many drivers it changes which resolutions and modes exist.
    if "source" in opts and described.sources:
        wanted = "adf-duplex" if source == "adf-duplex" else source
        names = [s for s in described.sources if _source_kind(s) == wanted]
        if not names and source == "adf-duplex":
            names = [s for s in described.sources if _source_kind(s) == "adf"]
        if not names:
            raise UsageError(f"Máy quét này không có {_SOURCE_VI[source]}.", f"device has no {source} source")
        _set(handle, "source", names[0])
    elif source != "flatbed":
        raise UsageError(f"Máy quét này không có {_SOURCE_VI[source]}.", f"device has no {source} source")
    if source == "adf-duplex" and _source_kind(getattr(handle, "source", "") or "") != "adf-duplex":
        if "duplex" in opts:
            _set(handle, "duplex", True)
        elif "adf_mode" in opts:
            _set(handle, "adf_mode", "Duplex")
        else:
            raise UsageError("Máy quét này không quét được hai mặt.", "device has no duplex mode")

    opts = handle.opt
    modes = tuple(opts["mode"].constraint) if "mode" in opts and isinstance(opts["mode"].constraint, list) else ()
    depth_wanted = 8
    matches = [m for m in modes if _mode_kind(m) == mode]
    if matches:
        _set(handle, "mode", matches[0])
    elif mode == "Lineart" and "depth" in opts and 1 in (opts["depth"].constraint or ()) \
            and any(_mode_kind(m) == "Gray" for m in modes):
        # Drivers without a Lineart mode often give 1-bit Gray, which is the same thing.
        _set(handle, "mode", next(m for m in modes if _mode_kind(m) == "Gray"))
        depth_wanted = 1
    elif modes:
        raise UsageError(f"Máy quét này không có chế độ {_MODE_VI[mode]}.", f"device has no {mode} mode")
    opts = handle.opt
    if "depth" in opts and opts["depth"].is_active() and opts["depth"].is_settable() \
            and depth_wanted in (opts["depth"].constraint or ()):
        _set(handle, "depth", depth_wanted)  # 16-bit samples would be misread as 8-bit pages

    dpi: int | None = None
    if "resolution" in opts:
        offered = _offered_resolutions(opts["resolution"].constraint)
        constraint = opts["resolution"].constraint
        if isinstance(constraint, tuple) and constraint[0] <= resolution <= constraint[1]:
            chosen = resolution
        else:
            chosen = min(offered, key=lambda r: abs(r - resolution)) if offered else resolution
        _set(handle, "resolution", chosen)
        dpi = int(round(float(handle.resolution)))
    for key, value in options.items():
        option = key.replace("-", "_")
        if option not in handle.opt:
            raise UsageError(f"Máy quét không có tuỳ chọn «{key}».", f"device has no option {key!r}")
        _set(handle, option, value)
    return _Settings(feeder=source != "flatbed", dpi=dpi, mode=mode if depth_wanted == 8 else "Lineart")


_SOURCE_VI = {"flatbed": "mặt kính", "adf": "khay nạp giấy tự động", "adf-duplex": "khay nạp giấy hai mặt"}
_MODE_VI = {"Color": "quét màu", "Gray": "quét xám", "Lineart": "quét đen trắng"}


def _encode(image: Image.Image, *, mode: str, dpi: int | None, device: str, page_number: int,
            image_format: str) -> tuple[bytes, str]:
    # Every scan is a new sheet of paper: the acquisition stamp keeps two scans of
    # identical-looking sheets (blank pages) apart, where the book's dedupe would merge them.
    stamp = (f"so-ho-tich scan; device={device}; page={page_number}; "
             f"at={datetime.now(UTC).isoformat(timespec='microseconds')}")
    buffer = io.BytesIO()
    dpi_pair = (dpi, dpi) if dpi else None
    png = image_format == "png" or (image_format == "auto" and mode == "Lineart")
    if png:
        if mode == "Lineart":
            image = image.convert("1")
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", stamp)
        extra = {"dpi": dpi_pair} if dpi_pair else {}
        image.save(buffer, format="PNG", pnginfo=info, **extra)
        return buffer.getvalue(), "image/png"
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    extra = {"dpi": dpi_pair} if dpi_pair else {}
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY, subsampling=0, comment=stamp.encode(), **extra)
    return buffer.getvalue(), "image/jpeg"


def scan(device: ScannerDevice | str, *, resolution: int = 300, mode: str = "Color", source: str = "flatbed",
         pages: int | None = None, progress: Progress | None = None, image_format: str = "auto",
         options: Mapping[str, Any] | None = None) -> Iterator[SourcePage]:
    """Scan and yield each page as soon as the scanner delivers it.

    ``source`` is ``flatbed`` (one page), ``adf`` or ``adf-duplex`` (until the
    feeder is empty, or ``pages`` pages). ``mode`` is ``Color``, ``Gray`` or
    ``Lineart``. Pages come as JPEG (Color, Gray) or PNG (Lineart) with their
    dpi; ``image_format`` ``png`` or ``jpeg`` forces one. ``options`` sets
    driver-specific SANE options by name. Cancelling through ``progress``
    stops before the next sheet. Raises :class:`ScannerError` (busy, jammed,
    cover open, feeder empty before the first sheet, not found),
    :class:`UsageError` for a mode or source the device lacks, or
    :class:`MissingDependencyError` without python-sane.
    """
    if mode not in MODES:
        raise UsageError(f"Chế độ quét không hợp lệ: {mode}.", f"unknown scan mode {mode!r}")
    if source not in SOURCES:
        raise UsageError(f"Nguồn giấy không hợp lệ: {source}.", f"unknown scan source {source!r}")
    if pages is not None and pages < 1:
        raise UsageError("Số trang cần quét phải từ 1 trở lên.", "pages must be at least 1")
    if source == "flatbed" and pages not in (None, 1):
        raise UsageError("Mặt kính chỉ quét một trang mỗi lần; dùng khay nạp giấy để quét nhiều trang.",
                         "a flatbed scans one page at a time")
    if image_format not in ("auto", "png", "jpeg"):
        raise UsageError(f"Định dạng ảnh không hợp lệ: {image_format}.", f"unknown image format {image_format!r}")
    name = device if isinstance(device, str) else device.name
    with _Session() as (sane, sane_error):
        try:
            handle = sane.open(name)
        except sane_error as exc:
            if str(exc) == "Invalid argument":
                raise ScannerError(name, "not_found", f"Không tìm thấy máy quét «{name}». Hãy kiểm tra máy đã "
                                   "bật và cắm cáp, rồi xem danh sách máy quét.", "scanner not found") from exc
            raise _scanner_error(name, exc) from exc
        try:
            try:
                settings = _configure(handle, name, resolution=resolution, mode=mode, source=source,
                                      options=options or {})
            except (sane_error, AttributeError) as exc:
                raise _scanner_error(name, exc) from exc
            yield from _sheets(handle, sane_error, name, settings, pages if settings.feeder else 1,
                               progress, image_format)
        finally:
            for step in (handle.cancel, handle.close):
                try:
                    step()
                except Exception:  # noqa: BLE001 - closing a device that already failed
                    log.debug("Ignoring error while releasing scanner", exc_info=True)


def _sheets(handle: Any, sane_error: type[BaseException], name: str, settings: _Settings, limit: int | None,
            progress: Progress | None, image_format: str) -> Iterator[SourcePage]:
    done = 0
    while limit is None or done < limit:
        if progress is not None:
            if progress.cancelled:
                return
            progress.update(done, limit, f"đang quét trang {done + 1}")
        try:
            handle.start()
            # In a feeder run, no_cancel keeps the batch going between sheets.
            image = handle.snap(settings.feeder)
        except sane_error as exc:
            if str(exc) == "Document feeder out of documents" and settings.feeder and done:
                return  # the normal end of a feeder run
            raise _scanner_error(name, exc, pages_done=done) from exc
        except RuntimeError as exc:  # python-sane: "Scanner returned no data"
            raise ScannerError(name, "io_error", "Máy quét không gửi dữ liệu ảnh; hãy thử lại.",
                               f"{name}: scanner returned no data", detail=str(exc)) from exc
        finally:
            _keep_broken_pipes_harmless()
        done += 1
        data, media_type = _encode(image, mode=settings.mode, dpi=settings.dpi, device=name, page_number=done,
                                   image_format=image_format)
        yield SourcePage(name, done, data, media_type, image.width, image.height, settings.dpi)
    if progress is not None:
        progress.update(done, limit, "")
