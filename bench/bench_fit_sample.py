"""Fitted against unfitted rank of the bundled sample, alternated in one process (run on demand).

    python bench/bench_fit_sample.py [--runs 7]

Imports the bundled conlang-meta sample into memory, warms up, then alternates
``CommunityScorer(calibrate=False).fit`` and ``CommunityScorer().fit`` and prints the medians
and their ratio (issue 10: fitting must not make the sample pay; docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import statistics
import time
from importlib.resources import files

import nichescout.data
from nichescout.ingest import ingest
from nichescout.scores import CommunityScorer
from nichescout.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    store = Store(":memory:")
    ingest(store, "stackexchange", str(files(nichescout.data) / "conlang-meta"))
    for _ in range(2):  # warm-up: imports, DuckDB's caches
        CommunityScorer().fit(store)
        CommunityScorer(calibrate=False).fit(store)
    fitted, unfitted = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        CommunityScorer(calibrate=False).fit(store)
        unfitted.append(time.perf_counter() - start)
        start = time.perf_counter()
        CommunityScorer().fit(store)
        fitted.append(time.perf_counter() - start)
    a, b = statistics.median(unfitted), statistics.median(fitted)
    print(f"unfitted median {a:.3f} s, fitted median {b:.3f} s, ratio {b / a:.2f}")


if __name__ == "__main__":
    main()
