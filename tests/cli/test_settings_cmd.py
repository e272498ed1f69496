"""``nichescout settings`` lists the settings table in every format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from nichescout.cli import app
from nichescout.settings import SETTINGS

runner = CliRunner()


def test_csv_and_json_list_every_setting_with_the_same_columns() -> None:
    as_csv = runner.invoke(app, ["settings", "--format", "csv"])
    as_json = runner.invoke(app, ["settings", "-f", "json"])
    assert as_csv.exit_code == 0 and as_json.exit_code == 0, as_csv.output + as_json.output
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    records = json.loads(as_json.stdout)
    assert [r["name"] for r in rows] == [r["name"] for r in records] == list(SETTINGS)
    assert list(rows[0]) == list(records[0]) == ["name", "default", "help"]
    by_name = {r["name"]: r for r in records}
    assert by_name["welcome_window_hours"]["default"] == 48.0
    assert by_name["idea_tags"]["default"][0] == "feature-request"
    assert {r["name"]: r["default"] for r in rows}["thanks_pattern"] == SETTINGS[
        "thanks_pattern"
    ].default


def test_table_names_each_setting() -> None:
    result = runner.invoke(app, ["settings"])
    assert result.exit_code == 0
    assert "welcome_window_hours" in result.stdout and "Settings" in result.stdout


def test_command_module_imports_nothing_heavy_at_import_time() -> None:
    """The CLI starts fast: the module's own top-level imports name no heavy library
    (pandas is imported inside the command, only for the table and CSV)."""
    import ast

    from nichescout.cli import settings_cmd

    tree = ast.parse(Path(settings_cmd.__file__).read_text(encoding="utf-8"))
    top = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            top |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            top.add(node.module.split(".")[0])
    assert not top & {"pandas", "networkit", "numba", "scipy", "numpy"}
