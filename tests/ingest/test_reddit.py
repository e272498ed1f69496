"""Tests of the Reddit importer (nichescout.ingest.reddit, reddit_map).

Expected counts on the real r/ethereum dump are derived here by reading its NDJSON with
plain Python, independently of the importer's code.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from nichescout.cli import app
from nichescout.exceptions import InputError
from nichescout.ingest import ingest
from nichescout.ingest.reddit import import_reddit
from nichescout.ingest.reddit_map import mentioned_names
from nichescout.store import Store

from ..conftest import snapshot

DATA = Path(__file__).parents[2].parent / "shared" / "data" / "reddit" / "ethereum"
PLATFORM = "reddit:ethereum"
_NAME = re.compile(r"(?:^|[^\w/])/?u/([A-Za-z0-9_\\-]+)")
#: A Markdown link to an absolute address: its text and its host.
_ABSOLUTE_LINK = re.compile(r"\[([^\]]*)\]\(https?://([^/)]+)")


def mentioned(text: str) -> set[str]:
    """Lower-case u/names of a body: 3-20 characters once Markdown's \\_ is undone, not the
    text of a link to another site than Reddit."""
    for label, host in _ABSOLUTE_LINK.findall(text):
        if not host.endswith("reddit.com"):
            text = text.replace(f"[{label}](", "[](")
    names = {m.replace("\\", "").lower() for m in _NAME.findall(text)}
    return {n for n in names if 3 <= len(n) <= 20}


# -- an oracle: the real dump read with plain Python --------------------------------------------
def load(folder: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    def read(pattern: str) -> list[dict[str, Any]]:
        lines = [line for f in folder.glob(pattern) for line in f.read_text().splitlines()]
        return [json.loads(line) for line in lines]

    return read("RS_*"), read("RC_*")


def expected(folder: Path) -> dict[str, int]:
    subs, comments = load(folder)
    items = subs + comments
    authors = {r["author"] for r in items}
    lower = {a.lower() for a in authors if a != "[deleted]"}
    by_id = {r["name"]: r["author"] for r in items}
    mentions = 0
    unknown: set[str] = set()
    for r in items:
        names = mentioned(r.get("body", r.get("selftext", "")))
        mentions += len(names)
        unknown |= names - lower
    return {
        "authors": len(authors),
        "members": len(authors) + len(unknown),
        "bots": sum(a == "AutoModerator" or a.lower().endswith("bot") for a in authors),
        "content": len(items),
        "posts": len(subs),
        "reply": sum(c["parent_id"] in by_id for c in comments),
        "mention": mentions,
        "placeholders": len(unknown),
        "score": sum(r["score"] for r in items),
        "by_deleted": sum(r["author"] == "[deleted]" for r in items),
        "no_text": sum(
            r.get("body", r.get("selftext")) in ("[deleted]", "[removed]", "") for r in items
        ),
        "distinguished": sum(r.get("distinguished") == "moderator" for r in items),
    }


@pytest.fixture(scope="module")
def real() -> tuple[Store, Any]:
    if not DATA.is_dir():
        pytest.skip(f"the r/ethereum dump is not at {DATA}")
    store = Store(":memory:")
    return store, import_reddit(store, DATA)


def kinds(store: Store) -> dict[str, int]:
    return dict(
        store.con.execute("SELECT kind, count(*) FROM interactions GROUP BY kind").fetchall()
    )


def one(store: Store, sql: str, params: list[Any] | None = None) -> Any:
    row = store.con.execute(sql, params or []).fetchone()
    assert row is not None
    return row[0] if len(row) == 1 else row


# -- the real dump --------------------------------------------------------------------------------
def test_real_dump_counts_match_an_independent_read(real: tuple[Store, Any]) -> None:
    store, report = real
    want = expected(DATA)
    assert report.platform == PLATFORM
    assert store.counts() == {
        "members": want["members"],
        "content": want["content"],
        "interactions": want["reply"] + want["mention"],
    }
    assert want["reply"] == want["content"] - want["posts"]  # every parent is in the dump
    assert kinds(store) == {"reply": want["reply"], "mention": want["mention"]}
    assert one(store, "SELECT count(*) FROM members WHERE is_bot") == want["bots"]
    assert one(store, "SELECT sum(score) FROM content") == want["score"]
    assert one(store, "SELECT count(*) FROM content WHERE text IS NULL") == want["no_text"]
    deleted = "SELECT count(*) FROM content c JOIN members m ON m.member_key = c.author_key "
    assert one(store, deleted + "WHERE m.member_id = '[deleted]'") == want["by_deleted"]
    assert (
        one(store, "SELECT sum((attributes->'distinguished'->>'moderator')::INT) FROM members")
        == want["distinguished"]
    )
    assert report.placeholders == want["placeholders"]
    assert (
        one(store, "SELECT count(*) FROM members WHERE attributes->>'placeholder' = 'true'")
        == want["placeholders"]
    )
    assert report.skipped == {
        "files not named RS_* / RC_* (or *_submissions / *_comments), left unread": 1
    }


def test_documented_counts(real: tuple[Store, Any]) -> None:
    """The figures of docs/ingest.md and PROVENANCE.md."""
    store, report = real
    want = expected(DATA)
    assert (want["posts"], want["content"] - want["posts"], want["by_deleted"]) == (169, 17586, 173)
    # 881 named authors + [deleted] + 16 placeholders (vbuterin, pbrody, yorickdowne, …,
    # and "ethereum", written u/ethereum for the chain), mentioned but with no item here.
    assert want["authors"] == 882
    assert report.added == {"members": 898, "content": 17755, "interactions": 18697}
    assert (report.placeholders, report.deleted_accounts) == (16, 1)
    assert kinds(store) == {"reply": 17586, "mention": 1111}
    assert one(store, "SELECT count(*) FROM members WHERE is_bot") == 6


def test_reimport_adds_nothing(real: tuple[Store, Any]) -> None:
    store, first = real
    before = {k: v for k, v in snapshot(store).items() if k != "imports"}
    again = import_reddit(store, DATA)
    assert again.added == {"members": 0, "content": 0, "interactions": 0}
    assert again.already_present == first.added
    assert again.updated_members == 0
    assert {k: v for k, v in snapshot(store).items() if k != "imports"} == before


def test_real_rows_are_mapped_as_documented(real: tuple[Store, Any]) -> None:
    store, _ = real
    subs, comments = load(DATA)
    by_id = {r["name"]: r for r in subs + comments}
    reply = next(
        c for c in comments if c["parent_id"].startswith("t1_") and c["author"] != "[deleted]"
    )
    parent = by_id[reply["parent_id"]]
    assert one(
        store,
        "SELECT parent_id, thread_id, kind, channel, score FROM content WHERE content_id = ?",
        [reply["name"]],
    ) == (reply["parent_id"], reply["link_id"], "comment", "ethereum", reply["score"])
    assert one(
        store,
        "SELECT a.member_id, t.member_id FROM interactions i "
        "JOIN members a ON a.member_key = i.actor_key JOIN members t ON t.member_key = i.target_key "
        "WHERE interaction_id = ?",
        [f"reply:{reply['name']}"],
    ) == (reply["author"], parent["author"])
    sub = subs[0]
    assert one(
        store, "SELECT title, thread_id, comments FROM content WHERE content_id = ?", [sub["name"]]
    ) == (sub["title"], sub["name"], sub["num_comments"])
    assert one(
        store, "SELECT is_bot, attributes->>'deleted' FROM members WHERE member_id = '[deleted]'"
    ) == (False, "true")
    assert one(store, "SELECT is_bot FROM members WHERE member_id = 'RemindMeBot'") is True


# -- small hand-made dumps ------------------------------------------------------------------------
def sub(sid: str, author: str, subreddit: str = "tiny", **more: Any) -> dict[str, Any]:
    return {
        "id": sid,
        "name": f"t3_{sid}",
        "author": author,
        "created_utc": 1772344891,
        "title": f"thread {sid}",
        "selftext": "",
        "score": 10,
        "num_comments": 2,
        "subreddit": subreddit,
        **more,
    }


def com(cid: str, author: str, parent: str, link: str = "t3_s1", **more: Any) -> dict[str, Any]:
    return {
        "id": cid,
        "name": f"t1_{cid}",
        "author": author,
        "body": f"comment {cid}",
        "created_utc": 1772345000,
        "parent_id": parent,
        "link_id": link,
        "score": 1,
        "subreddit": "tiny",
        **more,
    }


def ndjson(path: Path, records: list[dict[str, Any]], extra: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records) + extra)
    return path


def tiny(folder: Path) -> Path:
    ndjson(folder / "RS_tiny.ndjson", [sub("s1", "ann", stickied=True, distinguished="moderator")])
    ndjson(
        folder / "RC_tiny.ndjson",
        [
            com("c1", "bo", "t3_s1", body="thanks u/ann &amp; /u/Nobody, see reddit.com/u/cy"),
            com("c2", "[deleted]", "t1_c1", body="[deleted]"),
            com("c3", "[deleted]", "t1_c2", body="[removed]"),
            com("c4", "AutoModerator", "t1_c2", body="u/Ann u/ann u/bo", distinguished="moderator"),
            com("c5", "cy", "t1_c4"),
        ],
    )
    return folder


def test_hand_made_dump(tmp_path: Path) -> None:
    store = Store(":memory:")
    report = import_reddit(store, tiny(tmp_path / "dump"))
    assert report.platform == "reddit:tiny"
    assert report.added == {"members": 6, "content": 6, "interactions": 8}
    assert (report.placeholders, report.deleted_accounts) == (1, 1)
    assert kinds(store) == {"reply": 5, "mention": 3}
    edges = store.con.execute(
        "SELECT kind, a.member_id, t.member_id, i.content_id FROM interactions i "
        "JOIN members a ON a.member_key = i.actor_key JOIN members t ON t.member_key = i.target_key "
        "ORDER BY ALL"
    ).fetchall()
    assert edges == [
        ("mention", "AutoModerator", "ann", "t1_c4"),  # u/Ann u/ann: one; u/bo too short
        ("mention", "bo", "Nobody", "t1_c1"),  # u/Nobody wrote nothing: a placeholder
        ("mention", "bo", "ann", "t1_c1"),  # reddit.com/u/cy: a link, not a mention
        ("reply", "AutoModerator", "[deleted]", "t1_c4"),
        ("reply", "[deleted]", "[deleted]", "t1_c3"),
        ("reply", "[deleted]", "bo", "t1_c2"),
        ("reply", "bo", "ann", "t1_c1"),
        ("reply", "cy", "AutoModerator", "t1_c5"),
    ]
    members = store.con.execute(
        "SELECT member_id, is_bot, attributes FROM members ORDER BY member_id"
    ).fetchall()
    assert [(m, b, json.loads(a)) for m, b, a in members] == [
        ("AutoModerator", True, {"distinguished": {"moderator": 1}}),
        ("Nobody", False, {"placeholder": True}),
        ("[deleted]", False, {"deleted": True}),
        ("ann", False, {"distinguished": {"moderator": 1}, "stickied": 1}),
        ("bo", False, {}),
        ("cy", False, {}),
    ]
    texts = dict(store.con.execute("SELECT content_id, text FROM content").fetchall())
    assert texts["t1_c1"].startswith("thanks u/ann & /u/Nobody")
    assert texts["t1_c2"] is None and texts["t1_c3"] is None and texts["t3_s1"] is None
    assert report.skipped == {}


def placeholders(store: Store) -> list[tuple[Any, ...]]:
    return store.con.execute(
        "SELECT member_id, handle, is_bot, attributes FROM members "
        "WHERE attributes->>'placeholder' = 'true' ORDER BY member_id"
    ).fetchall()


def test_a_mentioned_name_that_wrote_nothing_is_one_placeholder(tmp_path: Path) -> None:
    """Mentioned three times, in two spellings and two items: one placeholder, spelt as first
    met, never a bot (even named like one); a re-import adds nothing; status counts it."""
    folder = tmp_path / "dump"
    ndjson(folder / "RS_tiny.ndjson", [sub("s1", "ann", selftext="ask u/Carol_Q")])
    ndjson(
        folder / "RC_tiny.ndjson",
        [
            com("c1", "bo", "t3_s1", body="u/carol_q u/CAROL\\_Q and u/HelperBot"),
            com("c2", "ann", "t1_c1", body="[u/Elsewhere](https://x.com/Elsewhere) u/bo"),
        ],
    )
    store = Store(":memory:")
    first = import_reddit(store, folder)
    assert first.placeholders == 2 and first.added["members"] == 4  # ann, bo + 2 placeholders
    assert placeholders(store) == [
        ("Carol_Q", "Carol_Q", False, '{"placeholder": true}'),
        ("HelperBot", "HelperBot", False, '{"placeholder": true}'),
    ]
    # s1 → Carol_Q; c1 → Carol_Q (once), HelperBot; c2 → bo ([u/Elsewhere] links to x.com)
    assert kinds(store)["mention"] == 3
    status = store.status().set_index("platform").loc["reddit:tiny"]
    assert (status["members"], status["unknown"], status["deleted"], status["bots"]) == (
        4,
        2,
        0,
        0,
    )
    before = {k: v for k, v in snapshot(store).items() if k != "imports"}
    again = import_reddit(store, folder)
    assert again.added == {"members": 0, "content": 0, "interactions": 0}
    assert again.already_present == first.added and again.updated_members == 0
    assert again.placeholders == 0
    assert {k: v for k, v in snapshot(store).items() if k != "imports"} == before


def test_a_placeholder_that_writes_later_is_described(tmp_path: Path) -> None:
    """A later dump in which the mentioned name writes: the same member, now described."""
    store = Store(":memory:")
    ndjson(tmp_path / "a" / "RS_a.ndjson", [sub("s1", "ann", selftext="hi u/carol")])
    import_reddit(store, tmp_path / "a")
    ndjson(tmp_path / "b" / "RC_b.ndjson", [com("c1", "carol", "t3_s1", body="u/ann")])
    later = import_reddit(store, tmp_path / "b")
    assert (later.added["members"], later.updated_members, later.placeholders) == (0, 1, 0)
    assert placeholders(store) == []
    assert one(store, "SELECT count(*) FROM members WHERE member_id = 'carol'") == 1


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    authors=st.lists(st.from_regex(r"[a-z][a-z0-9_]{2,8}", fullmatch=True), min_size=1, max_size=4),
    mentions=st.lists(
        st.lists(st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{2,10}", fullmatch=True), max_size=3),
        min_size=1,
        max_size=5,
    ),
)
def test_placeholders_are_the_mentioned_names_nobody_wrote(
    authors: list[str], mentions: list[list[str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Any authors and mentions: one placeholder per distinct (case-insensitive) name that
    no author has, every mention kept, and a re-import adds nothing."""
    folder = tmp_path_factory.mktemp("dump")
    ndjson(folder / "RS_p.ndjson", [sub("s1", authors[0])])
    comments = [
        com(f"c{i}", authors[i % len(authors)], "t3_s1", body=" ".join(f"u/{n}" for n in names))
        for i, names in enumerate(mentions)
    ]
    ndjson(folder / "RC_p.ndjson", comments)
    store = Store(":memory:")
    first = import_reddit(store, folder)
    described = {authors[0].lower()} | {
        authors[i % len(authors)].lower() for i in range(len(mentions))
    }
    unknown = {n.lower() for names in mentions for n in names} - described
    assert first.placeholders == len(unknown) == len(placeholders(store))
    assert {m.lower() for m, *_ in placeholders(store)} == unknown
    assert kinds(store).get("mention", 0) == sum(len({n.lower() for n in ns}) for ns in mentions)
    assert first.skipped == {}
    again = import_reddit(store, folder)
    assert again.added == {"members": 0, "content": 0, "interactions": 0}
    assert again.already_present == first.added and again.updated_members == 0


