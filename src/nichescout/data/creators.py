"""The bundled creator sample: made up, for the demo, the doctests and the tests.

``creators-sample/`` beside this module holds 40 invented creators on two platforms
(``instagram:sample``, ``tiktok:sample``) in the creators form of
:mod:`nichescout.ingest.creators_form` — ``profiles.csv``, ``posts.csv``,
``comments.csv`` — and ``labels.csv`` and ``post_labels.csv``, what the generator meant each
creator and post to be (niche, language, suspicious engagement and how, disclosure habit;
each post sponsored or not and how it was disclosed): ground truth for checks, never read
by the importer (it reads only profiles, posts and comments). Nothing in it is real: the people, handles, brands and numbers are
drawn by :func:`generate` from the seed :data:`SEED`, and ``python -m
nichescout.data.creators`` writes the folder again, byte for byte.

What it holds, by design:

- tiers from nano to mega by followers (Instagram: 8 nano, 16 micro — 10 of them in the
  5K–50K core band — 6 macro, 2 mega; TikTok: 2 nano, 4 micro, 2 macro), in ten niches;
- six months of posts (1 March to 1 September 2026), one every two weeks to two a week;
  engagement falls with audience size as it does on real platforms (nano ≈ 6 % of followers
  per post, mega ≈ 1 %), with each creator's own level and post-to-post spread; videos
  carry views;
- captions in seven languages (English, German, French, Spanish, Italian, Dutch,
  Portuguese), in the creator's language;
- sponsored posts about one in eight for micro and larger creators: disclosed clearly
  (``#ad``, ``Anzeige``, ``#publi``… at the start, or the platform's paid-partnership label),
  unclearly (after a wall of hashtags, ``#sp``, "thanks @brand") or not at all (a promo code
  alone), by each creator's habit; and hard negatives (their own shop, ``#adventure``);
- suspicious engagement in four creators: bought likes (many likes, few comments, spiky),
  an engagement pod of three who comment on each other's every post, and generic comments
  ("nice pic 🔥") from throwaway accounts;
- comments, real-sounding or generic, and the creator's replies to some of them.

>>> sample = creators_sample_path()
>>> sorted(p.name for p in sample.glob("*.csv"))
['comments.csv', 'labels.csv', 'post_labels.csv', 'posts.csv', 'profiles.csv']
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nichescout.store import Store

__all__ = [
    "SAMPLE_PLATFORMS",
    "SEED",
    "TOY_CREATORS_PLATFORM",
    "creators_sample_path",
    "generate",
    "main",
    "toy_creators",
]

#: The seed of the committed sample.
SEED = 20260301
#: The platforms the sample's creators are on.
SAMPLE_PLATFORMS = ("instagram:sample", "tiktok:sample")
_START = datetime(2026, 3, 1)
_DAYS = 184  # March to August


def creators_sample_path() -> Path:
    """Folder of the bundled creator sample (made up; see the module docstring)."""
    return Path(__file__).with_name("creators-sample")


#: The platform of :func:`toy_creators`.
TOY_CREATORS_PLATFORM = "toy:creators"

#: The toy creators in the creators form (docs/canonical.md): file → text.
TOY_CREATORS = {
    "profiles.csv": """handle,platform,followers,following,language
ana,toy:creators,1000,150,en
bo,toy:creators,200,90,en
cy,toy:creators,,40,en
""",
    "posts.csv": """post_id,handle,created,caption,likes,comments,shares,views,media_type
a1,ana,2024-03-01T10:00:00,Morning run #running,40,10,,,image
a2,ana,2024-03-08T10:00:00,#ad My new shoes from @stridelab code ANA10,20,5,,,image
a3,ana,2024-03-15T10:00:00,Race day vlog,90,10,20,4000,video
b1,bo,2024-03-02T09:00:00,First loaf,10,,,,image
b2,bo,2024-03-09T09:00:00,Sourdough take two,,2,,,image
c1,cy,2024-03-03T12:00:00,Speedrun clip,30,5,,1000,video
""",
    "comments.csv": """comment_id,post_id,author,text,created
