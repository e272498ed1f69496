"""Two-hop reach: how many members each member reaches in one or two out-steps.

``reach_i = |N(i) ∪ N(N(i)) \\ {i}|`` with ``N(i)`` the out-neighbours of ``i`` (weights ignored).

Counted exactly, node ``i`` costs ``c_i = Σ_{j ∈ N(i)} d_j`` steps (``d_j`` the out-degree),
``Σ_i c_i = Σ_j d⁻_j · d_j`` in all: on a power-law graph a hub with many followers and many
followees makes that explode. The ``sketch`` method estimates the large counts instead with a
HyperLogLog sketch of ``m = 2^precision`` one-byte registers per node: the sketch of ``N(j)``
is built for every ``j``, and the sketch of node ``i``'s two-hop set is the register-wise
maximum of the sketches of ``{i} ∪ N(i)``, read out by Ertl's improved estimator (unbiased
over the whole range, no bias tables). Its relative standard error is about ``1.04 / √m``:
6.5 % at the default ``precision=8``, 3.3 % at 10, 1.6 % at 12. Nodes with ``c_i ≤ m`` are
still counted exactly, and an estimate is clipped to the exact bounds
``max(|N(i) \\ {i}|, max_j |N(j) \\ {i}|) ≤ reach_i ≤ min(n − 1, c_i + d_i)``. The sketch
needs ``n · m`` bytes (256 MB for a million nodes at the default).

References
----------
P. Flajolet, É. Fusy, O. Gandouet and F. Meunier, "HyperLogLog: the analysis of a
near-optimal cardinality estimation algorithm", AofA 2007.

O. Ertl, "New cardinality estimation algorithms for HyperLogLog sketches", arXiv:1702.01284,
2017.
"""

from __future__ import annotations

from typing import Any, Literal

import numba
import numpy as np
import numpy.typing as npt

from nichescout.exceptions import ParameterError
from nichescout.graph.csr import as_adjacency

__all__ = ["two_hop_reach", "two_hop_work"]

_OWNER = "two_hop_reach"
_AUTO_MAX_WORK = 100_000_000  # exact counting visits ≈ 3·10⁷ entries a second on 2 cores


def two_hop_reach(
    adjacency: Any,
    method: Literal["auto", "exact", "sketch"] = "auto",
    *,
    precision: int = 8,
    random_state: int | np.random.Generator | None = None,
) -> npt.NDArray[np.int64]:
    """Number of distinct nodes each node reaches in 1 or 2 out-steps, itself excluded.

    Parameters
    ----------
    adjacency:
        ``n × n`` adjacency, row = source; weights are ignored.
    method:
        ``"exact"``; ``"sketch"`` (HyperLogLog, see the module docstring for its error); or
        ``"auto"``: exact when :func:`two_hop_work` is at most 10⁸ (about 3 s on two
        cores), else sketch.
    precision:
        ``p`` in 4..16: the sketch keeps ``2^p`` registers per node.
    random_state:
        Seeds the hash function of the sketch (``None``: fresh entropy).

    Examples
    --------
    >>> from nichescout.graph.toy import toy_graph
    >>> two_hop_reach(toy_graph())  # 2 reaches 0 and 3, then 1, 4 and 5
    array([3, 3, 5, 2, 1, 0])
    """
    a = as_adjacency(adjacency, _OWNER)
    if method not in ("auto", "exact", "sketch"):
        raise ParameterError.invalid("method", _OWNER, "'auto', 'exact' or 'sketch'", method)
    if isinstance(precision, bool) or not (isinstance(precision, int) and 4 <= precision <= 16):
        raise ParameterError.invalid("precision", _OWNER, "an int in 4..16", precision)
    if not a.has_sorted_indices:
        a = a.sorted_indices()
    n = a.shape[0]
    out = np.zeros(n, dtype=np.int64)
    blocks = min(n, 4 * numba.get_num_threads())
    if method == "exact" or (method == "auto" and two_hop_work(a) <= _AUTO_MAX_WORK):
        _exact(a.indptr, a.indices, blocks, out)
        return out
    rng = np.random.default_rng(random_state)
    index, rank = _hash_nodes(n, precision, int(rng.integers(2**63 - 1)))
    registers = np.zeros((n, 1 << precision), dtype=np.uint8)
    _sketch_neighbours(a.indptr, a.indices, index, rank, registers)
    _sketch_reach(a.indptr, a.indices, registers, 64 - precision, blocks, out)
    return out


def two_hop_work(adjacency: Any) -> int:
    """Steps an exact count takes: ``Σ_i Σ_{j ∈ N(i)} d_j = Σ_j d⁻_j · d_j``.

    >>> from nichescout.graph.toy import toy_graph
    >>> two_hop_work(toy_graph())
    13
    """
    a = as_adjacency(adjacency, "two_hop_work")
    out_deg = np.diff(a.indptr)
    in_deg = np.bincount(a.indices, minlength=a.shape[0])
    return int(np.dot(in_deg.astype(np.float64), out_deg.astype(np.float64)))


