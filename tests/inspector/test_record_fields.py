"""The machine-readable data dictionary says exactly what shared/spec/fields.md says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from inspector.record_fields import field_keys, field_kinds, record_fields, record_types

SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec" / "fields.md"


def _spec_keys() -> dict[str, list[str]]:
    text = SPEC.read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.M)
    keys: dict[str, list[str]] = {}
    for section in sections:
        title = section.splitlines()[0] if section else ""
        found = re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.M)
        if title.startswith("Common"):
            keys["common"] = found
        for doc_type in ("birth", "death", "marriage"):
            if title.startswith(f"`{doc_type}`"):
                keys[doc_type] = found
    return keys


@pytest.mark.skipif(not SPEC.exists(), reason="shared/spec not beside the checkout")
def test_keys_match_the_spec_in_order():
    spec = _spec_keys()
    for doc_type in ("birth", "death", "marriage"):
        assert list(field_keys(doc_type)) == spec["common"] + spec[doc_type]


def test_every_field_has_labels_and_a_known_kind():
    assert record_types() == ("birth", "death", "marriage")
    for doc_type in record_types():
        for spec in record_fields(doc_type):
            assert spec.label_vi and spec.label_en
            assert spec.kind in field_kinds()
