"""Rendered civil-status pages with their true field values, for the extraction tests and bench.

A small stand-in for the corpus generator (``tools/corpus``): birth, death and
marriage certificates and register pages in several fonts, caption variants
and arrangements, with optional degradation. ``render_page(seed, ...)`` gives
the gray image and the records it holds (values normalised as fields.md says).
Styles named in :data:`HELD_OUT_FONTS` and the ``tabbed`` arrangement are never
used unless asked for, so a bench can check pages of a style nobody tuned on.
"""

from __future__ import annotations

import io
import random
import sqlite3
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

_DEJAVU = "/usr/share/fonts/truetype/dejavu/"
_LIB = "/usr/share/fonts/truetype/liberation2/"
_NOTO = "/usr/share/fonts/truetype/noto/"

FONTS = {
    "dejavu_serif": (_DEJAVU + "DejaVuSerif.ttf", _DEJAVU + "DejaVuSerif-Bold.ttf"),
    "dejavu_sans": (_DEJAVU + "DejaVuSans.ttf", _DEJAVU + "DejaVuSans-Bold.ttf"),
    "liberation_serif": (_LIB + "LiberationSerif-Regular.ttf", _LIB + "LiberationSerif-Bold.ttf"),
    "liberation_sans": (_LIB + "LiberationSans-Regular.ttf", _LIB + "LiberationSans-Bold.ttf"),
    "noto_serif": (_NOTO + "NotoSerif-Regular.ttf", _NOTO + "NotoSerif-Bold.ttf"),
    "noto_sans": (_NOTO + "NotoSans-Regular.ttf", _NOTO + "NotoSans-Bold.ttf"),
    # Held out: never used unless asked for.
    "dejavu_condensed": (_DEJAVU + "DejaVuSerifCondensed.ttf", _DEJAVU + "DejaVuSerifCondensed-Bold.ttf"),
    "noto_serif_display": (_NOTO + "NotoSerifDisplay-Regular.ttf", _NOTO + "NotoSerifDisplay-Bold.ttf"),
}
HELD_OUT_FONTS = ("dejavu_condensed", "noto_serif_display")
TRAIN_FONTS = tuple(name for name in FONTS if name not in HELD_OUT_FONTS)
LEVELS = (0, 1, 2, 3)

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
            "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Đoàn", "Lương", "Mai", "Tạ", "Hà", "Lò", "Quàng")
MIDDLE_M = ("Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân", "Đình", "Ngọc", "Quang", "Tiến")
MIDDLE_F = ("Thị", "Ngọc", "Thu", "Thanh", "Kim", "Minh", "Bích", "Hồng", "Thúy", "Phương", "Diệu", "Mỹ")
GIVEN_M = ("Hùng", "Dũng", "Tuấn", "Nam", "Long", "Sơn", "Hải", "Thắng", "Cường", "Đạt", "Khánh", "Phúc",
           "Quân", "Trung", "Việt", "Hiếu", "Huy", "Toàn", "Lâm", "Bảo", "Đức", "Tú", "Thịnh", "Nghĩa",
           "Hoàng Anh", "Minh Khôi", "Gia Huy", "Quốc Bảo", "Hữu Phước", "Thành Đạt")
GIVEN_F = ("Hương", "Giang", "Lan", "Mai", "Hoa", "Trang", "Thảo", "Yến", "Linh", "Ngân", "Nhung", "Oanh",
           "Uyên", "Vy", "Quỳnh", "Hằng", "Hạnh", "Liên", "Loan", "Thủy", "Hòa", "Huyền", "Nguyệt", "Ánh",
           "Hương Giang", "Bảo Ngọc", "Khánh Linh", "Thùy Dương", "Minh Thư", "Phương Thảo")
ETHNICITIES = ("Kinh",) * 12 + ("Tày", "Thái", "Mường", "Khơ Me", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai",
                                "Ê Đê", "Ba Na", "Chăm", "Sán Dìu", "Xơ Đăng", "Cơ Ho", "Thổ", "Giáy", "Mnông")
