"""iCalendar (RFC 5545) files for a schedule, made with the ``icalendar`` library.

* ``calendar.ics`` holds every session; ``ics/<pair_id>.ics`` one pair's sessions.
* Each event has a UID that depends only on the program name, the pair (id and both
  people) and the cadence period, so re-running ``schedule`` after a change updates
  the events people already imported instead of duplicating them.
* DTSTAMP comes from ``SOURCE_DATE_EPOCH`` or else the program start, never the wall
  clock, so the same input gives byte-identical files.
* Times carry the program's TZID and a VTIMEZONE limited to the program years;
  METHOD is left out on purpose: these are calendars to import, not iTIP invitations,
  so clients accept ORGANIZER and ATTENDEE without sending anything.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from rmentor.core.scheduling import PairSchedule, Schedule, Session
from rmentor.i18n import tr
from rmentor.outputs.files import pair_file_names, safe_filename

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


_BAD_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)|(?<!\r)\n|\xc2[\x80-\x9f]"
                        rb"|\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]")
_COMPONENT = re.compile(rb"^(BEGIN|END):([A-Za-z-]+)\r$", re.MULTILINE)


def check_ics(data: bytes) -> bytes:
    """``data`` when every line ends in CRLF, no control character is left and components nest
    (no injected line or event); otherwise a bug: raise (exit 1) rather than write it."""
    if _BAD_BYTES.search(data) or not data.endswith(b"\r\n"):
        raise RuntimeError("a control character or a bare line break reached an iCalendar file")
    depth: list[bytes] = []
    for kind, name in _COMPONENT.findall(data):
        if kind == b"BEGIN":
            depth.append(name)
        elif not depth or depth.pop() != name:
            raise RuntimeError("unbalanced iCalendar components")
    if depth:
        raise RuntimeError("unbalanced iCalendar components")
    return data


def dtstamp(schedule: Schedule) -> datetime:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else midnight UTC of the program start."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw.isdigit():
        return datetime.fromtimestamp(int(raw), tz=timezone.utc)
    return datetime(schedule.start.year, schedule.start.month, schedule.start.day, tzinfo=timezone.utc)


def session_uid(schedule: Schedule, pair: PairSchedule, session: Session) -> str:
    """A UID stable across runs: program name, pair and period; not the date (a shift keeps the UID)."""
    key = "\x1f".join((schedule.program.name, pair.pair_id, pair.senior.id, pair.junior.id))
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return f"{safe_filename(pair.pair_id)}-{session.period + 1:03d}-{digest}@rmentor"


def _video(schedule: Schedule, pair: PairSchedule) -> str | None:
    video = schedule.program.tools.video
    return video.replace("{pair_id}", pair.pair_id) if video else None


def description(schedule: Schedule, pair: PairSchedule, session: Session) -> str:
    """The event text: program, pair, session, goal, assignment, moves and the program's links."""
    tools = schedule.program.tools
    lines = [
        schedule.program.name,
        tr("Pair {pair}: {senior} (senior) and {junior} (junior)", pair=pair.pair_id,
           senior=pair.senior.name, junior=pair.junior.name),
        tr("Session {n} of {total}", n=session.number, total=session.total),
        "",
        tr("Goal: {goal}", goal=session.goal),
        tr("Before the next session: {assignment}", assignment=session.assignment),
    ]
    if session.moved_because:
        lines += ["", tr("Moved from {date} {time} ({why})", date=session.planned.date().isoformat(),
                         time=session.planned.strftime("%H:%M"), why=session.moved_because)]
    if session.outside_windows:
        lines.append(tr("Please confirm this time: it is outside the availability one of you gave"))
    links = [(tr("Chat"), tools.chat), (tr("Idea board"), tools.board), (tr("Video call"), _video(schedule, pair))]
    shown = [f"{label}: {url}" for label, url in links if url]
    if shown:
        lines += ["", *shown]
    return "\n".join(lines)


