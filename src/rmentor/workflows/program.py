"""The program folder: make its ledger from a plan, and write its files again from the ledger.

``plan --out DIR`` records the plan in ``DIR/program.db`` (:func:`create_program`). From then
on the files in DIR are views: :func:`regenerate_views` writes ``pairs.csv``,
``sessions.csv``, ``schedule.md``, the calendars, ``plan.xlsx``, the brief and the kit from
the ledger alone (the program and roster are kept inside it), so a command that changes the
ledger calls it once after its transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rmentor.i18n import Lang, get_language

if TYPE_CHECKING:
    from rmentor.core.matching import MatchResult
    from rmentor.core.scheduling import Schedule
    from rmentor.ledger import Ledger, PairRecord, SessionRecord
    from rmentor.model import Program, Roster
    from rmentor.outputs.ics import PairEvent
    from rmentor.workflows.plan import PlanResult


def _plan_summary(plan: PlanResult) -> dict[str, Any]:
    sched = plan.schedule
    return {
        "status": plan.match.status, "objective": plan.match.objective, "bound": plan.match.bound,
        "unmatched": [{"id": u.id, "side": u.side, "reason": _reason(u.reason)} for u in plan.match.unmatched],
        "start": sched.start.isoformat(), "end": sched.end.isoformat(), "periods": sched.periods,
        "days_off": [[d.day.isoformat(), d.name, d.blackout] for d in sched.days_off],
        "unscheduled": [{"pair_id": u.pair_id, "senior": u.senior.id, "junior": u.junior.id,
                         "reason": _reason(u.reason), "alternatives": [_reason(a) for a in u.alternatives]}
                        for u in sched.unscheduled],
        "skipped": [[k.pair_id, k.period, k.planned.isoformat(), k.reason] for p in sched.pairs for k in p.skipped],
    }


def _reason(r: Any) -> dict[str, Any]:
    return dict(r.to_json())


def _unreason(d: dict[str, Any]) -> Any:
    from rmentor.core.scoring import Reason

    return Reason.from_json(d)


def create_program(folder: Path, plan: PlanResult, roster: Roster, program: Program, *, roster_path: Path,
                   program_path: Path | None, delimiter: str = ",", force: bool = False) -> Path:
    """Record ``plan`` in ``folder/program.db`` (one transaction); returns the ledger path."""
    from rmentor.ledger import create_from_plan

    ledger = create_from_plan(
        folder, program=program, roster=roster, pairs=plan.match.pairs, schedule=plan.schedule,
        roster_source=roster_path.read_bytes(), roster_name=roster_path.name,
        program_source=program_path.read_bytes() if program_path else None,
        program_name=program_path.name if program_path else None, delimiter=delimiter,
        language=get_language(), plan=_plan_summary(plan), replace_existing=force)
    ledger.close()
    return ledger.path


@dataclass(frozen=True)
class ProgramState:
    """What the ledger says, in the shapes the writers take."""

    program: Program
    roster: Roster
    match: MatchResult
    schedule: Schedule
    events: tuple[PairEvent, ...]
    delimiter: str


def _session(s: SessionRecord, total: int, number: int) -> Any:
    from rmentor.core.scheduling import Session

    # ``number`` in the files is the ledger's: attend and reschedule name sessions by it
    return Session(pair_id=s.pair_id, number=s.number, total=total, kind=s.kind, period=s.period, start=s.start,
                   end=s.end, planned=s.planned, moved_because=s.moved_because, title=s.title, goal=s.goal,
                   assignment=s.assignment, outside_windows=s.outside_windows, held=s.held,
                   cancelled_by=s.cancelled_by)


def events_for_pair(program: Program, pair: PairRecord, sessions: Sequence[SessionRecord], senior: Any,
                    junior: Any) -> list[PairEvent]:
    """The pair's calendar objects from its ledger rows (cancelled sessions leave their UID's occurrences)."""
    from rmentor.core.series import Series
    from rmentor.outputs.ics import Occurrence, PairEvent

    live = [s for s in sessions if s.live]
    total = len(live)
    numbers = {s.id: i + 1 for i, s in enumerate(sorted(live, key=lambda x: (x.start, x.number)))}
    by_uid: dict[str, list[SessionRecord]] = {}
    for s in sessions:
        by_uid.setdefault(s.uid, []).append(s)
    out: list[PairEvent] = []
    for uid, group in sorted(by_uid.items()):
        occ = tuple(Occurrence(numbers[s.id], total, s.recurrence_id, s.start, s.end, s.planned, s.moved_because,
                               s.title, s.goal, s.assignment) for s in group if s.live)
        if uid == pair.series_uid and pair.series_start and pair.series_interval and pair.series_count:
            series = Series(pair.series_start, pair.series_interval, pair.series_count)
            taken = {o.recurrence_id for o in occ}
            ex = tuple(series.occurrence(i) for i in range(series.count) if series.occurrence(i) not in taken)
            out.append(PairEvent(uid, pair.pair_id, senior, junior, series, program.session_minutes, occ, ex))
        else:
            out.append(PairEvent(uid, pair.pair_id, senior, junior, None, program.session_minutes,
                                 tuple(replace_rid(o) for o in occ)))
    return out


def replace_rid(o: Any) -> Any:
    """A standalone event's occurrence has no RECURRENCE-ID."""
    from dataclasses import replace

    return replace(o, recurrence_id=None) if o.recurrence_id is not None else o


