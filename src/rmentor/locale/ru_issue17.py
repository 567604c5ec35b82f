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
RU.update({
    # documents
    "Page {page} of {pages}": "Стр. {page} из {pages}",
    "no place left in the pilot": "мест в пилоте не осталось",
    "their possible partners are in other pairs": "подходящие партнёры заняты в других парах",
    "no suitable partner (time, topics or rules)": "нет подходящего партнёра (время, темы или правила)",
    "did not pass the selection": "не прошли отбор",
    "other reasons": "другие причины",
    "{program}: appendix for HR": "{program}: приложение для HR",
    "unknown kit format '{value}'": "неизвестный формат комплекта '{value}'",
    "use md, docx, pdf, all or none, e.g. --kit docx,pdf":
        "укажите md, docx, pdf, all или none, например --kit docx,pdf",
})
RU.update({
    "Program: {start} to {end}, sessions of {minutes} {cadence}. Times: {zone} ({tz}).":
        "Программа: с {start} по {end}, встреча {minutes} {cadence}. Время: {zone} ({tz}).",
})
