"""Where a generated page goes: one function for every ``python -m …`` page generator.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_page("# Title\\n", folder / "docs" / "page.md")
>>> (folder / "docs" / "page.md").read_text(encoding="utf-8")
'# Title\\n'
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["write_page"]


def write_page(text: str, out: str | Path) -> None:
    """``text`` to standard output when ``out`` is ``"-"``; else to the file ``out`` (its
    folder made if missing), saying ``Wrote …`` on standard error."""
    if str(out) == "-":
        sys.stdout.write(text)
        return
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(text, encoding="utf-8")
    print(f"Wrote {out}", file=sys.stderr)
