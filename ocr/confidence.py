"""How sure a field is, and whether the officer must look at it.

The evidence about one field: the words OCR read (their confidences), what the
normaliser made of them (its certainty: read as is, repaired, malformed), a
second reading of the same zone with other settings when there is one, and the
cross-field rules (a rule failed; another source confirms the value). From it:

- ``confidence`` in [0, 1]: the OCR confidence of the weakest word, times the
  normaliser's certainty; a second reading that agrees lifts it, one that
  disagrees sinks it; a confirming source (the date in words) lifts it;
- ``needs_review`` when the confidence is under the policy's threshold, or a
  rule failed, or two sources disagree, or the caption was not found, or a
  value the form must hold is blank.

The threshold is calibrated on generated pages (``bench/accuracy.py --curve``)
so that few wrong values stay unflagged; it is a policy value, not a constant
of the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ocr.fieldkinds import CLOSE_REPAIR, Reading, equivalent
from ocr.secondlook import DIGITS_MODEL_KINDS
from ocr.templates import FieldTemplate
from ocr.types import ExtractedField
from ocr.vietnamese.names import is_given_name
from ocr.vietnamese.personal_id import ID_PAPER_STATEMENT
from ocr.vietnamese.phrases import is_whole_phrase

#: Reasons that always flag a field.
HARD_REASONS = frozenset({
    "label_not_found", "second_look_disagrees", "sources_disagree", "rule_failed", "blank_value", "not_a_date",
    "not_a_year", "not_a_time", "not_a_sex", "not_a_personal_id", "personal_id_length", "not_a_number",
    "digits_in_name", "unknown_ethnicity", "unknown_nationality", "uncertain_continuation", "stray_punctuation",
    "stray_character", "irregular_case", "blank_but_text", "name_incomplete", "incomplete_place",
    "caption_as_value", "place_spelling", "place_inconsistent", "place_unknown_unit", "place_not_recognised",
    "place_cut_short", "text_left_out", "value_continues", "caption_then_caption", "near_phrase", "name_mark_doubt",
    "two_places", "date_of_signing", "respelt_from_digits", "book_number_shape", "registration_number_shape",
    "name_not_capitalised", "year_from_book", "word_before_place", "digits_confused", "two_names",
    "name_like_value", "caption_misread", "read_apart", "surname_guessed", "unit_commas_guessed",
    "letter_after_number", "place_implied", "given_name_repaired",
})
#: Reasons a confirming source or an agreeing second look does not lift.
STICKY_REASONS = frozenset({
    "stray_punctuation", "text_left_out", "place_spelling", "place_inconsistent", "place_unknown_unit",
    "place_not_recognised", "place_cut_short", "incomplete_place", "name_incomplete", "two_places",
    "value_continues", "caption_then_caption", "near_phrase", "name_mark_doubt", "date_of_signing",
    "respelt_from_digits", "book_number_shape", "registration_number_shape", "name_not_capitalised",
    "year_from_book", "word_before_place", "digits_confused", "two_names", "caption_misread", "surname_guessed",
    "unit_commas_guessed", "letter_after_number", "place_implied", "given_name_repaired",
})


@dataclass(frozen=True)
class FieldEvidence:
    """Everything known about one field before the decision (see the module docstring)."""

    spec: FieldTemplate
    located: Any  # ocr.extract.LocatedValue | None
    reading: Reading
    weak_caption: bool = False
    second: Reading | None = None
    second_raw: str = ""
    second_confidence: float = 0.0
    third: Reading | None = None
    third_confidence: float = 0.0

    @property
    def ocr_confidence(self) -> float:
        """The confidence of the weakest word mostly inside the value (1.0 for no words)."""
        if self.located is None:
            return 0.0
        words = [word.confidence for word, share in self.located.words if share >= 0.34]
        if not words:
            words = [word.confidence for word, _ in self.located.words]
        return min(words) if words else 1.0


@dataclass(frozen=True)
class ReviewPolicy:
    """When a field is flagged and when it earns a second look.

    ``threshold``: a confidence under it flags the field. ``second_look_below``: an OCR
    confidence under it (or any doubt of the normaliser) triggers a second look;
    ``second_look_kinds`` always get one (values whose errors the first reading's
    confidence hides: names and numbers).
    """

    threshold: float = 0.80
    second_look_below: float = 0.95
    second_look_kinds: tuple[str, ...] = ("name", "date", "personal_id", "year", "registration_number",
                                          "book_number", "time")
    #: Of those, the kinds whose first reading is not read again when it is sure (an OCR confidence
    #: from ``second_look_below``, nothing the normaliser or the locator doubts). Measured on both
    #: benches (564 such readings of names, dates, years and times): none was wrong, and the second
    #: look only flagged right values it misread itself. A digit string is read again however sure
    #: Tesseract is: it read a personal ID's 9 as a 3, a registration number's 8 as a 6, at 0.95.
    trusted_when_sure: tuple[str, ...] = ("name", "date", "year", "time")

    def wants_second_look(self, item: FieldEvidence) -> bool:
        """Whether this field should be read a second time."""
        if item.located is None or not item.located.lines:
            return False
        if not item.reading.value and item.spec.blank:
            return True  # a blank value is checked: a second look finding writing there flags it
        sure = item.reading.certainty >= 1.0 and item.ocr_confidence >= self.second_look_below
        if item.spec.kind in self.trusted_when_sure:
            return not (sure and not item.reading.reasons and not getattr(item.located, "flags", ()))
        return item.spec.kind in self.second_look_kinds or not sure


#: What a second look that read nothing usable costs the first reading's confidence. Measured on
#: every second look of the main bench: a first reading sure from 0.85 kept 24 right values
#: unflagged and no wrong one; from 0.80 it would have kept a wrong book number too.
UNREAD_SECOND_LOOK_PENALTY = 0.05


def _read_nothing(item: FieldEvidence) -> bool:
    """Whether the second look read nothing usable where the first read a value: no letter or
    digit, or a value it cannot parse in no more words than the first reading's. (Where the first
    read a blank, a mark or two read the second time is ink in the room: a disagreement.)"""
    second, raw = item.second, item.second_raw
    letters = re.findall(r"\w", raw)
    first = item.reading.value
    if not first:  # (nothing read twice is two readings that agree; an ID's empty boxes read nothing)
        return _empty_comb(item)
    if not letters:
        return True
    if (item.spec.kind in CLOSED_LIST_KINDS and item.reading.certainty >= 1.0
            and set(second.reasons) & {"unknown_ethnicity", "unknown_nationality", "not_a_sex"}):
        # The first reading is an entry of the list as printed, the second none at all ("61a Ra1"
        # for "Gia Rai" in a typewriter face): a misreading of the crop, not another value.
        return True
    return second.certainty == 0.0 and len(re.findall(r"\w+", raw)) <= len(re.findall(r"\w+", first))


#: More digits than any ID holds, read where the page's reading saw none, are the empty row of
#: boxes a form prints for the 12 digits, its sides read as 1, 0, 6 and 9 through the digits-only
#: whitelist (the dumps: 10 such second readings of 29 to 60 digits, all under blank IDs; the
#: IDs the page's reading lost came back as 10 and 16 digits, and stay flagged).
COMB_DIGITS = 20


def _empty_comb(item: FieldEvidence) -> bool:
    """Whether the second look of a blank ID read the empty boxes of its comb as digits, or a speck
    or a box's side as one or two (``SPECK_CHARACTERS``)."""
    if item.spec.kind != "personal_id":
        return False
    read = re.findall(r"\w", item.second_raw)
    return len(read) >= COMB_DIGITS or 0 < len(read) <= SPECK_CHARACTERS


