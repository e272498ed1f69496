"""Stores and reports shared by the report tests (each built once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nichescout.data.toy import toy_community
from nichescout.report import build_report
from nichescout.store import Store

#: A display name and a handle that would run or render as markup if left unescaped.
EVIL_NAME = "<script>window.__pwned = 1</script>Ann"
EVIL_HANDLE = "<b>ann</b>"


@pytest.fixture(scope="session")
def toy_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_report(toy_community(), tmp_path_factory.mktemp("toy") / "report.html")


@pytest.fixture(scope="session")
def sample_report(tmp_path_factory: pytest.TempPathFactory, sample_store: Store) -> Path:
    return build_report(sample_store, tmp_path_factory.mktemp("sample") / "report.html")


@pytest.fixture(scope="session")
def evil_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The toy community after Ann renamed herself with markup in her name and handle."""
    store = toy_community()
    store.con.execute(
        "UPDATE members SET display_name = ?, handle = ? WHERE member_id = 'ann'",
        [EVIL_NAME, EVIL_HANDLE],
    )
    return build_report(store, tmp_path_factory.mktemp("evil") / "report.html")
