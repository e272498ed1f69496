"""How well ``audit disclosure`` finds sponsored posts and the posts that need fixing.

Measured on the labelled captions shipped with the tests
(``tests/audit/data/disclosure_labelled.csv``: 238 captions in seven languages, a development
half and a held-out report half; how they were written and labelled is in the README beside
them), against a **keyword-list baseline**: the flat list of the issue's words (the disclosure
terms, the vague tags, and the cues "code", "gifted", "link in bio to shop", ``utm_``,
``amzn.to``…), matched anywhere in the caption as substrings, case-insensitively, without
structure. A post is sponsored for the baseline when any word of the list occurs; its
disclosure is clear when a clear term occurs, else unclear when a vague one does, else none.

Three methods are scored on each half, overall and per language:

- ``rules``: :func:`nichescout.audit.disclosure.assess` with the labelled ``language``;
- ``rules, language detected``: the same with the language left out (guessed from the caption);
- ``keyword list``: the baseline;
- ``longer keyword list``: the baseline plus the bare words, vague phrases and cue words of
  all seven languages (``werbung``, ``código``, ``link in bio``, ``regalo``…).

For each, precision, recall and F1 of ``sponsored`` and of ``needs_fixing`` (sponsored and
not clearly disclosed), and the confusion table of the three-way ``disclosure`` label.

The page ends with the section **On real texts**: the same detector on 60 real public texts
judged by hand (``tests/audit/data/disclosure_real.csv``), whose texts are read by id from the
shared exports (``--shared``, default ``../shared/data``; :mod:`nichescout.audit.evaluate_real`).
Without them the section says it is skipped.

Rebuild the page: ``python -m nichescout.audit.evaluate_disclosure --out
docs/evaluation-disclosure.md`` (from the repository root, beside ``../shared/data``).

>>> keyword_baseline("Sunrise hike #adventure")
(True, 'clear')
>>> prf([True, True, False], [True, False, True])
(0.5, 0.5, 0.5)
"""

from __future__ import annotations

import argparse
import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from nichescout.audit.disclosure import DISCLOSURES, assess
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
from nichescout.audit.language import detect_language
from nichescout.audit.lexicon import LANGUAGE_NAMES, LANGUAGES
from nichescout.pages import write_page

__all__ = [
    "BASELINE_CLEAR",
    "BASELINE_CUES",
    "BASELINE_VAGUE",
    "METHODS",
    "RealResult",
    "Score",
    "evaluate",
    "evaluate_real",
    "keyword_baseline",
    "load_labelled",
    "predict",
    "prf",
    "render_markdown",
]

#: The labelled set, relative to the repository root.
DEFAULT_DATA = Path("tests/audit/data/disclosure_labelled.csv")
DEFAULT_DOC = Path("docs/evaluation-disclosure.md")
#: The real set: ids of real public texts in ../shared/data, judged by hand.
DEFAULT_REAL = Path("tests/audit/data/disclosure_real.csv")
REBUILD = "python -m nichescout.audit.evaluate_disclosure --out docs/evaluation-disclosure.md"

#: The baseline's words, as the issue lists them: clear disclosure terms ...
BASELINE_CLEAR = (
    "#ad", "#advert", "#sponsored", "paid partnership with", "sponsored by", "ad:",
    "#werbung", "#anzeige", "bezahlte partnerschaft",
    "#publicité", "#sponsorisé", "partenariat rémunéré", "#pub",
    "#publicidad", "colaboración pagada", "#patrocinado",
    "#pubblicità", "#adv", "#sponsorizzato", "partnership retribuita",
    "#reclame", "#gesponsord", "betaalde samenwerking",
    "#publicidade", "#publi", "parceria paga",
)  # fmt: skip
#: ... vague terms ...
BASELINE_VAGUE = ("#sp", "#spon", "#collab", "#partner", "thanks to @")
#: ... and sponsorship cues.
BASELINE_CUES = (
    "use my code", "code", "gifted", "pr package", "link in bio to shop",
    "in partnership with", "utm_", "amzn.to", "ref=", "aff=", "rstyle.me", "shopstyle",
    "ltk", "liketoknow.it",
)  # fmt: skip

