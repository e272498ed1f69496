"""The keyword classifier against a slow, obvious oracle, and on hand-made cases."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nichescout.exceptions import NotFittedError, ParameterError
from nichescout.niches.keywords import KeywordModel, idf
from nichescout.niches.taxonomy import Niche, Taxonomy

# -- the oracle ------------------------------------------------------------------------------
#: A small taxonomy of single words that neither inflect into nor contain one another.
TAXONOMY = Taxonomy(
    (
        Niche("a", "", {"en": ("alpha", "bravo", "delta")}, ("alphatag",)),
        Niche("b", "", {"en": ("bravo", "echo"), "de": ("foxtrot",)}),
        Niche("c", "", {"en": ("golf", "hotel", "delta", "bravo")}),
        Niche("d", "", {"nl": ("india",)}, ("golf", "kilotag")),
    )
)
KEYWORDS = ["alpha", "bravo", "delta", "echo", "foxtrot", "golf", "hotel", "india"]
HASHTAG_ONLY = ["alphatag", "kilotag"]
FILLER = ["zz", "qq", "xyz", "mmm"]
WEIGHTS = {"bio": 2.0, "captions": 1.0, "hashtags": 1.5, "comments": 0.5}
FIELDS = ["bio", "captions", "hashtags", "comments", "unlisted"]


def listed_by() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for niche in TAXONOMY:
        for word in (*niche.terms(), *niche.hashtags):
            if niche.name not in out.setdefault(word, []):
                out[word].append(niche.name)
    return out


def oracle(
    document: dict[str, list[str]], min_evidence: float, min_relative: float, max_labels: int
):
    """Scores and labels, worked out the obvious way."""
    niches = listed_by()
    hashtag_only = {w for n in TAXONOMY for w in n.hashtags} - {
        w for n in TAXONOMY for w in n.terms()
    }
    counts: Counter[tuple[str, str, str]] = Counter()
    for field, entries in document.items():
        for entry in entries:
            if field == "hashtags":
                tokens = [entry] if entry in niches else []
            else:
                tokens = [t for t in entry.split() if t in niches and t not in hashtag_only]
            for token in tokens:
                for niche in niches[token]:
                    counts[(niche, token, field)] += 1
    n = len(TAXONOMY)
    scores: dict[str, float] = {}
    for (niche, token, field), c in counts.items():
        weight = WEIGHTS.get(field, 1.0) * math.log(1 + n / len(niches[token])) / math.log(1 + n)
        scores[niche] = scores.get(niche, 0.0) + weight * (1 + math.log(c))
    # equal scores (to 9 places: float sums depend on their order) tie, in taxonomy order
    order = sorted(scores, key=lambda k: (-round(scores[k], 9), TAXONOMY.names.index(k)))
    top = scores[order[0]] if order else 0.0
    labels = [
        k
        for k in order
        if scores[k] >= min_evidence - 1e-9 and scores[k] >= min_relative * top - 1e-9
    ]
    return scores, labels[:max_labels]


text_entry = st.lists(st.sampled_from(KEYWORDS + HASHTAG_ONLY + FILLER), max_size=8).map(" ".join)
tag_entry = st.sampled_from(KEYWORDS + HASHTAG_ONLY + FILLER)
documents = st.dictionaries(
    st.sampled_from(FIELDS),
    st.lists(text_entry, max_size=5),
    max_size=4,
).flatmap(
    lambda doc: st.lists(tag_entry, max_size=10).map(
        lambda tags: {**doc, **({"hashtags": tags} if "hashtags" in doc else {})}
    )
)


@settings(max_examples=300, deadline=None)
@given(
    documents,
    st.sampled_from([0.0, 0.5, 1.0, 2.5]),
    st.sampled_from([0.0, 0.35, 0.8, 1.0]),
    st.integers(1, 4),
)
def test_scores_and_labels_equal_the_oracle(
    document, min_evidence, min_relative, max_labels
) -> None:
    overrides = {
        "niches_field_weights": WEIGHTS,
        "niches_min_evidence": min_evidence,
        "niches_min_relative": min_relative,
        "niches_max_labels": max_labels,
    }
    model = KeywordModel(TAXONOMY, overrides).fit()
    expected, labels = oracle(document, min_evidence, min_relative, max_labels)
    got = {s.niche: s.score for s in model.score(document)}
    assert got.keys() == expected.keys()
    for niche, value in expected.items():
        assert got[niche] == pytest.approx(value)
    assert [s.niche for s in model.label(document)] == labels
    shares = [s.share for s in model.score(document)]
    assert sum(shares) == pytest.approx(1.0 if expected else 0.0)


@settings(max_examples=100, deadline=None)
@given(documents, st.randoms(use_true_random=False), text_entry)
def test_order_does_not_matter_and_more_text_never_lowers_a_score(document, rng, extra) -> None:
    model = KeywordModel(TAXONOMY).fit()
    before = {s.niche: s.score for s in model.score(document)}
    shuffled = {f: rng.sample(v, len(v)) for f, v in reversed(list(document.items()))}
    assert {s.niche: s.score for s in model.score(shuffled)} == pytest.approx(before)
    more = {**document, "captions": [*document.get("captions", []), extra]}
    after = {s.niche: s.score for s in model.score(more)}
    assert all(after.get(k, 0.0) >= v - 1e-12 for k, v in before.items())


def test_idf() -> None:
    assert idf(1, 4) == 1.0
    assert idf(4, 4) == pytest.approx(math.log(2) / math.log(5))
    with pytest.raises(ParameterError, match="'listed_by' parameter of idf must be"):
        idf(0, 4)


# -- hand-made cases on the default taxonomy -------------------------------------------------
@pytest.fixture(scope="module")
def model() -> KeywordModel:
    return KeywordModel().fit()


def first(model: KeywordModel, **fields: list[str]) -> str | None:
    labels = model.label(fields)
    return labels[0].niche if labels else None


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"captions": ["Apple finally fixed the battery drain; the new MacBook is fast."]}, "tech"),
        ({"captions": ["My ball python shed perfectly this week."]}, "pets"),
        ({"captions": ["Wrote a Python script that cleans CSV exports with pandas."]}, "tech"),
        ({"captions": ["Java in the morning, a volcano hike at noon. Indonesia!"]}, "travel"),
        ({"bio": ["Leitora voraz 📚 clube do livro"]}, "books"),
        ({"hashtags": ["recetassaludables", "comidacasera"]}, "food"),
        ({"captions": ["Good morning! Have a lovely Monday."]}, None),
        ({"captions": ["A bolsa de valores caiu 3% hoje."]}, "personal finance"),
        ({"captions": ["Comprei uma bolsa de couro vintage."]}, "fashion"),
    ],
)
def test_hand_made(model: KeywordModel, fields: dict[str, list[str]], expected: str | None) -> None:
    assert first(model, **fields) == expected


def test_minimum_evidence_keeps_a_word_two_niches_share_from_labelling_alone(model) -> None:
    """'second hand' is listed by fashion (German) and sustainability (English): a caption
    mention weighs log(1 + 21/2) / log(22) = 0.79 < 1 for each; the bio's weight 2 lifts it."""
    assert model.label({"captions": ["all second hand"]}) == []
    labels = model.label({"bio": ["all second hand"]})
    assert [s.niche for s in labels] == ["fashion", "sustainability"]  # a tie, taxonomy order
    assert labels[0].score == pytest.approx(2 * idf(2, 21))


