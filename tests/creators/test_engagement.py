"""Tiers, the post_engagement signal and nichescout.creators.engagement against plain-Python
oracles, on creators Hypothesis makes; and mutations of the signal's SQL that the oracle
must catch.

The oracle of the signal is tests/signals/oracles.py's ``post_engagement_parts`` (written
from its docstring); tiers and the core-micro band are written again here, and the cohorts
in plain pandas (:func:`cohort_oracle`), from the docstrings of nichescout.creators.engagement
and nichescout.creators.niche, with no nichescout code. A creator's niche is the stored one,
else what their bio labels: the bios come from :data:`BIOS`, whose first niches are written
down by hand (and checked against the keyword classifier once, in
``test_the_bios_label_as_the_oracle_says``).
"""

from __future__ import annotations

import contextlib
import importlib
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
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
from tests.signals.test_oracles import append_events

BASE = datetime(2026, 3, 2)
PLATFORMS = ("insta:a", "tok:b")
#: Followers on both sides of every default bound and of the core-micro band.
FOLLOWERS = [None, 0, 300, 999, 1_000, 4_999, 5_000, 20_000, 49_999, 50_000, 99_999,
             100_000, 640_000, 1_000_000, 2_000_000]  # fmt: skip


#: Bios and the first niche the keyword classifier gives each (None: no niche), by hand.
BIOS: dict[str, str | None] = {
    "Marathon runner and personal trainer. #fitness #running": "fitness",
    "Sourdough baker, recipes every Sunday #baking #recipes": "food",
    "Software engineer writing about Python and open source #coding": "tech",
    # two niches each: the first one counts
    "Runner and marathon coach. Sourdough on Sundays #running #baking": "fitness",
    "Marathon runner who bakes sourdough bread": "food",
    "Coffee, books and long walks": "books",
    "hello there": None,
}
#: Stored niches: "Fitness" is the labelled "fitness" folded; a blank one is no niche.
STORED = [None, None, "food", "food", "tech", "Fitness", "  "]


@dataclass
class Case:
    """Creators on one or two platforms, their stored niches and bios, and the settings."""

    communities: dict[str, Community]
    niches: dict[tuple[str, str], str | None] = field(default_factory=dict)
    until: datetime | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    bios: dict[tuple[str, str], str | None] = field(default_factory=dict)


@st.composite
def communities(
    draw: st.DrawFn, platform: str
) -> tuple[Community, dict[str, str | None], dict[str, str | None]]:
    n = draw(st.integers(1, 9))
    members = [
        Member(f"m{k}", is_bot=draw(st.sampled_from([False] * 6 + [True])),
               followers=draw(st.sampled_from(FOLLOWERS)))
        for k in range(n)
    ]  # fmt: skip
    members.append(Member("fan"))
    niches = {m.member_id: draw(st.sampled_from(STORED)) for m in members}
    bios = {m.member_id: draw(st.sampled_from([None, None, *BIOS])) for m in members}
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
    return Community(tuple(members), tuple(items), tuple(events)), niches, bios


@st.composite
def cases(draw: st.DrawFn) -> Case:
    platforms = PLATFORMS[: draw(st.integers(1, 2))]
    case = Case({})
    for platform in platforms:
        community, niches, bios = draw(communities(platform))
        case.communities[platform] = community
        case.niches.update({(platform, m): n for m, n in niches.items()})
        case.bios.update({(platform, m): b for m, b in bios.items()})
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
                        "bio": case.bios.get((platform, m.member_id)),
                        "attributes": None if niche is None else f'{{"niche": "{niche}"}}',
                    }
                )
            append_events(session, platform, c)
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


