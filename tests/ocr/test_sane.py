"""Scanning through SANE, for real, against SANE's virtual ``test`` scanner.

``SANE_CONFIG_DIR`` points at resources/sane, which enables the ``test``
backend only: no hardware is probed and no network backend is loaded.
"""

from __future__ import annotations

import io
import signal
import sys
import threading
from pathlib import Path

import pytest
from PIL import Image

from inspector.errors import CancelledError, MissingDependencyError, UsageError
from inspector.progress import SilentProgress
from ocr.acquire.sane_scanner import ScannerError, list_devices, scan
from tests.conftest import REPO_ROOT

SANE_CONFIG = REPO_ROOT / "resources" / "sane"
DEVICE = "test:0"
#: The test backend's feeder holds this many sheets.
FEEDER_SHEETS = 10


@pytest.fixture(autouse=True)
def test_scanner_only(monkeypatch):
    monkeypatch.setenv("SANE_CONFIG_DIR", str(SANE_CONFIG))


def test_list_shows_the_virtual_scanner_and_what_it_offers():
    devices = list_devices()
    assert [d.name for d in devices] == [DEVICE]
    device = devices[0]
    assert device.available
    assert device.feeds == ("flatbed", "adf")
    assert "Automatic Document Feeder" in device.sources and "Flatbed" in device.sources
    assert set(device.colour_modes) >= {"Color", "Gray"}
    assert 300 in device.resolutions and not device.duplex


def test_feeder_gives_exactly_the_pages_asked_each_distinct_with_its_dpi():
    pages = list(scan(DEVICE, source="adf", pages=3, resolution=100, mode="Color"))
    assert [p.page_number for p in pages] == [1, 2, 3]
    assert len({p.data for p in pages}) == 3, "identical-looking sheets must stay separate pages"
    for page in pages:
        assert page.media_type == "image/jpeg" and page.dpi == 100
        image = Image.open(io.BytesIO(page.data))
        image.load()
        assert image.mode == "RGB" and image.size == (page.width, page.height)
        assert abs(page.width - 827) <= 1 and abs(page.height - 1169) <= 1  # A4 at 100 dpi
        assert round(image.info["dpi"][0]) == 100


def _broken_pipes_ignored_by_the_kernel() -> bool:
    # Python's signal.getsignal() only knows what Python set; /proc knows the truth.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("SigIgn:"):
            return bool(int(line.split()[1], 16) & (1 << (signal.SIGPIPE - 1)))
    return True


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_a_scan_leaves_broken_pipes_harmless_for_the_rest_of_the_program():
    # The test backend resets SIGPIPE to "terminate"; the next write to a dead OCR
    # worker's pipe would then kill the whole app instead of raising BrokenPipeError.
    assert _broken_pipes_ignored_by_the_kernel()
    list(scan(DEVICE, source="adf", pages=2, resolution=50, mode="Gray"))
    assert _broken_pipes_ignored_by_the_kernel()


def test_feeder_run_ends_normally_when_the_feeder_is_empty():
    pages = list(scan(DEVICE, source="adf", resolution=50, mode="Gray"))
    assert len(pages) == FEEDER_SHEETS


def test_flatbed_gives_one_page_and_refuses_many():
    pages = list(scan(DEVICE, source="flatbed", resolution=75, mode="Gray"))
    assert len(pages) == 1 and pages[0].dpi == 75
    assert Image.open(io.BytesIO(pages[0].data)).mode == "L"
    with pytest.raises(UsageError):
        list(scan(DEVICE, source="flatbed", pages=2))


def test_lineart_on_a_scanner_without_it_gives_a_bilevel_png():
    (page,) = scan(DEVICE, resolution=75, mode="Lineart")
    assert page.media_type == "image/png"
    image = Image.open(io.BytesIO(page.data))
    assert image.mode == "1" and round(image.info["dpi"][0]) == 75


class FaultyFeeder:
    """The real test scanner, except that ``start()`` fails with SANE's own error after ``after`` sheets.

    The test backend can inject errors into sane_read itself, but cancelling its
    reader thread mid-page then deadlocks it now and then (a backend bug), so the
    fault is raised where a real feeder reports most of them: when a sheet starts.
    """

    def __init__(self, real, fault: str, after: int) -> None:  # noqa: ANN001 - a sane.SaneDev
        object.__setattr__(self, "_real", real)
        object.__setattr__(self, "_fault", fault)
        object.__setattr__(self, "_left", after)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._real, name)

    def __setattr__(self, name: str, value) -> None:  # noqa: ANN001 - scanner options
        setattr(self._real, name, value)

    def start(self) -> None:
        import _sane

        if self._left == 0:
            raise _sane.error(self._fault)
        object.__setattr__(self, "_left", self._left - 1)
        self._real.start()


