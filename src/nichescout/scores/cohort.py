"""The cohort a ranking covers: a platform's non-bot, non-deleted members who acted, or were
acted upon.

>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals import SignalContext
>>> cohort(toy_community().con, SignalContext("toy"))["activity"].tolist()
[5.0, 4.0, 4.0, 6.0, 1.0]
"""

from __future__ import annotations

import duckdb
import pandas as pd

from nichescout.signals import SIGNALS, SignalContext

__all__ = ["cohort"]


def cohort(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    """Non-bot members who acted, or were acted upon, at least ``min_activity`` times.

    Columns: member_key, activity (what they did), received (what was done to them).
    Members who only receive (an account others retweet, an author others up-vote) are
    part of the community's influence too. Sorted by member_key.
    """
    minimum = int(ctx.setting("min_activity"))
    acted = SIGNALS["activity"].compute(con, ctx)[["member_key", "value"]]
    received = con.execute(
        f"""SELECT target_key AS member_key, count(*) AS received FROM interactions i
            WHERE {ctx.scope("i")} AND {ctx.when("i.created_at")}
              AND i.actor_key IS DISTINCT FROM i.target_key AND {ctx.humans("i.target_key")}
              AND {ctx.not_bot("i.actor_key")}
            GROUP BY 1"""
    ).df()
    members = acted.rename(columns={"value": "activity"}).merge(
        received, on="member_key", how="outer"
    )
    members = members.fillna({"activity": 0.0, "received": 0}).astype(
        {"member_key": "int64", "activity": "float64", "received": "int64"}
    )
    keep = (members["activity"] >= minimum) | (members["received"] >= minimum)
    # Deleted accounts (one placeholder per platform) are nobody to recognise.
    deleted = con.execute(f"SELECT member_key FROM {ctx.deleted()}").df()["member_key"]
    keep &= ~members["member_key"].isin(deleted)
    return members[keep].sort_values("member_key").reset_index(drop=True)