#: At most this many characters read by the second look where the page's reading saw no ID are a
#: speck or a box's side read as a digit ("1", "00"), not an ID: on both benches 21 such second
#: readings, all under blank IDs (a 12-digit ID the page's reading lost reads as ten digits and more).
SPECK_CHARACTERS = 2


def _boxes_confirmed_empty(item: FieldEvidence) -> bool:
    """Whether a blank ID is confirmed blank: the page's reading read its room as the strokes of an
    empty row of boxes (``empty_boxes``), and the second look, digits only, found no digit there."""
    return ("empty_boxes" in item.reading.reasons and item.second is not None
            and not re.search(r"\d", item.second_raw))


#: The most a name's normaliser gives a second reading that is no usable name (a mark doubted,
#: a syllable Vietnamese does not have, an unknown surname).
MISREAD_NAME_CERTAINTY = 0.5


def _misread_name(item: FieldEvidence) -> bool:
    """Whether the second look misread a name the first read cleanly: the first a well-formed name
    (known surname, Vietnamese syllables, one case), the second not one ("Dương Thị Ngọc Hần",
    "NGUYỄN THÚY THẮẲM", "Tôn Thanh Loơn") in no more words, so it saw nothing the first left
    out ("Nguyễn Tuấn k": the first may have lost a word, and stays flagged). Measured on both
    benches' name disagreements: 25 such first readings sure enough to stand, all right."""
    second = item.second
    if item.spec.kind != "name" or second is None or not item.reading.value:
        return False
    if item.reading.certainty < 1.0 or second.certainty > MISREAD_NAME_CERTAINTY:
        return False
    return len(re.findall(r"\w+", second.value)) <= len(re.findall(r"\w+", item.reading.value))


