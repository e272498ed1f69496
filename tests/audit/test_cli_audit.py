"""The contract of ``nichescout audit accounts FILE.csv [--format table|csv|json]``."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

NICHESCOUT = [sys.executable, "-m", "nichescout"]
ACCOUNTS = """handle,followers,following,posts,has_profile_picture,is_private,full_name,bio,external_url,verified
maria.ceramics,1840,410,212,true,false,Maria Silva,"ceramics, Lisbon",https://example.org,false
user83920417,3,2900,0,false,false,,,,
quiet_reader,35,120,4,true,true,Jo,,,
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NICHESCOUT, *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def accounts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("audit") / "followers.csv"
    path.write_text(ACCOUNTS, encoding="utf-8")
    return path


def test_csv_and_json_carry_the_contract_columns(accounts: Path) -> None:
    as_csv = run("audit", "accounts", str(accounts), "--format", "csv")
    as_json = run("audit", "accounts", str(accounts), "--format", "json")
    assert as_csv.returncode == as_json.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    records = json.loads(as_json.stdout)
    assert list(rows[0]) == list(records[0])
    assert {"handle", "fake_probability", "flags"} <= set(records[0])
    assert [r["handle"] for r in records] == ["maria.ceramics", "user83920417", "quiet_reader"]
    by = {r["handle"]: r for r in records}
    assert (
        by["user83920417"]["fake_probability"]
        > 0.9
        > 0.1
        > by["maria.ceramics"]["fake_probability"]
    )
    assert "follows 967× more accounts than follow it" in by["user83920417"]["flags"]
    assert "no posts" in by["user83920417"]["flags"]
    assert by["maria.ceramics"]["flags"] == ""
    assert [float(r["fake_probability"]) for r in rows] == [r["fake_probability"] for r in records]
    assert "likely fake" in as_csv.stderr  # the summary goes to standard error only


def test_table_is_the_default(accounts: Path) -> None:
    result = run("audit", "accounts", str(accounts))
    assert result.returncode == 0 and "fake_probability" in result.stdout
    assert "user83920417" in result.stdout


@pytest.mark.parametrize(
    "text,expected",
    [
        ("handle,followers\nx,1\n", "row 1: lacks the column(s) following"),
        (ACCOUNTS + "bad,lots,1,1,true,false\n", "row 5: followers must be a whole number"),
        (ACCOUNTS + "bad,1,1,1,yes please,false\n", "row 5: has_profile_picture must be true"),
    ],
)
def test_bad_rows_are_one_line_errors(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    for fmt in ("table", "json"):
        result = run("audit", "accounts", str(path), "--format", fmt)
        assert result.returncode == 1
        assert result.stdout == "" and "Traceback" not in result.stderr
        assert str(path) in result.stderr and expected in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    result = run("audit", "accounts", str(tmp_path / "nope.csv"))
    assert result.returncode == 1 and "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_audit_help_loads_no_heavy_library() -> None:
    code = (
        "import sys\nfrom nichescout.cli import app\n"
        "try:\n    app(['audit', 'accounts', '--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('pandas', 'numpy', 'sklearn', 'skops') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
