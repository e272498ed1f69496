"""Audits of creators: is an account real or fake, and are sponsored posts disclosed.

>>> from nichescout.audit import audit_accounts  # audit_accounts(path_or_frame) -> DataFrame
>>> from nichescout.audit import audit_disclosure  # audit_disclosure(posts) -> DataFrame
>>> from nichescout.audit import audience_report  # audience_report(store, platform, handle)
>>> from nichescout.audit import engagement_anomalies  # engagement_anomalies(store, ...)

Fake accounts (``nichescout audit accounts``):

- :mod:`~nichescout.audit.form` reads and checks the accounts form (CSV);
- :mod:`~nichescout.audit.features` turns it into the model's features (formulas there);
- :mod:`~nichescout.audit.flags` states plain-word rules with named thresholds;
- :mod:`~nichescout.audit.model` builds, saves and loads the calibrated model;
- :mod:`~nichescout.audit.accounts` scores accounts (:func:`audit_accounts`);
- :mod:`~nichescout.audit.datasets`, :mod:`~nichescout.audit.evaluate` and
  :mod:`~nichescout.audit.train` rebuild the shipped model and docs/evaluation-accounts.md
  from the labelled sets: ``python -m nichescout.audit.train --data-dir ../shared/data``.

Sponsorship disclosure (``nichescout audit disclosure``):

- :mod:`~nichescout.audit.postsform` reads and checks the posts form (CSV);
- :mod:`~nichescout.audit.lexicon` holds the official disclosure terms of seven languages;
- :mod:`~nichescout.audit.cues` and :mod:`~nichescout.audit.terms` are the feature functions
  (promo codes, tracking links, own products, where a disclosure stands);
- :mod:`~nichescout.audit.language` guesses a caption's language from its function words;
- :mod:`~nichescout.audit.disclosure` decides (:func:`assess`, :func:`audit_disclosure`,
  :func:`disclosure_by_creator`);
- :mod:`~nichescout.audit.evaluate_disclosure` measures it against a keyword-list baseline
  and writes docs/evaluation-disclosure.md.

A creator's audience and engagement (``nichescout audit audience``, ``audit anomalies``), on
the store:

- :mod:`~nichescout.audit.audience` scores each stored commenter or follower of a creator
  with the fake-account model and gives the fake share with a Wilson interval
  (:func:`audience_report`, :func:`audience_members`);
- :mod:`~nichescout.audit.anomalies` flags likes-to-comments ratios far from the cohort,
  follower jumps no viral post explains, generic comments and pods, each with what was seen
  in words (:func:`engagement_anomalies`);
- :mod:`~nichescout.audit.pods` finds pods: dense clusters of the mutual-comment graph
  (:func:`find_pods`);
- :mod:`~nichescout.audit.evaluate_audience` measures them on labelled audiences
  (docs/creators.md).
"""

from __future__ import annotations

from nichescout.audit.accounts import AUDIT_COLUMNS, audit_accounts, fake_share
from nichescout.audit.anomalies import ANOMALY_COLUMNS, engagement_anomalies
from nichescout.audit.audience import (
    AUDIENCE_COLUMNS,
    MEMBER_COLUMNS,
    audience_members,
    audience_report,
)
from nichescout.audit.disclosure import (
    CREATOR_COLUMNS,
    DISCLOSURE_COLUMNS,
    Assessment,
    assess,
    audit_disclosure,
    disclosure_by_creator,
)
from nichescout.audit.features import FEATURES, account_features
from nichescout.audit.flags import account_flags
from nichescout.audit.form import read_accounts
from nichescout.audit.pods import Pod, find_pods
from nichescout.audit.postsform import read_posts

__all__ = [
    "ANOMALY_COLUMNS",
    "AUDIENCE_COLUMNS",
    "AUDIT_COLUMNS",
    "CREATOR_COLUMNS",
    "DISCLOSURE_COLUMNS",
    "FEATURES",
    "MEMBER_COLUMNS",
    "Assessment",
    "Pod",
    "account_features",
    "account_flags",
    "assess",
    "audience_members",
    "audience_report",
    "audit_accounts",
    "audit_disclosure",
    "disclosure_by_creator",
    "engagement_anomalies",
    "fake_share",
    "find_pods",
    "read_accounts",
    "read_posts",
]
