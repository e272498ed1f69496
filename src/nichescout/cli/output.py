"""Printing results: one DataFrame as a Rich table, CSV or JSON, and nothing else on stdout.

>>> import pandas as pd
>>> render(pd.DataFrame({"member_id": ["7"], "score": [0.5]}), "csv")
'member_id,score\\n7,0.5\\n'
>>> render(pd.DataFrame({"member_id": ["7"], "score": [0.5]}), "json")
'[{"member_id":"7","score":0.5}]'
"""

from __future__ import annotations

import sys
from enum import StrEnum

import pandas as pd
from rich.console import Console
from rich.table import Table

__all__ = ["OutputFormat", "emit", "render"]


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def render(frame: pd.DataFrame, fmt: str) -> str:
    """The text of ``frame`` in ``fmt`` (csv and json carry the same columns)."""
    if fmt == OutputFormat.csv:
        return frame.to_csv(index=False)
    if fmt == OutputFormat.json:
        return frame.to_json(orient="records", date_format="iso", force_ascii=False) or "[]"
    raise ValueError(f"render() makes csv or json, not {fmt!r}; tables are printed by emit().")


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def emit(frame: pd.DataFrame, fmt: str, *, title: str | None = None) -> None:
    """Print ``frame`` to standard output in ``fmt``."""
    if fmt == OutputFormat.table:
        table = Table(title=title, show_lines=False)
        for column in frame.columns:
            numeric = pd.api.types.is_numeric_dtype(frame[column])
            table.add_column(str(column), justify="right" if numeric else "left")
        for row in frame.itertuples(index=False):
            table.add_row(*(_cell(v) for v in row))
        console = Console()
        if not console.is_terminal:
            console = Console(width=200)  # piped to a file or pager: do not squeeze to 80
        console.print(table)
    else:
        text = render(frame, fmt)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
