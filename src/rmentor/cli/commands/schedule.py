"""``rmentor schedule``: pairs -> biweekly session calendars (ICS, CSV, Markdown)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from rmentor.cli.common import (
    Common,
    ConfigOpt,
    DelimiterOpt,
    ForceOpt,
    FormatOpt,
    LangOpt,
    NoColorOpt,
    QuietOpt,
    RosterArg,
    boundary,
    check_delimiter,
    check_format,
    csv_delimiter,
    load_roster_inputs,
)

PairsOpt = Annotated[
    Optional[Path],  # noqa: UP045 - typer needs Optional
    typer.Option("--pairs", "-p", help="pairs.csv written by 'rmentor match'. Without it pairs are matched now.",
                 dir_okay=False),
]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Folder for calendar.ics, ics/, sessions.csv, schedule.md.",
                                      file_okay=False)]
PartialOpt = Annotated[bool, typer.Option("--allow-partial",
                                          help="Write the pairs that fit even if some pairs cannot be scheduled.")]


def register(app: typer.Typer) -> None:
    """Attach ``schedule`` to the app."""
    app.command(name="schedule")(schedule_command)


def schedule_command(
    roster: RosterArg,
    *,
    config: ConfigOpt = None,
    pairs: PairsOpt = None,
    out: OutOpt,
    force: ForceOpt = False,
    allow_partial: PartialOpt = False,
    anonymize: Annotated[
        bool,
        typer.Option("--anonymize", help="Replace names, emails and ids with stable pseudonyms in every file "
                                         "and the table, to share the calendar (see docs/guarantees.md)."),
    ] = False,
    fmt: FormatOpt = "table",
    delimiter: DelimiterOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Give every pair a weekly slot and a dated session calendar, around public holidays.

    Writes calendar.ics (all sessions), ics/<pair_id>.ics (one per pair), sessions.csv
    (HR fills in 'held') and schedule.md. Exits 3 when a pair has no common slot,
    unless --allow-partial is given.
    """
    common = Common(lang, quiet, no_color)
    with boundary(common, out=out) as ui:
        check_format(fmt, ("table", "json", "xlsx"))
        if delimiter is not None:
            check_delimiter(delimiter)  # a bad value fails before any work
        program, loaded = load_roster_inputs(common, ui, roster, config)
        sep = csv_delimiter(delimiter, program.value)
        from rmentor.core.scheduling import PairLike, require_scheduled, schedule
        from rmentor.errors import Issue
        from rmentor.i18n import tr
        from rmentor.inputs.loading import located
        from rmentor.outputs.files import write_outputs
        from rmentor.outputs.schedule_files import schedule_files, schedule_json

        pair_list: list[PairLike]
        if pairs is not None:
            from rmentor.inputs.pairsfile import read_pairs

            pf = read_pairs(pairs, loaded.value)
            ui.warnings(pf.warnings)
            pair_list = list(pf.pairs)
        else:
            from rmentor.core.matching import match

            with located(loaded, program):
                result = match(loaded.value, program.value)
            pair_list = list(result.pairs)
            ui.info(tr("Matched {n} pairs on the fly; pass --pairs to schedule a saved pairs.csv",
                       n=len(pair_list)))
        people = loaded.value
        if anonymize:  # the slots depend on pair ids and windows, not on person ids: same calendar
            from rmentor.outputs.anonymize import anonymize_pairs, anonymize_roster, pseudonyms

            names = pseudonyms(people)
            people, pair_list = anonymize_roster(people, names), anonymize_pairs(pair_list, names)
        with located(loaded, program):
            sched = schedule(pair_list, people, program.value)
        ui.warnings(sched.warnings)
        require_scheduled(sched, allow_partial=allow_partial)
        if sched.unscheduled:
            ui.warnings([Issue("{pair} is not scheduled: {reason}", {"pair": u.pair_id, "reason": u.reason.render()})
                         for u in sched.unscheduled])
        files = schedule_files(sched, delimiter=sep)
        if fmt == "xlsx":
            from rmentor.outputs.workbook import pairs_workbook

            files["schedule.xlsx"] = pairs_workbook(pair_list, people, sched)
        written = write_outputs(out, files, force=force)
        if fmt == "json":
            ui.json(schedule_json(sched, sorted(files)))
        else:
            from rmentor.cli.render_schedule import show_schedule

            show_schedule(ui, sched, out, len(written))
