"""``nichescout plan``: whom to activate. ``plan seeds`` chooses influence-maximising seeds."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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

# pandas, NumPy and Numba load inside the command (tests/cli/test_lazy_imports.py).

__all__ = ["BUDGET_PROVENANCE_COLUMNS", "PROVENANCE_COLUMNS", "plan_app", "seeds"]

plan_app = typer.Typer(
    help="Plan whom to activate: influence-maximising seeds on the interaction graph, or "
    "creators for a budget (portfolio) and one macro vs many micros (compare).",
    no_args_is_help=True,
)

#: Provenance fields that csv and json carry as columns (the same on every row).
PROVENANCE_COLUMNS = ["method", "model", "probability", "epsilon", "ell", "random_state", "version"]
#: What a plan under --budget adds to them.
BUDGET_PROVENANCE_COLUMNS = ["budget", "costs", "selection"]


@plan_app.command("seeds")
@handle_errors
def seeds(
    platform: Annotated[
        str, typer.Option("--platform", help="The platform whose interaction graph to use.")
    ],
    db: DbOption = DEFAULT_DB_PATH,
    k: Annotated[
        int | None, typer.Option("--k", "-k", help="Seeds to choose (default: setting plan_k).")
    ] = None,
    model: Annotated[
        str, typer.Option("--model", help="Diffusion model: ic (independent cascade) or lt.")
    ] = "ic",
    probability: Annotated[
        str,
        typer.Option(
            "--probability",
            help="Edge probabilities: weight (each interaction's stored value), wc "
            "(1/in-degree), const:P, or learned (the share of the author's posts the other "
            "member reshared or replied to, Goyal et al. 2010; edges run author → propagator).",
        ),
    ] = "wc",
    epsilon: Annotated[
        float | None,
        typer.Option("--epsilon", help="IMM's ε: spread ≥ (1 − 1/e − ε)·optimum (default 0.1)."),
    ] = None,
    ell: Annotated[
        float | None,
        typer.Option("--ell", help="IMM's ℓ: the guarantee holds with probability 1 − 1/n^ℓ."),
    ] = None,
    random_state: Annotated[
        int | None,
        typer.Option("--random-state", help="Seed of every random draw (default: drawn, shown)."),
    ] = None,
    budget: Annotated[
        float | None,
        typer.Option(
            "--budget",
            help="Choose seeds whose costs add up to at most this, instead of --k (modified "
            "greedy on RR sets: best spread per cost, or the best single affordable seed).",
        ),
    ] = None,
    costs: Annotated[
        Path | None,
        typer.Option(
            "--costs",
            help="With --budget: a CSV file member_id,cost giving every member a cost >= 0.",
        ),
    ] = None,
    cost: Annotated[
        float | None,
        typer.Option(
            "--cost", help="With --budget: one cost for every member (default: plan_member_cost)."
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    debug: DebugOption = False,
) -> None:
    """Choose the k members whose activation spreads furthest (IMM, Tang et al. 2015).

    Prints rank, member_id, handle, display_name, marginal_spread (the expected members it
    adds, by reverse-reachable sets) and spread (the total so far); csv and json add the
    provenance columns method, model, probability, epsilon, ell, random_state and version.

    With --budget B (and --costs FILE or --cost C) the seeds' costs add up to at most B
    instead: the plan adds cost and spent (the running total), its provenance budget, costs
    and selection (greedy or best single); spread ≥ (1 − 1/√e − ε)·optimum.

    Example: nichescout plan seeds --db hep.duckdb --platform graph:jxshang_NetHEPT --k 50 --model ic --probability weight --epsilon 0.1 --random-state 1 -f csv

    Example: nichescout plan seeds --db hep.duckdb --platform graph:jxshang_NetHEPT --budget 500 --costs costs.csv
    """
    from nichescout.exceptions import ParameterError
    from nichescout.plan import choose_seeds
    from nichescout.store import Store

    if model not in ("ic", "lt"):
        raise ParameterError(f"--model must be ic or lt, not {model!r}.")
    if k is not None and k < 1:
        raise ParameterError(f"--k must be 1 or more (seeds to choose), not {k}.")
    if epsilon is not None and not 0 < epsilon < 1:
        raise ParameterError(f"--epsilon must lie strictly between 0 and 1, not {epsilon}.")
    if ell is not None and not ell > 0:
        raise ParameterError(f"--ell must be above 0, not {ell}.")
    if random_state is not None and random_state < 0:
        raise ParameterError(f"--random-state must be 0 or more, not {random_state}.")
    if budget is None and (costs is not None or cost is not None):
        raise ParameterError("--costs and --cost go with --budget; add --budget B.")
    if budget is not None:
        if k is not None:
            raise ParameterError(
                "Give --k (a number of seeds) or --budget (a total cost), not both."
            )
        _budget_seeds(db, platform, budget, costs, cost, model, probability, epsilon, ell,
                      random_state, fmt)  # fmt: skip
        return
    with Store(db, read_only=True) as store:
        plan = choose_seeds(
            store,
            platform,
            k=k,
            model=model,  # type: ignore[arg-type]
            probability=probability,
            epsilon=epsilon,
            random_state=random_state,
            ell=ell,
        )
    prov = plan.attrs["provenance"]
    plan["marginal_spread"] = plan["marginal_spread"].round(3)
    plan["spread"] = plan["spread"].round(3)
    summary = (
        f"{prov['method']} ({prov['model']}, probability {prov['probability']}, "
        f"ε = {prov['epsilon']}, ℓ = {prov['ell']}, random_state {prov['random_state']}, "
        f"nichescout {prov['version']}): {prov['rr_sets']:,} RR sets over {prov['members']:,} "
        f"members and {prov['edges']:,} edges, {prov['seconds']} s"
    )
    if prov["lt_scaled_nodes"]:
        summary += (
            f"; {prov['lt_scaled_nodes']} members received LT weights summing above 1, scaled to 1"
        )
    if fmt == OutputFormat.table:
        emit(plan, fmt, title=f"Seeds for {platform}")
        Console().print(summary, highlight=False, markup=False, soft_wrap=True)
        return
    for column in PROVENANCE_COLUMNS:
        plan[column] = prov[column]
    emit(plan, fmt)
    err_console.print(summary, highlight=False, markup=False, soft_wrap=True)


def _budget_seeds(
    db: Path,
    platform: str,
    budget: float,
    costs: Path | None,
    cost: float | None,
    model: str,
    probability: str,
    epsilon: float | None,
    ell: float | None,
    random_state: int | None,
    fmt: OutputFormat,
) -> None:
    """``plan seeds --budget``: the budgeted plan, printed like the k-seed plan."""
    from nichescout.plan.budget_seeds import choose_budget_seeds
    from nichescout.store import Store

    with Store(db, read_only=True) as store:
        plan = choose_budget_seeds(
            store,
            platform,
            budget,
            costs=costs,
            cost=cost,
            model=model,  # type: ignore[arg-type]
            probability=probability,
            epsilon=epsilon,
            random_state=random_state,
            ell=ell,
        )
    prov = plan.attrs["provenance"]
    for column in ("marginal_spread", "spread"):
        plan[column] = plan[column].round(3)
    summary = (
        f"{prov['method']} ({prov['selection']}; {prov['model']}, probability "
        f"{prov['probability']}, ε = {prov['epsilon']}, ℓ = {prov['ell']}, random_state "
        f"{prov['random_state']}, nichescout {prov['version']}): {len(plan)} seeds costing "
        f"{prov['spent']:,.6g} of the budget {prov['budget']:,.6g} (costs: {prov['costs']}; at "
        f"most {prov['max_seeds']:,} affordable); {prov['rr_sets']:,} RR sets over "
        f"{prov['members']:,} members and {prov['edges']:,} edges, {prov['seconds']} s"
    )
    if fmt == OutputFormat.table:
        emit(plan, fmt, title=f"Seeds for {platform} under a budget of {budget:,.6g}")
        Console().print(summary, highlight=False, markup=False, soft_wrap=True)
        return
    for column in PROVENANCE_COLUMNS + BUDGET_PROVENANCE_COLUMNS:
        plan[column] = prov[column]
    emit(plan, fmt)
    err_console.print(summary, highlight=False, markup=False, soft_wrap=True)
