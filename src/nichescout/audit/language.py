"""Which of seven languages a caption is written in, from its function words.

A disclosure must be in the language the caption's audience reads (``#ad`` on a German
caption is not clear). When the posts file has no ``language`` column, the caption's language
is guessed here with a **stop-word profile**: each language has a short list of its most
frequent function words (articles, pronouns, prepositions, auxiliaries) and of letters only it
uses among the seven (``ñ``, ``ß``, ``ã``…) and word endings typical of one of them
(``-ção``, ``-ción``, ``-zione``, ``-lijk``…). Each word of the caption (hashtags, @-names and
links left out) votes for the languages whose list holds it, split evenly among them; the
language with the most votes wins if it has at least ``disclosure_language_min_votes`` (a
setting) and more than any other, else the language is unknown (``None``) and the disclosure's
language is not checked.

This is deliberately small and dependency-free (no model to download): it tells the seven
languages apart on captions of a sentence or more (accuracy on the labelled set in
docs/evaluation-disclosure.md); it is not a general language identifier.

>>> detect_language("Mein neues Lieblingsrezept ist endlich online, und es ist so einfach!")
'de'
>>> detect_language("Ma routine du soir avec la nouvelle crème, je l'adore")
'fr'
>>> detect_language("🔥🔥 #ootd") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from nichescout import settings as _settings
from nichescout.audit.lexicon import LANGUAGE_NAMES

__all__ = ["PROFILES", "detect_language", "language_votes", "normalise_language"]

#: Function words per language (lower case, with accents as written): articles, pronouns,
#: prepositions, conjunctions, auxiliaries and frequent adverbs, after the common stop-word lists.
PROFILES: dict[str, frozenset[str]] = {
    language: frozenset(words.split())
    for language, words in {
        "en": "the and is are to of for with my this it you i i'm i've on just so but at be "
        "was have your that from all what we our they me up out get can't don't it's these "
        "been has had will would there their them when how about if or an its than then too "
        "very really much after before into over by who which were here now",
        "de": "der die das und ist mit ich nicht ein eine auf für den dem im mein meine meinem "
        "es sich auch noch wie zu von bei ihr wir hat sind euch einer kein dass nach aus "
        "habe gibt's endlich jetzt sehr oder aber wenn schon nur mal immer einen einem des "
        "war wird werden wurde hier ganz doch mir mich dir uns unser unsere diese dieser "
        "zum zur vom beim über ohne gegen um heute",
        "fr": "le la les et est des du un une pour avec je pas ce cette sur dans mon ma mes "
        "vous qui que au aux en j'ai c'est très tout plus sont leur notre nos ça on ai "
        "il elle ils mais ou où y être avoir fait comme ces votre vos aussi bien trop "
        "encore toute tous toutes même sous chez par sans ne n'est qu'il je l'ai d'un "
        "d'une mais déjà",
        "es": "el la los las y es de que en un una por para con mi mis del al lo se no muy más "
        "pero este esta estoy tenéis os su como ya hoy todo nuestra son está años sin "
        "también hay mucho muchas estas estos porque cuando aquí tiene tengo me te ni ha "
        "he eso esa sus fue era desde hasta sobre entre nada algo cómo qué",
        "it": "il lo la gli le e è di che un una per con non mi mio mia del della dei delle al "
        "alla sono ho ha questo questa nel nella più tutto ma anche come avete vi ci nostra "
        "ormai sto ancora molto perché quando dopo sempre tutti tutte dal dalla sul sulla "
        "c'è cosa fare ogni mai già poi qui ed uno degli agli nei negli loro",
        "nl": "de het een en is van ik je niet met op voor dat die mijn zijn maar ook nog wat "
        "naar bij hun deze heb heel echt er we jullie onze door al kan zonder wel geen "
        "om te dan nu hier waar was zo toch veel meer alle alles mij ze hij zij ons "
        "zijn hebben wordt uit tot na",
        "pt": "o a os as e é de do da dos das um uma para pra com não que em no na meu minha "
        "mais eu você vocês está esse essa isso já nos ao à pelo pela são muito tem têm "
        "ainda também sem mas ou quando porque aqui foi era seu sua seus suas nosso nossa "
        "num numa pelos pelas lá até sobre depois ele ela eles elas me faz",
    }.items()
}

#: Letters and endings that, among the seven, one language writes (each counts as a vote).
LETTERS: dict[str, str] = {"ñ": "es", "¿": "es", "¡": "es", "ß": "de", "ã": "pt", "õ": "pt"}
ENDINGS: dict[str, str] = {
    "ção": "pt", "ções": "pt", "ción": "es", "ciones": "es", "zione": "it", "zioni": "it",
    "ung": "de", "heit": "de", "keit": "de", "ijk": "nl", "lijk": "nl", "eaux": "fr",
    "ment": "fr",
}  # fmt: skip

_SKIP = re.compile(r"(?:https?://|www\.)\S+|[#@][\w.]+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def language_votes(caption: str) -> dict[str, float]:
    """Each language's votes: words of its profile (split among the languages sharing the
    word) plus letters only it uses.

    >>> votes = language_votes("Het is echt een mooie dag")
    >>> max(votes, key=votes.__getitem__)
    'nl'
    """
    text = _SKIP.sub(" ", caption)
    votes = dict.fromkeys(PROFILES, 0.0)
    for word in _WORD.findall(text.lower().replace("’", "'")):
        owners = [language for language, words in PROFILES.items() if word in words]
        for language in owners:
            votes[language] += 1.0 / len(owners)
    lowered = text.lower()
    for letter, language in LETTERS.items():
        votes[language] += lowered.count(letter)
    for word in _WORD.findall(lowered):
        for ending, language in ENDINGS.items():
            if len(word) > len(ending) + 2 and word.endswith(ending):
                votes[language] += 1.0
    return votes


def detect_language(caption: str, overrides: Mapping[str, Any] | None = None) -> str | None:
    """The caption's language (ISO 639-1), or ``None`` when the words do not tell."""
    votes = language_votes(caption)
    ranked = sorted(votes.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    minimum = float(_settings.get("disclosure_language_min_votes", overrides))
    return best if top >= minimum and top > second else None


_NAMES = {name.lower(): code for code, name in LANGUAGE_NAMES.items()} | {
    "deutsch": "de",
    "français": "fr",
    "francais": "fr",
    "español": "es",
    "espanol": "es",
    "italiano": "it",
    "nederlands": "nl",
    "português": "pt",
    "portugues": "pt",
}


def normalise_language(value: Any) -> str | None:
    """A language column's value as a lower-case ISO 639-1 code (``None`` when empty).

    Region tags and the languages' names are understood; any other value is kept in lower
    case (a language without a term list: its disclosures are not checked for language).

    >>> [normalise_language(v) for v in ("pt-BR", "EN_us", "German", "", None, "ja")]
    ['pt', 'en', 'de', None, None, 'ja']
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip().lower()
    if not text:
        return None
    if text in _NAMES:
        return _NAMES[text]
    return re.split(r"[-_]", text, maxsplit=1)[0]
