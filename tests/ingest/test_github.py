"""Tests of the GitHub importer (nichescout.ingest.github, github_map).

Expected counts on the real secp256k1 backup are derived here by reading its JSON with plain
Python, independently of the importer's code.
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
from nichescout.ingest.github import import_github
from nichescout.ingest.github_map import mentioned_logins
from nichescout.store import Store

from ..conftest import snapshot

DATA = Path(__file__).parents[2].parent / "shared" / "data" / "github" / "secp256k1"
PLATFORM = "github:bitcoin-core/secp256k1"
REPO = "bitcoin-core/secp256k1"


# -- an oracle: the real backup read with plain Python ----------------------------------------
def load(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(f.read_text()) for f in sorted(folder.glob("*/*.json"))]


def _mentions(body: str | None) -> set[str]:
    """@names outside fenced code, quoted lines and inline code (lower case)."""
    names: set[str] = set()
    code = False
    for line in (body or "").splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            code = not code
            continue
        if code or line.lstrip().startswith(">"):
            continue
        line = re.sub(r"`[^`]*`", "", line)
        names |= {
            m.lower()
            for m in re.findall(r"(?:^|[^\w@.`/])@([A-Za-z0-9][A-Za-z0-9-]*)(?![\w/])", line)
        }
    return names


def expected(folder: Path) -> dict[str, Any]:
    files = load(folder)
    described = set()

    def walk(o: object) -> None:
        if isinstance(o, dict):
            if isinstance(o.get("login"), str):
                described.add(o["login"].lower())
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)

    for data in files:
        walk(data)
    people: set[str] = set()
    bodies: list[str | None] = []
    out = dict.fromkeys(["items", "comments", "reviews_with_text", "review_comments"], 0)
    out |= dict.fromkeys(["approved", "merged", "empty_reviews", "other_events"], 0)
    for data in files:
        top = data.get("issue") or data["pull"]
        out["items"] += 1
        people.add((top["user"] or {"login": "ghost"})["login"].lower())
        bodies.append(top["body"])
        if top.get("merged_at"):
            out["merged"] += 1
            merged = [e["actor"] for e in data["events"] if e["event"] == "merged"]
            people.add((top.get("merged_by") or merged[0])["login"].lower())
        for event in data["events"]:
            kind = event["event"]
            if kind in ("commented", "reviewed"):
                people.add((event["user"] or {"login": "ghost"})["login"].lower())
            if kind == "commented":
                out["comments"] += 1
                bodies.append(event["body"])
            elif kind == "reviewed":
                out["approved"] += event["state"] == "APPROVED"
                if (event.get("body") or "").strip():
                    out["reviews_with_text"] += 1
                    bodies.append(event["body"])
                else:
                    out["empty_reviews"] += 1
            elif kind != "merged":
                out["other_events"] += 1
        for comment in data.get("comments", []):
            out["review_comments"] += 1
            people.add((comment["user"] or {"login": "ghost"})["login"].lower())
            bodies.append(comment["body"])
    named = [_mentions(b) - {"ghost"} for b in bodies]
    mentioned = set().union(*named)
    out["mention"] = sum(len(n) for n in named)
    out["placeholders"] = len(mentioned - described)
    out["members"] = len(people | mentioned)
    out["ghost"] = "ghost" in people
    out["content"] = (
        out["items"] + out["comments"] + out["reviews_with_text"] + out["review_comments"]
    )
    out["reply"] = out["content"] - out["items"]
    return out


@pytest.fixture(scope="module")
def real() -> tuple[Store, Any]:
    if not DATA.is_dir():
        pytest.skip(f"the secp256k1 backup is not at {DATA}")
    store = Store(":memory:")
    return store, import_github(store, DATA)


def kinds(store: Store) -> dict[str, int]:
    return dict(
        store.con.execute("SELECT kind, count(*) FROM interactions GROUP BY kind").fetchall()
    )


def one(store: Store, sql: str, params: list[Any] | None = None) -> Any:
    row = store.con.execute(sql, params or []).fetchone()
    assert row is not None
    return row[0] if len(row) == 1 else row


EDGES = (
    "SELECT kind, a.member_id, t.member_id, i.content_id FROM interactions i "
    "JOIN members a ON a.member_key = i.actor_key JOIN members t ON t.member_key = i.target_key "
)


# -- the real backup ------------------------------------------------------------------------------
def test_real_backup_counts_match_an_independent_read(real: tuple[Store, Any]) -> None:
    store, report = real
    want = expected(DATA)
    assert report.platform == PLATFORM
    assert kinds(store) == {
        "reply": want["reply"],
        "vote_up": want["approved"],
        "accept": want["merged"],
        "mention": want["mention"],
    }
    assert store.counts() == {
        "members": want["members"],
        "content": want["content"],
        "interactions": want["reply"] + want["approved"] + want["merged"] + want["mention"],
    }
    assert one(store, "SELECT count(*) FROM content WHERE accepted") == want["merged"]
    assert (
        one(store, "SELECT count(*) FROM members WHERE attributes->>'placeholder' = 'true'")
        == want["placeholders"]
    )
    assert want["ghost"]
    assert (report.placeholders, report.deleted_accounts) == (want["placeholders"], 1)
    assert report.skipped == {
        "reviews with an empty body (a wrapper of line comments or a bare approval): no "
        "content row, their approval is kept": want["empty_reviews"],
        "timeline events that are not content or interactions (committed, referenced, "
        "mentioned, subscribed, labeled, closed, …)": want["other_events"],
    }


def test_documented_counts(real: tuple[Store, Any]) -> None:
    """The figures of docs/ingest.md and the data's PROVENANCE.md."""
    store, report = real
    want = expected(DATA)
    assert (want["comments"], want["review_comments"], want["approved"]) == (1217, 745, 58)
    assert want["merged"] == 72
    assert report.added == {"members": 104, "content": 2258, "interactions": 2493}
    assert kinds(store) == {"reply": 2077, "vote_up": 58, "accept": 72, "mention": 286}
    assert store.con.execute(
        "SELECT kind, count(*) FROM content GROUP BY kind ORDER BY kind"
    ).fetchall() == [("comment", 2077), ("idea", 111), ("post", 70)]
    assert one(store, "SELECT count(*) FROM members WHERE is_bot") == 0
    staff = "SELECT count(*) FROM members WHERE attributes->>'staff' = 'true'"
    assert one(store, staff) == 10