k1,a1,bo,great pace!,2024-03-01T11:00:00
k2,a1,cy,nice pic 🔥,2024-03-01T12:00:00
k3,b1,ana,looks great,2024-03-02T10:00:00
k4,a3,dan,where was this race?,2024-03-15T12:00:00
""",
}


def toy_creators(store: Store | None = None) -> Store:
    """Three toy creators: 5 members, 10 content items (6 posts, 4 comments), 5 interactions.

    On ``toy:creators`` in March 2024: Ana (1,000 followers, micro) posts twice and a video
    (4,000 views), the second post sponsored by ``@stridelab`` (a placeholder member) and
    disclosed with ``#ad``; Bo (200 followers, nano) posts two loaves, the first with its
    likes counted but not its comments (one is stored: Ana's), the second with 2 comments
    counted but no likes; Cy gives no follower count and posts one video (1,000 views); Dan
    only comments. Every number is small enough to work out by hand.

    >>> toy_creators().counts()
    {'members': 5, 'content': 10, 'interactions': 5}
    """
    import shutil
    import tempfile

    from nichescout.ingest.creators import import_creators
    from nichescout.store import Store

    store = store or Store(":memory:")
    folder = Path(tempfile.mkdtemp(prefix="nichescout-toy-creators-"))
    try:
        for name, text in TOY_CREATORS.items():
            (folder / name).write_text(text, encoding="utf-8")
        import_creators(store, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return store


@dataclass(frozen=True)
class _Spec:
    handle: str
    name: str
    platform: str
    niche: str
    language: str
    followers: int
    habit: str  # disclosure habit: clear, label, unclear, none, mixed
    suspicious: str = ""  # bought_likes, pod, generic_comments


# handle, name, platform, niche, language, followers, disclosure habit, suspicious
_CREATORS = [
    _Spec("lena.lifts", "Lena Hoffmann", "instagram:sample", "fitness", "de", 18_400, "clear"),
    _Spec("kai.moves", "Kai Brenner", "instagram:sample", "fitness", "de", 3_900, "mixed"),
    _Spec("ironmara", "Mara Quinn", "instagram:sample", "fitness", "en", 42_000, "label"),
    _Spec("runwithjules", "Jules Carter", "instagram:sample", "fitness", "en", 720, "clear"),
    _Spec("glowwithsam", "Sam Reyes", "instagram:sample", "beauty", "en", 27_500, "unclear"),
    _Spec("belle.peau", "Camille Laurent", "instagram:sample", "beauty", "fr", 9_800, "clear"),
    _Spec("pele.de.ana", "Ana Ribeiro", "instagram:sample", "beauty", "pt", 64_000, "none",
          "bought_likes"),
    _Spec("nordic.pantry", "Freya Lund", "instagram:sample", "food", "en", 12_600, "clear"),
    _Spec("cucina.di.gio", "Giorgia Conti", "instagram:sample", "food", "it", 31_000, "mixed"),
    _Spec("la.table.de.leo", "Léo Martin", "instagram:sample", "food", "fr", 880, "clear"),
    _Spec("ofenliebe", "Jana Weiss", "instagram:sample", "food", "de", 146_000, "label"),
    _Spec("wander.ines", "Inés Navarro", "instagram:sample", "travel", "es", 23_000, "unclear"),
    _Spec("backroads.ben", "Ben Okafor", "instagram:sample", "travel", "en", 310_000, "clear"),
    _Spec("slowtrails", "Noor Haddad", "instagram:sample", "travel", "en", 4_300, "clear"),
    _Spec("pixel.paula", "Paula Sánchez", "instagram:sample", "gaming", "es", 7_700, "none"),
    _Spec("respawn.rick", "Rick Dawson", "instagram:sample", "gaming", "en", 540, "clear"),
    _Spec("byte.sized.dev", "Priya Nair", "instagram:sample", "tech", "en", 15_200, "clear"),
    _Spec("gadgetgerd", "Gerd Vogel", "instagram:sample", "tech", "de", 128_000, "mixed"),
    _Spec("mama.en.zo", "Sanne de Vries", "instagram:sample", "parenting", "nl", 6_100, "clear"),
    _Spec("tiny.steps.tom", "Tom Fletcher", "instagram:sample", "parenting", "en", 2_400, "unclear",
          "pod"),
    _Spec("little.wild.ones", "Maya Brooks", "instagram:sample", "parenting", "en", 8_900, "none",
          "pod"),
    _Spec("budget.bea", "Bea Lindqvist", "instagram:sample", "personal finance", "en", 51_000,
          "clear", "pod"),
    _Spec("dinheiro.simples", "Rafael Costa", "instagram:sample", "personal finance", "pt", 960,
          "clear"),
    _Spec("thread.and.tide", "Elena Rossi", "instagram:sample", "fashion", "it", 89_000, "mixed"),
    _Spec("vintage.vera", "Vera Jansen", "instagram:sample", "fashion", "nl", 11_300, "label"),
    _Spec("stylebyomar", "Omar Farouk", "instagram:sample", "fashion", "en", 640_000, "clear"),
    _Spec("zero.waste.zoe", "Zoe Park", "instagram:sample", "sustainability", "en", 36_000,
          "clear"),
    _Spec("gruen.leben", "Felix Braun", "instagram:sample", "sustainability", "de", 410,
          "clear"),
    _Spec("repair.cafe.rita", "Rita Gomes", "instagram:sample", "sustainability", "en", 1_700,
          "none", "generic_comments"),
    _Spec("chef.marco", "Marco Bianchi", "instagram:sample", "food", "en", 2_150_000, "label"),
    _Spec("fitbyalex", "Alex Turner", "instagram:sample", "fitness", "en", 1_300_000, "clear"),
    _Spec("skin.by.nina", "Nina Kowalski", "instagram:sample", "beauty", "en", 300, "clear"),
    # TikTok: videos only
    _Spec("quickfit.dani", "Dani Flores", "tiktok:sample", "fitness", "es", 57_000, "unclear"),
    _Spec("makeup.mo", "Mo Adeyemi", "tiktok:sample", "beauty", "en", 233_000, "clear"),
    _Spec("snack.lab", "Lou Girard", "tiktok:sample", "food", "fr", 14_800, "clear"),
    _Spec("speedrun.sofia", "Sofia Almeida", "tiktok:sample", "gaming", "pt", 412_000, "mixed"),
    _Spec("tech.in.60", "Jon Mills", "tiktok:sample", "tech", "en", 3_300, "clear"),
    _Spec("gamer.gigi", "Gigi Moretti", "tiktok:sample", "gaming", "it", 780, "clear"),
    _Spec("thrift.theo", "Theo Bakker", "tiktok:sample", "fashion", "nl", 26_000, "none"),
    _Spec("coin.clara", "Clara Neumann", "tiktok:sample", "personal finance", "de", 950, "clear"),
]  # fmt: skip

_BRANDS = {
    "fitness": "formfit",
    "beauty": "glowlab",
    "food": "nordicoats",
    "travel": "wanderbags",
    "gaming": "pixelforge",
    "tech": "voltaudio",
    "parenting": "littlesteps",
    "personal finance": "budgetly",
    "fashion": "threadline",
    "sustainability": "refillco",
}

_HASHTAGS = {
    "fitness": ["fitness", "gym", "legday", "homeworkout", "strongnotskinny", "running"],
    "beauty": ["skincare", "makeup", "glowyskin", "beautytips", "spf", "cleanbeauty"],
    "food": ["foodie", "homecooking", "recipe", "baking", "plantbased", "pasta"],
    "travel": ["travel", "wanderlust", "hiking", "slowtravel", "roadtrip", "adventure"],
    "gaming": ["gaming", "speedrun", "indiegames", "retrogaming", "gamer", "twitchstreamer"],
    "tech": ["tech", "coding", "gadgets", "python", "homeoffice", "productivity"],
    "parenting": ["parenting", "momlife", "dadlife", "toddler", "familytime", "playideas"],
    "personal finance": ["personalfinance", "budgeting", "savings", "investing", "frugal"],
    "fashion": ["fashion", "ootd", "vintage", "thrifted", "styleinspo", "capsulewardrobe"],
    "sustainability": ["sustainability", "zerowaste", "repair", "lowimpact", "refill"],
}

# Everyday captions: (language, niche) → sentences; "*" for any niche of the language.
_CAPTIONS: dict[tuple[str, str], list[str]] = {
    ("en", "fitness"): [
        "Leg day done. Slow eccentrics, no ego lifting today.",
        "5 am run before the city wakes up. Worth it every time.",
        "Three moves that fixed my squat depth — save this for your next session.",
        "Rest day reminder: recovery is part of the plan, not a break from it.",
    ],
    ("en", "beauty"): [
        "My morning routine in four steps. SPF is not optional!",
        "Tried the glass-skin trend for a week, here is my honest take.",
        "Dry patches in winter? This is what finally worked for me.",
        "No-makeup makeup for a long day at the office.",
    ],
    ("en", "food"): [
        "Sunday bake: rye loaf with a crackly crust. Recipe in the comments.",
        "One-pan lemon orzo, twenty minutes, barely any washing up.",
        "Overnight oats three ways for busy mornings.",
        "Farmers market haul and what I am cooking with it this week.",
    ],
    ("en", "travel"): [
        "Woke up above the clouds. The climb was brutal, the view was not.",
        "Slow travel tip: stay a week, not a night. You see so much more.",
        "Three days on the coast road with a tent and a thermos.",
        "Hidden trail, zero crowds. Leave no trace, friends.",
    ],
    ("en", "gaming"): [
        "New personal best on the any% run. Clip in stories.",
        "This indie gem deserves way more attention.",
        "Retro night with the old console and terrible snacks.",
    ],
    ("en", "tech"): [
        "My desk setup after a year of remote work.",
        "Three Python tricks I wish I had learned earlier.",
        "Tested five budget earbuds so you do not have to.",
    ],
    ("en", "parenting"): [
        "Rainy day play idea: a cardboard box and too much tape.",
        "Toddler bedtime took two hours tonight. We survived.",
        "Small wins: first time eating broccoli without a fight.",
    ],
    ("en", "personal finance"): [
        "How I split my salary into three accounts on payday.",
        "A no-spend month: what I learned and what I missed.",
        "Index funds explained in one minute.",
    ],
    ("en", "fashion"): [
        "Five outfits, one capsule wardrobe.",
        "Thrifted this blazer for eight euros. Still not over it.",
        "Autumn layers without looking like a duvet.",
    ],
    ("en", "sustainability"): [
        "Repaired my jeans instead of replacing them. Visible mending for the win.",
        "What a month of zero-waste shopping actually looked like.",
        "Refill shop trip: bring your jars!",
    ],
    ("de", "*"): [
        "Neuer Tag, neues Training. Wer ist dabei?",
        "Heute gibt es ein schnelles Rezept für die ganze Woche.",
        "Ehrlich gesagt war diese Woche anstrengend, aber es hat sich gelohnt.",
        "Kleine Routine, große Wirkung: so starte ich in den Morgen.",
        "Drei Tipps, die mir wirklich geholfen haben.",
    ],
    ("fr", "*"): [
        "Petite routine du matin, simple et efficace.",
        "La recette du dimanche, parfaite pour toute la famille.",
        "Trois jours sur la côte, le bonheur en toute simplicité.",
        "Mon avis honnête après un mois de test.",
    ],
    ("es", "*"): [
        "Nuevo día, nueva meta. ¡Vamos!",
        "Tres consejos que me cambiaron la rutina.",
        "Fin de semana de ruta y montaña, ¡qué maravilla!",
        "Mi opinión sincera después de un mes.",
    ],
    ("it", "*"): [
        "La ricetta della domenica, semplice e buonissima.",
        "Tre consigli per uno stile senza tempo.",
        "Una settimana intensa, ma ne è valsa la pena.",
        "Il mio parere sincero dopo un mese di prova.",
    ],
    ("nl", "*"): [
        "Regenachtige dag, dus knutselen met de kleine.",
        "Drie tips die bij ons echt werken.",
        "Tweedehands gevonden en ik ben er dol op.",
        "Eerlijk gezegd was dit een drukke week, maar het was het waard.",
    ],
    ("pt", "*"): [
        "Rotina da manhã em três passos simples.",
        "Três dicas que mudaram a minha forma de poupar.",
        "Fim de semana perfeito, sem pressa nenhuma.",
        "A minha opinião sincera depois de um mês.",
    ],
}

# Sponsored sentences (a product of the brand) and clear labels, by language.
_PRODUCT = {
    "en": "Loving the new {what} from @{brand}",
    "de": "Ich teste gerade das neue {what} von @{brand}",
    "fr": "J'adore le nouveau {what} de @{brand}",
    "es": "Me encanta el nuevo {what} de @{brand}",
    "it": "Sto provando il nuovo {what} di @{brand}",
    "nl": "Ik ben fan van de nieuwe {what} van @{brand}",
    "pt": "Estou a adorar o novo {what} da @{brand}",
}
_WHAT = {
    "fitness": "grip trainer",
    "beauty": "serum",
    "food": "oat drink",
    "travel": "backpack",
    "gaming": "controller",
    "tech": "earbuds",
    "parenting": "baby carrier",
    "personal finance": "budgeting app",
    "fashion": "linen shirt",
    "sustainability": "refill kit",
}
_CODE = {
    "en": "use my code {code} for 15% off",
    "de": "mit meinem Code {code} gibt es 15 % Rabatt",
    "fr": "code {code} pour 15 % de réduction",
    "es": "usa mi código {code} para un 15 % de descuento",
    "it": "usa il mio codice {code} per il 15% di sconto",
    "nl": "gebruik mijn code {code} voor 15% korting",
    "pt": "usa o meu código {code} para 15% de desconto",
}
_CLEAR = {
    "en": ["#ad", "Ad |", "#sponsored"],
    "de": ["Anzeige |", "#werbung"],
    "fr": ["#publicité", "Collaboration commerciale avec @{brand} |"],
    "es": ["#publi", "#publicidad"],
    "it": ["#adv", "#pubblicità"],
    "nl": ["#advertentie", "#reclame"],
    "pt": ["#publi", "#publicidade"],
}
_OWN_SHOP = {
    "en": "My own {thing} is finally live! Code LAUNCH10 for 10% off in my shop.",
    "de": "Mein eigenes {thing} ist endlich da! Mit LAUNCH10 gibt es 10 % in meinem Shop.",
    "fr": "Mon propre {thing} est enfin disponible ! Code LAUNCH10 dans ma boutique.",
    "es": "¡Mi propio {thing} ya está aquí! Código LAUNCH10 en mi tienda.",
    "it": "Il mio {thing} è finalmente online! Codice LAUNCH10 nel mio shop.",
    "nl": "Mijn eigen {thing} is eindelijk live! Code LAUNCH10 in mijn shop.",
    "pt": "O meu próprio {thing} já está disponível! Código LAUNCH10 na minha loja.",
}
_THINGS = {"en": "e-book", "de": "E-Book", "fr": "e-book", "es": "e-book", "it": "e-book",
           "nl": "e-book", "pt": "e-book"}  # fmt: skip

# Comments: real conversation, by language; generic ones; the creator's answers.
_COMMENTS = {
    "en": [
        "This is so helpful, saving it for later!",
        "How long did it take you to get there?",
        "Where did you get that? Need it.",
        "Tried this yesterday and it worked, thank you!",
        "Can you do a longer version of this?",
        "Honestly the best account on here for this stuff.",
        "What would you swap if I don't have the equipment?",
        "Love how real you keep it.",
    ],
    "de": [
        "Super hilfreich, danke dir!",
        "Wie lange hast du dafür gebraucht?",
        "Das probiere ich am Wochenende aus.",
        "Kannst du dazu mehr zeigen?",
    ],
    "fr": [
        "Trop utile, merci beaucoup !",
        "Tu l'as trouvé où ?",
        "Je teste ce week-end !",
        "Tu peux en faire une version plus longue ?",
    ],
    "es": [
        "¡Qué útil, gracias!",
        "¿Dónde lo compraste?",
        "Lo pruebo este finde.",
        "¿Puedes hacer una versión más larga?",
    ],
    "it": [
        "Utilissimo, grazie mille!",
        "Dove l'hai preso?",
        "Lo provo questo weekend!",
        "Puoi fare un video più lungo?",
    ],
    "nl": [
        "Superhandig, dank je!",
        "Waar heb je dat gekocht?",
        "Ga ik dit weekend proberen.",
        "Kun je hier meer over vertellen?",
    ],
    "pt": [
        "Muito útil, obrigada!",
        "Onde compraste isso?",
        "Vou experimentar este fim de semana.",
        "Podes fazer uma versão mais longa?",
    ],
}
_GENERIC = ["nice pic 🔥", "🔥🔥🔥", "love this ❤️", "great post!", "😍😍", "wow 👏", "amazing!!",
            "nice 👍", "cool pic", "❤️❤️❤️"]  # fmt: skip
_ANSWERS = {
    "en": ["Thank you so much!", "About three months of practice!", "Will do one soon!"],
    "de": ["Danke dir!", "Mach ich bald!"],
    "fr": ["Merci beaucoup !", "Bientôt promis !"],
    "es": ["¡Gracias!", "¡Pronto!"],
    "it": ["Grazie mille!", "Presto!"],
    "nl": ["Dank je!", "Komt eraan!"],
    "pt": ["Obrigada!", "Em breve!"],
}
_FAN_FIRST = ["anna", "ben", "carla", "dev", "ella", "finn", "gabi", "hugo", "iris", "jonas",
              "kim", "lucas", "mila", "nico", "olga", "pim", "rosa", "sven", "tara", "umut",
              "vic", "wen", "yara", "zane"]  # fmt: skip
_FAN_SECOND = ["reads", "bakes", "runs", "travels", "plays", "codes", "draws", "lifts", "sews",
               "hikes", "writes", "films"]  # fmt: skip


def _base_rate(followers: int) -> float:
    """The typical engagement per post ÷ followers at this audience size (falls with it)."""
    return 0.06 * (max(followers, 100) / 1_000) ** -0.22


def _lognormal(rng: random.Random, sigma: float) -> float:
    return math.exp(rng.gauss(-sigma * sigma / 2, sigma))


def _csv(rows: list[dict[str, object]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: "" if row.get(c) is None else row[c] for c in columns})
    return buffer.getvalue()


def _when(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S")


def generate(seed: int = SEED) -> dict[str, str]:
    """The sample's files (name → text), made from ``seed``; the same seed, the same text."""
    rng = random.Random(seed)
    fans = sorted({f"{a}.{b}" for a in _FAN_FIRST for b in _FAN_SECOND})
    throwaways = [f"user{rng.randrange(10**7, 10**8)}" for _ in range(40)]
    pod = [c.handle for c in _CREATORS if c.suspicious == "pod"]
    profiles: list[dict[str, object]] = []
    posts: list[dict[str, object]] = []
    comments: list[dict[str, object]] = []
    labels: list[dict[str, object]] = []
    post_labels: list[dict[str, object]] = []
    for spec in _CREATORS:
        tiktok = spec.platform.startswith("tiktok")
        following = int(spec.followers * rng.uniform(0.02, 0.4)) + rng.randrange(80, 900)
        profiles.append(
            {
                "handle": spec.handle,
                "platform": spec.platform,
                "followers": spec.followers,
                "following": min(following, 7_500),
                "posts": 0,  # filled below
                "bio": f"{spec.niche.title()} | {spec.language.upper()} | made-up sample creator",
                "full_name": spec.name,
                "external_url": f"https://example.org/{spec.handle}",
                "private": "false",
                "verified": "true" if spec.followers >= 500_000 else "false",
                "profile_picture": f"https://example.org/{spec.handle}.jpg",
                "language": spec.language,
            }
        )
        labels.append(
            {
                "handle": spec.handle,
                "platform": spec.platform,
                "niche": spec.niche,
                "language": spec.language,
                "suspicious": spec.suspicious,
                "disclosure_habit": spec.habit,
            }
        )
        level = _base_rate(spec.followers) * _lognormal(rng, 0.35)
        if tiktok:
            level *= 1.6
        per_week = rng.choice([0.5, 1.0, 1.0, 1.5, 2.0])
        day = rng.uniform(0, 7 / per_week)
        n = 0
        while day < _DAYS:
            n += 1
            when = _START + timedelta(days=day, hours=rng.choice([7, 9, 12, 17, 19, 21]))
            when += timedelta(minutes=rng.randrange(60))
            post_id = f"{'tt' if tiktok else 'ig'}{len(posts) + 1:05d}"
            post, disclosure = _post(rng, spec, post_id, when, level, tiktok)
            posts.append(post)
            post_labels.append(
                {"post_id": post_id, "sponsored": str(bool(disclosure)).lower(),
                 "disclosure": disclosure}
            )  # fmt: skip
            comments += _comments(rng, spec, post, fans, throwaways, pod, when, len(comments))
            day += rng.expovariate(per_week / 7)
        profiles[-1]["posts"] = n + rng.randrange(20, 400)
    return {
        "profiles.csv": _csv(
            profiles,
            [
                "handle",
                "platform",
                "followers",
                "following",
                "posts",
                "bio",
                "full_name",
                "external_url",
                "private",
                "verified",
                "profile_picture",
                "language",
            ],
        ),  # fmt: skip
        "posts.csv": _csv(
            posts,
            [
                "post_id",
                "handle",
                "created",
                "caption",
                "hashtags",
                "mentions",
                "media_type",
                "likes",
                "comments",
                "shares",
                "views",
                "paid_partnership",
            ],
        ),  # fmt: skip
        "comments.csv": _csv(
            comments, ["comment_id", "post_id", "author", "text", "created", "reply_to"]
        ),
        "labels.csv": _csv(
            labels,
            ["handle", "platform", "niche", "language", "suspicious", "disclosure_habit"],
        ),
        "post_labels.csv": _csv(post_labels, ["post_id", "sponsored", "disclosure"]),
    }


def _caption(rng: random.Random, spec: _Spec) -> str:
    options = _CAPTIONS.get((spec.language, spec.niche)) or _CAPTIONS[(spec.language, "*")]
    return rng.choice(options)


def _post(
    rng: random.Random, spec: _Spec, post_id: str, when: datetime, level: float, tiktok: bool
) -> tuple[dict[str, object], str]:
    """A post's row, and how its sponsorship is disclosed as made ('' when not sponsored;
    clear, label — the platform's paid-partnership label —, unclear or none)."""
    tags = rng.sample(_HASHTAGS[spec.niche], k=rng.randint(1, 3))
    text = _caption(rng, spec)
    mentions: list[str] = []
    brand = _BRANDS[spec.niche]
    sponsored = spec.followers >= 1_000 and rng.random() < 0.13
    paid_label = False
    habit = ""
    if sponsored:
        product = _PRODUCT[spec.language].format(what=_WHAT[spec.niche], brand=brand)
        code = _CODE[spec.language].format(code=f"{spec.handle.split('.')[0].upper()[:6]}15")
        habit = spec.habit if spec.habit != "mixed" else rng.choice(["clear", "unclear", "none"])
        mentions.append(brand)
        body = f"{product}! {text} {code}."
        if habit == "clear":
            label = rng.choice(_CLEAR[spec.language]).format(brand=brand)
            text = f"{label} {body}"
        elif habit == "label":
            text, paid_label = body, True
        elif habit == "unclear":
            wall = " ".join(f"#{t}" for t in _HASHTAGS[spec.niche][:5])
            style = rng.choice(["wall", "vague", "thanks"])
            if style == "wall":
                text = f"{body} {wall} #ad"
            elif style == "vague":
                text = f"{body} #sp #collab"
            else:
                text = f"{text} Thanks to @{brand} for this one! {code}."
        else:
            text = body
    elif spec.followers >= 1_000 and rng.random() < 0.03:
        text = _OWN_SHOP[spec.language].format(thing=_THINGS[spec.language])
    caption = f"{text} " + " ".join(f"#{t}" for t in tags)
    video = tiktok or rng.random() < 0.3
    rate = level * _lognormal(rng, 0.3) * (0.8 if sponsored else 1.0)
    if spec.suspicious == "bought_likes" and rng.random() < 0.5:
        rate *= rng.uniform(2.5, 5.0)  # bursts of bought likes
    engagements = spec.followers * rate
    comment_share = 0.002 if spec.suspicious == "bought_likes" else rng.uniform(0.02, 0.06)
    comments = round(engagements * comment_share)
    shares = round(engagements * rng.uniform(0.01, 0.05)) if video else None
    likes = max(round(engagements) - comments - (shares or 0), 0)
    views = None
    if video:
        reach = _lognormal(rng, 0.8) * (1.2 if tiktok else 0.45)
        views = max(round(spec.followers * reach), likes + comments)
    post = {
        "post_id": post_id,
        "handle": spec.handle,
        "created": _when(when),
        "caption": caption,
        "hashtags": " ".join(tags),
        "mentions": " ".join(mentions),
        "media_type": "video" if video else rng.choice(["image", "image", "carousel"]),
        "likes": likes,
        "comments": comments,
        "shares": shares,
        "views": views,
        "paid_partnership": "true" if paid_label else "false",
    }
    return post, habit


def _comments(
    rng: random.Random,
    spec: _Spec,
    post: dict[str, object],
    fans: list[str],
    throwaways: list[str],
    pod: list[str],
    when: datetime,
    before: int,
) -> list[dict[str, object]]:
    """The comments stored for a post: a sample of its counted ones, at most five
    (``before`` comments were made before it, for their ids)."""
    counted = int(post["comments"])  # type: ignore[call-overload]
    n = min(counted, rng.randint(1, 5)) if counted else 0
    out: list[dict[str, object]] = []
    authors: list[tuple[str, str]] = []
    if spec.suspicious == "pod":
        authors += [(p, "pod") for p in pod if p != spec.handle]
    for _ in range(n):
        if spec.suspicious == "generic_comments" and rng.random() < 0.7:
            authors.append((rng.choice(throwaways), "generic"))
        elif rng.random() < 0.15:
            authors.append((rng.choice(fans), "generic"))
        else:
            authors.append((rng.choice(fans), "real"))
    t = when
    for author, kind in authors:
        t += timedelta(minutes=rng.randrange(3, 240))
        if kind == "real":
            text = rng.choice(_COMMENTS[spec.language])
        elif kind == "pod":
            text = rng.choice(["Love this!! 🙌", "So good 😍", "Yes!! 🔥", "Obsessed ❤️"])
        else:
            text = rng.choice(_GENERIC)
        comment_id = f"k{before + len(out) + 1:05d}"
        out.append(
            {"comment_id": comment_id, "post_id": post["post_id"], "author": author,
             "text": text, "created": _when(t)}
        )  # fmt: skip
        if kind == "real" and rng.random() < 0.25:  # the creator answers
            t += timedelta(minutes=rng.randrange(5, 600))
            out.append(
                {"comment_id": f"{comment_id}r", "post_id": post["post_id"],
                 "author": spec.handle, "text": f"@{author} {rng.choice(_ANSWERS[spec.language])}",
                 "created": _when(t), "reply_to": comment_id}
            )  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    """Write the sample's files into a folder (by default the bundled one)."""
    parser = argparse.ArgumentParser(
        prog="python -m nichescout.data.creators",
        description="Write the made-up creator sample (the bundled one, or another seed).",
    )
    parser.add_argument("--out", type=Path, default=creators_sample_path())
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in generate(args.seed).items():
        (args.out / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
