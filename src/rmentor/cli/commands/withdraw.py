"""``rmentor withdraw DIR PERSON --from DATE``: a person leaves; every pair of theirs ends."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rmentor.cli.commands.status import FolderArg
from rmentor.cli.common import Common, LangOpt, NoColorOpt, QuietOpt, boundary


def register(app: typer.Typer) -> None:
    """Add ``withdraw`` to the app."""
    app.command("withdraw")(withdraw_command)


def withdraw_command(
    folder: FolderArg,
    person: Annotated[str, typer.Argument(help="The person's id in the roster.")],
    *,
    start: Annotated[str, typer.Option("--from", help="The first day they are gone.")],
    reason: Annotated[Optional[str], typer.Option("--reason", help="Why (kept in the ledger).")] = None,  # noqa: UP045
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """End every pair of PERSON from --from (their sessions from then on are cancelled); they are not re-paired."""
    common = Common(lang, quiet, no_color)
    with boundary(common) as ui:
        from rmentor.cli.dates import parse_day
        from rmentor.cli.render_running import adopt_language, change_outcome
        from rmentor.workflows.running import withdraw

        adopt_language(common, folder)
        change_outcome(ui, withdraw(folder, person, parse_day(start, "--from"), reason=reason))
