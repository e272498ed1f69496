"""Each creator's niche, by one rule: the engagement cohorts, ``nichescout discover --niche``
and the creator card all read it from :func:`creator_niches`.

The rule:

1. the niche **stored** with the creator (``attributes.niche``, the creators form's
   ``niche`` column), when it is not blank — the user's own label wins;
2. else the **first** niche the keyword classifier of :mod:`nichescout.niches` gives them
   from their bio, captions and hashtags (:func:`nichescout.niches.member_niches`: the
   first row of :func:`nichescout.niches.label_niches` with the keyword method, on the
   default taxonomy or the one the caller passes);
3. else none.

``niche_source`` says which (``stored``, ``labelled`` or ``none``). Two niches are the same
niche whatever their case, spaces, hyphens or underscores (:func:`fold_niche`): a stored
"Personal-Finance" and a labelled "personal finance" share a cohort and a ``--niche``.

>>> from nichescout.data.creators import toy_creators
>>> creator_niches(toy_creators(), "toy:creators", [1, 2, 3])[["member_id", "niche", "niche_source"]]
  member_id    niche niche_source
0       ana  fitness     labelled
1        bo     food     labelled
2        cy   gaming     labelled
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from nichescout.niches.taxonomy import Taxonomy
    from nichescout.store import Store

__all__ = ["NICHE_COLUMNS", "NICHE_SOURCES", "creator_niches", "fold_niche"]

#: Where a creator's niche comes from, in the order of the rule.
NICHE_SOURCES = ("stored", "labelled", "none")
#: The columns of :func:`creator_niches`.
NICHE_COLUMNS = ["member_key", "member_id", "niche", "niche_source", "niches"]


def fold_niche(name: str) -> str:
    """A niche (or tier) name as typed: case, spaces, '-' and '_' do not matter.

    >>> fold_niche("  Personal-Finance "), fold_niche("core_micro")
    ('personal finance', 'core micro')
    """
    return " ".join(name.replace("-", " ").replace("_", " ").lower().split())


def creator_niches(
    store: Store,
    platform: str,
    member_keys: Iterable[int] | None = None,
    taxonomy: Taxonomy | str | Path | None = None,
) -> pd.DataFrame:
    """The niche of each member of ``platform`` — or only of ``member_keys`` — by the rule of
    the module docstring, in one pass: one query for the stored niches, one labelling of the
    members without one.

    Returns
    -------
    DataFrame
        :data:`NICHE_COLUMNS`, one row per member, in member_key order: ``niche`` (the
        stored niche, trimmed, else the first label, else None), ``niche_source`` and
        ``niches`` (a tuple: the stored niche alone, else every label best first, else
        empty).
    """
    from nichescout.niches import member_niches

    keys = None if member_keys is None else sorted({int(k) for k in member_keys})
    rows = store.con.execute(
        """SELECT member_key, member_id,
                  nullif(trim(json_extract_string(attributes, '$.niche')), '') AS stored
           FROM members
           WHERE platform = ? AND (?::BIGINT[] IS NULL OR list_contains(?::BIGINT[], member_key))
           ORDER BY member_key""",
        [platform, keys, keys],
    ).fetchall()
    unstored = [int(key) for key, _, stored in rows if stored is None]
    labels = member_niches(store, platform, unstored, taxonomy) if unstored else {}
    out = []
    for key, member_id, stored in rows:
        if stored is not None:
            niches: tuple[str, ...] = (str(stored),)
            source = "stored"
        else:
            niches = labels.get(int(key), ())
            source = "labelled" if niches else "none"
        out.append((int(key), member_id, niches[0] if niches else None, source, niches))
    frame = pd.DataFrame(out, columns=NICHE_COLUMNS)
    return frame.astype({"member_key": "int64", "niche": object})