def load_state(led: Ledger) -> ProgramState:
    """Everything the views need, read in one consistent snapshot of the ledger."""
    from rmentor.core.matching import MatchResult, Pair, Unmatched
    from rmentor.core.scheduling import DayOff, PairSchedule, Schedule, Skipped, Unscheduled

    with led.snapshot():
        record = led.program_record()
        pairs = led.pairs()
        sessions = led.sessions()
        objects = led.calendar_objects()
    program, roster = record.program(), record.roster()
    seniors = {p.id: p for p in roster.seniors}
    juniors = {p.id: p for p in roster.juniors}
    summary = record.plan
    by_pair: dict[str, list[SessionRecord]] = {}
    for s in sessions:
        by_pair.setdefault(s.pair_id, []).append(s)
    skipped: dict[str, list[Skipped]] = {}
    for pid, period, planned, reason in summary.get("skipped", []):
        skipped.setdefault(pid, []).append(Skipped(pid, period, datetime.fromisoformat(planned), reason))
    scheduled, events = [], []
    for pair in pairs:
        mine = by_pair.get(pair.pair_id, [])
        senior, junior = seniors[pair.senior_id], juniors[pair.junior_id]
        events += events_for_pair(program, pair, mine, senior, junior)
        live = sorted((s for s in mine if s.live), key=lambda x: (x.start, x.number))
        if not live:
            continue
        scheduled.append(PairSchedule(
            pair_id=pair.pair_id, senior=senior, junior=junior, shared_topics=pair.shared_topics,
            weekday=pair.weekday if pair.weekday is not None else live[0].start.weekday(),
            start_minute=pair.start_minute if pair.start_minute is not None else
            live[0].start.hour * 60 + live[0].start.minute, varies=pair.varies,
            sessions=tuple(_session(s, len(live), i + 1) for i, s in enumerate(live)),
            skipped=tuple(skipped.get(pair.pair_id, ()))))
    start = date.fromisoformat(summary["start"]) if "start" in summary else \
        min((s.start.date() for s in sessions), default=date.today())
    end = date.fromisoformat(summary["end"]) if "end" in summary else \
        max((s.start.date() for s in sessions), default=start) + timedelta(days=1)
    unscheduled = tuple(
        Unscheduled(u["pair_id"], seniors[u["senior"]], juniors[u["junior"]], _unreason(u["reason"]),
                    tuple(_unreason(a) for a in u["alternatives"]))
        for u in summary.get("unscheduled", []) if u["senior"] in seniors and u["junior"] in juniors)
    schedule = Schedule(
        program=program, timezone=program.timezone, start=start, end=end, periods=int(summary.get("periods", 0)),
        pairs=tuple(sorted(scheduled, key=lambda p: p.pair_id)), unscheduled=unscheduled,
        days_off=tuple(DayOff(date.fromisoformat(d), n, bool(b)) for d, n, b in summary.get("days_off", [])))
    match_pairs = tuple(Pair(pair_id=p.pair_id, senior=p.senior_id, junior=p.junior_id, score=p.score or 0,
                             breakdown={}, shared_topics=p.shared_topics,
                             reasons=tuple(_unreason(r) for r in p.reasons))
                        for p in pairs if p.status == "active")
    match = MatchResult(status=summary.get("status", "feasible"), objective=int(summary.get("objective", 0)),
                        bound=int(summary.get("bound", 0)), pairs=match_pairs,
                        unmatched=tuple(Unmatched(u["id"], u["side"], _unreason(u["reason"]))
                                        for u in summary.get("unmatched", [])))
    return ProgramState(program, roster, match, schedule, tuple(_sequenced(events, objects)), record.delimiter)


