"""Register pages (sổ đăng ký khai sinh / kết hôn / khai tử): a ruled page holding one to three entries.

Three arrangements: ``blocks`` (one ruled block per entry: number and date,
the entry's captions and values, the notes column, TT 04/2020 style),
``columns`` (older books: a landscape table, one row per entry, one column per
item) and ``transposed`` (held out: one column per entry, captions down the
left).
"""

from __future__ import annotations

import random
from itertools import pairwise

from tools.corpus.certificate import upper_names
from tools.corpus.content import Book, Record
from tools.corpus.render import Flow, Item, Sheet, _wrap

TITLES = {"birth": "SỔ ĐĂNG KÝ KHAI SINH", "death": "SỔ ĐĂNG KÝ KHAI TỬ", "marriage": "SỔ ĐĂNG KÝ KẾT HÔN"}
NAME_KEYS = {
    "birth": ("full_name", "mother_full_name", "father_full_name", "declarant_full_name"),
    "death": ("full_name", "declarant_full_name"),
    "marriage": ("husband_full_name", "wife_full_name"),
}
KINDS = {"birth": ("Đúng hạn", "Quá hạn", "Đăng ký lại"), "death": ("Đúng hạn", "Quá hạn", "Đăng ký lại"),
         "marriage": ("Đăng ký mới", "Đăng ký lại")}
SIGNED_BY = {"birth": "Người ký Giấy khai sinh", "death": "Người ký Trích lục khai tử",
             "marriage": "Người ký Giấy chứng nhận kết hôn"}


class PageFull(Exception):
    """The entries do not fit on the page at this size."""


def page_size(layout: str) -> tuple[float, float]:
    """(width, height) in mm of a register page of this arrangement."""
    return (297.0, 210.0) if layout == "columns" else (210.0, 297.0)


def draw_running_header(sheet: Sheet, book: Book, records: list[Record], x0: float, x1: float, y: float,
                        rng: random.Random, page_number: int) -> float:
    """Authority, book title, book number and page number on top of the page; returns y below."""
    doc = book.document_type
    upper = rng.random() < 0.35
    authority = book.authority.upper() if upper else book.authority
    small = sheet.plain_face(0.9, "bold" if upper else "regular")
    base = y + sheet.size
    box = sheet.text(x0, base, authority, small)
    for index, record in enumerate(records):
        record.values["registration_authority"] = authority
        sheet.mark(index, "registration_authority", box)
    page_text = rng.choice((f"Trang {page_number}", f"Tờ số {page_number}", f"- {page_number} -", str(page_number)))
    page_fc = sheet.plain_face(0.85)
    sheet.text(x1 - sheet.width_of(page_text, page_fc), base, page_text, page_fc)
    base += sheet.size * 1.6
    title_fc = sheet.plain_face(1.35, "bold")
    sheet.centered((x0 + x1) / 2, base + sheet.size * 0.4, TITLES[doc], title_fc)
    base += sheet.size * 1.7
    book_label = sheet.label("book_number")
    fc = sheet.plain_face(1.0)
    text_width = sheet.width_of(book_label + " " + book.number, fc)
    x = (x0 + x1) / 2 - text_width / 2 if rng.random() < 0.6 else x1 - text_width - sheet.size
    label_box = sheet.text(x, base, book_label, fc)
    value_box = sheet.value(label_box[2] + sheet.size * 0.3, base, book.number)
    for index in range(len(records)):
        sheet.mark(index, "book_number", value_box)
    return base + sheet.size * 0.9


def ticks(sheet: Sheet, x: float, baseline: float, record: Record, doc: str, x_end: float) -> float:
    """The on-time / late / re-registration boxes, one ticked; returns the y of the next line."""
    kind = record.extras.get("registration_kind", "")
    fc = sheet.plain_face(0.9)
    start_x = x
    for option in KINDS[doc]:
        needed = sheet.size * 1.2 + sheet.width_of(option, fc) + sheet.size
        if x + needed > x_end and x > start_x:
            x = start_x
            baseline += sheet.size * sheet.style.line_spacing
        box = sheet.text(x, baseline, option, fc)
        x = sheet.checkbox(box[2] + sheet.size * 0.3, baseline, option.lower() == kind) + sheet.size * 1.2
    return baseline


