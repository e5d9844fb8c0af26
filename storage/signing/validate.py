"""Graded validation of a detached signature, in the manner of DigiDoc4.

:func:`validate_detached` never raises for a bad signature: it returns a
:class:`ValidationResult` with one of four grades and the reasons behind it, each with a
stable ``code`` (for programs, logs and the server) and a Vietnamese message (for the officer).

* ``VALID``: the content is unchanged, the signature verifies with the certificate, the
  certificate chains to a trust anchor and was valid when signed, and a CRL we hold says it
  is not revoked.
* ``VALID_WITH_WARNINGS``: as above, with something the officer should know: the certificate
  expired since signing, its revocation status is unknown offline, it is a demo certificate.
* ``INVALID``: the content changed, the signature does not verify (wrong key, swapped
  certificate), the signature is truncated or garbled, the certificate was not valid at the
  signing time or is revoked.
* ``UNKNOWN_SIGNER``: the signature is intact but the certificate does not chain to a trusted
  anchor (an unknown CA, a self-made certificate).

The signing time is the one the signer claims (the signing-time attribute); without a
trusted timestamp it cannot be proven, which is why a later expiry is a warning, not a pass.
Path building and chain signature checks use ``cryptography``'s X.509 verifier with
permissive extension policies (government CAs do not follow the Web PKI profile).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.verification import (
    Criticality,
    ExtensionPolicy,
    PolicyBuilder,
    Store,
    VerificationError,
)

from storage.signing.cms import MalformedSignature, ParsedSignature, parse_signed_data
from storage.signing.demo_ca import is_demo_certificate
from storage.signing.trust import TrustStore, fingerprint, subject_text

#: How far a claimed signing time may lie after the verification time (clock skew) without a warning.
CLOCK_SKEW = timedelta(minutes=5)


class Grade(enum.StrEnum):
    """The verdict on a signature, worst first in :data:`_SEVERITY` order."""

    VALID = "valid"
    VALID_WITH_WARNINGS = "valid_with_warnings"
    INVALID = "invalid"
    UNKNOWN_SIGNER = "unknown_signer"

    @property
    def label_vi(self) -> str:
        """Vietnamese label for badges and reports."""
        return {
            "valid": "Chữ ký hợp lệ",
            "valid_with_warnings": "Chữ ký hợp lệ, có lưu ý",
            "invalid": "Chữ ký không hợp lệ",
            "unknown_signer": "Không xác định được người ký",
        }[self.value]

    @property
    def is_acceptable(self) -> bool:
        """True for VALID and VALID_WITH_WARNINGS: the record may be trusted, with the warnings shown."""
        return self in (Grade.VALID, Grade.VALID_WITH_WARNINGS)


#: code -> (grade the reason leads to, Vietnamese message, English message)
REASONS: dict[str, tuple[Grade, str, str]] = {
    "signature_malformed": (Grade.INVALID, "Chữ ký bị hỏng hoặc không đúng định dạng (có thể bị cắt cụt).",
                            "The signature is truncated, garbled or not a CMS SignedData"),
    "signature_not_detached": (Grade.INVALID, "Chữ ký không ở dạng tách rời như quy định.",
                               "The signature embeds its content instead of being detached"),
    "signer_certificate_missing": (Grade.INVALID, "Chữ ký không kèm chứng thư số của người ký.",
                                   "The signer's certificate is not in the signature"),
    "unsupported_algorithm": (Grade.INVALID, "Chữ ký dùng thuật toán không được hỗ trợ.",
                              "The signature uses an unsupported algorithm"),
    "content_changed": (Grade.INVALID, "Nội dung bản ghi đã bị thay đổi sau khi ký.",
                        "The content does not match the signed digest"),
    "signature_mismatch": (Grade.INVALID, "Chữ ký không khớp với chứng thư số (sai khoá hoặc chữ ký bị sửa).",
                           "The signature does not verify with the signer's certificate"),
    "certificate_not_valid_at_signing": (Grade.INVALID, "Chứng thư số không có hiệu lực tại thời điểm ký.",
                                         "The certificate was not valid at the signing time"),
    "certificate_not_for_signing": (Grade.INVALID, "Chứng thư số không được cấp để ký số.",
                                    "The certificate's key usage does not allow signing"),
    "certificate_revoked": (Grade.INVALID, "Chứng thư số của người ký đã bị thu hồi.",
                            "The signer's certificate is revoked"),
    "page_image_changed": (Grade.INVALID, "Ảnh trang sổ đã bị thay đổi sau khi ký.",
                           "A page image does not match the digest in the signed record"),
    "record_revised_since_signing": (Grade.INVALID,
                                     "Bản ghi đã được sửa sau khi ký; chữ ký không còn áp dụng cho nội dung hiện tại.",
                                     "The record was revised after it was signed"),
    "untrusted_issuer": (Grade.UNKNOWN_SIGNER,
                         "Chứng thư số không do tổ chức chứng thực được tin cậy cấp; không xác định được người ký.",
                         "The certificate does not chain to a trusted anchor"),
    "certificate_expired_since_signing": (Grade.VALID_WITH_WARNINGS,
                                          "Chứng thư số đã hết hạn sau thời điểm ký; chữ ký có giá trị tại thời điểm ký.",
                                          "The certificate expired after the signing time"),
    "revocation_unknown": (Grade.VALID_WITH_WARNINGS,
                           "Chưa kiểm tra được chứng thư số có bị thu hồi hay không (không có danh sách thu hồi).",
                           "Revocation status unknown (no CRL available offline)"),
    "demo_certificate": (Grade.VALID_WITH_WARNINGS, "Chữ ký bằng chứng thư số thử nghiệm (DEMO), không có giá trị pháp lý.",
                         "Signed with a demo certificate"),
    "signing_time_missing": (Grade.VALID_WITH_WARNINGS, "Chữ ký không ghi thời điểm ký; đã kiểm tra theo thời điểm hiện tại.",
                             "No signing-time attribute; checked at the verification time"),
    "signing_time_in_future": (Grade.VALID_WITH_WARNINGS, "Thời điểm ký ghi trong chữ ký muộn hơn thời điểm kiểm tra.",
                               "The claimed signing time is after the verification time"),
}

_SEVERITY = (Grade.VALID, Grade.VALID_WITH_WARNINGS, Grade.UNKNOWN_SIGNER, Grade.INVALID)


@dataclass(frozen=True)
class Reason:
    """Why a signature got its grade: a stable code, the grade it leads to, and messages."""

    code: str
    grade: Grade
    message_vi: str
    message_en: str

    @classmethod
    def of(cls, code: str) -> Reason:
        """The reason registered under ``code`` in :data:`REASONS`."""
        grade, vi, en = REASONS[code]
        return cls(code=code, grade=grade, message_vi=vi, message_en=en)

    def to_json(self) -> dict:
        """JSON form for the CLI and exports."""
        return {"code": self.code, "grade": self.grade.value, "message": self.message_vi}


@dataclass(frozen=True)
class ValidationResult:
    """The verdict on one detached signature, and who signed it when."""

    grade: Grade
    reasons: tuple[Reason, ...]
    signer_subject: str | None = None
    signer_fingerprint: str | None = None
    signer_serial: str | None = None
    issuer_subject: str | None = None
    signing_time: datetime | None = None
    certificate_not_after: datetime | None = None
    is_demo: bool = False
    chain_subjects: tuple[str, ...] = ()
    checked_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def codes(self) -> tuple[str, ...]:
        """The reasons' codes, in order."""
        return tuple(r.code for r in self.reasons)

    @property
    def is_acceptable(self) -> bool:
        """True for VALID and VALID_WITH_WARNINGS."""
        return self.grade.is_acceptable

    def to_json(self) -> dict:
        """JSON form for ``inspector verify`` and exports."""
        def iso(moment):
            return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None

        return {
            "grade": self.grade.value, "grade_label": self.grade.label_vi,
            "reasons": [r.to_json() for r in self.reasons],
            "signer_subject": self.signer_subject, "signer_fingerprint": self.signer_fingerprint,
            "signer_serial": self.signer_serial, "issuer_subject": self.issuer_subject,
            "signing_time": iso(self.signing_time), "certificate_not_after": iso(self.certificate_not_after),
            "is_demo": self.is_demo, "chain_subjects": list(self.chain_subjects), "checked_at": iso(self.checked_at),
        }


