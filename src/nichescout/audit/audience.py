"""The fake share of a creator's audience: their commenters or followers, scored one by one.

A creator is a member with posts (content ``post`` or ``video``). Their audience, read from
the store, is

- ``commenters``: the members who commented on their posts (content ``comment`` whose
  thread is the post; the creator's own replies left out), or
- ``followers``: the members with a ``follow`` interaction towards them, or
- ``all``: both.

Each audience member whose profile counts are stored (``followers``, ``following`` and
``attributes.posts``, as ``nichescout ingest creators`` writes them from a profiles file) is
scored by the shipped fake-account model (:func:`nichescout.audit.accounts.score_features`)
on the features of :mod:`nichescout.audit.features`, mapped from the store by
:func:`member_features`; members without those counts are counted but not scored.

The fake share is the mean ``fake_probability`` of the scored members, ``p̂``, as
:func:`~nichescout.audit.accounts.fake_share` says (a calibrated probability's mean
estimates the share without a threshold). Its interval is Wilson's score interval for a
proportion observed on ``n`` scored members at the confidence of the setting
``audience_confidence`` (z its two-sided normal quantile)::

    centre = (p̂ + z²/2n) / (1 + z²/n)
    half   = z / (1 + z²/n) · sqrt(p̂(1 − p̂)/n + z²/4n²)

It covers the sampling of the audience (which of the creator's followers happen to be
stored and scored), not the model's own error: docs/creators.md measures that on labelled
audiences. With fewer than ``audience_min_scored`` scored members no share is given.

On the bundled creator sample only the creators have profile counts, so of a creator's
commenters only the other creators who comment can be scored:

>>> from nichescout.data.creators import creators_sample_path
>>> from nichescout.ingest.creators import import_creators
>>> from nichescout.store import Store
>>> store = Store(":memory:")
>>> _ = import_creators(store, creators_sample_path())
>>> report = audience_report(store, handle="budget.bea", settings={"audience_min_scored": 2})
>>> report[["handle", "audience_size", "scored", "likely_fake"]].to_dict("records")
[{'handle': 'budget.bea', 'audience_size': 64, 'scored': 2, 'likely_fake': 0}]
>>> print(report.loc[0, "note"])
2 of 64 commenters scored (62 without profile counts); expected fake share 0% (95% CI 0%–66%)

References
----------
E. B. Wilson, "Probable inference, the law of succession, and statistical inference",
JASA 22(158), 209–212, 1927.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from statistics import NormalDist
from typing import TYPE_CHECKING, Any

from nichescout import settings as _settings
from nichescout._version import __version__
from nichescout.exceptions import NotFoundError, ParameterError

if TYPE_CHECKING:
    import pandas as pd

    from nichescout.store import Store

__all__ = [
    "AUDIENCES",
    "AUDIENCE_COLUMNS",
    "MEMBER_COLUMNS",
    "audience_members",
    "audience_report",
    "find_creator",
    "member_features",
    "wilson_interval",
]

#: What ``audience`` may be: who counts as a creator's audience.
AUDIENCES = ("commenters", "followers", "all")
#: The columns :func:`audience_report` returns, in order.
AUDIENCE_COLUMNS = (
    "platform",
    "member_id",
    "handle",
    "audience",
    "audience_size",
    "scored",
    "fake_share",
    "ci_low",
    "ci_high",
    "likely_fake",
    "note",
)
#: The columns :func:`audience_members` returns, in order.
MEMBER_COLUMNS = (
    "platform",
    "creator",
    "member_id",
    "handle",
    "comments",
    "follows",
    "fake_probability",
    "likely_fake",
)

_POSTS = "('post', 'video')"
_WHO = {"commenters": "commenters", "followers": "followers", "all": "audience members"}


def wilson_interval(share: float, n: int, confidence: float) -> tuple[float, float]:
    """Wilson's score interval for a proportion ``share`` seen on ``n`` trials.

    >>> [round(x, 4) for x in wilson_interval(0.2, 50, 0.95)]
    [0.1124, 0.3304]
    >>> wilson_interval(0.0, 0, 0.95)
    (nan, nan)
    """
    if n <= 0 or share != share:
        return float("nan"), float("nan")
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    z2 = z * z
    centre = (share + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(share * (1 - share) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def find_creator(store: Store, handle: str, platform: str | None = None) -> tuple[str, str]:
    """``(platform, member_id)`` of the creator with ``handle`` (case-insensitive, ``@``
    optional): a member with posts. Raises :class:`NotFoundError` when none or several."""
    name = handle.strip().removeprefix("@").lower()
    rows = store.con.execute(
        f"""SELECT DISTINCT m.platform, m.member_id FROM members m
            JOIN content c ON c.author_key = m.member_key AND c.kind IN {_POSTS}
            WHERE (lower(m.handle) = ? OR m.member_id = ?) AND (? IS NULL OR m.platform = ?)
            ORDER BY 1""",
        [name, name, platform, platform],
    ).fetchall()
    if len(rows) == 1:
        return str(rows[0][0]), str(rows[0][1])
    if rows:
        raise NotFoundError(
            f"{handle!r} is a creator on several platforms ({', '.join(r[0] for r in rows)}); "
            "pass --platform."
        )
    where = f" on {platform}" if platform else ""
    raise NotFoundError(
        f"No creator {handle.strip()!r} with posts in the store{where}; `nichescout ingest "
        "creators` imports creators, their posts and the comments on them."
    )


def _audience_sql(audience: str) -> str:
    """(creator_key, member_key, comments, follows) of every creator's audience on ?."""
    commenters = f"""
        SELECT p.author_key AS creator_key, c.author_key AS member_key,
               count(*) AS comments, 0 AS follows
        FROM content c
        JOIN content p ON p.platform = c.platform AND p.content_id = c.thread_id
        WHERE c.platform = $platform AND c.kind = 'comment' AND p.kind IN {_POSTS}
          AND c.author_key IS NOT NULL AND c.author_key <> p.author_key
        GROUP BY 1, 2"""
    followers = """
        SELECT target_key AS creator_key, actor_key AS member_key,
               0 AS comments, 1 AS follows
        FROM interactions
        WHERE platform = $platform AND kind = 'follow' AND actor_key IS NOT NULL
          AND target_key IS NOT NULL AND actor_key <> target_key
        GROUP BY 1, 2"""
    parts = {"commenters": [commenters], "followers": [followers]}.get(
        audience, [commenters, followers]
    )
    union = " UNION ALL ".join(parts)
    return f"""SELECT creator_key, member_key, sum(comments)::BIGINT AS comments,
                      max(follows)::BIGINT AS follows
               FROM ({union}) GROUP BY 1, 2"""


