"""cohort_standing against pandas' own ranks (the oracle: what the scorer computed before)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from nichescout.scores.percentiles import cohort_percentile, cohort_standing

values = st.lists(
    st.one_of(st.none(), st.sampled_from([0.0, -1.0, 1.0, 2.5]), st.floats(-5, 50)),
    max_size=40,
).map(lambda xs: pd.Series([np.nan if x is None else x for x in xs], dtype="float64"))


@given(values)
def test_standing_matches_pandas_ranks(series: pd.Series) -> None:
    pct, top = cohort_standing(series)
    ranks = series.rank(method="max", pct=True)
    expected_pct = ranks.where(series > 0, 0.0).where(series.notna())
    expected_top = series.rank(method="max", ascending=False) / max(len(series), 1)
    pd.testing.assert_series_equal(pct, expected_pct, check_exact=True)
    pd.testing.assert_series_equal(top, expected_top, check_exact=True)
    pd.testing.assert_series_equal(cohort_percentile(series), pct)


def test_standing_of_an_empty_or_all_missing_cohort() -> None:
    for series in (pd.Series([], dtype="float64"), pd.Series([np.nan, np.nan])):
        pct, top = cohort_standing(series)
        assert pct.isna().all() and top.isna().all() and len(pct) == len(series)
