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
RU.update({
    # attendance files (inputs/attendance.py)
    "no attendance table found (columns: {columns})": "не найдена таблица посещаемости (столбцы: {columns})",
    "attendance needs a pair column ('pair_id' or 'Пара'), a session number ('session' or 'Встреча') and 'held' "
    "('Состоялось'); use sessions.csv or plan.xlsx as written":
        "нужны столбец пары («pair_id» или «Пара»), номер встречи («session» или «Встреча») и отметка «held» "
        "(«Состоялось»); возьмите sessions.csv или plan.xlsx в том виде, как их записал rmentor",
    "{file}: problems in the attendance file: {count} (the first {shown} are shown)":
        "{file}: ошибок в файле посещаемости: {count} (показаны первые {shown})",
    "{file}: problems in the attendance file: {count}": "{file}: ошибок в файле посещаемости: {count}",
    "fix them and read the file again": "исправьте их и прочитайте файл ещё раз",
    "session {n} of pair {pair} is recorded twice, differently (also at {other})":
        "встреча {n} пары {pair} отмечена дважды, и по-разному (ещё в {other})",
})