def test_reimport_adds_nothing(real: tuple[Store, Any]) -> None:
    store, first = real
    before = {k: v for k, v in snapshot(store).items() if k != "imports"}
    again = import_github(store, DATA)
    assert again.added == {"members": 0, "content": 0, "interactions": 0}
    # The placeholder (a mention of a renamed account) is now found in the store.
    assert again.already_present == first.added | {"members": first.added["members"] - 1}
    assert again.updated_members == 0
    assert {k: v for k, v in snapshot(store).items() if k != "imports"} == before


def test_real_rows_are_mapped_as_documented(real: tuple[Store, Any]) -> None:
    store, _ = real
    pull = json.loads((DATA / "pulls" / "631.json").read_text())["pull"]
    key = f"{REPO}#631"
    assert one(
        store,
        "SELECT kind, thread_id, channel, title, accepted FROM content WHERE content_id = ?",
        [key],
    ) == ("idea", key, REPO, pull["title"], True)
    assert store.con.execute(EDGES + "WHERE i.interaction_id = ?", [f"merge:{key}"]).fetchall() == [
        ("accept", pull["merged_by"]["login"], pull["user"]["login"], key)
    ]
    # A reply chain inside a review thread: each answer replies to the comment it answers.
    data = json.loads((DATA / "pulls" / "584.json").read_text())
    by_id = {c["id"]: c for c in data["comments"]}
    answer = next(c for c in data["comments"] if c["in_reply_to_id"] in by_id)
    asked = by_id[answer["in_reply_to_id"]]
    cid = f"discussion_r{answer['id']}"
    assert one(store, "SELECT parent_id, thread_id FROM content WHERE content_id = ?", [cid]) == (
        f"discussion_r{asked['id']}",
        f"{REPO}#584",
    )
    assert store.con.execute(EDGES + "WHERE i.interaction_id = ?", [f"reply:{cid}"]).fetchall() == [
        ("reply", answer["user"]["login"], asked["user"]["login"], cid)
    ]
    gmaxwell = "SELECT attributes->>'staff', (attributes->>'merged')::INT FROM members "
    assert one(store, gmaxwell + "WHERE member_id = 'gmaxwell'") == ("true", 22)
    assert one(store, "SELECT is_bot, attributes FROM members WHERE member_id = 'ghost'") == (
        False,
        '{"deleted": true}',
    )


