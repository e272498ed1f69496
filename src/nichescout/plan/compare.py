"""One macro vs many micros: three ways to spend the same budget, side by side.

=====================  ====================================================================
``one macro``          the single macro- or mega-tier candidate the budget affords with the
                       largest value for the goal (one creator, nothing else)
``micro portfolio``    the portfolio of micro-tier candidates only
                       (:func:`~nichescout.plan.portfolio.select_portfolio`)
``mixed portfolio``    the portfolio of every candidate, any tier
=====================  ====================================================================

Each row gives the option's cost, unique reach, expected engagements (each reached member
engages with a chosen creator at that creator's engagement rate: measured where the store
has one, else the tier's default), cost per engagement, overlap (the share of the reach in
two or more of the chosen audiences: reach paid for twice) and niche fit (the share of the
chosen creators in the target niches: those asked for, else the candidates' most common
niche; ``None`` where no candidate has a niche). An option with nothing affordable has 0
creators and no figures.

>>> from nichescout.data.toy import toy_community
>>> table = compare_portfolios(toy_community(), "toy", budget=20, goal="reach")
>>> table[["option", "creators", "cost", "unique_reach"]].to_dict("list")
{'option': ['one macro', 'micro portfolio', 'mixed portfolio'], 'creators': [0, 0, 2], 'cost': [0.0, 0.0, 20.0], 'unique_reach': [nan, nan, 4.0]}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from nichescout import settings
from nichescout._version import __version__
from nichescout.exceptions import ParameterError
from nichescout.plan.budget_portfolio import (
    build_constraints,
    check_goal,
    objective_for,
    resolve_platform,
)
from nichescout.plan.candidates import CandidateSet, load_candidates
from nichescout.plan.portfolio import Constraints, Objective, portfolio_metrics, select_portfolio

if TYPE_CHECKING:
    import pandas as pd

    from nichescout.store import Store

__all__ = ["COMPARE_COLUMNS", "OPTIONS", "compare_portfolios"]

OPTIONS = ("one macro", "micro portfolio", "mixed portfolio")
#: Tiers that count as "one macro" (one big creator).
MACRO_TIERS = ("macro", "mega")

#: The columns of the comparison, in order.
COMPARE_COLUMNS = [
    "option",
    "creators",
    "cost",
    "unique_reach",
    "expected_engagements",
    "cost_per_engagement",
    "overlap",
    "niche_fit",
    "members",
]


def _best_single(
    objective: Objective, costs: npt.NDArray[np.float64], budget: float, mask: npt.NDArray[Any]
) -> list[int]:
    fits = np.flatnonzero(mask & (costs <= budget * (1 + 1e-9)))
    if fits.size == 0:
        return []
    values = np.array([objective.value([int(i)]) for i in fits])
    best = min(range(fits.size), key=lambda k: (-values[k], costs[fits[k]], int(fits[k])))
    return [int(fits[best])]


def _portfolio(
    objective: Objective,
    costs: npt.NDArray[np.float64],
    budget: float,
    cons: Constraints,
    mask: npt.NDArray[np.bool_],
) -> list[int]:
    allowed = mask if cons.allowed is None else mask & cons.allowed
    if not (allowed & (costs <= budget * (1 + 1e-9))).any():
        return []
    pick = select_portfolio(
        objective,
        costs,
        budget,
        Constraints(allowed=allowed, caps=cons.caps),
    )
    return pick.chosen.tolist()


def _target_niches(cands: CandidateSet, niches: Sequence[str]) -> set[str] | None:
    every = [n for v in cands.frame["niches"] for n in v]
    if not every:
        return None
    if niches:
        return {n.strip().lower() for n in niches}
    return {Counter(every).most_common(1)[0][0]}


def compare_portfolios(
    store: Store,
    platform: str | None,
    budget: float | None = None,
    goal: str = "engagements",
    *,
    candidates: str | Path | Sequence[str] | None = None,
    top: int | None = None,
    profile: str | None = None,
    niches: Sequence[str] = (),
    languages: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> pd.DataFrame:
    """The three options of the module docstring for ``budget`` (default: the setting
    ``plan_compare_budget``), one row each (:data:`COMPARE_COLUMNS`), chosen for ``goal``;
    ``frame.attrs["provenance"]`` says how."""
    import pandas as pd

    check_goal(goal)
    budget = float(settings.get("plan_compare_budget")) if budget is None else float(budget)
    if not (np.isfinite(budget) and budget > 0):
        raise ParameterError(f"--budget must be a positive number, not {budget}.")
    platform = resolve_platform(store, platform)
    cands = load_candidates(store, platform, candidates=candidates, top=top, profile=profile)
    cons, said = build_constraints(store, cands, languages=languages, exclude=exclude)
    costs = cands.frame["cost"].to_numpy(dtype=np.float64)
    allowed = cons.allowed if cons.allowed is not None else np.ones(cands.n, dtype=bool)
    if not (allowed & (costs <= budget * (1 + 1e-9))).any():
        cheapest = float(costs[allowed].min()) if allowed.any() else float("nan")
        raise ParameterError(
            f"The budget {budget:,.2f} is below every candidate's cost (the cheapest costs "
            f"{cheapest:,.2f}); raise --budget or add cheaper candidates."
        )
    objective = objective_for(cands, goal)
    engaged = objective_for(cands, "engagements")
    tier = cands.frame["tier"].to_numpy(dtype=object)
    chosen = {
        "one macro": _best_single(objective, costs, budget, allowed & np.isin(tier, MACRO_TIERS)),
        "micro portfolio": _portfolio(objective, costs, budget, cons, tier == "micro"),
        "mixed portfolio": _portfolio(objective, costs, budget, cons, np.ones(cands.n, bool)),
    }
    target = _target_niches(cands, niches)
    rows = []
    for option in OPTIONS:
        picks = chosen[option]
        row: dict[str, Any] = {
            "option": option,
            "creators": len(picks),
            "cost": float(costs[picks].sum()) if picks else 0.0,
        }
        if picks:
            m = portfolio_metrics(engaged, picks)
            row["unique_reach"] = m["reach"]
            row["expected_engagements"] = m["engagements"]
            row["cost_per_engagement"] = (
                row["cost"] / m["engagements"] if m["engagements"] > 0 else float("nan")
            )
            row["overlap"] = m["overlap"]
        else:
            row.update(
                unique_reach=float("nan"),
                expected_engagements=float("nan"),
                cost_per_engagement=float("nan"),
                overlap=float("nan"),
            )
        row["niche_fit"] = (
            float(np.mean([bool(target & set(cands.frame["niches"].iloc[i])) for i in picks]))
            if target is not None and picks
            else None
        )
        row["members"] = ";".join(str(cands.frame["member_id"].iloc[i]) for i in picks)
        rows.append(row)
    frame = pd.DataFrame(rows, columns=COMPARE_COLUMNS)
    frame.attrs["provenance"] = {
        "method": "one macro vs micro vs mixed (budgeted greedy (CELF) + best single)",
        "goal": goal,
        "budget": budget,
        "platform": platform,
        "candidates": cands.source,
        "candidate_count": cands.n,
        "scale": cands.scale,
        "tiers": {str(k): int(v) for k, v in cands.frame["tier"].value_counts().items()},
        "niches": sorted(target) if target is not None else None,
        "constraints": ", ".join(f"{k}={v}" for k, v in said.items() if v and k != "random_state")
        or "",
        "random_state": None,
        "version": __version__,
    }
    return frame
