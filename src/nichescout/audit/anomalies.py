"""Engagement anomalies of creators, each flagged with what was seen, in words.

Four checks, each per creator (a member with posts, content ``post`` or ``video``):

``likes_comments``
    Bought likes (or bought comments) push a creator's likes-to-comments ratio away from
    their peers'. Over their last ``anomaly_recent_posts`` posts with both counts (posts
    whose comments are disabled left out; at least ``anomaly_min_posts``), the ratio is
    ``r = (Σ likes + 1) / (Σ comments + 1)``; its log is compared with the creators of the
    same platform and tier (:func:`nichescout.scores.tiers.follower_tier`) by the robust
    z-score of :func:`robust_z`, or with the whole platform when the tier holds fewer than
    ``anomaly_cohort_min`` such creators. Flagged when ``|z| >= anomaly_ratio_z``.
``follower_jump``
    Bought followers arrive at once. Given a follower history (handle, date, followers;
    :func:`read_followers_history`), the daily log growth between consecutive observations
    ``g = log((f₁ + 1) / (f₀ + 1)) / days`` is compared with the creator's own history by
    :func:`robust_z`; a jump is flagged when ``z >= anomaly_jump_z``, it adds at least
    ``anomaly_jump_min_gain`` of the followers, and no viral post explains it: no post made
    in the interval or up to ``anomaly_viral_days`` days before drew ``anomaly_viral_factor``
    times the creator's median engagement (likes + comments + shares) or views. Without a
    history the check says "no follower history" instead of guessing.
``generic_comments``
    Bought or pod comments are generic. A comment is judged on its own by
    :func:`nichescout.comments.quality.generic_reason` (no words — emoji only —, stock
    phrases such as "nice pic", or at most ``comment_generic_max_words`` distinct words
    without a question); the comments module's copy rule, which needs the whole platform,
    is left out (it also marks real sentences many fans repeat). Flagged
    when at least ``anomaly_generic_share`` of the comments others left on the creator's
    last posts are generic (at least ``anomaly_min_comments`` stored).
``pod``
    Reciprocal engagement groups, found as dense clusters of the mutual-comment graph
    (:mod:`nichescout.audit.pods`).

The robust z-score of a value ``x`` in a group is ``(x − median) / (1.4826 · MAD)`` (MAD:
median absolute deviation; 1.4826 makes it the standard deviation of normal data), or
``(x − median) / (1.2533 · mean absolute deviation)`` when the MAD is 0 (Iglewicz and
Hoaglin's modified z-score); 0 when every value is equal.

On the bundled creator sample the checks find what its generator planted:

>>> from nichescout.data.creators import creators_sample_path
>>> from nichescout.ingest.creators import import_creators
>>> from nichescout.store import Store
>>> store = Store(":memory:")
>>> _ = import_creators(store, creators_sample_path())
>>> found = engagement_anomalies(store)
>>> sorted(set(zip(found["handle"], found["flag"])))  # doctest: +NORMALIZE_WHITESPACE
[('budget.bea', 'generic_comments'), ('budget.bea', 'pod'), ('little.wild.ones', 'pod'),
 ('pele.de.ana', 'likes_comments'), ('repair.cafe.rita', 'generic_comments'),
 ('tiny.steps.tom', 'generic_comments'), ('tiny.steps.tom', 'pod')]
>>> print(found.loc[found["flag"] == "likes_comments", "evidence"].iloc[0])
likes/comments 489 vs cohort median 24 (instagram:sample, micro: 20 creators); robust z +32.8 over the last 20 posts

(The pod's comments are generic too: "Love this!! 🙌".)

References
----------
B. Iglewicz and D. C. Hoaglin, "How to Detect and Handle Outliers", ASQC Quality Press,
1993 (the modified z-score and its 3.5 cut-off).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nichescout import settings as _settings
from nichescout._version import __version__
from nichescout.exceptions import InputError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from nichescout.store import Store

__all__ = [
    "ANOMALY_COLUMNS",
    "FLAGS",
    "HISTORY_COLUMNS",
    "STATUSES",
    "engagement_anomalies",
    "follower_jumps",
    "generic_comments",
    "likes_comments",
    "pod_flags",
    "read_followers_history",
    "robust_z",
]

#: The columns of :func:`engagement_anomalies`, in order.
ANOMALY_COLUMNS = ("platform", "member_id", "handle", "flag", "status", "evidence", "value")
#: The checks, as named in the ``flag`` column.
FLAGS = ("likes_comments", "follower_jump", "generic_comments", "pod")
#: What a check found: ``flagged``, ``ok``, or ``not checked`` (the evidence says why).
STATUSES = ("flagged", "ok", "not checked")
#: The columns of a follower history (one row per creator and date).
HISTORY_COLUMNS = ("handle", "date", "followers")

_MAD_SCALE = 1.4826  # 1 / Φ⁻¹(3/4): MAD → standard deviation for normal data
_MEAN_AD_SCALE = 1.2533  # √(π/2): mean absolute deviation → standard deviation
_POSTS = "('post', 'video')"


def robust_z(values: np.ndarray) -> np.ndarray:
    """The robust z-score of each value among all of them (module docstring).

    >>> import numpy as np
    >>> robust_z(np.array([1.0, 2.0, 3.0, 4.0, 100.0])).round(2)
    array([-1.35, -0.67,  0.  ,  0.67, 65.43])
    >>> robust_z(np.array([5.0, 5.0, 5.0, 9.0])).round(2)
    array([0.  , 0.  , 0.  , 3.19])
    >>> robust_z(np.array([2.0, 2.0]))
    array([0., 0.])
    """
    import numpy as np

    x = np.asarray(values, dtype="float64")
    if x.size == 0:
        return x
    centre = np.median(x)
    deviation = np.abs(x - centre)
    mad = np.median(deviation)
    # a subnormal spread (values a few 1e-313 apart) makes a far value's z infinite: that
    # is its limit, as plain float division gives it, not an error
    with np.errstate(over="ignore"):
        if mad > 0:
            return (x - centre) / (_MAD_SCALE * mad)
        mean_ad = deviation.mean()
        if mean_ad > 0:
            return (x - centre) / (_MEAN_AD_SCALE * mean_ad)
    return np.zeros_like(x)


def _ratio(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def _row(creator: Any, flag: str, status: str, evidence: str, value: float) -> dict[str, Any]:
    return {
        "platform": creator.platform,
        "member_id": creator.member_id,
        "handle": creator.handle,
        "flag": flag,
        "status": status,
        "evidence": evidence,
        "value": value,
    }


def _recent(posts: pd.DataFrame, n: int) -> pd.DataFrame:
    """The last ``n`` posts of each creator (latest first: created_at, then content_id)."""
    ordered = posts.sort_values(
        ["platform", "member_id", "created_at", "content_id"],
        ascending=[True, True, False, False],
        kind="stable",
    )
    return ordered.groupby(["platform", "member_id"], sort=False).head(n)


def _on_posts(comments: pd.DataFrame, posts: pd.DataFrame) -> pd.DataFrame:
    """The comments under ``posts``."""
    keys = posts[["platform", "content_id"]].rename(columns={"content_id": "post_id"})
    return comments.merge(keys, on=["platform", "post_id"], how="inner")


def _creators(posts: pd.DataFrame) -> pd.DataFrame:
    return (
        posts[["platform", "member_id", "handle", "tier"]]
        .drop_duplicates(["platform", "member_id"])
        .sort_values(["platform", "member_id"], kind="stable")
        .reset_index(drop=True)
    )


def likes_comments(
    posts: pd.DataFrame, *, settings: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The ``likes_comments`` check of every creator of ``posts`` (module docstring).

    ``posts``: one row per post with platform, member_id, handle, tier, content_id,
    created_at, likes, comments and comments_disabled. One row per creator, as
    :data:`ANOMALY_COLUMNS`; ``value`` is the robust z-score.
    """
    import numpy as np

    opt = _settings.get
    recent = int(opt("anomaly_recent_posts", settings))
    min_posts = int(opt("anomaly_min_posts", settings))
    cohort_min = int(opt("anomaly_cohort_min", settings))
    limit = float(opt("anomaly_ratio_z", settings))
    usable = posts[posts["likes"].notna() & posts["comments"].notna() & ~posts["comments_disabled"]]
    last = _recent(usable, recent)
    sums = last.groupby(["platform", "member_id"]).agg(
        n=("content_id", "size"), likes=("likes", "sum"), comments=("comments", "sum")
    )
    creators = _creators(posts)
    stats = creators.join(sums, on=["platform", "member_id"])
    stats["n"] = stats["n"].fillna(0).astype(int)
    ok = stats["n"] >= min_posts
    stats["log_ratio"] = np.log((stats["likes"] + 1.0) / (stats["comments"] + 1.0))
    stats["tier_key"] = stats["tier"].fillna("followers unknown")
    z = np.full(len(stats), np.nan)
    median = np.full(len(stats), np.nan)
    label = [""] * len(stats)
    size = np.zeros(len(stats), dtype=int)
    eligible = stats[ok]
    for (platform, tier), group in eligible.groupby(["platform", "tier_key"]):
        cohort = group
        where = f"{platform}, {tier}"
        if len(group) < cohort_min:
            cohort = eligible[eligible["platform"] == platform]
            where = f"{platform}, all tiers as {tier} has only {len(group)}"
            if len(cohort) < cohort_min:
                for i in group.index:
                    label[i] = (
                        f"cohort too small: {len(cohort)} creators on {platform} with likes "
                        f"and comments counted (fewer than {cohort_min})"
                    )
                continue
        scores = robust_z(cohort["log_ratio"].to_numpy())
        by_index = dict(zip(cohort.index, scores, strict=True))
        centre = float(np.exp(np.median(cohort["log_ratio"])))
        for i in group.index:
            z[i], median[i], size[i] = by_index[i], centre, len(cohort)
            label[i] = where
    log_ratio = stats["log_ratio"].to_numpy(dtype="float64")
    rows = []
    for i, c in enumerate(stats.itertuples(index=False)):
        if not ok.iloc[i]:
            rows.append(
                _row(c, "likes_comments", "not checked",
                     f"{c.n} post{'s' if c.n != 1 else ''} with likes and comments counted "
                     f"(fewer than {min_posts})", math.nan)
            )  # fmt: skip
            continue
        if math.isnan(z[i]):
            rows.append(_row(c, "likes_comments", "not checked", label[i], math.nan))
            continue
        ratio = math.exp(log_ratio[i])
        evidence = (
            f"likes/comments {_ratio(ratio)} vs cohort median {_ratio(median[i])} "
            f"({label[i]}: {size[i]} creators); robust z {z[i]:+.1f} over the last {c.n} posts"
        )
        status = "flagged" if abs(z[i]) >= limit else "ok"
        rows.append(_row(c, "likes_comments", status, evidence, round(float(z[i]), 3)))
    return rows


