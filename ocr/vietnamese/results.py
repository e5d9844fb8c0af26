"""The result every parser of this package returns: a value, how sure, what was repaired, why it failed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

#: Certainty of a value read exactly as printed and well-formed.
EXACT = 1.0


@dataclass(frozen=True)
class Parsed(Generic[T]):
    """What a parser made of a string.

    ``value`` is ``None`` when it failed, and ``reason`` then says why (a stable
    snake_case code). ``repairs`` lists what had to be repaired or guessed to
    get the value (stable codes: ``ocr_digits``, ``diacritics_repaired``,
    ``fuzzy_word``, ``extra_text``, ``nonstandard_spelling``...);
    ``certainty`` is 1.0 for an exact reading and lower the more was guessed.
    ``text`` is the input cleaned (and, for words, with repaired spelling).
    """

    value: T | None
    certainty: float
    repairs: tuple[str, ...] = ()
    reason: str = ""
    text: str = ""

    @property
    def ok(self) -> bool:
        """Whether a value was found."""
        return self.value is not None

    @property
    def exact(self) -> bool:
        """Whether the value was read as printed, with nothing repaired or guessed."""
        return self.value is not None and not self.repairs


def failed(reason: str, text: str = "") -> Parsed:
    """A failed parse with its reason."""
    return Parsed(None, 0.0, (), reason, text)
