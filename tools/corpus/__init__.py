"""Synthetic Vietnamese civil-status pages with exact ground truth.

Certificates (giấy khai sinh, trích lục, giấy chứng nhận kết hôn, bản sao) and
register pages (sổ đăng ký khai sinh / kết hôn / khai tử) of wide typographic
and layout variety, at five degradation levels, each with a JSON truth: the
fields of ``shared/spec/fields.md`` and every value's box in the final image.

    from tools.corpus import generate_page, generate_corpus
    page = generate_page(7, document_type="birth", layout="register", level="scan")
    page.image        # BGR uint8 (as cv2.imread gives)
    page.truth        # {"document_type": ..., "pages": [{"records": [...]}], ...}

Command line: ``python -m tools.corpus --out DIR --count N --seed S``.
"""

from tools.corpus.generate import (
                                   DOCUMENT_TYPES,
                                   LAYOUTS,
                                   LEVELS,
                                   GeneratedPage,
                                   generate_corpus,
                                   generate_page,
)

__all__ = ["DOCUMENT_TYPES", "LAYOUTS", "LEVELS", "GeneratedPage", "generate_corpus", "generate_page"]
