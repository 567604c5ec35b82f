"""The fast ICS writer is icalendar, byte for byte: random components, hostile text, the real calendars."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Alarm, Calendar, Event, Todo, vCalAddress, vText
from icalendar.parser.string import _foldline

from rmentor.outputs.icswrite import fold, ical_bytes

# Every character class of the security issue, and what sits on the fold: two- and four-byte
# characters, escapes ("\\" and "^") that must not be split from what they escape.
HOSTILE = [
    "\r", "\n", "\r\n", "\x1b", "\x00", "\x07", "\x7f", "\x85", "\x9b", "\u2028", "\u2029",
    "\u202e", "\u202d", "\u2066", "\u2069", "\u200f", "\ufeff", ";", ",", "\\", ":", '"', "^", "'", " ", "\t",
    "😀", "👩‍💻", "🇷🇺", "\U0010fffd", "€", "ё", "Щ", "ж", "BEGIN:VEVENT", "END:VCALENDAR", "mailto:",
]
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
TEXT_CHARS = st.one_of(st.sampled_from(HOSTILE), st.sampled_from(list(CYRILLIC)),
                       st.characters(codec="utf-8"), st.sampled_from(list("ab \\^;,")))
text = st.lists(TEXT_CHARS, max_size=120).map("".join)
long_text = st.one_of(text, st.integers(60, 400).map(lambda n: ("Встреча наставников ё " * 30)[:n]),
                      st.tuples(text, text, text).map(lambda t: (t[0] * 5 + "Ж" + t[1] + "\\" * 3 + t[2]) * 2))
zones = st.sampled_from([ZoneInfo("Europe/Moscow"), ZoneInfo("Asia/Yekaterinburg"), ZoneInfo("Asia/Vladivostok"),
                         timezone.utc, None])
moments = st.builds(lambda d, z: d.replace(tzinfo=z), st.datetimes(datetime(1990, 1, 1), datetime(2090, 1, 1)),
                    zones)
when = st.one_of(moments, st.dates(date(1990, 1, 1), date(2090, 1, 1)))
param_names = st.sampled_from(["CN", "ROLE", "PARTSTAT", "RSVP", "LANGUAGE", "ALTREP", "X-RMENTOR", "DIR",
                               "SENT-BY", "DELEGATED-TO", "X-TITLE", "CUTYPE"])
params = st.dictionaries(param_names, long_text, max_size=3)


@st.composite
def properties(draw: st.DrawFn) -> list[tuple[str, Any, dict[str, Any], bool]]:
    """(name, value, parameters, encode) for Component.add."""
    out: list[tuple[str, Any, dict[str, Any], bool]] = []
    for _ in range(draw(st.integers(0, 9))):
        kind = draw(st.integers(0, 9))
        if kind <= 2:
            name = draw(st.sampled_from(["summary", "description", "location", "comment", "contact", "uid",
                                         "x-wr-calname", "x-rmentor-note", "status", "resources"]))
            out.append((name, draw(long_text), draw(params), True))
        elif kind == 3:
            out.append(("categories", draw(st.lists(text, min_size=1, max_size=4)), {}, True))
        elif kind == 4:
            out.append((draw(st.sampled_from(["dtstart", "dtend", "due", "recurrence-id"])), draw(when), {}, True))
        elif kind == 5:
            out.append(("dtstamp", draw(moments).replace(tzinfo=timezone.utc), {}, True))
        elif kind == 6:
            out.append((draw(st.sampled_from(["sequence", "priority"])), draw(st.integers(0, 9)), {}, True))
        elif kind == 7:
            out.append(("duration", timedelta(minutes=draw(st.integers(-10_000, 100_000))), {}, True))
        elif kind == 8:
            # icalendar refuses CR and LF in an address (not in its parameters, which stay hostile)
            address = vCalAddress("mailto:" + draw(text).replace("\r", "").replace("\n", ""))
            for key, value in draw(params).items():
                address.params[key] = value
            out.append((draw(st.sampled_from(["organizer", "attendee"])), address, {}, False))
        else:
            out.append(("rrule", {"freq": "weekly", "interval": draw(st.integers(1, 4)),
                                  "count": draw(st.integers(1, 30))}, {}, True))
    return out


def _fill(component: Any, props: list[tuple[str, Any, dict[str, Any], bool]]) -> Any:
    for name, value, parameters, encode in props:
        try:
            component.add(name, value, parameters=parameters or None, encode=encode)
        except (ValueError, TypeError):  # the builder refused it: nothing to serialise
            continue
    return component


@st.composite
def components(draw: st.DrawFn) -> Any:
    cal = _fill(Calendar(), draw(properties()))
    for _ in range(draw(st.integers(0, 3))):
        child = _fill(draw(st.sampled_from([Event, Todo]))(), draw(properties()))
        for _ in range(draw(st.integers(0, 2))):
            child.add_component(_fill(Alarm(), draw(properties())))
        cal.add_component(child)
    return cal


def _same(component: Any) -> None:
    try:
        expected = component.to_ical()
    except Exception:  # icalendar refuses it: so must the fast writer
        with pytest.raises(Exception):  # noqa: B017
            ical_bytes(component)
        return
    assert ical_bytes(component) == expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(components())
def test_random_components_serialise_to_icalendars_bytes(cal: Any) -> None:
    _same(cal)
    for sub in cal.subcomponents:
        _same(sub)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TEXT_CHARS.filter(lambda c: "\n" not in c), st.sampled_from(["\\", "^", "ж", "😀"])),
                max_size=400).map("".join))
def test_fold_is_icalendars_fold(line: str) -> None:
    assert fold(line.encode("utf-8")) == _foldline(line).encode("utf-8")


def test_fold_on_hand_checked_edges() -> None:
    # 73 ASCII octets then a two-byte letter: 75 octets would be reached, so the letter moves down.
    line = "D" * 73 + "ж"
    assert fold(line.encode()) == ("D" * 73 + "\r\n ж").encode()
    # An escape's backslash at octet 74 goes down with what it escapes.
    esc = "D" * 73 + "\\n" + "x"
    assert fold(esc.encode()) == ("D" * 73 + "\r\n \\nx").encode() == _foldline(esc).encode()
    assert fold(b"A" * 74) == b"A" * 74
    assert fold(b"A" * 75) == b"A" * 74 + b"\r\n A"
    # Cyrillic (two octets each) crossing the fold: never split inside a letter.
    cyr = ("ё" * 100).encode()
    assert fold(cyr) == _foldline("ё" * 100).encode()
    assert all(len(chunk.lstrip(b" ")) <= 74 for chunk in fold(cyr).split(b"\r\n"))
    for chunk in fold(cyr).split(b"\r\n"):
        chunk.decode("utf-8")


def test_text_value_with_line_breaks_and_parameters() -> None:
    ev = Event()
    ev.add("summary", "Встреча;\r\nвторая\rстрока\n\x1b[31m\u202e" + "щ" * 60, parameters={"LANGUAGE": "ru"})
    att = vCalAddress("mailto:a@example.org")
    att.params["cn"] = 'Иванов, "Ваня"; \\ ^'
    ev.add("attendee", att, encode=False)
    ev.add("x-plain", vText("x" * 200))
    ev.add("comment", "\ufeffa leading BOM: icalendar drops it when it decodes the value")
    ev.add("contact", "\ufeff\ufeffтwo")
    _same(ev)


def test_value_text_is_icalendars_to_unicode() -> None:
    from icalendar.parser_tools import to_unicode

    from rmentor.outputs.icswrite import _text

    for raw in (b"", b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbfx", "жё".encode(), b"\xff\xfe", b"a\xef\xbb\xbf",
                b"\xef\xbb", "😀".encode()[:3]):
        assert _text(raw, to_unicode) == to_unicode(raw), raw


def test_the_calendars_schedule_writes_are_what_icalendar_writes(
        example_roster: Path, example_program: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rmentor.core.matching import match
    from rmentor.core.scheduling import schedule
    from rmentor.inputs.loading import load_program, load_roster
    from rmentor.outputs import ics

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")
    program = load_program(example_program).value
    roster = load_roster(example_roster, program).value
    plan = schedule(match(roster, program).pairs, roster, program)
    fast = ics.ics_files(plan)
    monkeypatch.setattr(ics, "ical_bytes", lambda component: component.to_ical())
    assert ics.ics_files(plan) == fast
    assert len(fast) > 2


_PLANS: dict[str, Any] = {}


def _base_plan(zone: str) -> Any:
    """A real one-pair schedule in ``zone`` (made once per zone)."""
    if zone not in _PLANS:
        from tests._sched_helpers import P, person, program, roster

        from rmentor.core.scheduling import schedule

        people = roster([person("s1", ["Mon 10:00-12:00"])], [person("j1", ["Mon 10:00-12:00"], junior=True)])
        _PLANS[zone] = schedule([P("P1", "s1", "j1")], people, program(timezone=zone))
    return _PLANS[zone]


@st.composite
def _overview_case(draw: st.DrawFn) -> tuple[Any, ...]:
    """A scheduled pair whose every text field (names, e-mails, titles, goals, program, links) is hostile."""
    from dataclasses import replace

    from rmentor.model import Organizer

    plan = _base_plan(draw(st.sampled_from(["Europe/Moscow", "Asia/Vladivostok", "Europe/Kaliningrad", "UTC"])))
    assert plan.pairs, "the two share a slot"
    base = plan.program
    organizer = draw(st.one_of(st.none(), st.builds(Organizer.model_construct, name=long_text, email=text)))
    tools = base.tools.model_copy(update={"video": draw(st.one_of(st.none(), long_text)),
                                          "chat": draw(st.one_of(st.none(), text))})
    prog = base.model_copy(update={"name": draw(long_text), "tools": tools, "organizer": organizer})
    pair = plan.pairs[0]
    senior = pair.senior.model_copy(update={"name": draw(long_text)})
    junior = pair.junior.model_copy(update={"name": draw(long_text),
                                            "email": draw(st.one_of(st.none(), text.map(lambda t: t + "@x.ru")))})
    session = replace(draw(st.sampled_from(pair.sessions)), title=draw(long_text), goal=draw(long_text),
                      assignment=draw(text), moved_because=draw(st.one_of(st.none(), text)))
    pair = replace(pair, pair_id=draw(text.filter(bool)), senior=senior, junior=junior, sessions=(session,))
    stamp = draw(st.sampled_from([datetime(2027, 1, 1, 9, tzinfo=timezone.utc), datetime(2031, 6, 30, 23, 59, 59,
                                                                                      tzinfo=timezone.utc)]))
    return replace(plan, program=prog, pairs=(pair,)), pair, session, stamp, draw(st.integers(0, 5))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_overview_case())
def test_overview_events_written_directly_are_icalendars_bytes(case: tuple[Any, ...]) -> None:
    """calendar.ics's events, written line by line, equal icalendar's Event.to_ical() on hostile text."""
    from rmentor.outputs import ics

    plan, pair, session, stamp, sequence = case
    try:
        want = ics._overview_event(plan, pair, session, stamp, sequence).to_ical()
    except Exception as exc:  # e.g. an organiser name too long for the model: the fast path refuses too
        with pytest.raises(type(exc)):
            ics._overview_bytes(plan, pair, session, stamp, sequence)
        return
    assert ics._overview_bytes(plan, pair, session, stamp, sequence) == want


@st.composite
def _overview_pairs(draw: st.DrawFn) -> tuple[Any, ...]:
    """Two or three pairs of one hostile program, each with several sessions whose goals, assignments
    and reasons repeat across pairs (so a line escaped once is reused) or hold CR and a BOM."""
    from dataclasses import replace

    plan, pair, _, stamp, sequence = draw(_overview_case())
    base = _base_plan(plan.timezone).pairs[0]
    # where escaping line by line could differ from escaping the whole text: a CR at a line's end (CRLF
    # is one break), a BOM (dropped at the value's start only), "\\" before the next line's "N"
    edges = st.sampled_from(["end\r", "\r", "\r\n", "\ufeffBOM", "back\\", "\\N", "N", "", "\n\ufeff"])
    pool = st.lists(st.one_of(long_text, edges, st.tuples(long_text, edges).map("".join)), min_size=1, max_size=3)
    goals, assignments = draw(pool), draw(pool)
    pairs = []
    for k in range(draw(st.integers(2, 3))):
        sessions = tuple(
            replace(s, title=draw(long_text), goal=draw(st.sampled_from(goals)),
                    assignment=draw(st.sampled_from(assignments)),
                    moved_because=draw(st.one_of(st.none(), st.sampled_from(goals), text)),
                    outside_windows=draw(st.booleans()))
            for s in base.sessions[: draw(st.integers(1, 4))])
        who = {"name": draw(st.one_of(long_text, st.just(pair.senior.name)))}
        pairs.append(replace(pair, pair_id=f"{pair.pair_id}{k}" if k else pair.pair_id, sessions=sessions,
                             senior=pair.senior.model_copy(update=who)))
    return replace(plan, pairs=tuple(pairs)), stamp, sequence


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_overview_pairs())
def test_overview_written_pair_by_pair_is_icalendars_bytes(case: tuple[Any, ...]) -> None:
    """calendar.ics's events as the calendar writes them (pair by pair, lines escaped once per calendar,
    one template per pair) equal icalendar's Event.to_ical() of each session, on hostile text."""
    from rmentor.outputs import ics

    plan, stamp, sequence = case
    writer = ics._Overview(plan, stamp, ics._words())
    for pair in plan.pairs:
        try:
            want = [ics._overview_event(plan, pair, s, stamp, sequence).to_ical() for s in pair.sessions]
        except Exception as exc:  # e.g. an organiser name too long for the model: the fast path refuses too
            with pytest.raises(type(exc)):
                writer.pair_events(pair, sequence)
            continue
        got = writer.pair_events(pair, sequence)
        assert [b for _, _, b in got] == want
        assert [(t, p) for t, p, _ in got] == [(s.start, pair.pair_id) for s in pair.sessions]


