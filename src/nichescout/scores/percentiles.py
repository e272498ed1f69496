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

__all__ = ["cohort_percentile", "cohort_standing"]


def cohort_percentile(values: pd.Series) -> pd.Series:
    """Percentile in [0, 1] of each value within ``values`` (see the module docstring)."""
    return cohort_standing(values)[0]


def cohort_standing(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    r"""The cohort percentile of each value and the share of the cohort doing at least as
    well (the "top 12%" of an explanation), from one sort.

    With :math:`n` the values that are not missing and :math:`N` all of them:
    percentile :math:`= \#\{v' \le v\} / n` for :math:`v > 0` (else 0), as
    ``rank(method="max", pct=True)``; top share :math:`= \#\{v' \ge v\} / N`, as
    ``rank(method="max", ascending=False) / N``. Missing stays missing in both.

    >>> pct, top = cohort_standing(pd.Series([0.0, 1.0, 1.0, 5.0, None]))
    >>> pct.tolist(), top.tolist()
    ([0.0, 0.75, 0.75, 1.0, nan], [0.8, 0.6, 0.6, 0.2, nan])
    """
    raw = values.to_numpy(dtype="float64")
    missing = np.isnan(raw)
    present = np.flatnonzero(~missing)
    order = present[np.argsort(raw[present], kind="stable")]
    ordered = raw[order]
    n = len(ordered)
    # each sorted position's tie group: where it starts and where it ends
    new_group = np.empty(n, dtype=bool)
    new_group[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new_group[1:])
    starts = np.flatnonzero(new_group)
    sizes = np.diff(np.append(starts, n))
    at_most = np.zeros(len(raw))
    at_least = np.zeros(len(raw))
    at_most[order] = np.repeat(starts + sizes, sizes)
    at_least[order] = n - np.repeat(starts, sizes)
    with np.errstate(invalid="ignore", divide="ignore"):
        pct = np.where(missing, np.nan, np.where(raw > 0, at_most / n, 0.0))
    top = np.where(missing, np.nan, at_least / max(len(raw), 1))
    return (
        pd.Series(pct, index=values.index, dtype="float64"),
        pd.Series(top, index=values.index, dtype="float64"),
    )
