"""Numbered migrations that create and evolve the DuckDB store.

Each migration is applied once, in order, inside a transaction, and recorded in the
``schema_migrations`` table of the file, so an older file is brought up to date when it is
opened and a file written by a newer nichescout is refused instead of misread.

>>> import duckdb
>>> con = duckdb.connect()
>>> migrate(con)
[1, 2, 3]
>>> migrate(con)
[]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from nichescout._version import __version__
from nichescout.exceptions import StoreError
from nichescout.store.schema import TABLES, stored_type

__all__ = ["MIGRATIONS", "Migration", "current_version", "migrate"]


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[duckdb.DuckDBPyConnection], None]


def _canonical_tables(con: duckdb.DuckDBPyConnection) -> None:
    for table, columns in TABLES.items():
        cols = []
        if table == "members":
            cols.append("member_key BIGINT NOT NULL")
        for column in columns:
            name, sql = stored_type(column)
            cols.append(f"{name} {sql}" + (" NOT NULL" if column.required else ""))
        cols.append("import_id INTEGER NOT NULL")
        con.execute(f"CREATE TABLE {table} ({', '.join(cols)})")
    con.execute(
        """CREATE TABLE imports (
            import_id INTEGER NOT NULL,
            format VARCHAR NOT NULL,
            source VARCHAR NOT NULL,
            platform VARCHAR,
            imported_at TIMESTAMP NOT NULL,
            library_version VARCHAR NOT NULL,
            added JSON NOT NULL,
            skipped JSON NOT NULL
        )"""
    )


def _provenance(con: duckdb.DuckDBPyConnection) -> None:
    """What an import met and changed, beyond the rows it added (``import_id`` of each row),
    so that :func:`nichescout.store.forget.forget` can undo exactly that import.

    ``import_shares``: one row per row an import brought that an earlier import had added
    (a re-import): it stays until every import that brought it is forgotten.
    ``member_versions``: a member's stored row as it was before an import changed it
    (``changed_by``), to put back when that import is forgotten. It has every column of
    ``members``: a migration that adds one to ``members`` adds it here too.

    Imports made before this migration recorded neither: forgetting one removes every row it
    added, even those a later re-import brought again.
    """
    con.execute(
        """CREATE TABLE import_shares (
            import_id INTEGER NOT NULL,
            tbl VARCHAR NOT NULL,
            platform VARCHAR NOT NULL,
            row_id VARCHAR NOT NULL
        )"""
    )
    con.execute(
        "CREATE TABLE member_versions AS "
        "SELECT CAST(NULL AS INTEGER) AS changed_by, * FROM members LIMIT 0"
    )


def _content_attributes(con: duckdb.DuckDBPyConnection) -> None:
    """``content.attributes``: what a source says about an item beyond the canonical columns
    (a creator post's media type and paid-partnership label). A store made after this
    column joined :data:`~nichescout.store.schema.CONTENT` has it already (migration 1
    builds the tables from the schema), so it is added only where it is missing."""
    con.execute("ALTER TABLE content ADD COLUMN IF NOT EXISTS attributes JSON")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "canonical tables: members, content, interactions, imports", _canonical_tables),
    Migration(2, "provenance: import_shares, member_versions", _provenance),
    Migration(3, "content.attributes", _content_attributes),
)


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest migration applied to the database, 0 for an empty one."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply every migration the database lacks; return the versions applied."""
    con.execute(
        """CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER NOT NULL, name VARCHAR NOT NULL,
            applied_at TIMESTAMP NOT NULL, library_version VARCHAR NOT NULL)"""
    )
    have = current_version(con)
    latest = MIGRATIONS[-1].version
    if have > latest:
        raise StoreError(
            f"The store was written by a newer nichescout (schema version {have}, this one "
            f"knows up to {latest}); upgrade nichescout to open it."
        )
    applied = []
    for migration in MIGRATIONS:
        if migration.version <= have:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            migration.apply(con)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, now()::TIMESTAMP, ?)",
                [migration.version, migration.name, __version__],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(migration.version)
    return applied
