"""Niche labels for creators and community members, from their bios, captions, hashtags and tags.

- :mod:`~nichescout.niches.taxonomy` — the niches and their words in seven languages, from
  the default TOML shipped with the package and a user's file on top
  (:func:`load_taxonomy`);
- :mod:`~nichescout.niches.matching` — whole-word, phrase, inflection, hashtag and compound
  matching;
- :mod:`~nichescout.niches.keywords` — the keyword classifier: field weights, rarity of the
  word across niches, minimum evidence, the evidence in words (:class:`KeywordModel`);
- :mod:`~nichescout.niches.embeddings` — sentence embeddings, an optional extra
  (``pip install 'nichescout[niches]'``);
- :mod:`~nichescout.niches.label` — the members of a store labelled (:func:`label_niches`,
  :func:`member_niches`, :class:`NicheLabeller`);
- :mod:`~nichescout.niches.evaluate` — agreement on labelled examples
  (docs/evaluation-niches.md).

Importing this package loads neither pandas nor NumPy; labelling a store does.

>>> from nichescout.niches import KeywordModel
>>> [s.niche for s in KeywordModel().fit().label({"bio": ["Zwei Hunde und eine Katze 🐾"]})]
['pets']
"""

from nichescout.niches.keywords import Evidence, KeywordModel, NicheScore
from nichescout.niches.label import (
    LABEL_COLUMNS,
    METHODS,
    NicheLabeller,
    label_niches,
    member_niches,
)
from nichescout.niches.taxonomy import LANGUAGES, Niche, Taxonomy, load_taxonomy

__all__ = [
    "LABEL_COLUMNS",
    "LANGUAGES",
    "METHODS",
    "Evidence",
    "KeywordModel",
    "Niche",
    "NicheLabeller",
    "NicheScore",
    "Taxonomy",
    "label_niches",
    "load_taxonomy",
    "member_niches",
]
