"""The labelled account sets of ``../shared/data/accounts``, read as creators' profiles (and,
for InstaFake's non-automated accounts, posts), so ``nichescout ingest creators`` imports them
as they are.

None of the sets names its accounts (except Cresci's Twitter handles), so each account gets
a handle made from its set, file and position (``instafake-real-0042``): stable, so a
re-import adds nothing. What a set says beyond the creators form goes to the member's
``attributes``, the fake/real label first (``fake``: true or false).

==============================  ======================  ==========================================
files                           platform                gives
==============================  ======================  ==========================================
InstaFake ``fakeAccountData``,  ``instagram:instafake`` 200 fake and 994 real profiles: followers,
``realAccountData.json``                                following, posts, private, has a picture;
                                                        attributes fake, bio_length,
                                                        handle_length, handle_digits
InstaFake                       ``instagram:instafake`` 700 real profiles with their last posts
``nonautomatedAccountData.json``                        (57,816: likes, comments, upload time);
                                                        attributes fake (false), has_external_url,
                                                        highlight_reels, tagged (userTagsCount);
                                                        posts' hashtag_count, comments_disabled,
                                                        has_location
Kaggle ``insta_train.csv``,     ``instagram:kaggle``    696 profiles (half fake): followers,
``insta_test.csv``                                      following, posts, private, has a picture;
                                                        attributes fake, has_external_url,
                                                        bio_length, full_name_words,
                                                        handle_digit_share, name_is_handle
Cresci 2015 ``users.csv``,      ``twitter:cresci2015``  1,481 humans and 1,337 bought followers:
``fusers.csv``                                          screen_name as handle, name, description,
                                                        url, followers, friends, statuses, lang,
                                                        location, created_at, default image;
                                                        attributes fake, twitter_id, dataset,
                                                        favourites, listed
==============================  ======================  ==========================================

>>> sorted(KNOWN_FILES)[:3]
['fakeAccountData.json', 'fusers.csv', 'insta_test.csv']
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from nichescout.exceptions import InputError
from nichescout.ingest.creators_form import csv_records

__all__ = ["KNOWN_FILES", "Record", "known_set_files", "read_known_file"]

#: (what, label, where, record in the creators form, extra attributes)
Record = tuple[str, str, str, dict[str, Any], dict[str, Any]]

_INSTAFAKE = "instagram:instafake"
_KAGGLE = "instagram:kaggle"
_CRESCI = "twitter:cresci2015"


def _flag(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    try:
        return float(value) == 1.0
    except (TypeError, ValueError):
        return None


def _json_array(path: Path, label: str) -> list[dict[str, Any]]:
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise InputError(label, None, f"is not valid JSON ({err}).") from err
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InputError(label, None, "should hold a JSON array of account objects.")
    return data


def _instafake(path: Path, label: str) -> Iterator[Record]:
    name = path.name.removesuffix("AccountData.json")  # fake, real, nonautomated
    for i, account in enumerate(_json_array(path, label), start=1):
        where = f"account {i}"
        handle = f"instafake-{name}-{i:04d}"
        profile = {
            "handle": handle,
            "platform": _INSTAFAKE,
            "followers": account.get("userFollowerCount"),
            "following": account.get("userFollowingCount"),
            "posts": account.get("userMediaCount"),
            "private": account.get("userIsPrivate"),
            "profile_picture": account.get("userHasProfilPic"),
        }
        fake = account.get("isFake", account.get("automatedBehaviour"))
        extra = {
            "fake": _flag(fake),
            "bio_length": account.get("userBiographyLength"),
            "handle_length": account.get("usernameLength"),
            "handle_digits": account.get("usernameDigitCount"),
            "has_external_url": _flag(account.get("userHasExternalUrl")),
            "highlight_reels": _flag(account.get("userHasHighlighReels")),
            "tagged": account.get("userTagsCount"),
            "set": "instafake",
        }
        yield "profile", label, where, profile, extra
        yield from _instafake_posts(account, handle, label, where)


def _instafake_posts(
    account: dict[str, Any], handle: str, label: str, where: str
) -> Iterator[Record]:
    lists = {
        key: account.get(key)
        for key in (
            "mediaLikeNumbers",
            "mediaCommentNumbers",
            "mediaUploadTimes",
            "mediaHashtagNumbers",
            "mediaCommentsAreDisabled",
            "mediaHasLocationInfo",
        )
    }
    times = lists["mediaUploadTimes"]
    if times is None:
        return
    for key, values in lists.items():
        if not isinstance(values, list) or len(values) != len(times):
            raise InputError(
                label,
                where,
                f"{key} should be a list as long as mediaUploadTimes ({len(times)} posts).",
            )
    for k, created in enumerate(times):
        post = {
            "post_id": f"{handle}/{k + 1}",
            "handle": handle,
            "platform": _INSTAFAKE,
            "created": created,
            "likes": lists["mediaLikeNumbers"][k],  # type: ignore[index]
            "comments": lists["mediaCommentNumbers"][k],  # type: ignore[index]
        }
        extra = {
            "hashtag_count": lists["mediaHashtagNumbers"][k],  # type: ignore[index]
            "comments_disabled": _flag(lists["mediaCommentsAreDisabled"][k]),  # type: ignore[index]
            "has_location": _flag(lists["mediaHasLocationInfo"][k]),  # type: ignore[index]
        }
        yield "post", label, f"{where}, post {k + 1}", post, extra


def _kaggle(path: Path, label: str) -> Iterator[Record]:
    part = path.stem.removeprefix("insta_")  # train, test
    required = ("#followers", "#follows", "#posts", "fake")
    for line, row in csv_records(path, label, required=required, form="Kaggle Instagram"):
        profile = {
            "handle": f"kaggle-{part}-{line - 1:04d}",
            "platform": _KAGGLE,
            "followers": row.get("#followers"),
            "following": row.get("#follows"),
            "posts": row.get("#posts"),
            "private": row.get("private"),
            "profile_picture": row.get("profile pic"),
        }
        extra = {
            "fake": _flag(row.get("fake")),
            "has_external_url": _flag(row.get("external URL")),
            "bio_length": _number(row.get("description length")),
            "full_name_words": _number(row.get("fullname words")),
            "handle_digit_share": _number(row.get("nums/length username")),
            "name_is_handle": _flag(row.get("name==username")),
            "set": "kaggle",
        }
        yield "profile", label, f"line {line}", profile, extra


def _cresci(path: Path, label: str) -> Iterator[Record]:
    required = ("screen_name", "followers_count", "friends_count", "statuses_count")
    for line, row in csv_records(path, label, required=required, form="Cresci 2015 users"):
        default_image = _flag(row.get("default_profile_image"))
        profile = {
            "handle": row.get("screen_name"),
            "platform": _CRESCI,
            "followers": row.get("followers_count"),
            "following": row.get("friends_count"),
            "posts": row.get("statuses_count"),
            "full_name": row.get("name"),
            "bio": row.get("description"),
            "external_url": row.get("url"),
            "verified": _flag(row.get("verified")),
            "private": _flag(row.get("protected")),
            "profile_picture": None if default_image is None else not default_image,
            "joined": _twitter_time(row.get("created_at"), label, line),
            "language": row.get("lang"),
            "country": row.get("location"),
        }
        extra = {
            "fake": _flag(row.get("is_fake")),
            "twitter_id": row.get("id") or None,
            "dataset": row.get("dataset") or None,
            "favourites": _number(row.get("favourites_count")),
            "listed": _number(row.get("listed_count")),
            "set": "cresci2015",
        }
        yield "profile", label, f"line {line}", profile, extra


def _number(value: Any) -> float | int | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else number


def _twitter_time(value: str | None, label: str, line: int) -> str | None:
    """Twitter's ``Fri Apr 06 10:58:22 +0000 2007`` as ISO 8601."""
    if not value:
        return None
    try:
        return datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y").isoformat()
    except ValueError as err:
        raise InputError(
            label, f"line {line}", f"created_at is not a Twitter time: {value!r}."
        ) from err


#: file name → its reader.
KNOWN_FILES: dict[str, Callable[[Path, str], Iterator[Record]]] = {
    "fakeAccountData.json": _instafake,
    "realAccountData.json": _instafake,
    "nonautomatedAccountData.json": _instafake,
    "insta_train.csv": _kaggle,
    "insta_test.csv": _kaggle,
    "users.csv": _cresci,
    "fusers.csv": _cresci,
}


def known_set_files(folder: Path) -> list[Path]:
    """The files of known account sets in ``folder`` (or its sub-folders, one level down)."""
    found = [folder / name for name in KNOWN_FILES if (folder / name).is_file()]
    if found:
        return found
    return [
        sub / name
        for sub in sorted(p for p in folder.iterdir() if p.is_dir())
        for name in KNOWN_FILES
        if (sub / name).is_file()
    ]


def read_known_file(path: Path, label: str) -> Iterator[Record]:
    """The records of one file of a known account set."""
    return KNOWN_FILES[path.name](path, label)
