r"""Fit a profile on the community's own past: recency half-life and weights that predict its goal.

For a ranking as of *T* (the window ``[since, T)``), the fit looks only at that window:

1. **Rolling origins.** Inner cutoffs :math:`c_1 < c_2 < c_3` at the shares ``fit_origins``
   (50%, 60%, 70%) of the window's dated events. At each, the cohort is who was active
   before :math:`c_j`; every candidate input is computed from ``[since, c_j)`` and the
   profile's goal (:mod:`nichescout.goals`) is measured over ``[c_j, T)``.
2. **Inputs.** The profile's signals, plus the simple measures a user would otherwise sort
   by (post count, feedback received, distinct partners, PageRank, accepted answers, and the
   goal itself so far) and a forecast of each member's activity (``expected_activity``,
   the BG/NBD model of :mod:`nichescout.bgnbd`), each made comparable by the scorer's
   ``log_magnitude`` transform
   :math:`t_s \in [0, 1]`; computed for every recency half-life of ``fit_half_lives`` —
   in one query per signal for the signals that support it (``Signal.grid``).
3. **Candidates**, per half-life *h*: the prior weights :math:`\omega^0`; the prior less
   post count and the forecast (``PRIOR_BASE``, which every goal profile adds; for where doing
   much is not what the goal is); each simple measure
   (and the forecast) alone; and non-negative weights fitted by a listwise loss (ListNet, Cao et al. 2007) —
   the cross-entropy between the goal's share :math:`p_i = y_i / \sum y` and the
   softmax of the score :math:`s = X\omega` — shrunk toward the scaled prior:

   .. math::

       \hat\omega_\lambda = \arg\min_{\omega \ge 0}\ \frac{1}{J}\sum_j
           -\sum_i p_{ji} \log \operatorname{softmax}(X_j \omega)_i
           \;+\; \frac{\lambda}{F} \lVert \omega - \tau_0 \omega^0 \rVert^2

   solved by L-BFGS-B (:func:`scipy.optimize.minimize`); :math:`\tau_0` is the best scale of
   the prior alone, λ runs over ``fit_shrinkage``.
4. **Choice** by the mean NDCG@``fit_k`` over the origins — for a fitted candidate, of
   weights fitted on the *other* origins (leave one origin out), so no candidate is judged
   on what it was fitted to. The simplest candidate within ``fit_tolerance`` of the best
   wins (prior without recency < prior with recency < a single measure < fitted, strong
   shrinkage before weak). A simple measure alone without recency (or one that recency
   does not change, such as post count) *is* a baseline, so it can at best tie the best
   baseline: it is scored (the provenance compares with it) but never chosen. The chosen
   fitted weights are then refitted on every origin.

When the window has fewer than ``fit_min_events`` dated events, or fewer than
``fit_min_positives`` members show the goal after an inner cutoff, the prior weights stay
(and only the half-life is chosen if at least ``fit_min_positives_half_life`` do). The fit
is deterministic and reads nothing at or after *T*.

>>> from nichescout.data.toy import toy_community
>>> result = fit_profile(toy_community(), "toy", None, None, "help", {"helpfulness": 1.0})
>>> result.status, result.reason
('prior', 'only 24 dated events (a fit needs 200: fit_min_events)')
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from nichescout.goals import GOALS, measure
from nichescout.graph.interaction_graph import interaction_graphs
from nichescout.metrics import ndcg_at_k
from nichescout.progress import NullProgress, Progress
from nichescout.scores.cohort import cohorts
from nichescout.scores.combine import log_magnitude
from nichescout.scores.profiles import PRIOR_BASE
from nichescout.settings import get as _setting
from nichescout.signals import SIGNALS, SignalContext, Window
from nichescout.signals.measures import GOAL_SIGNALS
from nichescout.signals.network import GRAPH, PARTITION_WINDOW
from nichescout.store import Store

__all__ = ["FORECASTS", "SIMPLE_MEASURES", "FitResult", "fit_profile"]

#: The simple measures a fit may fall back on (and the provenance compares with).
SIMPLE_MEASURES: dict[str, str] = {
    "activity": "post count",
    "feedback_received": "feedback received",
    "degree": "distinct partners",
    "network_pagerank": "PageRank",
    "accepted_answers": "accepted answers",
}

#: Forecasts a fit may also use, alone or weighted: models of each member's future activity
#: fitted on the window itself (not a baseline a user would sort by).
FORECASTS: dict[str, str] = {
    "expected_activity": "expected active days",
}


#: The candidate that weighs the prior's goal signals alone (``PRIOR_BASE`` left out).
GOAL_ONLY = "the goal's signals alone"


@dataclass
class FitResult:
    """What a fit chose and why; ``to_dict`` goes into the scorer's ``provenance_``."""

    goal: str
    status: str  # "fitted", "half-life only" or "prior"
    reason: str
    half_life_days: float | None
    weights: dict[str, float]
    chosen: str = "prior"
    origins: list[datetime] = field(default_factory=list)
    #: Inner-backtest NDCG@k: "fitted" (the chosen ranking), "prior", and each simple measure.
    backtest: dict[str, float] = field(default_factory=dict)
    k: int = 20

    def to_dict(self) -> dict[str, Any]:
        return {
            "goal": self.goal,
            "status": self.status,
            "reason": self.reason,
            "half_life_days": self.half_life_days,
            "weights": {k: round(v, 4) for k, v in self.weights.items()},
            "chosen": self.chosen,
            "origins": [o.isoformat(timespec="seconds") for o in self.origins],
            "backtest_k": self.k,
            "backtest_ndcg": {k: round(v, 4) for k, v in self.backtest.items()},
        }

    def comparison(self) -> list[tuple[str, str, float]]:
        """The inner backtest in words, best first: ``(key, what ranked, NDCG@k)`` triples.

        >>> FitResult("help", "fitted", "", 90.0, {}, backtest={
        ...     "fitted": 0.7, "prior": 0.6, "activity": 0.65}).comparison()[:2]
        [('fitted', 'this ranking (fitted)', 0.7), ('activity', 'post count', 0.65)]
        """
        named = {"fitted": "this ranking (fitted)", "prior": "the profile's prior weights"}
        triples = [(key, named.get(key) or _words(key), v) for key, v in self.backtest.items()]
        return sorted(triples, key=lambda triple: -triple[2])

    def summary(self) -> str:
        """One line for people: what was fitted and how it did on the community's past.

        >>> FitResult("help", "fitted", "", 90.0, {"help_given": 1.0}, backtest={
        ...     "fitted": 0.8312, "prior": 0.6, "network_pagerank": 0.8295}).summary()
        "fitted on this community's history: half-life 90 days; ranks by help given alone; \
beats PageRank 0.831 vs 0.830 (NDCG@20 on the later part of the history)"
        """
        if self.status == "prior":
            return f"prior weights of the profile (not fitted: {self.reason})"
        recency = (
            f"half-life {self.half_life_days:g} days"
            if self.half_life_days
            else "no recency weighting"
        )
        top = sorted(self.weights.items(), key=lambda kv: -kv[1])[:2]
        words = " and ".join(_words(name) for name, _ in top)
        weighs = f"ranks by {words} alone" if len(self.weights) == 1 else f"{words} count most"
        measures = {k: v for k, v in self.backtest.items() if k in SIMPLE_MEASURES}
        line = f"fitted on this community's history: {recency}; {weighs}"
        if measures and "fitted" in self.backtest:
            best = max(measures, key=lambda k: measures[k])
            ours, theirs = self.backtest["fitted"], measures[best]
            digits = 2 if f"{ours:.2f}" != f"{theirs:.2f}" else 3
            verb = "beats" if ours > theirs else "ties with" if ours == theirs else "does not beat"
            line += (
                f"; {verb} {SIMPLE_MEASURES[best]} {ours:.{digits}f} vs {theirs:.{digits}f} "
                f"(NDCG@{self.k} on the later part of the history)"
            )
        if self.status == "half-life only":
            line += f" (weights not fitted: {self.reason})"
        return line


