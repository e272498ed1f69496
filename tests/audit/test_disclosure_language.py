"""The stop-word language guesser: each of the seven languages, and when it abstains."""

from __future__ import annotations

import pytest

from nichescout.audit.language import detect_language, language_votes, normalise_language


@pytest.mark.parametrize(
    "caption,language",
    [
        ("I've been using this serum for six weeks and my skin is so much calmer", "en"),
        ("Nach 100 km mein Fazit: super Dämpfung, aber etwas schmal geschnitten", "de"),
        ("Ma routine du soir avec la nouvelle crème, je l'adore vraiment", "fr"),
        ("Mi batido favorito, sin azúcares añadidos y con mucha proteína", "es"),
        ("Il nuovo siero è perfetto per la pelle secca, lo uso ogni sera", "it"),
        ("Mijn nieuwe foundation blijft de hele dag zitten en is echt niet te zien", "nl"),
        ("Não fica transparente no agachamento, aprovadíssima pra treinar", "pt"),
        ("Bacalhau com um fio deste azeite, não há melhor, receita no blog", "pt"),
    ],
)
def test_detects_each_language(caption: str, language: str) -> None:
    assert detect_language(caption) == language


def test_hashtags_handles_and_links_do_not_vote() -> None:
    assert detect_language("#the #and #is @the https://the.and/is") is None
    assert sum(language_votes("#de #het #een").values()) == 0


def test_abstains_when_words_do_not_tell() -> None:
    assert detect_language("Cima raggiunta! ⛰️ #montagna") is None  # too few function words
    assert detect_language("de la") is None  # a tie between languages
    assert detect_language("the cat", {"disclosure_language_min_votes": 1.0}) == "en"


@pytest.mark.parametrize(
    "value,code",
    [
        ("de", "de"),
        ("pt-BR", "pt"),
        ("EN_us", "en"),
        ("German", "de"),
        ("Français", "fr"),
        ("", None),
        (None, None),
        (float("nan"), None),
        ("ja", "ja"),
    ],
)
def test_normalise_language(value: object, code: str | None) -> None:
    assert normalise_language(value) == code
