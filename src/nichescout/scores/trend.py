"""Activity month by month: of a whole platform, and of one member.

>>> from nichescout.data.toy import toy_community
>>> store = toy_community()
>>> monthly_activity(store, "toy").to_dict("records")
[{'month': '2024-01', 'items': 9, 'interactions': 15}]
>>> member_trend(store, "toy", "ann").to_dict("records")
[{'month': '2024-01', 'items': 3, 'actions': 2, 'received': 9}]
"""

from __future__ import annotations

import pandas as pd

from nichescout.exceptions import NotFoundError
from nichescout.store import Store
from nichescout.window import Window

__all__ = ["member_trend", "month_range", "monthly_activity"]


def month_range(months: list[str] | pd.Series) -> list[str]:
    """Every month from the first to the last of ``months`` ('YYYY-MM'), in order.

    >>> month_range(["2019-11", "2020-02"])
    ['2019-11', '2019-12', '2020-01', '2020-02']
    >>> month_range([])
    []
    """
    values = sorted(set(months))
    if not values:
        return []
    periods = pd.period_range(values[0], values[-1], freq="M")
    return [str(p) for p in periods]


def _fill(frame: pd.DataFrame) -> pd.DataFrame:
    months = month_range(frame["month"])
    frame = frame.set_index("month").reindex(months, fill_value=0).rename_axis("month")
    return frame.astype("int64").reset_index()


def monthly_activity(store: Store, platform: str, window: Window | None = None) -> pd.DataFrame:
    """Content items and interactions of ``platform`` per month (months without any are 0)."""
    window = window or Window()
    frame = store.con.execute(
        f"""
        WITH ev AS (
            SELECT created_at, 1 AS item FROM content c
            WHERE c.platform = $platform AND {window.where("c.created_at")}
            UNION ALL
            SELECT created_at, 0 FROM interactions i
            WHERE i.platform = $platform AND {window.where("i.created_at")})
        SELECT strftime(date_trunc('month', created_at), '%Y-%m') AS month,
               count(*) FILTER (WHERE item = 1) AS items,
               count(*) FILTER (WHERE item = 0) AS interactions
        FROM ev WHERE created_at IS NOT NULL GROUP BY 1 ORDER BY 1
        """,
        {"platform": platform},
    ).df()
    return _fill(frame)


def member_trend(
    store: Store, platform: str, member_id: str, window: Window | None = None
) -> pd.DataFrame:
    """One member's items posted, actions taken and interactions received, per month."""
    window = window or Window()
    row = store.con.execute(
        "SELECT member_key FROM members WHERE platform = ? AND member_id = ?",
        [platform, member_id],
    ).fetchone()
    if row is None:
        raise NotFoundError(f"No member {member_id!r} on {platform}.")
    frame = store.con.execute(
        f"""
        WITH ev AS (
            SELECT created_at, 'items' AS what FROM content c
            WHERE c.author_key = $key AND {window.where("c.created_at")}
            UNION ALL SELECT created_at, 'actions' FROM interactions i
            WHERE i.actor_key = $key AND {window.where("i.created_at")}
            UNION ALL SELECT created_at, 'received' FROM interactions i
            WHERE i.target_key = $key AND i.actor_key IS DISTINCT FROM $key
              AND {window.where("i.created_at")})
        SELECT strftime(date_trunc('month', created_at), '%Y-%m') AS month,
               count(*) FILTER (WHERE what = 'items') AS items,
               count(*) FILTER (WHERE what = 'actions') AS actions,
               count(*) FILTER (WHERE what = 'received') AS received
        FROM ev WHERE created_at IS NOT NULL GROUP BY 1 ORDER BY 1
        """,
        {"key": int(row[0])},
    ).df()
    return _fill(frame)
