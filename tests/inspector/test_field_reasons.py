"""Why a field is flagged, in the officer's words: every reason recognition gives has them."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

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


#: The modules that put reason codes on a field (``ExtractedField.reasons``).
_FIELD_REASON_SOURCES = ("ocr/fieldkinds.py", "ocr/confidence.py", "ocr/extract.py", "ocr/reading.py",
                         "ocr/secondlook.py", "ocr/transposed.py", "ocr/tables.py", "ocr/rules.py",
                         "ocr/vietnamese/names.py")
_CODE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+|repaired|malformed")


def _codes_in_source() -> set[str]:
    """The string constants the field-reason modules give as reasons: the third argument of
    ``Reading(…)``, a ``reason…=`` keyword, what is appended to or assigned to a variable named
    for reasons, issues, repairs or flags; and ``confirmed_by_<source>`` for each confirmation."""
    def reasonish(name: str) -> bool:
        return any(word in name.lower() for word in ("reason", "issue", "repair", "flag"))

    def constants(node: ast.AST) -> set[str]:
        return {n.value for n in ast.walk(node)
                if isinstance(n, ast.Constant) and isinstance(n.value, str) and _CODE.fullmatch(n.value)}

    codes: set[str] = set()
    root = Path(__file__).resolve().parents[2]
    for relative in _FIELD_REASON_SOURCES:
        for node in ast.walk(ast.parse((root / relative).read_text(encoding="utf-8"))):
            parts: list[ast.AST] = []
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                if name == "Reading" and len(node.args) >= 3:
                    parts.append(node.args[2])
                parts += [keyword.value for keyword in node.keywords if keyword.arg and reasonish(keyword.arg)]
                if (isinstance(func, ast.Attribute) and func.attr in ("append", "add", "extend")
                        and isinstance(func.value, ast.Name) and reasonish(func.value.id)):
                    parts += node.args
                if name == "confirm" and len(node.args) == 2:
                    codes |= {f"confirmed_by_{source}" for source in constants(node.args[1])}
            elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(target, ast.Name) and reasonish(target.id) for target in targets):
                    parts.append(node.value)
            for part in parts:
                codes |= constants(part)
    return codes


def test_every_reason_code_recognition_can_put_on_a_field_has_words() -> None:
    # The reasons test above covers the codes that flag; a soft code (a repair, a confirmation)
    # is shown too, and a code without words is a bare identifier in the verification view.
    from ocr.fieldkinds import _NAME_HARD

    codes = {_NAME_HARD.get(code, code) for code in _codes_in_source()}
    assert {"repaired", "second_look_agrees", "confirmed_by_date_in_words", "rule_failed"} <= codes  # the scan sees
    assert not sorted(code for code in codes if reason_text(code) is None)
