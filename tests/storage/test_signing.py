"""Signatures an officer makes hold up: our validator and openssl agree, and every tampering is graded.

Keys in PKCS#12 files and on a real SoftHSM2 token; a demo CA and a plain ("province") CA;
tampered content, truncated signatures, swapped certificates and unknown CAs.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from asn1crypto import cms as asn1_cms
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization

from inspector.errors import SignatureError
from storage.signatures import SignatureRepository
from storage.signing import (
    SOFTHSM2_MODULE,
    DemoCA,
    Grade,
    Pkcs11Identity,
    TrustStore,
    build_signed_payload,
    canonical_record_bytes,
    import_anchor,
    list_pkcs11_tokens,
    load_pkcs12_identity,
    sign_detached,
    validate_detached,
    write_pkcs12,
)
from storage.workspace import DB_FILENAME, WorkspaceStore
from tests.storage.signing_support import PlainCA, demo_token, needs_softhsm, openssl_verify

PASSWORD = "mật-khẩu-thử"


def _payload(**changes) -> dict:
    values = dict(record_id="r-1", record_type="birth", revision=3, book_id="b-1", book_number="01/2020",
                  book_year=2020, book_type="birth", commune="Xã Quỳnh Hưng", signer_role="Công chức tư pháp",
                  signed_at=datetime(2025, 3, 1, 8, 15, tzinfo=UTC), page_sha256=["ab" * 32],
                  fields={"full_name": "NGUYỄN VĂN ĐỨC", "date_of_birth": "26/02/2003"})
    values.update(changes)
    return build_signed_payload(**values)


@pytest.fixture(scope="module")
def demo_ca() -> DemoCA:
    return DemoCA.create()


@pytest.fixture(scope="module")
def officer_p12(demo_ca, tmp_path_factory):
    path = tmp_path_factory.mktemp("keys") / "officer.p12"
    demo_ca.issue_officer_pkcs12(path, PASSWORD, common_name="Cán bộ thử", commune="Xã Quỳnh Hưng")
    return path


@pytest.fixture(scope="module")
def content() -> bytes:
    return canonical_record_bytes(_payload())


# ------------------------------------------------------------------------------ payload
def test_canonical_bytes_do_not_depend_on_key_order_and_refuse_unnormalised_text():
    a = canonical_record_bytes(_payload(fields={"full_name": "A", "sex": "Nam"}))
    b = canonical_record_bytes(_payload(fields={"sex": "Nam", "full_name": "A"}))
    assert a == b
    assert a.index(b'"book"') < a.index(b'"commune"') < a.index(b'"record"')  # RFC 8785: sorted keys
    assert b" " not in a.replace(b"Nam", b"").replace("Xã Quỳnh Hưng".encode(), b"").replace(
        "Công chức tư pháp".encode(), b"")
    assert b'"signed_at":"2025-03-01T08:15:00Z"' in a
    with pytest.raises(ValueError):
        _payload(fields={"full_name": unicodedata.normalize("NFD", "NGUYỄN")})
    with pytest.raises(ValueError):
        _payload(page_sha256=["not-a-digest"])


# ------------------------------------------------------------------------------ signing
@pytest.mark.parametrize("key_type", ["ec", "rsa"])
def test_pkcs12_signature_verifies_with_our_code_and_with_openssl(tmp_path, demo_ca, content, key_type):
    path = tmp_path / "o.p12"
    demo_ca.issue_officer_pkcs12(path, PASSWORD, common_name="Cán bộ", key_type=key_type)
    signer = load_pkcs12_identity(path, PASSWORD)
    signature = sign_detached(content, signer)

    result = validate_detached(content, signature, TrustStore.of([demo_ca.certificate]))
    assert result.grade is Grade.VALID_WITH_WARNINGS  # a demo certificate is never fully valid
    assert "demo_certificate" in result.codes and result.is_demo
    assert "signature_mismatch" not in result.codes and "content_changed" not in result.codes

    checked = openssl_verify(tmp_path, content, signature, demo_ca.certificate)
    assert checked.returncode == 0, checked.stderr
    tampered = openssl_verify(tmp_path, content.replace(b"NGUY", b"MGUY"), signature, demo_ca.certificate)
    assert tampered.returncode != 0


@needs_softhsm
@pytest.mark.parametrize("key_type", ["ec", "rsa"])
def test_softhsm_token_signature_verifies_with_our_code_and_with_openssl(tmp_path, demo_ca, content, key_type):
    token = demo_token(demo_ca, key_type=key_type)
    assert token.label in [t.label for t in list_pkcs11_tokens(SOFTHSM2_MODULE)]
    with Pkcs11Identity.open(SOFTHSM2_MODULE, token.label, token.pin) as signer:
        assert signer.certificate == token.certificate
        assert signer.chain == (demo_ca.certificate,)
        signature = sign_detached(content, signer)
    result = validate_detached(content, signature, TrustStore.of([demo_ca.certificate]))
    assert result.grade is Grade.VALID_WITH_WARNINGS and "signature_mismatch" not in result.codes
    checked = openssl_verify(tmp_path, content, signature, demo_ca.certificate)
    assert checked.returncode == 0, checked.stderr


@needs_softhsm
def test_wrong_pin_and_wrong_password_are_refused_in_vietnamese(demo_ca, officer_p12):
    token = demo_token(demo_ca)
    with pytest.raises(SignatureError) as info:
        Pkcs11Identity.open(SOFTHSM2_MODULE, token.label, "000000")
    assert "PIN" in info.value.message_vi and "000000" not in str(info.value)
    with pytest.raises(SignatureError) as info:
        load_pkcs12_identity(officer_p12, "sai-mật-khẩu")
    assert "Mật khẩu" in info.value.message_vi


def test_a_plain_ca_with_a_current_crl_gives_valid_and_a_revoked_certificate_invalid(tmp_path, content):
    province = PlainCA.create()
    certificate, key = province.issue()
    other, _ = province.issue(name="Cán bộ khác")
    write_pkcs12(tmp_path / "o.p12", certificate, key, PASSWORD)
    signature = sign_detached(content, load_pkcs12_identity(tmp_path / "o.p12", PASSWORD))
    demo_like = DemoCA(certificate=province.certificate, private_key=province.private_key)

    without_crl = validate_detached(content, signature, TrustStore.of([province.certificate]))
    assert (without_crl.grade, without_crl.codes) == (Grade.VALID_WITH_WARNINGS, ("revocation_unknown",))
    clean = TrustStore.of([province.certificate], [demo_like.issue_crl([other])])
    assert validate_detached(content, signature, clean).grade is Grade.VALID
    revoked = TrustStore.of([province.certificate], [demo_like.issue_crl([certificate])])
    result = validate_detached(content, signature, revoked)
    assert result.grade is Grade.INVALID and "certificate_revoked" in result.codes


def test_expiry_after_signing_is_a_warning_and_signing_outside_validity_invalid(tmp_path, content):
    province = PlainCA.create()
    certificate, key = province.issue(not_before=datetime.now(UTC) - timedelta(days=10), days=20)
    write_pkcs12(tmp_path / "o.p12", certificate, key, PASSWORD)
    signer = load_pkcs12_identity(tmp_path / "o.p12", PASSWORD)
    signature = sign_detached(content, signer)
    later = validate_detached(content, signature, TrustStore.of([province.certificate]),
                              at=datetime.now(UTC) + timedelta(days=30))
    assert later.grade is Grade.VALID_WITH_WARNINGS and "certificate_expired_since_signing" in later.codes
    with pytest.raises(SignatureError) as info:
        sign_detached(content, signer, signing_time=datetime.now(UTC) + timedelta(days=30))
    assert "hết hạn" in info.value.message_vi
    backdated = sign_detached(content, signer, signing_time=datetime.now(UTC) + timedelta(days=30),
                              check_validity=False)
    result = validate_detached(content, backdated, TrustStore.of([province.certificate]),
                               at=datetime.now(UTC) + timedelta(days=31))
    assert result.grade is Grade.INVALID and "certificate_not_valid_at_signing" in result.codes


# ---------------------------------------------------------------------------- tampering
def _swap_certificate(signature: bytes, certificate) -> bytes:
    """The same signature, claiming to be by ``certificate`` (sid and certificate list replaced)."""
    info = asn1_cms.ContentInfo.load(signature)
    signed = info["content"]
    cert = asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    signer_info = signed["signer_infos"][0]
    signer_info["sid"] = asn1_cms.SignerIdentifier({"issuer_and_serial_number": asn1_cms.IssuerAndSerialNumber(
        {"issuer": cert.issuer, "serial_number": cert.serial_number})})
    signed["certificates"] = [cert]
    return info.dump(force=True)


def test_changed_content_truncated_signature_swapped_certificate_and_unknown_ca_are_graded(
        tmp_path, demo_ca, officer_p12, content):
    signer = load_pkcs12_identity(officer_p12, PASSWORD)
    signature = sign_detached(content, signer)
    trust = TrustStore.of([demo_ca.certificate])
    assert validate_detached(content, signature, trust).is_acceptable

    changed = canonical_record_bytes(_payload(fields={"full_name": "NGUYỄN VĂN ĐỨA", "date_of_birth": "26/02/2003"}))
    result = validate_detached(changed, signature, trust)
    assert result.grade is Grade.INVALID and result.codes[0] == "content_changed"
    assert "thay đổi" in result.reasons[0].message_vi

    for cut in (len(signature) // 2, len(signature) - 1, 10):
        result = validate_detached(content, signature[:cut], trust)
        assert result.grade is Grade.INVALID and result.codes == ("signature_malformed",)

    other = demo_ca.issue_officer(common_name="Người khác").certificate
    swapped = _swap_certificate(signature, other)
    result = validate_detached(content, swapped, trust)
    assert result.grade is Grade.INVALID and "signature_mismatch" in result.codes
    assert openssl_verify(tmp_path, content, swapped, demo_ca.certificate).returncode != 0

    stranger = DemoCA.create(common_name="CA lạ")
    stranger.issue_officer_pkcs12(tmp_path / "s.p12", PASSWORD, common_name="Người lạ")
    foreign = sign_detached(content, load_pkcs12_identity(tmp_path / "s.p12", PASSWORD))
    result = validate_detached(content, foreign, trust)
    assert result.grade is Grade.UNKNOWN_SIGNER and "untrusted_issuer" in result.codes
    assert "tin cậy" in result.reasons[0].message_vi


# ------------------------------------------------------------------------------- trust
def test_trust_folder_imports_ca_certificates_only(tmp_path, demo_ca, officer_p12):
    folder = tmp_path / "trust"
    (tmp_path / "ca.pem").write_bytes(demo_ca.certificate.public_bytes(serialization.Encoding.PEM))
    [added] = import_anchor(folder, tmp_path / "ca.pem")
    assert added.is_demo and added.is_ca
    store = TrustStore.from_folder(folder)
    assert store.contains(demo_ca.certificate)
    leaf = load_pkcs12_identity(officer_p12, PASSWORD).certificate
    (tmp_path / "leaf.pem").write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    with pytest.raises(Exception) as info:
        import_anchor(folder, tmp_path / "leaf.pem")
    assert "CA" in getattr(info.value, "message_vi", "")


# -------------------------------------------------------------------------- repository
def test_signature_repository_keeps_signatures_append_only(tmp_path):
    with WorkspaceStore.create(tmp_path / "ws", commune="Xã A") as store:
        assert store.info().schema_revision >= "0003"
        book = store.add_book("birth", "01/2020")
        record = store.add_record(book.id, "birth", {})
        repo = SignatureRepository(store)
        assert repo.latest(record.id) is None
        moment = datetime(2025, 3, 1, 8, 15, tzinfo=UTC)
        first = repo.add(record_id=record.id, revision=1, payload=b"{}", signature=b"\x30\x00",
                         signer_fingerprint="ab" * 32, signed_at=moment, actor="cb")
        second = repo.add(record_id=record.id, revision=2, payload=b'{"a":1}', signature=b"\x30\x01",
                          signer_fingerprint="cd" * 32, signed_at=moment, actor="cb")
        assert repo.latest(record.id) == second and repo.for_record(record.id) == [first, second]
        assert first.signed_at == moment and repo.signed_record_ids() == [record.id]
        assert repo.workspace_id()
    with sqlite3.connect(tmp_path / "ws" / DB_FILENAME) as conn:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("UPDATE record_signatures SET payload = x'00'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("DELETE FROM record_signatures")
