"""Telegram Desktop export messages onto canonical rows; the mapping is documented in
:mod:`nichescout.ingest.telegram`.

One chat is read twice. The first pass feeds every message to a :class:`ChatIndex`, which
checks its fields and learns who wrote what, which display name goes with which peer id
(service messages name invited members by name only) and when each member joined; the
second pass — a :class:`ChatMapper` — writes the rows. Every error names the file and the
message (its 1-based position in ``messages`` and its id).

>>> text_of(["Flash it, ", {"type": "mention", "text": "@ann_k"}, "!"], "r.json", "message 1")
'Flash it, @ann_k!'
>>> mentioned([{"type": "mention", "text": "@Ann_K"},
...            {"type": "mention_name", "text": "Bo", "user_id": 42}], "r.json", "message 1")
['@ann_k', 'user42']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from nichescout.exceptions import InputError
from nichescout.ingest.base import (
    DELETED_MEMBER_ID,
    deleted_member,
    from_unix,
    interaction_row,
    parse_timestamp,
    placeholder_member,
)
from nichescout.kinds import ContentKind, InteractionKind
from nichescout.store import ImportSession

__all__ = ["ChatIndex", "ChatMapper", "mentioned", "text_of"]

#: How Telegram Desktop names an account that was deleted (an empty name is written null).
DELETED_NAME = "Deleted Account"
_PEER = re.compile(r"(user|channel|chat)[0-9]{1,20}")
_USERNAME = re.compile(r"@([A-Za-z0-9_]{1,64})")
#: Service actions that bring members in: the actor added the listed members.
_ADDS = frozenset({"invite_members", "create_group"})
#: Service actions in which the actor joined on their own.
_JOINS = frozenset({"join_group_by_link", "join_group_by_request"})
_SKIP_ORPHAN = (
    "replies to a message in neither the export nor the store (deleted, or outside the "
    "exported date range): kept as messages, no reply interaction"
)
_SKIP_SERVICE_REPLY = (
    "replies to a service message (a forum topic's start, a pin): no reply interaction"
)
_SKIP_UNLISTED = (
    "reactions whose reacting members the export does not list in 'recent' (counted in "
    "content.likes)"
)
_SKIP_AMBIGUOUS = (
    "invited members named by a display name that several peer ids of the export share "
    "(no referral: the invitee cannot be told apart)"
)
_SKIP_OTHER_PEER = "replies to a message in another chat (reply_to_peer_id): no reply interaction"
_SKIP_UNSUPPORTED = "messages of a type other than 'message' or 'service' (unsupported media)"


def _where(pos: int, message_id: object) -> str:
    if isinstance(message_id, int) and not isinstance(message_id, bool):
        return f"message {pos} (id {message_id})"
    return f"message {pos}"


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _msg_id(value: object, name: str, file: str, where: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63:
        return value
    raise InputError(
        file,
        where,
        f"{name} is not a message id (a whole number): {value!r:.80}; export the chat again "
        "with Telegram Desktop (Export chat history, format JSON).",
    )


def peer_id(value: object, name: str, file: str, where: str) -> str:
    """A ``from_id`` / ``actor_id`` ("user123", "channel456"), checked."""
    if isinstance(value, str) and _PEER.fullmatch(value):
        return value
    raise InputError(
        file,
        where,
        f"{name} is not a Telegram peer id (like 'user123456789' or 'channel1234'): "
        f"{value!r:.80}; export the chat again with Telegram Desktop (format JSON).",
    )


def _person(name_value: object, id_value: object, name: str, file: str, where: str) -> str:
    """The member id of a sender, actor or reactor; deleted accounts are one placeholder."""
    member = peer_id(id_value, f"{name}_id", file, where)
    if name_value is None or name_value == DELETED_NAME:
        return DELETED_MEMBER_ID
    if not isinstance(name_value, str):
        raise InputError(file, where, f"{name} is not a name: {name_value!r:.80}.")
    return member


def _parts(value: object, name: str, file: str, where: str) -> list[str | dict[str, Any]]:
    if isinstance(value, str):
        return [value]
    if value is None:
        return []
    if isinstance(value, list):
        for part in value:
            if isinstance(part, str):
                continue
            if not isinstance(part, dict) or not isinstance(part.get("text"), str):
                raise InputError(
                    file,
                    where,
                    f"{name} holds {part!r:.80}: neither a string nor an entity object with "
                    "a 'text' string.",
                )
        return value
    raise InputError(file, where, f"{name} is neither a string nor a list: {value!r:.80}.")


def text_of(value: object, file: str, where: str) -> str | None:
    """The plain text of ``text`` (a string, or a list of strings and entity objects)."""
    parts = _parts(value, "text", file, where)
    joined = "".join(p if isinstance(p, str) else p["text"] for p in parts)
    return joined or None


def mentioned(entities: object, file: str, where: str) -> list[str]:
    """Distinct member ids a message's entities mention, in order: ``user<N>`` for a
    ``mention_name`` (a member without a username, named by id), ``@username`` (lowercased:
    usernames ignore case) for a ``mention``."""
    out: list[str] = []
    for part in _parts(entities, "text_entities", file, where):
        if isinstance(part, str):
            continue
        kind = part.get("type")
        if kind == "mention_name":
            user = part.get("user_id")
            if isinstance(user, str) and user.isdigit():
                user = int(user)
            if not isinstance(user, int) or isinstance(user, bool) or not 0 < user < 2**63:
                raise InputError(
                    file, where, f"a mention_name entity's user_id is not a user id: {user!r:.80}."
                )
            out.append(f"user{user}")
        elif kind == "mention":
            found = _USERNAME.fullmatch(part["text"].strip())
            if found:
                out.append("@" + found.group(1).lower())
    return list(dict.fromkeys(out))


def _list(value: object, name: str, file: str, where: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise InputError(file, where, f"{name} is not a list of objects: {value!r:.80}.")
    return value


@dataclass(frozen=True)
class Stamp:
    """When a message was sent (naive UTC) and the exporting machine's UTC offset, which
    the export's local ``date`` strings (reaction times) need."""

    utc: datetime
    offset: timedelta

    @classmethod
    def parse(cls, msg: dict[str, Any], file: str, where: str) -> Stamp:
        raw = msg.get("date_unixtime")
        local_raw = msg.get("date")
        local = None
        if isinstance(local_raw, str):
            local = parse_timestamp(local_raw, file, where)
        if raw is None:
            if local is None:
                raise InputError(
                    file, where, "has neither date_unixtime nor date; export the chat again."
                )
            return cls(local, timedelta(0))
        if isinstance(raw, str) and raw.isdigit() and len(raw) <= 12:
            seconds = int(raw)
        elif isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw < 10**12:
            seconds = raw
        else:
            raise InputError(file, where, f"date_unixtime is not seconds since 1970: {raw!r:.80}.")
        try:
            utc = from_unix(seconds)
        except (OverflowError, OSError, ValueError) as err:
            raise InputError(file, where, f"date_unixtime is out of range: {raw!r:.80}.") from err
        offset = (local - utc) if local is not None else timedelta(0)
        if abs(offset) > timedelta(hours=15):  # not a time zone: the local date is off
            offset = timedelta(0)
        return cls(utc, offset)

    def local(self, value: object, file: str, where: str) -> datetime:
        """A local ``date`` of the same export (a reaction's) in UTC; the message's own time
        when it has none."""
        if not isinstance(value, str):
            return self.utc
        return parse_timestamp(value, file, where) - self.offset


