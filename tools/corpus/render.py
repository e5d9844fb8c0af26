"""Drawing primitives: a sheet of paper that records where every value went.

A :class:`Sheet` is the mutable canvas of one page while it is drawn (it never
leaves the generator); :class:`Flow` lays out rows of ``caption: value``
groups the way forms do (dotted leaders, tab stops, several groups a line,
values wrapping) and marks each value's box for the ground truth.
"""

from __future__ import annotations

import json
import math
import random
import zlib
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw

from tools.corpus.styles import DATA_DIR, INKS, RULES, Face, PageStyle, face, pick_handwriting

Box = tuple[int, int, int, int]   # x0, y0, x1, y1 while drawing; [x, y, w, h] in the truth


@cache
def captions() -> dict:
    """The parsed ``data/captions.json``."""
    return json.loads((DATA_DIR / "captions.json").read_text(encoding="utf-8"))


def union(a: Box | None, b: Box | None) -> Box | None:
    if a is None:
        return b
    if b is None:
        return a
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


@dataclass
class Item:
    """One ``caption: value`` group of a row; ``key`` names the field the value belongs to."""

    label: str
    key: str | None = None
    text: str = ""
    role: str = "value"        # value | name | plain | pid
    record: int | None = None


class Sheet:
    """One page being drawn, in pixels at ``dpi``."""

    def __init__(self, width_mm: float, height_mm: float, dpi: int, style: PageStyle, rng: random.Random,
                 paper: tuple[int, int, int] = (255, 255, 255)) -> None:
        self.dpi = dpi
        self.width = int(round(width_mm / 25.4 * dpi))
        self.height = int(round(height_mm / 25.4 * dpi))
        self.image = Image.new("RGB", (self.width, self.height), paper)
        self.draw = ImageDraw.Draw(self.image)
        self.style = style
        self.rng = rng
        self.boxes: dict[int, dict[str, Box]] = {}
        self.regions: dict[int, Box] = {}
        self.ink = INKS[style.ink]
        self.value_ink = INKS[style.value_ink]
        self.rule_ink = RULES[style.rule_color]
        self._hand = pick_handwriting(random.Random(style.caption_seed), style.holdout) \
            if style.value_source == "handwriting" else None

    # ----------------------------------------------------------------- units and faces
    def px(self, points: float) -> int:
        return int(round(points * self.dpi / 72.0))

    def cm(self, centimetres: float) -> int:
        return int(round(centimetres * self.dpi / 2.54))

    @property
    def size(self) -> int:
        return self.px(self.style.size_pt)

    def label_face(self, scale: float = 1.0, variant: str | None = None) -> Face:
        return face(self.style.label_family, variant or self.style.label_variant, int(self.size * scale))

    def plain_face(self, scale: float = 1.0, variant: str = "regular") -> Face:
        return face(self.style.label_family, variant, int(self.size * scale))

    def value_face(self, role: str = "value", scale: float = 1.0) -> Face:
        if self._hand is not None:
            family, variant = self._hand
            return face(family, variant, int(self.size * scale * 1.08))
        variant = self.style.value_variant
        if role == "name":
            variant = "bold" if self.style.name_variant == "bold" else variant
        if self.style.value_source == "typewriter":
            variant = "bold" if role == "name" and self.style.name_variant == "bold" else "regular"
            scale *= 0.95
        return face(self.style.value_family, variant, int(self.size * scale))

    def caption(self, caption_id: str) -> str:
        """The page's spelling of a caption (drawn once per page and caption)."""
        options = captions()[caption_id]
        rng = random.Random(self.style.caption_seed ^ zlib.crc32(caption_id.encode()))
        return rng.choices([text for text, _ in options], weights=[weight for _, weight in options])[0]

    def label(self, caption_id: str) -> str:
        """A caption with the page's colon habit."""
        return self.caption(caption_id) + self.style.colon

    # ----------------------------------------------------------------- text
    def width_of(self, text: str, fc: Face) -> float:
        return fc.font().getlength(text) + 2 * fc.stroke

    def text(self, x: float, baseline: float, text: str, fc: Face, ink=None) -> Box | None:
        """Draw ``text`` with its baseline at ``baseline``; return its ink box."""
        if not text:
            return None
        font = fc.font()
        fill = ink or self.ink
        self.draw.text((x, baseline), text, font=font, fill=fill, anchor="ls",
                       stroke_width=fc.stroke, stroke_fill=fill)
        return self.draw.textbbox((x, baseline), text, font=font, anchor="ls", stroke_width=fc.stroke)

    def centered(self, cx: float, baseline: float, text: str, fc: Face, ink=None) -> Box | None:
        return self.text(cx - self.width_of(text, fc) / 2, baseline, text, fc, ink)

    def value(self, x: float, baseline: float, text: str, role: str = "value", scale: float = 1.0) -> Box | None:
        """Draw a filled-in value: typed (a face) or handwriting-like (word by word, wandering)."""
        fc = self.value_face(role, scale)
        if self._hand is None or role == "plain":
            return self.text(x, baseline, text, fc, self.value_ink)
        return self._handwrite(x, baseline, text, fc)

    def value_width(self, text: str, role: str = "value", scale: float = 1.0) -> float:
        fc = self.value_face(role, scale)
        width = self.width_of(text, fc)
        return width * 1.06 if self._hand is not None else width

    def _handwrite(self, x: float, baseline: float, text: str, fc: Face) -> Box | None:
        font = fc.font()
        rng = self.rng
        box: Box | None = None
        drift = rng.uniform(-0.04, 0.04) * fc.size
        space = font.getlength(" ")
        for word in text.split(" "):
            if not word:
                continue
            width = font.getlength(word)
            ascent, descent = font.getmetrics()
            pad = int(fc.size * 0.4)
            mask = Image.new("L", (int(width) + 2 * pad, ascent + descent + 2 * pad), 0)
            ImageDraw.Draw(mask).text((pad, pad + ascent), word, font=font, fill=255, anchor="ls")
            angle = rng.uniform(-2.5, 2.5)
            mask = mask.rotate(angle, resample=Image.BILINEAR, expand=True)
            dy = drift + rng.uniform(-0.06, 0.06) * fc.size
            left = int(round(x - pad - (mask.width - (int(width) + 2 * pad)) / 2))
            top = int(round(baseline + dy - ascent - pad - (mask.height - (ascent + descent + 2 * pad)) / 2))
            self.image.paste(self.value_ink, (left, top), mask)
            inked = mask.getbbox()
            if inked:
                box = union(box, (left + inked[0], top + inked[1], left + inked[2], top + inked[3]))
            x += width + space * rng.uniform(0.9, 1.5)
            drift += rng.uniform(-0.03, 0.03) * fc.size
        return box

    # ----------------------------------------------------------------- lines
    def hline(self, x0: float, x1: float, y: float, width: int | None = None, ink=None) -> None:
        self.draw.line((x0, y, x1, y), fill=ink or self.rule_ink, width=width or max(1, self.dpi // 150))

    def vline(self, x: float, y0: float, y1: float, width: int | None = None, ink=None) -> None:
        self.draw.line((x, y0, x, y1), fill=ink or self.rule_ink, width=width or max(1, self.dpi // 150))

    def rect(self, box: Box, width: int | None = None, ink=None) -> None:
        self.draw.rectangle(box, outline=ink or self.rule_ink, width=width or max(1, self.dpi // 150))

    def dots(self, x0: float, x1: float, baseline: float) -> None:
        """A dotted leader on the baseline, as printed forms have."""
        step = max(3.0, self.size * 0.22)
        radius = max(1, round(self.size * 0.035))
        x = x0 + step / 2
        ink = tuple(min(255, c + 40) for c in self.ink)
        while x < x1:
            self.draw.rectangle((x - radius, baseline - radius, x + radius, baseline + radius), fill=ink)
            x += step

    def leader(self, x0: float, x1: float, baseline: float, kind: str) -> None:
        if x1 - x0 < self.size * 0.6:
            return
        if kind in ("dots", "dots_through"):
            self.dots(x0, x1, baseline)
        elif kind == "underline":
            y = baseline + self.size * 0.18
            self.hline(x0, x1, y, max(1, self.dpi // 200), ink=tuple(min(255, c + 60) for c in self.ink))
        elif kind == "dashes":
            y = baseline + self.size * 0.18
            dash, gap = self.size * 0.35, self.size * 0.2
            x = x0
            while x < x1:
                self.hline(x, min(x1, x + dash), y, max(1, self.dpi // 200))
                x += dash + gap

    def mark(self, record: int, key: str, box: Box | None) -> None:
        """Record that ``box`` holds (part of) the value of ``key`` in ``record``."""
        if box is None:
            return
        fields = self.boxes.setdefault(record, {})
        fields[key] = union(fields.get(key), box)

    def checkbox(self, x: float, baseline: float, ticked: bool) -> float:
        """A small box on the baseline, ticked by hand when ``ticked``; returns its right edge."""
        side = self.size * 0.75
        top = baseline - side
        self.rect((int(x), int(top), int(x + side), int(baseline)), max(1, self.dpi // 150), ink=self.ink)
        if ticked:
            ink = INKS["ballpoint_blue"] if self.rng.random() < 0.6 else INKS["ballpoint_black"]
            width = max(2, self.dpi // 100)
            if self.rng.random() < 0.6:
                points = [(x + side * 0.15, top + side * 0.55), (x + side * 0.42, top + side * 0.9),
                          (x + side * 1.1, top - side * 0.25)]
                self.draw.line(points, fill=ink, width=width, joint="curve")
            else:
                self.draw.line((x + side * 0.1, top + side * 0.1, x + side * 0.9, top + side * 0.9), fill=ink,
                               width=width)
                self.draw.line((x + side * 0.9, top + side * 0.1, x + side * 0.1, top + side * 0.9), fill=ink,
                               width=width)
        return x + side

    def signature(self, cx: float, cy: float, width: float) -> None:
        """A scribbled signature: a few smooth random strokes."""
        rng = self.rng
        ink = INKS["ballpoint_blue"] if rng.random() < 0.7 else INKS["ballpoint_black"]
        strokes = rng.randint(1, 3)
        height = width * 0.35
        for _ in range(strokes):
            points = []
            phase = rng.uniform(0, math.tau)
            loops = rng.uniform(2.0, 5.0)
            x_start = cx - width / 2 + rng.uniform(0, width * 0.2)
            x_end = cx + width / 2 - rng.uniform(0, width * 0.3)
            for step in range(60):
                t = step / 59
                px = x_start + (x_end - x_start) * t + math.sin(t * loops * math.tau + phase) * width * 0.06
                py = cy + math.sin(t * loops * math.pi + phase) * height * 0.5 * (1 - 0.5 * t) \
                    - t * height * rng.uniform(0.2, 0.4)
                points.append((px, py))
            self.draw.line(points, fill=ink, width=max(2, self.dpi // 110), joint="curve")


class Flow:
    """Rows of caption/value groups between ``x0`` and ``x1``, from ``y`` down."""

    def __init__(self, sheet: Sheet, x0: float, x1: float, y: float, record: int = 0,
                 spacing: float | None = None) -> None:
        self.sheet = sheet
        self.x0 = x0
        self.x1 = x1
        self.y = y
        self.record = record
        self.spacing = spacing or sheet.style.line_spacing

    @property
    def line_height(self) -> float:
        return self.sheet.size * self.spacing

    @property
    def baseline(self) -> float:
        return self.y + self.sheet.size * 1.0

    def skip(self, lines: float = 1.0) -> None:
        self.y += self.line_height * lines

    # ----------------------------------------------------------------- rows
    def _label_width(self, item: Item, fc: Face) -> float:
        return self.sheet.width_of(item.label, fc) if item.label else 0.0

    def _natural(self, item: Item, fc: Face) -> float:
        sheet = self.sheet
        gap = sheet.size * 0.35
        if item.role == "pid":
            value = self._pid_width(item.text)
        else:
            value = sheet.value_width(item.text, item.role) if item.text else sheet.size * 3
        leaders = sheet.size * 1.2 if sheet.style.leader != "blank" else 0
        return self._label_width(item, fc) + gap + value + leaders

    def row(self, items: list[Item], *, mode: str | None = None) -> None:
        """Lay out one printed row (or several, when the groups do not fit on one line)."""
        sheet = self.sheet
        items = [item for item in items if item is not None]
        if not items:
            return
        fc = sheet.label_face()
        mode = mode or sheet.style.multi_field
        if len(items) == 1:
            self._single(items[0], fc)
            return
        if mode == "separate":
            for item in items:
                self._single(item, fc)
            return
        width = self.x1 - self.x0
        naturals = [self._natural(item, fc) for item in items]
        starts: list[float] | None = None
        if mode == "aligned":
            slot = width / len(items)
            if all(n <= slot * 0.97 for n in naturals[:-1]) and naturals[-1] <= slot * 0.97:
                starts = [self.x0 + slot * i for i in range(len(items))]
        if starts is None:
            gap = sheet.size * 1.2
            total = sum(naturals[:-1]) + gap * (len(items) - 1)
            last_min = self._label_width(items[-1], fc) + sheet.size * 4
            if total + last_min <= width:
                starts, x = [], self.x0
                for natural in naturals:
                    starts.append(x)
                    x += natural + gap
        if starts is None:
            for item in items:
                self._single(item, fc)
            return
        ends = [start - sheet.size * 0.6 for start in starts[1:]] + [self.x1]
        lines = 1
        for index, item in enumerate(items):
            last = index == len(items) - 1
            lines = max(lines, self._group(item, fc, starts[index], ends[index], wrap=last))
        self.y += self.line_height * lines

    def _single(self, item: Item, fc: Face) -> None:
        lines = self._group(item, fc, self.x0, self.x1, wrap=True, tab=self.sheet.style.placement == "tab")
        self.y += self.line_height * lines

    def _group(self, item: Item, fc: Face, start: float, end: float, *, wrap: bool, tab: bool = False) -> int:
        """Draw one group from ``start``; return how many lines it took."""
        sheet = self.sheet
        style = sheet.style
        baseline = self.baseline
        x = start
        label_lines = 0
        words = item.text.split(" ") if item.text else []
        if item.label:
            label_width = sheet.width_of(item.label, fc)
            first_word = sheet.value_width(words[0], item.role) if words else sheet.size * 2
            if wrap and label_width + first_word + sheet.size * 0.5 > end - start:
                # A caption too long for a narrow cell: caption lines first, the value below.
                for line in _wrap(item.label.split(" "), lambda s: sheet.width_of(s, fc), end - start, end - start):
                    sheet.text(start, baseline + label_lines * self.line_height, line, fc)
                    label_lines += 1
                baseline += label_lines * self.line_height
            else:
                box = sheet.text(x, baseline, item.label, fc)
                x = box[2] if box else x + label_width
        value_x = x + sheet.size * 0.35 if not label_lines and item.label else x
        if tab:
            value_x = max(value_x, self.x0 + style.tab_fraction * (self.x1 - self.x0))
        record = self.record if item.record is None else item.record
        if item.role == "pid":
            return label_lines + self._pid(item, record, value_x, end, baseline)
        continuation_x = value_x if tab or not wrap else self.x0
        lines = _wrap(words, lambda s: sheet.value_width(s, item.role), end - value_x,
                      self.x1 - continuation_x) if wrap else [" ".join(words)]
        if not lines:
            lines = [""]
        leader = style.leader if item.text or item.role != "plain" else "blank"
        for number, line in enumerate(lines):
            line_x = value_x if number == 0 else continuation_x
            line_end = end if number == 0 else self.x1
            line_base = baseline + number * self.line_height
            if leader in ("dots_through", "underline", "dashes"):
                sheet.leader(line_x - sheet.size * 0.2, line_end, line_base, leader)
            box = sheet.value(line_x, line_base, line, item.role) if line else None
            if item.key:
                sheet.mark(record, item.key, box)
            if leader == "dots":
                after = (box[2] if box else line_x) + sheet.size * 0.3
                sheet.leader(after if line else line_x, line_end, line_base, "dots")
        return label_lines + len(lines)

    # ----------------------------------------------------------------- personal ID
    def _pid_width(self, text: str) -> float:
        sheet = self.sheet
        if sheet.style.pid_style == "boxes":
            return sheet.size * 0.95 * 12
        if sheet.style.pid_style == "spaced":
            return sheet.value_width(" ".join(text or "0" * 12))
        return sheet.value_width(text or "0" * 12)

    def _pid(self, item: Item, record: int, x: float, end: float, baseline: float) -> int:
        sheet = self.sheet
        style = sheet.style.pid_style
        if style == "boxes":
            cell = sheet.size * 0.95
            top = baseline - sheet.size * 0.95
            box: Box | None = None
            for index in range(12):
                left = x + index * cell
                sheet.rect((int(left), int(top), int(left + cell), int(baseline + sheet.size * 0.22)),
                           max(1, sheet.dpi // 200), ink=sheet.ink)
                if item.text:
                    digit = item.text[index]
                    width = sheet.value_width(digit)
                    box = union(box, sheet.value(left + (cell - width) / 2, baseline, digit))
            if item.key:
                sheet.mark(record, item.key, box)
            return 1
        text = " ".join(item.text) if style == "spaced" and item.text else item.text
        if sheet.style.leader in ("dots_through", "underline", "dashes"):
            sheet.leader(x - sheet.size * 0.2, end, baseline, sheet.style.leader)
        box = sheet.value(x, baseline, text) if text else None
        if item.key:
            sheet.mark(record, item.key, box)
        if sheet.style.leader == "dots":
            sheet.leader((box[2] if box else x) + sheet.size * 0.3, end, baseline, "dots")
        return 1


def _wrap(words: list[str], measure, first: float, rest: float) -> list[str]:
    """Greedy wrapping of words into lines of width ``first`` then ``rest``."""
    lines: list[str] = []
    current: list[str] = []
    limit = first
    for word in words:
        candidate = " ".join(current + [word])
        if current and measure(candidate) > limit:
            lines.append(" ".join(current))
            current = [word]
            limit = rest
        else:
            current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines
