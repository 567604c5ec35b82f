"""``rmentor pause DIR PAIR --from DATE --until DATE``: cancel a pair's sessions for leave or travel."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rmentor.cli.commands.status import FolderArg
from rmentor.cli.common import Common, LangOpt, NoColorOpt, QuietOpt, boundary


def register(app: typer.Typer) -> None:
    """Add ``pause`` to the app."""
    app.command("pause")(pause_command)


def pause_command(
    folder: FolderArg,
    pair: Annotated[str, typer.Argument(help="The pair id, e.g. P03.")],
    *,
    start: Annotated[str, typer.Option("--from", help="First day of the pause.")],
    until: Annotated[str, typer.Option("--until", help="Last day of the pause (inclusive).")],
    reason: Annotated[Optional[str], typer.Option("--reason", help="Why (kept in the ledger).")] = None,  # noqa: UP045
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Cancel the pair's sessions from --from to --until; the files are written again."""
    common = Common(lang, quiet, no_color)
    with boundary(common) as ui:
        from rmentor.cli.dates import parse_day
        from rmentor.cli.render_running import adopt_language, change_outcome
        from rmentor.workflows.running import pause

        adopt_language(common, folder)
        change_outcome(ui, pause(folder, pair, parse_day(start, "--from"), parse_day(until, "--until"),
                                 reason=reason))
