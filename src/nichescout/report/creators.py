"""The report's "Creators" section: engagement against audience size, the top creators, and
their disclosure record — when the store holds creators (members with followers and posts).

It draws what :func:`nichescout.creators.discover.creator_table` computed (the table
``nichescout discover`` filters): per platform, each creator's median engagement rate
against their followers on a log scale, coloured by tier, with the median of each tier as a
line across the followers the tier's creators span (rates fall as audiences grow: the
tier is the cohort the percentiles compare within by default); a table of the first
creators by the ``creator`` profile with tier, engagement, percentile, disclosure record,
fake share and niche; and, per creator with sponsored posts, a bar of how those posts were
disclosed (clearly, unclearly, not at all). Handles and niches come from members and are
HTML-escaped before Plotly sees them (:func:`nichescout.report.figures.escape`).

>>> import pandas as pd
>>> table = pd.DataFrame({"platform": ["p"] * 3, "handle": ["a", "b", "<b>c</b>"],
...     "tier": ["nano", "micro", "micro"], "followers": [500, 2_000, 8_000],
...     "engagement": [0.08, 0.04, 0.02], "percentile": [1.0, 0.67, 0.33],
...     "niche": ["food", None, "tech"], "sponsored_posts": [0, 2, 3],
...     "clearly_disclosed": [0, 2, 1], "unclear": [0, 0, 1], "undisclosed": [0, 0, 1]})
>>> fig = engagement_figure(table, ["nano", "micro"])
>>> [(t.name, t.mode) for t in fig.data]
[('nano', 'markers'), ('micro', 'markers'), ('tier median', 'lines')]
>>> list(fig.data[2].y[:2]), fig.layout.xaxis.type
([0.08, 0.08], 'log')
>>> bars = disclosure_figure(table)
>>> [t.name for t in bars.data], list(bars.data[0].y)
(['clearly disclosed', 'unclear', 'not disclosed'], ['&lt;b&gt;c&lt;/b&gt; (p)', 'b (p)'])
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pandas as pd
import plotly.graph_objects as go

from nichescout.report.figures import BLUE, GREY, ORANGE, _layout, escape

if TYPE_CHECKING:
    from nichescout.store import Store

__all__ = ["creators_section", "disclosure_figure", "engagement_figure", "has_creators"]

#: Tier colours, in tier order; tiers beyond these are grey.
_TIER_COLOURS = ("#7fb3e0", BLUE, ORANGE, "#8c2d04")
_DISCLOSURE = (
    ("clearly_disclosed", "clearly disclosed", BLUE),
    ("unclear", "unclear", ORANGE),
    ("undisclosed", "not disclosed", "#c0392b"),
)


def has_creators(store: Store, platform: str | None = None) -> bool:
    """Whether the store holds creators: members with a follower count and posts."""
    row = store.con.execute(
        """SELECT EXISTS (SELECT 1 FROM members m JOIN content c ON c.author_key = m.member_key
                          WHERE m.followers IS NOT NULL AND c.kind IN ('post', 'video')
                            AND (? IS NULL OR m.platform = ?))""",
        [platform, platform],
    ).fetchone()
    return bool(row and row[0])


def _pct(value: Any, digits: int = 2) -> str:
    return "—" if value is None or value != value else f"{100 * float(value):.{digits}f}%"


def engagement_figure(table: pd.DataFrame, tiers: Sequence[str]) -> go.Figure:
    """One platform's creators: median engagement rate per follower against followers (log
    scale), one colour per tier in ``tiers`` order, and each tier's median as a line across
    the followers its creators span."""
    known = table[table["followers"].notna() & table["engagement"].notna()]
    order = [t for t in tiers if t in set(known["tier"])]
    order += sorted(set(known["tier"].dropna()) - set(order))
    colours = {t: _TIER_COLOURS[i] if i < len(_TIER_COLOURS) else GREY for i, t in enumerate(order)}
    fig = go.Figure()
    for tier in order:
        part = known[known["tier"] == tier]
        fig.add_scatter(
            x=part["followers"].astype(float).tolist(),
            y=part["engagement"].astype(float).tolist(),
            mode="markers",
            name=tier,
            marker={"color": colours[tier], "size": 9, "line": {"width": 1, "color": "white"}},
            hovertext=[_hover(row) for row in part.itertuples()],
            hoverinfo="text",
        )
    xs: list[float | None] = []
    ys: list[float | None] = []
    for tier in order:
        part = known[known["tier"] == tier]
        median = float(part["engagement"].median())
        xs += [float(part["followers"].min()), float(part["followers"].max()), None]
        ys += [median, median, None]
    if xs:
        fig.add_scatter(
            x=xs,
            y=ys,
            mode="lines",
            name="tier median",
            line={"color": "#1d2733", "dash": "dash", "width": 2},
            hovertemplate="tier median %{y:.2%}<extra></extra>",
        )
    fig.update_xaxes(type="log", title="followers (log scale)")
    fig.update_yaxes(tickformat=".1%", title="median engagement per follower per post")
    return _layout(fig, height=380)


def _hover(row: Any) -> str:
    niche = escape(row.niche) or "no niche"
    pct = "" if row.percentile != row.percentile else f", {round(100 * row.percentile)}th pct"
    return (
        f"@{escape(row.handle)} ({escape(row.tier)}, {niche})<br>"
        f"{int(row.followers):,} followers, engagement {_pct(row.engagement)}{pct}"
    )


def disclosure_figure(table: pd.DataFrame) -> go.Figure:
    """One bar per creator with sponsored posts: how many were clearly disclosed, unclearly,
    or not at all; creators with the most posts to fix on top."""
    sponsored = table[table["sponsored_posts"] > 0].copy()
    sponsored["_fix"] = sponsored["unclear"] + sponsored["undisclosed"]
    sponsored = sponsored.sort_values(
        ["_fix", "sponsored_posts", "handle"], ascending=[False, False, True], kind="stable"
    )
    labels = [
        f"{escape(h)} ({escape(p)})"
        for h, p in zip(sponsored["handle"], sponsored["platform"], strict=True)
    ]
    fig = go.Figure()
    for column, name, colour in _DISCLOSURE:
        fig.add_bar(
            x=sponsored[column].astype(int).tolist(),
            y=labels,
            orientation="h",
            name=name,
            marker_color=colour,
            hovertemplate="%{y}: %{x} sponsored posts " + name + "<extra></extra>",
        )
    fig.update_yaxes(autorange="reversed")
    return _layout(
        fig,
        height=120 + 22 * max(len(labels), 1),
        barmode="stack",
        xaxis_title="sponsored posts",
        legend_traceorder="normal",
    )


def _missing(value: Any) -> bool:
    return value is None or bool(pd.isna(value))


def _row(r: dict[Any, Any]) -> dict[str, Any]:
    """One creator as the table shows them."""
    sponsored, clear = int(r["sponsored_posts"]), int(r["clearly_disclosed"])
    return {
        "rank": r["rank"],
        "platform": r["platform"],
        "handle": r["handle"],
        "tier": r["tier"] if isinstance(r["tier"], str) else "–",
        "followers": "—" if _missing(r["followers"]) else f"{int(r['followers']):,}",
        "engagement": _pct(None if _missing(r["engagement"]) else r["engagement"]),
        "percentile": "—" if _missing(r["percentile"]) else f"{round(100 * r['percentile'])}",
        "cohort": r["cohort"] or "",
        "disclosure": f"{clear} of {sponsored} clear" if sponsored else "none sponsored",
        "to_fix": r["posts_to_fix"],
        "fake_share": "unknown" if _missing(r["fake_share"]) else f"{r['fake_share']:.0%}",
        "audience_check": r["audience_check"],
        "niche": r["niche"] if isinstance(r["niche"], str) else "—",
        "score": f"{r['score']:.1f}",
    }


def creators_section(
    store: Store,
    *,
    platform: str | None,
    since: datetime | None,
    until: datetime | None,
    top: int,
    order: Sequence[str],
) -> tuple[dict[str, Any] | None, list[tuple[str, go.Figure]]]:
    """The section's figures and table rows, or ``(None, [])`` when there are no creators.

    ``order`` is the tier order for the legend; ``top`` how many creators the table lists.
    """
    if not has_creators(store, platform):
        return None, []
    from nichescout.creators.discover import creator_table

    table = creator_table(store, platform, since=since, until=until)
    if table.empty:
        return None, []
    plots: list[tuple[str, go.Figure]] = []
    platforms = []
    for number, (name, part) in enumerate(table.groupby("platform", sort=True), start=1):
        div_id = f"c{number}-engagement"
        plots.append((div_id, engagement_figure(part, order)))
        medians = part.groupby("tier")["engagement"].median()
        tiers = [t for t in order if t in medians.index]
        tiers += sorted(set(medians.index) - set(tiers))
        platforms.append(
            {
                "name": name,
                "div": div_id,
                "creators": len(part),
                "medians": ", ".join(f"{t} {_pct(medians[t])}" for t in tiers),
            }
        )
    sponsored = table[table["sponsored_posts"] > 0]
    if not sponsored.empty:
        plots.append(("c-disclosure", disclosure_figure(table)))
    rows = [_row(r) for r in table.head(top).to_dict("records")]
    totals = {
        "creators": len(table),
        "sponsored_posts": int(table["sponsored_posts"].sum()),
        "clearly_disclosed": int(table["clearly_disclosed"].sum()),
        "to_fix": int((table["unclear"] + table["undisclosed"]).sum()),
        "with_sponsored": len(sponsored),
        "fake_known": int(table["fake_share"].notna().sum()),
    }
    section = {
        "platforms": platforms,
        "rows": rows,
        "totals": totals,
        "disclosure": "c-disclosure" if not sponsored.empty else None,
        "plots": {},
    }
    return section, plots
