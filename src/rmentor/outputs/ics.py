"""iCalendar (RFC 5545) files and iTIP (RFC 5546) invitations, made with the ``icalendar`` library.

Two kinds of calendar, for two readers:

* ``calendar.ics`` is HR's overview: ``METHOD:PUBLISH``, one event per session,
  ``TRANSP:TRANSPARENT`` and no attendees, so importing it neither makes HR busy all day
  nor looks like a meeting anyone must answer. Its UIDs are its own (per session), so it
  never collides with the invitations in the organizer's mailbox.
* A pair's calendar (``ics/<pair_id>.ics`` and the invitations ``invite`` sends) is one
  :class:`PairEvent`: one UID for the pair's series (a weekly ``RRULE``, ``RECURRENCE-ID``
  overrides for moved sessions, ``EXDATE`` for the occurrences without a session), or one
  UID per session when the sessions do not form a series. Both people are
  ``REQ-PARTICIPANT``/``NEEDS-ACTION``/``RSVP=TRUE``; ORGANIZER is the program mailbox.

DTSTAMP is the time the file is made; ``SOURCE_DATE_EPOCH`` pins it for reproducible
builds and tests. VTIMEZONE is built from ``zoneinfo`` transitions (each onset in the
local time before the change, as RFC 5545 requires) and limited to the program years.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from operator import itemgetter
from typing import Any

from rmentor.core.scheduling import PairSchedule, Schedule, Session
from rmentor.core.series import Series, make_uid, series_of
from rmentor.i18n import fill, tr
from rmentor.model import Organizer, Person, Program, parse_duration_minutes
from rmentor.outputs.files import pair_file_names, safe_filename
from rmentor.outputs.icswrite import (  # = .to_ical(), byte for byte, faster
    component_bytes,
    component_order,
    escape_text,
    fold,
    ical_bytes,
    moment_line,
    property_line,
    text_line,
    value_line,
)

PRODID = "-//rmentor//reverse mentoring schedule//EN"

# Every user text that enters a property or a parameter goes through ics_text (icalendar then
# escapes , ; \\ and line breaks for values, quotes parameters): the model already refuses control
# characters in one-line fields, and this boundary holds even for text that did not come from it.
_ICS_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def ics_text(value: object, *, multiline: bool = False) -> str:
    """``value`` as text safe for an iCalendar property or parameter: no control or bidi
    characters, and line breaks only where the property is multi-line (DESCRIPTION)."""
    text = _ICS_CONTROL.sub(" ", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = " ".join(text.split())
    return text


# What must never reach a file: C0 controls but TAB, and DEL (CR and LF only as a CRLF pair), C1 controls
# (U+0080-U+009F) and the line/paragraph separators and bidi overrides (U+2028-U+202E, U+2066-U+2069).
_NOT_C0 = bytes(b for b in range(256) if b >= 0x20 and b != 0x7F)  # translate() deletes these: C0 and DEL stay
# one pattern per lead: a pattern that starts with a literal is searched for at C speed (an alternation
# is tried at every byte, ten times slower on a 40 MB calendar)
_BAD_MULTIBYTE = (re.compile(rb"\xc2[\x80-\x9f]"), re.compile(rb"\xe2\x80[\xa8-\xae]"),
                  re.compile(rb"\xe2\x81[\xa6-\xa9]"))


def _bad_bytes(data: bytes) -> bool:
    """A control character, a bare CR or LF, or a separator or bidi character in UTF-8 ``data``.

    Three C-speed passes instead of one regular expression with look-arounds at every byte (a
    calendar of 5,000 pairs is 40 MB): every CR and LF is in a CRLF pair exactly when the three
    counts agree; what is left of C0 once TAB, CR and LF go is forbidden; the rest are multi-byte.
    """
    crlf = data.count(b"\r\n")
    if data.count(b"\r") != crlf or data.count(b"\n") != crlf:
        return True
    if data.translate(None, _NOT_C0).translate(None, b"\t\r\n"):
        return True
    return any(p.search(data) is not None for p in _BAD_MULTIBYTE)


# a line's start as the line break before it (a literal to search for, not "^" tried at every byte)
_COMPONENT = re.compile(rb"\n(BEGIN|END):([A-Za-z-]+)\r$", re.MULTILINE)


def check_ics(data: bytes) -> bytes:
    """``data`` when every line ends in CRLF, no control character is left and components nest
    (no injected line or event); otherwise a bug: raise (exit 1) rather than write it."""
    if _bad_bytes(data) or not data.endswith(b"\r\n"):
        raise RuntimeError("a control character or a bare line break reached an iCalendar file")
    depth: list[bytes] = []
    for kind, name in _COMPONENT.findall(b"\n" + data):
        if kind == b"BEGIN":
            depth.append(name)
        elif not depth or depth.pop() != name:
            raise RuntimeError("unbalanced iCalendar components")
    if depth:
        raise RuntimeError("unbalanced iCalendar components")
    return data


# ---------------------------------------------------------------- what a pair's calendar says


@dataclass(frozen=True)
class Occurrence:
    """One live session inside a :class:`PairEvent`."""

    number: int
    total: int
    recurrence_id: datetime | None  # the series occurrence it stands for (None: a standalone event)
    start: datetime
    end: datetime
    planned: datetime
    moved_because: str | None
    title: str
    goal: str
    assignment: str


@dataclass(frozen=True)
class PairEvent:
    """One calendar object of a pair: a series with overrides, or one standalone session."""

    uid: str
    pair_id: str
    senior: Person
    junior: Person
    series: Series | None
    minutes: int
    occurrences: tuple[Occurrence, ...]  # live sessions only
    exdates: tuple[datetime, ...] = ()   # occurrences of the series with no live session
    sequence: int = 0                    # the revision a client holds once it has this version

    def state(self) -> dict[str, Any]:
        """What this event says, as plain data: equal states mean the same calendar (SEQUENCE aside)."""
        return {
            "uid": self.uid, "pair": self.pair_id,
            "people": [[p.id, p.name, p.email] for p in (self.senior, self.junior)],
            "series": None if self.series is None else
            [self.series.start.isoformat(), self.series.interval_weeks, self.series.count],
            "minutes": self.minutes,
            "occurrences": {key(o): [o.start.isoformat(), o.end.isoformat(), o.moved_because or ""]
                            for o in self.occurrences},
            "exdates": sorted(d.isoformat() for d in self.exdates),
        }


def comparable(state: dict[str, Any]) -> dict[str, Any]:
    """A state without its EXDATEs: they follow from the series and its occurrences."""
    return {k: v for k, v in state.items() if k != "exdates"}


def digest(state: dict[str, Any]) -> str:
    """A hash of what an event says (equal for equal calendars, SEQUENCE aside)."""
    import json

    return hashlib.sha256(json.dumps(comparable(state), sort_keys=True).encode()).hexdigest()


def key(o: Occurrence) -> str:
    """The identity of an occurrence inside its event: its RECURRENCE-ID, or ``single``."""
    return o.recurrence_id.isoformat() if o.recurrence_id is not None else "single"


def events_from_schedule(schedule: Schedule) -> list[PairEvent]:
    """The pair calendars of a schedule (no ledger): the same UIDs ``plan`` puts in the ledger."""
    program = schedule.program
    out: list[PairEvent] = []
    for ps in sorted(schedule.pairs, key=lambda p: p.pair_id):
        if not ps.sessions:
            continue
        sessions = ps.sessions
        series = series_of([s.period for s in sessions], [s.start for s in sessions], sessions[0].planned,
                           ps.weekday, ps.start_minute, program.cadence_weeks)
        # every occurrence of the series, each made once (a session's is the one of its period)
        every = [series.occurrence(i) for i in range(series.count)] if series is not None else []
        occ = []
        for s in sessions:
            rid = every[s.period - sessions[0].period] if series is not None else None
            occ.append(Occurrence(s.number, s.total, rid, s.start, s.end, s.planned, s.moved_because, s.title,
                                  s.goal, s.assignment))
        if series is not None:
            uid = make_uid(program.name, ps.pair_id, ps.senior.id, ps.junior.id, "series")
            taken = {o.recurrence_id for o in occ}
            ex = tuple(d for d in every if d not in taken)
            out.append(PairEvent(uid, ps.pair_id, ps.senior, ps.junior, series, program.session_minutes,
                                 tuple(occ), ex))
        else:
            for s, o in zip(sessions, occ, strict=True):
                uid = make_uid(program.name, ps.pair_id, ps.senior.id, ps.junior.id, f"period-{s.period}")
                out.append(PairEvent(uid, ps.pair_id, ps.senior, ps.junior, None, program.session_minutes, (o,)))
    return out


# ---------------------------------------------------------------- shared pieces


def dtstamp() -> datetime:
    """Now (UTC, whole seconds), or ``SOURCE_DATE_EPOCH`` when set (reproducible builds and tests)."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw.isdigit():
        return datetime.fromtimestamp(int(raw), tz=timezone.utc)
    return datetime.now(timezone.utc).replace(microsecond=0)


