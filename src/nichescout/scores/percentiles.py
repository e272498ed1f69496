"""Turning raw signal values into percentiles inside a cohort.

A member who did none of a thing gets 0, not the middle of a big tie: for a value
:math:`v > 0` the percentile is the share of the cohort whose value is at most :math:`v`
(ties share the highest rank); for :math:`v \\le 0` it is 0. Missing values (a signal that does
not apply to the member) stay missing.

>>> import pandas as pd
>>> cohort_percentile(pd.Series([0.0, 1.0, 1.0, 5.0, None])).tolist()
[0.0, 0.75, 0.75, 1.0, nan]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["cohort_percentile"]


def cohort_percentile(values: pd.Series) -> pd.Series:
    """Percentile in [0, 1] of each value within ``values`` (see the module docstring)."""
    ranks = values.rank(method="max", pct=True).to_numpy(dtype="float64")
    raw = values.to_numpy(dtype="float64")
    out = np.where(np.isnan(raw), np.nan, np.where(raw > 0, ranks, 0.0))
    return pd.Series(out, index=values.index, dtype="float64")
