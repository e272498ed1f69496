"""The cohort a ranking covers: a platform's non-bot, non-deleted members who acted, or were
acted upon.

>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals import SignalContext
>>> cohort(toy_community().con, SignalContext("toy"))["activity"].tolist()
[5.0, 4.0, 4.0, 6.0, 1.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

import duckdb
import pandas as pd

from nichescout.signals import SIGNALS, SignalContext, Window

__all__ = ["cohort", "cohorts"]


def cohort(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    """Non-bot members who acted, or were acted upon, at least ``min_activity`` times.

    Columns: member_key, activity (what they did), received (what was done to them).
    Members who only receive (an account others retweet, an author others up-vote) are
    part of the community's influence too. Sorted by member_key.
    """
    return _cohorts(con, replace(ctx, extra_half_lives=()))[0]


def cohorts(
    con: duckdb.DuckDBPyConnection,
    ctx: SignalContext,
    windows: Sequence[tuple[Window, datetime | None]],
) -> list[pd.DataFrame]:
    """The :func:`cohort` of each of ``windows`` (a window and its reference time), in one
    pass over the events (:meth:`SignalContext.spanning`).

    >>> from datetime import datetime
    >>> from nichescout.data.toy import toy_community
    >>> con = toy_community().con
    >>> ws = [(Window(until=datetime(2024, 1, d)), None) for d in (4, 30)]
    >>> together = cohorts(con, SignalContext("toy"), ws)
    >>> [len(c) for c in together]
    [3, 5]
    >>> all(c.equals(cohort(con, SignalContext("toy", w))) for c, (w, _) in zip(together, ws))
    True
    """
    if not windows:
        return []
    return _cohorts(con, replace(ctx, extra_half_lives=()).spanning(windows))


def _cohorts(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> list[pd.DataFrame]:
    """The cohort of each window of ``ctx`` (one, unless it spans several)."""
    minimum = int(ctx.setting("min_activity"))
    recencies = ctx.recencies()
    acted = SIGNALS["activity"].compute(con, ctx)
    counts = ctx.each("received", lambda r: f"count(*) FILTER (WHERE {r.inside('i.created_at')})")
    received = con.execute(
        f"""SELECT target_key AS member_key, {counts} FROM interactions i
            WHERE {ctx.scope("i")} AND {ctx.when("i.created_at")}
              AND i.actor_key IS DISTINCT FROM i.target_key AND {ctx.humans("i.target_key")}
              AND {ctx.not_bot("i.actor_key")}
            GROUP BY 1"""
    ).df()
    values = [r.col("value") for r in recencies]
    both = acted[["member_key", *values]].merge(received, on="member_key", how="outer")
    # Deleted accounts (one placeholder per platform) are nobody to recognise.
    deleted = con.execute(f"SELECT member_key FROM {ctx.deleted()}").df()["member_key"]
    out = []
    for r in recencies:
        members = both[["member_key", r.col("value"), r.col("received")]].set_axis(
            ["member_key", "activity", "received"], axis=1
        )
        members = members.fillna({"activity": 0.0, "received": 0}).astype(
            {"member_key": "int64", "activity": "float64", "received": "int64"}
        )
        # in this window at all (a spanning query has rows for members of any window)
        seen = (members["activity"] > 0) | (members["received"] > 0)
        keep = seen & ((members["activity"] >= minimum) | (members["received"] >= minimum))
        keep &= ~members["member_key"].isin(deleted)
        out.append(members[keep].sort_values("member_key").reset_index(drop=True))
    return out
