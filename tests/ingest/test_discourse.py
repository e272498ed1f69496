"""Tests of the Discourse importer (nichescout.ingest.discourse, discourse_map).

Expected counts on the real Delving Bitcoin archive are derived here by walking its JSON
with plain Python and regular expressions, independently of the importer's code.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from nichescout.cli import app
from nichescout.exceptions import InputError
from nichescout.ingest import ingest
from nichescout.ingest.discourse import import_discourse
from nichescout.ingest.discourse_map import mentioned_usernames
from nichescout.store import Store

from ..conftest import snapshot

DATA = Path(__file__).parents[2].parent / "shared" / "data" / "discourse" / "delving-bitcoin"
needs_data = pytest.mark.skipif(
    not (DATA / "posts").is_dir(), reason=f"the Delving Bitcoin archive is not at {DATA}"
)
PLATFORM = "discourse:delving-bitcoin"
_QUOTE = re.compile(r"<aside class=\"quote.*?</aside>|<blockquote>.*?</blockquote>", re.S)
_MENTION = re.compile(r'<a class="mention" href="/u/([^"/]+)"')


# -- an oracle: the real archive walked with plain Python ---------------------------------------
def best_copies(folder: Path) -> dict[int, dict[str, Any]]:
    """Post id → its copy with the highest (version, updated_at), as PROVENANCE.md says."""
    best: dict[int, dict[str, Any]] = {}
    for file in sorted(folder.rglob("*.json")):
        post = json.loads(file.read_text())
        kept = best.get(post["id"])
        if kept is None or (post["version"], post["updated_at"]) > (
            kept["version"],
            kept["updated_at"],
        ):
            best[post["id"]] = post
    return best


def expected(folder: Path) -> dict[str, int]:
    posts = best_copies(folder)
    files = sum(1 for _ in folder.rglob("*.json"))
    at = {(p["topic_id"], p["post_number"]): p for p in posts.values()}
    names = {p["username"].lower(): p["user_id"] for p in posts.values()}
    replies = orphans = 0
    for p in posts.values():
        if p["post_number"] == 1:
            continue
        parent = at.get((p["topic_id"], p["reply_to_post_number"]))
        named = (p.get("reply_to_user") or {}).get("username", "").lower()
        if parent or named in names:
            replies += 1
        elif p["reply_to_post_number"] is None and (p["topic_id"], 1) in at:
            replies += 1
        else:
            orphans += 1
    mentions = 0
    unknown: set[str] = set()
    for p in posts.values():
        mentioned = {name.lower() for name in _MENTION.findall(_QUOTE.sub("", p["cooked"]))}
        mentions += len(mentioned)
        unknown |= mentioned - set(names)
    likes = 0
    for p in posts.values():
        liked = sum(a["count"] for a in p["actions_summary"] if a["id"] == 2)
        likes += max(liked, sum(r["count"] for r in p["reactions"]))
    return {
        "files": files,
        "repeated": files - len(posts),
        "authors": len({p["user_id"] for p in posts.values()}),
        "members": len({p["user_id"] for p in posts.values()}) + len(unknown),
        "bots": len({p["user_id"] for p in posts.values() if p["user_id"] < 0}),
        "content": len(posts),
        "roots": sum(p["post_number"] == 1 for p in posts.values()),
        "reply": replies,
        "orphans": orphans,
        "mention": mentions,
        "placeholders": len(unknown),
        "likes": likes,
        "accepted": sum(p.get("accepted_answer") is True for p in posts.values()),
    }


@pytest.fixture(scope="module")
def real() -> tuple[Store, Any]:
    if not (DATA / "posts").is_dir():
        pytest.skip(f"the Delving Bitcoin archive is not at {DATA}")
    store = Store(":memory:")
    return store, import_discourse(store, DATA)


def kinds(store: Store) -> dict[str, int]:
    return dict(
        store.con.execute("SELECT kind, count(*) FROM interactions GROUP BY kind").fetchall()
    )


# -- the real archive ---------------------------------------------------------------------------
@needs_data
def test_real_archive_counts_match_an_independent_walk(real: tuple[Store, Any]) -> None:
    store, report = real
    want = expected(DATA)
    assert report.platform == PLATFORM
    assert store.counts() == {
        "members": want["members"],
        "content": want["content"],
        "interactions": want["reply"] + want["mention"] + want["accepted"],
    }
    assert kinds(store) == {"reply": want["reply"], "mention": want["mention"]}
    assert report.placeholders == want["placeholders"]
    assert want["accepted"] == 0  # PROVENANCE.md: no accepted answers in this slice
    con = store.con
    assert con.execute("SELECT count(*) FROM members WHERE is_bot").fetchone() == (want["bots"],)
    assert con.execute("SELECT sum(likes) FROM content").fetchone() == (want["likes"],)
    assert con.execute(
        "SELECT count(*) FROM content WHERE content_id = thread_id AND kind = 'post'"
    ).fetchone() == (want["roots"],)
    skipped = report.skipped
    assert (
        skipped["posts met more than once (same id in several files): older copies left out"]
        == (want["repeated"])
    )
    assert (
        sum(v for k, v in skipped.items() if k.startswith("reply interactions"))
        == (want["orphans"])
    )
    assert not any("mention" in k for k in skipped)  # every mention kept


@needs_data
def test_documented_counts(real: tuple[Store, Any]) -> None:
    """The figures of docs/ingest.md and PROVENANCE.md."""
    want = expected(DATA)
    assert (want["files"], want["content"], want["authors"]) == (1893, 1859, 204)
    assert want["repeated"] == 34  # 33 ids in two files, one of them in three
    store, report = real
    # 204 authors + 4 placeholders: willcl-ark, hodlinator (2 mentions each), kruw and
    # portlandhodl, mentioned but with no post in the slice.
    assert report.added == {"members": 208, "content": 1859, "interactions": 1844}
    assert (report.placeholders, report.deleted_accounts) == (4, 0)
    assert kinds(store) == {"reply": 1636, "mention": 208}
    assert store.con.execute(
        "SELECT sum(likes), count(*) FILTER (WHERE thread_id IS NULL) FROM content"
    ).fetchone() == (993, 68)


@needs_data
def test_reimport_adds_nothing(real: tuple[Store, Any]) -> None:
    store, first = real
    before = snapshot(store)
    counts = store.counts()
    again = import_discourse(store, DATA)
    assert again.added == {"members": 0, "content": 0, "interactions": 0}
    assert again.already_present == first.added
    assert again.updated_members == 0
    assert store.counts() == counts
    assert {k: v for k, v in snapshot(store).items() if k != "imports"} == {
        k: v for k, v in before.items() if k != "imports"
    }


@needs_data
def test_real_rows_are_mapped_as_documented(real: tuple[Store, Any]) -> None:
    store, _ = real
    posts = best_copies(DATA)
    con = store.con
    # A repeated post keeps its highest version (183: versions 1, 3 and 4 in three files).
    text = con.execute("SELECT text FROM content WHERE content_id = '183'").fetchone()
    assert text is not None and posts[183]["version"] == 4
    assert text[0] and text[0][:40] in re.sub(r"<[^>]+>", "", posts[183]["cooked"])
    # A reply to a numbered post: parent, thread, reply edge to that post's author.
    at = {(p["topic_id"], p["post_number"]): p for p in posts.values()}
    post = next(
        p
        for p in posts.values()
        if p["reply_to_post_number"] not in (None, 1)
        and (p["topic_id"], p["reply_to_post_number"]) in at
        and (p["topic_id"], 1) in at
    )
    parent = at[(post["topic_id"], post["reply_to_post_number"])]
    root = at[(post["topic_id"], 1)]
    assert con.execute(
        "SELECT parent_id, thread_id, kind, channel FROM content WHERE content_id = ?",
        [str(post["id"])],
    ).fetchone() == (str(parent["id"]), str(root["id"]), "comment", str(post["category_id"]))
    assert con.execute(
        "SELECT a.member_id, t.member_id FROM interactions i "
        "JOIN members a ON a.member_key = i.actor_key JOIN members t ON t.member_key = i.target_key "
        "WHERE interaction_id = ?",
        [f"reply:{post['id']}"],
    ).fetchone() == (str(post["user_id"]), str(parent["user_id"]))
    # The root carries the topic's title; the system user is a bot; staff flags kept.
    assert con.execute(
        "SELECT title FROM content WHERE content_id = ?", [str(root["id"])]
    ).fetchone() == (root["topic_title"],)
    assert con.execute(
        "SELECT handle, is_bot, attributes->>'admin' FROM members WHERE member_id = '-1'"
    ).fetchone() == ("system", True, "true")
    levels = con.execute(
        "SELECT count(*) FROM members WHERE attributes->>'trust_level' IS NOT NULL"
    ).fetchone()
    assert levels == (204,)


@needs_data
def test_every_mention_names_an_author_or_a_placeholder(real: tuple[Store, Any]) -> None:
    """Each mentioned name of the raw posts (outside quotes) is an author of the archive or
    one placeholder of its own; the placeholders are exactly the undescribed names."""
    store, _ = real
    posts = best_copies(DATA)
    authors = {p["username"].lower(): str(p["user_id"]) for p in posts.values()}
    edges = set()
    for p in posts.values():
        for name in _MENTION.findall(_QUOTE.sub("", p["cooked"])):
            target = authors.get(name.lower(), f"@{name.lower()}")
            actor = "deleted" if p["user_id"] is None else str(p["user_id"])
            edges.add((f"mention:{p['id']}:{target}", actor, target))
    stored = store.con.execute(
        "SELECT interaction_id, a.member_id, t.member_id FROM interactions i "
        "JOIN members a ON a.member_key = i.actor_key JOIN members t ON t.member_key = i.target_key "
        "WHERE kind = 'mention'"
    ).fetchall()
    assert set(stored) == edges and len(stored) == len(edges)
    placeholders = store.con.execute(
        "SELECT member_id, handle, is_bot FROM members "
        "WHERE attributes->>'placeholder' = 'true' ORDER BY member_id"
    ).fetchall()
    undescribed = sorted({t for _, _, t in edges} - set(authors.values()))
    assert placeholders == [(t, t[1:], False) for t in undescribed]
    assert store.status().set_index("platform").loc[PLATFORM, "unknown"] == len(undescribed)


@needs_data
def test_progress_is_reported_per_file() -> None:
    class Recorder:
        def __init__(self) -> None:
            self.stages: list[tuple[str, int | None]] = []
            self.done = 0

        def start(self, description: str, total: int | None) -> None:
            self.stages.append((description, total))

        def advance(self, amount: int) -> None:
            self.done += amount

    recorder = Recorder()
    ingest(Store(":memory:"), "discourse", DATA / "posts" / "2022-08-August", progress=recorder)
    files = sum(1 for _ in (DATA / "posts" / "2022-08-August").glob("*.json"))
    assert [total for _, total in recorder.stages] == [files, files]
    assert recorder.done == 2 * files


# -- small hand-made exports --------------------------------------------------------------------
def post(pid: int, topic: int, number: int, user: int | None, name: str, **more: Any) -> dict:
    return {
        "id": pid,
        "topic_id": topic,
        "post_number": number,
        "user_id": user,
        "username": name,
        "name": name.title(),
        "created_at": f"2024-01-{number:02d}T10:00:00.000Z",
        "updated_at": f"2024-01-{number:02d}T10:00:00.000Z",
        "version": 1,
        "reply_to_post_number": None,
        "trust_level": 1,
        "cooked": f"<p>post {pid}</p>",
        "actions_summary": [],
        **more,
    }


def write(path: Path, data: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))
    return path


def forum(tmp_path: Path) -> Path:
    """Topic 5 as /t/5.json (ann asks, bo answers and is accepted, cy quotes bo) and a
    post file of topic 6, plus a categories file."""
    folder = tmp_path / "forum"
    quote = (
        '<aside class="quote no-group" data-username="bo"><blockquote><p>'
        '<a class="mention" href="/u/ann">@ann</a> said so</p></blockquote></aside>'
        '<blockquote><p><a class="mention" href="/u/dee">@dee</a></p></blockquote>'
        '<p>Agreed, <a class="mention" href="/u/Bo">@Bo</a> and '
        '<a class="mention-group" href="/g/team">@team</a></p>'
    )
    write(
        folder / "t" / "5.json",
        {
            "id": 5,
            "title": "How do fees work?",
            "category_id": 7,
            "tags": ["Fees", {"name": "Mempool"}],
            "accepted_answer": {"post_number": 2, "username": "bo"},
            "details": {"created_by": {"id": 1, "username": "ann"}},
            "post_stream": {
                "posts": [
                    post(50, 5, 1, 1, "ann"),
                    post(51, 5, 2, 2, "bo", actions_summary=[{"id": 2, "count": 4}]),
                    post(52, 5, 3, 3, "cy", reply_to_post_number=2, cooked=quote),
                ],
                "stream": [50, 51, 52, 53],
            },
        },
    )
    write(
        folder / "posts" / "60.json",
        post(60, 6, 1, -1, "system", admin=True, staff=True, moderator=True, trust_level=4),
    )
    write(folder / "posts" / "61.json", post(61, 6, 2, 4, "dee"))
    write(
        folder / "categories.json", {"category_list": {"categories": [{"id": 7, "name": "Fees"}]}}
    )
    return folder


def test_hand_made_forum(tmp_path: Path) -> None:
    store = Store(":memory:")
    report = import_discourse(store, forum(tmp_path))
    assert report.platform == "discourse:forum"
    assert report.added == {"members": 5, "content": 5, "interactions": 5}
    assert kinds(store) == {"reply": 3, "accept": 1, "mention": 1}
    rows = store.con.execute(
        "SELECT content_id, kind, parent_id, thread_id, channel, likes, accepted, tags "
        "FROM content ORDER BY content_id"
    ).fetchall()
    assert rows == [
        ("50", "question", None, "50", "Fees", 0, None, ["fees", "mempool"]),
        ("51", "answer", "50", "50", "Fees", 4, True, None),
        ("52", "answer", "51", "50", "Fees", 0, None, None),
        ("60", "post", None, "60", None, 0, None, None),
        ("61", "comment", "60", "60", None, 0, None, None),
    ]
    edges = store.con.execute(
        "SELECT kind, a.member_id, t.member_id, i.content_id FROM interactions i "
        "JOIN members a ON a.member_key = i.actor_key JOIN members t ON t.member_key = i.target_key "
        "ORDER BY ALL"
    ).fetchall()
    # @ann inside bo's quote, @dee inside a blockquote and the @team group: not mentions.
    assert edges == [
        ("accept", "1", "2", "51"),
        ("mention", "3", "2", "52"),
        ("reply", "2", "1", "51"),
        ("reply", "3", "2", "52"),
        ("reply", "4", "-1", "61"),
    ]
    assert report.skipped == {
        "posts a topic file lists in post_stream.stream but does not include (fetch "
        "/t/ID/posts.json?post_ids[]=… for them)": 1
    }
    bot = store.con.execute(
        "SELECT is_bot, attributes->>'trust_level', attributes->>'staff' FROM members "
        "WHERE member_id = '-1'"
    ).fetchone()
    assert bot == (True, "4", "true")


def test_quote_mentions_are_not_counted() -> None:
    cooked = (
        '<aside class="quote"><blockquote><a class="mention" href="/u/ann">@ann</a>'
        '</blockquote></aside><p><a class="mention" href="/forum/u/bo">@bo</a> '
        '<a class="mention" href="/u/bo">@bo</a></p><blockquote><p>'
        '<a class="mention" href="/u/cy">@cy</a></p></blockquote>'
    )
    assert mentioned_usernames(cooked) == ["bo"]
    assert mentioned_usernames("<p>no mention here</p>") == []
    assert mentioned_usernames(None) == []


def mention(name: str) -> str:
    return f'<a class="mention" href="/u/{name.lower()}">@{name}</a>'


def named_not_described(tmp_path: Path) -> Path:
    """Topic 8 without its first post: people named only by the topic, reply_to_user and
    mentions."""
    folder = tmp_path / "named"
    cooked = (
        f"<p>{mention('Carol')} {mention('ann')} {mention('Ghosty')} "
        '<a class="mention">@here</a> <a class="mention-group" href="/g/staff">@staff</a> '
        '<span class="mention">@nobody</span></p>'
        f'<aside class="quote"><blockquote>{mention("quoted")}</blockquote></aside>'
    )
    write(
        folder / "t" / "8.json",
        {
            "id": 8,
            "title": "Who?",
            "details": {"created_by": {"id": 30, "username": "Zed"}},
            "accepted_answer": {"post_number": 3, "accepter_username": "Mod"},
            "post_stream": {
                "posts": [
                    post(81, 8, 2, 1, "ann", cooked=f"<p>{mention('carol')}</p>"),
                    post(
                        82,
                        8,
                        3,
                        2,
                        "bo",
                        cooked=cooked,
                        reply_to_post_number=9,
                        reply_to_user={"username": "Ghosty", "id": 40},
                    ),
                    post(
                        83,
                        8,
                        4,
                        2,
                        "bo",
                        reply_to_post_number=7,
                        reply_to_user={"username": "dora"},
                    ),
                ]
            },
        },
    )
    return folder


def test_people_named_but_not_described_are_placeholders(tmp_path: Path) -> None:
    """Each person the posts name who wrote none of them is one placeholder member (by id
    when the export gives one, else by @username), not a bot; every row is kept, the report
    and status count them, and a re-import adds nothing."""
    store = Store(":memory:")
    folder = named_not_described(tmp_path)
    first = import_discourse(store, folder)
    assert first.added == {"members": 7, "content": 3, "interactions": 8}
    assert (first.placeholders, first.deleted_accounts, first.skipped) == (5, 0, {})
    rows = store.con.execute(
        "SELECT member_id, handle, is_bot, attributes FROM members "
        "WHERE attributes->>'placeholder' = 'true' ORDER BY member_id"
    ).fetchall()
    assert rows == [
        (member, handle, False, '{"placeholder": true}')
        for member, handle in [
            ("30", "Zed"),  # the topic's author (details.created_by; post 1 missing)
            ("40", "Ghosty"),  # reply_to_user with an id; @Ghosty is the same member
            ("@carol", "carol"),  # mentioned twice, one placeholder
            ("@dora", "dora"),  # reply_to_user without an id
            ("@mod", "Mod"),  # the accepter
        ]
    ]
    edges = store.con.execute(
        "SELECT kind, a.member_id, t.member_id, i.content_id FROM interactions i "
        "JOIN members a ON a.member_key = i.actor_key JOIN members t ON t.member_key = i.target_key "
        "ORDER BY ALL"
    ).fetchall()
    # Not mentions: @here, the @staff group, the unlinked @nobody, @quoted inside a quote.
    assert edges == [
        ("accept", "@mod", "2", "82"),
        ("mention", "1", "@carol", "81"),
        ("mention", "2", "1", "82"),
        ("mention", "2", "40", "82"),
        ("mention", "2", "@carol", "82"),
        ("reply", "1", "30", "81"),
        ("reply", "2", "40", "82"),
        ("reply", "2", "@dora", "83"),
    ]
    status = store.status().set_index("platform").loc["discourse:named"]
    assert (status["members"], status["unknown"], status["bots"], status["deleted"]) == (7, 5, 0, 0)
    before = snapshot(store)
    again = import_discourse(store, folder)
    assert again.added == {"members": 0, "content": 0, "interactions": 0}
    assert again.already_present == first.added and again.updated_members == 0
    assert {k: v for k, v in snapshot(store).items() if k != "imports"} == {
        k: v for k, v in before.items() if k != "imports"
    }


def test_a_name_the_store_knows_is_not_a_placeholder(tmp_path: Path) -> None:
    """A later import mentioning someone an earlier import described (or made a placeholder)
    refers to that member and adds no placeholder."""
    store = Store(":memory:")
    write(tmp_path / "a" / "1.json", post(1, 1, 1, 3, "Carol"))
    import_discourse(store, tmp_path / "a", platform="discourse:f")
    write(
        tmp_path / "b" / "2.json",
        post(2, 2, 1, 1, "ann", cooked=f"<p>{mention('carol')} {mention('eve')}</p>"),
    )
    import_discourse(store, tmp_path / "b", platform="discourse:f")
    write(tmp_path / "c" / "3.json", post(3, 3, 1, 2, "bo", cooked=f"<p>{mention('Eve')}</p>"))
    third = import_discourse(store, tmp_path / "c", platform="discourse:f")
    assert (third.added["members"], third.placeholders, third.updated_members) == (1, 0, 0)
    assert store.con.execute(
        "SELECT interaction_id, t.member_id FROM interactions i "
        "JOIN members t ON t.member_key = i.target_key ORDER BY ALL"
    ).fetchall() == [("mention:2:3", "3"), ("mention:2:@eve", "@eve"), ("mention:3:@eve", "@eve")]


def test_a_post_met_twice_counts_once_keeping_the_newer_copy(tmp_path: Path) -> None:
    folder = tmp_path / "dup"
    old = post(1, 1, 1, 1, "ann", cooked="<p>old title text</p>", topic_title="Old")
    new = post(
        1,
        1,
        1,
        1,
        "ann",
        cooked="<p>new text</p>",
        topic_title="New",
        version=2,
        updated_at="2024-02-01T00:00:00Z",
    )
    write(folder / "a" / "1-old-slug.json", new)
    write(folder / "b" / "1-new-slug.json", old)
    write(folder / "c" / "2.json", post(2, 1, 2, 2, "bo"))
    store = Store(":memory:")
    report = import_discourse(store, folder)
    assert report.added == {"members": 2, "content": 2, "interactions": 1}
    assert (
        report.skipped["posts met more than once (same id in several files): older copies left out"]
        == 1
    )
    assert store.con.execute(
        "SELECT title, text FROM content WHERE content_id = '1'"
    ).fetchone() == (
        "New",
        "new text",
    )


def test_deleted_account_is_one_placeholder(tmp_path: Path) -> None:
    folder = tmp_path / "gone"
    write(folder / "1.json", post(1, 1, 1, None, "ghost"))
    write(folder / "2.json", post(2, 1, 2, None, "ghost2"))
    write(folder / "3.json", post(3, 1, 3, 7, "eve", reply_to_post_number=2))
    store = Store(":memory:")
    import_discourse(store, folder)
    assert store.con.execute(
        "SELECT member_id, is_bot, attributes->>'deleted' FROM members ORDER BY member_id"
    ).fetchall() == [("7", False, None), ("deleted", False, "true")]
    assert store.con.execute(
        "SELECT a.member_id, t.member_id FROM interactions i JOIN members a ON "
        "a.member_key = i.actor_key JOIN members t ON t.member_key = i.target_key ORDER BY ALL"
    ).fetchall() == [("7", "deleted"), ("deleted", "deleted")]


def test_single_file_and_unknown_json(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    single = write(folder / "9.json", post(9, 3, 1, 5, "fay"))
    write(folder / "about.json", {"about": {"title": "a forum"}})
    store = Store(":memory:")
    report = import_discourse(store, single)
    assert (report.platform, report.added["content"]) == ("discourse:mixed", 1)
    report = import_discourse(store, folder)
    assert report.added == {"members": 0, "content": 0, "interactions": 0}
    assert report.skipped == {
        "JSON files that are not Discourse posts, topics or categories, left unread": 1
    }


# -- bad input: an error naming the file (and post), the store unchanged ------------------------
BAD: dict[str, tuple[object, str]] = {
    "truncated": ('{"id": 1, "topic_id"', r"^t/5\.json: not valid JSON"),
    "empty": ("", r"^t/5\.json: not valid JSON"),
    "post not an object": (
        {"id": 5, "post_stream": {"posts": [post(50, 5, 1, 1, "ann"), 7]}},
        r"^t/5\.json, row 2: is a JSON int, not a post object",
    ),
    "bad post_number": (
        {"id": 5, "post_stream": {"posts": [post(50, 5, 1, 1, "ann", post_number="one")]}},
        r"^t/5\.json, row 1: post_number is not an integer: 'one'",
    ),
    "bad date": (
        {"id": 5, "post_stream": {"posts": [post(50, 5, 1, 1, "ann", created_at="yesterday")]}},
        r"^t/5\.json, row 1: 'yesterday' is not an ISO date",
    ),
    "bad user_id": (
        {"id": 5, "post_stream": {"posts": [post(50, 5, 1, "ann", "ann")]}},
        r"^t/5\.json, row 1: user_id is not an integer",
    ),
    "posts not a list": (
        {"id": 5, "post_stream": {"posts": {"a": 1}}},
        r"^t/5\.json: holds a JSON dict where a list of posts belongs",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_malformed_input_names_the_file_and_changes_nothing(case: str, tmp_path: Path) -> None:
    content, pattern = BAD[case]
    store = Store(":memory:")
    folder = forum(tmp_path)
    import_discourse(store, folder)
    before = snapshot(store)
    bad = folder / "t" / "5.json"
    bad.write_text(content if isinstance(content, str) else json.dumps(content))
    with pytest.raises(InputError, match=pattern):
        import_discourse(store, folder)
    assert snapshot(store) == before


def test_a_folder_without_posts_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="holds no Discourse posts"):
        import_discourse(Store(":memory:"), tmp_path / "empty")
    with pytest.raises(InputError, match="no such file or folder"):
        import_discourse(Store(":memory:"), tmp_path / "missing")


def test_cli_ingest_discourse(tmp_path: Path) -> None:
    db = tmp_path / "f.duckdb"
    folder = forum(tmp_path)
    result = CliRunner().invoke(app, ["ingest", "discourse", str(folder), "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    (folder / "posts" / "61.json").write_text("{")
    result = CliRunner().invoke(app, ["ingest", "discourse", str(folder), "--db", str(db), "-q"])
    assert result.exit_code == 1
    assert "posts/61.json: not valid JSON" in result.output
    assert "Traceback" not in result.output
    shutil.rmtree(folder)
