"""Tests of the Slack export importer (nichescout.ingest.slack, slack_map, slack_text).

Expected counts on the real 10 Academy export are derived here by walking its JSON with
plain Python, independently of the importer's code.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from nichescout.exceptions import InputError
from nichescout.ingest import ingest
from nichescout.ingest.slack import import_slack
from nichescout.ingest.slack_text import mentioned_ids, mrkdwn_to_text
from nichescout.store import Store

DATA = Path(__file__).parents[2].parent / "shared" / "data" / "slack" / "10academy" / "anonymized"
needs_data = pytest.mark.skipif(
    not (DATA / "users.json").is_file(),
    reason=f"the 10 Academy Slack export is not at {DATA}",
)
PLATFORM = "slack:T03U4J8HMUG"
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")
# Subtypes present in the real export, split as the module docstring documents.
CONTENT = {None, "thread_broadcast"}
EVENTS = {"channel_join", "tombstone", "channel_posting_permissions", "bot_add", "channel_archive"}


# -- an oracle: the real export walked with plain Python --------------------------------------
def walk(folder: Path) -> list[tuple[str, str, int, dict[str, Any]]]:
    """(channel folder, daily file, 1-based row, message) for every daily file."""
    out = []
    for channel in sorted(folder.iterdir()):
        if not channel.is_dir():
            continue
        for day in sorted(channel.iterdir()):
            if DAY.match(day.name):
                for row, msg in enumerate(json.loads(day.read_text()), start=1):
                    out.append((channel.name, day.name, row, msg))
    return out


def expected(folder: Path) -> dict[str, int]:
    users = json.loads((folder / "users.json").read_text())
    messages = walk(folder)
    subtypes = {m.get("subtype") for _, _, _, m in messages}
    assert subtypes <= CONTENT | EVENTS, f"unexpected subtypes {subtypes - CONTENT - EVENTS}"
    content = [(c, m) for c, _, _, m in messages if m.get("subtype") in CONTENT]
    keys = {(c, m["ts"]) for c, m in content}
    assert len(keys) == len(content), "the oracle assumes no repeated (channel, ts)"
    deleted = {(c, m["ts"]) for c, _, _, m in messages if m.get("subtype") == "tombstone"}
    replies = [(c, m) for c, m in content if m.get("thread_ts", m["ts"]) != m["ts"]]
    ids = {u["id"] for u in users}
    slackbot_used = any(m.get("user") == "USLACKBOT" for c, m in content)
    referenced = {m.get("user") for _, m in content} | {
        m.get("parent_user_id") or (m.get("root") or {}).get("user") for _, m in replies
    }
    referenced |= {u for _, m in content for r in m.get("reactions", []) for u in r["users"]}
    referenced |= {x.upper() for _, m in content for x in re.findall(r"<@(\w+)", m["text"])}
    referenced |= {
        m.get(k)
        for _, _, _, m in messages
        if m.get("subtype") == "channel_join"
        for k in ("user", "inviter")
    }
    unknown = referenced - ids - {None, "USLACKBOT"}
    return {
        "members": len(users) + (slackbot_used and "USLACKBOT" not in ids) + len(unknown),
        "placeholders": len(unknown),
        "bots": sum(bool(u.get("is_bot") or u.get("is_app_user")) for u in users) + slackbot_used,
        "content": len(content),
        "reply": len(replies),
        "reply_to_deleted": sum((c, m["thread_ts"]) in deleted for c, m in replies),
        "reaction": sum(len(r["users"]) for _, m in content for r in m.get("reactions", [])),
        "likes": sum(r["count"] for _, m in content for r in m.get("reactions", [])),
        "mention": sum(
            len({x.upper() for x in re.findall(r"<@(\w+)", m["text"])}) for _, m in content
        ),
        "join": sum(m.get("subtype") == "channel_join" for _, _, _, m in messages),
        "referral": sum("inviter" in m for _, _, _, m in messages),
        "tombstone": len(deleted),
        "event_reactions": sum(
            len(r["users"])
            for _, _, _, m in messages
            if m.get("subtype") not in CONTENT
            for r in m.get("reactions", [])
        ),
        "daily_files": len({(c, d) for c, d, _, _ in messages}),
        "stray_files": sum(1 for p in folder.glob("*/*") if p.is_file() and not DAY.match(p.name)),
    }


@pytest.fixture(scope="module")
def real() -> tuple[Store, Any]:
    if not (DATA / "users.json").is_file():
        pytest.skip(f"the 10 Academy Slack export is not at {DATA}")
    store = Store(":memory:")
    return store, import_slack(store, DATA)


def kinds(store: Store) -> dict[str, int]:
    return dict(
        store.con.execute("SELECT kind, count(*) FROM interactions GROUP BY kind").fetchall()
    )


# -- the real export ---------------------------------------------------------------------------
@needs_data
def test_real_export_counts_match_an_independent_walk(real: tuple[Store, Any]) -> None:
    store, report = real
    want = expected(DATA)
    assert report.platform == PLATFORM
    assert report.placeholders == want["placeholders"] == 0
    assert store.counts() == {
        "members": want["members"],
        "content": want["content"],
        "interactions": sum(want[k] for k in ("reply", "reaction", "mention", "join", "referral")),
    }
    assert kinds(store) == {
        k: want[k] for k in ("reply", "reaction", "mention", "join", "referral")
    }
    con = store.con
    assert con.execute("SELECT count(*) FROM members WHERE is_bot").fetchone() == (want["bots"],)
    assert con.execute("SELECT sum(likes) FROM content").fetchone() == (want["likes"],)
    assert con.execute("SELECT count(*) FROM content WHERE parent_id IS NOT NULL").fetchone() == (
        want["reply"],
    )
    assert con.execute(
        "SELECT count(*) FROM interactions WHERE kind = 'reply' AND target_key IS NULL"
    ).fetchone() == (want["reply_to_deleted"],)
    assert (
        report.skipped["deleted thread parents (tombstone placeholders), not content"]
        == want["tombstone"]
    )
    assert (
        report.skipped[
            "channel_join notices, imported as join (and referral) interactions, not content"
        ]
        == want["join"]
    )
    assert (
        report.skipped["reactions on event messages (joins, tombstones, …), not on content"]
        == want["event_reactions"]
    )
    assert (
        report.skipped[
            "files in channel folders not named YYYY-MM-DD.json (not part of "
            "a Slack export), left unread"
        ]
        == want["stray_files"]
        == 1
    )


@needs_data
def test_real_export_published_totals() -> None:
    """PROVENANCE.md's totals, which count the one stray copy (all-week5/tss.json) too."""
    want = expected(DATA)
    events = want["join"] + want["tombstone"] + 3  # posting permissions, bot_add, archive
    assert want["content"] + events + want["stray_files"] == 20_011
    assert want["join"] == 1_027 and want["referral"] == 859


