"""Tables: column headings, column bounds, rows cut into cells, and cells read into fields.

Register pages are ruled in columns ("Số, ngày đăng ký | Họ, chữ đệm, tên; ngày,
tháng, năm sinh | Giới tính, dân tộc, quốc tịch | ... | Ghi chú"), some marriage
certificates in a grid ("| Chồng | Vợ"). Tesseract reads a table's row straight
across its cells, so a row's words are first dealt to the columns by x.

- The heading band: the first row holding at least two column headings (folded,
  fuzzy, no colon after them; a short heading such as "Chồng" or "Vợ" standing
  alone between wide gaps counts too, above the cells' first caption), and the
  rows under it that go on with the headings: wrapped heading lines and column
  numbers sitting under a heading, never a row of values or captions.
- Columns: the band's words grouped by x (words of one heading overlap across
  the band's rows; the column numbers "1 2 3" sit under them), each group named
  by the heading it reads as (a garbled short heading by elimination); the
  bounds between two columns put where the fewest words of the rows below cross
  (cells are left-aligned at their rule): near the middle of the headings on a
  register, in the widest gutter between the headings' centres on a certificate
  (its headings are centred over wide columns), at a ruled line read as "|"
  when one shows on several rows. A grid whose column of captions has no
  heading gets that column back from the captions opening its rows.
- A cell's lines are read into the column's fields by a small dynamic program:
  a field takes the text after its own caption and/or uncaptioned lines, in the
  column's order; the score is the normaliser's certainty of each field's text
  (a year must read as a year, a name as syllables), so "HOÀNG / HÀ TÚ / ANH /
  1991 / Kinh / Việt / Nam / Bản 9, ..." falls into name, year, ethnicity,
  nationality and residence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ocr.fieldkinds import normalise
from ocr.labels import PhraseHit, Row, allowed_edits, find_phrases, fold_char, make_row, phrase_key
from ocr.preprocess.ruling import VerticalRule
from ocr.templates import ColumnTemplate, FieldTemplate, FormTemplate
from ocr.types import Box, OcrWord
from ocr.vietnamese.names import is_given_name
from ocr.vietnamese.places import check_place

_INF = float("inf")
#: Tokens that are a ruled line read as characters.
_RULE = re.compile(r"^[|¦\[\]_]+$")
#: A ruled line read as a bar with specks or a quote beside it ("|”", "‹|", "|.", "|+"): between the
#: headings, still a column separator.
_RULE_AND_MARKS = re.compile(r"^[^\w]*[|¦\[\]][^\w]*$")
#: A speck read as a mark standing alone: a quote, a degree sign, a dot (never a dash: "Giới tính -
#: dân tộc" may print one between the words of a heading).
_SPECK = re.compile(r"^[\'‘’`´°„“”\"^ˆ*·.,:;‹›¨˜]+$")
#: Unicode categories of letters and digits (not the modifier letters "ˆ", "ˇ" specks read as).
_LETTER_OR_DIGIT = frozenset({"Lu", "Ll", "Lt", "Lo", "Nd"})
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


def heading_prefixes(headings: Sequence[str]) -> list[str]:
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


def _row_pieces(row: Row) -> list[list]:
    """A row's words cut at wide gaps and at ruled lines read as characters (a table row's cells)."""
    pieces: list[list] = []
    current: list = []
    for word in row.words:
        if _RULE.match(word.text) or _RULE_AND_MARKS.match(word.text):
            if current:
                pieces.append(current)
            current = []
            continue
        if _SPECK.match(word.text):
            continue  # a speck read as a mark ("'", "°") neither parts nor joins the words beside it
        if current and word.box[0] - (current[-1].box[0] + current[-1].box[2]) > 0.9 * row.height:
            pieces.append(current)
            current = []
        current.append(word)
    if current:
        pieces.append(current)
    return pieces


def _whole_headings(row: Row, template: FormTemplate) -> int:
    """How many of a row's gap-separated pieces read as a whole heading ("Chồng", "Bên vợ"): short
    headings count mid-row here, where a caption search wants them at the row's start."""
    keys = [phrase_key(heading) for heading in template.headings]
    count = 0
    for piece in _row_pieces(row):
        text = " ".join(word.text for word in piece)
        if text.rstrip().endswith(":"):
            continue
        key = phrase_key(text)
        if key and max(fuzz.ratio(key, heading) for heading in keys) >= 85:
            count += 1
    return count


def _piece_span(piece: Sequence) -> tuple[float, float, str]:
    return piece[0].box[0], piece[-1].box[0] + piece[-1].box[2], " ".join(word.text for word in piece)


