"""Officer identities: an X.509 certificate and the private key that signs with it.

Two kinds sit behind one :class:`Signer` protocol, the way DigiDoc4 treats an ID card and a
software certificate alike:

* :class:`Pkcs12Identity`: a PKCS#12 file protected by a password. The key is decrypted into
  memory only, never written anywhere in clear.
* :class:`Pkcs11Identity`: a key on a PKCS#11 token (USB token, smart card, SoftHSM2), used
  through ``python-pkcs11``. The key never leaves the token; we send it digests.

Both sign SHA-256: ECDSA (P-256 and other named curves) returns a DER ``ECDSA-Sig-Value``,
RSA returns a PKCS#1 v1.5 signature. Passwords and PINs are never kept, logged or put in an
exception text.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from cryptography.hazmat.primitives.serialization import pkcs12

from inspector.errors import InputFileError, MissingDependencyError, SignatureError

log = logging.getLogger(__name__)

#: Where Debian installs SoftHSM2's PKCS#11 module (tests and the demo token use it).
SOFTHSM2_MODULE = "/usr/lib/softhsm/libsofthsm2.so"

#: DER prefix of a SHA-256 ``DigestInfo`` (RFC 8017 §9.2 note 1), for raw RSA PKCS#1 v1.5 signing.
_SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")

WRONG_SECRET_VI = "Mật khẩu hoặc mã PIN không đúng."


@runtime_checkable
class Signer(Protocol):
    """Anything that signs with an officer's key: a PKCS#12 file or a PKCS#11 token.

    ``chain`` holds the other certificates to ship with a signature (issuing CAs), not the
    signer's own. ``sign`` hashes ``data`` with SHA-256 and signs; ``sign_digest`` signs a
    SHA-256 digest computed by the caller.
    """

    @property
    def certificate(self) -> x509.Certificate: ...

    @property
    def chain(self) -> tuple[x509.Certificate, ...]: ...

    def sign(self, data: bytes) -> bytes: ...

    def sign_digest(self, digest: bytes) -> bytes: ...


def key_algorithm(certificate: x509.Certificate) -> str:
    """``"ec"`` or ``"rsa"``: the kind of key the certificate certifies (others are refused)."""
    public_key = certificate.public_key()
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        return "ec"
    if isinstance(public_key, rsa.RSAPublicKey):
        return "rsa"
    raise SignatureError("Loại khoá của chứng thư số không được hỗ trợ (chỉ hỗ trợ ECDSA và RSA).",
                         f"Unsupported key type {type(public_key).__name__}")


def verify_with_certificate(certificate: x509.Certificate, signature: bytes, data: bytes) -> bool:
    """True when ``signature`` over ``data`` (SHA-256) verifies with the certificate's public key."""
    public_key = certificate.public_key()
    try:
        if isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
        elif isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
        else:
            return False
    except (InvalidSignature, ValueError):
        return False
    return True


def check_certificate_usable(certificate: x509.Certificate, at: datetime | None = None) -> None:
    """Raise :class:`SignatureError` when the certificate is expired or not yet valid at ``at``."""
    at = at or datetime.now(UTC)
    if at > certificate.not_valid_after_utc:
        day = certificate.not_valid_after_utc.strftime("%d/%m/%Y")
        raise SignatureError(f"Chứng thư số đã hết hạn (ngày {day}). Hãy gia hạn hoặc dùng chứng thư khác.",
                             f"The certificate expired on {certificate.not_valid_after_utc:%Y-%m-%d}")
    if at < certificate.not_valid_before_utc:
        day = certificate.not_valid_before_utc.strftime("%d/%m/%Y")
        raise SignatureError(f"Chứng thư số chưa có hiệu lực (có hiệu lực từ ngày {day}).",
                             f"The certificate is valid only from {certificate.not_valid_before_utc:%Y-%m-%d}")


def _key_mismatch_error() -> SignatureError:
    return SignatureError("Khoá bí mật không khớp với chứng thư số.",
                          "The private key does not match the certificate")


def _secret_bytes(secret: str | bytes) -> bytes:
    return secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)