def organizer_of(program: Program, fallback: Person | None = None) -> Organizer:
    """The program mailbox; without one, the pair's junior (who runs the sessions), or a placeholder."""
    if program.organizer is not None:
        return program.organizer
    if fallback is not None and fallback.email:
        return _organizer(fallback.name, fallback.email)
    return _organizer(program.name, "organizer@invalid.invalid")


@lru_cache(maxsize=32_768)
def _organizer(name: str, email: str) -> Organizer:
    """``Organizer(name=..., email=...)``, validated once per person (a frozen model: shared safely);
    a calendar asks for the junior of each pair twice (a refused value raises each time: not cached)."""
    return Organizer(name=name, email=email)


def _address(email: str, name: str, **params: str) -> Any:
    from icalendar import vCalAddress

    addr = vCalAddress(ics_text(f"mailto:{email}"))
    addr.params["cn"] = ics_text(name)
    for k, v in params.items():
        addr.params[k] = v
    return addr


@lru_cache(maxsize=32_768)
def _person_line(name: str, email: str, person: str, attendee: bool) -> bytes:
    """``ORGANIZER``/``ATTENDEE`` of one person, as icalendar serialises it without a component (what
    ``add(..., encode=False)`` stores): the calendar and the pair files repeat each person's line.

    icalendar writes a property's parameters one by one, sorted by name, joined by ``;``: so the
    person's ``CN`` and address are written by icalendar once (:func:`_person_parts`) and the
    attendee's constant parameters, which sort after ``CN``, once per process.
    ``tests/test_icswrite.py`` checks the lines equal icalendar's on hostile names and addresses.
    """
    cn, value = _person_parts(email, person)
    line = f"{name};{cn};{_attendee_params()}:{value}" if attendee else f"{name};{cn}:{value}"
    return fold(line.encode("utf-8"))


