r"""The exact budgeted maximum coverage, as an integer program, to measure the greedy's gap.

With a binary :math:`x_i` per candidate (chosen) and :math:`y_j \in [0, 1]` per audience
member (reached):

.. math::

    \max \sum_j w_j y_j \quad \text{s.t.} \quad y_j \le \sum_{i:\, j \in A_i} x_i, \qquad
    \sum_i c_i x_i \le B, \qquad x_i \in \{0, 1\}

An optimal :math:`y_j` is 1 exactly when some chosen candidate covers *j*, so :math:`y` need
not be declared integer. Before solving, candidates over the budget are dropped, members
covered by the same candidates are merged (their weights added) and a member only one
candidate covers becomes part of that candidate's own value: the same optimum, fewer
variables. Solved by HiGHS through :func:`scipy.optimize.milp`, with a time
limit; past it, the result says so and carries the solver's best bound (the optimum lies
between the value found and the bound). Only explicit audiences (unique reach, ``w = 1`` by
default) are modelled: the greedy's unseen-audience and engagement terms are not linear.

>>> from nichescout.plan.portfolio import Audiences
>>> aud = Audiences.from_sets([[0, 1], [0, 1, 2, 3, 4], [5]])
>>> exact = max_coverage_milp(aud, [1.0, 3.0, 1.0], budget=3.0)
>>> exact.value, exact.chosen.tolist(), exact.optimal
(5.0, [1], True)
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from nichescout.exceptions import ParameterError
from nichescout.plan.portfolio import Audiences

__all__ = ["MilpResult", "max_coverage_milp"]


@dataclass(frozen=True)
class MilpResult:
    """The best portfolio the solver found, its value, the best bound on the optimum, whether
    it proved optimality (``optimal``; ``False`` when the time limit came first) and the
    seconds it took."""

    chosen: npt.NDArray[np.int64]
    value: float
    bound: float
    optimal: bool
    seconds: float
    message: str

    @property
    def gap(self) -> float:
        """Relative distance from the value found to the bound (0 when proved optimal)."""
        return 0.0 if self.bound <= 0 else max(0.0, (self.bound - self.value) / self.bound)


def max_coverage_milp(
    audiences: Audiences,
    costs: npt.ArrayLike,
    budget: float,
    weights: npt.ArrayLike | None = None,
    time_limit: float | None = None,
) -> MilpResult:
    """Solve the integer program of the module docstring (``weights``: one per member)."""
    import scipy.sparse as sp
    from scipy.optimize import Bounds, LinearConstraint, milp

    n, m = audiences.n, audiences.n_members
    c = np.asarray(costs, dtype=np.float64)
    if c.shape != (n,):
        raise ParameterError.invalid("costs", "max_coverage_milp", "one cost each", c.shape)
    w = np.ones(m) if weights is None else np.asarray(weights, dtype=np.float64)
    keep, gain, groups, group_weight = _reduce(audiences, c, float(budget), w)
    k, g = keep.size, group_weight.size
    if k == 0:  # nothing affordable: the empty portfolio is the only one
        return MilpResult(np.zeros(0, dtype=np.int64), 0.0, 0.0, True, 0.0, "nothing affordable")
    objective = np.concatenate([-gain, -group_weight])  # milp minimises
    cover = sp.csr_array(
        (np.full(groups[0].size, -1.0), (groups[1], groups[0])), shape=(g, k)
    )  # -Σ x_i over the candidates covering each group
    matrix = sp.vstack(
        [
            sp.hstack([cover, sp.eye_array(g, format="csr")]),
            sp.hstack([sp.csr_array(c[keep].reshape(1, k)), sp.csr_array((1, g))]),
        ],
        format="csr",
    )
    upper = np.concatenate([np.zeros(g), [float(budget)]])
    constraint = LinearConstraint(matrix, -np.inf, upper)
    integrality = np.concatenate([np.ones(k), np.zeros(g)])
    options: dict[str, float | bool] = {"disp": False}
    if time_limit is not None:
        options["time_limit"] = float(time_limit)
    started = time.perf_counter()
    result = milp(
        objective,
        constraints=constraint,
        integrality=integrality,
        bounds=Bounds(0.0, 1.0),
        options=options,
    )
    seconds = time.perf_counter() - started
    optimal = result.status == 0
    # Stopped before any solution: the empty portfolio is one (value 0).
    x = np.zeros(k) if result.x is None else result.x[:k]
    chosen = keep[np.flatnonzero(x > 0.5)].astype(np.int64)
    covered = np.zeros(m, dtype=bool)
    for i in chosen:
        covered[audiences.row(int(i))] = True
    value = float(w[covered].sum())  # recomputed from the chosen x, not the LP's y
    dual = getattr(result, "mip_dual_bound", None)  # of the minimised -Σ w y
    # no bound yet: at most everyone reached
    bound = float(w.sum()) if dual is None or not np.isfinite(dual) else -float(dual)
    bound = max(value, bound)
    return MilpResult(chosen, value, value if optimal else bound, optimal, seconds, result.message)


def _reduce(
    audiences: Audiences, costs: npt.NDArray[np.float64], budget: float, w: npt.NDArray[np.float64]
) -> tuple[
    npt.NDArray[np.int64],
    npt.NDArray[np.float64],
    tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]],
    npt.NDArray[np.float64],
]:
    """The same optimum with fewer variables: candidates over the budget dropped; members
    covered by the same candidates merged into one group (weights added); a group covered by
    one candidate folded into that candidate's own objective coefficient.

    Returns the kept candidates, their own gains, the (candidate, group) incidence in kept
    numbering, and each group's weight.
    """
    keep = np.flatnonzero(costs <= budget * (1 + 1e-12)).astype(np.int64)
    position = np.full(audiences.n, -1, dtype=np.int64)
    position[keep] = np.arange(keep.size)
    owner = position[audiences.owner]
    inside = owner >= 0
    member, owner = audiences.members[inside], owner[inside]
    order = np.lexsort((owner, member))
    member, owner = member[order], owner[order]
    gain = np.zeros(keep.size)
    signatures: dict[tuple[int, ...], int] = {}
    group_weight: list[float] = []
    cand: list[int] = []
    grp: list[int] = []
    starts = np.flatnonzero(np.r_[True, member[1:] != member[:-1]]) if member.size else np.zeros(0)
    bounds = np.r_[starts, member.size].astype(np.int64)
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        covering = tuple(owner[a:b].tolist())
        weight = float(w[member[a]])
        if len(covering) == 1:
            gain[covering[0]] += weight
            continue
        group = signatures.get(covering)
        if group is None:
            group = signatures[covering] = len(group_weight)
            group_weight.append(0.0)
            cand += covering
            grp += [group] * len(covering)
        group_weight[group] += weight
    incidence = (np.asarray(cand, dtype=np.int64), np.asarray(grp, dtype=np.int64))
    return keep, gain, incidence, np.asarray(group_weight, dtype=np.float64)
