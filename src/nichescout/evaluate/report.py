"""Run the evaluation over the data sets and write its results as Markdown.

:func:`run_dataset` imports one data set of :data:`~nichescout.evaluate.datasets.DATASETS`
into a fresh in-memory store, picks its cutoff, ranks with nichescout, every baseline and
every variant, and scores each against each outcome; :func:`render_markdown` turns the
results into ``docs/evaluation.md`` (``nichescout evaluate`` does both).

>>> from nichescout.data.toy import toy_community
>>> from nichescout.evaluate.datasets import DatasetSpec, OutcomeSpec
>>> spec = DatasetSpec("toy", "the toy community", "toy", "", (
...     OutcomeSpec("help", "future help"),))
>>> result = evaluate_store(spec, toy_community(), "toy", k=(1, 2))
>>> result.cutoff, result.population, result.tasks[0].table["method"].tolist()[:2]
(datetime.datetime(2024, 1, 15, 0, 0), 4, ['nichescout', 'nichescout (prior)'])
>>> "| **nichescout** (help, fitted) |" in render_markdown([result], command="(doctest)", k=(1, 2))
True
"""

from __future__ import annotations

import math
import os
import platform as _platform
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from nichescout._version import __version__
from nichescout.evaluate import outcomes as _outcomes
from nichescout.evaluate.datasets import NOT_EVALUATED, DatasetSpec, OutcomeSpec
from nichescout.evaluate.harness import METHOD, PRIOR, event_cutoff, rankings, score_rankings
from nichescout.evaluate.notes import NOTES
from nichescout.evaluate.variants import VARIANTS
from nichescout.ingest import ingest
from nichescout.progress import NullProgress, Progress
from nichescout.store import Store

__all__ = [
    "DatasetResult",
    "TaskResult",
    "evaluate_store",
    "render_markdown",
    "results_frame",
    "verdicts",
    "run_all",
    "run_dataset",
]

#: Steps :func:`run_dataset` reports to its progress hook, per data set.
STEPS = 4


@dataclass
class TaskResult:
    """One outcome of one data set: the metrics of every method (rows)."""

    outcome: OutcomeSpec
    table: pd.DataFrame  # attrs: population, positives, outcome_total, coverage
    label: bool
    profile: str = "community"
    fit: dict[str, Any] | None = None  # the fit's provenance (nichescout.scores.fit)


@dataclass
class DatasetResult:
    """Everything the report says about one data set."""

    spec: DatasetSpec
    platform: str = ""
    cutoff: datetime | None = None
    first_event: datetime | None = None
    last_event: datetime | None = None
    members: int = 0
    population: int = 0
    tasks: list[TaskResult] = field(default_factory=list)
    seconds: float = 0.0
    skipped: str | None = None  # why the data set could not be evaluated


def _event_range(store: Store, platform: str) -> tuple[datetime | None, datetime | None]:
    row = store.con.execute(
        """SELECT min(t), max(t) FROM (
               SELECT created_at AS t FROM content WHERE platform = $p
               UNION ALL SELECT created_at FROM interactions WHERE platform = $p)""",
        {"p": platform},
    ).fetchall()[0]
    return row[0], row[1]


def evaluate_store(
    spec: DatasetSpec,
    store: Store,
    platform: str,
    *,
    k: Sequence[int] = (10, 20, 50),
    variants: Sequence[str] = (),
    progress: Progress | None = None,
) -> DatasetResult:
    """Evaluate ``spec`` on a store that already holds its data as ``platform``."""
    progress = progress or NullProgress()
    started = time.perf_counter()
    result = DatasetResult(spec, platform)
    result.first_event, result.last_event = _event_range(store, platform)
    row = store.con.execute(
        "SELECT count(*) FROM members WHERE platform = ? AND NOT coalesce(is_bot, false)",
        [platform],
    ).fetchall()[0]
    result.members = int(row[0])
    if spec.cutoff == "two-thirds":
        result.cutoff = event_cutoff(store, platform)
    elif isinstance(spec.cutoff, datetime):
        result.cutoff = spec.cutoff
    progress.advance(1)
    by_profile: dict[str, pd.DataFrame] = {}
    for outcome in spec.outcomes:
        definition = _outcomes.OUTCOMES[outcome.outcome]
        profile = outcome.profile or definition.profile
        if profile not in by_profile:
            by_profile[profile] = rankings(
                store,
                platform,
                result.cutoff,
                since=spec.since,
                profile=profile,
                baselines=spec.baselines,
                variants=variants,
            )
        ranked = by_profile[profile]
        result.population = len(ranked)
        truth = _outcomes.compute(
            outcome.outcome, store.con, platform, result.cutoff, spec.end, **dict(outcome.options)
        )
        table = score_rankings(ranked, truth, k=k, label=definition.label, control=spec.control)
        result.tasks.append(
            TaskResult(outcome, table, definition.label, profile, ranked.attrs.get("fit"))
        )
    progress.advance(2)
    result.seconds = time.perf_counter() - started
    return result


