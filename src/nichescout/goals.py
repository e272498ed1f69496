r"""Goals: the future behaviours a ranking predicts, defined once for fitting and evaluation.

A goal is what a community manager wants more of. Each is measured per member over a window
``[since, until)`` from the canonical tables, with the window's recency weight :math:`w(t)`
(1 without a half-life), bots and self-interactions never counting:

=============  ===========================================================================
goal           value for member *m*
=============  ===========================================================================
help           :math:`\sum_{\text{reply } m \to p,\ p \ne m} w(t) +
               \sum_{\text{accept } \to m} w(t)`: replies to other members' questions,
               posts or threads, plus answers of *m* accepted as the solution (an accepted
               answer counts twice: once as a reply, once as accepted). A platform with no
               ``accept`` rows uses ``content.accepted`` answers of *m* instead
               (dated by the answer).
engagement     :math:`\sum_{\text{vote\_up, reaction, share } \to m} w(t)`: feedback
               received from others (anonymous up-votes count). A platform with no
               ``reaction`` or ``vote_up`` rows uses ``content.likes`` (else the net
               ``score``, if positive) of *m*'s items posted in the window instead.
welcome        :math:`\sum_{n \in N_m} w(t_n)`: distinct newcomers *n* whose first
               appearance (first item or first action on the platform) lies in the window
               and whom *m* replied to within ``welcome_window_hours`` of it (never
               the deleted-accounts placeholder).
reach          :math:`\sum_{p \in P_m} \max_i w(t_i)`: distinct other members *p* who
               replied to, mentioned, shared or followed *m*.
community      :math:`\sum_g v_g(m) / \sum_{m'} v_g(m')` over the four goals above with a
               non-zero community total: each goal counts equally, whatever its scale.
=============  ===========================================================================

The same definitions serve three places: :mod:`nichescout.scores.fit` learns weights that
predict a goal over the later part of a community's past; the evaluation
(:mod:`nichescout.evaluate.outcomes`) judges rankings by the goal after a cutoff; and the
signals ``help_given``, ``feedback_received``, ``newcomers_welcomed`` and ``peer_reach`` are
the same measures over the past, as inputs a fit may use.

>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals.base import SignalContext, by_member_id
>>> con = toy_community().con
>>> by_member_id(con, measure("help", con, SignalContext("toy")))
{'ann': 4.0, 'bob': 1.0, 'cat': 1.0, 'dan': 2.0}
>>> by_member_id(con, measure("reach", con, SignalContext("toy")))
{'ann': 3.0, 'bob': 1.0, 'cat': 2.0}
>>> by_member_id(con, measure("community", con, SignalContext("toy")))["ann"]
2.667
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nichescout.exceptions import ParameterError

if TYPE_CHECKING:  # the signals package reads the goals: import it only when measuring
    import duckdb
    import pandas as pd

    from nichescout.signals.base import SignalContext

__all__ = ["COMPONENT_GOALS", "GOALS", "Goal", "measure"]


@dataclass(frozen=True)
class Goal:
    """A future behaviour to predict: its name, words, and how to measure it."""

    name: str
    description: str
    unit: str  # "{value:#…}" words for the amount
    sql: Callable[[SignalContext], str] | None  # None: the community composite


def _weights(ctx: SignalContext) -> Callable[..., str]:
    """``w(column, factor)``: select-list items ``factor × weight`` named ``w`` (one per
    half-life of ``ctx``, see :meth:`SignalContext.each`)."""

    def w(column: str, factor: str = "") -> str:
        return ctx.each("w", lambda r: f"{factor}{r.weight(column)}")

    return w


def _help(ctx: SignalContext) -> str:
    w = _weights(ctx)
    total = ctx.each("value", lambda r: f"sum({r.col('w')})")
    return f"""
        SELECT member_key, {total} FROM (
            SELECT i.actor_key AS member_key, {w("i.created_at")} FROM interactions i
            WHERE {ctx.scope("i")} AND i.kind = 'reply' AND {ctx.when("i.created_at")}
              AND i.actor_key IS DISTINCT FROM i.target_key AND {ctx.humans("i.target_key")}
            UNION ALL
            SELECT i.target_key, {w("i.created_at")} FROM interactions i
            WHERE {ctx.scope("i")} AND i.kind = 'accept' AND {ctx.when("i.created_at")}
              AND i.actor_key IS DISTINCT FROM i.target_key
            UNION ALL
            SELECT c.author_key, {w("c.created_at")} FROM content c
            WHERE {ctx.scope("c")} AND coalesce(c.accepted, false) AND {ctx.when("c.created_at")}
              AND {ctx.lacks("accept")})
        WHERE {ctx.humans("member_key")}
        GROUP BY 1"""


def _engagement(ctx: SignalContext) -> str:
    w = _weights(ctx)
    total = ctx.each("value", lambda r: f"sum({r.col('w')})")
    return f"""
        SELECT member_key, {total} FROM (
            SELECT i.target_key AS member_key, {w("i.created_at")} FROM interactions i
            WHERE {ctx.scope("i")} AND i.kind IN ('vote_up', 'reaction', 'share')
              AND {ctx.when("i.created_at")} AND i.actor_key IS DISTINCT FROM i.target_key
              AND {ctx.not_bot("i.actor_key")}
            UNION ALL
            SELECT c.author_key, {w("c.created_at", "coalesce(c.likes, greatest(c.score, 0)) * ")}
            FROM content c
            WHERE {ctx.scope("c")} AND coalesce(c.likes, greatest(c.score, 0), 0) > 0
              AND {ctx.when("c.created_at")}
              AND {ctx.lacks("reaction", "vote_up")})
        WHERE {ctx.humans("member_key")}
        GROUP BY 1"""


def _welcome(ctx: SignalContext) -> str:
    hours = float(ctx.setting("welcome_window_hours"))
    return f"""
        WITH first_seen AS (
            SELECT member_key AS newcomer, min(t) AS first_at FROM (
                SELECT author_key AS member_key, created_at AS t FROM content c
                WHERE {ctx.scope("c")} AND {ctx.before_end("c.created_at")}
                UNION ALL
                SELECT actor_key, created_at FROM interactions i
                WHERE {ctx.scope("i")} AND {ctx.before_end("i.created_at")})
            WHERE member_key IS NOT NULL GROUP BY 1),
        welcomed AS (
            SELECT i.actor_key AS member_key, f.newcomer, f.first_at, min(i.created_at) AS t
            FROM interactions i JOIN first_seen f ON f.newcomer = i.target_key
            WHERE {ctx.scope("i")} AND i.kind = 'reply'
              AND i.actor_key IS DISTINCT FROM i.target_key
              AND i.created_at >= f.first_at
              AND i.created_at < f.first_at + INTERVAL ({hours}) HOUR
              AND {ctx.when("i.created_at")} AND {ctx.when("f.first_at")}
            GROUP BY 1, 2, 3)
        SELECT member_key, {ctx.each("value", lambda r: f"sum({r.weight('t', 'first_at')})")}
        FROM welcomed
        WHERE {ctx.humans("member_key")} AND {ctx.humans("newcomer")}
          AND newcomer NOT IN {ctx.deleted()}
        GROUP BY 1"""


def _reach(ctx: SignalContext) -> str:
    return f"""
        SELECT member_key, {ctx.each("value", lambda r: f"sum({r.col('w')})")} FROM (
            SELECT i.target_key AS member_key, i.actor_key,
                   {ctx.each("w", lambda r: f"max({r.weight('i.created_at')})")}
            FROM interactions i
            WHERE {ctx.scope("i")} AND i.kind IN ('reply', 'mention', 'share', 'follow')
              AND {ctx.when("i.created_at")} AND i.actor_key IS DISTINCT FROM i.target_key
              AND {ctx.humans("i.actor_key")}
            GROUP BY 1, 2)
        WHERE {ctx.humans("member_key")}
        GROUP BY 1"""


GOALS: dict[str, Goal] = {
    g.name: g
    for g in (
        Goal(
            "help",
            "replies to other members' questions or threads, and answers accepted",
            "{value:#reply or accepted answer|replies or accepted answers}",
            _help,
        ),
        Goal(
            "engagement",
            "feedback received: up-votes, reactions, likes, shares",
            "{value:#up-vote, reaction or share|up-votes, reactions or shares}",
            _engagement,
        ),
        Goal(
            "welcome",
            "newcomers answered within the welcoming window of their first appearance",
            "{value:#newcomer answered|newcomers answered}",
            _welcome,
        ),
        Goal(
            "reach",
            "distinct members who reply to, mention, share or follow them",
            "{value:#member who replied, mentioned or shared|members who replied, "
            "mentioned or shared}",
            _reach,
        ),
        Goal(
            "community",
            "help, engagement, welcome and reach, each as a share of its community total",
            "{value:.2f} community share",
            None,
        ),
    )
}

#: The goals the ``community`` composite adds up.
COMPONENT_GOALS = ("help", "engagement", "welcome", "reach")


def measure(name: str, con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    """Goal ``name`` per member over ``ctx``'s window: member_key, value (> 0 rows only)."""
    import pandas as pd

    from nichescout.signals.base import query

    if name not in GOALS:
        raise ParameterError.invalid("goal", "measure", f"one of {sorted(GOALS)}", name)
    goal = GOALS[name]
    # ``value``, plus ``value__h1``, … when the context computes a grid of half-lives
    values = [r.col("value") for r in ctx.recencies()]
    if goal.sql is not None:
        frame = query(con, goal.sql(ctx))
        shown = (frame[values] > 0).any(axis=1)
        return frame[shown][["member_key", *values]].reset_index(drop=True)
    parts = []
    for part in COMPONENT_GOALS:
        frame = measure(part, con, ctx)
        totals = frame[values].sum()
        if bool((totals > 0).any()):  # a column whose total is 0 gets 0 from it
            parts.append(
                frame.assign(**{v: frame[v] / max(float(totals[v]), 1e-300) for v in values})
            )
    if not parts:
        return pd.DataFrame(
            {"member_key": pd.Series(dtype="int64")} | dict.fromkeys(values, 0.0)
        ).iloc[:0]
    out = pd.concat(parts).groupby("member_key", as_index=False)[values].sum()
    return pd.DataFrame(out).sort_values("member_key").reset_index(drop=True)
