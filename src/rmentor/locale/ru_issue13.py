"""Russian for issue 13: the program ledger, invitations (iMIP) and the calendar files."""

from __future__ import annotations

RU: dict[str, str | tuple[str, str, str]] = {
    # ------------------------------------------------------------------ ledger/
    "the program ledger is busy: another rmentor command is changing it":
        "журнал программы занят: его сейчас меняет другая команда rmentor",
    "wait until the other command finishes, then run this one again":
        "дождитесь окончания другой команды и запустите эту ещё раз",
    "the program ledger cannot be read: {problem}": "не удаётся прочитать журнал программы: {problem}",
    "restore program.db from a backup, or make the program folder again with rmentor plan":
        "восстановите program.db из резервной копии или создайте папку программы заново командой rmentor plan",
    "there is no pair {pair} in the program ledger": "в журнале программы нет пары {pair}",
    "see pairs.csv in the program folder for the pair ids": "номера пар есть в pairs.csv в папке программы",
    "there is no session {id} in the program ledger": "в журнале программы нет встречи {id}",
    "the program ledger was written by a newer rmentor (schema {found}, this one knows {known})":
        "журнал программы записан более новой версией rmentor (схема {found}, эта версия знает {known})",
    "upgrade rmentor: pip install -U rmentor": "обновите rmentor: pip install -U rmentor",
    "{folder} is not a program folder: it has no program.db": "{folder} — не папка программы: в ней нет program.db",
    "make one with: rmentor plan ROSTER --out {folder}": "создайте её командой: rmentor plan ROSTER --out {folder}",
    "{folder} already holds a program ledger": "в {folder} уже есть журнал программы",
    "use --force to start the program again from scratch (the delivery history is lost)":
        "укажите --force, чтобы начать программу заново (история отправок будет потеряна)",
    # ------------------------------------------------------------------ outputs/ics.py
    "{program}: {senior} / {junior}": "{program}: {senior} / {junior}",
    "The plan of every session: kit/{pair}/session_plan.md": "План каждой встречи: kit/{pair}/session_plan.md",
    # ------------------------------------------------------------------ model: organizer, reminders, smtp
    "'{value}' is not a reminder; write how long before the session, like P1D or PT15M":
        "'{value}' — не напоминание; укажите, за сколько до встречи напомнить, например P1D или PT15M",
    "P1D = a day before, PT2H = two hours, PT15M = 15 minutes": "P1D — за день, PT2H — за два часа, PT15M — за 15 минут",
    "a reminder {value} before the session is more than four weeks": "напоминание за {value} до встречи — больше четырёх недель",
}