@needs_data
def test_reimport_adds_nothing(real: tuple[Store, Any]) -> None:
    store, _ = real
    before = store.counts()
    again = import_slack(store, DATA)
    assert again.added == {"members": 0, "content": 0, "interactions": 0}
    assert again.updated_members == 0
    assert store.counts() == before


@needs_data
def test_real_rows_are_mapped_as_documented(real: tuple[Store, Any]) -> None:
    store, _ = real
    users = {u["id"]: u for u in json.loads((DATA / "users.json").read_text())}
    channels = {c["name"]: c["id"] for c in json.loads((DATA / "channels.json").read_text())}
    con = store.con
    # <@U…> rendered as @handle, on a message found by walking the JSON.
    channel, msg = next((c, m) for c, _, _, m in walk(DATA) if m["text"] == "thanks <@u03u9fwpnce>")
    key = f"{channels[channel]}/{msg['ts']}"
    assert con.execute(
        "SELECT text, channel FROM content WHERE content_id = ?", [key]
    ).fetchone() == ("thanks @" + users["U03U9FWPNCE"]["name"], channel)
    assert con.execute(
        "SELECT m.member_id FROM interactions i JOIN members m ON m.member_key = i.target_key "
        "WHERE interaction_id = ?",
        [f"mention:{key}:U03U9FWPNCE"],
    ).fetchone() == ("U03U9FWPNCE",)
    # A thread reply: parent, thread, reply edge toward parent_user_id.
    channel, msg = next(
        (c, m)
        for c, _, _, m in walk(DATA)
        if m.get("parent_user_id")
        and m.get("subtype") is None
        and m["user"] != m["parent_user_id"]
        and m.get("reactions")
    )
    cid = channels[channel]
    row = con.execute(
        "SELECT c.parent_id, c.thread_id, c.likes, a.member_id FROM content c "
        "JOIN members a ON a.member_key = c.author_key WHERE content_id = ?",
        [f"{cid}/{msg['ts']}"],
    ).fetchone()
    assert row == (
        f"{cid}/{msg['thread_ts']}",
        f"{cid}/{msg['thread_ts']}",
        sum(r["count"] for r in msg["reactions"]),
        msg["user"],
    )
    assert con.execute(
        "SELECT a.member_id, t.member_id, i.content_id FROM interactions i "
        "JOIN members a ON a.member_key = i.actor_key JOIN members t ON t.member_key = i.target_key "
        "WHERE interaction_id = ?",
        [f"reply:{cid}/{msg['ts']}"],
    ).fetchone() == (msg["user"], msg["parent_user_id"], f"{cid}/{msg['ts']}")
    # A join with an inviter: join (no target) and referral inviter → joiner.
    channel, msg = next((c, m) for c, _, _, m in walk(DATA) if m.get("inviter"))
    key = f"{channels[channel]}/{msg['ts']}"
    got = con.execute(
        "SELECT kind, a.member_id, t.member_id, i.content_id FROM interactions i "
        "JOIN members a ON a.member_key = i.actor_key "
        "LEFT JOIN members t ON t.member_key = i.target_key "
        "WHERE interaction_id IN (?, ?) ORDER BY kind",
        [f"join:{key}", f"referral:{key}"],
    )
    assert got.fetchall() == [
        ("join", msg["user"], None, None),
        ("referral", msg["inviter"], msg["user"], None),
    ]
    bot = con.execute("SELECT handle, is_bot FROM members WHERE member_id = 'USLACKBOT'")
    assert bot.fetchone() == ("slackbot", True)
    deleted = [u for u in users.values() if u["deleted"]]
    attrs = con.execute(
        "SELECT attributes->>'deactivated', attributes->>'deleted' FROM members "
        "WHERE member_id = ?",
        [deleted[0]["id"]],
    ).fetchone()
    assert attrs == ("true", None)