def _words(signal: str) -> str:
    return (SIMPLE_MEASURES | FORECASTS).get(signal) or signal.replace("_", " ")


@dataclass
class _Origin:
    """One inner cutoff: the cohort's inputs per half-life and its goal afterwards."""

    cutoff: datetime
    y: np.ndarray
    #: half-life → (members × inputs), each input ``log_magnitude``-transformed, as float32:
    #: at a million members and five half-lives the inputs are what a fit holds in memory.
    features: dict[float | None, np.ndarray]
    #: (half-life, limit) → the optimiser's sample (:func:`_sample`), made once per origin:
    #: every shrinkage and every leave-one-out fold fits on the same rows.
    samples: dict[tuple[float | None, int], tuple[np.ndarray, np.ndarray, np.ndarray]] = field(
        default_factory=dict
    )


def fit_profile(
    store: Store,
    platform: str,
    since: datetime | None,
    until: datetime | None,
    goal: str,
    prior: Mapping[str, float],
    *,
    half_life_days: float | None = None,
    fixed_half_life: bool = False,
    settings: Mapping[str, Any] | None = None,
    progress: Progress | None = None,
    shared: dict[str, Any] | None = None,
) -> FitResult:
    """Fit ``prior``'s half-life and weights to predict ``goal`` on ``[since, until)``.

    ``fixed_half_life`` keeps ``half_life_days`` (the user chose it) and fits weights only.
    ``shared`` (:attr:`SignalContext.shared`) keeps what the signals compute once whatever
    the window, for the ranking that follows the fit.
    """
    overrides = dict(settings or {})
    opt = lambda name: _setting(name, overrides)  # noqa: E731
    prior = {k: float(v) for k, v in prior.items() if v > 0}
    k = int(opt("fit_k"))
    keep = FitResult(goal, "prior", "", half_life_days, dict(prior), k=k)
    if goal not in GOALS:
        keep.reason = f"unknown goal {goal!r}"
        return keep
    events = _events(store, platform, Window(since, until), tuple(opt("fit_origins")))
    minimum = int(opt("fit_min_events"))
    if events.count < minimum:
        keep.reason = f"only {events.count:,} dated events (a fit needs {minimum}: fit_min_events)"
        return keep
    cutoffs = events.cutoffs
    inputs = _inputs(prior, goal)
    grid: Sequence[float | None] = (
        [half_life_days] if fixed_half_life else _half_lives(events.span_days, opt)
    )
    hook = progress or NullProgress()
    hook.start(f"fitting {platform}", len(cutoffs) * (1 + len(grid)))
    # Cohorts only grow with the cutoff: when the first is too small, stop before measuring
    # any goal (a small community pays two cheap queries for keeping its prior).
    kept = [c for c in cutoffs if since is None or c > since]
    members_before = dict(
        zip(kept, _cohorts_before(store, platform, since, kept, overrides), strict=True)
    )
    smallest = len(members_before[kept[0]]) if kept else 0
    if smallest < int(opt("fit_min_members")):
        keep.reason = (
            f"only {smallest} members active before the first inner cutoff "
            f"(fit_min_members = {opt('fit_min_members')})"
        )
        hook.advance(len(cutoffs) * (1 + len(grid)))
        return keep
    futures = _futures(store, platform, since, until, cutoffs, goal, overrides)
    found = [_target(c, members_before.get(c), futures.get(c)) for c in cutoffs]
    targets = [t for t in found if t is not None]
    keep.origins = [t[0] for t in targets]
    positives = min((int((t[2] > 0).sum()) for t in targets), default=0)
    if positives < int(opt("fit_min_positives_half_life")) or len(targets) < 2:
        hook.advance(len(cutoffs) * (1 + len(grid)))
        keep.reason = (
            f"only {positives} members showed the goal after an inner cutoff "
            f"(fit_min_positives_half_life = {opt('fit_min_positives_half_life')})"
        )
        return keep
    origins = []
    # Every inner origin counts bridging against the communities detected once, before the
    # earliest inner cutoff: detection is seconds on a million members, and community
    # structure changes slowly. No origin sees its own future.
    earliest = min(t[0] for t in targets)
    ready, graphs = _in_one_pass(
        store, platform, since, [t[0] for t in targets], inputs, grid, overrides
    )
    for position, (cutoff, members, y) in enumerate(targets):
        origins.append(
            _origin(
                store,
                platform,
                since,
                cutoff,
                members,
                y,
                inputs,
                grid,
                overrides,
                shared,
                communities_until=earliest,
                ready={name: frames[position] for name, frames in ready.items()},
                graph=graphs[position] if graphs else None,
            )
        )
        if graphs:
            graphs[position] = None  # each graph serves its own origin only
        hook.advance(1 + len(grid))
    weights_too = positives >= int(opt("fit_min_positives"))
    prior_vec = np.array([prior.get(name, 0.0) for name in inputs])
    candidates = _candidates(origins, inputs, prior_vec, grid, weights_too, k, overrides)
    chosen = _choose(
        candidates,
        float(opt("fit_tolerance")),
        float(opt("fit_tolerance_standard_errors")),
        every_origin=bool(opt("fit_lead_every_origin")),
    )
    prior_at_chosen = next(
        c for c in candidates if c.kind == "prior" and c.half_life == chosen.half_life
    )
    backtest = {"fitted": chosen.score, "prior": prior_at_chosen.score}
    for c in candidates:
        if c.kind == "goal" and c.half_life == chosen.half_life:
            backtest[GOAL_ONLY] = c.score
    for c in candidates:
        if c.kind in ("measure", "baseline") and c.half_life == grid[0]:
            backtest[c.name] = c.score
    weights = chosen.weights
    if chosen.kind == "fitted":
        weights = _fit_weights(origins, chosen.half_life, prior_vec, chosen.shrinkage, overrides)
    weights = _blend(weights, prior_vec, float(opt("fit_prior_blend")))
    total = float(weights.sum())
    named = {
        name: float(w / total) for name, w in zip(inputs, weights, strict=True) if w > 1e-6 * total
    }
    status = "fitted" if weights_too else "half-life only"
    reason = (
        ""
        if weights_too
        else f"only {positives} members showed the goal after an inner cutoff "
        f"(fit_min_positives = {opt('fit_min_positives')})"
    )
    return FitResult(
        goal,
        status,
        reason,
        chosen.half_life,
        named,
        chosen.name,
        [o.cutoff for o in origins],
        backtest,
        k,
    )


