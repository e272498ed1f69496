"""Tiers, the post_engagement signal and nichescout.creators.engagement against plain-Python
oracles, on creators Hypothesis makes; and mutations of the signal's SQL that the oracle
must catch.

The oracle of the signal is tests/signals/oracles.py's ``post_engagement_parts`` (written
from its docstring); tiers, the core-micro band and the cohort percentiles are written
again here, from the docstring of nichescout.creators.engagement, with no nichescout code.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

import nichescout.signals.post_engagement as post_engagement_module
from nichescout import settings as ns_settings
from nichescout.creators import ENGAGEMENT_COLUMNS, engagement
from nichescout.exceptions import ParameterError
from nichescout.scores.tiers import core_micro_band, follower_tier, platform_tiers
from nichescout.store import ImportSession, Store
from tests.signals.oracles import Community, Event, Item, Member, Scope, post_engagement_parts

BASE = datetime(2026, 3, 2)
PLATFORMS = ("insta:a", "tok:b")
#: Followers on both sides of every default bound and of the core-micro band.
FOLLOWERS = [None, 0, 300, 999, 1_000, 4_999, 5_000, 20_000, 49_999, 50_000, 99_999,
             100_000, 640_000, 1_000_000, 2_000_000]  # fmt: skip


@dataclass
class Case:
    """Creators on one or two platforms, their niches, and the settings to use."""

    communities: dict[str, Community]
    niches: dict[tuple[str, str], str | None] = field(default_factory=dict)
    until: datetime | None = None
    overrides: dict[str, Any] = field(default_factory=dict)


@st.composite
def communities(draw: st.DrawFn, platform: str) -> tuple[Community, dict[str, str | None]]:
    n = draw(st.integers(1, 9))
    members = [
        Member(f"m{k}", is_bot=draw(st.sampled_from([False] * 6 + [True])),
               followers=draw(st.sampled_from(FOLLOWERS)))
        for k in range(n)
    ]  # fmt: skip
    members.append(Member("fan"))
    niches = {m.member_id: draw(st.sampled_from([None, "food", "food", "tech"])) for m in members}
    ids = [m.member_id for m in members]
    items: list[Item] = []
    events: list[Event] = []
    for member in members[:-1]:
        for k in range(draw(st.integers(0, 6))):
            when = BASE + timedelta(
                days=draw(st.integers(0, 30)), hours=draw(st.sampled_from([0, 9]))
            )
            cid = f"{member.member_id}p{k}"
            items.append(
                Item(
                    cid,
                    member.member_id,
                    draw(st.sampled_from(["post", "post", "video", "comment"])),
                    when,
                    likes=draw(st.sampled_from([None, 0, 3, 40, 1_200])),
                    views=draw(st.sampled_from([None, None, 0, 900, 25_000])),
                    comments=draw(st.sampled_from([None, 0, 2, 15])),
                    shares=draw(st.sampled_from([None, None, 0, 5])),
                )
            )
            for j in range(draw(st.integers(0, 2))):  # stored comments under the post
                author = draw(st.sampled_from([*ids, None]))
                later = when + timedelta(hours=draw(st.sampled_from([1, 24, 24 * 40])))
                kind = draw(st.sampled_from(["comment", "comment", "post"]))  # a quote-post
                items.append(Item(f"{cid}c{j}", author, kind, later, parent_id=cid))
            for j in range(draw(st.integers(0, 2))):  # like and share events on it
                kind = draw(st.sampled_from(["reaction", "vote_up", "share", "reply"]))
                actor = draw(st.sampled_from([*ids, None]))
                later = when + timedelta(hours=draw(st.sampled_from([2, 24 * 40])))
                events.append(Event(f"{cid}e{j}", actor, kind, member.member_id, cid, later))
    return Community(tuple(members), tuple(items), tuple(events)), niches


@st.composite
def cases(draw: st.DrawFn) -> Case:
    platforms = PLATFORMS[: draw(st.integers(1, 2))]
    case = Case({})
    for platform in platforms:
        community, niches = draw(communities(platform))
        case.communities[platform] = community
        case.niches.update({(platform, m): n for m, n in niches.items()})
    case.until = draw(st.sampled_from([None, None, BASE + timedelta(days=20)]))
    overrides: dict[str, Any] = {
        "engagement_recent_posts": draw(st.sampled_from([12, 3, 1])),
        "engagement_count_shares": draw(st.booleans()),
        "creator_cohort_min": draw(st.sampled_from([1, 2, 3, 10])),
    }
    if draw(st.booleans()):
        overrides["core_micro_band"] = (1_000, 20_000)
    if draw(st.booleans()):
        overrides["follower_tiers"] = {
            "*": [["small", 0], ["big", 50_000]],
            "tok": [["nano", 0], ["micro", 5_000], ["macro", 500_000]],
        }
    case.overrides = overrides
    return case


def load(case: Case) -> Store:
    store = Store(":memory:")
    for platform, c in case.communities.items():
        with ImportSession(store, "hypothesis", "creators", platform=platform) as session:
            members = session.writer("members")
            for m in c.members:
                niche = case.niches.get((platform, m.member_id))
                members.append(
                    {
                        "platform": platform,
                        "member_id": m.member_id,
                        "handle": m.member_id,
                        "is_bot": m.is_bot,
                        "followers": m.followers,
                        "attributes": None if niche is None else f'{{"niche": "{niche}"}}',
                    }
                )
            content = session.writer("content")
            for i in c.content:
                content.append(
                    {
                        "platform": platform,
                        "content_id": i.content_id,
                        "author_id": i.author_id,
                        "kind": i.kind,
                        "parent_id": i.parent_id,
                        "created_at": i.created_at,
                        "likes": i.likes,
                        "comments": i.comments,
                        "shares": i.shares,
                        "views": i.views,
                    }
                )
            interactions = session.writer("interactions")
            for e in c.interactions:
                interactions.append(
                    {
                        "platform": platform,
                        "interaction_id": e.interaction_id,
                        "actor_id": e.actor_id,
                        "kind": e.kind,
                        "target_id": e.target_id,
                        "content_id": e.content_id,
                        "created_at": e.created_at,
                        "value": 1.0,
                    }
                )
            session.commit()
    return store


# -- the oracle ---------------------------------------------------------------------------------
DEFAULT_TIERS = [("nano", 0), ("micro", 1_000), ("macro", 100_000), ("mega", 1_000_000)]


def oracle_tier(followers: int | None, platform: str, overrides: dict[str, Any]) -> str | None:
    table = overrides.get("follower_tiers", {"*": DEFAULT_TIERS})
    bounds = table.get(platform) or table.get(platform.split(":")[0]) or table["*"]
    if followers is None:
        return None
    return [name for name, low in bounds if followers >= low][-1]


def oracle(case: Case) -> dict[tuple[str, str], dict[str, Any]]:
    """Every column of engagement(), per (platform, member_id), in plain Python."""
    minimum = case.overrides["creator_cohort_min"]
    low, high = case.overrides.get("core_micro_band", (5_000, 50_000))
    settings_ = {
        "engagement_recent_posts": case.overrides["engagement_recent_posts"],
        "engagement_count_shares": case.overrides["engagement_count_shares"],
    }
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for platform, community in case.communities.items():
        parts = post_engagement_parts(community, Scope(until=case.until, settings=settings_))
        rows = {}
        for member, p in parts.items():
            f = p["followers"]
            rows[member] = {
                **p,
                "tier": oracle_tier(f, platform, case.overrides),
                "core_micro": f is not None and low <= f < high,
                "niche": case.niches.get((platform, member)),
            }
        labelled = any(r["niche"] is not None for r in rows.values())
        note = "" if labelled else " (no stored niches)"
        for member, row in rows.items():
            same_known = [
                m for m, r in rows.items() if (r["followers"] is None) == (row["followers"] is None)
            ]
            if row["followers"] is None:
                levels = [(same_known, f"{platform}, creators without followers (rates per view)")]
            else:
                same_tier = [m for m in same_known if rows[m]["tier"] == row["tier"]]
                levels = []
                if row["niche"] is not None:
                    niche = [m for m in same_tier if rows[m]["niche"] == row["niche"]]
                    levels.append((niche, f"{platform}, {row['tier']}, {row['niche']}"))
                levels += [(same_tier, f"{platform}, {row['tier']}{note}"),
                           (same_known, f"{platform}, all tiers{note}")]  # fmt: skip
            chosen = next(((g, label) for g, label in levels if len(g) >= minimum), None)
            if chosen is None:
                n = len(same_known)
                which = "without" if row["followers"] is None else "with"
                row["cohort"] = (
                    f"{platform}: {n} creator{'s' if n != 1 else ''} {which} followers "
                    f"(fewer than {minimum})"
                )
                row["cohort_size"], row["percentile"] = n, None
            else:
                group, row["cohort"] = chosen
                mine = row["value"]
                row["cohort_size"] = len(group)
                row["percentile"] = (
                    sum(rows[m]["value"] <= mine for m in group) / len(group) if mine > 0 else 0.0
                )
            out[(platform, member)] = row
    return out


def same(a: Any, b: Any) -> bool:
    missing_a = a is None or (isinstance(a, float) and math.isnan(a))
    missing_b = b is None or (isinstance(b, float) and math.isnan(b))
    if missing_a or missing_b:
        return missing_a and missing_b
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return bool(a == b)


COMPARED = {  # engagement() column → oracle key
    "followers": "followers",
    "tier": "tier",
    "core_micro": "core_micro",
    "niche": "niche",
    "posts": "posts",
    "engagement_median": "median",
    "engagement_mean": "mean",
    "engagement_cv": "cv",
    "video_posts": "video_posts",
    "view_median": "view_median",
    "view_mean": "view_mean",
    "view_cv": "view_cv",
    "basis": "basis",
    "percentile": "percentile",
    "cohort": "cohort",
    "cohort_size": "cohort_size",
}


def disagreements(case: Case, store: Store | None = None) -> list[str]:
    store = store or load(case)
    frame = engagement(store, until=case.until, settings=case.overrides)
    assert list(frame.columns) == ENGAGEMENT_COLUMNS
    want = oracle(case)
    got = {(r["platform"], r["member_id"]): r for r in frame.to_dict("records")}
    problems = []
    for key in sorted(set(got) | set(want)):
        if (key in got) != (key in want):
            problems.append(f"{key}: in engagement() {key in got}, in the oracle {key in want}")
            continue
        for column, name in COMPARED.items():
            value = got[key][column]
            value = None if value is None or value is _NA else value
            if not same(value, want[key][name]):
                problems.append(f"{key} {column}: {value!r} vs oracle {want[key][name]!r}")
    return problems


_NA = __import__("pandas").NA

HAND_MADE = Case(
    {
        "insta:a": Community(
            (Member("ana", followers=1_000), Member("bo", followers=200), Member("cy")),
            (
                Item("a1", "ana", "post", BASE, likes=40, comments=10),
                Item("a2", "ana", "post", BASE + timedelta(days=7), likes=20, comments=5),
                Item(
                    "a3",
                    "ana",
                    "video",
                    BASE + timedelta(days=14),
                    likes=90,
                    comments=10,
                    shares=20,
                    views=4_000,
                ),  # fmt: skip
                Item("b1", "bo", "post", BASE, likes=10),
                Item("k1", "ana", "comment", BASE + timedelta(hours=1), parent_id="b1"),
                Item("b2", "bo", "post", BASE + timedelta(days=7), comments=2),
                Item("c1", "cy", "video", BASE, likes=30, comments=5, views=1_000),
            ),
            (),
        )
    },
    overrides={
        "engagement_recent_posts": 12,
        "engagement_count_shares": True,
        "creator_cohort_min": 2,
    },  # fmt: skip
)


def test_hand_made_creators() -> None:
    """The toy creators' numbers, worked out by hand (see nichescout.data.creators)."""
    want = oracle(HAND_MADE)
    assert want[("insta:a", "ana")]["median"] == pytest.approx(0.05)
    assert want[("insta:a", "ana")]["cv"] == pytest.approx(0.049244 / 0.065, rel=1e-4)
    assert want[("insta:a", "bo")]["median"] == pytest.approx((11 / 200 + 2 / 200) / 2)
    assert want[("insta:a", "cy")]["value"] == pytest.approx(35 / 1000)
    assert (want[("insta:a", "ana")]["percentile"], want[("insta:a", "bo")]["percentile"]) == (
        1.0,
        0.5,
    )
    assert disagreements(HAND_MADE) == []


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=cases())
@example(case=HAND_MADE)
def test_engagement_matches_its_oracle(case: Case) -> None:
    assert disagreements(case) == []


