"""rank, member and report on every community of ../shared/data, and on the bundled sample.

One store per data set, imported as a user would (the CLI's importers), then the same three
steps a user takes: rank the members, open the top member's profile, write the report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nichescout.data import sample_path
from nichescout.ingest import ingest
from nichescout.report import build_report
from nichescout.scores import CommunityScorer
from nichescout.scores.member import member_profile
from nichescout.store import Store

from ..conftest import SHARED_DATA

D = SHARED_DATA
COMMUNITIES: dict[str, tuple[str, Path, dict[str, Any]]] = {
    "bundled sample": ("stackexchange", sample_path(), {}),
    "stackexchange/quantumcomputing": ("stackexchange", D / "stackexchange/quantumcomputing", {}),
    "stackexchange/datascience-2014": ("stackexchange", D / "stackexchange/datascience-2014", {}),
    "slack/10academy": ("slack", D / "slack/10academy/anonymized", {}),
    "discourse/delving-bitcoin": ("discourse", D / "discourse/delving-bitcoin", {}),
    "reddit/ethereum": ("reddit", D / "reddit/ethereum", {"bots": ["EthereumDailyThread"]}),
    **{
        f"twitch/{lang}": (
            "graph",
            D / f"twitch/{lang}/{lang}_edges.csv",
            {
                "nodes": D / f"twitch/{lang}/{lang}_target.csv",
                "platform": f"twitch:{lang}",
                "directed": False,
            },
        )
        for lang in ("DE", "ENGB", "ES", "FR")
    },
    "twitter-higgs": (
        "graph",
        D / "twitter-higgs/higgs-activity_time.txt.gz",
        {"platform": "twitter:higgs"},
    ),
    "influence-maximization/NetHEPT": (
        "graph",
        D / "influence-maximization/jxshang_NetHEPT.txt",
        {"platform": "nethept"},
    ),
    "snap/email-Eu-core": ("graph", D / "snap/email-Eu-core.txt", {"platform": "email:eu-core"}),
}


@pytest.mark.parametrize("name", sorted(COMMUNITIES))
def test_rank_member_and_report(name: str, tmp_path: Path) -> None:
    fmt, path, options = COMMUNITIES[name]
    if not path.exists():
        pytest.skip(f"real data set not found at {path}")
    store = Store(tmp_path / "store.duckdb")
    ingest(store, fmt, path, **options)
    scorer = CommunityScorer().fit(store)
    scores = scorer.scores_
    assert len(scores) > 0 and scores["score"].between(0, 100).all()
    assert scores["score"].is_monotonic_decreasing
    top = scores.iloc[0]
    assert top["why"] and not top["why"].startswith("not explained")
    profile = member_profile(store, str(top["member_id"]), platform=str(top["platform"]))
    assert profile.rank == 1 and profile.why == top["why"]
    assert profile.signals["value"].notna().any()
    out = build_report(store, tmp_path / "report.html", top=10)
    html = out.read_text(encoding="utf-8")
    assert str(top["member_id"]) in html and "<table" in html
