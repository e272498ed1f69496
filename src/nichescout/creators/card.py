"""One creator's card: who they are, their tier, engagement against their cohort, recent
activity and disclosure record — and, said in words, what cannot be measured yet.

The disclosure record runs :func:`nichescout.audit.disclosure.assess` over the captions of
the creator's stored posts (in the creator's language when the store knows it, else the
language each caption reads as). A post the platform labels as a paid partnership
(``attributes.paid_partnership``, the creators form's ``paid_partnership``) is sponsored
and clearly disclosed: the label reads "Paid partnership with …", the issue's clear wording.

>>> from nichescout.data.creators import toy_creators
>>> card = creator_card(toy_creators(), "@Ana")
>>> card.identity["handle"], card.tier, card.core_micro, card.posts, card.recent_posts
('ana', 'micro', False, 3, 3)
>>> card.engagement["engagement_median"], card.engagement["percentile"]
(0.05, nan)
>>> card.disclosure["sponsored_posts"], card.disclosure["clear_share"]
(1, 1.0)
>>> creator_card(toy_creators(), "anna")
Traceback (most recent call last):
...
nichescout.exceptions.NotFoundError: No creator 'anna' in the store; close matches: ana (toy:creators).
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd

from nichescout.creators.engagement import engagement
from nichescout.creators.niche import creator_niches
from nichescout.exceptions import NotFoundError
from nichescout.settings import get as setting
from nichescout.window import Window

if TYPE_CHECKING:
    from nichescout.store import Store

__all__ = ["CARD_COLUMNS", "CreatorCard", "assess_posts", "creator_card"]

#: The columns of :meth:`CreatorCard.as_row` (``nichescout creator --format csv|json``).
CARD_COLUMNS = [
    "platform",
    "member_id",
    "handle",
    "display_name",
    "followers",
    "following",
    "verified",
    "tier",
    "core_micro",
    "niche",
    "niche_source",
    "posts",
    "recent_posts",
    "last_post",
    "engagement_posts",
    "engagement_median",
    "engagement_mean",
    "engagement_cv",
    "view_median",
    "video_posts",
    "percentile",
    "cohort",
    "cohort_size",
    "sponsored_posts",
    "clearly_disclosed",
    "clear_share",
    "posts_to_fix",
    "niche_labelled",
    "niche_evidence",
    "audience_scored",
    "fake_share",
    "fake_share_low",
    "fake_share_high",
    "comments",
    "sentiment_mean",
    "positive_share",
    "negative_share",
    "generic_share",
    "question_share",
    "reply_rate",
    "not_available",
]

_POST_KINDS = ("post", "video")


@dataclass
class CreatorCard:
    """What :func:`creator_card` found; :meth:`as_row` flattens it."""

    identity: dict[str, Any]
    tier: str | None
    core_micro: bool
    posts: int
    recent_posts: int
    recent_days: int
    last_post: datetime | None
    #: the row of :func:`~nichescout.creators.engagement.engagement`, or None
    engagement: dict[str, Any] | None
    #: posts, sponsored_posts, clearly_disclosed, clear_share, needs_fixing, posts_to_fix
    disclosure: dict[str, Any]
    #: each sponsored post: post_id, created_at, disclosure, needs_fixing, reason
    sponsored: pd.DataFrame
    not_available: list[str] = field(default_factory=list)
    #: the row of :func:`~nichescout.audit.audience_report` (commenters), or None
    audience: dict[str, Any] | None = None
    #: the row of :func:`~nichescout.comments.comment_summary`, or None without comments
    comments: dict[str, Any] | None = None
    #: the first label of :func:`~nichescout.niches.label_niches`: niche and evidence
    niche_label: dict[str, Any] | None = None
    #: the creator's niche and where it comes from (``stored``, ``labelled``, ``none``):
    #: :func:`~nichescout.creators.niche.creator_niches`, the niche of their cohort
    niche: str | None = None
    niche_source: str = "none"

    def as_row(self) -> dict[str, Any]:
        """The card as one flat row of :data:`CARD_COLUMNS`."""
        eng = self.engagement or {}
        return {
            **{k: self.identity.get(k) for k in CARD_COLUMNS[:7]},
            "tier": self.tier,
            "core_micro": self.core_micro,
            "niche": self.niche,
            "niche_source": self.niche_source,
            "posts": self.posts,
            "recent_posts": self.recent_posts,
            "last_post": self.last_post,
            "engagement_posts": eng.get("posts"),
            "engagement_median": eng.get("engagement_median"),
            "engagement_mean": eng.get("engagement_mean"),
            "engagement_cv": eng.get("engagement_cv"),
            "view_median": eng.get("view_median"),
            "video_posts": eng.get("video_posts"),
            "percentile": eng.get("percentile"),
            "cohort": eng.get("cohort"),
            "cohort_size": eng.get("cohort_size"),
            "sponsored_posts": self.disclosure["sponsored_posts"],
            "clearly_disclosed": self.disclosure["clearly_disclosed"],
            "clear_share": self.disclosure["clear_share"],
            "posts_to_fix": self.disclosure["posts_to_fix"],
            "niche_labelled": (self.niche_label or {}).get("niche"),
            "niche_evidence": (self.niche_label or {}).get("evidence"),
            "audience_scored": (self.audience or {}).get("scored"),
            "fake_share": (self.audience or {}).get("fake_share"),
            "fake_share_low": (self.audience or {}).get("ci_low"),
            "fake_share_high": (self.audience or {}).get("ci_high"),
            "comments": (self.comments or {}).get("comments"),
            "sentiment_mean": (self.comments or {}).get("compound_mean"),
            "positive_share": (self.comments or {}).get("positive_share"),
            "negative_share": (self.comments or {}).get("negative_share"),
            "generic_share": (self.comments or {}).get("generic_share"),
            "question_share": (self.comments or {}).get("question_share"),
            "reply_rate": (self.comments or {}).get("reply_rate"),
            "not_available": " ".join(self.not_available),
        }


def _find(store: Store, handle: str, platform: str | None) -> dict[str, Any]:
    if platform is not None:
        store.check_platform(platform)
    name = handle.strip().lstrip("@").lower()
    rows = store.con.execute(
        """SELECT member_key, platform, member_id, handle, display_name, followers, following,
                  verified, language
           FROM members
           WHERE (lower(member_id) = ? OR lower(handle) = ?) AND (? IS NULL OR platform = ?)
             AND NOT coalesce(lower(attributes->>'deleted') = 'true', false)
           ORDER BY platform""",
        [name, name, platform, platform],
    ).fetchall()
    columns = ["member_key", "platform", "member_id", "handle", "display_name", "followers",
               "following", "verified", "language"]  # fmt: skip
    if len(rows) == 1:
        return dict(zip(columns, rows[0], strict=True))
    where = f" on {platform}" if platform else ""
    if rows:
        platforms = ", ".join(r[1] for r in rows)
        raise NotFoundError(
            f"{handle!r} is a creator on several platforms ({platforms}); pass --platform."
        )
    creators = store.con.execute(
        """SELECT DISTINCT m.handle, m.platform FROM members m
           WHERE m.handle IS NOT NULL AND (? IS NULL OR m.platform = ?)
             AND (m.followers IS NOT NULL OR EXISTS (
                 SELECT 1 FROM content c WHERE c.author_key = m.member_key
                   AND c.kind IN ('post', 'video')))""",
        [platform, platform],
    ).fetchall()
    by_name: dict[str, list[str]] = {}
    for found, on in creators:
        by_name.setdefault(found.lower(), []).append(f"{found} ({on})")
    close = difflib.get_close_matches(name, list(by_name), n=3, cutoff=0.6)
    hint = (
        "close matches: " + ", ".join(m for c in close for m in by_name[c])
        if close
        else "none is close; `nichescout status` lists the platforms and "
        "`nichescout ingest creators` imports creators"
    )
    raise NotFoundError(f"No creator {handle.strip()!r} in the store{where}; {hint}.")


def creator_card(
    store: Store,
    handle: str,
    *,
    platform: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    settings: Mapping[str, Any] | None = None,
) -> CreatorCard:
    """The card of the creator with ``handle`` (case-insensitive, ``@`` optional).

    Raises :class:`~nichescout.exceptions.NotFoundError` naming close matches when no
    creator has that handle, or asking for ``platform`` when several have.
    """
    identity = _find(store, handle, platform)
    key = identity.pop("member_key")
    platform = identity["platform"]
    overrides = dict(settings or {})
    found = engagement(store, platform, since=since, until=until, settings=overrides)
    mine = found[found["member_id"] == identity["member_id"]]
    row = {k: _plain(v) for k, v in mine.iloc[0].items()} if not mine.empty else None
    if row is not None:  # the niche of the cohort the percentile is in
        niche, niche_source = row["niche"], row["niche_source"]
    else:
        only = creator_niches(store, platform, [key]).iloc[0]
        niche, niche_source = only["niche"], only["niche_source"]
    window = Window(since, until)
    posts = store.con.execute(
        f"""SELECT content_id, created_at, text,
                   coalesce(lower(attributes->>'paid_partnership') = 'true', false) AS label
            FROM content c
            WHERE platform = ? AND author_key = ? AND parent_id IS NULL
              AND kind IN ('post', 'video') AND {window.where("c.created_at")}
            ORDER BY created_at, content_id""",
        [platform, key],
    ).df()
    days = int(setting("creator_recent_days", overrides))
    end = until
    if end is None:
        latest = store.con.execute(
            "SELECT max(created_at) FROM content WHERE platform = ? AND kind IN ('post', 'video')",
            [platform],
        ).fetchone()
        end = latest[0] if latest else None
    recent = int((posts["created_at"] >= end - timedelta(days=days)).sum()) if end else 0
    audit = assess_posts(posts, identity.get("language"), overrides)
    from nichescout.audit.disclosure import disclosure_by_creator

    summary = disclosure_by_creator(audit.assign(creator=identity["handle"]))
    record = (
        summary.iloc[0].to_dict()
        if not summary.empty
        else {
            "posts": 0,
            "sponsored_posts": 0,
            "clearly_disclosed": 0,
            "needs_fixing": 0,
            "clear_share": float("nan"),
            "posts_to_fix": "",
        }  # fmt: skip
    )
    record = {str(k): _plain(v) for k, v in record.items() if k != "creator"}
    followers = identity.get("followers")
    tier = row["tier"] if row and isinstance(row["tier"], str) else None
    if tier is None and followers is not None:
        from nichescout.scores.tiers import follower_tier

        tier = follower_tier(followers, platform, overrides)
    from nichescout.scores.tiers import is_core_micro

    audience, comments, label = _audience_comments_niche(store, platform, identity, overrides)
    return CreatorCard(
        identity=identity,
        tier=tier,
        core_micro=is_core_micro(followers, overrides),
        posts=len(posts),
        recent_posts=recent,
        recent_days=days,
        last_post=posts["created_at"].max() if len(posts) else None,
        engagement=row,
        disclosure=record,
        sponsored=audit[audit["sponsored"]].drop(columns="sponsored").reset_index(drop=True),
        not_available=_not_available(row, audience, comments, niche_source),
        audience=audience,
        comments=comments,
        niche_label=label,
        niche=niche if isinstance(niche, str) else None,
        niche_source=str(niche_source),
    )


def _audience_comments_niche(
    store: Store, platform: str, identity: dict[str, Any], overrides: Mapping[str, Any]
) -> tuple[dict[str, Any] | None, dict[str, Any] | None, dict[str, Any] | None]:
    """The creator's audience authenticity (commenters scored by the fake-account model),
    comment sentiment and quality, and first niche label with its evidence."""
    from nichescout.audit import audience_report
    from nichescout.comments import comment_summary
    from nichescout.niches import label_niches

    handle = identity["member_id"]
    try:
        found = audience_report(store, platform, handle, settings=overrides)
    except NotFoundError:  # a member who only comments: no posts, so no audience
        found = pd.DataFrame()
    audience = {str(k): _plain(v) for k, v in found.iloc[0].items()} if not found.empty else None
    try:
        said = comment_summary(store, platform, handle)
    except NotFoundError:  # nobody commented on their posts, or they have none
        said = pd.DataFrame()
    comments = (
        {str(k): _plain(v) for k, v in said.iloc[0].items()}
        if not said.empty and int(said.iloc[0]["comments"]) > 0
        else None
    )
    labels = label_niches(store, platform, members=[handle])
    niche = {str(k): _plain(v) for k, v in labels.iloc[0].items()} if not labels.empty else None
    return audience, comments, niche


def assess_posts(
    posts: pd.DataFrame, language: str | None, overrides: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """One creator's posts judged for disclosure: per post ``post_id, created_at, sponsored,
    disclosure, needs_fixing, reason``.

    ``posts`` has the columns ``content_id, created_at, text`` and ``label`` (the platform's
    paid-partnership label); ``language`` is the creator's (None: each caption's guessed).
    The card and ``nichescout discover`` both read a creator's record from here."""
    from nichescout.audit.disclosure import assess

    out = []
    for post in posts.itertuples(index=False):
        found = assess(str(post.text or ""), language, overrides)
        sponsored, disclosure, reason = found.sponsored, found.disclosure, found.reason
        if post.label and not (sponsored and disclosure == "clear"):
            sponsored, disclosure = True, "clear"
            reason = "sponsored; disclosed by the platform's paid-partnership label"
        out.append(
            {
                "post_id": post.content_id,
                "created_at": post.created_at,
                "sponsored": sponsored,
                "disclosure": disclosure,
                "needs_fixing": sponsored and disclosure != "clear",
                "reason": reason,
            }
        )
    columns = ["post_id", "created_at", "sponsored", "disclosure", "needs_fixing", "reason"]
    frame = pd.DataFrame(out, columns=columns)
    return frame.astype({"sponsored": bool, "needs_fixing": bool})


def _not_available(
    row: dict[str, Any] | None,
    audience: dict[str, Any] | None,
    comments: dict[str, Any] | None,
    niche_source: str,
) -> list[str]:
    """What the card cannot say, and why, in words."""
    out = []
    if audience is None or not audience.get("scored"):
        note = (audience or {}).get("note") or "no commenter in the store"
        out.append(
            f"Audience authenticity: not measured — {note}. Export the followers' or "
            "commenters' accounts in the accounts form and run `nichescout audit accounts "
            "FILE.csv`, or import their profiles with `nichescout ingest creators`."
        )
    if comments is None:
        out.append("Comment sentiment and quality: no comments from the audience stored.")
    if niche_source == "none":
        out.append("Niche: none stored, and no label from the bio, captions or hashtags.")
    if row is None:
        out.append(
            "Engagement: no posts in the window with a follower count or views to divide by."
        )
    return out


def _plain(value: Any) -> Any:
    """NumPy and pandas scalars as plain Python values (NaN kept, NA as None)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return float("nan")
    return value