@dataclass(frozen=True)
class Message:
    """The checked fields of one message that both passes need."""

    id: int
    service: bool
    author: str | None
    name: str | None
    stamp: Stamp
    reply_to: int | None
    other_chat: bool
    action: str | None

    @classmethod
    def parse(cls, msg: dict[str, Any], file: str, pos: int) -> Message | None:
        """The message's fields; None for an ``unsupported`` one."""
        where = _where(pos, msg.get("id"))
        message_id = _msg_id(msg.get("id"), "id", file, where)
        kind = msg.get("type")
        if kind not in ("message", "service"):
            if isinstance(kind, str) and kind:
                return None
            raise InputError(file, where, f"type is not 'message' or 'service': {kind!r:.80}.")
        stamp = Stamp.parse(msg, file, where)
        service = kind == "service"
        label = "actor" if service else "from"
        author = None
        name = None
        if f"{label}_id" in msg or not service:
            author = _person(msg.get(label), msg.get(f"{label}_id"), label, file, where)
            name = _text(msg.get(label))
        action = msg.get("action")
        if service and not isinstance(action, str):
            action = None if action is None else str(action)[:40]
        reply = msg.get("reply_to_message_id")
        reply_to = None if reply is None else _msg_id(reply, "reply_to_message_id", file, where)
        return cls(
            message_id,
            service,
            author,
            name,
            stamp,
            reply_to,
            msg.get("reply_to_peer_id") is not None,
            action if service else None,
        )


