"""Audience tiers: nano < 1K ≤ micro < 100K ≤ macro < 1M ≤ mega followers (configurable).

Where a platform counts no followers (Q&A sites, Slack), the audience is the number of
distinct peers who interacted with the member, on the community scale of
:data:`nichescout.settings.TIERS` (nano < 10 ≤ micro < 100 ≤ macro < 1000 ≤ mega).

>>> assign_tier(25_000, "followers"), assign_tier(5, "peers"), assign_tier(150, "peers")
('micro', 'nano', 'macro')
"""

from __future__ import annotations

from collections.abc import Mapping

from nichescout.settings import TIERS

__all__ = ["assign_tier"]


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
