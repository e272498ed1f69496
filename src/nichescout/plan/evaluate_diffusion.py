"""Real diffusion check: do seeds chosen before the Higgs announcement get retweeted after it?

``python -m nichescout.plan.evaluate_diffusion --data-dir ../shared/data --out
docs/evaluation-diffusion.md`` imports the Twitter Higgs activity (``twitter-higgs`` of
:mod:`nichescout.evaluate.datasets`: ``userA userB time RT|MT|RE`` read by
``nichescout ingest graph`` as share, mention and reply; ``userA`` acted on ``userB``, so a
retweet's target is the author retweeted), keeps what happened before the cutoff
(4 July 2012 00:00 UTC, the data set's own) as the *planning store* (those events and the
members in them, :func:`planning_store`), chooses ``k`` seeds there by every method, and
counts whom the seeds' posts actually reached afterwards.

**Reach** (from the retweets dated at or after the cutoff, self-retweets left out):

* ``reach₁(S)``: the distinct users, other than the seeds, who retweeted a seed;
* ``reach₂(S)``: ``reach₁(S)`` and the distinct users, other than those, who retweeted a
  member ``v`` of ``reach₁(S)`` at or after ``v``'s first retweet of a seed. A retweet in
  this data names the original author (retweeting a retweet credits the original), so the
  second hop is people who retweeted the first hop's *own* posts once it had taken up a seed's:
  an upper-bound proxy of a cascade, not a traced one.

**Methods**, all on the planning store (nodes: its members):

* ``IMM learned``: ``plan seeds --probability learned`` (IC, ε, random_state), edges
  author → propagator (:mod:`nichescout.plan.learned`);
* ``IMM wc (author → actor)``: IMM under IC with weighted cascade on the interactions
  reversed, so that a retweet, mention or reply of ``u`` by ``v`` is an edge ``u → v`` with
  ``p = c(v acted on u) / c(v acted on anyone)``;
* ``IMM wc (as stored)``: ``plan seeds --probability wc`` as it reads the store, edges actor →
  target (the convention of influence-maximisation files);
* ``in-degree``: the most distinct users who retweeted, mentioned or replied to them;
* ``out-degree``: the most distinct users they retweeted, mentioned or replied to;
* ``PageRank``: weighted PageRank of the interaction network actor → target (weights:
  interaction counts; damping: the setting ``pagerank_damping``);
* ``random``: ``k`` members of the planning store drawn uniformly, ``--random-draws`` times;
* ``hindsight``: greedy maximum coverage of the post-cutoff retweeters among the planning
  store's members: a reference that looks at the answer, not a method.

Ties go to the lower node number (import order).

>>> log = RetweetLog.from_events(["b", "c", "d"], ["a", "a", "c"], [10, 11, 12])
>>> reach(log, ["a"])  # b and c retweeted a; d retweeted c after c took a's post up
(2, 3)
"""

from __future__ import annotations

import argparse
import heapq
import math
import os
import platform as _platform
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from nichescout import settings
from nichescout._version import __version__
from nichescout.evaluate.datasets import find
from nichescout.evaluate.harness import pre_cutoff_store
from nichescout.exceptions import NotFoundError
from nichescout.settings import INTERACTION_WEIGHTS
from nichescout.store import Store

__all__ = [
    "DATASET",
    "DiffusionResult",
    "RetweetLog",
    "main",
    "planning_store",
    "reach",
    "render_markdown",
    "run",
]

DATASET = "twitter-higgs"
DEFAULT_K = (10, 25, 50, 100)
DEFAULT_DRAWS = 20
DEFAULT_DOC = Path("docs/evaluation-diffusion.md")
METHODS = (
    "IMM learned",
    "IMM wc (author → actor)",
    "IMM wc (as stored)",
    "in-degree",
    "out-degree",
    "PageRank",
    "random",
    "hindsight",
)


