"""comment_table, comment_summary and comment_trend against the oracle, the toy and the sample."""

from __future__ import annotations

import csv
import math
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nichescout.comments import (
    COMMENT_COLUMNS,
    SUMMARY_COLUMNS,
    TREND_COLUMNS,
    comment_summary,
    comment_table,
    comment_trend,
    toy_comments,
)
from nichescout.data.creators import creators_sample_path
from nichescout.exceptions import NotFoundError
from nichescout.ingest import ingest
from nichescout.ingest.creators import import_creators
from nichescout.store import Store
from tests.comments import oracles
from tests.comments.oracles import Comment, Tok, World

PLATFORM = "test:comments"
START = datetime(2024, 1, 1)


@st.composite
def worlds(draw: st.DrawFn) -> World:
    creators = [f"cre{i}" for i in range(draw(st.integers(1, 3)))]
    fans = [f"fan{i}" for i in range(draw(st.integers(1, 6)))]
    posts: dict[str, tuple[str, datetime]] = {}
    for i in range(draw(st.integers(1, 5))):
        creator = draw(st.sampled_from(creators))
        posts[f"p{i}"] = (creator, START + timedelta(days=draw(st.integers(0, 90))))
    world = World(creators, posts)
    for i in range(draw(st.integers(0, 25))):
        post = draw(st.sampled_from(sorted(posts)))
        creator, posted = posts[post]
        created = posted + timedelta(hours=draw(st.integers(1, 24 * 60)))
        earlier = [c for c in world.comments if c.post == post]
        author = draw(st.sampled_from([*fans, *creators, creator]))
        toks = draw(oracles.tokens())
        reply_to = None
        if earlier and draw(st.booleans()):
            reply_to = draw(st.sampled_from(earlier)).cid
        elif author == creator and earlier and draw(st.booleans()):
            # a flat reply: @-name a commenter of this post
            named = draw(st.sampled_from(earlier)).author
            toks = (Tok("mention", "@" + named), *toks)
        world.comments.append(Comment(f"k{i}", post, author, toks, created, reply_to))
    return world


