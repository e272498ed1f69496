"""Real public texts of the shared exports, read by their id: the text behind each row of the
real test sets (``tests/audit/data/disclosure_real.csv``, ``tests/comments/data/comments_real.csv``).

The sets hold ids and labels only; the texts stay in the exports of ``../shared/data`` (its
README and each folder's PROVENANCE.md say where they come from) and are read here, at run
time, by the tests and by the evaluation pages' section "On real texts"
(:mod:`nichescout.audit.evaluate_disclosure`, :mod:`nichescout.comments.evaluate`). How each
export is addressed is in ``tests/audit/data/README.md``: Reddit by fullname, Discourse by post
id, GitHub by ``N`` or ``N/ID``, Slack by ``channel/ts``, Discord by ``channel/message``, Stack
Exchange by ``p<Id>``/``c<Id>``, the Cresci bios by user id.

>>> shared_available(Path("/nonexistent/shared/data"))
False
>>> label_id({"source": "reddit/ethereum", "record_id": "t1_x"})
'reddit/ethereum:t1_x'
>>> ratio(0, 7), ratio(0, 0)
('0/7 = 0.00', '0/0 (undefined)')
>>> print(cell("a | b\\nc"))
a \\| b c
>>> sources([{"source": "reddit/ethereum"}, {"source": "accounts/twitter-cresci2015/users.csv"}])
'1 Reddit, 1 Twitter bio'
"""

from __future__ import annotations

import csv
import functools
import glob
import html
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

__all__ = [
    "DEFAULT_SHARED",
    "SKIPPED",
    "cell",
    "label_id",
    "load_real",
    "ratio",
    "shared_available",
    "shared_or_skip",
    "shared_text",
    "sources",
]

#: The shared exports, relative to the repository root (the checkout's sibling ``shared``).
DEFAULT_SHARED = Path("../shared/data")


def shared_available(root: str | Path | None) -> bool:
    """Whether ``root`` is a folder of shared exports (the real sets need it)."""
    return root is not None and Path(root).is_dir()


def shared_or_skip(root: str | Path) -> str | Path | None:
    """``root`` when it holds the shared exports; else None, saying on stderr that the
    page's section "On real texts" is skipped (the page generators' ``--shared``)."""
    if shared_available(root):
        return root
    print(f"{root} not found: section 'On real texts' skipped", file=sys.stderr)
    return None


def load_real(path: str | Path) -> list[dict[str, str]]:
    """A real set's rows (``source``, ``record_id``, the labels, ``why``)."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def label_id(row: dict[str, str]) -> str:
    """A row's id as the pages and the tests write it: ``source:record_id``."""
    return f"{row['source']}:{row['record_id']}"


#: What a page says in place of its section "On real texts" when the exports are absent.
SKIPPED = (
    "Skipped: the shared exports were not found (the generator's `--shared`, default "
    "`../shared/data`). The real set holds ids and labels only; its texts stay in the "
    "exports, so this section can only be computed beside them."
)


def ratio(hits: int, total: int) -> str:
    """``hits/total = 0.xx``, the counts behind a precision or a recall."""
    return f"{hits}/{total} = {hits / total:.2f}" if total else f"{hits}/{total} (undefined)"


def cell(text: str) -> str:
    """Text fit for one cell of a Markdown table (no line break, ``|`` escaped)."""
    return " ".join(text.replace("|", "\\|").split())


_PLATFORMS = {
    "reddit": "Reddit",
    "stackexchange": "Stack Exchange",
    "discord": "Discord",
    "discourse": "Discourse",
    "github": "GitHub",
    "slack": "Slack",
    "accounts": "Twitter bio",
}


