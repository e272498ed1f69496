"""Tests of the Discord importer (nichescout.ingest.discord, discord_map).

Expected counts on the real MeshCore export are derived here by reading its JSON with plain
Python, independently of the importer's code; the hand-made server's rows are worked out by
hand in the comments.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from nichescout.cli import app
from nichescout.exceptions import InputError
from nichescout.ingest import ingest
from nichescout.ingest.discord import import_discord
from nichescout.store import Store

from ..conftest import snapshot

DATA = Path(__file__).parents[2].parent / "shared" / "data" / "discord" / "meshcore"
PLATFORM = "discord:1343693475589263471"
DELETED = "456226577798135808"
PLACEHOLDER = "reactions whose reacting users the export does not list (counted in content.likes)"
ORPHAN = (
    "reply interactions with no known target (the replied-to message, or the thread's first "
    "message, is in neither the export nor the store: deleted, or in a channel not exported)"
)


# -- an oracle: the real export read with plain Python ----------------------------------------
def expected(folder: Path) -> dict[str, int]:
    files = [json.loads(f.read_text()) for f in sorted(folder.glob("*.json"))]
    messages = [m for f in files for m in f["messages"]]
    content = [m for m in messages if m["type"] in ("Default", "Reply", "21")]
    author = {m["id"]: m["author"]["id"] for m in messages}
    users = {m["author"]["id"] for m in messages} | {
        u["id"] for m in messages for u in m["mentions"]
    }
    explicit = [m for m in content if m["type"] == "Reply"]
    targeted = [m for m in explicit if (m["reference"] or {}).get("messageId") in author]
    in_threads = 0
    for f in files:
        if f["channel"]["type"] != "GuildPublicThread":
            continue
        own = [m for m in f["messages"] if m["type"] in ("Default", "Reply", "21")]
        ids = {m["id"] for m in own}
        root = f["channel"]["id"] if f["channel"]["id"] in ids else (own[0]["id"] if own else None)
        in_threads += sum(m["type"] != "Reply" and m["id"] != root for m in own)
    return {
        "members": len(users),
        "content": len(content),
        "reply": len(targeted) + in_threads,
        "orphan": len(explicit) - len(targeted),
        "mention": sum(len({u["id"] for u in m["mentions"]}) for m in messages),
        "likes": sum(r["count"] for m in messages for r in m["reactions"]),
        "renames": sum(m["type"] == "ChannelNameChange" for m in messages),
        "titled": sum(
            any(m["type"] in ("Default", "Reply", "21") for m in f["messages"])
            for f in files
            if f["channel"]["type"] == "GuildPublicThread"
        ),
        "by_deleted": sum(m["author"]["id"] == DELETED for m in content),
    }


@pytest.fixture(scope="module")
def real() -> tuple[Store, Any]:
    if not DATA.is_dir():
        pytest.skip(f"the MeshCore Discord export is not at {DATA}")
    store = Store(":memory:")
    return store, import_discord(store, DATA)


def kinds(store: Store) -> dict[str, int]:
    return dict(
        store.con.execute("SELECT kind, count(*) FROM interactions GROUP BY kind").fetchall()
    )


def one(store: Store, sql: str, params: list[Any] | None = None) -> Any:
    row = store.con.execute(sql, params or []).fetchone()
    assert row is not None
    return row[0] if len(row) == 1 else row


EDGES = (
    "SELECT i.kind, a.member_id, t.member_id, i.content_id FROM interactions i "
    "LEFT JOIN members a ON a.member_key = i.actor_key "
    "LEFT JOIN members t ON t.member_key = i.target_key ORDER BY ALL"
)


# -- the real export --------------------------------------------------------------------------
def test_real_export_counts_match_an_independent_read(real: tuple[Store, Any]) -> None:
    store, report = real
    want = expected(DATA)
    assert report.platform == PLATFORM
    assert store.counts() == {
        "members": want["members"],
        "content": want["content"],
        "interactions": want["reply"] + want["mention"],
    }
    assert kinds(store) == {"reply": want["reply"], "mention": want["mention"]}
    assert one(store, "SELECT sum(likes) FROM content") == want["likes"]
    assert one(store, "SELECT count(title) FROM content") == want["titled"]
    deleted = "SELECT count(*) FROM content c JOIN members m ON m.member_key = c.author_key "
    assert one(store, deleted + f"WHERE m.member_id = '{DELETED}'") == want["by_deleted"]
    assert report.skipped == {
        PLACEHOLDER: want["likes"],
        "system messages of type ChannelNameChange, not content": want["renames"],
        ORPHAN: want["orphan"],
    }


def test_documented_counts(real: tuple[Store, Any]) -> None:
    """The figures of docs/ingest.md."""
    store, report = real
    assert report.added == {"members": 670, "content": 13255, "interactions": 13463}
    assert kinds(store) == {"reply": 12808, "mention": 655}
    assert one(store, "SELECT count(*) FROM members WHERE is_bot") == 0
    assert one(store, "SELECT count(*) FROM content WHERE content_id = thread_id") == 391
    assert one(
        store, "SELECT is_bot, attributes->>'deleted' FROM members WHERE member_id = ?", [DELETED]
    ) == (False, "true")


def test_reimport_adds_nothing(real: tuple[Store, Any]) -> None:
    store, first = real
    before = {k: v for k, v in snapshot(store).items() if k != "imports"}
    again = import_discord(store, DATA)
    assert again.added == {"members": 0, "content": 0, "interactions": 0}
    assert again.already_present == first.added
    assert again.updated_members == 0
    assert {k: v for k, v in snapshot(store).items() if k != "imports"} == before


def test_real_rows_are_mapped_as_documented(real: tuple[Store, Any]) -> None:
    store, _ = real
    file = DATA / "MeshCore - development - Elecrow thinknodes [1403395328035524668].json"
    stub = json.loads(file.read_text())["messages"][0]
    # A thread started from a channel message the export lacks: its stub stands for it.
    assert stub["type"] == "21" and stub["timestamp"] == "2025-08-08T11:12:00.028-04:00"
    assert one(
        store,
        "SELECT thread_id, parent_id, title, channel, text, created_at FROM content "
        "WHERE content_id = '1403395328035524668'",
    ) == (
        "1403395328035524668",
        None,
        "Elecrow thinknodes",
        "development",
        None,
        datetime(2025, 8, 8, 15, 12, 0, 28000),  # -04:00 honoured
    )
    messages = [
        m for f in sorted(DATA.glob("*.json")) for m in json.loads(f.read_text())["messages"]
    ]
    by_id = {m["id"]: m for m in messages}
    reply = next(
        m
        for m in messages
        if (m.get("reference") or {}).get("messageId") in by_id and m["type"] == "Reply"
    )
    target = by_id[reply["reference"]["messageId"]]
    assert one(
        store,
        "SELECT a.member_id, t.member_id, i.created_at FROM interactions i "
        "JOIN members a ON a.member_key = i.actor_key JOIN members t ON t.member_key = i.target_key "
        "WHERE interaction_id = ?",
        [f"reply:{reply['id']}"],
    )[:2] == (reply["author"]["id"], target["author"]["id"])
    assert (
        one(store, "SELECT parent_id FROM content WHERE content_id = ?", [reply["id"]])
        == target["id"]
    )
    author = reply["author"]
    assert one(
        store, "SELECT handle, display_name FROM members WHERE member_id = ?", [author["id"]]
    ) == (author["name"], author["nickname"])


# -- a small hand-made server -----------------------------------------------------------------
def user(uid: str, name: str, bot: bool = False) -> dict[str, Any]:
    return {"id": uid, "name": name, "discriminator": "0000", "nickname": name.title(),
            "color": None, "isBot": bot, "roles": [], "avatarUrl": None}  # fmt: skip


ANN, BO, CY = user("11", "ann"), user("12", "bo"), user("13", "cy")
BOT = user("15", "botty", bot=True)
GHOST = {"id": DELETED, "name": "Deleted User", "nickname": "Deleted User", "isBot": False}
GHOST2 = {"id": "16", "name": "deleted_user_ab12cd", "nickname": "Deleted User", "isBot": False}


def msg(mid: str, author: dict[str, Any], content: str = "", kind: str = "Default",
        at: str | None = None, ref: str | None = None, **more: Any) -> dict[str, Any]:  # fmt: skip
    row: dict[str, Any] = {
        "id": mid,
        "type": kind,
        "timestamp": at or f"2025-03-01T10:00:{int(mid) % 60:02d}-05:00",
        "timestampEdited": None,
        "isPinned": False,
        "content": content,
        "author": author,
        "attachments": [],
        "reactions": [],
        "mentions": [],
        **more,
    }
    if ref is not None:
        row["reference"] = {"type": "Default", "messageId": ref, "channelId": "100"}
    return row


def export(folder: Path, name: str, channel: dict[str, Any], messages: list[Any],
           exported: str = "2025-04-01T00:00:00-04:00", guild: str = "9") -> Path:  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"Server - {name} [{channel['id']}].json"
    data = {"guild": {"id": guild, "name": "Server"}, "channel": channel, "exportedAt": exported,
            "messages": messages, "messageCount": len(messages)}  # fmt: skip
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2))
    return path


def thread(tid: str, parent: str, name: str) -> dict[str, Any]:
    return {"id": tid, "type": "GuildPublicThread", "category": parent, "name": name}


def fire(count: int, *users: dict[str, Any], emoji: str = "", name: str = "🔥") -> dict[str, Any]:
    return {"emoji": {"id": emoji, "name": name}, "count": count, "users": list(users)}


def server(folder: Path) -> Path:
    text = {"id": "100", "type": "GuildTextChat", "category": "Text", "name": "general"}
    export(folder, "Text - general", text, [
        msg("1001", ANN, "hello all", reactions=[fire(3)]),  # counts only: likes 3
        msg("1002", BO, "welcome!", "Reply", ref="1001", mentions=[ANN]),  # a ping, no @ann
        msg("1003", CY, "Joined the server.", "GuildMemberJoin"),
        msg("1004", CY, "hi <@14> and <@12>", mentions=[BO]),  # 14: described nowhere
        msg("1005", BOT, "beep", "Reply", ref="1004"),
        msg("1006", GHOST, "gone", "Reply", ref="1002"),
        msg("1007", ANN, "Pinned a message.", "ChannelPinnedMessage"),
        msg("1008", CY, "", reference={"type": "Forward", "messageId": "1002"}),
        msg("1009", ANN, "ok", "Reply", ref="1005"),
    ])  # fmt: skip
    boot = thread("1001", "general", "Boot loop")  # started from message 1001
    export(folder, "general - Boot loop", boot, [
        msg("2000", ANN, kind="21", ref="1001"),  # the stub standing for 1001
        msg("2001", BO, "try flashing"),
        msg("2002", ANN, "@Bo thanks, works", "Reply", ref="2001", mentions=[BO],
            reactions=[fire(3, BO, CY, emoji="777", name="party")]),
    ])  # fmt: skip
    # A later export of the same thread overlaps the first: 2001 again, and one more.
    export(folder / "later", "general - Boot loop", boot, [
        msg("2001", BO, "try flashing"),
        msg("2003", CY, "me too"),
    ], exported="2025-05-01T00:00:00+02:00")  # fmt: skip
    export(folder, "forum - Fan noise", thread("3001", "forum", "Fan noise"), [
        msg("3001", CY, "my fan is loud", at="2025-03-02T23:30:00+02:00"),
        msg("3002", GHOST2, "same", at="2025-03-03T01:00:00.5+02:00"),
        msg("3003", BO, "@Deleted User which one?", "Reply", ref="3002"),
    ])  # fmt: skip
    export(folder, "general - Chat", thread("4000", "general", "Chat"), [  # no message 4000
        msg("4001", BO, "Changed the channel name: Chat", "ChannelNameChange"),
        msg("4002", BO, "let's chat"),
        msg("4003", ANN, "sure"),
    ])  # fmt: skip
    (folder / "Server - Text - general [100].json_Files").mkdir()
    (folder / "Server - Text - general [100].json_Files" / "cat.json").write_text("{oops")
    (folder / "notes.json").write_text('{"hello": 1}')
    return folder


def test_hand_made_server(tmp_path: Path) -> None:
    store = Store(":memory:")
    report = import_discord(store, server(tmp_path / "server"))
    assert report.platform == "discord:9"
    assert report.added == {"members": 6, "content": 15, "interactions": 17}
    assert store.con.execute(EDGES).fetchall() == [
        ("join", "13", None, None),
        ("mention", "11", "12", "2002"),  # ann names @Bo while replying to him
        ("mention", "13", "12", "1004"),  # in mentions and as <@12>: once
        ("mention", "13", "14", "1004"),  # raw <@14>: a placeholder member
        ("reaction", "12", "11", "2002"),
        ("reaction", "13", "11", "2002"),
        ("reply", "11", "12", "2002"),
        ("reply", "11", "12", "4003"),  # a thread with no message 4000: its first, 4002
        ("reply", "11", "15", "1009"),
        ("reply", "12", "11", "1002"),
        ("reply", "12", "11", "2001"),  # no reply: to the thread's first message (1001)
        ("reply", "12", DELETED, "3003"),
        ("reply", "13", "11", "2003"),
        ("reply", "15", "13", "1005"),
        ("reply", DELETED, "12", "1006"),
        ("reply", DELETED, "13", "3002"),  # deleted_user_… is the same placeholder
        ("share", "13", "12", "1002"),  # the forward 1008 of bo's 1002
    ]
    members = store.con.execute(
        "SELECT member_id, handle, display_name, is_bot, joined_at, attributes FROM members "
        "ORDER BY member_id"
    ).fetchall()
    assert [(*m[:5], json.loads(m[5])) for m in members] == [
        ("11", "ann", "Ann", False, None, {}),
        ("12", "bo", "Bo", False, None, {}),
        ("13", "cy", "Cy", False, datetime(2025, 3, 1, 15, 0, 43), {}),  # joined: 1003
        ("14", None, None, False, None, {"placeholder": True}),
        ("15", "botty", "Botty", True, None, {}),
        (DELETED, "Deleted User", None, False, None, {"deleted": True}),
    ]
    content = store.con.execute(
        "SELECT content_id, parent_id, thread_id, channel, title, likes FROM content ORDER BY 1"
    ).fetchall()
    assert content == [
        ("1001", None, "1001", "general", "Boot loop", 3),  # the channel's copy, not the stub
        ("1002", "1001", "1001", "general", None, 0),
        ("1004", None, "1004", "general", None, 0),
        ("1005", "1004", "1004", "general", None, 0),
        ("1006", "1002", "1001", "general", None, 0),
        ("1008", None, "1008", "general", None, 0),
        ("1009", "1005", "1004", "general", None, 0),  # 1009 → 1005 → 1004
        ("2001", "1001", "1001", "general", None, 0),
        ("2002", "2001", "1001", "general", None, 3),
        ("2003", "1001", "1001", "general", None, 0),
        ("3001", None, "3001", "forum", "Fan noise", 0),
        ("3002", "3001", "3001", "forum", None, 0),
        ("3003", "3002", "3001", "forum", None, 0),
        ("4002", None, "4002", "general", "Chat", 0),
        ("4003", "4002", "4002", "general", None, 0),
    ]
    times = dict(store.con.execute("SELECT content_id, created_at FROM content").fetchall())
    assert times["1001"] == datetime(2025, 3, 1, 15, 0, 41)  # 10:00:41-05:00
    assert times["3001"] == datetime(2025, 3, 2, 21, 30)  # 23:30+02:00, the day before in UTC
    assert times["3002"] == datetime(2025, 3, 2, 23, 0, 0, 500000)
    assert report.skipped == {
        PLACEHOLDER: 4,  # 3 on 1001, 1 of 3 on 2002
        "mentions that are only a reply's ping of the replied-to author (kept as the reply)": 1,
        "thread-starter stubs (type 21) whose original message is in the export: the original "
        "kept": 1,
        "messages met more than once (same id in several files): one copy kept": 1,
        "system messages of type ChannelPinnedMessage, not content": 1,
        "system messages of type ChannelNameChange, not content": 1,
        "JSON files that are not DiscordChatExporter channel exports, left unread": 1,
    }


def test_hand_made_reimport_adds_nothing(tmp_path: Path) -> None:
    folder = server(tmp_path / "server")
    store = Store(":memory:")
    import_discord(store, folder)
    before = {k: v for k, v in snapshot(store).items() if k != "imports"}
    again = import_discord(store, folder)
    assert again.added == {"members": 0, "content": 0, "interactions": 0}
    assert again.updated_members == 0
    assert {k: v for k, v in snapshot(store).items() if k != "imports"} == before


def test_a_thread_imported_after_its_channel_finds_its_root_in_the_store(tmp_path: Path) -> None:
    folder = server(tmp_path / "server")
    store = Store(":memory:")
    import_discord(store, folder / "Server - Text - general [100].json")
    report = import_discord(store, folder / "later")
    assert report.added == {"members": 0, "content": 2, "interactions": 2}
    assert (
        one(
            store,
            "SELECT t.member_id FROM interactions i JOIN members t ON t.member_key = i.target_key "
            "WHERE interaction_id = 'reply:2003'",
        )
        == "11"
    )
    assert one(store, "SELECT thread_id FROM content WHERE content_id = '2003'") == "1001"


def test_a_mention_of_a_stored_member_adds_no_placeholder(tmp_path: Path) -> None:
    store = Store(":memory:")
    text = {"id": "100", "type": "GuildTextChat", "category": "Text", "name": "general"}
    first = export(tmp_path / "a", "general", text, [msg("1001", user("14", "dee"), "hi")])
    import_discord(store, first)
    second = export(tmp_path / "b", "general", text, [msg("1002", ANN, "hey <@14>")])
    report = import_discord(store, second)
    assert report.added["members"] == 1  # ann only, no placeholder for 14
    assert one(store, "SELECT attributes FROM members WHERE member_id = '14'") == "{}"


def test_per_user_reactions_and_reactions_as_counts(tmp_path: Path) -> None:
    text = {"id": "100", "type": "GuildTextChat", "category": "Text", "name": "general"}
    path = export(tmp_path, "general", text, [
        msg("1001", ANN, "listed", reactions=[fire(2, BO, CY), fire(1, BO, emoji="5", name="x")]),
        msg("1002", BO, "counted", reactions=[fire(4), fire(1, name="👍")]),
    ])  # fmt: skip
    store = Store(":memory:")
    report = import_discord(store, path)
    assert kinds(store) == {"reaction": 3}
    assert store.con.execute("SELECT interaction_id FROM interactions ORDER BY 1").fetchall() == [
        ("reaction:1001:5:12",),
        ("reaction:1001:🔥:12",),
        ("reaction:1001:🔥:13",),
    ]
    assert dict(store.con.execute("SELECT content_id, likes FROM content").fetchall()) == {
        "1001": 3,
        "1002": 5,
    }
    assert report.skipped == {PLACEHOLDER: 5}


# -- bad input: an error naming the file and message, the store unchanged ----------------------
FILE = "Server - general - Chat [4000].json"
BAD: dict[str, tuple[Any, str]] = {
    "bad time": (
        msg("4009", ANN, at="yesterday"),
        r"message 4 \(id 4009\): 'yesterday' is not an ISO date and time",
    ),
    "no time": (
        {**msg("4009", ANN), "timestamp": None},
        r"message 4 \(id 4009\): timestamp is not an ISO date and time with offset",
    ),
    "bad id": (
        {**msg("4009", ANN), "id": "12ab"},
        r"message 4 \(id 12ab\): id is not a Discord id",
    ),
    "author not an object": (
        msg("4009", "ann"),  # type: ignore[arg-type]
        r"message 4 \(id 4009\): author is not a user object",
    ),
    "author without id": (
        msg("4009", {"name": "ann"}),
        r"message 4 \(id 4009\): author.id is not a Discord id",
    ),
    "mentions not a list": (
        msg("4009", ANN, mentions="@bo"),
        r"message 4 \(id 4009\): mentions is not a list of objects",
    ),
    "bad reaction count": (
        msg("4009", ANN, reactions=[{"emoji": {"name": "x"}, "count": "many", "users": []}]),
        r"message 4 \(id 4009\): reactions\[\].count is not a count",
    ),
    "bad reference": (
        msg("4009", ANN, "x", "Reply", ref="first"),
        r"message 4 \(id 4009\): reference.messageId is not a Discord id",
    ),
    "not an object": ([1, 2], r"message 4: is a JSON list, not an object"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_malformed_message_names_file_and_message_and_changes_nothing(
    case: str, tmp_path: Path
) -> None:
    message, pattern = BAD[case]
    folder = server(tmp_path / "server")
    store = Store(":memory:")
    import_discord(store, folder)
    before = snapshot(store)
    path = folder / FILE
    data = json.loads(path.read_text())
    data["messages"].append(message)
    path.write_text(json.dumps(data))
    with pytest.raises(InputError, match=rf"^{re.escape(FILE)}, {pattern}"):
        import_discord(store, folder)
    assert snapshot(store) == before


def test_broken_files_and_folders_are_refused(tmp_path: Path) -> None:
    folder = server(tmp_path / "server")
    (folder / FILE).write_text('{"guild": {"id": "9"}, "channel": ')
    with pytest.raises(InputError, match=r"Chat \[4000\]\.json: not valid JSON .* export the"):
        import_discord(Store(":memory:"), folder)
    (folder / FILE).write_text('{"guild": {"id": "9"}, "channel": {"id": "4000"}, "messages": 3}')
    with pytest.raises(InputError, match=r"Chat \[4000\]\.json: 'messages' is not a list"):
        import_discord(Store(":memory:"), folder)
    other = {"id": "5", "type": "GuildTextChat", "name": "x"}
    (folder / FILE).unlink()
    export(folder, "other", other, [msg("5001", ANN, "hi")], guild="77")
    with pytest.raises(InputError, match=r"from server 77, .* from server 9; import each"):
        import_discord(Store(":memory:"), folder)
    report = import_discord(Store(":memory:"), folder, platform="discord:both")
    assert report.platform == "discord:both"
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.json").write_text("{}")
    with pytest.raises(InputError, match="holds no Discord messages"):
        import_discord(Store(":memory:"), empty)
    with pytest.raises(InputError, match="no such file or folder"):
        import_discord(Store(":memory:"), tmp_path / "missing")


def test_progress_counts_the_bytes_read_in_both_passes(tmp_path: Path) -> None:
    class Recorder:
        def __init__(self) -> None:
            self.totals: list[int | None] = []
            self.done = 0

        def start(self, description: str, total: int | None) -> None:
            self.totals.append(total)

        def advance(self, amount: int) -> None:
            self.done += amount

    recorder = Recorder()
    folder = server(tmp_path / "server")
    ingest(Store(":memory:"), "discord", folder, progress=recorder)
    exports = [f for f in folder.rglob("*.json") if "_Files" not in str(f)]
    size = sum(f.stat().st_size for f in exports)
    notes = (folder / "notes.json").stat().st_size
    assert recorder.totals == [size, size - notes]
    assert recorder.done == 2 * size - notes


def test_cli_ingest_discord(tmp_path: Path) -> None:
    db = tmp_path / "d.duckdb"
    folder = server(tmp_path / "server")
    args = ["ingest", "discord", str(folder), "--db", str(db), "-q"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert one(Store(db), "SELECT count(*) FROM content") == 15
    (folder / FILE).write_text("{oops")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert "Chat [4000].json: not valid JSON" in result.output
    assert "Traceback" not in result.output
