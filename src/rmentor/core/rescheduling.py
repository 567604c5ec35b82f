"""Moving sessions of a running program: one session, a pair's later sessions, new pairs from a date.

Pure: the callers (``reschedule``, ``rematch DIR``) read the ledger and pass plain values.

A session may go to a time when:

* it is not in the past (before ``not_before``) and not after the program's last day;
* its day is a working day: not a public holiday, not a blackout, one of ``working_hours.days``
  (in the program zone and in each person's own zone);
* neither person has another session then (``busy``: every other live session of both);
* it lies inside both people's availability windows and the working hours.

The last check is the only one ``force`` overrides: HR may agree a time outside the windows
with the pair; a holiday or a double booking stays wrong whatever anyone agrees.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rmentor.core.scheduling import (
    PairLike,
    PairSchedule,
    Schedule,
    _Ctx,
    _interval_bits,
    _zone,
    days_off,
    program_period,
    schedule,
)
from rmentor.core.scoring import Reason
from rmentor.errors import InfeasibleError, InputError, Issue, Location
from rmentor.i18n import tr
from rmentor.model import DAYS, Person, Program, Roster, format_clock

#: check codes, in the order they are reported
CHECKS = ("past", "after_end", "day_off", "clash", "window", "hours")
OVERRIDABLE = frozenset({"window", "hours"})


@dataclass(frozen=True)
class Busy:
    """Another live session that occupies a person: who, which session, when."""

    person: str
    pair_id: str
    number: int
    start: datetime
    end: datetime


@dataclass(frozen=True)
class SlotProblem(Reason):
    """One failed check of a proposed time; ``code`` is one of :data:`CHECKS`."""

    @property
    def overridable(self) -> bool:
        """True when ``--force`` may override it (windows and working hours)."""
        return self.code in OVERRIDABLE

    def issue(self) -> Issue:
        """As an :class:`Issue` for an error message."""
        return Issue(self.template, self.params)


def _windows_text(p: Person) -> str:
    return ", ".join(f"{tr(DAYS[w.day])} {format_clock(w.start)}-{format_clock(w.end)}" for w in p.availability)


class Calendar:
    """The program's days off, working hours and zones, for checking times from ``first`` to ``last``."""

    def __init__(self, program: Program, first: date, last: date) -> None:
        self.program = program
        start, end, periods, _ = program_period(program, today=first)
        self.start, self.end = start, end
        wh = program.working_hours
        work = 0
        for d in sorted(set(wh.days)):
            work |= _interval_bits(d * 1440 + wh.start, d * 1440 + wh.end)
        lo, hi = min(first, start), max(last, end) + timedelta(days=62)
        self.ctx = _Ctx(program, _zone(program.timezone), start, periods, program.session_minutes,
                        days_off(program, lo - timedelta(days=1), hi), work)
        self.length = timedelta(minutes=program.session_minutes)

    def at(self, day: date, minute: int) -> datetime | None:
        """The aware program-time datetime, or None for a wall time that does not exist (a DST gap)."""
        return self.ctx.at(day, minute)

    def check(self, start: datetime, senior: Person, junior: Person, busy: Iterable[Busy], *,
              not_before: datetime | None = None) -> list[SlotProblem]:
        """Every check a session starting at ``start`` fails (empty: it may go there)."""
        program = self.program
        start = start.astimezone(self.ctx.ptz)
        end = start + self.length
        out: list[Reason] = []
        when = start.strftime("%Y-%m-%d %H:%M")
        if not_before is not None and start < not_before:
            out.append(Reason("past", "{when} is in the past (before {limit})",
                              {"when": when, "limit": not_before.strftime("%Y-%m-%d %H:%M")}))
        if start.date() >= self.end:
            out.append(Reason("after_end", "{when} is after the program ends ({end})",
                              {"when": when, "end": (self.end - timedelta(days=1)).isoformat()}))
        day = start.date()
        off = self.ctx.off.get(day)
        if off is not None:
            out.append(Reason("day_off", "{day} is a day off: {name}", {"day": day.isoformat(), "name": off.name}))
        elif day.weekday() not in program.working_hours.days:
            out.append(Reason("day_off", "{day} is not a working day", {"day": day.isoformat()}))
        else:
            for who, p in (("senior", senior), ("junior", junior)):
                tz = p.timezone or program.timezone
                local = start.astimezone(self.ctx.zone(tz)).date()
                if local != day and local in self.ctx.off:
                    out.append(Reason("day_off", "{day} is a day off where the senior is: {name}" if who == "senior"
                                      else "{day} is a day off where the junior is: {name}",
                                      {"day": local.isoformat(), "name": self.ctx.off[local].name}))
        for b in sorted(busy, key=lambda b: (b.start, b.pair_id, b.number)):
            if b.person in (senior.id, junior.id) and b.start < end and start < b.end:
                params = {"person": b.person, "number": b.number, "pair": b.pair_id,
                          "start": b.start.strftime("%Y-%m-%d %H:%M"), "end": b.end.strftime("%H:%M")}
                out.append(Reason("clash", "the senior ({person}) has session {number} of {pair} then ({start}-{end})"
                                  if b.person == senior.id else
                                  "the junior ({person}) has session {number} of {pair} then ({start}-{end})", params))
        wh = program.working_hours
        minute = start.hour * 60 + start.minute
        if not (wh.start <= minute and minute + program.session_minutes <= wh.end) or end.date() != day:
            out.append(Reason("hours", "{when} is outside the working hours ({start}-{end})",
                              {"when": when, "start": format_clock(wh.start), "end": format_clock(wh.end)}))
        for who, p in (("senior", senior), ("junior", junior)):
            if p.availability and not self.within(p, start):
                params = {"name": p.name, "windows": _windows_text(p), "tz": p.timezone or program.timezone}
                out.append(Reason("window", "it is outside the senior's availability ({name}: {windows}, {tz})"
                                  if who == "senior" else
                                  "it is outside the junior's availability ({name}: {windows}, {tz})", params))
        return sorted((SlotProblem(r.code, r.template, r.params) for r in out), key=lambda p: CHECKS.index(p.code))

    def within(self, p: Person, start: datetime) -> bool:
        """The session lies inside one of ``p``'s weekly windows, in their own zone (days off aside)."""
        tz = self.ctx.zone(p.timezone or self.program.timezone)
        ls, le = start.astimezone(tz), (start + self.length).astimezone(tz)
        sm = ls.hour * 60 + ls.minute
        em = le.hour * 60 + le.minute if le.date() == ls.date() else 1440 if le.time() == ls.time().min else 1441
        return any(w.day == ls.weekday() and w.start <= sm and em <= w.end for w in p.availability)

    def nearest(self, after: datetime, before: date, senior: Person, junior: Person, busy: Sequence[Busy], *,
                minute: int | None = None, not_before: datetime | None = None) -> datetime | None:
        """The first time from ``after``'s day to before ``before`` that passes every check.

        The same time of day is tried first on each day, then other quarter hours nearest to it.
        """
        wh = self.program.working_hours
        base = minute if minute is not None else after.hour * 60 + after.minute
        first = wh.start + (-wh.start) % 15
        starts = sorted(range(first, wh.end - self.program.session_minutes + 1, 15),
                        key=lambda m: (abs(m - base), m))
        day = after.date()
        while day < before:
            if self.ctx.working(day):
                for m in starts:
                    at = self.at(day, m)
                    if at is not None and at >= after and not self.check(at, senior, junior, busy,
                                                                         not_before=not_before):
                        return at
            day += timedelta(days=1)
        return None


