"""Command-line interface: a thin shell of Typer commands over the library."""

from nichescout.cli.app import app

__all__ = ["app"]
