"""Creators' profiles, posts and comments onto canonical rows; the mapping is documented in
:mod:`nichescout.ingest.creators`.

:class:`CreatorMapper` is fed one record at a time — every profile, then every post, then
every comment — and writes the rows it can at once. What needs the whole import (comments
under posts imported before, replies to comments further down, members known only as
commenters or as tagged accounts, mentions) is resolved by :meth:`CreatorMapper.finish`,
which also looks in the store. Every error names the file and the line.

>>> hashtags_in("Leg day 🔥 #Gym #legday, #gym again")
['gym', 'legday']
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from nichescout.exceptions import InputError
from nichescout.ingest.base import interaction_row, placeholder_member
from nichescout.ingest.creators_form import boolean, count, handle_of, names, text, timestamp
from nichescout.ingest.text import at_mentions
from nichescout.kinds import ContentKind, InteractionKind
from nichescout.store import ImportSession

__all__ = ["COMMENT_PREFIX", "CreatorMapper", "hashtags_in"]

#: content_id of a comment = this prefix + its comment_id, so that a comment id never
#: collides with a post id of the same platform (files often number both from 1).
COMMENT_PREFIX = "comment:"
_HASHTAG = re.compile(r"(?<![\w&#])#(\w+)")
_SKIP_MENTION = "@names in comments that match no account of the import or the store"


def hashtags_in(caption: str | None) -> list[str]:
    """The ``#tags`` of a caption, lower case, each once, in order."""
    if not caption:
        return []
    return list(dict.fromkeys(tag.lower() for tag in _HASHTAG.findall(caption)))


@dataclass(frozen=True)
class _At:
    file: str
    line: int | str

    @property
    def where(self) -> str:
        return self.line if isinstance(self.line, str) else f"line {self.line}"


@dataclass
class _Comment:
    platform: str | None
    post_id: str
    content_id: str
    author: str
    handle: str
    created: datetime
    text: str | None
    reply_to: str | None
    at: _At


