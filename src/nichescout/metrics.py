r"""Ranking metrics (shared by the fit and the evaluation): precision@k, NDCG@k, Spearman's rho and ROC AUC.

Every metric takes ``scores`` (higher = ranked earlier) and ``outcome`` (what each member
did after the cutoff: a count, or a 0/1 label), aligned by position. **Ties in the scores are
broken neither for nor against a method**: precision and NDCG are the expected values over
every order of the tied members (McSherry & Najork 2008), so a baseline such as a post count,
which ties many members, is not helped or hurt by an arbitrary order.

The relevant members at depth *k* are the true top-*k*: members whose outcome is at least the
*k*-th largest outcome, and above zero (members tied at the *k*-th value all count; a member
who did nothing is never relevant). For a 0/1 label this is simply the positives.

>>> scores = [0.9, 0.8, 0.7, 0.1]
>>> outcome = [3, 0, 1, 2]
>>> precision_at_k(scores, outcome, 2), round(ndcg_at_k(scores, outcome, 2), 3)
(0.5, 0.704)
>>> round(spearman(scores, outcome), 3), roc_auc(scores, [1, 0, 1, 0])
(0.2, 0.75)

References
----------
F. McSherry and M. Najork, "Computing information retrieval performance measures efficiently
in the presence of tied scores", ECIR 2008. K. Järvelin and J. Kekäläinen, "Cumulated
gain-based evaluation of IR techniques", ACM TOIS 20(4), 2002.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from nichescout.exceptions import ParameterError

__all__ = [
    "ndcg_at_k",
    "precision_at_k",
    "relevant_at_k",
    "roc_auc",
    "spearman",
    "stratified_auc",
]

ArrayLike = Sequence[float] | npt.NDArray[np.floating] | npt.NDArray[np.integer]


def _pair(scores: ArrayLike, outcome: ArrayLike, owner: str) -> tuple[np.ndarray, np.ndarray]:
    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(outcome, dtype=np.float64)
    if s.shape != y.shape or s.ndim != 1:
        raise ParameterError.invalid(
            "outcome", owner, f"a 1-d array as long as scores ({s.shape})", y.shape
        )
    if np.isnan(s).any() or np.isnan(y).any():
        raise ParameterError.invalid("scores", owner, "free of NaN (fill missing with 0)", "NaN")
    return s, y


def _check_k(k: int, owner: str) -> None:
    if not isinstance(k, int | np.integer) or k < 1:
        raise ParameterError.invalid("k", owner, "a positive integer", k)


def _tie_groups(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Order of the members by score (descending) and the tie-group id of each position."""
    order = np.argsort(-scores, kind="stable")
    ranked = scores[order]
    group = np.concatenate(([0], np.cumsum(ranked[1:] != ranked[:-1])))
    return order, group


def _expected_at_positions(
    scores: np.ndarray, values: np.ndarray, depth: int | None = None
) -> np.ndarray:
    """Expected ``values`` at each rank position when tied members are ordered at random
    (the first ``depth`` positions only, when given)."""
    if depth is not None and depth < scores.size:
        # Only members scoring above the depth-th largest score, and that score's tie group,
        # can fill the first depth positions: sort those above alone; the tie group fills
        # the rest, each position with its mean value (summed in index order, as the
        # bincount below does), however large it is (a sparse input ties most members at 0).
        threshold = np.partition(scores, scores.size - depth)[scores.size - depth]
        above = np.flatnonzero(scores > threshold)
        tied = values[scores == threshold]
        head = _expected_at_positions(scores[above], values[above]) if above.size else values[:0]
        mean = np.bincount(np.zeros(tied.size, dtype=np.intp), weights=tied)[0] / tied.size
        return np.concatenate([head, np.full(depth - above.size, mean)])
    order, group = _tie_groups(scores)
    ranked = values[order]
    sums = np.bincount(group, weights=ranked)
    sizes = np.bincount(group)
    return (sums / sizes)[group]


def relevant_at_k(outcome: ArrayLike, k: int) -> npt.NDArray[np.bool_]:
    """The true top-*k*: outcome ≥ the *k*-th largest outcome, and > 0.

    >>> relevant_at_k([5, 1, 1, 0, 3], 3).tolist()
    [True, True, True, False, True]
    """
    _check_k(k, "relevant_at_k")
    y = np.asarray(outcome, dtype=np.float64)
    if y.size == 0:
        return np.zeros(0, dtype=bool)
    threshold = np.sort(y)[::-1][min(k, y.size) - 1]
    relevant: npt.NDArray[np.bool_] = (y >= threshold) & (y > 0)
    return relevant


def precision_at_k(scores: ArrayLike, outcome: ArrayLike, k: int) -> float:
    r"""Share of the top *k* by score that is relevant (expected over orders of ties).

    .. math:: P@k = \frac{1}{\min(k, n)} \sum_{i=1}^{\min(k, n)} \mathbb{E}[\mathrm{rel}(\pi_i)]

    where :math:`\pi_i` is the member at position *i* and relevance is
    :func:`relevant_at_k`. Within a tie group straddling position *k*, each member fills the
    remaining slots with equal probability.

    >>> precision_at_k([3, 2, 1], [0, 1, 1], 2)  # true top-2 = the last two; we got one
    0.5
    >>> precision_at_k([1, 1, 1, 1], [1, 0, 0, 0], 2)  # all tied: 2 slots x 1/4 relevant
    0.25
    """
    s, y = _pair(scores, outcome, "precision_at_k")
    _check_k(k, "precision_at_k")
    if s.size == 0:
        return float("nan")
    depth = min(k, s.size)
    rel = relevant_at_k(y, k).astype(np.float64)
    expected = _expected_at_positions(s, rel, depth)
    return float(expected.sum() / depth)


