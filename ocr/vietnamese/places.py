"""Place strings checked against Viet Nam's administrative units, old (pre-2025) and new (2025).

A register's place is kept as written (fields.md); this module says which
units it names (province, district, commune before the 2025 reform; province
and commune after it; a few older provinces such as Hà Tây from
``resources/lexicons/historic_admin_units.json``), how plausible it is, and,
when OCR damaged a unit name or a unit word, the corrected spelling as a
suggestion (``tinh Nghe An`` → ``tỉnh Nghệ An``).

The units come from the ``vietnamadminunits`` package (MIT), which holds
both the 63-province (legacy) and the 34-province (2025) tables in its
SQLite data set, with former names as aliases. Its own ``parse_address``
matches keywords as substrings of the text with spaces and diacritics
removed, which is fast but can neither correct a damaged name nor tell
``Thanh Nam`` from ``HN``; so this module reads the package's tables
directly (without importing its parsers, which load shapely and geopy) and
matches whole words: exact spelling, then the same letters without
diacritics, then one or two edits within the units the rest of the string
allows. The tables load on first use (about 0.1 s) and stay cached.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from inspector.errors import MissingDependencyError
from ocr.vietnamese.lexicons import load_lexicon
from ocr.vietnamese.syllables import is_syllable
from ocr.vietnamese.text import (
    clean_spaces,
    equivalence_key,
    folded_compact_key,
    match_case,
    strip_diacritics,
)

LEVELS = ("province", "district", "ward")
LEGACY, CURRENT, HISTORIC = "legacy", "2025", "historic"

# Quality of a name match.
EXACT, ALIAS, FOLDED, FUZZY = 1.0, 0.95, 0.85, 0.6


@dataclass(frozen=True)
class AdminUnit:
    """One administrative unit of one era."""

    era: str
    level: str
    kind: str          # Tỉnh, Thành phố, Huyện, Quận, Thị xã, Xã, Phường, Thị trấn, Đặc khu
    name: str          # short name as the reference spells it ("Nghệ An", "1" for Phường 1)
    code: str
    province: str      # code of its province (itself for a province)
    district: str = ""  # code of its district (legacy wards)
    successors: tuple[str, ...] = ()  # historic provinces: the legacy provinces that took over

    @property
    def full_name(self) -> str:
        """Kind and name: ``Tỉnh Nghệ An``."""
        return f"{self.kind} {self.name}"


@dataclass(frozen=True)
class UnitMatch:
    """A unit a place string names, how well the text matched it, and where."""

    unit: AdminUnit
    quality: float
    start: int = 0
    end: int = 0
    how: str = "exact"  # exact, alias, folded, fuzzy
    alternatives: int = 0  # other units the same words could name (a "Tân Phú" with no province given)


@dataclass(frozen=True)
class PlaceCheck:
    """What a place string names and how plausible it is.

    ``legacy``, ``current`` and ``historic`` list the units named (province
    first) in each era; ``era`` is ``legacy``, ``2025``, ``both``,
    ``historic`` or ``unknown``. ``suggestion`` is the text with damaged unit
    names and unit words corrected (``""`` when there is nothing to correct);
    the value stays as printed. ``issues``: ``place_spelling``,
    ``place_inconsistent``, ``place_unknown_unit``, ``place_not_recognised``,
    ``place_cut_short`` (the string ends inside a unit's name), ``malformed_word``.
    """

    value: str
    legacy: tuple[UnitMatch, ...] = ()
    current: tuple[UnitMatch, ...] = ()
    historic: tuple[UnitMatch, ...] = ()
    era: str = "unknown"
    plausibility: float = 1.0
    suggestion: str = ""
    issues: tuple[str, ...] = ()

    @property
    def needs_review(self) -> bool:
        """Whether the officer should look at this place."""
        return bool(self.issues)

    def names(self, era: str | None = None) -> tuple[str, ...]:
        """Full names of the units named (in ``era``, or the era decided)."""
        chosen = {LEGACY: self.legacy, CURRENT: self.current, HISTORIC: self.historic}.get(
            era or (LEGACY if self.era == "both" else self.era), ())
        return tuple(match.unit.full_name for match in chosen)


# --------------------------------------------------------------------------- reference data

def _dataset_path() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise MissingDependencyError(
            "Thiếu gói dữ liệu đơn vị hành chính (vietnamadminunits).",
            "the vietnamadminunits package is not installed",
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "dataset.db"
    if not path.is_file():
        raise MissingDependencyError("Gói dữ liệu đơn vị hành chính bị thiếu tệp dữ liệu.",
                                     f"vietnamadminunits data set missing at {path}")
    return path


def _rows(sql: str) -> list[sqlite3.Row]:
    connection = sqlite3.connect(f"file:{_dataset_path()}?mode=ro", uri=True)
    try:
        connection.row_factory = sqlite3.Row
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def _short(full: str, kind: str, short: str) -> str:
    """A unit's name without its kind: ``Hồng Ngự`` for ``Huyện Hồng Ngự``. The data set tells two
    units of one province or district that share a name apart by their kind in brackets ("Hồng Ngự
    (Huyện)", "Hồng Ngự (Thành phố)"); no page prints that, and the kind already tells them apart."""
    name = short if short and short != full else full[len(kind):].strip() if full.startswith(kind) else full
    bracketed = re.fullmatch(r"(.+?)\s*\(([^()]*)\)", name)
    if bracketed is not None and equivalence_key(bracketed.group(2)) == equivalence_key(kind):
        return bracketed.group(1)
    return name


def _aliases(raw: str | None) -> list[str]:
    try:
        return [str(item) for item in json.loads(raw)] if raw else []
    except ValueError:
        return []


class Reference:
    """The units of every era, indexed by folded name (and former names) per level."""

    def __init__(self, units: Iterable[AdminUnit], aliases: Iterable[tuple[str, AdminUnit]]) -> None:
        self.units = tuple(units)
        self.by_key: dict[tuple[str, str, str], list[AdminUnit]] = {}
        self.by_alias: dict[tuple[str, str, str], list[AdminUnit]] = {}
        self.by_code: dict[tuple[str, str, str], AdminUnit] = {}
        for unit in self.units:
            self.by_key.setdefault((unit.era, unit.level, name_key(unit.name)), []).append(unit)
            self.by_code[(unit.era, unit.level, unit.code)] = unit
        for key, unit in aliases:
            bucket = self.by_alias.setdefault((unit.era, unit.level, key), [])
            if unit not in bucket:
                bucket.append(unit)
        self._fuzzy_keys: dict[tuple[str, str], list[str]] = {}
        self._province_keys: dict[tuple[str, str, str], list[str]] = {}
        self._name_starts: set[tuple[str, str]] | None = None
        for (era, level, key), units in self.by_key.items():
            self._fuzzy_keys.setdefault((era, level), []).append(key)
            for province in dict.fromkeys(unit.province for unit in units):
                self._province_keys.setdefault((era, level, province), []).append(key)

    def keys(self, era: str, level: str) -> list[str]:
        """Every folded name of one era and level (for fuzzy matching)."""
        return self._fuzzy_keys.get((era, level), [])

    def keys_in_provinces(self, era: str, level: str, provinces: Iterable[str]) -> list[str]:
        """The folded names of one era and level that some unit of these provinces bears."""
        found: dict[str, None] = {}
        for province in provinces:
            found.update(dict.fromkeys(self._province_keys.get((era, level, province), ())))
        return list(found)

    def bearing_key(self, level: str, key: str) -> list[AdminUnit]:
        """The units of ``level``, of every era, whose folded name is ``key``."""
        return [unit for era in (LEGACY, CURRENT, HISTORIC) for unit in self.by_key.get((era, level, key), ())]

    def starts_a_name(self, level: str, key: str) -> bool:
        """Whether ``key`` is the folded compact key of the first words, not all, of some unit's name."""
        if self._name_starts is None:
            starts: set[tuple[str, str]] = set()
            for unit in self.units:
                words = unit.name.split()
                for size in range(1, len(words)):
                    starts.add((unit.level, name_key(" ".join(words[:size]))))
            self._name_starts = starts
        return (level, key) in self._name_starts


@cache
def unit_name_words() -> frozenset[str]:
    """The words (casefolded, apostrophes as "'") of the reference's unit names that are no
    Vietnamese syllable: the minority-language words place names are written with (Krông, Plei,
    Hring, M'gar). Single letters and Roman numerals do not count."""
    # Each distinct word once: fourteen thousand names repeat a few thousand words.
    pieces = {piece for unit in reference().units for piece in UNIT_WORD.findall(unit.name)}
    return frozenset(unicodedata.normalize("NFC", piece.casefold().replace("’", "'")) for piece in pieces
                     if len(piece) >= 2 and not re.fullmatch(r"[IVX]+", piece) and not is_syllable(piece))


@cache
def _province_names() -> re.Pattern[str]:
    """Every province's name, of every era, as whole words (longest first: "Bà Rịa - Vũng Tàu")."""
    names = {unicodedata.normalize("NFC", unit.name) for unit in reference().units if unit.level == "province"}
    alternatives = "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?i)(?<!\w)(?:{alternatives})(?!\w)")


def province_end(text: str) -> int | None:
    """Where the last province name ``text`` holds ends (an address ends with its province), or
    ``None`` when it names none."""
    ends = [match.end() for match in _province_names().finditer(unicodedata.normalize("NFC", text))]
    return ends[-1] if ends else None


#: A word of a place's name, an apostrophe inside it (M'gar, H'Leo).
UNIT_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def name_key(name: str) -> str:
    """Folded compact key of a unit name; numbers without leading zeros (``Phường 03`` = ``Phường 3``)."""
    key = folded_compact_key(name)
    return str(int(key)) if key.isdigit() else key


def _add_unit(units: dict[tuple[str, str, str], AdminUnit], aliases: list[tuple[str, AdminUnit]],
              fields: tuple[str, ...], alias_json: str | None) -> None:
    """Add ``AdminUnit(*fields)`` and its aliases unless its era, level and code are already in: the data
    set repeats a province and a district on every row of their wards (ten thousand rows), and making
    the unit and parsing its aliases once each is most of what loading the reference costs."""
    key = (fields[0], fields[1], fields[4])
    if key not in units:
        unit = units[key] = AdminUnit(*fields)
        aliases += [(alias, unit) for alias in _aliases(alias_json)]


def _province_kind(full_name: str) -> str:
    return "Thành phố" if full_name.startswith("Thành phố") else "Tỉnh"


@cache
def reference() -> Reference:
    """The reference units (loaded on first use, then cached)."""
    units: dict[tuple[str, str, str], AdminUnit] = {}
    aliases: list[tuple[str, AdminUnit]] = []
    for row in _rows("SELECT province, provinceShort, provinceCode, provinceAlias, district, districtShort, "
                     "districtType, districtCode, districtAlias, ward, wardShort, wardType, wardCode, wardAlias "
                     "FROM admin_units_legacy"):
        _add_unit(units, aliases, (LEGACY, "province", _province_kind(row["province"]), row["provinceShort"],
                                   row["provinceCode"], row["provinceCode"]), row["provinceAlias"])
        if row["district"]:
            _add_unit(units, aliases, (LEGACY, "district", row["districtType"],
                                       _short(row["district"], row["districtType"], row["districtShort"]),
                                       row["districtCode"], row["provinceCode"]), row["districtAlias"])
        if row["ward"]:
            _add_unit(units, aliases, (LEGACY, "ward", row["wardType"],
                                       _short(row["ward"], row["wardType"], row["wardShort"]),
                                       row["wardCode"], row["provinceCode"], row["districtCode"] or ""),
                      row["wardAlias"])
    for row in _rows("SELECT province, provinceShort, provinceCode, provinceAlias, ward, wardShort, wardType, "
                     "wardCode, wardAlias FROM admin_units"):
        _add_unit(units, aliases, (CURRENT, "province", _province_kind(row["province"]), row["provinceShort"],
                                   row["provinceCode"], row["provinceCode"]), row["provinceAlias"])
        _add_unit(units, aliases, (CURRENT, "ward", row["wardType"],
                                   _short(row["ward"], row["wardType"], row["wardShort"]),
                                   row["wardCode"], row["provinceCode"]), row["wardAlias"])
    historic = load_lexicon("historic_admin_units")
    for index, item in enumerate(historic["provinces"]):
        code = f"H{index:02d}"
        units[(HISTORIC, "province", code)] = AdminUnit(HISTORIC, "province", item["kind"], item["name"], code,
                                                        code, successors=tuple(item["successors"]))
    for item in historic["province_spellings"]:
        unit = units.get((LEGACY, "province", item["code"]))
        if unit is not None:
            aliases.append((name_key(item["name"]), unit))
    for index, item in enumerate(historic["districts"]):
        code = f"HD{index:02d}"
        units[(HISTORIC, "district", code)] = AdminUnit(HISTORIC, "district", item["kind"], item["name"], code,
                                                        item["province"])
    # Aliases of the package are folded keys with and without the kind ("huyenthongnong", "thongnong");
    # only the bare names are compared with a name span.
    kinds = ("tinh", "thanhpho", "huyen", "quan", "thixa", "xa", "phuong", "thitran", "dackhu")
    bare = [(key, unit) for key, unit in aliases if not key.startswith(kinds) or name_key(unit.name).startswith(kinds)]
    return Reference(units.values(), bare)


# --------------------------------------------------------------------------- reading the string

@dataclass(frozen=True)
class _Keyword:
    words: tuple[str, ...]      # folded words
    levels: tuple[str, ...]     # "sub" for hamlet-level words
    kind: str                   # canonical spelling, lower case
    long: bool = False          # safe to recognise without diacritics in the middle of a segment


_KEYWORDS = (
    _Keyword(("thanh", "pho"), ("province", "district"), "thành phố", True),
    _Keyword(("thi", "xa"), ("district",), "thị xã", True),
    _Keyword(("thi", "tran"), ("ward",), "thị trấn", True),
    _Keyword(("dac", "khu"), ("ward",), "đặc khu", True),
    _Keyword(("to", "dan", "pho"), ("sub",), "tổ dân phố"),
    _Keyword(("khu", "pho"), ("sub",), "khu phố"),
    _Keyword(("so", "nha"), ("sub",), "số nhà"),
    _Keyword(("tinh",), ("province",), "tỉnh", True),
    _Keyword(("tp",), ("province", "district"), "TP"),
    _Keyword(("huyen",), ("district",), "huyện", True),
    _Keyword(("quan",), ("district",), "quận", True),
    _Keyword(("tx",), ("district",), "TX"),
    _Keyword(("xa",), ("ward",), "xã"),
    _Keyword(("phuong",), ("ward",), "phường", True),
    _Keyword(("tt",), ("ward",), "TT"),
    *(_Keyword((folded,), ("sub",), kind) for folded, kind in (
        ("thon", "thôn"), ("xom", "xóm"), ("ap", "ấp"), ("ban", "bản"), ("buon", "buôn"), ("lang", "làng"),
        ("to", "tổ"), ("khoi", "khối"), ("khu", "khu"), ("duong", "đường"), ("pho", "phố"), ("ngo", "ngõ"),
        ("ngach", "ngách"), ("hem", "hẻm"), ("kiet", "kiệt"), ("soc", "sóc"), ("plei", "plei"), ("bon", "bon"),
        ("tdp", "TDP"), ("kp", "KP"), ("so", "số"), ("cum", "cụm"), ("khom", "khóm"), ("doi", "đội"),
        ("lo", "lô"))),
)
# One-letter abbreviations, recognised only with a full stop ("P. 3", "Q.1") or glued to a number ("P3").
_ABBREVIATIONS = {"p": (("ward",), "phường"), "x": (("ward",), "xã"), "q": (("district",), "quận"),
                  "h": (("district",), "huyện"), "t": (("province",), "tỉnh"), "f": (("ward",), "phường")}
# Hamlets of minority villages, whose names are not quốc ngữ syllables (Buôn Ko Tam, Plei Ơi): not spell-checked.
_MINORITY_HAMLETS = frozenset({"buôn", "plei", "bon", "sóc", "bản", "làng"})
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)?\.?|[,;]")


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int

    @property
    def folded(self) -> str:
        return strip_diacritics(self.text.rstrip(".")).casefold()