def cohort_oracle(creators: pd.DataFrame, minimum: int) -> pd.DataFrame:
    """The niche, cohort and percentile of each creator, in plain pandas.

    ``creators``: one row per creator with ``platform, member_id, followers`` (NaN when
    unknown) ``, tier, value`` (the rate the percentile compares) ``, stored`` (the stored
    niche or None) and ``label`` (the first niche their texts give, or None). Adds ``niche,
    niche_source, percentile, cohort, cohort_size``.
    """
    df = creators.reset_index(drop=True).copy()
    stored = df["stored"].astype(object).str.strip().replace("", np.nan)
    label = df["label"].astype(object)
    df["niche"] = stored.where(stored.notna(), label)  # the user's own label wins
    df["niche_source"] = np.where(
        stored.notna(), "stored", np.where(label.notna(), "labelled", "none")
    )
    folded = df["niche"].str.lower().str.replace(r"[-_]", " ", regex=True).str.split()
    df["key"] = folded.str.join(" ")
    df["known"] = df["followers"].notna()
    levels = {
        "niche": ["platform", "known", "tier", "key"],
        "tier": ["platform", "known", "tier"],
        "all": ["platform", "known"],
    }
    size = {
        name: df.groupby(keys)["member_id"].transform("size").fillna(0)
        for name, keys in levels.items()
    }
    rank = {
        name: df.groupby(keys)["value"].rank(method="max", pct=True)
        for name, keys in levels.items()
    }
    known = df["known"].to_numpy()
    chosen = np.select(
        [
            known & (size["niche"] >= minimum),
            known & (size["tier"] >= minimum),
            size["all"] >= minimum,
        ],
        ["niche", "tier", "all"],
        default="none",
    )
    df["cohort_size"] = [
        int(size[c][i]) if c != "none" else int(size["all"][i]) for i, c in enumerate(chosen)
    ]
    pct = [rank[c][i] if c != "none" else np.nan for i, c in enumerate(chosen)]
    df["percentile"] = np.where(df["value"] > 0, pct, np.where(chosen == "none", np.nan, 0.0))
    why = np.where(
        df["niche"].notna(),
        " (" + df["niche_source"] + " " + df["niche"].fillna("") + f" cohort under {minimum})",
        " (no niche stored or labelled)",
    )
    words = []
    for i, row in df.iterrows():
        p, n = row["platform"], int(size["all"][i])
        if chosen[i] == "niche":
            words.append(f"{p}, {row['tier']}, {row['niche']} ({row['niche_source']})")
        elif chosen[i] == "tier":
            words.append(f"{p}, {row['tier']}{why[i]}")
        elif chosen[i] == "all" and row["known"]:
            words.append(f"{p}, all tiers{why[i]}")
        elif chosen[i] == "all":
            words.append(f"{p}, creators without followers (rates per view)")
        else:
            which = "with" if row["known"] else "without"
            words.append(
                f"{p}: {n} creator{'s' if n != 1 else ''} {which} followers (fewer than {minimum})"
            )
    df["cohort"] = words
    return df


def oracle(case: Case) -> dict[tuple[str, str], dict[str, Any]]:
    """Every column of engagement(), per (platform, member_id): the signal's parts, tiers and
    band in plain Python, the cohorts by :func:`cohort_oracle`."""
    minimum = case.overrides["creator_cohort_min"]
    low, high = case.overrides.get("core_micro_band", (5_000, 50_000))
    settings_ = {
        "engagement_recent_posts": case.overrides["engagement_recent_posts"],
        "engagement_count_shares": case.overrides["engagement_count_shares"],
    }
    rows = []
    for platform, community in case.communities.items():
        parts = post_engagement_parts(community, Scope(until=case.until, settings=settings_))
        for member, p in parts.items():
            f = p["followers"]
            bio = case.bios.get((platform, member))
            rows.append(
                {
                    **p,
                    "platform": platform,
                    "member_id": member,
                    "tier": oracle_tier(f, platform, case.overrides),
                    "core_micro": f is not None and low <= f < high,
                    "stored": case.niches.get((platform, member)),
                    "label": None if bio is None else BIOS[bio],
                }
            )
    if not rows:
        return {}
    found = cohort_oracle(pd.DataFrame(rows), minimum)
    return {(r["platform"], r["member_id"]): r for r in found.to_dict("records")}


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
    "niche_source": "niche_source",
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
#: the module (``nichescout.creators.engagement`` is also the function's name there)
engagement_module = importlib.import_module("nichescout.creators.engagement")

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


