"""Development-set experiment: what should rank a community too small to fit?

The fit keeps the profile's prior weights when fewer than ``fit_min_members`` members were
active before its first inner cutoff, and on the two such shared communities (conlang-meta,
development; secp256k1, report) post count beats the prior on 9 of 10 tasks. One small
community is too little evidence to choose a fallback on, so this experiment makes more
from the development set alone: each development history is cut into consecutive blocks of
equal event counts (3 and 6 blocks, so two sizes), and in each block the ranking is made
from the events before the block's two-thirds point and judged on the rest of the block,
exactly as the evaluation judges a whole history (same goals, same baselines, NDCG@20).
Blocks whose population or outcome is too thin to judge are skipped; the cut points depend
on the data only.

Each task compares the current default (fitted, or the prior when too small), and
fallbacks that need no fit: the prior; the forecast ``expected_activity`` alone; the goal so
far alone; the prior with post count set to ½, 1 or 2 times the rest of its weights, with
the forecast, or with both; and fitting anyway with lower thresholds.

    python experiments/small_communities.py --data-dir ../shared/data [--prior-add ...]

``--prior-add activity=1,expected_activity=1`` sets those inputs of every goal profile's
prior to that multiple of the rest of its weights: how the shipped priors were chosen
(2026-12-01, before they included post count and the forecast; over the 157 tasks, the
fitted default won 35 and lost 101 with the old priors, 59 and 78 with these). Since then
``--prior-add activity=0,expected_activity=0`` gives the old priors back.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nichescout.evaluate import outcomes as _outcomes
from nichescout.evaluate.datasets import DATASETS
from nichescout.evaluate.harness import _order, pre_cutoff_store, rankings
from nichescout.ingest import ingest
from nichescout.metrics import ndcg_at_k
from nichescout.scores import CommunityScorer
from nichescout.scores.profiles import PROFILES, resolve_profile
from nichescout.signals.measures import GOAL_SIGNALS
from nichescout.store import Store

K = 20
GOALS = ("help", "engagement", "welcome", "reach", "community")
MIN_POPULATION = 15
MIN_POSITIVES = 5
MARGIN = 0.005
#: Lower fit thresholds for "fit anyway".
ANYWAY = {"fit_min_members": 10, "fit_min_events": 50, "fit_min_positives": 5}


@dataclass(frozen=True)
class Block:
    dataset: str
    blocks: int
    index: int
    since: datetime
    cutoff: datetime
    end: datetime


def blocks(store: Store, platform: str, name: str, counts: tuple[int, ...]) -> list[Block]:
    """Consecutive blocks of equal event counts; each cut at its own two-thirds point."""
    times = (
        store.con.execute(
            """SELECT t FROM (SELECT created_at AS t FROM content WHERE platform = $p
                UNION ALL SELECT created_at FROM interactions WHERE platform = $p)
               WHERE t IS NOT NULL ORDER BY t""",
            {"p": platform},
        )
        .df()["t"]
        .to_list()
    )
    out = []
    for count in counts:
        edges = [times[min(int(len(times) * i / count), len(times) - 1)] for i in range(count + 1)]
        for i in range(count):
            lo, hi = edges[i], edges[i + 1]
            inside = [t for t in times if lo <= t < hi]
            if len(inside) < 30:
                continue
            cut = inside[int(len(inside) * 2 / 3)]
            cut = datetime(cut.year, cut.month, cut.day)
            if not lo < cut < hi:
                continue
            out.append(Block(name, count, i, lo, cut, hi))
    return out


def fallback_profiles(goal: str) -> dict[str, dict[str, float]]:
    _, weights, _ = resolve_profile(goal, None)
    prior = {k: float(v) for k, v in weights.items() if v > 0}
    total = sum(prior.values())
    goal_signal = GOAL_SIGNALS.get(goal)
    out = {
        "prior": prior,
        "forecast": {"expected_activity": 1.0},
        "prior + post count ×0.5": prior | {"activity": total / 2},
        "prior + post count": prior | {"activity": total},
        "prior + post count ×2": prior | {"activity": 2 * total},
        "prior + forecast": prior | {"expected_activity": total},
        "prior + both": prior | {"activity": total / 2, "expected_activity": total / 2},
    }
    if goal_signal:
        out["goal so far"] = {goal_signal: 1.0}
    return out


def fitted_only(
    store: Store, platform: str, block: Block, goal: str, settings: dict[str, Any]
) -> pd.DataFrame:
    """The fitted default alone (no prior, no baselines) ranking ``block``'s members for
    ``goal`` under ``settings``; ``attrs["fit"]`` holds what the fit chose."""
    return rankings(
        store,
        platform,
        block.cutoff,
        since=block.since,
        profile=goal,
        settings=settings,
        prior=False,
        baselines=(),
    )


def judge(store: Store, platform: str, block: Block, goal: str) -> dict[str, Any] | None:
    truth = _outcomes.compute(goal, store.con, platform, block.cutoff, block.end)
    ranked = rankings(store, platform, block.cutoff, since=block.since, profile=goal)
    if len(ranked) < MIN_POPULATION:
        return None
    y = ranked[["member_key"]].merge(truth, on="member_key", how="left")["value"]
    y = y.fillna(0.0).to_numpy()
    if int((y > 0).sum()) < MIN_POSITIVES:
        return None
    fit = ranked.attrs["fit"] or {}
    row: dict[str, Any] = {
        "dataset": block.dataset,
        "blocks": block.blocks,
        "block": block.index,
        "goal": goal,
        "population": len(ranked),
        "positives": int((y > 0).sum()),
        "status": fit.get("status", "?"),
        "reason": fit.get("reason", ""),
    }
    baselines = ("activity", "received", "degree", "pagerank", "accepted")
    for column in ("nichescout", "nichescout (prior)", *baselines):
        row[column] = ndcg_at_k(ranked[column].to_numpy(dtype=float), y, K)
    anyway = fitted_only(store, platform, block, goal, ANYWAY)
    merged = ranked[["member_key"]].merge(anyway[["member_key", "nichescout"]], on="member_key")
    row["fit anyway"] = ndcg_at_k(merged["nichescout"].to_numpy(dtype=float), y, K)
    past = pre_cutoff_store(store, platform, block.cutoff)
    try:
        keys = past.con.execute(
            "SELECT member_key, member_id FROM members WHERE platform = ?", [platform]
        ).df()
        for name, weights in fallback_profiles(goal).items():
            scorer = CommunityScorer(
                weights, platform=platform, since=block.since, until=block.cutoff, calibrate=False
            ).fit(past)
            frame = scorer.scores_.merge(keys, on="member_id")
            frame["order"] = _order(frame["score"], frame["activity"])
            s = ranked[["member_key"]].merge(frame[["member_key", "order"]], how="left")["order"]
            row[name] = ndcg_at_k(s.fillna(-1.0).to_numpy(dtype=float), y, K)
    finally:
        past.close()
    row["best baseline"] = max(row[b] for b in baselines)
    return row


def summary(part: pd.DataFrame, method: str) -> str:
    """Mean NDCG@K of ``method`` over ``part``'s tasks, and its wins and losses against the
    best baseline (by more than ``MARGIN``)."""
    values = part[method].astype(float)
    wins = int((values > part["best baseline"] + MARGIN).sum())
    losses = int((values < part["best baseline"] - MARGIN).sum())
    return f"mean NDCG@{K} {np.nanmean(values):.3f}  wins {wins:>3}  losses {losses:>3}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--counts", default="3,6")
    parser.add_argument("--out", type=Path, default=None, help="CSV of every task")
    parser.add_argument(
        "--prior-add",
        default="",
        help="inputs added to each goal profile's prior, as multiples of its total weight: "
        "activity=1,expected_activity=0.5",
    )
    args = parser.parse_args()
    added = dict(item.split("=") for item in args.prior_add.split(",") if item)
    for goal in GOALS:
        total = sum(w for name, w in PROFILES[goal].items() if name not in added)
        for name, share in added.items():
            PROFILES[goal][name] = float(share) * total
    counts = tuple(int(c) for c in args.counts.split(","))
    rows = []
    for spec in DATASETS:
        if spec.role != "development":
            continue
        store = Store(":memory:")
        report = ingest(store, spec.format, args.data_dir / spec.path, **spec.options)
        platform = report.platform or str(spec.options.get("platform"))
        for block in blocks(store, platform, spec.name, counts):
            for goal in GOALS:
                row = judge(store, platform, block, goal)
                if row is not None:
                    rows.append(row)
                    print(
                        f"{spec.name} {block.blocks}:{block.index} {goal:<10} "
                        f"n={row['population']:<4} {row['status']:<8} "
                        f"default {row['nichescout']:.3f} prior {row['nichescout (prior)']:.3f} "
                        f"best {row['best baseline']:.3f}",
                        flush=True,
                    )
        store.close()
    table = pd.DataFrame(rows)
    if args.out:
        table.to_csv(args.out, index=False)
    methods = [
        "nichescout",
        "nichescout (prior)",
        "fit anyway",
        *fallback_profiles("help"),
    ]
    for label, part in (
        ("all tasks", table),
        ("tasks the default leaves at the prior", table[table["status"] == "prior"]),
    ):
        print(f"\n{label}: {len(part)}")
        for method in dict.fromkeys(methods):
            if method not in part:
                continue
            print(f"  {method:<22} {summary(part, method)}")
        print(f"  {'best baseline':<22} mean NDCG@{K} {part['best baseline'].mean():.3f}")


if __name__ == "__main__":
    main()
