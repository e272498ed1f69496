r"""positive_feedback: net up-votes and reactions received per item, shrunk toward zero.

.. math::

    F_m = \frac{\sum_{i \in U_m} w(t_i) - \sum_{i \in D_m} w(t_i)}{n_m + k}

where :math:`U_m` are the ``vote_up``, ``reaction`` and ``share`` interactions that target
*m*, :math:`D_m` the ``vote_down`` ones, :math:`n_m` the items *m* posted in the window, of the
kinds that receive feedback on the platform at all (Stack Exchange dumps carry no votes on
comments, so comments do not dilute the average), and
:math:`k` the setting ``feedback_prior_items`` (3): a member needs several well-received items
to rank high, one lucky post is not enough.

>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals.base import SignalContext, by_member_id
>>> con = toy_community().con
>>> by_member_id(con, compute(con, SignalContext("toy")))
{'ann': 0.4, 'cat': 0.0, 'dan': -0.25}
"""

from __future__ import annotations

import duckdb
import pandas as pd

from nichescout.signals.base import Signal, SignalContext, query, register


def compute(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    prior = float(ctx.setting("feedback_prior_items"))
    return query(
        con,
        f"""
        WITH received AS (
            SELECT i.target_key AS member_key,
                   sum(CASE WHEN i.kind = 'vote_down' THEN 0
                            ELSE {ctx.weight("i.created_at")} END) AS up,
                   sum(CASE WHEN i.kind = 'vote_down' THEN {ctx.weight("i.created_at")}
                            ELSE 0 END) AS down
            FROM interactions i
            WHERE {ctx.scope("i")} AND i.kind IN ('vote_up', 'vote_down', 'reaction', 'share')
              AND {ctx.when("i.created_at")}
              AND i.target_key IS DISTINCT FROM i.actor_key
            GROUP BY 1),
        feedback_kinds AS (
            SELECT DISTINCT c.kind FROM interactions i JOIN content c
              ON c.platform = i.platform AND c.content_id = i.content_id
            WHERE {ctx.scope("i")} AND i.kind IN ('vote_up', 'vote_down', 'reaction', 'share')),
        items AS (
            SELECT author_key AS member_key, count(*) AS items FROM content c
            WHERE {ctx.scope("c")} AND {ctx.when("c.created_at")}
              AND c.kind IN (SELECT kind FROM feedback_kinds) GROUP BY 1)
        SELECT member_key, (coalesce(up, 0) - coalesce(down, 0))
                            / (coalesce(items, 0) + {prior}) AS value,
               coalesce(up, 0) AS up, coalesce(down, 0) AS down,
               coalesce(items, 0) AS items
        FROM received FULL JOIN items USING (member_key)
        WHERE member_key IS NOT NULL AND {ctx.humans("member_key")}
        """,
    )


SIGNAL = register(
    Signal(
        "positive_feedback",
        "Net up-votes and reactions received per item.",
        compute,
        (
            "{up:#up-vote or reaction|up-votes and reactions}",
            "{down:#down-vote}",
            "{items:#item} posted",
        ),
    )
)
