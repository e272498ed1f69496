"""Sponsorship cues in a caption: small feature functions, each about one structure.

Each function reads one kind of evidence, by its shape more than by word lists, and returns
what it found in words (for the reason the audit prints):

=============================  ==============================================================
function                       what it finds
=============================  ==============================================================
:func:`hashtags`               ``#tags`` with their offsets
:func:`mentions`               ``@handles``
:func:`promo_codes`            a code-shaped token: upper case after "code"/"código"/"cupom"…,
                               or NAME+digits in a sentence with a percentage
:func:`links`                  the links, split out of Markdown link syntax
:func:`tracking_links`         links with tracking or affiliate parameters (``utm_*``,
                               ``ref=``, ``aff=``, ``tag=``…) or on an affiliate network's host
:func:`shop_links`             "link in bio" followed by a verb of buying; LTK / ShopMy
:func:`own_product`            "my/our" + shop, collection, book, course… (not sponsored)
:func:`thanks_for_product`     "thanks @brand for my new …/for sending …/for the package"
:func:`hashtags_before`        how many hashtags in a row stand before an offset (the wall)
:func:`negated`                whether a negation stands just before an offset
=============================  ==============================================================

The terms of disclosure themselves are found by :mod:`nichescout.audit.terms`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from nichescout import settings as _settings
from nichescout.audit.lexicon import NEGATIONS, fold

__all__ = [
    "AFFILIATE_HOSTS",
    "Tag",
    "hashtags",
    "hashtags_before",
    "links",
    "mentions",
    "negated",
    "own_product",
    "promo_codes",
    "shop_links",
    "thanks_for_product",
    "tracking_links",
]


@dataclass(frozen=True)
class Tag:
    """A hashtag: its text without ``#`` and the offset of its ``#`` in the caption."""

    text: str
    start: int
    end: int


#: A link: ``http(s)://…``, ``www.…`` or ``host.tld/…``, up to white space or a bracket
#: (``[ ] < >`` cannot stand in a URL unescaped, so a Markdown link
#: ``[https://a.news](https://a.news)`` or an autolink ``<https://a.news>`` gives its URLs one
#: by one, not one string that ``urlsplit`` reads as a broken IPv6 host).
_URL_CHARS = r"[^\s\[\]<>]"
_URL = re.compile(
    rf"(?<![@\w.])(?:https?://{_URL_CHARS}+|www\.{_URL_CHARS}+|"
    rf"(?:[a-z0-9-]+\.)+[a-z]{{2,}}/{_URL_CHARS}*)",
    re.IGNORECASE,
)
_HASHTAG = re.compile(r"(?<![\w&#])#(\w+)")
_MENTION = re.compile(r"(?<![\w.@])@([A-Za-z0-9_.]*[A-Za-z0-9_])")


def hashtags(caption: str) -> list[Tag]:
    """The caption's hashtags, in order.

    >>> [t.text for t in hashtags("Sunrise #adventure #NZ, see https://x.org/#top")]
    ['adventure', 'NZ']
    """
    links = [m.span() for m in _URL.finditer(caption)]
    return [
        Tag(m.group(1), m.start(), m.end())
        for m in _HASHTAG.finditer(caption)
        if not any(a <= m.start() < b for a, b in links)  # a link's #fragment
    ]


def mentions(caption: str) -> list[str]:
    """The @-handles the caption names (without ``@``), e.g. the brand of a sponsored post.

    >>> mentions("Gifted by @wool.andthegang, thanks @jo_knits! mail me: a@b.com")
    ['wool.andthegang', 'jo_knits']
    """
    return [m.group(1) for m in _MENTION.finditer(caption)]


# -- promo codes ------------------------------------------------------------------------------

_CODE_WORD = (
    r"(?i:(?<!dress )(?<!qr )(?<!source )(?<!zip )(?<!area )(?<!bar )(?<!pin )"
    r"\b(?:promo[ -]?code|code|codes|coupon|gutschein(?:code)?|rabattcode|c[oó]digo|"
    r"cup[oó]n|cupom|codice|kortingscode)\b)"
)
#: The three words after the word for "code": the code is the first upper-case one
#: ("code SAM15", "code promo LEA20", "codice sconto GIULIA", "use my code …").
_AFTER_CODE_WORD = re.compile(_CODE_WORD + r"((?:[\s:\"'„“«»]+[\w-]+){1,3})")
_CODE_IN_BIO = re.compile(
    _CODE_WORD + r"\s+(?:is\s+|ist\s+)?(?:in|en|na|nella|dans|im)\s+(?:\w+\s+)?bio\b"
)
_NAME_DIGITS = re.compile(r"\b[A-Z]{2,}[0-9]{1,3}\b")
_PERCENT = re.compile(r"\d+\s?%")
_SENTENCE = re.compile(r"[^.!?\n]+")


