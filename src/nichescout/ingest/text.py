"""Turning source markup into plain text, and finding mentions in it.

>>> html_to_text("<p>Try <code>x = 1</code> &amp; see</p>")
'Try x = 1 & see'
>>> at_mentions("@JohnDoe thanks! cc @ann_b, and mail me@example.com")
['JohnDoe', 'ann_b']
"""

from __future__ import annotations

import re

import lxml.html
from lxml.etree import ParserError

__all__ = ["at_mentions", "html_to_text"]

_SPACES = re.compile(r"[ \t\r\f\v]+")
_AT_NAME = re.compile(r"(?<![\w@.])@([\w][\w.\-]*[\w]|[\w])")


def html_to_text(html: str | None) -> str | None:
    """Plain text of an HTML fragment: tags dropped, entities decoded, blank runs collapsed."""
    if html is None:
        return None
    if "<" not in html and "&" not in html:
        return _SPACES.sub(" ", html).strip()
    try:
        text = lxml.html.fragment_fromstring(html, create_parent="div").text_content()
    except (ParserError, ValueError):
        return _SPACES.sub(" ", html).strip()
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def at_mentions(text: str | None) -> list[str]:
    """The ``@name`` tokens of a text, in order (e-mail addresses are not mentions)."""
    if not text:
        return []
    return _AT_NAME.findall(text)
