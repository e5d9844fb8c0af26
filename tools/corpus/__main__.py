"""Command line: ``python -m tools.corpus --out DIR --count N --seed S [...]``.

    --types birth,death,marriage    --layouts certificate,register
    --levels clean,scan,poor,phone,spread    --holdout    --format jpg|png
    --samples    write the app's fixed demo set (resources/samples by default) instead
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tools.corpus.generate import DOCUMENT_TYPES, LAYOUTS, LEVELS, generate_corpus


def _list(text: str, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    values = tuple(value.strip() for value in text.split(",") if value.strip())
    unknown = [value for value in values if value not in allowed]
    if unknown or not values:
        raise argparse.ArgumentTypeError(f"unknown {what}: {', '.join(unknown) or '(none)'}; "
                                         f"one of {', '.join(allowed)}")
    return values


def main(argv: list[str] | None = None) -> int:
    """Generate pages and their ground truth; print what was written and how fast."""
    parser = argparse.ArgumentParser(prog="python -m tools.corpus",
                                     description="Generate synthetic Vietnamese civil-status pages with ground truth.")
    parser.add_argument("--out", type=Path, help="output folder")
    parser.add_argument("--count", type=int, default=10, help="number of images (default 10)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--types", type=lambda t: _list(t, DOCUMENT_TYPES, "type"), default=DOCUMENT_TYPES)
    parser.add_argument("--layouts", type=lambda t: _list(t, LAYOUTS, "layout"), default=LAYOUTS)
    parser.add_argument("--levels", type=lambda t: _list(t, LEVELS, "level"), default=LEVELS)
    parser.add_argument("--holdout", action="store_true", help="only fonts and layouts kept out of the normal set")
    parser.add_argument("--format", dest="image_format", choices=("jpg", "png"), default="jpg")
    parser.add_argument("--samples", action="store_true", help="write the app's demo sample set instead")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.samples:
        from tools.corpus.samples import write_samples

        paths = write_samples(args.out or Path(__file__).resolve().parents[2] / "resources" / "samples")
    else:
        if args.out is None:
            parser.error("--out is required")
        if args.count < 1:
            parser.error("--count must be at least 1")
        try:
            paths = generate_corpus(args.out, args.count, args.seed, types=args.types, layouts=args.layouts,
                                    levels=args.levels, holdout=args.holdout, image_format=args.image_format)
        except ValueError as exc:
            parser.error(str(exc))
    elapsed = time.perf_counter() - started
    print(f"{len(paths)} images in {paths[0].parent if paths else args.out} "
          f"({elapsed:.1f} s, {elapsed / max(1, len(paths)):.2f} s per image)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
