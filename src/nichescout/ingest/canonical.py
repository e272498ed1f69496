"""Canonical-file importer: the canonical tables themselves, as CSV, JSON Lines or Parquet.

``path`` is a folder holding any of ``members``, ``content`` and ``interactions`` (one file
each, ``.csv``, ``.tsv``, ``.jsonl``/``.ndjson`` — optionally gzipped — or ``.parquet``), or
one such file whose name says its table (``members.csv``, ``bench_interactions.parquet``).
Columns are named exactly as in :mod:`nichescout.store.schema` (``docs/canonical.md`` lists
them field by field); the mapping is the identity, with these rules:

=====================  =======================================================================
column                 rule
=====================  =======================================================================
``platform``           may be left out (or empty) when ``platform=`` is given
``interaction_id``     may be left out: derived from the event's fields and its occurrence
                       number among identical events (:func:`derived_id_sql`), so re-importing
                       the same file adds nothing and repeated identical events are all kept
``created_at`` …       ISO 8601 text (``2024-03-01T12:00:00``, a ``Z`` or ``+02:00`` offset is
                       converted to UTC) or a Parquet timestamp
``followers`` …        integers (``12`` or ``12.0``; ``12.5`` is an error)
``is_bot`` …           ``true``/``false`` (also ``t``/``f``, ``1``/``0``, ``yes``/``no``)
``attributes``         a JSON object (as text in CSV)
``tags``               a JSON array of strings, ``["python","graphs"]`` (as text in CSV)
=====================  =======================================================================

An unknown column, a missing required column, a value that is not of its column's type, a
CSV line with the wrong number of fields, or an empty file (no header, no JSON object) raises
:class:`~nichescout.exceptions.InputError` naming the file and the line (CSV: the header is
line 1), and the store is left unchanged; a CSV file with only its header, or a Parquet file
with no rows, adds nothing. Files are read by DuckDB, never held in memory: Parquet where it
lies, a text file after one parallel pass that converts it to a temporary Parquet file
(``docs/benchmarks-ingest.md`` has the speeds).

Member references are strict: an ``author_id``, ``actor_id`` or ``target_id`` naming a member
found neither in the files nor in the store is an error naming the row. With
``allow_unknown_members=True`` (``--allow-unknown-members``) each such member is added as a
placeholder instead (``{"placeholder": true}`` in attributes, not a bot), and the report
counts them.

>>> import tempfile, pathlib
>>> from nichescout.store import Store
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "members.csv").write_text("member_id,handle\\nann,@ann\\nbob,@bob\\n")
>>> _ = (folder / "interactions.csv").write_text(
...     "actor_id,kind,target_id,created_at\\nbob,mention,ann,2024-03-01T12:00:00\\n")
>>> store = Store(":memory:")
>>> import_canonical(store, folder, platform="toy").added
{'members': 2, 'content': 0, 'interactions': 1}
>>> store.con.execute("SELECT interaction_id FROM interactions").fetchone()[0]
'bob mention ann @2024-03-01T12:00:00 #1'
>>> import_canonical(store, folder, platform="toy").added
{'members': 0, 'content': 0, 'interactions': 0}
"""

from __future__ import annotations

import csv
import gzip
import re
import tempfile
from pathlib import Path

import duckdb

from nichescout.exceptions import InputError, ReferenceError_
from nichescout.ingest.base import NullProgress, Progress
from nichescout.ingest.paths import inside
from nichescout.store import ImportReport, ImportSession, Store
from nichescout.store.schema import TABLES, Column

__all__ = [
    "derived_id_sql",
    "import_canonical",
    "read_error",
    "sql_ident",
    "sql_literal",
    "table_files",
    "typed_sql",
]

