"""Store stage: the canonical DuckDB tables, their migrations and the transactional loader.

Names load on first use: :class:`Store` brings DuckDB, the loader brings PyArrow, so a command
that only prints its help loads neither (tests/cli/test_lazy_imports.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nichescout.store.loader import ImportReport, ImportSession
    from nichescout.store.store import Store

__all__ = ["DEFAULT_DB", "ImportReport", "ImportSession", "Store"]

#: The file the CLI uses when ``--db`` is not given.
DEFAULT_DB = "nichescout.duckdb"

_LAZY = {
    "Store": "nichescout.store.store",
    "ImportReport": "nichescout.store.loader",
    "ImportSession": "nichescout.store.loader",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
