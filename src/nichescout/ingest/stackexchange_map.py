"""SQL that maps the raw Stack Exchange tables (``_se_*``) onto the canonical staging tables.

See :mod:`nichescout.ingest.stackexchange` for the mapping table. Rows left out are counted
on the session with the reason a person would give. A post or comment with no owner (its
account was deleted) is filed under the platform's deleted-accounts placeholder,
:data:`~nichescout.ingest.base.DELETED_MEMBER_ID`, so its rows are kept.
"""

from __future__ import annotations

from nichescout.ingest.base import DELETED_MEMBER_ID, deleted_member
from nichescout.store import ImportSession

__all__ = ["map_to_canonical"]

# VoteTypeId → name, for the skipped-rows report (Stack Exchange's own names).
VOTE_TYPES = {
    1: "AcceptedByOriginator",
    2: "UpMod",
    3: "DownMod",
    4: "Offensive",
    5: "Favorite",
    6: "Close",
    7: "Reopen",
    8: "BountyStart",
    9: "BountyClose",
    10: "Deletion",
    11: "Undeletion",
    12: "Spam",
    15: "ModeratorReview",
    16: "ApproveEditSuggestion",
}
_EDIT_TYPES = (4, 5, 6)  # edit title, edit body, edit tags
_DELETED = "'" + DELETED_MEMBER_ID.replace("'", "''") + "'"


def _skip_counted(session: ImportSession, reason: str, count_sql: str) -> None:
    """Count the source rows that ``count_sql`` (a ``SELECT count(*) …``) finds as skipped."""
    row = session.con.execute(count_sql).fetchone()
    session.skip(reason, int(row[0]) if row else 0)


def _views(session: ImportSession) -> None:
    con = session.con
    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW _se_qa AS
           SELECT p.*, CASE p.PostTypeId WHEN 1 THEN p.Id ELSE p.ParentId END AS ThreadId,
                  coalesce(CAST(p.OwnerUserId AS VARCHAR), {_DELETED}) AS Owner
           FROM _se_posts p WHERE p.PostTypeId IN (1, 2)"""
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW _se_comment_info AS
           SELECT c.*, q.ThreadId, q.Owner AS PostOwner,
                  coalesce(CAST(c.UserId AS VARCHAR), {_DELETED}) AS Author
           FROM _se_comments c JOIN _se_qa q ON q.Id = c.PostId"""
    )


def _members(session: ImportSession, platform: str) -> None:
    session.append_relation_sql(
        "members",
        f"""
        WITH badges AS (
            SELECT UserId, count(*) FILTER (WHERE Class = 1) AS gold,
                   count(*) FILTER (WHERE Class = 2) AS silver,
                   count(*) FILTER (WHERE Class = 3) AS bronze
            FROM _se_badges GROUP BY UserId),
        edits AS (
            SELECT h.UserId, count(DISTINCT h.PostId) AS edits_of_others
            FROM _se_posthistory h JOIN _se_posts p ON p.Id = h.PostId
            WHERE h.PostHistoryTypeId IN {_EDIT_TYPES} AND h.UserId IS NOT NULL
              AND h.UserId IS DISTINCT FROM p.OwnerUserId
            GROUP BY h.UserId)
        SELECT ? AS platform, CAST(u.Id AS VARCHAR) AS member_id,
               replace(u.DisplayName, ' ', '') AS handle, u.DisplayName AS display_name,
               u.CreationDate AS joined_at, u.AboutMe AS bio, u.Location AS country,
               u.Id < 0 AS is_bot,
               to_json({{reputation: u.Reputation, views: u.Views, up_votes: u.UpVotes,
                        down_votes: u.DownVotes, account_id: u.AccountId,
                        website: u.WebsiteUrl,
                        badges_gold: coalesce(b.gold, 0), badges_silver: coalesce(b.silver, 0),
                        badges_bronze: coalesce(b.bronze, 0),
                        edits_of_others: coalesce(e.edits_of_others, 0)}}) AS attributes,
               u._file, u._row
        FROM _se_users u LEFT JOIN badges b ON b.UserId = u.Id
             LEFT JOIN edits e ON e.UserId = u.Id""",
        [platform],
    )
    row = session.con.execute(
        f"""SELECT (SELECT min(_file) FROM _se_qa WHERE Owner = {_DELETED}),
                   (SELECT min(_file) FROM _se_comment_info WHERE Author = {_DELETED})"""
    ).fetchone()
    source = next((file for file in row or () if file is not None), None)
    if source is not None:  # posts or comments by deleted accounts: one placeholder
        session.writer("members").append(deleted_member(platform), file=source)


