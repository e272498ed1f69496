"""Values, not just types, are checked at import (nichescout.store.validate, issue 14 part 1):
a weight or count that is not a finite number >= 0, or a date before 1990 or after tomorrow,
stops the import naming the file, the row and the fix, and the store is left as it was."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from nichescout.exceptions import InputError, StoreError
from nichescout.ingest import ingest
from nichescout.store import ImportSession, Store

from ..conftest import snapshot

TOMORROW_PLUS = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%S")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A store already holding a sound graph, which a bad import must leave untouched."""
    good = tmp_path / "good.csv"
    good.write_text("from,to,weight\n1,2,1.5\n2,3,0\n")
    store = Store(":memory:")
    ingest(store, "graph", good)
    return store


@pytest.mark.parametrize("weight", ["NaN", "nan", "inf", "-inf", "1e400", "-5"])
def test_graph_weights_must_be_finite_and_non_negative(
    store: Store, tmp_path: Path, weight: str
) -> None:
    edges = tmp_path / "edges.csv"
    edges.write_text(f"from,to,weight\n1,2,1\n2,3,{weight}\n3,1,2\n")
    before = snapshot(store)
    with pytest.raises(InputError) as caught:
        ingest(store, "graph", edges)
    message = str(caught.value)
    assert f"{edges}, row 3:" in message  # the file's third line
    assert "finite number >= 0" in message or "not a number" in message
    assert snapshot(store) == before


def _canonical(folder: Path, members: str = "", content: str = "", interactions: str = "") -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "members.csv").write_text(
        "platform,member_id,joined_at,followers\nf,ann,2020-01-01,10\nf,bob,,\n" + members
    )
    (folder / "content.csv").write_text(
        "platform,content_id,author_id,kind,created_at,likes\nf,c1,ann,post,2021-05-01,3\n"
        + content
    )
    (folder / "interactions.csv").write_text(
        "platform,interaction_id,actor_id,kind,target_id,created_at,value\n"
        "f,i1,bob,reply,ann,2021-05-02,1\n" + interactions
    )
    return folder


@pytest.mark.parametrize(
    "table,extra,file,row,says",
    [
        ("interactions", "f,i2,ann,reply,bob,2021-05-03,-5\n", "interactions.csv", 3, "-5.0"),
        ("interactions", "f,i2,ann,reply,bob,2021-05-03,NaN\n", "interactions.csv", 3, "nan"),
        ("interactions", "f,i2,ann,reply,bob,2021-05-03,inf\n", "interactions.csv", 3, "inf"),
        ("members", "f,cat,2020-01-01,-3\n", "members.csv", 4, "followers is -3"),
        ("content", "f,c2,bob,post,2021-05-01,-1\n", "content.csv", 3, "likes is -1"),
        ("content", "f,c2,bob,post,1970-01-01,1\n", "content.csv", 3, "before 1990-01-01"),
        ("members", "f,cat,1900-01-01,1\n", "members.csv", 4, "joined_at 1900-01-01"),
        (
            "interactions",
            f"f,i2,ann,reply,bob,{TOMORROW_PLUS},1\n",
            "interactions.csv",
            3,
            "import_future_days",
        ),
    ],
)
def test_canonical_values_and_dates_are_checked(
    tmp_path: Path, table: str, extra: str, file: str, row: int, says: str
) -> None:
    store = Store(":memory:")
    ingest(store, "canonical", _canonical(tmp_path / "good"))
    before = snapshot(store)
    folder = _canonical(tmp_path / "bad", **{table: extra})
    with pytest.raises(InputError) as caught:
        ingest(store, "canonical", folder)
    message = str(caught.value)
    assert f"{folder / file}, row {row}:" in message
    assert says in message
    assert "fix it in the source" in message
    assert snapshot(store) == before


def _one_dated_row(store: Store, when: datetime, **settings: object) -> None:
    with ImportSession(store, "example", "toy.csv", platform="toy", settings=settings) as s:
        s.writer("members").append({"platform": "toy", "member_id": "a", "joined_at": when})
        s.commit()


def test_date_bounds_are_the_named_settings() -> None:
    """The bounds are read from the settings: moving them moves what is refused."""
    _one_dated_row(Store(":memory:"), datetime(1995, 6, 1))  # accepted by default
    with pytest.raises(InputError, match="before 2000-01-01 .setting import_earliest_date"):
        _one_dated_row(Store(":memory:"), datetime(1995, 6, 1), import_earliest_date="2000-01-01")
    _one_dated_row(Store(":memory:"), datetime(1985, 6, 1), import_earliest_date="1980-01-01")
    soon = (datetime.now(UTC) + timedelta(days=3)).replace(tzinfo=None)
    with pytest.raises(InputError, match="import_future_days"):
        _one_dated_row(Store(":memory:"), soon)
    _one_dated_row(Store(":memory:"), soon, import_future_days=5)


def test_rank_meeting_bad_data_names_the_platform_and_the_import(tmp_path: Path) -> None:
    """A store written before imports checked values: the ranking says where the bad row
    came from and how to remove it, instead of failing deep in the graph code."""
    from nichescout.data import sample_path
    from nichescout.scores import CommunityScorer

    store = Store(":memory:")
    ingest(store, "stackexchange", sample_path())
    edges = tmp_path / "edges.csv"
    edges.write_text("from,to,weight\n1,2,1\n2,3,2\n")
    report = ingest(store, "graph", edges)
    store.con.execute("UPDATE interactions SET value = 'NaN' WHERE platform = 'graph:edges'")
    with pytest.raises(StoreError) as caught:
        CommunityScorer(platform="graph:edges", calibrate=False).fit(store)
    message = str(caught.value)
    assert "Platform 'graph:edges'" in message
    assert f"import {report.import_id} (graph of {edges})" in message
    assert f"nichescout forget {report.import_id}" in message
    # the other platform still ranks
    CommunityScorer(platform="stackexchange:conlang-meta", calibrate=False).fit(store)
