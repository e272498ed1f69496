"""Niche labels for the members of a store: who is in which niche, how strongly, and why.

:class:`NicheLabeller` reads every member's texts (:mod:`nichescout.niches.documents`: bio,
captions, hashtags, topic tags, titles, messages, channels) and labels them with the
keyword classifier (:mod:`nichescout.niches.keywords`, the default) or sentence embeddings
(:mod:`nichescout.niches.embeddings`, an optional extra). :func:`label_niches` is the same
as a function; :func:`member_niches` gives just the niche names per member (what ``plan
portfolio``'s candidates and the creator card read when the store has no niche of its own).

>>> from nichescout.data.creators import toy_creators
>>> store = toy_creators()
>>> labels = label_niches(store, "toy:creators")
>>> labels[["handle", "niche", "score", "evidence"]].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
[{'handle': 'ana', 'niche': 'fitness', 'score': 1.5, 'evidence': 'fitness: #running'},
 {'handle': 'bo', 'niche': 'food', 'score': 1.0, 'evidence': 'food: "sourdough" in captions'},
 {'handle': 'cy', 'niche': 'gaming', 'score': 1.0, 'evidence': 'gaming: "speedrun" in captions'}]
>>> member_niches(store, "toy:creators")
{1: ('fitness',), 2: ('food',), 3: ('gaming',)}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nichescout import settings
from nichescout._version import __version__
from nichescout.exceptions import NotFittedError, ParameterError
from nichescout.niches.documents import MemberDocument, member_documents, resolve_members
from nichescout.niches.keywords import KeywordModel, NicheScore
from nichescout.niches.taxonomy import Taxonomy, load_taxonomy

if TYPE_CHECKING:
    import pandas as pd

    from nichescout.niches.embeddings import Encoder
    from nichescout.store import Store

__all__ = ["LABEL_COLUMNS", "METHODS", "NicheLabeller", "label_niches", "member_niches"]

#: How niches are found: the keyword classifier (core) or sentence embeddings (extra).
METHODS = ("keywords", "embeddings")
#: The columns of :attr:`NicheLabeller.labels_`: one row per member and niche, best first.
LABEL_COLUMNS = [
    "platform", "member_key", "member_id", "handle", "rank", "niche", "score", "share",
    "evidence",
]  # fmt: skip
_SETTINGS = {
    "keywords": (
        "niches_field_weights", "niches_min_evidence", "niches_min_relative",
        "niches_max_labels", "niches_inflection_min_length", "niches_compound_parts",
    ),
    "embeddings": (
        "niches_embedding_model", "niches_embedding_min_similarity", "niches_embedding_margin",
        "niches_embedding_max_chars", "niches_max_labels",
    ),
}  # fmt: skip

TaxonomyLike = Taxonomy | str | Path | None

_HAS_TEXT = """
SELECT EXISTS (SELECT 1 FROM members WHERE platform = ? AND bio IS NOT NULL)
    OR EXISTS (SELECT 1 FROM content WHERE platform = ? AND author_key IS NOT NULL
               AND (text IS NOT NULL OR tags IS NOT NULL OR title IS NOT NULL
                    OR channel IS NOT NULL))
