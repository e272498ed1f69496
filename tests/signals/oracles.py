"""Slow, obvious re-implementations of every signal, written from the docstrings (STYLE.md E7).

Each oracle reads a :class:`Community` — plain Python records, the same rows the test loads
into a store — and returns ``{member_id: value}``. Nothing here calls nichescout: no SQL, no
window or recency helper, no signal helper; the only things shared with the package are the
settings' values (the spec) and the canonical field names. ``tests/signals/test_oracles.py``
compares each signal with its oracle on communities Hypothesis generates.

Conventions every oracle follows (as the docstrings state them):

* the window selects ``since <= t < until``; an undated event belongs only to a window with
  neither bound; "up to the window's end" means ``t < until`` (anything when no ``until``);
* the recency weight is ``2 ** -(age / half_life)``, ``age`` the seconds from ``t`` to the
  reference (``until``, else the context's ``end``), never negative; 1 without a half-life,
  a reference, or a date;
* bots never receive credit; what bots do never counts; anonymous actors (None) may count
  where a signal says so (votes), never as a credited member.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import networkx as nx

__all__ = ["ORACLES", "Community", "Event", "Item", "Member", "Scope"]


@dataclass(frozen=True)
class Member:
    member_id: str
    is_bot: bool | None = False
    followers: int | None = None
    deleted: bool = False  # the placeholder standing for deleted accounts


@dataclass(frozen=True)
class Item:
    content_id: str
    author_id: str | None
    kind: str
    created_at: datetime
    parent_id: str | None = None
    thread_id: str | None = None
    channel: str | None = None
    text: str | None = None
    tags: tuple[str, ...] | None = None
    accepted: bool | None = None
    likes: int | None = None
    views: int | None = None
    comments: int | None = None
    shares: int | None = None


@dataclass(frozen=True)
class Event:
    interaction_id: str
    actor_id: str | None
    kind: str
    target_id: str | None = None
    content_id: str | None = None
    created_at: datetime | None = None
    value: float = 1.0


@dataclass(frozen=True)
class Community:
    members: tuple[Member, ...]
    content: tuple[Item, ...]
    interactions: tuple[Event, ...]


@dataclass(frozen=True)
class Scope:
    """The window, the recency reference and the settings (name → value) a signal sees."""

    since: datetime | None = None
    until: datetime | None = None
    half_life_days: float | None = None
    end: datetime | None = None
    settings: dict[str, Any] = field(default_factory=dict)

    def inside(self, t: datetime | None) -> bool:
        if t is None:
            return self.since is None and self.until is None
        return (self.since is None or t >= self.since) and (self.until is None or t < self.until)

    def by_end(self, t: datetime | None) -> bool:
        if self.until is None:
            return True
        return t is not None and t < self.until

    def w(self, t: datetime | None) -> float:
        ref = self.until or self.end
        if self.half_life_days is None or ref is None or t is None:
            return 1.0
        age = max((ref - t).total_seconds(), 0.0)
        return float(2.0 ** (-age / (self.half_life_days * 86400.0)))


Oracle = Callable[[Community, Scope], dict[str, float]]


def _distinct(a: object, b: object) -> bool:
    """SQL's ``IS DISTINCT FROM``: None equals None."""
    return a != b


def _bots(c: Community) -> set[str]:
    return {m.member_id for m in c.members if m.is_bot}


def _human(c: Community, member_id: str | None) -> bool:
    return member_id is not None and member_id not in _bots(c)


def _not_bot(c: Community, member_id: str | None) -> bool:
    return member_id is None or member_id not in _bots(c)


def _humans_only(c: Community, values: dict[str | None, float]) -> dict[str, float]:
    return {m: v for m, v in values.items() if m is not None and _human(c, m)}


def _by_id(c: Community) -> dict[str, Item]:
    return {item.content_id: item for item in c.content}


def _has_kind(c: Community, *kinds: str) -> bool:
    return any(e.kind in kinds for e in c.interactions)


# -- the oracles --------------------------------------------------------------------------


def activity(c: Community, s: Scope) -> dict[str, float]:
    counts: dict[str | None, float] = defaultdict(float)
    for item in c.content:
        if item.author_id is not None and s.inside(item.created_at):
            counts[item.author_id] += 1
    for e in c.interactions:
        if e.actor_id is not None and s.inside(e.created_at):
            counts[e.actor_id] += 1
    return _humans_only(c, counts)


def _monday(t: datetime) -> datetime:
    day = datetime(t.year, t.month, t.day)
    return day - timedelta(days=day.weekday())


