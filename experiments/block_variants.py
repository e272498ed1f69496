"""Development-set experiment: the fitted default under other settings, on the block tasks.

``experiments/small_communities.py --out base.csv`` judges every block task of the
development histories (each cut into 3 and 6 blocks of equal event counts, ranked before a
block's two-thirds point, judged after it) and writes the baselines' NDCG@20. This script
ranks the same tasks again with the fitted default under each ``--variant`` (settings
overrides, ``name=value;name=value``, values as JSON) and reports wins and losses against
the best baseline of the base run (margin 0.005), with the fit's choice per task:

    python experiments/block_variants.py --base base.csv \
        --variant "fit_tolerance=0.02" --variant "fit_origins=[0.6,0.7,0.8]"

Only development data are read.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pandas as pd
from small_communities import K, blocks, fitted_only, summary

from nichescout.evaluate import outcomes as _outcomes
from nichescout.evaluate.datasets import DATASETS
from nichescout.ingest import ingest
from nichescout.metrics import ndcg_at_k
from nichescout.scores import fit as _fit
from nichescout.store import Store

_CANDIDATES = _fit._candidates


def _measures_rule(rule: str | None) -> None:
    """Experiment hook ``_measures=drop|last``: the fit's single simple-measure candidates
    left out, or ranked more complex than any fitted candidate. Measured before the fit
    stopped choosing them without recency (``fit._choose``); since, the hook acts on those
    with recency only."""

    def patched(*args: Any, **kwargs: Any) -> list[Any]:
        out = _CANDIDATES(*args, **kwargs)
        if rule is None:
            return out
        simple = [c for c in out if c.kind == "measure" and c.name in _fit.SIMPLE_MEASURES]
        if rule == "drop":
            return [c for c in out if all(c is not d for d in simple)]
        for c in simple:
            c.complexity += 100.0
        return out

    _fit._candidates = patched  # type: ignore[assignment]


def parse(variant: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in filter(None, variant.split(";")):
        name, value = item.split("=", 1)
        out[name.strip()] = json.loads(value)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--base", type=Path, required=True)
    parser.add_argument("--variant", action="append", default=[])
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--fitted-only", action="store_true", help="skip tasks left at the prior")
    args = parser.parse_args()
    base = pd.read_csv(args.base)
    if args.fitted_only:
        base = base[base["status"] != "prior"]
    variants = {v: parse(v) for v in args.variant}
    rows = []
    counts = tuple(sorted(set(base["blocks"])))
    for spec in DATASETS:
        if spec.role != "development" or spec.name not in set(base["dataset"]):
            continue
        store = Store(":memory:")
        report = ingest(store, spec.format, args.data_dir / spec.path, **spec.options)
        platform = report.platform or str(spec.options.get("platform"))
        for block in blocks(store, platform, spec.name, counts):
            wanted = base[
                (base["dataset"] == spec.name)
                & (base["blocks"] == block.blocks)
                & (base["block"] == block.index)
            ]
            for _, task in wanted.iterrows():
                goal = task["goal"]
                truth = _outcomes.compute(goal, store.con, platform, block.cutoff, block.end)
                row = {k: task[k] for k in ("dataset", "blocks", "block", "goal", "status")}
                row["best baseline"] = task["best baseline"]
                row["default"] = task["nichescout"]
                for label, settings in variants.items():
                    settings = dict(settings)
                    _measures_rule(settings.pop("_measures", None))
                    ranked = fitted_only(store, platform, block, goal, settings)
                    y = ranked[["member_key"]].merge(truth, on="member_key", how="left")
                    gains = y["value"].fillna(0.0).to_numpy()
                    row[label] = ndcg_at_k(ranked["nichescout"].to_numpy(float), gains, K)
                    fit = ranked.attrs["fit"] or {}
                    row[f"{label} chose"] = f"{fit.get('chosen')}@{fit.get('half_life_days')}"
                rows.append(row)
                print(
                    f"{spec.name} {block.blocks}:{block.index} {goal:<10} default "
                    f"{row['default']:.3f} "
                    + " ".join(f"{row[v]:.3f}" for v in variants)
                    + f" best {row['best baseline']:.3f}",
                    flush=True,
                )
        store.close()
    table = pd.DataFrame(rows)
    if args.out:
        table.to_csv(args.out, index=False)
    for label in ["default", *variants]:
        for part_name, part in (("all", table), ("fitted", table[table["status"] != "prior"])):
            print(f"{label:<40} {part_name:<7} n={len(part):<4} {summary(part, label)}")


if __name__ == "__main__":
    main()
