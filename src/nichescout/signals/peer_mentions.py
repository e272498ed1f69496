r"""peer_mentions: how many distinct peers mention the member.

.. math::

    P_m = \sum_{a \in M_m} \max_{i: a \to m} w(t_i)

where :math:`M_m` is the set of distinct non-bot members *a* ≠ *m* with a ``mention`` of *m*
in the window (each peer counts once, at the weight of their latest mention).

>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals.base import SignalContext, by_member_id
>>> con = toy_community().con
>>> by_member_id(con, compute(con, SignalContext("toy")))  # the bot's mention does not count
{'ann': 1.0}
"""

from __future__ import annotations

import duckdb
import pandas as pd

from nichescout.signals.base import Signal, SignalContext, distinct_partners, register


def compute(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    return distinct_partners(con, ctx, ("mention",), credit="target", count_name="peers")


SIGNAL = register(
    Signal(
        "peer_mentions",
        "Distinct peers who mention the member.",
        compute,
        "mentioned by {peers:#peer}",
        grid=True,
        windows=True,
    )
)
