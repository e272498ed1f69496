r"""The keyword classifier: niches from the words and hashtags a member uses, with the evidence.

A member's *document* is their texts by field (``bio``, ``hashtags``, ``captions``, ``tags``,
``titles``, ``posts``, ``messages``, ``comments``, ``thread tags``, ``channels``). The
:class:`~nichescout.niches.matching.Matcher` finds the taxonomy's words in it; every
distinct thing seen — a word of the taxonomy, or a hashtag, tag or compound as written —
in a field is one piece of evidence for each niche it speaks for, and weighs

.. math::

    e(t, f) = w_f \cdot \mathrm{idf}(t) \cdot (1 + \ln c_{t,f}),
    \qquad \mathrm{idf}(t) = \frac{\ln(1 + N / n_t)}{\ln(1 + N)}

where :math:`w_f` is the field's weight (setting ``niches_field_weights``: the bio 2,
hashtags and tags 1.5, captions 1…), :math:`c_{t,f}` how often it was seen there (more
mentions count, each less: a creator with 50 ``#gym`` posts is not 50 times a one-post
creator), :math:`N` the number of niches and :math:`n_t` how many of them list it (a word
of one niche weighs 1, a word every niche lists about :math:`\ln 2 / \ln(1 + N)`; a hashtag
or compound that speaks for several niches through several words counts its rarest). A
niche's **score** is the sum over its evidence; its **share** the score over all niches'.

The member gets the niches whose score is at least ``niches_min_evidence`` (minimum
evidence: one caption word only this niche lists is just enough; a word three niches share
is not), and at least ``niches_min_relative`` of their first niche's score, at most
``niches_max_labels``, best first (ties, to 9 decimal places, in taxonomy order).

>>> model = KeywordModel().fit()
>>> labels = model.label({"bio": ["Strength coach | Köln"],
...                       "hashtags": ["legday"] * 12 + ["mealprep"],
...                       "captions": ["Leg day done, new workout plan"] * 9})
>>> [(s.niche, round(s.score, 2)) for s in labels]
[('fitness', 13.62)]
>>> labels[0].explain()
'fitness: #legday ×12, "leg day" ×9 in captions, "workout" ×9 in captions, "strength coach" in bio'
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from nichescout import settings
from nichescout.exceptions import NotFittedError, ParameterError
from nichescout.niches.matching import Match, Matcher
from nichescout.niches.taxonomy import Taxonomy, load_taxonomy

__all__ = [
    "TAG_FIELDS",
    "Document",
    "Evidence",
    "KeywordModel",
    "NicheScore",
    "idf",
]

#: Fields whose entries are tags (one hashtag or topic tag each, without ``#``), not text.
TAG_FIELDS = frozenset({"hashtags", "tags", "thread tags", "channels"})
#: Scores are compared to this many decimal places (ties, thresholds): the same evidence
#: summed in another order differs in the last bits.
_PLACES = 9
_TOLERANCE = 10.0**-_PLACES
#: Fields whose tags are shown with a ``#`` in the evidence.
_HASH_FIELDS = frozenset({"hashtags"})

#: A member's texts: field name → texts (or tags, in :data:`TAG_FIELDS`).
Document = Mapping[str, Sequence[str]]


def idf(listed_by: int, niches: int) -> float:
    """The weight of a term that ``listed_by`` of ``niches`` niches list (module docstring).

    >>> idf(1, 21), round(idf(2, 21), 3), round(idf(21, 21), 3)
    (1.0, 0.79, 0.224)
    """
    if not 1 <= listed_by <= niches:
        raise ParameterError.invalid("listed_by", "idf", f"an integer in [1, {niches}]", listed_by)
    if niches == 1:
        return 1.0
    return math.log1p(niches / listed_by) / math.log1p(niches)


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence: what was seen, where, how often, and its weight ``e(t, f)``."""

    term: str
    field: str
    count: int
    weight: float

    def __str__(self) -> str:
        if self.field == "embedding":
            return f"cosine similarity {self.term} to the niche's description and words"
        times = f" ×{self.count}" if self.count > 1 else ""
        if self.field in _HASH_FIELDS:
            return f"#{self.term}{times}"
        return f'"{self.term}"{times} in {self.field}'


@dataclass(frozen=True)
class NicheScore:
    """A niche of a member: its score (summed evidence), share of all niches' scores, and
    the evidence, heaviest first."""

    niche: str
    score: float
    share: float
    evidence: tuple[Evidence, ...]

    def explain(self, terms: int | None = None) -> str:
        """``'fitness: #legday ×12, "workout" ×9 in captions'``: the ``terms`` heaviest
        pieces of evidence (setting ``niches_evidence_terms``)."""
        shown = self.evidence[: terms or int(settings.get("niches_evidence_terms"))]
        return f"{self.niche}: " + ", ".join(str(e) for e in shown)


