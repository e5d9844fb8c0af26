"""Rows of words and the captions printed in them, found despite OCR errors.

Tesseract splits a form's line into several lines when captions stand far
apart ("Giới tính: Nam      Dân tộc: Kinh"), and glues words together when
the gaps are narrow ("Giớitính:Nữ", "tên:....NGUYỄN"). So captions are looked
for in *rows* (words that share a baseline, across Tesseract's blocks) and in
a folded key of each row: lower case, no diacritics, letters and digits only,
every key character pointing back to its place in the row's text. A caption
is found where its folded key matches a stretch of the row's key within a few
edits (semi-global alignment), wherever the word breaks fall.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ocr.types import Box, OcrPage, OcrWord

#: Folded keys up to this length must match exactly, at word boundaries.
SHORT_PHRASE = 5


def fold_char(char: str) -> str:
    """One character without diacritics, lower case (``Đ`` → ``d``)."""
    if char in "đĐ":
        return "d"
    return unicodedata.normalize("NFD", char)[0].lower()


@lru_cache(maxsize=8192)
def phrase_key(phrase: str) -> str:
    """A phrase's folded key: letters and digits, no diacritics, lower case."""
    return "".join(fold_char(char) for char in unicodedata.normalize("NFC", phrase) if char.isalnum())


#: "Số" as a grainy scan or a display face reads it, folded: "8õ", "5o", "§ố" (the § dropped),
#: "I§ố:" with a ruled line beside it. Only ever taken right before a number.
_NUMBER_WORD_MISREAD = re.compile(r"[il1]?[s58]?[o0]")


def misread_number_word(text: str) -> bool:
    """Whether ``text`` reads as the caption "Số" damaged (see :data:`_NUMBER_WORD_MISREAD`); the
    caller makes sure a number follows it."""
    return bool(_NUMBER_WORD_MISREAD.fullmatch(phrase_key(text)))


@lru_cache(maxsize=4096)
def exact_key(phrase: str) -> str:
    """A phrase's letters and digits with their diacritics, lower case (NFC)."""
    return "".join(char for char in unicodedata.normalize("NFC", phrase).casefold() if char.isalnum())


def allowed_edits(length: int) -> int:
    """How many OCR edits a caption of ``length`` folded characters may carry and still be found."""
    if length <= SHORT_PHRASE:
        return 0
    if length <= 8:
        return 1
    if length <= 14:
        return 2
    if length <= 22:
        return 3
    return 4


def union_box(boxes: Iterable[Box]) -> Box | None:
    """The smallest box holding every box, or ``None`` for none."""
    boxes = [box for box in boxes if box is not None]
    if not boxes:
        return None
    left = min(box[0] for box in boxes)
    top = min(box[1] for box in boxes)
    right = max(box[0] + box[2] for box in boxes)
    bottom = max(box[1] + box[3] for box in boxes)
    return (left, top, right - left, bottom - top)


# --------------------------------------------------------------------------- rows

#: How wide characters are against a digit, roughly, in the faces forms are printed in (a digit is
#: about half an em; a full stop a quarter). Tesseract gives a word's box, not its letters': where a
#: value ends inside a word (``21/02/1930...``, the leader's dots read on), counting every character
#: as wide as the next put the end of the digits a digit or two short of where they are.
_NARROW = frozenset(".,:;'`!|‘’")
_HALF = frozenset("iljIíìỉĩịÍÌỈĨỊ")
_SLIM = frozenset("ftr/()[]-–\"“”")
_WIDE = frozenset("mwMW")


@lru_cache(maxsize=512)
def char_width(char: str) -> float:
    """A character's advance against a digit's (1.0), for placing a cut inside a word's box."""
    if char in _NARROW:
        return 0.5
    if char in _HALF:
        return 0.55
    if char in _SLIM:
        return 0.66
    if char in _WIDE:
        return 1.6
    return 1.35 if char.isupper() else 1.0


def _share_before(word: str, count: int) -> float:
    """The share of a word's width taken by its first ``count`` characters (see :func:`char_width`)."""
    if count <= 0:
        return 0.0
    if count >= len(word):
        return 1.0
    before = sum(char_width(char) for char in word[:count])
    return before / (before + sum(char_width(char) for char in word[count:]))


