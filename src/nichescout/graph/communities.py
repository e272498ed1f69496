"""Communities (NetworKit's parallel Louvain) and how far each member reaches across them.

Communities are found on the undirected weighted graph ``U`` (``U[i, j] = A[i, j] + A[j, i]``,
self-loops dropped; :func:`~nichescout.graph.to_undirected`) by maximising the modularity

    Q = 1/(2m) · Σ_ij [ U_ij − γ · k_i k_j / (2m) ] · δ(c_i, c_j),

with ``k_i = Σ_j U_ij``, ``2m = Σ_i k_i`` and ``γ`` the resolution, by the Louvain method:
move single nodes to the neighbouring community that raises ``Q`` most, then merge each
community into one node and repeat.

Two measures then say how much a member bridges communities, both on ``U``:

* ``bridging``: the number of distinct communities other than its own among its neighbours;
* ``participation``: ``P_i = 1 − Σ_c (w_ic / w_i)²``, where ``w_ic`` is the weight between
  ``i`` and the members of community ``c`` (its own included) and ``w_i = Σ_c w_ic``; 0 when
  all its weight stays in one community (or it has none), close to 1 when spread evenly.

References
----------
V. D. Blondel, J.-L. Guillaume, R. Lambiotte and E. Lefebvre, "Fast unfolding of communities
in large networks", J. Stat. Mech. P10008, 2008.

C. L. Staudt and H. Meyerhenke, "Engineering parallel algorithms for community detection in
massive networks", IEEE TPDS 27(1), 2016 (NetworKit's PLM).

R. Guimerà and L. A. N. Amaral, "Functional cartography of complex metabolic networks",
Nature 433, 895–900, 2005 (the participation coefficient).
"""

from __future__ import annotations

import sys
from typing import Any

import numba
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from nichescout.exceptions import ParameterError
from nichescout.graph.csr import to_undirected, undirected_view

__all__ = ["bridging", "detect_communities", "participation"]

#: Libraries ``import networkit`` loads when they are installed, for features nichescout does
#: not use (link-prediction classifiers, NetworkX and Matplotlib adapters): scikit-learn alone
#: took 1.3 s, more than all the rest of ``nichescout member`` on a small community.
_NETWORKIT_EXTRAS = ("sklearn", "networkx", "matplotlib")


def _networkit() -> Any:
    """NetworKit, imported on first use, without the optional extras it would pull in.

    When this process has not imported an extra yet, NetworKit is imported as if it were not
    installed (its own fallback), and the extra stays importable afterwards. NetworKit's
    scikit-learn link-prediction helpers and ``networkit.nxadapter`` then need the extras
    imported before NetworKit; nothing else changes.
    """
    if "networkit" in sys.modules:
        return sys.modules["networkit"]
    masked = [name for name in _NETWORKIT_EXTRAS if name not in sys.modules]
    for name in masked:
        sys.modules[name] = None  # type: ignore[assignment]  # "not installed", for now
    try:
        import networkit
    finally:
        for name in masked:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
    return networkit


#: Up to this many nodes a seeded (sequential) PLM runs on one NetworKit thread.
_ONE_THREAD_NODES = 100_000


def detect_communities(
    adjacency: Any,
    resolution: float = 1.0,
    random_state: int | np.random.Generator | None = None,
    *,
    undirected: bool = False,
) -> npt.NDArray[np.int64]:
    """Community label of every node, numbered ``0, 1, …`` in order of first appearance.

    ``undirected=True``: ``adjacency`` already is the undirected weighted graph (a
    :func:`to_undirected` result, shared with other measures), so it is not converted again.

    Runs NetworKit's PLM (parallel Louvain, no refinement) on the undirected weighted graph.

    ``random_state=None`` runs PLM in parallel on all NetworKit threads; the partition then
    depends on thread timing and may differ from run to run. An int or a ``Generator`` asks for
    a reproducible partition: PLM then visits nodes sequentially in a random order drawn from
    NetworKit's generator, seeded from ``random_state``. NetworKit only has a process-wide seed
    (``networkit.engineering.setSeed``), so this call reseeds it for every later NetworKit
    call in the process too; and the sequential run is about twice as slow on two cores.

    Examples
    --------
    >>> from nichescout.graph.toy import toy_graph
    >>> detect_communities(toy_graph(), random_state=0)
    array([0, 0, 0, 1, 1, 1])
    """
    owner = "detect_communities"
    if isinstance(resolution, bool) or not (
        isinstance(resolution, float | int | np.floating) and resolution >= 0
    ):
        raise ParameterError.invalid("resolution", owner, "a float >= 0", resolution)
    if random_state is not None and not isinstance(
        random_state, int | np.integer | np.random.Generator
    ):
        raise ParameterError.invalid(
            "random_state", owner, "None, an int or a numpy Generator", random_state
        )
    u = undirected_view(adjacency, owner, undirected=undirected)
    n = u.shape[0]
    if u.nnz == 0:
        return np.arange(n, dtype=np.int64)
    nk = _networkit()
    graph = _networkit_graph(u)
    if random_state is None:
        par = "balanced"
    else:
        seed = int(np.random.default_rng(random_state).integers(2**31 - 1))
        nk.engineering.setSeed(seed, False)
        par = "none randomized"
    plm = nk.community.PLM(graph, refine=False, gamma=float(resolution), par=par)
    threads = nk.getMaxNumberOfThreads()
    if random_state is not None and n <= _ONE_THREAD_NODES:
        # Sequential PLM still enters OpenMP regions; on a small graph waking the threads
        # costs more than the work (0.1 s for 6 nodes on a busy 2-core machine, 40 µs on one
        # thread). The partition is the same on one thread.
        nk.setNumberOfThreads(1)
    try:
        plm.run()
    finally:
        nk.setNumberOfThreads(threads)
    partition = plm.getPartition()  # keep a reference: NetworKit segfaults on temporaries
    raw = np.asarray(partition.getVector(), dtype=np.int64)
    return _first_appearance(raw)


