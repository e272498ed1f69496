"""Printing results: one table as a Rich table, CSV or JSON, and nothing else on stdout.

A table is a pandas DataFrame or, where a command should start without pandas (``status``),
:class:`Rows`: column names and plain tuples. Both print the same way.

>>> import pandas as pd
>>> render(pd.DataFrame({"member_id": ["7"], "score": [0.5]}), "csv")
'member_id,score\\n7,0.5\\n'
>>> render(pd.DataFrame({"member_id": ["7"], "score": [0.5]}), "json")
'[{"member_id":"7","score":0.5}]'
>>> render(Rows(["member_id", "score"], [("7", 0.5)]), "json")
'[{"member_id":"7","score":0.5}]'
"""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:  # pandas loads only when a command hands over a DataFrame
    import pandas as pd

__all__ = ["OutputFormat", "Rows", "emit", "render"]


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


@dataclass(frozen=True)
class Rows:
    """A small table without pandas: column names and one tuple of plain values per row."""

    columns: Sequence[str]
    rows: Sequence[tuple[Any, ...]]


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):  # as pandas writes it with date_format="iso"
        return value.isoformat(timespec="milliseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def render(frame: pd.DataFrame | Rows, fmt: str) -> str:
    """The text of ``frame`` in ``fmt`` (csv and json carry the same columns)."""
    if isinstance(frame, Rows):
        if fmt == OutputFormat.csv:
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(frame.columns)
            writer.writerows(["" if v is None else v for v in row] for row in frame.rows)
            return buffer.getvalue()
        if fmt == OutputFormat.json:
            records = [
                {c: _json_value(v) for c, v in zip(frame.columns, row, strict=True)}
                for row in frame.rows
            ]
            return json.dumps(records, ensure_ascii=False, separators=(",", ":"))
    elif fmt == OutputFormat.csv:
        return str(frame.to_csv(index=False))
    elif fmt == OutputFormat.json:
        return frame.to_json(orient="records", date_format="iso", force_ascii=False) or "[]"
    raise ValueError(f"render() makes csv or json, not {fmt!r}; tables are printed by emit().")


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if type(value).__name__ == "NaTType":  # pandas' missing time, without importing pandas
        return ""
    if isinstance(value, datetime):  # pandas' Timestamp too: ISO, to the second
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def _columns(frame: pd.DataFrame | Rows) -> list[tuple[str, bool]]:
    """Each column's name and whether it is numeric (numbers align right)."""
    if isinstance(frame, Rows):
        out = []
        for i, name in enumerate(frame.columns):
            values = [row[i] for row in frame.rows if row[i] is not None]
            numeric = bool(values) and all(
                isinstance(v, int | float) and not isinstance(v, bool) for v in values
            )
            out.append((str(name), numeric))
        return out
    import pandas as pd

    return [(str(c), bool(pd.api.types.is_numeric_dtype(frame[c]))) for c in frame.columns]


def _rows(frame: pd.DataFrame | Rows) -> Sequence[tuple[Any, ...]]:
    if isinstance(frame, Rows):
        return frame.rows
    return list(frame.itertuples(index=False))


def emit(frame: pd.DataFrame | Rows, fmt: str, *, title: str | None = None) -> None:
    """Print ``frame`` to standard output in ``fmt``."""
    if fmt == OutputFormat.table:
        table = Table(title=title, show_lines=False)
        for name, numeric in _columns(frame):
            table.add_column(name, justify="right" if numeric else "left")
        for row in _rows(frame):
            table.add_row(*(_cell(v) for v in row))
        console = Console()
        if not console.is_terminal:
            console = Console(width=200)  # piped to a file or pager: do not squeeze to 80
        console.print(table)
    else:
        text = render(frame, fmt)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
