"""``plan_portfolio``: whom to activate on a platform for a budget, and what to expect.

Candidates come from the store (:mod:`nichescout.plan.candidates`: audiences, costs by the
rate card, engagement rates); the goal picks the objective of
:mod:`nichescout.plan.portfolio`:

===============  ==========================================================================
``reach``        distinct members in the union of the chosen audiences
``engagements``  expected distinct members who engage: each reached member engages with a
                 chosen creator at that creator's engagement rate, independently
``conversions``  expected engagements × the setting ``plan_conversion_rate``
===============  ==========================================================================

and :func:`~nichescout.plan.portfolio.select_portfolio` chooses (cost-benefit greedy or best
single, lazily evaluated; within ½(1 − 1/e) of the optimum without constraints). Constraints:
niches to cover (each gets at least one creator), languages (only creators speaking one),
at most N per tier, must-include and exclude lists, and at most N per sub-community
(Louvain communities of the platform's interaction graph, seeded by ``random_state``).

On the toy community every audience costs 10 (the peers card's nano fee); Ann reaches Bob,
Cat and Dan; then Bob (reaching Ann) and Cat (Ann and Dan, already reached) add 1 each, and
the first in order wins the tie:

>>> from nichescout.data.toy import toy_community
>>> plan = plan_portfolio(toy_community(), "toy", budget=20, goal="reach")
>>> plan[["rank", "member_id", "cost", "marginal_gain", "cumulative_value"]].to_dict("list")
{'rank': [1, 2], 'member_id': ['ann', 'bob'], 'cost': [10.0, 10.0], 'marginal_gain': [3.0, 1.0], 'cumulative_value': [3.0, 4.0]}
>>> plan.attrs["provenance"]["alternative"]
'cost-benefit greedy'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from nichescout import settings
from nichescout._version import __version__
from nichescout.exceptions import ParameterError
from nichescout.plan.candidates import CandidateSet, load_candidates, match_members
from nichescout.plan.portfolio import Constraints, Objective, Selection, select_portfolio

if TYPE_CHECKING:
    import pandas as pd

    from nichescout.store import Store

__all__ = [
    "GOALS",
    "PORTFOLIO_COLUMNS",
    "PORTFOLIO_METHOD",
    "build_constraints",
    "objective_for",
    "plan_portfolio",
    "resolve_platform",
]

Goal = Literal["reach", "engagements", "conversions"]
GOALS: tuple[str, ...] = ("reach", "engagements", "conversions")

#: The columns of a portfolio, in order.
PORTFOLIO_COLUMNS = [
    "rank",
    "member_id",
    "handle",
    "display_name",
    "tier",
    "audience",
    "engagement_rate",
    "cost",
    "marginal_gain",
    "cumulative_value",
    "cumulative_cost",
]

PORTFOLIO_METHOD = "budgeted greedy (CELF) + best single"
GUARANTEE = "value >= (1 - 1/e)/2 = 0.316 x optimum"


def resolve_platform(store: Store, platform: str | None) -> str:
    """``platform``, or the store's only platform when none is given."""
    if platform is not None:
        store.check_platform(platform)
        return platform
    platforms = store.platforms()
    if len(platforms) == 1:
        return platforms[0]
    if not platforms:
        raise ParameterError("The store is empty: import a community with `nichescout ingest`.")
    raise ParameterError(
        f"The store holds {len(platforms)} platforms ({', '.join(platforms)}); choose one "
        "with --platform."
    )


def check_goal(goal: str) -> None:
    """A one-line error unless ``goal`` is one of :data:`GOALS`."""
    if goal not in GOALS:
        raise ParameterError(f"--goal must be one of {', '.join(GOALS)}, not {goal!r}.")


def objective_for(cands: CandidateSet, goal: str) -> Objective:
    """The objective of ``goal`` over the candidates' audiences."""
    check_goal(goal)
    if goal == "reach":
        return Objective(cands.audiences)
    rates = cands.frame["engagement_rate"].to_numpy(dtype=np.float64)
    scale = float(settings.get("plan_conversion_rate")) if goal == "conversions" else 1.0
    return Objective(cands.audiences, rates, scale)


def _language_ok(language: Any, wanted: set[str]) -> bool:
    if not isinstance(language, str):
        return False
    return language in wanted or language.split("-")[0] in wanted


