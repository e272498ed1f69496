"""Budgeted influence maximisation: seeds with unequal costs, total cost at most a budget.

``plan seeds --budget B`` chooses a seed set ``S`` with ``Σ_{v∈S} c(v) ≤ B`` (costs from
``--costs FILE``, a constant ``--cost C``, or the setting ``plan_member_cost``) that
maximises the expected spread ``σ(S)``. On reverse-reachable sets (:mod:`nichescout.plan.
rrsets`) this is *budgeted maximum coverage*, solved by the **modified greedy** of Khuller,
Moss and Naor (1999):

1. *cost-effective greedy*: repeatedly add the affordable node with the most newly covered
   RR sets per unit of cost (a node of cost 0 that covers anything first); a node that no
   longer fits the remaining budget is passed over, not the end of the search; stop when no
   affordable node covers anything new;
2. *best single*: the one affordable node covering the most sets;

and keep the better of the two. Greedy alone can be arbitrarily bad (one cheap node of tiny
spread beats a costly node of huge spread on ratio); with the best single node the result is
within ``1 − 1/√e ≈ 0.393`` of the optimum coverage (Nguyen and Zheng 2013; Khuller et al.
proved ``½(1 − 1/e)``).

**Number of RR sets.** As IMM (:mod:`nichescout.plan.imm`), with two changes that carry its
martingale bounds over to budgets: the sets that could be chosen are all affordable sets,
at most ``Σ_{j ≤ k_B} C(n, j)`` of them with ``k_B`` the most members the budget affords (the
``k_B`` cheapest), which replaces ``C(n, k)``; and the greedy's ratio ``1 − 1/e`` becomes
``ρ = 1 − 1/√e``. Phase 1 finds a lower bound of the optimum with the modified greedy; phase 2
draws ``θ = λ*/LB`` fresh sets, ``λ* = 2n·(ρα + β)²/ε²``, ``α = √(ℓ ln n + ln 2)``,
``β = √(ρ·(ln Σ_j C(n, j) + ℓ ln n + ln 2))``. With probability ``1 − 1/n^ℓ``,

.. math:: \\sigma(S) \\geq (1 - 1/\\sqrt{e} - \\varepsilon) \\cdot OPT_B .

>>> from nichescout.plan.graph import InfluenceGraph
>>> star = InfluenceGraph.from_edges([0, 0, 0, 1], [1, 2, 3, 4], [1.0, 1.0, 1.0, 1.0])
>>> result = budgeted_imm(star, [5.0, 1.0, 1.0, 1.0, 1.0], 5.0, epsilon=0.3, seed=0)
>>> result.seeds.tolist(), result.rule, round(result.spread)  # node 0 reaches all five
([0], 'best single', 5)
>>> sorted(budgeted_imm(star, [5.0, 1.0, 1.0, 1.0, 1.0], 3.0, epsilon=0.3, seed=0).seeds.tolist())
[1, 2, 3]

References
----------
S. Khuller, A. Moss and J. Naor, "The budgeted maximum coverage problem", Information
Processing Letters 70(1), 1999.

H. Nguyen and R. Zheng, "On budgeted influence maximization in social networks", IEEE
Journal on Selected Areas in Communications 31(6), 2013.

Y. Tang, Y. Shi and X. Xiao, "Influence maximization in near-linear time: a martingale
approach", SIGMOD 2015.
"""

from __future__ import annotations

import csv
import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numba
import numpy as np
import numpy.typing as npt

from nichescout import settings
from nichescout.exceptions import InputError, ParameterError
from nichescout.plan.graph import InfluenceGraph, Model, influence_graph, parse_probability
from nichescout.plan.imm import _check as _check_imm
from nichescout.plan.imm import sample_bounds
from nichescout.plan.rrsets import RRSets
from nichescout.plan.seeds import resolve_random_state, run_provenance

if TYPE_CHECKING:
    import pandas as pd

    from nichescout.store import Store

