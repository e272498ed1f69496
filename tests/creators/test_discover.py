"""``nichescout discover`` (nichescout.creators.discover) on the bundled creator sample,
imported for real into DuckDB: every filter against a plain-pandas reading of the sample's
CSV files and the generator's own labels, the ranking against the scorer and the card, a
stored niche overriding the labelled one, and the command's contract (options, columns,
formats, one-line errors)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from nichescout.cli import app
from nichescout.creators import creator_card
from nichescout.creators.discover import (
    DISCOVER_COLUMNS,
    creator_table,
    discover,
    funnel_words,
)
from nichescout.data import sample_path
from nichescout.data.creators import creators_sample_path
from nichescout.exceptions import NotFoundError, ParameterError
from nichescout.ingest import ingest
from nichescout.scores import CommunityScorer
from nichescout.store import Store

SAMPLE = creators_sample_path()
#: The contract's example, word for word.
CONTRACT = ["discover", "--niche", "beauty", "--tier", "micro", "--min-engagement", "0.02",
            "--max-fake-share", "0.25", "--disclosure", "required", "--top", "50"]  # fmt: skip


@pytest.fixture(scope="module")
def sample() -> Store:
    store = Store(":memory:")
    ingest(store, "creators", SAMPLE)
    return store


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("discover") / "sample.duckdb"
    with Store(path) as store:
        ingest(store, "creators", SAMPLE)
    return path


@pytest.fixture(scope="module")
def every(sample: Store) -> pd.DataFrame:
    return creator_table(sample)


@pytest.fixture(scope="module")
def plain() -> pd.DataFrame:
    """Each creator as the sample's CSV files say, computed with plain pandas: tier by the
    default thresholds, the median of (likes + comments + shares) / followers over the last
    12 posts, the generator's niche, and its disclosure intentions (a sponsored post is
    clear when the caption says so clearly or the platform labels it)."""
    profiles = pd.read_csv(SAMPLE / "profiles.csv")
    posts = pd.read_csv(SAMPLE / "posts.csv", parse_dates=["created"])
    labels = pd.read_csv(SAMPLE / "labels.csv")
    post_labels = pd.read_csv(SAMPLE / "post_labels.csv")
    posts = posts.merge(profiles[["handle", "followers"]], on="handle")
    posts["rate"] = (posts["likes"] + posts["comments"] + posts["shares"].fillna(0)) / posts[
        "followers"
    ]
    last = posts.sort_values(["created", "post_id"], ascending=False).groupby("handle").head(12)
    out = profiles[["handle", "platform", "followers"]].copy()
    out["tier"] = pd.cut(
        out["followers"], [0, 1_000, 100_000, 1_000_000, float("inf")], right=False,
        labels=["nano", "micro", "macro", "mega"],
    ).astype(str)  # fmt: skip
    out["core_micro"] = (out["followers"] >= 5_000) & (out["followers"] < 50_000)
    out["engagement"] = out["handle"].map(last.groupby("handle")["rate"].median())
    out["niche"] = out["handle"].map(labels.set_index("handle")["niche"])
    judged = posts[["post_id", "handle"]].merge(post_labels, on="post_id")
    sponsored = judged[judged["sponsored"]]
    clear = sponsored["disclosure"].isin(["clear", "label"])
    out["sponsored_posts"] = out["handle"].map(sponsored.groupby("handle").size()).fillna(0)
    out["clearly_disclosed"] = (
        out["handle"].map(sponsored[clear].groupby("handle").size()).fillna(0)
    )
    return out.set_index("handle")


def _handles(frame: pd.DataFrame) -> set[str]:
    return set(frame["handle"] if "handle" in frame else frame.index)


# -- the table of every creator ------------------------------------------------------------------
def test_the_table_agrees_with_plain_pandas(every: pd.DataFrame, plain: pd.DataFrame) -> None:
    assert list(every.columns[: len(DISCOVER_COLUMNS)]) == DISCOVER_COLUMNS
    table = every.set_index("handle").loc[plain.index]
    assert len(every) == 40
    assert (table["tier"] == plain["tier"]).all()
    assert (table["core_micro"] == plain["core_micro"]).all()
    assert (table["followers"] == plain["followers"]).all()
    assert table["engagement"].to_numpy() == pytest.approx(plain["engagement"].to_numpy())
    # the keyword labels find the generator's niche for each of the 40 (docs/evaluation-niches.md)
    assert (table["niche"] == plain["niche"]).all()
    assert (table["niche_source"] == "labelled").all()
    # the disclosure rules find what the generator made (an upper bound: one author)
    assert (table["sponsored_posts"] == plain["sponsored_posts"]).all()
    assert (table["clearly_disclosed"] == plain["clearly_disclosed"]).all()
    # the sample's commenters have no profiles: no audience can be scored
    assert table["fake_share"].isna().all()
    assert table["audience_check"].str.startswith("fake share unknown: ").all()


def test_the_table_is_the_card_of_each_creator(sample: Store, every: pd.DataFrame) -> None:
    for row in every.itertuples():
        card = creator_card(sample, row.handle, platform=row.platform)
        assert card.tier == row.tier
        assert card.disclosure["sponsored_posts"] == row.sponsored_posts
        assert card.disclosure["clearly_disclosed"] == row.clearly_disclosed
        assert card.disclosure["posts_to_fix"] == row.posts_to_fix
        assert card.engagement is not None
        assert card.engagement["engagement_median"] == pytest.approx(row.engagement)
        assert card.engagement["percentile"] == pytest.approx(row.percentile, nan_ok=True)
        # one niche, the cohort's: on the sample every creator's is labelled
        assert (card.niche, card.niche_source) == (row.niche, row.niche_source)
        assert card.engagement["cohort"] == row.cohort
        assert row.cohort.endswith(f"(labelled {row.niche} cohort under 10)") or (
            row.platform == "tiktok:sample"
        )


def test_the_score_and_why_are_the_creator_profiles(sample: Store, every: pd.DataFrame) -> None:
    for platform, mine in every.groupby("platform"):
        scorer = CommunityScorer("creator", platform=str(platform), calibrate=False)
        scores = scorer.fit(sample).scores_.set_index("member_id")
        assert mine["score"].tolist() == scores.loc[mine["member_id"], "score"].round(1).tolist()
        assert mine["why"].tolist() == scores.loc[mine["member_id"], "why"].tolist()
    assert every["rank"].tolist() == list(range(1, 41))
    assert every["score"].is_monotonic_decreasing


# -- each filter against plain pandas ------------------------------------------------------------
CASES = [
    {},
    {"niche": "beauty"},
    {"niche": "Personal-Finance"},
    {"tier": "micro"},
    {"tier": "core-micro"},
    {"niche": "fitness", "tier": "micro"},
    {"min_engagement": 0.05},
    {"tier": "micro", "min_engagement": 0.02, "disclosure": "required"},
    {"disclosure": "required"},
    {"niche": "food", "disclosure": "required", "min_engagement": 0.01},
]


def _expected(plain: pd.DataFrame, case: dict[str, object]) -> set[str]:
    keep = pd.Series(True, index=plain.index)
    if "niche" in case:
        keep &= plain["niche"] == str(case["niche"]).lower().replace("-", " ")
    if case.get("tier") == "core-micro":
        keep &= plain["core_micro"]
    elif "tier" in case:
        keep &= plain["tier"] == case["tier"]
    if "min_engagement" in case:
        keep &= plain["engagement"] >= float(case["min_engagement"])  # type: ignore[arg-type]
    if case.get("disclosure") == "required":
        keep &= plain["clearly_disclosed"] == plain["sponsored_posts"]
    return set(plain.index[keep])


@pytest.mark.parametrize("case", CASES, ids=lambda c: ",".join(f"{k}={v}" for k, v in c.items()))
def test_filters_keep_what_plain_pandas_keeps(
    sample: Store, plain: pd.DataFrame, every: pd.DataFrame, case: dict[str, object]
) -> None:
    found = discover(sample, top=100, **case)  # type: ignore[arg-type]
    assert _handles(found) == _expected(plain, case)
    # the order is the full table's order, restricted; ranks count from 1
    order = [h for h in every["handle"] if h in _handles(found)]
    assert found["handle"].tolist() == order
    assert found["rank"].tolist() == list(range(1, len(found) + 1))
    funnel = found.attrs["funnel"]
    assert funnel[0] == ("creators", 40, 0)
    assert all(kept + removed == before for (_, before, _), (_, kept, removed)
               in zip(funnel, funnel[1:], strict=False))  # fmt: skip


def test_top_keeps_the_first(sample: Store, every: pd.DataFrame) -> None:
    found = discover(sample, top=5)
    assert found["handle"].tolist() == every["handle"].head(5).tolist()
    assert found.attrs["funnel"][-1] == ("--top 5", 5, 35)
    assert len(discover(sample)) == 20  # setting discover_top


def test_the_disclosure_share_setting(sample: Store, plain: pd.DataFrame) -> None:
    half = discover(sample, disclosure="required", top=100,
                    settings={"discover_min_clear_share": 0.5})  # fmt: skip
    share = plain["clearly_disclosed"] / plain["sponsored_posts"]
    expected = set(plain.index[(plain["sponsored_posts"] == 0) | (share >= 0.5)])
    assert _handles(half) == expected
    assert len(expected) > len(_expected(plain, {"disclosure": "required"}))


def test_fake_share_keeps_unknown_unless_the_check_is_required(
    sample: Store, every: pd.DataFrame
) -> None:
    shares = (
        every[["platform", "member_id"]].head(6).assign(fake_share=[0.1, 0.2, 0.3, 0.4, 0.25, 0.0])
    )
    found = discover(sample, max_fake_share=0.25, top=100, fake_shares=shares)
    dropped = set(every["member_id"].head(6)[[False, False, True, True, False, False]])
    assert set(found["member_id"]) == set(every["member_id"]) - dropped
    unknown = found[found["fake_share"].isna()]
    assert len(unknown) == 34 and unknown["audience_check"].eq("fake share unknown").all()
    checked = discover(sample, max_fake_share=0.25, require_audience_check=True, top=100,
                       fake_shares=shares)  # fmt: skip
    assert set(checked["member_id"]) == set(every["member_id"].head(6)) - dropped
    assert checked["fake_share"].max() <= 0.25


@pytest.fixture(scope="module")
def with_audiences(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The sample with profiles for every Instagram commenter: throwaway-looking ones (3
    followers, 2,900 followed, no posts, no picture) for glowwithsam's commenters, ordinary
    ones for the rest; TikTok's commenters stay without profiles."""
    folder = tmp_path_factory.mktemp("audiences") / "creators"
    shutil.copytree(SAMPLE, folder)
    profiles = pd.read_csv(folder / "profiles.csv", dtype=str, keep_default_na=False)
    posts = pd.read_csv(folder / "posts.csv", dtype=str)
    comments = pd.read_csv(folder / "comments.csv", dtype=str).merge(
        posts[["post_id", "handle"]].rename(columns={"handle": "creator"}), on="post_id"
    )
    on = dict(zip(profiles["handle"], profiles["platform"], strict=True))
    comments = comments[comments["creator"].map(on) == "instagram:sample"]
    authors = set(comments["author"]) - set(profiles["handle"])
    fake = set(comments.loc[comments["creator"] == "glowwithsam", "author"]) & authors
    rows = [
        {"handle": h, "platform": "instagram:sample", "followers": "3", "following": "2900",
         "posts": "0", "private": "false"}
        if h in fake
        else {"handle": h, "platform": "instagram:sample", "followers": "850",
              "following": "610", "posts": "240", "bio": "coffee, books and long walks",
              "full_name": "Sam Doe", "external_url": "https://example.org", "private": "false",
              "profile_picture": "https://example.org/sam.jpg"}
        for h in sorted(authors)
    ]  # fmt: skip
    pd.concat([profiles, pd.DataFrame(rows)]).fillna("").to_csv(
        folder / "profiles.csv", index=False
    )
    store = Store(":memory:")
    ingest(store, "creators", folder)
    return store


