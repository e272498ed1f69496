r"""engagement_rate: engagements received per item, divided by the audience.

.. math::

    E_m = \frac{1}{A_m} \cdot \frac{|\{\text{reply, reaction, share, vote\_up, mention on } m
    \text{'s items}\}|}{n_m}

where :math:`n_m` is the number of items *m* posted in the window and :math:`A_m` the audience:
followers when the platform counts them, else the views of the items. Members with neither
have no engagement rate (the scorer leaves the signal out for them).

>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals.base import SignalContext
>>> compute(toy_community().con, SignalContext("toy")).empty  # no audience sizes in the toy
True
"""

from __future__ import annotations

import duckdb
import pandas as pd

from nichescout.signals.base import Signal, SignalContext, query, register


def compute(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    return query(
        con,
        f"""
        WITH items AS (
            SELECT c.author_key AS member_key, c.content_id, coalesce(c.views, 0) AS views
            FROM content c
            WHERE {ctx.scope("c")} AND {ctx.when("c.created_at")} AND c.author_key IS NOT NULL),
        engaged AS (
            SELECT t.member_key, count(i.kind) AS engagements
            FROM items t JOIN interactions i
              ON {ctx.scope("i")} AND i.content_id = t.content_id
             AND i.kind IN ('reply', 'reaction', 'share', 'vote_up', 'mention')
             AND i.actor_key IS DISTINCT FROM t.member_key AND {ctx.before_end("i.created_at")}
            GROUP BY 1),
        per_member AS (
            SELECT member_key, count(*) AS items, sum(views) AS views FROM items GROUP BY 1)
        SELECT p.member_key,
               coalesce(e.engagements, 0) / p.items
                 / coalesce(nullif(m.followers, 0), nullif(p.views, 0)) AS value,
               coalesce(e.engagements, 0) AS engagements, p.items,
               coalesce(nullif(m.followers, 0), nullif(p.views, 0)) AS audience
        FROM per_member p JOIN members m ON m.member_key = p.member_key
        LEFT JOIN engaged e ON e.member_key = p.member_key
        WHERE coalesce(nullif(m.followers, 0), nullif(p.views, 0)) IS NOT NULL
          AND NOT coalesce(m.is_bot, false)
        """,
    )


def applicable(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> bool:
    """Only where the platform tells audience sizes (followers, or views of items)."""
    row = con.execute(
        f"""SELECT (SELECT count(*) FROM members m WHERE {ctx.scope("m")} AND m.followers > 0)
                 + (SELECT count(*) FROM content c WHERE {ctx.scope("c")} AND c.views > 0)"""
    ).fetchone()
    return bool(row and row[0])


SIGNAL = register(
    Signal(
        "engagement_rate",
        "Engagements received per item ÷ audience (followers, or views).",
        compute,
        "{engagements:#engagement} on {items:#item} for an audience of {audience:,.0f}",
        missing_means_zero=False,
        applicable=applicable,
    )
)