@numba.njit(parallel=True, cache=True)
def _exact(indptr, indices, n_blocks, out):
    n = indptr.shape[0] - 1
    for b in numba.prange(n_blocks):
        seen = np.full(n, -1, dtype=np.int64)  # seen[t] == i: t already counted for i
        for i in range(b, n, n_blocks):  # strided rows balance hubs across blocks
            seen[i] = i
            count = 0
            for k in range(indptr[i], indptr[i + 1]):
                j = indices[k]
                if seen[j] != i:
                    seen[j] = i
                    count += 1
            for k in range(indptr[i], indptr[i + 1]):
                j = indices[k]
                for q in range(indptr[j], indptr[j + 1]):
                    t = indices[q]
                    if seen[t] != i:
                        seen[t] = i
                        count += 1
            out[i] = count


def _hash_nodes(
    n: int, precision: int, seed: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint8]]:
    """Register index (top ``p`` bits) and rank (leading zeros + 1 of the rest) of each node."""
    h = np.arange(n, dtype=np.uint64) ^ np.uint64(seed)  # splitmix64 finaliser
    h += np.uint64(0x9E3779B97F4A7C15)
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    index = (h >> np.uint64(64 - precision)).astype(np.int64)
    rest = h << np.uint64(precision)  # the other q = 64 - p bits, left-aligned
    # leading zeros of `rest` via its bit length: split in halves to stay exact in float64
    high = (rest >> np.uint64(32)).astype(np.float64)
    low = (rest & np.uint64(0xFFFFFFFF)).astype(np.float64)
    bits = np.where(
        high > 0,
        32 + np.floor(np.log2(np.maximum(high, 1))) + 1,
        np.where(low > 0, np.floor(np.log2(np.maximum(low, 1))) + 1, 0),
    )
    q = 64 - precision
    rank = np.minimum(64 - bits + 1, q + 1).astype(np.uint8)
    return index, rank


@numba.njit(parallel=True, cache=True)
def _sketch_neighbours(indptr, indices, index, rank, registers):
    for j in numba.prange(indptr.shape[0] - 1):
        row = registers[j]
        for k in range(indptr[j], indptr[j + 1]):
            t = indices[k]
            if rank[t] > row[index[t]]:
                row[index[t]] = rank[t]


@numba.njit(parallel=True, cache=True)
def _sketch_reach(indptr, indices, registers, q, n_blocks, out):
    n = indptr.shape[0] - 1
    m = registers.shape[1]
    for b in numba.prange(n_blocks):
        seen = np.full(n, -1, dtype=np.int64)
        merged = np.empty(m, dtype=np.uint8)
        histogram = np.empty(q + 2, dtype=np.float64)
        for i in range(b, n, n_blocks):
            d_i = indptr[i + 1] - indptr[i]
            work = 0
            for k in range(indptr[i], indptr[i + 1]):
                j = indices[k]
                work += indptr[j + 1] - indptr[j]
            if work <= m:  # small: count exactly, as `_exact` does
                seen[i] = i
                count = 0
                for k in range(indptr[i], indptr[i + 1]):
                    j = indices[k]
                    if seen[j] != i:
                        seen[j] = i
                        count += 1
                    for s in range(indptr[j], indptr[j + 1]):
                        t = indices[s]
                        if seen[t] != i:
                            seen[t] = i
                            count += 1
                out[i] = count
                continue
            merged[:] = registers[i]
            self_in = False  # is i in its own two-hop set (a self-loop or a reply)?
            lower = 0
            for k in range(indptr[i], indptr[i + 1]):
                j = indices[k]
                row = registers[j]
                for r in range(m):
                    if row[r] > merged[r]:
                        merged[r] = row[r]
                back = _contains(indices, indptr[j], indptr[j + 1], i)
                if j == i or back:
                    self_in = True
                lower = max(lower, indptr[j + 1] - indptr[j] - (1 if back else 0))
            if _contains(indices, indptr[i], indptr[i + 1], i):
                lower = max(lower, d_i - 1)
            else:
                lower = max(lower, d_i)
            upper = min(n - 1, work + d_i)
            estimate = _ertl_estimate(merged, q, histogram) - (1.0 if self_in else 0.0)
            out[i] = min(upper, max(lower, int(np.rint(estimate))))


@numba.njit(cache=True)
def _contains(indices, start, stop, value):
    """Binary search of a sorted row slice."""
    lo, hi = start, stop
    while lo < hi:
        mid = (lo + hi) // 2
        if indices[mid] < value:
            lo = mid + 1
        else:
            hi = mid
    return lo < stop and indices[lo] == value


@numba.njit(cache=True)
def _ertl_estimate(registers, q, histogram):
    """Ertl's improved raw estimator (2017, algorithm 6) of a HyperLogLog sketch."""
    m = registers.shape[0]
    histogram[:] = 0.0
    for r in range(m):
        histogram[registers[r]] += 1.0
    z = m * _tau(1.0 - histogram[q + 1] / m)
    for k in range(q, 0, -1):
        z = 0.5 * (z + histogram[k])
    z = z + m * _sigma(histogram[0] / m)
    if np.isinf(z):
        return 0.0
    return m * m / (2.0 * np.log(2.0)) / z


@numba.njit(cache=True)
def _sigma(x):
    if x == 1.0:
        return np.inf
    y = 1.0
    z = x
    while True:
        x = x * x
        z_old = z
        z += x * y
        y += y
        if z == z_old:
            return z


@numba.njit(cache=True)
def _tau(x):
    if x == 0.0 or x == 1.0:
        return 0.0
    y = 1.0
    z = 1.0 - x
    while True:
        x = np.sqrt(x)
        z_old = z
        y *= 0.5
        z -= (1.0 - x) ** 2 * y
        if z == z_old:
            return z / 3.0
