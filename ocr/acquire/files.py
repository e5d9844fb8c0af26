"""Read page images from files safely.

Files lie: a text file named ``.jpg``, an empty file, a 40,000 × 40,000 PNG
that would take gigabytes to decode, a PDF that is not one. Each is refused
with an :class:`~inspector.errors.InputFileError` that says in Vietnamese what
is wrong, before any large allocation. The type is read from the content,
never from the name.
"""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from inspector.errors import InputFileError

log = logging.getLogger(__name__)

#: Largest page we accept: an A3 sheet at 600 dpi is about 70 megapixels.
MAX_PIXELS = 120_000_000
MAX_SIDE = 20_000
#: Largest file we open at all.
MAX_FILE_BYTES = 1_000_000_000
MAX_PDF_PAGES = 2_000
PDF_RENDER_DPI = 300

SUPPORTED_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".pdf", ".bmp", ".webp"})

# Pillow's own bomb guard as a second line behind our header check.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


@dataclass(frozen=True)
class SourcePage:
    """One page read from an input: the bytes to store and what they are.

    ``data`` is the original file's bytes for a single-image file (nothing is
    re-encoded), or a lossless PNG / high-quality JPEG for a page rendered from a
    PDF or taken out of a multi-page TIFF.
    """

    source: str
    page_number: int
    data: bytes
    media_type: str
    width: int
    height: int
    dpi: int | None


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if head.startswith(b"BM"):
        return "image/bmp"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if b"%PDF-" in head[:1024]:
        return "application/pdf"
    return None


def log_name(path: Path) -> str:
    """A stand-in for a file's name in English messages and logs.

    Scans are often named after the person on them ("nguyen-van-an.jpg"), and logs
    must carry no personal data; the officer sees the real name in the Vietnamese
    message, and this short digest lets a log line be matched with it.
    """
    return f"file-{hashlib.sha256(str(path).encode('utf-8', 'surrogatepass')).hexdigest()[:10]}{path.suffix.lower()}"


def _refuse(path: Path, message_vi: str, message_en: str, detail: str = "") -> InputFileError:
    # Library messages quote the file's path; the detail goes to the log too.
    detail = detail.replace(str(path), log_name(path)).replace(path.name, log_name(path)) if detail else detail
    return InputFileError(str(path), f"{path.name}: {message_vi}", f"{log_name(path)}: {message_en}", detail=detail)


def expand_inputs(paths: Iterable[str | Path], *, recursive: bool = False) -> list[Path]:
    """Expand folders into their supported files in name order; keep files as given.

    A file named explicitly is always attempted (and refused with a reason if
    it is not a page); inside a folder, files of other kinds are skipped.
    """
    result: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            pattern = path.rglob("*") if recursive else path.iterdir()
            result.extend(sorted((p for p in pattern if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                                  and not p.name.startswith(".")), key=lambda p: str(p.relative_to(path))))
        else:
            result.append(path)
    return result


