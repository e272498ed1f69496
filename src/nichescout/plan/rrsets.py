"""Reverse-reachable (RR) sets: random samples of who could have influenced a random member.

An RR set of node ``v`` is the set of nodes that reach ``v`` in one random *live-edge world*:
under independent cascade (IC) each edge ``u → v`` is live with probability ``p(u, v)``; under
linear threshold (LT) each node keeps at most one incoming edge, ``u → v`` with probability
``w(u, v)``. For a uniformly random root, a seed set ``S`` intersects the RR set with
probability ``σ(S) / n`` (Borgs et al. 2014), so

.. math:: \\hat\\sigma(S) = n \\cdot \\frac{|\\{R \\in \\mathcal{R} : R \\cap S \\neq \\emptyset\\}|}
          {|\\mathcal{R}|}

is an unbiased estimate of the expected spread ``σ(S)``.

**Sampling.** IC sets grow by a breadth-first search backwards; the live in-edges of a node
are drawn by *subset sampling* (SUBSIM, Guo et al. 2020): in-edges are sorted by probability
and cut into segments whose probabilities lie within a factor 2; inside a segment with largest
probability ``p̄`` the next candidate is a geometric jump ``⌊ln U / ln(1 − p̄)⌋`` ahead and is
kept with probability ``p / p̄``. Under weighted cascade every in-edge of a node has the same
probability, so a node with ``d`` in-edges costs ``O(1 + d·p)`` draws instead of ``d``. LT
sets are backward random walks (a binary search over cumulative weights per step).

**Storage.** Sets are stored flat: one ``int32`` array of node ids and ``int64`` offsets
(``4`` bytes a member of a set, ``8`` a set). Sets are drawn in chunks of
:data:`CHUNK` by a parallel Numba kernel; chunk ``c`` has its own random stream, seeded from
``(seed, c)`` with SplitMix64, so the sets are the same whatever the number of threads.

>>> import numpy as np
>>> from nichescout.plan.graph import InfluenceGraph
>>> g = InfluenceGraph.from_edges([0, 1], [1, 2], [1.0, 1.0])  # a path 0 → 1 → 2, all live
>>> rr = RRSets(g, "ic", seed=7)
>>> rr.extend(256)
>>> sorted({tuple(sorted(rr.set(i).tolist())) for i in range(rr.count)})
[(0,), (0, 1), (0, 1, 2)]

References
----------
C. Borgs, M. Brautbar, J. Chayes and B. Lucier, "Maximizing social influence in nearly optimal
time", SODA 2014.

Q. Guo, S. Wang, Z. Wei and M. Chen, "Influence maximization revisited: efficient
reverse reachable set generation with bound tightened", SIGMOD 2020 (SUBSIM).
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np
import numpy.typing as npt

from nichescout.plan.graph import InfluenceGraph, Model, ProbabilityCSR

__all__ = ["CHUNK", "RRSets", "chunk_seed", "uniform"]

#: RR sets per chunk: the unit of parallel work and of seeding.
CHUNK = 256
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S11 = np.uint64(11)
_ONE = np.uint64(1)
_INV53 = 1.0 / 9007199254740992.0  # 2^-53


@numba.njit(inline="always")
def _mix(z: Any) -> Any:
    """SplitMix64's finaliser (a bijection of 64-bit words with good avalanche)."""
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@numba.njit(inline="always")
def uniform(state: Any) -> float:
    """The next SplitMix64 draw of ``state`` (a ``uint64[1]``) as a float in ``(0, 1]``."""
    state[0] += _GOLDEN
    return float((_mix(state[0]) >> _S11) + _ONE) * _INV53


@numba.njit(inline="always")
def chunk_seed(seed: Any, chunk: Any) -> Any:
    """The starting state of chunk ``chunk``'s stream under ``seed``."""
    return _mix(np.uint64(seed) ^ _mix(np.uint64(chunk) * _GOLDEN + _ONE))


