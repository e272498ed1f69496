"""The labelled account sets of ``../shared/data/accounts``, mapped onto the model's features.

Each set maps its own columns onto the accounts form (:mod:`nichescout.audit.form`); what
a set does not have stays unknown (NaN):

============  ===========================================  ==================================
set           columns → form                               unknown
============  ===========================================  ==================================
instafake     userFollowerCount, userFollowingCount,       external_url, full_name
              userMediaCount, userHasProfilPic,
              userIsPrivate, userBiographyLength → bio
              length; usernameLength and
              usernameDigitCount → handle length, digits
kaggle        #followers, #follows, #posts, profile pic,   handle length
              private, description length, external URL,
              fullname words, nums/length username
cresci2015    the Twitter user objects: followers_count,   nothing (protected is empty
              friends_count, statuses_count,               throughout the copy: read as
              default_profile_image (→ no picture),        false, as Twitter exports false)
              protected, screen_name, name, description,
              url
============  ===========================================  ==================================

>>> sorted(ACCOUNT_SETS)
['cresci2015', 'instafake', 'kaggle']
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nichescout.audit.features import FEATURES, account_features, features_from_parts
from nichescout.exceptions import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ACCOUNT_SETS", "AccountSet", "load_all", "load_set"]


@dataclass(frozen=True)
class AccountSet:
    """One labelled set: its name, platform, folder under the data dir, and its loader."""

    name: str
    platform: str
    folder: str
    source: str
    load: Callable[[Path], pd.DataFrame]


def _instafake(folder: Path) -> pd.DataFrame:
    import pandas as pd

    records = []
    for name in ("fakeAccountData.json", "realAccountData.json"):
        with (folder / name).open(encoding="utf-8") as handle:
            records += json.load(handle)
    raw = pd.DataFrame(records)
    length = raw["usernameLength"].astype(float)
    frame = features_from_parts(
        followers=raw["userFollowerCount"],
        following=raw["userFollowingCount"],
        posts=raw["userMediaCount"],
        has_profile_picture=raw["userHasProfilPic"],
        is_private=raw["userIsPrivate"],
        bio_length=raw["userBiographyLength"],
        handle_length=length,
        handle_digit_share=(raw["usernameDigitCount"] / length.where(length > 0)).fillna(0.0),
    )
    frame["fake"] = raw["isFake"].astype(int)
    return frame


def _kaggle(folder: Path) -> pd.DataFrame:
    import pandas as pd

    raw = pd.concat(
        [pd.read_csv(folder / "insta_train.csv"), pd.read_csv(folder / "insta_test.csv")],
        ignore_index=True,
    )
    frame = features_from_parts(
        followers=raw["#followers"],
        following=raw["#follows"],
        posts=raw["#posts"],
        has_profile_picture=raw["profile pic"],
        is_private=raw["private"],
        bio_length=raw["description length"],
        has_external_url=raw["external URL"],
        full_name_words=raw["fullname words"],
        handle_digit_share=raw["nums/length username"],
    )
    frame["fake"] = raw["fake"].astype(int)
    return frame


def _cresci(folder: Path) -> pd.DataFrame:
    import pandas as pd

    raw = pd.concat(
        [pd.read_csv(folder / "users.csv"), pd.read_csv(folder / "fusers.csv")],
        ignore_index=True,
    )
    form = pd.DataFrame(
        {
            "handle": raw["screen_name"].astype(str),
            "followers": raw["followers_count"],
            "following": raw["friends_count"],
            "posts": raw["statuses_count"],
            "has_profile_picture": raw["default_profile_image"].fillna(0) != 1,
            "is_private": raw["protected"].fillna(0) == 1,
            "full_name": raw["name"].fillna(""),
            "bio": raw["description"].fillna(""),
            "external_url": raw["url"].fillna(""),
        }
    )
    frame = account_features(form)
    frame["fake"] = raw["is_fake"].astype(int)
    return frame


#: The labelled sets, by name (PROVENANCE.md beside them says where each comes from).
ACCOUNT_SETS: dict[str, AccountSet] = {
    s.name: s
    for s in (
        AccountSet(
            "instafake",
            "instagram",
            "instafake",
            "InstaFake (Akyon & Kalfaoglu 2019): 200 fake, 994 real Instagram accounts",
            _instafake,
        ),
        AccountSet(
            "kaggle",
            "instagram",
            "instagram-kaggle",
            "Kaggle 'instagram fake spammer genuine accounts': 348 fake, 348 real",
            _kaggle,
        ),
        AccountSet(
            "cresci2015",
            "twitter",
            "twitter-cresci2015",
            "Cresci et al. 2015 'Fame for sale': 1,337 bought followers, 1,481 humans (Twitter)",
            _cresci,
        ),
    )
}


def load_set(name: str, data_dir: str | Path) -> pd.DataFrame:
    """One labelled set as the feature table plus ``fake`` (1 fake, 0 real)."""
    spec = ACCOUNT_SETS[name]
    folder = Path(data_dir) / "accounts" / spec.folder
    if not folder.is_dir():
        raise InputError(folder, None, "not found; pass --data-dir, the shared data folder.")
    frame = spec.load(folder)
    return frame[[*FEATURES, "fake"]]


def load_all(data_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Every labelled set, by name."""
    return {name: load_set(name, data_dir) for name in ACCOUNT_SETS}