@lru_cache(maxsize=32_768)
def _person_parts(email: str, person: str) -> tuple[str, str]:
    """``CN=...`` and the address of a person, as icalendar writes them on an ``ORGANIZER`` line."""
    from icalendar.parser_tools import to_unicode

    addr = _address(email, person)
    # unfolded (a content line holds no line break of its own): "ORGANIZER;" + params + ":" + address
    line = value_line("ORGANIZER", addr).replace(b"\r\n ", b"").decode("utf-8")
    raw = addr.to_ical()
    value = raw if type(raw) is str else to_unicode(raw)
    head = "ORGANIZER;"
    if not (line.startswith(head) and line.endswith(":" + value)):  # pragma: no cover - icalendar's own layout
        raise RuntimeError("icalendar did not write ORGANIZER;CN=...:address")
    return line[len(head): -len(value) - 1], value


@lru_cache(maxsize=1)
def _attendee_params() -> str:
    """The attendee's constant parameters (after ``CN``), written by icalendar."""
    from icalendar.parser.parameter import Parameters

    text = Parameters(role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp="TRUE", cutype="INDIVIDUAL").to_ical()
    return text if type(text) is str else text.decode("utf-8")


def _video(program: Program, pair_id: str) -> str | None:
    video = program.tools.video
    return video.replace("{pair_id}", pair_id) if video else None


@dataclass(frozen=True)
class _Words:
    """The calendars' message templates in the current language, translated once per calendar
    (a calendar of 5,000 pairs repeats them on 65,000 sessions), filled by :func:`rmentor.i18n.fill`."""

    pair: str
    session: str
    goal: str
    before: str
    moved: str
    confirm: str
    chat: str
    board: str
    video: str
    plan: str
    summary: str
    calname: str


def _words() -> _Words:
    return _Words(tr("Pair {pair}: {senior} (senior) and {junior} (junior)"), tr("Session {n} of {total}"),
                  tr("Goal: {goal}"), tr("Before the next session: {assignment}"),
                  tr("Moved from {date} {time} ({why})"),
                  tr("Please confirm this time: it is outside the availability one of you gave"),
                  tr("Chat"), tr("Idea board"), tr("Video call"),
                  tr("The plan of every session: kit/{pair}/session_plan.md"), tr("{program}: {senior} / {junior}"),
                  tr("{program}: {senior} and {junior}"))


def _links(program: Program, pair_id: str, words: _Words | None = None) -> list[str]:
    w = words or _words()
    tools = program.tools
    links = [(w.chat, tools.chat), (w.board, tools.board), (w.video, _video(program, pair_id))]
    return [f"{label}: {url}" for label, url in links if url]


@lru_cache(maxsize=4096)
def _uid_parts(program: str, pair_id: str, senior: str, junior: str) -> tuple[str, str]:
    digest = hashlib.sha256("\x1f".join((program, pair_id, senior, junior)).encode("utf-8")).hexdigest()[:16]
    return safe_filename(pair_id), digest


def session_uid(schedule: Schedule, pair: PairSchedule, session: Session) -> str:
    """The overview's UID of a session: program, pair and period; not the date (a shift keeps the UID)."""
    name, digest = _uid_parts(schedule.program.name, pair.pair_id, pair.senior.id, pair.junior.id)
    return f"{name}-{session.period + 1:03d}-{digest}@rmentor"


def description(schedule: Schedule, pair: PairSchedule, session: Session, words: _Words | None = None) -> str:
    """The overview's event text: program, pair, session, goal, assignment, moves and the program's links."""
    w = words or _words()
    lines = [
        schedule.program.name,
        fill(w.pair, pair=pair.pair_id, senior=pair.senior.name, junior=pair.junior.name),
        fill(w.session, n=session.number, total=session.total),
        "",
        fill(w.goal, goal=session.goal),
        fill(w.before, assignment=session.assignment),
    ]
    if session.moved_because:
        lines += ["", fill(w.moved, date=session.planned.date().isoformat(), time=session.planned.strftime("%H:%M"),
                            why=session.moved_because)]
    if session.outside_windows:
        lines.append(w.confirm)
    shown = _links(schedule.program, pair.pair_id, w)
    if shown:
        lines += ["", *shown]
    return "\n".join(lines)


# ---------------------------------------------------------------- VTIMEZONE


def _transitions(zone: Any, first: date, last: date) -> list[tuple[datetime, timedelta, timedelta, str]]:
    """``(utc instant, offset before, offset after, name after)`` for every change of offset in the range."""
    out = []
    t = datetime(first.year, first.month, first.day, tzinfo=timezone.utc)
    end = datetime(last.year, last.month, last.day, tzinfo=timezone.utc)
    step = timedelta(days=1)
    prev = t.astimezone(zone).utcoffset()
    while t < end:
        nxt = t + step
        off = nxt.astimezone(zone).utcoffset()
        if off != prev:
            lo, hi = t, nxt  # bisect to the minute: the offset changes somewhere in (lo, hi]
            while hi - lo > timedelta(minutes=1):
                mid = lo + (hi - lo) / 2
                if mid.astimezone(zone).utcoffset() == prev:
                    lo = mid
                else:
                    hi = mid
            hi = hi.replace(second=0, microsecond=0)
            assert prev is not None and off is not None
            out.append((hi, prev, off, hi.astimezone(zone).tzname() or ""))
            prev = off
        t = nxt
    return out