CAUSES = ("Bệnh già", "Tai biến mạch máu não", "Ung thư phổi", "Tai nạn giao thông", "Suy tim",
          "Nhồi máu cơ tim", "Bệnh tật", "Viêm phổi")
RELATIONS = ("Con", "Con trai", "Con gái", "Vợ", "Chồng", "Cháu", "Anh trai", "Em gái")
PLACE_PREFIX = ("Trạm y tế", "Bệnh viện Đa khoa", "Bệnh viện Phụ sản", "Trung tâm Y tế")

UNITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


# --------------------------------------------------------------------------- values

def _two_digits(n: int, *, leading: bool) -> str:
    tens, units = divmod(n, 10)
    if tens == 0:
        return UNITS[units]
    head = "mười" if tens == 1 else UNITS[tens] + " mươi"
    if units == 0:
        return head
    if units == 1 and tens > 1:
        return head + " mốt"
    if units == 5:
        return head + " lăm"
    if units == 4 and tens > 1:
        return head + " tư"
    return head + " " + UNITS[units]


def number_words(n: int) -> str:
    """Vietnamese words of a year, a month or a day as documents write them."""
    if n < 100:
        return _two_digits(n, leading=False)
    thousands, rest = divmod(n, 1000)
    hundreds, rest = divmod(rest, 100)
    parts = [UNITS[thousands], "nghìn"]
    if hundreds == 0 and rest == 0:
        return " ".join(parts)
    parts += [UNITS[hundreds], "trăm"]
    if rest == 0:
        return " ".join(parts)
    if rest < 10:
        parts += ["linh", UNITS[rest]]
    else:
        parts.append(_two_digits(rest, leading=True))
    return " ".join(parts)


def date_words(day: int, month: int, year: int, rng: random.Random) -> str:
    """A date in words, in one of the spellings found on certificates."""
    day_text = number_words(day)
    if day <= 10 and rng.random() < 0.5:
        day_text = rng.choice(("mồng", "mùng")) + " " + day_text
    month_text = "tư" if month == 4 else number_words(month)
    year_text = number_words(year)
    if rng.random() < 0.2:
        year_text = year_text.replace("nghìn", "ngàn")
    comma = "," if rng.random() < 0.7 else ""
    return f"Ngày {day_text}{comma} tháng {month_text}{comma} năm {year_text}"


@cache
def _places() -> tuple[tuple[str, str, str, str], ...]:
    import vietnamadminunits

    db = Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "select ward, district, province, provinceCode from admin_units_legacy").fetchall()
    return tuple(rows)


def _place(rng: random.Random, *, facility: bool = False) -> tuple[str, str]:
    ward, district, province, code = rng.choice(_places())
    ward = ward[0].lower() + ward[1:]
    district = district[0].lower() + district[1:]
    province = province[0].lower() + province[1:]
    text = f"{ward}, {district}, {province}"
    if facility:
        text = f"{rng.choice(PLACE_PREFIX)} {ward}, {district}, {province}"
    elif rng.random() < 0.4:
        text = f"{rng.choice(('Thôn', 'Xóm', 'Tổ dân phố', 'Ấp'))} {rng.randint(1, 12)}, {text}"
    return text, code.zfill(3)


def _name(rng: random.Random, male: bool) -> str:
    middle = rng.choice(MIDDLE_M if male else MIDDLE_F)
    given = rng.choice(GIVEN_M if male else GIVEN_F)
    return f"{rng.choice(SURNAMES)} {middle} {given}".upper()


def _date(rng: random.Random, start: int, end: int) -> tuple[int, int, int]:
    year = rng.randint(start, end)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28 if month == 2 else 30)
    return day, month, year


def _iso(date: tuple[int, int, int]) -> str:
    return f"{date[2]:04d}-{date[1]:02d}-{date[0]:02d}"


def _digits(date: tuple[int, int, int], rng: random.Random) -> str:
    day, month, year = date
    if rng.random() < 0.15:
        return f"{day}/{month}/{year}"
    return f"{day:02d}/{month:02d}/{year}"


def _personal_id(code: str, male: bool, year: int, rng: random.Random) -> str:
    century = 0 if year < 2000 else 2
    return f"{code}{century + (0 if male else 1)}{year % 100:02d}{rng.randint(0, 999999):06d}"