@needs_data
def test_progress_is_reported_per_daily_file(tmp_path: Path) -> None:
    class Recorder:
        def __init__(self) -> None:
            self.total: int | None = None
            self.done = 0

        def start(self, description: str, total: int | None) -> None:
            self.total = total

        def advance(self, amount: int) -> None:
            self.done += amount

    recorder = Recorder()
    folder = small_copy(tmp_path)
    ingest(Store(":memory:"), "slack", folder, progress=recorder)
    assert recorder.total == recorder.done == expected(folder)["daily_files"] == 5


# -- small hand-made and corrupted copies ------------------------------------------------------
def small_copy(tmp_path: Path) -> Path:
    """users.json, channels.json and two small channels of the real export."""
    folder = tmp_path / "export"
    folder.mkdir(parents=True)
    for name in ("users.json", "channels.json"):
        shutil.copy(DATA / name, folder / name)
    for channel in ("study-group", "week2-group"):
        shutil.copytree(DATA / channel, folder / channel)
    return folder


def write(path: Path, data: object) -> None:
    path.write_text(json.dumps(data))


def edit_row(
    day: str, row: int, change: Callable[[dict[str, Any]], None]
) -> Callable[[Path], None]:
    def corrupt(folder: Path) -> None:
        path = folder / day
        messages = json.loads(path.read_text())
        change(messages[row - 1])
        write(path, messages)

    return corrupt


