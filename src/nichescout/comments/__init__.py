"""Comment sentiment and quality, per creator and over time.

>>> from nichescout.comments import comment_summary, comment_trend
>>> # comment_summary(store, platform=None, handle=None, since=None, until=None) -> DataFrame
>>> # comment_trend(store, ...) -> DataFrame, one row per creator and month

- :mod:`~nichescout.comments.sentiment` — VADER for English comments (comments in other
  languages are marked not scored), a multilingual model as the optional extra
  ``nichescout[multilingual]`` (``method="multilingual"``);
- :mod:`~nichescout.comments.quality` — generic comments: emoji only, stock phrases, very few
  words, text copied across accounts and creators;
- :mod:`~nichescout.comments.table` — every comment under creators' posts with its sentiment,
  quality, question and whether the creator answered;
- :mod:`~nichescout.comments.summary` — per creator and per creator and month;
- :mod:`~nichescout.comments.evaluate` — agreement with a labelled set
  (docs/evaluation-comments.md).

Named settings ``comment_*`` (``nichescout settings``) hold every threshold; docs/creators.md
says how it works.
"""

from __future__ import annotations

from nichescout.comments.quality import STOCK_PHRASES, generic_reason, is_generic
from nichescout.comments.sentiment import METHODS, Sentiment, comment_language, score_comments
from nichescout.comments.summary import (
    SUMMARY_COLUMNS,
    TREND_COLUMNS,
    comment_summary,
    comment_trend,
)
from nichescout.comments.table import COMMENT_COLUMNS, comment_table
from nichescout.comments.toy import toy_comments

__all__ = [
    "COMMENT_COLUMNS",
    "METHODS",
    "STOCK_PHRASES",
    "SUMMARY_COLUMNS",
    "TREND_COLUMNS",
    "Sentiment",
    "comment_language",
    "comment_summary",
    "comment_table",
    "comment_trend",
    "generic_reason",
    "is_generic",
    "score_comments",
    "toy_comments",
]