def refuse(problems: Sequence[SlotProblem], *, what: str, force: bool) -> None:
    """Raise when a move fails a check ``force`` cannot override, or a window check without ``force``."""
    blocking = [p for p in problems if not (force and p.overridable)]
    if not blocking:
        return
    only_windows = all(p.overridable for p in blocking)
    raise InputError("{what} cannot go there: {count} check(s) failed", issues=[p.issue() for p in blocking],
                     location=Location(path="--to"),
                     hint="add --force to agree a time outside the windows with the pair" if only_windows
                     else "choose another time (see the sessions of both people in sessions.csv)",
                     what=what, count=len(blocking))


# --------------------------------------------------------------------------- series


@dataclass(frozen=True)
class Planned:
    """A session to place: its number and where it is now."""

    number: int
    start: datetime


def move_series(cal: Calendar, sessions: Sequence[Planned], first: datetime, senior: Person, junior: Person,
                busy: Sequence[Busy], *, force: bool, not_before: datetime | None = None
                ) -> list[tuple[int, datetime, str | None]]:
    """New times for ``sessions`` (in order) at a new weekly slot: the first at ``first``, then every cadence.

    A date on a day off goes to the nearest following working day at a free time before the
    next one (the program's ``shift`` policy); every other check failing is an error naming the
    session. Returns ``(number, start, moved_because)``.
    """
    step = timedelta(weeks=cal.program.cadence_weeks)
    minute = first.hour * 60 + first.minute
    out: list[tuple[int, datetime, str | None]] = []
    issues: list[Issue] = []
    for k, s in enumerate(sessions):
        wall = first.replace(tzinfo=None) + step * k
        at = cal.at(wall.date(), minute) or first + step * k
        problems = cal.check(at, senior, junior, busy, not_before=not_before)
        moved: str | None = None
        if any(p.code == "day_off" for p in problems):
            moved = str(next(p for p in problems if p.code == "day_off").params.get("name") or tr("day off"))
            next_day = at + timedelta(days=1) - timedelta(hours=at.hour, minutes=at.minute)
            shifted = cal.nearest(next_day, (at + step).date(), senior, junior, busy, minute=minute,
                                  not_before=not_before)
            if shifted is not None:
                at, problems = shifted, []
        bad = [p for p in problems if not (force and p.overridable)]
        if bad:
            issues.extend(Issue("session {n}: {problem}", {"n": s.number, "problem": p.issue().render()})
                          for p in bad)
        out.append((s.number, at, moved))
    if issues:
        raise InputError("the sessions cannot move to that weekly slot: {count} check(s) failed", issues=issues,
                         location=Location(path="--to"),
                         hint="choose another weekly slot, or --force for times outside the windows",
                         count=len(issues))
    return out


