"""Imports are visible and undoable: list them, and forget one as if it never happened.

Every row of the canonical tables carries the ``import_id`` of the import that added it; an
import that meets rows an earlier one added (a re-import) lists them in ``import_shares``,
and one that changes a known member keeps its former row in ``member_versions`` (see
:mod:`nichescout.store.loader`). :func:`forget` uses the three, in one transaction:

- rows the import added and no other import brought are deleted;
- rows it added that a later import brought again stay, now the later import's (a row
  stays until every import that brought it is forgotten, and counts among the rows that
  import added); they keep their values;
- members it changed get back the values they had before it.

It refuses, changing nothing, when that would leave the store inconsistent: when rows of
another import refer to a member only this import added (forget that one first), or when a
later import changed a member this one changed too (forget the later one first).
``forget_platform`` removes a platform whole, whatever imports brought it.

>>> from nichescout.store import ImportSession, Store
>>> store = Store(":memory:")
>>> def toy(members):
...     with ImportSession(store, "example", "toy.csv", platform="toy") as session:
...         for member in members:
...             session.writer("members").append({"platform": "toy", "member_id": member})
...         return session.commit().import_id
>>> first, again = toy(["a", "b"]), toy(["b", "c"])
>>> [(r[0], r[5]) for r in import_rows(store.con)[1]]  # id, rows added
[(1, 2), (2, 1)]
>>> forget(store, first).removed, store.counts()["members"]  # b stays: import 2 brought it
({'members': 1, 'content': 0, 'interactions': 0}, 2)
>>> forget(store, again).removed, store.counts()["members"]
({'members': 2, 'content': 0, 'interactions': 0}, 0)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from nichescout.exceptions import NotFoundError, StoreError
from nichescout.store.schema import TABLES, stored_type

if TYPE_CHECKING:
    import duckdb

    from nichescout.store.store import Store

__all__ = ["IMPORT_COLUMNS", "Forgotten", "forget", "forget_platform", "import_rows"]

#: Row identity per table: (platform, this column).
_KEYS = {"members": "member_id", "content": "content_id", "interactions": "interaction_id"}

#: Columns of :func:`import_rows`.
IMPORT_COLUMNS = [
    "id",
    "kind",
    "source",
    "platform",
    "when",
    "rows_added",
    "members",
    "content",
    "interactions",
    "shared",
]


@dataclass
class Forgotten:
    """What forgetting did: the import (or platform), rows removed per table, rows kept
    because another import also brought them, members whose former values came back."""

    import_id: int | None
    kind: str | None
    source: str | None
    platform: str | None
    removed: dict[str, int] = field(default_factory=dict)
    kept: int = 0
    restored_members: int = 0


def import_rows(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Every import, one row per (import, platform), oldest first: :data:`IMPORT_COLUMNS`.

    ``rows_added`` (and ``members``, ``content``, ``interactions``) count the rows the
    import added that the store still holds as its own — what :func:`forget` would remove;
    ``shared`` counts the rows it brought that an earlier import had added (a re-import's).
    """
    counts = " UNION ALL ".join(
        f"SELECT import_id, platform, '{t}' AS tbl, count(*) AS n FROM {t} GROUP BY ALL"
        for t in TABLES
    )
    rows = con.execute(
        f"""WITH added AS ({counts}),
                 shared AS (SELECT import_id, platform, count(*) AS n FROM import_shares
                            GROUP BY ALL)
            SELECT i.import_id, i.format, i.source, i.platform, i.imported_at,
                   coalesce(sum(a.n), 0)::BIGINT,
                   coalesce(sum(a.n) FILTER (WHERE a.tbl = 'members'), 0)::BIGINT,
                   coalesce(sum(a.n) FILTER (WHERE a.tbl = 'content'), 0)::BIGINT,
                   coalesce(sum(a.n) FILTER (WHERE a.tbl = 'interactions'), 0)::BIGINT,
                   coalesce(any_value(s.n), 0)::BIGINT
            FROM imports i
            LEFT JOIN added a ON a.import_id = i.import_id
                 AND (i.platform IS NULL OR a.platform = i.platform)
            LEFT JOIN shared s ON s.import_id = i.import_id
                 AND (i.platform IS NULL OR s.platform = i.platform)
            GROUP BY i.import_id, i.format, i.source, i.platform, i.imported_at
            ORDER BY i.import_id, i.platform NULLS FIRST"""
    ).fetchall()
    return list(IMPORT_COLUMNS), rows


