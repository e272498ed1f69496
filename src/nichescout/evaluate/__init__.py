"""Evaluation stage: does the score find who matters next? (``nichescout evaluate``).

Split a community's history at a cutoff, rank its members from before it with nichescout and
with simple baselines, and compare each ranking with what members did after it
(:mod:`~nichescout.evaluate.harness`); ground truths in :mod:`~nichescout.evaluate.outcomes`,
baselines in :mod:`~nichescout.evaluate.baselines`, metrics in
:mod:`~nichescout.metrics`, the data sets in :mod:`~nichescout.evaluate.datasets`
and the Markdown report in :mod:`~nichescout.evaluate.report`.

>>> from datetime import datetime
>>> from nichescout.data.toy import toy_community
>>> result = evaluate(toy_community(), "toy", datetime(2024, 1, 5), "accepted_answers", k=(1,))
>>> dict(zip(result["method"], result["P@1"].round(2)))
{'nichescout': 1.0, 'nichescout (prior)': 1.0, 'activity': 0.33, 'received': 1.0, 'degree': 0.0, 'pagerank': 0.0, 'accepted': 1.0}
"""

from nichescout.evaluate.datasets import DATASETS, DatasetSpec, OutcomeSpec
from nichescout.evaluate.harness import (
    DEFAULT_BASELINES,
    evaluate,
    event_cutoff,
    pre_cutoff_store,
    rankings,
    score_rankings,
)
from nichescout.metrics import ndcg_at_k, precision_at_k, roc_auc, spearman

__all__ = [
    "DATASETS",
    "DEFAULT_BASELINES",
    "DatasetSpec",
    "OutcomeSpec",
    "evaluate",
    "event_cutoff",
    "ndcg_at_k",
    "pre_cutoff_store",
    "precision_at_k",
    "rankings",
    "roc_auc",
    "score_rankings",
    "spearman",
]
