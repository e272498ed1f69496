"""Comment sentiment: VADER for English, a multilingual model as an optional extra.

**Method ``"vader"``** (the default, in the core install). VADER (Hutto and Gilbert 2014) is a
lexicon and rules tuned on social-media text: it reads emoji, capitals, ``!!!``, negation and
*but*. Its **compound** score lies in [-1, 1]; a comment is

- ``positive`` when compound ≥ ``comment_positive_min`` (0.05),
- ``negative`` when compound ≤ ``comment_negative_max`` (-0.05),
- ``neutral`` in between — the cut-offs VADER's authors recommend (named settings).

Two adjustments, measured in docs/evaluation-comments.md against VADER as shipped: the
emoji variation selector (U+FE0F, in ``❤️``) is dropped before scoring — VADER glues it to
the emoji's name (*heart\ufe0f*), which its lexicon then misses — and four praise emoji that
VADER reads by names its lexicon scores 0 or negative (🔥 *fire*, 👏 *clapping hands*, 🙌
*raising hands*, 💯 *hundred points*) are read as praise words (:data:`EMOJI_MEANINGS`).

VADER knows English only. A comment in another language is **not scored** rather than
scored wrongly (VADER gives most foreign words 0, so they would count as neutral): its
language is guessed with the stop-word profiles of :mod:`nichescout.audit.language` (seven
languages) plus a few words common in comments (:data:`COMMENT_WORDS`: *danke*, *merci*…),
and taken when it has at least ``comment_language_min_votes`` votes and more than any other
language. Comments mostly in a non-Latin script are not English either (their language is
given as ``und-`` and the ISO 15924 script, ``und-Cyrl``); nor is a comment of at least
``comment_unknown_min_words`` words with a letter English does not use (*ł*, *ş*, *é*),
none of them an English function word or in VADER's lexicon (``und``). A comment whose language cannot be told (emoji, *nice pic*) is scored as
English.

**Method ``"multilingual"``** (``pip install 'nichescout[multilingual]'``): a
transformer fine-tuned on tweets in eight languages (setting
``comment_multilingual_model``; by default cardiffnlp/twitter-xlm-roberta-base-sentiment,
Barbieri et al. 2022) labels every comment, in any language, with the most probable of
negative, neutral and positive; its compound is P(positive) − P(negative). It is imported
only when asked for. transformers downloads the model into the Hugging Face cache on first
use; after that it runs offline (or point the setting at a folder holding the model).

>>> [s.label for s in score_comments(["Love this, thank you!", "Worst recipe ever", "Size?"])]
['positive', 'negative', 'neutral']
>>> score_comments(["Das probiere ich am Wochenende aus."])[0].note
'not scored (language de: install nichescout[multilingual])'
>>> sentiment_label(0.05), sentiment_label(-0.049), sentiment_label(-0.05)
('positive', 'neutral', 'negative')

References
----------
Hutto, C. J. and Gilbert, E. (2014). VADER: A Parsimonious Rule-based Model for Sentiment
Analysis of Social Media Text. ICWSM.
Barbieri, F., Espinosa Anke, L. and Camacho-Collados, J. (2022). XLM-T: Multilingual Language
Models in Twitter for Sentiment Analysis and Beyond. LREC.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from nichescout import settings as _settings
from nichescout.audit.language import PROFILES, language_votes
from nichescout.comments.text import words
from nichescout.exceptions import ModelError, ParameterError

__all__ = [
    "COMMENT_WORDS",
    "EMOJI_MEANINGS",
    "LABELS",
    "METHODS",
    "MULTILINGUAL_HINT",
    "Sentiment",
    "comment_language",
    "score_comments",
    "sentiment_label",
    "vader_version",
]

#: The ways of scoring a comment.
METHODS = ("vader", "multilingual")
#: The sentiment labels.
LABELS = ("positive", "neutral", "negative")

#: How to get the multilingual method (one line, in every message that needs it).
MULTILINGUAL_HINT = (
    "pip install 'nichescout[multilingual]' --extra-index-url "
    "https://download.pytorch.org/whl/cpu (transformers and the CPU build of torch)"
)

#: Praise emoji that VADER reads by a name scored 0 or negative: emoji → the word read
#: instead (a word of VADER's lexicon).
EMOJI_MEANINGS: dict[str, str] = {"🔥": "nice", "👏": "applause", "🙌": "yay", "💯": "perfect"}
#: Characters dropped before VADER reads a comment: emoji variation selectors.
_DROP = str.maketrans("", "", "\ufe0e\ufe0f")

#: Words frequent in comments but missing from the caption profiles of
#: :mod:`nichescout.audit.language` (thanks and praise), one vote each.
COMMENT_WORDS: dict[str, str] = {
    "danke": "de", "toll": "de", "hilfreich": "de", "schön": "de", "wunderschön": "de",
    "merci": "fr", "beaucoup": "fr", "magnifique": "fr", "trop": "fr",
    "gracias": "es", "precioso": "es", "qué": "es", "dónde": "es",
    "grazie": "it", "bellissimo": "it", "bellissima": "it", "dove": "it", "mille": "it",
    "bedankt": "nl", "dank": "nl", "mooi": "nl", "prachtig": "nl", "waar": "nl",
    "obrigado": "pt", "obrigada": "pt", "lindo": "pt", "linda": "pt", "onde": "pt",
    "muito": "pt",
}  # fmt: skip

#: Unicode script (first word of a letter's name) → ISO 15924 code.
_SCRIPTS = {
    "CYRILLIC": "Cyrl", "GREEK": "Grek", "ARABIC": "Arab", "HEBREW": "Hebr",
    "DEVANAGARI": "Deva", "BENGALI": "Beng", "TAMIL": "Taml", "THAI": "Thai",
    "CJK": "Hani", "HIRAGANA": "Jpan", "KATAKANA": "Jpan", "HANGUL": "Hang",
    "GEORGIAN": "Geor", "ARMENIAN": "Armn",
}  # fmt: skip


@dataclass(frozen=True)
class Sentiment:
    """The sentiment of one comment.

    ``compound`` in [-1, 1] and ``label`` (``positive``, ``neutral``, ``negative``) are
    ``None`` when the comment was not scored; ``note`` then says why. ``language`` is the
    guessed language (ISO 639-1, ``und-Xxxx`` for a script, ``und`` unknown) or ``None``
    when the words do not tell.
    """

    compound: float | None
    label: str | None
    language: str | None
    note: str | None = None

    @property
    def scored(self) -> bool:
        return self.label is not None


def sentiment_label(compound: float, settings: Mapping[str, Any] | None = None) -> str:
    """``positive``, ``neutral`` or ``negative`` for a compound score (module docstring)."""
    if compound >= float(_settings.get("comment_positive_min", settings)):
        return "positive"
    if compound <= float(_settings.get("comment_negative_max", settings)):
        return "negative"
    return "neutral"


def _script(text: str) -> str | None:
    """The ISO 15924 code of the script most letters are written in, when not Latin."""
    scripts: Counter[str] = Counter()
    for ch in text:
        if ch.isalpha():
            scripts[unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]] += 1
    if not scripts:
        return None
    top, _ = scripts.most_common(1)[0]
    return None if top == "LATIN" else _SCRIPTS.get(top, "Zyyy")


def comment_language(text: str | None, settings: Mapping[str, Any] | None = None) -> str | None:
    """The comment's language as VADER's gate sees it (module docstring).

    >>> [comment_language(t) for t in ("nice pic 🔥", "Grazie mille!", "Классное видео")]
    [None, 'it', 'und-Cyrl']
    >>> comment_language("Bardzo ładne zdjęcie, pozdrawiam")
    'und'
    """
    if not text:
        return None
    script = _script(text)
    if script is not None:
        return f"und-{script}"
    votes = language_votes(text)
    found = words(text)
    for word in found:
        if word in COMMENT_WORDS:
            votes[COMMENT_WORDS[word]] += 1.0
    ranked = sorted(votes.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= float(_settings.get("comment_language_min_votes", settings)) and top > second:
        return best
    if len(found) >= int(_settings.get("comment_unknown_min_words", settings)):
        english = PROFILES["en"]
        lexicon = _vader().lexicon
        if any(not ch.isascii() for w in found for ch in w) and not any(
            w in english or w in lexicon for w in found
        ):
            return "und"
    return None


def not_scored_note(language: str) -> str:
    """Why a comment in ``language`` is not scored by VADER.

    >>> not_scored_note("de")
    'not scored (language de: install nichescout[multilingual])'
    """
    return f"not scored (language {language}: install nichescout[multilingual])"


@lru_cache(maxsize=1)
def _vader() -> Any:
    """VADER's analyser (its lexicon is read from the package once), with the emoji
    adjustments."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    analyzer.emojis.update(EMOJI_MEANINGS)
    return analyzer


