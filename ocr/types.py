"""Values passed between the recognition stages (frozen dataclasses).

``recognize(prepared) -> OcrPage`` gives words with boxes and confidences;
``extract(ocr_page, template) -> Extraction`` gives records of fields. Boxes
are ``(x, y, w, h)`` in pixels of the image the stage saw; the orchestrator
maps them back to the original image through the prepared page's homography.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class OcrWord:
    """One word as the engine read it; ``confidence`` in [0, 1]. ``recovered``: read apart, in a
    zone the page's layout analysis left out (:mod:`ocr.lostlines`)."""

    text: str
    confidence: float
    box: Box
    line_index: int
    block_index: int = 0
    recovered: bool = False


@dataclass(frozen=True)
class OcrLine:
    """A text line in reading order, with its words left to right."""

    words: tuple[OcrWord, ...]
    box: Box
    block_index: int = 0

    @property
    def text(self) -> str:
        """The words joined by single spaces."""
        return " ".join(word.text for word in self.words)


@dataclass(frozen=True)
class OcrPage:
    """What the engine read on one prepared page."""

    lines: tuple[OcrLine, ...]
    width: int
    height: int
    engine: str
    language: str
    elapsed_s: float = 0.0

    @property
    def words(self) -> tuple[OcrWord, ...]:
        """Every word of the page in reading order."""
        return tuple(word for line in self.lines for word in line.words)

    @property
    def text(self) -> str:
        """The page's text, a line per line."""
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class ExtractedField:
    """One field of a record as extracted and checked.

    ``value`` is normalised per the data dictionary; ``raw`` is what OCR read.
    ``needs_review`` is the promise to the officer: an unflagged field is right.
    ``reasons`` say why a field is flagged (stable codes, e.g. ``low_confidence``,
    ``second_look_disagrees``, ``label_not_found``, ``rule_failed``).
    """

    value: str
    raw: str = ""
    confidence: float = 0.0
    needs_review: bool = True
    box: Box | None = None
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExtractedIssue:
    """A rule a record fails: stable code, fields involved, Vietnamese message."""

    code: str
    fields: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class ExtractedRecord:
    """One record found on a page (a certificate holds one; a register page may hold several)."""

    record_index: int
    region: Box
    fields: Mapping[str, ExtractedField]
    issues: tuple[ExtractedIssue, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", MappingProxyType(dict(self.fields)))


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one page: its type and records (empty when not recognised)."""

    document_type: str | None
    layout: str | None  # "certificate" or "register"
    records: tuple[ExtractedRecord, ...] = ()
    issues: tuple[ExtractedIssue, ...] = field(default_factory=tuple)
