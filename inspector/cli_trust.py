"""The trust subcommands: ``approve``, ``sign``, ``verify``, ``export-record``, ``audit verify``, ``ca``, ``trust``.

PINs and passwords come from a file (``--pin-file``, or the file named by the environment
variable ``INSPECTOR_PIN_FILE``), or are asked for on a terminal; they are never printed,
logged or passed on a command line. Verdicts go to standard output, messages to standard
error. ``verify`` exits 0 when every signature is acceptable (valid, or valid with warnings)
and 8 otherwise; ``audit verify`` exits 6 when the log is broken.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from inspector.errors import InputFileError, RecordStateError, UsageError

#: Exit code of ``verify`` when a signature is not acceptable (that of SignatureError).
EXIT_NOT_ACCEPTABLE = 8
#: Exit code of ``audit verify`` when the log is broken (that of StorageError).
EXIT_AUDIT_BROKEN = 6


def trust_folder() -> Path:
    """The user's folder of trust anchors (CA certificates and CRLs), beside the settings."""
    from inspector.settings import config_dir

    return config_dir() / "trust"


def _trust_store(ca_files: list[str] | None, trust_dir: str | None = None):
    from storage.signing import TrustStore
    from storage.signing.trust import load_certificates

    folder = TrustStore.from_folder(Path(trust_dir) if trust_dir else trust_folder())
    extra = []
    for name in ca_files or []:
        try:
            extra.extend(load_certificates(Path(name).read_bytes()))
        except (OSError, ValueError):
            raise InputFileError(name, "Không đọc được tệp chứng thư số của CA (PEM hoặc DER).",
                                 "Cannot read the CA certificate file") from None
    return TrustStore.of([*folder.anchors, *extra], folder.crls)


def _pin(args: argparse.Namespace, prompt: str = "Mã PIN / mật khẩu: ") -> str:
    from inspector.signing import secret_from

    secret = secret_from(getattr(args, "pin_file", None))
    if secret is not None:
        return secret
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    raise UsageError("Hãy cho mã PIN/mật khẩu bằng --pin-file TỆP hoặc biến môi trường INSPECTOR_PIN_FILE.",
                     "no PIN: use --pin-file or INSPECTOR_PIN_FILE")


def _record_ids(store, args: argparse.Namespace) -> list[str]:
    from inspector.cli import _resolve_book

    if args.record:
        return list(args.record)
    if args.book:
        book = _resolve_book(store, args.book, None, create=False, actor="")
        return [r.id for r in store.records(book.id)]
    return [r.id for r in store.records()]


# ---------------------------------------------------------------------------- commands
def cmd_approve(args: argparse.Namespace) -> int:
    """``inspector approve``: mark records verified without the GUI."""
    from inspector.cli import _open_store, _resolve_book
    from inspector.signing import approve_records, unflagged_drafts

    if not args.record and not (args.book and args.unflagged):
        raise UsageError("Hãy chọn --record MÃ, hoặc --book QUYỂN --unflagged (chỉ bản ghi không có trường bị đánh dấu).",
                         "use --record, or --book with --unflagged")
    with _open_store(args.workspace, args) as store:
        if args.record:
            ids = list(args.record)
        else:
            book = _resolve_book(store, args.book, None, create=False, actor="")
            ids = [r.id for r in unflagged_drafts(store, book.id)]
        report = approve_records(store, ids, officer=args.officer)
    for record_id in report.approved:
        print(f"verified\t{record_id}")
    for skipped in report.skipped:
        print(f"Bỏ qua {skipped.record_id}: {skipped.message_vi}", file=sys.stderr)
    print(f"Đã đánh dấu «Đã kiểm tra» {len(report.approved)} bản ghi.", file=sys.stderr)
    return 0


def cmd_sign(args: argparse.Namespace) -> int:
    """``inspector sign``: sign the verified records of a book, a record, or the workspace."""
    from inspector.cli import _actor, _open_store
    from inspector.progress import StderrProgress
    from inspector.signing import DEFAULT_SIGNER_ROLE, open_signer, sign_records

    if args.pkcs12 and args.pkcs11_module:
        raise UsageError("Chỉ chọn một khoá ký: --pkcs12 hoặc --pkcs11-module.", "choose one key")
    pin = _pin(args)
    with _open_store(args.workspace, args) as store:
        ids = _record_ids(store, args)
        with open_signer(pin=pin, pkcs12=args.pkcs12, pkcs11_module=args.pkcs11_module,
                         token_label=args.token_label) as signer:
            report = sign_records(store, ids, signer, actor=_actor(args), signer_role=args.role or DEFAULT_SIGNER_ROLE,
                                  progress=StderrProgress("Ký số"))
    for item in report.signed:
        print(f"signed\t{item.record_id}\t{item.revision}")
    for refusal in report.refused:
        print(f"Không ký {refusal.record_id}: {refusal.message_vi}", file=sys.stderr)
    print(f"Đã ký {len(report.signed)} bản ghi, từ chối {len(report.refused)}.", file=sys.stderr)
    if report.refused and (args.record or not report.signed):
        if len(report.refused) == 1:
            raise RecordStateError(report.refused[0].message_vi, f"record not signed: {report.refused[0].code}")
        raise RecordStateError("Có bản ghi không ký được (xem lý do ở trên).", "some records were refused")
    return 0