#: A longer list: the same, plus the bare words, vague phrases and cues of all seven languages
#: (to show that a longer list is not what the rules' gain comes from).
LONGER_CLEAR = (
    *BASELINE_CLEAR, "werbung", "anzeige", "advert", "sponsored", "publicité", "sponsorisé",
    "collaboration commerciale", "publicidad", "patrocinad", "pubblicità", "sponsorizzat",
    "reclame", "advertentie", "gesponsord", "publicidade",
)  # fmt: skip
LONGER_VAGUE = (
    *BASELINE_VAGUE, "#colab", "#kooperation", "#partenariat", "#parceria", "#ambassador",
    "in collaboration with", "in kooperation mit", "en collaboration avec",
    "en colaboración con", "in collaborazione con", "in samenwerking met", "em parceria com",
    "thanks @", "merci @", "merci à @", "danke @", "danke an @", "gracias a @", "grazie a @",
    "bedankt @", "obrigada @", "obrigado @",
)  # fmt: skip
LONGER_CUES = (
    *BASELINE_CUES, "código", "codice", "cupom", "cupón", "kortingscode", "rabattcode",
    "gutschein", "link in bio", "link in der bio", "lien en bio", "lien dans", "enlace en la bio",
    "link na bio", "offert", "regalo", "gekregen", "recebido", "geschenkt", "cortesía",
    "cortesia", "tag=", "shopstyle.it", "liketk.it", "pr-sample",
)  # fmt: skip

#: The methods scored, in the order of the tables.
METHODS = ("rules", "rules, language detected", "keyword list", "longer keyword list")
TARGETS = ("sponsored", "needs_fixing")
HALVES = ("development", "report")


def keyword_baseline(caption: str, *, longer: bool = False) -> tuple[bool, str]:
    """The baseline's (sponsored, disclosure) for a caption: any listed word, anywhere
    (``longer``: the longer list)."""
    text = caption.casefold()

    def has(words: Sequence[str]) -> bool:
        return any(w in text for w in words)

    if has(LONGER_CLEAR if longer else BASELINE_CLEAR):
        return True, "clear"
    if has(LONGER_VAGUE if longer else BASELINE_VAGUE):
        return True, "unclear"
    return (True, "none") if has(LONGER_CUES if longer else BASELINE_CUES) else (False, "none")


