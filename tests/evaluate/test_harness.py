"""The harness: structure, ranges, the cutoff rule, and above all that it never peeks."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from nichescout.data import sample_path
from nichescout.data.toy import toy_community
from nichescout.evaluate import (
    DEFAULT_BASELINES,
    evaluate,
    event_cutoff,
    pre_cutoff_store,
    rankings,
)
from nichescout.evaluate.harness import PRIOR
from nichescout.exceptions import NotFoundError, ParameterError
from nichescout.ingest import ingest
from nichescout.scores import CommunityScorer
from nichescout.store import Store

SAMPLE = "stackexchange:conlang-meta"


def _check_result(result: pd.DataFrame, label: bool = False) -> None:
    assert list(result["method"]) == ["nichescout", PRIOR, *DEFAULT_BASELINES]
    metrics = ["P@10", "P@50", "NDCG@10", "NDCG@50", "AUC" if label else "Spearman"]
    assert list(result.columns) == ["method", *metrics]
    for column in metrics:
        values = result[column].dropna()
        low = -1.0 if column == "Spearman" else 0.0
        assert values.between(low - 1e-9, 1.0 + 1e-9).all(), column


def test_toy_evaluation_has_one_row_per_method() -> None:
    result = evaluate(toy_community(), "toy", datetime(2024, 1, 5), "accepted_answers")
    _check_result(result)
    assert result.attrs["population"] == 3  # Ann, Cat, Dan were active before 5 January
    assert result.attrs["positives"] == 1 and result.attrs["coverage"] == 1.0
    # Ann, the only future answerer accepted, is nichescout's first member
    assert result.set_index("method").loc["nichescout", "P@10"] == pytest.approx(1 / 3)
    assert result.set_index("method").loc["nichescout", "NDCG@10"] == pytest.approx(1.0)


def test_real_dump_evaluation_structure_and_ranges(datascience: tuple[Store, str]) -> None:
    store, platform = datascience
    cutoff = event_cutoff(store, platform)
    for outcome in ("accepted_answers", "upvotes", "newcomer_answers"):
        result = evaluate(store, platform, cutoff, outcome)
        _check_result(result)
        assert 0 < result.attrs["positives"] <= result.attrs["population"]
        assert 0 < result.attrs["coverage"] <= 1
    cohort = CommunityScorer(platform=platform, until=cutoff).fit(store).scores_
    assert result.attrs["population"] == len(cohort)


def test_the_cutoff_is_where_two_thirds_of_the_events_lie(sample_store: Store) -> None:
    cutoff = event_cutoff(sample_store, SAMPLE)
    assert cutoff == cutoff.replace(hour=0, minute=0, second=0, microsecond=0)

    def share_before(t: datetime) -> float:
        row = sample_store.con.execute(
            """SELECT avg(CASE WHEN t < ? THEN 1.0 ELSE 0.0 END) FROM (
                   SELECT created_at AS t FROM content UNION ALL
                   SELECT created_at FROM interactions WHERE created_at IS NOT NULL)""",
            [t],
        ).fetchall()
        return float(row[0][0])

    assert share_before(cutoff) < 2 / 3 <= share_before(cutoff + timedelta(days=1))
    with pytest.raises(ParameterError, match="'share' parameter of event_cutoff"):
        event_cutoff(sample_store, SAMPLE, share=1.5)
    with pytest.raises(NotFoundError):
        event_cutoff(sample_store, "nowhere")


def test_the_pre_cutoff_copy_holds_nothing_from_the_future(sample_store: Store) -> None:
    cutoff = event_cutoff(sample_store, SAMPLE)
    past = pre_cutoff_store(sample_store, SAMPLE, cutoff)
    for table in ("content", "interactions"):
        late = past.con.execute(
            f"SELECT count(*) FROM {table} WHERE created_at >= ? OR created_at IS NULL", [cutoff]
        ).fetchall()[0][0]
        assert late == 0
        kept = past.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
        assert 0 < kept < sample_store.counts()[table]
    assert past.counts()["members"] == sample_store.counts()["members"]


def test_rankings_do_not_change_when_the_future_does(sample_store: Store) -> None:
    """Rewrite everything after the cutoff: every method's ranking stays the same."""
    cutoff = event_cutoff(sample_store, SAMPLE)
    before = rankings(sample_store, SAMPLE, cutoff)
    altered = Store(":memory:")
    ingest(altered, "stackexchange", sample_path())
    altered.con.execute("DELETE FROM content WHERE created_at >= ?", [cutoff])
    altered.con.execute("DELETE FROM interactions WHERE created_at >= ?", [cutoff])
    # ... and a flood of future praise for the lowest-ranked member
    last = before.sort_values("nichescout")["member_key"].iloc[0]
    for i in range(200):
        altered.con.execute(
            """INSERT INTO interactions (platform, interaction_id, actor_key, kind, target_key,
                   created_at, value, import_id)
               VALUES (?, ?, NULL, 'vote_up', ?, ?, 1.0, 1)""",
            [SAMPLE, f"fake:{i}", int(last), cutoff + timedelta(hours=i)],
        )
    after = rankings(altered, SAMPLE, cutoff)
    pd.testing.assert_frame_equal(before, after)