# --------------------------------------------------------------------------------------------
# PKCS#12 file
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, repr=False, eq=False)
class Pkcs12Identity:
    """An identity loaded from a PKCS#12 file; the private key lives in memory only."""

    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]
    private_key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey

    def __repr__(self) -> str:  # never show key material
        return f"Pkcs12Identity(serial={self.certificate.serial_number:x})"

    def sign(self, data: bytes) -> bytes:
        """Sign ``data`` with SHA-256 (ECDSA DER signature or RSA PKCS#1 v1.5)."""
        if isinstance(self.private_key, ec.EllipticCurvePrivateKey):
            return self.private_key.sign(data, ec.ECDSA(hashes.SHA256()))
        return self.private_key.sign(data, padding.PKCS1v15(), hashes.SHA256())

    def sign_digest(self, digest: bytes) -> bytes:
        """Sign a SHA-256 digest computed by the caller."""
        if len(digest) != 32:
            raise ValueError("sign_digest expects a SHA-256 digest (32 bytes)")
        prehashed = utils.Prehashed(hashes.SHA256())
        if isinstance(self.private_key, ec.EllipticCurvePrivateKey):
            return self.private_key.sign(digest, ec.ECDSA(prehashed))
        return self.private_key.sign(digest, padding.PKCS1v15(), prehashed)


def _looks_like_pfx(data: bytes) -> bool:
    """True when ``data`` parses as a PKCS#12 structure (so a load failure means a wrong password)."""
    try:
        from asn1crypto import pkcs12 as asn1_pkcs12

        pfx = asn1_pkcs12.Pfx.load(data)
        pfx["auth_safe"]["content_type"].native  # noqa: B018 - forces the parse
        return True
    except Exception:
        return False


def load_pkcs12_identity(source: str | os.PathLike | bytes, password: str | bytes, *,
                         at: datetime | None = None) -> Pkcs12Identity:
    """Open an officer's PKCS#12 file (path or bytes) with its password.

    Checks that the file holds a certificate and its private key, that they match, and that
    the certificate is valid at ``at`` (default now). Raises :class:`SignatureError` (wrong
    password, expired certificate, key/certificate mismatch) or :class:`InputFileError`.
    """
    if isinstance(source, bytes):
        data, shown = source, "<bytes>"
    else:
        path = Path(source)
        shown = str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputFileError(shown, "Không đọc được tệp chứng thư số.",
                                 f"Cannot read the PKCS#12 file: {exc.strerror}") from None
    try:
        loaded = pkcs12.load_pkcs12(data, _secret_bytes(password))
    except ValueError:
        if _looks_like_pfx(data):
            raise SignatureError(WRONG_SECRET_VI, "Wrong password or PIN") from None
        raise InputFileError(shown, "Tệp không phải là chứng thư số dạng PKCS#12 (.p12, .pfx).",
                             "Not a PKCS#12 file") from None
    if loaded.key is None or loaded.cert is None:
        raise SignatureError("Tệp chứng thư số không chứa đủ chứng thư và khoá bí mật.",
                             "The PKCS#12 file lacks a certificate or a private key")
    key = loaded.key
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise SignatureError("Loại khoá của chứng thư số không được hỗ trợ (chỉ hỗ trợ ECDSA và RSA).",
                             f"Unsupported key type {type(key).__name__}")
    certificate = loaded.cert.certificate
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    if (key.public_key().public_bytes(serialization.Encoding.DER, spki)
            != certificate.public_key().public_bytes(serialization.Encoding.DER, spki)):
        raise _key_mismatch_error()
    check_certificate_usable(certificate, at)
    chain = tuple(c.certificate for c in loaded.additional_certs)
    return Pkcs12Identity(certificate=certificate, chain=chain, private_key=key)


# --------------------------------------------------------------------------------------------
# PKCS#11 token
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TokenInfo:
    """A token seen in a PKCS#11 module, for the settings dialog."""

    label: str
    manufacturer: str
    model: str
    serial: str
    slot_description: str


def _import_pkcs11():
    try:
        import pkcs11  # noqa: F401 - imported here so the app runs without it until a token is used
    except ImportError:
        raise MissingDependencyError("Thiếu thư viện python-pkcs11 để dùng thẻ ký số (USB token).",
                                     "The python-pkcs11 package is not installed") from None
    return pkcs11


