"""Person names: normalised as certificates print them, and checked for signs of OCR damage.

The value keeps the page's spelling (NFC, single spaces, upper case as on
certificates). The check scores how plausible the name is as Vietnamese:
every word a well-formed syllable (onset + rhyme + tone,
:mod:`ocr.vietnamese.syllables`), a known surname (``resources/lexicons/
surnames.json``), no digits, no stray marks, no letters Vietnamese does not
write (``f``, ``j``, ``w``, ``z``) unless the name is a minority one, whose
romanisations use them (``Y Wang``, ``H'Zơ``) along with consonant clusters
(``Ksor``, ``Mlô``). A name with an issue is flagged for the officer; it is
never refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ocr.vietnamese.lexicons import load_lexicon
from ocr.vietnamese.syllables import SyllableVerdict, classify
from ocr.vietnamese.text import clean_spaces, equivalence_key, folded_compact_key, match_case

#: Letters of the Latin alphabet the quốc ngữ does not use.
FOREIGN_LETTERS = frozenset("fjwzFJWZ")
#: Plausibility below this means the name needs the officer's eyes.
REVIEW_BELOW = 0.9

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
_WORD_SCORES = {SyllableVerdict.VALID: 1.0, SyllableVerdict.MISPLACED_TONE: 0.6, SyllableVerdict.INVALID: 0.1}


@dataclass(frozen=True)
class NameCheck:
    """How plausible a name is: ``issues`` (stable codes) non-empty means flag it.

    ``suggestion`` is the name with its surname corrected when OCR visibly
    damaged a known one (``NGUYỀN`` → ``NGUYỄN``), else ``""``.
    """

    value: str
    plausibility: float
    issues: tuple[str, ...] = ()
    surname: str | None = None
    minority: bool = False
    suggestion: str = ""

    @property
    def needs_review(self) -> bool:
        """Whether the officer should look at this name."""
        return bool(self.issues) or self.plausibility < REVIEW_BELOW


@cache
def _surnames() -> tuple[dict[str, str], dict[str, str], dict[str, str], tuple[str, ...]]:
    data = load_lexicon("surnames")
    common = {equivalence_key(name): name for name in data["common"]}
    minority = {equivalence_key(name): name for name in data["minority"]}
    folded: dict[str, str] = {}
    ambiguous: set[str] = set()
    for name in (*data["common"], *data["minority"]):
        key = folded_compact_key(name)
        if key in folded and folded[key] != name:
            ambiguous.add(key)
        folded.setdefault(key, name)
    for key in ambiguous:
        folded.pop(key)
    prefixes = tuple(equivalence_key(prefix) for prefix in data.get("given_name_prefixes", ()))
    return common, minority, folded, prefixes


@cache
def _frequent_surnames() -> dict[str, str]:
    """Folded key → the frequent surname it may be, for the keys two known surnames share
    ("dang": Đặng, not Đàng), when exactly one of them is frequent (``surnames.json``)."""
    data = load_lexicon("surnames")
    frequent = set(data.get("frequent", ()))
    by_key: dict[str, set[str]] = {}
    for name in (*data["common"], *data["minority"]):
        by_key.setdefault(folded_compact_key(name), set()).add(name)
    guesses = {}
    for key, names in by_key.items():
        likely = names & frequent
        if len(names) > 1 and len(likely) == 1:
            guesses[key] = likely.pop()
    return guesses


@cache
def _given_names() -> tuple[frozenset[str], frozenset[str]]:
    """The spellings of common middle and given names (surnames too: a second one often stands in the
    middle, Nguyễn Trần Ngọc Hân), and their letters without marks."""
    data = load_lexicon("given_names")
    common, minority, _, _ = _surnames()
    spellings = {equivalence_key(name) for name in data["common"]} | set(common) | set(minority)
    return frozenset(spellings), frozenset(folded_compact_key(name) for name in data["common"])


def is_given_name(text: str) -> bool:
    """Whether ``text`` is one word of a common name, given name or surname ("Anh", "Nga", "Mỹ", "Đức")."""
    words = text.split()
    return len(words) == 1 and equivalence_key(words[0]) in _given_names()[0]


def uncommon_marks(words: list[str]) -> str | None:
    """The first word after the surname that no common name spells so while one has its letters with
    other marks (ĐÚC, HÃNG, HUYỄN for Đức, Hằng, Huyền): a mark OCR misread is likelier than so rare a
    name. Names written without any mark (foreign ones) are left alone."""
    if not any(ord(char) > 127 for word in words for char in word):
        return None
    spellings, letters = _given_names()
    for word in words[1:]:
        if equivalence_key(word) not in spellings and folded_compact_key(word) in letters:
            return word
    return None


def normalise_name(raw: str | None) -> str:
    """A name as certificates print it: NFC, single spaces, no edge punctuation, upper case."""
    text = clean_spaces((raw or "").translate(_APOSTROPHES))
    text = re.sub(r"\s*'\s*", "'", text)  # "H' Mông" -> "H'Mông"
    text = re.sub(r"\s*-\s*", "-", text)
    return text.upper()


def _irregular_case(word: str) -> bool:
    """Case no writer uses: ``NGuyễn``, ``nGUYỄN`` (OCR mixing l/I, or letters from another line)."""
    for part in re.split(r"['\-]", word):
        letters = [char for char in part if char.isalpha()]
        if len(letters) < 2:
            continue
        rest = letters[1:]
        if all(char.isupper() for char in rest) or all(char.islower() for char in rest):
            if letters[0].islower() and all(char.isupper() for char in rest):
                return True
            continue
        return True
    return False


def _find_surname(words: list[str]) -> tuple[str | None, bool, int]:
    """The known surname of ``words``, whether it is a minority one, and where it sits (0 or -1)."""
    common, minority, folded, _ = _surnames()
    keys = [equivalence_key(word) for word in words]
    for length in (4, 3, 2, 1):
        if len(keys) > length or (length == 1 and keys):
            joined = " ".join(keys[:length])
            if joined in common:
                return common[joined], False, 0
            if joined in minority:
                return minority[joined], True, 0
    # A surname ending the name (minority clans: "Y Moan Niê"), unless the first word is a known
    # surname with its marks misread ("NGUYÊN THỊ LY" is Nguyễn Thị Ly, not a clan Ly's).
    if len(keys) >= 2 and folded_compact_key(words[0]) not in folded:
        for length in (2, 1):
            joined = " ".join(keys[-length:])
            if joined in minority:
                return minority[joined], True, -1
    return None, False, 0


#: A name this long (words) with a surname starting a second name inside it is two names run together.
_TWO_NAMES_FROM = 5


def _two_names(words: list[str], surname: str | None) -> bool:
    """Whether ``words`` read as two people's names run together ("TRƯƠNG ĐỨC ANH HUỲNH THỊ NGUYỆT":
    a table's two cells read as one line): five words or more, a common surname two words or more
    after the first name's surname, with a name of two words or more after it. (A mother's surname
    as a middle name comes right after the surname: "Trần Nguyễn Thị Gia Hân".)"""
    if len(words) < _TWO_NAMES_FROM:
        return False
    common = _surnames()[0]
    start = len(surname.split()) + 2 if surname else 3
    return any(equivalence_key(word) in common for word in words[start:-1])


def check_name(raw: str | None) -> NameCheck:
    """Normalise a person's name and score it; see :class:`NameCheck`."""
    value = normalise_name(raw)
    if not value:
        return NameCheck("", 1.0)
    original_words = clean_spaces((raw or "").translate(_APOSTROPHES)).split()
    words = value.split()
    issues: list[str] = []
    _, _, folded_surnames, prefixes = _surnames()
    surname, minority, _ = _find_surname(words)
    minority = minority or equivalence_key(words[0]) in prefixes or any(
        "'" in word for word in words) or any(equivalence_key(word.split("'")[0] + "'") in prefixes for word in words)
    if any(char.isdigit() for char in value):
        issues.append("digits_in_name")
    if re.search(r"[^\w\s'\-]|_", value):
        issues.append("stray_character")
    if any(_irregular_case(word) for word in original_words):
        issues.append("irregular_case")
    foreign = any(char in FOREIGN_LETTERS for char in value)
    if foreign and not minority:
        issues.append("foreign_letter")
    scores = []
    # Minority romanisations: a known surname vouches for the name's other words a little more.
    relaxed = 0.9 if (minority and surname is not None) else 0.85
    for word in words:
        for part, apostrophe in re.findall(r"([^'\-]+)('?)", word):
            if not part.isalpha():
                scores.append(0.0)
                continue
            if minority and apostrophe and len(part) <= 2 and not re.search(r"[aăâeêioôơuưy]", part.casefold()):
                continue  # the H' of H'Hen, the K' of K'Ho
            verdict = classify(part)
            if verdict is SyllableVerdict.INVALID and minority:
                scores.append(relaxed if re.search(r"[aăâeêioôơuưy]", part.casefold()) else 0.1)
                continue
            scores.append(_WORD_SCORES[verdict])
            if verdict is SyllableVerdict.MISPLACED_TONE and "misplaced_tone" not in issues:
                issues.append("misplaced_tone")
            if verdict is SyllableVerdict.INVALID and "impossible_syllable" not in issues:
                issues.append("impossible_syllable")
    plausibility = min(scores) if scores else 0.0
    suggestion = ""
    if surname is None:
        plausibility = min(plausibility, 0.7)
        issues.append("unknown_surname")
        guess = folded_surnames.get(folded_compact_key(words[0]))
        if guess is None:
            # Two known surnames fold alike ("ĐĂNG": Đặng, Đàng): the frequent one, as a guess to check.
            guess = _frequent_surnames().get(folded_compact_key(words[0]))
            if guess is not None:
                issues.append("surname_guessed")
        if guess is not None and len(guess.split()) == 1 and equivalence_key(guess) != equivalence_key(words[0]):
            suggestion = " ".join([match_case(words[0], guess), *words[1:]])
    if len(words) == 1 and not minority:
        plausibility = min(plausibility, 0.6)
        issues.append("single_word_name")
    if _two_names(words, surname):
        plausibility = min(plausibility, 0.5)
        issues.append("two_names")
    if not minority and uncommon_marks(words) is not None:
        plausibility = min(plausibility, 0.5)
        issues.append("uncommon_marks")
    if "digits_in_name" in issues or "stray_character" in issues:
        plausibility = min(plausibility, 0.2)
    elif "foreign_letter" in issues or "irregular_case" in issues:
        plausibility = min(plausibility, 0.5)
    return NameCheck(value, round(plausibility, 3), tuple(issues), surname, minority, suggestion)


def name_plausibility(raw: str | None) -> float:
    """How plausible ``raw`` is as a Vietnamese person's name, in [0, 1]."""
    return check_name(raw).plausibility
