"""IMM: influence maximisation by martingales over reverse-reachable sets (Tang, Shi, Xiao 2015).

Given ``k``, IMM returns a seed set ``S`` whose expected spread is, with probability at least
``1 − 1/n^ℓ``,

.. math:: \\sigma(S) \\geq (1 - 1/e - \\varepsilon) \\cdot OPT_k .

It draws RR sets (:mod:`nichescout.plan.rrsets`) in two phases:

1. **Estimating OPT** (the martingale phase). With ``ε' = √2·ε`` and
   ``λ' = (2 + ⅔ε')·(ln C(n,k) + ℓ·ln n + ln log₂ n)·n / ε'²``, for ``i = 1, 2, …,
   log₂ n − 1`` guess ``x = n / 2^i``, draw ``θ_i = λ'/x`` sets and run greedy selection;
   when ``n·F(S_i) ≥ (1 + ε')·x`` (``F`` = the fraction of sets covered) stop with the lower
   bound ``LB = n·F(S_i) / (1 + ε')`` of OPT (else ``LB = 1``).
2. **Final sampling.** Draw ``θ = λ*/LB`` *new* sets, with
   ``λ* = 2n·((1 − 1/e)·α + β)²·ε⁻²``, ``α = √(ℓ·ln n + ln 2)``,
   ``β = √((1 − 1/e)·(ln C(n,k) + ℓ·ln n + ln 2))``, and return greedy's ``k`` nodes.

``ℓ`` is raised to ``ℓ·(1 + ln 2 / ln n)`` first, so that both phases together fail with
probability at most ``1/n^ℓ`` (the paper's Theorem 3). The final sets are drawn afresh rather
than topped up from phase 1: reusing them makes ``θ`` depend on the sets it then counts,
which breaks the martingale argument (Chen 2018); fresh sets restore the guarantee, and
phase 1's sets are freed first, so peak memory is that of the larger phase.

Greedy selection (the ``(1 − 1/e)`` maximum-coverage greedy) picks the node in most uncovered
sets ``k`` times, ties to the lowest node number; each node's *marginal spread* is
``n × (sets it newly covers) / θ``.

>>> from nichescout.plan.graph import InfluenceGraph
>>> star = InfluenceGraph.from_edges([0, 0, 0, 0], [1, 2, 3, 4], [1.0] * 4)
>>> result = imm(star, 1, "ic", epsilon=0.5, seed=1)
>>> result.seeds.tolist(), round(float(result.spread))
([0], 5)

References
----------
Y. Tang, Y. Shi and X. Xiao, "Influence maximization in near-linear time: a martingale
approach", SIGMOD 2015.

W. Chen, "An issue in the martingale analysis of the influence maximization algorithm IMM",
arXiv:1808.09363, 2018.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import numba
import numpy as np
import numpy.typing as npt

from nichescout.exceptions import ParameterError
from nichescout.plan.graph import InfluenceGraph, Model
from nichescout.plan.rrsets import RRSets

__all__ = ["IMMResult", "greedy_cover", "imm", "imm_bounds"]

_OWNER = "imm"


@dataclass(frozen=True)
class IMMResult:
    """Seeds (node numbers) in the order chosen, with what IMM measured on the way."""

    seeds: npt.NDArray[np.int64]
    marginal_spread: npt.NDArray[np.float64]
    spread: float
    theta: int
    lower_bound: float
    phase1_sets: int
    peak_set_bytes: int
    seconds: float


@numba.njit(cache=True)
def _greedy(nodes, offsets, n, k):
    m = offsets.size - 1
    ptr = np.zeros(n + 1, dtype=np.int64)
    for i in range(nodes.size):
        ptr[nodes[i] + 1] += 1
    for v in range(n):
        ptr[v + 1] += ptr[v]
    fill = ptr[:-1].copy()
    sets_of = np.empty(nodes.size, dtype=np.int32)  # node -> the sets holding it
    for s in range(m):
        for j in range(offsets[s], offsets[s + 1]):
            v = nodes[j]
            sets_of[fill[v]] = s
            fill[v] += 1
    count = np.empty(n, dtype=np.int64)
    for v in range(n):
        count[v] = ptr[v + 1] - ptr[v]
    covered = np.zeros(m, dtype=np.bool_)
    seeds = np.empty(k, dtype=np.int64)
    gains = np.empty(k, dtype=np.int64)
    for i in range(k):
        best = -1
        node = -1
        for v in range(n):
            if count[v] > best:
                best = count[v]
                node = v
        seeds[i] = node
        gains[i] = best
        for j in range(ptr[node], ptr[node + 1]):
            s = sets_of[j]
            if not covered[s]:
                covered[s] = True
                for t in range(offsets[s], offsets[s + 1]):
                    count[nodes[t]] -= 1
        count[node] = -1  # chosen: never again, even when nothing is left to cover
    return seeds, gains


def greedy_cover(rr: RRSets, k: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Greedy maximum coverage of ``rr``'s sets: ``k`` nodes and the sets each newly covers.

    >>> from nichescout.plan.graph import InfluenceGraph
    >>> rr = RRSets(InfluenceGraph.from_edges([0, 1], [1, 2], [1.0, 1.0]), "ic", seed=3)
    >>> rr.extend(300)
    >>> seeds, gains = greedy_cover(rr, 2)
    >>> seeds.tolist(), int(gains[0]) == rr.count
    ([0, 1], True)
    """
    if rr.count >= np.iinfo(np.int32).max:
        raise ParameterError.invalid("k", _OWNER, "a problem needing < 2^31 RR sets", rr.count)
    seeds, gains = _greedy(rr.nodes, rr.offsets, rr.graph.n, k)
    return seeds, gains


