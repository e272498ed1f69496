"""Imports are undoable (nichescout.store.forget, issue 14 part 2): forgetting an import leaves
the store as if it never happened — checked by digest against the store before it, and against
a store built without it — and rows two imports brought stay until both are forgotten."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from nichescout.data import sample_path
from nichescout.exceptions import NotFoundError, ReferenceError_, StoreError
from nichescout.ingest import ingest
from nichescout.store import ImportSession, Store
from nichescout.store.forget import forget, forget_platform, import_rows
from nichescout.store.migrations import MIGRATIONS, current_version

from ..conftest import snapshot

BOOKKEEPING = ("imports", "import_shares", "member_versions")


def contents(store: Store) -> dict[str, str]:
    """A digest of what the store says, without its internal numbering: members by
    (platform, member_id), references as member ids, no import ids, no import times."""
    queries = {
        "members": "SELECT * EXCLUDE (member_key, import_id) FROM members",
        "content": """SELECT c.* EXCLUDE (author_key, import_id), a.member_id
                      FROM content c LEFT JOIN members a ON a.member_key = c.author_key""",
        "interactions": """SELECT i.* EXCLUDE (actor_key, target_key, import_id),
                                  a.member_id, t.member_id
                           FROM interactions i
                           LEFT JOIN members a ON a.member_key = i.actor_key
                           LEFT JOIN members t ON t.member_key = i.target_key""",
        "imports": "SELECT format, source, platform, added, skipped FROM imports",
    }
    out = {}
    for table, sql in queries.items():
        rows = store.con.execute(f"SELECT * FROM ({sql}) ORDER BY ALL").fetchall()
        out[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return out


def edges(folder: Path, name: str, *pairs: str) -> Path:
    path = folder / name
    path.write_text("from,to\n" + "".join(f"{p}\n" for p in pairs))
    return path


def canonical(folder: Path, members: list[str], interactions: tuple[str, ...] = ()) -> Path:
    folder.mkdir()
    (folder / "members.csv").write_text(
        "platform,member_id,display_name,followers\n" + "".join(f"{m}\n" for m in members)
    )
    if interactions:
        (folder / "interactions.csv").write_text(
            "platform,interaction_id,actor_id,kind,target_id,created_at\n"
            + "".join(f"{i}\n" for i in interactions)
        )
    return folder


def is_empty(store: Store) -> bool:
    tables = ("members", "content", "interactions", *BOOKKEEPING)
    return all(store.con.execute(f"SELECT count(*) FROM {t}").fetchone() == (0,) for t in tables)


def test_forgetting_the_last_imports_gives_back_the_store_before_them(tmp_path: Path) -> None:
    store = Store(":memory:")
    se = ingest(store, "stackexchange", sample_path())
    before_graph = snapshot(store)
    graph = ingest(store, "graph", edges(tmp_path, "g.csv", "1,2", "2,3", "3,1"))
    before_change = snapshot(store)
    # a canonical file on the Stack Exchange platform: renames a known member, adds one
    p = se.platform
    known = store.con.execute(
        "SELECT member_id FROM members WHERE platform = ? AND display_name IS NOT NULL "
        "ORDER BY member_key LIMIT 1",
        [p],
    ).fetchone()[0]
    change = ingest(
        store,
        "canonical",
        canonical(
            tmp_path / "change",
            [f"{p},{known},Someone Else,12", f"{p},newbie,New,"],
            (f"{p},x1,newbie,mention,{known},2019-01-01T00:00:00",),
        ),
    )
    assert change.updated_members == 1
    done = forget(store, change.import_id)
    assert done.removed == {"members": 1, "content": 0, "interactions": 1}
    assert done.restored_members == 1
    assert snapshot(store) == before_change
    forget(store, graph.import_id)
    assert snapshot(store) == before_graph
    # and by digest against a store that never had either
    fresh = Store(":memory:")
    ingest(fresh, "stackexchange", sample_path())
    assert contents(store) == contents(fresh)
    # the next import takes the freed id, as it would have
    assert ingest(store, "graph", tmp_path / "g.csv").import_id == graph.import_id


def test_forgetting_an_import_in_the_middle(tmp_path: Path) -> None:
    a = edges(tmp_path, "a.csv", "1,2", "2,3")
    b = edges(tmp_path, "b.csv", "x,y", "y,z", "z,x")
    c = edges(tmp_path, "c.csv", "5,6")
    store = Store(":memory:")
    ingest(store, "graph", a)
    middle = ingest(store, "graph", b)
    ingest(store, "graph", c)
    forget(store, middle.import_id)
    never = Store(":memory:")
    ingest(never, "graph", a)
    ingest(never, "graph", c)
    assert contents(store) == contents(never)
    assert [r[0] for r in import_rows(store.con)[1]] == [1, 3]


def test_a_reimported_file_stays_until_both_imports_are_forgotten(tmp_path: Path) -> None:
    path = edges(tmp_path, "g.csv", "1,2", "2,3", "3,1")
    store = Store(":memory:")
    first = ingest(store, "graph", path)
    once = snapshot(store)
    again = ingest(store, "graph", path)
    assert again.total_added == 0
    columns, rows = import_rows(store.con)
    shared = columns.index("shared")
    assert [(r[0], r[5], r[shared]) for r in rows] == [(1, 6, 0), (2, 0, 6)]
    # forgetting the re-import: exactly the store after the first
    forget(store, again.import_id)
    assert snapshot(store) == once
    # forgetting the first: everything stays, now the re-import's
    again = ingest(store, "graph", path)
    done = forget(store, first.import_id)
    assert done.removed == {"members": 0, "content": 0, "interactions": 0} and done.kept == 6
    single = Store(":memory:")
    ingest(single, "graph", path)
    assert contents(store) == contents(single)
    assert [(r[0], r[5], r[shared]) for r in import_rows(store.con)[1]] == [(2, 6, 0)]
    forget(store, again.import_id)
    assert is_empty(store)


def test_rows_two_imports_share_stay_with_the_one_left(tmp_path: Path) -> None:
    a = edges(tmp_path, "a.csv", "1,2", "2,3")
    b = edges(tmp_path, "b.csv", "2,3", "3,4")
    store = Store(":memory:")
    first = ingest(store, "graph", a, platform="g")
    ingest(store, "graph", b, platform="g")
    done = forget(store, first.import_id)
    assert done.removed == {"members": 1, "content": 0, "interactions": 1}  # node 1, edge 1-2
    only_b = Store(":memory:")
    ingest(only_b, "graph", b, platform="g")
    assert contents(store) == contents(only_b)


def test_members_an_import_changed_get_their_values_back(tmp_path: Path) -> None:
    store = Store(":memory:")
    ingest(store, "canonical", canonical(tmp_path / "a", ["f,ann,,", "f,bob,Bob,3"]))
    after_a = snapshot(store)
    b = ingest(store, "canonical", canonical(tmp_path / "b", ["f,ann,Ann,5", "f,cat,Cat,"]))
    assert b.updated_members == 1
    assert store.con.execute(
        "SELECT display_name FROM members WHERE member_id = 'ann'"
    ).fetchone() == ("Ann",)
    forget(store, b.import_id)
    assert snapshot(store) == after_a


def test_forget_refuses_while_another_import_depends_on_it(tmp_path: Path) -> None:
    store = Store(":memory:")
    members = ingest(store, "canonical", canonical(tmp_path / "m", ["f,ann,,", "f,bob,,"]))
    talk = tmp_path / "talk"
    talk.mkdir()
    (talk / "interactions.csv").write_text(
        "platform,interaction_id,actor_id,kind,target_id,created_at\n"
        "f,i1,bob,reply,ann,2020-01-01T00:00:00\n"
    )
    replies = ingest(store, "canonical", talk)
    before = snapshot(store)
    with pytest.raises(StoreError, match=f"forget import {replies.import_id} first"):
        forget(store, members.import_id)
    assert snapshot(store) == before
    forget(store, replies.import_id)
    forget(store, members.import_id)
    assert is_empty(store)


def test_forget_refuses_when_a_later_import_changed_the_same_member(tmp_path: Path) -> None:
    store = Store(":memory:")
    ingest(store, "canonical", canonical(tmp_path / "a", ["f,ann,,"]))
    b = ingest(store, "canonical", canonical(tmp_path / "b", ["f,ann,Ann,"]))
    c = ingest(store, "canonical", canonical(tmp_path / "c", ["f,ann,Annie,"]))
    before = snapshot(store)
    with pytest.raises(StoreError, match=f"Import {c.import_id} changed member 'ann'"):
        forget(store, b.import_id)
    assert snapshot(store) == before
    forget(store, c.import_id)
    forget(store, b.import_id)
    assert store.con.execute("SELECT display_name FROM members").fetchall() == [(None,)]


def test_forget_a_platform(tmp_path: Path) -> None:
    store = Store(":memory:")
    ingest(store, "stackexchange", sample_path())
    before = snapshot(store)
    path = edges(tmp_path, "g.csv", "1,2", "2,3")
    ingest(store, "graph", path)
    ingest(store, "graph", path)
    done = forget_platform(store, "graph:g")
    assert done.removed == {"members": 3, "content": 0, "interactions": 2}
    assert snapshot(store) == before


def test_forget_a_platform_of_a_canonical_import_keeps_the_others(tmp_path: Path) -> None:
    store = Store(":memory:")
    ingest(store, "canonical", canonical(tmp_path / "ab", ["a,ann,,", "b,bob,,"]))
    forget_platform(store, "a")
    only_b = Store(":memory:")
    ingest(only_b, "canonical", canonical(tmp_path / "b", ["b,bob,,"]))
    assert contents(store)["members"] == contents(only_b)["members"]
    assert [r[3] for r in import_rows(store.con)[1]] == ["b"]


def test_unknown_import_or_platform() -> None:
    store = Store(":memory:")
    with pytest.raises(NotFoundError, match="No import 3 in the store; it holds none"):
        forget(store, 3)
    with pytest.raises(NotFoundError, match="No platform 'x'"):
        forget_platform(store, "x")


def test_a_failed_import_leaves_the_bookkeeping_unchanged(tmp_path: Path) -> None:
    """The unresolved reference is found after the shares were written: all rolled back."""
    store = Store(":memory:")
    ingest(store, "graph", edges(tmp_path, "g.csv", "1,2"), platform="toy")
    before = snapshot(store)
    with (
        pytest.raises(ReferenceError_),
        ImportSession(store, "example", "toy.csv", platform="toy") as session,
    ):
        session.writer("members").append({"platform": "toy", "member_id": "1"})
        session.writer("interactions").append(
            {
                "platform": "toy",
                "interaction_id": "n",
                "actor_id": "1",
                "kind": "mention",
                "target_id": "nobody",
            }
        )
        session.commit()
    assert snapshot(store) == before


def test_a_store_of_schema_version_1_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE schema_migrations (version INTEGER NOT NULL, name VARCHAR NOT NULL, "
        "applied_at TIMESTAMP NOT NULL, library_version VARCHAR NOT NULL)"
    )
    MIGRATIONS[0].apply(con)
    con.execute("INSERT INTO schema_migrations VALUES (1, 'v1', now()::TIMESTAMP, '0.1')")
    con.close()
    g = edges(tmp_path, "g.csv", "1,2")
    with Store(path) as store:
        assert current_version(store.con) == MIGRATIONS[-1].version >= 2
        ingest(store, "graph", g)
        ingest(store, "graph", g)
        forget(store, 1)
        assert store.counts() == {"members": 2, "content": 0, "interactions": 1}
