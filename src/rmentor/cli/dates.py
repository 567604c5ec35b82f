"""Dates and times given on the command line: ISO or Russian (dd.mm.yyyy)."""

from __future__ import annotations

import re
from datetime import date, datetime

from rmentor.errors import UsageError


def parse_day(text: str, option: str) -> date:
    """``2027-03-12`` or ``12.03.2027``."""
    value = text.strip()
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", value)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError("{option}: '{value}' is not a date", hint="write it as 2027-03-12 or 12.03.2027",
                         option=option, value=text) from None


def parse_when(text: str, option: str) -> datetime:
    """``2027-03-12 15:00``, ``2027-03-12T15:00`` or ``12.03.2027 15:00`` (program time)."""
    value = text.strip()
    m = re.fullmatch(r"(.+?)[ T](\d{1,2})[:.](\d{2})", value)
    if m:
        day = parse_day(m.group(1), option)
        hour, minute = int(m.group(2)), int(m.group(3))
        if hour < 24 and minute < 60:
            return datetime(day.year, day.month, day.day, hour, minute)
    raise UsageError("{option}: '{value}' is not a date and time", hint="write it as \"2027-03-12 15:00\"",
                     option=option, value=text)
