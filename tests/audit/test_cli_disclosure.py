"""The contract of ``nichescout audit disclosure FILE.csv [--format table|csv|json]``."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

NICHESCOUT = [sys.executable, "-m", "nichescout"]
POSTS = """post_id,caption,language,creator
p1,"#ad | The @lumiere serum, code SAM15 for 15% off",en,glowwithsam
p2,"Morning routine with @dewdrop
.
.
#makeup #morning #beauty #glow #tips #ad",en,glowwithsam
p3,"Use code LENA20 at @fuelup for 20% off",en,lenalifts
p4,Sunrise hike #adventure,en,lenalifts
p5,"#ad Unser neuer Kinderwagen von @kinderwelt ist da",de,mama_mia
"""
CONTRACT = ["post_id", "sponsored", "disclosure", "reason"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NICHESCOUT, *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def posts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("disclosure") / "posts.csv"
    path.write_text(POSTS, encoding="utf-8")
    return path


def test_csv_and_json_carry_the_contract_columns(posts: Path) -> None:
    as_csv = run("audit", "disclosure", str(posts), "--format", "csv")
    as_json = run("audit", "disclosure", str(posts), "--format", "json")
    assert as_csv.returncode == as_json.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    records = json.loads(as_json.stdout)
    assert list(rows[0]) == list(records[0])
    assert set(CONTRACT) <= set(records[0])
    assert [r["post_id"] for r in records] == ["p1", "p2", "p3", "p4", "p5"]
    assert [r["sponsored"] for r in records] == [True, True, True, False, True]
    assert [r["sponsored"] for r in rows] == ["true", "true", "true", "false", "true"]
    assert [r["disclosure"] for r in records] == ["clear", "unclear", "none", "none", "unclear"]
    assert [r["needs_fixing"] for r in records] == [False, True, True, False, True]
    assert "wall of 5 hashtags" in records[1]["reason"]
    assert "is English, the caption German" in records[4]["reason"]
    assert [r["reason"] for r in rows] == [r["reason"] for r in records]
    assert "posts sponsored" in as_csv.stderr  # the summary goes to standard error only


def test_by_creator_in_csv_and_json(posts: Path) -> None:
    as_csv = run("audit", "disclosure", str(posts), "--by-creator", "-f", "csv")
    records = json.loads(
        run("audit", "disclosure", str(posts), "--by-creator", "-f", "json").stdout
    )
    assert as_csv.returncode == 0, as_csv.stderr
    assert list(next(csv.DictReader(io.StringIO(as_csv.stdout)))) == list(records[0])
    by = {r["creator"]: r for r in records}
    assert by["glowwithsam"]["sponsored_posts"] == 2
    assert by["glowwithsam"]["clear_share"] == 0.5
    assert by["glowwithsam"]["posts_to_fix"] == "p2"
    assert by["lenalifts"]["posts_to_fix"] == "p3"
    assert by["mama_mia"]["clear_share"] == 0.0


def test_table_prints_posts_then_creators(posts: Path) -> None:
    result = run("audit", "disclosure", str(posts))
    assert result.returncode == 0, result.stderr
    assert "disclosure" in result.stdout and "Per creator" in result.stdout
    assert result.stdout.index("p1") < result.stdout.index("Per creator")


def test_handle_stands_for_creator_and_language_is_optional(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_text('post_id,caption,handle\n1,"Use code ANNA10 at @glow",@ana\n', "utf-8")
    records = json.loads(run("audit", "disclosure", str(path), "-f", "json").stdout)
    assert records[0]["creator"] == "ana" and records[0]["needs_fixing"] is True


@pytest.mark.parametrize(
    "text,args,expected",
    [
        ("post_id,text\n1,hi\n", (), "row 1: lacks the column(s) caption"),
        ("post_id,caption\n1,hi\n2,a,b\n", (), "row 3: has 3 fields, the header 2"),
        ("post_id,caption\n1,hi\n,x\n", (), "row 3: post_id is empty"),
        ("post_id,caption\n1,hi\n", ("--by-creator",), "row 1: has no creator or handle column"),
    ],
)
def test_bad_files_are_one_line_errors(
    tmp_path: Path, text: str, args: tuple[str, ...], expected: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    for fmt in ("table", "json"):
        result = run("audit", "disclosure", str(path), "--format", fmt, *args)
        assert result.returncode == 1
        assert result.stdout == "" and "Traceback" not in result.stderr
        assert str(path) in result.stderr and expected in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    result = run("audit", "disclosure", str(tmp_path / "nope.csv"))
    assert result.returncode == 1 and "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_disclosure_help_loads_no_heavy_library() -> None:
    code = (
        "import sys\nfrom nichescout.cli import app\n"
        "try:\n    app(['audit', 'disclosure', '--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('pandas', 'numpy', 'sklearn') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