@dataclass(frozen=True)
class RetweetLog:
    """Retweets after the cutoff: retweeter, author (indices into ``ids``) and unix time."""

    retweeter: npt.NDArray[np.int64]
    author: npt.NDArray[np.int64]
    time: npt.NDArray[np.int64]
    ids: npt.NDArray[Any]
    index: dict[str, int] = field(repr=False)

    @classmethod
    def from_events(
        cls, retweeter: Sequence[Any], author: Sequence[Any], when: Sequence[int]
    ) -> RetweetLog:
        """A log from parallel lists (member ids as strings); self-retweets are dropped."""
        r = np.asarray([str(x) for x in retweeter], dtype=object)
        a = np.asarray([str(x) for x in author], dtype=object)
        t = np.asarray(when, dtype=np.int64)
        keep = r != a
        r, a, t = r[keep], a[keep], t[keep]
        ids, inverse = np.unique(np.concatenate([r, a]), return_inverse=True)
        inverse = inverse.astype(np.int64)
        return cls(
            inverse[: r.size],
            inverse[r.size :],
            t,
            ids,
            {str(m): i for i, m in enumerate(ids)},
        )

    @property
    def users(self) -> int:
        """Distinct users in the log (retweeters and authors)."""
        return int(self.ids.size)


def reach(log: RetweetLog, seeds: Sequence[str]) -> tuple[int, int]:
    """``(reach₁, reach₂)`` of ``seeds`` (member ids) in ``log`` (module doc)."""
    n = log.users
    in_s = np.zeros(n, dtype=np.bool_)
    chosen = [log.index[s] for s in seeds if s in log.index]
    in_s[chosen] = True
    hit = in_s[log.author] & ~in_s[log.retweeter]
    never = np.iinfo(np.int64).max
    first = np.full(n, never, dtype=np.int64)
    np.minimum.at(first, log.retweeter[hit], log.time[hit])
    in_r1 = first < never
    second = (
        in_r1[log.author]
        & (log.time >= first[log.author])
        & ~in_s[log.retweeter]
        & ~in_r1[log.retweeter]
    )
    one = int(in_r1.sum())
    return one, one + int(np.unique(log.retweeter[second]).size)


def retweets_after(con: Any, platform: str, cutoff: datetime) -> RetweetLog:
    """The platform's retweets (kind ``share``) dated at or after ``cutoff``."""
    rows = con.execute(
        """SELECT a.member_id AS retweeter, t.member_id AS author,
                  CAST(epoch(i.created_at) AS BIGINT) AS ts
           FROM interactions i
           JOIN members a ON a.member_key = i.actor_key
           JOIN members t ON t.member_key = i.target_key
           WHERE i.platform = ? AND i.kind = 'share' AND i.created_at >= ?
             AND NOT coalesce(a.is_bot, false) AND NOT coalesce(t.is_bot, false)""",
        [platform, cutoff],
    ).fetchnumpy()
    return RetweetLog.from_events(list(rows["retweeter"]), list(rows["author"]), rows["ts"])


def planning_store(store: Store, platform: str, cutoff: datetime) -> Store:
    """An in-memory copy of ``platform`` with only the events before ``cutoff`` and only the
    members in them: what a planner on 3 July 2012 would have had."""
    copy = pre_cutoff_store(store, platform, cutoff)
    copy.con.execute(
        """DELETE FROM members WHERE platform = $p AND member_key NOT IN (
               SELECT actor_key FROM interactions WHERE platform = $p AND actor_key IS NOT NULL
               UNION SELECT target_key FROM interactions
               WHERE platform = $p AND target_key IS NOT NULL)""",
        {"p": platform},
    )
    return copy


