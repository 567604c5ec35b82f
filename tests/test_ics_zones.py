"""VTIMEZONE onsets, and times that name their zone and the reader's own clock."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from rmentor.outputs.ics import vtimezone
from rmentor.outputs.zones import span_text, time_text


def test_berlin_dst_onsets_are_local_time_before_the_change() -> None:
    text = vtimezone("Europe/Berlin", date(2027, 1, 1), date(2028, 1, 1)).decode()
    daylight = text.split("BEGIN:DAYLIGHT", 1)[1].split("END:DAYLIGHT", 1)[0]
    assert "DTSTART:20270328T020000" in daylight and "TZOFFSETFROM:+0100" in daylight
    back = text.split("BEGIN:STANDARD")[2].split("END:STANDARD", 1)[0]
    assert "DTSTART:20271031T030000" in back and "TZOFFSETTO:+0100" in back


def test_vtimezone_agrees_with_zoneinfo_for_every_hour() -> None:
    """An independent check: icalendar reads our VTIMEZONE back to the same UTC offsets as zoneinfo."""
    from icalendar import Calendar

    raw = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + vtimezone("America/New_York", date(2027, 1, 1),
           date(2028, 1, 1)) + b"BEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20270101T000000Z\r\n"
           b"DTSTART;TZID=America/New_York:20270314T030000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    event = Calendar.from_ical(raw).walk("VEVENT")[0]
    assert event.decoded("dtstart").utcoffset() == datetime(2027, 3, 14, 3, tzinfo=ZoneInfo("America/New_York")) \
        .utcoffset()


def test_times_name_the_zone_and_the_persons_own_clock() -> None:
    moment = datetime(2027, 1, 14, 11, 0, tzinfo=ZoneInfo("Europe/Moscow"))
    assert time_text(moment, "Europe/Moscow", ("Asia/Yekaterinburg",), "ru") == "11:00 МСК / 13:00 Екб"
    assert time_text(moment, "Europe/Moscow", ("Europe/Moscow", None), "ru") == "11:00 МСК"
    assert time_text(moment, "Europe/Moscow", ("Asia/Yekaterinburg",), "en") == "11:00 MSK / 13:00 Yekaterinburg"
    end = datetime(2027, 1, 14, 12, 0, tzinfo=ZoneInfo("Europe/Moscow"))
    assert span_text(moment, end, "Europe/Moscow", ("Europe/Berlin", "Asia/Yekaterinburg"), "ru") == \
        "11:00-12:00 МСК / 09:00-10:00 Берлин / 13:00-14:00 Екб"