@dataclass
class ChatIndex:
    """Pass one: who wrote each message, who each name is, when members joined."""

    authors: dict[int, str | None] = field(default_factory=dict)
    parents: dict[int, int] = field(default_factory=dict)
    service: set[int] = field(default_factory=set)
    names: dict[str, set[str]] = field(default_factory=dict)
    described: dict[str, tuple[str | None, bool]] = field(default_factory=dict)
    joined: dict[str, datetime] = field(default_factory=dict)
    added: list[tuple[object, datetime]] = field(default_factory=list)

    def _name(self, member: str | None, name: str | None, bot: bool = False) -> None:
        if member is None or member == DELETED_MEMBER_ID:
            return
        before = self.described.get(member, (None, False))
        self.described[member] = (name or before[0], bot or before[1])
        if name:
            self.names.setdefault(name, set()).add(member)

    def add(self, msg: dict[str, Any], file: str, pos: int) -> None:
        fields = Message.parse(msg, file, pos)
        if fields is None:
            return
        where = _where(pos, fields.id)
        if fields.service:
            self.service.add(fields.id)
        else:
            self.authors.setdefault(fields.id, fields.author)
            if fields.reply_to is not None and not fields.other_chat:
                self.parents.setdefault(fields.id, fields.reply_to)
        # a message with an inline keyboard that no inline bot made is a bot's own message
        bot = not fields.service and bool(msg.get("inline_bot_buttons")) and not msg.get("via_bot")
        self._name(fields.author, fields.name, bot)
        if fields.service and fields.author is not None and fields.action in _JOINS:
            self.join(fields.author, fields.stamp.utc)
        if fields.service and fields.author is not None and fields.action in _ADDS:
            names = msg.get("members")
            if isinstance(names, list):
                self.added.extend((name, fields.stamp.utc) for name in names)
        for reaction in _list(msg.get("reactions"), "reactions", file, where):
            for recent in _list(reaction.get("recent"), "reactions[].recent", file, where):
                member = _person(recent.get("from"), recent.get("from_id"), "from", file, where)
                self._name(member, _text(recent.get("from")))

    def join(self, member: str, when: datetime) -> None:
        first = self.joined.get(member)
        if first is None or when < first:
            self.joined[member] = when

    def resolve(self, name: object) -> str | None:
        """The member id of an invited member's display name; None when several share it.
        A name met nowhere with an id is a ``name:`` placeholder."""
        if name is None or name == DELETED_NAME:
            return DELETED_MEMBER_ID
        if not isinstance(name, str) or not name:
            return DELETED_MEMBER_ID
        ids = self.names.get(name)
        if ids is None:
            return f"name:{name}"
        return next(iter(ids)) if len(ids) == 1 else None

    def thread_of(self, message: int) -> int:
        """The first message of the chain of replies ``message`` belongs to (in the export)."""
        seen = {message}
        while (parent := self.parents.get(message)) is not None and parent in self.authors:
            if parent in seen:
                break
            seen.add(parent)
            message = parent
        return message


