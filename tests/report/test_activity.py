"""Monthly activity: the platform's, checked against a plain pandas count, and members'."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from nichescout.data.toy import toy_community
from nichescout.report.activity import member_activity, month_range, platform_activity
from nichescout.store import Store

PLATFORM = "stackexchange:conlang-meta"


def _oracle(store: Store, since: datetime | None, until: datetime | None) -> pd.DataFrame:
    """The slow, obvious count: every dated row of each table, bucketed by its month."""
    counts = {}
    for table, column in (("content", "items"), ("interactions", "interactions")):
        rows = store.con.execute(
            f"SELECT created_at FROM {table} WHERE platform = ?", [PLATFORM]
        ).df()["created_at"]
        rows = rows.dropna()
        if since is not None:
            rows = rows[rows >= since]
        if until is not None:
            rows = rows[rows < until]
        counts[column] = rows.dt.strftime("%Y-%m").value_counts()
    frame = pd.DataFrame(counts).fillna(0).astype("int64").sort_index()
    months = pd.period_range(frame.index[0], frame.index[-1], freq="M").astype(str)
    return frame.reindex(months, fill_value=0).rename_axis("month").reset_index()


@pytest.mark.parametrize(
    "since,until",
    [(None, None), (datetime(2018, 3, 15), None), (datetime(2018, 3, 15), datetime(2019, 7, 1))],
)
def test_platform_activity_against_pandas(
    sample_store: Store, since: datetime | None, until: datetime | None
) -> None:
    got = platform_activity(sample_store, PLATFORM, since, until)
    expected = _oracle(sample_store, since, until)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, check_index_type=False)
    assert list(got["month"]) == month_range(got["month"])  # no month missing


def test_members_trends_come_from_member_profile() -> None:
    trends = member_activity(toy_community(), "toy", ["ann", "eve"])
    assert list(trends) == ["ann", "eve"]
    # member_profile's documented example: Ann posted 3 items, acted twice, received 9
    assert trends["ann"].to_dict("records") == [
        {"month": "2024-01", "items": 3, "actions": 2, "received": 9}
    ]


def test_nothing_in_the_window() -> None:
    frame = platform_activity(toy_community(), "toy", since=datetime(2030, 1, 1))
    assert frame.empty and list(frame.columns) == ["month", "items", "interactions"]
