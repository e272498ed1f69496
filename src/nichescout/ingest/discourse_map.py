"""Discourse posts onto canonical rows; the mapping is documented in
:mod:`nichescout.ingest.discourse`.

A Discourse export is read twice. The first pass feeds every post to a :class:`ForumIndex`,
which checks its fields, keeps the best copy of each post id (the highest ``version``, then
the latest ``updated_at``), and learns who wrote what, so that the second pass — a
:class:`PostMapper` fed the kept copies — can resolve parents, reply targets, thread roots and
``@name`` mentions wherever in the export they are. Every error names the file and, for
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
    "first post, is not in the export, and reply_to_user names no known member)"
)
_SKIP_MENTION = "@mentions of users who wrote no post in the export (their id is unknown)"
_SKIP_ACCEPT = "accepted answers whose topic author is not in the export (no accept actor)"


def mentioned_usernames(cooked: str | None) -> list[str]:
    """Distinct usernames of ``<a class="mention" href="/u/NAME">`` links, in order.

    Mentions inside quotes (``<aside class="quote">`` or ``<blockquote>``) are the quoted
    author's words, not the poster's, and are left out.
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
        found = _USER_PATH.search(link.get("href") or "")
        name = unquote(found.group(1)) if found else link.text_content().strip().lstrip("@")
        if name:
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

    def add_topic(self, topic_id: int, info: TopicInfo) -> None:
        """Remember a per-topic file's title, category, tags, accepted answer and author."""
        self.topics[topic_id] = info
        if info.accepted_number is not None:
            self.solved.add(topic_id)

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

    def member_id(self, username: object) -> str | None:
        """The member id of a username that wrote a post in the export, else None."""
        return self.usernames.get(username.lower()) if isinstance(username, str) else None


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
        members = session.writer("members")
        for member_id, (_, post, file, row) in sorted(index.users.items()):
            members.append(_member_row(platform, member_id, post), file=file, line=row)

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
        targets = [self.index.member_id(n) for n in mentioned_usernames(_text(post.get("cooked")))]
        self.session.skip(_SKIP_MENTION, targets.count(None))
        for target in dict.fromkeys(t for t in targets if t is not None):
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
        if parent is not None:
            target: str | None = parent.author
        elif isinstance(named, dict) and self.index.member_id(named.get("username")):
            target = self.index.member_id(named.get("username"))
        elif reply_to is None:
            target = first.author if first is not None else topic.author
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
        actor = self.index.member_id(topic.accepter) or (
            first.author if first is not None else topic.author
        )
        if actor is None:
            self.session.skip(_SKIP_ACCEPT)
            return
        key = str(fields.post_id)
        self._interaction(f"accept:{key}", InteractionKind.ACCEPT, actor, fields.author, key, at)

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
