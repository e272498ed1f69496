"""The influence graph from the store: weight, wc and const rules, hand-computed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nichescout.exceptions import NotFoundError, ParameterError
from nichescout.ingest.graph import import_graph
from nichescout.plan.graph import InfluenceGraph, influence_graph, parse_probability
from nichescout.store import Store

#: a → b twice (0.5 and 0.2), c → b once (0.4), b → c once (1.0), a → a (a self-loop, dropped)
EDGES = "4 5\na b 0.5\na b 0.2\nc b 0.4\nb c 1.0\na a 0.3\n"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    path = tmp_path / "edges.txt"
    path.write_text(EDGES)
    store = Store(":memory:")
    import_graph(store, path, platform="g", columns=("source", "target", "weight"))
    return store


def _pairs(graph: InfluenceGraph, values: np.ndarray) -> dict[tuple[str, str], float]:
    assert graph.member_ids is not None
    ids = graph.member_ids
    return {
        (ids[s], ids[d]): round(float(v), 6)
        for s, d, v in zip(graph.src, graph.dst, values, strict=True)
    }


def test_weight_combines_repeated_interactions_as_independent_chances(store: Store) -> None:
    g = influence_graph(store.con, "g", "weight")
    assert g.n == 3
    assert _pairs(g, g.prob) == {("a", "b"): 0.6, ("c", "b"): 0.4, ("b", "c"): 1.0}
    # LT adds the values; b receives 0.7 + 0.4 = 1.1 > 1: scaled to sum 1
    assert _pairs(g, g.lt_weight) == {
        ("a", "b"): round(0.7 / 1.1, 6),
        ("c", "b"): round(0.4 / 1.1, 6),
        ("b", "c"): 1.0,
    }
    assert g.lt_scaled == 1


def test_weighted_cascade_is_the_share_of_interactions_received(store: Store) -> None:
    g = influence_graph(store.con, "g", "wc")
    assert _pairs(g, g.prob) == {
        ("a", "b"): round(2 / 3, 6),
        ("c", "b"): round(1 / 3, 6),
        ("b", "c"): 1.0,
    }
    assert g.lt_scaled == 0


def test_const_is_one_chance_per_interaction(store: Store) -> None:
    g = influence_graph(store.con, "g", "const:0.1")
    assert _pairs(g, g.prob) == {("a", "b"): 0.19, ("c", "b"): 0.1, ("b", "c"): 0.1}
    assert parse_probability("const") == ("const", 0.01)


def test_weights_that_are_not_probabilities_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "counts.txt"
    path.write_text("a b 3\nb c 0.5\n")
    store = Store(":memory:")
    import_graph(store, path, platform="g", columns=("source", "target", "weight"))
    with pytest.raises(
        ParameterError,
        match=r"1 interactions of 'g' have a value outside \[0, 1\] \(e.g. a → b has 3.0\)",
    ):
        influence_graph(store.con, "g", "weight")
    assert influence_graph(store.con, "g", "wc").m == 2  # the other rules read no value


@pytest.mark.parametrize("bad", ["weights", "const:-0.1", "const:x", "wc:2", ""])
def test_bad_probability_rule(bad: str) -> None:
    with pytest.raises(ParameterError, match="'probability' parameter"):
        parse_probability(bad)


def test_unknown_platform(store: Store) -> None:
    with pytest.raises(NotFoundError):
        influence_graph(store.con, "nope", "wc")


def test_from_edges_checks_probabilities() -> None:
    with pytest.raises(ParameterError, match=r"probabilities in \[0, 1\]"):
        InfluenceGraph.from_edges([0], [1], [1.5])
