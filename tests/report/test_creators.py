"""The report's creators section: on the bundled creator sample, imported for real, its table,
its figures' data against plain pandas and the generator's labels; absent from community
stores; member-controlled strings escaped."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from nichescout.creators.discover import creator_table
from nichescout.data.creators import creators_sample_path
from nichescout.ingest import ingest
from nichescout.report import build_report
from nichescout.store import Store

SAMPLE = creators_sample_path()
#: Per creator platform, the six figures of every platform plus the fit's backtest (both
#: platforms are fitted) — 7 —, and the creators section: engagement against followers per
#: platform (2) and the disclosure bars (1).
CREATOR_PLOTS = ["c1-engagement", "c2-engagement", "c-disclosure"]
PLOTS = 2 * 7 + len(CREATOR_PLOTS)
EVIL_HANDLE = "<img src=x onerror=alert(5)>"
EVIL_NICHE = "<svg onload=alert(6)>"
EVIL_NAME = "<script>alert(7)</script>"
EVIL_CAPTION = " <img src=z onerror=alert(8)> #ad"


@pytest.fixture(scope="module")
def store() -> Store:
    store = Store(":memory:")
    ingest(store, "creators", SAMPLE)
    return store


@pytest.fixture(scope="module")
def page(store: Store, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = build_report(store, tmp_path_factory.mktemp("creators") / "report.html")
    return out.read_text(encoding="utf-8")


def _plot(text: str, div_id: str) -> list[dict[str, Any]]:
    start = text.index(f'Plotly.newPlot(                        "{div_id}",')
    traces, _ = json.JSONDecoder().raw_decode(text, text.index("[", start))
    return list(traces)


def _rows(text: str) -> list[list[str]]:
    body = text.split('<table class="creators-table">')[1].split("</table>")[0]
    return [
        [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>")[1])
    ]


def test_the_section_and_its_plots_are_there(page: str) -> None:
    assert '<section class="platform creators" id="creators">' in page
    assert '<a href="#creators">Creators</a>' in page
    ids = re.findall(r'Plotly\.newPlot\(\s*"([^"]+)"', page)
    assert [i for i in ids if i.startswith("c")] == CREATOR_PLOTS
    assert len(ids) == PLOTS and page.count("plotly.js v") == 1
    assert ids.index("c1-engagement") > ids.index("p2-compare")  # after the platforms
    assert (
        "40 creators (members with posts and a follower count); 150 sponsored posts by 32 of "
        "them, 88 clearly disclosed, 62 to fix; audience fake share estimated for 0." in page
    )


def test_the_table_is_the_discover_ranking(page: str, store: Store) -> None:
    table = creator_table(store).head(25)
    rows = _rows(page)
    assert [r[2] for r in rows] == table["handle"].tolist()
    assert [r[0] for r in rows] == [str(i) for i in range(1, 26)]
    first = dict(zip(["rank", "platform", "handle", "tier", "followers", "engagement",
                      "percentile", "disclosure", "fake_share", "niche", "score"],
                     rows[0], strict=True))  # fmt: skip
    top = table.iloc[0]
    assert first["tier"] == top["tier"] and first["niche"] == top["niche"]
    assert first["engagement"] == f"{100 * top['engagement']:.2f}%"
    assert first["disclosure"] == f"{top['clearly_disclosed']} of {top['sponsored_posts']} clear"
    assert first["fake_share"] == "unknown" and first["score"] == f"{top['score']:.1f}"
    lena = next(r for r in rows if r[2] == "lena.lifts")
    assert (lena[3], lena[4], lena[5], lena[6], lena[7]) == (
        "micro", "18,400", "3.59%", "75", "4 of 4 clear")  # fmt: skip


def test_engagement_plot_against_plain_pandas(page: str) -> None:
    """Points and tier medians from the sample's CSV files: the median of (likes + comments +
    shares) / followers over each creator's last 12 posts, tiers at 1K, 100K and 1M."""
    profiles = pd.read_csv(SAMPLE / "profiles.csv")
    posts = pd.read_csv(SAMPLE / "posts.csv", parse_dates=["created"])
    posts = posts.merge(profiles[["handle", "followers", "platform"]], on="handle")
    posts["rate"] = (posts["likes"] + posts["comments"] + posts["shares"].fillna(0)) / posts[
        "followers"
    ]
    last = posts.sort_values(["created", "post_id"], ascending=False).groupby("handle").head(12)
    rates = profiles.set_index("handle").assign(rate=last.groupby("handle")["rate"].median())
    rates["tier"] = pd.cut(rates["followers"], [0, 1e3, 1e5, 1e6, float("inf")], right=False,
                           labels=["nano", "micro", "macro", "mega"]).astype(str)  # fmt: skip
    ig = rates[rates["platform"] == "instagram:sample"]
    traces = _plot(page, "c1-engagement")
    assert [t["name"] for t in traces] == ["nano", "micro", "macro", "mega", "tier median"]
    for trace in traces[:-1]:
        mine = ig[ig["tier"] == trace["name"]]
        got = sorted(zip(trace["x"], trace["y"], strict=True))
        want = sorted(zip(mine["followers"], mine["rate"], strict=True))
        assert [x for x, _ in got] == [x for x, _ in want]
        assert [y for _, y in got] == pytest.approx([y for _, y in want])
    line = traces[-1]
    medians = [y for y in line["y"][::3]]
    assert medians == pytest.approx(
        [ig.loc[ig["tier"] == t, "rate"].median() for t in ("nano", "micro", "macro", "mega")]
    )
    assert line["x"][:2] == [ig.loc[ig["tier"] == "nano", "followers"].min(),
                             ig.loc[ig["tier"] == "nano", "followers"].max()]  # fmt: skip
    assert _plot(page, "c2-engagement")[-1]["name"] == "tier median"


