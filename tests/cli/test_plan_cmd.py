"""``nichescout plan seeds``: the contract's options and columns, one-line errors, fast start."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

NICHESCOUT = [sys.executable, "-m", "nichescout"]
#: an 'n m' header, then u v p: a chain 1 → 2 → 3 → 4 plus 1 → 5; node 6 only receives
EDGES = "6 5\n1 2 0.5\n2 3 0.5\n3 4 0.5\n1 5 0.9\n5 6 0.3\n"
CONTRACT = ["--k", "2", "--model", "ic", "--probability", "weight", "--epsilon", "0.3"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NICHESCOUT, *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("plan")
    (folder / "im.txt").write_text(EDGES)
    (folder / "counts.txt").write_text("1 2 3\n2 3 1\n")
    path = folder / "plan.duckdb"
    for name in ("im", "counts"):
        done = run("ingest", "graph", str(folder / f"{name}.txt"), "--db", str(path),
                   "--columns", "source,target,weight", "--quiet")  # fmt: skip
        assert done.returncode == 0, done.stderr
    return path


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_seeds_print_the_contract_columns_with_provenance(db: Path, fmt: str) -> None:
    done = run("plan", "seeds", "--db", str(db), "--platform", "graph:im", *CONTRACT,
               "--random-state", "7", "--format", fmt)  # fmt: skip
    assert done.returncode == 0, done.stderr
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(done.stdout)))
    else:
        rows = json.loads(done.stdout)
    assert [str(r["rank"]) for r in rows] == ["1", "2"]
    assert rows[0]["member_id"] == "1"  # the source's own node id: node 1 reaches the most
    assert float(rows[0]["marginal_spread"]) > float(rows[1]["marginal_spread"]) > 0
    assert {r["method"] for r in rows} == {"IMM"} and {str(r["random_state"]) for r in rows} == {
        "7"
    }
    assert {"model", "probability", "epsilon", "ell", "version"} <= set(rows[0])
    again = run("plan", "seeds", "--db", str(db), "--platform", "graph:im", *CONTRACT,
                "--random-state", "7", "--format", fmt)  # fmt: skip
    assert again.stdout == done.stdout


def test_table_names_the_random_state_it_drew(db: Path) -> None:
    done = run("plan", "seeds", "--db", str(db), "--platform", "graph:im", "--k", "1",
               "--model", "lt", "--probability", "wc")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "member_id" in done.stdout and "IMM (lt, probability wc" in done.stdout
    assert "random_state" in done.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--platform", "graph:im", "--k", "7"], "more than the graph's 6 members"),
        (["--platform", "graph:counts", "--probability", "weight"], "outside [0, 1]"),
        (["--platform", "graph:im", "--probability", "const:1.5"], "const:P with P in [0, 1]"),
        (["--platform", "graph:nope"], "No platform 'graph:nope'"),
        (["--platform", "graph:im", "--model", "sir"], "--model must be ic or lt"),
        (["--platform", "graph:im", "--epsilon", "0"], "--epsilon must lie strictly"),
        (["--platform", "graph:im", "--k", "0"], "--k must be 1 or more"),
    ],
)
def test_infeasible_input_is_one_line(db: Path, args: list[str], says: str) -> None:
    done = run("plan", "seeds", "--db", str(db), *args)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error"), done.stderr
    assert says in " ".join(done.stderr.split())


def test_plan_command_loads_no_heavy_library() -> None:
    """The plan CLI module and its help start without pandas, NumPy, SciPy or Numba."""
    code = """
import json, sys
from nichescout.cli import app
import nichescout.cli.plan_cmd
try:
    app(["plan", "seeds", "--help"])
except SystemExit:
    pass
print(json.dumps(sorted(m for m in ("pandas", "numpy", "scipy", "numba", "pyarrow") if m in sys.modules)))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Example: nichescout plan seeds" in done.stdout
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