def test_the_event_order_is_icalendars() -> None:
    from rmentor.outputs import ics

    assert Event.canonical_order == ics._EVENT_ORDER


@settings(max_examples=300, deadline=None)
@given(long_text)
def test_text_escaping_is_vtexts(value: str) -> None:
    from icalendar.parser_tools import to_unicode

    from rmentor.outputs.icswrite import _text, escape_text, text_line

    assert escape_text(value) == _text(vText(value).to_ical(), to_unicode)
    try:
        want = _line_of("summary", value)
    except Exception as exc:  # a lone surrogate: icalendar cannot encode it, neither can the fast path
        with pytest.raises(type(exc)):
            text_line("SUMMARY", value)
        return
    assert text_line("SUMMARY", value) == want


def _line_of(name: str, value: Any) -> bytes:
    ev = Event()
    ev.add(name, value)
    return ev.to_ical()[len(b"BEGIN:VEVENT\r\n"): -len(b"\r\nEND:VEVENT\r\n")]


@st.composite
def _pair_event_case(draw: st.DrawFn) -> tuple[Any, ...]:
    """A pair's calendar object (a series with moved and dropped sessions, or one standalone session)
    whose every text (names, e-mails, UID, program, links, titles, reasons) is hostile."""
    from rmentor.core.series import Series
    from rmentor.model import Organizer
    from rmentor.outputs.ics import Occurrence, PairEvent

    zone_name = draw(st.sampled_from(["Europe/Moscow", "Asia/Vladivostok", "Europe/Berlin", "UTC"]))
    plan = _base_plan(zone_name)
    zone = ZoneInfo(zone_name)
    base = plan.program
    # mostly a program mailbox: without one the junior becomes the organiser, and a hostile junior
    # name is refused by the model before any calendar is written (tested on both paths all the same)
    organizer = draw(st.one_of(st.builds(Organizer.model_construct, name=long_text, email=text), st.none())
                     if draw(st.integers(0, 3)) == 0 else st.builds(Organizer.model_construct, name=long_text,
                                                                    email=text))
    tools = base.tools.model_copy(update={"video": draw(st.one_of(st.none(), long_text)),
                                          "chat": draw(st.one_of(st.none(), text)),
                                          "board": draw(st.one_of(st.none(), text))})
    reminders = draw(st.sampled_from([(), ("PT15M",), ("P1D", "PT30M")]))
    prog = base.model_copy(update={"name": draw(long_text), "tools": tools, "organizer": organizer,
                                   "reminders": reminders})
    pair = plan.pairs[0]
    email = st.one_of(st.none(), text.map(lambda t: t + "@x.ru"))
    senior = pair.senior.model_copy(update={"name": draw(long_text), "email": draw(email)})
    junior = pair.junior.model_copy(update={"name": draw(long_text), "email": draw(email)})
    first = draw(st.datetimes(datetime(2026, 1, 1), datetime(2030, 12, 31))).replace(second=0, microsecond=0,
                                                                                    tzinfo=zone)
    minutes = draw(st.sampled_from([45, 60, 90]))

    def occurrence(number: int, total: int, rid: datetime | None, planned: datetime) -> Occurrence:
        shift = draw(st.sampled_from([timedelta(0), timedelta(0), timedelta(days=1), timedelta(hours=-3)]))
        start = planned + shift
        return Occurrence(number, total, rid, start, start + timedelta(minutes=minutes), planned,
                          draw(st.one_of(st.none(), text)) if shift else None, draw(long_text), draw(long_text),
                          draw(text))

    uid = draw(text.filter(bool))
    if draw(st.booleans()):
        series = Series(first, draw(st.integers(1, 3)), draw(st.integers(1, 14)))
        live = sorted(draw(st.sets(st.integers(0, series.count - 1), min_size=1)))
        occ = tuple(occurrence(n + 1, len(live), series.occurrence(i), series.occurrence(i))
                    for n, i in enumerate(live))
        ex = tuple(series.occurrence(i) for i in range(series.count) if i not in live)
        event = PairEvent(uid, draw(text.filter(bool)), senior, junior, series, minutes, occ, ex)
    else:
        event = PairEvent(uid, draw(text.filter(bool)), senior, junior, None, minutes,
                          (occurrence(draw(st.integers(1, 13)), 13, None, first),))
    stamp = draw(st.sampled_from([datetime(2027, 1, 1, 9, tzinfo=timezone.utc),
                                  datetime(2031, 6, 30, 23, 59, 59, tzinfo=timezone.utc)]))
    return prog, event, draw(st.integers(0, 5)), stamp, draw(long_text)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_pair_event_case())