# -- niches in the cohorts ----------------------------------------------------------------------
def test_the_bios_label_as_the_oracle_says() -> None:
    """BIOS's first niches are those of label_niches (keyword method, default taxonomy)."""
    from nichescout.niches import label_niches

    store = Store(":memory:")
    with ImportSession(store, "bios", "creators", platform="insta:a") as session:
        members = session.writer("members")
        for k, bio in enumerate(BIOS):
            members.append({"platform": "insta:a", "member_id": f"b{k}", "handle": f"b{k}",
                            "bio": bio})  # fmt: skip
        session.commit()
    labels = label_niches(store, "insta:a")
    first = labels[labels["rank"] == 1].set_index("member_id")["niche"].to_dict()
    assert {bio: first.get(f"b{k}") for k, bio in enumerate(BIOS)} == BIOS


FITNESS, FOOD, TECH, FITNESS_FOOD, FOOD_FITNESS, _, NOTHING = BIOS
#: member, followers, stored niche, bio, likes on their one post (rate = likes / followers)
LABELLED_CREATORS = [
    ("sto_food", 10_000, "food", FITNESS, 300),  # the stored niche wins over the bio
    ("lab_food", 10_000, None, FOOD, 100),
    ("blank", 10_000, "  ", FOOD_FITNESS, 200),  # a blank stored niche: the bio's first
    ("sto_fit", 10_000, "Fitness", None, 500),  # folds into the labelled fitness
    ("lab_fit", 10_000, None, FITNESS_FOOD, 400),
    ("lab_tech", 10_000, None, TECH, 50),  # alone in tech: the tier's cohort
    ("nobody", 10_000, None, NOTHING, 250),  # no niche
    ("nano_fit", 500, None, FITNESS, 20),  # alone in nano: every tier
]
LABELLED = Case(
    {
        "insta:a": Community(
            tuple(Member(m, followers=f) for m, f, *_ in LABELLED_CREATORS),
            tuple(
                Item(f"{m}1", m, "post", BASE, likes=likes) for m, *_, likes in LABELLED_CREATORS
            ),
            (),
        )
    },
    niches={("insta:a", m): stored for m, _, stored, *_ in LABELLED_CREATORS},
    bios={("insta:a", m): bio for m, _, _, bio, _ in LABELLED_CREATORS},
    overrides={
        "engagement_recent_posts": 12,
        "engagement_count_shares": True,
        "creator_cohort_min": 2,
    },
)
#: By hand: niche, source, cohort, its size, percentile.
LABELLED_EXPECTED = {
    "sto_food": ("food", "stored", "insta:a, micro, food (stored)", 3, 1.0),
    "lab_food": ("food", "labelled", "insta:a, micro, food (labelled)", 3, 1 / 3),
    "blank": ("food", "labelled", "insta:a, micro, food (labelled)", 3, 2 / 3),
    "sto_fit": ("Fitness", "stored", "insta:a, micro, Fitness (stored)", 2, 1.0),
    "lab_fit": ("fitness", "labelled", "insta:a, micro, fitness (labelled)", 2, 0.5),
    "lab_tech": ("tech", "labelled", "insta:a, micro (labelled tech cohort under 2)", 7, 1 / 7),
    "nobody": (None, "none", "insta:a, micro (no niche stored or labelled)", 7, 4 / 7),
    "nano_fit": (
        "fitness",
        "labelled",
        "insta:a, all tiers (labelled fitness cohort under 2)",
        8,
        7 / 8,
    ),
}


def test_labelled_niches_make_cohorts_by_hand() -> None:
    """Stored niches, bios the classifier labels and creators with neither, worked out by
    hand; and the pandas oracle agrees."""
    frame = engagement(load(LABELLED), settings=LABELLED.overrides).set_index("member_id")
    got = {
        m: (r.niche, r.niche_source, r.cohort, r.cohort_size, r.percentile)
        for m, r in frame.iterrows()
    }
    assert got.keys() == LABELLED_EXPECTED.keys()
    for member, want in LABELLED_EXPECTED.items():
        assert got[member][:4] == want[:4], member
        assert got[member][4] == pytest.approx(want[4]), member
    want_oracle = oracle(LABELLED)
    assert {m: r["cohort"] for (_, m), r in want_oracle.items()} == {
        m: w[2] for m, w in LABELLED_EXPECTED.items()
    }
    assert disagreements(LABELLED) == []


