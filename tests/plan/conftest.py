"""Tiny random influence graphs for the oracle tests (Hypothesis strategies)."""

from __future__ import annotations

from hypothesis import strategies as st

from nichescout.plan.graph import InfluenceGraph

PROBABILITIES = st.one_of(
    st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.9, 1.0]), st.floats(0.0, 1.0, allow_nan=False)
)


@st.composite
def tiny_graphs(draw: st.DrawFn, max_edges: int = 9) -> InfluenceGraph:
    """2–6 nodes and up to ``max_edges`` distinct directed pairs with random probabilities
    (LT weights: the same values, scaled where a node's in-weights pass 1)."""
    n = draw(st.integers(2, 6))
    pairs = [(u, v) for u in range(n) for v in range(n) if u != v]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=max_edges, unique=True))
    probs = [draw(PROBABILITIES) for _ in chosen]
    src = [u for u, _ in chosen]
    dst = [v for _, v in chosen]
    return InfluenceGraph.from_edges(src, dst, probs, n=n)
