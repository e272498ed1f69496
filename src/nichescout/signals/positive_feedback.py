r"""positive_feedback: net up-votes and reactions received per item, shrunk toward zero.

.. math::

    F_m = \frac{\sum_{i \in U_m} w(t_i) - \sum_{i \in D_m} w(t_i)}{n_m + k}

where :math:`I_m` are the items *m* posted in the window, of the kinds that receive feedback
on the platform at all (Stack Exchange dumps carry no votes on comments, so comments do not
dilute the average), :math:`n_m = |I_m|`; :math:`U_m` are the ``vote_up``, ``reaction`` and
``share`` interactions on those items (their ``content_id``) made in the window, and
:math:`D_m` the ``vote_down`` ones. Numerator and denominator cover the same items: feedback
received in the window on items posted in the window, so an old post's votes do not inflate
the average of someone who posts little now. Feedback by *m* on their own items or by bots
never counts; anonymous votes do. :math:`k` is the setting ``feedback_prior_items`` (3): a
member needs several well-received items to rank high, one lucky post is not enough.

On a platform with no ``reaction`` or ``vote_up`` interactions at all, the ``likes`` the
source counted on each item (``content.likes``, a count as of the export) are up-votes,
weighted by the item's date, and kinds with likes receive feedback.

>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals.base import SignalContext, by_member_id
>>> con = toy_community().con
>>> by_member_id(con, compute(con, SignalContext("toy")))
{'ann': 0.4, 'cat': 0.0, 'dan': -0.25}
"""

from __future__ import annotations

import duckdb
import pandas as pd

from nichescout.signals.base import Recency, Signal, SignalContext, query, register, sql_text

#: The interactions that are feedback on an item.
FEEDBACK = ("vote_up", "vote_down", "reaction", "share")


def compute(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    prior = float(ctx.setting("feedback_prior_items"))
    kinds = ", ".join(f"'{k}'" for k in FEEDBACK)
    likes = ctx.lacks("reaction", "vote_up")
    liked = f"CASE WHEN {likes} THEN coalesce(c.likes, 0) ELSE 0 END"
    up, down = "(i.kind <> 'vote_down')::INTEGER", "(i.kind = 'vote_down')::INTEGER"

    def net(r: Recency) -> str:
        return (
            f"(coalesce(r.{r.col('up')}, 0) + p.{r.col('liked')} - coalesce(r.{r.col('down')}, 0))"
            f" / (p.{r.col('items')} + {prior})"
        )

    def on_item(r: Recency) -> str:
        # feedback in the window on an item posted in it (both, in a spanning context)
        return r.weight("i.created_at", "t.created_at")

    # The kinds of item that ever drew feedback on the platform, in any window: found once
    # (a join of all its feedback with its items) for a fit's inner cutoffs and the ranking.
    found = ctx.once(
        "positive_feedback.kinds",
        lambda: con.execute(
            f"""SELECT DISTINCT c.kind FROM interactions i JOIN content c
                  ON c.platform = i.platform AND c.content_id = i.content_id
                WHERE {ctx.scope("i")} AND i.kind IN ({kinds})
                UNION
                SELECT DISTINCT c.kind FROM content c
                WHERE {ctx.scope("c")} AND c.likes > 0 AND {likes}"""
        ).fetchall(),
    )
    feedback_kinds = sorted(k for (k,) in found if k is not None)
    is_feedback_kind = (
        f"c.kind IN ({', '.join(sql_text(k) for k in feedback_kinds)})"
        if feedback_kinds
        else "FALSE"
    )
    return query(
        con,
        f"""
        WITH items AS (
            SELECT c.content_id, c.author_key AS member_key, c.created_at,
                   {ctx.each("liked", lambda r: f"{liked} * {r.weight('c.created_at')}")}
            FROM content c
            WHERE {ctx.scope("c")} AND {ctx.when("c.created_at")} AND c.author_key IS NOT NULL
              AND {is_feedback_kind}),
        received AS (
            SELECT t.member_key,
                   {ctx.each("up", lambda r: f"sum({up} * {on_item(r)})")},
                   {ctx.each("down", lambda r: f"sum({down} * {on_item(r)})")}
            FROM interactions i JOIN items t ON t.content_id = i.content_id
            WHERE {ctx.scope("i")} AND i.kind IN ({kinds}) AND {ctx.when("i.created_at")}
              AND i.actor_key IS DISTINCT FROM t.member_key AND {ctx.not_bot("i.actor_key")}
            GROUP BY 1),
        per_member AS (
            SELECT member_key,
                   {ctx.each("items", lambda r: f"count(*) FILTER (WHERE {r.inside('created_at')})")},
                   {ctx.each("liked", lambda r: f"sum({r.col('liked')})")}
            FROM items GROUP BY 1)
        SELECT member_key, {ctx.each("value", net)},
               coalesce(r.up, 0) + p.liked AS up, coalesce(r.down, 0) AS down, p.items
        FROM per_member p LEFT JOIN received r USING (member_key)
        WHERE {ctx.humans("member_key")}
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
        grid=True,
        windows=True,
    )
)
