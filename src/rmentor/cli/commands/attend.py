"""``rmentor attend DIR FILE...`` or ``rmentor attend DIR P03 5 --held``: record attendance in the ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from rmentor.cli.commands.status import FolderArg
from rmentor.cli.common import Common, LangOpt, NoColorOpt, QuietOpt, boundary


def register(app: typer.Typer) -> None:
    """Add ``attend`` to the app."""
    app.command("attend")(attend_command)


def attend_command(
    folder: FolderArg,
    what: Annotated[list[str], typer.Argument(help="Files (sessions.csv, plan.xlsx, HR's CSV/XLSX), or PAIR N.")],
    *,
    held: Annotated[bool, typer.Option("--held", help="PAIR N took place.")] = False,
    missed: Annotated[bool, typer.Option("--missed", help="PAIR N did not take place.")] = False,
    by: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--by", help="With --missed: who cancelled, senior or junior (старший / младший).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite what the ledger holds when they disagree.")
                     ] = False,
    as_of: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--as-of", help="Today's date for the check that a held session has taken place (default: today).")] = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Record which sessions were held or missed and who cancelled; reading a file again changes nothing."""
    common = Common(lang, quiet, no_color)
    with boundary(common) as ui:
        from rmentor.cli.dates import parse_day
        from rmentor.cli.render_running import adopt_language, attend_outcome
        from rmentor.errors import Location, UsageError
        from rmentor.inputs.attendance import AttendanceFact, read_attendance
        from rmentor.workflows.running import attend

        adopt_language(common, folder)
        today = parse_day(as_of, "--as-of") if as_of else None
        if held or missed:
            if held and missed:
                raise UsageError("give --held or --missed, not both", hint="one fact at a time")
            if len(what) != 2 or not what[1].isdigit():
                raise UsageError("a single fact is PAIR N, e.g. P03 5",
                                 hint="for example: rmentor attend DIR P03 5 --held")
            side = None
            if by is not None:
                from rmentor.inputs.surveys import CellError, parse_cancelled_by

                try:
                    side = parse_cancelled_by(by)
                except CellError:
                    raise UsageError("--by: '{value}' is not senior or junior",
                                     hint="write --by senior or --by junior (старший / младший)", value=by) from None
                if held:
                    raise UsageError("--by goes with --missed", hint="a held session was not cancelled")
            fact = AttendanceFact(what[0], int(what[1]), held, side, None, Location(path="command line"))
            attend_outcome(ui, attend(folder, [fact], force=force, today=today))
            return
        if by is not None:
            raise UsageError("--by goes with --missed", hint="a held session was not cancelled")
        facts: list[AttendanceFact] = []
        blank = 0
        for name in what:
            got = read_attendance(Path(name))
            ui.warnings(got.warnings)
            facts.extend(got.facts)
            blank += got.blank
        attend_outcome(ui, attend(folder, facts, force=force, blank=blank, files=what, today=today))
