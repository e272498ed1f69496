r"""The evaluation harness: rank from the past, compare with what members did next.

A community's history is split at a ``cutoff``. The scorer and every baseline see only events
in ``[since, cutoff)``; the ground truth is an outcome in ``[cutoff, end)``
(:mod:`nichescout.evaluate.outcomes`). The population is the scorer's cohort: the platform's
non-bot members who acted or were acted upon before the cutoff. Each method's ranking of that population is then
scored against the outcome (:mod:`nichescout.metrics`).

**No peeking, by construction**: the rankings are computed on a copy of the store that holds
only the platform's members and its events dated before the cutoff
(:func:`pre_cutoff_store`), so a signal that forgot its window cannot see the future.

The nichescout ranking is the order a user sees: by score, then by activity (its documented
tie-break); members equal on both stay tied, and ties are scored as their expectation over
random orders, as for the baselines.

>>> from datetime import datetime
>>> from nichescout.data.toy import toy_community
>>> result = evaluate(toy_community(), "toy", datetime(2024, 1, 5), "accepted_answers", k=(1,))
>>> result[["method", "P@1"]].to_dict("records")[0]
{'method': 'nichescout', 'P@1': 1.0}
>>> result.attrs["population"], result.attrs["positives"]
(3, 1)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from nichescout.evaluate import baselines as _baselines
from nichescout.evaluate import outcomes as _outcomes
from nichescout.evaluate import variants as _variants
from nichescout.exceptions import NotFoundError, ParameterError
from nichescout.metrics import (
    ndcg_at_k,
    precision_at_k,
    roc_auc,
    spearman,
    stratified_auc,
)
from nichescout.scores import CommunityScorer
from nichescout.signals import SignalContext, Window
from nichescout.store import Store

__all__ = [
    "DEFAULT_BASELINES",
    "METHOD",
    "PRIOR",
    "evaluate",
    "event_cutoff",
    "metric_columns",
    "pre_cutoff_store",
    "rankings",
    "score_rankings",
]

#: The row name of nichescout's own ranking in every result (fitted on the past, the default).
METHOD = "nichescout"
#: The row name of the same profile with its prior weights (``calibrate=False``).
PRIOR = "nichescout (prior)"
DEFAULT_BASELINES = ("activity", "received", "degree", "pagerank", "accepted")


def event_cutoff(store: Store, platform: str, share: float = 2 / 3) -> datetime:
    """The start of the day by which ``share`` of the platform's dated events had happened.

    Events are the platform's content items and interactions together; the cutoff depends on
    the data only, never on any result.

    >>> from nichescout.data.toy import toy_community
    >>> event_cutoff(toy_community(), "toy")
    datetime.datetime(2024, 1, 15, 0, 0)
    """
    if not 0 < share < 1:
        raise ParameterError.invalid("share", "event_cutoff", "a number in (0, 1)", share)
    row = store.con.execute(
        """SELECT date_trunc('day', quantile_disc(t, ?)) FROM (
               SELECT created_at AS t FROM content WHERE platform = ?
               UNION ALL SELECT created_at FROM interactions
               WHERE platform = ? AND created_at IS NOT NULL)""",
        [share, platform, platform],
    ).fetchall()[0]
    if row[0] is None:
        raise NotFoundError(f"No dated events on {platform!r} to choose a cutoff from.")
    value: datetime = row[0]
    return value


def pre_cutoff_store(store: Store, platform: str, cutoff: datetime | None) -> Store:
    """An in-memory copy of ``platform`` holding only what happened before ``cutoff``.

    Members are copied whole (they carry no event time); content and interactions dated at
    or after the cutoff, or undated, are left out. With ``cutoff=None`` the copy is whole.
    """
    copy = Store(":memory:")
    source = store.con.cursor()  # its own result state: callers may hold an open result
    keep = "TRUE" if cutoff is None else Window(until=cutoff).where("created_at")
    for table, condition in (
        ("imports", "TRUE"),
        ("members", "TRUE"),
        ("content", keep),
        ("interactions", keep),
    ):
        rows = source.sql(
            f"SELECT * FROM {table} WHERE platform = $platform AND {condition}",
            params={"platform": platform},
        ).to_arrow_table()
        copy.con.register("_rows", rows)
        copy.con.execute(f"INSERT INTO {table} SELECT * FROM _rows")
        copy.con.unregister("_rows")
    source.close()
    return copy


def rankings(
    store: Store,
    platform: str,
    cutoff: datetime | None,
    *,
    since: datetime | None = None,
    profile: str | Mapping[str, float] = "community",
    baselines: Sequence[str] = DEFAULT_BASELINES,
    settings: Mapping[str, Any] | None = None,
    variants: Sequence[str] = (),
    prior: bool = True,
) -> pd.DataFrame:
    """Every method's score of the population, from events in ``[since, cutoff)`` only.

    Columns: member_key, member_id, then one column per method (``nichescout`` — the
    profile fitted on the past before the cutoff —, ``nichescout (prior)`` when ``prior``
    — the same profile unfitted —, each baseline, and each of ``variants`` of
    :data:`~nichescout.evaluate.variants.VARIANTS` as ``variant:<name>``; higher = ranked
    earlier). Rows: the scorer's cohort. ``attrs["fit"]`` holds the fit's provenance.
    """
    if platform not in store.platforms():
        raise NotFoundError(
            f"No platform {platform!r} in the store; it holds {', '.join(store.platforms())}."
        )
    past = pre_cutoff_store(store, platform, cutoff)
    try:
        scorer = CommunityScorer(
            profile, platform=platform, since=since, until=cutoff, settings=settings
        ).fit(past)
        ranked = scorer.scores_
        keys = past.con.execute(
            "SELECT member_key, member_id FROM members WHERE platform = ?", [platform]
        ).df()
        frame = ranked.merge(keys, on="member_id")
        columns = ["member_key", "member_id", METHOD]
        # The order a user sees: score, then activity; equal on both = tied.
        frame[METHOD] = _order(frame["score"], frame["activity"])
        kept_prior = scorer.fits_[platform].status == "prior"
        if prior and kept_prior:  # the fit kept the priors: the same ranking, not run twice
            frame[PRIOR] = frame[METHOD]
            columns.append(PRIOR)
        elif prior:
            unfitted = CommunityScorer(
                profile,
                platform=platform,
                since=since,
                until=cutoff,
                settings=settings,
                calibrate=False,
            ).fit(past)
            merged = frame[["member_id"]].merge(
                unfitted.scores_[["member_id", "score", "activity"]], on="member_id", how="left"
            )
            frame[PRIOR] = _order(merged["score"], merged["activity"]).to_numpy()
            columns.append(PRIOR)
        for name in variants:
            if name not in _variants.VARIANTS:
                raise ParameterError.invalid(
                    "variants", "rankings", f"names among {sorted(_variants.VARIANTS)}", name
                )
            variant = _variants.VARIANTS[name]
            if variant.combine is not None:
                score = variant.combine(frame, scorer.weights_)
            else:
                weights = {s: w for s, w in scorer.weights_.items() if s not in variant.drop}
                refit = CommunityScorer(
                    weights,
                    platform=platform,
                    since=since,
                    until=cutoff,
                    settings=settings,
                    combine=variant.scorer_combine or scorer.combine,
                    calibrate=False,
                ).fit(past)
                score = frame[["member_id"]].merge(
                    refit.scores_[["member_id", "score"]], on="member_id", how="left"
                )["score"]
            column = f"variant:{name}"
            frame[column] = _order(score, frame["activity"])
            columns.append(column)
        frame = frame[columns]
        ctx = SignalContext(platform, Window(since, cutoff), dict(settings or {}))
        for name in baselines:
            values = _baselines.compute(name, past.con, ctx).rename(columns={"value": name})
            frame = frame.merge(values, on="member_key", how="left")
            frame[name] = frame[name].fillna(0.0).astype("float64")
    finally:
        past.close()
    order = [c for c in frame.columns if not c.startswith("variant:")]
    variant_columns = [c for c in columns if c.startswith("variant:")]
    out = frame[order + variant_columns].reset_index(drop=True)
    out.attrs["fit"] = scorer.fits_[platform].to_dict() if platform in scorer.fits_ else None
    return out


def _order(score: pd.Series, activity: pd.Series) -> pd.Series:
    """Rank positions (higher = earlier) by score, then activity; equal on both = tied."""
    keys = pd.DataFrame({"s": score.fillna(0.0), "a": activity.fillna(0.0)})
    return keys.groupby(["s", "a"]).ngroup().astype("float64")


def metric_columns(k: Sequence[int], label: bool, control: str | None = None) -> list[str]:
    """The metric columns of a result: P@k, NDCG@k, then Spearman (counts) or AUC (labels),
    and for a label with a ``control`` baseline, the AUC within deciles of that baseline."""
    columns = [f"P@{n}" for n in k] + [f"NDCG@{n}" for n in k]
    columns.append("AUC" if label else "Spearman")
    if label and control:
        columns.append(f"AUC within {control} deciles")
    return columns


def score_rankings(
    ranked: pd.DataFrame,
    outcome: pd.DataFrame,
    *,
    k: Sequence[int] = (10, 50),
    label: bool = False,
    control: str | None = None,
) -> pd.DataFrame:
    """Metrics of each method column of ``ranked`` against ``outcome`` (member_key, value).

    One row per method; ``attrs`` carry the population size, the members with a positive
    outcome, and ``coverage``: the share of the whole platform's outcome the population holds.
    With a 0/1 ``label`` and a ``control`` column of ``ranked`` (a baseline such as views),
    the AUC is also taken within deciles of the control: does the method find positives
    beyond it?
    """
    methods = [c for c in ranked.columns if c not in ("member_key", "member_id")]
    truth = ranked[["member_key"]].merge(outcome, on="member_key", how="left")
    y = truth["value"].fillna(0.0).to_numpy(dtype=np.float64)
    if control is not None and control not in ranked:
        raise ParameterError.invalid("control", "score_rankings", "a column of ranked", control)
    strata = None
    if control and label and len(ranked):
        bins = min(10, len(ranked))
        strata = pd.qcut(ranked[control].rank(method="first"), bins, labels=False).to_numpy()
    rows = []
    for method in methods:
        s = ranked[method].to_numpy(dtype=np.float64)
        row: dict[str, Any] = {"method": method}
        for n in k:
            row[f"P@{n}"] = precision_at_k(s, y, n)
        for n in k:
            row[f"NDCG@{n}"] = ndcg_at_k(s, y, n)
        if label:
            row["AUC"] = roc_auc(s, y)
            if control and strata is not None:
                row[f"AUC within {control} deciles"] = stratified_auc(s, y, strata)
        else:
            row["Spearman"] = spearman(s, y)
        rows.append(row)
    result = pd.DataFrame(rows, columns=["method", *metric_columns(k, label, control)])
    total = float(outcome["value"].sum()) if len(outcome) else 0.0
    result.attrs.update(
        population=len(ranked),
        positives=int((y > 0).sum()),
        outcome_total=float(y.sum()),
        coverage=float(y.sum() / total) if total > 0 else float("nan"),
    )
    return result


def evaluate(
    store: Store,
    platform: str,
    cutoff: datetime | None,
    outcome: str,
    k: Sequence[int] = (10, 50),
    profile: str | Mapping[str, float] | None = None,
    *,
    since: datetime | None = None,
    end: datetime | None = None,
    baselines: Sequence[str] = DEFAULT_BASELINES,
    outcome_options: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Rank ``platform`` from ``[since, cutoff)`` and score each method against ``outcome``.

    ``outcome`` names an entry of :data:`nichescout.evaluate.outcomes.OUTCOMES`, measured in
    ``[cutoff, end)``; a 0/1 label outcome (``partner``) is timeless, and takes
    ``cutoff=None`` (the whole history ranks). ``profile`` defaults to the outcome's own
    (a goal's profile of the same name). Returns one row per method (nichescout, then
    each baseline) with the columns of :func:`metric_columns`.
    """
    if outcome not in _outcomes.OUTCOMES:
        raise ParameterError.invalid(
            "outcome", "evaluate", f"one of {sorted(_outcomes.OUTCOMES)}", outcome
        )
    label = _outcomes.OUTCOMES[outcome].label
    if cutoff is None and not label:
        raise ParameterError.invalid(
            "cutoff", "evaluate", f"a time for the outcome {outcome!r}", cutoff
        )
    if profile is None:
        profile = _outcomes.OUTCOMES[outcome].profile
    ranked = rankings(store, platform, cutoff, since=since, profile=profile, baselines=baselines)
    truth = _outcomes.compute(outcome, store.con, platform, cutoff, end, **(outcome_options or {}))
    result = score_rankings(ranked, truth, k=k, label=label)
    result.attrs.update(platform=platform, cutoff=cutoff, since=since, end=end, outcome=outcome)
    return result
