"""Stack Exchange data dump importer (a site's folder of ``Posts.xml``, ``Users.xml``, …).

Reading streams every file once (:mod:`nichescout.ingest.xmlrows`) into raw temporary
tables, checking types row by row; :mod:`nichescout.ingest.stackexchange_map` then maps
them onto the canonical tables in SQL. The mapping:

==================  ===========================================================================
source              canonical rows
==================  ===========================================================================
Users.xml           ``members``: member_id = Id, display_name = DisplayName, handle = the
                    name without spaces (what ``@name`` matches), joined_at = CreationDate,
                    bio = AboutMe as text, country = Location, is_bot for Id -1 (Community);
                    attributes: reputation, views, up/down votes, badge counts, edits of others
Posts.xml           ``content`` questions (PostTypeId 1) and answers (2); other post types
                    (tag wikis, nominations) are skipped and counted. accepted = the question's
                    AcceptedAnswerId; thread_id = the question
                    ``reply`` answerer → asker (id ``answer:<Id>``);
                    ``accept`` asker → answerer (id ``accept:<answer Id>``, dated by the
                    AcceptedByOriginator vote when present, else by the answer)
Comments.xml        ``content`` comments (content_id ``c<Id>``);
                    ``reply`` commenter → post author (id ``comment:<Id>``);
                    ``mention`` for each ``@name`` resolved as Stack Exchange does: a unique
                    thread participant whose name starts with it (≥ 3 letters), else a unique
                    member of that exact name (id ``mention:c<Id>:<user>``)
Votes.xml           ``vote_up`` / ``vote_down`` (types 2 / 3) toward the post's author, actor
                    anonymous as in the public dump (id ``vote:<Id>``); votes on deleted posts
                    are skipped and counted; other vote types are counted as skipped, type 1
                    dates the accept
Badges.xml          badge counts per member (gold / silver / bronze) in attributes
PostHistory.xml     edits of other members' posts (types 4–6) per member, in attributes
==================  ===========================================================================

A post or comment without an owner (``OwnerUserId`` / ``UserId`` missing: the account was
deleted) keeps its rows, authored by the platform's one deleted-accounts placeholder
(member_id ``deleted``, ``{"deleted": true}`` in attributes, not a bot, left out of
rankings); its replies, accepts, votes and mentions are kept too. An owner id absent from
Users.xml becomes a placeholder member (``{"placeholder": true}``).

Posts.xml and Users.xml are required; the other files are read when present. The platform is
``stackexchange:<site>``, the site being the folder name without ``.stackexchange.com``.

>>> from nichescout.data import sample_path
>>> from nichescout.store import Store
>>> report = import_stackexchange(Store(":memory:"), sample_path())
>>> report.platform, report.added["members"], report.added["content"], report.deleted_accounts
('stackexchange:conlang-meta', 273, 399, 1)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nichescout.exceptions import InputError
from nichescout.ingest.base import NullProgress, Progress, parse_int, parse_timestamp
from nichescout.ingest.paths import inside
from nichescout.ingest.rawtable import RawTable
from nichescout.ingest.stackexchange_map import map_to_canonical
from nichescout.ingest.text import at_mentions, html_to_text
from nichescout.ingest.xmlrows import iter_rows
from nichescout.store import ImportReport, ImportSession, Store

__all__ = ["import_stackexchange", "site_platform"]

_TAG = re.compile(r"<([^<>]+)>|\|([^|]+)")

# file → (root element, raw columns: attribute → (DuckDB type, required))
_FILES: dict[str, tuple[str, dict[str, tuple[str, bool]]]] = {
    "Users.xml": (
        "users",
        {
            "Id": ("BIGINT", True),
            "Reputation": ("BIGINT", False),
            "CreationDate": ("TIMESTAMP", True),
            "DisplayName": ("VARCHAR", False),
            "Location": ("VARCHAR", False),
            "AboutMe": ("VARCHAR", False),
            "Views": ("BIGINT", False),
            "UpVotes": ("BIGINT", False),
            "DownVotes": ("BIGINT", False),
            "AccountId": ("BIGINT", False),
            "WebsiteUrl": ("VARCHAR", False),
        },
    ),
    "Posts.xml": (
        "posts",
        {
            "Id": ("BIGINT", True),
            "PostTypeId": ("BIGINT", True),
            "ParentId": ("BIGINT", False),
            "AcceptedAnswerId": ("BIGINT", False),
            "CreationDate": ("TIMESTAMP", True),
            "Score": ("BIGINT", False),
            "ViewCount": ("BIGINT", False),
            "Body": ("VARCHAR", False),
            "OwnerUserId": ("BIGINT", False),
            "Title": ("VARCHAR", False),
            "Tags": ("VARCHAR[]", False),
            "CommentCount": ("BIGINT", False),
            "FavoriteCount": ("BIGINT", False),
            "AnswerCount": ("BIGINT", False),
        },
    ),
    "Comments.xml": (
        "comments",
        {
            "Id": ("BIGINT", True),
            "PostId": ("BIGINT", True),
            "Score": ("BIGINT", False),
            "Text": ("VARCHAR", False),
            "CreationDate": ("TIMESTAMP", True),
            "UserId": ("BIGINT", False),
        },
    ),
    "Votes.xml": (
        "votes",
        {
            "Id": ("BIGINT", True),
            "PostId": ("BIGINT", True),
            "VoteTypeId": ("BIGINT", True),
            "UserId": ("BIGINT", False),
            "CreationDate": ("TIMESTAMP", True),
        },
    ),
    "Badges.xml": (
        "badges",
        {
            "Id": ("BIGINT", True),
            "UserId": ("BIGINT", True),
            "Name": ("VARCHAR", False),
            "Date": ("TIMESTAMP", False),
            "Class": ("BIGINT", False),
        },
    ),
    "PostHistory.xml": (
        "posthistory",
        {
            "Id": ("BIGINT", True),
            "PostHistoryTypeId": ("BIGINT", True),
            "PostId": ("BIGINT", True),
            "CreationDate": ("TIMESTAMP", True),
            "UserId": ("BIGINT", False),
        },
    ),
}
_REQUIRED_FILES = ("Users.xml", "Posts.xml")


def site_platform(folder: str | Path) -> str:
    """The default platform name of a dump folder.

    >>> site_platform("/dumps/quantumcomputing.stackexchange.com")
    'stackexchange:quantumcomputing'
    """
    name = Path(folder).resolve().name.lower()
    for suffix in (".stackexchange.com", ".com"):
        name = name.removesuffix(suffix)
    return f"stackexchange:{name}"


def parse_tags(value: str) -> list[str]:
    """Tags in either dump spelling.

    >>> parse_tags("<quantum-gate><qiskit>"), parse_tags("|a|b-c|")
    (['quantum-gate', 'qiskit'], ['a', 'b-c'])
    """
    return [(a or b).lower() for a, b in _TAG.findall(value)]


def _converter(sql: str) -> Callable[[str, str, int, str], Any]:
    if sql == "BIGINT":
        return lambda v, f, r, n: parse_int(v, f, r, n)
    if sql == "TIMESTAMP":
        return lambda v, f, r, n: parse_timestamp(v, f, r)
    if sql == "VARCHAR[]":
        return lambda v, f, r, n: parse_tags(v)
    return lambda v, f, r, n: v


def _read_file(
    session: ImportSession, folder: Path, name: str, progress: Progress, mentions: RawTable
) -> RawTable:
    root, columns = _FILES[name]
    raw = RawTable(session.con, f"_se_{root}", {c: t for c, (t, _) in columns.items()})
    path = folder / name
    if not path.exists():
        return raw
    if not path.is_file():
        raise InputError(path, None, "is not a file; the dump's files are XML files.")
    inside(folder, [path])
    converters = {c: _converter(t) for c, (t, _) in columns.items()}
    required = [c for c, (_, req) in columns.items() if req]
    size = path.stat().st_size
    label = str(path)
    if size == 0:
        raise InputError(
            label,
            None,
            "the file is empty; re-extract it from the dump, or "
            "remove it if the site has no such rows.",
        )
    progress.start(f"{folder.name}/{name}", size)
    done = 0
    with path.open("rb") as handle:
        for line, attrs in iter_rows(handle, root, label):
            for col in required:
                if not attrs.get(col):
                    raise InputError(label, line, f"the required attribute {col} is missing.")
            row = {c: converters[c](attrs[c], label, line, c) for c in columns if c in attrs}
            if name == "Users.xml":
                row["AboutMe"] = html_to_text(row.get("AboutMe"))
            elif name == "Posts.xml":
                row["Body"] = html_to_text(row.get("Body"))
            elif name == "Comments.xml":
                for mention in at_mentions(row.get("Text")):
                    mentions.append(
                        {"CommentId": row["Id"], "Name": mention}, file=label, line=line
                    )
            raw.append(row, file=label, line=line)
            if line % 5000 == 0:
                position = handle.tell()
                progress.advance(position - done)
                done = position
    progress.advance(size - done)
    raw.flush()
    mentions.flush()
    return raw


def import_stackexchange(
    store: Store,
    path: str | Path,
    *,
    platform: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a Stack Exchange dump folder into ``store`` in one transaction."""
    folder = Path(path)
    if not folder.is_dir():
        raise InputError(
            folder,
            None,
            "not a folder; pass the folder that holds Posts.xml, "
            "Users.xml and the other files of one site's dump.",
        )
    for name in _REQUIRED_FILES:
        if not (folder / name).exists():
            raise InputError(
                folder,
                None,
                f"{name} is missing; a Stack Exchange dump folder "
                "needs at least Users.xml and Posts.xml.",
            )
    platform = platform or site_platform(folder)
    hook = progress or NullProgress()
    with ImportSession(
        store, "stackexchange", folder, platform=platform, unknown_members="placeholder"
    ) as session:
        mentions = RawTable(session.con, "_se_mentions", {"CommentId": "BIGINT", "Name": "VARCHAR"})
        for name in _FILES:
            _read_file(session, folder, name, hook, mentions)
        map_to_canonical(session, platform)
        return session.commit()