def test_max_fake_share_reads_the_audience_check(with_audiences: Store) -> None:
    from nichescout.audit.audience import audience_report

    report = audience_report(with_audiences, audience="all").set_index("handle")
    known = report["fake_share"].notna()
    assert set(report.index[known]) == set(report.index[report["platform"] == "instagram:sample"])
    assert report.loc["glowwithsam", "fake_share"] > 0.9
    found = discover(with_audiences, max_fake_share=0.4, top=100).set_index("handle")
    expected = set(report.index[~known | (report["fake_share"] <= 0.4)])
    assert set(found.index) == expected
    assert "glowwithsam" not in expected and len(expected) < 40
    assert found["fake_share"].dropna().to_dict() == pytest.approx(
        report.loc[found.index[found["fake_share"].notna()], "fake_share"].to_dict()
    )
    assert found.loc[found["fake_share"].isna(), "platform"].eq("tiktok:sample").all()
    assert found["audience_check"].str.contains("audience members scored|fake share unknown").all()
    checked = discover(with_audiences, max_fake_share=0.4, require_audience_check=True, top=100)
    assert set(checked["handle"]) == set(report.index[known & (report["fake_share"] <= 0.4)])
    assert checked.attrs["funnel"][2] == ("--require-audience-check", len(checked), 8)