def _scorer_ranking(store: Store, platform: str, cutoff: datetime) -> pd.DataFrame:
    scores = CommunityScorer(platform=platform, until=cutoff).fit(store).scores_
    return scores.drop(columns=["why", "audience", "tier"]).reset_index(drop=True)


def _truncated(path: Path, cutoff: datetime) -> Store:
    store = Store(":memory:")
    ingest(store, "stackexchange", path)
    store.con.execute("DELETE FROM content WHERE created_at >= ?", [cutoff])
    store.con.execute("DELETE FROM interactions WHERE created_at >= ?", [cutoff])
    return store


def test_the_scorer_itself_does_not_peek_on_a_real_dump(
    datascience: tuple[Store, str], shared_data: Path
) -> None:
    """Fit with until=cutoff on the full store = fit on a store holding only the past."""
    store, platform = datascience
    cutoff = event_cutoff(store, platform)
    past = _truncated(shared_data / "stackexchange/datascience-2014", cutoff)
    pd.testing.assert_frame_equal(
        _scorer_ranking(store, platform, cutoff), _scorer_ranking(past, platform, cutoff)
    )


def test_the_scorer_itself_does_not_peek_on_a_meta_site(sample_store: Store) -> None:
    cutoff = event_cutoff(sample_store, SAMPLE)
    past = _truncated(sample_path(), cutoff)
    pd.testing.assert_frame_equal(
        _scorer_ranking(sample_store, SAMPLE, cutoff), _scorer_ranking(past, SAMPLE, cutoff)
    )


def test_a_timeless_label_task_and_the_partner_flag_stays_hidden(tmp_path: Path) -> None:
    edges = tmp_path / "edges.csv"
    nodes = tmp_path / "nodes.csv"
    edges.write_text("from,to\n0,1\n0,2\n0,3\n1,2\n3,4\n4,5\n")
    rows = ["id,views,partner,new_id"] + [
        f"{100 + i},{v},{p},{i}"
        for i, (v, p) in enumerate(
            [(900, True), (300, False), (200, False), (500, True), (50, False), (10, False)]
        )
    ]
    nodes.write_text("\n".join(rows) + "\n")
    store = Store(":memory:")
    ingest(store, "graph", edges, nodes=nodes, platform="g", directed=False)
    result = evaluate(store, "g", None, "partner", k=(2,), baselines=("views", "degree"))
    assert list(result.columns) == ["method", "P@2", "NDCG@2", "AUC"]
    assert result.attrs["positives"] == 2
    assert result.set_index("method").loc["views", "AUC"] == 1.0
    first = rankings(store, "g", None, baselines=())
    # flip the partner flag wherever it is stored: the scorer's ranking must not move
    store.con.execute(
        """UPDATE members SET verified = NOT coalesce(verified, false),
           attributes = json_object('views', 1, 'partner', NOT coalesce(verified, false))"""
    )
    pd.testing.assert_frame_equal(first, rankings(store, "g", None, baselines=()))
    with pytest.raises(ParameterError, match="'cutoff' parameter of evaluate"):
        evaluate(store, "g", None, "upvotes")
