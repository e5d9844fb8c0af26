"""A local demonstration certificate authority, so the product can be tried without a real CA.

Everything it issues is marked as demo twice: ``O=DEMO - không có giá trị pháp lý`` in the
subject, and a certificate policy (:data:`DEMO_POLICY_OID`) with a user notice saying the same.
The validator grades signatures under such certificates ``VALID_WITH_WARNINGS`` at best. A real
deployment does not use this module: it imports the province's CA certificates as trust
anchors (:mod:`storage.signing.trust`) and officers sign with the tokens their CA issued.

Private keys are written only inside password-protected PKCS#12 files (AES-256-CBC, PBKDF2-SHA256,
HMAC-SHA256); certificates as PEM.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from inspector.errors import SignatureError
from storage.signing.identity import load_pkcs12_identity

#: Organisation written in every demo subject.
DEMO_ORGANIZATION = "DEMO - không có giá trị pháp lý"
#: Certificate policy of demo certificates: a UUID-based OID (ITU-T X.667, no registration needed).
DEMO_POLICY_OID = x509.ObjectIdentifier("2.25.264831459356691416617115885175777878174")
#: User notice carried by the demo policy.
DEMO_NOTICE = "Chứng thư số thử nghiệm (DEMO), không có giá trị pháp lý."

#: File names inside a demo CA folder.
CA_CERT_FILE = "demo-ca.pem"
CA_KEY_FILE = "demo-ca-key.p12"

PublicKey = ec.EllipticCurvePublicKey | rsa.RSAPublicKey
PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


def is_demo_certificate(certificate: x509.Certificate) -> bool:
    """True when the certificate carries the demo policy or the demo organisation."""
    try:
        policies = certificate.extensions.get_extension_for_class(x509.CertificatePolicies).value
        if any(p.policy_identifier == DEMO_POLICY_OID for p in policies):
            return True
    except x509.ExtensionNotFound:
        pass
    return any(a.value == DEMO_ORGANIZATION
               for a in certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME))


def _demo_policies() -> x509.CertificatePolicies:
    return x509.CertificatePolicies([x509.PolicyInformation(
        DEMO_POLICY_OID, [x509.UserNotice(notice_reference=None, explicit_text=DEMO_NOTICE)])])


def new_private_key(key_type: str = "ec") -> PrivateKey:
    """A fresh key: ``"ec"`` (P-256, the default) or ``"rsa"`` (2048 bits)."""
    if key_type == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    if key_type == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    raise ValueError(f"key_type must be 'ec' or 'rsa', not {key_type!r}")


def write_pkcs12(path: str | os.PathLike, certificate: x509.Certificate, private_key: PrivateKey,
                 password: str, *, chain: Iterable[x509.Certificate] = (), friendly_name: str = "officer") -> Path:
    """Write a certificate and its key as a password-protected PKCS#12 file (mode 0600)."""
    if not password:
        raise SignatureError("Cần đặt mật khẩu cho tệp chứng thư số.", "A PKCS#12 password is required")
    encryption = (serialization.PrivateFormat.PKCS12.encryption_builder()
                  .kdf_rounds(200_000)
                  .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
                  .hmac_hash(hashes.SHA256())
                  .build(password.encode("utf-8")))
    data = pkcs12.serialize_key_and_certificates(friendly_name.encode("utf-8"), private_key, certificate,
                                                 list(chain) or None, encryption)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return path


