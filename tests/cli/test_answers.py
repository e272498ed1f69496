"""Every case gets an answer (issue 14 part 4): wrong options fail in one line that names the
fix, and an empty result says why; it exits 0 only when the empty answer is a real one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

NICHESCOUT = [sys.executable, "-m", "nichescout"]
PLATFORM = "stackexchange:conlang-meta"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NICHESCOUT, *args], capture_output=True, text=True, timeout=300)


def last_line(result: subprocess.CompletedProcess[str]) -> str:
    """The error line (progress bars may come before it on standard error)."""
    return result.stderr.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from nichescout.data import sample_path
    from nichescout.ingest import ingest
    from nichescout.store import Store

    path = tmp_path_factory.mktemp("answers") / "sample.duckdb"
    with Store(path) as store:
        ingest(store, "stackexchange", sample_path())
    return path


@pytest.mark.parametrize("command", ["rank", "report"])
@pytest.mark.parametrize("top", ["-3", "0"])
def test_top_must_be_one_or_more(db: Path, tmp_path: Path, command: str, top: str) -> None:
    extra = ["--out", str(tmp_path / "r.html")] if command == "report" else ["--no-fit"]
    result = run(command, "--db", str(db), "--top", top, *extra)
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f"Error: --top must be 1 or more (members per platform), not {top}."
    )
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("command", ["rank", "member 113", "report"])
def test_inverted_window_is_one_line_with_iso_dates(db: Path, command: str) -> None:
    result = run(
        *command.split(), "--db", str(db), "--since", "2019-01-01", "--until", "2018-01-01"
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Error: --since 2019-01-01 must be before --until 2018-01-01 (events at or after "
        "--since and before --until count); swap them?"
    )


def test_window_outside_the_store_fails_and_names_the_span(db: Path) -> None:
    result = run("rank", "--db", str(db), "--since", "2030-01-01", "--no-fit")
    assert result.returncode == 1
    assert last_line(result) == (
        f"Error: No events at or after 2030-01-01 in {PLATFORM}; "
        "the store holds 2018-02-06 to 2020-08-25 00:49:56."
    )


def test_a_quiet_window_inside_the_store_is_a_real_empty_answer(db: Path) -> None:
    result = run(
        "rank", "--db", str(db), "--since", "2019-06-01", "--until", "2019-06-01T00:01",
        "--no-fit", "-f", "csv",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines() == [
        "rank,platform,member_id,handle,display_name,tier,score,why"
    ]
    assert last_line(result) == (
        f"No events between 2019-06-01 and 2019-06-01 00:01:00 in {PLATFORM}, so nobody to "
        "rank; the store holds 2018-02-06 to 2020-08-25 00:49:56."
    )


def test_an_empty_store_says_import_first(tmp_path: Path) -> None:
    from nichescout.store import Store

    Store(tmp_path / "empty.duckdb").close()
    result = run("rank", "--db", str(tmp_path / "empty.duckdb"))
    assert result.returncode == 1
    assert "holds no members yet: import an export first" in result.stderr
    assert result.stderr.count("\n") == 1


def test_undated_events_with_a_window_say_they_have_no_timestamps(tmp_path: Path) -> None:
    edges = tmp_path / "edges.csv"
    edges.write_text("source,target\n1,2\n2,3\n3,1\n", encoding="utf-8")
    db = str(tmp_path / "graph.duckdb")
    assert run("ingest", "graph", str(edges), "--platform", "twitch:T", "--db", db).returncode == 0
    status = run("status", "--db", db)
    assert "no timestamps" in status.stdout and "NaT" not in status.stdout
    result = run("rank", "--db", db, "--since", "2019-01-01", "--no-fit")
    assert result.returncode == 1
    assert last_line(result) == (
        "Error: No events at or after 2019-01-01: the events in twitch:T carry no timestamps, "
        "so --since and --until select none; leave them out."
    )


@pytest.mark.parametrize(
    "command,platform",
    [("rank --no-fit", "stackexchange:conlang"), ("member 113", "conlang-meta")],
)
def test_a_misspelt_platform_names_the_closest(db: Path, command: str, platform: str) -> None:
    result = run(*command.split(), "--db", str(db), "--platform", platform)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: No platform {platform!r} in the store; did you mean {PLATFORM!r}? "
        f"It holds {PLATFORM}."
    )


def test_report_into_a_folder_writes_report_html_inside(db: Path, tmp_path: Path) -> None:
    result = run("report", "--db", str(db), "--out", str(tmp_path), "--top", "3")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "report.html").stat().st_size > 0
    assert f"{tmp_path} is a folder: writing report.html inside it." in result.stderr
