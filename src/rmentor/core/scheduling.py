"""Pure scheduling: pairs + roster + program -> dated sessions with an agenda.

The steps, in order:

1. **Dates.** The program is cut into cadence periods (``cadence_weeks`` long) from
   ``program.start``; ``duration.months`` counts the periods that begin before the end
   date (six months at two weeks -> 13), ``duration.sessions`` gives the count directly.
2. **One weekly slot per pair.** Availability windows are kept in each person's own
   time zone. For every period they are projected onto the program's week (the
   program time zone) with that period's real UTC offsets, so a daylight-saving
   change moves the projection exactly as the wall clocks move. A slot must fit both
   people and the program's working hours. The earliest slot in the week that fits
   *every* period is preferred; when none does (a DST change breaks it), the slot that
   fits most periods is kept and only the other periods move to their nearest fit.
3. **No double-booking.** Pairs that share a person (a junior with capacity 2) are
   placed together by a small depth-first search, so two pairs of one junior get two
   different times whenever that is possible; the order of the search (most
   constrained pair first, then pair id, then earliest slot) makes the result
   deterministic.
4. **Days off.** Public holidays come from the ``holidays`` package (for RU it lists
   the January and May holidays and the substituted days off) plus the program's
   blackouts. A session on a day off is shifted to the nearest following working day
   at the same time (policy ``shift``), or dropped (``skip``). A shifted session never
   lands on another day off, never reaches the pair's next session and never clashes
   with another session of either person. Every session is checked against the
   people's windows with exact ``zoneinfo`` conversions before it is accepted.
5. **Agenda.** Sessions are numbered after the dates are final; the first, the
   midpoint and the last get their own texts (program ``agenda`` overrides them).

Nothing here prints or reads files; :func:`schedule` returns a :class:`Schedule`.
"""

from __future__ import annotations

import calendar as _calendar
import re
import string
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any, Protocol

from rmentor.core.scoring import Reason, next_monday
from rmentor.errors import InfeasibleError, InputError, Issue, Location
from rmentor.i18n import get_language, tr
from rmentor.model import DAYS, AgendaItem, Junior, Person, Program, Roster, Senior, format_clock

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