def _sequenced(events: list[PairEvent], objects: dict[str, Any]) -> list[PairEvent]:
    """Each event with the SEQUENCE its current version has, or gets from the next ``invite``."""
    from dataclasses import replace

    from rmentor.outputs.ics import digest

    out = []
    for ev in events:
        obj = objects.get(ev.uid)
        seq = 0 if obj is None else obj.sequence if obj.state_hash == digest(ev.state()) else obj.sequence + 1
        out.append(replace(ev, sequence=seq))
    return out


def view_files(folder: Path, *, templates: Path | None = None) -> dict[str, bytes]:
    """The files of the program folder as the ledger says they are (relative path -> bytes).

    They are written in the language the folder was made in, whatever the caller's language.
    """
    from rmentor.i18n import set_language
    from rmentor.ledger import open_ledger
    from rmentor.workflows.plan import render_plan

    kit = kit_formats(folder)
    with open_ledger(folder) as led:
        state = load_state(led)
        lang: Lang = "ru" if led.program_record().language == "ru" else "en"
    before = get_language()
    set_language(lang)
    try:
        return render_plan(state.roster, state.program, state.match, state.schedule, templates=templates,
                           delimiter=state.delimiter, events=state.events, kit=kit)
    finally:
        set_language(before)


def kit_formats(folder: Path) -> tuple[str, ...]:
    """The document formats the folder's kit was written in (``plan --kit``), read off its files.

    The views keep them: a folder made with ``--kit md`` is not given PDFs by the next ``attend``,
    and every change to the ledger does not pay for formats nobody asked for.
    """
    from rmentor.workflows.plan import KIT_FORMATS

    root = folder / "kit"
    found = {p.suffix.lstrip(".") for p in root.glob("*/*") if p.is_file()} if root.is_dir() else set()
    return tuple(f for f in KIT_FORMATS if f in found)


def regenerate_views(folder: Path, *, templates: Path | None = None) -> list[Path]:
    """Write the folder's files again from its ledger; files of pairs no longer scheduled are removed.

    Call it after every change to the ledger (outside the transaction). Returns the paths written.
    """
    from rmentor.outputs.files import write_outputs

    files = view_files(folder, templates=templates)
    written = write_outputs(folder, files, force=True)
    drop_left_over(folder, files)
    for sub in ("ics",):  # the kit of an ended pair stays: its agreement and portfolio are history
        root = folder / sub
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(folder).as_posix()
            if path.is_file() and rel not in files:
                path.unlink()
        for path in sorted(root.glob("*"), reverse=True):
            if path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return written


def drop_left_over(folder: Path, files: Mapping[str, bytes]) -> None:
    """Remove the size-dependent files (``appendix.pdf``) an earlier, smaller plan left in ``folder``:
    a stale appendix would contradict the plan next to it."""
    from rmentor.workflows.plan import OPTIONAL_FILES

    for name in OPTIONAL_FILES:
        path = folder / name
        if name not in files and path.is_file() and not path.is_symlink():
            path.unlink()


def write_program(out: Path, plan: PlanResult, roster: Roster, program: Program, *, roster_path: Path,
                  program_path: Path | None, delimiter: str = ",", force: bool = False,
                  ledger: bool = True) -> list[Path]:
    """``plan --out``: the kit's files and, with ``ledger``, the program ledger that they are views of.

    An existing ledger stops everything before a file is written, unless ``force``.
    """
    from rmentor.ledger import LedgerError, ledger_path
    from rmentor.outputs.files import write_outputs

    if ledger and ledger_path(out).exists() and not force:
        from rmentor.errors import Location

        raise LedgerError("{folder} already holds a program ledger", location=Location(file=str(ledger_path(out))),
                          hint="use --force to start the program again from scratch (the delivery history is lost)",
                          folder=str(out))
    written = write_outputs(out, plan.files, force=force)
    if force:
        drop_left_over(out, plan.files)
    if ledger:
        written.append(create_program(out, plan, roster, program, roster_path=roster_path,
                                      program_path=program_path, delimiter=delimiter, force=force))
    return written


def program_language(folder: Path) -> Lang:
    """The language the program folder was made in (messages and documents follow it)."""
    from rmentor.ledger import open_ledger

    with open_ledger(folder) as led:
        return "ru" if led.program_record().language == "ru" else "en"


def stored_program(folder: Path) -> Program:
    """The program kept in the ledger."""
    from rmentor.ledger import open_ledger

    with open_ledger(folder) as led:
        return led.program_record().program()
