"""Register pages ruled the other way round: the headings down the left, one entry per column.

Some books print the register's column headings as row labels ("Số", "Họ, chữ đệm,
tên; ngày sinh", "Giới tính, dân tộc, quốc tịch", …) down the left edge and give each
entry a column to the right, three or four entries a page. The page is found so: one
row holds the label "Số" and, further right, the "Số:" caption of every entry (or, where
OCR lost or misread some of them, enough numbers and captions to place every entry);
the words left of the first entry read, down the page, as the register's column headings.
Each label's band (down to the next label) cut at the entries' columns is a cell
holding the same fields as that heading's column does in the usual layout, read by
:func:`ocr.tables.parse_cell`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from ocr.labels import Row, find_phrases, make_row, misread_number_word, phrase_key
from ocr.tables import Column
from ocr.templates import ColumnTemplate, FormTemplate

#: How well a label must read as a column heading (0–100) to be taken for it.
LABEL_MATCH = 72.0
#: A page is laid out this way when at least this many different headings label its rows.
MIN_LABELS = 4


@dataclass(frozen=True)
class Label:
    """A row label: the heading it reads as, and the rows of its band (from its first line down)."""

    spec: ColumnTemplate | None
    text: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class TransposedTable:
    """The label column's right edge, each entry's column, and the labels top to bottom."""

    label_right: float
    entries: tuple[Column, ...]
    labels: tuple[Label, ...]

    @property
    def top(self) -> int:
        """The index of the first row of the table."""
        return self.labels[0].rows[0].index


def _heading_match(text: str, template: FormTemplate) -> tuple[ColumnTemplate | None, float]:
    key = phrase_key(text)
    best, score = None, 0.0
    if not key:
        return None, 0.0
    for column in template.columns:
        for heading in column.headings:
            ratio = fuzz.ratio(phrase_key(heading), key)
            if ratio > score:
                best, score = column, ratio
    return best, score


def _left_words(row: Row, right: float) -> list:
    return [word for word in row.words if word.box[0] + word.box[2] / 2 < right]


#: An entry's number on the row of numbers ("11", "161/1988").
_ENTRY_NUMBER = re.compile(r"\d{1,6}(?:/\d{2,4})?(?:\W|[_.…-]{2,})?$")
#: The label column's "Số" as a display face or a grainy scan may read it ("Sa", "5ố", "So"): taken
#: only as the first word of the row, apart from the rest (the headings below must then read right).
_LABEL_MISREAD = re.compile(r"[s58][a-z0-9]?")
#: A leader run into a word ("152/2009_.........."): the form's dots or line, not the word's.
_TRAILING_LEADER = re.compile(r"[_.…-]{2,}$")
#: An entry's caption and number read as one word ("Số:17", "Sô.18"): OCR drops a narrow space.
_CAPTION_WITH_NUMBER = re.compile(r"([^\W\d_]{1,3})[:.;,]?(\d{1,6}(?:/\d{2,4})?)[\W_]*")


def _caption_with_number(text: str) -> bool:
    """Whether ``text`` is an entry's "Số" caption and its number run together ("Số:17")."""
    glued = _CAPTION_WITH_NUMBER.fullmatch(text)
    return glued is not None and (phrase_key(glued.group(1)) == "so" or misread_number_word(glued.group(1)))


