"""``nichescout report``: the self-contained HTML report of who matters, and why."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nichescout.cli.common import DEFAULT_DB_PATH, DbOption, DebugOption, err_console, handle_errors
from nichescout.cli.rank_cmd import (
    PlatformOption,
    ProfileOption,
    SinceOption,
    UntilOption,
    check_top,
    explain_empty,
    parse_window,
)

__all__ = ["report"]


@handle_errors
def report(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="The HTML file to write (opens offline); a folder gets report.html inside it.",
        ),
    ] = Path("report.html"),
    db: DbOption = DEFAULT_DB_PATH,
    platform: PlatformOption = None,
    top: Annotated[int, typer.Option("--top", "-n", help="How many members per platform.")] = 25,
    profile: ProfileOption = "community",
    since: SinceOption = None,
    until: UntilOption = None,
    debug: DebugOption = False,
) -> None:
    """Write one self-contained HTML report of who matters in each community, and why.

    Per platform: the ranked table with each member's why, the spread of scores, tiers,
    activity over time, and the interaction-graph neighbourhood of the top members. The file
    carries everything it needs and opens offline.

    Example: nichescout report --db community.duckdb --out report.html --top 25
    """
    from nichescout.report import build_report  # Plotly and the scoring stack: only here
    from nichescout.store import Store

    check_top(top)
    start, end = parse_window(since, until)
    if out.is_dir():
        out = out / "report.html"
        err_console.print(
            f"{out.parent} is a folder: writing report.html inside it.",
            highlight=False,
            soft_wrap=True,
        )
    with Store(db, read_only=True) as store:
        if start is not None or end is not None:
            # a window that misses the store's events is a mistake, not an empty report
            names = [r[0] for r in store.status_rows()[1]]
            if platform is None or platform in names:  # else the report names the platform
                explain_empty(store, [platform] if platform else names, start, end)
        path = build_report(
            store, out, platform=platform, top=top, profile=profile, since=start, until=end
        )
    err_console.print(f"Wrote {path}", highlight=False, soft_wrap=True)