def _continues_band(row: Row, spans: list[tuple[float, float, str]], template: FormTemplate) -> bool:
    """Whether a row under the heading row goes on with the headings: each of its pieces sits under
    a heading piece, no wider than it (wrapped headings are centred in their column, column numbers
    too) or making it read better as a heading; a value row's pieces stretch past the heading
    ("NGUYỄN DUY HÙNG" under "Chồng"). Extends ``spans`` with the accepted pieces."""
    slack = 1.5 * row.height
    accepted = []
    for piece in _row_pieces(row):
        left, right, text = _piece_span(piece)
        if all(re.fullmatch(r"\(?\d{1,2}\)?", word.text) for word in piece):
            continue  # the column numbers "1 2 3" printed under the headings
        above = [(number, span) for number, span in enumerate(spans) if span[0] < right and left < span[1]]
        if not any(char.isalnum() for char in text) or (len(text.strip()) == 1 and not above):
            continue  # a speck of a poor scan read as a mark ("-", "*", "ì") between the headings
        if any(left >= lo - slack and right <= hi + slack for _, (lo, hi, _) in above):
            accepted.append(None)
            continue
        if len(above) != 1:
            return False
        number, (lo, hi, heading) = above[0]
        joined = _heading_score_text(heading + " " + text, template)
        if joined < 80:
            return False
        accepted.append((number, (min(lo, left), max(hi, right), heading + " " + text)))
    for item in accepted:
        if item is not None:
            spans[item[0]] = item[1]
    return True


def heading_hits(rows: Sequence[Row], template: FormTemplate) -> list[PhraseHit]:
    """Where the template's column headings (or their first words, :func:`heading_prefixes`) stand
    on the page's rows, without a colon after them (with one, they are a caption of the same words)."""
    return [hit for hit in find_phrases(rows, heading_prefixes(template.headings)) if not hit.colon]


def _band(rows: Sequence[Row], template: FormTemplate, caption_hits: Sequence[PhraseHit]) -> tuple[int, ...]:
    """The rows of the heading band (empty when the page shows no table of this template)."""
    per_row: dict[int, int] = {}
    for hit in heading_hits(rows, template):
        per_row[hit.row] = per_row.get(hit.row, 0) + 1
    # Short headings alone ("Chồng", "Vợ") only open a table above its cells' first caption: below
    # them they are the signature block's "Chồng   Vợ".
    column_captions = {phrase for spec in template.fields if any(spec.key in column.fields
                                                                 for column in template.columns)
                       for phrase in spec.captions}
    first_cell = min((hit.row for hit in caption_hits if hit.phrase in column_captions), default=len(rows))
    for row in rows:
        if row.index < first_cell and per_row.get(row.index, 0) < 2:
            whole = _whole_headings(row, template)
            if whole > per_row.get(row.index, 0):
                per_row[row.index] = whole
    most = max(per_row.values(), default=0)
    # (a title holding a heading's words, "SỔ ĐĂNG KÝ KHAI SINH", may count two: the band opens on the
    # first row holding more than half as many as the richest)
    starts = sorted(row for row, count in per_row.items() if count >= max(2, 0.6 * most))
    if not starts:
        return ()
    first = starts[0]
    captioned = {hit.row for hit in caption_hits if hit.colon and not _wrapped_heading_tail(hit.phrase, template)}
    band = [first]
    spans = [_piece_span(piece) for piece in _row_pieces(rows[first])]
    for row in rows[first + 1:]:
        if row.index in captioned or row.index - band[-1] > 1:
            break
        if any(sum(char.isdigit() for char in word.text) >= 3 for word in row.words):
            break  # a number, a date: the first entry (headings carry at most their columns' numbers)
        if _ruled_line(row):
            break  # the rule under the headings, read as dashes
        if row.box[1] - (rows[band[-1]].box[1] + rows[band[-1]].box[3]) > 2.5 * row.height:
            break
        if not _continues_band(row, spans, template):
            break
        band.append(row.index)
        if len(band) >= 6:
            break
    return tuple(band)


def _ruled_line(row: Row) -> bool:
    """Whether a row is a ruled line read as dashes ("—— ———--— _-.--—"), a few specks among them."""
    marks = row.text.replace(" ", "")
    dashes = sum(char in "-—–_=" for char in marks)
    return dashes >= 8 and dashes >= 0.4 * len(marks)


def _wrapped_heading_tail(phrase: str, template: FormTemplate) -> bool:
    """Whether a caption is the later words of a heading ("ngày, tháng, năm sinh" of "Họ, chữ đệm,
    tên; ngày, tháng, năm sinh"), wrapped onto a line of its own: a speck after it read as its colon
    does not make the line a cell's."""
    key = phrase_key(phrase)
    return len(key) >= 10 and any(key in heading and not heading.startswith(key)
                                  for heading in (phrase_key(text) for text in template.headings))


def _heading_score(words: Sequence, template: FormTemplate) -> float:
    """How well words read as a heading or its first words (0–100)."""
    return _heading_score_text(" ".join(word.text for word in words), template)


