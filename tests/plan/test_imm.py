"""IMM: greedy coverage against a plain-Python oracle, the bounds, the guarantee's inputs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nichescout.exceptions import ParameterError
from nichescout.plan.graph import InfluenceGraph
from nichescout.plan.imm import greedy_cover, imm, imm_bounds
from nichescout.plan.rrsets import RRSets
from tests.plan.conftest import tiny_graphs
from tests.plan.oracle import greedy


@settings(max_examples=40, deadline=None)
@given(graph=tiny_graphs(), model=st.sampled_from(["ic", "lt"]), seed=st.integers(0, 2**32))
def test_greedy_matches_plain_python(graph: InfluenceGraph, model: str, seed: int) -> None:
    rr = RRSets(graph, model, seed=seed)  # type: ignore[arg-type]
    rr.extend(600)
    sets = [set(rr.set(i).tolist()) for i in range(rr.count)]
    k = graph.n
    seeds, gains = greedy_cover(rr, k)
    want_seeds, want_gains = greedy(sets, graph.n, k)
    assert seeds.tolist() == want_seeds
    assert gains.tolist() == want_gains
    # the first pick is the node in most RR sets
    most = max(range(graph.n), key=lambda v: (sum(v in s for s in sets), -v))
    assert seeds[0] == most


def test_imm_is_reproducible_and_seed_dependent() -> None:
    rng = np.random.default_rng(1)
    src, dst = rng.integers(0, 400, 2400), rng.integers(0, 400, 2400)
    graph = InfluenceGraph.from_edges(src, dst, rng.uniform(0, 0.2, 2400), n=400)
    a = imm(graph, 5, "ic", epsilon=0.3, seed=4)
    b = imm(graph, 5, "ic", epsilon=0.3, seed=4)
    assert a.seeds.tolist() == b.seeds.tolist() and a.spread == b.spread
    assert imm(graph, 5, "ic", epsilon=0.3, seed=5).spread != a.spread
    assert np.all(np.diff(a.marginal_spread) <= 0)  # greedy gains never grow
    assert a.theta >= imm_bounds(400, 5, 0.3, 1.0)[1] / max(a.lower_bound, 1) - 1


def test_bounds_of_the_paper() -> None:
    """λ* = 2n((1 − 1/e)α + β)²/ε² with ℓ raised to ℓ(1 + ln 2/ln n), worked by hand for n = 100."""
    import math

    n, k, eps = 100, 2, 0.5
    ell = 1 + math.log(2) / math.log(n)
    log_c = math.log(4950)
    alpha = math.sqrt(ell * math.log(n) + math.log(2))
    beta = math.sqrt((1 - 1 / math.e) * (log_c + ell * math.log(n) + math.log(2)))
    lam2 = 2 * n * ((1 - 1 / math.e) * alpha + beta) ** 2 / eps**2
    eps1 = math.sqrt(2) * eps
    lam1 = (2 + 2 / 3 * eps1) * (log_c + ell * math.log(n) + math.log(math.log2(n))) * n / eps1**2
    assert imm_bounds(n, k, eps, 1.0) == pytest.approx((lam1, lam2, ell))


def test_k_equal_to_n_takes_everyone() -> None:
    graph = InfluenceGraph.from_edges([0, 1], [1, 2], [0.5, 0.5])
    result = imm(graph, 3, "lt", epsilon=0.5)
    assert sorted(result.seeds.tolist()) == [0, 1, 2]
    assert result.spread == pytest.approx(3.0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"k": 4}, "more than the graph's 3 members"),
        ({"k": 0}, "'k' parameter"),
        ({"k": 1, "epsilon": 1.0}, "'epsilon' parameter"),
        ({"k": 1, "ell": 0}, "'ell' parameter"),
        ({"k": 1, "model": "sir"}, "'model' parameter"),
    ],
)
def test_infeasible_input(kwargs: dict[str, object], match: str) -> None:
    graph = InfluenceGraph.from_edges([0, 1], [1, 2], [0.5, 0.5])
    with pytest.raises(ParameterError, match=match):
        imm(graph, **kwargs)  # type: ignore[arg-type]
