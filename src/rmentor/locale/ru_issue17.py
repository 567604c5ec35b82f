"""Russian for issue 17: printable sheets, the Word/PDF kit, the one-page brief and the HR appendix."""

from __future__ import annotations

RU: dict[str, str | tuple[str, str, str]] = {
    # sheets
    "Page &P of &N": "Стр. &P из &N",
    "Participants": "Участники",
    "Name": "ФИО",
    "E-mail": "Электронная почта",
    "Role": "Роль",
    "Department": "Отдел",
    "Partner": "Партнёр",
    "First session": "Первая встреча",
    "Local time": "Местное время",
    "Weekly slot (local time)": "Время встреч (местное)",
    # glossary
    "every week": "каждую неделю",
    "every {n} week": ("раз в {n} неделю", "раз в {n} недели", "раз в {n} недель"),
    "{n} minute": ("{n} минута", "{n} минуты", "{n} минут"),
}
