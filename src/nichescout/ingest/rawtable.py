"""A temporary DuckDB table that an importer fills with a source's raw rows, batch by batch.

Importers whose sources refer across files (a vote names a post, a post its owner) load the
raw rows first and map them to canonical rows in SQL, where joins are cheap. The table lives
inside the import's transaction, so it disappears on rollback.

>>> import duckdb
>>> con = duckdb.connect()
>>> raw = RawTable(con, "_raw_users", {"Id": "BIGINT", "Name": "VARCHAR"})
>>> raw.append({"Id": 1, "Name": "Ann"}, "Users.xml", 1)
>>> raw.flush()
>>> con.execute("SELECT Id, Name, _file, _row FROM _raw_users").fetchall()
[(1, 'Ann', 'Users.xml', 1)]
"""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa

from nichescout.exceptions import InputError

__all__ = ["RawTable"]

_ARROW = {
    "VARCHAR": pa.string(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "TIMESTAMP": pa.timestamp("us"),
    "VARCHAR[]": pa.list_(pa.string()),
}


class RawTable:
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
        self.batch_size = batch_size
        self.count = 0
        self._rows: list[dict[str, Any]] = []
        self._schema = pa.schema(
            [pa.field(c, _ARROW[t]) for c, t in self.columns.items()]
            + [pa.field("_file", pa.string()), pa.field("_row", pa.int64())]
        )
        cols = ", ".join(f'"{c}" {t}' for c, t in self.columns.items())
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({cols}, _file VARCHAR, _row BIGINT)")

    def append(self, row: dict[str, Any], file: str, line: int) -> None:
        row["_file"] = file
        row["_row"] = line
        self._rows.append(row)
        self.count += 1
        if len(self._rows) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self._rows:
            return
        try:
            batch = pa.Table.from_pylist(self._rows, schema=self._schema)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as err:
            first = self._rows[0]
            raise InputError(
                first["_file"], None, f"a value does not fit its column: {err}"
            ) from err
        self._rows = []
        self.con.register("_raw_batch", batch)
        try:
            self.con.execute(f"INSERT INTO {self.name} BY NAME SELECT * FROM _raw_batch")
        finally:
            self.con.unregister("_raw_batch")

    def drop(self) -> None:
        self.con.execute(f"DROP TABLE IF EXISTS {self.name}")