def _log_binom(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def imm_bounds(n: int, k: int, epsilon: float, ell: float) -> tuple[float, float, float]:
    """``(λ', λ*, ℓ')`` of IMM for ``n`` nodes (see the module doc).

    >>> lam1, lam2, ell = imm_bounds(15233, 50, 0.1, 1.0)
    >>> round(lam1 / 15233), round(lam2 / 15233), round(ell, 3)
    (36227, 56749, 1.072)
    """
    return sample_bounds(n, _log_binom(n, k), 1 - 1 / math.e, epsilon, ell)


def sample_bounds(
    n: int, log_c: float, ratio: float, epsilon: float, ell: float
) -> tuple[float, float, float]:
    """IMM's ``(λ', λ*, ℓ')`` for a greedy of approximation ``ratio`` over seed sets whose
    number has logarithm ``log_c`` (Tang, Shi and Xiao 2015, eqs. 6 and 9; ``ratio`` = 1 − 1/e
    and ``log_c`` = log C(n, k) for IMM itself)."""
    log_n = math.log(max(n, 2))
    ell = ell * (1 + math.log(2) / log_n)
    eps1 = math.sqrt(2) * epsilon
    lam1 = (
        (2 + 2 / 3 * eps1)
        * (log_c + ell * log_n + math.log(max(math.log2(max(n, 2)), 1.0)))
        * n
        / eps1**2
    )
    alpha = math.sqrt(ell * log_n + math.log(2))
    beta = math.sqrt(ratio * (log_c + ell * log_n + math.log(2)))
    lam2 = 2 * n * (ratio * alpha + beta) ** 2 / epsilon**2
    return lam1, lam2, ell


def _check(graph: InfluenceGraph, k: Any, model: Any, epsilon: Any, ell: Any) -> None:
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise ParameterError.invalid("k", _OWNER, "an int of 1 or more", k)
    if k > graph.n:
        raise ParameterError(
            f"k = {k} seeds is more than the graph's {graph.n} members; ask for at most {graph.n}."
        )
    if model not in ("ic", "lt"):
        raise ParameterError.invalid("model", _OWNER, "'ic' or 'lt'", model)
    if not isinstance(epsilon, int | float) or not 0 < epsilon < 1:
        raise ParameterError.invalid("epsilon", _OWNER, "a float in (0, 1)", epsilon)
    if not isinstance(ell, int | float) or not ell > 0:
        raise ParameterError.invalid("ell", _OWNER, "a float above 0", ell)


def imm(
    graph: InfluenceGraph,
    k: int,
    model: Model = "ic",
    *,
    epsilon: float = 0.1,
    ell: float = 1.0,
    seed: int = 0,
) -> IMMResult:
    """Choose ``k`` seeds of ``graph`` under ``model`` with IMM (module doc); ``seed`` fixes
    every random draw (the result is the same on any number of threads)."""
    _check(graph, k, model, epsilon, ell)
    started = time.perf_counter()
    n = graph.n
    streams = np.random.SeedSequence(seed).generate_state(2, dtype=np.uint64)
    lam1, lam2, ell1 = imm_bounds(n, k, epsilon, ell)
    eps1 = math.sqrt(2) * epsilon
    lower = 1.0
    rr = RRSets(graph, model, int(streams[0]))
    peak = 0
    for i in range(1, max(1, math.ceil(math.log2(n)))):
        x = n / 2**i
        rr.extend(math.ceil(lam1 / x))
        _, gains = greedy_cover(rr, k)
        spread = n * float(gains.sum()) / rr.count
        if spread >= (1 + eps1) * x:
            lower = spread / (1 + eps1)
            break
    phase1 = rr.count
    peak = rr.nbytes()
    del rr  # phase 1's sets are not reused (module doc)
    final = RRSets(graph, model, int(streams[1]))
    final.extend(math.ceil(lam2 / lower))
    seeds, gains = greedy_cover(final, k)
    marginal = n * gains.astype(np.float64) / final.count
    return IMMResult(
        seeds=seeds,
        marginal_spread=marginal,
        spread=float(marginal.sum()),
        theta=final.count,
        lower_bound=lower,
        phase1_sets=phase1,
        peak_set_bytes=max(peak, final.nbytes()),
        seconds=time.perf_counter() - started,
    )
