"""CommunityScorer: estimator contract, invariances, profiles and provenance."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from nichescout import NotFittedError, NotFoundError, ParameterError
from nichescout.data.toy import toy_community
from nichescout.scores import CommunityScorer
from nichescout.scores.profiles import load_profiles_toml
from nichescout.store import Store
from tests.signals.test_oracles import communities, load


def test_init_only_stores_parameters() -> None:
    scorer = CommunityScorer("creator", platform="x", half_life_days=3)
    assert vars(scorer) == {
        "profile": "creator",
        "platform": "x",
        "since": None,
        "until": None,
        "half_life_days": 3,
        "settings": None,
        "profiles_file": None,
        "combine": "log_magnitude",
        "tiers": None,
        "calibrate": True,
    }


def test_fit_returns_self_with_fitted_attributes() -> None:
    scorer = CommunityScorer()
    assert scorer.fit(toy_community()) is scorer
    for attribute in ("scores_", "why_", "signals_", "weights_", "provenance_"):
        assert hasattr(scorer, attribute)
    with pytest.raises(NotFittedError):
        CommunityScorer().top()


def test_scores_are_bounded_ranked_and_explained(sample_store: Store) -> None:
    scores = CommunityScorer().fit(sample_store).scores_
    assert scores["score"].between(0, 100).all()
    assert list(scores["rank"]) == list(range(1, len(scores) + 1))
    assert scores["score"].is_monotonic_decreasing
    assert scores["why"].str.len().gt(0).all()
    assert not scores["member_id"].isin(["-1"]).any(), "the Community bot is excluded"
    assert scores["tier"].isin(["nano", "micro", "macro", "mega"]).all()


def test_scores_are_invariant_to_member_order() -> None:
    """Members inserted in reverse order get the same scores (keys differ, results do not)."""
    forward = CommunityScorer().fit(toy_community()).scores_
    store = Store(":memory:")
    store.con.execute("UPDATE members SET member_key = member_key")  # no-op on an empty store
    reverse = toy_community(store)
    store.con.execute("UPDATE members SET member_key = 100 - member_key")
    for column in ("actor_key", "target_key"):
        store.con.execute(f"UPDATE interactions SET {column} = 100 - {column}")
    store.con.execute("UPDATE content SET author_key = 100 - author_key")
    backward = CommunityScorer().fit(reverse).scores_
    cols = ["member_id", "score", "why"]
    pd.testing.assert_frame_equal(forward[cols], backward[cols])


def test_profile_changes_weights_and_ranking(sample_store: Store) -> None:
    community = CommunityScorer("community").fit(sample_store)
    only_referrals = CommunityScorer({"consistency": 1.0}).fit(sample_store)
    assert set(only_referrals.weights_) == {"consistency"}
    assert list(community.scores_["member_id"]) != list(only_referrals.scores_["member_id"])


def test_user_profiles_from_toml(tmp_path: Path) -> None:
    path = tmp_path / "profiles.toml"
    path.write_text("[profiles.support]\nhelpfulness = 4\nwelcoming = 1\n")
    scorer = CommunityScorer("support", profiles_file=path).fit(toy_community())
    assert scorer.weights_ == {"helpfulness": 4.0, "welcoming": 1.0}
    with pytest.raises(Exception, match="unknown signal 'karma'"):
        load_profiles_toml("[profiles.x]\nkarma = 1", "p.toml")


def test_bad_parameters_name_the_fix(sample_store: Store) -> None:
    with pytest.raises(ParameterError, match="The 'profile' parameter of CommunityScorer"):
        CommunityScorer("nope").fit(sample_store)
    with pytest.raises(NotFoundError, match="No platform 'reddit'"):
        CommunityScorer(platform="reddit").fit(sample_store)
    with pytest.raises(ParameterError, match="'since' parameter of Window"):
        CommunityScorer(since=datetime(2020, 1, 2), until=datetime(2020, 1, 1)).fit(sample_store)


def test_provenance_records_method_window_and_version(sample_store: Store) -> None:
    from nichescout import __version__

    scorer = CommunityScorer(until=datetime(2019, 1, 1)).fit(sample_store)
    prov = scorer.provenance_
    assert prov["method"] == "nichescout.CommunityScorer"
    assert prov["until"] == "2019-01-01T00:00:00" and prov["version"] == __version__
    assert prov["platforms"] == ["stackexchange:conlang-meta"]


def test_until_limits_the_cohort_to_earlier_activity(sample_store: Store) -> None:
    early = CommunityScorer(until=datetime(2018, 6, 1)).fit(sample_store).scores_
    later = CommunityScorer().fit(sample_store).scores_
    assert 0 < len(early) < len(later)


def test_tiers_are_configurable_per_platform() -> None:
    default = CommunityScorer().fit(toy_community()).scores_
    assert set(default["tier"]) == {"nano"}  # at most 4 distinct peers each
    custom = CommunityScorer(tiers={"toy": [("quiet", 0), ("known", 3)]}).fit(toy_community())
    tiers = dict(zip(custom.scores_["member_id"], custom.scores_["tier"], strict=True))
    audience = dict(zip(custom.scores_["member_id"], custom.scores_["audience"], strict=True))
    assert all(tiers[m] == ("known" if audience[m] >= 3 else "quiet") for m in tiers)
    assert {"known", "quiet"} <= set(tiers.values())


def test_top_needs_a_count_of_one_or_more() -> None:
    scorer = CommunityScorer(calibrate=False).fit(toy_community())
    for bad in (0, -3, 2.5, True):
        with pytest.raises(ParameterError, match="'n' parameter of CommunityScorer.top"):
            scorer.top(bad)  # type: ignore[arg-type]
    assert len(scorer.top(2)) == 2


def test_errors_print_dates_as_iso_and_suggest_the_platform(sample_store: Store) -> None:
    with pytest.raises(ParameterError) as info:
        CommunityScorer(since=datetime(2020, 1, 2), until=datetime(2020, 1, 1, 12)).fit(
            sample_store
        )
    assert str(info.value) == (
        "The 'since' parameter of Window must be earlier than until (2020-01-01 12:00:00). "
        "Got 2020-01-02 instead."
    )
    with pytest.raises(NotFoundError, match="did you mean 'stackexchange:conlang-meta'"):
        CommunityScorer(platform="conlang-meta").fit(sample_store)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(community=communities())
def test_audience_without_followers_is_distinct_partners_either_way(community) -> None:
    """Where no member has a follower count, a member's audience is their peers: distinct
    other members they interacted with in either direction, bots included (NetworkX)."""
    community = replace(
        community, members=tuple(replace(m, followers=None) for m in community.members)
    )
    scorer = CommunityScorer(calibrate=False).fit(load(community))
    graph = nx.Graph()
    for e in community.interactions:
        if e.actor_id is not None and e.target_id is not None and e.actor_id != e.target_id:
            graph.add_edge(e.actor_id, e.target_id)
    got = dict(zip(scorer.scores_["member_id"], scorer.scores_["audience"], strict=True))
    want = {m: float(graph.degree(m)) if m in graph else 0.0 for m in got}
    assert got == want