def consistency(c: Community, s: Scope) -> dict[str, float]:
    events = [(i.author_id, i.created_at) for i in c.content if s.inside(i.created_at)]
    events += [
        (e.actor_id, e.created_at)
        for e in c.interactions
        if e.created_at is not None and s.inside(e.created_at)
    ]
    if not events:
        return {}
    first = s.since if s.since is not None else min(t for _, t in events)
    last = s.until - timedelta(microseconds=1) if s.until is not None else max(t for _, t in events)
    span = (_monday(last) - _monday(first)).days // 7 + 1
    weeks: dict[str | None, set[datetime]] = defaultdict(set)
    for who, t in events:
        if who is not None:
            weeks[who].add(_monday(t))
    return _humans_only(c, {m: len(w) / span for m, w in weeks.items()})


def conversation_starting(c: Community, s: Scope) -> dict[str, float]:
    out: dict[str | None, float] = defaultdict(float)
    for root in c.content:
        if root.content_id != root.thread_id or root.author_id is None:
            continue
        if not s.inside(root.created_at):
            continue
        drawn = {
            p.author_id
            for p in c.content
            if p.thread_id == root.content_id
            and p.author_id is not None
            and p.author_id != root.author_id
            and s.by_end(p.created_at)
            and _human(c, p.author_id)
        }
        out[root.author_id] += s.w(root.created_at) * len(drawn)
    return _humans_only(c, out)


ON_ITEM = ("reaction", "share", "vote_up")
UNDER_ITEM = ("reply", "mention")


def engagement_rate(c: Community, s: Scope) -> dict[str, float]:
    items = _by_id(c)
    mine = {
        i.content_id: i
        for i in c.content
        if i.author_id is not None and s.inside(i.created_at) and _human(c, i.author_id)
    }
    count_likes = not _has_kind(c, "reaction", "vote_up")
    engaged: dict[str, int] = defaultdict(int)
    for e in c.interactions:
        if e.kind not in ON_ITEM + UNDER_ITEM or not s.by_end(e.created_at):
            continue
        if not _not_bot(c, e.actor_id):
            continue
        if e.kind in UNDER_ITEM:
            own = items.get(e.content_id) if e.content_id is not None else None
            target = own.parent_id if own is not None else None
        else:
            target = e.content_id
        if target in mine and e.actor_id != mine[target].author_id:
            engaged[mine[target].author_id] += 1  # type: ignore[index]
    followers = {m.member_id: m.followers for m in c.members}
    out: dict[str, float] = {}
    for member in {i.author_id for i in mine.values()}:
        assert member is not None
        own_items = [i for i in mine.values() if i.author_id == member]
        views = sum(i.views or 0 for i in own_items)
        likes = sum(i.likes or 0 for i in own_items) if count_likes else 0
        total = engaged[member] + likes
        f = followers.get(member) or 0
        if f > 0:
            out[member] = total / len(own_items) / f
        elif views > 0:
            out[member] = total / views
    return out


def post_engagement_parts(c: Community, s: Scope) -> dict[str, dict[str, Any]]:
    """Every column of post_engagement per member: value, posts, followers, engagements,
    median/mean/cv by followers, video_posts and view_median/view_mean/view_cv, basis."""
    recent = int(s.settings.get("engagement_recent_posts", 12))
    with_shares = bool(s.settings.get("engagement_count_shares", True))
    followers = {m.member_id: m.followers for m in c.members}
    posts: dict[str, list[Item]] = defaultdict(list)
    for i in c.content:
        if (
            i.author_id is not None
            and i.parent_id is None
            and i.kind in ("post", "video")
            and s.inside(i.created_at)
            and _human(c, i.author_id)
        ):
            posts[i.author_id].append(i)

    def events(item: Item, kinds: tuple[str, ...]) -> int:
        return sum(
            1
            for e in c.interactions
            if e.content_id == item.content_id
            and e.kind in kinds
            and s.by_end(e.created_at)
            and _not_bot(c, e.actor_id)
            and e.actor_id != item.author_id
        )

    def children(item: Item) -> int:
        return sum(
            1
            for k in c.content
            if k.parent_id == item.content_id
            and s.by_end(k.created_at)
            and _not_bot(c, k.author_id)
            and k.author_id != item.author_id
        )

    def spread(values: list[float]) -> float | None:
        if len(values) < 2 or statistics.mean(values) <= 0:
            return None
        return statistics.stdev(values) / statistics.mean(values)

    out: dict[str, dict[str, Any]] = {}
    for member, items in posts.items():
        items = sorted(items, key=lambda i: (i.created_at, i.content_id), reverse=True)[:recent]
        f = followers.get(member) or 0
        rates, view_rates, total = [], [], 0
        for item in items:
            likes = item.likes if item.likes is not None else events(item, ("reaction", "vote_up"))
            comments = item.comments if item.comments is not None else children(item)
            shares = item.shares if item.shares is not None else events(item, ("share",))
            e = likes + comments + (shares if with_shares else 0)
            total += e
            if f > 0:
                rates.append(e / f)
            if item.views:
                view_rates.append(e / item.views)
        if f <= 0 and not view_rates:
            continue
        out[member] = {
            "value": statistics.median(rates) if f > 0 else statistics.median(view_rates),
            "posts": len(items),
            "followers": f if f > 0 else None,
            "engagements": total,
            "median": statistics.median(rates) if rates else None,
            "mean": statistics.mean(rates) if rates else None,
            "cv": spread(rates),
            "video_posts": len(view_rates),
            "view_median": statistics.median(view_rates) if view_rates else None,
            "view_mean": statistics.mean(view_rates) if view_rates else None,
            "view_cv": spread(view_rates),
            "basis": "followers" if f > 0 else "views",
        }
    return out