def _communities(store: Store, cands: CandidateSet, seed: int) -> npt.NDArray[np.int64]:
    from nichescout.graph import detect_communities
    from nichescout.graph.interaction_graph import interaction_graph

    graph = interaction_graph(store.con, cands.platform)
    labels = detect_communities(
        graph.adjacency, float(settings.get("community_resolution")), random_state=seed
    )
    by_key = dict(zip(graph.member_keys.tolist(), labels.tolist(), strict=True))
    return np.array([by_key.get(int(k), -1) for k in cands.frame["member_key"]], dtype=np.int64)


def build_constraints(
    store: Store,
    cands: CandidateSet,
    *,
    niches: Sequence[str] = (),
    languages: Sequence[str] = (),
    max_per_tier: int | Mapping[str, int] | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    max_per_community: int | None = None,
    random_state: int | None = None,
    allowed: npt.NDArray[np.bool_] | None = None,
) -> tuple[Constraints, dict[str, Any]]:
    """The :class:`Constraints` of the options, and what they were (for the provenance)."""
    frame = cands.frame
    n = len(frame)
    ok = np.ones(n, dtype=bool) if allowed is None else allowed.copy()
    said: dict[str, Any] = {}
    if languages:
        if frame["language"].isna().all():
            raise ParameterError(
                f"--language needs the candidates' languages, and none of {cands.platform} "
                "has one (members.language, or a language column in the candidates file)."
            )
        wanted = {lang.strip().lower() for lang in languages}
        ok &= np.array([_language_ok(v, wanted) for v in frame["language"]], dtype=bool)
        said["languages"] = sorted(wanted)
    forced = match_members(frame, include, cands.platform, "--include")
    dropped = match_members(frame, exclude, cands.platform, "--exclude")
    if set(forced) & set(dropped):
        raise ParameterError("A member is both in --include and --exclude; keep one.")
    ok[dropped] = False
    if include:
        said["include"] = [str(frame["member_id"].iloc[k]) for k in forced]
    if exclude:
        said["exclude"] = [str(frame["member_id"].iloc[k]) for k in dropped]
    cover: list[npt.NDArray[np.bool_]] = []
    if niches:
        if not any(frame["niches"]):
            raise ParameterError(
                f"--niche needs the candidates' niches, and none of {cands.platform} has one "
                "(members.attributes niche/niches, or a niche column in the candidates file)."
            )
        names = list(dict.fromkeys(v.strip().lower() for v in niches))
        for name in names:
            mask = np.array([name in v for v in frame["niches"]], dtype=bool)
            if not (mask & ok).any() and not any(mask[k] for k in forced):
                known = sorted({x for v in frame["niches"] for x in v})
                raise ParameterError(
                    f"No candidate is in niche {name!r}; the candidates' niches are "
                    f"{', '.join(known[:20])}{' …' if len(known) > 20 else ''}."
                )
            cover.append(mask)
        said["niches"] = names
    caps: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]] = []
    if max_per_tier is not None:
        order = list(dict.fromkeys(frame["tier"].dropna()))
        limits = (
            dict.fromkeys(order, int(max_per_tier))
            if isinstance(max_per_tier, int)
            else {str(k): int(v) for k, v in max_per_tier.items()}
        )
        known_tiers = {name for bounds in settings.TIERS.values() for name, _ in bounds}
        for tier, cap in limits.items():
            if tier not in known_tiers:
                raise ParameterError(
                    f"--max-per-tier names tier {tier!r}; tiers are "
                    f"{', '.join(sorted(known_tiers))}."
                )
            if cap < 0:
                raise ParameterError(f"--max-per-tier {tier}={cap}: a cap must be 0 or more.")
        tiers = sorted(limits)
        labels = np.array(
            [tiers.index(t) if t in limits else -1 for t in frame["tier"]], dtype=np.int64
        )
        caps.append((labels, np.array([limits[t] for t in tiers], dtype=np.int64)))
        said["max_per_tier"] = limits
    seed = None
    if max_per_community is not None:
        from nichescout.plan.seeds import resolve_random_state

        if max_per_community < 1:
            raise ParameterError(f"--max-per-community must be 1 or more, not {max_per_community}.")
        seed = resolve_random_state(random_state)
        labels = _communities(store, cands, seed)
        top = int(labels.max(initial=-1)) + 1
        caps.append((labels, np.full(top, int(max_per_community), dtype=np.int64)))
        said["max_per_community"] = int(max_per_community)
        said["communities"] = int(np.unique(labels[labels >= 0]).size)
    said["random_state"] = seed if seed is not None else random_state
    cons = Constraints(
        allowed=ok,
        forced=tuple(forced),
        caps=tuple(caps),
        cover=tuple(cover),
        cover_names=tuple(said.get("niches", ())),
    )
    return cons, said


