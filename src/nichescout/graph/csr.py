"""The interaction graph as a SciPy CSR array, and the checks every graph kernel shares.

The graph is weighted and directed: entry ``A[i, j]`` is the summed weight of the interactions
from member ``i`` (row, the source) to member ``j`` (column, the target), members numbered
``0 .. n-1``. Every kernel in :mod:`nichescout.graph` takes such an array.

>>> from nichescout.graph.toy import toy_edges
>>> A = build_graph(*toy_edges())
>>> A.shape, A.nnz
((6, 6), 9)
>>> U = to_undirected(A)
>>> U.nnz // 2  # undirected simple edges: 0 <-> 1 and 0 <-> 2 count once each
7
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from nichescout.exceptions import ParameterError

__all__ = ["as_adjacency", "build_graph", "to_undirected"]

_INT32_MAX = np.iinfo(np.int32).max


def _as_ids(values: Any, name: str, owner: str) -> npt.NDArray[np.integer[Any]]:
    arr = np.asarray(values)
    if arr.ndim != 1 or not (arr.size == 0 or np.issubdtype(arr.dtype, np.integer)):
        raise ParameterError.invalid(
            name, owner, "a 1-D array of integer node ids", f"array of dtype {arr.dtype}"
        )
    return arr


def build_graph(
    src: npt.ArrayLike,
    dst: npt.ArrayLike,
    weight: npt.ArrayLike | None = None,
    n_nodes: int | None = None,
    *,
    drop_self_loops: bool = False,
) -> sp.csr_array:
    """Build the ``n × n`` weighted adjacency ``A`` from edge arrays; row = source.

    ``A[i, j] = Σ weight[e]`` over the edges ``e`` with ``src[e] = i`` and ``dst[e] = j``:
    duplicate edges are summed, and entries whose sum is 0 are not stored. Indices are
    int32 whenever ``n`` and the edge count fit (half the memory and faster kernels), and
    the column indices of each row are sorted.

    Parameters
    ----------
    src, dst:
        Integer node ids in ``0 .. n_nodes-1``, one per edge.
    weight:
        Finite, non-negative edge weights (interaction counts, say); ``None`` gives weight 1.
    n_nodes:
        Number of nodes; defaults to ``max(src, dst) + 1`` (0 for no edges).
    drop_self_loops:
        Drop the edges with ``src == dst``.

    Examples
    --------
    >>> A = build_graph([0, 0, 1, 2], [1, 1, 2, 2], [1.0, 2.0, 1.0, 5.0], drop_self_loops=True)
    >>> A.toarray()
    array([[0., 3., 0.],
           [0., 0., 1.],
           [0., 0., 0.]])
    """
    owner = "build_graph"
    s = _as_ids(src, "src", owner)
    d = _as_ids(dst, "dst", owner)
    if s.shape != d.shape:
        raise ParameterError.invalid(
            "dst", owner, f"as long as 'src' ({s.size})", f"an array of length {d.size}"
        )
    if weight is None:
        w = np.ones(s.size, dtype=np.float64)
    else:
        w = np.asarray(weight, dtype=np.float64)
        if w.shape != s.shape:
            raise ParameterError.invalid(
                "weight", owner, f"as long as 'src' ({s.size})", f"an array of shape {w.shape}"
            )
        if w.size and not (np.isfinite(w).all() and w.min() >= 0):
            raise ParameterError.invalid(
                "weight", owner, "finite and non-negative", "a negative or non-finite weight"
            )
    lo = min(int(s.min()), int(d.min())) if s.size else 0
    hi = max(int(s.max()), int(d.max())) if s.size else -1
    if lo < 0:
        raise ParameterError.invalid("src", owner, "node ids >= 0", lo)
    if n_nodes is None:
        n = hi + 1
    else:
        if isinstance(n_nodes, bool) or not isinstance(n_nodes, int | np.integer):
            raise ParameterError.invalid("n_nodes", owner, "an int or None", n_nodes)
        n = int(n_nodes)
        if n < 0 or hi >= n:
            raise ParameterError.invalid(
                "n_nodes", owner, f"an int greater than the largest node id ({hi})", n_nodes
            )
    if drop_self_loops:
        keep = s != d
        if not keep.all():
            s, d, w = s[keep], d[keep], w[keep]
    index_dtype = np.int32 if max(n, s.size) <= _INT32_MAX else np.int64
    coo = sp.coo_array(
        (w, (s.astype(index_dtype, copy=False), d.astype(index_dtype, copy=False))),
        shape=(n, n),
    )
    adjacency = coo.tocsr()  # sums duplicates; rows come out with sorted columns
    adjacency.eliminate_zeros()
    return adjacency


def as_adjacency(adjacency: Any, owner: str) -> sp.csr_array:
    """Check and return ``adjacency`` as a canonical square float64 CSR array.

    Accepts any SciPy sparse array or matrix, or a dense 2-D array. Raises
    :class:`~nichescout.exceptions.ParameterError` unless it is square with finite,
    non-negative weights; stored zeros are dropped, so an edge is an entry with a positive
    weight. A canonical CSR array (as :func:`build_graph` returns) is not copied.
    """
    if not sp.issparse(adjacency):
        arr = np.asarray(adjacency) if isinstance(adjacency, list | np.ndarray) else None
        if arr is None or arr.ndim != 2:
            raise ParameterError.invalid(
                "adjacency", owner, "a square SciPy sparse array", type(adjacency).__name__
            )
        adjacency = sp.csr_array(arr)
    if adjacency.ndim != 2 or adjacency.shape[0] != adjacency.shape[1]:
        raise ParameterError.invalid(
            "adjacency", owner, "a square SciPy sparse array", f"shape {adjacency.shape}"
        )
    a = adjacency if isinstance(adjacency, sp.csr_array) else sp.csr_array(adjacency)
    if a.dtype != np.float64:
        a = a.astype(np.float64)
    if not a.has_canonical_format:
        a = a.copy()
        a.sum_duplicates()
    if a.nnz:
        if not (np.isfinite(a.data).all() and a.data.min() >= 0):
            raise ParameterError.invalid(
                "adjacency",
                owner,
                "finite and non-negative weights",
                "a negative or non-finite weight",
            )
        if a.data.min() == 0:  # an edge is a stored entry with a positive weight
            a = a.copy()
            a.eliminate_zeros()
    return a


def to_undirected(adjacency: Any, *, weighted: bool = True) -> sp.csr_array:
    """The undirected simple version ``U`` of a directed graph, as a symmetric CSR array.

    ``U[i, j] = U[j, i] = A[i, j] + A[j, i]`` for ``i ≠ j`` (or 1 when ``weighted=False``), and
    the diagonal (self-loops) is dropped. Pairs joined in both directions become one edge.
    Rows are merged with their transposes in parallel (twice as fast as ``A + A.T``).
    """
    a = as_adjacency(adjacency, "to_undirected")
    if a.nnz <= _SCIPY_UNDIRECTED_NNZ:
        return _to_undirected_scipy(a, weighted=weighted)
    if not a.has_sorted_indices:
        a = a.sorted_indices()
    at = a.T.tocsr()  # SciPy's transpose leaves the column indices of each row sorted
    indptr = np.zeros(a.shape[0] + 1, dtype=np.int64)
    _merge_counts(a.indptr, a.indices, at.indptr, at.indices, indptr[1:])
    np.cumsum(indptr, out=indptr)
    index_dtype = np.int32 if max(a.shape[0], indptr[-1]) <= _INT32_MAX else np.int64
    indices = np.empty(indptr[-1], dtype=index_dtype)
    data = np.empty(indptr[-1], dtype=np.float64)
    _merge_fill(a.indptr, a.indices, a.data, at.indptr, at.indices, at.data, indptr, indices, data)
    if not weighted:
        data[:] = 1.0
    return sp.csr_array((data, indices, indptr.astype(index_dtype)), shape=a.shape)


def undirected_view(adjacency: Any, owner: str, *, undirected: bool) -> sp.csr_array:
    """``adjacency`` as an undirected simple graph for a measure of ``owner``: converted by
    :func:`to_undirected`, or, when the caller already holds one (``undirected=True``: a
    result of :func:`to_undirected` shared by several measures of one graph), only checked
    as an adjacency (the caller vouches for its symmetry and empty diagonal).

    >>> from nichescout.graph.toy import toy_graph
    >>> u = undirected_view(toy_graph(), "example", undirected=False)
    >>> undirected_view(u, "example", undirected=True) is u
    True
    """
    if undirected:
        return as_adjacency(adjacency, owner)
    return to_undirected(adjacency)


#: Up to this many edges :func:`to_undirected` uses SciPy: loading the parallel kernels
#: (0.2 s) would cost more than the work.
_SCIPY_UNDIRECTED_NNZ = 50_000


def _to_undirected_scipy(a: sp.csr_array, *, weighted: bool) -> sp.csr_array:
    """:func:`to_undirected` as ``A + Aᵀ`` less the diagonal, for small graphs (same result)."""
    u = (a + a.T).tocoo()
    off = u.row != u.col
    data = u.data[off] if weighted else np.ones(int(off.sum()))
    out = sp.csr_array((data.astype(np.float64), (u.row[off], u.col[off])), shape=a.shape)
    out.sum_duplicates()  # sorted indices, one entry per pair
    index_dtype = np.int32 if max(a.shape[0], out.nnz) <= _INT32_MAX else np.int64
    out.indices = out.indices.astype(index_dtype)
    out.indptr = out.indptr.astype(index_dtype)
    return out


@numba.njit(parallel=True, cache=True)
def _merge_counts(ap, ai, bp, bi, counts):
    """``counts[i]`` = size of the union of rows ``i`` of A and B, less ``i`` itself."""
    for i in numba.prange(ap.shape[0] - 1):
        p, p_end, q, q_end = ap[i], ap[i + 1], bp[i], bp[i + 1]
        c = 0
        while p < p_end or q < q_end:
            if q == q_end or (p < p_end and ai[p] < bi[q]):
                j = ai[p]
                p += 1
            elif p == p_end or bi[q] < ai[p]:
                j = bi[q]
                q += 1
            else:
                j = ai[p]
                p += 1
                q += 1
            if j != i:
                c += 1
        counts[i] = c


@numba.njit(parallel=True, cache=True)
def _merge_fill(ap, ai, ad, bp, bi, bd, indptr, indices, data):
    """Write the union of rows of A and B (weights summed, diagonal dropped)."""
    for i in numba.prange(ap.shape[0] - 1):
        p, p_end, q, q_end = ap[i], ap[i + 1], bp[i], bp[i + 1]
        o = indptr[i]
        while p < p_end or q < q_end:
            if q == q_end or (p < p_end and ai[p] < bi[q]):
                j, v = ai[p], ad[p]
                p += 1
            elif p == p_end or bi[q] < ai[p]:
                j, v = bi[q], bd[q]
                q += 1
            else:
                j, v = ai[p], ad[p] + bd[q]
                p += 1
                q += 1
            if j != i:
                indices[o] = j
                data[o] = v
                o += 1
