"""The store: migrations recorded in the file, refusal of newer files, options, status."""

from __future__ import annotations

from pathlib import Path

import pytest

from nichescout.data.toy import toy_community
from nichescout.exceptions import StoreError
from nichescout.store import Store
from nichescout.store.migrations import MIGRATIONS, current_version


def test_migrations_are_recorded_and_applied_once(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        assert current_version(store.con) == MIGRATIONS[-1].version
        rows = store.con.execute("SELECT version, name FROM schema_migrations").fetchall()
        assert [r[0] for r in rows] == [m.version for m in MIGRATIONS]
    with Store(path) as again:
        assert again.con.execute("SELECT count(*) FROM schema_migrations").fetchone() == (
            len(MIGRATIONS),
        )


def test_a_file_from_a_newer_nichescout_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.con.execute(
            "INSERT INTO schema_migrations VALUES (999, 'future', now()::TIMESTAMP, '9.9')"
        )
    with pytest.raises(StoreError, match="newer nichescout"):
        Store(path)


def test_read_only_store_must_exist(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="import something first"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_memory_limit_is_applied_and_checked() -> None:
    store = Store(":memory:", memory_limit="512MB")
    setting = store.con.execute("SELECT current_setting('memory_limit')").fetchone()
    assert setting is not None and "MiB" in setting[0]
    with pytest.raises(StoreError, match="memory_limit must be a size"):
        Store(":memory:", memory_limit="lots")


def test_status_counts_each_platform() -> None:
    status = toy_community().status()
    row = status.iloc[0].to_dict()
    assert (row["platform"], row["members"], row["bots"], row["content"], row["interactions"]) == (
        "toy",
        6,
        1,
        9,
        15,
    )


@pytest.mark.parametrize(
    "name,expected",
    [
        ("conlang-meta", "stackexchange:conlang-meta"),  # without its prefix
        ("reddit:conlang-meta", "stackexchange:conlang-meta"),  # another prefix
        ("stackexchange:conlang", "stackexchange:conlang-meta"),  # misspelt
        ("slack:T1", "slack:T1"),
        ("twitter:higgs", None),  # nothing close
    ],
)
def test_closest_platform(name: str, expected: str | None) -> None:
    from nichescout.store.store import closest_platform

    assert closest_platform(name, ["stackexchange:conlang-meta", "slack:T1"]) == expected


def test_status_rows_agree_with_status() -> None:
    store = toy_community()
    columns, rows = store.status_rows()
    frame = store.status()
    assert columns == list(frame.columns)
    assert [r[:8] for r in rows] == [tuple(r)[:8] for r in frame.itertuples(index=False)]
