"""The report's "One macro vs many micros" figure: the same budget spent three ways.

Draws what :func:`~nichescout.plan.compare_portfolios` computed — unique reach, expected
engagements and cost per engagement of each option — as three small bar charts in the
report's style (:mod:`nichescout.report.figures`). An option with nothing affordable has no
bar.

>>> import pandas as pd
>>> table = pd.DataFrame({"option": ["one macro", "micro portfolio", "mixed portfolio"],
...                       "creators": [1, 12, 30], "cost": [9000.0, 9900.0, 10000.0],
...                       "unique_reach": [1300.0, 4000.0, 5000.0],
...                       "expected_engagements": [20.0, 370.0, 850.0],
...                       "cost_per_engagement": [450.0, 26.8, 11.8]})
>>> fig = compare_figure(table)
>>> [trace.type for trace in fig.data], list(fig.data[0].x)
(['bar', 'bar', 'bar'], ['one macro', 'micro portfolio', 'mixed portfolio'])
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from nichescout.report.figures import BLUE, GREY, ORANGE, _layout

__all__ = ["compare_figure"]

#: Panels: column, title, number format.
_PANELS = (
    ("unique_reach", "unique reach", ",.0f"),
    ("expected_engagements", "expected engagements", ",.1f"),
    ("cost_per_engagement", "cost per engagement (lower is better)", ",.2f"),
)
_COLOURS = {"one macro": ORANGE, "micro portfolio": BLUE, "mixed portfolio": GREY}


def compare_figure(table: pd.DataFrame) -> go.Figure:
    """Three bar charts side by side, one bar per option of ``table`` (compare_portfolios)."""
    fig = make_subplots(rows=1, cols=len(_PANELS), subplot_titles=[t for _, t, _ in _PANELS])
    options = [str(o) for o in table["option"]]
    for col, (column, title, spec) in enumerate(_PANELS, start=1):
        values = [float(v) for v in table[column]]
        shown = [None if math.isnan(v) else v for v in values]
        fig.add_bar(
            x=options,
            y=shown,
            marker_color=[_COLOURS.get(o, GREY) for o in options],
            text=[format(v, spec) if v is not None else "—" for v in shown],
            textposition="outside",
            cliponaxis=False,
            customdata=[
                [int(n), float(c)] for n, c in zip(table["creators"], table["cost"], strict=True)
            ],
            hovertemplate="%{x}: %{y:" + spec + "}<br>%{customdata[0]} creators, cost "
            "%{customdata[1]:,.0f}<extra>" + title + "</extra>",
            row=1,
            col=col,
        )
    fig.update_annotations(font_size=12)
    return _layout(fig, height=340, showlegend=False)
