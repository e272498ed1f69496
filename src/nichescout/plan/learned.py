"""Learned edge probabilities: how often a member's posts were propagated, per follower.

``--probability learned`` estimates each pair's independent-cascade probability from the
interactions in the store, by the Bernoulli estimate of Goyal, Bonchi and Lakshmanan (2010):
the probability that ``v`` takes up one of ``u``'s actions is the share of ``u``'s actions
that ``v`` propagated,

.. math:: p(u \\to v) = \\frac{A_{u \\to v}}{A_u + \\alpha} ,

* ``A_{u→v}``: the interactions of ``v`` on ``u`` of the kinds ``plan_learned_kinds``
  (default: ``share`` and ``reply``; ``v`` reshared ``u``'s post or replied to it);
  self-interactions, bots and anonymous actors are left out;
* ``A_u``: the number of ``u``'s posts, taken as the largest of three counts that each
  cannot exceed it: the content items ``u`` authored on the platform; the distinct posts
  behind ``u``'s own interactions of the posting kinds (:data:`POSTING_KINDS`: a reply, a
  mention or a reshare is itself a post), one per named content item, else per distinct
  time (a tweet that is both a reply and a mention is one post), else per interaction; and
  ``max_w A_{u→w}`` (no one propagates more posts of ``u`` than ``u`` wrote). On a store
  without content, such as a Twitter activity edge list, ``u``'s original posts are not
  seen, so ``A_u`` is a lower bound and the estimate leans high; the prior tempers it;
* ``α``: the setting ``plan_learned_prior`` (default 1), a pseudo-count of posts nobody
  propagated: with ``α > 0`` a member seen once and propagated once gets ``1 / (1 + α)``,
  not certainty. ``α = 0`` is Goyal et al.'s plain estimate.

Every value lies in ``[0, 1]``, since ``A_{u→v} ≤ A_u``. The edge points from the author
``u`` to the propagator ``v``: **the reverse** of the stored interaction ``v → u``, so that
it says whom ``u``'s posts reach (``wc``, ``weight`` and ``const`` read the interaction's
actor as the source, as influence-maximisation files do). Under linear threshold the weight
is the same value, scaled per node as :mod:`nichescout.plan.graph` does.

>>> from nichescout.data.toy import toy_community
>>> from nichescout.plan.graph import influence_graph
>>> g = influence_graph(toy_community().con, "toy", "learned")
>>> ids = g.member_ids
>>> sorted((str(ids[u]), str(ids[v]), round(float(p), 3))
...        for u, v, p in zip(g.src, g.dst, g.prob))  # doctest: +NORMALIZE_WHITESPACE
[('ann', 'bob', 0.25), ('ann', 'cat', 0.25), ('ann', 'dan', 0.25), ('bob', 'ann', 0.333),
 ('cat', 'ann', 0.333), ('cat', 'dan', 0.333)]

Ann wrote three posts (``A_ann = 3``) and Bob, Cat and Dan each replied to one:
``p = 1 / (3 + 1)``; Cat wrote two and Ann and Dan each answered one: ``p = 1 / (2 + 1)``.

References
----------
A. Goyal, F. Bonchi and L. V. S. Lakshmanan, "Learning influence probabilities in social
networks", WSDM 2010 (the Bernoulli model, static version).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from nichescout import settings
from nichescout.exceptions import ParameterError

__all__ = ["POSTING_KINDS", "learned_edges", "learned_probability"]

#: Interaction kinds that are themselves posts of their actor (a reply, a mention, a reshare).
POSTING_KINDS = ("reply", "mention", "share")


def learned_probability(
    propagated: npt.ArrayLike, posts: npt.ArrayLike, prior: float | None = None
) -> npt.NDArray[np.float64]:
    """``A_{u→v} / (A_u + α)`` for arrays of propagated counts and the authors' post counts
    (``α`` = the setting ``plan_learned_prior`` when ``prior`` is None).

    ``posts`` below a pair's propagated count is raised to it (module doc), so the result lies
    in ``[0, 1]``.

    >>> learned_probability([1, 2, 3], [3, 2, 1], prior=1.0).tolist()
    [0.25, 0.6666666666666666, 0.75]
    >>> learned_probability([1, 0], [4, 4], prior=0.0).tolist()
    [0.25, 0.0]
    """
    alpha = float(settings.get("plan_learned_prior")) if prior is None else float(prior)
    if not np.isfinite(alpha) or alpha < 0:
        raise ParameterError.invalid("plan_learned_prior", "learned", "a number >= 0", prior)
    a_uv = np.asarray(propagated, dtype=np.float64)
    a_u = np.maximum(np.asarray(posts, dtype=np.float64), a_uv)
    if a_uv.size and a_uv.min() < 0:
        raise ParameterError.invalid("propagated", "learned", "counts >= 0", float(a_uv.min()))
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(a_uv > 0, a_uv / (a_u + alpha), 0.0)
    return p


def _kinds() -> list[str]:
    kinds = settings.get("plan_learned_kinds")
    if isinstance(kinds, str):
        kinds = [kinds]
    return [str(k) for k in kinds]


def _sql_list(values: Any) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)


def learned_edges(
    con: Any, scope: str, platform: str = "the platform"
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """``(src, dst, p)``: the learned probability of every pair, over the same node numbers as
    :func:`~nichescout.plan.graph.influence_graph` (non-bot members by member key); ``scope``
    is its SQL condition on ``platform``.

    Raises :class:`~nichescout.exceptions.ParameterError` when no member propagated another's
    post (a graph file of follows, say): there is nothing to learn from."""
    kinds = _kinds()
    if not kinds:
        raise ParameterError.invalid(
            "plan_learned_kinds", "learned", "at least one interaction kind", kinds
        )
    rows = con.execute(
        f"""
        WITH nodes AS (
            SELECT member_key, row_number() OVER (ORDER BY member_key) - 1 AS node
            FROM members WHERE {scope} AND NOT coalesce(is_bot, false)),
        propagated AS (  -- v (the actor) propagated a post of u (the target)
            SELECT t.node AS u, a.node AS v, count(*) AS a_uv
            FROM interactions i
            JOIN nodes a ON a.member_key = i.actor_key
            JOIN nodes t ON t.member_key = i.target_key
            WHERE i.{scope} AND i.kind IN ({_sql_list(kinds)}) AND i.actor_key <> i.target_key
            GROUP BY ALL),
        authored AS (
            SELECT n.node AS u, count(*) AS posts
            FROM content c JOIN nodes n ON n.member_key = c.author_key
            WHERE c.{scope} GROUP BY ALL),
        acted AS (
            SELECT n.node AS u,
                   count(DISTINCT coalesce(i.content_id, CAST(i.created_at AS VARCHAR),
                                           i.interaction_id)) AS posts
            FROM interactions i JOIN nodes n ON n.member_key = i.actor_key
            WHERE i.{scope} AND i.kind IN ({_sql_list(POSTING_KINDS)}) GROUP BY ALL),
        most AS (SELECT u, max(a_uv) AS posts FROM propagated GROUP BY ALL)
        SELECT p.u, p.v, p.a_uv,
               greatest(coalesce(au.posts, 0), coalesce(ac.posts, 0), m.posts) AS a_u
        FROM propagated p
        JOIN most m USING (u)
        LEFT JOIN authored au USING (u)
        LEFT JOIN acted ac USING (u)
        ORDER BY p.u, p.v"""
    ).fetchnumpy()
    if len(rows["u"]) == 0:
        raise ParameterError(
            f"--probability learned found no {' or '.join(kinds)} between two members of "
            f"{platform} to learn from (setting plan_learned_kinds); use wc, weight or const:P."
        )
    src = np.asarray(rows["u"], dtype=np.int64)
    dst = np.asarray(rows["v"], dtype=np.int64)
    p = learned_probability(rows["a_uv"], rows["a_u"])
    return src, dst, p
