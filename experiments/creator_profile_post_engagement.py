"""Should the ``creator`` profile weigh the ``post_engagement`` signal? Measured on real posts.

InstaFake's non-automated Instagram accounts (``../shared/data/accounts/instafake``: 57,816
real posts with likes, comments and upload times, 2011–2018) are split at the day by which
two thirds of the posts were made (:func:`nichescout.evaluate.harness.event_cutoff`). Each
ranking sees only the posts before the cutoff; it is judged on what the accounts got
after it, among the accounts with at least ``MIN_POSTS`` posts on each side:

- **future rate**: their ``post_engagement`` median after the cutoff — what a typical
  post of theirs got per follower, what a brand buying a post pays for;
- **future engagement**: the ``engagement`` goal after the cutoff — the likes and comments
  all their posts got, the goal the creator profile is fitted to, which grows with size.

Rankings: the creator profile's prior weights as shipped, the same with ``post_engagement``
added at the weight of ``engagement_rate`` (3), and each of the two signals alone. Metrics:
Spearman's rho and NDCG@20/50 (:mod:`nichescout.metrics`), over all the accounts and within
the nano tier (most of them); for the two profiles, the difference (with minus shipped) and
its 95 % interval from ``BOOTSTRAP`` paired resamples of the accounts. Followers are the
export's snapshot on both sides.

    python experiments/creator_profile_post_engagement.py --data-dir ../shared/data
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from nichescout.evaluate.harness import event_cutoff, pre_cutoff_store
from nichescout.goals import measure
from nichescout.ingest import ingest
from nichescout.metrics import ndcg_at_k, spearman
from nichescout.scores import CommunityScorer
from nichescout.scores.profiles import PROFILES
from nichescout.scores.tiers import follower_tier
from nichescout.signals import SIGNALS, SignalContext, Window
from nichescout.store import Store

MIN_POSTS = 5
BOOTSTRAP = 1000
SEED = 20260301
WITH_POST_ENGAGEMENT = {
    **PROFILES["creator"],
    "post_engagement": PROFILES["creator"]["engagement_rate"],
}
RANKINGS = {
    "creator profile (shipped)": PROFILES["creator"],
    "creator + post_engagement": WITH_POST_ENGAGEMENT,
    "engagement_rate alone": {"engagement_rate": 1.0},
    "post_engagement alone": {"post_engagement": 1.0},
}


def run(data_dir: Path) -> pd.DataFrame:
    store = Store(":memory:")
    report = ingest(store, "creators", data_dir / "accounts" / "instafake")
    platform = str(report.platform)
    cutoff = event_cutoff(store, platform)
    past = pre_cutoff_store(store, platform, cutoff)
    counts = store.con.execute(
        """SELECT m.member_id, m.followers,
                  count(*) FILTER (WHERE c.created_at < ?) AS before,
                  count(*) FILTER (WHERE c.created_at >= ?) AS after
           FROM content c JOIN members m ON m.member_key = c.author_key
           WHERE c.platform = ? AND c.kind IN ('post', 'video') GROUP BY 1, 2""",
        [cutoff, cutoff, platform],
    ).df()
    pool = counts[(counts["before"] >= MIN_POSTS) & (counts["after"] >= MIN_POSTS)]
    pool = pool[pool["followers"].notna()].set_index("member_id")
    ids = (
        store.con.execute(
            "SELECT member_key, member_id FROM members WHERE platform = ?", [platform]
        )
        .df()
        .set_index("member_key")["member_id"]
    )
    after = SignalContext(platform, Window(since=cutoff))
    rate = SIGNALS["post_engagement"].compute(store.con, after)
    outcomes = (
        pd.DataFrame(
            {
                "future rate": rate.set_index(rate["member_key"].map(ids))["value"],
                "future engagement": measure("engagement", store.con, after)
                .assign(member_id=lambda f: f["member_key"].map(ids))
                .set_index("member_id")["value"],
            }
        )
        .reindex(pool.index)
        .fillna(0.0)
    )
    scores = {}
    for name, weights in RANKINGS.items():
        scorer = CommunityScorer(weights, platform=platform, calibrate=False).fit(past)
        scores[name] = scorer.scores_.set_index("member_id")["score"].reindex(pool.index)
    tiers = pool["followers"].map(lambda f: follower_tier(f, platform))
    rows = []
    for subset, keep in (("all", tiers.notna()), ("nano", tiers == "nano")):
        for name, score in scores.items():
            for outcome in outcomes:
                s, y = score[keep].fillna(0.0), outcomes.loc[keep, outcome]
                rows.append(
                    {
                        "accounts": subset,
                        "n": int(keep.sum()),
                        "ranking": name,
                        "outcome": outcome,
                        "spearman": round(spearman(s, y), 3),
                        "ndcg@20": round(ndcg_at_k(s, y, 20), 3),
                        "ndcg@50": round(ndcg_at_k(s, y, 50), 3),
                    }
                )
    frame = pd.DataFrame(rows)
    frame.attrs["cutoff"] = cutoff
    frame.attrs["differences"] = _differences(scores, outcomes, tiers)
    return frame


def _differences(
    scores: dict[str, pd.Series], outcomes: pd.DataFrame, tiers: pd.Series
) -> pd.DataFrame:
    """(creator + post_engagement) minus (creator as shipped), with a paired bootstrap."""
    import numpy as np

    rng = np.random.default_rng(SEED)
    new = scores["creator + post_engagement"].fillna(0.0)
    old = scores["creator profile (shipped)"].fillna(0.0)
    metrics = {
        "spearman": spearman,
        "ndcg@20": lambda s, y: ndcg_at_k(s, y, 20),
    }
    rows = []
    for subset, keep in (("all", tiers.notna()), ("nano", tiers == "nano")):
        idx = np.flatnonzero(keep.to_numpy())
        for outcome in outcomes:
            y = outcomes[outcome].to_numpy()
            for name, metric in metrics.items():
                base = metric(new.to_numpy()[idx], y[idx]) - metric(old.to_numpy()[idx], y[idx])
                draws = []
                for _ in range(BOOTSTRAP):
                    b = rng.choice(idx, size=len(idx), replace=True)
                    draws.append(metric(new.to_numpy()[b], y[b]) - metric(old.to_numpy()[b], y[b]))
                low, high = np.percentile(draws, [2.5, 97.5])
                rows.append(
                    {
                        "accounts": subset,
                        "outcome": outcome,
                        "metric": name,
                        "difference": round(float(base), 3),
                        "95% interval": f"{low:+.3f} to {high:+.3f}",
                    }
                )
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    args = parser.parse_args()
    frame = run(args.data_dir)
    print(f"cutoff {frame.attrs['cutoff']:%Y-%m-%d}; accounts with >= {MIN_POSTS} posts each side")
    print(frame.to_markdown(index=False))
    print()
    print("creator + post_engagement minus creator as shipped (paired bootstrap):")
    print(frame.attrs["differences"].to_markdown(index=False))


if __name__ == "__main__":
    main()