def generic_comments(
    posts: pd.DataFrame, comments: pd.DataFrame, *, settings: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The ``generic_comments`` check of every creator of ``posts`` (module docstring).

    ``comments``: one row per comment by someone other than the creator, with platform,
    creator (member_id), post_id and text. ``value`` is the generic share.
    """
    from nichescout.comments.quality import generic_reason

    opt = _settings.get
    recent = int(opt("anomaly_recent_posts", settings))
    limit = float(opt("anomaly_generic_share", settings))
    minimum = int(opt("anomaly_min_comments", settings))
    last = _recent(posts, recent)
    on_recent = _on_posts(comments, last)
    has_text = on_recent["text"].map(lambda t: isinstance(t, str) and bool(t.strip()))
    on_recent = on_recent[has_text.astype(bool)]
    generic = on_recent["text"].map(lambda t: generic_reason(t, settings) is not None)
    tally: dict[tuple[str, str], list[int]] = {}
    for platform, creator, is_generic in zip(
        on_recent["platform"], on_recent["creator"], generic, strict=True
    ):
        counts = tally.setdefault((str(platform), str(creator)), [0, 0])
        counts[0] += 1
        counts[1] += int(bool(is_generic))
    n_posts = last.groupby(["platform", "member_id"]).size()
    creators = _creators(posts)
    shares: dict[str, list[float]] = {}
    for (platform, _), (n, g) in tally.items():
        if n >= minimum:
            shares.setdefault(platform, []).append(g / n)
    rows = []
    for c in creators.itertuples(index=False):
        n, g = tally.get((str(c.platform), str(c.member_id)), [0, 0])
        posts_seen = int(n_posts.get((c.platform, c.member_id), 0))
        if n < minimum:
            rows.append(
                _row(c, "generic_comments", "not checked",
                     f"{int(n)} comment{'s' if n != 1 else ''} by others stored on the last "
                     f"{posts_seen} posts (fewer than {minimum})", math.nan)
            )  # fmt: skip
            continue
        share = g / n
        centre = statistics.median(shares[str(c.platform)])
        evidence = (
            f"{int(g)} of {int(n)} comments by others on the last {posts_seen} posts are "
            "generic (emoji only, stock phrases, a word or two without a question): "
            f"{share:.0%} vs median {centre:.0%} on {c.platform}"
        )
        status = "flagged" if share >= limit else "ok"
        rows.append(_row(c, "generic_comments", status, evidence, round(float(share), 4)))
    return rows


def pod_flags(
    posts: pd.DataFrame,
    comments: pd.DataFrame,
    edges: pd.DataFrame,
    *,
    settings: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The ``pod`` check of every creator of ``posts``: ``flagged`` for the members of each
    pod of :func:`nichescout.audit.pods.find_pods` over ``edges`` (platform, commenter,
    author, comments), with how many comments on their last posts came from the pod;
    ``ok`` for the others. ``value`` is the pod's density."""
    from nichescout.audit.pods import find_pods

    recent = int(_settings.get("anomaly_recent_posts", settings))
    last = _recent(posts, recent)
    n_posts = last.groupby(["platform", "member_id"]).size()
    on_recent = _on_posts(comments, last)
    creators = _creators(posts)
    found: dict[tuple[str, str], tuple[Any, str]] = {}
    for platform, group in edges.groupby("platform"):
        for pod in find_pods(group, settings=settings):
            for member in pod.members:
                found[(str(platform), member)] = (pod, pod.describe())
    rows = []
    for c in creators.itertuples(index=False):
        key = (c.platform, c.member_id)
        if key not in found:
            rows.append(_row(c, "pod", "ok", "in no dense mutual-comment cluster", math.nan))
            continue
        pod, words = found[key]
        others = set(pod.members) - {c.member_id}
        mine = on_recent[
            (on_recent["platform"] == c.platform) & (on_recent["creator"] == c.member_id)
        ]
        from_pod = mine["commenter"].isin(others)
        accounts = mine.loc[from_pod, "commenter"].nunique()
        evidence = (
            f"one of {words}; {int(from_pod.sum())} of {len(mine)} comments by others on the "
            f"last {int(n_posts.get(key, 0))} posts come from {accounts} of them"
        )
        rows.append(_row(c, "pod", "flagged", evidence, pod.density))
    return rows


def read_followers_history(source: pd.DataFrame | str | Path) -> pd.DataFrame:
    """A follower history: a CSV file or a DataFrame with ``handle, date, followers`` (and
    optionally ``platform``), one row per creator and date. Returns the rows checked, with
    ``handle`` lower case without ``@``, ``date`` a day and ``followers`` an integer, sorted.

    >>> import pandas as pd
    >>> read_followers_history(pd.DataFrame({"handle": ["@Ana", "ana"],
    ...     "date": ["2026-03-02", "2026-03-01"], "followers": [1010, 1000]}))
      handle       date  followers
    0    ana 2026-03-01       1000
    1    ana 2026-03-02       1010
    """
    import pandas as pd

    label = "followers history"
    if isinstance(source, pd.DataFrame):
        frame = source.copy()
    else:
        label = str(source)
        path = Path(source)
        if not path.is_file():
            raise InputError(
                label, None, "not found; pass a CSV file with handle, date, followers."
            )
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
            raise InputError(label, None, f"is not a readable UTF-8 CSV file ({err}).") from err
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in HISTORY_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(
            label, 1, f"has no {', '.join(missing)} column; the form is handle, date, followers."
        )
    out = pd.DataFrame(index=frame.index)
    if "platform" in frame.columns:
        out["platform"] = frame["platform"].astype(str).str.strip().replace("", None)
    out["handle"] = frame["handle"].astype(str).str.strip().str.removeprefix("@").str.lower()
    dates = pd.to_datetime(frame["date"].astype(str).str.strip(), errors="coerce", format="mixed")
    counts = pd.to_numeric(frame["followers"].astype(str).str.replace(",", ""), errors="coerce")
    for i in frame.index:
        line = int(i) + 2  # the header is line 1
        if not out.at[i, "handle"]:
            raise InputError(label, line, "handle is empty; write the creator's @-name.")
        if pd.isna(dates[i]):
            raise InputError(
                label, line, f"date is not a date: {frame.at[i, 'date']!r} (write 2026-03-01)."
            )
        value = counts[i]
        if pd.isna(value) or value < 0 or value != int(value):
            raise InputError(
                label, line, f"followers is not a whole number >= 0: {frame.at[i, 'followers']!r}."
            )
    out["date"] = dates.dt.tz_localize(None).dt.normalize() if len(out) else dates
    out["followers"] = counts.astype("int64") if len(out) else counts
    keys = [c for c in ("platform", "handle") if c in out.columns]
    repeated = out.duplicated([*keys, "date"], keep=False)
    if repeated.any():
        i = int(out.index[repeated][0])
        raise InputError(
            label, i + 2,
            f"{out.at[i, 'handle']!r} has two rows for {str(out.at[i, 'date'])[:10]}; "
            "keep one per day.",
        )  # fmt: skip
    return out.sort_values([*keys, "date"], kind="stable").reset_index(drop=True)


def _viral(posts: pd.DataFrame, start: datetime, end: datetime, factor: float) -> tuple[bool, str]:
    """Whether a post of ``posts`` (one creator's) made in [start, end) is viral, and its
    most engaging post then, in words ("no post" when none)."""
    import numpy as np

    counts = posts[["likes", "comments", "shares"]].to_numpy(dtype="float64")
    known = ~np.isnan(counts).all(axis=1)
    engagement = np.where(known, np.nansum(counts, axis=1), np.nan)
    views = posts["views"].to_numpy(dtype="float64")
    med_e = float(np.nanmedian(engagement)) if known.any() else math.nan
    med_v = float(np.nanmedian(views)) if (~np.isnan(views)).any() else math.nan
    created = posts["created_at"]
    inside = ((created >= start) & (created < end)).to_numpy(dtype=bool)
    ids = posts["content_id"].astype(str).to_numpy()
    best, words = -1.0, "no post"
    for i in np.flatnonzero(inside):
        e = engagement[i] / med_e if med_e > 0 and not np.isnan(engagement[i]) else 0.0
        v = views[i] / med_v if med_v > 0 and not np.isnan(views[i]) else 0.0
        times, what = (e, "engagement") if e >= v else (v, "views")
        if times > best:
            best, words = times, f"{ids[i]}, {times:.1f}× the median {what}"
    return best >= factor, words


def follower_jumps(
    history: pd.DataFrame | None,
    posts: pd.DataFrame,
    *,
    settings: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The ``follower_jump`` check of every creator of ``posts`` (module docstring).

    ``history``: :func:`read_followers_history` with ``platform`` and ``member_id`` added
    (the creator each row belongs to), or None. One row per flagged jump, else one per
    creator (``ok`` or ``not checked``); ``value`` is the jump's robust z-score.
    """
    import numpy as np
    import pandas as pd

    opt = _settings.get
    limit = float(opt("anomaly_jump_z", settings))
    min_gain = float(opt("anomaly_jump_min_gain", settings))
    min_points = int(opt("anomaly_jump_min_points", settings))
    days_before = int(opt("anomaly_viral_days", settings))
    factor = float(opt("anomaly_viral_factor", settings))
    creators = _creators(posts)
    by_creator = (
        {k: g for k, g in history.groupby(["platform", "member_id"])} if history is not None else {}
    )
    rows = []
    for c in creators.itertuples(index=False):
        series = by_creator.get((c.platform, c.member_id))
        if series is None or len(series) == 0:
            rows.append(_row(c, "follower_jump", "not checked", "no follower history", math.nan))
            continue
        series = series.sort_values("date")
        dates = series["date"].to_numpy()
        followers = series["followers"].to_numpy(dtype="float64")
        if len(series) - 1 < min_points:
            rows.append(
                _row(c, "follower_jump", "not checked",
                     f"follower history too short: {len(series) - 1} intervals (fewer than "
                     f"{min_points})", math.nan)
            )  # fmt: skip
            continue
        days = np.diff(dates).astype("timedelta64[s]").astype("float64") / 86_400.0
        growth = np.log((followers[1:] + 1) / (followers[:-1] + 1)) / days
        z = robust_z(growth)
        typical = math.expm1(float(np.median(growth)))
        gain = (followers[1:] - followers[:-1]) / np.maximum(followers[:-1], 1.0)
        mine = posts[(posts["platform"] == c.platform) & (posts["member_id"] == c.member_id)]
        flagged, explained = [], []
        for i in np.flatnonzero((z >= limit) & (gain >= min_gain)):
            start = pd.Timestamp(dates[i]) - pd.Timedelta(days=days_before)
            end = pd.Timestamp(dates[i + 1]) + pd.Timedelta(days=1)
            viral, best = _viral(mine, start, end, factor)
            when = f"from {pd.Timestamp(dates[i]).date()} to {pd.Timestamp(dates[i + 1]).date()}"
            if viral:
                explained.append(f"{when} explained by {best}")
                continue
            seen = "none" if best == "no post" else f"the most: {best}"
            flagged.append(
                _row(c, "follower_jump", "flagged",
                     f"followers {followers[i]:,.0f} → {followers[i + 1]:,.0f} {when} "
                     f"({gain[i]:+.0%} in {days[i]:g} day{'s' if days[i] != 1 else ''}; robust z "
                     f"{z[i]:.1f}, typical daily growth {typical:+.2%}); no viral post then or "
                     f"{days_before} days before ({seen})", round(float(z[i]), 3))
            )  # fmt: skip
        if flagged:
            rows += flagged
            continue
        top = int(np.argmax(z))
        evidence = (
            f"no unexplained jump in {len(series) - 1} intervals of follower history "
            f"(largest: {gain[top]:+.1%}, robust z {z[top]:.1f})"
        )
        if explained:
            evidence += "; jumps " + "; ".join(explained)
        rows.append(_row(c, "follower_jump", "ok", evidence, round(float(z[top]), 3)))
    return rows


def _read_posts(store: Store, platform: str, settings: Mapping[str, Any] | None) -> pd.DataFrame:
    from nichescout.scores.tiers import follower_tier

    posts = store.con.execute(
        f"""SELECT m.platform, m.member_id, coalesce(m.handle, m.member_id) AS handle,
                   m.followers, p.content_id, p.created_at, p.likes, p.comments, p.shares,
                   p.views,
                   coalesce(json_extract_string(p.attributes, '$.comments_disabled') = 'true',
                            false) AS comments_disabled
            FROM content p JOIN members m ON m.member_key = p.author_key
            WHERE p.platform = ? AND p.kind IN {_POSTS}""",
        [platform],
    ).df()
    for column in ("likes", "comments", "shares", "views", "followers"):
        posts[column] = posts[column].astype("float64")
    posts["comments_disabled"] = posts["comments_disabled"].astype(bool)
    tiers = {f: follower_tier(f, platform, settings) for f in posts["followers"].dropna().unique()}
    posts["tier"] = posts["followers"].map(tiers).astype(object)
    posts["tier"] = posts["tier"].where(posts["followers"].notna(), None)
    return posts


def _read_comments(store: Store, platform: str) -> pd.DataFrame:
    """Comments by others on each creator's posts: platform, creator, post_id, commenter, text."""
    return store.con.execute(
        f"""SELECT c.platform, cr.member_id AS creator, p.content_id AS post_id,
                   cm.member_id AS commenter, c.text
            FROM content c
            JOIN content p ON p.platform = c.platform AND p.content_id = c.thread_id
            JOIN members cr ON cr.member_key = p.author_key
            LEFT JOIN members cm ON cm.member_key = c.author_key
            WHERE c.platform = ? AND c.kind = 'comment' AND p.kind IN {_POSTS}
              AND c.author_key IS DISTINCT FROM p.author_key""",
        [platform],
    ).df()


def _edges(comments: pd.DataFrame) -> pd.DataFrame:
    known = comments[comments["commenter"].notna()]
    return (
        known.groupby(["platform", "commenter", "creator"])
        .size()
        .rename("comments")
        .reset_index()
        .rename(columns={"creator": "author"})
    )


def _history_for(
    history: pd.DataFrame, creators: pd.DataFrame, label: str
) -> tuple[pd.DataFrame, list[str]]:
    """The history's rows with the platform and member_id of the creator each is about
    (by handle or member id, case-insensitive; by platform too when the history has one),
    and the handles that match no creator."""
    import pandas as pd

    names = pd.concat(
        [
            creators.assign(key=creators["handle"].str.lower()),
            creators.assign(key=creators["member_id"].str.lower()),
        ]
    ).drop_duplicates(["platform", "member_id", "key"])[["platform", "member_id", "key"]]
    left = history.rename(columns={"handle": "key"}).assign(_row=range(len(history)))
    if "platform" in left.columns:
        given = left["platform"].notna()
        by_platform = left[given].merge(names, on=["platform", "key"], how="left")
        anywhere = left[~given].drop(columns="platform").merge(names, on="key", how="left")
        merged = pd.concat([by_platform, anywhere], ignore_index=True)
    else:
        merged = left.merge(names, on="key", how="left")
    several = merged.groupby("_row")["member_id"].transform("count") > 1
    if several.any():
        name = merged.loc[several, "key"].iloc[0]
        raise InputError(
            label,
            None,
            f"{name!r} is a creator on several platforms; add a platform column to say which.",
        )
    unmatched = sorted(set(merged.loc[merged["member_id"].isna(), "key"]))
    found = merged[merged["member_id"].notna()].drop(columns="_row")
    return found.rename(columns={"key": "handle"}), unmatched


def engagement_anomalies(
    store: Store,
    platform: str | None = None,
    *,
    handle: str | None = None,
    followers_history: pd.DataFrame | str | Path | None = None,
    all_checks: bool = False,
    settings: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """The engagement anomalies of every creator (module docstring): :data:`ANOMALY_COLUMNS`.

    Parameters
    ----------
    store:
        The store.
    platform:
        Only this platform; ``None``: every platform with posts.
    handle:
        Only this creator's rows (cohorts and pods are still read from everyone).
    followers_history:
        A follower history for the ``follower_jump`` check: a CSV file or a DataFrame with
        ``handle, date, followers`` (optionally ``platform``); see
        :func:`read_followers_history`. Without it, that check says "no follower history".
    all_checks:
        Also return the checks that found nothing (``ok``) or could not run
        (``not checked``, the evidence says why); by default only ``flagged`` rows.
    settings:
        Overrides of the ``anomaly_*`` and ``pod_*`` settings.

    Returns
    -------
    DataFrame
        :data:`ANOMALY_COLUMNS`, by platform, handle and check. ``attrs["provenance"]``
        names the settings; ``attrs["unmatched_history"]`` lists history handles that match
        no creator.
    """
    import pandas as pd

    from nichescout.audit.audience import find_creator

    if platform is not None:
        store.check_platform(platform)
    only = find_creator(store, handle, platform) if handle is not None else None
    platforms = [only[0]] if only else ([platform] if platform else store.platforms())
    read = {name: _read_posts(store, name, settings) for name in platforms}
    read = {name: posts for name, posts in read.items() if not posts.empty}
    history: pd.DataFrame | None = None
    unmatched: list[str] = []
    if followers_history is not None:
        label = (
            "followers history"
            if isinstance(followers_history, pd.DataFrame)
            else str(followers_history)
        )
        creators = pd.concat(
            [_creators(p)[["platform", "member_id", "handle"]] for p in read.values()]
            or [pd.DataFrame(columns=["platform", "member_id", "handle"])],
            ignore_index=True,
        )
        history, unmatched = _history_for(
            read_followers_history(followers_history), creators, label
        )
    rows: list[dict[str, Any]] = []
    for name, posts in read.items():
        comments = _read_comments(store, name)
        mine = None if history is None else history[history["platform"] == name]
        rows += likes_comments(posts, settings=settings)
        rows += follower_jumps(mine, posts, settings=settings)
        rows += generic_comments(posts, comments, settings=settings)
        rows += pod_flags(posts, comments, _edges(comments), settings=settings)
    frame = pd.DataFrame(rows, columns=list(ANOMALY_COLUMNS))
    if only is not None:
        frame = frame[(frame["platform"] == only[0]) & (frame["member_id"] == only[1])]
    if not all_checks:
        frame = frame[frame["status"] == "flagged"]
    order = {flag: i for i, flag in enumerate(FLAGS)}
    frame = frame.assign(_order=frame["flag"].map(order)).sort_values(
        ["platform", "handle", "_order"], kind="stable"
    )
    frame = frame.drop(columns="_order").reset_index(drop=True)
    frame["value"] = frame["value"].astype("float64")
    names = [
        "anomaly_recent_posts", "anomaly_min_posts", "anomaly_cohort_min", "anomaly_ratio_z",
        "anomaly_jump_z", "anomaly_jump_min_gain", "anomaly_jump_min_points",
        "anomaly_viral_days", "anomaly_viral_factor", "comment_generic_max_words",
        "anomaly_generic_share", "anomaly_min_comments", "pod_min_comments", "pod_min_size",
        "pod_min_density",
    ]  # fmt: skip
    frame.attrs["provenance"] = {
        "method": "robust z-scores (median/MAD) within cohorts and histories; generic-comment "
        "share; k-clique communities of the mutual-comment graph",
        "settings": {n: _settings.get(n, settings) for n in names},
        "follower_history": followers_history is not None,
        "version": __version__,
    }
    frame.attrs["unmatched_history"] = unmatched
    return frame