def _members_sql(keys: str) -> str:
    """The stored profile of each member of ``keys`` (a relation with member_key)."""
    attr = "json_extract_string(m.attributes, '$.{}')"
    fields = [
        "posts",
        "has_profile_picture",
        "private",
        "bio_length",
        "has_external_url",
        "external_url",
        "full_name_words",
        "handle_length",
        "handle_digits",
        "handle_digit_share",
    ]
    extracted = ",\n".join(f"{attr.format(f)} AS a_{f}" for f in fields)
    return f"""SELECT m.member_key, m.member_id, m.handle, m.followers, m.following, m.bio,
                      m.display_name, {extracted}
               FROM members m WHERE m.member_key IN (SELECT member_key FROM {keys})"""


def member_features(members: pd.DataFrame) -> pd.DataFrame:
    """The model's features of stored members (rows of :func:`_members_sql`), NaN where unknown.

    What the store says is read as the labelled sets were read for training
    (:mod:`nichescout.audit.datasets`): a set's own ``bio_length``, ``handle_length``,
    ``handle_digits``, ``handle_digit_share``, ``full_name_words`` and ``has_external_url``
    attributes when present (their handles are made up: ``instafake-real-0042``), else the
    member's bio, display name, external link and handle.
    """
    import numpy as np
    import pandas as pd

    from nichescout.audit.features import features_from_parts

    def num(column: str) -> pd.Series:
        return pd.to_numeric(members[column], errors="coerce").astype("float64")

    def flag(column: str) -> pd.Series:
        words = (
            members[column]
            .astype(object)
            .map(
                lambda v: (
                    {"true": 1.0, "false": 0.0}.get(str(v).lower(), np.nan)
                    if v is not None and v == v
                    else np.nan
                )
            )
        )
        return words.astype("float64")

    handle = members["handle"].fillna(members["member_id"]).astype(str)
    set_handle = members[["a_handle_length", "a_handle_digits", "a_handle_digit_share"]]
    made_up = set_handle.notna().any(axis=1)  # a labelled set's own handle figures
    length = handle.str.len().astype("float64").where(~made_up, num("a_handle_length"))
    own_share = (handle.str.count(r"\d") / handle.str.len().where(lambda s: s > 0)).fillna(0.0)
    set_share = num("a_handle_digit_share").fillna(
        num("a_handle_digits") / num("a_handle_length").where(lambda s: s > 0)
    )
    bio = members["bio"].map(lambda b: float(len(b.strip())) if isinstance(b, str) else np.nan)
    name = members["display_name"].map(
        lambda n: float(len(n.split())) if isinstance(n, str) else np.nan
    )
    url = flag("a_has_external_url").fillna(
        members["a_external_url"].map(lambda u: 1.0 if isinstance(u, str) and u.strip() else np.nan)
    )
    return features_from_parts(
        followers=members["followers"],
        following=members["following"],
        posts=members["a_posts"],
        has_profile_picture=flag("a_has_profile_picture"),
        is_private=flag("a_private"),
        bio_length=num("a_bio_length").fillna(bio),
        has_external_url=url,
        full_name_words=num("a_full_name_words").fillna(name),
        handle_length=length,
        handle_digit_share=own_share.where(~made_up, set_share),
    )