def test_names_that_are_not_reddit_mentions() -> None:
    assert mentioned_names("u/ab u/abc u/" + "x" * 20 + " u/" + "y" * 21) == ["abc", "x" * 20]
    assert mentioned_names("see [u/KelpDAO](https://x.com/@KelpDAO) or [u/ann](/u/ann)") == ["ann"]
    assert mentioned_names("[u/bob](https://old.reddit.com/u/bob) http://a.b/u/cyd") == ["bob"]
    assert mentioned_names("[*u/Sharplink*](https://x.com/Sharplink) u/LayerZero\\_Core") == [
        "LayerZero_Core"
    ]


def test_zstandard_dumps_read_like_plain_ones(tmp_path: Path) -> None:
    plain = tiny(tmp_path / "plain")
    packed = tmp_path / "packed"
    packed.mkdir()
    for file in plain.iterdir():
        data = zstandard.ZstdCompressor().compress(file.read_bytes())
        (packed / (file.stem + ".zst")).write_bytes(data)
    a, b = Store(":memory:"), Store(":memory:")
    assert import_reddit(a, plain).added == import_reddit(b, packed).added
    rows = "SELECT content_id, text, parent_id FROM content ORDER BY ALL"
    assert a.con.execute(rows).fetchall() == b.con.execute(rows).fetchall()
    (packed / "RC_tiny.zst").write_bytes(b"\x28\xb5\x2f\xfd garbage")
    with pytest.raises(InputError, match=r"^RC_tiny\.zst, line 1: cannot be decompressed"):
        import_reddit(Store(":memory:"), packed)


