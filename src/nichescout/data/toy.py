"""Tiny named communities for doctests and hand-computed tests (STYLE.md E5).

>>> store = toy_community()
>>> store.counts()
{'members': 6, 'content': 9, 'interactions': 15}
"""

from __future__ import annotations

from datetime import datetime

from nichescout.store import ImportSession, Store

__all__ = ["TOY_PLATFORM", "toy_community"]

TOY_PLATFORM = "toy"


def _t(day: int, hour: int = 0) -> datetime:
    return datetime(2024, 1, day, hour)


_MEMBERS: list[tuple[str, str, int, bool]] = [
    # member_id, display_name, joined day, is_bot
    ("ann", "Ann Helper", 1, False),
    ("bob", "Bob Newcomer", 7, False),
    ("cat", "Cat Asker", 1, False),
    ("dan", "Dan Referrer", 1, False),
    ("eve", "Eve Invited", 20, False),
    ("bot", "Welcome Bot", 1, True),
]
_CONTENT: list[tuple[str, str, str, str | None, str, datetime, str, list[str] | None, bool]] = [
    # content_id, author, kind, parent, thread, time, text, tags, accepted
    ("q1", "cat", "question", None, "q1", _t(1, 10), "How do I start?", ["basics"], False),
    ("a1", "ann", "answer", "q1", "q1", _t(1, 12), "Start here.", None, True),
    ("a2", "dan", "answer", "q1", "q1", _t(2, 9), "Or here.", None, False),
    ("q2", "bob", "question", None, "q2", _t(8, 10), "First question!", ["basics"], False),
    ("a3", "ann", "answer", "q2", "q2", _t(8, 20), "Welcome, try this.", None, True),
    ("c1", "bob", "comment", "a3", "q2", _t(8, 21), "Thanks, that worked!", None, False),
    (
        "q3",
        "ann",
        "question",
        None,
        "q3",
        _t(15, 9),
        "Shall we add a FAQ?",
        ["feature-request"],
        False,
    ),
    ("a4", "cat", "answer", "q3", "q3", _t(16, 9), "Yes please.", None, False),
    ("c2", "dan", "comment", "q3", "q3", _t(16, 10), "@ann good idea", None, False),
]
_INTERACTIONS: list[tuple[str, str | None, str, str | None, str | None, datetime]] = [
    # id, actor, kind, target, content, time
    ("r-a1", "ann", "reply", "cat", "a1", _t(1, 12)),
    ("r-a2", "dan", "reply", "cat", "a2", _t(2, 9)),
    ("acc-a1", "cat", "accept", "ann", "a1", _t(2, 10)),
    ("v1", None, "vote_up", "ann", "a1", _t(2, 11)),
    ("v2", None, "vote_up", "ann", "a1", _t(3, 11)),
    ("v3", None, "vote_down", "dan", "a2", _t(3, 12)),
    ("r-a3", "ann", "reply", "bob", "a3", _t(8, 20)),
    ("acc-a3", "bob", "accept", "ann", "a3", _t(8, 21)),
    ("r-c1", "bob", "reply", "ann", "c1", _t(8, 21)),
    ("r-a4", "cat", "reply", "ann", "a4", _t(16, 9)),
    ("r-c2", "dan", "reply", "ann", "c2", _t(16, 10)),
    ("m-c2", "dan", "mention", "ann", "c2", _t(16, 10)),
    ("m-bot", "bot", "mention", "ann", None, _t(17, 0)),
    ("ref-eve", "dan", "referral", "eve", None, _t(20, 8)),
    ("join-eve", "eve", "join", None, None, _t(20, 8)),
]


def toy_community(store: Store | None = None) -> Store:
    """A hand-made Q&A community: 6 members (one bot), 9 posts, 15 interactions, 1 referral.

    Ann answers two questions (both accepted, one thanked in words), welcomes the newcomer
    Bob within 48 h of his first post and proposes an idea (tag ``feature-request``) that
    draws Cat and Dan; Dan mentions Ann and brings in Eve; a bot mentions Ann (and must not
    count). All of it in January 2024, platform ``"toy"``.
    """
    store = store or Store(":memory:")
    with ImportSession(store, "toy", "toy_community()", platform=TOY_PLATFORM) as session:
        members = session.writer("members")
        for member_id, name, day, bot in _MEMBERS:
            members.append(
                {
                    "platform": TOY_PLATFORM,
                    "member_id": member_id,
                    "handle": member_id,
                    "display_name": name,
                    "joined_at": _t(day),
                    "is_bot": bot,
                }
            )
        content = session.writer("content")
        for cid, author, kind, parent, thread, when, text, tags, accepted in _CONTENT:
            content.append(
                {
                    "platform": TOY_PLATFORM,
                    "content_id": cid,
                    "author_id": author,
                    "kind": kind,
                    "parent_id": parent,
                    "thread_id": thread,
                    "created_at": when,
                    "text": text,
                    "tags": tags,
                    "accepted": accepted,
                }
            )
        interactions = session.writer("interactions")
        for iid, actor, action, target, on_content, when in _INTERACTIONS:
            interactions.append(
                {
                    "platform": TOY_PLATFORM,
                    "interaction_id": iid,
                    "actor_id": actor,
                    "kind": action,
                    "target_id": target,
                    "content_id": on_content,
                    "created_at": when,
                    "value": 1.0,
                }
            )
        session.commit()
    return store