def _event(schedule: Schedule, pair: PairSchedule, session: Session, stamp: datetime) -> Any:
    from icalendar import Event, vCalAddress

    ev = Event()
    ev.add("uid", session_uid(schedule, pair, session))
    ev.add("dtstamp", stamp)
    ev.add("dtstart", session.start)
    ev.add("dtend", session.end)
    ev.add("summary", ics_text(f"{session.title} ({pair.senior.name} / {pair.junior.name})"))
    ev.add("description", ics_text(description(schedule, pair, session), multiline=True))
    video = _video(schedule, pair)
    if video:
        ev.add("location", ics_text(video))
    ev.add("sequence", 0)
    ev.add("status", "CONFIRMED")
    ev.add("transp", "OPAQUE")
    ev.add("class", "PRIVATE")  # one-to-one mentoring: confidentiality is part of the agreement
    # The junior runs the sessions (they are the mentor), so they organise when we know their address.
    people = [(pair.junior, "junior"), (pair.senior, "senior")]
    if pair.junior.email:
        organizer = vCalAddress(ics_text(f"mailto:{pair.junior.email}"))
        organizer.params["cn"] = ics_text(pair.junior.name)
        ev.add("organizer", organizer, encode=False)
    for person, _role in people:
        if person.email:
            att = vCalAddress(ics_text(f"mailto:{person.email}"))
            att.params["cn"] = ics_text(person.name)
            att.params["role"] = "REQ-PARTICIPANT"
            att.params["partstat"] = "ACCEPTED" if person is pair.junior and pair.junior.email else "NEEDS-ACTION"
            ev.add("attendee", att, encode=False)
    return ev


@lru_cache(maxsize=16)
def _vtimezone(tzid: str, first: date, last: date) -> bytes:
    """The VTIMEZONE of ``tzid`` for the program years (cached: building it scans every hour of the range)."""
    from icalendar import Timezone

    data: bytes = Timezone.from_tzid(tzid, first_date=first, last_date=last).to_ical()
    return data


def _calendar(schedule: Schedule, events: Iterable[bytes], name: str) -> bytes:
    """A VCALENDAR around already serialised VEVENTs.

    Each event is serialised once by icalendar and reused in ``calendar.ics`` and its
    pair's file; a calendar's serialisation is its properties followed by its
    components, so splicing them in yields exactly what icalendar would write.
    """
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", ics_text(name))
    cal.add("x-wr-timezone", ics_text(schedule.timezone))
    head: bytes = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    if not head.endswith(end):  # not an assert: python -O must not skip it
        raise RuntimeError("icalendar wrote an unexpected calendar ending")
    # VTIMEZONE only for the years the program spans keeps files small and identical across runs.
    tz = _vtimezone(schedule.timezone, date(schedule.start.year, 1, 1),
                    date((schedule.end + timedelta(days=400)).year, 1, 1))
    return check_ics(b"".join([head[: -len(end)], tz, *events, end]))


def _events(schedule: Schedule) -> dict[str, list[tuple[Session, bytes]]]:
    stamp = dtstamp(schedule)
    return {p.pair_id: [(s, _event(schedule, p, s, stamp).to_ical()) for s in p.sessions] for p in schedule.pairs}


def _ordered(items: Iterable[tuple[str, Session, bytes]]) -> list[bytes]:
    return [b for _, _, b in sorted(items, key=lambda x: (x[1].start, x[0]))]


def calendar_ics(schedule: Schedule) -> bytes:
    """``calendar.ics``: every session of every pair."""
    events = _events(schedule)
    return _calendar(schedule, _ordered((pid, s, b) for pid, evs in events.items() for s, b in evs),
                     schedule.program.name)


def pair_ics(schedule: Schedule, pair: PairSchedule) -> bytes:
    """One pair's calendar."""
    stamp = dtstamp(schedule)
    return _pair_calendar(schedule, pair, [(s, _event(schedule, pair, s, stamp).to_ical()) for s in pair.sessions])


def _pair_calendar(schedule: Schedule, pair: PairSchedule, events: list[tuple[Session, bytes]]) -> bytes:
    name = tr("{program}: {senior} and {junior}", program=schedule.program.name,
              senior=pair.senior.name, junior=pair.junior.name)
    return _calendar(schedule, _ordered((pair.pair_id, s, b) for s, b in events), name)


def ics_files(schedule: Schedule) -> dict[str, bytes]:
    """``calendar.ics`` and ``ics/<pair_id>.ics`` for every scheduled pair (relative path -> bytes)."""
    events = _events(schedule)
    everything = _ordered((pid, s, b) for pid, evs in events.items() for s, b in evs)
    files = {"calendar.ics": _calendar(schedule, everything, schedule.program.name)}
    names = pair_file_names(p.pair_id for p in schedule.pairs)  # two ids, one file name: refused
    for pair in schedule.pairs:
        files[f"ics/{names[pair.pair_id]}.ics"] = _pair_calendar(schedule, pair, events[pair.pair_id])
    return files
