"""Creators: tiers, engagement against the cohort, and one creator's card.

>>> from nichescout.creators import creator_card, engagement
>>> # engagement(store, platform=None) -> DataFrame; creator_card(store, "handle") -> card
>>> # discover(store, niche="beauty", tier="micro", ...) -> DataFrame, ranked

- :mod:`~nichescout.creators.engagement` — every creator's tier (per-platform settings), the
  core-micro band, engagement median, mean and stability over the last posts (the signal
  ``post_engagement``) and the percentile in the tier and niche cohort;
- :mod:`~nichescout.creators.card` — one creator's card, with the disclosure record of
  :mod:`nichescout.audit.disclosure` over their stored captions;
- :mod:`~nichescout.creators.niche` — each creator's one niche (stored, else the first
  keyword label, else none) and its source: what the cohorts, the card and ``discover
  --niche`` read (:func:`creator_niches`);
- :mod:`~nichescout.creators.discover` — every creator with niche, audience fake share and
  disclosure record, filtered and ranked by the ``creator`` profile (``nichescout
  discover``).
"""

from __future__ import annotations

from nichescout.creators.card import CARD_COLUMNS, CreatorCard, creator_card
from nichescout.creators.discover import DISCOVER_COLUMNS, creator_table, discover
from nichescout.creators.engagement import ENGAGEMENT_COLUMNS, engagement
from nichescout.creators.niche import NICHE_COLUMNS, creator_niches

__all__ = [
    "CARD_COLUMNS",
    "DISCOVER_COLUMNS",
    "ENGAGEMENT_COLUMNS",
    "NICHE_COLUMNS",
    "CreatorCard",
    "creator_card",
    "creator_niches",
    "creator_table",
    "discover",
    "engagement",
]
