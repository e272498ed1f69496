"""One creator's card (nichescout.creators.card) and ``nichescout creator``: on the toy
creators by hand, on the bundled sample against independent reads and the generator's own
labels, unknown and ambiguous handles, and the command's formats."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nichescout.audit.disclosure import assess
from nichescout.cli import app
from nichescout.creators import CARD_COLUMNS, creator_card, engagement
from nichescout.data.creators import creators_sample_path, toy_creators
from nichescout.exceptions import NotFoundError
from nichescout.ingest import ingest
from nichescout.ingest.creators import import_creators
from nichescout.store import Store


@pytest.fixture(scope="module")
def sample() -> Store:
    store = Store(":memory:")
    ingest(store, "creators", creators_sample_path())
    return store


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("creators") / "sample.duckdb"
    with Store(path) as store:
        ingest(store, "creators", creators_sample_path())
    return path


def _labels(name: str) -> list[dict[str, str]]:
    with (creators_sample_path() / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_toy_card_by_hand() -> None:
    card = creator_card(toy_creators(), "ANA")
    assert card.identity["member_id"] == "ana" and card.identity["followers"] == 1_000
    assert (card.tier, card.core_micro, card.posts, card.recent_posts) == ("micro", False, 3, 3)
    eng = card.engagement
    assert eng is not None
    assert eng["engagement_median"] == pytest.approx(0.05)  # 50, 25, 120 ÷ 1,000
    assert eng["engagement_mean"] == pytest.approx(0.065)
    assert eng["view_median"] == pytest.approx(120 / 4_000)
    assert math.isnan(eng["percentile"])  # 2 creators with followers, fewer than 10
    assert card.disclosure == {
        "posts": 3,
        "sponsored_posts": 1,
        "clearly_disclosed": 1,
        "clear_share": 1.0,
        "needs_fixing": 0,
        "posts_to_fix": "",
    }
    assert card.sponsored["post_id"].tolist() == ["a2"]
    # Ana's posts drew comments from Bo, Cy and Dan, none with profile counts to score
    assert card.audience is not None and card.audience["audience_size"] == 3
    assert card.audience["scored"] == 0
    assert "no commenter of the 3 has profile counts" in card.not_available[0]
    assert card.comments is not None and card.comments["commenters"] == 3
    row = card.as_row()
    assert list(row) == CARD_COLUMNS


def test_a_creator_without_followers_is_rated_per_view() -> None:
    card = creator_card(toy_creators(), "cy")
    assert card.tier is None and card.engagement is not None
    assert card.engagement["basis"] == "views"
    assert card.engagement["view_median"] == pytest.approx(35 / 1_000)


def test_someone_who_only_comments_has_a_card_that_says_so() -> None:
    card = creator_card(toy_creators(), "dan")
    assert card.engagement is None and card.posts == 0
    assert any(line.startswith("Engagement: no posts") for line in card.not_available)


def test_the_sample_card_agrees_with_independent_reads(sample: Store) -> None:
    card = creator_card(sample, "glowwithsam")
    row = engagement(sample, "instagram:sample").set_index("member_id").loc["glowwithsam"]
    assert card.engagement is not None
    assert card.engagement["percentile"] == pytest.approx(row["percentile"])
    assert card.tier == "micro" and card.core_micro is True  # 27,500 followers
    with (creators_sample_path() / "posts.csv").open(encoding="utf-8", newline="") as handle:
        posts = [p for p in csv.DictReader(handle) if p["handle"] == "glowwithsam"]
    assert card.posts == len(posts)
    audits = [assess(p["caption"], "en") for p in posts]
    labelled = [p["paid_partnership"] == "true" for p in posts]
    sponsored = sum(a.sponsored or label for a, label in zip(audits, labelled, strict=True))
    clear = sum(
        label or (a.sponsored and a.disclosure == "clear")
        for a, label in zip(audits, labelled, strict=True)
    )
    assert (card.disclosure["sponsored_posts"], card.disclosure["clearly_disclosed"]) == (
        sponsored,
        clear,
    )
    assert card.disclosure["sponsored_posts"] == 7 and card.disclosure["clearly_disclosed"] == 0


def test_the_sample_cards_find_what_the_generator_made(sample: Store) -> None:
    """Over every creator of the sample: the cards' sponsored posts and posts to fix against
    the generator's labels (post_labels.csv) — the figures docs/creators.md quotes."""
    truth = {r["post_id"]: r for r in _labels("post_labels.csv")}
    found_sponsored, found_fix = set(), set()
    for creator in _labels("labels.csv"):
        card = creator_card(sample, creator["handle"], platform=creator["platform"])
        found_sponsored |= set(card.sponsored["post_id"])
        found_fix |= set(card.sponsored.loc[card.sponsored["needs_fixing"], "post_id"])
    sponsored = {p for p, r in truth.items() if r["sponsored"] == "true"}
    to_fix = {p for p, r in truth.items() if r["disclosure"] in ("unclear", "none")}
    assert (len(sponsored), len(to_fix)) == (150, 62)
    assert found_sponsored == sponsored  # every sponsored post, and no other
    assert found_fix == to_fix


