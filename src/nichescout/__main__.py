"""``python -m nichescout`` runs the command line."""

from nichescout.cli import app

app()