#: Mutations of the signal's SQL (text replaced → by): each changes what it computes.
MUTATIONS = {
    "oldest posts instead of newest": ("c.created_at DESC", "c.created_at ASC"),
    "one post fewer": ("WHERE newest <= ", "WHERE newest < "),
    "mean for the median": ("THEN median(r) ELSE", "THEN avg(r) ELSE"),
    "population deviation": ("stddev_samp(r)", "stddev_pop(r)"),
    "no comment fallback": ("coalesce(l.comments, u.comments, 0)", "coalesce(l.comments, 0)"),
    "events before counts": ("coalesce(l.likes, o.likes, 0)", "coalesce(o.likes, l.likes, 0)"),
    "own likes count": ("AND i.actor_key IS DISTINCT FROM l.member_key", ""),
    "comments as posts": ("AND c.parent_id IS NULL", ""),
    "per following": ("e / nullif(m.followers, 0) AS r", "e / nullif(m.following, 0) AS r"),
    "no audience kept": ("HAVING any_value(followers) IS NOT NULL OR count(v) > 0", ""),
    "comments after the window": ("(k.created_at < TIMESTAMP", "(TRUE OR k.created_at < TIMESTAMP"),
    "bots' likes count": (
        "(i.actor_key IS NULL OR i.actor_key NOT IN",
        "(TRUE OR i.actor_key NOT IN",
    ),
}