def _heading_score_text(text: str, template: FormTemplate) -> float:
    """How well a text reads as a heading or its first words (0–100)."""
    key = re.sub(r"\d", "", phrase_key(text))
    if not key:
        return 0.0
    return max(fuzz.ratio(phrase_key(heading), key) for heading in heading_prefixes(template.headings))


def _join_heading_words(pieces: list[list], row: Row, template: FormTemplate) -> None:
    """Join the row's last pieces back where a wide word space split a heading ("Nội | dung đăng ký"):
    two neighbours within a row's height of each other that read better as one heading."""
    number = 1
    while number < len(pieces):
        left, right = pieces[number - 1], pieces[number]
        gap = right[0].box[0] - (left[-1].box[0] + left[-1].box[2])
        if left[-1] in row.words and right[0] in row.words and 0 <= gap < row.height:
            joined = _heading_score(left + right, template)
            if joined >= 60 and joined >= max(_heading_score(left, template), _heading_score(right, template)):
                pieces[number - 1:number + 1] = [left + right]
                continue
        number += 1


def _groups(rows: Sequence[Row], band: Sequence[int], template: FormTemplate) -> list[list]:
    """The band's words grouped by column: words close on a row, and overlapping across rows."""
    pieces = []
    for index in band:
        row = rows[index]
        gap_limit = 0.45 * row.height
        current: list = []
        for word in row.words:
            if _RULE.match(word.text) or _RULE_AND_MARKS.match(word.text):
                # A ruled line read as a character: a sure column separator.
                if current:
                    pieces.append(current)
                current = []
                continue
            if _SPECK.match(word.text):
                continue  # (nor between the words of a heading: "dân tộc, ' danh cá" is two)
            if current and word.box[0] - (current[-1].box[0] + current[-1].box[2]) > gap_limit:
                pieces.append(current)
                current = []
            current.append(word)
        if current:
            pieces.append(current)
        _join_heading_words(pieces, row, template)
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
    words = sorted(words, key=lambda word: (word.line_index, word.box[0]))
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


def _refine(boundary: float, rows: Sequence[Row], reach: float, lo: float | None = None,
            hi: float | None = None) -> float:
    """Move a column bound to where the fewest words of the rows below cross it: near its first
    guess, or, given ``lo``/``hi`` (the centres of the two headings), in the widest gutter between
    them (a heading centred over a wide column says little about where the column starts)."""
    words = [word for row in rows for word in row.words if not _RULE.match(word.text)]
    if lo is not None and hi is not None and hi - lo > 4:
        start, stop = int(lo), int(hi)
        rule = _rule_between(rows, lo, hi)
        if rule is not None:
            return rule
        crossings = [0] * (stop - start)
        for word in words:
            a, b = max(start, word.box[0] + 1), min(stop, word.box[0] + word.box[2])
            for x in range(a, b):
                crossings[x - start] += 1
        fewest = min(crossings)
        best, best_width, run_start = boundary, -1, None
        for x in range(start, stop + 1):
            inside = x < stop and crossings[x - start] == fewest
            if inside and run_start is None:
                run_start = x
            elif not inside and run_start is not None:
                if x - run_start > best_width:
                    best, best_width = (run_start + x) / 2, x - run_start
                run_start = None
        return float(best)
    candidates = {boundary}
    for word in words:
        for x in (word.box[0] - 1, word.box[0] + word.box[2] + 1):
            if abs(x - boundary) <= reach:
                candidates.add(float(x))
    def crossing_count(x: float) -> int:
        return sum(1 for word in words if word.box[0] < x < word.box[0] + word.box[2])
    return min(candidates, key=lambda x: (crossing_count(x), abs(x - boundary)))


#: What OCR makes of a vertical rule alone (no underscores: those are leaders and underlines).
_VERTICAL_RULE = re.compile(r"^[|¦\[\]]+$")


def _rule_between(rows: Sequence[Row], lo: float, hi: float, pattern: re.Pattern = _RULE) -> float | None:
    """A vertical rule read as "|" on several rows between ``lo`` and ``hi``: the column bound itself."""
    if not rows:
        return None
    rules = sorted((word.box[0] + word.box[2] / 2, row.index) for row in rows for word in row.words
                   if pattern.match(word.text) and lo < word.box[0] < hi)
    for number, (x, _) in enumerate(rules):
        close = [other for other in rules[number:] if other[0] - x <= rows[0].height]
        if len({index for _, index in close}) >= 2:
            return float(sum(other for other, _ in close) / len(close))
    return None


def _table_rows(rows: Sequence[Row], band_end: int, template: FormTemplate,
                caption_hits: Sequence[PhraseHit]) -> list[Row]:
    """The rows under the heading band down to the first caption of a field no column holds (on a
    certificate, "Nơi đăng ký kết hôn" under the spouses' grid ends it)."""
    in_columns = {key for column in template.columns for key in column.fields}
    owners: dict[str, set[str]] = {}
    for spec in template.fields:
        for phrase in spec.captions:
            owners.setdefault(phrase, set()).add(spec.key)
    end = _INF
    if template.layout != "register":
        for hit in caption_hits:
            if hit.row > band_end and owners.get(hit.phrase) and not owners[hit.phrase] & in_columns:
                end = min(end, hit.row)
    return [row for row in rows if band_end < row.index < end]


