"""``nichescout creator HANDLE``: one creator's card."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from nichescout.cli.common import (
    DEFAULT_DB_PATH,
    DbOption,
    DebugOption,
    FormatOption,
    handle_errors,
)
from nichescout.cli.output import OutputFormat, emit
from nichescout.cli.rank_cmd import SinceOption, UntilOption, parse_window

if TYPE_CHECKING:
    from nichescout.creators import CreatorCard

# pandas and the scoring stack load inside the command (tests/cli/test_lazy_imports.py).

__all__ = ["creator", "card_lines"]

PlatformOption = Annotated[
    str | None,
    typer.Option("--platform", help="The creator's platform, when the handle is on several."),
]


def _pct(value: Any, digits: int = 2) -> str:
    return "—" if value is None or _nan(value) else f"{100 * value:.{digits}f}%"


def _nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``13th``, ``42nd``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def card_lines(card: CreatorCard) -> list[str]:
    """The card as lines of plain text (Rich markup aside), as the table format prints it."""
    ident = card.identity
    name = ident.get("display_name") or ident["handle"]
    lines = [f"[bold]{escape(str(name))}[/] (@{escape(ident['handle'])}) — {ident['platform']}"]
    followers = ident.get("followers")
    audience = f"{followers:,} followers" if followers is not None else "followers unknown"
    if ident.get("following") is not None:
        audience += f", following {ident['following']:,}"
    core = "yes" if card.core_micro else "no"
    lines.append(
        f"Tier: {card.tier or 'unknown'} (core micro: {core}) · {audience}"
        + (" · verified" if ident.get("verified") else "")
        + (f" · niche: {escape(card.niche)} ({card.niche_source})" if card.niche else "")
    )
    label = card.niche_label
    if label is not None and card.niche_source == "labelled":
        lines.append(f"Niche (labelled): {escape(str(label['evidence']))}")
    last = card.last_post.strftime("%Y-%m-%d") if card.last_post is not None else "none"
    lines.append(
        f"Posts: {card.posts:,} stored, {card.recent_posts:,} in the last {card.recent_days} "
        f"days (last post {last})"
    )
    eng = card.engagement
    if eng is not None:
        if eng.get("engagement_median") is not None and not _nan(eng["engagement_median"]):
            cv = eng.get("engagement_cv")
            steady = "—" if cv is None or _nan(cv) else f"{cv:.2f}"
            lines.append(
                f"Engagement over the last {eng['posts']} posts: median "
                f"{_pct(eng['engagement_median'])} of followers per post, mean "
                f"{_pct(eng['engagement_mean'])}, stability (coefficient of variation) {steady}"
            )
        if eng.get("video_posts"):
            lines.append(
                f"Videos: median {_pct(eng['view_median'])} engaged per view over "
                f"{eng['video_posts']} of them"
            )
        pct = eng.get("percentile")
        if pct is None or _nan(pct):
            lines.append(f"Cohort: no percentile — {eng['cohort']}")
        else:
            lines.append(
                f"Cohort: {_ordinal(round(100 * pct))} percentile of {eng['cohort']} "
                f"({eng['cohort_size']} creators)"
            )
    record = card.disclosure
    if record["sponsored_posts"]:
        lines.append(
            f"Disclosure: {record['sponsored_posts']} sponsored posts, "
            f"{record['clearly_disclosed']} clearly disclosed ({_pct(record['clear_share'], 0)})"
            + (f"; to fix: {record['posts_to_fix']}" if record["posts_to_fix"] else "")
        )
    else:
        lines.append(f"Disclosure: no sponsored post among {card.posts:,}")
    seen = card.audience
    if seen is not None and seen.get("scored"):
        lines.append(
            f"Audience authenticity: {_pct(seen['fake_share'], 0)} of {seen['scored']:,} scored "
            f"{seen['audience']} look fake (95% interval {_pct(seen['ci_low'], 0)}–"
            f"{_pct(seen['ci_high'], 0)}; {seen['audience_size']:,} in all)"
        )
    said = card.comments
    if said is not None:
        mood = (
            "sentiment not scored"
            if _nan(said["compound_mean"])
            else f"sentiment {said['compound_mean']:+.2f} ({_pct(said['positive_share'], 0)} "
            f"positive, {_pct(said['negative_share'], 0)} negative, over {said['scored']:,} "
            "scored)"
        )
        lines.append(
            f"Comments: {said['comments']:,} from {said['commenters']:,} people; {mood}; "
            f"{_pct(said['generic_share'], 0)} generic, {_pct(said['question_share'], 0)} "
            f"questions; the creator answered {_pct(said['reply_rate'], 0)}"
        )
    if card.not_available:
        lines.append("Not available:")
        lines += [f"  - {escape(line)}" for line in card.not_available]
    return lines


@handle_errors
def creator(
    handle: Annotated[str, typer.Argument(help="The creator's handle (@ optional).")],
    db: DbOption = DEFAULT_DB_PATH,
    platform: PlatformOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    fmt: FormatOption = OutputFormat.table,
    debug: DebugOption = False,
) -> None:
    """One creator's card: tier, followers, engagement against the cohort, recent posts,
    sponsorship disclosure record, and what cannot be measured yet.

    Example: nichescout creator glowwithsam --db creators.duckdb

    csv and json give the card as one row (its columns in docs/creators.md).
    """
    import pandas as pd

    from nichescout.creators import CARD_COLUMNS, creator_card
    from nichescout.store import Store

    start, end = parse_window(since, until)
    with Store(db, read_only=True) as store:
        card = creator_card(store, handle, platform=platform, since=start, until=end)
    if fmt != OutputFormat.table:
        emit(pd.DataFrame([card.as_row()], columns=CARD_COLUMNS), fmt)
        return
    console = Console()
    for line in card_lines(card):
        console.print(line, highlight=False, soft_wrap=True)
    if not card.sponsored.empty:
        posts = card.sponsored[["post_id", "created_at", "disclosure", "reason"]]
        emit(posts, OutputFormat.table, title="Sponsored posts")
