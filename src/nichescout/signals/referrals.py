r"""referrals: members who joined through the member.

.. math::

    R_m = \sum_{n \in J_m} \max w(t), \quad J_m = \{ n \ne m : \text{referral or invite }
    m \to n \text{ in the window} \}

>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals.base import SignalContext, by_member_id
>>> con = toy_community().con
>>> by_member_id(con, compute(con, SignalContext("toy")))
{'dan': 1.0}
"""

from __future__ import annotations

import duckdb
import pandas as pd

from nichescout.signals.base import Signal, SignalContext, distinct_partners, register


def compute(con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> pd.DataFrame:
    return distinct_partners(
        con, ctx, ("referral", "invite"), credit="actor", count_name="referred"
    )


SIGNAL = register(
    Signal(
        "referrals",
        "Members who joined through them.",
        compute,
        "brought in {referred:#member}",
    )
)
