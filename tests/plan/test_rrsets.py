"""RR sets: n·P(S meets a random RR set) is the exact spread σ(S); sets are reproducible."""

from __future__ import annotations

import math

import numba
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from nichescout.plan.graph import InfluenceGraph
from nichescout.plan.rrsets import CHUNK, RRSets
from tests.plan.conftest import tiny_graphs
from tests.plan.oracle import exact_spread

SETS = 20_000


def _hit_fraction(rr: RRSets, seeds: list[int]) -> float:
    hit = np.zeros(rr.count, dtype=bool)
    owner = np.repeat(np.arange(rr.count), np.diff(rr.offsets))
    hit[owner[np.isin(rr.nodes, seeds)]] = True
    return float(hit.mean())


@settings(max_examples=40, deadline=None)
@given(graph=tiny_graphs(), model=st.sampled_from(["ic", "lt"]), data=st.data())
def test_rr_sets_estimate_the_exact_spread(
    graph: InfluenceGraph, model: str, data: st.DataObject
) -> None:
    seeds = data.draw(st.lists(st.integers(0, graph.n - 1), min_size=1, max_size=2, unique=True))
    rr = RRSets(graph, model, seed=3)  # type: ignore[arg-type]
    rr.extend(SETS)
    q = exact_spread(graph, seeds, model)[0] / graph.n
    # the exact spread may exceed n by a rounding error (LT with weights summing to 1)
    tolerance = 5 * math.sqrt(max(q * (1 - q), 0.0) / rr.count) + 1e-9
    assert abs(_hit_fraction(rr, seeds) - q) <= tolerance
    for i in range(0, rr.count, 997):  # a set has no repeated member and holds its root
        members = rr.set(i)
        assert len(set(members.tolist())) == members.size >= 1


def test_the_oracle_can_fail() -> None:
    """Sets drawn on a graph with other probabilities miss the exact spread."""
    truth = InfluenceGraph.from_edges([0, 1, 0], [1, 2, 2], [0.5, 0.5, 0.2])
    wrong = InfluenceGraph.from_edges([0, 1, 0], [1, 2, 2], [0.5, 0.5, 0.4])
    rr = RRSets(wrong, "ic", seed=1)
    rr.extend(SETS)
    q = exact_spread(truth, [0], "ic")[0] / 3
    assert abs(_hit_fraction(rr, [0]) - q) > 5 * math.sqrt(q * (1 - q) / rr.count)


def test_sets_do_not_depend_on_threads_or_batches() -> None:
    rng = np.random.default_rng(0)
    src, dst = rng.integers(0, 300, 3000), rng.integers(0, 300, 3000)
    graph = InfluenceGraph.from_edges(src, dst, rng.uniform(0, 0.3, 3000), n=300)
    whole = RRSets(graph, "ic", seed=9)
    whole.extend(40 * CHUNK)
    before = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        steps = RRSets(graph, "ic", seed=9)
        for target in (1, 3 * CHUNK, 17 * CHUNK, 40 * CHUNK):
            steps.extend(target)
    finally:
        numba.set_num_threads(before)
    assert np.array_equal(whole.offsets, steps.offsets)
    assert np.array_equal(whole.nodes, steps.nodes)


def test_a_chunk_that_overflows_its_slot_is_drawn_again_the_same() -> None:
    """Every set of a complete graph with p = 1 is the whole graph: far more than the first
    slot's guess of the set size, so chunks overflow and are redrawn with more room."""
    n = 120
    u, v = np.meshgrid(np.arange(n), np.arange(n))
    graph = InfluenceGraph.from_edges(u.ravel(), v.ravel(), np.ones(n * n), n=n)
    rr = RRSets(graph, "ic", seed=2)
    rr.extend(3 * CHUNK)
    assert np.all(np.diff(rr.offsets) == n)
    roomy = RRSets(graph, "ic", seed=2)
    roomy._mean = float(n)  # slots big enough from the start: no redraw
    roomy.extend(3 * CHUNK)
    assert np.array_equal(rr.nodes, roomy.nodes)
