r"""network: the member's standing in the interaction graph, as four signals.

* ``network_pagerank`` — weighted PageRank of the graph where an edge ``a → b`` is *a*
  acting on *b* (so standing flows to those others engage with; each kind weighs as the
  setting ``interaction_weights`` says), damping ``pagerank_damping`` (0.85), reported
  ×n (1 = average);
* ``network_core`` — k-core number of the undirected simple graph;
* ``network_bridging`` — number of detected communities (Louvain, NetworKit PLM) other than
  the member's own among their neighbours (a fit's inner cutoffs count them against the
  communities detected once before the earliest inner cutoff: :func:`partition`);
* ``network_reach`` — distinct members within two steps *toward* the member (who engaged with
  them, and who engaged with those): the audience their word can travel through.

The graph is built once per :class:`~nichescout.signals.base.SignalContext` and shared by the four (see
:mod:`nichescout.graph.interaction_graph`), and each measure is computed only when asked for; community detection is seeded (``random_state``
0) so rankings are reproducible.

>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals.base import SignalContext, by_member_id
>>> con = toy_community().con
>>> by_member_id(con, compute_all(con, SignalContext("toy")), "core")
{'ann': 2.0, 'bob': 1.0, 'cat': 2.0, 'dan': 2.0, 'eve': 1.0}
"""

from __future__ import annotations

from typing import Any

import duckdb
import numpy as np
import pandas as pd

from nichescout.exceptions import ParameterError
from nichescout.graph.communities import bridging, detect_communities
from nichescout.graph.csr import to_undirected
from nichescout.graph.interaction_graph import interaction_graph
from nichescout.graph.kcore import core_number
from nichescout.graph.pagerank import pagerank
from nichescout.graph.reach import two_hop_reach
from nichescout.signals.base import Signal, SignalContext, register
from nichescout.window import Window