def _labelled_wins(store: Store, platform: str, keys: Any, taxonomy: Any = None) -> Any:
    from nichescout.niches import member_niches

    frame = _REAL_NICHES(store, platform, keys, taxonomy)
    labels = member_niches(store, platform, list(frame["member_key"]), taxonomy)
    first = frame["member_key"].map(lambda k: labels.get(k, (None,))[0])
    stored = (frame["niche_source"] == "stored") & first.notna()
    frame.loc[stored, "niche"] = first[stored]
    frame.loc[stored, "niche_source"] = "labelled"
    return frame


def _stored_only(store: Store, platform: str, keys: Any, taxonomy: Any = None) -> Any:
    frame = _REAL_NICHES(store, platform, keys, taxonomy)
    labelled = frame["niche_source"] == "labelled"
    frame.loc[labelled, "niche"] = None
    return frame


def _last_label(store: Store, platform: str, keys: Any, taxonomy: Any = None) -> Any:
    frame = _REAL_NICHES(store, platform, keys, taxonomy)
    labelled = frame["niche_source"] == "labelled"
    frame.loc[labelled, "niche"] = frame.loc[labelled, "niches"].map(lambda ns: ns[-1])
    return frame


def _source_unsaid(store: Store, platform: str, keys: Any, taxonomy: Any = None) -> Any:
    frame = _REAL_NICHES(store, platform, keys, taxonomy)
    frame.loc[frame["niche_source"] == "labelled", "niche_source"] = "stored"
    return frame


_REAL_NICHES = engagement_module.creator_niches
#: Mutations of the niche rule (name → what replaces what in nichescout.creators.engagement).
NICHE_MUTATIONS: dict[str, tuple[str, Any]] = {
    "labelled niche wins over the stored one": ("creator_niches", _labelled_wins),
    "cohorts read stored niches only": ("creator_niches", _stored_only),
    "the last label instead of the first": ("creator_niches", _last_label),
    "a labelled niche said to be stored": ("creator_niches", _source_unsaid),
    "niches not folded": ("fold_niche", lambda name: name),
}


