"""Score accounts for how likely they are fake, and say in words what was seen.

:func:`audit_accounts` reads accounts in the accounts form (:mod:`nichescout.audit.form`),
computes the features of :mod:`nichescout.audit.features`, and scores them with the shipped
calibrated gradient-boosting model (:mod:`nichescout.audit.model`, trained on InstaFake, the
Kaggle Instagram set and Cresci 2015; its accuracy is in docs/evaluation-accounts.md).

Columns of the result, one row per account in the input's order:

- ``handle``;
- ``fake_probability``: the model's calibrated probability that the account is fake;
- ``likely_fake``: ``fake_probability >= audit_fake_threshold`` (a setting, 0.5);
- ``flags``: the plain-word rules of :mod:`nichescout.audit.flags` it raises, joined by
  ``"; "`` (empty when none).

The mean of ``fake_probability`` over a creator's followers estimates the fake share of the
audience (:func:`fake_share`).

>>> import pandas as pd
>>> accounts = pd.DataFrame({
...     "handle": ["maria.ceramics", "user83920417"],
...     "followers": [1840, 3], "following": [410, 2900], "posts": [212, 0],
...     "has_profile_picture": [True, False], "is_private": [False, False]})
>>> result = audit_accounts(accounts)
>>> result[["handle", "likely_fake", "flags"]].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
[{'handle': 'maria.ceramics', 'likely_fake': False, 'flags': ''},
 {'handle': 'user83920417', 'likely_fake': True,
  'flags': 'follows 967× more accounts than follow it; no posts; no profile picture; handle is 67% digits'}]
>>> bool(result.loc[1, "fake_probability"] > 0.9 > 0.1 > result.loc[0, "fake_probability"])
True
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nichescout import settings as _settings
from nichescout._version import __version__
from nichescout.audit.features import FEATURES, account_features
from nichescout.audit.flags import account_flags
from nichescout.audit.form import parse_accounts, read_accounts

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["AUDIT_COLUMNS", "audit_accounts", "fake_share", "score_features"]

#: The columns :func:`audit_accounts` returns, in order.
AUDIT_COLUMNS = ("handle", "fake_probability", "likely_fake", "flags")


def score_features(features: pd.DataFrame, model: Any = None) -> Any:
    """The fake probability of each row of a feature table (default model: the shipped one).

    Scoring runs on one thread: the input is small, and OpenMP's threads only contend.
    """
    from threadpoolctl import threadpool_limits

    from nichescout.audit.model import shipped_model

    model = shipped_model() if model is None else model
    with threadpool_limits(limits=1, user_api="openmp"):
        return model.predict_proba(features[list(FEATURES)])[:, 1]


def audit_accounts(
    frame_or_path: pd.DataFrame | str | Path,
    *,
    settings: Mapping[str, Any] | None = None,
    model: Any = None,
) -> pd.DataFrame:
    """Score each account of the accounts form for how likely it is fake, with flags.

    Parameters
    ----------
    frame_or_path:
        An accounts CSV file, or a DataFrame with the form's columns (checked the same way).
    settings:
        Overrides of the ``audit_*`` settings (thresholds of the flags and of likely_fake).
    model:
        A fitted classifier with ``predict_proba`` over FEATURES; default the shipped one.

    Returns
    -------
    DataFrame
        :data:`AUDIT_COLUMNS`, one row per account in input order; ``attrs["provenance"]``
        names the method, the model's training data and versions (STYLE.md E16).
    """
    import pandas as pd

    from nichescout.audit.model import MODEL_PATH, model_meta

    if isinstance(frame_or_path, pd.DataFrame):
        text = frame_or_path.astype(object).where(frame_or_path.notna(), None)
        rows = [{str(k): v for k, v in r.items()} for r in text.to_dict("records")]
        form = parse_accounts(rows, "accounts", columns=[str(c) for c in text.columns])
    else:
        form = read_accounts(frame_or_path)
    threshold = float(_settings.get("audit_fake_threshold", settings))
    proba = score_features(account_features(form), model) if len(form) else []
    result = pd.DataFrame(
        {
            "handle": form["handle"],
            "fake_probability": pd.Series(proba, index=form.index, dtype="float64").round(4),
        }
    )
    result["likely_fake"] = result["fake_probability"] >= threshold
    records = [{str(k): v for k, v in r.items()} for r in form.to_dict("records")]
    result["flags"] = ["; ".join(account_flags(r, settings)) for r in records]
    meta = model_meta() if model is None else {}
    result.attrs["provenance"] = {
        "method": "calibrated HistGradientBoostingClassifier over the accounts form",
        "model": MODEL_PATH.name if model is None else type(model).__name__,
        "trained_on": meta.get("trained_on"),
        "sklearn_version": meta.get("sklearn_version"),
        "fake_threshold": threshold,
        "version": __version__,
    }
    return result[list(AUDIT_COLUMNS)]


def fake_share(audit: pd.DataFrame) -> float:
    """Expected share of fake accounts: the mean ``fake_probability`` (NaN when empty).

    A calibrated probability's mean estimates the share itself, without choosing a
    threshold (counting ``likely_fake`` instead would depend on the threshold).

    >>> import pandas as pd
    >>> fake_share(pd.DataFrame({"fake_probability": [0.1, 0.9, 0.5]}))
    0.5
    """
    return float(audit["fake_probability"].mean()) if len(audit) else float("nan")