#: Kinds a third reading may settle: not names, personal IDs or years, whose mistakes (a tone
#: mark, 1 for 7) the readings of one zone tend to share, as both benches showed (a third
#: reading siding with a wrong first: 6 of 104 such lifts of names and numbers, 1 of 79 of
#: the other kinds). Registration and book numbers and dates may: their third reading is another
#: model's (:data:`ocr.engine.DIGITS_LANGUAGE`, :func:`ocr.secondlook.third_reread`), which on both
#: benches' number zones sided with a first reading the second disagreed with 64 times, never
#: with a wrong one (dates: 33 times with a right one, 3 times with a wrong one: a neighbour's date
#: in the zone and an unparsable "271909", which the third reading's own doubt keeps out); it did
#: with wrong personal IDs and years (a serif 1 read as 7 by both models).
TIEBREAK_KINDS_EXCLUDED = frozenset({"name", "personal_id", "year", "time"})

#: Kinds written in digits (and a slash) only.
DIGITS_KINDS = frozenset({"registration_number", "book_number", "personal_id", "year"})


def wants_tiebreak(item: FieldEvidence) -> bool:
    """Whether a third reading could settle this field: two readings of a value that disagree,
    of a kind whose readings err independently enough, the first without a doubt of its own."""
    if item.second is None or not item.reading.value:
        return False
    if not item.second.value and item.spec.kind not in DIGITS_MODEL_KINDS:
        return False  # (the digits model's reading is evidence even where the second read nothing)
    if item.spec.kind in TIEBREAK_KINDS_EXCLUDED or item.reading.certainty < 1.0:
        return False
    if re.search(r"[:;]", item.reading.value):
        return False  # a stop no value holds ("Y tế: thành phố"): two readings may both see it
    own = (*item.reading.reasons, *getattr(item.located, "flags", ()))
    if any(reason in HARD_REASONS for reason in own):
        return False
    if item.spec.kind in DIGITS_KINDS and item.second.value.lstrip("0") == item.reading.value.lstrip("0"):
        return False  # a leading zero, small and faint, is what both models lose ("2/1983" for 02/1983)
    return not equivalent(item.reading.value, item.second.value)


#: Kinds whose two readings that agree, as printed but together under the review threshold, are read
#: a third time by the digits model, and stand when it agrees too (:func:`_confirmed_by_third`). Not a
#: book number: all three readings lose a small leading zero alike ("1/2025" for 01/2025); not a year
#: or a date, whose serif 1 read as 7 both models share.
CONFIRMED_KINDS = frozenset({"registration_number"})
#: The confidence of three readings by two models that agree.
THREE_READINGS_AGREE = 0.9


