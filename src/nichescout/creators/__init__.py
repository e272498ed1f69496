"""Creators: tiers, engagement against the cohort, and one creator's card.

>>> from nichescout.creators import creator_card, engagement
>>> # engagement(store, platform=None) -> DataFrame; creator_card(store, "handle") -> card

- :mod:`~nichescout.creators.engagement` — every creator's tier (per-platform settings), the
  core-micro band, engagement median, mean and stability over the last posts (the signal
  ``post_engagement``) and the percentile in the tier and niche cohort;
- :mod:`~nichescout.creators.card` — one creator's card, with the disclosure record of
  :mod:`nichescout.audit.disclosure` over their stored captions.
"""

from __future__ import annotations

from nichescout.creators.card import CARD_COLUMNS, CreatorCard, creator_card
from nichescout.creators.engagement import ENGAGEMENT_COLUMNS, engagement

__all__ = ["CARD_COLUMNS", "ENGAGEMENT_COLUMNS", "CreatorCard", "creator_card", "engagement"]
