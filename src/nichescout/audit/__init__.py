"""Audience authenticity: is an account real or fake, and what in its profile says so.

>>> from nichescout.audit import audit_accounts  # audit_accounts(path_or_frame) -> DataFrame

- :mod:`~nichescout.audit.form` reads and checks the accounts form (CSV);
- :mod:`~nichescout.audit.features` turns it into the model's features (formulas there);
- :mod:`~nichescout.audit.flags` states plain-word rules with named thresholds;
- :mod:`~nichescout.audit.model` builds, saves and loads the calibrated model;
- :mod:`~nichescout.audit.accounts` scores accounts (:func:`audit_accounts`);
- :mod:`~nichescout.audit.datasets`, :mod:`~nichescout.audit.evaluate` and
  :mod:`~nichescout.audit.train` rebuild the shipped model and docs/evaluation-accounts.md
  from the labelled sets: ``python -m nichescout.audit.train --data-dir ../shared/data``.
"""

from __future__ import annotations

from nichescout.audit.accounts import AUDIT_COLUMNS, audit_accounts, fake_share
from nichescout.audit.features import FEATURES, account_features
from nichescout.audit.flags import account_flags
from nichescout.audit.form import read_accounts

__all__ = [
    "AUDIT_COLUMNS",
    "FEATURES",
    "account_features",
    "account_flags",
    "audit_accounts",
    "fake_share",
    "read_accounts",
]
