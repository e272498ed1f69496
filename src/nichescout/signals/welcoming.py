r"""welcoming: distinct newcomers answered within hours of their first post.

.. math::

    W_m = \sum_{n \in N_m} w(f_n), \quad
    N_m = \{ n \ne m : \exists\ \text{reply } m \to n \text{ at } t,\ f_n \le t < f_n + h \}

where :math:`f_n` is the time of member *n*'s first post on the platform (over all history
before the window's end: a newcomer is new to the community, not to the window), *h* the
setting ``welcome_window_hours`` (48 by default; fractions of an hour count) and the
newcomer's first post lies inside the window. Both sides are human, and the newcomer is not
the placeholder standing for deleted accounts (its "first post" is nobody's). The explanation quotes
*h* as set (column ``hours``).

>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals.base import SignalContext, by_member_id
>>> con = toy_community().con
>>> by_member_id(con, compute(con, SignalContext("toy")))  # Ann welcomes Cat and Bob
{'ann': 2.0, 'dan': 1.0}
>>> frame = compute(con, SignalContext("toy", overrides={"welcome_window_hours": 2.5}))
>>> SIGNAL.explain(frame.iloc[0].to_dict())  # Ann answered Cat 2 h after her question
'answered 1 newcomer within 2.5 h of their first post'
"""

from __future__ import annotations

import duckdb
import pandas as pd

from nichescout.signals.base import Signal, SignalContext, query, register


def compute(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    hours = float(ctx.setting("welcome_window_hours"))
    return query(
        con,
        f"""
        WITH first_post AS (
            SELECT c.author_key AS newcomer, min(c.created_at) AS first_at
            FROM content c WHERE {ctx.scope("c")} AND c.author_key IS NOT NULL
              AND {ctx.before_end("c.created_at")}
            GROUP BY 1),
        welcomed AS (
            SELECT DISTINCT i.actor_key AS member_key, f.newcomer, f.first_at
            FROM interactions i JOIN first_post f ON f.newcomer = i.target_key
            WHERE {ctx.scope("i")} AND i.kind = 'reply'
              AND i.actor_key IS DISTINCT FROM i.target_key
              AND i.created_at >= f.first_at
              AND i.created_at < f.first_at + to_microseconds({round(hours * 3_600_000_000)})
              AND {ctx.when("i.created_at")} AND {ctx.when("f.first_at")})
        SELECT member_key, {ctx.each("value", lambda r: f"sum({r.weight('first_at')})")},
               count(*) AS newcomers,
               {hours} AS hours
        FROM welcomed WHERE {ctx.humans("member_key")} AND {ctx.humans("newcomer")}
          AND newcomer NOT IN {ctx.deleted()}
        GROUP BY 1
        """,
    )


SIGNAL = register(
    Signal(
        "welcoming",
        "Distinct newcomers answered within welcome_window_hours of their first post.",
        compute,
        "answered {newcomers:#newcomer} within {hours:g} h of their first post",
        grid=True,
    )
)
