"""OCR words → records of fields: ``extract(ocr_page, templates, *, reread=None) -> Extraction``.

The path of one page:

1. rows of words (``ocr.labels``) and the form (``ocr.classify``);
2. on a register page, the entries: in a table, each opens on the row whose
   registration-number cell holds a number alone; otherwise each opens with the
   caption of the form's ``entry.starts`` field (``Số``), and runs down to the next one;
3. per entry, the captions of the template (found despite OCR errors), the
   sections they fall in (mother, father, husband, wife... by the nearest
   section anchor above, in the same column), and for each field its value:
   the words after its caption up to the next caption on the row (or below it,
   or wrapped onto the next row, as the template says); in a table, a cell's lines
   read in the column's order, cut first by the grid's row captions when it has
   a column of them (a marriage certificate's "Họ, chữ đệm, tên | husband | wife");
4. the value normalised toward its kind (``ocr.fieldkinds``), a second look
   (``reread``) at fields that are unsure, cross-checks between fields (the date
   in digits against the date in words, the personal ID against sex and birth
   year, the order of dates), and the review flag (``ocr.confidence``); a value
   reading as one of the form's own captions or headings is always flagged.

``reread(box, kind) -> (text, confidence)`` is injected: the orchestrator backs
it with the engine and the prepared image (:func:`ocr.secondlook.engine_reread`),
tests with recorded answers, so this module never touches pixels.
"""

from __future__ import annotations

import datetime as _dt
import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from ocr.classify import classify_rows
from ocr.confidence import FieldEvidence, ReviewPolicy, assess_field, wants_third_reading
from ocr.fieldkinds import Reading, clean_text, is_syllable, normalise
from ocr.labels import (
    PhraseHit,
    Row,
    allowed_edits,
    exact_key,
    find_phrases,
    make_row,
    misread_number_word,
    page_rows,
    phrase_key,
    semi_global,
    union_box,
)
from ocr.preprocess.ruling import VerticalRule
from ocr.rules import check_record
from ocr.tables import Table, cut_rows, find_table, parse_cell
from ocr.templates import FieldTemplate, FormTemplate, default_templates
from ocr.transposed import TransposedTable, entry_cell, find_transposed
from ocr.types import Box, ExtractedField, ExtractedRecord, Extraction, OcrPage, OcrWord
from ocr.vietnamese.dates import respell_date_words

log = logging.getLogger(__name__)

#: ``reread(box, kind) -> (text, confidence)``: a second reading of one value's zone.
Reread = Callable[[Box, str], tuple[str, float]]

_INF = math.inf
_STRIP = " .:;,_-–—…|·•"
_STRIP_END = " .:;_…|·•"


# --------------------------------------------------------------------------- regions

@dataclass(frozen=True)
class Region:
    """The rows of one record (a whole certificate, or one register entry) and its box."""

    rows: tuple[Row, ...]
    box: Box


def _region_box(rows: Sequence[Row], page: OcrPage, top: int | None = None, bottom: int | None = None) -> Box:
    if top is None:
        return (0, 0, page.width, page.height)
    return (0, top, page.width, max(1, (bottom if bottom is not None else page.height) - top))