def vader_version() -> str:
    """The installed vaderSentiment's version (for provenance)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vaderSentiment")
    except PackageNotFoundError:  # pragma: no cover - a dependency of the package
        return "unknown"


def _score_vader(
    texts: Sequence[str | None], settings: Mapping[str, Any] | None
) -> list[Sentiment]:
    analyzer = _vader()
    out = []
    for text in texts:
        language = comment_language(text, settings)
        if language is not None and language != "en":
            out.append(Sentiment(None, None, language, not_scored_note(language)))
            continue
        compound = float(analyzer.polarity_scores((text or "").translate(_DROP))["compound"])
        out.append(Sentiment(compound, sentiment_label(compound, settings), language))
    return out


#: Loads a text-classification pipeline for a model name; replaced in tests.
PipelineLoader = Callable[[str], Callable[..., Any]]


def _load_pipeline(model: str) -> Callable[..., Any]:
    try:
        from transformers import pipeline
    except ImportError as err:
        raise ModelError(
            f"method='multilingual' needs the extra nichescout[multilingual]: {MULTILINGUAL_HINT}."
        ) from err
    try:
        return pipeline("text-classification", model=model, tokenizer=model, device=-1)
    except OSError as err:
        raise ModelError(
            f"Cannot load the sentiment model {model!r}: {err}. Download it once where the "
            "network can be reached (it is kept in the Hugging Face cache), or set "
            "comment_multilingual_model to a folder holding it."
        ) from err


_LABEL_INDEX = {"label_0": "negative", "label_1": "neutral", "label_2": "positive"}


def _score_multilingual(
    texts: Sequence[str | None],
    settings: Mapping[str, Any] | None,
    loader: PipelineLoader | None,
) -> list[Sentiment]:
    model = str(_settings.get("comment_multilingual_model", settings))
    classify = (loader or _load_pipeline)(model)
    batch = int(_settings.get("comment_multilingual_batch", settings))
    out: list[Sentiment] = []
    for start in range(0, len(texts), batch):
        chunk = [t or "" for t in texts[start : start + batch]]
        results = classify(chunk, top_k=None, truncation=True)
        for text, scores in zip(chunk, results, strict=True):
            probability = {
                _LABEL_INDEX.get(s["label"].lower(), s["label"].lower()): float(s["score"])
                for s in scores
            }
            label = max(probability, key=probability.__getitem__)
            compound = probability.get("positive", 0.0) - probability.get("negative", 0.0)
            out.append(Sentiment(compound, label, comment_language(text, settings)))
    return out


def score_comments(
    texts: Sequence[str | None],
    *,
    method: str = "vader",
    settings: Mapping[str, Any] | None = None,
    loader: PipelineLoader | None = None,
) -> list[Sentiment]:
    """The :class:`Sentiment` of each comment, in order (module docstring).

    ``method`` is ``"vader"`` or ``"multilingual"``; ``settings`` overrides the named
    settings; ``loader`` (tests) replaces the loading of the multilingual pipeline.
    """
    if method not in METHODS:
        raise ParameterError.invalid("method", "score_comments", " or ".join(METHODS), method)
    if method == "vader":
        return _score_vader(texts, settings)
    return _score_multilingual(texts, settings, loader)
