"""Helpers for the signing and crypto tests: real SoftHSM2 tokens, a non-demo "province" CA, openssl.

Not a test module (no ``test_`` prefix): the test files import it. SoftHSM2 reads its
configuration when the PKCS#11 module is initialised, once per process, so every token of the
test run lives in one temporary token folder; a token made after the module was loaded is seen
after ``lib.reinitialize()`` (done here; open sessions must be closed first).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from storage.signing.demo_ca import DemoCA, new_private_key
from storage.signing.identity import SOFTHSM2_MODULE

USER_PIN = "246810"
SO_PIN = "13579135"

needs_softhsm = pytest.mark.skipif(not (Path(SOFTHSM2_MODULE).is_file() and shutil.which("softhsm2-util")),
                                   reason="SoftHSM2 is not installed (Debian package softhsm2)")

_CONF: Path | None = None


def softhsm_conf() -> Path:
    """The process-wide SoftHSM2 configuration (a temporary token folder); sets SOFTHSM2_CONF."""
    global _CONF
    if _CONF is None:
        base = Path(tempfile.mkdtemp(prefix="softhsm-tests-"))
        (base / "tokens").mkdir()
        conf = base / "softhsm2.conf"
        conf.write_text(f"directories.tokendir = {base / 'tokens'}\nobjectstore.backend = file\n"
                        "log.level = ERROR\nslots.removable = false\n")
        _CONF = conf
    os.environ["SOFTHSM2_CONF"] = str(_CONF)
    return _CONF


def init_token(label: str, pin: str = USER_PIN) -> None:
    """Initialise a fresh SoftHSM2 token and make the loaded PKCS#11 module see it."""
    import pkcs11

    conf = softhsm_conf()
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin,
                    "--so-pin", SO_PIN], check=True, capture_output=True, env=dict(os.environ, SOFTHSM2_CONF=str(conf)))
    lib = pkcs11.lib(SOFTHSM2_MODULE)
    lib.reinitialize()


@dataclass(frozen=True)
class Token:
    """A provisioned test token: its label, PIN and the certificate stored beside its key."""

    label: str
    pin: str
    certificate: x509.Certificate
    key_type: str


def provision_token(issue, *, key_type: str = "ec", label: str | None = None, pin: str = USER_PIN,
                    ca_certificate: x509.Certificate | None = None, key_label: str = "officer") -> Token:
    """Make a token, generate a key pair ON it, have ``issue(public_key)`` certify it, store the certificate.

    ``issue`` takes a cryptography public key and returns the certificate. The key is created
    non-extractable, allowed to sign, and to decrypt (RSA) or derive (EC) for key wrapping.
    """
    import pkcs11
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass
    from pkcs11.util.ec import encode_ec_public_key, encode_named_curve_parameters
    from pkcs11.util.rsa import encode_rsa_public_key

    label = label or f"t-{uuid.uuid4().hex[:12]}"
    init_token(label, pin)
    lib = pkcs11.lib(SOFTHSM2_MODULE)
    key_id = b"\x01\x02"
    with lib.get_token(token_label=label).open(user_pin=pin, rw=True) as session:
        private_template = {Attribute.SIGN: True, Attribute.SENSITIVE: True, Attribute.EXTRACTABLE: False}
        if key_type == "ec":
            params = session.create_domain_parameters(
                KeyType.EC, {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")}, local=True)
            private_template[Attribute.DERIVE] = True
            public, _private = params.generate_keypair(store=True, label=key_label, id=key_id,
                                                       private_template=private_template)
            der = encode_ec_public_key(public)
        else:
            private_template[Attribute.DECRYPT] = True
            public, _private = session.generate_keypair(KeyType.RSA, 2048, store=True, label=key_label, id=key_id,
                                                        private_template=private_template)
            der = encode_rsa_public_key(public)
        certificate = issue(serialization.load_der_public_key(der))
        session.create_object({
            Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True, Attribute.LABEL: key_label, Attribute.ID: key_id,
            Attribute.SUBJECT: certificate.subject.public_bytes(),
            Attribute.VALUE: certificate.public_bytes(serialization.Encoding.DER)})
        if ca_certificate is not None:
            session.create_object({
                Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True, Attribute.LABEL: "ca", Attribute.ID: b"\xca",
                Attribute.SUBJECT: ca_certificate.subject.public_bytes(),
                Attribute.VALUE: ca_certificate.public_bytes(serialization.Encoding.DER)})
    return Token(label=label, pin=pin, certificate=certificate, key_type=key_type)


def demo_token(ca: DemoCA, *, key_type: str = "ec", **kwargs) -> Token:
    """A SoftHSM2 token whose key is certified by the demo CA (CA certificate stored on the token too)."""
    return provision_token(lambda public_key: ca.issue_officer(common_name="Cán bộ thử nghiệm",
                                                               public_key=public_key).certificate,
                           key_type=key_type, ca_certificate=ca.certificate, **kwargs)


@dataclass(frozen=True)
class PlainCA:
    """A non-demo CA standing for a province's CA in tests (no demo marks)."""

    certificate: x509.Certificate
    private_key: ec.EllipticCurvePrivateKey

    @classmethod
    def create(cls, name: str = "CA tỉnh thử") -> PlainCA:
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                             x509.NameAttribute(NameOID.COMMON_NAME, name)])
        now = datetime.now(UTC)
        certificate = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
                       .public_key(key.public_key()).serial_number(x509.random_serial_number())
                       .not_valid_before(now - timedelta(days=3650)).not_valid_after(now + timedelta(days=3650))
                       .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                       .sign(key, hashes.SHA256()))
        return cls(certificate, key)

    def issue(self, public_key=None, *, name: str = "Cán bộ", not_before: datetime | None = None,
              days: int = 365, key_type: str = "ec"):
        """(certificate, private key or None) for an officer, valid from ``not_before`` for ``days``."""
        private_key = None
        if public_key is None:
            private_key = new_private_key(key_type)
            public_key = private_key.public_key()
        start = not_before or datetime.now(UTC) - timedelta(days=1)
        certificate = (x509.CertificateBuilder()
                       .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
                       .issuer_name(self.certificate.subject).public_key(public_key)
                       .serial_number(x509.random_serial_number())
                       .not_valid_before(start).not_valid_after(start + timedelta(days=days))
                       .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                       .sign(self.private_key, hashes.SHA256()))
        return certificate, private_key


def openssl_verify(tmp: Path, content: bytes, signature: bytes, ca: x509.Certificate) -> subprocess.CompletedProcess:
    """Run ``openssl cms -verify`` on a detached DER signature, as the brief's acceptance check."""
    (tmp / "record.json").write_bytes(content)
    (tmp / "record.p7s").write_bytes(signature)
    (tmp / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    return subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-content",
                           str(tmp / "record.json"), "-in", str(tmp / "record.p7s"), "-CAfile", str(tmp / "ca.pem"),
                           "-purpose", "any", "-out", os.devnull], capture_output=True, text=True, timeout=60)