class ChatMapper:
    """Pass two: the canonical rows of one chat's messages."""

    def __init__(self, session: ImportSession, platform: str, index: ChatIndex) -> None:
        self.session = session
        self.platform = platform
        self.index = index
        self._content = session.writer("content")
        self._interactions = session.writer("interactions")
        self._members = session.writer("members")
        self._written: set[str] = set()
        self._stored: dict[int, tuple[str | None, str | None]] = {}

    def start(self, file: str) -> None:
        """Write the members the export describes, and look up replied-to messages that
        earlier imports hold."""
        for name, when in self.index.added:
            added = self.index.resolve(name)
            if added is not None and added in self.index.described:
                self.index.join(added, when)
        for member, (name, bot) in sorted(self.index.described.items()):
            joined = self.index.joined.get(member)
            self._member(
                {"member_id": member, "display_name": name, "is_bot": bot, "joined_at": joined},
                file,
            )
        missing = {
            p for p in self.index.parents.values() if p not in self.index.authors
        } - self.index.service
        if missing:
            rows = self.session.con.execute(
                """SELECT c.content_id, m.member_id, c.thread_id FROM content c
                   LEFT JOIN members m ON m.member_key = c.author_key
                   WHERE c.platform = ? AND list_contains(?, c.content_id)""",
                [self.platform, sorted(str(p) for p in missing)],
            ).fetchall()
            self._stored = {int(cid): (author, thread) for cid, author, thread in rows}

    def _member(self, row: dict[str, Any], file: str, pos: int = 0) -> None:
        member = row["member_id"]
        if member in self._written:
            return
        self._written.add(member)
        if member == DELETED_MEMBER_ID:
            row = deleted_member(self.platform)
        elif member.startswith(("@", "name:")):
            named = member[1:] if member.startswith("@") else member[len("name:") :]
            row = placeholder_member(
                self.platform,
                member,
                handle=named if member.startswith("@") else None,
                display_name=None if member.startswith("@") else named,
            )
        self._members.append({**row, "platform": self.platform}, file=file, line=pos)

    def message(self, msg: dict[str, Any], file: str, pos: int) -> None:
        fields = Message.parse(msg, file, pos)
        if fields is None:
            self.session.skip(_SKIP_UNSUPPORTED)
            return
        if fields.service:
            self._service(msg, fields, file, pos)
            return
        where = _where(pos, fields.id)
        key = str(fields.id)
        author = fields.author
        if author is not None:
            self._member({"member_id": author}, file, pos)
        text = text_of(msg.get("text"), file, where)
        reactions = _list(msg.get("reactions"), "reactions", file, where)
        counts = [_count(r.get("count"), file, where) for r in reactions]
        parent, thread, target = self._parent(fields)
        self._content.append(
            {
                "platform": self.platform,
                "content_id": key,
                "author_id": author,
                "kind": ContentKind.MESSAGE.value,
                "parent_id": parent,
                "thread_id": thread,
                "created_at": fields.stamp.utc,
                "text": text,
                "likes": sum(counts),
            },
            file=file,
            line=pos,
        )
        at = (fields.stamp.utc, file, pos)
        if target is not None:
            self._interaction(f"reply:{key}", InteractionKind.REPLY, author, target, key, at)
        entities = msg.get("text_entities")
        for member in mentioned(entities if entities is not None else msg.get("text"), file, where):
            if member.startswith("@"):
                self._member({"member_id": member}, file, pos)
            self._interaction(
                f"mention:{key}:{member}", InteractionKind.MENTION, author, member, key, at
            )
        for reaction, count in zip(reactions, counts, strict=True):
            emoji = _emoji(reaction, file, where)
            recent = _list(reaction.get("recent"), "reactions[].recent", file, where)
            members: dict[str, datetime] = {}
            for one in recent:
                member = _person(one.get("from"), one.get("from_id"), "from", file, where)
                members.setdefault(member, fields.stamp.local(one.get("date"), file, where))
            self.session.skip(_SKIP_UNLISTED, max(0, count - len(members)))
            for member, when in members.items():
                if member == DELETED_MEMBER_ID:
                    self._member({"member_id": member}, file, pos)
                self._interaction(
                    f"reaction:{key}:{emoji}:{member}",
                    InteractionKind.REACTION,
                    member,
                    author,
                    key,
                    (when, file, pos),
                )

    def _parent(self, fields: Message) -> tuple[str | None, str, str | None]:
        """(parent_id, thread_id, reply target) of a message."""
        key = str(fields.id)
        if fields.reply_to is None:
            return None, key, None
        if fields.other_chat:
            self.session.skip(_SKIP_OTHER_PEER)
            return None, key, None
        reply = fields.reply_to
        if reply in self.index.authors:
            return str(reply), str(self.index.thread_of(fields.id)), self.index.authors[reply]
        if reply in self._stored:
            author, thread = self._stored[reply]
            return str(reply), thread or str(reply), author
        self.session.skip(_SKIP_SERVICE_REPLY if reply in self.index.service else _SKIP_ORPHAN)
        return None, key, None

    def _service(self, msg: dict[str, Any], fields: Message, file: str, pos: int) -> None:
        action = fields.action or "(none)"
        actor = fields.author
        at = (fields.stamp.utc, file, pos)
        key = str(fields.id)
        if actor is not None:
            self._member({"member_id": actor}, file, pos)
        if actor is not None and action in _JOINS:
            self._interaction(f"join:{key}:{actor}", InteractionKind.JOIN, actor, None, None, at)
            return
        if actor is None or action not in _ADDS:
            self.session.skip(f"service messages '{action}', not content")
            return
        names = msg.get("members")
        if names is None:
            names = []
        if not isinstance(names, list):
            raise InputError(
                file, _where(pos, fields.id), f"members is not a list of names: {names!r:.80}."
            )
        for name in names:
            member = self.index.resolve(name)
            if member is None:
                self.session.skip(_SKIP_AMBIGUOUS)
                continue
            self._member({"member_id": member}, file, pos)
            self._interaction(f"join:{key}:{member}", InteractionKind.JOIN, member, None, None, at)
            if member != actor:
                self._interaction(
                    f"referral:{key}:{member}", InteractionKind.REFERRAL, actor, member, None, at
                )

    def _interaction(
        self,
        iid: str,
        kind: InteractionKind,
        actor: str | None,
        target: str | None,
        content: str | None,
        at: tuple[datetime, str, int],
    ) -> None:
        created, file, pos = at
        self._interactions.append(
            interaction_row(self.platform, iid, kind.value, actor, target, content, created),
            file=file,
            line=pos,
        )


def _count(value: object, file: str, where: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**62:
        return value
    raise InputError(file, where, f"reactions[].count is not a count: {value!r:.80}.")


def _emoji(reaction: dict[str, Any], file: str, where: str) -> str:
    for name in ("emoji", "document_id", "type"):
        value = reaction.get(name)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value):
            return str(value)
    raise InputError(
        file, where, f"a reaction has no emoji, document_id or type: {reaction!r:.80}."
    )
