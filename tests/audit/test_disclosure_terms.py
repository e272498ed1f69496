"""Finding disclosure terms by the forms they take, and what hides them from a viewer."""

from __future__ import annotations

import pytest

from nichescout.audit.lexicon import CLEAR_TAGS, LANGUAGES, fold
from nichescout.audit.terms import find_terms, visibility_problems


def kinds(caption: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in find_terms(caption)]


@pytest.mark.parametrize(
    "caption,expected",
    [
        ("#ad | new serum", [("clear", "#ad")]),
        ("AD: my holy grail SPF", [("clear", "AD")]),
        ("[ad] comfiest sandals", [("clear", "ad")]),
        ("*Werbung* Mein neuer Lippenstift", [("clear", "Werbung")]),
        ("Anzeige – Trinkflasche von @aqua", [("clear", "Anzeige")]),
        ("… das Buch von @verlag. Anzeige", [("clear", "Anzeige")]),
        ("Publicité | J'ai testé", [("clear", "Publicité")]),
        ("#publicite sans accent", [("clear", "#publicite")]),
        ("Paid partnership with @fuel", [("clear", "Paid partnership")]),
        ("Unbezahlte Werbung | Stoffe", [("clear", "Unbezahlte Werbung")]),
        ("Collaboration commerciale avec @velo", [("clear", "Collaboration commerciale")]),
        ("Receta patrocinada por @aceites", [("clear", "patrocinada por")]),
        ("Gifted by @wool", [("gift", "Gifted by")]),
        ("PR package from @craftbox", [("gift", "PR package")]),
        ("#recebidos da @nutrilife", [("gift", "#recebidos")]),
        ("In collaboration with @visitslovenia", [("vague", "In collaboration with")]),
        ("#sp #gymwear", [("vague", "#sp")]),
        ("Loving my #NikePartner life", [("vague", "#NikePartner")]),
        # not terms
        ("#adventure #adidas #adventskalender #admin", []),
        ("Why does every ad I see feel like it's for a mattress?", []),
        ("Ehrlich gesagt nervt mich die ständige Werbung auf YouTube", []),
        ("Cette publicité de Noël m'a fait pleurer", []),
        ("Ad astra per aspera", []),
        ("Soirée quiz au pub avec les copains #pubquiz", []),
        ("Not sponsored, I just love them", []),
        ("This video is not sponsored by anyone", []),
        ("The marathon was sponsored by Adidas", []),
        ("Presente da minha mãe", []),
        ("My brother gifted me this watch", []),
        ("seriously gifted students at the code club", []),
    ],
)
def test_find_terms(caption: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(caption) == expected


def test_sponsored_by_is_about_the_post() -> None:
    assert kinds("Today's video is sponsored by Squarespace") == [("clear", "sponsored by")]
    assert kinds("This week's workout is sponsored by @bands") == [("clear", "sponsored by")]


def test_every_language_has_its_own_hashtag() -> None:
    for language in LANGUAGES:
        assert any(language in languages for languages in CLEAR_TAGS.values()), language
    assert CLEAR_TAGS[fold("publicité")] == {"fr"}
    assert CLEAR_TAGS["patrocinado"] == {"es", "pt"}


def test_visible_at_the_start_in_its_language() -> None:
    caption = "#werbung Neue Laufschuhe von @runstar"
    assert visibility_problems(find_terms(caption)[0], caption, "de") == []
    assert visibility_problems(find_terms(caption)[0], caption, None) == []  # unknown: no check
    assert visibility_problems(find_terms(caption)[0], caption, "ja") == []  # no term list


def test_beyond_the_visible_characters() -> None:
    caption = "x" * 130 + " #ad"
    (problem,) = visibility_problems(find_terms(caption)[0], caption, "en")
    assert (
        problem
        == "'#ad' starts at character 132 of 134, after the first 125 a viewer sees before 'more'"
    )
    settings = {"disclosure_visible_chars": 200}
    assert visibility_problems(find_terms(caption)[0], caption, "en", settings) == []


def test_behind_a_wall_of_hashtags() -> None:
    caption = "Eerste rondje 🔥\n.\n.\n#wielrennen #fietsen #cycling #roadbike #reclame"
    (problem,) = visibility_problems(find_terms(caption)[0], caption, "nl")
    assert problem == "'#reclame' comes after a wall of 4 hashtags"
    settings = {"disclosure_hashtag_wall": 5}
    assert visibility_problems(find_terms(caption)[0], caption, "nl", settings) == []


def test_in_another_language() -> None:
    caption = "#ad Unser neuer Kinderwagen ist da"
    (problem,) = visibility_problems(find_terms(caption)[0], caption, "de")
    assert problem == "'#ad' is English, the caption German"
    caption = "#patrocinado Mallas nuevas"
    assert visibility_problems(find_terms(caption)[0], caption, "pt") == []  # es and pt
