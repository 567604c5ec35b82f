"""The Excel workbooks people print and merge from: pairs, sessions and (for ``plan``) participants.

Headers are translated for people; the column order is the same as in ``pairs.csv`` and
``sessions.csv``, so a column means the same thing in every export. Dates and times are real
Excel dates and times (``dd.mm.yyyy`` in Russian, ISO in English); every sheet prints on A4
(see :func:`rmentor.outputs.xlsx.workbook_bytes`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rmentor.i18n import get_language, tr
from rmentor.model import Roster
from rmentor.outputs.pairs import PAIR_COLUMNS, pair_rows
from rmentor.outputs.xlsx import Sheet, workbook_bytes

if TYPE_CHECKING:
    from rmentor.core.scheduling import PairLike, Schedule

COLUMN_TEXT = {
    "pair_id": "Pair",
    "senior_id": "Senior id",
    "senior_name": "Senior",
    "senior_department": "Senior's department",
    "junior_id": "Junior id",
    "junior_name": "Junior",
    "junior_department": "Junior's department",
    "score": "Score",
    "shared_topics": "Shared topics",
    "reasons": "Why",
    "session": "Session",
    "date": "Date",
    "start": "Start",
    "end": "End",
    "timezone": "Time zone",
    "title": "Title",
    "goal": "Goal",
    "assignment": "Assignment",
    "held": "Held",
    "cancelled_by": "Cancelled by",
}
PARTICIPANT_COLUMNS = ("name", "email", "role", "department", "pair_id", "partner", "first_date", "first_time",
                       "timezone", "slot")
_PARTICIPANT_TEXT = {
    "name": "Name", "email": "E-mail", "role": "Role", "department": "Department", "pair_id": "Pair",
    "partner": "Partner", "first_date": "First session", "first_time": "Local time", "timezone": "Time zone",
    "slot": "Weekly slot (local time)",
}


def _header(columns: Sequence[str]) -> list[str]:
    return [tr(COLUMN_TEXT[c]) for c in columns]


def date_format() -> str:
    """Excel's number format for dates in the current language."""
    return "DD.MM.YYYY" if get_language() == "ru" else "YYYY-MM-DD"


def participant_rows(schedule: Schedule) -> list[list[Any]]:
    """One row per person in a scheduled pair, for a mail merge: the first session on their own clock."""
    from rmentor.outputs.glossary import local, role, weekday_text, zone_name

    rows: list[list[Any]] = []
    for pair in sorted(schedule.pairs, key=lambda p: p.pair_id):
        for side, person, partner in (("senior", pair.senior, pair.junior), ("junior", pair.junior, pair.senior)):
            zone = person.timezone or schedule.timezone
            first = local(pair.sessions[0].start, zone) if pair.sessions else None
            end = local(pair.sessions[0].end, zone) if pair.sessions else None
            slot = f"{weekday_text(first.date())} {first:%H:%M}-{end:%H:%M}" if first and end else ""
            rows.append([person.name, person.email or "", role(side), person.department,
                         pair.pair_id, partner.name, first.date() if first else None,
                         first.time().replace(tzinfo=None) if first else None, zone_name(zone), slot])
    return sorted(rows, key=lambda r: (r[0].casefold(), r[4]))


def pairs_workbook(pairs: Sequence[PairLike], roster: Roster, schedule: Schedule | None = None, *,
                   participants: bool = False) -> bytes:
    """``.xlsx`` bytes: a Pairs sheet and, with a schedule, a Sessions sheet with real dates and times.

    With ``participants`` (and a schedule) a third sheet lists every person with their partner and
    first session in their own time zone, ready for a mail merge.
    """
    title = schedule.program.name if schedule is not None else ""
    sheets = [Sheet(tr("Pairs"), _header(PAIR_COLUMNS), pair_rows(pairs, roster), wrap_columns=(8, 9))]
    if schedule is not None:
        from rmentor.outputs.schedule_files import SESSIONS_HEADER, session_rows

        sheets.append(Sheet(tr("All sessions"), _header(SESSIONS_HEADER), session_rows(schedule),
                            date_columns=(SESSIONS_HEADER.index("date"),), date_format=date_format(),
                            time_columns=(SESSIONS_HEADER.index("start"), SESSIONS_HEADER.index("end")),
                            wrap_columns=(10, 11, 12)))
        if participants:
            sheets.append(Sheet(tr("Participants"), [tr(_PARTICIPANT_TEXT[c]) for c in PARTICIPANT_COLUMNS],
                                participant_rows(schedule), date_columns=(6,), date_format=date_format(),
                                time_columns=(7,)))
    return workbook_bytes(sheets, title=title)
