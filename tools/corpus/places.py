"""Administrative units, legacy (63 provinces, with districts) and 2025 (34 provinces, no districts).

Read from the SQLite dataset shipped inside ``vietnamadminunits`` (MIT), which
holds both systems; officers meet both on paper, so the generator writes both.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class Unit:
    """One commune-level unit with its parents, as the dataset names them ("Xã Kim Hóa")."""

    ward: str
    district: str          # "" in the 2025 system
    province: str
    province_code: str     # two digits, as in the dataset ("40")
    system: str            # "legacy" or "2025"

    @property
    def id_province_code(self) -> str:
        """The three-digit province code of a personal ID ("040")."""
        return self.province_code.zfill(3)

    @property
    def ward_short(self) -> str:
        return _strip_type(self.ward)

    @property
    def province_short(self) -> str:
        return _strip_type(self.province)


_TYPES = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã")


def _canonical(name: str) -> str:
    """The dataset writes "Thành Phố", "Thị Trấn" now and then: use the usual casing of unit types."""
    for prefix in _TYPES:
        if name.lower().startswith(prefix.lower() + " "):
            return prefix + name[len(prefix):]
    return name


def _strip_type(name: str) -> str:
    for prefix in _TYPES:
        if name.startswith(prefix + " "):
            rest = name[len(prefix) + 1:]
            # "Phường 2", "Quận 1": the number alone is no name.
            return name if rest.isdigit() else rest
    return name


def _lower_type(name: str) -> str:
    for prefix in _TYPES:
        if name.startswith(prefix + " "):
            return prefix.lower() + name[len(prefix):]
    return name


def _abbreviate(name: str) -> str:
    short = {"Thành phố": "TP.", "Thị trấn": "TT.", "Thị xã": "TX.", "Phường": "P.", "Huyện": "H.",
             "Quận": "Q.", "Tỉnh": "T.", "Xã": "X.", "Đặc khu": "ĐK."}
    for prefix, abbreviation in short.items():
        if name.startswith(prefix + " "):
            return abbreviation + " " + name[len(prefix) + 1:]
    return name


@cache
def _dataset() -> Path:
    import vietnamadminunits

    return Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"


@cache
def legacy_units() -> tuple[Unit, ...]:
    """All commune-level units of the legacy (pre-2025) system, in a stable order."""
    with sqlite3.connect(_dataset()) as connection:
        rows = connection.execute(
            "select ward, district, province, provinceCode from admin_units_legacy "
            "where ward is not null order by wardCode, ward").fetchall()
    return tuple(Unit(_canonical(w), _canonical(d), _canonical(p), c, "legacy") for w, d, p, c in rows)


@cache
def new_units() -> tuple[Unit, ...]:
    """All commune-level units of the 2025 system, in a stable order."""
    with sqlite3.connect(_dataset()) as connection:
        rows = connection.execute(
            "select ward, province, provinceCode from admin_units where ward is not null "
            "order by wardCode, ward").fetchall()
    return tuple(Unit(_canonical(w), "", _canonical(p), c, "2025") for w, p, c in rows)


def draw_unit(rng: random.Random, system: str, near: Unit | None = None, same: float = 0.0) -> Unit:
    """A random unit of one system; with ``near``, ``near`` itself with probability ``same``, else most
    often one in the same province (people move little)."""
    units = legacy_units() if system == "legacy" else new_units()
    if near is not None and near.system == system and rng.random() < same:
        return near
    if near is not None and near.system == system and rng.random() < 0.75:
        same = _by_province(system).get(near.province)
        if same:
            return same[rng.randrange(len(same))]
    return units[rng.randrange(len(units))]


@cache
def _by_province(system: str) -> dict[str, tuple[Unit, ...]]:
    grouped: dict[str, list[Unit]] = {}
    for unit in legacy_units() if system == "legacy" else new_units():
        grouped.setdefault(unit.province, []).append(unit)
    return {key: tuple(value) for key, value in grouped.items()}


@dataclass(frozen=True)
class PlaceStyle:
    """How one writer writes a place: "xã A, huyện B, tỉnh C", "Xã A, Huyện B, Tỉnh C", "A - B - C", ..."""

    form: str = "lower"     # lower | title | dashes | abbreviated
    province_level: bool = True

    @staticmethod
    def draw(rng: random.Random) -> PlaceStyle:
        form = rng.choices(("lower", "title", "dashes", "abbreviated"), weights=(12, 4, 2, 1))[0]
        return PlaceStyle(form=form, province_level=rng.random() < 0.93)


def format_unit(unit: Unit, style: PlaceStyle) -> str:
    """The unit as a writer of ``style`` prints it."""
    names = [unit.ward] + ([unit.district] if unit.district else []) + (
        [unit.province] if style.province_level or not unit.district else [])
    if style.form == "title":
        return ", ".join(names)
    if style.form == "dashes":
        return " - ".join(_strip_type(name) for name in names)
    if style.form == "abbreviated":
        return ", ".join(_abbreviate(name) for name in names)
    return ", ".join(_lower_type(name) for name in names)


def authority_name(unit: Unit, rng: random.Random) -> str:
    """The registering authority as a certificate names it ("Ủy ban nhân dân xã Quỳnh Hưng, huyện ...")."""
    head = rng.choices(("Ủy ban nhân dân", "Uỷ ban nhân dân", "UBND"), weights=(10, 3, 2))[0]
    ward = _lower_type(unit.ward)
    if rng.random() < 0.25:
        return f"{head} {ward}"
    rest = format_unit(unit, PlaceStyle("lower", True)).split(", ", 1)[1]
    return f"{head} {ward}, {rest}"
