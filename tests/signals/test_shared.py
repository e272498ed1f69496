"""What signals keep in ``SignalContext.shared`` does not depend on the window."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from nichescout.data.toy import toy_community
from nichescout.signals import SIGNALS, SignalContext, Window

UNTILS = (datetime(2024, 1, 5), None, datetime(2024, 1, 12), datetime(2024, 1, 20, 9))


def test_contexts_sharing_results_compute_what_fresh_ones_do() -> None:
    store = toy_community()
    shared: dict[str, object] = {}
    for until in UNTILS:
        fresh = SignalContext("toy", Window(until=until, half_life_days=7.0))
        reused = SignalContext("toy", Window(until=until, half_life_days=7.0), shared=shared)
        for name, signal in SIGNALS.items():
            if not signal.applies(store.con, fresh):
                continue
            pd.testing.assert_frame_equal(
                signal.compute(store.con, reused), signal.compute(store.con, fresh), obj=name
            )
    assert "toy\x00positive_feedback.kinds" in shared


def test_once_computes_once_per_platform() -> None:
    calls: list[str] = []
    shared: dict[str, object] = {}
    for platform in ("a", "b", "a"):
        ctx = SignalContext(platform, shared=shared)
        assert ctx.once("k", lambda p=platform: calls.append(p) or p) == platform
    assert calls == ["a", "b"]


def test_bridging_counts_against_the_partition_of_an_earlier_window() -> None:
    """A fit's inner cutoffs share the communities detected before the earliest of them
    (``PARTITION_WINDOW``): bridging then counts, over the context's own graph, the
    neighbours' communities of that earlier partition."""
    import networkx as nx
    import numpy as np

    from nichescout.graph import detect_communities
    from nichescout.graph.interaction_graph import interaction_graph
    from nichescout.signals.network import PARTITION_WINDOW

    store = toy_community()
    earlier = Window(until=datetime(2024, 1, 9))
    ctx = SignalContext("toy", Window(until=datetime(2024, 1, 20, 9)), shared={})
    ctx.cache[PARTITION_WINDOW] = earlier
    got = SIGNALS["network_bridging"].compute(store.con, ctx)

    before = interaction_graph(store.con, "toy", earlier)
    labels = dict(
        zip(
            before.member_keys.tolist(),
            detect_communities(before.adjacency, random_state=0),
            strict=True,
        )
    )
    now = interaction_graph(store.con, "toy", ctx.window)
    g = nx.from_scipy_sparse_array(now.adjacency + now.adjacency.T)
    keys = now.member_keys.tolist()
    expected = {
        keys[v]: len({labels[keys[u]] for u in g.neighbors(v)} - {labels[keys[v]]}) for v in g
    }
    values = dict(zip(got["member_key"], got["value"], strict=True))
    assert {k: values.get(k, 0.0) for k in expected} == expected
    # the earlier partition is not the context's own: counted against its own, it differs
    own = SIGNALS["network_bridging"].compute(
        store.con, SignalContext("toy", ctx.window, shared={})
    )
    assert dict(zip(own["member_key"], own["value"], strict=True)) != values
    assert np.isclose(sum(expected.values()), got["value"].sum())
