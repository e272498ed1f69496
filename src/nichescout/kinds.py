"""The closed vocabularies of the canonical tables: interaction kinds and content kinds.

Every importer maps its source's events onto these names, and every signal reads them; no
other module spells a kind as a bare string. Where W3C Activity Streams 2.0 has a term for
the activity, it is given in :data:`ACTIVITY_STREAMS` so exports can speak AS2.

>>> InteractionKind("vote_up") is InteractionKind.VOTE_UP
True
>>> ACTIVITY_STREAMS[InteractionKind.SHARE]
'Announce'
>>> sorted(k.value for k in ContentKind)[:3]
['answer', 'comment', 'idea']
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["ACTIVITY_STREAMS", "ContentKind", "InteractionKind"]


class InteractionKind(StrEnum):
    """One member acting on another member (``target``) or on a piece of content.

    ========== ==================================================================
    reply      answering or commenting on someone's content (SE answer/comment,
               Slack thread reply, Twitter reply); target = the content's author
    reaction   an emoji reaction or a like on someone's content
    mention    naming a member in text (``@name``, ``<@U…>``, Twitter MT)
    follow     following / subscribing to a member (graph edge lists)
    share      re-posting someone's content (Twitter RT)
    vote_up    an up-vote on someone's content (actor often anonymous)
    vote_down  a down-vote on someone's content
    accept     the asker marking someone's answer as the solution
    referral   the actor brought the target into the community (Slack inviter)
    join       the actor joined the community or a channel (no target)
    invite     the actor invited the target (invitation sent, not yet joined)
    ========== ==================================================================
    """

    REPLY = "reply"
    REACTION = "reaction"
    MENTION = "mention"
    FOLLOW = "follow"
    SHARE = "share"
    VOTE_UP = "vote_up"
    VOTE_DOWN = "vote_down"
    ACCEPT = "accept"
    REFERRAL = "referral"
    JOIN = "join"
    INVITE = "invite"


class ContentKind(StrEnum):
    """What a row of ``content`` is.

    ========== ==================================================================
    post       a top-level post on a forum, feed or creator platform
    question   a Q&A question (opens a thread)
    answer     a Q&A answer (parent = the question)
    comment    a comment under a post, question or answer
    message    a chat message; a thread reply has ``parent_id`` set
    video      a video or stream
    idea       an idea, proposal or user-generated initiative others can vote on
    ========== ==================================================================
    """

    POST = "post"
    QUESTION = "question"
    ANSWER = "answer"
    COMMENT = "comment"
    MESSAGE = "message"
    VIDEO = "video"
    IDEA = "idea"


#: W3C Activity Streams 2.0 activity type for each interaction kind that has one.
ACTIVITY_STREAMS: dict[InteractionKind, str] = {
    InteractionKind.REPLY: "Create",
    InteractionKind.REACTION: "Like",
    InteractionKind.FOLLOW: "Follow",
    InteractionKind.SHARE: "Announce",
    InteractionKind.VOTE_UP: "Like",
    InteractionKind.VOTE_DOWN: "Dislike",
    InteractionKind.ACCEPT: "Accept",
    InteractionKind.JOIN: "Join",
    InteractionKind.INVITE: "Invite",
    InteractionKind.REFERRAL: "Invite",
}
