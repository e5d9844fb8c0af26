"""The trust commands as an officer and an inspector use them: approve, sign, verify, export, audit, demo CA.

Every command runs as a real ``python -m inspector`` subprocess. The workspace content is put
in with the store's API; tampering goes straight at the SQLite file and the blob folder, the
way someone bypassing the program would.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from inspector.domain import FieldValue
from storage.workspace import DB_FILENAME, WorkspaceStore
from tests.conftest import render_text_page, run_cli
from tests.storage.signing_support import demo_token, needs_softhsm, openssl_verify

PIN = "mật-khẩu-cán-bộ-2025"
SIGNED_RECORDS = 2


def _ok(result) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A demo CA and an officer's PKCS#12 file, made with ``inspector ca init/issue``."""
    base = tmp_path_factory.mktemp("demo")
    pin_file = base / "pin.txt"
    pin_file.write_text(PIN + "\n", encoding="utf-8")
    pin_file.chmod(0o600)
    # The trust folder lives beside the settings; module fixtures run before the per-test isolation.
    env = {"INSPECTOR_CONFIG_DIR": str(base / "config"), "INSPECTOR_LOG_DIR": str(base / "logs")}
    _ok(run_cli("ca", "init", "--dir", str(base / "ca"), "--pin-file", str(pin_file), env=env))
    _ok(run_cli("ca", "issue", "--dir", str(base / "ca"), "--name", "Cán bộ Thử", "--out", str(base / "officer.p12"),
                "--pin-file", str(pin_file), env=env))
    return {"base": base, "pin_file": pin_file, "env": env, "ca_pem": base / "ca" / "demo-ca.pem",
            "p12": base / "officer.p12"}


def _workspace(root: Path) -> dict:
    """A workspace with one book, two pages and three draft records, the last one flagged."""
    with WorkspaceStore.create(root, commune="Xã Quỳnh Hưng", actor="officer") as store:
        book = store.add_book("birth", "01/2020", year=2020, actor="officer")
        pages = [store.add_page(book.id, render_text_page([f"Trang {i}"], size=(300, 200), seed=i),
                                media_type="image/png", width=300, height=200, source_name=f"p{i}.png").page
                 for i in range(2)]
        ids = []
        for i, name in enumerate(["NGUYỄN VĂN ĐỨC", "TRẦN THỊ LAN", "LÊ VĂN HÙNG"]):
            fields = {"full_name": FieldValue(name, needs_review=(i == 2)), "date_of_birth": FieldValue("26/02/2003"),
                      "registration_number": FieldValue(f"{i + 1}/2020")}
            ids.append(store.add_record(book.id, "birth", fields, page_ids=[pages[min(i, 1)].id],
                                        record_index=i, actor="officer").id)
    return {"root": root, "ids": ids, "book": "01/2020"}


@pytest.fixture(scope="module")
def signed(demo, tmp_path_factory):
    """A workspace whose two unflagged records were approved and signed with the PKCS#12 key."""
    ws = _workspace(tmp_path_factory.mktemp("signed") / "ws")
    approve = _ok(run_cli("approve", "--workspace", str(ws["root"]), "--book", "01/2020", "--unflagged",
                          "--officer", "Cán bộ Thử", env=demo["env"]))
    assert approve.split() == ["verified", ws["ids"][0], "verified", ws["ids"][1]]
    result = run_cli("sign", "--workspace", str(ws["root"]), "--book", "01/2020", "--pkcs12", str(demo["p12"]),
                     "--pin-file", str(demo["pin_file"]), env=demo["env"])
    _ok(result)
    assert [line.split("\t")[1] for line in result.stdout.splitlines()] == ws["ids"][:2]
    # The flagged draft is refused, with the reason in Vietnamese; the PIN appears nowhere.
    assert f"Không ký {ws['ids'][2]}: Bản ghi chưa được kiểm tra" in result.stderr
    assert PIN not in result.stdout + result.stderr
    return ws


def _copy(ws: dict, tmp_path: Path) -> dict:
    root = tmp_path / "copy"
    shutil.copytree(ws["root"], root)
    return {**ws, "root": root}


def _sql(root: Path, *statements: str) -> None:
    """Change the database directly, as someone bypassing the program would (triggers dropped first)."""
    with sqlite3.connect(root / DB_FILENAME) as conn:
        for table in ("audit_log", "record_revisions"):
            conn.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            conn.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        for statement in statements:
            conn.execute(statement)


# ---------------------------------------------------------------------------- approve/sign
def test_signing_refuses_unverified_records_in_vietnamese(demo, signed):
    draft = signed["ids"][2]
    result = run_cli("sign", "--workspace", str(signed["root"]), "--record", draft, "--pkcs12", str(demo["p12"]),
                     "--pin-file", str(demo["pin_file"]), env=demo["env"])
    assert result.returncode == 7
    assert "chưa được kiểm tra" in result.stderr and result.stdout == ""
    with WorkspaceStore.open(signed["root"]) as store:
        assert [r.status.value for r in store.records()] == ["signed", "signed", "draft"]


