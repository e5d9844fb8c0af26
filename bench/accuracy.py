"""Field accuracy of the product's reading on generated pages: accuracy, silent errors, review rate.

    .venv/bin/python bench/accuracy.py [--pages 150] [--levels 0,1,2,3,4] [--holdout] [--jobs 2]
                                       [--no-reread] [--set OPTION=VALUE] [--curve] [--show-errors N]
                                       [--dump FILE]

Pages come from the corpus generator (``tools/corpus``) when it is installed,
else from the test renderer (``tests/ocr/formpages.py``); ``--source`` picks one.
Every page goes the product's way, :func:`ocr.reading.read_page` (preprocessing,
dotted leaders removed, Tesseract, extraction with the second look, the 180°
retry), so the figures are those of what ships. Each field is compared with the
truth under fields.md's equivalent spellings.

- accuracy: share of fields whose value is right (flagged or not);
- silent errors: share of fields wrong and NOT flagged (the defect that matters);
- review rate: share of fields flagged.

Printed per degradation level, per layout, per record type, per field;
``--curve`` prints the trade-off of review rate against silent errors over
confidence thresholds (a field is flagged by a hard reason whatever the
threshold). ``--holdout`` uses styles kept out of tuning. Slow (OCR of every
page); not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# --------------------------------------------------------------------------- page sources

def _corpus_available() -> bool:
    try:
        from tools.corpus import generate_page  # type: ignore[import-not-found] # noqa: F401
    except ImportError:
        return False
    return True


def _render(seed: int, document_type: str, layout: str, level: int, holdout: bool, source: str):
    """``(image, truth records [{fields, region}], style name)`` of one page."""
    if source == "corpus":
        from tools.corpus import generate_page  # type: ignore[import-not-found]

        page = generate_page(seed, document_type=document_type, layout=layout, level=level, holdout=holdout)
        records = [{"fields": record["fields"], "region": record["region"]} for record in page.records]
        return page.image, records, page.style
    from tests.ocr.formpages import render_page

    page = render_page(seed, document_type=document_type, layout=layout, level=min(level, 3),
                       held_out=holdout)
    return page.image, [{"fields": r["fields"], "region": r["region"]} for r in page.records], page.style.font


# --------------------------------------------------------------------------- one page

def _field_dict(field) -> dict:
    return {"value": field.value, "raw": field.raw, "confidence": field.confidence,
            "needs_review": field.needs_review, "reasons": list(field.reasons)}


def _option_values(pairs) -> dict:
    """``["retry_denoised=false", "retry_doubtful_share=0.7"]`` as ReadingOptions keyword arguments."""
    import dataclasses

    from ocr.reading import ReadingOptions

    types = {field.name: field.type for field in dataclasses.fields(ReadingOptions)}
    values = {}
    for pair in pairs:
        name, _, text = pair.partition("=")
        if name not in types:
            raise SystemExit(f"unknown reading option {name!r}; known: {', '.join(types)}")
        kind = str(types[name])
        if text.strip().lower() == "none" and "None" in kind:
            values[name] = None
        elif "bool" in kind:
            values[name] = text.strip().lower() in ("1", "true", "yes", "on")
        elif "float" in kind:
            values[name] = float(text)
        elif "int" in kind:
            values[name] = int(text)
        else:
            values[name] = text or None
    return values


def _run_page(task: dict) -> dict:
    """Render one page and read it the product's way (:func:`ocr.reading.read_page`)."""
    from ocr.engine import process_engine
    from ocr.reading import ReadingOptions, read_page

    image, truth, style = _render(task["seed"], task["document_type"], task["layout"], task["level"],
                                  task["holdout"], task["source"])
    single = task["level"] != 4 and bool(task.get("no_spread_guess"))
    options = ReadingOptions(single_page=single, second_look=not task["no_reread"],
                             **_option_values(task.get("set", ())))
    engine = process_engine()
    started, cpu_started = time.perf_counter(), time.process_time()
    reading = read_page(image, engine, options=options)
    total_s, cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
    timings = dict(reading.timings_s)
    records = [{"fields": {key: _field_dict(f) for key, f in record.fields.items()},
                "region": list(record.region), "issues": [issue.code for issue in record.issues]}
               for record in reading.records]
    return {**task, "style": style, "truth": truth, "document_type_found": reading.document_type,
            "layout_found": reading.layout, "records": records, "total_s": total_s, "cpu_s": cpu_s,
            "ocr_s": timings.get("ocr", 0.0), "extract_s": timings.get("extract", 0.0),
            "second_look_s": timings.get("second_look", 0.0),
            "preprocess_s": timings.get("preprocess", 0.0), "page_issues": [i.code for i in reading.issues],
            "warnings": [w for report in reading.quality for w in (x.code for x in report.warnings)]}


