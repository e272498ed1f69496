r"""post_engagement: a creator's typical engagement per post over their last posts.

For member *m*, :math:`P_m` are their last :math:`N` posts in the window — top-level items
of kind ``post`` or ``video``, newest first by ``created_at`` (then ``content_id``), with
:math:`N` the setting ``engagement_recent_posts`` (12). Each post *p* has the engagements

.. math:: e_p = L_p + C_p + S_p

the likes, comments and shares the platform counted on it (``content.likes``,
``comments``, ``shares``); where a count is missing, what the store holds instead, up to
the window's end and from anyone but *m* and bots: ``reaction`` and ``vote_up`` events on
*p* for :math:`L_p`, items whose parent is *p* for :math:`C_p`, ``share`` events for
:math:`S_p` (:math:`S_p = 0` when the setting ``engagement_count_shares`` is false). Its
rates are

.. math:: r_p = \frac{e_p}{F_m} \quad (F_m > 0 \text{ followers}), \qquad
          v_p = \frac{e_p}{V_p} \quad (V_p > 0 \text{ views: videos})

and the signal is :math:`\operatorname{median}_{p \in P_m} r_p`, or, for a member whose
followers are unknown, the median of :math:`v_p` over the posts of :math:`P_m` with views;
members with neither have none. Beside it: ``mean`` and ``cv`` — the coefficient of
variation :math:`s / \bar r` (sample standard deviation over mean, over at least two posts
with a mean above 0), how much the rate swings from post to post: its *stability*, low is
steady — and the same by views (``view_median``, ``view_mean``, ``view_cv``, over the
``video_posts``). Counts are as of the export, so a window bounds which posts count, not
when their likes came. No recency weighting: the last *N* posts are the recency.

>>> from nichescout.data.creators import toy_creators
>>> from nichescout.signals.base import SignalContext, by_member_id
>>> con = toy_creators().con
>>> frame = compute(con, SignalContext("toy:creators"))
>>> by_member_id(con, frame)  # Ana: median of 50, 25 and 120 engagements ÷ 1,000
{'ana': 0.05, 'bo': 0.033, 'cy': 0.035}
>>> by_member_id(con, frame, "cv")["ana"], by_member_id(con, frame, "view_median")["ana"]
(0.758, 0.03)

Bo's first loaf has no comment count: Ana's stored comment stands in (10 + 1 = 11 ÷ 200);
Cy has no follower count, so his rate is per view (35 ÷ 1,000).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from nichescout.signals.base import Signal, SignalContext, query, register

#: Content kinds that are a creator's posts.
POST_KINDS = ("post", "video")
#: Events that stand in for an uncounted like, and for an uncounted share.
LIKE_EVENTS = ("reaction", "vote_up")
SHARE_EVENTS = ("share",)


def _kinds(kinds: tuple[str, ...]) -> str:
    return ", ".join(f"'{k}'" for k in kinds)


def compute(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    recent = int(ctx.setting("engagement_recent_posts"))
    shares = "coalesce(l.shares, o.shares, 0)" if ctx.setting("engagement_count_shares") else "0"
    return query(
        con,
        f"""
        WITH posts AS (
            SELECT c.author_key AS member_key, c.content_id, c.likes, c.comments, c.shares,
                   c.views,
                   row_number() OVER (PARTITION BY c.author_key
                                      ORDER BY c.created_at DESC, c.content_id DESC) AS newest
            FROM content c
            WHERE {ctx.scope("c")} AND {ctx.when("c.created_at")} AND c.author_key IS NOT NULL
              AND c.parent_id IS NULL AND c.kind IN ({_kinds(POST_KINDS)})),
        last AS (SELECT * FROM posts WHERE newest <= {recent}),
        events AS (
            SELECT i.content_id,
                   count(*) FILTER (WHERE i.kind IN ({_kinds(LIKE_EVENTS)})) AS likes,
                   count(*) FILTER (WHERE i.kind IN ({_kinds(SHARE_EVENTS)})) AS shares
            FROM interactions i JOIN last l ON l.content_id = i.content_id
            WHERE {ctx.scope("i")} AND i.kind IN ({_kinds(LIKE_EVENTS + SHARE_EVENTS)})
              AND {ctx.before_end("i.created_at")} AND {ctx.not_bot("i.actor_key")}
              AND i.actor_key IS DISTINCT FROM l.member_key
            GROUP BY 1),
        under AS (
            SELECT k.parent_id AS content_id, count(*) AS comments
            FROM content k JOIN last l ON l.content_id = k.parent_id
            WHERE {ctx.scope("k")} AND {ctx.before_end("k.created_at")}
              AND {ctx.not_bot("k.author_key")} AND k.author_key IS DISTINCT FROM l.member_key
            GROUP BY 1),
        rated AS (
            SELECT l.member_key, e, e / nullif(m.followers, 0) AS r,
                   CASE WHEN l.views > 0 THEN e / l.views END AS v,
                   nullif(m.followers, 0) AS followers
            FROM (SELECT l.*, coalesce(l.likes, o.likes, 0) + coalesce(l.comments, u.comments, 0)
                             + {shares} AS e
                  FROM last l LEFT JOIN events o USING (content_id)
                  LEFT JOIN under u USING (content_id)) l
            JOIN members m ON m.member_key = l.member_key
            WHERE {ctx.humans("l.member_key")})
        SELECT member_key,
               CASE WHEN any_value(followers) IS NOT NULL THEN median(r) ELSE median(v) END
                   AS value,
               count(*) AS posts, any_value(followers) AS followers, sum(e) AS engagements,
               median(r) AS median, avg(r) AS mean,
               CASE WHEN count(r) >= 2 AND avg(r) > 0 THEN stddev_samp(r) / avg(r) END AS cv,
               count(v) AS video_posts, median(v) AS view_median, avg(v) AS view_mean,
               CASE WHEN count(v) >= 2 AND avg(v) > 0 THEN stddev_samp(v) / avg(v) END
                   AS view_cv,
               CASE WHEN any_value(followers) IS NOT NULL THEN 'followers' ELSE 'views' END
                   AS basis
        FROM rated
        GROUP BY member_key
        HAVING any_value(followers) IS NOT NULL OR count(v) > 0
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
        "post_engagement",
        "Median engagements per post over the last posts ÷ followers (or per view).",
        compute,
        "median {value:.2%} engaged per post over the last {posts:#post}",
        group="creator",
        missing_means_zero=False,
        applicable=applicable,
        recency=False,
    )
)