def write_certificate_pem(path: str | os.PathLike, certificate: x509.Certificate) -> Path:
    """Write a (public) certificate as PEM."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return path


@dataclass(frozen=True)
class IssuedIdentity:
    """What :meth:`DemoCA.issue_officer` returns: the certificate, and the key when we made it."""

    certificate: x509.Certificate
    private_key: PrivateKey | None


@dataclass(frozen=True, repr=False, eq=False)
class DemoCA:
    """A demo certificate authority: its self-signed certificate and its key (in memory)."""

    certificate: x509.Certificate
    private_key: ec.EllipticCurvePrivateKey

    def __repr__(self) -> str:
        return f"DemoCA(serial={self.certificate.serial_number:x})"

    @classmethod
    def create(cls, *, common_name: str = "CA thử nghiệm - Số hoá sổ hộ tịch", valid_days: int = 3650,
               now: datetime | None = None) -> DemoCA:
        """Make a new demo CA with an ECDSA P-256 key."""
        now = now or datetime.now(UTC)
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEMO_ORGANIZATION),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ])
        ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name).issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=valid_days))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                                         key_cert_sign=True, crl_sign=True, encipher_only=False,
                                         decipher_only=False), critical=True)
            .add_extension(ski, critical=False)
            .add_extension(_demo_policies(), critical=False)
            .sign(key, hashes.SHA256())
        )
        return cls(certificate=certificate, private_key=key)

    def save(self, folder: str | os.PathLike, password: str) -> tuple[Path, Path]:
        """Write the CA certificate (PEM, public) and its key (PKCS#12 with ``password``)."""
        folder = Path(folder)
        cert_path = write_certificate_pem(folder / CA_CERT_FILE, self.certificate)
        key_path = write_pkcs12(folder / CA_KEY_FILE, self.certificate, self.private_key, password,
                                friendly_name="demo-ca")
        return cert_path, key_path

    @classmethod
    def load(cls, folder: str | os.PathLike, password: str) -> DemoCA:
        """Open a demo CA written by :meth:`save`."""
        identity = load_pkcs12_identity(Path(folder) / CA_KEY_FILE, password)
        if not isinstance(identity.private_key, ec.EllipticCurvePrivateKey):
            raise SignatureError("Khoá của CA thử nghiệm không hợp lệ.", "The demo CA key is not EC")
        return cls(certificate=identity.certificate, private_key=identity.private_key)

    def issue_officer(self, *, common_name: str, commune: str = "", title: str = "",
                      public_key: PublicKey | None = None, key_type: str = "ec",
                      valid_from: datetime | None = None, valid_days: int = 730) -> IssuedIdentity:
        """Issue a demo signing certificate to an officer.

        Without ``public_key`` a new key (``key_type`` ``"ec"`` or ``"rsa"``) is made and
        returned; with it (a key generated on a token), only the certificate is returned.
        """
        private_key = None
        if public_key is None:
            private_key = new_private_key(key_type)
            public_key = private_key.public_key()
        start = valid_from or (datetime.now(UTC) - timedelta(minutes=5))
        attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEMO_ORGANIZATION)]
        if commune:
            attributes.append(x509.NameAttribute(NameOID.LOCALITY_NAME, commune))
        if title:
            attributes.append(x509.NameAttribute(NameOID.TITLE, title))
        attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
        ca_ski = self.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
        certificate = (
            x509.CertificateBuilder()
            .subject_name(x509.Name(attributes))
            .issuer_name(self.certificate.subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(start + timedelta(days=valid_days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                                         key_cert_sign=False, crl_sign=False, encipher_only=False,
                                         decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
            .add_extension(_demo_policies(), critical=False)
            .sign(self.private_key, hashes.SHA256())
        )
        return IssuedIdentity(certificate=certificate, private_key=private_key)

    def issue_officer_pkcs12(self, path: str | os.PathLike, password: str, *, common_name: str,
                             commune: str = "", title: str = "", key_type: str = "ec",
                             valid_days: int = 730) -> x509.Certificate:
        """Issue an officer certificate and write it with its new key as a PKCS#12 file."""
        issued = self.issue_officer(common_name=common_name, commune=commune, title=title,
                                    key_type=key_type, valid_days=valid_days)
        write_pkcs12(path, issued.certificate, issued.private_key, password, chain=[self.certificate])
        return issued.certificate

    def issue_crl(self, revoked: Iterable[x509.Certificate] = (), *, now: datetime | None = None,
                  next_update_days: int = 30) -> x509.CertificateRevocationList:
        """A CRL of this CA listing ``revoked`` certificates (revoked as of ``now``)."""
        now = now or datetime.now(UTC)
        builder = (x509.CertificateRevocationListBuilder()
                   .issuer_name(self.certificate.subject)
                   .last_update(now - timedelta(minutes=5))
                   .next_update(now + timedelta(days=next_update_days)))
        for certificate in revoked:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(certificate.serial_number)
                .revocation_date(now - timedelta(minutes=1)).build())
        return builder.sign(self.private_key, hashes.SHA256())
