"""Streaming reader of the ``<row …/>`` elements of a Stack Exchange-style XML dump file.

Memory stays flat however large the file: each element is cleared once read.

>>> import io
>>> data = b'<?xml version="1.0"?><users><row Id="1" DisplayName="Ann"/><row Id="2"/></users>'
>>> [(n, dict(a)) for n, a in iter_rows(io.BytesIO(data), "users", "Users.xml")]
[(1, {'Id': '1', 'DisplayName': 'Ann'}), (2, {'Id': '2'})]
>>> list(iter_rows(io.BytesIO(b'<users><row Id="1"/>'), "users", "Users.xml"))
Traceback (most recent call last):
...
nichescout.exceptions.InputError: Users.xml, line 1: the XML is malformed or cut short (...). Re-download or re-extract the file.

Entities are never expanded: a file with a DOCTYPE is refused before its first row.

>>> bomb = b'<!DOCTYPE users [<!ENTITY a "aaaa">]><users><row Id="&a;"/></users>'
>>> list(iter_rows(io.BytesIO(bomb), "users", "Users.xml"))
Traceback (most recent call last):
...
nichescout.exceptions.InputError: Users.xml: declares a DOCTYPE; dump files have none, ...
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO

from lxml import etree

from nichescout.exceptions import InputError

__all__ = ["iter_rows"]


def iter_rows(
    source: str | Path | IO[bytes], root: str, name: str | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(row_number, attributes)`` for each ``<row>`` under the ``<root>`` element.

    ``row_number`` counts ``<row>`` elements from 1, the numbering errors refer to.
    """
    label = name or str(source)
    count = 0
    root_seen = False
    try:
        # No DTD is loaded, no entity resolved from outside, nothing fetched from the network;
        # a document that declares a DOCTYPE at all is refused at its root (below), before
        # any row is read, so internal entities cannot expand either ("billion laughs").
        rows = etree.iterparse(
            source,
            events=("start", "end"),
            huge_tree=True,
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
        )
        for event, element in rows:
            if event == "start":
                if not root_seen:
                    root_seen = True
                    if element.getroottree().docinfo.internalDTD is not None:
                        raise InputError(
                            label,
                            None,
                            "declares a DOCTYPE; dump files have none, and its entities could "
                            "read local files or expand without bound, so it is refused.",
                        )
                    if element.tag != root:
                        raise InputError(
                            label,
                            None,
                            f"expected a <{root}> document but "
                            f"found <{element.tag}>; is this the right file?",
                        )
                continue
            if element.tag == "row":
                count += 1
                yield count, dict(element.attrib)
                element.clear(keep_tail=False)
                parent = element.getparent()
                if parent is not None:
                    while element.getprevious() is not None:
                        del parent[0]
    except etree.XMLSyntaxError as err:
        line = err.position[0] if err.position else None
        where = f"line {line}" if line else None
        if not root_seen and "empty" in str(err).lower():
            raise InputError(label, None, "the file is empty; re-export or remove it.") from err
        raise InputError(
            label,
            where,
            f"the XML is malformed or cut short ({err.msg}). Re-download or re-extract the file.",
        ) from err