def _check_audience(audience: str) -> None:
    if audience not in AUDIENCES:
        raise ParameterError.invalid("audience", "audience_report", f"one of {AUDIENCES}", audience)


def _platforms(store: Store, platform: str | None) -> list[str]:
    if platform is not None:
        store.check_platform(platform)
        return [platform]
    return store.platforms()


def _scored_audience(
    store: Store, platform: str, audience: str, creator: str | None, model: Any
) -> pd.DataFrame:
    """Every (creator, audience member) pair of ``platform``, with the member's score."""
    import numpy as np

    from nichescout.audit.accounts import score_features

    con = store.con
    params: dict[str, Any] = {"platform": platform}
    only = ""
    if creator is not None:
        only = "WHERE creator_key = (SELECT member_key FROM members WHERE platform = $platform AND member_id = $creator)"
        params["creator"] = creator
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _audience AS SELECT * FROM ({_audience_sql(audience)}) {only}",
        params,
    )
    try:
        pairs = con.execute(
            """SELECT c.member_id AS creator, a.member_key, a.comments, a.follows
               FROM _audience a JOIN members c ON c.member_key = a.creator_key"""
        ).df()
        members = con.execute(_members_sql("_audience")).df()
    finally:
        con.execute("DROP TABLE IF EXISTS _audience")
    known = members[["followers", "following", "a_posts"]].notna().all(axis=1)
    members["fake_probability"] = np.nan
    if known.any():
        scores = score_features(member_features(members[known]), model)
        members.loc[known, "fake_probability"] = np.round(scores, 4)
    merged = pairs.merge(members, on="member_key", how="left")
    merged.insert(0, "platform", platform)
    return merged.assign(handle=merged["handle"].fillna(merged["member_id"]))


def audience_members(
    store: Store,
    platform: str | None = None,
    handle: str | None = None,
    *,
    audience: str = "commenters",
    settings: Mapping[str, Any] | None = None,
    model: Any = None,
) -> pd.DataFrame:
    """Each audience member of each creator, scored: :data:`MEMBER_COLUMNS`.

    ``fake_probability`` is NaN (and ``likely_fake`` None) for members whose profile
    counts are not stored. ``handle`` narrows to one creator; ``audience`` is one of
    :data:`AUDIENCES`; ``model`` replaces the shipped one (a fitted classifier over
    FEATURES).
    """
    import pandas as pd

    _check_audience(audience)
    threshold = float(_settings.get("audit_fake_threshold", settings))
    frames = []
    targets = [find_creator(store, handle, platform)] if handle is not None else None
    for name in [t[0] for t in targets] if targets else _platforms(store, platform):
        creator = targets[0][1] if targets else None
        frames.append(_scored_audience(store, name, audience, creator, model))
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in MEMBER_COLUMNS})
    proba = frame["fake_probability"]
    frame["likely_fake"] = (proba >= threshold).astype(object).where(proba.notna(), None)
    frame["follows"] = frame["follows"].astype(bool)
    frame = frame.sort_values(["platform", "creator", "member_id"], kind="stable")
    return frame[list(MEMBER_COLUMNS)].reset_index(drop=True)


def _creators(store: Store, platform: str) -> pd.DataFrame:
    return store.con.execute(
        f"""SELECT DISTINCT m.platform, m.member_id, coalesce(m.handle, m.member_id) AS handle
            FROM members m JOIN content c ON c.author_key = m.member_key
            WHERE m.platform = ? AND c.kind IN {_POSTS} ORDER BY m.member_id""",
        [platform],
    ).df()


