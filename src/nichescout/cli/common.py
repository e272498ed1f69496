"""Options and error handling shared by every command."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from nichescout.cli.output import OutputFormat
from nichescout.exceptions import NicheScoutError
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


def handle_errors(func: F) -> F:
    """Turn nichescout and DuckDB errors into one clear sentence and exit status 1.

    With ``--debug`` the traceback is shown instead.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Exception as err:
            if not isinstance(err, _expected_errors()) or kwargs.get("debug"):
                raise
            # The message is text, not markup: "[profiles.mine]" must print as it is.
            message = escape(str(err))
            err_console.print(f"[bold red]Error:[/] {message}", highlight=False, soft_wrap=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]