def _interaction_counts(
    con: Any, platform: str
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """``(actor, target, count)`` per pair, over the node numbers of ``influence_graph``."""
    kinds = ", ".join(f"'{k}'" for k, w in INTERACTION_WEIGHTS.items() if w)
    rows = con.execute(
        f"""WITH nodes AS (
                SELECT member_key, row_number() OVER (ORDER BY member_key) - 1 AS node
                FROM members WHERE platform = $p AND NOT coalesce(is_bot, false))
            SELECT a.node AS actor, t.node AS target, count(*) AS c
            FROM interactions i
            JOIN nodes a ON a.member_key = i.actor_key
            JOIN nodes t ON t.member_key = i.target_key
            WHERE i.platform = $p AND i.kind IN ({kinds}) AND i.actor_key <> i.target_key
            GROUP BY ALL ORDER BY actor, target""",
        {"p": platform},
    ).fetchnumpy()
    return (
        np.asarray(rows["actor"], dtype=np.int64),
        np.asarray(rows["target"], dtype=np.int64),
        np.asarray(rows["c"], dtype=np.float64),
    )


def _top(score: npt.NDArray[np.float64], k: int) -> npt.NDArray[np.int64]:
    return np.lexsort((np.arange(score.size), -score))[:k].astype(np.int64)


def hindsight(log: RetweetLog, candidates: Sequence[str], k: int) -> list[str]:
    """Greedy maximum coverage of post-cutoff retweeters by ``k`` of ``candidates`` (lazy
    evaluation; ties: the candidate first in ``candidates``)."""
    allowed = {log.index[c]: i for i, c in enumerate(candidates) if c in log.index}
    by_author: dict[int, set[int]] = {}
    for r, a in zip(log.retweeter.tolist(), log.author.tolist(), strict=True):
        if a in allowed:
            by_author.setdefault(a, set()).add(r)
    heap = [(-len(s), allowed[a], a) for a, s in by_author.items()]
    heapq.heapify(heap)
    covered: set[int] = set()
    chosen: list[str] = []
    while heap and len(chosen) < k:
        neg, order, a = heapq.heappop(heap)
        gain = len(by_author[a] - covered)
        if gain == -neg:
            chosen.append(str(log.ids[a]))
            covered |= by_author[a]
        else:
            heapq.heappush(heap, (-gain, order, a))
    return chosen


@dataclass
class DiffusionResult:
    """One row per (method, k, draw) with its reach, and what the run measured."""

    rows: list[dict[str, Any]]
    info: dict[str, Any]


def _seed_sets(
    plan: Store,
    platform: str,
    ks: Sequence[int],
    epsilon: float,
    random_state: int,
    draws: int,
    log: RetweetLog,
) -> list[dict[str, Any]]:
    from nichescout.graph import build_graph, pagerank
    from nichescout.plan.baselines import random_seeds
    from nichescout.plan.graph import InfluenceGraph, influence_graph
    from nichescout.plan.imm import imm
    from nichescout.plan.seeds import choose_seeds

    stored = influence_graph(plan.con, platform, "wc")
    ids = stored.member_ids
    assert ids is not None
    n = stored.n
    actor, target, count = _interaction_counts(plan.con, platform)
    sent = np.bincount(actor, weights=count, minlength=n)
    flipped = InfluenceGraph.build(n, target, actor, count / sent[actor], count / sent[actor])
    started = time.perf_counter()
    in_degree = np.bincount(target, minlength=n).astype(np.float64)
    out_degree = np.bincount(actor, minlength=n).astype(np.float64)
    rank = pagerank(
        build_graph(actor, target, count, n_nodes=n), damping=settings.get("pagerank_damping")
    )
    rankings = {
        "in-degree": _top(in_degree, max(ks)),
        "out-degree": _top(out_degree, max(ks)),
        "PageRank": _top(rank, max(ks)),
    }
    ranking_seconds = (time.perf_counter() - started) / len(rankings)
    ell = float(settings.get("plan_ell"))
    out: list[dict[str, Any]] = []
    for k in ks:
        sets: list[tuple[str, int, list[str], float, float | None]] = []
        for label, probability in (("IMM learned", "learned"), ("IMM wc (as stored)", "wc")):
            frame = choose_seeds(plan, platform, k, "ic", probability, epsilon, random_state)
            prov = frame.attrs["provenance"]
            sets.append(
                (label, 0, [str(m) for m in frame["member_id"]], prov["seconds"],
                 float(frame["spread"].iloc[-1]))
            )  # fmt: skip
        result = imm(flipped, k, "ic", epsilon=epsilon, ell=ell, seed=random_state)
        sets.append(
            ("IMM wc (author → actor)", 0, [str(ids[v]) for v in result.seeds], result.seconds,
             result.spread)
        )  # fmt: skip
        for label, order in rankings.items():
            sets.append((label, 0, [str(ids[v]) for v in order[:k]], ranking_seconds, None))
        for draw in range(draws):
            chosen = random_seeds(stored, k, random_state + draw)
            sets.append(("random", draw, [str(ids[v]) for v in chosen], 0.0, None))
        started = time.perf_counter()
        best = hindsight(log, [str(m) for m in ids], k)
        sets.append(("hindsight", 0, best, time.perf_counter() - started, None))
        for label, draw, seeds, seconds, estimate in sets:
            one, two = reach(log, seeds)
            out.append(
                {
                    "method": label,
                    "k": k,
                    "draw": draw,
                    "seeds": seeds,
                    "reach1": one,
                    "reach2": two,
                    "seconds": seconds,
                    "estimate": estimate,
                }
            )
    return out


def run(
    path: str | Path,
    *,
    cutoff: datetime,
    platform: str = "twitter:higgs",
    k: Sequence[int] = DEFAULT_K,
    random_draws: int = DEFAULT_DRAWS,
    epsilon: float | None = None,
    random_state: int = 0,
) -> DiffusionResult:
    """Import the activity file ``path`` (``nichescout ingest graph``), choose seeds before
    ``cutoff`` by every method (module doc) and measure their reach after it."""
    from nichescout.ingest import ingest

    epsilon = float(settings.get("plan_epsilon")) if epsilon is None else epsilon
    started = time.perf_counter()
    store = Store(":memory:")
    report = ingest(store, "graph", path, platform=platform)
    imported = time.perf_counter()
    plan = planning_store(store, platform, cutoff)
    members, events = plan.con.execute(
        "SELECT (SELECT count(*) FROM members), (SELECT count(*) FROM interactions)"
    ).fetchall()[0]
    if not members:
        raise NotFoundError(f"No events before {cutoff:%Y-%m-%d %H:%M} in {path}.")
    kinds = dict(
        plan.con.execute("SELECT kind, count(*) FROM interactions GROUP BY ALL").fetchall()
    )
    log = retweets_after(store.con, platform, cutoff)
    retweeters = int(np.unique(log.retweeter).size)
    prepared = time.perf_counter()
    rows = _seed_sets(plan, platform, k, epsilon, random_state, random_draws, log)
    chosen = time.perf_counter()
    info = {
        "path": str(path),
        "platform": platform,
        "cutoff": cutoff,
        "events": int(report.added.get("interactions", 0)),
        "plan_members": int(members),
        "plan_events": int(events),
        "plan_kinds": kinds,
        "retweets_after": int(log.retweeter.size),
        "retweeters_after": retweeters,
        "epsilon": epsilon,
        "random_state": random_state,
        "random_draws": random_draws,
        "k": list(k),
        "import_s": imported - started,
        "prepare_s": prepared - imported,
        "methods_s": chosen - prepared,
        "total_s": chosen - started,
    }
    store.close()
    plan.close()
    return DiffusionResult(rows, info)


# -- the page ------------------------------------------------------------------------------
def _machine() -> str:
    cpu = _platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} CPUs; {_platform.system()} {_platform.release()}; Python "
        f"{_platform.python_version()}, nichescout {__version__}"
    )