@lru_cache(maxsize=16)
def vtimezone(tzid: str, first: date, last: date) -> bytes:
    """The VTIMEZONE of ``tzid`` between two dates, as icalendar components (cached bytes).

    Each STANDARD/DAYLIGHT onset is the wall-clock time *before* the change (RFC 5545
    3.6.5): Berlin springs forward at 02:00 local, ``DTSTART:20270328T020000``.
    """
    from zoneinfo import ZoneInfo

    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    zone = ZoneInfo(tzid)
    tz = Timezone()
    tz.add("tzid", tzid)
    start = datetime(first.year, first.month, first.day, tzinfo=timezone.utc).astimezone(zone)
    offset = start.utcoffset()
    assert offset is not None
    dst = start.dst()

    def part(onset: datetime, before: timedelta, after: timedelta, name: str, daylight: bool) -> Any:
        comp = TimezoneDaylight() if daylight else TimezoneStandard()
        comp.add("dtstart", onset)
        comp.add("tzname", name)
        comp.add("tzoffsetfrom", before)
        comp.add("tzoffsetto", after)
        return comp

    tz.add_component(part(datetime(first.year, first.month, first.day), offset, offset, start.tzname() or tzid,
                          bool(dst)))
    for instant, before, after, name in _transitions(zone, first, last):
        onset = (instant + before).replace(tzinfo=None)  # local time before the change
        is_dst = bool(instant.astimezone(zone).dst())
        tz.add_component(part(onset, before, after, name, is_dst))
    data: bytes = ical_bytes(tz)
    return data


def _tz_bytes(tzid: str, first: datetime, last: datetime) -> bytes:
    # whole years around the program keep the block identical across runs and small
    return vtimezone(tzid, date(first.year, 1, 1), date((last + timedelta(days=400)).year, 1, 1))


def _wrap(head_props: Sequence[tuple[str, Any]], tzid: str, span: tuple[datetime, datetime],
          events: Iterable[bytes]) -> bytes:
    """A VCALENDAR around already serialised VEVENTs, as :func:`_wrap_icalendar` writes it.

    The calendar's own lines are written by icalendar one property at a time (the constant ones
    once per process, :func:`property_line`), so a file per pair does not build a ``Calendar``.
    ``tests/test_icswrite.py`` checks the two give the same bytes on hostile names.
    """
    lines = {name.upper(): property_line(name, value, (name, str, value)) for name, value in _CALENDAR_HEAD}
    for name, value in head_props:
        text = ics_text(value)
        if name == "x-wr-calname":  # the pair's own: typed as Calendar.add types it, written by icalendar
            from icalendar import Calendar

            encode: Any = Calendar._encode  # what Calendar.add does to a value (typed, not stored)
            lines[name.upper()] = value_line(name.upper(), encode(name, text))
        else:  # the program's constants repeat on every file
            lines[name.upper()] = property_line(name, text, (name, str, text))
    head = component_bytes("VCALENDAR", lines, _CALENDAR_ORDER)
    end = b"END:VCALENDAR\r\n"
    return check_ics(b"".join([head[: -len(end)], _tz_bytes(tzid, *span), *events, end]))


_CALENDAR_HEAD = (("prodid", PRODID), ("version", "2.0"), ("calscale", "GREGORIAN"))
_CALENDAR_ORDER = ("VERSION", "PRODID", "CALSCALE", "METHOD", "DESCRIPTION", "X-WR-CALDESC", "NAME",
                   "X-WR-CALNAME")  # icalendar's Calendar.canonical_order (a test pins it)


def _wrap_icalendar(head_props: Sequence[tuple[str, Any]], tzid: str, span: tuple[datetime, datetime],
                    events: Iterable[bytes]) -> bytes:
    """:func:`_wrap` through an icalendar ``Calendar`` (the oracle the tests compare it with).

    Each event is serialised once by icalendar and spliced in: a calendar's serialisation
    is its properties followed by its components, so this is exactly what icalendar writes.
    """
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    for name, value in head_props:
        cal.add(name, ics_text(value))
    head: bytes = ical_bytes(cal)
    end = b"END:VCALENDAR\r\n"
    if not head.endswith(end):
        raise RuntimeError("icalendar did not end the calendar with END:VCALENDAR")
    return check_ics(b"".join([head[: -len(end)], _tz_bytes(tzid, *span), *events, end]))


# ---------------------------------------------------------------- HR's overview


def _overview_event(schedule: Schedule, pair: PairSchedule, session: Session, stamp: datetime,
                    sequence: int = 0) -> Any:
    from icalendar import Event

    ev = Event()
    ev.add("uid", session_uid(schedule, pair, session))
    ev.add("dtstamp", stamp)
    ev.add("dtstart", session.start)
    ev.add("dtend", session.end)
    ev.add("summary", ics_text(f"{session.title} ({pair.senior.name} / {pair.junior.name})"))
    ev.add("description", ics_text(description(schedule, pair, session), multiline=True))
    video = _video(schedule.program, pair.pair_id)
    if video:
        ev.add("location", ics_text(video))
    org = organizer_of(schedule.program, pair.junior)
    ev.add("organizer", _address(org.email, org.name), encode=False)
    ev.add("sequence", sequence)
    ev.add("status", "CONFIRMED")
    ev.add("transp", "TRANSPARENT")  # an overview: importing it must not make HR busy all day
    ev.add("class", "PRIVATE")  # one-to-one mentoring: confidentiality is part of the agreement
    return ev


def _moment_key(name: str, when: datetime) -> tuple[Any, ...]:
    """What identifies a date-time's line: equal instants in two zones are different lines."""
    return (name, type(when), when.replace(tzinfo=None), repr(when.tzinfo), when.utcoffset(), when.fold)


