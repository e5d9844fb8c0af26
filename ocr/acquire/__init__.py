"""Acquisition: turn files, folders, PDFs and scanners into page images."""

from ocr.acquire.files import (
    SUPPORTED_SUFFIXES,
    SourcePage,
    decode_page_image,
    expand_inputs,
    read_source,
)

__all__ = ["SUPPORTED_SUFFIXES", "SourcePage", "decode_page_image", "expand_inputs", "read_source"]
