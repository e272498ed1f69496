"""Is a post sponsored, and is the sponsorship disclosed clearly? One decision per caption.

:func:`assess` composes the feature functions of :mod:`nichescout.audit.cues` and
:mod:`nichescout.audit.terms` into two answers:

**Sponsored** when the caption shows a tie to a third party:

- a *declaring* cue, which says so by itself: a disclosure term (clear or vague, even hidden),
  a gift ("gifted by", "PR package", "offert par", ``#recebidos``), a partnership phrase ("in
  collaboration with"), a vague tag (``#sp``, ``#collab``, ``#BrandPartner``) beside an
  @-handle, or thanks to an @-handle for something new, sent or packaged;
- or a *commercial* cue — a promo code, a tracking or affiliate link, a call to buy through
  the link in bio or LTK — **unless** the caption shows the product is the creator's own
  ("my shop", "our collection", "mein E-Book"): a creator selling their own product with
  their own discount code is not sponsored.

**Disclosure** of a sponsored post:

- ``clear``: a clear term (``#ad``, "paid partnership with", ``Anzeige``, ``#publicité``…)
  that a viewer sees — it starts within ``disclosure_visible_chars`` characters, after fewer
  than ``disclosure_hashtag_wall`` hashtags in a row, in the caption's language. A post that
  is only a gift (no code, link or paid term) is also clear with a visible gift statement in
  its language (``#gifted`` alone for a paid deal is not clear: it hides the payment);
- ``unclear``: some term is there but every one is hidden, vague or in another language
  (the reason says which and why);
- ``none``: no term at all.

A post that is not sponsored has disclosure ``none`` too: there is nothing to disclose. A
post needs fixing when it is sponsored and its disclosure is not clear.

>>> a = assess("Obsessed with @formfit leggings!! use code LENA20 #sp #gymwear", "en")
>>> a.sponsored, a.disclosure, a.reason
(True, 'unclear', "sponsored (vague tag '#sp'; promo code LENA20); unclear: '#sp' is vague")
>>> assess("My new pattern book is out! Code LAUNCH10 for 10% off in my shop", "en").reason
"not sponsored: promo code LAUNCH10 is for the creator's own product ('My new pattern book')"
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nichescout.audit.cues import (
    mentions,
    own_product,
    promo_codes,
    shop_links,
    thanks_for_product,
    tracking_links,
)
from nichescout.audit.language import detect_language, normalise_language
from nichescout.audit.terms import Term, find_terms, visibility_problems
from nichescout.exceptions import ParameterError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CREATOR_COLUMNS",
    "DISCLOSURES",
    "DISCLOSURE_COLUMNS",
    "Assessment",
    "assess",
    "audit_disclosure",
    "disclosure_by_creator",
]

#: The values of ``disclosure``.
DISCLOSURES = ("clear", "unclear", "none")


@dataclass(frozen=True)
class Assessment:
    """The audit of one caption: the two answers, the reason in words, the language used."""

    sponsored: bool
    disclosure: str
    reason: str
    language: str | None

    @property
    def needs_fixing(self) -> bool:
        """Sponsored, and not disclosed clearly."""
        return self.sponsored and self.disclosure != "clear"


def _commercial(caption: str, overrides: Mapping[str, Any] | None) -> list[str]:
    codes = [f"promo code {c}" for c in promo_codes(caption, overrides)]
    return codes + tracking_links(caption) + [f"'{s}'" for s in shop_links(caption)]


def _declaring(caption: str, terms: list[Term], thanks: str | None) -> list[str]:
    has_handle = bool(mentions(caption))
    out = []
    for term in terms:
        if term.kind == "clear":
            out.append(f"disclosure '{term.text}'")
        elif term.kind == "gift":
            out.append(f"gift '{term.text}'")
        elif not term.text.startswith("#"):
            out.append(f"partnership '{term.text}'")
        elif has_handle:
            out.append(f"vague tag '{term.text}'")
    if thanks:
        out.append(f"thanks for a product '{thanks}'")
    return out


def assess(
    caption: str, language: str | None = None, overrides: Mapping[str, Any] | None = None
) -> Assessment:
    """Audit one caption. ``language`` is the caption's language (ISO 639-1; detected from
    the caption when not given); ``overrides`` change the ``disclosure_*`` settings."""
    caption = caption or ""
    language = normalise_language(language) or detect_language(caption, overrides)
    terms = find_terms(caption, overrides)
    thanks = thanks_for_product(caption, overrides)
    commercial = _commercial(caption, overrides)
    declaring = _declaring(caption, terms, thanks)
    own = own_product(caption, overrides) if commercial and not declaring else None
    if not declaring and (not commercial or own):
        reason = (
            f"not sponsored: {' and '.join(commercial)} "
            f"{'is' if len(commercial) == 1 else 'are'} for the creator's own product ('{own}')"
            if own
            else "not sponsored: no sponsorship cue"
        )
        return Assessment(False, "none", reason, language)
    cues = "; ".join(dict.fromkeys(declaring + commercial))  # a term written twice, once
    problems = {t: visibility_problems(t, caption, language, overrides) for t in terms}
    paid = bool(commercial) or any(t.kind == "clear" for t in terms)
    seen = [
        t
        for t in terms
        if not problems[t] and (t.kind == "clear" or (t.kind == "gift" and not paid))
    ]
    if seen:
        how = "at the start" if seen[0].start == 0 else f"at character {seen[0].start + 1}"
        what = "gift stated" if seen[0].kind == "gift" else "disclosed"
        return Assessment(
            True, "clear", f"sponsored ({cues}); {what} '{seen[0].text}' {how}", language
        )
    if not terms and not thanks:
        return Assessment(True, "none", f"sponsored ({cues}); no disclosure", language)
    why: list[str] = []
    for term in terms:
        if term.kind == "vague":
            why.append(f"'{term.text}' is vague")
        elif term.kind == "gift" and paid and not problems[term]:
            why.append(f"'{term.text}' states a gift, not the payment")
        why.extend(problems[term])
    if thanks:
        why.append(f"'{thanks}' is a thank-you, not a disclosure")
    return Assessment(True, "unclear", f"sponsored ({cues}); unclear: {'; '.join(why)}", language)


#: The columns :func:`audit_disclosure` returns, in order (``creator`` only when the input
#: names creators).
DISCLOSURE_COLUMNS = (
    "post_id",
    "creator",
    "language",
    "sponsored",
    "disclosure",
    "needs_fixing",
    "reason",
)
#: The columns of :func:`disclosure_by_creator`.
CREATOR_COLUMNS = (
    "creator",
    "posts",
    "sponsored_posts",
    "clearly_disclosed",
    "clear_share",
    "needs_fixing",
    "posts_to_fix",
)


def audit_disclosure(
    data: pd.DataFrame | str | Path | Iterable[Mapping[str, Any]],
    *,
    settings: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Audit every post of the posts form: sponsored, disclosure, needs_fixing and why.

    Parameters
    ----------
    data:
        A posts CSV file, a DataFrame, or records (mappings) with the columns of the posts
        form (:mod:`nichescout.audit.postsform`): ``post_id``, ``caption``, optional
        ``language`` and ``creator`` (or ``handle``); checked the same way in every case.
    settings:
        Overrides of the ``disclosure_*`` settings.

    Returns
    -------
    DataFrame
        :data:`DISCLOSURE_COLUMNS` (``creator`` only when given), one row per post in input
        order. ``language`` is the one used: given, else detected (``None`` when unknown).
        ``attrs["provenance"]`` names the method, its settings and the version.

    >>> audit_disclosure([
    ...     {"post_id": "1", "caption": "Ad: my serum from @glow, code ANNA10", "creator": "ana"},
    ...     {"post_id": "2", "caption": "Sunrise hike #adventure", "creator": "ana"},
    ... ])[["post_id", "sponsored", "disclosure", "needs_fixing"]]
      post_id  sponsored disclosure  needs_fixing
    0       1       True      clear         False
    1       2      False       none         False
    """
    import pandas as pd

    from nichescout import settings as _settings
    from nichescout._version import __version__
    from nichescout.audit.postsform import parse_posts, read_posts

    if isinstance(data, pd.DataFrame):
        records = [{str(k): v for k, v in r.items()} for r in data.to_dict("records")]
        posts = parse_posts(records, "posts", columns=[str(c) for c in data.columns])
    elif isinstance(data, str | Path):
        posts = read_posts(data)
    else:
        posts = parse_posts(data, "posts")
    languages = posts["language"] if "language" in posts else [None] * len(posts)
    found = [
        assess(caption, language, settings)
        for caption, language in zip(posts["caption"], languages, strict=True)
    ]
    result = pd.DataFrame(
        {
            "post_id": posts["post_id"],
            "creator": posts["creator"] if "creator" in posts else None,
            "language": pd.Series([a.language for a in found], index=posts.index, dtype=object),
            "sponsored": pd.Series([a.sponsored for a in found], index=posts.index, dtype=bool),
            "disclosure": pd.Series([a.disclosure for a in found], index=posts.index, dtype=object),
            "needs_fixing": pd.Series(
                [a.needs_fixing for a in found], index=posts.index, dtype=bool
            ),
            "reason": pd.Series([a.reason for a in found], index=posts.index, dtype=object),
        }
    )
    if "creator" not in posts:
        result = result.drop(columns="creator")
    result.attrs["provenance"] = {
        "method": "structural disclosure rules (nichescout.audit.disclosure)",
        "settings": {
            s.name: _settings.get(s.name, settings)
            for s in _settings.SETTINGS.values()
            if s.name.startswith("disclosure_")
        },
        "language": "given" if "language" in posts else "detected",
        "version": __version__,
    }
    return result


