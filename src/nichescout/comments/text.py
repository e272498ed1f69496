"""The words of a comment, and the key under which near-identical comments meet.

A comment's **words** are its runs of letters and digits (an apostrophe inside a word
keeps it whole: *don't*), in lower case after Unicode NFKC, with links and ``@names`` left
out — emoji, punctuation and tags are not words. Its **key** is its words joined by single
spaces with every run of a repeated character written once (*Sooo goood!!* and *so good*
meet), so that case, punctuation, emoji, @-names and stretched letters do not tell copies
apart.

>>> words("Sooo goood!! 😍 @ana https://x.example/p")
['sooo', 'goood']
>>> text_key("Sooo goood!! 😍 @ana") == text_key("so good") == 'so god'
True
>>> text_key("🔥🔥🔥") is None
True
>>> asks_question("Where did you get it?"), asks_question("??"), asks_question("Nice")
(True, False, False)
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["asks_question", "has_unspaced_script", "text_key", "words"]

_SKIP = re.compile(r"(?:https?://|www\.)\S+|@[\w.]+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_RUNS = re.compile(r"(.)\1+")
_QUESTION = re.compile(r"[?？¿]")
#: Scripts written without spaces between words, where counting words says little.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u0e00-\u0e7f\uac00-\ud7af]")


def _clean(text: str | None) -> str:
    if not text:
        return ""
    return _SKIP.sub(" ", unicodedata.normalize("NFKC", text)).lower().replace("’", "'")


def words(text: str | None) -> list[str]:
    """The comment's words, in order (module docstring)."""
    return _WORD.findall(_clean(text))


def text_key(text: str | None) -> str | None:
    """The key of a comment for finding copies, ``None`` when it has no words."""
    found = words(text)
    if not found:
        return None
    return _RUNS.sub(r"\1", " ".join(found))


def asks_question(text: str | None) -> bool:
    """True when the comment has a question mark (``?``, ``？``, ``¿``) and a word."""
    return bool(text) and bool(_QUESTION.search(text or "")) and bool(words(text))


def has_unspaced_script(text: str | None) -> bool:
    """True when the comment holds Chinese, Japanese, Korean or Thai letters.

    >>> has_unspaced_script("太棒了"), has_unspaced_script("nice")
    (True, False)
    """
    return bool(text) and bool(_UNSPACED.search(text or ""))