def test_wrong_pin_is_refused_and_never_shown_or_logged(demo, signed, tmp_path):
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("sai-mật-khẩu-999\n", encoding="utf-8")
    ws = _copy(signed, tmp_path)
    run_cli("approve", "--workspace", str(ws["root"]), "--record", ws["ids"][2], "--officer", "Cán bộ Thử")
    result = run_cli("sign", "--workspace", str(ws["root"]), "--record", ws["ids"][2], "--pkcs12",
                     str(demo["p12"]), env={**demo["env"], "INSPECTOR_PIN_FILE": str(wrong)})
    assert result.returncode == 8 and "Mật khẩu hoặc mã PIN không đúng" in result.stderr
    logs = "".join(p.read_text(encoding="utf-8", errors="replace")
                   for p in Path(demo["base"]).rglob("*.log")) + result.stdout + result.stderr
    assert "sai-mật-khẩu-999" not in logs and PIN not in logs


# ------------------------------------------------------------------------------ verify
def test_verify_workspace_grades_each_signed_record(demo, signed):
    result = run_cli("verify", "--workspace", str(signed["root"]), "--json", env=demo["env"])
    rows = [json.loads(line) for line in _ok(result).splitlines()]
    assert [r["record"] for r in rows] == signed["ids"][:2]
    assert {r["grade"] for r in rows} == {"valid_with_warnings"}
    assert all("demo_certificate" in [x["code"] for x in r["reasons"]] for r in rows)
    text = _ok(run_cli("verify", "--workspace", str(signed["root"]), "--record", signed["ids"][0], env=demo["env"]))
    assert "Chữ ký hợp lệ, có lưu ý" in text and "thử nghiệm (DEMO)" in text


def test_a_field_changed_in_the_database_makes_the_signature_invalid(demo, signed, tmp_path):
    ws = _copy(signed, tmp_path)
    target = ws["ids"][0]
    _sql(ws["root"], "UPDATE record_revisions SET fields_json = replace(fields_json, 'ĐỨC', 'ĐỨA') "
                     f"WHERE record_id = '{target}'")
    result = run_cli("verify", "--workspace", str(ws["root"]), env=demo["env"])
    assert result.returncode == 8
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{target}\tinvalid\tChữ ký không hợp lệ")
    assert "Nội dung bản ghi đã bị thay đổi sau khi ký. [content_changed]" in result.stdout
    assert f"{ws['ids'][1]}\tvalid_with_warnings" in result.stdout  # the other record is untouched


def test_a_replaced_page_image_makes_the_signature_invalid(demo, signed, tmp_path):
    ws = _copy(signed, tmp_path)
    with WorkspaceStore.open(ws["root"]) as store:
        page = store.page(store.record(ws["ids"][1]).page_ids[0])
        blob = store.blobs.path_of(page.image_sha256)
    blob.write_bytes(render_text_page(["Trang giả"], size=(300, 200), seed=99))
    result = run_cli("verify", "--workspace", str(ws["root"]), "--record", ws["ids"][1], env=demo["env"])
    assert result.returncode == 8
    assert "[page_image_changed]" in result.stdout and "Ảnh trang sổ đã bị thay đổi" in result.stdout


def test_a_record_corrected_after_signing_is_no_longer_covered(demo, signed, tmp_path):
    ws = _copy(signed, tmp_path)
    with WorkspaceStore.open(ws["root"]) as store:
        store.revise_record(ws["ids"][0], actor="officer", field_changes={"full_name": FieldValue("NGUYỄN VĂN ĐỨA")})
    result = run_cli("verify", "--workspace", str(ws["root"]), "--record", ws["ids"][0], env=demo["env"])
    assert result.returncode == 8 and "[record_revised_since_signing]" in result.stdout


