"""What a record says: names, dates, places and IDs that hang together.

Values are the ground truth as fields.md wants them extracted (ISO dates,
``HH:MM`` times, NFC, single spaces); ``printed`` holds the string a page
prints where it differs (dates in digits, times in words). Rendering may still
change the case of names (a register writing "Nguyễn Văn An"), and updates
the truth with it.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass, field

from inspector.record_fields import field_keys
from tools.corpus import numwords
from tools.corpus.places import PlaceStyle, Unit, authority_name, draw_unit, format_unit
from tools.corpus.styles import lexicon

LAST_DATE = dt.date(2025, 11, 28)     # no registration after the generator's "today"
NEW_UNITS_FROM = dt.date(2025, 7, 1)  # the 2025 reform
PERSONAL_IDS_FROM = 2016              # Luật Hộ tịch: personal IDs on birth registrations


def clean(text: str) -> str:
    """NFC, single spaces, no leading/trailing spaces (fields.md's value form)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _weighted(rng: random.Random, pairs: list) -> str:
    return rng.choices([value for value, _ in pairs], weights=[weight for _, weight in pairs])[0]


# --------------------------------------------------------------------------- dates

@dataclass(frozen=True)
class DateStyle:
    """How one writer prints dates in digits."""

    pad_day: bool = True
    pad_month: bool = True
    separator: str = "/"

    @staticmethod
    def draw(rng: random.Random, year: int) -> DateStyle:
        # Old entries skip leading zeros more often ("02/7/1990").
        unpadded = 0.35 if year < 2005 else 0.12
        pad_day = rng.random() >= unpadded
        pad_month = rng.random() >= unpadded * 0.8 if pad_day else rng.random() < 0.15
        separator = rng.choices(("/", "-", "."), weights=(92, 5, 3))[0]
        return DateStyle(pad_day, pad_month, separator)

    def digits(self, date: dt.date) -> str:
        day = f"{date.day:02d}" if self.pad_day else str(date.day)
        month = f"{date.month:02d}" if self.pad_month else str(date.month)
        return f"{day}{self.separator}{month}{self.separator}{date.year}"


def iso(date: dt.date) -> str:
    return date.isoformat()


def _days(rng: random.Random, low: int, high: int) -> dt.timedelta:
    return dt.timedelta(days=rng.randint(low, high))


def _random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def time_printed(hour: int, minute: int, rng: random.Random) -> str:
    """A time of death as registers print it ("10 giờ 30 phút", "10 giờ 30", "10h30", "22 giờ")."""
    form = rng.choices(("gio_phut", "gio", "h", "gio_only"), weights=(10, 2, 1, 1 if minute == 0 else 0))[0]
    hh = f"{hour:02d}" if rng.random() < 0.5 else str(hour)
    mm = f"{minute:02d}"
    if form == "gio_phut":
        return f"{hh} giờ {mm} phút"
    if form == "gio":
        return f"{hh} giờ {mm}"
    if form == "h":
        return f"{hh}h{mm}"
    return f"{hh} giờ"


# --------------------------------------------------------------------------- people

@dataclass(frozen=True)
class Person:
    name: str          # mixed case, as a Vietnamese name is written
    male: bool
    ethnicity: str     # as printed (one spelling)
    ethnicity_canonical: str
    nationality: str


def draw_ethnicity(rng: random.Random) -> tuple[str, str]:
    """(printed spelling, canonical name) of an ethnic group, mostly Kinh."""
    groups = lexicon()["ethnic_groups"]
    spellings = rng.choices([spellings for spellings, _ in groups], weights=[weight for _, weight in groups])[0]
    printed = spellings[0] if rng.random() < 0.7 else rng.choice(spellings)
    return printed, spellings[0]


def kinh_name(rng: random.Random, male: bool, surname: str | None = None) -> str:
    lex = lexicon()
    surname = surname or _weighted(rng, lex["surnames"])
    middle = _weighted(rng, lex["middle_male" if male else "middle_female"])
    given = rng.choice(lex["given_male" if male else "given_female"])
    parts = [surname]
    if rng.random() < 0.04:  # two surnames (parents' combined, or "Tôn Nữ")
        parts.append(_weighted(rng, lex["surnames"]))
    if not (len(given.split()) > 1 and rng.random() < 0.6):
        parts.append(middle)
    parts.append(given)
    words: list[str] = []
    for part in parts:
        for word in part.split():
            if not words or words[-1] != word:
                words.append(word)
    return " ".join(words)


def person_name(rng: random.Random, male: bool, ethnicity: str, surname: str | None = None) -> str:
    """A name fitting the person's sex and ethnic group (Kinh-style names are common in every group)."""
    patterns = lexicon()["minority_names"]
    pattern = patterns.get(ethnicity)
    if pattern is None or rng.random() < 0.25:
        return kinh_name(rng, male, surname)
    surnames, middle_m, middle_f, given_m, given_f = pattern
    family = surname if surname in surnames else rng.choice(surnames)
    middle = rng.choice(middle_m if male else middle_f)
    given = rng.choice(given_m if male else given_f)
    if ethnicity in ("Ê Đê",):          # "Y Blơ Niê", "H'Hen Niê": given name first
        return clean(f"{given} {family}")
    return clean(f"{family} {middle} {given}")


def draw_person(rng: random.Random, male: bool, *, ethnicity: tuple[str, str] | None = None,
                surname: str | None = None, foreign_share: float = 0.0) -> Person:
    if foreign_share and rng.random() < foreign_share:
        nationality = _weighted(rng, lexicon()["foreign_nationalities"])
        male_names, female_names = lexicon()["foreign_names"][nationality]
        name = rng.choice(male_names if male else female_names)
        return Person(name, male, "", "", nationality)
    printed, canonical = ethnicity or draw_ethnicity(rng)
    return Person(person_name(rng, male, canonical, surname), male, printed, canonical, "Việt Nam")


def surname_of(name: str) -> str:
    return name.split()[0]


# --------------------------------------------------------------------------- IDs

def personal_id(code: str, male: bool, birth_year: int, rng: random.Random) -> str:
    """A 12-digit personal ID: province code, century/sex digit, year digits, 6 digits."""
    century = 0 if birth_year < 2000 else 2
    return f"{code}{century + (0 if male else 1)}{birth_year % 100:02d}{rng.randrange(1_000_000):06d}"


def plant_id_issue(pid: str, rng: random.Random) -> tuple[str, str]:
    """Break a well-formed ID the way clerks do; returns (new ID, issue code)."""
    kind = rng.choices(("year", "sex", "century"), weights=(6, 3, 1))[0]
    if kind == "year":
        year = int(pid[4:6])
        wrong = (year + rng.choice((-1, 1, 10, -10, 2))) % 100
        return pid[:4] + f"{wrong:02d}" + pid[6:], "personal_id_birth_year_mismatch"
    if kind == "sex":
        digit = int(pid[3])
        return pid[:3] + str(digit ^ 1) + pid[4:], "personal_id_sex_mismatch"
    return pid[:3] + str(rng.randint(4, 9)) + pid[4:], "personal_id_century_mismatch"


def _id_number(rng: random.Random, digits: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(digits))


def id_document(rng: random.Random, registered: dt.date, dates: DateStyle) -> str:
    """The declarant's identity paper as written ("CCCD số 040...", "CMND số 182...")."""
    templates = lexicon()["id_documents"]
    if registered.year < 2016:  # before chip IDs: the 9-digit CMND
        templates = [pair for pair in templates if "{id9}" in pair[0]]
    template = _weighted(rng, templates)
    issued = _random_date(rng, registered - dt.timedelta(days=3650), registered - dt.timedelta(days=30))
    return template.format(id12="0" + _id_number(rng, 11), id9=str(rng.randint(1, 3)) + _id_number(rng, 8),
                           date=dates.digits(issued), passport=rng.choice("BCN") + _id_number(rng, 7))


# --------------------------------------------------------------------------- places

URBAN_PREFIXES = ("Tổ dân phố", "Khu phố", "Tổ", "Khối", "Khóm")


def place(rng: random.Random, unit: Unit, style: PlaceStyle, *, hamlet: float = 0.5) -> str:
    """An address in ``unit``, sometimes with a hamlet or street first."""
    text = format_unit(unit, style)
    if rng.random() < hamlet:
        lex = lexicon()
        urban = unit.ward.startswith(("Phường", "Thị trấn"))
        if rng.random() < 0.25 and urban:
            head = f"Số {rng.randint(1, 250)}, đường {rng.choice(lex['streets'])}"
        else:
            prefixes = [pair for pair in lex["hamlet_prefixes"] if (pair[0] in URBAN_PREFIXES) == urban]
            prefix = _weighted(rng, prefixes)
            tail = str(rng.randint(1, 15)) if rng.random() < 0.55 else rng.choice(lex["hamlet_names"])
            head = f"{prefix} {tail}"
        text = f"{head}, {text}"
    return text


def facility(rng: random.Random, unit: Unit, templates: list, style: PlaceStyle) -> str:
    """A health facility (or "Tại nhà") near ``unit``."""
    template = _weighted(rng, templates)
    district = unit.district[0].lower() + unit.district[1:] if unit.district else ""
    province = unit.province[0].lower() + unit.province[1:]
    if "{district}" in template and not district:
        template = template.replace("{district}", "{province}")
    ward = unit.ward[0].lower() + unit.ward[1:]
    text = template.format(ward=ward, district=district, province=province, province_short=unit.province_short)
    if template.startswith("Trạm") and rng.random() < 0.6 and unit.district:
        text += f", {district}, {province}"
    elif "{district}" in template and rng.random() < 0.5:
        text += f", {province}"
    if text.startswith("Tại"):
        text = f"{text}, {place(rng, unit, style, hamlet=0.7)}" if rng.random() < 0.6 else text
    return text


# --------------------------------------------------------------------------- records

@dataclass
class Record:
    """One record's truth, the strings printed for it, planted issues and register extras."""

    document_type: str
    values: dict[str, str]
    printed: dict[str, str] = field(default_factory=dict)
    planted: list[str] = field(default_factory=list)
    extras: dict = field(default_factory=dict)
    unit: Unit | None = None
    words_date: tuple[int, int, int] | None = None   # the date the words spell (checks, tests)
    planted_fields: dict[str, list[str]] = field(default_factory=dict)   # issue code -> fields it concerns

    def text(self, key: str) -> str:
        """What the page prints for ``key``."""
        return self.printed.get(key, self.values.get(key, ""))


@dataclass
class Book:
    """A register book: the context consecutive entries share."""

    document_type: str
    year: int
    number: str             # "01/2020"
    unit: Unit
    authority: str
    next_entry: int
    cursor: dt.date         # registration date of the last entry
    place_style: PlaceStyle
    dates: DateStyle
    spelling: numwords.Spelling
    number_suffix: bool = False   # entries numbered "125/2020" rather than "125"

    def advance(self, rng: random.Random) -> tuple[str, dt.date]:
        """The next entry's number and registration date."""
        number = self.next_entry
        self.next_entry += 1
        end = min(dt.date(self.year, 12, 31), LAST_DATE)
        step = _days(rng, 0, 6)
        self.cursor = min(self.cursor + step, end)
        return str(number), self.cursor


def draw_book(rng: random.Random, document_type: str, *, year: int | None = None) -> Book:
    """A register book of one record type, with its year, number and commune."""
    if year is None:
        years = list(range(1978, 2026))
        year = rng.choices(years, weights=[1 + max(0, y - 1990) * 0.25 for y in years])[0]
    system = "2025" if year == 2025 and rng.random() < 0.45 else "legacy"
    unit = draw_unit(rng, system)
    book_no = rng.choices((1, 2, 3), weights=(8, 2, 1))[0]
    number_form = rng.choices(("pad", "plain", "bare"), weights=(8, 2, 1))[0]
    number = {"pad": f"{book_no:02d}/{year}", "plain": f"{book_no}/{year}", "bare": f"{book_no:02d}"}[number_form]
    end = min(dt.date(year, 12, 31), LAST_DATE)
    start = dt.date(year, 1, 2) if system == "legacy" else NEW_UNITS_FROM
    if system == "legacy" and year == 2025:
        end = min(end, NEW_UNITS_FROM - dt.timedelta(days=1))
    cursor = _random_date(rng, start, end - dt.timedelta(days=20) if (end - start).days > 40 else end)
    first_entry = max(1, int((cursor - dt.date(year, 1, 1)).days * rng.uniform(0.2, 1.2)) + 1)
    return Book(document_type, year, number, unit, authority_name(unit, rng), first_entry, cursor,
                PlaceStyle.draw(rng), DateStyle.draw(rng, year), numwords.draw_spelling(rng), rng.random() < 0.15)


def _registration(rng: random.Random, book: Book, values: dict[str, str], printed: dict[str, str],
                  number_suffix: bool) -> dt.date:
    number, registered = book.advance(rng)
    values["registration_number"] = f"{number}/{book.year}" if number_suffix else number
    values["book_number"] = book.number
    values["registration_date"] = iso(registered)
    printed["registration_date"] = book.dates.digits(registered)
    values["registration_authority"] = book.authority
    values["notes"] = ""
    return registered


def _system_for(date: dt.date) -> str:
    return "2025" if date >= NEW_UNITS_FROM else "legacy"


def _kind(rng: random.Random, weights: tuple[int, int, int]) -> str:
    return rng.choices(("đúng hạn", "quá hạn", "đăng ký lại"), weights=weights)[0]


def birth_record(rng: random.Random, book: Book, *, register: bool) -> Record:
    """A birth: child, parents, declarant, registration within or after the 60 days."""
    values: dict[str, str] = {}
    printed: dict[str, str] = {}
    planted: list[str] = []
    planted_fields: dict[str, list[str]] = {}
    registered = _registration(rng, book, values, printed, number_suffix=book.number_suffix)
    kind = _kind(rng, (80, 13, 7))
    if kind == "đúng hạn":
        born = registered - _days(rng, 1, 60)
    elif kind == "quá hạn":
        born = registered - _days(rng, 61, 365 * 15)
    else:
        born = _random_date(rng, dt.date(max(1930, book.year - 70), 1, 1), registered - _days(rng, 365, 365 * 3))
    male = rng.random() < 0.51
    ethnicity = draw_ethnicity(rng)
    local = book.unit
    old_units = _system_for(registered)
    father_present = rng.random() > 0.08
    father = draw_person(rng, True, ethnicity=ethnicity if rng.random() < 0.9 else None,
                         foreign_share=0.01) if father_present else None
    mother_ethnicity = ethnicity if rng.random() < 0.88 else None
    mother = draw_person(rng, False, ethnicity=mother_ethnicity, foreign_share=0.02)
    if father is not None and father.nationality == "Việt Nam" and rng.random() < 0.9:
        surname = surname_of(father.name)
    else:
        surname = surname_of(mother.name) if mother.nationality == "Việt Nam" else None
    child_ethnicity = ethnicity
    if mother.nationality != "Việt Nam" and father is not None:
        child_ethnicity = (father.ethnicity, father.ethnicity_canonical)
    child = Person(person_name(rng, male, child_ethnicity[1], surname), male, child_ethnicity[0],
                   child_ethnicity[1], "Việt Nam")
    values["full_name"] = child.name
    values["date_of_birth"] = iso(born)
    printed["date_of_birth"] = book.dates.digits(born)
    spelled = born
    if rng.random() < 0.015:   # a clerk's slip between digits and words
        spelled = _slip(born, rng)
        planted.append("date_words_mismatch")
        planted_fields["date_words_mismatch"] = ["date_of_birth", "date_of_birth_in_words"]
    values["date_of_birth_in_words"] = clean(numwords.date_words(spelled.day, spelled.month, spelled.year,
                                                                 book.spelling))
    values["sex"] = "Nam" if male else "Nữ"
    values["ethnicity"] = child.ethnicity
    values["nationality"] = "Việt Nam"
    birth_unit = draw_unit(rng, old_units, near=local, same=0.5)
    if born.year >= 1995 and rng.random() < 0.75 or rng.random() < 0.25:
        values["place_of_birth"] = facility(rng, birth_unit, lexicon()["birth_facilities"], book.place_style)
    else:
        values["place_of_birth"] = place(rng, birth_unit, book.place_style, hamlet=0.6)
    home_unit = draw_unit(rng, "legacy" if rng.random() < 0.7 else old_units, near=local)
    values["hometown"] = place(rng, home_unit, book.place_style, hamlet=0.15)
    pid = ""
    if registered.year >= PERSONAL_IDS_FROM and rng.random() < 0.92:
        pid = personal_id(local.id_province_code, male, born.year, rng)
        if rng.random() < 0.06:
            pid, code = plant_id_issue(pid, rng)
            planted.append(code)
            planted_fields.setdefault(code, []).append("personal_id")
    values["personal_id"] = pid
    residence_unit = draw_unit(rng, old_units, near=local, same=0.7)
    shared_residence = place(rng, residence_unit, book.place_style, hamlet=0.65)
    for role, parent, low, high in (("mother", mother, 17, 44), ("father", father, 19, 58)):
        if parent is None:
            for key in ("full_name", "birth_year", "ethnicity", "nationality", "residence"):
                values[f"{role}_{key}"] = ""
            continue
        values[f"{role}_full_name"] = parent.name
        values[f"{role}_birth_year"] = str(born.year - rng.randint(low, high))
        values[f"{role}_ethnicity"] = parent.ethnicity
        values[f"{role}_nationality"] = parent.nationality
        if parent.nationality != "Việt Nam" and rng.random() < 0.4:
            values[f"{role}_residence"] = f"{rng.choice(('Seoul', 'Viêng Chăn', 'Phnôm Pênh', 'Quảng Tây'))}, " \
                                          f"{parent.nationality}"
        else:
            values[f"{role}_residence"] = shared_residence if rng.random() < 0.8 else place(
                rng, draw_unit(rng, old_units, near=local), book.place_style, hamlet=0.6)
    relationship = "Cha" if father is not None and rng.random() < 0.55 else "Mẹ"
    if rng.random() < 0.12:
        relationship = rng.choice(lexicon()["birth_declarant_relationships"])
    if relationship in ("Cha", "Bố") and father is not None:
        declarant = father.name
    elif relationship == "Mẹ":
        declarant = mother.name
    else:
        relationship = relationship if relationship not in ("Cha", "Bố") else "Ông nội"
        declarant = kinh_name(rng, relationship in ("Ông nội", "Ông ngoại", "Chú", "Bác"))
    shown = register or rng.random() < 0.35
    values["declarant_full_name"] = declarant if shown else ""
    values["declarant_id_document"] = id_document(rng, registered, book.dates) if shown and (
        register or rng.random() < 0.8) else ""
    record = Record("birth", values, printed, sorted(set(planted)), unit=local,
                    words_date=(spelled.year, spelled.month, spelled.day), planted_fields=planted_fields)
    record.extras.update(registration_kind=kind, declarant_relationship=relationship if shown else "")
    _register_extras(rng, record, book, registered, register)
    return _ordered(record)


def _slip(date: dt.date, rng: random.Random) -> dt.date:
    for _ in range(10):
        try:
            candidate = rng.choice((date.replace(day=max(1, (date.day + rng.choice((-1, 1, 10))) % 29)),
                                    date.replace(month=(date.month % 12) + 1),
                                    date.replace(year=date.year + rng.choice((-1, 1)))))
        except ValueError:
            continue
        if candidate != date:
            return candidate
    return date + dt.timedelta(days=1)


def death_record(rng: random.Random, book: Book, *, register: bool) -> Record:
    """A death: the deceased, time and place of death, cause, declarant, death notice."""
    values: dict[str, str] = {}
    printed: dict[str, str] = {}
    planted: list[str] = []
    planted_fields: dict[str, list[str]] = {}
    registered = _registration(rng, book, values, printed, number_suffix=book.number_suffix)
    kind = _kind(rng, (85, 11, 4))
    if kind == "đúng hạn":
        died = registered - _days(rng, 0, 15)
    elif kind == "quá hạn":
        died = registered - _days(rng, 16, 365 * 10)
    else:
        died = registered - _days(rng, 365, 365 * 25)
    age_years = rng.choices((rng.randint(0, 4), rng.randint(5, 49), rng.randint(50, 79), rng.randint(80, 102)),
                            weights=(4, 14, 45, 37))[0]
    born = died - dt.timedelta(days=age_years * 365 + rng.randint(0, 364))
    if born.year < 1900:
        born = born.replace(year=1900 + born.year % 10)
    male = rng.random() < 0.52
    person = draw_person(rng, male, foreign_share=0.003)
    local = book.unit
    units = _system_for(registered)
    values["full_name"] = person.name
    values["date_of_birth"] = iso(born)
    printed["date_of_birth"] = book.dates.digits(born)
    if rng.random() < 0.04:        # old people with only a year known: "01/01/1932"
        born = dt.date(born.year, 1, 1)
        values["date_of_birth"] = iso(born)
        printed["date_of_birth"] = book.dates.digits(born)
    values["sex"] = "Nam" if male else "Nữ"
    values["ethnicity"] = person.ethnicity
    values["nationality"] = person.nationality
    pid = ""
    if registered.year >= PERSONAL_IDS_FROM and person.nationality == "Việt Nam" and rng.random() < 0.85:
        origin = draw_unit(rng, "legacy", near=local if local.system == "legacy" else None)
        pid = personal_id(origin.id_province_code, male, born.year, rng)
        if rng.random() < 0.06:
            pid, code = plant_id_issue(pid, rng)
            planted.append(code)
            planted_fields.setdefault(code, []).append("personal_id")
    values["personal_id"] = pid
    residence_unit = draw_unit(rng, units, near=local, same=0.85)
    values["last_residence"] = place(rng, residence_unit, book.place_style, hamlet=0.75)
    if rng.random() < 0.05:
        values["time_of_death"] = ""
        printed["time_of_death"] = ""
    else:
        hour, minute = rng.randrange(24), rng.choice((rng.randrange(60), 0, 30, 15, 45))
        values["time_of_death"] = f"{hour:02d}:{minute:02d}"
        printed["time_of_death"] = time_printed(hour, minute, rng)
    values["date_of_death"] = iso(died)
    printed["date_of_death"] = book.dates.digits(died)
    death_place = facility(rng, residence_unit, lexicon()["death_places"], book.place_style)
    values["place_of_death"] = death_place
    values["cause_of_death"] = rng.choice(lexicon()["causes_of_death"])
    relationship = rng.choice(lexicon()["death_relationships"])
    male_declarant = relationship in ("Con trai", "Chồng", "Anh trai", "Em trai", "Con rể") or (
        relationship in ("Con", "Cháu", "Cháu nội", "Cháu ngoại") and rng.random() < 0.5)
    surname = surname_of(person.name) if relationship in ("Con trai", "Anh trai", "Em trai", "Cháu nội") else None
    values["declarant_full_name"] = person_name(rng, male_declarant, person.ethnicity_canonical or "Kinh", surname)
    values["declarant_relationship"] = relationship
    record = Record("death", values, printed, sorted(set(planted)), unit=local, planted_fields=planted_fields)
    notice_issuer = facility(rng, residence_unit, [["Trạm Y tế {ward}", 5], ["Bệnh viện Đa khoa {district}", 3],
                                                   ["Công an {ward}", 1]], book.place_style)
    record.extras.update(registration_kind=kind, death_notice={
        "number": f"{rng.randint(1, 300)}{rng.choice(('', '/GBT', '/GBT-TYT', '/BV'))}",
        "issuer": notice_issuer.split(",")[0],
        "date": book.dates.digits(min(registered, died + _days(rng, 0, 3)))})
    _register_extras(rng, record, book, registered, register)
    return _ordered(record)


def marriage_record(rng: random.Random, book: Book, *, register: bool) -> Record:
    """A marriage: both spouses of legal age on the registration date."""
    values: dict[str, str] = {}
    printed: dict[str, str] = {}
    planted: list[str] = []
    planted_fields: dict[str, list[str]] = {}
    registered = _registration(rng, book, values, printed, number_suffix=book.number_suffix)
    kind = rng.choices(("đăng ký mới", "đăng ký lại"), weights=(95, 5))[0]
    local = book.unit
    units = _system_for(registered)
    ethnicity = draw_ethnicity(rng)
    for side, male, minimum, spread in (("husband", True, 20, 25), ("wife", False, 18, 22)):
        age = minimum + min(int(rng.expovariate(1 / 6)), spread)
        born = registered - dt.timedelta(days=age * 365 + (age // 4) + rng.randint(1, 360))
        person = draw_person(rng, male, ethnicity=ethnicity if rng.random() < 0.85 else None,
                             foreign_share=0.03 if side == "wife" else 0.01)
        values[f"{side}_full_name"] = person.name
        values[f"{side}_date_of_birth"] = iso(born)
        printed[f"{side}_date_of_birth"] = book.dates.digits(born)
        values[f"{side}_ethnicity"] = person.ethnicity
        values[f"{side}_nationality"] = person.nationality
        if person.nationality == "Việt Nam":
            values[f"{side}_residence"] = place(rng, draw_unit(rng, units, near=local, same=0.5), book.place_style,
                                                hamlet=0.7)
        else:
            values[f"{side}_residence"] = f"{rng.choice(('Seoul', 'Busan', 'Đài Bắc', 'Quảng Tây'))}, " \
                                          f"{person.nationality}"
        pid = ""
        if registered.year >= PERSONAL_IDS_FROM and person.nationality == "Việt Nam" and rng.random() < 0.85:
            origin = draw_unit(rng, "legacy", near=local if local.system == "legacy" else None)
            pid = personal_id(origin.id_province_code, male, born.year, rng)
            if rng.random() < 0.06:
                pid, code = plant_id_issue(pid, rng)
                planted.append(code)
                planted_fields.setdefault(code, []).append(f"{side}_personal_id")
        values[f"{side}_personal_id"] = pid
    record = Record("marriage", values, printed, sorted(set(planted)), unit=local, planted_fields=planted_fields)
    record.extras.update(registration_kind=kind)
    _register_extras(rng, record, book, registered, register)
    return _ordered(record)


def _register_extras(rng: random.Random, record: Record, book: Book, registered: dt.date, register: bool) -> None:
    """Signer, officer and (on registers) a later note in the Ghi chú column."""
    titles = lexicon()["signer_titles"]
    title, above, _ = rng.choices(titles, weights=[weight for *_, weight in titles])[0]
    record.extras.update(signer_name=kinh_name(rng, rng.random() < 0.6), signer_title=title,
                         signer_above=above, officer_name=kinh_name(rng, rng.random() < 0.4))
    if register and rng.random() < 0.16:
        record.values["notes"] = _note(rng, record, book, registered)


def _note(rng: random.Random, record: Record, book: Book, registered: dt.date) -> str:
    later = _random_date(rng, registered + dt.timedelta(days=30), max(registered + dt.timedelta(days=31), LAST_DATE))
    options = lexicon()["notes"]
    if record.document_type != "birth":
        options = [text for text in options if "{father}" not in text and "{old_dob}" not in text]
    template = rng.choice(options)
    name = record.values.get("full_name") or record.values.get("husband_full_name", "")
    old_name = " ".join(name.split()[:-1] + [rng.choice(lexicon()["given_male" if rng.random() < 0.5
                                                                    else "given_female"])])
    ethnicity = record.values.get("ethnicity") or record.values.get("husband_ethnicity") or "Kinh"
    dob = record.printed.get("date_of_birth", "01/01/2000")
    text = template.format(
        old_name=old_name, name=name, qd=rng.randint(1, 999), date=book.dates.digits(later),
        old_dob=book.dates.digits(dt.date.fromisoformat(record.values.get("date_of_birth") or "2000-01-01")
                                  - dt.timedelta(days=rng.randint(1, 40))),
        dob=dob, old_eth=rng.choice(("Kinh", "Tày", "Mường", "Hoa")), eth=ethnicity,
        father=kinh_name(rng, True), old_place="xã " + rng.choice(("Yên Phú", "Đông Hòa", "Tân An")),
        place=record.values.get("hometown", "") or "xã Tân Lập")
    return clean(text)


def _ordered(record: Record) -> Record:
    """The values in fields.md order, every key present, each cleaned."""
    keys = field_keys(record.document_type)
    record.values = {key: clean(record.values.get(key, "")) for key in keys}
    return record


MAKERS = {"birth": birth_record, "death": death_record, "marriage": marriage_record}


def make_record(rng: random.Random, book: Book, *, register: bool) -> Record:
    """One record of the book's type."""
    return MAKERS[book.document_type](rng, book, register=register)
