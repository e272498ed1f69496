"""One picture of the evaluation: nichescout against the best baseline, task by task.

A plain SVG (no plotting library, no script), so it shows wherever the Markdown report is
read. For each task, two bars: nichescout's value of the headline metric (NDCG@20, or AUC for
a 0/1 label) and the best baseline's, named.

>>> import pandas as pd
>>> frame = pd.DataFrame({
...     "dataset": ["se", "se"], "outcome": ["accepted", "accepted"],
...     "method": ["nichescout", "activity"], "NDCG@20": [0.8, 0.9]})
>>> svg = summary_svg(frame)
>>> svg.startswith("<svg") and "activity 0.900" in svg and "nichescout 0.800" in svg
True
"""

from __future__ import annotations

from html import escape

import pandas as pd

from nichescout.evaluate.harness import PRIOR

__all__ = ["summary_svg"]

_ROW = 44
_LEFT = 400
_BAR = 360
_OURS = "#2b6cb0"
_THEIRS = "#a0aec0"


#: The metric the summary draws (the issue's goal metric).
HEADLINE = "NDCG@20"


def _headline(rows: pd.DataFrame) -> str:
    return "AUC" if "AUC" in rows and rows["AUC"].notna().any() else HEADLINE


def summary_svg(frame: pd.DataFrame, method: str = "nichescout") -> str:
    """SVG text of the per-task comparison in ``frame`` (the evaluation's results_frame)."""
    frame = frame[~frame["method"].str.startswith("variant:") & (frame["method"] != PRIOR)]
    tasks = list(dict.fromkeys(zip(frame["dataset"], frame["outcome"], strict=True)))
    height = 40 + _ROW * len(tasks) + 30
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_LEFT + _BAR + 170}" '
        f'height="{height}" font-family="sans-serif" font-size="12">',
        '<text x="10" y="20" font-size="14" font-weight="bold">nichescout (blue) against '
        f"the best baseline (grey): {HEADLINE}, or AUC for Twitch partners</text>",
    ]
    for i, (dataset, outcome) in enumerate(tasks):
        rows = frame[(frame["dataset"] == dataset) & (frame["outcome"] == outcome)]
        metric = _headline(rows)
        ours = rows.loc[rows["method"] == method, metric]
        others = rows[rows["method"] != method].dropna(subset=[metric])
        if ours.empty or others.empty:
            continue
        best = others.loc[others[metric].idxmax()]
        y = 40 + i * _ROW
        out.append(f'<text x="10" y="{y + 12}">{escape(dataset)}</text>')
        out.append(f'<text x="10" y="{y + 27}" fill="#4a5568">{escape(outcome)} ({metric})</text>')
        for j, (name, value, colour) in enumerate(
            (
                (method, float(ours.iloc[0]), _OURS),
                (str(best["method"]), float(best[metric]), _THEIRS),
            )
        ):
            top = y + j * 17
            width = max(0.0, min(1.0, value)) * _BAR
            out.append(
                f'<rect x="{_LEFT}" y="{top}" width="{width:.1f}" height="14" fill="{colour}"/>'
            )
            out.append(
                f'<text x="{_LEFT + width + 6:.1f}" y="{top + 11}">{escape(name)} {value:.3f}</text>'
            )
    axis = 40 + _ROW * len(tasks)
    out.append(f'<line x1="{_LEFT}" y1="{axis}" x2="{_LEFT + _BAR}" y2="{axis}" stroke="#718096"/>')
    for tick in (0.0, 0.5, 1.0):
        x = _LEFT + tick * _BAR
        out.append(f'<text x="{x:.1f}" y="{axis + 16}" text-anchor="middle">{tick:g}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
