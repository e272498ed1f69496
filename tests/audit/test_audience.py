"""The fake share of a creator's audience: against a plain oracle (audience sets worked out
from the import files, scores from the accounts form), the Wilson interval against published
values and a quadratic solver, the labelled sets' features, and labelled audiences."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nichescout.audit import audit_accounts
from nichescout.audit.audience import (
    AUDIENCE_COLUMNS,
    MEMBER_COLUMNS,
    _members_sql,
    audience_members,
    audience_report,
    member_features,
    wilson_interval,
)
from nichescout.audit.datasets import load_set
from nichescout.audit.evaluate_audience import audience_accuracy, labelled_audiences
from nichescout.exceptions import NotFoundError, ParameterError
from nichescout.ingest import ingest
from nichescout.ingest.creators import import_creators
from nichescout.store import Store


def oracle_wilson(k: float, n: int, confidence: float) -> tuple[float, float]:
    """The two roots p of (p̂ − p)² = z² p (1 − p) / n, by numpy's polynomial solver."""
    from statistics import NormalDist

    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    share = k / n
    # (1 + z²/n) p² − (2p̂ + z²/n) p + p̂² = 0
    roots = np.roots([1 + z * z / n, -(2 * share + z * z / n), share * share])
    low, high = sorted(float(np.real(r)) for r in roots)
    return max(low, 0.0), min(high, 1.0)


@pytest.mark.parametrize(
    ("k", "n", "expected"),
    [  # Newcombe (1998), Statistics in Medicine 17:857, Table II, method 3 (score interval)
        (81, 263, (0.2553, 0.3662)),
        (15, 148, (0.0624, 0.1605)),
        (0, 20, (0.0, 0.1611)),
        (1, 29, (0.0061, 0.1718)),
    ],
)
def test_wilson_interval_equals_newcombes_published_values(
    k: int, n: int, expected: tuple[float, float]
) -> None:
    low, high = wilson_interval(k / n, n, 0.95)
    assert (round(low, 4), round(high, 4)) == expected


@given(
    n=st.integers(1, 100_000),
    fraction=st.floats(0, 1),
    confidence=st.sampled_from([0.8, 0.9, 0.95, 0.99]),
)
def test_wilson_interval_equals_the_quadratic_roots(
    n: int, fraction: float, confidence: float
) -> None:
    k = fraction * n  # the mean of probabilities need not be a whole count
    low, high = wilson_interval(k / n, n, confidence)
    expected = oracle_wilson(k, n, confidence)
    assert low == pytest.approx(expected[0], abs=1e-7)
    assert high == pytest.approx(expected[1], abs=1e-7)
    assert 0 <= low <= k / n + 1e-12 and k / n - 1e-12 <= high <= 1


# -- a generated store, worked out by hand ------------------------------------------------


@st.composite
def communities(draw: st.DrawFn) -> dict[str, object]:
    """2-3 creators with posts; 1-8 commenters, some with profile counts (some fake-looking),
    some without; comments by commenters and creators (a creator's replies on their own
    posts are not their audience)."""
    n_creators = draw(st.integers(2, 3))
    creators = [f"maker{i}" for i in range(n_creators)]
    n_fans = draw(st.integers(1, 8))
    fans = [f"fan{i}x{draw(st.integers(0, 99999))}" for i in range(n_fans)]
    optional = draw(st.booleans())  # bio, full name and link for everyone, or for no one
    profiles = {}
    for name in creators + fans:
        counted = name in creators or draw(st.booleans())
        profile: dict[str, object] = {"handle": name}
        if counted:
            fake = draw(st.booleans())
            profile.update(
                followers=draw(st.integers(0, 50) if fake else st.integers(50, 20_000)),
                following=draw(st.integers(500, 7_500) if fake else st.integers(0, 1_500)),
                posts=draw(st.integers(0, 2) if fake else st.integers(5, 900)),
                profile_picture=draw(st.booleans()),
                private=draw(st.booleans()),
            )
            if optional:
                profile.update(
                    bio=draw(st.sampled_from(["ceramics", "runner, Lisbon", "x"])),
                    full_name=draw(st.sampled_from(["Ana", "Bo Li", "C D E"])),
                    external_url="https://example.org",
                )
        profiles[name] = profile
    posts = [(f"{c}-p{j}", c) for c in creators for j in range(draw(st.integers(1, 2)))]
    comments = draw(
        st.lists(
            st.tuples(st.sampled_from(posts), st.sampled_from(creators + fans)),
            min_size=1,
            max_size=25,
        )
    )
    return {"profiles": profiles, "posts": posts, "comments": comments}


