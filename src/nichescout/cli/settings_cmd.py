"""``nichescout settings``: every named setting — its default and what it does.

The table is :data:`nichescout.settings.SETTINGS` (STYLE.md E14): the weights, thresholds and
patterns the signals and the scorer read. In the table and CSV a default prints as text
(a string as it is, anything else as JSON); ``--format json`` gives it as a JSON value.

>>> rows = setting_rows()
>>> rows[0]["name"], rows[0]["default"]
('welcome_window_hours', '48.0')
"""

from __future__ import annotations

import json
import sys
from typing import Any

from nichescout.cli.common import DebugOption, FormatOption, handle_errors
from nichescout.cli.output import OutputFormat
from nichescout.settings import SETTINGS

__all__ = ["setting_rows", "settings"]


def _as_json(value: Any) -> Any:
    """A setting's default as plain JSON data (tuples become lists)."""
    return json.loads(json.dumps(value, ensure_ascii=False))


def _as_text(value: Any) -> str:
    """A setting's default as text: a string as it is (patterns stay readable), else JSON."""
    return value if isinstance(value, str) else json.dumps(_as_json(value), ensure_ascii=False)


def setting_rows(*, as_text: bool = True) -> list[dict[str, Any]]:
    """One row per setting, in the table's order: name, default, help."""
    return [
        {
            "name": s.name,
            "default": _as_text(s.default) if as_text else _as_json(s.default),
            "help": s.help,
        }
        for s in SETTINGS.values()
    ]


@handle_errors
def settings(fmt: FormatOption = OutputFormat.table, debug: DebugOption = False) -> None:
    """List every named setting: its name, its default and what it does.

    Signals and the scorer read their weights and thresholds from this table; pass
    overrides as ``settings={...}`` in the library.

    Example: nichescout settings --format csv
    """
    if fmt == OutputFormat.json:
        sys.stdout.write(json.dumps(setting_rows(as_text=False), ensure_ascii=False) + "\n")
        return
    import pandas as pd

    from nichescout.cli.output import emit

    emit(pd.DataFrame(setting_rows()), fmt, title="Settings")
