"""The contract of ``nichescout niches [--db] [--platform] [--member] [--taxonomy] [--top]
[--niche] [--method] [--list] [--format table|csv|json]``."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from nichescout.ingest.creators import import_creators
from nichescout.store import Store

NICHESCOUT = [sys.executable, "-m", "nichescout"]
COLUMNS = ["platform", "member_id", "handle", "rank", "niche", "score", "share", "evidence"]
PROFILES = """handle,platform,followers,bio
lena,insta,1200,Personal trainer | leg day every day
bo,insta,300,Sourdough and sunday bakes
cy,tube,9000,Speedruns and retro consoles
dee,insta,50,Meeple collector
"""
POSTS = """post_id,handle,created,caption
p1,lena,2024-03-01T10:00:00,New workout plan #legday #gym
p2,lena,2024-03-02T10:00:00,Squat day. Then a recipe for oats #mealprep
p3,bo,2024-03-03T10:00:00,Rye loaf recipe #sourdough #baking
p4,cy,2024-03-04T10:00:00,Any% run on the old console #speedrun
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NICHESCOUT, *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("niches-cli")
    (folder / "profiles.csv").write_text(PROFILES, encoding="utf-8")
    (folder / "posts.csv").write_text(POSTS, encoding="utf-8")
    path = folder / "creators.duckdb"
    with Store(path) as store:
        import_creators(store, folder)
    return path


def records(result: subprocess.CompletedProcess[str]) -> list[dict]:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_csv_and_json_carry_the_contract_columns(db: Path) -> None:
    as_csv = run("niches", "--db", str(db), "-f", "csv")
    as_json = run("niches", "--db", str(db), "--format", "json")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    recs = records(as_json)
    assert list(rows[0]) == list(recs[0]) == COLUMNS
    assert [(r["handle"], r["niche"]) for r in recs if r["rank"] == 1] == [
        ("lena", "fitness"),
        ("bo", "food"),
        ("cy", "gaming"),
    ]
    lena = next(r for r in recs if r["handle"] == "lena")
    assert lena["evidence"] == 'fitness: "leg day" in bio, "personal trainer" in bio, #gym, #legday'
    assert 0 < lena["share"] <= 1 and lena["score"] > 1
    assert [r["evidence"] for r in rows] == [r["evidence"] for r in recs]
    assert "3 of 4 members have a niche (method keywords, taxonomy default)." in as_json.stderr
    table = run("niches", "--db", str(db))
    assert table.returncode == 0 and "fitness" in table.stdout and "Niches" in table.stdout


def test_filters(db: Path) -> None:
    assert {
        r["handle"]
        for r in records(run("niches", "--db", str(db), "--platform", "tube", "-f", "json"))
    } == {"cy"}
    assert {
        r["handle"]
        for r in records(run("niches", "--db", str(db), "--member", "@BO", "-f", "json"))
    } == {"bo"}
    top = records(run("niches", "--db", str(db), "--top", "1", "-f", "json"))
    assert {(r["platform"], r["handle"]) for r in top} == {("insta", "lena"), ("tube", "cy")}
    food = records(run("niches", "--db", str(db), "--niche", "food", "-f", "json"))
    # lena's one recipe is under 0.35 of her fitness evidence: food is not hers
    assert {(r["handle"], r["niche"]) for r in food} == {("bo", "food")}


def test_a_taxonomy_file_adds_a_niche(db: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text('[niches."board games"]\nen = ["meeple", "board game"]\n', encoding="utf-8")
    recs = records(run("niches", "--db", str(db), "--taxonomy", str(mine), "-f", "json"))
    assert ("dee", "board games") in {(r["handle"], r["niche"]) for r in recs}
    listed = records(run("niches", "--list", "--taxonomy", str(mine), "-f", "json"))
    assert len(listed) == 22 and listed[-1]["niche"] == "board games"


def test_list(tmp_path: Path) -> None:
    listed = records(run("niches", "--list", "-f", "json"))
    assert [r["niche"] for r in listed][:3] == ["fitness", "beauty", "fashion"]
    assert len(listed) == 21
    assert set(listed[0]) == {
        "niche",
        "description",
        "languages",
        "keywords",
        "hashtags",
        "examples",
    }
    # --list reads no store: a missing one is no error
    assert run("niches", "--list", "--db", str(tmp_path / "none.duckdb")).returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--member", "nobody"], "No member 'nobody'"),
        (["--niche", "knitting"], "No niche 'knitting' in the taxonomy"),
        (["--platform", "instagram"], "No platform 'instagram' in the store"),
        (["--method", "llm"], "'method' parameter of NicheLabeller"),
        (["--top", "0"], "'top' parameter of NicheLabeller"),
    ],
)
def test_errors_are_one_line(db: Path, args: list[str], message: str) -> None:
    result = run("niches", "--db", str(db), *args)
    assert result.returncode == 1 and result.stdout == ""
    assert message in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr


def test_a_bad_taxonomy_names_file_and_line(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[niches.yoga]\nen = ["asana"]\nde = "Yoga"\n', encoding="utf-8")
    result = run("niches", "--db", str(db), "--taxonomy", str(bad))
    assert result.returncode == 1
    assert f"{bad}, line 3: de of niche 'yoga' must be a list of words" in " ".join(
        result.stderr.split()
    )


def test_embeddings_without_the_extra_names_it(db: Path) -> None:
    pytest.importorskip("numpy")
    try:
        import sentence_transformers  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("the extra is installed here")
    result = run("niches", "--db", str(db), "--method", "embeddings")
    assert result.returncode == 1
    assert "nichescout[niches]" in result.stderr and result.stderr.count("\n") <= 2


def test_list_loads_no_heavy_library() -> None:
    code = (
        "import sys\nfrom nichescout.cli import app\ntry:\n    app(['niches', '--list', '-f', 'csv'])\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in ('pandas', 'numpy', 'duckdb') if m in sys.modules), file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "[]"