def _blend(weights: np.ndarray, prior: np.ndarray, share: float) -> np.ndarray:
    r"""The chosen weights with ``share`` of the prior blended in, each as shares of 1
    (``fit_prior_blend``; off by default):
    :math:`(1 - \beta)\, \omega / \lVert\omega\rVert_1 + \beta\, \omega^0 / \lVert\omega^0\rVert_1`.

    >>> _blend(np.array([0.0, 4.0]), np.array([3.0, 1.0]), 0.5).tolist()
    [0.375, 0.625]
    >>> _blend(np.array([0.0, 4.0]), np.array([3.0, 1.0]), 0.0).tolist()
    [0.0, 4.0]
    """
    if share <= 0 or weights.sum() <= 0 or prior.sum() <= 0:
        return weights
    blended: np.ndarray = (1 - share) * weights / weights.sum() + share * prior / prior.sum()
    return blended


@dataclass(frozen=True)
class _Events:
    """The window's dated events in brief: how many, their span, and the inner cutoffs."""

    count: int
    span_days: float  # inf when there are none
    cutoffs: list[datetime]


def _events(store: Store, platform: str, window: Window, shares: Sequence[float]) -> _Events:
    """Count, span and inner cutoffs (the times by which each of ``shares`` of the window's
    events had happened) of the platform's events in ``window``, in one pass."""
    count, first, last, quantiles = store.con.execute(
        f"""SELECT count(t), min(t), max(t), quantile_disc(t, $shares) FROM (
                SELECT created_at AS t FROM content c WHERE platform = $p
                  AND {window.where("c.created_at")}
                UNION ALL SELECT created_at FROM interactions i WHERE platform = $p
                  AND {window.where("i.created_at")})
            WHERE t IS NOT NULL""",
        {"p": platform, "shares": list(shares)},
    ).fetchall()[0]
    span = (last - first).total_seconds() / 86400.0 if first and last else math.inf
    cutoffs = sorted({t for t in quantiles or [] if t is not None})
    return _Events(int(count), span, cutoffs)


