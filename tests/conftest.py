"""Shared fixtures: where the real data sets live, and a snapshot of a store's contents.

Hypothesis draws new examples on every run here (its default: more of the input space gets
explored over time). ``HYPOTHESIS_PROFILE=ci`` (set by ``.ci/run``) draws the same examples
on every run instead, so CI's verdict depends on the code, not on the draw; a property that
a new draw breaks locally is fixed there, with the example pinned.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from nichescout.data import sample_path
from nichescout.ingest import ingest
from nichescout.store import Store

hypothesis_settings.register_profile("ci", derandomize=True, database=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real public data sets of ../shared/data (skips when they are not beside the repo)."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data sets not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def sample_store() -> Store:
    """The bundled conlang-meta sample, imported once into memory. Read-only: tests that
    change a store build their own."""
    store = Store(":memory:")
    ingest(store, "stackexchange", sample_path())
    return store


@pytest.fixture(scope="session")
def datascience(shared_data: Path) -> tuple[Store, str]:
    """The first months of datascience.stackexchange.com, imported once into memory, and its
    platform. Read-only: tests that change a store copy it first."""
    store = Store(":memory:")
    report = ingest(store, "stackexchange", shared_data / "stackexchange/datascience-2014")
    assert report.platform is not None
    return store, report.platform


def snapshot(store: Store) -> dict[str, str]:
    """A digest of every canonical table's full contents, to prove a store did not change.

    ``imports`` digests the whole record of imports: the ``imports`` table and what each
    import met and changed (``import_shares``, ``member_versions``), which a re-import adds
    to while it leaves the canonical tables alone.
    """
    out = {}
    for table in ("members", "content", "interactions", "imports"):
        parts = [table] if table != "imports" else ["imports", "import_shares", "member_versions"]
        rows = [store.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in parts]
        out[table] = hashlib.sha256(repr(rows if len(rows) > 1 else rows[0]).encode()).hexdigest()
    return out
