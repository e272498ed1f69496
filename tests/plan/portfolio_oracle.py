"""Slow, obvious implementations the portfolio planner is checked against (STYLE.md E7)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np


def plain_value(
    sets: Sequence[Sequence[int]],
    chosen: Sequence[int],
    rates: Sequence[float] | None = None,
    unseen: Sequence[float] | None = None,
    pool: float = 0.0,
    scale: float = 1.0,
) -> float:
    """Expected distinct engaged members, member by member: 1 − Π(1 − r) over the chosen
    audiences that hold the member, plus the pool term for unseen audiences."""
    rates = [1.0] * len(sets) if rates is None else list(rates)
    not_engaged: dict[int, float] = {}
    for i in chosen:
        for j in set(sets[i]):
            not_engaged[j] = not_engaged.get(j, 1.0) * (1.0 - rates[i])
    total = sum(1.0 - q for q in not_engaged.values())
    if unseen is not None and pool > 0:
        q = 1.0
        for i in chosen:
            q *= 1.0 - rates[i] * unseen[i] / pool
        total += pool * (1.0 - q)
    return scale * total


def brute_force(
    sets: Sequence[Sequence[int]], costs: Sequence[float], budget: float
) -> tuple[float, tuple[int, ...]]:
    """The best unique reach of any affordable subset, by trying every subset."""
    best: tuple[float, tuple[int, ...]] = (0.0, ())
    n = len(sets)
    for size in range(1, n + 1):
        for combo in itertools.combinations(range(n), size):
            if sum(costs[i] for i in combo) <= budget + 1e-9:
                value = len(set().union(*(set(sets[i]) for i in combo)))
                if value > best[0]:
                    best = (float(value), combo)
    return best


def plain_greedy(
    sets: Sequence[Sequence[int]], costs: Sequence[float], budget: float
) -> tuple[float, list[int]]:
    """Khuller–Moss–Naor's modified greedy, without laziness: recompute every ratio at every
    step; the best single set, then filled the same way; keep the better."""

    def fill(chosen: list[int]) -> list[int]:
        chosen = list(chosen)
        while True:
            spent = sum(costs[i] for i in chosen)
            covered = set().union(*(set(sets[i]) for i in chosen)) if chosen else set()
            best, best_ratio = None, 0.0
            for i in range(len(sets)):
                if i in chosen or spent + costs[i] > budget + 1e-9:
                    continue
                ratio = len(set(sets[i]) - covered) / costs[i]
                if ratio > best_ratio:
                    best, best_ratio = i, ratio
            if best is None:
                return chosen
            chosen.append(best)

    def reach(chosen: list[int]) -> float:
        return float(len(set().union(*(set(sets[i]) for i in chosen)))) if chosen else 0.0

    greedy = fill([])
    singles = [i for i in range(len(sets)) if costs[i] <= budget + 1e-9]
    single: list[int] = []
    if singles:
        top = max(singles, key=lambda i: (len(set(sets[i])), -costs[i], -i))
        single = fill([top])
    return max((reach(greedy), greedy), (reach(single), single), key=lambda t: t[0])


def random_instance(
    rng: np.random.Generator, n: int, members: int, density: float = 0.25
) -> tuple[list[list[int]], list[float], float]:
    """``n`` audiences over ``members`` people, integer costs 1–10 and a budget that affords
    a few of them."""
    sets = [list(np.flatnonzero(rng.random(members) < density)) for _ in range(n)]
    costs = [float(c) for c in rng.integers(1, 11, size=n)]
    budget = float(rng.integers(5, max(6, int(sum(costs) / 3))))
    return sets, costs, budget