@dataclass
class Entry:
    """One record to print: ``values`` as the ground truth, ``printed`` as the page shows them."""

    values: dict[str, str]
    printed: dict[str, str] = field(default_factory=dict)


def _registration(rng: random.Random, year: int, entry: Entry) -> None:
    number = rng.randint(1, 250)
    entry.values["registration_number"] = str(number) if rng.random() < 0.6 else f"{number}/{year}"
    entry.values["book_number"] = f"{rng.randint(1, 3):02d}/{year}"
    reg = _date(rng, year, year)
    entry.values["registration_date"] = _iso(reg)
    entry.printed["registration_date"] = _digits(reg, rng)
    ward, district, province, _ = rng.choice(_places())
    entry.values["registration_authority"] = f"Ủy ban nhân dân {ward[0].lower() + ward[1:]}, " \
                                             f"{district[0].lower() + district[1:]}, {province}"
    entry.values["notes"] = ""


def birth_entry(rng: random.Random, *, register: bool) -> Entry:
    """Random but consistent values of a birth record."""
    entry = Entry(values={})
    male = rng.random() < 0.5
    birth = _date(rng, 1960, 2023)
    _registration(rng, min(2024, birth[2] + rng.choice((0, 0, 0, 1))), entry)
    if entry.values["registration_date"] < _iso(birth):
        entry.values["registration_date"] = _iso((min(28, birth[0] + 1), birth[1], birth[2]))
        entry.printed["registration_date"] = _digits((min(28, birth[0] + 1), birth[1], birth[2]), rng)
    place, code = _place(rng, facility=rng.random() < 0.6)
    entry.values.update(full_name=_name(rng, male), date_of_birth=_iso(birth), sex="Nam" if male else "Nữ",
                        ethnicity=rng.choice(ETHNICITIES), nationality="Việt Nam", place_of_birth=place,
                        hometown=_place(rng)[0], personal_id=_personal_id(code, male, birth[2], rng)
                        if rng.random() < 0.85 else "")
    entry.printed["date_of_birth"] = _digits(birth, rng)
    entry.values["date_of_birth_in_words"] = date_words(*birth, rng)
    for parent, is_male in (("mother", False), ("father", True)):
        if parent == "father" and rng.random() < 0.12:
            for key in ("full_name", "birth_year", "ethnicity", "nationality", "residence"):
                entry.values[f"{parent}_{key}"] = ""
            continue
        entry.values[f"{parent}_full_name"] = _name(rng, is_male)
        entry.values[f"{parent}_birth_year"] = str(birth[2] - rng.randint(19, 42))
        entry.values[f"{parent}_ethnicity"] = entry.values["ethnicity"] if rng.random() < 0.8 else \
            rng.choice(ETHNICITIES)
        entry.values[f"{parent}_nationality"] = "Việt Nam"
        entry.values[f"{parent}_residence"] = _place(rng)[0]
    declarant_printed = register or rng.random() < 0.5
    if declarant_printed:
        entry.values["declarant_full_name"] = entry.values["father_full_name"] or entry.values["mother_full_name"]
        entry.values["declarant_id_document"] = f"CCCD số {rng.randint(0, 99):03d}{rng.randint(0, 999999999):09d}"
    else:
        entry.values["declarant_full_name"] = ""
        entry.values["declarant_id_document"] = ""
    entry.printed["_declarant"] = "yes" if declarant_printed else ""
    return entry


