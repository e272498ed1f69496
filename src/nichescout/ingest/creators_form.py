"""The creators form: profiles, posts and comments of creators, as ``ingest creators`` reads them.

Three files (CSV with a header line, or JSON Lines), each optional, in one folder:

- ``profiles`` — one row per creator account (:data:`PROFILE_COLUMNS`);
- ``posts`` — one row per post (:data:`POST_COLUMNS`);
- ``comments`` — one row per comment on a post (:data:`COMMENT_COLUMNS`).

This module holds the columns, what each means (docs/canonical.md shows them, from
:func:`form_markdown`), and the parsers of their values, which name the file, the line and
the fix when a value is wrong:

>>> count("12.5K", "followers", "profiles.csv", 3)
12500
>>> count("-4", "followers", "profiles.csv", 3)
Traceback (most recent call last):
...
nichescout.exceptions.InputError: profiles.csv, line 3: followers must be a whole number >= 0, got '-4'; write it in digits (1200, or 1.2K).
>>> boolean("Yes", "verified", "profiles.csv", 3), boolean("", "verified", "profiles.csv", 3)
(True, None)
>>> names("#Gym #fitTok, vegan", hashtag=True), names('["@Ana.B", "bo"]')
(['gym', 'fittok', 'vegan'], ['ana.b', 'bo'])
>>> timestamp("1700000000", "posts.csv", 2), timestamp("2024-03-01T10:00:00+01:00", "posts.csv", 2)
(datetime.datetime(2023, 11, 14, 22, 13, 20), datetime.datetime(2024, 3, 1, 9, 0))
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from nichescout.exceptions import InputError
from nichescout.ingest.base import from_unix, parse_timestamp

__all__ = [
    "COMMENT_COLUMNS",
    "FILES",
    "POST_COLUMNS",
    "PROFILE_COLUMNS",
    "FormColumn",
    "boolean",
    "count",
    "csv_records",
    "form_markdown",
    "handle_of",
    "names",
    "text",
    "timestamp",
]


@dataclass(frozen=True)
class FormColumn:
    """One column of a creators file: its name, whether every row needs it, its meaning."""

    name: str
    required: bool
    meaning: str


PROFILE_COLUMNS: tuple[FormColumn, ...] = (
    FormColumn("handle", True, "The @-name (a leading `@` is dropped); the creator's id."),
    FormColumn(
        "platform",
        True,
        "Where the account is: `instagram`, `tiktok`, `youtube`, any short name; may be "
        "left out when the import is given `--platform`.",
    ),
    FormColumn("followers", False, "Followers: a whole number >= 0 (`12500`, `12.5K`)."),
    FormColumn("following", False, "Accounts it follows: a whole number >= 0."),
    FormColumn("posts", False, "Posts the profile says it has: a whole number >= 0."),
    FormColumn("bio", False, "The profile text."),
    FormColumn("full_name", False, "The display name."),
    FormColumn("external_url", False, "The link on the profile."),
    FormColumn("private", False, "`true` or `false` (`is_private` is read too)."),
    FormColumn("verified", False, "`true` or `false`."),
    FormColumn(
        "profile_picture",
        False,
        "The picture's address, or `true`/`false` whether there is one "
        "(`has_profile_picture` is read too).",
    ),
    FormColumn("joined", False, "When the account was made: ISO 8601 or seconds since 1970."),
    FormColumn("language", False, "Main language, ISO 639-1 (`de`, `pt-BR`)."),
    FormColumn("country", False, "Country (ISO 3166 alpha-2) or a place."),
    FormColumn(
        "niche",
        False,
        "The creator's niche (`fitness`, `beauty`…), when known: engagement percentiles are "
        "then taken within it.",
    ),
)

POST_COLUMNS: tuple[FormColumn, ...] = (
    FormColumn("post_id", True, "The platform's id of the post; unique per platform."),
    FormColumn("handle", True, "The creator who posted it (a handle of the profiles)."),
    FormColumn(
        "created",
        True,
        "When it was posted: ISO 8601 (UTC, or with an offset) or seconds since 1970.",
    ),
    FormColumn("caption", False, "The caption or description."),
    FormColumn(
        "hashtags",
        False,
        "Its hashtags: a JSON array, or words separated by spaces or commas (`#` optional); "
        "empty: the caption's own `#tags`.",
    ),
    FormColumn(
        "mentions",
        False,
        "Accounts it tags: a JSON array, or handles separated by spaces or commas; empty: the "
        "caption's `@names`.",
    ),
    FormColumn("media_type", False, "`image`, `video`, `carousel`, `reel`… as the platform says."),
    FormColumn("likes", False, "Likes counted by the platform: a whole number >= 0."),
    FormColumn("comments", False, "Comments counted by the platform: a whole number >= 0."),
    FormColumn("shares", False, "Shares counted by the platform: a whole number >= 0."),
    FormColumn("views", False, "Views or plays counted (videos): a whole number >= 0."),
    FormColumn(
        "paid_partnership",
        False,
        "`true` when the platform shows its paid-partnership label on the post.",
    ),
    FormColumn(
        "platform",
        False,
        "Needed only when the same handle is a creator on several platforms.",
    ),
)

COMMENT_COLUMNS: tuple[FormColumn, ...] = (
    FormColumn(
        "comment_id",
        False,
        "The platform's id of the comment; when left out, one is made from the post, "
        "author and time.",
    ),
    FormColumn("post_id", True, "The post it is under (of the posts, or already in the store)."),
    FormColumn("author", True, "The commenter's handle."),
    FormColumn("text", False, "What the comment says."),
    FormColumn("created", True, "When it was written: ISO 8601 or seconds since 1970."),
    FormColumn(
        "reply_to",
        False,
        "The comment_id of the comment it answers, for a reply in a comment thread.",
    ),
    FormColumn("platform", False, "Needed only when post ids repeat across platforms."),
)

#: file stem → its columns.
FILES: dict[str, tuple[FormColumn, ...]] = {
    "profiles": PROFILE_COLUMNS,
    "posts": POST_COLUMNS,
    "comments": COMMENT_COLUMNS,
}

_TRUE = {"true", "1", "yes", "t", "y"}
_FALSE = {"false", "0", "no", "f", "n"}
_SCALE = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}
_SPLIT = re.compile(r"[\s,;]+")


def _where(line: int | str) -> str:
    return line if isinstance(line, str) else f"line {line}"


def text(value: Any) -> str | None:
    """A text field: None when absent or empty; numbers as their digits."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    out = str(value)
    return out if out.strip() else None