def post_engagement(c: Community, s: Scope) -> dict[str, float]:
    return {m: float(p["value"]) for m, p in post_engagement_parts(c, s).items()}


def _matches(pattern: str, text: str | None) -> bool:
    return text is not None and re.search(pattern, text) is not None


def helpfulness_parts(c: Community, s: Scope) -> dict[str, tuple[float, float]]:
    """member → (value, accepted part)."""
    items = _by_id(c)
    thanks_re = str(s.settings["thanks_pattern"])
    negation_re = str(s.settings["thanks_negation_pattern"])

    def root_of(i: Item) -> Item | None:
        return items.get(i.thread_id) if i.thread_id is not None else None

    replies = []
    for i in c.content:
        root = root_of(i)
        if i.parent_id is not None and root is not None and _distinct(i.author_id, root.author_id):
            replies.append((i, root.author_id))
    thanks = []
    for t in c.content:
        root = root_of(t)
        if root is None or t.author_id is None or t.author_id != root.author_id:
            continue
        if _matches(thanks_re, t.text) and not _matches(negation_re, t.text):
            thanks.append(t)

    helped: list[tuple[str | None, str, datetime | None, bool]] = []
    for e in c.interactions:
        if e.kind == "accept" and _distinct(e.target_id, e.actor_id):
            item = e.content_id if e.content_id is not None else "accept " + e.interaction_id
            helped.append((e.target_id, item, e.created_at, True))
    if not _has_kind(c, "accept"):
        for i in c.content:
            root = root_of(i)
            asker = root.author_id if root is not None else None
            if i.accepted and _distinct(i.author_id, asker):
                helped.append((i.author_id, i.content_id, i.created_at, True))
    for r, asker in replies:
        for e in c.interactions:
            if (
                e.content_id == r.content_id
                and e.kind in ("reaction", "vote_up")
                and e.actor_id is not None
                and e.actor_id == asker
            ):
                helped.append((r.author_id, r.content_id, e.created_at, False))
    for t in thanks:
        for r, _ in replies:
            if r.content_id == t.parent_id:
                helped.append((r.author_id, r.content_id, t.created_at, False))
        if t.parent_id is not None and t.parent_id == t.thread_id:
            earlier = [
                r for r, _ in replies if r.thread_id == t.thread_id and r.created_at < t.created_at
            ]
            if earlier:
                r = max(earlier, key=lambda x: (x.created_at, x.content_id))
                helped.append((r.author_id, r.content_id, t.created_at, False))

    once: dict[tuple[str | None, str], list[tuple[datetime | None, bool]]] = defaultdict(list)
    for member, item, when, accepted in helped:
        if s.by_end(when):
            once[(member, item)].append((when, accepted))
    out: dict[str, tuple[float, float]] = {}
    for (member, _), helps in once.items():
        dated = [t for t, _ in helps if t is not None]
        first = min(dated) if dated else None
        if not s.inside(first) or not _human(c, member):
            continue
        assert member is not None
        w = s.w(first)
        value, accepted_part = out.get(member, (0.0, 0.0))
        out[member] = (value + w, accepted_part + (w if any(a for _, a in helps) else 0.0))
    return out


def helpfulness(c: Community, s: Scope) -> dict[str, float]:
    return {m: v for m, (v, _) in helpfulness_parts(c, s).items()}


