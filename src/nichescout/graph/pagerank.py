"""Weighted PageRank by power iteration, in one parallel Numba kernel.

With ``W`` the adjacency (row = source), ``w_i = Σ_j W[i, j]`` the out-weight of node ``i``,
``D = {i : w_i = 0}`` the dangling nodes, ``p`` the teleport distribution (uniform, or the
normalised personalization) and ``α`` the damping factor, each iteration computes::

    x'_j = α · ( Σ_i x_i · W[i, j] / w_i  +  p_j · Σ_{i ∈ D} x_i )  +  (1 − α) · p_j

from ``x⁰ = 1/n``: dangling nodes hand their score out like a teleport (as NetworkX does).
The iteration stops after iteration ``k`` as soon as the L1 change ``Σ_j |x^k_j − x^{k−1}_j|``
is below ``tol`` and returns ``x^k``. That is the change itself, not NetworkX's test
``change < n · tol``: ``tol=1e-10`` here is as strict as ``tol=1e-10 / n`` there. Since the
iteration contracts by ``α`` in L1, the error left is at most ``tol · α / (1 − α)`` in L1.

The kernel gathers along the transposed graph (row = target) so rows are independent and
run on all Numba threads from 4M edges on (one thread below: a parallel region per
iteration costs more than it saves on small graphs); for a fixed thread count the result is
deterministic.

References
----------
L. Page, S. Brin, R. Motwani and T. Winograd, "The PageRank citation ranking: bringing order
to the web", Stanford InfoLab technical report 1999-66, 1999.
"""

from __future__ import annotations

import warnings
from typing import Any

import numba
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from nichescout.exceptions import ParameterError
from nichescout.graph.csr import as_adjacency

__all__ = ["pagerank"]

_OWNER = "pagerank"
# Below this many edges one thread is faster: a parallel region per iteration costs more than
# it saves, most of all when other processes hold the cores (measured on 2 shared cores).
_PARALLEL_MIN_EDGES = 4_000_000


def pagerank(
    adjacency: Any,
    damping: float = 0.85,
    personalization: npt.ArrayLike | None = None,
    tol: float | None = 1e-10,
    max_iter: int = 150,
) -> npt.NDArray[np.float64]:
    """Weighted PageRank ``x`` (summing to 1) of every node of a directed graph.

    Parameters
    ----------
    adjacency:
        ``n × n`` weighted adjacency, row = source (see :func:`~nichescout.graph.build_graph`).
    damping:
        ``α``, the probability of following an edge rather than teleporting; in ``[0, 1)``.
    personalization:
        Non-negative teleport weights, one per node (normalised to sum 1); ``None`` for
        uniform. Dangling nodes distribute their score by the same weights.
    tol:
        Stop once the L1 change of one iteration is below ``tol``; ``None`` runs exactly
        ``max_iter`` iterations. A ``RuntimeWarning`` says when ``max_iter`` ran out first.
    max_iter:
        Largest number of iterations. The change shrinks at least by ``α`` each iteration
        from at most 2, so ``2 · α^(k−1) < tol`` bounds the iterations: the default 150
        always suffices for ``α = 0.85`` and ``tol = 1e-10`` (most graphs need 30 to 80).

    Examples
    --------
    >>> from nichescout.graph.toy import toy_graph
    >>> x = pagerank(toy_graph())
    >>> x.round(3)
    array([0.2  , 0.166, 0.18 , 0.13 , 0.126, 0.197])
    >>> int(x.argmax())  # member 0: both others of its circle reply to it
    0
    """
    a = as_adjacency(adjacency, _OWNER)
    x, n_iter, change = _pagerank(a, damping, personalization, tol, max_iter)
    if tol is not None and change >= tol:
        warnings.warn(
            f"pagerank did not converge in {n_iter} iterations: the last L1 change was "
            f"{change:.3g}, not below tol={tol:g}. Raise max_iter or tol.",
            RuntimeWarning,
            stacklevel=2,
        )
    return x


