"""Everything ``rmentor schedule`` writes: sessions.csv, schedule.md and the ICS files.

``sessions.csv`` is a shared contract (``evaluate`` reads it): UTF-8 with BOM, columns
:data:`SESSIONS_HEADER`, dates ISO, times ``HH:MM`` in the program time zone, and
``held``/``cancelled_by`` left empty for HR to fill in.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from typing import Any

from rmentor.core.scheduling import Schedule, slot_text
from rmentor.i18n import get_language, tr, trn
from rmentor.model import format_clock
from rmentor.outputs.csvfile import CellWriter, csv_bytes
from rmentor.outputs.jsonout import JSON_VERSION

SESSIONS_HEADER = (
    "pair_id", "session", "date", "start", "end", "timezone", "senior_id", "senior_name",
    "junior_id", "junior_name", "title", "goal", "assignment", "held", "cancelled_by",
)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def session_rows(schedule: Schedule) -> list[tuple[Any, ...]]:
    """One row per session in :data:`SESSIONS_HEADER` order, by pair id then session number.

    ``held`` / ``cancelled_by`` carry what a program ledger recorded (yes/no and the side, in the
    current language, as ``attend`` and ``evaluate`` read them back); empty for a new plan.
    """
    rows = []
    for pair in sorted(schedule.pairs, key=lambda p: p.pair_id):
        for s in sorted(pair.sessions, key=lambda x: x.number):
            held = "" if s.held is None else tr("yes") if s.held else tr("no")
            by = tr(s.cancelled_by) if s.cancelled_by in ("senior", "junior") and s.held is False else ""
            a, b = s.start, s.end  # f-strings: strftime("%H:%M") is slow on 65,000 sessions
            rows.append((pair.pair_id, s.number, a.date().isoformat(), f"{a.hour:02d}:{a.minute:02d}",
                         f"{b.hour:02d}:{b.minute:02d}", schedule.timezone, pair.senior.id, pair.senior.name,
                         pair.junior.id, pair.junior.name, s.title, s.goal, s.assignment, held, by))
    return rows


def sessions_csv(schedule: Schedule, *, delimiter: str = ",") -> bytes:
    """``sessions.csv``: one row per session, by pair id then session number.

    ``csv_bytes(SESSIONS_HEADER, session_rows(schedule))``, with the cells that repeat written once:
    a pair's people on each of its sessions, the curriculum's title, goal and assignment on every
    pair. Session number, date and times are digits, ``-`` and ``:``, which no delimiter but those
    quotes and no spreadsheet guard changes (any other delimiter: the plain path).
    ``tests/test_schedule_csv.py`` checks the bytes are the same on hostile text.
    """
    if delimiter in "0123456789-:" or delimiter == '"':
        return csv_bytes(SESSIONS_HEADER, session_rows(schedule), delimiter=delimiter)
    d = delimiter
    cells = CellWriter(delimiter)
    yes, no = tr("yes"), tr("no")
    sides = {side: tr(side) for side in ("senior", "junior")}
    tails: dict[tuple[str, str, str, str, str], str] = {}
    tz = schedule.timezone
    out = [cells.part(list(SESSIONS_HEADER)) + "\r\n"]
    for pair in sorted(schedule.pairs, key=lambda p: p.pair_id):
        people = cells.part([tz, pair.senior.id, pair.senior.name, pair.junior.id, pair.junior.name])
        head = cells.part([pair.pair_id, ""])  # the pair id and the delimiter after it
        for s in sorted(pair.sessions, key=lambda x: x.number):
            held = "" if s.held is None else yes if s.held else no
            by = sides[s.cancelled_by] if s.cancelled_by in ("senior", "junior") and s.held is False else ""
            key = (s.title, s.goal, s.assignment, held, by)
            tail = tails.get(key)
            if tail is None:
                if len(tails) > 100_000:
                    tails.clear()
                tail = tails[key] = cells.part(key)
            a, b = s.start, s.end
            out.append(f"{head}{s.number}{d}{a.date().isoformat()}{d}{a.hour:02d}:{a.minute:02d}{d}"
                       f"{b.hour:02d}:{b.minute:02d}{d}{people}{d}{tail}\r\n")
    return b"\xef\xbb\xbf" + "".join(out).encode("utf-8")


def _md(text: str) -> str:
    """User text as Markdown that renders as itself: no HTML, links, images, emphasis or structure."""
    from rmentor.outputs.templating import md_escape

    return md_escape(text)


def schedule_markdown(schedule: Schedule) -> bytes:
    """``schedule.md``: the pairs and their weekly slots, then a month-by-month calendar.

    Worded with :mod:`rmentor.outputs.glossary`, like every document: dates ``dd.mm.yyyy`` in
    Russian, the program's last day inclusive, the same role names as the brief and the kit.
    """
    from rmentor.outputs.glossary import cadence_text, date_text, last_day, minutes_text, zone_name
    from rmentor.outputs.zones import span_text

    lang = get_language()
    # names, titles, dates and time spans repeat on every session: each is escaped or worded once
    md = cache(_md)
    day_text = cache(date_text)
    weekdays = [tr(d) for d in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")]

    @cache
    def span(start: datetime, end: datetime, zones: tuple[str | None, ...]) -> str:
        # keyed by instants (equal instants compare equal): the text depends on the instants only
        return span_text(start, end, schedule.timezone, zones, lang)

    p = schedule.program
    minutes = p.session_minutes
    n_sessions = sum(len(x.sessions) for x in schedule.pairs)
    shifted = sum(x.shifted_count for x in schedule.pairs)
    lines = [
        f"# {md(p.name)}",
        "",
        tr("Program: {start} to {end}, sessions of {minutes} {cadence}. Times: {zone} ({tz}).",
           start=date_text(schedule.start), end=date_text(last_day(schedule)), minutes=minutes_text(minutes),
           cadence=cadence_text(p.cadence_weeks), zone=zone_name(schedule.timezone), tz=schedule.timezone),
        "",
        ", ".join([trn("{n} pair", "{n} pairs", len(schedule.pairs)),
                   trn("{n} session", "{n} sessions", n_sessions),
                   trn("{n} moved for a day off", "{n} moved for days off", shifted)]),
        "",
        f"## {tr('Pairs')}",
        "",
        f"| {tr('Pair')} | {tr('Senior')} | {tr('Junior')} | {tr('Weekly slot')} | {tr('Sessions')} "
        f"| {tr('First')} | {tr('Last')} |",
        "|---|---|---|---|---:|---|---|",
    ]
    for pair in sorted(schedule.pairs, key=lambda x: x.pair_id):
        slot = slot_text(pair.weekday, pair.start_minute, minutes)
        if pair.sessions:
            when = pair.sessions[0].planned
            slot = slot.rsplit(" ", 1)[0] + " " + span(when, when + timedelta(minutes=minutes),
                                                       (pair.senior.timezone, pair.junior.timezone))
        if pair.varies:
            slot += " " + tr("(changes with the clocks)")
        first = date_text(pair.sessions[0].start.date()) if pair.sessions else "-"
        last = date_text(pair.sessions[-1].start.date()) if pair.sessions else "-"
        lines.append(f"| {md(pair.pair_id)} | {md(pair.senior.name)} | {md(pair.junior.name)} | {slot} "
                     f"| {len(pair.sessions)} | {first} | {last} |")
    if schedule.unscheduled:
        lines += ["", f"## {tr('Not scheduled')}", ""]
        for u in schedule.unscheduled:
            lines.append(f"- **{md(u.pair_id)}** ({md(u.senior.name)} / {md(u.junior.name)}): "
                         f"{md(u.reason.render())}")
            lines.extend(f"  - {md(a.render())}" for a in u.alternatives)
    if schedule.days_off:
        lines += ["", f"## {tr('Days off in the program')}", ""]
        lines.extend(f"- {date_text(d.day)} ({tr(('Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun')[d.day.weekday()])})"
                     f": {md(d.name)}" for d in schedule.days_off)
    by_month: dict[tuple[int, int], list[Any]] = {}
    for s in schedule.sessions:
        by_month.setdefault((s.start.year, s.start.month), []).append(s)
    # a pair's cell and its people's zones, once per pair (13 sessions each)
    cell = {x.pair_id: (f"{md(x.pair_id)}: {md(x.senior.name)} / {md(x.junior.name)}",
                        (x.senior.timezone, x.junior.timezone)) for x in schedule.pairs}
    for (year, month), sessions in sorted(by_month.items()):
        lines += ["", f"## {tr(_MONTHS[month - 1])} {year}", "",
                  f"| {tr('Date')} | {tr('Time')} | {tr('Pair')} | {tr('Session')} | {tr('Topic')} |",
                  "|---|---|---|---:|---|"]
        for s in sessions:
            who, zones = cell[s.pair_id]
            start_day = s.start.date()
            day = weekdays[start_day.weekday()]
            note = ""
            if s.moved_because:
                note = " " + tr("(moved from {date}: {why})", date=day_text(s.planned.date()), why=s.moved_because)
            if s.outside_windows:
                note += " " + tr("(to be confirmed by the pair)")
            lines.append(
                f"| {day_text(start_day)} {day} "
                f"| {span(s.start, s.end, zones)} "
                f"| {who} "
                f"| {s.number}/{s.total} | {md(s.title)}{md(note)} |"
            )
    skipped = [k for x in schedule.pairs for k in x.skipped]
    if skipped:
        lines += ["", f"## {tr('Sessions not held')}", ""]
        lines.extend(f"- {md(k.pair_id)}: {date_text(k.planned.date())} {k.planned.strftime('%H:%M')}: "
                     f"{md(k.reason)}" for k in sorted(skipped, key=lambda k: (k.pair_id, k.period)))
    video = p.tools.video
    links = [(tr("Chat"), p.tools.chat and md(p.tools.chat)), (tr("Idea board"), p.tools.board and md(p.tools.board))]
    if video and "{pair_id}" in video:  # one link per pair, every placeholder filled
        links += [(f"{tr('Video call')}, {md(x.pair_id)}", md(video.replace("{pair_id}", x.pair_id)))
                  for x in sorted(schedule.pairs, key=lambda x: x.pair_id)]
    else:
        links.append((tr("Video call"), video and md(video)))
    if any(url for _, url in links):
        lines += ["", f"## {tr('Links')}", ""]
        lines.extend(f"- {label}: {url}" for label, url in links if url)
    return ("\n".join(lines) + "\n").encode("utf-8")


def schedule_files(schedule: Schedule, *, delimiter: str = ",", events: Any = None) -> dict[str, bytes]:
    """Every output file of ``rmentor schedule`` (relative path -> bytes).

    ``events`` are the pair calendars when a program ledger holds them (else made from the schedule).
    """
    from rmentor.outputs.ics import ics_files

    files = ics_files(schedule, events)
    files["sessions.csv"] = sessions_csv(schedule, delimiter=delimiter)
    files["schedule.md"] = schedule_markdown(schedule)
    return files


def schedule_json(schedule: Schedule, files: list[str] | None = None) -> dict[str, Any]:
    """``rmentor schedule --format json`` (versioned; the shape is pinned by a test)."""
    return {
        "version": JSON_VERSION,
        "program": schedule.program.name,
        "timezone": schedule.timezone,
        "start": schedule.start.isoformat(),
        "end": schedule.end.isoformat(),
        "periods": schedule.periods,
        "pairs": [
            {
                "pair_id": x.pair_id,
                "senior_id": x.senior.id,
                "junior_id": x.junior.id,
                "weekday": x.weekday,
                "start": format_clock(x.start_minute),
                "varies": x.varies,
                "sessions": [
                    {"session": s.number, "date": s.start.date().isoformat(), "start": s.start.strftime("%H:%M"),
                     "end": s.end.strftime("%H:%M"), "kind": s.kind, "title": s.title,
                     "moved_from": s.planned.date().isoformat() if s.moved_because else None,
                     "moved_because": s.moved_because, "to_confirm": s.outside_windows}
                    for s in x.sessions
                ],
                "skipped": [{"date": k.planned.date().isoformat(), "reason": k.reason} for k in x.skipped],
            }
            for x in schedule.pairs
        ],
        "unscheduled": [
            {"pair_id": u.pair_id, "senior_id": u.senior.id, "junior_id": u.junior.id, "code": u.reason.code,
             "reason": u.reason.render(), "alternatives": [a.render() for a in u.alternatives]}
            for u in schedule.unscheduled
        ],
        "warnings": [w.render() for w in schedule.warnings],
        "files": files or [],
    }