def _code_shaped(token: str, min_length: int) -> bool:
    """Upper-case letters (one lower-case letter allowed, as in ``ETAMxJULIE``) and digits."""
    lower = sum(ch.islower() for ch in token)
    upper = sum(ch.isupper() for ch in token)
    return len(token) >= min_length and token.isalnum() and lower <= 1 and upper >= 2


def promo_codes(caption: str, overrides: Mapping[str, Any] | None = None) -> list[str]:
    """Promo codes: an upper-case token among the three words after a word for "code"
    (``code SAM15``, ``Codice sconto BENVENUTA``, ``cupom BIA15``), a NAME+digits token in a
    sentence that names a percentage (``LENA10 saves you 10%``), or a code "in bio". Code in
    the programming sense is not upper case (``code review``, ``Code: https://…``), and a
    dress, QR, source, zip, area, bar or PIN code is not a promo code.

    >>> promo_codes("Use code SAM15 for 15% off. LENA10 = 10% korting! Code promo LEA20")
    ['SAM15', 'LEA20', 'LENA10']
    >>> promo_codes("Use the code in my bio for 10% off")
    ['in bio']
    >>> promo_codes("My code review took longer than the code. Code: https://github.com/x")
    []
    >>> promo_codes("Dress code: BLACK TIE. Scan the QR code NOW")
    []
    """
    min_length = int(_settings.get("disclosure_code_min_length", overrides))
    found: list[str] = []
    for match in _AFTER_CODE_WORD.finditer(caption):
        for token in re.findall(r"[\w-]+", match.group(1)):
            if _code_shaped(token, min_length):
                if token not in found:
                    found.append(token)
                break
    if _CODE_IN_BIO.search(caption):
        found.append("in bio")
    for sentence in _SENTENCE.findall(caption):
        if _PERCENT.search(sentence):
            for token in _NAME_DIGITS.findall(sentence):
                if _code_shaped(token, min_length) and token not in found:
                    found.append(token)
    return found


# -- links ------------------------------------------------------------------------------------

#: Hosts of affiliate networks and the shorteners they hand creators (definitional).
AFFILIATE_HOSTS = frozenset(
    "amzn.to amzn.eu a.co rstyle.me shopstyle.it shopstyle.com liketk.it liketoknow.it "
    "ltk.app shopmy.us howl.me geni.us awin1.com prf.hn tidd.ly click.linksynergy.com "
    "go.skimresources.com shareasale.com go.magik.ly".split()
)
#: Query parameters that identify the referrer or a commission (besides ``utm_*``).
_TRACKING_KEYS = frozenset(
    "ref referrer refer aff affid aff_id affiliate affiliate_id tag aid partner partnerid "
    "pid clickid irclickid sscid cjevent ranmid raneaid".split()
)


def links(caption: str) -> list[str]:
    """The links in a caption, as written, without the punctuation that ends a sentence or
    closes a parenthesis around them; a Markdown link gives its text's URL and its target's.

    >>> links("Read [https://a.news](https://a.news?utm_source=x). Or (www.b.org/post).")
    ['https://a.news', 'https://a.news?utm_source=x', 'www.b.org/post']
    >>> links("https://en.wikipedia.org/wiki/Mercury_(planet), <https://c.io/x>")
    ['https://en.wikipedia.org/wiki/Mercury_(planet)', 'https://c.io/x']
    """
    out = []
    for match in _URL.finditer(caption):
        raw = match.group(0)
        while raw and (
            raw[-1] in ".,;:!?»\"'" or (raw[-1] == ")" and raw.count(")") > raw.count("("))
        ):
            raw = raw[:-1]
        if raw:
            out.append(raw)
    return out


def tracking_links(caption: str) -> list[str]:
    """Links that pay the creator or track the campaign, each said in words: on an
    affiliate network's host (``amzn.to``, ``rstyle.me``, ``liketk.it``…), or with a
    tracking parameter in the query (``utm_*``, ``ref=``, ``aff=``, Amazon's ``tag=``…) or
    path (``/ref=``), or an Amazon influencer storefront (``amazon.com/shop/…``). A plain link (a blog post, a repository, a video) is not one.

    >>> tracking_links("here: amzn.to/3Kp9QxT and https://shop.de/x?utm_source=ig&utm_medium=a")
    ['amzn.to link', 'shop.de link with utm_source, utm_medium']
    >>> tracking_links("code at https://github.com/dev/tool, video https://youtube.com/watch?v=ab")
    []
    """
    found: list[str] = []
    for raw in links(caption):
        try:
            parts = urlsplit(raw if "://" in raw else "https://" + raw)
            host = (parts.hostname or "").removeprefix("www.")
            keys = [k for k, _ in parse_qsl(parts.query, keep_blank_values=True)]
        except ValueError:  # urlsplit cannot read it (a host with "＃"): not a tracking link
            continue
        tracking = [k for k in keys if k.lower().startswith("utm_") or k.lower() in _TRACKING_KEYS]
        if host in AFFILIATE_HOSTS:
            found.append(f"{host} link")
        elif tracking:
            found.append(f"{host} link with {', '.join(tracking)}")
        elif re.search(r"/(ref=|ref/|aff/|affiliate/)", parts.path):
            found.append(f"{host} link with a referral path")
        elif host.startswith("amazon.") and parts.path.startswith("/shop/"):
            found.append(f"{host} storefront link")
    return found


