"""GitHub importer: issues and pull requests in the REST API's JSON, as backup tools save them.

PATH is one JSON file or a folder searched recursively for ``*.json``, one issue or pull
request per file with its history, in either layout:

* github-metadata-backup (``issues/N.json``, ``pulls/N.json``): ``{"type": "issue",
  "issue": {…}, "events": […]}`` or ``{"type": "pull", "pull": {…}, "events": […],
  "comments": […]}`` — ``events`` is the issue timeline (``commented`` = a conversation
  comment, ``reviewed`` = a review, ``merged``, and events nichescout does not map),
  ``comments`` the review comments on diff lines;
* python-github-backup: the REST issue or pull object itself, with ``comment_data``,
  ``comment_regular_data``, ``review_data`` and ``event_data`` lists beside its fields
  (a comment with ``diff_hunk`` or ``pull_request_review_id`` is a review comment).

Other JSON files (repository, labels, milestones, …) are counted and left unread. The
mapping:

=====================  =======================================================================
source                 canonical rows
=====================  =======================================================================
account                ``members``: member_id = handle = ``login`` (what mentions, reviewers
                       and github.com/LOGIN use; stable ids are kept as attributes),
                       display_name = ``name``, joined_at, followers, following, bio,
                       country (``location``) when the user objects carry them; is_bot for
                       ``type`` Bot and logins ending in ``[bot]``; attributes: github_id,
                       type (when not User), site_admin, author_association (the latest of
                       their items), staff (``OWNER``, ``MEMBER`` or ``COLLABORATOR`` on any
                       item, or merged a pull request), merged (pull requests merged). Only
                       accounts the rows name become members. ``ghost`` (or a null user:
                       deleted accounts) is one placeholder, ``{"deleted": true}``; a
                       mentioned login no user object describes (and not in the store) is a
                       placeholder ``{"placeholder": true}``; neither is a bot
issue / pull request   ``content``: content_id = ``owner/repo#N``; kind ``post`` (issue) or
                       ``idea`` (pull request: a proposal others review, approve and merge);
                       thread_id = itself; title, text = ``body`` (Markdown), tags = labels
                       (lower case), channel = ``owner/repo``, comments = ``comments`` (+
                       ``review_comments`` for pulls), likes = the reactions but thumbs-down,
                       accepted = merged
conversation comment   ``content`` kind ``comment`` ``issuecomment-ID`` (GitHub's anchor),
                       parent = the issue/PR; ``reply`` commenter → the issue/PR author
review                 state APPROVED: ``vote_up`` reviewer → PR author on the PR, id
                       ``approve:pullrequestreview-ID``, at ``submitted_at``; a review with a
                       body is also a ``comment`` ``pullrequestreview-ID`` with a ``reply``
                       to the PR author (other states: COMMENTED, CHANGES_REQUESTED give no
                       vote)
review comment         ``content`` kind ``comment`` ``discussion_rID``: with
                       ``in_reply_to_id``, parent = that comment and ``reply`` → its author
                       (found in the import, else the store; skipped and counted when in
                       neither); else parent = the PR and ``reply`` → the PR author
merge                  ``accept`` merger (``merged_by``, else the ``merged`` event's actor) →
                       PR author on the PR, id ``merge:owner/repo#N``, at ``merged_at``
``@login`` in a body   one ``mention`` per distinct login, id ``mention:<content id>:<login>``;
                       not in quoted (``>``) lines, code blocks, inline code or HTML comments;
                       ``@org/team`` and e-mail addresses are not mentions
reactions              summaries (``{"+1": 2, "heart": 1, …}``) give ``likes``; lists of
                       reaction objects (the ``/reactions`` endpoints) give one ``reaction``
                       per user (``vote_down`` for ``-1``), id ``reaction:ID``
=====================  =======================================================================

The same issue or PR met in several files is mapped from its best copy (a pull object over
an issue object, then the latest ``updated_at``); comments, reviews and reactions are kept
once per id, wherever met. Self-interactions are kept, as in the other importers. The
platform is ``github:owner/repo`` from the objects' API addresses (else the folder's name);
several repositories in one import need ``platform=`` (``--platform``).

>>> import json, tempfile
>>> from nichescout.store import Store
>>> folder = Path(tempfile.mkdtemp())
>>> user = lambda login: {"login": login, "id": len(login), "type": "User"}
>>> _ = (folder / "1.json").write_text(json.dumps({"type": "pull", "pull": {
...     "number": 1, "url": "https://api.github.com/repos/o/r/pulls/1", "user": user("ann"),
...     "created_at": "2024-01-01T10:00:00Z", "merged_at": "2024-01-03T10:00:00Z",
...     "merged_by": user("bo"), "title": "Fix", "body": "cc @cy"}, "comments": [],
...     "events": [{"event": "reviewed", "id": 7, "state": "APPROVED", "body": "ACK",
...                 "user": user("bo"), "submitted_at": "2024-01-02T10:00:00Z"}]}))
>>> report = import_github(Store(":memory:"), folder)
>>> report.platform, report.added
('github:o/r', {'members': 3, 'content': 2, 'interactions': 4})
>>> import shutil; shutil.rmtree(folder)
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from nichescout.exceptions import InputError
from nichescout.ingest.base import NullProgress, Progress, parse_timestamp
from nichescout.ingest.github_map import Item, ItemMapper, RepoIndex, Sub
from nichescout.ingest.paths import inside
from nichescout.store import ImportReport, ImportSession, Store

__all__ = ["import_github", "parse_item"]

_HINT = (
    "pass a GitHub backup: issues/N.json and pulls/N.json files of the REST API's JSON "
    "(github-metadata-backup or python-github-backup), or a folder of them"
)
_SKIP_UNKNOWN = "JSON files that are not GitHub issues or pull requests, left unread"
_SKIP_EVENTS = (
    "timeline events that are not content or interactions (committed, referenced, "
    "mentioned, subscribed, labeled, closed, …)"
)
_REPO = re.compile(r"(?:api\.github\.com/repos/|github\.com/)([^/]+/[^/]+)/(?:issues|pulls?)/")
_REVIEW_COMMENT_KEYS = ("diff_hunk", "pull_request_review_id")


def read_json(path: Path, label: str) -> Any:
    """The parsed JSON of ``path``, or an :class:`InputError` naming the file and the fix."""
    try:
        return json.loads(path.read_bytes())
    except json.JSONDecodeError as err:
        raise InputError(
            label,
            None,
            f"not valid JSON ({err.msg} at line {err.lineno}, column {err.colno}); "
            "back it up again or repair it.",
        ) from err
    except UnicodeDecodeError as err:
        raise InputError(label, None, "not UTF-8 JSON; back it up again.") from err
    except RecursionError as err:
        raise InputError(label, None, "JSON nested too deeply to be a GitHub file.") from err


def _objects(data: dict[str, Any], name: str, label: str) -> list[tuple[int, dict[str, Any]]]:
    """The objects of list ``name`` (absent: none), each with its 1-based position."""
    items = data.get(name)
    if items is None:
        return []
    if not isinstance(items, list):
        raise InputError(
            label, name, f"is a JSON {type(items).__name__}, not a list; export it as it is."
        )
    for number, obj in enumerate(items, start=1):
        if not isinstance(obj, dict):
            raise InputError(
                label, f"{name} #{number}", f"is a JSON {type(obj).__name__}, not an object."
            )
    return list(enumerate(items, start=1))


def _checked(sub: Sub, label: str, user_key: str = "user") -> Sub:
    """A comment or review with an integer id and a user object (or null: deleted)."""
    rid = sub.obj.get("id")
    if isinstance(rid, bool) or not isinstance(rid, int):
        raise InputError(
            label, sub.where, f"id is not an integer: {rid!r}; a GitHub comment has its REST id."
        )
    user = sub.obj.get(user_key)
    if user is not None and not isinstance(user, dict):
        raise InputError(label, sub.where, f"{user_key} is not a user object: {user!r}.")
    reply = sub.obj.get("in_reply_to_id")
    if reply is not None and (isinstance(reply, bool) or not isinstance(reply, int)):
        raise InputError(label, sub.where, f"in_reply_to_id is not an integer: {reply!r}.")
    return sub


def parse_item(data: object, label: str) -> Item | None:
    """The issue or pull request a file holds, its parts checked; None for other JSON."""
    if not isinstance(data, dict):
        return None
    kind = data.get("type")
    if kind in ("issue", "pull") and isinstance(data.get(kind), dict):
        top: dict[str, Any] = data[kind]
        pull = kind == "pull"
        layout = "metadata"
    elif "number" in data and ("user" in data or "title" in data) and "created_at" in data:
        top = data
        pull = "head" in data or "merged_at" in data or "pull_request" in data
        layout = "backup"
    else:
        return None
    number = top.get("number")
    if isinstance(number, bool) or not isinstance(number, int):
        raise InputError(label, None, f"number is not an integer: {number!r}.")
    created = top.get("created_at")
    if not isinstance(created, str):
        raise InputError(label, None, f"created_at is not an ISO date and time: {created!r}.")
    user = top.get("user")
    if user is not None and not isinstance(user, dict):
        raise InputError(label, None, f"user is not a user object: {user!r}.")
    repo = next(
        (
            found.group(1)
            for name in ("url", "html_url", "repository_url", "issue_url")
            if isinstance(top.get(name), str) and (found := _REPO.search(top[name]))
        ),
        None,
    )
    updated = top.get("updated_at")
    item = Item(
        top,
        pull,
        repo,
        number,
        parse_timestamp(created, label, None),
        updated if isinstance(updated, str) else "",
    )
    line = 0
    lists = (
        ("events", "comments")
        if layout == "metadata"
        else ("comment_data", "comment_regular_data", "review_data", "event_data")
    )
    for name in (*lists, "reviews"):
        for number, obj in _objects(data, name, label):
            line += 1
            sub = Sub(obj, f"{name} #{number}", line)
            event = obj.get("event") if name in ("events", "event_data") else None
            if name in ("review_data", "reviews") or event == "reviewed":
                item.reviews.append(_checked(sub, label))
            elif event == "commented" or (event is None and name not in ("events", "event_data")):
                if any(key in obj for key in _REVIEW_COMMENT_KEYS) or name == "comments":
                    item.review_comments.append(_checked(sub, label))
                else:
                    item.comments.append(_checked(sub, label))
            else:
                if event == "merged":
                    item.merge_event = sub
                else:
                    item.unmapped_events += 1
                item.others.append(sub)
    return item


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise InputError(root, None, f"no such file or folder; {_HINT}.")
    return inside(root, sorted(p for p in root.rglob("*.json") if p.is_file()))


def import_github(
    store: Store,
    path: str | Path,
    *,
    platform: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a GitHub issues and pull requests backup (a file or a folder), one transaction."""
    root = Path(path)
    files = _files(root)
    base = root if root.is_dir() else root.parent
    labels = [str(f.relative_to(base)) for f in files]
    hook = progress or NullProgress()
    index = RepoIndex()
    with_items: list[int] = []
    repos: dict[str, tuple[str, str]] = {}  # lower(owner/repo) → (owner/repo, first file)
    hook.start(f"{base.name}: reading GitHub JSON", len(files))
    for number, (file, label) in enumerate(zip(files, labels, strict=True)):
        item = parse_item(read_json(file, label), label)
        hook.advance(1)
        if item is None:
            continue
        index.add(item, number, label)
        with_items.append(number)
        if item.repo is not None:
            repos.setdefault(item.repo.lower(), (item.repo, label))
    if not with_items:
        raise InputError(root, None, f"holds no GitHub issues or pull requests; {_HINT}.")
    if platform is None and len(repos) > 1:
        (first, at_first), (second, at_second) = sorted(repos.values(), key=lambda r: r[1])[:2]
        raise InputError(
            at_second,
            None,
            f"this file is from {second}, {at_first} from {first}; import each repository on "
            "its own, or pass --platform NAME to file them together (the repository stays "
            "in content.channel).",
        )
    one_repo = next(iter(repos.values()), (None, None))[0]
    platform = platform or f"github:{one_repo or base.resolve().name}"
    with ImportSession(store, "github", root, platform=platform) as session:
        session.skip(_SKIP_UNKNOWN, len(files) - len(with_items))
        mapper = ItemMapper(session, platform, index)
        kept = {number for _, number in index.best.values()}
        ordered = sorted(with_items, key=lambda n: n not in kept)  # best copies first
        hook.start(f"{base.name}: mapping GitHub issues and pull requests", len(ordered))
        for number in ordered:
            item = parse_item(read_json(files[number], labels[number]), labels[number])
            assert item is not None  # the same bytes parsed in pass one
            mapper.item(item, labels[number], index.is_best(item, number))
            session.skip(_SKIP_EVENTS, item.unmapped_events)
            hook.advance(1)
        mapper.finish()
        return session.commit()
