"""QR codes on scanned pages: reading them, the dossier separator sheet, the chip-based ID card's code.

- :func:`read_qr_codes` finds every QR code on a page image with zxing-cpp (a
  second pass on an Otsu-binarised copy catches faint or JPEG-smeared codes).
- The separator sheet is an A4 page the program prints (:func:`render_separator_sheet`,
  :func:`save_separator_sheet`): a large QR code holding ``SOHOTICH-SEP:v1:<label>``
  and the caption «TỜ PHÂN CÁCH HỒ SƠ». Put before each dossier or document of a
  bundle, it tells :mod:`ocr.dossier` where one ends. Its wording and fonts are data
  (``resources/separator/sheet.json``).
- The chip-based citizen ID card (CCCD) carries a QR code whose de facto content is
  ``ID|old ID|name|DDMMYYYY|sex|address|DDMMYYYY`` (``shared/domain/vietnam.md``; no
  official specification is public). :func:`parse_id_card_qr` turns it into
  :class:`IdCardData` with fields.md's normalised values and flags what surprises it;
  :func:`cross_check` compares a card with a record's fields.

Nothing here logs or raises with a card's content: it is personal data.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from inspector.errors import InputFileError, MissingDependencyError
from inspector.resources import resource_path
from ocr.vietnamese.names import normalise_name
from ocr.vietnamese.personal_id import check_personal_id
from ocr.vietnamese.text import clean_spaces, equivalence_key, folded_compact_key, strip_diacritics

Box = tuple[int, int, int, int]


# --------------------------------------------------------------------------- reading

@dataclass(frozen=True)
class QrCode:
    """One QR code found on an image: its text, raw bytes, box ``(x, y, w, h)`` in the image's pixels,
    corners (top-left, top-right, bottom-right, bottom-left, as the code reads) and its rotation in degrees."""

    text: str = field(repr=False)
    raw: bytes = field(repr=False)
    box: Box
    corners: tuple[tuple[int, int], ...] = ()
    orientation: int = 0


def _zxing():
    try:
        import zxingcpp
    except ImportError as exc:  # pragma: no cover - a broken install
        raise MissingDependencyError(
            "Thiếu thư viện đọc mã QR (zxing-cpp); hãy cài lại chương trình.",
            "the zxing-cpp package is missing (pip install 'zxing-cpp>=2.2')") from exc
    return zxingcpp


def _as_gray(image: np.ndarray | Image.Image) -> np.ndarray:
    if isinstance(image, Image.Image):
        image = np.asarray(image.convert("L"))
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY)
    if image.dtype != np.uint8:
        image = np.clip(image, 0, 255).astype(np.uint8)
    return np.ascontiguousarray(image)


def _to_code(result) -> QrCode:  # noqa: ANN001 - a zxingcpp Barcode
    position = result.position
    corners = tuple((int(p.x), int(p.y)) for p in (position.top_left, position.top_right,
                                                   position.bottom_right, position.bottom_left))
    xs = [x for x, _ in corners]
    ys = [y for _, y in corners]
    box = (min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)
    return QrCode(unicodedata.normalize("NFC", result.text), bytes(result.bytes), box, corners,
                  int(result.orientation))


def read_qr_codes(image: np.ndarray | Image.Image) -> list[QrCode]:
    """Every QR code on a page image (BGR or gray ``uint8`` array, or a PIL image), top to bottom.

    zxing-cpp looks in every direction and at reduced sizes; when it finds nothing,
    it looks again on a lightly blurred, Otsu-binarised copy (JPEG blocks and scanner
    grain around the modules). Raises :class:`MissingDependencyError` without zxing-cpp.
    """
    zxingcpp = _zxing()
    gray = _as_gray(image)
    formats = zxingcpp.BarcodeFormat.QRCode  # ID cards and our sheets print full-size QR codes
    found = zxingcpp.read_barcodes(gray, formats=formats)
    if not found:
        smooth = cv2.GaussianBlur(gray, (3, 3), 0)
        _, binary = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        found = zxingcpp.read_barcodes(binary, formats=formats)
    codes = {(code.text, code.box): code for code in map(_to_code, found)}
    return sorted(codes.values(), key=lambda code: (code.box[1], code.box[0]))


# --------------------------------------------------------------------------- separator sheet

@cache
def separator_spec() -> dict:
    """The separator sheet's wording, payload prefix and fonts (``resources/separator/sheet.json``)."""
    path = resource_path("separator", "sheet.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    for key in ("payload_prefix", "payload_version", "caption", "page_mm", "qr_mm", "fonts", "label_max_chars"):
        if key not in data:
            raise ValueError(f"{path}: missing key {key!r}")
    return data


@dataclass(frozen=True)
class SeparatorInfo:
    """What a separator sheet's QR code says: the label printed on it (a dossier or document name,
    may be empty), the payload version, and the payload as read."""

    label: str
    version: int
    payload: str


def _check_label(label: str) -> str:
    label = clean_spaces(label)
    limit = int(separator_spec()["label_max_chars"])
    if len(label) > limit or any(unicodedata.category(char).startswith("C") for char in label):
        raise InputFileError("", f"Nhãn tờ phân cách phải là một dòng chữ, tối đa {limit} ký tự.",
                             f"separator label must be one line of at most {limit} characters")
    return label


def separator_payload(label: str) -> str:
    """The text a separator sheet's QR code holds: ``SOHOTICH-SEP:v1:<label>`` (label NFC, single spaces)."""
    spec = separator_spec()
    return f"{spec['payload_prefix']}:v{spec['payload_version']}:{_check_label(label)}"


def parse_separator_payload(text: str) -> SeparatorInfo | None:
    """The separator a QR text names, or ``None`` when the text is not one of our separator codes."""
    spec = separator_spec()
    match = re.fullmatch(rf"{re.escape(spec['payload_prefix'])}:v(\d+):(.*)", (text or "").strip(), re.DOTALL)
    if match is None:
        return None
    return SeparatorInfo(unicodedata.normalize("NFC", match.group(2)).strip(), int(match.group(1)), text.strip())


def _font(paths: Sequence[str], size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    for path in paths:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)  # Pillow's own font: may lack some Vietnamese letters


def _centred(draw: ImageDraw.ImageDraw, text: str, font, y: int, width: int) -> int:  # noqa: ANN001
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    draw.text(((width - (right - left)) // 2 - left, y - top), text, fill=0, font=font)
    return y + (bottom - top)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:  # noqa: ANN001
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=font) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines or [""]


def render_separator_sheet(label: str, *, dpi: int = 300) -> Image.Image:
    """An A4 separator sheet (gray, ``dpi``): caption, QR code of :func:`separator_payload`, label, instructions."""
    import segno

    spec = separator_spec()
    payload = separator_payload(label)
    label = _check_label(label)
    width, height = (round(mm / 25.4 * dpi) for mm in spec["page_mm"])
    sheet = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(sheet)
    px = dpi / 25.4  # pixels per millimetre
    y = _centred(draw, spec["caption"], _font(spec["fonts"], round(9 * px)), round(25 * px), width)
    # A thick frame says "not a document page" to a person leafing through the bundle.
    draw.rectangle((round(10 * px), round(10 * px), width - round(10 * px), height - round(10 * px)),
                   outline=0, width=max(2, round(1.2 * px)))
    qr = segno.make(payload, error="h", micro=False, encoding="utf-8", eci=not payload.isascii())
    modules = qr.symbol_size(scale=1, border=0)[0]
    scale = max(4, round(spec["qr_mm"] * px / modules))
    code = Image.open(_png_bytes(qr, scale)).convert("L")
    top = y + round(20 * px)
    sheet.paste(code, ((width - code.width) // 2, top))
    y = top + code.height + round(12 * px)
    label_font = _font(spec["fonts"], round(7 * px))
    for line in _wrap(draw, label or "—", label_font, width - round(40 * px)):
        y = _centred(draw, line, label_font, y, width) + round(3 * px)
    text_font = _font(spec.get("text_fonts") or spec["fonts"], round(4.2 * px))
    y += round(15 * px)
    for sentence in spec.get("instructions", ()):
        for line in _wrap(draw, sentence, text_font, width - round(50 * px)):
            y = _centred(draw, line, text_font, y, width) + round(2.5 * px)
    sheet.info["dpi"] = (dpi, dpi)
    return sheet


def _png_bytes(qr, scale: int):  # noqa: ANN001, ANN202 - a segno QRCode; a BytesIO
    import io

    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=scale, border=4)
    buffer.seek(0)
    return buffer


def save_separator_sheet(label: str, path: str | Path, *, dpi: int = 300) -> Path:
    """Write a separator sheet to ``path``: PDF (one A4 page) or an image (PNG, TIFF, JPEG) by its suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".png", ".tif", ".tiff", ".jpg", ".jpeg"):
        raise InputFileError(str(path), "Tệp tờ phân cách phải có đuôi .pdf, .png, .tif hoặc .jpg.",
                             f"unsupported separator sheet format: {suffix or '(none)'}")
    sheet = render_separator_sheet(label, dpi=dpi)
    if suffix == ".pdf":
        sheet.save(path, "PDF", resolution=float(dpi))
    else:
        sheet.save(path, dpi=(dpi, dpi))
    return path


# --------------------------------------------------------------------------- the ID card's QR code

@dataclass(frozen=True)
class IdCardData:
    """The content of a chip-based ID card's QR code, normalised as fields.md wants.

    Dates are ISO (``""`` when missing or not a real date), the name upper case NFC,
    sex ``Nam``/``Nữ``. ``issues`` are stable codes of what surprised the parser
    (``id_card_field_count``, ``id_card_date_of_birth_invalid``, ``personal_id_*`` of
    :func:`ocr.vietnamese.personal_id.check_personal_id`, ...): flags, never refusals.
    The personal values are left out of ``repr`` so that a logged value leaks nothing.
    """

    personal_id: str = field(repr=False)
    old_id: str = field(default="", repr=False)
    full_name: str = field(default="", repr=False)
    date_of_birth: str = field(default="", repr=False)
    sex: str = field(default="", repr=False)
    address: str = field(default="", repr=False)
    issue_date: str = field(default="", repr=False)
    issues: tuple[str, ...] = ()
    field_count: int = 7


#: The order of the fields in the card's QR text.
ID_CARD_FIELDS = ("personal_id", "old_id", "full_name", "date_of_birth", "sex", "address", "issue_date")


def _card_date(text: str) -> str | None:
    """``DDMMYYYY`` (or ``DD/MM/YYYY``) → ISO; ``""`` for an empty field; ``None`` for a wrong one."""
    digits = re.sub(r"[\s/.\-]", "", text)
    if not digits:
        return ""
    if not re.fullmatch(r"\d{8}", digits):
        return None
    try:
        return dt.date(int(digits[4:]), int(digits[2:4]), int(digits[:2])).isoformat()
    except ValueError:
        return None


def _card_sex(text: str) -> str | None:
    folded = strip_diacritics(clean_spaces(text)).casefold()
    return {"nam": "Nam", "nu": "Nữ", "": ""}.get(folded)


def is_id_card_payload(text: str) -> bool:
    """Whether a QR text looks like a chip-based ID card's: ``|``-separated, a 12-digit (or 9-digit) ID first."""
    parts = (text or "").strip().split("|")
    return len(parts) >= 5 and re.fullmatch(r"\d{12}|\d{9}", parts[0].strip()) is not None


def parse_id_card_qr(text: str) -> IdCardData | None:
    """Parse an ID card's QR text into :class:`IdCardData`; ``None`` when it is not one (see
    :func:`is_id_card_payload`). Missing and empty fields are accepted and flagged."""
    if not is_id_card_payload(text):
        return None
    parts = [unicodedata.normalize("NFC", part).strip() for part in text.strip().split("|")]
    issues: list[str] = []
    if len(parts) != len(ID_CARD_FIELDS):
        issues.append("id_card_field_count")
    parts = (parts + [""] * len(ID_CARD_FIELDS))[:len(ID_CARD_FIELDS)]
    raw = dict(zip(ID_CARD_FIELDS, parts, strict=True))
    personal_id = raw["personal_id"]
    old_id = re.sub(r"\s", "", raw["old_id"])
    if len(personal_id) == 9 and not old_id:  # an older card whose code holds only the 9-digit number
        personal_id, old_id = "", personal_id
        issues.append("id_card_old_number_only")
    if old_id and not re.fullmatch(r"\d{9}|\d{12}", old_id):
        issues.append("id_card_old_id_format")
    dates = {}
    for key in ("date_of_birth", "issue_date"):
        value = _card_date(raw[key])
        if value is None:
            issues.append(f"id_card_{key}_invalid")
        dates[key] = value or ""
    sex = _card_sex(raw["sex"])
    if sex is None:
        issues.append("id_card_sex_unknown")
        sex = clean_spaces(raw["sex"])
    full_name = normalise_name(raw["full_name"])
    for key, value in (("full_name", full_name), ("date_of_birth", dates["date_of_birth"]), ("sex", sex)):
        if not value:
            issues.append(f"id_card_{key}_missing")
    if dates["date_of_birth"] and dates["issue_date"] and dates["issue_date"] < dates["date_of_birth"]:
        issues.append("id_card_issue_before_birth")
    issues.extend(issue.code for issue in check_personal_id(personal_id, sex or None, dates["date_of_birth"] or None))
    return IdCardData(personal_id, old_id, full_name, dates["date_of_birth"], sex, clean_spaces(raw["address"]),
                      dates["issue_date"], tuple(dict.fromkeys(issues)), len(text.strip().split("|")))


def id_card_payload(card: IdCardData) -> str:
    """The QR text of a card (dates back to ``DDMMYYYY``): to make test cards and to re-encode one."""
    def card_date(iso: str) -> str:
        return f"{iso[8:10]}{iso[5:7]}{iso[:4]}" if iso else ""

    return "|".join((card.personal_id, card.old_id, card.full_name, card_date(card.date_of_birth), card.sex,
                     card.address, card_date(card.issue_date)))


def mask_id(value: str, *, keep: int = 3) -> str:
    """An ID number with every digit but the last ``keep`` replaced by ``*`` (``*********123``)."""
    value = value or ""
    if len(value) <= keep:
        return "*" * len(value)
    return "*" * (len(value) - keep) + value[-keep:]


# --------------------------------------------------------------------------- cross-check with a record

@dataclass(frozen=True)
class Person:
    """Where one person of a record keeps each attribute an ID card also holds (record field keys)."""

    role: str
    label_vi: str
    full_name: str
    date_of_birth: str | None = None
    birth_year: str | None = None
    sex: str | None = None
    implied_sex: str | None = None
    personal_id: str | None = None
    id_document: str | None = None


#: The people of each record type a card can belong to (fields.md), in the order they are tried.
PEOPLE: dict[str, tuple[Person, ...]] = {
    "birth": (
        Person("child", "người được khai sinh", "full_name", "date_of_birth", sex="sex", personal_id="personal_id"),
        Person("mother", "người mẹ", "mother_full_name", birth_year="mother_birth_year", implied_sex="Nữ"),
        Person("father", "người cha", "father_full_name", birth_year="father_birth_year", implied_sex="Nam"),
        Person("declarant", "người đi khai sinh", "declarant_full_name", id_document="declarant_id_document"),
    ),
    "death": (
        Person("deceased", "người đã chết", "full_name", "date_of_birth", sex="sex", personal_id="personal_id"),
        Person("declarant", "người đi khai tử", "declarant_full_name"),
    ),
    "marriage": (
        Person("husband", "người chồng", "husband_full_name", "husband_date_of_birth", implied_sex="Nam",
               personal_id="husband_personal_id"),
        Person("wife", "người vợ", "wife_full_name", "wife_date_of_birth", implied_sex="Nữ",
               personal_id="wife_personal_id"),
    ),
}

_ATTRIBUTE_VI = {"personal_id": "số định danh cá nhân", "full_name": "họ, chữ đệm, tên",
                 "date_of_birth": "ngày, tháng, năm sinh", "birth_year": "năm sinh", "sex": "giới tính",
                 "id_document": "giấy tờ tùy thân"}


@dataclass(frozen=True)
class Mismatch:
    """One disagreement between an ID card and a record (no value in it: both are personal data).

    ``field`` is the record's key (``""`` when no person of the record matches the card),
    ``attribute`` the card's (``personal_id``, ``full_name``, ``date_of_birth``, ``sex``),
    ``code`` a stable code (``full_name_diacritics`` when the names differ only in their marks).
    """

    code: str
    field: str
    attribute: str
    role: str
    message_vi: str
    message_en: str


def infer_document_type(fields: Mapping[str, str]) -> str | None:
    """The record type a set of field keys belongs to (``None`` when they do not say)."""
    keys = set(fields)
    if keys & {"husband_full_name", "wife_full_name"}:
        return "marriage"
    if keys & {"date_of_death", "last_residence", "cause_of_death", "place_of_death"}:
        return "death"
    if keys & {"mother_full_name", "father_full_name", "date_of_birth_in_words", "declarant_id_document"}:
        return "birth"
    return None


def _digits_in(text: str) -> set[str]:
    return set(re.findall(r"(?<!\d)(\d{12}|\d{9})(?!\d)", re.sub(r"(?<=\d)[ .](?=\d)", "", text or "")))


def _names_agree(card: str, record: str) -> str | None:
    """``None`` when the names are the same (fields.md's equivalent spellings), else ``full_name`` or
    ``full_name_diacritics`` (same letters, other marks: an OCR slip, or another person)."""
    if equivalence_key(card) == equivalence_key(record):
        return None
    return "full_name_diacritics" if folded_compact_key(card) == folded_compact_key(record) else "full_name"


def _ids_of(person: Person, fields: Mapping[str, str]) -> set[str]:
    ids = set()
    if person.personal_id and fields.get(person.personal_id, "").strip():
        ids.add(re.sub(r"\D", "", fields[person.personal_id]))
    if person.id_document:
        ids |= _digits_in(fields.get(person.id_document, ""))
    return ids


def _find_person(card: IdCardData, people: Sequence[Person], fields: Mapping[str, str]) -> Person | None:
    card_ids = {value for value in (card.personal_id, card.old_id) if value}
    for person in people:  # the ID number says who it is, whatever the name reads like
        if card_ids & _ids_of(person, fields):
            return person
    for strict in (True, False):
        for person in people:
            name = fields.get(person.full_name, "")
            if name and card.full_name:
                verdict = _names_agree(card.full_name, name)
                if verdict is None if strict else verdict == "full_name_diacritics":
                    return person
    return None


def _mismatch(code: str, key: str, attribute: str, person: Person) -> Mismatch:
    what = _ATTRIBUTE_VI.get(attribute, attribute)
    if code == "full_name_diacritics":
        message_vi = f"Họ tên trên thẻ căn cước khác dấu với họ tên {person.label_vi} trong bản ghi; hãy kiểm tra."
    else:
        message_vi = f"Thẻ căn cước và bản ghi ghi khác nhau về {what} của {person.label_vi}; hãy kiểm tra."
    return Mismatch(code, key, attribute, person.role, message_vi,
                    f"ID card and record disagree on {attribute} ({person.role}, field {key})")


def cross_check(id_card: IdCardData, fields: Mapping[str, str], *, document_type: str | None = None,
                role: str | None = None) -> list[Mismatch]:
    """Compare an ID card with a record's fields; an empty list when they agree.

    The card is matched to one person of the record (fields.md): by ID number (the
    person's ``personal_id`` field, or the digits of the declarant's identity paper),
    else by name; ``role`` (``mother``, ``husband``, ...) forces the person. Then the
    ID number, full name (diacritic-aware), date of birth (birth year for parents) and
    sex (implied for parents and spouses) are compared wherever the record holds a
    value; an empty field is not a mismatch. ``document_type`` defaults to the one
    the keys imply; a record of no known type is compared as one person
    (``full_name``, ``date_of_birth``, ``sex``, ``personal_id``).
    """
    kind = document_type or infer_document_type(fields)
    people = PEOPLE.get(kind or "", (Person("person", "người trong giấy tờ", "full_name", "date_of_birth",
                                            sex="sex", personal_id="personal_id"),))
    if role is not None:
        person = next((p for p in people if p.role == role), None)
        if person is None:
            raise ValueError(f"no role {role!r} in a {kind} record")
    else:
        person = _find_person(id_card, people, fields)
    if person is None:
        return [Mismatch("person_not_found", "", "full_name", "", "Không thấy người nào trong bản ghi có số "
                         "định danh hoặc họ tên như trên thẻ căn cước; hãy kiểm tra.",
                         "no person of the record matches the ID card's number or name")]
    found: list[Mismatch] = []
    card_ids = {value for value in (id_card.personal_id, id_card.old_id) if value}
    if person.personal_id:
        value = re.sub(r"\D", "", fields.get(person.personal_id, ""))
        if value and card_ids and value not in card_ids:
            found.append(_mismatch("personal_id", person.personal_id, "personal_id", person))
    if person.id_document:
        numbers = _digits_in(fields.get(person.id_document, ""))
        if numbers and card_ids and not numbers & card_ids:
            found.append(_mismatch("personal_id", person.id_document, "personal_id", person))
    name = fields.get(person.full_name, "")
    if name and id_card.full_name:
        code = _names_agree(id_card.full_name, name)
        if code:
            found.append(_mismatch(code, person.full_name, "full_name", person))
    if person.date_of_birth and id_card.date_of_birth:
        value = clean_spaces(fields.get(person.date_of_birth, ""))
        if value and value != id_card.date_of_birth:
            found.append(_mismatch("date_of_birth", person.date_of_birth, "date_of_birth", person))
    if person.birth_year and id_card.date_of_birth:
        value = clean_spaces(fields.get(person.birth_year, ""))
        if value and value != id_card.date_of_birth[:4]:
            found.append(_mismatch("date_of_birth", person.birth_year, "date_of_birth", person))
    if id_card.sex in ("Nam", "Nữ"):
        recorded = _card_sex(fields.get(person.sex, "")) if person.sex else person.implied_sex
        if recorded and recorded != id_card.sex:
            found.append(_mismatch("sex", person.sex or person.full_name, "sex", person))
    return found
