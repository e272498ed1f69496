"""DiscordChatExporter messages onto canonical rows; the mapping is documented in
:mod:`nichescout.ingest.discord`.

A server's export is read twice. The first pass feeds every message to a
:class:`ServerIndex`, which checks its fields, keeps one copy of each message id (a real
message before a thread-starter stub standing for it, then the copy from the latest export),
learns who wrote what and who every user id is, so that the second pass — a
:class:`MessageMapper` fed the kept copies — can resolve replies, thread roots and mentions
wherever in the export they are. Every error names the file and the message (its 1-based
position in ``messages`` and its id).

>>> mentioned_ids("ping <@123456789012345678> and <@!223456789012345678>, not <@&99>")
['123456789012345678', '223456789012345678']
>>> Channel.parse({"id": "42", "type": "GuildPublicThread", "category": "help",
...                "name": "Boot loop"}, "x.json").is_thread
True
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from nichescout.exceptions import InputError
from nichescout.ingest.base import interaction_row, parse_timestamp, placeholder_member
from nichescout.kinds import ContentKind, InteractionKind
from nichescout.store import ImportSession

__all__ = [
    "DELETED_ID",
    "Channel",
    "MessageFields",
    "MessageMapper",
    "ServerIndex",
    "mentioned_ids",
]

#: The id Discord gives every deleted account's messages ("Deleted User"): the one
#: placeholder member standing for deleted accounts on a platform.
DELETED_ID = "456226577798135808"
_DELETED_NAME = "Deleted User"
_DELETED_HANDLE = re.compile(r"deleted_user_[0-9a-f]+")
#: DCE writes a message's kind by its enum name, and kinds it has no name for as numbers.
_THREADS = frozenset({"GuildPublicThread", "GuildPrivateThread", "GuildNewsThread"})
_THREAD_NUMBERS = frozenset({"10", "11", "12"})
_CONTENT = frozenset({"Default", "Reply", "0", "19", "20", "23"})
_REPLY = frozenset({"Reply", "19"})
_JOIN = frozenset({"GuildMemberJoin", "7"})
_STARTER = frozenset({"ThreadStarterMessage", "21"})
_FORWARD = frozenset({"Forward", "1"})
#: (when, file, position of the message) of an interaction.
_At = tuple[datetime, str, int]
_SNOWFLAKE = re.compile(r"[0-9]{1,20}")
_MENTION = re.compile(r"<@!?([0-9]{1,20})>")
_SKIP_DUPLICATE = "messages met more than once (same id in several files): one copy kept"
_SKIP_STUB = (
    "thread-starter stubs (type 21) whose original message is in the export: the original kept"
)
_SKIP_ORPHAN = (
    "reply interactions with no known target (the replied-to message, or the thread's first "
    "message, is in neither the export nor the store: deleted, or in a channel not exported)"
)
_SKIP_FORWARD = (
    "forwards whose original message is in neither the export nor the store (no share target)"
)
_SKIP_UNLISTED = (
    "reactions whose reacting users the export does not list (counted in content.likes)"
)
_SKIP_PING = "mentions that are only a reply's ping of the replied-to author (kept as the reply)"


def mentioned_ids(text: str | None) -> list[str]:
    """Distinct user ids of raw ``<@id>`` / ``<@!id>`` mentions in a message's content, in
    order (exports made with ``--markdown false`` keep them; role mentions ``<@&id>`` are not
    users)."""
    if not text or "<@" not in text:
        return []
    return list(dict.fromkeys(_MENTION.findall(text)))


def _where(pos: int, message_id: object) -> str:
    if isinstance(message_id, str | int) and not isinstance(message_id, bool):
        return f"message {pos} (id {message_id})"
    return f"message {pos}"


def _snowflake(value: object, name: str, file: str, where: str | None) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        value = str(value)
    if isinstance(value, str) and _SNOWFLAKE.fullmatch(value):
        return value
    raise InputError(
        file,
        where,
        f"{name} is not a Discord id (a snowflake like '416626772822589445'): {value!r}; "
        "export the channel again with DiscordChatExporter's JSON format.",
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _list(value: object, name: str, file: str, where: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise InputError(file, where, f"{name} is not a list of objects: {value!r:.80}.")
    return value


@dataclass(frozen=True)
class Channel:
    """The ``channel`` header of one exported file."""

    id: str
    name: str | None
    parent: str | None
    is_thread: bool

    @classmethod
    def parse(cls, channel: object, file: str) -> Channel:
        """Check the header, or name the file and what is wrong."""
        if not isinstance(channel, dict):
            raise InputError(file, None, f"'channel' is not an object: {channel!r:.80}.")
        kind = channel.get("type")
        return cls(
            _snowflake(channel.get("id"), "channel.id", file, None),
            _text(channel.get("name")),
            _text(channel.get("category")),
            (isinstance(kind, str | int) and (kind in _THREADS or str(kind) in _THREAD_NUMBERS)),
        )

    @property
    def place(self) -> str | None:
        """``content.channel``: a thread's parent channel, else the channel itself."""
        return (self.parent or self.name) if self.is_thread else self.name


