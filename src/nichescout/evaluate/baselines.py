r"""Simple baselines the score must beat, each from the same pre-cutoff window as the score.

=============  ==============================================================================
baseline       value for member *m* in the window
=============  ==============================================================================
activity       items posted plus actions taken (the ``activity`` signal: the "post count")
received       up-votes, reactions and shares (retweets) received from others (the
               ``feedback_received`` signal, likes where the platform has no reactions)
degree         distinct members *m* interacted with, in either direction (``degree``)
pagerank       the ``network_pagerank`` signal alone (weighted PageRank of the interaction
               graph)
accepted       answers of *m* accepted as the solution (the ``accepted_answers`` signal)
views          the ``views`` the platform reports in the member's ``attributes`` (Twitch
               channel views; a popularity count with no time, so only for timeless tasks)
=============  ==============================================================================

Each is a function ``(con, ctx) -> DataFrame(member_key, value)``; members without a row
score 0. Each but views is a signal too (:mod:`nichescout.signals.measures`), so the fitted
ranking can lean on it.

>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals.base import SignalContext, by_member_id
>>> con = toy_community().con
>>> by_member_id(con, compute("degree", con, SignalContext("toy")))
{'ann': 3.0, 'bob': 1.0, 'cat': 2.0, 'dan': 3.0, 'eve': 1.0}
>>> by_member_id(con, compute("received", con, SignalContext("toy")))
{'ann': 2.0}
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import pandas as pd

from nichescout.exceptions import ParameterError
from nichescout.signals import SIGNALS
from nichescout.signals.base import SignalContext, query

__all__ = ["BASELINES", "compute"]


def _signal(name: str) -> Callable[[duckdb.DuckDBPyConnection, SignalContext], pd.DataFrame]:
    def run(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
        return SIGNALS[name].compute(con, ctx)

    return run


def _views(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    return query(
        con,
        f"""
        SELECT member_key,
               coalesce(TRY_CAST(json_extract_string(attributes, '$.views') AS DOUBLE), 0)
                   AS value
        FROM members m WHERE {ctx.scope("m")} AND NOT coalesce(m.is_bot, false)
        """,
    )


#: name → (what it is, how to compute it)
BASELINES: dict[
    str, tuple[str, Callable[[duckdb.DuckDBPyConnection, SignalContext], pd.DataFrame]]
] = {
    "activity": ("post count: items posted plus actions taken", _signal("activity")),
    "received": ("up-votes, reactions and retweets received", _signal("feedback_received")),
    "degree": ("distinct interaction partners", _signal("degree")),
    "accepted": ("past accepted answers", _signal("accepted_answers")),
    "pagerank": ("interaction-graph PageRank alone", _signal("network_pagerank")),
    "views": ("channel views (Twitch)", _views),
}


def compute(name: str, con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    """Baseline ``name`` in ``ctx``'s window: member_key, value."""
    if name not in BASELINES:
        raise ParameterError.invalid("baseline", "evaluate", f"one of {sorted(BASELINES)}", name)
    frame = BASELINES[name][1](con, ctx)
    return frame[["member_key", "value"]].reset_index(drop=True)