def _transaction(store: Store, work: Any, dry_run: bool = False) -> Any:
    """Run ``work`` in one transaction; a dry run rolls it back after counting."""
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        result = work(con)
        con.execute("ROLLBACK" if dry_run else "COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        for table in TABLES:
            con.execute(f"DROP TABLE IF EXISTS _heir_{table}")
        con.execute("DROP TABLE IF EXISTS _gone_members")
    return result


def _count(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> int:
    row = con.execute(sql, params or []).fetchone()
    return int(row[0]) if row else 0


def forget(store: Store, import_id: int, *, dry_run: bool = False) -> Forgotten:
    """Remove what import ``import_id`` added and undo what it changed, in one transaction
    (``dry_run``: counted the same way, then rolled back).

    Raises :class:`~nichescout.exceptions.NotFoundError` for an unknown id, and
    :class:`~nichescout.exceptions.StoreError` (changing nothing) when another import
    depends on it; see the module doc.
    """
    found = store.con.execute(
        "SELECT any_value(format), any_value(source), string_agg(platform, ', ' ORDER BY "
        "platform) FROM imports WHERE import_id = ?",
        [import_id],
    ).fetchone()
    if found is None or found[0] is None:
        ids = [
            r[0]
            for r in store.con.execute(
                "SELECT DISTINCT import_id FROM imports ORDER BY 1"
            ).fetchall()
        ]
        raise NotFoundError(
            f"No import {import_id} in the store; "
            + (f"its imports are {', '.join(map(str, ids))}" if ids else "it holds none")
            + " (see `nichescout imports --db FILE`)."
        )
    done = Forgotten(import_id, found[0], found[1], found[2])
    return _transaction(store, lambda con: _forget(con, import_id, done), dry_run)


def _forget(con: duckdb.DuckDBPyConnection, x: int, done: Forgotten) -> Forgotten:
    later = con.execute(
        """SELECT min(v2.changed_by), any_value(v.platform), any_value(v.member_id)
           FROM member_versions v JOIN member_versions v2 USING (member_key)
           WHERE v.changed_by = ? AND v2.changed_by > ?""",
        [x, x],
    ).fetchone()
    if later and later[0] is not None:
        raise StoreError(
            f"Import {later[0]} changed member {later[2]!r} of {later[1]} after import {x} "
            f"did; forget import {later[0]} first (or the whole platform with --platform)."
        )
    # Rows x added that a later import brought again go to the earliest such import.
    for table, key in _KEYS.items():
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE _heir_{table} AS
                SELECT s.platform, s.row_id, min(s.import_id) AS heir
                FROM import_shares s JOIN {table} r
                     ON r.platform = s.platform AND r.{key} = s.row_id
                WHERE s.tbl = '{table}' AND r.import_id = ? AND s.import_id <> ?
                GROUP BY ALL""",
            [x, x],
        )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _gone_members AS
           SELECT member_key, platform, member_id FROM members m
           WHERE import_id = ? AND NOT EXISTS (SELECT 1 FROM _heir_members h
               WHERE h.platform = m.platform AND h.row_id = m.member_id)""",
        [x],
    )
    _check_dependants(con, x)
    _credit_heirs(con)
    for table, key in _KEYS.items():
        con.execute(
            f"""UPDATE {table} SET import_id = h.heir FROM _heir_{table} h
                WHERE {table}.import_id = ? AND {table}.platform = h.platform
                  AND {table}.{key} = h.row_id""",
            [x],
        )
        done.kept += _count(con, f"SELECT count(*) FROM _heir_{table}")
        con.execute(
            f"""DELETE FROM import_shares s USING _heir_{table} h
                WHERE s.tbl = '{table}' AND s.platform = h.platform AND s.row_id = h.row_id
                  AND s.import_id = h.heir"""
        )
        done.removed[table] = _count(con, f"SELECT count(*) FROM {table} WHERE import_id = ?", [x])
        con.execute(f"DELETE FROM {table} WHERE import_id = ?", [x])
    # A member now added by its heir has no former row from before the heir.
    con.execute(
        """DELETE FROM member_versions v USING _heir_members h
           WHERE v.platform = h.platform AND v.member_id = h.row_id AND v.changed_by = h.heir"""
    )
    data = [c for c in _member_columns() if c not in ("member_key", "import_id")]
    sets = ", ".join(f"{c} = v.{c}" for c in data)
    done.restored_members = _count(
        con, "SELECT count(*) FROM member_versions WHERE changed_by = ?", [x]
    )
    if done.restored_members:
        con.execute(
            f"""UPDATE members SET {sets} FROM member_versions v
                WHERE v.changed_by = ? AND members.member_key = v.member_key""",
            [x],
        )
    con.execute("DELETE FROM member_versions WHERE changed_by = ?", [x])
    con.execute("DELETE FROM import_shares WHERE import_id = ?", [x])
    con.execute("DELETE FROM imports WHERE import_id = ?", [x])
    return done


def _credit_heirs(con: duckdb.DuckDBPyConnection) -> None:
    """Count the rows each heir takes over among the rows it added (``imports.added``), as
    if it had added them itself."""
    taken = con.execute(
        " UNION ALL ".join(
            f"SELECT heir, platform, '{t}', count(*) FROM _heir_{t} GROUP BY ALL" for t in TABLES
        )
    ).fetchall()
    for heir, platform, table, count in taken:
        row = con.execute(
            "SELECT added FROM imports WHERE import_id = ? AND platform = ?", [heir, platform]
        ).fetchone()
        if row is None:
            continue
        added = json.loads(row[0])
        added[table] = added.get(table, 0) + int(count)
        con.execute(
            "UPDATE imports SET added = ? WHERE import_id = ? AND platform = ?",
            [json.dumps(added), heir, platform],
        )


def _member_columns() -> list[str]:
    return ["member_key", *(stored_type(c)[0] for c in TABLES["members"]), "import_id"]


def _check_dependants(con: duckdb.DuckDBPyConnection, x: int) -> None:
    """Refuse when a row that stays refers to a member that goes."""
    for table, key in _KEYS.items():
        refs = [stored_type(c)[0] for c in TABLES[table] if c.ref == "member"]
        for ref in refs:
            row = con.execute(
                f"""SELECT coalesce(h.heir, r.import_id), g.member_id, g.platform
                    FROM {table} r JOIN _gone_members g ON g.member_key = r.{ref}
                    LEFT JOIN _heir_{table} h
                         ON h.platform = r.platform AND h.row_id = r.{key}
                    WHERE r.import_id <> ? OR h.heir IS NOT NULL
                    ORDER BY 1 LIMIT 1""",
                [x],
            ).fetchone()
            if row:
                raise StoreError(
                    f"Import {row[0]} has {table} referring to member {row[1]!r} of {row[2]}, "
                    f"which only import {x} added; forget import {row[0]} first (or the "
                    "whole platform with --platform)."
                )


def forget_platform(store: Store, platform: str, *, dry_run: bool = False) -> Forgotten:
    """Remove every row of ``platform``, whatever imports brought it, and those imports'
    records for it (an import that also brought other platforms keeps those), in one
    transaction. Raises :class:`~nichescout.exceptions.NotFoundError` for an unknown one."""
    known = [
        r[0]
        for r in store.con.execute(
            "SELECT platform FROM imports WHERE platform IS NOT NULL UNION "
            "SELECT platform FROM members ORDER BY 1"
        ).fetchall()
    ]
    if platform not in known:
        raise NotFoundError(
            f"No platform {platform!r} in the store; it holds "
            f"{', '.join(known) or 'nothing yet'} (see `nichescout imports --db FILE`)."
        )
    done = Forgotten(None, None, None, platform)

    def work(con: duckdb.DuckDBPyConnection) -> Forgotten:
        for table in TABLES:
            done.removed[table] = _count(
                con, f"SELECT count(*) FROM {table} WHERE platform = ?", [platform]
            )
            con.execute(f"DELETE FROM {table} WHERE platform = ?", [platform])
        for table in ("import_shares", "member_versions", "imports"):
            con.execute(f"DELETE FROM {table} WHERE platform = ?", [platform])
        return done

    return _transaction(store, work, dry_run)