def test_relative_rule_and_max_labels(model) -> None:
    doc = {"hashtags": ["legday"] * 20 + ["gym"] * 10, "captions": ["recipe"] * 2 + ["squat"]}
    assert [s.niche for s in model.label(doc)] == ["fitness"]  # food 1.7 < 0.35 × fitness
    scores = model.score(doc)
    assert [s.niche for s in scores] == ["fitness", "food"]
    loose = KeywordModel(overrides={"niches_min_relative": 0.0, "niches_max_labels": 1}).fit()
    assert [s.niche for s in loose.label(doc)] == ["fitness"]
    two = KeywordModel(overrides={"niches_min_relative": 0.0}).fit()
    assert [s.niche for s in two.label(doc)] == ["fitness", "food"]


def test_evidence_in_words(model) -> None:
    doc = {"hashtags": ["legday"] * 12, "captions": ["new workout"] * 9, "bio": ["Strength coach"]}
    (label,) = model.label(doc)
    assert label.explain() == (
        'fitness: #legday ×12, "workout" ×9 in captions, "strength coach" in bio'
    )
    assert label.explain(1) == "fitness: #legday ×12"
    assert label.evidence[0].weight == pytest.approx(1.5 * (1 + math.log(12)))


def test_a_hashtag_is_one_piece_of_evidence_however_many_words_it_holds(model) -> None:
    """#veganrecipes holds two food words; it counts once, as itself."""
    (label,) = model.score({"hashtags": ["veganrecipes"]})
    assert label.score == pytest.approx(1.5) and label.explain() == "food: #veganrecipes"


def test_unfitted_and_bad_settings() -> None:
    with pytest.raises(NotFittedError):
        KeywordModel().score({"bio": ["x"]})
    with pytest.raises(ParameterError, match="niches_min_relative is out of its range"):
        KeywordModel(overrides={"niches_min_relative": 2.0}).fit()
    with pytest.raises(ParameterError, match="niches_max_labels is out of its range"):
        KeywordModel(overrides={"niches_max_labels": 0}).fit()
    with pytest.raises(ParameterError, match="gives 'bio' a weight of -1.0"):
        KeywordModel(overrides={"niches_field_weights": {"bio": -1.0}}).fit()
