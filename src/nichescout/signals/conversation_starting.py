r"""conversation_starting: threads started, times the distinct participants they drew.

.. math::

    S_m = \sum_{t \in T_m} w(t_0) \cdot |\{ a \ne m : a \text{ posted in } t \}|

where :math:`T_m` are the threads *m* opened in the window (content that is its own thread
root: questions, posts, chat messages that became threads) and :math:`t_0` their start.
Participants are the other human authors of items in the thread, counted up to the window's
end (bots do not count).

>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals.base import SignalContext, by_member_id
>>> con = toy_community().con
>>> by_member_id(con, compute(con, SignalContext("toy")))
{'ann': 2.0, 'bob': 1.0, 'cat': 2.0}
"""

from __future__ import annotations

import duckdb
import pandas as pd

from nichescout.signals.base import Signal, SignalContext, query, register


def compute(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    return query(
        con,
        f"""
        WITH threads AS (
            SELECT c.content_id, c.author_key, c.created_at FROM content c
            WHERE {ctx.scope("c")} AND c.content_id = c.thread_id
              AND c.author_key IS NOT NULL AND {ctx.when("c.created_at")}),
        drawn AS (
            SELECT t.content_id, t.author_key, t.created_at,
                   count(DISTINCT p.author_key) AS participants
            FROM threads t JOIN content p
              ON {ctx.scope("p")} AND p.thread_id = t.content_id
             AND p.author_key <> t.author_key AND {ctx.before_end("p.created_at")}
             AND {ctx.humans("p.author_key")}
            GROUP BY ALL)
        SELECT t.author_key AS member_key,
               {ctx.each("value", lambda r: f"sum({r.weight('t.created_at')} * coalesce(d.participants, 0))")},
               count(*) AS threads, sum(coalesce(d.participants, 0)) AS participants
        FROM threads t LEFT JOIN drawn d USING (content_id)
        WHERE {ctx.humans("t.author_key")}
        GROUP BY 1 HAVING sum(coalesce(d.participants, 0)) > 0
        """,
    )


SIGNAL = register(
    Signal(
        "conversation_starting",
        "Threads started × distinct participants they drew.",
        compute,
        "started {threads:#thread} that drew {participants:#participant}",
        grid=True,
    )
)
