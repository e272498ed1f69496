"""Audience tiers: nano < 1K ≤ micro < 100K ≤ macro < 1M ≤ mega followers (configurable).

Where a platform counts no followers (Q&A sites, Slack), the audience is the number of
distinct peers who interacted with the member, on the community scale of
:data:`nichescout.settings.TIERS` (nano < 10 ≤ micro < 100 ≤ macro < 1000 ≤ mega).

>>> assign_tier(25_000, "followers"), assign_tier(5, "peers"), assign_tier(150, "peers")
('micro', 'nano', 'macro')
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from nichescout.settings import TIERS

__all__ = ["assign_tier", "assign_tiers"]


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
