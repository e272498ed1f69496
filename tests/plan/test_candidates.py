"""Candidates from the store: audiences, tiers, costs by the rate card, rates, niches, files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nichescout.exceptions import InputError, NotFoundError, ParameterError
from nichescout.ingest import ingest
from nichescout.plan import compare_portfolios, plan_portfolio
from nichescout.plan.candidates import load_candidates
from nichescout.store import Store
from tests.plan.creators import CREATORS, PLATFORM, expected_cost, write_creators
from tests.plan.portfolio_oracle import plain_value


@pytest.fixture(scope="module")
def creators(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(":memory:")
    ingest(store, "canonical", write_creators(tmp_path_factory.mktemp("c")), platform=PLATFORM)
    return store


@pytest.fixture(scope="module")
def twitchlike(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """Five streamers, mutual follows, views as the Twitch files give them."""
    folder = tmp_path_factory.mktemp("t")
    (folder / "edges.csv").write_text("from,to\n0,1\n0,2\n1,2\n3,4\n")
    (folder / "target.csv").write_text(
        "id,days,mature,views,partner,new_id\n"
        "10,5,True,2500000,True,0\n11,5,False,50000,False,1\n12,5,False,900,False,2\n"
        "13,5,False,20000000,True,3\n14,5,False,15000,False,4\n"
    )
    store = Store(":memory:")
    ingest(store, "graph", folder / "edges.csv", nodes=folder / "target.csv",
           platform="twitch:XX", directed=False)  # fmt: skip
    return store


def test_audiences_tiers_costs_and_unseen_audiences(creators: Store) -> None:
    cands = load_candidates(creators, PLATFORM)
    frame = cands.frame.set_index("member_id")
    assert cands.scale == "followers" and sorted(frame.index) == sorted(CREATORS)
    for name, (followers, language, niche, fans) in CREATORS.items():
        row = frame.loc[name]
        assert row["audience"] == len(fans)
        assert row["cost"] == expected_cost(followers)
        assert row["unseen"] == followers - len(fans)
        assert row["niches"] == (niche,) and row["language"] == language.lower()
    assert frame.loc["alice", "tier"] == "macro" and frame.loc["dara", "tier"] == "nano"
    assert frame.loc["alice", "engagement_rate"] == 0.015  # the macro default
    assert cands.audiences.pool == 10 * (250_000 - 6)
    # shared fans: alice and chen share f1 and f2; alice and bruno f4–f6
    rows = {m: set(cands.audiences.row(i).tolist()) for i, m in enumerate(frame.index)}
    assert len(rows["alice"] & rows["chen"]) == 2 and len(rows["alice"] & rows["bruno"]) == 3


def test_views_drive_tiers_and_costs_on_twitch(twitchlike: Store) -> None:
    cands = load_candidates(twitchlike, "twitch:XX")
    frame = cands.frame.set_index("member_id")
    assert cands.scale == "views"
    assert frame["tier"].to_dict() == {
        "0": "macro", "1": "micro", "2": "nano", "3": "mega", "4": "micro"
    }  # fmt: skip
    assert frame["cost"].to_dict() == {
        "0": 2500.0, "1": 100.0, "2": 25.0, "3": 20000.0, "4": 100.0
    }  # fmt: skip
    assert frame["audience"].to_dict() == {"0": 2, "1": 2, "2": 2, "3": 1, "4": 1}
    assert (frame["unseen"] == 0).all()


def test_a_candidates_file_gives_costs_rates_and_niches(creators: Store, tmp_path: Path) -> None:
    path = tmp_path / "cands.csv"
    path.write_text("handle,cost,engagement_rate,niche\n@chen,75,0.2,yoga;Fitness\nDARA,,,\n")
    cands = load_candidates(creators, PLATFORM, candidates=path)
    frame = cands.frame.set_index("member_id")
    assert list(frame.index) == ["chen", "dara"]
    assert frame.loc["chen", "cost"] == 75.0 and frame.loc["chen", "cost_source"] == "given"
    assert frame.loc["chen", "engagement_rate"] == 0.2
    assert frame.loc["chen", "niches"] == ("yoga", "fitness")
    assert frame.loc["dara", "cost"] == expected_cost(800)
    assert frame.loc["dara", "niches"] == ("travel",)  # from the store


def test_a_plain_list_of_ids(creators: Store, tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text("# my shortlist\nbruno\n@alice\n")
    assert load_candidates(creators, PLATFORM, candidates=path).frame["member_id"].tolist() == [
        "bruno",
        "alice",
    ]


@pytest.mark.parametrize(
    ("text", "error", "says"),
    [
        ("member_id\nalice\nzed\n", NotFoundError, r"line 3: no member 'zed' on insta:test"),
        ("member_id,cost\nalice,-3\n", InputError, "line 2: cost must be a positive number"),
        ("member_id,cost\n", InputError, "has a header but no candidate rows"),
        ("", InputError, "names no candidate"),
    ],
)
def test_bad_candidate_files_say_which_line(
    creators: Store, tmp_path: Path, text: str, error: type[Exception], says: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(error, match=says):
        load_candidates(creators, PLATFORM, candidates=path)


def test_measured_engagement_rates_are_used_where_the_store_has_them(
    sample_store: Store,
) -> None:
    cands = load_candidates(sample_store, "stackexchange:conlang-meta")
    measured = cands.frame[cands.frame["rate_source"] == "measured"]
    assert len(measured) > 0 and (measured["engagement_rate"] <= 1).all()
    assert cands.scale == "peers"


def test_portfolio_value_is_the_plain_expected_engagement(creators: Store) -> None:
    plan = plan_portfolio(creators, PLATFORM, budget=2_000, goal="engagements")
    cands = load_candidates(creators, PLATFORM)
    index = {m: i for i, m in enumerate(cands.frame["member_id"])}
    sets = [cands.audiences.row(i).tolist() for i in range(cands.n)]
    rates = cands.frame["engagement_rate"].tolist()
    unseen = cands.frame["unseen"].tolist()
    chosen = [index[m] for m in plan["member_id"]]
    expected = plain_value(sets, chosen, rates, unseen, cands.audiences.pool)
    assert np.isclose(plan["cumulative_value"].iloc[-1], expected)
    assert plan["cumulative_cost"].iloc[-1] <= 2_000
    assert "alice" not in set(plan["member_id"])  # 2,500 is over the budget


def test_constraints_on_the_creators(creators: Store) -> None:
    fitness = plan_portfolio(creators, PLATFORM, 400, niches=["travel"], languages=["en"],
                             exclude=["chen"])  # fmt: skip
    assert set(fitness["member_id"]) == {"dara"}  # bruno speaks pt-BR, chen is excluded
    capped = plan_portfolio(creators, PLATFORM, 400, max_per_tier={"micro": 1})
    assert (capped["tier"] == "micro").sum() == 1
    forced = plan_portfolio(creators, PLATFORM, 3_000, include=["@alice"], goal="reach")
    assert forced["member_id"].iloc[0] == "alice"
    pt = plan_portfolio(creators, PLATFORM, 400, languages=["pt"])
    assert pt["member_id"].tolist() == ["bruno"]  # pt matches pt-BR
    diverse = plan_portfolio(creators, PLATFORM, 3_000, max_per_community=1, random_state=0)
    assert diverse.attrs["provenance"]["random_state"] == 0


@pytest.mark.parametrize(
    ("kwargs", "error", "says"),
    [
        ({"budget": 10}, ParameterError, "below every candidate's cost"),
        ({"budget": 500, "niches": ["chess"]}, ParameterError, "No candidate is in niche 'chess'"),
        ({"budget": 500, "include": ["nobody"]}, NotFoundError, "--include: no member 'nobody'"),
        ({"budget": 500, "languages": ["fr"]}, ParameterError, "No candidate is left"),
        ({"budget": 500, "max_per_tier": {"giga": 1}}, ParameterError, "names tier 'giga'"),
        ({"budget": 500, "goal": "likes"}, ParameterError, "--goal must be one of"),
        ({"budget": 500, "include": ["dara"], "exclude": ["@dara"]}, ParameterError, "both"),
    ],
)
def test_infeasible_plans_raise_one_line(
    creators: Store, kwargs: dict, error: type[Exception], says: str
) -> None:
    with pytest.raises(error, match=says):
        plan_portfolio(creators, PLATFORM, **kwargs)


def test_niche_and_language_options_need_data(twitchlike: Store) -> None:
    with pytest.raises(ParameterError, match="--niche needs the candidates' niches"):
        plan_portfolio(twitchlike, "twitch:XX", 500, niches=["gaming"])
    with pytest.raises(ParameterError, match="--language needs the candidates' languages"):
        plan_portfolio(twitchlike, "twitch:XX", 500, languages=["de"])


def test_compare_on_the_creators(creators: Store) -> None:
    table = compare_portfolios(creators, PLATFORM, budget=3_000, goal="engagements")
    rows = table.set_index("option")
    assert rows.loc["one macro", "members"] == "alice" and rows.loc["one macro", "cost"] == 2500
    assert rows.loc["one macro", "overlap"] == 0.0
    assert set(rows.loc["micro portfolio", "members"].split(";")) == {"bruno", "chen"}
    assert rows.loc["micro portfolio", "niche_fit"] == 0.5  # target: the commonest, fitness
    for option, row in rows.iterrows():
        assert row["cost"] <= 3_000, option
        assert np.isclose(row["cost_per_engagement"], row["cost"] / row["expected_engagements"])


def test_follower_tiers_are_the_platforms_own(
    creators: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Candidates take the platform's follower_tiers, as rank and the creator card do."""
    from nichescout import settings as ns_settings

    higher = (("nano", 0), ("micro", 1_000_000), ("macro", 10_000_000), ("mega", 10**8))
    own = {"*": ns_settings.FOLLOWER_TIERS, PLATFORM: higher}
    patched = ns_settings.Setting("follower_tiers", own, "test")
    monkeypatch.setitem(ns_settings.SETTINGS, "follower_tiers", patched)
    tiers = load_candidates(creators, PLATFORM).frame.set_index("member_id")["tier"]
    assert set(tiers) == {"nano"}  # nobody in the fixture has a million followers
    monkeypatch.undo()
    assert load_candidates(creators, PLATFORM).frame.set_index("member_id").loc[
        "alice", "tier"
    ] == ("macro")