def test_progress_is_reported_per_file(tmp_path: Path) -> None:
    class Recorder:
        def __init__(self) -> None:
            self.totals: list[int | None] = []
            self.done = 0

        def start(self, description: str, total: int | None) -> None:
            self.totals.append(total)

        def advance(self, amount: int) -> None:
            self.done += amount

    recorder = Recorder()
    folder = backup(tmp_path)
    ingest(Store(":memory:"), "github", folder, progress=recorder)
    assert recorder.totals == [5, 3]  # five JSON files read, three of them issues or PRs
    assert recorder.done == 8


# -- a small hand-made backup -----------------------------------------------------------------------
API = "https://api.github.com/repos/acme/widget"


def user(login: str, **more: Any) -> dict[str, Any]:
    return {"login": login, "id": len(login), "type": "User", "site_admin": False, **more}


def write(path: Path, data: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))
    return path


ISSUE_BODY = (
    "It crashes. cc @bo\n> @cy said so\n```\n@dee in code\n```\nsee `@eve`, mail x@y.com, "
    "ping @acme/team"
)


def issue_file() -> dict[str, Any]:
    reactions = {"url": "", "total_count": 4, "+1": 2, "-1": 1, "heart": 1, "laugh": 0}
    return {
        "type": "issue",
        "issue": {
            "number": 1,
            "url": f"{API}/issues/1",
            "user": user("ann"),
            "author_association": "NONE",
            "created_at": "2024-01-01T10:00:00Z",
            "updated_at": "2024-01-05T10:00:00Z",
            "title": "Crash",
            "body": ISSUE_BODY,
            "labels": [{"name": "Bug"}],
            "comments": 3,
            "reactions": reactions,
        },
        "events": [
            {
                "event": "commented",
                "id": 101,
                "user": user("bo"),
                "author_association": "MEMBER",
                "created_at": "2024-01-01T11:00:00Z",
                "body": "Thanks @ann, @Ann!",
                "reactions": [
                    {
                        "id": 9001,
                        "user": user("cy"),
                        "content": "heart",
                        "created_at": "2024-01-01T12:00:00Z",
                    },
                    {
                        "id": 9002,
                        "user": user("ann"),
                        "content": "-1",
                        "created_at": "2024-01-01T12:30:00Z",
                    },
                ],
            },
            {"event": "mentioned", "actor": user("cy"), "created_at": "2024-01-01T11:00:01Z"},
            {
                "event": "commented",
                "id": 102,
                "user": None,
                "created_at": "2024-01-02T10:00:00Z",
                "body": "me too",
            },
            {
                "event": "commented",
                "id": 103,
                "user": user("dependabot[bot]", type="Bot"),
                "created_at": "2024-01-03T10:00:00Z",
                "body": "@zed beep",
            },
            {"event": "labeled", "actor": user("bo"), "created_at": "2024-01-03T11:00:00Z"},
        ],
    }


def review(rid: int, login: str, state: str, body: str | None, day: int) -> dict[str, Any]:
    return {
        "event": "reviewed",
        "id": rid,
        "user": user(login),
        "state": state,
        "body": body,
        "author_association": "CONTRIBUTOR",
        "submitted_at": f"2024-02-0{day}T10:00:00Z",
        "actor": None,
        "created_at": None,
    }


def line_comment(cid: int, login: str, reply_to: int | None, body: str) -> dict[str, Any]:
    return {
        "id": cid,
        "pull_request_review_id": 304,
        "in_reply_to_id": reply_to,
        "user": user(login),
        "body": body,
        "author_association": "CONTRIBUTOR",
        "created_at": f"2024-02-02T1{cid - 400}:00:00Z",
        "diff_hunk": "@@ -1 +1 @@",
    }


