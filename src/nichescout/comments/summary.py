"""Per creator, and per creator and month: how the audience's comments sound and what they are.

Every figure is over the **audience's comments** — the comments under the creator's posts
written by others than the creator, in the window — from :func:`comment_table`:

==================  ==========================================================================
``comments``        audience comments
``commenters``      distinct accounts among their authors
``scored``          comments whose sentiment was scored (the others: another language)
``not_scored``      the languages of the comments not scored, with their counts
                    (``fr 75, und 2``; empty when all were scored)
``compound_mean``   mean compound score of the scored comments (-1 to 1)
``positive_share``  share of the scored comments that are positive (likewise neutral,
                    negative; the three add up to 1)
``generic_share``   share of comments that are generic (any rule)
``copied_share``    share of comments whose text is copied across accounts and creators
``question_share``  share of comments that ask a question
``short_share``     share of comments shorter than ``comment_short_chars``
``median_length``   median length in characters
``creator_comments`` comments the creator wrote under their own posts (replies included)
``reply_rate``      share of comments the creator answered (two-way conversation)
==================  ==========================================================================

A share over no comments is missing (NaN), not 0. :func:`comment_summary` gives one row per
creator with posts on the platform(s) asked for — with ``comments`` 0 when nobody wrote
under them in the window — and :func:`comment_trend` one row per creator and calendar month
(UTC) in which someone commented. ``frame.attrs["provenance"]`` records the method, the
settings, the window and the versions.

>>> from nichescout.comments.toy import toy_comments
>>> summary = comment_summary(toy_comments())
>>> summary[["handle", "comments", "scored", "generic_share", "question_share", "reply_rate"]]
       handle  comments  scored  generic_share  question_share  reply_rate
0   jo.climbs         2       2       0.500000        0.000000    0.000000
1  maya.bakes         6       5       0.333333        0.333333    0.333333
>>> comment_trend(toy_comments(), handle="maya.bakes")[["month", "comments", "reply_rate"]]
     month  comments  reply_rate
0  2024-03         3    0.333333
1  2024-04         3    0.333333
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from nichescout.comments.table import comment_table, creators

if TYPE_CHECKING:
    from nichescout.store import Store

__all__ = ["SUMMARY_COLUMNS", "TREND_COLUMNS", "comment_summary", "comment_trend"]

#: The figures of each row, after the keys.
FIGURES = [
    "comments",
    "commenters",
    "scored",
    "not_scored",
    "compound_mean",
    "positive_share",
    "neutral_share",
    "negative_share",
    "generic_share",
    "copied_share",
    "question_share",
    "short_share",
    "median_length",
    "creator_comments",
    "reply_rate",
]
#: The columns of :func:`comment_summary`, in order.
SUMMARY_COLUMNS = ["platform", "creator", "handle", *FIGURES]
#: The columns of :func:`comment_trend`, in order.
TREND_COLUMNS = ["platform", "creator", "handle", "month", *FIGURES]

_COUNTS = ["comments", "commenters", "scored", "creator_comments"]


def _figures(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The figures of the module docstring, per group of ``keys``, from a comment table."""
    audience = table[~table["by_creator"]].copy()
    scored = audience["sentiment"].notna()
    audience["unscored"] = audience["language"].fillna("und").where(~scored)
    for label in ("positive", "neutral", "negative"):
        audience[f"is_{label}"] = (audience["sentiment"] == label).where(scored)
    grouped = audience.groupby(keys, sort=True)
    out = pd.DataFrame(
        {
            "comments": grouped.size(),
            "commenters": grouped["author"].nunique(),
            "scored": grouped["sentiment"].count(),
            "compound_mean": grouped["compound"].mean(),
            "positive_share": grouped["is_positive"].mean(),
            "neutral_share": grouped["is_neutral"].mean(),
            "negative_share": grouped["is_negative"].mean(),
            "generic_share": grouped["generic"].mean(),
            "copied_share": grouped["copied"].mean(),
            "question_share": grouped["question"].mean(),
            "short_share": grouped["short"].mean(),
            "median_length": grouped["length"].median(),
            "reply_rate": grouped["answered"].mean(),
            "not_scored": grouped["unscored"].agg(_languages),
        }
    )
    own = table[table["by_creator"]].groupby(keys, sort=True).size().rename("creator_comments")
    out = out.join(own, how="outer")
    for column in _COUNTS:
        out[column] = out[column].fillna(0).astype("int64")
    out["not_scored"] = out["not_scored"].astype(object).fillna("")
    for column in FIGURES:
        if column not in _COUNTS and column != "not_scored":
            out[column] = out[column].astype("float64")
    return out.reset_index()


def _languages(languages: pd.Series) -> str:
    """``fr 75, und 2``: the languages of comments not scored, most frequent first."""
    counts = languages.dropna().value_counts()
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return ", ".join(f"{language} {n}" for language, n in ranked)


def comment_summary(
    store: Store,
    platform: str | None = None,
    handle: str | None = None,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    method: str = "vader",
    settings: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """One row per creator: the sentiment and quality of their audience's comments.

    Parameters are those of :func:`nichescout.comments.comment_table`. Returns
    :data:`SUMMARY_COLUMNS`, sorted by platform and handle.
    """
    table = comment_table(
        store, platform, handle, since=since, until=until, method=method, settings=settings
    )
    keys = ["platform", "creator", "handle"]
    found = _figures(table, keys)
    everyone = creators(store, platform, handle)
    out = everyone.merge(found, on=keys, how="left")
    for column in _COUNTS:
        out[column] = out[column].fillna(0).astype("int64")
    out["not_scored"] = out["not_scored"].astype(object).fillna("")
    out = out[SUMMARY_COLUMNS].sort_values(["platform", "handle"], kind="stable")
    out = out.reset_index(drop=True)
    out.attrs["provenance"] = table.attrs["provenance"]
    return out


def comment_trend(
    store: Store,
    platform: str | None = None,
    handle: str | None = None,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    method: str = "vader",
    settings: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """One row per creator and month (``YYYY-MM``, UTC) with comments: the figures of
    :func:`comment_summary` over that month's comments.

    Returns :data:`TREND_COLUMNS`, sorted by platform, handle and month.
    """
    table = comment_table(
        store, platform, handle, since=since, until=until, method=method, settings=settings
    )
    table["month"] = table["created_at"].dt.strftime("%Y-%m")
    keys = ["platform", "creator", "handle", "month"]
    out = _figures(table, keys) if len(table) else pd.DataFrame(columns=TREND_COLUMNS)
    out = out[TREND_COLUMNS].sort_values(["platform", "handle", "month"], kind="stable")
    out = out.reset_index(drop=True)
    out.attrs["provenance"] = table.attrs["provenance"]
    return out