def _letters(words: Sequence[OcrWord]) -> int:
    """How many letters and digits the words hold."""
    return sum(unicodedata.category(char) in _LETTER_OR_DIGIT for word in words for char in word.text)


def _by_elimination(labelled: list[tuple], template: FormTemplate) -> list[tuple]:
    """A short heading read too badly to match ("Vự" for "Vợ") takes the one column of the template
    left unmatched between its neighbours' columns (the template lists columns left to right)."""
    order = {id(column): number for number, column in enumerate(template.columns)}
    found = {id(item[2]) for item in labelled if item[2] is not None}
    out = list(labelled)
    for number, (left, right, spec, heading) in enumerate(out):
        if spec is not None or len(heading.split()) > 3 or not re.search(r"[^\W\d_]", heading):
            continue
        before = max((order[id(item[2])] for item in out[:number] if item[2] is not None), default=-1)
        after = min((order[id(item[2])] for item in out[number + 1:] if item[2] is not None),
                    default=len(template.columns))
        missing = [column for index, column in enumerate(template.columns)
                   if before < index < after and id(column) not in found and column.fields]
        if len(missing) == 1:
            out[number] = (left, right, missing[0], missing[0].headings[0])
            found.add(id(missing[0]))
    return out


def _caption_column_bound(below: Sequence[Row], first_centre: float,
                          caption_hits: Sequence[PhraseHit]) -> float | None:
    """Where the values start in a grid whose column of captions has no heading: rows opening with a
    caption (no colon) that ends left of the first heading, the bound in the gutter after them."""
    starts = {row.index: row.words[0].box[0] for row in below if row.words}
    captions = [hit for hit in caption_hits if hit.row in starts and not hit.colon
                and hit.box[0] <= starts[hit.row] + 2 and hit.box[0] + hit.box[2] < first_centre]
    if len({hit.row for hit in captions}) < 2:
        return None
    return _refine(first_centre, below, 0.0, min(hit.box[0] for hit in captions), first_centre)


def _headings_read_again(labelled: list[tuple], rows: Sequence[Row], band: Sequence[int], template: FormTemplate,
                         reread: Callable[[Box, str], tuple[str, float]]) -> list[tuple]:
    """A column whose heading the page's reading lost (a short "Vợ" alone over a wide column, among
    specks) is looked for once more: the stretch of the heading row between the headings found on
    either side of where the template puts it is read again (as sparse text: in one-line mode
    Tesseract read nothing of a word among specks). Its heading there makes it a column, centred
    in that stretch (the bounds are then fitted to the gutters below)."""
    order = {id(column): number for number, column in enumerate(template.columns)}
    first = rows[band[0]]
    out = list(labelled)
    found = {id(item[2]) for item in out if item[2] is not None}
    for number in range(len(out) - 1, 0, -1):
        (_, before_right, before, _), (after_left, _, after, _) = out[number - 1], out[number]
        if before is None or after is None or after_left - before_right < 4 * first.height:
            continue
        missing = [column for column in template.columns[order[id(before)] + 1:order[id(after)]]
                   if column.fields and id(column) not in found]
        if len(missing) != 1:
            continue
        margin = first.height // 2
        box = (int(before_right) + margin, first.box[1] - margin, int(after_left - before_right) - 2 * margin,
               first.box[3] + 2 * margin)
        text, _ = reread(box, "sparse")
        key = re.sub(r"\d", "", phrase_key(text))
        if key and max(fuzz.ratio(phrase_key(heading), key) for heading in missing[0].headings) >= HEADING_MATCH:
            centre = before_right + (after_left - before_right) / 2
            out.insert(number, (centre - first.height, centre + first.height, missing[0], missing[0].headings[0]))
    return out


def _missing_columns(labelled: Sequence[tuple], template: FormTemplate) -> bool:
    """Whether a column of the template holding fields has no heading among ``labelled``."""
    found = {id(item[2]) for item in labelled if item[2] is not None}
    return any(column.fields and id(column) not in found for column in template.columns)


