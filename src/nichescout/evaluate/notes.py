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
  the method was frozen. Each later change was chosen on the development set and then
  reported, with two exceptions, named below where they happened: the fit's candidate without
  post count and the forecast (2026-12-01) was prompted by a report-set run, and the rule
  that keeps baselines out of the fit's choice (2026-12-01, later) was settled after two
  versions of it had been run on the report set. The MeshCore
  Discord server and the secp256k1 GitHub repository joined the report set later, when their
  importers landed. Every report figure has now been seen more than once, by the people who
  choose the method: it is the set nothing was tuned on, not a set nobody has looked at.
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
single input (a simple measure, the goal so far, or the `expected_activity` forecast) or
of the prior's goal signals alone (without post count and the forecast).
*prior* means the history was too short or too few members showed the goal
to fit anything (thresholds `fit_min_events`, `fit_min_positives*` in `nichescout settings`).""",
    "analysis": """\
Measured on 2026-12-01 (sixth run of the day, after a change made for speed alone: the
fit's inner cutoffs share one community partition, detected before the earliest of them;
the same tasks won and lost, no fitted NDCG@20 moved by more than 0.001). **The goal — the fitted ranking above the
best baseline on NDCG@20 in at least 80% of the report set's tasks — is not met: 11 of 29
(38%)** (development set: 15 of 20). The run at the start of the day said 11 of 29 and 12 of
20. Three things changed since, in this order, and the report set was run after each:

1. **Post count and the forecast in every goal profile's prior**, chosen on the development
   data alone (below). Development 12 → 15 of 20; the report set, run once after, did **not**
   follow: 11 → 10 of 29, mean NDCG@20 of the fitted ranking 0.789 → 0.777.