def _print_result(result, *, label: str = "") -> None:
    head = f"{label}\t" if label else ""
    print(f"{head}{result.grade.value}\t{result.grade.label_vi}")
    if result.signer_subject:
        when = result.signing_time.strftime("%Y-%m-%d %H:%M:%SZ") if result.signing_time else "?"
        print(f"  Người ký: {result.signer_subject}; thời điểm ký: {when}")
    for reason in result.reasons:
        print(f"  - {reason.message_vi} [{reason.code}]")


def cmd_verify(args: argparse.Namespace) -> int:
    """``inspector verify``: grade stored signatures, or a record.json / record.p7s pair."""
    from inspector.cli import _open_store
    from inspector.signing import signed_record_ids, verify_record_files, verify_stored_records

    trust = _trust_store(args.ca, args.trust_dir)
    if args.files:
        if len(args.files) != 2 or args.workspace:
            raise UsageError("Dùng: inspector verify record.json record.p7s [--ca ca.pem], "
                             "hoặc inspector verify --workspace THƯ_MỤC [--record MÃ].",
                             "verify takes record.json record.p7s, or --workspace")
        check = verify_record_files(args.files[0], args.files[1], trust)
        if args.json:
            print(json.dumps({**check.result.to_json(), "pages_checked": check.pages_checked,
                              "pages_expected": check.pages_expected}, ensure_ascii=False))
        else:
            _print_result(check.result)
            if check.pages_checked < check.pages_expected:
                print(f"  Lưu ý: chỉ kiểm tra được {check.pages_checked}/{check.pages_expected} ảnh trang "
                      "(không thấy các tệp page-NN bên cạnh record.json).")
        return 0 if check.result.is_acceptable else EXIT_NOT_ACCEPTABLE
    if not args.workspace:
        raise UsageError("Hãy chỉ --workspace, hoặc hai tệp record.json record.p7s.", "nothing to verify")
    with _open_store(args.workspace, args) as store:
        ids = list(args.record) if args.record else signed_record_ids(store)
        checks = verify_stored_records(store, ids, trust)
    for check in checks:
        if args.json:
            print(json.dumps({"record": check.record_id, "signed_revision": check.signed_revision,
                              **check.result.to_json()}, ensure_ascii=False))
        else:
            _print_result(check.result, label=check.record_id)
    if not checks:
        print("Chưa có bản ghi nào được ký.", file=sys.stderr)
    bad = sum(1 for c in checks if not c.result.is_acceptable)
    print(f"Đã kiểm tra {len(checks)} chữ ký, {bad} không đạt.", file=sys.stderr)
    return EXIT_NOT_ACCEPTABLE if bad else 0


def cmd_export_record(args: argparse.Namespace) -> int:
    """``inspector export-record``: record.json, record.p7s and the page images of a signed record."""
    from inspector.cli import _actor, _open_store
    from inspector.signing import export_signed_record

    with _open_store(args.workspace, args) as store:
        written = export_signed_record(store, args.record, Path(args.out), actor=_actor(args))
    for path in written:
        print(path)
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """``inspector audit verify``: the hash chain and the signed heads of the audit log."""
    from inspector.cli import _open_store
    from inspector.signing import verify_audit

    trust = _trust_store(args.ca, args.trust_dir)
    with _open_store(args.workspace, args) as store:
        report = verify_audit(store, trust)
    for warning in report.warnings:
        print(f"Lưu ý: {warning}", file=sys.stderr)
    if report.problem is not None:
        print(f"broken\t{report.problem.seq}\t{report.problem.reason}\t{report.problem.message_vi}")
        return EXIT_AUDIT_BROKEN
    print(f"ok\t{report.entries}\t{report.signed_heads}")
    print(f"Nhật ký nguyên vẹn: {report.entries} mục, {report.signed_heads} lần ký đầu chuỗi.", file=sys.stderr)
    return 0