#: One hand-made case on which every mutation above shows; Hypothesis looks further when
#: it does not.
DAY = timedelta(days=1)
CATCHER = Case(
    {
        "insta:a": Community(
            (
                Member("ana", followers=1_000),
                Member("bo", followers=200),
                Member("cy"),
                Member("dee", followers=100),
                Member("eve"),
                Member("bot", is_bot=True),
            ),
            (
                Item("a1", "ana", "post", BASE, likes=40, comments=10),
                Item("a2", "ana", "post", BASE + DAY, likes=20),
                Item("a3", "ana", "video", BASE + 2 * DAY, likes=90, shares=20, views=4_000),
                Item("a4", "ana", "post", BASE + 3 * DAY, comments=3),
                Item("k1", "bo", "comment", BASE + 2 * DAY, parent_id="a2"),
                Item("k2", "bo", "comment", BASE + 40 * DAY, parent_id="a2"),
                Item("q1", "bo", "post", BASE + 3 * DAY, parent_id="a1", likes=7),
                Item("b1", "bo", "post", BASE, likes=10),
                Item("c1", "cy", "video", BASE, likes=30, comments=5, views=1_000),
                Item("d1", "dee", "post", BASE, likes=3),  # 0.03: between ana's median and mean
                Item("e1", "eve", "post", BASE, likes=3),  # no audience to divide by
            ),
            (
                Event("e1", "bo", "reaction", "ana", "a2", BASE + DAY),
                Event("e2", "ana", "reaction", "ana", "a4", BASE + 3 * DAY),
                Event("e3", "bot", "vote_up", "ana", "a4", BASE + 3 * DAY),
            ),
        )
    },
    until=BASE + 20 * DAY,
    overrides={
        "engagement_recent_posts": 3,
        "engagement_count_shares": True,
        "creator_cohort_min": 3,  # one cohort of the three with followers
    },
)


