r"""consistency: share of weeks active in the window, and the longest run of active weeks.

.. math::

    C_m = \frac{|\{\text{weeks with an item or an action by } m\}|}{|\text{weeks from the
    window's start to its end}|}

Weeks are calendar weeks (Monday to Sunday). The window's start is ``since`` (else the first
event in it) and its end is ``until`` (excluded; else the last event in it).
The longest streak (consecutive active weeks) is reported beside it for the explanation.

>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals.base import SignalContext, by_member_id
>>> con = toy_community().con
>>> by_member_id(con, compute(con, SignalContext("toy")), "streak")["ann"]
3.0
"""

from __future__ import annotations

from datetime import timedelta

import duckdb
import pandas as pd

from nichescout.signals.base import Recency, Signal, SignalContext, query, register


def compute(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    recencies = ctx.recencies()  # one per window of a spanning context, else just one

    def bounds(r: Recency) -> str:
        # one row over the events: the window's bounds when it has them, else the events'
        # own; the last week is the one holding the window's last instant (until excluded)
        until = r.window.until
        first = r.bound(r.window.since, "min")
        last = r.bound(None if until is None else until - timedelta(microseconds=1), "max")
        return (
            f"date_trunc('week', {first}) AS {r.col('first_week')}, "
            f"date_trunc('week', {last}) AS {r.col('last_week')}"
        )

    span = ", ".join(bounds(r) for r in recencies)
    seen = ctx.each("seen", lambda r: f"bool_or({r.inside('created_at')})")
    values = ", ".join(
        f"count(*) FILTER (WHERE {r.col('seen')}) / (date_diff('week', "
        f"(SELECT {r.col('first_week')} FROM span), (SELECT {r.col('last_week')} FROM span))"
        f" + 1.0) AS {r.col('value')}"
        for r in recencies
    )
    return query(
        con,
        f"""
        WITH events AS (
            SELECT author_key AS member_key, created_at FROM content c
            WHERE {ctx.scope("c")} AND {ctx.when("c.created_at")}
            UNION ALL
            SELECT actor_key, created_at FROM interactions i
            WHERE {ctx.scope("i")} AND {ctx.when("i.created_at")} AND i.created_at IS NOT NULL),
        span AS (SELECT {span} FROM events),
        weeks AS (
            SELECT member_key, date_trunc('week', created_at) AS week, {seen} FROM events
            WHERE member_key IS NOT NULL GROUP BY 1, 2),
        runs AS (  -- the streaks of the first window: what the explanation quotes
            SELECT member_key, week,
                   date_diff('week', (SELECT first_week FROM span), week)
                   - row_number() OVER (PARTITION BY member_key ORDER BY week) AS island
            FROM weeks WHERE seen),
        streaks AS (
            SELECT member_key, count(*) AS run FROM runs GROUP BY member_key, island)
        SELECT member_key, {values},
               count(*) FILTER (WHERE seen) AS active_weeks,
               (SELECT max(run) FROM streaks s WHERE s.member_key = w.member_key) AS streak
        FROM weeks w WHERE {ctx.humans("member_key")}
        GROUP BY member_key
        """,
    )


def applicable(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> bool:
    """Only windows of at least ``consistency_min_weeks`` weeks: over a few days, the share of
    active weeks says which calendar weeks the window straddles, not who keeps showing up."""
    row = con.execute(
        f"""SELECT date_diff('second', min(created_at), max(created_at)) / 604800.0
            FROM interactions i WHERE {ctx.scope("i")} AND {ctx.when("i.created_at")}"""
    ).fetchone()
    weeks = row[0] if row and row[0] is not None else 0.0
    return bool(weeks >= float(ctx.setting("consistency_min_weeks")))


SIGNAL = register(
    Signal(
        "consistency",
        "Share of weeks active in the window; longest streak.",
        compute,
        "active {active_weeks:#week} ({value:.0%} of them), longest streak {streak:#week}",
        applicable=applicable,
        recency=False,
        windows=True,
    )
)
