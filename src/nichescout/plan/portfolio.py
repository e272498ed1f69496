r"""Budgeted portfolios: the creators whose audiences, together, reach and engage the most.

The objective
-------------
Candidate *c* has an explicit audience :math:`A_c \subseteq U` (members seen acting on it:
followers, mutual-follow neighbours, repliers), an *unseen* audience of estimated size
:math:`u_c \ge 0` (followers the store does not list), and a chance :math:`r_c` that one
reached member engages with one placement (:math:`r_c = 1` when the goal is unique reach).
The value of a portfolio :math:`S` is the expected number of distinct members who engage:

.. math::

    f(S) = s \cdot \Big[ \sum_{j \in U} \Big(1 - \prod_{c \in S:\, j \in A_c} (1 - r_c)\Big)
           + N \Big(1 - \prod_{c \in S} \big(1 - r_c u_c / N\big)\Big) \Big]

where :math:`s` is 1, or the conversion rate for expected conversions. The second term is the
*random duplication* estimate for audiences known only by their size: each is a random
subset of a pool of :math:`N` people, so two of sizes *a* and *b* share :math:`ab/N` (the
independence assumption of media planning's Sainsbury formula). Explicit and estimated
audiences are counted as disjoint. :math:`f` is monotone and submodular (a probabilistic
coverage function), so a member reached twice counts once.

Selection
---------
Each candidate has a cost :math:`c_i > 0`; the budget is :math:`B`. Two portfolios are built
and the better kept:

1. **cost-benefit greedy**: repeatedly add the affordable candidate with the largest
   marginal gain per unit of cost, :math:`\Delta_i(S) / c_i`, skipping any that no longer
   fits the remaining budget, until nothing affordable adds value;
2. **best single**: the affordable candidate with the largest value on its own, the rest of
   the budget then filled by (1) (which can only add to it).

The better of the two is within :math:`\tfrac12(1 - 1/e) \approx 0.316` of the optimum
(Khuller, Moss and Naor 1999 for budgeted maximum coverage; Leskovec et al. 2007 for any
monotone submodular :math:`f`, with the unit-cost greedy in place of the best single item,
which it contains). Gains are evaluated lazily (CELF): a stale gain is an upper bound of the
current one, by submodularity, so only the candidate at the top of the queue is re-evaluated.

Constraints (:class:`Constraints`) change the problem, and the bound then holds only
without them: *forced* candidates (must-include) start the portfolio; *cover* groups (niches)
each get their best candidate by gain per cost first; *caps* (at most N per tier or per
community) make a full group's other candidates ineligible; *allowed* drops the rest.

>>> aud = Audiences.from_sets([[0, 1, 2], [2, 3], [3, 4]], n_members=5)
>>> pick = select_portfolio(Objective(aud), costs=[2.0, 1.0, 1.0], budget=2.0)
>>> pick.chosen.tolist(), pick.gains.tolist(), pick.value, pick.method
([1, 2], [2.0, 1.0], 3.0, 'cost-benefit greedy')

References
----------
S. Khuller, A. Moss and J. Naor, "The budgeted maximum coverage problem", Information
Processing Letters 70(1), 39–45, 1999.

J. Leskovec, A. Krause, C. Guestrin, C. Faloutsos, J. VanBriesen and N. Glance,
"Cost-effective outbreak detection in networks", KDD 2007 (CELF).
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from nichescout.exceptions import ParameterError

__all__ = [
    "Audiences",
    "Constraints",
    "Objective",
    "Selection",
    "portfolio_metrics",
    "select_portfolio",
]

_OWNER = "select_portfolio"
#: Costs and budgets compare with this relative slack (sums of floats).
_SLACK = 1e-9


@dataclass(frozen=True)
class Audiences:
    """Who each candidate reaches: explicit members (CSR rows over ``0 .. n_members-1``) and
    an estimated unseen audience per candidate, drawn from a pool of ``pool`` people.

    >>> Audiences.from_sets([[0, 1], [1]], n_members=2).sizes().tolist()
    [2, 1]
    """

    indptr: npt.NDArray[np.int64]
    members: npt.NDArray[np.int64]
    n_members: int
    unseen: npt.NDArray[np.float64]
    pool: float = 0.0
    owner: npt.NDArray[np.int64] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        owner = np.repeat(np.arange(self.n, dtype=np.int64), np.diff(self.indptr))
        object.__setattr__(self, "owner", owner)
        if self.unseen.shape != (self.n,) or (self.unseen < 0).any():
            raise ParameterError.invalid(
                "unseen", "Audiences", "one size >= 0 per candidate", self.unseen.shape
            )
        if self.unseen.any() and not self.pool >= self.unseen.max():
            raise ParameterError.invalid(
                "pool", "Audiences", "at least the largest unseen audience", self.pool
            )

    @property
    def n(self) -> int:
        """Number of candidates."""
        return int(self.indptr.size - 1)

    @classmethod
    def from_sets(
        cls,
        sets: Sequence[Iterable[int]],
        n_members: int | None = None,
        unseen: npt.ArrayLike | None = None,
        pool: float = 0.0,
    ) -> Audiences:
        """Audiences from one iterable of member numbers per candidate (duplicates dropped)."""
        rows = [np.unique(np.asarray(list(s), dtype=np.int64)) for s in sets]
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum([r.size for r in rows], out=indptr[1:])
        members = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        if n_members is None:
            n_members = int(members.max(initial=-1)) + 1
        if members.size and (members.min() < 0 or members.max() >= n_members):
            raise ParameterError.invalid("n_members", "Audiences", "above every member", n_members)
        u = np.zeros(len(rows)) if unseen is None else np.asarray(unseen, dtype=np.float64)
        return cls(indptr, members, int(n_members), u, float(pool))

    def sizes(self) -> npt.NDArray[np.int64]:
        """Explicit audience size of each candidate."""
        return np.diff(self.indptr)

    def row(self, i: int) -> npt.NDArray[np.int64]:
        """The explicit audience of candidate ``i``."""
        return self.members[self.indptr[i] : self.indptr[i + 1]]


class Objective:
    """The expected engaged reach ``f`` of the module docstring.

    ``rates`` (default 1: unique reach) is each candidate's chance that a reached member
    engages; ``scale`` multiplies everything (the conversion rate for conversions).

    >>> aud = Audiences.from_sets([[0, 1], [1, 2]], n_members=3)
    >>> Objective(aud).value([0, 1]), Objective(aud, rates=[0.5, 0.5]).value([0, 1])
    (3.0, 1.75)
    """

    def __init__(
        self,
        audiences: Audiences,
        rates: npt.ArrayLike | None = None,
        scale: float = 1.0,
    ) -> None:
        self.audiences = audiences
        r = np.ones(audiences.n) if rates is None else np.asarray(rates, dtype=np.float64)
        if r.shape != (audiences.n,) or not (np.isfinite(r).all() and (r >= 0).all()):
            raise ParameterError.invalid("rates", "Objective", "one rate in [0, 1] each", r.shape)
        if (r > 1).any():
            raise ParameterError.invalid("rates", "Objective", "rates in [0, 1]", float(r.max()))
        self.rates = r
        self.scale = float(scale)

    def value(self, chosen: Iterable[int]) -> float:
        """``f(chosen)``, computed from scratch."""
        state = _State(self)
        for i in chosen:
            state.add(int(i), 0.0)
        return state.value


class _State:
    """A portfolio under construction: who is not yet engaged, and the value so far."""

    def __init__(self, objective: Objective) -> None:
        self.obj = objective
        self.q = np.ones(objective.audiences.n_members)  # chance j has not engaged yet
        self.pool_q = 1.0  # the same, for one member of the unseen pool
        self.chosen: list[int] = []
        self.gains: list[float] = []
        self.cost = 0.0
        self.value = 0.0

    def copy(self) -> _State:
        other = _State.__new__(_State)
        other.obj, other.q, other.pool_q = self.obj, self.q.copy(), self.pool_q
        other.chosen, other.gains = list(self.chosen), list(self.gains)
        other.cost, other.value = self.cost, self.value
        return other

    def gain(self, i: int) -> float:
        a, r = self.obj.audiences, self.obj.rates[i]
        explicit = float(self.q[a.row(i)].sum())
        return self.obj.scale * float(r) * (explicit + float(a.unseen[i]) * self.pool_q)

    def all_gains(self) -> npt.NDArray[np.float64]:
        a = self.obj.audiences
        explicit = np.bincount(a.owner, weights=self.q[a.members], minlength=a.n)
        return self.obj.scale * self.obj.rates * (explicit + a.unseen * self.pool_q)

    def add(self, i: int, cost: float) -> float:
        g = self.gain(i)
        a, r = self.obj.audiences, float(self.obj.rates[i])
        self.q[a.row(i)] *= 1.0 - r
        if a.unseen[i]:
            self.pool_q *= 1.0 - r * float(a.unseen[i]) / a.pool
        self.chosen.append(i)
        self.gains.append(g)
        self.cost += cost
        self.value += g
        return g


@dataclass(frozen=True)
class Constraints:
    """What a portfolio must include, may include, and how many of each group.

    ``allowed``: candidates that may be picked (default all); ``forced``: picked first, in
    order (must-include); ``caps``: pairs ``(label per candidate, limit per label)``, label
    ``-1`` meaning no limit (at most N per tier, per community); ``cover``: masks of which at
    least one candidate each must be picked (niches), named by ``cover_names``.
    """

    allowed: npt.NDArray[np.bool_] | None = None
    forced: tuple[int, ...] = ()
    caps: tuple[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]], ...] = ()
    cover: tuple[npt.NDArray[np.bool_], ...] = ()
    cover_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Selection:
    """A chosen portfolio: candidates in pick order, the gain each added, the total value and
    cost, which alternative won (``method``) and the value of each (``alternatives``)."""

    chosen: npt.NDArray[np.int64]
    gains: npt.NDArray[np.float64]
    value: float
    cost: float
    method: str
    alternatives: dict[str, float]
    evaluations: int
    seconds: float


class _Caps:
    def __init__(self, caps: Sequence[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]]):
        self.labels = [np.asarray(lab, dtype=np.int64) for lab, _ in caps]
        self.limits = [np.asarray(lim, dtype=np.int64) for _, lim in caps]
        self.used = [np.zeros(lim.size, dtype=np.int64) for lim in self.limits]

    def copy(self) -> _Caps:
        other = _Caps.__new__(_Caps)
        other.labels, other.limits = self.labels, self.limits
        other.used = [u.copy() for u in self.used]
        return other

    def blocked(self, i: int) -> bool:
        for lab, lim, used in zip(self.labels, self.limits, self.used, strict=True):
            g = lab[i]
            if g >= 0 and used[g] >= lim[g]:
                return True
        return False

    def take(self, i: int) -> None:
        for lab, used in zip(self.labels, self.used, strict=True):
            if lab[i] >= 0:
                used[lab[i]] += 1


def _check(costs: npt.NDArray[np.float64], budget: float, n: int) -> None:
    if costs.shape != (n,):
        raise ParameterError.invalid("costs", _OWNER, f"one cost per candidate ({n})", costs.shape)
    if n and not (np.isfinite(costs).all() and (costs > 0).all()):
        bad = costs[~(np.isfinite(costs) & (costs > 0))][0]
        raise ParameterError.invalid("costs", _OWNER, "positive numbers", float(bad))
    if not (np.isfinite(budget) and budget > 0):
        raise ParameterError.invalid("budget", _OWNER, "a positive number", budget)


def select_portfolio(
    objective: Objective,
    costs: npt.ArrayLike,
    budget: float,
    constraints: Constraints | None = None,
) -> Selection:
    """The better of the cost-benefit greedy and the best-single portfolio (module doc).

    Raises :class:`~nichescout.exceptions.ParameterError` when there is nothing to choose
    from, the budget is below every eligible cost, the forced candidates cost more than the
    budget or break a cap, or a cover group has no affordable candidate.
    """
    started = time.perf_counter()
    cons = constraints or Constraints()
    c = np.asarray(costs, dtype=np.float64)
    n = objective.audiences.n
    _check(c, float(budget), n)
    budget = float(budget)
    limit = budget * (1 + _SLACK)
    allowed = np.ones(n, dtype=bool) if cons.allowed is None else np.asarray(cons.allowed, bool)
    if not allowed.any():
        raise ParameterError("No candidate is left to choose from after the filters.")
    state = _State(objective)
    caps = _Caps(cons.caps)
    evaluations = 0
    for i in cons.forced:
        if caps.blocked(i):
            raise ParameterError(
                "The must-include candidates break a cap (at most N per tier or community)."
            )
        state.add(i, float(c[i]))
        caps.take(i)
    if state.cost > limit:
        raise ParameterError(
            f"The must-include candidates cost {state.cost:,.2f}, more than the budget "
            f"{budget:,.2f}."
        )
    eligible = allowed.copy()
    eligible[list(cons.forced)] = False
    if not cons.forced and not (eligible & (c <= limit)).any():
        cheapest = float(c[eligible].min())
        raise ParameterError(
            f"The budget {budget:,.2f} is below every candidate's cost (the cheapest costs "
            f"{cheapest:,.2f}); raise --budget or add cheaper candidates."
        )
    # Cover groups first: the group with the fewest eligible candidates first.
    order = sorted(range(len(cons.cover)), key=lambda g: int((cons.cover[g] & eligible).sum()))
    for g in order:
        mask = np.asarray(cons.cover[g], dtype=bool)
        if any(mask[i] for i in state.chosen):
            continue
        room = limit - state.cost
        pool = [
            int(i)
            for i in np.flatnonzero(mask & eligible)
            if c[i] <= room and not caps.blocked(int(i))
        ]
        name = cons.cover_names[g] if g < len(cons.cover_names) else str(g)
        if not pool:
            raise ParameterError(
                f"No candidate of niche {name!r} fits in what is left of the budget "
                f"({room:,.2f}); raise --budget or drop the niche."
            )
        gains = np.array([state.gain(i) for i in pool])
        evaluations += len(pool)
        best = pool[int(np.argmax(gains / c[pool]))]
        state.add(int(best), float(c[best]))
        caps.take(int(best))
        eligible[best] = False
    base, base_caps = state, caps

    greedy = base.copy()
    evaluations += _celf(greedy, c, limit, eligible, base_caps.copy())

    single = base.copy()
    single_caps = base_caps.copy()
    room = limit - single.cost
    fits = [
        int(i) for i in np.flatnonzero(eligible & (c <= room)) if not single_caps.blocked(int(i))
    ]
    if fits:
        gains = single.all_gains()[fits]
        evaluations += len(fits)
        # the largest value; among equals the cheapest, then the first
        best = min(range(len(fits)), key=lambda k: (-gains[k], c[fits[k]], fits[k]))
        pick = int(fits[best])
        single.add(pick, float(c[pick]))
        single_caps.take(pick)
        rest = eligible.copy()
        rest[pick] = False
        evaluations += _celf(single, c, limit, rest, single_caps)
    alternatives = {"cost-benefit greedy": greedy.value, "best single first": single.value}
    won, name = (greedy, "cost-benefit greedy")
    if single.value > greedy.value * (1 + 1e-12) + 1e-12:
        won, name = (single, "best single first")
    return Selection(
        np.asarray(won.chosen, dtype=np.int64),
        np.asarray(won.gains, dtype=np.float64),
        float(won.value),
        float(won.cost),
        name,
        alternatives,
        evaluations,
        time.perf_counter() - started,
    )


def _celf(
    state: _State,
    costs: npt.NDArray[np.float64],
    limit: float,
    eligible: npt.NDArray[np.bool_],
    caps: _Caps,
) -> int:
    """Extend ``state`` by the cost-benefit greedy with lazy evaluation; returns how many
    gains it evaluated."""
    candidates = np.flatnonzero(eligible & (costs <= limit - state.cost))
    if candidates.size == 0:
        return 0
    gains = state.all_gains()[candidates]
    evaluations = int(candidates.size)
    heap = [(-g / costs[i], int(i)) for g, i in zip(gains, candidates, strict=True)]
    heapq.heapify(heap)
    stamp = {int(i): 0 for i in candidates}
    round_ = 0
    while heap:
        neg_ratio, i = heapq.heappop(heap)
        if costs[i] > limit - state.cost or caps.blocked(i):
            continue  # the budget left and the caps only shrink: never eligible again
        if stamp[i] != round_:
            stamp[i] = round_
            evaluations += 1
            heapq.heappush(heap, (-state.gain(i) / costs[i], i))
            continue
        if -neg_ratio <= 0:
            break  # the best upper bound adds nothing: nothing left adds anything
        state.add(i, float(costs[i]))
        caps.take(i)
        round_ += 1
    return evaluations


def portfolio_metrics(objective: Objective, chosen: Sequence[int]) -> dict[str, float]:
    """Unique reach, expected engagements (with the objective's rates, unscaled) and the
    share of the reach counted more than once (in two or more chosen audiences, expected
    under random duplication for unseen audiences).

    >>> aud = Audiences.from_sets([[0, 1], [1, 2]], n_members=3)
    >>> portfolio_metrics(Objective(aud, rates=[0.5, 0.5]), [0, 1])
    {'reach': 3.0, 'engagements': 1.75, 'overlap': 0.3333333333333333}
    """
    a = objective.audiences
    picks = np.asarray(list(chosen), dtype=np.int64)
    times = np.zeros(a.n_members, dtype=np.int64)
    not_engaged = np.ones(a.n_members)
    for i in picks:
        times[a.row(int(i))] += 1
        not_engaged[a.row(int(i))] *= 1.0 - objective.rates[i]
    reach = float((times > 0).sum())
    twice = float((times > 1).sum())
    engagements = float((1.0 - not_engaged).sum())
    if a.pool > 0 and picks.size:
        p = a.unseen[picks] / a.pool
        none = float(np.prod(1.0 - p))
        once = sum(
            float(p[k] * np.prod(np.delete(1.0 - p, k))) for k in range(picks.size) if p[k] > 0
        )
        reach += a.pool * (1.0 - none)
        twice += a.pool * max(0.0, 1.0 - none - once)
        engagements += a.pool * (1.0 - float(np.prod(1.0 - objective.rates[picks] * p)))
    overlap = twice / reach if reach > 0 else 0.0
    return {"reach": reach, "engagements": engagements, "overlap": overlap}
