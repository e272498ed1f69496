"""Scale benchmark: ingest + rank a synthetic community end to end (run on demand).

    python bench/bench_rank.py --members 1000000 --interactions 20000000

Each stage runs in a fresh child process so its peak memory (max RSS) is its own. The
figures are printed as a markdown table and, with --write, added to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent

STAGES = {
    "generate": "from synthetic import write_community; "
    "write_community(Path(sys.argv[1]), int(sys.argv[3]), int(sys.argv[4]))",
    "ingest": "from nichescout.store import Store; from nichescout.ingest import ingest; "
    "s = Store(sys.argv[2]); r = ingest(s, 'canonical', sys.argv[1]); print(r.added, file=sys.stderr)",
    "rank --no-fit": "from nichescout.store import Store; from nichescout.scores import CommunityScorer; "
    "s = Store(sys.argv[2], read_only=True); sc = CommunityScorer(calibrate=False).fit(s); "
    "print(sc.scores_.head(3)[['member_id','score']], file=sys.stderr)",
    "rank": "from nichescout.store import Store; from nichescout.scores import CommunityScorer; "
    "s = Store(sys.argv[2], read_only=True); sc = CommunityScorer().fit(s); "
    "print(sc.scores_.head(3)[['member_id','score']], file=sys.stderr); "
    "print(sc.fits_[sc.provenance_['platforms'][0]].summary(), file=sys.stderr)",
}


def run_stage(stage: str, args: list[str]) -> dict[str, float]:
    code = (
        f"import sys; from pathlib import Path; sys.path.insert(0, {str(HERE)!r}); {STAGES[stage]}"
    )
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args])
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"stage {stage} failed with exit status {child.returncode}")
    return {"seconds": seconds, "peak_gb": usage.ru_maxrss / 1024 / 1024}


def machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.machine()}, {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--interactions", type=int, default=20_000_000)
    parser.add_argument("--write", action="store_true", help="append results to docs/benchmarks.md")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data, db = Path(tmp) / "data", Path(tmp) / "bench.duckdb"
        args = [str(data), str(db), str(options.members), str(options.interactions)]
        results = {}
        for stage in STAGES:
            results[stage] = run_stage(stage, args)
            print(stage, json.dumps(results[stage]), file=sys.stderr)
    total = results["ingest"]["seconds"] + results["rank"]["seconds"]
    peak = max(results["ingest"]["peak_gb"], results["rank"]["peak_gb"])
    lines = [
        f"### Ingest + rank, {options.members:,} members / {options.interactions:,} interactions",
        "",
        f"{datetime.now(UTC):%Y-%m-%d}, {machine()}; "
        f"`python bench/bench_rank.py --members {options.members} --interactions {options.interactions}`",
        "",
        "| stage | seconds | peak RSS (GB) |",
        "|---|---:|---:|",
        *(f"| {k} | {v['seconds']:.1f} | {v['peak_gb']:.2f} |" for k, v in results.items()),
        f"| **ingest + rank** | **{total:.1f}** | **{peak:.2f}** |",
        "",
        "Fitting (issue 10) adds "
        f"{results['rank']['seconds'] - results['rank --no-fit']['seconds']:.1f} s to the "
        f"unfitted rank's {results['rank --no-fit']['seconds']:.1f} s "
        f"({results['rank']['seconds'] / results['rank --no-fit']['seconds']:.2f}×), same run.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if options.write:
        out = HERE.parent / "docs" / "benchmarks-rank.md"
        out.write_text(text + "\n")


if __name__ == "__main__":
    main()
