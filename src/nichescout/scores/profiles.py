"""Weight profiles: how much each signal counts in a score.

Two profiles ship (``community`` and ``creator``); a user's TOML file may define more::

    [profiles.support]          # nichescout rank --profile support --profiles my.toml
    helpfulness = 4
    welcoming = 3
    peer_mentions = 1

>>> PROFILES["community"]["helpfulness"]
3.0
>>> load_profiles_toml('[profiles.mine]\\nhelpfulness = 2\\nreferrals = 1')["mine"]
{'helpfulness': 2.0, 'referrals': 1.0}
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path

from nichescout.exceptions import InputError, ParameterError

__all__ = ["PROFILES", "load_profiles_toml", "resolve_profile"]

PROFILES: dict[str, dict[str, float]] = {
    # Community members: trust comes from helping, welcoming and being named by peers.
    "community": {
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
    },
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


def load_profiles_toml(text: str, source: str = "<profiles>") -> dict[str, dict[str, float]]:
    """Profiles from TOML text: a ``[profiles.<name>]`` table of ``signal = weight``."""
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
) -> tuple[str, dict[str, float]]:
    """(name, weights) for a profile name (built-in or from ``profiles_file``) or a mapping."""
    if isinstance(profile, Mapping):
        return "custom", {k: float(v) for k, v in profile.items()}
    known = dict(PROFILES)
    if profiles_file is not None:
        path = Path(profiles_file)
        known.update(load_profiles_toml(path.read_text(encoding="utf-8"), str(path)))
    if profile not in known:
        raise ParameterError.invalid(
            "profile", "CommunityScorer", f"one of {sorted(known)}", profile
        )
    return profile, dict(known[profile])