def test_pair_calendars_written_directly_are_icalendars_bytes(case: tuple[Any, ...]) -> None:
    """ics/<pair>.ics, written line by line, equals icalendar's Calendar and Event.to_ical() on hostile text:
    the events (master, overrides, alarms) and the calendar around them."""
    from rmentor.outputs import ics

    program, event, sequence, stamp, name = case
    try:
        want = [c.to_ical() for c in ics.request_events(program, event, sequence, stamp)]
    except Exception as exc:  # what icalendar refuses, the fast path refuses too
        with pytest.raises(type(exc)):
            ics.request_bytes(program, event, sequence, stamp)
        return
    assert ics.request_bytes(program, event, sequence, stamp) == want
    head = [("method", "PUBLISH"), ("x-wr-calname", name), ("x-wr-timezone", "Europe/Moscow")]
    span = ics._span(event)
    try:
        whole = ics._wrap_icalendar(head, "Europe/Moscow", span, want)
    except Exception as exc:
        with pytest.raises(type(exc)):
            ics._wrap(head, "Europe/Moscow", span, want)
        return
    assert ics._wrap(head, "Europe/Moscow", span, want) == whole


def test_the_calendar_order_is_icalendars() -> None:
    from icalendar import Calendar

    from rmentor.outputs import ics

    assert Calendar.canonical_order == ics._CALENDAR_ORDER


zoned = st.builds(lambda d, z, fold: d.replace(tzinfo=z, fold=fold),
                  st.datetimes(datetime(1900, 1, 1), datetime(2200, 1, 1)),
                  st.sampled_from([ZoneInfo("Europe/Moscow"), ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York"),
                                   ZoneInfo("Asia/Kathmandu"), ZoneInfo("America/Argentina/ComodRivadavia"),
                                   ZoneInfo("Etc/GMT+3"), ZoneInfo("UTC"), timezone.utc,
                                   timezone(timedelta(hours=3)), None]),
                  st.integers(0, 1))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["dtstart", "dtend", "recurrence-id", "dtstamp"]),
                          st.one_of(zoned, st.dates(date(1900, 1, 1), date(2200, 1, 1)))), min_size=1, max_size=6))
def test_moment_lines_are_icalendars(items: list[tuple[str, Any]]) -> None:
    """A date-time's line from the remembered zone prefix is the line icalendar writes, in any zone,
    across DST and with a folded (repeated) hour."""
    from rmentor.outputs.icswrite import moment_line

    for name, when in items:
        assert moment_line(name, when) == _line_of(name, when), (name, when)
