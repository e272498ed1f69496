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

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import duckdb
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from nichescout.graph.csr import build_graph
from nichescout.settings import INTERACTION_WEIGHTS
from nichescout.window import Window

__all__ = ["InteractionGraph", "interaction_graph"]


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
    window = window or Window()
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
        return InteractionGraph(sp.csr_array((len(nodes), len(nodes))), nodes)
    kind_list = ", ".join(f"'{k}'" for k in kinds)
    edges = con.execute(
        f"""
        WITH nodes AS (
            SELECT member_key, row_number() OVER (ORDER BY member_key) - 1 AS node
            FROM members m WHERE m.{scope} AND NOT coalesce(m.is_bot, false))
        SELECT a.node AS src, b.node AS dst,
               sum((CASE i.kind {case} END) * coalesce(i.value, 1.0)
                   * {window.weight("i.created_at", end)}) AS weight
        FROM interactions i
        JOIN nodes a ON a.member_key = i.actor_key
        JOIN nodes b ON b.member_key = i.target_key
        WHERE i.{scope} AND i.kind IN ({kind_list}) AND {window.where("i.created_at")}
          AND i.actor_key <> i.target_key
        GROUP BY 1, 2
        """
    ).fetchnumpy()
    weight = np.asarray(edges["weight"], dtype=np.float64)
    if weight.size and not (np.isfinite(weight).all() and weight.min() >= 0):
        # A store written before imports checked values: name the platform and the import.
        from nichescout.store.validate import first_bad_value

        bad = first_bad_value(con, platform, ("interactions",))
        if bad is not None:
            raise bad
    adjacency = build_graph(
        np.asarray(edges["src"], dtype=np.int64),
        np.asarray(edges["dst"], dtype=np.int64),
        weight,
        n_nodes=len(nodes),
    )
    return InteractionGraph(adjacency, nodes)