def death_entry(rng: random.Random, *, register: bool) -> Entry:
    """Random but consistent values of a death record."""
    entry = Entry(values={})
    male = rng.random() < 0.5
    birth = _date(rng, 1925, 1990)
    death = _date(rng, 2016, 2024)
    _registration(rng, death[2], entry)
    reg_day = (min(28, death[0] + rng.randint(0, 5)), death[1], death[2])
    entry.values["registration_date"] = _iso(reg_day)
    entry.printed["registration_date"] = _digits(reg_day, rng)
    place, code = _place(rng)
    entry.values.update(full_name=_name(rng, male), date_of_birth=_iso(birth), sex="Nam" if male else "Nữ",
                        ethnicity=rng.choice(ETHNICITIES), nationality="Việt Nam",
                        personal_id=_personal_id(code, male, birth[2], rng) if rng.random() < 0.9 else "",
                        last_residence=place, time_of_death=f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
                        date_of_death=_iso(death),
                        place_of_death=place if rng.random() < 0.6 else _place(rng, facility=True)[0],
                        cause_of_death=rng.choice(CAUSES), declarant_full_name=_name(rng, rng.random() < 0.5),
                        declarant_relationship=rng.choice(RELATIONS))
    entry.printed["date_of_birth"] = _digits(birth, rng)
    entry.printed["date_of_death"] = _digits(death, rng)
    return entry


def marriage_entry(rng: random.Random, *, register: bool) -> Entry:
    """Random but consistent values of a marriage record."""
    entry = Entry(values={})
    year = rng.randint(2016, 2024)
    _registration(rng, year, entry)
    for side, male in (("husband", True), ("wife", False)):
        birth = _date(rng, year - 45, year - (21 if male else 19))
        place, code = _place(rng)
        entry.values[f"{side}_full_name"] = _name(rng, male)
        entry.values[f"{side}_date_of_birth"] = _iso(birth)
        entry.printed[f"{side}_date_of_birth"] = _digits(birth, rng)
        entry.values[f"{side}_ethnicity"] = rng.choice(ETHNICITIES)
        entry.values[f"{side}_nationality"] = "Việt Nam"
        entry.values[f"{side}_residence"] = place
        entry.values[f"{side}_personal_id"] = _personal_id(code, male, birth[2], rng)
    return entry


ENTRY_MAKERS = {"birth": birth_entry, "death": death_entry, "marriage": marriage_entry}


# --------------------------------------------------------------------------- drawing

@dataclass
class Style:
    """How one page is typeset."""

    font: str
    size: int
    bold_captions: bool
    leaders: bool
    colon: bool
    line_gap: float
    packed: bool          # several captions a row
    variant: int          # which caption spelling
    two_columns: bool     # marriage: husband and wife side by side
    tabbed: bool = False  # held out: values at a fixed tab stop, captions without colons

    def fonts(self) -> tuple[ImageFont.FreeTypeFont, ImageFont.FreeTypeFont]:
        regular, bold = FONTS[self.font]
        return ImageFont.truetype(regular, self.size), ImageFont.truetype(bold, self.size)


