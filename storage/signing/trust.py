"""Trust anchors: the CA certificates (the province's, or the demo CA) whose officers we believe.

A :class:`TrustStore` is loaded from a folder of certificate files (PEM, possibly several per
file, or DER: ``.pem .crt .cer .der``) and certificate revocation lists (``.crl``, PEM or
DER). The settings dialog lists the anchors with :meth:`TrustStore.describe` and adds one with
:func:`import_anchor`. A file that cannot be read is reported in ``problems`` and skipped, so
one bad file does not hide the others.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from inspector.errors import InputFileError
from storage.signing.demo_ca import is_demo_certificate

log = logging.getLogger(__name__)

CERTIFICATE_SUFFIXES = (".pem", ".crt", ".cer", ".der")
CRL_SUFFIXES = (".crl",)


def fingerprint(certificate: x509.Certificate) -> str:
    """Lowercase hex SHA-256 of the certificate's DER encoding."""
    return certificate.fingerprint(hashes.SHA256()).hex()


def subject_text(name: x509.Name) -> str:
    """A name as RFC 4514 text (``CN=…,O=…,C=VN``), Unicode kept."""
    return name.rfc4514_string()


@dataclass(frozen=True)
class AnchorInfo:
    """One trust anchor as the settings dialog shows it."""

    subject: str
    issuer: str
    fingerprint_sha256: str
    not_before: datetime
    not_after: datetime
    is_ca: bool
    is_demo: bool
    source: str

    def is_valid_at(self, at: datetime) -> bool:
        """True when ``at`` falls inside the certificate's validity period."""
        return self.not_before <= at <= self.not_after


def load_certificates(data: bytes) -> list[x509.Certificate]:
    """All certificates in ``data``: a PEM bundle or one DER certificate."""
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificates(data)
    return [x509.load_der_x509_certificate(data)]


def _load_crl(data: bytes) -> x509.CertificateRevocationList:
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_crl(data)
    return x509.load_der_x509_crl(data)


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        return bool(certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


@dataclass(frozen=True)
class TrustStore:
    """Trusted CA certificates, and the CRLs we hold for them (offline revocation data)."""

    anchors: tuple[x509.Certificate, ...]
    crls: tuple[x509.CertificateRevocationList, ...] = ()
    problems: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def of(cls, anchors: Iterable[x509.Certificate],
           crls: Iterable[x509.CertificateRevocationList] = ()) -> TrustStore:
        """A store from certificates in memory (tests, the demo CA)."""
        unique = {fingerprint(c): c for c in anchors}
        return cls(anchors=tuple(unique.values()), crls=tuple(crls),
                   sources=tuple("" for _ in unique))

    @classmethod
    def from_folder(cls, folder: str | os.PathLike) -> TrustStore:
        """Load every certificate and CRL file in ``folder`` (not recursive; a missing folder is empty)."""
        folder = Path(folder)
        anchors: dict[str, tuple[x509.Certificate, str]] = {}
        crls: list[x509.CertificateRevocationList] = []
        problems: list[str] = []
        if not folder.is_dir():
            return cls(anchors=())
        for path in sorted(folder.iterdir()):
            suffix = path.suffix.lower()
            if not path.is_file() or suffix not in CERTIFICATE_SUFFIXES + CRL_SUFFIXES:
                continue
            try:
                data = path.read_bytes()
                if suffix in CRL_SUFFIXES:
                    crls.append(_load_crl(data))
                    continue
                for certificate in load_certificates(data):
                    anchors.setdefault(fingerprint(certificate), (certificate, path.name))
            except (OSError, ValueError) as exc:
                log.warning("Skipping unreadable trust file %s: %s", path.name, type(exc).__name__)
                problems.append(path.name)
        return cls(anchors=tuple(c for c, _ in anchors.values()), crls=tuple(crls),
                   problems=tuple(problems), sources=tuple(s for _, s in anchors.values()))

    def describe(self) -> list[AnchorInfo]:
        """The anchors, for display: subject, fingerprint, validity, demo or not, file."""
        sources = self.sources if len(self.sources) == len(self.anchors) else ("",) * len(self.anchors)
        return [AnchorInfo(subject=subject_text(c.subject), issuer=subject_text(c.issuer),
                           fingerprint_sha256=fingerprint(c), not_before=c.not_valid_before_utc,
                           not_after=c.not_valid_after_utc, is_ca=_is_ca(c),
                           is_demo=is_demo_certificate(c), source=source)
                for c, source in zip(self.anchors, sources, strict=True)]

    def contains(self, certificate: x509.Certificate) -> bool:
        """True when this exact certificate is an anchor."""
        return any(fingerprint(c) == fingerprint(certificate) for c in self.anchors)

    def crls_for(self, issuer: x509.Certificate) -> list[x509.CertificateRevocationList]:
        """The CRLs issued (and correctly signed) by ``issuer``."""
        found = []
        for crl in self.crls:
            if crl.issuer != issuer.subject:
                continue
            try:
                if crl.is_signature_valid(issuer.public_key()):
                    found.append(crl)
            except (TypeError, ValueError):
                continue
        return found


def import_anchor(folder: str | os.PathLike, source: str | os.PathLike | bytes) -> list[AnchorInfo]:
    """Copy CA certificate(s) from a file (or bytes) into the trust folder as PEM.

    Each certificate is written as ``<fingerprint>.pem``; a certificate that is not a CA
    (no basicConstraints CA=true) is refused with :class:`InputFileError`. Returns what was
    added, as the settings dialog lists it.
    """
    shown = "<bytes>" if isinstance(source, bytes) else str(source)
    try:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        certificates = load_certificates(data)
    except (OSError, ValueError):
        raise InputFileError(shown, "Tệp không phải là chứng thư số (PEM hoặc DER).",
                             "Not a certificate file (PEM or DER)") from None
    if not certificates or not all(_is_ca(c) for c in certificates):
        raise InputFileError(shown, "Chứng thư số này không phải của tổ chức cung cấp dịch vụ chứng thực (CA).",
                             "The certificate is not a CA certificate")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for certificate in certificates:
        (folder / f"{fingerprint(certificate)}.pem").write_bytes(
            certificate.public_bytes(serialization.Encoding.PEM))
    wanted = {fingerprint(c) for c in certificates}
    return [info for info in TrustStore.from_folder(folder).describe() if info.fingerprint_sha256 in wanted]
