"""Every comment under creators' posts, with its sentiment and quality: one row per comment.

A **creator** is the author of a post (content kind ``post`` or ``video``); the comments
under it are the content of kind ``comment`` whose ``thread_id`` is the post — as
``nichescout ingest creators`` stores them (docs/canonical.md). A comment is **by the
creator** when the post's author wrote it; the others are the **audience's** comments.

Columns (:data:`COMMENT_COLUMNS`):

- ``platform``, ``creator`` (member_id), ``handle`` (the creator's), ``post_id``,
  ``content_id``, ``author`` (member_id), ``created_at``, ``text``, ``by_creator``;
- ``length``: characters of the text (Unicode code points, surrounding spaces left out);
  ``short``: length < ``comment_short_chars`` (15);
- ``language``, ``compound``, ``sentiment``, ``note``: from
  :func:`nichescout.comments.sentiment.score_comments` (``sentiment`` is missing and
  ``note`` says why for a comment not scored);
- ``generic``, ``generic_reason``: :func:`nichescout.comments.quality.generic_reason`, else
  ``copied``: the comment's key is written by ``comment_copy_min_accounts`` audience
  accounts under ``comment_copy_min_creators`` creators' posts of the platform — counted
  over every comment stored for the platform, whatever the window or creator asked for, so
  a comment's verdict does not depend on the question; ``copied`` says so on its own
  (whether or not another rule found the comment generic first);
- ``question``: a question mark and a word;
- ``answered`` (audience comments): the creator replied — a comment of theirs whose parent
  is this comment (a reply in a thread), or, where replies are not threaded, a comment of
  theirs under the same post, written at the same time or later, that @-names this
  comment's author. False for the creator's own comments.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from nichescout import settings as _settings
from nichescout.comments.quality import copied_keys, generic_reason
from nichescout.comments.sentiment import score_comments
from nichescout.comments.text import asks_question, text_key
from nichescout.exceptions import NotFoundError
from nichescout.ingest.text import at_mentions
from nichescout.window import Window

if TYPE_CHECKING:
    from nichescout.store import Store

__all__ = ["COMMENT_COLUMNS", "POST_KINDS", "comment_table"]

#: Content kinds whose authors are creators.
POST_KINDS = ("post", "video")

COMMENT_COLUMNS = [
    "platform",
    "creator",
    "handle",
    "post_id",
    "content_id",
    "author",
    "created_at",
    "text",
    "by_creator",
    "length",
    "short",
    "language",
    "compound",
    "sentiment",
    "note",
    "generic",
    "generic_reason",
    "copied",
    "question",
    "answered",
]

_SQL = """
    SELECT c.platform, cr.member_id AS creator, coalesce(cr.handle, cr.member_id) AS handle,
           p.content_id AS post_id, c.content_id, c.parent_id,
           a.member_id AS author, a.handle AS author_handle, c.created_at, c.text
    FROM content c
    JOIN content p ON p.platform = c.platform AND p.content_id = c.thread_id
                   AND list_contains(?, p.kind)
    JOIN members cr ON cr.member_key = p.author_key
    LEFT JOIN members a ON a.member_key = c.author_key
    WHERE c.kind = 'comment' {platform}
    ORDER BY c.platform, c.created_at, c.content_id
"""

_CREATORS_SQL = """
    SELECT DISTINCT p.platform, m.member_id AS creator, coalesce(m.handle, m.member_id) AS handle
    FROM content p JOIN members m ON m.member_key = p.author_key
    WHERE list_contains(?, p.kind) {platform}
    ORDER BY 1, 3
