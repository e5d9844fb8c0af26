"""Sổ hộ tịch số: digitise civil-status registers and inspect enterprises remotely.

This package is the orchestration layer: domain types, the record pipeline,
settings and the ``inspector`` command. Keep this module import-free so that
the kernel modules (:mod:`inspector.errors`, :mod:`inspector.domain`,
:mod:`inspector.resources`) stay cheap to import from ``ocr`` and ``storage``.
"""

__version__ = "0.1.0"
