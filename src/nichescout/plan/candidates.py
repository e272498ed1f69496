"""The candidates of a portfolio, from the store: who they are, what they cost, whom they reach.

Candidates are non-bot members of one platform: every member with an audience, the top of a
``rank`` (``top=N``), or the members a file names. For each the store gives:

================  =========================================================================
audience          the *explicit* audience: distinct non-bot members who acted on the
                  candidate with a kind of the setting ``plan_audience_kinds`` (followed it —
                  a mutual follow counts both ways —, replied, mentioned, reacted, …)
scale             how audience size is measured, platform-wide: ``followers`` when the
                  platform counts any; else ``views`` (``attributes.views``, lifetime channel
                  views) on the platforms of ``plan_views_platforms`` (Twitch); else
                  ``peers``, the size of the explicit audience
tier              :func:`~nichescout.scores.tiers.assign_tiers` of that size, with the bounds
                  of the platform's ``follower_tiers`` for followers, else of
                  :data:`~nichescout.settings.TIERS` for the scale
cost              the file's ``cost`` column, else the rate card (``plan_rate_card``):
                  ``max(minimum, fee per 1,000 × size / 1,000)`` for the card of the
                  platform, its family (``twitch``) or the scale, at the candidate's tier
unseen            followers beyond the explicit audience (``followers`` scale only): an
                  audience known by its size, whose overlap is estimated (random
                  duplication, :mod:`nichescout.plan.portfolio`)
engagement_rate   the file's ``engagement_rate``, else the measured ``engagement_rate``
                  signal (engagements per item ÷ followers, or per view), else the setting
                  ``plan_engagement_rate`` of the tier; capped at 1
niches            the file's ``niche``/``niches`` column, else ``attributes.niche`` or
                  ``attributes.niches`` (a list, or text split at ``,``, ``;`` or ``|``),
                  lower-cased; else the niches :func:`nichescout.niches.member_niches`
                  labels from the member's bio, captions, hashtags and tags (empty when the
                  store has no text about them)
language          the file's ``language`` column, else ``members.language``
================  =========================================================================

A candidates file is CSV with a header naming ``member_id`` or ``handle`` (plus any of
``cost``, ``niche``, ``language``, ``engagement_rate``), or a plain list of member ids or
handles, one per line. A name matches a ``member_id`` first, then a handle (ignoring case and
a leading ``@``); a name that matches no member of the platform is an error naming the row.

Ann's audience is Cat, Bob and Dan (they accepted, replied, mentioned); Bob's is Ann; Cat's
is Ann and Dan; Dan's only interactions received are a down-vote and anonymous votes:

>>> from nichescout.data.toy import toy_community
>>> cands = load_candidates(toy_community(), "toy")
>>> cands.frame[["member_id", "audience", "tier", "cost"]].to_dict("list")
{'member_id': ['ann', 'bob', 'cat'], 'audience': [3, 1, 2], 'tier': ['nano', 'nano', 'nano'], 'cost': [10.0, 10.0, 10.0]}
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from nichescout import settings
from nichescout.exceptions import InputError, NotFoundError, ParameterError
from nichescout.plan.portfolio import Audiences
from nichescout.settings import TIERS

if TYPE_CHECKING:
    from nichescout.store import Store

__all__ = ["CandidateSet", "load_candidates", "match_members", "rate_card_cost"]

_FILE_COLUMNS = ("member_id", "handle", "cost", "niche", "niches", "language", "engagement_rate")


@dataclass(frozen=True)
class CandidateSet:
    """Candidates in order (``frame``, one row each) and their audiences (same order).

    ``frame`` columns: member_key, member_id, handle, display_name, audience (explicit),
    size (the scale's audience size), tier, cost, cost_source (``given`` / ``rate card``),
    unseen, engagement_rate, rate_source (``given`` / ``measured`` / ``default``), niches
    (a tuple), language.
    """

    platform: str
    scale: str
    source: str
    frame: pd.DataFrame
    audiences: Audiences

    @property
    def n(self) -> int:
        return len(self.frame)


def _family(platform: str) -> str:
    return platform.split(":", 1)[0]


def rate_card_cost(
    size: npt.ArrayLike, tiers: Sequence[str | None], scale: str, platform: str
) -> npt.NDArray[np.float64]:
    """The rate-card cost of each audience size at its tier (see the module docstring).

    >>> rate_card_cost([500.0, 20_000.0], ["nano", "micro"], "followers", "instagram").tolist()
    [20.0, 200.0]
    """
    card_set = settings.get("plan_rate_card")
    card = card_set.get(platform) or card_set.get(_family(platform)) or card_set.get(scale)
    if card is None:
        raise ParameterError(
            f"The rate card (setting plan_rate_card) has no card for {platform!r}, "
            f"{_family(platform)!r} or the scale {scale!r}; add one or give a cost column."
        )
    sizes = np.asarray(size, dtype=np.float64)
    out = np.empty(sizes.size)
    for k, (value, tier) in enumerate(zip(sizes, tiers, strict=True)):
        if tier not in card:
            raise ParameterError(
                f"The rate card for {platform!r} has no price for tier {tier!r}; it has "
                f"{', '.join(card)}."
            )
        minimum, per_thousand = card[tier]
        out[k] = max(float(minimum), float(per_thousand) * float(value) / 1000.0)
    return out


def _niches(value: Any) -> tuple[str, ...]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ()
    text = str(value).strip()
    if text.startswith("["):
        try:
            items = [str(v) for v in json.loads(text)]
        except ValueError:
            items = [text]
    else:
        items = re.split(r"[,;|]", text)
    return tuple(dict.fromkeys(v.strip().lower() for v in items if v.strip()))


def _members(store: Store, platform: str) -> pd.DataFrame:
    return store.con.execute(
        """SELECT member_key, member_id, handle, display_name, followers, language,
                  TRY_CAST(json_extract_string(attributes, '$.views') AS DOUBLE) AS views,
                  coalesce(json_extract_string(attributes, '$.niches'),
                           json_extract_string(attributes, '$.niche')) AS niches
           FROM members WHERE platform = ? AND NOT coalesce(is_bot, false)
           ORDER BY member_key""",
        [platform],
    ).df()


def match_members(
    members: pd.DataFrame, names: Sequence[str], platform: str, where: str
) -> list[int]:
    """Row positions in ``members`` of each name (member_id, else handle ignoring case and a
    leading ``@``); a name that matches nothing raises :class:`NotFoundError` naming ``where``
    (a callable-free label such as ``"--include"`` or ``"cands.csv, row 3"``)."""
    by_id = {str(v): k for k, v in enumerate(members["member_id"]) if v is not None}
    by_handle: dict[str, int] = {}
    for k, v in enumerate(members["handle"]):
        if isinstance(v, str):
            by_handle.setdefault(v.lower().lstrip("@"), k)
    out = []
    for name in names:
        key = str(name).strip()
        if key in by_id:
            out.append(by_id[key])
        elif key.lower().lstrip("@") in by_handle:
            out.append(by_handle[key.lower().lstrip("@")])
        else:
            label = where.format(name=key)
            raise NotFoundError(
                f"{label}: no member {key!r} on {platform} (neither a member_id nor a handle)."
            )
    return out


def _read_file(path: Path) -> tuple[list[str], list[dict[str, str]], list[int]]:
    """Names, each row's recognised columns, and each row's line number."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(path, None, "is not UTF-8 text; save it as UTF-8 CSV.") from err
    lines = [(k, line) for k, line in enumerate(text.splitlines(), 1)]
    lines = [(k, ln) for k, ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        raise InputError(path, None, "names no candidate; list member ids or handles.")
    header = [h.strip().lower() for h in next(csv.reader([lines[0][1]]))]
    if "member_id" not in header and "handle" not in header:  # a plain list of names
        names = [next(csv.reader([ln]))[0].strip() for _, ln in lines]
        return names, [{} for _ in names], [k for k, _ in lines]
    key = "member_id" if "member_id" in header else "handle"
    names, rows, numbers = [], [], []
    for number, line in lines[1:]:
        values = next(csv.reader([line]))
        row = {h: v.strip() for h, v in zip(header, values, strict=False) if h in _FILE_COLUMNS}
        if not row.get(key):
            raise InputError(path, f"line {number}", f"has no {key}.")
        names.append(row[key])
        rows.append(row)
        numbers.append(number)
    if not names:
        raise InputError(path, None, "has a header but no candidate rows.")
    return names, rows, numbers


def _number(path: Path, line: int, column: str, text: str, upper: float | None) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    ok = np.isfinite(value) and value > 0 if column == "cost" else 0 <= value <= (upper or 1)
    if not ok:
        expected = "a positive number" if column == "cost" else "a number in [0, 1]"
        raise InputError(path, f"line {line}", f"{column} must be {expected}, not {text!r}.")
    return value


def _audiences(store: Store, platform: str, keys: npt.NDArray[np.int64]) -> Audiences:
    kinds = [str(k) for k in settings.get("plan_audience_kinds")]
    pairs = store.con.execute(
        f"""SELECT DISTINCT i.target_key AS target, i.actor_key AS actor
            FROM interactions i JOIN members a ON a.member_key = i.actor_key
            WHERE i.platform = ? AND i.kind IN ({", ".join("?" for _ in kinds)})
              AND i.actor_key <> i.target_key AND NOT coalesce(a.is_bot, false)""",
        [platform, *kinds],
    ).fetchnumpy()
    target = np.asarray(pairs["target"], dtype=np.int64)
    actor = np.asarray(pairs["actor"], dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    pos = np.searchsorted(sorted_keys, target)
    hit = pos < keys.size
    hit[hit] = sorted_keys[pos[hit]] == target[hit]  # the target is a candidate
    row = order[pos[hit]]
    actor = actor[hit]
    members, universe = np.unique(actor, return_inverse=True)
    sort = np.lexsort((universe, row))
    row, universe = row[sort], universe[sort]
    indptr = np.zeros(keys.size + 1, dtype=np.int64)
    np.cumsum(np.bincount(row, minlength=keys.size), out=indptr[1:])
    return Audiences(indptr, universe.astype(np.int64), int(members.size), np.zeros(keys.size))


def _measured_rates(store: Store, platform: str) -> dict[int, float]:
    from nichescout.signals import SIGNALS, SignalContext

    signal = SIGNALS["engagement_rate"]
    ctx = SignalContext(platform)
    if not signal.applies(store.con, ctx):
        return {}
    frame = signal.compute(store.con, ctx)
    frame = frame[frame["value"].notna()]
    return {int(k): float(v) for k, v in zip(frame["member_key"], frame["value"], strict=True)}


def load_candidates(
    store: Store,
    platform: str,
    *,
    candidates: str | Path | Sequence[str] | None = None,
    top: int | None = None,
    profile: str | None = None,
    include: Sequence[str] = (),
) -> CandidateSet:
    """The candidates of ``platform`` (module docstring): every member with an audience, the
    ``top`` of a ranking by ``profile``, or those ``candidates`` names (a file, or a list of
    member ids or handles); ``include`` adds members (must-includes) not among them."""
    from nichescout.scores.tiers import (  # the scores package loads the scorer
        assign_tiers,
        platform_tiers,
    )

    store.check_platform(platform)
    members = _members(store, platform)
    if members.empty:
        raise NotFoundError(f"No platform {platform!r} in the store, or it has only bots.")
    file_rows: dict[int, dict[str, str]] = {}
    file_lines: dict[int, int] = {}
    path: Path | None = None
    if candidates is not None and top is not None:
        raise ParameterError("Give either a candidates file or --top, not both.")
    if candidates is not None:
        if isinstance(candidates, str | Path):
            path = Path(candidates)
            names, rows, numbers = _read_file(path)
            picked = []
            for name, row, number in zip(names, rows, numbers, strict=True):
                (k,) = match_members(members, [name], platform, f"{path}, line {number}")
                if k not in file_rows:
                    picked.append(k)
                    file_rows[k], file_lines[k] = row, number
            source = f"file {path.name}"
        else:
            picked = list(dict.fromkeys(match_members(members, candidates, platform, "candidates")))
            source = "list"
    elif top is not None:
        if top < 1:
            raise ParameterError(f"--top must be 1 or more, not {top}.")
        from nichescout.scores import CommunityScorer

        scorer = CommunityScorer(profile or "community", platform=platform).fit(store)
        ranked = [str(m) for m in scorer.scores_["member_id"].head(top)]
        picked = match_members(members, ranked, platform, "the ranking")
        source = f"rank top {top} ({profile or 'community'})"
    else:
        picked = []  # filled below: every member with an audience
        source = "every member with an audience"
    extra = match_members(members, include, platform, "--include")

    if candidates is None and top is None:
        every = _audiences(store, platform, members["member_key"].to_numpy(dtype=np.int64))
        followers = members["followers"].astype("float64").to_numpy()
        has = (every.sizes() > 0) | (np.nan_to_num(followers) > 0)
        picked = list(np.flatnonzero(has))
    picked = list(dict.fromkeys([*map(int, picked), *extra]))
    if not picked:
        raise ParameterError(
            f"No candidates on {platform}: no member has an audience (no one followed, "
            "replied to or mentioned anyone); give a candidates file with costs."
        )
    sel = members.iloc[picked].reset_index(drop=True)
    keys = sel["member_key"].to_numpy(dtype=np.int64)
    aud = _audiences(store, platform, keys)
    explicit = aud.sizes().astype(np.float64)

    uses_followers = bool(members["followers"].notna().any())
    views_platforms = {str(p) for p in settings.get("plan_views_platforms")}
    if uses_followers:
        scale = "followers"
        size = np.where(sel["followers"].isna(), explicit, sel["followers"].astype("float64"))
    elif _family(platform) in views_platforms and members["views"].notna().any():
        scale = "views"
        size = sel["views"].astype("float64").fillna(0.0).to_numpy()
    else:
        scale, size = "peers", explicit
    size = np.asarray(size, dtype=np.float64)
    # followers: the platform's own tiers (setting follower_tiers), as rank and the card use
    bounds = platform_tiers(platform) if scale == "followers" else TIERS[scale]
    tiers = assign_tiers(pd.Series(size), scale, {scale: bounds}).tolist()
    unseen = np.maximum(size - explicit, 0.0) if scale == "followers" else np.zeros(len(sel))
    pool = float(settings.get("plan_overlap_pool")) * float(unseen.max(initial=0.0))
    if pool and float(settings.get("plan_overlap_pool")) < 1:
        raise ParameterError("The setting plan_overlap_pool must be 1 or more.")
    aud = Audiences(aud.indptr, aud.members, aud.n_members, unseen, pool)

    given = [file_rows.get(k, {}) for k in picked]
    lines = [file_lines.get(k, 0) for k in picked]
    cost = rate_card_cost(size, tiers, scale, platform)
    cost_source = ["rate card"] * len(sel)
    measured = _measured_rates(store, platform)
    defaults = settings.get("plan_engagement_rate")
    rate = np.empty(len(sel))
    rate_source = []
    niches, language = [], []
    for k, (row, line) in enumerate(zip(given, lines, strict=True)):
        assert path is not None or not row
        if row.get("cost"):
            cost[k] = _number(path, line, "cost", row["cost"], None)  # type: ignore[arg-type]
            cost_source[k] = "given"
        if row.get("engagement_rate"):
            rate[k] = _number(path, line, "engagement_rate", row["engagement_rate"], 1.0)  # type: ignore[arg-type]
            rate_source.append("given")
        elif int(keys[k]) in measured:
            rate[k] = min(1.0, measured[int(keys[k])])
            rate_source.append("measured")
        else:
            if tiers[k] not in defaults:
                raise ParameterError(
                    f"The setting plan_engagement_rate has no rate for tier {tiers[k]!r}."
                )
            rate[k] = float(defaults[tiers[k]])
            rate_source.append("default")
        niche_text = row.get("niches") or row.get("niche")
        niches.append(_niches(niche_text if niche_text else sel["niches"].iloc[k]))
        lang = row.get("language") or sel["language"].iloc[k]
        language.append(str(lang).lower() if isinstance(lang, str) and lang else None)

    unlabelled = [int(keys[k]) for k, v in enumerate(niches) if not v]
    if unlabelled:  # no niche given: the labels of the keyword classifier, when any
        from nichescout.niches import member_niches

        labelled = member_niches(store, platform, unlabelled)
        niches = [v or labelled.get(int(keys[k]), ()) for k, v in enumerate(niches)]

    frame = pd.DataFrame(
        {
            "member_key": keys,
            "member_id": sel["member_id"].astype(object),
            "handle": sel["handle"].astype(object),
            "display_name": sel["display_name"].astype(object),
            "audience": aud.sizes(),
            "size": size,
            "tier": pd.Series(tiers, dtype=object),
            "cost": cost,
            "cost_source": cost_source,
            "unseen": unseen,
            "engagement_rate": rate,
            "rate_source": rate_source,
            "niches": pd.Series(niches, dtype=object),
            "language": pd.Series(language, dtype=object),
        }
    )
    return CandidateSet(platform, scale, source, frame, aud)
