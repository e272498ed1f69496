"""A temporary DuckDB table that an importer fills with a source's raw rows, batch by batch.

Importers whose sources refer across files (a vote names a post, a post its owner) load the
raw rows first and map them to canonical rows in SQL, where joins are cheap. The table lives
inside the import's transaction, so it disappears on rollback.

>>> import duckdb
>>> con = duckdb.connect()
>>> raw = RawTable(con, "_raw_users", {"Id": "BIGINT", "Name": "VARCHAR"})
>>> raw.append({"Id": 1, "Name": "Ann"}, file="Users.xml", line=1)
>>> raw.flush()
>>> con.execute("SELECT Id, Name, _file, _row FROM _raw_users").fetchall()
[(1, 'Ann', 'Users.xml', 1)]
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from nichescout.store.batches import RowBuffer

__all__ = ["RawTable"]


class RawTable(RowBuffer):
    """A temp table ``name`` with ``columns`` (name → DuckDB type) plus ``_file`` and ``_row``."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        name: str,
        columns: dict[str, str],
        batch_size: int = 20_000,
    ) -> None:
        self.con = con
        self.name = name
        self.columns = dict(columns)
        super().__init__(self.columns, self._insert, source=name, batch_size=batch_size)
        cols = ", ".join(f'"{c}" {t}' for c, t in self.columns.items())
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({cols}, _file VARCHAR, _row BIGINT)")

    def _insert(self, batch: pa.Table) -> None:
        self.con.register("_raw_batch", batch)
        try:
            self.con.execute(f"INSERT INTO {self.name} BY NAME SELECT * FROM _raw_batch")
        finally:
            self.con.unregister("_raw_batch")

    def drop(self) -> None:
        self.con.execute(f"DROP TABLE IF EXISTS {self.name}")
