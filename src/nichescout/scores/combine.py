r"""How raw signal values become comparable before they are weighted.

``log_magnitude`` (the default) keeps how much a member did, on a log scale relative to the
cohort's best:

.. math:: t_s(m) = \frac{\log(1 + v_s^+(m))}{\log(1 + \max_{m'} v_s^+(m'))}, \quad v^+ = \max(v, 0)

``percentile`` is the cohort percentile of :func:`~nichescout.scores.percentiles.cohort_percentile`.
It was the first design (DESIGN.md), but it throws magnitude away: when most of a cohort did
nothing, one accepted answer already sits near the top percentile, fifty at the top, and a
member who did a little of everything outranks one who did a lot of what matters. The
evaluation (docs/evaluation.md) measures both; percentiles still word the explanations
("top 3%").

>>> import pandas as pd
>>> values = pd.Series([0.0, 1.0, 9.0, None])
>>> TRANSFORMS["log_magnitude"](values).round(3).tolist()
[0.0, 0.301, 1.0, nan]
>>> TRANSFORMS["percentile"](values).round(3).tolist()
[0.0, 0.667, 1.0, nan]
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from nichescout.scores.percentiles import cohort_percentile

__all__ = ["TRANSFORMS", "log_magnitude"]


def log_magnitude(values: pd.Series) -> pd.Series:
    """log(1 + v⁺) scaled so the cohort's best is 1; missing stays missing, all-zero gives 0."""
    raw = values.to_numpy(dtype="float64")
    positive = np.clip(raw, 0.0, None)
    top = np.nanmax(positive) if np.isfinite(positive).any() else 0.0
    scaled = np.log1p(positive) / np.log1p(top) if top > 0 else np.where(np.isnan(raw), np.nan, 0.0)
    return pd.Series(scaled, index=values.index, dtype="float64")


TRANSFORMS: dict[str, Callable[[pd.Series], pd.Series]] = {
    "log_magnitude": log_magnitude,
    "percentile": cohort_percentile,
}
