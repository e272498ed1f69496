r"""peer_mentions: how many distinct peers mention the member.

.. math::

    P_m = \sum_{a \in M_m} \max_{i: a \to m} w(t_i)

where :math:`M_m` is the set of distinct non-bot members *a* ≠ *m* with a ``mention`` of *m*
in the window (each peer counts once, at the weight of their latest mention).

>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals.base import SignalContext, by_member_id
>>> con = toy_community().con
>>> by_member_id(con, compute(con, SignalContext("toy")))  # the bot's mention does not count
{'ann': 1.0}
"""

from __future__ import annotations

import duckdb
import pandas as pd

from nichescout.signals.base import Signal, SignalContext, query, register


def compute(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    return query(
        con,
        f"""
        SELECT member_key, sum(w) AS value, count(*) AS peers FROM (
            SELECT i.target_key AS member_key, i.actor_key,
                   max({ctx.weight("i.created_at")}) AS w
            FROM interactions i
            WHERE {ctx.scope("i")} AND i.kind = 'mention' AND {ctx.when("i.created_at")}
              AND i.actor_key IS DISTINCT FROM i.target_key AND {ctx.humans("i.actor_key")}
            GROUP BY 1, 2)
        WHERE {ctx.humans("member_key")}
        GROUP BY 1
        """,
    )


SIGNAL = register(
    Signal(
        "peer_mentions",
        "Distinct peers who mention the member.",
        compute,
        "mentioned by {peers:#peer}",
    )
)