class KeywordModel:
    """Scores documents against a taxonomy (module docstring).

    Parameters
    ----------
    taxonomy:
        The niches; default: :func:`~nichescout.niches.taxonomy.load_taxonomy`.
    overrides:
        Setting values to use instead of the defaults (``niches_min_evidence``, …).

    Attributes (after :meth:`fit`): ``matcher_``, ``idf_`` (term key → weight), ``weights_``
    (field → weight), ``min_evidence_``, ``min_relative_``, ``max_labels_``.
    """

    def __init__(
        self, taxonomy: Taxonomy | None = None, overrides: Mapping[str, object] | None = None
    ) -> None:
        self.taxonomy = taxonomy
        self.overrides = overrides

    def fit(self) -> KeywordModel:
        taxonomy = self.taxonomy if self.taxonomy is not None else load_taxonomy()
        opt = self.overrides
        self.taxonomy_ = taxonomy
        self.matcher_ = Matcher(taxonomy, opt)
        n = len(taxonomy)
        self.idf_ = {key: idf(len(t.niches), n) for key, t in self.matcher_.terms.items()}
        self.weights_ = {
            str(k): float(v) for k, v in settings.get("niches_field_weights", opt).items()
        }
        self.min_evidence_ = float(settings.get("niches_min_evidence", opt))
        self.min_relative_ = float(settings.get("niches_min_relative", opt))
        self.max_labels_ = int(settings.get("niches_max_labels", opt))
        for name, value, domain in (
            ("niches_min_evidence", self.min_evidence_, self.min_evidence_ >= 0),
            ("niches_min_relative", self.min_relative_, 0 <= self.min_relative_ <= 1),
            ("niches_max_labels", self.max_labels_, self.max_labels_ >= 1),
        ):
            if not domain:
                raise ParameterError(f"The setting {name} is out of its range: {value!r}.")
        for field, weight in self.weights_.items():
            if not weight >= 0:
                raise ParameterError(
                    f"The setting niches_field_weights gives {field!r} a weight of {weight}; "
                    "weights must be 0 or more."
                )
        self._order = {name: k for k, name in enumerate(taxonomy.names)}
        return self

    def _check(self) -> None:
        if not hasattr(self, "matcher_"):
            raise NotFittedError("This KeywordModel is not fitted yet; call fit() first.")

    def matches(self, document: Document) -> dict[str, list[Match]]:
        """What the matcher finds in each field of ``document``."""
        self._check()
        out: dict[str, list[Match]] = {}
        for field, entries in document.items():
            found: list[Match] = []
            for entry in entries:
                if not entry:
                    continue
                found.extend(
                    self.matcher_.tag(entry) if field in TAG_FIELDS else self.matcher_.text(entry)
                )
            out[field] = found
        return out

    def score(self, document: Document) -> list[NicheScore]:
        """Every niche with any evidence in ``document``, best first (no rule applied)."""
        self._check()
        counts: dict[tuple[str, str, str], int] = defaultdict(int)
        weight: dict[tuple[str, str, str], float] = {}
        for field, found in self.matches(document).items():
            for match in found:
                best: dict[str, float] = {}
                for term in match.terms:
                    for niche in term.niches:
                        best[niche] = max(best.get(niche, 0.0), self.idf_[term.key])
                for niche, value in best.items():
                    key = (niche, match.surface, field)
                    counts[key] += 1
                    weight[key] = max(weight.get(key, 0.0), value)
        evidence: dict[str, list[Evidence]] = defaultdict(list)
        for (niche, surface, field), count in counts.items():
            w = self.weights_.get(field, 1.0) * weight[(niche, surface, field)]
            evidence[niche].append(Evidence(surface, field, count, w * (1.0 + math.log(count))))
        totals = {niche: sum(e.weight for e in items) for niche, items in evidence.items()}
        grand = sum(totals.values())
        scores = [
            NicheScore(
                niche,
                totals[niche],
                totals[niche] / grand if grand > 0 else 0.0,
                tuple(sorted(items, key=lambda e: (-e.weight, e.field, e.term))),
            )
            for niche, items in evidence.items()
        ]
        # scores equal but for rounding (the same evidence summed in another order) tie
        scores.sort(
            key=lambda s: (-round(s.score, _PLACES), self._order.get(s.niche, len(self._order)))
        )
        return scores

    def label(self, document: Document) -> list[NicheScore]:
        """The niches ``document`` is labelled with: the minimum-evidence and relative rules,
        at most ``niches_max_labels``, best first."""
        return self.select(self.score(document))

    def select(self, scores: Sequence[NicheScore]) -> list[NicheScore]:
        """The labels among ``scores`` (best first) by the rules of the module docstring."""
        self._check()
        if not scores:
            return []
        top = scores[0].score
        kept = [
            s
            for s in scores
            if s.score > 0
            and s.score >= self.min_evidence_ - _TOLERANCE
            and s.score >= self.min_relative_ * top - _TOLERANCE
        ]
        return kept[: self.max_labels_]