def run_dataset(
    spec: DatasetSpec,
    data_dir: str | Path,
    *,
    k: Sequence[int] = (10, 20, 50),
    variants: Sequence[str] = (),
    progress: Progress | None = None,
) -> DatasetResult:
    """Import ``spec`` from ``data_dir`` into an in-memory store and evaluate it.

    A data set whose files are missing comes back with ``skipped`` set instead of failing
    the whole run.
    """
    progress = progress or NullProgress()
    progress.start(spec.name, STEPS)
    data_dir = Path(data_dir)
    path = data_dir / spec.path
    if not path.exists():
        progress.advance(STEPS)
        return DatasetResult(spec, skipped=f"not found: {path}")
    options = {k: (str(data_dir / v) if k == "nodes" else v) for k, v in spec.options.items()}
    started = time.perf_counter()
    with Store(":memory:") as store:
        report = ingest(store, spec.format, path, **options)
        progress.advance(1)
        platform = report.platform or str(spec.options.get("platform", ""))
        result = evaluate_store(spec, store, platform, k=k, variants=variants, progress=progress)
    result.seconds = time.perf_counter() - started
    return result


def run_all(
    datasets: Sequence[DatasetSpec],
    data_dir: str | Path,
    *,
    k: Sequence[int] = (10, 20, 50),
    variants: Sequence[str] = (),
    progress: Progress | None = None,
) -> list[DatasetResult]:
    """:func:`run_dataset` for each of ``datasets``, in order."""
    return [
        run_dataset(spec, data_dir, k=k, variants=variants, progress=progress) for spec in datasets
    ]


# -- tables --------------------------------------------------------------------------------
def results_frame(results: Sequence[DatasetResult]) -> pd.DataFrame:
    """Every metric of every method, task and data set, one row per (data set, task, method)."""
    frames = []
    for result in results:
        for task in result.tasks:
            frame = task.table.copy()
            frame.insert(0, "outcome", task.outcome.title)
            frame.insert(0, "dataset", result.spec.name)
            frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _fmt(value: float) -> str:
    return (
        "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.3f}"
    )


def _columns(task: TaskResult) -> list[str]:
    return [c for c in task.table.columns if c != "method"]


def _has_truth(task: TaskResult) -> bool:
    """Whether anyone showed the outcome (else every metric is undefined)."""
    return int(task.table.attrs.get("positives", 0)) > 0


