"""Terminal output of ``rmentor schedule``: one compact table of pairs and their weekly slots."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table
from rich.text import Text

from rmentor.cli.render import TABLE_ROWS, UI
from rmentor.core.scheduling import Schedule, slot_text
from rmentor.i18n import tr, trn


def show_schedule(ui: UI, schedule: Schedule, out_dir: Path, written: int) -> None:
    """The pairs table (payload, stdout), then unscheduled pairs and where the files went."""
    minutes = schedule.program.session_minutes
    t = Table(title=tr("Sessions ({tz})", tz=schedule.timezone), title_justify="left")
    for name, justify in (("Pair", "left"), ("Senior", "left"), ("Junior", "left"), ("Weekly slot", "left"),
                          ("Sessions", "right"), ("First", "left"), ("Last", "left"), ("Moved", "right")):
        t.add_column(tr(name), justify=justify, no_wrap=name in ("Pair", "Weekly slot", "First", "Last"))  # type: ignore[arg-type]
    pairs = sorted(schedule.pairs, key=lambda x: x.pair_id)
    for p in pairs[:TABLE_ROWS]:  # the full list is in sessions.csv / schedule.md / --format json
        slot = slot_text(p.weekday, p.start_minute, minutes) + (" *" if p.varies else "")
        first = p.sessions[0].start.date().isoformat() if p.sessions else "-"
        last = p.sessions[-1].start.date().isoformat() if p.sessions else "-"
        t.add_row(p.pair_id, Text(p.senior.name), Text(p.junior.name), slot, str(len(p.sessions)), first, last,
                  str(p.shifted_count))
    ui.out.print(t)
    if len(pairs) > TABLE_ROWS:
        ui.out.print(tr("... and {n} more pairs: see sessions.csv and schedule.md, or --format json",
                        n=len(pairs) - TABLE_ROWS), markup=False)
    if any(p.varies for p in schedule.pairs):
        ui.out.print(tr("* the time changes in some weeks because the clocks change"), markup=False)
    for u in schedule.unscheduled:
        ui.out.print(f"[bold red]{tr('Not scheduled')}:[/] ", end="", markup=True)
        ui.out.print(f"{u.pair_id} ({u.senior.name} / {u.junior.name}): {u.reason.render()}", markup=False)
        for a in u.alternatives:
            ui.out.print(f"    {a.render()}", markup=False)
    n_sessions = sum(len(p.sessions) for p in schedule.pairs)
    ui.info(tr("Wrote {files} to {out}: {pairs}, {sessions}",
               files=trn("{n} file", "{n} files", written), out=str(out_dir),
               pairs=trn("{n} pair", "{n} pairs", len(schedule.pairs)),
               sessions=trn("{n} session", "{n} sessions", n_sessions)))
