"""expected_activity against an oracle in plain Python, on communities Hypothesis generates.

The oracle reads the same records ``tests/signals/test_oracles.py`` loads into a store
(``Community``/``Member``/``Item``/``Event``) and follows the signal's docstring with the
conventions of ``tests/signals/oracles.py``: the window is ``since <= t < until``; undated
events belong to no member's active days; bots never count. Per member: the calendar days
(UTC) on which they authored an item or acted → x = days − 1, t_x = last − first active day,
T = the window's end (``until``, else the context's ``end``, else the window's last event)
− the first active day, in days. With fewer than ``expected_activity_min_members`` members
with x > 0: no rows. Otherwise the population is fitted with ``nichescout.bgnbd.fit`` (the
kernel, tested against lifetimes and integration in tests/test_bgnbd.py) on the members — a
systematic sample of ``expected_activity_fit_members`` when there are more — and each
member's value is lifetimes' conditional expectation at horizon × the window's span (from
``since``, else the window's first event, to the end).
"""

from __future__ import annotations

import warnings
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from scipy.special import hyp2f1

from nichescout import bgnbd
from nichescout import settings as ns_settings
from nichescout.kinds import ContentKind, InteractionKind
from nichescout.signals import SIGNALS
from tests.signals.oracles import Community, Event, Item, Member, Scope
from tests.signals.test_oracles import BASE, by_id, communities, context, load, toy

with warnings.catch_warnings():
    # lifetimes 0.11.3 sets pandas' mode.chained_assignment on import, deprecated in pandas 3
    warnings.filterwarnings(
        "ignore",
        message=r"The 'mode\.chained_assignment' option is deprecated",
        category=DeprecationWarning,
    )
    from lifetimes import BetaGeoFitter

DAY = timedelta(days=1)
NAMES = (
    "expected_activity_horizon",
    "expected_activity_fit_members",
    "expected_activity_min_members",
    "expected_activity_penalty",
)


# -- the oracle ---------------------------------------------------------------------------


def summaries(c: Community, s: Scope) -> tuple[dict[str, tuple[int, int, float, float]], float]:
    """Each member's (active days, x, t_x, T), and the window's span in days."""
    bots = {m.member_id for m in c.members if m.is_bot}
    events = [(i.author_id, i.created_at) for i in c.content]
    events += [(e.actor_id, e.created_at) for e in c.interactions if e.created_at is not None]
    events = [(who, t) for who, t in events if s.inside(t)]
    if not events:
        return {}, 0.0
    end = s.until or s.end or max(t for _, t in events)
    start = s.since or min(t for _, t in events)
    days: dict[str, set[date]] = defaultdict(set)
    for who, t in events:
        if who is not None and who not in bots:
            days[who].add(t.date())
    out = {}
    for who, active in days.items():
        first, last = min(active), max(active)
        T = (end - datetime.combine(first, datetime.min.time())) / DAY
        out[who] = (len(active), len(active) - 1, float((last - first).days), T)
    return out, (end - start) / DAY


def sample(rows: dict[str, tuple[int, int, float, float]], limit: int) -> list[tuple[int, float, float]]:  # fmt: skip
    """The (x, t_x, T) of at most ``limit`` members: every k-th in the order of (x, t_x, T,
    member), at positions linspace(0, n − 1, limit) rounded, each once. Members tied on
    (x, t_x, T) are interchangeable in a fit, so the ids may stand for the store's keys."""
    ordered = sorted((x, t_x, T, who) for who, (_, x, t_x, T) in rows.items())
    if len(ordered) > limit:
        ordered = [ordered[k] for k in sorted(set(np.linspace(0, len(ordered) - 1, limit).round().astype(int)))]  # fmt: skip
    return [(x, t_x, T) for x, t_x, T, _ in ordered]


def conditional_expectation(
    params: bgnbd.BGNBDParams, h: float, x: int, t_x: float, T: float
) -> float:
    """lifetimes' E[Y(h) | x, t_x, T]; where it takes the log of a negative ₂F₁ (x = 0 and
    a + b < 1, its c = a + b − 1 < 0), the same closed form without the log."""
    r, alpha, a, b = params.as_tuple()
    model = BetaGeoFitter()
    model.params_ = pd.Series({"r": r, "alpha": alpha, "a": a, "b": b})
    with np.errstate(all="ignore"):
        value = float(model.conditional_expected_number_of_purchases_up_to_time(h, x, t_x, T))
    if np.isfinite(value) or x > 0:
        return value
    f = hyp2f1(r, b, a + b - 1, h / (alpha + T + h))
    return float((a + b - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + h)) ** r * f))