def split_entries(rows: Sequence[Row], hits: Sequence[PhraseHit], template: FormTemplate,
                  page: OcrPage) -> tuple[Region, ...]:
    """A register page's entries, top to bottom.

    Every entry prints the same captions in the same order, so walking the captions in
    reading order, an entry ends where a caption seen in it comes again (the first caption
    recurring; an entry-start caption such as ``Số`` always opens one). Only captions that
    belong to one field count (not ``Dân tộc``, printed for the child and each parent). A
    piece holding under a quarter of the fields is a stray caption, not an entry: it joins
    the entry above. Rows above the first entry (the title, column heads) belong to none.
    """
    owner: dict[str, set[str]] = {}
    for spec in template.fields:
        for phrase in spec.captions:
            owner.setdefault(phrase, set()).add(spec.key)
    starts = {phrase for key in template.entry_starts if (spec := template.field(key))
              for phrase in spec.captions if len(owner.get(phrase, ())) == 1}
    ordered = sorted((hit for hit in hits if len(owner.get(hit.phrase, ())) == 1),
                     key=lambda hit: (hit.row, hit.start))
    pieces: list[tuple[int, set[str]]] = []
    for hit in ordered:
        key = next(iter(owner[hit.phrase]))
        if not pieces or key in pieces[-1][1] or (hit.phrase in starts and pieces[-1][1] - {key}
                                                  and hit.row > pieces[-1][0]):
            if pieces and pieces[-1][0] == hit.row:
                pieces[-1][1].add(key)
                continue
            pieces.append((hit.row, {key}))
        else:
            pieces[-1][1].add(key)
    unique_fields = {key for keys in owner.values() if len(keys) == 1 for key in keys}
    minimum = max(2, len(unique_fields) // 4)
    # An entry's number after its caption opening a row ("Số 115", "Số: 116") opens an entry though
    # no other caption follows it (a register in columns whose table was not found prints none).
    by_index = {row.index: row for row in rows}
    numbered = {hit.row for hit in ordered if hit.phrase in starts and _opens_with_number(by_index.get(hit.row), hit)}
    numbered = numbered if len(numbered) >= 2 else set()
    merged: list[tuple[int, set[str]]] = []
    for row_index, keys in pieces:
        if merged and len(keys) < minimum and row_index not in numbered:
            merged[-1][1].update(keys)
        else:
            merged.append((row_index, set(keys)))
    if merged and len(merged) > 1 and len(merged[0][1]) < minimum and merged[0][0] not in numbered:
        merged[1] = (merged[0][0], merged[0][1] | merged[1][1])
        merged.pop(0)
    position = {row.index: number for number, row in enumerate(rows)}
    starts = [position[row_index] for row_index, _ in merged]
    if len(starts) <= 1:
        first = starts[0] if starts else 0
        top = _midline(rows, first) if starts else None
        return (Region(rows=tuple(rows[first:]) or tuple(rows), box=_region_box(rows, page, top)),)
    regions = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(rows)
        top = _midline(rows, start)
        bottom = _midline(rows, end) if end < len(rows) else page.height
        regions.append(Region(rows=tuple(rows[start:end]), box=_region_box(rows, page, top, bottom)))
    return tuple(regions)


#: The number that ends a registration number's cell: "7", "12/2020", "2452009" (the slash
#: before the year lost); not a date ("05/03/2020").
_ENTRY_NUMBER = re.compile(r"(?<![\w/])\d{1,6}(?:/(?:19|20)\d{2}|(?P<slash_lost>(?:19|20)\d{2}))?\W?$")
#: What a ruled cell's edge adds around its text. (Not more: a number with dirt after it, "239 _",
#: may be a misread, and the walk over the entries' captions parts such a page better.)
_CELL_EDGE = " .,;:|…"


def _column_numbers(row: Row) -> bool:
    """Whether a row is the one of column numbers ("1 2 3 … 12") many registers print under their
    headings: three words or more that are a one- or two-digit number alone."""
    return sum(bool(re.fullmatch(r"\d{1,2}", word.text.strip(_CELL_EDGE))) for word in row.words) >= 3


def _entry_number(text: str, openings: set[str]) -> str | None:
    """How a cell of the registration number's column opens an entry: ``"captioned"`` (a number
    after its caption: "Số: 7", "Số đăng ký: 173", "Số 12/2020", or as a poor scan reads them,
    "8õ 244/2009", "Sö đảng ky 14", "Số 2452009"), ``"bare"`` (a number alone:
    "7") or ``None`` (a date "05/03/2020", other words, nothing)."""
    text = text.strip(_CELL_EDGE)
    number = _ENTRY_NUMBER.search(text)
    if number is None:
        return None
    caption = text[:number.start()].strip(_CELL_EDGE)
    if not caption:
        # (a number and year alone is as often a date whose first slash was lost: "1608/2001")
        return "bare" if "/" not in number[0] and number["slash_lost"] is None else None
    return "captioned" if phrase_key(caption) in openings or misread_number_word(caption) else None


def _number_under_caption(text: str) -> bool:
    """Whether a cell's line under an entry's caption is its number: the first word holding a letter
    or a digit, a speck read as one letter ("l", "ì") aside and marks around it ("„139", "*140",
    "J139-": a speck glued to it) stripped, is a number and nothing else (not a date, not digits run
    on into a year)."""
    words = [word for word in text.split() if any(char.isalnum() for char in word)]
    while len(words) > 1 and len(words[0]) == 1 and words[0].isalpha():
        words.pop(0)
    return bool(words) and re.fullmatch(r"[^\W\d_]?\d{1,6}[^\w/]*", words[0].lstrip(_CELL_EDGE + "„\"'*‘’`´°^")) is not None


def _opens_with_number(row: Row | None, hit: PhraseHit) -> bool:
    """Whether ``hit`` opens its row and the next word is an entry's number ("Số 115")."""
    if row is None or row.word_at(hit.start) != 0:
        return False
    following = row.word_at(hit.end) if hit.end < len(row.text) else len(row.words)
    if following < len(row.words) and row.spans[following][0] < hit.end:
        following += 1  # (the caption's own word, "Số:")
    return following < len(row.words) and bool(_ENTRY_NUMBER.match(row.words[following].text))


#: A registration date in the number's column: "05/11/2016", a speck before it ("406/11⁄2016"),
#: its first slash lost ("0511/2016", day and month then two digits each and a month's number).
_CELL_DATE = re.compile(r"(?:\d{1,2}\s?[/.⁄-]\s?\d{1,2}|(?<!\d)[0-3]\d(?:0[1-9]|1[0-2]))\s?[/.⁄-]\s?(?:19|20)\d{2}")


def _starts_at_second_dates(starts: list[int], cells: Sequence[str]) -> list[int]:
    """Entry starts, with one more where an entry's cell of the number's column holds a second
    registration date: the next entry, whose number line a fold or a stain took (the date's row
    opens it, or the row over it when that row's cell holds something other than a date). With no
    number found at all, each date opens an entry so."""
    dates = [position for position, text in enumerate(cells) if _CELL_DATE.search(text)]

    def opening(position: int, floor: int) -> int:
        above = cells[position - 1] if position - 1 > floor else ""
        wordy = sum(char.isalnum() for char in above) >= 2 and not _CELL_DATE.search(above)
        return position - 1 if wordy else position

    out = list(starts) or ([opening(dates[0], -1)] if dates else [])
    dated: set[int] = set()
    for position in dates:
        if position < out[0]:
            continue
        entry = max(start for start in out if start <= position)
        if entry not in dated:
            dated.add(entry)
            continue
        start = opening(position, entry)
        out = sorted({*out, start})
        dated.add(start)
    return out


def _table_entries(rows: Sequence[Row], table: Table, template: FormTemplate,
                   page: OcrPage, *, by_dates: bool = False) -> tuple[Region, ...]:
    """A register table's entries: each opens on the row whose cell in the registration number's
    column holds a number, alone or after its caption (the other cells of a table row carry no
    caption to walk by); the row of column numbers under the headings opens none. ``by_dates``:
    a second registration date in an entry's cell opens one more (the last resort of a page
    neither its numbers nor its captions parted)."""
    number_column = next((index for index, column in enumerate(table.columns) if column.spec is not None
                          and set(column.spec.fields) & set(template.entry_starts)), None)
    if number_column is None:
        return ()
    column = table.columns[number_column]

    def cell(row: Row) -> str:
        return " ".join(word.text for word in row.words if column.left <= word.box[0] + word.box[2] / 2 < column.right)

    openings = {phrase_key(caption) for key in template.entry_starts if (spec := template.field(key))
                for caption in spec.captions}
    opening = {position: how for position, row in enumerate(rows) if (how := _entry_number(cell(row), openings))}
    for position in range(len(rows) - 1):
        # "Số đăng ký:" alone in its cell, the number on the line under it ("„139 —-", specks around it)
        if position not in opening and opening.get(position + 1) != "captioned" \
                and phrase_key(cell(rows[position])) in openings and _number_under_caption(cell(rows[position + 1])):
            opening[position] = "captioned"
            opening.pop(position + 1, None)
    # The row of column numbers ("1 2 3 … 12") lies over the first entry: a number in it opens none.
    numbering = []
    for position, row in enumerate(rows):
        if opening.get(position) == "captioned" or (position in opening and not _column_numbers(row)):
            break
        if _column_numbers(row):
            numbering.append(position)
            opening.pop(position, None)
    # Where the numbers print after their caption, a number alone is something else: a date
    # whose slash was lost ("1608/2001"), a stray mark read as a digit.
    wanted = "captioned" if "captioned" in opening.values() else "bare"
    starts = [position for position, how in opening.items() if how == wanted]
    if by_dates:
        starts = _starts_at_second_dates(starts, [cell(row) for row in rows])
    if len(starts) < 2:
        return ()
    # Rows above the first number (a name set higher in its cell) belong to the first entry; the
    # row of column numbers over it does not.
    starts[0] = max((position + 1 for position in numbering if position < starts[0]), default=0)
    for number in range(1, len(starts)):
        above = starts[number] - 1
        if above > starts[number - 1] and phrase_key(cell(rows[above])) in openings:
            starts[number] = above  # "Số đăng ký" over "127": the entry opens with the caption's row
    regions = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(rows)
        top = _midline(rows, start)
        bottom = _midline(rows, end) if end < len(rows) else page.height
        regions.append(Region(rows=tuple(rows[start:end]), box=_region_box(rows, page, top, bottom)))
    return tuple(regions)


def _in_free_text_column(hit: PhraseHit, table: Table | None, template: FormTemplate) -> bool:
    """Whether ``hit`` lies in a column of free text (the notes) without being that column's own
    caption: "thay đổi quê quán" in a note names no hometown, and must not open a new entry."""
    centre = hit.box[0] + hit.box[2] / 2
    for column in table.columns if table is not None else ():
        if column.spec is None or column.spec.fields != ("notes",) or not column.left <= centre < column.right:
            continue
        notes = template.field("notes")
        return notes is None or hit.phrase not in notes.captions
    return False


def _midline(rows: Sequence[Row], index: int) -> int:
    """Half-way between row ``index`` and the row above it (the entry boundary)."""
    here = rows[index].box[1]
    if index == 0:
        return max(0, here - rows[index].height)
    above = rows[index - 1].box
    return max(0, (above[1] + above[3] + here) // 2)


# --------------------------------------------------------------------------- sections

@dataclass(frozen=True)
class Anchor:
    """A section's opening caption or heading, with the column it governs (x from ``left`` to ``right``)."""

    section: str
    hit: PhraseHit
    left: float
    right: float
    last_row: float = _INF


def _standalone(row: Row, hit: PhraseHit) -> bool:
    """A heading stands alone: nothing close before it, and nothing close after it but a colon."""
    gap = 1.5 * row.height
    first, last = row.word_at(hit.start), row.word_at(max(hit.start, hit.end - 1))
    if row.spans[first][0] < hit.start and hit.start - row.spans[first][0] > 1:
        return False
    if first > 0 and row.words[first].box[0] - _right(row.words[first - 1].box) < gap:
        return False
    rest = row.text[hit.end:row.spans[last][1]].strip()
    if rest and rest[0] not in ":.":
        return False
    if last + 1 < len(row.words) and row.words[last + 1].box[0] - _right(row.words[last].box) < gap:
        return bool(rest) and rest[0] == ":"
    return True


def _right(box: Box) -> int:
    return box[0] + box[2]


def find_anchors(rows: Mapping[int, Row], hits: Sequence[PhraseHit], template: FormTemplate) -> tuple[Anchor, ...]:
    """The section anchors among the hits, each with its column span on its row."""
    anchor_of: dict[str, str] = {}
    header_of: dict[str, str] = {}
    for section in template.sections:
        for phrase in section.anchors:
            anchor_of.setdefault(phrase, section.name)
        for phrase in section.headers:
            header_of.setdefault(phrase, section.name)
    found: list[tuple[str, PhraseHit]] = []
    for hit in hits:
        if hit.phrase in anchor_of:
            found.append((anchor_of[hit.phrase], hit))
        elif hit.phrase in header_of and _standalone(rows[hit.row], hit):
            found.append((header_of[hit.phrase], hit))
    by_row: dict[int, list[tuple[str, PhraseHit]]] = {}
    for section, hit in found:
        by_row.setdefault(hit.row, []).append((section, hit))
    anchors = []
    for row_index, items in by_row.items():
        items.sort(key=lambda item: item[1].box[0])
        tolerance = rows[row_index].height
        for number, (section, hit) in enumerate(items):
            left = hit.box[0] - tolerance if number > 0 else -_INF
            right = items[number + 1][1].box[0] - tolerance if number + 1 < len(items) else _INF
            anchors.append(Anchor(section=section, hit=hit, left=left, right=right,
                                  last_row=_column_end(rows, row_index, left, right, hits)))
    return _parted_by_repeated_captions(rows, hits, template, tuple(anchors))


def _parted_by_repeated_captions(rows: Mapping[int, Row], hits: Sequence[PhraseHit], template: FormTemplate,
                                 anchors: tuple[Anchor, ...]) -> tuple[Anchor, ...]:
    """The anchors, with the two columns of sections printed side by side put in when no row
    holds both sections' headings (a misread "GHÔNG" over the husband's column): the captions
    the two sections share ("Họ, chữ đệm, tên") read twice on a row, left and right, on two rows
    or more, part the columns. The left column is the first section of the form ("husband"),
    unless a heading found above names the one it is in. Certificates only."""
    if template.layout != "certificate":
        return anchors  # (a register's columns side by side are its entries, not one's sections)
    sections_of: dict[str, set[str]] = {}
    for spec in template.fields:
        if spec.section is not None:
            for caption in spec.captions:
                sections_of.setdefault(caption, set()).add(spec.section)
    by_row: dict[int, dict[str, list[PhraseHit]]] = {}
    for hit in hits:
        if len(sections_of.get(hit.phrase, ())) >= 2:
            by_row.setdefault(hit.row, {}).setdefault(hit.phrase, []).append(hit)
    pairs = [(*sorted(same, key=lambda hit: hit.box[0]), frozenset(sections_of[phrase]))
             for by_phrase in by_row.values() for phrase, same in by_phrase.items() if len(same) == 2]
    if len(pairs) < 2:
        return anchors
    shared = frozenset.intersection(*(sections for *_, sections in pairs))
    # (sections printed under headings of their own are those a form may set side by side)
    two = [section.name for section in template.sections if section.name in shared and section.headers][:2]
    first_left, first_right, _ = min(pairs, key=lambda pair: pair[0].row)
    # (headings found for both over the columns part them already; the spouses' signatures under
    # them, "Chồng" and "Vợ" side by side, do not)
    on_row: dict[int, set[str]] = {}
    for anchor in anchors:
        if anchor.hit.row <= first_left.row:
            on_row.setdefault(anchor.hit.row, set()).add(anchor.section)
    if len(two) < 2 or any(set(two) <= sections for sections in on_row.values()):
        return anchors
    # The columns stand apart: every left caption ends before every right one starts.
    right_starts = min(right.box[0] for _, right, _ in pairs)
    if max(_right(left.box) for left, _, _ in pairs) >= right_starts:
        return anchors
    boundary = right_starts - rows[first_left.row].height
    above = [anchor for anchor in anchors if anchor.section in two and anchor.hit.row <= first_left.row]
    if above:
        nearest = max(above, key=lambda anchor: anchor.hit.row)
        on_right = nearest.hit.box[0] + nearest.hit.box[2] / 2 >= boundary
        if (nearest.section == two[0]) == on_right:
            two.reverse()
    # The columns run from under the last caption of neither section above the first pair to over
    # the first one below the last pair (rows that seem to run across them may be specks and
    # leaders on a poor page: the captions tell better).
    of_two = {phrase for section in template.sections if section.name in two
              for phrase in (*section.anchors, *section.headers)}
    of_two.update(phrase for phrase, sections in sections_of.items() if sections & set(two))
    others = sorted({hit.row for hit in hits if hit.phrase not in of_two})
    last_pair_row = max(left.row for left, _, _ in pairs)
    start = max((row for row in others if row < first_left.row), default=min(rows) - 1) + 1
    below = [row for row in others if row > last_pair_row]
    kept = tuple(anchor for anchor in anchors if anchor.section not in two or anchor.hit.row > first_left.row)
    added = []
    for section, hit, left, right in ((two[0], first_left, -_INF, boundary), (two[1], first_right, boundary, _INF)):
        end = below[0] - 1 if below else _column_end(rows, last_pair_row, left, right, hits)
        added.append(Anchor(section=section, hit=replace(hit, row=start, start=0), left=left, right=right,
                            last_row=end))
    return (*kept, *added)


def _column_end(rows: Mapping[int, Row], start: int, left: float, right: float,
                hits: Sequence[PhraseHit]) -> float:
    """The last row a column (side by side with another) runs to: the row before one whose
    text runs across its boundary (a full-width row under the two columns ends them).

    Text runs across when a word straddles the boundary, or when words on both sides stand
    closer than a wide space and the one on the right does not open a caption.
    """
    boundaries = [x for x in (left, right) if x not in (_INF, -_INF)]
    if not boundaries:
        return _INF
    caption_starts: dict[int, set[int]] = {}
    for hit in hits:
        caption_starts.setdefault(hit.row, set()).add(hit.start)
    for index in sorted(index for index in rows if index > start):
        row = rows[index]
        slack = row.height * 0.5
        for boundary in boundaries:
            for number, word in enumerate(row.words):
                x0, x1 = word.box[0], _right(word.box)
                if x0 < boundary - slack and x1 > boundary + slack:
                    return index - 1
                if not number:
                    continue
                before = row.words[number - 1].box
                if before[0] + before[2] / 2 < boundary <= x0 + word.box[2] / 2:
                    gap = x0 - _right(before)
                    if gap < 1.5 * row.height and row.spans[number][0] not in caption_starts.get(index, ()):
                        return index - 1
    return _INF


def section_of(hit: PhraseHit, anchors: Sequence[Anchor]) -> Anchor | None:
    """The anchor governing a hit: the nearest one above (or before it on its row) in the same column."""
    centre = hit.box[0] + hit.box[2] / 2
    best: Anchor | None = None
    for anchor in anchors:
        if anchor.hit.row > hit.row or (anchor.hit.row == hit.row and anchor.hit.start > hit.start):
            continue
        if hit.row > anchor.last_row:
            continue
        if not anchor.left <= centre < anchor.right:
            continue
        if best is None or (anchor.hit.row, anchor.hit.box[0]) > (best.hit.row, best.hit.box[0]):
            best = anchor
    return best


# --------------------------------------------------------------------------- values

@dataclass(frozen=True)
class ValueLine:
    """One line of a value: its text, its words (with the share of each inside), its box, the zone to reread."""

    text: str
    words: tuple[tuple[OcrWord, float], ...]
    box: Box | None
    zone: Box


@dataclass(frozen=True)
class LocatedValue:
    """Where a field's value was found: the caption hit and the value's lines."""

    caption: PhraseHit | None
    lines: tuple[ValueLine, ...]
    flags: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The value's raw text, lines joined by a space."""
        return " ".join(line.text for line in self.lines if line.text)

    @property
    def box(self) -> Box | None:
        """The union of the value's word boxes."""
        return union_box(line.box for line in self.lines)

    @property
    def words(self) -> tuple[tuple[OcrWord, float], ...]:
        """Every word of the value with the share of it inside the value."""
        return tuple(item for line in self.lines for item in line.words)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Leaders and colons off a line of a value; a comma or hyphen at its end stays (the value may
    go on on the next line: "huyện Phong Thổ," / "tỉnh Lai Châu")."""
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP_END:
        end -= 1
    return start, end


def _cut_at_words(row: Row, start: int, end: int, spec: FieldTemplate) -> tuple[int, int]:
    """Apply ``starts_at`` / ``ends_before``: the value starts at / ends before one of those words."""
    if not spec.starts_at and not spec.ends_before:
        return start, end
    tokens = [(match.start() + start, match.end() + start, phrase_key(match.group(0)))
              for match in re.finditer(r"\w+", row.text[start:end])]
    markers_start = {phrase_key(word) for word in spec.starts_at}
    markers_end = {phrase_key(word) for word in spec.ends_before}
    for token_start, _, key in tokens:
        if key in markers_start:
            return token_start, end
        if key in markers_end:
            return start, token_start
    return start, end


def _starts_below(spec: FieldTemplate, row: Row, hit: PhraseHit, end: int, rows: Mapping[int, Row],
                  row_hits: Mapping[int, list], stop_rows: set[int]) -> tuple[Row, int] | None:
    """For a field that starts at a marker word (``starts_at``) not on its caption's line: the next
    line and where the marker opens it, when that line opens with one (and with no caption: "Ngày
    sinh" opens another field)."""
    if not spec.starts_at:
        return None
    markers = {phrase_key(word) for word in spec.starts_at}
    if any(phrase_key(match.group(0)) in markers for match in re.finditer(r"\w+", row.text[hit.end:end])):
        return None
    below = rows.get(hit.row + 1)
    if below is None or below.index in stop_rows or below.box[1] - row.box[1] > 2.2 * row.height:
        return None
    first_word = re.search(r"\w+", below.text)
    if first_word is None or phrase_key(first_word.group(0)) not in markers:
        return None
    if any(other.start <= first_word.end() for other in row_hits.get(below.index, ())):
        return None
    return below, first_word.start()


def _char_limit(row: Row, start: int, right: float) -> int:
    """The first character index at or after ``start`` whose word starts right of ``right``."""
    if right == _INF:
        return len(row.text)
    for number, (word_start, _) in enumerate(row.spans):
        if word_start >= start and row.words[number].box[0] >= right:
            return max(start, word_start - 1)
    return len(row.text)


def _zone(row: Row, left: float, right: float, value_box: Box | None) -> Box:
    """The box to reread: the value's box padded, or the empty room after the caption."""
    height = row.height
    top = row.box[1] - height // 4
    bottom = row.box[1] + row.box[3] + height // 4
    if value_box is not None:
        # The zone holds the whole value even where the bounds cut it (a header value read past
        # a column's bound): a zone narrower than the value rereads nothing and flags a right value.
        x0 = min(value_box[0], max(left, value_box[0] - height * 0.6))
        x1 = max(_right(value_box), min(right, _right(value_box) + height * 0.8))
    else:
        x0 = left if left > -_INF else row.box[0]
        x1 = min(right, x0 + 16 * height)
    x0 = max(0, int(x0))
    return (x0, max(0, top), max(1, int(x1) - x0), max(1, bottom - max(0, top)))


_LEADER = re.compile(r"\.{3,}|…|_{3,}|-{4,}")


def _gap_between_words(text: str, leader: re.Match) -> bool:
    """Whether a short run of dots is only the gap between two words of a value written over a
    leader ("Huyện Tiền Hải...Tỉnh Thái Bình": the leader's dots left between the words read as
    "..."), not the printed dotted line after it: a capitalised Vietnamese word follows."""
    if not leader.group().startswith(".") or len(leader.group()) > 4:
        return False
    word = re.match(r"[^\W\d_]{2,}", text[leader.end():].lstrip(" ."))
    return word is not None and word.group()[0].isupper() and is_syllable(word.group())


def _line_from_chars(row: Row, start: int, end: int, left: float, right: float) -> ValueLine:
    start, end = _trim(row.text, start, end)
    # A dotted leader after the value ends it: what follows is the printed dotted line
    # (read as noise: "-.- 1111 11") or the room left blank.
    leader = next((found for found in _LEADER.finditer(row.text, start, end)
                   if not _gap_between_words(row.text, found)), None)
    if leader is not None and leader.start() > start:
        start, end = _trim(row.text, start, leader.start())
    text = row.text[start:end] if start < end else ""
    box = row.slice_box(start, end) if text else None
    words = row.slice_words(start, end) if text else ()
    number = row.word_at(start)
    if text and number > 0 and row.spans[number][0] == start:
        # The zone to reread stops short of the word before the value: the caption's colon or a
        # speck caught at its left edge ("Quyển số: 01/2011") is read as a digit under a digits-only
        # whitelist, and the whole reading's confidence falls to nothing.
        previous = row.words[number - 1].box
        left = max(left, previous[0] + previous[2] + 1)
    return ValueLine(text=text, words=words, box=box, zone=_zone(row, left, right, box))


def _line_from_words(row: Row, left: float, right: float) -> ValueLine | None:
    """The words of ``row`` whose centre lies between ``left`` and ``right``, as one value line."""
    chosen = [number for number, word in enumerate(row.words) if left <= word.box[0] + word.box[2] / 2 < right]
    if not chosen:
        return None
    start, end = row.spans[chosen[0]][0], row.spans[chosen[-1]][1]
    return _line_from_chars(row, start, end, left, right)


def locate_value(spec: FieldTemplate, hit: PhraseHit, rows: Mapping[int, Row], row_hits: Mapping[int, list],
                 anchor: Anchor | None, stop_rows: set[int], region_right: float) -> LocatedValue:
    """The value of one field after (or under) its caption."""
    row = rows[hit.row]
    column_left = anchor.left if anchor else -_INF
    column_right = anchor.right if anchor else _INF
    following = [other for other in row_hits.get(hit.row, ()) if other.start >= hit.end
                 and not _opens_value(spec, row, hit, other)]
    next_start = min((other.start for other in following), default=len(row.text))
    end = min(next_start, _char_limit(row, hit.end, column_right))
    start, cut_end = _cut_at_words(row, hit.end, end, spec)
    right_bound = min(column_right, row.char_x(end) if end < len(row.text) else _INF)
    caption_right = _right(hit.box)
    below_start = _starts_below(spec, row, hit, end, rows, row_hits, stop_rows)
    if below_start is not None:
        # "Đã chết vào lúc 8 giờ 00 phút" / "ngày 15/02/2011": the part this field takes opens the next line.
        below, marker = below_start
        line = _line_from_chars(below, marker, len(below.text), below.box[0] - below.height,
                                region_right + below.height)
        return LocatedValue(caption=hit, lines=(line,), flags=())
    first = _line_from_chars(row, start, cut_end, caption_right, right_bound if right_bound < _INF else
                             region_right + row.height)
    lines = [first]
    if not first.text and spec.value in ("below", "right_or_below"):
        below = rows.get(hit.row + 1)
        if below is not None and below.index not in stop_rows:
            bound = min(column_right, _INF if not following else row.char_x(next_start))
            taken = [other for other in row_hits.get(below.index, ())
                     if hit.box[0] - below.height <= other.box[0] < bound]
            if not taken:
                line = _line_from_words(below, hit.box[0] - 2 * below.height,
                                        bound if bound < _INF else region_right + below.height)
                if line is not None:
                    lines = [line]
    elif first.text and spec.wrap and not any(other.box[0] < column_right for other in following):
        lines += _wrapped_lines(first, hit, rows, row_hits, stop_rows, column_left, column_right, region_right)
    elif first.text and first.box is not None and (not following or spec.kind == "name"):
        overflow = _overflow_line(first, hit, rows, row_hits, stop_rows)
        if overflow is not None and following and not _written_like(first.text, overflow.text):
            overflow = None  # (a name in a box beside another box wraps under itself, written as it is)
        if overflow is None and spec.kind == "name" and not following:
            overflow = _name_wrapped_to_line_start(first, hit, rows, row_hits, stop_rows)
        if overflow is not None:
            # A value of a kind that seldom wraps with caption-less text right under it, inside its
            # span (a name wrapped in a narrow cell): taken, but for the officer to check.
            return LocatedValue(caption=hit, lines=(first, overflow), flags=("uncertain_continuation",))
    flags: tuple[str, ...] = ()
    if len(lines) > 1 and _ended_short(first, column_right, region_right, row.height):
        flags = ("uncertain_continuation",)  # a short line, then more text: one value or two things?
    if not any(line.text for line in lines) and following and not _LEADER.search(row.text, hit.end, next_start):
        nearest = min(following, key=lambda other: other.start)
        if nearest.box[0] - caption_right < 2 * row.height:
            # Another caption right after this one, no room between: the value may read like a
            # caption ("Giấy tờ tùy thân: Số định danh cá nhân 0452…"), not be blank.
            flags = (*flags, "caption_then_caption")
    return LocatedValue(caption=hit, lines=tuple(lines), flags=flags)


def _opens_value(spec: FieldTemplate, row: Row, hit: PhraseHit, other: PhraseHit) -> bool:
    """Whether ``other``, a caption found right after the field's own on its row (nothing but a colon,
    leaders or spaces between), opens the field's value instead: one of its ``opens_with``, read with
    no colon of its own or with a number after it ("Giấy tờ tùy thân: Số định danh cá nhân
    041410169318", "Nơi cư trú: Số.173, đường Lê Lợi": a leader's dot after a house's "Số")."""
    return (other.phrase in spec.opens_with
            and (not other.colon or bool(_NUMBER_NEXT.match(row.text, other.end)))
            and not any(char.isalnum() for char in row.text[hit.end:other.start]))


_NUMBER_NEXT = re.compile(r"\s*[.:]?\s*\d")


def _captionless_row_under(first: ValueLine, hit: PhraseHit, rows: Mapping[int, Row],
                           row_hits: Mapping[int, list], stop_rows: set[int]) -> Row | None:
    """The row right under a value's (no further than a close line spacing), when it holds no caption."""
    below = rows.get(hit.row + 1)
    row = rows[hit.row]
    if below is None or below.index in stop_rows or row_hits.get(below.index) or first.box is None:
        return None
    return None if below.box[1] - row.box[1] > 1.8 * row.height else below


def _overflow_line(first: ValueLine, hit: PhraseHit, rows: Mapping[int, Row], row_hits: Mapping[int, list],
                   stop_rows: set[int]) -> ValueLine | None:
    """The next row when it holds only caption-less words under the value's own span."""
    below = _captionless_row_under(first, hit, rows, row_hits, stop_rows)
    if below is None:
        return None
    row = rows[hit.row]
    left, right = first.box[0], _right(first.box)
    if below.words[0].box[0] < left - 0.5 * row.height or _right(below.box) > right + 0.5 * row.height:
        return None
    line = _line_from_words(below, left - row.height, right + row.height)
    return line if line is not None and line.text else None


def _written_like(name: str, more: str) -> bool:
    """Whether ``more`` is words of a name written as ``name`` is: Vietnamese syllables, all capitals
    if the name is, each capitalised if it is so (not "ngoại" under "Hồ Khánh Quỳnh")."""
    words = more.split()
    if not words or len(words) > 2 or not all(is_syllable(word) for word in words):
        return False
    if name.isupper():
        return all(word.isupper() for word in words)
    return all(word[:1].isupper() and not word.isupper() for word in words)


def _name_wrapped_to_line_start(first: ValueLine, hit: PhraseHit, rows: Mapping[int, Row],
                                row_hits: Mapping[int, list], stop_rows: set[int]) -> ValueLine | None:
    """A name's last words wrapped back to where its caption's line starts ("… khai sinh MẠC NGỌC" /
    "PHỤNG"): the next row holds, from under the caption to before the value, only caption-less
    words written as the name is (its case, Vietnamese syllables). ``None`` for anything else."""
    below = _captionless_row_under(first, hit, rows, row_hits, stop_rows)
    if below is None:
        return None
    row = rows[hit.row]
    left, right = hit.box[0] - row.height, first.box[0]
    words = [word for word in below.words if left <= word.box[0] + word.box[2] / 2 < right]
    if not words or len(words) > 2 or words[0].box[0] > hit.box[0] + row.height:
        return None
    if any(left <= word.box[0] + word.box[2] / 2 < _right(first.box) + row.height for word in below.words
           if word not in words):
        return None  # more writing under the value itself: another thing, not the name's end
    upper = first.text.isupper()
    if not all(is_syllable(word.text) and word.text.isupper() == upper for word in words):
        return None
    return _line_from_words(below, left, right)


def _wrapped_lines(first: ValueLine, hit: PhraseHit, rows: Mapping[int, Row], row_hits: Mapping[int, list],
                   stop_rows: set[int], column_left: float, column_right: float,
                   region_right: float) -> list[ValueLine]:
    """Continuation lines of a long value: caption-less rows right under it, starting at the left.

    On a form every printed line opens with a caption, a heading or the signature block;
    a caption-less row right under a value, starting no further right than the value, is
    the value wrapped onto the next line.
    """
    lines: list[ValueLine] = []
    last = first
    row = rows[hit.row]
    right_edge = min(column_right, region_right + row.height)
    # A wrapped line starts at the column's left edge (the page margin), wherever the caption stood.
    region_left = min(other.box[0] for other in rows.values())
    left_edge = column_left if column_left > -_INF else region_left - row.height
    value_start = first.box[0] if first.box else _right(hit.box)
    # A wrapped line keeps the form's line spacing, however generous (forms printed with room to write).
    widest = max(2.6 * row.height, 1.2 * _line_pitch(rows))
    for offset in (1, 2):
        below = rows.get(hit.row + offset)
        if below is None or below.index in stop_rows:
            break
        pitch = below.box[1] - rows[hit.row + offset - 1].box[1]
        after = rows.get(below.index + 1)
        # (or the spacing of this part of the form: the line after goes on at the same pitch, within
        # a few lines' height: a lone line far below is no continuation for being as far from the next)
        local = min(1.25 * (after.box[1] - below.box[1]), 4.0 * row.height) if after is not None else 0.0
        if pitch > max(widest, local):
            break
        in_column = [word for word in below.words if left_edge <= word.box[0] + word.box[2] / 2 < right_edge]
        if not in_column:
            break
        if in_column[0].box[0] > value_start + 2 * row.height:
            break  # starts right of the value: a signature block or a note, not a continuation
        if any(left_edge <= other.box[0] < right_edge and not _number_of_document(last.text, below, other)
               for other in row_hits.get(below.index, ())):
            break
        line = _line_from_words(below, left_edge, right_edge)
        if line is None or not line.text:
            break
        lines.append(line)
        last = line
    del last
    return lines


def _line_pitch(rows: Mapping[int, Row]) -> float:
    """The usual distance between the tops of a page's consecutive lines (the median)."""
    tops = sorted(row.box[1] for row in rows.values())
    gaps = sorted(later - earlier for earlier, later in zip(tops, tops[1:], strict=False) if later > earlier)
    return float(gaps[len(gaps) // 2]) if gaps else 0.0


#: An identity document named at a line's end: its number follows, "số 111776283" on the next line.
_DOCUMENT_AT_END = re.compile(r"(?i)(?:cmnd|cccd|căn cước(?: công dân)?|chứng minh nhân dân|hộ chiếu|"
                              r"giấy tờ tùy thân|định danh cá nhân)\W*$")
_NUMBER_AT_START = re.compile(r"(?i)^\s*số\s*[:.]?\s*\d")


def _continues_document(hit: PhraseHit, rows: Mapping[int, Row]) -> bool:
    """Whether ``hit`` is a "Số" opening the number of an identity document named at the end of
    the row above: no caption of its own, so no field may take it for its caption."""
    above = rows.get(hit.row - 1)
    if above is None:
        return False
    return _number_of_document(above.text, rows[hit.row], hit)


def _number_of_document(text_above: str, below: Row, other: PhraseHit) -> bool:
    """Whether the "Số" caption found at the start of ``below`` is the number of the identity
    document the value above ended with ("CMND" / "số 111776283"), not a new field."""
    return (other.start <= 1 and len(phrase_key(other.phrase)) <= 2 and bool(_DOCUMENT_AT_END.search(text_above))
            and bool(_NUMBER_AT_START.match(below.text)))


def _ended_short(first: ValueLine, column_right: float, region_right: float, height: int) -> bool:
    """Whether a value's first line stopped well short of the margin (then it did not wrap)."""
    if first.box is None:
        return True
    right_edge = min(column_right, region_right)
    return right_edge - _right(first.box) > 12 * height


# --------------------------------------------------------------------------- records

def _choose_hit(spec: FieldTemplate, hits: Sequence[PhraseHit], anchors: Sequence[Anchor],
                used: set[tuple[int, int]]) -> tuple[PhraseHit, Anchor | None] | None:
    ranked = []
    for hit in hits:
        if hit.phrase not in spec.captions:
            continue
        anchor = section_of(hit, anchors)
        section = anchor.section if anchor else "main"
        if spec.section is not None and section != spec.section:
            continue
        # A caption naming whose value it is ("Họ và tên người chết") beats the bare one it extends
        # ("Họ và tên"), which may be the first line of another person's wrapped caption.
        ranked.append((not _qualified_caption(spec, hit.phrase), spec.captions.index(hit.phrase), hit.row,
                       hit.start, hit, anchor))
    if not ranked:
        return None
    ranked.sort(key=lambda item: item[:4])
    # A caption already taken by a field of another caption family is a worse choice.
    for *_, hit, anchor in ranked:
        if (hit.row, hit.start) not in used:
            return hit, anchor
    return ranked[0][4], ranked[0][5]


@lru_cache(maxsize=1024)
def _qualified_caption(spec: FieldTemplate, caption: str) -> bool:
    """Whether ``caption`` is another of the field's captions with words added after it."""
    key = phrase_key(caption)
    return any(other != caption and key.startswith(phrase_key(other)) for other in spec.captions)


@dataclass(frozen=True)
class ExtractOptions:
    """Tuning of one extraction: the review policy and when to take a second look."""

    policy: ReviewPolicy = ReviewPolicy()
    #: The OCR page's ``(width, height)``: :func:`extract` sets it (blank values whose room reaches
    #: an edge of the page are marked ``room_at_edge``: a page cut off there may have lost them).
    page_size: tuple[int, int] | None = None
    #: A third reading of a zone whose first two readings disagree (other settings again): one that
    #: sides with the page's reading lifts the disagreement, for the kinds
    #: :func:`ocr.confidence.wants_tiebreak` allows; of a number or a date, one that sides with the second
    #: picks the value shown (:func:`ocr.confidence.wants_third_reading`). ``None``: no third reading.
    tiebreak: Reread | None = None
    #: The vertical rules of the page's image, computed when asked (:func:`ocr.preprocess.ruling.
    #: vertical_rules`): the columns of a register whose headings read too badly lie between them.
    rules: Callable[[], Sequence[VerticalRule]] | None = None


def _runs_on_past(row: Row, bound: float) -> bool:
    """Whether a row's text runs on past ``bound`` without a break: a word across it, or words on
    both sides of it no further apart than the spaces between words."""
    before = [word for word in row.words if word.box[0] < bound]
    after = [word for word in row.words if word.box[0] >= bound]
    if not before or not after:
        return False
    return _right(before[-1].box) > bound or after[0].box[0] - _right(before[-1].box) < row.height


def _located_from_chunks(chunks: Sequence, column, lines: Sequence[Row],
                         record_rows: Sequence[Row] = ()) -> LocatedValue | None:
    """A cell field's chunks (see :func:`ocr.tables.parse_cell`) as a located value; an empty cell
    (or a field its cell does not hold) as an empty value whose zone is the cell. A cell with no
    line at all, in a column the table's headings bound, is empty too (its zone: the column beside
    the record's rows), not a caption not found."""
    if not chunks:
        if not lines:
            if not record_rows or column.left == -_INF:
                return None
            box = union_box(row.box for row in record_rows)
            height = max(row.height for row in record_rows)
            # A line of another column that runs on into this one ("Người ký giấy khai sinh: Lê Bảo
            # Duyên" over an empty note) is not in its room: the second look would read it there.
            left = max((_right(row.words[-1].box) + height // 2 for row in record_rows
                        if _runs_on_past(row, column.left)), default=column.left)
            # The last column runs to the page's edge: its room is some ten letters wide at least.
            right = column.right if column.right < _INF else max(_right(box), left + 10 * height)
            left = column.left if right - left < 2 * height else left
            zone = (int(left), box[1], max(1, int(right - left)), box[3])
            return LocatedValue(caption=None, lines=(ValueLine(text="", words=(), box=None, zone=zone),),
                                flags=("uncaptioned",))
        box = union_box(row.box for row in lines)
        left = max(box[0], column.left) if column.left > -_INF else box[0]
        zone = (int(left), box[1], int(min(_right(box), column.right) - left), box[3])
        return LocatedValue(caption=None, lines=(ValueLine(text="", words=(), box=None, zone=zone),),
                            flags=("uncaptioned",))
    lines = tuple(_line_from_chars(chunk.row, chunk.start, chunk.end, column.left, column.right)
                  for chunk in chunks)
    caption = next((chunk.hit for chunk in chunks if chunk.hit is not None), None)
    flags = () if caption is not None else ("uncaptioned",)
    return LocatedValue(caption=caption, lines=lines, flags=flags)


#: The line every Vietnamese administrative document dates itself with, over the signature:
#: "Gia Ninh, ngày 10 tháng 4 năm 2008" (place, then the date).
_PLACE_DATE = re.compile(r"^\W*[^\W\d][^,]{1,40},\s*(?P<date>ngày\b.*\d{4})\W*$", re.IGNORECASE)


def _signing_date(rows: Sequence[Row]) -> LocatedValue | None:
    """A certificate with no "Ngày đăng ký" caption: the date of its place-and-date line (the day it
    was issued, the registration day for an original; not for a later extract: for the officer to check)."""
    for row in reversed(rows):
        match = _PLACE_DATE.match(row.text)
        if match is None:
            continue
        line = _line_from_chars(row, match.start("date"), match.end("date"), row.box[0], _right(row.box) + row.height)
        return LocatedValue(caption=None, lines=(line,), flags=("date_of_signing",))
    return None


#: The words of an administrative unit, folded: after a committee's name they vouch for it.
_UNIT_KEYS = ("xa", "phuong", "thitran", "thixa", "huyen", "quan", "thanhpho", "tinh", "dackhu")


def _opening_words_at(row: Row, keys: set[str]) -> int | None:
    """Where in ``row.text`` the words a value opens with ("Ủy ban nhân dân") start: at the row's
    start, or after a speck or two a poor scan put before them ("T UY BẠN NHÂN DÂN"), a letter or
    two misread among them; ``None`` when the row does not open with them. One letter more may be
    misread ("Đy,bayï nhân dân", "UBNP") where the words go on with a unit ("xã Hòa Cuông"): a
    committee's name is what stands before a commune's."""
    for key in sorted(keys, key=lambda key: (-len(key), key)):  # (longest first, and the same order every run)
        if not key:
            continue
        if row.key.startswith(key):
            return 0
        budget = allowed_edits(len(key)) if len(key) >= 8 else 0
        edits, start, end = semi_global(key, row.key[:len(key) + 3])
        if start > 3:
            continue
        if edits <= budget and budget:
            return row.key_pos[start]
        if edits <= budget + 1 and row.key.startswith(_UNIT_KEYS, end):
            return row.key_pos[start]
    return None


def _header_value(spec: FieldTemplate, header_rows: Sequence[Row], template: FormTemplate,
                  region_right: float) -> LocatedValue | None:
    """A field printed once for the whole page (register pages: the book number, the authority)."""
    if not header_rows:
        return None
    rows = {row.index: row for row in header_rows}
    hits = [hit for hit in find_phrases(header_rows, template.captions) if hit.phrase in spec.captions]
    if hits:
        all_hits = find_phrases(header_rows, template.captions)
        row_hits: dict[int, list[PhraseHit]] = {}
        for hit in all_hits:
            row_hits.setdefault(hit.row, []).append(hit)
        located = locate_value(replace(spec, wrap=False), hits[0], rows, row_hits, None, set(), region_right)
        if located.text:
            return located
        # A caption with nothing after it may be no caption: the form's title read on one line with
        # the book number ("SỐ ĐĂNG KÝ KẾT HÔN Quyển số: …") is not found as the title, and reads as
        # "Nơi đăng ký kết hôn" two letters off. The committee's line is then found by its opening words.
    prefixes = {phrase_key(prefix) for prefix in spec.uncaptioned}
    for row in header_rows:
        start = _opening_words_at(row, prefixes)
        if start is not None:
            # The line up to a wide gap (a page number may sit far right on the same line).
            start_word = end_word = row.word_at(start)
            for number in range(start_word + 1, len(row.words)):
                gap = row.words[number].box[0] - _right(row.words[number - 1].box)
                if gap > 2.5 * row.height:
                    break
                end_word = number
            line = _line_from_chars(row, start, row.spans[end_word][1], row.char_x(start), _right(row.box))
            # Found by the words it opens with ("Ủy ban nhân dân"), which stand in for a caption.
            return LocatedValue(caption=None, lines=(line,), flags=("found_by_prefix",))
    return None


def _record(index: int, region_box: Box, record_rows: Sequence[Row], column_of: Mapping[int, int],
            table: Table | None, template: FormTemplate, header_rows: Sequence[Row], reread: Reread | None,
            options: ExtractOptions) -> ExtractedRecord:
    rows = {row.index: row for row in record_rows}
    title_rows = _title_rows(record_rows, template)
    stop_rows = title_rows | ({hit.row for hit in find_phrases(record_rows, template.stop_phrases)}
                              if template.stop_phrases else set())
    hits = [hit for hit in find_phrases(record_rows, template.captions) if hit.row not in title_rows]
    cell_columns = [(number, column) for number, column in enumerate(table.columns)
                    if column.spec is not None and column.spec.fields] if table else []
    cell_keys = {key for _, column in cell_columns for key in column.spec.fields}
    cell_column_numbers = {number for number, _ in cell_columns}
    # (A caption in a column outside the record, "Số 206/GBT" of the death notice, is none of its fields'.)
    outside = {number for number, column in enumerate(table.columns)
               if column.spec is not None and column.spec.outside_record} if table else set()
    free_hits = [hit for hit in hits if column_of.get(hit.row) not in cell_column_numbers | outside
                 and not _continues_document(hit, rows)]
    row_hits: dict[int, list[PhraseHit]] = {}
    for hit in hits:
        row_hits.setdefault(hit.row, []).append(hit)
    anchors = find_anchors(rows, free_hits, template)
    region_right = max((_right(row.box) for row in record_rows), default=0)
    evidence: dict[str, FieldEvidence] = {}
    used: set[tuple[int, int]] = set()
    for spec in template.fields:
        if spec.key in cell_keys:
            continue
        chosen = _choose_hit(spec, free_hits, anchors, used)
        located = None
        if chosen is not None:
            hit, anchor = chosen
            if not (spec.starts_at or spec.ends_before):
                used.add((hit.row, hit.start))
            located = locate_value(spec, hit, rows, row_hits, anchor, stop_rows, region_right)
        evidence[spec.key] = _evidence(spec, located, record_rows)
    evidence = _shared_continuations(evidence, record_rows)
    if template.layout == "certificate":
        for spec, hit, anchor in _misread_captions(template, evidence, record_rows, hits, anchors, title_rows, used):
            if column_of.get(hit.row) in cell_column_numbers | outside:
                continue  # (a table's cells are read by their columns, as above)
            row_hits.setdefault(hit.row, []).append(hit)
            located = locate_value(spec, hit, rows, row_hits, anchor, stop_rows, region_right)
            evidence[spec.key] = _evidence(spec, replace(located, flags=(*located.flags, "caption_misread")),
                                           record_rows)
    by_key = {spec.key: spec for spec in template.fields}
    row_labels = _row_labels(table, hits, rows, column_of) if table else []
    for number, column in cell_columns:
        lines = [row for row in record_rows if column_of.get(row.index) == number]
        specs = [by_key[key] for key in column.spec.fields]
        for group_specs, group_lines in _cells_by_row_label(lines, specs, row_labels):
            parsed = parse_cell(group_lines, group_specs, template.other_captions)
            for spec in group_specs:
                located = _located_from_chunks(parsed.get(spec.key, ()), column, group_lines, record_rows)
                if located is not None and spec.key in parsed.left_out:
                    located = replace(located, flags=(*located.flags, "text_left_out"))
                evidence[spec.key] = _evidence(spec, located, record_rows)
    evidence = _unfound_doubted(evidence, record_rows, frozenset(title_rows))
    return _finish_record(index, region_box, evidence, record_rows, template, header_rows, region_right, reread,
                          options)


def _shared_continuations(evidence: dict[str, FieldEvidence], rows: Sequence[Row]) -> dict[str, FieldEvidence]:
    """Two values that both took the same words of a line under them (a name wrapped in its box,
    "HỒ KHÁNH QUỲNH" / "ANH", and the relationship in the box beside it running on into "ANH"):
    the line is one value's at most, so both are doubted ("uncertain_continuation")."""
    takers: dict[int, set[str]] = {}
    for key, item in evidence.items():
        if item.located is None:
            continue
        for line in item.located.lines[1:]:
            for word, _ in line.words:
                takers.setdefault(id(word), set()).add(key)
    shared = {key for keys in takers.values() if len(keys) > 1 for key in keys}
    if not shared:
        return evidence
    return {key: _evidence(item.spec, replace(item.located, flags=(*item.located.flags, "uncertain_continuation")),
                           rows) if key in shared else item
            for key, item in evidence.items()}


def _misread_captions(template: FormTemplate, evidence: Mapping[str, FieldEvidence], rows: Sequence[Row],
                      hits: Sequence[PhraseHit], anchors: Sequence[Anchor], title_rows: set[int],
                      used: set[tuple[int, int]]) -> list[tuple[FieldTemplate, PhraseHit, Anchor | None]]:
    """The captions of fields not found, read with one more misread letter than a caption may carry
    ("(ơi tính", "Giơltfính" for "Giới tính": a box's rule or a display face's hairlines lost), where
    no caption found stands: each field with the hit it takes and its section's anchor. A value
    found so is always checked ("caption_misread")."""
    missing = [spec for spec in template.fields if spec.key in evidence and evidence[spec.key].located is None]
    if not missing:
        return []
    captions = sorted({caption for spec in missing for caption in spec.captions})
    near = [hit for hit in find_phrases(rows, captions, loose=1)
            if hit.edits and hit.row not in title_rows
            and not any(other.row == hit.row and other.start < hit.end and hit.start < other.end for other in hits)]
    garbled = _garbled_anchors(template, missing, rows, anchors, used, title_rows)
    # A section whose anchor only a garbled line holds: its fields take the captions found under it
    # too (the mother's "Dân tộc" read right, under "Fiọo tên mẹ:"), and the anchor for the name.
    anchors = (*anchors, *garbled)
    opened = {anchor.section for anchor in garbled}
    found = []
    for spec in missing:
        candidates = [*near, *hits, *(anchor.hit for anchor in garbled)] if spec.section in opened else near
        chosen = _choose_hit(spec, candidates, anchors, used)
        if chosen is not None and (chosen[0].row, chosen[0].start) not in used:
            used.add((chosen[0].row, chosen[0].start))
            found.append((spec, *chosen))
    return found


#: A garbled section anchor: at most this share of its folded letters misread (3 at least)...
GARBLED_ANCHOR_EDITS = 0.3
#: ...ending within this many words of its row's start.
GARBLED_ANCHOR_WORDS = 9


def _garbled_anchors(template: FormTemplate, missing: Sequence[FieldTemplate], rows: Sequence[Row],
                     anchors: Sequence[Anchor], used: set[tuple[int, int]],
                     title_rows: set[int]) -> list[Anchor]:
    """Anchors of sections none of whose anchors was found and two of whose fields are missing, read
    where a line opens with a caption that ends in the word telling that section's anchors from the
    others' ("mẹ", "cha"), read with its diacritics, the words before it too garbled to be found
    ("Fiọo tên mẹ:", ".Họ, chữ đệm t tên: nngườj m mẹ" for "Họ tên mẹ", "Họ, chữ đệm, tên người
    mẹ"). One per section, the closest to one of its anchors; none on a line a field's caption
    opens."""
    found = {anchor.section for anchor in anchors}
    endings: dict[str, set[str]] = {}
    for section in template.sections:
        for phrase in section.anchors:
            if len(phrase.split()) >= 2:
                endings.setdefault(exact_key(phrase.split()[-1]), set()).add(section.name)
    wanted = Counter(spec.section for spec in missing if spec.section is not None)
    result = []
    for section in template.sections:
        if section.name in found or wanted[section.name] < 2:
            continue
        own = {exact_key(phrase.split()[-1]) for phrase in section.anchors if len(phrase.split()) >= 2}
        telling = {ending for ending in own if endings[ending] == {section.name}}
        best: tuple[float, Row, int, str] | None = None
        for row in rows:
            if row.index in title_rows or any((row.index, start) in used for start, _ in row.spans[:2]):
                continue
            for number, (start, end) in enumerate(row.spans[:GARBLED_ANCHOR_WORDS]):
                if number == 0 or exact_key(row.text[start:end]) not in telling:
                    continue
                read = phrase_key(row.text[:end])
                for phrase in section.anchors:
                    key = phrase_key(phrase)
                    edits = Levenshtein.distance(key, read)
                    if edits <= max(3, GARBLED_ANCHOR_EDITS * len(key)):
                        score = edits / len(key)
                        if best is None or score < best[0]:
                            best = (score, row, end, phrase)
        if best is None:
            continue
        _, row, end, phrase = best
        start = row.spans[0][0]
        caption = row.text[start:end]
        hit = PhraseHit(phrase=phrase, row=row.index, start=start, end=end,
                        edits=Levenshtein.distance(phrase_key(phrase), phrase_key(caption)),
                        exact=Levenshtein.normalized_similarity(exact_key(phrase), exact_key(caption)),
                        colon=row.text[end:].lstrip()[:1] in (":", "."), box=row.slice_box(start, end))
        result.append(Anchor(section=section.name, hit=hit, left=-_INF, right=_INF))
    return result


def _finish_record(index: int, region_box: Box, evidence: dict[str, FieldEvidence], record_rows: Sequence[Row],
                   template: FormTemplate, header_rows: Sequence[Row], region_right: float, reread: Reread | None,
                   options: ExtractOptions) -> ExtractedRecord:
    """A record from its fields' evidence: values printed once for the page, the second look, the
    cross-field rules, and each field's decision."""
    dated = evidence.get("registration_date")
    if template.layout == "certificate" and dated is not None and dated.located is None:
        located = _signing_date(record_rows)
        if located is not None:
            evidence["registration_date"] = _evidence(dated.spec, located, record_rows)
    if template.layout == "register":
        for key, item in list(evidence.items()):
            if item.located is None:
                located = _header_value(item.spec, header_rows, template, region_right)
                if located is not None:
                    evidence[key] = _evidence(item.spec, located, record_rows)
    evidence = _second_looks(evidence, reread, options.policy)
    evidence = _tiebreaks(evidence, options.tiebreak, options.policy)
    evidence = _words_respelt_from_digits(evidence)
    evidence = _year_from_book(evidence)
    readings = {key: item.reading for key, item in evidence.items()}
    issues, rule_flags, confirmations = check_record(template.document_type, readings)
    fields = _decided(evidence, template, rule_flags, confirmations, options)
    taken = _second_readings_taken(evidence, fields)
    if taken:
        # The rules judged the page's readings; where a field shows its second look's value, they judge
        # what the officer sees (a registration date read 2016, shown 2019, raised "death after
        # registration" beside two dates in order). Kept when the values shown stay the same.
        second = check_record(template.document_type, {**readings, **taken})
        refields = _decided(evidence, template, second[1], second[2], options)
        if _second_readings_taken(evidence, refields).keys() == taken.keys():
            (issues, rule_flags, confirmations), fields = second, refields
    if template.layout == "register":
        fields = _sparse_entry_doubted(fields)
    return ExtractedRecord(record_index=index, region=region_box, fields=fields, issues=tuple(issues))


def _decided(evidence: dict[str, FieldEvidence], template: FormTemplate, rule_flags, confirmations,
             options: ExtractOptions) -> dict[str, ExtractedField]:
    """Each field of the record decided from its evidence and the rules' flags and confirmations, in the
    form's order."""
    fields: dict[str, ExtractedField] = {}
    keys = sorted(template.record_keys, key=lambda key: key not in CONFIRMING_FIELDS.values())
    for key in keys:
        item = evidence.get(key)
        if item is None:
            fields[key] = ExtractedField(value="", raw="", confidence=1.0, needs_review=False, box=None,
                                         reasons=("not_on_form",))
            continue
        fields[key] = _caption_checked(assess_field(item, rule_flags.get(key, ()),
                                                    _vouched(confirmations.get(key, ()), fields),
                                                    options.policy), template, item.spec.opens_with)
        if (not fields[key].value and item.located is not None
                and _room_at_edge(item.located, options.page_size, options.rules)):
            fields[key] = replace(fields[key], reasons=(*fields[key].reasons, "room_at_edge"))
    return {key: fields[key] for key in template.record_keys}  # (the form's order, for the officer)


def _second_readings_taken(evidence: dict[str, FieldEvidence], fields: dict[str, ExtractedField]) -> dict:
    """The second look's readings of the fields whose decided value is the second look's, not the page's."""
    return {key: item.second for key, item in evidence.items()
            if item.second is not None and key in fields and fields[key].value == item.second.value
            and fields[key].value != item.reading.value}


#: The field a confirmation's source is read from, when it is one field: a confirmation vouches
#: only when that field is not itself to be checked (an ID the officer must check, another entry's
#: ID when two entries ran together, vouches for no sex).
CONFIRMING_FIELDS = {"personal_id": "personal_id"}


def _vouched(sources: tuple[str, ...], decided: dict[str, ExtractedField]) -> tuple[str, ...]:
    """The confirmation ``sources`` whose own field, decided first, is not flagged."""
    return tuple(source for source in sources
                 if (field := decided.get(CONFIRMING_FIELDS.get(source, ""))) is None or not field.needs_review)


#: An entry with at least this many values found by their place in its cells, more than half of
#: them blank, has had its cells misplaced more likely than left blank.
SPARSE_ENTRY_CELLS = 5


def _sparse_entry_doubted(fields: dict[str, ExtractedField]) -> dict[str, ExtractedField]:
    """A register entry read cell by cell whose cells are mostly blank: its blank cells are checked.
    An entry's cells are seldom blank (a register ruled the other way, a third of whose cells one
    entry read blank, had been cut at the wrong place: the father's name and the identity paper
    of the entry beside it were blank and unflagged)."""
    placed = [key for key, field in fields.items() if "uncaptioned" in field.reasons]
    blank = [key for key in placed if not fields[key].value]
    if len(placed) < SPARSE_ENTRY_CELLS or 2 * len(blank) <= len(placed):
        return fields
    return {key: replace(field, needs_review=True, reasons=(*field.reasons, "sparse_entry"))
            if key in blank and not field.needs_review else field for key, field in fields.items()}


#: How near an edge of the page (share of its size) a blank value's room counts as reaching it.
_EDGE_SHARE = 0.03


def _room_at_edge(located: LocatedValue, page_size: tuple[int, int] | None,
                  rules: Callable[[], Sequence[VerticalRule]] | None = None) -> bool:
    """Whether the room a blank value was looked for in reaches an edge of the page. A room that
    reaches the left or right edge only on paper (the last column of a register looked for up to
    the page's edge) is closed where a vertical rule of the page (``rules``) runs the room's height
    between it and that edge: the table's frame, inside the page, so nothing there was cut off."""
    if page_size is None:
        return False
    width, height = page_size
    margin_x, margin_y = width * _EDGE_SHARE, height * _EDGE_SHARE
    for line in located.lines:
        x, y, w, h = line.zone
        if y <= margin_y or y + h >= height - margin_y:
            return True
        at_left, at_right = x <= margin_x, x + w >= width - margin_x
        if (at_left and not _ruled_off(rules, y, h, margin_x, x + w)
                or at_right and not _ruled_off(rules, y, h, x, width - margin_x)):
            return True
    return False


def _ruled_off(rules: Callable[[], Sequence[VerticalRule]] | None, top: int, height: int,
               left: float, right: float) -> bool:
    """Whether a vertical rule between ``left`` and ``right`` runs from ``top`` for ``height`` pixels
    (a few rows short at either end: a zone is padded a quarter of a line above and below)."""
    if rules is None:
        return False
    slack = height // 4
    return any(left < rule.x < right and rule.top <= top + slack and rule.bottom >= top + height - slack
               for rule in rules())


@lru_cache(maxsize=64)
def _printed_texts(template: FormTemplate) -> frozenset[str]:
    """The folded texts the form prints itself: captions and column headings (not the section headers
    "Chồng", "Vợ": a relationship's value may read so)."""
    texts = set(template.captions) | set(template.headings) | set(template.other_captions)
    return frozenset(phrase_key(text) for text in texts if len(phrase_key(text)) >= 2)


def _caption_checked(field: ExtractedField, template: FormTemplate,
                     opens_with: Sequence[str] = ()) -> ExtractedField:
    """A value that reads as one of the form's own captions or headings ("Họ, chữ đệm, tên",
    "Giới tính, dân tộc, quốc tịch") is the form's print taken for writing: never unflagged. (A value
    may open with one of its field's ``opens_with``: "Số định danh cá nhân 0414…".)"""
    if not field.value or field.needs_review:
        return field
    printed = _printed_texts(template)
    if phrase_key(field.value) in printed or phrase_key(field.raw) in printed:
        return replace(field, needs_review=True, reasons=(*field.reasons, "caption_as_value", "rule_failed"))
    words = re.findall(r"\w+", field.value)
    opener = max((phrase for phrase in opens_with
                  if phrase_key(" ".join(words[:len(phrase.split())])) == phrase_key(phrase)),
                 key=lambda phrase: len(phrase.split()), default="")
    value = phrase_key(" ".join(words[len(opener.split()):]))
    if any(value != tail and (value.startswith(tail) or value.endswith(tail)) for tail in _printed_caption_ends(template)):
        # "với Anh trai người đã chết": the end of a caption wrapped over two lines ("Quan hệ với" /
        # "người đã chết") read with the value.
        return replace(field, needs_review=True, reasons=(*field.reasons, "caption_in_value"))
    return field


@lru_cache(maxsize=64)
def _printed_caption_ends(template: FormTemplate) -> frozenset[str]:
    """The folded ends of the form's captions, two words or more and eight letters or more long
    (``nguoidachet`` of "Quan hệ với người đã chết"): what a caption wrapped over two lines leaves."""
    tails = set()
    for caption in (*template.captions, *template.other_captions):
        words = re.findall(r"\w+", caption)
        for count in range(2, len(words)):
            tail = phrase_key(" ".join(words[-count:]))
            if len(tail) >= 8:
                tails.add(tail)
    return frozenset(tails)


def _row_labels(table: Table, hits: Sequence[PhraseHit], rows: Mapping[int, Row],
                column_of: Mapping[int, int]) -> list[tuple[float, PhraseHit]]:
    """The captions of a grid's label column ("Họ, chữ đệm, tên | NGUYỄN VĂN A | TRẦN THỊ B"), top
    to bottom, with the top of their row: each opens a row of the grid."""
    label_columns = {number for number, column in enumerate(table.columns)
                     if column.spec is not None and not column.spec.fields}
    # A row's caption opens its line: "Số" inside "Nơi cư trú Số 27, đường…" is an address.
    found = [(float(rows[hit.row].box[1]), hit) for hit in hits
             if column_of.get(hit.row) in label_columns and hit.row in rows
             and not rows[hit.row].text[:hit.start].strip(" .,:;|-_…")]
    return sorted(found, key=lambda item: item[0])


def _cells_by_row_label(lines: Sequence[Row], specs: Sequence[FieldTemplate],
                        labels: Sequence[tuple[float, PhraseHit]]) -> list[tuple[list, list[Row]]]:
    """A column's lines cut by the grid's row captions: per caption, the field of this column it
    names and the lines beside it (down to the next caption); a field no caption names shares the
    lines of the caption above it, or, first in the column, the lines no caption holds (read in the
    column's order). Without row captions, one group."""
    if not labels:
        return [(list(specs), list(lines))]
    groups: dict[int, list[Row]] = {}
    loose: list[Row] = []
    for line in lines:
        middle = line.box[1] + line.box[3] / 2
        owner = None
        for number, (top, _) in enumerate(labels):
            if top - 0.5 * line.height <= middle:
                owner = number
        if owner is None:
            loose.append(line)
        else:
            groups.setdefault(owner, []).append(line)
    out: list[tuple[list, list[Row]]] = []
    rest: list[FieldTemplate] = []
    taken: set[int] = set()
    for spec in specs:
        numbers = [number for number, (_, hit) in enumerate(labels)
                   if hit.phrase in spec.captions and number not in taken]
        if numbers:
            taken.add(numbers[0])
            out.append(([spec], groups.get(numbers[0], [])))
        elif out:
            # Its caption was not read ("Nơi cư' (Pú"): its lines hang under the caption above it,
            # so it shares that caption's lines, after its field in the column's order.
            out[-1][0].append(spec)
        else:
            rest.append(spec)
    if rest:
        leftover = loose + [line for number, group in groups.items() if number not in taken for line in group]
        out.append((rest, sorted(leftover, key=lambda row: row.index)))
    return out


def _evidence(spec: FieldTemplate, located: LocatedValue | None, rows: Sequence[Row]) -> FieldEvidence:
    """The evidence of one field (for one not found, whether its caption may be on the page is
    decided once every field has been looked for: :func:`_unfound_doubted`)."""
    if located is None:
        return FieldEvidence(spec=spec, located=None, reading=normalise(spec.kind, ""))
    return FieldEvidence(spec=spec, located=located, reading=_read_as(spec, located.text)[0])


def _read_as(spec: FieldTemplate, text: str) -> tuple[Reading, str]:
    """``text`` read as a value of ``spec``'s kind, and the text read: a date's without the words of
    its own caption before it when that reads better (a date where the whole does not, "đăng ký
    1512/1997", or the same date more surely)."""
    reading = normalise(spec.kind, text)
    bare = _without_own_caption_words(text, spec)
    if bare != text:
        other = normalise(spec.kind, bare)
        if other.parsed is not None and (reading.parsed is None or (other.parsed == reading.parsed
                                                                    and other.certainty > reading.certainty)):
            return other, bare
    return reading, text


def _weak_captions(rows: Sequence[Row], captions: Sequence[str], taken: Sequence[PhraseHit],
                   title_rows: frozenset[int]) -> list[PhraseHit]:
    """Near misses of ``captions`` (two more edits than a caption may carry), and the last words of
    a caption of three words or more with their colon ("SN, tờ tuỳ thân: Chứng minh nhân dân…":
    OCR lost "Giấy", or a rule ate it); but not on a caption another field was found under as
    printed ("Họ, chữ đệm, tên người cha" is no unreadable "… người yêu cầu", nor "Nơi đăng ký
    khai sinh:" the end of "… người đi đăng ký khai sinh"; "Họ và tên người di", which the
    mother's field took for its own with two letters misread, may be) nor on the title ("GIẤY
    KHAI SINH" is no unreadable "Người đi khai sinh")."""
    tails = {" ".join(words[-3:] if len(words) >= 4 else words[-2:])
             for words in (caption.split() for caption in captions) if len(words) >= 3}
    weak = find_phrases(rows, captions, loose=2) + [hit for hit in find_phrases(rows, sorted(tails)) if hit.colon]
    return [hit for hit in weak if hit.row not in title_rows and not any(
        other.row == hit.row and other.start < hit.end and hit.start < other.end and not other.edits
        for other in taken)]


def _unfound_doubted(evidence: dict[str, FieldEvidence], rows: Sequence[Row],
                     title_rows: frozenset[int]) -> dict[str, FieldEvidence]:
    """The evidence of the fields not found, once every field has looked for its caption: whether
    something like an optional field's caption is on the page, other fields' captions aside."""
    taken = [item.located.caption for item in evidence.values()
             if item.located is not None and item.located.caption is not None]
    evidence = {key: replace(item, weak_caption=bool(_weak_captions(rows, item.spec.captions, taken, title_rows)))
                if item.located is None and item.spec.presence == "optional" else item
                for key, item in evidence.items()}
    # A section the form may leave out whole (the declarant on a birth certificate) is printed or
    # not as one: a field of it found, or its caption half read, says the others are there too.
    sections: dict[str, list[FieldEvidence]] = {}
    for item in evidence.values():
        sections.setdefault(item.spec.section or "", []).append(item)
    printed = {section for section, items in sections.items()
               if section and all(item.spec.presence == "optional" for item in items)
               and any(item.located is not None or item.weak_caption for item in items)}
    return {key: replace(item, weak_caption=True) if item.located is None and item.spec.section in printed else item
            for key, item in evidence.items()}


def _without_own_caption_words(text: str, spec: FieldTemplate) -> str:
    """A date's text without the words of its own caption before it: a register's cell repeats
    "Ngày, tháng, năm đăng ký", a wrapped caption leaves "ký" on the value's line; neither is text
    that does not belong (another caption, "cấp" of an issue date before a registration date, is kept,
    and flags the value as extra text). See :func:`_read_as` for when it is taken."""
    if spec.kind != "date":
        return text
    first_digit = re.search(r"\d", text)
    if first_digit is None or first_digit.start() == 0:
        return text
    before = re.findall(r"\w+", text[:first_digit.start()])
    own = {phrase_key(word) for caption in spec.captions for word in re.findall(r"\w+", caption)}
    if before and all(phrase_key(word) in own for word in before):
        return text[first_digit.start():]
    return text


def _words_respelt_from_digits(evidence: dict[str, FieldEvidence]) -> dict[str, FieldEvidence]:
    """A date of birth in words OCR damaged beyond reading ("Ngày bd, tháng chín, năm hơi ngàn…"),
    respelt from the date in digits beside it, the page's spelling choices kept, for the officer to
    confirm: never a confirmation of the digits (they made it)."""
    digits, words = evidence.get("date_of_birth"), evidence.get("date_of_birth_in_words")
    if digits is None or words is None or words.located is None or words.reading.parsed is not None:
        return evidence
    if not isinstance(digits.reading.parsed, tuple) or not words.reading.value:
        return evidence
    try:
        date = _dt.date(*digits.reading.parsed)
    except ValueError:
        return evidence
    respelt = respell_date_words(words.reading.value, date)
    if respelt is None:
        return evidence
    reading = normalise("date_words", respelt)
    if reading.parsed is None or tuple(reading.parsed) != tuple(digits.reading.parsed):
        return evidence
    reading = replace(reading, certainty=min(reading.certainty, 0.6), parsed=None,
                      reasons=(*reading.reasons, "respelt_from_digits"))
    return {**evidence, "date_of_birth_in_words": replace(words, reading=reading)}


#: A day and month at the start of a date whose year OCR damaged: "31/08/20 ĐỀ", "27.0120".
_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{2}|\d(?!\d))")
_BOOK_YEAR = re.compile(r"/((?:19|20)\d\d)$")


def _year_from_book(evidence: dict[str, FieldEvidence]) -> dict[str, FieldEvidence]:
    """A registration date whose year OCR damaged beyond reading ("31/08/20 ĐỀ"), its day and month
    read, takes the year of the book it is registered in: a register book is opened per year
    ("Quyển số: 01/2008"; ``shared/domain``). For the officer to confirm, never evidence for a rule."""
    dated, book = evidence.get("registration_date"), evidence.get("book_number")
    if dated is None or book is None or dated.located is None or dated.reading.parsed is not None:
        return evidence
    year = _BOOK_YEAR.search(book.reading.value or "")
    day_month = _DAY_MONTH.search(dated.reading.value or "")
    if year is None or day_month is None:
        return evidence
    try:
        date = _dt.date(int(year.group(1)), int(day_month.group(2)), int(day_month.group(1)))
    except ValueError:
        return evidence
    reading = replace(dated.reading, value=date.isoformat(), certainty=min(dated.reading.certainty, 0.6),
                      parsed=None, reasons=(*dated.reading.reasons, "year_from_book"))
    return {**evidence, "registration_date": replace(dated, reading=reading)}


def _reread_lines(item: FieldEvidence, reread: Reread) -> tuple[Reading, str, float] | None:
    """One reading of every line of a field's zone, as its normalised reading, its text and the
    confidence of its weakest line; ``None`` when a line could not be read."""
    texts, confidences = [], []
    for line in item.located.lines:
        try:
            text, confidence = reread(line.zone, item.spec.kind)
        except Exception:  # noqa: BLE001 - a failed reread only means no other opinion
            log.warning("rereading one field failed", exc_info=True)
            return None
        texts.append(clean_text(text))
        confidences.append(confidence)
    if not texts:
        return None
    # (the crop may catch the end of a date's own wrapped caption, as the page's reading does)
    reading, text = _read_as(item.spec, _cut_text(" ".join(text for text in texts if text), item.spec))
    return reading, text, min(confidences)


def _second_looks(evidence: dict[str, FieldEvidence], reread: Reread | None,
                  policy: ReviewPolicy) -> dict[str, FieldEvidence]:
    """Re-read the fields that are unsure (see :meth:`ReviewPolicy.wants_second_look`)."""
    if reread is None:
        return evidence
    result = dict(evidence)
    for key, item in evidence.items():
        if item.located is None or not policy.wants_second_look(item):
            continue
        looked = _reread_lines(item, reread)
        if looked is not None:
            second, cut, confidence = looked
            result[key] = replace(item, second=second, second_raw=cut, second_confidence=confidence)
    return result


def _tiebreaks(evidence: dict[str, FieldEvidence], tiebreak: Reread | None,
               policy: ReviewPolicy) -> dict[str, FieldEvidence]:
    """A third reading of the fields that want one (:func:`ocr.confidence.wants_third_reading`)."""
    if tiebreak is None:
        return evidence
    result = dict(evidence)
    for key, item in evidence.items():
        if not wants_third_reading(item, policy):
            continue
        looked = _reread_lines(item, tiebreak)
        if looked is not None:
            third, _, confidence = looked
            result[key] = replace(item, third=third, third_confidence=confidence)
    return result


def _cut_text(text: str, spec: FieldTemplate) -> str:
    """``starts_at`` / ``ends_before`` applied to a reread line's text."""
    if not spec.starts_at and not spec.ends_before:
        return text
    markers_start = {phrase_key(word) for word in spec.starts_at}
    markers_end = {phrase_key(word) for word in spec.ends_before}
    for match in re.finditer(r"\w+", text):
        key = phrase_key(match.group(0))
        if key in markers_start:
            return text[match.start():]
        if key in markers_end:
            return text[:match.start()]
    return text


def extract(ocr_page: OcrPage, templates: Sequence[FormTemplate] | None = None, *, reread: Reread | None = None,
            document_type: str | None = None, options: ExtractOptions | None = None) -> Extraction:
    """Recognise the form of a page and extract its records of fields.

    ``templates`` default to the shipped ones; ``document_type`` (``birth``, ``death``,
    ``marriage``; ``None``/``"auto"`` to recognise) restricts the candidate forms;
    ``reread(box, kind)`` gives the second look at unsure fields (no second look without it).
    Boxes are in the OcrPage's pixels. A page not recognised gives ``document_type`` ``None``,
    no records, and an issue ``document_type_unknown``.
    """
    templates = tuple(templates) if templates is not None else default_templates()
    options = replace(options or ExtractOptions(), page_size=(ocr_page.width, ocr_page.height))
    rows = page_rows(ocr_page)
    classification = classify_rows(rows, templates, document_type=document_type)
    template = classification.template
    if template is None:
        return Extraction(document_type=None, layout=None, records=(), issues=classification.issues)
    rows = join_wrapped_captions(rows, template)
    if template.layout == "certificate":
        rows = join_captions_wrapped_in_cells(rows, template)
    title_rows = _title_rows(rows, template)
    hits = [hit for hit in find_phrases(rows, template.captions) if hit.row not in title_rows]
    table = find_table(rows, template, hits, reread, options.rules)
    if table is not None:
        hits = [hit for hit in hits if hit.row not in table.header_rows]
    page_box = (0, 0, ocr_page.width, ocr_page.height)
    records = []
    if template.layout == "register":
        transposed = find_transposed(rows, template)
        if transposed is not None:
            return Extraction(document_type=template.document_type, layout=template.layout,
                              records=_transposed_records(rows, transposed, template, title_rows, reread, options),
                              issues=classification.issues)
        body = [row for row in rows if table is None or row.index > table.header_rows[-1]]
        regions = _table_entries(body, table, template, ocr_page) if table is not None else ()
        if len(regions) < 2:
            regions = split_entries(body, [hit for hit in hits if hit.row in {row.index for row in body}
                                           and not _in_free_text_column(hit, table, template)],
                                    template, ocr_page)
        if len(regions) < 2 and table is not None:
            # (last: where numbers part the entries, a second date in an entry's cell is more often
            # another value run into the column than an entry whose number a fold took)
            regions = _table_entries(body, table, template, ocr_page, by_dates=True) or regions
        first_row = min((row.index for region in regions for row in region.rows), default=len(rows))
        header_rows = tuple(row for row in rows if row.index < first_row and row.index not in title_rows)
        for number, region in enumerate(regions):
            if table is not None:
                record_rows, column_of = cut_rows(region.rows, table, 0)
            else:
                record_rows, column_of = region.rows, {}
            records.append(_record(number, region.box, record_rows, column_of, table, template, header_rows,
                                   reread, options))
    else:
        record_rows, column_of = _certificate_rows(rows, table, template, hits)
        records.append(_record(0, page_box, record_rows, column_of, table, template, (), reread, options))
    return Extraction(document_type=template.document_type, layout=template.layout, records=tuple(records),
                      issues=classification.issues)


def _transposed_records(rows: Sequence[Row], table: TransposedTable, template: FormTemplate, title_rows: set[int],
                        reread: Reread | None, options: ExtractOptions) -> tuple[ExtractedRecord, ...]:
    """One record per entry column of a register ruled the other way round (see :mod:`ocr.transposed`)."""
    header_rows = tuple(row for row in rows if row.index < table.top and row.index not in title_rows)
    by_key = {spec.key: spec for spec in template.fields}
    records = []
    page_right = max((_right(row.box) for row in rows), default=0)
    for entry in table.entries:
        cells = [(label, entry_cell(label, entry)) for label in table.labels]
        record_rows = tuple(line for _, lines in cells for line in lines)
        if not record_rows:
            continue
        evidence: dict[str, FieldEvidence] = {}
        for label, lines in cells:
            if label.spec is None or not label.spec.fields:
                continue
            specs = [by_key[key] for key in label.spec.fields if key in by_key]
            parsed = parse_cell(lines, specs, template.other_captions)
            for spec in specs:
                located = _located_from_chunks(parsed.get(spec.key, ()), entry, lines,
                                               label.rows if not lines else ())
                if located is not None and spec.key in parsed.left_out:
                    located = replace(located, flags=(*located.flags, "text_left_out"))
                evidence[spec.key] = _evidence(spec, located, record_rows)
        for spec in template.fields:
            evidence.setdefault(spec.key, _evidence(spec, None, record_rows))
        evidence = _unfound_doubted(evidence, record_rows, frozenset(_title_rows(record_rows, template)))
        region = union_box(row.box for row in record_rows)
        region = (int(entry.left), region[1], int(entry.right - entry.left), region[3])
        records.append(_finish_record(len(records), region, evidence, record_rows, template, header_rows,
                                      page_right, reread, options))
    return tuple(records)


def _opening_words(row: Row) -> list[OcrWord]:
    """A row's first words, up to the first gap wider than two letters (its first cell)."""
    words = sorted(row.words, key=lambda word: word.box[0])
    taken = words[:1]
    for word in words[1:]:
        if word.box[0] - _right(taken[-1].box) > 2 * row.height:
            break
        taken.append(word)
    return taken


def join_wrapped_captions(rows: Sequence[Row], template: FormTemplate) -> tuple[Row, ...]:
    """Rows with the captions a narrow label cell wrapped read on one line.

    "Ngày, tháng," over "năm sinh" at the same left edge, the value beside the first line:
    the second line's words move up behind the first ones (squeezed into the gap before the
    value), so the whole caption is found where its value is, and the tail is never a value.
    """
    keys = [phrase_key(caption) for caption in template.captions]
    out = list(rows)
    for number in range(len(out) - 1):
        upper, lower = out[number], out[number + 1]
        if not upper.words or not lower.words or lower.box[1] - upper.box[1] > 2.2 * upper.height:
            continue
        head, tail = _opening_words(upper), _opening_words(lower)
        if abs(head[0].box[0] - tail[0].box[0]) > upper.height or len(tail) > 4:
            continue
        head_key = phrase_key(" ".join(word.text for word in head))
        joined_key = head_key + phrase_key(" ".join(word.text for word in tail))
        if len(head_key) < 3 or head_key in keys:
            continue
        if not any(key.startswith(head_key) and len(key) > len(head_key)
                   and abs(len(key) - len(joined_key)) <= 1 and _close(key, joined_key) for key in keys):
            continue
        # The tail moves up, squeezed into the room right of the caption's first line.
        rest = [word for word in upper.words if word not in head]
        room_left = _right(head[-1].box) + 1
        room_right = min((word.box[0] for word in rest), default=room_left + upper.height * 2)
        step = max(1, (room_right - room_left) // (len(tail) + 1))
        moved = [replace(word, box=(room_left + step * index, head[-1].box[1], max(1, step - 1),
                                    head[-1].box[3]))
                 for index, word in enumerate(tail)]
        out[number] = make_row(upper.index, [*upper.words, *moved])
        left = [word for word in lower.words if word not in tail]
        out[number + 1] = make_row(lower.index, left) if left else make_row(lower.index, [])
    if all(a is b for a, b in zip(out, rows, strict=True)):
        return tuple(rows)
    return tuple(make_row(index, row.words) for index, row in enumerate(row for row in out if row.words))


#: Lines a caption wraps over inside its cell, at most ("Họ và tên" / "người đi khai" / "sinh").
_CELL_CAPTION_LINES = 3


def join_captions_wrapped_in_cells(rows: Sequence[Row], template: FormTemplate) -> tuple[Row, ...]:
    """A certificate's rows with the captions its narrow cells wrapped read on one line, wherever the
    cell stands in the row: "Quốc" over "tịch" in the third cell, "Họ và tên" / "người đi khai" /
    "sinh" beside the declarant's name. A run of words that begins a caption is joined with the
    words starting at its left edge on the next line (and the one after) when together they read
    the whole caption; the later lines' words move up behind the run, in the room before the next
    word, so the caption is found where its value is and its tail is never taken for a value."""
    keys: dict[str, set[str]] = {}
    for caption in template.captions:
        if len(phrase_key(caption)) >= 6:
            keys.setdefault(phrase_key(caption), set()).add(exact_key(caption))
    out = list(rows)
    for number in range(len(out) - 1):
        upper = out[number]
        words = list(upper.words)
        start = 0
        while start < len(words):
            joined = _caption_completed(out, number, words, start, keys)
            if joined is None:
                start += 1
                continue
            end, moves = joined
            tail = [word for _, taken in moves for word in taken]
            room_left = _right(words[end].box) + 1
            room_right = words[end + 1].box[0] if end + 1 < len(words) else room_left + upper.height * 2
            step = max(1, (room_right - room_left) // (len(tail) + 1))
            moved = [replace(word, box=(room_left + step * index, words[end].box[1], max(1, step - 1),
                                        words[end].box[3]))
                     for index, word in enumerate(tail)]
            words = [*words[:end + 1], *moved, *words[end + 1:]]
            out[number] = make_row(upper.index, words)
            for row_number, taken in moves:
                out[row_number] = make_row(out[row_number].index,
                                            [word for word in out[row_number].words if word not in taken])
            start = end + 1 + len(moved)
    if all(a is b for a, b in zip(out, rows, strict=True)):
        return tuple(rows)
    return tuple(make_row(index, row.words) for index, row in enumerate(row for row in out if row.words))


def _begins(key: str, read: str) -> bool:
    """Whether a caption's key begins with ``read`` (OCR's usual slips allowed past five letters)."""
    if len(read) >= len(key):
        return False
    if len(read) <= 5:
        return key.startswith(read)
    return Levenshtein.distance(key[:len(read)], read) <= max(1, len(read) // 8)


def _caption_completed(rows: Sequence[Row], number: int, words: Sequence[OcrWord], start: int,
                       keys: Mapping[str, set[str]]) -> tuple[int, list[tuple[int, list[OcrWord]]]] | None:
    """``(last word of the head, [(row, words moved up)...])`` when ``words[start:]`` open a caption
    the next lines complete at the same left edge; the longest head that does."""
    height = rows[number].height
    if not _cell_edge(words, start - 1, height, gap=0.8):
        return None  # a caption wrapped in a cell opens the cell
    found = None
    for end in range(start, min(start + 6, len(words))):
        if end > start and words[end].box[0] - _right(words[end - 1].box) > 1.5 * height:
            break
        if not _cell_edge(words, end, height):
            continue  # its line ends where the cell does: the value stands clear of it
        text = " ".join(word.text for word in words[start:end + 1])
        head = phrase_key(text)
        if len(head) < 2:
            continue
        begun = [key for key in keys if _begins(key, head)]
        if len(head) <= 5:
            # A short head must match with its marks: "Nam" and "Nội" end values, "Năm", "Nơi" open captions.
            begun = [key for key in begun if any(exact.startswith(exact_key(text)) for exact in keys[key])]
        if not begun:
            continue
        tail = _caption_tail(rows, number, words[start].box[0], head, begun, keys, 1)
        if tail is not None:
            found = (end, tail[1])
    return found


def _cell_edge(words: Sequence[OcrWord], index: int, height: int, *, gap: float = 0.6) -> bool:
    """Whether a cell's edge may lie right after ``words[index]``: the line ends there, or a gap wider
    than the spaces between words (under half a letter's height) follows; ``index`` -1: the line's
    start. A rule the cleaning took leaves no more than such a gap between a caption and its value."""
    if index < 0 or index + 1 >= len(words):
        return True
    return words[index + 1].box[0] - _right(words[index].box) >= gap * height


def _caption_tail(rows: Sequence[Row], number: int, left: int, head: str, begun: Sequence[str],
                  all_keys: Mapping[str, set[str]], depth: int) -> tuple[int, list[tuple[int, list[OcrWord]]]] | None:
    """The words of the lines under row ``number`` that complete a caption of ``begun`` opened by
    ``head``, each line's words starting at ``left``: ``(the caption's length, [(row, words)...])``
    for the longest caption they complete ("Họ, chữ đệm, tên" / "người đi khai tử" is the
    declarant's caption, not the name's)."""
    if depth >= _CELL_CAPTION_LINES or number + 1 >= len(rows):
        return None
    upper, lower = rows[number], rows[number + 1]
    if not lower.words or lower.box[1] - upper.box[1] > 2.2 * max(upper.height, lower.height):
        return None
    lower_words = list(lower.words)
    first = next((index for index, word in enumerate(lower_words) if abs(word.box[0] - left) <= upper.height), None)
    if first is None:
        return None
    cell = lower_words[first:first + 1]
    for word in lower_words[first + 1:]:
        if word.box[0] - _right(cell[-1].box) > 1.5 * lower.height:
            break
        cell.append(word)
    cell_key = phrase_key(" ".join(word.text for word in cell))
    best = None
    for end in range(first, first + min(4, len(cell))):
        if not _cell_edge(lower_words, end, lower.height):
            continue
        taken = lower_words[first:end + 1]
        tail = phrase_key(" ".join(word.text for word in taken))
        if any(len(key) > len(tail) and cell_key.startswith(key) for key in all_keys):
            continue  # the line opens a caption of its own ("Đã chết vào lúc"): no caption's tail
        if head in all_keys and (tail in all_keys or end + 1 < first + len(cell)):
            # A whole caption with a caption under it ("Ngày, tháng, năm sinh" / "Bằng chữ"), or with
            # its value's next line under it ("Giấy tờ tùy thân: CMND" / "số 111776283").
            continue
        joined = head + tail
        if any(abs(len(key) - len(joined)) <= 1 and _close(key, joined)
               and Levenshtein.distance(key[len(head):], tail) <= len(tail) // 5 for key in begun):
            best = max(best or (0, []), (len(joined), [(number + 1, taken)]), key=lambda found: found[0])
        longer = [key for key in begun if _begins(key, joined)
                  and Levenshtein.distance(key[len(head):len(joined)], tail) <= len(tail) // 5]
        if longer:
            rest = _caption_tail(rows, number + 1, left, joined, longer, all_keys, depth + 1)
            if rest is not None:
                best = max(best or (0, []), (rest[0], [(number + 1, taken), *rest[1]]), key=lambda found: found[0])
    return best


def _close(key: str, read: str) -> bool:
    """Whether a caption's folded key and a folded reading differ by no more than OCR's usual slips."""
    return Levenshtein.distance(key, read) <= max(1, len(key) // 8)


def _certificate_rows(rows: Sequence[Row], table: Table | None, template: FormTemplate,
                      hits: Sequence[PhraseHit]) -> tuple[tuple[Row, ...], dict[int, int]]:
    """A certificate's rows; a table on it (a marriage grid) cut into columns down to where it ends:
    the first row holding a caption of a field none of its columns holds."""
    if table is None:
        return tuple(rows), {}
    in_columns = {key for column in table.columns if column.spec for key in column.spec.fields}
    owners: dict[str, set[str]] = {}
    for spec in template.fields:
        for phrase in spec.captions:
            owners.setdefault(phrase, set()).add(spec.key)
    last_band = table.header_rows[-1]
    end = len(rows)
    for hit in sorted(hits, key=lambda hit: hit.row):
        if hit.row > last_band and owners.get(hit.phrase) and not owners[hit.phrase] & in_columns:
            end = hit.row
            break
    above = [row for row in rows if row.index <= last_band]
    inside = [row for row in rows if last_band < row.index < end]
    below = [row for row in rows if row.index >= end]
    renumbered = [make_row(number, row.words) for number, row in enumerate(above)]
    cut, column_of = cut_rows(inside, table, len(renumbered))
    renumbered += cut
    start = len(renumbered)
    renumbered += [make_row(start + number, row.words) for number, row in enumerate(below)]
    return tuple(renumbered), column_of


def _title_rows(rows: Sequence[Row], template: FormTemplate) -> set[int]:
    """Rows that read as the form's title (captions found inside a title are not captions)."""
    from ocr.labels import title_score

    found = set()
    for title in template.titles:
        score, row = title_score(rows, title)
        if score >= 85 and row >= 0:
            found.add(row)
    return found
