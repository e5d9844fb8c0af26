"""Folding of Vietnamese text for search: one implementation for index and query.

``fold_for_search("Nguyễn Văn Đức") == "nguyen van duc"``: lower case, no
diacritics, ``đ`` → ``d``, hyphens and punctuation as spaces, single spaces
(fields.md, "Equivalent spellings"). A kernel module: imports nothing of the
project, so storage (the full-text index) and ocr (matching) share it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_,;:.()\[\]{}\"'“”‘’«»!?]+")


@lru_cache(maxsize=65536)
def strip_diacritics(text: str) -> str:
    """Remove every combining mark and fold ``đ``/``Đ`` to ``d``/``D`` (cached: recognition folds the
    same words thousands of times a page)."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def fold_for_search(text: str) -> str:
    """Fold text so that ``nguyen van duc`` finds ``Nguyễn Văn Đức`` and ``hoa binh`` finds ``Hoà Bình``.

    Slashes stay (dates like ``26/02/2003`` remain one searchable string).
    """
    folded = strip_diacritics(text).casefold()
    return " ".join(part for part in _SEPARATORS.split(folded) if part)
