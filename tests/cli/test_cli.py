"""The command line: every command documented, formats agree, errors are one sentence."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from nichescout.cli import app

NICHESCOUT = [sys.executable, "-m", "nichescout"]


def run(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([*NICHESCOUT, *args], capture_output=True, text=True, timeout=300)
    if ok:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "sample.duckdb"
    from nichescout.data import sample_path

    run("ingest", "stackexchange", str(sample_path()), "--db", str(path), "--quiet")
    return path


def _commands() -> list[tuple[str, object]]:
    out = [(c.name or c.callback.__name__, c.callback) for c in app.registered_commands]
    for group in app.registered_groups:
        out += [
            (f"{group.name} {c.name}", c.callback) for c in group.typer_instance.registered_commands
        ]
    return out


@pytest.mark.parametrize("name,callback", _commands())
def test_every_command_has_help_with_an_example(name: str, callback: object) -> None:
    doc = getattr(callback, "__doc__", "") or ""
    assert "Example: nichescout" in doc, f"`nichescout {name}` needs an Example in its help"


def test_csv_and_json_carry_the_same_columns(db: Path) -> None:
    as_csv = run("rank", "--db", str(db), "--top", "5", "-f", "csv").stdout
    as_json = run("rank", "--db", str(db), "--top", "5", "-f", "json").stdout
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    records = json.loads(as_json)
    assert len(rows) == len(records) == 5
    assert list(rows[0]) == list(records[0])
    assert [r["member_id"] for r in rows] == [str(r["member_id"]) for r in records]


def test_status_reports_the_sample(db: Path) -> None:
    records = json.loads(run("status", "--db", str(db), "-f", "json").stdout)
    assert records[0]["platform"] == "stackexchange:conlang-meta"
    assert records[0]["members"] == 273  # 272 users and the deleted-accounts placeholder
    assert (records[0]["unknown"], records[0]["deleted"]) == (0, 1)


def test_member_profile_lists_signals_and_trend(db: Path) -> None:
    top = json.loads(run("rank", "--db", str(db), "--top", "1", "-f", "json").stdout)[0]
    rows = json.loads(run("member", str(top["member_id"]), "--db", str(db), "-f", "json").stdout)
    sections = {r["section"] for r in rows}
    assert sections == {"signal", "trend"}
    assert any(r["name"] == "helpfulness" for r in rows)


def test_errors_are_one_sentence_with_non_zero_exit(db: Path, tmp_path: Path) -> None:
    result = run("ingest", "stackexchange", str(tmp_path / "missing"), "--db", str(db), ok=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "not a folder" in result.stderr
    result = run("rank", "--db", str(db), "--until", "yesterday", ok=False)
    assert result.returncode == 1 and "--until must be an ISO date" in result.stderr
    result = run("member", "no-such-member", "--db", str(db), ok=False)
    assert result.returncode == 1 and "No member 'no-such-member'" in result.stderr


def test_errors_print_brackets_as_written(db: Path, tmp_path: Path) -> None:
    profiles = tmp_path / "mine.toml"
    profiles.write_text('[profiles.mine]\ngoal = "bogus"\nhelpfulness = 2\n', encoding="utf-8")
    result = run(
        "rank", "--db", str(db), "--profile", "mine", "--profiles", str(profiles), ok=False
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{profiles}, [profiles.mine] goal: must be one of" in " ".join(result.stderr.split())


def test_debug_shows_the_traceback(db: Path, tmp_path: Path) -> None:
    result = run(
        "ingest", "stackexchange", str(tmp_path / "missing"), "--db", str(db), "--debug", ok=False
    )
    assert result.returncode != 0 and "Traceback" in result.stderr


def test_version() -> None:
    from nichescout import __version__

    assert run("--version").stdout.strip() == f"nichescout {__version__}"
