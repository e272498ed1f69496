"""``nichescout audit accounts FILE``: how likely each account is fake, and what says so;
``nichescout audit disclosure FILE``: which posts are sponsored, and whether they say so clearly;
``nichescout audit audience --db FILE``: the fake share of each creator's commenters or followers;
``nichescout audit anomalies --db FILE``: engagement anomalies (likes/comments, follower jumps,
generic comments, pods), each with what was seen.

The heavy libraries (pandas, scikit-learn, the model) load inside the command, so that
``nichescout --help`` stays fast.
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
from nichescout.cli.output import OutputFormat

__all__ = ["accounts", "anomalies", "audience", "audit_app", "disclosure"]

audit_app = typer.Typer(
    help="Audit creators: fake accounts among their followers or commenters, and whether "
    "their sponsored posts are disclosed.",
    no_args_is_help=True,
)


@audit_app.command("accounts")
@handle_errors
def accounts(
    file: Annotated[
        Path,
        typer.Argument(
            help="Accounts CSV: handle, followers, following, posts, has_profile_picture, "
            "is_private (true/false); optional full_name, bio, external_url, verified.",
            exists=False,
        ),
    ],
    fmt: FormatOption = OutputFormat.table,
    debug: DebugOption = False,
) -> None:
    """Score each account for how likely it is fake, with the flags seen, in words.

    Prints handle, fake_probability (a calibrated probability from a gradient-boosting
    model trained on labelled Instagram and Twitter accounts), likely_fake and flags
    ("follows 40× more accounts than follow it", "no posts"). The expected fake share of
    the file (the mean probability) goes to standard error. Accuracy: docs/evaluation-accounts.md.

    Example: nichescout audit accounts followers.csv --format csv
    """
    from nichescout.audit import audit_accounts, fake_share
    from nichescout.cli.output import emit

    result = audit_accounts(file)
    emit(result, fmt, title=f"Accounts in {file}")
    if len(result):
        likely = int(result["likely_fake"].sum())
        err_console.print(
            f"{likely} of {len(result)} accounts likely fake; expected fake share "
            f"{fake_share(result):.0%} (mean fake_probability).",
            highlight=False,
        )
    else:
        err_console.print(f"{file} holds no accounts.", highlight=False)


_WORDS = {True: "true", False: "false"}


@audit_app.command("disclosure")
@handle_errors
def disclosure(
    file: Annotated[
        Path,
        typer.Argument(
            help="Posts CSV: post_id, caption; optional language (ISO 639-1, else detected) "
            "and creator (or handle) for the per-creator summary.",
            exists=False,
        ),
    ],
    fmt: FormatOption = OutputFormat.table,
    by_creator: Annotated[
        bool,
        typer.Option(
            "--by-creator",
            help="Print only the per-creator summary (creator, posts, sponsored_posts, "
            "clearly_disclosed, clear_share, needs_fixing, posts_to_fix); needs a creator or "
            "handle column.",
        ),
    ] = False,
    debug: DebugOption = False,
) -> None:
    """Find sponsored posts and check that each says so clearly, in words.

    Prints per post: post_id, creator (when given), language, sponsored (true/false),
    disclosure and needs_fixing, and the reason. disclosure is clear (#ad, "paid
    partnership with", Anzeige, #publicité… in the caption's language, within the first 125
    characters and not behind a wall of hashtags), unclear (hidden, vague such as #sp or
    "thanks to @brand", or in another language) or none (no disclosure, and every post that
    is not sponsored). With a creator column the table format adds a second table per
    creator; --by-creator prints only that one (for csv and json). Accuracy:
    docs/evaluation-disclosure.md.

    Example: nichescout audit disclosure posts.csv --by-creator --format csv
    """
    from nichescout.audit import audit_disclosure, disclosure_by_creator
    from nichescout.cli.output import emit
    from nichescout.exceptions import InputError

    result = audit_disclosure(file)
    has_creator = "creator" in result.columns
    if by_creator and not has_creator:
        raise InputError(file, 1, "has no creator or handle column; add one to use --by-creator.")
    creators = disclosure_by_creator(result) if has_creator else None
    if by_creator and creators is not None:
        emit(creators, fmt, title=f"Creators in {file}")
    else:
        posts = result
        if fmt == OutputFormat.csv:  # true/false, as the forms write booleans (json: its own)
            posts = result.assign(
                sponsored=result["sponsored"].map(_WORDS),
                needs_fixing=result["needs_fixing"].map(_WORDS),
            )
        emit(posts, fmt, title=f"Posts in {file}")
        if fmt == OutputFormat.table and creators is not None:
            emit(creators, fmt, title="Per creator")
    sponsored, fix = int(result["sponsored"].sum()), int(result["needs_fixing"].sum())
    err_console.print(
        f"{sponsored} of {len(result)} posts sponsored; {fix} need a clearer disclosure."
        if len(result)
        else f"{file} holds no posts.",
        highlight=False,
    )


PlatformOption = Annotated[
    str | None, typer.Option("--platform", help="Only this platform (default: every one).")
]
HandleOption = Annotated[
    str | None, typer.Option("--handle", help="Only this creator (@ optional).")
]


@audit_app.command("audience")
@handle_errors
def audience(
    db: DbOption = DEFAULT_DB_PATH,
    handle: HandleOption = None,
    platform: PlatformOption = None,
    who: Annotated[
        str,
        typer.Option(
            "--audience",
            help="Who the audience is: commenters (on the creator's posts), followers (follow "
            "interactions) or all.",
        ),
    ] = "commenters",
    members: Annotated[
        bool,
        typer.Option("--members", help="Print each audience member's score instead."),
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    debug: DebugOption = False,
) -> None:
    """The fake share of each creator's audience, with a 95% Wilson interval.

    Scores every stored commenter (or follower) whose profile counts are known (followers,
    following, posts: import their profiles with `nichescout ingest creators`) with the
    fake-account model of `audit accounts`, and prints per creator: audience_size, scored,
    fake_share (the mean fake_probability), ci_low, ci_high, likely_fake and a note in
    words. Accuracy on labelled audiences: docs/creators.md.

    Example: nichescout audit audience --db creators.duckdb --handle glowwithsam
    """
    from nichescout.audit.audience import audience_members, audience_report
    from nichescout.cli.output import emit
    from nichescout.store import Store

    with Store(db, read_only=True) as store:
        if members:
            emit(
                audience_members(store, platform, handle, audience=who),
                fmt,
                title="Audience members",
            )
            return
        result = audience_report(store, platform, handle, audience=who)
    emit(result, fmt, title=f"Fake share of the {who}")
    measured = int(result["fake_share"].notna().sum())
    err_console.print(
        f"{measured} of {len(result)} creators have a fake share; the note says why where "
        "there is none.",
        highlight=False,
    )


@audit_app.command("anomalies")
@handle_errors
def anomalies(
    db: DbOption = DEFAULT_DB_PATH,
    handle: HandleOption = None,
    platform: PlatformOption = None,
    followers_history: Annotated[
        Path | None,
        typer.Option(
            "--followers-history",
            help="CSV of handle, date, followers (optional platform), one row per creator "
            "and day, for the follower-jump check.",
        ),
    ] = None,
    all_checks: Annotated[
        bool,
        typer.Option("--all", help="Also print the checks that found nothing or could not run."),
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    debug: DebugOption = False,
) -> None:
    """Engagement anomalies, each with what was seen, in words.

    Four checks per creator: likes_comments (likes/comments far from the creators of the
    same platform and tier, robust z-score), follower_jump (a jump in the follower history
    no viral post explains; without --followers-history: "no follower history"),
    generic_comments (most comments emoji only or a word or two) and pod (a dense cluster
    of accounts that all comment on each other). Prints platform, member_id, handle, flag,
    status, evidence and value. Thresholds: `nichescout settings` (anomaly_*, pod_*).

    Example: nichescout audit anomalies --db creators.duckdb --followers-history followers.csv
    """
    from nichescout.audit.anomalies import engagement_anomalies
    from nichescout.cli.output import emit
    from nichescout.store import Store

    with Store(db, read_only=True) as store:
        result = engagement_anomalies(
            store,
            platform,
            handle=handle,
            followers_history=followers_history,
            all_checks=all_checks,
        )
    emit(result, fmt, title="Engagement anomalies")
    flagged = result[result["status"] == "flagged"]
    lines = [f"{len(flagged)} flags on {flagged['member_id'].nunique()} creators."]
    if followers_history is None:
        lines.append("Follower jumps: no follower history (pass --followers-history FILE).")
    unmatched = result.attrs.get("unmatched_history") or []
    if unmatched:
        lines.append(
            f"{len(unmatched)} handles of the follower history match no creator: "
            + ", ".join(unmatched[:5])
            + (" …" if len(unmatched) > 5 else "")
        )
    err_console.print("\n".join(lines), highlight=False)
