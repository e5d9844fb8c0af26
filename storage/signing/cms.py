"""Detached CMS (PKCS#7) SignedData over a record's canonical bytes.

One builder for every :class:`~storage.signing.identity.Signer`, file key or token: SHA-256,
the signer's certificate (and its chain) included, and the signed attributes content-type,
message-digest and signing-time. The signer signs the DER of the signed attributes, so a token
only ever sees a ``SET OF Attribute`` (or its digest), never the record.

Why our own builder (on asn1crypto) rather than ``cryptography``'s ``PKCS7SignatureBuilder``:
``cryptography`` cannot sign with a key held on a PKCS#11 token, and cannot set the
signing-time attribute (it always writes "now"). With one builder the two kinds of key give
byte-for-byte the same structure, the signing time equals the payload's ``signed_at``, and
``openssl cms -verify`` checks both the same way. pyHanko's CMS signer would also work but
brings aiohttp, lxml and a PDF stack for ~60 lines of ASN.1 assembly. Figures in bench/sign.py.

:func:`parse_signed_data` is the reading side shared with :mod:`storage.signing.validate`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from asn1crypto import cms as asn1_cms
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from storage.signing.identity import Signer, check_certificate_usable, key_algorithm

#: Digest algorithms we accept in signatures we read (we always write SHA-256).
_DIGESTS = {"sha256": hashlib.sha256, "sha384": hashlib.sha384, "sha512": hashlib.sha512}


def _asn1_certificate(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def signed_attributes(content_digest: bytes, signing_time: datetime) -> asn1_cms.CMSAttributes:
    """The three signed attributes (content-type data, signing-time, message-digest)."""
    return asn1_cms.CMSAttributes([
        asn1_cms.CMSAttribute({"type": "content_type", "values": ["data"]}),
        # asn1crypto picks UTCTime before 2050 and GeneralizedTime after, as RFC 5652 requires.
        asn1_cms.CMSAttribute({"type": "signing_time", "values": [asn1_cms.Time(
            {"utc_time" if signing_time.year < 2050 else "generalized_time": signing_time})]}),
        asn1_cms.CMSAttribute({"type": "message_digest", "values": [content_digest]}),
    ])


def sign_detached(content: bytes, signer: Signer, *, signing_time: datetime | None = None,
                  check_validity: bool = True) -> bytes:
    """A detached CMS SignedData (DER) by ``signer`` over ``content``.

    ``signing_time`` (timezone-aware; default now, to the second) goes into the signing-time
    attribute; pass the payload's ``signed_at`` so both say the same. With ``check_validity``
    the signer's certificate must be valid at that time (:class:`SignatureError` otherwise).
    """
    moment = (signing_time or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    certificate = signer.certificate
    if check_validity:
        check_certificate_usable(certificate, moment)
    algorithm = key_algorithm(certificate)
    attributes = signed_attributes(hashlib.sha256(content).digest(), moment)
    # The signature covers the attributes' DER with the universal SET tag (RFC 5652 §5.4).
    signature = signer.sign(attributes.dump())
    cert_asn1 = _asn1_certificate(certificate)
    signer_info = asn1_cms.SignerInfo({
        "version": "v1",
        "sid": asn1_cms.SignerIdentifier({"issuer_and_serial_number": asn1_cms.IssuerAndSerialNumber({
            "issuer": cert_asn1.issuer, "serial_number": cert_asn1.serial_number})}),
        "digest_algorithm": {"algorithm": "sha256"},
        "signed_attrs": attributes,
        "signature_algorithm": {"algorithm": "sha256_ecdsa" if algorithm == "ec" else "rsassa_pkcs1v15"},
        "signature": signature,
    })
    seen = {certificate.fingerprint(hashes.SHA256())}
    certificates = [cert_asn1]
    for extra in signer.chain:
        if extra.fingerprint(hashes.SHA256()) not in seen:
            seen.add(extra.fingerprint(hashes.SHA256()))
            certificates.append(_asn1_certificate(extra))
    signed_data = asn1_cms.SignedData({
        "version": "v1",
        "digest_algorithms": [{"algorithm": "sha256"}],
        "encap_content_info": {"content_type": "data"},  # detached: no content
        "certificates": certificates,
        "signer_infos": [signer_info],
    })
    return asn1_cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump()


class MalformedSignature(ValueError):
    """The bytes are not a detached CMS SignedData we can read (reason in ``code``)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class ParsedSignature:
    """The parts of a detached CMS signature that validation needs."""

    signer_certificate: x509.Certificate
    other_certificates: tuple[x509.Certificate, ...]
    digest_algorithm: str
    message_digest: bytes | None
    content_type_is_data: bool
    signing_time: datetime | None
    signed_attributes_der: bytes
    signature_algorithm: str
    signature: bytes

    def content_digest(self, content: bytes) -> bytes:
        """The digest of ``content`` with the signature's digest algorithm."""
        return _DIGESTS[self.digest_algorithm](content).digest()


