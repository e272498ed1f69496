"""``nichescout plan seeds --budget`` and ``--probability learned``: columns, provenance and
one-line errors (the contract's options of test_plan_cmd.py stay as they are)."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

NICHESCOUT = [sys.executable, "-m", "nichescout"]
#: a chain 1 → 2 → 3 → 4 plus 1 → 5 → 6 (as in test_plan_cmd.py)
EDGES = "6 5\n1 2 0.5\n2 3 0.5\n3 4 0.5\n1 5 0.9\n5 6 0.3\n"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NICHESCOUT, *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("budget")
    (folder / "im.txt").write_text(EDGES)
    (folder / "costs.csv").write_text("member_id,cost\n1,10\n2,1\n3,1\n4,1\n5,2\n6,1\n")
    (folder / "partial.csv").write_text("member_id,cost\n1,10\n2,1\n")
    (folder / "negative.csv").write_text("member_id,cost\n1,10\n2,-1\n")
    # userA userB time RT|MT|RE (Twitter Higgs activity): 2 and 3 retweet 1, 4 replies to 2
    (folder / "rt.txt").write_text("2 1 1341100000 RT\n3 1 1341100001 RT\n4 2 1341100002 RE\n")
    done = run("ingest", "graph", str(folder / "im.txt"), "--db", str(folder / "plan.duckdb"),
               "--columns", "source,target,weight", "--quiet")  # fmt: skip
    assert done.returncode == 0, done.stderr
    done = run("ingest", "graph", str(folder / "rt.txt"), "--db", str(folder / "plan.duckdb"),
               "--quiet")  # fmt: skip
    assert done.returncode == 0, done.stderr
    return folder


def test_budget_plan_spends_at_most_the_budget(folder: Path) -> None:
    done = run("plan", "seeds", "--db", str(folder / "plan.duckdb"), "--platform", "graph:im",
               "--budget", "3", "--costs", str(folder / "costs.csv"), "--probability", "weight",
               "--epsilon", "0.3", "--random-state", "1", "-f", "csv")  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows and float(rows[-1]["spent"]) <= 3
    assert {"rank", "member_id", "marginal_spread", "cost", "budget", "costs", "selection"} <= set(
        rows[0]
    )
    assert rows[0]["member_id"] != "1"  # node 1 reaches most but costs 10
    assert {r["method"] for r in rows} == {"IMM-budget"} and rows[0]["costs"] == "file costs.csv"


def test_budget_table_says_what_was_spent(folder: Path) -> None:
    done = run("plan", "seeds", "--db", str(folder / "plan.duckdb"), "--platform", "graph:im",
               "--budget", "2", "--cost", "1", "--random-state", "1")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "IMM-budget" in done.stdout and "of the budget 2" in done.stdout


def test_learned_probabilities_from_the_command_line(folder: Path) -> None:
    done = run("plan", "seeds", "--db", str(folder / "plan.duckdb"), "--platform", "graph:rt",
               "--k", "1", "--probability", "learned", "--random-state", "0", "-f", "csv")  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows[0]["probability"] == "learned"
    assert rows[0]["member_id"] == "1"  # retweeted by two: p = 1/2 each, spread 2
    assert float(rows[0]["marginal_spread"]) > 1.5


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--budget", "0.5", "--costs", "costs.csv"], "below every member's cost"),
        (["--budget", "3", "--costs", "partial.csv"], "gives no cost for 4 of the 6 members"),
        (["--budget", "3", "--costs", "negative.csv"], "costs must be numbers of 0 or more"),
        (["--budget", "3", "--costs", "missing.csv"], "cannot read the costs file"),
        (["--budget", "3", "--k", "2"], "not both"),
        (["--costs", "costs.csv"], "go with --budget"),
        (["--budget", "-1"], "a number above 0"),
        (["--budget", "2", "--cost", "-3"], "--cost must be a number above 0"),
        (["--probability", "learned"], "found no share or reply between two members"),
    ],
)
def test_infeasible_budgets_are_one_line(folder: Path, args: list[str], says: str) -> None:
    args = [str(folder / a) if a.endswith(".csv") else a for a in args]
    done = run("plan", "seeds", "--db", str(folder / "plan.duckdb"), "--platform", "graph:im",
               *args)  # fmt: skip
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error"), done.stderr
    assert says in " ".join(done.stderr.split())
