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
  is compared within their platform and tier, and niche when they have one: the narrowest
  of (platform, tier, niche), (platform, tier), (platform) that holds at least
  ``creator_cohort_min`` creators (10). ``cohort`` says which, in words, and
  ``cohort_size`` how many; with fewer creators on the platform there is no percentile.
  Creators whose followers are unknown form a cohort of their own on each platform (their
  rates are per view);
- ``niche`` and ``niche_source``: the niche of :func:`~nichescout.creators.niche.creator_niches`
  — the one stored with the creator (``attributes.niche``, the creators form's ``niche``
  column), else the first the keyword classifier labels from their bio, captions and
  hashtags, else none — and which (``stored``, ``labelled``, ``none``). Niches are compared
  folded (case, spaces, hyphens do not matter). ``cohort`` names the niche and its source
  ("instagram, micro, fitness (labelled)"); a creator compared more widely is told why
  ("instagram, micro (labelled fitness cohort under 10)", or "(no niche stored or
  labelled)").

>>> from nichescout.data.creators import toy_creators
>>> frame = engagement(toy_creators(), settings={"creator_cohort_min": 2})
>>> frame[["handle", "tier", "core_micro", "engagement_median", "percentile"]]
  handle   tier  core_micro  engagement_median  percentile
0    ana  micro       False             0.0500         1.0
1     bo   nano       False             0.0325         0.5
2     cy    NaN       False                NaN         NaN
>>> frame["cohort"].tolist()  # doctest: +NORMALIZE_WHITESPACE
['toy:creators, all tiers (labelled fitness cohort under 2)',
 'toy:creators, all tiers (labelled food cohort under 2)',
 'toy:creators: 1 creator without followers (fewer than 2)']
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from nichescout.creators.niche import creator_niches, fold_niche
from nichescout.exceptions import ParameterError
from nichescout.scores.percentiles import cohort_percentile
from nichescout.scores.tiers import CORE_MICRO, core_micro_band, platform_tiers
from nichescout.settings import get as setting
from nichescout.signals import SIGNALS, SignalContext, Window

if TYPE_CHECKING:
    from nichescout.niches.taxonomy import Taxonomy
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
    "niche_source",
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
    taxonomy: Taxonomy | str | Path | None = None,
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
    taxonomy:
        A user taxonomy (TOML file read on top of the default, or a
        :class:`~nichescout.niches.taxonomy.Taxonomy`) for the labelled niches.

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
    frames = [_platform(store, p, Window(since, until), overrides, taxonomy) for p in platforms]
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
        "niche": "stored, else the first keyword label (nichescout.creators.niche), else none",
        "taxonomy": None if taxonomy is None else [str(t) for t in _sources(taxonomy)],
    }
    return frame


def _sources(taxonomy: Taxonomy | str | Path) -> list[Any]:
    """The files of a taxonomy given as one, or the path given."""
    return list(getattr(taxonomy, "sources", [taxonomy]))


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in ENGAGEMENT_COLUMNS})


def _platform(
    store: Store,
    platform: str,
    window: Window,
    overrides: dict[str, Any],
    taxonomy: Taxonomy | str | Path | None,
) -> pd.DataFrame:
    signal = SIGNALS["post_engagement"]
    ctx = SignalContext(platform, window, overrides)
    if not signal.applies(store.con, ctx):
        return _empty()
    raw = signal.compute(store.con, ctx)
    if raw.empty:
        return _empty()
    info = store.con.execute(
        """SELECT member_key, platform, member_id, handle, display_name
           FROM members WHERE platform = ?""",
        [platform],
    ).df()
    niches = creator_niches(store, platform, raw["member_key"], taxonomy)
    info = info.merge(niches[["member_key", "niche", "niche_source"]], on="member_key")
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
    frame["niche"] = frame["niche"].astype(object).where(frame["niche"].notna(), None)
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
    creators, and their percentile among all of that group. Niches group folded
    (:func:`~nichescout.creators.niche.fold_niche`); creators without one sit out the first
    level.
    """
    known = frame["followers"].notna()
    niche = frame["niche"].where(frame["niche"].notna(), None)
    frame = frame.assign(_known=known, _niche=niche.map(fold_niche, na_action="ignore"))
    tiers = frame["tier"].astype(str)
    names = niche.astype(str) + " (" + frame["niche_source"].astype(str) + ")"
    why = pd.Series(
        [
            f" ({source} {name} cohort under {minimum})"
            if isinstance(name, str)
            else " (no niche stored or labelled)"
            for name, source in zip(niche, frame["niche_source"], strict=True)
        ],
        index=frame.index,
    )
    levels = [
        (["_known", "tier", "_niche"], platform + ", " + tiers + ", " + names),
        (["_known", "tier"], platform + ", " + tiers + why),
        (["_known"], platform + ", all tiers" + why),
    ]
    pct = pd.Series(float("nan"), index=frame.index)
    size = pd.Series(0, index=frame.index, dtype="int64")
    label = pd.Series(None, index=frame.index, dtype=object)
    chosen = pd.Series(False, index=frame.index)
    for keys, words in levels:
        for _, group in frame[known].groupby(keys, dropna=True):
            take = group.index[~chosen.loc[group.index].to_numpy()]
            if len(group) < minimum or not len(take):
                continue
            pct.loc[take] = cohort_percentile(group["value"]).loc[take]
            size.loc[take] = len(group)
            label.loc[take] = words.loc[take]
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
