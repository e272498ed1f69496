"""The one exception tree of nichescout.

Every error the library raises on purpose is a :class:`NicheScoutError`, so a caller
can catch them all in one place (the CLI does, and prints the message as one sentence)::

    NicheScoutError
    ├── InputError            bad input data: names the file, the row or element, and the fix
    │   └── ReferenceError_   a row refers to a member or content that exists nowhere
    ├── ParameterError        a function or estimator got a parameter outside its domain
    ├── StoreError            the DuckDB store cannot be opened, migrated or queried as asked
    │   └── NotFoundError     a member, platform or table asked for is not in the store
    ├── NotFittedError        a fitted attribute was read before ``fit`` was called
    └── ModelError            a shipped fitted model is missing or was fitted by another version

Messages follow one shape (STYLE.md E2, E12)::

    >>> raise InputError("Posts.xml", 812, "CreationDate is not an ISO date: '2018-13-01'")
    Traceback (most recent call last):
    ...
    nichescout.exceptions.InputError: Posts.xml, row 812: CreationDate is not an ISO date: '2018-13-01'
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "InputError",
    "ModelError",
    "NicheScoutError",
    "NotFittedError",
    "NotFoundError",
    "ParameterError",
    "ReferenceError_",
    "StoreError",
]


class NicheScoutError(Exception):
    """Base class of every error nichescout raises on purpose."""


class InputError(NicheScoutError):
    """Input data that cannot be imported as it is.

    Parameters
    ----------
    source:
        The file (or folder) that holds the bad input.
    row:
        Where in the file: a 1-based row number (shown as ``row N``), a description such as
        ``"line 7"`` or ``"message 3"`` (shown as it is), or ``None`` for the file as a whole.
    problem:
        What is wrong, and when it is not obvious, how to fix it.
    """

    def __init__(self, source: str | Path, row: int | str | None, problem: str) -> None:
        self.source = str(source)
        self.row = row
        self.problem = problem
        if row is None:
            where = self.source
        elif isinstance(row, int):
            where = f"{self.source}, row {row}"
        else:
            where = f"{self.source}, {row}"
        super().__init__(f"{where}: {problem}")


class ReferenceError_(InputError):  # noqa: N801 - the builtin name is taken
    """A row refers to a member or a piece of content found neither in the input nor the store."""


class ParameterError(NicheScoutError, ValueError):
    """A parameter outside its domain, in one shape (STYLE.md E2).

    >>> ParameterError.invalid("damping", "InfluenceRank", "a float in [0, 1)", 1.5)
    ParameterError("The 'damping' parameter of InfluenceRank must be a float in [0, 1). Got 1.5 instead.")
    """

    @classmethod
    def invalid(cls, name: str, owner: str, expected: str, got: object) -> ParameterError:
        return cls(f"The {name!r} parameter of {owner} must be {expected}. Got {got!r} instead.")


class StoreError(NicheScoutError):
    """The store cannot be opened, migrated or queried as asked."""


class NotFoundError(StoreError, LookupError):
    """A member, platform or table that was asked for is not in the store."""


class NotFittedError(NicheScoutError, AttributeError):
    """A fitted attribute (ending in ``_``) was read before ``fit`` was called."""


class ModelError(NicheScoutError):
    """A shipped fitted model is missing, holds untrusted types, or was fitted by another
    scikit-learn version; the message says how to rebuild it."""