def ndcg_at_k(scores: ArrayLike, outcome: ArrayLike, k: int) -> float:
    r"""Normalised discounted cumulative gain at depth *k*, graded by the outcome count.

    .. math::

        DCG@k = \sum_{i=1}^{\min(k,n)} \frac{\mathbb{E}[y_{\pi_i}]}{\log_2(i + 1)}, \qquad
        NDCG@k = \frac{DCG@k}{IDCG@k}

    where :math:`y` is the outcome itself (linear gain), :math:`\mathbb{E}` averages the gains
    of a tie group over the positions it occupies, and IDCG@k is the DCG of the members
    sorted by outcome. NaN when nobody has a positive outcome.

    >>> round(ndcg_at_k([3, 2, 1], [0, 1, 2], 2), 4)  # (0 + 1/log2 3) / (2 + 1/log2 3)
    0.2398
    >>> ndcg_at_k([2, 1], [0, 0], 2)
    nan
    """
    s, y = _pair(scores, outcome, "ndcg_at_k")
    _check_k(k, "ndcg_at_k")
    if np.any(y < 0):
        raise ParameterError.invalid("outcome", "ndcg_at_k", "non-negative gains", y.min())
    depth = min(k, s.size)
    discounts = 1.0 / np.log2(np.arange(2, depth + 2))
    # the depth largest outcomes, from the positive ones only (zeros add no gain, and
    # partitioning an outcome that is mostly 0 is slow), padded with zeros to depth
    positive = y[y > 0]
    if positive.size > depth:
        positive = np.partition(positive, positive.size - depth)[positive.size - depth :]
    best = np.zeros(depth)
    best[: positive.size] = positive
    ideal = float(np.sort(best)[::-1] @ discounts)
    if ideal <= 0:
        return float("nan")
    gains = _expected_at_positions(s, y, depth)
    return float(gains @ discounts / ideal)


def spearman(scores: ArrayLike, outcome: ArrayLike) -> float:
    r"""Spearman's rank correlation (ties get their average rank); NaN when either is constant.

    .. math:: \rho = \mathrm{corr}(\mathrm{rank}(s), \mathrm{rank}(y))

    >>> spearman([1, 2, 3, 4], [10, 20, 30, 40]), spearman([1, 2, 3], [5, 5, 5])
    (1.0, nan)
    """
    s, y = _pair(scores, outcome, "spearman")
    if s.size < 2 or np.ptp(s) == 0 or np.ptp(y) == 0:
        return float("nan")
    from scipy.stats import spearmanr  # SciPy's stats take half a second to load: only here

    return float(spearmanr(s, y).statistic)


def roc_auc(scores: ArrayLike, labels: ArrayLike) -> float:
    r"""Area under the ROC curve: the chance a random positive outranks a random negative.

    Computed as the Mann–Whitney U statistic, ties counting one half:

    .. math:: AUC = \frac{R_+ - n_+(n_+ + 1)/2}{n_+ \, n_-}

    where :math:`R_+` is the sum of the (average) ranks of the positives among all scores.
    NaN when there are no positives or no negatives.

    >>> roc_auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])
    0.75
    >>> roc_auc([1, 1, 1], [0, 1, 0])
    0.5
    """
    s, y = _pair(scores, labels, "roc_auc")
    if not np.isin(y, (0.0, 1.0)).all():
        raise ParameterError.invalid("labels", "roc_auc", "0/1 labels", sorted(set(y.tolist())))
    positives = y == 1
    n_pos = int(positives.sum())
    n_neg = int(s.size - n_pos)
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    from scipy.stats import rankdata

    ranks = rankdata(s)  # average ranks for ties
    u = ranks[positives].sum() - n_pos * (n_pos + 1) / 2.0
    return float(u / (n_pos * n_neg))


def stratified_auc(scores: ArrayLike, labels: ArrayLike, strata: ArrayLike) -> float:
    r"""ROC AUC over the pairs (positive, negative) that share a stratum.

    "Does the score find positives *beyond* the stratifying variable?": with strata = deciles
    of views, it is the chance that a partner outranks a non-partner with similar views.

    .. math:: AUC_{strat} = \frac{\sum_g U_g}{\sum_g n_{+,g} \, n_{-,g}}

    where :math:`U_g` is the Mann–Whitney statistic inside stratum *g* (ties count one half).
    NaN when no stratum holds both a positive and a negative.

    >>> stratified_auc([1, 2, 3, 4], [0, 1, 0, 1], ["a", "a", "b", "b"])
    1.0
    >>> stratified_auc([4, 3, 2, 1], [1, 1, 0, 0], [0, 0, 1, 1])
    nan
    """
    s, y = _pair(scores, labels, "stratified_auc")
    groups = np.asarray(strata)
    if groups.shape != s.shape:
        raise ParameterError.invalid(
            "strata", "stratified_auc", f"as long as scores ({s.shape})", groups.shape
        )
    u_total = 0.0
    pairs = 0
    for g in np.unique(groups):
        inside = groups == g
        n_pos = int((y[inside] == 1).sum())
        n_neg = int(inside.sum()) - n_pos
        if n_pos == 0 or n_neg == 0:
            continue
        auc = roc_auc(s[inside], y[inside])
        u_total += auc * n_pos * n_neg
        pairs += n_pos * n_neg
    return float(u_total / pairs) if pairs else float("nan")
