"""Page styles: fonts and layout options drawn per page from ``data/styles.json``.

The data file holds every option with a weight, and the options kept for
``--holdout``; this module only draws from it and opens fonts.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from pathlib import Path

from PIL import ImageFont

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def styles_data() -> dict:
    """The parsed ``data/styles.json``."""
    return json.loads((DATA_DIR / "styles.json").read_text(encoding="utf-8"))


@cache
def lexicon() -> dict:
    """The parsed ``data/lexicon.json``."""
    return json.loads((DATA_DIR / "lexicon.json").read_text(encoding="utf-8"))


def font_file(relative: str) -> Path | None:
    """The absolute path of a font file named relative to one of the font folders, or None."""
    for folder in styles_data()["font_dirs"]:
        path = Path(folder) / relative
        if path.is_file():
            return path
    return None


@cache
def available_families(holdout: bool) -> tuple[str, ...]:
    """Families whose regular face is installed, of the training set or of the held-out set."""
    names = []
    for name, family in styles_data()["families"].items():
        if bool(family.get("holdout", False)) == holdout and font_file(family["regular"]) is not None:
            names.append(name)
    return tuple(names)


def missing_fonts() -> list[str]:
    """Font files named in the style data but not installed (with the Debian package to install)."""
    missing = []
    for name, family in styles_data()["families"].items():
        for face in ("regular", "bold", "italic", "bold_italic"):
            relative = family.get(face)
            if relative and font_file(relative) is None:
                missing.append(f"{name}/{face}: {relative} ({family.get('debian', '?')})")
    return missing


@dataclass(frozen=True)
class Face:
    """A font file at a size, with a stroke to fake bold where the family has no bold."""

    path: str
    size: int
    stroke: int = 0

    def font(self) -> ImageFont.FreeTypeFont:
        return _open(self.path, self.size)


@lru_cache(maxsize=512)
def _open(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def face(family: str, variant: str, size: int) -> Face:
    """A face of ``family`` (``regular``, ``bold``, ``italic``, ``bold_italic``) at ``size`` pixels."""
    entry = styles_data()["families"][family]
    relative = entry.get(variant)
    stroke = 0
    if not relative or font_file(relative) is None:
        base = "italic" if "italic" in variant else "regular"
        relative = entry.get(base) or entry["regular"]
        if font_file(relative) is None:
            relative = entry["regular"]
        if "bold" in variant:
            stroke = max(1, round(size / 45))
    path = font_file(relative)
    if path is None:
        raise FileNotFoundError(f"font of family {family} not installed ({entry.get('debian', '?')})")
    return Face(str(path), max(6, int(size)), stroke)


def _pick(rng: random.Random, options: list) -> str:
    values = [value for value, _ in options]
    weights = [weight for _, weight in options]
    return rng.choices(values, weights=weights)[0]


def option(rng: random.Random, name: str, holdout: bool = False) -> str:
    """Draw one layout option; under ``holdout`` a held-out value when the option has one (most often)."""
    entry = styles_data()["options"][name]
    if holdout and entry.get("holdout") and rng.random() < 0.7:
        return _pick(rng, entry["holdout"])
    return _pick(rng, entry["train"])


def span(rng: random.Random, name: str) -> float:
    """Draw a number uniformly from one of the ``ranges``."""
    low, high = styles_data()["ranges"][name]
    return rng.uniform(low, high)


def pick_family(rng: random.Random, holdout: bool, kinds: tuple[str, ...] = ("serif", "sans"),
                exclude: str = "") -> str:
    """A font family of the given kinds, weighted, from the training or the held-out set."""
    families = styles_data()["families"]
    names = [name for name in available_families(holdout)
             if families[name]["kind"] in kinds and name != exclude]
    if not names:
        names = [name for name in available_families(False) if families[name]["kind"] in kinds] or \
            list(available_families(False))
    return rng.choices(names, weights=[families[name].get("weight", 1) for name in names])[0]


def pick_handwriting(rng: random.Random, holdout: bool) -> tuple[str, str]:
    """The (family, variant) of the face behind handwriting-like values."""
    entries = styles_data()["handwriting_fonts"]["holdout" if holdout else "train"]
    usable = [(family, variant, weight) for family, variant, weight in entries
              if family in styles_data()["families"]
              and font_file(styles_data()["families"][family]["regular"]) is not None]
    if not usable:
        usable = [("dejavu_serif", "italic", 1)]
    family, variant, _ = rng.choices(usable, weights=[weight for *_, weight in usable])[0]
    return family, variant


INKS = {
    "black": (18, 18, 20),
    "dark_gray": (52, 52, 56),
    "blue_black": (22, 28, 64),
    "ballpoint_blue": (28, 46, 150),
    "ballpoint_black": (30, 30, 42),
    "typewriter": (38, 36, 40),
}
RULES = {"black": (30, 30, 30), "gray": (120, 120, 120), "blue": (70, 90, 150)}


@dataclass(frozen=True)
class PageStyle:
    """Every typographic and layout choice of one page (recorded in the ground truth)."""

    holdout: bool
    label_family: str
    value_family: str
    value_source: str          # same | other | typewriter | handwriting
    value_variant: str         # regular | bold | italic (handwriting faces are italic)
    label_variant: str         # regular | bold | italic
    name_variant: str          # the main name's weight
    size_pt: float
    line_spacing: float
    leader: str
    colon: str
    placement: str             # flow | tab
    tab_fraction: float
    multi_field: str           # aligned | packed | separate
    header: str
    border: str
    words_placement: str
    pid_position: str
    pid_style: str
    parent_order: str
    layout: str                # lines | boxed | table | sections | side_by_side | blocks | columns | transposed
    name_case: str             # upper | title (registers and parents)
    parent_name_case: str
    ink: str
    value_ink: str
    rule_color: str
    title_case: str
    issue_date_style: str
    margin_left_cm: float
    margin_right_cm: float
    margin_top_cm: float
    title_scale: float
    caption_seed: int          # which caption spellings this page uses

    def describe(self) -> dict:
        """The style as plain JSON values."""
        return asdict(self)

    @property
    def name(self) -> str:
        """A short name of the style for reports ("tinos/handwriting/blocks")."""
        return f"{self.label_family}/{self.value_source}:{self.value_family}/{self.layout}"


def draw_style(rng: random.Random, *, layout_kind: str, document_type: str, holdout: bool) -> PageStyle:
    """Draw a page style for a certificate or a register page of one record type."""
    label_family = pick_family(rng, holdout)
    register = layout_kind == "register"
    source = option(rng, "register_value_source" if register else "value_source", holdout)
    value_variant = option(rng, "value_weight", holdout)
    if source == "same":
        value_family = label_family
    elif source == "other":
        value_family = pick_family(rng, holdout, exclude=label_family)
    elif source == "typewriter":
        value_family = pick_family(rng, holdout, kinds=("mono",))
        value_variant = "regular"
    else:
        value_family, value_variant = pick_handwriting(rng, holdout)
    if register:
        layout = option(rng, "register_layout", holdout)
    elif document_type == "marriage":
        layout = option(rng, "marriage_layout", holdout)
    else:
        layout = option(rng, "certificate_layout", holdout)
    size = span(rng, "register_size_pt" if register else "size_pt")
    if layout == "columns":
        size = min(size, rng.uniform(8.5, 10.5))
    ink = option(rng, "ink", holdout)
    if source == "handwriting":
        value_ink = rng.choices(("ballpoint_blue", "ballpoint_black"), weights=(3, 1))[0]
    elif source == "typewriter":
        value_ink = "typewriter"
    else:
        value_ink = ink if rng.random() < 0.8 else "black"
    return PageStyle(
        holdout=holdout,
        label_family=label_family,
        value_family=value_family,
        value_source=source,
        value_variant=value_variant,
        label_variant=option(rng, "label_weight", holdout),
        name_variant=option(rng, "name_weight", holdout),
        size_pt=round(size, 2),
        line_spacing=round(span(rng, "line_spacing") * (0.85 if register else 1.0), 3),
        leader=option(rng, "leader", holdout),
        colon=option(rng, "colon", holdout),
        placement=option(rng, "placement", holdout),
        tab_fraction=round(span(rng, "tab_fraction"), 3),
        multi_field=option(rng, "multi_field", holdout),
        header=option(rng, "header", holdout),
        border=option(rng, "border", holdout) if not register else "none",
        words_placement=option(rng, "words_placement", holdout),
        pid_position=option(rng, "pid_position", holdout),
        pid_style=option(rng, "pid_style", holdout),
        parent_order=option(rng, "parent_order", holdout),
        layout=layout,
        name_case=option(rng, "register_name_case", holdout) if register else "upper",
        parent_name_case=option(rng, "parent_name_case", holdout),
        ink=ink,
        value_ink=value_ink,
        rule_color=option(rng, "rule_color", holdout),
        title_case=option(rng, "title_case", holdout),
        issue_date_style=option(rng, "issue_date_style", holdout),
        margin_left_cm=round(span(rng, "margin_left_cm"), 2),
        margin_right_cm=round(span(rng, "margin_right_cm"), 2),
        margin_top_cm=round(span(rng, "margin_top_cm"), 2),
        title_scale=round(span(rng, "title_scale"), 2),
        caption_seed=rng.randrange(1_000_000),
    )
