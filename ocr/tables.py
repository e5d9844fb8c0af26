"""Tables: column headings, column bounds, rows cut into cells, and cells read into fields.

Register pages are ruled in columns ("Số, ngày đăng ký | Họ, chữ đệm, tên; ngày,
tháng, năm sinh | Giới tính, dân tộc, quốc tịch | ... | Ghi chú"), some marriage
certificates in a grid ("| Chồng | Vợ"). Tesseract reads a table's row straight
across its cells, so a row's words are first dealt to the columns by x.

- The heading band: the first row holding at least two column headings (folded,
  fuzzy, no colon after them) and the rows under it that hold no caption.
- Columns: the band's words grouped by x (words of one heading overlap across
  the band's rows; the column numbers "1 2 3" sit under them), each group named
  by the heading it reads as; the bounds between two columns put where the
  fewest words of the rows below cross (cells are left-aligned at their rule).
- A cell's lines are read into the column's fields by a small dynamic program:
  a field takes the text after its own caption and/or uncaptioned lines, in the
  column's order; the score is the normaliser's certainty of each field's text
  (a year must read as a year, a name as syllables), so "HOÀNG / HÀ TÚ / ANH /
  1991 / Kinh / Việt / Nam / Bản 9, ..." falls into name, year, ethnicity,
  nationality and residence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from ocr.fieldkinds import normalise
from ocr.labels import PhraseHit, Row, _make_row, find_phrases, phrase_key
from ocr.templates import ColumnTemplate, FieldTemplate, FormTemplate

_INF = float("inf")
#: Tokens that are a ruled line read as characters.
_RULE = re.compile(r"^[|¦\[\]_]+$")
#: A band group reads as a heading when its folded text matches one this well (0–100).
HEADING_MATCH = 72.0


@dataclass(frozen=True)
class Column:
    """One column of a table: ``left``/``right`` x bounds, its template (``None``: not a known heading)."""

    left: float
    right: float
    spec: ColumnTemplate | None
    heading: str


@dataclass(frozen=True)
class Table:
    """A table found on a page: the rows of its heading band and its columns, left to right."""

    header_rows: tuple[int, ...]
    columns: tuple[Column, ...]

    def column_at(self, x: float) -> int:
        """The index of the column holding x."""
        for number, column in enumerate(self.columns):
            if column.left <= x < column.right:
                return number
        return 0 if x < self.columns[0].left else len(self.columns) - 1


def _heading_prefixes(headings: Sequence[str]) -> list[str]:
    """Headings and their first words (a heading wraps inside its narrow column)."""
    out: dict[str, None] = {}
    for heading in headings:
        out[heading] = None
        words = heading.replace(";", ",").split()
        for count in range(len(words) - 1, 1, -1):
            prefix = " ".join(words[:count]).rstrip(",;")
            if len(phrase_key(prefix)) >= 5:
                out[prefix] = None
    return list(out)


def _band(rows: Sequence[Row], template: FormTemplate, caption_hits: Sequence[PhraseHit]) -> tuple[int, ...]:
    """The rows of the heading band (empty when the page shows no table of this template)."""
    headings = _heading_prefixes(template.headings)
    hits = [hit for hit in find_phrases(rows, headings) if not hit.colon]
    per_row: dict[int, int] = {}
    for hit in hits:
        per_row[hit.row] = per_row.get(hit.row, 0) + 1
    starts = sorted(row for row, count in per_row.items() if count >= 2)
    if not starts:
        return ()
    first = starts[0]
    captioned = {hit.row for hit in caption_hits if hit.colon}
    band = [first]
    for row in rows[first + 1:]:
        if row.index in captioned or row.index - band[-1] > 1:
            break
        if row.box[1] - (rows[band[-1]].box[1] + rows[band[-1]].box[3]) > 2.5 * row.height:
            break
        band.append(row.index)
        if len(band) >= 6:
            break
    return tuple(band)


def _groups(rows: Sequence[Row], band: Sequence[int]) -> list[list]:
    """The band's words grouped by column: words close on a row, and overlapping across rows."""
    pieces = []
    for index in band:
        row = rows[index]
        gap_limit = 0.45 * row.height
        current: list = []
        for word in row.words:
            if _RULE.match(word.text):
                # A ruled line read as a character: a sure column separator.
                if current:
                    pieces.append(current)
                current = []
                continue
            if current and word.box[0] - (current[-1].box[0] + current[-1].box[2]) > gap_limit:
                pieces.append(current)
                current = []
            current.append(word)
        if current:
            pieces.append(current)
    spans = [[min(w.box[0] for w in piece), max(w.box[0] + w.box[2] for w in piece), piece] for piece in pieces]
    spans.sort(key=lambda item: item[0])
    merged: list[list] = []
    for left, right, piece in spans:
        if merged and left < merged[-1][1] - 2:
            merged[-1][1] = max(merged[-1][1], right)
            merged[-1][2] = merged[-1][2] + piece
        else:
            merged.append([left, right, list(piece)])
    return merged