@dataclass(frozen=True)
class Row:
    """Words sharing a baseline, left to right, with a folded key for caption search.

    ``spans[i]`` is the character span of word ``i`` in ``text``; ``key`` holds the
    folded letters and digits of ``text`` and ``key_pos[k]`` the index in ``text`` of
    key character ``k``.
    """

    index: int
    words: tuple[OcrWord, ...]
    box: Box
    text: str
    spans: tuple[tuple[int, int], ...]
    key: str
    key_pos: tuple[int, ...]

    @property
    def height(self) -> int:
        """The median height of the row's words (the type size, roughly)."""
        heights = sorted(word.box[3] for word in self.words)
        return heights[len(heights) // 2] if heights else self.box[3]

    def word_at(self, char_index: int) -> int:
        """The index of the word holding ``text[char_index]`` (the next word for a space)."""
        for number, (_start, end) in enumerate(self.spans):
            if char_index < end:
                return number
        return len(self.spans) - 1

    def char_x(self, char_index: int) -> float:
        """The estimated x of the left edge of ``text[char_index]`` (by the widths of the characters before
        it in its word, :func:`char_width`)."""
        if not self.words:
            return float(self.box[0])
        if char_index >= len(self.text):
            last = self.words[-1].box
            return float(last[0] + last[2])
        number = self.word_at(char_index)
        start, end = self.spans[number]
        x, _, width, _ = self.words[number].box
        if char_index <= start:
            return float(x)
        return x + width * _share_before(self.text[start:end], char_index - start)

    def slice_box(self, start: int, end: int) -> Box | None:
        """The box of ``text[start:end]``: whole words' boxes, cut at partial words where the characters'
        widths put the cut (:func:`char_width`)."""
        if start >= end:
            return None
        boxes = []
        for number, (word_start, word_end) in enumerate(self.spans):
            lo, hi = max(start, word_start), min(end, word_end)
            if lo >= hi:
                continue
            x, y, width, height = self.words[number].box
            word = self.text[word_start:word_end]
            left = x + round(width * _share_before(word, lo - word_start))
            right = x + round(width * _share_before(word, hi - word_start))
            boxes.append((left, y, max(1, right - left), height))
        return union_box(boxes)

    def slice_words(self, start: int, end: int) -> tuple[tuple[OcrWord, float], ...]:
        """The words overlapping ``text[start:end]``, each with the share of it that lies inside."""
        chosen = []
        for number, (word_start, word_end) in enumerate(self.spans):
            lo, hi = max(start, word_start), min(end, word_end)
            if lo < hi:
                chosen.append((self.words[number], (hi - lo) / max(1, word_end - word_start)))
        return tuple(chosen)


def make_row(index: int, words: Sequence[OcrWord]) -> Row:
    """The row ``index`` of these words, left to right: its text, the words' spans in it and its key."""
    words = tuple(sorted(words, key=lambda word: word.box[0]))
    parts, spans, position = [], [], 0
    for word in words:
        text = unicodedata.normalize("NFC", word.text)
        parts.append(text)
        spans.append((position, position + len(text)))
        position += len(text) + 1
    text = " ".join(parts)
    key_chars, key_pos = [], []
    for position, char in enumerate(text):
        if char.isalnum():
            key_chars.append(fold_char(char))
            key_pos.append(position)
    return Row(index=index, words=words, box=union_box(word.box for word in words) or (0, 0, 0, 0),
               text=text, spans=tuple(spans), key="".join(key_chars), key_pos=tuple(key_pos))


def _vertical_overlap(a: Box, b: Box) -> float:
    top, bottom = max(a[1], b[1]), min(a[1] + a[3], b[1] + b[3])
    return max(0, bottom - top) / max(1, min(a[3], b[3]))


def _runs_down(line: list[OcrWord]) -> bool:
    """Whether a Tesseract line runs down the page, not across: its words stacked one under the
    other, far taller than wide. On an upright page that is no text but a margin, a binding's edge or
    a ruled line read as letters; as one row it would swallow every row it spans."""
    if len(line) < 2:
        return False
    box = union_box(word.box for word in line)
    return box[3] > 2 * box[2] and box[3] > 4 * sorted(word.box[3] for word in line)[len(line) // 2]


def build_rows(words: Iterable[OcrWord]) -> tuple[Row, ...]:
    """Group words into rows (shared baseline, across Tesseract's lines and blocks), top to bottom.

    Lines come first as Tesseract grouped them; a line joins a row when it overlaps the
    row vertically by half its height and does not overlap its words horizontally.
    """
    by_line: dict[tuple[int, int], list[OcrWord]] = {}
    for word in words:
        if word.text.strip():
            by_line.setdefault((word.block_index, word.line_index), []).append(word)
    lines = sorted((line for line in by_line.values() if not _runs_down(line)),
                   key=lambda ws: min(w.box[1] + w.box[3] / 2 for w in ws))
    rows: list[list[OcrWord]] = []
    row_boxes: list[Box] = []
    for line in lines:
        box = union_box(word.box for word in line)
        placed = False
        for number in range(len(rows) - 1, max(-1, len(rows) - 6), -1):
            if _vertical_overlap(box, row_boxes[number]) < 0.5:
                continue
            core = (box[0] + 2, box[1], max(1, box[2] - 4), box[3])
            if any(_horizontal_overlap(core, word.box) for word in rows[number]):
                continue
            rows[number].extend(line)
            row_boxes[number] = union_box([row_boxes[number], box])
            placed = True
            break
        if not placed:
            rows.append(list(line))
            row_boxes.append(box)
    order = sorted(range(len(rows)), key=lambda n: (row_boxes[n][1] + row_boxes[n][3] / 2, row_boxes[n][0]))
    return tuple(make_row(index, rows[number]) for index, number in enumerate(order))


def _horizontal_overlap(a: Box, b: Box) -> bool:
    return min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]) > 0