#: file suffix → reader; ``.gz`` may follow the text formats.
FORMATS = {
    ".parquet": "parquet",
    ".csv": "csv",
    ".tsv": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
_TABLE_ORDER = ("members", "content", "interactions")
_OFFSET = r"(Z|[+-]\d\d:?\d\d)$"
_CSV_LINE = re.compile(r"CSV Error on Line: (\d+)")
_JSON_LINE = re.compile(r"in (?:line|record/value) (\d+)")


def sql_literal(text: str) -> str:
    """``text`` as a SQL string literal.

    >>> sql_literal("O'Brien.csv")
    "'O''Brien.csv'"
    """
    return "'" + text.replace("'", "''") + "'"


def sql_ident(name: str) -> str:
    """``name`` as a quoted SQL identifier.

    >>> print(sql_ident('a"b'))
    "a""b"
    """
    return '"' + name.replace('"', '""') + '"'


def read_error(err: duckdb.Error, file: str | Path) -> InputError:
    """A DuckDB reader error as an :class:`InputError` naming the file and line when it can.

    >>> read_error(duckdb.InvalidInputException(
    ...     "CSV Error on Line: 3\\nOriginal Line: 3,4,5\\nExpected Number of Columns: 2 "
    ...     "Found: 3\\nPossible fixes: ..."), "e.csv")
    InputError("e.csv, row 3: expected 2 fields, found 3: '3,4,5'. Every line needs the same fields as the first; quote values that hold the delimiter.")
    """
    text = str(err)
    line = _CSV_LINE.search(text)
    if line:
        original = re.search(r"Original Line: (.*)", text)
        count = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
        shown = repr(original.group(1).rstrip("\r")) if original else "this line"
        if count:
            problem = (
                f"expected {count.group(1)} fields, found {count.group(2)}: {shown}. "
                "Every line needs the same fields as the first; quote values that hold "
                "the delimiter."
            )
        else:
            problem = f"cannot be read: {shown} ({text.splitlines()[0]})."
        return InputError(file, int(line.group(1)), problem)
    line = _JSON_LINE.search(text)
    if line and "JSON" in text:
        # DuckDB 2.0 counts the line after the one that broke: the object starts a line
        # earlier (checked in tests/ingest/test_canonical.py).
        detail = text.splitlines()[0].rsplit(": ", 1)[-1].strip().rstrip(".")
        return InputError(
            file,
            max(1, int(line.group(1)) - 1),
            f"is not valid JSON ({detail}); every line must hold one JSON object.",
        )
    if "GZIP" in text.upper():
        return InputError(
            file,
            None,
            "is cut short or not gzip-compressed "
            f"({text.splitlines()[0]}); compress it again or unpack it.",
        )
    return InputError(file, None, f"cannot be read: {text.splitlines()[0]}")


def typed_sql(column: Column, raw: str, source_type: str = "VARCHAR") -> str:
    """SQL turning the source expression ``raw`` (of DuckDB type ``source_type``) into the
    column's canonical type; NULL where the value does not convert (the caller reports it).

    >>> typed_sql(Column("followers", "BIGINT", ""), "x")
    'CASE WHEN TRY_CAST(x AS DOUBLE) = TRY_CAST(x AS BIGINT) THEN TRY_CAST(x AS BIGINT) END'
    >>> typed_sql(Column("created_at", "TIMESTAMP", ""), "t", "TIMESTAMP WITH TIME ZONE")
    "(t AT TIME ZONE 'UTC')"
    """
    target = column.sql
    source = source_type.upper()
    if source == target or (target == "JSON" and source == "JSON"):
        return raw
    if target == "VARCHAR":
        return f"CAST({raw} AS VARCHAR)"
    if target == "TIMESTAMP" and source == "TIMESTAMP WITH TIME ZONE":
        return f"({raw} AT TIME ZONE 'UTC')"
    if target == "TIMESTAMP" and (source.startswith("TIMESTAMP") or source == "DATE"):
        return f"CAST({raw} AS TIMESTAMP)"
    numeric = source in {
        "TINYINT",
        "SMALLINT",
        "INTEGER",
        "BIGINT",
        "UTINYINT",
        "USMALLINT",
        "UINTEGER",
        "UBIGINT",
        "HUGEINT",
    }
    if target in ("BIGINT", "DOUBLE") and numeric:
        return f"TRY_CAST({raw} AS {target})"
    if target == "DOUBLE" and (source in ("FLOAT", "DOUBLE") or source.startswith("DECIMAL")):
        return f"CAST({raw} AS DOUBLE)"
    if target == "VARCHAR[]" and source.endswith("[]"):
        return f"TRY_CAST({raw} AS VARCHAR[])"
    if target == "JSON" and (source.startswith("STRUCT") or source.startswith("MAP")):
        return f"CAST(to_json({raw}) AS JSON)"
    text = raw if source == "VARCHAR" else f"CAST({raw} AS VARCHAR)"
    if target == "TIMESTAMP":
        return (
            f"CASE WHEN regexp_matches({text}, '{_OFFSET}') "
            f"THEN TRY_CAST({text} AS TIMESTAMPTZ) AT TIME ZONE 'UTC' "
            f"ELSE TRY_CAST({text} AS TIMESTAMP) END"
        )
    if target == "BIGINT":
        return (
            f"CASE WHEN TRY_CAST({text} AS DOUBLE) = TRY_CAST({text} AS BIGINT) "
            f"THEN TRY_CAST({text} AS BIGINT) END"
        )
    if target == "JSON":
        return (
            f"CASE WHEN json_valid({text}) AND json_type({text}) = 'OBJECT' "
            f"THEN CAST({text} AS JSON) END"
        )
    return f"TRY_CAST({text} AS {target})"


_EXPECTED = {
    "TIMESTAMP": "an ISO 8601 date and time (like 2024-03-01T12:00:00, UTC)",
    "BIGINT": "an integer",
    "DOUBLE": "a number",
    "BOOLEAN": "true or false",
    "JSON": 'a JSON object (like {"views": 12})',
    "VARCHAR[]": 'a JSON array of strings (like ["python","graphs"])',
}


def derived_id_sql(con: duckdb.DuckDBPyConnection, relation: str, name: str) -> str:
    """A SELECT over ``relation`` (canonical interaction columns, no ``interaction_id``) that
    adds ``interaction_id`` derived from the event's fields.

    The id reads ``<actor> <kind> <target>[ on <content>][ @<created_at>][ =<value>] #<n>``:
    the value is shown when it is not 1, and ``n`` numbers identical events in file order
    (``_file``, ``_row``), so the same file always yields the same ids and repeated identical
    events are all kept. Only events whose fields repeat are numbered by a window; ``name``
    names the temporary table of their hashes.

    >>> con = duckdb.connect()
    >>> _ = con.execute("CREATE TABLE e AS SELECT * FROM (VALUES ('p', 'a', 'follow', 'b', "
    ...     "NULL, NULL::TIMESTAMP, 1.0, 'f', 1), ('p', 'a', 'follow', 'b', NULL, NULL, 1.0, "
    ...     "'f', 2)) t(platform, actor_id, kind, target_id, content_id, created_at, value, "
    ...     "_file, _row)")
    >>> con.execute(f"SELECT interaction_id FROM ({derived_id_sql(con, 'e', '_d')}) "
    ...             "ORDER BY 1").fetchall()
    [('a follow b #1',), ('a follow b #2',)]
    """
    when = "replace(strftime(created_at, '%Y-%m-%dT%H:%M:%S.%f'), '.000000', '')"
    base = (
        "concat(coalesce(actor_id, ''), ' ', kind, ' ', coalesce(target_id, ''), "
        "coalesce(' on ' || content_id, ''), coalesce(' @' || " + when + ", ''), "
        "CASE WHEN value IS NOT NULL AND value <> 1 THEN ' =' || CAST(value AS VARCHAR) "
        "ELSE '' END)"
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {name} AS
            SELECT hash(platform, {base}) AS h FROM {relation} GROUP BY 1 HAVING count(*) > 1"""
    )
    row = con.execute(f"SELECT count(*) FROM {name}").fetchone()
    single = f"SELECT *, {base} || ' #1' AS interaction_id FROM {relation}"
    if not row or not row[0]:
        return single
    return (
        f"{single} WHERE hash(platform, {base}) NOT IN (SELECT h FROM {name}) "
        f"UNION ALL SELECT *, {base} || ' #' || CAST(row_number() OVER ("
        f"PARTITION BY platform, {base} ORDER BY _file, _row) AS VARCHAR) AS interaction_id "
        f"FROM {relation} WHERE hash(platform, {base}) IN (SELECT h FROM {name})"
    )


def _split(path: Path) -> tuple[str, str] | None:
    """(reader, stem) of a canonical file name, or None when the suffix is not one we read."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz" and len(suffixes) >= 2 and suffixes[-2] != ".parquet":
        suffixes = suffixes[:-1]
        stem = path.name[: -len("".join(path.suffixes[-2:]))]
    else:
        stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    if not suffixes or suffixes[-1] not in FORMATS:
        return None
    return FORMATS[suffixes[-1]], stem


def table_files(path: str | Path) -> dict[str, tuple[Path, str]]:
    """table → (file, reader) for a canonical folder or a single canonical file.

    >>> table_files("export/bench_interactions.parquet")
    {'interactions': (PosixPath('export/bench_interactions.parquet'), 'parquet')}
    """
    path = Path(path)
    names = ", ".join(f"{t}.csv|.jsonl|.parquet" for t in _TABLE_ORDER)
    if path.is_dir():
        found: dict[str, tuple[Path, str]] = {}
        for file in sorted(path.iterdir()):
            split = _split(file)
            if split is None or split[1].lower() not in TABLES:
                continue
            table = split[1].lower()
            if table in found:
                raise InputError(
                    path,
                    None,
                    f"holds two files for {table}: "
                    f"{found[table][0].name} and {file.name}; keep one.",
                )
            found[table] = (inside(path, [file])[0], split[0])
        if not found:
            raise InputError(path, None, f"holds no canonical table file; name them {names}.")
        return {t: found[t] for t in _TABLE_ORDER if t in found}
    split = _split(path)
    if split is None:
        raise InputError(
            path,
            None,
            f"is not a canonical file; use {', '.join(FORMATS)} (text formats may be gzipped).",
        )
    words = set(re.split(r"[^a-z]+", split[1].lower()))
    tables = [t for t in _TABLE_ORDER if t in words]
    if len(tables) != 1:
        raise InputError(path, None, f"the file name must say which table it holds: {names}.")
    return {tables[0]: (path, split[0])}


def _csv_header(file: Path, delimiter: str) -> list[str]:
    opener = gzip.open if file.suffix.lower() == ".gz" else open
    try:
        with opener(file, "rt", encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle, delimiter=delimiter), None)
    except (OSError, UnicodeDecodeError, EOFError) as err:
        raise InputError(file, None, f"cannot be read as UTF-8 text: {err}.") from err
    except csv.Error as err:
        raise InputError(file, "line 1", f"the header line is not CSV: {err}.") from err
    if not header:
        raise InputError(
            file,
            None,
            "is empty; a canonical CSV file starts with a header line naming its columns.",
        )
    return [name.strip() for name in header]


def _source(
    con: duckdb.DuckDBPyConnection, file: Path, reader: str
) -> tuple[str, dict[str, str], int]:
    """(FROM clause, source column → DuckDB type, line of the first row) of one file."""
    literal = sql_literal(str(file))
    if reader == "parquet":
        relation = f"read_parquet({literal}, file_row_number = true)"
        try:
            described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({literal})").fetchall()
        except duckdb.Error as err:
            raise InputError(file, None, f"is not a readable Parquet file: {err}") from err
        return relation, {r[0]: r[1] for r in described}, 1
    if reader in ("csv", "tsv"):
        delimiter = "," if reader == "csv" else "\t"
        names = _csv_header(file, delimiter)
        if len(set(names)) != len(names):
            twice = sorted({n for n in names if names.count(n) > 1})[0]
            raise InputError(file, 1, f"names the column {twice!r} twice.")
        columns = ", ".join(f"{sql_literal(n)}: 'VARCHAR'" for n in names)
        relation = (
            f"read_csv({literal}, auto_detect = false, header = true, "
            f"delim = {sql_literal(delimiter)}, quote = '\"', escape = '\"', "
            f"columns = {{{columns}}})"
        )
        return relation, dict.fromkeys(names, "VARCHAR"), 2
    try:
        keys = con.execute(
            f"SELECT DISTINCT unnest(json_keys(json)) FROM read_json_objects({literal}, "
            "format = 'newline_delimited')"
        ).fetchall()
    except duckdb.Error as err:
        raise read_error(err, file) from err
    names = sorted(r[0] for r in keys)
    if not names:
        raise InputError(file, None, "is empty; a JSON Lines file holds one JSON object a line.")
    columns = ", ".join(f"{sql_literal(n)}: 'VARCHAR'" for n in names)
    relation = f"read_json({literal}, format = 'newline_delimited', columns = {{{columns}}})"
    return relation, dict.fromkeys(names, "VARCHAR"), 1


def _check_columns(
    file: Path, table: str, have: dict[str, str], platform: str | None, header_row: int | None
) -> None:
    known = [c.name for c in TABLES[table]]
    for name in have:
        if name not in known:
            raise InputError(
                file,
                header_row,
                f"{table} has no column {name!r}; its columns "
                f"are {', '.join(known)} (see docs/canonical.md).",
            )
    optional = {"interaction_id"} | ({"platform"} if platform else set())
    for column in TABLES[table]:
        if column.required and column.name not in have and column.name not in optional:
            hint = " or pass platform=" if column.name == "platform" else ""
            raise InputError(
                file, header_row, f"the required column {column.name!r} is missing; add it{hint}."
            )


def _stage_table(
    session: ImportSession,
    table: str,
    file: Path,
    reader: str,
    platform: str | None,
    scratch: Path,
) -> int:
    """Check one file's columns and values, then hand it to the session, deferred (the
    commit's passes read it, no copy is held in memory). Returns the number of rows.

    Parquet is read where it lies. A text file (CSV, JSON Lines) is parsed once, in parallel:
    its rows, converted to their types and flagged where a value does not convert, go to a
    Parquet file in ``scratch`` that the commit's passes then read. Parsing text is the slow
    part, and DuckDB inserting straight from text buffers rows in memory as the file grows;
    the Parquet copy avoids both, and its row numbers are the text's (the copy keeps the
    order). The first bad value is named by one more pass, only when there is one.
    """
    con = session.con
    relation, have, first = _source(con, file, reader)
    header_row = 1 if reader in ("csv", "tsv") else None
    _check_columns(file, table, have, platform, header_row)
    typed = []
    failures = []
    for column in TABLES[table]:
        if column.name not in have:
            if column.name == "platform":
                typed.append(f"{sql_literal(platform or '')} AS platform")
            elif column.name != "interaction_id":
                typed.append(f"CAST(NULL AS {column.sql}) AS {column.name}")
            continue
        raw = sql_ident(column.name)
        expr = typed_sql(column, raw, have[column.name])
        if column.name == "platform" and platform:
            expr = f"coalesce(NULLIF({expr}, ''), {sql_literal(platform)})"
        typed.append(f"{expr} AS {column.name}")
        if expr != raw and column.sql != "VARCHAR":
            failures.append((column, raw, f"{raw} IS NOT NULL AND ({expr}) IS NULL"))
    flags = " + ".join(
        f"CASE WHEN {test} THEN {2**i} ELSE 0 END" for i, (_, _, test) in enumerate(failures)
    )
    names = [t.rsplit(" AS ", 1)[1] for t in typed]
    try:
        if reader == "parquet":
            source, columns, bad = relation, ", ".join(typed), flags or "0"
        else:
            copy = scratch / f"{table}.parquet"
            con.execute(
                f"COPY (SELECT {', '.join(typed)}, {flags or '0'} AS _bad FROM {relation}) "
                f"TO {sql_literal(str(copy))} (FORMAT parquet)"
            )
            source = f"read_parquet({sql_literal(str(copy))}, file_row_number = true)"
            columns, bad = ", ".join(names), "_bad"
        counts = con.execute(
            f"SELECT count(*), arg_min({bad}, file_row_number) FILTER (WHERE {bad} <> 0), "
            f"min(file_row_number) FILTER (WHERE {bad} <> 0) FROM {source}"
        ).fetchone()
        assert counts is not None
        if counts[1]:
            mask, line = int(counts[1]), int(counts[2]) + first
            column, raw, _ = failures[(mask & -mask).bit_length() - 1]
            number = "file_row_number + 1" if reader == "parquet" else "row_number() OVER ()"
            value = con.execute(
                f"SELECT {raw} FROM (SELECT *, {number} + {first - 1} AS _row FROM {relation}) "
                "WHERE _row = ?",
                [line],
            ).fetchone()
            shown = value[0] if value else None
            raise InputError(
                file, line, f"{column.name} is not {_EXPECTED[column.sql]}: {shown!r}."
            )
    except duckdb.Error as err:
        raise read_error(err, file) from err
    if not counts[0]:  # a header or a schema with no rows: nothing to add
        return 0
    select = (
        f"SELECT {columns}, {sql_literal(str(file))} AS _file, "
        f"CAST(file_row_number + {first} AS BIGINT) AS _row FROM {source}"
    )
    if table == "interactions" and "interaction_id" not in have:
        con.execute(f"CREATE OR REPLACE TEMP VIEW _canonical_typed AS {select}")
        select = derived_id_sql(con, "_canonical_typed", "_canonical_repeats")
    session.append_relation_sql(table, select, defer=True)
    return int(counts[0])


def import_canonical(
    store: Store,
    path: str | Path,
    *,
    platform: str | None = None,
    progress: Progress | None = None,
    allow_unknown_members: bool = False,
) -> ImportReport:
    """Import canonical tables from a folder (or one file) of CSV, JSON Lines or Parquet.

    ``platform`` fills the platform of rows that have none (the column may then be left
    out). ``allow_unknown_members`` adds a placeholder member for each member id the rows
    refer to that neither the files nor the store describe, instead of raising
    :class:`~nichescout.exceptions.ReferenceError_`. Returns the
    :class:`~nichescout.store.ImportReport`; nothing is changed on error.
    """
    progress = progress or NullProgress()
    files = table_files(path)
    progress.start(  # bytes, as the CLI's bar expects
        f"canonical: {Path(path).name}", sum(f.stat().st_size for f, _ in files.values())
    )
    with (
        tempfile.TemporaryDirectory(prefix="nichescout-canonical-") as scratch,
        ImportSession(
            store,
            "canonical",
            path,
            platform=platform,
            unknown_members="placeholder" if allow_unknown_members else "error",
        ) as session,
    ):
        for table, (file, reader) in files.items():
            _stage_table(session, table, file, reader, platform, Path(scratch))
            progress.advance(file.stat().st_size)
        try:
            report = session.commit()
        except duckdb.Error as err:
            raise read_error(err, Path(path)) from err
        except ReferenceError_ as err:
            raise ReferenceError_(
                err.source,
                err.row,
                err.problem.removesuffix(".")
                + ", or pass --allow-unknown-members (allow_unknown_members=True) to add "
                "them as placeholder members.",
            ) from err
    store.con.execute("DROP VIEW IF EXISTS _canonical_typed")
    store.con.execute("DROP TABLE IF EXISTS _canonical_repeats")
    return report
