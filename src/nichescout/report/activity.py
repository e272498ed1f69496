"""Activity over time for the report: the platform's month by month, and its top members'.

The platform series counts content items and interactions per calendar month inside the
window; both come from :mod:`nichescout.scores.trend`.
Months without events are filled with zeros so that gaps show as gaps.

>>> from nichescout.data.toy import toy_community
>>> platform_activity(toy_community(), "toy").to_dict("records")
[{'month': '2024-01', 'items': 9, 'interactions': 15}]
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pandas as pd

from nichescout.scores.trend import member_trend, month_range, monthly_activity
from nichescout.store import Store
from nichescout.window import Window

__all__ = ["member_activity", "month_range", "platform_activity"]  # month_range re-exported


def platform_activity(
    store: Store,
    platform: str,
    since: datetime | None = None,
    until: datetime | None = None,
) -> pd.DataFrame:
    """Content items and interactions of ``platform`` per month: month, items, interactions."""
    return monthly_activity(store, platform, Window(since, until))


def member_activity(
    store: Store,
    platform: str,
    member_ids: Sequence[str],
    *,
    profile: str = "community",
    since: datetime | None = None,
    until: datetime | None = None,
) -> dict[str, pd.DataFrame]:
    """Each member's monthly trend (month, items, actions, received), keyed by member id.

    ``profile`` is accepted for symmetry with the other report helpers; trends do not
    depend on it.
    """
    window = Window(since, until)
    return {m: member_trend(store, platform, m, window) for m in member_ids}
