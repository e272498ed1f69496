"""Plain-word flags: the rules a person checks on a profile, with named thresholds.

Each rule reads its threshold from :mod:`nichescout.settings` (``nichescout settings``
lists them); the model does not use the flags, they say *what was seen*:

==========================================  =====================================================
flag                                        when (setting)
==========================================  =====================================================
``follows 40× more accounts than follow     following >= audit_follow_ratio × followers
it`` / ``follows 900 accounts, followed by  (× = following ÷ followers, rounded; the second form
none``                                      when no one follows it)
``no posts`` / ``only 2 posts``             posts < audit_few_posts
``no profile picture``                      has_profile_picture is false
``follows 7,500 accounts``                  following >= audit_mass_following
``handle is 40% digits``                    digits ÷ handle length >= audit_handle_digit_share
``no bio``                                  the file has a bio column and it is empty
==========================================  =====================================================

>>> account_flags({"handle": "jo_8812", "followers": 12, "following": 480, "posts": 0,
...                "has_profile_picture": False})
['follows 40× more accounts than follow it', 'no posts', 'no profile picture', 'handle is 57% digits']
>>> account_flags({"handle": "ana", "followers": 900, "following": 310, "posts": 88,
...                "has_profile_picture": True, "bio": "ceramics, Lisbon"})
[]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nichescout import settings as _settings

__all__ = ["account_flags"]


def account_flags(
    account: Mapping[str, Any], overrides: Mapping[str, Any] | None = None
) -> list[str]:
    """The flags, in words, that one account of the accounts form raises."""
    opt = _settings.get
    followers, following = int(account["followers"]), int(account["following"])
    posts = int(account["posts"])
    flags: list[str] = []
    ratio = float(opt("audit_follow_ratio", overrides))
    if following > 0 and following >= ratio * followers:
        if followers == 0:
            flags.append(f"follows {following:,} accounts, followed by none")
        else:
            flags.append(f"follows {round(following / followers):,}× more accounts than follow it")
    few = int(opt("audit_few_posts", overrides))
    if posts < few:
        flags.append("no posts" if posts == 0 else f"only {posts} post{'s' if posts > 1 else ''}")
    if not bool(account["has_profile_picture"]):
        flags.append("no profile picture")
    if following >= int(opt("audit_mass_following", overrides)):
        flags.append(f"follows {following:,} accounts")
    handle = str(account["handle"])
    if handle:
        share = sum(ch.isdigit() for ch in handle) / len(handle)
        if share >= float(opt("audit_handle_digit_share", overrides)):
            flags.append(f"handle is {share:.0%} digits")
    bio = account.get("bio")
    if "bio" in account and (bio is None or not str(bio).strip()):
        flags.append("no bio")
    return flags
