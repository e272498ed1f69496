"""Weight profiles: a goal to predict, and the prior weight of each signal.

A profile names a goal of :mod:`nichescout.goals` — the future behaviour its ranking
predicts — and prior weights. A fitted ranking (:mod:`nichescout.scores.fit`) starts from
the priors and learns, on the community's own past, how much each signal predicts the goal;
``--no-fit`` uses the priors as they are. Shipped: ``help``, ``engagement``, ``welcome``,
``reach``, ``community`` (the composite of the four, the default) and ``creator`` (for
creator data; its goal is engagement).

**The goal profiles' priors weigh three things equally**: the goal's own signals (a third
between them, in the proportions written below), how much the member does (``activity``,
the post count) and how much they are expected to do next (``expected_activity``, the BG/NBD
forecast), each a third:

ω⁰ = ω_goal + T·e_activity + T·e_expected_activity, with T = Σ_s ω_goal,s.

Chosen on the development data only (``experiments/small_communities.py``: 157 tasks made
by cutting the development histories into blocks; the priors without the two rank below the
best simple measure on 131 of them, with them on 83, and the ranking fitted from them loses
78 instead of 101). A community too small to fit is ranked by these priors as they are.
A user's TOML file may define more::

    [profiles.support]          # nichescout rank --profile support --profiles my.toml
    goal = "help"               # optional: community by default
    helpfulness = 4
    welcoming = 3
    peer_mentions = 1

>>> PROFILES["community"]["helpfulness"], PROFILES["community"]["activity"]
(3.0, 16.0)
>>> goal_share = {n: w for n, w in PROFILES["help"].items() if n not in PRIOR_BASE}
>>> sum(goal_share.values()) == PROFILES["help"]["activity"] == PROFILES["help"]["expected_activity"]
True
>>> load_profiles_toml('[profiles.mine]\\nhelpfulness = 2\\nreferrals = 1')["mine"]
{'helpfulness': 2.0, 'referrals': 1.0}
>>> PROFILE_GOALS["creator"], goal_of("mine", '[profiles.mine]\\ngoal = "welcome"')
('engagement', 'welcome')
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path

from nichescout.exceptions import InputError, ParameterError

__all__ = [
    "PRIOR_BASE",
    "PROFILES",
    "PROFILE_GOALS",
    "goal_of",
    "load_profiles_toml",
    "resolve_profile",
]

#: What every goal profile's prior adds to its goal's signals, each at their total weight.
PRIOR_BASE = ("activity", "expected_activity")


def _with_base(goal_signals: dict[str, float]) -> dict[str, float]:
    """The goal's signals, then post count and the forecast, each at the goal's total."""
    total = sum(goal_signals.values())
    return goal_signals | {name: total for name in PRIOR_BASE}


PROFILES: dict[str, dict[str, float]] = {
    # Community members: trust comes from helping, welcoming and being named by peers.
    "community": _with_base(
        {
            "helpfulness": 3.0,
            "welcoming": 2.0,
            "peer_mentions": 2.0,
            "positive_feedback": 1.5,
            "conversation_starting": 1.5,
            "network_pagerank": 1.5,
            "ugc_leadership": 1.0,
            "referrals": 1.0,
            "consistency": 1.0,
            "network_bridging": 0.5,
            "network_core": 0.5,
            "network_reach": 0.5,
        }
    ),
    # Goals: each predicts one future behaviour (nichescout.goals); fitted by default.
    "help": _with_base(
        {
            "helpfulness": 3.0,
            "help_given": 2.0,
            "accepted_answers": 1.0,
            "welcoming": 1.0,
            "peer_mentions": 1.0,
            "network_pagerank": 1.0,
            "consistency": 1.0,
        }
    ),
    "engagement": _with_base(
        {
            "positive_feedback": 3.0,
            "feedback_received": 2.0,
            "conversation_starting": 1.0,
            "peer_mentions": 1.0,
            "network_pagerank": 1.0,
            "consistency": 1.0,
        }
    ),
    "welcome": _with_base(
        {
            "welcoming": 3.0,
            "newcomers_welcomed": 2.0,
            "help_given": 1.0,
            "helpfulness": 1.0,
            "consistency": 1.0,
        }
    ),
    "reach": _with_base(
        {
            "peer_mentions": 2.0,
            "peer_reach": 2.0,
            "network_pagerank": 2.0,
            "network_reach": 1.0,
            "conversation_starting": 1.0,
            "degree": 1.0,
        }
    ),
    # Creators: a real, engaged audience first.
    "creator": {
        "engagement_rate": 3.0,
        "positive_feedback": 2.0,
        "network_pagerank": 1.5,
        "peer_mentions": 1.0,
        "conversation_starting": 1.0,
        "consistency": 1.0,
        "network_reach": 1.0,
        "network_bridging": 0.5,
    },
}


#: The goal each shipped profile predicts (a profile of the user's TOML says its own).
PROFILE_GOALS: dict[str, str] = {
    "community": "community",
    "help": "help",
    "engagement": "engagement",
    "welcome": "welcome",
    "reach": "reach",
    "creator": "engagement",
}


def goal_of(name: str, toml_text: str | None = None) -> str:
    """The goal profile ``name`` predicts: its TOML ``goal``, its shipped goal, or community."""
    if toml_text is not None:
        table = tomllib.loads(toml_text).get("profiles", {}).get(name, {})
        if isinstance(table, Mapping) and "goal" in table:
            return str(table["goal"])
    return PROFILE_GOALS.get(name, "community")


def load_profiles_toml(text: str, source: str = "<profiles>") -> dict[str, dict[str, float]]:
    """Profiles from TOML text: a ``[profiles.<name>]`` table of ``signal = weight``."""
    from nichescout.goals import GOALS
    from nichescout.signals import SIGNALS

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise InputError(source, None, f"not valid TOML: {err}") from err
    out: dict[str, dict[str, float]] = {}
    for name, weights in data.get("profiles", {}).items():
        if not isinstance(weights, Mapping):
            raise InputError(source, f"[profiles.{name}]", "must be a table of signal = weight.")
        profile = {}
        for signal, weight in weights.items():
            if signal == "goal":
                if weight not in GOALS:
                    raise InputError(
                        source,
                        f"[profiles.{name}] goal",
                        f"must be one of {', '.join(GOALS)}, not {weight!r}.",
                    )
                continue
            if signal not in SIGNALS:
                raise InputError(
                    source,
                    f"[profiles.{name}]",
                    f"unknown signal {signal!r}; known: {', '.join(SIGNALS)}.",
                )
            if not isinstance(weight, int | float) or weight < 0:
                raise InputError(
                    source,
                    f"[profiles.{name}] {signal}",
                    f"weight must be a non-negative number, not {weight!r}.",
                )
            profile[signal] = float(weight)
        out[name] = profile
    return out


def resolve_profile(
    profile: str | Mapping[str, float], profiles_file: str | Path | None = None
) -> tuple[str, dict[str, float], str]:
    """(name, weights, goal) for a profile name (built-in or from ``profiles_file``) or a
    mapping (whose goal is community)."""
    if isinstance(profile, Mapping):
        return "custom", {k: float(v) for k, v in profile.items()}, goal_of("custom")
    known = dict(PROFILES)
    text = None
    if profiles_file is not None:
        path = Path(profiles_file)
        text = path.read_text(encoding="utf-8")
        known.update(load_profiles_toml(text, str(path)))
    if profile not in known:
        raise ParameterError.invalid(
            "profile", "CommunityScorer", f"one of {sorted(known)}", profile
        )
    return profile, dict(known[profile]), goal_of(profile, text)
