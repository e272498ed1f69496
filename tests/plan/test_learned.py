"""--probability learned: the store's estimate against a pandas oracle on random communities."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nichescout import settings as ns_settings
from nichescout.data.toy import toy_community
from nichescout.exceptions import ParameterError
from nichescout.plan import choose_seeds, influence_graph
from nichescout.plan.learned import POSTING_KINDS, learned_probability
from nichescout.store import ImportSession, Store

KINDS = ("share", "reply", "mention", "vote_up", "follow")
T0 = datetime(2024, 1, 1)


@st.composite
def communities(draw: st.DrawFn) -> dict[str, pd.DataFrame]:
    """2–6 members (maybe a bot), up to 8 content items, up to 25 interactions with random
    kinds, anonymous actors, self-interactions, shared times and content ids."""
    n = draw(st.integers(2, 6))
    ids = [f"m{i}" for i in range(n)]
    bots = [False, *draw(st.lists(st.booleans(), min_size=n - 1, max_size=n - 1))]
    members = pd.DataFrame({"member_id": ids, "is_bot": bots})
    n_content = draw(st.integers(0, 8))
    content = pd.DataFrame(
        {
            "content_id": [f"c{j}" for j in range(n_content)],
            "author_id": [draw(st.sampled_from(ids)) for _ in range(n_content)],
            "created_at": [T0 + timedelta(hours=j) for j in range(n_content)],
        }
    )
    rows = []
    for j in range(draw(st.integers(0, 25))):
        actor = draw(st.one_of(st.none(), st.sampled_from(ids)))
        rows.append(
            {
                "interaction_id": f"i{j}",
                "actor_id": actor,
                "kind": draw(st.sampled_from(KINDS)),
                "target_id": draw(st.sampled_from(ids)),
                "content_id": draw(
                    st.one_of(st.none(), st.sampled_from(list(content["content_id"]) or [None]))
                ),
                "created_at": draw(
                    st.one_of(st.none(), st.integers(0, 4).map(lambda h: T0 + timedelta(hours=h)))
                ),
            }
        )
    columns = ["interaction_id", "actor_id", "kind", "target_id", "content_id", "created_at"]
    return {
        "members": members,
        "content": content,
        "interactions": pd.DataFrame(rows, columns=columns),
    }


def _store(data: dict[str, pd.DataFrame]) -> Store:
    store = Store(":memory:")
    with ImportSession(store, "test", "hypothesis", platform="p") as session:
        members = session.writer("members")
        for row in data["members"].itertuples():
            members.append({"platform": "p", "member_id": row.member_id, "is_bot": row.is_bot})
        content = session.writer("content")
        for row in data["content"].itertuples():
            content.append(
                {
                    "platform": "p",
                    "content_id": row.content_id,
                    "author_id": row.author_id,
                    "kind": "post",
                    "created_at": row.created_at,
                }
            )
        interactions = session.writer("interactions")
        for rec in data["interactions"].to_dict("records"):
            interactions.append(
                {"platform": "p", **{k: (None if pd.isna(v) else v) for k, v in rec.items()}}
            )
        session.commit()
    return store


def _oracle(data: dict[str, pd.DataFrame], prior: float) -> dict[tuple[str, str], float]:
    """The module doc's estimator, spelled out in pandas."""
    human = set(data["members"].loc[~data["members"]["is_bot"], "member_id"])
    inter = data["interactions"]
    inter = inter[inter["actor_id"].isin(human) & inter["target_id"].isin(human)]
    kinds = ns_settings.get("plan_learned_kinds")
    prop = inter[inter["kind"].isin(kinds) & (inter["actor_id"] != inter["target_id"])]
    a_uv = prop.groupby(["target_id", "actor_id"]).size()
    if a_uv.empty:
        return {}
    content = data["content"]
    authored = content[content["author_id"].isin(human)].groupby("author_id").size()
    posting = data["interactions"]
    posting = posting[posting["actor_id"].isin(human) & posting["kind"].isin(POSTING_KINDS)]
    key = posting["content_id"].where(
        posting["content_id"].notna(),
        posting["created_at"].map(lambda t: None if pd.isna(t) else f"t{t}"),
    )
    key = key.where(key.notna(), posting["interaction_id"])
    acted = key.groupby(posting["actor_id"]).nunique()
    most = a_uv.groupby(level=0).max()
    out = {}
    for (u, v), count in a_uv.items():
        a_u = max(int(authored.get(u, 0)), int(acted.get(u, 0)), int(most[u]))
        out[(str(u), str(v))] = count / (a_u + prior)
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(communities())
def test_learned_probabilities_match_the_pandas_oracle(data: dict[str, pd.DataFrame]) -> None:
    want = _oracle(data, float(ns_settings.get("plan_learned_prior")))
    if not want:  # nobody propagated anybody: nothing to learn from
        with pytest.raises(ParameterError, match="found no share or reply between two members"):
            influence_graph(_store(data).con, "p", "learned")
        return
    graph = influence_graph(_store(data).con, "p", "learned")
    assert graph.member_ids is not None
    ids = graph.member_ids
    got = {
        (str(ids[u]), str(ids[v])): float(p)
        for u, v, p in zip(graph.src, graph.dst, graph.prob, strict=True)
    }
    assert got.keys() == want.keys()
    for pair, p in want.items():
        assert got[pair] == pytest.approx(p, abs=1e-12)
    assert all(0.0 <= p <= 1.0 for p in got.values())
    assert (graph.lt_weight <= 1.0 + 1e-12).all()


@given(
    st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), max_size=20),
    st.floats(0.0, 10.0, allow_nan=False),
)
def test_learned_probability_lies_in_the_unit_interval(
    pairs: list[tuple[int, int]], prior: float
) -> None:
    p = learned_probability([a for a, _ in pairs], [b for _, b in pairs], prior=prior)
    assert ((p >= 0) & (p <= 1)).all()


def test_a_negative_prior_is_refused() -> None:
    with pytest.raises(ParameterError, match="plan_learned_prior"):
        learned_probability([1], [1], prior=-1.0)


def test_learned_plans_carry_their_rule_in_the_provenance() -> None:
    plan = choose_seeds(
        toy_community(), "toy", k=1, model="ic", probability="learned", epsilon=0.5,
        random_state=0,
    )  # fmt: skip
    assert plan.attrs["provenance"]["probability"] == "learned"
    assert 1.5 < plan["spread"].iloc[-1] < 2.0  # Ann or Cat: about 1.8 each (module doc)
