"""Options and error handling shared by every command."""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from nichescout.cli.output import OutputFormat
from nichescout.exceptions import NicheScoutError, StoreError
from nichescout.store import DEFAULT_DB

__all__ = ["DbOption", "DebugOption", "FormatOption", "err_console", "handle_errors"]

err_console = Console(stderr=True)

DbOption = Annotated[
    Path, typer.Option("--db", help="The DuckDB store file.", envvar="NICHESCOUT_DB")
]
DEFAULT_DB_PATH = Path(DEFAULT_DB)
DebugOption = Annotated[
    bool, typer.Option("--debug", help="Show the full traceback when something fails.")
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="How to print results: table, csv or json."),
]

F = TypeVar("F", bound=Callable[..., Any])


def _expected_errors() -> tuple[type[BaseException], ...]:
    """The errors a command reports in one sentence. DuckDB's count only once it is loaded (a
    command that never opened a store cannot meet one), so that ``--help`` need not load it."""
    expected: tuple[type[BaseException], ...] = (
        NicheScoutError,
        FileNotFoundError,
        PermissionError,
    )
    duckdb = sys.modules.get("duckdb")
    return (*expected, duckdb.Error) if duckdb is not None else expected


#: Suffixes of the files people import; as --db, DuckDB would open an in-memory database
#: for them (nothing saved) or try to read them as a database.
_DATA_SUFFIXES = {
    ".csv", ".tsv", ".parquet", ".json", ".jsonl", ".ndjson", ".xml", ".gz", ".zst", ".zip",
    ".txt", ".html", ".md", ".sqlite", ".sqlite3",
}  # fmt: skip


def check_db(db: Path) -> None:
    """Refuse a ``--db`` that cannot be a store, before DuckDB opens it.

    DuckDB would otherwise open a folder's error, a CSV's in-memory database (an import
    "succeeds" and is lost) or a SQLite file through an extension it downloads.

    >>> check_db(Path("members.csv"))
    Traceback (most recent call last):
    ...
    nichescout.exceptions.StoreError: --db members.csv names a data file, not a store: ...
    """
    if db.is_dir():
        raise StoreError(
            f"--db {db} is a folder; pass the store file, e.g. --db {db / DEFAULT_DB}."
        )
    if db.exists():
        with db.open("rb") as handle:
            head = handle.read(16)
        if len(head) >= 12 and head[8:12] == b"DUCK":  # DuckDB's magic bytes
            return
        what = (
            "empty"
            if not head
            else "a SQLite database"
            if head.startswith(b"SQLite format 3")
            else "not a DuckDB file"
        )
        raise StoreError(
            f"--db {db} is {what}, not a nichescout store; pass the store that "
            "`nichescout ingest` wrote, or a new file name to start one."
        )
    if db.suffix.lower() in _DATA_SUFFIXES:
        raise StoreError(
            f"--db {db} names a data file, not a store: import it with `nichescout ingest "
            f"KIND {db} --db community.duckdb`, or give the store a .duckdb name."
        )
    if not db.parent.is_dir():
        raise StoreError(f"--db {db}: the folder {db.parent} does not exist; create it first.")


_LOCKED = re.compile(r'Could not set lock on file "(?P<file>[^"]+)".*?\(PID (?P<pid>\d+)\)')


def _message(err: Exception) -> str:
    """The one line shown for ``err``: DuckDB's lock conflict said in plain words."""
    locked = _LOCKED.search(str(err))
    if locked:
        return (
            f"The store {locked['file']} is in use by another process (PID {locked['pid']}), "
            "such as an import or a rank still running; nothing was changed. Run this again "
            "when it has finished (one process at a time can open a store)."
        )
    if isinstance(err, NicheScoutError):
        return str(err)
    return " ".join(str(err).split())  # one line, whatever DuckDB wrote


def handle_errors(func: F) -> F:
    """Turn nichescout and DuckDB errors into one clear sentence and exit status 1; check a
    ``--db`` before anything opens it (:func:`check_db`).

    With ``--debug`` the traceback is shown instead.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            if isinstance(kwargs.get("db"), Path):
                check_db(kwargs["db"])
            return func(*args, **kwargs)
        except Exception as err:
            if not isinstance(err, _expected_errors()) or kwargs.get("debug"):
                raise
            # The message is text, not markup: "[profiles.mine]" must print as it is.
            message = escape(_message(err))
            err_console.print(f"[bold red]Error:[/] {message}", highlight=False, soft_wrap=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]
