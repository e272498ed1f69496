"""The public surface of nichescout.comments (STYLE.md E15)."""

from __future__ import annotations

import nichescout.comments as comments

PUBLIC = {
    "COMMENT_COLUMNS", "METHODS", "STOCK_PHRASES", "SUMMARY_COLUMNS", "TREND_COLUMNS",
    "Sentiment", "comment_language", "comment_summary", "comment_table", "comment_trend",
    "generic_reason", "is_generic", "score_comments", "toy_comments",
}  # fmt: skip


def test_exported_members() -> None:
    assert set(comments.__all__) == PUBLIC
    for name in comments.__all__:
        member = getattr(comments, name)
        if callable(member):
            assert member.__doc__, f"{name} needs a docstring"


def test_columns() -> None:
    assert comments.SUMMARY_COLUMNS[:3] == ["platform", "creator", "handle"]
    assert comments.TREND_COLUMNS[:4] == ["platform", "creator", "handle", "month"]
    assert set(comments.SUMMARY_COLUMNS) < set(comments.TREND_COLUMNS)