def oracle(c: Community, s: Scope) -> dict[str, tuple[float, float, float, float]]:
    """Member → (value, days, T − t_x, horizon), nothing when too few members to fit."""
    rows, span = summaries(c, s)
    if sum(1 for _, x, _, _ in rows.values() if x > 0) < int(s.settings["expected_activity_min_members"]):  # fmt: skip
        return {}
    counts = Counter(sample(rows, int(s.settings["expected_activity_fit_members"])))
    keys = sorted(counts)
    params = bgnbd.fit(
        [k[0] for k in keys],
        [k[1] for k in keys],
        [k[2] for k in keys],
        penalty=float(s.settings["expected_activity_penalty"]),
        weights=[counts[k] for k in keys],
    )
    h = float(s.settings["expected_activity_horizon"]) * max(span, 0.0)
    return {
        who: (conditional_expectation(params, h, x, t_x, T), float(days), T - t_x, h)
        for who, (days, x, t_x, T) in rows.items()
    }


# -- what Hypothesis draws ----------------------------------------------------------------


def _time(draw: st.DrawFn) -> datetime:
    return BASE + timedelta(
        days=draw(st.integers(0, 60)),
        hours=draw(st.sampled_from([0, 0, 9, 12, 23])),
        minutes=draw(st.sampled_from([0, 30, 59])),
    )


@st.composite
def busy(draw: st.DrawFn) -> Community:
    """Members active on several days each (items or actions), bots among them, anonymous and
    undated events: populations where the model has something to fit."""
    n = draw(st.integers(2, 14))
    members = tuple(
        Member(f"m{k}", is_bot=draw(st.sampled_from([False, False, False, False, True, None])))
        for k in range(n)
    )
    ids = [m.member_id for m in members]
    items: list[Item] = []
    events: list[Event] = []
    for who in [*ids, None]:
        for _ in range(draw(st.integers(0, 7))):
            when = _time(draw)
            if draw(st.booleans()):
                kind = draw(st.sampled_from([k.value for k in ContentKind]))
                items.append(Item(f"c{len(items)}", who, kind, when, thread_id=f"c{len(items)}"))
            else:
                kind = draw(st.sampled_from([k.value for k in InteractionKind]))
                dated = None if draw(st.integers(0, 9)) == 0 else when
                target = draw(st.sampled_from([None, *ids]))
                events.append(Event(f"i{len(events)}", who, kind, target, None, dated))
    if not items:
        items.append(Item("c0", None, "post", _time(draw), thread_id="c0"))
    return Community(members, tuple(items), tuple(events))


@st.composite
def scopes(draw: st.DrawFn, c: Community) -> Scope:
    times = sorted({i.created_at for i in c.content} | {e.created_at for e in c.interactions if e.created_at})  # fmt: skip
    since = draw(st.one_of(st.none(), st.sampled_from(times), st.builds(lambda d: BASE + d * DAY, st.integers(0, 30))))  # fmt: skip
    until = None
    if draw(st.booleans()):
        later = [t for t in times if since is None or t > since]
        start = since or BASE
        until = start + timedelta(days=draw(st.integers(1, 60)), hours=draw(st.sampled_from([0, 12])))  # fmt: skip
        if later and draw(st.booleans()):
            until = draw(st.sampled_from(later))
    end = None if until else draw(st.sampled_from([None, BASE + 70 * DAY]))
    overrides: dict[str, Any] = {
        "expected_activity_min_members": draw(st.sampled_from([1, 1, 1, 1, 2, 4])),
        "expected_activity_horizon": draw(st.sampled_from([0.5, 0.5, 1.0, 0.2])),
        "expected_activity_penalty": draw(st.sampled_from([0.001, 0.001, 0.02])),
    }
    if draw(st.booleans()):
        # 2 or more: the sample then holds the member with most active days (x > 0 when
        # any member's is); a sample of one member seen once leaves the model unidentified
        overrides["expected_activity_fit_members"] = draw(st.integers(2, 6))
    return Scope(since, until, None, end, overrides)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Community, Scope]:
    community = draw(st.one_of(busy(), busy(), busy(), communities()))
    return community, draw(scopes(community))


def resolved(scope: Scope) -> Scope:
    values = {name: ns_settings.get(name, scope.settings) for name in NAMES}
    return Scope(scope.since, scope.until, scope.half_life_days, scope.end, values)


def compare(community: Community, scope: Scope) -> pd.DataFrame:
    store = load(community)
    frame = SIGNALS["expected_activity"].compute(store.con, context(scope))
    want = oracle(community, resolved(scope))
    got = {col: by_id(store, frame, col) for col in ("value", "days", "silent", "horizon")}
    assert set(got["value"]) == set(want), (got["value"], want)
    for who, (value, days, silent, horizon) in want.items():
        # an expected number of days: finite and never negative, whatever the fit
        assert np.isfinite(got["value"][who]) and got["value"][who] >= 0, (who, got["value"])
        if np.isfinite(value):  # else the closed form failed in the oracle too
            assert got["value"][who] == pytest.approx(value, rel=1e-5, abs=1e-8), who
        assert got["days"][who] == days, who
        # rounded: the nearest whole number of days (a half may go either way)
        assert abs(got["silent"][who] - silent) <= 0.5 + 1e-9, who
        assert abs(got["horizon"][who] - horizon) <= 0.5 + 1e-9, who
    return frame


