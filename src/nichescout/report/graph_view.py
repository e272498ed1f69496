r"""The interaction-graph neighbourhood of the top members, with a deterministic layout.

The neighbourhood holds the ``top`` best-ranked members of a platform and, for each, its
``neighbours`` strongest neighbours in the undirected interaction graph
:math:`S = A + A^\top` (:func:`~nichescout.graph.interaction_graph.interaction_graph`, so
:math:`S_{ab}` sums the weighted interactions between *a* and *b* in both directions; ties
go to the smaller member id). Its edges join each top member to those neighbours, and top
members to one another.

Positions come from :func:`shell_layout`: top members on an inner circle in rank order,
neighbours on an outer circle beside the top members they interact with. No randomness: the
same graph always gets the same picture.

>>> from nichescout.data.toy import toy_community
>>> from nichescout.scores import CommunityScorer
>>> store = toy_community()
>>> hood = neighbourhood(store, "toy", CommunityScorer().fit(store).scores_, top=2)
>>> hood.nodes[["member_id", "top"]].to_dict("list")
{'member_id': ['ann', 'dan', 'bob', 'cat', 'eve'], 'top': [True, True, False, False, False]}
>>> hood.edges.to_dict("records")[:2]
[{'source': 'ann', 'target': 'bob', 'weight': 4.0}, {'source': 'ann', 'target': 'cat', 'weight': 4.0}]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp

from nichescout.graph.interaction_graph import interaction_graph
from nichescout.store import Store
from nichescout.window import Window

__all__ = ["Neighbourhood", "neighbourhood", "shell_layout"]


@dataclass(frozen=True)
class Neighbourhood:
    """Nodes (member_id, handle, display_name, rank, score, top, x, y) and edges."""

    nodes: pd.DataFrame
    edges: pd.DataFrame  # source, target (member ids), weight


def neighbourhood(
    store: Store,
    platform: str,
    ranked: pd.DataFrame,
    *,
    top: int = 10,
    neighbours: int = 3,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Neighbourhood:
    """The neighbourhood of the ``top`` first rows of ``ranked`` (a scorer's ``scores_``)."""
    ranked = ranked[ranked["platform"] == platform].sort_values("rank")
    graph = interaction_graph(store.con, platform, Window(since, until))
    people = store.con.execute(
        """SELECT member_key, member_id, handle, display_name FROM members
           WHERE platform = ?""",
        [platform],
    ).df()
    keys = pd.DataFrame({"member_key": graph.member_keys, "node": range(len(graph.member_keys))})
    people = keys.merge(people, on="member_key", how="left").sort_values("node")
    ids = [str(m) for m in people["member_id"]]
    node_of = {m: i for i, m in enumerate(ids)}
    heads = [node_of[m] for m in ranked["member_id"].head(top) if m in node_of]
    chosen, pairs = _select(graph.adjacency, heads, neighbours, ids)

    position = {node: i for i, node in enumerate(chosen)}
    edge_index = np.array([(position[a], position[b]) for a, b in pairs], dtype=np.int64)
    edge_weight = np.array(list(pairs.values()), dtype=np.float64)
    xy = shell_layout(len(chosen), edge_index.reshape(-1, 2), edge_weight, inner=len(heads))

    nodes = people.iloc[chosen][["member_id", "handle", "display_name"]].reset_index(drop=True)
    nodes = nodes.merge(ranked[["member_id", "rank", "score"]], on="member_id", how="left")
    nodes["top"] = np.arange(len(chosen)) < len(heads)
    nodes["x"], nodes["y"] = xy[:, 0], xy[:, 1]
    edges = pd.DataFrame(
        {
            "source": [ids[a] for a, _ in pairs],
            "target": [ids[b] for _, b in pairs],
            "weight": edge_weight,
        }
    )
    return Neighbourhood(nodes, edges)


def _select(
    adjacency: sp.csr_array, heads: list[int], neighbours: int, ids: list[str]
) -> tuple[list[int], dict[tuple[int, int], float]]:
    """Nodes (heads first, then their strongest neighbours) and undirected weighted pairs."""
    sym = sp.csr_array(adjacency + adjacency.T)
    chosen = list(heads)
    pairs: dict[tuple[int, int], float] = {}

    def link(a: int, b: int, weight: float) -> None:
        if (b, a) not in pairs:
            pairs.setdefault((a, b), weight)

    for head in heads:
        span = slice(sym.indptr[head], sym.indptr[head + 1])
        cols, weights = sym.indices[span], sym.data[span]
        keep = [j for j in range(len(cols)) if weights[j] > 0 and cols[j] != head]
        keep.sort(key=lambda j: (-weights[j], ids[cols[j]]))
        for j in keep[:neighbours]:
            other = int(cols[j])
            link(head, other, float(weights[j]))
            if other not in chosen:
                chosen.append(other)
    for i, a in enumerate(heads):
        for b in heads[i + 1 :]:
            if sym[a, b] > 0:
                link(a, b, float(sym[a, b]))
    return chosen, pairs


def shell_layout(
    n_nodes: int,
    edges: npt.NDArray[np.int64],
    weights: npt.NDArray[np.float64] | None = None,
    *,
    inner: int = 0,
) -> npt.NDArray[np.float64]:
    r"""Deterministic 2-D positions in [-1, 1]²: a ring of top nodes and a ring of neighbours.

    The first ``inner`` nodes sit on a circle of radius 0.6, clockwise from the top in their
    order. Each other node sits on the unit circle at the weighted circular mean of the
    angles of the inner nodes it is linked to, :math:`\arg \sum_j w_j e^{i\theta_j}`;
    neighbours that crowd one place are then spread evenly around it, at least
    :math:`\min(2\pi / m, 0.4)` radians apart, keeping their order (:func:`_spread`).
    ``edges`` is an (m, 2) array of node pairs.

    >>> xy = shell_layout(3, np.array([[0, 1], [0, 2]]), inner=1)
    >>> xy.round(2).tolist()
    [[0.0, 0.0], [-0.2, 0.98], [0.2, 0.98]]
    """
    inner = min(max(inner, 0), n_nodes)
    pos = np.zeros((n_nodes, 2))
    angle = np.pi / 2 - 2 * np.pi * np.arange(max(inner, 1)) / max(inner, 1)
    if inner > 1:
        pos[:inner] = 0.6 * np.column_stack([np.cos(angle[:inner]), np.sin(angle[:inner])])
    m = n_nodes - inner
    if m == 0:
        return pos
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    w = np.ones(len(edges)) if weights is None else np.asarray(weights, dtype=np.float64)
    pull = np.zeros(n_nodes, dtype=complex)
    for (a, b), weight in zip(edges, w, strict=True):
        if a < inner <= b:
            pull[b] += weight * np.exp(1j * angle[a])
        elif b < inner <= a:
            pull[a] += weight * np.exp(1j * angle[b])
    spread = np.pi / 2 - 2 * np.pi * np.arange(m) / m
    target = np.where(np.abs(pull[inner:]) > 1e-12, np.angle(pull[inner:]), spread)
    order = np.argsort(-target, kind="stable")  # clockwise, like the inner ring
    final = np.empty(m)
    final[order] = _spread(target[order], min(2 * np.pi / m, 0.4))
    pos[inner:] = np.column_stack([np.cos(final), np.sin(final)])
    return pos


def _spread(target: npt.NDArray[np.float64], gap: float) -> npt.NDArray[np.float64]:
    """Angles as close to ``target`` (descending) as can be with neighbours ``gap`` apart.

    Nodes closer than ``gap`` form a cluster, spread evenly around its mean target; clusters
    that then overlap merge, until none do.

    >>> _spread(np.array([1.0, 1.0, -2.0]), 0.5).tolist()
    [1.25, 0.75, -2.0]
    """
    clusters = [[i] for i in range(len(target))]

    def place(cluster: list[int]) -> npt.NDArray[np.float64]:
        k = len(cluster)
        steps = (k - 1) / 2 - np.arange(k, dtype=np.float64)
        return np.asarray(float(np.mean(target[cluster])) + gap * steps, dtype=np.float64)

    merged = True
    while merged:
        merged = False
        for c in range(len(clusters) - 1):
            if place(clusters[c])[-1] - place(clusters[c + 1])[0] < gap - 1e-12:
                clusters[c] += clusters.pop(c + 1)
                merged = True
                break
    return np.concatenate([place(c) for c in clusters]) if clusters else np.zeros(0)
