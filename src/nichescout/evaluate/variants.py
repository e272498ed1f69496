r"""Alternative ways to combine the same signals, measured beside the shipped score.

These are experiments of the evaluation ("what we tried"), not a second scorer. Two kinds:

* **combinations** take the fitted scorer's ``scores_`` (raw value of every signal of the
  profile, per member) and its weights, and return another score per member. They change
  *how* signals are combined, never which signals or how much each weighs, so none is
  fitted to an outcome;
* **ablations** refit the scorer with the profile minus some signals: diagnostics that show
  which signal drives a loss, not proposals (dropping a signal everywhere to win one task is
  tuning).

``percentile``
    the scorer refitted with ``combine="percentile"``: cohort percentiles, the first design,
    which throws away how much a member did (every member with one accepted answer sits near
    the top percentile when most members have none). The shipped score is log-scaled
    (:mod:`nichescout.scores.combine`).
``doers_percentile``
    the percentile among the members who did the thing at all (value > 0), 0 for the others:
    the shipped transform without the block of zeros under it.

>>> import pandas as pd
>>> frame = pd.DataFrame({"a": [0.0, 1.0, 9.0], "b": [2.0, 0.0, 2.0]})
>>> doers_percentile(frame, {"a": 1.0, "b": 1.0}).round(3).tolist()
[0.5, 0.25, 1.0]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

__all__ = ["VARIANTS", "Variant", "doers_percentile"]


def _weighted(
    frame: pd.DataFrame, weights: Mapping[str, float], transform: Callable[[pd.Series], pd.Series]
) -> pd.Series:
    total = pd.Series(0.0, index=frame.index)
    weight_sum = 0.0
    for name, weight in weights.items():
        if weight <= 0 or name not in frame:
            continue
        total += weight * transform(frame[name].astype("float64").fillna(0.0))
        weight_sum += weight
    return total / weight_sum if weight_sum > 0 else total


def _doers(values: pd.Series) -> pd.Series:
    out = pd.Series(0.0, index=values.index)
    doers = values > 0
    if doers.any():
        out[doers] = values[doers].rank(method="max", pct=True)
    return out


def doers_percentile(frame: pd.DataFrame, weights: Mapping[str, float]) -> pd.Series:
    """Weighted mean of percentiles among the members with a positive value."""
    return _weighted(frame, weights, _doers)


Combine = Callable[[pd.DataFrame, Mapping[str, float]], pd.Series]


@dataclass(frozen=True)
class Variant:
    """A combination (``combine``), a refit with another transform (``scorer_combine``) or an
    ablation (``drop``: signals left out of the profile)."""

    name: str
    description: str
    combine: Combine | None = None
    drop: tuple[str, ...] = ()
    #: refit the scorer with this ``combine`` transform instead of the shipped one
    scorer_combine: str | None = None


VARIANTS: dict[str, Variant] = {
    v.name: v
    for v in (
        Variant(
            "percentile",
            "cohort percentiles instead of log-scaled values (the first design)",
            scorer_combine="percentile",
        ),
        Variant(
            "doers_percentile", "percentile among the members who did the thing", doers_percentile
        ),
        Variant("without_consistency", "profile without consistency", drop=("consistency",)),
        Variant(
            "without_feedback_and_asking",
            "profile without positive_feedback and conversation_starting",
            drop=("positive_feedback", "conversation_starting"),
        ),
    )
}
