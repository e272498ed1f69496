"""Discourse forum importer: the JSON the forum's API serves, saved as files.

PATH is one JSON file or a folder searched recursively for ``*.json``. Each file is one of:

* a post, as ``/posts/ID.json`` serves it (also the files of discourse-archive);
* a topic, as ``/t/ID.json`` (or ``/t/ID/posts.json``) serves it: its ``post_stream.posts``,
  plus the topic's title, category, tags, solved answer and author;
* a list of posts: ``/posts.json`` (``latest_posts``) or a JSON array of post objects;
* categories, as ``/categories.json`` or ``/site.json`` serve them: category names.

Other JSON files are counted and left unread. The export is read in two passes (see
:mod:`nichescout.ingest.discourse_map`): the first checks every post and keeps one copy of
each post id — the highest ``version``, then the latest ``updated_at`` (an archive may save a
post again after a retitle) — and the second maps the kept copies. The mapping:

=====================  =======================================================================
source                 canonical rows
=====================  =======================================================================
post author            ``members``: member_id = ``user_id``, handle = ``username``,
                       display_name = ``name``; attributes: trust_level, moderator, admin,
                       staff, group_moderator, primary_group, title (from the author's latest
                       post); is_bot for Discourse's own accounts (negative ids: ``system``
                       -1, ``discobot`` -2); a post with a null ``user_id`` (deleted account)
                       is by one placeholder member ``deleted`` (attributes ``{"deleted":
                       true}``); joined_at, followers, bio are not in the post JSON (NULL)
named, not author      a user the posts name (mentioned, ``reply_to_user``, a topic file's
                       ``details.created_by`` or ``accepter_username``) who wrote none of
                       them and is not in the store: a placeholder member (attributes
                       ``{"placeholder": true}``, not a bot), member_id = the user id when
                       given, else ``@`` + the lower-case username; handle = the username
post                   ``content``: content_id = post ``id``; the post with ``post_number`` 1
                       opens the thread (thread_id = its id; kind ``question`` when the topic
                       has an accepted answer, else ``post``; title = the topic's title, tags
                       = the topic's tags); every other post has thread_id = that first
                       post's id (NULL when the export lacks it), parent_id = the post it
                       replies to (``reply_to_post_number`` in the same topic) or else the
                       first post, kind ``answer`` in a solved topic, else ``comment``;
                       channel = the category's name when a categories file names it, else
                       its ``category_id``; text = ``cooked`` HTML as plain text; likes = the
                       like count (``actions_summary`` id 2) or the reactions plugin's total
                       (``reactions`` counts), the larger — the plugin lists likes as its main
                       reaction; comments = ``reply_count``; views = ``reads``; accepted =
                       the solved plugin's ``accepted_answer: true`` (or the topic's
                       ``accepted_answer.post_number``); Discourse's ``score`` is a ranking
                       heuristic, not net votes, and is not kept
reply                  ``reply`` author → the replied-to post's author, else
                       ``reply_to_user``, else (no ``reply_to_post_number``) the topic's
                       author; id ``reply:<post id>``; skipped and counted when none is
                       known
accepted answer        ``accept`` topic author (or the topic's ``accepter_username``) →
                       answer author, id ``accept:<post id>``, dated at the answer
``@name`` in cooked    one ``mention`` per distinct member (``<a class="mention"
                       href="/u/NAME">``, not inside a quote: ``<aside class="quote">`` or
                       ``<blockquote>``; not a group, ``@here`` or ``@all``; a
                       ``<span class="mention">`` matched no user and is not one), id
                       ``mention:<post id>:<member id>``; a name that wrote no post in the
                       export is still a user of the forum: a placeholder (above)
=====================  =======================================================================

Who liked or reacted is not in the API's post JSON (only counts), so likes and reactions
give no interactions. Small-action posts (``post_type`` 3: "closed the topic") are counted,
not kept. Self-interactions are kept, as in the other importers. The platform is
``discourse:<folder name>`` (the folder given, or the one holding the file given).

>>> import json, tempfile
>>> from nichescout.store import Store
>>> folder = Path(tempfile.mkdtemp()) / "forum"
>>> folder.mkdir()
>>> def post(pid, number, user, name, **more):
...     return {"id": pid, "topic_id": 9, "post_number": number, "user_id": user,
...             "username": name, "created_at": f"2024-01-0{number}T10:00:00Z", **more}
>>> _ = (folder / "t9.json").write_text(json.dumps({"id": 9, "title": "Fees?",
...     "post_stream": {"posts": [
...         post(1, 1, 1, "ann", cooked="<p>Why?</p>"),
...         post(2, 2, 2, "bo", cooked='<p>Ask <a class="mention" href="/u/ann">@ann</a></p>',
...              actions_summary=[{"id": 2, "count": 3}], accepted_answer=True)]}}))
>>> report = import_discourse(Store(":memory:"), folder)
>>> report.platform, report.added
('discourse:forum', {'members': 2, 'content': 2, 'interactions': 3})
>>> import shutil; shutil.rmtree(folder)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nichescout.exceptions import InputError
from nichescout.ingest.base import NullProgress, Progress
from nichescout.ingest.discourse_map import ForumIndex, PostMapper, TopicInfo
from nichescout.ingest.paths import inside
from nichescout.store import ImportReport, ImportSession, Store

__all__ = ["import_discourse", "read_json"]

_HINT = (
    "pass a Discourse post (/posts/ID.json) or topic (/t/ID.json) JSON file, or a folder of them"
)
_SKIP_UNKNOWN = "JSON files that are not Discourse posts, topics or categories, left unread"
_SKIP_STREAM = (
    "posts a topic file lists in post_stream.stream but does not include (fetch "
    "/t/ID/posts.json?post_ids[]=… for them)"
)


def read_json(path: Path, label: str) -> Any:
    """The parsed JSON of ``path``, or an :class:`InputError` naming the file and the fix."""
    try:
        return json.loads(path.read_bytes())
    except json.JSONDecodeError as err:
        raise InputError(
            label,
            None,
            f"not valid JSON ({err.msg} at line {err.lineno}, column {err.colno}); "
            "download it again from the forum or repair it.",
        ) from err
    except UnicodeDecodeError as err:
        raise InputError(label, None, "not UTF-8 JSON; download it again.") from err
    except RecursionError as err:
        raise InputError(label, None, "JSON nested too deeply to be a Discourse file.") from err


@dataclass
class _Parsed:
    """What one file holds: posts with their position (None for a one-post file), and more."""

    posts: list[tuple[int | None, dict[str, Any]]] = field(default_factory=list)
    topic: tuple[int, TopicInfo] | None = None
    categories: dict[int, str] = field(default_factory=dict)
    unlisted: int = 0


def _post_list(items: object, label: str) -> list[tuple[int | None, dict[str, Any]]]:
    if not isinstance(items, list):
        raise InputError(
            label, None, f"holds a JSON {type(items).__name__} where a list of posts belongs."
        )
    for row, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise InputError(label, row, f"is a JSON {type(item).__name__}, not a post object.")
    return list(enumerate(items, start=1))


def _topic(data: dict[str, Any], label: str) -> _Parsed:
    stream = data["post_stream"]
    if not isinstance(stream, dict):
        raise InputError(label, None, "post_stream is not an object holding 'posts'.")
    posts = _post_list(stream.get("posts"), label)
    topic_id = data.get("id")
    parsed = _Parsed(posts)
    if isinstance(topic_id, int):
        for _, post in posts:
            post.setdefault("topic_id", topic_id)
        accepted = data.get("accepted_answer")
        accepted = accepted if isinstance(accepted, dict) else {}
        details = data.get("details")
        creator = details.get("created_by") if isinstance(details, dict) else None
        creator_id = creator.get("id") if isinstance(creator, dict) else None
        creator_name = creator.get("username") if isinstance(creator, dict) else None
        raw_tags = data.get("tags")
        tags = [
            (tag.get("name") if isinstance(tag, dict) else tag)
            for tag in (raw_tags if isinstance(raw_tags, list) else [])
        ]
        number = accepted.get("post_number")
        parsed.topic = (
            topic_id,
            TopicInfo(
                title=data.get("title") if isinstance(data.get("title"), str) else None,
                category_id=data.get("category_id")
                if isinstance(data.get("category_id"), int)
                else None,
                tags=[t.lower() for t in tags if isinstance(t, str)] or None,
                accepted_number=number if isinstance(number, int) else None,
                accepter=accepted.get("accepter_username"),
                author=str(creator_id)
                if isinstance(creator_id, int) and not isinstance(creator_id, bool)
                else None,
                author_name=creator_name if isinstance(creator_name, str) else None,
            ),
        )
    listed = stream.get("stream")
    if isinstance(listed, list):
        parsed.unlisted = max(0, len(listed) - len(posts))
    return parsed


def _categories(items: object) -> dict[int, str]:
    names: dict[int, str] = {}
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), int):
            if isinstance(item.get("name"), str):
                names[item["id"]] = item["name"]
            sub = item.get("subcategory_list")
            names.update(_categories(sub))
    return names


def parse_file(data: object, label: str) -> _Parsed | None:
    """The posts (and topic or category facts) of one file's JSON; None for other JSON."""
    if isinstance(data, list):
        if data and all(isinstance(i, dict) and "post_number" in i for i in data):
            return _Parsed(_post_list(data, label))
        return None
    if not isinstance(data, dict):
        return None
    if "post_stream" in data:
        return _topic(data, label)
    if "post_number" in data and "id" in data:
        return _Parsed([(None, data)])
    if "latest_posts" in data:
        return _Parsed(_post_list(data["latest_posts"], label))
    listing = data.get("category_list")
    if isinstance(listing, dict) and "categories" in listing:
        return _Parsed(categories=_categories(listing["categories"]))
    if isinstance(data.get("categories"), list):
        return _Parsed(categories=_categories(data["categories"]))
    return None


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise InputError(root, None, f"no such file or folder; {_HINT}.")
    return inside(root, sorted(p for p in root.rglob("*.json") if p.is_file()))