def _pagerank(
    a: sp.csr_array,
    damping: float,
    personalization: npt.ArrayLike | None,
    tol: float | None,
    max_iter: int,
) -> tuple[npt.NDArray[np.float64], int, float]:
    """Run the iteration on a checked adjacency; return ``(x, iterations, last L1 change)``."""
    if isinstance(damping, bool) or not (
        isinstance(damping, float | int | np.floating) and 0 <= damping < 1
    ):
        raise ParameterError.invalid("damping", _OWNER, "a float in [0, 1)", damping)
    if tol is not None and not (isinstance(tol, float | int) and tol >= 0):
        raise ParameterError.invalid("tol", _OWNER, "a float >= 0 or None", tol)
    if isinstance(max_iter, bool) or not (isinstance(max_iter, int) and max_iter >= 1):
        raise ParameterError.invalid("max_iter", _OWNER, "an int >= 1", max_iter)
    n = a.shape[0]
    teleport = _teleport(personalization, n)
    if n == 0:
        return np.zeros(0), 0, 0.0
    out_weight = a.sum(axis=1)
    inv_out = np.zeros(n)
    np.divide(1.0, out_weight, out=inv_out, where=out_weight > 0)
    at = a.T.tocsr()  # row = target: each output entry is an independent gather
    x = np.full(n, 1.0 / n)
    threads = numba.get_num_threads()
    if at.nnz < _PARALLEL_MIN_EDGES:
        numba.set_num_threads(1)
    try:
        x, n_iter, change = _iterate(
            at.indptr,
            at.indices,
            at.data,
            inv_out,
            teleport,
            float(damping),
            x,
            max_iter,
            -1.0 if tol is None else float(tol),
        )
    finally:
        numba.set_num_threads(threads)
    return x, int(n_iter), float(change)


def _teleport(personalization: npt.ArrayLike | None, n: int) -> npt.NDArray[np.float64]:
    """The normalised personalization, or an empty array meaning uniform."""
    if personalization is None:
        return np.zeros(0)
    p = np.asarray(personalization, dtype=np.float64)
    if p.shape != (n,):
        raise ParameterError.invalid(
            "personalization", _OWNER, f"an array of {n} weights, one per node", f"shape {p.shape}"
        )
    if not (np.isfinite(p).all() and p.min() >= 0 and p.sum() > 0):
        raise ParameterError.invalid(
            "personalization",
            _OWNER,
            "finite non-negative weights with a positive sum",
            "weights that are not",
        )
    return p / p.sum()


@numba.njit(parallel=True, cache=True)
def _iterate(indptr, indices, data, inv_out, teleport, alpha, x, max_iter, tol):  # noqa: E501
    n = x.shape[0]
    uniform = teleport.shape[0] == 0
    u = 1.0 / n
    z = np.empty(n)  # x_i / w_i, 0 for dangling nodes
    z_next = np.empty(n)
    y = np.empty(n)
    dangling = 0.0
    for i in numba.prange(n):
        z[i] = x[i] * inv_out[i]
        if inv_out[i] == 0.0:
            dangling += x[i]
    n_iter = 0
    change = np.inf
    while n_iter < max_iter:
        change = 0.0
        dangling_next = 0.0
        for j in numba.prange(n):
            acc = 0.0
            for k in range(indptr[j], indptr[j + 1]):
                acc += data[k] * z[np.uint64(indices[k])]  # unsigned: no wraparound test
            pj = u if uniform else teleport[j]
            v = alpha * (acc + dangling * pj) + (1.0 - alpha) * pj
            change += abs(v - x[j])
            y[j] = v
            z_next[j] = v * inv_out[j]
            if inv_out[j] == 0.0:
                dangling_next += v
        x, y = y, x
        z, z_next = z_next, z
        dangling = dangling_next
        n_iter += 1
        if change < tol:
            break
    return x, n_iter, change
