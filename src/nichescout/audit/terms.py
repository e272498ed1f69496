"""The disclosure terms a caption holds, where they stand, and what hides them.

:func:`find_terms` finds the words of :mod:`nichescout.audit.lexicon` in a caption by the
forms a disclosure takes, not by any occurrence of the word:

- a **hashtag** whose text is a term (``#ad``, ``#Werbung``; ``#adventure`` and ``#adidas``
  are other hashtags, not ``#ad``);
- a **label**: a clear word standing alone where a label stands — first in the caption or in
  a sentence, and followed by no other word (``Ad: …``, ``Anzeige | …``, ``… verlag. Anzeige``),
  or alone in brackets (``[ad]``, ``(Werbung)``). The same word inside a sentence is talk about
  advertising ("every ad I see", "die ständige Werbung auf YouTube") and is not a label;
- a **phrase** ("paid partnership with", "bezahlte Partnerschaft", "gifted by"), anywhere.

A term just after a negation ("not sponsored by", "no thanks to") is dropped, and so is a
"sponsored by" that is not about the post ("the marathon was sponsored by Adidas") and a gift
from someone who is not an @-handle ("gifted by my sister").
:func:`visibility_problems` says why a term found would not reach a viewer: beyond the first
``disclosure_visible_chars`` characters, behind a wall of ``disclosure_hashtag_wall`` hashtags,
or in a language other than the caption's.

>>> [(t.kind, t.text, t.start) for t in find_terms("Ad: new serum @glow #adventure #gifted")]
[('clear', 'Ad', 0), ('gift', '#gifted', 31)]
>>> find_terms("Why does every ad I see feel like it's for a mattress? Not sponsored by anyone")
[]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from nichescout import settings as _settings
from nichescout.audit.cues import hashtags, hashtags_before, negated
from nichescout.audit.lexicon import (
    CLEAR_PHRASES,
    CLEAR_TAGS,
    GIFT_PHRASES,
    GIFT_TAGS,
    LANGUAGE_NAMES,
    VAGUE_PHRASES,
    VAGUE_TAG_SUFFIX,
    VAGUE_TAGS,
    fold,
)

__all__ = ["Term", "find_terms", "visibility_problems"]

#: Kinds of term: an official label, a statement of a gift, a vague hint.
KINDS = ("clear", "gift", "vague")


@dataclass(frozen=True)
class Term:
    """One disclosure term: its kind, its text as written, its offset in the caption, and
    the languages whose audience reads it (empty: any language)."""

    kind: str
    text: str
    start: int
    languages: frozenset[str] = frozenset()


_WORD = re.compile(r"[^\W\d_]+")
_BOUNDARY = set(".!?|\n•–—:;")


def _is_label(caption: str, start: int, end: int) -> bool:
    """Whether the word at ``start:end`` stands as a label, not inside a sentence."""
    if caption[:start].endswith("*") and caption[end:].startswith("*"):
        return True  # *Werbung*
    before, after = caption[:start].rstrip(" \t*"), caption[end:].lstrip(" \t*")
    if before.endswith(("[", "(")) and after.startswith(("]", ")")):
        return True
    if before.endswith(("#", "@")) or (after[:1].isalnum()):
        return False
    tail = re.search(r"[\w@#][^\w@#]*$", before)
    return tail is None or any(ch in _BOUNDARY for ch in tail.group(0)[1:])


_BY = re.compile(r"(sponsor\w*|patrocinad[oa]|gesponsord) (by|par|por|pel[oa]|da|door)$")
_POST = re.compile(
    r"\b(this|today'?s|these|video|vlog|post|reel|episode|stream|content|tutorial|recipe|"
    r"dies\w*|beitrag|folge|rezept|ce|cette|ces|videos?|publication|recette|este|esta|"
    r"publicacion|receta|contenido|questo|questa|episodio|contenuto|ricetta|dit|deze|"
    r"aflevering|recept|bericht|conteudo|receita)\b"
)


def _about_the_post(caption: str, match: re.Match[str]) -> bool:
    """Whether a "sponsored by"-phrase is about the post, not an event someone sponsored:
    the sponsor is an @-handle, or the phrase opens the caption or a sentence, or the few
    words before it name the post ("this video is sponsored by"). Other phrases always are.

    >>> text = "The marathon was sponsored by Adidas"
    >>> _about_the_post(text, re.search("sponsored by", text))
    False
    >>> text = "Today's video is sponsored by Squarespace"
    >>> _about_the_post(text, re.search("sponsored by", text))
    True
    """
    if not _BY.search(match.group(0)):
        return True
    if caption[match.end() :].lstrip().startswith("@"):
        return True
    sentence = re.split(r"[.!?\n|:]", fold(caption[: match.start()]))[-1]
    words = sentence.split()
    return not words or bool(_POST.search(" ".join(words[-4:])))


_AGENT = re.compile(r"\b(by|from|von|par|de|da|do|di|van|pel[oa])$")


def _from_a_handle(caption: str, match: re.Match[str]) -> bool:
    """Whether a gift phrase that names its giver ("gifted by", "regalo de", "offert par")
    names an @-handle: a gift from one's mother is not a brand's. Others always count.

    >>> text = "Presente da minha mãe"
    >>> _from_a_handle(text, re.search("presente da", fold(text)))
    False
    """
    if not _AGENT.search(match.group(0)):
        return True
    return caption[match.end() :].lstrip().startswith("@")


def find_terms(caption: str, overrides: Mapping[str, Any] | None = None) -> list[Term]:
    """Every disclosure term of the caption, in order of position (see the module doc)."""
    folded = fold(caption)
    found: dict[tuple[int, int], Term] = {}

    def add(kind: str, start: int, end: int, languages: frozenset[str] = frozenset()) -> None:
        overlaps = any(start < e and s < end for s, e in found)  # one term per place
        if not overlaps and not negated(caption, start, overrides):
            found[(start, end)] = Term(kind, caption[start:end], start, languages)

    for tag in hashtags(caption):
        text = fold(tag.text)
        if text in CLEAR_TAGS:
            add("clear", tag.start, tag.end, CLEAR_TAGS[text])
        elif text in GIFT_TAGS:
            add("gift", tag.start, tag.end, GIFT_TAGS[text])
        elif text in VAGUE_TAGS or VAGUE_TAG_SUFFIX.fullmatch(text):
            add("vague", tag.start, tag.end)
    for word in _WORD.finditer(folded):
        if word.group(0) in CLEAR_TAGS and _is_label(caption, word.start(), word.end()):
            add("clear", word.start(), word.end(), CLEAR_TAGS[word.group(0)])
    for kind, table in (("clear", CLEAR_PHRASES), ("gift", GIFT_PHRASES)):
        for language, patterns in table.items():
            for pattern in patterns:
                for match in re.finditer(pattern, folded):
                    if kind == "clear" and not _about_the_post(caption, match):
                        continue
                    if kind == "gift" and not _from_a_handle(caption, match):
                        continue
                    add(kind, match.start(), match.end(), frozenset({language}))
    for pattern in VAGUE_PHRASES:
        for match in re.finditer(pattern, folded):
            add("vague", match.start(), match.end())
    return sorted(found.values(), key=lambda t: (t.start, KINDS.index(t.kind)))


def language_name(code: str | None) -> str:
    """A language code in words (``'de'`` → ``'German'``; unknown codes as they are)."""
    return LANGUAGE_NAMES.get(code or "", code or "an unknown language")


def visibility_problems(
    term: Term,
    caption: str,
    language: str | None,
    overrides: Mapping[str, Any] | None = None,
) -> list[str]:
    """Why ``term`` would not reach the caption's viewer, in words (empty: it does).

    >>> caption = "Love it " + "#tag " * 6 + "#ad"
    >>> visibility_problems(find_terms(caption)[0], caption, "en")
    ["'#ad' comes after a wall of 6 hashtags"]
    >>> visibility_problems(find_terms("#werbung neue Schuhe")[0], "#werbung neue Schuhe", "en")
    ["'#werbung' is German, the caption English"]
    """
    problems = []
    visible = int(_settings.get("disclosure_visible_chars", overrides))
    if term.start >= visible:
        problems.append(
            f"'{term.text}' starts at character {term.start + 1} of {len(caption)}, after "
            f"the first {visible} a viewer sees before 'more'"
        )
    wall = hashtags_before(caption, term.start)
    if wall >= int(_settings.get("disclosure_hashtag_wall", overrides)):
        problems.append(f"'{term.text}' comes after a wall of {wall} hashtags")
    if term.languages and language in LANGUAGE_NAMES and language not in term.languages:
        said = " or ".join(sorted(language_name(code) for code in term.languages))
        problems.append(f"'{term.text}' is {said}, the caption {language_name(language)}")
    return problems