class Writer:
    """Draws rows of ``caption: value`` groups and records where each value went."""

    def __init__(self, width: int, height: int, style: Style, margin: int = 170) -> None:
        self.image = Image.new("L", (width, height), 255)
        self.draw = ImageDraw.Draw(self.image)
        self.style = style
        self.regular, self.bold = style.fonts()
        self.margin = margin
        self.width = width
        self.y = margin
        self.boxes: dict[str, tuple[int, int, int, int]] = {}

    def _text(self, x: float, text: str, font) -> float:
        self.draw.text((x, self.y), text, font=font, fill=0)
        return x + font.getlength(text)

    def centered(self, text: str, *, bold: bool = True, scale: float = 1.0) -> None:
        font = self.bold if bold else self.regular
        if scale != 1.0:
            font = font.font_variant(size=int(self.style.size * scale))
        x = (self.width - font.getlength(text)) / 2
        self.draw.text((x, self.y), text, font=font, fill=0)
        self.y += int(font.size * self.style.line_gap)

    def skip(self, lines: float = 1.0) -> None:
        self.y += int(self.style.size * self.style.line_gap * lines)

    def rule(self) -> int:
        y = self.y - int(self.style.size * 0.4)
        self.draw.line((self.margin - 40, y, self.width - self.margin + 40, y), fill=0, width=3)
        return y

    def row(self, groups: list[tuple[str, str | None, str]], *, x0: float | None = None,
            x1: float | None = None) -> None:
        """One printed row: each group is a caption, the key its value belongs to, and the printed value.

        A value too long for its room wraps onto the next line at a space (one group a row only).
        """
        style = self.style
        left = self.margin if x0 is None else x0
        right = (self.width - self.margin) if x1 is None else x1
        slot = (right - left) / max(1, len(groups))
        caption_font = self.bold if style.bold_captions else self.regular
        wrapped: list[str] = []
        for number, (caption, key, value) in enumerate(groups):
            x = left + number * slot if len(groups) > 1 else left
            end = x + slot - 30 if len(groups) > 1 else right
            label = caption + (":" if caption and style.colon and not style.tabbed else "")
            if label:
                x = self._text(x, label, caption_font)
            if style.tabbed and caption:
                x = max(x + 30, left + slot * number + 0.42 * min(slot, 900))
            gap = self.regular.getlength(" ")
            value_font = self.bold if key and key.endswith("full_name") and not style.bold_captions \
                and style.variant % 2 else self.regular
            if style.leaders and caption:
                dots = "." * max(2, int((min(end, x + 260) - x) / max(1, self.regular.getlength(".")) * 0.3))
                x = self._text(x, dots, self.regular)
            elif caption:
                x += gap
            if value:
                words = value.split(" ")
                shown = words
                if len(groups) == 1:
                    while len(shown) > 1 and x + value_font.getlength(" ".join(shown)) > end:
                        shown = shown[:-1]
                    wrapped = words[len(shown):]
                text = " ".join(shown)
                start = x
                x = self._text(x, text, value_font)
                if key:
                    box = self.draw.textbbox((start, self.y), text, font=value_font)
                    self.boxes[key] = (box[0], box[1], box[2] - box[0], box[3] - box[1])
            if style.leaders and caption and end - x > 40:
                count = int((end - x - 10) / max(1, self.regular.getlength(".")))
                self._text(x + 4, "." * max(0, count), self.regular)
        self.skip()
        if wrapped:
            self._text(left + (0 if style.variant % 2 else 120), " ".join(wrapped), self.regular)
            self.skip()


CAPTIONS = {
    "name": ("Họ, chữ đệm, tên", "Họ và tên", "Họ, chữ đệm và tên"),
    "dob": ("Ngày, tháng, năm sinh", "Ngày sinh", "Sinh ngày"),
    "words": ("ghi bằng chữ", "Bằng chữ", "ghi bằng chữ"),
    "pid": ("Số định danh cá nhân", "Số định danh cá nhân", "Số định danh"),
    "res": ("Nơi cư trú", "Nơi cư trú", "Nơi thường trú"),
    "year": ("Năm sinh", "Năm sinh", "Sinh năm"),
    "regdate": ("Ngày, tháng, năm đăng ký", "Ngày đăng ký", "Ngày, tháng, năm đăng ký"),
    "id": ("Giấy tờ tùy thân", "Giấy tờ tùy thân", "Giấy tờ tuỳ thân"),
}


def _cap(style: Style, name: str) -> str:
    return CAPTIONS[name][style.variant % len(CAPTIONS[name])]


def _printed(entry: Entry, key: str) -> str:
    value = entry.printed.get(key, entry.values.get(key, ""))
    return value


def _groups(style: Style, groups: list[tuple[str, str | None, str]]) -> list[list[tuple[str, str | None, str]]]:
    """Packed styles print a row's groups together; the others one per row."""
    return [groups] if style.packed else [[group] for group in groups]


