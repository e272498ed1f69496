"""Discourse posts onto canonical rows; the mapping is documented in
:mod:`nichescout.ingest.discourse`.

A Discourse export is read twice. The first pass feeds every post to a :class:`ForumIndex`,
which checks its fields, keeps the best copy of each post id (the highest ``version``, then
the latest ``updated_at``), and learns who wrote what, so that the second pass — a
:class:`PostMapper` fed the kept copies — can resolve parents, reply targets, thread roots and
``@name`` mentions wherever in the export they are. Someone the posts name but who wrote
none of them (a mention, ``reply_to_user``, a topic's author or accepter) is a placeholder
member (:func:`~nichescout.ingest.base.placeholder_member`): member_id the user id when the
export gives it, else ``@`` and the lower-case username. Every error names the file and, for
files holding several posts, the 1-based position of the post.

>>> mentioned_usernames('<p>hi <a class="mention" href="/u/ann">@ann</a></p>'
...     '<aside class="quote"><blockquote><p><a class="mention" href="/u/bo">@bo</a>'
...     '</p></blockquote></aside>')
['ann']
>>> PostFields.parse({"id": 7, "topic_id": 3, "post_number": "one"}, "7.json", None)
Traceback (most recent call last):
...
nichescout.exceptions.InputError: 7.json: post_number is not an integer: 'one'; a Discourse post has integer id, topic_id and post_number.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import unquote

import lxml.html
from lxml.etree import ParserError

from nichescout.exceptions import InputError
from nichescout.ingest.base import (
    DELETED_MEMBER_ID,
    deleted_member,
    interaction_row,
    parse_timestamp,
    placeholder_member,
)
from nichescout.ingest.text import html_to_text
from nichescout.kinds import ContentKind, InteractionKind
from nichescout.store import ImportSession

__all__ = [
    "DELETED_USER",
    "ForumIndex",
    "PostFields",
    "PostMapper",
    "TopicInfo",
    "mentioned_usernames",
]

#: The placeholder member for posts whose account was deleted (``user_id`` null).
DELETED_USER = DELETED_MEMBER_ID
#: Discourse's own accounts: ``system`` (id -1) and the ``discobot`` tutorial bot (id -2);
#: every negative user id is a built-in bot.
_SYSTEM_NAMES = frozenset({"system", "discobot"})
_LIKE_ACTION = 2
_SMALL_ACTION = 3
_USER_PATH = re.compile(r"/u/([^/?#]+)")
_SKIP_OLDER = "posts met more than once (same id in several files): older copies left out"
_SKIP_SMALL = "small-action posts (post_type 3: topic closed, pinned, …), not content"
_SKIP_ORPHAN = (
    "reply interactions with no known target (the replied-to post, or the topic's "
    "first post, is not in the export, and neither reply_to_user nor the topic names "
    "its author)"
)
_SKIP_ACCEPT = (
    "accepted answers whose topic names neither its author nor the accepter (no accept actor)"
)
#: What a mention link may point to without naming a user: groups (``/g/NAME``, older
#: forums ``/groups/NAME``); their links have class ``mention-group``, checked first.
_GROUP_PATH = re.compile(r"/(?:g|groups)/")
#: ``@here`` and ``@all`` notify everyone in the topic; they name no user.
_EVERYONE = frozenset({"here", "all"})


def mentioned_usernames(cooked: str | None) -> list[str]:
    """Distinct usernames of ``<a class="mention" href="/u/NAME">`` links, in order.

    Mentions inside quotes (``<aside class="quote">`` or ``<blockquote>``) are the quoted
    author's words, not the poster's, and are left out; so are group mentions
    (``mention-group``, or a link to ``/g/NAME``), ``@here`` and ``@all``. Discourse writes
    ``<span class="mention">`` for an ``@name`` that matched no user: not a link, not a
    mention.

    >>> mentioned_usernames('<a class="mention" href="/u/ann">@Ann</a> '
    ...     '<a class="mention-group" href="/g/staff">@staff</a> '
    ...     '<a class="mention" href="/groups/mods">@mods</a> <a class="mention">@here</a> '
    ...     '<span class="mention">@nobody</span> <a class="mention" href="/u/ann">@ann</a>')
    ['ann']
    """
    if not cooked or "mention" not in cooked:
        return []
    try:
        root = lxml.html.fragment_fromstring(cooked, create_parent="div")
    except (ParserError, ValueError):
        return []
    names = []
    for link in root.iter("a"):
        if "mention" not in (link.get("class") or "").split():
            continue
        if any(_is_quote(parent) for parent in link.iterancestors()):
            continue
        href = link.get("href") or ""
        if _GROUP_PATH.search(href):
            continue
        found = _USER_PATH.search(href)
        name = unquote(found.group(1)) if found else link.text_content().strip().lstrip("@")
        if name and name.lower() not in _EVERYONE:
            names.append(name)
    return list(dict.fromkeys(names))


def _is_quote(element: Any) -> bool:
    return bool(
        element.tag == "blockquote"
        or (element.tag == "aside" and "quote" in (element.get("class") or "").split())
    )


def _int(post: dict[str, Any], name: str, file: str, row: int | None) -> int:
    value = post.get(name)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(
            file,
            row,
            f"{name} is not an integer: {value!r}; a Discourse post has integer id, topic_id "
            "and post_number.",
        )
    return value


@dataclass(frozen=True)
class PostFields:
    """The checked fields of one post that the index needs."""

    post_id: int
    topic_id: int
    number: int
    author: str
    username: str | None
    created_at: datetime
    rank: tuple[int, str]

    @classmethod
    def parse(cls, post: dict[str, Any], file: str, row: int | None) -> PostFields:
        """Check a post's identity, author and dates, or name the post and what is wrong."""
        post_id = _int(post, "id", file, row)
        topic_id = _int(post, "topic_id", file, row)
        number = _int(post, "post_number", file, row)
        user_id = post.get("user_id")
        if user_id is not None and (isinstance(user_id, bool) or not isinstance(user_id, int)):
            raise InputError(file, row, f"user_id is not an integer: {user_id!r}.")
        username = post.get("username")
        if username is not None and not isinstance(username, str):
            raise InputError(file, row, f"username is not a string: {username!r}.")
        created = post.get("created_at")
        if not isinstance(created, str):
            raise InputError(file, row, f"created_at is not an ISO date and time: {created!r}.")
        updated = post.get("updated_at")
        version = post.get("version")
        return cls(
            post_id,
            topic_id,
            number,
            DELETED_USER if user_id is None else str(user_id),
            username or None,
            parse_timestamp(created, file, row),
            (
                version if isinstance(version, int) and not isinstance(version, bool) else 0,
                updated if isinstance(updated, str) else "",
            ),
        )


