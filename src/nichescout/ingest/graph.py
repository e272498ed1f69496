"""Graph importer: an edge list, and optionally a node table, as members and interactions.

The edge file is CSV, TSV or space-separated text (gzip allowed), with or without a header;
leading ``#`` / ``%`` comment lines are skipped. Its columns are, in order, source and
target, then optionally weight, timestamp and kind, recognised by header name
(``from``/``source``/``src``…, ``to``/``target``/``dst``…, ``weight``/``w``/``value``,
``timestamp``/``time``/``ts``/``created_at``, ``kind``/``type``/``action``) or, without a
header, by content (a column of integers between 10⁸ and 10¹⁰ is unix time, another number a
weight, text a kind); ``columns=`` says it outright.

=====================  =======================================================================
source                 canonical rows
=====================  =======================================================================
edge ``u v``           ``members`` for every endpoint (member_id = the node id as written);
                       an ``interactions`` row actor u → target v of kind ``kind``
                       (``follow`` by default), value = weight (1 when absent), created_at =
                       the timestamp (unix seconds or ISO 8601, UTC; NULL when absent)
kind column            mapped by ``kind_map`` onto :class:`~nichescout.kinds.InteractionKind`;
                       values already naming a kind pass as they are. Preset ``"higgs"``:
                       RT → share, MT → mention, RE → reply, chosen by itself for a
                       ``userA userB timestamp RT|MT|RE`` file (Twitter Higgs activity)
``directed=False``     each line is one mutual edge: stored in both directions (u → v and
                       v → u, self-loops once), so in- and out-degree both count it
node table             ``members``: member_id = the node id column (``node_id_column``; by
                       default ``new_id`` when present — the Twitch MUSAE files, whose edges
                       use it — else ``id``, else the first column); columns named as
                       canonical member fields (handle, followers, …) fill them, ``partner``
                       fills ``verified``; every other column (views, partner, days, mature,
                       the original id) goes into ``attributes``. A node listed twice keeps
                       its first row (the others are counted as skipped)
=====================  =======================================================================

interaction_id is derived from the edge's fields and its occurrence number among identical
edges (:func:`nichescout.ingest.canonical.derived_id_sql`, e.g. ``'3 follow 7 #1'``), so
re-importing the same file adds nothing while genuinely repeated events are all kept.
Self-loops are kept as they are in the data (a reply to oneself is an event).

The edge file is parsed once, by DuckDB, into a temporary table (which DuckDB spills to disk
when memory runs short); the checks, the ids and the loader's passes read that table rather
than parsing the text again. Like the graph stage, which holds the whole graph in memory,
this sizes memory with the edge count.

Why both directions for undirected files: every signal and graph kernel reads interactions
as directed (who acted on whom); a mutual follow *is* two follows, and storing it once would
make the in-degree of a node depend on which endpoint the file happened to list first. The
price is twice the rows, which the store handles easily at the sizes of such files.

Bad input — a line with the wrong number of fields, a weight that is not a number, a
timestamp that is neither unix seconds nor ISO 8601, an unmapped kind, an edge whose node
the node table lacks, an empty file — raises :class:`~nichescout.exceptions.InputError`
naming the file and line, and the store is left unchanged.

>>> import tempfile, pathlib
>>> from nichescout.store import Store
>>> edges = pathlib.Path(tempfile.mkdtemp()) / "toy.csv"
>>> _ = edges.write_text("from,to\\n1,2\\n2,3\\n")
>>> store = Store(":memory:")
>>> report = import_graph(store, edges, directed=False)
>>> report.platform, report.added
('graph:toy', {'members': 3, 'content': 0, 'interactions': 4})
>>> import_graph(store, edges, directed=False).added["interactions"]
0
"""

from __future__ import annotations

import gzip
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from nichescout.exceptions import InputError, ParameterError, ReferenceError_
from nichescout.ingest.base import NullProgress, Progress
from nichescout.ingest.canonical import (
    derived_id_sql,
    read_error,
    sql_ident,
    sql_literal,
    typed_sql,
)
from nichescout.kinds import InteractionKind
from nichescout.store import ImportReport, ImportSession, Store
from nichescout.store.schema import MEMBERS, Column

