"""Figures: they draw what they are given, escape user text, and share one plotly.js."""

from __future__ import annotations

import pandas as pd

from nichescout.report import figures
from nichescout.report.graph_view import Neighbourhood


def test_tier_bars_count_every_tier_in_order() -> None:
    all_tiers = pd.Series(["micro", "nano", "nano", "macro", "odd", None])
    fig = figures.tier_bars(all_tiers, pd.Series(["micro", "nano"]), ["nano", "micro", "macro"])
    everyone, top = fig.data
    assert list(everyone.x) == ["nano", "micro", "macro", "odd"]
    assert list(everyone.y) == [2, 1, 1, 1]
    assert list(top.y) == [1, 1, 0, 0]
    assert top.name == "top 2"


def test_histogram_marks_the_cutoff_only_when_the_table_is_cut() -> None:
    scores = pd.Series([5.0, 50.0, 95.0])
    assert len(figures.score_histogram(scores, cutoff=50.0, top=2).layout.shapes) == 1
    assert len(figures.score_histogram(scores, cutoff=None, top=3).layout.shapes) == 0


def test_user_text_reaches_plotly_escaped() -> None:
    trend = pd.DataFrame({"month": ["2024-01"], "items": [1], "actions": [2], "received": [3]})
    fig = figures.member_activity_figure({"7": trend}, {"7": "<i>x</i>"}, ["2023-12", "2024-01"])
    (line,) = fig.data
    assert line.name == "&lt;i&gt;x&lt;/i&gt;"
    assert list(line.y) == [0, 3]  # the missing month is a zero
    nodes = pd.DataFrame(
        {
            "member_id": ["7", "8"],
            "handle": ["<i>x</i>", "y"],
            "display_name": ["X & co", None],
            "rank": [1, None],
            "score": [90.0, None],
            "top": [True, False],
            "x": [0.0, 1.0],
            "y": [0.0, 0.0],
        }
    )
    edges = pd.DataFrame({"source": ["7"], "target": ["8"], "weight": [2.0]})
    fig = figures.network_figure(Neighbourhood(nodes, edges))
    labels = [t for trace in fig.data if trace.text is not None for t in trace.text]
    assert labels == ["&lt;i&gt;x&lt;/i&gt;", "y"]
    hover = [t for trace in fig.data if trace.hovertext is not None for t in trace.hovertext]
    assert hover[0] == "X &amp; co (@&lt;i&gt;x&lt;/i&gt;)<br>member id 7<br>rank 1, score 90.0"
    assert hover[1] == "@y<br>member id 8"  # no display name: the handle alone


def test_plotly_js_only_in_the_first_fragment() -> None:
    fig = figures.score_histogram(pd.Series([1.0]), cutoff=None, top=1)
    first, second, third = figures.to_html([("a", fig), ("b", fig), ("c", fig)])
    assert "plotly.js v" in first
    assert "plotly.js v" not in second and "plotly.js v" not in third
    assert 'id="b"' in second and "cdn" not in second.lower()
