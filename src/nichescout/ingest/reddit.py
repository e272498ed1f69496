"""Reddit importer: Pushshift-style NDJSON dumps of submissions and comments.

PATH is one file or a folder of them: ``RS_*`` (submissions) and ``RC_*`` (comments) files
as the public Reddit dumps name them (also ``<subreddit>_submissions`` /
``<subreddit>_comments``), one JSON object per line, plain or compressed with Zstandard
(``.zst``, read as a stream). Other files in a folder are counted and left unread.
Submissions are read before comments; each record is a submission or a comment by its
``name`` prefix (``t3_`` / ``t1_``), else by having a ``parent_id`` or ``body``. The mapping:

=================  ============================================================================
source             canonical rows
=================  ============================================================================
``author``         ``members``: member_id = handle = the account name (dumps carry no display
                   name); is_bot for ``AutoModerator``, names ending in "bot" (RemindMeBot,
                   haikusbot) and the names given as ``bots``; attributes: distinguished (how
                   many of their items were distinguished, by kind: ``{"moderator": 12}``),
                   stickied (how many items were stickied), fullname (``author_fullname``),
                   flair (``author_flair_text``) when the dump has them. ``[deleted]`` (or no
                   author) is one placeholder member per platform, ``[deleted]``, with
                   attributes ``{"deleted": true}``, not a bot: rankings leave it out
submission         ``content`` kind ``post``: content_id = ``name`` (``t3_<id>``), thread_id =
                   itself, title, text = ``selftext`` (HTML entities decoded; ``[deleted]`` /
                   ``[removed]`` give NULL), score = ``score`` (net votes as scraped),
                   comments = ``num_comments``, channel = ``subreddit``, tags = the link
                   flair, lower case
comment            ``content`` kind ``comment``: content_id = ``t1_<id>``, parent_id =
                   ``parent_id`` (a comment ``t1_`` or the submission ``t3_``), thread_id =
                   ``link_id``, text = ``body``, score, channel
reply              ``reply`` commenter → the parent's author (found in this import, else in
                   the store), id ``reply:<t1_id>``; skipped and counted when the parent is in
                   neither
``u/name``         one ``mention`` per distinct name (3 to 20 of A-Z a-z 0-9 _ -; not
                   inside a link address, nor the text of a link to another site) in a body
                   or selftext, to the author of that name (of this import or of the
                   platform in the store), case-insensitive, id ``mention:<content
                   id>:<name>``; a name that wrote nothing is still a Reddit user: a
                   placeholder member, member_id = handle = the name as first written,
                   attributes ``{"placeholder": true}``, not a bot (whatever its name)
=================  ============================================================================

Dumps have no per-user votes (only net scores), no awards or flair in this one, and no
account creation dates. The platform is ``reddit:<subreddit>`` from the records; records of
several subreddits need ``platform=`` (``--platform``), which files them together with the
subreddit kept as the channel. Self-interactions are kept, as in the other importers.

>>> import json, tempfile
>>> from nichescout.store import Store
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "RS_2026-03.ndjson").write_text(json.dumps({"id": "s1", "author": "ann",
...     "created_utc": 1772344891, "title": "Daily", "subreddit": "ethereum", "score": 5}))
>>> _ = (folder / "RC_2026-03.ndjson").write_text("\\n".join(json.dumps(c) for c in [
...     {"id": "c1", "author": "bo", "body": "hi u/ann", "created_utc": 1772345000,
...      "parent_id": "t3_s1", "link_id": "t3_s1", "subreddit": "ethereum", "score": 2},
...     {"id": "c2", "author": "[deleted]", "body": "[deleted]", "created_utc": 1772346000,
...      "parent_id": "t1_c1", "link_id": "t3_s1", "subreddit": "ethereum"}]))
>>> report = import_reddit(Store(":memory:"), folder)
>>> report.platform, report.added, report.placeholders
('reddit:ethereum', {'members': 3, 'content': 3, 'interactions': 3}, 0)
>>> import shutil; shutil.rmtree(folder)
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from nichescout.exceptions import InputError
from nichescout.ingest.base import NullProgress, Progress
from nichescout.ingest.paths import inside
from nichescout.ingest.reddit_map import RedditMapper
from nichescout.store import ImportReport, ImportSession, Store

__all__ = ["import_reddit", "read_ndjson"]

_SUBMISSIONS = re.compile(r"^RS_|_submissions(\.|$)")
_COMMENTS = re.compile(r"^RC_|_comments(\.|$)")
_HINT = (
    "pass a Pushshift NDJSON file (RS_* submissions, RC_* comments; plain or .zst) "
    "or a folder of them"
)
_SKIP_FILES = "files not named RS_* / RC_* (or *_submissions / *_comments), left unread"
#: Zstandard window the Pushshift dumps need (they are compressed with --long=31).
_ZSTD_WINDOW = 2**31
_ADVANCE_EVERY = 2_000


def _open(path: Path, label: str) -> tuple[IO[bytes], IO[bytes]]:
    """(the file as stored, a stream of its decompressed bytes)."""
    raw = path.open("rb")
    if path.suffix != ".zst":
        return raw, raw
    try:
        import zstandard
    except ImportError as err:  # pragma: no cover - a dependency of nichescout
        raw.close()
        raise InputError(label, None, "reading .zst needs the zstandard package.") from err
    reader = zstandard.ZstdDecompressor(max_window_size=_ZSTD_WINDOW).stream_reader(raw)
    return raw, io.BufferedReader(reader)


def read_ndjson(
    path: Path, label: str, advance: Any = None, *, form: str = "a Pushshift file"
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line; an error names the file and line.

    ``advance(n)`` is told how many bytes of the stored file have been read, as they are;
    ``form`` names the kind of file in messages (other importers read JSON Lines too).
    """
    raw, stream = _open(path, label)
    done = 0
    number = 0
    try:
        for number, line in enumerate(stream, start=1):  # noqa: B007 - used after the loop
            if number % _ADVANCE_EVERY == 0 and advance is not None:
                advance(raw.tell() - done)
                done = raw.tell()
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as err:
                raise InputError(
                    label,
                    f"line {number}",
                    f"not a valid JSON object ({err}); each line of {form} is one "
                    "JSON object — repair or drop the line.",
                ) from err
            if not isinstance(record, dict):
                raise InputError(
                    label, f"line {number}", f"is a JSON {type(record).__name__}, not an object."
                )
            yield number, record
    except InputError:
        raise
    except Exception as err:  # zstandard.ZstdError and OSError from a damaged stream
        if type(err).__name__ != "ZstdError" and not isinstance(err, OSError):
            raise
        raise InputError(
            label, f"line {number + 1}", f"cannot be decompressed ({err}); download it again."
        ) from err
    finally:
        raw.close()
    if advance is not None:
        advance(path.stat().st_size - done)