def parse_signed_data(data: bytes) -> ParsedSignature:
    """Read a DER detached CMS SignedData with one signer; raise :class:`MalformedSignature`."""
    try:
        info = asn1_cms.ContentInfo.load(data, strict=True)
        if info["content_type"].native != "signed_data":
            raise MalformedSignature("signature_malformed", "not a SignedData")
        signed = info["content"]
        if signed["encap_content_info"]["content"].native is not None:
            raise MalformedSignature("signature_not_detached", "the signature embeds its content")
        signer_infos = signed["signer_infos"]
        if len(signer_infos) != 1:
            raise MalformedSignature("signature_malformed", "expected exactly one signer")
        signer_info = signer_infos[0]
        digest_algorithm = signer_info["digest_algorithm"]["algorithm"].native
        if digest_algorithm not in _DIGESTS:
            raise MalformedSignature("unsupported_algorithm", f"digest {digest_algorithm}")
        certificates = []
        for choice in signed["certificates"] or []:
            if choice.name == "certificate":
                certificates.append(x509.load_der_x509_certificate(choice.chosen.dump()))
        signer_certificate = _find_signer(signer_info["sid"], certificates)
        attrs = signer_info["signed_attrs"]
        if not attrs:
            raise MalformedSignature("signature_malformed", "no signed attributes")
        message_digest = None
        content_type_is_data = False
        signing_time = None
        for attribute in attrs:
            kind = attribute["type"].native
            values = attribute["values"]
            if len(values) != 1:
                raise MalformedSignature("signature_malformed", f"attribute {kind} has {len(values)} values")
            if kind == "message_digest":
                message_digest = values[0].native
            elif kind == "content_type":
                content_type_is_data = values[0].native == "data"
            elif kind == "signing_time":
                signing_time = values[0].native.astimezone(UTC)
        # Verify over the attributes exactly as received, re-tagged from [0] IMPLICIT to SET.
        attrs_der = attrs.dump()
        attrs_der = b"\x31" + attrs_der[1:]
        signature_algorithm = signer_info["signature_algorithm"].signature_algo
        return ParsedSignature(
            signer_certificate=signer_certificate,
            other_certificates=tuple(c for c in certificates if c != signer_certificate),
            digest_algorithm=digest_algorithm, message_digest=message_digest,
            content_type_is_data=content_type_is_data, signing_time=signing_time,
            signed_attributes_der=attrs_der, signature_algorithm=signature_algorithm,
            signature=signer_info["signature"].native)
    except MalformedSignature:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as exc:
        raise MalformedSignature("signature_malformed", f"{type(exc).__name__}") from None


def _find_signer(sid: asn1_cms.SignerIdentifier, certificates: list[x509.Certificate]) -> x509.Certificate:
    if sid.name == "issuer_and_serial_number":
        issuer = sid.chosen["issuer"]
        serial = sid.chosen["serial_number"].native
        for certificate in certificates:
            cert_asn1 = _asn1_certificate(certificate)
            if cert_asn1.serial_number == serial and cert_asn1.issuer == issuer:
                return certificate
    elif sid.name == "subject_key_identifier":
        wanted = sid.chosen.native
        for certificate in certificates:
            try:
                ski = certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
            except x509.ExtensionNotFound:
                continue
            if ski == wanted:
                return certificate
    raise MalformedSignature("signer_certificate_missing", "the signer's certificate is not in the signature")


def certificates_in(data: bytes) -> list[x509.Certificate]:
    """Every certificate carried by a CMS signature (for display); empty when unreadable."""
    try:
        info = asn1_cms.ContentInfo.load(data, strict=True)
        return [x509.load_der_x509_certificate(c.chosen.dump())
                for c in info["content"]["certificates"] or [] if c.name == "certificate"]
    except (ValueError, TypeError, KeyError):
        return []