def cmd_ca_init(args: argparse.Namespace) -> int:
    """``inspector ca init``: a local DEMO certificate authority, trusted on this computer."""
    from storage.signing import DemoCA, import_anchor

    folder = Path(args.dir)
    if (folder / "demo-ca-key.p12").exists():
        raise UsageError("Thư mục đã có CA thử nghiệm.", "a demo CA already exists there")
    ca = DemoCA.create(common_name=args.name) if args.name else DemoCA.create()
    cert_path, key_path = ca.save(folder, _pin(args, "Mật khẩu cho khoá của CA thử nghiệm: "))
    print(cert_path)
    print(key_path)
    if not args.no_trust:
        import_anchor(trust_folder(), cert_path)
        print(f"Đã thêm CA thử nghiệm vào danh sách tin cậy ({trust_folder()}).", file=sys.stderr)
    print("Lưu ý: CA thử nghiệm (DEMO) chỉ để dùng thử, chữ ký không có giá trị pháp lý.", file=sys.stderr)
    return 0


def cmd_ca_issue(args: argparse.Namespace) -> int:
    """``inspector ca issue``: an officer's DEMO certificate and key as a PKCS#12 file."""
    from inspector.signing import read_secret_file
    from storage.signing import DemoCA

    pin = _pin(args, "Mật khẩu cho tệp chứng thư của cán bộ: ")
    ca_secret = read_secret_file(args.ca_pin_file) if args.ca_pin_file else pin
    ca = DemoCA.load(Path(args.dir), ca_secret)
    certificate = ca.issue_officer_pkcs12(Path(args.out), pin, common_name=args.name, commune=args.commune,
                                          title=args.title, key_type=args.key_type, valid_days=args.days)
    print(args.out)
    print(f"Đã cấp chứng thư thử nghiệm số sê-ri {certificate.serial_number:x}, "
          f"hết hạn {certificate.not_valid_after_utc:%d/%m/%Y}.", file=sys.stderr)
    return 0


def cmd_trust_list(args: argparse.Namespace) -> int:
    """``inspector trust list``: the trusted CA certificates."""
    from storage.signing import TrustStore

    store = TrustStore.from_folder(trust_folder())
    for info in store.describe():
        demo = "\tDEMO" if info.is_demo else ""
        print(f"{info.fingerprint_sha256}\t{info.subject}\t{info.not_after:%Y-%m-%d}{demo}")
    for problem in store.problems:
        print(f"Không đọc được tệp {problem}", file=sys.stderr)
    return 0


def cmd_trust_add(args: argparse.Namespace) -> int:
    """``inspector trust add``: trust a CA certificate (the province's CA)."""
    from storage.signing import import_anchor

    for info in import_anchor(trust_folder(), Path(args.certificate)):
        print(f"{info.fingerprint_sha256}\t{info.subject}")
    return 0


# ------------------------------------------------------------------------------ parser
def _add_passphrase_option(parser: argparse.ArgumentParser) -> None:
    # The workspace's own passphrase (encrypted workspaces). ``sign`` keeps ``--pin-file`` for the
    # key's PIN, so the unlock option is declared here without inspector.unlock's --pin-file alias.
    parser.add_argument("--passphrase-file", dest="passphrase_file", metavar="TỆP",
                        help="tệp chứa mật khẩu của thư mục làm việc đã mã hoá "
                             "(hoặc biến môi trường INSPECTOR_PASSPHRASE_FILE)")


