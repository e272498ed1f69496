"""``nichescout imports`` lists every import; ``nichescout forget`` undoes one (issue 14 part 2)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from nichescout.cli.imports_cmd import FORGOTTEN_COLUMNS
from nichescout.store.forget import IMPORT_COLUMNS

NICHESCOUT = [sys.executable, "-m", "nichescout"]


def run(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([*NICHESCOUT, *args], capture_output=True, text=True, timeout=300)
    if ok:
        assert result.returncode == 0, result.stderr
    return result


def test_imports_and_forget(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    edges = tmp_path / "edges.csv"
    edges.write_text("from,to,weight\n1,2,1\n2,3,2\n")
    other = tmp_path / "other.csv"
    other.write_text("from,to\na,b\n")
    for path in (edges, edges, other):
        run("ingest", "graph", str(path), "--db", db, "--quiet")
    listed = json.loads(run("imports", "--db", db, "--format", "json").stdout)
    assert list(listed[0]) == IMPORT_COLUMNS
    assert [(r["id"], r["kind"], r["platform"], r["rows_added"], r["shared"]) for r in listed] == [
        (1, "graph", "graph:edges", 5, 0),
        (2, "graph", "graph:edges", 0, 5),
        (3, "graph", "graph:other", 3, 0),
    ]
    assert listed[0]["source"] == str(edges)
    assert listed[0]["when"][:2] == "20"
    csv_head = run("imports", "--db", db, "--format", "csv").stdout.splitlines()[0]
    assert csv_head == ",".join(IMPORT_COLUMNS)

    # the first import's rows stay: the re-import brought them too
    done = run("forget", "1", "--db", db, "--format", "json")
    assert json.loads(done.stdout) == [
        dict(
            zip(
                FORGOTTEN_COLUMNS,
                [1, "graph", str(edges), "graph:edges", 0, 0, 0, 5, 0],
                strict=True,
            )
        )
    ]
    assert "kept 5 that other imports also brought" in done.stderr
    listed = json.loads(run("imports", "--db", db, "--format", "json").stdout)
    assert [(r["id"], r["rows_added"]) for r in listed] == [(2, 5), (3, 3)]

    gone = json.loads(run("forget", "--platform", "graph:edges", "--db", db, "-f", "json").stdout)
    assert gone[0]["platform"] == "graph:edges" and gone[0]["members"] == 3
    table = run("imports", "--db", db).stdout
    assert "graph:other" in table and "graph:edges" not in table


def test_forget_errors_are_one_sentence(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    edges = tmp_path / "edges.csv"
    edges.write_text("from,to\n1,2\n")
    run("ingest", "graph", str(edges), "--db", str(db), "--quiet")
    cases = [
        (["forget", "--db", str(db)], "Name what to forget"),
        (["forget", "1", "--platform", "graph:edges", "--db", str(db)], "not both"),
        (["forget", "9", "--db", str(db)], "No import 9 in the store; its imports are 1"),
        (["forget", "--platform", "graph:edge", "--db", str(db)], "No platform 'graph:edge'"),
        (["forget", "1", "--db", str(tmp_path / "missing.duckdb")], "No store at"),
        (["imports", "--db", str(tmp_path / "missing.duckdb")], "No store at"),
    ]
    for args, says in cases:
        result = run(*args, ok=False)
        assert result.returncode == 1, (args, result.stderr)
        assert says in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert not (tmp_path / "missing.duckdb").exists()


def test_forget_dry_run_says_what_would_go_and_changes_nothing(tmp_path: Path) -> None:
    from nichescout.store import Store

    db = str(tmp_path / "s.duckdb")
    edges = tmp_path / "edges.csv"
    edges.write_text("from,to\n1,2\n2,3\n3,1\n")
    run("ingest", "graph", str(edges), "--db", db, "--quiet")

    def counts() -> list[int]:
        with Store(db, read_only=True) as store:
            return [
                store.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                for t in ("members", "interactions", "imports", "import_shares")
            ]

    before = counts()
    said = {}
    for args in (["1"], ["--platform", "graph:edges"]):
        dry = run("forget", *args, "--db", db, "--dry-run", "-f", "json")
        assert "Would forget" in dry.stderr and "would remove 6 rows" in dry.stderr
        assert counts() == before
        said[args[0]] = json.loads(dry.stdout)
        assert said[args[0]][0]["members"] == 3
    real = run("forget", "1", "--db", db, "-f", "json")
    assert json.loads(real.stdout) == said["1"]  # the same rows, now gone
    assert counts()[:2] == [0, 0]
