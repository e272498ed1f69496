"""``python -m nichescout.evaluate``: the same as ``nichescout evaluate``."""

import typer

from nichescout.cli import evaluate_cmd

evaluate_cmd.PROGRAM = "python -m nichescout.evaluate"
typer.run(evaluate_cmd.evaluate)
