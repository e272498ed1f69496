"""The evaluation: its metrics against scikit-learn, the labelled set's shape, the baselines,
and docs/evaluation-niches.md equal to what the committed command makes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import accuracy_score, f1_score

from nichescout.niches.evaluate import (
    DEFAULT_DATA,
    DEFAULT_DOC,
    FlatList,
    _communities,
    accuracy_f1,
    document_of,
    evaluate_labelled,
    load_labelled,
    render_markdown,
    sample_agreement,
)
from nichescout.niches.taxonomy import LANGUAGES, load_taxonomy

ROOT = Path(__file__).resolve().parents[2]
labels = st.sampled_from(["a", "b", "c", "none"])


@given(st.lists(st.tuples(labels, labels), min_size=1, max_size=40))
def test_accuracy_and_macro_f1_equal_scikit_learn(pairs: list[tuple[str, str]]) -> None:
    gold, pred = zip(*pairs, strict=True)
    acc, f1 = accuracy_f1(gold, pred)
    assert acc == pytest.approx(accuracy_score(gold, pred), abs=1e-4)
    expected = f1_score(gold, pred, labels=sorted(set(gold)), average="macro", zero_division=0)
    assert f1 == pytest.approx(expected, abs=1e-4)


def test_the_labelled_set() -> None:
    items = load_labelled(ROOT / DEFAULT_DATA)
    assert len(items) == 210 and len({i.id for i in items}) == 210
    assert Counter((i.language, i.half) for i in items) == {
        (lang, half): 15 for lang in LANGUAGES for half in ("development", "report")
    }
    niches = set(load_taxonomy().names)
    assert {i.niche for i in items} == niches | {"none"}  # every niche, and none
    for half in ("development", "report"):
        assert {i.niche for i in items if i.half == half} == niches | {"none"}
    assert sum(bool(i.note) for i in items) >= 90  # hard cases
    assert {i.field for i in items} == {"bio", "caption", "hashtags"}
    hashtags = next(i for i in items if i.field == "hashtags")
    assert list(document_of(hashtags)) == ["hashtags"] and "#" not in "".join(
        document_of(hashtags)["hashtags"]
    )


def test_flat_lists() -> None:
    taxonomy = load_taxonomy()
    words, substrings = FlatList(taxonomy), FlatList(taxonomy, substrings=True)
    assert words.predict("Start of the category") == "none"
    assert substrings.predict("Start of the category") != "none"  # art, cat
    assert words.predict("my ball python") in {"pets", "tech"}
    assert words.predict("") == "none"


def test_the_classifier_is_not_worse_than_the_flat_list_on_either_half() -> None:
    result = evaluate_labelled(load_labelled(ROOT / DEFAULT_DATA))
    for half in ("development", "report"):
        ours = result.score("keyword classifier", half)
        flat = result.score("flat keyword list", half)
        assert ours[1] >= flat[1] and ours[1] >= 0.85, (half, ours, flat)


def test_the_page_is_what_the_command_makes(shared_data: Path) -> None:
    """Rebuild: python -m nichescout.niches.evaluate --out docs/evaluation-niches.md"""
    result = evaluate_labelled(load_labelled(ROOT / DEFAULT_DATA))
    page = render_markdown(result, sample_agreement(), _communities(shared_data))
    assert (ROOT / DEFAULT_DOC).read_text(encoding="utf-8") == page
