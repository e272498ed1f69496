"""Telegram importer: Telegram Desktop's JSON export of a group (``result.json``).

PATH is the ``result.json`` that Telegram Desktop writes (Settings → Advanced → Export
Telegram data, or a group's menu → Export chat history, format "Machine-readable JSON"), or
the export folder holding it. A single chat's export is one object ``{name, type, id,
messages}``; the full account's export lists its chats under ``chats.list`` (and
``left_chats.list``): there, the groups (``private_group``, ``private_supergroup``,
``public_supergroup``) are imported, each as its own platform, and personal chats, bots,
channels and saved messages are counted and left out. The field names follow Telegram
Desktop's JSON writer (``export_output_json.cpp``); no real public export was at hand, so
the tests use hand-made exports that follow that writer field by field. The mapping (see
:mod:`nichescout.ingest.telegram_map`):

=====================  =======================================================================
source                 canonical rows
=====================  =======================================================================
sender                 ``members``: member_id = ``from_id`` (``user123…``, or ``channel…`` for
                       posts made as a channel), display_name = ``from`` (the latest),
                       joined_at = their first join; is_bot only where the export shows it:
                       the sender of a message with ``inline_bot_buttons`` not sent
                       ``via_bot`` (only bots send keyboards). The export has no usernames.
                       Deleted accounts (``from`` ``"Deleted Account"`` or null) are one
                       placeholder member ``deleted`` per platform (``{"deleted": true}``)
message                ``content`` kind ``message``: content_id = ``id``, created_at =
                       ``date_unixtime`` (UTC; ``date`` is the exporting machine's local
                       time, used only when there is no unixtime), text = ``text`` (a string,
                       or the list of strings and entity objects joined), likes = the
                       reactions' total ``count``, parent_id = ``reply_to_message_id``,
                       thread_id = the first message of its chain of replies
reply                  ``reply`` author → the replied-to message's author (in the export, else
                       in the store), id ``reply:<id>``; replies to messages in neither, to a
                       service message (a forum topic's start) or to another chat
                       (``reply_to_peer_id``) are counted
mentions               from ``text_entities`` (else ``text``): a ``mention_name`` entity →
                       ``mention`` of ``user<user_id>``; a ``mention`` (``@name``) → a
                       ``mention`` of the member ``@name`` (lowercased), a placeholder with
                       handle ``name``: the export never pairs usernames with ids. Id
                       ``mention:<id>:<member>``
reactions              one ``reaction`` per member listed in ``recent`` (``from_id``), toward
                       the author, dated at the reaction's ``date`` (local time, moved to UTC
                       by the message's own offset), id ``reaction:<id>:<emoji>:<member>``;
                       counts beyond ``recent`` are counted and stay in ``likes``
invite_members,        the ``actor_id`` added each of ``members`` (the export lists them by
create_group           display name: a name met with exactly one peer id in the export is
                       that member; a name met nowhere is a placeholder ``name:<name>``; a
                       name several ids share is counted, not guessed): ``join`` of the member
                       and ``referral`` actor → member, ids ``join:<id>:<member>`` and
                       ``referral:<id>:<member>``; a member adding themselves (how public
                       supergroups record a join) is a ``join`` only
join_group_by_link,    ``join`` of the actor, id ``join:<id>:<actor>`` (the link's owner is
join_group_by_request  not credited: it is usually the group's creator, not a referrer)
=====================  =======================================================================

Other service messages (``remove_members``, ``pin_message``, title and photo changes…) are
counted by action, not kept; ``edited`` has no canonical column. Self-interactions are
kept, as in the other importers. Members referred to and never described (a
``mention_name`` of someone who never wrote) become placeholders (the loader's lenient
mode). The platform is ``telegram:<chat id>``.

>>> import json, tempfile
>>> from nichescout.store import Store
>>> folder = Path(tempfile.mkdtemp())
>>> def msg(mid, sender, name, text, **more):
...     return {"id": mid, "type": "message", "date": f"2025-03-0{mid}T10:00:00",
...             "date_unixtime": str(1740823200 + 86400 * mid), "from": name,
...             "from_id": sender, "text": text, **more}
>>> _ = (folder / "result.json").write_text(json.dumps({
...     "name": "Makers", "type": "private_supergroup", "id": 77,
...     "messages": [msg(1, "user11", "Ann", "It reboots"),
...                  msg(2, "user12", "Bo", ["Flash it ", {"type": "mention", "text": "@ann"}],
...                      reply_to_message_id=1,
...                      reactions=[{"type": "emoji", "count": 1, "emoji": "👍",
...                                  "recent": [{"from": "Ann", "from_id": "user11",
...                                              "date": "2025-03-02T11:00:00"}]}])]}))
>>> report = import_telegram(Store(":memory:"), folder)
>>> report.platform, report.added
('telegram:77', {'members': 3, 'content': 2, 'interactions': 3})
>>> import shutil; shutil.rmtree(folder)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nichescout.exceptions import InputError
from nichescout.ingest.base import NullProgress, Progress
from nichescout.ingest.paths import inside
from nichescout.ingest.telegram_map import ChatIndex, ChatMapper
from nichescout.store import ImportReport, ImportSession, Store

__all__ = ["import_telegram", "parse_chats"]

_HINT = (
    "pass the result.json of a Telegram Desktop export (Export chat history, format "
    "'Machine-readable JSON') or the folder holding it"
)
_GROUPS = frozenset({"private_group", "private_supergroup", "public_supergroup"})


@dataclass(frozen=True)
class Chat:
    """One exported chat: its id, name and messages."""

    id: str
    name: str | None
    messages: list[dict[str, Any]]


def _read(path: Path, label: str) -> Any:
    try:
        return json.loads(path.read_bytes())
    except json.JSONDecodeError as err:
        raise InputError(
            label,
            None,
            f"not valid JSON ({err.msg} at line {err.lineno}, column {err.colno}); export "
            "the chat again with Telegram Desktop (format JSON) or repair the file.",
        ) from err
    except UnicodeDecodeError as err:
        raise InputError(label, None, "not UTF-8 JSON; export the chat again.") from err
    except RecursionError as err:
        raise InputError(label, None, "JSON nested too deeply to be a Telegram export.") from err


def _chat(data: dict[str, Any], label: str, where: str | None) -> Chat:
    messages = data.get("messages")
    if not isinstance(messages, list):
        raise InputError(label, where, f"'messages' is not a list: {messages!r:.80}.")
    for pos, message in enumerate(messages, start=1):
        if not isinstance(message, dict):
            raise InputError(
                label, f"message {pos}", f"is a JSON {type(message).__name__}, not an object."
            )
    chat_id = data.get("id")
    if not isinstance(chat_id, int) or isinstance(chat_id, bool):
        raise InputError(
            label, where, f"'id' is not the chat's numeric id: {chat_id!r:.80}; {_HINT}."
        )
    name = data.get("name")
    return Chat(str(chat_id), name if isinstance(name, str) else None, messages)


def parse_chats(data: object, label: str) -> tuple[list[Chat], int]:
    """The group chats of an export's JSON, and how many other chats it lists."""
    if not isinstance(data, dict):
        raise InputError(label, None, f"is not a Telegram export (a JSON object); {_HINT}.")
    if "messages" in data:
        return [_chat(data, label, None)], 0
    chats: list[Chat] = []
    other = 0
    for section in ("chats", "left_chats"):
        block = data.get(section)
        if block is None:
            continue
        listed = block.get("list") if isinstance(block, dict) else None
        if not isinstance(listed, list):
            raise InputError(label, None, f"'{section}.list' is not a list of chats.")
        for pos, chat in enumerate(listed, start=1):
            where = f"{section}.list[{pos}]"
            if not isinstance(chat, dict):
                raise InputError(label, where, f"is a JSON {type(chat).__name__}, not a chat.")
            if chat.get("type") in _GROUPS:
                chats.append(_chat(chat, label, where))
            else:
                other += 1
    if "chats" not in data and "left_chats" not in data:
        raise InputError(
            label, None, f"has neither 'messages' nor 'chats': not a Telegram export; {_HINT}."
        )
    return chats, other