def summary(result: DiffusionResult) -> dict[tuple[str, int], dict[str, float]]:
    """Per (method, k): mean and standard deviation of reach₁ and reach₂ over draws."""
    groups: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for row in result.rows:
        groups.setdefault((row["method"], row["k"]), []).append(row)
    out = {}
    for key, rows in groups.items():
        one = np.array([r["reach1"] for r in rows], dtype=np.float64)
        two = np.array([r["reach2"] for r in rows], dtype=np.float64)
        out[key] = {
            "reach1": float(one.mean()),
            "reach1_sd": float(one.std(ddof=1)) if one.size > 1 else 0.0,
            "reach2": float(two.mean()),
            "reach2_sd": float(two.std(ddof=1)) if two.size > 1 else 0.0,
            "seconds": float(np.mean([r["seconds"] for r in rows])),
            "estimate": rows[0]["estimate"] if rows[0]["estimate"] is not None else math.nan,
            "draws": len(rows),
        }
    return out


def _cell(stats: dict[str, float], key: str) -> str:
    if stats["draws"] > 1:
        return f"{stats[key]:,.0f} ± {stats[key + '_sd']:,.0f}"
    return f"{stats[key]:,.0f}"


def _reach_table(result: DiffusionResult, key: str) -> list[str]:
    stats = summary(result)
    ks = result.info["k"]
    lines = [
        "| method | " + " | ".join(f"k = {k}" for k in ks) + " |",
        "|---|" + "---:|" * len(ks),
    ]
    for method in METHODS:
        if (method, ks[0]) in stats:
            cells = [_cell(stats[(method, k)], key) for k in ks]
            lines.append(f"| {method} | " + " | ".join(cells) + " |")
    return lines


