"""Audits of creators: is an account real or fake, and are sponsored posts disclosed.

>>> from nichescout.audit import audit_accounts  # audit_accounts(path_or_frame) -> DataFrame
>>> from nichescout.audit import audit_disclosure  # audit_disclosure(posts) -> DataFrame

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
"""

from __future__ import annotations

from nichescout.audit.accounts import AUDIT_COLUMNS, audit_accounts, fake_share
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
from nichescout.audit.postsform import read_posts

__all__ = [
    "AUDIT_COLUMNS",
    "CREATOR_COLUMNS",
    "DISCLOSURE_COLUMNS",
    "FEATURES",
    "Assessment",
    "account_features",
    "account_flags",
    "assess",
    "audit_accounts",
    "audit_disclosure",
    "disclosure_by_creator",
    "fake_share",
    "read_accounts",
    "read_posts",
]
