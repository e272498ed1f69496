"""A toy store of comments, small enough to check every figure by hand.

>>> toy_comments().counts()
{'members': 7, 'content': 13, 'interactions': 12}
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nichescout.store import Store

__all__ = ["TOY_COMMENTS", "TOY_COMMENTS_PLATFORM", "toy_comments"]

#: The platform of :func:`toy_comments`.
TOY_COMMENTS_PLATFORM = "toy:comments"

#: The toy in the creators form (docs/canonical.md): file → text.
TOY_COMMENTS = {
    "profiles.csv": """handle,platform,followers
maya.bakes,toy:comments,4200
jo.climbs,toy:comments,900
""",
    "posts.csv": """post_id,handle,created,caption,likes,comments
m1,maya.bakes,2024-03-01T09:00:00,First sourdough of spring,120,4
m2,maya.bakes,2024-04-02T09:00:00,Rye loaf,90,4
j1,jo.climbs,2024-03-05T18:00:00,Sent my first 7a,40,2
""",
    "comments.csv": """comment_id,post_id,author,text,created,reply_to
k1,m1,ana,How long did the dough rise?,2024-03-01T10:00:00,
k2,m1,ben,nice pic 🔥,2024-03-01T11:00:00,
k3,m1,cy,😍😍,2024-03-01T12:00:00,
k4,m1,maya.bakes,@ana About two hours!,2024-03-01T13:00:00,k1
k5,m2,ana,"This recipe was a disaster, the bread never rose",2024-04-02T10:00:00,
k6,m2,dan,Das probiere ich am Wochenende aus.,2024-04-02T11:00:00,
k7,m2,ben,Where did you get that pan?,2024-04-02T12:00:00,
k8,m2,maya.bakes,@ben From a flea market!,2024-04-02T14:00:00,
k9,j1,ana,"Great route, congrats on the send!",2024-03-05T19:00:00,
k10,j1,eve,love this ❤️,2024-03-05T20:00:00,
""",
}


def toy_comments(store: Store | None = None) -> Store:
    """Two creators, 7 members, 13 content items (3 posts, 10 comments), 12 interactions.

    On ``toy:comments``: Maya bakes (posts m1 in March, m2 in April 2024) and Jo climbs (j1 in
    March). Under Maya's posts the audience writes six comments: Ana asks how long the dough
    rose (Maya answers in the thread) and finds the April recipe a disaster; Ben writes
    *nice pic 🔥* and asks where the pan is from (Maya answers under the post, @-naming him);
    Cy writes *😍😍*; Dan writes in German. Under Jo's post: Ana's congratulations and
    Eve's *love this ❤️*. So Maya: 6 audience comments by 4 commenters, 2 generic, 2
    questions, 2 answered, 1 not scored (German); Jo: 2 comments, 1 generic, none answered.
    The 12 interactions are the 10 comments' replies and the creators' 2 @-mentions.
    """
    from nichescout.ingest.creators import import_creators
    from nichescout.store import Store

    store = store or Store(":memory:")
    folder = Path(tempfile.mkdtemp(prefix="nichescout-toy-comments-"))
    try:
        for name, text in TOY_COMMENTS.items():
            (folder / name).write_text(text, encoding="utf-8")
        import_creators(store, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return store