def _overlap(result: DiffusionResult, k: int) -> list[str]:
    sets = {
        r["method"]: set(r["seeds"])
        for r in result.rows
        if r["k"] == k and r["method"] not in ("random",)
    }
    names = [m for m in METHODS if m in sets]
    lines = [
        "| | " + " | ".join(names) + " |",
        "|---|" + "---:|" * len(names),
    ]
    for a in names:
        lines.append(f"| {a} | " + " | ".join(str(len(sets[a] & sets[b])) for b in names) + " |")
    return lines


def _facts(result: DiffusionResult) -> list[str]:
    """Sentences read off the numbers: which method reached most at each k."""
    stats = summary(result)
    lines = []
    for k in result.info["k"]:
        ranked = sorted(
            (m for m in METHODS if m != "hindsight" and (m, k) in stats),
            key=lambda m: -stats[(m, k)]["reach1"],
        )
        best = ranked[0]
        imm = stats[("IMM learned", k)]["reach1"]
        top = stats[(best, k)]["reach1"]
        ceiling = stats[("hindsight", k)]["reach1"]
        lines.append(
            f"* k = {k}: most reached by **{best}** ({top:,.0f} users, "
            f"{top / max(ceiling, 1):.0%} of hindsight's {ceiling:,.0f}); IMM learned "
            f"{imm:,.0f} ({ranked.index('IMM learned') + 1} of {len(ranked)}); random "
            f"{stats[('random', k)]['reach1']:,.0f}."
        )
    return lines