@numba.njit(cache=True)
def ic_cascade(indptr, nbr, prob, logq, seg_end, visited, stamp, queue, start, pos, limit, state):
    """Breadth-first spread from ``queue[start:pos]`` (already stamped in ``visited``) over the
    CSR's edges, each kept independently with its probability by subset sampling. Returns the
    new end of the queue, or -1 when it would pass ``limit``."""
    head = start
    while head < pos:
        v = queue[head]
        head += 1
        e = indptr[v]
        end = indptr[v + 1]
        while e < end:
            seg = seg_end[e]
            pb = prob[e]
            lq = logq[e]
            while True:
                if pb < 1.0:
                    jump = np.log(uniform(state)) / lq
                    if jump >= seg - e:
                        e = seg
                        break
                    e += int(jump)
                p = prob[e]
                if p == pb or uniform(state) * pb < p:
                    w = nbr[e]
                    if visited[w] != stamp:
                        visited[w] = stamp
                        if pos >= limit:
                            return -1
                        queue[pos] = w
                        pos += 1
                e += 1
                if e >= seg:
                    break
    return pos


@numba.njit(cache=True)
def _lt_walk(root, indptr, nbr, cum, visited, stamp, out, pos, limit, state):
    """Backward LT walk from ``root``: each node keeps in-edge ``e`` with probability
    ``w_e`` (none with ``1 − Σ w``); stops at a node already on the walk."""
    v = root
    while True:
        if pos >= limit:
            return -1
        visited[v] = stamp
        out[pos] = v
        pos += 1
        a = indptr[v]
        b = indptr[v + 1]
        if a == b:
            return pos
        u = uniform(state)
        if u > cum[b - 1]:
            return pos
        lo = a
        hi = b - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if cum[mid] < u:
                lo = mid + 1
            else:
                hi = mid
        w = nbr[lo]
        if visited[w] == stamp:
            return pos
        v = w


@numba.njit(parallel=True, cache=True)
def _sample_chunks(
    first,
    n_chunks,
    cap,
    seed,
    lt,
    n,
    indptr,
    nbr,
    prob,
    logq,
    seg_end,
    cum,
    buf,
    sizes,
    ok,
    workers,
):
    """Draw chunks ``first .. first+n_chunks-1`` of :data:`CHUNK` sets each; chunk ``c``'s
    sets go to ``buf[c*cap : (c+1)*cap]`` and their sizes to ``sizes``; ``ok[c]`` is False when
    they did not fit (the caller draws that chunk again with more room: same sets)."""
    for w in numba.prange(workers):
        visited = np.zeros(n, dtype=np.int64)
        state = np.zeros(1, dtype=np.uint64)
        for c in range(w, n_chunks, workers):
            state[0] = chunk_seed(seed, first + c)
            pos = c * cap
            limit = pos + cap
            good = True
            for s in range(CHUNK):
                stamp = c * CHUNK + s + 1
                root = min(int(uniform(state) * n), n - 1)
                if lt:
                    new = _lt_walk(root, indptr, nbr, cum, visited, stamp, buf, pos, limit, state)
                else:
                    if pos >= limit:
                        new = -1
                    else:
                        visited[root] = stamp
                        buf[pos] = root
                        new = ic_cascade(
                            indptr, nbr, prob, logq, seg_end, visited, stamp, buf, pos,
                            pos + 1, limit, state,
                        )  # fmt: skip
                if new < 0:
                    good = False
                    break
                sizes[c * CHUNK + s] = new - pos
                pos = new
            ok[c] = good


@numba.njit(cache=True)
def _compact(buf, cap, starts, out):
    """Copy each chunk's sets from its slot of ``buf`` to ``out[starts[c]:]``."""
    for c in range(starts.size - 1):  # memory-bound: one thread is as fast
        a = c * cap - starts[c]
        for j in range(starts[c], starts[c + 1]):
            out[j] = buf[a + j]


