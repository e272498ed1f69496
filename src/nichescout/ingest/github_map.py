"""GitHub issues and pull requests onto canonical rows; the mapping is documented in
:mod:`nichescout.ingest.github`.

A backup is read twice. The first pass parses every file into an :class:`Item` (the issue
or pull request with its conversation comments, reviews and review comments, whatever the
backup tool's layout), checks it, and feeds it to a :class:`RepoIndex`, which keeps the
best copy of each issue or PR and learns every account the export describes and who wrote
each review comment. The second pass maps the items with an :class:`ItemMapper`, which can
then resolve ``@name`` mentions and review-comment reply chains wherever they lead. Every
error names the file and the element (``events #12``, ``comments #3``).

>>> mentioned_logins("@sipa ACK. cc @real-or-random, not me@example.com nor @org/team")
['sipa', 'real-or-random']
>>> mentioned_logins("> @quoted\\n```\\n@in_code\\n```\\n`@inline` and @after")
['after']
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from nichescout.exceptions import InputError
from nichescout.ingest.base import (
    deleted_member,
    interaction_row,
    parse_timestamp,
    placeholder_member,
)
from nichescout.kinds import ContentKind, InteractionKind
from nichescout.store import ImportSession

__all__ = [
    "GHOST",
    "STAFF_ASSOCIATIONS",
    "Item",
    "ItemMapper",
    "RepoIndex",
    "Sub",
    "mentioned_logins",
]

#: GitHub's stand-in for deleted accounts; one placeholder member per platform.
GHOST = "ghost"
#: ``author_association`` values of people with a role in the repository.
STAFF_ASSOCIATIONS = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})
#: Reactions that disapprove: a ``vote_down``, not counted in ``likes``.
_NEGATIVE = "-1"
_REACTION_NAMES = ("+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes")

_LOGIN = r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}"
_AT = re.compile(rf"(?<![\w@.`/+-])@({_LOGIN})(?![\w/-]|\.\w)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_QUOTE = re.compile(r"^ {0,3}>")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)

_SKIP_OLDER = "issue or pull request files met more than once: older copies left out"
_SKIP_REPEAT = "comments, reviews or reactions met more than once (same id in several files)"
_SKIP_EMPTY_REVIEW = (
    "reviews with an empty body (a wrapper of line comments or a bare approval): no content "
    "row, their approval is kept"
)
_SKIP_PENDING = "reviews never submitted (state PENDING, no submitted_at)"
_SKIP_ORPHAN = (
    "reply interactions of review comments whose replied-to comment is in neither this "
    "import nor the store"
)
_SKIP_MERGER = "merged pull requests whose merger the export does not name (no accept)"
_SKIP_GHOST_MENTION = "@ghost mentions (GitHub's stand-in for deleted accounts)"


def mentioned_logins(body: str | None) -> list[str]:
    """Distinct ``@login`` mentions of a Markdown body, in order.

    Quoted lines (``>``), fenced and indented code blocks, inline code and HTML comments are
    other people's words or code, not mentions; ``@org/team``, e-mail addresses and names
    that cannot be GitHub logins are left out.
    """
    if not body or "@" not in body:
        return []
    names: list[str] = []
    fence: str | None = None
    previous_blank = True
    in_indented = False
    for line in _HTML_COMMENT.sub("", body).splitlines():
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                if not line.strip().strip(fence[0]):
                    fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        blank = not line.strip()
        in_indented = bool(_INDENTED.match(line)) and not blank and (previous_blank or in_indented)
        previous_blank = blank
        if in_indented or _QUOTE.match(line):
            continue
        names.extend(_AT.findall(_CODE_SPAN.sub(" ", line)))
    return list(dict.fromkeys(names))


@dataclass(frozen=True)
class Sub:
    """One comment, review or review comment of an item, and where it sits in its file."""

    obj: dict[str, Any]
    where: str  # "events #12", "comments #3": for error messages
    line: int  # position in the file, for staged rows


@dataclass
class Item:
    """One issue or pull request as a backup file holds it, its parts sorted by kind."""

    top: dict[str, Any]
    pull: bool
    repo: str | None
    number: int
    created: datetime
    updated: str
    comments: list[Sub] = field(default_factory=list)
    reviews: list[Sub] = field(default_factory=list)
    review_comments: list[Sub] = field(default_factory=list)
    merge_event: Sub | None = None
    unmapped_events: int = 0
    others: list[Sub] = field(default_factory=list)  # other events: their actors are known

    @property
    def key(self) -> str:
        """The content id: ``owner/repo#number`` (``#number`` when the repo is unknown)."""
        return f"{self.repo or ''}#{self.number}"