def _task_table(task: TaskResult) -> str:
    columns = _columns(task)
    grid = _grid(task)
    shown = [m for m in grid if not m.startswith("variant:")]
    best = {
        c: max((grid[m][c] for m in shown if not math.isnan(grid[m][c])), default=math.nan)
        for c in columns
    }
    lines = ["| method | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
    for method in shown:
        cells = []
        for c in columns:
            value = grid[method][c]
            text = _fmt(value)
            if not math.isnan(value) and np.isclose(value, best[c]):
                text = f"**{text}**"
            cells.append(text)
        name = {
            METHOD: f"**nichescout** ({task.profile}, fitted)",
            PRIOR: f"nichescout ({task.profile}, prior weights)",
        }.get(method, method)
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _grid(task: TaskResult) -> dict[str, dict[str, float]]:
    """method → metric → value, as plain floats."""
    columns = _columns(task)
    values = task.table[columns].to_numpy(dtype=np.float64)
    return {
        str(method): {c: float(v) for c, v in zip(columns, row, strict=True)}
        for method, row in zip(task.table["method"], values, strict=True)
    }


def _baselines(grid: dict[str, dict[str, float]]) -> list[str]:
    return [m for m in grid if m not in (METHOD, PRIOR) and not m.startswith("variant:")]


def _when(value: datetime | None) -> str:
    if value is None:
        return "–"
    return (
        value.strftime("%Y-%m-%d")
        if value.time() == datetime.min.time()
        else value.strftime("%Y-%m-%d %H:%M")
    )


def _import_call(spec: DatasetSpec) -> str:
    options = "".join(f", {k}={v!r}" for k, v in spec.options.items())
    return f'ingest(store, "{spec.format}", "{spec.path}"{options})'


def _dataset_section(result: DatasetResult, k: Sequence[int]) -> list[str]:
    spec = result.spec
    lines = [f"### {spec.name}", "", f"{spec.title}. Imported with `{_import_call(spec)}`."]
    if result.skipped:
        return [*lines, "", f"**Not evaluated:** {result.skipped}.", ""]
    if result.cutoff is None:
        window = (
            "No time: the whole history ranks. "
            f"Population: {result.population:,} of {result.members:,} members "
            "(the scorer's cohort: members in at least one event)."
        )
    else:
        rule = (
            "two thirds of the events had happened by then"
            if spec.cutoff == "two-thirds"
            else "fixed by the task"
        )
        start = spec.since or result.first_event
        window = (
            f"Cutoff **{_when(result.cutoff)}** ({rule}): ranked from events "
            f"{_when(start)} … {_when(result.cutoff)}, judged by events "
            f"{_when(result.cutoff)} … {_when(result.last_event)}. Population: "
            f"{result.population:,} of {result.members:,} members (those who acted "
            "or were acted upon before the cutoff: the scorer's cohort)."
        )
    lines += ["", window]
    if spec.note:
        lines += ["", spec.note]
    for task in result.tasks:
        attrs = task.table.attrs
        if task.label:
            what = f"{attrs['positives']:,} positives among {attrs['population']:,} members"
        else:
            coverage = attrs["coverage"]
            share = (
                ""
                if math.isnan(coverage)
                else f"; they hold {coverage:.0%} of all of it on the platform"
            )
            what = (
                f"{attrs['positives']:,} of {attrs['population']:,} members did any, "
                f"{attrs['outcome_total']:,.0f} in all{share}"
            )
        options = "".join(f" ({k} = `{v}`)" for k, v in task.outcome.options.items())
        if not _has_truth(task):
            lines += ["", f"**{task.outcome.title}**{options} — no member showed it: not scored."]
            continue
        lines += ["", f"**{task.outcome.title}**{options} — {what}.", "", _task_table(task)]
    lines += ["", f"_{result.seconds:.1f} s (import, scoring, outcomes)._", ""]
    return lines


def _variants_table(results: Sequence[DatasetResult], k: Sequence[int]) -> list[str]:
    depth = min(k)
    header = ["data set", "outcome", "metric", "shipped"] + list(VARIANTS) + ["best baseline"]
    lines = ["| " + " | ".join(header) + " |", "|---|---|---|" + "---:|" * (len(header) - 3)]
    for result in results:
        for task in result.tasks:
            grid = _grid(task)
            # a 0/1 label saturates NDCG at the shallow depth (every method finds 10 partners)
            ndcg = f"NDCG@{max(k) if task.label else depth}"
            for metric in (ndcg, "AUC" if task.label else "Spearman"):
                cells = [_fmt(grid[METHOD][metric])]
                for name in VARIANTS:
                    column = f"variant:{name}"
                    cells.append(_fmt(grid[column][metric]) if column in grid else "–")
                scored = [
                    (grid[b][metric], b)
                    for b in _baselines(grid)
                    if not math.isnan(grid[b][metric])
                ]
                cells.append(f"{_fmt(max(scored)[0])} ({max(scored)[1]})" if scored else "–")
                lines.append(
                    f"| {result.spec.name} | {task.outcome.title} | {metric} | "
                    + " | ".join(cells)
                    + " |"
                )
    return lines


def _machine() -> str:
    cpu = _platform.processor() or _platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 2**30:.0f} GiB RAM"
    except (ValueError, OSError, AttributeError):
        pass
    return (
        f"{cpu}, {os.cpu_count()} CPUs{memory}; {_platform.system()} "
        f"{_platform.release()}; Python {_platform.python_version()}, DuckDB "
        f"{duckdb.__version__}, nichescout {__version__}"
    )


#: How much the fitted ranking must exceed the best baseline's NDCG@20 to count as beating it.
MARGIN = 0.005
HEADLINE = "NDCG@20"


def verdicts(results: Sequence[DatasetResult]) -> pd.DataFrame:
    """One row per task with a truth: the headline metric of the fitted ranking, the prior
    weights and the best baseline, and whether the fitted ranking beats it by ``MARGIN``."""
    rows = []
    for result in results:
        for task in result.tasks:
            grid = _grid(task)
            if not _has_truth(task) or HEADLINE not in grid.get(METHOD, {}):
                continue
            scored = [(grid[b][HEADLINE], b) for b in _baselines(grid)]
            scored = [(v, b) for v, b in scored if not math.isnan(v)]
            if not scored:
                continue
            best_value, best = max(scored)
            ours = grid[METHOD][HEADLINE]
            rows.append(
                {
                    "dataset": result.spec.name,
                    "role": result.spec.role,
                    "outcome": task.outcome.title,
                    "population": result.population,
                    "fitted": ours,
                    "prior": grid.get(PRIOR, {}).get(HEADLINE, math.nan),
                    "best_baseline": best,
                    "best_value": best_value,
                    "beats": bool(ours > best_value + MARGIN),
                    "status": (task.fit or {}).get("status", "prior"),
                }
            )
    return pd.DataFrame(rows)


