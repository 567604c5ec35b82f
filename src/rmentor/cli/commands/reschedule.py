"""``rmentor reschedule DIR PAIR N --to WHEN``: move a session (or the later ones to a new weekly slot)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rmentor.cli.commands.status import FolderArg
from rmentor.cli.common import Common, LangOpt, NoColorOpt, QuietOpt, boundary


def register(app: typer.Typer) -> None:
    """Add ``reschedule`` to the app."""
    app.command("reschedule")(reschedule_command)


def reschedule_command(
    folder: FolderArg,
    pair: Annotated[str, typer.Argument(help="The pair id, e.g. P03.")],
    session: Annotated[Optional[int], typer.Argument(  # noqa: UP045
        help="The session number (with --series: the first to move, unless --from says).", min=1)] = None,
    *,
    to: Annotated[str, typer.Option("--to", help="New start in program time: \"2027-03-12 15:00\".")],
    force: Annotated[bool, typer.Option("--force", help="Allow a time outside either person's availability "
                                                        "windows or the working hours (never a day off or a clash).")
                     ] = False,
    series: Annotated[bool, typer.Option("--series", help="Move this and every later session to the new weekly "
                                                          "slot, one every cadence from --to.")] = False,
    from_n: Annotated[Optional[int], typer.Option(  # noqa: UP045
        "--from", help="With --series: the first session to move.", min=1)] = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Move one session, checking days off, clashes and both people's windows; the files are written again."""
    common = Common(lang, quiet, no_color)
    with boundary(common) as ui:
        from rmentor.cli.dates import parse_when
        from rmentor.cli.render_running import adopt_language, change_outcome
        from rmentor.errors import UsageError
        from rmentor.workflows.running import reschedule

        number = from_n if series and from_n is not None else session
        if number is None:
            raise UsageError("which session? give its number, or --series --from N",
                             hint="e.g. rmentor reschedule DIR P03 5 --to \"2027-03-12 15:00\"")
        if from_n is not None and not series:
            raise UsageError("--from needs --series", hint="add --series to move every later session")
        adopt_language(common, folder)
        change_outcome(ui, reschedule(folder, pair, number, parse_when(to, "--to"), force=force, series=series))