def _write(folder: Path, data: dict[str, object]) -> None:
    profiles = pd.DataFrame(list(data["profiles"].values()))  # type: ignore[attr-defined]
    profiles["platform"] = "test:audience"
    profiles.to_csv(folder / "profiles.csv", index=False)
    posts = pd.DataFrame(data["posts"], columns=["post_id", "handle"])
    posts["created"] = "2026-03-01T10:00:00"
    posts.to_csv(folder / "posts.csv", index=False)
    rows = [
        (post_id, author, f"comment {i}", f"2026-03-02T{i % 24:02d}:00:00")
        for i, ((post_id, _), author) in enumerate(data["comments"])  # type: ignore[arg-type]
    ]
    pd.DataFrame(rows, columns=["post_id", "author", "text", "created"]).to_csv(
        folder / "comments.csv", index=False
    )


def oracle_report(data: dict[str, object]) -> dict[str, tuple[int, int, float, int]]:
    """creator → (audience size, scored, mean fake_probability, likely fake), by hand."""
    profiles: dict[str, dict[str, object]] = data["profiles"]  # type: ignore[assignment]
    audiences: dict[str, set[str]] = {}
    for (_, creator), author in data["comments"]:  # type: ignore[attr-defined]
        if author != creator:
            audiences.setdefault(creator, set()).add(author)
    out = {}
    for creator in {c for _, c in data["posts"]}:  # type: ignore[attr-defined]
        members = sorted(audiences.get(creator, set()))
        counted = [profiles[m] for m in members if "followers" in profiles[m]]
        if not counted:
            out[creator] = (len(members), 0, math.nan, 0)
            continue
        form = pd.DataFrame(counted).rename(
            columns={"profile_picture": "has_profile_picture", "private": "is_private"}
        )
        proba = audit_accounts(form)["fake_probability"]
        out[creator] = (len(members), len(counted), float(proba.mean()), int((proba >= 0.5).sum()))
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=communities())
def test_audience_report_equals_the_oracle(data: dict[str, object], tmp_path_factory) -> None:
    folder = tmp_path_factory.mktemp("audience")
    _write(folder, data)
    store = Store(":memory:")
    import_creators(store, folder)
    report = audience_report(store, settings={"audience_min_scored": 1})
    expected = oracle_report(data)
    assert list(report.columns) == list(AUDIENCE_COLUMNS)
    assert set(report["handle"]) == set(expected)
    for row in report.itertuples():
        size, scored, share, likely = expected[row.handle]
        assert (row.audience_size, row.scored, row.likely_fake) == (size, scored, likely)
        if scored:
            assert row.fake_share == pytest.approx(share, abs=1e-4)
            low, high = oracle_wilson(row.fake_share * scored, scored, 0.95)
            assert (row.ci_low, row.ci_high) == (
                pytest.approx(low, abs=1e-4),
                pytest.approx(high, abs=1e-4),
            )
        else:
            assert math.isnan(row.fake_share) and math.isnan(row.ci_low)
    members = audience_members(store)
    assert list(members.columns) == list(MEMBER_COLUMNS)
    assert len(members) == sum(size for size, *_ in expected.values())


# -- hand-made cases ------------------------------------------------------------------------