def handle_of(value: Any) -> str | None:
    """A handle as written, without spaces or a leading ``@`` (None when empty).

    >>> handle_of(" @Lena.Lifts ")
    'Lena.Lifts'
    """
    raw = text(value)
    if raw is None:
        return None
    return raw.strip().lstrip("@").strip() or None


def count(value: Any, name: str, source: str | Path, line: int | str) -> int | None:
    """A count >= 0 (``1200``, ``1,200``, ``1.2K``, ``3M``, ``12.0``), None when empty."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    number: float | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int | float):
        number = float(value)
    else:
        raw = str(value).strip().replace(",", "").replace("_", "").lower()
        if not raw:
            return None
        scale = 1
        if raw[-1:] in _SCALE:
            scale, raw = _SCALE[raw[-1]], raw[:-1]
        try:
            number = float(raw) * scale
        except ValueError:
            number = None
        if number is not None and scale > 1:
            number = float(round(number))
    if number is None or not math.isfinite(number) or number < 0 or not number.is_integer():
        raise InputError(
            source,
            _where(line),
            f"{name} must be a whole number >= 0, got {value!r}; write it in digits "
            "(1200, or 1.2K).",
        )
    return int(number)


def boolean(value: Any, name: str, source: str | Path, line: int | str) -> bool | None:
    """``true``/``false`` (also ``1``/``0``, ``yes``/``no``), None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    raw = str(value).strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    if not raw:
        return None
    raise InputError(source, _where(line), f"{name} must be true or false, got {value!r}.")


def timestamp(value: Any, source: str | Path, line: int | str, name: str = "created") -> datetime:
    """A time: ISO 8601 text (an offset is converted to UTC) or seconds since 1970
    (milliseconds when the number is that large); naive UTC."""
    if value is None or value == "" or isinstance(value, bool):
        raise InputError(
            source, _where(line), f"{name} is missing; write when, like 2024-03-01T10:00:00."
        )
    seconds: float | None = None
    if isinstance(value, int | float):
        seconds = float(value)
    elif re.fullmatch(r"\s*\d{9,13}(\.\d+)?\s*", str(value)):
        seconds = float(value)
    if seconds is not None:
        if seconds > 1e11:  # milliseconds since 1970
            seconds /= 1000.0
        try:
            return from_unix(seconds)
        except (OverflowError, OSError, ValueError) as err:
            raise InputError(source, _where(line), f"{name} is not a time: {value!r}.") from err
    try:
        return parse_timestamp(str(value).strip(), source, _where(line))
    except InputError as err:
        raise InputError(
            source,
            _where(line),
            f"{name} is not a date and time: {value!r}; write ISO 8601 (2024-03-01T10:00:00, "
            "UTC unless it has an offset) or seconds since 1970.",
        ) from err


