"""Finding a taxonomy's words in text: whole words, phrases, light inflection, hashtags.

:class:`Matcher` finds where the words and hashtags of a :class:`~nichescout.niches.taxonomy.
Taxonomy` occur, and which niches each occurrence speaks for. The rules, in order:

- **Folding**: text and words are compared case- and accent-blind (``Köln`` = ``koln``,
  ``Straße`` = ``strasse``); links and ``@handles`` are skipped.
- **Whole words, longest phrase first**: a word matches only a whole token (``art`` is not
  found in ``start``); at each token the longest phrase of the taxonomy wins, so ``ball
  python`` speaks for pets and leaves nothing for ``python``.
- **Light inflection**: a word of at least ``niches_inflection_min_length`` letters also
  matches with the plural and case endings of the seven languages (``-s``, ``-es``, ``-e``,
  ``-en``, ``-n``; Italian ``-a → -e``, ``-o → -i``, ``-e → -i``) — unless another word of
  the taxonomy is written so. Endings are only added: the taxonomy lists base forms.
- **Hashtags** (and topic tags such as Stack Exchange's ``machine-learning``): a hashtag
  listed by a niche matches as a whole; else its parts when it has separators; else it is cut
  into words of the taxonomy and the segmentation lists, every letter covered
  (``#veganrecipes`` → *vegan recipes*, ``#homebaking`` → *home baking*), with German and
  Dutch linking letters between words (``huidverzorgings|routine``); else a word of the
  taxonomy that begins or ends it (see below).
- **Compounds**: a long word that matched nothing (a German or Dutch compound such as
  ``Apfelkuchen``, ``Krafttraining``) is cut the same way, else matches the longest word of
  the taxonomy that begins or ends it, when that word has at least the first number of
  ``niches_compound_parts`` letters and at least the second number are left
  (``apfel|kuchen`` → *kuchen*; ``#catholic`` is not *cat*).

>>> from nichescout.niches.taxonomy import load_taxonomy
>>> matcher = Matcher(load_taxonomy())
>>> [(m.surface, m.niches) for m in matcher.text("My ball python shed. Python 3 is fun.")]
[('ball python', ('pets',)), ('python', ('tech',))]
>>> [(m.surface, m.niches) for m in matcher.tag("veganrecipes")]
[('veganrecipes', ('food',))]
>>> segment("veganrecipes", {"vegan", "recipes", "recipe"})
['vegan', 'recipes']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from nichescout import settings
from nichescout.niches.taxonomy import Taxonomy

__all__ = ["Match", "Matcher", "fold", "segment", "words_of"]

_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_MENTION = re.compile(r"(?<![\w@])@[\w.]+")
_TOKEN = re.compile(r"#\w+|[^\W_]+")
_PART = re.compile(r"[^\W_]+")
_SPECIAL = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ı": "i"})
#: Letters German and Dutch put between the words of a compound.
_LINKS = frozenset({"s", "e", "en", "n", "es", "er"})


def fold(text: str) -> str:
    """Lower case without accents: how text and words are compared.

    >>> fold("Crème Brûlée, STRASSE, Straße, Køkken")
    'creme brulee, strasse, strasse, kokken'
    """
    text = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL))
    return "".join(c for c in text if not unicodedata.combining(c))


def words_of(text: str) -> list[str]:
    """The folded words of ``text`` (hyphens, apostrophes and underscores separate words)."""
    return _PART.findall(fold(text))


def segment(
    word: str,
    vocabulary: Collection[str],
    links: Collection[str] = _LINKS,
    longest: int | None = None,
) -> list[str] | None:
    """``word`` cut into words of ``vocabulary``, every letter covered, the fewest pieces
    (linking letters ``links`` may stand between two pieces and are left out); None when
    it cannot be cut so. ``longest``: the length of the longest word of ``vocabulary``
    (computed when not given).

    >>> segment("huidverzorgingsroutine", {"huidverzorging", "routine"})
    ['huidverzorging', 'routine']
    >>> segment("catholic", {"cat", "holic"}) == ["cat", "holic"], segment("catholic", {"cat"})
    (True, None)
    """
    n = len(word)
    if not n:
        return None
    if longest is None:
        longest = max((len(v) for v in vocabulary), default=0)
    # best[i]: (pieces, links, previous index, was a link) for word[:i] fully covered
    best: list[tuple[int, int, int, bool] | None] = [None] * (n + 1)
    best[0] = (0, 0, -1, False)
    for i in range(1, n + 1):
        for j in range(max(0, i - longest), i):
            prev = best[j]
            if prev is None:
                continue
            piece = word[j:i]
            if piece in vocabulary:
                cand = (prev[0] + 1, prev[1], j, False)
            elif piece in links and j > 0 and i < n and not prev[3]:
                cand = (prev[0], prev[1] + 1, j, True)
            else:
                continue
            cur = best[i]
            if cur is None or cand[:2] < cur[:2]:
                best[i] = cand
    end = best[n]
    if end is None or end[3]:
        return None
    pieces = []
    i = n
    while i > 0:
        state = best[i]
        assert state is not None
        if not state[3]:
            pieces.append(word[state[2] : i])
        i = state[2]
    return pieces[::-1]


@dataclass(frozen=True)
class Term:
    """A word or phrase of the taxonomy: its folded key, the niches that list it (in
    taxonomy order), and how it is written there."""

    key: str
    niches: tuple[str, ...]
    written: str


@dataclass(frozen=True)
class Match:
    """One occurrence: what was seen (``surface``: the term as the taxonomy writes it, or
    the hashtag, tag or compound as written, folded), the terms it stands for, and whether
    it was a hashtag or tag."""

    surface: str
    terms: tuple[Term, ...]
    tag: bool = False

    @property
    def niches(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for t in self.terms for n in t.niches))


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    exact: Term | None = None
    inflected: list[Term] = field(default_factory=list)

    def terms(self) -> tuple[Term, ...]:
        return (self.exact,) if self.exact is not None else tuple(self.inflected)


def _inflections(word: str, min_length: int) -> set[str]:
    if len(word) < min_length or not word.isalpha():
        return set()
    out = {word + s for s in ("s", "es", "e", "en", "n")}
    swap = {"a": "e", "o": "i", "e": "i"}.get(word[-1])
    if swap:
        out.add(word[:-1] + swap)
    out.discard(word)
    return out


class Matcher:
    """Finds the words and hashtags of ``taxonomy`` in text and tags (module docstring).

    ``overrides`` maps setting names to values (``niches_inflection_min_length``,
    ``niches_compound_parts``).
    """

    def __init__(self, taxonomy: Taxonomy, overrides: Mapping[str, object] | None = None) -> None:
        self.taxonomy = taxonomy
        self.inflection_min = int(settings.get("niches_inflection_min_length", overrides))
        part, rest = settings.get("niches_compound_parts", overrides)
        self.part_min, self.rest_min = int(part), int(rest)
        listing: dict[str, dict[str, str]] = {}  # key → niche → written
        words: set[str] = set()  # keys of words and phrases (not hashtag-only)
        for niche in taxonomy:
            for written in (*niche.terms(), *niche.hashtags):
                key = " ".join(words_of(written))
                if key:
                    listing.setdefault(key, {}).setdefault(niche.name, written)
            words.update(" ".join(words_of(w)) for w in niche.terms())
        self.terms: dict[str, Term] = {
            key: Term(key, tuple(by), next(iter(by.values()))) for key, by in listing.items()
        }
        self.hashtags: dict[str, Term] = {}
        for niche in taxonomy:
            for tag in niche.hashtags:
                key = "".join(words_of(tag))
                self.hashtags[key] = self.terms[" ".join(words_of(tag))]
        # text is matched against words and phrases; a hashtag listed only as a hashtag
        # (#learning, #design) matches only as a hashtag or tag
        self._root = _Node()
        in_text = [t for key, t in self.terms.items() if key in words]
        for term in in_text:
            self._insert(term.key.split(), term, exact=True)
        for term in in_text:
            *head, last = term.key.split()
            for variant in _inflections(last, self.inflection_min):
                self._insert([*head, variant], term, exact=False)
        # what hashtags and compounds may be cut into: every word of the taxonomy's terms
        # and their inflections, its hashtags and the segmentation words, of two letters
        # or more (single letters would cut almost anything)
        vocabulary = set(self.hashtags)
        for key in self.terms:
            for word in key.split():
                vocabulary.add(word)
                vocabulary.update(_inflections(word, self.inflection_min))
        for listed in taxonomy.segmentation.values():
            vocabulary.update(w for word in listed for w in words_of(word))
        self.vocabulary = {w for w in vocabulary if len(w) > 1}
        #: single words of the taxonomy as written (not inflected) that may begin or end a
        #: longer word
        self._affixes = {
            w for w, node in self._root.children.items() if len(w) >= self.part_min and node.exact
        }
        self._longest = max((len(w) for w in self.vocabulary), default=0)
        self._compounds: dict[tuple[str, bool], list[Match]] = {}

    def _insert(self, words: list[str], term: Term, exact: bool) -> None:
        node = self._root
        for word in words:
            node = node.children.setdefault(word, _Node())
        if exact:
            node.exact = term
        elif term not in node.inflected:
            node.inflected.append(term)

    # -- matching ---------------------------------------------------------------------------
    def text(self, text: str | None) -> list[Match]:
        """Matches in running text (a bio, a caption, a message): words, phrases, compounds
        and the hashtags written in it."""
        if not text:
            return []
        clean = _MENTION.sub(" ", _URL.sub(" ", text))
        out: list[Match] = []
        run: list[str] = []
        for token in _TOKEN.findall(fold(clean)):
            if token.startswith("#"):
                out.extend(self.words(run))
                run = []
                out.extend(self.tag(token[1:]))
            else:
                run.append(token)
        out.extend(self.words(run))
        return out

    def words(self, words: list[str], compounds: bool = True) -> list[Match]:
        """Matches in a sequence of folded words: the longest phrase at each word."""
        out = []
        i = 0
        while i < len(words):
            node, end, found = self._root, i, None
            for k in range(i, len(words)):
                nxt = node.children.get(words[k])
                if nxt is None:
                    break
                node = nxt
                if node.terms():
                    end, found = k + 1, node
            if found is not None:
                terms = found.terms()
                surface = terms[0].written if len(terms) == 1 else " ".join(words[i:end])
                out.append(Match(fold(surface), terms))
                i = end
                continue
            if compounds:
                out.extend(self._compound(words[i], tag=False))
            i += 1
        return out

    def tag(self, tag: str) -> list[Match]:
        """Matches of one hashtag or topic tag (without ``#``), each with the tag as its
        surface: the listed hashtag, else its parts, else its segmentation, else an affix."""
        parts = words_of(tag)
        if not parts:
            return []
        surface = "-".join(parts) if len(parts) > 1 else parts[0]
        joined = "".join(parts)
        if joined in self.hashtags:
            return [Match(surface, (self.hashtags[joined],), tag=True)]
        if len(parts) > 1:
            found = self.words(parts)
        else:
            found = self.words(parts, compounds=False) or self._compound(parts[0], tag=True)
        terms = tuple(dict.fromkeys(t for m in found for t in m.terms))
        return [Match(surface, terms, tag=True)] if terms else []

    def _compound(self, word: str, tag: bool) -> list[Match]:
        if len(word) < self.part_min + self.rest_min or not word.isalpha():
            return []
        key = (word, tag)
        if key not in self._compounds:  # words repeat: each is worked out once
            self._compounds[key] = self._cut(word, tag)
        return self._compounds[key]

    def _cut(self, word: str, tag: bool) -> list[Match]:
        pieces = segment(word, self.vocabulary, longest=self._longest)
        if pieces is not None and len(pieces) > 1:
            terms = tuple(
                dict.fromkeys(t for m in self.words(pieces, compounds=False) for t in m.terms)
            )
            if terms:
                return [Match(word, terms, tag=tag)]
        # the longest word of the taxonomy that ends or begins it (the end first on a tie)
        for size in range(len(word) - self.rest_min, self.part_min - 1, -1):
            for affix in (word[-size:], word[:size]):
                if affix in self._affixes:
                    return [Match(word, self._root.children[affix].terms(), tag=tag)]
        return []

    def all_terms(self) -> Iterable[Term]:
        return self.terms.values()