def pull_file(**more: Any) -> dict[str, Any]:
    pull = {
        "number": 2,
        "url": f"{API}/pulls/2",
        "head": {"ref": "fix"},
        "user": user("cy"),
        "author_association": "CONTRIBUTOR",
        "created_at": "2024-02-01T10:00:00Z",
        "updated_at": "2024-02-03T10:00:00Z",
        "merged_at": "2024-02-03T10:00:00Z",
        "merged_by": user("dee"),
        "title": "Fix crash",
        "body": "Fixes #1",
        "comments": 1,
        "review_comments": 3,
        **more,
    }
    comment = {
        "event": "commented",
        "id": 201,
        "user": user("ann"),
        "author_association": "CONTRIBUTOR",
        "created_at": "2024-02-01T12:00:00Z",
        "body": "works for me",
    }
    return {
        "type": "pull",
        "pull": pull,
        "events": [
            comment,
            review(301, "bo", "APPROVED", "ACK", 2),
            review(302, "eve", "APPROVED", "", 2),
            review(303, "ann", "CHANGES_REQUESTED", "nit", 2),
            review(304, "bo", "COMMENTED", None, 2),
            {"event": "committed", "sha": "abc", "author": {"name": "Cy"}},
            {"event": "merged", "actor": user("dee"), "created_at": "2024-02-03T10:00:00Z"},
            {"event": "closed", "actor": user("dee"), "created_at": "2024-02-03T10:00:00Z"},
        ],
        "comments": [
            line_comment(401, "bo", None, "why?"),
            line_comment(402, "cy", 401, "because @bo"),
            line_comment(403, "ann", 402, "> @eve wrote\nok"),
        ],
    }


def backup(tmp_path: Path) -> Path:
    folder = tmp_path / "widget"
    write(folder / "issues" / "1.json", issue_file())
    write(folder / "pulls" / "2.json", pull_file())
    older = pull_file(title="WIP", updated_at="2024-02-01T10:00:00Z")
    older["events"] = older["events"][:1]  # the same comment 201 again
    older["comments"] = []
    write(folder / "old" / "pulls" / "2.json", older)
    write(folder / "repository.json", {"name": "widget", "full_name": "acme/widget"})
    write(folder / "labels.json", [{"name": "Bug"}])
    return folder