__all__ = ["KIND_MAPS", "EdgeLayout", "import_graph", "sniff_edges"]

#: Named kind maps: raw kind value → interaction kind.
KIND_MAPS: dict[str, dict[str, str]] = {
    "higgs": {"RT": "share", "MT": "mention", "RE": "reply"},
}
ROLES = ("source", "target", "weight", "timestamp", "kind")
_NAMES = {
    "source": {
        "from",
        "source",
        "src",
        "node1",
        "node_1",
        "id_1",
        "id1",
        "source_id",
        "actor",
        "actor_id",
        "usera",
        "user_a",
        "follower",
    },
    "target": {
        "to",
        "target",
        "dst",
        "node2",
        "node_2",
        "id_2",
        "id2",
        "target_id",
        "userb",
        "user_b",
        "followee",
        "followed",
    },
    "weight": {"weight", "w", "value", "count", "strength"},
    "timestamp": {"timestamp", "time", "ts", "unix_ts", "unixts", "created_at", "date", "datetime"},
    "kind": {"kind", "type", "action", "interaction", "label"},
}
_DELIMITERS = ("\t", ",", ";", "|", " ")
_SAMPLE_LINES = 200


@dataclass(frozen=True)
class EdgeLayout:
    """How an edge file is laid out: what :func:`sniff_edges` found or was told."""

    delimiter: str
    header: bool
    skip: int  # leading comment or blank lines (and a size header)
    roles: tuple[str | None, ...]  # per column: one of ROLES, or None to ignore it
    size_header: bool = False  # a first line 'n m' (node and edge counts) was skipped

    @property
    def first_line(self) -> int:
        """Line number of the first edge."""
        return self.skip + (2 if self.header else 1)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _sample(path: Path) -> tuple[int, list[str]]:
    """(leading comment lines, up to _SAMPLE_LINES following lines) of a text file."""
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    skip = 0
    lines: list[str] = []
    try:
        with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
            for raw in handle:
                line = raw.rstrip("\r\n")
                if not lines and (not line.strip() or line.lstrip()[:1] in ("#", "%")):
                    skip += 1
                    continue
                lines.append(line)
                if len(lines) >= _SAMPLE_LINES:
                    break
    except (OSError, UnicodeDecodeError, EOFError) as err:
        raise InputError(path, None, f"cannot be read as text: {err}.") from err
    return skip, [line for line in lines if line.strip()]


def _guess_roles(path: Path, rows: list[list[str]], line: int) -> tuple[str | None, ...]:
    """Roles of the columns of a headerless edge file, from their content."""
    roles: list[str | None] = ["source", "target"]
    for i in range(2, len(rows[0])):
        values = [_number(r[i]) for r in rows]
        if all(v is None for v in values):
            role = "kind"
        elif all(v is not None and v.is_integer() and 1e8 <= v < 1e10 for v in values):
            role = "timestamp"
        else:
            role = "weight"
        if role in roles:
            raise InputError(
                path,
                line,
                f"cannot tell what column {i + 1} holds (two look like "
                f"a {role}); pass columns=, e.g. ('source', 'target', 'weight', "
                "'timestamp').",
            )
        roles.append(role)
    return tuple(roles)


def _header_roles(path: Path, names: list[str], line: int) -> tuple[str | None, ...]:
    roles: list[str | None] = []
    for name in names:
        low = name.strip().lower()
        role = next((r for r in ROLES if low in _NAMES[r] and r not in roles), None)
        if role is None and len(roles) < 2:
            role = "target" if "source" in roles else "source"
        if role is None:
            raise InputError(
                path,
                line,
                f"column {name!r} is not one the graph importer reads; "
                "name it weight, timestamp or kind, or pass columns= (None to "
                "ignore a column).",
            )
        roles.append(role)
    if "source" not in roles or "target" not in roles:
        raise InputError(path, line, "needs a source and a target column.")
    return tuple(roles)


def _agrees(lines: list[str], delimiter: str) -> bool:
    """Whether ``delimiter`` splits the first line in two or more fields, as it does most
    sampled lines (a malformed line further down is then reported by the reader)."""
    widths = Counter(len(line.split(delimiter)) for line in lines)
    first = len(lines[0].split(delimiter))
    return first >= 2 and widths[first] * 2 > len(lines)


