"""Flags on hand-made accounts, and their thresholds are the named settings."""

from __future__ import annotations

import pytest

from nichescout.audit.flags import account_flags
from nichescout.settings import SETTINGS

REAL = dict(handle="ana.lisboa", followers=900, following=310, posts=88, has_profile_picture=True)


def flags(**changes: object) -> list[str]:
    return account_flags({**REAL, **changes})


def test_a_plain_real_account_raises_nothing() -> None:
    assert flags() == []


def test_follow_ratio_in_words() -> None:
    assert flags(followers=10, following=400) == ["follows 40× more accounts than follow it"]
    assert flags(followers=0, following=120) == ["follows 120 accounts, followed by none"]
    ratio = SETTINGS["audit_follow_ratio"].default
    assert flags(followers=100, following=int(ratio * 100)) != []
    assert flags(followers=100, following=int(ratio * 100) - 1) == []
    assert flags(followers=0, following=0) == []


def test_posts() -> None:
    assert flags(posts=0) == ["no posts"]
    assert flags(posts=1) == ["only 1 post"]
    assert flags(posts=2) == ["only 2 posts"]
    assert flags(posts=SETTINGS["audit_few_posts"].default) == []


def test_picture_mass_following_handle_bio() -> None:
    assert flags(has_profile_picture=False) == ["no profile picture"]
    assert flags(following=7500, followers=1000) == ["follows 7,500 accounts"]
    assert flags(handle="sam1234") == ["handle is 57% digits"]
    assert flags(handle="sam12") == ["handle is 40% digits"]
    assert flags(handle="sams1") == []  # 20% digits, under audit_handle_digit_share
    assert flags(handle="sam") == []
    assert flags(bio="") == ["no bio"] and flags(bio=None) == ["no bio"]
    assert flags(bio="potter") == []


@pytest.mark.parametrize(
    "setting,value,changes,expected",
    [
        ("audit_follow_ratio", 2.0, {"following": 1800}, "follows 2× more accounts than follow it"),
        ("audit_few_posts", 100, {}, "only 88 posts"),
        ("audit_mass_following", 300, {}, "follows 310 accounts"),
        ("audit_handle_digit_share", 0.0, {}, "handle is 0% digits"),
    ],
)
def test_overrides_move_the_thresholds(
    setting: str, value: float, changes: dict[str, object], expected: str
) -> None:
    assert expected not in flags(**changes)
    assert expected in account_flags({**REAL, **changes}, {setting: value})