@dataclass(frozen=True)
class _Part:
    """A keyword (or none) and the name words after it."""

    levels: tuple[str, ...]
    kind: str
    keyword: tuple[_Word, ...]
    words: tuple[_Word, ...]
    keyword_exact: bool = True

    @property
    def sub(self) -> bool:
        return self.levels == ("sub",)


def _misread_keyword(words: list[_Word], index: int) -> _Keyword | None:
    """A unit word OCR got one letter of wrong opening a segment ("buyện Hòa Vang", "0hường 1"): a
    word of four letters or more, one letter off a unit word, before a known unit of that word's level
    that does not name a unit with it ("Tuyên Quang" stays a province)."""
    word, rest = words[index], words[index + 1:]
    if not rest:
        return None
    if word.folded in ("xo", "xe", "xu") or (word.folded == "xa" and word.text.rstrip(".").casefold() != "xã"):
        # "xã" as some faces read it: "xõ", "xố", "xỗ", "xô", "xạ" (its tilde taken for another mark)
        near = [keyword for keyword in _KEYWORDS if keyword.words == ("xa",)]
    elif len(word.folded) < 4:
        return None
    else:
        near = [keyword for keyword in _KEYWORDS if keyword.long and len(keyword.words) == 1
                and len(keyword.words[0]) == len(word.folded)
                and sum(a != b for a, b in zip(keyword.words[0], word.folded, strict=True)) == 1]
    if not near:
        return None
    ref = reference()
    whole_key = name_key(" ".join(other.text for other in words[index:]))
    if any(ref.bearing_key(level, whole_key) for level in ("province", "district", "ward")):
        return None
    rest_key = name_key(" ".join(other.text for other in rest))
    return next((keyword for keyword in near if any(ref.bearing_key(level, rest_key) for level in keyword.levels)),
                None)