def test_the_catcher_is_right() -> None:
    assert disagreements(CATCHER) == []


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_a_mutated_query_disagrees_with_the_oracle(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each mutation of the SQL is caught: on the hand-made case, or on creators Hypothesis
    makes (no shrinking: finding one is enough)."""
    old, new = MUTATIONS[name]
    seen: list[bool] = []
    original = post_engagement_module.query

    def mutated(con: Any, sql: str) -> Any:
        seen.append(old in sql)
        return original(con, sql.replace(old, new))

    monkeypatch.setattr(post_engagement_module, "query", mutated)
    caught: list[Case] = []

    class Caught(Exception):
        """Stops the search at the first case that shows the mutation."""

    @settings(
        max_examples=300,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(case=cases())
    @example(case=CATCHER)
    def probe(case: Case) -> None:
        if disagreements(case):
            caught.append(case)
            raise Caught

    with contextlib.suppress(Caught):
        probe()
    assert any(seen), f"the mutation's target is not in the SQL: {old!r}"
    assert caught, f"no case shows the mutation {name!r}"


# -- tiers --------------------------------------------------------------------------------------
def test_platform_tiers_by_name_then_family_then_star() -> None:
    table = {
        "follower_tiers": {
            "*": [["nano", 0], ["micro", 1_000]],
            "tiktok": [["nano", 0], ["micro", 10_000]],
            "tiktok:de": [["small", 0]],
        }
    }
    assert platform_tiers("tiktok:de", table) == (("small", 0.0),)
    assert platform_tiers("tiktok:fr", table)[1] == ("micro", 10_000.0)
    assert platform_tiers("instagram", table)[1] == ("micro", 1_000.0)
    assert platform_tiers("anything") == tuple((n, float(b)) for n, b in ns_settings.FOLLOWER_TIERS)
    with pytest.raises(ParameterError, match="follower_tiers"):
        platform_tiers("x", {"follower_tiers": {"*": [["a", 10], ["b", 5]]}})


@pytest.mark.parametrize("followers", FOLLOWERS)
def test_default_tiers_and_band_as_design_says(followers: int | None) -> None:
    """nano < 1K ≤ micro < 100K ≤ macro < 1M ≤ mega; core micro 5K ≤ f < 50K."""
    expected = (
        None
        if followers is None
        else "nano"
        if followers < 1_000
        else "micro"
        if followers < 100_000
        else "macro"
        if followers < 1_000_000
        else "mega"
    )
    assert follower_tier(followers, "instagram") == expected
    assert core_micro_band() == (5_000.0, 50_000.0)


def test_tier_selection_and_core_micro(tmp_path: Any) -> None:
    from nichescout.data.creators import creators_sample_path
    from nichescout.ingest import ingest

    store = Store(":memory:")
    ingest(store, "creators", creators_sample_path())
    everyone = engagement(store)
    core = engagement(store, tier="core-micro")
    assert set(core["member_id"]) == set(
        everyone.loc[(everyone["followers"] >= 5_000) & (everyone["followers"] < 50_000),
                     "member_id"]
    )  # fmt: skip
    assert len(core) == 15  # 13 on Instagram, 2 on TikTok
    micro = engagement(store, "instagram:sample", tier="micro")
    assert set(micro["tier"]) == {"micro"} and len(micro) == 20
    with pytest.raises(ParameterError, match="'tier' parameter of engagement must be one of"):
        engagement(store, tier="huge")


def test_rank_uses_the_platform_tiers() -> None:
    """``nichescout rank`` names tiers by the platform's own (setting follower_tiers)."""
    from nichescout.data.creators import toy_creators
    from nichescout.scores import CommunityScorer

    store = toy_creators()

    def tiers(overrides: dict[str, Any] | None) -> dict[str, Any]:
        scorer = CommunityScorer({"post_engagement": 1.0}, calibrate=False, settings=overrides)
        scores = scorer.fit(store).scores_
        return dict(zip(scores["member_id"], scores["tier"], strict=True))

    assert tiers(None) == {"ana": "micro", "bo": "nano", "cy": None, "dan": None,
                           "stridelab": None}  # fmt: skip
    own = {"follower_tiers": {"toy": [["small", 0], ["big", 500]]}}
    assert tiers(own) == {"ana": "big", "bo": "small", "cy": None, "dan": None,
                          "stridelab": None}  # fmt: skip


def test_real_posts_by_tier(shared_data: Any) -> None:
    """docs/creators.md's table: InstaFake's non-automated accounts, engagement by tier."""
    from nichescout.ingest import ingest

    store = Store(":memory:")
    ingest(store, "creators", shared_data / "accounts" / "instafake")
    frame = engagement(store)
    assert len(frame) == 659 and set(frame["basis"]) == {"followers"}
    by_tier = frame.groupby("tier").agg(
        n=("member_id", "size"),
        followers=("followers", "median"),
        median=("engagement_median", "median"),
        cv=("engagement_cv", "median"),
    )
    assert by_tier["n"].to_dict() == {"mega": 1, "micro": 28, "nano": 630}
    assert by_tier.loc["nano", "followers"] == 355 and by_tier.loc["micro", "followers"] == 1285
    assert round(by_tier.loc["nano", "median"], 3) == 0.239
    assert round(by_tier.loc["micro", "median"], 3) == 0.135
    assert round(by_tier.loc["mega", "median"], 3) == 0.076
    assert by_tier.loc["nano", "median"] > by_tier.loc["micro", "median"]  # falls with size
    assert int(frame["core_micro"].sum()) == 1


def test_sample_figures_of_the_docs() -> None:
    """docs/creators.md's figures on the bundled (made-up) sample."""
    from nichescout.data.creators import creators_sample_path
    from nichescout.ingest import ingest

    store = Store(":memory:")
    ingest(store, "creators", creators_sample_path())
    frame = engagement(store)
    medians = frame.groupby(["platform", "tier"])["engagement_median"].median().round(3)
    assert medians.to_dict() == {
        ("instagram:sample", "macro"): 0.019,
        ("instagram:sample", "mega"): 0.006,
        ("instagram:sample", "micro"): 0.024,
        ("instagram:sample", "nano"): 0.073,
        ("tiktok:sample", "macro"): 0.025,
        ("tiktok:sample", "micro"): 0.059,
        ("tiktok:sample", "nano"): 0.074,
    }
    with_pct = frame[frame["percentile"].notna()]
    assert with_pct["platform"].value_counts().to_dict() == {"instagram:sample": 32}
    assert with_pct.groupby("tier")["cohort_size"].max().to_dict() == {
        "macro": 32, "mega": 32, "micro": 20, "nano": 32
    }  # fmt: skip