def test_the_platform_filter(sample: Store) -> None:
    found = discover(sample, platform="tiktok:sample", top=100)
    assert set(found["platform"]) == {"tiktok:sample"} and len(found) == 8
    assert found.attrs["funnel"][0] == ("creators on tiktok:sample", 8, 0)


def test_fit_ranks_as_rank_does(sample: Store) -> None:
    found = discover(sample, platform="tiktok:sample", fit=True, top=100)
    scorer = CommunityScorer("creator", platform="tiktok:sample").fit(sample)
    scores = scorer.scores_.set_index("member_id")
    assert found["score"].tolist() == scores.loc[found["member_id"], "score"].round(1).tolist()
    assert found.attrs["fits"]["tiktok:sample"] == scorer.fits_["tiktok:sample"].summary()


# -- a stored niche overrides the labelled one ----------------------------------------------------
def test_a_stored_niche_overrides_the_labels(tmp_path: Path) -> None:
    folder = tmp_path / "creators"
    shutil.copytree(SAMPLE, folder)
    profiles = pd.read_csv(folder / "profiles.csv", dtype=str, keep_default_na=False)
    profiles["niche"] = ""
    profiles.loc[profiles["handle"] == "lena.lifts", "niche"] = "Beauty"
    profiles.loc[profiles["handle"] == "kai.moves", "niche"] = "calisthenics"
    profiles.to_csv(folder / "profiles.csv", index=False)
    store = Store(":memory:")
    ingest(store, "creators", folder)
    beauty = discover(store, niche="beauty", top=100)
    assert "lena.lifts" in set(beauty["handle"])
    row = beauty.set_index("handle").loc["lena.lifts"]
    assert (row["niche"], row["niche_source"]) == ("Beauty", "stored")
    assert "lena.lifts" not in set(discover(store, niche="fitness", top=100)["handle"])
    # a niche the taxonomy lacks is known once a creator carries it
    assert discover(store, niche="Calisthenics")["handle"].tolist() == ["kai.moves"]


