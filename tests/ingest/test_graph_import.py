"""Tests of the graph importer (nichescout.ingest.graph) on the real graph files and on small
malformed copies. Expected counts are derived here from the files with plain Python.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from nichescout.exceptions import InputError, ParameterError, ReferenceError_
from nichescout.ingest import ingest
from nichescout.ingest.graph import KIND_MAPS, EdgeLayout, import_graph, sniff_edges
from nichescout.store import Store

from ..conftest import snapshot

DATA = Path(__file__).parents[2].parent / "shared" / "data"
TWITCH = DATA / "twitch"
HIGGS = DATA / "twitter-higgs" / "higgs-activity_time.txt.gz"
EMAIL = DATA / "snap" / "email-Eu-core.txt"
NETHEPT = DATA / "influence-maximization"


def needs(path: Path) -> pytest.MarkDecorator:
    return pytest.mark.skipif(not path.exists(), reason=f"real data set not found at {path}")


def degrees(store: Store, platform: str) -> tuple[Counter[str], Counter[str]]:
    """(out-degree, in-degree) per member_id, from the store."""
    rows = store.con.execute(
        """SELECT a.member_id, t.member_id FROM interactions i
           JOIN members a ON a.member_key = i.actor_key
           JOIN members t ON t.member_key = i.target_key WHERE i.platform = ?""",
        [platform],
    ).fetchall()
    return Counter(a for a, _ in rows), Counter(t for _, t in rows)


# -- real data ---------------------------------------------------------------------------------
@needs(TWITCH / "DE")
@pytest.mark.parametrize("language", ["DE", "ENGB", "ES", "FR"])
def test_twitch_musae(language: str) -> None:
    folder = TWITCH / language
    with open(folder / f"{language}_edges.csv", newline="") as f:
        edges = [tuple(r) for r in csv.reader(f)][1:]
    with open(folder / f"{language}_target.csv", newline="") as f:
        nodes = list(csv.DictReader(f))
    first: dict[str, dict[str, str]] = {}
    for node in nodes:
        first.setdefault(node["new_id"], node)
    loops = sum(1 for a, b in edges if a == b)
    platform = f"twitch:{language}"
    store = Store(":memory:")
    report = import_graph(
        store,
        folder / f"{language}_edges.csv",
        nodes=folder / f"{language}_target.csv",
        platform=platform,
        directed=False,
    )
    assert report.added == {
        "members": len(first),
        "content": 0,
        "interactions": 2 * len(edges) - loops,
    }
    repeated = len(nodes) - len(first)
    assert report.skipped == (
        {"node table: repeated node id (first row kept)": repeated} if repeated else {}
    )
    # Mutual edges: each node's in-degree equals its out-degree equals its degree in the file.
    out, inn = degrees(store, platform)
    expected = Counter(a for a, _ in edges) + Counter(b for _, b in edges)
    assert out == inn == expected
    # Attributes: the node table's row, keyed by new_id, with partner as verified.
    node_id, node = next(iter(first.items()))
    verified, attributes = store.con.execute(
        "SELECT verified, attributes FROM members WHERE platform = ? AND member_id = ?",
        [platform, node_id],
    ).fetchone()
    assert verified is (node["partner"] == "True")
    assert json.loads(attributes) == {
        "id": int(node["id"]),
        "days": int(node["days"]),
        "mature": node["mature"] == "True",
        "views": int(node["views"]),
        "partner": node["partner"] == "True",
    }
    again = import_graph(
        store,
        folder / f"{language}_edges.csv",
        nodes=folder / f"{language}_target.csv",
        platform=platform,
        directed=False,
    )
    assert again.added == {"members": 0, "content": 0, "interactions": 0}


@needs(HIGGS)
def test_higgs_activity() -> None:
    kinds = KIND_MAPS["higgs"]
    with gzip.open(HIGGS, "rt") as f:
        events = [line.split() for line in f]
    users = {e[0] for e in events} | {e[1] for e in events}
    times = [int(e[2]) for e in events]
    store = Store(":memory:")
    report = import_graph(store, HIGGS)
    assert report.platform == "graph:higgs-activity_time"
    assert report.added == {"members": len(users), "content": 0, "interactions": len(events)}
    assert len(events) == 563_069
    got = dict(store.con.execute("SELECT kind, count(*) FROM interactions GROUP BY 1").fetchall())
    assert got == Counter(kinds[e[3]] for e in events)
    first, last = store.con.execute(
        "SELECT min(created_at), max(created_at) FROM interactions"
    ).fetchone()
    as_utc = [datetime.fromtimestamp(t, UTC).replace(tzinfo=None) for t in (min(times), max(times))]
    assert [first, last] == as_utc
    row = store.con.execute(
        "SELECT interaction_id, value FROM interactions WHERE created_at = ? ORDER BY 1 LIMIT 1",
        [first],
    ).fetchone()
    e = next(e for e in sorted(events, key=lambda e: (int(e[2]), e[0], kinds[e[3]])))
    assert row == (f"{e[0]} {kinds[e[3]]} {e[1]} @{first.isoformat()} #1", 1.0)
    assert import_graph(store, HIGGS).added["interactions"] == 0


@needs(EMAIL)
def test_email_eu_core_crlf() -> None:
    with open(EMAIL, newline="") as f:
        pairs = [line.split() for line in f if line.strip()]
    store = Store(":memory:")
    report = import_graph(store, EMAIL, kind="mention")
    nodes = {a for a, _ in pairs} | {b for _, b in pairs}
    assert report.added == {"members": len(nodes), "content": 0, "interactions": len(pairs)}
    assert (len(nodes), len(pairs)) == (1005, 25571)
    assert store.con.execute(
        "SELECT count(*) FROM members WHERE member_id LIKE '%\r%'"
    ).fetchone() == (0,)
    loops = store.con.execute(
        "SELECT count(*) FROM interactions WHERE actor_key = target_key"
    ).fetchone()
    assert loops == (sum(1 for a, b in pairs if a == b),)
    out, _ = degrees(store, "graph:email-Eu-core")
    assert out == Counter(a for a, _ in pairs)


# -- small files: layouts and options ----------------------------------------------------------
def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


@needs(NETHEPT / "jxshang_NetHEPT.txt")
@pytest.mark.parametrize(
    "name,columns",
    [
        ("jxshang_NetHEPT.txt", None),
        ("snowgy_NetHEPT.txt", None),
        ("henryhao_hep.txt", ("source", "target", "weight", None)),
    ],
)
def test_nethept_size_header_is_skipped(name: str, columns: tuple[str | None, ...] | None) -> None:
    """Influence-maximisation files open with 'n m'; the edges below it must all arrive."""
    path = NETHEPT / name
    lines = path.read_text().splitlines()
    edges = [line.split() for line in lines[1:] if line.strip()]
    store = Store(":memory:")
    report = import_graph(store, path, platform="nethept", columns=columns)
    assert report.added["interactions"] == len(edges)
    assert report.added["members"] == len({e[0] for e in edges} | {e[1] for e in edges})
    assert report.skipped == {"first line 'n m' (node and edge counts), not an edge": 1}
    if name == "jxshang_NetHEPT.txt":  # its header counts nodes and edges exactly
        assert lines[0].split() == [str(report.added["members"]), str(len(edges))]


def test_sniff_layouts(tmp_path: Path) -> None:
    assert sniff_edges(write(tmp_path / "a.csv", "from,to\n1,2\n")) == EdgeLayout(
        ",", True, 0, ("source", "target")
    )
    snap = write(tmp_path / "b.txt", "# Directed graph\n# Nodes: 3\n1\t2\n2\t3\n")
    assert sniff_edges(snap) == EdgeLayout("\t", False, 2, ("source", "target"))
    weighted = write(tmp_path / "c.txt", "a b 0.5\nb c 2\n")
    assert sniff_edges(weighted).roles == ("source", "target", "weight")
    named = write(tmp_path / "d.tsv", "src\tdst\ttime\tweight\nx\ty\t2024-01-01\t3\n")
    assert sniff_edges(named).roles == ("source", "target", "timestamp", "weight")
    assert sniff_edges(weighted, columns=("target", "source", None)).roles == (
        "target",
        "source",
        None,
    )


def test_weights_times_and_repeats(tmp_path: Path) -> None:
    edges = write(
        tmp_path / "w.csv",
        "source,target,weight,timestamp\n"
        "a,b,0.5,1341100972\n"
        "a,b,0.5,1341100972\n"
        "b,a,2,2012-07-01T02:02:52+02:00\n"
        "c,c,1,1341100972.5\n",
    )
    store = Store(":memory:")
    report = import_graph(store, edges, platform="t", kind="mention")
    assert report.added == {"members": 3, "content": 0, "interactions": 4}
    rows = store.con.execute(
        "SELECT interaction_id, value, created_at FROM interactions ORDER BY 1"
    ).fetchall()
    assert rows == [
        ("a mention b @2012-07-01T00:02:52 =0.5 #1", 0.5, datetime(2012, 7, 1, 0, 2, 52)),
        ("a mention b @2012-07-01T00:02:52 =0.5 #2", 0.5, datetime(2012, 7, 1, 0, 2, 52)),
        ("b mention a @2012-07-01T00:02:52 =2.0 #1", 2.0, datetime(2012, 7, 1, 0, 2, 52)),
        ("c mention c @2012-07-01T00:02:52.500000 #1", 1.0, datetime(2012, 7, 1, 0, 2, 52, 500000)),
    ]
    assert import_graph(store, edges, platform="t", kind="mention").added["interactions"] == 0


def test_undirected_doubles_all_but_self_loops(tmp_path: Path) -> None:
    edges = write(tmp_path / "u.csv", "a,b\nb,c\nc,c\n")
    store = Store(":memory:")
    assert import_graph(store, edges, directed=False).added["interactions"] == 5
    assert import_graph(store, edges, platform="d").added["interactions"] == 3


def test_kind_column_and_kind_map(tmp_path: Path) -> None:
    edges = write(tmp_path / "k.csv", "from,to,kind\na,b,RT\nb,a,like\n")
    store = Store(":memory:")
    report = import_graph(store, edges, kind_map={"RT": "share", "like": "reaction"})
    assert report.added["interactions"] == 2
    got = store.con.execute("SELECT kind FROM interactions ORDER BY 1").fetchall()
    assert got == [("reaction",), ("share",)]
    native = write(tmp_path / "n.csv", "from,to,kind\na,b,reply\n")
    assert import_graph(store, native).added["interactions"] == 1
    with pytest.raises(ParameterError, match="kind_map"):
        import_graph(store, edges, kind_map="nope")
    with pytest.raises(ParameterError, match="kind"):
        import_graph(store, native, kind="like")


def test_registry_and_node_id_column(tmp_path: Path) -> None:
    edges = write(tmp_path / "e.csv", "from,to\n10,11\n")
    nodes = write(tmp_path / "n.csv", "login,id,followers\nann,10,5\nbob,11,7\ncid,12,0\n")
    store = Store(":memory:")
    report = ingest(store, "graph", edges, nodes=nodes, platform="g")
    assert report.added["members"] == 3  # isolated node 12 kept
    rows = store.con.execute("SELECT member_id, followers, attributes FROM members ORDER BY 1")
    assert rows.fetchall() == [
        ("10", 5, '{"login":"ann"}'),
        ("11", 7, '{"login":"bob"}'),
        ("12", 0, '{"login":"cid"}'),
    ]


# -- bad input: InputError naming file and line, store unchanged --------------------------------
@pytest.fixture
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A store already holding a small graph, so 'unchanged' means something."""
    store = Store(":memory:")
    folder = tmp_path_factory.mktemp("base")
    import_graph(store, write(folder / "base.csv", "from,to\n1,2\n2,3\n"), platform="g")
    return store


