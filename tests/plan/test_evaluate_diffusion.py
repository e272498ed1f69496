"""The real diffusion check on a hand-made timeline: every seed set's reach against a
plain-Python count from the raw lines."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from nichescout.plan.evaluate_diffusion import (
    METHODS,
    RetweetLog,
    hindsight,
    reach,
    render_markdown,
    run,
)

CUTOFF = datetime(2012, 7, 4)
T = 1341360000  # 2012-07-04 00:00 UTC
#: userA userB unix_time kind, as in higgs-activity_time.txt (A acted on B)
TIMELINE = [
    # before the cutoff: 1 is retweeted by 2, 3, 4 and replied to by 5; 6 by 7; 9 retweets a lot
    (2, 1, T - 900, "RT"),
    (3, 1, T - 800, "RT"),
    (4, 1, T - 700, "RT"),
    (5, 1, T - 600, "RE"),
    (5, 1, T - 600, "MT"),
    (7, 6, T - 500, "RT"),
    (7, 8, T - 400, "MT"),
    (9, 1, T - 300, "RT"),
    (9, 6, T - 200, "RT"),
    (9, 8, T - 100, "RT"),
    # after: 1 retweeted by 2, 10, 11; 6 by 12; 10's own post by 13 after 10 took up 1's,
    # by 14 before; a stranger 15 retweets 99; a self-retweet; a mention (not a retweet)
    (14, 10, T + 5, "RT"),
    (2, 1, T + 10, "RT"),
    (10, 1, T + 20, "RT"),
    (11, 1, T + 20, "RT"),
    (12, 6, T + 30, "RT"),
    (13, 10, T + 40, "RT"),
    (15, 99, T + 50, "RT"),
    (2, 2, T + 60, "RT"),
    (16, 1, T + 70, "MT"),
    (17, 9, T + 80, "RT"),
    (18, 17, T + 90, "RT"),
]


def oracle_reach(events: list[tuple[int, int, int, str]], seeds: list[str]) -> tuple[int, int]:
    """reach₁ and reach₂ as the module doc defines them, one event at a time."""
    retweets = [
        (str(a), str(b), t) for a, b, t, kind in events if kind == "RT" and t >= T and a != b
    ]
    chosen = set(seeds)
    first: dict[str, int] = {}
    for a, b, t in retweets:
        if b in chosen and a not in chosen:
            first[a] = min(first.get(a, t), t)
    second = {
        a
        for a, b, t in retweets
        if b in first and t >= first[b] and a not in chosen and a not in first
    }
    return len(first), len(first) + len(second)


def test_every_seed_set_reaches_what_plain_python_counts(tmp_path: Path) -> None:
    path = tmp_path / "higgs-activity_time.txt"
    path.write_text("".join(f"{a} {b} {t} {kind}\n" for a, b, t, kind in TIMELINE))
    result = run(path, cutoff=CUTOFF, k=(1, 2), random_draws=4, epsilon=0.3)
    assert {r["method"] for r in result.rows} == set(METHODS)
    for row in result.rows:
        assert (row["reach1"], row["reach2"]) == oracle_reach(TIMELINE, row["seeds"]), row
        assert len(row["seeds"]) == row["k"] or row["method"] == "hindsight"
    first = {r["method"]: r["seeds"] for r in result.rows if r["k"] == 1 and r["draw"] == 0}
    assert first["in-degree"] == ["1"] and first["out-degree"] == ["9"]
    assert first["hindsight"] == ["1"]  # 2, 10 and 11 retweeted 1 after the cutoff
    assert oracle_reach(TIMELINE, ["1"]) == (3, 4)  # and 13 retweeted 10 afterwards
    info = result.info
    assert (info["plan_members"], info["plan_events"]) == (9, 10)  # 10 … 18 came later
    assert info["retweets_after"] == 9  # ten after the cutoff, the self-retweet left out
    page = render_markdown(result, "test")
    assert "## Reach₁" in page and "| IMM learned |" in page and "| hindsight |" in page


EVENTS = st.lists(
    st.tuples(st.integers(0, 7), st.integers(0, 7), st.integers(T, T + 5), st.sampled_from(["RT"])),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(events=EVENTS, seeds=st.lists(st.integers(0, 8), max_size=4, unique=True))
def test_reach_matches_the_oracle(
    events: list[tuple[int, int, int, str]], seeds: list[int]
) -> None:
    log = RetweetLog.from_events(
        [a for a, _, _, _ in events], [b for _, b, _, _ in events], [t for _, _, t, _ in events]
    )
    names = [str(s) for s in seeds]
    assert reach(log, names) == oracle_reach(events, names)


def test_hindsight_is_greedy_coverage() -> None:
    log = RetweetLog.from_events(["b", "c", "d", "d", "e"], ["a", "a", "a", "x", "x"], [1] * 5)
    assert hindsight(log, ["a", "x"], 2) == ["a", "x"]  # a covers 3; x adds e
    assert hindsight(log, ["x"], 2) == ["x"]  # only candidates count