def _entry_starts(row: Row, *, labelled: bool) -> list[float]:
    """Where each entry's column opens on the row of numbers, left to right: at its "Số:" caption,
    or where the caption was misread past recognition, as far left of its number as the other
    entries' captions stand from theirs. ``labelled``: the first caption is the label column's
    "Số", which opens none (else that label was lost). An empty list when the row holds fewer
    than two openings in all, label included, or when they stand side by side."""
    # (a ruled line read as "_—" or "|" stands between cells, not in them)
    words = sorted((word for word in row.words if phrase_key(word.text)), key=lambda word: word.box[0])

    def end(word) -> float:
        # (a value's leader reaches the next entry's caption: the value itself ends before it)
        leader = _TRAILING_LEADER.search(word.text)
        kept = leader.start() / len(word.text) if leader and leader.start() else 1.0
        return word.box[0] + word.box[2] * kept

    def after_gap(index: int) -> bool:
        return not index or words[index].box[0] - end(words[index - 1]) >= 1.5 * row.height

    def numbered(index: int) -> bool:
        return index + 1 < len(words) and bool(_ENTRY_NUMBER.match(words[index + 1].text))

    glued = {index for index, word in enumerate(words) if after_gap(index) and _caption_with_number(word.text)}
    captions = [index for index, word in enumerate(words) if after_gap(index) and (
        phrase_key(word.text) == "so" or (numbered(index) and misread_number_word(word.text))
        or index in glued)]
    if labelled and words and 0 not in captions and len(words) > 1 and after_gap(1) \
            and _LABEL_MISREAD.fullmatch(phrase_key(words[0].text)):
        captions.insert(0, 0)  # the label column's "Số" misread ("Sa"), alone at the row's start
    # (the label column's "Số" has no number: a caption run into its number opens an entry)
    label = captions[0] if labelled and captions and captions[0] not in glued else None
    # Without the label, only a caption with its number opens an entry: "Số" alone then is as
    # likely the first word of another caption ("Số định danh cá nhân:").
    openings = [index for index in captions if index != label and (labelled or numbered(index) or index in glued)]
    starts = [words[index].box[0] for index in openings]
    offsets = [words[index + 1].box[0] - words[index].box[0] for index in openings if numbered(index)]
    bare = [word.box[0] for index, word in enumerate(words)
            if _ENTRY_NUMBER.match(word.text) and after_gap(index) and index - 1 not in openings]
    left = words[label].box[0] if label is not None else 0
    if offsets:
        offset = sorted(offsets)[len(offsets) // 2]
        starts += [x - offset for x in bare if x - offset > left]
    if len(starts) + (label is not None) < 2:
        return []
    starts.sort()
    edges = ([left] if label is not None else []) + starts
    if min(later - earlier for earlier, later in zip(edges, edges[1:], strict=False)) < 6 * row.height:
        return []  # captions side by side, not one per column
    return starts


def find_transposed(rows: Sequence[Row], template: FormTemplate) -> TransposedTable | None:
    """The page's transposed table, or ``None`` when its rows are not labelled with the headings."""
    page_right = max((word.box[0] + word.box[2] for row in rows for word in row.words), default=0)
    for row in rows:
        found = []
        # Read with its first "Số" as the label column's, and without (that label lost): the
        # reading whose labels read as the headings and that parts more entries wins.
        for labelled in (True, False):
            starts = _entry_starts(row, labelled=labelled)
            if not starts:
                continue
            label_right = starts[0] - 0.5 * row.height
            labels = _labels_down(rows, row, template, label_right)
            if labels is None:
                continue
            edges = [start - 0.5 * row.height for start in starts] + [page_right + row.height]
            entries = tuple(Column(left=edges[number], right=edges[number + 1], spec=None, heading="")
                            for number in range(len(starts)))
            found.append(TransposedTable(label_right=label_right, entries=entries, labels=labels))
        if found:
            return max(found, key=lambda table: len(table.entries))
    return None


def _labels_down(rows: Sequence[Row], first: Row, template: FormTemplate, label_right: float
                 ) -> tuple[Label, ...] | None:
    """The labels from ``first`` down: label lines joined while the joined text reads better as a heading."""
    number_column = next((column for column in template.columns if "registration_number" in column.fields), None)
    pieces: list[tuple[Row, str]] = []
    for row in rows:
        if row.index < first.index:
            continue
        words = _left_words(row, label_right)
        pieces.append((row, " ".join(word.text for word in words)))
    groups: list[list] = []  # [text, spec, score, rows]
    for row, text in pieces:
        if not text:
            if groups:
                groups[-1][3].append(row)
            elif row is first:
                groups.append(["", None, 0.0, [row]])  # the row of numbers, its label "Số" lost
            continue
        if groups and groups[-1][0]:
            joined = f"{groups[-1][0]} {text}"
            spec, score = _heading_match(joined, template)
            alone_spec, alone = _heading_match(text, template)
            if score >= max(groups[-1][2], alone) and score > 0:
                groups[-1][:3] = [joined, spec, score]
                groups[-1][3].append(row)
                continue
        spec, score = _heading_match(text, template)
        groups.append([text, spec, score, [row]])
    if not groups:
        return None
    # The first label is the number's ("Số"): too short to read as its heading.
    groups[0][1], groups[0][2] = number_column, 100.0
    known = {id(group[1]) for group in groups if group[1] is not None and group[2] >= LABEL_MATCH}
    if len(known) < MIN_LABELS:
        return None
    labels = [Label(spec=group[1] if group[2] >= LABEL_MATCH else None, text=group[0], rows=tuple(group[3]))
              for group in groups]
    return tuple(_lost_labels_split(_misread_labels_placed(labels, template), template))


#: How well a misread label must still read as the one heading its place leaves open (0–100):
#: "Mc" for "Mẹ" reads 50; a wrapped heading's tail ("năm sinh") reads far less as "Quê quán".
MISREAD_LABEL_MATCH = 50.0


def _misread_labels_placed(labels: list[Label], template: FormTemplate) -> list[Label]:
    """Labels read past recognition given the heading their place leaves open: the headings come
    down the page in the form's order, so a label between two known ones ("Mc" between "Số định
    danh cá nhân" and "Cha") can only be a heading printed between those two that no label was
    found for. Of those, the one whose own captions its band holds ("Năm sinh:", "Dân tộc:" under
    the mother's heading, read "Xc"), else the one the label still reads half as (short headings,
    "Mẹ", have no letters to spare: "Mc") or begins with the letter of ("Qế (01:11" for "Quê
    quán"); when two headings answer alike, the label stays unread."""
    by_key = {spec.key: spec for spec in template.fields}
    order = {id(column): number for number, column in enumerate(template.columns)}
    found = {id(label.spec) for label in labels if label.spec is not None}
    placed = list(labels)
    for number, label in enumerate(labels):
        if label.spec is not None or not label.text:
            continue
        known = [index for index, other in enumerate(labels) if other.spec is not None]
        first = max((index for index in known if index < number), default=-1)
        last = min((index for index in known if index > number), default=len(labels))
        if sum(1 for other in labels[first + 1:last] if other.spec is None and other.text) != 1:
            continue  # two unread labels in one gap: which is which would be a guess
        before = order[id(labels[first].spec)] if first >= 0 else -1
        after = order[id(labels[last].spec)] if last < len(labels) else len(template.columns)
        open_headings = [column for column in template.columns[before + 1:after]
                         if id(column) not in found and column.fields and not column.outside_record]
        for evidence in (_band_holds_captions, _reads_half_as):
            chosen = [heading for heading in open_headings if evidence(heading, label, by_key)]
            if len(chosen) == 1:
                placed[number] = Label(spec=chosen[0], text=label.text, rows=label.rows)
                found.add(id(chosen[0]))
                break
    return placed


def _band_holds_captions(heading: ColumnTemplate, label: Label, by_key: dict) -> bool:
    """Whether the label's band holds the captions of the heading's fields after its first."""
    captions = [caption for field in heading.fields[1:] if field in by_key for caption in by_key[field].captions]
    return bool(captions) and bool(find_phrases(label.rows, captions))


def _reads_half_as(heading: ColumnTemplate, label: Label, by_key: dict) -> bool:
    """Whether the label reads half as the heading or begins with its letter."""
    key = phrase_key(label.text)
    return any(fuzz.ratio(phrase_key(text), key) >= MISREAD_LABEL_MATCH or phrase_key(text)[:1] == key[:1]
               for text in heading.headings)


def _lost_labels_split(labels: list[Label], template: FormTemplate) -> list[Label]:
    """Labels whose band holds a second person under a label OCR lost ("Mẹ" over the mother's lines
    and then the father's, "Cha" not read): where the band's person captions ("Năm sinh") come back a
    second time, the band is cut so that the second person's lines start as far above that
    caption as the first's did, and they go to the one person heading of the form found nowhere
    else with the same fields (the father's after the mother's)."""
    by_key = {spec.key: spec for spec in template.fields}
    found = {id(label.spec) for label in labels if label.spec is not None}
    out: list[Label] = []
    for label in labels:
        twin = _missing_twin(label.spec, template, found) if label.spec is not None else None
        if twin is None:
            out.append(label)
            continue
        captions = [caption for key in label.spec.fields[1:] for caption in by_key[key].captions]
        position = {row.index: number for number, row in enumerate(label.rows)}
        places: dict[str, list[int]] = {}
        for hit in find_phrases(label.rows, captions):
            places.setdefault(hit.phrase, []).append(position[hit.row])
        cut = None
        for rows_of in places.values():
            seen = sorted(set(rows_of))
            if len(seen) >= 2 and 0 < seen[0] < seen[1] - seen[0]:
                cut = seen[1] - seen[0]
                break
        if cut is None:
            out.append(label)
            continue
        out += [Label(spec=label.spec, text=label.text, rows=label.rows[:cut]),
                Label(spec=twin, text="", rows=label.rows[cut:])]
        found.add(id(twin))
    return out


def _missing_twin(spec: ColumnTemplate, template: FormTemplate, found: set[int]) -> ColumnTemplate | None:
    """The one other heading of the form with the same fields for another person
    (``father_*`` for ``mother_*``) that no label was found for, else ``None``."""
    if len(spec.fields) < 2 or not all("_" in key for key in spec.fields):
        return None
    shape = [key.split("_", 1)[1] for key in spec.fields]
    twins = [column for column in template.columns if column is not spec and id(column) not in found
             and len(column.fields) == len(shape) and all("_" in key for key in column.fields)
             and [key.split("_", 1)[1] for key in column.fields] == shape
             and column.fields[0].split("_", 1)[0] != spec.fields[0].split("_", 1)[0]]
    return twins[0] if len(twins) == 1 else None


def entry_cell(label: Label, entry: Column) -> tuple[Row, ...]:
    """The lines of one entry's cell in one label's band (each a row of the words inside the column)."""
    lines = []
    for row in label.rows:
        words = [word for word in row.words if entry.left <= word.box[0] + word.box[2] / 2 < entry.right]
        if words:
            lines.append(make_row(row.index, words))
    return tuple(lines)