def _name_cased(record: Record, doc: str, upper: bool) -> None:
    upper_names(record, NAME_KEYS[doc], upper)


def _entry_rows(sheet: Sheet, record: Record, doc: str, rng: random.Random) -> list[list[Item]]:
    """The captions and values of one entry, in a register's order."""
    def it(caption_id: str, key: str, role: str = "value") -> Item:
        return Item(sheet.label(caption_id), key, record.text(key), role)

    pid = Item(sheet.label("personal_id"), "personal_id" if doc != "marriage" else "", "", "pid")
    if doc == "birth":
        pid.text = record.values["personal_id"]
        rows = [[it("full_name_birth_register", "full_name", "name")],
                [it("date_of_birth", "date_of_birth"), it("date_in_words", "date_of_birth_in_words")],
                [it("sex", "sex"), it("ethnicity", "ethnicity"), it("nationality", "nationality")],
                [it("place_of_birth", "place_of_birth")], [it("hometown", "hometown")], [pid]]
        parents = ("mother", "father") if sheet.style.parent_order == "mother_first" else ("father", "mother")
        for parent in parents:
            rows += [[it(f"{parent}_full_name", f"{parent}_full_name")],
                     [it("birth_year", f"{parent}_birth_year"), it("ethnicity", f"{parent}_ethnicity"),
                      it("nationality", f"{parent}_nationality")],
                     [it("residence", f"{parent}_residence")]]
        rows.append([it("declarant_birth", "declarant_full_name"), it("id_document", "declarant_id_document")])
        relation = record.extras.get("declarant_relationship")
        if relation:
            rows.append([Item("Quan hệ với người được khai sinh" + sheet.style.colon, None, relation)])
        return rows
    if doc == "death":
        pid.text = record.values["personal_id"]
        notice = record.extras["death_notice"]
        return [[it("full_name_death", "full_name", "name")],
                [it("date_of_birth", "date_of_birth"), it("sex", "sex")],
                [it("ethnicity", "ethnicity"), it("nationality", "nationality")], [pid],
                [it("last_residence", "last_residence")],
                [it("time_of_death", "time_of_death"),
                 Item(sheet.caption("date_of_death"), "date_of_death", record.text("date_of_death"))],
                [it("place_of_death", "place_of_death")], [it("cause_of_death", "cause_of_death")],
                [Item(sheet.label("death_notice"), None,
                      f"{notice['number']}, do {notice['issuer']} cấp ngày {notice['date']}")],
                [it("declarant_death", "declarant_full_name"), it("relationship", "declarant_relationship")]]
    rows = []
    for side in ("husband", "wife"):
        side_pid = Item(sheet.label("personal_id"), f"{side}_personal_id", record.values[f"{side}_personal_id"], "pid")
        rows += [[Item(sheet.label(f"{side}_full_name"), f"{side}_full_name", record.text(f"{side}_full_name"),
                       "name")],
                 [it("date_of_birth", f"{side}_date_of_birth"), it("ethnicity", f"{side}_ethnicity"),
                  it("nationality", f"{side}_nationality")],
                 [it("residence", f"{side}_residence")], [side_pid]]
    return rows


# --------------------------------------------------------------------------- blocks

