"""Form templates as data: ``resources/forms/*.json``, one file per form, validated on load.

A template says how to find a record's fields on one kind of paper: the
titles that name the form, the captions printed before each value (with
their common variants), where the value lies relative to its caption, and the
sections (mother, father, husband, wife...) that tell apart captions printed
more than once. A new form is a new file, not new code.

The format (every key below is checked; an unknown key is an error, so a typo
does not silently disable a rule)::

    {
      "form": "birth_certificate",          # = the file's stem
      "document_type": "birth",             # a record type of resources/fields.json
      "layout": "certificate",              # or "register" (several entries a page)
      "titles": ["GIẤY KHAI SINH", ...],    # printed titles, for classification
      "anchors": ["người đi khai sinh"],    # other phrases typical of the form (optional)
      "stop_phrases": ["Ký, ghi rõ họ tên"],# rows that end a wrapped value (optional)
      "sections": {                         # optional
        "mother": {"anchors": ["Họ, chữ đệm, tên người mẹ"], "headers": ["Người mẹ"]}
      },
      "entry": {"starts": ["registration_number"]},   # registers: fields that open an entry
      "other_captions": ["Đúng hạn", "Người thực hiện"],  # printed captions of no field: they end values
      "columns": [                          # tables: column headings and the fields of their cells
        {"headings": ["Giới tính, dân tộc, quốc tịch"], "fields": ["sex", "ethnicity", "nationality"]},
        {"headings": ["Nội dung đăng ký"], "fields": [],     # a column of captioned rows, printed
         "replaces_field_columns": true},                   # in place of the fields' own columns
        {"headings": ["Giấy báo tử"], "outside_record": true}  # a column of no field of the record
      ],
      "fields": [
        {"key": "full_name",                # a key of this record type in fields.json
         "captions": ["Họ, chữ đệm, tên", "Họ và tên"],
         "section": "child",                # optional: only captions inside this section
         "value": "right",                  # right | below | right_or_below
         "wrap": false,                     # may the value continue on the next rows
         "blank": false,                    # may the form leave it blank
         "presence": "required",            # required | optional (not printed on every variant)
         "starts_at": [], "ends_before": [],  # the value starts at / ends before one of these words
         "opens_with": [],                   # other fields' captions its value may open with, right
                                             # after its caption ("Giấy tờ tùy thân: Số định danh
                                             # cá nhân 0414…"): there, value words, not a caption
         "uncaptioned": [],                  # register pages: a page-header line opening with one of
                                             # these is the value when no caption is printed
         "whole_phrases": "causes_of_death"} # optional: a cell holding exactly one of this list of
      ]                                       # lexicons/phrases.json says what it is (no overflow)
    }

``anchors`` of a section are captions that open it (they may be field captions
too); ``headers`` are phrases printed alone (a heading, a column head) that open
it. A field with a ``section`` only takes captions found inside that section; a
caption found before any section belongs to the section named ``main`` when the
template declares one.

Record keys that a template does not list are not printed on that form: the
extractor gives them as blank and unflagged.

``columns`` describe tables (register pages ruled in columns, a marriage
certificate's grid): a column is found by its heading; its cells hold the
listed fields in that order, each either after its own caption or, uncaptioned,
recognised by its place and kind. A column with no fields holds captioned rows
read like the rest of the page, unless it is ``outside_record``: its cells say
nothing of the record's fields (the death notice's own number "Số 206/GBT", the
officer who registered), so no caption found there is taken. A column that
``replaces_field_columns`` is printed only where the fields' own columns are not
(a register in blocks: "Nội dung đăng ký" holds every field under its caption);
where a page's columns are named by their order, it is not counted among them. Register pages: a field not found inside an
entry is looked for in the page's header (above the first entry), shared by
every entry (the book number, the registering authority).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from inspector.errors import InspectorError
from inspector.record_fields import field_kinds, record_fields, record_types
from inspector.resources import resource_path
from ocr.vietnamese.phrases import WHOLE_PHRASE_LISTS

LAYOUTS = ("certificate", "register")
VALUE_MODES = ("right", "below", "right_or_below")
PRESENCES = ("required", "optional")
#: Kinds whose values commonly wrap onto the next line of the form.
WRAPPING_KINDS = ("place", "text", "relationship", "date_words")

_FORM_KEYS = {"form", "document_type", "layout", "titles", "anchors", "stop_phrases", "sections", "entry",
              "fields", "description", "other_captions", "columns", "_comment"}
_FIELD_KEYS = {"key", "captions", "section", "value", "wrap", "blank", "presence", "starts_at", "ends_before", "whole_phrases",
               "uncaptioned", "kind", "opens_with", "_comment"}
_COLUMN_KEYS = {"headings", "fields", "outside_record", "replaces_field_columns", "_comment"}
_SECTION_KEYS = {"anchors", "headers", "_comment"}
_ENTRY_KEYS = {"starts", "_comment"}


class TemplateError(InspectorError):
    """A form template file is missing, malformed or disagrees with the data dictionary."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"Mẫu biểu không hợp lệ ({Path(source).name}): {problem}",
                         f"Invalid form template {source}: {problem}")
        self.source = source
        self.problem = problem


