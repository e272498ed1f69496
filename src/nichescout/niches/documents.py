"""Members' texts from the store, by field: what the niche labellers read.

For every member who is not a bot or a placeholder, of one platform or all:

==============  ==========================================================================
``bio``         ``members.bio``
``captions``    the text of their posts and videos (creators), hashtags taken out when
                the post's ``tags`` hold them (they count once, as hashtags)
``hashtags``    the ``tags`` of their posts, videos, comments and messages
``tags``        the ``tags`` of their questions and other items (Stack Exchange topics)
``thread tags`` for their answers and comments without tags of their own: the topic tags
                of the question (or idea) that opened the thread — not a creator's
                hashtags: a comment under a #fitness post says nothing of its writer
``titles``      the titles of their items
``posts``       the text of their questions, answers and ideas
``messages``    the text of their messages (Slack, Discord)
``comments``    the text of their comments
``channels``    the channel of each item (a Slack channel, forum category, subreddit)
==============  ==========================================================================

>>> from nichescout.data.creators import toy_creators
>>> docs = member_documents(toy_creators(), "toy:creators")
>>> [(d.handle, d.fields.get("hashtags")) for d in docs]
[('ana', ['running', 'ad']), ('bo', None), ('cy', None), ('dan', None)]
>>> docs[0].fields["captions"]
['Morning run  ', '  My new shoes from @stridelab code ANA10', 'Race day vlog']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from nichescout.exceptions import NotFoundError

if TYPE_CHECKING:
    from nichescout.store import Store

__all__ = ["MemberDocument", "member_documents", "resolve_members"]

_TEXT_FIELD = {
    "post": "captions",
    "video": "captions",
    "comment": "comments",
    "message": "messages",
}
_HASHTAG_KINDS = frozenset(_TEXT_FIELD)
_INLINE_HASHTAG = re.compile(r"(?<![\w&#])#\w+")


@dataclass
class MemberDocument:
    """One member and their texts by field (module docstring)."""

    member_key: int
    platform: str
    member_id: str
    handle: str | None
    fields: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, value: str | None) -> None:
        if value:
            self.fields.setdefault(name, []).append(value)


_MEMBERS_SQL = """
SELECT member_key, platform, member_id, handle, bio
FROM members
WHERE NOT coalesce(is_bot, false)
  AND NOT coalesce(lower(attributes->>'placeholder') = 'true', false)
  {where}
ORDER BY platform, member_key
"""

_CONTENT_SQL = """
SELECT c.author_key, c.kind, c.title, c.text, c.tags, c.channel,
       CASE WHEN (c.tags IS NULL OR len(c.tags) = 0)
                 AND t.kind NOT IN ('post', 'video', 'comment', 'message')
            THEN t.tags END AS thread_tags
FROM content c
LEFT JOIN content t
  ON t.platform = c.platform AND t.content_id = c.thread_id AND t.content_id <> c.content_id
WHERE c.author_key IS NOT NULL {where}
ORDER BY c.author_key, c.created_at, c.content_id
"""


def resolve_members(store: Store, platform: str | None, names: Sequence[str]) -> list[int]:
    """The member_keys of ``names`` (a member_id, else a handle ignoring case and a leading
    ``@``) on ``platform`` (or any); a name found nowhere is a :class:`NotFoundError`."""
    keys: list[int] = []
    for name in names:
        wanted = name.strip().removeprefix("@")
        params: list[object] = [wanted, wanted.lower()]
        where = "(member_id = ? OR lower(handle) = ?)"
        if platform is not None:
            where += " AND platform = ?"
            params.append(platform)
        rows = store.con.execute(
            f"SELECT member_key FROM members WHERE {where} ORDER BY member_id = ? DESC, member_key",
            [*params, wanted],
        ).fetchall()
        if not rows:
            scope = f" on {platform}" if platform else ""
            raise NotFoundError(
                f"No member {name!r}{scope}: give a member_id or handle that is in the store "
                "(`nichescout niches` without --member lists them)."
            )
        keys.extend(int(r[0]) for r in rows)
    return list(dict.fromkeys(keys))


def member_documents(
    store: Store,
    platform: str | None = None,
    member_keys: Sequence[int] | None = None,
) -> list[MemberDocument]:
    """The texts of every member of ``platform`` (or of every platform), or of
    ``member_keys``, by field (module docstring); members in platform and key order."""
    where = ""
    params: list[object] = []
    if platform is not None:
        store.check_platform(platform)
        where = "AND platform = ?"
        params.append(platform)
    if member_keys is not None:
        keys = [int(k) for k in member_keys]
        if not keys:
            return []
        where += " AND list_contains(?, member_key)"
        params.append(keys)
    docs: dict[int, MemberDocument] = {}
    for key, plat, member_id, handle, bio in store.con.execute(
        _MEMBERS_SQL.format(where=where), params
    ).fetchall():
        doc = MemberDocument(int(key), plat, member_id, handle)
        doc.add("bio", bio)
        docs[int(key)] = doc
    if not docs:
        return []
    content_where = where.replace("platform", "c.platform").replace("member_key", "c.author_key")
    cursor = store.con.execute(_CONTENT_SQL.format(where=content_where), params)
    while batch := cursor.fetchmany(10_000):
        for author, kind, title, text, tags, channel, thread_tags in batch:
            found = docs.get(int(author))
            if found is None:  # a bot's or a placeholder's item
                continue
            doc = found
            if kind in _HASHTAG_KINDS:
                if text and tags:
                    text = _INLINE_HASHTAG.sub(" ", text)
                doc.add(_TEXT_FIELD[kind], text)
                for tag in tags or ():
                    doc.add("hashtags", tag)
            else:
                doc.add("posts", text)
                for tag in tags or ():
                    doc.add("tags", tag)
            for tag in thread_tags or ():
                doc.add("thread tags", tag)
            doc.add("titles", title)
            doc.add("channels", channel)
    return list(docs.values())
