"""The Monte Carlo estimator agrees with the exact spread of every live-edge world."""

from __future__ import annotations

import math

import numba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nichescout.exceptions import ParameterError
from nichescout.plan.graph import InfluenceGraph
from nichescout.plan.spread import monte_carlo_spread
from tests.plan.conftest import tiny_graphs
from tests.plan.oracle import exact_spread

SIMULATIONS = 20_000


@settings(max_examples=40, deadline=None)
@given(graph=tiny_graphs(), model=st.sampled_from(["ic", "lt"]), data=st.data())
def test_monte_carlo_matches_exact_spread(
    graph: InfluenceGraph, model: str, data: st.DataObject
) -> None:
    seeds = data.draw(st.lists(st.integers(0, graph.n - 1), min_size=1, max_size=2, unique=True))
    mean, var = exact_spread(graph, seeds, model)
    est = monte_carlo_spread(graph, seeds, model, simulations=SIMULATIONS, random_state=11)  # type: ignore[arg-type]
    tolerance = 5 * math.sqrt(var / SIMULATIONS) + 1e-9
    assert abs(est.spread - mean) <= tolerance, (est, mean, var)
    assert est.standard_error == pytest.approx(math.sqrt(var / SIMULATIONS), abs=0.01)


def test_the_oracle_can_fail() -> None:
    """A wrong probability is caught: the chain 0 → 1 → 2 at 0.5 is not the one at 0.6."""
    truth = InfluenceGraph.from_edges([0, 1], [1, 2], [0.5, 0.5])
    wrong = InfluenceGraph.from_edges([0, 1], [1, 2], [0.6, 0.6])
    mean, var = exact_spread(truth, [0], "ic")
    assert mean == pytest.approx(1.75)
    est = monte_carlo_spread(wrong, [0], "ic", simulations=SIMULATIONS, random_state=1)
    assert abs(est.spread - mean) > 5 * math.sqrt(var / SIMULATIONS)


def test_same_result_on_any_number_of_threads() -> None:
    graph = InfluenceGraph.from_edges([0, 0, 1, 2, 3], [1, 2, 3, 3, 4], [0.3, 0.7, 0.5, 0.5, 0.9])
    both = monte_carlo_spread(graph, [0], "lt", simulations=1000, random_state=5)
    before = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        one = monte_carlo_spread(graph, [0], "lt", simulations=1000, random_state=5)
    finally:
        numba.set_num_threads(before)
    assert one == both
    assert monte_carlo_spread(graph, [0], "lt", simulations=1000, random_state=6) != both


def test_bad_arguments_are_parameter_errors() -> None:
    graph = InfluenceGraph.from_edges([0], [1], [0.5])
    with pytest.raises(ParameterError, match="simulations"):
        monte_carlo_spread(graph, [0], simulations=1)
    with pytest.raises(ParameterError, match="seeds"):
        monte_carlo_spread(graph, [5])
    with pytest.raises(ParameterError, match="model"):
        monte_carlo_spread(graph, [0], "sir")  # type: ignore[arg-type]