def page_rows(page: OcrPage) -> tuple[Row, ...]:
    """The rows of a page."""
    return build_rows(page.words)


# --------------------------------------------------------------------------- phrase search

@dataclass(frozen=True)
class PhraseHit:
    """Where a phrase (caption, section anchor, title) was found in a row.

    ``start``/``end`` are the character span in ``row.text``; ``edits`` the folded edit
    distance; ``exact`` the similarity with diacritics in [0, 1]; ``colon`` whether a colon
    or a dotted leader follows.
    """

    phrase: str
    row: int
    start: int
    end: int
    edits: int
    exact: float
    colon: bool
    box: Box

    @property
    def weight(self) -> float:
        """How much to trust this hit over an overlapping one: long, clean, colon-ended wins."""
        return len(phrase_key(self.phrase)) - 3 * self.edits + 2 * self.exact + (1.5 if self.colon else 0)


def semi_global(pattern: str, text: str) -> tuple[int, int, int]:
    """Best match of ``pattern`` anywhere in ``text``: ``(edits, start, end)`` (Sellers' algorithm)."""
    m = len(pattern)
    previous = list(range(m + 1))
    starts_prev = [0] * (m + 1)
    best = (m + 1, 0, 0)
    # Column by column over the text; row 0 is free (the match may start anywhere).
    for j in range(1, len(text) + 1):
        current = [0] * (m + 1)
        starts = [j] * (m + 1)
        char = text[j - 1]
        for i in range(1, m + 1):
            cost = 0 if pattern[i - 1] == char else 1
            diagonal = previous[i - 1] + cost
            up = current[i - 1] + 1       # pattern char missing from the text
            left = previous[i] + 1        # extra char in the text
            if diagonal <= up and diagonal <= left:
                current[i] = diagonal
                starts[i] = starts_prev[i - 1] if i > 1 else j - 1
            elif left <= up:
                current[i] = left
                starts[i] = starts_prev[i]
            else:
                current[i] = up
                starts[i] = starts[i - 1]
        if current[m] < best[0] or (current[m] == best[0] and j - starts[m] > best[2] - best[1]
                                    and starts[m] == best[1]):
            best = (current[m], starts[m], j)
        previous, starts_prev = current, starts
    return best


def _letter(char: str) -> bool:
    return char.isalpha()


def _followed_by_colon(text: str, end: int) -> bool:
    rest = text[end:end + 3].lstrip(" ")
    return bool(rest) and rest[0] in ":.…_;"


