"""A book as one searchable PDF/A-2B: each stored page image, in page order, under an invisible OCR text layer.

How the file is built, and why this way:

- **Images as stored.** :mod:`img2pdf` wraps each page's image in a PDF page without
  re-encoding it (a JPEG is copied byte for byte, a PNG's data reused), at the page's
  resolution: the one the file declares, else the long side taken as A4's, as
  recognition assumes (:func:`ocr.preprocess.resolution.estimate_dpi`).
- **Text layer from Tesseract's own PDF renderer** in text-only mode
  (``tessedit_create_pdf=1``, ``textonly_pdf=1``): one page of invisible text
  (rendering mode 3) per image, in Tesseract's GlyphLessFont with a ToUnicode map,
  each word placed on its baseline and stretched to its box. This is the layer
  OCRmyPDF's "sandwich" renderer grafts. The other route, hOCR turned into text
  placement, would mean writing font embedding and coordinate code of our own
  (OCRmyPDF's ``hocrtransform``) for no gain in what ``pdftotext`` or a viewer finds.
  Through tesserocr the model is loaded once per worker; without tesserocr the
  ``tesseract`` program is run per page through pytesseract.
- **Pages read in parallel** with :func:`ocr.pool.map_ordered` (one Tesseract thread per
  worker, ``OMP_THREAD_LIMIT=1``); results come back in page order and the document is
  assembled as they arrive. Workers get the image bytes (an encrypted workspace's blobs
  are unsealed here, never on disk) and send back the small text-only PDF.
- **PDF/A-2B** with :func:`pikepdf.pdfa.save`: it adds the sRGB output intent and the
  XMP ``pdfaid`` declaration, writes the file, re-reads what it wrote and validates it
  against the veraPDF rules for 2B; a file that does not pass is not written. The
  title is the book's ("Sổ đăng ký khai sinh – quyển 01/2024"); no other personal data
  goes into the metadata.

A page Tesseract fails on (timeout, crash) keeps its image without text; the result
names it. A page whose image is missing stops the export before any work.
"""

from __future__ import annotations

import io
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO

from inspector import __version__
from inspector.domain import Book, Page
from inspector.errors import CancelledError, InputFileError, StorageError, UsageError
from inspector.progress import Progress
from ocr.engine import EngineConfig, EngineInfo, check_ocr_available
from ocr.pool import default_jobs, map_ordered
from ocr.preprocess.resolution import estimate_dpi
from storage.workspace import WorkspaceStore

log = logging.getLogger(__name__)

#: The PDF/A flavour written: part 2, conformance B (visual appearance).
PDFA_FLAVOUR = "2b"
#: Longest a worker may spend on one page's text layer before it is stopped.
PAGE_TIMEOUT_S = 300.0


@dataclass(frozen=True)
class PdfaResult:
    """What an export wrote: page count, the pages (1-based) left without text, and the time taken."""

    pages: int
    pages_without_text: tuple[int, ...]
    seconds: float


@dataclass(frozen=True)
class TextLayerTask:
    """One page for a worker: its image bytes, the resolution to lay it out at, and the engine."""

    image: bytes
    dpi: int
    config: EngineConfig


def book_title(book: Book) -> str:
    """The document title of a book's PDF, e.g. ``Sổ đăng ký khai sinh – quyển 01/2024``."""
    return f"Sổ đăng ký {book.document_type.label_vi.lower()} – quyển {book.number}"


def page_dpi(image: bytes) -> int:
    """The resolution a page is laid out at: the file's, else its long side taken as A4's."""
    from PIL import Image

    with Image.open(io.BytesIO(image)) as picture:
        declared = picture.info.get("dpi")
        try:
            hint = round(float(declared[0])) if declared else None
        except (TypeError, ValueError, IndexError):
            hint = None
        dpi, _source = estimate_dpi(dpi_hint=hint, page_long_side_px=max(picture.size), page_known=True,
                                    cap_height_px=0.0)
    return dpi


# --------------------------------------------------------------------------- worker side

_worker_apis: dict[EngineConfig, object] = {}  # this worker's loaded Tesseract, per config


def init_text_layer_worker(config: EngineConfig) -> None:
    """Pool initializer: load Tesseract once in this worker (tesserocr backend)."""
    if config.backend == "tesserocr" and config not in _worker_apis:
        import tesserocr

        api = tesserocr.PyTessBaseAPI(path=os.path.join(config.tessdata_dir or "", ""), lang=config.language,
                                      oem=int(config.oem))
        api.SetVariable("tessedit_create_pdf", "1")
        api.SetVariable("textonly_pdf", "1")
        _worker_apis[config] = api


def render_text_layer(task: TextLayerTask) -> bytes:
    """A one-page PDF holding only the page's invisible OCR text, sized ``pixels × 72 / dpi``."""
    config = task.config
    with tempfile.TemporaryDirectory(prefix="pdfa-page-") as folder:
        source = os.path.join(folder, "page.img")  # Leptonica reads the format from the bytes
        with open(source, "wb") as handle:
            handle.write(task.image)
        base = os.path.join(folder, "text")
        if config.backend == "tesserocr":
            init_text_layer_worker(config)
            api = _worker_apis[config]
            api.SetVariable("user_defined_dpi", str(task.dpi))
            if not api.ProcessPages(base, source, timeout=int(config.timeout_s * 1000)):
                raise RuntimeError("tesseract could not render the text layer")
            with open(base + ".pdf", "rb") as handle:
                return handle.read()
        import pytesseract

        pytesseract.pytesseract.tesseract_cmd = config.tesseract_cmd
        options = f"--tessdata-dir {config.tessdata_dir} --oem {int(config.oem)} --dpi {task.dpi} -c textonly_pdf=1"
        return pytesseract.image_to_pdf_or_hocr(source, lang=config.language, config=options, extension="pdf",
                                                timeout=config.timeout_s)


