"""``nichescout report``: a thin shell over build_report, with one-sentence errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from nichescout.cli.report_cmd import report
from nichescout.data.toy import toy_community
from nichescout.store import Store

app = typer.Typer()
app.command("report")(report)
app.command("noop")(lambda: None)  # two commands, so `report` is a sub-command as in the CLI


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cmd") / "toy.duckdb"
    with Store(path) as store:
        toy_community(store)
    return path


def test_report_writes_the_file(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        app, ["report", "--db", str(db), "--out", str(out), "--top", "3", "--until", "2024-02-01"]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.count('<td class="member-id">') == 3
    assert "until before 2024-02-01T00:00:00" in text
    assert f"Wrote {out}" in result.output


def test_errors_are_one_sentence(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["report", "--db", str(db), "--since", "someday"])
    assert result.exit_code == 1 and "--since must be an ISO date" in result.output
    result = runner.invoke(app, ["report", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "No store at" in result.output
    result = runner.invoke(app, ["report", "--db", str(db), "--platform", "slack"])
    assert result.exit_code == 1 and "No platform 'slack'" in result.output
    assert "Traceback" not in result.output


def test_help_has_an_example() -> None:
    assert "Example: nichescout report" in (report.__doc__ or "")


def test_a_window_outside_the_store_is_an_error_not_an_empty_report(
    db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "late.html"
    result = CliRunner().invoke(
        app, ["report", "--db", str(db), "--out", str(out), "--since", "2030-01-01"]
    )
    assert result.exit_code == 1, result.output
    assert "No events at or after 2030-01-01" in result.output
    assert "the store holds 2024-01-01" in result.output and not out.exists()
