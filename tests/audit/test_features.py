"""Features against hand computation (an obvious, slow oracle kept in the test)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from nichescout.audit.datasets import load_set
from nichescout.audit.features import FEATURES, account_features


def oracle(a: dict) -> dict[str, float]:
    """The docstring's formulas, written out one account at a time."""
    handle = a["handle"]
    return {
        "log_followers": math.log10(1 + a["followers"]),
        "log_following": math.log10(1 + a["following"]),
        "log_posts": math.log10(1 + a["posts"]),
        "follow_ratio": math.log10((1 + a["following"]) / (1 + a["followers"])),
        "posts_per_follower": math.log10((1 + a["posts"]) / (1 + a["followers"])),
        "has_profile_picture": float(a["has_profile_picture"]),
        "is_private": float(a["is_private"]),
        "bio_length": float(len(a["bio"].strip())),
        "has_external_url": 1.0 if a["external_url"].strip() else 0.0,
        "full_name_words": float(len(a["full_name"].split())),
        "handle_length": float(len(handle)),
        "handle_digit_share": sum(c.isdigit() for c in handle) / len(handle),
    }


ACCOUNTS = [
    dict(handle="ana", followers=0, following=0, posts=0, has_profile_picture=False,
         is_private=False, bio="", external_url="", full_name=""),
    dict(handle="bot_2931", followers=4, following=7499, posts=1, has_profile_picture=False,
         is_private=True, bio="  ", external_url=" ", full_name="Win Prizes Now"),
    dict(handle="maria.ceramics", followers=15338538, following=12, posts=7389,
         has_profile_picture=True, is_private=False, bio="Ceramics 🏺 Lisbon",
         external_url="https://example.org", full_name="Maria  Silva"),
]  # fmt: skip


def test_features_match_hand_computation() -> None:
    got = account_features(pd.DataFrame(ACCOUNTS))
    assert list(got.columns) == list(FEATURES)
    for i, account in enumerate(ACCOUNTS):
        for name, expected in oracle(account).items():
            assert got.loc[i, name] == pytest.approx(expected, abs=1e-12), (i, name)


def test_hand_values_of_one_account() -> None:
    """Numbers worked out on paper: 99 followers, 9,999 following, 9 posts."""
    row = account_features(
        pd.DataFrame([dict(ACCOUNTS[1], followers=99, following=9999, posts=9)])
    ).iloc[0]
    assert (row.log_followers, row.log_following, row.log_posts) == (2.0, 4.0, 1.0)
    assert row.follow_ratio == pytest.approx(2.0) and row.posts_per_follower == pytest.approx(-1)
    assert row.handle_digit_share == 0.5 and row.handle_length == 8
    assert row.full_name_words == 3 and row.bio_length == 0 and row.has_external_url == 0


def test_optional_columns_absent_are_unknown_not_zero() -> None:
    frame = pd.DataFrame(ACCOUNTS).drop(columns=["bio", "external_url", "full_name"])
    got = account_features(frame)
    assert got[["bio_length", "has_external_url", "full_name_words"]].isna().all().all()
    assert (
        got.drop(columns=["bio_length", "has_external_url", "full_name_words"]).notna().all().all()
    )


def test_instafake_maps_onto_the_features(shared_data: Path) -> None:
    folder = shared_data / "accounts" / "instafake"
    first = json.loads((folder / "fakeAccountData.json").read_text())[0]
    row = load_set("instafake", shared_data).iloc[0]
    assert row.log_followers == pytest.approx(math.log10(1 + first["userFollowerCount"]))
    assert row.follow_ratio == pytest.approx(
        math.log10((1 + first["userFollowingCount"]) / (1 + first["userFollowerCount"]))
    )
    assert row.bio_length == first["userBiographyLength"]
    assert row.handle_digit_share == pytest.approx(
        first["usernameDigitCount"] / first["usernameLength"]
    )
    assert math.isnan(row.has_external_url) and row.fake == first["isFake"] == 1


def test_sets_have_their_documented_sizes(shared_data: Path) -> None:
    sizes = {
        name: (len(f), int(f["fake"].sum()))
        for name in ("instafake", "kaggle", "cresci2015")
        for f in [load_set(name, shared_data)]
    }
    assert sizes == {
        "instafake": (1194, 200),
        "kaggle": (696, 348),
        "cresci2015": (2818, 1337),
    }
