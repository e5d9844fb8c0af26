"""What a record contributes to the workspace's full-text index.

Values are folded with :func:`inspector.textfold.fold_for_search`; dates are
indexed in the forms people type (``26/02/2003``, ``26/2/2003``, ``2003``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from inspector.textfold import fold_for_search

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def search_text(values: Iterable[str]) -> str:
    """Return the folded text to index for a record's field values."""
    parts: list[str] = []
    for value in values:
        if not value:
            continue
        match = _ISO_DATE.match(value)
        if match:
            year, month, day = match.groups()
            parts += [f"{day}/{month}/{year}", f"{int(day)}/{int(month)}/{year}", year]
        else:
            parts.append(fold_for_search(value))
    return " ".join(parts)


def fts_query(user_query: str) -> tuple[str | None, str | None]:
    """Turn what a person typed into (phrase query, all-words query) for FTS5.

    The last word is a prefix (people search while typing). Returns ``(None,
    None)`` when nothing searchable was typed.
    """
    tokens = [t.replace('"', "") for t in fold_for_search(user_query).split()]
    tokens = [t for t in tokens if t]
    if not tokens:
        return None, None
    quoted = [f'"{t}"' for t in tokens]
    phrase = f'"{" ".join(tokens)}"' if len(tokens) > 1 else None
    words = " ".join(quoted[:-1] + [quoted[-1] + "*"])
    return phrase, words


def record_values(fields_json: Mapping[str, Mapping]) -> list[str]:
    """The values of a stored record's fields (as kept in ``fields_json``)."""
    return [str(v.get("value", "")) for v in fields_json.values()]
