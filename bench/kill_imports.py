"""``kill -9`` during imports: the store must open, hold exactly the before or the after
state, and take the next import.

For each importer kind a large real input is prepared (the full shared export, or repeated
real data; the canonical importer gets seeded synthetic Parquet, bench/synthetic.py). A
base store holding the bundled conlang-meta sample is copied for every trial, then
``nichescout ingest KIND PATH --db COPY`` runs as a child process and gets SIGKILL after a
random delay drawn uniformly between the CLI's start-up (the time ``nichescout status`` takes
on the same store) and the time an uninterrupted import takes. Then:

1. the store opens (``Store(path)``, which also runs migrations);
2. its digest equals the base's (nothing of the killed import is left) or the digest of an
   uninterrupted import (it had committed before the kill) — "neither" is a failure;
3. the same import runs again and succeeds, and the canonical tables are then exactly the
   complete ones (``imports`` gains the re-import's own row).

The digest covers every table of the store (the canonical ones, ``imports`` and the
bookkeeping of later migrations), less ``imported_at`` (a clock reading). Results
go to bench/out/kill-<kinds>.json and a Markdown table; the write-up is docs/reliability.md.

Usage::

    python bench/kill_imports.py                       # every kind, 20 kills each
    python bench/kill_imports.py --kinds reddit --trials 5
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
OUT_DIR = ROOT / "bench" / "out"
NICHESCOUT = [sys.executable, "-m", "nichescout"]
CANONICAL = ("members", "content", "interactions")
KINDS = ("stackexchange", "slack", "graph", "canonical", "discourse", "reddit", "discord", "github")


def _copy_tree(src: Path, dest: Path, times: int = 1) -> None:
    """``src`` copied ``times`` times under ``dest`` (copy k in ``dest/k``, or ``dest``)."""
    for k in range(times):
        shutil.copytree(src, dest / f"copy{k}" if times > 1 else dest)


def make_input(kind: str, work: Path) -> Path:
    """A large input for ``kind`` under ``work``: real data, repeated where it is small."""
    if kind == "stackexchange":
        return DATA / "stackexchange" / "quantumcomputing"
    if kind == "slack":  # users.json, channels.json and the 20 largest channel folders
        src = DATA / "slack" / "10academy" / "anonymized"
        folder = work / "10academy"
        folder.mkdir()
        for name in ("users.json", "channels.json"):
            shutil.copy(src / name, folder / name)
        channels = sorted(
            (p for p in src.iterdir() if p.is_dir()),
            key=lambda p: -sum(f.stat().st_size for f in p.iterdir()),
        )
        for channel in channels[:20]:
            shutil.copytree(channel, folder / channel.name)
        return folder
    if kind == "graph":
        return DATA / "twitter-higgs" / "higgs-mention_network.edgelist.gz"
    if kind == "canonical":
        sys.path.insert(0, str(ROOT / "bench"))
        from synthetic import write_community

        write_community(work / "canonical", members=50_000, interactions=1_000_000)
        return work / "canonical"
    if kind == "discourse":
        return DATA / "discourse" / "delving-bitcoin"
    if kind == "reddit":
        return DATA / "reddit" / "ethereum"
    if kind == "discord":
        return DATA / "discord" / "meshcore"
    if kind == "github":
        return DATA / "github" / "secp256k1"
    raise ValueError(kind)


def digest(db: Path) -> str:
    """Every table's contents, less import clocks: the canonical tables first, then the
    rest (imports and the bookkeeping of later migrations)."""
    from nichescout.store import Store

    with Store(db) as store:
        names = [
            r[0]
            for r in store.con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1"
            ).fetchall()
        ]
        ordered = [*CANONICAL, *(n for n in names if n not in CANONICAL)]
        parts = []
        for table in ordered:
            columns = [
                r[0]
                for r in store.con.execute(
                    "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                    "AND column_name <> 'imported_at' ORDER BY column_index",
                    [table],
                ).fetchall()
            ]
            select = ", ".join(f'"{c}"' for c in columns)
            rows = store.con.execute(f"SELECT {select} FROM {table} ORDER BY ALL").fetchall()
            parts.append(hashlib.sha256(repr(rows).encode()).hexdigest())
    return ":".join(parts)


def _rows(digest: str) -> str:
    """The members, content and interactions part of a digest."""
    return ":".join(digest.split(":")[: len(CANONICAL)])


def ingest_cmd(kind: str, path: Path, db: Path) -> list[str]:
    return [*NICHESCOUT, "ingest", kind, str(path), "--db", str(db), "--quiet"]


def run_kind(kind: str, trials: int, work: Path, rng: random.Random) -> dict[str, Any]:
    from nichescout.data import sample_path
    from nichescout.ingest import ingest
    from nichescout.store import Store

    source = make_input(kind, work)
    base = work / "base.duckdb"
    with Store(base) as store:
        ingest(store, "stackexchange", sample_path())
    before = digest(base)
    full = work / "full.duckdb"
    shutil.copy(base, full)
    started = time.perf_counter()
    subprocess.run(ingest_cmd(kind, source, full), check=True, capture_output=True)
    seconds = time.perf_counter() - started
    complete = digest(full)
    # the kill falls between the CLI having started (a status on the same store takes about
    # as long as the import takes to open it) and the end of an uninterrupted import
    started = time.perf_counter()
    subprocess.run([*NICHESCOUT, "status", "--db", str(base)], check=True, capture_output=True)
    startup = min(time.perf_counter() - started, seconds * 0.5)
    trials_out = []
    for trial in range(trials):
        db = work / f"trial{trial}.duckdb"
        shutil.copy(base, db)
        delay = rng.uniform(startup, seconds)
        child = subprocess.Popen(
            ingest_cmd(kind, source, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(delay)
        killed = child.poll() is None
        if killed:
            child.send_signal(signal.SIGKILL)
        child.wait()
        wal = Path(f"{db}.wal")
        record: dict[str, Any] = {
            "trial": trial,
            "kill_at_s": round(delay, 2),
            "killed": killed,
            "wal_left": wal.exists() and wal.stat().st_size > 0,
        }
        try:
            after = digest(db)
            record["opens"] = True
            record["state"] = (
                "before" if after == before else "complete" if after == complete else "NEITHER"
            )
        except Exception as err:  # noqa: BLE001 - a store that does not open is the finding
            record["opens"] = False
            record["state"] = f"does not open: {type(err).__name__}: {str(err)[:200]}"
        again = subprocess.run(ingest_cmd(kind, source, db), capture_output=True, text=True)
        record["next_import_ok"] = again.returncode == 0
        # a re-import adds its own row to imports (added 0): compare the canonical tables
        record["then_complete"] = again.returncode == 0 and _rows(digest(db)) == _rows(complete)
        if again.returncode != 0:
            record["next_import_error"] = again.stderr.strip()[-300:]
        trials_out.append(record)
        db.unlink()
        wal.unlink(missing_ok=True)
        print(f"{kind} #{trial}: {record}", flush=True)
    label = (
        str(source.relative_to(DATA))
        if source.is_relative_to(DATA)
        else "slack/10academy, 20 largest channels"
        if kind == "slack"
        else "synthetic Parquet, 1M interactions"
    )
    return {
        "input": label,
        "import_s": round(seconds, 1),
        "startup_s": round(startup, 1),
        "trials": trials_out,
    }


def _table(results: dict[str, Any]) -> str:
    rows = [
        "| importer | input | kill window (s) | kills | killed mid-run | opens | before | complete "
        "| neither | next import ok |",
        "|" + "---|" * 10,
    ]
    for kind, r in results.items():
        t = r["trials"]
        states = Counter(x["state"] for x in t)
        rows.append(
            f"| {kind} | {r['input']} | {r['startup_s']}–{r['import_s']} | {len(t)} | "
            f"{sum(x['killed'] for x in t)} | {sum(x['opens'] for x in t)} | "
            f"{states['before']} | {states['complete']} | "
            f"{len(t) - states['before'] - states['complete']} | "
            f"{sum(x['next_import_ok'] and x['then_complete'] for x in t)} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    results = {}
    for kind in args.kinds.split(","):
        with tempfile.TemporaryDirectory(prefix=f"kill-{kind}-") as tmp:
            results[kind] = run_kind(kind, args.trials, Path(tmp), rng)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    name = args.kinds.replace(",", "-") if "," not in args.kinds else "all"
    out = OUT_DIR / f"kill-{name}.json"
    out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(_table(results))
    print(f"details in {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
