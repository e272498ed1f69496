"""Each sponsorship-cue feature function against hand-made cases, hard negatives included."""

from __future__ import annotations

import pytest

from nichescout.audit.cues import (
    hashtags,
    hashtags_before,
    mentions,
    negated,
    own_product,
    promo_codes,
    shop_links,
    thanks_for_product,
    tracking_links,
)


def test_hashtags_keep_offsets_and_skip_link_fragments() -> None:
    caption = "Day one #Lisbon #travel https://blog.example/post#comments &#39;"
    tags = hashtags(caption)
    assert [t.text for t in tags] == ["Lisbon", "travel"]
    assert [caption[t.start : t.end] for t in tags] == ["#Lisbon", "#travel"]


def test_mentions_are_handles_not_emails() -> None:
    assert mentions("with @kate.travels and @the_yarn_club. Mail: hi@shop.com") == [
        "kate.travels",
        "the_yarn_club",
    ]


@pytest.mark.parametrize(
    "caption,codes",
    [
        ("Use code SAM15 for 15% off", ["SAM15"]),
        ("Mit dem Code LISA15 spart ihr 15 %", ["LISA15"]),
        ("Con el código CARLA15 tenéis un 15 % de descuento", ["CARLA15"]),
        ("Usem o cupom BIA15 pra ganhar 15%", ["BIA15"]),
        ("Codice sconto GIULIA su @pasta", ["GIULIA"]),
        ("Met de kortingscode LOTTE15 krijg je korting", ["LOTTE15"]),
        ("Code promo LEA20 sur @sezane", ["LEA20"]),
        ("Code JONAS für den ersten Monat gratis", ["JONAS"]),
        ("LENA10 saves you 10% 😉", ["LENA10"]),  # no word for code: NAME+digits beside a %
        ("CARLA10 = 10 % menos en @solar", ["CARLA10"]),
        ("Code ETAMxJULIE pour -15 %", ["ETAMxJULIE"]),
        ("Use the code in my bio for 10% off", ["in bio"]),
        # code in the other senses
        ("Spent the weekend refactoring legacy code, then a code review", []),
        ("Der Code zum Video ist online: https://github.com/x/y", []),
        ("Advent of Code day 12 done. Code: https://github.com/devdan/aoc", []),
        ("Révision du code de la route ce soir", []),
        ("Dress code: BLACK TIE", []),
        ("Scan the QR code NOW", []),
        ("SPF50 is back, no white cast", []),  # digits without a percentage in the sentence
    ],
)
def test_promo_codes(caption: str, codes: list[str]) -> None:
    assert promo_codes(caption) == codes


def test_promo_code_length_is_a_setting() -> None:
    assert promo_codes("Cupom ANA5 com 5%") == ["ANA5"]
    assert promo_codes("Cupom ANA5 com 5%", {"disclosure_code_min_length": 5}) == []


@pytest.mark.parametrize(
    "caption,expected",
    [
        ("grabbed it here: amzn.to/3Kp9QxT", ["amzn.to link"]),
        ("https://rstyle.me/+aBc12XyZ", ["rstyle.me link"]),
        ("https://www.amazon.de/dp/B07XJ8C8F3?tag=lisaisst-21", ["amazon.de link with tag"]),
        ("https://optiride.fr/lunettes?ref=hugovelo.", ["optiride.fr link with ref"]),
        ("shop.it/x?aff=marco", ["shop.it link with aff"]),
        (
            "chargehub.de/dock?utm_source=instagram&utm_campaign=t",
            ["chargehub.de link with utm_source, utm_campaign"],
        ),
        ("https://www.amazon.com/shop/kate", ["amazon.com storefront link"]),
        ("https://shop.example/x/ref=abc/", ["shop.example link with a referral path"]),
        # plain links
        ("https://github.com/devdan/tidy-tools", []),
        ("https://youtube.com/watch?v=dQ8xK2pLm4s", []),
        ("https://www.strava.com/activities/11223344556 and lumiereskin.com", []),
        ("https://leavoyage.fr/islande-10-jours?page=2", []),
    ],
)
def test_tracking_links(caption: str, expected: list[str]) -> None:
    assert tracking_links(caption) == expected