@dataclass(frozen=True)
class MessageFields:
    """The checked fields of one message that the index and the mapper need."""

    key: str
    message_id: str
    kind: str
    author: str
    created_at: datetime
    reply_to: str | None
    forward_of: str | None
    stub: bool

    @property
    def is_content(self) -> bool:
        return self.stub or self.kind in _CONTENT

    @classmethod
    def parse(
        cls, msg: dict[str, Any], channel: Channel, file: str, pos: int
    ) -> tuple[MessageFields, dict[str, Any]]:
        """The message's fields and its author object, or name the message and the problem."""
        where = _where(pos, msg.get("id"))
        message_id = _snowflake(msg.get("id"), "id", file, where)
        kind = msg.get("type")
        if isinstance(kind, int) and not isinstance(kind, bool):
            kind = str(kind)
        if not isinstance(kind, str) or not kind:
            raise InputError(file, where, f"type is not a message kind like 'Default': {kind!r}.")
        stamp = msg.get("timestamp")
        if not isinstance(stamp, str):
            raise InputError(
                file, where, f"timestamp is not an ISO date and time with offset: {stamp!r}."
            )
        created = parse_timestamp(stamp, file, where)
        author = msg.get("author")
        if not isinstance(author, dict):
            raise InputError(file, where, f"author is not a user object: {author!r:.80}.")
        member, _ = user_of(author, "author", file, where)
        reference = msg.get("reference")
        if reference is not None and not isinstance(reference, dict):
            raise InputError(file, where, f"reference is not an object: {reference!r:.80}.")
        referenced = None
        ref_kind = None
        if reference is not None:
            ref_kind = str(reference.get("type"))
            if reference.get("messageId") is not None:
                referenced = _snowflake(
                    reference.get("messageId"), "reference.messageId", file, where
                )
        stub = kind in _STARTER and channel.is_thread
        forward = ref_kind in _FORWARD
        return (
            cls(
                key=channel.id if stub else message_id,
                message_id=message_id,
                kind=kind,
                author=member,
                created_at=created,
                reply_to=referenced if kind in _REPLY and not forward else None,
                forward_of=referenced if forward else None,
                stub=stub,
            ),
            author,
        )


def user_of(user: dict[str, Any], name: str, file: str, where: str) -> tuple[str, bool]:
    """(member id, whether the object describes the user) of a DCE user object; deleted
    accounts all map to :data:`DELETED_ID`."""
    member = _snowflake(user.get("id"), f"{name}.id", file, where)
    username = user.get("name")
    if username == _DELETED_NAME or (
        isinstance(username, str) and _DELETED_HANDLE.fullmatch(username)
    ):
        return DELETED_ID, True
    return member, isinstance(username, str) and bool(username)


@dataclass(frozen=True)
class _Kept:
    author: str
    thread: str | None
    reply_to: str | None
    stub: bool
    content: bool
    rank: tuple[bool, str]
    where: tuple[int, int]


