"""A half-life grid in one query gives what one query per half-life gives (``Signal.grid``)."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nichescout.signals import SIGNALS, SignalContext, Window
from tests.signals.oracles import Community
from tests.signals.test_oracles import BASE, PLATFORM, by_id, communities, load, toy

GRIDS = st.lists(st.sampled_from([None, 2.0, 7.5, 30.0, 365.0]), min_size=2, max_size=4)


def differences(got: dict[str, float], want: dict[str, float]) -> list[str]:
    """Members whose values differ (a missing member counts as 0), sorted."""
    keys = set(got) | set(want)
    return sorted(k for k in keys if abs(got.get(k, 0.0) - want.get(k, 0.0)) > 1e-9)


def _per_half_life(store, ctx: SignalContext, name: str, half_lives) -> list[dict[str, float]]:
    signal = SIGNALS[name]
    out = []
    for h in half_lives:
        one = SignalContext(
            ctx.platform,
            Window(ctx.window.since, ctx.window.until, h),
            dict(ctx.overrides),
            ctx.end,
        )
        out.append(by_id(store, signal.compute(store.con, one)))
    return out


def _compare(community: Community, ctx: SignalContext, half_lives) -> list[str]:
    store = load(community)
    failures = []
    for name, signal in SIGNALS.items():
        if not signal.applies(store.con, ctx):
            continue
        frames = signal.compute_grid(store.con, ctx, half_lives)
        assert len(frames) == len(half_lives), name
        want = _per_half_life(store, ctx, name, half_lives)
        for h, frame, expected in zip(half_lives, frames, want, strict=True):
            wrong = differences(by_id(store, frame), expected)
            if wrong:
                failures.append(f"{name} at half-life {h}: {wrong[:3]}")
    return failures


#: Hypothesis settings of the tests that compare one query for many half-lives or windows
#: with one query each (each example loads a store and runs every signal several times).
MANY_QUERIES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@MANY_QUERIES
@given(
    community=communities(),
    half_lives=GRIDS,
    until_day=st.one_of(st.none(), st.integers(5, 45)),
    setting=st.sampled_from([None, 10.0]),
)
def test_grid_matches_one_query_per_half_life(
    community: Community, half_lives, until_day, setting
) -> None:
    from datetime import timedelta

    until = None if until_day is None else BASE + timedelta(days=until_day)
    overrides = {} if setting is None else {"half_life_days": setting}
    ctx = SignalContext(PLATFORM, Window(until=until), overrides, BASE + timedelta(days=45))
    assert not _compare(community, ctx, half_lives)


def test_grid_signals_answer_in_one_query() -> None:
    """The signals declared ``grid=True`` return one column per half-life of the context."""
    store = load(toy())
    ctx = SignalContext(PLATFORM, Window(until=datetime(2024, 1, 21)), extra_half_lives=(3.0, None))
    gridded = [name for name, s in SIGNALS.items() if s.grid]
    assert {"helpfulness", "positive_feedback", "help_given", "peer_mentions"} <= set(gridded)
    for name in gridded:
        frame = SIGNALS[name].compute(store.con, ctx)
        assert {"value", "value__h1", "value__h2"} <= set(frame.columns), name


@pytest.mark.parametrize("half_lives", [(None, 3.0), (3.0, None, 30.0)])
def test_grid_on_the_toy_community(half_lives) -> None:
    ctx = SignalContext(PLATFORM, Window(until=datetime(2024, 1, 21)), {}, None)
    assert not _compare(toy(), ctx, half_lives)