PROFILES = """handle,platform,followers,following,posts,profile_picture,private
star,test:hand,52000,410,640,true,false
ana.reads,test:hand,840,390,212,true,false
user83920417,test:hand,3,2900,0,false,false
bo.bakes,test:hand,120,300,40,true,true
"""
POSTS = """post_id,handle,created,likes,comments
s1,star,2026-03-01T10:00:00,900,30
s2,star,2026-03-08T10:00:00,1100,41
"""
COMMENTS = """post_id,author,text,created
s1,ana.reads,How long did this take?,2026-03-01T11:00:00
s1,user83920417,nice pic 🔥,2026-03-01T11:05:00
s2,user83920417,🔥🔥🔥,2026-03-08T11:05:00
s2,bo.bakes,Trying it this weekend,2026-03-08T12:00:00
s2,newface,love it,2026-03-08T12:30:00
s2,star,@ana.reads about a week!,2026-03-08T13:00:00
"""


@pytest.fixture()
def hand(tmp_path: Path) -> Store:
    for name, text in (("profiles", PROFILES), ("posts", POSTS), ("comments", COMMENTS)):
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    store = Store(":memory:")
    import_creators(store, tmp_path)
    return store


def test_a_creators_commenters_are_scored_and_the_creator_left_out(hand: Store) -> None:
    members = audience_members(hand, handle="@Star")
    assert members["member_id"].tolist() == ["ana.reads", "bo.bakes", "newface", "user83920417"]
    assert members["comments"].tolist() == [1, 1, 1, 2]
    assert members["fake_probability"].isna().tolist() == [False, False, True, False]
    assert members["likely_fake"].tolist() == [False, False, None, True]
    report = audience_report(hand, handle="star", settings={"audience_min_scored": 3})
    row = report.iloc[0]
    assert (row.audience_size, row.scored, row.likely_fake) == (4, 3, 1)
    assert row.note.startswith("3 of 4 commenters scored (1 without profile counts); expected")
    fewer = audience_report(hand, handle="star")  # default minimum: 10
    assert math.isnan(fewer.loc[0, "fake_share"])
    assert fewer.loc[0, "note"].endswith("fewer than 10, no share given")


def test_followers_come_from_follow_interactions(hand: Store, tmp_path: Path) -> None:
    (tmp_path / "f").mkdir()
    (tmp_path / "f" / "interactions.csv").write_text(
        "platform,actor_id,kind,target_id\n"
        "test:hand,bo.bakes,follow,star\n"
        "test:hand,user83920417,follow,star\n"
        "test:hand,star,follow,bo.bakes\n",
        encoding="utf-8",
    )
    ingest(hand, "canonical", tmp_path / "f")
    followers = audience_members(hand, handle="star", audience="followers")
    assert followers["member_id"].tolist() == ["bo.bakes", "user83920417"]
    assert followers["follows"].all() and (followers["comments"] == 0).all()
    both = audience_members(hand, handle="star", audience="all")
    assert len(both) == 4 and both.set_index("member_id").at["bo.bakes", "follows"]
    # bo.bakes has no posts: a creator only through posts, so star is not in their audience
    assert set(audience_report(hand, audience="followers")["handle"]) == {"star"}


def test_unknown_creator_or_audience_are_errors(hand: Store) -> None:
    with pytest.raises(NotFoundError, match="No creator 'nobody' with posts"):
        audience_report(hand, handle="nobody")
    with pytest.raises(ParameterError, match="'audience' parameter of audience_report"):
        audience_report(hand, audience="fans")
    with pytest.raises(ParameterError, match="'audience_confidence'"):
        audience_report(hand, settings={"audience_confidence": 1.5})


def test_a_creator_without_commenters_says_so(hand: Store, tmp_path: Path) -> None:
    (tmp_path / "g").mkdir()
    # bo.bakes's profile again, in the same import as the post: `ingest creators` of a post
    # whose creator only the store knows fails under DuckDB 2 (an unfinished fetchone)
    (tmp_path / "g" / "profiles.csv").write_text(
        "\n".join(PROFILES.splitlines()[::4]) + "\n", encoding="utf-8"
    )
    (tmp_path / "g" / "posts.csv").write_text(
        "post_id,handle,platform,created\nb1,bo.bakes,test:hand,2026-03-05T10:00:00\n",
        encoding="utf-8",
    )
    import_creators(hand, tmp_path / "g")
    report = audience_report(hand).set_index("handle")
    assert report.at["bo.bakes", "note"] == "no commenters stored"
    assert report.at["bo.bakes", "audience_size"] == 0
    import_creators(hand, tmp_path)  # the store is free for more work after a report


