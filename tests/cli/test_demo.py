"""``nichescout demo``: both bundled samples in one store, the ranking, discover, the report."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from nichescout.cli import app
from nichescout.store import Store


def test_demo_imports_both_samples_and_reports_the_creators(tmp_path: Path) -> None:
    db, out = tmp_path / "demo.duckdb", tmp_path / "report.html"
    result = CliRunner().invoke(app, ["demo", "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Top 10 micro-influencers of stackexchange:conlang-meta" in result.stdout
    assert "nichescout discover --tier micro --disclosure required --top 5" in result.stdout
    assert "zero.waste.zoe" in result.stdout and "6/6 clear (100%)" in result.stdout
    with Store(db, read_only=True) as store:
        assert store.platforms() == [
            "instagram:sample",
            "stackexchange:conlang-meta",
            "tiktok:sample",
        ]
    text = out.read_text(encoding="utf-8")
    assert 'id="creators"' in text and '"c-disclosure"' in text
    # a second run adds nothing
    again = CliRunner().invoke(app, ["demo", "--db", str(db), "--out", str(out)])
    assert again.exit_code == 0 and "already present" in again.stderr
