"""Plotly figures of the report, and their HTML with plotly.js inlined exactly once.

Every function here only draws what the library computed. Text that comes from users
(handles, display names) is HTML-escaped before Plotly sees it: Plotly interprets a few tags
(``<b>``, ``<a href>``) in labels, and a member's name must show as written.

>>> import pandas as pd
>>> fig = score_histogram(pd.Series([10.0, 55.0, 90.0]), cutoff=55.0, top=2)
>>> [trace.type for trace in fig.data]
['histogram']
>>> html = to_html([("a", fig), ("b", fig)])
>>> [h.count("plotly.js v") > 0 for h in html], [h.count("Plotly.newPlot") for h in html]
([True, False], [1, 1])
"""

from __future__ import annotations

import html as _html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from nichescout.report.graph_view import Neighbourhood

__all__ = [
    "fit_backtest_figure",
    "member_activity_figure",
    "network_figure",
    "platform_activity_figure",
    "score_histogram",
    "tier_bars",
    "to_html",
]

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
BLUE, ORANGE, GREY = "#1f5fa8", "#e07b39", "#9aa5b1"
CONFIG = {"displaylogo": False, "responsive": True}


def escape(value: Any) -> str:
    """User text as Plotly should show it: HTML-escaped, empty for missing values.

    >>> escape("<b>Ann</b> & co"), escape(None)
    ('&lt;b&gt;Ann&lt;/b&gt; &amp; co', '')
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return _html.escape(str(value))


def _layout(fig: go.Figure, *, height: int = 320, **kwargs: Any) -> go.Figure:
    fig.update_layout(
        template="plotly_white",
        height=height,
        margin={"l": 50, "r": 20, "t": 30, "b": 45},
        font={"family": FONT, "size": 12},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        **kwargs,
    )
    return fig


def score_histogram(scores: pd.Series, *, cutoff: float | None, top: int) -> go.Figure:
    """How the scores of every ranked member are spread, with the top-``top`` cut-off."""
    fig = go.Figure(
        go.Histogram(
            x=scores.astype(float),
            xbins={"start": 0, "end": 100.0001, "size": 5},
            marker_color=BLUE,
            hovertemplate="score %{x}: %{y} members<extra></extra>",
        )
    )
    if cutoff is not None:
        fig.add_vline(
            x=cutoff,
            line={"color": ORANGE, "dash": "dash"},
            annotation_text=f"top {top}",
            annotation_position="top left",
        )
    fig.update_xaxes(range=[0, 100])
    return _layout(fig, xaxis_title="score (0–100)", yaxis_title="members", bargap=0.05)


def tier_bars(all_tiers: pd.Series, top_tiers: pd.Series, order: Sequence[str]) -> go.Figure:
    """Members per audience tier: every ranked member, and the top members."""
    known = [t for t in order if t in set(all_tiers.dropna())]
    extra = sorted(set(all_tiers.dropna()) - set(order))
    tiers = known + extra
    fig = go.Figure()
    for name, values, colour in (
        ("all ranked members", all_tiers, GREY),
        (f"top {len(top_tiers)}", top_tiers, BLUE),
    ):
        counts = values.value_counts()
        fig.add_bar(
            x=tiers,
            y=[int(counts.get(t, 0)) for t in tiers],
            name=name,
            marker_color=colour,
            hovertemplate="%{x}: %{y} members<extra>" + name + "</extra>",
        )
    return _layout(fig, barmode="group", xaxis_title="tier", yaxis_title="members")


def fit_backtest_figure(comparison: Sequence[tuple[str, str, float]], k: int) -> go.Figure:
    """Inner-backtest NDCG@k of the fitted ranking, the prior weights and each simple measure.

    ``comparison`` is :meth:`~nichescout.scores.fit.FitResult.comparison`: (key, label, NDCG)
    triples, best first, drawn top to bottom in that order: the fitted ranking (key
    ``fitted``) in blue, the profile's prior weights (``prior``) in orange, the rest in grey.
    """
    colour = {"fitted": BLUE, "prior": ORANGE}
    labels = [label for _, label, _ in comparison]  # words of the code, not of users
    values = [float(value) for _, _, value in comparison]
    fig = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker_color=[colour.get(key, GREY) for key, _, _ in comparison],
            text=[f"{v:.2f}" for v in values],
            textposition="outside",
            hovertemplate="%{y}: NDCG@" + str(k) + " %{x:.3f}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(range=[0, 1.1])
    return _layout(
        fig,
        height=90 + 28 * len(labels),
        xaxis_title=f"NDCG@{k} on the later part of the history (higher is better)",
        showlegend=False,
    )


def platform_activity_figure(activity: pd.DataFrame) -> go.Figure:
    """Content items and interactions per month on the platform."""
    fig = go.Figure()
    for column, colour in (("items", BLUE), ("interactions", ORANGE)):
        fig.add_bar(
            x=activity["month"],
            y=activity[column],
            name=column,
            marker_color=colour,
            hovertemplate="%{x}: %{y} " + column + "<extra></extra>",
        )
    fig.update_xaxes(type="category")
    return _layout(fig, barmode="group", xaxis_title="month", yaxis_title="count")


def member_activity_figure(
    trends: Mapping[str, pd.DataFrame], labels: Mapping[str, str], months: Sequence[str]
) -> go.Figure:
    """Each top member's items posted plus actions taken, per month (received on hover)."""
    fig = go.Figure()
    for member_id, trend in trends.items():
        full = trend.set_index("month").reindex(list(months), fill_value=0)
        full = full[["items", "actions", "received"]].astype(int)
        fig.add_scatter(
            x=list(months),
            y=full["items"] + full["actions"],
            mode="lines+markers",
            name=escape(labels.get(member_id, member_id)),
            customdata=full.to_numpy(),
            hovertemplate=(
                "%{x}: %{customdata[0]} items, %{customdata[1]} actions, "
                "%{customdata[2]} received<extra>%{fullData.name}</extra>"
            ),
        )
    fig.update_xaxes(type="category")
    return _layout(fig, xaxis_title="month", yaxis_title="items + actions")