@dataclass
class ServerIndex:
    """Pass one: the kept copy of every message, who each user is, and the threads."""

    messages: dict[str, _Kept] = field(default_factory=dict)
    users: dict[str, tuple[tuple[int, datetime], dict[str, Any], str, int]] = field(
        default_factory=dict
    )
    joined: dict[str, datetime] = field(default_factory=dict)
    threads: dict[str, Channel] = field(default_factory=dict)
    referred: dict[str, tuple[str, int]] = field(default_factory=dict)
    forwarded: set[str] = field(default_factory=set)
    first: dict[str, tuple[datetime, str]] = field(default_factory=dict)
    stored: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    roots: dict[str, str] = field(default_factory=dict)

    def add_channel(self, channel: Channel) -> None:
        if channel.is_thread:
            self.threads.setdefault(channel.id, channel)

    def add(
        self,
        msg: dict[str, Any],
        channel: Channel,
        exported: str,
        file_index: int,
        file: str,
        pos: int,
    ) -> None:
        """Check ``msg`` and keep it when it is the best copy of its id seen so far."""
        fields, author = MessageFields.parse(msg, channel, file, pos)
        rank = (not fields.stub, exported)
        kept = self.messages.get(fields.key)
        if kept is None or rank > kept.rank:
            self.messages[fields.key] = _Kept(
                fields.author,
                channel.id if channel.is_thread else None,
                fields.reply_to,
                fields.stub,
                fields.is_content,
                rank,
                (file_index, pos),
            )
        if channel.is_thread and fields.is_content:
            first = self.first.get(channel.id)
            if first is None or (fields.created_at, fields.key) < first:
                self.first[channel.id] = (fields.created_at, fields.key)
        where = _where(pos, fields.message_id)
        self._describe(author, "author", 2, fields.created_at, file, pos, where)
        if fields.kind in _JOIN:
            joined = self.joined.get(fields.author)
            if joined is None or fields.created_at < joined:
                self.joined[fields.author] = fields.created_at
        for mention in _list(msg.get("mentions"), "mentions", file, where):
            self._describe(mention, "mentions[]", 1, fields.created_at, file, pos, where)
        for reaction in _list(msg.get("reactions"), "reactions", file, where):
            users = _list(reaction.get("users"), "reactions[].users", file, where)
            for user in users:
                self._describe(user, "reactions[].users[]", 0, fields.created_at, file, pos, where)
        if fields.forward_of is not None:
            self.forwarded.add(fields.forward_of)
        for raw in mentioned_ids(_text(msg.get("content"))):
            self.referred.setdefault(raw, (file, pos))

    def _describe(
        self,
        user: dict[str, Any],
        name: str,
        priority: int,
        at: datetime,
        file: str,
        pos: int,
        where: str,
    ) -> None:
        """Remember the best description of a user: an author's over a mention's over a
        reactor's (which lacks roles), then the latest."""
        member, described = user_of(user, name, file, where)
        if not described:
            self.referred.setdefault(member, (file, pos))
            return
        rank = (priority, at)
        seen = self.users.get(member)
        if seen is None or rank > seen[0]:
            self.users[member] = (rank, user, file, pos)

    def is_kept(self, key: str, where: tuple[int, int]) -> bool:
        return self.messages[key].where == where

    def author_of(self, key: str) -> str | None:
        kept = self.messages.get(key)
        if kept is not None:
            return kept.author
        stored = self.stored.get(key)
        return stored[0] if stored else None

    def missing(self) -> set[str]:
        """Message ids the export refers to (replies, thread roots, forwards) but lacks."""
        wanted = {k.reply_to for k in self.messages.values() if k.reply_to}
        return (wanted | set(self.threads) | self.forwarded) - set(self.messages)

    def resolve(self, stored: dict[str, tuple[str, str | None]]) -> None:
        """Take the messages the store holds, and find each thread's first message: the one
        whose id is the thread's (a forum post, a thread started from a message), else —
        a thread started on its own, or whose opening message was deleted — its earliest."""
        self.stored = stored
        for thread in self.threads:
            kept = self.messages.get(thread)
            known = (kept is not None and kept.content) or thread in stored
            self.roots[thread] = thread if known else self.first.get(thread, (None, thread))[1]

    def thread_of(self, key: str) -> str:
        """The thread a message belongs to: its thread's id in a thread, else the root of
        its chain of replies (a message that opened a thread is that thread's root)."""
        seen = {key}
        while True:
            kept = self.messages.get(key)
            if kept is None:
                stored = self.stored.get(key)
                return (stored[1] if stored else None) or key
            if kept.thread is not None:
                return self.roots.get(kept.thread, kept.thread)
            if key in self.threads or kept.reply_to is None or kept.reply_to in seen:
                return key
            key = kept.reply_to
            seen.add(key)


def _handle(user: dict[str, Any]) -> str | None:
    name = _text(user.get("name"))
    tag = user.get("discriminator")
    if name and isinstance(tag, str) and tag.strip("0"):
        return f"{name}#{tag}"
    return name


