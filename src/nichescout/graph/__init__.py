"""The graph stage: array kernels over the weighted, directed interaction graph.

The graph is a SciPy CSR array, row = source (:func:`build_graph`); every kernel returns one
NumPy array with a value per node:

* :func:`pagerank`: weighted PageRank (power iteration, parallel Numba kernel);
* :func:`core_number`: k-core numbers of the undirected simple graph;
* :func:`detect_communities`: Louvain communities (NetworKit PLM), and per node
  :func:`bridging` (other communities touched) and :func:`participation` (coefficient);
* :func:`two_hop_reach`: distinct nodes reached in one or two steps, exact or sketched.

>>> from nichescout.graph import build_graph, pagerank
>>> A = build_graph([0, 1, 2], [1, 2, 0])
>>> pagerank(A).round(4)
array([0.3333, 0.3333, 0.3333])
"""

from nichescout.graph.communities import bridging, detect_communities, participation
from nichescout.graph.csr import as_adjacency, build_graph, to_undirected
from nichescout.graph.kcore import core_number
from nichescout.graph.pagerank import pagerank
from nichescout.graph.reach import two_hop_reach, two_hop_work
from nichescout.graph.toy import toy_edges, toy_graph

__all__ = [
    "as_adjacency",
    "bridging",
    "build_graph",
    "core_number",
    "detect_communities",
    "pagerank",
    "participation",
    "to_undirected",
    "toy_edges",
    "toy_graph",
    "two_hop_reach",
    "two_hop_work",
]
