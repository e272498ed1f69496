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
recency half-life and non-negative weights over the profile's signals, the simple measures
and the `expected_activity` forecast, chosen by the inner NDCG@20); the same profile
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
single input (a simple measure, the goal so far, or the `expected_activity` forecast).
*prior* means the history was too short or too few members showed the goal
to fit anything (thresholds `fit_min_events`, `fit_min_positives*` in `nichescout settings`).""",
    "analysis": """\
Measured on 2026-12-01. **The goal — the fitted ranking above the best baseline on NDCG@20
in at least 80% of the report set's tasks — is not met: 11 of 29 (38%)** (development set:
12 of 20). Since 2026-11-30 (10 of 29, 10 of 20) the fit gained one input, below; nothing
else in the method changed.

**New this run: a forecast among the fit's inputs** (`expected_activity`,
`nichescout.bgnbd`). Post count says how much a member did; it cannot tell a member who is
still around from one who was busy for a month a year ago and left. The BG/NBD model (Fader,
Hardie & Lee 2005, the standard "buy till you die" model of customer bases) can: fitted on
the window's members, it turns each member's active days, the date of their last one and
their tenure into the active days expected next, which falls the longer a member has been
silent against their own past rate. It is one more candidate for the fit (alone, or weighted
with the rest), chosen only where the inner backtest says it predicts the goal. How it was
chosen, in order: the ceiling analysis below (run on both sets) showed that no way of
choosing among the old inputs could reach the goal; the model was picked from the literature
for that reason, its settings were set before any run (horizon half the window's span, L2
penalty 0.001) and it was measured on the development set first (`experiments/fit_selection.py`,
the 14 fittable development tasks: mean NDCG@20 of the fit's choice 0.682 → 0.716, wins over
the best baseline 9 → 11, losses 3 → 2; penalties 0 and 0.01 and horizons ¼ and 1 gave
0.716–0.733, within the noise, so the defaults stayed); then the whole page was run. That
first run said 12 of 29; its kernel had a bug the oracle tests found the same hour (the
hypergeometric term was taken through its logarithm, which is NaN where it is negative, when
a + b + x < 1: those members' forecasts became 0). This page is the corrected kernel's run,
with nothing else changed: 11 of 29 (Discord welcome, +0.182 in the buggy run, is now a tie).
The fit weighs the forecast among its three largest weights in 8 of the 34 fitted tasks. It
gains most where members come and go: datascience-2014 engagement 0.335 → 0.587 and welcome
0.414 → 0.528, Discord community 0.608 → 0.780 and help 0.436 → 0.552; it costs a little on
Higgs reach (0.871 → 0.862) and quantumcomputing reach (0.773 → 0.754). Where the report set
stands now:

* **Discord (MeshCore) help: the fit does not carry over.** Before the forecast the fit
  chose recent help given (30-day half-life): its inner backtest ranked it (0.558) above the
  prior (0.509) and post count (0.473), and after the cutoff the order reversed: post count
  0.705, prior 0.640, fitted 0.436. With the forecast weighted in, 0.552: still −0.153. The
  export's last months lead up to the project's split (the server was archived in April
  2026): who helped in the last weeks before the cutoff did not keep helping; rolling origins
  inside one window cannot see a change that comes after it. Discord engagement loses to
  feedback received by 0.024, welcome ties PageRank (−0.000); reach and community win.
* **GitHub (secp256k1) and conlang-meta (development): too small to fit.** 47 and 41
  members were active before the first inner cutoff, under `fit_min_members` (50), so the
  profile's hand-set prior weights rank them, and post count beats the prior on 9 of their
  10 tasks (GitHub welcome: 7 newcomers answered by 3 members, *accepted* 1.000). Tried on the development set
  (`experiments/transfer_priors.py`): weights learned on the other development communities,
  leave one out, rank an unfittable one only a little better than the hand priors (mean
  NDCG@20 0.705 vs 0.685, losses to the best baseline 13 vs 15 of 19): not adopted. Nor is
  fitting them anyway: with `--setting fit_min_members=15`, conlang-meta's five fits tie or
  lose to post count too (mean NDCG@20 0.875 against the best baselines' 0.898).
* **Twitch (4 tasks)** has no time, so nothing to fit: the ranking is the prior. The partner
  label saturates NDCG@20 (views scores 1.000 on ENGB, ES and FR), so at most 26 of the 29
  report tasks can be won at all; the goal needs 24.
* **Delving Bitcoin help and reach** lose to *degree* by 0.041 and 0.010 (likes are counts
  without likers or dates; on help the fit does worse than its prior); engagement ties
  (+0.005). **r/ethereum welcome and community** lose by 0.020 and 0.015 to post count and
  PageRank (daily threads make everybody a replier). **Higgs welcome** ties post count,
  **Higgs community** loses to feedback received by 0.013 (retweets dominate the composite).
* **Development**: datascience-2014 reach (−0.065), Slack engagement (−0.004) and reach
  (−0.013) lose; Slack community wins by the margin's width (+0.005).

What the fit wins: datascience-2014 help, engagement, welcome and community; quantumcomputing
on all five goals; Slack help, help in its help channels and community; Higgs help,
engagement and reach; Delving welcome and community; r/ethereum help, engagement and reach;
Discord reach and community; GitHub engagement (its prior) — by 0.005 to 0.26 over the best
baseline.

**What was tried on the development set earlier, and kept out** (`experiments/`, figures
over its 14 fittable tasks, before the forecast): rules that pick among the candidates —
best inner score, rank-averaging the candidates within the tolerance or the top 3 or 5 —
all land within 0.01 of the current rule's mean NDCG@20 (0.68–0.69) and 9–11 wins; five
inner cutoffs (40–80%) instead of three gave 0.688 vs 0.682 and 10 vs 9 wins, within that
noise, at 5/3 the cost. Dropping the short half-lives loses: no recency at all gives 4 wins
instead of 9–10, half-lives of 90 days or more 9 wins but a lower mean (0.659).

**How far choosing among the fit's candidates can go** (`python experiments/fit_selection.py
--set development` and `--set report`: every candidate the fit builds — the prior, each
single input, fitted weights, at each half-life — judged also *after* the cutoff, and the
best of them taken in hindsight). Before the forecast, that impossible oracle won 13 of the
20 development tasks and 19 of the 29 report tasks (66%); with it, 14 of 20 and still 19 of
29 (all the fittable ones but Delving reach; none of GitHub's five or Twitch's four), its
mean NDCG@20 up from 0.740 to 0.798 on the development set. So the 80% goal cannot be
reached on these data by choosing better among the inputs the fit has now; it needs inputs
that see more, and a fallback for communities too small to fit. The first of these runs,
on the report set, also showed rules that would have done better there than the frozen one
(rank-averaging the top three candidates: 13 wins instead of 10); having been seen on the
report set, they are not adopted (on the development set the same rule gave 11 wins against
9 and a mean NDCG@20 of 0.681 against 0.682: within the noise).

**Data changes in the 2026-11-30 run**: Stack Exchange rows by deleted accounts are now kept
under one placeholder, so ground truths include help to and from them (the placeholder itself
is never ranked, and since then it is never anybody's newcomer); Slack accounts that
users.json marks deleted (deactivated) are ranked again — they were left out as if they were
the placeholder (Slack population 51 → 65).""",
}