__all__ = [
    "BUDGET_COLUMNS",
    "RATIO",
    "BudgetResult",
    "affordable_size",
    "budget_bounds",
    "budgeted_cover",
    "budgeted_imm",
    "choose_budget_seeds",
    "read_costs",
]

_OWNER = "budgeted_imm"
#: The modified greedy's approximation ratio for budgeted coverage (Nguyen and Zheng 2013).
RATIO = 1 - 1 / math.sqrt(math.e)
#: A cost fits the remaining budget up to this relative rounding slack.
_SLACK = 1e-9
#: The columns of a budgeted seed plan, in order.
BUDGET_COLUMNS = [
    "rank",
    "member_id",
    "handle",
    "display_name",
    "cost",
    "marginal_spread",
    "spread",
    "spent",
]


@dataclass(frozen=True)
class BudgetResult:
    """Seeds in the order chosen, their costs, and what the sampling measured.

    ``rule`` is ``"greedy"`` or ``"best single"``: which of the two candidates won."""

    seeds: npt.NDArray[np.int64]
    marginal_spread: npt.NDArray[np.float64]
    costs: npt.NDArray[np.float64]
    spread: float
    rule: str
    theta: int
    lower_bound: float
    max_seeds: int
    seconds: float


@numba.njit(cache=True)
def _budget_greedy(nodes, offsets, n, costs, budget, slack):
    m = offsets.size - 1
    ptr = np.zeros(n + 1, dtype=np.int64)
    for i in range(nodes.size):
        ptr[nodes[i] + 1] += 1
    for v in range(n):
        ptr[v + 1] += ptr[v]
    fill = ptr[:-1].copy()
    sets_of = np.empty(nodes.size, dtype=np.int32)
    for s in range(m):
        for j in range(offsets[s], offsets[s + 1]):
            v = nodes[j]
            sets_of[fill[v]] = s
            fill[v] += 1
    count = np.empty(n, dtype=np.int64)
    for v in range(n):
        count[v] = ptr[v + 1] - ptr[v]
    # best single affordable node (most sets; ties: lowest node)
    single = -1
    single_gain = -1
    for v in range(n):
        if costs[v] <= budget * (1 + slack) and count[v] > single_gain:
            single = v
            single_gain = count[v]
    covered = np.zeros(m, dtype=np.bool_)
    chosen = np.zeros(n, dtype=np.bool_)
    seeds = np.empty(n, dtype=np.int64)
    gains = np.empty(n, dtype=np.int64)
    picked = 0
    left = budget
    while True:
        best = -1
        best_ratio = -1.0
        for v in range(n):
            if chosen[v] or count[v] <= 0 or costs[v] > left + budget * slack:
                continue
            ratio = np.inf if costs[v] <= 0 else count[v] / costs[v]
            if ratio > best_ratio or (ratio == best_ratio and count[v] > count[best]):
                best = v
                best_ratio = ratio
        if best < 0:
            break
        seeds[picked] = best
        gains[picked] = count[best]
        picked += 1
        chosen[best] = True
        left -= costs[best]
        for j in range(ptr[best], ptr[best + 1]):
            s = sets_of[j]
            if not covered[s]:
                covered[s] = True
                for t in range(offsets[s], offsets[s + 1]):
                    count[nodes[t]] -= 1
    return seeds[:picked], gains[:picked], single, single_gain