def _by_order(labelled: list[tuple], template: FormTemplate) -> list[tuple] | None:
    """Columns between ruled lines whose heading did not read take the template's columns left
    between their neighbours' when there are exactly as many of them (the template lists its
    columns left to right, as the page prints them; a column printed in place of the fields' own,
    "Nội dung đăng ký", counts only when read). ``None`` when the headings read stand out of the
    template's order (a rule missed or one too many: the columns are not the printed ones)."""
    read = {id(item[2]) for item in labelled if item[2] is not None}
    printed = [column for column in template.columns if not column.replaces_field_columns or id(column) in read]
    order = {id(column): number for number, column in enumerate(printed)}
    known = [(number, order[id(item[2])]) for number, item in enumerate(labelled) if item[2] is not None]
    if len(known) < 2 or any(b <= a for (_, a), (_, b) in pairwise(known)):
        return None
    out = list(labelled)
    anchors = [(-1, -1), *known, (len(labelled), len(printed))]
    for (start, first), (stop, last) in pairwise(anchors):
        unread = range(start + 1, stop)
        columns = printed[first + 1:last]
        if unread and len(unread) == len(columns):
            for number, column in zip(unread, columns, strict=True):
                left, right, _, heading = out[number]
                out[number] = (left, right, column, heading or column.headings[0])
    return out


def _ruled_table(rows: Sequence[Row], band: Sequence[int], template: FormTemplate,
                 rules: Sequence[VerticalRule]) -> list[tuple] | None:
    """The columns of a register between the page's vertical rules, ``[(left, right, spec, heading)]``,
    named by the heading words between each two rules and, where a heading did not read, by the
    template's order; ``None`` when the page shows too few rules under the headings.

    A rule counts when it runs from about the heading band's top down into the body: a fold's
    shadow or a book's spine runs from the page's top edge."""
    first, last = rows[band[0]], rows[band[-1]]
    height = first.height
    top, bottom = first.box[1], last.box[1] + last.box[3]
    xs: list[float] = []
    for rule in sorted(rules, key=lambda item: item.x):
        if not top - 4 * height <= rule.top <= bottom + 2 * height or rule.bottom < bottom + 4 * height:
            continue
        if xs and rule.x - xs[-1] < 2 * height:
            continue  # a double rule, or a rule's pieces a speck set apart
        xs.append(rule.x)
    if len(xs) < 4:
        return None
    words = [word for index in band for word in rows[index].words
             if not (_RULE.match(word.text) or _RULE_AND_MARKS.match(word.text) or _SPECK.match(word.text))]
    labelled = []
    for left, right in pairwise(xs):
        inside = [word for word in words if left <= word.box[0] + word.box[2] / 2 < right]
        spec, heading = _label(inside, template) if _letters(inside) >= 2 else (None, "")
        labelled.append((left, right, spec, heading))
    specs = [id(item[2]) for item in labelled if item[2] is not None]
    if len(specs) != len(set(specs)):
        return None
    return _by_order(labelled, template)


def find_table(rows: Sequence[Row], template: FormTemplate, caption_hits: Sequence[PhraseHit],
               reread: Callable[[Box, str], tuple[str, float]] | None = None,
               rules: Callable[[], Sequence[VerticalRule]] | None = None) -> Table | None:
    """The table of the page (its heading band and columns), or ``None`` when it prints none.
    ``reread(box, kind)`` reads a heading the page's reading lost once more (none without it);
    ``rules()`` gives the page's vertical rules, asked for only when the headings read leave a
    register's column unnamed (the columns then lie between the rules)."""
    if not template.columns:
        return None
    band = _band(rows, template, caption_hits)
    if not band:
        return None
    # A group of marks ("ˆ", "'": specks between the headings) heads no column, nor does one letter
    # among them (specks read as "ì", "x.-"): the shortest heading has two ("Vợ").
    groups = [group for group in _groups(rows, band, template) if _letters(group[2]) >= 2]
    # The column of row captions ("Thông tin") comes first: a piece reading as it further right is
    # the start of the next heading ("THÔNG TIN | NGƯỜI VỢ" read apart).
    merged: list[list] = []
    for left, right, words in groups:
        if merged and merged[-1][3]:
            joined = _label(merged[-1][2] + list(words), template)[0]
            if joined is not None and joined.fields and _heading_score(merged[-1][2] + list(words), template) >= 90:
                merged[-1] = [merged[-1][0], right, merged[-1][2] + list(words), False]
                continue
        spec = _label(words, template)[0]
        merged.append([left, right, list(words), bool(merged) and spec is not None and not spec.fields])
    labelled = [(left, right, *_label(words, template)) for left, right, words, _ in merged]
    labelled = _by_elimination(labelled, template)
    # Two or three letters matching no heading, even by elimination, are specks too ("hở" between
    # "Mẹ" and "Cha"): a column of theirs would take the values of the column beside it.
    labelled = [item for item, (_, _, words, _) in zip(labelled, merged, strict=True)
                if item[2] is not None or _letters(words) >= 4]
    wide = template.layout != "register"
    if not wide and rules is not None and _missing_columns(labelled, template):
        ruled = _ruled_table(rows, band, template, rules())
        if ruled is not None and _named(ruled) > _named(labelled):
            return _table_between_rules(band, ruled)
    if sum(1 for item in labelled if item[2] is not None) < 2:
        return None
    if reread is not None:
        labelled = _headings_read_again(labelled, rows, band, template, reread)
    below = _table_rows(rows, band[-1], template, caption_hits)
    columns = []
    for number, (left, right, spec, heading) in enumerate(labelled):
        lo = -_INF
        if number > 0:
            previous_left, previous_right = labelled[number - 1][0], labelled[number - 1][1]
            guess = (previous_right + left) / 2
            reach = max(0.0, (left - previous_right) / 2) + 0.25 * min(right - left, 400)
            if wide:
                # Few wide columns (a certificate's spouses): the gutter between the headings' centres.
                lo = _refine(guess, below, reach, (previous_left + previous_right) / 2, (left + right) / 2)
            else:
                # The first column's bound is a rule read as "|" between the headings' centres when there
                # is one, however far the heading centred over the wide column after it ("Nội dung đăng ký")
                # stands from it. (Further right, a wide column's own boxes, "Đăng ký lại [ ]", read as
                # bars too: there the bound stays near the first guess.)
                rule = _rule_between(below, (previous_left + previous_right) / 2, (left + right) / 2,
                                     _VERTICAL_RULE) if number == 1 else None
                lo = _refine(guess, below, reach)
                if rule is not None and below and abs(rule - lo) > 3 * below[0].height:
                    lo = rule  # near the rule, the gutter found keeps values that overflow it whole
        columns.append([lo, _INF, spec, heading])
    first_spec = labelled[0][2]
    if wide and template.columns and not template.columns[0].fields and first_spec is not None \
            and first_spec.fields:
        bound = _caption_column_bound(below, (labelled[0][0] + labelled[0][1]) / 2, caption_hits)
        if bound is not None:
            columns[0][0] = bound
            columns.insert(0, [-_INF, _INF, template.columns[0], ""])
    for number in range(len(columns) - 1):
        columns[number][1] = columns[number + 1][0]
    return Table(header_rows=tuple(band),
                 columns=tuple(Column(left=lo, right=hi, spec=spec, heading=heading)
                               for lo, hi, spec, heading in columns))