# --------------------------------------------------------------------------- new pairs from a date


def schedule_from(pairs: Sequence[PairLike], roster: Roster, program: Program, start: date, end: date,
                  busy: Sequence[Busy]) -> Schedule:
    """Schedule new pairs from ``start`` to the program's ``end`` (exclusive) at the cadence.

    Sessions never fall before ``start`` or on ``end`` and after, never on a day off, and never
    clash with ``busy`` (the other live sessions of the same people): a clashing session
    moves to the nearest free time before the pair's next one.
    """
    step = 7 * program.cadence_weeks
    count = max(1, -(-(end - start).days // step))
    sub = program.model_copy(update={"start": start, "duration": program.duration.model_copy(
        update={"months": None, "sessions": count})})
    result = schedule(pairs, roster, sub)
    while count > 1 and any(s.start.date() >= end for s in result.sessions):
        count -= 1
        sub = sub.model_copy(update={"duration": sub.duration.model_copy(update={"sessions": count})})
        result = schedule(pairs, roster, sub)
    if not busy:
        return result
    from dataclasses import replace

    cal = Calendar(program, start, end)
    seniors = {p.id: p for p in roster.seniors}
    juniors = {p.id: p for p in roster.juniors}
    taken = list(busy)
    fixed: list[PairSchedule] = []
    for ps in result.pairs:
        s, j = seniors[ps.senior.id], juniors[ps.junior.id]
        sessions = list(ps.sessions)
        for i, sess in enumerate(sessions):
            if cal.check(sess.start, s, j, taken):
                limit = sessions[i + 1].start.date() if i + 1 < len(sessions) else end
                at = cal.nearest(sess.start - timedelta(hours=sess.start.hour, minutes=sess.start.minute),
                                 limit, s, j, taken, minute=sess.start.hour * 60 + sess.start.minute,
                                 not_before=datetime.combine(start, datetime.min.time(), tzinfo=sess.start.tzinfo))
                if at is None:
                    raise InfeasibleError("{pair}: session {n} on {date} clashes with another session of the same "
                                          "person and no free time was found before the next one",
                                          hint="widen the availability windows of {senior} or {junior}",
                                          pair=ps.pair_id, n=sess.number, date=sess.start.date().isoformat(),
                                          senior=s.id, junior=j.id)
                sessions[i] = replace(sess, start=at, end=at + cal.length,
                                      moved_because=sess.moved_because or tr("another session of the same person"))
            for person in (s.id, j.id):
                taken.append(Busy(person, ps.pair_id, sessions[i].number, sessions[i].start, sessions[i].end))
        fixed.append(replace(ps, sessions=tuple(sessions)))
    return replace(result, pairs=tuple(fixed))