def budgeted_cover(
    rr: RRSets, costs: npt.NDArray[np.float64], budget: float
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], str]:
    """The modified greedy on ``rr``'s sets: nodes, the sets each newly covers, and which of
    greedy and best single won (module doc). Ties go to greedy.

    >>> from nichescout.plan.graph import InfluenceGraph
    >>> rr = RRSets(InfluenceGraph.from_edges([0, 1], [1, 2], [1.0, 1.0]), "ic", seed=3)
    >>> rr.extend(300)
    >>> seeds, gains, rule = budgeted_cover(rr, np.array([3.0, 1.0, 1.0]), 2.0)
    >>> seeds.tolist(), rule  # 0 does not fit; 1 covers the sets rooted at 1 and 2, all 2's
    ([1], 'greedy')
    """
    if rr.count >= np.iinfo(np.int32).max:
        raise ParameterError.invalid("budget", _OWNER, "a problem needing < 2^31 RR sets", rr.count)
    seeds, gains, single, single_gain = _budget_greedy(
        rr.nodes, rr.offsets, rr.graph.n, costs, float(budget), _SLACK
    )
    if single >= 0 and single_gain > gains.sum():
        return np.array([single], dtype=np.int64), np.array([single_gain], np.int64), "best single"
    return seeds, gains, "greedy"


def affordable_size(costs: npt.ArrayLike, budget: float) -> int:
    """``k_B``: the most members the budget affords (the cheapest first).

    >>> affordable_size([3.0, 1.0, 2.0, 0.0], 3.0)
    3
    """
    c = np.sort(np.asarray(costs, dtype=np.float64))
    return int(np.searchsorted(np.cumsum(c), budget * (1 + _SLACK), side="right"))


def _log_sum_binom(n: int, k: int) -> float:
    """``ln Σ_{j=1..k} C(n, j)``, stably."""
    terms = [
        math.lgamma(n + 1) - math.lgamma(j + 1) - math.lgamma(n - j + 1) for j in range(1, k + 1)
    ]
    top = max(terms)
    return top + math.log(sum(math.exp(t - top) for t in terms))


def budget_bounds(n: int, k_b: int, epsilon: float, ell: float) -> tuple[float, float, float]:
    """``(λ', λ*, ℓ')`` for ``n`` nodes when at most ``k_b`` seeds are affordable (module doc).

    >>> lam1, lam2, ell = budget_bounds(15233, 50, 0.1, 1.0)
    >>> round(lam1 / 15233), round(lam2 / 15233), round(ell, 3)
    (36227, 33492, 1.072)
    """
    return sample_bounds(n, _log_sum_binom(n, max(1, k_b)), RATIO, epsilon, ell)


def _check_costs(costs: npt.ArrayLike, budget: Any, n: int) -> npt.NDArray[np.float64]:
    c = np.asarray(costs, dtype=np.float64).ravel()
    if c.shape != (n,):
        raise ParameterError.invalid("costs", _OWNER, f"one cost per member ({n})", c.shape)
    bad = ~np.isfinite(c) | (c < 0)
    if bad.any():
        raise ParameterError(f"Costs must be numbers of 0 or more; node {int(np.argmax(bad))} "
                             f"costs {c[bad][0]!r}.")  # fmt: skip
    if isinstance(budget, bool) or not isinstance(budget, int | float) or not budget > 0:
        raise ParameterError.invalid("budget", _OWNER, "a number above 0", budget)
    if not math.isfinite(budget):
        raise ParameterError.invalid("budget", _OWNER, "a finite number", budget)
    return c