def _at_word_start(text: str, start: int) -> bool:
    if start == 0:
        return True
    before = text[start - 1]
    return not _letter(before) or (before.islower() and text[start].isupper())


def _at_word_end(text: str, end: int) -> bool:
    if end >= len(text):
        return True
    after = text[end]
    return not _letter(after) or (text[end - 1].islower() and after.isupper())


@lru_cache(maxsize=1 << 16)
def _key_matches(key: str, row_key: str, budget: int) -> tuple[tuple[int, int, int], ...]:
    """Up to four ``(edits, start, end)`` matches of a phrase key in a row key, each found after
    masking the ones before it. A pure function of its arguments, cached because recognising
    the form and extracting each record look for the same captions in the same rows many times
    (the edit-distance alignment is the costliest text work of a page)."""
    matches = []
    masked = row_key
    for _ in range(4):
        if len(key) <= SHORT_PHRASE:
            found = masked.find(key)
            if found < 0:
                break
            edits, start, end = 0, found, found + len(key)
        else:
            cutoff = 100.0 * (1.0 - (2 * budget + 1) / (2 * len(key)))
            if fuzz.partial_ratio(key, masked, score_cutoff=max(0.0, cutoff)) == 0:
                break
            edits, start, end = semi_global(key, masked)
            if edits > budget or end - start < len(key) - budget:
                break
        masked = masked[:start] + "\0" * (end - start) + masked[end:]
        matches.append((edits, start, end))
    return tuple(matches)


@lru_cache(maxsize=1024)
def _searched(phrases: tuple[str, ...], loose: int) -> tuple[tuple[str, str, int, bool], ...]:
    """Each phrase with its key, the edits it may carry (phrases with no letters left out), and
    whether its last word is all that tells it from another of ``phrases`` ("… người mẹ", "…
    người cha")."""
    endings: dict[str, set[str]] = {}
    for phrase in phrases:
        words = phrase.split()
        if len(words) >= 2:
            endings.setdefault(phrase_key(" ".join(words[:-1])), set()).add(phrase_key(words[-1]))
    searched = []
    for phrase in phrases:
        key = phrase_key(phrase)
        if key:
            words = phrase.split()
            sibling = len(words) >= 2 and len(endings.get(phrase_key(" ".join(words[:-1])), ())) > 1
            searched.append((phrase, key, allowed_edits(len(key)) + (loose if len(key) > SHORT_PHRASE else 0),
                             sibling))
    return tuple(searched)


def _from_word_start(row: Row, key: str, start: int, end: int, edits: int) -> tuple[int, int] | None:
    """``(edits, start)`` of the match ``row.key[start:end]`` begun one character before a word,
    moved on to that word when it holds ``key`` with no more edits from there: a caption whose
    first letter OCR lost right after the previous word ("1997 ân tộc") aligns as a letter misread
    at the end of that word (the "7" for the "D") at the same cost. (Never more than one
    character: "Số" of "Số, ngày, tháng" is not dropped to find it in "1991 Ngày, tháng".)"""
    moved = start + 1
    if moved >= end or not _opens_word(row, row.key_pos[moved]):
        return None
    moved_edits = Levenshtein.distance(key, row.key[moved:end])
    # (within a caption's own allowance: the weak search's extra edits would find one anywhere)
    return (moved_edits, moved) if moved_edits <= min(edits, allowed_edits(len(key))) else None


def _opens_word(row: Row, position: int) -> bool:
    """Whether the row's text at ``position`` is its word's first letter or digit: at the word's
    start or after marks only (a box's border read as "[" or "|" glued to "[Dân tộc")."""
    start, _ = row.spans[row.word_at(position)]
    return not any(char.isalnum() for char in row.text[start:position])


def _last_word_replaced(phrase: str, text: str) -> bool:
    """Whether the short last word of a caption ("mẹ", "cha", "vợ"), the word that tells it from
    its siblings, has no letter in common with the last word of the text it was matched with."""
    last, read = phrase_key(phrase.split()[-1]), phrase_key(text.split()[-1]) if text.split() else ""
    # ("rne" for "mẹ" keeps its "e": a misreading, not another word)
    return 0 < len(last) <= 3 and not set(last) & set(read)


