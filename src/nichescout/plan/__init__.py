"""The plan stage: whom to activate. Influence maximisation on the interaction graph.

* :func:`choose_seeds`: ``k`` seeds of a platform by IMM (reverse-reachable sets, independent
  cascade or linear threshold, an ``(ε, ℓ)`` guarantee), with provenance;
* :func:`choose_budget_seeds` / :func:`budgeted_imm`: seeds with unequal costs under a budget
  (:mod:`nichescout.plan.budget_seeds`);
* :func:`influence_graph` / :class:`InfluenceGraph`: the graph with one activation
  probability per member pair (``weight``, ``wc`` or ``const:P``);
* :func:`imm`: the algorithm on any :class:`InfluenceGraph`;
* :func:`monte_carlo_spread`: the expected spread of any seed set, by simulation;
* :func:`degree_seeds`, :func:`pagerank_seeds`, :func:`random_seeds`: baselines;
* :func:`plan_portfolio`: creators to activate for a budget, audiences overlapping
  (:mod:`nichescout.plan.portfolio`; exact optimum for checks: :func:`max_coverage_milp`);
* :func:`compare_portfolios`: one macro creator vs a micro portfolio vs a mixed one.

>>> from nichescout.plan import InfluenceGraph, imm, monte_carlo_spread
>>> g = InfluenceGraph.from_edges([0, 0, 1], [1, 2, 3], [0.5, 0.5, 0.5])
>>> seeds = imm(g, 1, "ic", epsilon=0.5, seed=0).seeds
>>> seeds.tolist(), abs(monte_carlo_spread(g, seeds).spread - 2.25) < 0.03  # 1 + ½ + ½ + ¼
([0], True)
"""

from nichescout.plan.baselines import degree_seeds, pagerank_seeds, random_seeds
from nichescout.plan.budget_portfolio import PORTFOLIO_COLUMNS, plan_portfolio
from nichescout.plan.budget_seeds import budgeted_imm, choose_budget_seeds
from nichescout.plan.compare import COMPARE_COLUMNS, compare_portfolios
from nichescout.plan.graph import InfluenceGraph, influence_graph, parse_probability
from nichescout.plan.imm import IMMResult, imm
from nichescout.plan.milp import max_coverage_milp
from nichescout.plan.portfolio import Audiences, Objective, select_portfolio
from nichescout.plan.seeds import SEED_COLUMNS, choose_seeds
from nichescout.plan.spread import SpreadEstimate, monte_carlo_spread

__all__ = [
    "COMPARE_COLUMNS",
    "PORTFOLIO_COLUMNS",
    "SEED_COLUMNS",
    "Audiences",
    "IMMResult",
    "InfluenceGraph",
    "Objective",
    "SpreadEstimate",
    "budgeted_imm",
    "choose_budget_seeds",
    "choose_seeds",
    "compare_portfolios",
    "degree_seeds",
    "imm",
    "influence_graph",
    "max_coverage_milp",
    "monte_carlo_spread",
    "pagerank_seeds",
    "parse_probability",
    "plan_portfolio",
    "random_seeds",
    "select_portfolio",
]