"""


def creators(store: Store, platform: str | None = None, handle: str | None = None) -> pd.DataFrame:
    """The creators (platform, creator, handle) of the store, or of one platform or handle."""
    where = "AND p.platform = ?" if platform else ""
    params: list[Any] = [list(POST_KINDS)] + ([platform] if platform else [])
    frame = store.con.execute(_CREATORS_SQL.format(platform=where), params).df()
    if handle is not None:
        wanted = handle.strip().removeprefix("@").lower()
        frame = frame[
            (frame["creator"].str.lower() == wanted) | (frame["handle"].str.lower() == wanted)
        ]
        if frame.empty:
            where_text = f" on {platform}" if platform else ""
            raise NotFoundError(
                f"No creator {handle!r} with posts in the store{where_text}; import their "
                "posts with `nichescout ingest creators`, or check the handle."
            )
    return frame.reset_index(drop=True)


def _answered(frame: pd.DataFrame) -> list[bool]:
    """Whether the creator replied to each comment (module docstring)."""
    rows: list[tuple[str, str, str, Any, Any, Any, Any, Any, bool]] = list(
        zip(
            frame["platform"].tolist(),
            frame["post_id"].tolist(),
            frame["content_id"].tolist(),
            frame["parent_id"].tolist(),
            frame["author"].tolist(),
            frame["author_handle"].tolist(),
            frame["created_at"].tolist(),
            frame["text"].tolist(),
            frame["by_creator"].tolist(),
            strict=True,
        )
    )
    threaded: set[tuple[str, str]] = set()
    flat: dict[tuple[str, str], list[tuple[Any, set[str]]]] = {}
    for platform, post_id, _, parent_id, _, _, created, text, by_creator in rows:
        if not by_creator:
            continue
        if isinstance(parent_id, str) and parent_id != post_id:
            threaded.add((platform, parent_id))
        else:
            named = {m.lower() for m in at_mentions(text if isinstance(text, str) else None)}
            if named:
                flat.setdefault((platform, post_id), []).append((created, named))
    out = []
    for platform, post_id, content_id, _, author, author_handle, created, _, by_creator in rows:
        if by_creator:
            out.append(False)
        elif (platform, content_id) in threaded:
            out.append(True)
        else:
            names = {str(n).lower() for n in (author, author_handle) if isinstance(n, str)}
            out.append(
                any(
                    when >= created and bool(names & named)
                    for when, named in flat.get((platform, post_id), [])
                )
            )
    return out


def comment_table(
    store: Store,
    platform: str | None = None,
    handle: str | None = None,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    method: str = "vader",
    settings: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Every comment under the creators' posts with its sentiment and quality (module
    docstring).

    Parameters
    ----------
    store:
        The store.
    platform:
        Only this platform; ``None``: every platform.
    handle:
        Only the comments under this creator's posts (their handle or member_id, any case).
    since, until:
        Only comments written ``since <= created_at < until``.
    method:
        ``"vader"`` (English, the default) or ``"multilingual"`` (the extra
        ``nichescout[multilingual]``): :func:`nichescout.comments.sentiment.score_comments`.
    settings:
        Overrides of the named settings (``comment_*``).

    >>> from nichescout.comments.toy import toy_comments
    >>> table = comment_table(toy_comments())
    >>> table[["handle", "author", "sentiment", "generic", "question", "answered"]].head(4)
           handle author sentiment  generic  question  answered
    0  maya.bakes    ana   neutral    False      True      True
    1  maya.bakes    ben  positive     True     False     False
    2  maya.bakes    cy   positive     True     False     False
    3  maya.bakes  maya.bakes  neutral    False     False     False
    """
    window = Window(since=since, until=until)
    if platform is not None:
        store.check_platform(platform)
    wanted = creators(store, platform, handle) if handle is not None else None
    where = "AND c.platform = ?" if platform else ""
    params: list[Any] = [list(POST_KINDS)] + ([platform] if platform else [])
    frame = store.con.execute(_SQL.format(platform=where), params).df()
    texts: list[str | None] = [t if isinstance(t, str) else None for t in frame["text"]]
    frame["text"] = pd.Series(texts, index=frame.index, dtype=object)
    frame["by_creator"] = frame["author"] == frame["creator"]
    frame["answered"] = _answered(frame) if len(frame) else pd.Series(dtype=bool)
    frame["key"] = [text_key(t) for t in frame["text"]]
    audience = frame[~frame["by_creator"]]
    copied: set[tuple[str, str]] = set()
    for name, group in audience.groupby("platform", sort=False):
        rows = zip(group["text"], group["author"].fillna(""), group["creator"], strict=True)
        copied |= {(str(name), key) for key in copied_keys(rows, settings)}
    keep = pd.Series(True, index=frame.index)
    if wanted is not None:
        keep &= frame.set_index(["platform", "creator"]).index.isin(
            list(zip(wanted["platform"], wanted["creator"], strict=True))
        )
    if window.since is not None:
        keep &= frame["created_at"] >= window.since
    if window.until is not None:
        keep &= frame["created_at"] < window.until
    frame = frame[keep].reset_index(drop=True)
    texts = [t if isinstance(t, str) else None for t in frame["text"]]
    frame["length"] = [len(t.strip()) if t else 0 for t in texts]
    frame["short"] = frame["length"] < int(_settings.get("comment_short_chars", settings))
    scores = score_comments(texts, method=method, settings=settings)
    frame["language"] = [s.language for s in scores]
    frame["compound"] = pd.Series([s.compound for s in scores], dtype="float64")
    frame["sentiment"] = [s.label for s in scores]
    frame["note"] = [s.note for s in scores]
    reasons = [generic_reason(t, settings) for t in texts]
    frame["copied"] = [
        (p, k) in copied for p, k in zip(frame["platform"], frame["key"], strict=True)
    ]
    frame["generic_reason"] = [
        reason or ("copied" if is_copied and not by_creator else None)
        for reason, is_copied, by_creator in zip(
            reasons, frame["copied"], frame["by_creator"], strict=True
        )
    ]
    frame["generic"] = frame["generic_reason"].notna()
    frame["question"] = [asks_question(t) for t in texts]
    frame["text"] = texts
    out = frame[COMMENT_COLUMNS].copy()
    out["answered"] = out["answered"].astype(bool)
    out.attrs["provenance"] = provenance(method, settings, window)
    return out


def provenance(method: str, settings: Mapping[str, Any] | None, window: Window) -> dict[str, Any]:
    """How a comment table or summary was made (STYLE.md E16)."""
    from nichescout import __version__
    from nichescout.comments.sentiment import vader_version

    used = {
        name: _settings.get(name, settings)
        for name in _settings.SETTINGS
        if name.startswith("comment_")
    }
    return {
        "method": method,
        "library": f"vaderSentiment {vader_version()}"
        if method == "vader"
        else str(used["comment_multilingual_model"]),
        "settings": used,
        "since": window.since,
        "until": window.until,
        "nichescout": __version__,
    }
