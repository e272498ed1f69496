"""One member's profile: every signal with its raw value and percentile, and monthly trend.

>>> from nichescout.data.toy import toy_community
>>> profile = member_profile(toy_community(), "ann")
>>> profile.identity["display_name"], profile.rank, profile.cohort_size
('Ann Helper', 1, 5)
>>> profile.signals.loc["helpfulness", ["value", "percentile"]].tolist()
[2.0, 1.0]
>>> profile.trend[["month", "items", "actions", "received"]].to_dict("records")
[{'month': '2024-01', 'items': 3, 'actions': 2, 'received': 9}]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from nichescout.exceptions import NotFoundError
from nichescout.scores.scorer import CommunityScorer
from nichescout.scores.trend import member_trend
from nichescout.signals import SIGNALS, Window
from nichescout.store import Store

__all__ = ["MemberProfile", "member_profile"]


@dataclass
class MemberProfile:
    """Who the member is, where they rank, each signal, and activity by month."""

    identity: dict[str, Any]
    rank: int | None
    cohort_size: int
    score: float | None
    why: str | None
    signals: pd.DataFrame  # index: signal; columns: value, percentile, weight, description
    trend: pd.DataFrame  # month, items, actions, received


def _find(store: Store, member_id: str, platform: str | None) -> dict[str, Any]:
    if platform is not None:
        store.check_platform(platform)  # a misspelt platform says so, not "no member"
    rows = store.con.execute(
        """SELECT member_key, platform, member_id, handle, display_name, joined_at, followers,
                  is_bot FROM members
           WHERE member_id = ? AND (? IS NULL OR platform = ?)""",
        [member_id, platform, platform],
    ).df()
    if rows.empty:
        raise NotFoundError(
            f"No member {member_id!r}"
            + (f" on {platform}" if platform else "")
            + "; `nichescout rank` lists member ids."
        )
    if len(rows) > 1:
        raise NotFoundError(
            f"Member id {member_id!r} exists on several platforms "
            f"({', '.join(rows['platform'])}); pass --platform."
        )
    return dict(rows.iloc[0])


def member_profile(
    store: Store,
    member_id: str,
    *,
    platform: str | None = None,
    profile: str = "community",
    since: datetime | None = None,
    until: datetime | None = None,
    half_life_days: float | None = None,
) -> MemberProfile:
    """The profile of ``member_id`` (the source's own id) on ``platform``."""
    identity = _find(store, member_id, platform)
    identity.pop("member_key")
    scorer = CommunityScorer(
        profile,
        platform=identity["platform"],
        since=since,
        until=until,
        half_life_days=half_life_days,
    ).fit(store)
    scores = scorer.scores_
    mine = scores[scores["member_id"] == member_id]
    rows = []
    for name, weight in scorer.used_weights_.get(identity["platform"], {}).items():
        measured = not mine.empty and name in mine
        value = mine[name].iloc[0] if measured else None
        pct = mine[f"{name}_pct"].iloc[0] if measured else None
        rows.append(
            {
                "signal": name,
                "value": value,
                "percentile": pct,
                "weight": weight,
                "description": SIGNALS[name].description,
            }
        )
    signals = pd.DataFrame(rows).set_index("signal")
    trend = member_trend(store, identity["platform"], member_id, Window(since, until))
    return MemberProfile(
        identity=identity,
        rank=int(mine["rank"].iloc[0]) if not mine.empty else None,
        cohort_size=len(scores),
        score=float(mine["score"].iloc[0]) if not mine.empty else None,
        why=str(mine["why"].iloc[0]) if not mine.empty else None,
        signals=signals,
        trend=trend,
    )
