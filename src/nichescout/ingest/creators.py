"""Creators importer: creators' profiles, their posts and the comments on them.

PATH is a folder holding any of ``profiles``, ``posts`` and ``comments`` — each ``.csv``
(a header line) or ``.jsonl``/``.ndjson`` (one JSON object a line) — or one such file
(``posts.csv``; a name that contains one of the three words, such as ``2024_posts.jsonl``).
Their columns are the creators form of :mod:`nichescout.ingest.creators_form`
(``docs/canonical.md`` lists them). Profiles are read first, then posts, then comments. A
folder holding none of them but the files of a labelled account set of
``../shared/data/accounts`` (InstaFake, the Kaggle Instagram set, Cresci 2015; or the
``accounts`` folder itself) is read as that set: :mod:`nichescout.ingest.creators_sets`.

The mapping onto the canonical tables (:data:`MAPPING_MARKDOWN` says the same in
``docs/canonical.md``):

============  ==============================================================================
source        canonical rows
============  ==============================================================================
profile       ``members``: member_id = the handle in lower case (handles are
              case-insensitive), handle as written (no ``@``), display_name = full_name,
              followers, following, bio, verified, joined_at = joined, language, country,
              is_bot false; attributes: posts (the profile's count), private,
              has_profile_picture, profile_picture (its address), external_url, niche
post          ``content`` kind ``post``: content_id = post_id, author = the handle's member,
              thread_id = itself, created_at, text = caption, likes, comments, shares,
              views (the platform's counts), tags = hashtags (lower case, no ``#``; the
              caption's own when the column is empty); attributes: media_type,
              paid_partnership
mention       one ``mention`` interaction per account the post tags (``mentions``, else the
              caption's ``@names``), creator → tagged account, id ``mention:<post_id>:
              <handle>``; an account described nowhere is a placeholder member
              (``{"placeholder": true}``)
comment       ``content`` kind ``comment``: content_id = ``comment:`` + comment_id (or one
              made from post, author and time), parent = the post (or the comment it
              answers: ``reply_to``), thread_id = the post, text, created_at; the commenter
              is a member (handle only) when no profile describes them
reply         one ``reply`` interaction per comment, commenter → the post's creator (or the
              author of the comment answered), id ``reply:<comment content_id>``
``@name``     in a comment: a ``mention`` commenter → that account, when the import or the
              store knows it (else skipped and counted)
============  ==============================================================================

A profile names its platform (``platform`` column, or ``platform=``/``--platform`` for rows
without one); a post is on its creator's platform, a comment on its post's. A post whose
creator has a profile neither in the import nor in the store, a comment under a post found
in neither, a post or profile given twice, and a bad value are errors naming the file, the
line and the fix; nothing is imported then. Importing the same files again adds nothing.

>>> import tempfile
>>> from nichescout.store import Store
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "profiles.csv").write_text(
...     "handle,platform,followers\\nlena.lifts,instagram,12500\\n")
>>> _ = (folder / "posts.csv").write_text("post_id,handle,created,caption,likes,comments\\n"
...     "p1,lena.lifts,2024-03-01T10:00:00,Leg day with @coach.bo #gym,640,31\\n")
>>> _ = (folder / "comments.csv").write_text(
...     "post_id,author,text,created\\np1,sam_runs,nice pic 🔥,2024-03-01T11:00:00\\n")
>>> store = Store(":memory:")
>>> report = import_creators(store, folder)
>>> report.platform, report.added, report.placeholders
('instagram', {'members': 3, 'content': 2, 'interactions': 2}, 1)
>>> import_creators(store, folder).added
{'members': 0, 'content': 0, 'interactions': 0}
>>> import shutil; shutil.rmtree(folder)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nichescout.exceptions import InputError
from nichescout.ingest.base import NullProgress, Progress
from nichescout.ingest.creators_form import FILES, csv_records
from nichescout.ingest.creators_map import CreatorMapper
from nichescout.ingest.creators_sets import KNOWN_FILES, known_set_files, read_known_file
from nichescout.ingest.paths import inside
from nichescout.ingest.reddit import read_ndjson
from nichescout.store import ImportReport, ImportSession, Store

__all__ = ["MAPPING_MARKDOWN", "creator_files", "import_creators"]

_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
_ORDER = tuple(FILES)  # profiles, posts, comments
_HINT = (
    "name them profiles, posts and comments (.csv or .jsonl; docs/canonical.md, the creators form)"
)

#: The mapping, as docs/canonical.md shows it under the creators form.
MAPPING_MARKDOWN = [
    "Onto the canonical tables:",
    "",
    "| source | canonical rows |",
    "|---|---|",
    "| profile | `members`: member_id = the handle in lower case, handle as written (no "
    "`@`), display_name = full_name, followers, following, bio, verified, joined_at = "
    "joined, language, country, is_bot false; `attributes`: posts, private, "
    "has_profile_picture, profile_picture, external_url, niche |",
    "| post | `content` kind `post`: content_id = post_id, author = the creator, thread_id = "
    "itself, created_at, text = caption, likes, comments, shares, views, tags = hashtags "
    "(the caption's `#tags` when empty); `attributes`: media_type, paid_partnership |",
    "| tagged account | a `mention` interaction creator → account "
    "(`mention:<post_id>:<handle>`); an account described nowhere is a placeholder member |",
    "| comment | `content` kind `comment`: content_id = `comment:` + comment_id (or made "
    "from post, author and time), parent_id = the post (or the comment of `reply_to`), "
    "thread_id = the post; the commenter is a member (handle only) without a profile |",
    "| (each comment) | a `reply` interaction commenter → the post's creator (or the author "
    "of the comment answered), `reply:<comment content_id>` |",
    "| `@name` in a comment | a `mention` commenter → that account, when the import or the "
    "store knows it |",
    "",
    "A bad value, a post whose creator has a profile neither in the import nor in the store, "
    "a comment under a post found in neither, and a post, profile or comment_id given twice "
    "are errors naming the file, the line and the fix; nothing is imported then. Importing "
    "the same files again adds nothing.",
    "",
    "engagement_rate and positive_feedback read the posts' likes (there are no reaction "
    "events), and engagement_rate the comments stored as `reply` interactions; "
    "post_engagement (docs/creators.md) reads their likes, comments, shares and views "
    "counts. The labelled "
    "account sets "
    "of `../shared/data/accounts` import as they are (`nichescout ingest creators "
    "../shared/data/accounts`): docs/ingest.md says what each gives.",
]


def creator_files(path: str | Path) -> dict[str, tuple[Path, str]]:
    """file stem (profiles, posts, comments) → (file, reader: csv or jsonl).

    >>> creator_files("export/2024_posts.jsonl")
    {'posts': (PosixPath('export/2024_posts.jsonl'), 'jsonl')}
    """
    path = Path(path)
    if path.is_dir():
        found: dict[str, tuple[Path, str]] = {}
        for file in inside(path, sorted(p for p in path.iterdir() if p.is_file())):
            stem = _stem(file)
            if stem is None:
                continue
            if stem in found:
                raise InputError(
                    path,
                    None,
                    f"holds two {stem} files: {found[stem][0].name} and {file.name}; keep one.",
                )
            found[stem] = (file, _SUFFIXES[file.suffix.lower()])
        return {stem: found[stem] for stem in _ORDER if stem in found}
    stem = _stem(path)
    if stem is None:
        if path.name in KNOWN_FILES:
            return {}  # a file of a labelled account set
        raise InputError(path, None, f"is not a creators file; {_HINT}.")
    return {stem: (path, _SUFFIXES[path.suffix.lower()])}


def _stem(file: Path) -> str | None:
    if file.suffix.lower() not in _SUFFIXES:
        return None
    words = set(re.split(r"[^a-z]+", file.stem.lower()))
    stems = [stem for stem in _ORDER if stem in words]
    return stems[0] if len(stems) == 1 else None


def _records(
    file: Path, reader: str, label: str, stem: str, advance: Any
) -> Iterator[tuple[int, dict[str, Any]]]:
    if reader == "jsonl":
        return read_ndjson(file, label, advance, form="a creators JSON Lines file")
    required = tuple(c.name for c in FILES[stem] if c.required and c.name != "platform")
    return csv_records(file, label, advance, required=required, form=stem)


def import_creators(
    store: Store,
    path: str | Path,
    *,
    platform: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import creators' profiles, posts and comments (a folder or one file) into ``store``.

    One transaction; ``platform`` fills the platform of profiles that name none. Returns
    the :class:`~nichescout.store.ImportReport`; nothing is changed on error.
    """
    root = Path(path)
    if not root.exists():
        raise InputError(root, None, f"no such file or folder; {_HINT}.")
    files = creator_files(root)
    known: list[Path] = []
    if not files:
        if root.is_file() and root.name in KNOWN_FILES:
            known = [root]
        elif root.is_dir():
            known = inside(root, known_set_files(root))
        if not known:
            raise InputError(root, None, f"holds no profiles, posts or comments file; {_HINT}.")
    base = root if root.is_dir() else root.parent
    hook = progress or NullProgress()
    sizes = [f.stat().st_size for f in known or [f for f, _ in files.values()]]
    with ImportSession(store, "creators", root, platform=platform) as session:
        mapper = CreatorMapper(session, platform)
        hook.start(f"{root.name}: creators (bytes)", sum(sizes))
        for file, reader in files.values():
            stem = next(s for s, (f, _) in files.items() if f == file)
            label = str(file.relative_to(base))
            feed = {"profiles": mapper.profile, "posts": mapper.post, "comments": mapper.comment}
            for line, record in _records(file, reader, label, stem, hook.advance):
                feed[stem](record, label, line)
        for file in known:
            label = str(file.relative_to(base))
            for what, file_label, where, record, extra in read_known_file(file, label):
                if what == "profile":
                    mapper.profile(record, file_label, where, extra)
                else:
                    mapper.post(record, file_label, where, extra)
            hook.advance(file.stat().st_size)
        mapper.finish()
        return session.commit()
