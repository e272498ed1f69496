r"""activity: how much the member did in the window (items posted plus actions taken).

.. math:: A_m = |\text{items by } m| + |\text{interactions with actor } m|

Not part of the default weight profiles: it is the "post count" baseline of the evaluation,
and the scorer's ``min_activity`` filter.

>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals.base import SignalContext, by_member_id
>>> con = toy_community().con
>>> by_member_id(con, compute(con, SignalContext("toy")))["ann"]
5.0
"""

from __future__ import annotations

import duckdb
import pandas as pd

from nichescout.signals.base import Signal, SignalContext, query, register


def compute(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    # one count per window of a spanning context (SignalContext.spanning), else just one
    values = ctx.each("value", lambda r: f"count(*) FILTER (WHERE {r.inside('t')})")
    first = ctx.recencies()[0].inside("t")
    return query(
        con,
        f"""
        SELECT member_key, {values}, count(*) FILTER (WHERE src = 'c' AND {first}) AS items,
               count(*) FILTER (WHERE src = 'i' AND {first}) AS actions
        FROM (SELECT author_key AS member_key, 'c' AS src, created_at AS t FROM content c
              WHERE {ctx.scope("c")} AND {ctx.when("c.created_at")}
              UNION ALL
              SELECT actor_key, 'i', created_at FROM interactions i
              WHERE {ctx.scope("i")} AND {ctx.when("i.created_at")})
        WHERE member_key IS NOT NULL AND {ctx.humans("member_key")}
        GROUP BY 1
        """,
    )


SIGNAL = register(
    Signal(
        "activity",
        "Items posted plus actions taken.",
        compute,
        "{items:#post} and {actions:#action}",
        group="baseline",
        recency=False,
        windows=True,
    )
)