def add_trust_commands(sub) -> None:  # noqa: ANN001 - argparse's private subparsers type
    """Register the signing and trust subcommands on the ``inspector`` parser."""
    p = sub.add_parser("approve", help="đánh dấu bản ghi «Đã kiểm tra» (không cần giao diện)")
    p.add_argument("--workspace", "-w", required=True)
    p.add_argument("--record", action="append", metavar="MÃ", help="mã bản ghi (lặp lại được)")
    p.add_argument("--book", help="số quyển")
    p.add_argument("--unflagged", action="store_true", help="mọi bản ghi chưa kiểm tra không có trường bị đánh dấu")
    p.add_argument("--officer", required=True, help="tên cán bộ kiểm tra (ghi vào nhật ký)")
    p.set_defaults(func=cmd_approve)

    p = sub.add_parser("sign", help="ký số các bản ghi đã kiểm tra")
    p.add_argument("--workspace", "-w", required=True)
    p.add_argument("--book", help="ký các bản ghi đã kiểm tra của một quyển")
    p.add_argument("--record", action="append", metavar="MÃ", help="mã bản ghi (lặp lại được)")
    p.add_argument("--pkcs12", metavar="TỆP", help="tệp chứng thư số .p12/.pfx")
    p.add_argument("--pkcs11-module", metavar="THƯ_VIỆN", help="trình điều khiển PKCS#11 của thẻ ký số (.so/.dll)")
    p.add_argument("--token-label", metavar="NHÃN", help="nhãn của thẻ ký số")
    p.add_argument("--pin-file", metavar="TỆP", help="tệp chứa mã PIN/mật khẩu (hoặc INSPECTOR_PIN_FILE)")
    p.add_argument("--role", default=None, help="chức danh người ký ghi trong bản ghi đã ký")
    p.add_argument("--actor", help="tên cán bộ (ghi vào nhật ký)")
    _add_passphrase_option(p)
    p.set_defaults(func=cmd_sign)

    p = sub.add_parser("verify", help="kiểm tra chữ ký số")
    p.add_argument("files", nargs="*", metavar="TỆP", help="record.json record.p7s")
    p.add_argument("--workspace", "-w")
    p.add_argument("--record", action="append", metavar="MÃ")
    p.add_argument("--ca", action="append", metavar="PEM", help="thêm chứng thư CA tin cậy (lặp lại được)")
    p.add_argument("--trust-dir", metavar="THƯ_MỤC", help="thư mục CA tin cậy thay cho thư mục mặc định")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("export-record", help="xuất bản ghi đã ký: record.json, record.p7s và ảnh trang")
    p.add_argument("record", metavar="MÃ")
    p.add_argument("--workspace", "-w", required=True)
    p.add_argument("--out", required=True, metavar="THƯ_MỤC")
    p.add_argument("--actor")
    p.set_defaults(func=cmd_export_record)

    audit = sub.add_parser("audit", help="nhật ký kiểm tra")
    audit_sub = audit.add_subparsers(dest="audit_command", parser_class=type(audit))
    p = audit_sub.add_parser("verify", help="kiểm tra nhật ký có bị sửa hoặc xoá không")
    p.add_argument("--workspace", "-w", required=True)
    p.add_argument("--ca", action="append", metavar="PEM")
    p.add_argument("--trust-dir", metavar="THƯ_MỤC")
    _add_passphrase_option(p)
    p.set_defaults(func=cmd_audit_verify)

    ca = sub.add_parser("ca", help="CA thử nghiệm (DEMO) để dùng thử việc ký số")
    ca_sub = ca.add_subparsers(dest="ca_command", parser_class=type(ca))
    p = ca_sub.add_parser("init", help="tạo CA thử nghiệm và tin cậy nó trên máy này")
    p.add_argument("--dir", required=True, metavar="THƯ_MỤC")
    p.add_argument("--name", help="tên CA")
    p.add_argument("--pin-file", metavar="TỆP", help="tệp chứa mật khẩu bảo vệ khoá của CA")
    p.add_argument("--no-trust", action="store_true", help="không thêm vào danh sách tin cậy")
    p.set_defaults(func=cmd_ca_init)
    p = ca_sub.add_parser("issue", help="cấp chứng thư thử nghiệm cho cán bộ (tệp .p12)")
    p.add_argument("--dir", required=True, metavar="THƯ_MỤC", help="thư mục của CA thử nghiệm")
    p.add_argument("--name", required=True, help="họ tên cán bộ")
    p.add_argument("--commune", default="")
    p.add_argument("--title", default="")
    p.add_argument("--key-type", choices=["ec", "rsa"], default="ec")
    p.add_argument("--days", type=int, default=730)
    p.add_argument("--out", required=True, metavar="TỆP.p12")
    p.add_argument("--pin-file", metavar="TỆP", help="tệp chứa mật khẩu cho tệp .p12 mới")
    p.add_argument("--ca-pin-file", metavar="TỆP", help="tệp chứa mật khẩu khoá CA (mặc định: như --pin-file)")
    p.set_defaults(func=cmd_ca_issue)

    trust = sub.add_parser("trust", help="danh sách CA tin cậy")
    trust_sub = trust.add_subparsers(dest="trust_command", parser_class=type(trust))
    p = trust_sub.add_parser("list", help="liệt kê CA tin cậy")
    p.set_defaults(func=cmd_trust_list)
    p = trust_sub.add_parser("add", help="tin cậy một chứng thư CA (PEM hoặc DER)")
    p.add_argument("certificate", metavar="TỆP")
    p.set_defaults(func=cmd_trust_add)
