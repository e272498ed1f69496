"""The transactional loader every importer goes through.

An importer opens an :class:`ImportSession`, streams canonical rows into staging tables
(each row remembers the file and row it came from), and calls :meth:`ImportSession.commit`.
The commit, inside the one transaction the session opened:

1. checks required fields and the closed vocabularies, naming the first bad row;
2. collapses duplicates inside the import (members are merged field by field, the first
   non-null value winning; repeated content or interactions are skipped and counted);
3. resolves every member reference to an internal key — a reference to a member found
   neither in the import nor in the store is an error naming the row;
4. inserts what the store lacks: new members get keys, existing members get the non-null
   fields the import brings, content and interactions already present are left alone —
   so importing the same export twice adds nothing;
5. records the import (format, source, counts, skipped rows and why) in ``imports``.

Any error rolls the whole import back: the store is exactly as it was before.

>>> from nichescout.store import Store
>>> store = Store(":memory:")
>>> with ImportSession(store, "example", "toy.csv", platform="toy") as session:
...     members = session.writer("members")
...     members.append({"platform": "toy", "member_id": "a"})
...     members.append({"platform": "toy", "member_id": "b"})
...     session.writer("interactions").append({"platform": "toy", "interaction_id": "1",
...         "actor_id": "a", "kind": "mention", "target_id": "b"})
...     report = session.commit()
>>> report.added
{'members': 2, 'content': 0, 'interactions': 1}
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from nichescout._version import __version__
from nichescout.exceptions import InputError, ReferenceError_, StoreError
from nichescout.kinds import ContentKind, InteractionKind
from nichescout.store.schema import TABLES, Column, stored_type

if TYPE_CHECKING:
    from nichescout.store.store import Store

__all__ = ["ImportReport", "ImportSession", "StageWriter"]

_ARROW_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(),
    "TIMESTAMP": pa.timestamp("us"),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "JSON": pa.string(),
    "VARCHAR[]": pa.list_(pa.string()),
}
_TABLE_NAMES = tuple(TABLES)


def stage_name(table: str) -> str:
    return f"_stage_{table}"


def _arrow_schema(table: str) -> pa.Schema:
    fields = [pa.field(c.name, _ARROW_TYPES[c.sql]) for c in TABLES[table]]
    fields += [pa.field("_file", pa.string()), pa.field("_row", pa.int64())]
    return pa.schema(fields)


@dataclass
class ImportReport:
    """What one import did: rows added per table, members updated, rows skipped and why."""

    format: str
    source: str
    platform: str | None = None
    added: dict[str, int] = field(default_factory=dict)
    already_present: dict[str, int] = field(default_factory=dict)
    updated_members: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    import_id: int | None = None

    @property
    def total_added(self) -> int:
        return sum(self.added.values())


class StageWriter:
    """Buffers canonical rows of one table and flushes them to its staging table in batches.

    Rows are dicts keyed by canonical column names; missing keys are NULL. Each row records
    where it came from (``file``, ``row``) so errors found at commit can name it.
    """

    def __init__(self, session: ImportSession, table: str, batch_size: int = 50_000) -> None:
        self._session = session
        self.table = table
        self._columns: tuple[Column, ...] = TABLES[table]
        self._schema = _arrow_schema(table)
        self._batch_size = batch_size
        self._rows: list[dict[str, Any]] = []
        self.count = 0

    def append(
        self, row: dict[str, Any], *, file: str | None = None, line: int | None = None
    ) -> None:
        row["_file"] = file if file is not None else self._session.source
        row["_row"] = line if line is not None else self.count + 1
        self._rows.append(row)
        self.count += 1
        if len(self._rows) >= self._batch_size:
            self.flush()

    def flush(self) -> None:
        if not self._rows:
            return
        try:
            batch = pa.Table.from_pylist(self._rows, schema=self._schema)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as err:
            raise self._explain(err) from err
        self._rows = []
        self._session.append_arrow(self.table, batch)

    def _explain(self, err: Exception) -> InputError:
        """Find the first buffered row Arrow cannot take, for a precise message."""
        for row in self._rows:
            try:
                pa.Table.from_pylist([row], schema=self._schema)
            except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as row_err:
                return InputError(row["_file"], row["_row"], f"bad value: {row_err}")
        return InputError(self._session.source, None, str(err))


class ImportSession:
    """One import, one transaction. Use as a context manager; call :meth:`commit` inside it.

    Leaving the ``with`` block without a commit, or with an exception, rolls back.
    """

    def __init__(
        self, store: Store, format: str, source: str | Path, *, platform: str | None = None
    ) -> None:
        self.store = store
        self.con: duckdb.DuckDBPyConnection = store.con
        self.format = format
        self.source = str(source)
        self.platform = platform
        self.skipped: Counter[str] = Counter()
        self._writers: dict[str, StageWriter] = {}
        self._open = False

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> ImportSession:
        self.con.execute("BEGIN TRANSACTION")
        self._open = True
        for table in _TABLE_NAMES:
            cols = [f"{c.name} {c.sql}" for c in TABLES[table]] + ["_file VARCHAR", "_row BIGINT"]
            self.con.execute(
                f"CREATE OR REPLACE TEMP TABLE {stage_name(table)} ({', '.join(cols)})"
            )
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._open:
            self._rollback()

    def _rollback(self) -> None:
        self._open = False
        try:
            self.con.execute("ROLLBACK")
        except duckdb.Error:
            pass
        for table in _TABLE_NAMES:
            self.con.execute(f"DROP TABLE IF EXISTS {stage_name(table)}")

    # -- staging ---------------------------------------------------------------------------
    def writer(self, table: str) -> StageWriter:
        """The (single) buffered writer for ``table``'s staging rows."""
        if table not in TABLES:
            raise StoreError(f"No canonical table {table!r}; use one of {', '.join(TABLES)}.")
        if table not in self._writers:
            self._writers[table] = StageWriter(self, table)
        return self._writers[table]

    def append_arrow(self, table: str, batch: pa.Table) -> None:
        """Append an Arrow table with the staging schema (canonical columns, _file, _row)."""
        self.con.register("_batch", batch)
        try:
            self.con.execute(f"INSERT INTO {stage_name(table)} BY NAME SELECT * FROM _batch")
        finally:
            self.con.unregister("_batch")

    def append_relation_sql(
        self, table: str, select_sql: str, params: list[Any] | None = None
    ) -> None:
        """Append the result of a SELECT (columns named as the canonical ones, plus _file, _row)."""
        self.con.execute(f"INSERT INTO {stage_name(table)} BY NAME {select_sql}", params or [])

    def skip(self, reason: str, count: int = 1) -> None:
        """Count ``count`` source rows left out of the import, and why."""
        if count:
            self.skipped[reason] += count

    # -- commit ----------------------------------------------------------------------------
    def commit(self) -> ImportReport:
        """Validate, de-duplicate, resolve and merge the staged rows; commit the transaction."""
        if not self._open:
            raise StoreError("This import session is closed; open a new one.")
        for writer in self._writers.values():
            writer.flush()
        con = self.con
        self._check_required()
        self._check_vocabulary("content", [k.value for k in ContentKind], "content kind")
        self._check_vocabulary(
            "interactions", [k.value for k in InteractionKind], "interaction kind"
        )
        self._dedupe()
        self._resolve_members()
        self._check_references()
        import_id = self._next_import_id()
        report = ImportReport(self.format, self.source, self.platform, import_id=import_id)
        report.updated_members = self._merge_members(import_id, report)
        self._insert("content", "content_id", import_id, report)
        self._insert("interactions", "interaction_id", import_id, report)
        report.skipped = dict(self.skipped)
        con.execute(
            "INSERT INTO imports VALUES (?, ?, ?, ?, now()::TIMESTAMP, ?, ?, ?)",
            [
                import_id,
                self.format,
                self.source,
                self.platform,
                __version__,
                json.dumps(report.added),
                json.dumps(report.skipped),
            ],
        )
        for table in _TABLE_NAMES:
            con.execute(f"DROP TABLE IF EXISTS {stage_name(table)}")
        con.execute("DROP TABLE IF EXISTS _keys")
        con.execute("COMMIT")
        self._open = False
        return report

    def _first_bad(self, table: str, where: str) -> tuple[str, int, Any] | None:
        row = self.con.execute(
            f"SELECT _file, _row FROM {stage_name(table)} WHERE {where} "
            "ORDER BY _file, _row LIMIT 1"
        ).fetchone()
        return (row[0], row[1], None) if row else None

    def _check_required(self) -> None:
        for table, columns in TABLES.items():
            for column in columns:
                if not column.required:
                    continue
                bad = self._first_bad(table, f"{column.name} IS NULL")
                if bad:
                    raise InputError(
                        bad[0], bad[1], f"{column.name} is missing; every {table} row needs one."
                    )

    def _check_vocabulary(self, table: str, allowed: list[str], what: str) -> None:
        row = self.con.execute(
            f"SELECT _file, _row, kind FROM {stage_name(table)} "
            "WHERE NOT list_contains(?, kind) ORDER BY _file, _row LIMIT 1",
            [allowed],
        ).fetchone()
        if row:
            raise InputError(
                row[0],
                row[1],
                f"kind {row[2]!r} is not a known {what}; use one of: {', '.join(allowed)}.",
            )

    def _dedupe(self) -> None:
        con = self.con
        # Members: merge repeated rows field by field, first non-null value wins.
        cols = [c.name for c in TABLES["members"] if c.name not in ("platform", "member_id")]
        picks = ", ".join(
            f"arg_min({c}, CASE WHEN {c} IS NULL THEN NULL ELSE _row END) AS {c}" for c in cols
        )
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE _stage_members_merged AS
                SELECT platform, member_id, {picks}, min(_file) AS _file, min(_row) AS _row
                FROM {stage_name("members")} GROUP BY platform, member_id"""
        )
        con.execute(f"DROP TABLE {stage_name('members')}")
        con.execute(f"ALTER TABLE _stage_members_merged RENAME TO {stage_name('members')}")
        for table, key in (("content", "content_id"), ("interactions", "interaction_id")):
            before = self._count(stage_name(table))
            con.execute(
                f"""CREATE OR REPLACE TEMP TABLE _dedup AS
                    SELECT * FROM {stage_name(table)}
                    QUALIFY row_number() OVER (PARTITION BY platform, {key}
                                               ORDER BY _file, _row) = 1"""
            )
            con.execute(f"DROP TABLE {stage_name(table)}")
            con.execute(f"ALTER TABLE _dedup RENAME TO {stage_name(table)}")
            self.skip(
                f"{table}: repeated {key} within this import",
                before - self._count(stage_name(table)),
            )

    def _count(self, table: str) -> int:
        row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    def _resolve_members(self) -> None:
        """Build ``_keys``: (platform, member_id) → member_key for store and import members."""
        self.con.execute(
            f"""CREATE OR REPLACE TEMP TABLE _keys AS
                WITH existing AS (
                    SELECT platform, member_id, member_key FROM members
                    WHERE platform IN (SELECT DISTINCT platform FROM {stage_name("members")})
                       OR platform IN (SELECT DISTINCT platform FROM {stage_name("content")})
                       OR platform IN (SELECT DISTINCT platform
                                       FROM {stage_name("interactions")})),
                fresh AS (
                    SELECT s.platform, s.member_id FROM {stage_name("members")} s
                    ANTI JOIN existing e USING (platform, member_id))
                SELECT platform, member_id, member_key, false AS is_new FROM existing
                UNION ALL
                SELECT platform, member_id,
                       (SELECT coalesce(max(member_key), 0) FROM members)
                       + row_number() OVER (ORDER BY platform, member_id) AS member_key,
                       true AS is_new
                FROM fresh"""
        )

    def _check_references(self) -> None:
        for table, columns in TABLES.items():
            for column in columns:
                if column.ref != "member":
                    continue
                row = self.con.execute(
                    f"""SELECT s._file, s._row, s.{column.name} FROM {stage_name(table)} s
                        ANTI JOIN _keys k ON k.platform = s.platform
                                         AND k.member_id = s.{column.name}
                        WHERE s.{column.name} IS NOT NULL
                        ORDER BY s._file, s._row LIMIT 1"""
                ).fetchone()
                if row:
                    raise ReferenceError_(
                        row[0],
                        row[1],
                        f"{column.name} {row[2]!r} names a member found neither in this "
                        "import nor in the store; add the member (or import its platform's "
                        "members first).",
                    )

    def _next_import_id(self) -> int:
        row = self.con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchone()
        return int(row[0]) if row else 1

    def _merge_members(self, import_id: int, report: ImportReport) -> int:
        con = self.con
        cols = [c.name for c in TABLES["members"]]
        select = ", ".join(f"s.{c}" for c in cols)
        con.execute(
            f"""INSERT INTO members (member_key, {", ".join(cols)}, import_id)
                SELECT k.member_key, {select}, ?
                FROM {stage_name("members")} s
                JOIN _keys k USING (platform, member_id) WHERE k.is_new""",
            [import_id],
        )
        report.added["members"] = self._count("_keys WHERE is_new")
        staged = self._count(stage_name("members"))
        report.already_present["members"] = staged - report.added["members"]
        # Existing members take the non-null fields the import brings, when they differ.
        updatable = [c for c in cols if c not in ("platform", "member_id")]
        differs = " OR ".join(
            f"(s.{c} IS NOT NULL AND s.{c} IS DISTINCT FROM m.{c})" for c in updatable
        )
        changed = self._count(
            f"members m JOIN {stage_name('members')} s USING (platform, member_id) WHERE {differs}"
        )
        if changed:
            sets = ", ".join(f"{c} = coalesce(s.{c}, members.{c})" for c in updatable)
            con.execute(
                f"""UPDATE members SET {sets}
                    FROM {stage_name("members")} s
                    WHERE members.platform = s.platform AND members.member_id = s.member_id
                      AND members.import_id <> ?""",
                [import_id],
            )
        return changed

    def _insert(self, table: str, key: str, import_id: int, report: ImportReport) -> None:
        columns = TABLES[table]
        select = []
        joins = []
        for i, column in enumerate(columns):
            name, _ = stored_type(column)
            if column.ref == "member":
                alias = f"k{i}"
                joins.append(
                    f"LEFT JOIN _keys {alias} ON {alias}.platform = s.platform "
                    f"AND {alias}.member_id = s.{column.name}"
                )
                select.append(f"{alias}.member_key AS {name}")
            else:
                select.append(f"s.{column.name}")
        names = [stored_type(c)[0] for c in columns]
        before = self._count(table)
        self.con.execute(
            f"""INSERT INTO {table} ({", ".join(names)}, import_id)
                SELECT {", ".join(select)}, ? FROM {stage_name(table)} s
                {" ".join(joins)}
                WHERE NOT EXISTS (SELECT 1 FROM {table} e
                                  WHERE e.platform = s.platform AND e.{key} = s.{key})""",
            [import_id],
        )
        added = self._count(table) - before
        report.added[table] = added
        report.already_present[table] = self._count(stage_name(table)) - added