def _content(session: ImportSession, platform: str) -> None:
    _skip_counted(
        session,
        "Posts.xml: tag wikis and other non-Q&A posts",
        "SELECT count(*) FROM _se_posts WHERE PostTypeId NOT IN (1, 2)",
    )
    session.append_relation_sql(
        "content",
        """
        SELECT ? AS platform, CAST(p.Id AS VARCHAR) AS content_id,
               p.Owner AS author_id,
               CASE p.PostTypeId WHEN 1 THEN 'question' ELSE 'answer' END AS kind,
               CAST(p.ParentId AS VARCHAR) AS parent_id, CAST(p.ThreadId AS VARCHAR) AS thread_id,
               p.CreationDate AS created_at, p.Title AS title, p.Body AS text,
               p.CommentCount AS comments, p.ViewCount AS views, p.Score AS score,
               p.Id IN (SELECT AcceptedAnswerId FROM _se_posts
                        WHERE AcceptedAnswerId IS NOT NULL) AS accepted,
               p.Tags AS tags, p._file, p._row
        FROM _se_qa p""",
        [platform],
    )
    _skip_counted(
        session,
        "Comments.xml: comments on deleted or non-Q&A posts",
        "SELECT count(*) FROM _se_comments WHERE PostId NOT IN (SELECT Id FROM _se_qa)",
    )
    session.append_relation_sql(
        "content",
        """
        SELECT ? AS platform, 'c' || c.Id AS content_id, c.Author AS author_id,
               'comment' AS kind, CAST(c.PostId AS VARCHAR) AS parent_id,
               CAST(c.ThreadId AS VARCHAR) AS thread_id, c.CreationDate AS created_at,
               c.Text AS text, c.Score AS score, c._file, c._row
        FROM _se_comment_info c""",
        [platform],
    )


def _replies_and_accepts(session: ImportSession, platform: str) -> None:
    session.append_relation_sql(
        "interactions",
        """
        SELECT ? AS platform, 'answer:' || a.Id AS interaction_id,
               a.Owner AS actor_id, 'reply' AS kind,
               q.Owner AS target_id, CAST(a.Id AS VARCHAR) AS content_id,
               a.CreationDate AS created_at, 1.0 AS value, a._file, a._row
        FROM _se_qa a JOIN _se_qa q ON q.Id = a.ParentId
        WHERE a.PostTypeId = 2""",
        [platform],
    )
    _skip_counted(
        session,
        "Posts.xml: reply interactions of answers whose question is not in the dump",
        """SELECT count(*) FROM _se_qa a
           WHERE a.PostTypeId = 2 AND a.ParentId NOT IN (SELECT Id FROM _se_qa)""",
    )
    session.append_relation_sql(
        "interactions",
        """
        WITH accept_votes AS (
            SELECT PostId, min(CreationDate) AS at FROM _se_votes
            WHERE VoteTypeId = 1 GROUP BY PostId)
        SELECT ? AS platform, 'accept:' || a.Id AS interaction_id,
               q.Owner AS actor_id, 'accept' AS kind,
               a.Owner AS target_id, CAST(a.Id AS VARCHAR) AS content_id,
               greatest(coalesce(v.at, a.CreationDate), a.CreationDate) AS created_at,
               1.0 AS value, q._file, q._row
        FROM _se_qa q JOIN _se_qa a ON a.Id = q.AcceptedAnswerId
        LEFT JOIN accept_votes v ON v.PostId = a.Id""",
        [platform],
    )
    session.append_relation_sql(
        "interactions",
        """
        SELECT ? AS platform, 'comment:' || c.Id AS interaction_id,
               c.Author AS actor_id, 'reply' AS kind,
               c.PostOwner AS target_id, 'c' || c.Id AS content_id,
               c.CreationDate AS created_at, 1.0 AS value, c._file, c._row
        FROM _se_comment_info c""",
        [platform],
    )


def _votes(session: ImportSession, platform: str) -> None:
    con = session.con
    for type_id, n in con.execute(
        "SELECT VoteTypeId, count(*) FROM _se_votes WHERE VoteTypeId NOT IN (2, 3) "
        "GROUP BY 1 ORDER BY 1"
    ).fetchall():
        name = VOTE_TYPES.get(type_id, f"type {type_id}")
        what = "dates the accept" if type_id == 1 else "not an interaction nichescout uses"
        session.skip(f"Votes.xml: {name} votes ({what})", n)
    _skip_counted(
        session,
        "Votes.xml: votes on deleted or non-Q&A posts",
        """SELECT count(*) FROM _se_votes v LEFT JOIN _se_qa q ON q.Id = v.PostId
           WHERE v.VoteTypeId IN (2, 3) AND q.Id IS NULL""",
    )
    session.append_relation_sql(
        "interactions",
        """
        SELECT ? AS platform, 'vote:' || v.Id AS interaction_id,
               CAST(v.UserId AS VARCHAR) AS actor_id,
               CASE v.VoteTypeId WHEN 2 THEN 'vote_up' ELSE 'vote_down' END AS kind,
               q.Owner AS target_id, CAST(q.Id AS VARCHAR) AS content_id,
               v.CreationDate AS created_at, 1.0 AS value, v._file, v._row
        FROM _se_votes v JOIN _se_qa q ON q.Id = v.PostId
        WHERE v.VoteTypeId IN (2, 3)""",
        [platform],
    )


