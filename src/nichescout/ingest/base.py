"""What every importer shares: the progress hook and the small parsers of source values.

An importer is a function ``import_<format>(store, path, *, platform=None, progress=None)``
returning an :class:`~nichescout.store.ImportReport`; it streams the source through an
:class:`~nichescout.store.ImportSession`, so a failure leaves the store unchanged.

>>> parse_timestamp("2018-03-12T17:00:45.567", "Posts.xml", 1)
datetime.datetime(2018, 3, 12, 17, 0, 45, 567000)
>>> parse_timestamp("2018-13-01", "Posts.xml", 812)
Traceback (most recent call last):
...
nichescout.exceptions.InputError: Posts.xml, row 812: '2018-13-01' is not an ISO date and time (expected like 2018-03-12T17:00:45.567).
>>> from_unix("1341100972")
datetime.datetime(2012, 7, 1, 0, 2, 52)
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from nichescout.exceptions import InputError
from nichescout.progress import NullProgress, Progress

__all__ = ["NullProgress", "Progress", "from_unix", "parse_int", "parse_timestamp"]


def parse_timestamp(value: str, source: str | Path, row: int | str | None) -> datetime:
    """Parse an ISO 8601 date-time into a naive UTC ``datetime``, or name the bad row."""
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError) as err:
        raise InputError(
            source,
            row,
            f"{value!r} is not an ISO date and time (expected like 2018-03-12T17:00:45.567).",
        ) from err
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def from_unix(value: str | float | int) -> datetime:
    """Seconds since 1970 (Slack ``ts``, Twitter times) as a naive UTC ``datetime``."""
    return datetime.fromtimestamp(float(value), UTC).replace(tzinfo=None)


def parse_int(value: str | None, source: str | Path, row: int | str, name: str) -> int | None:
    """An integer field, or None when absent; a clear error when it is not an integer.

    >>> parse_int("42", "Users.xml", 3, "Reputation")
    42
    >>> parse_int("4x", "Users.xml", 3, "Reputation")
    Traceback (most recent call last):
    ...
    nichescout.exceptions.InputError: Users.xml, row 3: Reputation is not an integer: '4x'.
    """
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError as err:
        raise InputError(source, row, f"{name} is not an integer: {value!r}.") from err