def describe(said: Mapping[str, Any]) -> str:
    """The constraints in one line for csv/json (``''`` when none)."""
    parts = []
    for key, value in said.items():
        if key in ("random_state", "communities") or value is None:
            continue
        if isinstance(value, Mapping):
            value = ",".join(f"{k}:{v}" for k, v in value.items())
        elif isinstance(value, list | tuple):
            value = ",".join(map(str, value))
        parts.append(f"{key}={value}")
    return "; ".join(parts)


def selection_frame(cands: CandidateSet, pick: Selection) -> pd.DataFrame:
    """One row per chosen candidate, in pick order (:data:`PORTFOLIO_COLUMNS`)."""
    import pandas as pd

    rows = cands.frame.iloc[pick.chosen].reset_index(drop=True)
    return pd.DataFrame(
        {
            "rank": np.arange(1, pick.chosen.size + 1),
            "member_id": rows["member_id"],
            "handle": rows["handle"],
            "display_name": rows["display_name"],
            "tier": rows["tier"],
            "audience": rows["audience"].astype(np.int64),
            "engagement_rate": rows["engagement_rate"],
            "cost": rows["cost"],
            "marginal_gain": pick.gains,
            "cumulative_value": np.cumsum(pick.gains),
            "cumulative_cost": np.cumsum(rows["cost"].to_numpy(dtype=np.float64)),
        }
    )


def plan_portfolio(
    store: Store,
    platform: str | None,
    budget: float,
    goal: Goal | str = "engagements",
    *,
    candidates: str | Path | Sequence[str] | None = None,
    top: int | None = None,
    profile: str | None = None,
    niches: Sequence[str] = (),
    languages: Sequence[str] = (),
    max_per_tier: int | Mapping[str, int] | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    max_per_community: int | None = None,
    random_state: int | None = None,
) -> pd.DataFrame:
    """The portfolio of ``platform`` for ``budget``, one row per creator in pick order
    (:data:`PORTFOLIO_COLUMNS`); ``frame.attrs["provenance"]`` says how it was made.

    ``marginal_gain`` is what each creator added to those picked before it, in the goal's
    unit; ``cumulative_value`` and ``cumulative_cost`` add them up. Candidates: ``candidates``
    (a file or a list of ids/handles), else the ``top`` of a ranking by ``profile``, else
    every member with an audience (see :mod:`nichescout.plan.candidates`).
    """
    check_goal(goal)
    platform = resolve_platform(store, platform)
    cands = load_candidates(
        store, platform, candidates=candidates, top=top, profile=profile, include=include
    )
    cons, said = build_constraints(
        store,
        cands,
        niches=niches,
        languages=languages,
        max_per_tier=max_per_tier,
        include=include,
        exclude=exclude,
        max_per_community=max_per_community,
        random_state=random_state,
    )
    objective = objective_for(cands, goal)
    pick = select_portfolio(objective, cands.frame["cost"].to_numpy(), float(budget), cons)
    frame = selection_frame(cands, pick)
    unconstrained = not (cons.forced or cons.caps or cons.cover)
    frame.attrs["provenance"] = {
        "method": PORTFOLIO_METHOD,
        "alternative": pick.method,
        "goal": goal,
        "budget": float(budget),
        "platform": platform,
        "candidates": cands.source,
        "candidate_count": cands.n,
        "scale": cands.scale,
        "cost_source": _counts(cands.frame["cost_source"]),
        "rate_source": _counts(cands.frame["rate_source"]),
        "constraints": describe(said),
        "random_state": said.get("random_state"),
        "communities": said.get("communities"),
        "version": __version__,
        "value": round(pick.value, 6),
        "spent": round(pick.cost, 6),
        "alternatives": {k: round(v, 6) for k, v in pick.alternatives.items()},
        "guarantee": GUARANTEE if unconstrained else "none stated (constraints apply)",
        "unseen_pool": cands.audiences.pool,
        "evaluations": pick.evaluations,
        "seconds": round(pick.seconds, 3),
    }
    return frame


def _counts(column: pd.Series) -> str:
    """``'given 3, rate card 12'``: how many candidates had each source."""
    counts = column.value_counts()
    return ", ".join(f"{k} {int(v)}" for k, v in sorted(counts.items()))