def _wants_confirmation(item: FieldEvidence, threshold: float) -> bool:
    """Whether two readings of an entry number agree, both as printed, yet together stay under the
    review ``threshold`` (two readings sure enough together need no third)."""
    second = item.second
    return (item.spec.kind in CONFIRMED_KINDS and second is not None and bool(item.reading.value)
            and item.reading.certainty >= 1.0 and second.certainty >= 1.0
            and equivalent(item.reading.value, second.value)
            and _combine_agreeing(item.ocr_confidence, item.second_confidence) < threshold)


def _confirmed_by_third(item: FieldEvidence, threshold: float) -> bool:
    """Whether the digits model's third reading agrees with two readings of an entry number that
    agree but are unsure ("105" read at 0.3 by the page and 0.35 by the second look): three readings
    by two networks that do not share their mistakes (on both benches the English model never sided
    with a wrong page reading of an entry number; on 48 faces rendered, once, a number its shape
    rule doubts)."""
    third = item.third
    return (_wants_confirmation(item, threshold) and third is not None and third.certainty >= 1.0
            and equivalent(item.reading.value, third.value))


def _repair_to_confirm(item: FieldEvidence) -> bool:
    """Whether a date the page's reading gave as an impossible one, put right by the digits OCR
    confuses ("72/12/1979" made 12/12/1979: ``digits_confused``), was read by the second look as
    repaired, needing no repair itself: the repair is confirmed when the digits model reads it so too."""
    second = item.second
    return (item.spec.kind == "date" and "digits_confused" in item.reading.reasons and second is not None
            and second.certainty >= 1.0 and not second.reasons and equivalent(item.reading.value, second.value))


def _repair_confirmed(item: FieldEvidence) -> bool:
    """Whether the digits model's third reading, read as is, agrees with the two readings of a repaired
    date (:func:`_repair_to_confirm`): three readings by two networks, two of which saw the date
    itself. Measured on both benches: the second look alone confirmed 29 repairs right and one wrong
    (a day 20 that the page and the crop both read 29)."""
    third = item.third
    return (_repair_to_confirm(item) and third is not None and third.certainty >= 1.0 and not third.reasons
            and equivalent(item.reading.value, third.value))


def wants_third_reading(item: FieldEvidence, policy: ReviewPolicy = ReviewPolicy()) -> bool:
    """Whether to read a field a third time: a tiebreak (:func:`wants_tiebreak`), or a number or a
    date two readings give differently, where the digits model's reading picks which of the two to
    show the officer (:func:`_sides_with_second`) though it settles nothing, or an entry number two
    readings agree on, together under ``policy``'s threshold (:func:`_confirmed_by_third`), or a date
    repaired from an impossible one that the second look read as repaired (:func:`_repair_confirmed`)."""
    if wants_tiebreak(item) or _wants_confirmation(item, policy.threshold) or _repair_to_confirm(item):
        return True
    return (item.spec.kind in DIGITS_MODEL_KINDS and item.second is not None and bool(item.second.value)
            and not equivalent(item.reading.value, item.second.value))


def _sides_with_second(item: FieldEvidence) -> bool:
    """Whether the digits model's third reading of a number or a date agrees with the second where the
    page's reading disagreed: the value two of three readings give, still for the officer to check
    (two crops agreeing against the page were wrong once in twenty on pages of 48 faces: the page's
    reading is not outvoted into a confident value)."""
    third, second, first = item.third, item.second, item.reading.value
    if (item.spec.kind not in DIGITS_MODEL_KINDS or third is None or second is None
            or third.certainty < 1.0 or second.certainty < 1.0 or not third.value):
        return False
    if second.value in first:
        return False  # "5" of "115", "88/202" of "88/2022": the zone both crops share cut the number
    return equivalent(second.value, third.value)


#: Kinds whose entry read as printed stands alone where the second look read nothing, and the confidence
#: it stands with (see :func:`_list_entry_alone`).
LIST_ENTRY_KINDS = frozenset({"ethnicity", "nationality"})
LIST_ENTRY_ALONE = 0.85


