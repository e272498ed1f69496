"""build_graph, as_adjacency and to_undirected against dense oracles."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from nichescout.exceptions import ParameterError
from nichescout.graph import as_adjacency, build_graph, to_undirected, toy_graph


def dense_oracle(src, dst, weight, n, drop_self_loops=False):
    a = np.zeros((n, n))
    for s, d, w in zip(src, dst, weight, strict=True):
        if not (drop_self_loops and s == d):
            a[s, d] += w
    return a


edges = st.integers(1, 12).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.integers(0, 4)),
            max_size=40,
        ),
    )
)


@settings(max_examples=60, deadline=None)
@given(edges, st.booleans())
def test_build_graph_sums_duplicates_like_a_dense_oracle(case, drop):
    n, rows = case
    src = np.array([r[0] for r in rows], dtype=np.int64)
    dst = np.array([r[1] for r in rows], dtype=np.int64)
    weight = np.array([r[2] for r in rows], dtype=np.float64)
    a = build_graph(src, dst, weight, n_nodes=n, drop_self_loops=drop)
    np.testing.assert_array_equal(a.toarray(), dense_oracle(src, dst, weight, n, drop))
    assert (a.data > 0).all()  # zero-weight sums are not stored
    assert a.has_sorted_indices and a.has_canonical_format
    assert a.indices.dtype == np.int32


@settings(max_examples=60, deadline=None)
@given(edges, st.booleans())
def test_to_undirected_matches_dense_oracle(case, weighted):
    n, rows = case
    src = np.array([r[0] for r in rows], dtype=np.int64)
    dst = np.array([r[1] for r in rows], dtype=np.int64)
    weight = np.array([r[2] for r in rows], dtype=np.float64)
    a = build_graph(src, dst, weight, n_nodes=n)
    dense = a.toarray()
    expected = dense + dense.T
    np.fill_diagonal(expected, 0)
    if not weighted:
        expected = (expected > 0).astype(float)
    u = to_undirected(a, weighted=weighted)
    np.testing.assert_array_equal(u.toarray(), expected)
    assert u.has_sorted_indices and (u.data > 0).all()


def test_build_graph_defaults():
    a = build_graph([0, 2], [1, 0])
    assert a.shape == (3, 3)
    assert a.dtype == np.float64
    np.testing.assert_array_equal(a.data, [1.0, 1.0])
    assert build_graph([], [], n_nodes=4).shape == (4, 4)
    assert build_graph(np.array([], dtype=np.int64), np.array([], dtype=np.int64)).shape == (0, 0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"src": [0, 1], "dst": [1]}, "'dst' parameter of build_graph must be as long as 'src'"),
        ({"src": [0.5], "dst": [1]}, "'src' parameter of build_graph must be a 1-D array"),
        ({"src": [-1], "dst": [1]}, "node ids >= 0. Got -1 instead"),
        ({"src": [0], "dst": [3], "n_nodes": 3}, "greater than the largest node id \\(3\\)"),
        ({"src": [0], "dst": [1], "weight": [-1.0]}, "finite and non-negative"),
        ({"src": [0], "dst": [1], "weight": [np.nan]}, "finite and non-negative"),
        ({"src": [0], "dst": [1], "weight": [1.0, 2.0]}, "'weight' parameter"),
        ({"src": [0], "dst": [1], "n_nodes": 2.0}, "'n_nodes' parameter"),
    ],
)
def test_build_graph_rejects_bad_input(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        build_graph(**kwargs)


def test_as_adjacency_accepts_other_formats_and_drops_stored_zeros():
    a = sp.coo_matrix(([1.0, 2.0, 0.0, 3.0], ([0, 0, 1, 1], [1, 1, 0, 1])), shape=(2, 2))
    b = as_adjacency(a, "test")
    assert isinstance(b, sp.csr_array) and b.has_canonical_format
    np.testing.assert_array_equal(b.toarray(), [[0.0, 3.0], [0.0, 3.0]])
    assert b.nnz == 2
    np.testing.assert_array_equal(as_adjacency(np.eye(2), "test").toarray(), np.eye(2))
    graph = toy_graph()
    assert as_adjacency(graph, "test") is graph  # canonical input is not copied


@pytest.mark.parametrize(
    "bad", [sp.csr_array(np.ones((2, 3))), sp.csr_array(-np.eye(2)), "graph", np.ones(3)]
)
def test_as_adjacency_rejects_bad_input(bad):
    with pytest.raises(ParameterError, match="'adjacency' parameter of pagerank"):
        as_adjacency(bad, "pagerank")


@pytest.mark.parametrize("n,m,seed", [(1, 0, 0), (6, 9, 1), (60, 400, 2), (3000, 40000, 3)])
@pytest.mark.parametrize("weighted", [True, False])
def test_small_graphs_take_scipy_with_the_same_result_as_the_kernels(
    random_digraph, monkeypatch, n, m, seed, weighted
):
    """Small graphs skip the parallel kernels (loading them costs more than the work); the
    array must be the same to the bit, dtypes included."""
    from nichescout.graph import csr

    a = random_digraph(n, m, seed) if m else build_graph([], [], n_nodes=n)
    monkeypatch.setattr(csr, "_SCIPY_UNDIRECTED_NNZ", 10**9)
    small = to_undirected(a, weighted=weighted)
    monkeypatch.setattr(csr, "_SCIPY_UNDIRECTED_NNZ", -1)
    kernels = to_undirected(a, weighted=weighted)
    for name in ("indptr", "indices", "data"):
        left, right = getattr(small, name), getattr(kernels, name)
        assert left.dtype == right.dtype, name
        np.testing.assert_array_equal(left, right)
