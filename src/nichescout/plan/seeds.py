"""``choose_seeds``: whom to activate so that influence spreads furthest on a platform's graph.

The influence graph of the platform (:mod:`nichescout.plan.graph`) goes to IMM
(:mod:`nichescout.plan.imm`), which picks ``k`` seeds whose expected spread ``σ(S)`` (members
activated, seeds included, under independent cascade or linear threshold) is at least
``(1 − 1/e − ε)·OPT`` with probability ``1 − 1/n^ℓ``. Each seed's ``marginal_spread`` is what
it adds to the seeds ranked above it, estimated on IMM's RR sets; ``spread`` adds them up.

>>> from nichescout.data.toy import toy_community
>>> plan = choose_seeds(toy_community(), "toy", k=2, model="ic", probability="wc",
...                     epsilon=0.5, random_state=0)
>>> plan[["rank", "member_id", "marginal_spread"]].round(1).to_string(index=False)
' rank member_id  marginal_spread\\n    1       dan              3.3\\n    2       ann              1.2'
>>> plan.attrs["provenance"]["method"]
'IMM'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from nichescout import settings
from nichescout._version import __version__
from nichescout.exceptions import ParameterError
from nichescout.plan.graph import Model, influence_graph, parse_probability
from nichescout.plan.imm import imm

if TYPE_CHECKING:
    import pandas as pd

    from nichescout.store import Store

__all__ = ["SEED_COLUMNS", "choose_seeds", "resolve_random_state"]

#: The columns of a seed plan, in order.
SEED_COLUMNS = ["rank", "member_id", "handle", "display_name", "marginal_spread", "spread"]


def resolve_random_state(random_state: int | None) -> int:
    """``random_state`` as given, or a fresh one drawn from the OS (recorded in the
    provenance, so the run can be repeated)."""
    if random_state is None:
        return int(np.random.default_rng().integers(2**31))
    if isinstance(random_state, bool) or not isinstance(random_state, int | np.integer):
        raise ParameterError.invalid("random_state", "choose_seeds", "an int or None", random_state)
    if random_state < 0:
        raise ParameterError.invalid("random_state", "choose_seeds", "an int >= 0", random_state)
    return int(random_state)


def choose_seeds(
    store: Store,
    platform: str,
    k: int | None = None,
    model: Model = "ic",
    probability: str = "wc",
    epsilon: float | None = None,
    random_state: int | None = None,
    *,
    ell: float | None = None,
) -> pd.DataFrame:
    """The ``k`` seeds of ``platform`` by IMM, one row each (:data:`SEED_COLUMNS`).

    Parameters
    ----------
    k:
        Seeds to choose (default: the setting ``plan_k``); at most the graph's members.
    model:
        ``"ic"`` (independent cascade) or ``"lt"`` (linear threshold).
    probability:
        ``"weight"`` (the stored value of each interaction), ``"wc"`` (weighted cascade,
        ``1 / in-degree``), ``"const:P"`` or ``"learned"`` (:mod:`nichescout.plan.learned`);
        see :mod:`nichescout.plan.graph`.
    epsilon, ell:
        IMM's ``ε`` in (0, 1) and ``ℓ`` > 0 (defaults: ``plan_epsilon``, ``plan_ell``).
    random_state:
        Seeds every random draw; ``None`` draws one and records it.

    The plan's provenance (method, parameters, random_state, version, and what IMM measured)
    is ``frame.attrs["provenance"]``.
    """
    import pandas as pd

    k = int(settings.get("plan_k")) if k is None else k
    epsilon = float(settings.get("plan_epsilon")) if epsilon is None else epsilon
    ell = float(settings.get("plan_ell")) if ell is None else ell
    rule, const = parse_probability(probability)
    seed = resolve_random_state(random_state)
    store.check_platform(platform)
    graph = influence_graph(store.con, platform, probability)
    result = imm(graph, k, model, epsilon=epsilon, ell=ell, seed=seed)
    assert graph.member_ids is not None and graph.handles is not None and graph.names is not None
    chosen = result.seeds
    frame = pd.DataFrame(
        {
            "rank": np.arange(1, chosen.size + 1),
            "member_id": graph.member_ids[chosen],
            "handle": graph.handles[chosen],
            "display_name": graph.names[chosen],
            "marginal_spread": result.marginal_spread,
            "spread": np.cumsum(result.marginal_spread),
        }
    )
    frame.attrs["provenance"] = {
        "method": "IMM",
        "platform": platform,
        "k": k,
        **run_provenance(graph, result, model, rule, const, epsilon, ell, seed),
    }
    return frame


def run_provenance(
    graph: Any,
    result: Any,
    model: str,
    rule: str,
    const: float | None,
    epsilon: float,
    ell: float,
    seed: int,
) -> dict[str, Any]:
    """What every IMM run records: model, probabilities, (ε, ℓ), seed, version, the graph's
    size and the run's RR sets, lower bound and time."""
    return {
        "model": model,
        "probability": rule if const is None else f"const:{const}",
        "epsilon": epsilon,
        "ell": ell,
        "random_state": seed,
        "version": __version__,
        "members": graph.n,
        "edges": graph.m,
        "rr_sets": result.theta,
        "opt_lower_bound": round(result.lower_bound, 3),
        "lt_scaled_nodes": graph.lt_scaled if model == "lt" else 0,
        "seconds": round(result.seconds, 3),
    }