def sources(rows: list[dict[str, str]]) -> str:
    """How many rows each platform gives, most first: ``27 Reddit, 10 Stack Exchange, …``."""
    counts: dict[str, int] = {}
    for row in rows:
        name = _PLATFORMS.get(row["source"].split("/")[0], row["source"])
        counts[name] = counts.get(name, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(
        f"{n} {name}{'s' if n != 1 and name == 'Twitter bio' else ''}" for name, n in ordered
    )


@functools.cache
def _reddit(root: Path) -> dict[str, str]:
    """Reddit fullname (``t1_…`` comment, ``t3_…`` submission) → text."""
    out: dict[str, str] = {}
    folder = root / "reddit" / "ethereum"
    for path in sorted(folder.glob("R[CS]_*.ndjson")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                if "body" in row:
                    out[row["name"]] = row["body"]
                else:
                    out[row["name"]] = f"{row.get('title') or ''}\n{row.get('selftext') or ''}"
    return out


def _discourse(root: Path, post_id: str) -> str:
    """The post's ``raw`` markdown; a post archived twice is read at its highest version."""
    pattern = str(root / "discourse" / "delving-bitcoin" / "posts" / "*" / f"{int(post_id):010d}-*")
    posts = [json.loads(Path(p).read_text(encoding="utf-8")) for p in glob.glob(pattern)]
    if not posts:
        raise KeyError(post_id)
    return str(max(posts, key=lambda p: p["version"])["raw"])


def _github(root: Path, record_id: str) -> str:
    """``N``: issue or pull request N's title and body; ``N/ID``: the comment, review or review
    comment with that id in it."""
    number, _, item = record_id.partition("/")
    folder = root / "github" / "secp256k1"
    path = next(
        p
        for p in (folder / "issues" / f"{number}.json", folder / "pulls" / f"{number}.json")
        if p.exists()
    )
    record = json.loads(path.read_text(encoding="utf-8"))
    if not item:
        top = record.get("issue") or record["pull"]
        return f"{top['title']}\n{top.get('body') or ''}"
    for entry in [*record["events"], *(record.get("comments") or [])]:
        if str(entry.get("id")) == item:
            return str(entry.get("body") or "")
    raise KeyError(record_id)


def _slack(root: Path, record_id: str) -> str:
    """``channel/ts``: the message with that timestamp in the channel's daily files."""
    channel, _, ts = record_id.partition("/")
    for path in sorted((root / "slack" / "10academy" / "anonymized" / channel).glob("*.json")):
        for message in json.loads(path.read_text(encoding="utf-8")):
            if message.get("ts") == ts:
                return str(message.get("text") or "")
    raise KeyError(record_id)


def _discord(root: Path, record_id: str) -> str:
    """``channel/message``: the message's content in the channel's export file."""
    channel, _, message_id = record_id.partition("/")
    for path in (root / "discord" / "meshcore").glob(f"*[[]{channel}[]].json"):
        for message in json.loads(path.read_text(encoding="utf-8"))["messages"]:
            if message["id"] == message_id:
                return str(message["content"])
    raise KeyError(record_id)


_BREAKS = re.compile(r"<br\s*/?>|</p>|</li>|</h\d>|</pre>|</blockquote>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")


def _html_text(body: str) -> str:
    """A Stack Exchange post body (HTML) as the plain text a reader sees."""
    return html.unescape(_TAGS.sub("", _BREAKS.sub("\n", body))).strip()


@functools.cache
def _stackexchange(root: Path, site: str) -> dict[str, str]:
    """``p<Id>`` → post title and body as text, ``c<Id>`` → comment text."""
    out: dict[str, str] = {}
    folder = root / "stackexchange" / site
    for _, row in ET.iterparse(folder / "Posts.xml"):
        if row.tag == "row":
            title = row.get("Title")
            body = _html_text(row.get("Body") or "")
            out["p" + (row.get("Id") or "")] = f"{title}\n{body}" if title else body
            row.clear()
    for _, row in ET.iterparse(folder / "Comments.xml"):
        if row.tag == "row":
            out["c" + (row.get("Id") or "")] = row.get("Text") or ""
            row.clear()
    return out


@functools.cache
def _cresci(root: Path, name: str) -> dict[str, str]:
    """Twitter user id → profile description."""
    path = root / "accounts" / "twitter-cresci2015" / name
    with path.open(encoding="utf-8", errors="replace", newline="") as rows:
        return {row["id"]: row.get("description") or "" for row in csv.DictReader(rows)}


def shared_text(root: Path, source: str, record_id: str) -> str:
    """The text of one record of the shared exports: ``source`` is the export's folder under
    ``root`` (a Cresci file for the Twitter bios), ``record_id`` its id there (the README of
    tests/audit/data says how each export is addressed)."""
    root = Path(root)
    if source == "reddit/ethereum":
        return _reddit(root)[record_id]
    if source == "discourse/delving-bitcoin":
        return _discourse(root, record_id)
    if source == "github/secp256k1":
        return _github(root, record_id)
    if source == "slack/10academy":
        return _slack(root, record_id)
    if source == "discord/meshcore":
        return _discord(root, record_id)
    if source.startswith("stackexchange/"):
        return _stackexchange(root, source.split("/", 1)[1])[record_id]
    if source.startswith("accounts/twitter-cresci2015/"):
        return _cresci(root, source.rsplit("/", 1)[1])[record_id]
    raise ValueError(f"unknown source {source!r}")
