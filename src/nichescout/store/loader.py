"""The transactional loader every importer goes through.

An importer opens an :class:`ImportSession`, streams canonical rows into staging tables
(each row remembers the file and row it came from), and calls :meth:`ImportSession.commit`.
The commit, inside the one transaction the session opened:

1. checks required fields, the closed vocabularies and the values
   (:mod:`nichescout.store.validate`: weights and counts finite and >= 0, dates in a
   plausible range), naming the first bad row;
2. collapses duplicates inside the import (members are merged field by field, the first
   non-null value winning; repeated content or interactions are skipped and counted);
3. resolves every member reference to an internal key — a reference to a member found
   neither in the import nor in the store is an error naming the row, unless the session
   was opened with ``unknown_members="placeholder"``: then each such member is added as a
   placeholder (``attributes`` ``{"placeholder": true}``, not a bot), and counted;
4. inserts what the store lacks: new members get keys, existing members get the non-null
   fields the import brings, content and interactions already present are left alone —
   so importing the same export twice adds nothing;
5. records the import (format, source, counts, skipped rows and why) in ``imports``: one
   row per platform when the rows named their own platforms (canonical files); each row it
   added carries its ``import_id``, each row it met that an earlier import added is listed
   in ``import_shares``, and each member it changed has its former row in
   ``member_versions`` — what :func:`nichescout.store.forget.forget` needs to undo it.

Any error rolls the whole import back: the store is exactly as it was before.

How it stays fast and flat on tens of millions of rows: staged rows may be *deferred*
(``append_relation_sql(..., defer=True)``: a view over a Parquet or CSV file, read by each
pass instead of copied); step 1 is one counting pass per table, the precise "first bad row"
queries running only when it found something; repeats are found by grouping 8-byte key
hashes in bounded slices (:data:`DEDUPE_PARTITION_ROWS`) and only the rows whose hash
repeats are compared exactly; step 3 happens inside the insert of step 4 (an unresolved
reference is written as key -1, then named and rolled back), so references cost no pass.

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
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

import duckdb
import pyarrow as pa

from nichescout._version import __version__
from nichescout.exceptions import InputError, ParameterError, ReferenceError_, StoreError
from nichescout.kinds import ContentKind, InteractionKind
from nichescout.store.batches import RowBuffer
from nichescout.store.schema import TABLES, stored_type
from nichescout.store.validate import date_bounds, rules

if TYPE_CHECKING:
    from nichescout.store.store import Store

__all__ = ["ImportReport", "ImportSession", "StageWriter"]

_TABLE_NAMES = tuple(TABLES)
#: Rows per pass when looking for repeated keys: the grouping holds at most this many
#: distinct hashes at once (about 40 bytes each), so its memory does not grow with the import.
DEDUPE_PARTITION_ROWS = 4_000_000


def stage_name(table: str) -> str:
    return f"_stage_{table}"


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
    #: Members added as placeholders: referred to but not described by the source
    #: (``attributes.placeholder``); part of ``added["members"]``.
    placeholders: int = 0
    #: Members added that are deleted accounts (``attributes.deleted``: the platform's
    #: deleted-accounts placeholder, or accounts the export marks deleted), which rankings
    #: leave out; part of ``added["members"]``.
    deleted_accounts: int = 0

    @property
    def total_added(self) -> int:
        return sum(self.added.values())


class StageWriter(RowBuffer):
    """Buffers canonical rows of one table and flushes them to its staging table in batches.

    Rows are dicts keyed by canonical column names; missing keys are NULL. Each row records
    where it came from (``file``, ``row``) so errors found at commit can name it.
    """

    def __init__(self, session: ImportSession, table: str, batch_size: int = 50_000) -> None:
        self.table = table
        super().__init__(
            {c.name: c.sql for c in TABLES[table]},
            lambda batch: session.append_arrow(table, batch),
            source=session.source,
            batch_size=batch_size,
        )


class ImportSession:
    """One import, one transaction. Use as a context manager; call :meth:`commit` inside it.

    Leaving the ``with`` block without a commit, or with an exception, rolls back.
    ``unknown_members`` says what a reference to a member found neither in the import nor in
    the store does at commit: ``"error"`` (a :class:`ReferenceError_` naming the row) or
    ``"placeholder"`` (the member is added with ``attributes`` ``{"placeholder": true}``).
    ``settings`` overrides the named settings the checks read (``import_earliest_date``,
    ``import_future_days``).
    """

    def __init__(
        self,
        store: Store,
        format: str,
        source: str | Path,
        *,
        platform: str | None = None,
        unknown_members: Literal["error", "placeholder"] = "error",
        settings: Mapping[str, Any] | None = None,
    ) -> None:
        if unknown_members not in ("error", "placeholder"):
            raise ParameterError.invalid(
                "unknown_members", "ImportSession", "'error' or 'placeholder'", unknown_members
            )
        self.unknown_members = unknown_members
        self.store = store
        self.con: duckdb.DuckDBPyConnection = store.con
        self.format = format
        self.source = str(source)
        self.platform = platform
        self.skipped: Counter[str] = Counter()
        self._rules = rules(date_bounds(settings))
        self._writers: dict[str, StageWriter] = {}
        self._deferred: dict[str, list[str]] = {table: [] for table in _TABLE_NAMES}
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
        self._drop_temporaries()

    def _drop_temporaries(self) -> None:
        for table in _TABLE_NAMES:
            self.con.execute(f"DROP VIEW IF EXISTS _all_{table}")
            self.con.execute(f"DROP VIEW IF EXISTS _ready_{table}")
            for view in self._deferred[table]:
                self.con.execute(f"DROP VIEW IF EXISTS {view}")
            self.con.execute(f"DROP TABLE IF EXISTS _dup_{table}")
            self.con.execute(f"DROP TABLE IF EXISTS {stage_name(table)}")
        self.con.execute("DROP TABLE IF EXISTS _members_merged")
        self.con.execute("DROP TABLE IF EXISTS _keys")

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
        self,
        table: str,
        select_sql: str,
        params: list[Any] | None = None,
        *,
        defer: bool = False,
    ) -> None:
        """Append the result of a SELECT (columns named as the canonical ones, plus _file, _row).

        Columns the SELECT lacks are NULL. With ``defer=True`` the rows are not copied now:
        the SELECT becomes a view that every pass of :meth:`commit` (checks, de-duplication,
        insertion) reads straight from its source, so memory stays flat however large the
        file. Use it for sources DuckDB scans fast (Parquet, CSV) that stay unchanged until
        the commit; a deferred SELECT takes no ``params``.
        """
        if table not in TABLES:
            raise StoreError(f"No canonical table {table!r}; use one of {', '.join(TABLES)}.")
        if not defer:
            self.con.execute(f"INSERT INTO {stage_name(table)} BY NAME {select_sql}", params or [])
            return
        if params:
            raise StoreError("A deferred relation takes no parameters; inline the values.")
        have = set(self.con.sql(select_sql).columns)
        known = {c.name: c.sql for c in TABLES[table]} | {"_file": "VARCHAR", "_row": "BIGINT"}
        unknown = sorted(have - set(known))
        if unknown:
            raise StoreError(f"{table} has no column {unknown[0]!r}; use {', '.join(known)}.")
        projection = ", ".join(
            f"CAST({name if name in have else 'NULL'} AS {sql}) AS {name}"
            for name, sql in known.items()
        )
        view = f"_src_{table}_{len(self._deferred[table])}"
        self.con.execute(f"CREATE TEMP VIEW {view} AS SELECT {projection} FROM ({select_sql})")
        self._deferred[table].append(view)

    def skip(self, reason: str, count: int = 1) -> None:
        """Count ``count`` source rows left out of the import, and why."""
        if count:
            self.skipped[reason] += count

    # -- commit ----------------------------------------------------------------------------
    def commit(self) -> ImportReport:
        """Validate, de-duplicate, resolve and merge the staged rows; commit the transaction.

        The happy path reads the staged rows a few times only: one pass of checks per table,
        one pass hashing the keys to find repeats, one pass inserting (which resolves member
        references by a join and marks unresolved ones, so references cost no pass of their
        own). The precise queries that name the first bad row run only when a pass found one.
        """
        if not self._open:
            raise StoreError("This import session is closed; open a new one.")
        for writer in self._writers.values():
            writer.flush()
        con = self.con
        sources = {table: self._source(table) for table in _TABLE_NAMES}
        staged, platforms = self._check(sources)
        self._merge_staged_members(sources["members"], staged["members"])
        ready = {
            table: self._dedupe(table, key, sources[table], staged[table])
            for table, key in (("content", "content_id"), ("interactions", "interaction_id"))
        }
        if self.unknown_members == "placeholder":
            self._add_placeholders(ready, platforms)
        import_id = self._next_import_id()
        report = ImportReport(self.format, self.source, self.platform, import_id=import_id)
        report.updated_members = self._merge_members(import_id, report, platforms)
        if report.added["members"]:
            report.placeholders, report.deleted_accounts = self._count_placeholders(import_id)
        unresolved = False
        for table, key in (("content", "content_id"), ("interactions", "interaction_id")):
            unresolved |= self._insert(
                table, key, ready[table], staged[table], import_id, report, platforms
            )
        if unresolved:
            self._check_references(ready)
        report.skipped = dict(self.skipped)
        if report.platform is None and len(platforms) == 1:
            report.platform = platforms[0]
        for platform, added in self._added_per_platform(import_id, report, platforms):
            con.execute(
                "INSERT INTO imports VALUES (?, ?, ?, ?, now()::TIMESTAMP, ?, ?, ?)",
                [
                    import_id,
                    self.format,
                    self.source,
                    platform,
                    __version__,
                    json.dumps(added),
                    json.dumps(report.skipped),
                ],
            )
        self._drop_temporaries()
        con.execute("COMMIT")
        self._open = False
        return report

    def _added_per_platform(
        self, import_id: int, report: ImportReport, platforms: list[str]
    ) -> list[tuple[str | None, dict[str, int]]]:
        """The rows of ``imports`` this import records: (platform, rows added per table).

        An importer told its platform records one row for it. One whose rows name their own
        platform (the canonical files' ``platform`` column) records one row per platform they
        name, each with what it added there — so ``status`` counts the import on every
        platform it touched. Skipped rows are the import's as a whole, on every row.
        """
        if self.platform is not None or len(platforms) <= 1:
            return [(report.platform, report.added)]
        added: dict[str, dict[str, int]] = {p: dict.fromkeys(report.added, 0) for p in platforms}
        for table in report.added:
            if not report.added[table]:
                continue
            rows = self.con.execute(
                f"SELECT platform, count(*) FROM {table} WHERE import_id = ? GROUP BY 1",
                [import_id],
            ).fetchall()
            for platform, count in rows:
                added.setdefault(platform, dict.fromkeys(report.added, 0))[table] = int(count)
        return list(added.items())

    def _source(self, table: str) -> str:
        """The relation holding every staged row of ``table``: its stage, plus deferred views."""
        if not self._deferred[table]:
            return stage_name(table)
        parts = [f"SELECT * FROM {name}" for name in [stage_name(table), *self._deferred[table]]]
        self.con.execute(f"CREATE TEMP VIEW _all_{table} AS {' UNION ALL '.join(parts)}")
        return f"_all_{table}"

    def _check(self, sources: dict[str, str]) -> tuple[dict[str, int], list[str]]:
        """One pass per table counting rows, bad rows and platforms; name the first bad row.

        Returns the rows staged per table and the platforms the import touches.
        """
        staged: dict[str, int] = {}
        platforms: set[str] = set()
        failed = False
        vocab = {
            "content": [k.value for k in ContentKind],
            "interactions": [k.value for k in InteractionKind],
        }
        bad_values = False
        for table, columns in TABLES.items():
            # count(*) - count(c): Parquet statistics answer it without reading the column.
            tests = [f"count(*) - count({c.name})" for c in columns if c.required]
            params: list[Any] = []
            if table in vocab:
                tests.append("count(*) FILTER (WHERE NOT list_contains(?, kind))")
                params.append(vocab[table])
            values = [f"count(*) FILTER (WHERE {r.bad})" for r in self._rules if r.table == table]
            row = self.con.execute(
                f"SELECT count(*), min(platform), max(platform), {', '.join(tests + values)} "
                f"FROM {sources[table]}",
                params,
            ).fetchone()
            assert row is not None
            staged[table] = int(row[0])
            failed |= any(row[3 : 3 + len(tests)])
            bad_values |= any(row[3 + len(tests) :])
            if row[1] is not None and row[1] == row[2]:
                platforms.add(row[1])
            elif row[1] is not None:  # several platforms: list them (one more pass)
                found = self.con.execute(f"SELECT DISTINCT platform FROM {sources[table]}")
                platforms.update(r[0] for r in found.fetchall() if r[0] is not None)
        if failed:
            self._check_required(sources)
            self._check_vocabulary(sources, "content", vocab["content"], "content kind")
            self._check_vocabulary(
                sources, "interactions", vocab["interactions"], "interaction kind"
            )
        if bad_values:
            self._check_values(sources)
        return staged, sorted(platforms)

    def _check_values(self, sources: dict[str, str]) -> None:
        """Name the first row (in file order) breaking a value rule of
        :mod:`nichescout.store.validate`: a weight or count that is not a finite number
        >= 0, a date outside the plausible range."""
        found = []
        for rule in self._rules:
            row = self.con.execute(
                f"SELECT _file, _row, {rule.column} FROM {sources[rule.table]} "
                f"WHERE {rule.bad} ORDER BY _file, _row LIMIT 1"
            ).fetchone()
            if row:
                found.append((row[0], row[1], rule.message(row[2])))
        if found:
            file, line, message = min(found, key=lambda f: (f[0], f[1]))
            raise InputError(file, line, message)

    def _first_bad(self, source: str, where: str) -> tuple[str, int, Any] | None:
        row = self.con.execute(
            f"SELECT _file, _row FROM {source} WHERE {where} ORDER BY _file, _row LIMIT 1"
        ).fetchone()
        return (row[0], row[1], None) if row else None

    def _check_required(self, sources: dict[str, str]) -> None:
        for table, columns in TABLES.items():
            for column in columns:
                if not column.required:
                    continue
                bad = self._first_bad(sources[table], f"{column.name} IS NULL")
                if bad:
                    raise InputError(
                        bad[0], bad[1], f"{column.name} is missing; every {table} row needs one."
                    )

    def _check_vocabulary(
        self, sources: dict[str, str], table: str, allowed: list[str], what: str
    ) -> None:
        row = self.con.execute(
            f"SELECT _file, _row, kind FROM {sources[table]} "
            "WHERE NOT list_contains(?, kind) ORDER BY _file, _row LIMIT 1",
            [allowed],
        ).fetchone()
        if row:
            raise InputError(
                row[0],
                row[1],
                f"kind {row[2]!r} is not a known {what}; use one of: {', '.join(allowed)}.",
            )

    def _merge_staged_members(self, source: str, rows: int) -> None:
        """Merge repeated member rows field by field (first non-null value wins).

        Only members whose (platform, member_id) hash repeats go through the merge; the
        others are copied as they are.
        """
        hashed = "hash(platform, member_id)"
        if not self._repeated_hashes("_dup_members", source, hashed, rows):
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE _members_merged AS FROM {source}")
            return
        cols = [c.name for c in TABLES["members"] if c.name not in ("platform", "member_id")]
        picks = ", ".join(
            f"arg_min({c}, CASE WHEN {c} IS NULL THEN NULL ELSE _row END) AS {c}" for c in cols
        )
        self.con.execute(
            f"""CREATE OR REPLACE TEMP TABLE _members_merged AS
                FROM {source} WHERE {hashed} NOT IN (SELECT h FROM _dup_members)
                UNION ALL BY NAME
                SELECT platform, member_id, {picks}, min(_file) AS _file, min(_row) AS _row
                FROM {source} WHERE {hashed} IN (SELECT h FROM _dup_members)
                GROUP BY platform, member_id"""
        )

    def _add_placeholders(self, ready: dict[str, str], platforms: list[str]) -> None:
        """Add to ``_members_merged`` a placeholder for each member that the import's content
        and interactions refer to but neither the import nor the store describes.

        One pass over the staged content and interactions; the placeholder remembers the
        first row that named it.
        """
        refs = [
            f"SELECT platform, {column.name} AS member_id, _file, _row FROM {ready[table]} "
            f"WHERE {column.name} IS NOT NULL"
            for table, columns in TABLES.items()
            if table != "members"
            for column in columns
            if column.ref == "member"
        ]
        self.con.execute(
            f"""INSERT INTO _members_merged BY NAME
                SELECT platform, member_id, false AS is_bot,
                       CAST('{{"placeholder": true}}' AS JSON) AS attributes,
                       min(_file) AS _file, arg_min(_row, (_file, _row)) AS _row
                FROM ({" UNION ALL ".join(refs)}) r
                ANTI JOIN _members_merged s USING (platform, member_id)
                ANTI JOIN (SELECT platform, member_id FROM members
                           WHERE list_contains(?, platform)) m USING (platform, member_id)
                GROUP BY platform, member_id""",
            [platforms],
        )

    def _count_placeholders(self, import_id: int) -> tuple[int, int]:
        """Members the import added as placeholders, and as deleted accounts."""
        row = self.con.execute(
            """SELECT count(*) FILTER (WHERE lower(attributes->>'placeholder') = 'true'),
                      count(*) FILTER (WHERE lower(attributes->>'deleted') = 'true')
               FROM members WHERE import_id = ?""",
            [import_id],
        ).fetchone()
        return (int(row[0]), int(row[1])) if row else (0, 0)

    def _repeated_hashes(self, name: str, source: str, hashed: str, rows: int) -> int:
        """Create the temp table ``name`` of the values of ``hashed`` that repeat in ``source``.

        The hashes are grouped in ``ceil(rows / DEDUPE_PARTITION_ROWS)`` passes, each over
        one slice of the hash values, so the memory the grouping takes stays bounded however
        many rows the import has. Returns how many hashes repeat.
        """
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} (h UBIGINT)")
        parts = max(1, -(-rows // DEDUPE_PARTITION_ROWS))
        for part in range(parts):
            where = f"WHERE h % {parts} = {part}" if parts > 1 else ""
            self.con.execute(
                f"""INSERT INTO {name} SELECT h FROM (SELECT {hashed} AS h FROM {source})
                    {where} GROUP BY h HAVING count(*) > 1"""
            )
        return self._count(name)

    def _dedupe(self, table: str, key: str, source: str, rows: int) -> str:
        """Keep the first row of each (platform, key); return the relation of kept rows.

        Repeats are found by hashing the key (8 bytes a row, see :meth:`_repeated_hashes`);
        only the rows whose hash repeats are compared exactly, so a hash collision never
        drops a row.
        """
        con = self.con
        hashed = f"hash(platform, {key})"
        if not self._repeated_hashes(f"_dup_{table}", source, hashed, rows):
            return source
        row = con.execute(
            f"""SELECT count(*) - count(DISTINCT (platform, {key})) FROM {source}
                WHERE {hashed} IN (SELECT h FROM _dup_{table})"""
        ).fetchone()
        self.skip(f"{table}: repeated {key} within this import", int(row[0]) if row else 0)
        con.execute(
            f"""CREATE OR REPLACE TEMP VIEW _ready_{table} AS
                SELECT * FROM {source} WHERE {hashed} NOT IN (SELECT h FROM _dup_{table})
                UNION ALL
                SELECT * FROM {source} WHERE {hashed} IN (SELECT h FROM _dup_{table})
                QUALIFY row_number() OVER (PARTITION BY platform, {key}
                                           ORDER BY _file, _row) = 1"""
        )
        return f"_ready_{table}"

    def _has_rows(self, table: str, platforms: list[str]) -> bool:
        """Whether the store's ``table`` holds any row of ``platforms``."""
        row = self.con.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE list_contains(?, platform) "
            "LIMIT 1)",
            [platforms],
        ).fetchone()
        return bool(row and row[0])

    def _count(self, table: str) -> int:
        row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    def _check_references(self, ready: dict[str, str]) -> None:
        """Name the first row (in file order) whose member reference does not resolve."""
        parts = [
            f"""SELECT s._file, s._row, '{column.name}' AS col, s.{column.name} AS id
                FROM {ready[table]} s
                ANTI JOIN _keys k ON k.platform = s.platform AND k.member_id = s.{column.name}
                WHERE s.{column.name} IS NOT NULL"""
            for table, columns in TABLES.items()
            if table != "members"
            for column in columns
            if column.ref == "member"
        ]
        row = self.con.execute(
            f"SELECT * FROM ({' UNION ALL '.join(parts)}) ORDER BY _file, _row, col LIMIT 1"
        ).fetchone()
        if row:
            raise ReferenceError_(
                row[0],
                row[1],
                f"{row[2]} {row[3]!r} names a member found neither in this "
                "import nor in the store; add the member (or import its platform's "
                "members first).",
            )

    def _next_import_id(self) -> int:
        row = self.con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchone()
        return int(row[0]) if row else 1

    def _merge_members(self, import_id: int, report: ImportReport, platforms: list[str]) -> int:
        """Insert the new members, update the known ones, and build ``_keys``.

        New members get keys after the store's largest, in (platform, member_id) order;
        ``_keys`` maps (platform, member_id) → member_key for every member of the import's
        platforms. Returns how many known members the import changed.
        """
        con = self.con
        cols = [c.name for c in TABLES["members"]]
        select = ", ".join(f"s.{c}" for c in cols)
        known = "(SELECT platform, member_id FROM members WHERE list_contains(?, platform))"
        params: list[Any] = [import_id]
        anti = ""
        if self._has_rows("members", platforms):
            anti = f"ANTI JOIN {known} e USING (platform, member_id)"
            params.append(platforms)
        top = con.execute("SELECT coalesce(max(member_key), 0) FROM members").fetchone()
        row = con.execute(
            f"""INSERT INTO members (member_key, {", ".join(cols)}, import_id)
                SELECT {int(top[0]) if top else 0}
                       + row_number() OVER (ORDER BY s.platform, s.member_id), {select}, ?
                FROM _members_merged s {anti}""",
            params,
        ).fetchone()
        con.execute(
            """CREATE OR REPLACE TEMP TABLE _keys AS
               SELECT platform, member_id, member_key FROM members
               WHERE list_contains(?, platform)""",
            [platforms],
        )
        report.added["members"] = int(row[0]) if row else 0
        staged = self._count("_members_merged")
        report.already_present["members"] = staged - report.added["members"]
        if not report.already_present["members"]:
            return 0
        # Members met again stay until this import is forgotten too (import_shares).
        con.execute(
            """INSERT INTO import_shares
               SELECT ?, 'members', platform, member_id FROM _members_merged
               SEMI JOIN (SELECT platform, member_id FROM members WHERE import_id <> ?)
                   USING (platform, member_id)""",
            [import_id, import_id],
        )
        # Existing members take the non-null fields the import brings, when they differ.
        updatable = [c for c in cols if c not in ("platform", "member_id")]
        differs = " OR ".join(
            f"(s.{c} IS NOT NULL AND s.{c} IS DISTINCT FROM m.{c})" for c in updatable
        )
        changed = self._count(
            f"members m JOIN _members_merged s USING (platform, member_id) "
            f"WHERE m.import_id <> {int(import_id)} AND ({differs})"
        )
        if changed:
            # Their rows as they were, to put back if this import is forgotten.
            con.execute(
                f"""INSERT INTO member_versions BY NAME
                    SELECT {int(import_id)} AS changed_by, m.*
                    FROM members m JOIN _members_merged s USING (platform, member_id)
                    WHERE m.import_id <> {int(import_id)} AND ({differs})"""
            )
            sets = ", ".join(f"{c} = coalesce(s.{c}, members.{c})" for c in updatable)
            con.execute(
                f"""UPDATE members SET {sets}
                    FROM _members_merged s
                    WHERE members.platform = s.platform AND members.member_id = s.member_id
                      AND members.import_id <> ?""",
                [import_id],
            )
        return changed

    def _insert(
        self,
        table: str,
        key: str,
        ready: str,
        staged: int,
        import_id: int,
        report: ImportReport,
        platforms: list[str],
    ) -> bool:
        """Insert the rows the store lacks; True when a member reference did not resolve.

        A reference that does not resolve is stored as key -1 for the moment (the caller then
        names the row and rolls back), so checking references costs no pass of its own.
        """
        if not staged:
            report.added[table] = 0
            report.already_present[table] = 0
            return False
        columns = TABLES[table]
        select = []
        joins = []
        refs = []
        # With one platform, _keys holds only its members: member_id alone is the join key.
        same_platform = "" if len(platforms) == 1 else "{alias}.platform = s.platform AND "
        for i, column in enumerate(columns):
            name, _ = stored_type(column)
            if column.ref == "member":
                alias = f"k{i}"
                on = same_platform.format(alias=alias)
                joins.append(f"LEFT JOIN _keys {alias} ON {on}{alias}.member_id = s.{column.name}")
                select.append(
                    f"CASE WHEN s.{column.name} IS NOT NULL AND {alias}.member_key IS NULL "
                    f"THEN -1 ELSE {alias}.member_key END AS {name}"
                )
                refs.append(name)
            else:
                select.append(f"s.{column.name}")
        names = [stored_type(c)[0] for c in columns]
        # Rows already in the store are left out by an anti-join on (platform, key). Its
        # hash table holds the store's keys, so when there are many it runs in slices of
        # the key hashes, as the search for repeats does, to keep memory bounded.
        slices = [""]
        if self._has_rows(table, platforms):
            parts = max(1, -(-staged // DEDUPE_PARTITION_ROWS))
            slices = [
                f"WHERE NOT EXISTS (SELECT 1 FROM {table} e WHERE "
                + (f"hash(e.platform, e.{key}) % {parts} = {part} AND " if parts > 1 else "")
                + f"e.platform = s.platform AND e.{key} = s.{key})"
                + (f" AND hash(s.platform, s.{key}) % {parts} = {part}" if parts > 1 else "")
                for part in range(parts)
            ]
        added = 0
        for where in slices:
            row = self.con.execute(
                f"""INSERT INTO {table} ({", ".join(names)}, import_id)
                    SELECT {", ".join(select)}, ? FROM {ready} s
                    {" ".join(joins)} {where}""",
                [import_id],
            ).fetchone()
            added += int(row[0]) if row else 0
        report.added[table] = added
        repeated = self.skipped.get(f"{table}: repeated {key} within this import", 0)
        report.already_present[table] = staged - repeated - added
        if report.already_present[table]:
            # Rows an earlier import added stay until this import is forgotten too.
            self.con.execute(
                f"""INSERT INTO import_shares
                    SELECT ?, '{table}', platform, {key} FROM {ready} s
                    SEMI JOIN (SELECT platform, {key} FROM {table} WHERE import_id <> ?)
                        USING (platform, {key})""",
                [import_id, import_id],
            )
        if not refs or not added:
            return False
        bad = self.con.execute(
            f"SELECT count(*) FROM {table} WHERE " + " OR ".join(f"{name} = -1" for name in refs)
        ).fetchone()
        return bool(bad and bad[0])
