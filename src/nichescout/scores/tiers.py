"""Audience tiers: nano < 1K ≤ micro < 100K ≤ macro < 1M ≤ mega followers (configurable).

Where a platform counts no followers (Q&A sites, Slack), the audience is the number of
distinct peers who interacted with the member, on the community scale of
:data:`nichescout.settings.TIERS` (nano < 10 ≤ micro < 100 ≤ macro < 1000 ≤ mega).

>>> assign_tier(25_000, "followers"), assign_tier(5, "peers"), assign_tier(150, "peers")
('micro', 'nano', 'macro')

Tiers by followers may differ per platform (the setting ``follower_tiers``), and the "core
micro" band (5K–50K followers by default, the setting ``core_micro_band``) cuts across them:

>>> tiers = {"follower_tiers": {"*": [["nano", 0], ["micro", 1000], ["macro", 100000]],
...                             "tiktok": [["nano", 0], ["micro", 10000], ["macro", 500000]]}}
>>> follower_tier(5_000, "tiktok:sample", tiers), follower_tier(5_000, "instagram", tiers)
('nano', 'micro')
>>> is_core_micro(5_000), is_core_micro(50_000), is_core_micro(None)
(True, False, False)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from nichescout import settings as _settings
from nichescout.exceptions import ParameterError
from nichescout.settings import TIERS

__all__ = [
    "CORE_MICRO",
    "assign_tier",
    "assign_tiers",
    "core_micro_band",
    "follower_tier",
    "is_core_micro",
    "platform_tiers",
]

#: The name that selects the core-micro band where a tier is asked for.
CORE_MICRO = "core-micro"


def platform_tiers(
    platform: str, overrides: Mapping[str, Any] | None = None
) -> tuple[tuple[str, float], ...]:
    """The follower tiers of ``platform`` (setting ``follower_tiers``): by its name, its
    family (the part before ':'), else ``'*'``; each a (name, lower bound) in order."""
    table = _settings.get("follower_tiers", overrides)
    family = platform.split(":", 1)[0]
    for key in (platform, family, "*"):
        if key in table:
            bounds = tuple((str(name), float(lower)) for name, lower in table[key])
            lows = [lower for _, lower in bounds]
            if not bounds or lows != sorted(lows):
                raise ParameterError.invalid(
                    "follower_tiers",
                    "settings",
                    f"a list of [tier, lower bound] in increasing order for {key!r}",
                    table[key],
                )
            return bounds
    return TIERS["followers"]


def follower_tier(
    followers: float | None, platform: str, overrides: Mapping[str, Any] | None = None
) -> str | None:
    """The tier of ``followers`` on ``platform`` (None when unknown)."""
    return assign_tier(followers, "followers", {"followers": platform_tiers(platform, overrides)})


def core_micro_band(overrides: Mapping[str, Any] | None = None) -> tuple[float, float]:
    """The core-micro band [low, high) of followers (setting ``core_micro_band``)."""
    low, high = _settings.get("core_micro_band", overrides)
    return float(low), float(high)


def is_core_micro(followers: float | None, overrides: Mapping[str, Any] | None = None) -> bool:
    """Whether ``followers`` lies in the core-micro band."""
    if followers is None or followers != followers:  # NaN
        return False
    low, high = core_micro_band(overrides)
    return low <= followers < high


def assign_tier(
    audience: float | None,
    scale: str,
    tiers: Mapping[str, tuple[tuple[str, float], ...]] | None = None,
) -> str | None:
    """The tier of an audience size on ``scale`` ('followers' or 'peers')."""
    if audience is None or audience != audience:  # NaN
        return None
    bounds = (tiers or TIERS)[scale]
    name = bounds[0][0]
    for tier, lower in bounds:
        if audience >= lower:
            name = tier
    return name


def assign_tiers(
    audience: pd.Series,
    scale: str,
    tiers: Mapping[str, tuple[tuple[str, float], ...]] | None = None,
) -> pd.Series:
    """:func:`assign_tier` of every value at once (missing audience gives None).

    >>> assign_tiers(pd.Series([5.0, 150.0, None]), "peers").tolist()
    ['nano', 'macro', None]
    """
    bounds = (tiers or TIERS)[scale]
    names = np.array([name for name, _ in bounds], dtype=object)
    lower = np.array([bound for _, bound in bounds], dtype="float64")
    values = audience.to_numpy(dtype="float64")
    index = np.clip(np.searchsorted(lower, values, side="right") - 1, 0, len(names) - 1)
    out = pd.Series(names[index], index=audience.index, dtype=object)
    return out.where(~np.isnan(values), None)