def render_blocks(sheet: Sheet, book: Book, records: list[Record], rng: random.Random, page_number: int) -> None:
    style = sheet.style
    doc = book.document_type
    x0 = sheet.cm(style.margin_left_cm)
    x1 = sheet.width - sheet.cm(style.margin_right_cm)
    bottom = sheet.height - sheet.cm(1.2)
    y = draw_running_header(sheet, book, records, x0, x1, sheet.cm(style.margin_top_cm) * 0.7, rng, page_number)
    left_w = (x1 - x0) * rng.uniform(0.13, 0.17)
    notes_w = (x1 - x0) * rng.uniform(0.14, 0.2)
    mid0, mid1 = x0 + left_w, x1 - notes_w
    pad = sheet.size * 0.4
    # Column headings.
    head_fc = sheet.plain_face(0.85, "bold")
    top = y
    head_h = sheet.size * 3.4
    for text, left, right in (("Số, ngày, tháng, năm đăng ký", x0, mid0), ("Nội dung đăng ký", mid0, mid1),
                              ("Ghi chú", mid1, x1)):
        lines = _wrap(text.split(), lambda s: sheet.width_of(s, head_fc), right - left - 2 * pad,
                      right - left - 2 * pad)
        for number, line in enumerate(lines[:3]):
            sheet.centered((left + right) / 2, top + sheet.size * (1.1 + 1.05 * number), line, head_fc)
    y = top + head_h
    separators = [top, y]
    for index, record in enumerate(records):
        entry_top = y
        flow = Flow(sheet, mid0 + pad, mid1 - pad, entry_top + pad * 0.6, record=index)
        for row in _entry_rows(sheet, record, doc, rng):
            flow.row(row)
            if flow.y > bottom:
                raise PageFull
        flow.y = ticks(sheet, flow.x0, flow.baseline, record, doc, flow.x1) - sheet.size + flow.line_height
        small = sheet.plain_face(0.85)
        base = flow.baseline + sheet.size * 0.2
        officer = f"Người thực hiện: {record.extras['officer_name']}"
        signer = f"{SIGNED_BY[doc]}: {record.extras['signer_name']}"
        sheet.text(flow.x0, base, officer, small)
        sheet.text(flow.x0 + (flow.x1 - flow.x0) * 0.48, base, signer, small)
        flow.y = base + sheet.size * 0.8
        # Left column: number and date.
        left = Flow(sheet, x0 + pad, mid0 - pad, entry_top + pad * 0.6, record=index, spacing=1.3)
        left.row([Item(sheet.label("registration_number"), "registration_number",
                       record.values["registration_number"])], mode="separate")
        left.row([Item(sheet.label("registration_date_short"), None, "")], mode="separate")
        left.row([Item("", "registration_date", record.text("registration_date"))], mode="separate")
        # Notes column.
        notes = Flow(sheet, mid1 + pad, x1 - pad, entry_top + pad * 0.6, record=index, spacing=1.25)
        if record.values["notes"]:
            notes.row([Item("", "notes", record.values["notes"])], mode="separate")
        y = max(flow.y, left.y, notes.y) + pad
        if y > bottom:
            raise PageFull
        sheet.regions[index] = (int(x0), int(entry_top), int(x1), int(y))
        separators.append(y)
    width = max(2, sheet.dpi // 120)
    for line_y in separators:
        sheet.hline(x0, x1, line_y, width)
    for line_x in (x0, mid0, mid1, x1):
        sheet.vline(line_x, top, separators[-1], width)


# --------------------------------------------------------------------------- columns

def _column_specs(doc: str) -> list[tuple[str, float, str]]:
    """(heading, width weight, content id) of an older register's columns."""
    if doc == "birth":
        return [("Số, ngày đăng ký", 0.8, "number_date"), ("Họ, chữ đệm, tên; ngày, tháng, năm sinh", 1.9, "child"),
                ("Giới tính, dân tộc, quốc tịch", 0.9, "sex_eth"), ("Nơi sinh", 1.3, "place_of_birth"),
                ("Quê quán", 1.1, "hometown"), ("Số định danh cá nhân", 1.0, "pid"), ("Mẹ", 1.5, "mother"),
                ("Cha", 1.5, "father"), ("Người đi khai sinh", 1.2, "declarant"),
                ("Đăng ký", 0.8, "ticks"), ("Người thực hiện, người ký", 1.0, "signers"), ("Ghi chú", 0.9, "notes")]
    if doc == "death":
        return [("Số, ngày đăng ký", 0.8, "number_date"), ("Họ, chữ đệm, tên; ngày, tháng, năm sinh", 1.7, "deceased"),
                ("Giới tính, dân tộc, quốc tịch", 0.9, "sex_eth"), ("Số định danh cá nhân", 1.0, "pid"),
                ("Nơi cư trú cuối cùng", 1.4, "last_residence"), ("Thời gian chết", 1.0, "when"),
                ("Nơi chết", 1.2, "place_of_death"), ("Nguyên nhân chết", 0.9, "cause_of_death"),
                ("Giấy báo tử", 1.2, "notice"), ("Người đi khai tử", 1.2, "declarant"), ("Đăng ký", 0.8, "ticks"),
                ("Người thực hiện, người ký", 1.0, "signers"), ("Ghi chú", 0.9, "notes")]
    return [("Số, ngày đăng ký", 0.8, "number_date"), ("Chồng", 3.0, "husband"), ("Vợ", 3.0, "wife"),
            ("Đăng ký", 0.8, "ticks"), ("Người thực hiện, người ký", 1.1, "signers"), ("Ghi chú", 1.1, "notes")]


def _cell_items(sheet: Sheet, record: Record, content: str, labelled: bool) -> list[Item]:
    """The lines of one cell: values with (or, in some books, without) short captions."""
    def it(caption_id: str, key: str, role: str = "value") -> Item:
        label = sheet.label(caption_id) if labelled else ""
        text = record.values[key] if key.endswith("personal_id") else record.text(key)
        return Item(label, key, text, role)

    if content == "number_date":
        return [Item(sheet.label("registration_number"), "registration_number", record.values["registration_number"]),
                Item("", "registration_date", record.text("registration_date"))]
    if content in ("child", "deceased"):
        items = [Item("", "full_name", record.text("full_name"), "name"), Item("", "date_of_birth",
                                                                               record.text("date_of_birth"))]
        if content == "child":
            items.append(Item("(" if not labelled else sheet.label("date_in_words"), "date_of_birth_in_words",
                              record.text("date_of_birth_in_words") + (")" if not labelled else "")))
        return items
    if content == "sex_eth":
        return [Item("", "sex", record.text("sex")), Item("", "ethnicity", record.text("ethnicity")),
                Item("", "nationality", record.text("nationality"))]
    if content in ("place_of_birth", "hometown", "last_residence", "place_of_death", "cause_of_death"):
        return [Item("", content, record.text(content))]
    if content == "pid":
        return [Item("", "personal_id", record.values["personal_id"])]
    if content in ("mother", "father"):
        if not record.values[f"{content}_full_name"]:
            return []
        return [Item("", f"{content}_full_name", record.text(f"{content}_full_name")),
                it("birth_year", f"{content}_birth_year"), it("ethnicity", f"{content}_ethnicity"),
                it("nationality", f"{content}_nationality"), it("residence", f"{content}_residence")]
    if content in ("husband", "wife"):
        return [Item("", f"{content}_full_name", record.text(f"{content}_full_name"), "name"),
                it("date_of_birth", f"{content}_date_of_birth"), it("ethnicity", f"{content}_ethnicity"),
                it("nationality", f"{content}_nationality"), it("residence", f"{content}_residence"),
                it("personal_id", f"{content}_personal_id")]
    if content == "declarant":
        items = [Item("", "declarant_full_name", record.text("declarant_full_name"))]
        if record.document_type == "birth":
            items.append(Item("", "declarant_id_document", record.text("declarant_id_document")))
        else:
            items.append(Item(sheet.caption("relationship") + ":" if labelled else "", "declarant_relationship",
                              record.text("declarant_relationship")))
        return items
    if content == "when":
        return [Item("", "time_of_death", record.text("time_of_death")),
                Item("ngày" if labelled else "", "date_of_death", record.text("date_of_death"))]
    if content == "notice":
        notice = record.extras["death_notice"]
        return [Item("", None, f"Số {notice['number']}"), Item("", None, notice["issuer"]),
                Item("", None, f"ngày {notice['date']}")]
    if content == "signers":
        return [Item("", None, record.extras["officer_name"], "plain"),
                Item("", None, record.extras["signer_name"], "plain")]
    if content == "notes":
        return [Item("", "notes", record.values["notes"])] if record.values["notes"] else []
    return []


def render_columns(sheet: Sheet, book: Book, records: list[Record], rng: random.Random, page_number: int) -> None:
    style = sheet.style
    doc = book.document_type
    x0 = sheet.cm(min(style.margin_left_cm, 2.0))
    x1 = sheet.width - sheet.cm(min(style.margin_right_cm, 1.5))
    bottom = sheet.height - sheet.cm(1.0)
    y = draw_running_header(sheet, book, records, x0, x1, sheet.cm(1.0), rng, page_number)
    specs = _column_specs(doc)
    pad = sheet.size * 0.3
    labelled = rng.random() < 0.6
    # Each column at least as wide as its longest unbreakable word; the rest shared by weight.
    minimum = []
    for _, _, content in specs:
        widest = sheet.size * 2.5
        for record in records:
            for item in _cell_items(sheet, record, content, labelled):
                for word in item.text.split():
                    widest = max(widest, sheet.value_width(word, item.role))
        minimum.append(widest + 2 * pad + 2)
    spare = (x1 - x0) - sum(minimum)
    if spare < 0:
        raise PageFull
    total = sum(weight for _, weight, _ in specs)
    edges = [x0]
    for (_, weight, _), least in zip(specs, minimum, strict=True):
        edges.append(edges[-1] + least + spare * weight / total)
    head_fc = sheet.plain_face(0.85, "bold")
    top = y + sheet.size * 0.4
    head_bottom = top
    for (heading, _, _), (left, right) in zip(specs, pairwise(edges), strict=True):
        lines = _wrap(heading.split(), lambda s: sheet.width_of(s, head_fc), right - left - 2 * pad,
                      right - left - 2 * pad)
        for number, line in enumerate(lines):
            base = top + sheet.size * (1.05 + 1.05 * number)
            sheet.centered((left + right) / 2, base, line, head_fc)
            head_bottom = max(head_bottom, base + sheet.size * 0.5)
    # Column numbers under the headings, as printed registers have.
    numbered = rng.random() < 0.6
    row_y = head_bottom + pad
    lines_y = [top, row_y]
    if numbered:
        for number, (left, right) in enumerate(pairwise(edges), start=1):
            sheet.centered((left + right) / 2, row_y + sheet.size * 0.95, str(number), sheet.plain_face(0.75, "italic"))
        row_y += sheet.size * 1.3
        lines_y.append(row_y)
    for index, record in enumerate(records):
        entry_top = row_y
        bottoms = [entry_top]
        for (_, _, content), (left, right) in zip(specs, pairwise(edges), strict=True):
            cell = Flow(sheet, left + pad, right - pad, entry_top + pad * 0.5, record=index,
                        spacing=min(1.45, style.line_spacing))
            if content == "ticks":
                base = cell.baseline
                small = sheet.plain_face(0.75)
                for option in KINDS[doc]:
                    right = sheet.checkbox(cell.x0, base, option.lower() == record.extras.get("registration_kind"))
                    for line in _wrap(option.split(), lambda s, fc=small: sheet.width_of(s, fc),
                                      cell.x1 - right - sheet.size * 0.3, cell.x1 - right - sheet.size * 0.3):
                        sheet.text(right + sheet.size * 0.3, base, line, small)
                        base += sheet.size * 1.0
                    base += sheet.size * 0.5
                bottoms.append(base)
                continue
            for item in _cell_items(sheet, record, content, labelled):
                cell.row([item], mode="separate")
            bottoms.append(cell.y)
        row_y = max(bottoms) + pad
        if row_y > bottom:
            raise PageFull
        sheet.regions[index] = (int(x0), int(entry_top), int(x1), int(row_y))
        lines_y.append(row_y)
    width = max(2, sheet.dpi // 120)
    grid_bottom = lines_y[-1]
    if rng.random() < 0.5:   # the printed grid goes on below the last entry, rows not yet filled
        grid_bottom = bottom
        empty_row = sheet.size * rng.uniform(5, 9)
        row = lines_y[-1] + empty_row
        while row < bottom:
            lines_y.append(row)
            row += empty_row
        lines_y.append(bottom)
    for line_y in lines_y:
        sheet.hline(x0, x1, line_y, width)
    for edge in edges:
        sheet.vline(edge, top, grid_bottom, width)


# --------------------------------------------------------------------------- transposed (held out)

def render_transposed(sheet: Sheet, book: Book, records: list[Record], rng: random.Random, page_number: int) -> None:
    style = sheet.style
    doc = book.document_type
    x0 = sheet.cm(style.margin_left_cm)
    x1 = sheet.width - sheet.cm(style.margin_right_cm)
    bottom = sheet.height - sheet.cm(1.0)
    y = draw_running_header(sheet, book, records, x0, x1, sheet.cm(style.margin_top_cm) * 0.7, rng, page_number)
    label_w = (x1 - x0) * 0.26
    col_w = (x1 - x0 - label_w) / len(records)
    pad = sheet.size * 0.3
    rows: list[tuple[str, str]] = [("Số", "number_date")]
    if doc == "birth":
        rows += [("Họ, chữ đệm, tên; ngày sinh", "child"), ("Giới tính, dân tộc, quốc tịch", "sex_eth"),
                 ("Nơi sinh", "place_of_birth"), ("Quê quán", "hometown"), ("Số định danh cá nhân", "pid"),
                 ("Mẹ", "mother"), ("Cha", "father"), ("Người đi khai sinh", "declarant")]
    elif doc == "death":
        rows += [("Họ, chữ đệm, tên; ngày sinh", "deceased"), ("Giới tính, dân tộc, quốc tịch", "sex_eth"),
                 ("Số định danh cá nhân", "pid"), ("Nơi cư trú cuối cùng", "last_residence"),
                 ("Thời gian chết", "when"), ("Nơi chết", "place_of_death"), ("Nguyên nhân chết", "cause_of_death"),
                 ("Giấy báo tử", "notice"), ("Người đi khai tử", "declarant")]
    else:
        rows += [("Chồng", "husband"), ("Vợ", "wife")]
    rows += [("Người thực hiện, người ký", "signers"), ("Ghi chú", "notes")]
    top = y + sheet.size * 0.5
    row_y = top
    lines_y = [top]
    regions = {index: [None, None] for index in range(len(records))}
    for caption, content in rows:
        label = Flow(sheet, x0 + pad, x0 + label_w - pad, row_y + pad * 0.5, spacing=1.25)
        label.row([Item(caption, None, "", "plain")], mode="separate")
        bottoms = [label.y]
        for index, record in enumerate(records):
            left = x0 + label_w + index * col_w
            cell = Flow(sheet, left + pad, left + col_w - pad, row_y + pad * 0.5, record=index, spacing=1.3)
            for item in _cell_items(sheet, record, content, labelled=True):
                cell.row([item], mode="separate")
            bottoms.append(cell.y)
        row_y = max(bottoms) + pad
        if row_y > bottom:
            raise PageFull
        lines_y.append(row_y)
    for index in range(len(records)):
        left = x0 + label_w + index * col_w
        sheet.regions[index] = (int(left), int(top), int(left + col_w), int(row_y))
        regions[index] = [left, row_y]
    width = max(2, sheet.dpi // 120)
    for line_y in lines_y:
        sheet.hline(x0, x1, line_y, width)
    sheet.vline(x0, top, row_y, width)
    for index in range(len(records) + 1):
        sheet.vline(x0 + label_w + index * col_w, top, row_y, width)


RENDERERS = {"blocks": render_blocks, "columns": render_columns, "transposed": render_transposed}


def render_register(sheet: Sheet, book: Book, records: list[Record], rng: random.Random, page_number: int) -> None:
    """Draw a register page holding ``records`` (raises :class:`PageFull` when they do not fit)."""
    upper = sheet.style.name_case == "upper"
    for record in records:
        _name_cased(record, book.document_type, upper)
    RENDERERS[sheet.style.layout](sheet, book, records, rng, page_number)