def test_comments_imported_after_their_submissions(tmp_path: Path) -> None:
    """Monthly files imported one by one: reply targets and mentions found in the store."""
    folder = tiny(tmp_path / "dump")
    store = Store(":memory:")
    import_reddit(store, folder / "RS_tiny.ndjson")
    report = import_reddit(store, folder / "RC_tiny.ndjson")
    assert report.added["interactions"] == 8
    assert (
        one(
            store,
            "SELECT t.member_id FROM interactions i JOIN members t ON t.member_key = i.target_key "
            "WHERE interaction_id = 'reply:t1_c1'",
        )
        == "ann"
    )


def test_a_parent_in_neither_import_nor_store_is_counted(tmp_path: Path) -> None:
    file = ndjson(tmp_path / "RC_x.ndjson", [com("c9", "eve", "t1_gone")])
    report = import_reddit(Store(":memory:"), file)
    assert report.added == {"members": 1, "content": 1, "interactions": 0}
    assert report.skipped == {
        "reply interactions for comments whose parent is in neither this import nor the "
        "store (target unknown)": 1
    }


def test_several_subreddits_need_a_platform(tmp_path: Path) -> None:
    file = ndjson(tmp_path / "RS_mix.ndjson", [sub("s1", "ann"), sub("s2", "bo", "other")])
    with pytest.raises(InputError, match=r"^RS_mix\.ndjson, line 2: this record is from r/other"):
        import_reddit(Store(":memory:"), file)
    store = Store(":memory:")
    report = import_reddit(store, file, platform="reddit:mix", bots=["bo"])
    assert report.platform == "reddit:mix" and report.added["content"] == 2
    assert store.con.execute("SELECT channel FROM content ORDER BY channel").fetchall() == [
        ("other",),
        ("tiny",),
    ]
    assert one(store, "SELECT is_bot FROM members WHERE member_id = 'bo'") is True


