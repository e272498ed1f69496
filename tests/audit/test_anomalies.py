"""Engagement anomalies: each check against a plain-Python oracle on generated inputs,
hand-made real-looking cases, the bundled sample's planted creators and InstaFake's real
accounts."""

from __future__ import annotations

import csv
import io
import json
import math
import statistics
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from nichescout.audit.anomalies import (
    ANOMALY_COLUMNS,
    follower_jumps,
    generic_comments,
    likes_comments,
    read_followers_history,
    robust_z,
)
from nichescout.audit.anomalies import engagement_anomalies as anomalies
from nichescout.comments.quality import generic_reason
from nichescout.data.creators import creators_sample_path
from nichescout.exceptions import InputError
from nichescout.ingest import ingest
from nichescout.ingest.creators import import_creators
from nichescout.store import Store

# -- robust z ---------------------------------------------------------------------------------


def oracle_z(values: list[float]) -> list[float]:
    centre = statistics.median(values)
    mad = statistics.median(abs(v - centre) for v in values)
    if mad > 0:
        return [(v - centre) / (1.4826 * mad) for v in values]
    mean_ad = statistics.fmean(abs(v - centre) for v in values)
    if mean_ad > 0:
        return [(v - centre) / (1.2533 * mean_ad) for v in values]
    return [0.0] * len(values)


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=40))
@example([0.0, 1.0, 2.2250738585e-313])  # a subnormal MAD: an infinite z, no overflow error
def test_robust_z_equals_the_oracle(values: list[float]) -> None:
    assert robust_z(np.array(values)).tolist() == pytest.approx(oracle_z(values), abs=1e-6)


# -- likes / comments ----------------------------------------------------------------------------

LC = {"anomaly_recent_posts": 4, "anomaly_min_posts": 2, "anomaly_cohort_min": 3}


@st.composite
def creator_posts(draw: st.DrawFn) -> pd.DataFrame:
    """Creators on two platforms and three tiers; posts with likes and comments (some
    unknown, some with comments disabled), at distinct times."""
    rows = []
    t0 = datetime(2026, 3, 1)
    for i in range(draw(st.integers(1, 14))):
        platform = draw(st.sampled_from(["ig", "tt"]))
        tier = draw(st.sampled_from(["nano", "micro", "macro", None]))
        level = draw(st.sampled_from([5, 20, 40, 400]))
        for j in range(draw(st.integers(1, 6))):
            comments = draw(st.none() | st.integers(0, 50))
            likes = draw(st.none() | st.integers(0, 50 * level))
            rows.append(
                {
                    "platform": platform,
                    "member_id": f"c{i}",
                    "handle": f"c{i}",
                    "tier": tier,
                    "content_id": f"c{i}-{j}",
                    "created_at": t0 + timedelta(days=draw(st.integers(0, 9)), hours=j),
                    "likes": np.nan if likes is None else float(likes),
                    "comments": np.nan if comments is None else float(comments),
                    "comments_disabled": draw(st.booleans()) and draw(st.booleans()),
                }
            )
    return pd.DataFrame(rows)


def oracle_likes_comments(posts: pd.DataFrame, s: dict[str, float]) -> dict[str, tuple[str, float]]:
    """member → (status, robust z), in plain Python."""
    usable: dict[tuple[str, str], list[tuple[datetime, str, float, float]]] = {}
    tiers, members = {}, []
    for r in posts.to_dict("records"):
        key = (r["platform"], r["member_id"])
        if key not in tiers:
            members.append(key)
        tiers[key] = r["tier"] if r["tier"] is not None else "followers unknown"
        if not (math.isnan(r["likes"]) or math.isnan(r["comments"]) or r["comments_disabled"]):
            usable.setdefault(key, []).append(
                (r["created_at"], r["content_id"], r["likes"], r["comments"])
            )
    logs = {}
    for key in members:
        last = sorted(usable.get(key, []), reverse=True)[: int(s["anomaly_recent_posts"])]
        if len(last) >= s["anomaly_min_posts"]:
            likes, comments = sum(p[2] for p in last), sum(p[3] for p in last)
            logs[key] = math.log((likes + 1) / (comments + 1))
    out = {}
    for key in members:
        if key not in logs:
            out[key[1]] = ("not checked", math.nan)
            continue
        cohort = [k for k in logs if k[0] == key[0] and tiers[k] == tiers[key]]
        if len(cohort) < s["anomaly_cohort_min"]:
            cohort = [k for k in logs if k[0] == key[0]]
            if len(cohort) < s["anomaly_cohort_min"]:
                out[key[1]] = ("not checked", math.nan)
                continue
        z = dict(zip(cohort, oracle_z([logs[k] for k in cohort]), strict=True))[key]
        out[key[1]] = ("flagged" if abs(z) >= 3.5 else "ok", z)
    return out


