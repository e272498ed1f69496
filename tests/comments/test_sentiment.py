"""Comment sentiment: VADER with the documented adjustments, the language gate, the extra."""

from __future__ import annotations

import builtins
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nichescout.comments import sentiment
from nichescout.comments.sentiment import (
    MULTILINGUAL_HINT,
    comment_language,
    score_comments,
    sentiment_label,
)
from nichescout.exceptions import ModelError, ParameterError
from tests.comments import oracles
from tests.comments.oracles import Tok


@settings(max_examples=200, deadline=None)
@given(st.lists(oracles.tokens(), max_size=5))
def test_vader_matches_oracle(comments: list[tuple[Tok, ...]]) -> None:
    texts = [oracles.render(t) for t in comments]
    got = score_comments(texts)
    for text, s in zip(texts, got, strict=True):
        assert s.scored, text
        assert s.compound == pytest.approx(oracles.compound(text), abs=1e-12)
        assert s.label == oracles.label(oracles.compound(text))


@given(
    st.floats(-1, 1, allow_nan=False),
    st.floats(-0.5, 0, allow_nan=False),
    st.floats(0, 0.5, allow_nan=False),
)
def test_cut_offs_match_oracle(value: float, low: float, high: float) -> None:
    overrides = {"comment_negative_max": low, "comment_positive_min": high}
    assert sentiment_label(value, overrides) == oracles.label(value, low, high)


def test_cut_offs_at_the_boundaries() -> None:
    assert [sentiment_label(v) for v in (0.05, 0.0499, 0.0, -0.0499, -0.05)] == [
        "positive", "neutral", "neutral", "neutral", "negative",
    ]  # fmt: skip


def test_adjustments_read_praise_emoji_as_praise() -> None:
    """VADER as shipped reads 🔥 as 'fire' (negative) and misses ❤️ (variation selector)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    shipped = SentimentIntensityAnalyzer()
    assert shipped.polarity_scores("🔥🔥")["compound"] < 0
    assert shipped.polarity_scores("❤️")["compound"] == 0
    got = score_comments(["🔥🔥", "❤️", "👏👏", "🙌", "💯"])
    assert [s.label for s in got] == ["positive"] * 5


# Real-looking comments, each with the language a reader would name ('en' or None: scored).
LANGUAGES = [
    ("Love how real you keep it.", "en"),
    ("Where did you get that? Need it.", "en"),
    ("nice pic 🔥", None),
    ("😍😍", None),
    ("Size?", None),
    ("Super hilfreich, danke dir!", "de"),
    ("Das probiere ich am Wochenende aus.", "de"),
    ("Trop utile, merci beaucoup !", "fr"),
    ("Tu peux en faire une version plus longue ?", "fr"),
    ("¿Dónde lo compraste?", "es"),
    ("¡Qué útil, gracias!", "es"),
    ("Utilissimo, grazie mille!", "it"),
    ("Puoi fare un video più lungo?", "it"),
    ("Waar heb je dat gekocht?", "nl"),
    ("Superhandig, dank je!", "nl"),
    ("Muito útil, obrigada!", "pt"),
    ("Onde compraste isso?", "pt"),
    ("Классное видео, спасибо!", "und-Cyrl"),
    ("ما شاء الله جميل جدا", "und-Arab"),
    ("すごく参考になりました", "und-Jpan"),
    ("Bardzo ładne zdjęcie, pozdrawiam", "und"),
    ("Çok güzel olmuş, ellerine sağlık", "und"),
]


@pytest.mark.parametrize(("text", "language"), LANGUAGES)
def test_language_gate(text: str, language: str | None) -> None:
    assert comment_language(text) == language
    (s,) = score_comments([text])
    if language in (None, "en"):
        assert s.scored and s.note is None
    else:
        assert not s.scored and s.compound is None
        assert s.note == f"not scored (language {language}: install nichescout[multilingual])"


def test_english_with_rare_words_is_still_scored() -> None:
    """Plain-ASCII English of content words only is not mistaken for an unknown language."""
    (s,) = score_comments(["Finally someone explains index funds without jargon"])
    assert s.scored


def test_unknown_method_is_a_parameter_error() -> None:
    with pytest.raises(ParameterError, match="The 'method' parameter of score_comments must"):
        score_comments(["hi"], method="bert")


def test_multilingual_without_the_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without transformers installed, one line says which extra to install, and how."""
    real_import = builtins.__import__

    def no_transformers(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "transformers" or name.startswith("transformers."):
            raise ImportError("No module named 'transformers'")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "transformers", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_transformers)
    with pytest.raises(ModelError) as err:
        score_comments(["Grazie mille!"], method="multilingual")
    message = str(err.value)
    assert "\n" not in message
    assert message == (
        f"method='multilingual' needs the extra nichescout[multilingual]: {MULTILINGUAL_HINT}."
    )
    assert "pip install 'nichescout[multilingual]'" in message
    assert "download.pytorch.org/whl/cpu" in message
    assert isinstance(err.value.__cause__, ImportError)


def test_multilingual_maps_the_model_labels() -> None:
    """The model's three probabilities give the label (most probable) and the compound
    P(positive) - P(negative); both label spellings of the model's versions are read."""
    seen: dict[str, Any] = {}

    def fake_loader(model: str) -> Any:
        seen["model"] = model

        def classify(texts: list[str], **kwargs: Any) -> list[list[dict[str, Any]]]:
            seen.setdefault("batches", []).append(len(texts))
            out = []
            for text in texts:
                if "grazie" in text.lower():
                    out.append([{"label": "positive", "score": 0.7},
                                {"label": "neutral", "score": 0.2},
                                {"label": "negative", "score": 0.1}])  # fmt: skip
                else:
                    out.append([{"label": "LABEL_0", "score": 0.6},
                                {"label": "LABEL_1", "score": 0.3},
                                {"label": "LABEL_2", "score": 0.1}])  # fmt: skip
            return out

        return classify

    got = score_comments(
        ["Grazie mille!", "Что за ерунда", "meh"],
        method="multilingual",
        settings={"comment_multilingual_batch": 2},
        loader=fake_loader,
    )
    assert seen["model"] == "cardiffnlp/twitter-xlm-roberta-base-sentiment"
    assert seen["batches"] == [2, 1]
    assert [s.label for s in got] == ["positive", "negative", "negative"]
    assert got[0].compound == pytest.approx(0.6)
    assert got[1].compound == pytest.approx(-0.5)
    assert all(s.scored and s.note is None for s in got)
    assert got[1].language == "und-Cyrl"


def test_vader_is_read_from_the_package() -> None:
    """VADER's lexicon ships in the package: no network, no download."""
    analyzer = sentiment._vader()
    assert len(analyzer.lexicon) > 7000
    assert sentiment.vader_version().startswith("3.")