def test_hand_made_backup(tmp_path: Path) -> None:
    store = Store(":memory:")
    report = import_github(store, backup(tmp_path))
    assert report.platform == "github:acme/widget"
    assert report.added == {"members": 8, "content": 11, "interactions": 18}
    assert kinds(store) == {
        "reply": 9,
        "mention": 4,
        "vote_up": 2,
        "accept": 1,
        "reaction": 1,
        "vote_down": 1,
    }
    assert store.con.execute(EDGES + "ORDER BY ALL").fetchall() == [
        ("accept", "dee", "cy", "acme/widget#2"),  # the merger accepts the PR
        ("mention", "ann", "bo", "acme/widget#1"),  # not @cy (quoted), @dee, @eve (code)…
        ("mention", "bo", "ann", "issuecomment-101"),  # @ann and @Ann: one
        ("mention", "cy", "bo", "discussion_r402"),
        ("mention", "dependabot[bot]", "zed", "issuecomment-103"),  # zed: a placeholder
        ("reaction", "cy", "bo", "issuecomment-101"),
        ("reply", "ann", "cy", "discussion_r403"),  # answers cy's review comment
        ("reply", "ann", "cy", "issuecomment-201"),
        ("reply", "ann", "cy", "pullrequestreview-303"),
        ("reply", "bo", "ann", "issuecomment-101"),
        ("reply", "bo", "cy", "discussion_r401"),
        ("reply", "bo", "cy", "pullrequestreview-301"),
        ("reply", "cy", "bo", "discussion_r402"),  # answers bo's review comment
        ("reply", "dependabot[bot]", "ann", "issuecomment-103"),
        ("reply", "ghost", "ann", "issuecomment-102"),  # a deleted account
        ("vote_down", "ann", "bo", "issuecomment-101"),  # a thumbs-down reaction
        ("vote_up", "bo", "cy", "acme/widget#2"),  # approvals; not CHANGES_REQUESTED
        ("vote_up", "eve", "cy", "acme/widget#2"),
    ]
    rows = store.con.execute(
        "SELECT content_id, kind, parent_id, thread_id, channel, title, likes, comments, "
        "accepted, tags FROM content ORDER BY content_id"
    ).fetchall()
    assert rows == [
        (
            "acme/widget#1",
            "post",
            None,
            "acme/widget#1",
            "acme/widget",
            "Crash",
            3,
            3,
            None,
            ["bug"],
        ),
        (
            "acme/widget#2",
            "idea",
            None,
            "acme/widget#2",
            "acme/widget",
            "Fix crash",
            None,
            4,
            True,
            None,
        ),
        (
            "discussion_r401",
            "comment",
            "acme/widget#2",
            "acme/widget#2",
            "acme/widget",
            None,
            None,
            None,
            None,
            None,
        ),
        (
            "discussion_r402",
            "comment",
            "discussion_r401",
            "acme/widget#2",
            "acme/widget",
            None,
            None,
            None,
            None,
            None,
        ),
        (
            "discussion_r403",
            "comment",
            "discussion_r402",
            "acme/widget#2",
            "acme/widget",
            None,
            None,
            None,
            None,
            None,
        ),
        (
            "issuecomment-101",
            "comment",
            "acme/widget#1",
            "acme/widget#1",
            "acme/widget",
            None,
            1,
            None,
            None,
            None,
        ),
        (
            "issuecomment-102",
            "comment",
            "acme/widget#1",
            "acme/widget#1",
            "acme/widget",
            None,
            None,
            None,
            None,
            None,
        ),
        (
            "issuecomment-103",
            "comment",
            "acme/widget#1",
            "acme/widget#1",
            "acme/widget",
            None,
            None,
            None,
            None,
            None,
        ),
        (
            "issuecomment-201",
            "comment",
            "acme/widget#2",
            "acme/widget#2",
            "acme/widget",
            None,
            None,
            None,
            None,
            None,
        ),
        (
            "pullrequestreview-301",
            "comment",
            "acme/widget#2",
            "acme/widget#2",
            "acme/widget",
            None,
            None,
            None,
            None,
            None,
        ),
        (
            "pullrequestreview-303",
            "comment",
            "acme/widget#2",
            "acme/widget#2",
            "acme/widget",
            None,
            None,
            None,
            None,
            None,
        ),
    ]
    members = store.con.execute(
        "SELECT member_id, is_bot, attributes FROM members ORDER BY member_id"
    ).fetchall()
    assert [(m, b, json.loads(a)) for m, b, a in members] == [
        ("ann", False, {"github_id": 3, "author_association": "CONTRIBUTOR"}),
        ("bo", False, {"github_id": 2, "author_association": "CONTRIBUTOR", "staff": True}),
        ("cy", False, {"github_id": 2, "author_association": "CONTRIBUTOR"}),
        ("dee", False, {"github_id": 3, "staff": True, "merged": 1}),
        ("dependabot[bot]", True, {"github_id": 15, "type": "Bot"}),
        ("eve", False, {"github_id": 3, "author_association": "CONTRIBUTOR"}),
        ("ghost", False, {"deleted": True}),
        ("zed", False, {"placeholder": True}),
    ]
    assert report.skipped == {
        "issue or pull request files met more than once: older copies left out": 1,
        "comments, reviews or reactions met more than once (same id in several files)": 1,
        "reviews with an empty body (a wrapper of line comments or a bare approval): no "
        "content row, their approval is kept": 2,
        "timeline events that are not content or interactions (committed, referenced, "
        "mentioned, subscribed, labeled, closed, …)": 4,
        "JSON files that are not GitHub issues or pull requests, left unread": 2,
    }
    again = import_github(store, tmp_path / "widget")
    assert again.added == {"members": 0, "content": 0, "interactions": 0}
    assert again.updated_members == 0


def test_mentions_outside_quotes_and_code_only() -> None:
    body = (
        "<!-- template: @hidden -->\n@ann and @bo.\n"
        "> @quoted\n>\n> still @quoted\n\n    @indented code\n\n"
        "~~~\n@fenced\n~~~\n``@double ` span`` and `@single`\n"
        "mail ann@example.com, team @acme/core, trailing-@dash, @-bad, @ok-1"
    )
    assert mentioned_logins(body) == ["ann", "bo", "ok-1"]
    assert mentioned_logins("````\n```\n@still_code\n````\n@out") == ["out"]
    assert mentioned_logins("text\n    @continuation is not code") == ["continuation"]
    assert mentioned_logins(None) == mentioned_logins("") == []