def _files(root: Path, session: ImportSession | None = None) -> list[Path]:
    """The dump files of ``root``: submissions first, then comments, by name."""
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise InputError(root, None, f"no such file or folder; {_HINT}.")
    found: list[tuple[int, str, Path]] = []
    for path in inside(root, sorted(p for p in root.rglob("*") if p.is_file())):
        if _SUBMISSIONS.search(path.name):
            found.append((0, path.name, path))
        elif _COMMENTS.search(path.name):
            found.append((1, path.name, path))
        elif session is not None:
            session.skip(_SKIP_FILES)
    return [path for _, _, path in sorted(found)]


def _first_subreddit(files: list[Path], labels: list[str]) -> str:
    for file, label in zip(files, labels, strict=True):
        for number, record in read_ndjson(file, label):
            subreddit = record.get("subreddit")
            if not isinstance(subreddit, str) or not subreddit:
                raise InputError(
                    label,
                    f"line {number}",
                    "the record names no subreddit, so the platform cannot be named; pass "
                    "--platform reddit:<name>.",
                )
            return subreddit
    raise InputError(files[0] if files else "", None, f"holds no Reddit records; {_HINT}.")


def import_reddit(
    store: Store,
    path: str | Path,
    *,
    platform: str | None = None,
    bots: Iterable[str] = (),
    progress: Progress | None = None,
) -> ImportReport:
    """Import Pushshift submissions and comments (a file or a folder) into ``store``.

    One transaction; ``bots`` names more accounts to mark as bots (automated posters whose
    names do not say so).
    """
    root = Path(path)
    files = _files(root)
    if not files:
        raise InputError(root, None, f"holds no RS_* or RC_* files; {_HINT}.")
    base = root if root.is_dir() else root.parent
    labels = [str(f.relative_to(base)) for f in files]
    from_data = platform is None
    platform = platform or f"reddit:{_first_subreddit(files, labels)}"
    hook = progress or NullProgress()
    with ImportSession(store, "reddit", root, platform=platform) as session:
        _files(root, session)  # count the stray files
        mapper = RedditMapper(session, platform, subreddit_platform=from_data, bots=bots)
        hook.start(f"{base.name}: Reddit dumps (bytes)", sum(f.stat().st_size for f in files))
        for file, label in zip(files, labels, strict=True):
            for number, record in read_ndjson(file, label, hook.advance):
                mapper.record(record, label, number)
        mapper.finish()
        return session.commit()
