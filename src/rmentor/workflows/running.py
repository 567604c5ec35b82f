"""Running a program for six months: changes, attendance and status, on the program folder's ledger.

Every change runs in one ledger transaction and is logged (``changes``); then the folder's
files are written again from the ledger (:func:`refresh`), so ``sessions.csv``, ``plan.xlsx``
and the calendars always say what the ledger says, and ``rmentor invite`` sends exactly the
difference to the participants.

* :func:`rematch_program` ends pairs from a date (their past sessions and records stay), re-pairs
  the freed people optimally under every rule and history, and schedules the new pairs from
  that date to the program end.
* :func:`reschedule` moves one session, or a pair's later sessions to a new weekly slot.
* :func:`pause` cancels a pair's sessions in a date range; :func:`withdraw` ends every pair of a
  person who leaves.
* :func:`attend` records held / missed from files or a single fact; conflicts with the ledger
  are reported, never overwritten without ``force``.
* :func:`status` is the program at a glance (:class:`Status`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rmentor.core.progress import PairLine, SessionLine, Status
from rmentor.core.rematching import CurrentPair, rematch
from rmentor.core.rescheduling import Busy, Calendar, Planned, move_series, refuse, schedule_from
from rmentor.core.risk import PairHealth, SessionFact, pair_risks
from rmentor.errors import InputError, Issue, Location
from rmentor.i18n import tr

if TYPE_CHECKING:
    from rmentor.inputs.attendance import AttendanceFact
    from rmentor.ledger import Ledger, PairRecord, SessionRecord
    from rmentor.model import Program, Roster


def _now() -> datetime:
    from datetime import timezone

    return datetime.now(timezone.utc).replace(microsecond=0)


def refresh(folder: Path) -> list[Path]:
    """Write the folder's files again from the ledger (issue 13's views); returns what was written."""
    from rmentor.workflows.program import regenerate_views

    return regenerate_views(folder)


def _busy(sessions: Sequence[SessionRecord], pairs: dict[str, PairRecord], *, skip: set[int] = frozenset(),  # type: ignore[assignment]
          ) -> list[Busy]:
    out: list[Busy] = []
    for s in sessions:
        if s.status == "cancelled" or s.id in skip:
            continue
        p = pairs[s.pair_id]
        for person in (p.senior_id, p.junior_id):
            out.append(Busy(person, s.pair_id, s.number, s.start, s.end))
    return out


def _people(roster: Roster) -> dict[str, Any]:
    return {p.id: p for p in [*roster.seniors, *roster.juniors]}


def _next_ids(existing: Sequence[str], count: int) -> list[str]:
    numbers = [int(pid[1:]) for pid in existing if pid[:1] == "P" and pid[1:].isdigit()]
    start = max(numbers, default=0) + 1
    width = max(2, *(len(pid) - 1 for pid in existing if pid[:1] == "P" and pid[1:].isdigit()))
    return [f"P{n:0{width}d}" for n in range(start, start + count)]


def next_working_day(program: Program, after: date) -> date:
    """The first working day (not a day off, one of the working weekdays) after ``after``."""
    cal = Calendar(program, after, after + timedelta(days=60))
    day = after + timedelta(days=1)
    while not cal.ctx.working(day):
        day += timedelta(days=1)
    return day


def _withdrawn(led: Ledger) -> set[str]:
    return {str(c["detail"].get("person")) for c in led.changes() if c["kind"] == "withdraw"}


def check_ticks(folder: Path, *, reading: Sequence[str] = ()) -> None:
    """Refuse a change while the folder's own ``plan.xlsx`` / ``sessions.csv`` hold ticks the ledger lacks.

    Every change writes those files again from the ledger; attendance HR ticked in them in place
    and has not yet recorded with ``attend`` would be lost.
    """
    from rmentor.inputs.attendance import read_attendance
    from rmentor.ledger import open_ledger

    with open_ledger(folder) as led:
        known = {(s.pair_id, s.number): (s.held, s.cancelled_by if s.held is False else None)
                 for s in led.sessions()}
    given = {Path(p).resolve() for p in reading}
    for name in ("plan.xlsx", "sessions.csv"):
        path = folder / name
        if not path.is_file() or path.resolve() in given:
            continue
        try:
            facts = read_attendance(path).facts
        except InputError:
            continue  # not readable as attendance: nothing of HR's to keep
        new = [f for f in facts if known.get((f.pair_id, f.session), (None, None))[0] != f.held
               or (f.cancelled_by is not None and known.get((f.pair_id, f.session), (None, None))[1] != f.cancelled_by)]
        if new:
            raise InputError("{file} has {n} attendance mark(s) the ledger does not hold yet (first: {pair} session "
                             "{number}); this change would write the file again and lose them",
                             location=Location(file=str(path)),
                             hint="record them first: rmentor attend {folder} {file}", file=str(path), n=len(new),
                             pair=new[0].pair_id, number=new[0].session, folder=str(folder))


# --------------------------------------------------------------------------- rematch


@dataclass(frozen=True)
class RematchOutcome:
    """What ``rematch DIR`` changed."""

    ended: tuple[str, ...]
    cancelled: int  # sessions taken off the calendar
    added: tuple[tuple[str, str, str, int], ...]  # (pair_id, senior name, junior name, sessions)
    unmatched: tuple[tuple[str, str], ...]  # (person id, reason) left without a partner
    from_day: date
    status: str
    written: tuple[Path, ...] = ()


def _end_pair(led: Ledger, pair_id: str, from_day: date, reason: str, kind: str) -> int:
    led.end_pair(pair_id, from_day, reason)
    count = 0
    for s in led.sessions(pair_id):
        if s.status == "scheduled" and s.start.date() >= from_day:
            led.update_session(s.id, status="cancelled", cancelled_by="organizer", note=reason or kind)
            count += 1
    return count


def rematch_program(folder: Path, end: Sequence[str], *, from_day: date | None = None, reason: str | None = None,
                    today: date | None = None) -> RematchOutcome:
    """End the pairs ``end`` from ``from_day`` and re-pair their people; new pairs are scheduled from then on."""
    from rmentor.ledger import open_ledger, pair_record, session_records

    check_ticks(folder)
    with open_ledger(folder) as led:
        record = led.program_record()
        program, roster = record.program(), record.roster()
        today = today or date.today()
        day = from_day or next_working_day(program, today)
        if day < today:
            raise InputError("--from {day} is in the past: the new pairs' sessions would be too",
                             location=Location(path="--from"), hint="pass today or a later date (default: the next "
                             "working day); past sessions keep what was recorded", day=day.isoformat())
        cal = Calendar(program, day, day)
        if day >= cal.end:
            raise InputError("{day} is after the program ends ({end})", location=Location(path="--from"),
                             hint="pass a --from date inside the program", day=day.isoformat(),
                             end=(cal.end - timedelta(days=1)).isoformat())
        pairs = {p.pair_id: p for p in led.pairs()}
        active = [p for p in pairs.values() if p.status == "active"]
        unknown = [pid for pid in end if pid not in pairs]
        if unknown:
            raise InputError("unknown pair id(s): {ids}", location=Location(path="--end"),
                             hint="use pair ids from pairs.csv in the program folder, e.g. {example}",
                             ids=", ".join(unknown), example=", ".join(sorted(p.pair_id for p in active)[:3]))
        gone = [pid for pid in end if pairs[pid].status != "active"]
        if gone:
            raise InputError("pair(s) already ended: {ids}", location=Location(path="--end"),
                             hint="end only active pairs", ids=", ".join(gone))
        withdrawn = _withdrawn(led)
        # every pair the program ever had is history: never form it again
        history = {*roster.history, *((p.senior_id, p.junior_id) for p in pairs.values() if p.status == "ended")}
        sub = roster.model_copy(update={
            "history": tuple(sorted(history)),
            "seniors": tuple(s for s in roster.seniors if s.id not in withdrawn),
            "juniors": tuple(j for j in roster.juniors if j.id not in withdrawn),
        })
        result = rematch(sub, program, [CurrentPair(p.pair_id, p.senior_id, p.junior_id) for p in active], end)
        ids = _next_ids(list(pairs), len(result.added))
        from dataclasses import replace

        added = [replace(p, pair_id=pid) for p, pid in zip(result.added, ids, strict=True)]
        all_sessions = led.sessions()
        people = {q for p in added for q in (p.senior, p.junior)}
        busy = [b for b in _busy([s for s in all_sessions if s.pair_id not in end and s.start.date() >= day], pairs)
                if b.person in people]
        sched = schedule_from(added, sub, program, day, cal.end, busy)
        text = reason or tr("rematch")
        names = {q.id: q.name for q in [*roster.seniors, *roster.juniors]}
        with led.transaction():
            cancelled = sum(_end_pair(led, pid, day, text, "rematch") for pid in sorted(set(end)))
            scheduled = {ps.pair_id: ps for ps in sched.pairs}
            out_added = []
            for p in added:
                ps = scheduled.get(p.pair_id)
                rec = pair_record(p, ps, program, day)
                led.add_pair(rec)
                n = 0
                if ps is not None:
                    for s in session_records(rec, ps, program):
                        led.add_session(s)
                        n += 1
                out_added.append((p.pair_id, names[p.senior], names[p.junior], n))
            led.log_change("rematch", None, ended=sorted(set(end)), added=[a[0] for a in out_added],
                           from_day=day.isoformat(), reason=text)
    unmatched = tuple((f"{names.get(u.id, u.id)} ({u.id})", u.reason.render()) for u in result.unmatched)
    unplaced = [u.pair_id for u in sched.unscheduled]
    if unplaced:
        unmatched += tuple((pid, tr("no common slot from {day}", day=day.isoformat())) for pid in unplaced)
    written = tuple(refresh(folder))
    return RematchOutcome(tuple(sorted(set(end))), cancelled, tuple(out_added), unmatched, day, result.status,
                          written)


# --------------------------------------------------------------------------- reschedule, pause, withdraw


@dataclass(frozen=True)
class Moved:
    """One session that moved."""

    pair_id: str
    number: int
    old: datetime
    new: datetime
    outside_windows: bool = False


@dataclass(frozen=True)
class ChangeOutcome:
    """What a change command did."""

    kind: str
    moved: tuple[Moved, ...] = ()
    cancelled: tuple[tuple[str, int, datetime], ...] = ()
    ended: tuple[str, ...] = ()
    warnings: tuple[Issue, ...] = ()
    written: tuple[Path, ...] = ()


def _session_of(led: Ledger, pair_id: str, number: int) -> SessionRecord:
    led.pair(pair_id)
    found = [s for s in led.sessions(pair_id) if s.number == number]
    if not found:
        numbers = [s.number for s in led.sessions(pair_id)]
        raise InputError("pair {pair} has no session {n}", location=Location(path="SESSION"),
                         hint="its sessions are numbered {first} to {last}", pair=pair_id, n=number,
                         first=min(numbers, default=0), last=max(numbers, default=0))
    return found[0]


def reschedule(folder: Path, pair_id: str, number: int, to: datetime, *, force: bool = False,
               series: bool = False, now: datetime | None = None) -> ChangeOutcome:
    """Move session ``number`` of ``pair_id`` to ``to`` (program time); with ``series`` every later one too.

    Raises :class:`InputError` naming every failed check (days off, clashes, windows); ``force``
    overrides the windows and working hours only.
    """
    from zoneinfo import ZoneInfo

    from rmentor.ledger import open_ledger

    now = now or _now()
    check_ticks(folder)
    with open_ledger(folder) as led:
        record = led.program_record()
        program, roster = record.program(), record.roster()
        tz = ZoneInfo(program.timezone)
        to = to.replace(tzinfo=tz) if to.tzinfo is None else to.astimezone(tz)
        pair = led.pair(pair_id)
        if pair.status != "active":
            raise InputError("pair {pair} has ended ({day})", location=Location(path="PAIR"),
                             hint="only an active pair's sessions can move", pair=pair_id,
                             day=pair.end_date.isoformat() if pair.end_date else "-")
        target = _session_of(led, pair_id, number)
        people = _people(roster)
        senior, junior = people[pair.senior_id], people[pair.junior_id]
        pairs = {p.pair_id: p for p in led.pairs()}
        mine = [s for s in led.sessions(pair_id) if s.number >= number and s.status == "scheduled"] if series \
            else [target]
        if target.status != "scheduled":
            raise InputError("session {n} of {pair} is {status} and cannot move", location=Location(path="SESSION"),
                             hint="only scheduled sessions move; record attendance with rmentor attend",
                             n=number, pair=pair_id, status=tr(target.status))
        busy = _busy(led.sessions(), pairs, skip={s.id for s in mine})
        cal = Calendar(program, min(to.date(), target.start.date()), to.date() + timedelta(weeks=60))
        not_before = now.astimezone(tz)
        if series:
            placed = move_series(cal, [Planned(s.number, s.start) for s in mine], to, senior, junior, busy,
                                 force=force, not_before=not_before)
        else:
            refuse(cal.check(to, senior, junior, busy, not_before=not_before),
                   what=tr("session {n} of {pair}", n=number, pair=pair_id), force=force)
            placed = [(number, to, None)]
        by_number = {s.number: s for s in mine}
        moved: list[Moved] = []
        length = timedelta(minutes=program.session_minutes)
        with led.transaction():
            for n, at, why in placed:
                s = by_number[n]
                outside = bool(cal.check(at, senior, junior, []))  # only windows/hours can remain (forced)
                led.update_session(s.id, start=at, end=at + length, outside_windows=outside,
                                   moved_because=why or tr("moved by HR"))
                moved.append(Moved(pair_id, n, s.start, at, outside))
            if series:
                led.update_pair(pair_id, weekday=to.weekday(), start_minute=to.hour * 60 + to.minute)
            led.log_change("reschedule", pair_id, sessions=[m.number for m in moved], to=to.isoformat(),
                           series=series, force=force)
    return ChangeOutcome("reschedule", moved=tuple(moved), written=tuple(refresh(folder)))


def pause(folder: Path, pair_id: str, start: date, until: date, *, reason: str | None = None) -> ChangeOutcome:
    """Cancel the pair's scheduled sessions from ``start`` to ``until`` (inclusive): leave, travel."""
    from rmentor.ledger import open_ledger

    if until < start:
        raise InputError("--until {until} is before --from {start}", location=Location(path="--until"),
                         hint="swap the dates", until=until.isoformat(), start=start.isoformat())
    check_ticks(folder)
    with open_ledger(folder) as led:
        pair = led.pair(pair_id)
        if pair.status != "active":
            raise InputError("pair {pair} has ended ({day})", location=Location(path="PAIR"),
                             hint="only an active pair's sessions can move", pair=pair_id,
                             day=pair.end_date.isoformat() if pair.end_date else "-")
        hit = [s for s in led.sessions(pair_id) if s.status == "scheduled" and start <= s.start.date() <= until]
        warnings: list[Issue] = []
        if not hit:
            warnings.append(Issue("pair {pair} has no scheduled session from {start} to {until}",
                                  {"pair": pair_id, "start": start.isoformat(), "until": until.isoformat()}))
        with led.transaction():
            for s in hit:
                led.update_session(s.id, status="cancelled", cancelled_by="organizer", note=reason or tr("pause"))
            led.log_change("pause", pair_id, start=start.isoformat(), until=until.isoformat(),
                           sessions=[s.number for s in hit], reason=reason)
    return ChangeOutcome("pause", cancelled=tuple((s.pair_id, s.number, s.start) for s in hit),
                         warnings=tuple(warnings), written=tuple(refresh(folder)))