def _overview_bytes(schedule: Schedule, pair: PairSchedule, session: Session, stamp: datetime,
                    sequence: int = 0, pair_lines: dict[str, bytes] | None = None,
                    words: _Words | None = None) -> bytes:
    """``ical_bytes(_overview_event(...))`` without building the event: per-session text is escaped
    by icalendar's ``vText``, the repeating lines (stamp, times, organiser, constants) are written by
    icalendar once and reused. ``pair_lines``: :func:`_overview_pair_lines` of the pair, when the
    caller has them. ``tests/test_icswrite.py`` checks the bytes are the same on hostile text."""
    lines = dict(pair_lines if pair_lines is not None else _overview_pair_lines(schedule, pair, stamp, sequence))
    lines["UID"] = text_line("UID", session_uid(schedule, pair, session))
    lines["DTSTART"] = moment_line("dtstart", session.start)
    lines["DTEND"] = moment_line("dtend", session.end)
    lines["SUMMARY"] = text_line("SUMMARY", ics_text(f"{session.title} ({pair.senior.name} / {pair.junior.name})"))
    lines["DESCRIPTION"] = text_line("DESCRIPTION", ics_text(description(schedule, pair, session, words),
                                                             multiline=True))
    return component_bytes("VEVENT", lines, _EVENT_ORDER)


def _overview_pair_lines(schedule: Schedule, pair: PairSchedule, stamp: datetime, sequence: int) -> dict[str, bytes]:
    """The lines every overview event of one pair shares: stamp, link, organiser, sequence, constants."""
    lines = {"DTSTAMP": property_line("dtstamp", stamp, _moment_key("dtstamp", stamp))}
    video = _video(schedule.program, pair.pair_id)
    if video:
        lines["LOCATION"] = text_line("LOCATION", ics_text(video))
    org = organizer_of(schedule.program, pair.junior)
    # people differ from pair to pair: serialised by icalendar without a component (what add(encode=False) stores)
    lines["ORGANIZER"] = _person_line("ORGANIZER", org.email, org.name, False)
    lines["SEQUENCE"] = property_line("sequence", sequence, ("sequence", int, sequence))
    for name, value in (("STATUS", "CONFIRMED"), ("TRANSP", "TRANSPARENT"), ("CLASS", "PRIVATE")):
        lines[name] = property_line(name.lower(), value, (name, str, value))
    return lines


_EVENT_ORDER = ("SUMMARY", "DTSTART", "DTEND", "DURATION", "DTSTAMP", "UID", "RECURRENCE-ID", "SEQUENCE", "RRULE",
                "RDATE", "EXDATE")  # icalendar's Event.canonical_order (a test pins it)