def budgeted_imm(
    graph: InfluenceGraph,
    costs: npt.ArrayLike,
    budget: float,
    model: Model = "ic",
    *,
    epsilon: float = 0.1,
    ell: float = 1.0,
    seed: int = 0,
) -> BudgetResult:
    """Seeds of total cost at most ``budget`` (module doc); ``costs[i]`` is node ``i``'s cost.

    Raises :class:`~nichescout.exceptions.ParameterError` when the budget is below every cost.
    """
    c = _check_costs(costs, budget, graph.n)
    if graph.n and c.min() > budget * (1 + _SLACK):
        raise ParameterError(
            f"The budget {budget:,.6g} is below every member's cost (the cheapest, node "
            f"{int(np.argmin(c))}, costs {c.min():,.6g}); raise the budget or lower the costs."
        )
    _check_imm(graph, 1, model, epsilon, ell)
    started = time.perf_counter()
    n = graph.n
    k_b = max(1, affordable_size(c, budget))
    streams = np.random.SeedSequence(seed).generate_state(2, dtype=np.uint64)
    lam1, lam2, _ = budget_bounds(n, k_b, epsilon, ell)
    eps1 = math.sqrt(2) * epsilon
    lower = 1.0
    rr = RRSets(graph, model, int(streams[0]))
    for i in range(1, max(1, math.ceil(math.log2(n)))):
        x = n / 2**i
        rr.extend(math.ceil(lam1 / x))
        _, gains, _ = budgeted_cover(rr, c, budget)
        spread = n * float(gains.sum()) / rr.count
        if spread >= (1 + eps1) * x:
            lower = spread / (1 + eps1)
            break
    del rr  # fresh sets for the final choice, as in IMM
    final = RRSets(graph, model, int(streams[1]))
    final.extend(math.ceil(lam2 / lower))
    seeds, gains, rule = budgeted_cover(final, c, budget)
    marginal = n * gains.astype(np.float64) / final.count
    return BudgetResult(
        seeds=seeds,
        marginal_spread=marginal,
        costs=c[seeds],
        spread=float(marginal.sum()),
        rule=rule,
        theta=final.count,
        lower_bound=lower,
        max_seeds=k_b,
        seconds=time.perf_counter() - started,
    )


def read_costs(path: str | Path) -> dict[str, float]:
    """``member_id → cost`` from a CSV file with the header ``member_id,cost``.

    Raises :class:`~nichescout.exceptions.InputError` naming the file and row for a missing
    column, a cost that is not a number of 0 or more, or a member listed twice.

    >>> import pathlib, tempfile
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "costs.csv"
    >>> _ = f.write_text("member_id,cost\\nann,120\\nbob,35.5\\n")
    >>> read_costs(f)
    {'ann': 120.0, 'bob': 35.5}
    >>> _ = f.write_text("member_id,cost\\nann,-1\\n")
    >>> read_costs(f)
    Traceback (most recent call last):
    ...
    nichescout.exceptions.InputError: ...costs.csv, row 2: the cost of 'ann' is -1; costs must be numbers of 0 or more.
    """
    path = Path(path)
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as error:
        raise InputError(path, None, f"cannot read the costs file ({error.strerror}).") from None
    with handle:
        reader = csv.reader(handle)
        header = [h.strip().lower() for h in next(reader, [])]
        if "member_id" not in header or "cost" not in header:
            raise InputError(path, 1, f"the header must name member_id and cost; it is {header}.")
        id_col, cost_col = header.index("member_id"), header.index("cost")
        costs: dict[str, float] = {}
        for row_number, row in enumerate(reader, start=2):
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) <= max(id_col, cost_col):
                raise InputError(
                    path, row_number, f"expected {len(header)} fields, got {len(row)}."
                )
            member, raw = row[id_col].strip(), row[cost_col].strip()
            try:
                value = float(raw)
            except ValueError:
                value = math.nan
            if not math.isfinite(value) or value < 0:
                raise InputError(
                    path,
                    row_number,
                    f"the cost of {member!r} is {raw or 'empty'}; costs must be numbers of 0 "
                    "or more.",
                )
            if member in costs:
                raise InputError(path, row_number, f"member {member!r} is listed twice.")
            costs[member] = value
    if not costs:
        raise InputError(path, None, "no costs: the file has a header and nothing else.")
    return costs


