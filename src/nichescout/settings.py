"""Every weight and threshold nichescout uses, as a table of named settings with help text.

Nothing numeric is scattered through the code: a signal or the scorer reads its setting
from here (STYLE.md E14), and ``nichescout settings`` lists them.

>>> SETTINGS["welcome_window_hours"].default
48.0
>>> get("welcome_window_hours", {"welcome_window_hours": 24})
24.0
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from nichescout.exceptions import ParameterError

__all__ = ["INTERACTION_WEIGHTS", "SETTINGS", "TIERS", "Setting", "get"]


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


_ALL = [
    Setting(
        "welcome_window_hours",
        48.0,
        "A reply counts as welcoming when it reaches a newcomer within this many hours "
        "of the newcomer's first post.",
    ),
    Setting(
        "half_life_days",
        None,
        "Recency weighting: an event this many days before the end of the window counts "
        "half as much as one at the end (None: every event counts fully).",
    ),
    Setting(
        "idea_tags",
        ("feature-request", "proposal", "idea", "suggestion", "discussion"),
        "Tags that mark a post as an idea or community initiative (ugc_leadership).",
    ),
    Setting(
        "min_activity",
        1,
        "Members with fewer events than this in the window are left out of rankings.",
    ),
    Setting(
        "consistency_min_weeks",
        4.0,
        "consistency is only measured over windows at least this many weeks long.",
    ),
    Setting("why_top", 3, "How many contributing signals each explanation names."),
    Setting(
        "why_limit",
        20_000,
        "How many of a cohort's best-scored members get an explanation in words.",
    ),
    Setting(
        "feedback_prior_items",
        3.0,
        "positive_feedback shrinks the per-item average toward 0 as if the member had "
        "this many extra items with no feedback (so one lucky post does not top the list).",
    ),
    Setting("pagerank_damping", 0.85, "Damping factor of the interaction-graph PageRank."),
    Setting("community_resolution", 1.0, "Resolution of the Louvain community detection."),
]

SETTINGS: dict[str, Setting] = {s.name: s for s in _ALL}

#: Edge weight of each interaction kind in the interaction graph (target gains standing
#: from actor). Negative feedback and joins carry no endorsement, so they are left out.
INTERACTION_WEIGHTS: dict[str, float] = {
    "reply": 1.0,
    "mention": 1.0,
    "reaction": 0.5,
    "vote_up": 0.5,
    "accept": 2.0,
    "share": 1.0,
    "follow": 1.0,
    "referral": 1.0,
    "invite": 0.5,
}

#: Audience tiers by follower count (defaults of DESIGN.md); lower bounds, in order.
#: Platforms without follower counts (Q&A sites, Slack) use the number of distinct peers who
#: interacted with the member, on the community scale.
TIERS: dict[str, tuple[tuple[str, float], ...]] = {
    "followers": (("nano", 0), ("micro", 1_000), ("macro", 100_000), ("mega", 1_000_000)),
    "peers": (("nano", 0), ("micro", 10), ("macro", 100), ("mega", 1_000)),
}


def get(name: str, overrides: Mapping[str, Any] | None = None) -> Any:
    """The value of setting ``name``: the override when given, else its default."""
    if name not in SETTINGS:
        raise ParameterError(f"No setting named {name!r}; known: {', '.join(sorted(SETTINGS))}.")
    if overrides and name in overrides:
        value = overrides[name]
        default = SETTINGS[name].default
        return float(value) if isinstance(default, float) else value
    return SETTINGS[name].default
