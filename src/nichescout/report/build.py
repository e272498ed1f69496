"""``build_report``: one self-contained HTML file of who matters in each community, and why.

The report calls the library (:class:`~nichescout.scores.CommunityScorer`,
:func:`~nichescout.scores.member.member_profile`, the interaction graph) and only formats what
it returns: a provenance header, then per platform the ranked table of top members with their
*why*, the distribution of scores, tiers, activity over time and the interaction-graph
neighbourhood of the top members; when the store holds creators (members with followers and
posts), a creators section (:mod:`nichescout.report.creators`). Plotly's JavaScript is inlined once; nothing is fetched
from the network, so the file opens offline.

>>> import tempfile, pathlib
>>> from nichescout.data.toy import toy_community
>>> out = pathlib.Path(tempfile.mkdtemp()) / "report.html"
>>> build_report(toy_community(), out, top=3) == out
True
>>> text = out.read_text(encoding="utf-8")
>>> "Ann Helper" in text, text.count("Plotly.newPlot")
(True, 6)
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from nichescout import settings
from nichescout.exceptions import NicheScoutError, ParameterError
from nichescout.plan.compare import compare_portfolios
from nichescout.report import figures
from nichescout.report.activity import member_activity, platform_activity
from nichescout.report.creators import creators_section
from nichescout.report.graph_view import neighbourhood
from nichescout.report.planner import compare_figure
from nichescout.scores import CommunityScorer
from nichescout.settings import TIERS
from nichescout.signals import SIGNALS
from nichescout.store import Store

__all__ = ["build_report", "render_html"]

#: Members whose monthly activity is drawn, per platform.
TREND_MEMBERS = 5
#: Top members in the network plot, and the strongest neighbours shown for each.
NETWORK_MEMBERS = 10
NETWORK_NEIGHBOURS = 3

_TABLE = ["rank", "member_id", "handle", "display_name", "tier", "score", "why"]


def build_report(
    store: Store,
    out_path: str | Path,
    *,
    platform: str | None = None,
    top: int = 25,
    profile: str = "community",
    since: datetime | None = None,
    until: datetime | None = None,
) -> Path:
    """Write the HTML report of ``store`` to ``out_path`` and return that path.

    Parameters
    ----------
    store:
        The store to report on.
    out_path:
        The HTML file to write (its folder must exist).
    platform:
        Only this platform; ``None`` gives one section per platform.
    top:
        How many members each platform's table lists.
    profile:
        The weight profile of :class:`~nichescout.scores.CommunityScorer`.
    since, until:
        The window: only events with ``since <= created_at < until`` count.
    """
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ParameterError.invalid("top", "build_report", "a positive integer", top)
    out = Path(out_path)
    if not out.parent.is_dir():
        raise ParameterError.invalid(
            "out_path", "build_report", "a file in an existing folder", str(out)
        )
    out.write_text(
        render_html(store, platform=platform, top=top, profile=profile, since=since, until=until),
        encoding="utf-8",
    )
    return out


def render_html(
    store: Store,
    *,
    platform: str | None = None,
    top: int = 25,
    profile: str = "community",
    since: datetime | None = None,
    until: datetime | None = None,
) -> str:
    """The report as one HTML string (see :func:`build_report`)."""
    scorer = CommunityScorer(profile, platform=platform, since=since, until=until).fit(store)
    status = {str(r["platform"]): r for r in store.status().to_dict("records")}
    plots: list[tuple[str, go.Figure]] = []
    sections = []
    prov: dict[str, Any] = scorer.provenance_
    for number, name in enumerate(prov["platforms"], start=1):
        section, section_plots = _section(store, scorer, name, f"p{number}", top, status)
        sections.append(section)
        plots += section_plots
    creators, creator_plots = creators_section(
        store, platform=platform, since=since, until=until, top=top, order=_tier_order()
    )
    plots += creator_plots
    fragments = dict(zip([div_id for div_id, _ in plots], figures.to_html(plots), strict=True))
    for section in sections:
        section["plots"] = {
            kind: Markup(fragments[div_id]) for kind, div_id in section["plots"].items()
        }
    if creators is not None:
        creators["plots"] = {div_id: Markup(fragments[div_id]) for div_id, _ in creator_plots}
    header = {
        "method": prov["method"],
        "profile": prov["profile"],
        "combine": prov["combine"],
        "weights": [
            {"signal": s, "weight": w, "description": SIGNALS[s].description}
            for s, w in prov["weights"].items()
        ],
        "since": prov["since"],
        "until": prov["until"],
        "version": prov["version"],
        "computed_at": prov["computed_at"],
        "store": "in-memory store" if store.path == ":memory:" else store.path,
        "top": top,
    }
    template = _environment().get_template("report.html.j2")
    return template.render(prov=header, sections=sections, creators=creators)


def _section(
    store: Store,
    scorer: CommunityScorer,
    platform: str,
    anchor: str,
    top: int,
    status: dict[str, dict[Hashable, Any]],
) -> tuple[dict[str, Any], list[tuple[str, go.Figure]]]:
    ranked = scorer.scores_[scorer.scores_["platform"] == platform]
    best = ranked.head(top)
    counts = status.get(platform, {})
    section: dict[str, Any] = {
        "name": platform,
        "anchor": anchor,
        "ranked": len(ranked),
        "members": int(counts.get("members", 0)),
        "content": int(counts.get("content", 0)),
        "interactions": int(counts.get("interactions", 0)),
        "first_event": _when(counts.get("first_event")),
        "last_event": _when(counts.get("last_event")),
        "rows": [
            {
                **{k: "" if v is None or v is pd.NA or v != v else v for k, v in row.items()},
                "score": f"{row['score']:.1f}",
                "tier": row["tier"] or "–",
            }
            for row in best[_TABLE].to_dict("records")
        ],
        "plots": {},
    }
    # Some exports carry neither names nor times (an edge list of ids): say so rather than
    # draw blank columns and empty charts.
    section["named"] = any(r["handle"] or r["display_name"] for r in section["rows"])
    section["dated"] = section["first_event"] is not None
    if ranked.empty:
        return section, []
    plots: list[tuple[str, go.Figure]] = []

    def add(kind: str, fig: go.Figure) -> None:
        div_id = f"{anchor}-{kind}"
        section["plots"][kind] = div_id
        plots.append((div_id, fig))

    fit = _fit_section(scorer, platform)
    section["fit"] = fit
    if fit is not None and fit["comparison"]:
        add("fit", figures.fit_backtest_figure(fit["comparison"], fit["k"]))
    cutoff = float(best["score"].iloc[-1]) if len(ranked) > len(best) else None
    add("scores", figures.score_histogram(ranked["score"], cutoff=cutoff, top=len(best)))
    add("tiers", figures.tier_bars(ranked["tier"], best["tier"], _tier_order()))
    since, until = scorer.since, scorer.until
    if section["dated"]:
        activity = platform_activity(store, platform, since, until)
        add("activity", figures.platform_activity_figure(activity))
        leaders = best.head(TREND_MEMBERS)
        trends = member_activity(
            store,
            platform,
            list(leaders["member_id"]),
            profile=str(scorer.provenance_["profile"]),
            since=since,
            until=until,
        )
        labels = dict(zip(leaders["member_id"], leaders["handle"].fillna(""), strict=True))
        add("members", figures.member_activity_figure(trends, labels, list(activity["month"])))
    hood = neighbourhood(
        store,
        platform,
        ranked,
        top=NETWORK_MEMBERS,
        neighbours=NETWORK_NEIGHBOURS,
        since=since,
        until=until,
    )
    section["network"] = {"top": int(hood.nodes["top"].sum()), "edges": len(hood.edges)}
    add("network", figures.network_figure(hood))
    section["compare"] = _compare_section(store, platform)
    if section["compare"]["table"] is not None:
        add("compare", compare_figure(section["compare"]["table"]))
    return section, plots


def _compare_section(store: Store, platform: str) -> dict[str, Any]:
    """One macro vs many micros at the setting ``plan_compare_budget``, or why not."""
    budget = float(settings.get("plan_compare_budget"))
    try:
        table = compare_portfolios(store, platform, budget)
    except NicheScoutError as err:
        return {"budget": budget, "table": None, "error": str(err), "rows": []}
    rows = [
        {
            "option": r["option"],
            "creators": r["creators"],
            "cost": f"{r['cost']:,.0f}" if r["creators"] else "—",
            "reach": f"{r['unique_reach']:,.0f}" if r["creators"] else "—",
            "engagements": f"{r['expected_engagements']:,.1f}" if r["creators"] else "—",
            "per_engagement": f"{r['cost_per_engagement']:,.2f}" if r["creators"] else "—",
            "overlap": f"{r['overlap']:.0%}" if r["creators"] else "—",
            "niche_fit": "—" if r["niche_fit"] is None else f"{r['niche_fit']:.0%}",
        }
        for r in table.to_dict("records")
    ]
    drawn = table if table["creators"].sum() else None
    return {"budget": budget, "table": drawn, "error": None, "rows": rows}


def _fit_section(scorer: CommunityScorer, platform: str) -> dict[str, Any] | None:
    """What the fit of ``platform`` chose, for "How this ranking was fitted" (None: not fitted).

    Weights are shown as shares (each profile's weights divided by their sum), prior beside
    fitted, largest fitted share first.
    """
    result = scorer.fits_.get(platform)
    if result is None:
        return None
    prior_total = sum(scorer.weights_.values()) or 1.0
    used = scorer.used_weights_[platform]
    used_total = sum(used.values()) or 1.0
    names = sorted(
        set(scorer.weights_) | set(used),
        key=lambda n: (-used.get(n, 0.0), -scorer.weights_.get(n, 0.0), n),
    )
    return {
        "status": result.status,
        "summary": result.summary(),
        "reason": result.reason,
        "half_life": result.half_life_days,
        "origins": [o.strftime("%Y-%m-%d %H:%M") for o in result.origins],
        "k": result.k,
        "comparison": result.comparison(),
        "weights": [
            {
                "signal": n,
                "prior": f"{scorer.weights_.get(n, 0.0) / prior_total:.3f}",
                "fitted": f"{used.get(n, 0.0) / used_total:.3f}",
                "description": SIGNALS[n].description,
            }
            for n in names
        ],
    }


def _tier_order() -> list[str]:
    order: list[str] = []
    for bounds in TIERS.values():
        order += [name for name, _ in bounds if name not in order]
    return order


def _when(value: Any) -> str | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("nichescout.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
