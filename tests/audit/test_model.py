"""The shipped model: it loads, it is checked, it separates the labelled sets better than the
following/followers ratio alone, and fitting is deterministic."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from nichescout.audit.accounts import score_features
from nichescout.audit.datasets import load_all
from nichescout.audit.evaluate import best_threshold, evaluate_sets, fit_model, set_weights
from nichescout.audit.features import FEATURES
from nichescout.audit.model import MODEL_PATH, check_version, load_model, model_meta
from nichescout.audit.train import render_markdown
from nichescout.exceptions import ModelError


@pytest.fixture(scope="module")
def sets(shared_data: Path) -> dict[str, pd.DataFrame]:
    return load_all(shared_data)


def test_the_shipped_model_is_small_and_described() -> None:
    assert MODEL_PATH.stat().st_size < 1_000_000
    meta = model_meta()
    assert meta["features"] == list(FEATURES)
    assert set(meta["trained_on"]) == {"instafake", "kaggle", "cresci2015"}
    check_version(meta, __import__("sklearn").__version__, MODEL_PATH)  # the installed one


@pytest.mark.parametrize("name", ["instafake", "kaggle", "cresci2015"])
def test_model_scores_each_set_above_the_ratio_baseline(
    sets: dict[str, pd.DataFrame], name: str
) -> None:
    frame = sets[name]
    proba = score_features(frame)
    assert ((proba >= 0) & (proba <= 1)).all()
    auc = roc_auc_score(frame["fake"], proba)
    baseline = roc_auc_score(frame["fake"], frame["follow_ratio"])
    assert auc > 0.95 and auc > baseline, (auc, baseline)


def test_probabilities_are_calibrated_on_the_pooled_sets(sets: dict[str, pd.DataFrame]) -> None:
    """Weighted as in training, the mean probability is close to the weighted fake share."""
    pooled = pd.concat([f.assign(set=n) for n, f in sets.items()], ignore_index=True)
    weights = set_weights(pooled["set"])
    proba = score_features(pooled)
    expected = np.average(pooled["fake"], weights=weights)
    assert np.average(proba, weights=weights) == pytest.approx(expected, abs=0.03)


def test_another_sklearn_minor_version_is_refused(tmp_path: Path) -> None:
    shutil.copy(MODEL_PATH, tmp_path / "m.skops")
    meta = {**model_meta(), "sklearn_version": "0.1.0"}
    (tmp_path / "m.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match=r"scikit-learn 0\.1\.0.*python -m nichescout.audit.train"):
        load_model(tmp_path / "m.skops")
    with pytest.raises(ModelError, match="missing"):
        load_model(tmp_path / "absent.skops")


def test_fitting_is_deterministic(sets: dict[str, pd.DataFrame]) -> None:
    frame = sets["kaggle"]
    first = fit_model(frame, random_state=3).predict_proba(frame[list(FEATURES)])[:, 1]  # type: ignore[attr-defined]
    second = fit_model(frame, random_state=3).predict_proba(frame[list(FEATURES)])[:, 1]  # type: ignore[attr-defined]
    np.testing.assert_array_equal(first, second)


def test_evaluation_covers_within_across_and_held_out() -> None:
    """On three small synthetic sets: every setting and pair, model and baseline."""
    rng = np.random.default_rng(0)

    def make(n: int) -> pd.DataFrame:
        fake = rng.integers(0, 2, n)
        frame = pd.DataFrame(rng.normal(size=(n, len(FEATURES))), columns=list(FEATURES))
        frame["follow_ratio"] += 2 * fake
        frame["bio_length"] = np.nan  # a feature the set lacks
        return frame.assign(fake=fake)

    sets = {"a": make(120), "b": make(100), "c": make(80)}
    rows = evaluate_sets(sets, n_splits=3, max_iter=10)
    page = render_markdown(rows, sets, command="test", random_state=0)
    for heading in ("### Within each set", "### Across sets", "### One set held out"):
        assert heading in page
    assert page.count("| a | b |") == 1 and "a: bio_length" in page
    settings = pd.DataFrame(rows).groupby(["setting", "method"]).size().to_dict()
    assert settings == {
        ("across", "follow_ratio"): 6,
        ("across", "model"): 6,
        ("held-out set", "follow_ratio"): 3,
        ("held-out set", "model"): 3,
        ("within", "follow_ratio"): 3,
        ("within", "model"): 3,
    }
    assert all(0.5 < r.auc <= 1 for r in rows if r.method == "follow_ratio")


def test_best_threshold_maximises_f1() -> None:
    score = np.array([0.1, 0.2, 0.3, 0.4, 0.5])
    assert best_threshold(score, np.array([0, 0, 1, 0, 1])) == 0.3  # F1 0.8
    assert best_threshold(score, np.array([0, 0, 0, 0, 1])) == 0.5


def test_set_weights_give_each_set_the_same_total() -> None:
    names = pd.Series(["a"] * 3 + ["b"])
    weights = set_weights(names)
    assert weights[:3].sum() == pytest.approx(weights[3:].sum()) and weights.mean() == 1