def load_pkcs11_module(module_path: str | os.PathLike):
    """Load a PKCS#11 module (``.so``/``.dll`` of the token's vendor); raise MissingDependencyError."""
    pkcs11 = _import_pkcs11()
    path = str(module_path)
    if not Path(path).is_file():
        raise MissingDependencyError("Không tìm thấy trình điều khiển PKCS#11 của thẻ ký số.",
                                     "PKCS#11 module not found", detail=path)
    try:
        return pkcs11.lib(path)
    except pkcs11.exceptions.PKCS11Error as exc:
        raise MissingDependencyError("Không nạp được trình điều khiển PKCS#11 của thẻ ký số.",
                                     "Cannot load the PKCS#11 module", detail=f"{path}: {exc}") from None


def list_pkcs11_tokens(module_path: str | os.PathLike) -> list[TokenInfo]:
    """The tokens present in the module's slots (label, maker, model, serial)."""
    lib = load_pkcs11_module(module_path)
    tokens = []
    for slot in lib.get_slots(token_present=True):
        token = slot.get_token()
        if not token.label and not (token.flags & _import_pkcs11().TokenFlag.TOKEN_INITIALIZED):
            continue  # SoftHSM2 always shows one empty, uninitialised slot
        tokens.append(TokenInfo(label=token.label, manufacturer=token.manufacturer_id, model=token.model,
                                serial=token.serial.decode("ascii", "replace").strip()
                                if isinstance(token.serial, bytes) else str(token.serial),
                                slot_description=slot.slot_description))
    return tokens