@dataclass(frozen=True)
class FieldTemplate:
    """Where one field's value is printed on a form and how to read it."""

    key: str
    kind: str
    captions: tuple[str, ...]
    section: str | None = None
    value: str = "right"
    wrap: bool = False
    blank: bool = False
    presence: str = "required"
    starts_at: tuple[str, ...] = ()
    ends_before: tuple[str, ...] = ()
    uncaptioned: tuple[str, ...] = ()
    whole_phrases: str | None = None
    opens_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class SectionTemplate:
    """A part of the form (the mother, the wife...) opened by a caption or a heading."""

    name: str
    anchors: tuple[str, ...] = ()
    headers: tuple[str, ...] = ()


@dataclass(frozen=True)
class ColumnTemplate:
    """A table column: its heading as printed (variants) and the fields its cells hold, in order."""

    headings: tuple[str, ...]
    fields: tuple[str, ...] = ()
    #: Its cells hold no field of the record (a death notice's number, the officer's name).
    outside_record: bool = False
    #: Printed in place of the columns of the fields, never beside them ("Nội dung đăng ký").
    replaces_field_columns: bool = False


@dataclass(frozen=True)
class FormTemplate:
    """One form (a certificate or a register page) as the extractor reads it."""

    form: str
    document_type: str
    layout: str
    titles: tuple[str, ...]
    fields: tuple[FieldTemplate, ...]
    anchors: tuple[str, ...] = ()
    stop_phrases: tuple[str, ...] = ()
    sections: tuple[SectionTemplate, ...] = ()
    entry_starts: tuple[str, ...] = ()
    other_captions: tuple[str, ...] = ()
    columns: tuple[ColumnTemplate, ...] = ()
    source: str = ""
    record_keys: tuple[str, ...] = field(default=(), compare=False)

    def field(self, key: str) -> FieldTemplate | None:
        """The template of one field, or ``None`` when the form does not print it."""
        for candidate in self.fields:
            if candidate.key == key:
                return candidate
        return None

    def section(self, name: str) -> SectionTemplate | None:
        """One section by name, or ``None``."""
        for candidate in self.sections:
            if candidate.name == name:
                return candidate
        return None

    @property
    def captions(self) -> tuple[str, ...]:
        """Every distinct caption and section phrase of the form."""
        phrases: dict[str, None] = {}
        for spec in self.fields:
            phrases.update(dict.fromkeys(spec.captions))
        for section in self.sections:
            phrases.update(dict.fromkeys(section.anchors))
            phrases.update(dict.fromkeys(section.headers))
        phrases.update(dict.fromkeys(self.other_captions))
        return tuple(phrases)

    @property
    def headings(self) -> tuple[str, ...]:
        """Every column heading of the form's tables."""
        return tuple(dict.fromkeys(heading for column in self.columns for heading in column.headings))


# --------------------------------------------------------------------------- validation