def load_labelled(path: str | Path = DEFAULT_DATA) -> list[dict[str, str]]:
    """The labelled captions as rows of text (columns in the README beside the file)."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def predict(rows: Sequence[dict[str, str]], method: str) -> list[tuple[bool, str]]:
    """(sponsored, disclosure) of each row by ``method`` (one of :data:`METHODS`)."""
    if method in ("keyword list", "longer keyword list"):
        longer = method == "longer keyword list"
        return [keyword_baseline(r["caption"], longer=longer) for r in rows]
    given = method == "rules"
    out = []
    for row in rows:
        found = assess(row["caption"], row["language"] if given else None)
        out.append((found.sponsored, found.disclosure))
    return out


def prf(truth: Sequence[bool], predicted: Sequence[bool]) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``predicted`` against ``truth`` (0 where undefined)."""
    tp = sum(t and p for t, p in zip(truth, predicted, strict=True))
    fp = sum(p and not t for t, p in zip(truth, predicted, strict=True))
    fn = sum(t and not p for t, p in zip(truth, predicted, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass(frozen=True)
class Score:
    """One line of the evaluation."""

    half: str
    language: str  # "all" or an ISO 639-1 code
    method: str
    target: str  # sponsored or needs_fixing
    precision: float
    recall: float
    f1: float
    n: int
    positives: int


def _truth(row: dict[str, str], target: str) -> bool:
    return row[target] == "true"


def evaluate(
    rows: Sequence[dict[str, str]],
) -> tuple[list[Score], dict[str, list[tuple[bool, str]]]]:
    """Every score of the page, and each method's predictions (aligned with ``rows``)."""
    predictions = {method: predict(rows, method) for method in METHODS}
    scores = []
    for half in HALVES:
        for language in ("all", *LANGUAGES):
            index = [
                i
                for i, r in enumerate(rows)
                if r["split"] == half and language in ("all", r["language"])
            ]
            for method in METHODS:
                for target in TARGETS:
                    truth = [_truth(rows[i], target) for i in index]
                    sponsored = [predictions[method][i][0] for i in index]
                    fix = [
                        p[0] and p[1] != "clear" for p in (predictions[method][i] for i in index)
                    ]
                    guess = sponsored if target == "sponsored" else fix
                    p, r, f = prf(truth, guess)
                    scores.append(
                        Score(half, language, method, target, p, r, f, len(index), sum(truth))
                    )
    return scores, predictions


def _find(scores: Sequence[Score], **key: str) -> Score:
    return next(s for s in scores if all(getattr(s, k) == v for k, v in key.items()))


def _summary(scores: Sequence[Score]) -> list[str]:
    lines = [
        "| half | method | sponsored P | R | F1 | needs fixing P | R | F1 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for half in HALVES:
        for method in METHODS:
            a = _find(scores, half=half, language="all", method=method, target="sponsored")
            b = _find(scores, half=half, language="all", method=method, target="needs_fixing")
            lines.append(
                f"| {half} | {method} | {a.precision:.2f} | {a.recall:.2f} | **{a.f1:.2f}** "
                f"| {b.precision:.2f} | {b.recall:.2f} | **{b.f1:.2f}** |"
            )
    return lines


def _per_language(scores: Sequence[Score], half: str) -> list[str]:
    lines = [
        "| language | posts | sponsored | method | sponsored P / R / F1 | needs fixing P / R / F1 |",
        "|---|---|---|---|---|---|",
    ]
    for language in LANGUAGES:
        for method in METHODS:
            a = _find(scores, half=half, language=language, method=method, target="sponsored")
            b = _find(scores, half=half, language=language, method=method, target="needs_fixing")
            lines.append(
                f"| {LANGUAGE_NAMES[language]} | {a.n} | {a.positives} | {method} "
                f"| {a.precision:.2f} / {a.recall:.2f} / {a.f1:.2f} "
                f"| {b.precision:.2f} / {b.recall:.2f} / {b.f1:.2f} |"
            )
    return lines


def _confusion(
    rows: Sequence[dict[str, str]], predicted: Sequence[tuple[bool, str]], half: str
) -> list[str]:
    counts = {(g, p): 0 for g in DISCLOSURES for p in DISCLOSURES}
    for row, (_, disclosure) in zip(rows, predicted, strict=True):
        if row["split"] == half:
            counts[(row["disclosure"], disclosure)] += 1
    lines = ["| gold \\ predicted | clear | unclear | none |", "|---|---|---|---|"]
    for gold in DISCLOSURES:
        lines.append(
            f"| {gold} | " + " | ".join(str(counts[(gold, p)]) for p in DISCLOSURES) + " |"
        )
    return lines


def _errors(rows: Sequence[dict[str, str]], half: str) -> list[str]:
    lines = ["| post | gold | rules | reason |", "|---|---|---|---|"]
    for row in rows:
        if row["split"] != half:
            continue
        found = assess(row["caption"], row["language"])
        gold = (row["sponsored"] == "true", row["disclosure"])
        if gold != (found.sponsored, found.disclosure):
            g = f"{'sponsored' if gold[0] else 'not sponsored'}, {gold[1]}"
            p = f"{'sponsored' if found.sponsored else 'not sponsored'}, {found.disclosure}"
            reason = found.reason.replace("|", "\\|")
            lines.append(f"| {row['post_id']} | {g} | {p} | {reason} |")
    return lines if len(lines) > 2 else ["No error."]


def _language_accuracy(rows: Sequence[dict[str, str]], half: str) -> str:
    subset = [r for r in rows if r["split"] == half]
    right = sum(detect_language(r["caption"]) == r["language"] for r in subset)
    unknown = sum(detect_language(r["caption"]) is None for r in subset)
    wrong = len(subset) - right - unknown
    return (
        f"{half}: {right} of {len(subset)} captions right, {unknown} unknown (no check of the "
        f"disclosure's language), {wrong} wrong"
    )


def render_markdown(
    rows: Sequence[dict[str, str]],
    *,
    data: str | Path = DEFAULT_DATA,
    shared: str | Path | None = None,
    real: str | Path = DEFAULT_REAL,
) -> str:
    """The page docs/evaluation-disclosure.md, from the labelled rows (deterministic);
    its section "On real texts" from the real set ``real`` and the exports in ``shared``
    (skipped, and said so, when ``shared`` is ``None`` or not a folder)."""
    scores, predictions = evaluate(rows)
    n = {half: sum(r["split"] == half for r in rows) for half in HALVES}
    report = {
        (m, t): _find(scores, half="report", language="all", method=m, target=t)
        for m in METHODS
        for t in TARGETS
    }
    lines = [
        "# Sponsorship disclosure: how well `audit disclosure` finds what needs fixing",
        "",
        f"Generated by `{REBUILD}` from `{Path(data).as_posix()}`, and for the section *On "
        f"real texts* from `{DEFAULT_REAL.as_posix()}` with the texts of `../shared/data` "
        "(`--shared`); do not edit by hand.",
        "",
        "`nichescout audit disclosure FILE.csv` decides for each caption whether the post is "
        "sponsored and whether its disclosure is `clear`, `unclear` or `none` "
        "(`nichescout.audit.disclosure`). It composes small feature functions: the shape of a "
        "promo code (an upper-case token after a word for *code*, or NAME+digits beside a "
        "percentage), the shape of a link (tracking and affiliate parameters such as `utm_*`, "
        "`ref=`, `aff=`, `tag=`, or an affiliate network's host), calls to buy through the "
        "link in bio, the creator's own products (*my shop*, *our collection*), thanks to an "
        "@-handle for something new or sent, and the terms of disclosure of seven languages "
        "found as hashtags, labels or phrases — never as any substring — with where they "
        "stand: within the first 125 characters a viewer sees, not behind a wall of four or "
        "more hashtags, in the caption's language. The thresholds are settings "
        "(`nichescout settings`, `disclosure_*`).",
        "",
        "The **keyword list** baseline matches the issue's words (the disclosure terms, the "
        "vague tags, and the cues *code*, *gifted*, *link in bio to shop*, `utm_`, `amzn.to`, "
        "`ref=`, …) anywhere in the caption, case-insensitively: sponsored when any occurs; "
        "clear when a clear term occurs, else unclear when a vague one does, else none. The "
        "**longer keyword list** adds the bare words, vague phrases and cue words of all seven "
        "languages (`werbung`, `publicidad`, `código`, `cupom`, `link in bio`, `regalo`, "
        "`gekregen`, `thanks @`, …): a longer list is not what the rules gain by.",
        "",
        "## The labelled set",
        "",
        f"{len(rows)} captions, {len(rows) // len(LANGUAGES)} per language (English, German, "
        "French, Spanish, Italian, Dutch, Portuguese), written for the tests by the engineer "
        "who wrote the detector — not collected from a platform — with hard negatives (own "
        "products with their own codes, `#adventure`/`#adidas` where `#ad` is a prefix, "
        '"not sponsored", talk about adverts, *code* in programming, *gifted* as talent, '
        'plain links, thanks to friends, "no thanks to @brand"). The labelling guide and '
        "the notes on how it was made are in `tests/audit/data/README.md`. "
        f"Development half: {n['development']} captions, looked at while building the rules. "
        f"Report half: {n['report']} captions, written and committed with the development "
        "half before any detector code existed, not looked at while building, and scored "
        "once, after the rules were frozen; no rule was changed after scoring it.",
        "",
        "One caveat on that: while trying the command on the whole file, before the report "
        "half was scored, its stderr summary (sponsored posts predicted over all 238 "
        "captions) was seen once; no rule was changed because of it. After scoring, one "
        "thing changed: the reason names a term written twice only once (every figure on "
        "this page stayed the same).",
        "",
        "## Results",
        "",
        "Precision (P), recall (R) and F1 of *sponsored* and of *needs fixing* (sponsored and "
        "not clearly disclosed).",
        "",
        *_summary(scores),
        "",
        "On the held-out report half, the rules reach an F1 of "
        f"{report[('rules', 'sponsored')].f1:.2f} for *sponsored* and "
        f"{report[('rules', 'needs_fixing')].f1:.2f} for *needs fixing*, against "
        f"{report[('keyword list', 'sponsored')].f1:.2f} and "
        f"{report[('keyword list', 'needs_fixing')].f1:.2f} for the keyword list; with the "
        "language guessed from the caption instead of given: "
        f"{report[('rules, language detected', 'sponsored')].f1:.2f} and "
        f"{report[('rules, language detected', 'needs_fixing')].f1:.2f}.",
        "",
        "## Reading",
        "",
        "- The held-out half scores like the development half, so the rules were not fitted "
        "to particular development captions. It does **not** show that they reach these "
        "figures on real captions: both halves were written by the person who wrote the "
        "rules, with the same inventory of cues in mind, and labelled without a second "
        "annotator. Read the figures as an upper bound; captions collected from platforms "
        "and labelled by others are the next measurement.",
        "- The rules have no fitted parameter: their thresholds come from the guidance (125 "
        "characters, what Instagram shows before *more*) or the labelling guide (a wall of "
        "four hashtags), and are settings.",
        "- The keyword list scores below the F1 of about 0.85 and 0.70 that the issue quotes "
        "for such a set. Most of its errors here are what the set was built to contain: hard "
        "negatives (`#adventure` holds `#ad`, *code* in programming, *gifted* as talent), "
        "disclosures written as bare labels (`Anzeige |`, `Publicidade |`) or in phrases "
        "it does not list, and a clear term counted as clear wherever it stands and in "
        "whatever language. The longer list finds more sponsored posts and loses precision.",
        "- Known limits (the first is the rules' only kind of error on the set; the others "
        "were found with invented captions while building): a caption that *talks* about a "
        'disclosure hashtag ("just put #ad up front", '
        "`#reclame` on a TV advert, `#publi` in a poll) reads as disclosed; `#partner` for a "
        'spouse, and "thanks @mum for the new jumper", read as sponsored; a business that '
        'speaks as *we* without naming its shop ("Onze bakkerij … code FEEST") reads as '
        'sponsored; an invitation or a discount with no code, link or gift word ("Gracias '
        '@zara por invitarme al evento") is missed; a caption of a few words has no '
        "guessable language, and then the disclosure's language is not checked.",
        "",
        "### Per language, report half",
        "",
        *_per_language(scores, "report"),
        "",
        "### Per language, development half",
        "",
        *_per_language(scores, "development"),
        "",
        "### The disclosure label (confusion tables)",
        "",
    ]
    for half in HALVES:
        for method in ("rules", "keyword list", "longer keyword list"):
            lines += [
                f"{method}, {half} half:",
                "",
                *_confusion(rows, predictions[method], half),
                "",
            ]
    lines += [
        "### Language guessed from the caption",
        "",
        "When the file has no `language` column, the caption's language is guessed from its "
        "function words (`nichescout.audit.language`); when the words do not tell (a short "
        "caption, mostly hashtags), it is unknown and the disclosure's language is not "
        "checked.",
        "",
        *[f"- {_language_accuracy(rows, half)}." for half in HALVES],
        "",
        "## Where the rules err",
        "",
        "Report half:",
        "",
        *_errors(rows, "report"),
        "",
        "Development half:",
        "",
        *_errors(rows, "development"),
        "",
        *_real_section(real, shared),
    ]
    return "\n".join(lines)


# -- real texts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RealResult:
    """The detector on one row of the real set: the truth, its answers and reason."""

    row: dict[str, str]
    sponsored: bool
    disclosure: str
    reason: str
    raised: bool = False

    @property
    def right(self) -> bool:
        """Both answers as the truth (never when the rules raised)."""
        truth = (self.row["sponsored"] == "true", self.row["disclosure"])
        return not self.raised and truth == (self.sponsored, self.disclosure)


def evaluate_real(rows: Sequence[dict[str, str]], shared: str | Path) -> list[RealResult]:
    """:func:`assess` on each real text (read from ``shared`` by id) with the row's language.
    A text on which it raises is recorded as an error with the exception as its reason (it
    should not: that is a bug, as the Markdown link was)."""
    out = []
    for row in rows:
        text = shared_text(Path(shared), row["source"], row["record_id"])
        try:
            found = assess(text, row["language"])
        except Exception as error:  # noqa: BLE001 - the page reports it instead of stopping
            reason = f"raised {type(error).__name__}: {error}"
            out.append(RealResult(row, False, "none", reason, raised=True))
            continue
        out.append(RealResult(row, found.sponsored, found.disclosure, found.reason))
    return out


_CUES = re.compile(r"^sponsored \((.*?)\)(?:;|$)")


def _cue_kind(cue: str) -> str:
    """The kind of one cue of a reason: ``promo code ECDH`` → promo code, ``x.com link with
    utm_source`` → link, ``disclosure 'Ad'`` → disclosure term, ``partnership '…'`` →
    partnership."""
    if cue.startswith("promo code"):
        return "promo code"
    if " link" in cue or cue.startswith("link"):
        return "link"
    word = cue.split(" ", 1)[0].strip("'")
    return {"disclosure": "disclosure term"}.get(word, word)


def _false_alarm_cues(results: Sequence[RealResult]) -> str:
    """The false alarms, told by the kind of cue they rest on."""
    alarms = [r for r in results if r.sponsored and r.row["sponsored"] != "true"]
    if not alarms:
        return "it calls none of them sponsored."
    kinds: dict[str, int] = {}
    for r in alarms:
        match = _CUES.match(r.reason)
        for kind in sorted({_cue_kind(c) for c in (match.group(1).split("; ") if match else [])}):
            kinds[kind] = kinds.get(kind, 0) + 1
    told = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda i: (-i[1], i[0])))
    return (
        f"its {len(alarms)} false alarms (listed below) rest on these kinds of cue (texts "
        f"per kind: {told}), each a word or a link that means something else in that text."
    )


def _answer(sponsored: bool, disclosure: str) -> str:
    return f"{'sponsored' if sponsored else 'not sponsored'}, {disclosure}"


def _said(result: RealResult) -> str:
    return "raised" if result.raised else _answer(result.sponsored, result.disclosure)


def _real_section(real: str | Path, shared: str | Path | None) -> list[str]:
    lines = ["## On real texts", ""]
    if not shared_available(shared):
        return [*lines, SKIPPED, ""]
    assert shared is not None
    rows = load_real(real)
    results = evaluate_real(rows, shared)
    kinds = ("sponsored", "self-promotion", "hard negative")
    truth = [r.row["sponsored"] == "true" for r in results]
    said = [r.sponsored for r in results]
    tp = sum(t and p for t, p in zip(truth, said, strict=True))
    fix_truth = [r.row["sponsored"] == "true" and r.row["disclosure"] != "clear" for r in results]
    fix_said = [r.sponsored and r.disclosure != "clear" for r in results]
    fix_tp = sum(t and p for t, p in zip(fix_truth, fix_said, strict=True))
    right = sum(r.right for r in results)
    raised = [r for r in results if r.raised]
    positives, negatives = sum(truth), len(truth) - sum(truth)
    false_alarms = sum(p and not t for t, p in zip(truth, said, strict=True))
    count = {k: sum(r.row["kind"] == k for r in results) for k in kinds}
    lines += [
        f"The same rules on {len(rows)} real public texts, judged by hand "
        f"(`{DEFAULT_REAL.as_posix()}`; how they were chosen and the guide they were judged "
        "by are in `tests/audit/data/README.md`). The set holds ids only; the texts are read "
        f"from the shared exports: {sources(rows)}. None is an Instagram, TikTok or YouTube "
        "caption (the shared data has none): they are comments, posts, chat messages, "
        "reviews and profile bios of crypto, data-science and radio communities. "
        f"{count['sponsored']} are sponsored, {count['self-promotion']} are the writers' "
        f"promotion of their own product, project or newsletter (not sponsored), "
        f"{count['hard negative']} are hard negatives (each cue in another sense: a Bitcoin "
        "transaction *sponsor*, *ad hominem*, a radio *advert*, program *code*, a *partner* "
        "as a spouse, links with `utm_` that earn the writer nothing). The truth was written "
        "before the detector was run on them and was not changed after.",
        "",
        f"- **Sponsored**: the rules found **{tp} of the {positives} sponsored texts** "
        f"(recall {ratio(tp, positives)}) and called {false_alarms} of the {negatives} others "
        f"sponsored (precision {ratio(tp, tp + false_alarms)}).",
        f"- **Needs fixing** (sponsored and not clearly disclosed; {sum(fix_truth)} texts): "
        f"recall {ratio(fix_tp, sum(fix_truth))}, precision {ratio(fix_tp, sum(fix_said))}.",
        f"- **Both answers right** (sponsored and the disclosure label): {right} of "
        f"{len(rows)}. The rules raised on {len(raised)} text"
        f"{'s' if len(raised) != 1 else ''}.",
        "",
        "| kind | texts | called sponsored | both answers right |",
        "|---|---|---|---|",
    ]
    for kind in kinds:
        part = [r for r in results if r.row["kind"] == kind]
        lines.append(
            f"| {kind} | {len(part)} | {sum(r.sponsored for r in part)} "
            f"| {sum(r.right for r in part)} |"
        )
    lines += [
        "",
        "**Reading.** Real sponsored posts are rare in these community exports: "
        f"{positives} were found in the about 65,000 records searched (the README says how), "
        "and most are borderline — employees endorsing their employer's product (*I work "
        'there*), a newsletter\'s "New Sponsor:" label, a referral link in a bio, a pitch its '
        "writer calls advertising, a prize *collab* between projects. Each says its tie in a "
        "sentence or a label that none of the caption cues (a disclosure hashtag, a promo "
        "code, an affiliate link, a gift thanked for) matches, and the rules were built for "
        "captions. So these figures describe a different kind of text than Instagram "
        "captions: they do not measure the rules on captions, and the recall above says "
        "only that the rules do not find ties written as prose. What they do show is how "
        "the rules behave on real text that is not sponsored: "
        f"{_false_alarm_cues(results)} Nothing in the rules was changed to fit this set; it "
        "is a test set.",
        "",
        "The sponsored texts (the truth's *why* quotes a few words):",
        "",
        "| text | truth | rules | why (truth) |",
        "|---|---|---|---|",
    ]
    for r in results:
        if r.row["kind"] == "sponsored":
            lines.append(
                f"| {label_id(r.row)} | {_answer(True, r.row['disclosure'])} "
                f"| {_said(r)} | {cell(r.row['why'])} |"
            )
    lines += [
        "",
        "Where the rules err on real texts, with their reason:",
        "",
        "| text | kind | truth | rules | the rules' reason |",
        "|---|---|---|---|---|",
    ]
    errors = [r for r in results if not r.right]
    for r in errors:
        truth_answer = _answer(r.row["sponsored"] == "true", r.row["disclosure"])
        lines.append(
            f"| {label_id(r.row)} | {r.row['kind']} | {truth_answer} "
            f"| {_said(r)} | {cell(r.reason)} |"
        )
    if not errors:
        lines = [*lines[:-2], "No error."]
    return [*lines, ""]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m nichescout.audit.evaluate_disclosure",
        description="Measure audit disclosure against the keyword list; write the page.",
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="The labelled CSV.")
    parser.add_argument("--out", default=str(DEFAULT_DOC), help="The page; '-' prints it.")
    parser.add_argument(
        "--shared",
        type=Path,
        default=DEFAULT_SHARED,
        help="The shared exports the real set's texts are read from (default: %(default)s); "
        "when absent, the section 'On real texts' is skipped.",
    )
    parser.add_argument("--real", type=Path, default=DEFAULT_REAL, help="The real set's CSV.")
    args = parser.parse_args(argv)
    shared = shared_or_skip(args.shared)
    text = render_markdown(load_labelled(args.data), data=args.data, shared=shared, real=args.real)
    write_page(text, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