def withdraw(folder: Path, person: str, start: date, *, reason: str | None = None) -> ChangeOutcome:
    """End every active pair of ``person`` from ``start``; they are not paired again by a later rematch."""
    from rmentor.ledger import open_ledger

    check_ticks(folder)
    with open_ledger(folder) as led:
        roster = led.program_record().roster()
        if person not in _people(roster):
            raise InputError("'{person}' is not in the program's roster", location=Location(path="PERSON"),
                             hint="use a person id from the roster, as in pairs.csv", person=person)
        theirs = [p for p in led.pairs(status="active") if person in (p.senior_id, p.junior_id)]
        text = reason or tr("left the program")
        cancelled: list[tuple[str, int, datetime]] = []
        with led.transaction():
            for p in theirs:
                before = {s.id for s in led.sessions(p.pair_id) if s.status == "scheduled"}
                _end_pair(led, p.pair_id, start, text, "withdraw")
                cancelled += [(s.pair_id, s.number, s.start) for s in led.sessions(p.pair_id)
                              if s.id in before and s.status == "cancelled"]
            led.log_change("withdraw", None, person=person, start=start.isoformat(),
                           pairs=[p.pair_id for p in theirs], reason=text)
    warnings = () if theirs else (Issue("{person} has no active pair; they will not be paired again",
                                        {"person": person}),)
    return ChangeOutcome("withdraw", cancelled=tuple(cancelled), ended=tuple(p.pair_id for p in theirs),
                         warnings=warnings, written=tuple(refresh(folder)))