def _member_costs(
    graph: InfluenceGraph, platform: str, costs: str | Path | dict[str, float] | None, cost: Any
) -> tuple[npt.NDArray[np.float64], str]:
    assert graph.member_ids is not None
    if costs is None:
        value = float(settings.get("plan_member_cost")) if cost is None else cost
        if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
            raise ParameterError(f"--cost must be a number above 0, not {value!r}.")
        if not math.isfinite(value):
            raise ParameterError(f"--cost must be a finite number, not {value!r}.")
        return np.full(graph.n, float(value)), f"const:{value:g}"
    if cost is not None:
        raise ParameterError("Give --costs FILE or --cost C, not both.")
    source = "the costs" if isinstance(costs, dict) else Path(costs).name
    table = costs if isinstance(costs, dict) else read_costs(costs)
    ids = [str(m) for m in graph.member_ids]
    known = set(ids)
    unknown = [m for m in table if m not in known]
    if unknown:
        raise ParameterError(
            f"{source} names {len(unknown)} member(s) that {platform!r} does not have among its "
            f"non-bot members (e.g. {unknown[0]!r}); remove them or import them first."
        )
    missing = [m for m in ids if m not in table]
    if missing:
        raise ParameterError(
            f"{source} gives no cost for {len(missing)} of the {len(ids)} members of "
            f"{platform!r} (e.g. {missing[0]!r}); every member needs one (a cost above the "
            "budget keeps a member out)."
        )
    return np.array([table[m] for m in ids], dtype=np.float64), f"file {source}"


def choose_budget_seeds(
    store: Store,
    platform: str,
    budget: float,
    *,
    costs: str | Path | dict[str, float] | None = None,
    cost: float | None = None,
    model: Model = "ic",
    probability: str = "wc",
    epsilon: float | None = None,
    random_state: int | None = None,
    ell: float | None = None,
) -> pd.DataFrame:
    """Seeds of ``platform`` whose costs add up to at most ``budget``, one row each
    (:data:`BUDGET_COLUMNS`: ``spent`` is the running total of costs).

    ``costs`` is a CSV file (``member_id,cost``, every non-bot member of the platform) or a
    mapping; without it every member costs ``cost`` (default: the setting
    ``plan_member_cost``). The other parameters are those of
    :func:`~nichescout.plan.seeds.choose_seeds`; the provenance is ``frame.attrs
    ["provenance"]``.

    >>> from nichescout.data.toy import toy_community
    >>> plan = choose_budget_seeds(toy_community(), "toy", 3.0, probability="const:0.5",
    ...     costs={"ann": 3, "bob": 1, "cat": 1, "dan": 1, "eve": 1}, epsilon=0.5,
    ...     random_state=0)
    >>> plan[["member_id", "cost", "spent"]].to_string(index=False)
    'member_id  cost  spent\\n      dan   1.0    1.0\\n      bob   1.0    2.0\\n      eve   1.0    3.0'
    """
    import pandas as pd

    epsilon = float(settings.get("plan_epsilon")) if epsilon is None else epsilon
    ell = float(settings.get("plan_ell")) if ell is None else ell
    rule, const = parse_probability(probability)
    seed = resolve_random_state(random_state)
    store.check_platform(platform)
    graph = influence_graph(store.con, platform, probability)
    c, cost_source = _member_costs(graph, platform, costs, cost)
    result = budgeted_imm(graph, c, budget, model, epsilon=epsilon, ell=ell, seed=seed)
    assert graph.member_ids is not None and graph.handles is not None and graph.names is not None
    chosen = result.seeds
    frame = pd.DataFrame(
        {
            "rank": np.arange(1, chosen.size + 1),
            "member_id": graph.member_ids[chosen],
            "handle": graph.handles[chosen],
            "display_name": graph.names[chosen],
            "cost": result.costs,
            "marginal_spread": result.marginal_spread,
            "spread": np.cumsum(result.marginal_spread),
            "spent": np.cumsum(result.costs),
        }
    )
    frame.attrs["provenance"] = {
        "method": "IMM-budget",
        "selection": result.rule,
        "platform": platform,
        "budget": budget,
        "costs": cost_source,
        "spent": float(result.costs.sum()),
        "max_seeds": result.max_seeds,
        **run_provenance(graph, result, model, rule, const, epsilon, ell, seed),
    }
    return frame
