"""``nichescout evaluate``: rank from the past, compare with the future, write the results."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from nichescout.cli.common import DebugOption, FormatOption, err_console, handle_errors
from nichescout.cli.output import OutputFormat, emit
from nichescout.cli.progress import RichProgress
from nichescout.exceptions import InputError

__all__ = ["evaluate"]

DEFAULT_DATA_DIR = Path("../shared/data")
DEFAULT_OUT = Path("docs/evaluation.md")
#: How the report names the command that made it (``python -m nichescout.evaluate`` sets it).
PROGRAM = "nichescout evaluate"


@handle_errors
def evaluate(
    dataset: Annotated[
        list[str] | None,
        typer.Option(
            "--dataset",
            "-d",
            help="A data set to evaluate (repeatable), e.g. stackexchange/quantumcomputing, "
            "twitch/DE; 'all' (default) for every one.",
        ),
    ] = None,
    data_dir: Annotated[
        Path, typer.Option("--data-dir", help="The shared data folder holding the data sets.")
    ] = DEFAULT_DATA_DIR,
    out: Annotated[
        str,
        typer.Option("--out", help="Where to write the Markdown report; '-' writes none."),
    ] = str(DEFAULT_OUT),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
    fmt: FormatOption = OutputFormat.table,
    debug: DebugOption = False,
) -> None:
    """Split each community's history at a cutoff, rank from before it, judge by after it.

    nichescout's community score and simple baselines (post count, votes received, degree,
    PageRank, views) are scored with P@10, P@50, NDCG@10, NDCG@50 and Spearman (AUC for
    Twitch partners); the Markdown report goes to --out, the metrics to standard output.

    Example: nichescout evaluate --dataset all --data-dir ../shared/data --out docs/evaluation.md
    """
    from nichescout.evaluate.datasets import DATASETS, find
    from nichescout.evaluate.plot import summary_svg
    from nichescout.evaluate.report import render_markdown, results_frame, run_all

    names = dataset or ["all"]
    specs = list(DATASETS) if "all" in names else [find(n) for n in names]
    if not data_dir.is_dir():
        raise InputError(
            data_dir,
            None,
            "no such folder; pass --data-dir with the folder holding the shared data sets "
            "(stackexchange/, twitch/, …), as README.md explains.",
        )
    started = time.perf_counter()
    with RichProgress(enabled=not quiet, unit="steps") as progress:
        results = run_all(specs, data_dir, progress=progress)
    seconds = time.perf_counter() - started
    for result in results:
        if result.skipped:
            err_console.print(f"[yellow]Skipped[/] {result.spec.name}: {result.skipped}")
    if results and all(result.skipped for result in results):
        raise InputError(
            data_dir, None, "every data set asked for was skipped (above); nothing was evaluated."
        )
    creators: list[str] = []
    if out != "-" and "all" in names:
        from nichescout.evaluate.creators import creator_section

        if not quiet:
            err_console.print("Measuring the creator detectors on their labelled data …")
        creators = creator_section(data_dir)
    if out != "-":
        parts = [PROGRAM]
        parts += [f"--dataset {n}" for n in names]
        parts += [f"--data-dir {data_dir}", f"--out {out}"]
        figure = Path(out).with_suffix(".svg")
        text = render_markdown(
            results, command=" ".join(parts), seconds=seconds, figure=figure.name, creators=creators
        )
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text, encoding="utf-8")
        figure.write_text(summary_svg(results_frame(results)), encoding="utf-8")
        err_console.print(f"Wrote {out} and {figure}")
    frame = results_frame(results)
    if fmt == OutputFormat.table and not frame.empty:
        frame = frame[~frame["method"].str.startswith("variant:")].round(3)
    emit(frame, fmt, title="Evaluation (higher is better)")
