"""Stack Exchange importer: real dumps with independently counted rows, and malformed copies."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from nichescout.data import sample_path
from nichescout.exceptions import InputError
from nichescout.ingest import ingest
from nichescout.ingest.stackexchange import import_stackexchange
from nichescout.store import Store

from ..conftest import snapshot

DUMPS = ["conlang-meta", "quantumcomputing", "datascience-2014"]


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    path = folder / name
    if not path.exists():
        return []
    return [dict(r.attrib) for r in ET.parse(path).getroot()]


def expected_counts(folder: Path) -> dict[str, int]:
    """Count what the mapping promises with plain ElementTree and Python sets.

    Rows of deleted accounts (no OwnerUserId / UserId) are kept, under one placeholder.
    """
    users = _rows(folder, "Users.xml")
    posts = {p["Id"]: p for p in _rows(folder, "Posts.xml") if p["PostTypeId"] in ("1", "2")}
    comments = [c for c in _rows(folder, "Comments.xml") if c["PostId"] in posts]
    votes = _rows(folder, "Votes.xml")
    answers = [p for p in posts.values() if p["PostTypeId"] == "2"]
    replies = sum(1 for a in answers if a["ParentId"] in posts)
    accepts = sum(1 for q in posts.values() if q.get("AcceptedAnswerId") in posts)
    vote_rows = sum(1 for v in votes if v["VoteTypeId"] in ("2", "3") and v["PostId"] in posts)
    ownerless = sum(1 for p in posts.values() if not p.get("OwnerUserId")) + sum(
        1 for c in comments if not c.get("UserId")
    )
    return {
        "members": len(users) + (ownerless > 0),
        "ownerless": ownerless,
        "content": len(posts) + len(comments),
        "non_mention_interactions": replies + accepts + len(comments) + vote_rows,
    }


@pytest.mark.parametrize("dump", DUMPS)
def test_real_dump_counts_match_the_files(shared_data: Path, dump: str) -> None:
    folder = shared_data / "stackexchange" / dump
    expected = expected_counts(folder)
    store = Store(":memory:")
    report = ingest(store, "stackexchange", folder)
    assert report.added["members"] == expected["members"]
    assert report.deleted_accounts == 1 and expected["ownerless"] > 0
    assert report.placeholders == 0
    assert report.added["content"] == expected["content"]
    deleted = store.con.execute(
        """SELECT count(*) FROM content c JOIN members m ON m.member_key = c.author_key
           WHERE m.member_id = 'deleted' AND m.attributes->>'deleted' = 'true'
             AND NOT m.is_bot"""
    ).fetchone()
    assert deleted == (expected["ownerless"],)
    assert store.con.execute(
        "SELECT count(*) FROM content WHERE author_key IS NULL"
    ).fetchone() == (0,)
    non_mentions = store.con.execute(
        "SELECT count(*) FROM interactions WHERE kind <> 'mention'"
    ).fetchone()
    assert non_mentions == (expected["non_mention_interactions"],)
    mentions = store.con.execute(
        "SELECT count(*) FROM interactions WHERE kind = 'mention'"
    ).fetchone()
    assert mentions is not None and mentions[0] > 0
    assert report.added["interactions"] == expected["non_mention_interactions"] + mentions[0]


def test_documented_counts_of_quantumcomputing(shared_data: Path) -> None:
    """The figures stated in docs/ingest.md."""
    store = Store(":memory:")
    report = ingest(store, "stackexchange", shared_data / "stackexchange" / "quantumcomputing")
    assert report.added == {"members": 3462, "content": 5085, "interactions": 16371}


def test_reimport_adds_nothing(shared_data: Path) -> None:
    store = Store(":memory:")
    folder = shared_data / "stackexchange" / "datascience-2014"
    first = ingest(store, "stackexchange", folder)
    before = store.counts()
    second = ingest(store, "stackexchange", folder)
    assert store.counts() == before
    assert second.added == {"members": 0, "content": 0, "interactions": 0}
    assert second.already_present == first.added
    assert second.updated_members == 0


def test_accepted_answers_become_accept_interactions() -> None:
    store = Store(":memory:")
    import_stackexchange(store, sample_path())
    posts = _rows(sample_path(), "Posts.xml")
    accepted = {p["AcceptedAnswerId"] for p in posts if p.get("AcceptedAnswerId")}
    stored = store.con.execute(
        "SELECT content_id FROM content WHERE accepted ORDER BY 1"
    ).fetchall()
    assert {r[0] for r in stored} == accepted
    kinds = store.con.execute("SELECT count(*) FROM interactions WHERE kind = 'accept'").fetchone()
    assert kinds is not None and 0 < kinds[0] <= len(accepted)


def test_mention_resolves_to_thread_participant(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "Users.xml").write_text(
        '<users><row Id="1" DisplayName="Ann Lee" CreationDate="2020-01-01T00:00:00"/>'
        '<row Id="2" DisplayName="Bob" CreationDate="2020-01-01T00:00:00"/>'
        '<row Id="3" DisplayName="Annabel" CreationDate="2020-01-01T00:00:00"/></users>'
    )
    (folder / "Posts.xml").write_text(
        '<posts><row Id="10" PostTypeId="1" CreationDate="2020-01-02T00:00:00" '
        'OwnerUserId="1" Title="Q" Body="&lt;p&gt;hi&lt;/p&gt;" Tags="&lt;a&gt;&lt;b&gt;"/>'
        "</posts>"
    )
    (folder / "Comments.xml").write_text(
        '<comments><row Id="5" PostId="10" Text="@AnnL see docs, and @Annab too" '
        'CreationDate="2020-01-03T00:00:00" UserId="2"/></comments>'
    )
    store = Store(":memory:")
    report = import_stackexchange(store, folder)
    rows = store.con.execute(
        """SELECT a.member_id, t.member_id FROM interactions i
           JOIN members a ON a.member_key = i.actor_key
           JOIN members t ON t.member_key = i.target_key WHERE i.kind = 'mention'"""
    ).fetchall()
    # "AnnL" matches the participant Ann Lee; "Annab" is no participant but names Annabel
    # only as a prefix, so it resolves to nobody (Stack Exchange needs an exact name then).
    assert rows == [("2", "1")]
    assert report.skipped["Comments.xml: @names that match no member, or several"] == 1
    content = store.con.execute("SELECT text, tags FROM content WHERE kind='question'").fetchone()
    assert content == ("hi", ["a", "b"])


# -- malformed input: a clear error naming file and row, and the store unchanged ------------


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "conlang.meta.stackexchange.com"
    shutil.copytree(sample_path(), folder)
    return folder


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8-sig")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _truncate(folder: Path) -> None:
    data = (folder / "Posts.xml").read_bytes()
    (folder / "Posts.xml").write_bytes(data[: len(data) // 2])


def _bad_date(folder: Path) -> None:
    _replace(folder / "Comments.xml", 'CreationDate="2018', 'CreationDate="2018-13-01T00:00:0')


def _wrong_column(folder: Path) -> None:
    _replace(folder / "Votes.xml", 'VoteTypeId="2"', 'VoteTypeId="up"')


def _empty(folder: Path) -> None:
    (folder / "Users.xml").write_text("")


def _missing_users(folder: Path) -> None:
    (folder / "Users.xml").unlink()


def _wrong_file(folder: Path) -> None:
    shutil.copy(folder / "Tags.xml", folder / "Votes.xml")


CASES = {
    "truncated": (_truncate, InputError, "Posts.xml, line"),
    "bad date": (_bad_date, InputError, "Comments.xml, row"),
    "wrong column": (_wrong_column, InputError, "Votes.xml, row"),
    "empty file": (_empty, InputError, "Users.xml: the file is empty"),
    "missing Users.xml": (_missing_users, InputError, "Users.xml is missing"),
    "wrong file": (_wrong_file, InputError, "Votes.xml: expected a <votes> document"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_dump_fails_cleanly(tmp_path: Path, case: str) -> None:
    corrupt, error, where = CASES[case]
    store = Store(tmp_path / "store.duckdb")
    import_stackexchange(store, sample_path(), platform="stackexchange:original")
    before = snapshot(store)
    folder = _copy(tmp_path)
    corrupt(folder)
    with pytest.raises(error) as info:
        import_stackexchange(store, folder)
    assert where in str(info.value)
    assert snapshot(store) == before


def _unknown_owner(tmp_path: Path) -> Path:
    folder = _copy(tmp_path)
    text = (folder / "Posts.xml").read_text(encoding="utf-8-sig")
    answer = next(
        r for r in ET.fromstring(text) if r.get("PostTypeId") == "2" and r.get("OwnerUserId")
    )
    _replace(
        folder / "Posts.xml",
        f'OwnerUserId="{answer.get("OwnerUserId")}"',
        'OwnerUserId="999999"',
        count=1,
    )
    return folder


def test_an_owner_missing_from_users_xml_is_a_placeholder(tmp_path: Path) -> None:
    folder = _unknown_owner(tmp_path)
    store = Store(":memory:")
    report = import_stackexchange(store, folder)
    assert report.placeholders == 1 and report.added["members"] == 274
    assert store.con.execute(
        "SELECT is_bot, attributes FROM members WHERE member_id = '999999'"
    ).fetchone() == (False, '{"placeholder": true}')
    assert import_stackexchange(store, folder).added["members"] == 0


def test_a_failed_import_adds_no_placeholder(tmp_path: Path) -> None:
    """Placeholders (unknown and deleted) are staged like any row: an error drops them."""
    folder = _unknown_owner(tmp_path)
    _bad_date(folder)
    store = Store(tmp_path / "store.duckdb")
    import_stackexchange(store, sample_path(), platform="stackexchange:original")
    before = snapshot(store)
    with pytest.raises(InputError, match="Comments.xml, row"):
        import_stackexchange(store, folder)
    assert snapshot(store) == before


def test_deleted_accounts_keep_their_rows(tmp_path: Path) -> None:
    """A question and a comment with no owner: their reply, accept, vote and mention are kept,
    filed under the one deleted-accounts placeholder."""
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "Users.xml").write_text(
        '<users><row Id="1" DisplayName="Ann" CreationDate="2020-01-01T00:00:00"/>'
        '<row Id="2" DisplayName="Bob" CreationDate="2020-01-01T00:00:00"/></users>'
    )
    (folder / "Posts.xml").write_text(
        '<posts><row Id="10" PostTypeId="1" CreationDate="2020-01-02T00:00:00" '
        'AcceptedAnswerId="11" Title="Q" OwnerDisplayName="gone"/>'
        '<row Id="11" PostTypeId="2" ParentId="10" CreationDate="2020-01-03T00:00:00" '
        'OwnerUserId="1"/></posts>'
    )
    (folder / "Comments.xml").write_text(
        '<comments><row Id="5" PostId="11" Text="@Bob thanks" '
        'CreationDate="2020-01-04T00:00:00"/>'
        '<row Id="6" PostId="10" Text="@Ann hi" CreationDate="2020-01-04T00:00:00" '
        'UserId="2"/></comments>'
    )
    (folder / "Votes.xml").write_text(
        '<votes><row Id="1" PostId="10" VoteTypeId="2" CreationDate="2020-01-05T00:00:00"/>'
        '<row Id="2" PostId="11" VoteTypeId="1" CreationDate="2020-01-05T00:00:00"/></votes>'
    )
    store = Store(":memory:")
    report = import_stackexchange(store, folder)
    assert report.added == {"members": 3, "content": 4, "interactions": 7}
    assert (report.deleted_accounts, report.placeholders) == (1, 0)
    rows = store.con.execute(
        """SELECT i.interaction_id, a.member_id, t.member_id FROM interactions i
           LEFT JOIN members a ON a.member_key = i.actor_key
           LEFT JOIN members t ON t.member_key = i.target_key ORDER BY 1"""
    ).fetchall()
    assert rows == [
        ("accept:11", "deleted", "1"),
        ("answer:11", "1", "deleted"),
        ("comment:5", "deleted", "1"),
        ("comment:6", "2", "deleted"),
        ("mention:c5:2", "deleted", "2"),
        ("mention:c6:1", "2", "1"),
        ("vote:1", None, "deleted"),
    ]
    assert store.con.execute(
        "SELECT handle, is_bot, attributes FROM members WHERE member_id = 'deleted'"
    ).fetchone() == (None, False, '{"deleted": true}')
    assert import_stackexchange(store, folder).added == {
        "members": 0,
        "content": 0,
        "interactions": 0,
    }
