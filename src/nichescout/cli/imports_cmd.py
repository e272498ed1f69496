"""``nichescout imports`` and ``nichescout forget``: what each import added, and undoing one.

Both call :mod:`nichescout.store.forget`; neither needs pandas (tests/cli/test_lazy_imports.py).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from nichescout.cli.common import (
    DEFAULT_DB_PATH,
    DbOption,
    DebugOption,
    FormatOption,
    err_console,
    handle_errors,
)
from nichescout.cli.output import OutputFormat, Rows, emit
from nichescout.exceptions import ParameterError, StoreError

__all__ = ["FORGOTTEN_COLUMNS", "forget", "imports"]

#: Columns ``forget`` prints: one row per import (or platform) forgotten.
FORGOTTEN_COLUMNS = [
    "id",
    "kind",
    "source",
    "platform",
    "members",
    "content",
    "interactions",
    "kept",
    "restored_members",
]


@handle_errors
def imports(
    db: DbOption = DEFAULT_DB_PATH,
    fmt: FormatOption = OutputFormat.table,
    debug: DebugOption = False,
) -> None:
    """Every import in the store: id, kind, source, platform, when, rows it added.

    rows_added (and members, content, interactions) count the rows the import added that the
    store still holds — what `nichescout forget ID` would remove; shared counts the rows it
    brought again that an earlier import had added (a re-import's).

    Example: nichescout imports --db community.duckdb
    """
    from nichescout.store import Store
    from nichescout.store.forget import import_rows

    with Store(db, read_only=True) as store:
        columns, rows = import_rows(store.con)
    if fmt == OutputFormat.table:
        rows = [(*row[:4], f"{row[4]:%Y-%m-%d %H:%M:%S}", *row[5:]) for row in rows]
    emit(Rows(columns, rows), fmt, title=f"Imports in {db}")


@handle_errors
def forget(
    import_id: Annotated[
        int | None,
        typer.Argument(help="The import to forget: its id in `nichescout imports`.", min=1),
    ] = None,
    platform: Annotated[
        str | None,
        typer.Option("--platform", help="Forget a whole platform, whatever imports brought it."),
    ] = None,
    db: DbOption = DEFAULT_DB_PATH,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would go, and change nothing.")
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    debug: DebugOption = False,
) -> None:
    """Remove what one import added and undo what it changed, as if it never happened.

    Rows that a later import also brought (a re-import) stay, as that import's; members it
    changed get their former values back. It refuses, changing nothing, while another
    import depends on it (it says which to forget first). With --platform, every row of
    the platform goes. One transaction either way.

    Example: nichescout forget 3 --db community.duckdb
    """
    from nichescout.store import Store
    from nichescout.store.forget import forget as forget_import
    from nichescout.store.forget import forget_platform

    if (import_id is None) == (platform is None):
        raise ParameterError(
            "Name what to forget: an import id (see `nichescout imports --db FILE`) or "
            "--platform P, not both."
        )
    if not db.exists():
        raise StoreError(f"No store at {db}: pass --db with the right file.")
    with Store(db) as store:
        if import_id is not None:
            done = forget_import(store, import_id, dry_run=dry_run)
        else:
            assert platform is not None
            done = forget_platform(store, platform, dry_run=dry_run)
    row: tuple[Any, ...] = (
        done.import_id,
        done.kind,
        done.source,
        done.platform,
        *(done.removed.get(t, 0) for t in ("members", "content", "interactions")),
        done.kept,
        done.restored_members,
    )
    what = f"import {done.import_id}" if done.import_id is not None else f"platform {platform}"
    err_console.print(
        ("Would forget" if dry_run else "Forgot")
        + f" {what}: "
        + ("would remove" if dry_run else "removed")
        + f" {sum(done.removed.values())} rows"
        + (f", kept {done.kept} that other imports also brought" if done.kept else "")
        + (f", restored {done.restored_members} members" if done.restored_members else "")
        + ".",
        highlight=False,
    )
    title = (
        f"Would be forgotten from {db} (dry run: nothing changed)"
        if dry_run
        else f"Forgotten from {db}"
    )
    emit(Rows(FORGOTTEN_COLUMNS, [row]), fmt, title=title)
