"""Ranking metrics against slow, obvious oracles and hand-computed values (STYLE.md E7)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nichescout.exceptions import ParameterError
from nichescout.metrics import (
    ndcg_at_k,
    precision_at_k,
    relevant_at_k,
    roc_auc,
    spearman,
    stratified_auc,
)

# -- oracles -------------------------------------------------------------------------------


def auc_pairs(scores: list[float], labels: list[int]) -> float:
    """Every (positive, negative) pair: 1 if the positive scores higher, 1/2 on a tie."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y == 1]
    neg = [s for s, y in zip(scores, labels, strict=True) if y == 0]
    if not pos or not neg:
        return math.nan
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def orders(scores: list[float]) -> list[list[int]]:
    """Every order of the members consistent with the scores (ties in any order)."""
    out = []
    for perm in itertools.permutations(range(len(scores))):
        ranked = [scores[i] for i in perm]
        if all(ranked[i] >= ranked[i + 1] for i in range(len(ranked) - 1)):
            out.append(list(perm))
    return out


def precision_oracle(scores: list[float], outcome: list[float], k: int) -> float:
    relevant = relevant_at_k(outcome, k)
    depth = min(k, len(scores))
    values = [sum(relevant[i] for i in order[:depth]) / depth for order in orders(scores)]
    return float(np.mean(values))


def ndcg_oracle(scores: list[float], outcome: list[float], k: int) -> float:
    depth = min(k, len(scores))
    ideal = sorted(outcome, reverse=True)[:depth]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    if idcg == 0:
        return math.nan
    dcgs = [
        sum(outcome[m] / math.log2(i + 2) for i, m in enumerate(order[:depth]))
        for order in orders(scores)
    ]
    return float(np.mean(dcgs)) / idcg


small = st.lists(st.integers(0, 3), min_size=1, max_size=6)


# -- hand-computed -------------------------------------------------------------------------


def test_precision_by_hand() -> None:
    # true top-2 by outcome: members 0 (5) and 3 (4); our top-2: members 0 and 1
    assert precision_at_k([9, 8, 7, 6], [5, 0, 1, 4], 2) == 0.5
    # ties at the k-th outcome value all count as relevant: 3 relevant of the top 3
    assert precision_at_k([3, 2, 1, 0], [2, 1, 1, 0], 2) == 1.0
    # nobody did anything: nothing is relevant
    assert precision_at_k([3, 2, 1], [0, 0, 0], 2) == 0.0
    # k beyond the population: the depth is the population
    assert precision_at_k([2, 1], [1, 0], 10) == 0.5


def test_ndcg_by_hand() -> None:
    # order 0,1,2 with gains 3,0,1 vs ideal 3,1,0
    dcg = 3 + 0 / math.log2(3) + 1 / 2
    idcg = 3 + 1 / math.log2(3) + 0 / 2
    assert ndcg_at_k([3, 2, 1], [3, 0, 1], 3) == pytest.approx(dcg / idcg)
    assert ndcg_at_k([1, 2, 3], [1, 2, 3], 2) == pytest.approx(1.0)
    # two tied members with gains 2 and 0 share positions 1 and 2: mean gain 1 at each
    assert ndcg_at_k([1, 1], [2, 0], 2) == pytest.approx((1 + 1 / math.log2(3)) / 2)


def test_spearman_and_auc_by_hand() -> None:
    assert spearman([1, 2, 3, 4], [1, 3, 2, 4]) == pytest.approx(0.8)  # 1 - 6*2/(4*15)
    assert math.isnan(spearman([1, 1, 1], [1, 2, 3]))
    assert roc_auc([0.9, 0.8, 0.7, 0.1], [1, 0, 1, 0]) == 0.75
    assert roc_auc([1, 1], [1, 0]) == 0.5
    assert math.isnan(roc_auc([1, 2], [1, 1]))


def test_stratified_auc_only_compares_within_strata() -> None:
    # across strata the score is perfectly wrong, within each stratum perfectly right
    scores = [10, 11, 1, 2]
    labels = [0, 1, 0, 1]
    assert roc_auc(scores, labels) == 0.75
    assert stratified_auc(scores, labels, [0, 0, 1, 1]) == 1.0