@dataclass
class _Account:
    login: str
    file: str
    line: int
    user: dict[str, Any]
    association: tuple[datetime, str] | None = None
    staff: bool = False
    merged: int = 0


def _login(user: object, file: str, where: str | None, role: str) -> str:
    """The login of a user object; ``ghost`` for a deleted account (null user)."""
    if user is None:
        return GHOST
    login = user.get("login") if isinstance(user, dict) else None
    if not isinstance(login, str) or not login:
        raise InputError(
            file,
            where,
            f"{role} is not a GitHub user object with a login: {_short(user)}; export the "
            "REST API's JSON as it is.",
        )
    return GHOST if login.lower() == GHOST else login


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass
class RepoIndex:
    """Pass one: the best copy of each item, the accounts described, review-comment authors."""

    accounts: dict[str, _Account] = field(default_factory=dict)  # lower(login) → account
    best: dict[str, tuple[tuple[int, str], int]] = field(default_factory=dict)
    review_comment_authors: dict[int, str] = field(default_factory=dict)

    def add(self, item: Item, file_index: int, file: str) -> None:
        """Learn ``item`` (read from file number ``file_index``) and its accounts."""
        rank = (int(item.pull and "head" in item.top), item.updated)
        kept = self.best.get(item.key)
        if kept is None or rank > kept[0]:
            self.best[item.key] = (rank, file_index)
        self.describe(item.top.get("user"), file, 0)
        self.describe(item.top.get("merged_by"), file, 0)
        for sub in item.comments + item.reviews + item.review_comments + item.others:
            self.describe(sub.obj.get("user"), file, sub.line)
            self.describe(sub.obj.get("actor"), file, sub.line)
        for obj in [item.top] + [
            s.obj for s in item.comments + item.reviews + item.review_comments
        ]:
            for reaction in _reaction_list(obj):
                self.describe(reaction.get("user") if isinstance(reaction, dict) else None, file, 0)
        for sub in item.review_comments:
            self.review_comment_authors[sub.obj["id"]] = _login(
                sub.obj.get("user"), file, sub.where, "user"
            )

    def describe(self, user: object, file: str, line: int) -> None:
        """Remember an account a user object describes (each field's first value wins)."""
        if not isinstance(user, dict) or not isinstance(user.get("login"), str):
            return
        login = user["login"]
        if not login or login.lower() == GHOST:
            return
        account = self.accounts.get(login.lower())
        if account is None:
            self.accounts[login.lower()] = _Account(login, file, line, dict(user))
            return
        for name, value in user.items():  # a full profile adds to a summary met before
            if account.user.get(name) is None:
                account.user[name] = value

    def is_best(self, item: Item, file_index: int) -> bool:
        return self.best[item.key][1] == file_index

    def note_association(self, login: str, value: object, at: datetime) -> None:
        """An item's ``author_association``: the latest is kept, staff if ever staff."""
        account = self.accounts.get(login.lower())
        if account is None or not isinstance(value, str):
            return
        if account.association is None or at >= account.association[0]:
            account.association = (at, value)
        account.staff |= value in STAFF_ASSOCIATIONS


