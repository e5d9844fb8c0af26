"""Benchmark: sign N verified records with a file key (PKCS#12), then verify them. Target: 1,000 in < 10 s.

Usage: ``.venv/bin/python bench/sign.py [--records 1000] [--pages 50] [--key ec|rsa]``

Builds a throw-away workspace in a temporary folder (N records spread over ``--pages`` page
images of ~200 kB), marks them verified (not timed), signs them in one session with a demo
officer key (timed: payloads, page hashing, CMS signatures, storing, marking signed, signing
the audit head), then checks every stored signature and the audit log (timed apart).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inspector.domain import DocumentType, FieldValue  # noqa: E402
from inspector.signing import approve_records, sign_records, verify_audit, verify_stored_records  # noqa: E402
from storage.signing import DemoCA, TrustStore, load_pkcs12_identity  # noqa: E402
from storage.workspace import WorkspaceStore  # noqa: E402


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--key", choices=["ec", "rsa"], default="ec")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-sign-") as tmp:
        root = Path(tmp)
        ca = DemoCA.create()
        ca.issue_officer_pkcs12(root / "officer.p12", "bench-password", common_name="Cán bộ thử",
                                key_type=args.key)
        identity = load_pkcs12_identity(root / "officer.p12", "bench-password")
        store = WorkspaceStore.create(root / "ws", commune="Xã Thử Nghiệm", actor="bench")
        book = store.add_book(DocumentType.BIRTH, "01/2020", year=2020, actor="bench")
        pages = [store.add_page(book.id, os.urandom(200_000), media_type="image/png", width=1240, height=1754,
                                source_name=f"p{i}.png", source_page=1, actor="bench").page
                 for i in range(args.pages)]
        ids = []
        for i in range(args.records):
            fields = {"full_name": FieldValue(f"NGUYỄN VĂN {i}"), "date_of_birth": FieldValue("01/02/2003"),
                      "sex": FieldValue("Nam"), "place_of_birth": FieldValue("Xã Thử Nghiệm, Tỉnh Nghệ An"),
                      "registration_number": FieldValue(f"{i + 1}/2020")}
            ids.append(store.add_record(book.id, DocumentType.BIRTH, fields, page_ids=[pages[i % len(pages)].id],
                                        record_index=i, actor="bench").id)
        approve_records(store, ids, officer="bench")

        start = time.perf_counter()
        report = sign_records(store, ids, identity, actor="bench")
        signing = time.perf_counter() - start
        assert len(report.signed) == args.records, report.refused[:3]

        trust = TrustStore.of([ca.certificate])
        start = time.perf_counter()
        grades = {check.result.grade for check in verify_stored_records(store, ids, trust)}
        verifying = time.perf_counter() - start
        start = time.perf_counter()
        audit = verify_audit(store, trust)
        auditing = time.perf_counter() - start
        store.close()

    print(f"records={args.records} pages={args.pages} key={args.key}")
    print(f"sign:   {signing:.2f} s total, {signing / args.records * 1000:.2f} ms/record "
          f"(target < 10 s for 1,000) -> {'OK' if signing * 1000 / args.records < 10 else 'SLOW'}")
    print(f"verify: {verifying:.2f} s total, {verifying / args.records * 1000:.2f} ms/record, "
          f"grades={sorted(g.value for g in grades)}")
    print(f"audit verify: {auditing:.2f} s over {audit.entries} entries, problem={audit.problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