@dataclass
class TopicInfo:
    """What a per-topic file (``/t/ID.json``) says about its topic beyond its posts."""

    title: str | None = None
    category_id: int | None = None
    tags: list[str] | None = None
    accepted_number: int | None = None
    accepter: str | None = None
    author: str | None = None
    author_name: str | None = None


@dataclass(frozen=True)
class _Ref:
    fields: PostFields
    where: tuple[int, int | None]


@dataclass
class ForumIndex:
    """Pass one: the kept copy of every post, the members, and what each topic holds."""

    posts: dict[int, _Ref] = field(default_factory=dict)
    users: dict[str, tuple[datetime, dict[str, Any], str, int | None]] = field(default_factory=dict)
    usernames: dict[str, str] = field(default_factory=dict)
    #: lower-case username → user id, for users named with their id but who may have
    #: written nothing here (``reply_to_user``, a topic's ``details.created_by``).
    named_ids: dict[str, str] = field(default_factory=dict)
    topics: dict[int, TopicInfo] = field(default_factory=dict)
    categories: dict[int, str] = field(default_factory=dict)
    solved: set[int] = field(default_factory=set)
    threads: dict[int, dict[int, PostFields]] = field(default_factory=dict)

    def add(self, post: dict[str, Any], file_index: int, file: str, row: int | None) -> None:
        """Check ``post`` and keep it when it is the best copy of its id seen so far."""
        fields = PostFields.parse(post, file, row)
        kept = self.posts.get(fields.post_id)
        if kept is None or fields.rank > kept.fields.rank:
            self.posts[fields.post_id] = _Ref(fields, (file_index, row))
        if post.get("accepted_answer") is True or post.get("topic_accepted_answer") is True:
            self.solved.add(fields.topic_id)
        seen = self.users.get(fields.author)
        if seen is None or fields.created_at > seen[0]:
            self.users[fields.author] = (fields.created_at, post, file, row)
        if fields.username and fields.author != DELETED_USER:
            self.usernames[fields.username.lower()] = fields.author
        named = post.get("reply_to_user")
        if isinstance(named, dict):
            self._name_id(named.get("username"), named.get("id"))

    def add_topic(self, topic_id: int, info: TopicInfo) -> None:
        """Remember a per-topic file's title, category, tags, accepted answer and author."""
        self.topics[topic_id] = info
        if info.accepted_number is not None:
            self.solved.add(topic_id)
        if info.author is not None:
            self._name_id(info.author_name, int(info.author))

    def _name_id(self, username: object, user_id: object) -> None:
        if isinstance(username, str) and username and _is_int(user_id):
            self.named_ids.setdefault(username.lower(), str(user_id))

    def is_kept(self, post_id: int, where: tuple[int, int | None]) -> bool:
        return self.posts[post_id].where == where

    def finish(self) -> None:
        """Group the kept posts by topic and post number (call once pass one is over)."""
        for ref in self.posts.values():
            self.threads.setdefault(ref.fields.topic_id, {})[ref.fields.number] = ref.fields
        # A copy left out may name an author no kept post has (a post that changed owner).
        authors = {ref.fields.author for ref in self.posts.values()}
        self.users = {k: v for k, v in self.users.items() if k in authors}
        self.usernames = {k: v for k, v in self.usernames.items() if v in authors}


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _member_row(platform: str, member_id: str, post: dict[str, Any]) -> dict[str, Any]:
    if member_id == DELETED_USER:
        return deleted_member(platform, DELETED_USER)
    username = post.get("username") or None
    attributes = {
        "trust_level": post.get("trust_level"),
        "moderator": post.get("moderator"),
        "admin": post.get("admin"),
        "staff": post.get("staff"),
        "group_moderator": post.get("group_moderator"),
        "primary_group": post.get("primary_group_name"),
        "title": post.get("user_title"),
        "system": True if int(member_id) < 0 else None,
    }
    return {
        "platform": platform,
        "member_id": member_id,
        "handle": username,
        "display_name": post.get("name") or None,
        "is_bot": int(member_id) < 0 or str(username).lower() in _SYSTEM_NAMES,
        "attributes": json.dumps({k: v for k, v in attributes.items() if v is not None}),
    }