def install_fault(monkeypatch, fault: str, after: int) -> None:  # noqa: ANN001
    """Make every scanner opened from now on fail with ``fault`` after ``after`` sheets."""
    import sane

    real_open = sane.open
    monkeypatch.setattr(sane, "open", lambda name: FaultyFeeder(real_open(name), fault, after))


@pytest.mark.parametrize(("fault", "code", "words"), [
    ("Document feeder jammed", "jammed", "kẹt"),
    ("Scanner cover is open", "cover_open", "Nắp máy quét đang mở"),
    ("Device busy", "busy", "đang bận"),
    ("Error during device I/O", "io_error", "Mất kết nối"),
])
def test_a_fault_mid_run_keeps_the_sheets_before_it_and_says_what_to_do(monkeypatch, fault, code, words):
    install_fault(monkeypatch, fault, after=2)
    taken = []
    with pytest.raises(ScannerError) as caught:
        for page in scan(DEVICE, source="adf", resolution=50):
            taken.append(page)
    assert len(taken) == 2
    assert caught.value.status == code and words in caught.value.message_vi
    assert "Đã quét và lưu 2 trang" in caught.value.message_vi
    assert caught.value.exit_code == 3  # an InputFileError to the CLI


def test_an_empty_feeder_before_the_first_sheet_is_an_error(monkeypatch):
    install_fault(monkeypatch, "Document feeder out of documents", after=0)
    with pytest.raises(ScannerError) as caught:
        list(scan(DEVICE, source="adf", resolution=50))
    assert caught.value.status == "no_docs" and "không có giấy" in caught.value.message_vi


def test_an_empty_feeder_after_some_sheets_is_the_normal_end(monkeypatch):
    install_fault(monkeypatch, "Document feeder out of documents", after=4)
    assert len(list(scan(DEVICE, source="adf", resolution=50))) == 4


def test_cancel_button_on_the_scanner_is_a_cancel(monkeypatch):
    install_fault(monkeypatch, "Operation was canceled", after=0)
    with pytest.raises(CancelledError):
        list(scan(DEVICE, resolution=50))


def test_unknown_device_and_missing_duplex_are_explained():
    with pytest.raises(ScannerError) as caught:
        list(scan("test:7"))
    assert caught.value.status == "not_found" and "Không tìm thấy máy quét" in caught.value.message_vi
    with pytest.raises(UsageError, match="two|duplex") as usage:
        list(scan(DEVICE, source="adf-duplex"))
    assert "hai mặt" in usage.value.message_vi


def test_cancel_stops_before_the_next_sheet():
    progress = SilentProgress()
    taken = []
    for page in scan(DEVICE, source="adf", resolution=50, progress=progress):
        taken.append(page)
        if len(taken) == 2:
            progress.cancel()
    assert len(taken) == 2


def test_a_second_thread_is_told_the_scanner_is_busy_not_crashed():
    pages = scan(DEVICE, source="adf", resolution=50)
    next(pages)  # a feeder run is under way in this thread
    errors: list[BaseException] = []
    worker = threading.Thread(target=lambda: _capture(errors, list_devices))
    worker.start()
    worker.join(10)
    assert len(errors) == 1 and isinstance(errors[0], ScannerError) and errors[0].status == "busy"
    assert len(list(pages)) == FEEDER_SHEETS - 1  # the run goes on untouched
    assert [d.name for d in list_devices()] == [DEVICE]  # and the lock is released after it


def _capture(errors: list[BaseException], call) -> None:  # noqa: ANN001
    try:
        call()
    except BaseException as exc:  # noqa: BLE001 - the test inspects it
        errors.append(exc)


def test_without_python_sane_the_error_says_what_to_do(monkeypatch):
    monkeypatch.setitem(sys.modules, "sane", None)
    with pytest.raises(MissingDependencyError) as caught:
        list_devices()
    assert "thư mục theo dõi" in caught.value.message_vi