class _Overview:
    """Writes the overview's events pair by pair, each piece of text escaped once per calendar.

    ``calendar.ics`` repeats the same lines on every pair: the program name, "Session n of m", each
    session's goal and assignment (one curriculum for all), the links, the times. An event's
    DESCRIPTION is those lines joined by line breaks, and both :func:`ics_text` and icalendar's
    escaping work character by character, except on CR (a CRLF pair becomes one break) and on a
    leading BOM (dropped at the start of the value only): so the escaped value is the escaped
    lines joined by ``\\n``, each line escaped once, unless a line holds a CR (then the whole text
    is escaped as :func:`_overview_bytes` does). The event itself is one bytes template per pair,
    in icalendar's property order, with the pair's constant lines in it. ``tests/test_icswrite.py``
    checks every event equals icalendar's ``Event.to_ical()`` on hostile text.
    """

    def __init__(self, schedule: Schedule, stamp: datetime, words: _Words) -> None:
        self.schedule = schedule
        self.stamp = stamp
        self.words = words
        self.lines: dict[str, str | None] = {}  # a DESCRIPTION line -> escaped (None: it holds a CR)
        self.filled: dict[tuple[Any, ...], str] = {}
        self.times: dict[tuple[Any, ...], bytes] = {}
        self.middles: dict[tuple[Any, ...], str | None] = {}

    def _escaped(self, line: str) -> str | None:
        hit = self.lines.get(line, "")
        if hit == "":
            hit = None if "\r" in line else escape_text(ics_text(line, multiline=True), leading=False)
            if len(self.lines) > 100_000:
                self.lines.clear()
            self.lines[line] = hit
        return hit

    def _fill(self, kind: str, template: str, **params: Any) -> str:
        key = (kind, *params.values())
        hit = self.filled.get(key)
        if hit is None:
            if len(self.filled) > 100_000:
                self.filled.clear()
            hit = self.filled[key] = fill(template, **params)
        return hit

    def _moment(self, name: str, when: datetime) -> bytes:
        key = (name, when.tzinfo, when, when.fold)  # equal instants in one zone: the same wall clock
        hit = self.times.get(key)
        if hit is None:
            hit = self.times[key] = moment_line(name, when)
        return hit

    @staticmethod
    def _template(shared: dict[str, bytes]) -> tuple[bytes, tuple[int, ...]]:
        """``BEGIN:VEVENT ... END:VEVENT`` with the pair's lines in place and ``%b`` for each of
        :data:`_OVERVIEW_OWN`; and where each of those goes (the order of the ``%b``)."""
        lines = {**shared, **dict.fromkeys(_OVERVIEW_OWN, b"")}
        order = component_order(lines, _EVENT_ORDER)
        parts = [b"BEGIN:VEVENT"]
        slots = []
        for k in order:
            if k in _OVERVIEW_OWN:
                parts.append(b"%b")
                slots.append(_OVERVIEW_OWN.index(k))
            else:
                parts.append(shared[k].replace(b"%", b"%%"))
        parts += [b"END:VEVENT", b""]
        return b"\r\n".join(parts), tuple(slots)

    def pair_events(self, pair: PairSchedule, sequence: int) -> list[tuple[datetime, str, bytes]]:
        """``(start, pair id, bytes)`` of each session of ``pair``: ``_overview_bytes`` of each."""
        schedule, w = self.schedule, self.words
        shared = _overview_pair_lines(schedule, pair, self.stamp, sequence)
        template, slots = self._template(shared)
        program = schedule.program.name
        head = [program, fill(w.pair, pair=pair.pair_id, senior=pair.senior.name, junior=pair.junior.name)]
        shown = _links(schedule.program, pair.pair_id, w)
        tail = ["", *shown] if shown else []
        head_esc = [self._escaped(x) for x in head]
        tail_esc = [self._escaped(x) for x in tail]
        pair_ok = None not in head_esc and None not in tail_esc
        before = "\\n".join(head_esc) + "\\n" if pair_ok else ""  # type: ignore[arg-type]
        after = "".join("\\n" + x for x in tail_esc) if pair_ok else ""  # type: ignore[operator]
        if before.startswith("\ufeff"):  # icalendar drops a BOM at the start of the value only
            before = before[1:]
        who = f" ({pair.senior.name} / {pair.junior.name})"
        name, digest_ = _uid_parts(program, pair.pair_id, pair.senior.id, pair.junior.id)
        uid = escape_text(name)  # + "-001-<hex>@rmentor", which has nothing to escape
        pick = itemgetter(*slots)
        out = []
        for session in pair.sessions:
            if session.moved_because:
                middle = self._middle(session)
            else:  # the same on every pair: escaped once per calendar
                key = (session.number, session.total, session.goal, session.assignment, session.outside_windows)
                middle = self.middles.get(key, "")
                if middle == "":
                    middle = self.middles[key] = self._middle(session)
            if pair_ok and middle is not None:
                desc = fold(f"DESCRIPTION:{before}{middle}{after}".encode())
            else:
                desc = text_line("DESCRIPTION", ics_text(description(schedule, pair, session, w), multiline=True))
            own = (text_line("SUMMARY", ics_text(session.title + who)),
                   self._moment("dtstart", session.start), self._moment("dtend", session.end),
                   fold(f"UID:{uid}-{session.period + 1:03d}-{digest_}@rmentor".encode()), desc)
            out.append((session.start, pair.pair_id, template % pick(own)))
        return out

    def _middle(self, session: Session) -> str | None:
        """The escaped lines of a session's DESCRIPTION between the pair's and the links (None: a CR)."""
        w = self.words
        middle = [self._fill("n", w.session, n=session.number, total=session.total), "",
                  self._fill("g", w.goal, goal=session.goal),
                  self._fill("a", w.before, assignment=session.assignment)]
        if session.moved_because:
            middle += ["", fill(w.moved, date=session.planned.date().isoformat(),
                                time=session.planned.strftime("%H:%M"), why=session.moved_because)]
        if session.outside_windows:
            middle.append(w.confirm)
        escaped = [self._escaped(x) for x in middle]
        return None if None in escaped else "\\n".join(escaped)  # type: ignore[arg-type]


_OVERVIEW_OWN = ("SUMMARY", "DTSTART", "DTEND", "UID", "DESCRIPTION")  # an overview event's per-session lines


def calendar_ics(schedule: Schedule, sequences: dict[str, int] | None = None) -> bytes:
    """``calendar.ics``: every session of every pair, for HR (PUBLISH, transparent, no attendees).

    ``sequences`` (pair id -> the SEQUENCE of the pair's calendar in a program ledger) make a
    re-imported overview read as newer once a pair's sessions changed.
    """
    stamp = dtstamp()
    seq = sequences or {}
    items: list[tuple[datetime, str, bytes]] = []
    writer = _Overview(schedule, stamp, _words())
    for p in schedule.pairs:
        items.extend(writer.pair_events(p, seq.get(p.pair_id, 0)))
    items.sort(key=lambda x: (x[0], x[1]))
    span = (datetime.combine(schedule.start, datetime.min.time()), datetime.combine(schedule.end,
                                                                                     datetime.min.time()))
    return _wrap([("method", "PUBLISH"), ("x-wr-calname", schedule.program.name),
                  ("x-wr-timezone", schedule.timezone)], schedule.timezone, span, (b for _, _, b in items))


# ---------------------------------------------------------------- a pair's calendar and invitations


def pair_description(program: Program, event: PairEvent, occ: Occurrence | None, words: _Words | None = None) -> str:
    """The text of a pair's event: the program, the pair, the links; for a moved session where it moved from."""
    w = words or _words()
    lines = [program.name, fill(w.pair, pair=event.pair_id, senior=event.senior.name, junior=event.junior.name)]
    if occ is not None and event.series is None:
        lines += [fill(w.session, n=occ.number, total=occ.total), fill(w.goal, goal=occ.goal)]
    if occ is not None and occ.moved_because:
        lines += ["", fill(w.moved, date=occ.planned.date().isoformat(), time=occ.planned.strftime("%H:%M"),
                           why=occ.moved_because)]
    lines += ["", fill(w.plan, pair=event.pair_id)]
    shown = _links(program, event.pair_id, w)
    if shown:
        lines += ["", *shown]
    return "\n".join(lines)


