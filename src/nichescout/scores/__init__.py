"""Scores stage: percentiles of signals in a cohort, combined by a weight profile, with why."""

from nichescout.scores.profiles import PROFILES
from nichescout.scores.scorer import CommunityScorer

__all__ = ["PROFILES", "CommunityScorer"]