# -- bad input: an error naming the file and line, the store unchanged -------------------------
BAD: dict[str, tuple[str, str]] = {
    "malformed line": ('{"id": "c9", "author": ', r"line 6: not a valid JSON object"),
    "not an object": ("[1, 2]", r"line 6: is a JSON list, not an object"),
    "no id": (json.dumps(com("", "eve", "t3_s1")), r"line 6: the record has no 'id'"),
    "bad time": (
        json.dumps(com("c9", "eve", "t3_s1", created_utc="yesterday")),
        r"line 6: created_utc is not a time in seconds since 1970",
    ),
    "bad parent": (
        json.dumps(com("c9", "eve", "c1")),
        r"line 6: parent_id is not a Reddit fullname",
    ),
    "author not text": (json.dumps(com("c9", 7, "t3_s1")), r"line 6: author is not a string"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_malformed_line_names_file_and_line_and_changes_nothing(case: str, tmp_path: Path) -> None:
    line, pattern = BAD[case]
    folder = tiny(tmp_path / "dump")
    store = Store(":memory:")
    import_reddit(store, folder)
    before = snapshot(store)
    comments = folder / "RC_tiny.ndjson"
    comments.write_text(comments.read_text() + line + "\n")
    with pytest.raises(InputError, match=rf"^RC_tiny\.ndjson, {pattern}"):
        import_reddit(store, folder)
    assert snapshot(store) == before


def test_a_folder_without_dumps_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(InputError, match="holds no RS_\\* or RC_\\* files"):
        import_reddit(Store(":memory:"), tmp_path)
    with pytest.raises(InputError, match="no such file or folder"):
        import_reddit(Store(":memory:"), tmp_path / "missing")
    (tmp_path / "RS_empty.ndjson").write_text("\n")
    with pytest.raises(InputError, match="holds no Reddit records"):
        import_reddit(Store(":memory:"), tmp_path)


def test_progress_counts_the_bytes_read(tmp_path: Path) -> None:
    class Recorder:
        def __init__(self) -> None:
            self.total: int | None = None
            self.done = 0

        def start(self, description: str, total: int | None) -> None:
            self.total = total

        def advance(self, amount: int) -> None:
            self.done += amount

    recorder = Recorder()
    folder = tiny(tmp_path / "dump")
    ingest(Store(":memory:"), "reddit", folder, progress=recorder)
    size = sum(f.stat().st_size for f in folder.iterdir())
    assert recorder.total == recorder.done == size


def test_cli_ingest_reddit(tmp_path: Path) -> None:
    db = tmp_path / "r.duckdb"
    folder = tiny(tmp_path / "dump")
    args = ["ingest", "reddit", str(folder), "--db", str(db), "-q", "--bot", "cy"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert one(Store(db), "SELECT is_bot FROM members WHERE member_id = 'cy'") is True
    (folder / "RC_tiny.ndjson").write_text("{oops\n")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert "RC_tiny.ndjson, line 1: not a valid JSON object" in result.output
    assert "Traceback" not in result.output
