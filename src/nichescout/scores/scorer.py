r"""CommunityScorer: who the micro-influencers of a community are, and why.

For each member *m* of a cohort (a platform's non-bot members who acted or were acted upon in
the window) and each signal *s* of the weight profile with weight :math:`\omega_s`:

.. math::

    \text{score}_m = 100 \cdot \frac{\sum_s \omega_s \, t_{s}(m)}{\sum_{s:\ t_s(m)
    \text{ defined}} \omega_s}

where :math:`t_s(m)` is *m*'s raw value of *s* made comparable within the cohort by the
``combine`` transform of :mod:`nichescout.scores.combine` (by default log-scaled relative to
the cohort's best). Signals that do not apply to a cohort (see ``Signal.applies``) are left
out of its weights. The explanation names the signals with the largest contribution
:math:`\omega_s t_s(m)` in words, with raw values and the cohort percentile.

The scorer follows the estimator contract: parameters are only stored by ``__init__``;
``fit(store)`` computes and returns ``self``; results end in ``_``. By default the
profile's half-life and weights are first fitted on each platform's own past
(:mod:`nichescout.scores.fit`): ``fits_`` holds what each fit chose, ``used_weights_`` the
weights each platform was scored with, ``weights_`` the profile's prior weights.

>>> from nichescout.data.toy import toy_community
>>> scorer = CommunityScorer().fit(toy_community())
>>> scorer.scores_[["rank", "member_id", "tier"]].head(2).to_dict("records")
[{'rank': 1, 'member_id': 'ann', 'tier': 'nano'}, {'rank': 2, 'member_id': 'dan', 'tier': 'nano'}]
>>> scorer.why_["ann"].split("; ")[0]
'3 posts and 2 actions (top 40%)'
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nichescout._version import __version__
from nichescout.exceptions import NotFittedError, ParameterError
from nichescout.progress import NullProgress, Progress
from nichescout.scores.cohort import cohort
from nichescout.scores.combine import TRANSFORMS
from nichescout.scores.fit import FitResult, fit_profile
from nichescout.scores.percentiles import cohort_standing
from nichescout.scores.profiles import resolve_profile
from nichescout.scores.tiers import assign_tiers, platform_tiers
from nichescout.settings import SETTINGS
from nichescout.signals import SIGNALS, SignalContext, Window
from nichescout.store import Store

__all__ = ["CommunityScorer"]

_ID_COLUMNS = [
    "rank",
    "platform",
    "member_id",
    "handle",
    "display_name",
    "tier",
    "audience",
    "score",
    "why",
]


class CommunityScorer:
    """Rank the members of a community by a weighted profile of percentile signals.

    Parameters
    ----------
    profile:
        Name of a weight profile (``"community"``, ``"creator"``, or one in
        ``profiles_file``), or a mapping ``{signal: weight}``.
    platform:
        Score only this platform; ``None`` scores every platform, each as its own cohort.
    since, until:
        The window: only events with ``since <= created_at < until`` count.
    half_life_days:
        Recency weighting of events (``None``: all count fully).
    settings:
        Overrides of :data:`nichescout.settings.SETTINGS` by name.
    profiles_file:
        A TOML file with more profiles.
    combine:
        How raw values become comparable: ``"log_magnitude"`` (default) or ``"percentile"``
        (see :mod:`nichescout.scores.combine`).
    calibrate:
        Fit the half-life and the weights on each platform's own past before ``until``
        (:mod:`nichescout.scores.fit`; default). ``False`` ranks with the profile's prior
        weights and ``half_life_days`` as given. A ``half_life_days`` given with
        ``calibrate=True`` is kept, and only the weights are fitted.
    tiers:
        Audience tiers per platform, ``{platform: [(name, lower bound), …]}`` in increasing
        order, replacing :data:`nichescout.settings.TIERS` there (e.g. a niche where 10K
        followers is already macro: ``{"instagram": [("nano", 0), ("micro", 1000),
        ("macro", 10000)]}``).
    """

    def __init__(
        self,
        profile: str | Mapping[str, float] = "community",
        *,
        platform: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        half_life_days: float | None = None,
        settings: Mapping[str, Any] | None = None,
        profiles_file: str | Path | None = None,
        combine: str = "log_magnitude",
        tiers: Mapping[str, Sequence[tuple[str, float]]] | None = None,
        calibrate: bool = True,
    ) -> None:
        self.profile = profile
        self.platform = platform
        self.since = since
        self.until = until
        self.half_life_days = half_life_days
        self.settings = settings
        self.profiles_file = profiles_file
        self.combine = combine
        self.tiers = tiers
        self.calibrate = calibrate

    # -- fitting -------------------------------------------------------------------------
    def fit(self, store: Store, progress: Progress | None = None) -> CommunityScorer:
        """Compute every signal, percentile and score; returns ``self``.

        ``progress`` (optional) is told of each platform and each signal computed.
        """
        hook = progress or NullProgress()
        if self.combine not in TRANSFORMS:
            raise ParameterError.invalid(
                "combine", "CommunityScorer", f"one of {sorted(TRANSFORMS)}", self.combine
            )
        name, weights, goal = resolve_profile(self.profile, self.profiles_file)
        unknown = sorted(set(weights) - set(SIGNALS))
        if unknown:
            raise ParameterError.invalid(
                "profile", "CommunityScorer", f"weights of known signals {sorted(SIGNALS)}", unknown
            )
        for key in self.settings or {}:
            if key not in SETTINGS:
                raise ParameterError.invalid(
                    "settings", "CommunityScorer", f"names among {sorted(SETTINGS)}", key
                )
        window = Window(self.since, self.until, self.half_life_days)
        platforms = [self.platform] if self.platform else store.platforms()
        if self.platform:
            store.check_platform(self.platform)  # names the closest platform when absent
        frames, details = [], []
        self.skipped_signals_: dict[str, list[str]] = {}
        self.fits_: dict[str, FitResult] = {}
        self.used_weights_: dict[str, dict[str, float]] = {}
        for platform in platforms:
            used, used_window = weights, window
            shared: dict[str, Any] = {}  # what signals find once whatever the window
            if self.calibrate:
                result = fit_profile(
                    store,
                    platform,
                    self.since,
                    self.until,
                    goal,
                    weights,
                    half_life_days=self.half_life_days,
                    fixed_half_life=self.half_life_days is not None,
                    settings=self.settings,
                    progress=hook,
                    shared=shared,
                )
                self.fits_[platform] = result
                if result.status != "prior":
                    used = result.weights
                    used_window = Window(self.since, self.until, result.half_life_days)
            self.used_weights_[platform] = {k: v for k, v in used.items() if v > 0}
            scored, detail = self._fit_platform(store, platform, used_window, used, hook, shared)
            frames.append(scored)
            details.append(detail)
        self.weights_ = {k: v for k, v in weights.items() if v > 0}
        self.scores_ = (
            pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=_ID_COLUMNS)
        )
        self.signals_ = pd.concat(details, ignore_index=True) if details else pd.DataFrame()
        self.why_ = pd.Series(
            self.scores_["why"].to_numpy(), index=self.scores_["member_id"], name="why"
        )
        self.provenance_ = {
            "method": "nichescout.CommunityScorer",
            "profile": name,
            "goal": goal,
            "calibrate": self.calibrate,
            "fit": {p: r.to_dict() for p, r in self.fits_.items()},
            "combine": self.combine,
            "skipped_signals": self.skipped_signals_,
            "weights": self.weights_,
            "platforms": platforms,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "half_life_days": self.half_life_days,
            "settings": dict(self.settings or {}),
            "version": __version__,
            "computed_at": datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds"),
        }
        return self

    def _fit_platform(
        self,
        store: Store,
        platform: str,
        window: Window,
        weights: dict[str, float],
        progress: Progress,
        shared: dict[str, Any] | None = None,
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        con = store.con
        end = con.execute(
            f"SELECT max(created_at) FROM interactions i WHERE platform = ? "
            f"AND {window.where('i.created_at')}",
            [platform],
        ).fetchone()
        ctx = SignalContext(
            platform,
            window,
            dict(self.settings or {}),
            end[0] if end else None,
            shared={} if shared is None else shared,
        )
        detail = cohort(con, ctx)
        active = {}
        for signal_name, weight in weights.items():
            if weight <= 0:
                continue
            if SIGNALS[signal_name].applies(con, ctx):
                active[signal_name] = weight
            else:
                self.skipped_signals_.setdefault(platform, []).append(signal_name)
        progress.start(f"scoring {platform}", len(active))
        for signal_name in active:
            raw = SIGNALS[signal_name].compute(con, ctx)
            progress.advance(1)
            raw = raw.rename(
                columns={c: f"{signal_name}.{c}" for c in raw.columns if c != "member_key"}
            )
            detail = detail.merge(raw, on="member_key", how="left")
        scored = self._combine(detail, active)
        scored = scored.drop(columns=[c for c in scored.columns if c.startswith("_")])
        info = con.execute(
            """SELECT member_key, platform, member_id, handle, display_name, followers
               FROM members WHERE platform = ?""",
            [platform],
        ).df()
        # distinct partners either way: each unordered pair once, then a count at either
        # end (half the rows of grouping both directions)
        peers = con.execute(
            f"""WITH pairs AS (
                    SELECT DISTINCT least(actor_key, target_key) AS low,
                           greatest(actor_key, target_key) AS high
                    FROM interactions i
                    WHERE platform = ? AND {window.where("i.created_at")}
                      AND i.actor_key <> i.target_key)
                SELECT member_key, count(*) AS peers FROM (
                    SELECT low AS member_key FROM pairs UNION ALL SELECT high FROM pairs)
                GROUP BY 1""",
            [platform],
        ).df()
        scored = scored.merge(info, on="member_key", how="left")
        scored = scored.merge(peers, on="member_key", how="left")
        uses_followers = bool(info["followers"].notna().any())
        scale = "followers" if uses_followers else "peers"
        scored["audience"] = (
            scored["followers"] if uses_followers else scored["peers"].fillna(0)
        ).astype("float64")
        bounds = (self.tiers or {}).get(platform)
        if bounds is None and uses_followers:  # the platform's tiers (setting follower_tiers)
            bounds = platform_tiers(platform, self.settings)
        scored["tier"] = assign_tiers(
            scored["audience"], scale, {scale: tuple(bounds)} if bounds else None
        )
        scored = scored.sort_values(
            ["score", "activity", "member_id"], ascending=[False, False, True], kind="stable"
        )
        scored["rank"] = range(1, len(scored) + 1)
        signal_cols = [c for s in active for c in (s, f"{s}_pct")]
        columns = list(dict.fromkeys(_ID_COLUMNS + ["activity"] + signal_cols))
        scored = scored[columns].reset_index(drop=True)
        detail = detail.merge(info[["member_key", "platform", "member_id"]], on="member_key")
        return scored, detail.drop(columns="member_key")

    def _combine(self, detail: pd.DataFrame, weights: dict[str, float]) -> pd.DataFrame:
        out = detail[["member_key", "activity"]].copy()
        total = pd.Series(0.0, index=detail.index)
        weight_sum = pd.Series(0.0, index=detail.index)
        contributions = {}
        transform = TRANSFORMS[self.combine]
        for name, weight in weights.items():
            values = detail[f"{name}.value"]
            if SIGNALS[name].missing_means_zero:
                values = values.fillna(0.0)
            # and the share of the cohort doing at least as well (for "top 12%" in the why)
            pct, top = cohort_standing(values)
            out[name] = values
            out[f"{name}_pct"] = pct
            out[f"_{name}_top"] = top
            comparable = transform(values)
            defined = comparable.notna()
            total += (weight * comparable).where(defined, 0.0)
            weight_sum += defined * weight
            contributions[name] = (weight * comparable).fillna(0.0)
        out["score"] = (100.0 * total / weight_sum.where(weight_sum > 0)).fillna(0.0)
        out["why"] = self._explain(detail, out, contributions)
        return out

    def _explain(
        self, detail: pd.DataFrame, out: pd.DataFrame, contributions: dict[str, pd.Series]
    ) -> list[str]:
        """Top contributing standout signals of each member, in words.

        Only the ``why_limit`` best-scored members of a cohort are explained (formatting
        text is the one per-member Python loop of scoring); the rest read as such.
        """
        overrides = self.settings or {}
        top = int(overrides.get("why_top", SETTINGS["why_top"].default))
        limit = int(overrides.get("why_limit", SETTINGS["why_limit"].default))
        names = list(contributions)
        contrib = np.column_stack([contributions[n].to_numpy() for n in names])
        share = np.column_stack([out[f"_{n}_top"].to_numpy() for n in names])
        fields = {
            n: {
                c[len(n) + 1 :]: detail[c].to_numpy()
                for c in detail.columns
                if c.startswith(f"{n}.")
            }
            for n in names
        }
        phrases = ["not explained: below the why_limit best-scored members"] * len(detail)
        for i in np.argsort(-out["score"].to_numpy(), kind="stable")[:limit]:
            parts: list[str] = []
            for j in np.argsort(-contrib[i], kind="stable"):
                if contrib[i, j] <= 0 or share[i, j] > 0.5 or len(parts) >= top:
                    continue
                name = names[j]
                row = {k: v[i] for k, v in fields[name].items()}
                percent = max(1, min(100, math.ceil(100 * share[i, j] - 1e-9)))
                parts.append(f"{SIGNALS[name].explain(row)} (top {percent}%)")
            phrases[i] = "; ".join(parts) if parts else "active, but no standout signal yet"
        return phrases

    # -- results -------------------------------------------------------------------------
    def _check_fitted(self) -> None:
        if not hasattr(self, "scores_"):
            raise NotFittedError("This CommunityScorer is not fitted yet; call fit(store) first.")

    def top(self, n: int = 20) -> pd.DataFrame:
        """The ``n`` best-ranked members of each platform (``n`` ≥ 1)."""
        self._check_fitted()
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
            raise ParameterError.invalid("n", "CommunityScorer.top", "an int >= 1", n)
        return self.scores_.groupby("platform", sort=False).head(n).reset_index(drop=True)
