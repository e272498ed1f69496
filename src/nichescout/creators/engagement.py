"""Creators' tiers and engagement, against their cohort.

:func:`engagement` gives one row per creator — a member with posts in the window and an
audience size (followers, or views on videos) — with

- ``tier`` by followers, from the platform's tiers (setting ``follower_tiers``; nano < 1K
  ≤ micro < 100K ≤ macro < 1M ≤ mega by default), and ``core_micro``: followers in the
  core-micro band (setting ``core_micro_band``, 5K–50K);
- the signal ``post_engagement`` over their last posts (setting
  ``engagement_recent_posts``): ``engagement_median`` and ``engagement_mean`` (engagements
  per post ÷ followers), ``engagement_cv`` (its coefficient of variation: stability, low is
  steady), and the same per view over their videos (``view_median``, ``view_mean``,
  ``view_cv``, ``video_posts``);
- ``percentile``: the share of the creator's cohort whose engagement (``engagement_median``,
  or ``view_median`` where followers are unknown) is at most theirs — the convention of
  :func:`nichescout.scores.percentiles.cohort_percentile` (ties share the highest rank; a
  creator with no engagement gets 0). Expected rates fall as audiences grow, so a creator
  is compared within their platform and tier, and niche when the members carry one
  (``attributes.niche``, from the creators form's ``niche`` column): the narrowest of
  (platform, tier, niche), (platform, tier), (platform) that holds at least
  ``creator_cohort_min`` creators (10). ``cohort`` says which, in words, and
  ``cohort_size`` how many; with fewer creators on the platform there is no percentile.
  Creators whose followers are unknown form a cohort of their own on each platform (their
  rates are per view).

>>> from nichescout.data.creators import toy_creators
>>> frame = engagement(toy_creators(), settings={"creator_cohort_min": 2})
>>> frame[["handle", "tier", "core_micro", "engagement_median", "percentile"]]
  handle   tier  core_micro  engagement_median  percentile
0    ana  micro       False             0.0500         1.0
1     bo   nano       False             0.0325         0.5
2     cy    NaN       False                NaN         NaN
>>> frame["cohort"].tolist()  # doctest: +NORMALIZE_WHITESPACE
['toy:creators, all tiers (no stored niches)', 'toy:creators, all tiers (no stored niches)',
 'toy:creators: 1 creator without followers (fewer than 2)']
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from nichescout.exceptions import ParameterError
from nichescout.scores.percentiles import cohort_percentile
from nichescout.scores.tiers import CORE_MICRO, core_micro_band, platform_tiers
from nichescout.settings import get as setting
from nichescout.signals import SIGNALS, SignalContext, Window

if TYPE_CHECKING:
    from nichescout.store import Store

__all__ = ["ENGAGEMENT_COLUMNS", "engagement"]

#: The columns of :func:`engagement`, in order.
ENGAGEMENT_COLUMNS = [
    "platform",
    "member_id",
    "handle",
    "display_name",
    "followers",
    "tier",
    "core_micro",
    "niche",
    "posts",
    "engagement_median",
    "engagement_mean",
    "engagement_cv",
    "video_posts",
    "view_median",
    "view_mean",
    "view_cv",
    "basis",
    "percentile",
    "cohort",
    "cohort_size",
]

_RENAME = {
    "median": "engagement_median",
    "mean": "engagement_mean",
    "cv": "engagement_cv",
}


def engagement(
    store: Store,
    platform: str | None = None,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    tier: str | None = None,
    settings: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Tier, engagement and cohort percentile of every creator (module docstring).

    Parameters
    ----------
    store:
        The store.
    platform:
        Only this platform; ``None``: every platform with creators, each on its own.
    since, until:
        The window: only posts with ``since <= created_at < until`` count.
    tier:
        Keep only creators of this tier (percentiles stay those of their cohort), or
        ``"core-micro"`` for the core-micro band.
    settings:
        Overrides of the named settings (tiers, band, last posts, cohort minimum).

    Returns
    -------
    DataFrame
        :data:`ENGAGEMENT_COLUMNS`, sorted by platform, then percentile (highest first),
        then handle.
    """
    if platform is not None:
        store.check_platform(platform)
        platforms = [platform]
    else:
        platforms = store.platforms()
    overrides = dict(settings or {})
    frames = [_platform(store, p, Window(since, until), overrides) for p in platforms]
    frame = pd.concat([f for f in frames if not f.empty] or [_empty()], ignore_index=True)
    if tier is not None:
        known = {name for p in platforms for name, _ in platform_tiers(p, overrides)}
        if tier != CORE_MICRO and tier not in known:
            raise ParameterError.invalid(
                "tier", "engagement", f"one of {sorted(known) + [CORE_MICRO]}", tier
            )
        keep = frame["core_micro"] if tier == CORE_MICRO else frame["tier"] == tier
        frame = frame[keep.astype(bool)]
    frame = frame.sort_values(
        ["platform", "percentile", "handle"], ascending=[True, False, True], kind="stable"
    )
    frame = frame.reset_index(drop=True)
    frame.attrs["provenance"] = {
        "signal": "post_engagement",
        "window": {"since": since, "until": until},
        "settings": {
            name: setting(name, overrides)
            for name in (
                "follower_tiers",
                "core_micro_band",
                "engagement_recent_posts",
                "engagement_count_shares",
                "creator_cohort_min",
            )
        },
    }
    return frame


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in ENGAGEMENT_COLUMNS})


