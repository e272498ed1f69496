"""The weighted, directed interaction graph of one platform, read from the store.

An edge ``a → b`` sums the interactions where *a* acted on *b* (replied to, mentioned,
up-voted, accepted, shared, followed, referred), each weighted by its kind
(:data:`nichescout.settings.INTERACTION_WEIGHTS`), by its ``value`` and by the window's recency
weight. Self-loops, anonymous actors and bots are left out. Nodes are the platform's
non-bot members, numbered ``0 .. n-1`` in the order of :attr:`InteractionGraph.member_keys`.

.. math:: A_{ab} = \\sum_{i: a \\to b} \\omega_{kind(i)} \\cdot value_i \\cdot w(t_i)

>>> from nichescout.data.toy import toy_community
>>> g = interaction_graph(toy_community().con, "toy")
>>> g.adjacency.shape, g.adjacency.nnz
((5, 5), 7)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from nichescout.graph.csr import build_graph
from nichescout.settings import INTERACTION_WEIGHTS
from nichescout.window import Window

__all__ = ["InteractionGraph", "interaction_graph", "interaction_graphs"]


@dataclass(frozen=True)
class InteractionGraph:
    """CSR adjacency (row = actor) and the member key of each node."""

    adjacency: sp.csr_array
    member_keys: npt.NDArray[np.int64]


def interaction_graph(
    con: duckdb.DuckDBPyConnection,
    platform: str,
    window: Window | None = None,
    *,
    end: datetime | None = None,
    weights: Mapping[str, float] | None = None,
) -> InteractionGraph:
    """Build the graph of ``platform`` inside ``window`` (one SQL pass, then CSR).

    ``end`` is the reference time of recency weights when the window has no ``until``.
    """
    return interaction_graphs(con, platform, [(window or Window(), end)], weights=weights)[0]


def interaction_graphs(
    con: duckdb.DuckDBPyConnection,
    platform: str,
    windows: Sequence[tuple[Window, datetime | None]],
    *,
    weights: Mapping[str, float] | None = None,
) -> list[InteractionGraph]:
    """The graph inside each of ``windows`` (a window and the reference time of its recency
    weights), all from one SQL pass over the span of them: a fit's inner cutoffs.

    An edge's weight in each window sums only that window's interactions (the others add
    0.0), and a pair without any there is not stored (:func:`build_graph` drops zero sums),
    so each graph is :func:`interaction_graph` of its window.

    >>> from datetime import datetime
    >>> from nichescout.data.toy import toy_community
    >>> con = toy_community().con
    >>> cut = [(Window(until=datetime(2024, 1, d), half_life_days=3), None) for d in (3, 10)]
    >>> [g.adjacency.nnz for g in interaction_graphs(con, "toy", cut)]
    [3, 5]
    >>> one = interaction_graph(con, "toy", cut[1][0]).adjacency
    >>> abs(interaction_graphs(con, "toy", cut)[1].adjacency - one).max() < 1e-12
    np.True_
    """
    if not windows:
        return []
    scope = "platform = '" + platform.replace("'", "''") + "'"
    weights = dict(INTERACTION_WEIGHTS if weights is None else weights)
    kinds = [k for k, w in weights.items() if w]
    case = " ".join(f"WHEN '{k}' THEN {float(w)}" for k, w in weights.items() if w)
    nodes = con.execute(
        f"""SELECT member_key FROM members m WHERE m.{scope}
            AND NOT coalesce(m.is_bot, false) ORDER BY member_key"""
    ).fetchnumpy()["member_key"]
    nodes = np.asarray(nodes, dtype=np.int64)
    if not kinds:
        return [InteractionGraph(sp.csr_array((len(nodes), len(nodes))), nodes) for _ in windows]
    kind_list = ", ".join(f"'{k}'" for k in kinds)
    if len(windows) == 1:
        ((window, end),) = windows
        span = window
        sums = [window.weight("i.created_at", end)]
    else:
        span = Window.covering(w for w, _ in windows)
        reference = Window.latest_reference(windows)
        sums = [
            w.weight_inside("i.created_at", e, w.where("i.created_at"), reference)
            for w, e in windows
        ]
    columns = ", ".join(
        f"sum((CASE i.kind {case} END) * coalesce(i.value, 1.0) * {weight}) AS weight{j}"
        for j, weight in enumerate(sums)
    )
    edges = con.execute(
        f"""
        WITH nodes AS (
            SELECT member_key, row_number() OVER (ORDER BY member_key) - 1 AS node
            FROM members m WHERE m.{scope} AND NOT coalesce(m.is_bot, false))
        SELECT a.node AS src, b.node AS dst, {columns}
        FROM interactions i
        JOIN nodes a ON a.member_key = i.actor_key
        JOIN nodes b ON b.member_key = i.target_key
        WHERE i.{scope} AND i.kind IN ({kind_list}) AND {span.where("i.created_at")}
          AND i.actor_key <> i.target_key
        GROUP BY 1, 2
        """
    ).fetchnumpy()
    src = np.asarray(edges["src"], dtype=np.int64)
    dst = np.asarray(edges["dst"], dtype=np.int64)
    graphs = []
    for j in range(len(windows)):
        weight = np.asarray(edges[f"weight{j}"], dtype=np.float64)
        if weight.size and not (np.isfinite(weight).all() and weight.min() >= 0):
            # A store written before imports checked values: name the platform and the import.
            from nichescout.store.validate import first_bad_value

            bad = first_bad_value(con, platform, ("interactions",))
            if bad is not None:
                raise bad
        adjacency = build_graph(src, dst, weight, n_nodes=len(nodes))
        graphs.append(InteractionGraph(adjacency, nodes))
    return graphs
