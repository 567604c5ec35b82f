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
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from rmentor.core.scheduling import PairSchedule, Schedule, Session
from rmentor.i18n import tr
from rmentor.outputs.files import safe_filename
from rmentor.outputs.icswrite import ical_bytes  # = .to_ical(), byte for byte, faster

PRODID = "-//rmentor//reverse mentoring schedule//EN"


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
        tr("Pair {pair}: {senior} (senior) and {junior} (mentor)", pair=pair.pair_id,
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
    ev.add("summary", f"{session.title} ({pair.senior.name} / {pair.junior.name})")
    ev.add("description", description(schedule, pair, session))
    video = _video(schedule, pair)
    if video:
        ev.add("location", video)
    ev.add("sequence", 0)
    ev.add("status", "CONFIRMED")
    ev.add("transp", "OPAQUE")
    ev.add("class", "PRIVATE")  # one-to-one mentoring: confidentiality is part of the agreement
    # The junior runs the sessions (they are the mentor), so they organise when we know their address.
    people = [(pair.junior, "junior"), (pair.senior, "senior")]
    if pair.junior.email:
        organizer = vCalAddress(f"mailto:{pair.junior.email}")
        organizer.params["cn"] = pair.junior.name
        ev.add("organizer", organizer, encode=False)
    for person, _role in people:
        if person.email:
            att = vCalAddress(f"mailto:{person.email}")
            att.params["cn"] = person.name
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
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", schedule.timezone)
    head: bytes = ical_bytes(cal)
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    # VTIMEZONE only for the years the program spans keeps files small and identical across runs.
    tz = _vtimezone(schedule.timezone, date(schedule.start.year, 1, 1),
                    date((schedule.end + timedelta(days=400)).year, 1, 1))
    return b"".join([head[: -len(end)], tz, *events, end])


def _events(schedule: Schedule) -> dict[str, list[tuple[Session, bytes]]]:
    stamp = dtstamp(schedule)
    return {p.pair_id: [(s, ical_bytes(_event(schedule, p, s, stamp))) for s in p.sessions] for p in schedule.pairs}


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
    return _pair_calendar(schedule, pair, [(s, ical_bytes(_event(schedule, pair, s, stamp))) for s in pair.sessions])


def _pair_calendar(schedule: Schedule, pair: PairSchedule, events: list[tuple[Session, bytes]]) -> bytes:
    name = tr("{program}: {senior} and {junior}", program=schedule.program.name,
              senior=pair.senior.name, junior=pair.junior.name)
    return _calendar(schedule, _ordered((pair.pair_id, s, b) for s, b in events), name)


def ics_files(schedule: Schedule) -> dict[str, bytes]:
    """``calendar.ics`` and ``ics/<pair_id>.ics`` for every scheduled pair (relative path -> bytes)."""
    events = _events(schedule)
    everything = _ordered((pid, s, b) for pid, evs in events.items() for s, b in evs)
    files = {"calendar.ics": _calendar(schedule, everything, schedule.program.name)}
    for pair in schedule.pairs:
        files[f"ics/{safe_filename(pair.pair_id)}.ics"] = _pair_calendar(schedule, pair, events[pair.pair_id])
    return files
