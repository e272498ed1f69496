"""The features of the fake-account model: what the accounts form tells about an account.

Every feature is a plain function of the form's columns (:mod:`nichescout.audit.form`)::

    log_followers       log10(1 + followers)
    log_following       log10(1 + following)
    log_posts           log10(1 + posts)
    follow_ratio        log10((1 + following) / (1 + followers))   # > 0: follows more than followed
    posts_per_follower  log10((1 + posts) / (1 + followers))
    has_profile_picture 1 or 0
    is_private          1 or 0
    bio_length          characters of the bio               (unknown without a bio column)
    has_external_url    1 when the profile links out, else 0 (unknown without external_url)
    full_name_words     words of the full name              (unknown without full_name)
    handle_length       characters of the handle
    handle_digit_share  digits in the handle / its length

"Unknown" is NaN: the gradient-boosted trees send it down the branch learnt for missing
values, so an accounts file without the optional columns is scored on what it has.

>>> import pandas as pd
>>> form = pd.DataFrame({"handle": ["jo_88"], "followers": [9], "following": [999],
...     "posts": [0], "has_profile_picture": [False], "is_private": [True]})
>>> account_features(form).iloc[0].round(3).to_dict()  # doctest: +NORMALIZE_WHITESPACE
{'log_followers': 1.0, 'log_following': 3.0, 'log_posts': 0.0, 'follow_ratio': 2.0,
 'posts_per_follower': -1.0, 'has_profile_picture': 0.0, 'is_private': 1.0,
 'bio_length': nan, 'has_external_url': nan, 'full_name_words': nan,
 'handle_length': 5.0, 'handle_digit_share': 0.4}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FEATURES", "account_features", "features_from_parts"]

#: The model's input columns, in order.
FEATURES = (
    "log_followers",
    "log_following",
    "log_posts",
    "follow_ratio",
    "posts_per_follower",
    "has_profile_picture",
    "is_private",
    "bio_length",
    "has_external_url",
    "full_name_words",
    "handle_length",
    "handle_digit_share",
)


def features_from_parts(
    *,
    followers: pd.Series,
    following: pd.Series,
    posts: pd.Series,
    has_profile_picture: pd.Series,
    is_private: pd.Series,
    bio_length: pd.Series | None = None,
    has_external_url: pd.Series | None = None,
    full_name_words: pd.Series | None = None,
    handle_length: pd.Series | None = None,
    handle_digit_share: pd.Series | None = None,
) -> pd.DataFrame:
    """The feature table from the form's quantities (``None``: not known, NaN).

    The labelled sets map their own columns here (some give a handle's digit count, not
    the handle); :func:`account_features` maps the accounts form.
    """
    import numpy as np
    import pandas as pd

    def num(series: pd.Series | None) -> pd.Series:
        if series is None:
            return pd.Series(np.nan, index=followers.index, dtype="float64")
        return pd.to_numeric(series, errors="coerce").astype("float64")

    fol, fng, pst = num(followers), num(following), num(posts)
    frame = pd.DataFrame(
        {
            "log_followers": np.log10(1 + fol),
            "log_following": np.log10(1 + fng),
            "log_posts": np.log10(1 + pst),
            "follow_ratio": np.log10((1 + fng) / (1 + fol)),
            "posts_per_follower": np.log10((1 + pst) / (1 + fol)),
            "has_profile_picture": num(has_profile_picture),
            "is_private": num(is_private),
            "bio_length": num(bio_length),
            "has_external_url": num(has_external_url),
            "full_name_words": num(full_name_words),
            "handle_length": num(handle_length),
            "handle_digit_share": num(handle_digit_share),
        },
        index=followers.index,
    )
    return frame[list(FEATURES)]


def _words(text: object) -> int:
    return len(str(text).split()) if isinstance(text, str) else 0


def account_features(form: pd.DataFrame) -> pd.DataFrame:
    """The feature table of accounts in the form (checked by :func:`~.form.parse_accounts`)."""
    handle = form["handle"].astype(str)
    length = handle.str.len()
    digits = handle.str.count(r"\d")
    texts = {c: form[c].fillna("").astype(str) for c in ("bio", "external_url") if c in form}
    return features_from_parts(
        followers=form["followers"],
        following=form["following"],
        posts=form["posts"],
        has_profile_picture=form["has_profile_picture"].astype(float),
        is_private=form["is_private"].astype(float),
        bio_length=texts["bio"].str.strip().str.len() if "bio" in texts else None,
        has_external_url=(
            (texts["external_url"].str.strip() != "").astype(float)
            if "external_url" in texts
            else None
        ),
        full_name_words=form["full_name"].map(_words) if "full_name" in form else None,
        handle_length=length,
        handle_digit_share=(digits / length.where(length > 0)).fillna(0.0),
    )