# --------------------------------------------------------------------------- attendance


@dataclass(frozen=True)
class Conflict:
    """A fact that disagrees with the ledger; the ledger was left as it was."""

    pair_id: str
    number: int
    ledger: str
    given: str
    where: str


@dataclass(frozen=True)
class AttendOutcome:
    """What ``attend`` recorded."""

    recorded: int
    unchanged: int
    blank: int
    conflicts: tuple[Conflict, ...]
    problems: tuple[Issue, ...]
    files: tuple[str, ...] = ()
    written: tuple[Path, ...] = ()


def _fact_text(held: bool | None, by: str | None) -> str:
    if held is None:
        return tr("not recorded")
    if held:
        return tr("held")
    return tr("missed") + (f" ({tr(by)})" if by in ("senior", "junior") else "")


def attend(folder: Path, facts: Sequence[AttendanceFact], *, force: bool = False, blank: int = 0,
           files: Sequence[str] = (), today: date | None = None) -> AttendOutcome:
    """Record held / missed facts in the ledger.

    A fact the ledger already holds is left alone (reading a file again changes nothing). A fact
    that disagrees with a recorded one, or records a cancelled session, is a :class:`Conflict`
    and is not written unless ``force``. Unknown pairs or sessions, and sessions dated after
    ``today``, are problems; the other facts are still recorded.
    """
    from rmentor.ledger import open_ledger

    today = today or date.today()
    check_ticks(folder, reading=files)
    recorded = unchanged = 0
    conflicts: list[Conflict] = []
    problems: list[Issue] = []
    with open_ledger(folder) as led:
        sessions = {(s.pair_id, s.number): s for s in led.sessions()}
        pairs = {p.pair_id for p in led.pairs()}
        now = _now()
        with led.transaction():
            for f in facts:
                where = str(f.location)
                s = sessions.get((f.pair_id, f.session))
                if s is None:
                    problems.append(Issue("there is no pair {pair} in the program ledger" if f.pair_id not in pairs
                                          else "pair {pair} has no session {n}",
                                          {"pair": f.pair_id, "n": f.session}, f.location,
                                          "check the pair id and session number against sessions.csv"))
                    continue
                if f.held and s.start.date() > today:
                    problems.append(Issue("session {n} of {pair} is on {day}, after today, and cannot be held yet",
                                          {"pair": f.pair_id, "n": f.session, "day": s.start.date().isoformat()},
                                          f.location, "check the session number, or record it after it took place"))
                    continue
                by = f.cancelled_by
                if s.status == "cancelled":
                    conflicts.append(Conflict(f.pair_id, f.session, tr("cancelled"), _fact_text(f.held, by), where))
                    continue
                if s.held is not None:
                    if s.held == f.held and (s.cancelled_by or None) == (by or None):
                        unchanged += 1
                        continue
                    if s.held == f.held and by is None:  # the file does not say who: keep what is known
                        unchanged += 1
                        continue
                    if not force:
                        conflicts.append(Conflict(f.pair_id, f.session, _fact_text(s.held, s.cancelled_by),
                                                  _fact_text(f.held, by), where))
                        continue
                led.update_session(s.id, status="held" if f.held else "missed", held=f.held, cancelled_by=by,
                                   recorded_at=now)
                recorded += 1
            if recorded:
                led.log_change("attend", None, recorded=recorded, files=list(files))
    written = tuple(refresh(folder)) if recorded else ()
    return AttendOutcome(recorded, unchanged, blank, tuple(conflicts), tuple(problems), tuple(files), written)