DAY_FILE = "study-group/2022-09-14.json"
CORRUPTIONS: dict[str, tuple[Callable[[Path], object], type[InputError], str]] = {
    "truncated file": (
        lambda f: (f / DAY_FILE).write_text((f / DAY_FILE).read_text()[:300]),
        InputError,
        rf"^{DAY_FILE}: not valid JSON",
    ),
    "empty file": (
        lambda f: (f / DAY_FILE).write_text(""),
        InputError,
        rf"^{DAY_FILE}: not valid JSON",
    ),
    "object, not list": (
        lambda f: write(f / DAY_FILE, {"ts": "1"}),
        InputError,
        rf"^{DAY_FILE}: holds a JSON dict, not a list",
    ),
    "row not an object": (
        lambda f: write(f / DAY_FILE, [{"ts": "1", "user": "U03UH397319"}, "hello"]),
        InputError,
        rf"^{DAY_FILE}, row 2: is a JSON str",
    ),
    "missing ts": (
        edit_row(DAY_FILE, 3, lambda m: m.pop("ts")),
        InputError,
        rf"^{DAY_FILE}, row 3: ts is not a Slack timestamp",
    ),
    "bad ts": (
        edit_row(DAY_FILE, 3, lambda m: m.update(ts="2022-09-14")),
        InputError,
        rf"^{DAY_FILE}, row 3: ts is not a Slack timestamp .*'2022-09-14'",
    ),
    "bad thread_ts": (
        edit_row(DAY_FILE, 6, lambda m: m.update(thread_ts="soon")),
        InputError,
        rf"^{DAY_FILE}, row 6: thread_ts is not a Slack timestamp",
    ),
    "missing user": (
        edit_row(DAY_FILE, 4, lambda m: m.pop("user")),
        InputError,
        rf"^{DAY_FILE}, row 4: the message has no member id in 'user'",
    ),
    "join without user": (
        edit_row("week2-group/2022-08-29.json", 2, lambda m: m.pop("user")),
        InputError,
        r"^week2-group/2022-08-29\.json, row 2: .*'user'",
    ),
    "bad reaction": (
        edit_row(DAY_FILE, 2, lambda m: m["reactions"][0].pop("users")),
        InputError,
        rf"^{DAY_FILE}, row 2: a reaction is not",
    ),
    "users.json truncated": (
        lambda f: (f / "users.json").write_text("[{"),
        InputError,
        r"^users\.json: not valid JSON",
    ),
    "user without id": (
        lambda f: write(f / "users.json", [{"name": "x", "team_id": "T1"}]),
        InputError,
        r"^users\.json, row 1: the user has no 'id'",
    ),
    "users.json missing": (
        lambda f: (f / "users.json").unlink(),
        InputError,
        r"export: users\.json is missing; pass the unzipped Slack export",
    ),
    "channels.json missing": (
        lambda f: (f / "channels.json").unlink(),
        InputError,
        r"export: channels\.json is missing",
    ),
}


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    return {
        t: sorted(store.con.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
        for t in ("members", "content", "interactions", "imports")
    }


@needs_data
def test_the_small_copy_imports_cleanly(tmp_path: Path) -> None:
    folder = small_copy(tmp_path)
    want = expected(folder)
    store = Store(":memory:")
    report = import_slack(store, folder)
    assert report.added["content"] == want["content"] == 42
    assert kinds(store) == {
        k: want[k] for k in ("reply", "reaction", "mention", "join", "referral")
    }


@needs_data
@pytest.mark.parametrize("case", sorted(CORRUPTIONS))
def test_malformed_input_names_file_and_row_and_changes_nothing(case: str, tmp_path: Path) -> None:
    corrupt, error, pattern = CORRUPTIONS[case]
    store = Store(":memory:")
    good = small_copy(tmp_path / "good")
    import_slack(store, good, platform="slack:before")
    before_counts, before = store.counts(), snapshot(store)
    bad = small_copy(tmp_path / "bad")
    corrupt(bad)
    with pytest.raises(error, match=pattern):
        import_slack(store, bad)
    assert store.counts() == before_counts
    assert snapshot(store) == before


def test_not_a_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a folder; pass the unzipped Slack export"):
        import_slack(Store(":memory:"), tmp_path / "export.zip")


def test_hand_made_export_edge_cases(tmp_path: Path) -> None:
    """Slackbot only when referenced, folders missing from channels.json, bot messages."""
    write(
        tmp_path / "users.json",
        [
            {"id": "U1", "team_id": "T9", "name": "ann", "is_app_user": True},
            {
                "id": "U2",
                "team_id": "T9",
                "name": "bo",
                "real_name": "Bo B",
                "profile": {"display_name": ""},
            },
        ],
    )
    write(tmp_path / "channels.json", [{"id": "C1", "name": "general"}])
    (tmp_path / "general").mkdir()
    (tmp_path / "side").mkdir()
    write(
        tmp_path / "general" / "2022-01-01.json",
        [
            {
                "ts": "1641000000.000100",
                "user": "U1",
                "text": "see <#C1> and <#C2|side>",
                "reply_count": 2,
            },
            {
                "ts": "1641000001.000100",
                "subtype": "bot_message",
                "bot_id": "B1",
                "text": "beep",
                "thread_ts": "1641000000.000100",
            },
            {
                "ts": "1641000002.000100",
                "user": "U2",
                "subtype": "thread_broadcast",
                "text": "ok",
                "thread_ts": "1641000000.000100",
                "root": {"user": "U1"},
            },
            {"ts": "1641000003.000100", "user": "U2", "subtype": "channel_leave"},
        ],
    )
    write(
        tmp_path / "side" / "2022-01-02.json",
        [
            {
                "ts": "1641100000.000100",
                "user": "U2",
                "text": "x",
                "reply_count": 1,
                "thread_ts": "1641100000.000100",
            },
            {
                "ts": "1641100001.000100",
                "user": "U1",
                "text": "y",
                "thread_ts": "1641100000.000100",
            },
        ],
    )
    # the same reply again in a later file (as all-week5/tss.json repeats a message)
    shutil.copy(tmp_path / "side" / "2022-01-02.json", tmp_path / "side" / "2022-01-03.json")
    store = Store(":memory:")
    report = import_slack(store, tmp_path, platform="slack:mine")
    assert report.platform == "slack:mine"
    assert report.added == {"members": 2, "content": 5, "interactions": 3}
    assert report.skipped == {
        "channel event messages (subtype channel_leave), not content": 1,
        "content: repeated content_id within this import": 2,
        "interactions: repeated interaction_id within this import": 1,
    }
    con = store.con
    assert con.execute(
        "SELECT member_id, display_name, is_bot FROM members ORDER BY 1"
    ).fetchall() == [("U1", None, True), ("U2", "Bo B", False)]
    assert con.execute(
        "SELECT content_id, author_key IS NULL, text, comments FROM content ORDER BY created_at"
    ).fetchall() == [
        ("C1/1641000000.000100", False, "see #general and #side", 2),
        ("C1/1641000001.000100", True, "beep", 0),
        ("C1/1641000002.000100", False, "ok", 0),
        ("side/1641100000.000100", False, "x", 1),
        ("side/1641100001.000100", False, "y", 0),
    ]
    # reply edges: bot (no actor) → ann, bo → ann via the broadcast's root, ann → bo via the
    # parent seen earlier (no parent_user_id).
    assert con.execute(
        "SELECT interaction_id, a.member_id, t.member_id FROM interactions i "
        "LEFT JOIN members a ON a.member_key = i.actor_key "
        "LEFT JOIN members t ON t.member_key = i.target_key ORDER BY 1"
    ).fetchall() == [
        ("reply:C1/1641000001.000100", None, "U1"),
        ("reply:C1/1641000002.000100", "U2", "U1"),
        ("reply:side/1641100001.000100", "U1", "U2"),
    ]


def test_missing_team_id_asks_for_a_platform(tmp_path: Path) -> None:
    write(tmp_path / "users.json", [{"id": "U1", "name": "ann"}])
    write(tmp_path / "channels.json", [])
    with pytest.raises(InputError, match=r"users\.json: no user has a team_id.*platform="):
        import_slack(Store(":memory:"), tmp_path)
    assert import_slack(Store(":memory:"), tmp_path, platform="slack:x").added["members"] == 1


# -- mrkdwn ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("hello <@u03u9fwpnce>", "hello @maria"),
        ("<@U0UNKNOWN|old name> <@U0GONE> hi", "@old name @U0GONE hi"),
        ("go to <#c01abc> now", "go to #general now"),
        ("<mailto:a@b.org|a@b.org> or <tel:+251911|+251911>", "a@b.org or +251911"),
        ("<s3://bucket/key.zip>", "s3://bucket/key.zip"),
        (
            "<!channel> <!subteam^S1|@mentors> <!date^1392734382^{date}|Feb 18, 2014>",
            "@channel @mentors Feb 18, 2014",
        ),
        ("a &amp;lt; b &gt; c", "a &lt; b > c"),
        ("   ", None),
        (None, None),
    ],
)
def test_mrkdwn_to_text(text: str | None, plain: str | None) -> None:
    assert mrkdwn_to_text(text, {"U03U9FWPNCE": "maria"}, {"C01ABC": "general"}) == plain