def _summary(
    group: pd.DataFrame | None, who: str, minimum: int, confidence: float, threshold: float
) -> dict[str, Any]:
    size = 0 if group is None else len(group)
    if group is None or size == 0:
        return {
            "audience_size": 0,
            "scored": 0,
            "fake_share": math.nan,
            "ci_low": math.nan,
            "ci_high": math.nan,
            "likely_fake": 0,
            "note": f"no {who} stored",
        }
    proba = group["fake_probability"].dropna()
    n = len(proba)
    share = float(proba.mean()) if n else math.nan
    unscored = f" ({size - n:,} without profile counts)" if size > n else ""
    head = f"{n:,} of {size:,} {who} scored{unscored}"
    low, high = math.nan, math.nan
    if n == 0:
        note = (
            f"no {who[:-1] if who.endswith('s') else who} of the {size:,} has profile counts "
            "(followers, following, posts): import their profiles to score them"
        )
        share = math.nan
    elif n < minimum:
        note = f"{head}: fewer than {minimum}, no share given"
        share = math.nan
    else:
        low, high = wilson_interval(share, n, confidence)
        note = f"{head}; expected fake share {share:.0%} ({confidence:.0%} CI {low:.0%}–{high:.0%})"
    return {
        "audience_size": size,
        "scored": n,
        "fake_share": round(share, 4) if share == share else share,
        "ci_low": round(low, 4) if low == low else low,
        "ci_high": round(high, 4) if high == high else high,
        "likely_fake": int((proba >= threshold).sum()),
        "note": note,
    }


def audience_report(
    store: Store,
    platform: str | None = None,
    handle: str | None = None,
    *,
    audience: str = "commenters",
    settings: Mapping[str, Any] | None = None,
    model: Any = None,
) -> pd.DataFrame:
    """The fake share of each creator's audience (module docstring): :data:`AUDIENCE_COLUMNS`.

    Parameters
    ----------
    store:
        The store.
    platform:
        Only this platform; ``None``: every platform.
    handle:
        Only this creator (case-insensitive, ``@`` optional).
    audience:
        ``commenters``, ``followers`` or ``all`` (:data:`AUDIENCES`).
    settings:
        Overrides of ``audience_confidence``, ``audience_min_scored`` and
        ``audit_fake_threshold`` (the threshold of ``likely_fake``).
    model:
        A fitted classifier over FEATURES instead of the shipped one.

    Returns
    -------
    DataFrame
        One row per creator (a member with posts), by platform and member id;
        ``fake_share``, ``ci_low`` and ``ci_high`` are NaN when fewer than
        ``audience_min_scored`` members could be scored; ``note`` says it in words.
        ``attrs["provenance"]`` names the method and settings (STYLE.md E16).
    """
    import pandas as pd

    _check_audience(audience)
    confidence = float(_settings.get("audience_confidence", settings))
    if not 0 < confidence < 1:
        raise ParameterError.invalid(
            "audience_confidence", "audience_report", "a float in (0, 1)", confidence
        )
    minimum = int(_settings.get("audience_min_scored", settings))
    threshold = float(_settings.get("audit_fake_threshold", settings))
    members = audience_members(
        store, platform, handle, audience=audience, settings=settings, model=model
    )
    if handle is not None:
        on, member_id = find_creator(store, handle, platform)
        creators = _creators(store, on)
        creators = creators[creators["member_id"] == member_id]
    else:
        found = [_creators(store, p) for p in _platforms(store, platform)]
        creators = pd.concat(found, ignore_index=True) if found else pd.DataFrame()
    groups = {key: g for key, g in members.groupby(["platform", "creator"], sort=False)}
    who = _WHO[audience]
    rows = [
        {
            "platform": c.platform,
            "member_id": c.member_id,
            "handle": c.handle,
            "audience": audience,
            **_summary(groups.get((c.platform, c.member_id)), who, minimum, confidence, threshold),
        }
        for c in creators.itertuples(index=False)
    ]
    result = pd.DataFrame(rows, columns=list(AUDIENCE_COLUMNS))
    for column in ("audience_size", "scored", "likely_fake"):
        result[column] = result[column].astype("int64")
    result.attrs["provenance"] = {
        "method": "mean fake_probability of the scored audience, Wilson score interval",
        "model": "shipped" if model is None else type(model).__name__,
        "audience": audience,
        "settings": {
            "audience_confidence": confidence,
            "audience_min_scored": minimum,
            "audit_fake_threshold": threshold,
        },
        "version": __version__,
    }
    return result
