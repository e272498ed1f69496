"""Tests of the Telegram importer (nichescout.ingest.telegram, telegram_map).

No real public Telegram export was found: the fixture tests/ingest/data/telegram/result.json
is hand-made, field by field as Telegram Desktop's JSON writer (export_output_json.cpp)
lays a single chat's export out (the exporting machine at UTC+1: ``date`` is local time,
``date_unixtime`` UTC seconds). Its rows are worked out by hand below.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from nichescout.cli import app
from nichescout.exceptions import InputError
from nichescout.ingest import ingest
from nichescout.ingest.telegram import import_telegram
from nichescout.store import Store

from ..conftest import snapshot

FIXTURE = Path(__file__).parent / "data" / "telegram" / "result.json"
PLATFORM = "telegram:1234567890"


def _export(tmp_path: Path, data: dict[str, Any] | None = None) -> Path:
    folder = tmp_path / "ChatExport_2025-03-09"
    folder.mkdir(parents=True, exist_ok=True)
    if data is None:
        shutil.copy(FIXTURE, folder / "result.json")
    else:
        (folder / "result.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


def _fixture() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


def _interactions(store: Store) -> set[tuple[str, str, str | None, str | None, datetime]]:
    rows = store.con.execute(
        """SELECT a.member_id, i.kind, t.member_id, i.content_id, i.created_at
           FROM interactions i JOIN members a ON a.member_key = i.actor_key
           LEFT JOIN members t ON t.member_key = i.target_key"""
    ).fetchall()
    return set(rows)


def test_hand_made_export(tmp_path: Path) -> None:
    store = Store(":memory:")
    report = import_telegram(store, _export(tmp_path))
    assert report.platform == PLATFORM
    assert report.added == {"members": 9, "content": 7, "interactions": 13}
    assert (report.placeholders, report.deleted_accounts) == (3, 1)  # @ann_k, name:Cy, user16
    members = {
        row[0]: row[1:]
        for row in store.con.execute(
            "SELECT member_id, display_name, handle, is_bot, joined_at, attributes FROM members"
        ).fetchall()
    }
    assert members["user11"][:3] == ("Ann", None, False)
    assert members["user20"][2] is True  # inline keyboard, no via_bot: a bot's own message
    assert members["user12"][3] == datetime(2025, 3, 1, 9)  # invited by Ann
    assert members["user14"][3] == datetime(2025, 3, 2, 9)  # joined by link
    assert members["user15"][3] == datetime(2025, 3, 2, 9)  # added themselves
    assert members["@ann_k"][:3] == (None, "ann_k", False)
    assert members["name:Cy"][0] == "Cy"
    assert json.loads(members["deleted"][4]) == {"deleted": True}
    assert json.loads(members["user16"][4]) == {"placeholder": True}
    day = datetime(2025, 3, 1, 9)  # 10:00 local at UTC+1
    at = {n: day.replace(day=n) for n in range(1, 9)}
    assert _interactions(store) == {
        # invite_members by Ann: Bo (resolved by name) and Cy (never seen: a placeholder)
        ("user12", "join", None, None, at[1]),
        ("user11", "referral", "user12", None, at[1]),
        ("name:Cy", "join", None, None, at[1]),
        ("user11", "referral", "name:Cy", None, at[1]),
        ("user14", "join", None, None, at[2]),  # join_group_by_link: no referral
        ("user15", "join", None, None, at[2]),  # invite_members of oneself: a join only
        # reactions listed in recent, at their own (local → UTC) times; the third is a count
        ("user12", "reaction", "user11", "4", datetime(2025, 3, 3, 11)),
        ("user14", "reaction", "user11", "4", datetime(2025, 3, 3, 12)),
        ("user12", "reply", "user11", "5", at[4]),
        ("user12", "mention", "@ann_k", "5", at[4]),  # {"type": "mention"}
        ("user12", "mention", "user16", "5", at[4]),  # {"type": "mention_name"}
        ("deleted", "reply", "user12", "6", at[5]),  # "Deleted Account"
        ("user14", "reply", "deleted", "7", at[5]),
    }
    content = store.con.execute(
        "SELECT content_id, parent_id, thread_id, likes, text FROM content ORDER BY created_at"
    ).fetchall()
    assert content == [
        ("4", None, "4", 3, "Welcome! Anyone flashed the v2 board?"),
        ("5", "4", "4", 0, "Yes, @ann_k ask Frank too"),  # text as a list, joined
        ("6", "5", "4", 2, "Did not work for me"),
        ("7", "6", "4", 0, "Try holding BOOT"),
        ("8", None, "8", 0, "Rules: be kind"),
        ("11", None, "11", 0, "hi all"),  # replies to a service message
        ("12", None, "12", 0, "about the old thread"),  # replies to a missing message
    ]
    skipped = report.skipped
    assert skipped["service messages 'pin_message', not content"] == 1
    assert skipped["service messages 'remove_members', not content"] == 1
    assert sum(v for k, v in skipped.items() if k.startswith("reactions whose")) == 3
    assert sum(v for k, v in skipped.items() if k.startswith("replies to")) == 2


def test_reimport_adds_nothing(tmp_path: Path) -> None:
    store = Store(":memory:")
    folder = _export(tmp_path)
    import_telegram(store, folder)
    before = {k: v for k, v in snapshot(store).items() if k != "imports"}
    again = import_telegram(store, folder / "result.json")
    assert again.added == {"members": 0, "content": 0, "interactions": 0}
    assert {k: v for k, v in snapshot(store).items() if k != "imports"} == before


def test_a_later_export_replies_to_a_stored_message(tmp_path: Path) -> None:
    store = Store(":memory:")
    import_telegram(store, _export(tmp_path / "a"))
    data = _fixture()
    data["messages"] = [
        {
            "id": 40,
            "type": "message",
            "date": "2025-03-20T10:00:00",
            "date_unixtime": "1742461200",
            "from": "Cy",
            "from_id": "user13",
            "reply_to_message_id": 7,
            "text": "worked, thanks",
            "text_entities": [{"type": "plain", "text": "worked, thanks"}],
        }
    ]
    report = import_telegram(store, _export(tmp_path / "b", data))
    assert report.added["interactions"] == 1
    row = store.con.execute(
        "SELECT parent_id, thread_id FROM content WHERE content_id = '40'"
    ).fetchone()
    assert row == ("7", "4")
    assert ("user13", "reply", "user14", "40", datetime(2025, 3, 20, 9)) in _interactions(store)


def test_reactions_without_recent_are_counts_only(tmp_path: Path) -> None:
    data = _fixture()
    for message in data["messages"]:
        for reaction in message.get("reactions", []):
            reaction.pop("recent", None)
    report = import_telegram(Store(":memory:"), _export(tmp_path, data))
    assert report.added["interactions"] == 11
    assert sum(v for k, v in report.skipped.items() if k.startswith("reactions whose")) == 5


def test_an_ambiguous_invitee_name_is_counted_not_guessed(tmp_path: Path) -> None:
    data = _fixture()
    data["messages"].append(
        {
            "id": 50,
            "type": "message",
            "date": "2025-03-21T10:00:00",
            "date_unixtime": "1742547600",
            "from": "Bo",
            "from_id": "user30",  # a second Bo
            "text": "hello",
        }
    )
    store = Store(":memory:")
    report = import_telegram(store, _export(tmp_path, data))
    assert any(k.startswith("invited members named by a display name") for k in report.skipped)
    assert ("user11", "referral", "user12", None, datetime(2025, 3, 1, 9)) not in _interactions(
        store
    )


def test_full_account_export_imports_its_groups(tmp_path: Path) -> None:
    group = _fixture()
    personal = {"name": "Mum", "type": "personal_chat", "id": 5, "messages": []}
    full = {
        "about": "Here is the data you requested.",
        "personal_information": {"user_id": 11, "first_name": "Ann"},
        "chats": {"about": "This page lists all chats.", "list": [personal, group]},
    }
    report = import_telegram(Store(":memory:"), _export(tmp_path, full))
    assert report.platform == PLATFORM
    assert report.added == {"members": 9, "content": 7, "interactions": 13}
    assert report.skipped["chats that are not groups (personal chats, bots, channels), left out"]
    two = copy.deepcopy(full)
    other = {**copy.deepcopy(group), "id": 99}
    two["left_chats"] = {"about": "left", "list": [other]}
    store = Store(":memory:")
    both = _export(tmp_path / "two", two)
    import_telegram(store, both)
    platforms = store.con.execute("SELECT DISTINCT platform FROM content ORDER BY 1").fetchall()
    assert platforms == [(PLATFORM,), ("telegram:99",)]
    with pytest.raises(InputError, match="lists 2 groups; --platform names one"):
        import_telegram(Store(":memory:"), both, platform="tg")


BAD: dict[str, tuple[dict[str, Any], str]] = {
    "id": ({"id": "x", "type": "message"}, r"message 14: id is not a message id"),
    "from_id": (
        {"id": 60, "type": "message", "date_unixtime": "1742547600", "from": "A", "from_id": 7},
        r"message 14 \(id 60\): from_id is not a Telegram peer id",
    ),
    "date": (
        {"id": 61, "type": "message", "date_unixtime": "soon", "from": "A", "from_id": "user1"},
        r"message 14 \(id 61\): date_unixtime is not seconds since 1970",
    ),
    "text": (
        {"id": 62, "type": "message", "date_unixtime": "1742547600", "from": "A",
         "from_id": "user1", "text": [{"type": "bold"}]},
        r"message 14 \(id 62\): text holds",
    ),
    "count": (
        {"id": 63, "type": "message", "date_unixtime": "1742547600", "from": "A",
         "from_id": "user1", "reactions": [{"type": "emoji", "emoji": "x", "count": -1}]},
        r"message 14 \(id 63\): reactions\[\]\.count is not a count",
    ),
    "mention_name": (
        {"id": 64, "type": "message", "date_unixtime": "1742547600", "from": "A",
         "from_id": "user1", "text_entities": [{"type": "mention_name", "text": "B"}]},
        r"message 14 \(id 64\): a mention_name entity's user_id is not a user id",
    ),
    "members": (
        {"id": 65, "type": "service", "date_unixtime": "1742547600", "actor": "A",
         "actor_id": "user1", "action": "invite_members", "members": "Bo"},
        r"message 14 \(id 65\): members is not a list of names",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_message_names_file_and_message_and_changes_nothing(case: str, tmp_path: Path) -> None:
    message, pattern = BAD[case]
    store = Store(":memory:")
    import_telegram(store, _export(tmp_path / "good"))
    before = snapshot(store)
    data = _fixture()
    data["messages"].append(message)
    with pytest.raises(InputError, match=rf"^result\.json, {pattern}"):
        import_telegram(store, _export(tmp_path / "bad", data))
    assert snapshot(store) == before


def test_broken_files_and_folders_are_refused(tmp_path: Path) -> None:
    folder = _export(tmp_path)
    (folder / "result.json").write_text('{"name": "x", "messages": [')
    with pytest.raises(InputError, match=r"^result\.json: not valid JSON .* export the chat"):
        import_telegram(Store(":memory:"), folder)
    (folder / "result.json").write_text('{"name": "x", "id": 1, "messages": 3}')
    with pytest.raises(InputError, match=r"^result\.json: 'messages' is not a list"):
        import_telegram(Store(":memory:"), folder)
    (folder / "result.json").write_text('{"name": "x", "id": 1, "messages": []}')
    with pytest.raises(InputError, match="holds no group messages"):
        import_telegram(Store(":memory:"), folder)
    (folder / "result.json").write_text("[]")
    with pytest.raises(InputError, match="is not a Telegram export"):
        import_telegram(Store(":memory:"), folder)
    (folder / "result.json").unlink()
    with pytest.raises(InputError, match="holds no result.json"):
        import_telegram(Store(":memory:"), folder)
    with pytest.raises(InputError, match="no such file or folder"):
        import_telegram(Store(":memory:"), tmp_path / "missing")


def test_a_link_out_of_the_export_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "result.json").symlink_to(FIXTURE)
    with pytest.raises(InputError, match="outside"):
        import_telegram(Store(":memory:"), folder)


def test_progress_reaches_its_totals(tmp_path: Path) -> None:
    class Recorder:
        def __init__(self) -> None:
            self.totals: list[int | None] = []
            self.done: list[int] = []

        def start(self, description: str, total: int | None) -> None:
            self.totals.append(total)
            self.done.append(0)

        def advance(self, amount: int) -> None:
            self.done[-1] += amount

    recorder = Recorder()
    ingest(Store(":memory:"), "telegram", _export(tmp_path), progress=recorder)
    assert recorder.totals == recorder.done == [FIXTURE.stat().st_size, 13]


def test_cli_ingest_telegram(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    folder = _export(tmp_path)
    result = CliRunner().invoke(app, ["ingest", "telegram", str(folder), "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    (folder / "result.json").write_text("{")
    result = CliRunner().invoke(app, ["ingest", "telegram", str(folder), "--db", str(db)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert re.search(r"result\.json: not valid JSON", result.output)
