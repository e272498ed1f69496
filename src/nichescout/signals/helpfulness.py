r"""helpfulness: answers accepted, and replies the asker thanked — each helped reply once.

.. math::

    H_m = \sum_{r \in R_m} w(h_r), \qquad h_r = \min \{\text{times } r \text{ was accepted
    or thanked, up to the window's end}\}

where :math:`R_m` are the replies and answers of *m* that helped, counted once each however
many times they were accepted or thanked, and only when :math:`h_r` — the first time they
were — lies in the window. :math:`w` is the recency weight of the window. A reply helped when:

* an ``accept`` interaction names *m* as the answerer (the reply is its ``content_id``; an
  accept that names no content is a help of its own); on a platform with **no** ``accept``
  interactions at all, an answer with ``content.accepted`` true (not the asker's own) is
  accepted instead, dated by its ``created_at``;
* the thread's asker reacted to it or up-voted it (``reaction``, ``vote_up``);
* the asker wrote an item whose text matches the setting ``thanks_pattern`` and not
  ``thanks_negation_pattern`` ("thanks, that worked" counts; "no thanks", "not solved",
  "didn't work", "still not working" do not), answering the reply directly, or — in chat
  threads where the asker answers the thread root — crediting the latest earlier reply by
  someone else.

The explanation splits :math:`H_m` into ``accepted`` (helped replies that were accepted) and
``thanked`` (helped replies thanked but never accepted).

>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals.base import SignalContext, by_member_id
>>> con = toy_community().con
>>> frame = compute(con, SignalContext("toy"))  # a3 was accepted *and* thanked: once
>>> by_member_id(con, frame), by_member_id(con, frame, "accepted")
({'ann': 2.0}, {'ann': 2.0})
"""

from __future__ import annotations

import duckdb
import pandas as pd

from nichescout.signals.base import Signal, SignalContext, query, register, sql_text


def compute(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    thanks = sql_text(str(ctx.setting("thanks_pattern")))
    negation = sql_text(str(ctx.setting("thanks_negation_pattern")))
    return query(
        con,
        f"""
        WITH replies AS (
            SELECT c.content_id, c.author_key, c.thread_id, c.created_at,
                   root.author_key AS asker
            FROM content c JOIN content root
              ON root.platform = c.platform AND root.content_id = c.thread_id
            WHERE {ctx.scope("c")} AND c.parent_id IS NOT NULL
              AND c.author_key IS DISTINCT FROM root.author_key),
        thanks AS (
            SELECT t.content_id, t.parent_id, t.thread_id, t.created_at
            FROM content t JOIN content root
              ON root.platform = t.platform AND root.content_id = t.thread_id
            WHERE {ctx.scope("t")} AND t.author_key = root.author_key
              AND regexp_matches(t.text, {thanks}) AND NOT regexp_matches(t.text, {negation})),
        helped AS (
            SELECT i.target_key AS member_key,
                   coalesce(i.content_id, 'accept ' || i.interaction_id) AS item,
                   i.created_at AS helped_at, true AS accepted
            FROM interactions i
            WHERE {ctx.scope("i")} AND i.kind = 'accept'
              AND i.target_key IS DISTINCT FROM i.actor_key
            UNION ALL
            SELECT c.author_key, c.content_id, c.created_at, true
            FROM content c LEFT JOIN content root
              ON root.platform = c.platform AND root.content_id = c.thread_id
            WHERE {ctx.scope("c")} AND coalesce(c.accepted, false)
              AND c.author_key IS DISTINCT FROM root.author_key AND {ctx.lacks("accept")}
            UNION ALL
            SELECT r.author_key, r.content_id, i.created_at, false
            FROM replies r JOIN interactions i
              ON {ctx.scope("i")} AND i.content_id = r.content_id
             AND i.kind IN ('reaction', 'vote_up') AND i.actor_key = r.asker
            UNION ALL
            SELECT r.author_key, r.content_id, t.created_at, false
            FROM thanks t JOIN replies r ON r.content_id = t.parent_id
            UNION ALL
            SELECT author_key, content_id, thanked_at, false FROM (
                SELECT r.author_key, r.content_id, t.created_at AS thanked_at
                FROM thanks t JOIN replies r
                  ON t.parent_id = t.thread_id AND r.thread_id = t.thread_id
                 AND r.created_at < t.created_at
                QUALIFY row_number() OVER (PARTITION BY t.content_id
                                           ORDER BY r.created_at DESC, r.content_id DESC) = 1)),
        once AS (
            SELECT member_key, item, min(helped_at) AS helped_at, bool_or(accepted) AS accepted
            FROM helped WHERE {ctx.before_end("helped_at")}
            GROUP BY 1, 2)
        SELECT member_key, {ctx.each("value", lambda r: f"sum({r.weight('helped_at')})")},
               coalesce(sum({ctx.weight("helped_at")}) FILTER (WHERE accepted), 0) AS accepted,
               coalesce(sum({ctx.weight("helped_at")}) FILTER (WHERE NOT accepted), 0) AS thanked
        FROM once
        WHERE {ctx.when("helped_at")} AND {ctx.humans("member_key")}
        GROUP BY 1
        """,
    )


SIGNAL = register(
    Signal(
        "helpfulness",
        "Answers accepted and replies the asker thanked, each once.",
        compute,
        ("{accepted:#accepted answer}", "{thanked:#reply|replies} thanked by the asker"),
        grid=True,
        windows=True,
    )
)