class RRSets:
    """A growing, flat collection of RR sets of one graph and model, drawn reproducibly.

    ``nodes`` (``int32``) holds every set's members one after another and ``offsets``
    (``int64``, length ``count + 1``) where each starts; set ``i`` is
    ``nodes[offsets[i]:offsets[i+1]]``. Sets ``0 .. count-1`` depend only on the graph, the
    model and ``seed``.
    """

    def __init__(self, graph: InfluenceGraph, model: Model, seed: int) -> None:
        self.graph = graph
        self.model: Model = model
        self.seed = int(seed) & 0xFFFFFFFFFFFFFFFF
        self.csr: ProbabilityCSR = graph.reverse(model)
        self.nodes = np.zeros(0, dtype=np.int32)
        self.offsets = np.zeros(1, dtype=np.int64)
        self._chunks = 0
        self._mean = 4.0  # running mean set size, to size chunk slots
        self._max = 1

    @property
    def count(self) -> int:
        """Number of sets drawn."""
        return int(self.offsets.size - 1)

    @property
    def size(self) -> int:
        """Total members over all sets (the memory in ``int32`` entries)."""
        return int(self.offsets[-1])

    def set(self, i: int) -> npt.NDArray[np.int32]:
        """The members of set ``i``."""
        return self.nodes[self.offsets[i] : self.offsets[i + 1]]

    def extend(self, target: int) -> None:
        """Draw sets until there are at least ``target`` (a whole number of chunks)."""
        while self.count < target:
            chunks = -(-(target - self.count) // CHUNK)
            # draw in batches that keep the slot buffer small next to the sets kept
            # (the first chunk alone: it measures the set size that slots are cut to)
            batch = 1 if self.count == 0 else min(chunks, max(64, self.count // CHUNK // 2))
            self._draw(batch)

    def _draw(self, n_chunks: int) -> None:
        g, csr = self.graph, self.csr
        cap = int(2 * CHUNK * self._mean) + self._max + 64
        buf = np.empty(n_chunks * cap, dtype=np.int32)
        sizes = np.zeros(n_chunks * CHUNK, dtype=np.int64)
        ok = np.zeros(n_chunks, dtype=np.bool_)
        workers = min(n_chunks, numba.get_num_threads())
        args = (csr.indptr, csr.nbr, csr.prob, csr.logq, csr.seg_end, csr.cum)
        lt = self.model == "lt"
        _sample_chunks(self._chunks, n_chunks, cap, np.uint64(self.seed), lt, g.n, *args, buf, sizes, ok, workers)  # fmt: skip
        redo: dict[int, npt.NDArray[np.int32]] = {}
        for c in np.flatnonzero(~ok):  # a chunk that overflowed its slot: again, with room
            room = cap
            while True:
                room *= 2
                one = np.empty(room, dtype=np.int32)
                one_sizes = np.zeros(CHUNK, dtype=np.int64)
                one_ok = np.zeros(1, dtype=np.bool_)
                _sample_chunks(self._chunks + int(c), 1, room, np.uint64(self.seed), lt, g.n, *args, one, one_sizes, one_ok, 1)  # fmt: skip
                if one_ok[0]:
                    break
            sizes[c * CHUNK : (c + 1) * CHUNK] = one_sizes
            redo[int(c)] = one
        per_chunk = sizes.reshape(n_chunks, CHUNK).sum(axis=1)
        starts = np.zeros(n_chunks + 1, dtype=np.int64)
        np.cumsum(per_chunk, out=starts[1:])
        out = np.empty(int(starts[-1]), dtype=np.int32)
        _compact(buf, cap, starts, out)
        for slot, one in redo.items():
            out[starts[slot] : starts[slot + 1]] = one[: per_chunk[slot]]
        self.nodes = np.concatenate([self.nodes, out])
        offsets = self.offsets[-1] + np.cumsum(sizes)
        self.offsets = np.concatenate([self.offsets, offsets])
        self._chunks += n_chunks
        self._mean = max(1.0, self.size / max(self.count, 1))
        self._max = max(self._max, int(sizes.max(initial=1)))

    def nbytes(self) -> int:
        """Memory held by the sets."""
        return int(self.nodes.nbytes + self.offsets.nbytes)
