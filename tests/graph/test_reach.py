"""Two-hop reach: exact against NetworkX; the sketch against exact counts on a medium graph."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from nichescout.exceptions import ParameterError
from nichescout.graph import build_graph, toy_graph, two_hop_reach, two_hop_work


def networkx_reach(a):
    g = nx.from_scipy_sparse_array(a, create_using=nx.DiGraph)
    return np.array(
        [len(nx.single_source_shortest_path_length(g, i, cutoff=2)) - 1 for i in range(a.shape[0])]
    )


def power_law_graph(n, m, seed):
    """Chung-Lu: both ends drawn ∝ one Pareto weight, so hubs follow and are followed."""
    rng = np.random.default_rng(seed)
    weight = (1.0 - rng.random(n)) ** (-1 / 1.3)
    p = weight / weight.sum()
    return build_graph(rng.choice(n, m, p=p), rng.choice(n, m, p=p), n_nodes=n)


@pytest.mark.parametrize(("n", "m", "seed"), [(20, 40, 0), (80, 300, 1), (300, 900, 2)])
def test_exact_matches_networkx(random_digraph, n, m, seed):
    a = random_digraph(n, m, seed, dangling=4)  # self-loops and reciprocal edges included
    expected = networkx_reach(a)
    np.testing.assert_array_equal(two_hop_reach(a, "exact"), expected)
    np.testing.assert_array_equal(two_hop_reach(a), expected)  # auto: small work, exact


def test_sketch_is_exact_where_the_two_hop_work_is_small(random_digraph):
    a = random_digraph(300, 600, 4)  # out-degree ≈ 2, so work per node ≪ 2^8
    np.testing.assert_array_equal(two_hop_reach(a, "sketch", random_state=0), networkx_reach(a))


def test_sketch_error_on_a_medium_power_law_graph():
    a = power_law_graph(20_000, 100_000, seed=5)
    exact = two_hop_reach(a, "exact")
    big = exact > 2**8  # the nodes the sketch estimates rather than counts
    assert big.sum() > 1000
    errors = {}
    for precision in (6, 8, 10):
        rel = [
            (two_hop_reach(a, "sketch", precision=precision, random_state=s) - exact)[big]
            / exact[big]
            for s in range(3)
        ]
        stated = 1.04 / np.sqrt(2**precision)
        rmse = np.sqrt(np.mean(np.square(rel)))
        assert rmse <= stated, (precision, rmse, stated)  # ≈ 0.5 · stated: bounds help
        assert abs(np.mean(rel)) <= stated / 3  # no bias worth the name
        assert np.abs(rel).max() <= 6 * stated
        errors[precision] = rmse
    assert errors[10] < errors[8] < errors[6]


def test_auto_switches_to_the_sketch_on_heavy_graphs(monkeypatch):
    import nichescout.graph.reach as reach

    a = power_law_graph(5_000, 30_000, seed=1)
    monkeypatch.setattr(reach, "_AUTO_MAX_WORK", two_hop_work(a) - 1)
    np.testing.assert_array_equal(
        two_hop_reach(a, random_state=3), two_hop_reach(a, "sketch", random_state=3)
    )
    assert not np.array_equal(two_hop_reach(a, random_state=3), two_hop_reach(a, "exact"))


def test_work_is_the_sum_of_in_times_out_degrees(random_digraph):
    a = random_digraph(50, 200, 6)
    structure = (a > 0).astype(float)
    assert two_hop_work(a) == int((structure @ structure).sum())


def test_toy_and_empty():
    np.testing.assert_array_equal(two_hop_reach(toy_graph()), [3, 3, 5, 2, 1, 0])
    np.testing.assert_array_equal(two_hop_reach(toy_graph(), "sketch"), [3, 3, 5, 2, 1, 0])
    for method in ("exact", "sketch"):
        assert two_hop_reach(build_graph([], [], n_nodes=0), method).shape == (0,)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"method": "hll"}, "'method' parameter of two_hop_reach"),
        ({"precision": 3}, "'precision'.*an int in 4..16"),
        ({"precision": 8.0}, "'precision'"),
    ],
)
def test_rejects_bad_parameters(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        two_hop_reach(toy_graph(), **kwargs)
