"""A pair's sessions as one iCalendar series: a weekly RRULE, overrides for moved sessions, EXDATE for gaps.

Outlook accepts one UID per meeting request, so a pair's sessions go out as one
recurring event whenever they can be expressed as one: every session sits on its own
cadence period, and the sessions keep the order of their periods on different days
(Outlook refuses an exception that skips over another occurrence). A session's
RECURRENCE-ID is the regular occurrence of its period; where it actually starts may
differ (a holiday shift, a reschedule), which makes it an override.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Series:
    """DTSTART of the regular occurrence of the first period, the interval in weeks, and COUNT."""

    start: datetime
    interval_weeks: int
    count: int

    def occurrence(self, index: int) -> datetime:
        """The ``index``-th occurrence (0-based)."""
        return occurrence(self.start, self.interval_weeks, index)


def occurrence(series_start: datetime, interval_weeks: int, index: int) -> datetime:
    """The ``index``-th occurrence (0-based) of a weekly series: same wall-clock time, so DST-aware."""
    wall = series_start.replace(tzinfo=None) + timedelta(weeks=interval_weeks * index)
    return wall.replace(tzinfo=series_start.tzinfo)


def make_uid(*parts: str) -> str:
    """A UID from stable parts (program, pair, people, a salt): the same parts give the same UID."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]
    return f"{digest}@rmentor"


def series_of(periods: Sequence[int], starts: Sequence[datetime], first_planned: datetime, weekday: int,
              start_minute: int, interval_weeks: int) -> Series | None:
    """The series for sessions on ``periods`` starting at ``starts``, or None when they do not form one.

    ``first_planned`` is where the weekly slot put the first session (its week gives DTSTART);
    ``weekday``/``start_minute`` are the pair's weekly slot in program time.
    """
    if not periods or len(periods) != len(starts):
        return None
    if len(set(periods)) != len(periods) or list(periods) != sorted(periods):
        return None
    days = [s.date() for s in starts]
    if any(a >= b for a, b in itertools.pairwise(days)):
        return None
    base = first_planned.replace(tzinfo=None)
    monday = (base - timedelta(days=base.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    wall = monday + timedelta(days=weekday, minutes=start_minute)
    return Series(wall.replace(tzinfo=first_planned.tzinfo), interval_weeks, periods[-1] - periods[0] + 1)