def _header(writer: Writer, entry: Entry, title: str, rng: random.Random) -> None:
    style = writer.style
    writer.centered("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    writer.centered("Độc lập - Tự do - Hạnh phúc", bold=False)
    writer.skip(0.5)
    groups = [("Số", "registration_number", entry.values["registration_number"]),
              ("Quyển số", "book_number", entry.values["book_number"])]
    writer.row(groups, x1=writer.margin + 1300)
    writer.skip(0.3)
    writer.centered(title, scale=1.35)
    writer.skip(0.3 + 0.4 * (style.variant % 2))


def _footer(writer: Writer, entry: Entry, kind: str) -> None:
    style = writer.style
    authority = {"birth": "Nơi đăng ký khai sinh", "death": "Nơi đăng ký khai tử",
                 "marriage": "Nơi đăng ký kết hôn"}[kind]
    writer.row([(authority, "registration_authority", entry.values["registration_authority"])])
    writer.row([(_cap(style, "regdate"), "registration_date", _printed(entry, "registration_date"))])
    writer.skip(0.8)
    writer.row([("", None, "NGƯỜI KÝ GIẤY"), ("", None, "")], x0=writer.width * 0.55)
    writer.row([("", None, "(Ký, ghi rõ họ, chữ đệm, tên)")], x0=writer.width * 0.55)


def _birth_rows(writer: Writer, entry: Entry, rng: random.Random, *, register: bool) -> None:
    style = writer.style
    v = entry.values
    rows = [[(_cap(style, "name"), "full_name", v["full_name"])]]
    if style.packed:
        rows.append([(_cap(style, "dob"), "date_of_birth", _printed(entry, "date_of_birth")),
                     (_cap(style, "words"), "date_of_birth_in_words", v["date_of_birth_in_words"])])
        if writer.regular.getlength(" ".join(part for group in rows[-1] for part in group[::2])) > \
                (writer.width - 2 * writer.margin) / 2 * 1.6:
            rows[-1] = [rows[-1][0]]
            rows.append([(_cap(style, "words"), "date_of_birth_in_words", v["date_of_birth_in_words"])])
    else:
        rows.append([(_cap(style, "dob"), "date_of_birth", _printed(entry, "date_of_birth"))])
        rows.append([(_cap(style, "words"), "date_of_birth_in_words", v["date_of_birth_in_words"])])
    rows += _groups(style, [("Giới tính", "sex", v["sex"]), ("Dân tộc", "ethnicity", v["ethnicity"]),
                            ("Quốc tịch", "nationality", v["nationality"])])
    rows.append([("Nơi sinh", "place_of_birth", v["place_of_birth"])])
    rows.append([("Quê quán", "hometown", v["hometown"])])
    rows.append([(_cap(style, "pid"), "personal_id", v["personal_id"])])
    for parent, word in (("mother", "mẹ"), ("father", "cha")):
        caption = {0: f"Họ, chữ đệm, tên người {word}", 1: f"Họ và tên người {word}",
                   2: f"Họ, chữ đệm, tên người {word}"}[style.variant % 3]
        rows.append([(caption, f"{parent}_full_name", v[f"{parent}_full_name"])])
        rows += _groups(style, [(_cap(style, "year"), f"{parent}_birth_year", v[f"{parent}_birth_year"]),
                                ("Dân tộc", f"{parent}_ethnicity", v[f"{parent}_ethnicity"]),
                                ("Quốc tịch", f"{parent}_nationality", v[f"{parent}_nationality"])])
        rows.append([(_cap(style, "res"), f"{parent}_residence", v[f"{parent}_residence"])])
    if entry.printed.get("_declarant"):
        rows.append([("Họ, chữ đệm, tên người đi khai sinh", "declarant_full_name", v["declarant_full_name"])])
        rows.append([(_cap(style, "id"), "declarant_id_document", v["declarant_id_document"])])
    for groups in rows:
        writer.row(groups)


def _death_rows(writer: Writer, entry: Entry, rng: random.Random, *, register: bool) -> None:
    style = writer.style
    v = entry.values
    rows = [[(_cap(style, "name"), "full_name", v["full_name"])],
            [(_cap(style, "dob"), "date_of_birth", _printed(entry, "date_of_birth"))]]
    rows += _groups(style, [("Giới tính", "sex", v["sex"]), ("Dân tộc", "ethnicity", v["ethnicity"]),
                            ("Quốc tịch", "nationality", v["nationality"])])
    rows.append([(_cap(style, "pid"), "personal_id", v["personal_id"])])
    rows.append([("Nơi cư trú cuối cùng", "last_residence", v["last_residence"])])
    hour, minute = v["time_of_death"].split(":")
    when = f"{int(hour)} giờ {minute} phút, ngày {_printed(entry, 'date_of_death')}"
    if style.variant % 2:
        when = f"{hour} giờ {minute} phút, ngày {_printed(entry, 'date_of_death')}"
    rows.append([("Đã chết vào lúc", "_died", when)])
    rows.append([("Nơi chết", "place_of_death", v["place_of_death"])])
    rows.append([("Nguyên nhân chết", "cause_of_death", v["cause_of_death"])])
    rows.append([("Họ, chữ đệm, tên người đi khai tử", "declarant_full_name", v["declarant_full_name"])])
    rows.append([("Quan hệ với người đã chết", "declarant_relationship", v["declarant_relationship"])])
    for groups in rows:
        writer.row(groups)


def _marriage_rows(writer: Writer, entry: Entry, rng: random.Random, *, register: bool) -> None:
    style = writer.style
    v = entry.values
    sides = (("husband", "chồng"), ("wife", "vợ"))

    def side_rows(side: str, word: str) -> list[list[tuple[str, str | None, str]]]:
        caption = {0: f"Họ, chữ đệm, tên {word}", 1: f"Họ và tên {word}",
                   2: f"Họ, chữ đệm, tên người {word}"}[style.variant % 3]
        rows = [[(caption, f"{side}_full_name", v[f"{side}_full_name"])],
                [(_cap(style, "dob"), f"{side}_date_of_birth", _printed(entry, f"{side}_date_of_birth"))]]
        rows += _groups(style, [("Dân tộc", f"{side}_ethnicity", v[f"{side}_ethnicity"]),
                                ("Quốc tịch", f"{side}_nationality", v[f"{side}_nationality"])])
        rows.append([(_cap(style, "res"), f"{side}_residence", v[f"{side}_residence"])])
        rows.append([(_cap(style, "pid"), f"{side}_personal_id", v[f"{side}_personal_id"])])
        return rows

    if style.two_columns and not register:
        half = writer.width / 2
        left_rows, right_rows = side_rows(*sides[0]), side_rows(*sides[1])
        for left, right in zip(left_rows, right_rows, strict=True):
            y = writer.y
            writer.row(left, x1=half - 20)
            below_left, writer.y = writer.y, y
            writer.row(right, x0=half + 10)
            writer.y = max(writer.y, below_left)
    else:
        for side, word in sides:
            for groups in side_rows(side, word):
                writer.row(groups)


ROWS = {"birth": _birth_rows, "death": _death_rows, "marriage": _marriage_rows}
TITLES = {
    ("birth", "certificate"): ("GIẤY KHAI SINH", "TRÍCH LỤC KHAI SINH", "GIẤY KHAI SINH"),
    ("death", "certificate"): ("TRÍCH LỤC KHAI TỬ", "GIẤY CHỨNG TỬ", "TRÍCH LỤC KHAI TỬ"),
    ("marriage", "certificate"): ("GIẤY CHỨNG NHẬN KẾT HÔN", "TRÍCH LỤC KẾT HÔN", "GIẤY CHỨNG NHẬN KẾT HÔN"),
    ("birth", "register"): ("SỔ ĐĂNG KÝ KHAI SINH",),
    ("death", "register"): ("SỔ ĐĂNG KÝ KHAI TỬ",),
    ("marriage", "register"): ("SỔ ĐĂNG KÝ KẾT HÔN",),
}


@dataclass
class RenderedPage:
    """A page image (gray ``uint8``) and the records printed on it, in reading order."""

    image: np.ndarray
    document_type: str
    layout: str
    level: int
    style: Style
    records: list[dict]   # {"fields": {key: value}, "region": (x, y, w, h), "boxes": {key: box}}


def random_style(rng: random.Random, *, held_out: bool = False) -> Style:
    """A page style; ``held_out`` draws from the fonts and arrangement kept out of tuning."""
    font = rng.choice(HELD_OUT_FONTS if held_out else TRAIN_FONTS)
    return Style(font=font, size=rng.randint(34, 44), bold_captions=rng.random() < 0.4,
                 leaders=rng.random() < 0.35, colon=rng.random() < 0.9, line_gap=rng.uniform(1.55, 2.0),
                 packed=rng.random() < 0.6, variant=rng.randint(0, 5), two_columns=rng.random() < 0.5,
                 tabbed=held_out and rng.random() < 0.5)


def render_page(seed: int, *, document_type: str | None = None, layout: str | None = None, level: int = 0,
                held_out: bool = False, entries: int | None = None) -> RenderedPage:
    """Render one page deterministically from ``seed``."""
    rng = random.Random(seed)
    document_type = document_type or rng.choice(("birth", "death", "marriage"))
    layout = layout or ("register" if rng.random() < 0.3 else "certificate")
    style = random_style(rng, held_out=held_out)
    register = layout == "register"
    if register:
        style.packed = True
        style.size = min(style.size, 38)
        style.line_gap = min(style.line_gap, 1.7)
    if document_type == "marriage" and style.two_columns and not register:
        style.size = min(style.size, 36)
        style.packed = False
    writer = Writer(2480, 3508, style)
    records = []
    make = ENTRY_MAKERS[document_type]
    if not register:
        entry = make(rng, register=False)
        _header(writer, entry, rng.choice(TITLES[(document_type, layout)]), rng)
        ROWS[document_type](writer, entry, rng, register=False)
        _footer(writer, entry, document_type)
        records.append({"fields": dict(entry.values), "region": (0, 0, 2480, 3508), "boxes": writer.boxes})
    else:
        writer.centered(TITLES[(document_type, layout)][0], scale=1.2)
        count = entries or {"birth": 2, "death": 3, "marriage": 3}[document_type]
        for number in range(count):
            entry = make(rng, register=True)
            top = writer.rule() if number else writer.y - int(style.size * 0.4)
            writer.boxes = {}
            writer.row([("Số", "registration_number", entry.values["registration_number"]),
                        ("Quyển số", "book_number", entry.values["book_number"]),
                        (_cap(style, "regdate"), "registration_date", _printed(entry, "registration_date"))])
            ROWS[document_type](writer, entry, rng, register=True)
            writer.row([("Ghi chú", "notes", "")])
            writer.skip(0.3)
            bottom = writer.y - int(style.size * 0.4)
            entry.values["registration_authority"] = ""
            records.append({"fields": dict(entry.values), "region": (0, top, 2480, bottom - top),
                            "boxes": dict(writer.boxes)})
            if writer.y > 3508 - 400:
                break
    image = np.array(writer.image)
    image = degrade(image, level, rng)
    for record in records:
        record["fields"].pop("_died", None)
    return RenderedPage(image=image, document_type=document_type, layout=layout, level=level, style=style,
                        records=records)


def degrade(image: np.ndarray, level: int, rng: random.Random) -> np.ndarray:
    """Scanner and paper damage: 0 clean, 1 light, 2 moderate, 3 heavy."""
    if level <= 0:
        return image
    nprng = np.random.default_rng(rng.randint(0, 2**31))
    pil = Image.fromarray(image)
    angle = rng.uniform(-1, 1) * (0.6, 1.5, 2.5)[level - 1]
    pil = pil.rotate(angle, resample=Image.BICUBIC, fillcolor=255, expand=False)
    if level >= 3:
        small = pil.resize((int(pil.width * 0.55), int(pil.height * 0.55)), Image.BILINEAR)
        pil = small.resize(pil.size, Image.BILINEAR)
    pil = pil.filter(ImageFilter.GaussianBlur((0.4, 0.8, 1.1)[level - 1]))
    array = np.asarray(pil).astype(np.float32)
    ink = (0, 40, 70, 95)[level]
    array = ink + array * (255 - ink - (0, 10, 25, 35)[level]) / 255.0
    if level >= 2:
        gradient = np.linspace(0, (20, 45)[level - 2], array.shape[1], dtype=np.float32)
        array -= gradient[None, :]
    array += nprng.normal(0, (5, 10, 16)[level - 1], array.shape)
    if level >= 2:
        specks = nprng.random(array.shape) < (0.0004, 0.0015)[level - 2]
        array[specks] = 30
    array = np.clip(array, 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="JPEG", quality=(85, 70, 50)[level - 1])
    return np.array(Image.open(io.BytesIO(buffer.getvalue())).convert("L"))
