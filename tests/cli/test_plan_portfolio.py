"""``nichescout plan portfolio`` and ``plan compare``, run for real on DuckDB stores; numbers
checked against plain Python over the source files."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from nichescout.data import sample_path
from tests.plan.creators import CREATORS, PLATFORM, expected_cost, write_creators
from tests.plan.portfolio_oracle import plain_value

NICHESCOUT = [sys.executable, "-m", "nichescout"]
PORTFOLIO_COLUMNS = ["rank", "member_id", "handle", "display_name", "tier", "audience",
                     "engagement_rate", "cost", "marginal_gain", "cumulative_value",
                     "cumulative_cost"]  # fmt: skip
PROVENANCE = ["method", "alternative", "goal", "budget", "candidates", "cost_source",
              "constraints", "random_state", "version"]  # fmt: skip


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NICHESCOUT, *args], capture_output=True, text=True, timeout=300)


def rows_of(done: subprocess.CompletedProcess[str]) -> list[dict[str, str]]:
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


@pytest.fixture(scope="module")
def twitch(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = shared_data / "twitch" / "ES"
    db = tmp_path_factory.mktemp("twitch") / "es.duckdb"
    done = run("ingest", "graph", str(folder / "ES_edges.csv"), "--nodes",
               str(folder / "ES_target.csv"), "--platform", "twitch:ES", "--undirected",
               "--db", str(db), "--quiet")  # fmt: skip
    assert done.returncode == 0, done.stderr
    return db, folder


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    done = run("ingest", "stackexchange", str(sample_path()), "--db", str(db), "--quiet")
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture(scope="module")
def creators_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_creators(tmp_path_factory.mktemp("creators") / "files")
    db = folder.parent / "creators.duckdb"
    done = run("ingest", "canonical", str(folder), "--platform", PLATFORM, "--db", str(db),
               "--quiet")  # fmt: skip
    assert done.returncode == 0, done.stderr
    return db


def twitch_truth(folder: Path) -> tuple[dict[str, set[str]], dict[str, float], dict[str, str]]:
    """Neighbours, views-card cost and tier of every streamer, straight from the files."""
    neighbours: dict[str, set[str]] = {}
    with (folder / "ES_edges.csv").open() as handle:
        for row in csv.DictReader(handle):
            a, b = row["from"], row["to"]
            if a != b:
                neighbours.setdefault(a, set()).add(b)
                neighbours.setdefault(b, set()).add(a)
    cost, tier = {}, {}
    with (folder / "ES_target.csv").open() as handle:
        for row in csv.DictReader(handle):
            views = float(row["views"])
            name, minimum = (
                ("nano", 25.0) if views < 10_000 else
                ("micro", 100.0) if views < 1_000_000 else
                ("macro", 1_000.0) if views < 10_000_000 else ("mega", 10_000.0)
            )  # fmt: skip
            cost[row["new_id"]] = max(minimum, views / 1_000)
            tier[row["new_id"]] = name
    return neighbours, cost, tier


def test_portfolio_on_twitch_matches_plain_python(twitch: tuple[Path, Path]) -> None:
    db, folder = twitch
    rows = rows_of(run("plan", "portfolio", "--db", str(db), "--platform", "twitch:ES",
                       "--budget", "3000", "--goal", "reach", "-f", "csv"))  # fmt: skip
    assert list(rows[0]) == PORTFOLIO_COLUMNS + PROVENANCE
    assert {r["method"] for r in rows} == {"budgeted greedy (CELF) + best single"}
    neighbours, cost, tier = twitch_truth(folder)
    reached: set[str] = set()
    spent = 0.0
    for k, row in enumerate(rows, 1):
        member = row["member_id"]
        assert int(row["rank"]) == k
        assert float(row["cost"]) == pytest.approx(cost[member], abs=1e-4)
        assert row["tier"] == tier[member]
        assert int(row["audience"]) == len(neighbours[member])
        assert float(row["marginal_gain"]) == len(neighbours[member] - reached)
        reached |= neighbours[member]
        spent += cost[member]
        assert float(row["cumulative_value"]) == len(reached)
        assert float(row["cumulative_cost"]) == pytest.approx(spent, abs=0.01)
    assert spent <= 3000
    # nothing affordable was left that would still have added someone
    left = 3000 - spent
    assert all(
        len(n - reached) == 0 or cost[m] > left
        for m, n in neighbours.items()
        if m not in {r["member_id"] for r in rows}
    )


def test_compare_on_twitch_matches_plain_python(twitch: tuple[Path, Path]) -> None:
    db, folder = twitch
    done = run("plan", "compare", "--budget", "10000", "--db", str(db), "--platform",
               "twitch:ES", "--format", "json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    table = {row["option"]: row for row in json.loads(done.stdout)}
    assert list(table) == ["one macro", "micro portfolio", "mixed portfolio"]
    neighbours, cost, tier = twitch_truth(folder)
    rate = {"nano": 0.05, "micro": 0.03, "macro": 0.015, "mega": 0.01}  # the defaults
    macros = [m for m in neighbours if tier[m] in ("macro", "mega") and cost[m] <= 10_000]
    best = max(len(neighbours[m]) * rate[tier[m]] for m in macros)
    one = table["one macro"]
    assert one["creators"] == 1 and one["expected_engagements"] == pytest.approx(best)
    assert one["unique_reach"] == len(neighbours[one["members"]])
    for option in ("micro portfolio", "mixed portfolio"):
        row = table[option]
        members = row["members"].split(";")
        assert row["creators"] == len(members) and row["cost"] <= 10_000
        assert row["cost"] == pytest.approx(sum(cost[m] for m in members))
        union: set[str] = set().union(*(neighbours[m] for m in members))
        assert row["unique_reach"] == len(union)
        times = [sum(j in neighbours[m] for m in members) for j in union]
        assert row["overlap"] == pytest.approx(sum(t > 1 for t in times) / len(union))
        engaged = 0.0
        for j in union:
            q = 1.0
            for m in members:
                if j in neighbours[m]:
                    q *= 1 - rate[tier[m]]
            engaged += 1 - q
        assert row["expected_engagements"] == pytest.approx(engaged)
        assert row["cost_per_engagement"] == pytest.approx(row["cost"] / engaged)
        assert row["niche_fit"] is None
    assert all(tier[m] == "micro" for m in table["micro portfolio"]["members"].split(";"))
    assert {r["version"] for r in table.values()} and table["one macro"]["budget"] == 10000


def test_portfolio_and_compare_on_the_bundled_sample(sample_db: Path) -> None:
    done = run("plan", "portfolio", "--db", str(sample_db), "--budget", "60", "--goal", "reach")
    assert done.returncode == 0, done.stderr
    assert "cumulative_value" in done.stdout and "stackexchange:conlang-meta" in done.stdout
    rows = rows_of(run("plan", "portfolio", "--db", str(sample_db), "--budget", "60",
                       "--goal", "reach", "-f", "csv"))  # fmt: skip
    import duckdb  # plain audiences: who replied to, mentioned or accepted whom

    con = duckdb.connect(str(sample_db), read_only=True)
    pairs = con.execute(
        """SELECT t.member_id, a.member_id, a.is_bot, i.kind FROM interactions i
           JOIN members a ON a.member_key = i.actor_key
           JOIN members t ON t.member_key = i.target_key"""
    ).fetchall()
    con.close()
    kinds = {"follow", "reply", "mention", "reaction", "vote_up", "share", "accept"}
    audience: dict[str, set[str]] = {}
    for target, actor, bot, kind in pairs:
        if kind in kinds and actor != target and not bot:
            audience.setdefault(target, set()).add(actor)
    reached: set[str] = set()
    for row in rows:
        assert float(row["marginal_gain"]) == len(audience[row["member_id"]] - reached)
        reached |= audience[row["member_id"]]
    assert float(rows[-1]["cumulative_value"]) == len(reached)
    assert sum(float(r["cost"]) for r in rows) <= 60
    done = run("plan", "compare", "--db", str(sample_db))  # the default budget, 10,000
    assert done.returncode == 0, done.stderr
    assert "one macro" in done.stdout and "—" in done.stdout and "10,000.00" in done.stdout


def test_portfolio_with_a_candidates_file_and_constraints(
    creators_db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "shortlist.csv"
    path.write_text("handle,cost\n@alice,1800\n@bruno,\n@chen,\n@dara,\n")
    done = run("plan", "portfolio", "--db", str(creators_db), "--candidates", str(path),
               "--budget", "2100", "--niche", "travel", "--language", "en", "--language", "pt",
               "--max-per-tier", "micro=1", "-f", "json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    chosen = [r["member_id"] for r in rows]
    assert chosen[0] == "dara"  # the niche to cover comes first
    assert sum((r["tier"] == "micro") for r in rows) <= 1
    names = list(CREATORS)
    costs = {"alice": 1800.0} | {m: expected_cost(CREATORS[m][0]) for m in names[1:]}
    assert [r["cost"] for r in rows] == [costs[m] for m in chosen]
    assert sum(costs[m] for m in chosen) <= 2100
    fans = sorted({f for v in CREATORS.values() for f in v[3]})
    sets = [[fans.index(f) for f in CREATORS[m][3]] for m in names]
    rates = [0.015 if m == "alice" else 0.05 if m == "dara" else 0.03 for m in names]
    unseen = [CREATORS[m][0] - len(CREATORS[m][3]) for m in names]
    value = plain_value(sets, [names.index(m) for m in chosen], rates, unseen, 10 * max(unseen))
    assert rows[-1]["cumulative_value"] == pytest.approx(value, abs=1e-3)
    assert rows[0]["constraints"] == (
        "languages=en,pt; niches=travel; max_per_tier=micro:1"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--budget", "5"], "The budget 5.00 is below every candidate's cost"),
        (["--budget", "0"], "--budget must be a positive number"),
        (["--budget", "500", "--candidates", "{unknown}"], "line 3: no member 'zed'"),
        (["--budget", "500", "--candidates", "{empty}"], "has a header but no candidate rows"),
        (["--budget", "500", "--language", "fr"], "No candidate is left"),
        (["--budget", "500", "--max-per-tier", "many"], "--max-per-tier takes N or TIER=N"),
        (["--budget", "500", "--goal", "likes"], "--goal must be one of"),
        (["--budget", "500", "--platform", "insta:tset"], "did you mean 'insta:test'"),
    ],
)
def test_mistakes_are_one_line(
    creators_db: Path, tmp_path: Path, args: list[str], says: str
) -> None:
    (tmp_path / "unknown.csv").write_text("member_id\nalice\nzed\n")
    (tmp_path / "empty.csv").write_text("member_id,cost\n")
    args = [a.format(unknown=tmp_path / "unknown.csv", empty=tmp_path / "empty.csv") for a in args]
    done = run("plan", "portfolio", "--db", str(creators_db), *args)
    assert done.returncode == 1, done.stdout
    assert done.stderr.startswith("Error:") and says in " ".join(done.stderr.split())
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_compare_mistakes_are_one_line(creators_db: Path, twitch: tuple[Path, Path]) -> None:
    done = run("plan", "compare", "--db", str(creators_db), "--budget", "10")
    assert done.returncode == 1 and "below every candidate's cost" in done.stderr
    done = run("plan", "portfolio", "--db", str(twitch[0]), "--budget", "100", "--niche", "x")
    assert done.returncode == 1 and "--niche needs the candidates' niches" in done.stderr
