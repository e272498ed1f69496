"""Files of an export folder, kept inside it: a link to anywhere else is refused.

An export arrives as an archive, and ``unzip`` or ``tar`` recreate the symbolic links it
holds: ``posts/a.json -> ~/.ssh/id_rsa`` would make an importer read (and store, and show in
a report) a file the user never meant to give. Every importer that walks a folder passes
what it found through :func:`inside`.

>>> import tempfile, os
>>> root = Path(tempfile.mkdtemp())
>>> (root / "a.json").write_text("{}")
2
>>> os.symlink("/etc/hostname", root / "b.json")
>>> inside(root, [root / "a.json"]) == [root / "a.json"]
True
>>> inside(root, sorted(root.glob("*.json")))
Traceback (most recent call last):
...
nichescout.exceptions.InputError: .../b.json: links to /etc/hostname, outside the folder ...
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from nichescout.exceptions import InputError

__all__ = ["inside"]


def inside(root: Path, files: Iterable[Path]) -> list[Path]:
    """``files`` (found under the folder ``root``) as a list, or an :class:`InputError` for
    the first one whose real path, links followed, lies outside ``root``."""
    top = root.resolve()
    kept = []
    for file in files:
        real = file.resolve()
        if not real.is_relative_to(top):
            raise InputError(
                file,
                None,
                f"links to {real}, outside the folder {root}; nichescout reads only the files "
                "inside the folder it is given. Copy the file in instead of linking it.",
            )
        kept.append(file)
    return kept
