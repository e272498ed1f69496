"""Discover creators for a brand: filter by niche, tier, engagement, audience and disclosure
record; rank what is left with the ``creator`` profile; say why.

:func:`creator_table` gives one row per creator (a member with posts and a follower count
or views: :func:`~nichescout.creators.engagement.engagement`) with

- ``tier``, ``core_micro``, ``followers``, ``engagement`` (the median engagement rate per
  follower over the last posts, ``engagement_median``), ``percentile`` and ``cohort`` — as
  the card shows them;
- ``niche`` and ``niche_source``: the creator's one niche by the rule of
  :func:`nichescout.creators.niche.creator_niches` — the niche **stored** with them
  (``attributes.niche``, the creators form's ``niche`` column; the user's own label wins),
  else the first niche **labelled** from their bio, captions and hashtags by the keyword
  classifier (:mod:`nichescout.niches`), else none — and which (``stored``, ``labelled``,
  ``none``). It is the niche of their engagement cohort and of their card;
- ``fake_share``: the estimated fake share of the creator's audience (commenters and
  followers with stored profile counts, scored by the fake-account model of ``audit
  accounts``: :func:`audience_fake_shares`), and ``audience_check`` in words, which begins
  "fake share unknown" where too few of them could be scored;
- the disclosure record of :func:`creator_disclosure` (the card's, for every creator):
  ``sponsored_posts``, ``clearly_disclosed``, ``clear_share``, ``posts_to_fix`` and
  ``disclosure`` in words;
- ``score`` and ``why`` from :class:`~nichescout.scores.CommunityScorer` with the ``creator``
  profile on each platform, as ``nichescout rank --profile creator --no-fit`` gives them:
  the profile's own weights (engagement rate first) by default, because fitting them to the
  ``engagement`` goal — total feedback received, which grows with the audience — ranks by
  size (on the bundled sample the fit keeps "feedback received" alone), which is what the
  tier filter already decides; ``fit=True`` fits them as ``rank`` does. ``rank`` orders
  every creator by score (each platform's scores run 0–100 against its own best), then
  engagement, then handle. The "top N%" of the why is among the platform's active
  members, commenters included.

:func:`discover` applies the filters in a fixed order — platform, niche, tier, minimum
engagement, maximum fake share, disclosure — counts what each one removed
(``attrs["funnel"]``), scores only the platforms with creators left, and keeps the ``top``.
When nothing is left it raises :class:`~nichescout.exceptions.NotFoundError` naming each
filter and how many creators it removed.

>>> from nichescout.data.creators import toy_creators
>>> found = discover(toy_creators(), tier="micro")
>>> found[["rank", "handle", "tier", "niche", "engagement", "disclosure"]].to_dict("records")
[{'rank': 1, 'handle': 'ana', 'tier': 'micro', 'niche': 'fitness', 'engagement': 0.05, \
'disclosure': '1 of 1 sponsored posts clearly disclosed (100%)'}]
>>> discover(toy_creators(), niche="beauty")
Traceback (most recent call last):
...
nichescout.exceptions.NotFoundError: No creator passes the filters: of 3 creators, --niche beauty removed 3.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from nichescout import settings as _settings
from nichescout.creators.card import assess_posts
from nichescout.creators.engagement import engagement
from nichescout.creators.niche import fold_niche
from nichescout.exceptions import NotFoundError, ParameterError
from nichescout.scores.tiers import CORE_MICRO, platform_tiers
from nichescout.window import Window

if TYPE_CHECKING:
    from nichescout.niches.taxonomy import Taxonomy
    from nichescout.store import Store

__all__ = [
    "DISCLOSURE_MODES",
    "DISCOVER_COLUMNS",
    "audience_fake_shares",
    "check_niche",
    "check_tier",
    "creator_disclosure",
    "creator_table",
    "discover",
]

#: The columns of :func:`discover` (``nichescout discover --format csv|json``), in order.
DISCOVER_COLUMNS = [
    "rank",
    "platform",
    "member_id",
    "handle",
    "display_name",
    "tier",
    "core_micro",
    "followers",
    "niche",
    "niche_source",
    "engagement",
    "engagement_posts",
    "percentile",
    "cohort",
    "fake_share",
    "audience_check",
    "sponsored_posts",
    "clearly_disclosed",
    "clear_share",
    "posts_to_fix",
    "disclosure",
    "score",
    "why",
]
#: What ``disclosure`` may be: ``required`` drops creators whose sponsored posts are not
#: clearly disclosed (below the setting ``discover_min_clear_share``); ``any`` keeps all.
DISCLOSURE_MODES = ("any", "required")

#: What :func:`audience_fake_shares` says of a creator whose audience is not scored.
UNKNOWN_FAKE_SHARE = "fake share unknown"


# -- niches ---------------------------------------------------------------------------------
def _stored_niches(store: Store, platform: str | None) -> list[str]:
    rows = store.con.execute(
        """SELECT DISTINCT trim(json_extract_string(attributes, '$.niche')) FROM members
           WHERE (? IS NULL OR platform = ?)
             AND nullif(trim(json_extract_string(attributes, '$.niche')), '') IS NOT NULL""",
        [platform, platform],
    ).fetchall()
    return sorted(str(r[0]) for r in rows)


def check_niche(
    store: Store,
    niche: str,
    platform: str | None = None,
    taxonomy: Taxonomy | str | Path | None = None,
) -> str:
    """``niche`` as the taxonomy or the store spells it, or a one-line error listing the
    known niches (the taxonomy's and those stored with creators)."""
    from nichescout.niches import Taxonomy, load_taxonomy

    tax = taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy(taxonomy)
    known = {fold_niche(n): n for n in tax.names}
    known.update({fold_niche(n): n for n in _stored_niches(store, platform)})
    wanted = fold_niche(niche)
    if wanted in known:
        return known[wanted]
    import difflib

    close = difflib.get_close_matches(wanted, list(known), n=1, cutoff=0.75)
    hint = f" (did you mean {known[close[0]]}?)" if close else ""
    raise ParameterError(
        f"Unknown niche {niche!r}{hint}; known niches: {', '.join(sorted(known.values()))}."
    )


# -- disclosure -----------------------------------------------------------------------------
def creator_disclosure(
    store: Store,
    platform: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    settings: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """The disclosure record of every creator of ``platform``, as their card gives it: the
    captions of their posts in the window judged by :mod:`nichescout.audit.disclosure` in
    the creator's language (a paid-partnership label is a clear disclosure).

    Columns: ``member_id, posts, sponsored_posts, clearly_disclosed, unclear,
    undisclosed, clear_share`` (NaN without sponsored posts) ``, posts_to_fix``.
    """
    from nichescout.audit.disclosure import disclosure_by_creator

    window = Window(since, until)
    posts = store.con.execute(
        f"""SELECT m.member_id, m.language, c.content_id, c.created_at, c.text,
                   coalesce(lower(c.attributes->>'paid_partnership') = 'true', false) AS label
            FROM content c JOIN members m ON m.member_key = c.author_key
            WHERE c.platform = ? AND c.parent_id IS NULL AND c.kind IN ('post', 'video')
              AND {window.where("c.created_at")}
            ORDER BY m.member_id, c.created_at, c.content_id""",
        [platform],
    ).df()
    columns = ["member_id", "posts", "sponsored_posts", "clearly_disclosed", "unclear",
               "undisclosed", "clear_share", "posts_to_fix"]  # fmt: skip
    rows = []
    for member_id, group in posts.groupby("member_id", sort=True):
        language = group["language"].iloc[0]
        language = language if isinstance(language, str) else None
        audit = assess_posts(group, language, settings)
        record = disclosure_by_creator(audit.assign(creator=member_id)).iloc[0]
        sponsored = audit[audit["sponsored"]]
        rows.append(
            {
                "member_id": member_id,
                "posts": int(record["posts"]),
                "sponsored_posts": int(record["sponsored_posts"]),
                "clearly_disclosed": int(record["clearly_disclosed"]),
                "unclear": int((sponsored["disclosure"] == "unclear").sum()),
                "undisclosed": int((sponsored["disclosure"] == "none").sum()),
                "clear_share": float(record["clear_share"]),
                "posts_to_fix": str(record["posts_to_fix"]),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def _disclosure_words(sponsored: int, clear: int) -> str:
    """The record in words.

    >>> _disclosure_words(0, 0), _disclosure_words(5, 2)
    ('no sponsored posts', '2 of 5 sponsored posts clearly disclosed (40%)')
    """
    if not sponsored:
        return "no sponsored posts"
    return f"{clear} of {sponsored} sponsored posts clearly disclosed ({clear / sponsored:.0%})"


# -- audience -------------------------------------------------------------------------------
def audience_fake_shares(
    store: Store, platform: str, settings: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """The fake share of each creator's audience, for ``--max-fake-share``: columns
    ``member_id, fake_share, audience_check``.

    :func:`nichescout.audit.audience.audience_report` with ``audience="all"``: the creator's
    commenters and followers stored with profile counts, each scored by the shipped
    fake-account model; the share is their mean fake probability. With fewer than
    ``audience_min_scored`` (10) scored members the share is unknown (NaN) and
    ``audience_check`` says "fake share unknown: …" and why; else it gives the share with
    its Wilson interval.
    """
    from nichescout.audit.audience import audience_report

    report = audience_report(store, platform, audience="all", settings=settings)
    unknown = report["fake_share"].isna()
    check = report["note"].where(~unknown, UNKNOWN_FAKE_SHARE + ": " + report["note"])
    return pd.DataFrame(
        {
            "member_id": report["member_id"],
            "fake_share": report["fake_share"].astype("float64"),
            "audience_check": check,
        }
    )


def _fake_shares(
    store: Store,
    platform: str,
    given: pd.DataFrame | None,
    settings: Mapping[str, Any] | None,
) -> pd.DataFrame:
    if given is None:
        return audience_fake_shares(store, platform, settings)
    mine = given
    if "platform" in given:
        mine = given[given["platform"] == platform]
    mine = mine[["member_id", "fake_share"]].copy()
    note = mine["fake_share"].map(
        lambda v: f"{UNKNOWN_FAKE_SHARE}" if v != v else f"estimated fake share {v:.0%}"
    )
    if "audience_check" in given:
        note = given.loc[mine.index, "audience_check"].fillna(note)
    return mine.assign(audience_check=note)


# -- the table ------------------------------------------------------------------------------
def check_tier(store: Store, tier: str, platform: str | None = None) -> str:
    """``tier`` as the settings name it (``core-micro`` for the band), or a one-line error
    listing the tiers of the store's platforms (setting ``follower_tiers``)."""
    platforms = [platform] if platform else store.platforms()
    names: list[str] = []
    for p in platforms or ["*"]:
        names += [n for n, _ in platform_tiers(p) if n not in names]
    known = {fold_niche(n): n for n in [*names, CORE_MICRO]}
    if fold_niche(tier) in known:
        return known[fold_niche(tier)]
    raise ParameterError(
        f"Unknown tier {tier!r}; known tiers: {', '.join(known.values())} (setting "
        "follower_tiers names them per platform)."
    )


def _gather(
    store: Store,
    platforms: list[str],
    since: datetime | None,
    until: datetime | None,
    settings: Mapping[str, Any] | None,
    taxonomy: Taxonomy | str | Path | None,
    fake_shares: pd.DataFrame | None,
) -> pd.DataFrame:
    """Every creator of ``platforms`` with engagement, niche, fake share and disclosure."""
    frames = []
    for platform in platforms:
        found = engagement(
            store, platform, since=since, until=until, settings=settings, taxonomy=taxonomy
        )
        if found.empty:
            continue
        found = found.rename(columns={"posts": "engagement_posts"})
        found = found.assign(engagement=found["engagement_median"])
        shares = _fake_shares(store, platform, fake_shares, settings)
        found = found.merge(shares, on="member_id", how="left")
        found["audience_check"] = found["audience_check"].fillna(UNKNOWN_FAKE_SHARE)
        record = creator_disclosure(
            store, platform, since=since, until=until, settings=settings
        ).drop(columns="posts")
        found = found.merge(record, on="member_id", how="left")
        frames.append(found)
    if not frames:
        return pd.DataFrame()
    frame = pd.concat(frames, ignore_index=True)
    for column in ("sponsored_posts", "clearly_disclosed", "unclear", "undisclosed"):
        frame[column] = frame[column].fillna(0).astype("int64")
    frame["posts_to_fix"] = frame["posts_to_fix"].fillna("")
    frame["fake_share"] = frame["fake_share"].astype("float64")
    frame["disclosure"] = [
        _disclosure_words(s, c)
        for s, c in zip(frame["sponsored_posts"], frame["clearly_disclosed"], strict=True)
    ]
    return frame


def _score(
    store: Store,
    frame: pd.DataFrame,
    since: datetime | None,
    until: datetime | None,
    settings: Mapping[str, Any] | None,
    fit: bool,
) -> tuple[pd.DataFrame, dict[str, str]]:
    """``score``, ``why`` and ``rank`` by the creator profile on each platform."""
    from nichescout.scores import CommunityScorer

    scored = []
    fits: dict[str, str] = {}
    for platform in frame["platform"].drop_duplicates():
        scorer = CommunityScorer(
            "creator", platform=platform, since=since, until=until, settings=settings,
            calibrate=fit,
        ).fit(store)  # fmt: skip
        result = scorer.fits_.get(platform)
        fits[platform] = (
            result.summary() if result is not None else "prior weights of the creator profile"
        )
        scored.append(scorer.scores_[["platform", "member_id", "score", "why"]])
    scores = pd.concat(scored, ignore_index=True)
    frame = frame.merge(scores, on=["platform", "member_id"], how="left")
    frame["score"] = frame["score"].fillna(0.0).round(1)
    frame["why"] = frame["why"].fillna("not ranked: not active in the window")
    frame = frame.sort_values(
        ["score", "engagement", "platform", "handle"],
        ascending=[False, False, True, True],
        na_position="last",
        kind="stable",
    ).reset_index(drop=True)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame, fits


def _platforms(store: Store, platform: str | None) -> list[str]:
    if platform is not None:
        store.check_platform(platform)
        return [platform]
    return store.platforms()


def _no_creators(store: Store, platform: str | None) -> NotFoundError:
    where = f" on {platform}" if platform else ""
    return NotFoundError(
        f"The store {store.path} holds no creators{where} (members with posts and a follower "
        "count or views): import them with `nichescout ingest creators PATH`."
    )


def creator_table(
    store: Store,
    platform: str | None = None,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    settings: Mapping[str, Any] | None = None,
    taxonomy: Taxonomy | str | Path | None = None,
    fit: bool = False,
    fake_shares: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every creator, ranked by the creator profile (module docstring): the columns of
    :data:`DISCOVER_COLUMNS` and ``engagement_median``, ``unclear`` and ``undisclosed`` (sponsored posts disclosed unclearly, or not at all). Empty (no columns)
    when the store holds no creators. ``attrs["fits"]`` says how each platform was ranked."""
    frame = _gather(
        store, _platforms(store, platform), since, until, settings, taxonomy, fake_shares
    )
    if frame.empty:
        return frame
    frame, fits = _score(store, frame, since, until, settings, fit)
    extra = ["engagement_median", "unclear", "undisclosed"]
    frame = frame[DISCOVER_COLUMNS + extra]
    frame.attrs["fits"] = fits
    return frame


def discover(
    store: Store,
    *,
    niche: str | None = None,
    tier: str | None = None,
    min_engagement: float | None = None,
    max_fake_share: float | None = None,
    disclosure: str = "any",
    require_audience_check: bool = False,
    top: int | None = None,
    platform: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    settings: Mapping[str, Any] | None = None,
    taxonomy: Taxonomy | str | Path | None = None,
    fit: bool = False,
    fake_shares: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The creators that pass every filter, best first (module docstring).

    Parameters
    ----------
    niche:
        Keep creators whose niche (stored, else the first labelled: the niche of their
        cohort) is this one; case, spaces and hyphens do not matter. An unknown niche is an
        error listing the known ones.
    tier:
        Keep creators of this tier (``nano``, ``micro``, ``macro``, ``mega`` by default, per
        platform from the setting ``follower_tiers``), or ``core-micro`` for the band.
    min_engagement:
        Keep creators whose median engagement rate per follower is at least this (0.02 =
        2 %); creators without a follower count have none and are removed.
    max_fake_share:
        Remove creators whose estimated audience fake share is above this (0.25 = 25 %).
        Creators whose share is unknown are kept (``audience_check`` says "fake share
        unknown") unless ``require_audience_check``.
    disclosure:
        ``any`` (default) or ``required``: remove creators with sponsored posts of which
        fewer than the setting ``discover_min_clear_share`` (1.0: all) are clearly
        disclosed. Creators without sponsored posts pass.
    require_audience_check:
        Remove creators whose fake share cannot be estimated.
    top:
        Keep the first ``top`` (default: the setting ``discover_top``).
    platform, since, until:
        Only this platform; the window of posts and events.
    settings:
        Overrides of the named settings.
    taxonomy:
        A user taxonomy (TOML file, read on top of the default) for the niche labels.
    fit:
        Fit the creator profile's weights on each platform's past (as ``rank`` does);
        ``False`` (default): its prior weights.
    fake_shares:
        Audience fake shares measured elsewhere (``platform``, ``member_id``,
        ``fake_share``, optional ``audience_check``) instead of :func:`audience_fake_shares`.

    Returns
    -------
    DataFrame
        :data:`DISCOVER_COLUMNS`; ``attrs["funnel"]`` lists (filter, creators kept, removed),
        ``attrs["fits"]`` how each platform was ranked, ``attrs["provenance"]`` the lot.
    """
    top = int(_settings.get("discover_top", settings)) if top is None else top
    if isinstance(top, bool) or top < 1:
        raise ParameterError(f"--top must be 1 or more (creators), not {top}.")
    if disclosure not in DISCLOSURE_MODES:
        raise ParameterError(
            f"--disclosure must be one of {', '.join(DISCLOSURE_MODES)}, not {disclosure!r}."
        )
    if min_engagement is not None and not 0 <= min_engagement <= 1:
        raise ParameterError(
            "--min-engagement is a share of followers per post between 0 and 1 (0.02 = 2%), "
            f"not {min_engagement:g}."
        )
    if max_fake_share is not None and not 0 <= max_fake_share <= 1:
        raise ParameterError(
            f"--max-fake-share is a share between 0 and 1 (0.25 = 25%), not {max_fake_share:g}."
        )
    platforms = _platforms(store, platform)
    wanted_niche = check_niche(store, niche, platform, taxonomy) if niche is not None else None
    wanted_tier = check_tier(store, tier, platform) if tier is not None else None
    minimum_clear = float(_settings.get("discover_min_clear_share", settings))
    frame = _gather(store, platforms, since, until, settings, taxonomy, fake_shares)
    if frame.empty:
        raise _no_creators(store, platform)
    where = f" on {platform}" if platform else ""
    funnel: list[tuple[str, int, int]] = [(f"creators{where}", len(frame), 0)]

    def keep(label: str, mask: pd.Series) -> None:
        nonlocal frame
        before = len(frame)
        frame = frame[mask.fillna(False).astype(bool)]
        funnel.append((label, len(frame), before - len(frame)))

    if wanted_niche is not None:
        folded = fold_niche(wanted_niche)
        keep(
            f"--niche {wanted_niche}",
            frame["niche"].map(lambda n: isinstance(n, str) and fold_niche(n) == folded),
        )
    if wanted_tier is not None:
        mask = (
            frame["core_micro"].astype(bool)
            if wanted_tier == CORE_MICRO
            else frame["tier"] == wanted_tier
        )
        keep(f"--tier {wanted_tier}", mask)
    if min_engagement is not None:
        keep(f"--min-engagement {min_engagement:g}", frame["engagement"] >= min_engagement)
    if max_fake_share is not None:
        share = frame["fake_share"]
        keep(f"--max-fake-share {max_fake_share:g}", share.isna() | (share <= max_fake_share))
    if require_audience_check:
        keep("--require-audience-check", frame["fake_share"].notna())
    if disclosure == "required":
        sponsored = frame["sponsored_posts"]
        clear = frame["clearly_disclosed"] / sponsored.where(sponsored > 0)
        keep(
            f"--disclosure required (at least {minimum_clear:.0%} of sponsored posts clearly "
            "disclosed)",
            (sponsored == 0) | (clear >= minimum_clear - 1e-9),
        )
    if frame.empty:
        steps = [f"{label} removed {removed}" for label, _, removed in funnel[1:]]
        raise NotFoundError(
            f"No creator passes the filters: of {funnel[0][1]} creators{where}, "
            + ", ".join(steps)
            + "."
        )
    frame, fits = _score(store, frame.reset_index(drop=True), since, until, settings, fit)
    funnel.append((f"--top {top}", min(top, len(frame)), max(len(frame) - top, 0)))
    frame = frame.head(top)[DISCOVER_COLUMNS].reset_index(drop=True)
    frame.attrs["funnel"] = funnel
    frame.attrs["fits"] = fits
    frame.attrs["provenance"] = {
        "method": "nichescout.creators.discover",
        "profile": "creator",
        "fit": fit,
        "filters": {
            "niche": wanted_niche,
            "tier": wanted_tier,
            "min_engagement": min_engagement,
            "max_fake_share": max_fake_share,
            "disclosure": disclosure,
            "require_audience_check": require_audience_check,
            "top": top,
        },
        "platform": platform,
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "settings": {"discover_min_clear_share": minimum_clear},
    }
    return frame


def funnel_words(funnel: list[tuple[str, int, int]]) -> str:
    """The funnel of :func:`discover` in one line.

    >>> funnel_words([("creators", 40, 0), ("--niche beauty", 7, 33), ("--top 5", 5, 2)])
    '40 creators; --niche beauty kept 7 (removed 33); --top 5 kept 5 (removed 2).'
    """
    head = f"{funnel[0][1]} {funnel[0][0]}"
    steps = [f"{label} kept {kept} (removed {removed})" for label, kept, removed in funnel[1:]]
    return "; ".join([head, *steps]) + "."