def _named(labelled: Sequence[tuple]) -> int:
    """How many columns holding fields have a template column."""
    return sum(1 for item in labelled if item[2] is not None and item[2].fields)


def _table_between_rules(band: Sequence[int], ruled: Sequence[tuple]) -> Table:
    """The table whose column bounds are the rules (the first and last columns open outwards)."""
    columns = [Column(left=left, right=right, spec=spec, heading=heading) for left, right, spec, heading in ruled]
    columns[0] = replace(columns[0], left=-_INF)
    columns[-1] = replace(columns[-1], right=_INF)
    return Table(header_rows=tuple(band), columns=tuple(columns))


def cut_rows(rows: Sequence[Row], table: Table, start_index: int) -> tuple[tuple[Row, ...], dict[int, int]]:
    """The rows dealt to the table's columns: column by column, top to bottom, freshly numbered.

    Returns the cut rows and, per cut row's index, its column's index. Numbering column by
    column keeps "the next row" within the column for values that wrap or sit below.
    """
    out: list[Row] = []
    column_of: dict[int, int] = {}
    index = start_index
    notes = {number for number, column in enumerate(table.columns)
             if column.spec is not None and "notes" in column.spec.fields}
    dealt = {row.index: _deal_words(row, table, notes) for row in rows}
    for number in range(len(table.columns)):
        for row in rows:
            words = [word for word, owner in dealt[row.index] if owner == number]
            if not words:
                continue
            out.append(make_row(index, words))
            column_of[index] = number
            index += 1
    return tuple(out), column_of


def _deal_words(row: Row, table: Table, notes: set[int]) -> list[tuple[OcrWord, int]]:
    """Each word of the row with its column (by its centre); a word set in a notes column as close
    after the word before it as the words of one line are runs on across the bound ("Người ký …:
    Nguyễn Đình Hải" spilling into the notes) and stays with it. Only the notes: the cells of data
    columns sit tight ("Nữ | Kinh") and a certificate's spouses side by side too. Bars never join."""
    dealt: list[tuple[OcrWord, int]] = []
    close = 0.6 * row.height
    bounds = [column.left for column in table.columns[1:]]
    words = [piece for word in row.words for piece in _split_at_bound(word, bounds)]
    for word in sorted(words, key=lambda item: item.box[0]):
        centre = word.box[0] + word.box[2] / 2
        owner = next((number for number, column in enumerate(table.columns)
                      if column.left <= centre < column.right), len(table.columns) - 1)
        if dealt:
            before, before_owner = dealt[-1]
            gap = word.box[0] - (before.box[0] + before.box[2])
            if owner in notes and owner > before_owner and gap < close and not _RULE.match(word.text) \
                    and not _RULE.match(before.text):
                owner = before_owner
        dealt.append((word, owner))
    return dealt


