"""``python -m benchmarks [--scale N] [--only NAME]``."""

from __future__ import annotations

import argparse
import importlib
import sys

BENCHMARKS = [
    "bench_unlock",
    "bench_search",
    "bench_slot_finder",
    "bench_diary",
    "bench_stats_report",
    "bench_integrity",
]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--scale", type=int, default=100_000, help="number of clients")
    parser.add_argument("--only", help="run only the benchmark module with this name")
    args = parser.parse_args()
    for name in BENCHMARKS:
        if args.only and args.only not in name:
            continue
        module = importlib.import_module(f"benchmarks.{name}")
        for result in module.run(args.scale):
            print(result.line(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
