"""The corpus generator: truth that matches the data dictionary and the image, reproducibly."""

from __future__ import annotations

import json
import random
import re
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from PIL import ImageFont

from tools.corpus import content as corpus_content
from tools.corpus import generate_corpus, generate_page
from tools.corpus.__main__ import main as corpus_main
from tools.corpus.styles import available_families, draw_style, face, styles_data

ROOT = Path(__file__).resolve().parents[2]
FIELDS_MD = ROOT.parent / "shared" / "spec" / "fields.md"
NAME_KEYS = ("full_name", "husband_full_name")
ID_KEYS = ("personal_id", "husband_personal_id", "wife_personal_id")
# The ID province codes of the 63 pre-2025 provinces ("001" Hà Nội ... "096" Cà Mau).
PROVINCE_CODES = {f"{code:03d}" for code in (
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40, 42, 44,
    45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89,
    91, 92, 93, 94, 95, 96)}


def _keys_of_fields_md() -> dict[str, list[str]]:
    """Field keys per record type, read from fields.md (resources/fields.json when shared/ is absent)."""
    if not FIELDS_MD.is_file():
        data = json.loads((ROOT / "resources" / "fields.json").read_text(encoding="utf-8"))
        return {name: [field["key"] for field in entry["fields"]] for name, entry in data["types"].items()}
    common: list[str] = []
    types: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in FIELDS_MD.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## (.*)", line)
        if heading:
            title = heading.group(1)
            kind = re.match(r"^`(\w+)`", title)
            current = common if title.startswith("Common") else types.setdefault(kind.group(1), []) if kind else None
            continue
        row = re.match(r"^\| `(\w+)` \|", line)
        if row and current is not None:
            current.append(row.group(1))
    return {name: common + keys for name, keys in types.items()}


# --------------------------------------------------------------------------- an independent reader of dates in words

_DIGITS = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "nhăm": 5,
           "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "giêng": 1}


def _number(words: list[str]) -> int:
    total, current = 0, 0
    for word in words:
        if word in ("nghìn", "ngàn"):
            total += (current or 1) * 1000
            current = 0
        elif word == "trăm":
            total += current * 100
            current = 0
        elif word == "mươi":
            current *= 10
        elif word == "mười":
            current += 10
        elif word in ("linh", "lẻ", "mồng", "mùng"):
            continue
        else:
            current += _DIGITS[word]
    return total + current


def read_date_words(text: str) -> str:
    """ISO date of "Ngày hai mươi sáu, tháng hai, năm hai nghìn không trăm linh ba" (and its variants)."""
    words = unicodedata.normalize("NFC", text).lower().replace(",", " ").split()
    assert words[0] == "ngày", text
    month_at = words.index("tháng")
    # The year starts at the "năm" followed by "<digit> nghìn|ngàn" (the month may itself be "năm").
    year_at = next(index for index in range(month_at + 1, len(words) - 2)
                   if words[index] == "năm" and words[index + 2] in ("nghìn", "ngàn"))
    day = _number(words[1:month_at])
    month = _number(words[month_at + 1:year_at])
    year = _number(words[year_at + 1:])
    return f"{year:04d}-{month:02d}-{day:02d}"


def test_reader_of_date_words_knows_the_variants():
    assert read_date_words("Ngày hai mươi sáu, tháng hai, năm hai nghìn không trăm linh ba") == "2003-02-26"
    assert read_date_words("ngày mồng một tháng giêng năm một ngàn chín trăm chín mươi") == "1990-01-01"
    assert read_date_words("Ngày hai mươi nhăm, tháng năm, năm hai nghìn không trăm hai mươi") == "2020-05-25"
    assert read_date_words("Ngày ba mươi mốt tháng mười hai năm một nghìn chín trăm lẻ tư") == "1904-12-31"


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def clean_pages():
    """One clean page of every record type and layout."""
    pages = {}
    for number, document_type in enumerate(("birth", "death", "marriage")):
        for layout in ("certificate", "register"):
            pages[document_type, layout] = generate_page(40 + number * 2 + (layout == "register"),
                                                         document_type=document_type, layout=layout, level="clean")
    return pages


def _many_records(count: int = 400) -> list[corpus_content.Record]:
    rng = random.Random(7)
    records = []
    for index in range(count):
        book = corpus_content.draw_book(rng, ("birth", "death", "marriage")[index % 3])
        records.append(corpus_content.make_record(rng, book, register=bool(index % 2)))
    return records


# --------------------------------------------------------------------------- truth

