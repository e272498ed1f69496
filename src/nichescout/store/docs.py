"""Write ``docs/canonical.md`` from :mod:`nichescout.store.schema`, so the page cannot drift.

Run ``python -m nichescout.store.docs`` after changing the schema (``--check`` only tells
whether the page is up to date). The worked examples are :data:`EXAMPLE` — one toy
community, 3 members, 2 content items, 4 interactions — shown as CSV, JSON Lines and
Parquet; the tests import them.

>>> page = render()
>>> page.startswith("# The canonical tables")
True
>>> "| `interaction_id` | VARCHAR | yes |" in page
True
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from nichescout.audit.form import form_markdown
from nichescout.audit.postsform import form_markdown as posts_form_markdown
from nichescout.ingest.creators_form import form_markdown as creators_form_markdown
from nichescout.kinds import ACTIVITY_STREAMS, ContentKind, InteractionKind
from nichescout.settings import SETTINGS
from nichescout.store.schema import TABLES

__all__ = ["DEFAULT_PATH", "EXAMPLE", "example_csv", "example_jsonl", "main", "render"]

#: Where the page lives in the repository.
DEFAULT_PATH = Path(__file__).resolve().parents[3] / "docs" / "canonical.md"

#: The worked example: table → rows (canonical column → value, as text or JSON value).
EXAMPLE: dict[str, list[dict[str, object]]] = {
    "members": [
        {
            "platform": "forum:toy",
            "member_id": "u1",
            "handle": "ada",
            "display_name": "Ada",
            "joined_at": "2024-01-05T09:00:00",
            "followers": 120,
            "is_bot": False,
            "attributes": {"reputation": 310},
        },
        {
            "platform": "forum:toy",
            "member_id": "u2",
            "handle": "bo",
            "display_name": "Bo",
            "joined_at": "2024-02-11T17:30:00Z",
            "followers": 8,
            "is_bot": False,
        },
        {"platform": "forum:toy", "member_id": "bot", "handle": "helper-bot", "is_bot": True},
    ],
    "content": [
        {
            "platform": "forum:toy",
            "content_id": "q1",
            "author_id": "u2",
            "kind": "question",
            "thread_id": "q1",
            "created_at": "2024-03-01T10:00:00",
            "title": "How to start?",
            "text": "Where do I begin with graphs?",
            "score": 3,
            "tags": ["graphs", "newbie"],
        },
        {
            "platform": "forum:toy",
            "content_id": "a1",
            "author_id": "u1",
            "kind": "answer",
            "parent_id": "q1",
            "thread_id": "q1",
            "created_at": "2024-03-01T10:20:00",
            "text": "Start with degree, then PageRank.",
            "score": 5,
            "accepted": True,
        },
    ],
    "interactions": [
        {
            "platform": "forum:toy",
            "interaction_id": "r1",
            "actor_id": "u1",
            "kind": "reply",
            "target_id": "u2",
            "content_id": "a1",
            "created_at": "2024-03-01T10:20:00",
        },
        {
            "platform": "forum:toy",
            "interaction_id": "v1",
            "kind": "vote_up",
            "target_id": "u1",
            "content_id": "a1",
            "created_at": "2024-03-01T11:00:00",
        },
        {
            "platform": "forum:toy",
            "interaction_id": "acc1",
            "actor_id": "u2",
            "kind": "accept",
            "target_id": "u1",
            "content_id": "a1",
            "created_at": "2024-03-01T12:00:00",
        },
        {
            "platform": "forum:toy",
            "interaction_id": "f1",
            "actor_id": "u2",
            "kind": "follow",
            "target_id": "u1",
            "value": 1.0,
        },
    ],
}


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        text = json.dumps(value, separators=(",", ":"))
        return '"' + text.replace('"', '""') + '"'
    text = str(value)
    return f'"{text}"' if any(c in text for c in ',"\n') else text


def example_csv(table: str) -> str:
    """The example rows of ``table`` as CSV (the columns the rows use, in canonical order).

    >>> print(example_csv("interactions").splitlines()[1])
    forum:toy,r1,u1,reply,u2,a1,2024-03-01T10:20:00,
    """
    rows = EXAMPLE[table]
    names = [c.name for c in TABLES[table] if any(c.name in r for r in rows)]
    lines = [",".join(names)]
    lines += [",".join(_csv_value(r.get(n)) for n in names) for r in rows]
    return "\n".join(lines) + "\n"


def example_jsonl(table: str) -> str:
    """The example rows of ``table`` as JSON Lines (absent fields left out)."""
    return "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in EXAMPLE[table])


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def _table_section(table: str) -> list[str]:
    out = [f"## `{table}`", "", "| column | type | required | meaning |", "|---|---|---|---|"]
    for column in TABLES[table]:
        meaning = column.doc
        if column.ref == "member":
            meaning += " Refers to `members.member_id` of the same platform."
        if column.nonnegative:
            meaning += " A finite number >= 0 (an import refuses NaN, infinity or a negative)."
        if column.sql == "TIMESTAMP":
            meaning += (
                f" Between {SETTINGS['import_earliest_date'].default} and tomorrow (settings "
                "`import_earliest_date`, `import_future_days`); an import refuses other dates."
            )
        out.append(
            f"| `{column.name}` | {column.sql} | {'yes' if column.required else ''} "
            f"| {_escape(meaning)} |"
        )
    return [*out, ""]


def render() -> str:
    """The Markdown of ``docs/canonical.md``."""
    out = [
        "# The canonical tables",
        "",
        "<!-- Generated by `python -m nichescout.store.docs` from "
        "src/nichescout/store/schema.py; do not edit by hand. -->",
        "",
        "Every importer writes these three tables, and every signal reads them. Identity is "
        "`(platform, <table>_id)`: re-importing the same export adds nothing. Times are UTC. "
        "Members are referred to by their `member_id` on the same platform; a reference to a "
        "member found neither in the import nor in the store is an error.",
        "",
        "You can write the tables yourself, from any source, and import them with "
        "`nichescout ingest canonical FOLDER --db FILE` (or "
        "`nichescout.ingest.canonical.import_canonical(store, FOLDER, platform=...)`).",
        "",
    ]
    for table in TABLES:
        out += _table_section(table)
    out += [
        "## Kinds",
        "",
        "`interactions.kind` is one of:",
        "",
        "| kind | Activity Streams 2.0 |",
        "|---|---|",
    ]
    out += [f"| `{k.value}` | {ACTIVITY_STREAMS.get(k, '')} |" for k in InteractionKind]
    out += [
        "",
        "`content.kind` is one of: " + ", ".join(f"`{k.value}`" for k in ContentKind) + ".",
        "",
    ]
    out += [
        "## Files",
        "",
        "A folder holding `members`, `content` and `interactions` files (any subset; one file "
        "per table), or a single file whose name says its table (`members.csv`, "
        "`2024_interactions.parquet`). Formats, by suffix:",
        "",
        "| suffix | format |",
        "|---|---|",
        '| `.csv` (`.csv.gz`) | comma-separated, header line naming the columns, `"` quotes; '
        "an empty field is NULL |",
        "| `.tsv` (`.tsv.gz`) | the same, tab-separated |",
        "| `.jsonl`, `.ndjson` (`.gz`) | one JSON object per line; absent keys are NULL |",
        "| `.parquet` | Parquet, columns of the types above (or text, converted as below) |",
        "",
        "Rules:",
        "",
        "- Columns are named exactly as above; an unknown column is an error naming it. "
        "Columns may be left out (NULL) except the required ones.",
        "- `platform` may be left out (or left empty) when the import is given a platform.",
        "- `interaction_id` may be left out: it is then derived from the event's fields, "
        "`<actor> <kind> <target>[ on <content>][ @<created_at>][ =<value>] #<n>`, `n` "
        "numbering identical events in file order — so the same file always gives the same "
        "ids and repeated identical events are all kept.",
        "- TIMESTAMP: ISO 8601 text, `2024-03-01T10:20:00` (UTC), or with an offset "
        "(`Z`, `+02:00`), converted to UTC. BIGINT: an integer (`12`, `12.0`). BOOLEAN: "
        "`true`/`false` (`t`/`f`, `1`/`0`, `yes`/`no`). JSON: a JSON object. VARCHAR[]: a "
        "JSON array of strings. In CSV the last two are JSON text in a quoted field.",
        "- A value that does not convert, a CSV line with the wrong number of fields, or an "
        "empty file is an error naming the file and the line (in CSV the header is line 1; "
        "in JSON Lines and Parquet the row counts from 1); nothing is imported. A CSV file with "
        "only its header, or a Parquet file with no rows, adds nothing.",
        "",
        "## Worked example",
        "",
        f"A toy forum: {len(EXAMPLE['members'])} members, {len(EXAMPLE['content'])} content "
        f"items, {len(EXAMPLE['interactions'])} interactions (a reply, an anonymous up-vote, "
        "an accept and a follow).",
        "",
        "### CSV",
        "",
    ]
    for table in TABLES:
        out += [f"`{table}.csv`:", "", "```csv", example_csv(table).rstrip("\n"), "```", ""]
    out += ["### JSON Lines", ""]
    for table in TABLES:
        out += [f"`{table}.jsonl`:", "", "```json", example_jsonl(table).rstrip("\n"), "```", ""]
    out += [
        "### Parquet",
        "",
        "Parquet files carry their types; write them with any tool. From the CSV files above, "
        "with DuckDB:",
        "",
        "```python",
        "import duckdb",
        "",
        "for table in ('members', 'content', 'interactions'):",
        "    duckdb.sql(f\"COPY (SELECT * FROM read_csv('{table}.csv')) TO '{table}.parquet'\")",
        "```",
        "",
        "### Importing",
        "",
        "```console",
        "$ nichescout ingest canonical toy/ --db toy.duckdb",
        "```",
        "",
        "```python",
        "from nichescout.store import Store",
        "from nichescout.ingest.canonical import import_canonical",
        "",
        "report = import_canonical(Store('toy.duckdb'), 'toy/')",
        "report.added  # {'members': 3, 'content': 2, 'interactions': 4}",
        "```",
        "",
    ]
    out += form_markdown()  # accounts to audit: a form of their own, beside the tables
    out += posts_form_markdown()  # posts to audit for disclosure, likewise
    out += creators_form_markdown()  # creators, posts, comments: imported onto the tables
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Write the page (or, with ``--check``, exit 1 when it is out of date)."""
    parser = argparse.ArgumentParser(
        prog="python -m nichescout.store.docs",
        description=__doc__.splitlines()[0] if __doc__ else None,
    )
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--check", action="store_true", help="only check the page is current")
    args = parser.parse_args(argv)
    page = render()
    if args.check:
        current = args.path.read_text(encoding="utf-8") if args.path.exists() else ""
        if current != page:
            print(
                f"{args.path} is out of date: run python -m nichescout.store.docs", file=sys.stderr
            )
            return 1
        return 0
    args.path.parent.mkdir(parents=True, exist_ok=True)
    args.path.write_text(page, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