def test_mentioned_ids_are_distinct_and_upper_case() -> None:
    assert mentioned_ids("<@u1> <@U2|bo> <@U1> <#C1> <!here> <@W3>") == ["U1", "U2", "W3"]
    assert mentioned_ids(None) == []


# -- members absent from users.json: placeholders, every row kept ------------------------------
def unlisted_export(folder: Path) -> Path:
    """2 listed users; messages by 2 unlisted ones (one with a user_profile), a mention, a
    reaction, a replied-to parent and an inviter naming 4 more unlisted ids: 6 placeholders,
    3 messages, 7 interactions.

    This is the shape that refused a real 103K-message workspace export outright.
    """
    folder.mkdir(parents=True)
    write(
        folder / "users.json",
        [{"id": "U1", "team_id": "T9", "name": "ann"}, {"id": "U2", "team_id": "T9", "name": "bo"}],
    )
    write(folder / "channels.json", [{"id": "C1", "name": "general"}])
    (folder / "general").mkdir()
    write(
        folder / "general" / "2022-01-01.json",
        [
            {  # by a member who left, described only by the message's user_profile
                "ts": "1641000000.000100",
                "user": "U9LEFT",
                "text": "hi <@U1> and <@U7MENTIONED>",
                "user_profile": {"name": "gone", "real_name": "Gone Person"},
                "reactions": [{"name": "+1", "users": ["U2", "U6REACTOR"], "count": 2}],
            },
            {  # by a guest with no profile at all, replying in a thread whose parent is gone
                "ts": "1641000001.000100",
                "user": "U8GUEST",
                "text": "thanks",
                "thread_ts": "1641000000.000050",
                "parent_user_id": "U5PARENT",
            },
            {"ts": "1641000002.000100", "user": "U1", "text": "welcome back"},
            {
                "ts": "1641000003.000100",
                "user": "U2",
                "subtype": "channel_join",
                "inviter": "U4INVITER",
            },
        ],
    )
    return folder