def test_truth_has_exactly_the_fields_of_its_type(clean_pages):
    expected = _keys_of_fields_md()
    assert set(expected) == {"birth", "death", "marriage"}
    for (document_type, layout), page in clean_pages.items():
        assert page.truth["document_type"] == document_type and page.truth["layout"] == layout
        assert page.records, (document_type, layout)
        for record in page.records:
            assert list(record["fields"]) == expected[document_type]
            assert set(record["field_boxes"]) == set(expected[document_type])
            for key, value in record["fields"].items():
                assert value == " ".join(unicodedata.normalize("NFC", value).split()), key
                if value and re.search(r"date$|date_of_\w+$", key) and "words" not in key:
                    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), (key, value)


def test_same_seed_same_bytes_and_other_seed_other_page():
    first = generate_page(11, level="scan")
    again = generate_page(11, level="scan")
    other = generate_page(12, level="scan")
    assert first.encode("jpg") == again.encode("jpg")
    assert json.dumps(first.truth, sort_keys=True) == json.dumps(again.truth, sort_keys=True)
    assert first.encode("jpg") != other.encode("jpg")


def test_dates_in_words_spell_the_date_unless_a_slip_was_planted(clean_pages):
    records = [record.values | {"_planted": record.planted} for record in _many_records()]
    records += [record["fields"] | {"_planted": record["planted_issues"]}
                for page in clean_pages.values() for record in page.records]
    checked = slips = 0
    for record in records:
        words = record.get("date_of_birth_in_words")
        if not words:
            continue
        if "date_words_mismatch" in record["_planted"]:
            slips += 1
            assert read_date_words(words) != record["date_of_birth"]
            continue
        assert read_date_words(words) == record["date_of_birth"], words
        checked += 1
    assert checked > 100


def test_personal_ids_follow_the_structure_unless_planted_otherwise():
    well_formed = broken = 0
    for record in _many_records():
        values = record.values
        for key in ID_KEYS:
            pid = values.get(key, "")
            if not pid:
                continue
            side = key.split("_")[0] if key != "personal_id" else ""
            birth = values[f"{side}_date_of_birth" if side else "date_of_birth"]
            male = side == "husband" if side else values["sex"] == "Nam"
            year = int(birth[:4])
            expected_digit = (0 if year < 2000 else 2) + (0 if male else 1)
            follows = (len(pid) == 12 and pid.isdigit() and pid[:3] in PROVINCE_CODES
                       and pid[3] == str(expected_digit) and pid[4:6] == f"{year % 100:02d}")
            planted = [code for code, keys in record.planted_fields.items() if key in keys]
            if planted:
                broken += 1
                assert not follows, (key, pid, birth, planted)
            else:
                well_formed += 1
                assert follows, (key, pid, birth, values.get("sex"))
    assert well_formed > 100 and broken >= 1


def test_records_hang_together():
    for record in _many_records():
        values = record.values
        registered = values["registration_date"]
        assert values["book_number"].split("/")[-1] in (registered[:4], values["book_number"])
        if record.document_type == "birth":
            assert values["date_of_birth"] <= registered
            for parent in ("mother", "father"):
                if values[f"{parent}_birth_year"]:
                    assert int(values[f"{parent}_birth_year"]) < int(values["date_of_birth"][:4]) - 10
            if "Thị" in values["full_name"].split()[1:-1]:
                assert values["sex"] == "Nữ"
        elif record.document_type == "death":
            assert values["date_of_birth"] <= values["date_of_death"] <= registered
        else:
            for side, age in (("husband", 20), ("wife", 18)):
                born = values[f"{side}_date_of_birth"]
                assert f"{int(born[:4]) + age}{born[4:]}" <= registered


# --------------------------------------------------------------------------- geometry

def test_boxes_lie_in_the_image_and_clean_crops_hold_ink(clean_pages):
    for (document_type, layout), page in clean_pages.items():
        height, width = page.image.shape[:2]
        gray = page.image.min(axis=2)
        for record in page.records:
            x, y, w, h = record["region"]
            assert x >= 0 and y >= 0 and x + w <= width and y + h <= height
            for key, value in record["fields"].items():
                box = record["field_boxes"][key]
                if not value:
                    assert box is None, key
                    continue
                assert box is not None, (document_type, layout, key)
                x, y, w, h = box
                assert w > 0 and h > 0 and x >= 0 and y >= 0 and x + w <= width and y + h <= height, key
                crop = gray[y:y + h, x:x + w]
                assert (crop < 128).mean() > 0.01, (document_type, layout, key)