def network_figure(hood: Neighbourhood) -> go.Figure:
    """The top members (blue, sized by score) and their strongest neighbours (grey)."""
    xy = {
        str(m): (float(x), float(y))
        for m, x, y in zip(hood.nodes["member_id"], hood.nodes["x"], hood.nodes["y"], strict=True)
    }
    fig = go.Figure()
    weights = hood.edges["weight"].to_numpy(dtype=float)
    if len(weights):
        widths = 1.0 + 4.0 * np.log1p(weights) / np.log1p(weights.max())
        for band in _bands(widths):
            xs: list[float | None] = []
            ys: list[float | None] = []
            for edge in hood.edges[band].itertuples():
                (x0, y0), (x1, y1) = xy[str(edge.source)], xy[str(edge.target)]
                xs += [x0, x1, None]
                ys += [y0, y1, None]
            fig.add_scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"width": float(widths[band].mean()), "color": "#c3ccd6"},
                hoverinfo="skip",
                showlegend=False,
            )
    for is_top, colour, name in ((True, BLUE, "top member"), (False, GREY, "neighbour")):
        part = hood.nodes[hood.nodes["top"] == is_top]
        if part.empty:
            continue
        score = pd.to_numeric(part["score"], errors="coerce").fillna(0.0).to_numpy()
        fig.add_scatter(
            x=part["x"],
            y=part["y"],
            mode="markers+text",
            name=name,
            text=[
                escape(h) or escape(m)
                for h, m in zip(part["handle"], part["member_id"], strict=True)
            ],
            textposition="top center",
            marker={
                "size": 12 + 18 * score / 100 if is_top else 9,
                "color": colour,
                "line": {"width": 1, "color": "white"},
            },
            hovertext=[_node_hover(row) for row in part.itertuples()],
            hoverinfo="text",
        )
    fig.update_xaxes(visible=False, range=[-1.25, 1.25])
    fig.update_yaxes(visible=False, range=[-1.12, 1.18])
    fig = _layout(fig, height=520, showlegend=False)
    return fig.update_layout(margin={"l": 10, "r": 10, "t": 10, "b": 10})


def _bands(widths: np.ndarray) -> Iterable[np.ndarray]:
    edges = np.unique(np.round(widths))
    for value in edges:
        yield np.round(widths) == value


def _node_hover(row: Any) -> str:
    handle = f"@{escape(row.handle)}"
    who = f"{escape(row.display_name)} ({handle})" if escape(row.display_name) else handle
    where = "" if pd.isna(row.rank) else f"<br>rank {int(row.rank)}, score {row.score:.1f}"
    return f"{who}<br>member id {escape(row.member_id)}{where}"


def to_html(figures: Sequence[tuple[str, go.Figure]]) -> list[str]:
    """HTML fragments of ``figures`` (div id, figure) in page order.

    The first fragment carries plotly.js inline (the report opens offline); the others use it.
    """
    return [
        fig.to_html(
            full_html=False,
            include_plotlyjs=i == 0,
            div_id=div_id,
            config=CONFIG,
            default_width="100%",
            default_height=f"{fig.layout.height or 320}px",
        )
        for i, (div_id, fig) in enumerate(figures)
    ]
