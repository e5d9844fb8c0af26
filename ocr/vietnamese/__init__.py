"""Vietnamese normalisers and validators of the recognition layer (shared/spec/fields.md).

The extractor calls :func:`normalise_field` by the kind each template field
names; :func:`ocr.validation.validate_record` applies the cross-field rules.
The modules below are usable on their own: ``text`` (NFC, spacing, folding,
equivalent spellings), ``dates`` and ``numbers_words`` (dates in digits and
words, times, years), ``names``, ``ethnicity``, ``nationality``,
``personal_id`` and ``places``. Data lives in ``resources/lexicons/``.
"""

from ocr.vietnamese.dates import (
    date_in_words,
    parse_date,
    parse_date_digits,
    parse_date_words,
    parse_time,
    parse_year,
)
from ocr.vietnamese.ethnicity import match_ethnicity
from ocr.vietnamese.names import check_name, normalise_name
from ocr.vietnamese.nationality import match_nationality
from ocr.vietnamese.normalise import KINDS, NormalisedValue, normalise_field
from ocr.vietnamese.personal_id import check_personal_id, parse_personal_id
from ocr.vietnamese.places import check_place
from ocr.vietnamese.results import Parsed
from ocr.vietnamese.text import clean_spaces, equivalence_key, equivalent, fold_for_search, nfc

__all__ = [
    "KINDS",
    "NormalisedValue",
    "Parsed",
    "check_name",
    "check_personal_id",
    "check_place",
    "clean_spaces",
    "date_in_words",
    "equivalence_key",
    "equivalent",
    "fold_for_search",
    "match_ethnicity",
    "match_nationality",
    "nfc",
    "normalise_field",
    "normalise_name",
    "parse_date",
    "parse_date_digits",
    "parse_date_words",
    "parse_personal_id",
    "parse_time",
    "parse_year",
]
