"""Discord importer: DiscordChatExporter's JSON export of a server's channels and threads.

PATH is one JSON file or a folder searched recursively for ``*.json``: the files
``DiscordChatExporter export --format Json`` writes, one per channel or thread (named like
``Server - parent - name [channel id].json``), each ``{guild, channel, dateRange,
exportedAt, messages, messageCount}`` as its ``JsonMessageWriter`` lays them out. A folder is
one server. Other JSON files are counted and left unread, and so are the downloaded media
folders (``*_Files``). The export is read in two passes (see
:mod:`nichescout.ingest.discord_map`): the first checks every message and keeps one copy of
each message id — a real message before a thread-starter stub standing for it, then the
copy from the latest export — and the second maps the kept copies. The mapping:

=====================  =======================================================================
source                 canonical rows
=====================  =======================================================================
user objects           ``members``: member_id = ``id`` (the snowflake), handle = ``name``
                       (``name#discriminator`` for accounts that still have one),
                       display_name = ``nickname``, is_bot = ``isBot``, joined_at = their
                       first "Joined the server." message; attributes: ``roles`` (names).
                       Authors, mentioned users and listed reactors are all described by
                       the export; the author's latest object wins. Deleted accounts
                       (``Deleted User``, id 456226577798135808, or a ``deleted_user_…``
                       name) are one placeholder member ``456226577798135808`` per platform,
                       attributes ``{"deleted": true}``, not a bot: rankings leave it out. A
                       user named only by id (a raw ``<@id>`` in the text, or a user object
                       with no name) that the store does not know is a placeholder
                       (``{"placeholder": true}``, not a bot)
message                ``content`` kind ``message`` for ``Default`` and ``Reply`` messages
                       (and the numbered kinds 20 and 23, slash-command answers):
                       content_id = message ``id``, created_at = ``timestamp`` (its offset
                       honoured, stored in UTC), text = ``content`` (NULL when empty), likes =
                       the reactions' total ``count``, channel = the thread's parent channel
                       (``channel.category``) or the channel's name. In a thread file,
                       thread_id = the thread's id; the message with that id opens it (title
                       = the thread's name, parent_id NULL), any other has parent_id = the
                       message it replies to, else the thread's first message. In a channel,
                       a message that opened an exported thread is that thread's root; a
                       reply has parent_id = the replied-to message and thread_id = the root
                       of its chain of replies; any other message is its own thread
thread-starter stub    (type ``21``: the empty first message of a thread started from a
                       channel message) stands for that message, content_id = the thread's
                       id, with no text, when the channel's own copy is not in the export;
                       when it is, the stub is counted and left out
reply                  ``reply`` author → the author of ``reference.messageId`` (found in the
                       export, else in the store), id ``reply:<message id>``; a message in a
                       thread that replies to no one replies to the thread's first message's
                       author; skipped and counted when the target is unknown (a reply to a
                       deleted message has no ``messageId``)
``mentions``           one ``mention`` per distinct user in ``mentions`` or raw ``<@id>`` in
                       the text, id ``mention:<message id>:<user id>``; the replied-to author
                       listed only because the reply pinged them is the reply, not a mention
                       (counted)
``reactions``          one ``reaction`` per listed user (``users``), toward the author, id
                       ``reaction:<message id>:<emoji id or name>:<user id>``, dated at the
                       message (the export has no reaction times); reactions whose users are
                       not listed are counted and stay in ``likes``
forward                (``reference.type`` ``Forward``) ``share`` forwarder → the original's
                       author, content_id = the original, id ``share:<message id>``, when the
                       original is in the export or the store; else counted
member join            ``GuildMemberJoin`` ("Joined the server."): ``join`` (actor = the
                       member, no target, no content), id ``join:<message id>``
=====================  =======================================================================

Other system messages (channel renames, pins, "started a thread", calls, boosts…) are
counted by type, not kept. Self-interactions are kept, as in the other importers. The
platform is ``discord:<guild id>`` (stable across exports; files of several servers need
``platform=`` / ``--platform``).

>>> import json, tempfile
>>> from nichescout.store import Store
>>> folder = Path(tempfile.mkdtemp())
>>> def user(uid, name, bot=False):
...     return {"id": uid, "name": name, "nickname": name.title(), "isBot": bot}
>>> def msg(mid, author, content, kind="Default", **more):
...     return {"id": mid, "type": kind, "timestamp": f"2025-03-0{mid[-1]}T10:00:00-05:00",
...             "content": content, "author": author, **more}
>>> ann, bo = user("11", "ann"), user("12", "bo")
>>> _ = (folder / "S - help - Boot loop [101].json").write_text(json.dumps({
...     "guild": {"id": "9", "name": "S"},
...     "channel": {"id": "101", "type": "GuildPublicThread", "category": "help",
...                 "name": "Boot loop"},
...     "exportedAt": "2025-04-01T00:00:00-04:00",
...     "messages": [msg("101", ann, "It reboots"),
...                  msg("102", bo, "Flash it @Ann", mentions=[ann],
...                      reactions=[{"emoji": {"id": "", "name": "👍"}, "count": 1,
...                                  "users": [ann]}])]}))
>>> report = import_discord(Store(":memory:"), folder)
>>> report.platform, report.added
('discord:9', {'members': 2, 'content': 2, 'interactions': 3})
>>> import shutil; shutil.rmtree(folder)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nichescout.exceptions import InputError
from nichescout.ingest.base import NullProgress, Progress
from nichescout.ingest.discord_map import Channel, MessageMapper, ServerIndex
from nichescout.ingest.paths import inside
from nichescout.store import ImportReport, ImportSession, Store

__all__ = ["import_discord", "parse_export"]

_HINT = (
    "pass a DiscordChatExporter JSON export (export --format Json: one .json file per "
    "channel or thread) or a folder of them"
)
_SKIP_UNKNOWN = "JSON files that are not DiscordChatExporter channel exports, left unread"


@dataclass(frozen=True)
class Export:
    """One channel's or thread's file: its server, header and messages."""

    guild: str
    channel: Channel
    exported_at: str
    messages: list[dict[str, Any]]


def _read(path: Path, label: str) -> Any:
    try:
        return json.loads(path.read_bytes())
    except json.JSONDecodeError as err:
        raise InputError(
            label,
            None,
            f"not valid JSON ({err.msg} at line {err.lineno}, column {err.colno}); export "
            "the channel again with DiscordChatExporter (--format Json) or repair the file.",
        ) from err
    except UnicodeDecodeError as err:
        raise InputError(label, None, "not UTF-8 JSON; export the channel again.") from err
    except RecursionError as err:
        raise InputError(label, None, "JSON nested too deeply to be a Discord export.") from err


def parse_export(data: object, label: str) -> Export | None:
    """The server, channel and messages of one file's JSON; None for other JSON."""
    if not isinstance(data, dict) or "messages" not in data or "channel" not in data:
        return None
    messages = data["messages"]
    if not isinstance(messages, list):
        raise InputError(label, None, f"'messages' is not a list: {messages!r:.80}.")
    for pos, message in enumerate(messages, start=1):
        if not isinstance(message, dict):
            raise InputError(
                label, f"message {pos}", f"is a JSON {type(message).__name__}, not an object."
            )
    guild = data.get("guild")
    guild_id = guild.get("id") if isinstance(guild, dict) else None
    if isinstance(guild_id, int) and not isinstance(guild_id, bool):
        guild_id = str(guild_id)
    if not isinstance(guild_id, str) or not guild_id:
        raise InputError(
            label, None, f"'guild' names no server id: {guild!r:.80}; {_HINT} as written."
        )
    return Export(
        guild_id, Channel.parse(data["channel"], label), _utc(data.get("exportedAt")), messages
    )


