"""Development-set experiment: which rule should pick the fitted ranking among the candidates?

For every development data set (never the report set) and goal, the fit's candidates
(prior, each simple measure, fitted weights, per half-life) are built exactly as
:func:`nichescout.scores.fit.fit_profile` builds them on the history before the evaluation
cutoff; each is then also judged on what members did *after* the cutoff (outer NDCG@20).
Selection rules see only the inner scores; the table says how each rule's pick does
outside, against the best evaluation baseline.

    python experiments/fit_selection.py --data-dir ../shared/data [--set development]
        [--only NAME] [--origins 0.4,0.5,0.6,0.7,0.8] [--setting fit_min_members=15 ...]

The ``oracle`` column is the best candidate judged in hindsight (after the cutoff): the
ceiling of any rule that chooses among the fit's candidates.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nichescout.evaluate import baselines as _baselines
from nichescout.evaluate.datasets import DATASETS
from nichescout.evaluate.harness import _order as user_order
from nichescout.evaluate.harness import event_cutoff, pre_cutoff_store
from nichescout.goals import GOALS
from nichescout.ingest import ingest
from nichescout.metrics import ndcg_at_k
from nichescout.scores import fit as F
from nichescout.scores.profiles import resolve_profile
from nichescout.settings import get as setting
from nichescout.signals import SignalContext, Window
from nichescout.store import Store

K = 20
MARGIN = 0.005
#: Settings the experiment overrides (``--origins``); empty: the package's defaults.
OVERRIDES: dict[str, Any] = {}


def _opt(name: str) -> Any:
    return setting(name, OVERRIDES)


def _order(score: np.ndarray, activity: np.ndarray) -> pd.Series:
    """The order a user sees (score, then activity), as the evaluation harness scores it."""
    return user_order(pd.Series(score), pd.Series(activity))


def _percentile(values: np.ndarray) -> np.ndarray:
    return pd.Series(values).rank(pct=True).to_numpy()


def task(store: Store, platform: str, since: Any, cutoff: Any, goal: str, baselines: Sequence[str]):
    _, prior_weights, _ = resolve_profile(goal, None)
    prior = {k: float(v) for k, v in prior_weights.items() if v > 0}
    past = pre_cutoff_store(store, platform, cutoff)
    events = F._events(past, platform, Window(since, cutoff), tuple(_opt("fit_origins")))
    inputs = F._inputs(prior, goal)
    grid = F._half_lives(events.span_days, _opt)
    cutoffs = [c for c in events.cutoffs if since is None or c > since]
    befores = F._cohorts_before(past, platform, since, cutoffs, OVERRIDES)
    futures = F._futures(past, platform, since, cutoff, cutoffs, goal, OVERRIDES)
    found = [F._target(c, m, futures.get(c)) for c, m in zip(cutoffs, befores, strict=True)]
    targets = [t for t in found if t is not None]
    if not targets or min(len(t[1]) for t in targets) < _opt("fit_min_members"):
        return None
    positives = min(int((t[2] > 0).sum()) for t in targets)
    # as fit_profile does: every inner cutoff counts bridging against one partition,
    # detected before the earliest of them
    earliest = min(t[0] for t in targets)
    origins = [
        F._origin(
            past, platform, since, c, m, y, inputs, grid, OVERRIDES, communities_until=earliest
        )
        for c, m, y in targets
    ]
    prior_vec = np.array([prior.get(n, 0.0) for n in inputs])
    weights_too = positives >= _opt("fit_min_positives")
    cands = F._candidates(origins, inputs, prior_vec, grid, weights_too, K, OVERRIDES)
    # a simple measure alone is scored for the provenance but never chosen (a baseline)
    cands = [c for c in cands if c.kind != "baseline"]
    for c in cands:
        c.score = -1.0 if np.isnan(c.score) else c.score
    # outer: the evaluation's population and outcome
    members = F._cohorts_before(store, platform, since, [cutoff], OVERRIDES)[0]
    future = F._futures(store, platform, since, None, [cutoff], goal, OVERRIDES)[cutoff]
    _, members, y = F._target(cutoff, members, future)
    outer = F._origin(past, platform, since, cutoff, members, y, inputs, grid, OVERRIDES)
    activity = outer.features[grid[0]][:, inputs.index("activity")]
    scores = []
    for c in cands:
        if c.kind == "fitted":  # refitted on every origin, as the fit does for its choice
            c.weights = F._fit_weights(origins, c.half_life, prior_vec, c.shrinkage, OVERRIDES)
        scores.append(_order(outer.features[c.half_life] @ c.weights, activity))
    outer_ndcg = [ndcg_at_k(s, y, K) for s in scores]
    BLENDS.clear()
    for share in BLEND_SHARES:  # the current choice blended with the prior at its half-life
        chosen = cands[rules()["current (simplest within 0.01)"](cands)[0]]
        w = (1 - share) * _unit(chosen.weights) + share * _unit(prior_vec)
        s = _order(outer.features[chosen.half_life] @ w, activity)
        BLENDS[share] = ndcg_at_k(s, y, K)
    ctx = SignalContext(platform, Window(since, cutoff), OVERRIDES)
    best_base = ("", -1.0)
    for name in baselines:
        values = _baselines.compute(name, past.con, ctx)
        v = members[["member_key"]].merge(values, on="member_key", how="left")["value"]
        n = ndcg_at_k(v.fillna(0.0).to_numpy(), y, K)
        if n > best_base[1]:
            best_base = (name, n)
    past.close()
    return cands, scores, outer_ndcg, y, best_base


#: Shares of the prior in the blend rules, and their outer NDCG for the task at hand.
BLEND_SHARES = (0.25, 0.5)
BLENDS: dict[float, float] = {}


def _unit(w: np.ndarray) -> np.ndarray:
    return w / w.sum() if w.sum() > 0 else w


def _pick_one(index: int) -> Callable[..., list[int]]:
    return lambda cands: [index]


def rules() -> dict[str, Callable[[list[Any]], list[int]]]:
    def current(cands, tol=0.01):
        best = max(c.score for c in cands)
        ok = [i for i, c in enumerate(cands) if c.score >= best - tol]
        return [min(ok, key=lambda i: cands[i].complexity)]

    def best(cands):
        return [int(np.argmax([c.score for c in cands]))]

    def prior0(cands):
        return [0]

    def top(m):
        return lambda cands: list(np.argsort([-c.score for c in cands], kind="stable")[:m])

    def within(tol):
        def rule(cands):
            b = max(c.score for c in cands)
            return [i for i, c in enumerate(cands) if c.score >= b - tol]

        return rule

    def best_fitted(cands):
        fitted = [i for i, c in enumerate(cands) if c.kind == "fitted"] or [0]
        return [max(fitted, key=lambda i: cands[i].score)]

    def prior_or_fitted(cands):
        """the best prior (any half-life) or fitted candidate, no single measures"""
        ok = [i for i, c in enumerate(cands) if c.kind != "measure"]
        return [max(ok, key=lambda i: cands[i].score)]

    def on_grid(allowed):
        def rule(cands):
            keep = [i for i, c in enumerate(cands) if c.half_life in allowed]
            sub = [cands[i] for i in keep]
            return [keep[current(sub)[0]]]

        return rule

    return {
        "current (simplest within 0.01)": current,
        "current, no recency": on_grid({None}),
        "current, half-lives >= 90 d": on_grid({None, 90.0, 180.0, 365.0}),
        "current, half-lives >= 180 d": on_grid({None, 180.0, 365.0}),
        "simplest within 0.02": lambda c: current(c, 0.02),
        "best inner": best,
        "prior, no recency": prior0,
        "best fitted": best_fitted,
        "best prior or fitted": prior_or_fitted,
        "rank-average top 3": top(3),
        "rank-average top 5": top(5),
        "rank-average within 0.01": within(0.01),
        "rank-average within 0.02": within(0.02),
        "rank-average within 0.05": within(0.05),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", default="../shared/data")
    parser.add_argument("--set", default="development")
    parser.add_argument("--only", default=None)
    parser.add_argument("--origins", default=None, help="inner cutoffs, e.g. 0.4,0.5,0.6,0.7,0.8")
    parser.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a setting (a number), e.g. fit_min_members=15; repeatable",
    )
    args = parser.parse_args()
    for item in args.setting:
        name, _, value = item.partition("=")
        setting(name, {})  # an unknown name fails here, as everywhere
        OVERRIDES[name] = float(value) if "." in value else int(value)
    if args.origins:
        OVERRIDES["fit_origins"] = tuple(float(x) for x in args.origins.split(","))
    rows = []
    for spec in DATASETS:
        if spec.role != args.set or spec.cutoff is None:
            continue
        if args.only and args.only not in spec.name:
            continue
        store = Store(":memory:")
        report = ingest(store, spec.format, Path(args.data_dir) / spec.path, **spec.options)
        platform = report.platform or str(spec.options.get("platform"))
        cutoff = event_cutoff(store, platform) if spec.cutoff == "two-thirds" else spec.cutoff
        for outcome in spec.outcomes:
            goal = outcome.outcome
            if goal not in GOALS:
                continue
            got = task(store, platform, spec.since, cutoff, goal, spec.baselines)
            if got is None:
                print(f"{spec.name} {goal}: too few members to fit")
                continue
            cands, scores, outer, y, (base, base_ndcg) = got
            row = {"data": spec.name, "goal": goal, "baseline": base_ndcg, "oracle": max(outer)}
            for name, rule in rules().items():
                picked = rule(cands)
                if len(picked) == 1:
                    row[name] = outer[picked[0]]
                else:
                    mix = np.mean([_percentile(scores[i]) for i in picked], axis=0)
                    row[name] = ndcg_at_k(mix, y, K)
            for share, value in BLENDS.items():
                row[f"current + {share:g} prior"] = value
            rows.append(row)
            print(
                f"{spec.name} {goal}: baseline {base} {base_ndcg:.3f}; "
                + ", ".join(f"{k[:18]} {row[k]:.3f}" for k in list(rules())[:4])
            )
        store.close()
    frame = pd.DataFrame(rows)
    names = list(rules()) + [f"current + {share:g} prior" for share in BLEND_SHARES]
    summary = pd.DataFrame(
        {
            "mean NDCG@20": frame[names].mean(),
            "mean − baseline": frame[names].sub(frame["baseline"], axis=0).mean(),
            "wins (> +0.005)": frame[names].sub(frame["baseline"], axis=0).gt(MARGIN).sum(),
            "losses (< −0.005)": frame[names].sub(frame["baseline"], axis=0).lt(-MARGIN).sum(),
        }
    )
    pd.set_option("display.width", 200)
    print(frame.round(3).to_string())
    print(
        f"\n{len(frame)} tasks; oracle (best candidate, in hindsight) mean {frame['oracle'].mean():.3f}"
    )
    print(summary.round(3).to_string())


if __name__ == "__main__":
    main()
