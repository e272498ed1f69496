"""Slack ``mrkdwn`` as readable plain text, and the members a message mentions.

Slack stores message text with its own markup: ``<@U123>`` (a member), ``<#C123|general>``
(a channel), ``<https://x.org|label>`` (a link), ``<!here>`` (a broadcast), and escapes
``<``, ``>`` and ``&`` as ``&lt;``, ``&gt;`` and ``&amp;``. :func:`mrkdwn_to_text` rewrites
each ``<…>`` token as people read it in the Slack client:

=========================  =====================================================
token                      text
=========================  =====================================================
``<@U123>``                ``@name`` (the member's handle; ``@U123`` if unknown)
``<#C123|general>``        ``#general`` (``#<name from channels>`` without label)
``<https://x.org|label>``  ``label``; ``<https://x.org>`` stays ``https://x.org``
``<!here>``                ``@here`` (also ``@channel``, ``@everyone``)
``<!subteam^S1|@team>``    ``@team`` (any ``<!…|label>`` gives its label)
=========================  =====================================================

Ids are matched case-insensitively (some anonymised exports lower-case all text) and
returned upper-case, as Slack spells them.

>>> users = {"U03U9FWPNCE": "maria"}
>>> mrkdwn_to_text("thanks <@u03u9fwpnce>, see <#C01|all-week1> &amp; "
...                "<https://10academy.org|our site> &lt;3 <!here>", users, {})
'thanks @maria, see #all-week1 & our site <3 @here'
>>> mentioned_ids("cc <@U1> <@u2|ann> <@U1>")
['U1', 'U2']
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["mentioned_ids", "mrkdwn_to_text"]

_TOKEN = re.compile(r"<([^<>]*)>")
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>", re.IGNORECASE)
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


def mentioned_ids(text: str | None) -> list[str]:
    """Distinct member ids named by ``<@U…>`` tokens, upper-case, in order of first mention."""
    if not text:
        return []
    return list(dict.fromkeys(m.upper() for m in _MENTION.findall(text)))


def mrkdwn_to_text(
    text: str | None, users: Mapping[str, str], channels: Mapping[str, str]
) -> str | None:
    """Plain text of a Slack message.

    ``users`` maps member id → handle and ``channels`` channel id → name (ids upper-case).
    Empty text gives ``None``.
    """
    if not text:
        return None

    def token(match: re.Match[str]) -> str:
        body = match.group(1)
        target, _, label = body.partition("|")
        if target[:1] == "@":
            member = target[1:].upper()
            return "@" + users.get(member, label or member)
        if target[:1] == "#":
            channel = target[1:].upper()
            return "#" + (label or channels.get(channel, channel))
        if target[:1] == "!":
            return label or "@" + target[1:].split("^", 1)[0]
        return label or target

    out = _TOKEN.sub(token, text)
    for entity, char in _ENTITIES:
        out = out.replace(entity, char)
    out = out.strip()
    return out or None
