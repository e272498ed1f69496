"""Ground truths and baselines: hand-computed on tiny stores, and the real channel names."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest

from nichescout.data.toy import toy_community
from nichescout.evaluate import baselines, outcomes
from nichescout.evaluate.datasets import TEN_ACADEMY_HELP
from nichescout.exceptions import ParameterError
from nichescout.signals import SignalContext, Window
from nichescout.signals.base import by_member_id
from nichescout.store import ImportSession, Store


def _t(day: int, hour: int = 12) -> datetime:
    return datetime(2024, 3, day, hour)


@pytest.fixture()
def chat() -> Store:
    """A tiny chat: 4 people and a bot; cutoff = 10 March.

    Before the cutoff Ann answers Bob in #help; after it Ann answers Bob twice in #help (once
    in her own thread, which is not help given), Cat answers in #random, Dan answers in
    #tech-support, and the bot answers in #help. Reactions: Bob → Ann twice after the
    cutoff, Ann → Ann once (self), Bob → Ann once before. Partners: Ann (true), Cat ("1").
    """
    store = Store(":memory:")
    p = "chat"
    with ImportSession(store, "test", "chat fixture", platform=p) as session:
        members = session.writer("members")
        for mid, bot, attributes in (
            ("ann", False, {"partner": True, "views": 500}),
            ("bob", False, {"partner": False, "views": 20}),
            ("cat", False, {"partner": "1"}),
            ("dan", False, {}),
            ("bot", True, {"partner": True}),
        ):
            members.append(
                {
                    "platform": p,
                    "member_id": mid,
                    "is_bot": bot,
                    "attributes": json.dumps(attributes),
                }
            )
        content = session.writer("content")
        rows = [
            # id, author, parent, thread, channel, time
            ("m1", "bob", None, "m1", "help", _t(1)),
            ("r1", "ann", "m1", "m1", "help", _t(2)),
            ("m2", "bob", None, "m2", "help", _t(11)),
            ("r2", "ann", "m2", "m2", "help", _t(11, 13)),
            ("r3", "ann", "m2", "m2", "help", _t(12)),
            ("m3", "ann", None, "m3", "help", _t(12)),
            ("r4", "ann", "m3", "m3", "help", _t(12, 13)),  # own thread: not help given
            ("m4", "bob", None, "m4", "random", _t(13)),
            ("r5", "cat", "m4", "m4", "random", _t(13, 13)),
            ("m5", "bob", None, "m5", "tech-support", _t(14)),
            ("r6", "dan", "m5", "m5", "tech-support", _t(14, 13)),
            ("r7", "bot", "m5", "m5", "help", _t(14, 14)),
        ]
        for cid, author, parent, thread, channel, when in rows:
            content.append(
                {
                    "platform": p,
                    "content_id": cid,
                    "author_id": author,
                    "kind": "message",
                    "parent_id": parent,
                    "thread_id": thread,
                    "channel": channel,
                    "created_at": when,
                }
            )
        interactions = session.writer("interactions")
        for iid, actor, target, when in (
            ("x1", "bob", "ann", _t(2)),
            ("x2", "bob", "ann", _t(11)),
            ("x3", "bob", "ann", _t(12)),
            ("x4", "ann", "ann", _t(12)),
            ("x5", "bot", "ann", _t(12)),
        ):
            interactions.append(
                {
                    "platform": p,
                    "interaction_id": iid,
                    "actor_id": actor,
                    "kind": "reaction",
                    "target_id": target,
                    "created_at": when,
                    "value": 1.0,
                }
            )
        session.commit()
    return store


CUTOFF = _t(10, 0)


def test_help_replies_count_replies_in_others_threads_in_help_channels(chat: Store) -> None:
    frame = outcomes.compute("help_replies", chat.con, "chat", CUTOFF)
    # Ann: r2, r3 (r4 is in her own thread; r1 is before the cutoff); Dan: #tech-support;
    # Cat's #random reply does not count; the bot never counts.
    assert by_member_id(chat.con, frame) == {"ann": 2.0, "dan": 1.0}
    only_help = outcomes.compute("help_replies", chat.con, "chat", CUTOFF, help_channels="^help$")
    assert by_member_id(chat.con, only_help) == {"ann": 2.0}


def test_reactions_received_leave_out_self_and_bots(chat: Store) -> None:
    frame = outcomes.compute("reactions", chat.con, "chat", CUTOFF)
    assert by_member_id(chat.con, frame) == {"ann": 2.0}
    until = outcomes.compute("reactions", chat.con, "chat", CUTOFF, _t(12, 0))
    assert by_member_id(chat.con, until) == {"ann": 1.0}


def test_partner_label_reads_attributes_for_every_human(chat: Store) -> None:
    frame = outcomes.compute("partner", chat.con, "chat", None)
    assert by_member_id(chat.con, frame) == {"ann": 1.0, "bob": 0.0, "cat": 1.0, "dan": 0.0}
    assert outcomes.OUTCOMES["partner"].label


def test_toy_outcomes_by_hand() -> None:
    con = toy_community().con
    cutoff = datetime(2024, 1, 5)
    # After 5 January: Bob (first post 8 January, a newcomer) asks q2, Ann answers and is
    # accepted; Cat answers Ann's q3 (Ann is no newcomer); no vote after the cutoff.
    assert by_member_id(con, outcomes.compute("accepted_answers", con, "toy", cutoff)) == {
        "ann": 1.0
    }
    assert by_member_id(con, outcomes.compute("newcomer_answers", con, "toy", cutoff)) == {
        "ann": 1.0
    }
    assert outcomes.compute("upvotes", con, "toy", cutoff).empty
    assert by_member_id(con, outcomes.compute("upvotes", con, "toy", datetime(2024, 1, 1))) == {
        "ann": 2.0
    }
    with pytest.raises(ParameterError, match="'start' parameter of newcomer_answers"):
        outcomes.compute("newcomer_answers", con, "toy", None)
    with pytest.raises(ParameterError, match="'outcome' parameter of evaluate"):
        outcomes.compute("karma", con, "toy", cutoff)


def test_baselines_by_hand(chat: Store) -> None:
    ctx = SignalContext("chat", Window(until=CUTOFF))
    assert by_member_id(chat.con, baselines.compute("received", chat.con, ctx)) == {"ann": 1.0}
    assert by_member_id(chat.con, baselines.compute("degree", chat.con, ctx)) == {
        "ann": 1.0,
        "bob": 1.0,
    }
    # activity before the cutoff: Bob posted m1 and reacted once; Ann replied r1
    assert by_member_id(chat.con, baselines.compute("activity", chat.con, ctx)) == {
        "ann": 1.0,
        "bob": 2.0,
    }
    views = by_member_id(chat.con, baselines.compute("views", chat.con, ctx))
    assert views == {"ann": 500.0, "bob": 20.0, "cat": 0.0, "dan": 0.0}
    with pytest.raises(ParameterError, match="'baseline' parameter"):
        baselines.compute("karma", chat.con, ctx)


def test_which_real_slack_channels_are_help_channels(shared_data: Path) -> None:
    channels = json.loads(
        (shared_data / "slack/10academy/anonymized/channels.json").read_text(encoding="utf-8")
    )
    names = sorted(c["name"] for c in channels)
    generic = [n for n in names if re.search(outcomes.HELP_CHANNELS, n)]
    assert generic == ["all-technical-support"]
    weekly = [n for n in names if re.search(TEN_ACADEMY_HELP, n)]
    assert weekly == sorted(["all-technical-support"] + [f"all-week{i}" for i in range(1, 13)])
