"""Development-set experiment: do goal-specific forecasts help the fit beside expected_activity?

Two more BG/NBD forecasts, built like ``expected_activity`` (``nichescout.signals``) on other
events: ``expected_help`` (days a member replied to or accepted from another member) and
``expected_feedback`` (days a member received up-votes, reactions or shares from others).
They are registered here only, added to the fit's forecasts, and judged by
``experiments/fit_selection.py``'s table (never on the report set).

    python experiments/goal_forecasts.py [--set development]

Measured 2026-12-01: the fit's choice mean NDCG@20 0.711 (0.716 without them), wins 11
(11), losses 3 (2): not adopted.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fit_selection as FS  # noqa: E402

from nichescout.scores import fit as F  # noqa: E402
from nichescout.signals import expected_activity as E  # noqa: E402
from nichescout.signals.base import Signal, register  # noqa: E402


def make(events_sql_fn, name):
    """A forecast like expected_activity over the events ``events_sql_fn(ctx)`` selects."""

    def compute(con, ctx):
        return E.compute(con, ctx, events_sql_fn(ctx))

    register(Signal(name, name, compute, "{value:.1f}", group="forecast", recency=False))
    F.FORECASTS[name] = name.replace("_", " ")


def register_forecasts() -> None:
    """Register the two forecasts and add them to the fit's FORECASTS."""
    make(
        lambda ctx: (
            f"""SELECT i.actor_key AS member_key, i.created_at FROM interactions i
         WHERE {ctx.scope("i")} AND {ctx.when("i.created_at")} AND i.created_at IS NOT NULL
           AND i.kind IN ('reply','accept') AND i.target_key IS DISTINCT FROM i.actor_key"""
        ),
        "expected_help",
    )
    make(
        lambda ctx: (
            f"""SELECT i.target_key AS member_key, i.created_at FROM interactions i
         WHERE {ctx.scope("i")} AND {ctx.when("i.created_at")} AND i.created_at IS NOT NULL
           AND i.kind IN ('vote_up','reaction','share') AND i.target_key IS DISTINCT FROM i.actor_key"""
        ),
        "expected_feedback",
    )


if __name__ == "__main__":
    register_forecasts()
    sys.argv = [sys.argv[0], "--data-dir", "../shared/data", *sys.argv[1:]]
    FS.main()