BAD = {
    # name: (edge file text, nodes text or None, options, message pattern)
    "extra field": ("from,to\n1,2\n3,4,5\n", None, {}, r"e.csv, row 3: expected 2 fields, found 3"),
    "missing field": (
        "1 2 0.5\n3 4\n5 6 1\n",
        None,
        {},
        r"e.csv, row 2: expected 3 fields, found 2",
    ),
    "bad weight": (
        "from,to,weight\n1,2,0.5\n3,4,heavy\n",
        None,
        {},
        r"e.csv, row 3: weight is not a number: 'heavy'",
    ),
    "bad timestamp": (
        "# comment\nfrom,to,timestamp\n1,2,2024-01-01\n3,4,2024-13-01\n",
        None,
        {},
        r"e.csv, row 4: timestamp is neither unix seconds nor an ISO 8601 date: '2024-13-01'",
    ),
    "unmapped kind": (
        "1 2 1341100972 RT\n3 4 1341100973 XX\n",
        None,
        {},
        r"e.csv, row 2: kind 'XX' is not an interaction kind; pass kind_map=",
    ),
    "empty file": ("", None, {}, r"e.csv: holds no edges"),
    "header only": ("from,to\n", None, {}, r"e.csv: holds no edges"),
    "no target": ("from,to\n1,2\n3,\n", None, {}, r"e.csv, row 3: has no target node"),
    "unknown column": ("from,to,colour\n1,2,red\n", None, {}, r"e.csv, row 1: column 'colour'"),
    "node missing": (
        "from,to\n1,2\n2,9\n",
        "id,views\n1,10\n2,20\n",
        {},
        r"e.csv, row 3: node '9' is not in the node table n.csv",
    ),
    "wrong id column": (
        "from,to\n1,2\n",
        "id,views\n1,10\n2,20\n",
        {"node_id_column": "new_id"},
        r"n.csv, row 1: has no column 'new_id'",
    ),
    "bad node field": (
        "from,to\n1,2\n",
        "id,followers\n1,10\n2,many\n",
        {},
        r"n.csv, row 3: followers does not have the type of members.followers",
    ),
    "empty node table": ("from,to\n1,2\n", "", {}, r"n.csv"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_names_file_and_line(store: Store, tmp_path: Path, case: str) -> None:
    text, nodes_text, options, match = BAD[case]
    edges = write(tmp_path / "e.csv", text)
    nodes = write(tmp_path / "n.csv", nodes_text) if nodes_text is not None else None
    before = snapshot(store)
    counts = store.counts()
    error = ReferenceError_ if case == "node missing" else InputError
    with pytest.raises(error, match=match):
        import_graph(store, edges, nodes=nodes, platform="g", **options)  # type: ignore[arg-type]
    assert store.counts() == counts
    assert snapshot(store) == before


def test_truncated_gzip(store: Store, tmp_path: Path) -> None:
    lines = "".join(f"{i} {i * 7919 % 100003}\n" for i in range(50_000))
    whole = gzip.compress(lines.encode())
    edges = tmp_path / "cut.txt.gz"
    edges.write_bytes(whole[: len(whole) // 2])
    before = snapshot(store)
    with pytest.raises(InputError, match=r"cut.txt.gz"):
        import_graph(store, edges, platform="g")
    assert snapshot(store) == before


class Recorder:
    """A progress hook that remembers what it was told."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []

    def start(self, description: str, total: int | None) -> None:
        self.calls.append(("start", total))

    def advance(self, amount: int) -> None:
        self.calls.append(("advance", amount))


def test_ignored_column_and_progress(tmp_path: Path) -> None:
    edges = write(tmp_path / "x.tsv", "a\tb\tnote\t1.5\nb\tc\tsee\t2\n")
    progress = Recorder()
    store = Store(":memory:")
    report = import_graph(
        store,
        edges,
        header=False,
        columns=("source", "target", None, "weight"),
        progress=progress,
    )
    assert report.added == {"members": 3, "content": 0, "interactions": 2}
    values = store.con.execute("SELECT value FROM interactions ORDER BY 1").fetchall()
    assert values == [(1.5,), (2.0,)]
    size = edges.stat().st_size  # progress counts bytes read
    assert progress.calls[0] == ("start", size)
    assert sum(n for what, n in progress.calls if what == "advance") == size
