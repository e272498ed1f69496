"""Tests of the canonical-file importer (nichescout.ingest.canonical) and docs/canonical.md.

Round trips (E8): what a store holds, written out as canonical CSV / JSON Lines / Parquet
and imported into a fresh store, comes back identical. Expected counts on real data are
derived from the files with plain Python.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from nichescout.exceptions import InputError, ReferenceError_
from nichescout.ingest import ingest
from nichescout.ingest.canonical import import_canonical, table_files
from nichescout.ingest.graph import import_graph
from nichescout.store import Store
from nichescout.store.docs import DEFAULT_PATH, EXAMPLE, example_csv, example_jsonl, main, render

from ..conftest import snapshot

TABLES = ("members", "content", "interactions")
TWITCH = Path(__file__).parents[2].parent / "shared" / "data" / "twitch" / "ENGB"


def contents(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every canonical row, without the store's own keys and import ids."""
    return {
        "members": store.con.execute(
            "SELECT * EXCLUDE (member_key, import_id) FROM members ORDER BY ALL"
        ).fetchall(),
        "content": store.con.execute(
            "SELECT c.* EXCLUDE (author_key, import_id), m.member_id FROM content c "
            "LEFT JOIN members m ON m.member_key = c.author_key ORDER BY ALL"
        ).fetchall(),
        "interactions": store.con.execute(
            "SELECT i.* EXCLUDE (actor_key, target_key, import_id), a.member_id, t.member_id "
            "FROM interactions i LEFT JOIN members a ON a.member_key = i.actor_key "
            "LEFT JOIN members t ON t.member_key = i.target_key ORDER BY ALL"
        ).fetchall(),
    }