def test_a_user_taxonomy_adds_niches(sample: Store, tmp_path: Path) -> None:
    toml = tmp_path / "niches.toml"
    toml.write_text('[niches.fitness]\nremove = true\n\n[niches.strength]\n'
                    'hashtags = ["fitness", "legday", "gym", "homeworkout", "workout"]\n',
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(ParameterError, match="Unknown niche 'strength'"):
        discover(sample, niche="strength")
    found = discover(sample, niche="strength", taxonomy=toml, top=100)
    assert {"runwithjules", "lena.lifts"} <= set(found["handle"])
    assert (found["niche"] == "strength").all()
    with pytest.raises(ParameterError, match="Unknown niche 'fitness'"):
        discover(sample, niche="fitness", taxonomy=toml)


DOCS_TABLE = [  # docs/creators.md, "On the bundled sample"
    ({"niche": "fitness"}, 6, "quickfit.dani"),
    ({"niche": "beauty", "tier": "micro"}, 3, "pele.de.ana"),
    ({"tier": "micro", "min_engagement": 0.02, "disclosure": "required"}, 8, "zero.waste.zoe"),
    ({"tier": "core-micro", "disclosure": "required"}, 9, "zero.waste.zoe"),
    ({"niche": "food", "min_engagement": 0.03}, 2, "la.table.de.leo"),
]


def test_the_figures_of_the_docs(sample: Store) -> None:
    for case, count, first in DOCS_TABLE:
        found = discover(sample, top=50, **case)  # type: ignore[arg-type]
        assert (len(found), found["handle"].iloc[0]) == (count, first), case
    beauty = discover(sample, niche="beauty", tier="micro")
    assert beauty["handle"].tolist() == ["pele.de.ana", "glowwithsam", "belle.peau"]
    first = discover(sample, niche="fitness").iloc[0]
    assert (first["platform"], first["tier"], round(100 * first["engagement"], 2)) == (
        "tiktok:sample",
        "micro",
        6.75,
    )
    assert (first["sponsored_posts"], first["clearly_disclosed"]) == (9, 0)


# -- errors ---------------------------------------------------------------------------------------
def test_unknown_niche_lists_the_known_ones(sample: Store) -> None:
    with pytest.raises(ParameterError) as err:
        discover(sample, niche="beuaty")
    message = str(err.value)
    assert message.startswith("Unknown niche 'beuaty' (did you mean beauty?); known niches: ")
    assert "fitness" in message and "personal finance" in message and "\n" not in message


def test_unknown_tier(sample: Store) -> None:
    with pytest.raises(ParameterError, match=r"^Unknown tier 'mirco'; known tiers: nano, micro, "
                       r"macro, mega, core-micro"):  # fmt: skip
        discover(sample, tier="mirco")


def test_empty_result_says_what_each_filter_removed(sample: Store) -> None:
    with pytest.raises(NotFoundError) as err:
        discover(sample, niche="beauty", tier="micro", min_engagement=0.02,
                 max_fake_share=0.25, disclosure="required")  # fmt: skip
    assert str(err.value) == (
        "No creator passes the filters: of 40 creators, --niche beauty removed 35, --tier "
        "micro removed 2, --min-engagement 0.02 removed 1, --max-fake-share 0.25 removed 0, "
        "--disclosure required (at least 100% of sponsored posts clearly disclosed) removed 2."
    )


@pytest.mark.parametrize(
    ("kwargs", "says"),
    [
        ({"top": 0}, "--top must be 1 or more"),
        ({"min_engagement": 2.0}, "--min-engagement is a share of followers per post"),
        ({"max_fake_share": 25.0}, "--max-fake-share is a share between 0 and 1"),
        ({"disclosure": "strict"}, "--disclosure must be one of any, required"),
    ],
)
def test_bad_values_are_parameter_errors(
    sample: Store, kwargs: dict[str, object], says: str
) -> None:
    with pytest.raises(ParameterError, match=says):
        discover(sample, **kwargs)  # type: ignore[arg-type]


def test_a_store_without_creators(sample_store: Store) -> None:
    with pytest.raises(
        NotFoundError, match="holds no creators .*`nichescout ingest creators PATH`"
    ):
        discover(sample_store)


# -- the command ----------------------------------------------------------------------------------
def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_contract_example_is_one_line_when_nothing_passes(sample_db: Path) -> None:
    code, out, err = run(*CONTRACT, "--db", str(sample_db))
    assert code == 1 and out == ""
    assert err.startswith("Error: No creator passes the filters: of 40 creators, --niche beauty")
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_cli_formats_carry_every_column(sample_db: Path, fmt: str) -> None:
    args = ["discover", "--niche", "fitness", "--tier", "micro", "--min-engagement", "0.01",
            "--max-fake-share", "0.25", "--disclosure", "required", "--top", "50",
            "--db", str(sample_db), "--format", fmt]  # fmt: skip
    code, out, err = run(*args)
    assert code == 0, err
    records = json.loads(out) if fmt == "json" else list(csv.DictReader(io.StringIO(out)))
    assert [list(r) for r in records] == [DISCOVER_COLUMNS] * len(records)
    assert [r["handle"] for r in records] == ["lena.lifts", "ironmara"]
    assert [str(r["rank"]) for r in records] == ["1", "2"]
    assert str(records[0]["tier"]) == "micro" and str(records[0]["niche"]) == "fitness"
    assert float(records[0]["engagement"]) == pytest.approx(0.0359, abs=1e-4)
    assert records[0]["fake_share"] in (None, "")  # unknown
    assert err.startswith("40 creators; --niche fitness kept 6 (removed 34); --tier micro kept")


def test_cli_table(sample_db: Path) -> None:
    code, out, _ = run("discover", "--tier", "core-micro", "--db", str(sample_db), "-n", "3")
    assert code == 0
    for column in ("rank", "handle", "tier", "followers", "niche", "engagement", "fake_share",
                   "disclosure", "score", "why"):  # fmt: skip
        assert column in out
    assert "unknown" in out and "%" in out
    assert "; --tier core-micro kept" in out and "--top 3 kept 3" in out
    assert "prior weights of the creator profile" in out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--niche", "beuaty"], "Error: Unknown niche 'beuaty' (did you mean beauty?); known "),
        (["--tier", "giga"], "Error: Unknown tier 'giga'; known tiers: nano, micro, macro"),
        (["--platform", "tiktok"], "Error: "),
        (["--min-engagement", "2"], "Error: --min-engagement is a share"),
        (["--top", "0"], "Error: --top must be 1 or more"),
    ],
)
def test_cli_errors_are_one_line(sample_db: Path, args: list[str], says: str) -> None:
    code, out, err = run("discover", *args, "--db", str(sample_db))
    assert code == 1 and out == ""
    assert err.startswith(says) and len(err.strip().splitlines()) == 1, err


def test_cli_rejects_an_unknown_disclosure_mode(sample_db: Path) -> None:
    code, _, err = run("discover", "--disclosure", "strict", "--db", str(sample_db))
    assert code == 2 and "--disclosure" in err


def test_cli_on_a_store_without_creators(tmp_path: Path) -> None:
    db = tmp_path / "community.duckdb"
    with Store(db) as store:
        ingest(store, "stackexchange", sample_path())
    code, _, err = run("discover", "--db", str(db))
    assert code == 1 and "holds no creators" in err


def test_funnel_words() -> None:
    assert funnel_words([("creators", 3, 0)]) == "3 creators."
