"""An import whose platform comes from the files' own column records it in ``imports``."""

from __future__ import annotations

import json
from pathlib import Path

from nichescout.ingest import ingest
from nichescout.store import Store


def _write(folder: Path, platforms: tuple[str, ...]) -> None:
    members = ["platform,member_id"]
    interactions = ["platform,actor_id,kind,target_id,created_at"]
    for p in platforms:
        members += [f"{p},ann", f"{p},bob"]
        interactions.append(f"{p},bob,mention,ann,2024-03-01T12:00:00")
    members.append(f"{platforms[0]},cat")
    (folder / "members.csv").write_text("\n".join(members) + "\n")
    (folder / "interactions.csv").write_text("\n".join(interactions) + "\n")


def test_platform_column_is_recorded_and_counted_by_status(tmp_path: Path) -> None:
    _write(tmp_path, ("forum:a",))
    store = Store(":memory:")
    report = ingest(store, "canonical", tmp_path)
    assert report.platform == "forum:a"
    rows = store.con.execute("SELECT platform, added FROM imports").fetchall()
    assert [(p, json.loads(a)) for p, a in rows] == [
        ("forum:a", {"members": 3, "content": 0, "interactions": 1})
    ]
    assert store.status().set_index("platform")["imports"].to_dict() == {"forum:a": 1}


def test_several_platforms_record_one_row_each_with_their_own_counts(tmp_path: Path) -> None:
    _write(tmp_path, ("forum:a", "forum:b"))
    store = Store(":memory:")
    report = ingest(store, "canonical", tmp_path)
    rows = store.con.execute(
        "SELECT import_id, platform, added FROM imports ORDER BY platform"
    ).fetchall()
    assert [r[0] for r in rows] == [report.import_id] * 2
    assert [(p, json.loads(a)) for _, p, a in rows] == [
        ("forum:a", {"members": 3, "content": 0, "interactions": 1}),
        ("forum:b", {"members": 2, "content": 0, "interactions": 1}),
    ]
    assert store.status().set_index("platform")["imports"].to_dict() == {"forum:a": 1, "forum:b": 1}


def test_a_given_platform_is_recorded_as_before(tmp_path: Path) -> None:
    (tmp_path / "members.csv").write_text("member_id\nann\n")
    store = Store(":memory:")
    ingest(store, "canonical", tmp_path, platform="toy")
    assert store.con.execute("SELECT platform FROM imports").fetchall() == [("toy",)]