2. **The prior less those two is one more candidate of the fit**, so that a community whose
   own past says that doing much is not the goal can leave them out. This was prompted by
   that report run (Higgs engagement, below), so the report set no longer measures it
   unseen; on the development data it changes nothing that matters (the 157 block tasks
   below: wins 59 and losses 79, against 59 and 78 without it; this page's development set:
   15 of 20 either way, Slack reach 0.933 → 0.944). Report set after it: **11 of 29**, mean
   0.779 (Higgs engagement back to 0.891: the fit picks the goal's signals alone).
3. **A simple measure alone that is a baseline is scored but never chosen**
   (`fit._choose`): without recency, or one that recency does not change (post count,
   distinct partners), it *is* a baseline, so choosing it can at best tie the best
   baseline, and the inner backtest picks the wrong one often: on the development block
   tasks (below) the fit had chosen post count, feedback received, degree or PageRank alone
   30 times out of 99 and beaten the best baseline twice. Measured with
   `experiments/block_variants.py` on those blocks: the fitted tasks win 51 and lose 41
   instead of 39 and 46 (all 157 tasks: 71 and 74 against 59 and 79, mean NDCG@20 0.744 →
   0.750); this page's development set does not move. Report set after it: **11 of 29**,
   mean 0.778 (Higgs welcome, which the fit tied by picking post count alone, now loses to
   it by 0.010; Delving reach −0.003 → −0.010). **Disclosed: this rule was settled after
   two report runs.** The first version kept every simple measure alone out, with recency
   too: on the development data it did as well (blocks 72 wins, 74 losses; this page 16 of
   20) and on the report set it lost 2 (9 of 29: r/ethereum engagement +0.074 → −0.028,
   Discord engagement −0.024 → −0.119 — there recent feedback received alone is what the fit
   had rightly picked). The second kept out only the measures without recency (blocks: 44
   and 45; report 11 of 29) and let post count and degree back in at every half-life,
   where recency changes nothing: the same baselines under another name. This one keeps
   out exactly the candidates that equal a baseline. Other settings tried on the 99 fitted
   block tasks before, and left (wins and losses; the default then 39 and 46):
   `fit_tolerance` 0 (37, 47) and 0.03 (35, 46); inner cutoffs at 60–80% (41, 44), 40–70%
   (35, 45), 50–80% in four (43, 42); `fit_k` 50 (34, 44); `fit_shrinkage` 10 alone (31,
   51) or 100, 10, 1 (36, 48); half-lives none, 90 and 365 only (38, 46): all within a few
   tasks of the default. Re-checked under this rule (51, 41): `fit_tolerance` 0.02 (48, 46)
   and 0 (45, 47), `fit_shrinkage` with 0.01 added (48, 43): none better, none adopted.
   Later (the default 50, 41 with the shared partition): the one-standard-error rule —
   keep the simpler candidate while the best one's lead is within one standard error of
   that lead across the three inner cutoffs, `fit_tolerance_standard_errors` 1 — did
   worse (47, 45; mean NDCG@20 0.729 → 0.726) and stays off.

**Post count and the forecast in every goal profile's prior**
(`nichescout.scores.profiles`). Each goal profile's prior now weighs three things equally:
the goal's own signals (a third between them, in their old proportions), `activity` (post
count) and `expected_activity` (the BG/NBD forecast). Why: the prior is what ranks a
community too small to fit, and what every fit is pulled toward, and post count beat it on
9 of the 10 tasks of the two small communities. One small development community is too
little evidence to choose on, so `experiments/small_communities.py` makes more from the
development set alone: it cuts each development history into 3 and into 6 blocks of equal
event counts and judges each block as this page judges a whole history (ranked before the
block's two-thirds point, judged after it): 157 tasks, 58 of them too small to fit. There
the old priors ranked below the best baseline (by more than 0.005) on 131 of the 157 and
above it on 21; adding post count and the forecast at the goal signals' total weight each,
the priors lose 83 and win 64, and the fitted default loses 78 instead of 101 and wins 59
instead of 35 (mean NDCG@20 0.719 → 0.745). Other shares measured there (post count alone
at ½, 1 or 2 times the total; the forecast alone; post count twice and the forecast once)
won 39–60 tasks; equal thirds was the best and the simplest. On this page's development
tasks the fitted ranking wins 15 of 20 instead of 12 (conlang-meta, too small to fit, now
wins help, welcome and community and ties engagement and reach). Then the whole page was
run:

* **Where it helped on the report set**: Delving Bitcoin engagement (+0.005 → +0.044) and
  welcome (−0.000 → +0.006), Discord welcome (−0.000 → +0.174), Higgs help and r/ethereum
  unchanged.
* **Where it hurt**: on Twitter (Higgs) a member's activity is mostly retweeting others,
  which says nothing about being retweeted: the prior alone now ranks engagement at 0.015
  (was 0.891), and the fit, which had no candidate without post count, fell back on degree
  (0.841, −0.012 against feedback received; it won by 0.038) — until step 2 gave it one
  (0.891 again). GitHub, too small to fit, ranks by the prior: its
  engagement (approvals received) falls from 0.927 to 0.683, since commenting a lot does not
  earn approvals. Delving community falls from +0.062 to −0.057 (the fit now picks recent help
  given). Twitch ENGB and ES: 0.968 and 0.965 against views' 1.000.
* The lesson: post count predicts the goal where posting *is* the goal's behaviour (Q&A
  sites, chat: answering is posting), and misleads where most activity is a different act
  (retweets, review comments). Deciding that from the community's own past is the fit's job
  (step 2); a community too small to fit (GitHub) still gets the prior as it is, and the
  `--no-fit` ranking of a Twitter-like community is now poor (Higgs engagement 0.015).

Where the report set stands now:

* **Discord (MeshCore) help: the fit does not carry over.** The fit chooses recent help
  given (30-day half-life): its inner backtest ranks it (0.558) above the prior (0.519) and
  the forecast (0.490), and after the cutoff the order reverses: the prior 0.755, post count
  0.705, fitted 0.436 (−0.269). The export's last months lead up to the project's split (the
  server was archived in April 2026): who helped in the last weeks before the cutoff did not
  keep helping; rolling origins inside one window cannot see a change that comes after it.
  Discord engagement loses to feedback received by 0.024; welcome, reach and community win.
