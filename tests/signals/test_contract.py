"""One contract over every registered signal (STYLE.md E6)."""

from __future__ import annotations

from datetime import datetime

import pytest

from nichescout.data.toy import toy_community
from nichescout.signals import SIGNALS, SignalContext, Window
from nichescout.signals.base import by_member_id

BOT_KEY_SQL = "SELECT member_key FROM members WHERE is_bot"


@pytest.fixture(scope="module")
def toy():
    return toy_community()


@pytest.mark.parametrize("name", sorted(SIGNALS))
def test_signal_contract(toy, name: str) -> None:
    signal = SIGNALS[name]
    assert signal.description and signal.compute.__module__.startswith("nichescout.signals")
    module = __import__(signal.compute.__module__, fromlist=["_"])
    assert module.__doc__ and ">>>" in module.__doc__, "formula docstring with a doctest"
    frame = signal.compute(toy.con, SignalContext("toy"))
    assert {"member_key", "value"} <= set(frame.columns)
    assert frame["member_key"].is_unique
    assert frame["value"].dtype == "float64"
    bots = {r[0] for r in toy.con.execute(BOT_KEY_SQL).fetchall()}
    assert not bots & set(frame["member_key"]), "bots never receive credit"
    for row in frame.to_dict("records"):
        fields = {k: v for k, v in row.items() if k != "member_key"}
        text = signal.explain(fields)
        assert text and "=" not in text, f"{name} explanation fell back: {text}"


@pytest.mark.parametrize("name", sorted(SIGNALS))
def test_window_uses_nothing_after_until(toy, name: str) -> None:
    """A ranking as of a date is the same whether or not later events exist."""
    cutoff = datetime(2024, 1, 10)
    full = SIGNALS[name].compute(toy.con, SignalContext("toy", Window(until=cutoff)))
    earlier = toy_community()
    for table in ("interactions", "content"):
        earlier.con.execute(f"DELETE FROM {table} WHERE created_at >= ?", [cutoff])
    cut = SIGNALS[name].compute(earlier.con, SignalContext("toy", Window(until=cutoff)))
    assert by_member_id(toy.con, full) == by_member_id(earlier.con, cut)


def test_window_since_excludes_earlier_events(toy) -> None:
    ctx = SignalContext("toy", Window(since=datetime(2024, 1, 5)))
    helpful = by_member_id(toy.con, SIGNALS["helpfulness"].compute(toy.con, ctx), "accepted")
    assert helpful == {"ann": 1.0}  # only the accept of a3 (8 Jan); a1's was on 2 Jan


def test_half_life_weighs_recent_events_more(toy) -> None:
    window = Window(until=datetime(2024, 1, 9), half_life_days=7)
    ctx = SignalContext("toy", window)
    accepted = by_member_id(toy.con, SIGNALS["helpfulness"].compute(toy.con, ctx), "accepted")
    # a1 accepted 2 Jan 10:00 (6 days 14 h before the end), a3 on 8 Jan 21:00 (3 h before)
    expected = 2 ** (-(6 + 14 / 24) / 7) + 2 ** (-(3 / 24) / 7)
    assert accepted["ann"] == pytest.approx(expected, abs=1e-3)


@pytest.mark.parametrize("name", sorted(SIGNALS))
def test_recency_declaration_holds(toy, datascience, name: str) -> None:
    """A signal declared ``recency=False`` gives the same values whatever the half-life (a
    fit computes it once per inner cutoff); one declared True moves with it somewhere —
    on the toy community or on two months of datascience.stackexchange."""
    signal = SIGNALS[name]
    moved = measured = False
    for store, platform, until in (
        (toy, "toy", datetime(2024, 1, 20)),
        (*datascience, datetime(2014, 7, 15)),
    ):
        values = []
        for half_life in (None, 3.0):
            ctx = SignalContext(platform, Window(until=until, half_life_days=half_life))
            if not signal.applies(store.con, ctx):
                break
            frame = signal.compute(store.con, ctx).sort_values("member_key")
            values.append(dict(zip(frame["member_key"], frame["value"], strict=True)))
        measured |= any(v for v in (values[0] if values else {}).values())
        if len(values) == 2 and values[0] != pytest.approx(values[1]):
            moved = True
    if signal.recency and not measured:
        pytest.skip(f"{name} is zero on both stores: nothing to move")
    assert moved == signal.recency, f"{name}: recency={signal.recency} but moved={moved}"


def test_a_graph_measure_nobody_defined_is_an_error_not_another_measure(toy) -> None:
    from nichescout.exceptions import ParameterError
    from nichescout.signals.network import MEASURES, _measure

    ctx = SignalContext("toy")
    with pytest.raises(ParameterError, match="one of"):
        _measure(toy.con, ctx, "rech")
    assert set(MEASURES) == {"pagerank", "core", "bridging", "reach"}
    reach = _measure(toy.con, ctx, "reach")
    assert reach.tolist() == ctx.cache["network.reach"].tolist()