def render_markdown(result: DiffusionResult, command: str, analysis: str = "") -> str:
    """The page: data, definitions, the two reach tables, IMM's own estimates, overlap,
    timings and ``analysis``."""
    info = result.info
    stats = summary(result)
    ks = info["k"]
    kinds = ", ".join(f"{v:,} {k}" for k, v in sorted(info["plan_kinds"].items()))
    lines = [
        "# Real diffusion check: seeds chosen before the Higgs announcement, reach after it",
        "",
        f"Made by `{command}` on {datetime.now(UTC):%Y-%m-%d}, {_machine()}.",
        "",
        "Issue 13 asks whether the seeds that `nichescout plan seeds` chooses from an "
        "interaction network actually spread content. The Twitter Higgs activity "
        "(De Domenico et al. 2013; `../shared/data/twitter-higgs`, "
        f"{info['events']:,} retweet, mention and reply events, 1–7 July 2012) has a "
        "natural test: plan on what happened before the announcement of 4 July 2012 "
        "00:00 UTC (the cutoff of the ranking evaluation, docs/evaluation.md) and count who "
        "retweeted the chosen seeds afterwards.",
        "",
        "## Data and definitions",
        "",
        f"* Planning store: the events before {info['cutoff']:%Y-%m-%d %H:%M} UTC "
        f"({info['plan_events']:,}: {kinds}) and the {info['plan_members']:,} users in "
        "them, imported by `nichescout ingest graph` (RT → share, MT → mention, RE → reply; "
        "`userA userB`: A acted on B).",
        f"* Ground truth: the {info['retweets_after']:,} retweets from the cutoff to the end "
        f"of the data (self-retweets left out), by {info['retweeters_after']:,} distinct "
        "retweeters.",
        "* **reach₁** of a seed set: distinct users, other than the seeds, who retweeted a "
        "seed after the cutoff. **reach₂**: reach₁ plus the distinct users who retweeted a "
        "reach₁ user at or after that user's first retweet of a seed (the data names the "
        "original author of every retweet, so this second hop counts retweets of the first "
        "hop's own posts: an upper-bound proxy of a two-step cascade, not a traced one).",
        "* Methods (all see only the planning store): **IMM learned** = `plan seeds "
        "--probability learned` (IC; p(u → v) = A(u → v) / (A(u) + α), the share of u's "
        "posts v retweeted or replied to, α = the setting `plan_learned_prior` = "
        f"{settings.get('plan_learned_prior')}; edges author → propagator); **IMM wc "
        "(author → actor)** = IMM under IC with weighted cascade on the reversed "
        "interactions (p(u → v) = the share of v's retweets, mentions and replies that "
        "went to u); **IMM wc (as stored)** = `plan seeds --probability wc` as it reads "
        "the store, edges actor → target (the influence-maximisation file convention: here "
        "retweeter → author); **in-degree** = most distinct users who retweeted, mentioned "
        "or replied to them; **out-degree** = most distinct users they retweeted, "
        "mentioned or replied to; **PageRank** = weighted PageRank of the interaction "
        "network actor → target (interaction counts); **random** = uniform over the "
        f"planning store's users, mean ± sd of {info['random_draws']} draws; **hindsight** "
        "= greedy maximum coverage of the post-cutoff retweeters among the same users, a "
        "reference that looks at the answer. IMM: ε = "
        f"{info['epsilon']}, ℓ = {settings.get('plan_ell')}, random_state "
        f"{info['random_state']}, one run per k. Ties go to the lower node number.",
        "",
        "## Reach₁: distinct users who retweeted a seed after the cutoff",
        "",
        *_reach_table(result, "reach1"),
        "",
        "## Reach₂: and who retweeted those users afterwards",
        "",
        *_reach_table(result, "reach2"),
        "",
        "## What each IMM expected (its own estimate of the spread under its model)",
        "",
        "| method | " + " | ".join(f"k = {k}" for k in ks) + " |",
        "|---|" + "---:|" * len(ks),
    ]
    for method in ("IMM learned", "IMM wc (author → actor)", "IMM wc (as stored)"):
        cells = [f"{stats[(method, k)]['estimate']:,.0f}" for k in ks]
        lines.append(f"| {method} | " + " | ".join(cells) + " |")
    k_mid = ks[len(ks) // 2] if ks else 0
    lines += [
        "",
        "(the expected number of users activated, seeds included, under IC on the planning "
        "network: a model of 1–3 July, not a forecast of 4–7 July.)",
        "",
        f"## Seeds in common at k = {k_mid}",
        "",
        *_overlap(result, k_mid),
        "",
        "## Timings",
        "",
        f"Import {info['import_s']:.1f} s, planning store and retweet log "
        f"{info['prepare_s']:.1f} s, every method at every k with its reach "
        f"{info['methods_s']:.1f} s; {info['total_s']:.1f} s in all (one process). Seconds "
        "per seed set (IMM: its own time; degree and PageRank: the ranking, shared by all k):",
        "",
        "| method | " + " | ".join(f"k = {k}" for k in ks) + " |",
        "|---|" + "---:|" * len(ks),
    ]
    for method in ("IMM learned", "IMM wc (author → actor)", "IMM wc (as stored)", "hindsight"):
        cells = [f"{stats[(method, k)]['seconds']:.2f}" for k in ks]
        lines.append(f"| {method} | " + " | ".join(cells) + " |")
    lines += ["", "## What it shows", "", *_facts(result)]
    if analysis:
        lines += ["", analysis.strip()]
    return "\n".join(lines) + "\n"


#: The discussion under the tables. Written after reading the figures of the run recorded in
#: docs/evaluation-diffusion.md; the bullet list above it is computed on every run.
ANALYSIS = """
In the run recorded here (deterministic: random_state 0, the same seeds on any number of
threads):

* **Real retweets favour the accounts that were already answered most.** In-degree (distinct
  users who retweeted, mentioned or replied to an account on 1–3 July) is first or within a
  few percent of first at every k. IMM with learned probabilities is as good, not better:
  ahead at k = 10 (23,937 vs 23,261), behind at k = 25 and 50 (by 8 % and 4 %), level at
  k = 100; it shares 36 of its 50 seeds with in-degree. PageRank comes next; the best
  methods reach 67–78 % of what the hindsight reference, which looks at the answer, reaches
  with the same k. Random seeds reach tens to hundreds of users (the
  standard deviation above the mean: a few random accounts are popular, most are not).
* **The direction of the edges decides everything.** `plan seeds --probability wc` reads
  the store's interactions as influence-maximisation files are read, actor → target; on
  this store that is retweeter → author, and IMM then picks prolific retweeters: its seeds
  reached 190–1,646 users, 1–4 % of in-degree's and fewer than out-degree's (881–3,215). On social
  interaction data, influence runs from the author to whoever retweets or replies;
  `--probability learned` points its edges that way by construction. The other rules are
  right for files of `u v p` arcs (NetHEPT) and were left as they are.
* **Weighted cascade, even the right way round, is a poor model here.** With p(u → v) = the
  share of v's retweets, mentions and replies that went to u, an account retweeted by many
  users who also retweet others gets small probabilities, and IMM prefers accounts with
  exclusive audiences: 38–59 % of in-degree's reach. The learned estimate
  (the share of u's posts that v took up) does not penalise a shared audience.
* **IMM's expected spread is not a forecast.** IMM learned expected 1,946–5,125 users
  (seeds included) under the model of 1–3 July; its seeds were retweeted by 8–12 times as
  many after the announcement, when retweets grew tenfold (324,120 in the four days after
  against 30,810 in the three before). The model ranked well; its scale did not transfer.

Limits: one data set and one cutoff; no follower graph, so exposure is not seen, only
retweets; a retweet names the original author, so reach₂ is a proxy; the learned estimator
sees no original tweets on this store (A(u) is a lower bound of u's posts) and its prior
α = 1 is the setting's default, chosen before this run and not tuned on it; one IMM run per
k.
"""


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m nichescout.plan.evaluate_diffusion``: run the check, write the page."""
    parser = argparse.ArgumentParser(
        prog="python -m nichescout.plan.evaluate_diffusion", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=DEFAULT_DOC)
    parser.add_argument("--k", type=int, nargs="+", default=list(DEFAULT_K))
    parser.add_argument("--random-draws", type=int, default=DEFAULT_DRAWS)
    parser.add_argument("--epsilon", type=float, default=None)
    parser.add_argument("--random-state", type=int, default=0)
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    spec = find(DATASET)
    path = args.data_dir / spec.path
    if not path.exists():
        parser.error(f"{path} not found: --data-dir must hold twitter-higgs (see its README).")
    assert isinstance(spec.cutoff, datetime)
    result = run(
        path,
        cutoff=spec.cutoff,
        platform=str(spec.options.get("platform", "twitter:higgs")),
        k=args.k,
        random_draws=args.random_draws,
        epsilon=args.epsilon,
        random_state=args.random_state,
    )
    command = "python -m nichescout.plan.evaluate_diffusion " + " ".join(
        list(sys.argv[1:] if argv is None else argv)
    )
    text = render_markdown(result, command.strip(), ANALYSIS)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
