"""The time window every signal sees: ``since <= created_at < until``, plus recency weights.

A ranking "as of" a date uses nothing that happened after it: every signal filters its
events with :meth:`Window.where` and weights them with :meth:`Window.weight`.

.. math:: w(t) = 2^{-(t_{end} - t) / h}

where ``h`` is the half-life in days (no weighting when it is None).

>>> from datetime import datetime
>>> w = Window(since=datetime(2020, 1, 1), until=datetime(2020, 2, 1))
>>> w.where("i.created_at")
"(i.created_at >= TIMESTAMP '2020-01-01 00:00:00' AND i.created_at < TIMESTAMP '2020-02-01 00:00:00')"
>>> Window().where("created_at")
'TRUE'
>>> Window(until=datetime(2020, 2, 1), half_life_days=7).weight("created_at")
"coalesce(pow(2.0, -greatest(date_diff('second', created_at, TIMESTAMP '2020-02-01 00:00:00'), 0) / 604800.0), 1.0)"
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from nichescout.exceptions import ParameterError

__all__ = ["Window"]


def _literal(value: datetime) -> str:
    return f"TIMESTAMP '{value.isoformat(sep=' ', timespec='seconds')}'"


def _iso(value: datetime) -> str:
    """A date as people write it: ``2018-05-01``, or ``2018-05-01 12:30:00`` with a time."""
    if value.time() == datetime.min.time():
        return value.date().isoformat()
    return value.isoformat(sep=" ", timespec="seconds")


@dataclass(frozen=True)
class Window:
    """Which events count (``since <= t < until``) and how recency weighs them."""

    since: datetime | None = None
    until: datetime | None = None
    half_life_days: float | None = None

    def __post_init__(self) -> None:
        if self.since and self.until and self.since >= self.until:
            raise ParameterError(
                f"The 'since' parameter of Window must be earlier than until "
                f"({_iso(self.until)}). Got {_iso(self.since)} instead."
            )
        if self.half_life_days is not None and self.half_life_days <= 0:
            raise ParameterError.invalid(
                "half_life_days", "Window", "a positive number of days", self.half_life_days
            )

    @staticmethod
    def covering(windows: Iterable[Window]) -> Window:
        """The window from the earliest ``since`` to the latest ``until`` of ``windows``
        (open on a side where one of them is), without a half-life.

        >>> a, b = datetime(2020, 1, 1), datetime(2020, 2, 1)
        >>> Window.covering([Window(a, b), Window(until=a)]) == Window(until=b)
        True
        """
        windows = list(windows)
        sinces = [w.since for w in windows]
        untils = [w.until for w in windows]
        since = None if None in sinces else min(t for t in sinces if t is not None)
        until = None if None in untils else max(t for t in untils if t is not None)
        return Window(since, until)

    @staticmethod
    def latest_reference(windows: Iterable[tuple[Window, datetime | None]]) -> datetime | None:
        """The latest reference time of recency weights among ``windows`` (each a window and
        the reference time used when it has no ``until``): what :meth:`weight_inside`
        writes every window's weight on.

        >>> a, b = datetime(2020, 1, 1), datetime(2020, 2, 1)
        >>> Window.latest_reference([(Window(until=a), None), (Window(), b)]) == b
        True
        """
        references = [w.until or end for w, end in windows]
        return max((r for r in references if r is not None), default=None)

    @property
    def is_open(self) -> bool:
        """True when no bound is set (undated events count too)."""
        return self.since is None and self.until is None

    def where(self, column: str) -> str:
        """SQL condition selecting events of ``column`` inside the window."""
        parts = []
        if self.since is not None:
            parts.append(f"{column} >= {_literal(self.since)}")
        if self.until is not None:
            parts.append(f"{column} < {_literal(self.until)}")
        return "(" + " AND ".join(parts) + ")" if parts else "TRUE"

    def weight(self, column: str, end: datetime | None = None) -> str:
        """SQL expression of the recency weight of an event at ``column`` (1.0 without half-life).

        ``end`` is the reference time when the window has no ``until`` (the last event);
        undated events weigh 1.
        """
        if self.half_life_days is None:
            return "1.0"
        ref = self.until or end
        if ref is None:
            return "1.0"
        seconds = self.half_life_days * 86400.0
        age = f"greatest(date_diff('second', {column}, {_literal(ref)}), 0)"
        return f"coalesce(pow(2.0, -{age} / {seconds}), 1.0)"

    def weight_inside(
        self,
        column: str,
        end: datetime | None,
        inside: str,
        reference: datetime | None = None,
    ) -> str:
        r"""SQL expression of the recency weight of an event at ``column`` where the
        condition ``inside`` holds (for one of several windows a query computes at once),
        else 0.

        With a later ``reference`` (the latest reference time of those windows), the weight
        is written as a constant times the weight at ``reference``,

        .. math:: 2^{-(t_k - t)/h} = 2^{(t_{ref} - t_k)/h} \cdot 2^{-(t_{ref} - t)/h},

        so that every window of one half-life repeats the same power expression, which
        DuckDB then computes once per row instead of once per window. That holds for events
        before the window's own reference time (no clamping of negative ages), so only a
        window that ends at or before it is written so; any other keeps its own power.

        >>> a, b = datetime(2020, 1, 1), datetime(2020, 2, 1)
        >>> print(Window(until=a, half_life_days=1).weight_inside("t", a, "t < 1", b))
        (CASE WHEN t < 1 THEN pow(2.0, date_diff('second', TIMESTAMP '2020-01-01 00:00:00', TIMESTAMP '2020-02-01 00:00:00') / 86400.0) ELSE 0.0 END) * coalesce(pow(2.0, -greatest(date_diff('second', t, TIMESTAMP '2020-02-01 00:00:00'), 0) / 86400.0), 1.0)
        >>> print(Window(half_life_days=1).weight_inside("t", None, "t < 1", b))
        CASE WHEN t < 1 THEN 1.0 ELSE 0.0 END
        """
        own = self.until or end
        shares = (
            self.half_life_days is not None
            and self.until is not None
            and own is not None
            and reference is not None
            and self.until <= own <= reference
        )
        if not shares:
            return f"CASE WHEN {inside} THEN {self.weight(column, end)} ELSE 0.0 END"
        assert own is not None and reference is not None and self.half_life_days is not None
        seconds = self.half_life_days * 86400.0
        factor = (
            f"pow(2.0, date_diff('second', {_literal(own)}, {_literal(reference)}) / {seconds})"
        )
        base = Window(until=reference, half_life_days=self.half_life_days).weight(column)
        return f"(CASE WHEN {inside} THEN {factor} ELSE 0.0 END) * {base}"