"""


def _taxonomy(taxonomy: TaxonomyLike) -> Taxonomy:
    if taxonomy is None or isinstance(taxonomy, Taxonomy):
        return taxonomy if taxonomy is not None else load_taxonomy()
    return load_taxonomy(taxonomy)


class NicheLabeller:
    """Labels the members of a store with niches (module docstring).

    Parameters
    ----------
    method:
        ``"keywords"`` (default) or ``"embeddings"`` (needs the extra ``niches``).
    taxonomy:
        A :class:`~nichescout.niches.taxonomy.Taxonomy`, a user TOML file read on top of
        the default one, or None for the default.
    top:
        Keep the ``top`` members per platform with the strongest first niche.
    niches:
        Keep only these niches (and members with one of them).
    overrides:
        Setting values to use instead of the defaults.
    encode:
        For ``method="embeddings"``: an encoder instead of the model (texts → vectors).

    Attributes (after :meth:`fit`): ``labels_`` (a DataFrame of :data:`LABEL_COLUMNS`),
    ``members_`` (members read), ``labelled_`` (members with a niche before ``top`` and
    ``niches``), ``provenance_`` (method, taxonomy files, settings, version, platform).
    """

    def __init__(
        self,
        method: str = "keywords",
        taxonomy: TaxonomyLike = None,
        *,
        top: int | None = None,
        niches: Sequence[str] = (),
        overrides: Mapping[str, object] | None = None,
        encode: Encoder | None = None,
    ) -> None:
        self.method = method
        self.taxonomy = taxonomy
        self.top = top
        self.niches = niches
        self.overrides = overrides
        self.encode = encode

    def fit(
        self, store: Store, platform: str | None = None, members: Sequence[str] = ()
    ) -> NicheLabeller:
        """Label the members of ``platform`` (all platforms when None), or only ``members``
        (member ids or handles)."""
        import pandas as pd

        if self.method not in METHODS:
            raise ParameterError.invalid(
                "method", "NicheLabeller", "'keywords' or 'embeddings'", self.method
            )
        if self.top is not None and (isinstance(self.top, bool) or int(self.top) < 1):
            raise ParameterError.invalid("top", "NicheLabeller", "an integer >= 1", self.top)
        taxonomy = _taxonomy(self.taxonomy)
        wanted = [" ".join(n.split()).lower() for n in self.niches]
        for name in wanted:
            taxonomy[name]  # NotFoundError naming the niches there are
        keys = resolve_members(store, platform, members) if members else None
        docs = member_documents(store, platform, keys)
        results = self._label(docs, taxonomy)
        rows: list[dict[str, Any]] = []
        terms = int(settings.get("niches_evidence_terms", self.overrides))
        best: dict[int, float] = {}
        for doc, labels in zip(docs, results, strict=True):
            if wanted:
                labels = [s for s in labels if s.niche in wanted]
            if not labels:
                continue
            best[doc.member_key] = labels[0].score
            for rank, s in enumerate(labels, 1):
                rows.append(
                    {
                        "platform": doc.platform,
                        "member_key": doc.member_key,
                        "member_id": doc.member_id,
                        "handle": doc.handle,
                        "rank": rank,
                        "niche": s.niche,
                        "score": round(s.score, 4),
                        "share": round(s.share, 4),
                        "evidence": s.explain(terms),
                    }
                )
        frame = pd.DataFrame(rows, columns=LABEL_COLUMNS)
        self.members_ = len(docs)
        self.labelled_ = sum(1 for labels in results if labels)
        if not frame.empty:
            frame["_best"] = frame["member_key"].map(best)
            frame = frame.sort_values(
                ["platform", "_best", "member_key", "rank"],
                ascending=[True, False, True, True],
                kind="stable",
            ).drop(columns="_best")
            if self.top is not None:
                firsts = frame.drop_duplicates("member_key").groupby("platform").head(int(self.top))
                frame = frame[frame["member_key"].isin(firsts["member_key"])]
        self.labels_ = frame.reset_index(drop=True).astype({"member_key": "int64", "rank": "int64"})
        self.provenance_ = {
            "method": self.method,
            "taxonomy": list(taxonomy.sources),
            "niches": len(taxonomy),
            "settings": {
                name: settings.get(name, self.overrides) for name in _SETTINGS[self.method]
            },
            "platform": platform,
            "version": __version__,
        }
        self.labels_.attrs["provenance"] = self.provenance_
        return self

    def _label(self, docs: list[MemberDocument], taxonomy: Taxonomy) -> list[list[NicheScore]]:
        if self.method == "embeddings":
            from nichescout.niches.embeddings import EmbeddingModel

            model = EmbeddingModel(taxonomy, self.encode, self.overrides).fit()
            return model.label_many([d.fields for d in docs])
        keywords = KeywordModel(taxonomy, self.overrides).fit()
        return [keywords.label(d.fields) for d in docs]

    def by_member(self) -> dict[int, tuple[str, ...]]:
        """member_key → its niches, best first."""
        if not hasattr(self, "labels_"):
            raise NotFittedError("This NicheLabeller is not fitted yet; call fit() first.")
        out: dict[int, list[str]] = {}
        for key, niche in zip(self.labels_["member_key"], self.labels_["niche"], strict=True):
            out.setdefault(int(key), []).append(str(niche))
        return {k: tuple(v) for k, v in out.items()}


def label_niches(
    store: Store,
    platform: str | None = None,
    taxonomy: TaxonomyLike = None,
    *,
    method: str = "keywords",
    members: Sequence[str] = (),
    top: int | None = None,
    niches: Sequence[str] = (),
    overrides: Mapping[str, object] | None = None,
) -> pd.DataFrame:
    """The niches of the members of ``platform`` (every platform when None), one row per
    member and niche (:data:`LABEL_COLUMNS`): rank (1 = the member's first niche), score
    (the summed evidence; for embeddings the cosine similarity), share (of all the member's
    evidence) and the evidence in words, such as ``'fitness: #legday ×12, "workout" ×9 in
    captions'``. Members are ordered by the score of their first niche; members without
    enough evidence for any niche are left out. See :class:`NicheLabeller` for the
    parameters; ``.attrs["provenance"]`` says how the labels were made."""
    labeller = NicheLabeller(method, taxonomy, top=top, niches=niches, overrides=overrides)
    return labeller.fit(store, platform, members).labels_


def member_niches(
    store: Store,
    platform: str,
    member_keys: Sequence[int] | None = None,
    taxonomy: TaxonomyLike = None,
) -> dict[int, tuple[str, ...]]:
    """member_key → the niches the keyword classifier gives them (best first), for the
    members of ``platform`` (or only ``member_keys``) who have enough evidence for one."""
    row = store.con.execute(_HAS_TEXT, [platform, platform]).fetchone()
    if not (row and row[0]):  # a follow graph, say: nothing to read, and quickly so
        return {}
    docs = member_documents(store, platform, member_keys)
    model = KeywordModel(_taxonomy(taxonomy)).fit()
    out = {}
    for doc in docs:
        labels = model.label(doc.fields)
        if labels:
            out[doc.member_key] = tuple(s.niche for s in labels)
    return out