def _utc(value: object) -> str:
    """``exportedAt`` in UTC, so that exports made in different time zones compare."""
    try:
        stamp = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return ""
    if stamp is None:
        return ""
    return (stamp.astimezone(UTC) if stamp.tzinfo else stamp).isoformat()


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise InputError(root, None, f"no such file or folder; {_HINT}.")
    return inside(
        root,
        sorted(
            p
            for p in root.rglob("*.json")
            if p.is_file()
            and not any(part.endswith("_Files") for part in p.relative_to(root).parts)
        ),
    )


def import_discord(
    store: Store,
    path: str | Path,
    *,
    platform: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import DiscordChatExporter JSON (a file or a folder: one server) into ``store``, one
    transaction."""
    root = Path(path)
    files = _files(root)
    base = root if root.is_dir() else root.parent
    labels = [str(f.relative_to(base)) for f in files]
    sizes = [f.stat().st_size for f in files]
    hook = progress or NullProgress()
    index = ServerIndex()
    exports: list[int] = []
    guild: tuple[str, str] | None = None
    unread = 0
    hook.start(f"{base.name}: reading DiscordChatExporter JSON (bytes)", sum(sizes))
    for number, (file, label) in enumerate(zip(files, labels, strict=True)):
        export = parse_export(_read(file, label), label)
        hook.advance(sizes[number])
        if export is None:
            unread += 1
            continue
        if guild is None:
            guild = (export.guild, label)
        elif platform is None and export.guild != guild[0]:
            raise InputError(
                label,
                None,
                f"this file is from server {export.guild}, {guild[1]} from server {guild[0]}; "
                "import each server on its own, or pass --platform NAME to file them together.",
            )
        index.add_channel(export.channel)
        for pos, message in enumerate(export.messages, start=1):
            index.add(message, export.channel, export.exported_at, number, label, pos)
        exports.append(number)
    if guild is None or not index.messages:
        raise InputError(root, None, f"holds no Discord messages; {_HINT}.")
    platform = platform or f"discord:{guild[0]}"
    with ImportSession(store, "discord", root, platform=platform) as session:
        session.skip(_SKIP_UNKNOWN, unread)
        mapper = MessageMapper(session, platform, index)
        hook.start(f"{base.name}: mapping Discord messages (bytes)", sum(sizes[n] for n in exports))
        for number in exports:
            export = parse_export(_read(files[number], labels[number]), labels[number])
            assert export is not None  # the same bytes parsed in pass one
            for pos, message in enumerate(export.messages, start=1):
                mapper.message(message, export.channel, (number, pos), labels[number])
            hook.advance(sizes[number])
        return session.commit()