def _file(root: Path) -> Path:
    if root.is_file():
        return root
    if not root.is_dir():
        raise InputError(root, None, f"no such file or folder; {_HINT}.")
    result = root / "result.json"
    if not result.is_file():
        raise InputError(root, None, f"holds no result.json; {_HINT}.")
    return inside(root, [result])[0]


def import_telegram(
    store: Store,
    path: str | Path,
    *,
    platform: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a Telegram Desktop JSON export (``result.json`` or its folder) into
    ``store``, one transaction."""
    root = Path(path)
    file = _file(root)
    label = str(file.relative_to(root)) if root.is_dir() else file.name
    hook = progress or NullProgress()
    hook.start(f"{file.parent.name}: reading Telegram JSON (bytes)", file.stat().st_size)
    chats, other = parse_chats(_read(file, label), label)
    hook.advance(file.stat().st_size)
    if not any(chat.messages for chat in chats):
        raise InputError(label, None, f"holds no group messages; {_HINT}.")
    if platform is not None and len(chats) > 1:
        raise InputError(
            label,
            None,
            f"lists {len(chats)} groups; --platform names one: export the group alone "
            "(its menu → Export chat history) or import without --platform (each group "
            "becomes telegram:<chat id>).",
        )
    indexes = []
    for chat in chats:
        index = ChatIndex()
        for pos, message in enumerate(chat.messages, start=1):
            index.add(message, label, pos)
        indexes.append(index)
    one = platform or (f"telegram:{chats[0].id}" if len(chats) == 1 else None)
    with ImportSession(store, "telegram", root, platform=one, unknown_members="placeholder") as s:
        s.skip("chats that are not groups (personal chats, bots, channels), left out", other)
        total = sum(len(chat.messages) for chat in chats)
        hook.start(f"{file.parent.name}: mapping Telegram messages", total)
        for chat, index in zip(chats, indexes, strict=True):
            mapper = ChatMapper(s, one or f"telegram:{chat.id}", index)
            mapper.start(label)
            for pos, message in enumerate(chat.messages, start=1):
                mapper.message(message, label, pos)
                if pos % 1000 == 0:
                    hook.advance(1000)
            hook.advance(len(chat.messages) % 1000)
        return s.commit()
