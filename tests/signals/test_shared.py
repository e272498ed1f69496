"""What signals keep in ``SignalContext.shared`` does not depend on the window."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from nichescout.data.toy import toy_community
from nichescout.signals import SIGNALS, SignalContext, Window

UNTILS = (datetime(2024, 1, 5), None, datetime(2024, 1, 12), datetime(2024, 1, 20, 9))


def test_contexts_sharing_results_compute_what_fresh_ones_do() -> None:
    store = toy_community()
    shared: dict[str, object] = {}
    for until in UNTILS:
        fresh = SignalContext("toy", Window(until=until, half_life_days=7.0))
        reused = SignalContext("toy", Window(until=until, half_life_days=7.0), shared=shared)
        for name, signal in SIGNALS.items():
            if not signal.applies(store.con, fresh):
                continue
            pd.testing.assert_frame_equal(
                signal.compute(store.con, reused), signal.compute(store.con, fresh), obj=name
            )
    assert "toy\x00positive_feedback.kinds" in shared


def test_once_computes_once_per_platform() -> None:
    calls: list[str] = []
    shared: dict[str, object] = {}
    for platform in ("a", "b", "a"):
        ctx = SignalContext(platform, shared=shared)
        assert ctx.once("k", lambda p=platform: calls.append(p) or p) == platform
    assert calls == ["a", "b"]
