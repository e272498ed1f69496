"""Slow, obvious oracles: exact expected spread by enumerating live-edge worlds, and greedy
maximum coverage in plain Python (STYLE.md E7)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

from nichescout.plan.graph import InfluenceGraph


def _reach(n: int, live: Iterable[tuple[int, int]], seeds: Sequence[int]) -> int:
    out: dict[int, list[int]] = {v: [] for v in range(n)}
    for u, v in live:
        out[u].append(v)
    seen = set(seeds)
    stack = list(seeds)
    while stack:
        u = stack.pop()
        for v in out[u]:
            if v not in seen:
                seen.add(v)
                stack.append(v)
    return len(seen)


def exact_spread(graph: InfluenceGraph, seeds: Sequence[int], model: str) -> tuple[float, float]:
    """Mean and variance of the spread of ``seeds`` over every live-edge world.

    IC: each edge live on its own with ``p``; LT: each node keeps one in-edge ``u → v`` with
    ``w(u, v)`` or none with ``1 − Σ w`` (Kempe, Kleinberg, Tardos 2003)."""
    edges = [
        (int(u), int(v), float(p), float(w))
        for u, v, p, w in zip(graph.src, graph.dst, graph.prob, graph.lt_weight, strict=True)
    ]
    worlds: list[tuple[float, list[tuple[int, int]]]] = []
    if model == "ic":
        for mask in itertools.product((False, True), repeat=len(edges)):
            weight = 1.0
            for (_, _, p, _), on in zip(edges, mask, strict=True):
                weight *= p if on else 1 - p
            live = [(u, v) for (u, v, _, _), on in zip(edges, mask, strict=True) if on]
            worlds.append((weight, live))
    else:
        choices = []
        for v in range(graph.n):
            incoming = [(u, w) for u, t, _, w in edges if t == v]
            options: list[tuple[float, tuple[int, int] | None]] = [
                (1 - sum(w for _, w in incoming), None)
            ]
            options += [(w, (u, v)) for u, w in incoming]
            choices.append(options)
        for pick in itertools.product(*choices):
            weight = 1.0
            for w, _ in pick:
                weight *= w
            worlds.append((weight, [e for _, e in pick if e is not None]))
    mean = sum(w * _reach(graph.n, live, seeds) for w, live in worlds)
    second = sum(w * _reach(graph.n, live, seeds) ** 2 for w, live in worlds)
    return mean, max(0.0, second - mean * mean)


def greedy(sets: list[set[int]], n: int, k: int) -> tuple[list[int], list[int]]:
    """Pick the node in most uncovered sets, k times (ties: lowest node; no node twice)."""
    uncovered = list(range(len(sets)))
    seeds: list[int] = []
    gains: list[int] = []
    for _ in range(k):
        counts = [0] * n
        for i in uncovered:
            for v in sets[i]:
                counts[v] += 1
        best = max((v for v in range(n) if v not in seeds), key=lambda v: (counts[v], -v))
        seeds.append(best)
        gains.append(counts[best])
        uncovered = [i for i in uncovered if best not in sets[i]]
    return seeds, gains
