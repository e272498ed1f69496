"""Weighted PageRank against NetworkX (the oracle) and against its own stated criterion."""

from __future__ import annotations

import importlib

import networkx as nx
import numpy as np
import pytest

from nichescout.exceptions import ParameterError
from nichescout.graph import build_graph, pagerank, toy_graph
from nichescout.graph.pagerank import _pagerank


# Our tol=1e-10 bounds the L1 error by 1e-10 · 0.85 / 0.15 < 6e-10: compare to 1e-9.
def networkx_pagerank(a, **kwargs):
    g = nx.from_scipy_sparse_array(a, create_using=nx.DiGraph)
    # NetworkX stops when the summed change is below n·tol: pass a tight tol (DESIGN.md trap)
    ranks = nx.pagerank(g, weight="weight", tol=1e-14, max_iter=1000, **kwargs)
    return np.array([ranks[i] for i in range(a.shape[0])])


@pytest.mark.parametrize("seed", range(6))
def test_matches_networkx_with_dangling_nodes(random_digraph, seed):
    a = random_digraph(60, 200, seed, dangling=8)
    assert (np.diff(a.indptr) == 0).sum() >= 8
    np.testing.assert_allclose(pagerank(a), networkx_pagerank(a), rtol=0, atol=1e-9)


@pytest.mark.parametrize("damping", [0.0, 0.5, 0.99])
def test_matches_networkx_across_damping(random_digraph, damping):
    a = random_digraph(40, 120, 7, dangling=3)
    x = pagerank(a, damping=damping, max_iter=5000)
    np.testing.assert_allclose(x, networkx_pagerank(a, alpha=damping), rtol=0, atol=1e-8)


def test_personalization_matches_networkx(random_digraph):
    a = random_digraph(50, 150, 11, dangling=5)
    rng = np.random.default_rng(0)
    p = rng.uniform(size=50) * (rng.uniform(size=50) < 0.5)  # some zero weights
    expected = networkx_pagerank(a, personalization=dict(enumerate(p)))
    np.testing.assert_allclose(pagerank(a, personalization=p), expected, rtol=0, atol=1e-9)
    np.testing.assert_allclose(pagerank(a, personalization=3 * p), expected, rtol=0, atol=1e-9)


def test_scores_sum_to_one_and_ignore_scale_of_weights(random_digraph):
    a = random_digraph(80, 300, 3, dangling=10)
    x = pagerank(a)
    assert x.sum() == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(pagerank(7.5 * a), x, rtol=0, atol=1e-14)


def test_stops_on_the_l1_change_and_is_within_the_stated_bound(random_digraph):
    a = random_digraph(200, 600, 5, dangling=20)
    reference, _, _ = _pagerank(a, 0.85, None, 1e-15, 10_000)
    for tol in (1e-3, 1e-6, 1e-9):
        x, n_iter, change = _pagerank(a, 0.85, None, tol, 10_000)
        previous, _, _ = _pagerank(a, 0.85, None, None, n_iter - 1)
        assert change < tol
        assert np.abs(x - previous).sum() == pytest.approx(change, rel=1e-9)
        if n_iter > 1:  # one iteration earlier the change was not yet below tol
            _, _, change_before = _pagerank(a, 0.85, None, None, n_iter - 1)
            assert change_before >= tol
        assert np.abs(x - reference).sum() <= tol * 0.85 / 0.15


def test_tol_none_runs_exactly_max_iter(random_digraph):
    a = random_digraph(30, 90, 2)
    x, n_iter, _ = _pagerank(a, 0.85, None, None, 16)
    assert n_iter == 16
    np.testing.assert_array_equal(pagerank(a, tol=None, max_iter=16), x)


def test_warns_when_max_iter_runs_out(random_digraph):
    a = random_digraph(30, 90, 2)
    with pytest.warns(RuntimeWarning, match="did not converge in 3 iterations"):
        pagerank(a, max_iter=3)


def test_edge_cases():
    assert pagerank(build_graph([], [], n_nodes=0)).shape == (0,)
    np.testing.assert_allclose(pagerank(build_graph([], [], n_nodes=4)), 0.25)  # all dangling
    x = pagerank(toy_graph())
    assert x.argmax() == 0 and x.argmin() == 4


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"damping": 1.0}, "'damping' parameter of pagerank must be a float in \\[0, 1\\)"),
        ({"damping": -0.1}, "'damping'"),
        ({"tol": -1.0}, "'tol'"),
        ({"max_iter": 0}, "'max_iter'"),
        ({"personalization": [1.0, 2.0]}, "'personalization'.*6 weights"),
        ({"personalization": np.zeros(6)}, "'personalization'.*positive sum"),
        ({"personalization": -np.ones(6)}, "'personalization'"),
    ],
)
def test_rejects_bad_parameters(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        pagerank(toy_graph(), **kwargs)


def test_parallel_and_single_thread_kernels_agree(random_digraph, monkeypatch):
    module = importlib.import_module("nichescout.graph.pagerank")  # the function shadows it

    a = random_digraph(500, 3000, 9, dangling=30)
    single = pagerank(a)
    monkeypatch.setattr(module, "_PARALLEL_MIN_EDGES", 0)
    parallel = pagerank(a)
    np.testing.assert_allclose(parallel, single, rtol=0, atol=1e-15)
    np.testing.assert_allclose(parallel, networkx_pagerank(a), rtol=0, atol=1e-9)
