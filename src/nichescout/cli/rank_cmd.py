"""``nichescout rank`` and ``nichescout member``: who matters, and one member in full."""

from __future__ import annotations

from datetime import datetime
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
from nichescout.cli.progress import RichProgress
from nichescout.exceptions import ParameterError, StoreError

if TYPE_CHECKING:
    from nichescout.store import Store

# pandas and the scoring stack (NumPy, SciPy, NetworKit, Numba) load inside the commands that
# need them, so that `nichescout --help` and `nichescout status` start fast
# (tests/cli/test_lazy_imports.py).

__all__ = ["check_top", "member", "parse_time", "parse_window", "rank"]

PlatformOption = Annotated[
    str | None, typer.Option("--platform", help="Only this platform (default: every one).")
]
SinceOption = Annotated[
    str | None, typer.Option("--since", help="Only events at or after this ISO date/time.")
]
UntilOption = Annotated[
    str | None, typer.Option("--until", help="Only events before this ISO date/time.")
]
ProfileOption = Annotated[
    str,
    typer.Option(
        "--profile",
        help="Goal profile: community (default), help, engagement, welcome, reach, creator, "
        "or your own.",
    ),
]
NoFitOption = Annotated[
    bool,
    typer.Option(
        "--no-fit",
        help="Use the profile's prior weights as they are, instead of fitting the half-life "
        "and weights on the community's own past.",
    ),
]
HalfLifeOption = Annotated[
    float | None, typer.Option("--half-life", help="Recency half-life in days (default: none).")
]

RANK_COLUMNS = ["rank", "platform", "member_id", "handle", "display_name", "tier", "score", "why"]


def parse_time(value: str | None, option: str) -> datetime | None:
    """An ISO date or date-time option, or a clear error.

    >>> parse_time("2018-05-01", "--until")
    datetime.datetime(2018, 5, 1, 0, 0)
    """
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError as err:
        raise ParameterError(
            f"{option} must be an ISO date such as 2018-05-01 or 2018-05-01T12:00, not {value!r}."
        ) from err


def iso(value: datetime) -> str:
    """A date as people write it: ``2018-05-01``, or ``2018-05-01 12:30:00`` with a time.

    >>> iso(datetime(2018, 5, 1)), iso(datetime(2018, 5, 1, 12, 30))
    ('2018-05-01', '2018-05-01 12:30:00')
    """
    if value.time() == datetime.min.time():
        return value.date().isoformat()
    return value.isoformat(sep=" ", timespec="seconds")


def parse_window(since: str | None, until: str | None) -> tuple[datetime | None, datetime | None]:
    """``--since`` and ``--until`` as date-times, or one clear line when they are inverted.

    >>> parse_window("2019-01-01", "2018-01-01")
    Traceback (most recent call last):
    ...
    nichescout.exceptions.ParameterError: --since 2019-01-01 must be before --until 2018-01-01 (events at or after --since and before --until count); swap them?
    """
    start, end = parse_time(since, "--since"), parse_time(until, "--until")
    if start is not None and end is not None and start >= end:
        raise ParameterError(
            f"--since {iso(start)} must be before --until {iso(end)} (events at or after "
            "--since and before --until count); swap them?"
        )
    return start, end


def check_top(top: int) -> int:
    """``--top`` is a count of members: 1 or more (a negative one used to drop the last ones).

    >>> check_top(-3)
    Traceback (most recent call last):
    ...
    nichescout.exceptions.ParameterError: --top must be 1 or more (members per platform), not -3.
    """
    if top < 1:
        raise ParameterError(f"--top must be 1 or more (members per platform), not {top}.")
    return top


def _window_words(since: datetime | None, until: datetime | None) -> str:
    if since is not None and until is not None:
        return f"between {iso(since)} and {iso(until)}"
    if since is not None:
        return f"at or after {iso(since)}"
    if until is not None:
        return f"before {iso(until)}"
    return "at all"


def explain_empty(
    store: Store, platforms: list[str], since: datetime | None, until: datetime | None
) -> str:
    """Why a ranking came out empty. Raises (exit 1) when the question was a mistake: an empty
    store, a platform without events, a window outside the store's time span or one that
    filters undated events. Returns the sentence to print when the empty answer is a real one
    (a quiet period inside the store's span; only bots or deleted accounts were active)."""
    columns, rows = store.status_rows()
    chosen = [dict(zip(columns, r, strict=True)) for r in rows if r[0] in platforms]
    where = f"in {', '.join(platforms)}" if len(platforms) == 1 else "in the store"
    if not chosen:
        raise StoreError(
            f"The store {store.path} holds no members yet: import an export first with "
            "`nichescout ingest`."
        )
    if not any(p["content"] or p["interactions"] for p in chosen):
        raise StoreError(f"No events {where}: its members posted and did nothing yet.")
    firsts = [p["first_event"] for p in chosen if p["first_event"] is not None]
    lasts = [p["last_event"] for p in chosen if p["last_event"] is not None]
    window = _window_words(since, until)
    if since is None and until is None:
        return f"No member {where} is ranked: only bots or deleted accounts were active."
    if not firsts:
        raise ParameterError(
            f"No events {window}: the events {where} carry no timestamps, so --since and "
            "--until select none; leave them out."
        )
    first, last = min(firsts), max(lasts)
    span = f"the store holds {iso(first)} to {iso(last)}"
    if (since is not None and since > last) or (until is not None and until <= first):
        raise ParameterError(f"No events {window} {where}; {span}.")
    return f"No events {window} {where}, so nobody to rank; {span}."