def peer_mentions(c: Community, s: Scope) -> dict[str, float]:
    best: dict[tuple[str, str], float] = {}
    for e in c.interactions:
        if e.kind != "mention" or not s.inside(e.created_at):
            continue
        if not _distinct(e.actor_id, e.target_id) or not _human(c, e.actor_id):
            continue
        if not _human(c, e.target_id):
            continue
        key = (e.target_id, e.actor_id)  # type: ignore[assignment]
        best[key] = max(best.get(key, 0.0), s.w(e.created_at))
    out: dict[str | None, float] = defaultdict(float)
    for (target, _), w in best.items():
        out[target] += w
    return _humans_only(c, out)


FEEDBACK = ("vote_up", "vote_down", "reaction", "share")


def positive_feedback(c: Community, s: Scope) -> dict[str, float]:
    items = _by_id(c)
    count_likes = not _has_kind(c, "reaction", "vote_up")
    kinds = {
        items[e.content_id].kind
        for e in c.interactions
        if e.kind in FEEDBACK and e.content_id in items
    }
    if count_likes:
        kinds |= {i.kind for i in c.content if (i.likes or 0) > 0}
    mine = {
        i.content_id: i
        for i in c.content
        if i.author_id is not None and s.inside(i.created_at) and i.kind in kinds
    }
    n: dict[str | None, int] = defaultdict(int)
    net: dict[str | None, float] = defaultdict(float)
    for i in mine.values():
        n[i.author_id] += 1
        if count_likes:
            net[i.author_id] += (i.likes or 0) * s.w(i.created_at)
    for e in c.interactions:
        if e.kind not in FEEDBACK or e.content_id not in mine or not s.inside(e.created_at):
            continue
        author = mine[e.content_id].author_id  # type: ignore[index]
        if e.actor_id == author or not _not_bot(c, e.actor_id):
            continue
        net[author] += -s.w(e.created_at) if e.kind == "vote_down" else s.w(e.created_at)
    k = float(s.settings["feedback_prior_items"])
    return _humans_only(c, {m: net[m] / (n[m] + k) for m in n})


def referrals(c: Community, s: Scope) -> dict[str, float]:
    seen: dict[str, list[datetime]] = defaultdict(list)
    for i in c.content:
        if i.author_id is not None and s.by_end(i.created_at):
            seen[i.author_id].append(i.created_at)
    for e in c.interactions:
        if e.actor_id is not None and e.created_at is not None and s.by_end(e.created_at):
            seen[e.actor_id].append(e.created_at)
    first = {m: min(ts) for m, ts in seen.items()}
    invitations: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
    for e in c.interactions:
        if e.kind not in ("referral", "invite") or e.created_at is None:
            continue
        if e.target_id not in first or not _distinct(e.actor_id, e.target_id):
            continue
        if not (_human(c, e.actor_id) and _human(c, e.target_id)):
            continue
        appeared = first[e.target_id]
        if e.created_at <= appeared and s.inside(appeared):
            invitations[e.target_id].append((e.created_at, e.actor_id))  # type: ignore[arg-type]
    out: dict[str | None, float] = defaultdict(float)
    for newcomer, invites in invitations.items():
        latest = max(t for t, _ in invites)
        for inviter in {a for t, a in invites if t == latest}:
            out[inviter] += s.w(first[newcomer])
    return _humans_only(c, out)


def ugc_leadership(c: Community, s: Scope) -> dict[str, float]:
    tags = set(s.settings["idea_tags"])
    out: dict[str | None, float] = defaultdict(float)
    for d in c.content:
        if d.author_id is None or not s.inside(d.created_at):
            continue
        is_root_idea = d.content_id == d.thread_id and bool(tags & set(d.tags or ()))
        if d.kind != "idea" and not is_root_idea:
            continue
        people = {
            p.author_id
            for p in c.content
            if p.thread_id == d.content_id
            and p.author_id is not None
            and p.author_id != d.author_id
            and s.by_end(p.created_at)
            and _human(c, p.author_id)
        }
        votes = sum(
            1
            for e in c.interactions
            if e.content_id == d.content_id
            and e.kind in ("vote_up", "reaction")
            and s.by_end(e.created_at)
            and e.actor_id != d.author_id
            and _not_bot(c, e.actor_id)
        )
        out[d.author_id] += s.w(d.created_at) * (len(people) + votes)
    return _humans_only(c, out)