* **GitHub (secp256k1) and conlang-meta (development): too small to fit.** 47 and 41
  members were active before the first inner cutoff, under `fit_min_members` (50), so the
  profile's prior weights rank them. With post count and the forecast in the priors,
  conlang-meta wins 3 of 5 and ties 2 (it lost all 5); GitHub help and community tie post
  count, reach loses to PageRank by 0.021, welcome to accepted answers (7 newcomers answered
  by 3 members: 1.000) and engagement to approvals received (above). Tried earlier on the
  development set and not adopted: weights learned on the other development communities,
  leave one out (`experiments/transfer_priors.py`: mean NDCG@20 0.705 vs 0.685 for the old
  priors), and fitting anyway with `--setting fit_min_members=15` (conlang-meta: 0.875
  against the best baselines' 0.898).
* **Twitch (4 tasks)** has no time, so nothing to fit: the ranking is the prior. The partner
  label saturates NDCG@20 (views scores 1.000 on ENGB, ES and FR), so at most 26 of the 29
  report tasks can be won at all; the goal needs 24.
* **Delving Bitcoin help and community** lose to *degree* by 0.031 and 0.057, reach ties it
  (−0.003; likes are counts without likers or dates). **r/ethereum welcome and community** lose by
  0.020 and 0.015 to post count and PageRank (daily threads make everybody a replier).
  **Higgs welcome** loses to post count by 0.010 (it tied when the fit could pick post
  count alone); **Higgs community** loses to feedback received by 0.023
  (retweets dominate the composite).
* **Development**: datascience-2014 reach (−0.065) and Slack reach (−0.013) lose; conlang-meta
  engagement (+0.005) and reach, and Slack engagement (+0.002) tie.

What the fit wins: conlang-meta help, welcome and community; datascience-2014 help,
engagement, welcome and community; quantumcomputing on all five goals; Slack help, help in its
help channels and community; Higgs help, engagement and reach; Delving engagement and welcome; r/ethereum help,
engagement and reach; Discord welcome, reach and community — by 0.006 to 0.21 over the best
baseline.

**What was tried on the development set earlier, and kept out** (`experiments/`, figures
over its 14 fittable tasks, before the forecast): rules that pick among the candidates —
best inner score, rank-averaging the candidates within the tolerance or the top 3 or 5 —
all land within 0.01 of the current rule's mean NDCG@20 (0.68–0.69) and 9–11 wins; five
inner cutoffs (40–80%) instead of three gave 0.688 vs 0.682 and 10 vs 9 wins, within that
noise, at 5/3 the cost. Dropping the short half-lives loses: no recency at all gives 4 wins
instead of 9–10, half-lives of 90 days or more 9 wins but a lower mean (0.659). Post count
counts every post alike at every half-life (`activity` ignores recency); one more input for
the fitted weights, post count with recency (2026-12-01, on the 99 fitted block tasks):
50 wins and 41 losses against 51 and 41 without, this page's development set unchanged —
the fit gave it no weight where it chose weights; left out. Blending the prior into the
fit's choice (weights as shares of 1, at the chosen half-life; a hedge against an inner
backtest that does not carry over, as on Discord help; 2026-12-02,
`experiments/fit_selection.py` and `experiments/block_variants.py --variant
"fit_prior_blend=0.5"`): half prior won 16 of this page's 20 development tasks instead of 15
(datascience-2014 reach −0.065 → +0.036), but on the 99 fitted block tasks 45 wins and 46
losses against 50 and 41 (a quarter prior: 49 and 42; mean NDCG@20 0.729–0.730 for all
three) — the page's gain was noise; left out, and the report set not run with it. The
same day, on the same 99 tasks: letting a more complex candidate displace a simpler one
only if it leads at every inner cutoff (`fit_lead_every_origin=1`) won 44 and lost 52 (it
keeps the prior more often: worse); the grid without the 30-day half-life
(`fit_half_lives=[null,90,180,365]`, though 30-day single measures trailed the prior by
0.018 on the 9 block tasks that chose one) won 52 and lost 41, 6 tasks better and 6 worse
than the default by more than 0.005 and 13 of this page's 20 development tasks instead of
14–15: within the noise, and the issue's grid names 30 days; both left out.

**How far choosing among the fit's candidates can go** (`python experiments/fit_selection.py
--set development` and `--set report`: every candidate the fit builds — the prior, each
single input, fitted weights, at each half-life — judged also *after* the cutoff, and the
best of them taken in hindsight). Before the forecast, that impossible oracle won 13 of the
20 development tasks and 19 of the 29 report tasks (66%); with it, 14 of 20 and still 19 of
29 (all the fittable ones but Delving reach; none of GitHub's five or Twitch's four), its
mean NDCG@20 up from 0.740 to 0.798 on the development set. With this day's priors and the
candidate without post count and the forecast (re-run after both, and again after step 3,
which leaves the candidates that equal a baseline out of the choice: the same counts, mean
0.792 on the development set): 16 of 20 development
tasks (13 of the 14 fittable ones, Slack reach ties; conlang-meta's three wins come from the
prior itself) and still 19 of 29 report tasks (19 of the 20 fittable ones: Delving reach
+0.003; none of GitHub's five, too small to fit, or Twitch's four). So the 80% goal cannot be
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
