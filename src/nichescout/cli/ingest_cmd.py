"""``nichescout ingest <format> PATH``: import an export into the store, one transaction."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from nichescout.cli.common import DEFAULT_DB_PATH, DbOption, DebugOption, handle_errors
from nichescout.cli.progress import RichProgress
from nichescout.ingest import ingest

if TYPE_CHECKING:  # the loader (and PyArrow) load when an import runs
    from nichescout.store import ImportReport

__all__ = ["ingest_app"]

ingest_app = typer.Typer(
    help="Import an export into the store (one transaction: all of it or nothing). "
    "Set NICHESCOUT_MEMORY_LIMIT=2GB to bound DuckDB's memory on large imports.",
    no_args_is_help=True,
)

PathArg = Annotated[Path, typer.Argument(help="The export (folder or file).", exists=False)]
PlatformOption = Annotated[
    str | None, typer.Option("--platform", help="Platform name to file the rows under.")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]


def _summary(report: ImportReport) -> None:
    console = Console(stderr=True)
    table = Table(title=f"Imported {report.source} as {report.platform or 'its platforms'}")
    table.add_column("table")
    table.add_column("added", justify="right")
    table.add_column("already in the store", justify="right")
    for name, added in report.added.items():
        table.add_row(name, f"{added:,}", f"{report.already_present.get(name, 0):,}")
    console.print(table)
    if report.updated_members:
        console.print(f"{report.updated_members:,} existing members got updated fields.")
    if report.placeholders:
        console.print(
            f"{report.placeholders:,} placeholder members added for people the export refers "
            "to but does not describe (attributes.placeholder)."
        )
    if report.deleted_accounts:
        console.print(
            f"{report.deleted_accounts:,} members added are deleted accounts "
            "(attributes.deleted), left out of rankings."
        )
    if report.skipped:
        skipped = Table(title="Rows left out, and why")
        skipped.add_column("reason")
        skipped.add_column("rows", justify="right")
        for reason, count in sorted(report.skipped.items(), key=lambda kv: -kv[1]):
            skipped.add_row(reason, f"{count:,}")
        console.print(skipped)


def _run(fmt: str, path: Path, db: Path, quiet: bool, **options: Any) -> None:
    from nichescout.store import Store

    options = {k: v for k, v in options.items() if v is not None}
    memory_limit = os.environ.get("NICHESCOUT_MEMORY_LIMIT") or None
    with Store(db, memory_limit=memory_limit) as store, RichProgress(enabled=not quiet) as progress:
        report = ingest(store, fmt, path, progress=progress, **options)
    _summary(report)


@ingest_app.command("stackexchange")
@handle_errors
def stackexchange(
    path: PathArg,
    db: DbOption = DEFAULT_DB_PATH,
    platform: PlatformOption = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Import a Stack Exchange data dump folder (Posts.xml, Users.xml, …).

    Example: nichescout ingest stackexchange dumps/quantumcomputing --db qc.duckdb
    """
    _run("stackexchange", path, db, quiet, platform=platform)


