"""Measures given a shared undirected graph (``undirected=True``) equal those that convert."""

from __future__ import annotations

import numpy as np
import pytest

from nichescout.graph import bridging, core_number, detect_communities, to_undirected


@pytest.mark.parametrize(("n", "m", "seed"), [(30, 60, 0), (200, 900, 1), (500, 400, 2)])
def test_a_shared_undirected_graph_gives_the_same_measures(random_digraph, n, m, seed):
    a = random_digraph(n, m, seed)  # self-loops and reciprocal edges included
    u = to_undirected(a)
    labels = detect_communities(a, random_state=0)
    np.testing.assert_array_equal(detect_communities(u, random_state=0, undirected=True), labels)
    np.testing.assert_array_equal(core_number(u, undirected=True), core_number(a))
    np.testing.assert_array_equal(bridging(u, labels, undirected=True), bridging(a, labels))


def test_the_flag_skips_the_conversion_it_names(random_digraph):
    # a directed graph passed as if undirected is taken as it is: in-neighbours are lost
    a = random_digraph(40, 80, 3, self_loops=False)
    assert not np.array_equal(core_number(a, undirected=True), core_number(a))
