"""The accounts form: one row per account, as ``nichescout audit accounts`` reads it.

A CSV file (UTF-8, a header line) with the columns

=======================  ========  ===================================================
column                   required  value
=======================  ========  ===================================================
``handle``               yes       the @-name, without the ``@``
``followers``            yes       a whole number >= 0: accounts that follow it
``following``            yes       a whole number >= 0: accounts it follows
``posts``                yes       a whole number >= 0: posts (tweets, media) it made
``has_profile_picture``  yes       ``true`` or ``false``
``is_private``           yes       ``true`` or ``false``
``full_name``            no        the display name, as text (may be empty)
``bio``                  no        the profile text (may be empty)
``external_url``         no        the link on the profile (may be empty)
``verified``             no        ``true`` or ``false`` (may be empty)
=======================  ========  ===================================================

Other columns are kept as they are and ignored. Booleans also read as ``1``/``0`` and
``yes``/``no``, in any case. A bad value stops the read with an :class:`InputError` that
names the file, the row (the header is row 1, as a spreadsheet numbers them) and the fix.

>>> frame = parse_accounts([{"handle": "ana", "followers": "120", "following": "80",
...     "posts": "14", "has_profile_picture": "true", "is_private": "False"}], "demo.csv")
>>> frame.to_dict("records")
[{'handle': 'ana', 'followers': 120, 'following': 80, 'posts': 14, 'has_profile_picture': True, 'is_private': False}]
>>> parse_accounts([{"handle": "bo", "followers": "many", "following": "1", "posts": "0",
...     "has_profile_picture": "true", "is_private": "false"}], "demo.csv")
Traceback (most recent call last):
...
nichescout.exceptions.InputError: demo.csv, row 2: followers must be a whole number >= 0, got 'many' (account 'bo'); write the count in digits, e.g. 1200.
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

__all__ = [
    "BOOLEANS",
    "COUNTS",
    "OPTIONAL",
    "REQUIRED",
    "TEXTS",
    "form_markdown",
    "parse_accounts",
    "read_accounts",
]

#: The counts of the form: whole numbers >= 0.
COUNTS = ("followers", "following", "posts")
#: The required yes/no columns.
BOOLEANS = ("has_profile_picture", "is_private")
#: Every column an accounts file must have, in order.
REQUIRED = ("handle", *COUNTS, *BOOLEANS)
#: Optional text columns (empty means none).
TEXTS = ("full_name", "bio", "external_url")
#: Every optional column.
OPTIONAL = (*TEXTS, "verified")

_TRUE = {"true", "1", "yes", "t", "y"}
_FALSE = {"false", "0", "no", "f", "n"}


def _count(value: Any, column: str, source: str, row: int, handle: str) -> int:
    text = "" if value is None else str(value).strip()
    number: float | None
    try:
        number = float(text.replace("_", "")) if text else None
    except ValueError:
        number = None
    if number is None or not math.isfinite(number) or number < 0 or number != int(number):
        raise InputError(
            source,
            row,
            f"{column} must be a whole number >= 0, got {text!r} (account {handle!r}); "
            "write the count in digits, e.g. 1200.",
        )
    return int(number)


def _boolean(value: Any, column: str, source: str, row: int, handle: str) -> bool | None:
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text in {"", "nan", "none"} and column not in BOOLEANS:
        return None
    raise InputError(
        source,
        row,
        f"{column} must be true or false, got {str(value if value is not None else '')!r} "
        f"(account {handle!r}); write true or false.",
    )


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def parse_accounts(
    records: Iterable[Mapping[str, Any]],
    source: str | Path = "accounts",
    *,
    columns: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Check the accounts form's rows and return them typed, one row per account.

    ``records`` are the data rows as mappings of column to value (text or already typed);
    ``columns`` the header when known (else the first record's keys). Counts become ``int``,
    booleans ``bool`` (``verified``: ``None`` when empty), texts ``str``. Optional columns
    that are absent stay absent: the model treats what it was not told as unknown.
    """
    import pandas as pd

    rows = list(records)
    header = list(columns) if columns is not None else (list(rows[0]) if rows else [])
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(
            source,
            1,
            f"lacks the column(s) {', '.join(missing)}; an accounts file needs the columns "
            f"{', '.join(REQUIRED)} (optional: {', '.join(OPTIONAL)}).",
        )
    present = [c for c in OPTIONAL if c in header]
    out: dict[str, list[Any]] = {c: [] for c in (*REQUIRED, *present)}
    src = str(source)
    for i, record in enumerate(rows):
        row = i + 2  # the header is row 1
        handle = _text(record.get("handle")).strip().lstrip("@")
        if not handle:
            raise InputError(src, row, "handle is empty; write the account's @-name.")
        out["handle"].append(handle)
        for column in COUNTS:
            out[column].append(_count(record.get(column), column, src, row, handle))
        for column in BOOLEANS:
            out[column].append(_boolean(record.get(column), column, src, row, handle))
        for column in present:
            if column == "verified":
                out[column].append(_boolean(record.get(column), column, src, row, handle))
            else:
                out[column].append(_text(record.get(column)))
    frame = pd.DataFrame(out)
    for column in COUNTS:
        frame[column] = frame[column].astype("int64")
    for column in BOOLEANS:
        frame[column] = frame[column].astype(bool)
    if "verified" in frame:
        frame["verified"] = frame["verified"].astype("boolean")
    for column in (*TEXTS, "handle"):
        if column in frame:
            frame[column] = frame[column].astype(object)
    return frame