def import_discourse(
    store: Store,
    path: str | Path,
    *,
    platform: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import Discourse post and topic JSON (a file or a folder) into ``store``, one transaction."""
    root = Path(path)
    files = _files(root)
    base = root if root.is_dir() else root.parent
    labels = [str(f.relative_to(base)) for f in files]
    platform = platform or f"discourse:{base.resolve().name}"
    hook = progress or NullProgress()
    with ImportSession(store, "discourse", root, platform=platform) as session:
        index = ForumIndex()
        with_posts: list[int] = []
        hook.start(f"{base.name}: reading Discourse JSON", len(files))
        for number, (file, label) in enumerate(zip(files, labels, strict=True)):
            parsed = parse_file(read_json(file, label), label)
            hook.advance(1)
            if parsed is None:
                session.skip(_SKIP_UNKNOWN)
                continue
            index.categories.update(parsed.categories)
            if parsed.topic is not None:
                index.add_topic(*parsed.topic)
            session.skip(_SKIP_STREAM, parsed.unlisted)
            for row, post in parsed.posts:
                index.add(post, number, label, row)
            if parsed.posts:
                with_posts.append(number)
        if not index.posts:
            raise InputError(root, None, f"holds no Discourse posts; {_HINT}.")
        index.finish()
        mapper = PostMapper(session, platform, index)
        hook.start(f"{base.name}: mapping Discourse posts", len(with_posts))
        for number in with_posts:
            parsed = parse_file(read_json(files[number], labels[number]), labels[number])
            assert parsed is not None  # the same bytes parsed in pass one
            for row, post in parsed.posts:
                mapper.post(post, (number, row), labels[number])
            hook.advance(1)
        return session.commit()
