r"""Simple measures as signals: the goals over the past, degree and accepted answers.

A fitted ranking (:mod:`nichescout.scores.fit`) may lean on the simple measures a user would
otherwise sort by, so that it can always fall back on the best of them; here they are
signals like any other, explained in words:

* ``help_given``, ``feedback_received``, ``newcomers_welcomed``, ``peer_reach`` — the goals of
  :mod:`nichescout.goals` measured over the window (what the member already did of it);
* ``degree`` — distinct members the member interacted with, in either direction:
  :math:`D_m = |\{p \ne m : p \to m \lor m \to p\}|` (unweighted);
* ``accepted_answers`` — ``accept`` interactions naming *m* (or ``content.accepted``
  answers where the platform has no ``accept`` rows), recency-weighted.

>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals.base import SignalContext, by_member_id
>>> con = toy_community().con
>>> from nichescout.signals import SIGNALS
>>> by_member_id(con, SIGNALS["degree"].compute(con, SignalContext("toy")))
{'ann': 3.0, 'bob': 1.0, 'cat': 2.0, 'dan': 3.0, 'eve': 1.0}
>>> by_member_id(con, SIGNALS["accepted_answers"].compute(con, SignalContext("toy")))
{'ann': 2.0}
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import pandas as pd

from nichescout.goals import GOALS, measure
from nichescout.signals.base import Signal, SignalContext, query, register

__all__ = ["GOAL_SIGNALS"]

#: goal → the signal that measures it over the past.
GOAL_SIGNALS = {
    "help": "help_given",
    "engagement": "feedback_received",
    "welcome": "newcomers_welcomed",
    "reach": "peer_reach",
}


def _goal(name: str) -> Callable[[duckdb.DuckDBPyConnection, SignalContext], pd.DataFrame]:
    def compute(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
        frame = measure(name, con, ctx)
        return frame.assign(amount=frame["value"])

    return compute


def _degree(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    # distinct unordered pairs first (one row per pair, whichever way they interacted),
    # then a count per member at either end (and per window of a spanning context: a pair
    # counts in each window it has an interaction in); grouping unordered pairs hashes
    # each interaction once, half the rows of grouping both directions
    seen = ctx.each("seen", lambda r: f"bool_or({r.inside('t')})")
    counts = ctx.each("value", lambda r: f"count(*) FILTER (WHERE {r.col('seen')})")
    flags = ", ".join(r.col("seen") for r in ctx.recencies())
    return query(
        con,
        f"""
        WITH pairs AS (
            SELECT least(actor_key, target_key) AS low, greatest(actor_key, target_key) AS high,
                   {seen}
            FROM (SELECT actor_key, target_key, created_at AS t FROM interactions i
                  WHERE {ctx.scope("i")} AND {ctx.when("i.created_at")}
                    AND i.actor_key <> i.target_key
                    AND {ctx.humans("i.actor_key")} AND {ctx.humans("i.target_key")})
            GROUP BY 1, 2)
        SELECT member_key, {counts}, count(*) FILTER (WHERE seen) AS partners
        FROM (SELECT low AS member_key, {flags} FROM pairs
              UNION ALL SELECT high, {flags} FROM pairs)
        GROUP BY 1
        """,
    )


def _accepted(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    return query(
        con,
        f"""
        SELECT member_key, {ctx.each("value", lambda r: f"sum({r.col('w')})")},
               count(*) AS accepted FROM (
            SELECT i.target_key AS member_key, {ctx.each("w", lambda r: r.weight("i.created_at"))}
            FROM interactions i
            WHERE {ctx.scope("i")} AND i.kind = 'accept' AND {ctx.when("i.created_at")}
              AND i.actor_key IS DISTINCT FROM i.target_key
            UNION ALL
            SELECT c.author_key, {ctx.each("w", lambda r: r.weight("c.created_at"))} FROM content c
            WHERE {ctx.scope("c")} AND coalesce(c.accepted, false)
              AND {ctx.when("c.created_at")} AND {ctx.lacks("accept")})
        WHERE {ctx.humans("member_key")}
        GROUP BY 1
        """,
    )


for _goal_name, _signal_name in GOAL_SIGNALS.items():
    register(
        Signal(
            _signal_name,
            f"Past {_goal_name}: {GOALS[_goal_name].description}.",
            _goal(_goal_name),
            GOALS[_goal_name].unit.replace("{value", "{amount"),
            group="measure",
            grid=True,
            windows=True,
        )
    )
register(
    Signal(
        "degree",
        "Distinct members they interacted with, either way.",
        _degree,
        "interacted with {partners:#member}",
        group="measure",
        recency=False,
        windows=True,
    )
)
register(
    Signal(
        "accepted_answers",
        "Answers accepted as the solution.",
        _accepted,
        "{accepted:#accepted answer}",
        group="measure",
        grid=True,
    )
)