def _half_lives(span_days: float, opt: Any) -> list[float | None]:
    """The half-life grid, less half-lives so long against the window's span that they
    would weigh its oldest event above 2^(-1/ratio) (ratio ``fit_half_life_max_span``):
    practically no recency weighting, computed for nothing."""
    ratio = float(opt("fit_half_life_max_span"))
    return [h for h in opt("fit_half_lives") if h is None or float(h) <= ratio * span_days]


def _inputs(prior: Mapping[str, float], goal: str) -> list[str]:
    """The candidate inputs: the profile's signals, the simple measures, the goal so far."""
    names = list(prior)
    extra = list(SIMPLE_MEASURES) + list(FORECASTS)
    extra += list(GOAL_SIGNALS.values()) if goal == "community" else [GOAL_SIGNALS[goal]]
    names += [n for n in extra if n not in names]
    return names


def _cohorts_before(
    store: Store,
    platform: str,
    since: datetime | None,
    cutoffs: Sequence[datetime],
    overrides: Mapping[str, Any],
) -> list[pd.DataFrame]:
    """The ranking's cohort as of each of ``cutoffs`` (all after ``since``): who acted, or
    was acted upon, in ``[since, cutoff)``; one pass over the events for them all."""
    windows = [(Window(since, c), c) for c in cutoffs]
    return cohorts(store.con, SignalContext(platform, overrides=overrides), windows)


def _futures(
    store: Store,
    platform: str,
    since: datetime | None,
    until: datetime | None,
    cutoffs: Sequence[datetime],
    goal: str,
    overrides: Mapping[str, Any],
) -> dict[datetime, pd.DataFrame]:
    """The goal over ``[c, until)`` for each inner cutoff ``c`` after ``since``: one query
    for them all (``SignalContext.spanning``)."""
    kept = [c for c in cutoffs if since is None or c > since]
    if not kept:
        return {}
    ctx = SignalContext(platform, overrides=overrides).spanning(
        [(Window(c, until), None) for c in kept]
    )
    frame = measure(goal, store.con, ctx)
    columns = [r.col("value") for r in ctx.recencies()]
    return {
        c: frame[["member_key", col]].rename(columns={col: "value"})
        for c, col in zip(kept, columns, strict=True)
    }


def _target(
    cutoff: datetime, members: pd.DataFrame | None, future: pd.DataFrame | None
) -> tuple[datetime, pd.DataFrame, np.ndarray] | None:
    """The cohort before ``cutoff`` (``members``, from :func:`_cohorts_before`) and its goal
    after it (``future``, from :func:`_futures`); None for a cutoff not after ``since`` (it
    has neither) or an empty cohort."""
    if future is None or members is None or members.empty:
        return None
    y = (
        members[["member_key"]]
        .merge(future, on="member_key", how="left")["value"]
        .fillna(0.0)
        .to_numpy()
    )
    return cutoff, members, y


