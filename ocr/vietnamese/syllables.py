"""Vietnamese syllable structure: onset + rhyme + tone, and where the tone mark goes.

A well-formed syllable is an onset (possibly none) from :data:`ONSETS`, a
rhyme from :data:`RHYMES`, and at most one tone mark, with the spelling rules
of the quốc ngữ (``c``/``k``/``q``, ``g``/``gh``, ``ng``/``ngh``, ``gi``,
``iê``/``yê``) and the tone rule of stop finals (``-c``, ``-ch``, ``-p``,
``-t`` take only the acute or dot below). OCR damage usually breaks one of
these: ``VĂNN``, ``HÙMG``, ``ưung``.

The inventories are written out here (a few hundred strings of the
orthography, checked by tests) rather than taken from a package: none of the
maintained ones on PyPI exposes them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from ocr.vietnamese.text import TONE_MARKS, split_tone

ONSETS = ("ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr",
          "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x")

#: Every rhyme of the orthography without its tone mark (medial o/u included).
RHYMES = frozenset("""
a ai ao au ay ac ach am an ang anh ap at
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e ec em en eng eo ep et
ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
y yêm yên yêng yêt yêu
o oc oi om on ong op ot ooc oong
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua uc ui um un ung up ut uôc uôi uôm uôn uông uôt
ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
oa oac oach oai oam oan oang oanh oao oap oat oay
oăc oăm oăn oăng oăt
oe oen oeo oet
uân uâng uât uây uê uêch uênh uơ
uy uya uych uyên uyêt uynh uyt uyu
""".split())  # noqa: SIM905 - a table reads better than a list literal of 160 strings

#: Rhymes after ``qu`` whose ``u`` the onset already wrote (quỳnh, quýt, quých; old spelling qui).
QU_RHYMES = frozenset({"i", "ynh", "yt", "ych"})
_STOP_FINALS = ("c", "ch", "p", "t")
_ACUTE, _DOT = "\u0301", "\u0323"
_FRONT = ("e", "ê", "i", "y")
_VOWELS = set("aăâeêioôơuưy")
_MARKED_VOWELS = set("ăâêôơư")


class SyllableVerdict(Enum):
    """How a word fares against the syllable rules."""

    VALID = "valid"
    MISPLACED_TONE = "misplaced_tone"   # a real syllable with its tone mark on the wrong vowel
    INVALID = "invalid"


@dataclass(frozen=True)
class Syllable:
    """A parsed syllable: onset, rhyme (without tone) and tone mark (``None`` for the level tone)."""

    onset: str
    rhyme: str
    tone: str | None


def _onset_allows(onset: str, rhyme: str) -> bool:
    first = rhyme[:1]
    if onset in ("c",) and (first in _FRONT):
        return False  # ke, ki: spelt with k
    if onset == "k" and first not in _FRONT:
        return False
    if onset in ("g", "ng") and first in _FRONT:
        return False  # ghe, nghe
    if onset in ("gh", "ngh") and first not in _FRONT:
        return False
    if onset == "" and rhyme.startswith("iê"):
        return False  # yên, not iên
    return not (onset not in ("", "qu") and rhyme.startswith("yê"))  # tiên, not tyên


def parse_syllable(word: str) -> Syllable | None:
    """Split a lower- or upper-case word into onset, rhyme and tone; ``None`` when it is no syllable."""
    base, tone, count = split_tone(word.casefold())
    if count > 1 or not base.isalpha():
        return None
    for onset in (*ONSETS, ""):
        if not base.startswith(onset):
            continue
        rhyme = base[len(onset):]
        if onset == "qu":
            if not rhyme or rhyme[0] in "uưo" or rhyme not in RHYMES | QU_RHYMES:
                continue
        elif onset == "gi":
            if not (rhyme == "" or rhyme in RHYMES or "i" + rhyme in RHYMES):
                continue
        elif rhyme not in RHYMES or not _onset_allows(onset, rhyme):
            continue
        if rhyme.endswith(_STOP_FINALS) and tone not in (None, _ACUTE, _DOT):
            continue
        if rhyme.endswith(_STOP_FINALS) and tone is None:
            continue  # a stop final never carries the level tone
        return Syllable(onset, rhyme, tone)
    return None


def tone_positions(word: str) -> set[int]:
    """Indexes (in the NFC word) where the tone mark may sit, in old or new style."""
    letters = unicodedata.normalize("NFC", word.casefold())
    bases = [split_tone(char)[0] for char in letters]
    start = 0
    joined = "".join(bases)
    if joined.startswith("qu") or (joined.startswith("gi") and len(joined) > 2 and joined[2] in _VOWELS):
        start = 2  # the u of qu and the i of gi belong to the onset
    vowels = [index for index in range(start, len(bases)) if bases[index] in _VOWELS]
    if not vowels:
        return {index for index in range(len(bases)) if bases[index] in _VOWELS}
    # the vowel cluster: the first run of vowels
    cluster = [vowels[0]]
    for index in vowels[1:]:
        if index == cluster[-1] + 1:
            cluster.append(index)
    has_final = cluster[-1] + 1 < len(bases)
    marked = [index for index in cluster if bases[index] in _MARKED_VOWELS]
    if marked:
        return {marked[-1]}
    if has_final or len(cluster) == 1:
        return {cluster[-1]}
    if len(cluster) == 3:
        return {cluster[1]}
    pair = bases[cluster[0]] + bases[cluster[1]]
    if pair in ("oa", "oe", "uy"):
        return {cluster[0], cluster[1]}  # hòa / hoà
    return {cluster[0]}


def classify(word: str) -> SyllableVerdict:
    """Whether ``word`` is a well-formed syllable, one with a misplaced tone mark, or none."""
    syllable = parse_syllable(word)
    if syllable is None:
        return SyllableVerdict.INVALID
    if syllable.tone is None:
        return SyllableVerdict.VALID
    letters = unicodedata.normalize("NFC", word.casefold())
    at = [index for index, char in enumerate(letters)
          if any(mark in TONE_MARKS for mark in unicodedata.normalize("NFD", char))]
    if at and at[0] not in tone_positions(word):
        return SyllableVerdict.MISPLACED_TONE
    return SyllableVerdict.VALID


def is_syllable(word: str) -> bool:
    """Whether ``word`` is a well-formed Vietnamese syllable (tone mark anywhere allowed)."""
    return parse_syllable(word) is not None


_WORDS = re.compile(r"[^\W\d_]+")


def syllable_share(text: str) -> float:
    """The share of letter words in ``text`` that are well-formed syllables (1.0 when there are none)."""
    words = _WORDS.findall(text)
    if not words:
        return 1.0
    return sum(1 for word in words if is_syllable(word)) / len(words)