def compute_all(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    """All graph measures in one frame: member_key, pagerank, core, bridging, reach."""
    graph = _graph(con, ctx)
    frame = pd.DataFrame({"member_key": graph.member_keys})
    for column in MEASURES:
        frame[column] = _measure(con, ctx, column)
    return frame


#: The graph measures, each computed only when a signal asks for it (community detection
#: alone takes most of the graph's time on large communities) and then kept in the context.
MEASURES = ("pagerank", "core", "bridging", "reach")


#: ``SignalContext.cache`` key of the context's interaction graph (a fit builds those of its
#: inner cutoffs together and hands each to its context).
GRAPH = "network.graph"


def _graph(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> Any:
    if GRAPH not in ctx.cache:
        ctx.cache[GRAPH] = interaction_graph(
            con, ctx.platform, ctx.window, end=ctx.end, weights=ctx.setting("interaction_weights")
        )
    return ctx.cache[GRAPH]


def _undirected(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> Any:
    """The context's graph as undirected and weighted (:func:`to_undirected`), made once for
    the measures that need it (k-core, bridging, and communities of the context's own
    window): each conversion is most of a second on a million members. Dropped once k-core
    and bridging are both computed (:func:`_measure`): it is the size of the graph."""
    if UNDIRECTED not in ctx.cache:
        ctx.cache[UNDIRECTED] = to_undirected(_graph(con, ctx).adjacency)
    return ctx.cache[UNDIRECTED]


#: ``SignalContext.cache`` key of the undirected graph the measures share.
UNDIRECTED = "network.undirected"


def _measure(con: duckdb.DuckDBPyConnection, ctx: SignalContext, column: str) -> np.ndarray:
    """One measure of every node of the context's graph (zeros on a graph without edges)."""
    if column not in MEASURES:
        raise ParameterError.invalid("column", "network measure", f"one of {MEASURES}", column)
    key = f"network.{column}"
    if key in ctx.cache:
        return ctx.cache[key]
    a = _graph(con, ctx).adjacency
    n = a.shape[0]
    if n == 0 or a.nnz == 0:
        values: np.ndarray = np.zeros(n)
    elif column == "pagerank":
        damping = float(ctx.setting("pagerank_damping"))
        values = pagerank(a, damping=damping, tol=1e-8, max_iter=300) * n
        degree = np.asarray((a != 0).sum(axis=0)).ravel() + np.asarray((a != 0).sum(axis=1)).ravel()
        values[degree == 0] = 0.0
    elif column == "core":
        values = core_number(_undirected(con, ctx), undirected=True)
    elif column == "bridging":
        keys, labels = partition(con, ctx, ctx.cache.get(PARTITION_WINDOW))
        labels = _aligned(_graph(con, ctx).member_keys, keys, labels)
        values = bridging(_undirected(con, ctx), labels, undirected=True)
    else:  # reach
        values = two_hop_reach(sp_transpose(a), random_state=0)
    ctx.cache[key] = values
    if "network.core" in ctx.cache and "network.bridging" in ctx.cache:
        ctx.cache.pop(UNDIRECTED, None)  # its last users are done
    return values


#: ``SignalContext.cache`` key: the window whose partition ``network_bridging`` counts
#: against, when not the context's own (a fit's inner cutoffs: the window before the
#: earliest of them).
PARTITION_WINDOW = "network.partition_window"


def partition(
    con: duckdb.DuckDBPyConnection, ctx: SignalContext, window: Window | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(member keys, community labels) of the context's interaction graph, or of the graph
    of ``window`` without recency weights, detected once for every context sharing
    ``ctx.shared``.

    A fit's inner cutoffs pass the window before the earliest of them: community structure
    changes slowly, and detecting it at each inner cutoff (seconds on a million members)
    was a third of a fit's time. No inner cutoff sees events after itself; a member who
    first connects later is a community of their own (:func:`_aligned`).
    """
    resolution = float(ctx.setting("community_resolution"))
    weights = ctx.setting("interaction_weights")
    if window is None:
        window, end = ctx.window, ctx.end if ctx.window.half_life_days is not None else None
    else:
        window, end = Window(window.since, window.until), None
    key = f"network.partition\x00{window}\x00{end}\x00{resolution}\x00{sorted(weights.items())}"

    def detect() -> tuple[np.ndarray, np.ndarray]:
        if window == ctx.window:  # the measures' shared undirected graph
            u = _undirected(con, ctx)
            labels = detect_communities(u, resolution=resolution, random_state=0, undirected=True)
            return _graph(con, ctx).member_keys, labels
        graph = interaction_graph(con, ctx.platform, window, weights=weights)
        labels = detect_communities(graph.adjacency, resolution=resolution, random_state=0)
        return graph.member_keys, labels

    return ctx.once(key, detect)


def _aligned(nodes: np.ndarray, keys: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """The label of each of ``nodes`` (member keys) from a partition of ``keys``; a node the
    partition does not know is a community of its own.

    >>> _aligned(np.array([1, 3, 4]), np.array([1, 2, 3]), np.array([0, 0, 1])).tolist()
    [0, 1, 2]
    """
    if np.array_equal(nodes, keys):
        return labels
    out = np.zeros(len(nodes), dtype=np.int64)
    known = np.zeros(len(nodes), dtype=bool)
    if len(keys):
        at = np.minimum(np.searchsorted(keys, nodes), len(keys) - 1)
        known = keys[at] == nodes
        out[known] = labels[at[known]]
    fresh = np.flatnonzero(~known)
    out[fresh] = int(labels.max(initial=-1)) + 1 + np.arange(len(fresh))
    return out.astype(np.int64)


def sp_transpose(a: Any) -> Any:
    """The graph with every edge reversed, as CSR (row = target)."""
    return a.T.tocsr()


def _column(column: str) -> Any:
    def compute(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
        values = np.asarray(_measure(con, ctx, column), dtype="float64")
        out = pd.DataFrame({"member_key": _graph(con, ctx).member_keys, "value": values})
        out[column] = out["value"]
        return out[out["value"] > 0].reset_index(drop=True)

    return compute


for _name, _col, _desc, _why in (
    (
        "network_pagerank",
        "pagerank",
        "Weighted PageRank in the interaction graph.",
        "PageRank {pagerank:.1f}× the average member",
    ),
    (
        "network_core",
        "core",
        "k-core number in the interaction graph.",
        "in the {core:.0f}-core of the interaction graph",
    ),
    (
        "network_bridging",
        "bridging",
        "Detected communities bridged besides their own.",
        "connects {bridging:.0f} other communities",
    ),
    (
        "network_reach",
        "reach",
        "Distinct members within two steps toward them.",
        "{reach:#member} within two steps",
    ),
):
    # k-core and two-hop reach are structural: an edge counts or not, whatever its age.
    register(
        Signal(
            _name,
            _desc,
            _column(_col),
            _why,
            group="network",
            recency=_name not in ("network_core", "network_reach"),
        )
    )