@handle_errors
def rank(
    db: DbOption = DEFAULT_DB_PATH,
    platform: PlatformOption = None,
    top: Annotated[int, typer.Option("--top", "-n", help="How many members per platform.")] = 20,
    profile: ProfileOption = "community",
    profiles: Annotated[
        Path | None, typer.Option("--profiles", help="TOML file with your own profiles.")
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    half_life: HalfLifeOption = None,
    no_fit: NoFitOption = False,
    all_signals: Annotated[
        bool, typer.Option("--signals", help="Add every signal's value and percentile.")
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    debug: DebugOption = False,
) -> None:
    """Rank the members of each community and say why each one matters.

    Example: nichescout rank --db community.duckdb --top 10 --since 2018-03-01 -f csv
    """
    from nichescout.scores import CommunityScorer
    from nichescout.store import Store

    check_top(top)
    start, end = parse_window(since, until)
    empty_because = None
    with Store(db, read_only=True) as store:
        if platform is not None:
            store.check_platform(platform)  # before the progress bar: one line, nothing else
        platforms = [platform] if platform else store.platforms()
        if not platforms:
            explain_empty(store, platforms, start, end)  # raises: an empty store
        with RichProgress(unit="steps") as progress:
            scorer = CommunityScorer(
                profile,
                platform=platform,
                since=start,
                until=end,
                half_life_days=half_life,
                profiles_file=profiles,
                calibrate=not no_fit,
            ).fit(store, progress=progress)
        if scorer.scores_.empty:  # say why, or fail when the question was a mistake
            empty_because = explain_empty(store, platforms, start, end)
    frame = scorer.top(top)
    columns = list(frame.columns) if all_signals else RANK_COLUMNS
    frame = frame[columns].copy()
    frame["score"] = frame["score"].round(1)
    emit(frame, fmt, title=f"Micro-influencers ({scorer.provenance_['profile']} profile)")
    if empty_because:
        err_console.print(empty_because, highlight=False, markup=False, soft_wrap=True)
    # How the ranking was fitted: under the table, or on standard error beside csv/json.
    console = Console() if fmt == OutputFormat.table else err_console
    for platform, result in scorer.fits_.items():
        prefix = f"{platform}: " if len(scorer.fits_) > 1 else ""
        console.print(f"{prefix}{result.summary()}", highlight=False, markup=False)


@handle_errors
def member(
    member_id: Annotated[str, typer.Argument(help="The member's id on its platform.")],
    db: DbOption = DEFAULT_DB_PATH,
    platform: PlatformOption = None,
    profile: ProfileOption = "community",
    since: SinceOption = None,
    until: UntilOption = None,
    half_life: HalfLifeOption = None,
    fmt: FormatOption = OutputFormat.table,
    debug: DebugOption = False,
) -> None:
    """One member in full: every signal, its percentile, and activity month by month.

    Example: nichescout member 1837 --db community.duckdb
    """
    import pandas as pd

    from nichescout.scores.member import member_profile
    from nichescout.store import Store

    start, end = parse_window(since, until)
    with Store(db, read_only=True) as store:
        prof = member_profile(
            store,
            member_id,
            platform=platform,
            profile=profile,
            since=start,
            until=end,
            half_life_days=half_life,
        )
    signals = prof.signals.reset_index()
    if fmt != OutputFormat.table:
        ident = {k: prof.identity[k] for k in ("platform", "member_id", "handle", "display_name")}
        rows = [
            {
                **ident,
                "section": "signal",
                "name": r["signal"],
                "value": r["value"],
                "percentile": r["percentile"],
                "month": None,
            }
            for r in signals.to_dict("records")
        ]
        for r in prof.trend.to_dict("records"):
            for what in ("items", "actions", "received"):
                rows.append(
                    {
                        **ident,
                        "section": "trend",
                        "name": what,
                        "value": r[what],
                        "percentile": None,
                        "month": r["month"],
                    }
                )
        emit(pd.DataFrame(rows), fmt)
        return
    console = Console()
    ident = prof.identity
    console.print(
        f"[bold]{ident['display_name']}[/] (@{ident['handle']}) — "
        f"{ident['platform']} member {ident['member_id']}"
    )
    if prof.rank is None:
        console.print("Not active in this window, so not ranked.")
    else:
        console.print(f"Rank {prof.rank} of {prof.cohort_size}, score {prof.score:.1f}: {prof.why}")
    signals["percentile"] = (100 * signals["percentile"]).round(0)
    emit(
        signals[["signal", "value", "percentile", "weight", "description"]],
        "table",
        title="Signals (percentile within the platform)",
    )
    emit(prof.trend, "table", title="Activity by month")
