r"""engagement_rate: engagements received per item, divided by the audience.

.. math::

    E_m = \begin{cases}
        \dfrac{e_m}{n_m \cdot F_m} & \text{when the platform counts } m\text{'s followers
        } (F_m > 0) \\[1ex]
        \dfrac{e_m}{V_m} & \text{else, with } V_m = \sum_{c \in I_m} \text{views}(c) > 0
    \end{cases}

where :math:`I_m` are the items *m* posted in the window, :math:`n_m = |I_m|`, and
:math:`e_m` the engagements they received up to the window's end from anyone but *m* (bots
do not count; anonymous votes do): ``reaction``, ``share`` and ``vote_up`` interactions
whose ``content_id`` is one of the items, and ``reply`` and ``mention`` interactions whose
own content (the reply, the comment) has one of the items as its ``parent_id``. Views are
already counted per item, so the views audience is not divided by :math:`n_m` again: the
rate is then engagements per view. On a platform with no ``reaction`` or ``vote_up``
interactions at all, the ``likes`` the source counted on each item (``content.likes``, a
count as of the export) are added to :math:`e_m`. Members with neither followers nor views
have no engagement rate (the scorer leaves the signal out for them).

>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals.base import SignalContext
>>> from nichescout.signals.base import by_member_id
>>> con = toy_community().con
>>> compute(con, SignalContext("toy")).empty  # no audience sizes in the toy
True

Give Ann 10 followers: her 3 items drew 2 up-votes (on a1) and 4 replies and mentions under
them (Bob's thanks under a3, Cat's answer and Dan's comment with its mention under q3):

>>> _ = con.execute("UPDATE members SET followers = 10 WHERE member_id = 'ann'")
>>> frame = compute(con, SignalContext("toy"))
>>> by_member_id(con, frame), by_member_id(con, frame, "engagements")
({'ann': 0.2}, {'ann': 6.0})
"""

from __future__ import annotations

import duckdb
import pandas as pd

from nichescout.signals.base import Signal, SignalContext, query, register

#: Interactions on the item itself (``content_id`` = the item).
ON_ITEM = ("reaction", "share", "vote_up")
#: Interactions carried by the actor's own content, whose parent is the item.
UNDER_ITEM = ("reply", "mention")


def compute(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    on_item = ", ".join(f"'{k}'" for k in ON_ITEM)
    under_item = ", ".join(f"'{k}'" for k in UNDER_ITEM)
    return query(
        con,
        f"""
        WITH items AS (
            SELECT c.author_key AS member_key, c.content_id, coalesce(c.views, 0) AS views,
                   coalesce(c.likes, 0) AS likes
            FROM content c
            WHERE {ctx.scope("c")} AND {ctx.when("c.created_at")} AND c.author_key IS NOT NULL),
        events AS (
            SELECT i.actor_key,
                   CASE WHEN i.kind IN ({under_item}) THEN own.parent_id
                        ELSE i.content_id END AS item
            FROM interactions i
            LEFT JOIN content own
              ON own.platform = i.platform AND own.content_id = i.content_id
             AND i.kind IN ({under_item})
            WHERE {ctx.scope("i")} AND i.kind IN ({on_item}, {under_item})
              AND {ctx.before_end("i.created_at")} AND {ctx.not_bot("i.actor_key")}),
        engaged AS (
            SELECT t.member_key, count(*) AS engagements
            FROM events e JOIN items t ON t.content_id = e.item
            WHERE e.actor_key IS DISTINCT FROM t.member_key
            GROUP BY 1),
        per_member AS (
            SELECT member_key, count(*) AS items, sum(views) AS views,
                   CASE WHEN {ctx.lacks("reaction", "vote_up")} THEN sum(likes) ELSE 0 END
                       AS likes
            FROM items GROUP BY 1),
        rated AS (
            SELECT p.member_key, coalesce(e.engagements, 0) + p.likes AS engagements, p.items,
                   nullif(m.followers, 0) AS followers, nullif(p.views, 0) AS views
            FROM per_member p JOIN members m ON m.member_key = p.member_key
            LEFT JOIN engaged e ON e.member_key = p.member_key
            WHERE {ctx.humans("p.member_key")})
        SELECT member_key,
               CASE WHEN followers IS NOT NULL THEN engagements / items / followers
                    ELSE engagements / views END AS value,
               engagements, items, coalesce(followers, views) AS audience
        FROM rated WHERE coalesce(followers, views) IS NOT NULL
        """,
    )


def applicable(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> bool:
    """Only where the platform tells audience sizes (followers, or views of items)."""
    row = con.execute(
        f"""SELECT (SELECT count(*) FROM members m WHERE {ctx.scope("m")} AND m.followers > 0)
                 + (SELECT count(*) FROM content c WHERE {ctx.scope("c")} AND c.views > 0)"""
    ).fetchone()
    return bool(row and row[0])


SIGNAL = register(
    Signal(
        "engagement_rate",
        "Engagements received per item ÷ followers, or per view.",
        compute,
        "{engagements:#engagement} on {items:#item} for an audience of {audience:,.0f}",
        missing_means_zero=False,
        applicable=applicable,
        recency=False,
    )
)
