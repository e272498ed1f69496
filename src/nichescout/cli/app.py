"""The ``nichescout`` command: verbs over the store. Every command calls the library."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nichescout._version import __version__
from nichescout.cli.common import (
    DEFAULT_DB_PATH,
    DbOption,
    DebugOption,
    FormatOption,
    err_console,
    handle_errors,
)
from nichescout.cli.ingest_cmd import ingest_app
from nichescout.cli.output import OutputFormat, emit
from nichescout.cli.rank_cmd import member, rank
from nichescout.store import Store

app = typer.Typer(
    name="nichescout",
    help="Find the micro-influencers of a community: who helps, gets thanked, welcomes, and why.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(ingest_app, name="ingest")
app.command("rank")(rank)
app.command("member")(member)


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
    with Store(db, read_only=True) as store:
        emit(store.status(), fmt, title=f"Store {db}")


@app.command()
@handle_errors
def demo(
    db: DbOption = Path("demo.duckdb"),
    out: Annotated[Path, typer.Option("--out", help="Where to write the HTML report.")] = Path(
        "report.html"
    ),
    debug: DebugOption = False,
) -> None:
    """Import the bundled sample community (conlang-meta Stack Exchange) and show what it holds.

    Example: nichescout demo --db demo.duckdb --out report.html
    """
    from nichescout.data import sample_path
    from nichescout.ingest import ingest

    with Store(db) as store:
        report = ingest(store, "stackexchange", sample_path())
        err_console.print(
            f"Imported the bundled sample: {report.added} "
            f"(already present: {report.already_present})"
        )
        emit(store.status(), OutputFormat.table, title=f"Store {db}")
