"""The words of sponsorship disclosure, per language: definitional tables, not tuned lists.

The disclosure detector (:mod:`nichescout.audit.cues`, :mod:`nichescout.audit.disclosure`)
decides by structure — where a term stands, what shape a promo code or a link has — and
looks words up only here. Terms are stored *folded* (lower case, accents removed, see
:func:`fold`), so ``#Publicité`` and ``#publicite`` are the same tag.

- :data:`CLEAR_TAGS`: the official labels of each language's advertising rules (US FTC and
  UK ASA/CMA: ``#ad``, ``#advert``, ``#sponsored``; Germany's Landesmedienanstalten:
  ``Werbung``, ``Anzeige``; France's ARPP and the 2023 influencer law: ``publicité``,
  ``collaboration commerciale``; Spain's Autocontrol code: ``publicidad``, ``publi``,
  ``patrocinado``; Italy's IAP Digital Chart: ``pubblicità``, ``adv``, ``sponsorizzato``; the
  Dutch Reclamecode Social Media: ``reclame``, ``advertentie``, ``gesponsord``; Brazil's CONAR
  and Portugal's DGC: ``publicidade``, ``publi``, ``patrocinado``), as a hashtag, or as a bare
  word where a label stands (first word of the caption, or alone in brackets);
- :data:`CLEAR_PHRASES`: the same labels as phrases ("paid partnership with", "bezahlte
  Partnerschaft", "partenariat rémunéré", ...), counted anywhere;
- :data:`GIFT_TAGS`, :data:`GIFT_PHRASES`: a statement that the product was a gift (clear
  for a gift, not for a paid post);
- :data:`VAGUE_TAGS`, :data:`VAGUE_PHRASES`: words the regulators name as not clear
  (``#sp``, ``#spon``, ``#collab``, ``#partner``, "in collaboration with").

>>> fold("#Publicité")
'#publicite'
>>> sorted(CLEAR_TAGS["publi"])
['es', 'pt']
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "CLEAR_PHRASES",
    "CLEAR_TAGS",
    "GIFT_PHRASES",
    "GIFT_TAGS",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "NEGATIONS",
    "VAGUE_PHRASES",
    "VAGUE_TAGS",
    "fold",
]

#: The languages whose disclosure terms are known (ISO 639-1) and their names.
LANGUAGE_NAMES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
    "pt": "Portuguese",
}
LANGUAGES = tuple(LANGUAGE_NAMES)


def fold(text: str) -> str:
    """Lower case without accents, one character for one: how terms are compared.

    The result has the length of ``text``, so a match's offsets are offsets in the caption
    (a character that would fold to several, such as ``ß``, is only lower-cased).

    >>> fold("Colaboración PAGADA")
    'colaboracion pagada'
    >>> len(fold("Straße")) == len("Straße")
    True
    """
    out = []
    for ch in text:
        decomposed = unicodedata.normalize("NFKD", ch.lower())
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        out.append(base if len(base) == 1 else ch.lower() if len(ch.lower()) == 1 else ch)
    return "".join(out)


def _by_language(table: dict[str, tuple[str, ...]]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for language, terms in table.items():
        for term in terms:
            out.setdefault(fold(term), set()).add(language)
    return {term: frozenset(languages) for term, languages in out.items()}


#: Clear labels, folded, each with the languages whose audience reads it as advertising.
CLEAR_TAGS = _by_language(
    {
        "en": ("ad", "ads", "advert", "advertisement", "advertising", "sponsored",
               "paidpartnership", "paidad"),
        "de": ("werbung", "anzeige", "unbezahltewerbung", "bezahltepartnerschaft"),
        "fr": ("publicité", "pub", "sponsorisé", "sponsorisée", "collaborationcommerciale",
               "partenariatrémunéré"),
        "es": ("publicidad", "publi", "patrocinado", "patrocinada", "colaboraciónpagada"),
        "it": ("pubblicità", "adv", "sponsorizzato", "sponsorizzata", "partnershipretribuita"),
        "nl": ("reclame", "advertentie", "gesponsord", "betaaldesamenwerking"),
        "pt": ("publicidade", "publi", "patrocinado", "patrocinada", "parceriapaga",
               "publipaga"),
    }
)  # fmt: skip

#: Clear phrases (regular expressions over folded text), by language.
CLEAR_PHRASES: dict[str, tuple[str, ...]] = {
    "en": (r"paid partnership", r"sponsored by", r"paid promotion"),
    "de": (r"bezahlte partnerschaft", r"unbezahlte werbung", r"werbung,? (da|wegen|aufgrund)\b",
           r"(enthalt|beinhaltet) (unbezahlte )?werbung"),
    "fr": (r"partenariat remunere", r"collaboration commerciale", r"sponsorise(e)? par"),
    "es": (r"colaboracion pagada", r"patrocinad[oa] por", r"publicidad pagada"),
    "it": (r"partnership retribuita", r"sponsorizzat[oaie] da", r"collaborazione retribuita"),
    "nl": (r"betaalde samenwerking", r"gesponsord door", r"betaald partnerschap"),
    "pt": (r"parceria paga", r"patrocinad[oa] (por|pel[oa])", r"publicidade paga"),
}  # fmt: skip

#: Tags that state a gift (folded), by language.
GIFT_TAGS = _by_language(
    {
        "en": ("gifted", "giftedby", "prpackage", "prsample", "pressample"),
        "de": ("geschenkt", "prsample"),
        "fr": ("offert", "cadeau"),
        "es": ("regalo", "regalado"),
        "it": ("regalo", "omaggio"),
        "nl": ("gekregen", "cadeau"),
        "pt": ("recebido", "recebidos"),
    }
)

#: Phrases that state a gift (regular expressions over folded text), by language.
GIFT_PHRASES: dict[str, tuple[str, ...]] = {
    "en": (r"gifted (by|from|to me)\b", r"^gifted\b", r"\bpr (package|sample|gift)s?\b",
           r"press sample", r"\bc/o @", r"courtesy of @", r"kindly sent"),
    "de": (r"\bgeschenkt\b", r"\bpr-?(samples?|pakete?)\b", r"zur verfugung gestellt"),
    "fr": (r"\bofferts? par\b", r"\bofferte?s? par\b", r"cadeau de\b", r"recu en cadeau"),
    "es": (r"\bregalo de\b", r"cortesia de\b", r"me (han )?(enviado|regalado)"),
    "it": (r"\bregalo (di|da)\b", r"ricevut[oaie] in regalo", r"fornit[oaie] da\b", r"in omaggio"),
    "nl": (r"\bgekregen van\b", r"^gekregen\b", r"opgestuurd"),
    "pt": (r"\brecebidos? d[ao]s?\b", r"\boferta d[ao]\b", r"cortesia d[ao]\b",
           r"cedid[oa] pel[oa]", r"presente d[ao]\b"),
}  # fmt: skip

#: Tags regulators name as vague: they hint at a deal without saying it (any language).
VAGUE_TAGS = frozenset(
    fold(t)
    for t in (
        "sp", "spon", "sponsor", "collab", "colab", "collaboration", "partner", "partnership",
        "ambassador", "brandambassador", "affiliate", "aff", "kooperation",
        "partenariat", "colaboración", "collaborazione", "samenwerking", "parceria",
    )
)  # fmt: skip

#: A brand-named vague tag: ``#NikePartner``, ``#SephoraAmbassador`` (folded suffixes).
VAGUE_TAG_SUFFIX = re.compile(
    r"\w{3,}(partner|ambassador|ambassadeur|ambassadrice|botschafter(in)?|embajador(a)?|"
    r"ambasciatric[ei]|ambassadeur|embaixador(a)?)$"
)

#: Vague phrases (folded): a partnership named without saying it is paid.
VAGUE_PHRASES: tuple[str, ...] = (
    r"in (collaboration|partnership|association) with",
    r"partnered with",
    r"in (kooperation|zusammenarbeit) mit",
    r"en (collaboration|partenariat) avec",
    r"en colaboracion con",
    r"in collaborazione con",
    r"in samenwerking met",
    r"em parceria com",
)

#: Words that negate the term after them ("not sponsored", "keine Werbung", "não é publi").
NEGATIONS = frozenset(
    "not no non nicht kein keine keinen pas ni niet geen nao sem nunca never nada "
    "nessuna nessun".split()
)