@pytest.mark.parametrize("name", sorted(NICHE_MUTATIONS))
def test_a_mutated_niche_rule_disagrees_with_the_oracle(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    attribute, replacement = NICHE_MUTATIONS[name]
    monkeypatch.setattr(engagement_module, attribute, replacement)
    assert disagreements(LABELLED), f"the hand-made case does not show {name!r}"


def test_discover_and_the_card_read_the_cohort_niche() -> None:
    """One niche per creator: engagement's cohort niche is discover's and the card's, and
    ``discover --niche`` keeps exactly the creators whose cohort niche it is (folded)."""
    from nichescout.creators import creator_card, creator_table, discover
    from nichescout.exceptions import NotFoundError

    store, overrides = load(LABELLED), LABELLED.overrides
    frame = engagement(store, settings=overrides).set_index("member_id")
    table = creator_table(store, settings=overrides).set_index("member_id")
    for member, row in frame.iterrows():
        card = creator_card(store, str(member), settings=overrides)
        assert card.engagement is not None
        mine = (row["niche"], row["niche_source"], row["cohort"])
        assert (card.niche, card.niche_source, card.engagement["cohort"]) == mine
        assert tuple(table.loc[member, ["niche", "niche_source", "cohort"]]) == mine
        assert card.as_row()["niche_source"] == row["niche_source"]
    keys = {m: r["key"] for (_, m), r in oracle(LABELLED).items()}
    for wanted in ("food", "FITNESS", "tech", "books"):
        expected = {m for m, k in keys.items() if k == wanted.lower()}
        try:
            found = set(discover(store, niche=wanted, top=100, settings=overrides)["member_id"])
        except NotFoundError:
            found = set()
        assert found == expected, wanted
    # the two-niche bios count by their first niche only
    food = set(discover(store, niche="food", top=100, settings=overrides)["member_id"])
    assert food == {"sto_food", "lab_food", "blank"}


def _sample_copy(tmp_path: Any, stored: dict[str, str]) -> Store:
    """The bundled creator sample with these handles' niches stored, imported."""
    import shutil

    from nichescout.data.creators import creators_sample_path
    from nichescout.ingest import ingest

    folder = tmp_path / "creators"
    shutil.copytree(creators_sample_path(), folder)
    profiles = pd.read_csv(folder / "profiles.csv", dtype=str, keep_default_na=False)
    profiles["niche"] = profiles["handle"].map(stored).fillna("")
    profiles.to_csv(folder / "profiles.csv", index=False)
    store = Store(":memory:")
    ingest(store, "creators", folder)
    return store


def _sample_truth() -> pd.DataFrame:
    """Each creator of the sample as its CSV files say: platform, tier by the default bounds
    and the generator's niche (labels.csv), in plain pandas."""
    from nichescout.data.creators import creators_sample_path

    folder = creators_sample_path()
    truth = pd.read_csv(folder / "profiles.csv")[["handle", "platform", "followers"]]
    truth["tier"] = pd.cut(
        truth["followers"], [0, 1_000, 100_000, 1_000_000, float("inf")], right=False,
        labels=["nano", "micro", "macro", "mega"],
    ).astype(str)  # fmt: skip
    niches = pd.read_csv(folder / "labels.csv").set_index("handle")["niche"]
    return truth.assign(niche=truth["handle"].map(niches)).set_index("handle")


def test_sample_creators_without_a_stored_niche_take_the_labelled_cohort(tmp_path: Any) -> None:
    """On the bundled sample (no niche stored but lena.lifts' "Beauty", given here): every
    other creator's cohort niche is the first niche label_niches gives them — the generator's
    own — and their cohort is the creators of their platform, tier and that niche."""
    from nichescout.niches import label_niches

    store = _sample_copy(tmp_path, {"lena.lifts": "Beauty"})
    overrides = {"creator_cohort_min": 3}
    frame = engagement(store, settings=overrides).set_index("handle")
    truth = _sample_truth()
    truth.loc["lena.lifts", "niche"] = "beauty"  # stored, folded
    labels = label_niches(store)
    first = labels[labels["rank"] == 1].set_index("handle")["niche"]
    others = frame.index.drop("lena.lifts")
    assert (frame.loc[others, "niche_source"] == "labelled").all()
    assert (frame.loc[others, "niche"] == first.loc[others]).all()
    assert (frame.loc[others, "niche"] == truth.loc[others, "niche"]).all()
    lena = frame.loc["lena.lifts"]
    assert (lena["niche"], lena["niche_source"]) == ("Beauty", "stored")
    assert first.loc["lena.lifts"] == "fitness"  # what her posts say loses to what she says
    # the cohorts, from the CSV files in plain pandas
    for handle in frame.index:
        row, me = frame.loc[handle], truth.loc[handle]
        mates = truth[(truth["platform"] == me["platform"]) & (truth["tier"] == me["tier"])]
        niche_mates = mates[mates["niche"] == me["niche"]]
        if row["platform"] != "instagram:sample":
            continue  # 8 creators on TikTok: fewer than 3 per niche and tier, no matter
        if len(niche_mates) >= 3:
            source = "stored" if handle == "lena.lifts" else "labelled"
            assert row["cohort"] == (
                f"instagram:sample, {me['tier']}, {row['niche']} ({source})"
            ), handle
            assert row["cohort_size"] == len(niche_mates), handle
            rates = frame.loc[niche_mates.index, "engagement_median"]
            assert row["percentile"] == pytest.approx((rates <= row["engagement_median"]).mean())
        else:
            assert f"(labelled {me['niche']} cohort under 3)" in row["cohort"], handle
    ana = frame.loc["pele.de.ana"]
    assert ana["cohort"] == "instagram:sample, micro, beauty (labelled)"
    assert ana["cohort_size"] == 4  # with lena.lifts, whose stored niche is beauty
    assert frame.loc["kai.moves", "cohort"] == (
        "instagram:sample, micro (labelled fitness cohort under 3)"  # lena left fitness
    )


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