def welcoming(c: Community, s: Scope) -> dict[str, float]:
    hours = float(s.settings["welcome_window_hours"])
    first: dict[str, datetime] = {}
    for i in c.content:
        if i.author_id is not None and s.by_end(i.created_at):
            first[i.author_id] = min(first.get(i.author_id, i.created_at), i.created_at)
    pairs: set[tuple[str | None, str]] = set()
    for e in c.interactions:
        if e.kind != "reply" or e.target_id not in first or e.created_at is None:
            continue
        f = first[e.target_id]
        if not _distinct(e.actor_id, e.target_id):
            continue
        if f <= e.created_at < f + timedelta(hours=hours) and s.inside(e.created_at):
            if s.inside(f):
                pairs.add((e.actor_id, e.target_id))  # type: ignore[arg-type]
    out: dict[str | None, float] = defaultdict(float)
    deleted = {m.member_id for m in c.members if m.deleted}
    for actor, newcomer in pairs:
        if _human(c, actor) and _human(c, newcomer) and newcomer not in deleted:
            out[actor] += s.w(first[newcomer])
    return _humans_only(c, out)


# -- network (NetworkX) -------------------------------------------------------------------


def interaction_digraph(c: Community, s: Scope) -> nx.DiGraph:
    """Non-bot members as nodes; an edge a → b sums kind weight × value × recency weight of
    the interactions where a acted on b in the window (no self-loops, no anonymous actors)."""
    weights = dict(s.settings["interaction_weights"])
    g = nx.DiGraph()
    g.add_nodes_from(m.member_id for m in c.members if not m.is_bot)
    for e in c.interactions:
        w = weights.get(e.kind, 0.0)
        if not w or not s.inside(e.created_at):
            continue
        if e.actor_id not in g or e.target_id not in g or e.actor_id == e.target_id:
            continue
        add = w * e.value * s.w(e.created_at)
        if g.has_edge(e.actor_id, e.target_id):
            g[e.actor_id][e.target_id]["weight"] += add
        else:
            g.add_edge(e.actor_id, e.target_id, weight=add)
    return g


def network_pagerank(c: Community, s: Scope) -> dict[str, float]:
    g = interaction_digraph(c, s)
    if g.number_of_edges() == 0:
        return {}
    n = g.number_of_nodes()
    rank = nx.pagerank(
        g, alpha=float(s.settings["pagerank_damping"]), tol=1e-14 / n, max_iter=10_000
    )
    return {m: rank[m] * n for m in g if g.degree(m) > 0}


def network_core(c: Community, s: Scope) -> dict[str, float]:
    g = nx.Graph(interaction_digraph(c, s).to_undirected())
    return {m: float(k) for m, k in nx.core_number(g).items() if k > 0}


def network_reach(c: Community, s: Scope) -> dict[str, float]:
    g = interaction_digraph(c, s).reverse(copy=True)
    out = {}
    for m in g:
        near = nx.single_source_shortest_path_length(g, m, cutoff=2)
        out[m] = float(len(set(near) - {m}))
    return {m: v for m, v in out.items() if v > 0}


def degree(c: Community, s: Scope) -> dict[str, float]:
    """Distinct partners: neighbours in the undirected simple graph of every interaction in
    the window between two different human members, whatever its kind or weight."""
    g = nx.Graph()
    for e in c.interactions:
        if not s.inside(e.created_at) or e.actor_id == e.target_id:
            continue
        if _human(c, e.actor_id) and _human(c, e.target_id):
            g.add_edge(e.actor_id, e.target_id)
    return {m: float(k) for m, k in g.degree()}


ORACLES: dict[str, Oracle] = {
    "degree": degree,
    "activity": activity,
    "consistency": consistency,
    "conversation_starting": conversation_starting,
    "engagement_rate": engagement_rate,
    "helpfulness": helpfulness,
    "peer_mentions": peer_mentions,
    "positive_feedback": positive_feedback,
    "post_engagement": post_engagement,
    "referrals": referrals,
    "ugc_leadership": ugc_leadership,
    "welcoming": welcoming,
    "network_pagerank": network_pagerank,
    "network_core": network_core,
    "network_reach": network_reach,
}


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)


def differences(
    got: dict[str, float], want: dict[str, float], *, missing_means_zero: bool = True
) -> list[str]:
    """Members whose values differ (missing counts as 0 where the signal says so)."""
    keys: Iterable[str] = sorted(set(got) | set(want))
    out = []
    for m in keys:
        if missing_means_zero:
            a, b = got.get(m, 0.0), want.get(m, 0.0)
        elif (m in got) != (m in want):
            out.append(f"{m}: signal {got.get(m)} vs oracle {want.get(m)}")
            continue
        else:
            a, b = got[m], want[m]
        if not close(a, b):
            out.append(f"{m}: signal {a} vs oracle {b}")
    return out
