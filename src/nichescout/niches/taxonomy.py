"""The niche taxonomy: niches with their words and hashtags per language, read from TOML.

The default taxonomy ships with the package (``nichescout/data/niches.toml``: 21 niches,
words and phrases in English, German, French, Spanish, Italian, Dutch and Portuguese). A
user's file is read on top of it, in the same form::

    [niches.fitness]                 # a niche of the default: these words are added to it
    en = ["calisthenics", "kettlebell"]
    hashtags = ["kettlebells"]

    [niches."board games"]           # a new niche
    description = "Tabletop and board games."
    en = ["board game", "tabletop", "meeple"]
    de = ["brettspiel"]

    [niches.crypto]                  # take a default niche out
    remove = true

``replace = true`` in a table replaces the default niche of that name instead of extending
it. Keys of a niche table: ``description``, ``hashtags``, ``replace``, ``remove`` and
language codes (``en``, ``de``, … any two or three letters, ``pt-br``). ``[segmentation]``
lists, per language, everyday words that hashtags are made of (*my*, *life*, *tips*) so that
``#veganrecipesforlife`` can be read as words. Niche names are lower-cased.

A file that cannot be read is one error naming the file and the line:

>>> from pathlib import Path
>>> import tempfile
>>> bad = Path(tempfile.mkdtemp()) / "my.toml"
>>> _ = bad.write_text('[niches.yoga]\\nen = "asana"\\n', encoding="utf-8")
>>> load_taxonomy(bad)
Traceback (most recent call last):
...
nichescout.exceptions.InputError: .../my.toml, line 2: en of niche 'yoga' must be a list of words, such as en = ["asana"]; got a string.
>>> taxonomy = load_taxonomy()
>>> len(taxonomy), taxonomy["fitness"].keywords["de"][:3]
(21, ('fitness', 'krafttraining', 'fitnessstudio'))
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nichescout.exceptions import InputError, NotFoundError

__all__ = [
    "LANGUAGES",
    "Niche",
    "Taxonomy",
    "default_taxonomy_path",
    "load_taxonomy",
]

#: The languages of the default taxonomy (ISO 639-1), in the order it lists them.
LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt")
_FLAGS = ("replace", "remove")
_RESERVED = ("description", "hashtags", *_FLAGS)
_LANGUAGE_KEY = re.compile(r"[a-z]{2,3}(-[a-z]{2,4})?")
_DECODE_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")


@dataclass(frozen=True)
class Niche:
    """One niche: its name (a label, lower case), what it is about, its words per language
    and its one-word hashtags (without ``#``)."""

    name: str
    description: str
    keywords: Mapping[str, tuple[str, ...]]
    hashtags: tuple[str, ...] = ()

    def terms(self) -> tuple[str, ...]:
        """Every word and phrase of every language, each once, in order."""
        return tuple(dict.fromkeys(w for words in self.keywords.values() for w in words))


@dataclass(frozen=True)
class Taxonomy:
    """Niches in order, the segmentation words per language, and the files read."""

    niches: tuple[Niche, ...]
    segmentation: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n.name for n in self.niches)

    def __len__(self) -> int:
        return len(self.niches)

    def __iter__(self) -> Iterator[Niche]:
        return iter(self.niches)

    def __getitem__(self, name: str) -> Niche:
        for niche in self.niches:
            if niche.name == name.strip().lower():
                return niche
        raise NotFoundError(f"No niche {name!r} in the taxonomy; it has {', '.join(self.names)}.")

    def rows(self) -> tuple[list[str], list[tuple[Any, ...]]]:
        """One row per niche for ``nichescout niches --list`` (no pandas): niche,
        description, languages, keywords, hashtags, examples (the first English words)."""
        columns = ["niche", "description", "languages", "keywords", "hashtags", "examples"]
        rows = []
        for n in self.niches:
            first = n.keywords.get("en") or next(iter(n.keywords.values()), ())
            rows.append(
                (
                    n.name,
                    n.description,
                    " ".join(lang for lang, words in n.keywords.items() if words),
                    sum(len(words) for words in n.keywords.values()),
                    len(n.hashtags),
                    ", ".join(first[:5]),
                )
            )
        return columns, rows


def default_taxonomy_path() -> Path:
    """The default taxonomy file shipped with the package."""
    return Path(__file__).resolve().parent.parent / "data" / "niches.toml"


def load_taxonomy(path: str | Path | None = None, *, default: bool = True) -> Taxonomy:
    """The default taxonomy with the TOML file ``path`` read on top of it (module docstring);
    ``default=False`` reads ``path`` alone. Errors name the file and the line."""
    niches: dict[str, Niche] = {}
    segmentation: dict[str, tuple[str, ...]] = {}
    sources: list[str] = []
    files = ([default_taxonomy_path()] if default else []) + ([Path(path)] if path else [])
    if not files:
        raise InputError("taxonomy", None, "no file to read: give a path or default=True.")
    for file in files:
        _apply(_read(file), niches, segmentation)
        sources.append(str(file))
    if not niches:
        raise InputError(files[-1], None, "leaves no niche in the taxonomy; keep at least one.")
    return Taxonomy(tuple(niches.values()), segmentation, tuple(sources))


# -- reading ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Source:
    path: Path
    text: str
    data: dict[str, Any]

    def fail(self, problem: str, *keys: str) -> InputError:
        line = _line_of(self.text, keys)
        return InputError(self.path, f"line {line}" if line else None, problem)