def _match_keyword(words: list[_Word], index: int, at_start: bool) -> tuple[_Keyword, int, bool] | None:
    if at_start and (misread := _misread_keyword(words, index)) is not None:
        return misread, 1, False
    for keyword in _KEYWORDS:
        size = len(keyword.words)
        window = words[index:index + size]
        if len(window) < size or tuple(word.folded for word in window) != keyword.words:
            continue
        spelled = " ".join(word.text.rstrip(".") for word in window)
        exact = equivalence_key(spelled) == equivalence_key(keyword.kind) or keyword.kind.isupper()
        if keyword.levels == ("sub",) and not at_start:
            continue
        if not exact and not at_start and not keyword.long:
            continue
        return keyword, size, exact
    return None


def _segments(text: str) -> list[list[_Word]]:
    segments: list[list[_Word]] = [[]]
    for match in _TOKEN.finditer(text):
        if match.group(0) in ",;":
            segments.append([])
        else:
            segments[-1].append(_Word(match.group(0), match.start(), match.end()))
    return [segment for segment in segments if segment]


def _parts(text: str) -> list[_Part]:
    parts: list[_Part] = []
    for segment in _segments(text):
        current: _Part | None = None
        index = 0
        while index < len(segment):
            word = segment[index]
            at_start = current is None or (not current.words and not current.keyword)
            glued = re.fullmatch(r"([pqfx])(\d+)", word.folded)  # "P3", "Q1"
            found = _match_keyword(segment, index, at_start)
            abbreviation = _ABBREVIATIONS.get(word.folded) if word.text.endswith(".") and len(
                word.text) == 2 else None
            if found is not None:
                keyword, size, exact = found
                following = segment[index + size:]
                previous_filled = current is not None and bool(current.words)
                if not exact and not at_start and not (previous_filled and following):
                    found = None  # "Hà Tĩnh": a word that only looks like "tỉnh" without its diacritics
            if found is not None:
                keyword, size, exact = found
                if current is not None:
                    parts.append(current)
                current = _Part(keyword.levels, keyword.kind, tuple(segment[index:index + size]), (), exact)
                index += size
                continue
            if abbreviation is not None:
                if current is not None:
                    parts.append(current)
                current = _Part(abbreviation[0], abbreviation[1], (word,), (), True)
                index += 1
                continue
            if glued is not None:
                levels, kind = _ABBREVIATIONS[glued.group(1)]
                if current is not None:
                    parts.append(current)
                number = _Word(glued.group(2), word.end - len(glued.group(2)), word.end)
                parts.append(_Part(levels, kind, (), (number,), True))
                current = None
                index += 1
                continue
            if current is None:
                current = _Part((), "", (), ())
            current = _Part(current.levels, current.kind, current.keyword, (*current.words, word),
                            current.keyword_exact)
            index += 1
        if current is not None:
            parts.append(current)
    return parts


