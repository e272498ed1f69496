"""The neighbourhood of the top members, and its deterministic layout."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from nichescout.data.toy import toy_community
from nichescout.graph.interaction_graph import interaction_graph
from nichescout.report.graph_view import neighbourhood, shell_layout
from nichescout.scores import CommunityScorer
from nichescout.store import Store


@pytest.fixture(scope="module")
def toy() -> tuple[Store, object]:
    store = toy_community()
    return store, CommunityScorer().fit(store).scores_


def _edges(hood: object) -> dict[frozenset[str], float]:
    frame = hood.edges  # type: ignore[attr-defined]
    return {
        frozenset((s, t)): w
        for s, t, w in zip(frame["source"], frame["target"], frame["weight"], strict=True)
    }


def test_toy_by_hand(toy: tuple[Store, object]) -> None:
    store, scores = toy
    # weights (settings.INTERACTION_WEIGHTS: reply 1, mention 1, accept 2), both directions:
    # ann-cat: reply + accept + reply = 4; ann-bob: reply + accept + reply = 4;
    # ann-dan: reply + mention = 2; cat-dan: reply = 1; dan-eve: referral = 1. The bot is out.
    # The top two are ann and dan (ranks: ann, dan, cat, bob, eve); ann's three strongest
    # ties are bob, cat (4 each, by id) and dan; dan's are ann (2), then cat and eve (1 each).
    hood = neighbourhood(store, "toy", scores, top=2, neighbours=3)
    assert list(hood.nodes["member_id"]) == ["ann", "dan", "bob", "cat", "eve"]
    assert list(hood.nodes["top"]) == [True, True, False, False, False]
    assert _edges(hood) == {
        frozenset(("ann", "bob")): 4.0,
        frozenset(("ann", "cat")): 4.0,
        frozenset(("ann", "dan")): 2.0,
        frozenset(("cat", "dan")): 1.0,
        frozenset(("dan", "eve")): 1.0,
    }
    assert list(hood.nodes["handle"]) == ["ann", "dan", "bob", "cat", "eve"]
    assert list(hood.nodes["rank"]) == [1, 2, 4, 3, 5]


def test_ties_go_to_the_smaller_member_id(toy: tuple[Store, object]) -> None:
    store, scores = toy
    hood = neighbourhood(store, "toy", scores, top=2, neighbours=1)
    # ann's strongest ties are bob and cat (4 each): bob comes first; dan's is ann
    assert list(hood.nodes["member_id"]) == ["ann", "dan", "bob"]
    assert _edges(hood) == {frozenset(("ann", "bob")): 4.0, frozenset(("ann", "dan")): 2.0}


def test_sample_against_networkx(sample_store: Store) -> None:
    platform = "stackexchange:conlang-meta"
    scores = CommunityScorer().fit(sample_store).scores_
    hood = neighbourhood(sample_store, platform, scores, top=10, neighbours=3)
    graph = interaction_graph(sample_store.con, platform)
    ids = dict(
        sample_store.con.execute(
            "SELECT member_key, member_id FROM members WHERE platform = ?", [platform]
        ).fetchall()
    )
    names = [ids[int(k)] for k in graph.member_keys]
    directed = nx.from_scipy_sparse_array(graph.adjacency, create_using=nx.DiGraph)
    undirected = nx.Graph()
    for a, b, w in directed.edges(data="weight"):
        old = undirected.get_edge_data(names[a], names[b], {"weight": 0.0})["weight"]
        undirected.add_edge(names[a], names[b], weight=old + w)
    heads = list(scores["member_id"].head(10))
    expected_nodes = list(heads)
    expected_edges: dict[frozenset[str], float] = {}
    for head in heads:
        ties = sorted(undirected[head].items(), key=lambda kv: (-kv[1]["weight"], kv[0]))
        for other, data in ties[:3]:
            expected_edges[frozenset((head, other))] = data["weight"]
            if other not in expected_nodes:
                expected_nodes.append(other)
    for i, a in enumerate(heads):
        for b in heads[i + 1 :]:
            if undirected.has_edge(a, b):
                expected_edges[frozenset((a, b))] = undirected[a][b]["weight"]
    assert list(hood.nodes["member_id"]) == expected_nodes
    got = _edges(hood)
    assert got.keys() == expected_edges.keys()
    for pair, weight in expected_edges.items():
        assert got[pair] == pytest.approx(weight)
    assert np.abs(hood.nodes[["x", "y"]].to_numpy()).max() <= 1.0 + 1e-12


def test_shell_layout_rings_and_determinism() -> None:
    edges = np.array([[0, 3], [1, 4], [1, 5], [0, 1], [2, 5], [0, 6], [0, 7]])
    xy = shell_layout(8, edges, inner=3)
    assert (xy == shell_layout(8, edges, inner=3)).all()
    radius = np.hypot(xy[:, 0], xy[:, 1])
    assert radius[:3] == pytest.approx([0.6] * 3)
    assert radius[3:] == pytest.approx([1.0] * 5)
    angles = np.sort(np.arctan2(xy[3:, 1], xy[3:, 0]))
    gaps = np.diff(np.concatenate([angles, angles[:1] + 2 * np.pi]))
    assert gaps.min() >= min(2 * np.pi / 5, 0.4) - 1e-9
    # node 4 hangs only on node 1 (at -30°) and nobody crowds it there
    assert np.degrees(np.arctan2(xy[4, 1], xy[4, 0])) == pytest.approx(-30.0)


def test_shell_layout_small_cases() -> None:
    assert shell_layout(0, np.zeros((0, 2), dtype=np.int64)).shape == (0, 2)
    assert shell_layout(1, np.zeros((0, 2), dtype=np.int64), inner=1).tolist() == [[0.0, 0.0]]
    lonely = shell_layout(3, np.zeros((0, 2), dtype=np.int64))
    assert np.hypot(lonely[:, 0], lonely[:, 1]) == pytest.approx([1.0] * 3)
