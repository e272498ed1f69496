"""The report's "One macro vs many micros" section and figure."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from nichescout.plan import compare_portfolios
from nichescout.report.planner import compare_figure
from nichescout.store import Store


def test_the_section_shows_the_comparison_the_library_computes(
    sample_report: Path, sample_store: Store
) -> None:
    text = sample_report.read_text(encoding="utf-8")
    section = text[text.index('id="p1-macro-vs-micros"') :]
    section = section[: section.index("</section>")]
    table = compare_portfolios(sample_store, "stackexchange:conlang-meta", 10_000)
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", section)
    assert cells[:2] == ["one macro", "0"]  # the sample has no macro-tier member
    mixed = table.set_index("option").loc["mixed portfolio"]
    row = cells[cells.index("mixed portfolio") : cells.index("mixed portfolio") + 8]
    assert row[1] == str(mixed["creators"]) and row[3] == f"{mixed['unique_reach']:,.0f}"
    # niche fit: the share of picks in the candidates' most common niche (labelled from
    # their tags by nichescout.niches), as the library computes it
    fit = mixed["niche_fit"]
    assert row[7] == ("—" if fit is None or pd.isna(fit) else f"{fit:.0%}")
    assert 'id="p1-compare"' in section and "budget of 10,000" in section


def test_a_platform_without_audiences_says_why(tmp_path: Path) -> None:
    from nichescout.ingest import ingest
    from nichescout.report import build_report

    edges = tmp_path / "edges.csv"
    edges.write_text("source,target,kind\n1,2,join\n", encoding="utf-8")
    store = Store(":memory:")
    ingest(store, "graph", edges, platform="x:y", columns=["source", "target", "kind"])
    text = build_report(store, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Not planned for a budget of 10,000: No candidates on x:y" in text


def test_figure_draws_one_bar_per_option_and_skips_empty_ones() -> None:
    table = pd.DataFrame(
        {
            "option": ["one macro", "micro portfolio", "mixed portfolio"],
            "creators": [0, 5, 9],
            "cost": [0.0, 250.0, 300.0],
            "unique_reach": [float("nan"), 45.0, 51.0],
            "expected_engagements": [float("nan"), 15.0, 22.5],
            "cost_per_engagement": [float("nan"), 16.6, 13.3],
        }
    )
    fig = compare_figure(table)
    assert len(fig.data) == 3
    spec = json.loads(fig.to_json())
    reach = spec["data"][0]
    assert reach["y"][0] is None and reach["y"][1:] == [45.0, 51.0]
    assert reach["text"] == ["—", "45", "51"]
