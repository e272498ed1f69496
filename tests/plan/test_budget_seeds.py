"""plan seeds --budget: the modified greedy against plain Python, brute force over every
affordable seed set with exact spreads, and one-line errors."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nichescout.data.toy import toy_community
from nichescout.exceptions import InputError, ParameterError
from nichescout.plan.budget_seeds import (
    BUDGET_COLUMNS,
    RATIO,
    affordable_size,
    budgeted_cover,
    budgeted_imm,
    choose_budget_seeds,
    read_costs,
)
from nichescout.plan.graph import InfluenceGraph
from nichescout.plan.imm import greedy_cover
from nichescout.plan.rrsets import RRSets
from tests.plan.conftest import tiny_graphs
from tests.plan.oracle import exact_spread

COSTS = st.sampled_from([0.0, 0.5, 1.0, 1.0, 2.0, 3.0, 4.0])


def modified_greedy(
    sets: list[set[int]], costs: list[float], budget: float
) -> tuple[list[int], list[int], str]:
    """Khuller et al.'s modified greedy, spelled out: ratio greedy over affordable nodes
    (cost 0 first; ties: more sets, then the lowest node), or the best single node."""
    n = len(costs)
    counts = [sum(v in s for s in sets) for v in range(n)]
    fits = [v for v in range(n) if costs[v] <= budget * (1 + 1e-9)]
    single = max(fits, key=lambda v: (counts[v], -v)) if fits else -1
    uncovered = list(range(len(sets)))
    chosen: list[int] = []
    gains: list[int] = []
    left = budget
    while True:
        gain = {v: sum(v in sets[i] for i in uncovered) for v in range(n)}
        options = [
            v
            for v in range(n)
            if v not in chosen and gain[v] > 0 and costs[v] <= left + budget * 1e-9
        ]
        if not options:
            break
        best = max(
            options,
            key=lambda v, g=gain: (float("inf") if costs[v] <= 0 else g[v] / costs[v], g[v], -v),
        )
        chosen.append(best)
        gains.append(gain[best])
        left -= costs[best]
        uncovered = [i for i in uncovered if best not in sets[i]]
    if single >= 0 and counts[single] > sum(gains):
        return [single], [counts[single]], "best single"
    return chosen, gains, "greedy"


@st.composite
def costed_graphs(draw: st.DrawFn) -> tuple[InfluenceGraph, list[float], float]:
    graph = draw(tiny_graphs(max_edges=8))
    costs = [draw(COSTS) for _ in range(graph.n)]
    budget = draw(st.sampled_from([0.5, 1.0, 2.0, 3.0, 4.5, 6.0]))
    return graph, costs, max(budget, min(c for c in costs if c >= 0) or 0.5)


@settings(max_examples=60, deadline=None)
@given(case=costed_graphs(), model=st.sampled_from(["ic", "lt"]), seed=st.integers(0, 2**32))
def test_modified_greedy_matches_plain_python(
    case: tuple[InfluenceGraph, list[float], float], model: str, seed: int
) -> None:
    graph, costs, budget = case
    rr = RRSets(graph, model, seed=seed)  # type: ignore[arg-type]
    rr.extend(512)
    sets = [set(rr.set(i).tolist()) for i in range(rr.count)]
    seeds, gains, rule = budgeted_cover(rr, np.array(costs), budget)
    assert (seeds.tolist(), gains.tolist(), rule) == modified_greedy(sets, costs, budget)
    assert sum(costs[v] for v in seeds) <= budget + 1e-9


@settings(max_examples=40, deadline=None)
@given(graph=tiny_graphs(), k=st.integers(1, 6), seed=st.integers(0, 2**32))
def test_unit_costs_choose_what_greedy_coverage_chooses(
    graph: InfluenceGraph, k: int, seed: int
) -> None:
    rr = RRSets(graph, "ic", seed=seed)
    rr.extend(512)
    k = min(k, graph.n)
    seeds, gains, _ = budgeted_cover(rr, np.ones(graph.n), float(k))
    want, want_gains = greedy_cover(rr, k)
    useful = int((want_gains > 0).sum())  # greedy_cover goes on with nodes that add nothing
    assert seeds.tolist() == want[:useful].tolist()
    assert gains.tolist() == want_gains[:useful].tolist()


def _brute_force(graph: InfluenceGraph, costs: list[float], budget: float, model: str) -> float:
    best = 0.0
    for size in range(1, graph.n + 1):
        for subset in itertools.combinations(range(graph.n), size):
            if sum(costs[v] for v in subset) <= budget + 1e-9:
                best = max(best, exact_spread(graph, list(subset), model)[0])
    return best


@settings(max_examples=50, deadline=None)
@given(case=costed_graphs(), model=st.sampled_from(["ic", "lt"]), seed=st.integers(0, 2**16))
def test_budgeted_seeds_are_near_the_brute_force_optimum(
    case: tuple[InfluenceGraph, list[float], float], model: str, seed: int
) -> None:
    """On every affordable seed set, enumerated with exact spreads: the chosen set is
    affordable and within the guarantee (1 − 1/√e − ε) of the best."""
    graph, costs, budget = case
    epsilon = 0.1
    result = budgeted_imm(graph, costs, budget, model, epsilon=epsilon, seed=seed)  # type: ignore[arg-type]
    chosen = result.seeds.tolist()
    assert sum(costs[v] for v in chosen) <= budget + 1e-9
    assert len(chosen) <= affordable_size(costs, budget)
    got = exact_spread(graph, chosen, model)[0]
    opt = _brute_force(graph, costs, budget, model)
    assert got >= (RATIO - epsilon) * opt - 1e-9
    # the RR-set estimate of the chosen set is close to its exact spread
    assert result.spread == pytest.approx(got, abs=0.15 * graph.n)


def test_a_costly_hub_beats_many_cheap_leaves_as_the_best_single_seed() -> None:
    """Greedy by ratio alone would take the cheap leaves; the hub reaches everyone."""
    n = 12
    hub = InfluenceGraph.from_edges([0] * (n - 1), list(range(1, n)), [1.0] * (n - 1))
    costs = [10.0] + [1.0] * (n - 1)
    result = budgeted_imm(hub, costs, 10.0, epsilon=0.2, seed=0)
    assert result.seeds.tolist() == [0] and result.rule == "best single"
    assert exact_spread(hub, [0], "ic")[0] == n


def test_budget_plan_has_its_columns_and_provenance() -> None:
    plan = choose_budget_seeds(
        toy_community(), "toy", 2.0, probability="const:0.3", epsilon=0.4, random_state=3
    )
    assert list(plan.columns) == BUDGET_COLUMNS
    assert plan["spent"].iloc[-1] <= 2.0 and len(plan) == 2  # unit costs: two seeds
    prov = plan.attrs["provenance"]
    assert (prov["method"], prov["budget"], prov["costs"], prov["random_state"]) == (
        "IMM-budget",
        2.0,
        "const:1",
        3,
    )
    again = choose_budget_seeds(
        toy_community(), "toy", 2.0, probability="const:0.3", epsilon=0.4, random_state=3
    )
    assert plan.equals(again)


MEMBERS = ["ann", "bob", "cat", "dan", "eve"]


@pytest.mark.parametrize(
    ("kwargs", "error", "says"),
    [
        ({"costs": dict.fromkeys(MEMBERS, 5.0)}, ParameterError, "below every member's cost"),
        ({"costs": {"ann": 1.0}}, ParameterError, "gives no cost for 4 of the 5 members"),
        ({"costs": {**dict.fromkeys(MEMBERS, 1.0), "zed": 1.0}}, ParameterError, "'zed'"),
        ({"costs": {**dict.fromkeys(MEMBERS, 1.0), "bot": 1.0}}, ParameterError, "non-bot"),
        ({"costs": {**dict.fromkeys(MEMBERS, 1.0), "ann": -2.0}}, ParameterError, "0 or more"),
        ({"cost": 0.0}, ParameterError, "--cost must be a number above 0"),
        ({"cost": 2.0, "costs": dict.fromkeys(MEMBERS, 1.0)}, ParameterError, "not both"),
    ],
)
def test_infeasible_budgets_are_one_line_errors(
    kwargs: dict[str, object], error: type[Exception], says: str
) -> None:
    with pytest.raises(error, match=None) as caught:
        choose_budget_seeds(toy_community(), "toy", 3.0, epsilon=0.5, random_state=0, **kwargs)  # type: ignore[arg-type]
    assert says in str(caught.value) and "\n" not in str(caught.value)


def test_a_budget_of_zero_is_refused() -> None:
    with pytest.raises(ParameterError, match="a number above 0"):
        choose_budget_seeds(toy_community(), "toy", 0.0)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("member_id,cost\nann,-1\n", "row 2: the cost of 'ann' is -1"),
        ("member_id,cost\nann,cheap\n", "the cost of 'ann' is cheap"),
        ("member_id,cost\nann,1\nann,2\n", "row 3: member 'ann' is listed twice"),
        ("id,price\nann,1\n", "the header must name member_id and cost"),
        ("member_id,cost\n", "no costs"),
    ],
)
def test_bad_cost_files_name_the_row(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / "costs.csv"
    path.write_text(text)
    with pytest.raises(InputError, match=None) as caught:
        read_costs(path)
    assert says in str(caught.value)