def _strings(source: str, where: str, value: object, *, required: bool) -> tuple[str, ...]:
    if value is None:
        if required:
            raise TemplateError(source, f"{where} is missing")
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise TemplateError(source, f"{where} must be a list of non-empty strings")
    if required and not value:
        raise TemplateError(source, f"{where} is empty")
    return tuple(item.strip() for item in value)


def _check_keys(source: str, where: str, data: dict, allowed: set[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise TemplateError(source, f"{where}: unknown attribute(s) {', '.join(unknown)}")


def _parse_field(source: str, data: object, document_type: str, kinds: dict[str, str],
                 sections: set[str]) -> FieldTemplate:
    if not isinstance(data, dict):
        raise TemplateError(source, "every entry of 'fields' must be an object")
    key = data.get("key")
    if not isinstance(key, str) or not key:
        raise TemplateError(source, "a field has no 'key'")
    where = f"field {key!r}"
    _check_keys(source, where, data, _FIELD_KEYS)
    if key not in kinds:
        raise TemplateError(source, f"{where}: unknown field key for record type {document_type!r} "
                                    f"(see resources/fields.json)")
    kind = data.get("kind", kinds[key])
    if kind not in field_kinds():
        raise TemplateError(source, f"{where}: unknown kind {kind!r}")
    captions = _strings(source, f"{where}: 'captions'", data.get("captions"), required=True)
    section = data.get("section")
    if section is not None and section not in sections:
        raise TemplateError(source, f"{where}: unknown section {section!r}")
    value = data.get("value", "right")
    if value not in VALUE_MODES:
        raise TemplateError(source, f"{where}: 'value' must be one of {VALUE_MODES}")
    presence = data.get("presence", "required")
    if presence not in PRESENCES:
        raise TemplateError(source, f"{where}: 'presence' must be one of {PRESENCES}")
    for flag in ("wrap", "blank"):
        if flag in data and not isinstance(data[flag], bool):
            raise TemplateError(source, f"{where}: {flag!r} must be true or false")
    whole_phrases = data.get("whole_phrases")
    if whole_phrases is not None and whole_phrases not in WHOLE_PHRASE_LISTS:
        raise TemplateError(source, f"{where}: 'whole_phrases' must be one of {WHOLE_PHRASE_LISTS}")
    return FieldTemplate(
        key=key, kind=kind, captions=captions, section=section, value=value,
        wrap=bool(data.get("wrap", kind in WRAPPING_KINDS)), blank=bool(data.get("blank", False)),
        presence=presence,
        starts_at=_strings(source, f"{where}: 'starts_at'", data.get("starts_at"), required=False),
        ends_before=_strings(source, f"{where}: 'ends_before'", data.get("ends_before"), required=False),
        uncaptioned=_strings(source, f"{where}: 'uncaptioned'", data.get("uncaptioned"), required=False),
        whole_phrases=whole_phrases,
        opens_with=_strings(source, f"{where}: 'opens_with'", data.get("opens_with"), required=False))


def parse_template(data: object, source: str = "<template>") -> FormTemplate:
    """Validate one template's JSON value and build it; raise :class:`TemplateError` naming the problem."""
    if not isinstance(data, dict):
        raise TemplateError(source, "the file must hold one JSON object")
    _check_keys(source, "form", data, _FORM_KEYS)
    form = data.get("form")
    if not isinstance(form, str) or not form:
        raise TemplateError(source, "'form' is missing")
    document_type = data.get("document_type")
    if document_type not in record_types():
        raise TemplateError(source, f"unknown document_type {document_type!r}; expected one of {record_types()}")
    layout = data.get("layout")
    if layout not in LAYOUTS:
        raise TemplateError(source, f"'layout' must be one of {LAYOUTS}")
    titles = _strings(source, "'titles'", data.get("titles"), required=True)

    raw_sections = data.get("sections", {})
    if not isinstance(raw_sections, dict):
        raise TemplateError(source, "'sections' must be an object")
    sections = []
    for name, body in raw_sections.items():
        if not isinstance(body, dict):
            raise TemplateError(source, f"section {name!r} must be an object")
        _check_keys(source, f"section {name!r}", body, _SECTION_KEYS)
        anchors = _strings(source, f"section {name!r}: 'anchors'", body.get("anchors"), required=False)
        headers = _strings(source, f"section {name!r}: 'headers'", body.get("headers"), required=False)
        if not anchors and not headers and name != "main":
            raise TemplateError(source, f"section {name!r} has neither anchors nor headers")
        sections.append(SectionTemplate(name=name, anchors=anchors, headers=headers))
    section_names = {section.name for section in sections}

    kinds = {spec.key: spec.kind for spec in record_fields(document_type)}
    raw_fields = data.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise TemplateError(source, "'fields' must be a non-empty list")
    fields = tuple(_parse_field(source, entry, document_type, kinds, section_names) for entry in raw_fields)
    seen: set[str] = set()
    for spec in fields:
        if spec.key in seen:
            raise TemplateError(source, f"field {spec.key!r} is listed twice")
        seen.add(spec.key)

    entry = data.get("entry", {})
    if not isinstance(entry, dict):
        raise TemplateError(source, "'entry' must be an object")
    _check_keys(source, "entry", entry, _ENTRY_KEYS)
    starts = _strings(source, "entry: 'starts'", entry.get("starts"), required=layout == "register")
    for key in starts:
        if key not in seen:
            raise TemplateError(source, f"entry: 'starts' names {key!r}, which is not a field of the form")

    raw_columns = data.get("columns", [])
    if not isinstance(raw_columns, list):
        raise TemplateError(source, "'columns' must be a list")
    columns = []
    for number, column in enumerate(raw_columns):
        where = f"column {number + 1}"
        if not isinstance(column, dict):
            raise TemplateError(source, f"{where} must be an object")
        _check_keys(source, where, column, _COLUMN_KEYS)
        headings = _strings(source, f"{where}: 'headings'", column.get("headings"), required=True)
        column_fields = _strings(source, f"{where}: 'fields'", column.get("fields", []), required=False)
        for key in column_fields:
            if key not in seen:
                raise TemplateError(source, f"{where}: field {key!r} is not a field of the form")
        outside_record = column.get("outside_record", False)
        if not isinstance(outside_record, bool) or (outside_record and column_fields):
            raise TemplateError(source, f"{where}: 'outside_record' must be true or false, and true only "
                                        "for a column of no fields")
        replaces = column.get("replaces_field_columns", False)
        if not isinstance(replaces, bool) or (replaces and column_fields):
            raise TemplateError(source, f"{where}: 'replaces_field_columns' must be true or false, and true "
                                        "only for a column of no fields")
        columns.append(ColumnTemplate(headings=headings, fields=column_fields, outside_record=outside_record,
                                      replaces_field_columns=replaces))

    return FormTemplate(
        form=form, document_type=document_type, layout=layout, titles=titles, fields=fields,
        other_captions=_strings(source, "'other_captions'", data.get("other_captions"), required=False),
        columns=tuple(columns),
        anchors=_strings(source, "'anchors'", data.get("anchors"), required=False),
        stop_phrases=_strings(source, "'stop_phrases'", data.get("stop_phrases"), required=False),
        sections=tuple(sections), entry_starts=starts, source=source,
        record_keys=tuple(kinds))


def load_template(path: Path | str) -> FormTemplate:
    """Read and validate one template file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TemplateError(str(path), f"cannot be read ({exc.strerror})") from exc
    except json.JSONDecodeError as exc:
        raise TemplateError(str(path), f"is not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    template = parse_template(data, str(path))
    if template.form != path.stem:
        raise TemplateError(str(path), f"'form' is {template.form!r} but the file is named {path.stem!r}")
    return template


def load_templates(directory: Path | str | None = None) -> tuple[FormTemplate, ...]:
    """Every template of a folder (default ``resources/forms``), in file-name order."""
    folder = Path(directory) if directory is not None else resource_path("forms")
    paths = sorted(folder.glob("*.json"))
    if not paths:
        raise TemplateError(str(folder), "no form templates (*.json) found")
    return tuple(load_template(path) for path in paths)


@cache
def default_templates() -> tuple[FormTemplate, ...]:
    """The templates shipped in ``resources/forms``, loaded once per process."""
    return load_templates()
