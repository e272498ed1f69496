"""Several windows in one query give what one query per window gives (``Signal.windows``,
``SignalContext.spanning``): the fit's inner cutoffs, and the goals after them."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from nichescout.goals import GOALS, measure
from nichescout.scores.cohort import cohort, cohorts
from nichescout.signals import SIGNALS, SignalContext, Window
from tests.signals.oracles import Community
from tests.signals.test_grid import GRIDS, MANY_QUERIES, differences
from tests.signals.test_oracles import BASE, PLATFORM, by_id, communities, load, toy

DAYS = st.lists(st.integers(1, 44), min_size=2, max_size=4, unique=True).map(sorted)


def _windows(days, future: bool, start_day) -> list[tuple[Window, object]]:
    """Windows ``[start, cutoff)`` with recency ending at the cutoff (the fit's inputs), or
    ``[cutoff, open)`` without an end (its goals after each cutoff)."""
    start = None if start_day is None else BASE + timedelta(days=start_day)
    cutoffs = [BASE + timedelta(days=d) for d in days]
    if future:
        return [(Window(c), None) for c in cutoffs]
    return [(Window(start, c), c) for c in cutoffs if start is None or c > start]


def _compare(community: Community, days, future: bool, start_day, half_lives, setting) -> list:
    store = load(community)
    # a BG/NBD population of any size, so that expected_activity is fitted in each window
    overrides = {"expected_activity_min_members": 1}
    if setting is not None:
        overrides["half_life_days"] = setting
    windows = _windows(days, future, start_day)
    ctx = SignalContext(PLATFORM, overrides=overrides)
    failures = []
    for name, signal in SIGNALS.items():
        if not signal.windows:
            continue
        got = signal.compute_windows(store.con, ctx, windows, half_lives)
        assert len(got) == len(windows), name
        for (window, end), frames in zip(windows, got, strict=True):
            one = SignalContext(PLATFORM, window, overrides, end)
            want = signal.compute_grid(store.con, one, half_lives)
            for h, frame, expected in zip(half_lives, frames, want, strict=True):
                wrong = differences(by_id(store, frame), by_id(store, expected))
                if wrong:
                    failures.append(f"{name} in {window} at half-life {h}: {wrong[:3]}")
    for (window, end), together in zip(windows, cohorts(store.con, ctx, windows), strict=True):
        alone = cohort(store.con, SignalContext(PLATFORM, window, overrides, end))
        if not together.equals(alone):
            failures.append(f"cohort in {window}: {len(together)} members, not {len(alone)}")
    if len(windows) > 1:
        spanned = ctx.spanning(windows)
        columns = [r.col("value") for r in spanned.recencies()]
        for goal in GOALS:
            frame = measure(goal, store.con, spanned)
            for (window, end), column in zip(windows, columns, strict=True):
                alone = measure(goal, store.con, SignalContext(PLATFORM, window, overrides, end))
                got = by_id(store, frame, column)
                wrong = differences(got, by_id(store, alone))
                if wrong:
                    failures.append(f"goal {goal} in {window}: {wrong[:3]}")
    return failures


@MANY_QUERIES
@given(
    community=communities(),
    days=DAYS,
    future=st.booleans(),
    start_day=st.one_of(st.none(), st.integers(0, 10)),
    half_lives=GRIDS,
    setting=st.sampled_from([None, 10.0]),
)
def test_windows_match_one_query_per_window(
    community: Community, days, future, start_day, half_lives, setting
) -> None:
    assert not _compare(community, days, future, start_day, half_lives, setting)


def test_windows_on_the_toy_community() -> None:
    for future in (False, True):
        assert not _compare(toy(), [6, 12, 20], future, None, (None, 3.0), None)


def test_the_goal_signals_compute_windows_in_one_query() -> None:
    windowed = {name for name, s in SIGNALS.items() if s.windows}
    assert {"help_given", "feedback_received", "newcomers_welcomed", "peer_reach"} <= windowed


def test_a_newcomer_welcomed_across_a_cutoff_counts_only_where_they_arrived() -> None:
    """``n`` first appears an hour before the second cutoff and is answered two hours later:
    welcomed in the window that starts at the first cutoff, not in the one that starts at
    the second (the newcomer arrived before it), though the answer lies in both."""
    from tests.signals.oracles import Event, Item, Member

    hour = timedelta(hours=1)
    first, second = BASE + timedelta(days=2), BASE + timedelta(days=4)
    community = Community(
        (Member("old"), Member("n"), Member("helper")),
        (Item("q0", "old", "post", BASE),),
        (
            Event("e0", "n", "reaction", "old", "q0", second - hour),
            Event("e1", "helper", "reply", "n", None, second + hour),
        ),
    )
    store = load(community)
    windows = [(Window(first), None), (Window(second), None)]
    spanned = SignalContext(PLATFORM).spanning(windows)
    frame = measure("welcome", store.con, spanned)
    assert by_id(store, frame, "value") == {"helper": 1.0}
    assert by_id(store, frame, "value__w1").get("helper", 0.0) == 0.0
    assert not _compare(community, [2, 4], True, None, (None,), None)


@MANY_QUERIES
@given(
    community=communities(),
    days=DAYS,
    start_day=st.one_of(st.none(), st.integers(0, 10)),
    half_life=st.sampled_from([None, 3.0, 30.0]),
)
def test_interaction_graphs_match_one_graph_per_window(
    community: Community, days, start_day, half_life
) -> None:
    """The fit's inner cutoffs build their interaction graphs in one pass: each is the graph
    of its own window, edge for edge (an edge without interactions there is absent)."""
    from nichescout.graph.interaction_graph import interaction_graph, interaction_graphs

    store = load(community)
    windows = [
        (Window(w.since, w.until, half_life), end) for w, end in _windows(days, False, start_day)
    ]
    together = interaction_graphs(store.con, PLATFORM, windows)
    assert len(together) == len(windows)
    for (window, end), graph in zip(windows, together, strict=True):
        alone = interaction_graph(store.con, PLATFORM, window, end=end)
        assert graph.member_keys.tolist() == alone.member_keys.tolist()
        got, want = graph.adjacency.tocoo(), alone.adjacency.tocoo()
        assert sorted(zip(got.row.tolist(), got.col.tolist(), strict=True)) == sorted(
            zip(want.row.tolist(), want.col.tolist(), strict=True)
        ), window
        assert np.abs((graph.adjacency - alone.adjacency).toarray()).max(initial=0.0) < 1e-9, window