def _in_one_pass(
    store: Store,
    platform: str,
    since: datetime | None,
    cutoffs: Sequence[datetime],
    inputs: Sequence[str],
    grid: Sequence[float | None],
    overrides: Mapping[str, Any],
) -> tuple[dict[str, list[list[pd.DataFrame]]], list[Any]]:
    """What the inner cutoffs compute together, on ``[since, cutoff)`` each:

    * the inputs that compute several windows in one query (``Signal.windows``): for each,
      its frames per inner cutoff and half-life;
    * the interaction graph of each cutoff at the grid's first half-life, in one pass over
      the events (:func:`interaction_graphs`), when an input is one of the graph's
      measures (else none).
    """
    ctx = SignalContext(platform, overrides=overrides)
    windows = [(Window(since, c, grid[0]), c) for c in cutoffs]
    out = {}
    for name in inputs:
        signal = SIGNALS[name]
        if not signal.windows:
            continue
        if signal.recency:
            out[name] = signal.compute_windows(store.con, ctx, windows, grid)
        else:  # the same at every half-life: once per cutoff
            once = signal.compute_windows(store.con, ctx, windows, grid[:1])
            out[name] = [frames * len(grid) for frames in once]
    graphs: list[Any] = []
    if any(SIGNALS[name].group == "network" for name in inputs):
        # each as its origin's context sees it (the setting half_life_days fills in a None)
        seen = [SignalContext(platform, w, overrides, e) for w, e in windows]
        weights = ctx.setting("interaction_weights")
        graphs = list(
            interaction_graphs(
                store.con, platform, [(c.window, c.end) for c in seen], weights=weights
            )
        )
    return out, graphs


def _origin(
    store: Store,
    platform: str,
    since: datetime | None,
    cutoff: datetime,
    members: pd.DataFrame,
    y: np.ndarray,
    inputs: Sequence[str],
    grid: Sequence[float | None],
    overrides: Mapping[str, Any],
    shared: dict[str, Any] | None = None,
    *,
    communities_until: datetime | None = None,
    ready: Mapping[str, Sequence[pd.DataFrame]] | None = None,
    graph: Any = None,
) -> _Origin:
    con = store.con
    # column-major: each input is written, and each single-input candidate read, as one
    # contiguous column (row-major made every write a strided pass over the cohort)
    features = {h: np.zeros((len(members), len(inputs)), dtype=np.float32, order="F") for h in grid}
    # One interaction graph per inner cutoff, built at the grid's first half-life, serves
    # every half-life of the grid; the final ranking builds its graph at the half-life it
    # chose, so a fitted graph weight meets a slightly different graph there (known, kept
    # as the method was frozen with it); a signal that recency does not change
    # (``Signal.recency``) is computed once, and one that supports grids (``Signal.grid``)
    # computes every half-life in one query.
    window = Window(since, cutoff, grid[0])
    ctx = SignalContext(
        platform, window, overrides, cutoff, shared={} if shared is None else shared
    )
    if communities_until is not None:
        ctx.cache[PARTITION_WINDOW] = Window(since, communities_until)
    if graph is not None:  # built with the other cutoffs' (_in_one_pass)
        ctx.cache[GRAPH] = graph
    place = _Placer(pd.Index(members["member_key"]))
    for j, name in enumerate(inputs):
        signal = SIGNALS[name]
        if not signal.applies(con, ctx):
            continue
        if ready and name in ready:  # computed with the other cutoffs (_in_one_pass)
            frames = list(ready[name])
        elif not signal.recency:
            frames = [signal.compute(con, ctx)] * len(grid)
        elif signal.grid:
            frames = signal.compute_grid(con, ctx, grid)
        else:  # the graph's measures: every half-life shares the context's one graph
            frames = [
                signal.compute(con, replace(ctx, window=Window(since, cutoff, h))) for h in grid
            ]
        done: tuple[pd.DataFrame, np.ndarray] | None = None
        for h, frame in zip(grid, frames, strict=True):
            if done is None or not (frame is done[0] or frame.equals(done[0])):
                done = frame, _column(place, frame)
            features[h][:, j] = done[1]
    return _Origin(cutoff, y, features)


class _Placer:
    """Where the rows of signal frames go in a cohort of ``rows`` (member keys).

    The frames of one query (one per window and half-life) come with the same member keys,
    so the positions found for one frame serve the next while its keys are equal: a
    comparison costs about a thirtieth of a look-up on a million members.

    >>> place = _Placer(pd.Index([7, 5, 9]))
    >>> place.positions(np.array([9, 4, 7])).tolist(), place.lookups
    ([2, -1, 0], 1)
    >>> place.positions(np.array([9, 4, 7])).tolist(), place.lookups
    ([2, -1, 0], 1)
    >>> place.positions(np.array([9, 5])).tolist(), place.lookups
    ([2, 1], 2)
    """

    def __init__(self, rows: pd.Index) -> None:
        self.rows = rows
        self.lookups = 0
        self._keys: np.ndarray | None = None
        self._at = np.empty(0, dtype=np.intp)

    def positions(self, keys: np.ndarray) -> np.ndarray:
        """The position in ``rows`` of each of ``keys`` (-1 where it is not a row)."""
        if self._keys is None or not np.array_equal(keys, self._keys):
            self._keys = keys
            self._at = self.rows.get_indexer(pd.Index(keys))
            self.lookups += 1
        return self._at


