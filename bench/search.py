"""Search latency over a large workspace (issue 4: p95 < 50 ms on 1,000,000 records).

Fills a workspace's tables directly (the store's per-record path with audit
hashing is not what is measured here), then times ``WorkspaceStore.search_records``
for typical queries: names without diacritics, name prefixes while typing,
dates, personal IDs, places. Prints percentiles. Usage:

    .venv/bin/python bench/search.py [--records 1000000] [--workspace /tmp/bench-search]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402

from storage.search_text import search_text  # noqa: E402
from storage.workspace import WorkspaceStore  # noqa: E402

SURNAMES = ["Nguyễn"] * 38 + ["Trần"] * 11 + ["Lê"] * 9 + ["Phạm"] * 7 + ["Hoàng"] * 5 + ["Huỳnh"] * 4 + [
    "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lương", "Trịnh", "Mai"] * 2
MIDDLE_MALE = ["Văn", "Văn", "Đức", "Minh", "Quốc", "Hữu", "Công", "Xuân", "Thanh", "Ngọc"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Hồng", "Phương"]
GIVEN_MALE = ["Đức", "Hùng", "Dũng", "Nam", "Long", "Tuấn", "Hải", "Khoa", "Bình", "Hưng", "Phúc", "Thắng",
              "Quân", "Trung", "Sơn", "Tài", "Hoàng", "Kiên", "Vinh", "Lâm"]
GIVEN_FEMALE = ["Hương", "Lan", "Mai", "Hoa", "Thuỷ", "Linh", "Trang", "Ngọc", "Giang", "Hà", "Yến", "Nhung",
                "Thảo", "Hằng", "Vân", "Hoà", "Oanh", "Quỳnh", "Diệp", "My"]
PLACES = ["xã Quỳnh Hưng, huyện Quỳnh Lưu, tỉnh Nghệ An", "phường Hoà Bình, thành phố Hà Nội",
          "xã Tân Lập, huyện Đan Phượng, tỉnh Hà Tây", "thị trấn Long Điền, huyện Long Đất",
          "xã Hoà Tiến, huyện Hoà Vang, thành phố Đà Nẵng", "phường 7, quận 3, Thành phố Hồ Chí Minh"]


def person(rng: random.Random) -> tuple[str, str]:
    male = rng.random() < 0.5
    name = " ".join([rng.choice(SURNAMES), rng.choice(MIDDLE_MALE if male else MIDDLE_FEMALE),
                     rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)]).upper()
    return name, "Nam" if male else "Nữ"


def fill(root: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    store = WorkspaceStore.create(root, commune="Xã Bench")
    book = store.add_book("birth", "01/2000")
    now = datetime.now(UTC).isoformat(" ")
    engine = store._engine  # bench only: bulk insert below the store's per-record path
    batch = 20_000
    with engine.begin() as conn:
        for start in range(0, count, batch):
            recs, revs, fts = [], [], []
            for i in range(start, min(count, start + batch)):
                rid = str(uuid.UUID(int=rng.getrandbits(128)))
                name, sex = person(rng)
                mother, _ = person(rng)
                born = date(1950, 1, 1) + timedelta(days=rng.randrange(27_000))
                pid = f"0{rng.randrange(1, 97):02d}{(0 if born.year < 2000 else 2) + (sex == 'Nữ')}" \
                      f"{born.year % 100:02d}{rng.randrange(10**6):06d}"
                fields = {"full_name": name, "sex": sex, "date_of_birth": born.isoformat(),
                          "personal_id": pid, "mother_full_name": mother, "place_of_birth": rng.choice(PLACES),
                          "registration_number": str(i + 1)}
                recs.append({"id": rid, "book": book.id, "created": now})
                revs.append({"id": rid, "fields": json.dumps({k: {"value": v} for k, v in fields.items()},
                                                             ensure_ascii=False), "created": now})
                fts.append({"rid": i + 1, "content": search_text(fields.values())})
            conn.execute(text("INSERT INTO records(rowid, id, book_id, document_type, head_revision, created_at)"
                              " VALUES (NULL, :id, :book, 'birth', 1, :created)"), recs)
            conn.execute(text("INSERT INTO record_revisions(record_id, revision, status, fields_json, issues_json,"
                              " page_ids_json, record_index, created_at, author, reason) VALUES (:id, 1, 'draft',"
                              " :fields, '[]', '[]', 0, :created, 'bench', '')"), revs)
            first_rowid = conn.execute(text("SELECT max(rowid) FROM records")).scalar() - len(recs) + 1
            for offset, row in enumerate(fts):
                row["rid"] = first_rowid + offset
            conn.execute(text("INSERT INTO record_search(rowid, content) VALUES (:rid, :content)"), fts)
            print(f"\r  filled {min(count, start + batch):,}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO record_search(record_search) VALUES ('optimize')"))
    store.close()


QUERIES = ["nguyen van duc", "tran thi hoa", "le thi thuy", "pham van hung", "nguyen thi mai", "hoang minh",
           "ngo thanh tam", "nguyen van d", "tran t", "dinh quoc", "hoa binh", "quynh hung", "26/02/2003",
           "1/7/1990", "1985", "040203001234", "nguyen", "thi", "mai thi diep", "ly kim yen"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--workspace", default="/tmp/bench-search-ws")
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    root = Path(args.workspace)
    marker = root / f".filled-{args.records}"
    if not marker.exists():
        import shutil

        shutil.rmtree(root, ignore_errors=True)
        started = time.perf_counter()
        fill(root, args.records)
        marker.touch()
        print(f"filled {args.records:,} records in {time.perf_counter() - started:.0f} s")
    store = WorkspaceStore.open(root)
    timings: dict[str, list[float]] = {q: [] for q in QUERIES}
    for _ in range(args.rounds):
        for query in QUERIES:
            started = time.perf_counter()
            store.search_records(query, limit=100)
            timings[query].append((time.perf_counter() - started) * 1000)
    all_ms = sorted(t for ts in timings.values() for t in ts)
    p = lambda q: all_ms[min(len(all_ms) - 1, int(q * len(all_ms)))]  # noqa: E731
    print(f"{args.records:,} records, {len(all_ms)} searches (limit 100): "
          f"p50 {p(0.50):.1f} ms, p95 {p(0.95):.1f} ms, max {all_ms[-1]:.1f} ms")
    for query, ts in timings.items():
        print(f"  {query!r:>20}: median {statistics.median(ts):6.1f} ms")
    store.close()


if __name__ == "__main__":
    main()
