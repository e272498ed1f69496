"""The report in a real browser (headless Chromium, offline): tables, plots, no errors.

Skips when Playwright or Debian's Chromium (``apt-get install chromium``) is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nichescout.scores import CommunityScorer
from nichescout.store import Store

from .conftest import EVIL_HANDLE, EVIL_NAME

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PLOTS = 6  # per platform: scores, tiers, platform activity, top members' activity, network, macro vs micros

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
)
if not CHROMIUM.exists():
    pytest.skip(
        f"no Chromium at {CHROMIUM} (apt-get install chromium); browser tests skipped",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Visit:
    """A page opened from a file:// URL, recording console errors and network requests."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1300, "height": 900})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.page.wait_for_function(
            "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
            arg=PLOTS,
            timeout=30_000,
        )

    def _route(self, route: Any) -> None:
        url = route.request.url
        self.requests.append(url)
        if url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    def plotted(self) -> int:
        """Plotly plot divs that hold a drawn SVG."""
        return int(
            self.page.evaluate(
                """() => [...document.querySelectorAll('.js-plotly-plot')]
                          .filter(d => d.querySelector('svg.main-svg')).length"""
            )
        )

    def labels(self, div_id: str) -> list[str]:
        """The text labels Plotly drew in plot ``div_id``."""
        return list(
            self.page.evaluate(
                """id => [...document.querySelectorAll(`#${id} .textpoint text`)]
                          .map(t => t.textContent)""",
                div_id,
            )
        )

    def column(self, css: str) -> list[str]:
        return [
            str(t) for t in self.page.locator(f"table.ranking tbody td.{css}").all_inner_texts()
        ]


def test_toy_report_renders(browser: Any, toy_report: Path, tmp_path: Path) -> None:
    visit = Visit(browser, toy_report)
    assert visit.page.locator("table.ranking tbody tr").count() == 5
    assert visit.column("member-id")[0] == "ann"
    assert visit.plotted() == PLOTS
    assert visit.page.locator(".js-plotly-plot").count() == PLOTS
    assert visit.errors == []
    assert [u for u in visit.requests if not u.startswith("file://")] == []
    visit.page.screenshot(path=str(tmp_path / "toy.png"), full_page=True)
    assert (tmp_path / "toy.png").stat().st_size > 10_000


def test_sample_report_renders(
    browser: Any, sample_report: Path, sample_store: Store, tmp_path: Path
) -> None:
    visit = Visit(browser, sample_report)
    first = CommunityScorer().fit(sample_store).scores_["member_id"].iloc[0]
    assert visit.page.locator("table.ranking tbody tr").count() == 25
    assert visit.column("member-id")[0] == first
    assert visit.plotted() == PLOTS
    # the network names its nodes by handle
    handle = CommunityScorer().fit(sample_store).scores_["handle"].iloc[0]
    assert handle in visit.labels("p1-network")
    assert visit.errors == []
    assert [u for u in visit.requests if not u.startswith("file://")] == []
    visit.page.screenshot(path=str(tmp_path / "sample.png"), full_page=True)


def test_markup_in_names_shows_as_text(browser: Any, evil_report: Path) -> None:
    visit = Visit(browser, evil_report)
    assert visit.column("display-name")[0] == EVIL_NAME
    assert visit.column("handle")[0] == EVIL_HANDLE
    assert visit.page.evaluate("() => window.__pwned") is None
    assert visit.dialogs == []
    assert EVIL_HANDLE in visit.labels(
        "p1-network"
    )  # Plotly shows the handle as written, not as bold "ann"
    assert visit.errors == []


#: What a member controls in a Discord export, each a payload that runs if left unescaped.
XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_NICK = "<script>alert(2)</script><img src=y onerror=alert(2)>"
XSS_CHANNEL = "<svg onload=alert(3)>"
XSS_TEXT = "<img src=z onerror=alert(4)> thanks @everyone"
DISCORD_CHANNEL = (
    "MeshCore - software-development - MeshMapper _ Wardriving MeshCore [1460032634787729506].json"
)


@pytest.fixture(scope="module")
def hostile_discord_report(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """A real Discord channel export whose most active member renamed themselves with
    markup, in a channel named with markup, posting markup; imported by the real importer."""
    import json
    from collections import Counter

    from nichescout.ingest import ingest
    from nichescout.report import build_report

    folder = tmp_path_factory.mktemp("hostile") / "export"
    folder.mkdir()
    data = json.loads((shared_data / "discord" / "meshcore" / DISCORD_CHANNEL).read_text())
    top = Counter(m["author"]["id"] for m in data["messages"]).most_common(1)[0][0]
    for message in data["messages"]:
        for user in [message["author"], *message.get("mentions", [])]:
            if user["id"] == top:
                user["name"], user["nickname"] = XSS_NAME, XSS_NICK
        if message["author"]["id"] == top:
            message["content"] = XSS_TEXT + " " + message["content"]
    data["channel"]["name"] = data["channel"]["category"] = XSS_CHANNEL
    data["guild"]["name"] = XSS_CHANNEL
    (folder / "channel.json").write_text(json.dumps(data))
    store = Store(":memory:")
    ingest(store, "discord", folder)
    return build_report(store, folder.parent / "report.html")


def test_member_controlled_strings_stay_text(browser: Any, hostile_discord_report: Path) -> None:
    html = hostile_discord_report.read_text(encoding="utf-8")
    assert XSS_NAME not in html and XSS_NICK not in html and XSS_CHANNEL not in html
    visit = Visit(browser, hostile_discord_report)
    assert visit.dialogs == []  # no alert() ran
    assert visit.errors == []
    # no <img src=x|y|z> was created: the browser would have fetched file:///…/x
    fetched = [u.rsplit("/", 1)[-1] for u in visit.requests]
    assert not {"x", "y", "z"} & set(fetched), visit.requests
    assert visit.page.locator("img[src=x], img[src=y], img[src=z], svg[onload]").count() == 0
    # the name shows as written, as text, where the ranking lists the member
    assert XSS_NAME in visit.column("handle")
    assert XSS_NICK in visit.column("display-name")


@pytest.fixture(scope="module")
def hostile_creators_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled creator sample with one creator's handle, name, stored niche and captions
    made of markup, imported by the real importer: the report gains its creators section."""
    from nichescout.ingest import ingest
    from nichescout.report import build_report

    from .test_creators import hostile_creators

    folder = hostile_creators(tmp_path_factory.mktemp("hostile-creators") / "creators")
    store = Store(":memory:")
    ingest(store, "creators", folder)
    return build_report(store, folder.parent / "report.html")


def test_creator_controlled_strings_stay_text(browser: Any, hostile_creators_report: Path) -> None:
    from .test_creators import EVIL_HANDLE as CREATOR_HANDLE
    from .test_creators import EVIL_NICHE, PLOTS

    visit = Visit(browser, hostile_creators_report)
    assert visit.dialogs == [] and visit.errors == []
    assert visit.page.evaluate("() => window.__pwned") is None
    fetched = [u.rsplit("/", 1)[-1] for u in visit.requests]
    assert not {"x", "z"} & set(fetched), visit.requests
    assert visit.page.locator("img[src=x], img[src=z], svg[onload]").count() == 0
    assert visit.plotted() == PLOTS
    table = visit.page.locator("table.creators-table tbody")
    assert CREATOR_HANDLE in table.locator("td.handle").all_inner_texts()
    assert EVIL_NICHE in table.locator("td.niche").all_inner_texts()
