"""One generated page (image + ground truth) from a seed, and whole corpora on disk.

The truth of a page (``GeneratedPage.truth``, written as ``NAME.json``)::

    {"image": "0001.jpg", "seed": 7, "document_type": "birth", "layout": "certificate" | "register",
     "dpi": 300, "holdout": false,
     "degradation": {"level": "scan", "skew_deg": 1.2, "jpeg_quality": 85, ...every parameter drawn},
     "style": {"name": "tinos/handwriting:andika/blocks", "label_family": ..., ...every choice},
     "pages": [{"page": 1, "records": [{
         "record_index": 0,
         "region": [x, y, w, h],                  # the record's box (the whole page for a certificate)
         "fields": {key: value},                  # every key of fields.md for the type, blank = ""
         "field_boxes": {key: [x, y, w, h] | null},   # null where the value is blank
         "planted_issues": ["personal_id_birth_year_mismatch"],
         "planted_issue_fields": {code: [keys]},
         "printed": {key: text},                  # how the page printed a value when it differs
                                                  # ("26/2/2003", "10 giờ 30 phút", "ngày 05 tháng 3 năm 2020")
         "extras": {...},                         # registration kind (đúng hạn/quá hạn/đăng ký lại), signer,
                                                  # officer, death notice, declarant's relationship
         "date_in_words_spells": "2003-02-26"}]}]}   # births: the date the words spell

Boxes are in pixels of the final image (after skew, perspective, quarter turns). On
register pages ``book_number`` and ``registration_authority`` are printed once in
the page header, so their boxes lie outside the record's region. A spread lists
its two pages, each with its records, all in the one image's pixels.
"""

from __future__ import annotations

import dataclasses
import json
import random
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from tools.corpus.certificate import A4, render_certificate
from tools.corpus.content import Book, Record, clean, draw_book, make_record
from tools.corpus.degrade import LEVELS, degrade, draw_params, transform_box
from tools.corpus.register import PageFull, page_size, render_register
from tools.corpus.render import Sheet
from tools.corpus.styles import PageStyle, draw_style

DOCUMENT_TYPES = ("birth", "death", "marriage")
LAYOUTS = ("certificate", "register")
LEVEL_NUMBERS = dict(enumerate(LEVELS))          # 0 clean, 1 scan, 2 poor, 3 phone, 4 spread
LEVEL_WEIGHTS = {"clean": 25, "scan": 35, "poor": 18, "phone": 15, "spread": 7}


@dataclass(frozen=True)
class GeneratedPage:
    """A generated image (BGR uint8, as ``cv2.imread`` gives) and its ground truth (JSON-ready dict)."""

    image: np.ndarray
    truth: dict
    jpeg: bytes | None = None      # the exact JPEG bytes behind ``image`` when the level compressed it

    @property
    def records(self) -> list[dict]:
        """Every record of every page, in reading order."""
        return [record for page in self.truth["pages"] for record in page["records"]]

    @property
    def style(self) -> str:
        """A short name of the page style ("tinos/handwriting:andika/blocks")."""
        return self.truth["style"]["name"]

    def rgb(self) -> np.ndarray:
        """The image as RGB (for PIL and display)."""
        return np.ascontiguousarray(self.image[:, :, ::-1])

    def encode(self, image_format: str = "jpg") -> bytes:
        """The image file's bytes: the level's own JPEG when there is one, else JPEG q92 or PNG."""
        image_format = image_format.lower().lstrip(".")
        if image_format in ("jpg", "jpeg"):
            if self.jpeg is not None:
                return self.jpeg
            ok, buffer = cv2.imencode(".jpg", self.image, [cv2.IMWRITE_JPEG_QUALITY, 92])
        elif image_format == "png":
            ok, buffer = cv2.imencode(".png", self.image, [cv2.IMWRITE_PNG_COMPRESSION, 6])
        else:
            raise ValueError(f"unsupported image format {image_format!r} (jpg or png)")
        if not ok:
            raise RuntimeError("image encoding failed")
        return buffer.tobytes()


