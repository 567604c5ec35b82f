"""One Excel workbook with the pairs and, when scheduled, the sessions (``--format xlsx``).

Headers are translated for people; the column order is the same as in ``pairs.csv`` and
``sessions.csv``, so a column means the same thing in every export.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rmentor.i18n import tr
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


def _header(columns: Sequence[str]) -> list[str]:
    return [tr(COLUMN_TEXT[c]) for c in columns]


def pairs_workbook(pairs: Sequence[PairLike], roster: Roster, schedule: Schedule | None = None) -> bytes:
    """``.xlsx`` bytes: a Pairs sheet and, with a schedule, a Sessions sheet with real dates."""
    sheets = [Sheet(tr("Pairs"), _header(PAIR_COLUMNS), pair_rows(pairs, roster), wrap_columns=(8, 9))]
    if schedule is not None:
        from rmentor.outputs.schedule_files import SESSIONS_HEADER, session_rows

        sheets.append(Sheet(tr("All sessions"), _header(SESSIONS_HEADER), session_rows(schedule),
                            date_columns=(SESSIONS_HEADER.index("date"),), wrap_columns=(10, 11, 12)))
    return workbook_bytes(sheets)