def write_example(folder: Path, fmt: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        if fmt == "csv":
            (folder / f"{table}.csv").write_text(example_csv(table))
        elif fmt == "jsonl":
            (folder / f"{table}.jsonl").write_text(example_jsonl(table))
        else:  # the Parquet recipe docs/canonical.md shows, run as written
            csv_file = folder / f"{table}.csv"
            csv_file.write_text(example_csv(table))
            cwd = os.getcwd()
            os.chdir(folder)
            try:
                duckdb.sql(f"COPY (SELECT * FROM read_csv('{table}.csv')) TO '{table}.parquet'")
            finally:
                os.chdir(cwd)
            csv_file.unlink()
    return folder


def export(store: Store, folder: Path, fmt: str, *, with_ids: bool = True) -> Path:
    """Write the store's canonical tables to ``folder`` in ``fmt`` (an independent writer)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = contents(store)
    names = {
        "members": [c for c in _names("members") if c != "member_key"],
        "content": [*_names("content", exclude=("author_key",)), "author_id"],
        "interactions": [
            *_names("interactions", exclude=("actor_key", "target_key")),
            "actor_id",
            "target_id",
        ],
    }
    for table, data in rows.items():
        if not data:  # an empty JSON Lines file is an error; leave empty tables out
            continue
        cols = names[table]
        if table == "interactions" and not with_ids:
            keep = [i for i, c in enumerate(cols) if c != "interaction_id"]
            cols = [cols[i] for i in keep]
            data = [tuple(r[i] for i in keep) for r in data]
        records = [dict(zip(cols, r, strict=True)) for r in data]
        if fmt == "jsonl":
            with open(folder / f"{table}.jsonl", "w") as out:
                for record in records:
                    out.write(json.dumps(record, default=_json_default) + "\n")
        elif fmt == "csv":
            with open(folder / f"{table}.csv", "w", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(cols)
                for record in records:
                    writer.writerow(["" if v is None else _csv_text(v) for v in record.values()])
        else:  # Parquet of text columns, written by DuckDB from the CSV writer's output
            text = export(store, folder.with_name(folder.name + "-csv"), "csv", with_ids=with_ids)
            duckdb.sql(
                f"COPY (SELECT * FROM read_csv('{text / (table + '.csv')}', all_varchar = true)) "
                f"TO '{folder / (table + '.parquet')}'"
            )
    return folder


def _names(table: str, exclude: tuple[str, ...] = ()) -> list[str]:
    con = duckdb.connect()
    from nichescout.store.migrations import migrate

    migrate(con)
    got = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
    return [c for c in got if c not in exclude and c != "import_id"]


def _json_default(value: object) -> str:
    assert isinstance(value, datetime)
    return value.isoformat()


def _csv_text(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return json.dumps(value)
    return str(value)


# -- the documented example, in every format ------------------------------------------------
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_worked_example_imports_in_every_format(tmp_path: Path, fmt: str) -> None:
    folder = write_example(tmp_path / fmt, fmt)
    store = Store(":memory:")
    report = import_canonical(store, folder)
    expected = {t: len(EXAMPLE[t]) for t in TABLES}
    assert report.added == expected
    assert store.counts() == expected
    assert import_canonical(store, folder).added == dict.fromkeys(TABLES, 0)
    row = store.con.execute(
        "SELECT joined_at, followers, attributes FROM members WHERE member_id = 'u2'"
    ).fetchone()
    assert row == (datetime(2024, 2, 11, 17, 30), 8, None)  # "...Z" is UTC
    tags = store.con.execute("SELECT tags FROM content WHERE content_id = 'q1'").fetchone()
    assert tags == (["graphs", "newbie"],)


def test_formats_agree(tmp_path: Path) -> None:
    stores = {}
    for fmt in ("csv", "jsonl", "parquet"):
        stores[fmt] = Store(":memory:")
        import_canonical(stores[fmt], write_example(tmp_path / fmt, fmt))
    assert contents(stores["csv"]) == contents(stores["jsonl"]) == contents(stores["parquet"])


def test_docs_page_is_current() -> None:
    assert DEFAULT_PATH.read_text(encoding="utf-8") == render(), (
        "docs/canonical.md is out of date: run python -m nichescout.store.docs"
    )
    assert main(["--check"]) == 0


def test_docs_check_notices_drift(tmp_path: Path) -> None:
    page = tmp_path / "canonical.md"
    assert main([str(page), "--check"]) == 1
    assert main([str(page)]) == 0
    assert main([str(page), "--check"]) == 0
    for table in TABLES:
        for column in _names(
            table, exclude=("member_key", "author_key", "actor_key", "target_key")
        ):
            assert f"| `{column}` |" in page.read_text()


# -- round trips on real data -----------------------------------------------------------------
@pytest.fixture(scope="module")
def twitch_store() -> Store:
    if not (TWITCH / "ENGB_edges.csv").is_file():
        pytest.skip(f"the Twitch MUSAE files are not at {TWITCH}")
    store = Store(":memory:")
    import_graph(
        store,
        TWITCH / "ENGB_edges.csv",
        nodes=TWITCH / "ENGB_target.csv",
        platform="twitch:ENGB",
        directed=False,
    )
    return store


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_round_trip_real_graph(tmp_path: Path, twitch_store: Store, fmt: str) -> None:
    with open(TWITCH / "ENGB_edges.csv") as f:
        edges = sum(1 for _ in f) - 1
    with open(TWITCH / "ENGB_target.csv") as f:
        nodes = len({row["new_id"] for row in csv.DictReader(f)})
    folder = export(twitch_store, tmp_path / fmt, fmt)
    store = Store(":memory:")
    report = import_canonical(store, folder)
    assert report.added == {"members": nodes, "content": 0, "interactions": 2 * edges}
    assert contents(store) == contents(twitch_store)
    assert import_canonical(store, folder).added == dict.fromkeys(TABLES, 0)


def test_derived_ids_match_the_graph_importer(tmp_path: Path, twitch_store: Store) -> None:
    """Without interaction_id, a canonical file derives the ids the graph importer gave."""
    folder = export(twitch_store, tmp_path / "noids", "csv", with_ids=False)
    store = Store(":memory:")
    import_canonical(store, folder)
    assert contents(store) == contents(twitch_store)
    assert import_canonical(store, folder / "interactions.csv").added["interactions"] == 0


# -- rules --------------------------------------------------------------------------------------
def test_derived_ids_keep_repeated_events(tmp_path: Path) -> None:
    folder = tmp_path / "rep"
    folder.mkdir()
    (folder / "members.csv").write_text("member_id\na\nb\n")
    (folder / "interactions.csv").write_text(
        "actor_id,kind,target_id,created_at,value\n"
        "a,reaction,b,2024-01-01T00:00:00,1\n"
        "a,reaction,b,2024-01-01T00:00:00,1\n"
        "a,reaction,b,2024-01-01T00:00:00,2.5\n"
    )
    store = Store(":memory:")
    assert import_canonical(store, folder, platform="p").added["interactions"] == 3
    ids = [
        r[0]
        for r in store.con.execute("SELECT interaction_id FROM interactions ORDER BY 1").fetchall()
    ]
    assert ids == [
        "a reaction b @2024-01-01T00:00:00 #1",
        "a reaction b @2024-01-01T00:00:00 #2",
        "a reaction b @2024-01-01T00:00:00 =2.5 #1",
    ]
    assert import_canonical(store, folder, platform="p").added["interactions"] == 0


def test_platform_column_and_parameter(tmp_path: Path) -> None:
    file = tmp_path / "members.csv"
    file.write_text("platform,member_id\nx,a\n,b\n")
    store = Store(":memory:")
    import_canonical(store, file, platform="y")
    rows = store.con.execute("SELECT platform, member_id FROM members ORDER BY 2").fetchall()
    assert rows == [("x", "a"), ("y", "b")]


def test_offsets_convert_to_utc_and_parquet_types(tmp_path: Path) -> None:
    file = tmp_path / "content.parquet"
    duckdb.sql(
        "COPY (SELECT 'p' AS platform, 7 AS content_id, 'post' AS kind, "
        "TIMESTAMPTZ '2024-01-01 12:00:00+02:00' AS created_at, 3::INTEGER AS likes) "
        f"TO '{file}'"
    )
    store = Store(":memory:")
    import_canonical(store, file)
    row = store.con.execute("SELECT content_id, created_at, likes FROM content").fetchone()
    assert row == ("7", datetime(2024, 1, 1, 10, 0), 3)
    jsonl = tmp_path / "x_content.jsonl.gz"
    with gzip.open(jsonl, "wt") as out:
        out.write(
            '{"platform":"p","content_id":"8","kind":"post",'
            '"created_at":"2024-01-01T12:00:00-05:00"}\n'
        )
    import_canonical(store, jsonl)
    row = store.con.execute("SELECT created_at FROM content WHERE content_id = '8'").fetchone()
    assert row == (datetime(2024, 1, 1, 17, 0),)


def test_ingest_registry_reaches_it(tmp_path: Path) -> None:
    store = Store(":memory:")
    report = ingest(store, "canonical", write_example(tmp_path / "r", "csv"))
    assert report.format == "canonical" and report.total_added == 9


def test_header_only_adds_nothing(tmp_path: Path) -> None:
    (tmp_path / "content.csv").write_text("platform,content_id,kind,created_at\n")
    (tmp_path / "members.csv").write_text("platform,member_id\np,a\n")
    assert import_canonical(Store(":memory:"), tmp_path).added == {
        "members": 1,
        "content": 0,
        "interactions": 0,
    }


def test_table_files(tmp_path: Path) -> None:
    (tmp_path / "members.csv").write_text("member_id\n")
    (tmp_path / "notes.txt").write_text("ignored\n")
    (tmp_path / "interactions.jsonl.gz").write_bytes(b"")
    assert {t: (f.name, r) for t, (f, r) in table_files(tmp_path).items()} == {
        "members": ("members.csv", "csv"),
        "interactions": ("interactions.jsonl.gz", "jsonl"),
    }


# -- bad input: InputError naming file and row, store unchanged --------------------------------
@pytest.fixture
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A store already holding the worked example, so 'unchanged' means something."""
    store = Store(":memory:")
    import_canonical(store, write_example(tmp_path_factory.mktemp("example"), "csv"))
    return store


def _fails(
    store: Store, path: Path, match: str, error: type[InputError] = InputError, **options: object
) -> InputError:
    before = snapshot(store)
    counts = store.counts()
    with pytest.raises(error, match=match) as caught:
        import_canonical(store, path, **options)  # type: ignore[arg-type]
    assert store.counts() == counts
    assert snapshot(store) == before
    return caught.value


BAD: dict[str, tuple[str, str, str]] = {
    # name: (file name, content, expected message pattern)
    "unknown column": (
        "members.csv",
        "platform,member_id,folowers\np,a,3\n",
        r"members.csv, row 1: members has no column 'folowers'; its columns are "
        r"platform, member_id, handle",
    ),
    "missing required": (
        "content.csv",
        "platform,content_id,kind\np,c1,post\n",
        r"content.csv, row 1: the required column 'created_at' is missing",
    ),
    "bad timestamp": (
        "content.csv",
        "platform,content_id,kind,created_at\np,c1,post,2024-01-01\np,c2,post,2024-13-01\n",
        r"content.csv, row 3: created_at is not an ISO 8601 date.*'2024-13-01'",
    ),
    "not an integer": (
        "members.csv",
        "platform,member_id,followers\np,a,12\np,b,12.5\n",
        r"members.csv, row 3: followers is not an integer: '12.5'",
    ),
    "bad boolean": (
        "members.csv",
        "platform,member_id,is_bot\np,a,maybe\n",
        r"members.csv, row 2: is_bot is not true or false: 'maybe'",
    ),
    "bad json": (
        "members.jsonl",
        '{"platform":"p","member_id":"a","attributes":{"k":1}}\n'
        '{"platform":"p","member_id":"b","attributes":"k=1"}\n',
        r"members.jsonl, row 2: attributes is not a JSON object",
    ),
    "wrong field count": (
        "members.csv",
        "platform,member_id\np,a\np,b,c\n",
        r"members.csv, row 3: expected 2 fields, found 3",
    ),
    "truncated json": (
        "members.jsonl",
        '{"platform":"p","member_id":"a"}\n{"platform":"p",',
        r"members.jsonl, row 2: is not valid JSON",
    ),
    "empty file": ("members.csv", "", r"members.csv: is empty"),
    "empty jsonl": ("members.jsonl", "", r"members.jsonl: is empty"),
    "missing id": (
        "members.csv",
        "platform,member_id\np,a\np,\n",
        r"members.csv, row 3: member_id is missing",
    ),
    "unknown kind": (
        "interactions.csv",
        "platform,interaction_id,kind\np,1,like\n",
        r"interactions.csv, row 2: kind 'like' is not a known interaction kind",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_names_file_and_row(store: Store, tmp_path: Path, case: str) -> None:
    name, text, match = BAD[case]
    file = tmp_path / name
    file.write_text(text)
    _fails(store, file, match)


def test_unknown_member_is_a_reference_error(store: Store, tmp_path: Path) -> None:
    file = tmp_path / "interactions.csv"
    file.write_text(
        "platform,interaction_id,actor_id,kind,target_id\n"
        "forum:toy,n1,u1,mention,u2\nforum:toy,n2,u1,mention,ghost\n"
    )
    _fails(
        store,
        file,
        r"interactions.csv, row 3: target_id 'ghost' names a member found "
        r"neither.*or pass --allow-unknown-members",
        ReferenceError_,
    )


def _unknown_members(folder: Path) -> Path:
    folder.mkdir()
    (folder / "content.csv").write_text(
        "platform,content_id,author_id,kind,created_at\nforum:toy,p9,ghost1,post,2024-01-01\n"
    )
    (folder / "interactions.csv").write_text(
        "platform,interaction_id,actor_id,kind,target_id\n"
        "forum:toy,n1,ghost2,mention,ghost1\nforum:toy,n2,ghost2,reply,ghost3\n"
    )
    return folder


def test_allow_unknown_members_adds_placeholders(store: Store, tmp_path: Path) -> None:
    folder = _unknown_members(tmp_path / "ghosts")
    _fails(store, folder, r"author_id 'ghost1' names a member found neither", ReferenceError_)
    report = import_canonical(store, folder, allow_unknown_members=True)
    assert report.added == {"members": 3, "content": 1, "interactions": 2}
    assert report.placeholders == 3
    assert store.con.execute(
        "SELECT member_id, is_bot, attributes FROM members WHERE member_id LIKE 'ghost%' ORDER BY 1"
    ).fetchall() == [(f"ghost{i}", False, '{"placeholder": true}') for i in (1, 2, 3)]
    again = import_canonical(store, folder, allow_unknown_members=True)
    assert again.total_added == 0 and again.placeholders == 0
    # Once stored, the members are known: the strict import accepts the same files.
    assert import_canonical(store, folder).total_added == 0


def test_allow_unknown_members_fails_cleanly_on_bad_rows(store: Store, tmp_path: Path) -> None:
    folder = _unknown_members(tmp_path / "ghosts")
    with (folder / "interactions.csv").open("a") as out:
        out.write("forum:toy,n3,ghost4,like,ghost1\n")
    _fails(
        store,
        folder,
        r"interactions.csv, row 4: kind 'like' is not a known interaction kind",
        allow_unknown_members=True,
    )


def test_truncated_gzip(store: Store, tmp_path: Path) -> None:
    rows = "".join(f"p,m{i * 7919 % 100003}\n" for i in range(50_000))
    whole = gzip.compress(("platform,member_id\n" + rows).encode())
    file = tmp_path / "members.csv.gz"
    file.write_bytes(whole[: len(whole) // 2])
    _fails(store, file, r"members.csv.gz: is cut short or not gzip-compressed")


@pytest.mark.parametrize(
    "make",
    [
        lambda d: (
            (d / "members.csv").write_text("member_id\na\n")
            and (d / "members.jsonl").write_text('{"member_id":"a"}\n')
        ),
        lambda d: (d / "readme.txt").write_text("nothing here"),
    ],
)
def test_folder_problems(store: Store, tmp_path: Path, make: Callable[[Path], object]) -> None:
    make(tmp_path)
    _fails(store, tmp_path, str(tmp_path))


def test_file_name_must_say_the_table(store: Store, tmp_path: Path) -> None:
    file = tmp_path / "export.csv"
    file.write_text("member_id\na\n")
    _fails(store, file, "the file name must say which table")


def test_repeats_found_across_dedupe_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader groups key hashes in bounded slices; the result must not depend on them."""
    import nichescout.store.loader as loader

    (tmp_path / "members.csv").write_text(
        "member_id,handle\n" + "".join(f"m{i % 7},h{i}\n" for i in range(20))
    )
    (tmp_path / "interactions.csv").write_text(
        "interaction_id,actor_id,kind\n" + "".join(f"e{i % 9},m{i % 7},join\n" for i in range(30))
    )
    whole = Store(":memory:")
    first = import_canonical(whole, tmp_path, platform="p")
    monkeypatch.setattr(loader, "DEDUPE_PARTITION_ROWS", 4)
    sliced = Store(":memory:")
    second = import_canonical(sliced, tmp_path, platform="p")
    assert first.added == second.added == {"members": 7, "content": 0, "interactions": 9}
    assert (
        first.skipped
        == second.skipped
        == {"interactions: repeated interaction_id within this import": 21}
    )
    assert contents(whole) == contents(sliced)
    handles = sliced.con.execute("SELECT member_id, handle FROM members ORDER BY 1").fetchall()
    assert handles == [(f"m{i}", f"h{i}") for i in range(7)]  # first row wins
    # Rows already stored are found slice by slice too: only the new ids are added.
    more = tmp_path / "more"
    more.mkdir()
    (more / "interactions.csv").write_text(
        "interaction_id,actor_id,kind\n" + "".join(f"e{i},m{i % 7},join\n" for i in range(5, 15))
    )
    assert import_canonical(sliced, more, platform="p").added["interactions"] == 6
    assert import_canonical(sliced, more, platform="p").added["interactions"] == 0