def _level_name(level: str | int | None) -> str | None:
    if level is None or isinstance(level, str):
        if isinstance(level, str) and level not in LEVELS:
            raise ValueError(f"unknown level {level!r}; one of {', '.join(LEVELS)}")
        return level
    if int(level) not in LEVEL_NUMBERS:
        raise ValueError(f"unknown level number {level!r}; 0-{len(LEVELS) - 1}")
    return LEVEL_NUMBERS[int(level)]


def generate_page(seed: int, *, document_type: str | None = None, layout: str | None = None,
                  level: str | int | None = None, holdout: bool = False,
                  held_out: bool | None = None) -> GeneratedPage:
    """Render one page from ``seed``: same seed and arguments, same bytes.

    ``document_type`` (birth/death/marriage), ``layout`` (certificate/register)
    and ``level`` (clean/scan/poor/phone/spread, or 0-4) are drawn from the seed
    when not given; ``spread`` is two register pages side by side. ``holdout``
    (alias ``held_out``) uses only fonts and layouts kept out of the normal set.
    """
    holdout = bool(held_out) if held_out is not None else holdout
    rng = random.Random(f"tools.corpus:{seed}")
    noise_rng = np.random.default_rng([int(seed) & 0xFFFFFFFF, 0xC0FFEE])
    document_type = document_type or rng.choice(DOCUMENT_TYPES)
    if document_type not in DOCUMENT_TYPES:
        raise ValueError(f"unknown document type {document_type!r}")
    level = _level_name(level)
    if layout is not None and layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    if level == "spread" and layout == "certificate":
        raise ValueError("a spread is two register pages: use layout 'register'")
    if level is None:
        choices = [name for name in LEVELS if not (name == "spread" and layout == "certificate")]
        level = rng.choices(choices, weights=[LEVEL_WEIGHTS[name] for name in choices])[0]
    if layout is None:
        layout = "register" if level == "spread" else rng.choice(LAYOUTS)
    params = draw_params(level, noise_rng)
    style = draw_style(rng, layout_kind=layout, document_type=document_type, holdout=holdout)
    if level == "spread" and style.layout == "columns":
        style = dataclasses.replace(style, layout="blocks")
    book = draw_book(rng, document_type)
    dpi = params["dpi"]
    if layout == "certificate":
        record = make_record(rng, book, register=False)
        sheet = Sheet(*A4, dpi, style, rng)
        render_certificate(sheet, record, rng)
        sheets = [(sheet, [record])]
    else:
        page_number = rng.randint(2, 180)
        sheets = []
        for side in range(2 if level == "spread" else 1):
            sheets.append(_register_page(rng, book, style, dpi, page_number + side))
    degraded = degrade([np.asarray(sheet.image) for sheet, _ in sheets], params, noise_rng)
    height, width = degraded.image.shape[:2]
    pages = []
    for number, ((sheet, records), matrix) in enumerate(zip(sheets, degraded.matrices, strict=True), start=1):
        pages.append({"page": number, "records": [
            _record_truth(index, record, sheet, matrix, width, height) for index, record in enumerate(records)]})
    truth = {
        "image": "",
        "seed": int(seed),
        "document_type": document_type,
        "layout": layout,
        "dpi": degraded.dpi,
        "holdout": holdout,
        "degradation": degraded.params,
        "style": {"name": style.name, **style.describe()},
        "pages": pages,
    }
    return GeneratedPage(degraded.image, truth, degraded.jpeg)


def _register_page(rng: random.Random, book: Book, style: PageStyle, dpi: int,
                   page_number: int) -> tuple[Sheet, list[Record]]:
    """One register page; smaller type, then fewer entries, until the entries fit."""
    count = rng.choices((1, 2, 3), weights=(3, 6, 2 if style.layout != "blocks" else 1))[0]
    records = [make_record(rng, book, register=True) for _ in range(count)]
    for attempt in range(8):
        sheet = Sheet(*page_size(style.layout), dpi, style, rng)
        try:
            render_register(sheet, book, records, rng, page_number)
            return sheet, records
        except PageFull:
            if attempt % 2 == 1 and len(records) > 1:
                records = records[:-1]
            else:
                style = dataclasses.replace(style, size_pt=round(style.size_pt * 0.9, 2),
                                            line_spacing=max(1.15, round(style.line_spacing * 0.92, 3)))
    raise RuntimeError("register entries do not fit on a page")