@ingest_app.command("slack")
@handle_errors
def slack(
    path: PathArg,
    db: DbOption = DEFAULT_DB_PATH,
    platform: PlatformOption = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Import a Slack workspace export folder (users.json, channels.json, channel folders).

    Example: nichescout ingest slack exports/my-workspace --db community.duckdb
    """
    _run("slack", path, db, quiet, platform=platform)


@ingest_app.command("graph")
@handle_errors
def graph(
    path: PathArg,
    db: DbOption = DEFAULT_DB_PATH,
    platform: PlatformOption = None,
    nodes: Annotated[
        Path | None, typer.Option("--nodes", help="Node table (CSV) with member attributes.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Interaction kind of every edge (default follow).")
    ] = None,
    undirected: Annotated[
        bool, typer.Option("--undirected", help="Edges are mutual (stored both ways).")
    ] = False,
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            help="What each column holds, comma-separated: source, target, weight, "
            "timestamp, kind, or - to ignore it (default: detected).",
        ),
    ] = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Import an edge list (CSV/TSV/space separated, optional weight/time/kind columns).

    Example: nichescout ingest graph DE_edges.csv --nodes DE_target.csv --platform twitch:DE
    --undirected

    A first line "n m" of node and edge counts (influence-maximisation files) is skipped.
    """
    roles = None
    if columns is not None:
        roles = tuple(None if c.strip() in ("", "-") else c.strip() for c in columns.split(","))
    _run(
        "graph",
        path,
        db,
        quiet,
        platform=platform,
        nodes=nodes,
        kind=kind,
        directed=False if undirected else None,
        columns=roles,
    )


@ingest_app.command("canonical")
@handle_errors
def canonical(
    path: PathArg,
    db: DbOption = DEFAULT_DB_PATH,
    platform: PlatformOption = None,
    allow_unknown_members: Annotated[
        bool,
        typer.Option(
            "--allow-unknown-members",
            help="Add a placeholder member for each member id the rows refer to that is "
            "described nowhere, instead of refusing the import.",
        ),
    ] = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Import canonical tables (members / content / interactions as CSV, JSONL or Parquet).

    Example: nichescout ingest canonical converted/ --db community.duckdb
    """
    _run(
        "canonical",
        path,
        db,
        quiet,
        platform=platform,
        allow_unknown_members=allow_unknown_members or None,
    )


@ingest_app.command("discourse")
@handle_errors
def discourse(
    path: PathArg,
    db: DbOption = DEFAULT_DB_PATH,
    platform: PlatformOption = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Import Discourse API JSON: post (/posts/ID.json) or topic (/t/ID.json) files, or a
    folder of them (searched recursively).

    Example: nichescout ingest discourse archive/posts --db forum.duckdb
    """
    _run("discourse", path, db, quiet, platform=platform)


@ingest_app.command("reddit")
@handle_errors
def reddit(
    path: PathArg,
    db: DbOption = DEFAULT_DB_PATH,
    platform: PlatformOption = None,
    bot: Annotated[
        list[str] | None,
        typer.Option("--bot", help="An account to mark as a bot (repeatable).", show_default=False),
    ] = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Import Pushshift-style Reddit dumps: RS_* (submissions) and RC_* (comments) NDJSON
    files, plain or .zst, or a folder of them.

    Example: nichescout ingest reddit dumps/ethereum --db reddit.duckdb --bot EthereumDailyThread
    """
    _run("reddit", path, db, quiet, platform=platform, bots=bot)


@ingest_app.command("github")
@handle_errors
def github(
    path: PathArg,
    db: DbOption = DEFAULT_DB_PATH,
    platform: PlatformOption = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Import a GitHub issues and pull requests backup: the REST API's JSON, one file per
    issue or PR with its comments, reviews and timeline (issues/N.json, pulls/N.json), or a
    folder of them (searched recursively).

    Example: nichescout ingest github backups/secp256k1 --db github.duckdb
    """
    _run("github", path, db, quiet, platform=platform)


@ingest_app.command("discord")
@handle_errors
def discord(
    path: PathArg,
    db: DbOption = DEFAULT_DB_PATH,
    platform: PlatformOption = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Import a DiscordChatExporter JSON export: one .json file per channel or thread, or a
    folder of them (one server, searched recursively).

    Example: nichescout ingest discord exports/my-server --db discord.duckdb
    """
    _run("discord", path, db, quiet, platform=platform)


@ingest_app.command("telegram")
@handle_errors
def telegram(
    path: PathArg,
    db: DbOption = DEFAULT_DB_PATH,
    platform: PlatformOption = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Import a Telegram Desktop JSON export of a group: its result.json, or the export
    folder holding it (a full-account export imports each group it lists).

    Example: nichescout ingest telegram ChatExport_2025-03-01/result.json --db telegram.duckdb
    """
    _run("telegram", path, db, quiet, platform=platform)


@ingest_app.command("creators")
@handle_errors
def creators(
    path: PathArg,
    db: DbOption = DEFAULT_DB_PATH,
    platform: PlatformOption = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Import creators: a folder of profiles, posts and comments (.csv or .jsonl each; the
    creators form of docs/canonical.md), one such file, or a labelled account set of
    ../shared/data/accounts (InstaFake, the Kaggle Instagram set, Cresci 2015).

    Example: nichescout ingest creators exports/creators --db creators.duckdb

    --platform fills the platform of profiles that name none.
    """
    _run("creators", path, db, quiet, platform=platform)
