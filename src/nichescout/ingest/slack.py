"""Slack workspace export importer (the unzipped folder of a Slack export).

An export holds ``users.json``, ``channels.json`` (and, when present, ``groups.json``,
``mpims.json``, ``dms.json``) and one folder per conversation with one JSON array of messages
per day, ``<channel>/YYYY-MM-DD.json``. Each daily file is read whole (they are small) and
streamed into the :class:`~nichescout.store.ImportSession`. The mapping:

=================  ============================================================================
source             canonical rows
=================  ============================================================================
users.json         ``members``: member_id = Slack user id, handle = ``name``, display_name =
                   ``profile.display_name`` or ``real_name``, is_bot = ``is_bot`` or
                   ``is_app_user`` or Slackbot (``USLACKBOT``, added as a bot member when a
                   message refers to it); joined_at, language, country are unknown (NULL);
                   attributes: deactivated (users.json's deleted), tz, title, is_admin, is_owner, is_restricted (guest)
message            ``content`` kind ``message`` for plain messages and the subtypes in
                   :data:`CONTENT_SUBTYPES` (thread_broadcast, bot_message, file_share, …):
                   content_id = ``<channel id>/<ts>``, channel = channel name, author_id =
                   ``user`` (NULL for a bot_message without one), created_at = ``ts``, text =
                   mrkdwn as plain text (:mod:`nichescout.ingest.slack_text`), likes = total
                   reaction count, comments = ``reply_count`` (0 when absent); a thread reply
                   (``thread_ts`` ≠ ``ts``) has parent_id = thread_id = ``<channel id>/<thread_ts>``,
                   any other message has thread_id = its content_id
thread reply       ``reply`` replier → parent's author (``parent_user_id``, else the ``root``
                   of a broadcast, else the parent seen earlier), id ``reply:<channel id>/<ts>``;
                   a reply under a deleted parent (tombstone) has no target
reaction           one ``reaction`` per user listed, toward the message's author, id
                   ``reaction:<channel id>/<ts>:<emoji>:<user>``, value 1, dated at the message
                   (Slack records no reaction time)
``<@U…>`` in text  one ``mention`` per distinct member named, id
                   ``mention:<channel id>/<ts>:<user>``
channel_join       ``join`` (actor = joiner, no target, no content), id ``join:<channel id>/<ts>``;
                   with ``inviter``, also ``referral`` inviter → joiner, id
                   ``referral:<channel id>/<ts>`` (``group_join`` likewise)
=================  ============================================================================

Self-interactions are kept (a reply in one's own thread, a reaction to one's own message, a
self-mention) so the import loses nothing; signals and graph builders should drop rows with
``actor_id = target_id``.
Other subtypes are events, not content, and are skipped and counted by subtype; a
``tombstone`` is the placeholder Slack leaves for a deleted thread parent. Files in a channel
folder not named ``YYYY-MM-DD.json`` are not part of an export, and are counted, not read. The
channel id comes from ``channels.json`` (or the other conversation lists); a folder missing
from them uses its folder name. A member referred to but absent from ``users.json`` (people
who left, guests, members of a shared channel's other workspace) does not stop the import:
an author becomes a placeholder member named from its messages' ``user_profile`` when they
carry one, and anyone only mentioned, reacting, replied to or inviting becomes a bare
placeholder; both have ``{"placeholder": true}`` in attributes, are not bots, and are
counted in the report (``placeholders``). Slackbot is a bot, not a placeholder. The platform
is ``slack:<team_id>``, the workspace id users.json carries, stable across re-exports.

>>> import json, tempfile
>>> from nichescout.store import Store
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "users.json").write_text(json.dumps([
...     {"id": "U1", "team_id": "T1", "name": "ann"}, {"id": "U2", "team_id": "T1", "name": "bo"}]))
>>> _ = (folder / "channels.json").write_text('[{"id": "C1", "name": "general"}]')
>>> (folder / "general").mkdir()
>>> _ = (folder / "general" / "2022-08-12.json").write_text(json.dumps([
...     {"ts": "1660300000.000100", "user": "U1", "text": "hi <@U2>", "reply_count": 1},
...     {"ts": "1660300060.000200", "user": "U2", "text": "hello", "thread_ts":
...      "1660300000.000100", "parent_user_id": "U1",
...      "reactions": [{"name": "wave", "users": ["U1"], "count": 1}]}]))
>>> report = import_slack(Store(":memory:"), folder)
>>> report.platform, report.added
('slack:T1', {'members': 2, 'content': 2, 'interactions': 3})
>>> import shutil; shutil.rmtree(folder)
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from nichescout.exceptions import InputError
from nichescout.ingest.base import NullProgress, Progress
from nichescout.ingest.paths import inside
from nichescout.ingest.slack_map import CONTENT_SUBTYPES, MessageMapper
from nichescout.store import ImportReport, ImportSession, Store

__all__ = ["CONTENT_SUBTYPES", "import_slack", "read_json_list", "team_platform"]

_DAILY = re.compile(r"\d{4}-\d{2}-\d{2}\.json")
_CONVERSATION_LISTS = ("channels.json", "groups.json", "mpims.json", "dms.json")
_EXPORT_HINT = (
    "pass the unzipped Slack export folder, the one holding users.json, "
    "channels.json and one folder per channel"
)


def read_json_list(path: Path, label: str) -> list[dict[str, Any]]:
    """A JSON file holding a list of objects, or an :class:`InputError` naming what is wrong."""
    try:
        data = json.loads(path.read_bytes())
    except json.JSONDecodeError as err:
        raise InputError(
            label,
            None,
            f"not valid JSON ({err.msg} at line {err.lineno}, "
            f"column {err.colno}); re-export it from Slack or repair it.",
        ) from err
    except UnicodeDecodeError as err:
        raise InputError(label, None, "not UTF-8 JSON; re-export it from Slack.") from err
    except RecursionError as err:
        raise InputError(label, None, "JSON nested too deeply to be a Slack export.") from err
    if not isinstance(data, list):
        raise InputError(
            label,
            None,
            f"holds a JSON {type(data).__name__}, not a list; a "
            "Slack export file is a JSON array of objects.",
        )
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise InputError(label, index, f"is a JSON {type(item).__name__}, not an object.")
    return data


def _required(folder: Path, name: str) -> list[dict[str, Any]]:
    path = folder / name
    if not path.is_file():
        raise InputError(folder, None, f"{name} is missing; {_EXPORT_HINT}.")
    return read_json_list(inside(folder, [path])[0], name)


def team_platform(users: list[dict[str, Any]]) -> str:
    """``slack:<team_id>`` from users.json (the most common team, for shared channels).

    >>> team_platform([{"id": "U1", "team_id": "T03U4J8HMUG"}])
    'slack:T03U4J8HMUG'
    """
    teams = Counter(u["team_id"] for u in users if isinstance(u.get("team_id"), str))
    if not teams:
        raise InputError(
            "users.json",
            None,
            "no user has a team_id, so the workspace cannot "
            "be named; pass platform='slack:<workspace>'.",
        )
    return f"slack:{teams.most_common(1)[0][0]}"


def _conversation_ids(folder: Path, channels: list[dict[str, Any]]) -> dict[str, str]:
    """Folder name → conversation id, from channels.json and the optional other lists."""
    ids: dict[str, str] = {}
    for name in _CONVERSATION_LISTS:
        items = (
            channels
            if name == "channels.json"
            else (
                read_json_list(inside(folder, [folder / name])[0], name)
                if (folder / name).is_file()
                else []
            )
        )
        for index, item in enumerate(items, start=1):
            cid = item.get("id")
            if not isinstance(cid, str) or not cid:
                raise InputError(name, index, "the conversation has no 'id'.")
            ids.setdefault(str(item.get("name") or cid), cid)
    return ids


def _daily_files(folder: Path, session: ImportSession) -> list[tuple[str, Path]]:
    """(channel folder name, daily file) in channel then date order; stray files counted."""
    days: list[tuple[str, Path]] = []
    # A channel folder or daily file linked from outside the export is refused (paths.inside)
    for channel in inside(folder, sorted(p for p in folder.iterdir() if p.is_dir())):
        for file in inside(folder, sorted(p for p in channel.iterdir() if p.is_file())):
            if _DAILY.fullmatch(file.name):
                days.append((channel.name, file))
            else:
                session.skip(
                    "files in channel folders not named YYYY-MM-DD.json (not part "
                    "of a Slack export), left unread"
                )
    return days


def import_slack(
    store: Store,
    path: str | Path,
    *,
    platform: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import an unzipped Slack export folder into ``store`` in one transaction."""
    folder = Path(path)
    if not folder.is_dir():
        raise InputError(folder, None, f"not a folder; {_EXPORT_HINT}.")
    users = _required(folder, "users.json")
    channels = _required(folder, "channels.json")
    conversations = _conversation_ids(folder, channels)
    platform = platform or team_platform(users)
    hook = progress or NullProgress()
    with ImportSession(
        store, "slack", folder, platform=platform, unknown_members="placeholder"
    ) as session:
        mapper = MessageMapper(session, platform, users, conversations)
        days = _daily_files(folder, session)
        hook.start(f"{folder.name}: Slack daily files", len(days))
        for channel, file in days:
            label = f"{channel}/{file.name}"
            for index, message in enumerate(read_json_list(file, label), start=1):
                mapper.message(channel, message, label, index)
            hook.advance(1)
        mapper.finish()
        return session.commit()
