"""Decode stored page bytes into Qt images, off the GUI thread.

These functions are handed to the :class:`~ui.worker.TaskRunner`. They decode
with Pillow (which releases the GIL while it works and reads every format the
import accepts) and wrap the pixels in a :class:`QImage` at the end. They
deliberately create no Qt object that Python could override (a ``QBuffer``
for ``QImageReader``, say): Qt calls such objects' virtual methods under its
own locks, each call needs the GIL, and with several decoding threads that
deadlocks.
"""

from __future__ import annotations

import io
import logging

from PIL import Image, ImageOps
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

log = logging.getLogger(__name__)

# Size of the thumbnails in the navigator, in device-independent pixels.
THUMBNAIL_SIZE = QSize(120, 170)


def _to_qimage(image: Image.Image) -> QImage:
    if image.mode in ("1", "L", "I;16", "I", "F"):
        gray = image.convert("L")
        return QImage(
            gray.tobytes(), gray.width, gray.height, gray.width, QImage.Format.Format_Grayscale8
        ).copy()
    rgb = image.convert("RGB")
    # .copy(): the QImage must own its pixels, not borrow the Python bytes.
    return QImage(rgb.tobytes(), rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888).copy()


def _open(data: bytes) -> Image.Image:
    # Imported pages are already upright (the import bakes EXIF rotation in): no transposing here.
    return Image.open(io.BytesIO(data))


def decode_thumbnail(data: bytes, size: QSize = THUMBNAIL_SIZE) -> QImage:
    """A small image of a page that fits in ``size`` (aspect ratio kept)."""
    image = _open(data)
    box = (size.width(), size.height())
    # JPEG decodes straight to a smaller size (DCT scaling): a thumbnail costs a fraction of a page.
    image.draft("RGB", box)
    image = ImageOps.contain(
        image.convert("RGB") if image.mode not in ("RGB", "L") else image, box, Image.Resampling.LANCZOS
    )
    return _to_qimage(image)


def _to_display_qimage(image: Image.Image) -> QImage:
    # The GUI's own pixel format (32-bit), so turning it into a QPixmap on the GUI thread is a plain
    # copy, not a conversion. No QImage.copy(): PySide keeps the bytes alive with the QImage, and a
    # copy of a whole page would hold the GIL (and so stall the GUI thread) for some 20 ms.
    rgb = image.convert("RGB") if image.mode != "RGB" else image
    data = rgb.tobytes("raw", "BGRX")
    return QImage(data, rgb.width, rgb.height, rgb.width * 4, QImage.Format.Format_RGB32)


def decode_page(data: bytes) -> QImage:
    """The whole page at full resolution (32-bit RGB)."""
    image = _open(data)
    image.load()
    return _to_display_qimage(image)


# Clockwise quarter turns as Pillow transpositions.
_TURNS = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}


def scale_page(image: QImage, scale: float, rotation: int = 0) -> QImage:
    """``image`` smoothly scaled by ``scale`` and turned ``rotation`` degrees clockwise (worker thread).

    Done with Pillow, which releases the GIL while it resamples; ``QImage.scaled`` would hold it
    (some 100 ms for a page) and stall the GUI thread just the same as if it ran there.
    """
    if image.format() != QImage.Format.Format_RGB32:
        image = image.convertToFormat(QImage.Format.Format_RGB32)
    source = Image.frombuffer(
        "RGB", (image.width(), image.height()), image.constBits(), "raw", "BGRX", image.bytesPerLine(), 1
    )
    size = (max(1, round(image.width() * scale)), max(1, round(image.height() * scale)))
    scaled = source.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
    if rotation % 360 in _TURNS:
        scaled = scaled.transpose(_TURNS[rotation % 360])
    return _to_display_qimage(scaled)
