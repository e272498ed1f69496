"""``nichescout discover``: creators for a brand, filtered and ranked, each with the why."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
from nichescout.cli.rank_cmd import SinceOption, UntilOption, parse_window

if TYPE_CHECKING:
    import pandas as pd

# pandas and the scoring stack load inside the command (tests/cli/test_lazy_imports.py).

__all__ = ["TABLE_COLUMNS", "discover", "table_view"]

#: The columns the table format shows (csv and json carry every column of DISCOVER_COLUMNS).
TABLE_COLUMNS = [
    "rank",
    "platform",
    "handle",
    "tier",
    "followers",
    "niche",
    "engagement",
    "fake_share",
    "disclosure",
    "score",
    "why",
]


class Disclosure(StrEnum):
    any = "any"
    required = "required"


def table_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns people read, with rates as percentages and shares in words."""
    out = frame[TABLE_COLUMNS].copy()
    out["engagement"] = [
        "—" if v != v else f"{100 * v:.2f}%" for v in frame["engagement"].astype(float)
    ]
    out["fake_share"] = [
        "unknown" if v != v else f"{v:.0%}" for v in frame["fake_share"].astype(float)
    ]
    out["disclosure"] = [
        "none sponsored" if not s else f"{c}/{s} clear ({c / s:.0%})"
        for s, c in zip(frame["sponsored_posts"], frame["clearly_disclosed"], strict=True)
    ]
    out["followers"] = ["—" if v != v else f"{int(v):,}" for v in frame["followers"].astype(float)]
    return out


@handle_errors
def discover(
    db: DbOption = DEFAULT_DB_PATH,
    niche: Annotated[
        str | None,
        typer.Option(
            "--niche",
            help="Only creators in this niche: their stored niche, else the first niche "
            "labelled from their bio, captions and hashtags — the niche of their cohort "
            "(nichescout niches --list names them).",
        ),
    ] = None,
    tier: Annotated[
        str | None,
        typer.Option(
            "--tier", help="Only this tier: nano, micro, macro, mega, or core-micro (5K–50K)."
        ),
    ] = None,
    min_engagement: Annotated[
        float | None,
        typer.Option(
            "--min-engagement",
            help="Only creators whose median engagement rate per follower over their last "
            "posts is at least this (0.02 = 2%).",
        ),
    ] = None,
    max_fake_share: Annotated[
        float | None,
        typer.Option(
            "--max-fake-share",
            help="Drop creators whose audience's estimated fake share is above this (0.25 = "
            "25%); creators whose share is unknown are kept and marked unknown.",
        ),
    ] = None,
    require_audience_check: Annotated[
        bool,
        typer.Option(
            "--require-audience-check",
            help="Drop creators whose audience fake share cannot be estimated.",
        ),
    ] = False,
    disclosure: Annotated[
        Disclosure,
        typer.Option(
            "--disclosure",
            help="required: drop creators whose sponsored posts are not all clearly disclosed "
            "(setting discover_min_clear_share); any: keep them.",
        ),
    ] = Disclosure.any,
    top: Annotated[
        int | None,
        typer.Option("--top", "-n", help="How many creators (default: setting discover_top)."),
    ] = None,
    platform: Annotated[
        str | None, typer.Option("--platform", help="Only this platform (default: every one).")
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    taxonomy: Annotated[
        Path | None,
        typer.Option("--taxonomy", help="A TOML file of niches read on top of the default one."),
    ] = None,
    fit: Annotated[
        bool,
        typer.Option(
            "--fit",
            help="Fit the creator profile's weights on each platform's past (as rank does) "
            "instead of its prior weights.",
        ),
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    debug: DebugOption = False,
) -> None:
    """Find creators for a brand: filter by niche, tier, engagement, audience authenticity
    and disclosure record; rank with the creator profile; say why.

    Example: nichescout discover --niche beauty --tier micro --min-engagement 0.02
    --max-fake-share 0.25 --disclosure required --top 50 --db creators.duckdb

    csv and json carry every column (docs/creators.md); the table shows the main ones. An
    empty result is an error naming what each filter removed.
    """
    from nichescout.creators.discover import discover as find
    from nichescout.creators.discover import funnel_words
    from nichescout.store import Store

    start, end = parse_window(since, until)
    with Store(db, read_only=True) as store:
        found = find(
            store,
            niche=niche,
            tier=tier,
            min_engagement=min_engagement,
            max_fake_share=max_fake_share,
            disclosure=disclosure.value,
            require_audience_check=require_audience_check,
            top=top,
            platform=platform,
            since=start,
            until=end,
            taxonomy=taxonomy,
            fit=fit,
        )
    profile = "creator profile" + (", fitted" if fit else "")
    if fmt == OutputFormat.table:
        emit(table_view(found), fmt, title=f"Creators ({profile})")
    else:
        emit(found, fmt)
    console = Console() if fmt == OutputFormat.table else err_console
    lines = [funnel_words(found.attrs["funnel"])]
    lines += [f"{name}: {how}" for name, how in found.attrs["fits"].items()]
    for line in lines:
        console.print(line, highlight=False, markup=False, soft_wrap=True)
