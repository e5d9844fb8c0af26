"""What an officer signs: a record's payload, and its canonical bytes (RFC 8785, JCS).

The payload holds values only, nothing the program derives for display (confidences, boxes,
flags): the record's id, type, revision and field values (keys of ``fields.md``); the book
(id, number, year, type); the commune; the signer's role; the signing time (UTC, ISO 8601);
and the SHA-256 of every page image the record was read from, in page order. Anyone holding
the page images and the signed JSON can check both.

RFC 8785 makes the bytes unique (sorted keys, no spaces, fixed number and string forms), so
the same payload always hashes and verifies the same, on the desktop and on the server.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

import rfc8785

#: Version of the payload layout; bump it when a key is added or its meaning changes.
PAYLOAD_FORMAT = "so-ho-tich/signed-record/1"

_FIELD_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


def canonical_record_bytes(payload: Mapping) -> bytes:
    """The RFC 8785 canonical JSON bytes of ``payload`` (UTF-8, sorted keys, no whitespace).

    Raises ``ValueError`` for values JSON cannot hold exactly (NaN, integers beyond 2**53).
    """
    try:
        return rfc8785.dumps(payload)
    except (rfc8785.CanonicalizationError, TypeError) as exc:
        raise ValueError(f"payload cannot be canonicalised: {exc}") from None


def format_signing_time(moment: datetime) -> str:
    """UTC ISO 8601 with seconds and a ``Z``: ``2025-03-01T08:15:00Z``. Naive datetimes are refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("signing time must carry a time zone")
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_signing_time(text: str) -> datetime:
    """The inverse of :func:`format_signing_time`."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def _field_value(value) -> str:
    # A FieldValue (or anything with ``.value``) gives its value; the rest is the value itself.
    value = getattr(value, "value", value)
    if not isinstance(value, str):
        raise ValueError("field values must be strings")
    if not unicodedata.is_normalized("NFC", value):
        raise ValueError("field values must be Unicode NFC (fields.md)")
    return value


def build_signed_payload(*, record_id: str, record_type: str, fields: Mapping[str, object], revision: int,
                         book_id: str, book_number: str, book_year: int | None, book_type: str,
                         commune: str, signer_role: str, signed_at: datetime,
                         page_sha256: Iterable[str]) -> dict:
    """The payload an officer signs for one record revision (plain values, no DB objects).

    ``fields`` maps fields.md keys to strings (or to objects with a ``value`` attribute, such
    as :class:`inspector.domain.FieldValue`; only the value is signed). ``page_sha256`` lists
    the lowercase hex SHA-256 of each page image, in page order. ``signed_at`` must be
    timezone-aware; it is written in UTC to the second. Raises ``ValueError`` on a malformed
    argument, so nothing half-formed gets signed.
    """
    if not record_id or not book_id:
        raise ValueError("record_id and book_id are required")
    if isinstance(revision, bool) or not isinstance(revision, int) or revision < 0:
        raise ValueError("revision must be a non-negative integer")
    if book_year is not None and (isinstance(book_year, bool) or not isinstance(book_year, int)):
        raise ValueError("book_year must be an integer or None")
    values = {}
    for key, value in fields.items():
        if not isinstance(key, str) or not _FIELD_KEY_RE.match(key):
            raise ValueError(f"field key {key!r} is not a fields.md key")
        values[key] = _field_value(value)
    pages = [str(d) for d in page_sha256]
    for digest in pages:
        if not _SHA256_RE.match(digest):
            raise ValueError("page digests must be lowercase hex SHA-256")
    return {
        "format": PAYLOAD_FORMAT,
        "record": {"id": str(record_id), "type": str(record_type), "revision": revision, "fields": values},
        "book": {"id": str(book_id), "number": str(book_number), "year": book_year, "type": str(book_type)},
        "commune": str(commune),
        "signer": {"role": str(signer_role)},
        "signed_at": format_signing_time(signed_at),
        "page_sha256": pages,
    }