# --------------------------------------------------------------------------- status


def _fact(s: SessionRecord) -> SessionFact:
    status = {"scheduled": "planned", "held": "held", "missed": "missed"}.get(s.status, "cancelled")
    by = s.cancelled_by if s.cancelled_by in ("senior", "junior") else None
    return SessionFact(s.pair_id, s.number, s.start.date(), status, by)  # type: ignore[arg-type]


def to_send(folder: Path) -> tuple[dict[str, Any], ...]:
    """What ``invite`` would send now (its dry run): ``{recipient, pair_id, method, why, sessions}`` each.

    Without an organizer ``invite`` cannot build messages; then every event whose sessions the
    participants do not hold yet is listed per pair (``recipient`` is None).
    """
    from rmentor.workflows.invite import plan_messages

    try:
        messages = plan_messages(folder, dry_run=True)[0]
    except InputError:
        return _undelivered(folder)
    return tuple({"recipient": m.recipient, "pair_id": m.pair_id, "method": m.method, "why": m.why,
                  "sessions": m.sessions} for m in messages)


def _undelivered(folder: Path) -> tuple[dict[str, Any], ...]:
    from rmentor.ledger import open_ledger

    with open_ledger(folder) as led, led.snapshot():
        sessions = led.sessions()
        delivered = {d.uid for d in led.deliveries(status="delivered")}
    events: dict[str, tuple[str, int]] = {}
    for x in sessions:
        pair, live = events.get(x.uid, (x.pair_id, 0))
        events[x.uid] = (pair, live + (x.status != "cancelled"))
    out: list[dict[str, Any]] = []
    for uid, (pair, live) in sorted(events.items(), key=lambda e: (e[1][0], e[0])):
        if live and uid not in delivered:
            out.append({"recipient": None, "pair_id": pair, "method": "REQUEST", "why": "new", "sessions": live})
        elif not live and uid in delivered:
            out.append({"recipient": None, "pair_id": pair, "method": "CANCEL", "why": "cancelled", "sessions": 0})
    return tuple(out)