@pytest.mark.parametrize(
    "caption,expected",
    [
        ("link in bio to shop the look!", ["link in bio to shop", "shop the look"]),
        ("¡Link en la bio para comprarlo!", ["link in bio to shop"]),
        ("trovate il link in bio per acquistarli", ["link in bio to shop"]),
        ("Link na bio pra comprar!", ["link in bio to shop"]),
        ("Everything is linked in my LTK", ["LTK"]),
        ("#ltkeurope #ootd", ["LTK"]),
        ("tap to shop @revolve", ["shop the look"]),
        ("Check my Amazon storefront", ["Amazon Storefront"]),
        ("New video is up, link in bio!", []),
        ("Lien dans la bio pour découvrir le blog", []),
        ("Vault of my old shop photos", []),
    ],
)
def test_shop_links(caption: str, expected: list[str]) -> None:
    assert shop_links(caption) == expected


@pytest.mark.parametrize(
    "caption,own",
    [
        ("Use code LAUNCH10 in my shop", "my shop"),
        ("My new pattern book is here", "My new pattern book"),
        ("back in my Etsy shop", "my Etsy shop"),
        ("Notre nouvelle collection de bijoux", "Notre nouvelle collection"),
        ("¡Nuestra nueva colección de verano!", "Nuestra nueva colección"),
        ("Mein eigenes E-Book ist da", "Mein eigenes E-Book"),
        ("nel mio shop", "mio shop"),
        ("Nieuw in mijn webshop", "mijn webshop"),
        ("Minha loja tem novidades", "Minha loja"),
        ("Dispo sur mon e-shop", "mon e-shop"),
        # someone else's product
        ("my favourite brand @glow", None),
        ("link in my bio to shop my fave @zara pieces", None),
        ("Mijn nieuwe favoriete foundation van @huid", None),
        ("my new lifting belt from @ironcore", None),
    ],
)
def test_own_product(caption: str, own: str | None) -> None:
    assert own_product(caption) == own


def test_own_product_gap_is_a_setting() -> None:
    assert own_product("our little studio in Leeds") == "our little studio"
    assert own_product("our little studio in Leeds", {"disclosure_own_product_gap": 0}) is None


@pytest.mark.parametrize(
    "caption,found",
    [
        ("Thanks to @ironcore.gear for my new lifting belt", "Thanks to @ironcore.gear for my new"),
        ("Gracias a @techbox.es por enviarme el teclado", "Gracias a @techbox.es por enviarme"),
        ("Merci @velocasque pour ce nouveau casque", "Merci @velocasque pour ce nouveau"),
        ("Grazie a @oleificio per questo olio nuovo", "Grazie a @oleificio per questo olio nuovo"),
        (
            "obrigada @sallve, @principia e @creamy por enviarem",
            "obrigada @sallve, @principia e @creamy por enviarem",
        ),
        ("Thank you @jess.knits and @the_yarn_club for the best stitch night", None),
        ("Danke an @oma_gerda für den schönsten Geburtstag", None),
        ("No thanks to @citybus for the new timetable", None),
        ("Thanks @jo for coming. My new book is out", None),  # the sentence ends first
    ],
)
def test_thanks_for_product(caption: str, found: str | None) -> None:
    assert thanks_for_product(caption) == found


def test_hashtags_before_counts_the_wall() -> None:
    caption = "Morning 🌅 @brand\n.\n.\n.\n#makeup #beauty #grwm #glow #ad"
    assert hashtags_before(caption, caption.index("#ad")) == 4
    assert hashtags_before(caption, caption.index("#beauty")) == 1
    caption = "#one #two words #three #ad"
    assert hashtags_before(caption, caption.index("#ad")) == 1  # words break the wall
    assert hashtags_before("#ad first", 0) == 0


@pytest.mark.parametrize(
    "caption,word,expected",
    [
        ("This video is not sponsored by anyone", "sponsored", True),
        ("Não é publi, comprei", "publi", True),
        ("Keine Werbung, selbst gekauft", "Werbung", True),
        ("No thanks to @citybus", "thanks", True),
        ("Not today. Sponsored by @x", "Sponsored", False),  # another sentence
        ("Sponsored by @x", "Sponsored", False),
    ],
)
def test_negated(caption: str, word: str, expected: bool) -> None:
    assert negated(caption, caption.index(word)) is expected


def test_negation_reach_is_a_setting() -> None:
    caption = "not really sponsored by @x"
    assert negated(caption, caption.index("sponsored"))
    assert not negated(caption, caption.index("sponsored"), {"disclosure_negation_words": 1})
