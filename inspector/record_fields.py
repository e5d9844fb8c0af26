"""The data dictionary (``resources/fields.json``, from shared/spec/fields.md) as typed values.

A kernel module: ``ocr`` validates templates against it, exports and the GUI
take keys, labels and order from it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from inspector.resources import resource_path


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record type: key, labels, kind of value."""

    key: str
    label_vi: str
    label_en: str
    kind: str

    def label(self, language: str) -> str:
        """The label in ``"vi"`` or ``"en"``."""
        return self.label_en if language == "en" else self.label_vi


@cache
def _dictionary() -> dict:
    return json.loads(resource_path("fields.json").read_text(encoding="utf-8"))


def field_kinds() -> tuple[str, ...]:
    """Every kind of field value the normalisers know."""
    return tuple(_dictionary()["kinds"])


def record_types() -> tuple[str, ...]:
    """The record types of the dictionary (``birth``, ``death``, ``marriage``)."""
    return tuple(_dictionary()["types"])


def record_fields(document_type: str) -> tuple[FieldSpec, ...]:
    """The fields of one record type, in form order."""
    try:
        entries = _dictionary()["types"][str(document_type)]["fields"]
    except KeyError as exc:
        raise KeyError(f"unknown record type {document_type!r}") from exc
    return tuple(FieldSpec(**entry) for entry in entries)


def field_keys(document_type: str) -> tuple[str, ...]:
    """The keys of one record type, in form order."""
    return tuple(spec.key for spec in record_fields(document_type))