# --------------------------------------------------------------------------- scoring

def _hard(reasons: list[str]) -> bool:
    from ocr.confidence import HARD_REASONS

    return any(reason in HARD_REASONS for reason in reasons)


def field_rows(results: list[dict]) -> list[dict]:
    """One row per true field: its level, key, truth, prediction, correctness and flag evidence."""
    from ocr.fieldkinds import equivalent

    rows = []
    for result in results:
        truths = result["truth"]
        found = result["records"]
        same_type = result["document_type_found"] == result["document_type"]
        matches = _match_records(truths, found) if same_type else {}
        for number, truth in enumerate(truths):
            predicted = found[matches[number]]["fields"] if number in matches else {}
            for key, true_value in truth["fields"].items():
                if key.startswith("_"):
                    continue
                field = predicted.get(key)
                value = field["value"] if field else None
                correct = value is not None and equivalent(value, true_value or "")
                flagged = field["needs_review"] if field else True
                rows.append({"seed": result["seed"], "level": result["level"], "type": result["document_type"],
                             "layout": result["layout"], "style": result["style"], "key": key,
                             "truth": true_value, "value": value, "raw": field["raw"] if field else None,
                             "correct": correct, "flagged": flagged,
                             "confidence": field["confidence"] if field else 0.0,
                             "hard": _hard(field["reasons"]) if field else True,
                             "reasons": field["reasons"] if field else ["record_missing"],
                             "printed": bool(true_value)})
    return rows


def _match_records(truths: list[dict], found: list[dict]) -> dict[int, int]:
    """Pair true and found records by the overlap of their regions (one to one)."""
    if len(truths) == 1 and len(found) == 1:
        return {0: 0}
    pairs = []
    for i, truth in enumerate(truths):
        for j, record in enumerate(found):
            a, b = truth.get("region"), record.get("region")
            if not a or not b:
                continue
            # Area overlap: the two pages of a spread hold records side by side.
            top, bottom = max(a[1], b[1]), min(a[1] + a[3], b[1] + b[3])
            left, right = max(a[0], b[0]), min(a[0] + a[2], b[0] + b[2])
            inter = max(0, bottom - top) * max(0, right - left)
            overlap = inter / max(1, min(a[2] * a[3], b[2] * b[3]))
            if overlap > 0.5:
                pairs.append((overlap, i, j))
    matches: dict[int, int] = {}
    for _, i, j in sorted(pairs, reverse=True):
        if i not in matches and j not in matches.values():
            matches[i] = j
    return matches


def _summary(rows: list[dict]) -> str:
    total = len(rows)
    if not total:
        return "no fields"
    correct = sum(row["correct"] for row in rows)
    silent = sum(1 for row in rows if not row["correct"] and not row["flagged"])
    flagged = sum(row["flagged"] for row in rows)
    return (f"fields {total:5d}  accuracy {100 * correct / total:6.2f}%  silent errors {100 * silent / total:5.2f}%"
            f"  review {100 * flagged / total:5.2f}%")


