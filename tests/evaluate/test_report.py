"""The report: data sets table, one real run end to end, Markdown, and the command."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from nichescout.evaluate.datasets import DATASETS, find
from nichescout.evaluate.outcomes import OUTCOMES
from nichescout.evaluate.report import render_markdown, results_frame, run_dataset
from nichescout.exceptions import ParameterError
from nichescout.ingest import IMPORTERS


def test_every_dataset_names_a_known_importer_outcome_and_file(shared_data: Path) -> None:
    for spec in DATASETS:
        assert spec.format in IMPORTERS
        assert all(o.outcome in OUTCOMES for o in spec.outcomes)
        assert (shared_data / spec.path).exists(), spec.path
        if "nodes" in spec.options:
            assert (shared_data / spec.options["nodes"]).exists()
        timeless = spec.cutoff is None
        assert timeless == all(OUTCOMES[o.outcome].label for o in spec.outcomes)
    with pytest.raises(ParameterError, match="'dataset' parameter of evaluate"):
        find("myspace")


def test_a_real_dataset_end_to_end(shared_data: Path) -> None:
    result = run_dataset(find("stackexchange/conlang-meta"), shared_data)
    assert result.skipped is None and result.cutoff is not None
    assert result.platform == "stackexchange:conlang-meta"
    assert 0 < result.population < result.members
    assert [t.outcome.outcome for t in result.tasks] == [
        "help",
        "engagement",
        "welcome",
        "reach",
        "community",
    ]
    assert [t.profile for t in result.tasks] == [t.outcome.outcome for t in result.tasks]
    frame = results_frame([result])
    assert {"dataset", "outcome", "method", "P@10", "NDCG@20", "Spearman"} <= set(frame.columns)
    assert {"nichescout", "nichescout (prior)", "accepted"} <= set(frame["method"])
    text = render_markdown([result], command="nichescout evaluate -d stackexchange/conlang-meta")
    assert "`nichescout evaluate -d stackexchange/conlang-meta`" in text
    assert "### stackexchange/conlang-meta" in text
    assert "| **nichescout** (community, fitted) |" in text
    assert "## How each ranking was fitted" in text
    assert "## Where nichescout does not beat a baseline" in text
    # every table row has as many cells as its header
    for block in text.split("\n\n"):
        rows = [line for line in block.splitlines() if line.startswith("|")]
        if rows:
            assert len({row.count(" | ") for row in rows if not row.startswith("|---")}) == 1


def test_a_missing_dataset_is_skipped_not_fatal(tmp_path: Path) -> None:
    result = run_dataset(find("twitch/DE"), tmp_path)
    assert result.skipped is not None and "not found" in result.skipped
    assert "**Not evaluated:**" in render_markdown([result], command="x")


def test_the_command_writes_the_report_and_prints_csv(shared_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "evaluation.md"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "nichescout.evaluate",
            "--dataset",
            "stackexchange/conlang-meta",
            "--data-dir",
            str(shared_data),
            "--out",
            str(out),
            "--quiet",
            "-f",
            "csv",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert {r["method"] for r in rows} >= {"nichescout", "activity", "received", "degree"}
    assert out.read_text(encoding="utf-8").startswith("# Evaluation")
    bad = subprocess.run(
        [sys.executable, "-m", "nichescout.evaluate", "--dataset", "myspace", "--out", "-"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode == 1 and "Error:" in bad.stderr and "myspace" in bad.stderr


def test_the_command_has_an_example() -> None:
    from nichescout.cli.evaluate_cmd import evaluate

    assert "Example: nichescout evaluate" in (evaluate.__doc__ or "")