_BIO_LINK = re.compile(
    r"\b(?:link|lien|enlace|liens|links)\b[^.!?\n]{0,20}\bbio\b[^.!?\n]{0,12}?"
    r"\b(?:to shop|shop|to buy|buy|order|kaufen|shoppen|bestellen|acheter|commander|"
    r"comprar\w*|pra comprar|acquistar\w*|ordinar\w*|kopen)\b"
)
_SHOP_LOOK = re.compile(
    r"\b(?:tap|click|swipe) to shop\b|\bshop (?:the|my) (?:look|outfit|faves|favou?rites|edit)\b"
    r"|\bshop (?:with|via|through) my link\b|\bshop (?:it |them )?(?:here|below)\b"
)
_AFFILIATE_APP = re.compile(
    r"(?<!\w)(?:#?ltk\w*|#?liketoknow\w*|#liketkit|shopmy|amazon storefront)\b"
)


def shop_links(caption: str) -> list[str]:
    """Calls to buy through a link the creator placed: "link in bio" followed by a verb of
    buying (to shop, comprar, acquistarli, kopen…), "shop the look", "tap to shop", and the
    affiliate storefronts LTK (LikeToKnowIt), ShopMy and Amazon's. "Link in bio" alone (a
    video, a blog) is not one.

    >>> shop_links("Everything I wore is linked in my LTK — link in bio to shop the look!")
    ['link in bio to shop', 'shop the look', 'LTK']
    >>> shop_links("New video is up, link in bio!")
    []
    """
    text = fold(caption)
    found = []
    if _BIO_LINK.search(text):
        found.append("link in bio to shop")
    if _SHOP_LOOK.search(text):
        found.append("shop the look")
    app = _AFFILIATE_APP.search(text)
    if app:
        name = app.group(0).lstrip("#")
        found.append("ShopMy" if name == "shopmy" else name.title() if " " in name else "LTK")
    return found


# -- own products -----------------------------------------------------------------------------

_POSSESSIVE = (
    r"(?:my|our|mein|meine|meinem|meinen|meiner|unser|unsere|unserem|unseren|ma|mon|mes|"
    r"notre|nos|mi|mis|nuestra|nuestro|nuestras|nuestros|mio|mia|miei|mie|nostro|nostra|"
    r"nostri|nostre|mijn|onze|minha|meu|meus|minhas|nosso|nossa)"
)
_PRODUCT = (
    r"(?:shop|store|boutique|e-shop|eshop|webshop|onlineshop|online-shop|loja|tienda|negozio|"
    r"winkel|collection|kollektion|collezione|coleccion|colecao|collectie|book|buch|e-book|"
    r"ebook|livre|libro|boek|livro|course|kurs|cours|curso|corso|cursus|brand|marke|marque|"
    r"marca|merk|line|linie|ligne|linea|lijn|linha|merch|pattern|patterns|schnittmuster|"
    r"preset|presets|podcast|album|atelier|studio|laboratorio|label)"
)
#: Words that cannot stand between "my" and the product: "my favourite brand" is someone
#: else's, and in "link in my bio to shop" the shop is a verb.
_NOT_OWN = r"(?!fav|lieb|pref|beloved|(?:bio|to|per|para|pra|pour|om|zum|zu|link)\b)"


def own_product(caption: str, overrides: Mapping[str, Any] | None = None) -> str | None:
    """The phrase that shows the creator sells their own product — "my shop", "our autumn
    collection", "mein eigenes E-Book", "la nostra nuova collezione" — or ``None``.
    A possessive then, within ``disclosure_own_product_gap`` words, a word for a shop, a
    collection, a book, a course, a brand or a line.

    >>> own_product("Our autumn collection drops Friday, 15% off with code STUDIO15")
    'Our autumn collection'
    >>> own_product("Neu in meinem Shop: das Schnittmuster")
    'meinem Shop'
    >>> own_product("my favourite brand @glow, use my code ANNA10") is None
    True
    """
    gap = int(_settings.get("disclosure_own_product_gap", overrides))
    pattern = re.compile(
        rf"\b{_POSSESSIVE}\s+(?:{_NOT_OWN}[\w'-]+\s+){{0,{gap}}}{_PRODUCT}\b", re.IGNORECASE
    )
    match = pattern.search(fold(caption))
    return caption[match.start() : match.end()] if match else None