# --------------------------------------------------------------------------- matching

def _span_text(words: Iterable[_Word]) -> str:
    return " ".join(word.text.rstrip(".") for word in words)


def _kind_fits(unit: AdminUnit, kind: str) -> bool:
    if not kind or unit.level == "province":
        return True
    wanted = {"TP": "thành phố", "TX": "thị xã", "TT": "thị trấn"}.get(kind, kind)
    return equivalence_key(unit.kind) == equivalence_key(wanted)


def _lookup(era: str, level: str, words: tuple[_Word, ...], scope: dict[str, AdminUnit], *,
            fuzzy: bool, kind: str = "") -> list[UnitMatch]:
    """Units of ``era``/``level`` the words name, inside the scope already found, best first.

    A name read exactly may name a unit anywhere; a guess (other diacritics,
    a letter off) is only taken for a province, or inside a province already
    found, and for a unit of the kind the text says (``xã``, ``huyện``).
    """
    ref = reference()
    text = _span_text(words)
    key = name_key(text)
    if not key:
        return []
    start, end = (words[0].start, words[-1].end) if words else (0, 0)
    may_guess = level == "province" or bool(scope)
    found: list[UnitMatch] = []
    namesakes = ref.by_key.get((era, level, key), [])
    # Other diacritics on the one unit of the level that bears the name, its kind printed ("Huyện Tầy
    # Giang"): a misreading of it even before a province is found (the string may name none).
    sole = len(namesakes) == 1 and bool(kind)
    for unit in namesakes:
        exact = equivalence_key(text) == equivalence_key(unit.name) or key.isdigit()
        if exact:
            found.append(UnitMatch(unit, EXACT, start, end, "exact"))
        elif (may_guess or sole) and _kind_fits(unit, kind):
            found.append(UnitMatch(unit, FOLDED, start, end, "folded"))
    for unit in ref.by_alias.get((era, level, key), []):
        if all(match.unit != unit for match in found):
            found.append(UnitMatch(unit, ALIAS, start, end, "alias"))
    found = [match for match in found if _in_scope(match.unit, scope)]
    if found:
        found.sort(key=lambda match: (-match.quality, not _kind_fits(match.unit, kind)))
        return [UnitMatch(match.unit, match.quality, match.start, match.end, match.how, len(found) - 1)
                for match in found]
    if fuzzy and may_guess and words and words[0].text.startswith("l") and key.startswith("l"):
        # A capital I read as a small l ("la Pa" for "Ia Pa", the names of the Central Highlands):
        # the name with its I back, inside the scope found.
        units = [unit for unit in ref.by_key.get((era, level, "i" + key[1:]), [])
                 if _in_scope(unit, scope) and _kind_fits(unit, kind)]
        if len(units) == 1:
            return [UnitMatch(units[0], FUZZY, start, end, "fuzzy")]
    # A letter off is guessed only where OCR visibly damaged the name: a well-formed name that matches
    # nothing ("Nghi Phong") is more likely a former unit than a misreading of a neighbour ("Nghi Phương").
    # Not so a province: the reference holds every province of every era, so a well-formed name that
    # is none of them ("Thói Bình") is a misreading.
    if not fuzzy or len(key) < 5 or not may_guess or (
            level != "province" and all(is_syllable(word.text.rstrip(".")) for word in words)):
        return []
    # One or two letters off: only among the units the rest of the string allows.
    keys = _keys_in_scope(ref, era, level, scope.get("province"), scope.get("district")) if scope else ref.keys(
        era, level) if level == "province" else []
    best = process.extract(key, keys, scorer=fuzz.ratio, limit=2, score_cutoff=80)
    if not best or Levenshtein.distance(key, best[0][0]) > max(1, len(key) // 6):
        return []
    if len(best) > 1 and best[1][1] == best[0][1]:
        return []  # two names equally close: do not guess
    units = [unit for unit in ref.by_key[(era, level, best[0][0])] if _in_scope(unit, scope) and _kind_fits(unit, kind)]
    return [UnitMatch(unit, FUZZY, start, end, "fuzzy") for unit in units[:1]]


def _scope_keys(ref: Reference, era: str, level: str, scope: dict[str, AdminUnit]) -> list[str]:
    """The names a unit inside ``scope`` may bear: those of its province's units when a province is
    known (a few hundred, where the country has ten thousand), else every name of the level."""
    province = scope.get("province")
    if province is None or level == "province":
        return ref.keys(era, level)
    return ref.keys_in_provinces(era, level, province.successors or (province.code,))


@lru_cache(maxsize=1024)
def _keys_in_scope(ref: Reference, era: str, level: str, province: AdminUnit | None,
                   district: AdminUnit | None) -> tuple[str, ...]:
    """The names of ``era``/``level`` some unit inside the province and district found bears. Cached:
    a page asks for the same few scopes hundreds of times, and without a province found the
    candidates are every name of the level, each tested unit by unit."""
    scope = {key: unit for key, unit in (("province", province), ("district", district)) if unit is not None}
    return tuple(candidate for candidate in _scope_keys(ref, era, level, scope)
                 if any(_in_scope(unit, scope) for unit in ref.by_key[(era, level, candidate)]))


def _in_scope(unit: AdminUnit, scope: dict[str, AdminUnit]) -> bool:
    province = scope.get("province")
    if province is not None and unit.level != "province":
        allowed = province.successors or (province.code,)
        if unit.province not in allowed:
            return False
    district = scope.get("district")
    if district is not None and unit.level == "ward" and unit.era == LEGACY and district.era == LEGACY:
        return unit.district == district.code
    return True


@dataclass(frozen=True)
class _Resolution:
    matches: tuple[UnitMatch, ...]
    unmatched: tuple[_Part, ...]        # typed admin parts no unit explains
    inconsistent: tuple[_Part, ...]     # typed parts naming a unit outside the scope
    free_words: tuple[_Word, ...]       # words of no unit (hospital names, hamlets)
    renamed: tuple[_Part, ...] = ()     # parts whose "unit word" was the start of a name (Quan Sơn)


def _eras_levels(era: str) -> tuple[str, ...]:
    return ("province", "ward") if era == CURRENT else LEVELS


def _resolve(parts: list[_Part], era: str) -> _Resolution:
    """Match the parts right to left (the province comes last), each inside the units found so far."""
    levels = _eras_levels(era)
    scope: dict[str, AdminUnit] = {}
    matches: list[UnitMatch] = []
    unmatched: list[_Part] = []
    inconsistent: list[_Part] = []
    free: list[_Word] = []
    renamed: list[_Part] = []
    for part in reversed(parts):
        remaining = [level for level in levels if level not in scope and
                     all(LEVELS.index(level) > LEVELS.index(done) for done in scope)]
        if part.sub:
            if part.keyword and not part.keyword_exact and part.words:
                # "Tô Mậu", "Bàn Long": a unit's name whose first word reads like a hamlet word
                # without its marks (Tổ, Bản) is that unit, not a damaged hamlet word
                found, leftover = _peel(_Part((), "", (), (*part.keyword, *part.words)), era, remaining, scope)
                if found and not leftover and all(match.quality >= ALIAS for match in found):
                    renamed.append(part)
                    for unit_match in found:
                        scope[unit_match.unit.level] = unit_match.unit
                    matches.extend(found)
                    continue
            if part.kind not in _MINORITY_HAMLETS:
                free.extend(part.words)
            continue
        if part.levels:
            wanted = [level for level in part.levels if level in remaining]
            match = None
            for level in wanted:
                for source in _sources(era, level):
                    candidates = _lookup(source, level, part.words, scope, fuzzy=True, kind=part.kind)
                    if candidates:
                        match = candidates[0]
                        break
                if match:
                    break
            if match is None and not part.keyword_exact and part.keyword:
                # "Quan Sơn": a name whose first word looks like a unit word without its diacritics
                retry = _Part((), "", (), (*part.keyword, *part.words))
                peeled = _peel(retry, era, remaining, scope)
                if peeled[0]:
                    renamed.append(part)
                    for found in peeled[0]:
                        scope[found.unit.level] = found.unit
                    matches.extend(peeled[0])
                    free.extend(peeled[1])
                    continue
            if match is None:
                if not wanted:
                    unmatched.append(part)
                elif "district" in wanted and scope.get("province") and any(
                        _lookup(source, "district", part.words, {}, fuzzy=False) for source in _sources(era, "district")):
                    inconsistent.append(part)  # a district of another province
                elif part.words:
                    unmatched.append(part)
                continue
            scope[match.unit.level] = match.unit
            matches.append(match)
            continue
        found, leftover = _peel(part, era, remaining, scope)
        for unit_match in found:
            scope[unit_match.unit.level] = unit_match.unit
        matches.extend(found)
        free.extend(leftover)
    matches.sort(key=lambda match: LEVELS.index(match.unit.level))
    return _Resolution(tuple(matches), tuple(unmatched), tuple(inconsistent), tuple(free), tuple(renamed))


def _sources(era: str, level: str) -> tuple[str, ...]:
    if era == LEGACY:
        return (LEGACY,)
    if era == HISTORIC:
        return (HISTORIC, LEGACY) if level != "province" else (HISTORIC,)
    return (CURRENT,)


def _rank(match: UnitMatch, size: int) -> tuple[bool, int, float]:
    return match.quality >= ALIAS, size, match.quality


def _peel(part: _Part, era: str, remaining: list[str], scope: dict[str, AdminUnit]) -> tuple[
        list[UnitMatch], list[_Word]]:
    """Unit names at the end of an untyped run of words, largest unit first ("Quỳnh Lưu Nghệ An")."""
    words = list(part.words)
    found: list[UnitMatch] = []
    scope = dict(scope)
    for level in remaining:
        best: UnitMatch | None = None
        best_size = 0
        for size in range(min(6, len(words)), 0, -1):
            span = tuple(words[len(words) - size:])
            for source in _sources(era, level):
                candidates = _lookup(source, level, span, scope, fuzzy=size == len(words) and size >= 2)
                # a sure reading of more words beats a sure reading of fewer; guesses come last
                if candidates and (best is None or _rank(candidates[0], size) > _rank(best, best_size)):
                    best, best_size = candidates[0], size
        if best is not None and (best.quality >= FOLDED or best_size == len(words)):
            found.append(best)
            scope[level] = best.unit
            words = words[:len(words) - best_size]
        if not words:
            break
    return found, words


# --------------------------------------------------------------------------- the check

def _written_as(original: str, name: str) -> str:
    """A unit's ``name`` put in for ``original``, in capitals where the page wrote them so."""
    return name.upper() if original.isupper() and len(original) > 1 else name


def _suggest(text: str, resolution: _Resolution, parts: list[_Part]) -> str:
    """``text`` with damaged unit words and guessed unit names respelt; ``""`` when nothing changes."""
    edits: list[tuple[int, int, str]] = []
    for part in parts:
        if part.keyword and not part.keyword_exact and part not in resolution.renamed and not part.kind.isupper():
            last = part.keyword[-1]
            end = last.end - (1 if last.text.endswith(".") else 0)
            edits.append((part.keyword[0].start, end, match_case(_span_text(part.keyword), part.kind)))
    for match in resolution.matches:
        if match.how in ("folded", "fuzzy"):
            edits.append((match.start, match.end, _written_as(text[match.start:match.end], match.unit.name)))
    for part in resolution.unmatched:
        implied = _implied_unit(part, resolution)
        if implied is not None:
            start, end = part.words[0].start, part.words[-1].end
            edits.append((start, end, _written_as(text[start:end], implied.name)))
    for word, meant in _damaged_unit_words(text, resolution.free_words):
        if meant is not None and not meant.isupper():
            end = word.end - (1 if word.text.endswith(".") else 0)
            edits.append((word.start, end, match_case(word.text, meant)))
    fixed = text
    for start, end, replacement in sorted(edits, reverse=True):
        fixed = fixed[:start] + replacement + fixed[end:]
    return "" if fixed == text else fixed


def _misread_or_cut(part: _Part, resolution: _Resolution, *, last: bool) -> str | None:
    """Why a well-formed unit name the reference does not list is more likely OCR's doing than a former
    unit's: it is a real unit's name with other diacritics ("huyện Nâm Nhùn"), or, ending the string, the
    first words of a unit's name ("…, Thành phố Hải": the line was cut). (A letter or two off the
    district of a commune the string names is put right: :func:`_implied_unit`.)"""
    ref = reference()
    text = _span_text(part.words)
    key = name_key(text)
    if not key:
        return None
    namesakes = [unit for level in part.levels for unit in ref.bearing_key(level, key)]
    if namesakes and all(equivalence_key(unit.name) != equivalence_key(text) for unit in namesakes):
        return "place_spelling"
    if last and any(ref.starts_a_name(level, key) for level in part.levels):
        return "place_cut_short"
    if len(part.words) == 1 and not key.isdigit() and any(
            _part_of_a_name(part, unit) for unit in _units_in_scope(part.levels, resolution)):
        # a name of one word, the first or last of a unit's around: "thị trấn Tây, huyện Hương Sơn"
        # for Tây Sơn (names of two words and more, unlisted, are mostly former units)
        return "place_cut_short"
    return None


def _implied_unit(part: _Part, resolution: _Resolution) -> AdminUnit | None:
    """The unit a part no unit explains most likely names, misread further than a guess goes: the
    province of a district or commune the string names, or the district of its commune, when the
    part's name is a few letters off it ("tỉnh Bắc Nhh" after "thị xã Thuận Thành", "huyện Liên Du"
    after "xã Hoàn Sơn"). The rest of the string says which unit it must be; the letters only have
    to agree."""
    ref = reference()
    key = name_key(_span_text(part.words))
    if not key:
        return None
    for match in resolution.matches:
        unit = match.unit
        if "province" in part.levels and unit.level != "province":
            parent, allowed = ref.by_code.get((unit.era, "province", unit.province)), max(2, len(key) // 4)
        elif "district" in part.levels and unit.level == "ward" and unit.era == LEGACY and unit.district:
            parent, allowed = ref.by_code.get((LEGACY, "district", unit.district)), max(1, len(key) // 5)
        else:
            continue
        if parent is not None and Levenshtein.distance(key, name_key(parent.name)) <= allowed:
            return parent
    return None


def _units_in_scope(levels: tuple[str, ...], resolution: _Resolution) -> list[AdminUnit]:
    """The units of these levels inside the smallest unit the string names (a district's communes,
    a province's districts); none when it names no province."""
    ref = reference()
    province = next((match.unit for match in resolution.matches if match.unit.level == "province"), None)
    district = next((match.unit for match in resolution.matches if match.unit.level == "district"), None)
    if province is None:
        return []
    found: list[AdminUnit] = []
    for level in levels:
        if level == "province":
            continue
        for key in ref.keys_in_provinces(province.era, level, province.successors or (province.code,)):
            for unit in ref.by_key[(province.era, level, key)]:
                if unit.province not in (province.successors or (province.code,)):
                    continue
                if level == "ward" and district is not None and unit.era == LEGACY and unit.district != district.code:
                    continue
                found.append(unit)
    return found


def _part_of_a_name(part: _Part, unit: AdminUnit) -> bool:
    """Whether the part's words are the first or the last words, not all, of the unit's name."""
    words = [name_key(word.text.rstrip(".")) for word in part.words]
    name = [name_key(word) for word in unit.name.split()]
    return 0 < len(words) < len(name) and (name[:len(words)] == words or name[-len(words):] == words)


def _fragment_before_unit(parts: list[_Part], resolution: _Resolution) -> bool:
    """Whether a run of names written without unit words ("Mường Tè - Mường Tè - Lai Châu") opens
    with one word no unit explains that is the first or last word of a unit inside the ones found:
    "Tè Lai Châu" (Mường Tè lost), "Tà Mường Tè Lai Châu" (Tà Tổng). Such a word is what OCR kept
    of a unit's name, not a hamlet (a hamlet's name before the units is written apart by a comma,
    and a facility's, "Bệnh viện Phụ sản", is more than one word)."""
    for part in parts:
        if part.levels or part.keyword or len(part.words) < 2:
            continue
        start, end = part.words[0].start, part.words[-1].end
        if not any(start <= match.start < end for match in resolution.matches):
            continue
        left = [word for word in resolution.free_words if start <= word.start < end]
        if len(left) != 1 or left[0] != part.words[0]:
            continue
        fragment = _Part(("district", "ward"), "", (), (left[0],))
        if is_syllable(left[0].text.rstrip(".")) and any(
                _part_of_a_name(fragment, unit) for unit in _units_in_scope(fragment.levels, resolution)):
            return True
    return False


#: Unit words of two words whose second OCR may damage ("thành nhố" for "thành phố").
_TWO_WORD_UNITS = tuple(keyword for keyword in _KEYWORDS if len(keyword.words) == 2 and keyword.levels != ("sub",))
#: Words opening an address before a number (Ấp 10, Tổ 5): one letter off them, OCR damaged them.
_NUMBERED_PLACES = tuple(keyword for keyword in _KEYWORDS if keyword.levels == ("sub",)
                         and len(keyword.words) == 1 and len(keyword.words[0]) >= 2)


def _damaged_unit_words(text: str, free: tuple[_Word, ...]) -> list[tuple[_Word, str | None]]:
    """Words no unit explains that are a unit word OCR damaged: "nhố" of "thành nhố Huế", or "Ấn"
    opening the address where "Ấp 19" was printed; each with the word it stands for, ``None`` when
    two are as near ("Ân 5": Ấp or Bản)."""
    damaged: list[tuple[_Word, str | None]] = []
    for first, second in pairwise(free):
        if text[first.end:second.start].strip():
            continue  # not side by side
        for keyword in _TWO_WORD_UNITS:
            one, two = keyword.words
            if first.folded == one and second.folded != two and Levenshtein.distance(second.folded, two) == 1:
                damaged.append((second, keyword.kind.split()[1]))
                break
    if free and free[0].start == len(text) - len(text.lstrip()):
        opening = free[0]
        followed_by_number = re.match(r"\s+\d", text[opening.end:]) is not None
        near = [keyword.kind for keyword in _NUMBERED_PLACES if Levenshtein.distance(opening.folded, keyword.words[0]) == 1]
        if followed_by_number and near and all(opening.folded != keyword.words[0] for keyword in _NUMBERED_PLACES):
            # (with their marks the nearest may tell them apart: "Ấn" is "ấp", not "bản")
            marked = opening.text.rstrip(".").lower()
            distances = sorted((Levenshtein.distance(marked, kind), kind) for kind in near)
            unique = len(distances) == 1 or distances[0][0] < distances[1][0]
            damaged.append((opening, distances[0][1] if unique else None))
    return damaged


def _score(resolution: _Resolution, parts: list[_Part], text: str) -> tuple[float, list[str]]:
    issues: list[str] = []
    score = 1.0
    if _damaged_unit_words(text, resolution.free_words):
        issues.append("place_spelling")
        score = 0.5
    for match in resolution.matches:
        score = min(score, match.quality)
    if any(match.how in ("folded", "fuzzy") for match in resolution.matches):
        issues.append("place_spelling")
    if any(part.keyword and not part.keyword_exact and part not in resolution.renamed for part in parts):
        issues.append("place_spelling")  # "tinh", "Áp": a unit word OCR damaged
        score = min(score, 0.9)
    if resolution.inconsistent:
        issues.append("place_inconsistent")
        score = min(score, 0.5)
    for part in resolution.unmatched:
        valid = all(is_syllable(word.text.rstrip(".")) or word.text.rstrip(".").isdigit() for word in part.words)
        province_level = "province" in part.levels and "district" not in part.levels
        doubt = _misread_or_cut(part, resolution, last=part is parts[-1]) if valid else None
        if _implied_unit(part, resolution) is not None:
            # "tỉnh Bắc Nhh" of "thị xã Thuận Thành" (Bắc Ninh), "huyện Liên Du" of "xã Hoàn Sơn" (Tiên
            # Du): put right from the rest of the address, not from what the page shows of it
            issues += ["place_spelling", "place_implied"]
            score = min(score, 0.5)
        elif province_level or not valid:
            issues.append("place_unknown_unit")
            score = min(score, 0.5 if province_level else 0.4)
        elif doubt:
            issues.append(doubt)
            score = min(score, 0.5)
        else:
            # an old commune or district the reference no longer lists: usual in old registers
            score = min(score, 0.9 if part.levels == ("ward",) else 0.8)
    if _fragment_before_unit(parts, resolution):
        issues.append("place_cut_short")
        score = min(score, 0.5)
    first_unit = min((match.start for match in resolution.matches), default=None)
    stray = [word for word in resolution.free_words if first_unit is not None and word.start > first_unit
             and word.text.rstrip(".").isalpha() and word.folded not in ("viet", "nam")]
    if stray:
        # Words after a unit that name none ("Phường Thanh Vinh, Thị Thọ, Tỉnh Phú Thọ": "thị xã Phú"
        # lost): a unit lost or misread between the ones found.
        issues.append("place_unknown_unit")
        score = min(score, 0.5)
    words = [word.text.rstrip(".") for word in resolution.free_words]
    letters = [word for word in words if word.isalpha() and not (word.isupper() and len(word) <= 3)]
    known = unit_name_words()
    malformed = [word for word in letters if not is_syllable(word)
                 and unicodedata.normalize("NFC", word.casefold()) not in known]
    if malformed:
        # hamlet names of minority languages (Buôn Ko Tam) are not quốc ngữ syllables, nor all in the
        # reference's unit names: only many such words flag
        score = min(score, 0.85)
        if len(malformed) * 3 > len(letters):
            issues.append("malformed_word")
            score = min(score, 0.5)
    return round(score, 3), sorted(set(issues), key=issues.index)


@lru_cache(maxsize=4096)
def check_place(raw: str | None) -> PlaceCheck:
    """Which units a place string names, how plausible it is, and a corrected spelling when OCR damaged it
    (cached: a page's cells try the same strings several times)."""
    text = clean_spaces(raw)
    if not text:
        return PlaceCheck("")
    parts = _parts(text)
    results = {era: _resolve(parts, era) for era in (LEGACY, CURRENT, HISTORIC)}
    admin_parts = [part for part in parts if part.levels and not part.sub]

    def coverage(resolution: _Resolution) -> tuple[int, int, int, float]:
        explained = len(admin_parts) - len(resolution.unmatched) - len(resolution.inconsistent)
        provinces = sum(1 for match in resolution.matches if match.unit.level == "province")
        return (explained + len(resolution.matches), -len(resolution.free_words), provinces,
                sum(match.quality for match in resolution.matches))

    legacy, current, historic = results[LEGACY], results[CURRENT], results[HISTORIC]
    historic_named = any(match.unit.era == HISTORIC for match in historic.matches)
    candidates = [(LEGACY, legacy), (CURRENT, current)] + ([(HISTORIC, historic)] if historic_named else [])
    best_era, best = max(candidates, key=lambda item: coverage(item[1]))
    era = best_era if best.matches else "unknown"
    if best_era in (LEGACY, CURRENT) and legacy.matches and current.matches:
        other = current if best_era == LEGACY else legacy
        if coverage(other) == coverage(best) and not other.unmatched and not best.unmatched:
            era = "both"
    score, issues = _score(best, parts, text)

    def shown(era_name: str, resolution: _Resolution) -> tuple[UnitMatch, ...]:
        if era_name == best_era or era == "both":
            return resolution.matches
        return tuple(match for match in resolution.matches if match.quality >= ALIAS)  # another era's guesses
    if not best.matches:
        issues = sorted(set(issues) | {"place_not_recognised"})
        score = min(score, 0.6 if all(is_syllable(word) for word in re.findall(r"[^\W\d_]+", text)) else 0.3)
    return PlaceCheck(
        value=text,
        legacy=shown(LEGACY, legacy),
        current=shown(CURRENT, current),
        historic=shown(HISTORIC, historic) if historic_named else (),
        era=era,
        plausibility=score,
        suggestion=_suggest(text, best, parts),
        issues=tuple(issues),
    )


def warm_up() -> None:
    """Load the reference now (the first check otherwise pays for it)."""
    reference()
