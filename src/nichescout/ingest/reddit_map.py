"""Reddit submissions and comments onto canonical rows; the mapping is documented in
:mod:`nichescout.ingest.reddit`.

:class:`RedditMapper` is fed one Pushshift record at a time (submissions first, then
comments, any order within) and writes ``content`` rows at once; reply targets whose parent
has not been met yet, ``u/name`` mentions (which need every author known) and the members
(whose attributes sum over their items) are written by :meth:`RedditMapper.finish`, which
also looks in the store for parents and authors imported before. Every error names the file
and the line.

>>> mentioned_names("thanks u/hanniabu and /u/Tricky\\\\_Troll, see reddit.com/u/nobody")
['hanniabu', 'Tricky_Troll']
>>> mentioned_names("[u/KelpDAO](https://x.com/@KelpDAO) and [u/ann](/u/ann), u/bo, "
...     "u/twenty_one_characters")
['ann']
>>> is_bot("AutoModerator"), is_bot("RemindMeBot"), is_bot("haikusbot"), is_bot("abbott")
(True, True, True, False)
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from nichescout.exceptions import InputError
from nichescout.ingest.base import (
    deleted_member,
    from_unix,
    interaction_row,
    placeholder_member,
)
from nichescout.kinds import ContentKind, InteractionKind
from nichescout.store import ImportSession

__all__ = ["DELETED", "RedditMapper", "is_bot", "mentioned_names"]

#: The one placeholder member standing for every deleted account of a platform.
DELETED = "[deleted]"
_GONE_TEXT = frozenset({"[deleted]", "[removed]", ""})
#: ``u/name`` or ``/u/name``, not inside a longer word or path; Reddit names are 3 to 20
#: of A-Z, a-z, 0-9, ``_`` and ``-`` (Markdown may escape ``_`` as ``\_``).
_USER = re.compile(r"(?<![\w/])/?u/((?:[A-Za-z0-9_-]|\\_){3,20})(?![A-Za-z0-9_-]|\\_)")
#: A Markdown link: its text and its address.
_LINK = re.compile(r"\[([^\[\]]*)\]\(\s*<?([^)\s>]*)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_REDDIT_HOST = re.compile(r"^(?:[\w-]+\.)*(?:reddit\.com|redd\.it)$", re.IGNORECASE)
_SKIP_ORPHAN = (
    "reply interactions for comments whose parent is in neither this import nor the store "
    "(target unknown)"
)


def mentioned_names(text: str | None) -> list[str]:
    """Distinct ``u/name`` (or ``/u/name``) tokens of a body, in order; Markdown's ``\\_``
    escapes are undone. ``…/u/name`` inside a link address does not count, nor does a
    ``u/name`` written as the text of a link to another site (``[u/KelpDAO](https://x.com/
    @KelpDAO)``: an account there), nor a name too short or too long for Reddit."""
    if not text or "u/" not in text:
        return []
    if "](" in text:
        text = _LINK.sub(_without_offsite_text, text)
    return list(dict.fromkeys(m.replace("\\_", "_") for m in _USER.findall(text)))


def _without_offsite_text(link: re.Match[str]) -> str:
    """A Markdown link as it is when it points to Reddit, else with its text left out."""
    address = link.group(2)
    host = _SCHEME.sub("", address).split("/")[0].split("?")[0].split("#")[0]
    if not address or address.startswith(("/", "#")) or _REDDIT_HOST.match(host):
        return link.group(0)
    return f"[]({address}"


def is_bot(name: str) -> bool:
    """AutoModerator and accounts whose name ends in "bot" (RemindMeBot, haikusbot)."""
    return name == "AutoModerator" or name.lower().endswith("bot")


@dataclass
class _Member:
    file: str
    line: int
    distinguished: Counter[str] = field(default_factory=Counter)
    stickied: int = 0
    fullname: str | None = None
    flair: str | None = None


@dataclass(frozen=True)
class _At:
    created: datetime
    file: str
    line: int


class RedditMapper:
    """Writes the canonical rows of Pushshift records into ``session``; call :meth:`finish`."""

    def __init__(
        self,
        session: ImportSession,
        platform: str,
        *,
        subreddit_platform: bool,
        bots: Iterable[str] = (),
    ) -> None:
        self.session = session
        self.platform = platform
        self.subreddit_platform = subreddit_platform
        self.bots = frozenset(bots)
        self.subreddit: str | None = None
        self.authors: dict[str, str] = {}
        self.members: dict[str, _Member] = {}
        self._pending_replies: list[tuple[str, str, str, _At]] = []
        self._pending_mentions: list[tuple[str, str, list[str], _At]] = []
        self._content = session.writer("content")
        self._interactions = session.writer("interactions")

    # -- one record ------------------------------------------------------------------------
    def record(self, rec: dict[str, Any], file: str, line: int) -> None:
        """Map one submission or comment read at ``line`` of ``file``."""
        comment = _is_comment(rec)
        rid = rec.get("id")
        if not isinstance(rid, str) or not rid:
            raise InputError(file, f"line {line}", f"the record has no 'id' (got {rid!r}).")
        key = rec.get("name") if isinstance(rec.get("name"), str) else None
        key = key or ("t1_" if comment else "t3_") + rid
        at = _At(_created(rec.get("created_utc"), file, line), file, line)
        author = self._author(rec, at)
        subreddit = self._subreddit(rec, at)
        self.authors[key] = author
        if comment:
            link = _fullname(rec.get("link_id"), "t3_", "link_id", at)
            parent = rec.get("parent_id")
            parent = link if parent is None else _fullname(parent, ("t1_", "t3_"), "parent_id", at)
            text = rec.get("body")
            row: dict[str, Any] = {
                "kind": ContentKind.COMMENT.value,
                "parent_id": parent,
                "thread_id": link,
            }
        else:
            parent = None
            text = rec.get("selftext")
            flair = rec.get("link_flair_text")
            row = {
                "kind": ContentKind.POST.value,
                "thread_id": key,
                "title": _str(rec.get("title")),
                "comments": _int(rec.get("num_comments")),
                "tags": [flair.lower()] if isinstance(flair, str) and flair else None,
            }
        text = _str(text)
        self._content.append(
            {
                "platform": self.platform,
                "content_id": key,
                "author_id": author,
                "channel": subreddit,
                "created_at": at.created,
                "text": None if text is None or text in _GONE_TEXT else html.unescape(text),
                "score": _int(rec.get("score")),
                **row,
            },
            file=file,
            line=line,
        )
        if parent is not None:
            target = self.authors.get(parent)
            if target is None:
                self._pending_replies.append((key, author, parent, at))
            else:
                self._interaction(f"reply:{key}", InteractionKind.REPLY, author, target, key, at)
        names = mentioned_names(text)
        if names:
            self._pending_mentions.append((key, author, names, at))

    def _author(self, rec: dict[str, Any], at: _At) -> str:
        name = rec.get("author")
        if name is not None and not isinstance(name, str):
            raise InputError(at.file, f"line {at.line}", f"author is not a string: {name!r}.")
        name = name or DELETED
        member = self.members.get(name)
        if member is None:
            member = self.members[name] = _Member(at.file, at.line)
        distinguished = rec.get("distinguished")
        if isinstance(distinguished, str) and distinguished:
            member.distinguished[distinguished] += 1
        member.stickied += rec.get("stickied") is True
        member.fullname = member.fullname or _str(rec.get("author_fullname"))
        member.flair = member.flair or _str(rec.get("author_flair_text"))
        return name

    def _subreddit(self, rec: dict[str, Any], at: _At) -> str | None:
        subreddit = _str(rec.get("subreddit"))
        if subreddit is None or not self.subreddit_platform:
            return subreddit
        if self.subreddit is None:
            self.subreddit = subreddit
        elif subreddit.lower() != self.subreddit.lower():
            raise InputError(
                at.file,
                f"line {at.line}",
                f"this record is from r/{subreddit}, earlier ones from r/{self.subreddit}; "
                "import each subreddit on its own, or pass --platform NAME to file them "
                "together (the subreddit stays in content.channel).",
            )
        return subreddit

    # -- the end ---------------------------------------------------------------------------
    def finish(self) -> None:
        """Resolve the replies and mentions left pending, then write the members: the
        authors, and a placeholder for each name mentioned that neither this import nor the
        store knows (a Reddit user all the same)."""
        stored = self._stored_authors({parent for _, _, parent, _ in self._pending_replies})
        for key, author, parent, at in self._pending_replies:
            target = self.authors.get(parent) or stored.get(parent)
            if target is None:
                self.session.skip(_SKIP_ORPHAN)
                continue
            self._interaction(f"reply:{key}", InteractionKind.REPLY, author, target, key, at)
        known = {name.lower(): name for name in self.members if name != DELETED}
        wanted = {n.lower() for _, _, names, _ in self._pending_mentions for n in names}
        handles = self._stored_handles(wanted - set(known))
        members = self.session.writer("members")
        for key, author, names, at in self._pending_mentions:
            targets = []
            for name in names:
                target = known.get(name.lower())
                if target is None:
                    # Wrote nothing here: a member of the store, or a placeholder spelt as
                    # first met — staged again when the store holds it as a placeholder (a
                    # re-import meets every row the first one added).
                    target, placeholder = handles.get(name.lower(), (name, True))
                    known[name.lower()] = target
                    if placeholder:
                        row = placeholder_member(self.platform, target, handle=target)
                        members.append(row, file=at.file, line=at.line)
                targets.append(target)
            for target in dict.fromkeys(targets):
                iid = f"mention:{key}:{target}"
                self._interaction(iid, InteractionKind.MENTION, author, target, key, at)
        for name, member in sorted(self.members.items()):
            members.append(self._member_row(name, member), file=member.file, line=member.line)

    def _member_row(self, name: str, member: _Member) -> dict[str, Any]:
        if name == DELETED:
            return deleted_member(self.platform, DELETED, handle=DELETED)
        attributes = {
            "distinguished": dict(member.distinguished) or None,
            "stickied": member.stickied or None,
            "fullname": member.fullname,
            "flair": member.flair,
        }
        return {
            "platform": self.platform,
            "member_id": name,
            "handle": name,
            "is_bot": name != DELETED and (is_bot(name) or name in self.bots),
            "attributes": json.dumps({k: v for k, v in attributes.items() if v is not None}),
        }

    def _stored_authors(self, parents: set[str]) -> dict[str, str]:
        missing = sorted(parents - set(self.authors))
        if not missing:
            return {}
        rows = self.session.con.execute(
            """SELECT c.content_id, m.member_id FROM content c
               JOIN members m ON m.member_key = c.author_key
               WHERE c.platform = ? AND list_contains(?, c.content_id)""",
            [self.platform, missing],
        ).fetchall()
        return dict(rows)

    def _stored_handles(self, names: set[str]) -> dict[str, tuple[str, bool]]:
        """lower-case handle → (member id, whether a placeholder) of the stored members
        named; a described member wins a handle over a placeholder."""
        if not names:
            return {}
        rows = self.session.con.execute(
            """SELECT lower(handle), member_id,
                      coalesce(lower(attributes->>'placeholder') = 'true', false)
               FROM members
               WHERE platform = ? AND list_contains(?, lower(handle))
                 AND NOT coalesce(attributes->>'deleted' = 'true', false)
               ORDER BY 3 DESC, member_id""",
            [self.platform, sorted(names)],
        ).fetchall()
        return {handle: (member, placeholder) for handle, member, placeholder in rows}

    def _interaction(
        self, iid: str, kind: InteractionKind, actor: str, target: str, content: str, at: _At
    ) -> None:
        self._interactions.append(
            interaction_row(self.platform, iid, kind.value, actor, target, content, at.created),
            file=at.file,
            line=at.line,
        )


def _is_comment(rec: dict[str, Any]) -> bool:
    name = rec.get("name")
    if isinstance(name, str) and name[:3] in ("t1_", "t3_"):
        return name.startswith("t1_")
    return "parent_id" in rec or "body" in rec


def _created(value: object, file: str, line: int) -> datetime:
    try:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValueError(value)
        return from_unix(value)
    except (OverflowError, OSError, ValueError) as err:
        raise InputError(
            file,
            f"line {line}",
            f"created_utc is not a time in seconds since 1970 (like 1772344891): {value!r}.",
        ) from err


def _fullname(value: object, prefixes: str | tuple[str, ...], name: str, at: _At) -> str:
    if isinstance(value, str) and value.startswith(prefixes) and len(value) > 3:
        return value
    raise InputError(
        at.file,
        f"line {at.line}",
        f"{name} is not a Reddit fullname like 't3_1rhpjtf' (t1_ = comment, t3_ = "
        f"submission): {value!r}.",
    )


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None
