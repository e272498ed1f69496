"""Data shipped with nichescout: one small real community for the demo and doctests.

``conlang-meta`` is the complete Stack Exchange data dump of conlang.meta.stackexchange.com
(2018-02 … 2020-08: 177 posts, 272 users, 230 comments, 1,119 votes), licensed CC BY-SA 3.0
by its authors; see ``conlang-meta/LICENSE`` and ``conlang-meta/PROVENANCE.md`` beside this
file.

>>> sorted(p.name for p in sample_path().glob("*.xml"))[:3]
['Badges.xml', 'Comments.xml', 'PostHistory.xml']
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["SAMPLE_PLATFORM", "sample_path"]

#: The platform name the bundled sample gets when imported.
SAMPLE_PLATFORM = "stackexchange:conlang-meta"


def sample_path() -> Path:
    """Folder of the bundled Stack Exchange sample (conlang-meta)."""
    return Path(__file__).with_name("conlang-meta")
