"""Russian for running a program (issue 14): risk rules, attendance, changes mid-program, status.

Moves into ``locale/ru/LC_MESSAGES/rmentor.po`` once that catalogue lands on main.
"""

from __future__ import annotations

RU: dict[str, str | tuple[str, str, str]] = {
    # risk rules (core/risk.py)
    "cancelled by the senior: {n} sessions (flagged from {limit})":
        "отменено старшим встреч: {n} (порог — {limit})",
    "cancelled by the junior: {n} sessions (flagged from {limit})":
        "отменено младшим встреч: {n} (порог — {limit})",
    "no session held for {weeks} weeks (the last on {last})":
        "нет состоявшихся встреч уже {weeks} нед. (последняя — {last})",
    "no session held since the first one was due on {since} ({weeks} weeks)":
        "ни одной состоявшейся встречи с первой, назначенной на {since} ({weeks} нед.)",
    "{n} past sessions not recorded for over {limit} weeks (the oldest on {oldest})":
        "прошедших встреч без отметки дольше {limit} нед.: {n} (самая ранняя — {oldest})",
}