class PostMapper:
    """Pass two: writes the members, then each kept post's content and interactions."""

    def __init__(self, session: ImportSession, platform: str, index: ForumIndex) -> None:
        self.session = session
        self.platform = platform
        self.index = index
        self._content = session.writer("content")
        self._interactions = session.writer("interactions")
        self._members = session.writer("members")
        for member_id, (_, post, file, row) in sorted(index.users.items()):
            self._members.append(_member_row(platform, member_id, post), file=file, line=row)
        self._placeholders: set[str] = set()
        self._stored: tuple[dict[str, str], dict[str, tuple[bool, str | None]]] | None = None

    def post(self, post: dict[str, Any], where: tuple[int, int | None], file: str) -> None:
        """Map one post met in ``file`` at ``where`` (file index, position) in pass two."""
        row = where[1]
        fields = PostFields.parse(post, file, row)
        if not self.index.is_kept(fields.post_id, where):
            self.session.skip(_SKIP_OLDER)
            return
        if post.get("post_type") == _SMALL_ACTION:
            self.session.skip(_SKIP_SMALL)
            return
        topic = self.index.topics.get(fields.topic_id) or TopicInfo()
        thread = self.index.threads.get(fields.topic_id, {})
        first = thread.get(1)
        question = fields.topic_id in self.index.solved
        key = str(fields.post_id)
        reply_to = post.get("reply_to_post_number")
        parent = thread.get(reply_to) if isinstance(reply_to, int) else None
        is_root = fields.number == 1
        if is_root:
            kind = ContentKind.QUESTION if question else ContentKind.POST
        else:
            kind = ContentKind.ANSWER if question else ContentKind.COMMENT
        accepted = post.get("accepted_answer") is True or (
            topic.accepted_number is not None and topic.accepted_number == fields.number
        )
        category = post.get("category_id")
        if not isinstance(category, int):
            category = topic.category_id
        self._content.append(
            {
                "platform": self.platform,
                "content_id": key,
                "author_id": fields.author,
                "kind": kind.value,
                "parent_id": None if is_root else _id(parent or first),
                "thread_id": key if is_root else _id(first),
                "channel": None
                if category is None
                else self.index.categories.get(category, str(category)),
                "created_at": fields.created_at,
                "title": (_text(post.get("topic_title")) or topic.title) if is_root else None,
                "text": html_to_text(_text(post.get("cooked")) or _text(post.get("raw"))),
                "likes": _likes(post),
                "comments": _count(post.get("reply_count")),
                "views": _count(post.get("reads")),
                "accepted": True if accepted else None,
                "tags": topic.tags if is_root else None,
            },
            file=file,
            line=row,
        )
        at = (fields.created_at, file, row)
        if not is_root:
            self._reply(post, fields, parent, first, topic, reply_to, at)
        if accepted:
            self._accept(fields, first, topic, at)
        names = mentioned_usernames(_text(post.get("cooked")))
        for target in dict.fromkeys(self._person(None, name, at) for name in names):
            assert target is not None  # a name always gives a member
            self._interaction(
                f"mention:{key}:{target}", InteractionKind.MENTION, fields.author, target, key, at
            )

    def _reply(
        self,
        post: dict[str, Any],
        fields: PostFields,
        parent: PostFields | None,
        first: PostFields | None,
        topic: TopicInfo,
        reply_to: object,
        at: tuple[datetime, str, int | None],
    ) -> None:
        named = post.get("reply_to_user")
        named = named if isinstance(named, dict) else {}
        user_id = named.get("id")
        if parent is not None:
            target: str | None = parent.author
        elif named.get("username") or _is_int(user_id):
            target = self._person(
                str(user_id) if _is_int(user_id) else None, named.get("username"), at
            )
        elif reply_to is None:
            target = first.author if first is not None else self._topic_author(topic, at)
        else:
            target = None
        if target is None:
            self.session.skip(_SKIP_ORPHAN)
            return
        key = str(fields.post_id)
        self._interaction(f"reply:{key}", InteractionKind.REPLY, fields.author, target, key, at)

    def _accept(
        self,
        fields: PostFields,
        first: PostFields | None,
        topic: TopicInfo,
        at: tuple[datetime, str, int | None],
    ) -> None:
        if _text(topic.accepter):
            actor = self._person(None, topic.accepter, at)
        else:
            actor = first.author if first is not None else self._topic_author(topic, at)
        if actor is None:
            self.session.skip(_SKIP_ACCEPT)
            return
        key = str(fields.post_id)
        self._interaction(f"accept:{key}", InteractionKind.ACCEPT, actor, fields.author, key, at)

    # -- people the posts name -------------------------------------------------------------
    def _topic_author(self, topic: TopicInfo, at: tuple[datetime, str, int | None]) -> str | None:
        """The topic's author as its file names them (when its first post is missing)."""
        if topic.author is None and topic.author_name is None:
            return None
        return self._person(topic.author, topic.author_name, at)

    def _person(
        self, user_id: str | None, username: object, at: tuple[datetime, str, int | None]
    ) -> str | None:
        """The member a post names by id, username or both: an author of the export, a
        member of the store, or else a placeholder; None when it names no one."""
        if user_id is not None and user_id in self.index.users:
            return user_id
        name = username if isinstance(username, str) and username else None
        if name is not None:
            lower = name.lower()
            known = self.index.usernames.get(lower)
            if known is not None:
                return known
            stored = self._stored_members()[0].get(lower)
            user_id = stored or user_id or self.index.named_ids.get(lower) or f"@{lower}"
            if user_id in self.index.users:  # renamed since it wrote here
                return user_id
        if user_id is None:
            return None
        if user_id not in self._placeholders:
            self._placeholders.add(user_id)
            stored_as = self._stored_members()[1].get(user_id, (True, None))
            # Staged again when the store holds it as a placeholder: a re-import meets every
            # row the first one added. A member the store describes is left as it is.
            if stored_as[0]:
                row = placeholder_member(self.platform, user_id, handle=stored_as[1] or name)
                self._members.append(row, file=at[1], line=at[2])
        return user_id

    def _stored_members(self) -> tuple[dict[str, str], dict[str, tuple[bool, str | None]]]:
        """The platform's members in the store, read once: lower-case handle → member id (a
        described member wins a handle over a placeholder), and member id → (whether it is
        a placeholder, its handle)."""
        if self._stored is None:
            rows = self.session.con.execute(
                """SELECT member_id, handle,
                          coalesce(lower(attributes->>'placeholder') = 'true', false),
                          coalesce(lower(attributes->>'deleted') = 'true', false)
                   FROM members WHERE platform = ?
                   ORDER BY 3 DESC, member_id""",
                [self.platform],
            ).fetchall()
            handles = {h.lower(): m for m, h, _, gone in rows if h is not None and not gone}
            self._stored = handles, {m: (placeholder, h) for m, h, placeholder, _ in rows}
        return self._stored

    def _interaction(
        self,
        iid: str,
        kind: InteractionKind,
        actor: str,
        target: str,
        content: str,
        at: tuple[datetime, str, int | None],
    ) -> None:
        created, file, row = at
        self._interactions.append(
            interaction_row(self.platform, iid, kind.value, actor, target, content, created),
            file=file,
            line=row,
        )


def _id(post: PostFields | None) -> str | None:
    return None if post is None else str(post.post_id)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _likes(post: dict[str, Any]) -> int | None:
    """Likes (``actions_summary`` id 2) or the reactions plugin's total, whichever is larger.

    The reactions plugin lists the likes as its main reaction, so the two are not added.
    """
    likes = [
        _count(a.get("count")) or 0
        for a in _list(post.get("actions_summary"))
        if isinstance(a, dict) and a.get("id") == _LIKE_ACTION
    ]
    reactions = [
        _count(r.get("count")) or 0 for r in _list(post.get("reactions")) if isinstance(r, dict)
    ]
    if not likes and not reactions:
        return 0 if "actions_summary" in post else None
    return max(sum(likes), sum(reactions))
