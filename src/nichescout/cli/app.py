"""The ``nichescout`` command: verbs over the store. Every command calls the library."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from nichescout._version import __version__
from nichescout.cli.audit_cmd import audit_app
from nichescout.cli.common import (
    DEFAULT_DB_PATH,
    DbOption,
    DebugOption,
    FormatOption,
    err_console,
    handle_errors,
)
from nichescout.cli.creator_cmd import creator
from nichescout.cli.discover_cmd import discover, table_view
from nichescout.cli.evaluate_cmd import evaluate
from nichescout.cli.imports_cmd import forget, imports
from nichescout.cli.ingest_cmd import ingest_app
from nichescout.cli.niches_cmd import niches
from nichescout.cli.output import OutputFormat, Rows, emit
from nichescout.cli.plan_cmd import plan_app
from nichescout.cli.portfolio_cmd import compare, portfolio
from nichescout.cli.rank_cmd import member, rank
from nichescout.cli.report_cmd import report
from nichescout.cli.settings_cmd import settings

app = typer.Typer(
    name="nichescout",
    help="Find the micro-influencers of a community: who helps, gets thanked, welcomes, and why.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(ingest_app, name="ingest")
plan_app.command("portfolio")(portfolio)
plan_app.command("compare")(compare)
app.add_typer(plan_app, name="plan")
app.add_typer(audit_app, name="audit")
app.command("rank")(rank)
app.command("member")(member)
app.command("niches")(niches)
app.command("creator")(creator)
app.command("discover")(discover)
app.command("report")(report)
app.command("evaluate")(evaluate)
app.command("settings")(settings)
app.command("imports")(imports)
app.command("forget")(forget)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"nichescout {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """nichescout: find, explain and activate the trusted quiet voices of a community."""


@app.command()
@handle_errors
def status(
    db: DbOption = DEFAULT_DB_PATH,
    fmt: FormatOption = OutputFormat.table,
    debug: DebugOption = False,
) -> None:
    """What the store holds, per platform: members, content, interactions, time range.

    Example: nichescout status --db community.duckdb
    """
    from nichescout.store import Store

    with Store(db, read_only=True) as store:
        columns, rows = store.status_rows()  # plain tuples: status needs no pandas
    if fmt == OutputFormat.table:
        rows = [_say_no_timestamps(columns, row) for row in rows]
    emit(Rows(columns, rows), fmt, title=f"Store {db}")


def _say_no_timestamps(columns: list[str], row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A platform whose events carry no times (a graph import) says so instead of a blank."""
    named = dict(zip(columns, row, strict=True))
    if named["first_event"] is None and named["last_event"] is None:
        events = named["content"] or named["interactions"]
        named["first_event"] = named["last_event"] = "no timestamps" if events else "no events"
    return tuple(named.values())


@app.command()
@handle_errors
def demo(
    db: DbOption = Path("demo.duckdb"),
    out: Annotated[Path, typer.Option("--out", help="Where to write the HTML report.")] = Path(
        "report.html"
    ),
    debug: DebugOption = False,
) -> None:
    """Import the bundled samples, rank them, and write the HTML report.

    The community sample is the complete conlang.meta.stackexchange.com dump (CC BY-SA 3.0);
    the creator sample is 40 made-up creators with their posts and comments, so that the
    report has its creators section and `discover` has something to find.

    Example: nichescout demo --db demo.duckdb --out report.html
    """
    from nichescout.creators.discover import discover as find_creators
    from nichescout.data import sample_path
    from nichescout.data.creators import creators_sample_path
    from nichescout.ingest import ingest
    from nichescout.report import build_report
    from nichescout.scores import CommunityScorer
    from nichescout.store import Store

    with Store(db) as store:
        imported = ingest(store, "stackexchange", sample_path())
        creators = ingest(store, "creators", creators_sample_path())
        err_console.print(
            f"Imported the bundled samples into {db}: the community (added {imported.added}, "
            f"already present {imported.already_present}) and the made-up creators (added "
            f"{creators.added}, already present {creators.already_present})."
        )
        emit(store.status(), OutputFormat.table, title=f"Store {db}")
        community = str(imported.platform)
        scorer = CommunityScorer(platform=community).fit(store)
        top = scorer.top(10)[["rank", "member_id", "display_name", "tier", "score", "why"]]
        emit(
            top.round({"score": 1}),
            OutputFormat.table,
            title=f"Top 10 micro-influencers of {community}",
        )
        found = find_creators(store, tier="micro", disclosure="required", top=5)
        emit(
            table_view(found).drop(columns="why"),
            OutputFormat.table,
            title="nichescout discover --tier micro --disclosure required --top 5",
        )
        path = build_report(store, out)
    err_console.print(f"Report written to {path} (open it in a browser; it works offline).")
