"""Core numbers of the undirected simple graph, by the O(m) bucket algorithm.

The ``k``-core is the largest subgraph in which every node has at least ``k`` neighbours; the
core number of a node is the largest ``k`` whose ``k``-core holds it. Direction and weights are
ignored and self-loops dropped (:func:`~nichescout.graph.to_undirected`), so the result equals
``networkx.core_number`` on that simple graph.

Batagelj and Zaversnik's algorithm keeps the nodes sorted by current degree in buckets,
removes the node of least degree, and moves each neighbour of higher degree one bucket down:
``O(n + m)`` time, here in one compiled (sequential) pass.

References
----------
V. Batagelj and M. Zaversnik, "An O(m) algorithm for cores decomposition of networks",
arXiv:cs/0310049, 2003.
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np
import numpy.typing as npt

from nichescout.graph.csr import undirected_view

__all__ = ["core_number"]


def core_number(adjacency: Any, *, undirected: bool = False) -> npt.NDArray[np.int64]:
    """Core number of every node of the undirected simple version of ``adjacency``.

    ``undirected=True``: ``adjacency`` already is that version (a :func:`to_undirected`
    result, shared with other measures of the graph), so it is not converted again.

    Examples
    --------
    >>> from nichescout.graph.toy import toy_graph
    >>> core_number(toy_graph())  # two triangles joined by the bridge 2 - 3
    array([2, 2, 2, 2, 2, 2])
    >>> from nichescout.graph.csr import build_graph
    >>> core_number(build_graph([0, 1, 2, 3], [1, 2, 0, 0], n_nodes=5))  # a triangle, a leaf
    array([2, 2, 2, 1, 0])
    """
    u = undirected_view(adjacency, "core_number", undirected=undirected)
    return _bz_cores(u.indptr, u.indices).astype(np.int64)


@numba.njit(cache=True)
def _bz_cores(indptr, indices):
    n = indptr.shape[0] - 1
    deg = np.empty(n, dtype=np.int32)
    max_deg = 0
    for v in range(n):
        deg[v] = indptr[v + 1] - indptr[v]
        max_deg = max(max_deg, deg[v])
    bin_start = np.zeros(max_deg + 1, dtype=np.int64)  # first position of each degree
    for v in range(n):
        bin_start[deg[v]] += 1
    start = 0
    for d in range(max_deg + 1):
        count = bin_start[d]
        bin_start[d] = start
        start += count
    pos = np.empty(n, dtype=np.int32)
    vert = np.empty(n, dtype=np.int32)
    for v in range(n):
        pos[v] = bin_start[deg[v]]
        vert[pos[v]] = v
        bin_start[deg[v]] += 1
    for d in range(max_deg, 0, -1):
        bin_start[d] = bin_start[d - 1]
    if max_deg >= 0 and n > 0:
        bin_start[0] = 0
    for i in range(n):
        v = vert[i]
        for k in range(indptr[v], indptr[v + 1]):
            u = indices[k]
            if deg[u] > deg[v]:
                du = deg[u]
                pu = pos[u]
                pw = bin_start[du]
                w = vert[pw]
                if u != w:
                    pos[u] = pw
                    vert[pu] = w
                    pos[w] = pu
                    vert[pw] = u
                bin_start[du] += 1
                deg[u] = du - 1
    return deg
