"""Signing and verifying records: identities, the demo CA, trust anchors, canonical form, CMS, validation.

Pure functions and small classes over bytes, certificates and keys; nothing here knows the
database. See each module's docstring; the names below are the public API.
"""

from storage.signing.canonical import (
    PAYLOAD_FORMAT,
    build_signed_payload,
    canonical_record_bytes,
    format_signing_time,
    parse_signing_time,
)
from storage.signing.cms import sign_detached
from storage.signing.demo_ca import (
    DEMO_ORGANIZATION,
    DEMO_POLICY_OID,
    DemoCA,
    is_demo_certificate,
    write_pkcs12,
)
from storage.signing.identity import (
    SOFTHSM2_MODULE,
    Pkcs11Identity,
    Pkcs12Identity,
    Signer,
    TokenInfo,
    list_pkcs11_tokens,
    load_pkcs12_identity,
)
from storage.signing.trust import AnchorInfo, TrustStore, import_anchor
from storage.signing.validate import Grade, Reason, ValidationResult, validate_detached, with_reasons

__all__ = [
    "DEMO_ORGANIZATION", "DEMO_POLICY_OID", "PAYLOAD_FORMAT", "SOFTHSM2_MODULE", "AnchorInfo", "DemoCA",
    "Grade", "Pkcs11Identity", "Pkcs12Identity", "Reason", "Signer", "TokenInfo", "TrustStore",
    "ValidationResult", "build_signed_payload", "canonical_record_bytes", "format_signing_time",
    "import_anchor", "is_demo_certificate", "list_pkcs11_tokens", "load_pkcs12_identity",
    "parse_signing_time", "sign_detached", "validate_detached", "with_reasons", "write_pkcs12",
]
