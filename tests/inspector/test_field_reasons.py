"""Why a field is flagged, in the officer's words: every reason recognition gives has them."""

from __future__ import annotations

import json

from inspector.field_reasons import reason_text, review_reasons
from inspector.resources import resource_path
from ocr.confidence import HARD_REASONS, STICKY_REASONS


def test_every_reason_that_flags_a_field_has_words_in_vietnamese_and_english() -> None:
    missing = [code for code in sorted(HARD_REASONS | STICKY_REASONS | {"low_confidence"})
               if not reason_text(code, "vi") or not reason_text(code, "en")
               or reason_text(code, "vi") == reason_text(code, "en")]
    assert not missing, missing
    entries = json.loads(resource_path("field_reasons.json").read_text(encoding="utf-8"))["reasons"]
    assert all(set(entry) <= {"vi", "en", "shown"} and entry["vi"] and entry["en"] for entry in entries.values())


def test_the_most_telling_reasons_come_first_and_a_lifted_doubt_or_an_unknown_code_is_not_shown() -> None:
    codes = ("low_confidence", "second_look_agrees", "place_spelling", "rule_failed", "code_from_a_newer_version")
    assert review_reasons(codes, "vi") == ["không khớp với trường khác của bản ghi",
                                           "tên địa danh đã được sửa chính tả"]
    assert review_reasons(codes, "en", limit=1) == ["does not fit another field of the record"]
    # "Not read clearly" is said only when there is nothing more telling.
    assert review_reasons(("low_confidence", "second_look_agrees"), "vi") == ["chữ đọc không rõ"]
    assert review_reasons(("second_look_agrees", "not_on_form"), "vi") == []
