"""Store stage: the canonical DuckDB tables, their migrations and the transactional loader."""

from nichescout.store.loader import ImportReport, ImportSession
from nichescout.store.store import DEFAULT_DB, Store

__all__ = ["DEFAULT_DB", "ImportReport", "ImportSession", "Store"]
