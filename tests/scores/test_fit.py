"""The fitted ranking: inner split, no leak past the ranking date, fallback, provenance."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import check_grad

from nichescout.data.toy import toy_community
from nichescout.goals import measure
from nichescout.scores import CommunityScorer
from nichescout.scores.fit import SIMPLE_MEASURES, _events, _listnet, fit_profile
from nichescout.signals import SignalContext, Window
from nichescout.store import Store

UNTIL = datetime(2014, 8, 15)


@pytest.fixture(scope="module")
def fitted(datascience: tuple[Store, str]) -> CommunityScorer:
    store, platform = datascience
    return CommunityScorer("help", platform=platform, until=UNTIL).fit(store)


def _copy(source: Store, target: Store) -> Store:
    """``target`` holding every canonical row of ``source`` (which stays as it is)."""
    for table in ("imports", "members", "content", "interactions"):
        rows = source.con.sql(f"SELECT * FROM {table}").to_arrow_table()
        target.con.register("_rows", rows)
        target.con.execute(f"INSERT INTO {table} SELECT * FROM _rows")
        target.con.unregister("_rows")
    return target


def _event_times(store: Store, platform: str, until: datetime) -> pd.Series:
    content = store.con.execute(
        "SELECT created_at FROM content WHERE platform = ?", [platform]
    ).df()
    actions = store.con.execute(
        "SELECT created_at FROM interactions WHERE platform = ? AND created_at IS NOT NULL",
        [platform],
    ).df()
    times = pd.concat([content["created_at"], actions["created_at"]])
    return times[times < until].sort_values().reset_index(drop=True)


def test_inner_cutoffs_split_the_window_events_at_the_given_shares(
    datascience: tuple[Store, str],
) -> None:
    store, platform = datascience
    cutoffs = _events(store, platform, Window(until=UNTIL), (0.5, 0.6, 0.7)).cutoffs
    times = _event_times(store, platform, UNTIL)
    for share, cutoff in zip((0.5, 0.6, 0.7), cutoffs, strict=True):
        before = float((times < cutoff).mean())
        assert before == pytest.approx(share, abs=2 / len(times) + 0.01)
        assert cutoff < UNTIL


def test_fit_reads_nothing_at_or_after_the_ranking_date(
    datascience: tuple[Store, str], fitted: CommunityScorer
) -> None:
    store, platform = datascience
    moved = _copy(store, Store(":memory:"))
    # Everything at or after the ranking date moves, and a burst of new replies appears
    for table in ("content", "interactions"):
        moved.con.execute(
            f"UPDATE {table} SET created_at = created_at + INTERVAL 3 DAY "
            f"WHERE created_at >= TIMESTAMP '{UNTIL}'"
        )
    moved.con.execute(
        "UPDATE interactions SET actor_key = target_key, target_key = actor_key "
        f"WHERE created_at >= TIMESTAMP '{UNTIL}'"
    )
    again = CommunityScorer("help", platform=platform, until=UNTIL).fit(moved)
    assert again.fits_[platform].to_dict() == fitted.fits_[platform].to_dict()
    pd.testing.assert_frame_equal(
        again.scores_[["member_id", "score"]], fitted.scores_[["member_id", "score"]]
    )


def test_fit_is_deterministic(datascience: tuple[Store, str], fitted: CommunityScorer) -> None:
    store, platform = datascience
    again = CommunityScorer("help", platform=platform, until=UNTIL).fit(store)
    assert again.fits_[platform].to_dict() == fitted.fits_[platform].to_dict()


def test_provenance_carries_half_life_weights_and_backtest(fitted: CommunityScorer) -> None:
    platform = fitted.provenance_["platforms"][0]
    fit = fitted.provenance_["fit"][platform]
    assert fit["goal"] == "help" and fit["status"] == "fitted"
    assert fit["half_life_days"] in (None, 30.0, 90.0, 180.0, 365.0)
    assert sum(fit["weights"].values()) == pytest.approx(1.0, abs=1e-3)
    assert {"fitted", "prior", *SIMPLE_MEASURES} <= set(fit["backtest_ndcg"])
    assert len(fit["origins"]) == 3
    # The scores use exactly the fitted weights
    assert set(fitted.used_weights_[platform]) == set(fit["weights"])
    assert fitted.fits_[platform].summary().startswith("fitted on this community's history")


def test_no_fit_keeps_the_prior(datascience: tuple[Store, str]) -> None:
    store, platform = datascience
    scorer = CommunityScorer("help", platform=platform, until=UNTIL, calibrate=False).fit(store)
    assert scorer.fits_ == {} and scorer.provenance_["fit"] == {}
    assert scorer.used_weights_[platform] == scorer.weights_


def test_short_history_falls_back_to_the_prior_and_says_why() -> None:
    scorer = CommunityScorer("help").fit(toy_community())
    fit = scorer.fits_["toy"]
    assert fit.status == "prior" and "fit_min_events" in fit.reason
    assert scorer.used_weights_["toy"] == scorer.weights_
    assert "not fitted" in fit.summary()


def test_few_positives_fit_only_the_half_life(datascience: tuple[Store, str]) -> None:
    store, platform = datascience
    prior = {"helpfulness": 3.0, "help_given": 2.0}
    result = fit_profile(
        store, platform, None, UNTIL, "help", prior, settings={"fit_min_positives": 10**6}
    )
    assert result.status == "half-life only" and "fit_min_positives" in result.reason
    assert result.weights == pytest.approx({"helpfulness": 0.6, "help_given": 0.4})
    none = fit_profile(
        store, platform, None, UNTIL, "help", prior, settings={"fit_min_members": 10**6}
    )
    assert none.status == "prior" and "fit_min_members" in none.reason


def test_user_half_life_is_kept(datascience: tuple[Store, str]) -> None:
    store, platform = datascience
    scorer = CommunityScorer("help", platform=platform, until=UNTIL, half_life_days=45).fit(store)
    assert scorer.fits_[platform].half_life_days == 45


def test_listnet_gradient_matches_finite_differences() -> None:
    rng = np.random.default_rng(1)
    X = rng.random((40, 5))
    y = rng.poisson(1.0, 40).astype(float)
    p = y / y.sum()
    r = rng.uniform(0.5, 2.0, 40)
    w0 = rng.random(5)
    error = check_grad(lambda w: _listnet(X, p, r, w)[0], lambda w: _listnet(X, p, r, w)[1], w0)
    assert error < 1e-5
    # and the loss is the cross-entropy, computed plainly
    s = X @ w0
    # each member's own exp(s) over the reweighted sum (r stands for left-out members)
    soft = np.exp(s) / (r * np.exp(s)).sum()
    assert _listnet(X, p, r, w0)[0] == pytest.approx(-(p * np.log(soft)).sum())


def test_goals_match_a_pandas_oracle(datascience: tuple[Store, str]) -> None:
    store, platform = datascience
    since, until = datetime(2014, 6, 1), datetime(2014, 7, 1)
    con = store.con
    members = con.execute(
        "SELECT member_key, coalesce(is_bot, false) AS bot FROM members WHERE platform = ?",
        [platform],
    ).df()
    humans = set(members.loc[~members["bot"], "member_key"])
    inter = con.execute("SELECT * FROM interactions WHERE platform = ?", [platform]).df()
    inter = inter[(inter["created_at"] >= since) & (inter["created_at"] < until)].copy()
    # plain floats: a missing actor is NaN, which differs from every target (IS DISTINCT FROM)
    inter[["actor_key", "target_key"]] = inter[["actor_key", "target_key"]].astype("float64")
    ctx = SignalContext(platform, Window(since, until))

    def got(goal: str) -> dict[int, float]:
        frame = measure(goal, con, ctx)
        return dict(zip(frame["member_key"], frame["value"], strict=True))

    replies = inter[
        (inter["kind"] == "reply")
        & (inter["actor_key"] != inter["target_key"])
        & inter["target_key"].isin(humans)
        & inter["actor_key"].isin(humans)
    ]
    accepts = inter[
        (inter["kind"] == "accept")
        & (inter["actor_key"] != inter["target_key"])
        & inter["target_key"].isin(humans)
    ]
    help_ = pd.concat([replies["actor_key"], accepts["target_key"]]).value_counts()
    assert got("help") == pytest.approx({int(k): float(v) for k, v in help_.items()})

    feedback = inter[
        inter["kind"].isin(["vote_up", "reaction", "share"])
        & (inter["actor_key"].isna() | inter["actor_key"].isin(humans))
        & (inter["actor_key"] != inter["target_key"])
        & inter["target_key"].isin(humans)
    ]
    engagement = feedback["target_key"].value_counts()
    assert got("engagement") == pytest.approx({int(k): float(v) for k, v in engagement.items()})

    toward = inter[
        inter["kind"].isin(["reply", "mention", "share", "follow"])
        & inter["actor_key"].isin(humans)
        & inter["target_key"].isin(humans)
        & (inter["actor_key"] != inter["target_key"])
    ]
    reach = toward.groupby("target_key")["actor_key"].nunique()
    assert got("reach") == pytest.approx({int(k): float(v) for k, v in reach.items()})


def test_goal_measures_stop_at_the_window_end(datascience: tuple[Store, str]) -> None:
    store, platform = datascience
    ctx = SignalContext(platform, Window(until=datetime(2014, 6, 1)))
    early = measure("help", store.con, ctx)
    later = measure("help", store.con, SignalContext(platform, Window(until=UNTIL)))
    assert early["value"].sum() < later["value"].sum()
    assert (
        early.merge(later, on="member_key", suffixes=("_e", "_l"))
        .eval("value_e <= value_l + 1e-9")
        .all()
    )


def test_rank_prints_how_the_ranking_was_fitted(
    datascience: tuple[Store, str], tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from nichescout.cli import app

    store, platform = datascience
    db = tmp_path / "ds.duckdb"
    _copy(store, Store(db)).close()
    runner = CliRunner()
    fitted_run = runner.invoke(app, ["rank", "--db", str(db), "--profile", "help", "-n", "3"])
    assert fitted_run.exit_code == 0, fitted_run.output
    assert "fitted on this community's history" in fitted_run.output
    plain = runner.invoke(app, ["rank", "--db", str(db), "--no-fit", "-n", "3"])
    assert plain.exit_code == 0 and "fitted on" not in plain.output


def test_welcome_goal_matches_a_pandas_oracle(sample_store: Store) -> None:
    """Distinct newcomers answered within the welcoming window of their first appearance;
    the placeholder for deleted accounts is nobody's newcomer (the sample has replies to it
    within hours of its first post)."""
    con = sample_store.con
    (platform,) = sample_store.platforms()
    members = con.execute(
        "SELECT member_key, coalesce(is_bot, false) AS bot, "
        "coalesce(attributes->>'deleted', '') = 'true' AS deleted "
        "FROM members WHERE platform = ?",
        [platform],
    ).df()
    humans = set(members.loc[~members["bot"], "member_key"])
    deleted = set(members.loc[members["deleted"], "member_key"])
    assert deleted, "the sample keeps deleted accounts' posts under one placeholder"
    content = con.execute(
        "SELECT author_key AS k, created_at AS t FROM content WHERE platform = ?", [platform]
    ).df()
    inter = con.execute("SELECT * FROM interactions WHERE platform = ?", [platform]).df()
    seen = pd.concat([content, inter[["actor_key", "created_at"]].set_axis(["k", "t"], axis=1)])
    first = seen.dropna().groupby("k")["t"].min()
    hours = pd.Timedelta(hours=48)
    credit: dict[int, set[int]] = {}
    wrongly: dict[int, set[int]] = {}
    for row in inter[inter["kind"] == "reply"].itertuples():
        actor, target = row.actor_key, row.target_key
        if pd.isna(actor) or pd.isna(target) or actor == target or target not in first.index:
            continue
        if not (first[target] <= row.created_at < first[target] + hours):
            continue
        if actor in humans and target in humans:
            (wrongly if target in deleted else credit).setdefault(int(actor), set()).add(
                int(target)
            )
    assert wrongly, "replies to the deleted placeholder fall in its welcoming window"
    ctx = SignalContext(platform, Window(), {"welcome_window_hours": 48})
    frame = measure("welcome", con, ctx)
    got = dict(zip(frame["member_key"], frame["value"], strict=True))
    assert got == pytest.approx({k: float(len(v)) for k, v in credit.items()})


def _origin_with(y: np.ndarray) -> object:
    from nichescout.scores.fit import _Origin

    X = np.arange(len(y) * 2, dtype=np.float32).reshape(-1, 2)
    return _Origin(datetime(2024, 1, 1), y, {None: X})


@pytest.mark.parametrize("positives", [0, 30, 80])
def test_the_fit_sample_keeps_every_member_who_showed_the_goal_up_to_the_limit(
    positives: int,
) -> None:
    from nichescout.scores.fit import _draw

    y = np.zeros(500)
    y[np.random.default_rng(3).choice(500, positives, replace=False)] = np.arange(positives) + 1.0
    X, p, r = _draw(_origin_with(y), None, 100, {})
    kept = (X[:, 0] / 2).astype(int)  # row index of each kept member (X[i, 0] = 2 i)
    shown = y[kept] > 0
    assert len(X) == 100 and shown.sum() == positives and np.all(r[shown] == 1.0)
    if positives:
        np.testing.assert_allclose(p, y[kept] / y.sum())
    # the members who did not show it stand for all of them
    assert r[~shown].sum() == pytest.approx(500 - positives)


def test_more_members_showing_the_goal_than_the_limit_are_thinned_and_reweighted() -> None:
    from nichescout.scores.fit import _draw

    y = np.concatenate([np.arange(1.0, 401.0), np.zeros(600)])  # 400 showed it, limit 100
    X, p, r = _draw(_origin_with(y), None, 100, {})
    assert len(X) == 100
    kept = X[:, 0] / 2  # row index of each kept member (X[i, 0] = 2 i)
    shown = y[kept.astype(int)] > 0
    assert shown.sum() == 80  # fit_positive_share
    # the 40 largest outcomes (fit_positive_top_share) are all kept, at weight 1
    top = set(range(360, 400))
    assert top <= set(kept.astype(int).tolist())
    assert r[shown].sum() == pytest.approx(400)  # every member who showed it, once
    assert r[~shown].sum() == pytest.approx(600)
    mass = r * y[kept.astype(int)]
    np.testing.assert_allclose(p, mass / mass.sum())


def test_the_forecast_is_a_candidate_judged_like_the_simple_measures(
    datascience: tuple[Store, str], fitted: CommunityScorer
) -> None:
    """``expected_activity`` is among the fit's inputs, and its inner NDCG@k is the mean over
    the inner cutoffs of the signal alone against the help goal after each cutoff, rebuilt
    here from the public pieces (cohort, signal, goal, metric)."""
    from nichescout.metrics import ndcg_at_k
    from nichescout.scores.cohort import cohort
    from nichescout.scores.fit import FORECASTS
    from nichescout.signals import SIGNALS

    store, platform = datascience
    fit = fitted.provenance_["fit"][platform]
    assert set(FORECASTS) <= set(fit["backtest_ndcg"])
    values = []
    for origin in fit["origins"]:
        cut = datetime.fromisoformat(origin)
        past = SignalContext(platform, Window(None, cut), end=cut)
        members = cohort(store.con, past)[["member_key"]]
        goal = measure("help", store.con, SignalContext(platform, Window(cut, UNTIL)))
        y = members.merge(goal, on="member_key", how="left")["value"].fillna(0.0)
        forecast = SIGNALS["expected_activity"].compute(store.con, past)
        x = members.merge(forecast, on="member_key", how="left")["value"].fillna(0.0)
        values.append(ndcg_at_k(x.to_numpy(), y.to_numpy(), fit["backtest_k"]))
    assert fit["backtest_ndcg"]["expected_activity"] == pytest.approx(np.mean(values), abs=2e-3)


def test_the_prior_less_post_count_and_forecast_is_a_candidate(
    datascience: tuple[Store, str],
) -> None:
    """The goal profiles' priors add post count and the forecast (``PRIOR_BASE``); the fit
    also judges the prior without them. Its inner NDCG@k is exactly that of a fit whose
    prior never had them, and it is chosen only when it beats the whole prior by more than
    the tolerance (at one half-life and without fitted weights, the only two candidates)."""
    from nichescout.scores.fit import GOAL_ONLY
    from nichescout.scores.profiles import PRIOR_BASE
    from nichescout.settings import get as setting

    store, platform = datascience
    goal_signals = {"helpfulness": 3.0, "help_given": 2.0, "network_pagerank": 1.0}
    whole = goal_signals | {name: 6.0 for name in PRIOR_BASE}
    only_priors = {"fit_min_positives": 10**6}
    kwargs = {"half_life_days": None, "fixed_half_life": True, "settings": only_priors}
    with_base = fit_profile(store, platform, None, UNTIL, "help", whole, **kwargs)
    without = fit_profile(store, platform, None, UNTIL, "help", goal_signals, **kwargs)
    assert GOAL_ONLY not in without.backtest
    assert with_base.backtest[GOAL_ONLY] == pytest.approx(without.backtest["prior"], abs=1e-12)
    assert with_base.backtest["prior"] != pytest.approx(with_base.backtest[GOAL_ONLY])
    tolerance = float(setting("fit_tolerance"))
    wins = with_base.backtest[GOAL_ONLY] > with_base.backtest["prior"] + tolerance
    assert with_base.chosen == (GOAL_ONLY if wins else "prior")
    expected = goal_signals if wins else whole
    total = sum(expected.values())
    assert with_base.weights == pytest.approx({k: v / total for k, v in expected.items()})
    # A tolerance that no difference reaches keeps the whole prior.
    settings = only_priors | {"fit_tolerance": 10.0}
    assert (
        fit_profile(
            store, platform, None, UNTIL, "help", whole, **(kwargs | {"settings": settings})
        ).chosen
        == "prior"
    )


def test_a_simple_measure_without_recency_is_scored_but_never_chosen() -> None:
    """On origins whose goal is feedback received itself, that measure alone without recency
    scores a perfect inner NDCG, yet the fit chooses among the other candidates: it *is* the
    feedback-received baseline and can at best tie it. With recency it stays a candidate;
    post count, which recency does not change, is a baseline at every half-life (scored
    once). The choice is the simplest eligible candidate within the tolerance of the best
    eligible one, recomputed here from the candidates' scores."""
    from nichescout.metrics import ndcg_at_k
    from nichescout.scores.fit import _candidates, _choose, _Origin

    rng = np.random.default_rng(7)
    inputs = ["helpfulness", "feedback_received", "activity"]
    origins = []
    for j in range(3):
        received = rng.gamma(1.0, 3.0, size=120)
        recent = received * rng.uniform(0.5, 1.5, size=120)
        helpful, activity = rng.uniform(0, 1, size=(2, 120))
        x_none = np.column_stack([helpful, received / 20, activity])
        x_30 = np.column_stack([helpful, recent / 20, activity])
        origins.append(
            _Origin(datetime(2020, 1, 1 + j), np.floor(received), {None: x_none, 30.0: x_30})
        )
    prior = np.array([1.0, 0.0, 0.0])
    found = _candidates(origins, inputs, prior, [None, 30.0], True, 20, {})
    kinds = sorted((c.kind, c.name, str(c.half_life)) for c in found if c.name in inputs[1:])
    assert kinds == [
        ("baseline", "activity", "None"),
        ("baseline", "feedback_received", "None"),
        ("measure", "feedback_received", "30.0"),
    ]
    baseline = next(c for c in found if c.kind == "baseline" and c.name == "feedback_received")
    want = np.mean([ndcg_at_k(o.features[None][:, 1], o.y, 20) for o in origins])
    assert baseline.score == pytest.approx(want) and baseline.score == pytest.approx(1.0)
    chosen = _choose(found, 0.01)
    assert chosen.kind != "baseline"
    eligible = [c for c in found if c.kind != "baseline"]
    best = max(c.score for c in eligible)
    # were baselines eligible, this one would be chosen: the rule is what keeps it out
    top = max(c.score for c in found)
    assert min((c for c in found if c.score >= top - 0.01), key=lambda c: c.complexity) is baseline
    near = [c for c in eligible if c.score >= best - 0.01]
    assert chosen.complexity == min(c.complexity for c in near)


def test_a_prior_blend_mixes_the_chosen_weights_with_the_prior(
    datascience: tuple[Store, str],
) -> None:
    store, platform = datascience
    prior = {"helpfulness": 3.0, "help_given": 1.0}
    alone = fit_profile(store, platform, None, UNTIL, "help", prior)
    half = fit_profile(
        store, platform, None, UNTIL, "help", prior, settings={"fit_prior_blend": 0.5}
    )
    assert half.chosen == alone.chosen and half.half_life_days == alone.half_life_days
    shares = {"helpfulness": 0.75, "help_given": 0.25}
    assert alone.weights != pytest.approx(shares, abs=0.01)  # else the blend changes nothing
    expected = {
        name: 0.5 * alone.weights.get(name, 0.0) + 0.5 * shares.get(name, 0.0)
        for name in set(alone.weights) | set(shares)
    }
    assert half.weights == pytest.approx(expected, abs=1e-9)
