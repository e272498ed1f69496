r"""expected_activity: the active days a member is expected to have next (the BG/NBD model).

Each member's active days in the window — calendar days (UTC) with an item or an action by
them — give :math:`x` (active days after the first), :math:`t_x` (days from the first to the
last, whole days) and :math:`T` (days, with their fraction, from the start of the first
active day to the window's end: ``until``, else the context's ``end``, else the window's
last event — bots' and anonymous events included in finding it). The model of :mod:`nichescout.bgnbd` is fitted on the
window's members (above ``expected_activity_fit_members`` of them, on a systematic sample in
the order of their (x, t_x, T), so the fit is deterministic; penalty
``expected_activity_penalty``), and each member's value is

.. math:: E_m = E[Y(h) \mid x_m, t_{x,m}, T_m], \qquad
          h = \texttt{expected\_activity\_horizon} \times \text{the window's span in days}

the span running from ``since`` (else the window's first event, as for the end) to the
end. With fewer than
``expected_activity_min_members`` members active on two days or more, the model cannot tell
leaving from a slow rate: the signal has no rows (0 for everyone).

Not part of any prior profile: a candidate input of the fit (:mod:`nichescout.scores.fit`),
which uses it when it predicts the community's own goal better than the rest.

>>> from nichescout.data.toy import toy_community
>>> from nichescout.signals.base import SignalContext
>>> con = toy_community().con
>>> compute(con, SignalContext("toy")).empty  # 4 members: too few to fit a population
True
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from nichescout import bgnbd
from nichescout.signals.base import Signal, SignalContext, query, register

_COLUMNS = ["member_key", "value", "days", "silent", "horizon"]


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype="int64" if c == "member_key" else "float64") for c in _COLUMNS}
    )


def _summaries(
    con: duckdb.DuckDBPyConnection, ctx: SignalContext, member_events: str | None = None
) -> pd.DataFrame:
    """Per member: active days, first and last active day (days since the epoch), and the
    window's end and start in the same unit — each column once per window of a spanning
    context (``days``, ``days__w1``, …; see :meth:`SignalContext.spanning`), a member's
    days 0 in a window where they were not active. ``member_events`` (SQL selecting
    ``member_key, created_at``) counts other events as a member's activity; the window's
    bounds always come from all its items and actions."""
    recencies = ctx.recencies()

    span = ", ".join(
        f"{r.bound(r.window.until or r.end, 'max')} AS {r.col('window_end')}, "
        f"{r.bound(r.window.since, 'min')} AS {r.col('window_start')}"
        for r in recencies
    )
    seen = ctx.each("seen", lambda r: f"bool_or({r.inside('created_at')})")
    per_member = ", ".join(
        f"count(*) FILTER (WHERE {r.col('seen')}) AS {r.col('days')}, "
        f"epoch(min(day) FILTER (WHERE {r.col('seen')})) / 86400.0 AS {r.col('first_day')}, "
        f"epoch(max(day) FILTER (WHERE {r.col('seen')})) / 86400.0 AS {r.col('last_day')}, "
        f"epoch(any_value((SELECT {r.col('window_end')} FROM span))) / 86400.0 "
        f"AS {r.col('window_end')}, "
        f"epoch(any_value((SELECT {r.col('window_start')} FROM span))) / 86400.0 "
        f"AS {r.col('window_start')}"
        for r in recencies
    )
    return query(
        con,
        f"""
        WITH events AS (
            SELECT author_key AS member_key, created_at FROM content c
            WHERE {ctx.scope("c")} AND {ctx.when("c.created_at")} AND c.created_at IS NOT NULL
            UNION ALL
            SELECT actor_key, created_at FROM interactions i
            WHERE {ctx.scope("i")} AND {ctx.when("i.created_at")} AND i.created_at IS NOT NULL),
        counted AS ({member_events or "SELECT member_key, created_at FROM events"}),
        span AS (SELECT {span} FROM events),
        days AS (  -- each member's active days first, then a count per member (and window)
            SELECT member_key, date_trunc('day', created_at) AS day, {seen} FROM counted
            WHERE {ctx.humans("member_key")} GROUP BY 1, 2)
        SELECT member_key, {per_member}
        FROM days
        GROUP BY member_key
        """,
    )


def _fit_sample(frame: pd.DataFrame, limit: int) -> pd.DataFrame:
    """At most ``limit`` rows: every k-th in the order of (x, t_x, T, member_key)."""
    if len(frame) <= limit:
        return frame
    ordered = frame.sort_values(["x", "t_x", "T", "member_key"], kind="stable")
    picks = np.linspace(0, len(ordered) - 1, limit).round().astype(int)
    return ordered.iloc[np.unique(picks)]


def compute(
    con: duckdb.DuckDBPyConnection, ctx: SignalContext, member_events: str | None = None
) -> pd.DataFrame:
    """The signal (module docstring), fitted in each window of a spanning context (``value``,
    ``value__w1``, …); ``member_events``: see :func:`_summaries` (the experiments'
    goal-specific forecasts)."""
    summaries = _summaries(con, ctx, member_events)
    out = _empty()
    for r in ctx.recencies():
        columns = ["days", "first_day", "last_day", "window_end", "window_start"]
        frame = summaries[["member_key", *(r.col(c) for c in columns)]]
        frame = frame.set_axis(["member_key", *columns], axis=1)
        one = _forecast(frame[frame["days"] > 0].copy(), ctx)
        if not r.suffix:
            out = one
        else:
            out = out.merge(
                one[["member_key", "value"]].rename(columns={"value": r.col("value")}),
                on="member_key",
                how="outer",
            )
    return out.fillna({c: 0.0 for c in out.columns if c.startswith("value")})


def _forecast(frame: pd.DataFrame, ctx: SignalContext) -> pd.DataFrame:
    """The forecast of the members of one window's ``frame`` (its :func:`_summaries`)."""
    if frame.empty:
        return _empty()
    frame["x"] = frame["days"] - 1.0
    frame["t_x"] = frame["last_day"] - frame["first_day"]
    # the end is at or after every event, so T >= t_x; clip float rounding only
    frame["T"] = np.maximum(frame["window_end"] - frame["first_day"], frame["t_x"])
    if int((frame["x"] > 0).sum()) < int(ctx.setting("expected_activity_min_members")):
        return _empty()
    sample = _fit_sample(frame, int(ctx.setting("expected_activity_fit_members")))
    # bgnbd.fit merges members with equal (x, t_x, T) itself
    params = bgnbd.fit(
        sample["x"],
        sample["t_x"],
        sample["T"],
        penalty=float(ctx.setting("expected_activity_penalty")),
    )
    span = float(frame["window_end"].iloc[0] - frame["window_start"].iloc[0])
    horizon = float(ctx.setting("expected_activity_horizon")) * max(span, 0.0)
    value = bgnbd.expected_days(params, horizon, frame["x"], frame["t_x"], frame["T"])
    return pd.DataFrame(
        {
            "member_key": frame["member_key"].astype("int64"),
            "value": np.nan_to_num(value, nan=0.0, posinf=0.0, neginf=0.0),
            "days": frame["days"].astype("float64"),
            "silent": (frame["T"] - frame["t_x"]).round(),
            "horizon": float(round(horizon)),
        }
    )


SIGNAL = register(
    Signal(
        "expected_activity",
        "Active days expected next (BG/NBD model of when members were active).",
        compute,
        "{value:.1f} active days expected in the next {horizon:.0f} days "
        "({days:.0f} so far; silent {silent:#day} at the window's end)",
        group="forecast",
        recency=False,
        windows=True,
    )
)