def pair_summary(program: Program, event: PairEvent, words: _Words | None = None) -> str:
    """``Reverse mentoring: Senior / Junior``."""
    w = words or _words()
    return fill(w.summary, program=program.name, senior=event.senior.name, junior=event.junior.name)


def _common(ev: Any, program: Program, event: PairEvent, sequence: int, stamp: datetime, *, attendees: bool) -> None:
    ev.add("uid", event.uid)
    ev.add("dtstamp", stamp)
    ev.add("sequence", sequence)
    org = organizer_of(program, event.junior)
    ev.add("organizer", _address(org.email, org.name), encode=False)
    if attendees:
        for person in (event.senior, event.junior):
            if person.email:
                ev.add("attendee", _address(person.email, person.name, role="REQ-PARTICIPANT",
                                            partstat="NEEDS-ACTION", rsvp="TRUE", cutype="INDIVIDUAL"),
                       encode=False)


def _alarms(ev: Any, program: Program) -> None:
    from icalendar import Alarm

    for text in program.reminders:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", ics_text(program.name))
        alarm.add("trigger", -timedelta(minutes=parse_duration_minutes(text)))
        ev.add_component(alarm)


def _body(ev: Any, program: Program, event: PairEvent, occ: Occurrence | None) -> None:
    ev.add("summary", ics_text(pair_summary(program, event)))
    ev.add("description", ics_text(pair_description(program, event, occ), multiline=True))
    video = _video(program, event.pair_id)
    if video:
        ev.add("location", ics_text(video))
    ev.add("status", "CONFIRMED")
    ev.add("transp", "OPAQUE")
    ev.add("class", "PRIVATE")


def request_events(program: Program, event: PairEvent, sequence: int, stamp: datetime) -> list[Any]:
    """The VEVENTs of a REQUEST (or a PUBLISHed pair calendar): the master, then the overrides."""
    from icalendar import Event

    minutes = timedelta(minutes=event.minutes)
    out = []
    if event.series is None:
        (occ,) = event.occurrences
        ev = Event()
        _common(ev, program, event, sequence, stamp, attendees=True)
        ev.add("dtstart", occ.start)
        ev.add("dtend", occ.end)
        _body(ev, program, event, occ)
        _alarms(ev, program)
        return [ev]
    series = event.series
    master = Event()
    _common(master, program, event, sequence, stamp, attendees=True)
    master.add("dtstart", series.start)
    master.add("dtend", series.start + minutes)
    master.add("rrule", {"freq": "weekly", "interval": series.interval_weeks, "count": series.count})
    if event.exdates:
        master.add("exdate", sorted(event.exdates))
    _body(master, program, event, None)
    _alarms(master, program)
    out.append(master)
    for occ in sorted(event.occurrences, key=lambda o: o.recurrence_id or o.start):
        assert occ.recurrence_id is not None
        if occ.start == occ.recurrence_id and occ.end == occ.recurrence_id + minutes:
            continue
        ev = Event()
        _common(ev, program, event, sequence, stamp, attendees=True)
        ev.add("recurrence-id", occ.recurrence_id)
        ev.add("dtstart", occ.start)
        ev.add("dtend", occ.end)
        _body(ev, program, event, occ)
        _alarms(ev, program)
        out.append(ev)
    return out


def cancel_events(program: Program, event: PairEvent, sequence: int, stamp: datetime,
                  instances: Sequence[tuple[datetime | None, datetime]] | None) -> list[Any]:
    """The VEVENTs of a CANCEL: the whole event (``instances`` None) or the given occurrences.

    ``instances`` are ``(recurrence_id, start)`` pairs of what the recipient holds.
    """
    from icalendar import Event

    out = []
    targets: Sequence[tuple[datetime | None, datetime | None]] = instances if instances is not None else [(None, None)]
    for rid, start in targets:
        ev = Event()
        _common(ev, program, event, sequence, stamp, attendees=True)
        if rid is not None:
            ev.add("recurrence-id", rid)
        if start is not None:
            ev.add("dtstart", start)
            ev.add("dtend", start + timedelta(minutes=event.minutes))
        elif event.series is not None:
            ev.add("dtstart", event.series.start)
        ev.add("summary", ics_text(pair_summary(program, event)))
        ev.add("status", "CANCELLED")
        out.append(ev)
    return out


def _span(event: PairEvent) -> tuple[datetime, datetime]:
    starts = [o.start for o in event.occurrences] or ([event.series.start] if event.series else [])
    if event.series is not None:
        starts += [event.series.start, event.series.occurrence(event.series.count - 1)]
    return min(starts), max(starts)


def itip(program: Program, method: str, components: Sequence[Any], event: PairEvent, tzid: str) -> bytes:
    """A whole iCalendar object with ``METHOD`` around ``components``."""
    span = _span(event) if event.occurrences or event.series else (dtstamp(), dtstamp())
    return _wrap([("method", method)], tzid, span, (ical_bytes(c) for c in components))


def _alarm_bytes(program: Program) -> bytes:
    """The VALARMs of every event of the program (the same on each), written by icalendar once."""
    key_ = (program.name, tuple(program.reminders))
    hit = _ALARMS.get(key_)
    if hit is None:
        from icalendar import Event

        ev = Event()
        _alarms(ev, program)
        hit = _ALARMS[key_] = b"".join(ical_bytes(c) for c in ev.subcomponents)
    return hit


_ALARMS: dict[tuple[Any, ...], bytes] = {}
_END_EVENT = b"END:VEVENT\r\n"