def _row_hits(row: Row, phrase: str, key: str, matches: tuple[tuple[int, int, int], ...],
              siblings: bool = False) -> list[PhraseHit]:
    """The matches of ``key`` in ``row.key`` that are captions (at word starts, colons, gaps)."""
    hits = []
    for edits, start, end in matches:
        if len(key) > SHORT_PHRASE and not _opens_word(row, row.key_pos[start]):
            moved = _from_word_start(row, key, start, end, edits)
            if moved is not None:
                edits, start = moved
        text_start = row.key_pos[start]
        text_end = row.key_pos[end - 1] + 1
        exact = Levenshtein.normalized_similarity(exact_key(phrase), exact_key(row.text[text_start:text_end]))
        colon = _followed_by_colon(row.text, text_end)
        if not _at_word_start(row.text, text_start):
            continue  # "Nghi Thủy" holds no "Ghi chú": captions start words
        if edits and siblings and _last_word_replaced(phrase, row.text[text_start:text_end]):
            continue  # "Họ và tên người di" (… đi khai sinh) is not "… người mẹ": the edits are its last word
        if len(key) <= 10 and (edits or len(key) <= SHORT_PHRASE) and not colon \
                and not _at_word_end(row.text, text_end):
            continue  # nor do they end inside one, unless a colon says so
        first_word = row.word_at(text_start)
        if first_word > 0 and edits and not colon:
            # Mid-row, a caption follows a wide gap or carries its colon; a near miss
            # inside running text ("Quân Hà" for "Quan hệ") is a value, not a caption.
            gap = row.words[first_word].box[0] - (row.words[first_word - 1].box[0] + row.words[first_word - 1].box[2])
            if gap < 1.2 * row.height or not _opens_word(row, text_start):
                continue
        if len(key) <= SHORT_PHRASE:
            # Short captions ("Số", "Vợ") only count as whole words, followed by a colon or
            # opening the row ("CCCD số 0123" holds no caption), and with their diacritics
            # unless a colon follows (OCR may garble the marks of "Số:").
            if not (_at_word_start(row.text, text_start) and _at_word_end(row.text, text_end)):
                continue
            if not colon and row.word_at(text_start) != 0:
                continue
            if exact < 1.0 and not colon:
                continue
        hits.append(PhraseHit(phrase=phrase, row=row.index, start=text_start, end=text_end, edits=edits,
                              exact=exact, colon=colon, box=row.slice_box(text_start, text_end)))
    return hits


def find_phrases(rows: Sequence[Row], phrases: Iterable[str], *, loose: int = 0) -> list[PhraseHit]:
    """Find phrases in rows; where hits overlap in a row, keep the most trustworthy (see ``weight``).

    ``loose`` allows that many more edits to long phrases (a weak search, to tell whether a
    caption might be present though unreadable).
    """
    searched = _searched(tuple(dict.fromkeys(phrases)), loose)
    kept: list[PhraseHit] = []
    for row in rows:
        if not row.key:
            continue
        candidates = []
        for phrase, key, budget, siblings in searched:
            # (most phrases are not on most rows: the cached search answers nothing, cheaply)
            matches = _key_matches(key, row.key, budget)
            if matches:
                candidates.extend(_row_hits(row, phrase, key, matches, siblings))
        candidates.sort(key=lambda hit: (-hit.weight, hit.start))
        accepted: list[PhraseHit] = []
        for hit in candidates:
            if all(hit.end <= other.start or hit.start >= other.end for other in accepted):
                accepted.append(hit)
        kept.extend(sorted(accepted, key=lambda hit: hit.start))
    return kept


def title_score(rows: Sequence[Row], title: str) -> tuple[float, int]:
    """How well some row reads as ``title`` (0–100) and which row: the whole row must match, not a part."""
    key = phrase_key(title)
    best, best_row = 0.0, -1
    for row in rows:
        if not row.key or len(row.key) > 3 * len(key) + 10:
            continue
        score = fuzz.ratio(key, row.key)
        if len(row.key) > len(key):
            # A row holding the title and a little more ("BẢN SAO GIẤY KHAI SINH", a number).
            alignment = fuzz.partial_ratio(key, row.key)
            score = max(score, alignment * min(1.0, 0.7 + 0.3 * len(key) / len(row.key)))
        if score > best:
            best, best_row = score, row.index
    return best, best_row