class ItemMapper:
    """Pass two: writes each item's content and interactions; :meth:`finish` the members."""

    def __init__(self, session: ImportSession, platform: str, index: RepoIndex) -> None:
        self.session = session
        self.platform = platform
        self.index = index
        self.referenced: set[str] = set()  # logins of accounts the rows name
        self.placeholders: dict[str, str] = {}  # lower(name) → name as first written
        self._seen_items: set[str] = set()
        self._seen: set[str] = set()
        self._pending_replies: list[tuple[str, str, int, tuple[datetime, str, int]]] = []
        self._content = session.writer("content")
        self._interactions = session.writer("interactions")
        self._stored: dict[str, str] | None = None

    # -- one item ---------------------------------------------------------------------------
    def item(self, item: Item, file: str, best: bool) -> None:
        """Map ``item`` read from ``file``; ``best`` when it is the kept copy of its issue/PR."""
        key = item.key
        top = item.top
        author = self._who(top.get("user"), file, None)
        if best and key not in self._seen_items:
            self._seen_items.add(key)
            self._top(item, key, author, file)
        elif not best:
            self.session.skip(_SKIP_OLDER)
        for sub in item.comments:
            self._comment(item, sub, author, file, f"issuecomment-{sub.obj['id']}")
        for sub in item.reviews:
            self._review(item, sub, author, file)
        for sub in item.review_comments:
            self._review_comment(item, sub, author, file)

    def _top(self, item: Item, key: str, author: str, file: str) -> None:
        top = item.top
        self.index.note_association(author, top.get("author_association"), item.created)
        labels = [
            label.get("name") if isinstance(label, dict) else label
            for label in _list(top.get("labels"))
        ]
        tags = [label.lower() for label in labels if isinstance(label, str) and label]
        comments = _count(top.get("comments"))
        if item.pull and _count(top.get("review_comments")) is not None:
            comments = (comments or 0) + (_count(top.get("review_comments")) or 0)
        merged_at = _merged_at(item, file)
        self._content.append(
            {
                "platform": self.platform,
                "content_id": key,
                "author_id": author,
                "kind": (ContentKind.IDEA if item.pull else ContentKind.POST).value,
                "thread_id": key,
                "channel": item.repo,
                "created_at": item.created,
                "title": _text(top.get("title")),
                "text": _body(top.get("body")),
                "likes": _likes(top.get("reactions")),
                "comments": comments,
                "accepted": True if merged_at is not None else None,
                "tags": tags or None,
            },
            file=file,
            line=0,
        )
        at = (item.created, file, 0)
        self._mentions(key, author, top.get("body"), at)
        self._reactions(key, author, top, file, None, 0)
        if merged_at is None:
            return
        merger = top.get("merged_by")
        event = item.merge_event
        if not isinstance(merger, dict) and event is not None:
            merger = event.obj.get("actor")
        if not isinstance(merger, dict):
            self.session.skip(_SKIP_MERGER)
            return
        actor = self._who(merger, file, None)
        account = self.index.accounts.get(actor.lower())
        if account is not None:
            account.merged += 1
        self._interaction(
            f"merge:{key}", InteractionKind.ACCEPT, actor, author, key, (merged_at, file, 0)
        )

    def _fresh(self, cid: str) -> bool:
        """Whether ``cid`` is met for the first time (a repeat is counted and left out)."""
        if cid in self._seen:
            self.session.skip(_SKIP_REPEAT)
            return False
        self._seen.add(cid)
        return True

    def _comment(self, item: Item, sub: Sub, author: str, file: str, cid: str) -> None:
        """A conversation comment, or a review with a body: a reply to the item's author."""
        if cid.startswith("issuecomment-") and not self._fresh(cid):
            return
        obj = sub.obj
        who = self._who(obj.get("user"), file, sub.where)
        created = _time(obj, "submitted_at" if cid.startswith("pull") else "created_at", file, sub)
        self.index.note_association(who, obj.get("author_association"), created)
        self._row(item, cid, who, item.key, created, obj, file, sub)
        at = (created, file, sub.line)
        self._interaction(f"reply:{cid}", InteractionKind.REPLY, who, author, cid, at)
        self._mentions(cid, who, obj.get("body"), at)
        self._reactions(cid, who, obj, file, sub.where, sub.line)

    def _review(self, item: Item, sub: Sub, author: str, file: str) -> None:
        """A review: an approval is a ``vote_up``; a body makes it a comment too."""
        obj = sub.obj
        if obj.get("state") == "PENDING" or obj.get("submitted_at") is None:
            self.session.skip(_SKIP_PENDING)
            return
        cid = f"pullrequestreview-{obj['id']}"
        if not self._fresh(cid):
            return
        who = self._who(obj.get("user"), file, sub.where)
        at = (_time(obj, "submitted_at", file, sub), file, sub.line)
        self.index.note_association(who, obj.get("author_association"), at[0])
        if obj.get("state") == "APPROVED":
            self._interaction(f"approve:{cid}", InteractionKind.VOTE_UP, who, author, item.key, at)
        if _body(obj.get("body")) is None:
            self.session.skip(_SKIP_EMPTY_REVIEW)
            return
        self._comment(item, sub, author, file, cid)

    def _review_comment(self, item: Item, sub: Sub, author: str, file: str) -> None:
        obj = sub.obj
        cid = f"discussion_r{obj['id']}"
        if not self._fresh(cid):
            return
        who = self._who(obj.get("user"), file, sub.where)
        created = _time(obj, "created_at", file, sub)
        self.index.note_association(who, obj.get("author_association"), created)
        answered = obj.get("in_reply_to_id")
        parent = item.key if answered is None else f"discussion_r{answered}"
        self._row(item, cid, who, parent, created, obj, file, sub)
        at = (created, file, sub.line)
        if answered is None:
            self._interaction(f"reply:{cid}", InteractionKind.REPLY, who, author, cid, at)
        else:
            target = self.index.review_comment_authors.get(answered)
            if target is None:
                self._pending_replies.append((cid, who, answered, at))
            else:
                self._interaction(
                    f"reply:{cid}", InteractionKind.REPLY, who, self._who_login(target), cid, at
                )
        self._mentions(cid, who, obj.get("body"), at)
        self._reactions(cid, who, obj, file, sub.where, sub.line)

    def _row(
        self,
        item: Item,
        cid: str,
        author: str,
        parent: str,
        created: datetime,
        obj: dict[str, Any],
        file: str,
        sub: Sub,
    ) -> None:
        self._content.append(
            {
                "platform": self.platform,
                "content_id": cid,
                "author_id": author,
                "kind": ContentKind.COMMENT.value,
                "parent_id": parent,
                "thread_id": item.key,
                "channel": item.repo,
                "created_at": created,
                "text": _body(obj.get("body")),
                "likes": _likes(obj.get("reactions")),
            },
            file=file,
            line=sub.line,
        )

    # -- people ------------------------------------------------------------------------------
    def _who(self, user: object, file: str, where: str | None) -> str:
        return self._who_login(_login(user, file, where, "user"))

    def _who_login(self, login: str) -> str:
        if login != GHOST:
            account = self.index.accounts.get(login.lower())
            login = account.login if account is not None else login
        self.referenced.add(login)
        return login

    def _mentions(self, cid: str, author: str, body: object, at: tuple[datetime, str, int]) -> None:
        if not isinstance(body, str):
            return
        for name in mentioned_logins(body):
            if name.lower() == GHOST:
                self.session.skip(_SKIP_GHOST_MENTION)
                continue
            target = self._resolve(name)
            iid = f"mention:{cid}:{target}"
            if iid not in self._seen:
                self._seen.add(iid)
                self._interaction(iid, InteractionKind.MENTION, author, target, cid, at)

    def _resolve(self, name: str) -> str:
        """The member a mentioned name stands for: described here, stored, or a placeholder."""
        lower = name.lower()
        account = self.index.accounts.get(lower)
        if account is not None:
            return self._who_login(account.login)
        if self._stored is None:
            rows = self.session.con.execute(
                "SELECT lower(member_id), member_id FROM members WHERE platform = ?",
                [self.platform],
            ).fetchall()
            self._stored = dict(rows)
        stored = self._stored.get(lower)
        if stored is not None:
            return stored
        return self.placeholders.setdefault(lower, name)

    def _reactions(
        self, cid: str, author: str, obj: dict[str, Any], file: str, where: str | None, line: int
    ) -> None:
        """Per-user reactions (a list of reaction objects), when the export has them."""
        for number, reaction in enumerate(_reaction_list(obj), start=1):
            place = f"{where + ', ' if where else ''}reactions #{number}"
            if not isinstance(reaction, dict):
                raise InputError(
                    file, place, f"is a JSON {type(reaction).__name__}, not an object."
                )
            emoji = reaction.get("content")
            who = self._who(reaction.get("user"), file, place)
            rid = reaction.get("id")
            iid = f"reaction:{rid}" if isinstance(rid, int) else f"reaction:{cid}:{who}:{emoji}"
            if not self._fresh(iid):
                continue
            created = reaction.get("created_at")
            when = parse_timestamp(created, file, place) if isinstance(created, str) else None
            kind = InteractionKind.VOTE_DOWN if emoji == _NEGATIVE else InteractionKind.REACTION
            self._interaction(iid, kind, who, author, cid, (when, file, line))

    # -- the end -----------------------------------------------------------------------------
    def finish(self) -> None:
        """Resolve review-comment replies to comments imported before, write the members."""
        if self._pending_replies:
            wanted = sorted({f"discussion_r{a}" for _, _, a, _ in self._pending_replies})
            stored = dict(
                self.session.con.execute(
                    """SELECT c.content_id, m.member_id FROM content c
                       JOIN members m ON m.member_key = c.author_key
                       WHERE c.platform = ? AND list_contains(?, c.content_id)""",
                    [self.platform, wanted],
                ).fetchall()
            )
            for cid, who, answered, at in self._pending_replies:
                target = stored.get(f"discussion_r{answered}")
                if target is None:
                    self.session.skip(_SKIP_ORPHAN)
                    continue
                self._interaction(f"reply:{cid}", InteractionKind.REPLY, who, target, cid, at)
        members = self.session.writer("members")
        for login in sorted(self.referenced):
            account = self.index.accounts.get(login.lower())
            file, line = (account.file, account.line) if account is not None else (None, None)
            members.append(self._member(login, account), file=file, line=line)
        for name in sorted(self.placeholders.values()):
            members.append(self._placeholder(name))

    def _placeholder(self, name: str) -> dict[str, Any]:
        """A member referred to (mentioned) that no user object describes."""
        return placeholder_member(self.platform, name, handle=name)

    def _member(self, login: str, account: _Account | None) -> dict[str, Any]:
        if login == GHOST:
            return deleted_member(self.platform, GHOST, handle=GHOST)
        if account is None:
            return self._placeholder(login)
        user = account.user
        kind = _text(user.get("type"))
        attributes = {
            "github_id": _count(user.get("id")),
            "type": kind if kind not in (None, "User") else None,
            "site_admin": True if user.get("site_admin") is True else None,
            "author_association": account.association[1] if account.association else None,
            "staff": True if account.staff or account.merged else None,
            "merged": account.merged or None,
        }
        joined = user.get("created_at")
        return {
            "platform": self.platform,
            "member_id": login,
            "handle": login,
            "display_name": _text(user.get("name")),
            "joined_at": parse_timestamp(joined, account.file, account.line)
            if isinstance(joined, str)
            else None,
            "followers": _count(user.get("followers")),
            "following": _count(user.get("following")),
            "bio": _text(user.get("bio")),
            "country": _text(user.get("location")),
            "is_bot": kind == "Bot" or login.lower().endswith("[bot]"),
            "attributes": json.dumps({k: v for k, v in attributes.items() if v is not None}),
        }

    def _interaction(
        self,
        iid: str,
        kind: InteractionKind,
        actor: str,
        target: str,
        content: str,
        at: tuple[datetime | None, str, int],
    ) -> None:
        created, file, line = at
        self._interactions.append(
            interaction_row(self.platform, iid, kind.value, actor, target, content, created),
            file=file,
            line=line,
        )


