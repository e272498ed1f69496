"""Slow, obvious re-statements of the comment metrics, from how a comment was put together.

Comments in the property tests are built from tokens (words, emoji, punctuation, a question
mark, @-names), so the oracle knows a comment's words without parsing it: it never calls
the code under test. Sentiment is VADER's own analyser with the documented adjustments.
"""

from __future__ import annotations

import itertools
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from nichescout.comments.quality import STOCK_PHRASES

#: English words that no other language profile or comment word list claims (checked in
#: test_text_quality.py), so the language gate always lets them through. (Stock phrases add
#: "me", which Spanish and Portuguese share: a tie, which never names a language.)
VOCAB = [
    "love", "this", "great", "recipe", "where", "buy", "pan", "video", "good", "bad",
    "awful", "the", "how", "long", "nice", "pic", "thanks", "for", "sharing", "keep", "it",
    "up", "wow", "amazing", "follow", "back", "first", "cute", "hate", "boring", "worst",
]  # fmt: skip
EMOJI = ["🔥", "😍", "❤️", "👏", "🙌", "💯", "😂", "👍", "😡"]
PUNCT = ["!", "!!", ".", ",", "..."]
EN_STOCK = [p for p in STOCK_PHRASES["en"] if p.isascii()]


@dataclass(frozen=True)
class Tok:
    kind: str  # word, emoji, punct, question, mention
    text: str


@st.composite
def tokens(draw: st.DrawFn) -> tuple[Tok, ...]:
    """A comment as tokens: random words or stock phrases, decorated."""
    out: list[Tok] = []
    for _ in range(draw(st.integers(0, 6))):
        choice = draw(st.sampled_from(["word", "word", "stock", "emoji", "punct", "q", "at"]))
        if choice == "word":
            word = draw(st.sampled_from(VOCAB))
            style = draw(st.sampled_from(["lower", "upper", "title", "stretch"]))
            if style == "upper":
                word = word.upper()
            elif style == "title":
                word = word.title()
            elif style == "stretch":
                word = word + word[-1] * draw(st.integers(1, 3))
            out.append(Tok("word", word))
        elif choice == "stock":
            out += [Tok("word", w) for w in draw(st.sampled_from(EN_STOCK)).split()]
        elif choice == "emoji":
            out.append(Tok("emoji", draw(st.sampled_from(EMOJI))))
        elif choice == "punct":
            out.append(Tok("punct", draw(st.sampled_from(PUNCT))))
        elif choice == "q":
            out.append(Tok("question", "?"))
        else:
            out.append(Tok("mention", "@" + draw(st.sampled_from(["ana", "bo", "fan1"]))))
    return tuple(out)


def render(toks: tuple[Tok, ...]) -> str:
    return " ".join(t.text for t in toks)


def surface_words(toks: tuple[Tok, ...]) -> list[str]:
    return [t.text.lower() for t in toks if t.kind == "word"]


def collapse(word: str) -> str:
    return "".join(ch for ch, _ in itertools.groupby(word))


def key_of(toks: tuple[Tok, ...]) -> str | None:
    found = surface_words(toks)
    return " ".join(collapse(w) for w in found) if found else None


@lru_cache(maxsize=1)
def _phrases() -> frozenset[tuple[str, ...]]:
    return frozenset(
        tuple(collapse(w) for w in phrase.lower().split())
        for phrases in STOCK_PHRASES.values()
        for phrase in phrases
    )


def splits_into_phrases(words: tuple[str, ...]) -> bool:
    """Brute force: some split of the words into stock phrases."""
    if not words:
        return True
    return any(
        words[:n] in _phrases() and splits_into_phrases(words[n:]) for n in range(1, len(words) + 1)
    )


def asks(toks: tuple[Tok, ...]) -> bool:
    return any(t.kind == "question" for t in toks) and bool(surface_words(toks))


def generic_reason(toks: tuple[Tok, ...], max_words: int = 2) -> str | None:
    found = surface_words(toks)
    if not found:
        return "no words"
    if splits_into_phrases(tuple(collapse(w) for w in found)):
        return "stock phrase"
    distinct = len(set(found))
    if distinct <= max_words and not asks(toks):
        return f"{distinct} distinct word{'s' if distinct != 1 else ''}"
    return None