def status(folder: Path, *, as_of: date | None = None) -> Status:
    """The program at a glance on ``as_of`` (default today)."""
    from rmentor.ledger import open_ledger

    as_of = as_of or date.today()
    with open_ledger(folder) as led, led.snapshot():
        record = led.program_record()
        program, roster = record.program(), record.roster()
        pairs = led.pairs()
        sessions = led.sessions()
    people = _people(roster)
    cal = Calendar(program, as_of, as_of)
    start, end = cal.start, cal.end
    health = {h.pair_id: h for h in pair_risks([_fact(s) for s in sessions], program.at_risk, as_of)}
    monday = as_of - timedelta(days=as_of.weekday())
    counts = {"held": 0, "missed": 0, "unrecorded": 0, "upcoming": 0, "cancelled": 0, "this_week": 0, "next_week": 0}
    this_week: list[SessionLine] = []
    next_week: list[SessionLine] = []
    weekly: dict[date, dict[str, int]] = {}
    pair_of = {p.pair_id: p for p in pairs}
    for s in sorted(sessions, key=lambda s: (s.start, s.pair_id)):
        day = s.start.date()
        key = "cancelled" if s.status == "cancelled" else s.status if s.status in ("held", "missed") else (
            "unrecorded" if day <= as_of else "upcoming")
        counts[key] += 1
        week = day - timedelta(days=day.weekday())
        weekly.setdefault(week, {"held": 0, "missed": 0, "unrecorded": 0, "upcoming": 0, "cancelled": 0})[key] += 1
        if s.status == "scheduled" and day >= as_of and day < monday + timedelta(days=14):
            p = pair_of[s.pair_id]
            line = SessionLine(s.pair_id, s.number, s.start, people[p.senior_id].name, people[p.junior_id].name)
            (this_week if day < monday + timedelta(days=7) else next_week).append(line)
    counts["this_week"], counts["next_week"] = len(this_week), len(next_week)
    lines = []
    for p in pairs:
        mine = [s for s in sessions if s.pair_id == p.pair_id]
        nxt = min((s.start for s in mine if s.status == "scheduled" and s.start.date() > as_of), default=None)
        h = health.get(p.pair_id) or PairHealth(p.pair_id, 0, 0, 0, 0, 0, 0, None)
        lines.append(PairLine(p.pair_id, people[p.senior_id].name if p.senior_id in people else p.senior_id,
                              people[p.junior_id].name if p.junior_id in people else p.junior_id,
                              p.status, h, nxt, sum(1 for s in mine if s.status != "cancelled")))
    total_weeks = -(-(end - start).days // 7)
    done = min(total_weeks, max(0, (as_of - start).days // 7))  # whole weeks behind: 0 in the first week
    return Status(program.name, as_of, start, end, done, total_weeks, counts, tuple(this_week), tuple(next_week),
                  tuple(lines), to_send(folder), program.timezone, tuple(sorted(weekly.items())))


# --------------------------------------------------------------------------- evaluate's loader


def ledger_sessions(folder: Path) -> tuple[Any, ...]:
    """The program's sessions as ``evaluate`` reads them (:class:`rmentor.inputs.surveys.SessionRecord`).

    Cancelled sessions (pauses, ended pairs' later sessions) are left out: they were never due.
    """
    from rmentor.inputs.surveys import SessionRecord as Row
    from rmentor.inputs.surveys import Side
    from rmentor.ledger import ledger_path, open_ledger

    with open_ledger(folder) as led, led.snapshot():
        roster = led.program_record().roster()
        pairs = {p.pair_id: p for p in led.pairs()}
        sessions = led.sessions()
    people = _people(roster)
    out = []
    for s in sessions:
        if s.status == "cancelled":
            continue
        p = pairs[s.pair_id]
        by: Side | None = "senior" if s.cancelled_by == "senior" else "junior" if s.cancelled_by == "junior" else None
        out.append(Row(s.pair_id, s.number, s.start.date(), p.senior_id, p.junior_id,
                       getattr(people.get(p.senior_id), "name", None), getattr(people.get(p.junior_id), "name", None),
                       s.held, by, str(ledger_path(folder)), s.id))
    return tuple(out)


def is_program_folder(path: Path) -> bool:
    """True when ``path`` is a folder holding a program ledger."""
    from rmentor.ledger import ledger_path

    return path.is_dir() and ledger_path(path).is_file()
