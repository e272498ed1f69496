"""Buffering rows and writing them to DuckDB as Arrow batches, naming the row that is bad.

Importers produce rows one by one (dicts); DuckDB takes them fastest as Arrow tables. A
:class:`RowBuffer` collects rows, each tagged with the file and row it came from (``_file``,
``_row``), and hands a batch to its sink every ``batch_size`` rows. When a value does not fit
its column, the error names the first row that does not.

>>> seen = []
>>> buffer = RowBuffer({"n": "BIGINT"}, seen.append, source="numbers.csv", batch_size=2)
>>> for value in (1, 2, 3):
...     buffer.append({"n": value})
>>> buffer.flush()
>>> [batch.column("n").to_pylist() for batch in seen]
[[1, 2], [3]]
>>> buffer.append({"n": "four"}, line=4)
>>> buffer.flush()
Traceback (most recent call last):
...
nichescout.exceptions.InputError: numbers.csv, row 4: bad value: ...
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pyarrow as pa

from nichescout.exceptions import InputError

__all__ = ["ARROW_TYPES", "RowBuffer", "arrow_schema"]

#: DuckDB column type → Arrow type of the batches.
ARROW_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(),
    "TIMESTAMP": pa.timestamp("us"),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "JSON": pa.string(),
    "VARCHAR[]": pa.list_(pa.string()),
}
_ARROW_ERRORS = (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError)


def arrow_schema(columns: Mapping[str, str]) -> pa.Schema:
    """Arrow schema of ``columns`` (name → DuckDB type) plus ``_file`` and ``_row``."""
    fields = [pa.field(name, ARROW_TYPES[sql]) for name, sql in columns.items()]
    return pa.schema(fields + [pa.field("_file", pa.string()), pa.field("_row", pa.int64())])


class RowBuffer:
    """Rows in, Arrow batches out to ``sink``; ``count`` rows appended so far."""

    def __init__(
        self,
        columns: Mapping[str, str],
        sink: Callable[[pa.Table], None],
        *,
        source: str,
        batch_size: int = 50_000,
    ) -> None:
        self._schema = arrow_schema(columns)
        self._sink = sink
        self._source = source
        self._batch_size = batch_size
        self._rows: list[dict[str, Any]] = []
        self.count = 0

    def append(
        self, row: dict[str, Any], *, file: str | None = None, line: int | None = None
    ) -> None:
        """Add a row; ``file`` and ``line`` say where it came from (default: the source, n)."""
        row["_file"] = file if file is not None else self._source
        row["_row"] = line if line is not None else self.count + 1
        self._rows.append(row)
        self.count += 1
        if len(self._rows) >= self._batch_size:
            self.flush()

    def flush(self) -> None:
        """Hand the buffered rows to the sink as one Arrow table."""
        if not self._rows:
            return
        try:
            batch = pa.Table.from_pylist(self._rows, schema=self._schema)
        except _ARROW_ERRORS as err:
            raise self._explain(err) from err
        self._rows = []
        self._sink(batch)

    def _explain(self, err: Exception) -> InputError:
        """Find the first buffered row Arrow cannot take, for a precise message."""
        for row in self._rows:
            try:
                pa.Table.from_pylist([row], schema=self._schema)
            except _ARROW_ERRORS as row_err:
                return InputError(row["_file"], row["_row"], f"bad value: {row_err}")
        return InputError(self._source, None, str(err))
