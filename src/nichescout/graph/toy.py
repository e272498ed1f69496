"""Tiny named graphs for doctests and tests (STYLE.md E5)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from nichescout.graph.csr import build_graph

__all__ = ["toy_edges", "toy_graph"]


def toy_edges() -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Two circles of three members joined by one bridge: 6 nodes, 9 edges, 1 dangling node.

    Members 0, 1, 2 reply to one another (0 → 1 twice as often); member 2 replies once to
    member 3, who leads the second circle 3, 4, 5; member 5 only receives (a dangling node).

    Returns ``(src, dst, weight)``::

        0 → 1 (2)   1 → 0 (1)   1 → 2 (1)   2 → 0 (1)   0 → 2 (1)
        2 → 3 (1)                                          the bridge
        3 → 4 (2)   4 → 5 (1)   3 → 5 (1)

    >>> src, dst, weight = toy_edges()
    >>> len(src), int(max(src.max(), dst.max())) + 1
    (9, 6)
    """
    src = np.array([0, 1, 1, 2, 0, 2, 3, 4, 3], dtype=np.int64)
    dst = np.array([1, 0, 2, 0, 2, 3, 4, 5, 5], dtype=np.int64)
    weight = np.array([2, 1, 1, 1, 1, 1, 2, 1, 1], dtype=np.float64)
    return src, dst, weight


def toy_graph() -> sp.csr_array:
    """The :func:`toy_edges` graph as a CSR adjacency: 6 nodes, 9 edges.

    >>> toy_graph().toarray()
    array([[0., 2., 1., 0., 0., 0.],
           [1., 0., 1., 0., 0., 0.],
           [1., 0., 0., 1., 0., 0.],
           [0., 0., 0., 0., 2., 1.],
           [0., 0., 0., 0., 0., 1.],
           [0., 0., 0., 0., 0., 0.]])
    """
    return build_graph(*toy_edges(), n_nodes=6)