def _record_truth(index: int, record: Record, sheet: Sheet, matrix: np.ndarray, width: int, height: int) -> dict:
    boxes = sheet.boxes.get(index, {})
    region = sheet.regions.get(index, (0, 0, sheet.width, sheet.height))
    fields = {key: clean(value) for key, value in record.values.items()}
    field_boxes = {key: (transform_box(boxes[key], matrix, width, height) if fields[key] and key in boxes else None)
                   for key in fields}
    printed = {key: clean(text) for key, text in record.printed.items()
               if key in fields and clean(text) != fields[key] and fields[key]}
    extras = {key: value for key, value in record.extras.items() if key != "signer_above"}
    out = {
        "record_index": index,
        "region": transform_box(region, matrix, width, height),
        "fields": fields,
        "field_boxes": field_boxes,
        "planted_issues": list(record.planted),
        "planted_issue_fields": {code: list(keys) for code, keys in record.planted_fields.items()},
        "printed": printed,
        "extras": extras,
    }
    if record.words_date is not None:
        year, month, day = record.words_date
        out["date_in_words_spells"] = f"{year:04d}-{month:02d}-{day:02d}"
    return out


def plan(index: int, seed: int, types: tuple[str, ...], layouts: tuple[str, ...],
         levels: tuple[str, ...]) -> tuple[str, str, str]:
    """(document type, layout, level) of page ``index`` of a corpus; spreads only where registers are allowed."""
    rng = random.Random(f"tools.corpus.plan:{seed}:{index}")
    usable = [level for level in levels if level != "spread" or "register" in layouts]
    if not usable:
        raise ValueError("level 'spread' needs layout 'register'")
    level = rng.choices(usable, weights=[LEVEL_WEIGHTS[name] for name in usable])[0]
    layout = "register" if level == "spread" else rng.choice(layouts)
    return rng.choice(types), layout, level


def generate_corpus(out_dir: str | Path, count: int, seed: int, *, types: tuple[str, ...] | list[str] = DOCUMENT_TYPES,
                    layouts: tuple[str, ...] | list[str] = LAYOUTS, levels: tuple[str, ...] | list[str] = LEVELS,
                    holdout: bool = False, image_format: str = "jpg") -> list[Path]:
    """Write ``count`` pages (``0001.jpg`` + ``0001.json``, ...) into ``out_dir``; return the image paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    types, layouts, levels = tuple(types), tuple(layouts), tuple(levels)
    for name, allowed, given in (("type", DOCUMENT_TYPES, types), ("layout", LAYOUTS, layouts),
                                 ("level", LEVELS, levels)):
        unknown = [value for value in given if value not in allowed]
        if unknown or not given:
            raise ValueError(f"unknown or no {name}: {', '.join(unknown) or '(none)'}; one of {', '.join(allowed)}")
    extension = "jpg" if image_format.lower() in ("jpg", "jpeg") else image_format.lower()
    paths = []
    for index in range(count):
        document_type, layout, level = plan(index, seed, types, layouts, levels)
        page = generate_page(seed * 1_000_003 + index, document_type=document_type, layout=layout, level=level,
                             holdout=holdout)
        paths.append(write_page(page, out, f"{index + 1:04d}", extension))
    return paths


def write_page(page: GeneratedPage, out_dir: Path, stem: str, extension: str = "jpg",
               data: bytes | None = None) -> Path:
    """Write the image and its truth JSON beside it; return the image path."""
    image_path = out_dir / f"{stem}.{extension}"
    image_path.write_bytes(data if data is not None else page.encode(extension))
    truth = {**page.truth, "image": image_path.name}
    (out_dir / f"{stem}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return image_path