def read_accounts(path: str | Path) -> pd.DataFrame:
    """Read and check an accounts CSV file (see the module docstring for its columns)."""
    header, records = read_records(path, kind="accounts", header=REQUIRED)
    return parse_accounts(records, Path(path), columns=header)


#: What each column of the form means (docs/canonical.md shows it).
MEANINGS = {
    "handle": "The @-name, without the `@`.",
    "followers": "Accounts that follow it: a whole number >= 0.",
    "following": "Accounts it follows: a whole number >= 0.",
    "posts": "Posts (media, tweets) it has made: a whole number >= 0.",
    "has_profile_picture": "`true` or `false`.",
    "is_private": "`true` or `false`.",
    "full_name": "The display name (empty: none).",
    "bio": "The profile text (empty: none).",
    "external_url": "The link on the profile (empty: none).",
    "verified": "`true`, `false` or empty.",
}


def form_markdown() -> list[str]:
    """The accounts form as a section of docs/canonical.md (lines of Markdown).

    >>> form_markdown()[0]
    '## The accounts form'
    """
    rows = [
        f"| `{c}` | {'yes' if c in REQUIRED else ''} | {MEANINGS[c]} |"
        for c in (*REQUIRED, *OPTIONAL)
    ]
    return [
        "## The accounts form",
        "",
        "Accounts to audit for fake followers — a creator's followers or commenters, exported "
        "from any platform — are a CSV file (UTF-8, a header line), one row per account, read "
        "by `nichescout audit accounts FILE.csv` and `nichescout.audit.audit_accounts`. It is "
        "not imported into the store.",
        "",
        "| column | required | meaning |",
        "|---|---|---|",
        *rows,
        "",
        "Booleans also read as `1`/`0` and `yes`/`no`, in any case; other columns are ignored. "
        "A bad value stops the read with one line naming the file, the row (the header is row "
        "1) and the fix. Optional columns left out are unknown to the model, not empty.",
        "",
        "```csv",
        "handle,followers,following,posts,has_profile_picture,is_private,bio",
        'maria.ceramics,1840,410,212,true,false,"ceramics, Lisbon"',
        "user83920417,3,2900,0,false,false,",
        "```",
        "",
    ]