#: A word that is a number run into a word ("14/03/2019Quốc": a date cell and the caption beside it
#: across the rule, read without the space).
_NUMBER_THEN_WORD = re.compile(r"^(.*\d)([^\W\d_]{2,}.*)$")


def _split_at_bound(word: OcrWord, bounds: Sequence[float]) -> tuple[OcrWord, ...]:
    """``word`` cut in two where a number runs into a word across a column's bound, each part with
    its share of the box (by characters); else the word."""
    match = _NUMBER_THEN_WORD.match(word.text)
    x, y, width, height = word.box
    if match is None or not any(x < bound < x + width for bound in bounds):
        return (word,)
    first, second = match.groups()
    cut = int(round(width * len(first) / len(word.text)))
    return (replace(word, text=first, box=(x, y, cut, height)),
            replace(word, text=second, box=(x + cut, y, width - cut, height)))


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
        # "|" at either end is a table rule Tesseract read as a letter, never part of a value.
        return self.row.text[self.start:self.end].strip(" :;_|[]").lstrip(".,-|").strip()


_FRAGMENT = re.compile(r"^[^\W\d_][^\d]{0,30}:$")


def _caption_tails(lines: Sequence[Row], hits: Sequence[PhraseHit], phrases: Sequence[str]) -> list[PhraseHit]:
    """``hits`` with captions a narrow cell wrapped ("Quan hệ với" / "người chết:") read whole.

    A hit on a caption's first words whose longer caption goes on, after the hit and on the next
    line, becomes a hit to the end of its row, and the wrapped rest a hit at the next line's start,
    so the rest is never taken as the value. A caption's first word alone on a line ("Ngày" /
    "đăng ký"), too short to be found as a caption, is joined the same way.
    """
    position = {row.index: number for number, row in enumerate(lines)}
    out = list(hits)
    for number, hit in enumerate(hits):
        joined = _joined_caption(lines, position, hit, phrases)
        if joined is not None:
            out[number] = joined[0]
            out += joined[1:]
    hit_rows = {hit.row for hit in hits}
    for number, row in enumerate(lines[:-1]):
        if row.index in hit_rows or lines[number + 1].index in hit_rows or len(phrase_key(row.text)) < 3:
            continue
        opening = PhraseHit(phrase=row.text, row=row.index, start=0, end=len(row.text), edits=0, exact=1.0, colon=False,
                            box=row.box)
        joined = _joined_caption(lines, position, opening, phrases)
        if joined is not None:
            out += list(joined)
    return out


def _joined_caption(lines: Sequence[Row], position: dict[int, int], hit: PhraseHit,
                    phrases: Sequence[str]) -> tuple[PhraseHit, ...] | None:
    """The hits of a caption that starts with ``hit`` and ends on one of the next two lines, if one
    does: the first to the end of its row, then one per line the rest runs over."""
    key = phrase_key(hit.phrase)
    longer = sorted({phrase for phrase in phrases
                     if len(phrase_key(phrase)) > len(key) and phrase_key(phrase).startswith(key)},
                    key=lambda phrase: -len(phrase_key(phrase)))
    line_number = position.get(hit.row)
    if not longer or line_number is None or line_number + 1 >= len(lines):
        return None
    row = lines[line_number]
    following = list(lines[line_number + 1:line_number + 3])
    # folded letters after the hit, each with its row and index in that row's text
    letters = [(fold_char(char), row, index) for index, char in enumerate(row.text) if index >= hit.end
               and char.isalnum()]
    for below in following:
        letters += [(fold_char(char), below, index) for index, char in enumerate(below.text) if char.isalnum()]
    for phrase in longer:
        rest = phrase_key(phrase)[len(key):]
        if len(letters) < len(rest) or letters[len(rest) - 1][1] is row:
            continue
        read = "".join(letter for letter, _, _ in letters[:len(rest)])
        if Levenshtein.distance(read, rest) > allowed_edits(len(rest)) // 2:
            continue
        last_row, last_index = letters[len(rest) - 1][1], letters[len(rest) - 1][2]
        hits = [replace(hit, phrase=phrase, end=len(row.text))]
        for below in following:
            end = last_index + 1 if below is last_row else len(below.text)
            hits.append(replace(hit, phrase=phrase, row=below.index, start=0, end=end, box=below.box))
            if below is last_row:
                break
        return tuple(hits)
    return None


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


#: What taking a text the field's normaliser cannot read at all costs: an optional field
#: ("Số định danh" left blank) must not take the wrapped end of the value above it.
_UNREADABLE_TAKE_COST = 0.5


@lru_cache(maxsize=4096)
def _score_text(kind: str, text: str) -> float:
    """How well ``text`` reads as a value of ``kind``: the normaliser's certainty, and for a place
    also how plausible it is as a whole ("huyện Thanh", a district cut at the line's end, is less so
    than "huyện Thanh Miện"); negative for a text that is no value of the kind at all."""
    if not text:
        return 0.0
    certainty = normalise(kind, text).certainty
    if kind == "place":
        certainty = min(certainty, check_place(text).plausibility)
    return certainty if certainty > 0 else -_UNREADABLE_TAKE_COST


