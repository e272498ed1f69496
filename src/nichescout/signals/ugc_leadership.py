r"""ugc_leadership: ideas and initiatives proposed, and the votes and participants they drew.

.. math::

    U_m = \sum_{d \in I_m} w(t_d) \left( |\text{participants}(d)| + \text{up-votes}(d)
    + \text{reactions}(d) \right)

where :math:`I_m` are the ideas *m* posted in the window: content of kind ``idea``, or thread
roots tagged with one of the setting ``idea_tags`` (``feature-request``, ``proposal``, …).
Participants are the other human authors of items in the idea's thread; votes are the
``vote_up`` and ``reaction`` interactions on the idea by anyone but its author and bots
(anonymous votes count); both are counted up to the window's end.

>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals.base import SignalContext, by_member_id
>>> con = toy_community().con
>>> by_member_id(con, compute(con, SignalContext("toy")))  # Ann's FAQ idea drew Cat and Dan
{'ann': 2.0}
"""

from __future__ import annotations

import duckdb
import pandas as pd

from nichescout.signals.base import Signal, SignalContext, query, register


def compute(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    tags = list(ctx.setting("idea_tags"))
    tag_list = "[" + ", ".join("'" + t.replace("'", "''") + "'" for t in tags) + "]"
    return query(
        con,
        f"""
        WITH ideas AS (
            SELECT c.content_id, c.author_key, c.created_at FROM content c
            WHERE {ctx.scope("c")} AND c.author_key IS NOT NULL AND {ctx.when("c.created_at")}
              AND (c.kind = 'idea' OR (c.content_id = c.thread_id
                   AND list_has_any(coalesce(c.tags, []), {tag_list}::VARCHAR[])))),
        people AS (
            SELECT d.content_id, count(DISTINCT p.author_key) AS n FROM ideas d
            JOIN content p ON {ctx.scope("p")} AND p.thread_id = d.content_id
             AND p.author_key <> d.author_key AND {ctx.before_end("p.created_at")}
             AND {ctx.humans("p.author_key")}
            GROUP BY 1),
        votes AS (
            SELECT d.content_id, count(*) AS n FROM ideas d
            JOIN interactions i ON {ctx.scope("i")} AND i.content_id = d.content_id
             AND i.kind IN ('vote_up', 'reaction') AND {ctx.before_end("i.created_at")}
             AND i.actor_key IS DISTINCT FROM d.author_key AND {ctx.not_bot("i.actor_key")}
            GROUP BY 1)
        SELECT d.author_key AS member_key,
               {ctx.each("value", lambda r: f"sum({r.weight('d.created_at')} * (coalesce(p.n, 0) + coalesce(v.n, 0)))")},
               count(*) AS ideas, sum(coalesce(p.n, 0)) AS participants,
               sum(coalesce(v.n, 0)) AS votes
        FROM ideas d LEFT JOIN people p USING (content_id) LEFT JOIN votes v USING (content_id)
        WHERE {ctx.humans("d.author_key")}
        GROUP BY 1
        """,
    )


SIGNAL = register(
    Signal(
        "ugc_leadership",
        "Ideas and initiatives proposed, and the votes and participants they drew.",
        compute,
        "proposed {ideas:#idea} that drew {participants:#participant} and {votes:#vote}",
        grid=True,
    )
)
