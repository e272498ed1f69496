"""A newcomer's mistakes end in one line and a non-zero exit, never a traceback; a store in
use by another process says so, and nothing is lost (real processes, real DuckDB locks)."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from nichescout.data import sample_path

NICHESCOUT = [sys.executable, "-m", "nichescout"]
SAMPLE = str(sample_path())


def fails(*args: str, cwd: Path | None = None) -> str:
    """Run nichescout; assert it fails with one line on stderr; return that line."""
    result = subprocess.run(
        [*NICHESCOUT, *args], capture_output=True, text=True, timeout=300, cwd=cwd
    )
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error")]
    assert len(errors) == 1, result.stderr
    return errors[0]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("mistakes") / "sample.duckdb"
    subprocess.run(
        [*NICHESCOUT, "ingest", "stackexchange", SAMPLE, "--db", str(path), "--quiet"],
        check=True,
        capture_output=True,
    )
    return path


@pytest.mark.parametrize("command", [["status"], ["rank"], ["report", "--out", "r.html"]])
def test_missing_store(tmp_path: Path, command: list[str]) -> None:
    line = fails(*command, "--db", str(tmp_path / "nope.duckdb"), cwd=tmp_path)
    assert "No store at" in line


def test_no_db_given_and_none_here(tmp_path: Path) -> None:
    assert "No store at nichescout.duckdb" in fails("status", cwd=tmp_path)


def test_db_is_a_folder(tmp_path: Path) -> None:
    assert "is a folder" in fails("status", "--db", str(tmp_path))
    assert "is a folder" in fails("ingest", "stackexchange", SAMPLE, "--db", str(tmp_path))


@pytest.mark.parametrize("command", ["status", "ingest"])
def test_db_is_not_a_duckdb_file(tmp_path: Path, command: str) -> None:
    csv = tmp_path / "members.csv"
    csv.write_text("platform,member_id\np,1\n")
    lite = tmp_path / "old.db"
    sqlite3.connect(lite).execute("CREATE TABLE t (x)").connection.close()
    empty = tmp_path / "empty.duckdb"
    empty.touch()
    args = ["ingest", "stackexchange", SAMPLE] if command == "ingest" else ["status"]
    assert "not a DuckDB file" in fails(*args, "--db", str(csv))
    assert "a SQLite database" in fails(*args, "--db", str(lite))
    assert "is empty" in fails(*args, "--db", str(empty))
    assert csv.read_text() == "platform,member_id\np,1\n"  # untouched


def test_db_named_like_a_data_file_is_not_a_silent_in_memory_store(tmp_path: Path) -> None:
    """DuckDB opens 'x.csv' as an in-memory database: the import would vanish."""
    line = fails("ingest", "stackexchange", SAMPLE, "--db", str(tmp_path / "community.csv"))
    assert "names a data file" in line
    assert not (tmp_path / "community.csv").exists()


def test_db_in_a_missing_folder(tmp_path: Path) -> None:
    line = fails("ingest", "stackexchange", SAMPLE, "--db", str(tmp_path / "no" / "s.duckdb"))
    assert "does not exist" in line


@pytest.mark.parametrize(
    ("kind", "path", "says"),
    [
        ("stackexchange", f"{SAMPLE}/Posts.xml", "not a folder"),
        ("graph", SAMPLE, "cannot be read"),
        ("slack", SAMPLE, "users.json is missing"),
        ("reddit", "/no/such/dump", "no such file or folder"),
        ("canonical", SAMPLE, "no canonical table file"),
    ],
)
def test_path_of_the_wrong_kind(store: Path, kind: str, path: str, says: str) -> None:
    assert says in fails("ingest", kind, path, "--db", str(store), "--quiet")


def test_evaluate_with_a_missing_data_folder(tmp_path: Path) -> None:
    line = fails("evaluate", "--data-dir", str(tmp_path / "data"), "--out", "-")
    assert "no such folder" in line


def test_evaluate_where_every_data_set_is_skipped(tmp_path: Path) -> None:
    line = fails(
        "evaluate", "-d", "stackexchange/conlang-meta", "--data-dir", str(tmp_path), "--out", "-"
    )
    assert "skipped" in line


def _digest(db: Path) -> str:
    from nichescout.store import Store

    with Store(db, read_only=True) as store:
        rows = [
            store.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in ("members", "content", "interactions")
        ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


#: A real import that stops mid-transaction, at its first progress step, until the file
#: argv[3] appears: other commands meet it there, whatever the machine's speed.
HELD_IMPORT = """
import sys, time
from pathlib import Path
from nichescout.ingest import ingest
from nichescout.store import Store

class Held:
    def start(self, label, total):
        pass
    def advance(self, n):
        if not Path(sys.argv[3]).exists():
            print("importing", flush=True)
            deadline = time.monotonic() + 240
            while not Path(sys.argv[3]).exists() and time.monotonic() < deadline:
                time.sleep(0.05)

with Store(sys.argv[1]) as store:
    ingest(store, "reddit", sys.argv[2], progress=Held())
print("done", flush=True)
"""


def test_a_second_command_during_an_import(tmp_path: Path, store: Path, shared_data: Path) -> None:
    reddit = shared_data / "reddit" / "ethereum"
    reference = tmp_path / "reference.duckdb"
    busy = tmp_path / "busy.duckdb"
    for db in (reference, busy):
        db.write_bytes(store.read_bytes())
    subprocess.run(
        [*NICHESCOUT, "ingest", "reddit", str(reddit), "--db", str(reference), "--quiet"],
        check=True,
        capture_output=True,
    )
    before = _digest(busy)
    go = tmp_path / "go"
    holder = subprocess.Popen(
        [sys.executable, "-c", HELD_IMPORT, str(busy), str(reddit), str(go)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "importing"
    lines = [
        fails("ingest", "stackexchange", SAMPLE, "--db", str(busy), "--quiet"),
        fails("rank", "--db", str(busy)),
        fails("status", "--db", str(busy)),
    ]
    assert holder.poll() is None, "the import ended before the other commands ran"
    go.touch()
    out, err = holder.communicate(timeout=300)
    assert holder.returncode == 0 and "done" in out, err
    for line in lines:
        assert "is in use by another process" in line and "nothing was changed" in line
        assert f"PID {holder.pid}" in line
    # nothing lost: the import that held the store is complete, the others changed nothing
    assert _digest(busy) == _digest(reference) != before
    # and once it is done, the refused import runs
    subprocess.run(
        [*NICHESCOUT, "ingest", "stackexchange", SAMPLE, "--db", str(busy), "--quiet"],
        check=True,
        capture_output=True,
    )
