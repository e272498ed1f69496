"""The command line starts fast: heavy libraries load only in the commands that need them.

Each check runs in a fresh interpreter, since this test process has long imported them all.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

#: Libraries that cost a second or more together to import; ``--help`` and ``status`` need none.
HEAVY = ("pandas", "numpy", "scipy", "networkit", "numba", "plotly", "pyarrow")

PROBE = """
import json, sys
{code}
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from nichescout.data import sample_path
    from nichescout.ingest import ingest
    from nichescout.store import Store

    path = tmp_path_factory.mktemp("lazy") / "sample.duckdb"
    with Store(path) as store:
        ingest(store, "stackexchange", sample_path())
    return path


def _loaded(code: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(code=code, heavy=HEAVY)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_importing_the_cli_loads_no_heavy_library() -> None:
    assert _loaded("import nichescout.cli.app") == []


def test_help_loads_no_heavy_library() -> None:
    code = """
from nichescout.cli import app
try:
    app(["--help"])
except SystemExit:
    pass
"""
    assert _loaded(code) == []


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_status_loads_no_heavy_library(sample_db: Path, fmt: str) -> None:
    code = f"""
from nichescout.cli import app
try:
    app(["status", "--db", {str(sample_db)!r}, "-f", {fmt!r}])
except SystemExit:
    pass
"""
    assert _loaded(code) == []


def test_the_library_still_imports_what_it_needs() -> None:
    """The guard can fail: the scoring stack does load pandas and NumPy."""
    assert {"pandas", "numpy"} <= set(_loaded("import nichescout.scores"))