def _is_size_header(lines: list[str]) -> bool:
    """Whether the first line is an ``n m`` count header above edges of three or more fields,
    as in the influence-maximisation benchmark files (NetHEPT).

    >>> _is_size_header(["15229 62752", "0 1 0.024390", "1 0 0.333333"])
    True
    >>> _is_size_header(["15229 62752", "0 1", "1 0"])  # two-field edges: it is an edge
    False
    """
    if len(lines) < 2:
        return False
    head = lines[0].split()
    if len(head) != 2 or not all(f.isdigit() for f in head):
        return False
    widths = [len(line.split()) for line in lines[1:]]
    return sum(w >= 3 for w in widths) * 2 > len(widths)


def sniff_edges(
    path: str | Path,
    *,
    delimiter: str | None = None,
    header: bool | None = None,
    columns: Sequence[str | None] | None = None,
) -> EdgeLayout:
    """Find the delimiter, header, leading comments and column roles of an edge file.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "higgs.txt"
    >>> _ = f.write_text("223789 213163 1341100972 MT\\n376989 50329 1341101181 RT\\n")
    >>> sniff_edges(f)
    EdgeLayout(delimiter=' ', header=False, skip=0, roles=('source', 'target', 'timestamp', 'kind'), size_header=False)
    """
    path = Path(path)
    skip, lines = _sample(path)
    if not lines:
        raise InputError(
            path, None, "holds no edges; an edge file has one 'source target' pair a line."
        )
    size_header = _is_size_header(lines)
    if size_header:
        skip, lines = skip + 1, lines[1:]
    first = skip + 1
    if delimiter is None:
        delimiter = next((d for d in _DELIMITERS if _agrees(lines, d)), None)
        if delimiter is None:
            raise InputError(
                path,
                first,
                "cannot tell the field delimiter (tab, comma, semicolon, bar or one space) "
                "from the first lines; pass delimiter=.",
            )
    rows = [line.split(delimiter) for line in lines]
    if header is None:
        head = [f.strip().strip('"').lower() for f in rows[0]]
        named = any(f in names for f in head for names in _NAMES.values())
        numbers_below = len(rows) > 1 and all(_number(f) is not None for f in rows[1][:2])
        header = all(_number(f) is None for f in head) and (named or numbers_below)
    width = len(rows[0])
    body = [r for r in rows[1 if header else 0 :] if len(r) == width] or rows[:1]
    if columns is not None:
        roles = tuple(columns)
        bad = [r for r in roles if r is not None and r not in ROLES]
        if bad or roles.count("source") != 1 or roles.count("target") != 1:
            raise ParameterError.invalid(
                "columns",
                "import_graph",
                f"a sequence of {', '.join(ROLES)} or None with one source and one target",
                columns,
            )
    elif header:
        roles = _header_roles(path, [f.strip().strip('"') for f in rows[0]], first)
    else:
        roles = _guess_roles(path, body, first)
    if len(roles) != len(rows[0]):
        raise InputError(path, first, f"has {len(rows[0])} fields but columns= names {len(roles)}.")
    return EdgeLayout(delimiter, bool(header), skip, roles, size_header)


def _edges_sql(path: Path, layout: EdgeLayout) -> str:
    """SELECT of the raw edge fields (VARCHAR, named by role) with their line in ``_row``."""
    names = [role or f"_ignored{i}" for i, role in enumerate(layout.roles)]
    columns = ", ".join(f"{sql_literal(n)}: 'VARCHAR'" for n in names)
    picked = ", ".join(r for r in layout.roles if r)
    return (
        f"SELECT {picked}, CAST(row_number() OVER () + {layout.first_line - 1} AS BIGINT) "
        f"AS _row FROM read_csv({sql_literal(str(path))}, auto_detect = false, "
        f"header = {str(layout.header).lower()}, skip = {layout.skip}, "
        f"delim = {sql_literal(layout.delimiter)}, quote = '\"', escape = '\"', "
        f"columns = {{{columns}}})"
    )


