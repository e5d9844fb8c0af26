"""The rules of checking one record, without widgets: field order, the next flagged field, undo/redo,
validation messages in the interface language.

:class:`~ui.verify_view.VerificationView` shows what these functions decide;
keeping the decisions here lets tests read them without driving a window.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from inspector.domain import FieldValue, Record, RecordIssue
from inspector.record_fields import FieldSpec, record_fields
from ocr.validation import validate_record

# English sentences of the validation codes (ocr.validation writes Vietnamese only).
# ``{fields}`` is the English labels of the fields involved.
ISSUE_TEXT_EN: dict[str, str] = {
    "invalid_date": "“{fields}” is not a real date.",
    "invalid_year": "“{fields}” is not a valid year.",
    "invalid_time": "“{fields}” is not a valid time.",
    "date_in_future": "“{fields}” lies in the future.",
    "birth_after_registration": "The birth is dated after its registration.",
    "death_before_birth": "The death is dated before the birth.",
    "death_after_registration": "The death is dated after its registration.",
    "implausible_age": "The age is implausible: {fields}.",
    "parent_younger_than_child": "A parent is younger than the child: {fields}.",
    "parent_too_young": "A parent is too young: {fields}.",
    "parent_implausibly_old": "A parent's age is implausible: {fields}.",
    "spouse_under_age": "A spouse was under the marriage age on the registration date: {fields}.",
    "date_words_mismatch": "The date in words does not spell the date of birth.",
    "date_words_unreadable": "The date in words cannot be read.",
    "personal_id_format": "The personal ID must have 12 digits.",
    "personal_id_province_unknown": "The personal ID starts with an unknown province code.",
    "personal_id_sex_mismatch": "The personal ID does not agree with the sex.",
    "personal_id_century_mismatch": "The personal ID does not agree with the century of birth.",
    "personal_id_birth_year_mismatch": "The personal ID does not agree with the year of birth.",
    "invalid_sex": "Sex must be Nam or Nữ.",
    "unknown_ethnicity": "“{fields}” is not one of the 54 ethnic groups.",
    "unknown_nationality": "“{fields}” is not a known nationality.",
    "missing_required_field": "“{fields}” is missing.",
    "book_year_mismatch": "The registration year does not match the book's year.",
    "unknown_document_type": "Unknown kind of civil-status record.",
}


@dataclass(frozen=True)
class FieldEdit:
    """One saved change of one field: its value before and after."""

    key: str
    before: FieldValue
    after: FieldValue


class EditHistory:
    """Undo and redo of the field edits of one record (each undo or redo is saved as a revision too)."""

    def __init__(self) -> None:
        self._undo: list[FieldEdit] = []
        self._redo: list[FieldEdit] = []

    def push(self, edit: FieldEdit) -> None:
        """Remember a new edit; what could be redone is forgotten."""
        self._undo.append(edit)
        self._redo.clear()

    def can_undo(self) -> bool:
        """Whether there is an edit to undo."""
        return bool(self._undo)

    def can_redo(self) -> bool:
        """Whether there is an undone edit to redo."""
        return bool(self._redo)

    def undo(self) -> FieldEdit | None:
        """The edit to reverse (apply its ``before``), or None."""
        if not self._undo:
            return None
        edit = self._undo.pop()
        self._redo.append(edit)
        return edit

    def redo(self) -> FieldEdit | None:
        """The edit to apply again (its ``after``), or None."""
        if not self._redo:
            return None
        edit = self._redo.pop()
        self._undo.append(edit)
        return edit

    def clear(self) -> None:
        """Forget everything (another record is shown)."""
        self._undo.clear()
        self._redo.clear()


def field_specs(record: Record) -> tuple[FieldSpec, ...]:
    """Every field of the record's type in form order (fields the record lacks included)."""
    return record_fields(record.document_type.value)


def field_value(record: Record, key: str) -> FieldValue:
    """The record's value of ``key`` (an empty, unflagged value when it has none)."""
    return record.fields.get(key) or FieldValue("")


def next_flagged(record: Record, after: str = "", *, backwards: bool = False) -> str:
    """The next flagged field after ``after`` in form order (wrapping round), or ``""`` when none is flagged."""
    keys = [spec.key for spec in field_specs(record)]
    flagged = set(record.flagged_fields)
    if not flagged:
        return ""
    if backwards:
        keys.reverse()
    start = keys.index(after) + 1 if after in keys else 0
    for key in keys[start:] + keys[:start]:
        if key in flagged:
            return key
    return ""


def accepted_value(current: FieldValue, text: str) -> FieldValue:
    """The value of a field the officer accepted with ``text`` typed in it: no longer flagged.

    A changed value is the officer's, so its confidence is 1.
    """
    text = " ".join(text.split())
    if text != current.value:
        return replace(current, value=text, needs_review=False, confidence=1.0)
    return replace(current, needs_review=False)


def with_field(record: Record, key: str, value: FieldValue) -> Record:
    """``record`` with one field replaced (not saved: what the view shows while the write runs)."""
    return replace(record, fields={**record.fields, key: value})


def record_issues(record: Record) -> list[RecordIssue]:
    """The cross-field rules the record's current values fail."""
    return validate_record(record.document_type.value, {k: v.value for k, v in record.fields.items()})


def issue_text(issue: RecordIssue, specs: Sequence[FieldSpec], language: str) -> str:
    """An issue's message in ``language`` (the Vietnamese one comes from the rules themselves)."""
    if language != "en":
        return issue.message
    labels: Mapping[str, str] = {spec.key: spec.label_en for spec in specs}
    template = ISSUE_TEXT_EN.get(issue.code)
    if template is None:
        return issue.message
    return template.format(fields=", ".join(labels.get(k, k) for k in issue.fields))


def issues_by_field(issues: Sequence[RecordIssue]) -> dict[str, list[RecordIssue]]:
    """Each field's issues (an issue naming several fields shows at each)."""
    result: dict[str, list[RecordIssue]] = {}
    for issue in issues:
        for key in issue.fields:
            result.setdefault(key, []).append(issue)
    return result


def record_title_number(record: Record) -> str:
    """The registration number of a record as printed (``""`` when unread)."""
    return record.value("registration_number")


def record_person(record: Record) -> str:
    """The name a record is known by: the person, or the couple for a marriage."""
    if record.document_type.value == "marriage":
        names = [record.value("husband_full_name"), record.value("wife_full_name")]
        return " – ".join(n for n in names if n)
    return record.value("full_name")