# -- oracles -------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_auc_equals_pairwise_oracle(data: st.DataObject) -> None:
    scores = data.draw(st.lists(st.integers(0, 4), min_size=2, max_size=25))
    labels = data.draw(st.lists(st.integers(0, 1), min_size=len(scores), max_size=len(scores)))
    expected = auc_pairs([float(s) for s in scores], labels)
    got = roc_auc(scores, labels)
    assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_stratified_auc_equals_pairwise_oracle(data: st.DataObject) -> None:
    n = data.draw(st.integers(2, 20))
    scores = data.draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
    labels = data.draw(st.lists(st.integers(0, 1), min_size=n, max_size=n))
    strata = data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    wins = pairs = 0.0
    for i in range(n):
        for j in range(n):
            if strata[i] == strata[j] and labels[i] == 1 and labels[j] == 0:
                pairs += 1
                wins += 1.0 if scores[i] > scores[j] else 0.5 if scores[i] == scores[j] else 0
    got = stratified_auc(scores, labels, strata)
    assert (math.isnan(got) and pairs == 0) or got == pytest.approx(wins / pairs)


@settings(max_examples=120, deadline=None)
@given(st.data())
def test_precision_and_ndcg_are_the_expectation_over_tie_orders(data: st.DataObject) -> None:
    scores = data.draw(small)
    n = len(scores)
    outcome = data.draw(st.lists(st.integers(0, 5), min_size=n, max_size=n))
    k = data.draw(st.integers(1, n + 1))
    s = [float(x) for x in scores]
    y = [float(x) for x in outcome]
    assert precision_at_k(s, y, k) == pytest.approx(precision_oracle(s, y, k))
    expected = ndcg_oracle(s, y, k)
    got = ndcg_at_k(s, y, k)
    assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(-5, 5, allow_nan=False), min_size=3, max_size=30), st.data())
def test_metrics_are_bounded_and_invariant_to_member_order(
    scores: list[float], data: st.DataObject
) -> None:
    n = len(scores)
    outcome = data.draw(st.lists(st.integers(0, 9), min_size=n, max_size=n))
    perm = data.draw(st.permutations(range(n)))
    for k in (1, 3, 50):
        p = precision_at_k(scores, outcome, k)
        q = precision_at_k([scores[i] for i in perm], [outcome[i] for i in perm], k)
        assert 0.0 <= p <= 1.0 and p == pytest.approx(q)
        g = ndcg_at_k(scores, outcome, k)
        assert math.isnan(g) or -1e-12 <= g <= 1.0 + 1e-12


def test_a_perfect_ranking_scores_one_and_a_reversed_one_does_not() -> None:
    outcome = [10, 7, 5, 3, 1, 0, 0]
    perfect = list(range(7, 0, -1))
    assert precision_at_k(perfect, outcome, 3) == 1.0
    assert ndcg_at_k(perfect, outcome, 5) == pytest.approx(1.0)
    assert spearman(perfect, outcome) > 0.99  # not 1: the outcome ties its last two
    reverse = perfect[::-1]
    assert precision_at_k(reverse, outcome, 3) == 0.0
    assert ndcg_at_k(reverse, outcome, 3) < 0.2


def test_bad_input_names_the_parameter() -> None:
    with pytest.raises(ParameterError, match="'k' parameter of precision_at_k"):
        precision_at_k([1, 2], [1, 0], 0)
    with pytest.raises(ParameterError, match="as long as scores"):
        ndcg_at_k([1, 2], [1], 1)
    with pytest.raises(ParameterError, match="0/1 labels"):
        roc_auc([1, 2], [2, 0])
    with pytest.raises(ParameterError, match="free of NaN"):
        spearman([1, math.nan], [1, 2])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(0, 12), min_size=1, max_size=300),
    st.data(),
)
def test_top_k_shortcut_agrees_with_sorting_everyone(
    scores: list[int], data: st.DataObject
) -> None:
    """NDCG@k and P@k sort only the members who can reach the top k (their whole tie group
    included); the same expectation as sorting everyone (checked above against the orders)."""
    from nichescout.metrics import _expected_at_positions

    n = len(scores)
    y = np.array(data.draw(st.lists(st.integers(0, 4), min_size=n, max_size=n)), dtype=float)
    s = np.array(scores, dtype=float)
    k = data.draw(st.integers(1, n + 2))
    depth = min(k, n)
    everyone = _expected_at_positions(s, y)[:depth]
    np.testing.assert_allclose(_expected_at_positions(s, y, depth), everyone)
    ideal = np.sort(y)[::-1][:depth] @ (1 / np.log2(np.arange(2, depth + 2)))
    want = everyone @ (1 / np.log2(np.arange(2, depth + 2))) / ideal if ideal > 0 else math.nan
    got = ndcg_at_k(s, y, k)
    assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want)