def disclosure_by_creator(audit: pd.DataFrame) -> pd.DataFrame:
    """Per creator: posts, sponsored posts, how many and what share of them are clearly
    disclosed, and the ids of the posts to fix (sponsored, disclosure unclear or none),
    worst first. ``clear_share`` is empty (NaN) for a creator with no sponsored post.

    >>> import pandas as pd
    >>> audit = pd.DataFrame({"post_id": ["1", "2", "3"], "creator": ["ana", "ana", "bo"],
    ...     "sponsored": [True, True, False], "disclosure": ["clear", "none", "none"],
    ...     "needs_fixing": [False, True, False]})
    >>> disclosure_by_creator(audit).to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'creator': 'ana', 'posts': 2, 'sponsored_posts': 2, 'clearly_disclosed': 1,
      'clear_share': 0.5, 'needs_fixing': 1, 'posts_to_fix': '2'},
     {'creator': 'bo', 'posts': 1, 'sponsored_posts': 0, 'clearly_disclosed': 0,
      'clear_share': nan, 'needs_fixing': 0, 'posts_to_fix': ''}]
    """
    import pandas as pd

    if "creator" not in audit:
        raise ParameterError(
            "disclosure_by_creator needs a creator column: give the posts a creator or "
            "handle column."
        )
    rows = []
    for creator, group in audit.groupby("creator", sort=False):
        sponsored = int(group["sponsored"].sum())
        clear = int((group["sponsored"] & (group["disclosure"] == "clear")).sum())
        fix = group.loc[group["needs_fixing"].astype(bool), "post_id"].astype(str)
        rows.append(
            {
                "creator": creator,
                "posts": len(group),
                "sponsored_posts": sponsored,
                "clearly_disclosed": clear,
                "clear_share": round(clear / sponsored, 3) if sponsored else float("nan"),
                "needs_fixing": len(fix),
                "posts_to_fix": "; ".join(fix),
            }
        )
    frame = pd.DataFrame(rows, columns=list(CREATOR_COLUMNS))
    frame = frame.sort_values(["needs_fixing", "creator"], ascending=[False, True], kind="stable")
    return frame.reset_index(drop=True)
