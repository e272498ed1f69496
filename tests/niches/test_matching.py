"""Matching the taxonomy's words: whole words, phrases, inflection, hashtags, compounds."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from nichescout.niches.matching import Matcher, fold, segment, words_of
from nichescout.niches.taxonomy import Niche, Taxonomy, load_taxonomy


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_taxonomy())


def found(matches: list) -> list[tuple[str, tuple[str, ...]]]:
    return [(m.surface, m.niches) for m in matches]


def test_fold_ignores_case_and_accents() -> None:
    assert fold("Ölwechsel CRÈME Straße ÆØ") == "olwechsel creme strasse aeo"
    assert words_of("l'entraînement, machine_learning & e-commerce") == [
        "l", "entrainement", "machine", "learning", "e", "commerce",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # whole words only: "art" is not in "start", "cat" not in "category"
        ("Start the category", []),
        # the longest phrase wins and takes its words
        ("my ball python", [("ball python", ("pets",))]),
        ("python tips", [("python", ("tech",))]),
        # inflection: plural and Italian endings, accents and case folded
        ("Three RECIPES", [("recipe", ("food",))]),
        ("Due torte", [("torta", ("food",))]),
        # a compound by its head (German), or cut into words
        ("Omas Apfelkuchen", [("apfelkuchen", ("food",))]),
        # links and @handles are not text
        ("see https://gym.example/workout and @gymshark", []),
        # hashtags in running text are read as hashtags
        ("so good #veganrecipes", [("veganrecipes", ("food",))]),
        # -ing on a word of another meaning is not a compound (rest < 4 letters)
        ("matching rows", []),
    ],
)
def test_text(matcher: Matcher, text: str, expected: list) -> None:
    assert found(matcher.text(text)) == expected


@pytest.mark.parametrize(
    ("tag", "niches"),
    [
        ("legday", ("fitness",)),  # listed as a hashtag
        ("homebaking", ("food",)),  # segmented: home + baking
        ("machine-learning", ("tech",)),  # a topic tag with separators: a phrase
        ("skincareroutine", ("beauty",)),  # segmented with a segmentation word
        ("fitnessmotivation", ("fitness",)),
        ("catholic", ()),  # cat|holic: "holic" is no word, and "cat" is too short to be a head
        ("adidas", ()),  # a|di|das would need one-letter words
        ("learning", ("education",)),  # a hashtag listed only as a hashtag ...
    ],
)
def test_tags(matcher: Matcher, tag: str, niches: tuple[str, ...]) -> None:
    matches = matcher.tag(tag)
    assert tuple(n for m in matches for n in m.niches) == niches
    assert all(m.tag and m.surface == "-".join(words_of(tag)) for m in matches)


def test_hashtag_only_words_do_not_match_running_text(matcher: Matcher) -> None:
    """... but "learning" in a sentence is not education (machine learning, learning rate)."""
    assert matcher.text("the learning rate") == []
    assert found(matcher.text("deep learning")) == [("deep learning", ("tech",))]


def test_inflected_forms_do_not_serve_as_compound_parts(matcher: Matcher) -> None:
    """tech + n = "techn", an inflection, must not make "techniques" a tech word."""
    assert matcher.text("techniques") == []


def test_a_word_two_niches_list_speaks_for_both() -> None:
    taxonomy = Taxonomy(
        (
            Niche("a", "", {"en": ("jaguar", "engine")}),
            Niche("b", "", {"en": ("jaguar",), "de": ("katze",)}, ("bigcats",)),
        )
    )
    matcher = Matcher(taxonomy)
    assert found(matcher.text("Jaguar engine")) == [("jaguar", ("a", "b")), ("engine", ("a",))]
    assert found(matcher.tag("BigCats")) == [("bigcats", ("b",))]


@given(
    st.lists(
        st.sampled_from(["vegan", "recipes", "home", "baking", "my", "life"]),
        min_size=1,
        max_size=6,
    )
)
def test_segment_covers_every_letter_with_words_of_the_vocabulary(parts: list[str]) -> None:
    vocabulary = {"vegan", "recipes", "recipe", "home", "baking", "my", "life", "s"}
    word = "".join(parts)
    pieces = segment(word, vocabulary)
    assert pieces is not None  # the parts themselves are a covering
    assert "".join(pieces) == word
    assert all(p in vocabulary for p in pieces)
    assert len(pieces) <= len(parts)  # the fewest pieces


def _rebuilds(word: str, pieces: list[str], links: frozenset[str]) -> bool:
    """Whether ``word`` is ``pieces`` in order with at most one link between two pieces."""

    def rest(i: int, k: int) -> bool:
        if k == len(pieces):
            return i == len(word)
        if word.startswith(pieces[k], i) and rest(i + len(pieces[k]), k + 1):
            return True
        return (
            0 < k
            and any(word.startswith(link + pieces[k], i) for link in links)
            and any(
                rest(i + len(link) + len(pieces[k]), k + 1)
                for link in links
                if word.startswith(link + pieces[k], i)
            )
        )

    return rest(0, 0)


@given(st.text(alphabet="abcdefghijnrs", min_size=1, max_size=12))
@example("aea")
def test_segment_with_linking_letters_leaves_out_only_links(word: str) -> None:
    """With the default linking letters (``s``, ``e``, ``en``, …), the pieces and at most one
    link between two of them give the word back: ``aea`` is ``a`` + link ``e`` + ``a``."""
    links = frozenset({"s", "e", "en", "n", "es", "er"})
    vocabulary = {"ab", "cde", "fg", "hij", "a", "bc"}
    pieces = segment(word, vocabulary)
    if pieces is not None:
        assert all(p in vocabulary for p in pieces)
        assert _rebuilds(word, pieces, links), pieces


@given(st.text(alphabet="abcdefghij", min_size=1, max_size=12))
@example("aea")
def test_segment_returns_a_covering_or_none(word: str) -> None:
    """Without linking letters (``links=()``), a covering by the vocabulary or None."""
    vocabulary = {"ab", "cde", "fg", "hij", "a", "bc"}
    pieces = segment(word, vocabulary, links=())
    if pieces is not None:
        assert "".join(pieces) == word and all(p in vocabulary for p in pieces)
    else:  # then no covering exists: check by brute force over cut points
        n = len(word)

        def coverable(i: int) -> bool:
            return i == n or any(
                word[i:j] in vocabulary and coverable(j) for j in range(i + 1, n + 1)
            )

        assert not coverable(0)


WORDS = [
    "Fitness",
    "workout",
    "Rezept",
    "receta",
    "gato",
    "Python",
    "ball",
    "the",
    "über",
    "Straße",
]


@settings(max_examples=60)
@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=8),
    st.sampled_from([" ", ", ", " - ", "! "]),
)
def test_matching_ignores_case_and_separators(words: list[str], sep: str) -> None:
    matcher = Matcher(load_taxonomy())
    text = sep.join(words)
    expected = found(matcher.text(text))
    assert found(matcher.text(text.upper())) == expected
    assert found(matcher.text(" ".join(words).lower())) == expected