def _list_entry_alone(item: FieldEvidence) -> bool:
    """Whether a first reading that is an entry of the ethnic groups' or the nationalities' list as
    printed (nothing repaired: "Kinh", "Việt Nam") stands where the second look read no letter, or
    read no entry of the list ("hình", "Liệt Xăm", the caption caught with it: "Quốc tịch Việt Nam";
    see :func:`_read_nothing`). Tesseract's word confidence is low there (the dashes of a leader, a
    faint stroke), yet a misreading seldom lands on another entry spelt out whole with its marks: on
    both benches 82 such readings, all right, and no wrong value of these kinds was an entry read as
    printed. Not a sex: "Nam" is also the end of "Việt Nam" caught from the cell beside it."""
    return (item.spec.kind in LIST_ENTRY_KINDS and item.reading.certainty >= 1.0 and not item.reading.reasons
            and item.second is not None and _read_nothing(item))


#: A first reading the normaliser made a value of with at least this certainty (read as printed, or
#: repaired: "Kinh -" for Kinh, "Việt.Nam") is not replaced by a second look that read nothing.
MADE_OUT = 0.5


def _blank_second_outweighed(item: FieldEvidence) -> bool:
    """Whether the second look read no letter or digit where the first made out a value (certainty
    ``MADE_OUT`` and more): a crop read as nothing is no evidence the room is blank (a short word
    Otsu's threshold thinned away, a line the single-line mode missed), so the first's value is shown,
    for the officer to check. Measured on both benches: of 48 such first readings that a blank
    replaced, 39 were right and none stood where nothing is written (the other 9, wrong, are shown
    for a blank that was wrong too: "…, tỉnh w" for "…, tỉnh Kiên Giang"); those under ``MADE_OUT``
    were specks and stray words read where nothing, or something else, is written. Not for a personal
    ID: a digits-only second look that finds no digit where the page read twelve 1s saw the sides of
    empty boxes."""
    return (item.spec.kind != "personal_id" and bool(item.reading.value) and item.reading.certainty >= MADE_OUT
            and not re.search(r"\w", item.second_raw))


#: Kinds written as phrases with commas between their parts (an address's units, an identity paper's
#: number and date of issue) that a crop's binarisation thins away.
COMMA_KINDS = frozenset({"place", "text"})


def _commas_dropped(item: FieldEvidence) -> bool:
    """Whether the second look read the first's value letter for letter, only without some of its
    commas ("phường Mỹ Phước thành phố Long Xuyên tỉnh An Giang" for "phường Mỹ Phước, thành phố Long
    Xuyên, tỉnh An Giang"; "CMND số 129740306 cấp ngày 24/12/2004"): a comma is the smallest mark of
    the line and Otsu's threshold of a crop loses it, where a speck read as a comma would be read
    where the page has none. The two readings agree on everything else; the first, read as printed
    (certainty 1.0), is kept with its commas. On both benches 24 such pairs of readings: 22 right, and
    the 2 wrong had lost their end (text left out, words read apart), which keeps them flagged."""
    second = item.second
    first = item.reading.value
    if (item.spec.kind not in COMMA_KINDS or second is None or item.reading.certainty < 1.0
            or "," not in first or not second.value):
        return False
    # Every way of dropping commas: the second is the first with some ", " made " ".
    pieces = first.split(",")
    if len(pieces) > 8:
        return False
    target = second.value
    for mask in range(1, 1 << (len(pieces) - 1)):
        text = pieces[0]
        for index, piece in enumerate(pieces[1:]):
            text += ("" if mask >> index & 1 else ",") + piece
        if equivalent(text, target):
            return True
    return False