def _kind_map(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    kind_map: Mapping[str, str] | str | None,
) -> dict[str, str]:
    """The raw kind → interaction kind map for the file's kind column; errors name a line."""
    known = {k.value for k in InteractionKind}
    found = dict(con.execute("SELECT kind, min(_row) FROM _graph_typed GROUP BY kind").fetchall())
    if isinstance(kind_map, str):
        if kind_map not in KIND_MAPS:
            raise ParameterError.invalid(
                "kind_map", "import_graph", f"a mapping or one of {sorted(KIND_MAPS)}", kind_map
            )
        mapping = dict(KIND_MAPS[kind_map])
    elif kind_map is None:  # the preset covering most of the values that are not kinds
        raw = {k for k in found if k is not None} - known
        best = max(KIND_MAPS.values(), key=lambda m: len(raw & set(m)))
        mapping = dict(best) if raw & set(best) else {}
    else:
        mapping = dict(kind_map)
    for target in mapping.values():
        if target not in known:
            raise ParameterError.invalid(
                "kind_map", "import_graph", f"a mapping onto {sorted(known)}", kind_map
            )
    unmapped = [
        (line, value)
        for value, line in found.items()
        if value is None or (value not in mapping and value not in known)
    ]
    if unmapped:
        line, value = min(unmapped)
        raise InputError(
            path,
            line,
            f"kind {value!r} is not an interaction kind; pass "
            f"kind_map={{{value!r}: 'share'}} (or a preset: "
            f"{', '.join(KIND_MAPS)}) onto {', '.join(sorted(known))}.",
        )
    return mapping


def _check_edges(con: duckdb.DuckDBPyConnection, path: Path, roles: set[str]) -> int:
    """One pass over the typed edges; the first bad line raises. Returns the edge count."""
    tests = {
        "source": ("source IS NULL OR trim(source) = ''", "has no source node"),
        "target": ("target IS NULL OR trim(target) = ''", "has no target node"),
        "weight": ("weight IS NOT NULL AND value IS NULL", "weight is not a number: {!r}"),
        "timestamp": (
            "timestamp IS NOT NULL AND created_at IS NULL",
            "timestamp is neither unix seconds nor an ISO 8601 date: {!r}",
        ),
    }
    used = [role for role in tests if role in roles]
    try:
        row = con.execute(
            "SELECT count(*)"
            + "".join(f", min(_row) FILTER (WHERE {tests[r][0]})" for r in used)
            + " FROM _graph_typed"
        ).fetchone()
    except duckdb.Error as err:
        raise read_error(err, path) from err
    assert row is not None
    if not row[0]:
        raise InputError(
            path, None, "holds no edges; an edge file has one 'source target' pair a line."
        )
    bad = [(line, role) for line, role in zip(row[1:], used, strict=True) if line is not None]
    if bad:
        line, role = min(bad)
        value = con.execute(f"SELECT {role} FROM _graph_typed WHERE _row = ?", [line]).fetchone()
        raise InputError(path, line, tests[role][1].format(value[0] if value else None) + ".")
    return int(row[0])