def _read(path: Path) -> _Source:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, None, "there is no such file; check the path.") from None
    except IsADirectoryError:
        raise InputError(path, None, "is a folder; give the TOML file.") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(path, None, "is not UTF-8 text; save it as UTF-8.") from err
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        at = _DECODE_AT.search(message)
        where = f"line {at.group(1)}" if at else None
        detail = _DECODE_AT.sub("", message)
        column = f" (column {at.group(2)})" if at else ""
        raise InputError(path, where, f"is not valid TOML: {detail}{column}.") from err
    return _Source(path, text, data)


def _line_of(text: str, keys: Sequence[str]) -> int | None:
    """The line (1-based) where the dotted ``keys`` are written: the key's own line inside
    its table when found, else the table's header, else None."""
    if not keys:
        return None
    table, key = list(keys[:-1]), keys[-1]
    header_line = None
    current: list[str] = []
    found_table = not table
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header and not line.lstrip().startswith("[["):
            current = _dotted(header.group(1))
            if current == list(keys):
                header_line = number
            found_table = current == table
            continue
        if found_table and re.match(rf'^\s*("?){re.escape(key)}\1\s*=', line):
            return number
    return header_line


def _dotted(header: str) -> list[str]:
    parts = re.findall(r'"([^"]*)"|\'([^\']*)\'|([^.\s]+)', header)
    return [next(p for p in part if p).strip().lower() if any(part) else "" for part in parts]


def _apply(
    source: _Source, niches: dict[str, Niche], segmentation: dict[str, tuple[str, ...]]
) -> None:
    """Merge one file into ``niches`` and ``segmentation`` (module docstring)."""
    for key in source.data:
        if key not in ("niches", "segmentation"):
            raise source.fail(
                f"unknown table or key {key!r}; a taxonomy has [niches.<name>] tables and "
                "[segmentation].",
                key,
            )
    words = source.data.get("segmentation", {})
    if not isinstance(words, dict):
        raise source.fail(
            "segmentation must be a table of word lists per language.", "segmentation"
        )
    for lang, values in words.items():
        where = ("segmentation", lang)
        if not _LANGUAGE_KEY.fullmatch(lang):
            raise source.fail(
                f"{lang!r} in [segmentation] is not a language code such as 'en'.", *where
            )
        listed = _words(source, values, f"{lang} of [segmentation]", where)
        segmentation[lang] = tuple(dict.fromkeys((*segmentation.get(lang, ()), *listed)))
    tables = source.data.get("niches", {})
    if not isinstance(tables, dict):
        raise source.fail("niches must be tables, one per niche: [niches.<name>].", "niches")
    for raw_name, table in tables.items():
        name = " ".join(str(raw_name).split()).lower()
        where = ("niches", str(raw_name).strip().lower())
        if not name:
            raise source.fail("a niche needs a name: [niches.<name>].", *where)
        if not isinstance(table, dict):
            raise source.fail(
                f"niche {name!r} must be a table: [niches.{_quoted(name)}] with its words.",
                "niches",
                str(raw_name),
            )
        _apply_niche(source, name, table, where, niches)


def _apply_niche(
    source: _Source,
    name: str,
    table: dict[str, Any],
    where: tuple[str, ...],
    niches: dict[str, Niche],
) -> None:
    for key, value in table.items():
        if key in _FLAGS:
            if not isinstance(value, bool):
                raise source.fail(
                    f"{key} of niche {name!r} must be true or false; got {_kind(value)}.",
                    *where,
                    key,
                )
        elif key == "description":
            if not isinstance(value, str):
                raise source.fail(
                    f"description of niche {name!r} must be text; got {_kind(value)}.",
                    *where,
                    key,
                )
        elif key != "hashtags" and not _LANGUAGE_KEY.fullmatch(key):
            raise source.fail(
                f"unknown key {key!r} in niche {name!r}; use description, hashtags, replace, "
                "remove or a language code (en, de, fr, es, it, nl, pt, …).",
                *where,
                key,
            )
    if table.get("remove"):
        niches.pop(name, None)
        return
    keywords = {
        key: _words(source, value, f"{key} of niche {name!r}", (*where, key))
        for key, value in table.items()
        if key not in _RESERVED
    }
    hashtags = tuple(
        dict.fromkeys(
            w.lstrip("#").lower()
            for w in _words(
                source,
                table.get("hashtags", []),
                f"hashtags of niche {name!r}",
                (*where, "hashtags"),
            )
        )
    )
    for tag in hashtags:
        if not tag or re.search(r"\s", tag):
            raise source.fail(
                f"hashtag {tag!r} of niche {name!r} must be one word without spaces.",
                *where,
                "hashtags",
            )
    old = niches.get(name)
    if old is None or table.get("replace"):
        if not any(keywords.values()) and not hashtags:
            raise source.fail(
                f"niche {name!r} has no words: add a list per language (en = [...]) or hashtags.",
                *where,
            )
        niches[name] = Niche(name, table.get("description", "").strip(), keywords, hashtags)
        return
    merged = dict(old.keywords)
    for lang, words in keywords.items():
        merged[lang] = tuple(dict.fromkeys((*merged.get(lang, ()), *words)))
    niches[name] = Niche(
        name,
        table.get("description", old.description).strip(),
        merged,
        tuple(dict.fromkeys((*old.hashtags, *hashtags))),
    )


def _words(source: _Source, value: Any, what: str, where: tuple[str, ...]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise source.fail(
            f"{what} must be a list of words, such as {where[-1]} = [{json.dumps(value)}]; "
            "got a string.",
            *where,
        )
    if not isinstance(value, list):
        raise source.fail(f"{what} must be a list of words; got {_kind(value)}.", *where)
    out = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise source.fail(
                f"{what} holds {item!r}; every entry must be a word or phrase.", *where
            )
        out.append(" ".join(item.split()))
    return tuple(dict.fromkeys(out))


def _kind(value: Any) -> str:
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def _quoted(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else f'"{name}"'
