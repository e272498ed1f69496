"""What a value in the canonical tables may be, beyond its type: one set of rules for all.

The loader checks every staged row against these rules before anything is committed, so an
importer gets them for free (:class:`~nichescout.store.loader.ImportSession`); a store
written before the rules existed is searched with :func:`first_bad_value`, so a ranking that
meets bad data names the platform and the import it came from.

- a weight or a count (``interactions.value``, ``members.followers``/``following``,
  ``content.likes``/``comments``/``shares``/``views``: the columns marked ``nonnegative`` in
  :mod:`nichescout.store.schema`) is a finite number >= 0 — ``NaN``, ``inf`` and ``-5`` would
  make every ranking of the platform fail or lie;
- a date (every ``TIMESTAMP`` column) lies between the settings ``import_earliest_date``
  (1990-01-01) and ``import_future_days`` (1) days after now: older dates are missing dates
  written as 0, later ones misread.

>>> from datetime import datetime
>>> bounds = (datetime(1990, 1, 1), datetime(2030, 1, 1))
>>> [(r.table, r.column) for r in rules(bounds)][:3]
[('members', 'joined_at'), ('members', 'followers'), ('members', 'following')]
>>> rules(bounds)[-1].bad
'(value IS NOT NULL AND (NOT isfinite(value) OR value < 0))'
>>> rules(bounds)[-1].message(-5.0)
"value is -5.0: it is the interaction's weight, a finite number >= 0; fix it in the source, or leave it empty for the default weight 1."
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from nichescout import settings
from nichescout.exceptions import ParameterError, StoreError
from nichescout.store.schema import TABLES, Column

if TYPE_CHECKING:
    import duckdb

__all__ = ["Rule", "date_bounds", "first_bad_value", "rules"]


@dataclass(frozen=True)
class Rule:
    """One value rule: ``bad`` is the SQL condition that holds for a row breaking it."""

    table: str
    column: str
    bad: str
    #: What is wrong with a value breaking the rule (no fix, no full stop).
    problem: Callable[[Any], str]
    #: How to fix it in the source file.
    fix: str

    def message(self, value: Any) -> str:
        """The problem and the fix, as an import error says them."""
        return f"{self.problem(value)}; {self.fix}."


def date_bounds(
    overrides: Mapping[str, Any] | None = None, now: datetime | None = None
) -> tuple[datetime, datetime]:
    """The earliest and latest plausible date (naive UTC), from the import settings.

    >>> date_bounds({"import_future_days": 2}, now=datetime(2024, 5, 1))
    (datetime.datetime(1990, 1, 1, 0, 0), datetime.datetime(2024, 5, 3, 0, 0))
    """
    earliest = settings.get("import_earliest_date", overrides)
    try:
        low = datetime.fromisoformat(str(earliest)).replace(tzinfo=None)
    except ValueError as err:
        raise ParameterError.invalid(
            "import_earliest_date", "settings", "an ISO date such as '1990-01-01'", earliest
        ) from err
    days = float(settings.get("import_future_days", overrides))
    if not days >= 0:
        raise ParameterError.invalid("import_future_days", "settings", "a number >= 0", days)
    now = now or datetime.now(UTC).replace(tzinfo=None)
    return low, now + timedelta(days=days)


def _weight_rule(column: Column, table: str) -> Rule:
    if table == "interactions":
        what = "it is the interaction's weight"
        empty = "leave it empty for the default weight 1"
    else:
        what = "it is a count"
        empty = "leave it empty when unknown"
    name = column.name
    finite = f"NOT isfinite({name}) OR " if column.sql == "DOUBLE" else ""
    return Rule(
        table,
        name,
        f"({name} IS NOT NULL AND ({finite}{name} < 0))",
        lambda value: f"{name} is {value!r}: {what}, a finite number >= 0",
        f"fix it in the source, or {empty}",
    )


def _date_rule(column: Column, table: str, low: datetime, high: datetime) -> Rule:
    def problem(value: Any) -> str:
        if isinstance(value, datetime) and value > high:
            why = (
                f"after {high:%Y-%m-%d %H:%M} UTC, tomorrow (setting import_future_days): "
                "a misread date"
            )
        else:
            why = (
                f"before {low:%Y-%m-%d} (setting import_earliest_date): a missing date "
                "written as 0, or a misread one"
            )
        return f"{column.name} {value} is {why}"

    name = column.name
    bad = (
        f"({name} < TIMESTAMP '{low:%Y-%m-%d %H:%M:%S}' "
        f"OR {name} > TIMESTAMP '{high:%Y-%m-%d %H:%M:%S}')"
    )
    fix = "fix it in the source" + ("" if column.required else ", or leave it empty")
    return Rule(table, name, bad, problem, fix)


def rules(bounds: tuple[datetime, datetime]) -> list[Rule]:
    """Every value rule of the canonical tables, in table and column order."""
    low, high = bounds
    out = []
    for table, columns in TABLES.items():
        for column in columns:
            if column.sql == "TIMESTAMP":
                out.append(_date_rule(column, table, low, high))
            elif column.nonnegative:
                out.append(_weight_rule(column, table))
    return out


def first_bad_value(
    con: duckdb.DuckDBPyConnection, platform: str, tables: tuple[str, ...] = tuple(TABLES)
) -> StoreError | None:
    """An error naming the first stored row of ``platform`` that breaks a value rule, the
    import that brought it and the fix; None when the platform's values are all sound.

    Stores written before the rules existed can hold such rows; a ranking that meets one
    raises this instead of failing somewhere deep with no name attached.
    """
    for rule in rules(date_bounds()):
        if rule.table not in tables:
            continue
        row = con.execute(
            f"""SELECT t.{rule.column}, t.import_id, i.format, i.source
                FROM {rule.table} t LEFT JOIN (SELECT DISTINCT import_id, format, source
                                               FROM imports) i USING (import_id)
                WHERE t.platform = ? AND {rule.bad} LIMIT 1""",
            [platform],
        ).fetchone()
        if row is None:
            continue
        value, import_id, fmt, source = row
        came = (
            f"import {import_id} ({fmt} of {source})"
            if fmt is not None
            else f"import {import_id}, no longer listed"
        )
        return StoreError(
            f"Platform {platform!r} holds bad data, brought by {came}: "
            f"{rule.table}.{rule.problem(value)}. Remove that import with "
            f"`nichescout forget {import_id} --db FILE`, fix the file and import it again "
            "(importers now refuse such values)."
        )
    return None
