"""Core numbers against networkx.core_number on the undirected simple graph."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from nichescout.graph import build_graph, core_number, to_undirected, toy_graph


def networkx_cores(a):
    g = nx.from_scipy_sparse_array(to_undirected(a, weighted=False))
    cores = nx.core_number(g)
    return np.array([cores[i] for i in range(a.shape[0])])


@pytest.mark.parametrize(("n", "m", "seed"), [(30, 60, 0), (100, 500, 1), (300, 3000, 2)])
def test_matches_networkx_on_random_graphs(random_digraph, n, m, seed):
    a = random_digraph(n, m, seed, dangling=5)  # self-loops and reciprocal edges included
    np.testing.assert_array_equal(core_number(a), networkx_cores(a))


def test_matches_networkx_on_a_graph_with_deep_cores():
    g = nx.powerlaw_cluster_graph(400, 6, 0.4, seed=3)
    src, dst = np.array(g.edges()).T
    cores = nx.core_number(g)
    expected = np.array([cores[i] for i in range(400)])
    assert expected.max() >= 6
    np.testing.assert_array_equal(core_number(build_graph(src, dst, n_nodes=400)), expected)


def test_ignores_direction_weight_and_self_loops():
    # a 4-clique written with one direction per pair, heavy weights and self-loops
    src = [0, 0, 0, 1, 1, 2, 0, 3]
    dst = [1, 2, 3, 2, 3, 3, 0, 3]
    a = build_graph(src, dst, [9, 1, 1, 5, 1, 1, 3, 3], n_nodes=6)
    np.testing.assert_array_equal(core_number(a), [3, 3, 3, 3, 0, 0])


def test_toy_and_empty():
    np.testing.assert_array_equal(core_number(toy_graph()), [2, 2, 2, 2, 2, 2])
    assert core_number(build_graph([], [], n_nodes=0)).shape == (0,)
    np.testing.assert_array_equal(core_number(build_graph([], [], n_nodes=3)), [0, 0, 0])
