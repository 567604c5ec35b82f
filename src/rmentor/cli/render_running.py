"""How the commands that run a program (rematch DIR, reschedule, pause, withdraw, attend, status) print."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from rmentor.i18n import tr

if TYPE_CHECKING:
    from datetime import date, datetime
    from pathlib import Path

    from rmentor.cli.common import Common
    from rmentor.cli.render import UI
    from rmentor.core.progress import Status
    from rmentor.workflows.running import AttendOutcome, ChangeOutcome, RematchOutcome


def adopt_language(common: Common, folder: Path) -> None:
    """Speak the program's language unless --lang was given."""
    from rmentor.i18n import set_language
    from rmentor.workflows.program import program_language

    if common.lang is None:
        set_language(program_language(folder))


def _day(value: date | None) -> str:
    from rmentor.outputs.glossary import date_text

    return "-" if value is None else date_text(value)


def _when(value: datetime | None) -> str:
    from rmentor.outputs.glossary import moment_text

    return "-" if value is None else moment_text(value)


def written(ui: UI, paths: tuple[Path, ...]) -> None:
    """Say how many views were written again."""
    if paths:
        ui.info(tr("Program folder files updated: {n}", n=len(paths)))


def rematch_outcome(ui: UI, r: RematchOutcome) -> None:
    """``rematch DIR``."""
    for pid in r.ended:
        ui.out.print(tr("Ended {pair} from {day}", pair=pid, day=_day(r.from_day)), markup=False)
    ui.out.print(tr("Sessions cancelled: {n}", n=r.cancelled), markup=False)
    for pid, senior, junior, n in r.added:
        ui.out.print(tr("New {pair}: {senior} + {junior}, {n} sessions from {day}", pair=pid, senior=senior,
                        junior=junior, n=n, day=_day(r.from_day)), markup=False)
    for who, reason in r.unmatched:
        ui.out.print(tr("Without a pair: {id}: {reason}", id=who, reason=reason), markup=False)
    written(ui, r.written)


def change_outcome(ui: UI, r: ChangeOutcome) -> None:
    """``reschedule``, ``pause``, ``withdraw``."""
    ui.warnings(r.warnings)
    for m in r.moved:
        text = tr("{pair} session {n}: {old} -> {new}", pair=m.pair_id, n=m.number, old=_when(m.old), new=_when(m.new))
        if m.outside_windows:
            text += " " + tr("(outside the agreed windows: confirm with the pair)")
        ui.out.print(text, markup=False)
    for pid in r.ended:
        ui.out.print(tr("Ended {pair}", pair=pid), markup=False)
    for pid, n, start in r.cancelled:
        ui.out.print(tr("{pair} session {n} on {when}: cancelled", pair=pid, n=n, when=_when(start)), markup=False)
    written(ui, r.written)


def attend_outcome(ui: UI, r: AttendOutcome) -> None:
    """``attend``."""
    ui.warnings(r.problems)
    for c in r.conflicts:
        ui.err.print(f"[yellow]{tr('conflict')}:[/] ", end="")
        ui.err.print(tr("{pair} session {n}: the ledger says {ledger}, {where} says {given}; kept the ledger "
                        "(use --force to overwrite)", pair=c.pair_id, n=c.number, ledger=c.ledger, where=c.where,
                        given=c.given), markup=False)
    ui.out.print(tr("Recorded: {recorded}; already known: {unchanged}; conflicts: {conflicts}; not yet ticked: "
                    "{blank}", recorded=r.recorded, unchanged=r.unchanged, conflicts=len(r.conflicts),
                    blank=r.blank), markup=False)
    written(ui, r.written)


def status_table(ui: UI, s: Status) -> None:
    """``status`` for people."""
    c = s.counts
    ui.out.print(f"[bold]{s.name}[/]")
    ui.out.print(tr("Status on {date}: week {done} of {total}, {left} weeks left.", date=_day(s.as_of),
                    done=s.weeks_done, total=s.weeks_total, left=s.weeks_left), markup=False)
    ui.out.print(tr("Sessions: held {held}, missed {missed}, not recorded {unrecorded}, upcoming {upcoming} "
                    "({this_week} this week, {next_week} next week), cancelled {cancelled}", **c), markup=False)
    table = Table(show_lines=False)
    for head in (tr("Pair"), tr("Senior"), tr("Junior"), tr("Attendance"), tr("Held / due"), tr("Last held"),
                 tr("Next"), tr("Risk")):
        table.add_column(head)
    for p in s.pairs:
        h = p.health
        risk = "; ".join(r.render() for r in h.risks) if p.status == "active" else tr("ended")
        table.add_row(p.pair_id, p.senior, p.junior, "-" if h.attendance is None else f"{round(100 * h.attendance)}%",
                      f"{h.held} / {h.due}", _day(h.last_held), _when(p.next), risk,
                      style="red" if p.status == "active" and h.at_risk else ("dim" if p.status != "active" else None))
    ui.out.print(table)
    for label, items in ((tr("This week"), s.this_week), (tr("Next week"), s.next_week)):
        if items:
            ui.out.print(f"[bold]{label}[/]")
            for x in items:
                ui.out.print(f"  {_when(x.start)}  {x.pair_id} #{x.number}  {x.senior} / {x.junior}", markup=False)
    if s.at_risk:
        ui.out.print(f"[bold red]{tr('Pairs at risk')}[/]")
        for p in s.at_risk:
            ui.out.print(f"  {p.pair_id} ({p.senior} / {p.junior}): "
                         + "; ".join(r.render() for r in p.health.risks), markup=False)
    else:
        ui.out.print(tr("No pair is at risk."))
    if s.to_send:
        ui.out.print(tr("Invitations still to send: {n} (run rmentor invite)", n=len(s.to_send)), markup=False)
    else:
        ui.out.print(tr("Calendars are up to date: nothing to send."))
