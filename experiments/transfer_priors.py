"""Development-set experiment: can weights learned on *other* communities rank a community
that is too small to fit on its own history?

Leave one community out: for each development data set and goal, non-negative ListNet
weights (:func:`nichescout.scores.fit._fit_weights`, weakest shrinkage, no recency) are
fitted on the history before the evaluation cutoff of every *other* development data set
large enough to fit; their mean share vector ranks the held-out data set with no fitting,
and is compared, after the cutoff, with the profile's hand-set prior weights and the best
baseline (NDCG@20).

    python experiments/transfer_priors.py --data-dir ../shared/data
"""

from __future__ import annotations

import argparse
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


def _opt(name: str) -> Any:
    return setting(name, {})


def _order(score: np.ndarray, activity: np.ndarray) -> pd.Series:
    """The order a user sees (score, then activity), as the evaluation harness scores it."""
    return user_order(pd.Series(score), pd.Series(activity))


def prepare(spec: Any, data_dir: Path, goal: str) -> dict[str, Any]:
    """Inner origins (when large enough), the outer task, and the baselines' NDCG."""
    store = Store(":memory:")
    report = ingest(store, spec.format, data_dir / spec.path, **spec.options)
    platform = report.platform or str(spec.options.get("platform"))
    cutoff = event_cutoff(store, platform) if spec.cutoff == "two-thirds" else spec.cutoff
    _, weights, _ = resolve_profile(goal, None)
    prior = {k: float(v) for k, v in weights.items() if v > 0}
    inputs = F._inputs(prior, goal)
    past = pre_cutoff_store(store, platform, cutoff)
    events = F._events(past, platform, Window(spec.since, cutoff), tuple(_opt("fit_origins")))
    grid = [None]
    targets = [F._target(past, platform, spec.since, cutoff, c, goal, {}) for c in events.cutoffs]
    targets = [t for t in targets if t is not None]
    origins = []
    if targets and min(len(t[1]) for t in targets) >= _opt("fit_min_members"):
        origins = [
            F._origin(past, platform, spec.since, c, m, y, inputs, grid, {}) for c, m, y in targets
        ]
    _, members, y = F._target(store, platform, spec.since, None, cutoff, goal, {})
    outer = F._origin(past, platform, spec.since, cutoff, members, y, inputs, grid, {})
    ctx = SignalContext(platform, Window(spec.since, cutoff), {})
    base = {}
    for name in spec.baselines:
        values = _baselines.compute(name, past.con, ctx)
        v = members[["member_key"]].merge(values, on="member_key", how="left")["value"]
        base[name] = ndcg_at_k(v.fillna(0.0).to_numpy(), y, K)
    past.close()
    store.close()
    return {"inputs": inputs, "prior": prior, "origins": origins, "outer": outer, "base": base}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", default="../shared/data")
    parser.add_argument("--set", default="development")
    args = parser.parse_args()
    specs = [s for s in DATASETS if s.role == args.set and s.cutoff is not None]
    rows = []
    for goal in GOALS:
        tasks = {s.name: prepare(s, Path(args.data_dir), goal) for s in specs}
        learned: dict[str, dict[str, float]] = {}
        for name, t in tasks.items():
            if not t["origins"]:
                continue
            prior_vec = np.array([t["prior"].get(n, 0.0) for n in t["inputs"]])
            w = F._fit_weights(t["origins"], None, prior_vec, 0.1, {})
            learned[name] = dict(zip(t["inputs"], w / w.sum(), strict=True))
        for name, t in tasks.items():
            others = [learned[o] for o in learned if o != name]
            if not others:
                continue
            transfer = {n: float(np.mean([o.get(n, 0.0) for o in others])) for n in t["inputs"]}
            outer = t["outer"]
            X, y = outer.features[None], outer.y
            activity = outer.features[None][:, t["inputs"].index("activity")]
            w_t = np.array([transfer[n] for n in t["inputs"]])
            w_p = np.array([t["prior"].get(n, 0.0) for n in t["inputs"]])
            if np.sum(y > 0) == 0:
                continue
            best = max(t["base"], key=t["base"].get)
            rows.append(
                {
                    "data": name,
                    "goal": goal,
                    "hand prior": ndcg_at_k(_order(X @ w_p, activity), y, K),
                    "transferred": ndcg_at_k(_order(X @ w_t, activity), y, K),
                    "best baseline": t["base"][best],
                    "baseline": best,
                    "top weights": ", ".join(
                        f"{k} {v:.2f}"
                        for k, v in sorted(transfer.items(), key=lambda kv: -kv[1])[:3]
                    ),
                }
            )
            print(rows[-1])
    frame = pd.DataFrame(rows)
    pd.set_option("display.width", 250)
    print(frame.round(3).to_string())
    for col in ("hand prior", "transferred"):
        d = frame[col] - frame["best baseline"]
        print(
            f"{col}: mean {frame[col].mean():.3f}; wins {(d > 0.005).sum()}, losses {(d < -0.005).sum()} of {len(frame)}"
        )


if __name__ == "__main__":
    main()