class CreatorMapper:
    """Writes the canonical rows of creators' records into ``session``; call :meth:`finish`.

    ``platform`` fills the platform of profiles that name none (``--platform``).
    """

    def __init__(self, session: ImportSession, platform: str | None = None) -> None:
        self.session = session
        self.platform = platform
        self._members = session.writer("members")
        self._content = session.writer("content")
        self._interactions = session.writer("interactions")
        #: (platform, member_id) → where its profile was read
        self.profiles: dict[tuple[str, str], _At] = {}
        self._platforms_of: dict[str, set[str]] = {}
        self._stored_platforms: dict[str, list[str]] = {}
        self._stored_creators: dict[tuple[str, str], bool] = {}
        #: (platform, post_id) → (author member_id, where)
        self.posts: dict[tuple[str, str], tuple[str, _At]] = {}
        self._post_platforms: dict[str, set[str]] = {}
        #: (platform, comment content_id) → author member_id
        self._comment_authors: dict[tuple[str, str], str] = {}
        self._comment_ids: dict[tuple[str | None, str], _At] = {}
        self._derived: Counter[tuple[str, str, str, str]] = Counter()
        #: (platform, member_id) → (handle as first written, where)
        self.commenters: dict[tuple[str, str], tuple[str, _At]] = {}
        self._pending: list[_Comment] = []
        self._replies: list[_Comment] = []
        # (platform, content_id, actor, [(target, spelling)], created, where, from a post)
        self._mentions: list[tuple[str, str, str, list[tuple[str, str]], datetime, _At, bool]] = []

    # -- profiles ---------------------------------------------------------------------------
    def profile(
        self,
        record: Mapping[str, Any],
        file: str,
        line: int | str,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        """Map one profile; ``extra`` adds attributes (a labelled set's own fields)."""
        at = _At(file, line)
        handle = handle_of(record.get("handle"))
        if handle is None:
            raise InputError(file, at.where, "handle is empty; write the account's @-name.")
        platform = text(record.get("platform"))
        platform = platform.strip() if platform else self.platform
        if not platform:
            raise InputError(
                file,
                at.where,
                f"platform is empty for {handle!r}; add a platform column (instagram, tiktok, "
                "…) or pass --platform.",
            )
        member_id = handle.lower()
        key = (platform, member_id)
        if key in self.profiles:
            raise InputError(
                file,
                at.where,
                f"{handle!r} on {platform} has a profile already (at "
                f"{self.profiles[key].where}); keep one row per account.",
            )
        self.profiles[key] = at
        self._platforms_of.setdefault(member_id, set()).add(platform)
        picture = record.get("profile_picture", record.get("has_profile_picture"))
        picture_text = text(picture)
        has_picture: bool | None
        url = None
        if picture_text is not None and picture_text.strip().lower() in (
            "true", "false", "1", "0", "yes", "no", "t", "f", "y", "n",
        ):  # fmt: skip
            has_picture = boolean(picture_text, "profile_picture", file, at.where)
        else:
            url = picture_text.strip() if picture_text else None
            has_picture = True if url else None
        private = record.get("private", record.get("is_private"))
        attributes = {
            "posts": count(record.get("posts"), "posts", file, at.where),
            "private": boolean(private, "private", file, at.where),
            "has_profile_picture": has_picture,
            "profile_picture": url,
            "external_url": _stripped(record.get("external_url")),
            "niche": _stripped(record.get("niche")),
            **(extra or {}),
        }
        joined = record.get("joined")
        self._members.append(
            {
                "platform": platform,
                "member_id": member_id,
                "handle": handle,
                "display_name": _stripped(record.get("full_name")),
                "joined_at": None
                if text(joined) is None
                else timestamp(joined, file, at.where, "joined"),
                "followers": count(record.get("followers"), "followers", file, at.where),
                "following": count(record.get("following"), "following", file, at.where),
                "bio": text(record.get("bio")),
                "language": _stripped(record.get("language")),
                "country": _stripped(record.get("country")),
                "is_bot": False,
                "verified": boolean(record.get("verified"), "verified", file, at.where),
                "attributes": _json(attributes) or "{}",
            },
            file=file,
            line=line if isinstance(line, int) else None,
        )

    # -- posts ------------------------------------------------------------------------------
    def post(
        self,
        record: Mapping[str, Any],
        file: str,
        line: int | str,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        """Map one post of a creator (whose profile is in this import or the store)."""
        at = _At(file, line)
        post_id = _stripped(record.get("post_id"))
        if post_id is None:
            raise InputError(file, at.where, "post_id is empty; every post needs its id.")
        handle = handle_of(record.get("handle"))
        if handle is None:
            raise InputError(file, at.where, f"handle is empty for post {post_id!r}.")
        author = handle.lower()
        platform = self._creator_platform(_stripped(record.get("platform")), author, at)
        key = (platform, post_id)
        if key in self.posts:
            raise InputError(
                file,
                at.where,
                f"post_id {post_id!r} on {platform} is there already (at "
                f"{self.posts[key][1].where}); keep one row per post.",
            )
        created = timestamp(record.get("created"), file, at.where)
        caption = text(record.get("caption"))
        tags = names(record.get("hashtags"), hashtag=True) or hashtags_in(caption)
        tagged = names(record.get("mentions"), lower=False) or at_mentions(caption)
        media = _stripped(record.get("media_type"))
        attributes = {
            "media_type": media.lower() if media else None,
            "paid_partnership": boolean(
                record.get("paid_partnership"), "paid_partnership", file, at.where
            ),
            **(extra or {}),
        }
        self.posts[key] = (author, at)
        self._post_platforms.setdefault(post_id, set()).add(platform)
        self._content.append(
            {
                "platform": platform,
                "content_id": post_id,
                "author_id": author,
                "kind": ContentKind.POST.value,
                "thread_id": post_id,
                "created_at": created,
                "text": caption,
                "likes": count(record.get("likes"), "likes", file, at.where),
                "comments": count(record.get("comments"), "comments", file, at.where),
                "shares": count(record.get("shares"), "shares", file, at.where),
                "views": count(record.get("views"), "views", file, at.where),
                "tags": tags or None,
                "attributes": _json(attributes),
            },
            file=file,
            line=line if isinstance(line, int) else None,
        )
        if tagged:
            targets = _first_spellings(tagged)
            self._mentions.append((platform, post_id, author, targets, created, at, True))

    def _creator_platform(self, given: str | None, author: str, at: _At) -> str:
        """The platform of a post by ``author``: as given, else --platform, else the one
        platform where this import or the store has the handle."""
        platform = given or self.platform
        if platform is not None:
            if (platform, author) not in self.profiles and not self._stored(platform, author):
                raise InputError(
                    at.file,
                    at.where,
                    f"{author!r} has no profile on {platform} in this import or the store; "
                    "add it to the profiles file.",
                )
            return platform
        found = sorted(self._platforms_of.get(author, set()))
        if not found:
            found = self._stored_platform_list(author)
        if len(found) == 1:
            return found[0]
        if not found:
            raise InputError(
                at.file,
                at.where,
                f"{author!r} has no profile in this import or the store; add it to the "
                "profiles file (or pass --platform for creators imported before).",
            )
        raise InputError(
            at.file,
            at.where,
            f"{author!r} is a creator on {' and '.join(found)}; add a platform column to say "
            "which this post is on.",
        )

    def _stored(self, platform: str, member_id: str) -> bool:
        key = (platform, member_id)
        if key not in self._stored_creators:
            row = self.session.con.execute(
                "SELECT count(*) FROM members WHERE platform = ? AND member_id = ?",
                [platform, member_id],
            ).fetchone()
            self._stored_creators[key] = bool(row and row[0])
        return self._stored_creators[key]

    def _stored_platform_list(self, member_id: str) -> list[str]:
        if member_id not in self._stored_platforms:
            rows = self.session.con.execute(
                "SELECT DISTINCT platform FROM members WHERE member_id = ? "
                "AND NOT coalesce(attributes->>'placeholder' = 'true', false) ORDER BY 1",
                [member_id],
            ).fetchall()
            self._stored_platforms[member_id] = [r[0] for r in rows]
        return self._stored_platforms[member_id]

    # -- comments ---------------------------------------------------------------------------
    def comment(self, record: Mapping[str, Any], file: str, line: int | str) -> None:
        """Map one comment under a post (of this import or the store)."""
        at = _At(file, line)
        post_id = _stripped(record.get("post_id"))
        if post_id is None:
            raise InputError(file, at.where, "post_id is empty; say which post it is under.")
        handle = handle_of(record.get("author"))
        if handle is None:
            raise InputError(file, at.where, "author is empty; write the commenter's handle.")
        author = handle.lower()
        created = timestamp(record.get("created"), file, at.where)
        platform = _stripped(record.get("platform")) or self.platform
        given_id = _stripped(record.get("comment_id"))
        if given_id is not None:
            first = self._comment_ids.get((platform, given_id))
            if first is not None:
                raise InputError(
                    file,
                    at.where,
                    f"comment_id {given_id!r} is there already (at {first.where}); keep one "
                    "row per comment.",
                )
            self._comment_ids[(platform, given_id)] = at
            content_id = COMMENT_PREFIX + given_id
        else:
            when = created.isoformat()
            base = (platform or "", post_id, author, when)
            self._derived[base] += 1
            content_id = f"{COMMENT_PREFIX}{post_id}/{author}@{when}#{self._derived[base]}"
        reply_to = _stripped(record.get("reply_to"))
        item = _Comment(
            platform,
            post_id,
            content_id,
            author,
            handle,
            created,
            text(record.get("text")),
            COMMENT_PREFIX + reply_to if reply_to else None,
            at,
        )
        if platform is None:
            found = self._post_platforms.get(post_id, set())
            if len(found) > 1:
                raise InputError(
                    file,
                    at.where,
                    f"post_id {post_id!r} is a post on {' and '.join(sorted(found))}; add a "
                    "platform column to say which.",
                )
            item.platform = next(iter(found)) if found else None
        if item.platform is not None and (item.platform, post_id) in self.posts:
            self._write_comment(item, self.posts[(item.platform, post_id)][0])
        else:
            self._pending.append(item)

    def _write_comment(self, item: _Comment, creator: str) -> None:
        assert item.platform is not None
        platform = item.platform
        self.commenters.setdefault((platform, item.author), (item.handle, item.at))
        self._comment_authors[(platform, item.content_id)] = item.author
        self._content.append(
            {
                "platform": platform,
                "content_id": item.content_id,
                "author_id": item.author,
                "kind": ContentKind.COMMENT.value,
                "parent_id": item.reply_to or item.post_id,
                "thread_id": item.post_id,
                "created_at": item.created,
                "text": item.text,
            },
            file=item.at.file,
            line=item.at.line if isinstance(item.at.line, int) else None,
        )
        if item.reply_to is None:
            self._reply(item, creator)
        else:
            self._replies.append(item)
        spelt = at_mentions(item.text)
        if spelt:
            targets = _first_spellings(spelt)
            self._mentions.append(
                (platform, item.content_id, item.author, targets, item.created, item.at, False)
            )

    def _reply(self, item: _Comment, target: str) -> None:
        assert item.platform is not None
        self._interactions.append(
            interaction_row(
                item.platform,
                f"reply:{item.content_id}",
                InteractionKind.REPLY.value,
                item.author,
                target,
                item.content_id,
                item.created,
            ),
            file=item.at.file,
            line=item.at.line if isinstance(item.at.line, int) else None,
        )

    # -- the end ----------------------------------------------------------------------------
    def finish(self) -> None:
        """Resolve what needed the whole import: comments under stored posts, replies to
        comments, commenters and tagged accounts as members, and mentions."""
        self._resolve_pending()
        self._resolve_replies()
        known = self._write_commenters()
        self._write_mentions(known)

    def _resolve_pending(self) -> None:
        if not self._pending:
            return
        wanted = sorted({c.post_id for c in self._pending})
        rows = self.session.con.execute(
            """SELECT c.platform, c.content_id, m.member_id FROM content c
               JOIN members m ON m.member_key = c.author_key
               WHERE list_contains(?, c.content_id) AND c.kind = 'post'""",
            [wanted],
        ).fetchall()
        stored: dict[str, list[tuple[str, str]]] = {}
        for platform, post_id, author in rows:
            stored.setdefault(post_id, []).append((platform, author))
        for item in self._pending:
            options = [
                (p, a)
                for p, a in stored.get(item.post_id, [])
                if item.platform is None or p == item.platform
            ]
            if not options:
                where = f" on {item.platform}" if item.platform else ""
                raise InputError(
                    item.at.file,
                    item.at.where,
                    f"post_id {item.post_id!r}{where} is a post of neither the posts file nor "
                    "the store; import its post first, or drop the comment.",
                )
            if len(options) > 1:
                raise InputError(
                    item.at.file,
                    item.at.where,
                    f"post_id {item.post_id!r} is a post on "
                    f"{' and '.join(sorted(p for p, _ in options))}; add a platform column to "
                    "say which.",
                )
            item.platform = options[0][0]
            self._write_comment(item, options[0][1])
        self._pending = []

    def _resolve_replies(self) -> None:
        missing = [
            c for c in self._replies if (c.platform, c.reply_to) not in self._comment_authors
        ]
        stored: dict[tuple[str, str], str] = {}
        if missing:
            rows = self.session.con.execute(
                """SELECT c.platform, c.content_id, m.member_id FROM content c
                   JOIN members m ON m.member_key = c.author_key
                   WHERE list_contains(?, c.content_id)""",
                [sorted({c.reply_to for c in missing if c.reply_to})],
            ).fetchall()
            stored = {(p, cid): a for p, cid, a in rows}
        for item in self._replies:
            assert item.platform is not None and item.reply_to is not None
            key = (item.platform, item.reply_to)
            target = self._comment_authors.get(key) or stored.get(key)
            if target is None:
                raise InputError(
                    item.at.file,
                    item.at.where,
                    f"reply_to {item.reply_to.removeprefix(COMMENT_PREFIX)!r} is a comment of "
                    "neither the comments file nor the store; fix the id or leave reply_to "
                    "empty.",
                )
            self._reply(item, target)

    def _stored_members(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], bool]:
        """(platform, member_id) → whether a placeholder, for those the store holds."""
        by_platform: dict[str, list[str]] = {}
        for platform, member_id in keys:
            by_platform.setdefault(platform, []).append(member_id)
        out: dict[tuple[str, str], bool] = {}
        for platform, ids in by_platform.items():
            rows = self.session.con.execute(
                """SELECT member_id, coalesce(attributes->>'placeholder' = 'true', false)
                   FROM members WHERE platform = ? AND list_contains(?, member_id)""",
                [platform, sorted(set(ids))],
            ).fetchall()
            out.update({(platform, m): bool(p) for m, p in rows})
        return out

    def _write_commenters(self) -> set[tuple[str, str]]:
        """Write a member for each commenter without a profile here (unless the store
        describes them); returns every (platform, member_id) known to the import."""
        others = [k for k in self.commenters if k not in self.profiles]
        stored = self._stored_members(others)
        for key in others:
            handle, at = self.commenters[key]
            row: dict[str, Any] = {"platform": key[0], "member_id": key[1]}
            if stored.get(key) is not False:
                # new, or a placeholder of an earlier import who now wrote: no longer one
                row.update(handle=handle, is_bot=False, attributes="{}" if key in stored else None)
            # else described by an earlier import: staged bare, so that this import shares
            # the row (forgetting the other import keeps it) without changing it
            self._members.append(
                row, file=at.file, line=at.line if isinstance(at.line, int) else None
            )
        return set(self.profiles) | set(self.commenters)

    def _write_mentions(self, known: set[tuple[str, str]]) -> None:
        wanted = {
            (platform, target)
            for platform, _, _, targets, _, _, _ in self._mentions
            for target, _ in targets
        }
        stored = self._stored_members(wanted - known)
        staged: set[tuple[str, str]] = set()
        for platform, content_id, actor, targets, created, at, from_post in self._mentions:
            for target, spelling in targets:
                key = (platform, target)
                if key not in known:
                    if key not in stored and not from_post:
                        self.session.skip(_SKIP_MENTION)
                        continue
                    if key not in staged:
                        # tagged by the creator: an account all the same (a placeholder); a
                        # stored one is staged too, so that this import shares its row
                        staged.add(key)
                        row = (
                            {"platform": platform, "member_id": target}
                            if stored.get(key) is False
                            else placeholder_member(platform, target, handle=spelling)
                        )
                        self._members.append(
                            row, file=at.file, line=at.line if isinstance(at.line, int) else None
                        )
                self._interactions.append(
                    interaction_row(
                        platform,
                        f"mention:{content_id}:{target}",
                        InteractionKind.MENTION.value,
                        actor,
                        target,
                        content_id,
                        created,
                    ),
                    file=at.file,
                    line=at.line if isinstance(at.line, int) else None,
                )


def _first_spellings(spelt: Iterable[str]) -> list[tuple[str, str]]:
    """(member_id, handle as first written) of each name, once, in order.

    >>> _first_spellings(["Coach.Bo", "ann", "coach.bo"])
    [('coach.bo', 'Coach.Bo'), ('ann', 'ann')]
    """
    out: dict[str, str] = {}
    for name in spelt:
        out.setdefault(name.lower(), name)
    return list(out.items())


def _stripped(value: Any) -> str | None:
    raw = text(value)
    return raw.strip() or None if raw is not None else None


def _json(attributes: Mapping[str, Any]) -> str | None:
    kept = {k: v for k, v in attributes.items() if v is not None}
    return json.dumps(kept, ensure_ascii=False) if kept else None