def _column(place: _Placer, frame: pd.DataFrame) -> np.ndarray:
    """``log_magnitude`` of ``frame``'s value for each member of the cohort (0 for those
    without a row or without a value): what a left join of the cohort on the frame gives,
    without the join."""
    values = np.zeros(len(place.rows))
    at = place.positions(frame["member_key"].to_numpy())
    found = at >= 0
    values[at[found]] = frame["value"].to_numpy(dtype="float64")[found]
    values[np.isnan(values)] = 0.0
    return log_magnitude(pd.Series(values)).fillna(0.0).to_numpy()


@dataclass
class _Candidate:
    kind: str  # "prior", "goal" (the prior less PRIOR_BASE), "measure", "baseline", "fitted"
    name: str
    half_life: float | None
    score: float  # mean inner NDCG@k
    complexity: float
    weights: np.ndarray
    shrinkage: float = math.inf
    per_origin: Sequence[float] = ()  # the inner NDCG@k at each origin


def _candidates(
    origins: Sequence[_Origin],
    inputs: Sequence[str],
    prior: np.ndarray,
    grid: Sequence[float | None],
    weights_too: bool,
    k: int,
    overrides: Mapping[str, Any],
) -> list[_Candidate]:
    out: list[_Candidate] = []
    shrinkages = sorted((float(s) for s in _setting("fit_shrinkage", overrides)), reverse=True)
    anchors: dict[Any, np.ndarray] = {}
    base = np.array([name in PRIOR_BASE for name in inputs])
    goal_only = np.where(base, 0.0, prior)
    # only a prior with both parts has a different candidate without its base
    drop_base = (prior * base).sum() > 0 and goal_only.sum() > 0
    for position, h in enumerate(grid):
        simplest = 0 if h is None else 1 + position / 10
        weighted = _weighted_ndcg(
            origins,
            h,
            prior,
            goal_only if drop_base else None,
            shrinkages if weights_too else [],
            k,
            overrides,
            anchors,
        )
        each = weighted["prior"]
        out.append(_Candidate("prior", "prior", h, _mean(each), simplest, prior, per_origin=each))
        if drop_base:
            # the prior less post count and the forecast: where doing much is not the goal
            each = weighted["goal"]
            out.append(
                _Candidate(
                    "goal", GOAL_ONLY, h, _mean(each), simplest + 0.05, goal_only, per_origin=each
                )
            )
        if not weights_too:
            continue
        for j, name in enumerate(inputs):
            if name not in SIMPLE_MEASURES | FORECASTS and name not in GOAL_SIGNALS.values():
                continue
            # a simple measure alone without recency (or one recency does not change) is a
            # baseline itself: scored once (for the provenance), never chosen — it can at
            # best tie the best baseline
            baseline = name in SIMPLE_MEASURES and (h is None or not SIGNALS[name].recency)
            if baseline and position > 0:
                continue
            # log_magnitude is increasing: the input orders members as the measure does
            each = [ndcg_at_k(o.features[h][:, j], o.y, k) for o in origins]
            one = np.zeros(len(inputs))
            one[j] = 1.0
            kind = "baseline" if baseline else "measure"
            out.append(
                _Candidate(kind, name, h, _mean(each), 2 + position / 10, one, per_origin=each)
            )
        for rank, lam in enumerate(shrinkages):
            held_out = weighted[lam]
            out.append(
                _Candidate(
                    "fitted",
                    f"fitted (shrinkage {lam:g})",
                    h,
                    _mean(held_out),
                    3 + rank + position / 10,
                    prior,
                    lam,
                    per_origin=held_out,
                )
            )
    return out