def test_python_github_backup_layout(tmp_path: Path) -> None:
    """The REST objects themselves, comments and events in *_data lists beside them."""
    folder = tmp_path / "gb"
    issue = {
        "number": 5,
        "html_url": "https://github.com/acme/widget/issues/5",
        "user": user("ann"),
        "created_at": "2024-03-01T10:00:00Z",
        "title": "Question",
        "body": "how?",
        "comment_data": [
            {
                "id": 501,
                "user": user("bo", name=None),  # a summary: no name
                "created_at": "2024-03-01T11:00:00Z",
                "body": "so",
            }
        ],
        "event_data": [{"event": "closed", "actor": user("ann")}],
    }
    pull = {
        "number": 6,
        "html_url": "https://github.com/acme/widget/pull/6",
        "head": {},
        # met after the summary above: the full profile fills in what it lacked
        "user": user(
            "bo",
            name="Bo B",
            followers=12,
            following=3,
            bio="hi",
            location="NL",
            created_at="2015-01-01T00:00:00Z",
        ),
        "created_at": "2024-03-02T10:00:00Z",
        "merged_at": None,
        "title": "Try",
        "body": None,
        "comment_regular_data": [
            {"id": 601, "user": user("ann"), "created_at": "2024-03-02T11:00:00Z", "body": "ok"}
        ],
        "comment_data": [
            {
                "id": 602,
                "user": user("ann"),
                "created_at": "2024-03-02T12:00:00Z",
                "body": "here",
                "diff_hunk": "@@",
                "in_reply_to_id": None,
            }
        ],
        "review_data": [
            {
                "id": 603,
                "user": user("cy"),
                "state": "APPROVED",
                "body": "",
                "submitted_at": "2024-03-02T13:00:00Z",
            },
            {"id": 604, "user": user("cy"), "state": "PENDING", "body": "draft"},
        ],
    }
    write(folder / "issues" / "5.json", issue)
    write(folder / "pulls" / "6.json", pull)
    store = Store(":memory:")
    report = import_github(store, folder)
    assert report.platform == "github:acme/widget"
    assert report.added == {"members": 3, "content": 5, "interactions": 4}
    assert store.con.execute(EDGES + "ORDER BY ALL").fetchall() == [
        ("reply", "ann", "bo", "discussion_r602"),
        ("reply", "ann", "bo", "issuecomment-601"),
        ("reply", "bo", "ann", "issuecomment-501"),
        ("vote_up", "cy", "bo", "acme/widget#6"),
    ]
    assert one(store, "SELECT kind, accepted FROM content WHERE content_id = 'acme/widget#6'") == (
        "idea",
        None,
    )
    assert report.skipped["reviews never submitted (state PENDING, no submitted_at)"] == 1
    assert store.con.execute(
        "SELECT display_name, joined_at::VARCHAR, followers, following, bio, country, is_bot "
        "FROM members WHERE member_id = 'bo'"
    ).fetchone() == ("Bo B", "2015-01-01 00:00:00", 12, 3, "hi", "NL", False)


def test_review_comment_answering_one_imported_before(tmp_path: Path) -> None:
    first = pull_file()
    first["comments"] = first["comments"][:1]
    later = pull_file()
    later["comments"] = later["comments"][1:2]
    later["comments"][0]["in_reply_to_id"] = 401
    store = Store(":memory:")
    import_github(store, write(tmp_path / "a" / "2.json", first))
    write(tmp_path / "b" / "2.json", later)
    report = import_github(store, tmp_path / "b", platform="github:acme/widget")
    assert report.added["content"] == 1
    assert store.con.execute(
        EDGES + "WHERE i.interaction_id = 'reply:discussion_r402'"
    ).fetchall() == [("reply", "cy", "bo", "discussion_r402")]
    later["comments"][0]["in_reply_to_id"] = 999
    report = import_github(Store(":memory:"), write(tmp_path / "c" / "2.json", later))
    assert (
        report.skipped[
            "reply interactions of review comments whose replied-to comment is in neither this "
            "import nor the store"
        ]
        == 1
    )


def test_a_placeholder_is_the_member_when_imported_later(tmp_path: Path) -> None:
    """A mentioned name the store knows is that member, case aside; no placeholder."""
    store = Store(":memory:")
    import_github(store, write(tmp_path / "a" / "1.json", issue_file()))
    mention = pull_file(body="thanks @ZED and @Ann")
    mention["events"], mention["comments"] = [], []
    import_github(store, write(tmp_path / "b" / "2.json", mention))
    assert store.con.execute(
        EDGES + "WHERE i.kind = 'mention' AND i.content_id = 'acme/widget#2' ORDER BY ALL"
    ).fetchall() == [
        ("mention", "cy", "ann", "acme/widget#2"),
        ("mention", "cy", "zed", "acme/widget#2"),
    ]
    assert one(store, "SELECT count(*) FROM members WHERE lower(member_id) = 'zed'") == 1


