"""Reading a CSV form (accounts, posts) with one-line errors that name the file, row and fix.

Every form names itself in its messages:

>>> read_records("no/such/posts.csv", kind="posts", header=("post_id", "caption"))
Traceback (most recent call last):
...
nichescout.exceptions.InputError: no/such/posts.csv: does not exist; give the path of a posts CSV file.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from nichescout.exceptions import InputError

__all__ = ["read_records"]


def _a(kind: str) -> str:
    return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"


def read_records(
    path: str | Path, *, kind: str, header: Sequence[str]
) -> tuple[list[str], list[dict[str, str]]]:
    """The header (names stripped of spaces) and the data rows of a UTF-8 CSV file.

    ``kind`` names the form in messages ("accounts", "posts"); ``header`` is the start of
    the header a file of the form needs, quoted in the message for an empty file. A row
    with more fields than the header, a file that is not UTF-8 or not CSV, a folder, a
    missing or an empty file each stop the read with an :class:`InputError`.
    """
    path = Path(path)
    if path.is_dir():
        raise InputError(path, None, f"is a folder; give the {kind} CSV file itself.")
    if not path.exists():
        raise InputError(path, None, f"does not exist; give the path of {_a(kind)} CSV file.")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            names = [c.strip() for c in reader.fieldnames or []]
            reader.fieldnames = names
            records = []
            for i, record in enumerate(reader):
                if None in record:  # more fields than the header has
                    raise InputError(
                        path,
                        i + 2,  # the header is row 1, as a spreadsheet numbers them
                        f"has {len(names) + len(record[None])} fields, the header "
                        f"{len(names)}; quote values that hold a comma.",
                    )
                records.append(record)
    except UnicodeDecodeError as err:
        raise InputError(
            path, None, f"is not UTF-8 text ({err.reason}); save it as UTF-8."
        ) from err
    except csv.Error as err:
        raise InputError(path, None, f"is not a readable CSV file ({err}).") from err
    if not names:
        raise InputError(
            path, None, f"is empty; {_a(kind)} file starts with the header {','.join(header)}."
        )
    return names, records
