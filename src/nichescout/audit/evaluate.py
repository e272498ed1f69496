"""How well the fake-account model separates fake from real accounts, on the labelled sets.

Three settings, each beside the baseline ``follow_ratio`` alone (following ÷ followers, the
number fake-follower checkers start from):

- **within** a set: stratified 5-fold cross-validation; every account is scored by a model
  that did not see it (out-of-fold), and ROC AUC and F1 are computed over all of them;
- **across** sets: fit on one whole set, score another (every ordered pair);
- **held-out set**: fit on the other sets pooled (as the shipped model is, minus one), score
  the set left out: the closest to accounts from a source the model never met.

F1 counts an account as fake when its probability is at least 0.5 (the model) or when its
following/followers ratio is at least the cut-off that maximises F1 on the training data
(the baseline: it gets its best threshold, fitted the same way).

>>> import numpy as np
>>> best_threshold(np.array([0.1, 0.4, 0.6, 0.9]), np.array([0, 0, 1, 1]))
0.6
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from nichescout.audit.features import FEATURES
from nichescout.audit.model import build_model

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = [
    "EvalRow",
    "best_threshold",
    "evaluate_sets",
    "fit_model",
    "set_weights",
    "training_matrix",
]

BASELINE = "follow_ratio"


@dataclass(frozen=True)
class EvalRow:
    """One line of the evaluation: where it was fitted and scored, and the two metrics."""

    setting: str  # within, across, held-out set
    train: str
    test: str
    method: str  # model or the baseline
    auc: float
    f1: float
    n_test: int
    fake_share: float


def best_threshold(score: np.ndarray, label: np.ndarray) -> float:
    """The cut-off on ``score`` (fake when score >= it) with the highest F1 on ``label``."""
    import numpy as np
    from sklearn.metrics import f1_score

    candidates = np.unique(score)
    best, best_f1 = float(candidates[0]), -1.0
    for cut in candidates:
        f1 = f1_score(label, score >= cut, zero_division=0.0)
        if f1 > best_f1:
            best, best_f1 = float(cut), float(f1)
    return best


def set_weights(names: pd.Series) -> np.ndarray:
    """Sample weights giving each labelled set the same total weight (mean weight 1)."""
    counts = names.map(names.value_counts())
    weights = len(names) / (names.nunique() * counts)
    return weights.to_numpy(dtype=float)


def training_matrix(frame: pd.DataFrame) -> pd.DataFrame:
    """The features to fit on: a feature the set never has (all NaN) becomes a constant 0,
    which no tree splits on (scikit-learn's binning refuses a column with no value)."""
    X = frame[list(FEATURES)]
    empty = [c for c in FEATURES if X[c].isna().all()]
    return X.fillna(dict.fromkeys(empty, 0.0)) if empty else X


def fit_model(frame: pd.DataFrame, random_state: int = 0, max_iter: int = 150) -> object:
    """The model fitted on ``frame`` (features and ``fake``; with a ``set`` column naming
    several labelled sets, each set gets the same total weight)."""
    from threadpoolctl import threadpool_limits

    model = build_model(random_state, max_iter)
    X, y = training_matrix(frame), frame["fake"].to_numpy()
    weights = set_weights(frame["set"]) if "set" in frame and frame["set"].nunique() > 1 else None
    with threadpool_limits(limits=1, user_api="openmp"):  # small data: threads only contend
        model.fit(X, y, sample_weight=weights)
    return model


def _metrics(
    setting: str,
    train: str,
    test: str,
    truth: np.ndarray,
    proba: np.ndarray,
    ratio: np.ndarray,
    ratio_cut: float | np.ndarray,
) -> list[EvalRow]:
    from sklearn.metrics import f1_score, roc_auc_score

    n, share = len(truth), float(truth.mean())
    return [
        EvalRow(
            setting,
            train,
            test,
            "model",
            float(roc_auc_score(truth, proba)),
            float(f1_score(truth, proba >= 0.5)),
            n,
            share,
        ),
        EvalRow(
            setting,
            train,
            test,
            BASELINE,
            float(roc_auc_score(truth, ratio)),
            float(f1_score(truth, ratio >= ratio_cut)),
            n,
            share,
        ),
    ]


def evaluate_sets(
    sets: dict[str, pd.DataFrame],
    *,
    n_splits: int = 5,
    random_state: int = 0,
    max_iter: int = 150,
) -> list[EvalRow]:
    """Every evaluation row over the labelled ``sets`` (name → features and ``fake``);
    ``max_iter`` trees per model (fewer only to test the procedure quickly)."""
    import numpy as np
    import pandas as pd
    from sklearn.model_selection import StratifiedKFold

    rows: list[EvalRow] = []
    for name, frame in sets.items():
        y = frame["fake"].to_numpy()
        ratio = frame[BASELINE].to_numpy()
        proba = np.zeros(len(frame))
        cuts = np.zeros(len(frame))
        folds = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
        for train, test in folds.split(frame, y):
            model = fit_model(frame.iloc[train], random_state, max_iter)
            proba[test] = model.predict_proba(frame.iloc[test][list(FEATURES)])[:, 1]  # type: ignore[attr-defined]
            cuts[test] = best_threshold(ratio[train], y[train])
        rows += _metrics("within", name, name, y, proba, ratio, cuts)
    fitted = {name: fit_model(frame, random_state, max_iter) for name, frame in sets.items()}
    for train_name, model in fitted.items():
        cut = best_threshold(
            sets[train_name][BASELINE].to_numpy(), sets[train_name]["fake"].to_numpy()
        )
        for test_name, frame in sets.items():
            if test_name == train_name:
                continue
            proba = model.predict_proba(frame[list(FEATURES)])[:, 1]  # type: ignore[attr-defined]
            y, ratio = frame["fake"].to_numpy(), frame[BASELINE].to_numpy()
            rows += _metrics("across", train_name, test_name, y, proba, ratio, cut)
    if len(sets) > 2:
        for test_name, frame in sets.items():
            others = {k: v for k, v in sets.items() if k != test_name}
            pooled = pd.concat([v.assign(set=k) for k, v in others.items()], ignore_index=True)
            model = fit_model(pooled, random_state, max_iter)
            proba = model.predict_proba(frame[list(FEATURES)])[:, 1]  # type: ignore[attr-defined]
            y, ratio = frame["fake"].to_numpy(), frame[BASELINE].to_numpy()
            cut = best_threshold(pooled[BASELINE].to_numpy(), pooled["fake"].to_numpy())
            rows += _metrics("held-out set", " + ".join(others), test_name, y, proba, ratio, cut)
    return rows
