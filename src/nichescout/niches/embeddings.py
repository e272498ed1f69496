"""Niches by meaning: sentence embeddings of a member's text against each niche's description.

An optional extra: ``pip install 'nichescout[niches]' --extra-index-url
https://download.pytorch.org/whl/cpu`` installs sentence-transformers and torch's CPU build.
The model (setting ``niches_embedding_model``, a small multilingual one by default) is
fetched from the Hugging Face hub the first time and read from its cache afterwards, so
labelling runs offline; a local folder works too. Nothing here is imported until
``method="embeddings"`` is asked for.

Each niche is embedded once, as its name, description and words of every language; each
member as :func:`document_text` (bio first, then hashtags and tags as words, titles and
texts, cut to ``niches_embedding_max_chars``). The score of a niche is the cosine
similarity; the member gets the niches with a similarity of at least
``niches_embedding_min_similarity`` and within ``niches_embedding_margin`` of their best, at
most ``niches_max_labels``.

Any encoder can stand in for the model (``encode``: texts → one vector each):

>>> import numpy as np
>>> from nichescout.niches.taxonomy import load_taxonomy
>>> def encode(texts):  # a toy encoder: counts of three words
...     return np.array([[t.lower().count(w) for w in ("gym", "recipe", "code")] for t in texts], float) + 1e-9
>>> model = EmbeddingModel(encode=encode).fit()
>>> [s.niche for s in model.label_many([{"bio": ["gym gym gym"]}])[0]][:1]
['fitness']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from nichescout import settings
from nichescout.exceptions import ModelError, NotFittedError, ParameterError
from nichescout.niches.keywords import TAG_FIELDS, Document, Evidence, NicheScore
from nichescout.niches.matching import words_of
from nichescout.niches.taxonomy import Taxonomy, load_taxonomy

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["EXTRA_HINT", "EmbeddingModel", "document_text", "load_encoder"]

#: How to install what ``method="embeddings"`` needs.
EXTRA_HINT = (
    "pip install 'nichescout[niches]' --extra-index-url https://download.pytorch.org/whl/cpu"
)
#: The order a member's fields are written in for embedding: the most telling first.
_FIELD_ORDER = (
    "bio", "hashtags", "tags", "titles", "captions", "posts", "messages", "comments",
    "thread tags", "channels",
)  # fmt: skip

Encoder = Callable[[list[str]], Any]


def document_text(document: Document, max_chars: int) -> str:
    """A member's text for embedding: fields in a fixed order (bio first), tags as words,
    each entry once, cut to ``max_chars``.

    >>> document_text({"captions": ["Leg day!"], "bio": ["Coach"], "hashtags": ["leg_day", "gym"]}, 40)
    'Coach. leg day. gym. Leg day!'
    """
    parts: list[str] = []
    fields = sorted(document, key=lambda f: _FIELD_ORDER.index(f) if f in _FIELD_ORDER else 99)
    for field in fields:
        for entry in dict.fromkeys(document[field]):
            text = " ".join(words_of(entry)) if field in TAG_FIELDS else " ".join(entry.split())
            if text:
                parts.append(text)
    return ". ".join(parts)[:max_chars]


def load_encoder(model: str) -> Encoder:
    """The sentence-transformers model ``model`` as an encoder; a one-line
    :class:`ModelError` naming the extra when sentence-transformers is not installed."""
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as err:
        raise ModelError(
            "method='embeddings' needs the optional extra 'niches' (sentence-transformers "
            f"with torch's CPU build): {EXTRA_HINT}; or use method='keywords'."
        ) from err
    try:
        loaded = SentenceTransformer(model, device="cpu")
    except Exception as err:  # OSError offline, ValueError for a bad name, …
        raise ModelError(
            f"Cannot load the embedding model {model!r} ({type(err).__name__}: "
            f"{' '.join(str(err).split())[:200]}). It is fetched from the Hugging Face hub "
            "once and read from its cache afterwards: run once online, or set the setting "
            "niches_embedding_model to a local folder."
        ) from err

    def encode(texts: list[str]) -> Any:
        return loaded.encode(texts, normalize_embeddings=True, show_progress_bar=False)

    return encode


class EmbeddingModel:
    """Labels documents by cosine similarity to the niches (module docstring).

    Parameters
    ----------
    taxonomy:
        The niches; default :func:`~nichescout.niches.taxonomy.load_taxonomy`.
    encode:
        texts → one vector each; default the model of ``niches_embedding_model``.
    overrides:
        Setting values to use instead of the defaults.

    Attributes (after :meth:`fit`): ``niche_vectors_`` (one unit row per niche),
    ``model_`` (the model's name, or ``"custom"``).
    """

    def __init__(
        self,
        taxonomy: Taxonomy | None = None,
        encode: Encoder | None = None,
        overrides: Mapping[str, object] | None = None,
    ) -> None:
        self.taxonomy = taxonomy
        self.encode = encode
        self.overrides = overrides

    def fit(self) -> EmbeddingModel:
        opt = self.overrides
        self.taxonomy_ = self.taxonomy if self.taxonomy is not None else load_taxonomy()
        self.min_similarity_ = float(settings.get("niches_embedding_min_similarity", opt))
        self.margin_ = float(settings.get("niches_embedding_margin", opt))
        self.max_chars_ = int(settings.get("niches_embedding_max_chars", opt))
        self.max_labels_ = int(settings.get("niches_max_labels", opt))
        if self.max_chars_ < 1 or self.max_labels_ < 1 or self.margin_ < 0:
            raise ParameterError(
                "The settings niches_embedding_max_chars and niches_max_labels must be 1 or "
                "more, niches_embedding_margin 0 or more."
            )
        if self.encode is None:
            self.model_ = str(settings.get("niches_embedding_model", opt))
            self.encoder_ = load_encoder(self.model_)
        else:
            self.model_, self.encoder_ = "custom", self.encode
        prototypes = [
            f"{n.name}. {n.description} {', '.join(n.terms())}. "
            + " ".join(f"#{t}" for t in n.hashtags)
            for n in self.taxonomy_
        ]
        self.niche_vectors_ = self._unit(self.encoder_(prototypes))
        return self

    @staticmethod
    def _unit(vectors: Any) -> npt.NDArray[np.float64]:
        import numpy as np

        array = np.asarray(vectors, dtype=np.float64)
        norms = np.linalg.norm(array, axis=1, keepdims=True)
        return array / np.where(norms > 0, norms, 1.0)

    def label_many(self, documents: Sequence[Document]) -> list[list[NicheScore]]:
        """The labels of each document, in order (an empty list for a document without
        text)."""
        if not hasattr(self, "niche_vectors_"):
            raise NotFittedError("This EmbeddingModel is not fitted yet; call fit() first.")
        texts = [document_text(d, self.max_chars_) for d in documents]
        keep = [k for k, t in enumerate(texts) if t]
        out: list[list[NicheScore]] = [[] for _ in texts]
        if not keep:
            return out
        vectors = self._unit(self.encoder_([texts[k] for k in keep]))
        sims = vectors @ self.niche_vectors_.T
        names = self.taxonomy_.names
        for row, k in zip(sims, keep, strict=True):
            order = sorted(range(len(names)), key=lambda j: (-row[j], j))
            best = float(row[order[0]])
            positive = float(sum(max(float(v), 0.0) for v in row)) or 1.0
            chosen = [
                j for j in order if row[j] >= self.min_similarity_ and row[j] >= best - self.margin_
            ][: self.max_labels_]
            out[k] = [
                NicheScore(
                    names[j],
                    float(row[j]),
                    max(float(row[j]), 0.0) / positive,
                    (Evidence(f"{float(row[j]):.2f}", "embedding", 1, float(row[j])),),
                )
                for j in chosen
            ]
        return out