# ---------------------------------------------------------------------------- export
def test_exported_record_verifies_here_and_with_openssl_and_tampering_is_found(demo, signed, tmp_path):
    out = tmp_path / "out"
    listed = _ok(run_cli("export-record", signed["ids"][0], "--workspace", str(signed["root"]), "--out", str(out),
                         env=demo["env"])).split()
    assert [Path(p).name for p in listed] == ["record.json", "record.p7s", "page-01.png"]
    payload = json.loads((out / "record.json").read_bytes())
    assert payload["record"]["fields"]["full_name"] == "NGUYỄN VĂN ĐỨC" and payload["commune"] == "Xã Quỳnh Hưng"
    assert payload["record"]["revision"] == 2 and payload["book"]["number"] == "01/2020"

    empty_trust = ["--trust-dir", str(tmp_path / "no-trust")]
    ok = run_cli("verify", str(out / "record.json"), str(out / "record.p7s"), "--ca", str(demo["ca_pem"]),
                 *empty_trust)
    assert ok.returncode == 0 and "valid_with_warnings" in ok.stdout, ok.stderr
    from cryptography import x509

    ca = x509.load_pem_x509_certificate(demo["ca_pem"].read_bytes())
    (tmp_path / "openssl").mkdir()
    checked = openssl_verify(tmp_path / "openssl", (out / "record.json").read_bytes(),
                             (out / "record.p7s").read_bytes(), ca)
    assert checked.returncode == 0, checked.stderr

    unknown = run_cli("verify", str(out / "record.json"), str(out / "record.p7s"), *empty_trust)
    assert unknown.returncode == 8 and "unknown_signer" in unknown.stdout

    original_page = (out / "page-01.png").read_bytes()
    (out / "page-01.png").write_bytes(original_page + b"\0")
    bad_page = run_cli("verify", str(out / "record.json"), str(out / "record.p7s"), "--ca", str(demo["ca_pem"]),
                       *empty_trust)
    assert bad_page.returncode == 8 and "[page_image_changed]" in bad_page.stdout
    (out / "page-01.png").write_bytes(original_page)

    signature = (out / "record.p7s").read_bytes()
    (out / "record.p7s").write_bytes(signature[: len(signature) // 2])
    truncated = run_cli("verify", str(out / "record.json"), str(out / "record.p7s"), "--ca", str(demo["ca_pem"]),
                        *empty_trust, "--json")
    assert truncated.returncode == 8
    assert json.loads(truncated.stdout)["reasons"][0]["code"] == "signature_malformed"


# ------------------------------------------------------------------------------ token
@needs_softhsm
def test_signing_with_a_softhsm_token_from_the_command_line(demo, tmp_path):
    from storage.signing import DemoCA

    ca = DemoCA.load(demo["base"] / "ca", PIN)
    token = demo_token(ca)  # sets SOFTHSM2_CONF in this process's environment; the CLI inherits it
    pin_file = tmp_path / "token-pin.txt"
    pin_file.write_text(token.pin, encoding="utf-8")
    ws = _workspace(tmp_path / "ws")
    _ok(run_cli("approve", "--workspace", str(ws["root"]), "--record", ws["ids"][0], "--officer", "Cán bộ Thử"))
    from storage.signing import SOFTHSM2_MODULE

    result = run_cli("sign", "--workspace", str(ws["root"]), "--record", ws["ids"][0], "--pkcs11-module",
                     SOFTHSM2_MODULE, "--token-label", token.label, "--pin-file", str(pin_file), env=demo["env"])
    assert _ok(result).split("\t")[:2] == ["signed", ws["ids"][0]]
    verified = run_cli("verify", "--workspace", str(ws["root"]), "--json", env=demo["env"])
    [row] = [json.loads(line) for line in _ok(verified).splitlines()]
    assert row["grade"] == "valid_with_warnings" and row["signer_subject"].startswith("CN=Cán bộ thử nghiệm")
    out = tmp_path / "out"
    _ok(run_cli("export-record", ws["ids"][0], "--workspace", str(ws["root"]), "--out", str(out)))
    checked = openssl_verify(tmp_path, (out / "record.json").read_bytes(), (out / "record.p7s").read_bytes(),
                             ca.certificate)
    assert checked.returncode == 0, checked.stderr


# ------------------------------------------------------------------------------ audit
def test_audit_verify_passes_on_an_untouched_log(demo, signed):
    result = run_cli("audit", "verify", "--workspace", str(signed["root"]), env=demo["env"])
    status, entries, heads = _ok(result).split()
    assert status == "ok" and int(entries) > 5 and int(heads) == 1


@pytest.mark.parametrize("tamper, seq, reason", [
    ("UPDATE audit_log SET details_json = '{}' WHERE seq = 3", 3, "edited"),
    ("DELETE FROM audit_log WHERE seq = 4", 4, "missing"),
    ("UPDATE audit_log SET actor = 'kẻ gian' WHERE seq = 2", 2, "edited"),
])
def test_audit_verify_reports_the_first_edited_or_deleted_entry(demo, signed, tmp_path, tamper, seq, reason):
    ws = _copy(signed, tmp_path)
    _sql(ws["root"], tamper)
    result = run_cli("audit", "verify", "--workspace", str(ws["root"]), env=demo["env"])
    assert result.returncode == 6
    status, found, code, message = result.stdout.strip().split("\t")
    assert (status, int(found), code) == ("broken", seq, reason)
    assert f"số {seq}" in message


def test_audit_verify_notices_entries_cut_from_the_end_thanks_to_the_signed_head(demo, signed, tmp_path):
    ws = _copy(signed, tmp_path)
    with sqlite3.connect(ws["root"] / DB_FILENAME) as conn:
        last = conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    _sql(ws["root"], f"DELETE FROM audit_log WHERE seq >= {last - 1}")  # the chain itself still links up
    with WorkspaceStore.open(ws["root"]) as store:
        assert store.verify_audit_chain() is None
    result = run_cli("audit", "verify", "--workspace", str(ws["root"]), env=demo["env"])
    assert result.returncode == 6
    assert result.stdout.split("\t")[:3] == ["broken", str(last - 1), "missing"]


# ------------------------------------------------------------------------- trust list
def test_ca_init_trusts_the_demo_ca_and_trust_list_shows_it(demo):
    result = run_cli("trust", "list", env=demo["env"])
    [line] = _ok(result).splitlines()
    assert line.endswith("\tDEMO") and "CA thử nghiệm" in line