@settings(max_examples=200, deadline=None)
@given(posts=creator_posts())
def test_likes_comments_equals_the_oracle(posts: pd.DataFrame) -> None:
    rows = likes_comments(posts, settings=LC)
    expected = oracle_likes_comments(posts, LC)
    assert {r["member_id"] for r in rows} == set(expected)
    for r in rows:
        status, z = expected[r["member_id"]]
        assert r["status"] == status, (r, z)
        if status != "not checked":
            assert r["value"] == pytest.approx(z, abs=1e-3)


def _posts(creators: dict[str, tuple[str, float, float]], n: int = 20) -> pd.DataFrame:
    """Real-looking posts: per creator (tier, likes per post, comments per post), n posts
    with ±20% wobble."""
    rng = np.random.default_rng(7)
    rows = []
    for name, (tier, likes, comments) in creators.items():
        for j in range(n):
            rows.append(
                {
                    "platform": "instagram", "member_id": name, "handle": name, "tier": tier,
                    "content_id": f"{name}/{j}", "created_at": datetime(2026, 3, 1) + timedelta(days=3 * j),
                    "likes": round(likes * rng.uniform(0.8, 1.2)),
                    "comments": round(comments * rng.uniform(0.8, 1.2)),
                    "comments_disabled": False, "views": np.nan, "shares": np.nan,
                }
            )  # fmt: skip
    return pd.DataFrame(rows)


def test_bought_likes_are_flagged_with_the_ratio_in_words() -> None:
    peers = {f"micro{i}": ("micro", 400 + 40 * i, 12 + i % 4) for i in range(9)}
    peers["bought"] = ("micro", 9_600, 20)
    rows = {r["member_id"]: r for r in likes_comments(_posts(peers))}
    assert rows["bought"]["status"] == "flagged"
    assert rows["bought"]["evidence"].startswith("likes/comments 4")  # ≈ 480
    assert "vs cohort median 44 " in rows["bought"]["evidence"]
    assert "(instagram, micro: 10 creators)" in rows["bought"]["evidence"]
    assert all(rows[f"micro{i}"]["status"] == "ok" for i in range(9))


def test_small_tiers_fall_back_to_the_platform_then_say_too_small() -> None:
    creators = {f"m{i}": ("micro", 500, 20) for i in range(7)} | {"big": ("macro", 500, 20)}
    rows = {r["member_id"]: r for r in likes_comments(_posts(creators))}
    assert "instagram, all tiers as macro has only 1: 8 creators" in rows["big"]["evidence"]
    enough = {f"m{i}": ("micro", 500, 20) for i in range(8)}  # exactly anomaly_cohort_min
    rows = {r["member_id"]: r for r in likes_comments(_posts(enough | {"big": ("macro", 500, 20)}))}
    assert "(instagram, micro: 8 creators)" in rows["m0"]["evidence"]
    few = {f"m{i}": ("micro", 500, 20) for i in range(3)}
    rows = {r["member_id"]: r for r in likes_comments(_posts(few))}
    assert rows["m0"]["status"] == "not checked"
    assert rows["m0"]["evidence"].startswith("cohort too small: 3 creators on instagram")
    short = likes_comments(_posts(few, n=4))
    assert short[0]["evidence"] == "4 posts with likes and comments counted (fewer than 5)"


# -- follower jumps ------------------------------------------------------------------------------

JUMP = {"anomaly_jump_min_points": 5, "anomaly_viral_days": 2}


