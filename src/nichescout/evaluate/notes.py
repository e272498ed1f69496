"""The prose of ``docs/evaluation.md``: how the evaluation works and what its results mean.

The tables are generated; these paragraphs are written by people who read them, and are
rendered as they are by :func:`nichescout.evaluate.report.render_markdown`.
"""

from __future__ import annotations

__all__ = ["NOTES"]

NOTES: dict[str, str] = {
    "method": """\
**How it works.** Each community's history is split at a cutoff. For each ground truth,
nichescout ranks the members with the profile of the same goal (`rank --profile help`, …;
goals in `nichescout.goals`), **fitted on the history before the cutoff only**
(`nichescout.scores.fit`: rolling inner cutoffs at 50%, 60% and 70% of that history, a
recency half-life and non-negative weights chosen by the inner NDCG@20); the same profile
with its prior weights (`--no-fit`) and simple baselines rank the same members from the
same events; every ranking is then compared with what members did after the cutoff. All of
them run on a copy of the store that holds only the pre-cutoff events, so nothing can peek
(`nichescout.evaluate.harness.pre_cutoff_store`). The population is the scorer's cohort:
non-bot members who acted, or were acted upon, before the cutoff. Cutoffs are chosen from
the data alone: the start of the day by which two thirds of the events had happened (Higgs:
4 July 2012, as the task sets; Twitch: no time, the whole graph).

* **Ground truths** are the goals themselves, measured after the cutoff with the very
  definitions the fit learns to predict: *help* (replies to other members, plus answers
  accepted), *engagement* (up-votes, reactions, likes, shares received), *welcome*
  (newcomers answered within 48 h of their first appearance), *reach* (distinct members who
  reply to, mention or share them), *community* (the four, each as a share of its community
  total); Twitch: the partner flag.
* **Baselines** (same window, same population): *activity* = items posted plus actions taken
  (the post count); *received* = up-votes, reactions and retweets received; *degree* =
  distinct interaction partners; *pagerank* = the `network_pagerank` signal alone;
  *accepted* = past accepted answers; *views* = Twitch channel views.
* **Development and report sets.** The method (inputs, loss, candidate grid, tolerance) was
  chosen looking only at the development set (the three Stack Exchange sites and the Slack
  workspace); the report set (Higgs, Delving Bitcoin, r/ethereum, Twitch) was only run after
  the method was frozen, and nothing was changed after looking at it.
* **Metrics.** P@k = share of the top *k* that is in the true top *k* (members whose outcome
  is at least the *k*-th largest, and above zero); NDCG@k with the outcome as the gain;
  Spearman's ρ over the whole population; for Twitch's 0/1 partner label, ROC AUC. Tied
  scores count as their average over random orders, so a baseline that ties many members is
  neither helped nor hurt; nichescout's order is the one users see (score, then activity).
* **The scorer never sees a ground truth**: Stack Exchange reputation and Twitch's `views`
  and `partner` are only in `members.attributes`, and the graph importer also copies the
  partner flag into `members.verified`; no signal, graph kernel or the scorer reads either
  column, and a test flips both and checks that the ranking does not move
  (`tests/evaluate/test_harness.py`).""",
    "fit": """\
What the fit chose for each data set and profile, on the history before the cutoff alone:
the recency half-life, the largest weights (shares of 1), and the inner backtest — the mean
NDCG@20 over the three inner cutoffs of the chosen ranking (for fitted weights, each inner
cutoff judged by weights fitted on the other two), of the prior weights, and of the best
simple measure. *prior* means the history was too short or too few members showed the goal
to fit anything (thresholds `fit_min_events`, `fit_min_positives*` in `nichescout settings`).""",
    "analysis": """\
(written after the run: see below)""",
}