UNLISTED = ["U4INVITER", "U5PARENT", "U6REACTOR", "U7MENTIONED", "U8GUEST", "U9LEFT"]


def test_members_missing_from_users_json_become_placeholders(tmp_path: Path) -> None:
    """Authors, mentioned, reacting, replied-to and inviting ids users.json lacks: the import
    used to be refused at the first of them; now each is a placeholder and no row is lost."""
    folder = unlisted_export(tmp_path / "export")
    store = Store(":memory:")
    report = import_slack(store, folder)
    assert report.added == {"members": 8, "content": 3, "interactions": 7}
    assert report.placeholders == 6 and report.deleted_accounts == 0
    assert report.skipped == {
        "channel_join notices, imported as join (and referral) interactions, not content": 1
    }
    con = store.con
    rows = con.execute(
        "SELECT member_id, handle, display_name, is_bot, attributes FROM members "
        "WHERE member_id NOT IN ('U1', 'U2') ORDER BY 1"
    ).fetchall()
    assert [r[0] for r in rows] == UNLISTED
    assert all(r[3] is False and json.loads(r[4]) == {"placeholder": True} for r in rows)
    assert rows[-1][1:3] == ("gone", "Gone Person")  # named from the message's user_profile
    assert rows[-2][1:3] == (None, None)
    got = con.execute(
        "SELECT kind, a.member_id, t.member_id FROM interactions i "
        "LEFT JOIN members a ON a.member_key = i.actor_key "
        "LEFT JOIN members t ON t.member_key = i.target_key ORDER BY 1, 2, 3"
    ).fetchall()
    assert got == [
        ("join", "U2", None),
        ("mention", "U9LEFT", "U1"),
        ("mention", "U9LEFT", "U7MENTIONED"),
        ("reaction", "U2", "U9LEFT"),
        ("reaction", "U6REACTOR", "U9LEFT"),
        ("referral", "U4INVITER", "U2"),
        ("reply", "U8GUEST", "U5PARENT"),
    ]
    status = store.status().set_index("platform").loc["slack:T9"]
    assert (status["members"], status["bots"], status["unknown"], status["deleted"]) == (8, 0, 6, 0)
    again = import_slack(store, folder)
    assert again.added == {"members": 0, "content": 0, "interactions": 0}
    assert again.placeholders == 0 and again.updated_members == 0


