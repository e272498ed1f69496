"""Where long work reports how far it got: imports, scoring, evaluation.

The library only calls a hook; presenters draw it (the CLI as a Rich progress bar, see
:mod:`nichescout.cli.progress`). The default hook shows nothing.

>>> hook = NullProgress()
>>> hook.start("scoring", 12); hook.advance(1)
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["NullProgress", "Progress"]


class Progress(Protocol):
    """A stage starts with a description and a total (bytes, steps, or None), then advances."""

    def start(self, description: str, total: int | None) -> None: ...

    def advance(self, amount: int) -> None: ...


class NullProgress:
    """A progress hook that shows nothing (the library default)."""

    def start(self, description: str, total: int | None) -> None:
        pass

    def advance(self, amount: int) -> None:
        pass
