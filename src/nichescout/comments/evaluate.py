"""How well comment sentiment and the generic-comment rules agree with labels.

Two measurements, written to docs/evaluation-comments.md:

1. **The labelled set** (``tests/comments/data/comments_labelled.csv``: 120 English comments,
   labelled with sentiment and generic; a development half and a report half, see the README
   beside it). Sentiment: accuracy and macro-F1 (the mean of the three classes' F1) of

   - ``VADER, adjusted`` — :func:`nichescout.comments.sentiment.score_comments` (a comment
     not scored counts as wrong);
   - ``VADER as shipped`` — the library's own analyser with the same cut-offs;
   - ``majority class`` — every comment gets the development half's most common label.

   Generic: precision, recall, F1 and accuracy of

   - ``rules`` — :func:`nichescout.comments.quality.generic_reason` (the copy rule needs
     accounts and creators, which the set has not: it is measured on the sample);
   - ``rules without the stock-phrase list`` — no words, or few words without a question;
   - ``length < 15 characters`` — the setting ``comment_short_chars``;
   - ``majority class`` — nothing is generic.

2. **The bundled creator sample** (made up: ``nichescout.data.creators``): per creator, the
   figures of :func:`nichescout.comments.comment_summary` beside what the creator was made
   to be (``labels.csv``); per comment, the rules against the generator's own kinds (a
   comment is generic unless its text is one of the generator's real-sounding sentences),
   and the language gate on the real-sounding sentences of each language.

3. **Real comments** (section "On real texts"): the generic and question flags on 64 real
   comments and replies judged by hand (``tests/comments/data/comments_real.csv``), whose texts
   are read by id from the shared exports (``--shared``, default ``../shared/data``;
   :mod:`nichescout.audit.evaluate_real`). Without them the section says it is skipped.

Rebuild the page: ``python -m nichescout.comments.evaluate --out docs/evaluation-comments.md``
(from the repository root, beside ``../shared/data``).

>>> prf([True, True, False, False], [True, False, True, False])
(0.5, 0.5, 0.5)
>>> round(macro_f1(["positive", "neutral"], ["positive", "positive"]), 3)  # (2/3 + 0 + 0) / 3
0.222
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nichescout import settings as _settings
from nichescout.audit.evaluate_real import (
    DEFAULT_SHARED,
    SKIPPED,
    cell,
    label_id,
    load_real,
    ratio,
    shared_available,
    shared_or_skip,
    shared_text,
    sources,
)
from nichescout.comments.quality import generic_reason
from nichescout.comments.sentiment import LABELS, score_comments, sentiment_label
from nichescout.comments.text import asks_question, has_unspaced_script, words

__all__ = [
    "DEFAULT_DATA",
    "DEFAULT_DOC",
    "GenericScore",
    "SentimentScore",
    "evaluate",
    "load_labelled",
    "macro_f1",
    "main",
    "prf",
    "render_markdown",
]

#: The labelled set and the page, relative to the repository root.
DEFAULT_DATA = Path("tests/comments/data/comments_labelled.csv")
DEFAULT_DOC = Path("docs/evaluation-comments.md")
#: The real set: ids of real comments in ../shared/data, judged by hand.
DEFAULT_REAL = Path("tests/comments/data/comments_real.csv")
REBUILD = "python -m nichescout.comments.evaluate --out docs/evaluation-comments.md"
HALVES = ("development", "report")


def load_labelled(path: str | Path = DEFAULT_DATA) -> list[dict[str, str]]:
    """The labelled comments: id, half, text, sentiment, generic (``true``/``false``)."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def prf(truth: Sequence[bool], predicted: Sequence[bool]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive class (0 where undefined)."""
    tp = sum(t and p for t, p in zip(truth, predicted, strict=True))
    fp = sum(p and not t for t, p in zip(truth, predicted, strict=True))
    fn = sum(t and not p for t, p in zip(truth, predicted, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def macro_f1(truth: Sequence[str], predicted: Sequence[str | None]) -> float:
    """The mean F1 over the three sentiment classes."""
    scores = [prf([t == c for t in truth], [p == c for p in predicted])[2] for c in LABELS]
    return sum(scores) / len(scores)


def _accuracy(truth: Sequence[Any], predicted: Sequence[Any]) -> float:
    return sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(truth)


# -- methods ----------------------------------------------------------------------------------


def _vader_adjusted(texts: Sequence[str]) -> list[str | None]:
    return [s.label for s in score_comments(texts)]


def _vader_shipped(texts: Sequence[str]) -> list[str | None]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    return [sentiment_label(analyzer.polarity_scores(t)["compound"]) for t in texts]


def _structure_only(text: str) -> bool:
    found = words(text)
    if not found:
        return True
    most = int(_settings.get("comment_generic_max_words"))
    return len(set(found)) <= most and not asks_question(text) and not has_unspaced_script(text)


def _short(text: str) -> bool:
    return len(text.strip()) < int(_settings.get("comment_short_chars"))


SENTIMENT_METHODS: dict[str, Callable[[Sequence[str]], list[str | None]]] = {
    "VADER, adjusted (nichescout)": _vader_adjusted,
    "VADER as shipped": _vader_shipped,
}
GENERIC_METHODS: dict[str, Callable[[str], bool]] = {
    "rules (nichescout)": lambda t: generic_reason(t) is not None,
    "rules without the stock-phrase list": _structure_only,
    "length < 15 characters": _short,
    "majority class (nothing generic)": lambda t: False,
}


@dataclass(frozen=True)
class SentimentScore:
    half: str
    method: str
    accuracy: float
    macro_f1: float
    scored: float


@dataclass(frozen=True)
class GenericScore:
    half: str
    method: str
    precision: float
    recall: float
    f1: float
    accuracy: float


def evaluate(
    rows: Sequence[dict[str, str]],
) -> tuple[list[SentimentScore], list[GenericScore], dict[str, dict[str, list[Any]]]]:
    """Every method on each half; also each half's predictions, for the confusion table."""
    majority = Counter(r["sentiment"] for r in rows if r["half"] == "development").most_common(1)
    majority_label = majority[0][0]
    sentiments: list[SentimentScore] = []
    generics: list[GenericScore] = []
    predictions: dict[str, dict[str, list[Any]]] = {}
    for half in HALVES:
        part = [r for r in rows if r["half"] == half]
        texts = [r["text"] for r in part]
        truth = [r["sentiment"] for r in part]
        predicted_by = {name: method(texts) for name, method in SENTIMENT_METHODS.items()}
        predicted_by[f"majority class ({majority_label})"] = [majority_label] * len(part)
        for name, predicted in predicted_by.items():
            scored = sum(p is not None for p in predicted) / len(part)
            sentiments.append(
                SentimentScore(
                    half, name, _accuracy(truth, predicted), macro_f1(truth, predicted), scored
                )
            )
        generic_truth = [r["generic"] == "true" for r in part]
        generic_by = {name: [m(t) for t in texts] for name, m in GENERIC_METHODS.items()}
        for name, flags in generic_by.items():
            p, r_, f = prf(generic_truth, flags)
            generics.append(GenericScore(half, name, p, r_, f, _accuracy(generic_truth, flags)))
        predictions[half] = {
            "rows": part,
            "sentiment": predicted_by["VADER, adjusted (nichescout)"],
            "generic": generic_by["rules (nichescout)"],
        }
    return sentiments, generics, predictions


# -- the sample --------------------------------------------------------------------------------


def _sample() -> dict[str, Any]:
    import pandas as pd

    from nichescout.comments.summary import comment_summary
    from nichescout.comments.table import comment_table
    from nichescout.data.creators import _COMMENTS, creators_sample_path
    from nichescout.ingest import ingest
    from nichescout.store import Store

    store = Store(":memory:")
    ingest(store, "creators", creators_sample_path())
    labels = pd.read_csv(creators_sample_path() / "labels.csv", keep_default_na=False)
    summary = comment_summary(store)
    without = comment_summary(store, settings={"comment_copy_min_accounts": None})
    summary["structural_share"] = without["generic_share"].to_numpy()
    summary = summary.merge(labels[["handle", "language", "suspicious"]], on="handle")
    table = comment_table(store)
    table = table[~table["by_creator"]].copy()
    real = {text: language for language, texts in _COMMENTS.items() for text in texts}
    table["truth"] = ~table["text"].isin(list(real))
    table["real_language"] = table["text"].map(real)
    store.close()
    return {"summary": summary, "table": table}


# -- the page ----------------------------------------------------------------------------------


def _f(x: float) -> str:
    return f"{x:.2f}"


def _share(x: float) -> str:
    return "–" if x != x else f"{x:.2f}"


def render_markdown(
    rows: Sequence[dict[str, str]],
    *,
    data: str | Path = DEFAULT_DATA,
    shared: str | Path | None = None,
    real: str | Path = DEFAULT_REAL,
) -> str:
    """The page docs/evaluation-comments.md; its section "On real texts" from the real set
    ``real`` and the exports in ``shared`` (skipped, and said so, when ``shared`` is ``None``
    or not a folder)."""
    sentiments, generics, predictions = evaluate(rows)
    n = Counter(r["half"] for r in rows)
    lines = [
        "# Comment sentiment and generic comments: agreement with labels",
        "",
        f"Generated by `{REBUILD}` from `{Path(data).as_posix()}`, the bundled creator "
        f"sample and, for the section *On real texts*, `{DEFAULT_REAL.as_posix()}` with the "
        "texts of `../shared/data` (`--shared`); do not edit by hand.",
        "",
        "`nichescout.comments` labels each comment under a creator's post with its sentiment "
        "(VADER's compound score, positive from 0.05, negative from -0.05; English only, other "
        "languages are marked not scored) and whether it is generic (no words; at most two "
        "distinct words and no question; made of stock phrases; or the same text from many "
        "accounts under several creators). docs/creators.md (Comments) says how.",
        "",
        "## The labelled set",
        "",
        f"{len(rows)} English comments ({n['development']} development, {n['report']} report), "
        "written and labelled for this test by the engineer who wrote the detector, not "
        "collected from a platform; the labelling guide is in `tests/comments/data/README.md`. "
        "The development half was looked at while building the rules and choosing VADER's "
        "adjustments (the emoji variation selector dropped; 🔥 👏 🙌 💯 read as praise words). "
        "The report half was committed with it before any code existed and scored once, "
        "after the code was committed. The rules were planned before the set was written, "
        "and one person wrote both: read the figures as what the methods do on comments "
        "like these, not as a measurement on a platform.",
        "",
        "### Sentiment",
        "",
        "Accuracy and macro-F1 over positive, neutral and negative; *scored*: the share of "
        "comments given a label (a comment not scored counts as wrong).",
        "",
        "| half | method | accuracy | macro-F1 | scored |",
        "|---|---|---|---|---|",
    ]
    for s in sentiments:
        lines.append(
            f"| {s.half} | {s.method} | **{_f(s.accuracy)}** | {_f(s.macro_f1)} | {_f(s.scored)} |"
        )
    report = predictions["report"]
    truth = [r["sentiment"] for r in report["rows"]]
    lines += [
        "",
        "Report half, VADER adjusted: rows are the labels, columns what VADER said.",
        "",
        "| label \\ predicted | " + " | ".join(LABELS) + " | not scored |",
        "|---|" + "---|" * (len(LABELS) + 1),
    ]
    for label in LABELS:
        counts = Counter(p for t, p in zip(truth, report["sentiment"], strict=True) if t == label)
        cells = [str(counts.get(p, 0)) for p in LABELS] + [str(counts.get(None, 0))]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    wrong = [
        (r["text"], r["sentiment"], p)
        for r, p in zip(report["rows"], report["sentiment"], strict=True)
        if p != r["sentiment"]
    ]
    lines += ["", "Its errors on the report half:", ""]
    lines += [f"- {text!r}: labelled {t}, VADER {p}" for text, t, p in wrong]
    lines += [
        "",
        "### Generic comments",
        "",
        "Precision (P), recall (R), F1 and accuracy of *generic*.",
        "",
        "| half | method | P | R | F1 | accuracy |",
        "|---|---|---|---|---|---|",
    ]
    for g in generics:
        lines.append(
            f"| {g.half} | {g.method} | {_f(g.precision)} | {_f(g.recall)} | **{_f(g.f1)}** | "
            f"{_f(g.accuracy)} |"
        )
    missed = [
        (r["text"], r["generic"] == "true")
        for r, p in zip(report["rows"], report["generic"], strict=True)
        if p != (r["generic"] == "true")
    ]
    lines += ["", "The rules' errors on the report half:", ""]
    lines += [
        f"- {text!r}: labelled {'generic' if t else 'not generic'}, the rules say "
        f"{'not generic' if t else generic_reason(text)}"
        for text, t in missed
    ]
    lines += _reading(sentiments, generics, predictions)
    lines += _sample_section(_sample())
    lines += _real_section(real, shared)
    lines += _LIMITS
    return "\n".join(lines) + "\n"


def _find(scores: Sequence[Any], half: str, prefix: str) -> Any:
    return next(s for s in scores if s.half == half and s.method.startswith(prefix))


def _reading(
    sentiments: Sequence[SentimentScore],
    generics: Sequence[GenericScore],
    predictions: dict[str, dict[str, list[Any]]],
) -> list[str]:
    """What the labelled set's figures say, in words."""
    adjusted = _find(sentiments, "report", "VADER, adjusted")
    shipped = _find(sentiments, "report", "VADER as shipped")
    majority = _find(sentiments, "report", "majority")
    dev_adjusted = _find(sentiments, "development", "VADER, adjusted")
    dev_shipped = _find(sentiments, "development", "VADER as shipped")
    rules = _find(generics, "report", "rules (nichescout)")
    no_list = _find(generics, "report", "rules without")
    length = _find(generics, "report", "length")
    dev_rules = _find(generics, "development", "rules (nichescout)")
    dev_length = _find(generics, "development", "length")
    report = predictions["report"]
    texts = [r["text"] for r in report["rows"]]
    truth = [r["sentiment"] for r in report["rows"]]
    plain = _vader_shipped(texts)
    changed = [
        (t, a, b) for t, a, b in zip(truth, plain, report["sentiment"], strict=True) if a != b
    ]
    better = sum(b == t for t, _, b in changed)
    worse = sum(a == t for t, a, _ in changed)
    return [
        "",
        "### What the labelled set says",
        "",
        f"- **Sentiment.** On the report half VADER, adjusted, labels {adjusted.accuracy:.0%} "
        f"of the comments as their label (macro-F1 {adjusted.macro_f1:.2f}), against "
        f"{majority.accuracy:.0%} for the majority class and {shipped.accuracy:.0%} for VADER "
        f"as shipped. The adjustments were chosen on the development half "
        f"({dev_adjusted.accuracy:.2f} against {dev_shipped.accuracy:.2f}); on the report half "
        f"they change {len(changed)} comments' labels, {better} for the better and {worse} for "
        "the worse, so their gain there is not shown. Two English comments of the report half "
        "were not scored: the language gate took *as* for the Portuguese article and *-ment* "
        "for a French ending, because one vote suffices (`comment_language_min_votes` 1, "
        "chosen so that short foreign comments such as *Dove l'hai preso?* are caught; with 2, "
        "8 of the sample's 24 foreign sentences would be scored as English). VADER's own "
        "misses are the known ones: slang (*sick edit*, *lowkey obsessed*), criticism in "
        "neutral words (*undercooked*, *look orange*), polite questions read as positive "
        "(*can you*, *please*, *true to size*).",
        f"- **Generic.** On the report half the rules reach an F1 of {rules.f1:.3f} "
        f"(precision {rules.precision:.2f}, recall {rules.recall:.2f}), the length baseline "
        f"{length.f1:.3f} (precision {length.precision:.2f}, recall {length.recall:.2f}): "
        f"not better. The accuracies are equal ({rules.accuracy:.2f}): the two disagree on "
        "two comments, each right once — *Size?* (a question: the rules keep it, rightly) "
        "and *This is not it* (short and generic: the baseline is right). On the "
        "development half "
        f"{dev_rules.f1:.2f} against {dev_length.f1:.2f}. The stock-phrase list adds "
        f"{rules.f1 - no_list.f1:+.2f} F1 on the report half. What the rules miss are spam "
        "sentences (*Get 10k followers fast, link in bio*) and longer praise formulas "
        "(*Amazing content as always*): sentences like these are what the copy rule finds, "
        "when many accounts paste them under several creators; a set of single comments "
        "without authors cannot measure it. Neither the rules nor the length tells a long "
        "generic comment from a real one; on data with authors the copy rule is meant to "
        "(measured only on the sample, below).",
    ]


# -- real comments ----------------------------------------------------------------------------


_NO_LIST = "rules without the stock-phrase list"


def _question_reason(text: str) -> str:
    """Why :func:`asks_question` says what it says (it has one rule)."""
    if asks_question(text):
        return "a question mark and a word"
    return "a question mark but no word" if "?" in text else "no question mark"


def _real_section(real: str | Path, shared: str | Path | None) -> list[str]:
    lines = ["", "## On real texts", ""]
    if not shared_available(shared):
        return [*lines, SKIPPED]
    assert shared is not None
    rows = load_real(real)
    texts = [shared_text(Path(shared), r["source"], r["record_id"]) for r in rows]
    generic = [r["generic"] == "true" for r in rows]
    question = [r["question"] == "true" for r in rows]
    lines += [
        f"The rules on {len(rows)} real comments and replies, judged by hand "
        f"(`{DEFAULT_REAL.as_posix()}`; how they were chosen and judged is in "
        "`tests/comments/data/README.md`). The set holds ids only; the texts are read from "
        f"the shared exports: {sources(rows)}. They are replies in threads of a crypto "
        "subreddit's daily discussion, Stack Exchange comments, chat messages and code "
        "reviews — real, but not comments under a creator's post — and were judged in their "
        "thread, before the rules were run on them; the truth was not changed after. "
        f"{sum(generic)} are generic, {len(rows) - sum(generic)} not; {sum(question)} ask a "
        "question.",
        "",
        "### Generic, on real comments",
        "",
        "| method | flagged | P (counts) | R (counts) | F1 | accuracy |",
        "|---|---|---|---|---|---|",
    ]
    flags_by = {name: [m(t) for t in texts] for name, m in GENERIC_METHODS.items()}
    for name, flags in flags_by.items():
        tp = sum(t and f for t, f in zip(generic, flags, strict=True))
        f1 = prf(generic, flags)[2]
        lines.append(
            f"| {name} | {sum(flags)} | {ratio(tp, sum(flags))} | {ratio(tp, sum(generic))} "
            f"| **{_f(f1)}** | {_f(_accuracy(generic, flags))} |"
        )
    asked = [asks_question(t) for t in texts]
    q_tp = sum(t and a for t, a in zip(question, asked, strict=True))
    q_missed = [t for t, q, a in zip(texts, question, asked, strict=True) if q and not a]
    rules = flags_by["rules (nichescout)"]
    false_alarms = Counter(
        generic_reason(t) for t, g, f in zip(texts, generic, rules, strict=True) if f and not g
    )
    most = int(_settings.get("comment_generic_max_words"))
    missed = [t for t, g, f in zip(texts, generic, rules, strict=True) if g and not f]
    long_missed = sum(len(set(words(t))) > most for t in missed)
    asked_missed = sum(len(set(words(t))) <= most and asks_question(t) for t in missed)
    other = len(missed) - long_missed - asked_missed
    length = flags_by["length < 15 characters"]
    g_tp = sum(g and f for g, f in zip(generic, rules, strict=True))
    lines += [
        "",
        "### Questions, on real comments",
        "",
        f"A question is a question mark and a word: precision {ratio(q_tp, sum(asked))}, "
        f"recall {ratio(q_tp, sum(question))}; {sum('?' not in t for t in q_missed)} of the "
        f"{len(q_missed)} questions missed have no question mark.",
        "",
        "### What the real comments say",
        "",
        f"- The rules flag {sum(rules)} comments, {g_tp} of them rightly, and find {g_tp} of "
        f"the {sum(generic)} generic comments; the length baseline flags {sum(length)}. The "
        f"{sum(false_alarms.values())} false alarms are "
        + ", ".join(f"{n} for *{reason}*" for reason, n in sorted(false_alarms.items()))
        + ": short real answers and remarks (listed below) that the few-words rule cannot "
        "tell from a reaction without the thread they answer. Of the "
        f"{len(missed)} generic comments missed, {long_missed} have more than {most} "
        "distinct words and no stock phrase (praise and thanks, listed below) and "
        f"{asked_missed} few words with a question mark (the few-words rule keeps "
        "questions)"
        + (f"; {other} other{'s' if other != 1 else ''}" if other else "")
        + ". The stock-phrase list adds "
        f"{prf(generic, rules)[2] - prf(generic, flags_by[_NO_LIST])[2]:+.2f} F1 here.",
        "- The few-words rule was made for comments under creators' posts, on the view that "
        "a comment of two words there is a reaction; in these threads a reply of two words "
        "is often an answer. Read these figures as the rules on "
        "threaded discussion, not as a measurement on a platform's comments; one person "
        "judged every comment, with no second annotator. Nothing in the rules was changed "
        "to fit this set; it is a test set.",
        "",
        "Where the rules err on real comments, with their reason:",
        "",
        "| comment | flag | truth | rules | the rules' reason |",
        "|---|---|---|---|---|",
    ]
    for row, text, g, f, q, a in zip(rows, texts, generic, rules, question, asked, strict=True):
        if g != f:
            said = "generic" if f else "not generic"
            reason = generic_reason(text) if f else "no rule fires"
            truth = "generic" if g else "not generic"
            lines.append(f"| {label_id(row)} | generic | {truth} | {said} | {cell(str(reason))} |")
        if q != a:
            truth = "question" if q else "no question"
            said = "question" if a else "no question"
            lines.append(
                f"| {label_id(row)} | question | {truth} | {said} | {_question_reason(text)} |"
            )
    return lines


_LIMITS = [
    "",
    "## Limits",
    "",
    "- One person wrote the comments, the labels and the rules; there is no second labeller, "
    "and 60 comments a half give wide intervals (one comment is 1.7 points of accuracy).",
    "- The labelled set is English; the other languages are checked only by the language "
    "gate on the sample's sentences and by hand-made tests. Sentiment in other languages "
    "needs the extra `nichescout[multilingual]`, not measured here (it needs torch and a "
    "model download).",
    "- The sample's sentences come from short lists, so the copy rule fires on them, and "
    "the sample has no negative comments and no sentiment labels: its sentiment figures "
    "describe the generator, not a method.",
]


def _sample_section(sample: dict[str, Any]) -> list[str]:
    summary = sample["summary"]
    table = sample["table"]
    lines = [
        "",
        "## The bundled creator sample",
        "",
        "The sample in `src/nichescout/data/creators-sample` is made up (40 creators, "
        "4,924 comments; `nichescout.data.creators`). Each stored comment is either one of a "
        "few real-sounding sentences per language (4 to 8), a generic one (`nice pic 🔥`, "
        "`🔥🔥🔥`, …; 70 % of the comments under the creator made to receive generic "
        "comments), an engagement pod's (`Love this!! 🙌`) or the creator's answer. So "
        "the truth of each comment is known: generic unless its text is one of the "
        "real-sounding sentences.",
        "",
    ]
    truth = table["truth"].tolist()
    rules = table["generic"].tolist()
    structural = (table["generic_reason"].notna() & (table["generic_reason"] != "copied")).tolist()
    short = table["short"].tolist()
    lines += [
        f"Per comment ({len(table):,} comments by the audience):",
        "",
        "| method | P | R | F1 |",
        "|---|---|---|---|",
    ]
    for name, flags in (
        ("rules (nichescout), copy rule included", rules),
        ("rules without the copy rule", structural),
        ("length < 15 characters", short),
    ):
        p, r, f = prf(truth, flags)
        lines.append(f"| {name} | {_f(p)} | {_f(r)} | **{_f(f)}** |")
    copied = table[table["copied"] & ~table["truth"]]
    lines += [
        "",
        f"The copy rule marks {int(table['copied'].sum()):,} comments, "
        f"{len(copied):,} of them real-sounding sentences: the generator writes every such "
        "comment from the same few sentences per language, so dozens of accounts post the "
        "same sentence under many creators — on this sample it looks exactly like "
        "copy-paste, and the rule says so. On real comments, independent people rarely "
        "write the same sentence word for word under several creators; where they do "
        "(*thank you so much!*), raise `comment_copy_min_accounts` or set it to `None`.",
        "",
        "The language gate on the real-sounding sentences (creators' own answers left out):",
        "",
        "| language | comments | not scored | language named right |",
        "|---|---|---|---|",
    ]
    real = table[table["real_language"].notna()]
    for language, group in real.groupby("real_language", sort=True):
        not_scored = group["sentiment"].isna().mean()
        right = (group["language"] == language).mean()
        lines.append(f"| {language} | {len(group)} | {_f(not_scored)} | {_f(right)} |")
    lines += [
        "",
        "Per creator: *generic* is the share by all rules, *structural* without the copy "
        "rule; *made to be* is the generator's label (`labels.csv`). Sentiment is over the "
        "scored comments only: for creators writing in another language than English, that "
        "is their emoji and short generic comments (*not scored* lists the rest).",
        "",
        "| creator | platform | language | made to be | comments | scored | not scored | "
        "mean compound | positive | generic | structural | copied | questions | reply rate |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in summary.sort_values(["platform", "handle"]).to_dict("records"):
        lines.append(
            f"| {row['handle']} | {row['platform']} | {row['language']} | "
            f"{row['suspicious'] or '–'} | {row['comments']} | {row['scored']} | "
            f"{row['not_scored'] or '–'} | {_share(row['compound_mean'])} | "
            f"{_share(row['positive_share'])} | {_share(row['generic_share'])} | "
            f"{_share(row['structural_share'])} | {_share(row['copied_share'])} | "
            f"{_share(row['question_share'])} | {_share(row['reply_rate'])} |"
        )
    made = summary.sort_values("structural_share", ascending=False)
    top = ", ".join(
        f"{h} ({s or 'nothing'}, {v:.2f})"
        for h, s, v in made[["handle", "suspicious", "structural_share"]].head(5).to_numpy()
    )
    rest = made[made["suspicious"] == ""]["structural_share"]
    lines += [
        "",
        f"By the structural share, the five highest are {top}; the creators made without "
        f"suspicious engagement have a median of {rest.median():.2f} "
        f"(at most {rest.max():.2f}).",
    ]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m nichescout.comments.evaluate",
        description="Score comment sentiment and the generic-comment rules against the "
        "labelled comments and the bundled creator sample; write the Markdown page.",
        epilog=f"Example: {REBUILD}",
    )
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="the labelled comments CSV")
    parser.add_argument("--out", default=None, help="write the page here (default: stdout)")
    parser.add_argument(
        "--shared",
        default=str(DEFAULT_SHARED),
        help="the shared exports the real comments are read from (default: %(default)s); "
        "when absent, the section 'On real texts' is skipped",
    )
    parser.add_argument("--real", default=str(DEFAULT_REAL), help="the real comments CSV")
    args = parser.parse_args(argv)
    shared = shared_or_skip(args.shared)
    page = render_markdown(load_labelled(args.data), data=args.data, shared=shared, real=args.real)
    if args.out:
        Path(args.out).write_text(page, encoding="utf-8")
    else:
        sys.stdout.write(page)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