@dataclass(frozen=True)
class CellReading:
    """A cell read into its fields: per field key, its chunks; ``left_out``: the fields after which
    (or, before any taken text, at which) a line of text was dropped, so the value may be cut short."""

    chunks: dict[str, list[Chunk]]
    left_out: frozenset[str] = frozenset()

    def get(self, key: str, default=()):
        """The chunks of field ``key`` (``default`` when the cell does not hold it)."""
        return self.chunks.get(key, default)


def parse_cell(lines: Sequence[Row], specs: Sequence[FieldTemplate], other_phrases: Sequence[str] = ()
               ) -> CellReading:
    """Read a cell's lines into its fields (in the column's order): per field key, its chunks.

    A field takes the text after its own caption and the uncaptioned lines that follow, or
    uncaptioned lines alone; the split maximises the normalisers' certainty of every field.
    Lines that are only a caption's fragment ("ký:") and lines of other captions are skipped.
    """
    if not lines or not specs:
        return CellReading({})
    phrases = [phrase for spec in specs for phrase in spec.captions] + list(other_phrases)
    hits = _caption_tails(lines, find_phrases(lines, phrases), phrases)
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
                        score = _score_text(spec.kind, text) + (1.0 if own else 0.0) + 0.03 * (k - j)
                        if not text and not own:
                            continue
                        options.append((best[i + 1][k] + score, ("take", k)))
            value, decision = max(options, key=lambda item: item[0])
            best[i][j] = value
            choice[(i, j)] = decision
    result: dict[str, list[Chunk]] = {}
    left_out: set[str] = set()
    caption_keys = [phrase_key(phrase) for phrase in phrases]

    def dropped_text(chunk: Chunk) -> bool:
        # (the first line of a caption wrapped in the cell, "Ngày, tháng," over "năm đăng ký", is no value)
        return chunk.hit is None and _skip_cost(chunk) > 0 and not _caption_start(chunk.text, caption_keys)

    def captioned_value_dropped(chunk: Chunk) -> list[str]:
        # A field's caption with a value after it, left unused: the cell holds that caption twice
        # (another person's lines run into it, their heading lost), so either value may be the field's.
        return owner.get(chunk.hit.phrase, []) if chunk.hit is not None and chunk.text.strip() else []

    taker: str | None = None  # the last field that took text: a line dropped after it may be its end
    kinds = {spec.key: spec.kind for spec in specs}
    i, j = 0, 0
    while i < n:
        kind, k = choice[(i, j)]
        if kind == "empty":
            result[specs[i].key] = []
            i += 1
        elif kind == "skip":
            if dropped_text(chunks[j]):
                left_out.add(taker or specs[i].key)
            left_out.update(captioned_value_dropped(chunks[j]))
            j = k
        else:
            result[specs[i].key] = [chunk for chunk in chunks[j:k] if not _FRAGMENT.match(chunk.text)]
            if taker is not None and kinds[taker] == "name" and _may_end_name(specs[i].kind, result[specs[i].key]):
                left_out.update((taker, specs[i].key))
            taker = specs[i].key
            i, j = i + 1, k
    if taker is not None and any(dropped_text(chunk) for chunk in chunks[j:]):
        left_out.add(taker)
    for chunk in chunks[j:]:
        left_out.update(captioned_value_dropped(chunk))
    return CellReading(result, frozenset(left_out))


def _may_end_name(kind: str, taken: Sequence[Chunk]) -> bool:
    """Whether what a field took right after a name may be that name's last word instead: a date or
    a year opening with a word of letters ("Yến (01011945": the name "Nguyễn Ngọc / Yến" wrapped onto
    the date's line), or a relationship that is one word a name ends with too ("Anh" under
    "Trịnh Minh Quỳnh", the relationship "Vợ" under it lost). Both are doubted: either reading fits."""
    text = " ".join(chunk.text for chunk in taken).strip()
    if not text:
        return False
    if kind in ("date", "year"):
        return re.match(r"[^\W\d_]{2,}\s", text) is not None and re.match(r"(?i)ngày|năm|sinh", text) is None
    if kind == "relationship":
        return len(text.split()) == 1 and is_given_name(text)
    return False


def _caption_start(text: str, caption_keys: Sequence[str]) -> bool:
    """Whether ``text`` is the opening words of a caption (at least four letters of it)."""
    key = phrase_key(text)
    return len(key) >= 4 and any(caption.startswith(key) and caption != key for caption in caption_keys)


def _skip_cost(chunk: Chunk) -> float:
    text = chunk.text
    if not text or _FRAGMENT.match(text) or len(phrase_key(text)) <= 2:
        return 0.0
    if chunk.hit is not None:
        return 0.3
    return 0.6