def _typed_edges(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    layout: EdgeLayout,
    kind: str,
    kind_map: Mapping[str, str] | str | None,
) -> str:
    """Read the edge file once into the temp table ``_graph_typed`` (raw and typed fields)
    and check it; return the SQL expression of each edge's interaction kind."""
    con.execute(f"CREATE OR REPLACE TEMP VIEW _graph_raw AS {_edges_sql(path, layout)}")
    roles = {r for r in layout.roles if r}
    value = "TRY_CAST(weight AS DOUBLE)" if "weight" in roles else "1.0"
    created = "CAST(NULL AS TIMESTAMP)"
    if "timestamp" in roles:
        iso = typed_sql(Column("created_at", "TIMESTAMP", ""), "timestamp")  # ISO 8601 → UTC
        created = (
            "CASE WHEN TRY_CAST(timestamp AS DOUBLE) IS NOT NULL THEN "
            "make_timestamp(CAST(round(TRY_CAST(timestamp AS DOUBLE) * 1000000) AS BIGINT)) "
            f"ELSE {iso} END"
        )
    try:
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE _graph_typed AS
                SELECT *, trim(source) AS actor_id, trim(target) AS target_id,
                       {value} AS value, {created} AS created_at
                FROM _graph_raw"""
        )
    except duckdb.Error as err:
        raise read_error(err, path) from err
    _check_edges(con, path, roles)
    if "kind" not in roles:
        return sql_literal(kind)
    mapping = _kind_map(con, path, kind_map)
    cases = " ".join(
        f"WHEN {sql_literal(k)} THEN {sql_literal(v)}" for k, v in sorted(mapping.items())
    )
    return f"CASE kind {cases} ELSE kind END" if cases else "kind"


def _node_members(
    session: ImportSession, path: Path, edges: Path, platform: str, node_id_column: str | None
) -> None:
    """Stage the node table's members; every edge endpoint must be one of them."""
    con = session.con
    literal = sql_literal(str(path))
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM read_csv({literal})").fetchall()
    except duckdb.Error as err:
        raise read_error(err, path) from err
    types = {r[0]: r[1] for r in described}
    if node_id_column is None:
        node_id_column = next((c for c in ("new_id", "id") if c in types), described[0][0])
    if node_id_column not in types:
        raise InputError(
            path,
            1,
            f"has no column {node_id_column!r} (node_id_column); its "
            f"columns are {', '.join(types)}.",
        )
    member_fields = {
        c.name: c for c in MEMBERS if c.name not in ("platform", "member_id", "attributes")
    }
    ident = sql_ident(node_id_column)
    relation = (
        f"SELECT *, CAST(row_number() OVER () + 1 AS BIGINT) AS _row FROM read_csv("
        f"{literal}, types = {{{sql_literal(node_id_column)}: 'VARCHAR'}})"
    )
    con.execute(f"CREATE OR REPLACE TEMP VIEW _graph_nodes AS {relation}")
    fields = []
    checks = []
    for name, column in member_fields.items():
        source = (
            name
            if name in types
            else ("partner" if name == "verified" and "partner" in types else None)
        )
        if source is None:
            continue
        expr = typed_sql(column, sql_ident(source), types[source])
        fields.append(f"{expr} AS {name}")
        checks.append((name, source, expr))
    extra = [c for c in types if c != node_id_column and c not in member_fields]
    if extra:
        fields.append(
            "CAST(to_json({"
            + ", ".join(f"{sql_literal(c)}: {sql_ident(c)}" for c in extra)
            + "}) AS JSON) AS attributes"
        )
    tests = "".join(
        f", min(_row) FILTER (WHERE {sql_ident(s)} IS NOT NULL AND ({e}) IS NULL)"
        for _, s, e in checks
    )
    try:
        row = con.execute(
            f"SELECT count(*), count(DISTINCT {ident}), "
            f"min(_row) FILTER (WHERE {ident} IS NULL){tests} FROM _graph_nodes"
        ).fetchone()
    except duckdb.Error as err:
        raise read_error(err, path) from err
    assert row is not None
    if not row[0]:
        raise InputError(path, None, "holds no nodes; leave nodes= out or fill the file.")
    if row[2] is not None:
        raise InputError(path, row[2], f"has no node id in column {node_id_column!r}.")
    bad = [
        (line, name) for line, (name, _, _) in zip(row[3:], checks, strict=True) if line is not None
    ]
    if bad:
        line, name = min(bad)
        raise InputError(
            path,
            line,
            f"{name} does not have the type of members.{name} ({member_fields[name].sql}).",
        )
    session.skip("node table: repeated node id (first row kept)", int(row[0]) - int(row[1]))
    missing = con.execute(
        f"""SELECT _row, CASE WHEN s.actor_id NOT IN (SELECT {ident} FROM _graph_nodes)
                              THEN s.actor_id ELSE s.target_id END
            FROM _graph_typed s
            WHERE s.actor_id NOT IN (SELECT {ident} FROM _graph_nodes)
               OR s.target_id NOT IN (SELECT {ident} FROM _graph_nodes)
            ORDER BY _row LIMIT 1"""
    ).fetchone()
    if missing:
        raise ReferenceError_(
            edges,
            missing[0],
            f"node {missing[1]!r} is not in the node table "
            f"{path.name} (column {node_id_column!r}); pass the node table "
            "whose ids the edges use (node_id_column=).",
        )
    session.append_relation_sql(
        "members",
        f"""SELECT {sql_literal(platform)} AS platform, {ident} AS member_id,
                   {", ".join(fields) + "," if fields else ""} {literal} AS _file, _row
            FROM _graph_nodes
            QUALIFY row_number() OVER (PARTITION BY {ident} ORDER BY _row) = 1""",
    )


