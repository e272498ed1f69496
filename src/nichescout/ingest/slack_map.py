"""One Slack message (or user) onto canonical rows; the mapping is documented in
:mod:`nichescout.ingest.slack`.

:class:`MessageMapper` is fed the messages of a Slack export in channel and date order and
writes ``members``, ``content`` and ``interactions`` rows into an import session; rows it
leaves out are counted with :meth:`~nichescout.store.ImportSession.skip`. Every error names
the daily file and the 1-based position of the message in it.

>>> slack_ts("1660301251.687329", "general/2022-08-12.json", 3)
('1660301251.687329', datetime.datetime(2022, 8, 12, 10, 47, 31, 687329))
>>> slack_ts("yesterday", "general/2022-08-12.json", 3)
Traceback (most recent call last):
...
nichescout.exceptions.InputError: general/2022-08-12.json, row 3: ts is not a Slack timestamp (seconds since 1970, like '1660301251.687329'): 'yesterday'.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from nichescout.exceptions import InputError
from nichescout.ingest.base import from_unix, interaction_row, placeholder_member
from nichescout.ingest.slack_text import mentioned_ids, mrkdwn_to_text
from nichescout.kinds import ContentKind, InteractionKind
from nichescout.store import ImportSession

__all__ = ["CONTENT_SUBTYPES", "JOIN_SUBTYPES", "SYSTEM_USER", "MessageMapper", "slack_ts"]

#: Slack's own system account; it is not listed in users.json.
SYSTEM_USER = "USLACKBOT"
#: Message subtypes that are content; every other subtype is an event (joins become
#: interactions, the rest are skipped and counted).
CONTENT_SUBTYPES: frozenset[str | None] = frozenset(
    {
        None,
        "thread_broadcast",
        "reply_broadcast",
        "bot_message",
        "file_share",
        "file_comment",
        "me_message",
        "slackbot_response",
        "huddle_thread",
    }
)
#: Event subtypes that record a member joining a channel (public, private).
JOIN_SUBTYPES = frozenset({"channel_join", "group_join"})
_NO_USER_NEEDED = frozenset({"bot_message"})
_TS = re.compile(r"\d{1,12}(\.\d{1,9})?")
_SKIP_DELETED = "deleted thread parents (tombstone placeholders), not content"
_SKIP_JOIN = "channel_join notices, imported as join (and referral) interactions, not content"
_SKIP_EVENT_REACTIONS = "reactions on event messages (joins, tombstones, …), not on content"
_SKIP_ORPHAN = (
    "reply interactions for thread replies whose parent author is unknown "
    "(no parent_user_id and the parent is not in the export)"
)


def slack_ts(value: object, file: str, row: int, name: str = "ts") -> tuple[str, datetime]:
    """A Slack timestamp as (its id text, naive UTC time), or an error naming the message."""
    text = str(value) if isinstance(value, str | int) else None
    if text is None or not _TS.fullmatch(text):
        raise InputError(
            file,
            row,
            f"{name} is not a Slack timestamp (seconds since 1970, "
            f"like '1660301251.687329'): {value!r}.",
        )
    try:
        return text, from_unix(text)
    except (OverflowError, OSError, ValueError) as err:
        raise InputError(file, row, f"{name} is out of range: {value!r}.") from err


class MessageMapper:
    """Writes the canonical rows of a Slack export into ``session``.

    ``conversations`` maps a channel folder name to its Slack id. Members are written at
    construction; call :meth:`message` for each message, then :meth:`finish`.
    """

    def __init__(
        self,
        session: ImportSession,
        platform: str,
        users: list[dict[str, Any]],
        conversations: dict[str, str],
    ) -> None:
        self.session = session
        self.platform = platform
        self.conversations = conversations
        self.channel_names = {cid.upper(): name for name, cid in conversations.items()}
        self.handles: dict[str, str] = {}
        self.thread_authors: dict[str, str | None] = {}
        self.deleted_parents: set[str] = set()
        #: authors absent from users.json → (their message's user_profile, file, row)
        self.unlisted: dict[str, tuple[dict[str, Any], str, int]] = {}
        self.system_referenced = False
        self._at: tuple[datetime, str, int] = (datetime(1970, 1, 1), "users.json", 0)
        self._members = session.writer("members")
        self._content = session.writer("content")
        self._interactions = session.writer("interactions")
        for index, user in enumerate(users, start=1):
            self._member(user, index)

    # -- members ---------------------------------------------------------------------------
    def _member(self, user: dict[str, Any], index: int) -> None:
        uid = user.get("id")
        if not isinstance(uid, str) or not uid:
            raise InputError("users.json", index, "the user has no 'id'; re-export users.json.")
        raw_profile = user.get("profile")
        profile: dict[str, Any] = raw_profile if isinstance(raw_profile, dict) else {}
        handle = user.get("name") or None
        self.handles[uid] = str(handle or uid)
        attributes = {
            # Slack's "deleted" is a deactivated account: a real member who wrote what they
            # wrote (and who may have left after the ranking date), not the placeholder for
            # deleted accounts that rankings leave out.
            "deactivated": user.get("deleted"),
            "tz": user.get("tz"),
            "title": profile.get("title") or None,
            "is_admin": user.get("is_admin"),
            "is_owner": user.get("is_owner"),
            "is_restricted": user.get("is_restricted"),
        }
        self._members.append(
            {
                "platform": self.platform,
                "member_id": uid,
                "handle": handle,
                "display_name": profile.get("display_name")
                or user.get("real_name")
                or profile.get("real_name")
                or None,
                "is_bot": bool(user.get("is_bot") or user.get("is_app_user") or uid == SYSTEM_USER),
                "attributes": json.dumps({k: v for k, v in attributes.items() if v is not None}),
            },
            file="users.json",
            line=index,
        )

    def _ref(self, uid: str | None) -> str | None:
        if uid == SYSTEM_USER:
            self.system_referenced = True
        return uid

    def _unlisted_author(self, uid: str | None, msg: dict[str, Any]) -> None:
        """Remember the ``user_profile`` a message carries for an author users.json lacks."""
        if uid is None or uid in self.handles or uid == SYSTEM_USER:
            return
        profile = msg.get("user_profile")
        if isinstance(profile, dict) and (uid not in self.unlisted or not self.unlisted[uid][0]):
            self.unlisted[uid] = (profile, self._at[1], self._at[2])
        elif uid not in self.unlisted:
            self.unlisted[uid] = ({}, self._at[1], self._at[2])

    def finish(self) -> None:
        """Add the members users.json lacks: Slackbot (a bot) when messages refer to it, and
        a placeholder for each other author, named from its messages' ``user_profile``.

        Members only mentioned, reacting or replied to get their placeholder at commit
        (the session is opened with ``unknown_members="placeholder"``).
        """
        for uid, (profile, file, row) in sorted(self.unlisted.items()):
            handle = profile.get("name")
            name = profile.get("display_name") or profile.get("real_name")
            self._members.append(
                placeholder_member(
                    self.platform,
                    uid,
                    handle=handle if isinstance(handle, str) and handle else None,
                    display_name=name if isinstance(name, str) and name else None,
                ),
                file=file,
                line=row,
            )
        if self.system_referenced and SYSTEM_USER not in self.handles:
            self._members.append(
                {
                    "platform": self.platform,
                    "member_id": SYSTEM_USER,
                    "handle": "slackbot",
                    "display_name": "Slackbot",
                    "is_bot": True,
                    "attributes": json.dumps({"system": True}),
                },
                file="users.json",
            )

    # -- messages --------------------------------------------------------------------------
    def message(self, channel: str, msg: dict[str, Any], file: str, row: int) -> None:
        """Map one message of ``channel``'s daily ``file`` (``row`` = its 1-based position)."""
        cid = self.conversations.get(channel, channel)
        ts, created = slack_ts(msg.get("ts"), file, row)
        self._at = (created, file, row)
        key = f"{cid}/{ts}"
        subtype = msg.get("subtype")
        if subtype is not None and not isinstance(subtype, str):
            raise InputError(file, row, f"subtype is not a string: {subtype!r}.")
        reactions = self._reactions(msg)
        if subtype in CONTENT_SUBTYPES:
            self._content_message(msg, channel, cid, ts, key, reactions)
            return
        self.session.skip(_SKIP_EVENT_REACTIONS, sum(len(users) for _, users, _ in reactions))
        if subtype in JOIN_SUBTYPES:
            self.session.skip(_SKIP_JOIN)
            joiner = self._user(msg, "user")
            self._interaction(f"join:{key}", InteractionKind.JOIN, joiner, None, None)
            if msg.get("inviter") is not None:
                inviter = self._user(msg, "inviter")
                self._interaction(f"referral:{key}", InteractionKind.REFERRAL, inviter, joiner)
        elif subtype == "tombstone":
            self.deleted_parents.add(key)
            self.session.skip(_SKIP_DELETED)
        else:
            self.session.skip(f"channel event messages (subtype {subtype}), not content")

    def _content_message(
        self,
        msg: dict[str, Any],
        channel: str,
        cid: str,
        ts: str,
        key: str,
        reactions: list[tuple[str, list[str], int]],
    ) -> None:
        created, file, row = self._at
        author = self._user(msg, "user", required=msg.get("subtype") not in _NO_USER_NEEDED)
        self._unlisted_author(author, msg)
        parent = None
        if msg.get("thread_ts") is not None:
            thread_ts, _ = slack_ts(msg["thread_ts"], file, row, "thread_ts")
            parent = f"{cid}/{thread_ts}" if thread_ts != ts else None
        if parent is None and (msg.get("thread_ts") is not None or msg.get("reply_count")):
            self.thread_authors[key] = author
        text = msg.get("text")
        if text is not None and not isinstance(text, str):
            raise InputError(file, row, f"text is a JSON {type(text).__name__}, not a string.")
        replies = msg.get("reply_count")
        row_ = {
            "platform": self.platform,
            "content_id": key,
            "author_id": self._ref(author),
            "kind": ContentKind.MESSAGE.value,
            "parent_id": parent,
            "thread_id": parent or key,
            "channel": channel,
            "created_at": created,
            "text": mrkdwn_to_text(text, self.handles, self.channel_names),
            "likes": sum(count for _, _, count in reactions),
            "comments": replies if isinstance(replies, int) else 0,
        }
        self._content.append(row_, file=file, line=row)
        if parent is not None:
            self._reply(msg, key, parent, author)
        for name, users, _ in reactions:
            for user in users:
                reaction_id = f"reaction:{key}:{name}:{user}"
                self._interaction(reaction_id, InteractionKind.REACTION, user, author, key)
        for user in mentioned_ids(text):
            self._interaction(f"mention:{key}:{user}", InteractionKind.MENTION, author, user, key)

    def _user(self, msg: dict[str, Any], field: str, *, required: bool = True) -> str | None:
        uid = msg.get(field)
        if isinstance(uid, str) and uid:
            return uid
        if uid is None and not required:
            return None
        _, file, row = self._at
        raise InputError(
            file,
            row,
            f"the message has no member id in {field!r} (got {uid!r}); every message by a "
            "member needs one.",
        )

    def _reactions(self, msg: dict[str, Any]) -> list[tuple[str, list[str], int]]:
        """(emoji, users, count) of each reaction; count is Slack's (its user list may be cut)."""
        out = []
        for reaction in msg.get("reactions") or []:
            name = reaction.get("name") if isinstance(reaction, dict) else None
            users = reaction.get("users") if isinstance(reaction, dict) else None
            if not (
                isinstance(name, str)
                and isinstance(users, list)
                and all(isinstance(u, str) and u for u in users)
            ):
                _, file, row = self._at
                raise InputError(
                    file,
                    row,
                    f"a reaction is not {{'name': emoji, 'users': [member ids], 'count': n}}: "
                    f"{reaction!r}.",
                )
            count = reaction.get("count")
            out.append((name, users, count if isinstance(count, int) else len(users)))
        return out

    def _reply(self, msg: dict[str, Any], key: str, parent: str, author: str | None) -> None:
        root = msg.get("root")
        named = msg.get("parent_user_id") or (root.get("user") if isinstance(root, dict) else None)
        if parent in self.deleted_parents:
            target = None
        elif isinstance(named, str):
            target = named
        elif parent in self.thread_authors:
            target = self.thread_authors[parent]
        else:
            self.session.skip(_SKIP_ORPHAN)
            return
        self._interaction(f"reply:{key}", InteractionKind.REPLY, author, target, key)

    def _interaction(
        self,
        iid: str,
        kind: InteractionKind,
        actor: str | None,
        target: str | None,
        content: str | None = None,
    ) -> None:
        created, file, row = self._at
        self._interactions.append(
            interaction_row(
                self.platform,
                iid,
                kind.value,
                self._ref(actor),
                self._ref(target),
                content,
                created,
            ),
            file=file,
            line=row,
        )