def build(world: World) -> Store:
    store = Store(":memory:")
    folder = Path(tempfile.mkdtemp(prefix="nichescout-test-comments-"))
    with open(folder / "profiles.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["handle", "platform", "followers"])
        for c in world.creators:
            w.writerow([c, PLATFORM, 1000])
    with open(folder / "posts.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["post_id", "handle", "created", "caption"])
        for post, (creator, created) in world.posts.items():
            w.writerow([post, creator, created.isoformat(), "a post"])
    with open(folder / "comments.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["comment_id", "post_id", "author", "text", "created", "reply_to"])
        for c in world.comments:
            w.writerow([c.cid, c.post, c.author, c.text, c.created.isoformat(), c.reply_to or ""])
    import_creators(store, folder)
    return store


def _same(got: object, want: object) -> bool:
    if want is None:
        return got is None or (isinstance(got, float) and math.isnan(got))
    if isinstance(want, float):
        return math.isclose(float(got), want, abs_tol=1e-9)  # type: ignore[arg-type]
    return got == want


def _compare(frame: pd.DataFrame, want: dict[tuple[str, ...], dict[str, object]], keys: list[str]):
    rows = {tuple(r[k] for k in keys): r for r in frame.to_dict("records")}
    for key, figures in want.items():
        assert key in rows, key
        for name, value in figures.items():
            assert _same(rows[key][name], value), (key, name, rows[key][name], value)
    for key, row in rows.items():
        if key not in want:  # a creator nobody commented on in the window
            assert row["comments"] == 0 and row["creator_comments"] == 0


COPY = {"comment_copy_min_accounts": 2, "comment_copy_min_creators": 2}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds(), st.integers(0, 120), st.integers(0, 120))
def test_summary_and_trend_match_oracle(world: World, a: int, b: int) -> None:
    store = build(world)
    since, until = sorted([START + timedelta(days=a), START + timedelta(days=b)])
    if since == until:
        since, until = None, None  # type: ignore[assignment]
    summary = comment_summary(store, since=since, until=until, settings=COPY)
    want = oracles.figures(world, since, until, copy_accounts=2, copy_creators=2)
    assert list(summary.columns) == SUMMARY_COLUMNS
    assert sorted(summary["creator"]) == sorted({c for c, _ in world.posts.values()})
    _compare(summary, want, ["creator"])
    trend = comment_trend(store, since=since, until=until, settings=COPY)
    assert list(trend.columns) == TREND_COLUMNS
    by_month = oracles.figures(world, since, until, 2, 2, by_month=True)
    _compare(trend, by_month, ["creator", "month"])
    assert len(trend) == len(by_month)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_one_creator_is_its_row_of_everyone(world: World) -> None:
    """Asking for one creator gives their row of the whole summary (copies are counted
    over the platform either way)."""
    store = build(world)
    everyone = comment_summary(store, settings=COPY).set_index("creator")
    for creator in everyone.index:
        one = comment_summary(store, PLATFORM, creator.upper(), settings=COPY)
        assert len(one) == 1
        pd.testing.assert_series_equal(
            one.set_index("creator").loc[creator], everyone.loc[creator], check_names=False
        )


# -- the toy, by hand ------------------------------------------------------------------------


def test_toy_by_hand() -> None:
    summary = comment_summary(toy_comments()).set_index("handle")
    maya = summary.loc["maya.bakes"]
    # six audience comments by ana, ben, cy, dan; dan's German one is not scored
    assert (maya["comments"], maya["commenters"], maya["scored"]) == (6, 4, 5)
    assert maya["not_scored"] == "de 1"
    # ben's 'nice pic 🔥' and cy's '😍😍' are generic; ana and ben ask; Maya answers both
    assert maya["generic_share"] == pytest.approx(2 / 6)
    assert maya["question_share"] == pytest.approx(2 / 6)
    assert maya["reply_rate"] == pytest.approx(2 / 6)
    assert maya["creator_comments"] == 2
    # scored: 2 positive (nice pic 🔥, 😍😍), 2 neutral (the questions), 1 negative
    assert (maya["positive_share"], maya["neutral_share"], maya["negative_share"]) == (
        pytest.approx(0.4), pytest.approx(0.4), pytest.approx(0.2),
    )  # fmt: skip
    jo = summary.loc["jo.climbs"]
    assert (jo["comments"], jo["generic_share"], jo["reply_rate"], jo["positive_share"]) == (
        2, 0.5, 0.0, 1.0,
    )  # fmt: skip
    table = comment_table(toy_comments(), handle="@Maya.Bakes")
    assert list(table.columns) == COMMENT_COLUMNS
    answered = table[table["answered"]]["author"].tolist()
    assert answered == ["ana", "ben"]
    assert table.attrs["provenance"]["method"] == "vader"
    assert table.attrs["provenance"]["library"].startswith("vaderSentiment 3.")


def test_toy_window_and_months() -> None:
    april = comment_summary(toy_comments(), since=datetime(2024, 4, 1)).set_index("handle")
    assert april.loc["maya.bakes", "comments"] == 3
    assert april.loc["jo.climbs", "comments"] == 0
    assert math.isnan(april.loc["jo.climbs", "generic_share"])
    trend = comment_trend(toy_comments())
    assert trend[["handle", "month", "comments"]].values.tolist() == [
        ["jo.climbs", "2024-03", 2],
        ["maya.bakes", "2024-03", 3],
        ["maya.bakes", "2024-04", 3],
    ]


def test_unknown_creator_and_platform() -> None:
    with pytest.raises(NotFoundError, match="No creator 'nobody' with posts in the store"):
        comment_summary(toy_comments(), handle="nobody")
    with pytest.raises(NotFoundError, match="No platform 'toy:nope'"):
        comment_summary(toy_comments(), "toy:nope")


def test_empty_store() -> None:
    with Store(":memory:") as store:
        assert comment_summary(store).empty
        assert comment_trend(store).empty
        assert list(comment_table(store).columns) == COMMENT_COLUMNS


# -- the bundled sample ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> Store:
    store = Store(":memory:")
    ingest(store, "creators", creators_sample_path())
    return store


def test_sample_generic_creators_stand_out(sample: Store) -> None:
    """The creator made to receive generic comments has the highest share of them, and the
    engagement pods' creators come next, by the rules that look at one comment."""
    labels = pd.read_csv(creators_sample_path() / "labels.csv")
    summary = comment_summary(sample, settings={"comment_copy_min_accounts": None})
    summary = summary.merge(labels[["handle", "suspicious"]], on="handle")
    ranked = summary.sort_values("generic_share", ascending=False)["suspicious"].tolist()
    assert ranked[0] == "generic_comments"
    assert ranked[1:4] == ["pod", "pod", "pod"]


def test_sample_non_english_comments_are_not_scored(sample: Store) -> None:
    labels = pd.read_csv(creators_sample_path() / "labels.csv")
    table = comment_table(sample).merge(
        labels[["handle", "language"]].rename(columns={"language": "creator_language"}),
        on="handle",
    )
    audience = table[~table["by_creator"] & ~table["generic"]]
    foreign = audience[audience["creator_language"] != "en"]
    english = audience[audience["creator_language"] == "en"]
    assert not foreign["sentiment"].notna().any()
    assert english["sentiment"].notna().all()
    assert foreign["note"].str.endswith(": install nichescout[multilingual])").all()


def test_boundaries_by_hand() -> None:
    """A flat reply written in the same second answers; the window includes since and
    excludes until, to the second."""
    t = datetime(2024, 5, 1, 12, 0, 0)
    world = World(["cre0"], {"p0": ("cre0", t - timedelta(days=1))})
    world.comments = [
        Comment("k1", "p0", "fan1", (Tok("word", "where"), Tok("question", "?")), t),
        Comment("k2", "p0", "cre0", (Tok("mention", "@fan1"), Tok("word", "thanks")), t),
        Comment("k3", "p0", "fan2", (Tok("word", "nice"),), t + timedelta(hours=1)),
    ]
    store = build(world)
    table = comment_table(store)
    assert table.set_index("author").loc["fan1", "answered"]
    assert not table.set_index("author").loc["fan2", "answered"]
    inside = comment_summary(store, since=t, until=t + timedelta(hours=1))
    assert inside.loc[0, "comments"] == 1  # k1 at since counts, k3 at until does not
    assert inside.loc[0, "creator_comments"] == 1