def _platform(
    store: Store, platform: str, window: Window, overrides: dict[str, Any]
) -> pd.DataFrame:
    signal = SIGNALS["post_engagement"]
    ctx = SignalContext(platform, window, overrides)
    if not signal.applies(store.con, ctx):
        return _empty()
    raw = signal.compute(store.con, ctx)
    if raw.empty:
        return _empty()
    info = store.con.execute(
        """SELECT member_key, platform, member_id, handle, display_name,
                  nullif(trim(json_extract_string(attributes, '$.niche')), '') AS niche
           FROM members WHERE platform = ?""",
        [platform],
    ).df()
    frame = raw.merge(info, on="member_key", how="left").rename(columns=_RENAME)
    bounds = platform_tiers(platform, overrides)
    low, high = core_micro_band(overrides)
    followers = frame["followers"].astype("float64")
    frame["tier"] = [_tier(f, bounds) for f in followers]
    frame["core_micro"] = (followers >= low) & (followers < high)
    minimum = int(setting("creator_cohort_min", overrides))
    frame["percentile"], frame["cohort"], frame["cohort_size"] = _percentiles(
        frame, platform, minimum
    )
    for column in ("posts", "video_posts"):
        frame[column] = frame[column].astype("int64")
    frame["followers"] = frame["followers"].astype("Int64")
    return frame[ENGAGEMENT_COLUMNS]


def _tier(followers: float, bounds: tuple[tuple[str, float], ...]) -> str | None:
    if followers != followers:  # NaN: followers unknown
        return None
    name = bounds[0][0]
    for tier, lower in bounds:
        if followers >= lower:
            name = tier
    return name


def _percentiles(
    frame: pd.DataFrame, platform: str, minimum: int
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """``percentile``, ``cohort`` and ``cohort_size`` of each creator (module docstring).

    Each level — (tier, niche), tier, the platform; creators without followers apart — is a
    set of groups; a creator takes the first level whose group holds at least ``minimum``
    creators, and their percentile among all of that group.
    """
    note = "" if frame["niche"].notna().any() else " (no stored niches)"
    known = frame["followers"].notna()
    frame = frame.assign(_known=known)
    levels = [
        (["_known", "tier", "niche"], "{platform}, {tier}, {niche}"),
        (["_known", "tier"], "{platform}, {tier}" + note),
        (["_known"], "{platform}, all tiers" + note),
    ]
    pct = pd.Series(float("nan"), index=frame.index)
    size = pd.Series(0, index=frame.index, dtype="int64")
    label = pd.Series(None, index=frame.index, dtype=object)
    chosen = pd.Series(False, index=frame.index)
    for keys, template in levels:
        for _, group in frame[known].groupby(keys, dropna=True):
            take = group.index[~chosen.loc[group.index].to_numpy()]
            if len(group) < minimum or not len(take):
                continue
            pct.loc[take] = cohort_percentile(group["value"]).loc[take]
            size.loc[take] = len(group)
            label.loc[take] = [template.format(**frame.loc[i]) for i in take]
            chosen.loc[take] = True
    views_only = frame.index[~known]
    if len(views_only) >= minimum:
        pct.loc[views_only] = cohort_percentile(frame.loc[views_only, "value"])
        label.loc[views_only] = f"{platform}, creators without followers (rates per view)"
        chosen.loc[views_only] = True
        size.loc[views_only] = len(views_only)
    for followers_known in (True, False):
        rest = frame.index[~chosen & (known == followers_known)]
        if not len(rest):
            continue
        count = int((known == followers_known).sum())
        which = "with" if followers_known else "without"
        label.loc[rest] = (
            f"{platform}: {count} creator{'s' if count != 1 else ''} {which} followers "
            f"(fewer than {minimum})"
        )
        size.loc[rest] = count
    return pct, label, size