@st.composite
def histories(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One creator's follower history (irregular days, steady growth with noise and some
    jumps) and posts (some viral)."""
    n = draw(st.integers(1, 30))
    day, followers = datetime(2026, 3, 1), draw(st.integers(0, 50_000))
    rows = []
    for _ in range(n):
        rows.append({"platform": "ig", "member_id": "ana", "date": day, "followers": followers})
        day += timedelta(days=draw(st.integers(1, 3)))
        step = draw(st.sampled_from([0.0, 0.002, 0.004, -0.001, 0.3, 1.0]))
        followers = max(0, round(followers * (1 + step)) + draw(st.integers(0, 5)))
    posts = []
    for j in range(draw(st.integers(1, 12))):
        viral = draw(st.booleans()) and draw(st.booleans())
        posts.append(
            {
                "platform": "ig", "member_id": "ana", "handle": "ana", "tier": "micro",
                "content_id": f"p{j}",
                "created_at": datetime(2026, 3, 1) + timedelta(hours=draw(st.integers(0, 24 * 60))),
                "likes": float(draw(st.integers(50, 150)) * (20 if viral else 1)),
                "comments": float(draw(st.integers(0, 10))),
                "shares": np.nan,
                "views": draw(st.sampled_from([np.nan, 1000.0, 30_000.0])),
                "comments_disabled": False,
            }
        )  # fmt: skip
    return pd.DataFrame(rows), pd.DataFrame(posts)


def oracle_jumps(history: pd.DataFrame, posts: pd.DataFrame) -> list[tuple[str, object]]:
    """(status, jump end date) per row, in plain Python with the default thresholds."""
    h = sorted(zip(history["date"], history["followers"], strict=True))
    if len(h) - 1 < JUMP["anomaly_jump_min_points"]:
        return [("not checked", None)]
    growth, gain = [], []
    for (d0, f0), (d1, f1) in zip(h, h[1:], strict=False):
        days = (d1 - d0).total_seconds() / 86400
        growth.append(math.log((f1 + 1) / (f0 + 1)) / days)
        gain.append((f1 - f0) / max(f0, 1))
    z = oracle_z(growth)
    engagement = [
        sum(0 if math.isnan(x) else x for x in (p["likes"], p["comments"], p["shares"]))
        for p in posts.to_dict("records")
    ]
    views = [v for v in posts["views"] if not math.isnan(v)]
    med_e = statistics.median(engagement)
    med_v = statistics.median(views) if views else math.nan
    flagged = []
    for i, (zi, gi) in enumerate(zip(z, gain, strict=True)):
        if zi >= 3.5 and gi >= 0.02:
            start = h[i][0] - timedelta(days=2)
            end = h[i + 1][0] + timedelta(days=1)
            viral = False
            for p, e in zip(posts.to_dict("records"), engagement, strict=True):
                if start <= p["created_at"] < end:
                    times = e / med_e if med_e > 0 else 0
                    if med_v > 0 and not math.isnan(p["views"]):
                        times = max(times, p["views"] / med_v)
                    viral = viral or times >= 5
            if not viral:
                flagged.append(("flagged", h[i + 1][0]))
    return flagged or [("ok", None)]


@settings(max_examples=200, deadline=None)
@given(case=histories())
def test_follower_jumps_equal_the_oracle(case: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    history, posts = case
    rows = follower_jumps(history, posts, settings=JUMP)
    expected = oracle_jumps(history, posts)
    assert [r["status"] for r in rows] == [s for s, _ in expected]
    for row, (_, end) in zip(rows, expected, strict=True):
        if end is not None:
            assert f"to {end.date()}" in row["evidence"]


def _daily(start: int, days: int, jump_day: int | None = None, jump: float = 0.25) -> pd.DataFrame:
    """A real-looking daily follower count: +0.3% a day with noise, one jump."""
    rng = np.random.default_rng(3)
    rows, followers = [], float(start)
    for d in range(days):
        rows.append({"handle": "lena", "date": f"2026-03-{1 + d:02d}" if d < 31 else
                     f"2026-04-{d - 30:02d}", "followers": round(followers)})  # fmt: skip
        followers *= 1 + rng.normal(0.003, 0.001) + (jump if d + 1 == jump_day else 0.0)
    return pd.DataFrame(rows)


LENA = {
    "profiles.csv": "handle,platform,followers\nlena,instagram:t,18400\n",
    "posts.csv": "post_id,handle,created,likes,comments\n"
    + "".join(f"l{j},lena,2026-03-{1 + 3 * j:02d}T09:00:00,{600 + 10 * j},25\n" for j in range(10)),
}


def _lena(tmp_path: Path, viral_on: str | None = None) -> Store:
    files = dict(LENA)
    if viral_on:
        files["posts.csv"] += f"viral,lena,{viral_on}T18:00:00,9000,400\n"
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    store = Store(":memory:")
    import_creators(store, tmp_path)
    return store


def test_a_bought_jump_is_flagged_and_a_viral_one_explained(tmp_path: Path) -> None:
    history = _daily(18_000, 45, jump_day=20)  # +25% from 2026-03-20 to 03-21
    (found,) = anomalies(_lena(tmp_path), followers_history=history).itertuples()
    assert found.flag == "follower_jump" and found.status == "flagged"
    assert "from 2026-03-20 to 2026-03-21 (+25% in 1 day" in found.evidence
    assert "no viral post then or 2 days before" in found.evidence
    (tmp_path / "v").mkdir()
    viral = _lena(tmp_path / "v", viral_on="2026-03-19")
    checks = anomalies(viral, followers_history=history, all_checks=True)
    jump = checks[checks["flag"] == "follower_jump"].iloc[0]
    assert jump["status"] == "ok"
    assert "explained by viral" in jump["evidence"] and "the median engagement" in jump["evidence"]


def test_without_history_it_says_so_and_short_ones_are_not_judged(tmp_path: Path) -> None:
    store = _lena(tmp_path)
    checks = anomalies(store, all_checks=True).set_index("flag")
    assert checks.at["follower_jump", "status"] == "not checked"
    assert checks.at["follower_jump", "evidence"] == "no follower history"
    short = anomalies(store, followers_history=_daily(18_000, 6), all_checks=True)
    evidence = short.set_index("flag").at["follower_jump", "evidence"]
    assert evidence == "follower history too short: 5 intervals (fewer than 14)"
    other = _daily(100, 30).assign(handle="someone.else")
    result = anomalies(store, followers_history=other, all_checks=True)
    assert result.attrs["unmatched_history"] == ["someone.else"]


def test_the_history_file_is_read_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "followers.csv"
    path.write_text(
        "handle,date,followers\n@Lena,2026-03-02,18100\nlena,2026-03-01,18000\n", "utf-8"
    )
    frame = read_followers_history(path)
    assert frame["followers"].tolist() == [18000, 18100] and set(frame["handle"]) == {"lena"}
    path.write_text("handle,date,followers\nlena,2026-13-01,18000\n", "utf-8")
    with pytest.raises(InputError, match=r"followers.csv, row 2: date is not a date"):
        read_followers_history(path)
    path.write_text("handle,date,followers\nlena,2026-03-01,-5\n", "utf-8")
    with pytest.raises(InputError, match="row 2: followers is not a whole number"):
        read_followers_history(path)
    path.write_text("handle,date,followers\nlena,2026-03-01,5\nlena,2026-03-01,6\n", "utf-8")
    with pytest.raises(InputError, match="row 2: 'lena' has two rows for 2026-03-01"):
        read_followers_history(path)
    path.write_text("handle,followers\nlena,5\n", "utf-8")
    with pytest.raises(InputError, match="has no date column"):
        read_followers_history(path)


# -- generic comment share ---------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(
    texts=st.lists(
        st.tuples(
            st.sampled_from(["a", "b"]),
            st.integers(0, 5),
            st.sampled_from(
                ["nice pic 🔥", "🔥🔥", "How long did it take?", "Tried it, works great", None, ""]
            ),
        ),
        max_size=40,
    )  # fmt: skip
)
def test_generic_share_equals_the_oracle(texts: list[tuple[str, int, str | None]]) -> None:
    s = {"anomaly_recent_posts": 3, "anomaly_min_comments": 4}
    posts = pd.DataFrame(
        [{"platform": "ig", "member_id": c, "handle": c, "tier": "micro", "content_id": f"{c}{j}",
          "created_at": datetime(2026, 3, 1 + j)} for c in "ab" for j in range(6)]
    )  # fmt: skip
    comments = pd.DataFrame(
        [{"platform": "ig", "creator": c, "post_id": f"{c}{j}", "text": t} for c, j, t in texts],
        columns=["platform", "creator", "post_id", "text"],
    )
    rows = {r["member_id"]: r for r in generic_comments(posts, comments, settings=s)}
    for creator in "ab":
        mine = [t for c, j, t in texts if c == creator and j >= 3 and t]  # last 3: days 4-6
        if len(mine) < 4:
            assert rows[creator]["status"] == "not checked"
            continue
        # the comments module judges each comment; the share is over the last 3 posts
        share = sum(generic_reason(t) is not None for t in mine) / len(mine)
        assert rows[creator]["value"] == pytest.approx(share, abs=1e-4)
        assert rows[creator]["status"] == ("flagged" if share >= 0.5 else "ok")


# -- the bundled sample and InstaFake -------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> Store:
    store = Store(":memory:")
    import_creators(store, creators_sample_path())
    return store


def test_the_sample_flags_what_its_generator_planted(sample: Store) -> None:
    labels = pd.read_csv(creators_sample_path() / "labels.csv", keep_default_na=False)
    planted = dict(zip(labels["handle"], labels["suspicious"], strict=True))
    found = anomalies(sample)
    assert list(found.columns) == list(ANOMALY_COLUMNS)
    assert (found["status"] == "flagged").all()
    by_flag = found.groupby("flag")["handle"].apply(set).to_dict()
    assert by_flag["likes_comments"] == {h for h, s in planted.items() if s == "bought_likes"}
    assert by_flag["pod"] == {h for h, s in planted.items() if s == "pod"}
    generic = {h for h, s in planted.items() if s == "generic_comments"}
    assert generic <= by_flag["generic_comments"]
    # beyond the planted one, only pod members (their pod comments are generic too)
    assert {planted[h] for h in by_flag["generic_comments"] - generic} <= {"pod"}
    assert "follower_jump" not in by_flag
    everything = anomalies(sample, all_checks=True)
    jumps = everything[everything["flag"] == "follower_jump"]
    assert len(jumps) == 40 and (jumps["evidence"] == "no follower history").all()
    one = anomalies(sample, handle="@Pele.De.Ana")
    assert one["flag"].tolist() == ["likes_comments"]


def test_a_follower_jump_in_a_sample_creators_history(sample: Store, tmp_path: Path) -> None:
    history = _daily(27_000, 60, jump_day=40, jump=0.4).assign(handle="glowwithsam")
    path = tmp_path / "followers.csv"
    history.to_csv(path, index=False)
    found = anomalies(sample, followers_history=path, handle="glowwithsam")
    assert found["flag"].tolist() == ["follower_jump"]
    assert "+40% in 1 day" in found.loc[0, "evidence"]


def test_likes_comments_rarely_flags_real_instafake_accounts(shared_data: Path) -> None:
    store = Store(":memory:")
    ingest(store, "creators", shared_data / "accounts/instafake/nonautomatedAccountData.json")
    checks = anomalies(store, all_checks=True)
    ratio = checks[checks["flag"] == "likes_comments"]
    checked = ratio[ratio["status"] != "not checked"]
    assert len(checked) > 550
    assert (checked["status"] == "flagged").mean() < 0.015


# -- the command -------------------------------------------------------------------------------


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nichescout", *args], capture_output=True, text=True, timeout=300
    )


def test_audit_anomalies_command(tmp_path: Path) -> None:
    db = tmp_path / "sample.duckdb"
    imported = _run("ingest", "creators", str(creators_sample_path()), "--db", str(db), "--quiet")
    assert imported.returncode == 0, imported.stderr
    done = _run("audit", "anomalies", "--db", str(db), "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0]) == list(ANOMALY_COLUMNS)
    assert {(r["handle"], r["flag"]) for r in rows} >= {("pele.de.ana", "likes_comments")}
    assert "Follower jumps: no follower history" in done.stderr
    history = tmp_path / "followers.csv"
    _daily(27_000, 60, jump_day=40, jump=0.4).assign(handle="glowwithsam").to_csv(
        history, index=False
    )
    one = _run("audit", "anomalies", "--db", str(db), "--handle", "glowwithsam",
               "--followers-history", str(history), "--all", "--format", "json")  # fmt: skip
    assert one.returncode == 0, one.stderr
    records = json.loads(one.stdout)
    assert [r["flag"] for r in records] == [
        "likes_comments",
        "follower_jump",
        "generic_comments",
        "pod",
    ]
    assert records[1]["status"] == "flagged"
    bad = _run("audit", "anomalies", "--db", str(db), "--handle", "nobody")
    assert bad.returncode != 0 and "No creator 'nobody'" in bad.stderr
