"""Signals stage: one small module per measured behaviour, each registered in :data:`SIGNALS`.

>>> [name for name, s in SIGNALS.items() if s.group == "community"][:4]
['consistency', 'conversation_starting', 'engagement_rate', 'helpfulness']
"""

from nichescout.signals import (  # noqa: F401  (each module registers its signal)
    activity,
    consistency,
    conversation_starting,
    engagement_rate,
    expected_activity,
    helpfulness,
    measures,
    network,
    peer_mentions,
    positive_feedback,
    post_engagement,
    referrals,
    ugc_leadership,
    welcoming,
)
from nichescout.signals.base import SIGNALS, Signal, SignalContext
from nichescout.window import Window

__all__ = ["SIGNALS", "Signal", "SignalContext", "Window"]