def names(value: Any, *, hashtag: bool = False, lower: bool = True) -> list[str]:
    """Hashtags or handles, lower case (unless not ``lower``), without ``#``/``@``, in order,
    each once: from a JSON array (or a list), or text split on spaces, commas and
    semicolons."""
    if value is None:
        return []
    items: list[Any]
    if isinstance(value, list | tuple):
        items = list(value)
    else:
        raw = str(value).strip()
        if raw.startswith("["):
            try:
                parsed = json.loads(raw)
            except json.JSONDecodeError:
                parsed = None
            items = parsed if isinstance(parsed, list) else _SPLIT.split(raw.strip("[]"))
        else:
            items = _SPLIT.split(raw)
    out = []
    for item in items:
        name = str(item).strip().strip("\"'").lstrip("#" if hashtag else "@").strip()
        if name:
            out.append(name.lower() if lower else name)
    return list(dict.fromkeys(out))


def csv_records(
    path: Path,
    label: str,
    advance: Callable[[int], None] | None = None,
    *,
    required: tuple[str, ...] = (),
    form: str = "creators",
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, record) for each row of a UTF-8 CSV file with a header line (line 1), read as
    a stream; a row's line is the one it starts on. ``required`` columns must be in the
    header. A row with more or fewer fields than the header, a header naming a column twice,
    text that is not UTF-8 and an empty file each raise an :class:`InputError` naming the
    file and the line. ``advance(n)`` is told the bytes read, as they are read.
    """
    raw = path.open("rb")
    stream = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    reader = csv.reader(stream)
    line = 1
    done = 0
    try:
        header = next(reader, None)
        if not header:
            raise InputError(label, None, f"is empty; a {form} CSV file starts with a header line.")
        columns = [name.strip() for name in header]
        twice = sorted({c for c in columns if columns.count(c) > 1 and c})
        if twice:
            raise InputError(label, "line 1", f"the header names {twice[0]!r} twice.")
        missing = [c for c in required if c not in columns]
        if missing:
            raise InputError(
                label,
                "line 1",
                f"the header lacks the column(s) {', '.join(missing)}; a {form} file needs "
                f"{', '.join(required)} (docs/canonical.md, the creators form).",
            )
        end = reader.line_num
        for row in reader:
            line, end = end + 1, reader.line_num
            if advance is not None and line % 2_000 == 0:
                advance(raw.tell() - done)
                done = raw.tell()
            if not row:
                continue  # a blank line
            if len(row) != len(columns):
                raise InputError(
                    label,
                    f"line {line}",
                    f"has {len(row)} fields, the header {len(columns)}; quote values that "
                    "hold a comma or a line break.",
                )
            yield line, dict(zip(columns, row, strict=True))
    except UnicodeDecodeError as err:
        raise InputError(
            label, f"line {line}", f"is not UTF-8 text ({err.reason}); save it as UTF-8."
        ) from err
    except csv.Error as err:
        raise InputError(label, f"line {line}", f"is not readable CSV ({err}).") from err
    finally:
        raw.close()
    if advance is not None:
        advance(path.stat().st_size - done)


def form_markdown() -> list[str]:
    """The creators form as a section of docs/canonical.md (lines of Markdown).

    >>> form_markdown()[0]
    '## The creators form'
    """
    from nichescout.ingest.creators import MAPPING_MARKDOWN

    out = [
        "## The creators form",
        "",
        "Creators, their posts and the comments on them, from any platform, are imported by "
        "`nichescout ingest creators PATH --db FILE` (`nichescout.ingest.ingest(store, "
        '"creators", PATH)`). PATH is a folder holding any of `profiles`, `posts` and '
        "`comments` (each `.csv` with a header line, or `.jsonl`/`.ndjson` with one JSON "
        "object a line), or one such file. Columns not listed here are ignored; an empty "
        "value is unknown.",
        "",
    ]
    for stem, columns in FILES.items():
        out += [
            f"`{stem}`:",
            "",
            "| column | required | meaning |",
            "|---|---|---|",
            *(f"| `{c.name}` | {'yes' if c.required else ''} | {c.meaning} |" for c in columns),
            "",
        ]
    out += [*MAPPING_MARKDOWN, ""]
    return out