def bridging(
    adjacency: Any, labels: npt.ArrayLike, *, undirected: bool = False
) -> npt.NDArray[np.int64]:
    """Number of distinct communities, other than its own, among each node's neighbours.

    Neighbours are in or out, on the undirected simple graph (``undirected=True``:
    ``adjacency`` already is one, a :func:`to_undirected` result; its weights are ignored).

    >>> from nichescout.graph.toy import toy_graph
    >>> bridging(toy_graph(), [0, 0, 0, 1, 1, 1])  # only the bridge 2 - 3 crosses
    array([0, 0, 1, 1, 0, 0])
    """
    u = undirected_view(adjacency, "bridging", undirected=undirected)
    codes, n_codes = _check_labels(labels, u.shape[0], "bridging")
    counts = np.zeros(u.shape[0], dtype=np.int64)
    shares = np.zeros(u.shape[0])
    _profile(u.indptr, u.indices, u.data, codes, n_codes, _blocks(u.shape[0]), counts, shares)
    return counts


def participation(adjacency: Any, labels: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Participation coefficient ``1 − Σ_c (w_ic / w_i)²`` of each node (0 if ``w_i = 0``).

    >>> from nichescout.graph.toy import toy_graph
    >>> participation(toy_graph(), [0, 0, 0, 1, 1, 1])  # 2: 1 − (3/4)² − (1/4)²
    array([0.   , 0.   , 0.375, 0.375, 0.   , 0.   ])
    """
    u = to_undirected(adjacency)
    codes, n_codes = _check_labels(labels, u.shape[0], "participation")
    counts = np.zeros(u.shape[0], dtype=np.int64)
    shares = np.zeros(u.shape[0])
    _profile(u.indptr, u.indices, u.data, codes, n_codes, _blocks(u.shape[0]), counts, shares)
    return 1.0 - shares


def _blocks(n: int) -> int:
    """Row blocks for a parallel loop: a few per thread, for balance."""
    return min(n, 4 * numba.get_num_threads())


def _networkit_graph(u: sp.csr_array) -> Any:
    """An undirected weighted NetworKit graph from a symmetric CSR array.

    ``GraphFromCsr`` on the upper triangle builds it in parallel (2.4 s against 8.4 s for
    ``GraphFromCoo`` on 12M edges), in an order that depends on thread timing;
    ``sortEdges`` then puts each adjacency list in ascending order, which is the order
    ``GraphFromCoo`` gave on the row-major triangle, so seeded PLM finds the same
    partition as before and the same on every run.
    """
    nk = _networkit()
    graph = nk.GraphFromCsr(
        sp.csr_matrix(sp.triu(u, k=1, format="csr")), directed=False, weighted=True
    )
    graph.sortEdges()
    return graph


def _first_appearance(raw: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Relabel so the community of node 0 is 0, the next new one 1, and so on."""
    _, first, inverse = np.unique(raw, return_index=True, return_inverse=True)
    rank = np.empty(first.size, dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(first.size)
    return rank[inverse]


def _check_labels(labels: npt.ArrayLike, n: int, owner: str) -> tuple[npt.NDArray[np.int64], int]:
    arr = np.asarray(labels)
    if arr.shape != (n,) or not (n == 0 or np.issubdtype(arr.dtype, np.integer)):
        raise ParameterError.invalid(
            "labels", owner, f"{n} integer community labels, one per node", f"shape {arr.shape}"
        )
    _, codes = np.unique(arr, return_inverse=True)
    return codes.astype(np.int64).reshape(n), int(codes.max(initial=-1)) + 1


@numba.njit(parallel=True, cache=True)
def _profile(indptr, indices, data, codes, n_codes, n_blocks, counts, shares):  # noqa: E501
    """Per row ``i``: ``counts[i]`` = other communities touched, ``shares[i]`` = Σ_c (w_ic/w_i)²."""
    n = indptr.shape[0] - 1
    for b in numba.prange(n_blocks):
        weight = np.zeros(n_codes)  # w_ic of the current row, reset through `touched`
        touched = np.empty(n_codes, dtype=np.int64)
        for i in range(b * n // n_blocks, (b + 1) * n // n_blocks):
            n_touched = 0
            total = 0.0
            for k in range(indptr[i], indptr[i + 1]):
                c = codes[indices[k]]
                if weight[c] == 0.0:
                    touched[n_touched] = c
                    n_touched += 1
                weight[c] += data[k]
                total += data[k]
            other = 0
            square = 0.0
            for t in range(n_touched):
                c = touched[t]
                if c != codes[i]:
                    other += 1
                square += (weight[c] / total) ** 2
                weight[c] = 0.0
            counts[i] = other
            shares[i] = square if total > 0.0 else 1.0