def test_several_repositories_need_a_platform(tmp_path: Path) -> None:
    folder = tmp_path / "mix"
    write(folder / "a.json", issue_file())
    other = issue_file()
    other["issue"]["url"] = "https://api.github.com/repos/acme/gadget/issues/1"
    other["events"] = []
    write(folder / "b.json", other)
    with pytest.raises(InputError, match=r"^b\.json: this file is from acme/gadget"):
        import_github(Store(":memory:"), folder)
    store = Store(":memory:")
    report = import_github(store, folder, platform="github:acme")
    assert report.platform == "github:acme" and report.added["content"] == 5
    assert store.con.execute(
        "SELECT DISTINCT channel FROM content ORDER BY channel"
    ).fetchall() == [("acme/gadget",), ("acme/widget",)]


# -- bad input: an error naming the file and element, the store unchanged ---------------------------
def _bad(change: Any) -> object:
    data = pull_file()
    change(data)
    return data


BAD: dict[str, tuple[object, str]] = {
    "truncated": ('{"type": "pull", "pull"', r"^pulls/2\.json: not valid JSON"),
    "empty": ("", r"^pulls/2\.json: not valid JSON"),
    "number": (
        _bad(lambda d: d["pull"].update(number="two")),
        r"^pulls/2\.json: number is not an integer: 'two'",
    ),
    "created_at": (
        _bad(lambda d: d["pull"].update(created_at="yesterday")),
        r"^pulls/2\.json: 'yesterday' is not an ISO date",
    ),
    "events not a list": (
        _bad(lambda d: d.update(events={"a": 1})),
        r"^pulls/2\.json, events: is a JSON dict, not a list",
    ),
    "event not an object": (
        _bad(lambda d: d["events"].insert(0, 7)),
        r"^pulls/2\.json, events #1: is a JSON int, not an object",
    ),
    "comment id": (
        _bad(lambda d: d["events"][0].update(id="x")),
        r"^pulls/2\.json, events #1: id is not an integer: 'x'",
    ),
    "user not an object": (
        _bad(lambda d: d["comments"][0].update(user="bo")),
        r"^pulls/2\.json, comments #1: user is not a user object: 'bo'",
    ),
    "user without login": (
        _bad(lambda d: d["events"][0].update(user={"id": 3})),
        r"^pulls/2\.json, events #1: user is not a GitHub user object with a login",
    ),
    "review date": (
        _bad(lambda d: d["events"][1].update(submitted_at="soon")),
        r"^pulls/2\.json, events #2: 'soon' is not an ISO date",
    ),
    "in_reply_to_id": (
        _bad(lambda d: d["comments"][1].update(in_reply_to_id="401")),
        r"^pulls/2\.json, comments #2: in_reply_to_id is not an integer",
    ),
    "reaction": (
        _bad(lambda d: d["events"][0].update(reactions=[{"user": user("x"), "created_at": "?"}])),
        r"^pulls/2\.json, events #1, reactions #1: '\?' is not an ISO date",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_malformed_input_names_the_file_and_changes_nothing(case: str, tmp_path: Path) -> None:
    content, pattern = BAD[case]
    store = Store(":memory:")
    folder = backup(tmp_path)
    import_github(store, folder)
    before = snapshot(store)
    bad = folder / "pulls" / "2.json"
    bad.write_text(content if isinstance(content, str) else json.dumps(content))
    with pytest.raises(InputError, match=pattern):
        import_github(store, folder)
    assert snapshot(store) == before


def test_a_folder_without_issues_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "empty" / "repository.json", {"name": "x"})
    with pytest.raises(InputError, match="holds no GitHub issues or pull requests"):
        import_github(Store(":memory:"), tmp_path / "empty")
    with pytest.raises(InputError, match="no such file or folder"):
        import_github(Store(":memory:"), tmp_path / "missing")


def test_cli_ingest_github(tmp_path: Path) -> None:
    db = tmp_path / "g.duckdb"
    folder = backup(tmp_path)
    args = ["ingest", "github", str(folder), "--db", str(db), "-q"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert Store(db).counts()["content"] == 11
    (folder / "issues" / "1.json").write_text("{")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert "issues/1.json: not valid JSON" in result.output
    assert "Traceback" not in result.output
    shutil.rmtree(folder)
