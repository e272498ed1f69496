"""nichescout: find the micro-influencers of a community or a creator niche.

The flow runs one way (see docs/design.md): sources → ingest → store → signals → scores →
plan → impact. The public Python API is re-exported here.
"""

from nichescout._version import __version__
from nichescout.exceptions import (
    InputError,
    NicheScoutError,
    NotFittedError,
    NotFoundError,
    ParameterError,
    StoreError,
)

__all__ = [
    "InputError",
    "NicheScoutError",
    "NotFittedError",
    "NotFoundError",
    "ParameterError",
    "StoreError",
    "__version__",
]