RES = 5  # minutes per bit of a week mask: fine enough for windows like 10:05-11:35
GRID = 15  # sessions start on the quarter hour (program time)
DAY_BITS = 1440 // RES
WEEK_BITS = 7 * DAY_BITS
_FULL = (1 << WEEK_BITS) - 1
_GRID_MASK = sum(1 << i for i in range(0, WEEK_BITS, GRID // RES))
_DAY_MASK = tuple(((1 << DAY_BITS) - 1) << (d * DAY_BITS) for d in range(7))
SEARCH_NODES = 20_000  # per group of pairs sharing people; beyond it the search settles for the best found
PLACEHOLDERS = ("n", "total", "senior", "junior", "topic")


class PairLike(Protocol):
    """What :func:`schedule` needs of a pair: ``matching.Pair`` and ``pairsfile.PairRow`` both fit."""

    @property
    def pair_id(self) -> str: ...
    @property
    def senior(self) -> str: ...
    @property
    def junior(self) -> str: ...
    @property
    def shared_topics(self) -> tuple[str, ...]: ...


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Session:
    """One meeting of a pair. ``start``/``end`` are aware datetimes in the program time zone."""

    pair_id: str
    number: int  # 1-based among the pair's sessions
    total: int
    kind: str  # "first" | "regular" | "midpoint" | "last"
    period: int  # 0-based cadence period: the stable identity of the session (ICS UID)
    start: datetime
    end: datetime
    planned: datetime  # where the weekly slot put it before any shift
    moved_because: str | None  # the day off (or reason) it was shifted for; None when not moved
    title: str
    goal: str
    assignment: str
    outside_windows: bool = False  # moved to a time outside someone's windows: the pair should confirm it
    held: bool | None = None  # attendance recorded in a program ledger (None: not recorded)
    cancelled_by: str | None = None  # senior | junior, when not held

    @property
    def shifted(self) -> bool:
        """True when the session does not take place at its regular weekly slot."""
        return self.moved_because is not None


@dataclass(frozen=True)
class Skipped:
    """A regular session that does not take place, and why."""

    pair_id: str
    period: int
    planned: datetime
    reason: str


@dataclass(frozen=True)
class PairSchedule:
    """A scheduled pair: its weekly slot (program time) and its sessions."""

    pair_id: str
    senior: Senior
    junior: Junior
    shared_topics: tuple[str, ...]
    weekday: int  # 0 = Monday, program time
    start_minute: int  # minutes since midnight, program time
    varies: bool  # the slot changes in some periods (a DST change made the usual one impossible)
    sessions: tuple[Session, ...]
    skipped: tuple[Skipped, ...] = ()

    @property
    def shifted_count(self) -> int:
        """How many sessions were moved off their regular slot."""
        return sum(s.shifted for s in self.sessions)


@dataclass(frozen=True)
class Unscheduled:
    """A pair that got no weekly slot: why, and the nearest alternatives."""

    pair_id: str
    senior: Senior
    junior: Junior
    reason: Reason
    alternatives: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class DayOff:
    """A date with no sessions: a public holiday or a program blackout."""

    day: date
    name: str
    blackout: bool = False


@dataclass(frozen=True)
class Schedule:
    """The result of :func:`schedule`."""

    program: Program
    timezone: str
    start: date
    end: date  # exclusive: the first day after the program
    periods: int
    pairs: tuple[PairSchedule, ...]
    unscheduled: tuple[Unscheduled, ...]
    days_off: tuple[DayOff, ...]
    warnings: tuple[Issue, ...] = ()

    @property
    def sessions(self) -> tuple[Session, ...]:
        """Every session of every pair, by start time, then pair id."""
        return tuple(sorted((s for p in self.pairs for s in p.sessions), key=lambda s: (s.start, s.pair_id)))


# --------------------------------------------------------------------------- dates and days off


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clamped to the month's last day."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def program_period(program: Program, *, today: date | None = None) -> tuple[date, date, int, tuple[Issue, ...]]:
    """Start date, end date (exclusive), number of cadence periods, and warnings.

    Without ``program.start`` the program starts on the Monday after ``today``.
    """
    warnings: list[Issue] = []
    start = program.start
    if start is None:
        start = next_monday(today or date.today())
        warnings.append(Issue("the program has no start date; sessions start on Monday {start}",
                              {"start": start.isoformat()}, Location(path="start"),
                              "set 'start:' in the program file to fix the dates"))
    step = 7 * program.cadence_weeks
    if program.duration.sessions is not None:
        periods = program.duration.sessions
        end = start + timedelta(days=step * periods)
    else:
        end = add_months(start, program.duration.months or 6)
        periods = max(1, -(-(end - start).days // step))
    return start, end, periods, tuple(warnings)


@lru_cache(maxsize=128)
def _public_holidays(country: str, subdivision: str | None, year: int, lang: str) -> tuple[tuple[date, str], ...]:
    import holidays

    try:
        cal = holidays.country_holidays(country, subdiv=subdivision, years=year)
        languages = getattr(cal, "supported_languages", ()) or ()
        wanted = "ru" if lang == "ru" else "en_US"
        if wanted in languages:
            cal = holidays.country_holidays(country, subdiv=subdivision, years=year, language=wanted)
    except NotImplementedError:
        raise InputError(
            "'{subdivision}' is not a known subdivision of {country} for public holidays",
            location=Location(path="holiday_subdivision"),
            hint="use a code from the 'holidays' package list for {country}, or remove holiday_subdivision",
            subdivision=subdivision, country=country,
        ) from None
    return tuple(sorted((d, str(name)) for d, name in cal.items()))


def check_holidays(program: Program) -> None:
    """Refuse a holiday subdivision the calendar does not know (what ``schedule`` would refuse)."""
    if program.holiday_subdivision is not None:
        _public_holidays(program.holiday_country, program.holiday_subdivision,
                         (program.start or date.today()).year, "en")


def days_off(program: Program, first: date, last: date) -> dict[date, DayOff]:
    """Public holidays and blackouts from ``first`` to ``last`` inclusive."""
    lang = get_language()
    out: dict[date, DayOff] = {}
    for year in range(first.year, last.year + 1):
        for day, name in _public_holidays(program.holiday_country, program.holiday_subdivision, year, lang):
            if first <= day <= last:
                out[day] = DayOff(day, name)
    for b in program.blackouts:
        day = max(b.start, first)
        while day <= min(b.end, last):
            if day not in out:
                out[day] = DayOff(day, b.reason or tr("program blackout"), blackout=True)
            day += timedelta(days=1)
    return out


# --------------------------------------------------------------------------- week masks


def _rotl(x: int, k: int) -> int:
    k %= WEEK_BITS
    return ((x << k) | (x >> (WEEK_BITS - k))) & _FULL if k else x


def _rotr(x: int, k: int) -> int:
    return _rotl(x, WEEK_BITS - (k % WEEK_BITS))


def _interval_bits(lo: int, hi: int) -> int:
    """Bits fully inside the week-minute interval [lo, hi) (wrapping the week)."""
    a, b = -(-lo // RES), hi // RES
    if b <= a:
        return 0
    return _rotl((1 << min(b - a, WEEK_BITS)) - 1, a)


def _windows_mask(windows: tuple[tuple[int, int, int], ...], delta: int) -> int:
    """A person's windows on the program week, given their offset ``delta`` (person - program, minutes)."""
    mask = 0
    for day, start, end in windows:
        mask |= _interval_bits(day * 1440 + start - delta, day * 1440 + end - delta)
    return mask


def _startable(mask: int, length: int) -> int:
    """Bits at which a session of ``length`` minutes fits entirely inside ``mask``."""
    out = mask
    for k in range(1, -(-length // RES)):
        out &= _rotr(mask, k)
    return out


def _bits(mask: int) -> Iterator[int]:
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def _day_runs(mask: int, day: int) -> list[tuple[int, int]]:
    """Runs of set bits inside one program day, as (start, end) minutes of that day."""
    bits = (mask >> (day * DAY_BITS)) & ((1 << DAY_BITS) - 1)
    runs: list[tuple[int, int]] = []
    i = 0
    while bits:
        if bits & 1:
            j = i
            while bits & 1:
                bits >>= 1
                j += 1
            runs.append((i * RES, j * RES))
            i = j
        else:
            skip = (bits & -bits).bit_length() - 1
            bits >>= skip
            i += skip
    return runs


def _day_name(day: int) -> str:
    return tr(DAYS[day])


def slot_text(weekday: int, start_minute: int, minutes: int) -> str:
    """``"Tue 10:00-11:00"`` in the current language."""
    return f"{_day_name(weekday)} {format_clock(start_minute)}-{format_clock(min(1440, start_minute + minutes))}"


# --------------------------------------------------------------------------- context


def _zone(name: str) -> ZoneInfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


_UNKNOWN: Any = object()  # not in a cache yet


@dataclass
class _Ctx:
    program: Program
    ptz: ZoneInfo
    start: date
    periods: int
    length: int
    off: dict[date, DayOff]
    work: int
    zones: dict[str, ZoneInfo] = field(default_factory=dict)
    deltas: dict[tuple[str, date], int] = field(default_factory=dict)
    masks: dict[tuple[tuple[tuple[int, int, int], ...], tuple[int, ...]], int] = field(default_factory=dict)
    tz_deltas: dict[str, list[tuple[int, ...]]] = field(default_factory=dict)
    dates: list[tuple[date, ...]] = field(default_factory=list)
    # shifting sessions off days off retries the same (day, minute) for many pairs; the answer
    # is pure, so it is computed once (5,000 pairs: ~300,000 calls)
    at_cache: dict[tuple[date, int], datetime | None] = field(default_factory=dict)
    local_cache: dict[tuple[str, datetime], tuple[int, int, int] | None] = field(default_factory=dict)
    # id(person) -> (the person, their windows by weekday); the person is kept so the id stays theirs
    windows_cache: dict[int, tuple[Person, dict[int, tuple[tuple[int, int], ...]]]] = field(default_factory=dict)
    near_cache: dict[int, tuple[int, ...]] = field(default_factory=dict)

    def zone(self, name: str) -> ZoneInfo:
        z = self.zones.get(name)
        if z is None:
            z = self.zones[name] = _zone(name)
        return z

    def tz_of(self, p: Person) -> ZoneInfo:
        return self.zone(p.timezone or self.program.timezone)

    def date_of(self, period: int, weekday: int) -> date:
        if not self.dates:
            step, first = 7 * self.program.cadence_weeks, self.start.weekday()
            self.dates = [tuple(self.start + timedelta(days=k * step + (wd - first) % 7) for wd in range(7))
                          for k in range(self.periods + 1)]
        return self.dates[period][weekday]

    def delta(self, tzname: str, day: date) -> int:
        """Offset of ``tzname`` minus the program's, at noon program time on ``day``."""
        key = (tzname, day)
        d = self.deltas.get(key)
        if d is None:
            noon = datetime.combine(day, time(12), tzinfo=self.ptz)
            a = noon.astimezone(self.zone(tzname)).utcoffset() or timedelta()
            b = noon.utcoffset() or timedelta()
            d = self.deltas[key] = int((a - b).total_seconds() // 60)
        return d

    def period_deltas(self, tzname: str) -> list[tuple[int, ...]]:
        """Per period, the seven weekday offsets of ``tzname`` against the program (computed once per zone)."""
        out = self.tz_deltas.get(tzname)
        if out is None:
            out = self.tz_deltas[tzname] = [
                tuple(self.delta(tzname, self.date_of(k, wd)) for wd in range(7)) for k in range(self.periods)]
        return out

    def person_masks(self, p: Person) -> list[int]:
        """The person's windows on the program week, per period (a DST change may split a week)."""
        windows = tuple(sorted((w.day, w.start, w.end) for w in p.availability))
        out: list[int] = []
        for deltas in self.period_deltas(p.timezone or self.program.timezone):
            key = (windows, deltas)
            mask = self.masks.get(key)
            if mask is None:
                if len(set(deltas)) == 1:
                    mask = _windows_mask(windows, deltas[0])
                else:
                    mask = 0
                    for wd, dl in enumerate(deltas):
                        mask |= _windows_mask(windows, dl) & _DAY_MASK[wd]
                self.masks[key] = mask
            out.append(mask)
        return out

    def at(self, day: date, minute: int) -> datetime | None:
        """The aware program-time start on ``day`` at ``minute``; None for a wall time that does not exist."""
        key = (day, minute)
        if key in self.at_cache:
            return self.at_cache[key]
        local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=self.ptz)
        back: datetime | None = local.astimezone(timezone.utc).astimezone(self.ptz)
        if back is not None and back.replace(tzinfo=None) != local.replace(tzinfo=None):
            back = None
        self.at_cache[key] = back
        return back

    def fits(self, p: Person, start: datetime) -> bool:
        """Exact check: the session lies inside one of ``p``'s windows, on a working local day."""
        # the caches are read here directly: moving sessions off holidays asks this ~100,000 times
        tzname = p.timezone or self.program.timezone
        local = self.local_cache.get((tzname, start), _UNKNOWN)
        if local is _UNKNOWN:
            local = self.local(tzname, start)
        if local is None:
            return False
        wd, sm, em = local
        hit = self.windows_cache.get(id(p))
        days = hit[1] if hit is not None and hit[0] is p else self.windows_by_day(p)
        for a, b in days.get(wd, ()):  # noqa: SIM110 - a loop, not any() over a generator: the hot path
            if a <= sm and em <= b:
                return True
        return False

    def windows_by_day(self, p: Person) -> dict[int, tuple[tuple[int, int], ...]]:
        """``p``'s windows by local weekday, as plain ``(start, end)`` minutes (made once per person)."""
        hit = self.windows_cache.get(id(p))
        if hit is None or hit[0] is not p:
            days: dict[int, list[tuple[int, int]]] = {}
            for w in p.availability:
                days.setdefault(w.day, []).append((w.start, w.end))
            hit = self.windows_cache[id(p)] = (p, {d: tuple(v) for d, v in days.items()})
        return hit[1]

    def local(self, tzname: str, start: datetime) -> tuple[int, int, int] | None:
        """A session starting at ``start`` in zone ``tzname``: (weekday, start, end minute), or None
        when that local day is a day off or the session crosses local midnight.

        A pure function of zone and start, and a handful of zones serve every person, so it is
        cached: moving sessions off holidays asks it hundreds of thousands of times.
        """
        key = (tzname, start)
        if key in self.local_cache:
            return self.local_cache[key]
        tz = self.zone(tzname)
        ls = start.astimezone(tz)
        le = (start + timedelta(minutes=self.length)).astimezone(tz)
        sm = ls.hour * 60 + ls.minute
        found: tuple[int, int, int] | None = None
        if ls.date() not in self.off:
            if le.date() == ls.date():
                found = (ls.weekday(), sm, le.hour * 60 + le.minute)
            elif le.date() == ls.date() + timedelta(days=1) and le.hour == 0 and le.minute == 0:
                found = (ls.weekday(), sm, 1440)
        self.local_cache[key] = found
        return found

    def starts_near(self, minute: int) -> tuple[int, ...]:
        """The grid starts inside working hours, nearest to ``minute`` first (earlier on a tie)."""
        hit = self.near_cache.get(minute)
        if hit is None:
            wh = self.program.working_hours
            first = wh.start + (-wh.start) % GRID
            hit = self.near_cache[minute] = tuple(sorted(range(first, wh.end - self.length + 1, GRID),
                                                         key=lambda m: (abs(m - minute), m)))
        return hit

    def working(self, day: date) -> bool:
        return day.weekday() in self.program.working_hours.days and day not in self.off


# --------------------------------------------------------------------------- slot choice


Plan = tuple[int, ...]  # per period: week minute (program time) of the session start


@dataclass
class _Cand:
    index: int
    pair: PairLike
    senior: Senior
    junior: Junior
    common: int  # starts that fit every period: each is a constant plan
    patched: list[Plan]  # used when ``common`` is empty
    failure: tuple[Reason, tuple[Reason, ...]] | None = None


def _pair_valid(ctx: _Ctx, s: Senior, j: Junior) -> list[int]:
    """Per period: the bits (starts) where a session fits both people and the working hours."""
    cache: dict[tuple[int, int], int] = {}
    out: list[int] = []
    for sm, jm in zip(ctx.person_masks(s), ctx.person_masks(j), strict=True):
        v = cache.get((sm, jm))
        if v is None:
            v = cache[(sm, jm)] = _startable(sm & jm & ctx.work, ctx.length) & _GRID_MASK
        out.append(v)
    return out


def _patched_plans(valid: list[int], limit: int = 12) -> list[Plan]:
    """When no start fits every period: keep the start that fits most, move only the other periods."""
    union = 0
    for v in valid:
        union |= v
    scored = sorted((-sum(1 for v in valid if v >> b & 1), b) for b in _bits(union))
    plans: list[Plan] = []
    for _, base in scored[:limit]:
        plan: list[int] = []
        for v in valid:
            if v >> base & 1:
                plan.append(base * RES)
            else:  # the nearest start in this period; ties go to the earlier one
                plan.append(_nearest(v, base) * RES)
        if tuple(plan) not in plans:
            plans.append(tuple(plan))
    return plans


def _common(valid: list[int]) -> int:
    common = _FULL
    for v in valid:
        common &= v
    return common


def _plans_of(c: _Cand, periods: int, day_order: Sequence[int]) -> Iterator[Plan]:
    """The candidate plans of a pair, best first (constant ones are made only when asked for).

    Constant plans go weekday by weekday in ``day_order`` (fewest days off first, so fewer
    sessions need moving), earliest time first within a day.
    """
    if c.common:
        for wd in day_order:
            for b in _bits(c.common & _DAY_MASK[wd]):
                yield (b * RES,) * periods
    else:
        yield from c.patched


def _n_plans(c: _Cand) -> int:
    return c.common.bit_count() if c.common else len(c.patched)


def _nearest(mask: int, base: int) -> int:
    """The set bit of ``mask`` closest to ``base`` around the week; ties go to the earlier bit."""
    def distance(b: int) -> tuple[int, int]:
        return (min(abs(b - base), WEEK_BITS - abs(b - base)), b)

    return min(_bits(mask), key=distance)


def _clash(a: Plan, b: Plan, length: int) -> bool:
    return any(x < y + length and y < x + length for x, y in zip(a, b, strict=True))


def _explain(ctx: _Ctx, s: Senior, j: Junior, valid: list[int]) -> tuple[Reason, tuple[Reason, ...]]:
    """Why a pair has no common slot, and the nearest alternatives (program time)."""
    length = ctx.length
    tzname = ctx.program.timezone
    for who, p in (("senior", s), ("junior", j)):
        if not p.availability:
            template = ("the senior {name} has no availability windows" if who == "senior"
                        else "the junior {name} has no availability windows")
            return Reason("no_availability", template, {"name": p.name}), ()
    if any(valid) and not all(valid):
        gone = [ctx.date_of(k, 0) for k, v in enumerate(valid) if not v]
        return Reason("dst", "no common slot in the weeks from {first} to {last} (the clocks change)",
                      {"first": gone[0], "last": gone[-1]}), ()
    sm, jm = ctx.person_masks(s)[0], ctx.person_masks(j)[0]
    both = sm & jm
    inside = both & ctx.work
    if inside:
        runs = [(b - a, d, a, b) for d in range(7) for a, b in _day_runs(inside, d)]
        runs.sort(key=lambda r: (-r[0], r[1], r[2]))
        best = runs[0]
        if best[0] >= length:  # a long enough overlap exists on paper: it is taken by other sessions
            alts = tuple(Reason("free", "{day} {start}-{end} ({minutes} min, {tz})",
                                {"day": _day_name(d), "start": format_clock(a), "end": format_clock(b),
                                 "minutes": n, "tz": tzname}) for n, d, a, b in runs[:3])
            return Reason("taken", "every common slot is taken by another session of the same person ({pairs})",
                          {"pairs": ""}), alts
        alts = tuple(Reason("overlap", "{day} {start}-{end} ({minutes} min, {tz})",
                            {"day": _day_name(d), "start": format_clock(a), "end": format_clock(b),
                             "minutes": n, "tz": tzname}) for n, d, a, b in runs[:3])
        return Reason("short_overlap", "overlap only {minutes} min on {day}; a session needs {need} min",
                      {"minutes": best[0], "day": _day_name(best[1]), "need": length}), alts
    if both:
        wh = ctx.program.working_hours
        runs = [(b - a, d, a, b) for d in range(7) for a, b in _day_runs(both, d)]
        runs.sort(key=lambda r: (-r[0], r[1], r[2]))
        alts = tuple(Reason("outside", "{day} {start}-{end} ({minutes} min, {tz})",
                            {"day": _day_name(d), "start": format_clock(a), "end": format_clock(b),
                             "minutes": n, "tz": tzname}) for n, d, a, b in runs[:3])
        return Reason("outside_hours", "they are both free only outside the working hours ({days} {start}-{end})",
                      {"days": ", ".join(_day_name(d) for d in wh.days), "start": format_clock(wh.start),
                       "end": format_clock(wh.end)}), alts
    gaps: list[tuple[int, int, int, int, int, int]] = []
    for d in range(7):
        for a1, b1 in _day_runs(sm, d):
            for a2, b2 in _day_runs(jm, d):
                gaps.append((max(a2 - b1, a1 - b2), d, a1, b1, a2, b2))
    gaps.sort()
    alts = tuple(Reason("gap", "{day}: the senior is free {s_start}-{s_end}, the junior {j_start}-{j_end} "
                               "({gap} min apart, {tz})",
                        {"day": _day_name(d), "s_start": format_clock(a1), "s_end": format_clock(b1),
                         "j_start": format_clock(a2), "j_end": format_clock(b2), "gap": g, "tz": tzname})
                 for g, d, a1, b1, a2, b2 in gaps[:3])
    if not alts:
        alts = (Reason("days", "the senior is free on {senior_days}; the junior on {junior_days}",
                       {"senior_days": ", ".join(_day_name(d) for d in sorted({w.day for w in s.availability})),
                        "junior_days": ", ".join(_day_name(d) for d in sorted({w.day for w in j.availability}))}),)
    return Reason("no_overlap", "their availability windows never overlap"), alts


def _components(cands: list[_Cand]) -> list[list[_Cand]]:
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for c in cands:
        a, b = find("s:" + c.senior.id), find("j:" + c.junior.id)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[str, list[_Cand]] = {}
    for c in cands:
        groups.setdefault(find("s:" + c.senior.id), []).append(c)
    return [sorted(g, key=lambda c: (_n_plans(c), c.pair.pair_id)) for g in groups.values()]


def _assign(group: list[_Cand], length: int, periods: int, day_order: Sequence[int]) -> dict[int, Plan]:
    """Plans for a group of pairs sharing people: as many pairs as possible, earliest slots first."""
    best: dict[int, Plan] = {}
    chosen: dict[int, Plan] = {}
    nodes = 0
    done = False

    def people(c: _Cand) -> tuple[str, str]:
        return ("s:" + c.senior.id, "j:" + c.junior.id)

    booked: dict[str, list[Plan]] = {}

    def go(i: int) -> None:
        nonlocal nodes, done, best
        if done:
            return
        if len(chosen) + (len(group) - i) <= len(best):
            return  # cannot beat the best found
        if i == len(group):
            best = dict(chosen)
            done = len(best) == len(group)
            return
        c = group[i]
        for plan in _plans_of(c, periods, day_order):
            nodes += 1
            if nodes > SEARCH_NODES:
                done = True
                return
            keys = people(c)
            if any(_clash(plan, other, length) for key in keys for other in booked.get(key, ())):
                continue
            chosen[c.index] = plan
            for key in keys:
                booked.setdefault(key, []).append(plan)
            go(i + 1)
            for key in keys:
                booked[key].pop()
            del chosen[c.index]
            if done:
                return
        go(i + 1)  # leave this pair out

    go(0)
    return best


# --------------------------------------------------------------------------- agenda


_DEFAULT_AGENDA: dict[str, tuple[str, str, str]] = {
    "first": (
        "Getting to know each other",
        "Introduce yourselves, agree on confidentiality (what is said in the pair stays in the pair) "
        "and set the pair's goals for the program",
        "Senior: write down three things you want to learn. Junior: sketch the topics you can show and how",
    ),
    "midpoint": (
        "Midpoint check-in",
        "Compare progress with the goals set at the first session and adjust the plan for the second half",
        "Each of you: note one thing that works and one to change; senior: start the mini-portfolio",
    ),
    "last": (
        "Mini-portfolio review",
        "The senior presents the mini-portfolio: what they tried, learned and launched; agree how to keep going",
        "Both: fill in the final survey and send the mini-portfolio to HR",
    ),
}
_REGULAR_TOPIC = (
    "Session {n} of {total}: {topic}",
    "Work through «{topic}» hands-on: the junior shows, the senior tries it on a real work task",
    "Apply one thing from today in your own work and bring the result",
)
_REGULAR_PLAIN = (
    "Session {n} of {total}: practice",
    "Work through one of the pair's goals hands-on: the junior shows, the senior tries it on a real work task",
    "Apply one thing from today in your own work and bring the result",
)
_BEFORE_LAST = "Prepare the mini-portfolio for the final session: what you tried and what came of it"


def session_kind(n: int, total: int) -> str:
    """``first``, ``midpoint``, ``last`` or ``regular`` for session ``n`` of ``total``."""
    if n == 1:
        return "first"
    if n == total:
        return "last"
    if total >= 3 and n == (total + 1) // 2:
        return "midpoint"
    return "regular"


class _Fill(dict[str, object]):
    def __missing__(self, key: str) -> str:  # checked up front; never reached for valid templates
        return "{" + key + "}"


def check_agenda(program: Program) -> None:
    """Reject agenda overrides with unknown or malformed placeholders (exit 2, with the field path)."""
    for kind in ("first", "regular", "midpoint", "last"):
        item: AgendaItem | None = getattr(program.agenda, kind)
        if item is None:
            continue
        for fname in ("title", "goal", "assignment"):
            text = getattr(item, fname)
            path = f"agenda.{kind}.{fname}"
            try:
                names = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
            except ValueError:
                raise InputError("unbalanced braces", location=Location(path=path),
                                 hint="write {{ and }} for literal braces", path=path) from None
            for name in names:
                if name not in PLACEHOLDERS:
                    raise InputError("unknown placeholder {{{name}}}", location=Location(path=path),
                                     hint="use {allowed}", path=path, name=name,
                                     allowed=", ".join("{" + p + "}" for p in PLACEHOLDERS))


def agenda_text(program: Program, kind: str, n: int, total: int, senior: str, junior: str,
                topic: str | None) -> tuple[str, str, str]:
    """Title, goal and assignment of one session: the program's override, else the default."""
    params = {"n": n, "total": total, "senior": senior, "junior": junior, "topic": topic or ""}
    item: AgendaItem | None = getattr(program.agenda, kind)
    if item is not None:
        fill = _Fill(params)
        return (item.title.format_map(fill), item.goal.format_map(fill), item.assignment.format_map(fill))
    t, g, a = _default_templates(kind, n, total, topic)
    return tr(t, **params), tr(g, **params), tr(a, **params)


def _default_templates(kind: str, n: int, total: int, topic: str | None) -> tuple[str, str, str]:
    """The built-in (English) title, goal and assignment templates for a session."""
    if kind != "regular":
        return _DEFAULT_AGENDA[kind]
    t, g, a = _REGULAR_TOPIC if topic else _REGULAR_PLAIN
    return (t, g, _BEFORE_LAST) if n == total - 1 else (t, g, a)


class _AgendaMaker:
    """:func:`agenda_text` for many sessions: default templates are translated once, not per session."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.translated: dict[str, str] = {}
        # (kind, n, total, topic) -> the texts, when they name nobody: 5,000 pairs share a few dozen
        self.made: dict[tuple[Any, ...], tuple[str, str, str]] = {}

    def _t(self, template: str) -> str:
        out = self.translated.get(template)
        if out is None:
            out = self.translated[template] = tr(template)  # no params: the translated template itself
        return out

    def __call__(self, kind: str, n: int, total: int, senior: str, junior: str,
                 topic: str | None) -> tuple[str, str, str]:
        if getattr(self.program.agenda, kind) is not None:
            return agenda_text(self.program, kind, n, total, senior, junior, topic)
        key = (kind, n, total, topic)
        hit = self.made.get(key)
        if hit is not None:  # the texts name nobody: the same for every pair
            return hit
        t, g, a = (self._t(x) for x in _default_templates(kind, n, total, topic))
        fill = _Fill({"n": n, "total": total, "senior": senior, "junior": junior, "topic": topic or ""})
        out = t.format_map(fill), g.format_map(fill), a.format_map(fill)
        if not _names_people((t, g, a)):
            self.made[key] = out
        return out


def _names_people(templates: Iterable[str]) -> bool:
    """Whether a template may put a person's name in: a replacement field (or a field nested in a
    format spec) that mentions ``senior`` or ``junior``. Over-cautious is only slower."""
    return any(_NAME_FIELD.search(t) is not None for t in templates)


_NAME_FIELD = re.compile(r"\{[^{}]*?(senior|junior)")


# --------------------------------------------------------------------------- the schedule


def schedule(pairs: Sequence[PairLike], roster: Roster, program: Program, *,
             today: date | None = None) -> Schedule:
    """Give every pair a weekly slot and dated sessions with an agenda.

    Args:
        pairs: the pairs (from ``pairs.csv`` or :func:`rmentor.core.matching.match`).
        roster: the people; every pair's ids must be in it.
        program: dates, cadence, time zone, working hours, days off and agenda.
        today: only used when the program has no start date (start = the next Monday).

    Returns:
        A :class:`Schedule`; pairs that cannot be placed are in ``unscheduled`` with a reason.
    """
    check_agenda(program)
    start, end, periods, warns = program_period(program, today=today)
    warnings = list(warns)
    step = 7 * program.cadence_weeks
    last_day = start + timedelta(days=step * periods + step + 7)
    off = days_off(program, start, last_day)
    wh = program.working_hours
    work = 0
    for d in sorted(set(wh.days)):
        work |= _interval_bits(d * 1440 + wh.start, d * 1440 + wh.end)
    ctx = _Ctx(program, _zone(program.timezone), start, periods, program.session_minutes, off, work)

    seniors = {p.id: p for p in roster.seniors}
    juniors = {p.id: p for p in roster.juniors}
    seen: set[str] = set()
    cands: list[_Cand] = []
    for i, pair in enumerate(sorted(pairs, key=lambda p: p.pair_id)):
        if pair.pair_id in seen:
            raise InputError("pair id '{id}' is used twice", hint="give every pair its own id", id=pair.pair_id)
        seen.add(pair.pair_id)
        s, j = seniors.get(pair.senior), juniors.get(pair.junior)
        if s is None or j is None:
            missing = pair.senior if s is None else pair.junior
            raise InputError("pair {id}: '{ref}' is not in the roster", hint="fix the pairs or the roster",
                             id=pair.pair_id, ref=missing)
        valid = _pair_valid(ctx, s, j)
        if all(valid):
            common = _common(valid)
            cands.append(_Cand(i, pair, s, j, common, [] if common else _patched_plans(valid)))
        else:
            cands.append(_Cand(i, pair, s, j, 0, [], _explain(ctx, s, j, valid)))

    chosen: dict[int, Plan] = {}
    # Weekdays that meet fewer days off come first: the same weekly slot then needs fewer moves.
    hits = [sum(ctx.date_of(k, wd) in off for k in range(periods)) for wd in range(7)]
    day_order = sorted(range(7), key=lambda wd: (hits[wd], wd))
    for group in _components([c for c in cands if c.common or c.patched]):
        chosen.update(_assign(group, ctx.length, periods, day_order))

    placed = [(c, chosen[c.index]) for c in cands if c.index in chosen]
    placed_by: dict[str, set[str]] = {}  # person id -> ids of their placed pairs
    for o, _ in placed:
        placed_by.setdefault(o.senior.id, set()).add(o.pair.pair_id)
        placed_by.setdefault(o.junior.id, set()).add(o.pair.pair_id)
    unscheduled: list[Unscheduled] = []
    for c in cands:
        if c.index in chosen:
            continue
        reason, alts = c.failure or _explain(ctx, c.senior, c.junior, _pair_valid(ctx, c.senior, c.junior))
        if reason.code == "taken":
            others = sorted(placed_by.get(c.senior.id, set()) | placed_by.get(c.junior.id, set()))
            reason = Reason("taken", "every common slot is taken by another session of the same person ({pairs})",
                            {"pairs": ", ".join(others)})
        unscheduled.append(Unscheduled(c.pair.pair_id, c.senior, c.junior, reason, alts))

    result_pairs = _materialize(ctx, placed, warnings)
    used = {d: o for d, o in off.items() if start <= d < end + timedelta(days=step)}
    return Schedule(
        program=program, timezone=program.timezone, start=start, end=end, periods=periods,
        pairs=tuple(result_pairs), unscheduled=tuple(unscheduled),
        days_off=tuple(used[d] for d in sorted(used)), warnings=tuple(warnings),
    )


@dataclass
class _Draft:
    period: int
    start: datetime
    planned: datetime
    moved_because: str | None = None
    outside_windows: bool = False


def _materialize(ctx: _Ctx, placed: list[tuple[_Cand, Plan]], warnings: list[Issue]) -> list[PairSchedule]:
    """Dates for every placed pair: regular sessions first, then moves in date order."""
    length = timedelta(minutes=ctx.length)
    # Sessions end by midnight (working hours), so clashes can only happen on the same program day.
    busy: dict[tuple[str, date], list[tuple[datetime, datetime]]] = {}

    def free(keys: Iterable[str], at: datetime) -> bool:
        stop, day = at + length, at.date()
        return not any(a < stop and at < b for key in keys for a, b in busy.get((key, day), ()))

    def book(keys: Iterable[str], at: datetime) -> None:
        span, day = (at, at + length), at.date()
        for key in keys:
            busy.setdefault((key, day), []).append(span)

    drafts: dict[str, list[_Draft]] = {}
    moves: list[tuple[datetime, str, int, _Cand, str]] = []
    planned_of: dict[tuple[str, int], datetime] = {}
    for c, plan in placed:
        keys = ("s:" + c.senior.id, "j:" + c.junior.id)
        # The week masks are exact for people in the program's own zone; others get the zoneinfo check.
        check = [p for p in (c.senior, c.junior) if (p.timezone or ctx.program.timezone) != ctx.program.timezone]
        drafts[c.pair.pair_id] = []
        for k, minute in enumerate(plan):
            day = ctx.date_of(k, minute // 1440)
            at = ctx.at(day, minute % 1440)
            nominal = at or datetime.combine(day, time((minute % 1440) // 60, minute % 60), tzinfo=ctx.ptz)
            planned_of[(c.pair.pair_id, k)] = nominal
            why = None
            if day in ctx.off:
                why = ctx.off[day].name
            elif at is None or (check and not all(ctx.fits(p, at) for p in check)):
                why = tr("a participant's local day off or a clock change")
            if why is None and at is not None:
                drafts[c.pair.pair_id].append(_Draft(k, at, at))
                book(keys, at)
            else:
                moves.append((nominal, c.pair.pair_id, k, c, why or ""))

    skipped: dict[str, list[Skipped]] = {}
    policy = ctx.program.day_off_policy
    step = timedelta(days=7 * ctx.program.cadence_weeks)
    for nominal, pid, k, c, why in sorted(moves, key=lambda m: (m[0], m[1])):
        if policy == "skip":
            skipped.setdefault(pid, []).append(Skipped(pid, k, nominal, why))
            continue
        keys = ("s:" + c.senior.id, "j:" + c.junior.id)
        nxt = planned_of.get((pid, k + 1))
        limit = nxt.date() if nxt is not None else nominal.date() + step
        found = _shift(ctx, c, nominal, limit, partial(free, keys))
        if found is None:
            skipped.setdefault(pid, []).append(
                Skipped(pid, k, nominal, tr("{why}; no free working day before the next session", why=why)))
            warnings.append(Issue("{pair}: the session of {date} falls on a day off ({why}) and no free working "
                                  "day was found before the next one; it is dropped",
                                  {"pair": pid, "date": nominal.date().isoformat(), "why": why},
                                  hint="add availability windows on other days, or add a blackout-free week"))
            continue
        at, outside = found
        if outside:
            warnings.append(Issue("{pair}: the session of {date} ({why}) moved to {new}, outside the windows one "
                                  "of them gave; ask the pair to confirm",
                                  {"pair": pid, "date": nominal.date().isoformat(), "why": why,
                                   "new": at.strftime("%Y-%m-%d %H:%M")},
                                  hint="add availability windows on more days to avoid this"))
        drafts[pid].append(_Draft(k, at, nominal, why, outside))
        book(keys, at)

    out: list[PairSchedule] = []
    agenda = _AgendaMaker(ctx.program)
    for c, plan in placed:
        pid = c.pair.pair_id
        items = sorted(drafts[pid], key=lambda d: d.start)
        total = len(items)
        sessions: list[Session] = []
        regular_index = 0
        topics = c.pair.shared_topics
        for n, d in enumerate(items, start=1):
            kind = session_kind(n, total)
            topic = None
            if kind == "regular" and topics:
                topic = topics[regular_index % len(topics)]
                regular_index += 1
            title, goal, assignment = agenda(kind, n, total, c.senior.name, c.junior.name, topic)
            sessions.append(Session(pid, n, total, kind, d.period, d.start, d.start + length, d.planned,
                                    d.moved_because, title, goal, assignment, d.outside_windows))
        counts: dict[int, int] = {}
        for m in plan:
            counts[m] = counts.get(m, 0) + 1
        main = min(counts, key=lambda m: (-counts[m], m))
        out.append(PairSchedule(pid, c.senior, c.junior, tuple(topics), main // 1440, main % 1440,
                                len(counts) > 1, tuple(sessions), tuple(skipped.get(pid, ()))))
        if len(counts) > 1:
            warnings.append(Issue("{pair}: the weekly time changes in some weeks because the clocks change; "
                                  "see sessions.csv", {"pair": pid}))
    return out


def _shift(ctx: _Ctx, c: _Cand, nominal: datetime, limit: date,
           check: Callable[[datetime], bool]) -> tuple[datetime, bool] | None:
    """Where a session on a day off goes: the nearest following working day before ``limit``.

    In order of preference: the same time on a day both people are available; another
    time (nearest to the usual one) on such a day; and, as the last resort, the same
    time on the nearest working day even outside someone's windows (the flag is True
    then, so the pair can be told to confirm). Never a day off, never a clash.
    """
    minute = nominal.hour * 60 + nominal.minute
    days: list[date] = []
    day = nominal.date() + timedelta(days=1)
    while day < limit:
        if ctx.working(day):
            days.append(day)
        day += timedelta(days=1)

    # Someone in the program's zone with no window on a weekday fits no time on that day: those days
    # are left out of the two searches inside the windows (the same answers, far fewer checks).
    local = [ctx.windows_by_day(p) for p in (c.senior, c.junior)
             if (p.timezone or ctx.program.timezone) == ctx.program.timezone]
    in_windows = [day for day in days if all(day.weekday() in w for w in local)]

    def ok(day: date, m: int, windows: bool = True) -> datetime | None:
        at = ctx.at(day, m)
        if at is None or not check(at):
            return None
        if windows and not (ctx.fits(c.senior, at) and ctx.fits(c.junior, at)):
            return None
        return at

    for day in in_windows:
        at = ok(day, minute)
        if at is not None:
            return at, False
    starts = ctx.starts_near(minute)
    for day in in_windows:
        for m in starts:
            at = ok(day, m)
            if at is not None:
                return at, False
    for day in days:
        at = ok(day, minute, windows=False)
        if at is not None:
            return at, True
    return None


def require_scheduled(result: Schedule, *, allow_partial: bool = False) -> None:
    """Raise :class:`InfeasibleError` (exit 3) naming every unscheduled pair, its reason and alternatives.

    With ``allow_partial`` the schedule is accepted as long as at least one pair has sessions.
    """
    if not result.unscheduled or (allow_partial and result.pairs):
        return
    raise InfeasibleError(
        "{count} pair(s) cannot be scheduled (times in {tz})",
        issues=[Issue("{pair} ({senior} / {junior}): {reason}{alternatives}",
                      {"pair": u.pair_id, "senior": u.senior.id, "junior": u.junior.id,
                       "reason": u.reason.render(),
                       "alternatives": "".join("; " + a.render() for a in u.alternatives)})
                for u in result.unscheduled],
        hint="widen their availability windows or the working hours, change the pairs, "
             "or use --allow-partial to schedule the others",
        count=len(result.unscheduled), tz=result.timezone,
    )
