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


def decode_page(data: bytes) -> QImage:
    """The whole page at full resolution."""
    image = _open(data)
    image.load()
    return _to_qimage(image)
