"""The settings table: every setting is documented and read by something in the library."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nichescout import settings
from nichescout.exceptions import ParameterError
from nichescout.settings import SETTINGS

SRC = Path(settings.__file__).resolve().parent
#: How code reads a setting: a call whose first argument is its name — ``ctx.setting("x")``,
#: ``settings.get("x", …)``, ``overrides.get("x", …)``, a local alias such as
#: ``opt("x")`` — or ``SETTINGS["x"]``. A name merely mentioned (a dict key, a docstring)
#: is not a read.
READS = re.compile(r"""\w\(\s*["'](\w+)["']|SETTINGS\[\s*["'](\w+)["']\s*\]""")


def _reads() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        if path == Path(settings.__file__).resolve():
            continue
        for match in READS.finditer(path.read_text(encoding="utf-8")):
            name = match.group(1) or match.group(2)
            found.setdefault(name, []).append(str(path.relative_to(SRC)))
    return found


@pytest.mark.parametrize("name", list(SETTINGS))
def test_every_setting_is_read_by_the_library(name: str) -> None:
    """A setting nothing reads would be silently accepted and do nothing: an error."""
    assert name in _reads(), (
        f"The setting {name!r} is read by nothing in src/nichescout: read it "
        "(ctx.setting(...) in a signal, settings.get(...) elsewhere) or remove it."
    )


def test_signals_read_only_settings_that_exist() -> None:
    """A signal's ``ctx.setting("…")`` names a setting of the table (else it fails at run)."""
    for path in sorted((SRC / "signals").glob("*.py")):
        for name in re.findall(r"""setting\(\s*["'](\w+)["']""", path.read_text("utf-8")):
            assert name in SETTINGS, f"{path.name} reads an unknown setting {name!r}"


def test_settings_are_documented_and_unique() -> None:
    names = [s.name for s in settings._ALL]
    assert len(names) == len(set(names))
    for s in SETTINGS.values():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", s.name)
        assert len(s.help) > 20, f"{s.name} needs a help text that says what it does"


def test_unknown_setting_is_a_parameter_error() -> None:
    with pytest.raises(ParameterError, match="No setting named 'nope'"):
        settings.get("nope")
