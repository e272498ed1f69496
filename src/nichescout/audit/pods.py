"""Engagement pods: groups of accounts that all comment on each other's posts.

A pod ("engagement group") is a few creators who agree to like and comment on every post
of the others, so that each post looks busier than its audience makes it. It shows in the
comments as a dense cluster of the **mutual-comment graph**: an undirected edge joins u and
v when u commented at least ``m`` times on v's posts *and* v at least ``m`` times on u's
(``m`` the setting ``pod_min_comments``).

The dense clusters are the **k-clique communities** of that graph (clique percolation,
``k`` the setting ``pod_min_size``): the unions of k-cliques (k accounts who all comment on
each other) that can be reached from one another through k-cliques sharing k − 1 accounts.
Two pods joined by a single pair of accounts stay two. Cliques are found by NetworKit
(``networkit.clique.MaximalCliques``) after removing the accounts outside the
(k − 1)-core (:func:`nichescout.graph.core_number`), which no k-clique can hold.

Each community is reported with the evidence of what was seen:

- ``density``: the share of its member pairs joined in the mutual-comment graph (1 when
  everybody comments on everybody, as in a clique);
- ``reciprocity``: of the ordered pairs (u, v) of members where u commented on v's posts
  at least once, the share where v also commented on u's;
- ``comments``: comments its members left on each other's posts.

A pod is flagged when its density is at least ``pod_min_density``.

>>> import pandas as pd
>>> edges = pd.DataFrame({"commenter": ["ann", "bo", "ann", "cy", "bo", "cy", "dee"],
...                       "author": ["bo", "ann", "cy", "ann", "cy", "bo", "ann"],
...                       "comments": [5, 4, 6, 3, 3, 9, 40]})
>>> [(p.members, p.density, p.reciprocity, p.comments) for p in find_pods(edges)]
[(('ann', 'bo', 'cy'), 1.0, 1.0, 30)]

References
----------
G. Palla, I. Derényi, I. Farkas and T. Vicsek, "Uncovering the overlapping community
structure of complex networks in nature and society", Nature 435, 814–818, 2005.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Any

from nichescout import settings as _settings
from nichescout.exceptions import ParameterError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Pod", "find_pods", "mutual_pairs"]


@dataclass(frozen=True)
class Pod:
    """One dense mutual-comment cluster: its members (sorted) and the evidence."""

    members: tuple[str, ...]
    density: float
    reciprocity: float
    comments: int
    mutual_pairs: int

    def describe(self) -> str:
        """The evidence in words.

        >>> Pod(("a", "b", "c"), 1.0, 1.0, 30, 3).describe()
        '3 accounts (a, b, c) who comment on each other: 3 of 3 pairs mutual (density 1.00), reciprocity 1.00, 30 comments among them'
        """
        pairs = len(self.members) * (len(self.members) - 1) // 2
        return (
            f"{len(self.members)} accounts ({', '.join(self.members)}) who comment on each "
            f"other: {self.mutual_pairs} of {pairs} pairs mutual (density {self.density:.2f}), "
            f"reciprocity {self.reciprocity:.2f}, {self.comments:,} comments among them"
        )


def mutual_pairs(edges: pd.DataFrame, min_comments: int) -> set[tuple[str, str]]:
    """The edges ``(u, v)``, ``u < v``, of the mutual-comment graph: each commented at least
    ``min_comments`` times on the other's posts. ``edges``: commenter, author, comments.

    >>> import pandas as pd
    >>> mutual_pairs(pd.DataFrame({"commenter": ["a", "b", "a"], "author": ["b", "a", "c"],
    ...                            "comments": [2, 3, 9]}), 2)
    {('a', 'b')}
    """
    counts: dict[tuple[str, str], int] = {}
    for u, v, n in edges[["commenter", "author", "comments"]].itertuples(index=False):
        if u != v:
            counts[(str(u), str(v))] = counts.get((str(u), str(v)), 0) + int(n)
    return {
        (u, v)
        for (u, v), n in counts.items()
        if u < v and n >= min_comments and counts.get((v, u), 0) >= min_comments
    }


def _clique_communities(pairs: set[tuple[str, str]], k: int) -> list[set[str]]:
    """The k-clique communities of the graph with edges ``pairs`` (module docstring)."""
    import numpy as np

    from nichescout.graph.communities import _networkit
    from nichescout.graph.csr import build_graph
    from nichescout.graph.kcore import core_number

    names = sorted({x for pair in pairs for x in pair})
    index = {name: i for i, name in enumerate(names)}
    if len(names) < k:
        return []
    src = np.array([index[u] for u, _ in sorted(pairs)], dtype=np.int64)
    dst = np.array([index[v] for _, v in sorted(pairs)], dtype=np.int64)
    cores = core_number(build_graph(src, dst, n_nodes=len(names)))
    keep = [i for i in range(len(names)) if cores[i] >= k - 1]
    if len(keep) < k:
        return []
    local = {node: j for j, node in enumerate(keep)}
    nk = _networkit()
    graph = nk.Graph(len(keep))
    for u, v in zip(src.tolist(), dst.tolist(), strict=True):
        if u in local and v in local:
            graph.addEdge(local[u], local[v])
    finder = nk.clique.MaximalCliques(graph)
    finder.run()
    cliques = [frozenset(keep[j] for j in c) for c in finder.getCliques() if len(c) >= k]
    parent = list(range(len(cliques)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    holding: dict[int, list[int]] = {}
    for c, clique in enumerate(cliques):
        for node in clique:
            holding.setdefault(node, []).append(c)
    for c, clique in enumerate(cliques):
        near = {d for node in clique for d in holding[node] if d > c}
        for d in near:
            if len(clique & cliques[d]) >= k - 1:
                parent[root(d)] = root(c)
    groups: dict[int, set[str]] = {}
    for c, clique in enumerate(cliques):
        groups.setdefault(root(c), set()).update(names[i] for i in clique)
    return list(groups.values())


def find_pods(
    edges: pd.DataFrame,
    *,
    settings: Mapping[str, Any] | None = None,
) -> list[Pod]:
    """The pods among comment ``edges`` (commenter, author, comments: how many comments the
    commenter left on the author's posts), densest first (module docstring).

    Settings: ``pod_min_comments``, ``pod_min_size``, ``pod_min_density``.
    """
    opt = _settings.get
    min_comments = int(opt("pod_min_comments", settings))
    size = int(opt("pod_min_size", settings))
    min_density = float(opt("pod_min_density", settings))
    if size < 2:
        raise ParameterError.invalid("pod_min_size", "find_pods", "an integer >= 2", size)
    if min_comments < 1:
        raise ParameterError.invalid(
            "pod_min_comments", "find_pods", "an integer >= 1", min_comments
        )
    pairs = mutual_pairs(edges, min_comments)
    counts: dict[tuple[str, str], int] = {}
    for u, v, n in edges[["commenter", "author", "comments"]].itertuples(index=False):
        if u != v and n > 0:
            counts[(str(u), str(v))] = counts.get((str(u), str(v)), 0) + int(n)
    pods = []
    for group in _clique_communities(pairs, size):
        members = tuple(sorted(group))
        possible = len(members) * (len(members) - 1) // 2
        mutual = sum((u, v) in pairs for u, v in combinations(members, 2))
        directed = [(u, v) for u in members for v in members if (u, v) in counts]
        returned = sum((v, u) in counts for u, v in directed)
        pod = Pod(
            members=members,
            density=round(mutual / possible, 4),
            reciprocity=round(returned / len(directed), 4) if directed else 0.0,
            comments=sum(counts[p] for p in directed),
            mutual_pairs=mutual,
        )
        if pod.density >= min_density:
            pods.append(pod)
    return sorted(pods, key=lambda p: (-p.density, -len(p.members), p.members))