# -- the labelled sets ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def labelled(shared_data: Path) -> Store:
    store = Store(":memory:")
    ingest(store, "creators", shared_data / "accounts")
    return store


@pytest.mark.parametrize(
    ("name", "platform", "order"),
    [
        ("instafake", "instagram:instafake", "regexp_matches(m.member_id, '-(fake|real)-')"),
        ("kaggle", "instagram:kaggle", "TRUE"),
    ],
)
def test_stored_accounts_get_the_features_the_model_learnt_from(
    labelled: Store, shared_data: Path, name: str, platform: str, order: str
) -> None:
    """Imported by `ingest creators`, a labelled set's accounts read from the store give the
    very feature table the model was trained on (nichescout.audit.datasets)."""
    labelled.con.execute(
        f"CREATE OR REPLACE TEMP TABLE k AS SELECT member_key FROM members m "
        f"WHERE platform = '{platform}' AND {order}"
    )
    stored = labelled.con.execute(_members_sql("k")).df()
    # the sets' files in order: fake then real (InstaFake), train then test (Kaggle)
    rank = stored["member_id"].str.replace("-train-", "-0-").str.replace("-test-", "-1-")
    stored = stored.iloc[np.argsort(rank.to_numpy(), kind="stable")].reset_index(drop=True)
    features = member_features(stored)
    expected = load_set(name, shared_data).drop(columns="fake")
    pd.testing.assert_frame_equal(features, expected, check_dtype=False, atol=1e-12)


def test_fake_share_of_labelled_instafake_audiences(shared_data: Path) -> None:
    """Audiences of 200 InstaFake commenters at known fake shares: the shipped model's
    estimate is within 3 points (in-sample: it learnt from InstaFake) and its interval
    holds the truth for every share above 0."""
    store, truth = labelled_audiences(shared_data, size=200, repeats=3, seed=1)
    accuracy = audience_accuracy(store, truth, {"shipped": None})
    for row in accuracy.itertuples():
        assert row.scored == (700 if "non-automated" in row.audience else 200)
        assert row.abs_error < 0.03, row
        if row.true_share > 0:
            assert row.coverage == 1.0, row


def test_audit_audience_command(tmp_path: Path) -> None:
    for name, text in (("profiles", PROFILES), ("posts", POSTS), ("comments", COMMENTS)):
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    db = tmp_path / "hand.duckdb"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "nichescout", *args], capture_output=True, text=True, timeout=300
        )

    assert run("ingest", "creators", str(tmp_path), "--db", str(db), "--quiet").returncode == 0
    done = run("audit", "audience", "--db", str(db), "--handle", "star", "--format", "json")
    assert done.returncode == 0, done.stderr
    (row,) = json.loads(done.stdout)
    assert list(row) == list(AUDIENCE_COLUMNS)
    assert (row["audience_size"], row["scored"]) == (4, 3)
    members = run("audit", "audience", "--db", str(db), "--members", "--format", "csv")
    assert members.stdout.splitlines()[0] == ",".join(MEMBER_COLUMNS)
    bad = run("audit", "audience", "--db", str(db), "--audience", "fans")
    assert bad.returncode != 0 and "'audience' parameter" in bad.stderr


def test_the_public_surface() -> None:
    from nichescout import audit

    for name in ("audience_report", "audience_members", "engagement_anomalies", "find_pods"):
        assert name in audit.__all__ and callable(getattr(audit, name))


def test_docs_figures_equal_the_command(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/creators.md's audience figures are what the committed command makes."""
    from nichescout.audit.evaluate_audience import BEGIN, END, main

    root = Path(__file__).resolve().parents[2]
    page = root / "docs" / "creators.md"
    monkeypatch.chdir(root)  # the page names the data folder as ../shared/data
    copy = tmp_path / "creators.md"
    copy.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["--data-dir", "../shared/data", "--doc", str(copy)]) == 0
    block = copy.read_text(encoding="utf-8").split(BEGIN, 1)[1].split(END, 1)[0]
    assert block in page.read_text(encoding="utf-8")
    assert "--data-dir ../shared/data`" in block
