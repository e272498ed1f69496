"""The fake-account model: how it is built, saved and loaded.

Method: scikit-learn's :class:`~sklearn.ensemble.HistGradientBoostingClassifier` (gradient
boosted trees on binned features, missing values learnt as their own branch) over
:data:`~nichescout.audit.features.FEATURES`, wrapped in
:class:`~sklearn.calibration.CalibratedClassifierCV` so that ``fake_probability`` is a
probability: of the accounts scored 0.8, about 8 in 10 were fake in the data it learnt from.
Platt scaling (a logistic curve over the trees' score) is fitted on out-of-fold scores of 5
stratified folds, and one model fitted on all the data is kept (``ensemble=False``), so the
file holds one set of trees. Every random choice takes ``random_state``.

The shipped model (``nichescout/data/fake_accounts.skops``, with ``fake_accounts.json``
describing it) is saved with skops, which loads only the types listed in
:data:`TRUSTED_TYPES` (no arbitrary code, unlike a pickle). A fitted scikit-learn model is
only guaranteed to load into the scikit-learn version that fitted it: :func:`load_model`
checks the ``major.minor`` version and, when it differs, says how to rebuild it
(``python -m nichescout.audit.train``).

References
----------
Platt, J. (1999). Probabilistic outputs for support vector machines and comparisons to
regularized likelihood methods.
"""

from __future__ import annotations

import json
import zipfile
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nichescout.exceptions import ModelError

if TYPE_CHECKING:
    from sklearn.calibration import CalibratedClassifierCV

__all__ = [
    "MODEL_META",
    "MODEL_PATH",
    "REBUILD",
    "TRUSTED_TYPES",
    "build_model",
    "load_model",
    "save_model",
]

_DATA = Path(__file__).resolve().parent.parent / "data"
#: The shipped model file and its description.
MODEL_PATH = _DATA / "fake_accounts.skops"
MODEL_META = _DATA / "fake_accounts.json"
#: The command that rebuilds the shipped model (and docs/evaluation-accounts.md).
REBUILD = "python -m nichescout.audit.train --data-dir ../shared/data"

#: Types the model file may hold beyond skops' defaults (checked when loading).
TRUSTED_TYPES = (
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
    "sklearn.model_selection._split.StratifiedKFold",
)


def build_model(random_state: int = 0, max_iter: int = 150) -> CalibratedClassifierCV:
    """An unfitted, calibrated gradient-boosting classifier of ``max_iter`` trees (small:
    the sets are small)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import StratifiedKFold

    trees = HistGradientBoostingClassifier(
        learning_rate=0.05,
        max_iter=max_iter,
        max_leaf_nodes=15,
        min_samples_leaf=20,
        l2_regularization=1.0,
        early_stopping=False,
        random_state=random_state,
    )
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=random_state)
    return CalibratedClassifierCV(trees, method="sigmoid", cv=folds, ensemble=False)


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def save_model(model: Any, path: Path, meta: dict[str, Any]) -> None:
    """Save a fitted model with skops and its description (versions, features) as JSON."""
    import sklearn
    import skops
    import skops.io as sio

    path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(model, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    meta = {**meta, "sklearn_version": sklearn.__version__, "skops_version": skops.__version__}
    path.with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def check_version(meta: dict[str, Any], installed: str, path: Path) -> None:
    """Refuse a model fitted by another scikit-learn ``major.minor`` than the installed one.

    >>> check_version({"sklearn_version": "1.9.1"}, "1.9.0", Path("m.skops"))
    >>> check_version({"sklearn_version": "1.9.1"}, "1.10.0", Path("m.skops"))
    Traceback (most recent call last):
    ...
    nichescout.exceptions.ModelError: m.skops was fitted with scikit-learn 1.9.1 and cannot be trusted with the installed 1.10.0; install scikit-learn 1.9.x (pip install 'scikit-learn==1.9.*') or rebuild the model: python -m nichescout.audit.train --data-dir ../shared/data
    """
    fitted = str(meta.get("sklearn_version", "unknown"))
    if _minor(fitted) != _minor(installed):
        raise ModelError(
            f"{path.name} was fitted with scikit-learn {fitted} and cannot be trusted with the "
            f"installed {installed}; install scikit-learn {_minor(fitted)}.x "
            f"(pip install 'scikit-learn=={_minor(fitted)}.*') or rebuild the model: {REBUILD}"
        )


def load_model(path: Path | None = None) -> Any:
    """Load a model saved by :func:`save_model` (default: the shipped one), checked."""
    import sklearn
    import skops.io as sio

    path = MODEL_PATH if path is None else Path(path)
    meta_path = path.with_suffix(".json")
    if not path.exists() or not meta_path.exists():
        raise ModelError(
            f"{path} or its description {meta_path.name} is missing; rebuild: {REBUILD}"
        )
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    check_version(meta, sklearn.__version__, path)
    untrusted = set(sio.get_untrusted_types(file=path)) - set(TRUSTED_TYPES)
    if untrusted:
        raise ModelError(
            f"{path.name} holds types nichescout does not trust ({', '.join(sorted(untrusted))}); "
            f"rebuild it: {REBUILD}"
        )
    return sio.load(path, trusted=list(TRUSTED_TYPES))


@cache
def shipped_model() -> Any:
    """The shipped model, loaded once per process."""
    return load_model()


def model_meta(path: Path | None = None) -> dict[str, Any]:
    """The description saved beside a model file (default: the shipped one)."""
    meta_path = (MODEL_PATH if path is None else Path(path)).with_suffix(".json")
    data: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8"))
    return data