def _curve(rows: list[dict]) -> None:
    print("\nTrade-off over the confidence threshold (hard reasons always flag):")
    print("  threshold  review%  silent%  (accuracy of unflagged)")
    total = len(rows)
    for threshold in (0.0, 0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97):
        flagged = [row["hard"] or row["confidence"] < threshold for row in rows]
        review = sum(flagged)
        silent = sum(1 for row, flag in zip(rows, flagged, strict=True) if not flag and not row["correct"])
        kept = total - review
        print(f"  {threshold:9.2f}  {100 * review / total:7.2f}  {100 * silent / total:7.3f}"
              f"  ({100 * (kept - silent) / max(1, kept):6.2f}%)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=150)
    parser.add_argument("--levels", default="0,1,2,3,4",
                        help="corpus levels: 0 clean, 1 scan, 2 poor, 3 phone, 4 spread (registers only)")
    parser.add_argument("--types", default="birth,death,marriage")
    parser.add_argument("--register-share", type=float, default=0.3)
    parser.add_argument("--holdout", action="store_true", help="styles kept out of tuning")
    parser.add_argument("--seed", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-reread", action="store_true", help="no second look")
    parser.add_argument("--no-spread-guess", action="store_true",
                        help="tell the preprocessing which images are spreads (level 4) instead of guessing")
    parser.add_argument("--set", action="append", default=[], metavar="OPTION=VALUE",
                        help="a ReadingOptions field for this run, e.g. retry_denoised=false (repeatable)")
    parser.add_argument("--source", choices=("auto", "corpus", "render"), default="auto")
    parser.add_argument("--curve", action="store_true")
    parser.add_argument("--show-errors", type=int, default=0, metavar="N")
    parser.add_argument("--dump", type=Path, help="write every field row as JSON lines")
    parser.add_argument("--load", type=Path, help="score page results saved with --save instead of running")
    parser.add_argument("--save", type=Path, help="save the page results (JSON lines)")
    args = parser.parse_args(argv)

    source = args.source
    if source == "auto":
        source = "corpus" if _corpus_available() else "render"
    levels = [int(level) for level in args.levels.split(",")]
    types = args.types.split(",")
    tasks = []
    for number in range(args.pages):
        seed = args.seed + number
        layout = "register" if (number * 7919 % 100) / 100 < args.register_share else "certificate"
        level = levels[(number // len(types)) % len(levels)]
        if level == 4:
            layout = "register"  # a spread is two register pages
        tasks.append({"seed": seed, "document_type": types[number % len(types)], "layout": layout,
                      "level": level, "holdout": args.holdout, "source": source, "no_reread": args.no_reread,
                      "no_spread_guess": args.no_spread_guess, "set": list(args.set)})
    if args.load:
        results = [json.loads(line) for line in args.load.read_text(encoding="utf-8").splitlines()]
    else:
        started = time.perf_counter()
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            results = []
            for done, result in enumerate(pool.map(_run_page, tasks), 1):
                results.append(result)
                print(f"\r{done}/{len(tasks)} pages", end="", file=sys.stderr, flush=True)
        count = len(results)
        print(f"\nsource: {source}; {count} pages in {time.perf_counter() - started:.0f} s wall; per page "
              f"{sum(r.get('total_s', 0.0) for r in results) / count:.2f} s (preprocess "
              f"{sum(r.get('preprocess_s', 0.0) for r in results) / count:.2f}, OCR "
              f"{sum(r['ocr_s'] for r in results) / count:.2f}, extract "
              f"{sum(r['extract_s'] for r in results) / count:.2f} of which second look "
              f"{sum(r.get('second_look_s', 0.0) for r in results) / count:.2f}); CPU per page "
              f"{sum(r.get('cpu_s', 0.0) for r in results) / count:.2f} s")
    if args.save:
        args.save.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results), encoding="utf-8")

    pages_ok = sum(1 for r in results if r["document_type_found"] == r["document_type"])
    layout_ok = sum(1 for r in results if r["layout_found"] == r["layout"])
    count_ok = sum(1 for r in results if len(r["records"]) == len(r["truth"]))
    print(f"document type right on {pages_ok}/{len(results)} pages; layout {layout_ok}/{len(results)}; "
          f"record count {count_ok}/{len(results)}")
    rows = field_rows(results)
    print("\nall            " + _summary(rows))
    print("printed values " + _summary([row for row in rows if row["printed"]]))
    for level in levels:
        print(f"level {level}        " + _summary([row for row in rows if row["level"] == level]))
    for layout in ("certificate", "register"):
        print(f"{layout:14s} " + _summary([row for row in rows if row["layout"] == layout]))
    for kind in types:
        print(f"{kind:14s} " + _summary([row for row in rows if row["type"] == kind]))
    print("\nper level and record type (pages: type right / records counted right / all):")
    for level in levels:
        for layout in ("certificate", "register"):
            for kind in types:
                chosen = [row for row in rows if row["level"] == level and row["layout"] == layout
                          and row["type"] == kind]
                pages = [r for r in results if r["level"] == level and r["layout"] == layout
                         and r["document_type"] == kind]
                if not pages:
                    continue
                typed = sum(1 for r in pages if r["document_type_found"] == r["document_type"])
                counted = sum(1 for r in pages if len(r["records"]) == len(r["truth"]))
                print(f"  L{level} {layout:11s} {kind:8s} {typed:2d}/{counted:2d}/{len(pages):2d}  "
                      + _summary(chosen))
    print("\nper field:")
    by_key = defaultdict(list)
    for row in rows:
        by_key[(row["type"], row["key"])].append(row)
    for (kind, key), items in sorted(by_key.items()):
        print(f"  {kind:8s} {key:26s} " + _summary(items))
    if args.curve:
        _curve(rows)
    if args.show_errors:
        wrong = [row for row in rows if not row["correct"]]
        wrong.sort(key=lambda row: row["flagged"])
        print(f"\nwrong values ({len(wrong)}; unflagged first):")
        for row in wrong[:args.show_errors]:
            print(f"  seed {row['seed']} L{row['level']} {row['type']}/{row['layout']} {row['key']}: "
                  f"truth {row['truth']!r} got {row['value']!r} raw {row['raw']!r} "
                  f"conf {row['confidence']} {'FLAGGED' if row['flagged'] else 'SILENT'} {row['reasons']}")
    if args.dump:
        args.dump.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