def import_graph(
    store: Store,
    path: str | Path,
    *,
    platform: str | None = None,
    nodes: str | Path | None = None,
    kind: str = "follow",
    kind_map: Mapping[str, str] | str | None = None,
    directed: bool = True,
    node_id_column: str | None = None,
    delimiter: str | None = None,
    header: bool | None = None,
    columns: Sequence[str | None] | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import an edge list (and optionally its node table) into ``store``.

    Parameters
    ----------
    platform:
        The platform of every row; default ``graph:<file stem>``.
    nodes:
        A CSV node table with one row per node (see the module doc for the mapping).
    kind:
        The interaction kind of every edge when the file has no kind column.
    kind_map:
        Raw kind value → interaction kind for the kind column, or a preset name of
        :data:`KIND_MAPS`; by default the preset whose keys cover the column, if any.
    directed:
        ``False`` for files of mutual edges listed once: each is stored both ways.
    node_id_column:
        The node table's column holding the ids the edge file uses.
    delimiter, header, columns:
        Override what :func:`sniff_edges` detects; ``columns`` gives each column's role
        (``source``, ``target``, ``weight``, ``timestamp``, ``kind``, or None to ignore it).
    """
    path = Path(path)
    progress = progress or NullProgress()
    if kind not in {k.value for k in InteractionKind}:
        raise ParameterError.invalid("kind", "import_graph", "an InteractionKind value", kind)
    layout = sniff_edges(path, delimiter=delimiter, header=header, columns=columns)
    stem = path.name.split(".")[0]
    platform = platform or f"graph:{stem}"
    size = path.stat().st_size + (Path(nodes).stat().st_size if nodes is not None else 0)
    progress.start(f"graph: {path.name}", size)  # bytes, as the CLI's bar expects
    con = store.con
    with ImportSession(store, "graph", path, platform=platform) as session:
        if layout.size_header:
            session.skip("first line 'n m' (node and edge counts), not an edge")
        kind_sql = _typed_edges(con, path, layout, kind, kind_map)
        progress.advance(path.stat().st_size)
        p = sql_literal(platform)
        f = sql_literal(str(path))
        if nodes is not None:
            _node_members(session, Path(nodes), path, platform, node_id_column)
            progress.advance(Path(nodes).stat().st_size)
        else:
            session.append_relation_sql(
                "members",
                f"""SELECT {p} AS platform, member_id, {f} AS _file, min(_row) AS _row
                    FROM (SELECT actor_id AS member_id, _row FROM _graph_typed
                          UNION ALL SELECT target_id, _row FROM _graph_typed)
                    GROUP BY member_id""",
            )
        columns_sql = (
            f"{p} AS platform, {{a}} AS actor_id, {kind_sql} AS kind, {{t}} AS target_id, "
            f"CAST(NULL AS VARCHAR) AS content_id, created_at, value, {f} AS _file, "
            "_row"
        )
        both = columns_sql.format(a="actor_id", t="target_id")
        back = columns_sql.format(a="target_id", t="actor_id")
        edges = f"SELECT {both} FROM _graph_typed"
        if not directed:
            edges += f" UNION ALL SELECT {back} FROM _graph_typed WHERE actor_id <> target_id"
        con.execute(f"CREATE OR REPLACE TEMP VIEW _graph_canonical AS {edges}")
        session.append_relation_sql(
            "interactions",
            derived_id_sql(con, "_graph_canonical", "_graph_repeats"),
            defer=True,
        )
        try:
            report = session.commit()
        except duckdb.Error as err:
            raise read_error(err, path) from err
    for view in ("_graph_canonical", "_graph_raw", "_graph_nodes"):
        con.execute(f"DROP VIEW IF EXISTS {view}")
    for table in ("_graph_typed", "_graph_repeats"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    return report