def test_a_later_users_json_describes_a_placeholder(tmp_path: Path) -> None:
    folder = unlisted_export(tmp_path / "export")
    store = Store(":memory:")
    import_slack(store, folder)
    users = json.loads((folder / "users.json").read_text())
    write(folder / "users.json", [*users, {"id": "U6REACTOR", "team_id": "T9", "name": "cy"}])
    report = import_slack(store, folder)
    assert report.added["members"] == 0 and report.updated_members == 1
    assert store.con.execute(
        "SELECT handle, attributes->>'placeholder' FROM members WHERE member_id = 'U6REACTOR'"
    ).fetchone() == ("cy", None)


def test_a_failed_import_adds_no_placeholder(tmp_path: Path) -> None:
    from ..conftest import snapshot as digest

    store = Store(tmp_path / "store.duckdb")
    import_slack(store, unlisted_export(tmp_path / "good"), platform="slack:before")
    before = digest(store)
    bad = unlisted_export(tmp_path / "bad")
    write(bad / "general" / "2022-01-02.json", [{"ts": "soon", "user": "U3NEW"}])
    with pytest.raises(InputError, match=r"^general/2022-01-02\.json, row 1: ts is not"):
        import_slack(store, bad)
    assert digest(store) == before


@needs_data
@pytest.mark.parametrize(
    ("change", "where"),
    [
        (edit_row(DAY_FILE, 2, lambda m: m["reactions"][0]["users"].append("U0NOBODY")), "actor"),
        (edit_row(DAY_FILE, 4, lambda m: m.update(text="hi <@U0NOBODY>")), "target"),
        (edit_row(DAY_FILE, 7, lambda m: m.update(user="U0NOBODY")), "author"),
        (
            edit_row("study-group/2022-09-12.json", 2, lambda m: m.update(inviter="U0NOBODY")),
            "actor",
        ),
    ],
)
def test_one_unknown_id_in_the_real_copy_is_one_placeholder(
    tmp_path: Path, change: Callable[[Path], None], where: str
) -> None:
    folder = small_copy(tmp_path)
    change(folder)
    store = Store(":memory:")
    report = import_slack(store, folder)
    want = expected(folder)
    assert report.placeholders == want["placeholders"] == 1
    assert report.added["members"] == want["members"]
    assert report.added["content"] == want["content"]
    assert kinds(store) == {
        k: want[k] for k in ("reply", "reaction", "mention", "join", "referral")
    }
    column = {"actor": "i.actor_key", "target": "i.target_key"}.get(where)
    if column:
        found = f"SELECT count(*) FROM interactions i JOIN members m ON m.member_key = {column}"
    else:
        found = "SELECT count(*) FROM content i JOIN members m ON m.member_key = i.author_key"
    assert store.con.execute(f"{found} WHERE m.member_id = 'U0NOBODY'").fetchone()[0] >= 1
