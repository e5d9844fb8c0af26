"""The demo pages shipped with the app (``resources/samples``): a fixed plan, so they regenerate identically."""

from __future__ import annotations

import copy
from pathlib import Path

import cv2

from tools.corpus.generate import GeneratedPage, generate_page, write_page

MAX_BYTES = 330_000

# (file stem, seed, record type, layout, level)
PLAN = (
    ("khai-sinh-giay-clean", 1001, "birth", "certificate", "clean"),
    ("khai-sinh-so-scan", 1002, "birth", "register", "scan"),
    ("khai-sinh-giay-phone", 1003, "birth", "certificate", "phone"),
    ("khai-tu-trich-luc-scan", 1004, "death", "certificate", "scan"),
    ("khai-tu-so-clean", 1005, "death", "register", "clean"),
    ("ket-hon-giay-scan", 1006, "marriage", "certificate", "scan"),
    ("ket-hon-so-phone", 1007, "marriage", "register", "phone"),
    ("khai-tu-so-phone", 1008, "death", "register", "phone"),
)


def write_samples(out_dir: Path) -> list[Path]:
    """Write the demo set (JPEG, each under ``MAX_BYTES``) with truth JSON; return the image paths.

    A page too heavy at JPEG quality 60 is scaled down (its truth boxes with it).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for stem, seed, document_type, layout, level in PLAN:
        page = generate_page(seed, document_type=document_type, layout=layout, level=level)
        data = page.encode("jpg")
        quality = int(page.truth["degradation"].get("jpeg_quality", 92))
        while len(data) > MAX_BYTES:
            if quality > 60:
                quality = max(60, quality - 8)
            else:
                page = scale_page(page, 0.85)
            data = _jpeg(page, quality)
        page.truth["degradation"]["saved_jpeg_quality"] = quality
        paths.append(write_page(page, out, stem, "jpg", data=data))
    return paths


def _jpeg(page: GeneratedPage, quality: int) -> bytes:
    ok, buffer = cv2.imencode(".jpg", page.image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return buffer.tobytes()


def scale_page(page: GeneratedPage, factor: float) -> GeneratedPage:
    """The page scaled by ``factor``, every box and region of its truth scaled alike."""
    height, width = page.image.shape[:2]
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    image = cv2.resize(page.image, size, interpolation=cv2.INTER_AREA)
    sx, sy = size[0] / width, size[1] / height

    def scaled(box):
        if box is None:
            return None
        x, y, w, h = box
        x0, y0 = int(x * sx), int(y * sy)
        x1, y1 = min(size[0], int(round((x + w) * sx + 0.5))), min(size[1], int(round((y + h) * sy + 0.5)))
        return [x0, y0, max(1, x1 - x0), max(1, y1 - y0)]

    truth = copy.deepcopy(page.truth)
    truth["dpi"] = int(round(truth["dpi"] * factor))
    truth["degradation"]["saved_scale"] = round(truth["degradation"].get("saved_scale", 1.0) * factor, 4)
    for page_truth in truth["pages"]:
        for record in page_truth["records"]:
            record["region"] = scaled(record["region"])
            record["field_boxes"] = {key: scaled(box) for key, box in record["field_boxes"].items()}
    return GeneratedPage(image, truth, None)