# --------------------------------------------------------------------------- assembly

def _image_page_pdf(image: bytes, dpi: int) -> bytes:
    """A one-page PDF of the image, not re-encoded; an image with alpha is flattened onto white first."""
    import img2pdf

    layout = img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))
    try:
        return img2pdf.convert(image, layout_fun=layout)
    except img2pdf.AlphaChannelError:  # PDF/A-2 would allow it, img2pdf refuses it: flatten
        from PIL import Image

        with Image.open(io.BytesIO(image)) as picture:
            flat = Image.new("RGB", picture.size, "white")
            flat.paste(picture.convert("RGBA"), mask=picture.convert("RGBA").getchannel("A"))
        buffer = io.BytesIO()
        flat.save(buffer, format="PNG")
        return img2pdf.convert(buffer.getvalue(), layout_fun=layout)


def _book_pages(store: WorkspaceStore, book: Book) -> list[Page]:
    pages = sorted(store.pages(book.id), key=lambda page: page.order)
    if not pages:
        raise UsageError(f"Quyển {book.number} chưa có trang nào để xuất PDF/A.",
                         f"book {book.id} has no pages to export")
    for number, page in enumerate(pages, start=1):
        if not store.blobs.exists(page.image_sha256):
            raise StorageError(
                f"Thiếu ảnh của trang {number} trong quyển {book.number}: không xuất được PDF/A. "
                "Hãy nhập lại trang này hoặc khôi phục thư mục làm việc từ bản sao lưu.",
                f"page {number} of book {book.id}: blob {page.image_sha256[:12]}… is missing")
    return pages


def write_book_pdfa(store: WorkspaceStore, book: Book, handle: BinaryIO, *, jobs: int | None = None,
                    progress: Progress | None = None, engine: EngineInfo | None = None) -> PdfaResult:
    """Write the book's searchable PDF/A-2B into ``handle`` (seekable, empty, at its start).

    Raises :class:`~inspector.errors.StorageError` when a page's image is missing or damaged,
    :class:`~inspector.errors.MissingDependencyError` when Tesseract is missing,
    :class:`~inspector.errors.CancelledError` when ``progress`` is cancelled; nothing is
    written to ``handle`` in those cases.
    """
    import pikepdf
    import pikepdf.pdfa

    started = time.perf_counter()
    pages = _book_pages(store, book)  # before the engine check: a missing page is the clearer news
    engine = engine or check_ocr_available()
    dpis: list[int] = []

    def tasks() -> Iterator[TextLayerTask]:
        for page in pages:
            image = store.page_image(page)
            try:
                dpis.append(page_dpi(image))
            except (OSError, ValueError) as exc:
                raise InputFileError("Ảnh trang trong thư mục làm việc không đọc được.",
                                     f"page {page.id}: unreadable image ({type(exc).__name__})") from exc
            yield TextLayerTask(image, dpis[-1], engine.config)

    document = pikepdf.new()
    sources: list[pikepdf.Pdf] = []  # qpdf copies foreign streams when saving: keep them open until then
    without_text: list[int] = []
    cancelled = (lambda: progress.cancelled) if progress is not None else None
    results = map_ordered(render_text_layer, tasks(), jobs=jobs or default_jobs(), timeout_s=PAGE_TIMEOUT_S,
                          cancelled=cancelled, initializer=init_text_layer_worker, initargs=(engine.config,))
    try:
        for result in results:
            number = result.index + 1
            page = pages[result.index]
            picture = pikepdf.open(io.BytesIO(_image_page_pdf(store.page_image(page), dpis[result.index])))
            sources.append(picture)
            document.pages.append(picture.pages[0])
            target = document.pages[-1]
            if result.ok:
                text = pikepdf.open(io.BytesIO(result.value))
                sources.append(text)
                target.add_overlay(text.pages[0], pikepdf.Rectangle(target.mediabox))
            else:
                log.warning("PDF/A export: page %d of book %s has no text layer: %s", number, book.id,
                            getattr(result.error, "message_en", type(result.error).__name__))
                without_text.append(number)
            if progress is not None:
                progress.update(number, len(pages), "")
    finally:
        results.close()
    if progress is not None and progress.cancelled:
        raise CancelledError()

    document.Root.Lang = pikepdf.String("vi-VN")
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with document.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = book_title(book)
        meta["dc:language"] = ["vi-VN"]
        meta["xmp:CreatorTool"] = f"Sổ hộ tịch {__version__}"
        meta["xmp:CreateDate"] = now
        meta["xmp:ModifyDate"] = now
    try:
        pikepdf.pdfa.save(document, handle, PDFA_FLAVOUR, output_intent="sRGB")
    except pikepdf.pdfa.PdfaError as exc:  # a fault of ours: the file written would not be PDF/A
        raise StorageError("Tệp PDF/A tạo ra không đạt chuẩn lưu trữ nên không được ghi.",
                           "the PDF/A written did not pass validation", detail=str(exc)) from exc
    finally:
        for source in sources:
            source.close()
    return PdfaResult(len(pages), tuple(without_text), time.perf_counter() - started)