# -- the tests ----------------------------------------------------------------------------


def _steady() -> Community:
    """Five members active on a few days each over six weeks, one leaving early, a bot."""
    plan = {
        "ann": [0, 3, 7, 10, 14, 21, 28, 35, 40],
        "bob": [1, 2, 5],
        "cat": [4, 18, 39],
        "dan": [6],
        "eve": [0, 1, 2, 3, 4, 5, 6],
        "bot": [0, 1, 2, 3, 4, 5, 6, 7, 8],
    }
    items = tuple(
        Item(f"{who}{d}", who, "post", BASE + d * DAY + timedelta(hours=9), thread_id=f"{who}{d}")
        for who, days in plan.items()
        for d in days
    )
    events = (Event("e0", "bob", "reaction", "ann", "ann0", BASE + 20 * DAY),)
    members = tuple(Member(m, is_bot=m == "bot") for m in plan)
    return Community(members, items, events)


ONE = {"expected_activity_min_members": 1}


def _three() -> Community:
    """Two members active on two days, one on one; the window ends with an anonymous post."""
    at = {"m0": [0, 12], "m5": [3, 11], "m1": [0]}
    items = [
        Item(f"{who}{d}", who, "post", BASE + d * DAY + timedelta(hours=9), thread_id=f"{who}{d}")
        for who, days in at.items()
        for d in days
    ]
    items.append(Item("last", None, "post", BASE + 14 * DAY + timedelta(hours=9), thread_id="last"))
    return Community(tuple(Member(m) for m in at), tuple(items), ())


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=cases())
@example(case=(_steady(), Scope(settings=ONE)))
@example(case=(_steady(), Scope(BASE + 2 * DAY, BASE + 30 * DAY + timedelta(hours=12), settings=ONE)))  # fmt: skip
@example(case=(_steady(), Scope(end=BASE + 70 * DAY, settings={**ONE, "expected_activity_fit_members": 3})))  # fmt: skip
@example(case=(toy(), Scope(settings=ONE)))
@example(case=(_three(), Scope(settings={**ONE, "expected_activity_penalty": 0.02})))
def test_expected_activity_matches_its_oracle(case: tuple[Community, Scope]) -> None:
    frame = compare(*case)
    event("rows" if len(frame) else "no rows")  # --hypothesis-show-statistics
    if len(frame) > int(resolved(case[1]).settings["expected_activity_fit_members"]):
        event("fitted on a sample")


def test_too_few_members_active_twice_give_no_rows() -> None:
    community = _steady()
    active_twice = 4  # ann, bob, cat, eve (dan once; the bot never counts)
    rows, _ = summaries(community, Scope())
    assert sum(1 for _, x, _, _ in rows.values() if x > 0) == active_twice
    store = load(community)
    few = SIGNALS["expected_activity"].compute(
        store.con, context(Scope(settings={"expected_activity_min_members": active_twice + 1}))
    )
    assert few.empty
    enough = compare(community, Scope(settings={"expected_activity_min_members": active_twice}))
    assert len(enough) == 5
    # the default (20) on the toy community, as the docstring says
    assert SIGNALS["expected_activity"].compute(load(toy()).con, context(Scope())).empty


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases(), later=st.lists(st.tuples(st.integers(0, 5), st.sampled_from([0, 0, 12])), min_size=1, max_size=6))  # fmt: skip
def test_events_at_or_after_until_change_nothing(
    case: tuple[Community, Scope], later: list[tuple[int, int]]
) -> None:
    community, scope = case
    until = scope.until or (scope.since or BASE) + 30 * DAY
    scope = Scope(scope.since, until, None, None, {**scope.settings, **ONE})
    ids = [m.member_id for m in community.members]
    items = tuple(
        Item(
            f"late{k}",
            ids[k % len(ids)],
            "post",
            until + d * DAY + timedelta(hours=h),
            thread_id=f"late{k}",
        )  # fmt: skip
        for k, (d, h) in enumerate(later)
    )
    events = tuple(
        Event(
            f"late{k}",
            ids[(k + 1) % len(ids)],
            "reaction",
            ids[k % len(ids)],
            None,
            until + d * DAY + timedelta(hours=h),
        )  # fmt: skip
        for k, (d, h) in enumerate(later)
    )
    grown = Community(community.members, community.content + items, community.interactions + events)  # fmt: skip
    before = SIGNALS["expected_activity"].compute(load(community).con, context(scope))
    after = SIGNALS["expected_activity"].compute(load(grown).con, context(scope))
    pd.testing.assert_frame_equal(
        before.sort_values("member_key").reset_index(drop=True),
        after.sort_values("member_key").reset_index(drop=True),
    )
