"""The influence graph: one activation probability per directed member pair, from the store.

An edge ``u → v`` means *u can influence v*: the interaction's actor is the source and its
target the receiver, as in influence-maximisation files (``u v p``) imported with
``nichescout ingest graph FILE --columns source,target,weight``. Each pair's probability
``p(u, v)`` comes from the interactions ``u → v`` (the kinds the interaction graph counts,
:data:`~nichescout.settings.INTERACTION_WEIGHTS`; self-loops, anonymous actors and bots left
out) by one of four rules:

=================  ==========================================================================
``weight``         each interaction's stored ``value`` is its probability; ``c`` interactions
                   of one pair are independent chances: ``p = 1 − Π (1 − value_i)``
``wc``             weighted cascade: ``p(u, v) = c(u, v) / c(·, v)``, the pair's share of the
                   interactions ``v`` received (``1 / in-degree`` on a simple graph)
``const:P``        every interaction a chance ``P``: ``p = 1 − (1 − P)^c(u, v)``
``learned``        the share of ``u``'s posts that ``v`` reshared or replied to (Goyal et al.
                   2010), edge from the author to the propagator: :mod:`nichescout.plan.learned`
=================  ==========================================================================

Under linear threshold the weight of ``u → v`` is ``p(u, v)`` as above, except that
``weight`` sums the values of a pair; a node whose incoming weights add up to more than 1
has them scaled to sum to 1 (the model needs ``Σ_u w(u, v) ≤ 1``), and the count of such
nodes is part of the plan's provenance.

Nodes are the platform's non-bot members, numbered ``0 .. n-1`` by member key; members
without interactions are nodes too (they can be seeds, and only reach themselves).

>>> g = InfluenceGraph.from_edges([0, 0, 1], [1, 2, 2], [0.5, 0.5, 1.0], n=3)
>>> g.n, g.m
(3, 3)
>>> csr = g.reverse("ic")  # in-edges of each node, strongest first
>>> csr.indptr.tolist(), csr.nbr.tolist(), csr.prob.tolist()
([0, 0, 1, 3], [0, 1, 0], [0.5, 1.0, 0.5])
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from nichescout import settings
from nichescout.exceptions import NotFoundError, ParameterError
from nichescout.settings import INTERACTION_WEIGHTS

__all__ = ["InfluenceGraph", "ProbabilityCSR", "influence_graph", "parse_probability"]

Model = Literal["ic", "lt"]
_OWNER = "choose_seeds"
#: Incoming LT weights may exceed 1 by this much (rounding in files of 1/in-degree weights).
_LT_SLACK = 1e-9


class ProbabilityCSR(NamedTuple):
    """Edges grouped by one endpoint (CSR), each group's probabilities in decreasing order.

    ``seg_end[e]`` is the end of edge ``e``'s *segment*: the run of its group whose
    probabilities lie in the same power-of-two bucket ``(2^-(j+1), 2^-j]`` (subset sampling
    skips through a segment geometrically at the rate of its first, largest probability and
    keeps an edge with the ratio, which is at least 1/2). ``logq[e] = log(1 − prob[e])``
    and ``cum[e]`` is the cumulative probability of the group up to and including ``e``.
    """

    indptr: npt.NDArray[np.int64]
    nbr: npt.NDArray[np.int32]
    prob: npt.NDArray[np.float64]
    logq: npt.NDArray[np.float64]
    seg_end: npt.NDArray[np.int64]
    cum: npt.NDArray[np.float64]


def _csr(
    keys: npt.NDArray[np.int32],
    others: npt.NDArray[np.int32],
    prob: npt.NDArray[np.float64],
    n: int,
) -> ProbabilityCSR:
    order = np.lexsort((-prob, keys))
    keys, nbr, p = keys[order], others[order].astype(np.int32), prob[order]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=n), out=indptr[1:])
    m = p.size
    with np.errstate(divide="ignore"):
        bucket = np.floor(-np.log2(p)).astype(np.int64) if m else np.zeros(0, np.int64)
        logq = np.log1p(-p)
    starts = np.flatnonzero(
        np.r_[True, (keys[1:] != keys[:-1]) | (bucket[1:] != bucket[:-1])] if m else []
    )
    bounds = np.r_[starts, m].astype(np.int64)
    seg_end = bounds[np.searchsorted(bounds, np.arange(m), side="right")]
    cum = np.cumsum(p) if m else np.zeros(0)
    if m:  # cumulative within each group: subtract the total before the group's start
        before = np.r_[0.0, cum][indptr[:-1]]
        cum = cum - np.repeat(before, np.diff(indptr))
    return ProbabilityCSR(indptr, nbr, p, logq, seg_end, cum)


@dataclass(frozen=True)
class InfluenceGraph:
    """Directed pairs ``src → dst`` with their IC probability and LT weight, over ``n`` nodes.

    ``member_ids`` (and ``handles``, ``names``) name node ``i`` as the source does; they are
    ``None`` for a graph built from arrays.
    """

    n: int
    src: npt.NDArray[np.int32]
    dst: npt.NDArray[np.int32]
    prob: npt.NDArray[np.float64]
    lt_weight: npt.NDArray[np.float64]
    lt_scaled: int = 0
    member_ids: npt.NDArray[Any] | None = None
    handles: npt.NDArray[Any] | None = None
    names: npt.NDArray[Any] | None = None
    _cache: dict[tuple[str, str], ProbabilityCSR] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def m(self) -> int:
        """Number of directed pairs (edges)."""
        return int(self.src.size)

    @classmethod
    def from_edges(
        cls,
        src: npt.ArrayLike,
        dst: npt.ArrayLike,
        prob: npt.ArrayLike,
        n: int | None = None,
        *,
        lt_weight: npt.ArrayLike | None = None,
        member_ids: npt.ArrayLike | None = None,
    ) -> InfluenceGraph:
        """A graph from edge arrays; repeated pairs combine as independent chances
        (``1 − Π(1 − p)``) for IC and add up for LT; self-loops are dropped.

        >>> InfluenceGraph.from_edges([0, 0], [1, 1], [0.5, 0.5]).prob.tolist()
        [0.75]
        """
        s = np.asarray(src, dtype=np.int64)
        d = np.asarray(dst, dtype=np.int64)
        p = np.asarray(prob, dtype=np.float64)
        w = p if lt_weight is None else np.asarray(lt_weight, dtype=np.float64)
        if not (s.shape == d.shape == p.shape == w.shape) or s.ndim != 1:
            raise ParameterError.invalid("prob", "InfluenceGraph", "one value per edge", p.shape)
        if p.size and not (np.isfinite(p).all() and p.min() >= 0 and p.max() <= 1):
            bad = float(p[~((p >= 0) & (p <= 1))][0])
            raise ParameterError.invalid("prob", "InfluenceGraph", "probabilities in [0, 1]", bad)
        n = int(max(s.max(initial=-1), d.max(initial=-1)) + 1) if n is None else int(n)
        if s.size and (min(s.min(), d.min()) < 0 or max(s.max(), d.max()) >= n):
            raise ParameterError.invalid("n", "InfluenceGraph", "above every node id", n)
        keep = s != d
        s, d, p, w = s[keep], d[keep], p[keep], w[keep]
        key = s * max(n, 1) + d
        pairs, inverse = np.unique(key, return_inverse=True)
        with np.errstate(divide="ignore"):
            log_q = np.bincount(inverse, weights=np.log1p(-np.minimum(p, 1.0)))
        ic = -np.expm1(log_q) if pairs.size else np.zeros(0)
        lt = np.bincount(inverse, weights=w) if pairs.size else np.zeros(0)
        ids = None if member_ids is None else np.asarray(member_ids)
        return cls.build(n, pairs // max(n, 1), pairs % max(n, 1), ic, lt, member_ids=ids)

    @classmethod
    def build(
        cls,
        n: int,
        src: npt.ArrayLike,
        dst: npt.ArrayLike,
        prob: npt.ArrayLike,
        lt_weight: npt.ArrayLike,
        **names: Any,
    ) -> InfluenceGraph:
        """A graph from distinct pairs; scales the LT weights of nodes that receive more than 1.
        Pairs of probability and weight 0 are dropped."""
        s = np.asarray(src, dtype=np.int32)
        d = np.asarray(dst, dtype=np.int32)
        p = np.clip(np.asarray(prob, dtype=np.float64), 0.0, 1.0)
        w = np.asarray(lt_weight, dtype=np.float64)
        keep = (p > 0) | (w > 0)
        s, d, p, w = s[keep], d[keep], p[keep], w[keep]
        incoming = np.bincount(d, weights=w, minlength=n)
        over = incoming > 1.0 + _LT_SLACK
        scale = np.where(incoming > 1.0, 1.0 / np.maximum(incoming, 1.0), 1.0)
        w = np.minimum(w * scale[d], 1.0)
        return cls(n, s, d, p, w, int(over.sum()), **names)

    def reverse(self, model: Model) -> ProbabilityCSR:
        """In-edges of each node (``nbr`` = the source), for reverse-reachable sets."""
        return self._grouped(model, "reverse")

    def forward(self, model: Model) -> ProbabilityCSR:
        """Out-edges of each node (``nbr`` = the target), for simulating cascades."""
        return self._grouped(model, "forward")

    def _grouped(self, model: Model, direction: str) -> ProbabilityCSR:
        key = (model, direction)
        if key not in self._cache:
            values = self.prob if model == "ic" else self.lt_weight
            mask = values > 0
            a, b = (self.dst, self.src) if direction == "reverse" else (self.src, self.dst)
            self._cache[key] = _csr(a[mask], b[mask], values[mask], self.n)
        return self._cache[key]

    def out_degree(self) -> npt.NDArray[np.int64]:
        """Distinct out-neighbours of each node."""
        return np.bincount(self.src, minlength=self.n)


def parse_probability(probability: str) -> tuple[str, float | None]:
    """``weight``, ``wc``, ``learned`` or ``const[:P]`` as ``(rule, P)``, or a one-line error.

    >>> parse_probability("const:0.05"), parse_probability("wc")
    (('const', 0.05), ('wc', None))
    >>> parse_probability("const:2")
    Traceback (most recent call last):
    ...
    nichescout.exceptions.ParameterError: The 'probability' parameter of choose_seeds must be weight, wc, learned or const:P with P in [0, 1]. Got 'const:2' instead.
    """
    rule, _, value = probability.strip().partition(":")
    rule = rule.lower()
    expected = "weight, wc, learned or const:P with P in [0, 1]"
    if rule in ("weight", "wc", "learned") and not value:
        return rule, None
    if rule != "const":
        raise ParameterError.invalid("probability", _OWNER, expected, probability)
    if not value:
        return "const", float(settings.get("plan_const_probability"))
    try:
        p = float(value)
    except ValueError:
        raise ParameterError.invalid("probability", _OWNER, expected, probability) from None
    if not (0.0 <= p <= 1.0) or math.isnan(p):
        raise ParameterError.invalid("probability", _OWNER, expected, probability)
    return "const", p


def _scope(platform: str) -> str:
    return "platform = '" + platform.replace("'", "''") + "'"


def influence_graph(con: Any, platform: str, probability: str = "wc") -> InfluenceGraph:
    """The influence graph of ``platform`` in the store connection ``con`` (see module doc).

    Raises :class:`~nichescout.exceptions.NotFoundError` for a platform without members and
    :class:`~nichescout.exceptions.ParameterError` when ``weight`` meets values that are not
    probabilities.

    >>> from nichescout.data.toy import toy_community
    >>> g = influence_graph(toy_community().con, "toy", "wc")
    >>> g.n, g.m, g.member_ids.tolist()
    (5, 7, ['ann', 'bob', 'cat', 'dan', 'eve'])
    """
    rule, const = parse_probability(probability)
    scope = _scope(platform)
    members = con.execute(
        f"""SELECT member_id, handle, display_name FROM members
            WHERE {scope} AND NOT coalesce(is_bot, false) ORDER BY member_key"""
    ).fetchnumpy()
    n = len(members["member_id"])
    if n == 0:
        raise NotFoundError(f"No platform {platform!r} in the store, or it has only bots.")
    names = {
        "member_ids": np.asarray(members["member_id"], dtype=object),
        "handles": np.asarray(members["handle"], dtype=object),
        "names": np.asarray(members["display_name"], dtype=object),
    }
    if rule == "learned":
        from nichescout.plan.learned import learned_edges

        src, dst, p = learned_edges(con, scope, repr(platform))
        return InfluenceGraph.build(n, src, dst, p, p, **names)
    kinds = ", ".join(f"'{k}'" for k, w in INTERACTION_WEIGHTS.items() if w)
    edges_sql = f"""
        WITH nodes AS (
            SELECT member_key, member_id, row_number() OVER (ORDER BY member_key) - 1 AS node
            FROM members WHERE {scope} AND NOT coalesce(is_bot, false))
        SELECT a.node AS src, b.node AS dst, a.member_id AS actor, b.member_id AS target,
               i.value AS value
        FROM interactions i
        JOIN nodes a ON a.member_key = i.actor_key
        JOIN nodes b ON b.member_key = i.target_key
        WHERE i.{scope} AND i.kind IN ({kinds}) AND i.actor_key <> i.target_key"""
    if rule == "weight":
        _check_values(con, edges_sql, platform)
    c = "count(*)"
    ic = {
        "weight": "1 - product(1 - value)",
        "wc": f"{c} / sum({c}) OVER (PARTITION BY dst)",
        "const": f"1 - pow(1 - {const!r}, {c})",
    }[rule]
    lt = {"weight": "sum(value)", "wc": ic, "const": f"{const!r} * {c}"}[rule]
    edges = con.execute(
        f"""SELECT src, dst, {ic} AS ic, {lt} AS lt FROM ({edges_sql})
            GROUP BY src, dst ORDER BY src, dst"""
    ).fetchnumpy()
    return InfluenceGraph.build(
        n,
        np.asarray(edges["src"], dtype=np.int64),
        np.asarray(edges["dst"], dtype=np.int64),
        np.asarray(edges["ic"], dtype=np.float64),
        np.asarray(edges["lt"], dtype=np.float64),
        **names,
    )


def _check_values(con: Any, edges_sql: str, platform: str) -> None:
    """Under ``weight``, every interaction's value must be a probability: one line if not."""
    row = con.execute(
        f"""SELECT count(*) FILTER (WHERE value IS NULL OR value < 0 OR value > 1),
                   arg_min(actor || ' → ' || target || ' has '
                           || coalesce(CAST(value AS VARCHAR), 'no value'),
                           src * 1e12 + dst)
                       FILTER (WHERE value IS NULL OR value < 0 OR value > 1)
            FROM ({edges_sql})"""
    ).fetchone()
    if row and row[0]:
        raise ParameterError(
            f"--probability weight reads each interaction's value as its probability, but "
            f"{row[0]} interactions of {platform!r} have a value outside [0, 1] (e.g. "
            f"{row[1]}); use --probability wc or const:P, or import probabilities in [0, 1]."
        )
