"""``nichescout niches``: which niche each member is in, how strongly, and the words that say so.

The labelling (pandas, the store) loads inside the command; ``--list`` needs neither.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nichescout.cli.common import (
    DEFAULT_DB_PATH,
    DbOption,
    DebugOption,
    FormatOption,
    err_console,
    handle_errors,
)
from nichescout.cli.output import OutputFormat, Rows, emit

__all__ = ["niches"]


@handle_errors
def niches(
    db: DbOption = DEFAULT_DB_PATH,
    platform: Annotated[
        str | None, typer.Option("--platform", help="Only this platform (default: every one).")
    ] = None,
    member: Annotated[
        list[str] | None,
        typer.Option("--member", help="Only this member: member_id or handle (repeatable)."),
    ] = None,
    taxonomy: Annotated[
        Path | None,
        typer.Option(
            "--taxonomy",
            help="A TOML file of niches read on top of the default taxonomy: new niches, "
            "more words for a niche, replace = true or remove = true (see --list).",
        ),
    ] = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top", "-n", help="Only the N members per platform with the strongest niche."
        ),
    ] = None,
    niche: Annotated[
        list[str] | None,
        typer.Option("--niche", help="Only this niche and its members (repeatable)."),
    ] = None,
    method: Annotated[
        str,
        typer.Option(
            "--method",
            help="keywords (default) or embeddings (sentence-transformers, the optional "
            "extra 'niches').",
        ),
    ] = "keywords",
    list_niches: Annotated[
        bool,
        typer.Option("--list", help="Print the taxonomy (with --taxonomy: as extended) and stop."),
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    debug: DebugOption = False,
) -> None:
    """Label members with niches from their bios, captions, hashtags and tags, with the evidence.

    Prints one row per member and niche: platform, member_id, handle, rank (1: the member's
    first niche), niche, score (the evidence added up: a bio word weighs 2, a hashtag 1.5, a
    caption word 1, less for words several niches share), share (of the member's evidence)
    and the evidence in words ('fitness: #legday ×12, "workout" ×9 in captions'). Members
    without enough evidence for any niche are left out; members are ordered by the score of
    their first niche. The default taxonomy has 21 niches with words in English, German,
    French, Spanish, Italian, Dutch and Portuguese; --taxonomy adds your own. Agreement on
    labelled examples: docs/evaluation-niches.md.

    Example: nichescout niches --db creators.duckdb --niche fitness --top 20 -f csv
    """
    from nichescout.niches.taxonomy import load_taxonomy

    tax = load_taxonomy(taxonomy)
    if list_niches:
        columns, rows = tax.rows()
        emit(Rows(columns, rows), fmt, title="Niches")
        return

    from nichescout.niches import NicheLabeller
    from nichescout.store import Store

    with Store(db, read_only=True) as store:
        labeller = NicheLabeller(method, tax, top=top, niches=niche or ())
        labeller.fit(store, platform, member or ())
    frame = labeller.labels_.drop(columns="member_key")
    emit(frame, fmt, title="Niches")
    sources = "default" + "".join(f" + {Path(s).name}" for s in tax.sources[1:])
    err_console.print(
        f"{labeller.labelled_} of {labeller.members_} members have a niche "
        f"(method {method}, taxonomy {sources}).",
        highlight=False,
    )
