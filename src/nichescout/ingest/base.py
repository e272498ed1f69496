"""What every importer shares: the progress hook, the small parsers of source values, and
the placeholder members that stand for deleted and for undescribed accounts.

An importer is a function ``import_<format>(store, path, *, platform=None, progress=None)``
returning an :class:`~nichescout.store.ImportReport`; it streams the source through an
:class:`~nichescout.store.ImportSession`, so a failure leaves the store unchanged.

Exports are incomplete in two known ways, handled alike by every native importer:

- an account that was deleted leaves its posts with no author (Stack Exchange's missing
  ``OwnerUserId``, Discourse's null ``user_id``, Reddit's ``[deleted]``): they are all filed
  under one placeholder member per platform, :func:`deleted_member` (``{"deleted": true}``
  in ``attributes``, not a bot; rankings leave it out);
- a member referred to (as author, mention, reactor, replied-to) but absent from the
  export's member list is a placeholder (``{"placeholder": true}`` in ``attributes``, not a
  bot) instead of a refused import: the importer writes its row, :func:`placeholder_member`,
  when the export names it (a handle, a display name), or the session, opened with
  ``unknown_members="placeholder"``, adds a bare one at commit. Either way the import
  report's ``placeholders`` and ``status``'s ``unknown`` column count it.

>>> parse_timestamp("2018-03-12T17:00:45.567", "Posts.xml", 1)
datetime.datetime(2018, 3, 12, 17, 0, 45, 567000)
>>> parse_timestamp("2018-13-01", "Posts.xml", 812)
Traceback (most recent call last):
...
nichescout.exceptions.InputError: Posts.xml, row 812: '2018-13-01' is not an ISO date and time (expected like 2018-03-12T17:00:45.567).
>>> from_unix("1341100972")
datetime.datetime(2012, 7, 1, 0, 2, 52)
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nichescout.exceptions import InputError
from nichescout.progress import NullProgress, Progress

__all__ = [
    "DELETED_MEMBER_ID",
    "NullProgress",
    "Progress",
    "deleted_member",
    "from_unix",
    "interaction_row",
    "parse_int",
    "parse_timestamp",
    "placeholder_member",
]

#: member_id of the placeholder standing for deleted accounts, where the source has no
#: spelling of its own (Reddit's is ``[deleted]``).
DELETED_MEMBER_ID = "deleted"


def deleted_member(
    platform: str, member_id: str = DELETED_MEMBER_ID, handle: str | None = None
) -> dict[str, Any]:
    """The members row of the platform's one placeholder for deleted accounts.

    >>> deleted_member("stackexchange:conlang-meta")
    {'platform': 'stackexchange:conlang-meta', 'member_id': 'deleted', 'handle': None, \
'is_bot': False, 'attributes': '{"deleted": true}'}
    """
    return {
        "platform": platform,
        "member_id": member_id,
        "handle": handle,
        "is_bot": False,
        "attributes": json.dumps({"deleted": True}),
    }


def placeholder_member(
    platform: str,
    member_id: str,
    *,
    handle: str | None = None,
    display_name: str | None = None,
) -> dict[str, Any]:
    """The members row of someone the export refers to but does not describe.

    Only write it for a member neither the import nor the store describes: a stored
    member's row would take these attributes (the import's non-null fields win).

    >>> placeholder_member("reddit:ethereum", "vbuterin", handle="vbuterin")
    {'platform': 'reddit:ethereum', 'member_id': 'vbuterin', 'handle': 'vbuterin', \
'display_name': None, 'is_bot': False, 'attributes': '{"placeholder": true}'}
    """
    return {
        "platform": platform,
        "member_id": member_id,
        "handle": handle,
        "display_name": display_name,
        "is_bot": False,
        "attributes": json.dumps({"placeholder": True}),
    }


def parse_timestamp(value: str, source: str | Path, row: int | str | None) -> datetime:
    """Parse an ISO 8601 date-time into a naive UTC ``datetime``, or name the bad row."""
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError) as err:
        raise InputError(
            source,
            row,
            f"{value!r} is not an ISO date and time (expected like 2018-03-12T17:00:45.567).",
        ) from err
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def from_unix(value: str | float | int) -> datetime:
    """Seconds since 1970 (Slack ``ts``, Twitter times) as a naive UTC ``datetime``."""
    return datetime.fromtimestamp(float(value), UTC).replace(tzinfo=None)


def parse_int(value: str | None, source: str | Path, row: int | str, name: str) -> int | None:
    """An integer field, or None when absent; a clear error when it is not an integer.

    >>> parse_int("42", "Users.xml", 3, "Reputation")
    42
    >>> parse_int("4x", "Users.xml", 3, "Reputation")
    Traceback (most recent call last):
    ...
    nichescout.exceptions.InputError: Users.xml, row 3: Reputation is not an integer: '4x'.
    """
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError as err:
        raise InputError(source, row, f"{name} is not an integer: {value!r}.") from err


def interaction_row(
    platform: str,
    interaction_id: str,
    kind: str,
    actor_id: str | None,
    target_id: str | None,
    content_id: str | None,
    created_at: datetime | None,
    value: float = 1.0,
) -> dict[str, Any]:
    """An ``interactions`` row as the native importers stage it (``kind`` as its value).

    >>> interaction_row("reddit:x", "reply:c2", "reply", "bo", "ann", "c2", None)["kind"]
    'reply'
    """
    return {
        "platform": platform,
        "interaction_id": interaction_id,
        "actor_id": actor_id,
        "kind": kind,
        "target_id": target_id,
        "content_id": content_id,
        "created_at": created_at,
        "value": value,
    }