def _weighted_ndcg(
    origins: Sequence[_Origin],
    h: float | None,
    prior: np.ndarray,
    goal_only: np.ndarray | None,
    shrinkages: Sequence[float],
    k: int,
    overrides: Mapping[str, Any],
    anchors: dict[Any, np.ndarray],
) -> dict[Any, list[float]]:
    """The inner NDCG@k at each origin of the weighted candidates at half-life ``h``: the
    prior (``"prior"``), the prior less its base (``"goal"``, unless None), and the weights
    fitted on the other origins at each of ``shrinkages`` (leave one out, keyed by it).

    One origin at a time, each with a float64 copy of its inputs: a float32 matrix times
    float64 weights takes NumPy's unblocked mixed-type loop (≈70 ms at 1M × 26 against
    ≈8 ms for float64 BLAS), and each origin scores several weight vectors.
    """
    found: dict[Any, list[float]] = {"prior": [], "goal": []}
    found.update({lam: [] for lam in shrinkages})
    for j, origin in enumerate(origins):
        x = np.asarray(origin.features[h], dtype=np.float64)
        found["prior"].append(ndcg_at_k(x @ prior, origin.y, k))
        if goal_only is not None:
            found["goal"].append(ndcg_at_k(x @ goal_only, origin.y, k))
        train = [o for i, o in enumerate(origins) if i != j]
        for lam in shrinkages:
            w = _fit_weights(train, h, prior, lam, overrides, anchors)
            found[lam].append(ndcg_at_k(x @ w, origin.y, k))
    return found


def _mean(values: Sequence[float]) -> float:
    return float(np.mean(values))


def _choose(
    candidates: Sequence[_Candidate],
    tolerance: float,
    standard_errors: float = 0.0,
    *,
    every_origin: bool = False,
) -> _Candidate:
    r"""The simplest candidate within noise of the best inner NDCG; baselines (a simple
    measure alone that equals a baseline) are neither chosen nor the best to be near.

    Within noise: the best's mean lead over the candidate, :math:`\bar d`, is at most
    ``max(tolerance, standard_errors × SE(d))``, where :math:`d_o` is the best's inner NDCG
    less the candidate's at origin :math:`o` and :math:`SE(d) = s_d / \sqrt{n}` (paired
    across the ``n`` origins; 0 with fewer than two). With ``every_origin``, a candidate is
    also near the best unless the best leads it at every origin (:math:`\min_o d_o > 0`).

    >>> flat = np.zeros(1)
    >>> found = _choose([_Candidate("baseline", "activity", None, 0.9, 2, flat),
    ...                  _Candidate("prior", "prior", None, 0.7, 0, flat),
    ...                  _Candidate("fitted", "fitted", None, 0.75, 3, flat)], 0.01)
    >>> found.name
    'fitted'
    >>> noisy = [_Candidate("prior", "prior", None, 0.7, 0, flat, per_origin=[0.6, 0.8]),
    ...          _Candidate("fitted", "fitted", None, 0.75, 3, flat, per_origin=[0.8, 0.7])]
    >>> _choose(noisy, 0.01).name, _choose(noisy, 0.01, standard_errors=1.0).name
    ('fitted', 'prior')
    >>> _choose(noisy, 0.01, every_origin=True).name
    'prior'
    """
    eligible = [c for c in candidates if c.kind != "baseline"]
    best = max(eligible, key=lambda c: c.score)

    def near(c: _Candidate) -> bool:
        lead = best.score - c.score
        if lead <= tolerance:
            return True
        paired = len(c.per_origin) == len(best.per_origin) > 0
        if every_origin and paired and min(np.subtract(best.per_origin, c.per_origin)) <= 0:
            return True
        if (
            standard_errors <= 0
            or len(c.per_origin) < 2
            or len(c.per_origin) != len(best.per_origin)
        ):
            return False
        d = np.subtract(best.per_origin, c.per_origin)
        return bool(lead <= standard_errors * d.std(ddof=1) / math.sqrt(len(d)))

    return min((c for c in eligible if near(c)), key=lambda c: c.complexity)


def _listnet(
    X: np.ndarray, p: np.ndarray, r: np.ndarray, w: np.ndarray
) -> tuple[float, np.ndarray]:
    """ListNet loss and gradient: −Σ p log softmax(Xw), with row weights r in the softmax."""
    s = X @ w
    top = s.max()
    e = r * np.exp(s - top)
    z = e.sum()
    loss = -(p @ (s - top)) + math.log(z)
    grad = X.T @ (e / z - p)
    return float(loss), grad