def request_bytes(program: Program, event: PairEvent, sequence: int, stamp: datetime,
                  words: _Words | None = None) -> list[bytes]:
    """``[ical_bytes(c) for c in request_events(...)]`` without building the events.

    Per-event text is escaped as icalendar's ``vText`` does (:func:`text_line`); stamps, times,
    people, rules and constants are written by icalendar and reused (:func:`property_line`);
    the alarms are icalendar's, written once. ``tests/test_icswrite.py`` checks the bytes are
    the same as :func:`request_events` serialised by icalendar, on hostile text. ``words``: the
    templates in the current language (:func:`_words`), when the caller writes many pairs.
    """
    w = words or _words()
    shared = {"UID": text_line("UID", event.uid),
              "DTSTAMP": property_line("dtstamp", stamp, _moment_key("dtstamp", stamp)),
              "SEQUENCE": property_line("sequence", sequence, ("sequence", int, sequence))}
    org = organizer_of(program, event.junior)
    # people differ from pair to pair: their lines are serialised by icalendar without a component
    shared["ORGANIZER"] = _person_line("ORGANIZER", org.email, org.name, False)
    attendees = [_person_line("ATTENDEE", p.email, p.name, True) for p in (event.senior, event.junior) if p.email]
    if attendees:
        shared["ATTENDEE"] = b"\r\n".join(attendees)
    shared["SUMMARY"] = text_line("SUMMARY", ics_text(pair_summary(program, event, w)))
    video = _video(program, event.pair_id)
    if video:
        shared["LOCATION"] = text_line("LOCATION", ics_text(video))
    for name, value in (("STATUS", "CONFIRMED"), ("TRANSP", "OPAQUE"), ("CLASS", "PRIVATE")):
        shared[name] = property_line(name.lower(), value, (name, str, value))
    alarms = _alarm_bytes(program) if program.reminders else b""

    def one(lines: dict[str, bytes], occ: Occurrence | None) -> bytes:
        lines["DESCRIPTION"] = text_line("DESCRIPTION", ics_text(pair_description(program, event, occ, w),
                                                                 multiline=True))
        data = component_bytes("VEVENT", lines, _EVENT_ORDER)
        return data[: -len(_END_EVENT)] + alarms + _END_EVENT if alarms else data

    minutes = timedelta(minutes=event.minutes)
    if event.series is None:
        (occ,) = event.occurrences
        return [one({**shared, "DTSTART": moment_line("dtstart", occ.start),
                     "DTEND": moment_line("dtend", occ.end)}, occ)]
    series = event.series
    end = series.start + minutes
    master = {**shared, "DTSTART": moment_line("dtstart", series.start),
              "DTEND": moment_line("dtend", end),
              "RRULE": property_line("rrule", {"freq": "weekly", "interval": series.interval_weeks,
                                               "count": series.count},
                                     ("rrule", series.interval_weeks, series.count))}
    if event.exdates:
        days = sorted(event.exdates)
        master["EXDATE"] = property_line("exdate", days, ("exdate", *(_moment_key("exdate", d) for d in days)))
    out = [one(master, None)]
    for occ in sorted(event.occurrences, key=lambda o: o.recurrence_id or o.start):
        rid = occ.recurrence_id
        assert rid is not None
        if occ.start == rid and occ.end == rid + minutes:
            continue
        out.append(one({**shared, "RECURRENCE-ID": moment_line("recurrence-id", rid),
                        "DTSTART": moment_line("dtstart", occ.start),
                        "DTEND": moment_line("dtend", occ.end)}, occ))
    return out


def pair_calendar(program: Program, event_list: Sequence[PairEvent], tzid: str, name: str,
                  words: _Words | None = None, stamp: datetime | None = None) -> bytes:
    """``ics/<pair_id>.ics``: the pair's events as ``invite`` sends them, PUBLISHed for import."""
    stamp = stamp or dtstamp()
    comps: list[bytes] = []
    lo: datetime | None = None
    hi: datetime | None = None
    for ev in event_list:
        if not ev.occurrences:
            continue
        a, b = _span(ev)
        lo, hi = min(lo or a, a), max(hi or b, b)
        comps.extend(request_bytes(program, ev, ev.sequence, stamp, words))
    now = stamp
    return _wrap([("method", "PUBLISH"), ("x-wr-calname", name), ("x-wr-timezone", tzid)], tzid,
                 (lo or now, hi or now), comps)


def ics_files(schedule: Schedule, events: Sequence[PairEvent] | None = None) -> dict[str, bytes]:
    """``calendar.ics`` and ``ics/<pair_id>.ics`` for every scheduled pair (relative path -> bytes)."""
    by_pair: dict[str, list[PairEvent]] = {}
    for ev in events if events is not None else events_from_schedule(schedule):
        by_pair.setdefault(ev.pair_id, []).append(ev)
    files = {"calendar.ics": calendar_ics(schedule, {pid: max(e.sequence for e in evs)
                                                     for pid, evs in by_pair.items()})}
    file_names = pair_file_names(p.pair_id for p in schedule.pairs)  # two ids, one file name: refused
    w = _words()
    stamp = dtstamp()
    for pair in schedule.pairs:
        name = fill(w.calname, program=schedule.program.name, senior=pair.senior.name, junior=pair.junior.name)
        files[f"ics/{file_names[pair.pair_id]}.ics"] = pair_calendar(schedule.program, by_pair.get(pair.pair_id, []),
                                                                        schedule.timezone, name, w, stamp)
    return files