# -- thanks for a product ---------------------------------------------------------------------

_THANKS = (
    r"(?:thanks|thank you|thank u|thx|danke|dankeschon|merci|gracias|grazie|dank je wel|"
    r"dank je|dankjewel|bedankt|obrigad[oa])"
)
_FOR = r"(?:for|fur|pour|por|per|voor|pel[oa]|pelo)"
_THANKS_TO = re.compile(
    rf"\b{_THANKS}\s+(?:(?:to|an|a|aan)\s+)?@[\w.]+(?:\s*(?:,|and|und|et|y|e|en)\s*@[\w.]+)*"
    rf"\s+{_FOR}\b"
)
_PRODUCT_HINT = re.compile(
    r"(?:new|neue\w*|neu|nouveau|nouvelle|nuev[oa]s?|nuov[oa]|nieuwe?|nov[oa]s?|send\w*|"
    r"sent|schick\w*|zugeschickt|envoy\w*|envoi|envia\w*|inviat\w*|mandat\w*|opgestuurd|"
    r"gestuurd|enviad\w*|package|parcel|box|paket|colis|paquete|pacco|pakket|kit|goodies)"
)


def thanks_for_product(caption: str, overrides: Mapping[str, Any] | None = None) -> str | None:
    """A thank-you to an @-handle *for a product* — the gift behind "thanks to @brand" —
    or ``None``. Among the ``disclosure_thanks_reach`` words after "for/für/pour/por/per/
    voor/pelo" in the same sentence, one must speak of something new, sent or packaged;
    thanks to friends for an evening, and "no thanks to @brand", are not.

    >>> thanks_for_product("Thanks to @ironcore.gear for my new lifting belt 🙏")
    'Thanks to @ironcore.gear for my new'
    >>> thanks_for_product("Merci à @beautybox.fr pour ce joli colis 💝")
    'Merci à @beautybox.fr pour ce joli colis'
    >>> thanks_for_product("Thank you @jess.knits for the best stitch night") is None
    True
    >>> thanks_for_product("No thanks to @citybus for the new timetable") is None
    True
    """
    reach = int(_settings.get("disclosure_thanks_reach", overrides))
    text = fold(caption)
    for match in _THANKS_TO.finditer(text):
        if negated(caption, match.start(), overrides):
            continue
        sentence = re.split(r"[.!?\n]", text[match.end() :], maxsplit=1)[0]
        for word in list(re.finditer(r"[^\W_]+", sentence))[:reach]:
            if _PRODUCT_HINT.fullmatch(word.group(0)):
                return caption[match.start() : match.end() + word.end()]
    return None


# -- position ---------------------------------------------------------------------------------

_SEPARATOR = re.compile(r"[\s.•·|\-–—_]*$")


def hashtags_before(caption: str, offset: int) -> int:
    """How many hashtags stand in a row just before ``offset`` (separated only by spaces,
    line breaks and the dots and bars creators put before a hashtag block): the wall a
    disclosure at ``offset`` is buried behind.

    >>> caption = "Lovely day\\n.\\n.\\n#sun #sea #sand #summer #ad"
    >>> hashtags_before(caption, caption.index("#ad"))
    4
    >>> hashtags_before("#ad my new shoes #running", 0)
    0
    """
    tags = [t for t in hashtags(caption) if t.end <= offset]
    count, position = 0, offset
    for tag in reversed(tags):
        between = caption[tag.end : position]
        if not _SEPARATOR.fullmatch(between):
            break
        count, position = count + 1, tag.start
    return count


_WORD = re.compile(r"[^\W_]+")


def negated(caption: str, offset: int, overrides: Mapping[str, Any] | None = None) -> bool:
    """Whether a negation ("not", "no", "keine", "pas", "niet", "não"…) stands among the
    ``disclosure_negation_words`` words before ``offset``, in the same sentence.

    >>> caption = "This is not sponsored by anyone"
    >>> negated(caption, caption.index("sponsored")), negated("Sponsored by @x", 0)
    (True, False)
    """
    reach = int(_settings.get("disclosure_negation_words", overrides))
    sentence = re.split(r"[.!?\n|]", caption[:offset])[-1]
    words = _WORD.findall(fold(sentence))
    return any(w in NEGATIONS for w in words[-reach:]) if reach > 0 else False
