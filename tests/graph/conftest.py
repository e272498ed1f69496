"""Random graphs shared by the graph tests."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import scipy.sparse as sp

from nichescout.graph import build_graph

RandomDigraph = Callable[..., sp.csr_array]


def _random_digraph(
    n: int, m: int, seed: int, *, self_loops: bool = True, dangling: int = 0
) -> sp.csr_array:
    rng = np.random.default_rng(seed)
    src = rng.integers(0, n - dangling, size=m)
    dst = rng.integers(0, n, size=m)
    weight = rng.uniform(0.1, 5.0, size=m)
    return build_graph(src, dst, weight, n_nodes=n, drop_self_loops=not self_loops)


@pytest.fixture
def random_digraph() -> RandomDigraph:
    """``random_digraph(n, m, seed, self_loops=True, dangling=0)``: a random weighted digraph.

    ``m`` edge draws on ``n`` nodes (duplicates summed, reciprocal edges likely); the last
    ``dangling`` nodes get no out-edges.
    """
    return _random_digraph
