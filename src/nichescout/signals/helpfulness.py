r"""helpfulness: answers accepted, and replies the asker thanked.

.. math::

    H_m = \sum_{a \in A_m} w(t_a) + \sum_{r \in T_m} w(t_r)

where :math:`A_m` are the ``accept`` interactions that name *m* as the answerer, and
:math:`T_m` are the replies by *m* that the thread's asker thanked — by a ``reaction`` or
``vote_up`` from the asker on the reply, or by a later item of the asker whose text says
thanks (``thank``, ``thx``, ``solved``, ``worked``) answering the reply directly, or, in chat
threads where the asker answers the thread root, crediting the latest earlier reply by
someone else. :math:`w` is the recency weight of the window.

>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals.base import SignalContext, by_member_id
>>> con = toy_community().con
>>> frame = compute(con, SignalContext("toy"))
>>> by_member_id(con, frame), by_member_id(con, frame, "thanked")
({'ann': 3.0}, {'ann': 1.0})
"""

from __future__ import annotations

import duckdb
import pandas as pd

from nichescout.signals.base import Signal, SignalContext, query, register

THANKS = r"(?i)\b(thanks?|thank you|thx|ty|solved|that worked|it worked|works now)\b"


def compute(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    return query(
        con,
        f"""
        WITH accepted AS (
            SELECT i.target_key AS member_key, sum({ctx.weight("i.created_at")}) AS w
            FROM interactions i
            WHERE {ctx.scope("i")} AND i.kind = 'accept' AND {ctx.when("i.created_at")}
              AND i.target_key IS DISTINCT FROM i.actor_key
            GROUP BY 1),
        replies AS (
            SELECT c.content_id, c.author_key, c.parent_id, c.thread_id, c.created_at,
                   root.author_key AS asker
            FROM content c JOIN content root
              ON root.platform = c.platform AND root.content_id = c.thread_id
            WHERE {ctx.scope("c")} AND c.parent_id IS NOT NULL
              AND c.author_key IS DISTINCT FROM root.author_key),
        by_reaction AS (
            SELECT DISTINCT r.content_id, r.author_key, i.created_at AS thanked_at
            FROM replies r JOIN interactions i
              ON {ctx.scope("i")} AND i.content_id = r.content_id
             AND i.kind IN ('reaction', 'vote_up') AND i.actor_key = r.asker),
        thanks AS (
            SELECT t.parent_id, t.thread_id, t.created_at, t.author_key
            FROM content t JOIN content root
              ON root.platform = t.platform AND root.content_id = t.thread_id
            WHERE {ctx.scope("t")} AND t.author_key = root.author_key
              AND regexp_matches(t.text, '{THANKS}')),
        by_words_direct AS (
            SELECT r.content_id, r.author_key, t.created_at AS thanked_at
            FROM thanks t JOIN replies r ON r.content_id = t.parent_id),
        by_words_thread AS (
            SELECT r.content_id, r.author_key, t.created_at AS thanked_at
            FROM thanks t JOIN replies r
              ON t.parent_id = t.thread_id AND r.thread_id = t.thread_id
             AND r.created_at < t.created_at
            QUALIFY row_number() OVER (PARTITION BY t.thread_id, t.created_at
                                       ORDER BY r.created_at DESC) = 1),
        thanked AS (
            SELECT author_key AS member_key, sum({ctx.weight("thanked_at")}) AS w FROM (
                SELECT content_id, any_value(author_key) AS author_key, min(thanked_at) AS thanked_at
                FROM (SELECT * FROM by_reaction UNION ALL SELECT * FROM by_words_direct
                      UNION ALL SELECT * FROM by_words_thread)
                GROUP BY content_id)
            WHERE {ctx.when("thanked_at")}
            GROUP BY 1)
        SELECT member_key, coalesce(a.w, 0) + coalesce(t.w, 0) AS value,
               coalesce(a.w, 0) AS accepted, coalesce(t.w, 0) AS thanked
        FROM accepted a FULL JOIN thanked t USING (member_key)
        WHERE {ctx.humans("member_key")}
        """,
    )


SIGNAL = register(
    Signal(
        "helpfulness",
        "Answers accepted and replies the asker thanked.",
        compute,
        ("{accepted:#accepted answer}", "{thanked:#reply|replies} thanked by the asker"),
    )
)
