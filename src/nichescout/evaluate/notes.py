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
  the method was frozen, and nothing was changed after looking at it. The MeshCore Discord
  server and the secp256k1 GitHub repository joined the report set later, when their
  importers landed: the first look at them was the run that wrote this page's figures.
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
Measured on 2026-11-30, and not tuned after looking at the report set. **The goal — the
fitted ranking above the best baseline on NDCG@20 in at least 80% of the report set's
tasks — is not met: 8 of 19 (42%)** (development set: 11 of 20). Where it still loses:

* **Twitch (4 tasks)** has no time at all, so there is nothing to fit on: the ranking is the
  prior. The partner label saturates NDCG@20 (twenty partners among the most-viewed
  streamers: views scores 1.000), so these are ties or near-ties at the top, not a ranking
  failure; AUC (in the per-data-set tables) still favours views.
* **Delving Bitcoin (help, reach)** loses to *degree* by 0.04 and 0.01. The export has
  likes as counts only (no liker, no time), so feedback is dated by the post; 158 members
  is close to the `fit_min_members` floor, and on help the fit does worse than its own
  prior: the inner backtest (three origins over two years) did not carry over.
* **r/ethereum (welcome, community)** loses by 0.02 to post count and PageRank; daily
  threads make everybody a replier, and newcomers are answered by whoever is online.
* **Higgs welcome** ties post count (0.283): in a three-day window "newcomers answered" is
  mostly replies to first-time tweeters, which post count already captures. **Higgs
  community** loses to feedback received by 0.013: retweets dominate the composite.
* **conlang-meta (development)** has 41–45 members: below `fit_min_members` (50), so the
  prior weights stay, and the prior loses to post count on every goal.

What the fit does win: datascience-2014 help, welcome and community, quantumcomputing on
all five goals, Slack help and community, Higgs help, engagement and reach, Delving welcome
and community, r/ethereum help, engagement and reach — by 0.014 to 0.177 over the best
baseline; against its own prior it is better in 20 of the 39 tasks, worse in 7, equal in
12 (mostly where the prior was kept). These figures use the signal definitions fixed in
this issue (thanks, referrals, feedback per item…), which landed after the method was
frozen; the first run, on the old definitions, also gave 8 of 19 and 11 of 20. What was tried on the development set before freezing: single
measures as candidates ranked before or after fitted weights (no difference on the
development set), and `fit_min_members` of 100 (left Slack unfitted: 50 was kept, as 2.5×
the NDCG depth). One change was made after the report set had been run once for timing
(Higgs took 70 s to fit): half-lives longer than twice the window's span are skipped
(`fit_half_life_max_span`), which drops only the 365-day half-life on windows shorter than six
months (datascience-2014) and cut the Higgs fit to 17 s.""",
}
