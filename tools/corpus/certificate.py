"""Certificates and extracts (giấy khai sinh, trích lục, giấy chứng nhận kết hôn, bản sao): one record a page."""

from __future__ import annotations

import datetime as dt
import math
import random

import numpy as np
from PIL import Image, ImageDraw

from tools.corpus.content import Record
from tools.corpus.places import Unit
from tools.corpus.render import Flow, Item, Sheet
from tools.corpus.styles import face

A4 = (210.0, 297.0)

TITLES = {   # (title before 2016, title from 2016 when the Law on Civil Status brought "trích lục")
    "birth": {"original": ("GIẤY KHAI SINH", "GIẤY KHAI SINH"), "extract": ("GIẤY KHAI SINH", "TRÍCH LỤC KHAI SINH")},
    "death": {"original": ("GIẤY CHỨNG TỬ", "TRÍCH LỤC KHAI TỬ"), "extract": ("GIẤY CHỨNG TỬ", "TRÍCH LỤC KHAI TỬ")},
    "marriage": {"original": ("GIẤY CHỨNG NHẬN KẾT HÔN", "GIẤY CHỨNG NHẬN KẾT HÔN"),
                 "extract": ("GIẤY CHỨNG NHẬN KẾT HÔN", "TRÍCH LỤC KẾT HÔN")},
}
KIND_WEIGHTS = {"original": 8, "extract": 4, "copy": 2}
SIGNER_HEADS = {"birth": "NGƯỜI KÝ GIẤY KHAI SINH", "death": "NGƯỜI KÝ TRÍCH LỤC",
                "marriage": "NGƯỜI KÝ GIẤY CHỨNG NHẬN KẾT HÔN"}


def upper_names(record: Record, keys: tuple[str, ...], upper: bool) -> None:
    """Print (and so truly hold) these names in upper case, or as written."""
    for key in keys:
        value = record.values.get(key, "")
        if value and upper:
            record.values[key] = value.upper()


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# --------------------------------------------------------------------------- header and footer

def authority_lines(unit: Unit, rng: random.Random) -> list[str]:
    """The issuing authority's block, top left ("ỦY BAN NHÂN DÂN" / "XÃ QUỲNH HƯNG")."""
    ward = unit.ward.upper()
    form = rng.choices(("two", "ubnd", "with_district"), weights=(6, 2, 2 if unit.district else 0))[0]
    if form == "two":
        return ["ỦY BAN NHÂN DÂN" if rng.random() < 0.8 else "UỶ BAN NHÂN DÂN", ward]
    if form == "ubnd":
        return [f"UBND {ward}"]
    return [f"UBND {unit.district.upper()}", f"UBND {ward}"]


def draw_header(sheet: Sheet, unit: Unit, x0: float, x1: float, y: float, rng: random.Random) -> tuple[float, float]:
    """National header and authority; returns (y below the header, x centre of the left block)."""
    style = sheet.style
    width = x1 - x0
    left_lines = authority_lines(unit, rng)
    national = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" if rng.random() < 0.85 else "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto = "Độc lập - Tự do - Hạnh phúc"
    bold = sheet.plain_face(0.95, "bold")
    if style.header == "two_column":
        left_cx = x0 + width * 0.2
        right_cx = x0 + width * 0.68
        right_width = width * 0.62
        scale = min(0.95, 0.95 * right_width / max(1.0, sheet.width_of(national, bold)))
        bold = sheet.plain_face(scale, "bold")
        line = sheet.size * 1.35
        base = y + sheet.size
        for number, text in enumerate(left_lines):
            fc = sheet.plain_face(scale, "bold" if number == len(left_lines) - 1 or rng.random() < 0.5 else "regular")
            sheet.centered(left_cx, base + number * line, text, fc)
        rule_y = base + (len(left_lines) - 1) * line + sheet.size * 0.45
        sheet.hline(left_cx - width * 0.06, left_cx + width * 0.06, rule_y, ink=sheet.ink)
        sheet.centered(right_cx, base, national, bold)
        box = sheet.centered(right_cx, base + line, motto, sheet.plain_face(scale * 1.05, "bold"))
        if box:
            sheet.hline(box[0], box[2], box[3] + sheet.size * 0.25, ink=sheet.ink)
        return base + max(len(left_lines), 2) * line, left_cx
    cx = (x0 + x1) / 2
    base = y + sheet.size
    sheet.centered(cx, base, national, bold)
    box = sheet.centered(cx, base + sheet.size * 1.35, motto, sheet.plain_face(1.0, "bold"))
    if box:
        sheet.hline(box[0], box[2], box[3] + sheet.size * 0.25, ink=sheet.ink)
    base += sheet.size * 3.2
    left_cx = x0 + width * 0.2
    for number, text in enumerate(left_lines):
        sheet.centered(left_cx, base + number * sheet.size * 1.3, text, sheet.plain_face(0.95, "bold"))
    return base + len(left_lines) * sheet.size * 1.3, left_cx


