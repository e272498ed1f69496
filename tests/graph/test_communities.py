"""Communities against NetworkX's Louvain quality; bridging and participation by hand."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from nichescout.exceptions import ParameterError
from nichescout.graph import (
    bridging,
    build_graph,
    detect_communities,
    participation,
    to_undirected,
    toy_graph,
)


def modularity(u, labels, resolution=1.0):
    g = nx.from_scipy_sparse_array(u)
    groups = [set(np.flatnonzero(labels == c).tolist()) for c in np.unique(labels)]
    return nx.community.modularity(g, groups, weight="weight", resolution=resolution)


def louvain_modularity(u, resolution=1.0, seeds=range(3)):
    g = nx.from_scipy_sparse_array(u)
    return max(
        nx.community.modularity(
            g,
            nx.community.louvain_communities(g, weight="weight", resolution=resolution, seed=s),
            weight="weight",
            resolution=resolution,
        )
        for s in seeds
    )


def karate():
    g = nx.karate_club_graph()
    src, dst = np.array(g.edges()).T
    return build_graph(src, dst, n_nodes=g.number_of_nodes())


def email_eu_core(shared_data):
    path = shared_data / "snap" / "email-Eu-core.txt"
    if not path.exists():
        pytest.skip(f"{path} not found")
    edges = np.array(path.read_text().split(), dtype=np.int64).reshape(-1, 2)  # CRLF-safe
    return build_graph(edges[:, 0], edges[:, 1])


def test_toy_splits_at_the_bridge():
    np.testing.assert_array_equal(
        detect_communities(toy_graph(), random_state=0), [0, 0, 0, 1, 1, 1]
    )


@pytest.mark.parametrize("random_state", [None, 0, 1])
def test_karate_modularity_is_as_good_as_networkx_louvain(random_state):
    a = karate()
    labels = detect_communities(a, random_state=random_state)
    u = to_undirected(a)
    assert modularity(u, labels) >= louvain_modularity(u) - 0.02


@pytest.mark.parametrize("random_state", [None, 3])
def test_email_eu_core_modularity_is_as_good_as_networkx_louvain(shared_data, random_state):
    a = email_eu_core(shared_data)
    labels = detect_communities(a, random_state=random_state)
    u = to_undirected(a)
    assert modularity(u, labels) >= louvain_modularity(u) - 0.01


def test_resolution_is_passed_on():
    a = karate()
    coarse = detect_communities(a, resolution=0.3, random_state=0)
    fine = detect_communities(a, resolution=2.5, random_state=0)
    assert coarse.max() < fine.max()
    u = to_undirected(a)
    assert modularity(u, fine, 2.5) >= louvain_modularity(u, 2.5) - 0.03


def test_random_state_makes_it_reproducible_and_labels_are_canonical():
    a = karate()
    first = detect_communities(a, random_state=42)
    np.testing.assert_array_equal(detect_communities(a, random_state=42), first)
    np.testing.assert_array_equal(
        detect_communities(a, random_state=np.random.default_rng(42)), first
    )
    _, order = np.unique(first, return_index=True)
    assert first[0] == 0 and (np.diff(order) > 0).all()  # numbered by first appearance
    assert first.dtype == np.int64 and first.shape == (34,)


def test_no_edges_gives_singletons():
    np.testing.assert_array_equal(detect_communities(build_graph([], [], n_nodes=3)), [0, 1, 2])


def slow_profile(a, labels):
    """The definitions, written out with dictionaries."""
    dense = a.toarray()
    n = len(labels)
    counts, part = np.zeros(n, dtype=np.int64), np.zeros(n)
    for i in range(n):
        weight_to = {}
        for j in range(n):
            w = dense[i, j] + dense[j, i]
            if j != i and w > 0:
                weight_to[labels[j]] = weight_to.get(labels[j], 0.0) + w
        counts[i] = len(set(weight_to) - {labels[i]})
        total = sum(weight_to.values())
        if total > 0:
            part[i] = 1 - sum((w / total) ** 2 for w in weight_to.values())
    return counts, part


@pytest.mark.parametrize("seed", range(4))
def test_bridging_and_participation_match_the_definitions(random_digraph, seed):
    a = random_digraph(40, 90, seed, dangling=4)
    labels = np.random.default_rng(seed).integers(0, 6, size=40) * 10 - 7  # any integers
    counts, part = slow_profile(a, labels)
    np.testing.assert_array_equal(bridging(a, labels), counts)
    np.testing.assert_allclose(participation(a, labels), part, rtol=0, atol=1e-12)


def test_bridging_and_participation_on_the_toy():
    labels = [0, 0, 0, 1, 1, 1]
    np.testing.assert_array_equal(bridging(toy_graph(), labels), [0, 0, 1, 1, 0, 0])
    # member 2: weight 2 + 1 inside its circle, 1 across: 1 − (3/4)² − (1/4)²
    np.testing.assert_allclose(participation(toy_graph(), labels), [0, 0, 0.375, 0.375, 0, 0])
    # each member its own community: participation = 1 − Σ_j (w_ij / w_i)²
    alone = participation(toy_graph(), np.arange(6))
    assert alone[2] == pytest.approx(1 - (2 / 4) ** 2 - 2 * (1 / 4) ** 2)
    np.testing.assert_array_equal(bridging(toy_graph(), np.arange(6)), [2, 2, 3, 3, 2, 2])


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: detect_communities(toy_graph(), resolution=-1.0), "'resolution'"),
        (lambda: detect_communities(toy_graph(), random_state="x"), "'random_state'"),
        (lambda: bridging(toy_graph(), [0, 1]), "'labels' parameter of bridging"),
        (lambda: participation(toy_graph(), np.zeros(6)), "'labels' parameter of participation"),
    ],
)
def test_rejects_bad_parameters(call, match):
    with pytest.raises(ParameterError, match=match):
        call()


@pytest.mark.parametrize("n,m,seed", [(40, 150, 0), (3000, 20000, 1)])
def test_a_seeded_partition_is_the_same_on_one_thread(random_digraph, monkeypatch, n, m, seed):
    """Small graphs run the seeded PLM on one NetworKit thread (fast start); same partition."""
    from nichescout.graph import communities

    a = random_digraph(n, m, seed)
    threads = communities._networkit().getMaxNumberOfThreads()
    monkeypatch.setattr(communities, "_ONE_THREAD_NODES", 10**9)
    one = detect_communities(a, random_state=5)
    assert communities._networkit().getMaxNumberOfThreads() == threads  # given back
    monkeypatch.setattr(communities, "_ONE_THREAD_NODES", -1)
    np.testing.assert_array_equal(detect_communities(a, random_state=5), one)


def test_networkit_loads_without_its_optional_extras() -> None:
    """scikit-learn, NetworkX and Matplotlib are not loaded by NetworKit for us (scikit-learn
    alone cost 1.3 s a command), and stay importable afterwards."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from nichescout.graph.communities import detect_communities\n"
        "from nichescout.graph.toy import toy_graph\n"
        "print(detect_communities(toy_graph(), random_state=0).tolist())\n"
        "print(sorted(m for m in ('sklearn', 'networkx', 'matplotlib') if m in sys.modules))\n"
        "import networkx\n"
        "print('networkx' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == ["[0, 0, 0, 1, 1, 1]", "[]", "True"]