def _merged_at(item: Item, file: str) -> datetime | None:
    """When a pull request was merged (``merged_at``, else its ``merged`` event), or None."""
    top = item.top
    value = top.get("merged_at")
    nested = top.get("pull_request")
    if value is None and isinstance(nested, dict):
        value = nested.get("merged_at")
    if isinstance(value, str):
        return parse_timestamp(value, file, "merged_at")
    if item.merge_event is not None:
        return _time(item.merge_event.obj, "created_at", file, item.merge_event)
    return None


def _time(obj: dict[str, Any], name: str, file: str, sub: Sub) -> datetime:
    value = obj.get(name)
    if not isinstance(value, str):
        raise InputError(
            file,
            sub.where,
            f"{name} is not an ISO date and time (like 2019-06-01T10:21:31Z): {_short(value)}.",
        )
    return parse_timestamp(value, file, sub.where)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _body(value: object) -> str | None:
    """A Markdown body as stored text: Windows line ends made plain, blank bodies None."""
    if not isinstance(value, str) or not value.strip():
        return None
    return value.replace("\r\n", "\n").strip()


def _reaction_list(obj: dict[str, Any]) -> list[Any]:
    """Per-user reactions: ``reactions`` when it is a list, else ``reaction_data``."""
    listed = obj.get("reactions")
    return listed if isinstance(listed, list) else _list(obj.get("reaction_data"))


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _likes(reactions: object) -> int | None:
    """Reactions that approve: every reaction but thumbs-down (``-1``).

    The REST API's summary (``{"total_count": 3, "+1": 2, "-1": 1, …}``) or a list of
    reaction objects (``[{"content": "heart", "user": {…}}, …]``); None when neither.
    """
    if isinstance(reactions, dict):
        counts = [_count(reactions.get(name)) for name in _REACTION_NAMES if name != _NEGATIVE]
        if all(c is None for c in counts):
            total = _count(reactions.get("total_count"))
            return None if total is None else total - (_count(reactions.get(_NEGATIVE)) or 0)
        return sum(c or 0 for c in counts)
    if isinstance(reactions, list):
        return sum(1 for r in reactions if isinstance(r, dict) and r.get("content") != _NEGATIVE)
    return None
