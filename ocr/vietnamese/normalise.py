"""One registry of field-kind normalisers: raw OCR text in, the value fields.md wants out.

``normalise_field(kind, raw) -> NormalisedValue``: ``value`` as fields.md
wants it (ISO dates, ``HH:MM`` times, ``YYYY`` years, NFC, single spaces,
no edge punctuation), ``certainty`` in [0, 1] (1.0 = read exactly and
well-formed; lower when something was repaired or guessed; 0.0 when the text
is not a value of that kind), ``reasons`` (stable codes saying why it is
below 1.0), ``parsed`` (the typed value cross-checks use: ``datetime.date``,
``datetime.time``, ``int``, the canonical ethnicity, a
:class:`~ocr.vietnamese.places.PlaceCheck`...) and ``suggestion`` (a
corrected spelling the officer may accept, when the value is kept as
printed). An empty input is a blank field: ``value == ""``, certainty 1.0.

The extractor calls this by the kind each template field names (the kinds of
``resources/fields.json``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ocr.vietnamese.dates import parse_date, parse_date_words, parse_time, parse_year
from ocr.vietnamese.ethnicity import ethnic_groups
from ocr.vietnamese.lexicons import KNOWN_SPELLING, SCORE_FOLDED, Lexicon
from ocr.vietnamese.names import check_name
from ocr.vietnamese.nationality import nationalities
from ocr.vietnamese.personal_id import ID_CONFUSIONS, parse_personal_id
from ocr.vietnamese.places import check_place
from ocr.vietnamese.results import Parsed
from ocr.vietnamese.syllables import is_syllable
from ocr.vietnamese.text import clean_spaces, equivalence_key, strip_diacritics


@dataclass(frozen=True)
class NormalisedValue:
    """A field value as normalised, with how sure the normaliser is and why not more."""

    value: str
    certainty: float
    reasons: tuple[str, ...] = ()
    parsed: object = None
    suggestion: str = ""

    @property
    def reason(self) -> str:
        """The first reason, or ``""``."""
        return self.reasons[0] if self.reasons else ""


BLANK = NormalisedValue("", 1.0)


def _from_parsed(result: Parsed, text: str, value: str) -> NormalisedValue:
    if result.value is None:
        return NormalisedValue(text, 0.0, (result.reason,))
    return NormalisedValue(value, result.certainty, result.repairs, result.value)


def _date(raw: str) -> NormalisedValue:
    text = clean_spaces(raw)
    if not text:
        return BLANK
    result = parse_date(text)
    return _from_parsed(result, text, result.value.isoformat() if result.value else "")


def _date_words(raw: str) -> NormalisedValue:
    text = clean_spaces(raw)
    if not text:
        return BLANK
    result = parse_date_words(text)
    if result.value is None:
        return NormalisedValue(text, 0.0, (result.reason,))
    # The value is the phrase as printed; OCR-damaged number words are put back (a correction
    # toward known words, which the grammar of the date confirmed).
    return NormalisedValue(result.text, result.certainty, result.repairs, result.value)


def _year(raw: str) -> NormalisedValue:
    text = clean_spaces(raw)
    if not text:
        return BLANK
    result = parse_year(text)
    return _from_parsed(result, text, f"{result.value:04d}" if result.value else "")


def _time(raw: str) -> NormalisedValue:
    text = clean_spaces(raw)
    if not text:
        return BLANK
    result = parse_time(text)
    return _from_parsed(result, text, result.value.strftime("%H:%M") if result.value else "")


_SEX_LABEL = re.compile(r"(?i)^gi[oớ]i\s*t[ií]nh\s*[:.]?\s*")


def _sex(raw: str) -> NormalisedValue:
    text = _SEX_LABEL.sub("", clean_spaces(raw))
    if not text:
        return BLANK
    key = equivalence_key(text)
    if key in ("nam", "nữ"):
        return NormalisedValue("Nam" if key == "nam" else "Nữ", 1.0, (), "Nam" if key == "nam" else "Nữ")
    words = key.split()
    if len(words) == 2 and words[1] == equivalence_key("giới") and words[0] in ("nam", "nữ"):
        value = "Nam" if words[0] == "nam" else "Nữ"
        return NormalisedValue(value, 0.95, ("extra_text",), value)
    folded = strip_diacritics(key).replace(" ", "")
    if folded in ("nam",):
        return NormalisedValue("Nam", 0.8, ("diacritics_repaired",), "Nam")
    if folded in ("nu",):
        return NormalisedValue("Nữ", 0.8, ("diacritics_repaired",), "Nữ")
    if folded in ("nua", "nuu", "nux", "nur"):
        # "Nữa": the mark of ữ read as a letter (seen on real copies)
        return NormalisedValue("Nữ", 0.7, ("ocr_letters",), "Nữ")
    if folded in ("male", "m"):
        return NormalisedValue("Nam", 0.6, ("foreign_word",), "Nam")
    if folded in ("female", "f"):
        return NormalisedValue("Nữ", 0.6, ("foreign_word",), "Nữ")
    return NormalisedValue(text, 0.0, ("not_a_sex",))


def _lexicon_kind(lexicon_of: Callable[[], Lexicon], unknown: str) -> Callable[[str], NormalisedValue]:
    def normalise(raw: str) -> NormalisedValue:
        lexicon = lexicon_of()
        text = lexicon.strip_label(raw)
        if not text:
            return BLANK
        match = lexicon.match(text)
        if match.canonical is None:
            return NormalisedValue(text, 0.2, (unknown,))
        if match.score >= KNOWN_SPELLING:
            return NormalisedValue(text, 1.0, (), match.canonical)
        # OCR damage toward a known spelling: the value takes that spelling.
        reason = "diacritics_repaired" if match.score >= SCORE_FOLDED else "fuzzy_word"
        return NormalisedValue(match.spelling, match.score, (reason,), match.canonical, match.spelling)

    return normalise


def _name(raw: str) -> NormalisedValue:
    check = check_name(raw)
    if not check.value:
        return BLANK
    return NormalisedValue(check.value, check.plausibility, check.issues, check, check.suggestion)


def _place(raw: str) -> NormalisedValue:
    check = check_place(raw)
    if not check.value:
        return BLANK
    return NormalisedValue(check.value, check.plausibility, check.issues, check, check.suggestion)


def _personal_id(raw: str) -> NormalisedValue:
    text = clean_spaces(raw)
    if not text:
        return BLANK
    result = parse_personal_id(text)
    if result.value is None:
        return NormalisedValue(result.text or text, 0.0, (result.reason,))
    return NormalisedValue(result.value, result.certainty, result.repairs, result.value)


_NUMBER_LABEL = re.compile(r"(?i)^(?:quy[eể]n\s*)?s[oốồ]\s*[:.]?\s*")


def _number(raw: str) -> NormalisedValue:
    """``125``, ``125/2020``, ``01/2020``: digits and slashes as printed, OCR letters read as digits."""
    text = _NUMBER_LABEL.sub("", clean_spaces(raw))
    if not text:
        return BLANK
    compact = re.sub(r"\s*([/\-.])\s*", r"\1", text)
    if re.fullmatch(r"\d+(?:[/\-.]\d+)*(?:[/\-.][A-Za-zĐđ][A-Za-zĐđ\-]{0,9})*", compact):
        return NormalisedValue(compact, 1.0, (), compact)
    repaired = re.sub(r"\s", "", compact).translate(ID_CONFUSIONS)
    if re.fullmatch(r"\d+(?:[/\-.]\d+)*", repaired):
        return NormalisedValue(repaired, 0.7, ("ocr_digits",), repaired)
    return NormalisedValue(text, 0.1, ("not_a_number",))


_ABBREVIATION = re.compile(r"^[A-ZĐ]{2,6}$")


def _text(raw: str) -> NormalisedValue:
    text = clean_spaces(raw)
    if not text:
        return BLANK
    words = [word for word in re.findall(r"[^\W\d_]+", text) if not _ABBREVIATION.match(word)]
    bad = [word for word in words if not is_syllable(word)]
    if not words or not bad:
        return NormalisedValue(text, 1.0)
    share = 1 - len(bad) / len(words)
    return NormalisedValue(text, round(max(0.1, min(0.85, share - 0.1)), 3), ("malformed_word",))


NORMALISERS: dict[str, Callable[[str], NormalisedValue]] = {
    "name": _name,
    "date": _date,
    "date_words": _date_words,
    "year": _year,
    "time": _time,
    "sex": _sex,
    "ethnicity": _lexicon_kind(ethnic_groups, "unknown_ethnicity"),
    "nationality": _lexicon_kind(nationalities, "unknown_nationality"),
    "place": _place,
    "personal_id": _personal_id,
    "registration_number": _number,
    "book_number": _number,
    "text": _text,
    "relationship": _text,
}

#: The kinds this registry knows (the kinds of resources/fields.json).
KINDS = tuple(NORMALISERS)


def normalise_field(kind: str, raw: str | None) -> NormalisedValue:
    """Normalise ``raw`` as a value of ``kind``; ``ValueError`` for a kind no normaliser knows."""
    try:
        normaliser = NORMALISERS[kind]
    except KeyError as exc:
        raise ValueError(f"unknown field kind {kind!r}; known: {', '.join(KINDS)}") from exc
    return normaliser(raw or "")
