"""Pods: dense clusters of the mutual-comment graph, against a NetworkX oracle, hand-made
cases and the bundled sample's planted pod."""

from __future__ import annotations

from itertools import combinations

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nichescout.audit.anomalies import engagement_anomalies
from nichescout.audit.pods import Pod, find_pods, mutual_pairs
from nichescout.data.creators import creators_sample_path
from nichescout.exceptions import ParameterError
from nichescout.ingest.creators import import_creators
from nichescout.store import Store


def _edges(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["commenter", "author", "comments"])


def oracle_pods(
    rows: list[tuple[str, str, int]], m: int, k: int, min_density: float
) -> list[tuple[tuple[str, ...], float, float, int]]:
    """Plain Python and NetworkX: mutual edges, k-clique communities, density, reciprocity."""
    counts: dict[tuple[str, str], int] = {}
    for u, v, n in rows:
        if u != v:
            counts[(u, v)] = counts.get((u, v), 0) + n
    graph = nx.Graph()
    for (u, v), n in counts.items():
        if n >= m and counts.get((v, u), 0) >= m:
            graph.add_edge(u, v)
    out = []
    for community in nx.algorithms.community.k_clique_communities(graph, k):
        members = tuple(sorted(community))
        density = nx.density(graph.subgraph(members))
        directed = [(u, v) for u in members for v in members if counts.get((u, v), 0) > 0]
        back = sum(counts.get((v, u), 0) > 0 for u, v in directed)
        if round(density, 4) >= min_density:
            out.append(
                (
                    members,
                    round(density, 4),
                    round(back / len(directed), 4),
                    sum(counts[p] for p in directed),
                )
            )
    return sorted(out)


def _found(pods: list[Pod]) -> list[tuple[tuple[str, ...], float, float, int]]:
    return sorted((p.members, p.density, p.reciprocity, p.comments) for p in pods)


names = st.sampled_from([f"u{i}" for i in range(9)])
noise = st.lists(st.tuples(names, names, st.integers(1, 6)), max_size=20)


@st.composite
def comment_rows(draw: st.DrawFn) -> list[tuple[str, str, int]]:
    """Comments both ways between some pairs of 8 accounts (dense enough for cliques and
    for pairs where one side comments less), plus one-way noise and repeated rows."""
    people = [f"u{i}" for i in range(8)]
    rows: list[tuple[str, str, int]] = []
    for u, v in combinations(people, 2):
        if draw(st.booleans()):
            rows.append((u, v, draw(st.integers(1, 5))))
            rows.append((v, u, draw(st.integers(1, 5))))
    return rows + draw(noise)


@settings(max_examples=150, deadline=None)
@given(
    rows=comment_rows(),
    m=st.integers(1, 4),
    k=st.integers(2, 4),
    density=st.sampled_from([0.0, 0.5, 0.8, 1.0]),
)
def test_pods_equal_the_networkx_oracle(
    rows: list[tuple[str, str, int]], m: int, k: int, density: float
) -> None:
    overrides = {"pod_min_comments": m, "pod_min_size": k, "pod_min_density": density}
    found = find_pods(_edges(rows), settings=overrides)
    assert _found(found) == oracle_pods(rows, m, k, density)


def test_two_pods_joined_by_one_pair_stay_two() -> None:
    rows = []
    for group in (["a", "b", "c", "d"], ["e", "f", "g", "h"]):
        rows += [(u, v, 5) for u in group for v in group if u != v]
    rows += [("d", "e", 5), ("e", "d", 5)]  # one friendship between the pods
    pods = find_pods(_edges(rows))
    assert [p.members for p in pods] == [("a", "b", "c", "d"), ("e", "f", "g", "h")]
    assert all(p.density == 1.0 and p.reciprocity == 1.0 for p in pods)


def test_one_way_or_thin_comments_make_no_pod() -> None:
    fans = [(f"fan{i}", "star", 20) for i in range(5)]  # many fans, the star never answers
    pair = [("x", "y", 9), ("y", "x", 9)]  # two friends are not a group
    thin = [(u, v, 2) for u, v in combinations(["p", "q", "r"], 2)]
    thin += [(v, u, 2) for u, v, _ in thin]  # each only twice: under pod_min_comments (3)
    assert find_pods(_edges(fans + pair + thin)) == []
    assert mutual_pairs(_edges(fans + pair + thin), 3) == {("x", "y")}
    assert [p.members for p in find_pods(_edges(thin), settings={"pod_min_comments": 2})] == [
        ("p", "q", "r")
    ]


def test_a_bowtie_is_two_pods_and_both_sides_must_comment_enough() -> None:
    """Two triangles sharing one account share no edge: two 3-clique communities."""
    pairs = [("a", "b"), ("a", "c"), ("b", "c"), ("c", "d"), ("c", "e"), ("d", "e")]
    rows = [(u, v, 4) for u, v in pairs] + [(v, u, 4) for u, v in pairs]
    assert [p.members for p in find_pods(_edges(rows))] == [("a", "b", "c"), ("c", "d", "e")]
    lopsided = [r for r in rows if r[:2] != ("b", "a")] + [("b", "a", 2)]
    assert mutual_pairs(_edges(lopsided), 3) == set(pairs) - {("a", "b")}
    assert [p.members for p in find_pods(_edges(lopsided))] == [("c", "d", "e")]


def test_density_threshold_and_chain_of_triangles() -> None:
    """Triangles a-b-c, b-c-d, c-d-e share edges: one community of 5, 7 of 10 pairs mutual."""
    pairs = [("a", "b"), ("a", "c"), ("b", "c"), ("b", "d"), ("c", "d"), ("c", "e"), ("d", "e")]
    rows = [(u, v, 3) for u, v in pairs] + [(v, u, 3) for u, v in pairs]
    rows.append(("a", "e", 1))  # a comments once on e's posts: e never answers
    (pod,) = find_pods(_edges(rows))
    assert pod.members == ("a", "b", "c", "d", "e")
    assert pod.density == 0.7 and pod.mutual_pairs == 7
    assert pod.reciprocity == pytest.approx(14 / 15, abs=1e-4)
    assert find_pods(_edges(rows), settings={"pod_min_density": 0.75}) == []
    assert "7 of 10 pairs mutual (density 0.70)" in pod.describe()


def test_bad_settings_are_parameter_errors() -> None:
    with pytest.raises(ParameterError, match="'pod_min_size' parameter of find_pods"):
        find_pods(_edges([]), settings={"pod_min_size": 1})
    with pytest.raises(ParameterError, match="'pod_min_comments'"):
        find_pods(_edges([]), settings={"pod_min_comments": 0})


@pytest.fixture(scope="module")
def sample() -> Store:
    store = Store(":memory:")
    import_creators(store, creators_sample_path())
    return store


def test_the_sample_pod_is_found_and_nothing_else(sample: Store) -> None:
    labels = pd.read_csv(creators_sample_path() / "labels.csv", keep_default_na=False)
    planted = set(labels.loc[labels["suspicious"] == "pod", "handle"])
    found = engagement_anomalies(sample)
    pods = found[found["flag"] == "pod"]
    assert set(pods["handle"]) == planted and len(planted) == 3
    assert (pods["value"] == 1.0).all()
    for row in pods.itertuples():
        others = planted - {row.handle}
        assert f"come from {len(others)} of them" in row.evidence
        assert "reciprocity 1.00" in row.evidence
