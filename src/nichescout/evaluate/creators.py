"""The creator analytics on the evaluation page: fake accounts and sponsorship disclosure.

``docs/evaluation.md`` summarises, beside the community rankings, how well the two creator
detectors do on labelled data, computed by the same functions as their own pages (which
hold every table): the fake-account model against the following/followers ratio alone
(:func:`nichescout.audit.evaluate.evaluate_sets`, docs/evaluation-accounts.md) and the
disclosure rules against a keyword list (:func:`nichescout.audit.evaluate_disclosure.evaluate`,
docs/evaluation-disclosure.md). The planner's pages (docs/evaluation-planner.md,
docs/evaluation-diffusion.md) are named with the commands that make them.

>>> lines = accounts_lines([])
>>> lines[0]
'No labelled account set was found, so the fake-account model is not measured here.'
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nichescout.audit.evaluate import EvalRow
    from nichescout.audit.evaluate_disclosure import Score

__all__ = ["accounts_lines", "creator_section", "disclosure_lines"]


def accounts_lines(rows: Sequence[EvalRow]) -> list[str]:
    """The fake-account model against the ratio: within each set (5-fold cross-validation)
    as a table, across sets (fitted on one, scored on another) as ranges.

    >>> from nichescout.audit.evaluate import EvalRow
    >>> rows = [EvalRow("within", "a", "a", "model", 0.99, 0.9, 10, 0.5),
    ...         EvalRow("within", "a", "a", "ratio", 0.8, 0.7, 10, 0.5)]
    >>> accounts_lines(rows)[2]
    '| a | 10 | 50.0% | **0.990** | 0.800 | **0.900** | 0.700 |'
    """
    if not rows:
        return [
            "No labelled account set was found, so the fake-account model is not measured here."
        ]
    model = {(r.setting, r.train, r.test): r for r in rows if r.method == "model"}
    ratio = {(r.setting, r.train, r.test): r for r in rows if r.method != "model"}
    lines = [
        "| set (5-fold CV) | accounts | fake share | AUC model | AUC ratio | F1 model | F1 ratio |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for key, m in model.items():
        if key[0] != "within":
            continue
        b = ratio[key]
        auc = _pair(m.auc, b.auc)
        f1 = _pair(m.f1, b.f1)
        lines.append(
            f"| {m.test} | {m.n_test:,} | {m.fake_share:.1%} | {auc[0]} | {auc[1]} | "
            f"{f1[0]} | {f1[1]} |"
        )
    across = [k for k in model if k[0] == "across"]
    if across:
        ours = [model[k].auc for k in across]
        theirs = [ratio[k].auc for k in across]
        lines += [
            "",
            f"Across sets (fitted on one set, scored on another, {len(across)} pairs): ROC AUC "
            f"{min(ours):.3f}–{max(ours):.3f} for the model, {min(theirs):.3f}–{max(theirs):.3f} "
            "for the ratio alone.",
        ]
    return lines


def _pair(ours: float, theirs: float) -> tuple[str, str]:
    a, b = f"{ours:.3f}", f"{theirs:.3f}"
    return (f"**{a}**", b) if ours > theirs else (a, f"**{b}**") if theirs > ours else (a, b)


def disclosure_lines(scores: Sequence[Score]) -> list[str]:
    """F1 of *sponsored* and of *needs fixing*, per half of the labelled set and method.

    >>> from nichescout.audit.evaluate_disclosure import Score
    >>> s = [Score("report", "all", "rules", t, 1.0, 1.0, 0.95, 10, 5)
    ...      for t in ("sponsored", "needs_fixing")]
    >>> disclosure_lines(s)[2]
    '| report | rules | 0.95 | 0.95 | 10 |'
    """
    lines = [
        "| half | method | F1 sponsored | F1 needs fixing | captions |",
        "|---|---|---:|---:|---:|",
    ]
    by_key = {(s.half, s.method, s.target): s for s in scores if s.language == "all"}
    seen: list[tuple[str, str]] = []
    for half, method, _ in by_key:
        if (half, method) not in seen:
            seen.append((half, method))
    for half, method in seen:
        sponsored = by_key.get((half, method, "sponsored"))
        fixing = by_key.get((half, method, "needs_fixing"))
        if sponsored is None or fixing is None:
            continue
        lines.append(
            f"| {half} | {method} | {sponsored.f1:.2f} | {fixing.f1:.2f} | {sponsored.n:,} |"
        )
    return lines


def real_disclosure_lines(data_dir: str | Path) -> list[str]:
    """One paragraph: the disclosure rules on the real public texts of the shared exports
    (:func:`nichescout.audit.evaluate_disclosure.evaluate_real`), or why not measured."""
    from nichescout.audit import evaluate_disclosure as ed
    from nichescout.audit.evaluate_real import load_real, shared_available

    if not (shared_available(data_dir) and ed.DEFAULT_REAL.is_file()):
        return ["On real texts: not measured here (the shared data or the real set is absent)."]
    results = ed.evaluate_real(load_real(ed.DEFAULT_REAL), data_dir)
    truth = [r.row["sponsored"] == "true" for r in results]
    found = sum(r.sponsored and t for r, t in zip(results, truth, strict=True))
    alarms = sum(r.sponsored and not t for r, t in zip(results, truth, strict=True))
    return [
        f"On {len(results)} real public texts of the shared exports, judged by hand (comments, "
        "posts, chat messages and bios; no caption: the shared data has none), the rules find "
        f"**{found} of the {sum(truth)} sponsored** ones and call {alarms} of the other "
        f"{len(truth) - sum(truth)} sponsored; both answers are right on "
        f"{sum(r.right for r in results)} of {len(results)} (the texts, the errors and why in "
        "[evaluation-disclosure.md](evaluation-disclosure.md), section *On real texts*). Real "
        "sponsored posts are rare in these exports and mostly borderline, but the rules' "
        "figures above do not carry over to text they were not written against."
    ]


def creator_section(data_dir: str | Path, labelled: str | Path | None = None) -> list[str]:
    """The page's creator section: both detectors measured now, from ``data_dir``'s labelled
    accounts (``accounts/``) and the labelled captions (``tests/audit/data``)."""
    from threadpoolctl import threadpool_limits

    from nichescout.audit import evaluate_disclosure
    from nichescout.audit.datasets import load_all
    from nichescout.audit.evaluate import evaluate_sets
    from nichescout.exceptions import NicheScoutError

    try:
        with threadpool_limits(limits=1, user_api="openmp"):
            account_rows = evaluate_sets(load_all(data_dir))
    except (NicheScoutError, OSError):
        account_rows = []
    path = Path(labelled) if labelled is not None else evaluate_disclosure.DEFAULT_DATA
    lines = [
        "## Creator analytics",
        "",
        "**Fake accounts** (`nichescout audit accounts`): the shipped gradient-boosting model "
        "against the following/followers ratio alone, on the labelled sets in "
        "`accounts/` (every table in [evaluation-accounts.md](evaluation-accounts.md), made by "
        "`python -m nichescout.audit.train`).",
        "",
        *accounts_lines(account_rows),
        "",
    ]
    rows = evaluate_disclosure.load_labelled(path) if path.is_file() else []
    languages = len({r["language"] for r in rows})
    lines += [
        "**Sponsorship disclosure** (`nichescout audit disclosure`): the rules against a "
        f"keyword list on {len(rows):,} labelled captions in {languages} languages, written for "
        "the tests by the engineer who wrote the rules — an upper bound, not a measurement on "
        "collected captions (every table in [evaluation-disclosure.md](evaluation-disclosure.md), "
        "made by `python -m nichescout.audit.evaluate_disclosure`). The report half was held "
        "out.",
        "",
    ]
    if rows:
        scores, _ = evaluate_disclosure.evaluate(rows)
        lines += disclosure_lines(scores)
    else:
        lines.append(f"The labelled captions ({path}) were not found: not measured here.")
    lines += ["", *real_disclosure_lines(data_dir)]
    lines += [
        "",
        "**Planner**: the budgeted portfolio against the exact optimum on the Twitch graphs "
        "([evaluation-planner.md](evaluation-planner.md), `python -m "
        "nichescout.plan.evaluate_portfolio`) and seeds against what really spread on Higgs "
        "([evaluation-diffusion.md](evaluation-diffusion.md), `python -m "
        "nichescout.plan.evaluate_diffusion`).",
        "",
    ]
    return lines