def _member_row(platform: str, member: str, user: dict[str, Any], index: ServerIndex) -> dict:
    if member == DELETED_ID:
        return {
            "platform": platform,
            "member_id": DELETED_ID,
            "handle": _DELETED_NAME,
            "is_bot": False,
            "attributes": json.dumps({"deleted": True}),
        }
    listed = user.get("roles")
    roles = (
        [r.get("name") for r in listed if isinstance(r, dict)] if isinstance(listed, list) else []
    )
    roles = [r for r in roles if isinstance(r, str)]
    return {
        "platform": platform,
        "member_id": member,
        "handle": _handle(user),
        "display_name": _text(user.get("nickname")),
        "joined_at": index.joined.get(member),
        "is_bot": user.get("isBot") is True,
        "attributes": json.dumps({"roles": roles} if roles else {}),
    }


class MessageMapper:
    """Pass two: writes the members, then each kept message's content and interactions."""

    def __init__(self, session: ImportSession, platform: str, index: ServerIndex) -> None:
        self.session = session
        self.platform = platform
        self.index = index
        self._content = session.writer("content")
        self._interactions = session.writer("interactions")
        members = session.writer("members")
        for member, (_, user, file, pos) in sorted(index.users.items()):
            members.append(_member_row(platform, member, user, index), file=file, line=pos)
        # Users named only by id (raw <@id> mentions, user objects without a name): a
        # placeholder each, unless the store already knows them.
        undescribed = set(index.referred) - set(index.users)
        for member in sorted(undescribed - self._stored_members(undescribed)):
            file, pos = index.referred[member]
            row = _member_row(platform, member, {}, index)
            if member != DELETED_ID:
                row = placeholder_member(platform, member)
            members.append(row, file=file, line=pos)
        index.resolve(self._stored_messages(index.missing()))

    def _stored_messages(self, ids: set[str]) -> dict[str, tuple[str, str | None]]:
        """(author, thread) of messages imported before that this export refers to."""
        if not ids:
            return {}
        rows = self.session.con.execute(
            """SELECT c.content_id, m.member_id, c.thread_id FROM content c
               JOIN members m ON m.member_key = c.author_key
               WHERE c.platform = ? AND list_contains(?, c.content_id)""",
            [self.platform, sorted(ids)],
        ).fetchall()
        return {content: (author, thread) for content, author, thread in rows}

    def _stored_members(self, ids: set[str]) -> set[str]:
        if not ids:
            return set()
        rows = self.session.con.execute(
            "SELECT member_id FROM members WHERE platform = ? AND list_contains(?, member_id)",
            [self.platform, sorted(ids)],
        ).fetchall()
        return {row[0] for row in rows}

    def message(
        self, msg: dict[str, Any], channel: Channel, where: tuple[int, int], file: str
    ) -> None:
        """Map one message met in ``file`` at ``where`` (file index, position) in pass two."""
        fields, _ = MessageFields.parse(msg, channel, file, where[1])
        if not self.index.is_kept(fields.key, where):
            kept = self.index.messages[fields.key]
            self.session.skip(_SKIP_STUB if fields.stub and not kept.stub else _SKIP_DUPLICATE)
            return
        at = (fields.created_at, file, where[1])
        if fields.kind in _JOIN:
            self._interaction(
                f"join:{fields.key}", InteractionKind.JOIN, fields.author, None, None, at
            )
            return
        if not fields.is_content:
            self.session.skip(f"system messages of type {fields.kind}, not content")
            return
        key = fields.key
        thread = self.index.threads.get(key)  # this channel message opened that thread
        home = thread or channel
        if channel.is_thread:
            thread_id = self.index.roots.get(channel.id, channel.id)
            root = key == thread_id
            parent = None if root else (fields.reply_to or thread_id)
        else:
            thread_id = key if thread is not None else self.index.thread_of(key)
            root = thread_id == key
            parent = fields.reply_to
        text = None if fields.stub else _text(msg.get("content"))
        pos_label = _where(where[1], fields.message_id)
        reactions = _list(msg.get("reactions"), "reactions", file, pos_label)
        counts = [_count(r.get("count"), file, pos_label) for r in reactions]
        self._content.append(
            {
                "platform": self.platform,
                "content_id": key,
                "author_id": fields.author,
                "kind": ContentKind.MESSAGE.value,
                "parent_id": parent,
                "thread_id": thread_id,
                "channel": home.place,
                "created_at": fields.created_at,
                "title": home.name if root and home.is_thread else None,
                "text": text,
                "likes": sum(counts),
            },
            file=file,
            line=where[1],
        )
        reply_target = self._reply(fields, channel, root, at)
        self._forward(fields, at)
        self._mentions(msg, fields, text, reply_target, file, pos_label, at)
        self._reactions(reactions, counts, fields, file, pos_label, at)

    def _reply(self, fields: MessageFields, channel: Channel, root: bool, at: _At) -> str | None:
        if fields.kind in _REPLY or fields.reply_to is not None:
            # None: a reply to a deleted message (DCE writes no messageId)
            target = self.index.author_of(fields.reply_to) if fields.reply_to else None
        elif channel.is_thread and not root:
            target = self.index.author_of(self.index.roots.get(channel.id, channel.id))
        else:
            return None
        if target is None:
            self.session.skip(_SKIP_ORPHAN)
            return None
        key = fields.key
        self._interaction(f"reply:{key}", InteractionKind.REPLY, fields.author, target, key, at)
        return target if fields.reply_to is not None else None

    def _forward(self, fields: MessageFields, at: _At) -> None:
        if fields.forward_of is None:
            return
        target = self.index.author_of(fields.forward_of)
        if target is None:
            self.session.skip(_SKIP_FORWARD)
            return
        self._interaction(
            f"share:{fields.key}",
            InteractionKind.SHARE,
            fields.author,
            target,
            fields.forward_of,
            at,
        )

    def _mentions(
        self,
        msg: dict[str, Any],
        fields: MessageFields,
        text: str | None,
        reply_target: str | None,
        file: str,
        where: str,
        at: _At,
    ) -> None:
        named: dict[str, dict[str, Any]] = {}
        for user in _list(msg.get("mentions"), "mentions", file, where):
            member, _ = user_of(user, "mentions[]", file, where)
            named.setdefault(member, user)
        for raw in mentioned_ids(text):
            named.setdefault(raw, {"id": raw})
        for member, user in named.items():
            if member == reply_target and not _names(text, member, user):
                self.session.skip(_SKIP_PING)
                continue
            self._interaction(
                f"mention:{fields.key}:{member}",
                InteractionKind.MENTION,
                fields.author,
                member,
                fields.key,
                at,
            )

    def _reactions(
        self,
        reactions: list[dict[str, Any]],
        counts: list[int],
        fields: MessageFields,
        file: str,
        where: str,
        at: _At,
    ) -> None:
        for reaction, count in zip(reactions, counts, strict=True):
            emoji = _emoji(reaction.get("emoji"), file, where)
            users = _list(reaction.get("users"), "reactions[].users", file, where)
            members = dict.fromkeys(user_of(u, "reactor", file, where)[0] for u in users)
            self.session.skip(_SKIP_UNLISTED, max(0, count - len(members)))
            for member in members:
                self._interaction(
                    f"reaction:{fields.key}:{emoji}:{member}",
                    InteractionKind.REACTION,
                    member,
                    fields.author,
                    fields.key,
                    at,
                )

    def _interaction(
        self,
        iid: str,
        kind: InteractionKind,
        actor: str,
        target: str | None,
        content: str | None,
        at: _At,
    ) -> None:
        created, file, pos = at
        self._interactions.append(
            interaction_row(self.platform, iid, kind.value, actor, target, content, created),
            file=file,
            line=pos,
        )


def _names(text: str | None, member: str, user: dict[str, Any]) -> bool:
    """Whether the content names the user (``<@id>``, ``@name`` or ``@nickname``), as
    opposed to a reply that only pinged them."""
    if not text:
        return False
    if f"<@{member}>" in text or f"<@!{member}>" in text:
        return True
    names = (_text(user.get("name")), _text(user.get("nickname")))
    return any(name and f"@{name}" in text for name in names)


def _count(value: object, file: str, where: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise InputError(file, where, f"reactions[].count is not a count: {value!r}.")


def _emoji(value: object, file: str, where: str) -> str:
    if isinstance(value, dict):
        key = _text(value.get("id")) or _text(value.get("name"))
        if key:
            return key
    raise InputError(file, where, f"reactions[].emoji has neither an id nor a name: {value!r:.80}.")
