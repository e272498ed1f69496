"""Labelling the members of a store: documents by field, labels, filters, provenance, and the
niches the planner's candidates read."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from nichescout.data.creators import creators_sample_path, toy_creators
from nichescout.exceptions import NotFoundError, ParameterError
from nichescout.ingest.creators import import_creators
from nichescout.niches import LABEL_COLUMNS, NicheLabeller, label_niches, member_niches
from nichescout.niches.documents import member_documents
from nichescout.store import Store

SAMPLE = creators_sample_path()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The bundled creator sample (made up), without its labels files."""
    folder = tmp_path_factory.mktemp("sample")
    for name in ("profiles.csv", "posts.csv", "comments.csv"):
        (folder / name).write_bytes((SAMPLE / name).read_bytes())
    store = Store(":memory:")
    import_creators(store, folder)
    return store


def generator_labels() -> dict[tuple[str, str], str]:
    with (SAMPLE / "labels.csv").open(encoding="utf-8") as handle:
        return {(r["platform"], r["handle"]): r["niche"] for r in csv.DictReader(handle)}


def test_the_sample_creators_get_their_generators_niche(sample: Store) -> None:
    """Made-up data: every creator's first niche is the one its generator gave it (the
    labeller never reads labels.csv)."""
    labels = label_niches(sample)
    assert list(labels.columns) == LABEL_COLUMNS
    firsts = labels[labels["rank"] == 1]
    got = {
        (p, h): n
        for p, h, n in zip(firsts["platform"], firsts["handle"], firsts["niche"], strict=True)
    }
    gold = generator_labels()
    assert {k: got.get(k) for k in gold} == gold
    assert set(got) == set(gold)  # commenters' comments name no niche


def test_rows_are_ordered_and_ranked(sample: Store) -> None:
    labels = label_niches(sample, "instagram:sample")
    assert set(labels["platform"]) == {"instagram:sample"}
    firsts = labels[labels["rank"] == 1]["score"].tolist()
    assert firsts == sorted(firsts, reverse=True)
    for _, group in labels.groupby("member_key"):
        assert group["rank"].tolist() == list(range(1, len(group) + 1))
        assert group["score"].is_monotonic_decreasing
    assert labels["share"].between(0, 1).all()
    assert all(
        e.startswith(f"{n}: ") for n, e in zip(labels["niche"], labels["evidence"], strict=True)
    )


def test_member_top_and_niche_filters(sample: Store) -> None:
    one = label_niches(sample, members=["@LENA.lifts"])
    assert one["handle"].unique().tolist() == ["lena.lifts"]
    assert one["niche"].iloc[0] == "fitness"
    top = label_niches(sample, top=3)
    assert top.groupby("platform")["member_key"].nunique().to_dict() == {
        "instagram:sample": 3,
        "tiktok:sample": 3,
    }
    food = label_niches(sample, niches=["Food"])
    assert set(food["niche"]) == {"food"} and len(food) >= 5
    with pytest.raises(NotFoundError, match="No member 'nobody'"):
        label_niches(sample, members=["nobody"])
    with pytest.raises(NotFoundError, match="No niche 'cooking' in the taxonomy"):
        label_niches(sample, niches=["cooking"])
    with pytest.raises(NotFoundError, match="No platform 'instagram'"):
        label_niches(sample, "instagram")
    with pytest.raises(ParameterError, match="'method' parameter of NicheLabeller"):
        label_niches(sample, method="llm")
    with pytest.raises(ParameterError, match="'top' parameter of NicheLabeller"):
        label_niches(sample, top=0)


def test_provenance(sample: Store, tmp_path: Path) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text('[niches."board games"]\nen = ["meeple"]\n', encoding="utf-8")
    labeller = NicheLabeller(taxonomy=extra).fit(sample, "tiktok:sample")
    prov = labeller.labels_.attrs["provenance"]
    assert prov["method"] == "keywords" and prov["niches"] == 22
    assert prov["taxonomy"][-1] == str(extra)
    assert prov["settings"]["niches_min_evidence"] == 1.0
    json.dumps(prov)  # plain values
    assert labeller.members_ > labeller.labelled_ > 0
    assert set(labeller.by_member().values()) >= {("fitness",)}


def test_documents_by_field_on_stack_exchange(sample_store: Store) -> None:
    """Answers without tags read the tags of the question they answer."""
    docs = member_documents(sample_store)
    fields = {f for d in docs for f in d.fields}
    assert {"bio", "posts", "tags", "thread tags", "titles"} <= fields
    assert "hashtags" not in fields and "captions" not in fields


def test_documents_of_creators_count_each_hashtag_once() -> None:
    (ana, *_rest) = member_documents(toy_creators(), "toy:creators")
    assert ana.fields["hashtags"] == ["running", "ad"]
    assert not any("#" in c for c in ana.fields["captions"])


def test_member_niches_is_what_the_planner_reads(sample: Store) -> None:
    from nichescout.plan.candidates import load_candidates

    by_key = member_niches(sample, "instagram:sample")
    cands = load_candidates(sample, "instagram:sample")
    for key, niches in zip(cands.frame["member_key"], cands.frame["niches"], strict=True):
        assert niches == by_key.get(int(key), ())
    assert any(cands.frame["niches"])


def test_a_given_niche_wins_over_the_labels(tmp_path: Path) -> None:
    from nichescout.plan.candidates import load_candidates

    (tmp_path / "profiles.csv").write_text(
        "handle,platform,followers,bio,niche\nana,toy,500,Personal trainer,yoga\n"
        "bo,toy,300,Sourdough baker,\n",
        encoding="utf-8",
    )
    store = Store(":memory:")
    import_creators(store, tmp_path)
    cands = load_candidates(store, "toy")
    assert dict(zip(cands.frame["member_id"], cands.frame["niches"], strict=True)) == {
        "ana": ("yoga",),
        "bo": ("food",),
    }


def test_a_store_without_text_has_no_labels(tmp_path: Path) -> None:
    from nichescout.ingest.graph import import_graph

    store = Store(":memory:")
    path = tmp_path / "edges.csv"
    path.write_text("source,target\n1,2\n2,3\n", encoding="utf-8")
    import_graph(store, path, platform="graph:toy")
    assert member_niches(store, "graph:toy") == {}
    assert label_niches(store, "graph:toy").empty
