"""Ingest stage: one importer module per source format, all writing the canonical tables.

>>> sorted(IMPORTERS)
['canonical', 'creators', 'discord', 'discourse', 'github', 'graph', 'reddit', 'slack', 'stackexchange', 'telegram']
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nichescout.exceptions import ParameterError

if TYPE_CHECKING:
    from nichescout.store import ImportReport, Store

__all__ = ["IMPORTERS", "ingest"]

#: format name → (module, function). Modules load lazily so the CLI starts fast.
IMPORTERS: dict[str, tuple[str, str]] = {
    "stackexchange": ("nichescout.ingest.stackexchange", "import_stackexchange"),
    "slack": ("nichescout.ingest.slack", "import_slack"),
    "graph": ("nichescout.ingest.graph", "import_graph"),
    "canonical": ("nichescout.ingest.canonical", "import_canonical"),
    "discourse": ("nichescout.ingest.discourse", "import_discourse"),
    "reddit": ("nichescout.ingest.reddit", "import_reddit"),
    "discord": ("nichescout.ingest.discord", "import_discord"),
    "github": ("nichescout.ingest.github", "import_github"),
    "telegram": ("nichescout.ingest.telegram", "import_telegram"),
    "creators": ("nichescout.ingest.creators", "import_creators"),
}


def ingest(store: Store, format: str, path: str | Path, **options: Any) -> ImportReport:
    """Import ``path`` in ``format`` into ``store`` (one transaction) and report what changed."""
    if format not in IMPORTERS:
        raise ParameterError.invalid("format", "ingest", f"one of {sorted(IMPORTERS)}", format)
    module, name = IMPORTERS[format]
    importer: Callable[..., ImportReport] = getattr(import_module(module), name)
    return importer(store, path, **options)