def _grade(reasons: list[Reason]) -> Grade:
    return max((r.grade for r in reasons), key=_SEVERITY.index, default=Grade.VALID)


def with_reasons(result: ValidationResult, *codes: str) -> ValidationResult:
    """``result`` with more reasons (found outside the CMS, such as a changed page image), regraded."""
    reasons = list(result.reasons)
    reasons.extend(Reason.of(code) for code in codes if code not in result.codes)
    return replace(result, reasons=tuple(reasons), grade=_grade(reasons))


def _signature_verifies(parsed: ParsedSignature) -> bool | None:
    """True/False for a verifiable signature; None for an algorithm we do not support."""
    hash_algorithm = {"sha256": hashes.SHA256(), "sha384": hashes.SHA384(),
                      "sha512": hashes.SHA512()}[parsed.digest_algorithm]
    public_key = parsed.signer_certificate.public_key()
    try:
        if parsed.signature_algorithm == "ecdsa":
            if not isinstance(public_key, ec.EllipticCurvePublicKey):
                return False
            public_key.verify(parsed.signature, parsed.signed_attributes_der, ec.ECDSA(hash_algorithm))
        elif parsed.signature_algorithm == "rsassa_pkcs1v15":
            if not isinstance(public_key, rsa.RSAPublicKey):
                return False
            public_key.verify(parsed.signature, parsed.signed_attributes_der, padding.PKCS1v15(), hash_algorithm)
        else:
            return None
    except (InvalidSignature, ValueError):
        return False
    except UnsupportedAlgorithm:
        return None
    return True