def draw_title(sheet: Sheet, cx: float, y: float, title: str, copy: bool, rng: random.Random) -> float:
    """The document title (and "(BẢN SAO)"); returns y below it."""
    style = sheet.style
    text = title
    if style.title_case == "spaced" and len(title) < 20:
        text = " ".join(title)
    fc = face(style.label_family, "bold", int(sheet.size * style.title_scale))
    base = y + fc.size
    sheet.centered(cx, base, text, fc)
    y = base + fc.size * 0.5
    if copy:
        where = rng.choice(("below", "corner"))
        copy_fc = face(style.label_family, "bold", int(sheet.size * 1.05))
        if where == "below":
            sheet.centered(cx, y + copy_fc.size * 1.1, "(BẢN SAO)", copy_fc)
            y += copy_fc.size * 1.4
        else:
            red = (190, 30, 35) if rng.random() < 0.6 else sheet.ink
            x = sheet.width - sheet.cm(style.margin_right_cm) - sheet.width_of("BẢN SAO", copy_fc) - sheet.size
            box = sheet.text(x, sheet.cm(style.margin_top_cm) * 0.6 + copy_fc.size, "BẢN SAO", copy_fc, red)
            if box:
                pad = sheet.size * 0.3
                sheet.rect((int(box[0] - pad), int(box[1] - pad), int(box[2] + pad), int(box[3] + pad)),
                           max(2, sheet.dpi // 100), ink=red)
    return y + sheet.size * 0.8


def issue_line(sheet: Sheet, unit: Unit, date: dt.date, rng: random.Random) -> tuple[str, str]:
    """(place part, date part) of the line above the signer: "Quỳnh Hưng, ngày 05 tháng 3 năm 2020"."""
    day = f"{date.day:02d}" if rng.random() < 0.7 else str(date.day)
    month = f"{date.month:02d}" if rng.random() < 0.5 else str(date.month)
    if sheet.style.issue_date_style == "digits" and rng.random() < 0.5:
        return f"{unit.ward_short}, ", f"ngày {day}/{month}/{date.year}"
    return f"{unit.ward_short}, ", f"ngày {day} tháng {month} năm {date.year}"


def draw_signer(sheet: Sheet, record: Record, cx: float, y: float, rng: random.Random, *, head: str,
                issue: tuple[str, str] | None, issue_key: str | None, stamp_unit: Unit | None) -> float:
    """The signer block at ``cx``: place and date, title, signature, name, stamp. Returns its bottom."""
    extras = record.extras
    base = y + sheet.size
    if issue is not None:
        italic = sheet.plain_face(1.0, "italic")
        place, date_text = issue
        total = sheet.width_of(place + date_text, italic)
        x = cx - total / 2
        box = sheet.text(x, base, place, italic)
        x = box[2] + sheet.width_of(" ", italic) * 0.4 if box else x
        date_box = sheet.text(x, base, date_text, italic)
        if issue_key:
            sheet.mark(0, issue_key, date_box)
        base += sheet.size * 1.5
    lines = []
    if rng.random() < 0.45:
        lines = [head]
    else:
        lines = [line for line in extras.get("signer_above", "").split("\n") if line] + [extras["signer_title"]]
    bold = sheet.plain_face(1.0, "bold")
    title_top = base - sheet.size
    for line in lines:
        sheet.centered(cx, base, line, bold)
        base += sheet.size * 1.3
    if rng.random() < 0.4:
        sheet.centered(cx, base, rng.choice(("(Ký, ghi rõ họ, chữ đệm, tên, đóng dấu)", "(Ký, ghi rõ họ tên)",
                                             "(Ký, đóng dấu)")), sheet.plain_face(0.85, "italic"))
        base += sheet.size * 1.2
    signature_y = base + sheet.size * 1.6
    sheet.signature(cx + rng.uniform(-0.5, 0.5) * sheet.size, signature_y, sheet.size * rng.uniform(4, 7))
    base = signature_y + sheet.size * 2.6
    sheet.centered(cx, base, extras["signer_name"], bold)
    if stamp_unit is not None and rng.random() < 0.93:
        radius = sheet.cm(rng.uniform(1.6, 1.95))
        sx = cx - rng.uniform(0.1, 0.9) * radius
        sy = (title_top + signature_y) / 2 + rng.uniform(-0.3, 0.4) * radius
        if rng.random() < 0.2:   # stamped carelessly: the seal climbs onto the last lines of the text
            sy -= radius * rng.uniform(0.8, 1.4)
            sx -= radius * rng.uniform(0.0, 0.8)
        draw_stamp(sheet, sx, sy, radius, stamp_unit, rng)
    return base + sheet.size


def draw_stamp(sheet: Sheet, cx: float, cy: float, radius: int, unit: Unit, rng: random.Random) -> None:
    """A red round seal of the commune's People's Committee, blended like ink (text stays visible under it)."""
    size = 2 * radius + 8
    layer = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(layer)
    c = size / 2
    outer = max(3, radius // 22)
    draw.ellipse((c - radius, c - radius, c + radius, c + radius), outline=255, width=outer)
    inner = radius * 0.66
    draw.ellipse((c - inner, c - inner, c + inner, c + inner), outline=255, width=max(2, outer // 2))
    ring = f"ỦY BAN NHÂN DÂN {unit.ward.upper()}"
    if unit.district:
        ring += f" * {unit.district.upper().replace('HUYỆN ', 'H. ').replace('THÀNH PHỐ ', 'TP. ')}"
    else:
        ring += f" * {unit.province.upper().replace('TỈNH ', 'T. ').replace('THÀNH PHỐ ', 'TP. ')}"
    ring += " *"
    glyph_size = max(8, int(radius * 0.2))
    font = face(sheet.style.label_family if rng.random() < 0.5 else "liberation_sans", "bold", glyph_size).font()
    text_radius = (radius + inner) / 2
    widths = [font.getlength(ch) for ch in ring]
    total = sum(widths) * 1.08
    arc = min(total / text_radius, math.tau * 0.97)
    angle = -math.pi / 2 - arc / 2
    for ch, width in zip(ring, widths, strict=True):
        step = width * 1.08 / text_radius * (arc / (total / text_radius))
        middle = angle + step / 2
        glyph = Image.new("L", (glyph_size * 2, glyph_size * 2), 0)
        ImageDraw.Draw(glyph).text((glyph_size, glyph_size), ch, font=font, fill=255, anchor="mm")
        glyph = glyph.rotate(-math.degrees(middle) - 90, resample=Image.BILINEAR)
        gx = c + text_radius * math.cos(middle) - glyph_size
        gy = c + text_radius * math.sin(middle) - glyph_size
        layer.paste(255, (int(gx), int(gy)), glyph)
        angle += step
    star = [(c + inner * 0.45 * (1 if k % 2 == 0 else 0.4) * math.cos(-math.pi / 2 + k * math.pi / 5),
             c + inner * 0.45 * (1 if k % 2 == 0 else 0.4) * math.sin(-math.pi / 2 + k * math.pi / 5))
            for k in range(10)]
    draw.polygon(star, fill=255)
    layer = layer.rotate(rng.uniform(-40, 40), resample=Image.BILINEAR)
    alpha = np.asarray(layer, dtype=np.float32) / 255.0
    texture = np.random.default_rng(rng.randrange(2 ** 32)).uniform(0.55, 1.0, alpha.shape).astype(np.float32)
    alpha *= texture * rng.uniform(0.65, 0.92)
    red = np.array(rng.choice(((200, 35, 45), (215, 50, 60), (180, 30, 70))), dtype=np.float32)
    left, top = int(cx - size / 2), int(cy - size / 2)
    page = np.asarray(sheet.image).copy()
    x0, y0 = max(0, left), max(0, top)
    x1, y1 = min(sheet.width, left + size), min(sheet.height, top + size)
    if x1 <= x0 or y1 <= y0:
        return
    a = alpha[y0 - top:y1 - top, x0 - left:x1 - left, None]
    region = page[y0:y1, x0:x1].astype(np.float32)
    region = region * (1 - a) + region * (red / 255.0) * a    # multiply blend: ink under the seal shows
    page[y0:y1, x0:x1] = np.clip(region, 0, 255).astype(np.uint8)
    sheet.image.paste(Image.fromarray(page))


def draw_border(sheet: Sheet, rng: random.Random) -> None:
    kind = sheet.style.border
    if kind == "none":
        return
    inset = sheet.cm(rng.uniform(0.6, 1.0))
    box = (inset, inset, sheet.width - inset, sheet.height - inset)
    ink = sheet.ink if rng.random() < 0.6 else (60, 90, 140)
    sheet.rect(box, max(2, sheet.dpi // 80), ink=ink)
    if kind == "double":
        gap = sheet.cm(0.2)
        sheet.rect((box[0] + gap, box[1] + gap, box[2] - gap, box[3] - gap), max(1, sheet.dpi // 200), ink=ink)
    elif kind == "ornament":
        gap = sheet.cm(0.35)
        step = sheet.cm(0.5)
        r = sheet.cm(0.09)
        x = box[0] + gap
        while x < box[2] - gap:
            for y in (box[1] + gap, box[3] - gap):
                sheet.draw.polygon([(x, y - r), (x + r, y), (x, y + r), (x - r, y)], outline=ink)
            x += step
        y = box[1] + gap
        while y < box[3] - gap:
            for x in (box[0] + gap, box[2] - gap):
                sheet.draw.polygon([(x, y - r), (x + r, y), (x, y + r), (x - r, y)], outline=ink)
            y += step


# --------------------------------------------------------------------------- body rows

def _item(sheet: Sheet, caption_id: str, record: Record, key: str, role: str = "value") -> Item:
    return Item(sheet.label(caption_id), key, record.text(key), role)


def birth_rows(sheet: Sheet, record: Record, rng: random.Random, *, show_declarant: bool) -> list[list[Item]]:
    style = sheet.style
    rows: list[list[Item]] = [[_item(sheet, "full_name", record, "full_name", "name")]]
    pid = [Item(sheet.label("personal_id"), "personal_id", record.values["personal_id"], "pid")]
    if style.pid_position == "after_name":
        rows.append(pid)
    dob = _item(sheet, "date_of_birth", record, "date_of_birth")
    words = _item(sheet, "date_in_words", record, "date_of_birth_in_words")
    if style.words_placement == "same_line":
        rows.append([dob, words])
    else:
        rows += [[dob], [words]]
    rows.append([_item(sheet, "sex", record, "sex"), _item(sheet, "ethnicity", record, "ethnicity"),
                 _item(sheet, "nationality", record, "nationality")])
    rows.append([_item(sheet, "place_of_birth", record, "place_of_birth")])
    rows.append([_item(sheet, "hometown", record, "hometown")])
    if style.pid_position != "after_name":
        rows.append(pid)
    parents = ("mother", "father") if style.parent_order == "mother_first" else ("father", "mother")
    for parent in parents:
        rows.append([_item(sheet, f"{parent}_full_name", record, f"{parent}_full_name")])
        rows.append([_item(sheet, "birth_year", record, f"{parent}_birth_year"),
                     _item(sheet, "ethnicity", record, f"{parent}_ethnicity"),
                     _item(sheet, "nationality", record, f"{parent}_nationality")])
        rows.append([_item(sheet, "residence", record, f"{parent}_residence")])
    if show_declarant:
        rows.append([_item(sheet, "declarant_birth", record, "declarant_full_name"),
                     _item(sheet, "id_document", record, "declarant_id_document")])
    return rows


def death_rows(sheet: Sheet, record: Record, rng: random.Random) -> list[list[Item]]:
    style = sheet.style
    rows: list[list[Item]] = [[_item(sheet, "full_name_death", record, "full_name", "name")]]
    pid = [Item(sheet.label("personal_id"), "personal_id", record.values["personal_id"], "pid")]
    rows.append([_item(sheet, "date_of_birth", record, "date_of_birth")])
    rows.append([_item(sheet, "sex", record, "sex"), _item(sheet, "ethnicity", record, "ethnicity"),
                 _item(sheet, "nationality", record, "nationality")])
    if style.pid_position == "after_name":
        rows.insert(1, pid)
    else:
        rows.append(pid)
    rows.append([_item(sheet, "last_residence", record, "last_residence")])
    time_item = _item(sheet, "time_of_death", record, "time_of_death")
    if rng.random() < 0.75:
        date_item = Item(("," if rng.random() < 0.6 else "") + sheet.caption("date_of_death"), "date_of_death",
                         record.text("date_of_death"))
        if not record.text("time_of_death"):
            time_item.text = ""
        rows.append([time_item, date_item])
    else:
        rows.append([time_item])
        rows.append([_item(sheet, "date_of_death_alone", record, "date_of_death")])
    rows.append([_item(sheet, "place_of_death", record, "place_of_death")])
    rows.append([_item(sheet, "cause_of_death", record, "cause_of_death")])
    rows.append([_item(sheet, "declarant_death", record, "declarant_full_name"),
                 _item(sheet, "relationship", record, "declarant_relationship")])
    return rows


def _flow_rows(flow: Flow, rows: list[list[Item]]) -> None:
    for row in rows:
        mode = "packed" if len(row) == 2 and row[0].key == "time_of_death" else None
        flow.row(row, mode=mode)


# --------------------------------------------------------------------------- whole certificates

def render_certificate(sheet: Sheet, record: Record, rng: random.Random) -> None:
    """Draw a certificate of ``record`` on ``sheet`` (one record; region = the page)."""
    style = sheet.style
    doc = record.document_type
    unit = record.unit
    assert unit is not None
    x0 = sheet.cm(style.margin_left_cm)
    x1 = sheet.width - sheet.cm(style.margin_right_cm)
    draw_border(sheet, rng)
    kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
    registered = dt.date.fromisoformat(record.values["registration_date"])
    last = dt.date(2025, 11, 28)
    if kind == "original" or (last - registered).days < 40:
        kind, issued = "original", registered
    else:
        issued = registered + dt.timedelta(days=rng.randint(30, max(31, min(365 * 20, (last - registered).days))))
    title = TITLES[doc]["original" if kind == "original" else "extract"][int(issued.year >= 2016)]
    y, left_cx = draw_header(sheet, unit, x0, x1, sheet.cm(style.margin_top_cm), rng)
    numbers_under_header = rng.random() < 0.6
    number_items = [Item(sheet.label("registration_number"), "registration_number",
                         record.values["registration_number"]),
                    Item(sheet.label("book_number"), "book_number", record.values["book_number"])]
    if numbers_under_header:
        fc = sheet.plain_face(0.95)
        for number, item in enumerate(number_items):
            base = y + sheet.size * (0.9 + 1.3 * number)
            text_width = sheet.width_of(item.label + " " + item.text, fc)
            x = left_cx - text_width / 2
            box = sheet.text(x, base, item.label, fc)
            value_box = sheet.value(box[2] + sheet.size * 0.3, base, item.text)
            sheet.mark(0, item.key, value_box)
        y += sheet.size * 2.8
    y += sheet.size * rng.uniform(0.6, 1.6)
    y = draw_title(sheet, (x0 + x1) / 2, y, title, kind == "copy", rng)
    flow = Flow(sheet, x0, x1, y)
    if not numbers_under_header:
        flow.row(number_items, mode="packed")
    flow.skip(rng.uniform(0.1, 0.6))
    upper = style.parent_name_case == "upper"
    if doc == "birth":
        upper_names(record, ("full_name",), True)
        upper_names(record, ("mother_full_name", "father_full_name"), upper)
        upper_names(record, ("declarant_full_name",), upper and rng.random() < 0.5)
        rows = birth_rows(sheet, record, rng, show_declarant=bool(record.values["declarant_full_name"]))
        boxed_rows(sheet, flow, rows) if style.layout == "boxed" else _flow_rows(flow, rows)
        authority_caption = "authority_birth"
    elif doc == "death":
        upper_names(record, ("full_name",), True)
        upper_names(record, ("declarant_full_name",), upper and rng.random() < 0.5)
        rows = death_rows(sheet, record, rng)
        boxed_rows(sheet, flow, rows) if style.layout == "boxed" else _flow_rows(flow, rows)
        authority_caption = "authority_death"
    else:
        upper_names(record, ("husband_full_name", "wife_full_name"), True)
        marriage_body(sheet, flow, record, rng)
        authority_caption = "authority_marriage"
    flow.row([_item(sheet, authority_caption, record, "registration_authority")])
    date_in_issue_line = kind == "original" and rng.random() < 0.22
    if not date_in_issue_line:
        flow.row([_item(sheet, "registration_date", record, "registration_date")])
    flow.skip(rng.uniform(0.2, 0.8))
    issue = issue_line(sheet, unit, issued, rng)
    if date_in_issue_line:
        record.printed["registration_date"] = issue[1]
    right_cx = x0 + (x1 - x0) * rng.uniform(0.66, 0.74)
    if doc == "marriage":
        spouses_y = flow.y + sheet.size * 3.2
        for number, (side, label) in enumerate((("husband", "Chồng"), ("wife", "Vợ"))):
            cx = x0 + (x1 - x0) * (0.12 + 0.24 * number)
            bold = sheet.plain_face(1.0, "bold")
            sheet.centered(cx, spouses_y, label, bold)
            sheet.centered(cx, spouses_y + sheet.size * 1.2, "(Ký, ghi rõ họ tên)", sheet.plain_face(0.8, "italic"))
            sheet.signature(cx, spouses_y + sheet.size * 3.2, sheet.size * 4)
            name = record.values[f"{side}_full_name"]
            sheet.centered(cx, spouses_y + sheet.size * 5.4, name.title() if name.isupper() else name,
                           sheet.plain_face(0.95, "regular"))
    draw_signer(sheet, record, right_cx, flow.y, rng, head=SIGNER_HEADS[doc], issue=issue,
                issue_key="registration_date" if date_in_issue_line else None, stamp_unit=unit)
    sheet.regions[0] = (0, 0, sheet.width, sheet.height)


def marriage_body(sheet: Sheet, flow: Flow, record: Record, rng: random.Random) -> None:
    """Both spouses: a ruled table, two labelled sections, side-by-side columns, or a boxed grid."""
    layout = sheet.style.layout
    rows = [("full_name", "full_name", "name"), ("date_of_birth", "date_of_birth", "value"),
            ("ethnicity", "ethnicity", "value"), ("nationality", "nationality", "value"),
            ("residence", "residence", "value"), ("personal_id", "personal_id", "value")]
    if layout == "sections":
        for side in ("husband", "wife"):
            flow.row([Item(sheet.label(f"{side}_full_name"), f"{side}_full_name",
                           record.text(f"{side}_full_name"), "name")])
            flow.row([_item(sheet, "date_of_birth", record, f"{side}_date_of_birth"),
                      _item(sheet, "ethnicity", record, f"{side}_ethnicity"),
                      _item(sheet, "nationality", record, f"{side}_nationality")])
            flow.row([_item(sheet, "residence", record, f"{side}_residence")])
            flow.row([Item(sheet.label("personal_id"), f"{side}_personal_id",
                           record.values[f"{side}_personal_id"], "pid")])
            flow.skip(0.3)
        return
    x0, x1 = flow.x0, flow.x1
    if layout == "side_by_side":
        half = (x1 - x0) / 2
        top = flow.y
        bottoms = []
        for number, side in enumerate(("husband", "wife")):
            column = Flow(sheet, x0 + number * half + (sheet.size if number else 0), x0 + (number + 1) * half
                          - sheet.size, top, spacing=flow.spacing)
            sheet.centered((column.x0 + column.x1) / 2, column.baseline, sheet.caption(f"{side}_header").upper(),
                           sheet.plain_face(1.0, "bold"))
            column.skip()
            for caption_id, key, role in rows:
                text = record.values[f"{side}_{key}"] if key == "personal_id" else record.text(f"{side}_{key}")
                column.row([Item(sheet.label(caption_id), f"{side}_{key}", text, role)])
            bottoms.append(column.y)
        flow.y = max(bottoms) + sheet.size * 0.5
        return
    # table / boxed: a ruled grid, labels in the first column.
    label_w = (x1 - x0) * (0.27 if layout == "table" else 0.3)
    col_w = (x1 - x0 - label_w) / 2
    pad = sheet.size * 0.35
    top = flow.y
    header_fc = sheet.plain_face(1.0, "bold")
    y = top
    heights = []
    header_h = sheet.size * 1.8
    sheet.centered(x0 + label_w / 2, y + sheet.size * 1.25, "Thông tin" if rng.random() < 0.5 else "",
                   header_fc)
    for number, side in enumerate(("husband", "wife")):
        sheet.centered(x0 + label_w + col_w * (number + 0.5), y + sheet.size * 1.25, sheet.caption(f"{side}_header"),
                       header_fc)
    y += header_h
    heights.append(y)
    for caption_id, key, role in rows:
        row_top = y
        label_flow = Flow(sheet, x0 + pad, x0 + label_w - pad, row_top + pad * 0.5, spacing=1.25)
        label_flow.row([Item(sheet.caption(caption_id), None, "", "plain")], mode="separate")
        bottoms = [label_flow.y]
        for number, side in enumerate(("husband", "wife")):
            left = x0 + label_w + col_w * number + pad
            cell = Flow(sheet, left, left + col_w - 2 * pad, row_top + pad * 0.5, spacing=1.25)
            text = record.values[f"{side}_{key}"] if key == "personal_id" else record.text(f"{side}_{key}")
            _cell_value(sheet, cell, f"{side}_{key}", text, role)
            bottoms.append(cell.y)
        y = max(bottoms) + pad * 0.5
        heights.append(y)
    width = max(1, sheet.dpi // 150)
    sheet.rect((int(x0), int(top), int(x1), int(y)), width)
    for line_y in heights[:-1]:
        sheet.hline(x0, x1, line_y, width)
    sheet.vline(x0 + label_w, top, y, width)
    sheet.vline(x0 + label_w + col_w, top, y, width)
    flow.y = y + sheet.size * 0.8


def _cell_value(sheet: Sheet, cell: Flow, key: str, text: str, role: str) -> None:
    """A bare value inside a table cell (wrapping, no caption)."""
    from tools.corpus.render import _wrap

    lines = _wrap(text.split(" ") if text else [], lambda s: sheet.value_width(s, role), cell.x1 - cell.x0,
                  cell.x1 - cell.x0) or [""]
    for line in lines:
        box = sheet.value(cell.x0, cell.baseline, line, role) if line else None
        if key:
            sheet.mark(cell.record, key, box)
        cell.skip()


def boxed_rows(sheet: Sheet, flow: Flow, rows: list[list[Item]]) -> None:
    """Held-out certificate layout: every caption and value in a ruled grid."""
    x0, x1 = flow.x0, flow.x1
    pad = sheet.size * 0.35
    top = flow.y
    lines_y = [top]
    y = top
    for row in rows:
        width = (x1 - x0) / len(row)
        bottoms = []
        for number, item in enumerate(row):
            left = x0 + number * width
            label_w = min(width * 0.45, sheet.width_of(item.label, sheet.label_face()) + 2 * pad)
            label_flow = Flow(sheet, left + pad, left + label_w - pad, y + pad * 0.5, spacing=1.25)
            label_flow.row([Item(item.label.rstrip(": "), None, "", "plain")], mode="separate")
            cell = Flow(sheet, left + label_w + pad, left + width - pad, y + pad * 0.5, spacing=1.25)
            _cell_value(sheet, cell, item.key or "", item.text, item.role if item.role != "pid" else "value")
            bottoms += [label_flow.y, cell.y]
            if number:
                sheet.vline(left, y, max(bottoms))
            sheet.vline(left + label_w, y, max(bottoms), max(1, sheet.dpi // 300))
        y = max(bottoms) + pad * 0.4
        lines_y.append(y)
    sheet.rect((int(x0), int(top), int(x1), int(y)))
    for line_y in lines_y[1:-1]:
        sheet.hline(x0, x1, line_y)
    flow.y = y + sheet.size * 0.6
