"""``rmentor plan``: validate, score, match and schedule, then write the whole pilot kit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from rmentor.cli.common import (
    Common,
    ConfigOpt,
    DelimiterOpt,
    ForceOpt,
    HistoryOpt,
    LangOpt,
    NoColorOpt,
    PreferencesOpt,
    QuietOpt,
    RosterArg,
    boundary,
    check_delimiter,
    csv_delimiter,
    load_roster_inputs,
)


def register(app: typer.Typer) -> None:
    """Add ``plan`` to the app."""
    app.command("plan")(plan_command)


def plan_command(
    roster: RosterArg,
    config: ConfigOpt = None,
    *,
    history: HistoryOpt = None,
    preferences: PreferencesOpt = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the kit.", file_okay=False)],
    templates: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--templates", help="Folder with your own versions of the document templates.",
                     file_okay=False),
    ] = None,
    allow_partial: Annotated[
        bool, typer.Option("--allow-partial", help="Write the kit even if some pairs cannot be scheduled.")
    ] = False,
    force: ForceOpt = False,
    anonymize: Annotated[
        bool,
        typer.Option("--anonymize", help="Replace names, emails and ids with stable pseudonyms in the whole kit, "
                                         "to share it (see docs/guarantees.md)."),
    ] = False,
    kit: Annotated[
        str,
        typer.Option("--kit", help="Formats of each pair's documents (agreement, session plan, portfolio): "
                                   "a comma list of md, docx, pdf, or all / none.", metavar="FORMATS"),
    ] = "docx,pdf",
    delimiter: DelimiterOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Run the whole pilot in one go: pairs, calendar, program brief and a kit for every pair."""
    common = Common(lang, quiet, no_color)
    with boundary(common, out=out) as ui:
        if delimiter is not None:
            check_delimiter(delimiter)  # a bad value fails before any work
        from rmentor.workflows.plan import parse_kit

        kit_formats = parse_kit(kit)
        program, loaded = load_roster_inputs(common, ui, roster, config, preferences, history)
        sep = csv_delimiter(delimiter, program.value)
        from rmentor.inputs.loading import located
        from rmentor.workflows.plan import build_plan
        from rmentor.workflows.program import write_program

        with ui.progress() as step, located(loaded, program):
            step("match")
            plan = build_plan(loaded.value, program.value, templates=templates, allow_partial=allow_partial,
                              delimiter=sep, anonymize=anonymize, kit=kit_formats)
        ui.warnings(plan.schedule.warnings)
        # the folder becomes a program folder: program.db is the truth, the files are its views
        # (an anonymized kit is for sharing, not for running the program: no ledger)
        written = write_program(out, plan, loaded.value, program.value, roster_path=roster, program_path=config,
                                delimiter=sep, force=force, ledger=not anonymize)
        ui.plan(plan, out, len(written))
