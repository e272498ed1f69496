"""The posts form: one row per post, as ``nichescout audit disclosure`` reads it.

A CSV file (UTF-8, a header line) with the columns

=============  ========  ==============================================================
column         required  value
=============  ========  ==============================================================
``post_id``    yes       the platform's id of the post (any text, not empty)
``caption``    yes       the caption or description (may be empty; line breaks quoted)
``language``   no        the caption's language, ISO 639-1 (``de``, ``pt-BR``) or its
                         name; empty: detected from the caption
``creator``    no        the creator's handle, for the per-creator summary
``handle``     no        read as ``creator`` when there is no ``creator`` column
=============  ========  ==============================================================

Other columns are kept out. A bad file or row stops the read with an :class:`InputError` that
names the file, the row (the header is row 1) and the fix.

>>> parse_posts([{"post_id": "p1", "caption": "#ad new shoes", "handle": "@ana"}], "demo.csv")
  post_id        caption creator
0      p1  #ad new shoes     ana
>>> parse_posts([{"post_id": "p1", "text": "hi"}], "demo.csv")
Traceback (most recent call last):
...
nichescout.exceptions.InputError: demo.csv, row 1: lacks the column(s) caption; a posts file needs the columns post_id, caption (optional: language, and creator or handle).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nichescout.audit.csvfile import read_records
from nichescout.exceptions import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["OPTIONAL", "REQUIRED", "parse_posts", "read_posts"]

#: Every column a posts file must have, in order.
REQUIRED = ("post_id", "caption")
#: The optional columns (``handle`` stands for ``creator`` when that is absent).
OPTIONAL = ("language", "creator", "handle")


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an id pandas read as a float
    return str(value)


def parse_posts(
    records: Iterable[Mapping[str, Any]],
    source: str | Path = "posts",
    *,
    columns: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Check the posts form's rows and return them as text: ``post_id``, ``caption``, and
    ``language`` and ``creator`` when the file has them (``creator`` without its ``@``)."""
    import pandas as pd

    rows = list(records)
    header = list(columns) if columns is not None else (list(rows[0]) if rows else [])
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(
            source,
            1,
            f"lacks the column(s) {', '.join(missing)}; a posts file needs the columns "
            f"{', '.join(REQUIRED)} (optional: language, and creator or handle).",
        )
    creator = "creator" if "creator" in header else "handle" if "handle" in header else None
    out: dict[str, list[Any]] = {"post_id": [], "caption": []}
    if "language" in header:
        out["language"] = []
    if creator:
        out["creator"] = []
    for i, record in enumerate(rows):
        row = i + 2  # the header is row 1
        post_id = _text(record.get("post_id")).strip()
        if not post_id:
            raise InputError(source, row, "post_id is empty; give each post the id it has.")
        out["post_id"].append(post_id)
        out["caption"].append(_text(record.get("caption")))
        if "language" in out:
            out["language"].append(_text(record.get("language")).strip() or None)
        if creator:
            out["creator"].append(_text(record.get(creator)).strip().lstrip("@"))
    return pd.DataFrame(out, dtype=object)


def read_posts(path: str | Path) -> pd.DataFrame:
    """Read and check a posts CSV file (see the module docstring for its columns)."""
    header, records = read_records(path, kind="posts", header=REQUIRED)
    return parse_posts(records, Path(path), columns=header)


def form_markdown() -> list[str]:
    """The posts form as a section of docs/canonical.md (lines of Markdown).

    >>> form_markdown()[0]
    '## The posts form'
    """
    return [
        "## The posts form",
        "",
        "Posts to audit for sponsorship disclosure — a creator's captions or descriptions, "
        "exported from any platform — are a CSV file (UTF-8, a header line), one row per post, "
        "read by `nichescout audit disclosure FILE.csv` and "
        "`nichescout.audit.audit_disclosure`. It is not imported into the store.",
        "",
        "| column | required | meaning |",
        "|---|---|---|",
        "| `post_id` | yes | The platform's id of the post (any text, not empty). |",
        "| `caption` | yes | The caption or description; quote it when it holds commas or "
        "line breaks. |",
        "| `language` | | The caption's language: ISO 639-1 (`de`, `pt-BR`) or its name; "
        "empty: guessed from the caption. |",
        "| `creator` | | The creator's handle, for the per-creator summary. |",
        "| `handle` | | Read as `creator` when there is no `creator` column. |",
        "",
        "Other columns are ignored. A bad file or row stops the read with one line naming the "
        "file, the row (the header is row 1) and the fix.",
        "",
        "```csv",
        "post_id,caption,language,creator",
        'p1,"#ad | My serum from @glow, code SAM15 for 15% off",en,glowwithsam',
        'p2,"Sunrise hike #adventure",en,glowwithsam',
        "```",
        "",
    ]