def _build_chain(leaf: x509.Certificate, intermediates: tuple[x509.Certificate, ...], trust: TrustStore,
                 moment: datetime) -> list[x509.Certificate] | None:
    """The path leaf → anchor valid at ``moment``, or None when none reaches a trust anchor."""
    if trust.contains(leaf):
        return [leaf]
    if not trust.anchors:
        return None
    ca_policy = ExtensionPolicy.permit_all().require_present(x509.BasicConstraints, Criticality.AGNOSTIC, None)
    verifier = (PolicyBuilder().store(Store(list(trust.anchors))).time(moment)
                .extension_policies(ca_policy=ca_policy, ee_policy=ExtensionPolicy.permit_all())
                .build_client_verifier())
    try:
        return list(verifier.verify(leaf, list(intermediates)).chain)
    except VerificationError:
        return None


def _allows_signing(certificate: x509.Certificate) -> bool:
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return True
    return usage.digital_signature or usage.content_commitment


def _revocation(leaf: x509.Certificate, chain: list[x509.Certificate], trust: TrustStore,
                at: datetime) -> str | None:
    """``"certificate_revoked"``, ``"revocation_unknown"`` or None (a current CRL says not revoked)."""
    if len(chain) < 2:
        return "revocation_unknown"
    crls = [crl for crl in trust.crls_for(chain[1])
            if crl.next_update_utc is None or crl.next_update_utc >= at]
    if not crls:
        return "revocation_unknown"
    if any(crl.get_revoked_certificate_by_serial_number(leaf.serial_number) is not None for crl in crls):
        return "certificate_revoked"
    return None


def validate_detached(content: bytes, signature: bytes, trust: TrustStore, *,
                      at: datetime | None = None) -> ValidationResult:
    """Validate a detached CMS signature over ``content`` against the trust anchors, at ``at`` (default now)."""
    at = (at or datetime.now(UTC)).astimezone(UTC)
    try:
        parsed = parse_signed_data(signature)
    except MalformedSignature as exc:
        return ValidationResult(grade=Grade.INVALID, reasons=(Reason.of(exc.code),), checked_at=at)

    leaf = parsed.signer_certificate
    reasons: list[Reason] = []
    if parsed.message_digest is None or not parsed.content_type_is_data:
        reasons.append(Reason.of("signature_malformed"))
    elif parsed.message_digest != parsed.content_digest(content):
        reasons.append(Reason.of("content_changed"))
    verified = _signature_verifies(parsed)
    if verified is None:
        reasons.append(Reason.of("unsupported_algorithm"))
    elif not verified:
        reasons.append(Reason.of("signature_mismatch"))

    signing_time = parsed.signing_time
    if signing_time is None:
        reasons.append(Reason.of("signing_time_missing"))
    elif signing_time > at + CLOCK_SKEW:
        reasons.append(Reason.of("signing_time_in_future"))
    moment = signing_time or at
    if not leaf.not_valid_before_utc <= moment <= leaf.not_valid_after_utc:
        reasons.append(Reason.of("certificate_not_valid_at_signing"))
    if not _allows_signing(leaf):
        reasons.append(Reason.of("certificate_not_for_signing"))

    chain: list[x509.Certificate] | None = None
    if _grade(reasons) is not Grade.INVALID:
        chain = _build_chain(leaf, parsed.other_certificates, trust, moment)
        if chain is None:
            reasons.append(Reason.of("untrusted_issuer"))
        else:
            if any(c.not_valid_after_utc < at for c in chain):
                reasons.append(Reason.of("certificate_expired_since_signing"))
            revocation = _revocation(leaf, chain, trust, at)
            if revocation:
                reasons.append(Reason.of(revocation))
    is_demo = any(is_demo_certificate(c) for c in (chain or [leaf]))
    if is_demo and _grade(reasons) is not Grade.INVALID:
        reasons.append(Reason.of("demo_certificate"))

    return ValidationResult(
        grade=_grade(reasons), reasons=tuple(reasons),
        signer_subject=subject_text(leaf.subject), signer_fingerprint=fingerprint(leaf),
        signer_serial=format(leaf.serial_number, "x"), issuer_subject=subject_text(leaf.issuer),
        signing_time=signing_time, certificate_not_after=leaf.not_valid_after_utc, is_demo=is_demo,
        chain_subjects=tuple(subject_text(c.subject) for c in chain or ()), checked_at=at)
