"""Generic comments: what could be left under any post, found from the comment's shape.

A comment is **generic** when it says nothing about the post it is under. Three rules look
at the comment alone (:func:`generic_reason`), in this order:

1. **no words** — emoji, punctuation or @-names only (``🔥🔥``, ``!!!``, ``@ana @bo``);
2. **stock phrase** — the comment is made of nothing but phrases of :data:`STOCK_PHRASES`,
   a short list per language of praise and spam formulas that are longer than two words or
   combine (*thanks for sharing*, *great content, keep it up*, *follow me back*); matched on
   the comment's key (:func:`nichescout.comments.text.text_key`), so case, emoji, punctuation
   and stretched letters do not matter;
3. **few words** — at most ``comment_generic_max_words`` (2) distinct words and no question
   (*so cute*, *nice 👍*, *amazing!!*; but *Size?* asks something). Skipped for Chinese,
   Japanese, Korean and Thai, written without spaces between words.

A fourth rule needs every comment of the platform (:func:`copied_keys`):

4. **copied** — the same key written by at least ``comment_copy_min_accounts`` (5) accounts
   under the posts of at least ``comment_copy_min_creators`` (3) creators. Bots and
   engagement groups paste the same line everywhere; this finds their formulas in any
   language without a list. Set ``comment_copy_min_accounts`` to ``None`` to turn it off.

>>> [generic_reason(t) for t in ("🔥🔥", "Great content, keep it up!", "cute pup", "Size?")]
['no words', 'stock phrase', '2 distinct words', None]
>>> generic_reason("How long did the dough rise?") is None
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from nichescout import settings as _settings
from nichescout.comments.text import asks_question, has_unspaced_script, text_key, words

__all__ = ["STOCK_PHRASES", "copied_keys", "generic_reason", "is_generic", "stock_phrase"]

#: Stock phrases per language: praise, thanks and spam formulas that say nothing about the
#: post. Short on purpose: one- and two-word praise is caught by the few-words rule and
#: formulas pasted by many accounts by the copy rule; a comment is a stock phrase when it is
#: made of these alone.
STOCK_PHRASES: dict[str, tuple[str, ...]] = {
    "en": (
        "nice pic", "nice photo", "nice post", "great post", "great content", "great video",
        "love this", "love it", "so cute", "so good", "so beautiful", "wow", "amazing",
        "awesome", "beautiful", "keep it up", "keep going", "keep up the good work",
        "thanks for sharing", "thank you for sharing", "follow me", "follow me back",
        "follow for follow", "check out my page", "check my page", "dm us to collab",
        "dm for collab", "first",
    ),
    "de": (
        "schönes bild", "tolles bild", "toller beitrag", "so schön", "weiter so", "mega",
        "danke fürs teilen", "folge mir", "wow",
    ),
    "fr": (
        "belle photo", "trop beau", "trop bien", "magnifique", "j'adore", "continue comme ça",
        "merci du partage", "merci pour le partage", "suis moi",
    ),
    "es": (
        "qué bonito", "me encanta", "muy bueno", "hermoso", "sigue así",
        "gracias por compartir", "sígueme",
    ),
    "it": (
        "bellissima foto", "che bello", "bellissimo", "stupendo", "continua così",
        "grazie per la condivisione", "seguimi",
    ),
    "nl": (
        "mooie foto", "zo mooi", "prachtig", "ga zo door", "bedankt voor het delen",
        "volg mij",
    ),
    "pt": (
        "que lindo", "amei", "muito bom", "lindo", "continua assim",
        "obrigado por partilhar", "obrigada por partilhar", "me segue",
    ),
}  # fmt: skip

#: Every phrase as the tuple of its key's words.
_PHRASES: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        {
            tuple(key.split())
            for phrases in STOCK_PHRASES.values()
            for phrase in phrases
            if (key := text_key(phrase))
        }
    )
)


def stock_phrase(text: str | None) -> bool:
    """True when the comment is made of stock phrases alone (at least one).

    >>> stock_phrase("WOW, thanks for sharing!! 🙏"), stock_phrase("thanks for the recipe")
    (True, False)
    """
    key = text_key(text)
    if key is None:
        return False
    tokens = tuple(key.split())
    # reach[i]: the first i words split into phrases (dynamic programming over positions)
    reach = [True] + [False] * len(tokens)
    for i in range(len(tokens)):
        if reach[i]:
            for phrase in _PHRASES:
                if tokens[i : i + len(phrase)] == phrase:
                    reach[i + len(phrase)] = True
    return reach[-1]


def generic_reason(text: str | None, settings: Mapping[str, Any] | None = None) -> str | None:
    """Why the comment alone is generic (rules 1–3 of the module docstring), or ``None``."""
    found = words(text)
    if not found:
        return "no words"
    if stock_phrase(text):
        return "stock phrase"
    distinct = len(set(found))
    if (
        distinct <= int(_settings.get("comment_generic_max_words", settings))
        and not asks_question(text)
        and not has_unspaced_script(text)
    ):
        return f"{distinct} distinct word{'s' if distinct != 1 else ''}"
    return None


def is_generic(text: str | None, settings: Mapping[str, Any] | None = None) -> bool:
    """True when :func:`generic_reason` finds a reason."""
    return generic_reason(text, settings) is not None


def copied_keys(
    comments: Iterable[tuple[str | None, str, str]],
    settings: Mapping[str, Any] | None = None,
) -> dict[str, tuple[int, int]]:
    """Keys written by enough accounts under enough creators' posts (rule 4).

    ``comments`` are ``(text, author, creator)`` of one platform's comments by others than
    the creator. Returns key → (accounts, creators) for the keys at or over both settings.

    >>> rows = [("Nice!! 🔥", f"fan{i}", f"creator{i % 3}") for i in range(5)]
    >>> copied_keys(rows)
    {'nice': (5, 3)}
    >>> copied_keys(rows[:4])
    {}
    """
    authors: dict[str, set[str]] = {}
    creators: dict[str, set[str]] = {}
    for text, author, creator in comments:
        key = text_key(text)
        if key is None:
            continue
        authors.setdefault(key, set()).add(author)
        creators.setdefault(key, set()).add(creator)
    accounts_setting = _settings.get("comment_copy_min_accounts", settings)
    if accounts_setting is None:
        return {}
    min_accounts = int(accounts_setting)
    min_creators = int(_settings.get("comment_copy_min_creators", settings))
    return {
        key: (len(authors[key]), len(creators[key]))
        for key in authors
        if len(authors[key]) >= min_accounts and len(creators[key]) >= min_creators
    }
