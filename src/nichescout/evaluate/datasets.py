r"""The evaluation's data sets: how to import each one, where to cut it, what to predict.

Paths are relative to the shared data folder (``../shared/data`` beside the project, see
its README). The cutoff of a data set with a history is **chosen from the data, not from any
result**: the start of the day by which two thirds of its events (content items and
interactions together) had happened (:func:`~nichescout.evaluate.harness.event_cutoff`); so
two thirds of the history ranks, one third judges. Higgs is the exception the task states:
rank from 1–3 July 2012, judge from 4 July on (the Higgs boson announcement). Twitch has no
time at all: the whole mutual-follow graph ranks and Twitch's partner flag judges.

>>> [d.name for d in DATASETS][:3]
['stackexchange/conlang-meta', 'stackexchange/datascience-2014', 'stackexchange/quantumcomputing']
>>> find("twitch/DE").baselines
('views', 'degree', 'pagerank')
>>> sorted({d.name for d in DATASETS if d.role == "development"})[:2]
['slack/10academy', 'stackexchange/conlang-meta']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from nichescout.evaluate.outcomes import HELP_CHANNELS
from nichescout.exceptions import ParameterError

__all__ = ["DATASETS", "NOT_EVALUATED", "TEN_ACADEMY_HELP", "DatasetSpec", "OutcomeSpec", "find"]

#: The 10 Academy workspace's help channels: the generic pattern (which matches only
#: ``all-technical-support``) plus the weekly challenge channels ``all-week1`` …
#: ``all-week12``, where trainees ask about that week's challenge (read from the messages).
TEN_ACADEMY_HELP = HELP_CHANNELS[:-1] + r"|^all-week\d+$)"


@dataclass(frozen=True)
class OutcomeSpec:
    """One ground truth of a data set: an outcome of :data:`~nichescout.evaluate.outcomes.
    OUTCOMES`, its title in the report, and its options."""

    outcome: str
    title: str
    options: Mapping[str, Any] = field(default_factory=dict)
    profile: str | None = None  # None: the outcome's own (a goal's profile of its name)


@dataclass(frozen=True)
class DatasetSpec:
    """How to import a data set, where to cut it, and what to predict.

    ``cutoff`` is ``"two-thirds"`` (computed from the data), a fixed time, or ``None`` for a
    timeless data set (then ``since`` and ``end`` are ``None`` too).
    """

    name: str
    title: str
    format: str
    path: str
    outcomes: tuple[OutcomeSpec, ...]
    options: Mapping[str, Any] = field(default_factory=dict)
    baselines: tuple[str, ...] = ("activity", "received", "degree", "pagerank", "accepted")
    cutoff: str | datetime | None = "two-thirds"
    since: datetime | None = None
    end: datetime | None = None
    control: str | None = None  # a baseline to hold fixed: AUC within its deciles
    note: str = ""
    #: "development": methods were chosen looking at it; "report": only reported on.
    role: str = "report"


#: Every data set with a history is judged by the goals of nichescout.goals, each with the
#: profile of the same name (fitted on the past before the cutoff).
GOAL_OUTCOMES = (
    OutcomeSpec("help", "help: replies to others and accepted answers"),
    OutcomeSpec("engagement", "engagement: feedback received"),
    OutcomeSpec("welcome", "welcome: newcomers answered"),
    OutcomeSpec("reach", "reach: distinct members who reply, mention or share"),
    OutcomeSpec("community", "community: the four goals, each as a share"),
)


def _se(site: str, title: str) -> DatasetSpec:
    return DatasetSpec(
        f"stackexchange/{site}",
        title,
        "stackexchange",
        f"stackexchange/{site}",
        GOAL_OUTCOMES,
        role="development",
    )


def _twitch(lang: str) -> DatasetSpec:
    return DatasetSpec(
        f"twitch/{lang}",
        f"Twitch {lang} streamers (mutual follows)",
        "graph",
        f"twitch/{lang}/{lang}_edges.csv",
        (OutcomeSpec("partner", "Twitch partner"),),
        options={
            "nodes": f"twitch/{lang}/{lang}_target.csv",
            "platform": f"twitch:{lang}",
            "directed": False,
        },
        baselines=("views", "degree", "pagerank"),
        cutoff=None,
        control="views",
        note="Twitch's partner flag (in `attributes` and `verified`, read by no signal) "
        "judges; AUC within views deciles asks whether the score finds partners beyond views.",
    )


DATASETS: tuple[DatasetSpec, ...] = (
    _se("conlang-meta", "conlang.meta.stackexchange.com (complete dump, 2018-02 … 2020-08)"),
    _se("datascience-2014", "datascience.stackexchange.com, first four months (2014)"),
    _se("quantumcomputing", "quantumcomputing.stackexchange.com, launch months (2018)"),
    DatasetSpec(
        "slack/10academy",
        "10 Academy training-cohort Slack workspace (2022-08 … 2023-01)",
        "slack",
        "slack/10academy/anonymized",
        (
            *GOAL_OUTCOMES,
            OutcomeSpec(
                "help_replies",
                "help in the help + weekly challenge channels (thread replies)",
                {"help_channels": TEN_ACADEMY_HELP},
            ),
        ),
        role="development",
    ),
    DatasetSpec(
        "twitter-higgs",
        "Twitter, Higgs boson announcement (1–7 July 2012)",
        "graph",
        "twitter-higgs/higgs-activity_time.txt.gz",
        GOAL_OUTCOMES,
        options={"platform": "twitter:higgs"},
        cutoff=datetime(2012, 7, 4),
        since=datetime(2012, 7, 1),
        note="Ranked from 1–3 July activity only; judged by retweets received from 4 July "
        "00:00 UTC to the end of the data (7 July).",
    ),
    DatasetSpec(
        "discourse/delving-bitcoin",
        "Delving Bitcoin, a Discourse forum (topics started 2022-08 … 2024-08)",
        "discourse",
        "discourse/delving-bitcoin/posts",
        GOAL_OUTCOMES,
        note="Likes are counts per post (no liker, no time), so engagement is the likes on "
        "posts written in the window; no accepted answers on this forum.",
    ),
    DatasetSpec(
        "reddit/ethereum",
        "r/ethereum daily discussion threads (2026-03 … 08), Pushshift-style NDJSON",
        "reddit",
        "reddit/ethereum",
        GOAL_OUTCOMES,
        options={"bots": ["EthereumDailyThread"]},
        note="Reddit dumps carry a net score per comment, not who voted: engagement is "
        "that score on comments written in the window. `EthereumDailyThread`, the account "
        "that posts every daily thread, is marked as a bot.",
    ),
    DatasetSpec(
        "discord/meshcore",
        "MeshCore Discord server, 240 channel and thread exports (2025-03 … 2026-04), "
        "DiscordChatExporter JSON",
        "discord",
        "discord/meshcore",
        GOAL_OUTCOMES,
        note="The export names no reactor (counts per message only), so engagement is the "
        "reactions on messages written in the window; no accepted answers, no staff roles. "
        "Added after the method was frozen: nothing was chosen looking at it.",
    ),
    DatasetSpec(
        "github/secp256k1",
        "bitcoin-core/secp256k1 on GitHub: issues, pull requests, reviews and comments, "
        "REST API backup",
        "github",
        "github/secp256k1",
        GOAL_OUTCOMES,
        note="A merge is the accepted answer of a pull request (help), an approval an "
        "up-vote (engagement); the backup has no reactions. Added after the method was "
        "frozen: nothing was chosen looking at it.",
    ),
    *(_twitch(lang) for lang in ("DE", "ENGB", "ES", "FR")),
)

#: Data sets of ../shared/data left out, and why.
NOT_EVALUATED: dict[str, str] = {
    "influence-maximization": "NetHEPT has no timestamps and no per-node outcome; it "
    "benchmarks seed sets (plan stage), not rankings.",
    "snap": "email-Eu-core's ground truth is department membership: a community-detection "
    "benchmark, not a ranking one.",
    "accounts": "fake vs real account labels: not a ranking benchmark; the fake-account "
    "model is measured on them in [evaluation-accounts.md](evaluation-accounts.md) "
    "(`python -m nichescout.audit.train --data-dir ../shared/data`).",
}


def find(name: str) -> DatasetSpec:
    """The data set called ``name`` (as in :data:`DATASETS`)."""
    for spec in DATASETS:
        if spec.name == name:
            return spec
    raise ParameterError.invalid(
        "dataset", "evaluate", f"one of {[d.name for d in DATASETS]} or 'all'", name
    )