def _check_dimensions(path: Path, width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise _refuse(path, "ảnh không có kích thước hợp lệ.", "image has no valid size")
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise _refuse(
            path,
            f"ảnh quá lớn ({width} × {height} điểm ảnh); hãy quét lại ở 300 dpi.",
            f"image too large ({width}x{height} px, limit {MAX_SIDE} px a side, {MAX_PIXELS} px)",
        )


def _dpi_of(image: Image.Image) -> int | None:
    dpi = image.info.get("dpi")
    if not dpi:
        return None
    try:
        value = round(float(dpi[0]))
    except (TypeError, ValueError, IndexError):
        return None
    return value if 50 <= value <= 2400 else None


def _encode_page(image: Image.Image) -> tuple[bytes, str]:
    buffer = io.BytesIO()
    if image.mode == "1":
        image.save(buffer, format="PNG", optimize=False)
        return buffer.getvalue(), "image/png"
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    # Scans of paper: high-quality JPEG keeps them small (about 0.5–1 MB an A4 page).
    image.save(buffer, format="JPEG", quality=92, subsampling=0)
    return buffer.getvalue(), "image/jpeg"


def _read_raster(path: Path, data: bytes, media_type: str) -> Iterator[SourcePage]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            _check_dimensions(path, *image.size)
            frames = getattr(image, "n_frames", 1)
            if frames == 1:
                orientation = image.getexif().get(0x0112, 1)
                if orientation in (1, None):
                    width, height, dpi = image.width, image.height, _dpi_of(image)
                    _check_whole(image)  # a truncated or corrupt file fails here, not later in OCR
                    yield SourcePage(str(path), 1, data, media_type, width, height, dpi)
                else:
                    image.load()
                    # Phone photos: bake the EXIF rotation in, so boxes are in the pixels people see.
                    upright = ImageOps.exif_transpose(image)
                    encoded, encoded_type = _encode_page(upright)
                    yield SourcePage(str(path), 1, encoded, encoded_type, upright.width, upright.height,
                                     _dpi_of(image))
                return
            for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
                _check_dimensions(path, *frame.size)
                frame.load()
                encoded, encoded_type = _encode_page(frame.copy())
                yield SourcePage(str(path), number, encoded, encoded_type, frame.width, frame.height,
                                 _dpi_of(frame))
    except InputFileError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _refuse(path, "ảnh quá lớn, có thể là tệp độc hại.", "decompression bomb refused") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _refuse(path, "tệp ảnh bị hỏng hoặc không đọc được (có thể chưa sao chép xong).",
                      "image file is corrupt or truncated", detail=type(exc).__name__) from exc


def _read_pdf(path: Path, data: bytes) -> Iterator[SourcePage]:
    import pypdfium2 as pdfium  # loaded only for PDFs: it brings a large native library

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text:
            raise _refuse(path, "tệp PDF có mật khẩu; hãy gỡ mật khẩu rồi nhập lại.",
                          "PDF is password-protected") from exc
        raise _refuse(path, "tệp PDF bị hỏng hoặc không phải PDF.", "not a readable PDF",
                      detail=str(exc)) from exc
    try:
        count = len(document)
        if count == 0:
            raise _refuse(path, "tệp PDF không có trang nào.", "PDF has no pages")
        if count > MAX_PDF_PAGES:
            raise _refuse(path, f"tệp PDF có quá nhiều trang ({count}).", f"PDF has too many pages ({count})")
        scale = PDF_RENDER_DPI / 72
        for index in range(count):
            page = document[index]
            width_pt, height_pt = page.get_size()
            _check_dimensions(path, round(width_pt * scale), round(height_pt * scale))
            bitmap = page.render(scale=scale, grayscale=False)
            image = bitmap.to_pil()
            encoded, media_type = _encode_page(image)
            yield SourcePage(str(path), index + 1, encoded, media_type, image.width, image.height, PDF_RENDER_DPI)
            page.close()
    except pdfium.PdfiumError as exc:
        raise _refuse(path, "không đọc được một trang của tệp PDF.", "cannot render a PDF page",
                      detail=str(exc)) from exc
    finally:
        document.close()


def read_source(path: str | Path) -> Iterator[SourcePage]:
    """Yield the pages of one input file, or raise :class:`InputFileError` saying why not.

    Pages are yielded one at a time, so a 300-page PDF never sits in memory whole.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise _refuse(path, "không tìm thấy tệp.", "file not found") from exc
    except OSError as exc:
        raise _refuse(path, "không mở được tệp.", f"cannot open file: {exc.strerror}") from exc
    if not path.is_file():
        raise _refuse(path, "không phải là tệp.", "not a regular file")
    if size == 0:
        raise _refuse(path, "tệp rỗng (0 byte).", "file is empty (0 bytes)")
    if size > MAX_FILE_BYTES:
        raise _refuse(path, "tệp quá lớn.", f"file too large ({size} bytes)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _refuse(path, "không đọc được tệp.", f"cannot read file: {exc.strerror}") from exc
    media_type = _sniff(data[:1024])
    if media_type is None:
        raise _refuse(
            path,
            "không phải là ảnh hay PDF (nội dung không khớp với tên tệp).",
            "not an image or PDF (content does not match the name)",
        )
    if media_type == "application/pdf":
        yield from _read_pdf(path, data)
    else:
        yield from _read_raster(path, data, media_type)


def _check_whole(image: Image.Image) -> None:
    """Decode a just-opened image to prove it whole (a cut or damaged file raises). A JPEG is
    decoded at an eighth of its size: its whole stream is still parsed, in a third of the time."""
    if image.format == "JPEG":
        image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
    image.load()


#: How OpenCV decodes the pages whose format and mode it reads exactly as Pillow does, faster
#: (straight to BGR: Pillow's RGB array and the channel swap cost twice the decoding).
_OPENCV_READS = {("JPEG", "RGB"): cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION,
                 ("PNG", "RGB"): cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION,
                 ("JPEG", "L"): cv2.IMREAD_GRAYSCALE | cv2.IMREAD_IGNORE_ORIENTATION,
                 ("PNG", "L"): cv2.IMREAD_GRAYSCALE | cv2.IMREAD_IGNORE_ORIENTATION}


def decode_page_image(data: bytes) -> np.ndarray:
    """Decode stored page bytes to a BGR (or grayscale) uint8 array for OpenCV."""
    image = Image.open(io.BytesIO(data))
    _check_dimensions(Path("page"), *image.size)
    flags = _OPENCV_READS.get((image.format, image.mode))
    if flags is not None:
        decoded = cv2.imdecode(np.frombuffer(data, np.uint8), flags)
        if decoded is not None and decoded.shape[:2] == (image.height, image.width):
            return decoded
    if image.mode in ("1", "L", "I;16", "I"):
        return np.asarray(image.convert("L"))
    rgb = np.asarray(image.convert("RGB"))
    return np.ascontiguousarray(rgb[:, :, ::-1])