def _ink_at(page, box) -> bool:
    """Whether the crop at ``box`` holds ink on paper (strong dark/light contrast inside it)."""
    gray = page.image.min(axis=2).astype(np.float32)
    x, y, w, h = box
    crop = gray[y:y + h, x:x + w]
    return float(np.percentile(crop, 97)) - float(np.percentile(crop, 3)) > 45


@pytest.mark.parametrize("level, layout", [("scan", "certificate"), ("poor", "certificate"),
                                           ("phone", "register"), ("spread", "register")])
def test_boxes_follow_the_page_through_each_degradation(level, layout):
    page = generate_page(21, document_type="birth", layout=layout, level=level)
    height, width = page.image.shape[:2]
    assert page.truth["degradation"]["level"] == level
    if level == "spread":
        assert len(page.truth["pages"]) == 2
    found = 0
    for record in page.records:
        for key in ("full_name", "date_of_birth", "place_of_birth"):
            box = record["field_boxes"][key]
            x, y, w, h = box
            assert x >= 0 and y >= 0 and x + w <= width and y + h <= height
            found += _ink_at(page, box)
    assert found >= 2 * len(page.records)


def test_a_page_turned_a_quarter_keeps_its_boxes():
    from tools.corpus.degrade import draw_params

    seed = next(s for s in range(1000) if draw_params("poor", np.random.default_rng([s, 0xC0FFEE]))["rotation_deg"])
    page = generate_page(seed, document_type="death", layout="certificate", level="poor")
    assert page.truth["degradation"]["rotation_deg"] in (90, 180, 270)
    record = page.records[0]
    inked = [_ink_at(page, record["field_boxes"][key]) for key in ("full_name", "cause_of_death", "place_of_death")]
    assert sum(inked) >= 2


# --------------------------------------------------------------------------- styles

def test_holdout_styles_are_never_used_otherwise():
    families = styles_data()["families"]
    held_out = {name for name, family in families.items() if family.get("holdout")}
    assert held_out
    rng = random.Random(3)
    for index in range(150):
        layout_kind = ("certificate", "register")[index % 2]
        style = draw_style(rng, layout_kind=layout_kind, document_type="birth", holdout=False)
        assert style.label_family not in held_out and style.value_family not in held_out
        assert style.layout not in ("boxed", "transposed") and style.leader != "dashes"
        style = draw_style(rng, layout_kind=layout_kind, document_type="birth", holdout=True)
        assert style.label_family in held_out


def _glyph(font: ImageFont.FreeTypeFont, letter: str) -> tuple:
    """What the font draws for ``letter`` (the .notdef box when it has no glyph)."""
    mask = font.getmask(letter)
    return mask.size, bytes(np.asarray(mask, dtype=np.uint8).tobytes()) if mask.size[0] and mask.size[1] else b""


def test_every_font_in_the_style_data_covers_vietnamese():
    letters = "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
    letters += letters.upper()
    installed = available_families(False) + available_families(True)
    assert {"dejavu_serif", "dejavu_sans", "noto_serif", "noto_sans", "liberation_serif",
            "liberation_sans"} <= set(installed)
    for family in installed:
        for variant in ("regular", "bold", "italic"):
            font: ImageFont.FreeTypeFont = face(family, variant, 40).font()
            missing = _glyph(font, "\U0010fffd")
            lacking = [letter for letter in letters if _glyph(font, letter) == missing]
            assert not lacking, (family, variant, "".join(lacking))


# --------------------------------------------------------------------------- corpus and command line

def test_command_line_writes_images_with_truth_beside_them(tmp_path):
    assert corpus_main(["--out", str(tmp_path), "--count", "2", "--seed", "3", "--levels", "clean,scan",
                        "--types", "death", "--format", "png"]) == 0
    images = sorted(tmp_path.glob("*.png"))
    assert [path.name for path in images] == ["0001.png", "0002.png"]
    for image in images:
        truth = json.loads(image.with_suffix(".json").read_text(encoding="utf-8"))
        assert truth["image"] == image.name and truth["document_type"] == "death"
        assert truth["degradation"]["level"] in ("clean", "scan")


def test_corpus_refuses_a_spread_of_certificates(tmp_path):
    with pytest.raises(ValueError):
        generate_corpus(tmp_path, 1, 0, layouts=["certificate"], levels=["spread"])
    with pytest.raises(ValueError):
        generate_page(1, layout="certificate", level="spread")
