"""Baseline seed sets that IMM must beat: highest out-degree, highest PageRank, random.

* degree: the ``k`` members with the most distinct out-neighbours (whom they can influence);
* PageRank: the ``k`` highest scores of weighted PageRank on the *reversed* influence graph,
  ``x_u = (1 − α)/n + α Σ_{v: u → v} x_v · p(u, v) / Σ_w p(w, v)``, so that a member ranks
  high when it can influence members who themselves influence many (the usual IM baseline);
* random: ``k`` distinct members drawn uniformly with ``random_state``.

Ties go to the lower node number.

>>> from nichescout.plan.graph import InfluenceGraph
>>> g = InfluenceGraph.from_edges([0, 0, 1, 3], [1, 2, 2, 0], [0.5, 0.5, 0.5, 0.5])
>>> degree_seeds(g, 2).tolist(), pagerank_seeds(g, 1).tolist()
([0, 1], [3])
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from nichescout import settings
from nichescout.plan.graph import InfluenceGraph

__all__ = ["degree_seeds", "pagerank_seeds", "random_seeds"]


def _top(score: npt.NDArray[np.float64], k: int) -> npt.NDArray[np.int64]:
    return np.lexsort((np.arange(score.size), -score))[:k].astype(np.int64)


def degree_seeds(graph: InfluenceGraph, k: int) -> npt.NDArray[np.int64]:
    """The ``k`` members with the highest out-degree."""
    return _top(graph.out_degree().astype(np.float64), k)


def pagerank_seeds(graph: InfluenceGraph, k: int) -> npt.NDArray[np.int64]:
    """The ``k`` members with the highest PageRank on the reversed influence graph."""
    from nichescout.graph import build_graph, pagerank

    reversed_graph = build_graph(graph.dst, graph.src, graph.prob, n_nodes=graph.n)
    return _top(pagerank(reversed_graph, damping=settings.get("pagerank_damping")), k)


def random_seeds(graph: InfluenceGraph, k: int, random_state: int = 0) -> npt.NDArray[np.int64]:
    """``k`` distinct members drawn uniformly."""
    rng = np.random.default_rng(random_state)
    return np.sort(rng.choice(graph.n, size=k, replace=False)).astype(np.int64)