def test_disclosure_bars_are_the_generators_posts(page: str, store: Store) -> None:
    """The bars add up to the generator's labels: every sponsored post, clearly disclosed
    (clearly or by the platform's label) or to fix (unclear or none)."""
    posts = pd.read_csv(SAMPLE / "posts.csv", usecols=["post_id", "handle"])
    labels = pd.read_csv(SAMPLE / "post_labels.csv").merge(posts, on="post_id")
    sponsored = labels[labels["sponsored"]]
    kinds = sponsored["disclosure"].replace({"label": "clear"})
    traces = {t["name"]: t for t in _plot(page, "c-disclosure")}
    assert list(traces) == ["clearly disclosed", "unclear", "not disclosed"]
    handles = [y.split(" (")[0] for y in traces["unclear"]["y"]]
    assert set(handles) == set(sponsored["handle"])
    bars = {name: dict(zip(handles, t["x"], strict=True)) for name, t in traces.items()}
    clear = sponsored[kinds == "clear"].groupby("handle").size()
    assert {h: v for h, v in bars["clearly disclosed"].items() if v} == clear.to_dict()
    fixes = sponsored[kinds != "clear"].groupby("handle").size()
    both = {h: bars["unclear"][h] + bars["not disclosed"][h] for h in handles}
    assert {h: v for h, v in both.items() if v} == fixes.to_dict()
    assert sum(bars["clearly disclosed"].values()) == 88 and sum(both.values()) == 62
    # unclear or not at all: as the disclosure rules tell them apart (the card's record)
    table = creator_table(store).set_index("handle")
    assert bars["unclear"] == table.loc[handles, "unclear"].to_dict()
    assert bars["not disclosed"] == table.loc[handles, "undisclosed"].to_dict()
    fix = [traces["unclear"]["x"][i] + traces["not disclosed"]["x"][i] for i in range(len(handles))]
    assert fix == sorted(fix, reverse=True)  # most to fix on top


def test_a_community_store_has_no_creators_section(toy_report: Path, sample_report: Path) -> None:
    for report in (toy_report, sample_report):
        text = report.read_text(encoding="utf-8")
        assert 'id="creators"' not in text and '"c-disclosure"' not in text


def hostile_creators(folder: Path) -> Path:
    """The sample with lena.lifts renamed to markup, her name, stored niche and captions
    carrying markup too."""
    shutil.copytree(SAMPLE, folder)
    for name in ("profiles.csv", "posts.csv"):
        table = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
        mine = table["handle"] == "lena.lifts"
        table.loc[mine, "handle"] = EVIL_HANDLE
        if name == "profiles.csv":
            table["niche"] = ""
            table.loc[mine, "niche"] = EVIL_NICHE
            table.loc[mine, "full_name"] = EVIL_NAME
        else:
            table.loc[mine, "caption"] = table.loc[mine, "caption"] + EVIL_CAPTION
        table.to_csv(folder / name, index=False)
    return folder


def test_member_controlled_strings_are_escaped(tmp_path: Path) -> None:
    store = Store(":memory:")
    ingest(store, "creators", hostile_creators(tmp_path / "creators"))
    text = build_report(store, tmp_path / "report.html").read_text(encoding="utf-8")
    for payload in (EVIL_HANDLE, EVIL_NICHE, EVIL_NAME, EVIL_CAPTION.strip()):
        assert payload not in text
    row = next(r for r in _rows(text) if "onerror=alert(5)" in r[2])
    assert (
        row[2] == "&lt;img src=x onerror=alert(5)&gt;" and row[9] == "&lt;svg onload=alert(6)&gt;"
    )
    points = [t for t in _plot(text, "c1-engagement") if t["name"] == "micro"][0]
    assert any("@&lt;img src=x onerror=alert(5)&gt;" in h for h in points["hovertext"])


def test_a_creator_without_followers_is_listed_but_not_drawn(tmp_path: Path) -> None:
    from nichescout.data.creators import toy_creators

    text = build_report(toy_creators(), tmp_path / "report.html", top=5).read_text("utf-8")
    rows = {r[2]: r for r in _rows(text)}
    assert set(rows) == {"ana", "bo", "cy"}
    assert rows["cy"][3:6] == ["–", "—", "—"]  # no tier, followers or rate per follower
    drawn = [x for t in _plot(text, "c1-engagement") if t["mode"] == "markers" for x in t["x"]]
    assert sorted(drawn) == sorted(
        toy_creators()
        .con.execute("SELECT followers FROM members WHERE member_id IN ('ana', 'bo')")
        .fetchall()[i][0]
        for i in range(2)
    )