def _summary(results: Sequence[DatasetResult]) -> list[str]:
    table = verdicts(results)
    if table.empty:
        return ["No task had a ground truth."]
    lines = []
    for role in ("report", "development"):
        part = table[table["role"] == role]
        if len(part):
            lines.append(
                f"- **{role} set**: the fitted ranking beats the best baseline on {HEADLINE} "
                f"(by more than {MARGIN}) in **{int(part['beats'].sum())} of {len(part)}** "
                f"tasks ({part['beats'].mean():.0%}); the prior weights alone in "
                f"{int((part['prior'] > part['best_value'] + MARGIN).sum())} of {len(part)}."
            )
    lines += [
        "",
        f"{HEADLINE} of the fitted ranking (the default), the same profile with its prior "
        "weights (`--no-fit`), and the best baseline, per task (a task = one data set and one "
        "ground truth, judged with the profile of the same goal):",
        "",
        "| data set | set | ground truth | population | fitted | prior | best baseline | "
        "fitted − best |",
        "|---|---|---|---:|---:|---:|---|---:|",
    ]
    for row in table.to_dict("records"):
        diff = row["fitted"] - row["best_value"]
        mark = "**" if row["beats"] else ""
        lines.append(
            f"| {row['dataset']} | {row['role']} | {row['outcome']} | {row['population']:,} | "
            f"{mark}{row['fitted']:.3f}{mark} | {_fmt(row['prior'])} | "
            f"{row['best_baseline']} {row['best_value']:.3f} | {diff:+.3f} |"
        )
    return lines


def _fit_table(results: Sequence[DatasetResult]) -> list[str]:
    lines = [
        "| data set | profile | fit | half-life | weights (largest three) | "
        "inner NDCG@20: chosen / prior / best single input |",
        "|---|---|---|---:|---|---|",
    ]
    seen: set[tuple[str, str]] = set()
    for result in results:
        for task in result.tasks:
            fit = task.fit
            if fit is None or (result.spec.name, task.profile) in seen:
                continue
            seen.add((result.spec.name, task.profile))
            weights = sorted(fit["weights"].items(), key=lambda kv: -kv[1])[:3]
            words = ", ".join(f"{name} {value:.2f}" for name, value in weights)
            inner = fit.get("backtest_ndcg", {})
            measures = {k: v for k, v in inner.items() if k not in ("fitted", "prior")}
            best = max(measures, key=lambda m: measures[m]) if measures else None
            backtest = (
                f"{inner['fitted']:.3f} ({fit['chosen']}) / {inner['prior']:.3f} / "
                f"{best} {measures[best]:.3f}"
                if best and "fitted" in inner
                else "–"
            )
            status = fit["status"] + (f": {fit['reason']}" if fit["reason"] else "")
            half_life = (
                f"{fit['half_life_days']:g} d" if fit["half_life_days"] is not None else "none"
            )
            lines.append(
                f"| {result.spec.name} | {task.profile} | {status} | {half_life} | {words} | "
                f"{backtest} |"
            )
    return lines


def render_markdown(
    results: Sequence[DatasetResult],
    *,
    command: str,
    k: Sequence[int] = (10, 20, 50),
    seconds: float | None = None,
    figure: str | None = None,
    creators: Sequence[str] = (),
) -> str:
    """The evaluation report (``docs/evaluation.md``) for ``results``.

    ``figure``: path of the summary SVG relative to the report, shown under the summary;
    ``creators``: the creator analytics' section (:func:`nichescout.evaluate.creators.
    creator_section`), placed after the communities.
    """
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    took = f" in {seconds:.0f} s" if seconds is not None else ""
    lines = [
        "# Evaluation: does the score find who matters next?",
        "",
        "<!-- Generated file: do not edit by hand; re-run the command below. -->",
        "",
        f"Generated by `{command}` on {now}{took}, on {_machine()}.",
        "",
        NOTES["method"],
        "",
        "## Summary",
        "",
        *(
            [f"![nichescout against the best baseline, task by task]({figure})", ""]
            if figure
            else []
        ),
        *_summary(results),
    ]
    lines += [
        "",
        "## Results by data set",
        "",
        "Best value of each column in bold; ties in a method's scores count as their "
        "average over random orders.",
        "",
    ]
    for result in results:
        lines += _dataset_section(result, k)
    lines += [
        "## How each ranking was fitted",
        "",
        NOTES["fit"],
        "",
        *_fit_table(results),
        "",
        "## Where nichescout does not beat a baseline",
        "",
        NOTES["analysis"],
    ]
    if any(t.table["method"].str.startswith("variant:").any() for r in results for t in r.tasks):
        lines += ["", "Variants measured by the same run:", ""]
        lines += _variants_table([r for r in results if not r.skipped], k)
    if creators:
        lines += ["", *creators]
    lines += ["", "## Data sets not evaluated", ""]
    for name, why in NOT_EVALUATED.items():
        lines.append(f"- `{name}`: {why}")
    lines.append("")
    return "\n".join(lines)
