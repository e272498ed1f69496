"""``nichescout audit accounts FILE``: how likely each account is fake, and what says so.

The heavy libraries (pandas, scikit-learn, the model) load inside the command, so that
``nichescout --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nichescout.cli.common import DebugOption, FormatOption, err_console, handle_errors
from nichescout.cli.output import OutputFormat

__all__ = ["accounts", "audit_app"]

audit_app = typer.Typer(
    help="Audit audiences: fake accounts among a creator's followers or commenters.",
    no_args_is_help=True,
)


@audit_app.command("accounts")
@handle_errors
def accounts(
    file: Annotated[
        Path,
        typer.Argument(
            help="Accounts CSV: handle, followers, following, posts, has_profile_picture, "
            "is_private (true/false); optional full_name, bio, external_url, verified.",
            exists=False,
        ),
    ],
    fmt: FormatOption = OutputFormat.table,
    debug: DebugOption = False,
) -> None:
    """Score each account for how likely it is fake, with the flags seen, in words.

    Prints handle, fake_probability (a calibrated probability from a gradient-boosting
    model trained on labelled Instagram and Twitter accounts), likely_fake and flags
    ("follows 40× more accounts than follow it", "no posts"). The expected fake share of
    the file (the mean probability) goes to standard error. Accuracy: docs/evaluation-accounts.md.

    Example: nichescout audit accounts followers.csv --format csv
    """
    from nichescout.audit import audit_accounts, fake_share
    from nichescout.cli.output import emit

    result = audit_accounts(file)
    emit(result, fmt, title=f"Accounts in {file}")
    if len(result):
        likely = int(result["likely_fake"].sum())
        err_console.print(
            f"{likely} of {len(result)} accounts likely fake; expected fake share "
            f"{fake_share(result):.0%} (mean fake_probability).",
            highlight=False,
        )
    else:
        err_console.print(f"{file} holds no accounts.", highlight=False)
