"""``nichescout plan portfolio`` and ``plan compare``: whom to activate for a budget.

``portfolio`` chooses creators whose audiences together reach or engage the most for the
budget; ``compare`` puts one macro creator, a micro portfolio and a mixed portfolio side by
side. Both are thin shells over :mod:`nichescout.plan` (registered on ``plan`` in
:mod:`nichescout.cli.app`).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from nichescout.cli.common import (
    DEFAULT_DB_PATH,
    DbOption,
    DebugOption,
    FormatOption,
    err_console,
    handle_errors,
)
from nichescout.cli.output import OutputFormat, emit

# pandas and NumPy load inside the commands (tests/cli/test_lazy_imports.py).

__all__ = ["COMPARE_PROVENANCE", "PORTFOLIO_PROVENANCE", "compare", "portfolio"]

#: Provenance fields that csv and json carry as columns (the same on every row).
PORTFOLIO_PROVENANCE = [
    "method",
    "alternative",
    "goal",
    "budget",
    "candidates",
    "cost_source",
    "constraints",
    "random_state",
    "version",
]
COMPARE_PROVENANCE = ["method", "goal", "budget", "candidates", "random_state", "version"]

PlatformOption = Annotated[
    str | None,
    typer.Option("--platform", help="The platform to plan on (default: the store's only one)."),
]
GoalOption = Annotated[
    str,
    typer.Option(
        "--goal",
        help="What to maximise: reach (distinct audience members), engagements (expected, "
        "from each creator's engagement rate) or conversions (engagements × the setting "
        "plan_conversion_rate).",
    ),
]
CandidatesOption = Annotated[
    Path | None,
    typer.Option(
        "--candidates",
        help="A CSV naming candidates by member_id or handle, with optional cost, niche, "
        "language and engagement_rate columns; or one id or handle per line. Default: "
        "every member with an audience.",
    ),
]
TopOption = Annotated[
    int | None,
    typer.Option("--top", help="Candidates: the top N of `rank` (instead of --candidates)."),
]
ProfileOption = Annotated[
    str | None,
    typer.Option("--profile", help="With --top: the ranking's profile (default community)."),
]
NicheOption = Annotated[
    list[str] | None,
    typer.Option("--niche", help="A niche to cover: at least one creator in it (repeatable)."),
]
LanguageOption = Annotated[
    list[str] | None,
    typer.Option("--language", help="Only creators with this language (repeatable)."),
]
ExcludeOption = Annotated[
    list[str] | None,
    typer.Option("--exclude", help="Never choose this member_id or handle (repeatable)."),
]


def _parse_tier_caps(values: list[str] | None) -> int | dict[str, int] | None:
    """``["3"]`` → 3 (every tier); ``["micro=5", "macro=1"]`` → a cap per tier."""
    from nichescout.exceptions import ParameterError

    if not values:
        return None
    caps: dict[str, int] = {}
    for value in values:
        tier, _, number = value.rpartition("=")
        try:
            cap = int(number)
        except ValueError:
            raise ParameterError(
                f"--max-per-tier takes N or TIER=N (e.g. micro=5), not {value!r}."
            ) from None
        if not tier:
            if len(values) > 1:
                raise ParameterError("--max-per-tier N caps every tier; give it once.")
            return cap
        caps[tier.strip().lower()] = cap
    return caps


def _check_budget(budget: float | None) -> None:
    from nichescout.exceptions import ParameterError

    if budget is not None and not (math.isfinite(budget) and budget > 0):
        raise ParameterError(f"--budget must be a positive number, not {budget}.")


def _summary(prov: dict[str, Any]) -> str:
    alternatives = ", ".join(f"{k} {v:,.1f}" for k, v in prov["alternatives"].items())
    text = (
        f"{prov['method']} for {prov['goal']} on {prov['platform']}: value "
        f"{prov['value']:,.1f} for {prov['spent']:,.2f} of the budget {prov['budget']:,.2f} "
        f"(kept: {prov['alternative']}; {alternatives}); {prov['candidate_count']:,} "
        f"candidates ({prov['candidates']}), audience scale {prov['scale']}, costs: "
        f"{prov['cost_source']}, engagement rates: {prov['rate_source']}"
    )
    if prov["constraints"]:
        text += f"; constraints {prov['constraints']}"
    if prov["communities"] is not None:
        text += f" ({prov['communities']} communities, random_state {prov['random_state']})"
    text += f"; guarantee: {prov['guarantee']}; nichescout {prov['version']}, {prov['seconds']} s"
    return text


@handle_errors
def portfolio(
    budget: Annotated[float, typer.Option("--budget", help="What the portfolio may cost.")],
    platform: PlatformOption = None,
    db: DbOption = DEFAULT_DB_PATH,
    goal: GoalOption = "engagements",
    candidates: CandidatesOption = None,
    top: TopOption = None,
    profile: ProfileOption = None,
    niche: NicheOption = None,
    language: LanguageOption = None,
    max_per_tier: Annotated[
        list[str] | None,
        typer.Option(
            "--max-per-tier",
            help="At most N creators per tier (N), or in one tier (TIER=N, repeatable).",
        ),
    ] = None,
    include: Annotated[
        list[str] | None,
        typer.Option("--include", help="Always choose this member_id or handle (repeatable)."),
    ] = None,
    exclude: ExcludeOption = None,
    max_per_community: Annotated[
        int | None,
        typer.Option(
            "--max-per-community",
            help="Diversity: at most N creators per sub-community (Louvain communities of "
            "the interaction graph).",
        ),
    ] = None,
    random_state: Annotated[
        int | None,
        typer.Option(
            "--random-state",
            help="Seed of the community detection of --max-per-community (default: drawn).",
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    debug: DebugOption = False,
) -> None:
    """Choose creators for a budget so that their audiences, together, reach the most.

    Greedy by marginal gain per cost with lazy evaluation (CELF), against the best single
    affordable creator first; the better is kept, within ½(1 − 1/e) of the optimum without
    constraints (Khuller, Moss and Naor 1999). Audiences overlap: a member reached twice
    counts once. Prints rank (pick order), member_id, handle, display_name, tier, audience,
    engagement_rate, cost, marginal_gain, cumulative_value and cumulative_cost; csv and json
    add the provenance columns method, alternative, goal, budget, candidates, cost_source,
    constraints, random_state and version. Costs come from the candidates file or the rate
    card (setting plan_rate_card); see docs/planner.md.

    Example: nichescout plan portfolio --db twitch.duckdb --platform twitch:DE --budget 5000 --goal reach --max-per-tier mega=0 -f csv
    """
    from nichescout.exceptions import ParameterError
    from nichescout.plan import plan_portfolio
    from nichescout.store import Store

    _check_budget(budget)
    if random_state is not None and random_state < 0:
        raise ParameterError(f"--random-state must be 0 or more, not {random_state}.")
    caps = _parse_tier_caps(max_per_tier)
    with Store(db, read_only=True) as store:
        plan = plan_portfolio(
            store,
            platform,
            budget,
            goal,
            candidates=candidates,
            top=top,
            profile=profile,
            niches=niche or (),
            languages=language or (),
            max_per_tier=caps,
            include=include or (),
            exclude=exclude or (),
            max_per_community=max_per_community,
            random_state=random_state,
        )
    prov = plan.attrs["provenance"]
    for column in ("engagement_rate", "cost", "marginal_gain", "cumulative_value"):
        plan[column] = plan[column].round(4)
    plan["cumulative_cost"] = plan["cumulative_cost"].round(2)
    if fmt == OutputFormat.table:
        emit(plan, fmt, title=f"Portfolio for {prov['platform']} ({prov['goal']})")
        Console().print(_summary(prov), highlight=False, markup=False, soft_wrap=True)
        return
    for column in PORTFOLIO_PROVENANCE:
        plan[column] = prov[column]
    emit(plan, fmt)
    err_console.print(_summary(prov), highlight=False, markup=False, soft_wrap=True)


def _table_view(frame: Any) -> Any:
    """The comparison for people: money, counts and shares formatted, '—' where none."""
    import pandas as pd

    def fmt(value: Any, spec: str) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "—"
        return format(value, spec)

    return pd.DataFrame(
        {
            "option": frame["option"],
            "creators": frame["creators"],
            "cost": [fmt(v, ",.2f") for v in frame["cost"]],
            "unique_reach": [fmt(v, ",.0f") for v in frame["unique_reach"]],
            "expected_engagements": [fmt(v, ",.1f") for v in frame["expected_engagements"]],
            "cost_per_engagement": [fmt(v, ",.2f") for v in frame["cost_per_engagement"]],
            "overlap": [fmt(v, ".1%") for v in frame["overlap"]],
            "niche_fit": [fmt(v, ".0%") for v in frame["niche_fit"]],
        }
    )


@handle_errors
def compare(
    budget: Annotated[
        float | None,
        typer.Option("--budget", help="The budget of every option (default 10,000)."),
    ] = None,
    platform: PlatformOption = None,
    db: DbOption = DEFAULT_DB_PATH,
    goal: GoalOption = "engagements",
    candidates: CandidatesOption = None,
    top: TopOption = None,
    profile: ProfileOption = None,
    niche: Annotated[
        list[str] | None,
        typer.Option(
            "--niche",
            help="Target niche of the niche_fit column (repeatable; default: the candidates' "
            "most common niche).",
        ),
    ] = None,
    language: LanguageOption = None,
    exclude: ExcludeOption = None,
    fmt: FormatOption = OutputFormat.table,
    debug: DebugOption = False,
) -> None:
    """One macro vs many micros: the same budget spent three ways, side by side.

    Rows: the best single macro (or mega) creator the budget affords, the best portfolio of
    micro creators only, and the best mixed portfolio. Columns: option, creators, cost,
    unique_reach, expected_engagements, cost_per_engagement, overlap (share of the reach in
    two or more chosen audiences), niche_fit (share of creators in the target niche; — when
    no candidate has a niche) and members; csv and json add method, goal, budget,
    candidates, random_state and version.

    Example: nichescout plan compare --budget 10000 --db twitch.duckdb --platform twitch:DE
    """
    from nichescout.plan import compare_portfolios
    from nichescout.store import Store

    _check_budget(budget)
    with Store(db, read_only=True) as store:
        table = compare_portfolios(
            store,
            platform,
            budget,
            goal,
            candidates=candidates,
            top=top,
            profile=profile,
            niches=niche or (),
            languages=language or (),
            exclude=exclude or (),
        )
    prov = table.attrs["provenance"]
    tiers = ", ".join(f"{k} {v:,}" for k, v in prov["tiers"].items())
    summary = (
        f"Budget {prov['budget']:,.2f} on {prov['platform']}, chosen for {prov['goal']}: "
        f"{prov['candidate_count']:,} candidates ({prov['candidates']}; {tiers}; audience "
        f"scale {prov['scale']})"
        + (f"; niche fit: share in {', '.join(prov['niches'])}" if prov["niches"] else "")
        + f"; nichescout {prov['version']}"
    )
    if fmt == OutputFormat.table:
        emit(_table_view(table), fmt, title="One macro vs many micros")
        Console().print(summary, highlight=False, markup=False, soft_wrap=True)
        return
    for column in COMPARE_PROVENANCE:
        table[column] = prov[column]
    emit(table, fmt)
    err_console.print(summary, highlight=False, markup=False, soft_wrap=True)
