r"""referrals: members who joined through the member.

.. math::

    R_m = \sum_{n \in J_m} \max w(t), \quad J_m = \{ n \ne m : \text{referral or invite }
    m \to n \text{ in the window} \}

>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals.base import SignalContext, by_member_id
>>> con = toy_community().con
>>> by_member_id(con, compute(con, SignalContext("toy")))
{'dan': 1.0}
"""

from __future__ import annotations

import duckdb
import pandas as pd

from nichescout.signals.base import Signal, SignalContext, query, register


def compute(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    return query(
        con,
        f"""
        SELECT member_key, sum(w) AS value, count(*) AS referred FROM (
            SELECT i.actor_key AS member_key, i.target_key,
                   max({ctx.weight("i.created_at")}) AS w
            FROM interactions i
            WHERE {ctx.scope("i")} AND i.kind IN ('referral', 'invite')
              AND {ctx.when("i.created_at")} AND i.target_key IS NOT NULL
              AND i.actor_key IS DISTINCT FROM i.target_key
            GROUP BY 1, 2)
        WHERE {ctx.humans("member_key")}
        GROUP BY 1
        """,
    )


SIGNAL = register(
    Signal(
        "referrals",
        "Members who joined through them.",
        compute,
        "brought in {referred:#member}",
    )
)
