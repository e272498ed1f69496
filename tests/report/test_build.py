"""build_report: the HTML file holds what the library computed, escaped, and nothing remote."""

from __future__ import annotations

import json
import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from nichescout.data import sample_path
from nichescout.data.toy import toy_community
from nichescout.exceptions import NotFoundError, ParameterError
from nichescout.ingest import ingest
from nichescout.report import build_report, render_html
from nichescout.scores import CommunityScorer
from nichescout.store import Store

from .conftest import EVIL_HANDLE, EVIL_NAME

PLOTS_PER_PLATFORM = 6
REMOTE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)


class _Page(HTMLParser):
    """Rows of the ranking tables (cell texts, unescaped) and every URL-valued attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.urls: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_ranking = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in {"src", "href", "data", "poster", "srcset", "action"} and value:
                self.urls.append((tag, name, value))
        if tag == "table" and ("class", "ranking") in attrs:
            self._in_ranking = True
            self.tables.append([])
        elif tag == "tr" and self._in_ranking:
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._row:  # header rows hold <th> only
                self.tables[-1].append(self._row)
            self._row = None
        elif tag == "table":
            self._in_ranking = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def parse(path: Path) -> tuple[str, _Page]:
    text = path.read_text(encoding="utf-8")
    page = _Page()
    page.feed(text)
    return text, page


def test_toy_table_lists_every_ranked_member_with_why(toy_report: Path) -> None:
    _, page = parse(toy_report)
    scorer = CommunityScorer().fit(toy_community())
    (table,) = page.tables
    assert [row[1] for row in table] == ["ann", "dan", "cat", "bob", "eve"]
    assert [row[0] for row in table] == ["1", "2", "3", "4", "5"]
    ann = table[0]
    assert ann[2:5] == ["ann", "Ann Helper", "nano"]
    assert ann[5] == f"{scorer.scores_['score'].iloc[0]:.1f}"
    assert ann[6] == scorer.why_["ann"]
    assert ann[6].startswith("3 posts and 2 actions")


def test_sample_table_is_the_scorers_top(sample_report: Path, sample_store: Store) -> None:
    _, page = parse(sample_report)
    top = CommunityScorer().fit(sample_store).top(25)
    (table,) = page.tables
    assert len(table) == 25
    assert [row[1] for row in table] == list(top["member_id"])
    assert [row[2] for row in table] == list(top["handle"])
    assert [row[6] for row in table] == list(top["why"])


def test_provenance_header(sample_report: Path) -> None:
    text, _ = parse(sample_report)
    for expected in (
        "nichescout.CommunityScorer",
        "<dt>Profile</dt><dd>community (signals combined by log_magnitude)</dd>",
        "<dt>Window</dt><dd>all events</dd>",
        "<dt>Store</dt><dd>in-memory store</dd>",
        "stackexchange:conlang-meta",
        "2018-02-06 to 2020-08-25",
    ):
        assert expected in text
    assert re.search(r"<dt>Version</dt><dd>nichescout \d+\.\d+", text)
    assert re.search(r"<dt>Computed</dt><dd>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d UTC</dd>", text)


def test_plotly_is_inlined_once_and_every_plot_uses_it(sample_report: Path) -> None:
    text, page = parse(sample_report)
    assert text.count("plotly.js v") == 1
    assert text.count("Plotly.newPlot(") == PLOTS_PER_PLATFORM
    assert text.index("plotly.js v") < text.index("Plotly.newPlot(")
    for kind in ("scores", "tiers", "activity", "members", "network", "compare"):
        assert f'id="p1-{kind}"' in text


@pytest.mark.parametrize("report", ["toy_report", "sample_report", "evil_report"])
def test_nothing_is_fetched_from_the_network(report: str, request: pytest.FixtureRequest) -> None:
    text, page = parse(request.getfixturevalue(report))
    assert not [u for u in page.urls if REMOTE.match(u[2])]
    assert "link" not in page.tags  # no stylesheet, font or icon from anywhere
    assert not re.search(r"<script[^>]*\ssrc=", text, re.IGNORECASE)
    style = text[text.index("<style>") : text.index("</style>")]
    assert "@import" not in style and "url(" not in style and "@font-face" not in style


def test_user_text_is_escaped(evil_report: Path) -> None:
    text, page = parse(evil_report)
    assert EVIL_NAME not in text
    assert "<script>window.__pwned" not in text
    assert EVIL_HANDLE not in text
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;Ann" in text
    (table,) = page.tables
    assert table[0][1:4] == ["ann", EVIL_HANDLE, EVIL_NAME]  # shown exactly as written
    # in the plots' JSON, Plotly receives the HTML-escaped label (it renders a few tags)
    assert r"&lt;b&gt;ann&lt;\u002fb&gt;" in text


def test_window_and_platform(tmp_path: Path) -> None:
    store = Store(":memory:")
    ingest(store, "stackexchange", sample_path())
    toy_community(store)
    both = render_html(store, top=3)
    assert both.count('<section class="platform"') == 2
    assert both.count("Plotly.newPlot(") == 2 * PLOTS_PER_PLATFORM
    assert both.count("plotly.js v") == 1
    assert '<a href="#p2">toy</a>' in both

    until = datetime(2018, 3, 1)
    out = build_report(
        store, tmp_path / "r.html", platform="stackexchange:conlang-meta", top=10, until=until
    )
    text, page = parse(out)
    expected = CommunityScorer(platform="stackexchange:conlang-meta", until=until).fit(store)
    (table,) = page.tables
    assert [row[1] for row in table] == list(expected.top(10)["member_id"])
    assert "until before 2018-03-01T00:00:00" in text
    assert 'data-platform="toy"' not in text


def test_missing_names_show_as_blanks(tmp_path: Path) -> None:
    store = toy_community()
    store.con.execute(
        "UPDATE members SET display_name = NULL, handle = NULL WHERE member_id = 'bob'"
    )
    _, page = parse(build_report(store, tmp_path / "r.html"))
    (table,) = page.tables
    assert [row[1:4] for row in table if row[1] == "bob"] == [["bob", "", ""]]


def test_a_window_with_nobody_active_says_so(tmp_path: Path) -> None:
    text = render_html(toy_community(), since=datetime(2030, 1, 1))
    assert "No member was active on this platform in this window" in text
    assert "Plotly.newPlot(" not in text and "plotly.js v" not in text


def test_same_store_same_report(toy_report: Path) -> None:
    stamp = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
    first = stamp.sub("T", toy_report.read_text(encoding="utf-8"))
    second = stamp.sub("T", render_html(toy_community()))
    assert first == second


def test_errors_name_the_problem(tmp_path: Path) -> None:
    store = toy_community()
    with pytest.raises(ParameterError, match="'top' parameter of build_report"):
        build_report(store, tmp_path / "r.html", top=0)
    with pytest.raises(ParameterError, match="existing folder"):
        build_report(store, tmp_path / "missing" / "r.html")
    with pytest.raises(NotFoundError, match="No platform 'slack'"):
        build_report(store, tmp_path / "r.html", platform="slack")
    assert not (tmp_path / "r.html").exists()


def _plot_data(text: str, div_id: str) -> list[dict[str, Any]]:
    """The traces of the Plotly plot drawn into ``div_id``, as the page passes them."""
    start = text.index(f'Plotly.newPlot(                        "{div_id}",')
    start = text.index("[", start)
    traces, _ = json.JSONDecoder().raw_decode(text, start)
    return list(traces)


def test_fitted_section_shows_the_fits_own_backtest_and_weights(
    datascience: tuple[Store, str], tmp_path: Path
) -> None:
    store, platform = datascience
    until = datetime(2014, 8, 15)
    out = build_report(store, tmp_path / "r.html", profile="help", until=until)
    text = out.read_text(encoding="utf-8")
    scorer = CommunityScorer("help", until=until).fit(store)
    fit = scorer.fits_[platform]
    assert fit.status == "fitted"
    assert "How this ranking was fitted" in text
    assert str(escape(fit.summary())) in text
    (bars,) = _plot_data(text, "p1-fit")
    # One bar per ranking compared, best first, with the fit's own inner NDCG
    assert bars["y"] == [label for _, label, _ in fit.comparison()]
    assert bars["x"] == pytest.approx([value for _, _, value in fit.comparison()])
    assert bars["marker"]["color"][bars["y"].index("this ranking (fitted)")] == "#1f5fa8"
    # The weights table holds the weights the scores used, as shares
    used = scorer.used_weights_[platform]
    rows = re.findall(
        r"<tr><td>(\w+)</td><td class=\"num\">([\d.]+)</td><td class=\"num\">([\d.]+)</td>",
        text.split('class="fit-weights"')[1].split("</table>")[0],
    )
    shown = {name: float(fitted) for name, _, fitted in rows}
    total = sum(used.values())
    assert {n for n, v in shown.items() if v > 0} == {
        n for n, v in used.items() if v / total >= 5e-4
    }
    for name, weight in used.items():
        assert shown[name] == pytest.approx(weight / total, abs=5e-4)


def test_unfitted_section_says_why_and_draws_no_fit_plot(
    sample_report: Path, sample_store: Store
) -> None:
    text, _ = parse(sample_report)
    (fit,) = CommunityScorer().fit(sample_store).fits_.values()
    assert fit.status == "prior" and fit.reason.startswith("only 41 members")
    assert "How this ranking was fitted" in text
    assert f"Ranked with the profile's prior weights, not fitted: {escape(fit.reason)}." in text
    assert '"p1-fit"' not in text
    assert text.count("Plotly.newPlot") == PLOTS_PER_PLATFORM


def test_a_platform_without_names_or_times_says_so(tmp_path: Path) -> None:
    """An edge list of ids (Twitch-like) has no names and no timestamps: the section says so
    instead of drawing blank columns and empty activity charts; a dated, named platform in
    the same store keeps them."""
    edges = tmp_path / "edges.csv"
    edges.write_text("source,target\n1,2\n2,3\n3,1\n4,1\n4,2\n", encoding="utf-8")
    store = toy_community()
    ingest(store, "graph", edges, platform="twitch:T")
    text, page = parse(build_report(store, tmp_path / "r.html"))
    twitch = text[text.index('data-platform="twitch:T"') :]
    toy = text[text.index('data-platform="toy"') : text.index('data-platform="twitch:T"')]
    assert "no handles or names" in twitch and "no handles or names" not in toy
    assert "carry no timestamps" in twitch and "carry no timestamps" not in toy
    assert "without timestamps" in twitch
    assert "-activity" not in twitch and "-members" not in twitch  # no empty charts
    assert "-activity" in toy and "-members" in toy
    toy_table, twitch_table = page.tables
    assert len(toy_table[0]) == 7 and len(twitch_table[0]) == 5  # no handle / name columns
