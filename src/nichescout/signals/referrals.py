r"""referrals: members who joined through the member.

.. math::

    R_m = \sum_{n \in J_m} w(f_n), \quad J_m = \{ n \ne m :\ f_n \text{ in the window},\
    m \text{ sent } n \text{ the latest invitation at or before } f_n \}

where :math:`f_n` is member *n*'s first appearance on the platform — their first item or
their first interaction as actor (a ``join`` too), over all history before the window's end
— and an invitation is a ``referral`` or ``invite`` interaction from *m* to *n* (Slack
records a channel add as a ``referral`` beside the joiner's ``join``, at the same time). A
referral is a newcomer whose first appearance follows their invitation: someone invited or
added to a channel after they were already active is not one, nor is someone invited who
never appeared. When several members invited the newcomer, the latest invitation before
they appeared brought them in (invitations at the same moment all count). Inviters and
newcomers are human; undated events are left out (they cannot be ordered).

>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals.base import SignalContext, by_member_id
>>> con = toy_community().con
>>> by_member_id(con, compute(con, SignalContext("toy")))  # Dan brought in Eve
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
        WITH appeared AS (
            SELECT member_key, min(seen_at) AS first_at FROM (
                SELECT c.author_key AS member_key, c.created_at AS seen_at FROM content c
                WHERE {ctx.scope("c")} AND {ctx.before_end("c.created_at")}
                UNION ALL
                SELECT i.actor_key, i.created_at FROM interactions i
                WHERE {ctx.scope("i")} AND {ctx.before_end("i.created_at")})
            WHERE member_key IS NOT NULL AND seen_at IS NOT NULL
            GROUP BY 1),
        invited AS (
            SELECT i.actor_key AS member_key, i.target_key AS newcomer, a.first_at
            FROM interactions i JOIN appeared a ON a.member_key = i.target_key
            WHERE {ctx.scope("i")} AND i.kind IN ('referral', 'invite')
              AND i.actor_key IS DISTINCT FROM i.target_key AND i.created_at <= a.first_at
              AND {ctx.when("a.first_at")}
              AND {ctx.humans("i.actor_key")} AND {ctx.humans("i.target_key")}
            QUALIFY rank() OVER (PARTITION BY i.target_key ORDER BY i.created_at DESC) = 1),
        credited AS (SELECT DISTINCT member_key, newcomer, first_at FROM invited)
        SELECT member_key, {ctx.each("value", lambda r: f"sum({r.weight('first_at')})")},
               count(*) AS referred
        FROM credited
        GROUP BY 1
        """,
    )


SIGNAL = register(
    Signal(
        "referrals",
        "Members whose first appearance followed their invitation.",
        compute,
        "brought in {referred:#member}",
        grid=True,
        windows=True,
    )
)