class Pkcs11Identity:
    """A key/certificate pair on a PKCS#11 token, with a logged-in session.

    Open with :meth:`open`; close with :meth:`close` or use as a context manager. The PIN is
    passed to the token once at login and not kept.
    """

    def __init__(self, session, private_key, certificate: x509.Certificate,
                 chain: tuple[x509.Certificate, ...], token_label: str) -> None:
        self._session = session
        self._private_key = private_key
        self._certificate = certificate
        self._chain = chain
        self.token_label = token_label
        self.algorithm = key_algorithm(certificate)

    def __repr__(self) -> str:
        return f"Pkcs11Identity(token={self.token_label!r}, serial={self._certificate.serial_number:x})"

    @property
    def certificate(self) -> x509.Certificate:
        """The signer's certificate, as read from the token."""
        return self._certificate

    @property
    def chain(self) -> tuple[x509.Certificate, ...]:
        """CA certificates stored on the token beside the signer's."""
        return self._chain

    @classmethod
    def open(cls, module_path: str | os.PathLike, token_label: str, pin: str, *,
             key_label: str | None = None, key_id: bytes | None = None,
             at: datetime | None = None) -> Pkcs11Identity:
        """Find the token by label, log in with ``pin``, find the key/certificate pair.

        A pair is a private key and an X.509 certificate with the same ``CKA_ID``; ``key_label``
        or ``key_id`` choose one when the token holds several (otherwise the one valid at ``at``
        that expires last). A test signature checks that the key matches the certificate.
        """
        _import_pkcs11()
        from pkcs11 import Attribute, CertificateType, ObjectClass
        from pkcs11 import exceptions as p11e

        lib = load_pkcs11_module(module_path)
        try:
            token = lib.get_token(token_label=token_label)
        except (p11e.NoSuchToken, p11e.MultipleTokensReturned):
            raise SignatureError("Không tìm thấy thẻ ký số. Hãy cắm thẻ và thử lại.",
                                 "Token not found", detail=f"label={token_label!r}") from None
        try:
            session = token.open(user_pin=pin)
        except p11e.PinIncorrect:
            raise SignatureError(WRONG_SECRET_VI, "Wrong password or PIN") from None
        except p11e.PinLocked:
            raise SignatureError("Thẻ ký số đã bị khoá do nhập sai mã PIN quá số lần cho phép.",
                                 "The token's PIN is locked") from None
        except (p11e.PinLenRange, p11e.PinInvalid):
            raise SignatureError(WRONG_SECRET_VI, "Wrong password or PIN") from None
        except p11e.PKCS11Error as exc:
            raise SignatureError("Không mở được phiên làm việc với thẻ ký số.",
                                 f"Cannot open a token session: {type(exc).__name__}") from None
        try:
            certificates: list[tuple[bytes, x509.Certificate]] = []
            for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE,
                                            Attribute.CERTIFICATE_TYPE: CertificateType.X_509}):
                certificates.append((bytes(obj[Attribute.ID] or b""),
                                     x509.load_der_x509_certificate(bytes(obj[Attribute.VALUE]))))
            key_query: dict = {Attribute.CLASS: ObjectClass.PRIVATE_KEY}
            if key_label is not None:
                key_query[Attribute.LABEL] = key_label
            if key_id is not None:
                key_query[Attribute.ID] = key_id
            keys = list(session.get_objects(key_query))
            pairs = []
            for key in keys:
                kid = bytes(key[Attribute.ID] or b"")
                pairs.extend((key, cert) for cid, cert in certificates if cid == kid and kid)
            if not pairs:
                raise SignatureError("Không tìm thấy khoá ký và chứng thư số tương ứng trên thẻ.",
                                     "No private key with a matching certificate on the token")
            when = at or datetime.now(UTC)
            pairs.sort(key=lambda p: (p[1].not_valid_before_utc <= when <= p[1].not_valid_after_utc,
                                      p[1].not_valid_after_utc), reverse=True)
            private_key, certificate = pairs[0]
            check_certificate_usable(certificate, at)
            chain = tuple(cert for _cid, cert in certificates
                          if cert != certificate and _is_ca(cert))
            identity = cls(session, private_key, certificate, chain, token_label)
            challenge = os.urandom(32)
            if not verify_with_certificate(certificate, identity.sign(challenge), challenge):
                raise _key_mismatch_error()
            return identity
        except BaseException:
            session.close()
            raise

    def sign(self, data: bytes) -> bytes:
        """Sign ``data`` with SHA-256 on the token."""
        if self.algorithm == "rsa":
            from pkcs11 import Mechanism

            return self._token_call(lambda: self._private_key.sign(data, mechanism=Mechanism.SHA256_RSA_PKCS))
        return self.sign_digest(hashlib.sha256(data).digest())

    def sign_digest(self, digest: bytes) -> bytes:
        """Sign a SHA-256 digest on the token (CKM_ECDSA, or CKM_RSA_PKCS over a DigestInfo)."""
        from pkcs11 import Mechanism

        if len(digest) != 32:
            raise ValueError("sign_digest expects a SHA-256 digest (32 bytes)")
        if self.algorithm == "rsa":
            return self._token_call(lambda: self._private_key.sign(_SHA256_DIGEST_INFO + digest,
                                                                   mechanism=Mechanism.RSA_PKCS))
        from pkcs11.util.ec import encode_ecdsa_signature

        raw = self._token_call(lambda: self._private_key.sign(digest, mechanism=Mechanism.ECDSA))
        return encode_ecdsa_signature(raw)  # the token returns r||s; CMS wants DER

    def decrypt_rsa_oaep(self, ciphertext: bytes) -> bytes:
        """Decrypt an RSA-OAEP (SHA-256) ciphertext with the token's key (key wrapping)."""
        from pkcs11 import MGF, Mechanism

        if self.algorithm != "rsa":
            raise SignatureError("Khoá trên thẻ không phải RSA.", "The token key is not RSA")
        return self._token_call(lambda: self._private_key.decrypt(
            ciphertext, mechanism=Mechanism.RSA_PKCS_OAEP,
            mechanism_param=(Mechanism.SHA256, MGF.SHA256, None)))

    def derive_ecdh(self, peer_public_point: bytes) -> bytes:
        """ECDH with the token's key and a peer's uncompressed point; returns the shared secret."""
        from pkcs11 import KDF, Attribute, KeyType

        if self.algorithm != "ec":
            raise SignatureError("Khoá trên thẻ không phải ECDSA.", "The token key is not EC")
        size = (self._certificate.public_key().curve.key_size + 7) // 8

        def derive():
            secret = self._private_key.derive_key(
                KeyType.GENERIC_SECRET, size * 8, mechanism_param=(KDF.NULL, None, peer_public_point),
                template={Attribute.SENSITIVE: False, Attribute.EXTRACTABLE: True, Attribute.TOKEN: False})
            return bytes(secret[Attribute.VALUE])

        return self._token_call(derive)

    def _token_call(self, call):
        from pkcs11 import exceptions as p11e

        try:
            return call()
        except p11e.PKCS11Error as exc:
            raise SignatureError("Thẻ ký số không thực hiện được thao tác (thẻ bị rút ra hoặc khoá không cho phép).",
                                 f"The token refused the operation: {type(exc).__name__}") from None

    def close(self) -> None:
        """Log out and close the session (the key stays on the token)."""
        if self._session is not None:
            try:
                self._session.close()
            finally:
                self._session = None

    def __enter__(self) -> Pkcs11Identity:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        return bool(certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False

