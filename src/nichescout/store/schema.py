"""The canonical tables, field by field: the contract between ingest and everything else.

Each table is a tuple of :class:`Column`. The same description drives the DDL of the
migrations, the staging tables importers write into, the canonical-file importer and
``docs/canonical.md``, so the documentation cannot drift from the store.

Two views of every table exist:

* **stored** columns, as they lie in the DuckDB file. Members are referred to by an internal
  surrogate ``member_key`` (a ``BIGINT``), which never leaves the library.
* **canonical** columns, as importers and files speak them: members are referred to by
  ``(platform, member_id)``, the source's own id.

>>> [c.name for c in MEMBERS][:3]
['platform', 'member_id', 'handle']
>>> canonical_columns("interactions")[:4]
['platform', 'interaction_id', 'actor_id', 'kind']
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CONTENT",
    "INTERACTIONS",
    "MEMBERS",
    "TABLES",
    "Column",
    "canonical_columns",
    "required_columns",
]


@dataclass(frozen=True)
class Column:
    """One canonical column.

    ``sql`` is the DuckDB type; ``required`` columns must be non-null in every row;
    ``ref`` names what a canonical ``*_id`` column refers to (``"member"``);
    ``nonnegative`` columns hold weights or counts: a finite number >= 0 when not null
    (the loader refuses an import with any other). Every ``TIMESTAMP`` column must lie in the
    plausible range of :func:`nichescout.store.validate.date_bounds`.
    """

    name: str
    sql: str
    doc: str
    required: bool = False
    ref: str | None = None
    nonnegative: bool = False


MEMBERS: tuple[Column, ...] = (
    Column(
        "platform",
        "VARCHAR",
        "Where the member lives: 'stackexchange:quantumcomputing', "
        "'slack:T03U4J8HMUG', 'twitch:DE', any short name of your own.",
        required=True,
    ),
    Column(
        "member_id",
        "VARCHAR",
        "The source's own id of the member (Stack Exchange user id, "
        "Slack user id, node id of a graph file). Identity is (platform, member_id).",
        required=True,
    ),
    Column("handle", "VARCHAR", "The @-name people use to find them on the platform."),
    Column("display_name", "VARCHAR", "The human name shown by the platform."),
    Column("joined_at", "TIMESTAMP", "When the account was created or joined (UTC)."),
    Column(
        "followers",
        "BIGINT",
        "Audience size: followers, subscribers; for Q&A sites NULL.",
        nonnegative=True,
    ),
    Column("following", "BIGINT", "How many accounts the member follows.", nonnegative=True),
    Column("bio", "VARCHAR", "Profile text, as plain text."),
    Column("language", "VARCHAR", "Main language (BCP 47 code) when known."),
    Column("country", "VARCHAR", "Country (ISO 3166 alpha-2) or free-text location."),
    Column(
        "is_bot",
        "BOOLEAN",
        "True for bots and the platform's own system accounts; they are excluded from rankings.",
    ),
    Column("verified", "BOOLEAN", "Platform verification or partner status when known."),
    Column(
        "attributes",
        "JSON",
        "Everything else the source says about the member, as a JSON "
        "object (Stack Exchange reputation, Twitch views and partner flag, …).",
    ),
)

CONTENT: tuple[Column, ...] = (
    Column("platform", "VARCHAR", "As in members.", required=True),
    Column(
        "content_id",
        "VARCHAR",
        "The source's own id of the item (post id, "
        "'<channel>/<ts>' for Slack). Identity is (platform, content_id).",
        required=True,
    ),
    Column(
        "author_id",
        "VARCHAR",
        "member_id of the author; NULL when the author is unknown (deleted accounts).",
        ref="member",
    ),
    Column(
        "kind",
        "VARCHAR",
        "One of the content kinds of nichescout.kinds.ContentKind.",
        required=True,
    ),
    Column("parent_id", "VARCHAR", "content_id this item answers or comments on."),
    Column(
        "thread_id",
        "VARCHAR",
        "content_id of the item that opened the thread "
        "(a question, a thread parent); equal to content_id for openers.",
    ),
    Column(
        "channel",
        "VARCHAR",
        "Where in the platform it was posted: a Slack channel, a "
        "forum category, a subreddit; NULL when the platform has one space.",
    ),
    Column("created_at", "TIMESTAMP", "When it was posted (UTC).", required=True),
    Column("title", "VARCHAR", "Title, for items that have one."),
    Column("text", "VARCHAR", "Body as plain text (HTML and markup removed)."),
    Column(
        "likes",
        "BIGINT",
        "Likes / reactions the platform counted. Where the platform has no reaction or "
        "vote_up interactions, positive_feedback and engagement_rate count them as "
        "feedback the item received.",
        nonnegative=True,
    ),
    Column("comments", "BIGINT", "Comments or replies the platform counted.", nonnegative=True),
    Column("shares", "BIGINT", "Shares / reposts the platform counted.", nonnegative=True),
    Column("views", "BIGINT", "Views the platform counted.", nonnegative=True),
    Column("score", "BIGINT", "Net score (up-votes minus down-votes) the platform counted."),
    Column(
        "accepted",
        "BOOLEAN",
        "True for an answer the asker accepted as the solution. Where the platform has no "
        "accept interactions, helpfulness counts these answers (dated by created_at).",
    ),
    Column("tags", "VARCHAR[]", "Topic tags, lower case."),
    Column(
        "attributes",
        "JSON",
        "Everything else the source says about the item, as a JSON object (a creator "
        "post's media_type and paid_partnership label, …).",
    ),
)

INTERACTIONS: tuple[Column, ...] = (
    Column("platform", "VARCHAR", "As in members.", required=True),
    Column(
        "interaction_id",
        "VARCHAR",
        "The source's own id of the event, or one derived "
        "from its fields; identity is (platform, interaction_id), so re-importing the same "
        "export adds nothing.",
        required=True,
    ),
    Column(
        "actor_id",
        "VARCHAR",
        "member_id of who acted; NULL when anonymous (Stack Exchange votes).",
        ref="member",
    ),
    Column(
        "kind",
        "VARCHAR",
        "One of the interaction kinds of nichescout.kinds.InteractionKind.",
        required=True,
    ),
    Column(
        "target_id",
        "VARCHAR",
        "member_id acted upon (the author of the content replied "
        "to, the member mentioned, followed, referred); NULL when there is none (join).",
        ref="member",
    ),
    Column("content_id", "VARCHAR", "The content the interaction happened on, when any."),
    Column(
        "created_at",
        "TIMESTAMP",
        "When it happened (UTC); NULL for undated edges of a "
        "graph file, which only count when no time window is asked for.",
    ),
    Column(
        "value",
        "DOUBLE",
        "Strength of the interaction (an edge weight; 1 by default).",
        nonnegative=True,
    ),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "members": MEMBERS,
    "content": CONTENT,
    "interactions": INTERACTIONS,
}


def canonical_columns(table: str) -> list[str]:
    """Names of the canonical columns of ``table``, in order."""
    return [c.name for c in TABLES[table]]


def required_columns(table: str) -> list[str]:
    """Names of the columns of ``table`` that must be non-null."""
    return [c.name for c in TABLES[table] if c.required]


def stored_type(column: Column) -> tuple[str, str]:
    """The (name, SQL type) a canonical column has in the DuckDB file.

    Member references are stored as the internal surrogate key:

    >>> stored_type(INTERACTIONS[2])
    ('actor_key', 'BIGINT')
    """
    if column.ref == "member":
        return column.name.removesuffix("_id") + "_key", "BIGINT"
    return column.name, column.sql