@lru_cache(maxsize=1)
def _vader() -> SentimentIntensityAnalyzer:
    analyzer = SentimentIntensityAnalyzer()
    # the documented adjustments (nichescout.comments.sentiment)
    analyzer.emojis.update({"🔥": "nice", "👏": "applause", "🙌": "yay", "💯": "perfect"})
    return analyzer


def compound(text: str) -> float:
    return float(_vader().polarity_scores(text.replace("\ufe0f", ""))["compound"])


def label(value: float, low: float = -0.05, high: float = 0.05) -> str:
    if value >= high:
        return "positive"
    if value <= low:
        return "negative"
    return "neutral"


# -- stores ---------------------------------------------------------------------------------


@dataclass
class Comment:
    cid: str
    post: str
    author: str
    toks: tuple[Tok, ...]
    created: datetime
    reply_to: str | None = None

    @property
    def text(self) -> str:
        return render(self.toks)


@dataclass
class World:
    creators: list[str]
    posts: dict[str, tuple[str, datetime]]  # post → (creator, created)
    comments: list[Comment] = field(default_factory=list)


def figures(
    world: World,
    since: datetime | None = None,
    until: datetime | None = None,
    copy_accounts: int = 5,
    copy_creators: int = 3,
    short_chars: int = 15,
    by_month: bool = False,
) -> dict[tuple[str, ...], dict[str, object]]:
    """Per creator (and month): the figures of comment_summary, the obvious way."""
    creator_of = {p: c for p, (c, _) in world.posts.items()}
    # copies over every audience comment, whatever the window
    authors: dict[str, set[str]] = defaultdict(set)
    creators: dict[str, set[str]] = defaultdict(set)
    for c in world.comments:
        k = key_of(c.toks)
        if k is not None and c.author != creator_of[c.post]:
            authors[k].add(c.author)
            creators[k].add(creator_of[c.post])
    copied = {
        k for k in authors if len(authors[k]) >= copy_accounts and len(creators[k]) >= copy_creators
    }
    answered: set[str] = set()
    for r in world.comments:
        if r.author != creator_of[r.post]:
            continue
        if r.reply_to is not None:
            answered.add(r.reply_to)
        else:
            named = {t.text[1:].lower() for t in r.toks if t.kind == "mention"}
            for c in world.comments:
                if c.post == r.post and c.author in named and c.created <= r.created:
                    answered.add(c.cid)
    groups: dict[tuple[str, ...], list[Comment]] = defaultdict(list)
    own: dict[tuple[str, ...], int] = defaultdict(int)
    for c in world.comments:
        if since is not None and c.created < since:
            continue
        if until is not None and c.created >= until:
            continue
        creator = creator_of[c.post]
        key = (creator, c.created.strftime("%Y-%m")) if by_month else (creator,)
        if c.author == creator:
            own[key] += 1
        else:
            groups[key].append(c)
    out: dict[tuple[str, ...], dict[str, object]] = {}
    for key in set(groups) | set(own):
        cs = groups.get(key, [])
        n = len(cs)
        compounds = [compound(c.text) for c in cs]
        labels = [label(v) for v in compounds]
        generic = [generic_reason(c.toks) is not None or key_of(c.toks) in copied for c in cs]

        def share(flags: list[bool], n: int = n) -> float | None:
            return sum(flags) / n if n else None

        out[key] = {
            "comments": n,
            "commenters": len({c.author for c in cs}),
            "scored": n,
            "compound_mean": statistics.fmean(compounds) if n else None,
            "positive_share": share([lab == "positive" for lab in labels]),
            "neutral_share": share([lab == "neutral" for lab in labels]),
            "negative_share": share([lab == "negative" for lab in labels]),
            "generic_share": share(generic),
            "copied_share": share([key_of(c.toks) in copied for c in cs]),
            "question_share": share([asks(c.toks) for c in cs]),
            "short_share": share([len(c.text.strip()) < short_chars for c in cs]),
            "median_length": statistics.median(len(c.text.strip()) for c in cs) if n else None,
            "creator_comments": own.get(key, 0),
            "reply_rate": share([c.cid in answered for c in cs]),
        }
    return out
