"""The store: one DuckDB file holding the canonical tables (see :mod:`nichescout.store.schema`).

>>> with Store(":memory:") as store:
...     store.counts()
{'members': 0, 'content': 0, 'interactions': 0}
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import duckdb

from nichescout.exceptions import NotFoundError, StoreError
from nichescout.store import DEFAULT_DB
from nichescout.store.migrations import migrate

if TYPE_CHECKING:  # DuckDB makes the DataFrames; pandas loads only when one is asked for
    import pandas as pd

__all__ = ["DEFAULT_DB", "Store"]


def closest_platform(name: str, platforms: list[str]) -> str | None:
    """The platform ``name`` most likely means: the one it names without (or with another)
    ``kind:`` prefix, else the closest spelling; None when nothing is close.

    >>> closest_platform("conlang-meta", ["stackexchange:conlang-meta", "slack:T1"])
    'stackexchange:conlang-meta'
    >>> closest_platform("stackexchange:conlang", ["stackexchange:conlang-meta", "slack:T1"])
    'stackexchange:conlang-meta'
    >>> closest_platform("twitter", ["stackexchange:conlang-meta"]) is None
    True
    """
    import difflib

    bare = name.lower().rpartition(":")[2]
    same_name = [p for p in platforms if p.lower().rpartition(":")[2] == bare]
    if len(same_name) == 1:
        return same_name[0]
    close = difflib.get_close_matches(name, platforms, n=1, cutoff=0.6)
    if not close:  # compare the names after the prefix
        names = {p.rpartition(":")[2]: p for p in platforms}
        close = [names[m] for m in difflib.get_close_matches(bare, list(names), n=1, cutoff=0.6)]
    return close[0] if close else None


#: One row per platform; see :meth:`Store.status` for the columns.
_STATUS_SQL = """
    WITH m AS (SELECT platform, count(*) AS members,
                      count(*) FILTER (WHERE is_bot) AS bots,
                      count(*) FILTER (WHERE lower(attributes->>'placeholder') = 'true')
                          AS unknown,
                      count(*) FILTER (WHERE lower(attributes->>'deleted') = 'true')
                          AS deleted
               FROM members GROUP BY platform),
         c AS (SELECT platform, count(*) AS content,
                      min(created_at) AS c_first, max(created_at) AS c_last
               FROM content GROUP BY platform),
         i AS (SELECT platform, count(*) AS interactions,
                      min(created_at) AS i_first, max(created_at) AS i_last
               FROM interactions GROUP BY platform),
         im AS (SELECT platform, count(*) AS imports FROM imports GROUP BY platform)
    SELECT m.platform, m.members, m.bots, m.unknown, m.deleted,
           coalesce(c.content, 0) AS content,
           coalesce(i.interactions, 0) AS interactions,
           least(c.c_first, i.i_first) AS first_event,
           greatest(c.c_last, i.i_last) AS last_event,
           coalesce(im.imports, 0) AS imports
    FROM m LEFT JOIN c USING (platform) LEFT JOIN i USING (platform)
           LEFT JOIN im USING (platform)
    ORDER BY m.platform
"""


class Store:
    """A DuckDB file (or ``":memory:"``) with the canonical tables, migrated on open.

    Parameters
    ----------
    path:
        The database file; created when missing. ``":memory:"`` keeps everything in memory.
    read_only:
        Open an existing file without the right to change it (no migration is applied).
    memory_limit:
        DuckDB's memory limit, e.g. ``"2GB"``; default DuckDB's own (80 % of RAM). With a
        limit, large imports keep a flat memory profile (DuckDB spills to disk); see
        docs/benchmarks-ingest.md.
    """

    def __init__(
        self,
        path: str | Path = DEFAULT_DB,
        *,
        read_only: bool = False,
        memory_limit: str | None = None,
    ) -> None:
        self.path = str(path)
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError(
                f"No store at {self.path}: import something first with `nichescout ingest`, "
                "or pass --db with the right file."
            )
        try:
            self.con = duckdb.connect(self.path, read_only=read_only and self.path != ":memory:")
        except duckdb.Error as err:
            raise StoreError(f"Cannot open the store {self.path}: {err}") from err
        # nichescout shows its own (Rich) progress; DuckDB's bar would write into piped output
        self.con.execute("SET enable_progress_bar = false")
        if memory_limit is not None:
            try:
                self.con.execute(f"SET memory_limit = '{memory_limit.replace(chr(39), '')}'")
            except duckdb.Error as err:
                raise StoreError(
                    f"memory_limit must be a size such as '2GB' or '512MB', not {memory_limit!r}."
                ) from err
        if not read_only or self.path == ":memory:":
            migrate(self.con)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def counts(self) -> dict[str, int]:
        """Rows in each canonical table."""
        out = {}
        for table in ("members", "content", "interactions"):
            row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
            out[table] = int(row[0]) if row else 0
        return out

    def platforms(self) -> list[str]:
        """Platforms that have at least one member, sorted."""
        rows = self.con.execute("SELECT DISTINCT platform FROM members ORDER BY 1").fetchall()
        return [r[0] for r in rows]

    def check_platform(self, platform: str) -> None:
        """Raise :class:`NotFoundError` unless ``platform`` is in the store, naming the closest.

        >>> from nichescout.data.toy import toy_community
        >>> toy_community().check_platform("toys")
        Traceback (most recent call last):
        ...
        nichescout.exceptions.NotFoundError: No platform 'toys' in the store; did you mean 'toy'? It holds toy.
        >>> toy_community().check_platform("slack:acme")
        Traceback (most recent call last):
        ...
        nichescout.exceptions.NotFoundError: No platform 'slack:acme' in the store; it holds toy.
        """
        platforms = self.platforms()
        if platform in platforms:
            return
        guess = closest_platform(platform, platforms)
        hint = f"did you mean {guess!r}? It holds" if guess else "it holds"
        raise NotFoundError(
            f"No platform {platform!r} in the store; {hint} "
            f"{', '.join(platforms) or 'nothing yet: import an export with `nichescout ingest`'}."
        )

    def status(self) -> pd.DataFrame:
        """What the store holds, one row per platform: counts and the time range of events.

        Columns: platform, members, bots, unknown (placeholder members: referred to but not
        described by the export), deleted (deleted accounts: the platform's placeholder for
        them, or accounts the export marks deleted; rankings leave them out), content,
        interactions, first_event, last_event, imports. ``first_event`` and ``last_event`` are
        missing (NaT) for a platform whose events carry no timestamps.
        """
        return self.con.execute(_STATUS_SQL).df()

    def status_rows(self) -> tuple[list[str], list[tuple[Any, ...]]]:
        """:meth:`status` as column names and plain tuples, without pandas (for the CLI).

        >>> with Store(":memory:") as store:
        ...     columns, rows = store.status_rows()
        >>> columns[:3], rows
        (['platform', 'members', 'bots'], [])
        """
        cursor = self.con.execute(_STATUS_SQL)
        columns = [d[0] for d in cursor.description or []]
        return columns, cursor.fetchall()