def _mentions(session: ImportSession, platform: str) -> None:
    """Resolve ``@name`` as Stack Exchange does, then emit one mention per (comment, member)."""
    con = session.con
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _se_mention_resolved AS
        WITH people AS (
            SELECT Id, lower(replace(DisplayName, ' ', '')) AS norm FROM _se_users),
        participants AS (
            SELECT DISTINCT ThreadId, OwnerUserId AS UserId FROM _se_qa
            WHERE OwnerUserId IS NOT NULL
            UNION SELECT DISTINCT ThreadId, UserId FROM _se_comment_info
            WHERE UserId IS NOT NULL),
        m AS (
            SELECT m.CommentId, lower(m.Name) AS name, c.ThreadId, c.UserId AS author,
                   c.Author AS actor, c.CreationDate, m._file, m._row
            FROM _se_mentions m JOIN _se_comment_info c ON c.Id = m.CommentId),
        local AS (
            SELECT m.CommentId, m.name, list_distinct(list(p.Id)) AS ids
            FROM m JOIN participants t ON t.ThreadId = m.ThreadId
                   JOIN people p ON p.Id = t.UserId
            WHERE length(m.name) >= 3 AND starts_with(p.norm, m.name)
              AND p.Id IS DISTINCT FROM m.author
            GROUP BY ALL),
        exact AS (
            SELECT m.CommentId, m.name, list_distinct(list(p.Id)) AS ids
            FROM m JOIN people p ON p.norm = m.name GROUP BY ALL)
        SELECT m.*, CASE WHEN len(l.ids) = 1 THEN l.ids[1]
                         WHEN l.ids IS NULL AND len(e.ids) = 1 THEN e.ids[1] END AS target
        FROM m LEFT JOIN local l USING (CommentId, name) LEFT JOIN exact e USING (CommentId, name)
        """
    )
    counts = con.execute(
        """SELECT count(*) FILTER (WHERE target IS NULL),
                  count(*) FILTER (WHERE target = author) FROM _se_mention_resolved"""
    ).fetchone()  # a deleted account's comment (author NULL) never mentions itself
    assert counts is not None
    session.skip("Comments.xml: @names that match no member, or several", int(counts[0]))
    session.skip("Comments.xml: members mentioning themselves", int(counts[1]))
    _skip_counted(
        session,
        "Comments.xml: the same member @named twice in one comment",
        """SELECT count(*) - count(DISTINCT (CommentId, target)) FROM _se_mention_resolved
           WHERE target IS NOT NULL AND target IS DISTINCT FROM author""",
    )
    session.append_relation_sql(
        "interactions",
        """
        SELECT ? AS platform, 'mention:c' || CommentId || ':' || target AS interaction_id,
               actor AS actor_id, 'mention' AS kind,
               CAST(target AS VARCHAR) AS target_id, 'c' || CommentId AS content_id,
               CreationDate AS created_at, 1.0 AS value, _file, min(_row) AS _row
        FROM _se_mention_resolved WHERE target IS NOT NULL AND target IS DISTINCT FROM author
        GROUP BY ALL""",
        [platform],
    )
    _skip_counted(
        session,
        "Comments.xml: @names in comments on deleted or non-Q&A posts",
        """SELECT count(*) FROM _se_mentions
           WHERE CommentId NOT IN (SELECT Id FROM _se_comment_info)""",
    )


def map_to_canonical(session: ImportSession, platform: str) -> None:
    """Fill the session's staging tables from the raw ``_se_*`` tables."""
    _views(session)
    _members(session, platform)
    _content(session, platform)
    _replies_and_accepts(session, platform)
    _votes(session, platform)
    _mentions(session, platform)
    session.con.execute("DROP VIEW IF EXISTS _se_comment_info")
    session.con.execute("DROP VIEW IF EXISTS _se_qa")
    for name in (
        "posts",
        "users",
        "comments",
        "votes",
        "badges",
        "posthistory",
        "mentions",
        "mention_resolved",
    ):
        session.con.execute(f"DROP TABLE IF EXISTS _se_{name}")