def test_unknown_handle_names_close_matches(sample: Store) -> None:
    with pytest.raises(NotFoundError, match=r"No creator 'lena.lift' in the store; close "
                       r"matches: lena\.lifts \(instagram:sample\)\."):  # fmt: skip
        creator_card(sample, "lena.lift")
    with pytest.raises(NotFoundError, match="none is close"):
        creator_card(sample, "zzzzzzzz")


def test_a_handle_on_two_platforms_needs_the_platform(tmp_path: Path) -> None:
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "profiles.csv").write_text(
        "handle,platform,followers\nana,instagram,5000\nana,tiktok,900\n", encoding="utf-8"
    )
    store = Store(":memory:")
    import_creators(store, folder)
    with pytest.raises(NotFoundError, match=r"several platforms \(instagram, tiktok\); pass"):
        creator_card(store, "ana")
    assert creator_card(store, "ana", platform="tiktok").tier == "nano"


# -- the command --------------------------------------------------------------------------------
def test_cli_card_table(sample_db: Path) -> None:
    result = CliRunner().invoke(app, ["creator", "@lena.lifts", "--db", str(sample_db)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Lena Hoffmann (@lena.lifts) — instagram:sample" in out
    assert "Tier: micro (core micro: yes) · 18,400 followers" in out
    assert (
        "Tier: micro (core micro: yes) · 18,400 followers, following 7,479 · niche: fitness "
        "(labelled)" in out
    )
    assert "Niche (labelled): fitness: #running" in out
    assert (
        "percentile of instagram:sample, micro (labelled fitness cohort under 10) (20 creators)"
        in out
    )
    assert "Disclosure: 4 sponsored posts, 4 clearly disclosed (100%)" in out
    assert "Audience authenticity: not measured" in out


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_cli_card_csv_and_json_carry_the_card_columns(sample_db: Path, fmt: str) -> None:
    result = CliRunner().invoke(app, ["creator", "makeup.mo", "--db", str(sample_db), "-f", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        records = json.loads(result.stdout)
    else:
        records = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(records) == 1 and list(records[0]) == CARD_COLUMNS
    assert records[0]["platform"] == "tiktok:sample"


def test_cli_unknown_creator_is_one_line(sample_db: Path) -> None:
    result = CliRunner().invoke(app, ["creator", "glowwithsem", "--db", str(sample_db)])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: No creator 'glowwithsem' in the store; close matches: glowwithsam "
        "(instagram:sample)."
    )


def test_the_sample_card_shows_audience_comments_and_niche_as_their_modules_compute() -> None:
    """The card quotes audience_report, comment_summary and label_niches, not copies."""
    from nichescout.audit import audience_report
    from nichescout.comments import comment_summary
    from nichescout.niches import label_niches

    store = Store(":memory:")
    ingest(store, "creators", creators_sample_path())
    card = creator_card(store, "pele.de.ana")
    platform = card.identity["platform"]
    said = comment_summary(store, platform, "pele.de.ana").iloc[0]
    assert card.comments is not None and card.comments["comments"] == said["comments"]
    assert card.comments["compound_mean"] == pytest.approx(said["compound_mean"])
    seen = audience_report(store, platform, "pele.de.ana").iloc[0]
    assert card.audience is not None and card.audience["audience_size"] == seen["audience_size"]
    label = label_niches(store, platform, members=["pele.de.ana"]).iloc[0]
    assert card.niche_label is not None and card.niche_label["niche"] == label["niche"] == "beauty"
    row = card.as_row()
    assert row["niche_labelled"] == "beauty" and row["comments"] == said["comments"]
    assert list(row) == CARD_COLUMNS
