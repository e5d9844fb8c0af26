"""Local workspace storage: database, content-addressed blobs, signing, audit, sync.

Never imports ``ocr``, ``ui`` or Qt; returns domain types of :mod:`inspector.domain`.
"""
