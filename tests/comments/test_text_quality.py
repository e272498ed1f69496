"""Words, keys, questions and generic comments: against the oracle and on real-looking cases."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nichescout.audit.language import PROFILES
from nichescout.comments.quality import (
    STOCK_PHRASES,
    copied_keys,
    generic_reason,
    is_generic,
    stock_phrase,
)
from nichescout.comments.sentiment import COMMENT_WORDS
from nichescout.comments.text import asks_question, text_key, words
from tests.comments import oracles
from tests.comments.oracles import Tok


def test_vocabulary_is_english_only() -> None:
    """The property tests' words are claimed by no other language (so all are scored)."""
    others = set().union(*(w for lang, w in PROFILES.items() if lang != "en")) | set(COMMENT_WORDS)
    assert not others & set(oracles.VOCAB)
    assert all(w.isascii() for w in oracles.VOCAB)


@settings(max_examples=300, deadline=None)
@given(oracles.tokens())
def test_generic_reason_matches_oracle(toks: tuple[Tok, ...]) -> None:
    text = oracles.render(toks)
    assert words(text) == oracles.surface_words(toks)
    assert text_key(text) == oracles.key_of(toks)
    assert asks_question(text) == oracles.asks(toks)
    assert generic_reason(text) == oracles.generic_reason(toks)


@settings(max_examples=100, deadline=None)
@given(oracles.tokens(), st.integers(0, 5))
def test_generic_max_words_setting(toks: tuple[Tok, ...], most: int) -> None:
    text = oracles.render(toks)
    got = generic_reason(text, {"comment_generic_max_words": most})
    assert got == oracles.generic_reason(toks, max_words=most)


@settings(max_examples=200, deadline=None)
@given(oracles.tokens(), st.sampled_from(["upper", "emoji", "punct", "stretch", "mention"]))
def test_key_ignores_decoration(toks: tuple[Tok, ...], how: str) -> None:
    """Case, emoji, punctuation, stretched letters and @-names do not change the key."""
    text = oracles.render(toks)
    if how == "upper":
        other = text.upper()
    elif how == "emoji":
        other = "😍 " + text + " 🔥🔥"
    elif how == "punct":
        other = text + "!!!"
    elif how == "stretch":
        other = " ".join(w + w[-1] * 2 if w.isalpha() else w for w in text.split())
    else:
        other = "@somebody " + text
    assert text_key(other) == text_key(text)


# Real-looking comments as people write them, with the reason a reader would give.
HAND_MADE = [
    ("🔥🔥🔥", "no words"),
    ("❤️❤️", "no words"),
    ("!!!", "no words"),
    ("@ana @bo", "no words"),
    ("", "no words"),
    ("Nice pic!!", "stock phrase"),
    ("NICE PIC 😍", "stock phrase"),
    ("Great content, keep it up! 💪", "stock phrase"),
    ("wow amazing, thanks for sharing", "stock phrase"),
    ("Follow me back 🙏", "stock phrase"),
    ("Schönes Bild, weiter so!", "stock phrase"),
    ("Trop beau ❤️", "stock phrase"),
    ("Me encanta 😍", "stock phrase"),
    ("Continua così!", "stock phrase"),
    ("Prachtig", "stock phrase"),
    ("Amei 😍😍", "stock phrase"),
    ("so cuteee", "stock phrase"),
    ("Obsessed ❤️", "1 distinct word"),
    ("yes yes yes", "1 distinct word"),
    ("cute pup", "2 distinct words"),
    ("Size?", None),
    ("Recipe?", None),
    ("How long did the dough rise?", None),
    ("The lighting in this shot is gorgeous", None),
    ("Tried it and my plants are thriving, thank you!!", None),
    ("Congrats on 10k!!", None),
    ("Wie lange hast du dafür gebraucht?", None),
    ("太棒了", None),  # Chinese: words are not spaced, so they are not counted
]


@pytest.mark.parametrize(("text", "reason"), HAND_MADE)
def test_hand_made_comments(text: str, reason: str | None) -> None:
    assert generic_reason(text) == reason
    assert is_generic(text) == (reason is not None)


def test_stock_phrase_needs_every_word_in_a_phrase() -> None:
    assert stock_phrase("love it, love this")
    assert not stock_phrase("love this pan")
    assert not stock_phrase("🔥")
    # greedy longest-first would take 'follow me back' and then fail on nothing; a split
    # into 'follow me' + 'first' must be found too
    assert stock_phrase("follow me first")


def test_stock_phrases_are_short_lists() -> None:
    """The list stays small: the rules, not the list, do the work."""
    assert set(STOCK_PHRASES) == {"en", "de", "fr", "es", "it", "nl", "pt"}
    assert all(len(phrases) <= 30 for phrases in STOCK_PHRASES.values())


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Nice!!", "nice", "so good 😍", "Where from?", "🔥", "love it"]),
            st.sampled_from([f"fan{i}" for i in range(7)]),
            st.sampled_from(["c1", "c2", "c3", "c4"]),
        ),
        max_size=40,
    ),
    st.integers(1, 6),
    st.integers(1, 4),
)
def test_copied_keys_matches_oracle(
    rows: list[tuple[str, str, str]], accounts: int, creators: int
) -> None:
    got = copied_keys(
        rows, {"comment_copy_min_accounts": accounts, "comment_copy_min_creators": creators}
    )
    by_key: dict[str, tuple[set[str], set[str]]] = {}
    for text, author, creator in rows:
        k = {"Nice!!": "nice", "nice": "nice", "so good 😍": "so god", "Where from?": "where from",
             "love it": "love it"}.get(text)  # fmt: skip
        if k is None:
            continue
        a, c = by_key.setdefault(k, (set(), set()))
        a.add(author)
        c.add(creator)
    want = {
        k: (len(a), len(c))
        for k, (a, c) in by_key.items()
        if len(a) >= accounts and len(c) >= creators
    }
    assert got == want


def test_copy_rule_can_be_turned_off() -> None:
    rows = [("nice", f"fan{i}", f"c{i}") for i in range(10)]
    assert copied_keys(rows) == {"nice": (10, 10)}
    assert copied_keys(rows, {"comment_copy_min_accounts": None}) == {}
