"""Benchmark of ingest: canonical Parquet / CSV / JSON Lines, and the real-export importers.

Generates seeded canonical files (``--rows`` interactions among ``--members`` members, actors
and targets heavy-tailed), then imports them into a fresh file-backed store, each run in its
own child process so that its peak resident memory is its own (``os.wait4`` rusage
``ru_maxrss``). Each import is timed end to end — reading, checks, de-duplication, member
resolution, the write and the commit — and again as a re-import of the same files, which
must add nothing. For comparison it times DuckDB alone copying the same Parquet file into a
table of a fresh database file, and the Stack Exchange and Slack importers on the real
exports in ../shared/data (skipped when the module or the data is missing). Results are
printed as a Markdown table and written to ``bench/out/ingest-<rows>.json``; the write-up is
docs/benchmarks-ingest.md.

Usage::

    python bench/bench_ingest.py                       # 20M interactions, 1M members
    python bench/bench_ingest.py --rows 2000000        # 2M
    python bench/bench_ingest.py --rows 200000 --formats parquet,csv,jsonl --no-real
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from importlib.util import find_spec
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "bench" / "out"
DATA = ROOT.parent / "shared" / "data"
SE_SITE = DATA / "stackexchange" / "quantumcomputing"
SLACK = DATA / "slack" / "10academy" / "anonymized"
KINDS = ("reply", "reaction", "mention", "follow", "share")


# ---------------------------------------------------------------- the data


def generate(folder: Path, rows: int, members: int, formats: list[str], seed: float) -> None:
    """Write members and interactions in every format of ``formats`` under ``folder/<fmt>``.

    Member ids are ``m<k>``; an interaction's actor is member ``⌊M·u³⌋`` and its target
    ``⌊M·u²⌋`` for uniform ``u`` (a few members act and are acted on a lot: the top 1 % of
    members make 22 % of the events), its kind one of five, its time uniform over 2024, its
    interaction_id ``e<i>``; every interaction is distinct.
    """
    import duckdb

    con = duckdb.connect()
    con.execute(f"SELECT setseed({seed})")
    con.execute(
        f"""CREATE TABLE members AS
            SELECT 'bench' AS platform, 'm' || i AS member_id, 'user' || i AS handle,
                   CAST(floor(pow(random(), 4) * 100000) AS BIGINT) AS followers
            FROM range({members}) t(i)"""
    )
    kinds = ", ".join(f"'{k}'" for k in KINDS)
    interactions = f"""
        SELECT 'bench' AS platform, 'e' || i AS interaction_id,
               'm' || CAST(floor(pow(random(), 3) * {members}) AS BIGINT) AS actor_id,
               ([{kinds}])[1 + CAST(floor(random() * {len(KINDS)}) AS INTEGER)] AS kind,
               'm' || CAST(floor(pow(random(), 2) * {members}) AS BIGINT) AS target_id,
               TIMESTAMP '2024-01-01' + to_microseconds(CAST(random() * 31.6e12 AS BIGINT))
                   AS created_at,
               CAST(1.0 AS DOUBLE) AS value
        FROM range({rows}) t(i)"""
    source = folder / "parquet"
    source.mkdir(parents=True, exist_ok=True)
    con.execute(f"COPY members TO '{source / 'members.parquet'}' (FORMAT parquet)")
    con.execute(f"COPY ({interactions}) TO '{source / 'interactions.parquet'}' (FORMAT parquet)")
    options = {"csv": "(FORMAT csv, HEADER)", "jsonl": "(FORMAT json)"}
    for fmt in formats:  # the same rows in every format
        if fmt == "parquet":
            continue
        out = folder / fmt
        out.mkdir(parents=True, exist_ok=True)
        for table in ("members", "interactions"):
            con.execute(
                f"COPY (FROM read_parquet('{source / (table + '.parquet')}')) "
                f"TO '{out / (table + '.' + fmt)}' {options[fmt]}"
            )
    if "parquet" not in formats:
        shutil.rmtree(source)


def folder_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# ---------------------------------------------------------------- children


def child(task: str, args: dict[str, Any]) -> dict[str, Any]:
    """Run one measured task in this (child) process; return what it measured."""
    if task == "generate":
        start = time.perf_counter()
        generate(Path(args["folder"]), args["rows"], args["members"], args["formats"], 0.42)
        return {"seconds": time.perf_counter() - start}
    if task == "duckdb_scan":  # DuckDB alone: read every column of the Parquet file
        import duckdb

        start = time.perf_counter()
        duckdb.sql(
            "SELECT count(*), max(platform), max(interaction_id), max(actor_id), max(kind), "
            f"max(target_id), max(created_at), sum(value) FROM read_parquet('{args['path']}')"
        ).fetchall()
        return {"seconds": time.perf_counter() - start}
    if task == "duckdb":  # DuckDB alone: Parquet → a table of a fresh database file
        import duckdb

        con = duckdb.connect(args["db"])
        if args.get("memory_limit"):
            con.execute(f"SET memory_limit = '{args['memory_limit']}'")
        start = time.perf_counter()
        con.execute(f"CREATE TABLE copy AS SELECT * FROM read_parquet('{args['path']}')")
        con.close()
        return {"seconds": time.perf_counter() - start}
    from nichescout.ingest import ingest
    from nichescout.store import Store

    store = Store(args["db"])
    if args.get("memory_limit"):
        store.con.execute(f"SET memory_limit = '{args['memory_limit']}'")
    start, cpu = time.perf_counter(), time.process_time()
    report = ingest(store, args["format"], args["path"])
    store.close()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "added": report.added,
        "already_present": report.already_present,
        "skipped": report.skipped,
    }


def run_child(task: str, **args: Any) -> dict[str, Any]:
    """Run ``task`` in a fresh Python process; it reports its own peak RSS (MiB)."""
    cmd = [sys.executable, __file__, "--child", task, json.dumps(args)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{task} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["peak_rss_mib"] = result.pop("_maxrss_kib") / 1024
    return result


# ---------------------------------------------------------------- the benchmark


def measure(
    rows: int,
    members: int,
    formats: list[str],
    real: bool,
    work: Path,
    memory_limit: str | None = None,
) -> dict[str, Any]:
    # Everything heavy runs in children and the parent stays small: Linux carries a
    # process's peak RSS over fork and exec, so a big parent would inflate every child's.
    made = run_child(
        "generate", folder=str(work / "data"), rows=rows, members=members, formats=formats
    )
    print(f"generated {rows:,} interactions in {made['seconds']:.1f} s", file=sys.stderr)
    results: dict[str, Any] = {}
    for fmt in formats:
        data = work / "data" / fmt
        db = work / f"{fmt}.duckdb"
        first = run_child(
            "import", format="canonical", path=str(data), db=str(db), memory_limit=memory_limit
        )
        again = run_child(
            "import", format="canonical", path=str(data), db=str(db), memory_limit=memory_limit
        )
        results[fmt] = {
            "input_mib": folder_bytes(data) / 2**20,
            "db_mib": db.stat().st_size / 2**20,
            "import": first,
            "reimport": again,
        }
        db.unlink()
        print(
            f"{fmt}: {first['seconds']:.1f} s, re-import {again['seconds']:.1f} s", file=sys.stderr
        )
    if "parquet" in formats:
        results["duckdb_scan"] = run_child(
            "duckdb_scan", path=str(work / "data" / "parquet" / "interactions.parquet")
        )
        db = work / "plain.duckdb"
        results["duckdb_alone"] = run_child(
            "duckdb",
            path=str(work / "data" / "parquet" / "interactions.parquet"),
            db=str(db),
            memory_limit=memory_limit,
        )
        db.unlink()
    if real:
        for name, module, path in (
            ("stackexchange", "nichescout.ingest.stackexchange", SE_SITE),
            ("slack", "nichescout.ingest.slack", SLACK),
        ):
            if find_spec(module) is None or not path.exists():
                results[name] = {"skipped": f"{module} or {path} missing"}
                continue
            db = work / f"{name}.duckdb"
            runs = [run_child("import", format=name, path=str(path), db=str(db))]
            runs.append(run_child("import", format=name, path=str(path), db=str(db)))
            db.unlink()
            results[name] = {
                "input_mib": folder_bytes(path) / 2**20,
                "import": runs[0],
                "reimport": runs[1],
            }
    return results


def table(rows: int, results: dict[str, Any]) -> str:
    lines = [
        "| input | input MiB | import s | CPU s | events/s | MiB/s | peak RSS MiB "
        "| re-import s | re-import peak RSS MiB | added |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        alone = {
            "duckdb_scan": "DuckDB alone: read every column of the Parquet file",
            "duckdb_alone": "DuckDB alone: Parquet → a table of a new file (interactions only)",
        }
        if name in alone:
            lines.append(
                f"| {alone[name]} | | {r['seconds']:.2f} | | {rows / r['seconds'] / 1e6:.2f} M "
                f"| | {r['peak_rss_mib']:.0f} | | | |"
            )
            continue
        if "skipped" in r:
            lines.append(f"| {name} | skipped: {r['skipped']} | | | | | | | | |")
            continue
        first, again = r["import"], r["reimport"]
        events = first["added"]["interactions"] + first["added"]["content"]
        label = f"canonical {name}" if name in ("parquet", "csv", "jsonl") else name
        lines.append(
            f"| {label} | {r['input_mib']:.0f} | {first['seconds']:.2f} | "
            f"{first['cpu_seconds']:.1f} | "
            f"{events / first['seconds'] / 1e6:.2f} M | {r['input_mib'] / first['seconds']:.1f} "
            f"| {first['peak_rss_mib']:.0f} | {again['seconds']:.2f} | "
            f"{again['peak_rss_mib']:.0f} | {first['added']} |"
        )
        assert sum(again["added"].values()) == 0, f"re-import of {name} added rows"
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000_000, help="interactions")
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument(
        "--formats", default="parquet,csv", help="comma-separated: parquet, csv, jsonl"
    )
    parser.add_argument(
        "--no-real", action="store_true", help="skip the Stack Exchange and Slack importers"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="where to write the data and stores (default: a temp dir)",
    )
    parser.add_argument(
        "--memory-limit",
        default=None,
        help="DuckDB memory_limit for the imports (e.g. 1GB); default: DuckDB's own (80%% of RAM)",
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = child(args.child[0], json.loads(args.child[1]))
        result["_maxrss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps(result))
        return
    load_before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="nichescout-bench-", dir=args.workdir))
    try:
        results = measure(
            args.rows,
            args.members,
            args.formats.split(","),
            not args.no_real,
            work,
            args.memory_limit,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    from importlib.metadata import version

    meta = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB",
        "python": platform.python_version(),
        "duckdb": version("duckdb"),
        "parent_peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "load_average_before_after": [load_before, os.getloadavg()],
        "rows": args.rows,
        "members": args.members,
        "memory_limit": args.memory_limit,
    }
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    suffix = f"-{args.memory_limit}" if args.memory_limit else ""
    out = OUT_DIR / f"ingest-{args.rows}{suffix}.json"
    out.write_text(json.dumps({"meta": meta, "results": results}, indent=2, default=str))
    print(json.dumps(meta))
    print(table(args.rows, results))
    print(f"(written to {out})", file=sys.stderr)


if __name__ == "__main__":
    main()
