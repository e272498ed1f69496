"""The CLI on incomplete exports: placeholders reported by ingest and status, strict canonical
imports refused in one line naming the option that allows them."""

from __future__ import annotations

import json
from pathlib import Path

from ..ingest.test_slack import unlisted_export
from .test_cli import run


def _ghosts(folder: Path) -> Path:
    folder.mkdir()
    (folder / "members.csv").write_text("member_id\nann\n")
    (folder / "interactions.csv").write_text(
        "actor_id,kind,target_id,created_at\nann,mention,ghost,2024-03-01T12:00:00\n"
        "ghost,reply,ann,2024-03-02T12:00:00\n"
    )
    return folder


def test_canonical_is_strict_unless_allowed(tmp_path: Path) -> None:
    folder, db = _ghosts(tmp_path / "ghosts"), str(tmp_path / "s.duckdb")
    args = ("ingest", "canonical", str(folder), "--db", db, "--platform", "toy", "--quiet")
    refused = run(*args, ok=False)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    message = " ".join(refused.stderr.split())
    assert "interactions.csv, row 2: target_id 'ghost' names a member found neither" in message
    assert "--allow-unknown-members" in message
    status = json.loads(run("status", "--db", db, "-f", "json").stdout)
    assert status == []  # the refused import left the store empty
    done = run(*args, "--allow-unknown-members")
    assert "1 placeholder members added" in " ".join(done.stderr.split())
    status = json.loads(run("status", "--db", db, "-f", "json").stdout)
    assert [(r["platform"], r["members"], r["unknown"], r["deleted"]) for r in status] == [
        ("toy", 2, 1, 0)
    ]


def test_slack_reports_placeholders(tmp_path: Path) -> None:
    folder, db = unlisted_export(tmp_path / "export"), str(tmp_path / "s.duckdb")
    done = run("ingest", "slack", str(folder), "--db", db, "--quiet")
    assert "6 placeholder members added" in " ".join(done.stderr.split())
