r"""Ground truths: what each member did in the evaluation window ``[start, end)``, from the store.

Each outcome is a SQL function of the store returning one row per member who did it
(``member_key``, ``value``); members without a row did nothing (0). Self-interactions and
bots' actions never count. ``start`` is the cutoff, ``end`` is ``None`` for "to the end of
the data".

=================  ==========================================================================
outcome            value for member *m*
=================  ==========================================================================
help, engagement,  the goals of :mod:`nichescout.goals`, measured after the cutoff: the
welcome, reach,    very definitions the fitted ranking learns to predict (the evaluation
community          judges each with the profile of the same name)
accepted_answers   ``accept`` interactions naming *m* as the answerer, dated in the window
                   (Stack Exchange dates an accept by the AcceptedByOriginator vote)
upvotes            ``vote_up`` interactions toward *m* dated in the window
newcomer_answers   answers *m* posted in the window to questions asked by a newcomer: a
                   member whose first item (question, answer or comment) on the platform is
                   at or after ``start``
help_replies       thread replies *m* posted in the window, in channels whose name matches
                   ``help_channels`` (:data:`HELP_CHANNELS`), in threads *m* did not start
reactions          ``reaction`` interactions toward *m* dated in the window (Slack dates a
                   reaction by its message, so these are reactions to messages posted then)
retweets           ``share`` interactions toward *m* dated in the window (Twitter RT)
partner            1 for members whose ``attributes`` say ``partner`` is true (Twitch),
                   else 0; timeless
=================  ==========================================================================

>>> from datetime import datetime
>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals.base import by_member_id
>>> con = toy_community().con
>>> by_member_id(con, compute("accepted_answers", con, "toy", datetime(2024, 1, 5)))
{'ann': 1.0}
>>> by_member_id(con, compute("newcomer_answers", con, "toy", datetime(2024, 1, 5)))  # Bob
{'ann': 1.0}
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb
import pandas as pd

from nichescout.exceptions import ParameterError
from nichescout.goals import GOALS, measure
from nichescout.signals import SignalContext, Window
from nichescout.signals.base import query

__all__ = ["HELP_CHANNELS", "OUTCOMES", "Outcome", "compute"]

#: Channel names that look like a place to ask for help (case-insensitive regular expression).
HELP_CHANNELS = r"(?i)(support|help|question|q-?and-?a|qna|technical|troubleshoot)"


@dataclass(frozen=True)
class Outcome:
    """A ground truth: its name, what it measures, whether it is a 0/1 label, and the profile
    whose goal it is (the profile the evaluation ranks with for it)."""

    name: str
    description: str
    sql: Callable[..., str] | None
    label: bool = False
    profile: str = "community"


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _humans(platform: str, key: str) -> str:
    return (
        f"{key} IN (SELECT member_key FROM members m WHERE m.platform = {_q(platform)} "
        "AND NOT coalesce(m.is_bot, false))"
    )


def _received(kind: str) -> Callable[..., str]:
    def sql(platform: str, window: Window, **_: Any) -> str:
        return f"""
            SELECT i.target_key AS member_key, count(*) AS value FROM interactions i
            WHERE i.platform = {_q(platform)} AND i.kind = {_q(kind)}
              AND {window.where("i.created_at")} AND i.target_key IS NOT NULL
              AND i.actor_key IS DISTINCT FROM i.target_key
              AND (i.actor_key IS NULL OR {_humans(platform, "i.actor_key")})
              AND {_humans(platform, "i.target_key")}
            GROUP BY 1"""

    return sql


def _newcomer_answers(platform: str, window: Window, **_: Any) -> str:
    start = window.since
    if start is None:
        raise ParameterError.invalid(
            "start", "newcomer_answers", "a cutoff (newcomers join after it)", None
        )
    return f"""
        WITH first_item AS (
            SELECT author_key, min(created_at) AS first_at FROM content
            WHERE platform = {_q(platform)} AND author_key IS NOT NULL GROUP BY 1),
        newcomers AS (
            SELECT author_key FROM first_item
            WHERE {Window(since=start).where("first_at")})
        SELECT a.author_key AS member_key, count(*) AS value
        FROM content a JOIN content q ON q.platform = a.platform AND q.content_id = a.parent_id
        WHERE a.platform = {_q(platform)} AND a.kind = 'answer' AND q.kind = 'question'
          AND {window.where("a.created_at")}
          AND q.author_key IN (SELECT author_key FROM newcomers)
          AND a.author_key IS DISTINCT FROM q.author_key
          AND {_humans(platform, "a.author_key")} AND {_humans(platform, "q.author_key")}
        GROUP BY 1"""


def _help_replies(
    platform: str, window: Window, help_channels: str = HELP_CHANNELS, **_: Any
) -> str:
    return f"""
        SELECT r.author_key AS member_key, count(*) AS value
        FROM content r JOIN content root
          ON root.platform = r.platform AND root.content_id = r.thread_id
        WHERE r.platform = {_q(platform)} AND r.parent_id IS NOT NULL
          AND {window.where("r.created_at")}
          AND regexp_matches(coalesce(r.channel, ''), {_q(help_channels)})
          AND r.author_key IS DISTINCT FROM root.author_key
          AND {_humans(platform, "r.author_key")}
        GROUP BY 1"""


def _partner(platform: str, window: Window, **_: Any) -> str:
    return f"""
        SELECT member_key,
               CASE WHEN lower(CAST(json_extract(attributes, '$.partner') AS VARCHAR))
                         IN ('true', '1', '"true"', '"1"', '"yes"') THEN 1 ELSE 0 END AS value
        FROM members m
        WHERE m.platform = {_q(platform)} AND NOT coalesce(m.is_bot, false)"""


OUTCOMES: dict[str, Outcome] = {
    o.name: o
    for o in (
        *(Outcome(g.name, g.description, None, profile=g.name) for g in GOALS.values()),
        Outcome(
            "accepted_answers", "accepted answers received", _received("accept"), False, "help"
        ),
        Outcome("upvotes", "up-votes received", _received("vote_up"), False, "engagement"),
        Outcome(
            "newcomer_answers",
            "answers to newcomers' questions",
            _newcomer_answers,
            False,
            "welcome",
        ),
        Outcome(
            "help_replies", "thread replies given in help channels", _help_replies, False, "help"
        ),
        Outcome("reactions", "reactions received", _received("reaction"), False, "engagement"),
        Outcome("retweets", "retweets received", _received("share"), False, "engagement"),
        Outcome("partner", "Twitch partner", _partner, label=True),
    )
}


def compute(
    name: str,
    con: duckdb.DuckDBPyConnection,
    platform: str,
    start: datetime | None,
    end: datetime | None = None,
    **options: Any,
) -> pd.DataFrame:
    """The outcome ``name`` per member of ``platform`` in ``[start, end)``: member_key, value."""
    if name not in OUTCOMES:
        raise ParameterError.invalid("outcome", "evaluate", f"one of {sorted(OUTCOMES)}", name)
    window = Window(since=start, until=end)
    sql = OUTCOMES[name].sql
    if sql is None:  # a goal: one definition, shared with the fit
        return measure(name, con, SignalContext(platform, window, dict(options)))
    frame = query(con, sql(platform, window, **options))
    return frame[["member_key", "value"]].reset_index(drop=True)