def _ones_read_as_sevens(item: FieldEvidence) -> bool:
    """Whether the page's reading of a number or a date differs from the two crops' (the second look
    and the digits model, agreeing) only by a 7 where both read a 1: a slanted or flagged 1 (a
    handwriting or italic face) read at the page's scale. The crops read all 65 such numbers and
    dates right on the two benches' 240 pages and 240 others (seeds 3000 and 9000), the page none:
    unlike the crops' other disagreements with the page (:func:`_sides_with_second`), this one is not
    left for the officer."""
    third, second, first = item.third, item.second, item.reading.value
    if (item.spec.kind not in DIGITS_MODEL_KINDS or third is None or second is None
            or third.certainty < 1.0 or second.certainty < 1.0 or not second.value
            or second.value != third.value or len(first) != len(second.value)):
        return False
    differing = [(page, crops) for page, crops in zip(first, second.value, strict=True) if page != crops]
    return bool(differing) and all(pair == ("7", "1") for pair in differing)


def _sides_with_first(item: FieldEvidence) -> bool:
    """Whether a third reading agrees with the first where the second disagreed (two of three)."""
    third = item.third
    return (third is not None and third.certainty >= 1.0 and bool(third.value) and wants_tiebreak(item)
            and equivalent(item.reading.value, third.value))


#: Kinds whose values come from a short closed list (``ocr.fieldkinds``' lexicons).
CLOSED_LIST_KINDS = frozenset({"sex", "ethnicity", "nationality"})


def _close_list_repairs(item: FieldEvidence) -> bool:
    """Whether both readings' repairs leave no room for a shared mistake: both repaired to one entry
    of a closed list, each from a reading a letter or two off it (two readings that land on the
    same entry of a list of a few dozen from two misreadings are independent evidence), or both
    read the same date's digits with only the separators lost ("13 8 2023", "20062016": the
    repair adds nothing to the digits both readings saw). For an ethnic group or a nationality (lists
    of dozens, the entries far apart) repairs further off count too (``MADE_OUT``) when the two
    readings misread differently ("Kiph" and "hình" both made Kinh: two mistakes that meet on one
    entry; on both benches 68 such pairs, all right); the same word read twice ("Thành", made Hà Nhì
    twice) is one guess, not two. Not for a sex, whose two entries two far repairs land on alike by
    chance."""
    second = item.second
    if second is None:
        return False
    if item.spec.kind in LIST_ENTRY_KINDS and min(item.reading.certainty, second.certainty) >= MADE_OUT:
        if min(item.reading.certainty, second.certainty) >= CLOSE_REPAIR:
            return True
        return _letters(getattr(item.located, "text", "")) != _letters(item.second_raw)
    if item.spec.kind in CLOSED_LIST_KINDS:
        return min(item.reading.certainty, second.certainty) >= CLOSE_REPAIR
    if item.spec.kind == "date":
        return all(reading.reasons == ("separators_missing",) for reading in (item.reading, second))
    return False


def _letters(text: str) -> str:
    """The letters and digits of a reading, lower case (what two readings saw, punctuation aside)."""
    return "".join(re.findall(r"\w", text.lower()))


def _respelling_confirmed(item: FieldEvidence) -> bool:
    """Whether a place the first reading had to respell toward a known unit ("xã 1a Yok" made Ia
    Yok) was read by the second look as respelt, needing no repair: two readings of which one saw
    the unit's name itself. Measured on both benches' readings: 29 such agreements, all right;
    agreements whose second look needed a repair of its own: 85, 10 of them wrong."""
    second = item.second
    return (second is not None and "place_spelling" in item.reading.reasons and second.certainty >= 1.0
            and not set(second.reasons) & {"place_spelling", "unit_commas_guessed"})


def _agrees_by_implication(item: FieldEvidence) -> bool:
    """Whether the second look agrees with a place only by a unit's name it did not read but the rest
    of the address implied ("huyện Cam L Q" made Cam Lộ, the district of the commune it names): the
    reference spoke there, not the page, so it confirms nothing the first reading saw (page 1013 of
    the main bench: both readings stopped before the province at the line's end, and agreed once the
    second's district was put right). Nor does a third reading of the same zone, which stops there too."""
    second = item.second
    return (second is not None and "place_implied" in second.reasons
            and "place_implied" not in item.reading.reasons)