def _sample(
    origin: _Origin, h: float | None, limit: int, overrides: Mapping[str, Any]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(X, p, r): all members who showed the goal, a seeded sample of the rest, reweighted.

    Made once per origin, half-life and limit, and kept in ``origin.samples``.
    """
    key = (h, limit)
    if key not in origin.samples:
        origin.samples[key] = _draw(origin, h, limit, overrides)
    return origin.samples[key]


def _draw(
    origin: _Origin, h: float | None, limit: int, overrides: Mapping[str, Any]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    X, y = origin.features[h], origin.y
    r = np.ones(len(y))
    if len(y) > limit:
        positive = np.flatnonzero(y > 0)
        rest = np.flatnonzero(y <= 0)
        weight = np.ones(len(positive))
        if len(positive) > limit:
            positive, weight = _thin_positives(positive, y, limit, overrides)
        room = max(limit - len(positive), 1)
        take = np.random.default_rng(0).choice(rest, size=min(room, len(rest)), replace=False)
        rows = np.concatenate([positive, take])
        weights = np.concatenate([weight, np.full(len(take), len(rest) / max(len(take), 1))])
        order = np.argsort(rows, kind="stable")
        rows, r = rows[order], weights[order]
        X, y = X[rows], y[rows]
    mass = r * y
    p = mass / mass.sum() if mass.sum() > 0 else np.full(len(y), 1.0 / max(len(y), 1))
    # float64 once here, not in every product of the optimiser's loss (inputs are float32)
    return np.ascontiguousarray(X, dtype=np.float64), p, r


def _thin_positives(
    positive: np.ndarray, y: np.ndarray, limit: int, overrides: Mapping[str, Any]
) -> tuple[np.ndarray, np.ndarray]:
    """When more than ``limit`` members showed the goal: ``fit_positive_share`` × limit of
    them — the ``fit_positive_top_share`` with the largest outcomes, which decide an
    NDCG@k, and a seeded sample of the others, each standing for those not drawn.

    Returns the rows kept and the weight of each.

    >>> rows, w = _thin_positives(np.arange(10), np.arange(10.0) + 1, 5, {})
    >>> sorted(rows.tolist())[-2:], float(w.sum())
    ([8, 9], 10.0)
    """
    keep = max(int(limit * float(_setting("fit_positive_share", overrides))), 1)
    top = min(int(keep * float(_setting("fit_positive_top_share", overrides))), keep)
    by_outcome = positive[np.argsort(-y[positive], kind="stable")]
    best, others = by_outcome[:top], by_outcome[top:]
    drawn = np.random.default_rng(1).choice(
        others, size=min(keep - top, len(others)), replace=False
    )
    weight = np.concatenate(
        [np.ones(len(best)), np.full(len(drawn), len(others) / max(len(drawn), 1))]
    )
    return np.concatenate([best, drawn]), weight


def _fit_weights(
    origins: Sequence[_Origin],
    h: float | None,
    prior: np.ndarray,
    shrinkage: float,
    overrides: Mapping[str, Any],
    anchors: dict[Any, np.ndarray] | None = None,
) -> np.ndarray:
    """Non-negative weights minimising the mean ListNet loss plus the pull toward the prior.

    ``anchors`` keeps the best scale of the prior per set of origins and half-life: every
    shrinkage of a candidate grid starts from, and is pulled toward, the same anchor.
    """
    limit = int(_setting("fit_max_members", overrides))
    data = [_sample(o, h, limit, overrides) for o in origins]
    n_features = len(prior)
    unit = prior / prior.sum() if prior.sum() > 0 else np.full(n_features, 1.0 / n_features)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.0, np.zeros(n_features)
        for X, p, r in data:
            value, g = _listnet(X, p, r, w)
            total += value
            grad += g
        return total / len(data), grad / len(data)

    from threadpoolctl import threadpool_limits  # loaded by fits only: the CLI starts fast

    # A few dozen weights: BLAS threads only wait on each other (L-BFGS-B took 7 ms per
    # step with two OpenBLAS threads on a busy 2-core machine, 0.03 ms with one).
    with threadpool_limits(limits=1, user_api="blas"):
        key = (tuple(o.cutoff for o in origins), h)
        anchor = None if anchors is None else anchors.get(key)
        if anchor is None:
            anchor = _anchor(loss, unit)
            if anchors is not None:
                anchors[key] = anchor
        return _minimise(loss, anchor, shrinkage, n_features)


def _anchor(loss: Callable[[np.ndarray], tuple[float, np.ndarray]], unit: np.ndarray) -> np.ndarray:
    r"""The prior direction ``unit`` at its best scale: :math:`\tau_0 \omega^0`."""
    from scipy.optimize import minimize_scalar  # only when weights are fitted

    scale = minimize_scalar(lambda t: loss(t * unit)[0], bounds=(0.0, 100.0), method="bounded")
    anchor: np.ndarray = float(scale.x) * unit
    return anchor


def _minimise(
    loss: Callable[[np.ndarray], tuple[float, np.ndarray]],
    anchor: np.ndarray,
    shrinkage: float,
    n_features: int,
) -> np.ndarray:
    """L-BFGS-B from ``anchor`` (the prior at its best scale), pulled toward it."""
    from scipy.optimize import minimize  # only when weights are fitted

    def objective(w: np.ndarray) -> tuple[float, np.ndarray]:
        value, grad = loss(w)
        diff = w - anchor
        return (
            value + shrinkage / n_features * float(diff @ diff),
            grad + 2 * shrinkage / n_features * diff,
        )

    result = minimize(
        objective,
        anchor,
        jac=True,
        method="L-BFGS-B",
        bounds=[(0.0, None)] * n_features,
        options={"maxiter": 200},
    )
    weights: np.ndarray = np.clip(result.x, 0.0, None)
    return weights if weights.sum() > 0 else anchor