def _label(words: list, template: FormTemplate) -> tuple[ColumnTemplate | None, str]:
    words = sorted(words, key=lambda word: (word.line_index, word.box[1] // 10, word.box[0]))
    text = " ".join(word.text for word in words)
    key = re.sub(r"\d", "", phrase_key(text))
    best, best_score, best_heading = None, 0.0, ""
    for column in template.columns:
        for heading in column.headings:
            score = fuzz.ratio(phrase_key(heading), key)
            if score > best_score:
                best, best_score, best_heading = column, score, heading
    if best_score >= HEADING_MATCH:
        return best, best_heading
    return None, text


def _refine(boundary: float, rows: Sequence[Row], reach: float) -> float:
    """Move a column bound to where the fewest words of the rows below cross it (near its first guess)."""
    words = [word for row in rows for word in row.words]
    candidates = {boundary}
    for word in words:
        for x in (word.box[0] - 1, word.box[0] + word.box[2] + 1):
            if abs(x - boundary) <= reach:
                candidates.add(float(x))
    def crossings(x: float) -> int:
        return sum(1 for word in words if word.box[0] < x < word.box[0] + word.box[2])
    return min(candidates, key=lambda x: (crossings(x), abs(x - boundary)))


def find_table(rows: Sequence[Row], template: FormTemplate, caption_hits: Sequence[PhraseHit]) -> Table | None:
    """The table of the page (its heading band and columns), or ``None`` when it prints none."""
    if not template.columns:
        return None
    band = _band(rows, template, caption_hits)
    if not band:
        return None
    groups = _groups(rows, band)
    labelled = [(left, right, *_label(words, template)) for left, right, words in groups]
    if sum(1 for item in labelled if item[2] is not None) < 2:
        return None
    below = [row for row in rows if row.index > band[-1]]
    columns = []
    for number, (left, right, spec, heading) in enumerate(labelled):
        lo = -_INF
        if number > 0:
            previous_right = labelled[number - 1][1]
            guess = (previous_right + left) / 2
            reach = max(0.0, (left - previous_right) / 2) + 0.25 * min(right - left, 400)
            lo = _refine(guess, below, reach)
        columns.append([lo, _INF, spec, heading])
    for number in range(len(columns) - 1):
        columns[number][1] = columns[number + 1][0]
    return Table(header_rows=tuple(band),
                 columns=tuple(Column(left=lo, right=hi, spec=spec, heading=heading)
                               for lo, hi, spec, heading in columns))


def cut_rows(rows: Sequence[Row], table: Table, start_index: int) -> tuple[tuple[Row, ...], dict[int, int]]:
    """The rows dealt to the table's columns: column by column, top to bottom, freshly numbered.

    Returns the cut rows and, per cut row's index, its column's index. Numbering column by
    column keeps "the next row" within the column for values that wrap or sit below.
    """
    out: list[Row] = []
    column_of: dict[int, int] = {}
    index = start_index
    for number, column in enumerate(table.columns):
        for row in rows:
            words = [word for word in row.words if column.left <= word.box[0] + word.box[2] / 2 < column.right]
            if not words:
                continue
            out.append(_make_row(index, words))
            column_of[index] = number
            index += 1
    return tuple(out), column_of


# --------------------------------------------------------------------------- cells

@dataclass(frozen=True)
class Chunk:
    """A piece of a cell: a line, or the part of a line after a caption (``hit``)."""

    row: Row
    start: int
    end: int
    hit: PhraseHit | None = None

    @property
    def text(self) -> str:
        return self.row.text[self.start:self.end].strip(" :;_").lstrip(".,-")


_FRAGMENT = re.compile(r"^[^\W\d_][^\d]{0,30}:$")


def _chunks(lines: Sequence[Row], hits: Sequence[PhraseHit]) -> list[Chunk]:
    by_row: dict[int, list[PhraseHit]] = {}
    for hit in hits:
        by_row.setdefault(hit.row, []).append(hit)
    chunks: list[Chunk] = []
    for row in lines:
        row_hits = sorted(by_row.get(row.index, []), key=lambda hit: hit.start)
        if not row_hits:
            chunks.append(Chunk(row, 0, len(row.text)))
            continue
        if row_hits[0].start > 0 and row.text[:row_hits[0].start].strip(" :.;,_-"):
            chunks.append(Chunk(row, 0, row_hits[0].start))
        for number, hit in enumerate(row_hits):
            end = row_hits[number + 1].start if number + 1 < len(row_hits) else len(row.text)
            chunks.append(Chunk(row, hit.end, end, hit))
    return chunks


def _score_text(spec: FieldTemplate, text: str) -> float:
    if not text:
        return 0.0
    return normalise(spec.kind, text).certainty


def parse_cell(lines: Sequence[Row], specs: Sequence[FieldTemplate], other_phrases: Sequence[str] = ()
               ) -> dict[str, list[Chunk]]:
    """Read a cell's lines into its fields (in the column's order): per field key, its chunks.

    A field takes the text after its own caption and the uncaptioned lines that follow, or
    uncaptioned lines alone; the split maximises the normalisers' certainty of every field.
    Lines that are only a caption's fragment ("ký:") and lines of other captions are skipped.
    """
    if not lines or not specs:
        return {}
    phrases = [phrase for spec in specs for phrase in spec.captions] + list(other_phrases)
    hits = find_phrases(lines, phrases)
    chunks = _chunks(lines, hits)
    owner = {phrase: [spec.key for spec in specs if phrase in spec.captions] for phrase in phrases}
    n, m = len(specs), len(chunks)
    # best[i][j]: best score placing fields i.. on chunks j..
    best = [[-1e9] * (m + 1) for _ in range(n + 1)]
    choice: dict[tuple[int, int], tuple[str, int]] = {}
    for j in range(m + 1):
        best[n][j] = -sum(_skip_cost(chunk) for chunk in chunks[j:])
    for i in range(n - 1, -1, -1):
        spec = specs[i]
        for j in range(m, -1, -1):
            empty = best[i + 1][j] - (0.05 if spec.blank else 0.8)
            options = [(empty, ("empty", j))]
            if j < m:
                skip = best[i][j + 1] - _skip_cost(chunks[j])
                options.append((skip, ("skip", j + 1)))
                first = chunks[j]
                own = first.hit is not None and spec.key in owner.get(first.hit.phrase, ())
                if first.hit is None or own:
                    for k in range(j + 1, min(m, j + 8) + 1):
                        if k - 1 > j and chunks[k - 1].hit is not None:
                            break
                        texts = [chunk.text for chunk in chunks[j:k] if not _FRAGMENT.match(chunk.text)]
                        text = " ".join(text for text in texts if text)
                        score = _score_text(spec, text) + (1.0 if own else 0.0) + 0.03 * (k - j)
                        if not text and not own:
                            continue
                        options.append((best[i + 1][k] + score, ("take", k)))
            value, decision = max(options, key=lambda item: item[0])
            best[i][j] = value
            choice[(i, j)] = decision
    result: dict[str, list[Chunk]] = {}
    i, j = 0, 0
    while i < n:
        kind, k = choice[(i, j)]
        if kind == "empty":
            result[specs[i].key] = []
            i += 1
        elif kind == "skip":
            j = k
        else:
            result[specs[i].key] = [chunk for chunk in chunks[j:k] if not _FRAGMENT.match(chunk.text)]
            i, j = i + 1, k
    return result


def _skip_cost(chunk: Chunk) -> float:
    text = chunk.text
    if not text or _FRAGMENT.match(text) or len(phrase_key(text)) <= 2:
        return 0.0
    if chunk.hit is not None:
        return 0.3
    return 0.6