#: Two readings that agree on a value the page's reading gave as read (no repair, nothing its locator
#: doubted) stand this far above the review threshold however low Tesseract rated its words: a
#: word's confidence falls with the dots of a leader or a faint stroke, and the crop read again,
#: binarised and rescaled, still gave the same value. Measured on both benches' evidence: 75 such
#: values were flagged for their word confidence alone, all right; of the 2,628 values two readings
#: agreed on with no other doubt, 8 were wrong, every one rated high by Tesseract (the floor
#: changes nothing for them: their doubt has to come from elsewhere).
AGREED_AS_READ_MARGIN = 0.01
#: The reason such a value carries: not a doubt for the officer, but the page's reading was unsure
#: there (``ocr.reading`` counts it when it judges how well a page read).
AGREED_THOUGH_UNSURE = "agreed_though_unsure"


def _combine_agreeing(first: float, second: float) -> float:
    """Two independent readings that agree: the chance both are wrong the same way is small."""
    return 1.0 - (1.0 - first) * (1.0 - second) * 0.5


def assess_field(item: FieldEvidence, rule_flags: tuple[str, ...], confirmations: tuple[str, ...],
                 policy: ReviewPolicy) -> ExtractedField:
    """Decide a field's value, confidence and review flag from its evidence."""
    spec = item.spec
    if item.located is None:
        if spec.presence == "optional" and not item.weak_caption:
            return ExtractedField(value="", raw="", confidence=0.9, needs_review=False, box=None,
                                  reasons=("not_printed",))
        return ExtractedField(value="", raw="", confidence=0.0, needs_review=True, box=None,
                              reasons=("label_not_found",))
    located = item.located
    reading = item.reading
    reasons: list[str] = list(reading.reasons) + list(getattr(located, "flags", ()))
    confidence = item.ocr_confidence * reading.certainty
    value = reading.value
    raw = located.text
    lifted: set[str] = set()  # sticky doubts a confirming reading put to rest
    no_opinion = item.second is not None and (
        "second_look_unreadable" if _read_nothing(item) else
        "second_look_not_a_name" if _misread_name(item) else None)
    list_entry_alone = bool(no_opinion) and _list_entry_alone(item)
    if no_opinion and (confidence - UNREAD_SECOND_LOOK_PENALTY >= policy.threshold or list_entry_alone):
        # A second look that read nothing it could use (an empty zone, a few specks, a value it
        # cannot parse, a name no one bears) is no opinion: a first reading sure enough on its own
        # stands alone, and so does an entry of a closed list read as printed. (Otherwise it is a
        # disagreement as before, which prefers a blank to an unparsable first.)
        confidence -= UNREAD_SECOND_LOOK_PENALTY
        if list_entry_alone:
            confidence = max(confidence, LIST_ENTRY_ALONE)
        reasons.append(no_opinion)
    elif item.second is not None:
        second = item.second
        second_score = item.second_confidence * second.certainty
        # (a second reading whose surname is a guess, "NGO" made Ngô, saw the letters, not the marks)
        if ((equivalent(value, second.value) or _commas_dropped(item))
                and "surname_guessed" not in second.reasons):
            if ((reading.certainty < 1.0 and second.certainty < 1.0 and not _close_list_repairs(item))
                    or _agrees_by_implication(item)):
                # Both readings needed repairs: they may share the same mistake.
                confidence = max(confidence, second_score)
            else:
                confidence = _combine_agreeing(confidence, second_score)
                if (confidence < policy.threshold and reading.certainty >= 1.0 and not reading.reasons
                        and not getattr(located, "flags", ())
                        and spec.kind not in CONFIRMED_KINDS):  # (an entry number: a third reading confirms it)
                    confidence = policy.threshold + AGREED_AS_READ_MARGIN
                    reasons.append(AGREED_THOUGH_UNSURE)
            reasons = [reason for reason in reasons if reason not in HARD_REASONS] + ["second_look_agrees"]
            if _confirmed_by_third(item, policy.threshold):
                confidence = max(confidence, THREE_READINGS_AGREE)
                reasons.append("third_look_agrees")
            if reading.certainty < 1.0 and second.certainty >= 1.0:
                reasons = [reason for reason in reasons if reason != "malformed_word"]
            if _respelling_confirmed(item):
                lifted.add("place_spelling")
                reasons.append("place_spelling_confirmed")
            if _repair_confirmed(item):
                lifted.add("digits_confused")
                reasons += ["third_look_agrees", "digits_repair_confirmed"]
        elif _sides_with_first(item):
            # Two of three readings agree (the second, a crop read as one line, is the odd one
            # out: it drops a comma, misreads a mark the page's reading got right).
            confidence = _combine_agreeing(confidence, item.third_confidence)
            reasons.append("third_look_agrees")
        elif _ones_read_as_sevens(item):
            value = second.value
            reasons = [*second.reasons, "ones_read_as_sevens"]
            confidence = _combine_agreeing(second_score, item.third_confidence * item.third.certainty)
        else:
            if ((second.certainty > reading.certainty and not _blank_second_outweighed(item))
                    or _sides_with_second(item)):
                value = second.value
                reasons = list(second.reasons)
            confidence = min(confidence, second_score) * 0.5
            reasons.append("second_look_disagrees")
    if confirmations and not rule_flags:
        confidence = max(confidence, 0.97)
        reasons = [reason for reason in reasons if reason not in HARD_REASONS or reason == "label_not_found"]
        reasons += [f"confirmed_by_{source}" for source in confirmations]
    reasons += list(rule_flags)
    sticky = [reason for reason in (*reading.reasons, *getattr(located, "flags", ()))
              if reason in STICKY_REASONS and reason not in lifted]
    if sticky:
        # Doubts about the printed form that neither a second reading nor a confirming source
        # can lift (they vouch for the content, not for the punctuation, nor for a line left out).
        confidence = min(confidence, policy.threshold - 0.2)
        reasons += sticky
    if any(getattr(word, "recovered", False) for word, _ in located.words):
        # Read in a zone the page's layout analysis left out: where the zone ends is a guess (a
        # name's last word outside it), so the officer checks it, whatever the second look says.
        confidence = min(confidence, policy.threshold - 0.2)
        reasons.append("read_apart")
    if not value and not spec.blank:
        reasons.append("blank_value")
    if (not value and item.second is not None and len(re.findall(r"\w", item.second.value)) >= 3
            and not _empty_comb(item)):
        # Nothing read, but the second look finds writing in the value's room.
        reasons.append("blank_but_text")
        confidence = min(confidence, 0.5)
    if (value and spec.kind == "text" and "uncaptioned" in getattr(located, "flags", ())
            and not ID_PAPER_STATEMENT.match(value)
            and not (spec.whole_phrases and is_whole_phrase(value, spec.whole_phrases))):
        # Free text found by position only (a table cell): it may be another column's overflow
        # (not a statement of an identity paper, "CMND số 253022519", nor a cell holding exactly one
        # of the phrases its template names, a cause of death "Suy hô hấp": each says what it is).
        confidence = min(confidence, policy.threshold - 0.05)
    if (value and spec.kind == "nationality" and "uncaptioned" in getattr(located, "flags", ())
            and is_given_name(value)):
        # "Anh", "Nga", "Mỹ", "Đức" are countries and given names: found by position only in a
        # register's cell, it may be the end of a name run over from the column beside it.
        reasons.append("name_like_value")
    marks_only = (item.second is not None and "blank_but_text" not in reasons
                  and not any(re.search(r"\w", word.text) for word, _ in located.words))
    if not value and spec.blank and (located.words == () or marks_only or _boxes_confirmed_empty(item)):
        # Nothing in the room, or only a mark or two ("'", "¬") that both readings left blank, or
        # an ID's empty boxes.
        confidence = max(confidence, 0.9)
    confidence = max(0.0, min(1.0, confidence))
    needs_review = confidence < policy.threshold or any(reason in HARD_REASONS for reason in reasons)
    if confidence < policy.threshold:
        reasons.append("low_confidence")
    return ExtractedField(value=value, raw=raw, confidence=round(confidence, 4), needs_review=needs_review,
                          box=located.box, reasons=tuple(dict.fromkeys(reasons)))
